#pragma once
// The HTML report's charts as inline SVG: no script, no network, drawn by any
// browser (and by mail clients that show HTML). Sizes are fixed in the
// viewBox and scale to the page width.
//
//   out << svg_timeline(data);   // stacked bars of outcomes per bucket
//   out << svg_problems(data);   // horizontal bars of the top problems
#include <string>

#include "analyzer/report.h"

namespace smtplog {

/// Colour of an outcome in every chart and legend ("#2e7d32" for sent).
const char* outcome_color(const std::string& outcome);

/// Outcomes per hour/day/month: delivered, deferred, bounced, expired and
/// rejected stacked; received drawn as a line over them.
std::string svg_timeline(const ReportData& d);

/// The top problems as horizontal bars, split into permanent, transient and other.
std::string svg_problems(const ReportData& d);

}  // namespace smtplog
