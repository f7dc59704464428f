#pragma once
// Postfix message bodies, after the syslog prefix has been read.
//
//   Prefix p; parse_syslog_prefix(line, p);
//   if (is_postfix_program(p.program)) result = parse_postfix(p, ev, scratch);
#include <string_view>

#include "parsers/event.h"
#include "parsers/prefix.h"

namespace smtplog {

/// True for "postfix/smtp", any syslog_name ("postfix-out/smtp",
/// "postfix/submission/smtpd", "smtps/smtpd") ending in a Postfix daemon name.
bool is_postfix_program(std::string_view program);

/// Parses the body of a Postfix line. Fills `ev` (time, host, mta, service,
/// instance from the prefix; the rest from the body).
[[nodiscard]] ParseResult parse_postfix(const Prefix& prefix, Event& ev, Scratch& scratch);

/// is_postfix_program and parse_postfix in one look at the program name
/// (parse_line's path): false, `out` untouched, when it is not Postfix's.
bool parse_postfix_line(const Prefix& prefix, Event& ev, Scratch& scratch, ParseResult& out);

}  // namespace smtplog
