// Timestamp readers. Hand-written digit parsing: these run on every line, and a
// regex here would cost more than the rest of the line's parse.
#include "parsers/timestamp.h"

#include "parsers/stamp.h"

#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace smtplog {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// The three bytes as one number, so that a switch finds the month.
constexpr std::uint32_t pack3(const char* p) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
         static_cast<unsigned char>(p[2]);
}

int month_from_name(std::string_view m) {
  if (m.size() != 3) return 0;
  switch (pack3(m.data())) {
    case pack3("Jan"): return 1;
    case pack3("Feb"): return 2;
    case pack3("Mar"): return 3;
    case pack3("Apr"): return 4;
    case pack3("May"): return 5;
    case pack3("Jun"): return 6;
    case pack3("Jul"): return 7;
    case pack3("Aug"): return 8;
    case pack3("Sep"): return 9;
    case pack3("Oct"): return 10;
    case pack3("Nov"): return 11;
    case pack3("Dec"): return 12;
    default: return 0;
  }
}

// Reads "HH:MM:SS" at pos; returns false unless all three are in range.
bool clock(std::string_view s, std::size_t pos, CivilTime& t) {
  int h, m, sec;
  if (!digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
      !digits(s, pos + 3, 2, m) || pos + 5 >= s.size() || s[pos + 5] != ':' ||
      !digits(s, pos + 6, 2, sec))
    return false;
  if (h > 23 || m > 59 || sec > 60) return false;
  t.hour = static_cast<std::int8_t>(h);
  t.minute = static_cast<std::int8_t>(m);
  t.second = static_cast<std::int8_t>(sec);
  return true;
}

// Reads ".ffffff" (1 to 9 digits) at pos; returns the bytes used.
std::size_t fraction(std::string_view s, std::size_t pos, CivilTime& t) {
  if (pos >= s.size() || (s[pos] != '.' && s[pos] != ',')) return 0;
  std::size_t i = pos + 1;
  int micros = 0, scale = 100000;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - pos <= 9) {
    micros += (s[i] - '0') * scale;
    scale /= 10;
    ++i;
  }
  if (i == pos + 1) return 0;
  t.micros = micros;
  return i - pos;
}

// Reads "Z", "+HH:MM" or "+HHMM" at pos; returns the bytes used.
std::size_t zone(std::string_view s, std::size_t pos, CivilTime& t) {
  if (pos >= s.size()) return 0;
  if (s[pos] == 'Z') {
    t.has_offset = true;
    t.offset_minutes = 0;
    return 1;
  }
  if (s[pos] != '+' && s[pos] != '-') return 0;
  int hh, mm;
  std::size_t used;
  if (!digits(s, pos + 1, 2, hh)) return 0;
  if (pos + 3 < s.size() && s[pos + 3] == ':') {
    if (!digits(s, pos + 4, 2, mm)) return 0;
    used = 6;
  } else {
    if (!digits(s, pos + 3, 2, mm)) return 0;
    used = 5;
  }
  if (hh > 23 || mm > 59) return 0;
  int off = hh * 60 + mm;
  t.offset_minutes = static_cast<std::int16_t>(s[pos] == '-' ? -off : off);
  t.has_offset = true;
  return used;
}

}  // namespace

bool valid_civil(const CivilTime& t) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (t.month < 1 || t.month > 12 || t.day < 1) return false;
  if (t.day > kDays[t.month - 1]) return false;
  if (t.year != 0) {
    bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
    if (t.month == 2 && t.day == 29 && !leap) return false;
  }
  return t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
         t.second <= 60;
}

std::size_t parse_bsd_time(std::string_view s, CivilTime& t) {
  // "Mmm dd HH:MM:SS" or "Mmm d HH:MM:SS"
  if (s.size() < 14) return 0;
  int mon = month_from_name(s.substr(0, 3));
  if (mon == 0 || s[3] != ' ') return 0;
  std::size_t pos = 4;
  int day;
  if (s[pos] == ' ') {  // padded single digit
    if (!digits(s, pos + 1, 1, day)) return 0;
    pos += 2;
  } else if (digits(s, pos, 2, day)) {
    pos += 2;
  } else if (digits(s, pos, 1, day)) {
    pos += 1;
  } else {
    return 0;
  }
  if (pos >= s.size() || s[pos] != ' ') return 0;
  ++pos;
  CivilTime r;
  r.month = static_cast<std::int8_t>(mon);
  r.day = static_cast<std::int8_t>(day);
  if (!clock(s, pos, r)) return 0;
  pos += 8;
  pos += fraction(s, pos, r);
  if (!valid_civil(r)) return 0;
  t = r;
  return pos;
}

