// A log's format from its first lines, by content, never by file name: each
// complete line of the head is put through the same recognisers the parser
// uses, and the tally decides.
//
//   syslog lines (any prefix parse_syslog_prefix knows) outnumber Exim's own:
//     an Exim program among them      -> mixed_syslog (Exim through syslog,
//                                        alone or beside Postfix)
//     else a Postfix program          -> postfix
//   Exim's own lines ("YYYY-MM-DD HH:MM:SS ..."):
//     a rejectlog header dump         -> exim_rejectlog (only that file has them)
//     an arrival, delivery, Completed, queue run, daemon start or SMTP
//       connection line               -> exim_mainlog (the rejectlog and the
//                                        paniclog never have those)
//     most lines are rejects, AUTH    -> exim_rejectlog (a rejectlog of RCPT
//       failures or protocol errors      rejects has no header dumps)
//     anything else of Exim's         -> exim_paniclog
//   nothing recognised                -> unknown
// A head that ends inside a line drops that partial last line.
#include "parsers/exim.h"
#include "parsers/line.h"
#include "parsers/postfix.h"
#include "parsers/prefix.h"

namespace smtplog {
namespace {

struct Tally {
  int postfix = 0, exim_syslog = 0, other_syslog = 0;
  int exim = 0, header_dumps = 0, mainlog_only = 0, rejects = 0;
};

bool is_mainlog_only(std::string_view line, const Event& ev) {
  switch (ev.outcome) {
    case Outcome::received: case Outcome::sent: case Outcome::completed:
      return true;
    case Outcome::rejected:  // "SMTP call from ... dropped: too many ...": in both logs
      return false;
    default: break;
  }
  for (std::string_view w : {" Start queue run", " End queue run", " SMTP connection from ",
                             " daemon started", " no MAIL in SMTP connection", " SMTP call from "})
    if (line.find(w) != std::string_view::npos) return true;
  return false;
}

void tally_line(std::string_view line, Tally& t) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return;
  Scratch scratch;
  Event ev;
  if (looks_like_exim_line(line)) {
    ParseResult r = parse_exim_line(line, ev, scratch);
    if (r.kind == LineKind::continuation) {
      if (line[0] != ' ' && line[0] != '\t') ++t.header_dumps;
      return;
    }
    if (r.kind == LineKind::foreign) return;
    if (!ev.host.empty()) {  // "2019-10-22 03:39:17 mx1 exim[1]: ...": syslog-ng
      ++t.exim_syslog;
      return;
    }
    ++t.exim;
    if (is_mainlog_only(line, ev)) ++t.mainlog_only;
    switch (ev.outcome) {  // what Exim writes to the rejectlog as well (LOG_MAIN|LOG_REJECT)
      case Outcome::rejected: case Outcome::undeliverable: case Outcome::auth_failed:
      case Outcome::error:
        ++t.rejects;
        break;
      default: break;
    }
    return;
  }
  Prefix prefix;
  if (!parse_syslog_prefix(line, prefix)) return;
  if (is_postfix_program(prefix.program)) ++t.postfix;
  else if (is_exim_program(prefix.program)) ++t.exim_syslog;
  else ++t.other_syslog;
}

}  // namespace

LogFormat detect_format(std::string_view head) {
  Tally t;
  std::size_t pos = 0;
  int lines = 0;
  while (pos < head.size() && lines < 2000) {
    std::size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (lines > 0) break;  // a partial last line says little and may mislead
      nl = head.size();
    }
    tally_line(head.substr(pos, nl - pos), t);
    ++lines;
    pos = nl + 1;
  }
  int syslog = t.postfix + t.exim_syslog + t.other_syslog;
  if (syslog > t.exim + t.header_dumps) {
    if (t.exim_syslog > 0) return LogFormat::mixed_syslog;
    if (t.postfix > 0) return LogFormat::postfix;
    return LogFormat::unknown;
  }
  if (t.header_dumps > 0) return LogFormat::exim_rejectlog;
  if (t.exim == 0) return LogFormat::unknown;
  if (t.mainlog_only > 0) return LogFormat::exim_mainlog;
  if (2 * t.rejects >= t.exim) return LogFormat::exim_rejectlog;
  return LogFormat::exim_paniclog;
}

}  // namespace smtplog
