// Small readers for the pieces that recur in Postfix bodies: queue ids,
// "host[ip]:port", "<address>" values, envelope fields, the "(in reply to ...
// command)" tail. All by hand over string_view: they run on the hot path, and
// each is a few bytes at a known place.
#include "parsers/postfix_fields.h"

#include "parsers/find_text.h"
#include "parsers/reply.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace smtplog::postfix {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_upper_hex(char c) { return is_digit(c) || (c >= 'A' && c <= 'F'); }
constexpr bool is_alnum(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool is_vowel(char c) {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
    case 'A': case 'E': case 'I': case 'O': case 'U':
      return true;
    default:
      return false;
  }
}

// Postfix writes the client's address inside the brackets; a socket path
// ("private/dovecot-lmtp") or "unknown" is not an address.
bool looks_like_ip(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  bool sep = false;
  for (char c : s) {
    if (c == '.' || c == ':') {
      sep = true;
    } else if (!is_digit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return sep;
}

bool contains(std::string_view s, std::string_view p) {
  return s.find(p) != std::string_view::npos;
}

}  // namespace

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

namespace {

// What queue_id_length needs to know of a byte, in one table lookup.
enum : unsigned char { kAlnum = 1, kUpperHex = 2, kVowel = 4, kLowerZ = 8 };
constexpr std::array<unsigned char, 256> kQueueIdChar = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    if (is_alnum(ch)) t[c] |= kAlnum;
    if (is_upper_hex(ch)) t[c] |= kUpperHex;
    if (is_vowel(ch)) t[c] |= kVowel;
    if (ch == 'z') t[c] |= kLowerZ;
  }
  return t;
}();

}  // namespace

std::size_t queue_id_length_any(std::string_view s) {
  // Every line's body starts here.
#if defined(__SSE2__)
  // The common short id (hex, 5 to 15 bytes) from one 16-byte load: where the
  // first byte that is not a letter or digit is, and whether all before it are
  // upper-case hex. Bytes >= 0x80 are negative here, outside every range, as
  // they are outside the table's classes. Other cases go on below.
  if (s.size() >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data()));
    const __m128i hex = _mm_or_si128(bytes_in(x, '0', '9'), bytes_in(x, 'A', 'F'));
    const __m128i alnum = _mm_or_si128(_mm_or_si128(hex, bytes_in(x, 'G', 'Z')), bytes_in(x, 'a', 'z'));
    const unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(alnum)) & 0xffff;
    if (other != 0) {
      const std::size_t i = static_cast<std::size_t>(std::countr_zero(other));
      if (s[i] != ':' || (i + 1 < s.size() && s[i + 1] != ' ')) return 0;
      const unsigned before = (1u << i) - 1;
      if ((static_cast<unsigned>(_mm_movemask_epi8(hex)) & before) == before) return i >= 5 ? i : 0;
    }
  }
#endif
  const std::size_t limit = std::min<std::size_t>(s.size(), 33);
  unsigned all = kUpperHex, any = 0;
  std::size_t i = 0;
  for (; i < limit; ++i) {
    unsigned f = kQueueIdChar[static_cast<unsigned char>(s[i])];
    if (!(f & kAlnum)) break;
    all &= f;
    any |= f;
  }
  if (i >= s.size() || s[i] != ':' || (i + 1 < s.size() && s[i + 1] != ' ')) return 0;
  const bool hex = all & kUpperHex, vowels = any & kVowel, z = any & kLowerZ;
  if (hex && i >= 5 && i <= 24) return i;
  if (!vowels && z && i >= 10 && i <= 24) return i;
  return 0;
}

namespace {

// The bytes host_end stops at, by table for the tail of a short value
// ("local", "none", "private/dovecot-lmtp"): one lookup a byte, not nine compares.
constexpr std::array<bool, 256> kHostEnd = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view("[ \t,;()<>")) t[c] = true;
  return t;
}();

