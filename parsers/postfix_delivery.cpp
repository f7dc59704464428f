// Delivery lines: what smtp, lmtp, local, virtual, pipe, error, retry and
// discard say about one recipient, and the standalone lines of the SMTP and
// LMTP clients about a remote server.
//
//   QUEUEID: to=<r>, orig_to=<o>, relay=mx[ip]:25, delay=.., dsn=5.1.1,
//            status=bounced (host mx[ip] said: 550 5.1.1 ... (in reply to RCPT TO command))
//
// The key=value list is walked once, left to right, until "status="; the
// status text is everything inside the outer parentheses. That text has a
// handful of shapes written by Postfix itself (smtp_proto.c, smtp_connect.c,
// smtp_trouble.c): "host H said: REPLY", "host H refused to talk to me: REPLY",
// "connect to H: reason", "lost connection with H while ...", "conversation
// with H timed out while ...", "delivery temporarily suspended: <one of those>",
// or a reply/text of its own ("250 2.0.0 Ok: queued as ...", "delivered to
// maildir"). Each is recognised by its first bytes, no regex.
#include "parsers/postfix_delivery.h"

#include <bit>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/find_text.h"
#include "parsers/postfix_fields.h"

namespace smtplog::postfix {
namespace {

struct StatusName {
  std::string_view name;
  Outcome outcome;
};

constexpr StatusName kStatuses[] = {
    {"sent", Outcome::sent},
    {"deferred", Outcome::deferred},
    {"bounced", Outcome::bounced},
    {"expired", Outcome::expired},
    {"deliverable", Outcome::deliverable},
    {"undeliverable", Outcome::undeliverable},
    // address verification that is not cached (verify(8) probes)
    {"undeliverable-but-not-cached", Outcome::undeliverable},
    {"deliverable-but-not-cached", Outcome::deliverable},
    // soft_bounce = yes turns a bounce into a deferral and says so
    {"SOFTBOUNCE", Outcome::deferred},
};

// "host H[ip] said: ..." and "... refused to talk to me: ...".
TextKind remote_host_text(std::string_view t, std::size_t at, Event& ev) {
  Peer p;
  std::size_t n = read_peer(t.substr(at), p);
  if (n == 0) return TextKind::plain;
  std::string_view after = t.substr(at + n);
  constexpr std::string_view kSaid = " said: ";
  constexpr std::string_view kRefused = " refused to talk to me: ";
  if (starts_with(after, kSaid)) {
    set_reply(after.substr(kSaid.size()), ev);
  } else if (starts_with(after, kRefused)) {
    set_reply(after.substr(kRefused.size()), ev);
    if (ev.reply.stage == Stage::none) ev.reply.stage = Stage::connect;
  } else {
    return TextKind::plain;
  }
  if (ev.peer_host.empty() && ev.peer_ip.empty()) {
    ev.peer_host = p.host;
    ev.peer_ip = p.ip;
  }
  return TextKind::remote_reply;
}

// A failure to talk to a remote host at all: the text is what there is.
TextKind connection_text(std::string_view t, std::string_view marker, Stage stage, Event& ev) {
  if (!marker.empty()) peer_after(t, marker, ev);
  ev.reply.text = t;
  ev.reply.code = 0;
  ev.reply.enhanced = {};
  ev.reply.stage = stage;
  return TextKind::connection;
}

Stage stage_after_while(std::string_view t) {
  std::size_t k = t.find(" while ");
  return k == std::string_view::npos ? Stage::unknown : stage_from_phrase(t.substr(k + 7));
}

}  // namespace

TextKind parse_result_text(std::string_view t, Event& ev) {
  t = trim(t);
  constexpr std::string_view kSuspended = "delivery temporarily suspended: ";
  if (starts_with(t, kSuspended)) t = trim(t.substr(kSuspended.size()));

  if (starts_with(t, "host ")) {
    if (TextKind k = remote_host_text(t, 5, ev); k != TextKind::plain) return k;
  } else if (starts_with(t, "SASL authentication failed; server ")) {
    if (TextKind k = remote_host_text(t, 35, ev); k != TextKind::plain) return k;
  } else if (starts_with(t, "connect to ")) {
    return connection_text(t, "connect to ", Stage::connect, ev);
  } else if (starts_with(t, "lost connection with ")) {
    return connection_text(t, "lost connection with ", stage_after_while(t), ev);
  } else if (starts_with(t, "conversation with ")) {
    return connection_text(t, "conversation with ", stage_after_while(t), ev);
  } else if (starts_with(t, "TLS is required, but ")) {
    // "... was not offered by host H[ip]" / "... our TLS engine is unavailable"
    return connection_text(t, " by host ", Stage::starttls, ev);
  } else if (starts_with(t, "Host or domain name not found") ||
             starts_with(t, "Name service error for ")) {
    return connection_text(t, {}, Stage::none, ev);  // no host: DNS failed
  }
  set_reply(t, ev);
  return ev.reply.code != 0 || !ev.reply.enhanced.empty() ? TextKind::reply : TextKind::plain;
}

namespace {

enum class Key : std::uint8_t { other, to, orig_to, relay, dsn, status };

// The keys Postfix writes on a status line, recognised by their first byte
// and a compare: the position of their '=', 0 when the key at `pos` is none of
// them. For such a key the first '=' at or after `pos` is that one, so the
// general step (find the '=', check the key) would read the same key.
std::size_t known_key(std::string_view s, std::size_t pos, Key& key) {
  auto is = [s, pos](std::string_view name) {
    return s.size() - pos > name.size() && s.compare(pos, name.size(), name) == 0 &&
           s[pos + name.size()] == '=';
  };
  auto found = [pos, &key](std::string_view name, Key k) {
    key = k;
    return pos + name.size();
  };
  switch (s[pos]) {
    case 't':
      if (is("to")) return found("to", Key::to);
      break;
    case 'o':
      if (is("orig_to")) return found("orig_to", Key::orig_to);
      break;
    case 'r':
      if (is("relay")) return found("relay", Key::relay);
      break;
    case 'd':
      if (is("delay")) return found("delay", Key::other);
      if (is("delays")) return found("delays", Key::other);
      if (is("dsn")) return found("dsn", Key::dsn);
      break;
    case 's':
      if (is("status")) return found("status", Key::status);
      break;
    case 'c':
      if (is("conn_use")) return found("conn_use", Key::other);
      break;
    default:
      break;
  }
  return 0;
}

// The end of a status value at `v`: the first ' ', ',' or '(' (or the end).
// One 16-byte load holds the longest of the usual values ("deferred",
// "undeliverable"); longer ones and the line's last 15 bytes go byte by byte.
std::size_t status_end(std::string_view s, std::size_t v) {
#if defined(__SSE2__)
  if (v + 16 <= s.size()) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + v));
    const __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')),
                                                   _mm_cmpeq_epi8(x, _mm_set1_epi8('('))));
    if (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(stop)))
      return v + static_cast<std::size_t>(std::countr_zero(m));
    v += 16;
  }
