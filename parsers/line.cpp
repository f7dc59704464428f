// Dispatch: Exim's own timestamp first (cheap to test), then the syslog prefix
// and the program name decide which body parser runs.
#include "parsers/line.h"

#include "parsers/exim.h"
#include "parsers/postfix.h"
#include "parsers/prefix.h"

namespace smtplog {

ParseResult parse_line(std::string_view line, Event& ev, Scratch& scratch) {
  ev = Event{};
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (looks_like_exim_line(line)) return parse_exim_line(line, ev, scratch);
  Prefix prefix;
  if (!parse_syslog_prefix(line, prefix, scratch)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t'))
      return {LineKind::continuation, {}};
    return {LineKind::foreign, {}};
  }
  if (is_postfix_program(prefix.program)) return parse_postfix(prefix, ev, scratch);
  if (is_exim_program(prefix.program)) {
    ParseResult r = parse_exim_syslog(prefix, ev, scratch);
    // A syslog date of a known shape but impossible ("Feb 30"): damaged, not foreign.
    if (r.kind == LineKind::event && !ev.time.valid())
      return {LineKind::unparsed, "impossible timestamp"};
    return r;
  }
  return {LineKind::foreign, {}};
}

}  // namespace smtplog
