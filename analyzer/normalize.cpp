// One pass over whitespace-separated tokens: codes of a flattened multi-line
// reply are dropped, volatile tokens (addresses, IPs, ids, long numbers) become
// placeholders, the rest is lower-cased. Byte-level, no regex: this runs once per
// distinct failure reply, but also on every failure line whose exact text the
// classifier's cache has not seen (about a third of them: addresses and IPs
// vary), so it writes into a pre-sized buffer and learns from one look at each
// token's bytes which of the costlier tests (bare '@', IPv6, id) can apply.
#include "analyzer/normalize.h"

#include <array>
#include <bit>
#include <cstring>

#include "parsers/ascii.h"
#include "parsers/find_text.h"  // bytes_in
#include "parsers/reply.h"

namespace smtplog {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_code(std::string_view t) {
  return t.size() == 3 && t[0] >= '2' && t[0] <= '5' && is_digit(t[1]) && is_digit(t[2]);
}

std::string_view strip_trailing_punct(std::string_view t) {
  while (!t.empty() && (t.back() == ',' || t.back() == '.' || t.back() == ';' ||
                        t.back() == ':' || t.back() == ')' || t.back() == '('))
    t.remove_suffix(1);
  return t;
}

bool is_ipv6(std::string_view t) {
  t = strip_trailing_punct(t);
  int colons = 0;
  for (char c : t) {
    if (c == ':') ++colons;
    else if (!is_hex(c) && c != '.') return false;
  }
  return colons >= 2;
}

bool is_id_like(std::string_view t) {
  t = strip_trailing_punct(t);
  if (t.size() < 12) return false;
  bool letter = false, digit = false;
  for (char c : t) {
    if (c == '/' || c == '<' || c == '[' || c == '@' || c == '=') return false;
    letter |= is_alpha(c);
    digit |= is_digit(c);
  }
  return letter && digit;
}

bool has_bare_at(std::string_view t) {
  int depth = 0;
  for (char c : t) {
    if (c == '<' || c == '[') ++depth;
    else if ((c == '>' || c == ']') && depth > 0) --depth;
    else if (c == '@' && depth == 0) return true;
  }
  return false;
}

// A run of digits and dots (starting and ending with a digit) that
// normalize_reply writes as "#ip": four groups of one to three digits (its
// digits are not checked: 999.1.1.1 is one too).
bool is_ipv4_run(std::string_view run) {
  int groups = 1, len = 0;
  for (char c : run) {
    if (c == '.') {
      if (len == 0 || len > 3) return false;
      ++groups;
      len = 0;
    } else {
      ++len;
    }
  }
  return len != 0 && len <= 3 && groups == 4;
}

// Appends a run of digits and dots: an IPv4 address becomes "#ip", digit runs
// of 5 or more become "#", anything else is kept. Returns the new end.
char* append_number_run(std::string_view run, char* out) {
  if (is_ipv4_run(run)) {
    std::memcpy(out, "#ip", 3);
    return out + 3;
  }
  std::size_t i = 0;
  while (i < run.size()) {
    std::size_t j = i;
    while (j < run.size() && is_digit(run[j])) ++j;
    if (j - i >= 5) {
      *out++ = '#';
    } else {
      std::memcpy(out, run.data() + i, j - i);
      out += j - i;
    }
    if (j < run.size()) *out++ = run[j];  // a dot
    i = j + 1;
  }
  return out;
}

// What a token holds, from one table lookup per byte: the tests below only
// run when their necessary bytes are there.
enum : unsigned char { kAt = 1, kColon = 2, kDigit = 4, kAlpha = 8, kSpecial = 16 /* < [ or digit */ };
constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    if (ch == '@') t[c] |= kAt;
    if (ch == ':') t[c] |= kColon;
    if (is_digit(ch)) t[c] |= kDigit | kSpecial;
    if (is_alpha(ch)) t[c] |= kAlpha;
    if (ch == '<' || ch == '[') t[c] |= kSpecial;
  }
  return t;
}();

