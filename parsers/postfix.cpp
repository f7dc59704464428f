// Postfix bodies: the program name says which daemon wrote the line, and each
// daemon has a few fixed shapes, so dispatch is on the service name, then on
// the first bytes after the queue id. Most lines of a busy log ("connect from",
// "disconnect from", TLS, anvil, dnsblog, "client=") are rejected by those
// first bytes and cost a few comparisons; no line meets a regex.
//
// Files: postfix_delivery.cpp (status lines and the texts of smtp/lmtp),
// postfix_action.cpp (reject/hold/discard/... of smtpd, postscreen, cleanup),
// postfix_fields.cpp (queue ids, peers, envelope fields, reply tails).
//
// Direction: smtp and lmtp talk to a remote server (outbound); smtpd,
// postscreen and cleanup answer a client (inbound); local, virtual, pipe,
// discard, error and retry deliver locally (local: error and retry replay a
// remote failure for a suspended destination, but no remote server answered);
// qmgr giving up on a message (expired) is outbound, like the deliveries it
// ends.
#include "parsers/postfix.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>

#include "parsers/find_text.h"
#include "parsers/postfix_action.h"
#include "parsers/postfix_delivery.h"
#include "parsers/postfix_fields.h"
#include "parsers/reply.h"
#include "parsers/stamp.h"

