// Field-level reading of Exim lines, by hand: every helper walks forward over
// the bytes once, never backs up more than a token, and never reads past the
// view, so a truncated or hostile line costs at most one pass and cannot make
// a helper read out of bounds. No regex: these run on every delivery line.
#include "parsers/exim_fields.h"

#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/ascii.h"
#include "parsers/reply.h"

namespace smtplog::exim {
namespace {

// Byte classes by table: message ids are checked on every line.
struct Classes {
  bool base62[256] = {};
  constexpr Classes() {
    for (int c = '0'; c <= '9'; ++c) base62[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) base62[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) base62[c] = true;
  }
};
constexpr Classes kClasses;

bool is_base62(char c) { return kClasses.base62[static_cast<unsigned char>(c)]; }

bool is_key_char(char c) { return is_base62(c) || c == '_'; }

bool all_base62(std::string_view s, std::size_t pos, std::size_t n) {
  bool ok = true;
  for (std::size_t i = pos; i < pos + n; ++i) ok &= is_base62(s[i]);  // no early exit: no branches
  return ok;
}

#if defined(__SSE2__)
// 0xff in each byte of `x` that is base-62 (a digit or an ASCII letter of
// either case), 0 in the others, from two compares: a byte ORed with 0x20 is
// a lower-case letter only when it is a letter of either case, and a range is
// one signed compare after moving its start to -128.
__m128i base62_bytes(__m128i x) {
  const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                                       _mm_set1_epi8(static_cast<char>(-128 + 10)));
  const __m128i letter =
      _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                     _mm_set1_epi8(static_cast<char>(-128 + 26)));
  return _mm_or_si128(digit, letter);
}
#endif

// The length of the key of a KEY=value field at `pos` (one to nine base-62
// characters or '_', then '='), 0 when there is none there.
std::size_t key_length(std::string_view s, std::size_t pos) {
#if defined(__SSE2__)
  if (s.size() - pos >= 16) {
    // The run of key characters from `pos`, from one load.
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    const __m128i key = _mm_or_si128(base62_bytes(x), _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));
    const unsigned run = static_cast<unsigned>(std::countr_one(static_cast<unsigned>(_mm_movemask_epi8(key))));
    return run >= 1 && run <= 9 && s[pos + run] == '=' ? run : 0;
  }
#endif
  std::size_t k = pos;
  while (k < s.size() && k - pos < 9 && is_key_char(s[k])) ++k;
  return k > pos && k < s.size() && s[k] == '=' ? k - pos : 0;
}

// Flags Exim writes without a value on delivery lines: K (CHUNKING), PRDR,
// L / L* (early pipelining), TFO / TFO* (TCP Fast Open), * (host tried before).
// (By length, not by a loop over the seven: every field list ends in a word
// that is tested here.)
bool is_bare_flag(std::string_view w) {
  switch (w.size()) {
    case 1: return w[0] == 'K' || w[0] == 'L' || w[0] == '*';
    case 2: return w[0] == 'L' && w[1] == '*';
    case 3: return has_prefix(w, "TFO");
    case 4: return has_prefix(w, "PRDR") || has_prefix(w, "TFO*");
    default: return false;
  }
}

// The 4 bytes at `s` with 0x20 ORed into each: equal to lower4() of four
// lower-case letters only when `s` holds those letters in either case (no
// other byte ORed with 0x20 gives a lower-case letter).
std::uint32_t folded4(const char* s) {
  std::uint32_t x;
  std::memcpy(&x, s, 4);
  return x | 0x20202020u;
}
std::uint32_t lower4(const char (&word)[5]) { return folded4(word); }

// The bytes a bare flag or a comment can start with.
bool may_start_flag(char c) { return c == 'K' || c == 'L' || c == '*' || c == 'T' || c == 'P' || c == '('; }

