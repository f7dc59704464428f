// Stub: replaced by the real Postfix parser.
#include "parsers/postfix.h"

namespace smtplog {
bool is_postfix_program(std::string_view) { return false; }
ParseResult parse_postfix(const Prefix&, Event&, Scratch&) { return {LineKind::foreign, {}}; }
}  // namespace smtplog
