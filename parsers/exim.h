#pragma once
// Exim mainlog, rejectlog and paniclog lines, written by Exim itself
// ("2026-11-23 17:31:02 1rAbCd-00000000AbC-xyzw => a@b R=dnslookup ...") or
// through syslog ("Nov 23 17:31:02 host exim[123]: ...").
#include <string_view>

#include "parsers/event.h"
#include "parsers/prefix.h"

namespace smtplog {

/// True when `line` starts like an Exim log line (its own timestamp, not
/// followed by a syslog-ng "host program[pid]: " of another program), or is a
/// line of a rejectlog header dump ("Envelope-from: <a>", "P Received: ...").
bool looks_like_exim_line(std::string_view line);

/// Parses a line Exim wrote to its own log file (mainlog, rejectlog, paniclog;
/// also "YYYY-MM-DD HH:MM:SS host exim[pid]: ..." from syslog-ng). Header dump
/// and indented lines are LineKind::continuation. On LineKind::ignored the
/// event may still hold what was read (a host-level delivery error's reply,
/// which the address-level line after it repeats and which is counted there).
[[nodiscard]] ParseResult parse_exim_line(std::string_view line, Event& ev, Scratch& scratch);

/// looks_like_exim_line(line) and then parse_exim_line(line, ev, scratch)
/// into `out`, reading the usual line's head once; false, with `ev.time`
/// cleared, when the line does not look like Exim's.
bool parse_if_exim_line(std::string_view line, Event& ev, Scratch& scratch, ParseResult& out);

/// True for the syslog program names Exim uses ("exim", "exim4", "exim4-daemon").
bool is_exim_program(std::string_view program);

/// Parses the body of an Exim line that came through syslog (with or without
/// Exim's own timestamp inside the body).
[[nodiscard]] ParseResult parse_exim_syslog(const Prefix& prefix, Event& ev, Scratch& scratch);

}  // namespace smtplog