// The first byte of s[0, limit) that ends a peer's host name or opens its
// address ('[', or one of " \t,;()<>" that no host name holds), `limit`
// when none: 16 bytes a step with SSE2 where s has them.
std::size_t host_end(std::string_view s, std::size_t limit) {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i < limit && i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    auto eq = [&x](char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
    const __m128i stop = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(eq('['), eq(' ')), _mm_or_si128(eq('\t'), eq(','))),
        _mm_or_si128(_mm_or_si128(eq(';'), eq('(')), _mm_or_si128(_mm_or_si128(eq(')'), eq('<')), eq('>'))));
    if (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(stop))) {
      const std::size_t j = i + static_cast<std::size_t>(std::countr_zero(m));
      return j < limit ? j : limit;
    }
  }
#endif
  for (; i < limit; ++i)
    if (kHostEnd[static_cast<unsigned char>(s[i])]) return i;
  return limit;
}

// looks_like_ip for the common address that fits one 16-byte load of `s`
// (from `at`, inside s): every byte a hex digit, '.' or ':', and one of them a
// separator. Falls back to the byte loop otherwise.
bool ip_inside(std::string_view s, std::size_t at, std::size_t n) {
#if defined(__SSE2__)
  if (n != 0 && n <= 16 && at + 16 <= s.size()) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
    const __m128i sep = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')), _mm_cmpeq_epi8(x, _mm_set1_epi8(':')));
    const __m128i ok = _mm_or_si128(_mm_or_si128(sep, bytes_in(x, '0', '9')),
                                    _mm_or_si128(bytes_in(x, 'a', 'f'), bytes_in(x, 'A', 'F')));
    const unsigned want = (1u << n) - 1;
    return (static_cast<unsigned>(_mm_movemask_epi8(ok)) & want) == want &&
           (static_cast<unsigned>(_mm_movemask_epi8(sep)) & want) != 0;
  }
#endif
  return looks_like_ip(s.substr(at, n));
}

}  // namespace

std::size_t read_peer(std::string_view s, Peer& peer) {
  // The host: up to the first '[' among the first 257 bytes, with none of the
  // bytes a host cannot hold before it.
  const std::size_t limit = std::min<std::size_t>(s.size(), 257);
  const std::size_t i = host_end(s, limit);
  if (i >= limit || s[i] != '[') return 0;
  const std::size_t close = find_byte(s, i + 1, ']');
  if (close == s.size() || close - i > 300) return 0;
  peer.host = s.substr(0, i);
  peer.ip = ip_inside(s, i + 1, close - i - 1) ? s.substr(i + 1, close - i - 1) : std::string_view{};
  std::size_t end = close + 1;
  if (end + 1 < s.size() && s[end] == ':' && is_digit(s[end + 1])) {
    ++end;
    while (end < s.size() && is_digit(s[end])) ++end;
  }
  return end;
}

void peer_after(std::string_view s, std::string_view marker, Event& ev) {
  if (!ev.peer_host.empty() || !ev.peer_ip.empty()) return;
  std::size_t k = s.find(marker);
  if (k == std::string_view::npos) return;
  Peer p;
  if (read_peer(s.substr(k + marker.size()), p)) {
    ev.peer_host = p.host;
    ev.peer_ip = p.ip;
  }
}

ReplyHint reply_hint(std::string_view s) {
  // The '=' of "status=" and the ':' of " said: " are both needles' rarest
  // bytes, and few in these bodies: each one found is checked in place.
  const char* d = s.data();
  const std::size_t n = s.size();
  bool said = false;
  auto status_at = [d, n, &said](std::size_t q) {  // true: "status=" ends at q
    if (d[q] == '=') return q >= 6 && std::memcmp(d + q - 6, "status", 6) == 0;
    if (q >= 5 && q + 1 < n && d[q + 1] == ' ' && std::memcmp(d + q - 5, " said", 5) == 0) said = true;
    return false;
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  auto candidates = [d](std::size_t at) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + at));
    return static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('=')), _mm_cmpeq_epi8(x, _mm_set1_epi8(':')))));
  };
  if (n >= 16) {
    for (; i + 16 <= n; i += 16)
      for (unsigned m = candidates(i); m != 0; m &= m - 1)
        if (status_at(i + static_cast<std::size_t>(std::countr_zero(m)))) return ReplyHint::status;
    if (i < n) {  // the last 16 bytes, without those already seen
      const std::size_t at = n - 16;
      for (unsigned m = candidates(at) & (~0u << (i - at)); m != 0; m &= m - 1)
        if (status_at(at + static_cast<std::size_t>(std::countr_zero(m)))) return ReplyHint::status;
    }
    return said ? ReplyHint::said : ReplyHint::none;
  }
