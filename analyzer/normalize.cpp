// One pass over whitespace-separated tokens: codes of a flattened multi-line
// reply are dropped, volatile tokens (addresses, IPs, ids, long numbers) become
// placeholders, the rest is lower-cased. Byte-level, no regex: this runs once per
// distinct failure reply, but also on every failure line whose exact text the
// classifier's cache has not seen (about a third of them: addresses and IPs
// vary), so it writes into a pre-sized buffer and learns from one look at each
// token's bytes which of the costlier tests (bare '@', IPv6, id) can apply.
#include "analyzer/normalize.h"

#include <array>
#include <cstring>

#include "parsers/ascii.h"
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

// Appends a run of digits and dots: an IPv4 address becomes "#ip", digit runs
// of 5 or more become "#", anything else is kept. Returns the new end.
char* append_number_run(std::string_view run, char* out) {
  int groups = 1, len = 0;
  bool ipv4 = true;
  for (char c : run) {
    if (c == '.') {
      if (len == 0 || len > 3) ipv4 = false;
      ++groups;
      len = 0;
    } else {
      ++len;
    }
  }
  if (len == 0 || len > 3 || groups != 4) ipv4 = false;
  if (ipv4) {
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

}  // namespace

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