// Writes a token's normalized form at `out` (which has room: see
// normalize_reply) and returns the end of what it wrote.
char* append_token(std::string_view t, unsigned classes, char* out) {
  auto put = [&out](std::string_view s) {
    std::memcpy(out, s.data(), s.size());
    out += s.size();
  };
  if ((classes & kAt) && has_bare_at(t)) {
    *out++ = '@';
    return out;
  }
  // is_ipv6 needs two colons, is_id_like twelve bytes with a letter and a digit.
  const bool ipv6 = (classes & kColon) && is_ipv6(t);
  if (ipv6 || (t.size() >= 12 && (classes & kDigit) && (classes & kAlpha) && is_id_like(t))) {
    std::string_view core = strip_trailing_punct(t);
    put(ipv6 ? "#ip" : "#id");
    put(t.substr(core.size()));
    return out;
  }
  if (!(classes & kSpecial)) {  // the common word: lower-cased as it is
    for (char c : t) *out++ = ascii_lower(c);
    return out;
  }
  std::size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '<' || c == '[') {
      char close = c == '<' ? '>' : ']';
      std::size_t end = t.find(close, i + 1);
      if (end != std::string_view::npos) {
        *out++ = c;
        *out++ = close;
        i = end + 1;
        continue;
      }
    }
    if (is_digit(c)) {
      std::size_t j = i;
      while (j < t.size() && (is_digit(t[j]) || t[j] == '.')) ++j;
      std::size_t k = j;
      while (k > i && t[k - 1] == '.') --k;  // trailing dot is punctuation
      out = append_number_run(t.substr(i, k - i), out);
      i = k;
      continue;
    }
    *out++ = ascii_lower(c);
    ++i;
  }
  return out;
}

// generalize_reply's byte classes.
enum : unsigned char { gAt = 1, gDot = 2, gDigit = 4, gAlpha = 8, gNotId = 16 /* / < [ @ = */, gSpace = 32 };
constexpr std::array<unsigned char, 256> kGeneralClass = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    if (ch == '@') t[c] |= gAt | gNotId;
    if (ch == '.') t[c] |= gDot;
    if (is_digit(ch)) t[c] |= gDigit;
    if (is_alpha(ch)) t[c] |= gAlpha;
    if (ch == '/' || ch == '<' || ch == '[' || ch == '=') t[c] |= gNotId;
    if (ch == ' ' || ch == '\t') t[c] |= gSpace;
  }
  return t;
}();

constexpr bool is_digit_or_dot(char c) { return is_digit(c) || c == '.'; }

}  // namespace

