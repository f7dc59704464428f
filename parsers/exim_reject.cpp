// Exim lines that are not about a message's delivery: what the SMTP listener
// refused (ACL rejects, synchronization and protocol errors), failed SMTP
// AUTH, and sender verification. Exim logs its own ACL rejects without the code
// it sent; that code is inferred from the wording and marked `inferred`.
//
// Inferred codes come from Exim's source (smtp_in.c smtp_handle_acl_fail and
// globals.c acl_wherecodes, unchanged from 4.7x to 4.98):
//   rejected ...           550 (AUTH 503, ETRN 458, VRFY 252; non-SMTP ACL: no
//                          code, the message was not submitted over SMTP)
//   temporarily rejected   451 for every ACL (Exim's default for "defer";
//                          450 is never its default, so 451 is what clients saw)
//   SMTP protocol synchronization error   554 ("554 SMTP synchronization error")
//   SMTP protocol error    503, 501 or 504 from the message (synprot_error calls)
//   SMTP syntax error      500 for "unrecognized command", else 501
//   message too big        552;  syntactically invalid HELO/EHLO  501;
//   too many recipients    452
//   SMTP call from ... dropped: too many nonmail commands 554, unrecognized
//                          commands 500, syntax or protocol errors 500 (Exim
//                          repeats the last error's code, which is not logged)
// When the logged text starts with a code of the right class ("rejected RCPT
// <a>: 550 5.7.1 go away", from "message = 550 5.7.1 go away"), or carries a
// callout's remote reply of that class, that code is used and not inferred.
//
// Sender verification ("sender verify fail for <a>: ...") is the result of
// probing an address: outcome undeliverable (fail) or deferred (defer); when a
// remote server answered the callout, its reply is the event's reply and the
// direction is outbound.
#include "parsers/exim_fields.h"
#include "parsers/exim_lines.h"
#include "parsers/reply.h"