namespace smtplog {
namespace {

using postfix::starts_with;

// Daemons and commands of Postfix 2.x-3.x that log under "syslog_name/NAME".
constexpr std::string_view kDaemons[] = {
    "smtpd", "smtp", "qmgr", "cleanup", "lmtp", "postscreen", "local", "virtual", "pipe",
    "bounce", "error", "retry", "discard", "pickup", "anvil", "dnsblog", "tlsproxy", "tlsmgr",
    "scache", "verify", "trivial-rewrite", "master", "postfix-script", "postsuper", "postdrop",
    "sendmail", "postqueue", "postmap", "postalias", "postlog", "postlogd", "proxymap", "flush",
    "showq", "spawn", "qmqpd", "oqmgr", "nqmgr", "defer", "trace", "postmulti",
    "postmulti-script", "postconf", "postcat", "postkick", "postfix", "postfix-tls-script",
    "smtp-sink", "posttls-finger",
};

enum class Daemon : std::uint8_t {
  smtp, lmtp, local_agent, qmgr, bounce, smtpd, postscreen, cleanup, other,
};

constexpr Daemon daemon_of(std::string_view service) {
  if (service == "smtpd") return Daemon::smtpd;
  if (service == "smtp") return Daemon::smtp;
  if (service == "qmgr" || service == "nqmgr" || service == "oqmgr") return Daemon::qmgr;
  if (service == "cleanup") return Daemon::cleanup;
  if (service == "lmtp") return Daemon::lmtp;
  if (service == "postscreen") return Daemon::postscreen;
  if (service == "local" || service == "virtual" || service == "pipe" || service == "discard" ||
      service == "error" || service == "retry")
    return Daemon::local_agent;
  if (service == "bounce" || service == "defer" || service == "trace") return Daemon::bounce;
  return Daemon::other;
}

// kDaemons by a hash of their length and first and last bytes, open
// addressing: every line's program name is looked up, in one or two compares.
constexpr std::size_t kDaemonSlots = 128;
constexpr std::size_t daemon_hash(std::string_view s) {
  return (s.size() * 7 + static_cast<unsigned char>(s.front()) * 3 +
          static_cast<unsigned char>(s.back())) & (kDaemonSlots - 1);
}
struct DaemonSlot {
  std::uint8_t index = 0;  // into kDaemons, + 1; 0: empty
  Daemon daemon = Daemon::other;
};
constexpr std::array<DaemonSlot, kDaemonSlots> kDaemonTable = [] {
  std::array<DaemonSlot, kDaemonSlots> t{};
  for (std::size_t i = 0; i < std::size(kDaemons); ++i) {
    std::size_t h = daemon_hash(kDaemons[i]);
    while (t[h].index != 0) h = (h + 1) & (kDaemonSlots - 1);
    t[h] = {static_cast<std::uint8_t>(i + 1), daemon_of(kDaemons[i])};
  }
  return t;
}();

// The daemon of a known Postfix service name, or nothing.
const DaemonSlot* find_daemon(std::string_view service) {
  if (service.empty()) return nullptr;
  for (std::size_t h = daemon_hash(service);; h = (h + 1) & (kDaemonSlots - 1)) {
    const DaemonSlot& slot = kDaemonTable[h];
    if (slot.index == 0) return nullptr;
    std::string_view name = kDaemons[slot.index - 1];
    if (name.size() == service.size() && std::equal(name.begin(), name.end(), service.begin()))
      return &slot;
  }
}

// The bytes of a syslog_name ("postfix", "postfix-out", "postfix/submission").
constexpr std::array<bool, 256> kInstanceChar = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '/';
  return t;
}();

// The Postfix daemon `program` names ("postfix/smtp", "postfix-out/smtpd",
// "postfix/submission/smtpd"), with the position of its last '/'; nothing
// when it is not a Postfix program (see is_postfix_program).
const DaemonSlot* postfix_daemon(std::string_view program, std::size_t& slash) {
  slash = program.rfind('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= program.size()) return nullptr;
  const DaemonSlot* d = find_daemon(program.substr(slash + 1));
  if (!d || program[0] == '/') return nullptr;
  for (std::size_t i = 0; i < slash; ++i)
    if (!kInstanceChar[static_cast<unsigned char>(program[i])]) return nullptr;
  return d;
}

constexpr ParseResult kEvent{LineKind::event, {}};
constexpr ParseResult kIgnored{LineKind::ignored, {}};

// A line we let pass that still names a reply or a status: say so, don't drop it.
ParseResult ignored_unless_reply(std::string_view body) {
  switch (postfix::reply_hint(body)) {  // "status=", else " said: ", in one pass
    case postfix::ReplyHint::status: return {LineKind::unparsed, "status line of unknown shape"};
    case postfix::ReplyHint::said: return {LineKind::unparsed, "reply line of unknown shape"};
    case postfix::ReplyHint::none: break;
  }
  return kIgnored;
}

ParseResult delivery(std::string_view rest, Daemon d, std::string_view service, Event& ev) {
  ParseResult r = postfix::parse_delivery(rest, ev);
  if (r.kind != LineKind::event) return r;
  switch (d) {
    case Daemon::smtp:
    case Daemon::lmtp:
      ev.direction = Direction::outbound;
      break;
    default:
      ev.direction = Direction::local;
      break;
  }
  // discard(8) reports "status=sent": the mail was accepted and thrown away.
  if (service == "discard" && ev.outcome == Outcome::sent) ev.outcome = Outcome::discarded;
  return r;
}

// smtp / lmtp lines that are not a recipient's status: a reply or a failure
// seen on the way (before trying the next MX, or for a whole session).
ParseResult client_notice(std::string_view rest, Event& ev) {
  if (!starts_with(rest, "host ") && !starts_with(rest, "connect to ") &&
      !starts_with(rest, "lost connection with ") && !starts_with(rest, "conversation with ") &&
      !starts_with(rest, "SASL authentication failed; ") && !starts_with(rest, "TLS is required"))
    return ignored_unless_reply(rest);
  postfix::TextKind kind = postfix::parse_result_text(rest, ev);
  if (kind != postfix::TextKind::remote_reply && kind != postfix::TextKind::connection)
    return ignored_unless_reply(rest);
  ev.direction = Direction::outbound;
  if (starts_with(rest, "SASL ")) {
    ev.outcome = Outcome::auth_failed;
    ev.reply.stage = Stage::auth;
  }
  return kEvent;
}

// qmgr: "from=<s>, size=N, nrcpt=N (queue active)" (ignored), "from=<s>, status=expired,
// returned to sender", "removed", and to= lines for mail it could not hand over.
ParseResult qmgr(std::string_view rest, Event& ev) {
  if (postfix::trim(rest) == "removed") {
    ev.outcome = Outcome::completed;
    return kEvent;
  }
  if (starts_with(rest, "from=")) {
    std::size_t end;
    if (rest.size() > 5 && rest[5] == '<') {
      ev.sender = postfix::angle_value(rest, 5, end);
    } else {
      end = rest.find(',');
      if (end == std::string_view::npos) end = rest.size();
      ev.sender = rest.substr(5, end - 5);
    }
    std::string_view tail = rest.substr(end);
    // "(queue active)": qmgr writes it each time it takes the message up, so
    // again at every retry of deferred mail; the message was counted once, at
    // cleanup's message-id line.
    if (starts_with(tail, ", size=")) return kIgnored;
    // "status=expired" and, after "postsuper -e", "status=force-expired"
    if (starts_with(tail, ", status=expired") || starts_with(tail, ", status=force-expired")) {
      ev.outcome = Outcome::expired;
      ev.direction = Direction::outbound;
      std::size_t comma = tail.find(',', 2);
      if (comma != std::string_view::npos) ev.reply.text = postfix::trim(tail.substr(comma + 1));
      return kEvent;
    }
    return {LineKind::unparsed, "qmgr from= line of unknown shape"};
  }
  return ignored_unless_reply(rest);
}

// postscreen's verdicts on a client that come before any reply.
ParseResult postscreen_notice(std::string_view body, Event& ev) {
  struct Test {
    std::string_view prefix;
    bool stage_after;  // "... after CMD" says the stage
  };
  static constexpr Test kTests[] = {
      {"PREGREET ", false},          {"HANGUP ", false},
      {"DNSBL rank ", false},        {"BLACKLISTED ", false},
      {"DENYLISTED ", false},        {"COMMAND PIPELINING ", true},
      {"NON-SMTP COMMAND ", true},   {"BARE NEWLINE ", true},
      {"COMMAND TIME LIMIT ", true}, {"COMMAND COUNT LIMIT ", true},
      {"COMMAND LENGTH LIMIT ", true},
  };
  for (const Test& t : kTests) {
    if (!starts_with(body, t.prefix)) continue;
    ev.direction = Direction::inbound;
    ev.reply.text = postfix::trim(body);
    ev.reply.stage = Stage::connect;
    if (t.stage_after) {
      std::size_t k = body.find(" after ");
      if (k != std::string_view::npos) {
        std::string_view cmd = body.substr(k + 7);
        cmd = cmd.substr(0, cmd.find(':'));
        ev.reply.stage = postfix::stage_from_phrase(postfix::trim(cmd));
      }
    }
    std::size_t open = body.find('[');
    postfix::Peer p;
    if (open != std::string_view::npos && postfix::read_peer(body.substr(open), p)) {
      ev.peer_host = p.host;
      ev.peer_ip = p.ip;
    }
    return kEvent;
  }
  return ignored_unless_reply(body);
}

// The smtpd warning that matters: a failed SASL login.
ParseResult smtpd_warning(std::string_view w, Event& ev) {
  std::size_t sasl = w.find(": SASL ");
  if (sasl != std::string_view::npos &&
      w.find(" authentication failed", sasl) != std::string_view::npos) {
    postfix::Peer p;
    if (postfix::read_peer(w, p)) {
      ev.peer_host = p.host;
      ev.peer_ip = p.ip;
    }
    ev.direction = Direction::inbound;
    ev.outcome = Outcome::auth_failed;
    ev.reply.stage = Stage::auth;
    ev.reply.text = postfix::trim(w.substr(sasl + 2));
    return kEvent;
  }
  // "warning: proxy 127.0.0.1:10023 rejected "MAIL FROM:<a>": "501 5.5.2 ..."" is
  // always followed by "proxy-reject: END-OF-MESSAGE: 501 5.5.2 ...", the reply
  // the client got: counting the warning too would count one rejection twice.
  return kIgnored;
}

}  // namespace

bool is_postfix_program(std::string_view program) {
  std::size_t slash;
  return postfix_daemon(program, slash) != nullptr;
}

namespace {

// `slash`: the position of the program's last '/', npos when it has none.
ParseResult parse_body(const Prefix& prefix, std::size_t slash, Daemon d, Event& ev) {
  ev.time = prefix.time;
  ev.host = prefix.host;
  ev.mta = Mta::postfix;
  if (slash == std::string_view::npos) {
    ev.service = prefix.program;
  } else {
    ev.service = postfix::tail(prefix.program, slash + 1);  // slash < program.size()
    ev.instance = postfix::sub(prefix.program, 0, slash);
  }
  std::string_view body = prefix.body;

  // (Queue ids, the commonest start, are upper-case or digits: one compare
  // skips the five below.)
  if (!body.empty() && body[0] >= 'a' && body[0] <= 'z') {
    if (starts_with(body, "warning: ")) {
      // Postfix's warnings are about configuration and protocol trouble; one of
      // smtpd's carries what a postmaster counts (a failed SASL login).
      if (d == Daemon::smtpd) return smtpd_warning(body.substr(9), ev);
      return kIgnored;
    }
    if (starts_with(body, "error: ") || starts_with(body, "fatal: ") ||
        starts_with(body, "panic: ") || starts_with(body, "info: "))
      return kIgnored;
  }

  std::string_view rest = body;
  bool has_queue = false;
  if (std::size_t n = postfix::queue_id_length(body)) {
    ev.queue_id = postfix::sub(body, 0, n);  // n < body.size(): the ':' after the id
    rest = postfix::tail(body, n + 2 <= body.size() ? n + 2 : body.size());
    has_queue = true;
  } else if (starts_with(body, "NOQUEUE: ")) {
    rest = postfix::tail(body, 9);
    has_queue = true;
  }

  // A status line always has a queue id; one that lost it is still a status.
  if (starts_with(rest, "to=")) return delivery(rest, d, ev.service, ev);

  switch (d) {
    case Daemon::smtp:
    case Daemon::lmtp:
      return client_notice(rest, ev);
    case Daemon::qmgr:
      return has_queue ? qmgr(rest, ev) : kIgnored;
    case Daemon::bounce:
      if (has_queue && contains_text(rest, " notification: ")) {
        ev.outcome = Outcome::notified;
        return kEvent;
      }
      return kIgnored;
    case Daemon::smtpd:
    case Daemon::postscreen:
    case Daemon::cleanup:
      // The commonest lines of these daemons carry no action ("reject: ..."
      // would start the line): decided here without looking for one.
      // cleanup writes "message-id=" once for every message it puts into the
      // queue (from smtpd, pickup, or Postfix's own bounces): the message
      // was received.
      if (has_queue && d == Daemon::cleanup && starts_with(rest, "message-id=")) {
        ev.outcome = Outcome::received;
        return kEvent;
      }
      if (has_queue && (starts_with(rest, "message-id=") || starts_with(rest, "client=")))
        return ignored_unless_reply(rest);
      if (!has_queue && d == Daemon::smtpd &&
          (starts_with(rest, "connect from ") || starts_with(rest, "disconnect from ")))
        return kIgnored;
      {
        // smtpd's before-queue proxy logs "proxy-accept: ..." with no queue id.
        ParseResult r;
        if (postfix::parse_action(rest, ev, r)) return r;
      }
      if (has_queue) return ignored_unless_reply(rest);
      if (d == Daemon::postscreen) return postscreen_notice(body, ev);
      return kIgnored;
    case Daemon::local_agent:
    case Daemon::other:
      break;
  }
  return has_queue ? ignored_unless_reply(rest) : kIgnored;
}

}  // namespace

namespace {

ParseResult parse_checked(const Prefix& prefix, std::size_t slash, Daemon d, Event& ev) {
  ParseResult r = parse_body(prefix, slash, d, ev);
  // A line that carries something but whose date is impossible cannot be
  // placed in time: it is shown as unparsed, not counted at a made-up hour.
  if (r.kind == LineKind::event && !prefix.time.valid())
    return {LineKind::unparsed, "impossible timestamp"};
  return r;
}

}  // namespace

ParseResult parse_postfix(const Prefix& prefix, Event& ev, Scratch&) {
  std::size_t slash = prefix.program.rfind('/');
  std::string_view service = slash == std::string_view::npos ? prefix.program : prefix.program.substr(slash + 1);
  return parse_checked(prefix, slash, daemon_of(service), ev);
}

bool parse_postfix_line(const Prefix& prefix, Event& ev, Scratch& scratch, ParseResult& out) {
  // The same bytes name the same daemon: recently seen names are compared
  // (Scratch::programs, by a hash of the length and the last four bytes, which
  // tells the dozen names of a busy log apart), others looked up.
  std::string_view program = prefix.program;
  Scratch::Program* seen = nullptr;
  if (!program.empty() && program.size() <= sizeof seen->bytes) {
    std::uint32_t last4 = 0;
    if (program.size() >= 4) {
      std::memcpy(&last4, program.data() + program.size() - 4, 4);
    } else {
      for (char c : program) last4 = last4 << 8 | static_cast<unsigned char>(c);
    }
    static_assert(sizeof(Scratch::programs) / sizeof(Scratch::Program) == 32);
    const std::uint32_t h = (last4 ^ static_cast<std::uint32_t>(program.size())) * 0x9E3779B1u;
    seen = &scratch.programs[h >> 27];
    if (seen->size == program.size() && stamp::same_bytes(seen->bytes, program.data(), program.size())) {
      out = parse_checked(prefix, seen->slash, kDaemonTable[seen->slot].daemon, ev);
      return true;
    }
  }
  std::size_t slash;
  const DaemonSlot* d = postfix_daemon(program, slash);
  if (!d) return false;
  if (seen) {
    std::memcpy(seen->bytes, program.data(), program.size());
    seen->size = static_cast<std::uint8_t>(program.size());
    seen->slash = static_cast<std::uint8_t>(slash);
    seen->slot = static_cast<std::uint8_t>(d - kDaemonTable.data());
  }
  out = parse_checked(prefix, slash, d->daemon, ev);
  return true;
}

}  // namespace smtplog
