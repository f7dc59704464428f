#pragma once
// Real log lines turned into templates: each line becomes literal text with
// slots for what must be fresh in every copy (timestamp, pid, queue or message
// id, mailbox, domain, IP, Message-ID, the remote server's queue id), and the
// lines are grouped into the units that belong together (one message with its
// deliveries and bounce, one SMTP session), so that a copy of a group is a
// coherent story with new names.
//
//   Templates t = compile_templates({read_lines("samples/exim/default/mainlog")}, {});
//   for (const Group& g : t.groups) ...
#include <cstdint>
#include <string>
#include <vector>

namespace smtplog::bench {

enum class Slot : std::uint8_t {
  text,        ///< literal bytes of the template
  time,        ///< the line's timestamp
  pid,         ///< a process id in the prefix
  id,          ///< a Postfix queue id or Exim message id
  local,       ///< the local part of a mailbox
  domain,      ///< a remote domain (in a mailbox, a host name, a URL)
  ip,          ///< an IPv4 address
  message_id,  ///< a Message-ID header value
  remote_id,   ///< the id in a remote server's "queued as ..."
};
constexpr int kSlotKinds = 9;

enum class Stamp : std::uint8_t { none, bsd, rfc3339, exim };

/// How a line writes its time: "Nov  3 17:31:02", "2026-11-03T17:31:02.123456+00:00",
/// "2026-11-03 17:31:02", "2026-11-03 15:16:12.744 -0330".
struct TimeStyle {
  Stamp stamp = Stamp::none;
  int frac = 0;            ///< digits after the seconds
  bool zone = false;       ///< writes its UTC offset
  int offset_minutes = 0;  ///< the offset it was written at (kept)
};

struct Piece {
  Slot slot;
  std::uint32_t a;  ///< text: offset in TemplateLine::text; others: key within the group
  std::uint32_t b;  ///< text: length
};

struct TemplateLine {
  std::string text;
  std::vector<Piece> pieces;
  TimeStyle time;
};

enum class IdKind : std::uint8_t { postfix_short, postfix_long, exim };

struct PidKey {
  bool exim = false;        ///< Exim's per-process pid (fresh in every copy)
  bool long_lived = false;  ///< qmgr, master, anvil...: one pid for the whole log
  std::uint32_t original = 0;
};

struct Group {
  std::vector<TemplateLine> lines;
  std::uint32_t keys[kSlotKinds] = {};  ///< distinct keys per slot kind
  std::vector<IdKind> ids;              ///< per id key
  std::vector<PidKey> pids;             ///< per pid key
  std::vector<bool> own_local;          ///< per local key: a user of the server's own domains
  std::size_t bytes = 0;                ///< bytes of the template lines, newlines included
};

struct Templates {
  std::vector<Group> header;  ///< daemon start lines: written once, first
  std::vector<Group> groups;  ///< drawn again and again
  std::size_t lines = 0, bytes = 0;
  std::vector<std::string> own_domains, remote_domains;  ///< as found, for --verbose
};

struct TemplateOptions {
  std::vector<std::string> own_domains;  ///< kept as they are, besides those found
};

/// Compiles the lines of each file (one vector per file; ids are linked within
/// a file only).
Templates compile_templates(const std::vector<std::vector<std::string>>& files,
                            const TemplateOptions& opt);

/// The lines of a file, without their newlines; empty lines dropped. Sets `error`.
std::vector<std::string> read_lines(const std::string& path, std::string& error);

}  // namespace smtplog::bench
