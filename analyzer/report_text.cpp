// The text report: made for an 80-column cron mail. It leads with totals, then
// the problems by count, each with what it means and what to do. Every string
// that came from a log goes through printable().
#include <cstdio>
#include <ctime>
#include <ostream>
#include <sstream>

#include "analyzer/report.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

constexpr std::size_t kWidth = 80;

std::string local_time(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string grouped(std::int64_t n) {
  std::string s = std::to_string(n), out;
  int k = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    if (k && k % 3 == 0 && *it != '-') out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++k;
  }
  return out;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * part / whole : 0.0);
  return buf;
}

// Outcomes in the order a postmaster reads them.
constexpr const char* kOutcomeOrder[] = {
    "received", "sent",     "deferred",     "bounced",  "expired",  "rejected", "reject-warning",
    "held",     "discarded", "filtered",    "redirected", "deliverable", "undeliverable",
    "notified", "completed", "frozen",      "auth-failed", "error"};

std::string plain_class(const Problem& p) {
  if (p.transient && p.permanent) return "transient and permanent";
  if (p.permanent) return "permanent";
  if (p.transient) return "transient";
  return "other";
}

std::string what_it_is(const Problem& p) {
  std::string kind = plain_class(p);
  if (p.direction == "outbound")
    return kind == "transient" ? "transient: remote servers refused for now; your MTA retries"
                               : kind + ": remote servers refused our mail";
  if (p.direction == "inbound")
    return kind + ": we rejected clients (nothing was relayed)";
  return kind + ": local delivery failed";
}

}  // namespace

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::istringstream in(text);
  std::string word, line = indent, out;
  bool empty = true;
  while (in >> word) {
    if (!empty && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = indent;
      empty = true;
    }
    if (!empty) line += ' ';
    line += word;
    empty = false;
  }
  if (!empty) out += line + "\n";
  return out;
}

void render_text(const ReportData& d, std::ostream& out) {
  out << "smtplog report";
  if (d.since || d.until)
    out << ": " << local_time(d.since) << " to " << local_time(d.until)
        << (d.whole_history ? " (all data)" : "");
  out << "\n";
  out << "Based on " << grouped(d.inputs) << " input" << (d.inputs == 1 ? "" : "s") << ", "
      << grouped(d.lines) << " lines, " << grouped(d.unparsed) << " unparsed"
      << (d.unparsed ? " (smtplog unparsed lists them)" : "") << "\n\n";

  out << "Totals\n";
  std::int64_t width = 1;
  for (const auto& [k, v] : d.totals) width = std::max<std::int64_t>(width, grouped(v).size());
  for (const char* o : kOutcomeOrder) {
    auto it = d.totals.find(o);
    if (it == d.totals.end()) continue;
    char buf[96];
    std::snprintf(buf, sizeof buf, "  %-16s %*s", o, static_cast<int>(width), grouped(it->second).c_str());
    out << buf;
    if (d.by_mta.size() > 1) {
      out << "   (";
      bool first = true;
      for (const auto& [mta, m] : d.by_mta) {
        auto j = m.find(o);
        if (j == m.end()) continue;
        out << (first ? "" : ", ") << mta << " " << grouped(j->second);
        first = false;
      }
      out << ")";
    }
    out << "\n";
  }
  if (d.totals.empty()) out << "  (no mail lines in this window)\n";

  out << "\nProblems, by count\n";
  if (d.problems.empty()) out << "  none: every reply in this window was a success\n";
  int rank = 0;
  for (const Problem& p : d.problems) {
    ++rank;
    std::string title = p.entry ? p.entry->name : (p.entry_id.empty() ? "Unclassified" : p.entry_id);
    std::string codes;
    for (const std::string& c : p.codes) codes += (codes.empty() ? "" : ", ") + c;
    std::string head = std::to_string(rank) + ". " + (codes.empty() ? "" : codes + "  ") + title;
    out << "\n" << printable(head) << "\n";
    std::string counts;
    for (const auto& [o, n] : p.outcomes) counts += (counts.empty() ? "" : ", ") + o + " " + grouped(n);
    std::string line = "   " + grouped(p.count) + " (" + percent(p.count, d.problem_total) +
                       " of problems), " + p.direction + ": " + counts;
    if (p.previous || !d.whole_history) {
      std::int64_t diff = p.count - p.previous;
      line += diff == 0 ? "; same as before" : (diff > 0 ? "; up " : "; down ") +
                                                   grouped(diff > 0 ? diff : -diff) + " on the window before";
    }
    out << wrap(line, kWidth, "   ");
    out << wrap(what_it_is(p) + (p.inferred ? " (code inferred from the wording)" : ""), kWidth, "   ");
    if (!p.top_domains.empty()) {
      std::string doms;
      for (const auto& [dom, n] : p.top_domains)
        doms += (doms.empty() ? "" : ", ") + printable(dom.empty() ? "(none)" : dom) + " " + grouped(n);
      out << wrap((p.direction == "inbound" ? "Top clients: " : "Top domains: ") + doms, kWidth, "   ");
    }
    if (!p.example.empty()) {
      std::string ex = printable(p.example);
      if (ex.size() > 2 * kWidth) ex = ex.substr(0, 2 * kWidth) + "...";
      out << wrap("Example: " + ex, kWidth, "   ");
    }
    if (p.entry) {
      out << wrap("Meaning: " + p.entry->description, kWidth, "   ");
      out << wrap("Fix (sender): " + p.entry->fix_sender, kWidth, "   ");
      out << wrap("Fix (server admin): " + p.entry->fix_admin, kWidth, "   ");
    }
  }
  if (!d.notices.empty()) {
    out << "\nNotices\n";
    for (const std::string& n : d.notices) out << wrap(printable(n), kWidth, "  ");
  }
}

}  // namespace smtplog
