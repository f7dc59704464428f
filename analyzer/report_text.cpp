// The text report: made for an 80-column cron mail. It leads with the window
// and what it rests on, then totals, then the problems by impact, each with
// what it means and what to do. Every string that came from a log goes
// through printable(), and every line is wrapped or cut to the width, so a
// hostile reply text can neither move the cursor nor widen the mail.
// Colour is added per whole line after wrapping, so widths never count escapes.
#include <algorithm>
#include <ostream>
#include <sstream>

#include "analyzer/report.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kRed = "\033[31m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kReset = "\033[0m";

// `s` cut (with "~" marking the cut) or padded to exactly `width` columns.
std::string fit(const std::string& s, std::size_t width) {
  if (columns(s) > width) return std::string(first_columns(s, width - 1)) + "~";
  return s + std::string(width - columns(s), ' ');
}

std::string right(const std::string& s, std::size_t width) {
  std::size_t c = columns(s);
  return c >= width ? s : std::string(width - c, ' ') + s;
}

class Writer {
 public:
  Writer(std::ostream& out, const TextStyle& style) : out_(out), style_(style) {}
  std::size_t width() const { return style_.width; }

  // Every line passes printable() here whatever its parts did, so no text
  // from a log reaches the terminal raw (it is idempotent on safe text).
  void line(const std::string& s, const char* color = nullptr) {
    if (color && style_.color) out_ << color << printable(s) << kReset << "\n";
    else out_ << printable(s) << "\n";
  }
  /// Wrapped paragraph; every output line painted with `color`.
  void para(const std::string& s, const std::string& indent, const char* color = nullptr) {
    para(s, indent, indent, color);
  }
  /// Wrapped with a hanging indent: `first` on the first line, `rest` after.
  void para(const std::string& s, const std::string& first, const std::string& rest,
            const char* color) {
    std::istringstream lines(wrap_hanging(printable(s), style_.width, first, rest));
    for (std::string l; std::getline(lines, l);) line(l, color);
  }
  void heading(const std::string& s) {
    out_ << "\n";
    line(s, kBold);
  }

 private:
  std::ostream& out_;
  const TextStyle& style_;
};

// A table row: a label column, then right-aligned number columns.
std::string row(const std::string& label, std::size_t label_width,
                const std::vector<std::string>& cells, std::size_t cell_width) {
  std::string s = "  " + fit(label, label_width);
  for (const std::string& c : cells) s += right(c, cell_width);
  return s;
}

