#pragma once
// Scratch::Stamp: the last timestamp a parser read, so that the next line of
// the same second, which starts with the same bytes, is not read again
// (prefix.cpp for syslog prefixes, exim.cpp for Exim's own time). Internal to
// parsers/. Each caller states why the bytes after the stamp cannot change
// what its timestamp reader would have returned.
//
//   CivilTime t;
//   std::size_t n = stamp::reuse(scratch.stamp, line, t);
//   if (n == 0 && (n = parse_bsd_time(line, t))) stamp::keep(scratch.stamp, line, n, t);
#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string_view>

#include "parsers/event.h"

namespace smtplog::stamp {

/// memcmp(a, b, n) == 0 without a call for the usual 8 to 32 bytes (two or
/// four overlapping 8-byte loads from each side).
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n < 8 || n > 32) return std::memcmp(a, b, n) == 0;
  auto differ = [a, b](std::size_t at) {
    std::uint64_t x, y;
    std::memcpy(&x, a + at, 8);
    std::memcpy(&y, b + at, 8);
    return x ^ y;
  };
  if (n <= 16) return (differ(0) | differ(n - 8)) == 0;
  return (differ(0) | differ(8) | differ(n - 16) | differ(n - 8)) == 0;
}

/// When `s` starts with the remembered bytes followed by a space: sets `t` to
/// their time and returns their length. Else 0.
inline std::size_t reuse(const Scratch::Stamp& stamp, std::string_view s, CivilTime& t) {
  const std::size_t n = stamp.size;
  if (n == 0 || s.size() <= n || s[n] != ' ' || !same_bytes(s.data(), stamp.bytes, n)) return 0;
  t = stamp.time;
  return n;
}

/// Remembers that the first `n` bytes of `s` read as `t`. `seconds`: when the
/// timestamp ends in two digits of seconds, read by the caller's reader from
/// those two bytes alone (no fraction or zone after them), their position;
/// else 0 (see reuse_minute).
inline void keep(Scratch::Stamp& stamp, std::string_view s, std::size_t n, const CivilTime& t,
                 std::size_t seconds = 0) {
  if (n == 0 || n > sizeof stamp.bytes || n > s.size()) return;
  std::memcpy(stamp.bytes, s.data(), n);
  stamp.size = static_cast<std::uint8_t>(n);
  stamp.seconds = seconds + 2 == n ? static_cast<std::uint8_t>(seconds) : 0;
  stamp.time = t;
}

namespace detail {

// reuse_minute past its compare of the bytes before the seconds.
inline std::size_t patch_seconds(Scratch::Stamp& stamp, std::string_view s, CivilTime& t) {
  const std::size_t n = stamp.size, p = stamp.seconds;
  const unsigned tens = static_cast<unsigned char>(s[p]) - '0', ones = static_cast<unsigned char>(s[p + 1]) - '0';
  if (tens > 9 || ones > 9 || tens * 10 + ones > 60) return 0;
  stamp.bytes[p] = s[p];
  stamp.bytes[p + 1] = s[p + 1];
#if defined(__SSE2__)
  // The new time as one 16-byte value written whole to both places: a byte
  // store into stamp.time read back by a wider load (`t = stamp.time`), and
  // t read again by the callers' copies, would each wait for the store to
  // retire (no store-to-load forwarding from a narrower store): a stall on
  // most lines, which reuse the stamp this way.
  static_assert(sizeof(CivilTime) == 16 && offsetof(CivilTime, second) == 6);
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&stamp.time));
  const int word = (_mm_extract_epi16(v, 3) & 0xff00) | static_cast<int>(tens * 10 + ones);
  v = _mm_insert_epi16(v, word, 3);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&stamp.time), v);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&t), v);
#else
  stamp.time.second = static_cast<std::int8_t>(tens * 10 + ones);
  t = stamp.time;
#endif
  return n;
}

}  // namespace detail

/// The next second of the same minute: when `s` starts with the remembered
/// bytes up to their seconds, then two digits of at most 60 (what the readers
/// accept) and a space, sets `t` to the remembered time with those seconds,
/// remembers them, and returns the stamp's length. Else 0. Only for stamps
/// kept with their `seconds`: the readers then read the seconds from those
/// two bytes alone, and nothing else depends on them (the fields before are
/// read from the same bytes, and any seconds up to 60 are valid).
inline std::size_t reuse_minute(Scratch::Stamp& stamp, std::string_view s, CivilTime& t) {
  const std::size_t n = stamp.size, p = stamp.seconds;
  if (p == 0 || s.size() <= n || s[n] != ' ' || !same_bytes(s.data(), stamp.bytes, p)) return 0;
  return detail::patch_seconds(stamp, s, t);
}

/// reuse, then reuse_minute: the same results as calling the two in turn,
/// with one compare of the bytes before the seconds when the stamp has them
/// (the syslog prefix's BSD stamps, whose seconds were kept by the reader).
inline std::size_t reuse_second_or_minute(Scratch::Stamp& stamp, std::string_view s, CivilTime& t) {
  const std::size_t n = stamp.size, p = stamp.seconds;
  if (p == 0) return reuse(stamp, s, t);
  if (s.size() <= n || s[n] != ' ' || !same_bytes(s.data(), stamp.bytes, p)) return 0;
  if (s[p] == stamp.bytes[p] && s[p + 1] == stamp.bytes[p + 1]) {  // the same second
    t = stamp.time;
    return n;
  }
  return detail::patch_seconds(stamp, s, t);
}

}  // namespace smtplog::stamp
