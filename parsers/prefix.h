#pragma once
// The syslog / journal prefix in front of a program's message:
//   "Nov  3 17:31:02 mx1 postfix/smtp[1234]: 4Fxy...: to=<a@b>, ..."
//    \___ time ____/ host \_ program _/ pid  \_______ body ______/
// Formats: BSD syslog (padded and unpadded day), RFC 3339 with fraction and
// offset, journalctl short / short-precise / short-iso / short-iso-precise,
// Postfix's own maillog_file (postlog), Solaris "[ID 197553 mail.info]" tags,
// rsyslog "#012" control-character escapes.
//
//   Prefix p;
//   if (parse_syslog_prefix(line, p, scratch) && p.program == "dovecot") ...
#include <string>
#include <string_view>

#include "parsers/event.h"

namespace smtplog {

struct Prefix {
  CivilTime time;
  std::string_view host;
  std::string_view program;  ///< "postfix/smtp", "postfix-out/smtp", "exim", "dovecot"
  std::string_view pid;      ///< digits, empty when the line has none
  std::string_view body;     ///< the message after "program[pid]: "
};

/// Reads the prefix of `line`. Returns false when the line does not start with
/// a known timestamp + host + program prefix. A timestamp of a known shape with
/// impossible values ("Feb 30 10:00:00", "2026-11-23T24:00:00") still gives a
/// prefix, with `time` invalid (`!time.valid()`), so that the line can be
/// counted as damaged rather than foreign. `body` is a view into `line`,
/// escapes left as they are. On false, `out` holds no meaning.
bool parse_syslog_prefix(std::string_view line, Prefix& out);

/// parse_syslog_prefix, with `stamp` (when not null) remembering the last
/// timestamp read so that the same bytes are not parsed again.
bool read_syslog_prefix(std::string_view line, Prefix& out, Scratch::Stamp* stamp);

/// Decodes rsyslog "#ooo" control-character escapes ("#012" newline, "#011"
/// tab) of `s` into `buffer` and returns a view of it; returns `s` itself,
/// without copying, when it holds none. "#000" and escapes of printable
/// characters are left as text: syslog cannot carry them, so they are text.
std::string_view decode_rsyslog_escapes(std::string_view s, std::string& buffer);

/// The same, and decodes rsyslog "#ooo" escapes of the body into
/// `scratch.unescaped` when it has any (then `body` points there).
/// `may_have_hash` false: the caller knows `line` holds no '#', so the body
/// is not searched for escapes (it has none). Inline: every line of a log
/// comes here, and a call level of its own cost ~20 instructions a line.
inline bool parse_syslog_prefix(std::string_view line, Prefix& out, Scratch& scratch, bool may_have_hash = true) {
  if (!read_syslog_prefix(line, out, &scratch.stamp)) return false;
  if (may_have_hash) out.body = decode_rsyslog_escapes(out.body, scratch.unescaped);
  return true;
}

}  // namespace smtplog
