#pragma once
// Searching short log texts (internal to parsers/): for literals, memchr for
// the literal's rarest byte, chosen at compile time, then a compare; for one
// byte over a few dozen, 8 bytes at a time without a call.
//
//   if (find_text(body, " said: ") != std::string_view::npos) ...
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace smtplog {

#if defined(__SSE2__)
/// Each of the 16 bytes of `x` that lies in [lo, hi] (ASCII bounds) as 0xff,
/// the others 0. Bytes >= 0x80 are negative to SSE2's signed compares, so
/// outside every such range.
inline __m128i bytes_in(__m128i x, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
                       _mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(hi + 1))));
}
#endif

/// How often a byte shows up in log text, low for rare bytes: space and the
/// lower-case letters by English letter frequency are the most common.
constexpr int commonness(char c) {
  constexpr std::string_view kLower = "zqxjkvbpygfwmucldrhsnioate";
  if (c == ' ') return 100;
  if (c >= 'a' && c <= 'z') return 40 + static_cast<int>(kLower.find(c));
  if (c >= '0' && c <= '9') return 30;
  if (c >= 'A' && c <= 'Z') return 20;
  return c == '.' ? 35 : 0;
}

/// A literal to search for, with its rarest byte chosen at compile time.
struct Needle {
  std::string_view text;
  std::size_t anchor = 0;
  template <std::size_t N>
  consteval Needle(const char (&s)[N]) : text(s, N - 1) {
    for (std::size_t i = 1; i < text.size(); ++i)
      if (commonness(text[i]) < commonness(text[anchor])) anchor = i;
  }
};

/// Offset of `needle` in `hay` at or after `from`, npos when absent: memchr
/// for the needle's rarest byte, then a compare. (string_view::find calls
/// memchr at every occurrence of the first byte, often a space; glibc's memmem
/// spends more on setup than these short texts take to scan.)
inline std::size_t find_text(std::string_view hay, const Needle& needle, std::size_t from = 0) {
  const std::string_view n = needle.text;
  const std::size_t k = needle.anchor;
  if (from > hay.size() || hay.size() - from < n.size()) return std::string_view::npos;
  if (n.empty()) return from;
  const char* base = hay.data();
  const char* p = base + from + k;
  const char* last = base + hay.size() - n.size() + k;
  while (p <= last) {
    p = static_cast<const char*>(std::memchr(p, n[k], static_cast<std::size_t>(last - p) + 1));
    if (p == nullptr) return std::string_view::npos;
    if (std::memcmp(p - k, n.data(), n.size()) == 0) return static_cast<std::size_t>(p - k - base);
    ++p;
  }
  return std::string_view::npos;
}

/// Position of the first `c` in `s` at or after `from`, s.size() when none
/// (the same as s.find(c, from), with s.size() for npos).
/// For the short scans of a line's fields (a few to a few dozen bytes), where
/// a memchr call costs more than the scan: 16 bytes a step with SSE2, then 8
/// bytes a step, a byte equal to `c` flagged by the borrow trick (the lowest
/// flag is exact).
inline std::size_t find_byte(std::string_view s, std::size_t from, char c) {
  std::size_t i = from;
#if defined(__SSE2__)
  // 16 bytes a step (SSE2 is part of every x86-64); the SWAR loop below takes the tail.
  const __m128i needle = _mm_set1_epi8(c);
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    if (unsigned hit = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, needle))))
      return i + static_cast<std::size_t>(std::countr_zero(hit));
  }
#endif
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    const std::uint64_t pattern = kOnes * static_cast<unsigned char>(c);
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t x;
      std::memcpy(&x, s.data() + i, 8);
      x ^= pattern;
      if (std::uint64_t hit = (x - kOnes) & ~x & kHigh)
        return i + static_cast<std::size_t>(std::countr_zero(hit) / 8);
    }
  }
  while (i < s.size() && s[i] != c) ++i;
  return i < s.size() ? i : s.size();  // also when `from` is past the end
}

/// True when `hay` contains `needle` (find_text != npos).
inline bool contains_text(std::string_view hay, const Needle& needle) {
  return find_text(hay, needle) != std::string_view::npos;
}

}  // namespace smtplog
