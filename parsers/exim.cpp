// Exim lines, from the outside in: the timestamp Exim writes itself
// ("2026-11-23 17:31:02[.123][ +0100]"), the optional "[pid]", the optional
// message id (old 6-6-2 or 4.97+ 6-11-4), and then the body, which the flag or
// the first words send to exim_delivery.cpp or exim_reject.cpp.
//
// The same body parser serves Exim's own files (mainlog, rejectlog, paniclog)
// and Exim through syslog ("exim[123]: " with or without Exim's timestamp
// inside), so a line means the same thing whichever way it arrived. When both
// timestamps are there, Exim's own wins: it has the year and maybe the zone.
//
// Multi-line entries: rejectlog header dumps ("Envelope-from: <a>",
// "P Received: from ...", "*** truncated ***") and indented continuation lines
// of the paniclog and mainlog are LineKind::continuation.
//
// Everything here is byte-level; nothing allocates and nothing reads outside
// the line, whatever bytes it holds.
#include "parsers/exim.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/exim_fields.h"
#include "parsers/exim_lines.h"
#include "parsers/timestamp.h"

namespace smtplog {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "YYYY-MM-DD HH:MM:SS" by shape only (digits and separators in place).
bool has_time_shape(std::string_view s) {
  if (s.size() < 19) return false;
  const char* p = s.data();
#if defined(__SSE2__)
  // Bytes 0-15 in one load (digits where digits go, the separators where they
  // go), bytes 16-18 by hand. Every line of a mainlog is tested here.
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i digit = bytes_in(x, '0', '9');
  const __m128i separator = _mm_cmpeq_epi8(x, _mm_setr_epi8(0, 0, 0, 0, '-', 0, 0, '-', 0, 0, ' ', 0, 0, ':', 0, 0));
  constexpr unsigned kSeparators = 1u << 4 | 1u << 7 | 1u << 10 | 1u << 13;
  const unsigned ok = static_cast<unsigned>(_mm_movemask_epi8(digit)) & ~kSeparators;
  const unsigned seps = static_cast<unsigned>(_mm_movemask_epi8(separator)) & kSeparators;
  auto d = [p](int i) { return static_cast<unsigned>(p[i] - '0') <= 9; };
  return ok == (0xffffu & ~kSeparators) && seps == kSeparators && p[16] == ':' && d(17) && d(18);
#else
  if (p[4] != '-' || p[7] != '-' || p[10] != ' ' || p[13] != ':' || p[16] != ':') return false;
  auto d = [p](int i) { return static_cast<unsigned>(static_cast<unsigned>(p[i] - '0') <= 9); };
  // Bitwise & on purpose: all fourteen tests, no branches.
  return (d(0) & d(1) & d(2) & d(3) & d(5) & d(6) & d(8) & d(9) & d(11) & d(12) & d(14) & d(15) &
          d(17) & d(18)) != 0;
#endif
}

// The first line of a rejectlog header dump entry, or one of its headers:
// "Envelope-from: <a>", "Envelope-to: <b>", "P Received: ...", "I Message-Id: ...",
// "*** truncated ***". (Folded header lines start with white space.)
bool is_header_dump(std::string_view line) {
  if (exim::has_prefix(line, "Envelope-from:") || exim::has_prefix(line, "Envelope-to:") ||
      exim::has_prefix(line, "*** truncated ***"))
    return true;
  if (line.size() < 3 || line[1] != ' ') return false;
  static constexpr std::string_view kFlags = "BCFIPRST*";  // Exim's spool header flags
  char c = line[2];
  return kFlags.find(line[0]) != std::string_view::npos && c > ' ' && c < 127 && c != ':';
}

// Skips the fraction and zone after "YYYY-MM-DD HH:MM:SS" by shape, for the
// cheap test in looks_like_exim_line.
std::size_t end_of_time_shape(std::string_view s) {
  std::size_t i = 19;
  auto digit = [&s](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[k]) - '0') <= 9; };
  if (s.size() > 23 && s[19] == '.' && digit(20) && digit(21) && digit(22) && !digit(23)) {
    i = 23;  // the usual milliseconds (log_timezone lines, +millisec)
  } else if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  if (i + 5 < s.size() && s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-') &&
      is_digit(s[i + 2]))
    i += 6;
  return i;
}

// Syslog-style "host program[pid]: body" right after an ISO timestamp, as
// syslog-ng writes with its ISO date format. Only a program with a [pid] or an
// Exim name counts, so Exim's own "rcpt acl: ..." texts are not mistaken for it.
struct Wrapped {
  std::string_view host, program, body;
};