namespace smtplog::exim {
namespace {

// True when `s` starts with KEY= (one to nine key characters).
bool starts_with_field(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && i < 9 &&
         ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
    ++i;
  return i > 0 && i < s.size() && s[i] == '=';
}

void inbound(Event& ev, const Fields& f) {
  ev.direction = Direction::inbound;
  ev.service = "smtp";
  ev.peer_host = f.host;
  ev.peer_ip = f.ip;
}

// The reply of a reject: a code of the expected class at the start of the
// message or inside a callout reply in it; otherwise `code` inferred.
void reject_reply(std::string_view message, std::uint16_t code, char want_class, Reply& r) {
  Stage stage = r.stage;
  message = trim_right(message);
  std::uint16_t c;
  std::string_view enh;
  if (read_reply_codes(message, c, enh) != 0 && c != 0 && (want_class == 0 || c / 100 == want_class - '0')) {
    r.code = c;
    r.enhanced = enh;
    r.text = message;
    return;
  }
  Reply remote;
  if (find_remote_reply(message, remote) &&
      (want_class == 0 || remote.code / 100 == want_class - '0')) {
    r = remote;
    r.stage = stage;  // the stage of our reply, not of the callout's command
    return;
  }
  r.code = code;
  r.enhanced = {};
  r.text = message;
  r.inferred = code != 0;
}

// "[temporarily ]rejected WHAT[: message]" after the host_and_ident fields.
ParseResult parse_acl_reject(const Fields& f, std::string_view w, Event& ev) {
  bool temporary = has_prefix(w, "temporarily ");
  if (temporary) w.remove_prefix(12);
  w.remove_prefix(9);  // "rejected "
  ev.outcome = Outcome::rejected;
  ev.sender = f.sender;
  inbound(ev, f);
  std::uint16_t code = 550;
  Stage stage = Stage::unknown;
  std::size_t msg_from = 0;  // where to look for ": message"
  if (has_prefix(w, "RCPT ") || has_prefix(w, "MAIL ")) {
    stage = w[0] == 'R' ? Stage::rcpt : Stage::mail;
    std::string_view a = w.substr(5);
    std::size_t end;
    if (!a.empty() && a[0] == '<') {
      std::size_t close = a.find('>');
      end = close == std::string_view::npos ? a.size() : close + 1;
    } else {
      end = a.find(' ');
      if (end == std::string_view::npos) end = a.size();
      if (end > 0 && a[end - 1] == ':') --end;
    }
    std::string_view addr = strip_angles(a.substr(0, end));
    if (stage == Stage::rcpt) ev.recipient = addr;
    else if (ev.sender.empty()) ev.sender = addr;
    msg_from = 5 + end;
  } else if (has_prefix(w, "after DATA") || has_prefix(w, "during MIME ACL checks") ||
             has_prefix(w, "by local_scan()")) {
    stage = Stage::end_of_data;
  } else if (has_prefix(w, "DATA")) {
    stage = Stage::data;
  } else if (has_prefix(w, "connection")) {
    stage = Stage::connect;
  } else if (has_prefix(w, "EHLO") || has_prefix(w, "HELO")) {
    stage = w[0] == 'E' ? Stage::ehlo : Stage::helo;  // "EHLO or HELO name": Exim cannot tell
  } else if (has_prefix(w, "AUTH")) {
    stage = Stage::auth;
    code = 503;
  } else if (has_prefix(w, "STARTTLS")) {
    stage = Stage::starttls;
  } else if (has_prefix(w, "VRFY")) {
    stage = Stage::vrfy;
    code = 252;
  } else if (has_prefix(w, "ETRN")) {
    stage = Stage::etrn;
    code = 458;
  } else if (has_prefix(w, "by non-SMTP ACL")) {
    stage = Stage::none;
    code = 0;
    ev.direction = Direction::local;
    ev.service = "local";
  }
  if (temporary && code != 0) code = 451;
  std::string_view message;
  if (std::size_t c = find_text(w, ": ", msg_from); c != std::string_view::npos) message = w.substr(c + 2);
  ev.reply.stage = stage;
  reject_reply(message, code, code == 0 ? 0 : (temporary ? '4' : '5'), ev.reply);
  return {LineKind::event, {}};
}

// "sender verify fail for <a>: reason" / "sender verify defer for <a>: reason"
ParseResult parse_verify(const Fields& f, std::string_view w, Event& ev) {
  bool defer = has_prefix(w, "sender verify defer");
  ev.outcome = defer ? Outcome::deferred : Outcome::undeliverable;
  ev.sender = f.sender;
  std::size_t p = find_text(w, " for ");
  if (p != std::string_view::npos) {
    std::string_view a = w.substr(p + 5);
    std::size_t close = has_prefix(a, "<") ? find_text(a, ">: ") : std::string_view::npos;
    std::size_t end = close != std::string_view::npos ? close + 1 : find_text(a, ": ");
    ev.recipient = strip_angles(a.substr(0, end == std::string_view::npos ? a.size() : end));
    if (end != std::string_view::npos) {
      std::string_view reason = a.substr(std::min(a.size(), end + 2));
      reason = trim_right(reason);
      ev.reply.text = reason;
      if (find_remote_reply(reason, ev.reply)) {
        ev.direction = Direction::outbound;
        ev.service = "smtp";
        // "[Could not complete sender verify callout: ]mx [1.2.3.4] : SMTP error from ..."
        // names the probed server.
        if (std::size_t sc = find_text(reason, " : "); sc != std::string_view::npos) {
          std::string_view server = reason.substr(0, sc);
          if (std::size_t c = server.rfind(": "); c != std::string_view::npos) server.remove_prefix(c + 2);
          read_host(server, ev.peer_host, ev.peer_ip);
        }
      }
    }
  }
  return {LineKind::event, {}};
}

// "<name> authenticator failed for [H=]host [ip]:port [I=..] [U=..]: 535 ..." (server),
// "1abc <name> authenticator failed H=mx [ip] 535 ..." (client, on a delivery).
ParseResult parse_auth_failure(std::string_view after, Event& ev) {
  bool server = has_prefix(after, "for ");
  Fields f;
  std::size_t k = 0;
  if (server) {
    after.remove_prefix(4);
    if (!starts_with_field(after)) {
      k = read_host(after, f.host, f.ip);
      f.has_host = !f.ip.empty() || !f.host.empty();
    }
  }
  k += scan_fields(after.substr(k), f);
  std::string_view message = trim_right(after.substr(std::min(k, after.size())));
  ev.outcome = Outcome::auth_failed;
  ev.service = "smtp";
  ev.direction = server ? Direction::inbound : Direction::outbound;
  ev.peer_host = f.host;
  ev.peer_ip = f.ip;
  ev.reply.stage = Stage::auth;
  ev.reply.text = message;
  std::uint16_t code;
  std::string_view enh;
  if (read_reply_codes(message, code, enh) != 0) {
    ev.reply.code = code;
    ev.reply.enhanced = enh;
  }
  return {LineKind::event, {}};
}

std::uint16_t protocol_error_code(std::string_view message) {
  if (find_text(message, "mechanism not supported") != std::string_view::npos) return 504;
  if (find_text(message, "must have an address operand") != std::string_view::npos) return 501;
  return 503;
}

// SMTP protocol error in "CMD" H=... message / SMTP syntax error in "CMD" ...
ParseResult parse_protocol_error(std::string_view rest, bool syntax, Event& ev) {
  std::size_t open = rest.find('"');
  if (open == std::string_view::npos) return {LineKind::unparsed, "no command"};
  // The command is the client's bytes and may hold a quote: the field list
  // starts at the last `" H=` (or `" U=`), else at the first quote after it.
  std::size_t close = rest.rfind("\" H=");
  if (close == std::string_view::npos || close <= open) close = rest.rfind("\" U=");
  if (close == std::string_view::npos || close <= open) close = rest.find('"', open + 1);
  if (close == std::string_view::npos) return {LineKind::unparsed, "no command"};
  std::string_view command = rest.substr(open + 1, close - open - 1);
  Fields f;
  std::string_view after = rest.substr(close + 1);
  std::string_view message = trim_right(after.substr(scan_fields(after, f)));
  ev.outcome = Outcome::error;
  inbound(ev, f);
  ev.reply.stage = stage_from_command(command.substr(0, command.find(' ')));
  ev.reply.text = message;
  ev.reply.inferred = true;
  if (syntax)
    ev.reply.code = has_prefix(message, "unrecognized command") ? 500 : 501;
  else
    ev.reply.code = protocol_error_code(message);
  return {LineKind::event, {}};
}

// SMTP protocol synchronization error (why): rejected connection from H=... / rejected "CMD" H=...
ParseResult parse_sync_error(std::string_view rest, Event& ev) {
  ev.outcome = Outcome::rejected;
  ev.direction = Direction::inbound;
  ev.service = "smtp";
  ev.reply.code = 554;
  ev.reply.inferred = true;
  ev.reply.stage = Stage::unknown;
  std::size_t r = find_text(rest, "): rejected");
  ev.reply.text = r == std::string_view::npos ? trim_right(rest) : rest.substr(0, r + 1);
  if (r == std::string_view::npos) return {LineKind::event, {}};
  std::string_view w = rest.substr(r + 11);
  Fields f;
  if (has_prefix(w, " connection from ")) {
    ev.reply.stage = Stage::connect;
    w.remove_prefix(17);
    scan_fields(w, f);
  } else if (has_prefix(w, " \"")) {
    std::size_t close = w.rfind("\" H=");
    if (close == std::string_view::npos || close < 2) close = w.find('"', 2);
    if (close != std::string_view::npos) {
      std::string_view command = w.substr(2, close - 2);
      ev.reply.stage = stage_from_command(command.substr(0, command.find(' ')));
      scan_fields(w.substr(close + 1), f);
    }
  }
  ev.peer_host = f.host;
  ev.peer_ip = f.ip;
  return {LineKind::event, {}};
}

// "SMTP call from HOST dropped: too many nonmail commands (last was "RSET")":
// Exim gave up on the client, answered it and closed the connection
// (smtp_in.c, LOG_MAIN|LOG_REJECT). The line has no code; Exim sent 554 "Too
// many nonmail commands", 500 "Too many unrecognized commands", or, for "too
// many syntax or protocol errors", the code of the client's last error (500,
// 501, 503, ...: permanent in every case; 500 is inferred).
ParseResult parse_dropped(std::string_view from, std::string_view what, Event& ev) {
  ev.outcome = Outcome::rejected;
  ev.direction = Direction::inbound;
  ev.service = "smtp";
  read_host(from, ev.peer_host, ev.peer_ip);
  ev.reply.code = has_prefix(what, "too many nonmail commands") ? 554 : 500;
  ev.reply.inferred = true;
  ev.reply.stage = Stage::unknown;
  ev.reply.text = trim_right(what);
  return {LineKind::event, {}};
}

// Rejects Exim makes itself, outside ACLs (rejectlog lines without H= first):
// "rejected HELO from [ip]: syntactically invalid argument(s): ...",
// "rejected MAIL FROM:<a> U=u: message too big: size=9 max=1".
ParseResult parse_builtin_reject(std::string_view rest, Event& ev) {
  std::string_view w = rest.substr(9);
  ev.outcome = Outcome::rejected;
  ev.direction = Direction::inbound;
  ev.service = "smtp";
  ev.reply.inferred = true;
  ev.reply.code = 550;
  if (has_prefix(w, "HELO") || has_prefix(w, "EHLO")) {
    ev.reply.stage = w[0] == 'E' ? Stage::ehlo : Stage::helo;
    if (find_text(w, "syntactically invalid") != std::string_view::npos) ev.reply.code = 501;
    if (std::size_t p = find_text(w, " from "); p != std::string_view::npos)
      read_host(w.substr(p + 6), ev.peer_host, ev.peer_ip);
  } else if (has_prefix(w, "MAIL")) {
    ev.reply.stage = Stage::mail;
    if (find_text(w, "message too big") != std::string_view::npos) ev.reply.code = 552;
    if (std::size_t p = w.find(':'); p != std::string_view::npos && p + 1 < w.size())
      ev.sender = strip_angles(w.substr(p + 1, w.find(' ', p) - p - 1));
  } else {
    ev.reply.stage = Stage::unknown;
  }
  if (std::size_t c = find_text(w, ": "); c != std::string_view::npos) ev.reply.text = trim_right(w.substr(c + 2));
  return {LineKind::event, {}};
}

}  // namespace

ParseResult parse_other_line(std::string_view rest, Event& ev, const ScannedFields* scanned) {
  // "cwd=/var/spool/exim4 3 args: /usr/sbin/exim4 -Mc ..." (log_selector
  // +arguments; ~18% of a busy mainlog): a command line, nothing to count or
  // to trace. Decided here, not after the searches at the end below.
  if (has_prefix(rest, "cwd=")) return {LineKind::ignored, {}};
  if (starts_with_field(rest)) {
    // (A body that parse_message_note scanned starts with "H=", a field.)
    Fields f;
    std::size_t end;
    if (scanned) {
      f = scanned->fields;
      end = scanned->end;
    } else {
      end = scan_fields(rest, f);
    }
    std::string_view w = tail(rest, end);
    if (has_prefix(w, "rejected ") || has_prefix(w, "temporarily rejected "))
      return parse_acl_reject(f, w, ev);
    if (w == "rejected" || w == "temporarily rejected") return {LineKind::unparsed, "truncated reject"};
    if (has_prefix(w, "sender verify fail for ") || has_prefix(w, "sender verify defer for "))
      return parse_verify(f, w, ev);
    if (has_prefix(w, "dropped by '")) {  // "H=[ip] dropped by 'connect' ACL: reason"
      ev.outcome = Outcome::rejected;
      inbound(ev, f);
      ev.reply.stage = has_prefix(w.substr(12), "connect") ? Stage::connect : Stage::unknown;
      std::size_t c = find_text(w, ": ");
      reject_reply(c == std::string_view::npos ? std::string_view{} : w.substr(c + 2), 550, '5', ev.reply);
      return {LineKind::event, {}};
    }
    // "U=u addr F=<s> P=<s> tmp-reject from cutthrough after DATA: R=r T=t H=mx [ip] C="459 ..."":
    // the next hop's temporary reply to a cutthrough delivery, passed on to our client.
    // (Searched by its ':': the '-' that find_text would take is in every
    // "cwd=... -C ... -odi -oi -f" line, ~18% of a busy mainlog.)
    static constexpr Needle kCutthrough = anchored(" tmp-reject from cutthrough after DATA: ", 38);
    if (std::size_t t = find_text(rest, kCutthrough); t != std::string_view::npos) {
      Fields d;
      scan_fields(rest.substr(t + 40), d);
      // Before the marker: the client's fields, the recipient, then F= and P=.
      std::string_view before = rest.substr(0, t);
      std::size_t k = scan_fields(before, f);
      std::size_t sp = before.find(' ', k);
      ev.recipient = before.substr(k, (sp == std::string_view::npos ? before.size() : sp) - k);
      if (sp != std::string_view::npos) scan_fields(before.substr(sp + 1), f);
      inbound(ev, f);
      ev.outcome = Outcome::rejected;
      ev.sender = f.sender;
      ev.reply.stage = Stage::end_of_data;
      std::uint16_t code;
      std::string_view enh;
      if (read_reply_codes(d.confirmation, code, enh) != 0) {
        ev.reply.code = code;
        ev.reply.enhanced = enh;
      }
      ev.reply.text = d.confirmation;
      return {LineKind::event, {}};
    }
  } else if (has_prefix(rest, "SMTP ")) {
    std::string_view w = rest.substr(5);
    if (has_prefix(w, "protocol synchronization error")) return parse_sync_error(rest, ev);
    if (has_prefix(w, "protocol error in ")) return parse_protocol_error(rest, false, ev);
    if (has_prefix(w, "syntax error in ")) return parse_protocol_error(rest, true, ev);
    if (has_prefix(w, "call from ")) {
      if (std::size_t d = find_text(w, " dropped: too many "); d != std::string_view::npos) {
        std::string_view what = w.substr(d + 10);
        if (has_prefix(what, "too many nonmail commands") || has_prefix(what, "too many unrecognized commands") ||
            has_prefix(what, "too many syntax or protocol errors"))
          return parse_dropped(w.substr(10, d - 10), what, ev);
      }
    }
    // The listener's own notes: connection opened, closed, lost, timed out, dropped.
    if (has_prefix(w, "connection ") || has_prefix(w, "call from ") || has_prefix(w, "command timeout") ||
        has_prefix(w, "data timeout"))
      return {LineKind::ignored, {}};
  } else if (has_prefix(rest, "Start queue run") || has_prefix(rest, "End queue run") ||
             has_prefix(rest, "no MAIL in SMTP connection") || has_prefix(rest, "no host name found") ||
             has_prefix(rest, "no IP address found")) {
    return {LineKind::ignored, {}};
  } else if (has_prefix(rest, "rejected ")) {
    return parse_builtin_reject(rest, ev);
  } else if (has_prefix(rest, "too many recipients: excess temporarily rejected")) {
    ev.outcome = Outcome::rejected;
    ev.direction = Direction::inbound;
    ev.service = "smtp";
    ev.reply = {452, {}, {}, Stage::rcpt, true};
    if (std::size_t p = find_text(rest, "sender=<"); p != std::string_view::npos) {
      std::size_t close = rest.find('>', p);
      if (close != std::string_view::npos) ev.sender = rest.substr(p + 8, close - p - 8);
    }
    return {LineKind::event, {}};
  }
  // "<name> authenticator failed ...": the authenticator's name is one word.
  if (std::size_t sp = find_byte(rest, 0, ' '); sp != rest.size()) {
    std::string_view after = rest.substr(sp);
    if (has_prefix(after, " authenticator failed ")) return parse_auth_failure(after.substr(22), ev);
  }
  // Anything else of Exim's that holds a remote reply (a callout warning, an
  // event_action's log line) is not counted, but its reply is read for tracing.
  if (rest.find(':') != std::string_view::npos &&
      (find_text(rest, " mail server after ") != std::string_view::npos ||
       find_text(rest, "response to \"") != std::string_view::npos))
    find_remote_reply(rest, ev.reply);
  return {LineKind::ignored, {}};
}

}  // namespace smtplog::exim
