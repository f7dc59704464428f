// Access-control actions logged by smtpd, postscreen and cleanup: what we
// answered a client, or did with its message.
//
//   NOQUEUE: reject: RCPT from h[ip]: 550 5.1.1 <a@b>: ...; from=<s> to=<r> proto=ESMTP helo=<h>
//   QUEUEID: milter-reject: END-OF-MESSAGE from h[ip]: 4.7.1 Try again later; from=<s> ...
//   QUEUEID: proxy-reject: END-OF-MESSAGE: 554 5.7.0 Reject ...; from=<s> ...
//   QUEUEID: reject: header Subject: x from h[ip]; from=<s> to=<r> proto=ESMTP helo=<h>: 5.7.1 text
//
// smtpd_check.c writes "ACTION: STAGE from CLIENT: REPLY;" then the envelope;
// postscreen the same with ", " between envelope fields; the before-queue proxy
// drops the client part; cleanup's header/body checks put the envelope first
// and the text last. The reply ends at the first "; from=<" / "; to=<" /
// "; proto=" / "; helo=<" — found by memchr over ';', not by a regex.
#include "parsers/postfix_action.h"

#include <cstring>

#include "parsers/postfix_fields.h"
#include "parsers/reply.h"

namespace smtplog::postfix {
namespace {

struct Action {
  std::string_view name;
  Outcome outcome;
};

constexpr Action kActions[] = {
    {"reject", Outcome::rejected},
    {"reject_warning", Outcome::reject_warning},
    {"milter-reject", Outcome::rejected},
    {"proxy-reject", Outcome::rejected},
    {"proxy-accept", Outcome::accepted},
    {"hold", Outcome::held},
    {"milter-hold", Outcome::held},
    {"discard", Outcome::discarded},
    {"milter-discard", Outcome::discarded},
    {"filter", Outcome::filtered},
    {"redirect", Outcome::redirected},
    {"milter-redirect", Outcome::redirected},
};

// Header/body check classes of cleanup (cleanup_message.c).
constexpr std::string_view kContentClasses[] = {"header ", "body ", "mime-header ",
                                                "nested-header ", "content "};

// Where the reply ends and the envelope starts, or s.size().
std::size_t envelope_start(std::string_view s, std::size_t from) {
  while (from < s.size()) {
    const void* hit = std::memchr(s.data() + from, ';', s.size() - from);
    if (!hit) break;
    std::size_t j = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
    std::string_view rest = s.substr(j);
    if (starts_with(rest, "; from=<") || starts_with(rest, "; to=<") ||
        starts_with(rest, "; proto=") || starts_with(rest, "; helo=<"))
      return j;
    from = j + 1;
  }
  return s.size();
}

// "header Subject: x from h[ip]; from=<s> to=<r> proto=ESMTP helo=<h>: text"
ParseResult content_check(std::string_view r, Event& ev) {
  // The header text comes from the message; the envelope and our text follow
  // it, so the last "; from=<" is ours.
  std::size_t env = r.rfind("; from=<");
  if (env == std::string_view::npos) return {LineKind::unparsed, "content check without envelope"};
  std::size_t from = r.rfind(" from ", env);
  if (from != std::string_view::npos) {
    Peer p;
    if (read_peer(r.substr(from + 6, env - from - 6), p)) {
      ev.peer_host = p.host;
      ev.peer_ip = p.ip;
    }
  }
  std::size_t end = read_envelope(r, env + 1, ev);
  std::string_view tail = r.substr(end);
  ev.reply.stage = Stage::end_of_data;
  if (starts_with(tail, ": ")) {
    set_reply(tail.substr(2), ev);
    ev.reply.stage = Stage::end_of_data;
  }
  return {LineKind::event, {}};
}

}  // namespace

bool parse_action(std::string_view s, Event& ev, ParseResult& result) {
  // Only the first 22 bytes can hold the ": " after an action name (the
  // names are at most 15 bytes): a body without one is not searched on.
  std::size_t colon = s.substr(0, 22).find(": ");
  if (colon == std::string_view::npos || colon > 20) return false;
  std::string_view name = s.substr(0, colon);
  const Action* action = nullptr;
  for (const Action& a : kActions)
    if (name == a.name) {
      action = &a;  // the names are distinct: the first match is the only one
      break;
    }
  if (!action) return false;

  ev.outcome = action->outcome;
  ev.direction = Direction::inbound;
  std::string_view r = s.substr(colon + 2);
  for (std::string_view c : kContentClasses)
    if (starts_with(r, c)) {
      result = content_check(r, ev);
      return true;
    }

  // "STAGE from CLIENT: REPLY; envelope" or "STAGE: REPLY; envelope".
  std::size_t w = 0;
  while (w < r.size() && r[w] != ' ' && r[w] != ':') ++w;
  if (w == 0 || w >= r.size()) {
    result = {LineKind::unparsed, "action without stage"};
    return true;
  }
  ev.reply.stage = stage_from_command(r.substr(0, w));
  std::size_t reply_at;
  if (starts_with(r.substr(w), ": ")) {
    reply_at = w + 2;
  } else if (starts_with(r.substr(w), " from ")) {
    Peer p;
    std::size_t n = read_peer(r.substr(w + 6), p);
    std::size_t after = w + 6 + n;
    if (n == 0 || !starts_with(r.substr(after), ": ")) {
      result = {LineKind::unparsed, "action without client"};
      return true;
    }
    ev.peer_host = p.host;
    ev.peer_ip = p.ip;
    reply_at = after + 2;
  } else {
    result = {LineKind::unparsed, "action without client"};
    return true;
  }
  std::size_t env = envelope_start(r, reply_at);
  Stage stage = ev.reply.stage;
  set_reply(r.substr(reply_at, env - reply_at), ev);
  ev.reply.stage = stage;  // the stage word, not a "(in reply to" inside the text
  if (env < r.size()) read_envelope(r, env + 1, ev);
  result = {LineKind::event, {}};
  return true;
}

}  // namespace smtplog::postfix
