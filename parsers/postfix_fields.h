#pragma once
// Pieces of Postfix message bodies shared by the Postfix parser's files
// (postfix.cpp, postfix_delivery.cpp, postfix_action.cpp). Internal to parsers/.
//
//   std::size_t n = postfix::queue_id_length("4F9D12A3B: removed");   // 9
//   postfix::Peer peer;
//   postfix::read_peer("mx.example[192.0.2.1]:25: ...", peer);       // 24
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/event.h"
#include "parsers/find_text.h"
#include "parsers/view.h"

namespace smtplog::postfix {

/// queue_id_length for every case (out of line).
std::size_t queue_id_length_any(std::string_view body);

/// Length of the queue id at the start of `body` when it is followed by ": "
/// (short ids: upper-case hex; long ids: Postfix's vowel-less base-52 with a
/// 'z' separator), else 0. "NOQUEUE" is not a queue id.
inline std::size_t queue_id_length(std::string_view body) {
#if defined(__SSE2__)
  // Every line's body starts here. The commonest case inline, from one
  // 16-byte load: a ':' at i of 5 to 15, every byte before it upper-case hex
  // (so i is also where the first byte that is not a letter or digit is, as
  // queue_id_length_any finds it), then a space or the end.
  if (body.size() >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(body.data()));
    const unsigned colon = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(':'))));
    if (colon != 0) {
      const unsigned i = static_cast<unsigned>(std::countr_zero(colon));
      const unsigned hex = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(bytes_in(x, '0', '9'), bytes_in(x, 'A', 'F'))));
      const unsigned before = (1u << i) - 1;
      if (i >= 5 && (hex & before) == before && (i + 1 == body.size() || body[i + 1] == ' ')) return i;
    }
    // A space before the first ':' (or with none in these 16 bytes): the
    // first byte that is not a letter or digit comes at or before that
    // space and is no ':', so queue_id_length_any would say 0 ("connect
    // from ...", "disconnect from ...", "CONNECT from ...").
    const unsigned space = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' '))));
    if (space != 0 && (colon == 0 || std::countr_zero(space) < std::countr_zero(colon))) return 0;
  }
#endif
  return queue_id_length_any(body);
}

struct Peer {
  std::string_view host;  ///< "mx.example", "unknown", empty for "[ip]:port"
  std::string_view ip;    ///< "192.0.2.1", "2001:db8::1"; empty for a socket path
};

/// Reads "host[ip]", "host[ip]:port" or "[ip]:port" at the start of `s`.
/// Returns the bytes used (after the port when there is one), 0 when `s` does
/// not start with that shape.
std::size_t read_peer(std::string_view s, Peer& peer);

/// Finds "host[ip]" right after the first occurrence of `marker` in `s` (e.g.
/// "host ", "connect to ") and stores it in `ev.peer_*` unless already set.
void peer_after(std::string_view s, std::string_view marker, Event& ev);

/// Reads the envelope fields Postfix puts after a reject ("from=<a> to=<b>
/// proto=ESMTP helo=<h>", space-separated; postscreen separates them with
/// ", ") starting at `pos`. Sets ev.sender / ev.recipient; returns the position
/// after the last field read.
std::size_t read_envelope(std::string_view s, std::size_t pos, Event& ev);

/// What a body that no parser took still names: "status=" anywhere (a status
/// line of unknown shape), else " said: " (a reply), else nothing. The same as
/// testing contains_text for each in turn, in one pass over the body.
enum class ReplyHint : std::uint8_t { none, status, said };
ReplyHint reply_hint(std::string_view body);

/// angle_value for every case (out of line).
std::string_view angle_value_any(std::string_view s, std::size_t pos, std::size_t& end);

/// A "<...>" value starting at s[pos] == '<': the bytes inside the brackets.
/// The closing '>' is the first one followed by the end, ' ', ',', ':' or ';'.
/// `end` is set after the '>' (or to s.size() for a truncated value).
inline std::string_view angle_value(std::string_view s, std::size_t pos, std::size_t& end) {
#if defined(__SSE2__)
  // The common case inline (every status line's to=, every reject's from=,
  // to= and helo=): the first '>' within the 32 bytes after the '<', followed
  // by one of the four bytes (a bit test over 0x20-0x3f: ' ' ',' ':' ';').
  // Anything else goes to angle_value_any, which starts over.
  if (pos + 34 <= s.size()) {  // then the byte after any '>' found is inside s too
    const char* p = s.data() + pos + 1;
    const __m128i close = _mm_set1_epi8('>');
    const unsigned lo = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), close)));
    const unsigned hi = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)), close)));
    if (const unsigned m = lo | hi << 16) {
      const std::size_t k = static_cast<std::size_t>(std::countr_zero(m));  // from p
      const unsigned after = static_cast<unsigned char>(p[k + 1]) - 0x20u;
      constexpr std::uint32_t kClosers = 1u << (' ' - 0x20) | 1u << (',' - 0x20) | 1u << (':' - 0x20) |
                                         1u << (';' - 0x20);
      if (after < 32 && (kClosers >> after & 1)) {
        end = pos + k + 2;
        return std::string_view(p, k);
      }
    }
  }
#endif
  return angle_value_any(s, pos, end);
}

/// Stage of a "while ..." / "after ..." phrase: "receiving the initial server
/// greeting" -> connect, "sending RCPT TO" -> rcpt, "sending end of data" ->
/// end_of_data, "performing the EHLO handshake" -> ehlo.
Stage stage_from_phrase(std::string_view phrase);

/// Fills ev.reply from a reply as logged ("550 5.1.1 <a@b>: User unknown (in
/// reply to RCPT TO command)"): codes, text without the "(in reply to ...)"
/// tail, stage from that tail. Text without codes is kept as the text.
void set_reply(std::string_view text, Event& ev);

/// `s` without leading and trailing spaces and tabs.
std::string_view trim_spaces(std::string_view s);
inline std::string_view trim(std::string_view s) {
  // Most texts have nothing to trim, or one space in front (the status text
  // after "status=sent"): a few byte tests, no call.
  if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (!s.empty() && s.front() != ' ' && s.front() != '\t' && s.back() != ' ' && s.back() != '\t') return s;
  return trim_spaces(s);
}

// Unchecked slices (parsers/view.h), also as postfix::sub / exim::sub.
using smtplog::sub;
using smtplog::tail;

// memcmp's result only tested for zero (string_view::compare keeps its order):
// for a constant `p` GCC compares the bytes inline instead of calling memcmp.
inline bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && std::memcmp(s.data(), p.data(), p.size()) == 0;
}

}  // namespace smtplog::postfix
