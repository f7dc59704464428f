// Stub: replaced by the real prefix parser.
#include "parsers/prefix.h"

namespace smtplog {
bool parse_syslog_prefix(std::string_view, Prefix&) { return false; }
}  // namespace smtplog