std::int64_t get(const std::map<std::string, std::int64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

bool has_any(const std::map<std::string, std::int64_t>& m, const std::vector<std::string>& outcomes) {
  for (const std::string& o : outcomes)
    if (get(m, o)) return true;
  return false;
}

// Outcome columns shared by the host, domain and timeline tables.
std::vector<std::string> outcome_cells(const std::map<std::string, std::int64_t>& m,
                                       const std::vector<std::string>& outcomes) {
  std::vector<std::string> cells;
  for (const std::string& o : outcomes) cells.push_back(grouped(get(m, o)));
  return cells;
}

void totals(Writer& w, const ReportData& d) {
  w.heading("TOTALS");
  std::vector<std::string> outcomes = ordered_outcomes(d.totals);
  std::size_t num = 1;
  for (const std::string& o : outcomes) num = std::max(num, grouped(get(d.totals, o)).size());
  for (const std::string& o : outcomes)
    w.line(row(printable(outcome_label(o)), 18, {grouped(get(d.totals, o))}, num + 2));
  w.line("");
  for (const std::string& s : plain_totals(d)) w.para(s, "  ");
}

// A table row whose label is too wide for its column: the whole label on a
// line of its own, the cells on the next, so that two long names sharing
// their first columns (Exim transports) are never printed as one label.
void labelled_row(Writer& w, const std::string& label, std::size_t label_width,
                  const std::vector<std::string>& cells) {
  if (columns(label) > label_width) {
    w.line("  " + label);
    w.line(row("", label_width, cells, 10));
  } else {
    w.line(row(label, label_width, cells, 10));
  }
}

void hosts(Writer& w, const ReportData& d) {
  const std::vector<std::string>& outcomes = main_outcomes();
  std::vector<std::string> heads = {"received", "delivered", "deferred", "bounced", "expired", "rejected"};
  auto table = [&](const char* title,
                   const std::map<std::string, std::map<std::string, std::int64_t>>& by) {
    if (by.size() < 2) return;
    w.heading(title);
    w.line(row("", 16, heads, 10));
    for (const auto& [name, m] : by)
      labelled_row(w, printable(host_label(name)), 16, outcome_cells(m, outcomes));
  };
  table("BY MTA", d.by_mta);
  table("BY LOG HOST", d.by_host);
  // Each MTA's services under its name (the Postfix daemons, Exim's
  // transports), those with none of these outcomes left out.
  if (d.by_service.size() < 2) return;
  w.heading("BY SERVICE (Postfix daemon, Exim transport)");
  w.line(row("", 18, heads, 10));
  const std::string* mta = nullptr;
  for (const auto& [key, m] : d.by_service) {
    if (!has_any(m, outcomes)) continue;
    if (!mta || *mta != key.first) {
      mta = &key.first;
      w.line("  " + printable(*mta));
    }
    labelled_row(w, "  " + printable(service_label(key.second)), 18, outcome_cells(m, outcomes));
  }
}

void problem(Writer& w, const ReportData& d, const Problem& p, int rank, int ranks) {
  std::string codes = problem_codes(p);
  const std::string num = std::to_string(rank) + ".";
  const std::string pad(std::to_string(ranks).size() + 1 - num.size(), ' ');  // right-aligned ranks
  const std::string indent(pad.size() + num.size() + 1, ' ');
  w.line("");
  std::string head = num + " " + printable(problem_title(p)) + (codes.empty() ? "" : " [" + codes + "]");
  w.para(head, pad, indent, kBold);
  std::string counts;
  for (const std::string& o : ordered_outcomes(p.outcomes, false))
    counts += (counts.empty() ? "" : ", ") + printable(o) + " " + grouped(p.outcomes.at(o));
  w.para(grouped(p.count) + " = " + percent(p.count, d.problem_total) + " of problems (" + counts + ")",
         indent);
  const char* color = p.permanent ? kRed : p.transient ? kYellow : nullptr;
  w.para(problem_meaning(p) + (p.inferred ? " The code was inferred from the wording." : ""), indent,
         color);
  if (p.entry) w.para("Category: " + category_words(p.entry->category) + ".", indent);
  if (std::string t = trend_words(d, p); !t.empty()) w.para("Trend: " + t + ".", indent);
  if (!p.top_domains.empty()) {
    std::string doms;
    for (const auto& [dom, n] : p.top_domains)
      doms += (doms.empty() ? "" : ", ") + printable(dom.empty() ? "(none)" : dom) + "\u00a0(" + grouped(n) + ")";
    w.para((p.direction == "inbound" ? "Top clients: " : "Top domains: ") + doms, indent);
  }
  if (!p.example.empty()) {
    std::string ex = printable(p.example);
    // Five lines hold a whole Postfix line, reply included, in most cases.
    if (columns(ex) > 5 * w.width()) ex = std::string(first_columns(ex, 5 * w.width())) + "...";
    w.para("Example: " + ex, indent);
  }
  if (p.entry) {
    w.para("Meaning: " + p.entry->description, indent);
    w.para("Fix (sender): " + p.entry->fix_sender, indent);
    w.para("Fix (server admin): " + p.entry->fix_admin, indent);
  } else {
    std::string outcome;
    std::int64_t most = 0;
    for (const auto& [o, n] : p.outcomes)
      if (n > most) outcome = o, most = n;
    w.para("No catalogue entry matched these replies; `smtplog events --direction " + p.direction +
               (outcome.empty() ? "" : " --outcome " + printable(outcome)) + "` lists their lines, and " +
               "`smtplog explain` explains a code.",
           indent);
  }
}

void problems(Writer& w, const ReportData& d) {
  if (d.problems.empty()) {
    w.heading("PROBLEMS");
    w.line("  None: no failure in this window.");
    return;
  }
  std::string shown = static_cast<std::int64_t>(d.problems.size()) < d.problem_kinds
                          ? "top " + std::to_string(d.problems.size()) + " of " + grouped(d.problem_kinds)
                          : grouped(d.problem_kinds);
  w.heading("PROBLEMS BY IMPACT: " + shown + " kind" + (d.problem_kinds == 1 ? "" : "s") + ", " +
            grouped(d.problem_total) + " failure" + (d.problem_total == 1 ? "" : "s") + " in all");
  int rank = 0;
  for (const Problem& p : d.problems)
    problem(w, d, p, ++rank, static_cast<int>(d.problems.size()));
}

void domains(Writer& w, const ReportData& d) {
  std::vector<std::string> outcomes = {"deferred", "bounced", "expired", "rejected"};
  for (const char* dir : {"outbound", "inbound", "local"}) {
    bool any = false;
    for (const DomainRow& r : d.domains) {
      if (r.direction != dir) continue;
      if (!any) {
        w.heading(std::string(dir) == "outbound"  ? "REMOTE DOMAINS WITH PROBLEMS (outbound)"
                  : std::string(dir) == "inbound" ? "CLIENTS WE REFUSED (inbound)"
                                                  : "LOCAL DOMAINS WITH PROBLEMS");
        w.line(row("", 30, {"problems", "deferred", "bounced", "expired", "rejected"}, 9));
        any = true;
      }
      std::vector<std::string> cells = {grouped(r.count)};
      for (const std::string& c : outcome_cells(r.outcomes, outcomes)) cells.push_back(c);
      w.line(row(printable(r.domain.empty() ? "(none)" : r.domain), 30, cells, 9));
    }
  }
}

void timeline(Writer& w, const ReportData& d) {
  if (d.timeline.empty()) return;
  const char* fmt = d.granularity == "hour" ? "%Y-%m-%d %H:%M" : d.granularity == "day" ? "%Y-%m-%d" : "%Y-%m";
  w.heading("OUTCOMES PER " + std::string(d.granularity == "hour" ? "HOUR" : d.granularity == "day" ? "DAY" : "MONTH"));
  w.line(row("", 16, {"received", "delivered", "deferred", "bounced", "expired", "rejected"}, 10));
  for (const Bucket& b : d.timeline)
    w.line(row(local_time(b.start, fmt), 16, outcome_cells(b.outcomes, main_outcomes()), 10));
}

void replies(Writer& w, const ReportData& d) {
  w.heading("REPLIES");
  w.line("    count  code  enhanced outcome        dir.    MTA     entry");
  for (const ReplyRow& r : d.replies) {
    std::string s = right(grouped(r.count), 9) + "  " + right(r.code ? std::to_string(r.code) : "-", 4) +
                    "  " + fit(r.enhanced.empty() ? "-" : printable(r.enhanced), 8) + " " +
                    fit(printable(r.outcome), 14) + " " +
                    fit(printable(r.direction == "outbound" ? "out" : r.direction == "inbound" ? "in" : r.direction), 7) +
                    " " + fit(printable(r.mta), 7) + " ";
    std::string entry = printable(r.entry.empty() ? "-" : r.entry) + (r.inferred ? " (inferred)" : "");
    w.line(s + clip(entry, w.width() - columns(s)));
  }
}

// A path cut from the left keeps its informative end: "~/log/mail.log.2.gz".
std::string tail(const std::string& s, std::size_t width) {
  std::size_t c = columns(s);
  if (c <= width) return s + std::string(width - c, ' ');
  std::string_view v = s;
  while (columns(v) > width - 1) {
    v.remove_prefix(1);
    while (!v.empty() && (static_cast<unsigned char>(v[0]) & 0xC0) == 0x80) v.remove_prefix(1);
  }
  return "~" + std::string(v);
}

void inputs(Writer& w, const ReportData& d) {
  if (d.input_list.empty() && !d.inputs_left_out) return;
  w.heading("INPUTS");
  if (!d.input_list.empty())
    w.line("  " + fit("", 40) + fit("format", 16) + right("lines", 9) + right("unparsed", 10));
  for (const InputRow& in : d.input_list)
    w.line("  " + tail(printable(in.path), 40) + fit(" " + printable(in.format), 16) +
           right(grouped(in.lines), 9) + right(grouped(in.unparsed), 10));
  if (d.inputs_left_out)
    w.para(grouped(d.inputs_left_out) + (d.inputs_left_out == 1 ? " input" : " inputs") +
               " not read since the window began left out (a report without --since lists every input).",
           "  ");
  if (d.unparsed) w.para("`smtplog unparsed` lists the lines that could not be parsed.", "  ");
}

void notices(Writer& w, const ReportData& d) {
  if (d.notices.empty()) return;
  w.heading("NOTICES");
  for (const std::string& n : d.notices) w.para(printable(n), "  ");
}

}  // namespace

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  return wrap_hanging(text, width, indent, indent);
}

