// `smtplog events`: the stored failure events that match the filters, latest
// last, as text (or the raw log lines), JSON or CSV.
#include <ctime>
#include <iostream>

#include "analyzer/clock.h"
#include "analyzer/commands.h"
#include "analyzer/report_events.h"
#include "analyzer/report_output.h"

namespace po = boost::program_options;

namespace smtplog {

int cmd_events(const Args& args) {
  CommonOptions common;
  EventFilter f;
  std::string since, until, format = "text", output;
  std::size_t limit = 100;
  bool lines = false;
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help");
  add_common_options(desc, common);
  desc.add_options()
      ("recipient", po::value<std::string>(&f.recipient)->value_name("ADDR"), "recipient address (* wildcard)")
      ("sender", po::value<std::string>(&f.sender)->value_name("ADDR"), "sender address (* wildcard)")
      ("domain", po::value<std::string>(&f.domain)->value_name("DOMAIN"),
       "recipient domain, or peer host name (or a host under it)")
      ("peer", po::value<std::string>(&f.peer)->value_name("HOST|IP"), "remote server or client, name or IP")
      ("code", po::value<std::string>(&f.code)->value_name("CODE"), "reply code: 550, 55x, 5xx")
      ("enhanced", po::value<std::string>(&f.enhanced)->value_name("CODE"), "enhanced code: 5.7.1, 5.7, X.7.1")
      ("class", po::value<std::string>(&f.klass)->value_name("CLASS"), "transient or permanent")
      ("category", po::value<std::string>(&f.category)->value_name("NAME"),
       "catalogue category: mailbox, policy-spam-reputation, tls, ... (docs/catalogue.md)")
      ("queue-id", po::value<std::string>(&f.queue_id)->value_name("ID"), "Postfix queue id or Exim message id")
      ("outcome", po::value<std::string>(&f.outcome)->value_name("OUTCOME"), "deferred, bounced, rejected, ...")
      ("direction", po::value<std::string>(&f.direction)->value_name("DIR"), "outbound, inbound or local")
      ("entry", po::value<std::string>(&f.entry)->value_name("ID"), "catalogue entry id")
      ("since", po::value<std::string>(&since)->value_name("WHEN"), "from: today, yesterday, 7d, 12h, 2026-11-01, ...")
      ("until", po::value<std::string>(&until)->value_name("WHEN"), "to (same forms)")
      ("limit", po::value<std::size_t>(&limit)->value_name("N"), "show the latest N (default 100; 0 = all)")
      ("lines", po::bool_switch(&lines), "print only the log lines, as grep would")
      ("format", po::value<std::string>(&format)->value_name("FMT"), "text (default), json or csv")
      ("output,o", po::value<std::string>(&output)->value_name("FILE"), "write to FILE");
  po::variables_map vm;
  if (!parse_args("events", args, desc, nullptr, vm)) return kExitUsage;
  if (vm.count("help")) {
    print_help(std::cout, "smtplog events [FILTERS] [OPTIONS]",
               "Lists stored failure events (every non-2xx reply, kept for --keep-events,\n"
               "90 days by default) that match all the filters given, oldest first.\n\n"
               "  smtplog events --domain gmail.com --class permanent --since 7d\n"
               "  smtplog events --code 4xx --peer 192.0.2.1 --lines", desc);
    return kExitOk;
  }
  if (!limit_ok("events", limit)) return kExitUsage;
  if (format != "text" && format != "json" && format != "csv")
    return usage_error("events", "unknown --format '" + format + "' (text, json or csv)");
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  if (!since.empty() && !parse_when(since, now, f.since))
    return usage_error("events", "cannot read --since '" + since + "'");
  if (!until.empty() && !parse_when(until, now, f.until))
    return usage_error("events", "cannot read --until '" + until + "'");
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  EventQuery q;
  if (std::string error; !build_query(f, *catalogue, q, error)) return usage_error("events", error);
  std::string error;
  auto store = Store::open(database_path(common), Store::Mode::read_only, error);
  if (!store) {
    std::cerr << "smtplog events: " << error << "\n";
    return kExitInput;
  }
  EventList list = load_events(*store, q, limit);
  ReportOutput out;
  if (!out.open(output, error)) {
    std::cerr << "smtplog events: " << error << "\n";
    return kExitInput;
  }
  if (format == "json") render_events_json(list, *catalogue, out.stream());
  else if (format == "csv") render_events_csv(list, *catalogue, out.stream());
  else render_events_text(list, *catalogue, out.stream(), lines);
  if (!out.commit(error)) {
    std::cerr << "smtplog events: " << error << "\n";
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace smtplog
