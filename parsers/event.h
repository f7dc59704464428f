#pragma once
// The Event: what a line parser returns for one log line.
//
//   smtplog::Scratch scratch;
//   smtplog::Event ev;
//   switch (smtplog::parse_line(line, ev, scratch).kind) {
//     case smtplog::LineKind::event: ... ev.reply.code, ev.outcome ...
//   }
//
// Every string_view points into the line (or into `Scratch` when the parser had
// to unescape), so an Event is valid until the next parse with the same Scratch
// or until the line's buffer goes away. Copy what must outlive it.
#include <cstdint>
#include <string>
#include <string_view>

namespace smtplog {

enum class Mta : std::uint8_t { unknown, postfix, exim };

/// Who answered whom. outbound: a remote server answered us; inbound: we
/// answered a client; local: a local delivery agent (local, virtual, pipe, error).
enum class Direction : std::uint8_t { none, inbound, outbound, local };

/// What happened to the message or recipient the line is about.
enum class Outcome : std::uint8_t {
  none,
  sent,            // delivered / accepted by the next hop (Postfix status=sent, Exim => ->)
  deferred,        // transient failure, will retry (status=deferred, Exim ==)
  bounced,         // permanent failure (status=bounced, Exim **)
  expired,         // gave up after the queue lifetime (status=expired)
  rejected,        // we refused a client (NOQUEUE: reject, Exim "rejected RCPT")
  reject_warning,  // would have rejected (reject_warning, warn_if_reject)
  held,            // put on hold (hold:)
  discarded,       // silently dropped (discard:, Postfix discard agent)
  filtered,        // handed to a content filter (filter:)
  redirected,      // redirected (redirect:)
  deliverable,     // address verification probe: would be delivered
  undeliverable,   // address verification probe: would bounce
  received,        // message arrived (Exim <=, Postfix cleanup message-id=)
  completed,       // message left the queue (Exim Completed, Postfix removed)
  frozen,          // Exim froze the message
  auth_failed,     // SMTP AUTH failed
  notified,        // a non-delivery notification was generated (Postfix bounce)
  error,           // a server-side error with a reply (Exim SMTP protocol error, paniclog)
  accepted,        // a before-queue content filter accepted what the client sent (Postfix proxy-accept)
};

/// The SMTP command (or moment) a reply answered.
enum class Stage : std::uint8_t {
  none, connect, helo, ehlo, mail, rcpt, data, end_of_data, bdat, vrfy, etrn,
  auth, starttls, quit, unknown,
};

/// A timestamp as the log wrote it. `year` is 0 when the format has none
/// (BSD syslog); the ingest layer infers it. `has_offset` is false when the log
/// gave local time without saying which zone.
struct CivilTime {
  std::int16_t year = 0;
  std::int8_t month = 0;   // 1..12, 0 = no timestamp
  std::int8_t day = 0;     // 1..31
  std::int8_t hour = 0, minute = 0, second = 0;
  std::int32_t micros = 0;
  std::int16_t offset_minutes = 0;  // east of UTC
  bool has_offset = false;
  // Sixteen bytes without tail padding: a copy is then whole 8- or 16-byte
  // moves (with a padding byte GCC copies 15, as two overlapping moves, and
  // the next read of the copy waits for both: a store-forwarding stall on
  // every line, see docs/performance.md, session 5).
  std::uint8_t reserved = 0;

  bool valid() const { return month != 0; }
};

static_assert(sizeof(CivilTime) == 16);

struct Reply {
  std::uint16_t code = 0;      ///< basic reply code, 0 when none
  std::string_view enhanced;   ///< "5.7.1" (from the reply text), empty when none
  std::string_view text;       ///< the reply as logged, codes included
  Stage stage = Stage::none;   ///< the command it answered
  bool inferred = false;       ///< code inferred from wording (Exim's ACL rejects)
};

struct Event {
  CivilTime time;
  std::string_view host;       ///< log host (syslog hostname); empty for Exim mainlog
  Mta mta = Mta::unknown;
  std::string_view service;    ///< smtp, smtpd, postscreen, lmtp, local, ... or Exim's transport
  std::string_view instance;   ///< postfix, postfix-out, postfix/submission; "exim"
  std::string_view queue_id;   ///< Postfix queue id or Exim message id
  Direction direction = Direction::none;
  Outcome outcome = Outcome::none;
  std::string_view recipient;  ///< to= / Exim's address
  std::string_view orig_to;    ///< Postfix orig_to= / Exim's parent address
  std::string_view sender;     ///< from= when on the line
  std::string_view peer_host;  ///< remote host name (relay= or client=)
  std::string_view peer_ip;
  Reply reply;
  std::string_view dsn;        ///< Postfix dsn= (e.g. "4.4.1"), empty when absent
  std::uint64_t offset = 0;    ///< byte offset of the line in its input (set by the reader)

  /// The enhanced code to classify with: the reply's, else Postfix's dsn=.
  std::string_view effective_enhanced() const {
    return reply.enhanced.empty() ? dsn : reply.enhanced;
  }
};

/// The closed set of things a line can be.
enum class LineKind : std::uint8_t {
  event,        ///< a mail line that carries an Event of interest
  ignored,      ///< a line of our MTAs that carries nothing we count (e.g. qmgr "removed" is counted, "connect from" is not)
  foreign,      ///< not a mail line (dovecot, amavis, sshd, "last message repeated")
  continuation, ///< continuation of a multi-line entry (Exim rejectlog header dump)
  unparsed,     ///< looks like a mail line that matters but could not be parsed
};

struct ParseResult {
  LineKind kind = LineKind::foreign;
  std::string_view reason;  ///< for unparsed: a short static reason ("no status", "bad reply")
};

/// Reusable scratch space for parsers (unescaping rsyslog #012, etc.).
struct Scratch {
  std::string buffer;
  std::string unescaped;  ///< the body with rsyslog "#012" escapes decoded (prefix.cpp)
  /// The last timestamp read (parsers/stamp.h): a line that starts with the
  /// same bytes, followed by a space, has the same time and is not re-parsed.
  struct Stamp {
    char bytes[40] = {};
    std::uint8_t size = 0;     ///< 0: none yet
    std::uint8_t seconds = 0;  ///< where its last two bytes, the seconds, start; 0: it does not end in them
    CivilTime time;
  };
  /// Two of them, used in turn: a log may interleave two clocks (local time
  /// and another zone, as Exim's log_timezone and a second instance do).
  struct Stamps {
    Stamp slot[2];
    std::uint8_t next = 0;  ///< the slot the next new timestamp replaces
  };
  /// A program name found to be a Postfix daemon's (postfix.cpp): most lines
  /// repeat one of a few names, and a compare is cheaper than the lookup.
  struct Program {
    char bytes[24] = {};
    std::uint8_t size = 0;   ///< 0: empty
    std::uint8_t slash = 0;  ///< position of its last '/'
    std::uint8_t slot = 0;   ///< where postfix.cpp's table has the daemon
  };
  Program programs[32];  ///< by a hash of the length and the last bytes (postfix.cpp)
  Stamp stamp;        ///< of syslog prefixes (prefix.cpp)
  Stamps exim_stamp;  ///< date and time of day of Exim's own timestamps (exim.cpp, timestamp.cpp)
};

const char* to_string(Mta);
const char* to_string(Direction);
const char* to_string(Outcome);
const char* to_string(Stage);
const char* to_string(LineKind);

}  // namespace smtplog
