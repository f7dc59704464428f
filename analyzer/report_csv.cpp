// The CSV report: one table in long ("tidy") form, RFC 4180 (CRLF, quoted
// when needed), so a spreadsheet's filter or pivot on the `section` column
// gives each part of the report. Columns a row does not use stay empty.
// Every text cell goes through csv_cell(), which neutralises cells that a
// spreadsheet would run as a formula (= + - @).
#include <ostream>

#include "analyzer/report.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

enum Column {
  kSection, kStart, kHost, kMta, kDirection, kOutcome, kCode, kEnhanced, kInferred, kEntry, kName,
  kClass, kCategory, kDomain, kCount, kPrevious, kImpact, kShare, kTrend, kCodes, kExample,
  kFixSender, kFixAdmin, kColumns
};

constexpr const char* kHeader[kColumns] = {
    "section", "start",    "host",   "mta",    "direction", "outcome", "code",    "enhanced",
    "inferred", "entry",   "name",   "class",  "category",  "domain",  "count",   "previous",
    "impact",  "share",    "trend",  "codes",  "example",   "fix_sender", "fix_admin"};

class Row {
 public:
  explicit Row(const char* section) { cells_[kSection] = section; }
  Row& set(Column c, const std::string& text) {
    cells_[c] = csv_cell(text);
    return *this;
  }
  Row& num(Column c, std::int64_t n) {
    cells_[c] = std::to_string(n);
    return *this;
  }
  void write(std::ostream& out) const {
    for (int c = 0; c < kColumns; ++c) out << (c ? "," : "") << cells_[c];
    out << "\r\n";
  }

 private:
  std::string cells_[kColumns];
};

void outcome_rows(std::ostream& out, const char* section, Column key_column, const std::string& key,
                  const std::map<std::string, std::int64_t>& m) {
  for (const std::string& o : ordered_outcomes(m, false)) {
    Row r(section);
    if (key_column != kSection) r.set(key_column, key);
    r.set(kOutcome, o).num(kCount, m.at(o)).write(out);
  }
}

}  // namespace

void render_csv(const ReportData& d, std::ostream& out) {
  for (int c = 0; c < kColumns; ++c) out << (c ? "," : "") << kHeader[c];
  out << "\r\n";
  Row("window").set(kStart, iso_time(d.since)).set(kName, window_words(d)).write(out);
  if (d.domains_whole_utc_days)
    Row("domain-window").set(kStart, iso_time(d.domain_since)).set(kName, domain_days_words(d)).write(out);
  if (d.sections & section::totals) {
    outcome_rows(out, "total", kSection, "", d.totals);
    Row("total").set(kClass, "transient").num(kCount, d.transient).write(out);
    Row("total").set(kClass, "permanent").num(kCount, d.permanent).write(out);
  }
  if (d.sections & section::hosts) {
    for (const auto& [mta, m] : d.by_mta) outcome_rows(out, "mta", kMta, mta, m);
    for (const auto& [host, m] : d.by_host) outcome_rows(out, "host", kHost, host, m);
    for (const auto& [key, m] : d.by_service)
      for (const std::string& o : ordered_outcomes(m, false))
        Row("service").set(kMta, key.first).set(kName, key.second).set(kOutcome, o).num(kCount, m.at(o)).write(out);
  }
  if (d.sections & section::problems) {
    for (const Problem& p : d.problems) {
      std::string doms;
      for (const auto& [dom, n] : p.top_domains)
        doms += (doms.empty() ? "" : "; ") + dom + " (" + std::to_string(n) + ")";
      Row r("problem");
      r.set(kDirection, p.direction).set(kEntry, p.entry_id).set(kName, problem_title(p));
      r.set(kClass, class_word(p)).set(kCategory, p.entry ? p.entry->category : "");
      r.set(kDomain, doms).num(kCount, p.count).num(kPrevious, p.previous).num(kImpact, p.impact);
      r.set(kShare, percent(p.count, d.problem_total)).set(kTrend, trend_words(d, p));
      r.set(kCodes, problem_codes(p)).set(kExample, p.example).num(kInferred, p.inferred);
      r.set(kFixSender, p.entry ? p.entry->fix_sender : "");
      r.set(kFixAdmin, p.entry ? p.entry->fix_admin : "");
      r.write(out);
    }
  }
  if (d.sections & section::domains) {
    for (const DomainRow& dr : d.domains) {
      for (const auto& [o, n] : dr.outcomes) {
        Row r("domain");
        r.set(kDomain, dr.domain).set(kDirection, dr.direction).set(kOutcome, o).num(kCount, n);
        r.set(kEntry, dr.top_entry).write(out);
      }
    }
  }
  if (d.sections & section::timeline) {
    for (const Bucket& b : d.timeline) {
      for (const std::string& o : ordered_outcomes(b.outcomes)) {
        auto it = b.outcomes.find(o);
        Row r("timeline");
        r.set(kStart, iso_time(b.start)).set(kName, d.granularity).set(kOutcome, o);
        r.num(kCount, it == b.outcomes.end() ? 0 : it->second).write(out);
      }
    }
  }
  if (d.sections & section::replies) {
    for (const ReplyRow& rr : d.replies) {
      Row r("reply");
      r.num(kCode, rr.code).set(kEnhanced, rr.enhanced).set(kOutcome, rr.outcome);
      r.set(kDirection, rr.direction).set(kMta, rr.mta).set(kEntry, rr.entry);
      r.num(kInferred, rr.inferred).num(kCount, rr.count).write(out);
    }
  }
  if (d.sections & section::inputs) {
    Row("inputs").set(kOutcome, "lines").num(kCount, d.lines).write(out);
    Row("inputs").set(kOutcome, "unparsed").num(kCount, d.unparsed).write(out);
    for (const InputRow& in : d.input_list) {
      Row("input").set(kName, in.path).set(kCategory, in.format).set(kOutcome, "lines").num(kCount, in.lines).write(out);
      Row("input").set(kName, in.path).set(kCategory, in.format).set(kOutcome, "unparsed").num(kCount, in.unparsed).write(out);
    }
  }
  if (d.sections & section::notices)
    for (const std::string& n : d.notices) Row("notice").set(kName, n).write(out);
}

}  // namespace smtplog
