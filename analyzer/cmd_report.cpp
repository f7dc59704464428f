// `smtplog report`: the database to a report, in a chosen window and format.
#include <ctime>
#include <fstream>
#include <iostream>

#include "analyzer/clock.h"
#include "analyzer/commands.h"
#include "analyzer/report_options.h"

namespace po = boost::program_options;

namespace smtplog {

void add_report_options(po::options_description& desc, ReportArgs& ra) {
  desc.add_options()
      ("format", po::value<std::string>(&ra.format)->value_name("FMT"), "text (default) or json")
      ("since", po::value<std::string>(&ra.since)->value_name("WHEN"),
       "start of the window: today, yesterday, 7d, 12h, 2026-11-01, 2026-11-01T10:00:00+01:00")
      ("until", po::value<std::string>(&ra.until)->value_name("WHEN"), "end of the window (same forms)")
      ("top", po::value<int>(&ra.top)->value_name("N"), "problems to list (default 10)")
      ("output,o", po::value<std::string>(&ra.output)->value_name("FILE"), "write the report to FILE");
}

bool make_report_options(const char* command, const ReportArgs& ra, ReportOptions& ro) {
  if (ra.format != "text" && ra.format != "json") {
    usage_error(command, "unknown --format '" + ra.format + "' (text or json)");
    return false;
  }
  if (ra.top < 1 || ra.top > 10000) {
    usage_error(command, "--top must be between 1 and 10000");
    return false;
  }
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  if (!ra.since.empty() && !parse_when(ra.since, now, ro.since)) {
    usage_error(command, "cannot read --since '" + ra.since + "'");
    return false;
  }
  if (!ra.until.empty() && !parse_when(ra.until, now, ro.until)) {
    usage_error(command, "cannot read --until '" + ra.until + "'");
    return false;
  }
  // "--since yesterday" alone means the day of yesterday, as a cron job wants.
  if (ra.since == "yesterday" && ra.until.empty()) parse_when("today", now, ro.until);
  ro.top = ra.top;
  return true;
}

int print_report(const char* command, const std::string& db, const Catalogue& catalogue,
                 const ReportArgs& ra, const ReportOptions& ro) {
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  if (!store) {
    std::cerr << "smtplog " << command << ": " << error << "\n";
    return kExitInput;
  }
  ReportData data = load_report(*store, catalogue, ro);
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!ra.output.empty()) {
    file.open(ra.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "smtplog " << command << ": " << ra.output << ": cannot write the report\n";
      return kExitInput;
    }
    out = &file;
  }
  if (ra.format == "json") render_json(data, *out);
  else render_text(data, *out);
  out->flush();
  return *out ? kExitOk : kExitInput;
}

int cmd_report(const Args& args) {
  CommonOptions common;
  ReportArgs ra;
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help");
  add_common_options(desc, common);
  add_report_options(desc, ra);
  po::variables_map vm;
  if (!parse_args("report", args, desc, nullptr, vm)) return kExitUsage;
  if (vm.count("help")) {
    print_help(std::cout, "smtplog report [OPTIONS]",
               "Prints what the database holds: totals by outcome, then the problems by count,\n"
               "each with its explanation and suggested fix.", desc);
    return kExitOk;
  }
  ReportOptions ro;
  if (!make_report_options("report", ra, ro)) return kExitUsage;
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  return print_report("report", database_path(common), *catalogue, ra, ro);
}

}  // namespace smtplog