#endif
  for (; i < n; ++i)
    if ((d[i] == '=' || d[i] == ':') && status_at(i)) return ReplyHint::status;
  return said ? ReplyHint::said : ReplyHint::none;
}

std::string_view angle_value_any(std::string_view s, std::size_t pos, std::size_t& end) {
  for (std::size_t k = find_byte(s, pos + 1, '>'); k < s.size(); k = find_byte(s, k + 1, '>')) {
    if (k + 1 == s.size() || s[k + 1] == ' ' || s[k + 1] == ',' || s[k + 1] == ':' ||
        s[k + 1] == ';') {
      end = k + 1;
      return s.substr(pos + 1, k - pos - 1);
    }
  }
  end = s.size();
  return pos + 1 <= s.size() ? s.substr(pos + 1) : std::string_view{};
}

std::size_t read_envelope(std::string_view s, std::size_t pos, Event& ev) {
  while (pos < s.size()) {
    std::size_t p = pos;
    while (p < s.size() && (s[p] == ' ' || s[p] == ',')) ++p;
    std::string_view rest = s.substr(p);
    std::size_t end = 0;
    if (starts_with(rest, "from=<")) {
      ev.sender = angle_value(s, p + 5, end);
    } else if (starts_with(rest, "to=<")) {
      ev.recipient = angle_value(s, p + 3, end);
    } else if (starts_with(rest, "helo=<")) {
      angle_value(s, p + 5, end);
    } else if (starts_with(rest, "proto=")) {
      end = p + 6;
      while (end < s.size() && s[end] != ' ' && s[end] != ',' && s[end] != ';' && s[end] != ':')
        ++end;
    } else {
      break;
    }
    pos = end;
  }
  return pos;
}

Stage stage_from_phrase(std::string_view p) {
  if (contains(p, "initial server greeting")) return Stage::connect;
  if (contains(p, "end of data") || contains(p, "END-OF-MESSAGE") || p == ".")
    return Stage::end_of_data;
  if (contains(p, "RCPT")) return Stage::rcpt;
  if (contains(p, "MAIL")) return Stage::mail;
  if (contains(p, "EHLO") || contains(p, "LHLO")) return Stage::ehlo;
  if (contains(p, "HELO")) return Stage::helo;
  if (contains(p, "BDAT")) return Stage::bdat;
  if (contains(p, "DATA") || contains(p, "message body")) return Stage::data;
  if (contains(p, "TLS")) return Stage::starttls;
  if (contains(p, "AUTH")) return Stage::auth;
  if (contains(p, "QUIT")) return Stage::quit;
  if (contains(p, "CONNECT")) return Stage::connect;
  return Stage::unknown;
}

void set_reply(std::string_view text, Event& ev) {
  text = trim(text);
  constexpr std::string_view kOpen = "(in reply to ";
  constexpr std::string_view kClose = " command)";
  // The tail's end first (one compare), then the last "(in reply to " found
  // back from the end by its '(' (string_view::rfind compares at every byte).
  if (text.size() >= kOpen.size() + kClose.size() &&
      text.compare(text.size() - kClose.size(), kClose.size(), kClose) == 0) {
    std::size_t k = std::string_view::npos;
    for (std::size_t n = text.size(); n != 0;) {
      const void* open = memrchr(text.data(), '(', n);
      if (!open) break;
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(open) - text.data());
      if (text.size() - at >= kOpen.size() && text.compare(at, kOpen.size(), kOpen) == 0) {
        k = at;
        break;
      }
      n = at;
    }
    if (k != std::string_view::npos && text.size() >= k + kOpen.size() + kClose.size()) {
      std::size_t from = k + kOpen.size();
      ev.reply.stage = stage_from_command(text.substr(from, text.size() - kClose.size() - from));
      text = trim(text.substr(0, k));
    }
  }
  ev.reply.text = text;
  read_reply_codes(text, ev.reply.code, ev.reply.enhanced);
}

}  // namespace smtplog::postfix