// Why each replacement leaves normalize_reply's answer as it is (the
// whitespace-separated tokens stay, and no byte class of a token changes but
// the digits' values and the token's length):
// - a token with a bare '@' is written "@" whatever else it holds; a token
//   that starts with a digit is left alone (it may be a "550-" code prefix,
//   or read as an enhanced code after a reply code), and one that starts with
//   anything else is never dropped as a code nor read as one;
// - a run of digits and dots that is an IPv4 address once its leading and
//   trailing dots are off is written "#ip" whatever its digits wherever
//   append_token meets it (a run never spans a bracket, so it is skipped
//   inside a <...> or [...] pair or met whole); the token's other tests: the
//   bare '@' and IPv6 ones look at byte classes only, read_enhanced never
//   reads an IPv4 address as an enhanced code (its fourth group follows the
//   third's dot), nor into a run after its own end byte; is_id_like looks at
//   the length, so a token that could be id-like (a letter, none of / < [ @ =,
//   12 bytes or more without its trailing punctuation) is left alone, and in
//   any other token the shorter "0.0.0.0" is not id-like either.
bool generalize_reply(std::string_view text, std::string& out) {
  const char* const s = text.data();
  const std::size_t n = text.size();
  std::size_t copied = 0;  // text[0, copied) is in out once something changed
  bool changed = false;
  auto replace = [&](std::size_t from, std::size_t to, std::string_view with) {
    if (!changed) out.clear();
    changed = true;
    out.append(s + copied, from - copied);
    out.append(with);
    copied = to;
  };
  // The token around text[i] (an '@', or a '.' after a digit: every token
  // with something to replace holds one), once.
  std::size_t resume = 0;  // the end of the last token looked at
  auto token_at = [&](std::size_t i) {
    if (i < resume) return;
    std::size_t start = i, end = i;
    while (start > 0 && s[start - 1] != ' ' && s[start - 1] != '\t') --start;
    unsigned classes = 0;
    for (std::size_t k = start; k < end; ++k) classes |= kGeneralClass[static_cast<unsigned char>(s[k])];
    for (; end < n; ++end) {
      const unsigned k = kGeneralClass[static_cast<unsigned char>(s[end])];
      if (k & gSpace) break;
      classes |= k;
    }
    resume = end;
    const std::string_view t(s + start, end - start);
    if ((classes & gAt) && !is_digit(t[0]) && has_bare_at(t)) {
      if (t != "@") replace(start, end, "@");
      return;
    }
    if ((classes & gAlpha) && !(classes & gNotId) && strip_trailing_punct(t).size() >= 12) return;
    for (std::size_t k = 0; k < t.size();) {
      if (!is_digit_or_dot(t[k])) {
        ++k;
        continue;
      }
      std::size_t j = k;
      while (j < t.size() && is_digit_or_dot(t[j])) ++j;
      std::size_t a = k, b = j;
      while (a < b && t[a] == '.') ++a;
      while (b > a && t[b - 1] == '.') --b;
      const std::string_view run = t.substr(a, b - a);
      if (run != "0.0.0.0" && is_ipv4_run(run)) replace(start + a, start + b, "0.0.0.0");
      k = j;
    }
  };
#if defined(__SSE2__)
  // 16 bytes a step: the '@' bytes and the dots after a digit as bit masks.
  unsigned digit_before = 0;  // the last byte of the step before was a digit
  for (std::size_t base = 0; base < n; base += 16) {
    __m128i x;
    if (n - base >= 16) {
      x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + base));
    } else {
      char tail[16] = {};
      std::memcpy(tail, s + base, n - base);
      x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(tail));
    }
    const unsigned digits = static_cast<unsigned>(_mm_movemask_epi8(bytes_in(x, '0', '9')));
    const unsigned dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('.'))));
    const unsigned ats = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('@'))));
    for (unsigned m = ats | (dots & (digits << 1 | digit_before)); m != 0; m &= m - 1)
      token_at(base + static_cast<std::size_t>(std::countr_zero(m)));
    digit_before = digits >> 15 & 1;
  }
#else
  for (std::size_t i = 0; i < n; ++i)
    if (s[i] == '@' || (s[i] == '.' && i > 0 && is_digit(s[i - 1]))) token_at(i);
#endif
  if (changed) out.append(s + copied, n - copied);
  return changed;
}

void normalize_reply(std::string_view text, std::string& out) {
  text = skip_reply_codes(text);
  // Room for the worst case: no token grows ("#ip" stands for three bytes
  // or more, "@" and "<>" for as many), plus one space between tokens.
  out.resize(2 * text.size() + 8);
  char* const begin = out.data();
  char* w = begin;
  std::size_t pos = 0;
  bool drop_enhanced = false;  // the previous token was a dropped code
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    if (pos >= text.size()) break;
    std::size_t end = pos;
    unsigned classes = 0;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t')
      classes |= kByteClass[static_cast<unsigned char>(text[end++])];
    std::string_view t = text.substr(pos, end - pos);
    pos = end;
    // Codes inside a flattened multi-line reply: "550-5.7.1", "550-", "550 5.7.1".
    if (t.size() >= 4 && is_code(t.substr(0, 3)) && t[3] == '-') {
      t.remove_prefix(4);
      if (t.empty()) continue;
      if (std::size_t n = read_enhanced(t); n == t.size()) continue;
    }
    if (drop_enhanced) {
      drop_enhanced = false;
      if (read_enhanced(t) == t.size()) continue;
    }
    if (is_code(t)) {
      std::size_t look = pos;
      while (look < text.size() && text[look] == ' ') ++look;
      if (read_enhanced(text.substr(look)) != 0) {
        drop_enhanced = true;
        continue;
      }
    }
    if (w != begin) *w++ = ' ';
    w = append_token(t, classes, w);
  }
  out.resize(static_cast<std::size_t>(w - begin));
}

}  // namespace smtplog
