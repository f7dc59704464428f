#pragma once
// The report options shared by `report` and the default command.
#include <boost/program_options.hpp>

#include <string>
#include <vector>

#include "analyzer/report.h"

namespace smtplog {

struct ReportArgs {
  std::string format = "text";  ///< text, json, csv, html, prometheus
  std::string since, until, output;
  std::string sections;         ///< empty: the format's default
  std::string color = "auto";   ///< auto, always, never
  std::vector<std::string> fail_on;
  int top = 10;
};

void add_report_options(boost::program_options::options_description& desc, ReportArgs& ra);

/// Checks the values and turns them into ReportOptions; prints a usage error
/// and returns false when one is wrong.
bool make_report_options(const char* command, const ReportArgs& ra, ReportOptions& out);

/// Checks that each --fail-on entry:ID names an entry of `catalogue` (a typo
/// would never cross); prints a usage error and returns false when one does not.
bool check_threshold_entries(const char* command, const ReportArgs& ra, const Catalogue& catalogue);

/// Opens the store read-only, loads and renders the report, checks --fail-on.
/// Returns an exit code: kExitOk, kExitThreshold (a --fail-on threshold was
/// crossed; the reasons are on stderr) or kExitInput.
int print_report(const char* command, const std::string& db, const Catalogue& catalogue,
                 const ReportArgs& ra, const ReportOptions& ro);

}  // namespace smtplog
