// The syslog / journal prefix, read by hand, left to right, one pass.
//
// Every line of a mixed mail log goes through here before anything else, so
// this file does no allocation and no regex: the timestamp reader picks the
// form from the first byte (a digit starts RFC 3339 / journalctl short-iso, a
// letter starts BSD / journalctl short / short-precise / Postfix maillog_file,
// which all share "Mmm dd HH:MM:SS[.ffffff]"), then one space-delimited host
// token, then the syslog tag "program[pid]:" or "program:". Solaris puts a
// "[ID 197553 mail.info] " message id before the body; it is skipped.
//
// rsyslog escapes control characters as "#" plus three octal digits ("#012" for
// a newline inside a message). The bytes are ambiguous ("#012" could be text),
// so only escapes that decode to a control character other than NUL (which
// syslog(3) cannot carry) are decoded, and only then is the body copied into
// Scratch::unescaped; the common case stays a view into the line.
#include "parsers/prefix.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/find_text.h"
#include "parsers/stamp.h"
#include "parsers/timestamp.h"
#include "parsers/view.h"

namespace smtplog {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "<13>" at the start of a line (a raw syslog packet written as is).
std::size_t skip_priority(std::string_view s) {
  if (s.size() < 3 || s[0] != '<') return 0;
  std::size_t i = 1;
  while (i < s.size() && i <= 3 && is_digit(s[i])) ++i;
  if (i == 1 || i >= s.size() || s[i] != '>') return 0;
  return i + 1;
}

// A tag character: anything but space, '[' and ':' (syslog_name may hold
// '/', '-', '.', digits: "postfix-10.20.30.40/smtpd"). By table: every line's
// tag is read byte by byte.
constexpr std::array<bool, 256> kTagChar = [] {
  std::array<bool, 256> t{};
  for (int c = 0x21; c < 256; ++c) t[c] = c != '[' && c != ':';
  return t;
}();
bool is_tag_char(char c) { return kTagChar[static_cast<unsigned char>(c)]; }

// The first byte at or after `i` that is not a tag character. 16 bytes at a
// time with SSE2; then eight bytes at a time where the line has them: a byte
// below 0x21 and a byte equal to '[' or ':' are found with the usual borrow
// tricks; the lowest flagged byte of each test is exact (a borrow only flags
// bytes above a true one), so the lowest of their union is the answer.
std::size_t tag_end(std::string_view s, std::size_t i) {
#if defined(__SSE2__)
  // 16 bytes a step: a byte <= 0x20 (unsigned: min(x, 0x20) == x), '[' or ':'.
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('[')),
                                                   _mm_cmpeq_epi8(x, _mm_set1_epi8(':'))));
    if (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(stop)))
      return i + static_cast<std::size_t>(std::countr_zero(m));
  }
#endif
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  if constexpr (std::endian::native == std::endian::little) {  // s[i] is the lowest byte
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t x;
      std::memcpy(&x, s.data() + i, 8);
      std::uint64_t stop = ((x - kOnes * 0x21) & ~x & kHigh) | zero_byte(x ^ (kOnes * '[')) |
                           zero_byte(x ^ (kOnes * ':'));
      if (stop) return i + static_cast<std::size_t>(std::countr_zero(stop) / 8);
    }
  }
  while (i < s.size() && is_tag_char(s[i])) ++i;
  return i;
}

// The first byte at or after `p` that is not a digit (a pid: 16 bytes at a
// time with SSE2).
std::size_t digits_end(std::string_view s, std::size_t p) {
#if defined(__SSE2__)
  for (; p + 16 <= s.size(); p += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + p));
    const __m128i digit = bytes_in(x, '0', '9');
    if (unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(digit)) & 0xffff)
      return p + static_cast<std::size_t>(std::countr_zero(other));
  }
#endif
  while (p < s.size() && is_digit(s[p])) ++p;
  return p;
}

