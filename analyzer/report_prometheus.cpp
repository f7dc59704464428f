// Prometheus metrics in the text exposition format, for node_exporter's
// textfile collector (cron writes the file with --output, which replaces it
// atomically, so the collector never reads half a file).
//
// Over all data (no --since/--until) the counts only grow, so they are
// counters named smtplog_*_total, fit for rate() and increase(). Over a window
// they go up and down, so they are gauges named smtplog_window_*.
// Label values pass printable() (valid UTF-8, no control characters) and are
// then escaped as the format asks (backslash, double quote).
#include <ostream>

#include "analyzer/report.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

std::string label(std::string_view v) {
  std::string out;
  for (char c : printable(v)) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

class Family {
 public:
  Family(std::ostream& out, const ReportData& d, const std::string& name, const std::string& help)
      : out_(out) {
    name_ = d.whole_history ? "smtplog_" + name + "_total" : "smtplog_window_" + name;
    out_ << "# HELP " << name_ << " " << help << (d.whole_history ? "" : " in the report's window")
         << ".\n# TYPE " << name_ << " " << (d.whole_history ? "counter" : "gauge") << "\n";
  }
  /// labels: {{"outcome", "sent"}, ...}
  void sample(std::initializer_list<std::pair<const char*, std::string_view>> labels, std::int64_t v) {
    out_ << name_;
    if (labels.size()) {
      out_ << "{";
      bool first = true;
      for (const auto& [k, val] : labels) {
        out_ << (first ? "" : ",") << k << "=\"" << label(val) << "\"";
        first = false;
      }
      out_ << "}";
    }
    out_ << " " << v << "\n";
  }

 private:
  std::ostream& out_;
  std::string name_;
};

void gauge(std::ostream& out, const char* name, const char* help, std::int64_t v) {
  out << "# HELP " << name << " " << help << ".\n# TYPE " << name << " gauge\n" << name << " " << v << "\n";
}

}  // namespace

void render_prometheus(const ReportData& d, std::ostream& out) {
  gauge(out, "smtplog_report_window_start_seconds", "Start of the report's window, unix time", d.since);
  gauge(out, "smtplog_report_window_end_seconds",
        "End of the report's window (over all data: end of the last 15 minutes with data), unix time", d.until);
  {
    Family f(out, d, "outcomes", "Mail log events by log host, MTA and outcome");
    for (const auto& [key, m] : d.by_host_mta)
      for (const std::string& o : ordered_outcomes(m, false))
        f.sample({{"log_host", key.first}, {"mta", key.second}, {"outcome", o}}, m.at(o));
  }
  {
    Family f(out, d, "service_outcomes", "Mail log events by MTA, service (Postfix daemon, Exim transport) and outcome");
    for (const auto& [key, m] : d.by_service)
      for (const std::string& o : ordered_outcomes(m, false))
        f.sample({{"mta", key.first}, {"service", key.second}, {"outcome", o}}, m.at(o));
  }
  {
    Family f(out, d, "failures", "Failures by class: transient (retried, 4xx) or permanent (5xx, bounced)");
    f.sample({{"class", "transient"}}, d.transient);
    f.sample({{"class", "permanent"}}, d.permanent);
  }
  {
    Family f(out, d, "replies", "Replies by code, enhanced code, outcome, direction, MTA and catalogue entry");
    for (const ReplyRow& r : d.replies) {
      std::string code = std::to_string(r.code);
      f.sample({{"code", code},
                {"enhanced", r.enhanced},
                {"outcome", r.outcome},
                {"direction", r.direction},
                {"mta", r.mta},
                {"entry", r.entry},
                {"inferred", r.inferred ? "1" : "0"}},
               r.count);
    }
  }
  // Lines read and unparsed are never windowed: they are about the inputs.
  out << "# HELP smtplog_input_lines_total Lines read from all inputs.\n"
         "# TYPE smtplog_input_lines_total counter\nsmtplog_input_lines_total "
      << d.lines << "\n";
  out << "# HELP smtplog_unparsed_lines_total Lines that looked like mail lines but could not be "
         "parsed (smtplog unparsed lists them).\n"
         "# TYPE smtplog_unparsed_lines_total counter\nsmtplog_unparsed_lines_total "
      << d.unparsed << "\n";
  gauge(out, "smtplog_inputs", "Inputs (log contents) the database has read", d.inputs);
}

}  // namespace smtplog
