// Exim's message lines: arrivals (<= and the fake-reject (=), deliveries
// (=> -> >> and the suppressed *>), failures (** bounced, == deferred), and
// the id-only notes Completed, Frozen and the host-level errors of a delivery.
//
// Shape of a delivery line (Exim 4.8x-4.98):
//   => addr [(parent)] [<top>] [F=<s>] [P=<rp>] R=router T=transport [S=n]
//      [H=name [ip]:port] [X=tls CV=.. DN="..."] [K] [C="250 ..."] [QT= DT=]
//   ** addr [<top>] [fields] [ ]: failure text
//   == addr [<top>] [fields] [routing ]defer (errno)[ H=name [ip]]: failure text
// Addresses and fields are walked once, left to right; the failure text is
// searched for the remote reply only on ** and == lines.
//
// Decisions:
// - recipient is the address as logged (a local part for local deliveries);
//   orig_to is <top> (the address the message came for), else (parent).
// - direction: outbound when the line names a host (H=) or its transport's
//   name contains "smtp" (remote_smtp, remote_smtp_smarthost, ...: Exim's
//   defer lines for refused connections name no host); local otherwise, which
//   includes routing failures ("** a@b: Unrouteable address", "routing defer"):
//   no remote server took part in them.
// - service: the transport, else the router, else empty; "smtp" for the
//   listener's <= lines (H= present), "local" for other arrivals.
// - sender on <= lines is the envelope sender without angle brackets, empty
//   for the null sender "<>".
// - C="250 ..." on a delivery is the reply to the end of data: its code and
//   enhanced code become the event's reply, stage END-OF-DATA.
// - (= is a fake reject: the message was kept (outcome received) but the client
//   was told 550; that code is recorded as inferred, stage END-OF-DATA.
// - *> (delivery suppressed by -N) is outcome discarded.
// - Host-level lines ("1abc H=mx [ip]: SMTP error ... 451 ...") are ignored:
//   Exim repeats the same reply on the == / ** line of each address that
//   follows, which is what is counted. Their reply is still filled in.
#include <bit>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/exim_fields.h"
#include "parsers/exim_lines.h"
#include "parsers/reply.h"