// Reads "program[pid]: " or "program: " at `pos`. On success sets program, pid
// and the body start, and returns true.
bool read_tag(std::string_view s, std::size_t pos, Prefix& out, std::size_t& body) {
  std::size_t i = tag_end(s, pos);
  if (i == pos || i >= s.size()) return false;
  std::string_view program = s.substr(pos, i - pos);
  std::string_view pid;
  if (s[i] == '[') {
    std::size_t p = digits_end(s, i + 1);
    if (p == i + 1 || p >= s.size() || s[p] != ']') return false;
    pid = s.substr(i + 1, p - i - 1);
    i = p + 1;
  }
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (i < s.size()) {
    if (s[i] != ' ') return false;
    ++i;
  }
  out.program = program;
  out.pid = pid;
  body = i;
  return true;
}

#if defined(__SSE2__)
// The bytes of 16 that end a tag (tag_end's: <= 0x20, '[' and ':') and the
// digits, as bit masks placed at bit 16 * k.
inline void tag_masks(const char* p, int k, std::uint64_t& stop, std::uint64_t& digit) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
  const __m128i end = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('[')),
                                                _mm_cmpeq_epi8(x, _mm_set1_epi8(':'))));
  stop |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(end))) << (16 * k);
  digit |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(bytes_in(x, '0', '9'))))
           << (16 * k);
}

// read_syslog_prefix's common case, "host program[pid]: " or "host program: " at
// `pos`, from bit masks of the next 16 * Blocks bytes (which the line has)
// made in one pass: the host, the program and the pid are runs between set
// bits. Returns true, with out.host, out.program, out.pid and `body` set as
// read_syslog_prefix's first branch and read_tag set them, only when every byte that
// decides it lies inside the bytes loaded; false (nothing decided) otherwise.
template <int Blocks>
bool read_host_tag_in(std::string_view line, std::size_t pos, Prefix& out, std::size_t& body) {
  const char* p = line.data() + pos;
  std::uint64_t stop = 0, digit = 0;
  for (int k = 0; k < Blocks; ++k) tag_masks(p, k, stop, digit);
  constexpr std::size_t loaded = 16 * Blocks;
  // Past the bytes loaded: a stop and not a digit, so every search ends there.
  if constexpr (Blocks < 4) stop |= ~std::uint64_t{0} << loaded;
  const auto above = [](std::uint64_t mask, std::size_t i) {  // the set bits above bit i
    return i >= 63 ? std::uint64_t{0} : mask & (~std::uint64_t{0} << (i + 1));
  };
  if (stop == 0) return false;
  const std::size_t space = static_cast<std::size_t>(std::countr_zero(stop));
  if (space == 0 || space >= loaded || p[space] != ' ') return false;
  const std::uint64_t tag_stops = above(stop, space);
  if (tag_stops == 0) return false;
  const std::size_t program_end = static_cast<std::size_t>(std::countr_zero(tag_stops));
  if (program_end == space + 1 || program_end >= loaded) return false;
  std::size_t i = program_end;
  std::string_view pid;
  if (p[i] == '[') {
    const std::uint64_t other = above(~digit, i);
    if (other == 0) return false;
    const std::size_t close = static_cast<std::size_t>(std::countr_zero(other));
    if (close == i + 1 || close >= loaded || p[close] != ']') return false;
    pid = std::string_view(p + i + 1, close - i - 1);
    i = close + 1;
  }
  if (i + 1 >= loaded || p[i] != ':' || p[i + 1] != ' ') return false;
  out.host = std::string_view(p, space);
  out.program = std::string_view(p + space + 1, program_end - space - 1);
  out.pid = pid;
  body = pos + i + 2;
  return true;
}

// The first 32 bytes after the time hold most lines' host and tag ("mx
// postfix/qmgr[2769177]: " is 26); 64 for a longer host or syslog_name. On
// false the caller reads the prefix byte by byte, so the results are the same.
bool read_host_tag(std::string_view line, std::size_t pos, Prefix& out, std::size_t& body) {
  const std::size_t avail = line.size() - pos;
  if (avail < 32) return false;
  if (read_host_tag_in<2>(line, pos, out, body)) return true;
  return avail >= 64 && read_host_tag_in<4>(line, pos, out, body);
}
#endif

