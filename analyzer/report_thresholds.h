#pragma once
// --fail-on: thresholds a cron job checks, e.g. "permanent>100" or
// "deferred-rate>5%". When one is crossed the program still prints its report,
// then says why on stderr and exits 1 (kExitThreshold).
//
//   Threshold t;
//   std::string error;
//   if (!parse_threshold("deferred-rate>5%", t, error)) usage_error(..., error);
//   for (const std::string& why : crossed(data, {t})) std::cerr << why << "\n";
#include <string>
#include <vector>

#include "analyzer/report.h"

namespace smtplog {

struct Threshold {
  enum class Op { greater, greater_equal, less, less_equal };
  std::string text;    ///< as the user wrote it
  std::string metric;  ///< "permanent", "deferred-rate", "entry:X.2.2", ...
  Op op = Op::greater;
  double value = 0;    ///< a count, or a fraction for rates (5% -> 0.05)
};

/// Parses "METRIC OP VALUE[%]"; OP is >, >=, < or <=. False with a message
/// naming the metrics when it is not one.
bool parse_threshold(const std::string& text, Threshold& out, std::string& error);

/// Splits a --fail-on value at commas and parses each part.
bool parse_thresholds(const std::vector<std::string>& values, std::vector<Threshold>& out,
                      std::string& error);

/// One sentence per threshold crossed: "deferred-rate is 42.6% (23 of 54
/// delivery attempts), over --fail-on deferred-rate>5%".
std::vector<std::string> crossed(const ReportData& d, const std::vector<Threshold>& thresholds);

/// The metrics --fail-on knows, for --help and docs.
const char* threshold_metrics();

}  // namespace smtplog
