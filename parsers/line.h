#pragma once
// One log line to an Event: the entry point of parsers/.
//
//   Scratch scratch; Event ev;
//   ParseResult r = parse_line(line, ev, scratch);
//   if (r.kind == LineKind::event) ...
#include <string_view>

#include "parsers/event.h"

namespace smtplog {

/// The format of a whole log, recognised from its content.
enum class LogFormat : std::uint8_t { unknown, postfix, exim_mainlog, exim_rejectlog, exim_paniclog, mixed_syslog };

const char* to_string(LogFormat);

/// Whether a line may hold a '#' (the start of an rsyslog "#ooo" escape).
enum class HashInLine : bool { no, maybe };

/// Parses one line (without its '\n'). Pure: no I/O, no state beyond `scratch`.
/// `hash`: a caller that knows the line holds no '#' (the ingest's
/// LineSplitter finds them with the line ends) passes HashInLine::no, and the
/// search of the syslog body for escapes is skipped. HashInLine::no for a line
/// that holds a '#' is a caller's error (its escapes would stay undecoded).
[[nodiscard]] ParseResult parse_line(std::string_view line, Event& ev, Scratch& scratch,
                                     HashInLine hash = HashInLine::maybe);

/// Recognises a log's format from its first lines (a few KiB are enough).
LogFormat detect_format(std::string_view head);

}  // namespace smtplog