#endif
  while (v < s.size() && s[v] != ' ' && s[v] != ',' && s[v] != '(') ++v;
  return v;
}

}  // namespace

ParseResult parse_delivery(std::string_view s, Event& ev) {
  std::string_view status, relay;
  std::size_t pos = 0;
  while (pos < s.size()) {
    Key k = Key::other;
    std::size_t eq = known_key(s, pos, k);
    if (eq == 0) {
      // The key: up to the next '=' (short: scanned inline, not with find()).
      eq = find_byte(s, pos, '=');
      if (eq == s.size()) break;
      std::string_view key = s.substr(pos, eq - pos);
      if (find_byte(key, 0, ' ') != key.size()) return {LineKind::unparsed, "bad delivery field"};
      k = key == "status" ? Key::status
          : key == "to" ? Key::to
          : key == "orig_to" ? Key::orig_to
          : key == "relay" ? Key::relay
          : key == "dsn" ? Key::dsn
          : Key::other;
    }
    std::size_t v = eq + 1;
    if (k == Key::status) {
      std::size_t e = status_end(s, v);
      status = s.substr(v, e - v);
      pos = e;
      break;
    }
    std::size_t end;
    std::string_view value;
    if (v < s.size() && s[v] == '<') {
      value = angle_value(s, v, end);
    } else {
      end = find_byte(s, v, ',');  // the first ", " at or after v, else the end
      while (end + 1 < s.size() && s[end + 1] != ' ') end = find_byte(s, end + 1, ',');
      if (end + 1 >= s.size()) end = s.size();
      value = s.substr(v, end - v);
    }
    switch (k) {
      case Key::to: ev.recipient = value; break;
      case Key::orig_to: ev.orig_to = value; break;
      case Key::relay: relay = value; break;
      case Key::dsn: ev.dsn = value; break;
      case Key::status:
      case Key::other: break;
    }
    pos = end;
    // Postfix's ", " between fields first (one test, not a loop of two turns).
    if (pos + 1 < s.size() && s[pos] == ',' && s[pos + 1] == ' ') pos += 2;
    while (pos < s.size() && (s[pos] == ',' || s[pos] == ' ')) ++pos;
  }
  if (status.empty()) return {LineKind::unparsed, "no status"};

  ev.outcome = Outcome::none;
  for (const StatusName& st : kStatuses)
    if (status == st.name) {
      ev.outcome = st.outcome;
      break;
    }
  if (ev.outcome == Outcome::none) return {LineKind::unparsed, "unknown status"};

  Peer p;
  if (read_peer(relay, p)) {
    ev.peer_host = p.host;
    ev.peer_ip = p.ip;
  }

  // "(text)": the outer parentheses; a truncated line keeps what it has.
  std::string_view text = trim(s.substr(pos));
  if (!text.empty() && text.front() == '(') {
    text.remove_prefix(1);
    if (!text.empty() && text.back() == ')') text.remove_suffix(1);
    parse_result_text(text, ev);
  } else if (!text.empty() && text.front() == ',') {
    ev.reply.text = trim(text.substr(1));  // qmgr "status=expired, returned to sender"
  }
  return {LineKind::event, {}};
}

}  // namespace smtplog::postfix