bool is_month(std::string_view m) {
  static constexpr std::string_view kNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::string_view n : kNames)
    if (m == n) return true;
  return false;
}

// Digits and separators at fixed places: "dd:dd:dd" is "##:##:##".
bool shaped(std::string_view s, std::size_t pos, std::string_view pattern) {
  if (pos + pattern.size() > s.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = s[pos + i];
    if (pattern[i] == '#' ? !is_digit(c) : c != pattern[i]) return false;
  }
  return true;
}

// The length of a timestamp-shaped token whose values may be impossible
// ("Feb 30 10:00:00", "2026-11-23T24:00:00"), 0 when `s` does not start with
// one. A line with such a date is damaged, not foreign.
std::size_t timestamp_shape(std::string_view s) {
  std::size_t n = 0;
  if (shaped(s, 0, "####-##-##T##:##:##")) {
    n = 19;
  } else if (s.size() > 4 && is_month(s.substr(0, 3)) && s[3] == ' ') {
    std::size_t day = s[4] == ' ' ? 5 : 4;
    if (!shaped(s, day, "#")) return 0;
    std::size_t p = day + 1 + (day == 4 && shaped(s, 5, "#"));
    if (!shaped(s, p, " ##:##:##")) return 0;
    n = p + 9;
  } else {
    return 0;
  }
  if (n < s.size() && s[n] == '.')
    for (++n; n < s.size() && is_digit(s[n]);) ++n;
  if (n < s.size() && s[n] == 'Z') ++n;
  else if (shaped(s, n, "+##:##") || shaped(s, n, "-##:##")) n += 6;
  else if (shaped(s, n, "+####") || shaped(s, n, "-####")) n += 5;
  return n;
}

// Solaris syslogd: "[ID 197553 mail.info] " before the message.
std::size_t skip_solaris_id(std::string_view body) {
  if (body.size() < 8 || body.compare(0, 4, "[ID ") != 0) return 0;
  std::size_t i = 4;
  std::size_t digits = i;
  while (i < body.size() && is_digit(body[i])) ++i;
  if (i == digits || i >= body.size() || body[i] != ' ') return 0;
  std::size_t close = body.find(']', i);
  if (close == std::string_view::npos || close > 64) return 0;
  if (close + 1 < body.size() && body[close + 1] == ' ') return close + 2;
  return close + 1;
}

// The value of an rsyslog escape "#ooo" at s[i], or -1 when it is not one we
// decode (see the note at the top).
int escape_at(std::string_view s, std::size_t i) {
  if (i + 3 >= s.size()) return -1;
  int v = 0;
  for (std::size_t k = i + 1; k <= i + 3; ++k) {
    if (s[k] < '0' || s[k] > '7') return -1;
    v = v * 8 + (s[k] - '0');
  }
  return (v > 0 && v < 0x20) || v == 0x7f ? v : -1;
}

}  // namespace

namespace {

// decode_rsyslog_escapes from the first '#' of `s` on (out of line: most
// bodies have no '#', and the call for them stays a memchr and a compare).
[[gnu::noinline]] std::string_view decode_from(std::string_view s, const char* hash, std::string& buffer) {
  while (hash && escape_at(s, static_cast<std::size_t>(hash - s.data())) < 0) {
    std::size_t next = static_cast<std::size_t>(hash - s.data()) + 1;
    hash = next < s.size()
               ? static_cast<const char*>(std::memchr(s.data() + next, '#', s.size() - next))
               : nullptr;
  }
  if (!hash) return s;
  buffer.clear();
  std::size_t first = static_cast<std::size_t>(hash - s.data());
  buffer.append(s.data(), first);
  for (std::size_t i = first; i < s.size();) {
    int v = s[i] == '#' ? escape_at(s, i) : -1;
    if (v >= 0) {
      buffer.push_back(static_cast<char>(v));
      i += 4;
    } else {
      buffer.push_back(s[i]);
      ++i;
    }
  }
  return buffer;
}

}  // namespace