std::string wrap_hanging(const std::string& text, std::size_t width, const std::string& first,
                         const std::string& rest) {
  const std::string* indent = &first;
  auto room = [&] { return width > columns(*indent) + 8 ? width - columns(*indent) : 8; };
  std::istringstream in(text);  // splits at ASCII white space only: NBSP glues
  std::string word, line, out;
  auto flush = [&] {
    out += *indent + line + "\n";
    line.clear();
    indent = &rest;
  };
  while (in >> word) {
    if (!line.empty() && columns(line) + 1 + columns(word) > room()) flush();
    while (columns(word) > room()) {  // a word wider than a line is cut
      if (!line.empty()) flush();
      std::string_view head = first_columns(word, room());
      line = std::string(head);
      word.erase(0, head.size());
      flush();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) flush();
  // A glued space (NBSP, "example.com\u00a0(4)") is a plain space once wrapped.
  for (std::size_t at; (at = out.find("\xC2\xA0")) != std::string::npos;) out.replace(at, 2, " ");
  return out;
}

void render_text(const ReportData& d, std::ostream& out, const TextStyle& style) {
  Writer w(out, style);
  w.para("smtplog report: " + window_words(d), "");
  w.para("Rests on " + basis_words(d) + ".", "");
  if (d.sections & (section::problems | section::domains))
    if (std::string days = domain_days_words(d); !days.empty()) w.para(days, "");
  if (d.whole_history && (d.sections & section::problems))
    w.para("No trends: this report covers all data; with --since (e.g. --since 7d) each "
           "problem is compared with the window of the same length before.",
           "");
  if (d.sections & section::totals) totals(w, d);
  if (d.sections & section::hosts) hosts(w, d);
  if (d.sections & section::problems) problems(w, d);
  if (d.sections & section::domains) domains(w, d);
  if (d.sections & section::timeline) timeline(w, d);
  if (d.sections & section::replies) replies(w, d);
  if (d.sections & section::inputs) inputs(w, d);
  if (d.sections & section::notices) notices(w, d);
}

}  // namespace smtplog