// A phrase compared with a line's bytes ignoring ASCII case, 8 bytes a step:
// the phrase's 8-byte words (at 0, 8, ... and its last 8 bytes, overlapping)
// and, per word, 0x20 in the bytes that hold letters. A byte ORed with 0x20
// gives a lower-case letter only when it is that letter in either case; the
// other bytes of the phrase compare as they are. Built at compile time.
struct Folded {
  std::uint64_t want[4] = {}, fold[4] = {};
  std::size_t at[4] = {};
  std::size_t words = 0, size = 0;
};

template <std::size_t N>
consteval Folded folded(const char (&lit)[N]) {
  static_assert(N - 1 >= 8, "a phrase of at least 8 bytes");
  static_assert(N - 1 <= 32, "a phrase of at most 32 bytes");
  Folded f;
  f.size = N - 1;
  for (std::size_t o = 0;; o += 8) {
    const std::size_t at = o + 8 <= f.size ? o : f.size - 8;
    std::uint64_t want = 0, fold = 0;
    for (std::size_t k = 0; k < 8; ++k) {
      const char c = lit[at + k];
      if (c >= 'A' && c <= 'Z') throw "phrases are written in lower case";
      const std::size_t shift = std::endian::native == std::endian::little ? 8 * k : 8 * (7 - k);
      want |= std::uint64_t{static_cast<unsigned char>(c)} << shift;
      if (c >= 'a' && c <= 'z') fold |= std::uint64_t{0x20} << shift;
    }
    f.want[f.words] = want;
    f.fold[f.words] = fold;
    f.at[f.words] = at;
    ++f.words;
    if (at + 8 >= f.size) break;
  }
  return f;
}

// s starts with the phrase, ignoring ASCII case.
bool istarts_with(std::string_view s, const Folded& p) {
  if (s.size() < p.size) return false;
  for (std::size_t w = 0; w < p.words; ++w) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + p.at[w], 8);
    if ((x | p.fold[w]) != p.want[w]) return false;
  }
  return true;
}

std::size_t skip_spaces(std::string_view s, std::size_t pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return pos;
}

std::size_t token_end(std::string_view s, std::size_t pos) { return find_byte(s, pos, ' '); }

// The closing quote of a value that opens at `open` (which holds '"'),
// honouring backslash escapes; s.size() when the line ends first.
std::size_t closing_quote(std::string_view s, std::size_t open) {
  std::size_t i = open + 1;
#if defined(__SSE2__)
  // 16 bytes a step to the next quote or backslash (C="250 ..." on every delivery).
  while (i + 16 <= s.size()) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const auto hits = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')))));
    if (hits == 0) {
      i += 16;
      continue;
    }
    const std::size_t j = i + static_cast<std::size_t>(std::countr_zero(hits));
    if (s[j] == '"') return j;
    i = j + 2;  // the escaped byte
  }
#endif
  for (; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i;
    }
  }
  return s.size();
}

// Reads the reply at the start of `s` into `r`; true when it has a basic code.
bool take_reply(std::string_view s, Reply& r) {
  std::uint16_t code;
  std::string_view enh;
  if (read_reply_codes(s, code, enh) == 0 || code == 0) return false;
  r.code = code;
  r.enhanced = enh;
  r.text = trim_right(s);
  return true;
}

// From `pos` (just after "... after " / "in response to "), finds the ": "
// that ends the command and is followed by a reply (optionally behind the old
// "host NAME [IP]: "), sets the stage from the command and takes the reply.
bool reply_after_command(std::string_view text, std::size_t pos, Reply& r) {
  std::size_t search = pos;
  while (true) {
    std::size_t c = find_colon_space(text, search);
    if (c == std::string_view::npos) break;
    std::string_view after = tail(text, c + 2);
    if (has_prefix(after, "host ")) {
      // Exim before 4.8x: "...after RCPT TO:<a>: host mx.example [1.2.3.4]: 451 ..."
      std::string_view name, ip;
      std::size_t n = 5 + read_host(after.substr(5), name, ip);
      if (n < after.size() && after[n] == ':') {
        r.stage = stage_from_exim(text.substr(pos, c - pos));
        return take_reply(after.substr(skip_spaces(after, n + 1)), r);
      }
    } else if (take_reply(after, r)) {
      r.stage = stage_from_exim(sub(text, pos, c - pos));
      return true;
    }
    search = c + 2;
  }
  // No reply: the command alone still gives the stage ("SMTP timeout after RCPT TO:<a>").
  std::string_view cmd = text.substr(pos);
  if (std::size_t c = find_colon_space(cmd); c != std::string_view::npos) cmd = cmd.substr(0, c);
  r.stage = stage_from_exim(cmd);
  return false;
}

}  // namespace

