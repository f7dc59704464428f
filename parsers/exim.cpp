// Stub: replaced by the real Exim parser.
#include "parsers/exim.h"

namespace smtplog {
bool looks_like_exim_line(std::string_view) { return false; }
ParseResult parse_exim_line(std::string_view, Event&, Scratch&) { return {LineKind::foreign, {}}; }
bool is_exim_program(std::string_view) { return false; }
ParseResult parse_exim_syslog(const Prefix&, Event&, Scratch&) { return {LineKind::foreign, {}}; }
}  // namespace smtplog