bool syslog_wrapped(std::string_view rest, Wrapped& w) {
  std::size_t a = find_byte(rest, 0, ' ');
  if (a == rest.size() || a == 0) return false;
  // The second word first: Exim's own lines seldom have one that ends in ':'.
  std::size_t b = find_byte(rest, a + 1, ' ');
  std::string_view tok = rest.substr(a + 1, b - a - 1);
  if (tok.size() < 2 || tok.back() != ':') return false;
  std::string_view host = rest.substr(0, a);
  if (find_byte(host, 0, '=') != host.size() || host.back() == ':' || host[0] == '[') return false;
  tok.remove_suffix(1);
  std::string_view program = tok;
  bool has_pid = false;
  if (tok.back() == ']') {
    std::size_t open = tok.find('[');
    if (open == std::string_view::npos || open == 0 || open + 2 >= tok.size()) return false;
    for (std::size_t i = open + 1; i + 1 < tok.size(); ++i)
      if (!is_digit(tok[i])) return false;
    program = tok.substr(0, open);
    has_pid = true;
  }
  for (char c : program) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
              c == '.' || c == '/' || c == '-';
    if (!ok) return false;
  }
  if (!has_pid && !is_exim_program(program)) return false;
  w.host = host;
  w.program = program;
  w.body = b == rest.size() ? std::string_view{} : rest.substr(b + 1);
  return true;
}

// A body that is not a message line with a flag.
ParseResult parse_unflagged(std::string_view rest, Event& ev) {
  ParseResult r;
  if (!ev.queue_id.empty() && exim::parse_message_note(rest, ev, r)) return r;
  return exim::parse_other_line(rest, ev);
}

// After the message id (`id_size` bytes at the start of `rest`, 0 for none:
// message_id_length's result): the body.
ParseResult parse_after_id(std::string_view rest, std::size_t id_size, Event& ev) {
  if (id_size != 0) {
    ev.queue_id = exim::sub(rest, 0, id_size);
    rest.remove_prefix(id_size < rest.size() ? id_size + 1 : id_size);
  }
  if (rest.empty()) return {LineKind::ignored, {}};
  if (rest.size() >= 2 && (rest.size() == 2 || rest[2] == ' ') && exim::is_flag(exim::sub(rest, 0, 2)))
    return exim::parse_flag_line(exim::sub(rest, 0, 2), exim::tail(rest, rest.size() > 2 ? 3 : 2), ev);
  return parse_unflagged(rest, ev);
}

ParseResult parse_after_exim_time(std::string_view rest, Event& ev);

// After the timestamp: "[pid] ", the message id, then the body.
ParseResult parse_after_time(std::string_view rest, Event& ev) {
  if (rest.size() > 2 && rest[0] == '[') {
    std::size_t close = find_byte(rest, 1, ']');
    // Exim writes digits; its test suite writes "p1234".
    if (close + 1 < rest.size() && rest[close + 1] == ' ')
      rest.remove_prefix(close + 2);
  }
  return parse_after_id(rest, exim::message_id_length(rest), ev);
}

void set_exim(Event& ev) {
  ev.mta = Mta::exim;
  ev.instance = "exim";
}

}  // namespace

bool looks_like_exim_line(std::string_view line) {
  if (line.empty()) return false;
  if (!is_digit(line[0])) return is_header_dump(line);
  if (!has_time_shape(line)) return false;
  // "2016-04-01 11:08:00 mx1 postfix/smtpd[1]: ..." is syslog-ng, not Exim.
  std::size_t end = end_of_time_shape(line);
  if (end + 1 >= line.size() || line[end] != ' ') return true;
  std::string_view rest = line.substr(end + 1);
  // The common case, by shape: "[pid] ..." or a message id ("1abcDE-0001Xy-Ab ",
  // "1rAbCd-00000000AbC-xyzw "); parse_exim_line checks the id for real.
  if (rest[0] == '[') return true;
  if (rest.size() > 16 && rest[6] == '-' &&
      ((rest[13] == '-' && rest[16] == ' ') || (rest.size() > 23 && rest[18] == '-' && rest[23] == ' ')))
    return true;
  Wrapped w;
  return !syslog_wrapped(rest, w) || is_exim_program(w.program);
}

ParseResult parse_exim_line(std::string_view line, Event& ev, Scratch& scratch) {
  if (line.empty()) return {LineKind::foreign, {}};
  // (A header dump never starts with a digit, as every line of a mainlog does.)
  if (!is_digit(line[0]) && (line[0] == ' ' || line[0] == '\t' || is_header_dump(line)))
    return {LineKind::continuation, {}};
  std::size_t n =
      line.size() > 10 && line[10] == ' ' ? parse_iso_time(line, ev.time, true, scratch.exim_stamp) : 0;
  if (n == 0 && !has_time_shape(line)) return {LineKind::foreign, {}};
  set_exim(ev);
  if (n == 0 || (n < line.size() && line[n] != ' ')) {
    ev.time = {};
    return {LineKind::unparsed, "bad timestamp"};
  }
  return parse_after_exim_time(line.substr(n < line.size() ? n + 1 : n), ev);
}

