// The JSON report. Schema (documented in docs/report-json.md), version 1:
// {"version":1, "window":{...}, "totals":{outcome:count}, "replies":[{code,
// enhanced, outcome, direction, count, ...}], "problems":[...], "inputs":{...}}.
// Later versions add fields; they never rename these.
#include <ostream>

#include "analyzer/report.h"
#include "analyzer/sanitize.h"

namespace smtplog {

void render_json(const ReportData& d, std::ostream& out) {
  out << "{\"version\":1,\"window\":{\"since\":" << d.since << ",\"until\":" << d.until
      << ",\"whole_history\":" << (d.whole_history ? "true" : "false") << "},\"totals\":{";
  bool first = true;
  for (const auto& [k, v] : d.totals) {
    out << (first ? "" : ",") << json_string(k) << ":" << v;
    first = false;
  }
  out << "},\"by_mta\":{";
  first = true;
  for (const auto& [mta, m] : d.by_mta) {
    out << (first ? "" : ",") << json_string(mta) << ":{";
    bool f2 = true;
    for (const auto& [k, v] : m) {
      out << (f2 ? "" : ",") << json_string(k) << ":" << v;
      f2 = false;
    }
    out << "}";
    first = false;
  }
  out << "},\"replies\":[";
  first = true;
  for (const ReplyRow& r : d.replies) {
    out << (first ? "" : ",") << "{\"code\":" << r.code << ",\"enhanced\":" << json_string(r.enhanced)
        << ",\"outcome\":" << json_string(r.outcome) << ",\"direction\":" << json_string(r.direction)
        << ",\"mta\":" << json_string(r.mta) << ",\"entry\":" << json_string(r.entry)
        << ",\"inferred\":" << (r.inferred ? "true" : "false") << ",\"count\":" << r.count << "}";
    first = false;
  }
  out << "],\"problems\":[";
  first = true;
  for (const Problem& p : d.problems) {
    out << (first ? "" : ",") << "{\"entry\":" << json_string(p.entry_id)
        << ",\"name\":" << json_string(p.entry ? p.entry->name : "")
        << ",\"category\":" << json_string(p.entry ? p.entry->category : "")
        << ",\"direction\":" << json_string(p.direction) << ",\"count\":" << p.count
        << ",\"previous\":" << p.previous << ",\"transient\":" << (p.transient ? "true" : "false")
        << ",\"permanent\":" << (p.permanent ? "true" : "false") << ",\"outcomes\":{";
    bool f2 = true;
    for (const auto& [o, n] : p.outcomes) {
      out << (f2 ? "" : ",") << json_string(o) << ":" << n;
      f2 = false;
    }
    out << "},\"codes\":[";
    f2 = true;
    for (const std::string& c : p.codes) {
      out << (f2 ? "" : ",") << json_string(c);
      f2 = false;
    }
    out << "],\"top_domains\":[";
    f2 = true;
    for (const auto& [dom, n] : p.top_domains) {
      out << (f2 ? "" : ",") << "{\"domain\":" << json_string(dom) << ",\"count\":" << n << "}";
      f2 = false;
    }
    out << "],\"example\":" << json_string(p.example)
        << ",\"fix_sender\":" << json_string(p.entry ? p.entry->fix_sender : "")
        << ",\"fix_admin\":" << json_string(p.entry ? p.entry->fix_admin : "") << "}";
    first = false;
  }
  out << "],\"inputs\":{\"count\":" << d.inputs << ",\"lines\":" << d.lines
      << ",\"unparsed\":" << d.unparsed << "},\"notices\":[";
  first = true;
  for (const std::string& n : d.notices) {
    out << (first ? "" : ",") << json_string(n);
    first = false;
  }
  out << "]}\n";
}

}  // namespace smtplog
