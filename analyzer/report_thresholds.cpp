// Every metric is computed from ReportData, which load_report fills whatever
// the sections, so --fail-on works with any --format and --sections.
// A rate whose denominator is 0 is 0: no attempts, nothing crossed.
#include "analyzer/report_thresholds.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "analyzer/report_words.h"

namespace smtplog {
namespace {

constexpr const char* kOutcomes[] = {
    "sent",     "delivered",  "deferred",  "bounced",     "expired",       "rejected",
    "received", "reject-warning", "held",  "discarded",   "filtered",      "redirected",
    "deliverable", "undeliverable", "completed", "frozen", "auth-failed", "notified",
    "error",    "accepted"};

bool known_outcome(std::string_view o) {
  return std::find(std::begin(kOutcomes), std::end(kOutcomes), o) != std::end(kOutcomes);
}

bool is_rate(std::string_view m) { return m.size() > 5 && m.substr(m.size() - 5) == "-rate"; }

bool known_metric(const std::string& m) {
  if (m.rfind("entry:", 0) == 0) return m.size() > 6;
  std::string base = is_rate(m) ? m.substr(0, m.size() - 5) : m;
  if (base == "permanent" || base == "transient") return true;
  if (!is_rate(m) && base == "problems") return true;
  if (base == "unparsed") return true;
  if (is_rate(m) && (base == "received" || base == "completed")) return false;
  return known_outcome(base);
}

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::int64_t total(const ReportData& d, const std::string& o) {
  auto it = d.totals.find(o == "delivered" ? "sent" : o);
  return it == d.totals.end() ? 0 : it->second;
}

// The value of a metric: part / whole for rates (whole 0 for counts), and what
// the whole is, in words.
struct Measure {
  std::int64_t part = 0, whole = 0;
  std::string of;
};

Measure measure(const ReportData& d, const std::string& metric) {
  Measure m;
  const bool rate = is_rate(metric);
  const std::string base = rate ? metric.substr(0, metric.size() - 5) : metric;
  const std::int64_t attempts = total(d, "sent") + total(d, "deferred") + total(d, "bounced") + total(d, "expired");
  if (metric.rfind("entry:", 0) == 0) {
    for (const ReplyRow& r : d.replies)
      if (r.entry == metric.substr(6)) m.part += r.count;
  } else if (base == "permanent" || base == "transient") {
    m.part = base == "permanent" ? d.permanent : d.transient;
    m.whole = attempts + total(d, "rejected");
    m.of = "delivery attempts and inbound rejections";
  } else if (base == "problems") {
    m.part = d.problem_total;
  } else if (base == "unparsed") {
    m.part = d.unparsed;
    m.whole = d.lines;
    m.of = "lines read";
  } else if (base == "rejected" || base == "reject-warning") {
    m.part = total(d, base);
    m.whole = total(d, "received") + total(d, "rejected");
    m.of = "messages received and rejected";
  } else {
    m.part = total(d, base);
    m.whole = attempts;
    m.of = "delivery attempts";
  }
  if (!rate) m.whole = 0;
  return m;
}

}  // namespace

const char* threshold_metrics() {
  return "an outcome (sent or delivered, deferred, bounced, expired, rejected, received, ...), "
         "permanent, transient, problems, unparsed, entry:ID; or a rate: deferred-rate, "
         "bounced-rate, expired-rate, delivered-rate (of delivery attempts), rejected-rate (of "
         "messages received and rejected), permanent-rate, transient-rate, unparsed-rate";
}

bool parse_threshold(const std::string& text, Threshold& out, std::string& error) {
  std::size_t op = text.find_first_of("<>");
  if (op == std::string::npos) {
    error = "--fail-on '" + text + "' has no > or < (e.g. permanent>100, deferred-rate>5%)";
    return false;
  }
  out = Threshold{};
  out.text = trim(text);
  out.metric = trim(std::string_view(text).substr(0, op));
  std::size_t value_at = op + 1;
  const bool equal = value_at < text.size() && text[value_at] == '=';
  if (equal) ++value_at;
  out.op = text[op] == '>' ? (equal ? Threshold::Op::greater_equal : Threshold::Op::greater)
                           : (equal ? Threshold::Op::less_equal : Threshold::Op::less);
  if (!known_metric(out.metric)) {
    error = "--fail-on '" + text + "': unknown metric '" + out.metric + "'; use " + threshold_metrics();
    return false;
  }
  std::string value = trim(std::string_view(text).substr(value_at));
  const bool pct = !value.empty() && value.back() == '%';
  if (pct) value.pop_back();
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out.value);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || out.value < 0) {
    error = "--fail-on '" + text + "': '" + value + "' is not a number";
    return false;
  }
  if (is_rate(out.metric)) {
    if (pct) {
      out.value /= 100;
      if (out.value > 1) {  // deferred-rate>150% could never cross
        error = "--fail-on '" + text + "': a rate is at most 100%";
        return false;
      }
    } else if (out.value > 1) {
      error = "--fail-on '" + text + "': write a rate as a percentage (5%) or a fraction (0.05)";
      return false;
    }
  } else if (pct) {
    error = "--fail-on '" + text + "': " + out.metric + " is a count; for a share use " + out.metric + "-rate";
    return false;
  }
  return true;
}

bool parse_thresholds(const std::vector<std::string>& values, std::vector<Threshold>& out,
                      std::string& error) {
  for (const std::string& v : values) {
    std::size_t pos = 0;
    while (pos <= v.size()) {
      std::size_t comma = v.find(',', pos);
      if (comma == std::string::npos) comma = v.size();
      Threshold t;
      if (!parse_threshold(v.substr(pos, comma - pos), t, error)) return false;
      out.push_back(std::move(t));
      pos = comma + 1;
    }
  }
  return true;
}

std::vector<std::string> crossed(const ReportData& d, const std::vector<Threshold>& thresholds) {
  std::vector<std::string> out;
  for (const Threshold& t : thresholds) {
    Measure m = measure(d, t.metric);
    const bool rate = is_rate(t.metric);
    const double v = rate ? (m.whole ? static_cast<double>(m.part) / static_cast<double>(m.whole) : 0.0)
                          : static_cast<double>(m.part);
    bool hit = false;
    switch (t.op) {
      case Threshold::Op::greater: hit = v > t.value; break;
      case Threshold::Op::greater_equal: hit = v >= t.value; break;
      case Threshold::Op::less: hit = v < t.value; break;
      case Threshold::Op::less_equal: hit = v <= t.value; break;
    }
    if (!hit) continue;
    std::string shown = rate ? percent(m.part, m.whole) + " (" + grouped(m.part) + " of " + grouped(m.whole) +
                                   " " + m.of + ")"
                             : grouped(m.part);
    out.push_back(t.metric + " is " + shown + ": crossed --fail-on " + t.text);
  }
  return out;
}

}  // namespace smtplog