std::size_t message_id_length(std::string_view s) {
#if defined(__SSE2__)
  // Every line's first word after the time (and [pid]) is tested here: the
  // id's bytes classified by one or two 16-byte loads, the masks compared
  // with the two shapes.
  if (s.size() < 16) return 0;
  auto base62 = [](const char* p) {
    return static_cast<unsigned>(
        _mm_movemask_epi8(base62_bytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))));
  };
  const unsigned head = base62(s.data());
  if ((head & 0x3f) != 0x3f || s[6] != '-') return 0;  // bytes 0-5 base-62, byte 6 '-'
  // Old ids: bytes 7-12 and 14-15 base-62 too, byte 13 '-', then the end or a space.
  constexpr unsigned kOld = 0xffffu & ~(1u << 6 | 1u << 13);
  if ((head & kOld) == kOld && s[13] == '-' && (s.size() == 16 || s[16] == ' ')) return 16;
  // 4.97+ ids: bytes 7-17 and 19-22 base-62 (bits 0-10 and 12-15 of a load at
  // byte 7), byte 18 '-', then the end or a space.
  if (s.size() >= 23 && (base62(s.data() + 7) | 1u << 11) == 0xffffu && s[18] == '-' &&
      (s.size() == 23 || s[23] == ' '))
    return 23;
  return 0;
#else
  return message_id_length_bytes(s);
#endif
}

std::size_t message_id_length_bytes(std::string_view s) {
  auto ends = [&](std::size_t n) { return s.size() == n || s[n] == ' '; };
  if (s.size() >= 16 && s[6] == '-' && (s[13] == '-' || s[18 % s.size()] == '-') && all_base62(s, 0, 6)) {
    if (s[13] == '-' && all_base62(s, 7, 6) && all_base62(s, 14, 2) && ends(16)) return 16;
    if (s.size() >= 23 && s[18] == '-' && all_base62(s, 7, 11) && all_base62(s, 19, 4) &&
        ends(23))
      return 23;
  }
  return 0;
}

std::size_t read_host(std::string_view s, std::string_view& name, std::string_view& ip) {
  name = {};
  ip = {};
  std::size_t pos = 0;
  if (s.empty()) return 0;
  if (s[0] != '(' && s[0] != '[') {
    std::size_t e = token_end(s, 0);
    name = sub(s, 0, e);
    if (name.size() > 1 && name.back() == ':') {  // "H=name: message"
      name.remove_suffix(1);
      return e - 1;
    }
    pos = e;
    // "name DS [ip]": the address was found with DNSSEC.
    if (has_prefix(tail(s, pos), " DS [")) pos += 3;
    if (pos + 1 >= s.size() || s[pos] != ' ' || (s[pos + 1] != '(' && s[pos + 1] != '['))
      return pos;
    ++pos;
  }
  if (s[pos] == '(') {
    std::size_t close = find_byte(s, pos, ')');
    if (close == s.size()) return pos;  // truncated HELO: keep what we have
    pos = close + 1;
    if (pos + 1 >= s.size() || s[pos] != ' ' || s[pos + 1] != '[') return pos;
    ++pos;
  }
  if (s[pos] == '[') {
    std::size_t e = token_end(s, pos);
    std::size_t close = find_byte(s, pos, ']');
    if (close == s.size() || close > e) {
      // "[4.4.4.4:" in damaged lines: take the token, minus a trailing ':'.
      std::size_t stop = (e > pos + 1 && s[e - 1] == ':') ? e - 1 : e;
      ip = sub(s, pos + 1, stop - pos - 1);
      return stop;
    }
    ip = sub(s, pos + 1, close - pos - 1);
    pos = close + 1;
    if (pos + 1 < s.size() && s[pos] == ':' && is_key_char(s[pos + 1])) {
      pos += 1;  // ":port" (digits, or the test suite's "PORT_S")
      while (pos < s.size() && is_key_char(s[pos])) ++pos;
    }
    if (pos < s.size() && s[pos] == '*') ++pos;  // host marked as tried before
  }
  return pos;
}