std::string_view decode_rsyslog_escapes(std::string_view s, std::string& buffer) {
  const char* hash = static_cast<const char*>(std::memchr(s.data(), '#', s.size()));
  return hash ? decode_from(s, hash, buffer) : s;
}

namespace {

// Reads the timestamp at the start of `rest` into `t`; returns its length, 0
// when there is none. With `stamp`, a timestamp whose bytes (and the space
// after them) equal the last one read is not parsed again: the readers look
// at no byte past that space, so the same bytes give the same time.
std::size_t read_time(std::string_view rest, CivilTime& t, Scratch::Stamp* stamp) {
  if (stamp) {
    if (std::size_t n = stamp::reuse_second_or_minute(*stamp, rest, t)) return n;
  }
  std::size_t n = 0;
  bool bsd = false;
  if (!rest.empty() && is_digit(rest[0])) {
    n = parse_iso_time(rest, t);  // RFC 3339, journalctl short-iso(-precise)
  } else {
    n = parse_bsd_time(rest, t);  // BSD, journalctl short(-precise), maillog_file
    bsd = true;
  }
  if (n == 0) {
    t = CivilTime{};  // invalid: the caller sees a damaged date, not a missing one
    return timestamp_shape(rest);
  }
  // parse_bsd_time reads "...:SS" with no fraction from those two bytes alone.
  const bool ends_in_seconds = bsd && n >= 3 && rest[n - 3] == ':';
  if (stamp) stamp::keep(*stamp, rest, n, t, ends_in_seconds ? n - 2 : 0);
  return n;
}

// Writes into `out` as it goes (no Prefix on the stack copied at the end:
// fewer 16-byte copies of the time per line); `out` is unspecified on false.
// "host tag: " (or a tag without a host) at `pos`, byte by byte: what
// read_host_tag's windows do not decide. Sets out.host, the tag's fields and
// `body` (where the body starts); false when there is no tag.
bool read_host_tag_bytes(std::string_view line, std::size_t pos, Prefix& out, std::size_t& body) {
  // The common case first: a host name then a space. read_tag at `pos` would
  // stop at that space and fail, and the space is the first one after `pos`.
  if (std::size_t space = tag_end(line, pos); space < line.size() && line[space] == ' ' && space != pos) {
    out.host = line.substr(pos, space - pos);
    return read_tag(line, space + 1, out, body);
  }
  if (read_tag(line, pos, out, body)) {
    out.host = {};
    return true;
  }
  // Not "time tag[pid]: body" without a host (some BSD syslogd's local
  // file) either: a host name the test above did not take.
  std::size_t space = line.find(' ', pos);
  if (space == std::string_view::npos || space == pos) return false;
  out.host = line.substr(pos, space - pos);
  return read_tag(line, space + 1, out, body);
}

}  // namespace

bool read_syslog_prefix(std::string_view line, Prefix& out, Scratch::Stamp* stamp) {
  std::size_t pos = skip_priority(line);
  std::string_view rest = tail(line, pos);  // pos <= line.size()
  std::size_t n = read_time(rest, out.time, stamp);
  if (n == 0 || n >= rest.size() || rest[n] != ' ') return false;
  pos += n + 1;

  std::size_t body = 0;
#if defined(__SSE2__)
  const bool tagged = read_host_tag(line, pos, out, body) || read_host_tag_bytes(line, pos, out, body);
#else
  const bool tagged = read_host_tag_bytes(line, pos, out, body);
#endif
  if (!tagged) return false;
  std::string_view b = tail(line, body);  // body <= line.size()
  if (!b.empty() && b[0] == '[') b.remove_prefix(skip_solaris_id(b));
  out.body = b;
  return true;
}

bool parse_syslog_prefix(std::string_view line, Prefix& out) { return read_syslog_prefix(line, out, nullptr); }

}  // namespace smtplog
