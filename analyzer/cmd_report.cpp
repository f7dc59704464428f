// `smtplog report`: the database to a report, in a chosen window, format and
// set of sections; --fail-on turns it into a cron check.
#include <algorithm>
#include <ctime>
#include <iostream>

#include "analyzer/clock.h"
#include "analyzer/commands.h"
#include "analyzer/report_options.h"
#include "analyzer/report_output.h"
#include "analyzer/report_thresholds.h"

namespace po = boost::program_options;

namespace smtplog {
namespace {

constexpr const char* kFormats[] = {"text", "json", "csv", "html", "prometheus"};

}  // namespace

void add_report_options(po::options_description& desc, ReportArgs& ra) {
  desc.add_options()
      ("format", po::value<std::string>(&ra.format)->value_name("FMT"),
       "text (default), json, csv, html or prometheus (docs/reports.md)")
      ("since", po::value<std::string>(&ra.since)->value_name("WHEN"),
       "start of the window: today, yesterday, 7d, 12h, 2026-11-01, 2026-11-01T10:00:00+01:00")
      ("until", po::value<std::string>(&ra.until)->value_name("WHEN"),
       "end of the window (same forms; default: now when --since is given)")
      ("top", po::value<int>(&ra.top)->value_name("N"), "problems and domains to list (default 10)")
      ("sections", po::value<std::string>(&ra.sections)->value_name("LIST"),
       "comma-separated: totals, hosts, problems, domains, timeline, replies, inputs, notices, "
       "all (default for text: totals,hosts,problems,inputs,notices; other formats: all)")
      ("fail-on", po::value<std::vector<std::string>>(&ra.fail_on)->value_name("EXPR"),
       "exit 1 when a threshold is crossed, e.g. 'permanent>100', 'deferred-rate>5%' "
       "(repeatable; quote it for the shell)")
      ("color", po::value<std::string>(&ra.color)->value_name("WHEN"),
       "auto (default: on a terminal), always or never; NO_COLOR turns it off")
      ("output,o", po::value<std::string>(&ra.output)->value_name("FILE"),
       "write the report to FILE (replaced atomically)");
}

bool make_report_options(const char* command, const ReportArgs& ra, ReportOptions& ro) {
  if (std::find(std::begin(kFormats), std::end(kFormats), ra.format) == std::end(kFormats)) {
    usage_error(command, "unknown --format '" + ra.format + "' (text, json, csv, html or prometheus)");
    return false;
  }
  if (ra.top < 1 || ra.top > 10000) {
    usage_error(command, "--top must be between 1 and 10000");
    return false;
  }
  if (ra.color != "auto" && ra.color != "always" && ra.color != "never") {
    usage_error(command, "--color must be auto, always or never");
    return false;
  }
  if (ra.sections.empty()) {
    ro.sections = ra.format == "text" ? section::text_default : section::all;
  } else if (std::string bad; !parse_sections(ra.sections, ro.sections, bad)) {
    usage_error(command, "unknown section '" + bad + "' in --sections (" + section_names() + ")");
    return false;
  }
  std::vector<Threshold> thresholds;
  if (std::string error; !parse_thresholds(ra.fail_on, thresholds, error)) {
    usage_error(command, error);
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
  // "--since yesterday" alone means the day of yesterday, as a cron job wants;
  // any other --since alone runs to now, so the window has a length to trend on.
  if (!ra.since.empty() && ra.until.empty()) {
    if (ra.since == "yesterday") parse_when("today", now, ro.until);
    else ro.until = now;
  }
  if (!ra.since.empty() && ra.until.empty() && ro.since >= now) {
    usage_error(command, "--since '" + ra.since + "' is in the future");
    return false;
  }
  if (ro.since != kNoSince && ro.until != kNoUntil && ro.until <= ro.since) {
    usage_error(command, "--until must be later than --since");
    return false;
  }
  ro.top = ra.top;
  return true;
}

bool check_threshold_entries(const char* command, const ReportArgs& ra, const Catalogue& catalogue) {
  std::vector<Threshold> thresholds;
  std::string error;
  parse_thresholds(ra.fail_on, thresholds, error);  // checked by make_report_options
  for (const Threshold& t : thresholds)
    if (t.metric.rfind("entry:", 0) == 0 && !catalogue.find(t.metric.substr(6))) {
      usage_error(command, "--fail-on '" + t.text + "': no catalogue entry '" + t.metric.substr(6) +
                               "' (the ids are in the JSON report's replies and `smtplog events`)");
      return false;
    }
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
  std::vector<Threshold> thresholds;
  parse_thresholds(ra.fail_on, thresholds, error);  // checked by make_report_options
  ReportData data = load_report(*store, catalogue, ro);
  ReportOutput out;
  if (!out.open(ra.output, error)) {
    std::cerr << "smtplog " << command << ": " << error << "\n";
    return kExitInput;
  }
  if (ra.format == "json") render_json(data, out.stream());
  else if (ra.format == "csv") render_csv(data, out.stream());
  else if (ra.format == "html") render_html(data, out.stream());
  else if (ra.format == "prometheus") render_prometheus(data, out.stream());
  else render_text(data, out.stream(), TextStyle{use_color(ra.color, out.terminal()), 80});
  if (!out.commit(error)) {
    std::cerr << "smtplog " << command << ": " << error << "\n";
    return kExitInput;
  }
  std::vector<std::string> reasons = crossed(data, thresholds);
  for (const std::string& why : reasons) std::cerr << "smtplog " << command << ": " << why << "\n";
  return reasons.empty() ? kExitOk : kExitThreshold;
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
    std::string text =
        "Prints what the database holds: the window and the inputs it rests on, totals\n"
        "by outcome, then the problems by impact, each with its share, trend, where it\n"
        "happens, a real example line, its explanation and suggested fix.\n\n"
        "Cron: smtplog report --since yesterday --fail-on 'deferred-rate>5%'\n"
        "exits 1, with the reason on stderr, when a threshold is crossed.\n" +
        wrap("--fail-on metrics: " + std::string(threshold_metrics()) + ".", 80, "");
    text.pop_back();  // wrap's last newline
    print_help(std::cout, "smtplog report [OPTIONS]", text.c_str(), desc);
    return kExitOk;
  }
  ReportOptions ro;
  if (!make_report_options("report", ra, ro)) return kExitUsage;
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  if (!check_threshold_entries("report", ra, *catalogue)) return kExitUsage;
  return print_report("report", database_path(common), *catalogue, ra, ro);
}

}  // namespace smtplog