namespace {

// "YYYY-MM-DD[T ]HH:MM:SS", the first 19 bytes of an ISO timestamp, into `r`.
bool iso_date_clock(std::string_view s, CivilTime& r) {
  int y, mo, d;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
      s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' '))
    return false;
  r.year = static_cast<std::int16_t>(y);
  r.month = static_cast<std::int8_t>(mo);
  r.day = static_cast<std::int8_t>(d);
  return y != 0 && clock(s, 11, r);
}

// The first 17 bytes ("YYYY-MM-DD HH:MM:") of `a` and `b` are equal.
bool same_minute(const char* a, const char* b) {
#if defined(__SSE2__)
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a));
  const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
  return _mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) == 0xffff && a[16] == b[16];
#else
  return stamp::same_bytes(a, b, 17);
#endif
}

// fraction(s, 19, r) into `micros` (left 0 when there is none). Out of line:
// the caller's fast path then needs fewer registers (and so fewer saved).
[[gnu::noinline]] std::size_t fraction_slow(std::string_view s, std::int32_t& micros) {
  CivilTime r;
  const std::size_t n = fraction(s, 19, r);
  micros = r.micros;
  return n;
}

// fraction(s, 19, r) into `micros` (left 0 when there is none), with the
// usual three digits read without a loop.
std::size_t fraction3(std::string_view s, std::int32_t& micros) {
  if (s.size() >= 24 && s[19] == '.') {
    const unsigned a = static_cast<unsigned char>(s[20]) - '0', b = static_cast<unsigned char>(s[21]) - '0',
                   c = static_cast<unsigned char>(s[22]) - '0', d = static_cast<unsigned char>(s[23]) - '0';
    if (a <= 9 && b <= 9 && c <= 9 && d > 9) {
      micros = static_cast<std::int32_t>(a * 100000 + b * 10000 + c * 1000);
      return 4;
    }
  }
  if (s.size() <= 19 || (s[19] != '.' && s[19] != ',')) return 0;  // none (fraction() reads no more)
  return fraction_slow(s, micros);
}

// The zone bytes of a remembered ISO timestamp ("Z", "+0100", "+01:00",
// " +0100": 1, 5 or 6 bytes) equal at `a` and `b`.
bool same_zone(const char* a, const char* b, std::size_t z) {
  if (z < 4) return std::memcmp(a, b, z) == 0;
  std::uint32_t x0, y0, x1, y1;
  std::memcpy(&x0, a, 4);
  std::memcpy(&y0, b, 4);
  std::memcpy(&x1, a + z - 4, 4);
  std::memcpy(&y1, b + z - 4, 4);
  return ((x0 ^ y0) | (x1 ^ y1)) == 0;
}

// The rest of an ISO timestamp after its first 19 bytes (read into `r`);
// `zone_at`, when given, is set to where the zone starts (after the fraction).
std::size_t iso_rest(std::string_view s, CivilTime& t, bool allow_spaced_zone, CivilTime r,
                     std::size_t* zone_at = nullptr);

std::size_t parse_iso_time_afresh(std::string_view s, CivilTime& t, bool allow_spaced_zone,
                                  Scratch::Stamps& last);

}  // namespace

std::size_t parse_iso_time(std::string_view s, CivilTime& t, bool allow_spaced_zone) {
  CivilTime r;
  if (!iso_date_clock(s, r)) return 0;
  return iso_rest(s, t, allow_spaced_zone, r);
}

