// Dispatch: Exim's own timestamp first for a line that starts with a digit
// (cheap to test), then the syslog prefix and the program name decide which
// body parser runs; a line that starts otherwise is an Exim header dump only
// when it has no syslog prefix.
#include "parsers/line.h"

#include <cstring>
#include <type_traits>

#include "parsers/exim.h"
#include "parsers/postfix.h"
#include "parsers/prefix.h"

namespace smtplog {

namespace {

// Event{} is all zero bytes; copied from a constant it costs a few vector
// stores (`ev = Event{}` compiles to `rep stos`, slow to start, on every line).
static_assert(std::is_trivially_copyable_v<Event>);
const Event kEmptyEvent{};

}  // namespace

ParseResult parse_line(std::string_view line, Event& ev, Scratch& scratch, HashInLine hash) {
  std::memcpy(&ev, &kEmptyEvent, sizeof ev);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Exim's own lines start with a digit (the date); so do RFC 3339 syslog
  // prefixes, which parse_if_exim_line tells apart. A line that starts
  // otherwise is one of Exim's only when it is a rejectlog header dump
  // ("Envelope-from: <a>", "P Received: ...", "*** truncated ***"), and no
  // syslog prefix starts like one ("<" a priority, or a month's name and a
  // space): such lines try the prefix first, which most of them have.
  const bool digit_first = !line.empty() && line[0] >= '0' && line[0] <= '9';
  if (ParseResult r; digit_first && parse_if_exim_line(line, ev, scratch, r)) return r;
  Prefix prefix;
  if (!parse_syslog_prefix(line, prefix, scratch, hash == HashInLine::maybe)) {
    if (ParseResult r; !digit_first && parse_if_exim_line(line, ev, scratch, r)) return r;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t'))
      return {LineKind::continuation, {}};
    return {LineKind::foreign, {}};
  }
  if (ParseResult r; parse_postfix_line(prefix, ev, scratch, r)) return r;
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
