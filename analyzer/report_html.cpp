// The HTML report: one self-contained file (inline CSS and SVG, no script, no
// fonts, no images from anywhere), so it opens offline, from a mail
// attachment, or from a web server that serves it as a static file. A
// Content-Security-Policy forbids every script and every fetch, so even text
// that escaped escaping could not run or call home. Every string from a log
// goes through html_escape().
#include <algorithm>
#include <ostream>

#include "analyzer/report.h"
#include "analyzer/report_svg.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

constexpr const char* kStyle = R"(
:root{color-scheme:light;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
p.meta{margin:2px 0;color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{flex:1 1 140px;border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:var(--soft)}
.card .v{font-size:24px;font-weight:600;font-variant-numeric:tabular-nums}
.card .k{color:var(--muted);font-size:13px}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
ul.plain{padding-left:20px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.example{white-space:pre-wrap;word-break:break-all;background:var(--soft);padding:6px 8px;border-radius:4px;margin:6px 0 0}
.permanent{color:#b71c1c;font-weight:600}.transient{color:#9a6700;font-weight:600}.other{color:var(--muted)}
.fix{margin:4px 0}.fix b{font-weight:600}
svg.chart{display:block;width:100%;height:auto;margin:8px 0}
svg.chart text{font:12px system-ui,sans-serif;fill:#57606a}
svg.chart text.label{fill:#1f2328;font-size:13px}
svg.chart line.grid{stroke:#eaeef2}svg.chart line.axisline{stroke:#8c959f}
.legend span{margin-right:16px;white-space:nowrap;font-size:13px}
footer{margin-top:40px;color:var(--muted);font-size:12px}
)";

std::string esc(const std::string& s) { return html_escape(s); }

std::int64_t get(const std::map<std::string, std::int64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

void legend(std::ostream& out, std::initializer_list<const char*> outcomes) {
  out << "<p class=\"legend\">";
  for (const char* o : outcomes)
    out << "<span><i class=\"swatch\" style=\"background:" << outcome_color(o) << "\"></i>"
        << outcome_label(o) << "</span>";
  out << "</p>\n";
}

void totals(std::ostream& out, const ReportData& d) {
  out << "<section id=\"totals\"><h2>Totals</h2>\n<div class=\"cards\">";
  for (const std::string& o : main_outcomes())
    out << "<div class=\"card\"><div class=\"v\">" << grouped(get(d.totals, o)) << "</div><div class=\"k\">"
        << "<i class=\"swatch\" style=\"background:" << outcome_color(o) << "\"></i>" << outcome_label(o)
        << "</div></div>";
  out << "</div>\n";
  std::vector<std::string> rest;
  for (const std::string& o : ordered_outcomes(d.totals, false))
    if (std::find(main_outcomes().begin(), main_outcomes().end(), o) == main_outcomes().end())
      rest.push_back(o);
  if (!rest.empty()) {
    out << "<table><tr><th>other outcome</th><th class=\"n\">count</th></tr>";
    for (const std::string& o : rest)
      out << "<tr><td>" << esc(outcome_label(o)) << "</td><td class=\"n\">" << grouped(d.totals.at(o)) << "</td></tr>";
    out << "</table>\n";
  }
  out << "<ul class=\"plain\">";
  for (const std::string& s : plain_totals(d)) out << "<li>" << esc(s) << "</li>";
  out << "</ul></section>\n";
}

// One row per key of `by`: `cells(key)` writes its first cells, under `heads`.
template <class Key, class Cells>
void outcome_table(std::ostream& out, std::initializer_list<const char*> heads,
                   const std::map<Key, std::map<std::string, std::int64_t>>& by, Cells cells) {
  out << "<table><tr>";
  for (const char* h : heads) out << "<th>" << h << "</th>";
  for (const std::string& o : main_outcomes()) out << "<th class=\"n\">" << outcome_label(o) << "</th>";
  out << "</tr>\n";
  for (const auto& [key, m] : by) {
    out << "<tr>";
    cells(key);
    for (const std::string& o : main_outcomes()) out << "<td class=\"n\">" << grouped(get(m, o)) << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n";
}

void hosts(std::ostream& out, const ReportData& d) {
  if (d.by_mta.size() < 2 && d.by_host.size() < 2 && d.by_service.size() < 2) return;
  out << "<section id=\"hosts\"><h2>By MTA, log host and service</h2>\n";
  auto name = [&](const std::string& k) { out << "<td>" << esc(host_label(k)) << "</td>"; };
  if (d.by_mta.size() >= 2) outcome_table(out, {"MTA"}, d.by_mta, name);
  if (d.by_host.size() >= 2) outcome_table(out, {"log host"}, d.by_host, name);
  if (d.by_service.size() >= 2)
    outcome_table(out, {"MTA", "service"}, d.by_service, [&](const std::pair<std::string, std::string>& k) {
      out << "<td>" << esc(k.first) << "</td><td>" << esc(service_label(k.second)) << "</td>";
    });
  out << "</section>\n";
}

void timeline(std::ostream& out, const ReportData& d) {
  out << "<section id=\"timeline\"><h2>Outcomes per " << esc(d.granularity.empty() ? "hour" : d.granularity)
      << "</h2>\n"
      << svg_timeline(d) << "\n";
  legend(out, {"sent", "deferred", "bounced", "expired", "rejected", "received"});
  out << "</section>\n";
}

void problems(std::ostream& out, const ReportData& d) {
  out << "<section id=\"problems\"><h2>Problems by impact</h2>\n";
  if (d.problems.empty()) {
    out << "<p>None: no failure in this window.</p></section>\n";
    return;
  }
  out << "<p class=\"meta\">" << d.problems.size() << " of " << grouped(d.problem_kinds) << " kinds, "
      << grouped(d.problem_total) << " failures in all. Bars: <span class=\"permanent\">permanent</span>, "
      << "<span class=\"transient\">transient</span>.";
  if (d.whole_history) out << " No trends: this report covers all data (use --since for a trend).";
  out << "</p>\n" << svg_problems(d) << "\n";
  out << "<table id=\"problem-table\"><tr><th class=\"n\">#</th><th>problem</th><th class=\"n\">count</th>"
         "<th class=\"n\">share</th><th>where</th><th>what to do</th></tr>\n";
  int rank = 0;
  for (const Problem& p : d.problems) {
    std::string css = p.permanent ? "permanent" : p.transient ? "transient" : "other";
    out << "<tr><td class=\"n\">" << ++rank << "</td><td><b>" << esc(problem_title(p)) << "</b>";
    if (!p.codes.empty()) out << " <code>" << esc(problem_codes(p)) << "</code>";
    out << "<br><span class=\"" << css << "\">" << esc(problem_meaning(p)) << "</span>";
    if (p.inferred) out << " The code was inferred from the wording.";
    if (p.entry) out << "<br>Category: " << esc(category_words(p.entry->category)) << ".";
    if (p.entry) out << "<br>" << esc(p.entry->description);
    if (!p.example.empty()) out << "<pre class=\"example\">" << esc(p.example) << "</pre>";
    out << "</td><td class=\"n\">" << grouped(p.count);
    for (const std::string& o : ordered_outcomes(p.outcomes, false))
      out << "<br><small>" << esc(o) << " " << grouped(p.outcomes.at(o)) << "</small>";
    out << "</td><td class=\"n\">" << percent(p.count, d.problem_total);
    if (std::string t = trend_words(d, p); !t.empty()) out << "<br><small>" << esc(t) << "</small>";
    out << "</td><td>";
    for (const auto& [dom, n] : p.top_domains)
      out << esc(dom.empty() ? "(none)" : dom) << " (" << grouped(n) << ")<br>";
    out << "</td><td>";
    if (p.entry)
      out << "<p class=\"fix\"><b>Sender:</b> " << esc(p.entry->fix_sender) << "</p><p class=\"fix\"><b>Server admin:</b> "
          << esc(p.entry->fix_admin) << "</p>";
    else
      out << "No catalogue entry: <code>smtplog explain</code> on the codes may help.";
    out << "</td></tr>\n";
  }
  out << "</table></section>\n";
}

void domains(std::ostream& out, const ReportData& d) {
  out << "<section id=\"domains\"><h2>Domains and clients with problems</h2>\n";
  if (d.domains.empty()) out << "<p>None in this window.</p>\n";
  for (const char* dir : {"outbound", "inbound", "local"}) {
    bool any = false;
    for (const DomainRow& r : d.domains) {
      if (r.direction != dir) continue;
      if (!any) {
        out << "<h3>" << (std::string(dir) == "outbound"  ? "Remote domains (outbound)"
                          : std::string(dir) == "inbound" ? "Clients we refused (inbound)"
                                                          : "Local")
            << "</h3>\n<table><tr><th>" << (std::string(dir) == "inbound" ? "client" : "domain")
            << "</th><th class=\"n\">problems</th><th class=\"n\">deferred</th><th class=\"n\">bounced</th>"
               "<th class=\"n\">expired</th><th class=\"n\">rejected</th><th>main problem</th></tr>\n";
        any = true;
      }
      out << "<tr><td>" << esc(r.domain.empty() ? "(none)" : r.domain) << "</td><td class=\"n\">"
          << grouped(r.count) << "</td>";
      for (const char* o : {"deferred", "bounced", "expired", "rejected"})
        out << "<td class=\"n\">" << grouped(get(r.outcomes, o)) << "</td>";
      out << "<td>" << esc(r.top_entry) << " (" << grouped(r.top_entry_count) << ")</td></tr>\n";
    }
    if (any) out << "</table>\n";
  }
  out << "</section>\n";
}

void replies(std::ostream& out, const ReportData& d) {
  out << "<section id=\"replies\"><h2>Replies</h2>\n<table><tr><th class=\"n\">count</th><th class=\"n\">code</th>"
         "<th>enhanced</th><th>outcome</th><th>direction</th><th>MTA</th><th>catalogue entry</th></tr>\n";
  for (const ReplyRow& r : d.replies)
    out << "<tr><td class=\"n\">" << grouped(r.count) << "</td><td class=\"n\">" << (r.code ? std::to_string(r.code) : "")
        << "</td><td>" << esc(r.enhanced) << "</td><td>" << esc(r.outcome) << "</td><td>" << esc(r.direction)
        << "</td><td>" << esc(r.mta) << "</td><td>" << esc(r.entry) << (r.inferred ? " (inferred)" : "")
        << "</td></tr>\n";
  out << "</table></section>\n";
}

void inputs(std::ostream& out, const ReportData& d) {
  out << "<section id=\"inputs\"><h2>Inputs</h2>\n<table><tr><th>input</th><th>format</th>"
         "<th class=\"n\">lines</th><th class=\"n\">unparsed</th></tr>\n";
  for (const InputRow& in : d.input_list)
    out << "<tr><td>" << esc(in.path) << "</td><td>" << esc(in.format) << "</td><td class=\"n\">"
        << grouped(in.lines) << "</td><td class=\"n\">" << grouped(in.unparsed) << "</td></tr>\n";
  out << "</table>\n";
  if (d.inputs_left_out)
    out << "<p>" << grouped(d.inputs_left_out)
        << (d.inputs_left_out == 1 ? " input" : " inputs")
        << " not read since the window began left out (a report without --since lists every input).</p>\n";
  if (d.unparsed) out << "<p><code>smtplog unparsed</code> lists the lines that could not be parsed.</p>\n";
  out << "</section>\n";
}

void notices(std::ostream& out, const ReportData& d) {
  if (d.notices.empty()) return;
  out << "<section id=\"notices\"><h2>Notices</h2>\n<ul>";
  for (const std::string& n : d.notices) out << "<li>" << esc(n) << "</li>";
  out << "</ul></section>\n";
}

}  // namespace

void render_html(const ReportData& d, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<title>smtplog report: "
      << esc(window_words(d)) << "</title>\n<style>" << kStyle << "</style></head>\n<body>\n"
      << "<header><h1>smtplog report</h1><p class=\"meta\">" << esc(window_words(d)) << "</p>"
      << "<p class=\"meta\">Rests on " << esc(basis_words(d)) << ".</p>";
  if (std::string days = domain_days_words(d); !days.empty())
    out << "<p class=\"meta\">" << esc(days) << "</p>";
  out << "</header>\n";
  if (d.sections & section::totals) totals(out, d);
  if (d.sections & section::hosts) hosts(out, d);
  if (d.sections & section::timeline) timeline(out, d);
  if (d.sections & section::problems) problems(out, d);
  if (d.sections & section::domains) domains(out, d);
  if (d.sections & section::replies) replies(out, d);
  if (d.sections & section::inputs) inputs(out, d);
  if (d.sections & section::notices) notices(out, d);
  out << "<footer>Made by smtplog from its database; counts are per 15 minutes (UTC), top domains per UTC day. "
         "docs/reports.md explains every part.</footer>\n</body></html>\n";
}

}  // namespace smtplog