namespace smtplog::exim {
namespace {

std::size_t skip_spaces(std::string_view s, std::size_t pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return pos;
}

// Length of the address at the start of `s`: a plain token, a quoted local
// part ("a b"@c), or a pipe/file address, which may hold spaces and runs to
// the first " <", " (", " R=", " T=" or ": ".
std::size_t address_length(std::string_view s) {
  if (s.empty()) return 0;
  std::size_t pos = 0;
  if (s[0] == '|' || s[0] == '/') {
    std::size_t end = s.size();
    for (std::string_view stop : {" <", " (", " R=", " T=", ": "}) {
      std::size_t p = s.find(stop);
      if (p < end) end = p;
    }
    return end;
  }
  if (s[0] == '"') {
    for (pos = 1; pos < s.size() && s[pos] != '"'; ++pos)
      if (s[pos] == '\\') ++pos;
    if (pos >= s.size()) return s.size();
  }
  return find_byte(s, pos, ' ');
}

void set_route(const Fields& f, Event& ev) {
  ev.service = !f.transport.empty() ? f.transport : f.router;
  if (f.has_host) {
    ev.peer_host = f.host;
    ev.peer_ip = f.ip;
  }
  ev.direction = f.has_host || contains_smtp_nocase(f.transport) ? Direction::outbound : Direction::local;
}

void take_confirmation(std::string_view c, Reply& r) {
  std::uint16_t code;
  std::string_view enh;
  if (read_reply_codes(c, code, enh) == 0) return;
  r.code = code;
  r.enhanced = enh;
  r.text = c;
  r.stage = Stage::end_of_data;
}

// "routing defer (-52): text", "defer (-44) H=mx [ip]: text", "defer (111): text"
// -> the failure text; a host named after the errno goes into `ev`.
std::string_view after_defer(std::string_view m, Event& ev) {
  if (has_prefix(m, "routing ")) m.remove_prefix(8);
  if (!has_prefix(m, "defer (")) return m;
  std::size_t close = find_byte(m, 0, ')');
  if (close == m.size()) return {};
  m.remove_prefix(close + 1);
  if (has_prefix(m, ": ")) return m.substr(2);
  if (has_prefix(m, ":")) return m.substr(1);
  Fields f;
  std::size_t k = scan_fields(m, f);
  if (f.has_host) {
    ev.peer_host = f.host;
    ev.peer_ip = f.ip;
    ev.direction = Direction::outbound;
  }
  return tail(m, k);
}

// `s` without trailing spaces and the " DT=1.2s" / " QT=3s" timings that
// log_selector +deliver_time / +queue_time append to ** and == lines. A
// timing is the last word: "DT=" or "QT=" after a space, then at least one of
// [0-9.smhdw]; it is found from the end (the run of those bytes, then "DT=").
std::string_view without_timings(std::string_view s) {
  auto timing_byte = [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w';
  };
  s = trim_right(s);
  while (true) {
    std::size_t q = s.size();
    while (q > 0 && timing_byte(s[q - 1])) --q;
    // s[q..] is the run; a timing needs one byte of it, "=T[DQ] " before it.
    if (q == s.size() || q < 4 || s[q - 1] != '=' || s[q - 2] != 'T' || (s[q - 3] != 'D' && s[q - 3] != 'Q') ||
        s[q - 4] != ' ')
      return s;
    s = trim_right(sub(s, 0, q - 4));
  }
}

// The failure text of a ** or == line into the reply: the remote reply when
// there is one, else the whole text (code 0).
void take_failure(std::string_view text, Event& ev) {
  text = without_timings(text);
  ev.reply.text = text;
  if (!find_remote_reply(text, ev.reply)) {
    // "** a@b R=r: 550 5.1.1 unknown" - a redirect's :fail: with a code of its own.
    std::uint16_t code;
    std::string_view enh;
    if (read_reply_codes(text, code, enh) != 0 && code != 0) {
      ev.reply.code = code;
      ev.reply.enhanced = enh;
    }
  }
  if (ev.peer_ip.empty()) {
    // "defer (110): Connection timed out H=mx [1.2.3.4]: SMTP timeout after ..." and,
    // before Exim 4.8x, "SMTP error ... after RCPT TO:<a>: host mx [1.2.3.4]: 451 ..."
    std::size_t h = find_text(text, " H=");
    std::size_t skip = 3;
    if (h == std::string_view::npos) {
      h = find_text(text, ": host ");
      skip = 7;
    }
    if (h != std::string_view::npos) {
      read_host(tail(text, h + skip), ev.peer_host, ev.peer_ip);
      if (!ev.peer_ip.empty()) ev.direction = Direction::outbound;
    }
  }
}

// Where an "H=" at or after `from` could start a field: at the start, or
// after a space or a comment's ')' (scan_fields reaches no other field start);
// npos when there is none.
std::size_t host_key_at(std::string_view s, std::size_t from) {
  auto starts_field = [s](std::size_t p) { return p == 0 || s[p - 1] == ' ' || s[p - 1] == ')'; };
  std::size_t i = from;
#if defined(__SSE2__)
  for (; i + 17 <= s.size(); i += 16) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i eq = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1));
    auto hits = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(h, _mm_set1_epi8('H')), _mm_cmpeq_epi8(eq, _mm_set1_epi8('=')))));
    for (; hits != 0; hits &= hits - 1) {
      const std::size_t p = i + static_cast<std::size_t>(std::countr_zero(hits));
      if (starts_field(p)) return p;
    }
  }
  if (i + 1 < s.size() && s.size() >= 17) {
    // The last positions by one more load ending at the view's end,
    // overlapping what was searched (those positions masked out).
    const std::size_t j = s.size() - 17;
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + j));
    const __m128i eq = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + j + 1));
    auto hits = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(h, _mm_set1_epi8('H')), _mm_cmpeq_epi8(eq, _mm_set1_epi8('=')))));
    for (hits &= ~0u << (i - j); hits != 0; hits &= hits - 1) {
      const std::size_t p = j + static_cast<std::size_t>(std::countr_zero(hits));
      if (starts_field(p)) return p;
    }
    return std::string_view::npos;
  }
#endif
  for (; i + 1 < s.size(); ++i)
    if (s[i] == 'H' && s[i + 1] == '=' && starts_field(i)) return i;
  return std::string_view::npos;
}

ParseResult parse_arrival(bool fake, std::string_view rest, Event& ev) {
  std::size_t n = address_length(rest);
  if (n == 0) return {LineKind::unparsed, "no sender"};
  ev.sender = strip_angles(sub(rest, 0, n));
  // Only the host is taken from the fields: none to read when no H= can be
  // one of them (local submissions, bounces), and none after the H= when no
  // other can follow it.
  const std::string_view fields = tail(rest, skip_spaces(rest, n));
  bool has_host = false;
  if (std::size_t h = host_key_at(fields, 0); h != std::string_view::npos) {
    Fields f;
    scan_fields(fields, f, host_key_at(fields, h + 2) == std::string_view::npos);
    if (f.has_host) {
      has_host = true;
      ev.peer_host = f.host;
      ev.peer_ip = f.ip;
    }
  }
  ev.outcome = Outcome::received;
  if (has_host) {
    ev.direction = Direction::inbound;
    ev.service = "smtp";
  } else {
    ev.direction = Direction::local;
    ev.service = "local";
  }
  if (fake) {
    ev.reply.code = 550;
    ev.reply.stage = Stage::end_of_data;
    ev.reply.inferred = true;
  }
  return {LineKind::event, {}};
}

