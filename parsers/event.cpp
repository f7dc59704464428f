// Names of the Event's enums, as stored in the database and printed in reports.
#include "parsers/event.h"

#include "parsers/line.h"

namespace smtplog {

const char* to_string(Mta m) {
  switch (m) {
    case Mta::postfix: return "postfix";
    case Mta::exim: return "exim";
    case Mta::unknown: break;
  }
  return "unknown";
}

const char* to_string(Direction d) {
  switch (d) {
    case Direction::inbound: return "inbound";
    case Direction::outbound: return "outbound";
    case Direction::local: return "local";
    case Direction::none: break;
  }
  return "none";
}

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::sent: return "sent";
    case Outcome::deferred: return "deferred";
    case Outcome::bounced: return "bounced";
    case Outcome::expired: return "expired";
    case Outcome::rejected: return "rejected";
    case Outcome::reject_warning: return "reject-warning";
    case Outcome::held: return "held";
    case Outcome::discarded: return "discarded";
    case Outcome::filtered: return "filtered";
    case Outcome::redirected: return "redirected";
    case Outcome::deliverable: return "deliverable";
    case Outcome::undeliverable: return "undeliverable";
    case Outcome::received: return "received";
    case Outcome::completed: return "completed";
    case Outcome::frozen: return "frozen";
    case Outcome::auth_failed: return "auth-failed";
    case Outcome::notified: return "notified";
    case Outcome::error: return "error";
    case Outcome::accepted: return "accepted";
    case Outcome::none: break;
  }
  return "none";
}

const char* to_string(Stage s) {
  switch (s) {
    case Stage::connect: return "CONNECT";
    case Stage::helo: return "HELO";
    case Stage::ehlo: return "EHLO";
    case Stage::mail: return "MAIL FROM";
    case Stage::rcpt: return "RCPT TO";
    case Stage::data: return "DATA";
    case Stage::end_of_data: return "END-OF-DATA";
    case Stage::bdat: return "BDAT";
    case Stage::vrfy: return "VRFY";
    case Stage::etrn: return "ETRN";
    case Stage::auth: return "AUTH";
    case Stage::starttls: return "STARTTLS";
    case Stage::quit: return "QUIT";
    case Stage::unknown: return "unknown";
    case Stage::none: break;
  }
  return "";
}

const char* to_string(LineKind k) {
  switch (k) {
    case LineKind::event: return "event";
    case LineKind::ignored: return "ignored";
    case LineKind::foreign: return "foreign";
    case LineKind::continuation: return "continuation";
    case LineKind::unparsed: return "unparsed";
  }
  return "unknown";
}

const char* to_string(LogFormat f) {
  switch (f) {
    case LogFormat::postfix: return "postfix";
    case LogFormat::exim_mainlog: return "exim-mainlog";
    case LogFormat::exim_rejectlog: return "exim-rejectlog";
    case LogFormat::exim_paniclog: return "exim-paniclog";
    case LogFormat::mixed_syslog: return "mixed-syslog";
    case LogFormat::unknown: break;
  }
  return "unknown";
}

}  // namespace smtplog