namespace {

// What follows Exim's own time and its space: "[pid] ", a message id, or a
// syslog-ng "host program[pid]: " (parse_exim_line's second half).
ParseResult parse_after_exim_time(std::string_view rest, Event& ev) {
  if (rest.empty() || rest[0] == '[') return parse_after_time(rest, ev);
  // A message id first (no space in it, so the first word): the line is
  // syslog-wrapped only when the word after it ends with ':' (syslog_wrapped's
  // first test), which a flag ("<=", "=>", ...) never does.
  const std::size_t id_size = exim::message_id_length(rest);
  if (id_size != 0) {
    if (id_size + 1 >= rest.size()) return parse_after_id(rest, id_size, ev);
    const std::size_t b = rest.size() > id_size + 3 && rest[id_size + 3] == ' '
                              ? id_size + 3
                              : find_byte(rest, id_size + 1, ' ');
    if (b - id_size - 1 < 2 || rest[b - 1] != ':') return parse_after_id(rest, id_size, ev);
  }
  if (Wrapped w; syslog_wrapped(rest, w)) {
    if (!is_exim_program(w.program)) return {LineKind::foreign, {}};
    ev.host = w.host;
    rest = w.body;
    // "... exim[1]: 2016-04-28 15:53:37 [1] 1avnJx-... <= ..." carries a second, Exim's own, time.
    if (has_time_shape(rest)) {
      CivilTime t;
      if (std::size_t m = parse_iso_time(rest, t, true); m && rest[10] == ' ') {
        ev.time = t;
        rest.remove_prefix(m < rest.size() ? m + 1 : m);
      }
    }
  }
  return parse_after_time(rest, ev);
}

}  // namespace

bool parse_if_exim_line(std::string_view line, Event& ev, Scratch& scratch, ParseResult& out) {
  // The usual line in one pass over its head: Exim's time read once (not
  // tested by looks_like_exim_line's shapes and then parsed again), then the
  // rest. When the time parsed and its space is followed by neither '+' nor
  // '-', end_of_time_shape ends either where the time parsed (a fraction of
  // up to nine digits, then no zone or a spaced one that parsed) or, for an
  // unspaced zone ("Z", "+01:00"), at the zone, where looks_like_exim_line
  // answers yes without looking further. In the first case its tests see the
  // same `rest`: "[pid]", a message id's shape, else a syslog-ng prefix that
  // names no Exim program means not Exim.
  if (line.size() > 19 && line[10] == ' ' && is_digit(line[0])) {
    const std::size_t n = parse_iso_time(line, ev.time, true, scratch.exim_stamp);
    if (n != 0 && n + 1 < line.size() && line[n] == ' ' && line[n + 1] != '+' && line[n + 1] != '-') {
      const std::string_view rest = exim::tail(line, n + 1);
      if (rest[0] != '[' && !(rest.size() > 16 && rest[6] == '-' &&
                              ((rest[13] == '-' && rest[16] == ' ') ||
                               (rest.size() > 23 && rest[18] == '-' && rest[23] == ' ')))) {
        if (Wrapped w; syslog_wrapped(rest, w) && !is_exim_program(w.program) && end_of_time_shape(line) == n) {
          ev.time = {};
          return false;
        }
      }
      set_exim(ev);
      out = parse_after_exim_time(rest, ev);
      return true;
    }
    ev.time = {};
  }
  if (!looks_like_exim_line(line)) return false;
  out = parse_exim_line(line, ev, scratch);
  return true;
}

bool is_exim_program(std::string_view p) {
  if (!exim::has_prefix(p, "exim")) return false;
  return p.size() == 4 || is_digit(p[4]) || p[4] == '-' || p[4] == '_';
}

ParseResult parse_exim_syslog(const Prefix& prefix, Event& ev, Scratch&) {
  set_exim(ev);
  ev.time = prefix.time;
  ev.host = prefix.host;
  std::string_view body = prefix.body;
  if (has_time_shape(body)) {
    CivilTime t;
    if (std::size_t m = parse_iso_time(body, t, true); m && body[10] == ' ') {
      ev.time = t;
      body.remove_prefix(m < body.size() ? m + 1 : m);
    }
  }
  return parse_after_time(body, ev);
}

}  // namespace smtplog