std::size_t scan_fields(std::string_view s, Fields& f, bool until_host) {
  std::size_t pos = skip_spaces(s, 0);
  while (pos < s.size()) {
    if (s[pos] == ':' && (pos + 1 == s.size() || s[pos + 1] == ' ')) {
      // " : message" (Exim up to 4.9x puts a space before the colon on "**" lines)
      f.colon = true;
      return skip_spaces(s, pos + 1);
    }
    const std::size_t key_size = key_length(s, pos);
    if (key_size == 0) {
      if (!may_start_flag(s[pos])) return pos;  // first word that is not a field
      std::string_view word = sub(s, pos, token_end(s, pos) - pos);
      if (is_bare_flag(word)) {
        pos = skip_spaces(s, pos + word.size());
        continue;
      }
      if (s[pos] == '(') {
        // A field's comment: "ST=local_delivery (mailbox ... not a regular file)".
        std::size_t close = find_byte(s, pos, ')');
        if (close == s.size()) return pos;
        pos = skip_spaces(s, close + 1);
        continue;
      }
      return pos;  // first word that is not a field
    }
    // The one-letter keys the parsers use, by their letter (0 for any other key).
    const char key = key_size == 1 ? s[pos] : 0;
    std::size_t v = pos + key_size + 1;
    std::string_view value;
    std::size_t end;
    if (key == 'H') {
      end = v + read_host(tail(s, v), f.host, f.ip);
      f.has_host = true;
      if (until_host) return end;
    } else if (v < s.size() && s[v] == '"') {
      std::size_t q = closing_quote(s, v);
      value = sub(s, v + 1, q - v - 1);
      end = q < s.size() ? q + 1 : q;
    } else {
      end = token_end(s, v);
      value = sub(s, v, end - v);
      if (!value.empty() && value.back() == ':') {
        value.remove_suffix(1);
        --end;
      }
    }
    switch (key) {
      case 'R': f.router = value; break;
      case 'T': f.transport = value; break;
      case 'F': f.sender = strip_angles(value); break;
      case 'C': f.confirmation = value; break;
      default: break;
    }
    pos = end;
    if (pos < s.size() && s[pos] == ':' && (pos + 1 == s.size() || s[pos + 1] == ' ')) {
      f.colon = true;
      return skip_spaces(s, pos + 1);
    }
    // Anything glued to the value that is not a space ends the fields.
    if (pos < s.size() && s[pos] != ' ') return pos;
    pos = skip_spaces(s, pos);
  }
  return pos;
}

Stage stage_from_exim(std::string_view c) {
  static constexpr Folded kPipelined = folded("pipelined "), kEndOfData = folded("end of data"),
                          kInitial = folded("initial connection"), kSending = folded("sending data block");
  if (!c.empty() && ascii_lower(c[0]) == 'p' && istarts_with(c, kPipelined)) c.remove_prefix(10);
  if (c.size() >= 4 && (c.size() == 4 || c[4] == ' ' || c[4] == ':')) {
    // The usual commands first: a 4-letter word (none of the phrases below
    // starts with r, m or d), without stage_from_command's walk over its table
    // (which gives the same: no name before these equals them), any case.
    const std::uint32_t w = folded4(c.data());
    if (w == lower4("rcpt")) return Stage::rcpt;
    if (w == lower4("mail")) return Stage::mail;
    if (w == lower4("data")) return Stage::data;
  }
  if (c.empty()) return Stage::unknown;
  switch (ascii_lower(c[0])) {  // the phrases by their first letter ("end of DATA" too: any case)
    case 'e': if (istarts_with(c, kEndOfData)) return Stage::end_of_data; break;
    case 'i': if (istarts_with(c, kInitial)) return Stage::connect; break;
    case 's': if (istarts_with(c, kSending)) return Stage::bdat; break;
    default: break;
  }
  std::size_t e = 0;
  while (e < c.size() && c[e] != ' ' && c[e] != ':') ++e;
  if (e == 0) return Stage::unknown;
  return stage_from_command(c.substr(0, e));
}

