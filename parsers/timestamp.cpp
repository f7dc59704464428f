// Timestamp readers. Hand-written digit parsing: these run on every line, and a
// regex here would cost more than the rest of the line's parse.
#include "parsers/timestamp.h"

#include "parsers/stamp.h"

#include <cstdint>

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

// The rest of an ISO timestamp after its first 19 bytes (read into `r`).
std::size_t iso_rest(std::string_view s, CivilTime& t, bool allow_spaced_zone, CivilTime r);

}  // namespace

std::size_t parse_iso_time(std::string_view s, CivilTime& t, bool allow_spaced_zone) {
  CivilTime r;
  if (!iso_date_clock(s, r)) return 0;
  return iso_rest(s, t, allow_spaced_zone, r);
}

std::size_t parse_iso_time(std::string_view s, CivilTime& t, bool allow_spaced_zone,
                           Scratch::Stamps& last) {
  constexpr std::size_t kHead = 19;
  auto same = [&s](const Scratch::Stamp& m) {
    return s.size() >= kHead && m.size == kHead && stamp::same_bytes(s.data(), m.bytes, kHead);
  };
  // The same minute with other seconds: iso_date_clock reads the seconds from
  // bytes 17 and 18 alone and accepts any up to 60; the rest is as it read.
  auto same_minute = [&s](Scratch::Stamp& m) {
    constexpr std::size_t kSeconds = 17;
    if (s.size() < kHead || m.size != kHead || !stamp::same_bytes(s.data(), m.bytes, kSeconds)) return false;
    const unsigned tens = static_cast<unsigned char>(s[kSeconds]) - '0';
    const unsigned ones = static_cast<unsigned char>(s[kSeconds + 1]) - '0';
    if (tens > 9 || ones > 9 || tens * 10 + ones > 60) return false;
    m.bytes[kSeconds] = s[kSeconds];
    m.bytes[kSeconds + 1] = s[kSeconds + 1];
    m.time.second = static_cast<std::int8_t>(tens * 10 + ones);
    return true;
  };
  CivilTime r;
  if (same(last.slot[0])) {
    r = last.slot[0].time;  // what iso_date_clock read from the same bytes
  } else if (same(last.slot[1])) {
    r = last.slot[1].time;
  } else if (same_minute(last.slot[0])) {
    r = last.slot[0].time;
  } else if (same_minute(last.slot[1])) {
    r = last.slot[1].time;
  } else {
    if (!iso_date_clock(s, r)) return 0;
    stamp::keep(last.slot[last.next], s, kHead, r);
    last.next ^= 1;
  }
  return iso_rest(s, t, allow_spaced_zone, r);
}

namespace {

std::size_t iso_rest(std::string_view s, CivilTime& t, bool allow_spaced_zone, CivilTime r) {
  std::size_t pos = 19;
  pos += fraction(s, pos, r);
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