std::size_t parse_iso_time(std::string_view s, CivilTime& t, bool allow_spaced_zone,
                           Scratch::Stamps& last) {
  // A slot holds a timestamp that parsed: its date and time of day (bytes
  // 0-18), then the zone's bytes as they followed its fraction (none, "Z",
  // "+0100", "+01:00" or " +0100"), and in `time` what was read from them
  // (micros 0). A line of the same minute reads only its seconds (from bytes
  // 17 and 18 alone, any up to 60: iso_date_clock's rule, and valid_civil
  // then holds for any of them) and its fraction; its zone is the slot's when
  // the same bytes follow its fraction (zone() reads no byte past them), or
  // none when the bytes there cannot start one. Anything else is read afresh.
  constexpr std::size_t kHead = 19, kSeconds = 17;
  if (s.size() >= kHead) {
    const unsigned tens = static_cast<unsigned char>(s[kSeconds]) - '0';
    const unsigned ones = static_cast<unsigned char>(s[kSeconds + 1]) - '0';
    if (tens <= 9 && ones <= 9 && tens * 10 + ones <= 60) {
      for (const Scratch::Stamp& m : last.slot) {
        if (m.size < kHead || !same_minute(s.data(), m.bytes)) continue;
        // (The result is written once, at the end: a CivilTime patched byte by
        // byte in memory and then copied whole stalls the copy's load.)
        std::int32_t micros = 0;
        std::size_t pos = kHead + fraction3(s, micros);
        const std::size_t z = m.size - kHead;
        if (z == 0) {
          if (pos < s.size()) {
            const char c = s[pos];
            if (c == 'Z' || c == '+' || c == '-' ||
                (c == ' ' && pos + 1 < s.size() && (s[pos + 1] == '+' || s[pos + 1] == '-')))
              continue;
          }
        } else {
          if (s.size() - pos < z || (m.bytes[kHead] == ' ' && !allow_spaced_zone)) continue;
          if (!same_zone(s.data() + pos, m.bytes + kHead, z)) continue;
          pos += z;
        }
        t = m.time;
        t.second = static_cast<std::int8_t>(tens * 10 + ones);
        t.micros = micros;
        return pos;
      }
    }
  }
  return parse_iso_time_afresh(s, t, allow_spaced_zone, last);
}

namespace {

// parse_iso_time's time read afresh (and remembered in a slot when it may
// be). Out of line, so that the remembered minute's path above saves and
// restores only the few registers it uses.
[[gnu::noinline]] std::size_t parse_iso_time_afresh(std::string_view s, CivilTime& t, bool allow_spaced_zone,
                                                    Scratch::Stamps& last) {
  constexpr std::size_t kHead = 19;
  CivilTime r;
  if (!iso_date_clock(s, r)) return 0;
  std::size_t zone_at = 0;
  const std::size_t n = iso_rest(s, t, allow_spaced_zone, r, &zone_at);
  if (n == 0) return 0;
  // " +01:00" is no spaced zone (that has no colon), yet zone() has set the
  // offset it read: such a time is not remembered (a slot without zone bytes
  // stands for no offset).
  if (n == zone_at && t.has_offset) return n;
  Scratch::Stamp& m = last.slot[last.next];
  last.next ^= 1;
  std::memcpy(m.bytes, s.data(), kHead);
  std::memcpy(m.bytes + kHead, s.data() + zone_at, n - zone_at);
  m.size = static_cast<std::uint8_t>(kHead + n - zone_at);
  m.seconds = 0;
  m.time = t;
  m.time.micros = 0;
  return n;
}

std::size_t iso_rest(std::string_view s, CivilTime& t, bool allow_spaced_zone, CivilTime r,
                     std::size_t* zone_at) {
  std::size_t pos = 19;
  pos += fraction(s, pos, r);
  if (zone_at) *zone_at = pos;
  if (std::size_t z = zone(s, pos, r)) {
    pos += z;
  } else if (allow_spaced_zone && pos + 1 < s.size() && s[pos] == ' ' &&
             (s[pos + 1] == '+' || s[pos + 1] == '-')) {
    if (std::size_t z2 = zone(s, pos + 1, r); z2 == 5) pos += 1 + z2;
  }
  if (!valid_civil(r)) return 0;
  t = r;
  return pos;
}

}  // namespace

long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

long long to_unix_utc(const CivilTime& t) {
  long long days = days_from_civil(t.year, t.month, t.day);
  long long secs = days * 86400LL + t.hour * 3600LL + t.minute * 60LL + t.second;
  if (t.has_offset) secs -= t.offset_minutes * 60LL;
  return secs;
}

}  // namespace smtplog