bool find_remote_reply(std::string_view text, Reply& r) {
  // Every form below puts ": " before the reply; most failure texts without
  // one ("Connection refused") are done with a single scan.
  if (find_byte(text, 0, ':') == text.size()) return false;
  struct Anchor {
    Needle words;
    bool quoted;  // the command is in quotes and followed by " was: "
  };
  static constexpr Anchor kAnchors[] = {  // most frequent first
      {"error from remote mail server after ", false},  // SMTP error from ...
      {"LMTP error after ", false},
      {"PRDR error after ", false},  // per-recipient reply after the data
      {"response to \"", true},  // callout: response to "MAIL FROM:<>" was: 550 ...
      {"in response to ", false},
      {"timeout after ", false},
  };
  for (const Anchor& a : kAnchors) {
    std::size_t p = find_text(text, a.words);
    if (p == std::string_view::npos) continue;
    std::size_t start = p + a.words.text.size();
    if (!a.quoted) {
      bool found = reply_after_command(text, start, r);
      if (has_prefix(a.words.text, "PRDR")) r.stage = Stage::end_of_data;
      if (found) return true;
      break;  // the command gave the stage; look for "response was:" below
    }
    std::size_t q = text.find('"', start);
    if (q == std::string_view::npos) continue;
    r.stage = stage_from_exim(text.substr(start, q - start));
    std::string_view rest = text.substr(q + 1);
    if (has_prefix(rest, " was: ")) return take_reply(rest.substr(6), r);
    break;
  }
  // "Remote host closed connection in response to HELO x (EHLO response was: 550 ...)"
  if (std::size_t p = find_text(text, "response was: "); p != std::string_view::npos) {
    if (take_reply(text.substr(p + 14), r)) {
      if (r.text.ends_with(')')) r.text.remove_suffix(1);
      return true;
    }
  }
  return false;
}

std::string_view strip_angles(std::string_view s) {
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') return s.substr(1, s.size() - 2);
  return s;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool contains_smtp_nocase(std::string_view s) {
  if (std::endian::native == std::endian::little && s.size() >= 8) {
    // By the 'p' (either case) that ends a match: the 8-byte words at 0, 8,
    // ... and the last 8 bytes, each byte ORed with 0x20 and compared with 'p'
    // (an exact per-byte zero test, no borrow between bytes), then the four
    // bytes that end at each such byte compared at once. A match ends in one
    // of them, so none is missed; the overlapping last word only re-tests.
    constexpr std::uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL, kFold = 0x2020202020202020ULL,
                            kP = 0x7070707070707070ULL;
    for (std::size_t o = 0;; o += 8) {
      const std::size_t at = o + 8 <= s.size() ? o : s.size() - 8;
      std::uint64_t x;
      std::memcpy(&x, s.data() + at, 8);
      const std::uint64_t y = (x | kFold) ^ kP;                 // a zero byte where 'p' or 'P' is
      std::uint64_t hits = ~(((y & kLow7) + kLow7) | y | kLow7);  // 0x80 in each zero byte
      for (; hits != 0; hits &= hits - 1) {
        const std::size_t p = at + static_cast<std::size_t>(std::countr_zero(hits)) / 8;
        if (p >= 3 && folded4(s.data() + p - 3) == lower4("smtp")) return true;
      }
      if (at + 8 >= s.size()) return false;
    }
  }
  for (std::size_t i = 0; i + 4 <= s.size(); ++i)  // four bytes compared at once, any case
    if (folded4(s.data() + i) == lower4("smtp")) return true;
  return false;
}

}  // namespace smtplog::exim
