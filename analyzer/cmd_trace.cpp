// `smtplog trace QUEUE_ID|ADDRESS`: the stored failures of one message, or of
// an address's mail (as recipient or sender), grouped by message.
#include <ctime>
#include <iostream>

#include "analyzer/clock.h"
#include "analyzer/commands.h"
#include "analyzer/report_events.h"
#include "analyzer/report_output.h"

namespace po = boost::program_options;

namespace smtplog {

int cmd_trace(const Args& args) {
  CommonOptions common;
  std::string target, since, until, format = "text", output;
  std::size_t limit = 1000;
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help");
  add_common_options(desc, common);
  desc.add_options()
      ("target", po::value<std::string>(&target), "queue id or address")
      ("since", po::value<std::string>(&since)->value_name("WHEN"), "from: today, 7d, 2026-11-01, ...")
      ("until", po::value<std::string>(&until)->value_name("WHEN"), "to (same forms)")
      ("limit", po::value<std::size_t>(&limit)->value_name("N"), "at most the latest N events (default 1000; 0 = all)")
      ("format", po::value<std::string>(&format)->value_name("FMT"), "text (default) or json")
      ("output,o", po::value<std::string>(&output)->value_name("FILE"), "write to FILE");
  po::positional_options_description pos;
  pos.add("target", 1);
  po::variables_map vm;
  if (!parse_args("trace", args, desc, &pos, vm)) return kExitUsage;
  if (vm.count("help")) {
    print_help(std::cout, "smtplog trace [OPTIONS] QUEUE_ID|ADDRESS",
               "Shows the life of a message (a Postfix queue id or an Exim message id), or of\n"
               "an address's mail, from the stored failure events: each deferral, bounce or\n"
               "rejection in time order, and what the last one means. Successful deliveries\n"
               "are not stored, so trace shows where mail failed, not the whole way.", desc);
    return kExitOk;
  }
  if (!limit_ok("trace", limit)) return kExitUsage;
  if (target.empty()) return usage_error("trace", "give a queue id or an address");
  if (format != "text" && format != "json")
    return usage_error("trace", "unknown --format '" + format + "' (text or json)");
  EventFilter f;
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  if (!since.empty() && !parse_when(since, now, f.since))
    return usage_error("trace", "cannot read --since '" + since + "'");
  if (!until.empty() && !parse_when(until, now, f.until))
    return usage_error("trace", "cannot read --until '" + until + "'");
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  EventQuery q;
  std::string error;
  build_query(f, *catalogue, q, error);  // only the window: cannot fail
  build_trace_query(target, q);
  auto store = Store::open(database_path(common), Store::Mode::read_only, error);
  if (!store) {
    std::cerr << "smtplog trace: " << error << "\n";
    return kExitInput;
  }
  EventList list = load_events(*store, q, limit);
  ReportOutput out;
  if (!out.open(output, error)) {
    std::cerr << "smtplog trace: " << error << "\n";
    return kExitInput;
  }
  if (format == "json") render_trace_json(target, list, *catalogue, out.stream());
  else render_trace_text(target, list, *catalogue, out.stream());
  if (!out.commit(error)) {
    std::cerr << "smtplog trace: " << error << "\n";
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace smtplog
