// The JSON report, schema version 2 (docs/report-json.md). Version 1's fields
// (version, window, totals, by_mta, replies, problems, inputs, notices) are
// always present whatever --sections says; later fields appear with their
// section. Versions add fields; they never rename or remove them.
// Every string goes through json_string(), which always yields valid UTF-8.
#include <ostream>

#include "analyzer/report.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

constexpr int kJsonVersion = 5;

// Writes comma-separated items: `list.item()` before each.
class List {
 public:
  explicit List(std::ostream& out) : out_(out) {}
  std::ostream& item() {
    if (!first_) out_ << ",";
    first_ = false;
    return out_;
  }

 private:
  std::ostream& out_;
  bool first_ = true;
};

void counts_object(std::ostream& out, const std::map<std::string, std::int64_t>& m) {
  out << "{";
  List l(out);
  for (const auto& [k, v] : m) l.item() << json_string(k) << ":" << v;
  out << "}";
}

void nested_counts(std::ostream& out,
                   const std::map<std::string, std::map<std::string, std::int64_t>>& m) {
  out << "{";
  List l(out);
  for (const auto& [k, inner] : m) {
    l.item() << json_string(k) << ":";
    counts_object(out, inner);
  }
  out << "}";
}

const char* boolean(bool b) { return b ? "true" : "false"; }

void problem(std::ostream& out, const ReportData& d, const Problem& p) {
  const Entry* e = p.entry;
  out << "{\"entry\":" << json_string(p.entry_id) << ",\"name\":" << json_string(e ? e->name : "")
      << ",\"category\":" << json_string(e ? e->category : "")
      << ",\"direction\":" << json_string(p.direction) << ",\"count\":" << p.count
      << ",\"previous\":" << p.previous << ",\"transient\":" << boolean(p.transient)
      << ",\"permanent\":" << boolean(p.permanent) << ",\"outcomes\":";
  counts_object(out, p.outcomes);
  out << ",\"codes\":[";
  List codes(out);
  for (const std::string& c : p.codes) codes.item() << json_string(c);
  out << "],\"top_domains\":[";
  List doms(out);
  for (const auto& [dom, n] : p.top_domains)
    doms.item() << "{\"domain\":" << json_string(dom) << ",\"count\":" << n << "}";
  out << "],\"example\":" << json_string(p.example)
      << ",\"fix_sender\":" << json_string(e ? e->fix_sender : "")
      << ",\"fix_admin\":" << json_string(e ? e->fix_admin : "")
      // version 2
      << ",\"title\":" << json_string(problem_title(p)) << ",\"class\":" << json_string(class_word(p))
      << ",\"transient_count\":" << p.transient << ",\"permanent_count\":" << p.permanent
      << ",\"impact\":" << p.impact << ",\"inferred\":" << boolean(p.inferred)
      << ",\"meaning\":" << json_string(problem_meaning(p))
      << ",\"description\":" << json_string(e ? e->description : "")
      << ",\"trend\":" << json_string(trend_words(d, p)) << "}";
}

}  // namespace

void render_json(const ReportData& d, std::ostream& out) {
  out << "{\"version\":" << kJsonVersion << ",\"window\":{\"since\":" << d.since
      << ",\"until\":" << d.until << ",\"whole_history\":" << boolean(d.whole_history)
      << ",\"has_previous\":" << boolean(d.has_previous) << ",\"domains_since\":" << d.domain_since
      << ",\"domains_until\":" << d.domain_until
      << ",\"domains_whole_utc_days\":" << boolean(d.domains_whole_utc_days) << "},\"totals\":";
  counts_object(out, d.totals);
  out << ",\"classes\":{\"transient\":" << d.transient << ",\"permanent\":" << d.permanent << "}";
  out << ",\"by_mta\":";
  nested_counts(out, d.by_mta);
  if (d.sections & section::hosts) {
    out << ",\"by_host\":";
    nested_counts(out, d.by_host);
    // mta -> service -> outcome -> count
    out << ",\"by_service\":{";
    List mtas(out);
    for (auto it = d.by_service.begin(); it != d.by_service.end();) {
      const std::string& mta = it->first.first;
      mtas.item() << json_string(mta) << ":{";
      List services(out);
      for (; it != d.by_service.end() && it->first.first == mta; ++it) {
        services.item() << json_string(it->first.second) << ":";
        counts_object(out, it->second);
      }
      out << "}";
    }
    out << "}";
  }
  out << ",\"replies\":[";
  List replies(out);
  for (const ReplyRow& r : d.replies)
    replies.item() << "{\"code\":" << r.code << ",\"enhanced\":" << json_string(r.enhanced)
                   << ",\"outcome\":" << json_string(r.outcome)
                   << ",\"direction\":" << json_string(r.direction) << ",\"mta\":" << json_string(r.mta)
                   << ",\"entry\":" << json_string(r.entry) << ",\"inferred\":" << boolean(r.inferred)
                   << ",\"count\":" << r.count << "}";
  out << "],\"problems\":[";
  List problems(out);
  for (const Problem& p : d.problems) problem(problems.item(), d, p);
  out << "],\"problem_total\":" << d.problem_total << ",\"problem_kinds\":" << d.problem_kinds;
  if (d.sections & section::timeline) {
    out << ",\"timeline\":{\"granularity\":" << json_string(d.granularity) << ",\"buckets\":[";
    List buckets(out);
    for (const Bucket& b : d.timeline) {
      buckets.item() << "{\"start\":" << b.start << ",\"outcomes\":";
      counts_object(out, b.outcomes);
      out << "}";
    }
    out << "]}";
  }
  if (d.sections & section::domains) {
    out << ",\"domains\":[";
    List domains(out);
    for (const DomainRow& r : d.domains) {
      domains.item() << "{\"domain\":" << json_string(r.domain)
                     << ",\"direction\":" << json_string(r.direction) << ",\"count\":" << r.count
                     << ",\"outcomes\":";
      counts_object(out, r.outcomes);
      out << ",\"top_entry\":" << json_string(r.top_entry) << ",\"top_entry_count\":" << r.top_entry_count
          << "}";
    }
    out << "]";
  }
  out << ",\"inputs\":{\"count\":" << d.inputs << ",\"lines\":" << d.lines
      << ",\"unparsed\":" << d.unparsed;
  if (d.sections & section::inputs) {
    out << ",\"files\":[";
    List files(out);
    for (const InputRow& in : d.input_list)
      files.item() << "{\"path\":" << json_string(in.path) << ",\"format\":" << json_string(in.format)
                   << ",\"lines\":" << in.lines << ",\"unparsed\":" << in.unparsed << "}";
    out << "],\"files_left_out\":" << d.inputs_left_out;
  }
  out << "},\"notices\":[";
  List notices(out);
  for (const std::string& n : d.notices) notices.item() << json_string(n);
  out << "]}\n";
}

}  // namespace smtplog