ParseResult parse_delivery(char flag0, char flag1, std::string_view rest, Event& ev) {
  std::size_t n = address_length(rest);
  if (n == 0) return {LineKind::unparsed, "no address"};
  std::string_view addr = sub(rest, 0, n);
  bool colon = false;
  if (addr.size() > 1 && addr.back() == ':' && addr.front() != ':') {  // "** a@b: text"
    addr.remove_suffix(1);
    colon = true;
  }
  ev.recipient = addr;
  std::size_t pos = skip_spaces(rest, n);
  std::string_view parent, top;
  if (!colon && pos < rest.size() && rest[pos] == '(') {
    std::size_t close = find_byte(rest, pos, ')');
    if (close != rest.size()) {
      parent = sub(rest, pos + 1, close - pos - 1);
      pos = skip_spaces(rest, close + 1);
    }
  }
  if (!colon && pos < rest.size() && rest[pos] == '<') {
    std::size_t close = find_byte(rest, pos, '>');
    if (close != rest.size()) {
      top = sub(rest, pos + 1, close - pos - 1);
      pos = close + 1;
      if (pos < rest.size() && rest[pos] == ':') {
        colon = true;
        pos = skip_spaces(rest, pos + 1);
      }
    }
  }
  ev.orig_to = !top.empty() ? top : parent;
  Fields f;
  if (!colon) pos += scan_fields(tail(rest, pos), f);
  ev.sender = f.sender;
  set_route(f, ev);
  std::string_view message = rest.substr(std::min(pos, rest.size()));

  switch (flag0) {
    case '=':
      if (flag1 == '=') {
        ev.outcome = Outcome::deferred;
        take_failure(after_defer(message, ev), ev);
        break;
      }
      [[fallthrough]];
    case '-':
    case '>':
      ev.outcome = Outcome::sent;
      take_confirmation(f.confirmation, ev.reply);
      break;
    case '*':
      if (flag1 == '>') {
        ev.outcome = Outcome::discarded;
        break;
      }
      ev.outcome = Outcome::bounced;
      take_failure(message, ev);
      if (ev.reply.code == 0 && !f.confirmation.empty()) take_confirmation(f.confirmation, ev.reply);
      break;
  }
  return {LineKind::event, {}};
}

}  // namespace

bool is_flag(std::string_view two) {
  if (two.size() != 2) return false;
  switch (two[0]) {
    case '<': case '(': return two[1] == '=';
    case '=': return two[1] == '>' || two[1] == '=';
    case '-': return two[1] == '>';
    case '>': return two[1] == '>';
    case '*': return two[1] == '>' || two[1] == '*';
    default: return false;
  }
}

ParseResult parse_flag_line(std::string_view flag, std::string_view rest, Event& ev) {
  if (flag[1] == '=' && (flag[0] == '<' || flag[0] == '('))
    return parse_arrival(flag[0] == '(', rest, ev);
  return parse_delivery(flag[0], flag[1], rest, ev);
}

bool parse_message_note(std::string_view rest, Event& ev, ParseResult& out) {
  auto word_is = [&](std::string_view w) {
    return rest.starts_with(w) && (rest.size() == w.size() || rest[w.size()] == ' ');
  };
  if (word_is("Completed")) {
    ev.outcome = Outcome::completed;
    out = {LineKind::event, {}};
    return true;
  }
  if (word_is("Frozen") || has_prefix(rest, "frozen by ")) {
    ev.outcome = Outcome::frozen;
    out = {LineKind::event, {}};
    return true;
  }
  if (!has_prefix(rest, "H=")) return false;
  ScannedFields done;
  done.end = scan_fields(rest, done.fields);
  const Fields& f = done.fields;
  std::string_view message = tail(rest, done.end);
  if (!f.colon && !has_prefix(message, "SMTP error") && !has_prefix(message, "SMTP timeout")) {
    out = parse_other_line(rest, ev, &done);
    return true;
  }
  // A host-level error of a delivery; the address-level line after it counts.
  ev.outcome = Outcome::deferred;
  ev.direction = Direction::outbound;
  ev.service = "smtp";
  ev.peer_host = f.host;
  ev.peer_ip = f.ip;
  take_failure(message, ev);
  out = {LineKind::ignored, {}};
  return true;
}

}  // namespace smtplog::exim
