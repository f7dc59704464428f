// The report's SQL. Everything is read from the aggregated tables (counts,
// domain_counts, examples), never from events, so a report over a year of a
// busy server reads thousands of rows, not millions.
#include <algorithm>

#include "analyzer/report.h"

namespace smtplog {
namespace {

// Outcomes that are problems whatever the code says.
constexpr const char* kProblemWhere =
    "(outcome IN ('deferred','bounced','expired','rejected','reject-warning','undeliverable',"
    "'auth-failed','error','frozen') OR code >= 400)";

std::int64_t scalar(const Store& store, const std::string& sql) {
  Stmt s = store.prepare(sql);
  return s && sqlite3_step(s.get()) == SQLITE_ROW ? column_int(s.get(), 0) : 0;
}

}  // namespace

ReportData load_report(const Store& store, const Catalogue& catalogue, const ReportOptions& opt) {
  ReportData d;
  const std::int64_t lo_hour = opt.since == std::numeric_limits<std::int64_t>::min()
                                   ? std::numeric_limits<std::int64_t>::min()
                                   : opt.since / 3600;
  const std::int64_t hi_hour = opt.until == std::numeric_limits<std::int64_t>::max()
                                   ? std::numeric_limits<std::int64_t>::max()
                                   : (opt.until + 3599) / 3600;
  d.whole_history = opt.since == std::numeric_limits<std::int64_t>::min() &&
                    opt.until == std::numeric_limits<std::int64_t>::max();
  auto window = [&](sqlite3_stmt* s, int first) {
    bind(s, first, lo_hour);
    bind(s, first + 1, hi_hour);
  };
  {
    Stmt s = store.prepare("SELECT min(hour), max(hour) FROM counts WHERE hour >= ? AND hour < ?");
    window(s.get(), 1);
    if (sqlite3_step(s.get()) == SQLITE_ROW && sqlite3_column_type(s.get(), 0) != SQLITE_NULL) {
      d.since = column_int(s.get(), 0) * 3600;
      d.until = column_int(s.get(), 1) * 3600 + 3600;
    }
    if (!d.whole_history) {
      if (opt.since != std::numeric_limits<std::int64_t>::min()) d.since = opt.since;
      if (opt.until != std::numeric_limits<std::int64_t>::max()) d.until = opt.until;
    }
  }
  {
    Stmt s = store.prepare(
        "SELECT mta, outcome, sum(count) FROM counts WHERE hour >= ? AND hour < ? "
        "GROUP BY mta, outcome");
    window(s.get(), 1);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      std::string mta = column_text(s.get(), 0), outcome = column_text(s.get(), 1);
      std::int64_t n = column_int(s.get(), 2);
      d.totals[outcome] += n;
      d.by_mta[mta][outcome] += n;
    }
  }
  {
    Stmt s = store.prepare(
        "SELECT code, enhanced, outcome, direction, mta, entry, inferred, sum(count) AS n FROM counts "
        "WHERE hour >= ? AND hour < ? GROUP BY code, enhanced, outcome, direction, mta, entry, inferred "
        "ORDER BY n DESC, code, enhanced");
    window(s.get(), 1);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      ReplyRow r;
      r.code = column_int(s.get(), 0);
      r.enhanced = column_text(s.get(), 1);
      r.outcome = column_text(s.get(), 2);
      r.direction = column_text(s.get(), 3);
      r.mta = column_text(s.get(), 4);
      r.entry = column_text(s.get(), 5);
      r.inferred = column_int(s.get(), 6) != 0;
      r.count = column_int(s.get(), 7);
      d.replies.push_back(std::move(r));
    }
  }
  // Problems: failures grouped by catalogue entry and direction.
  std::map<std::pair<std::string, std::string>, Problem> problems;
  {
    Stmt s = store.prepare(std::string("SELECT entry, direction, outcome, code, enhanced, inferred, "
                                       "sum(count) FROM counts WHERE hour >= ? AND hour < ? AND ") +
                           kProblemWhere + " GROUP BY entry, direction, outcome, code, enhanced, inferred");
    window(s.get(), 1);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      std::string entry = column_text(s.get(), 0), dir = column_text(s.get(), 1);
      Problem& p = problems[{entry, dir}];
      p.entry_id = entry;
      p.direction = dir;
      std::string outcome = column_text(s.get(), 2);
      std::int64_t code = column_int(s.get(), 3);
      std::string enh = column_text(s.get(), 4);
      std::int64_t n = column_int(s.get(), 6);
      p.outcomes[outcome] += n;
      p.count += n;
      p.inferred |= column_int(s.get(), 5) != 0;
      char cls = code ? static_cast<char>('0' + code / 100) : (enh.empty() ? 0 : enh[0]);
      if (cls == '4' || outcome == "deferred") p.transient = true;
      if (cls == '5' || outcome == "bounced" || outcome == "expired") p.permanent = true;
      std::string shape = (code ? std::to_string(code) : std::string()) +
                          (enh.empty() ? "" : (code ? " " : "") + enh);
      if (!shape.empty() && std::find(p.codes.begin(), p.codes.end(), shape) == p.codes.end())
        p.codes.push_back(shape);
    }
  }
  // The previous window of the same length, for the trend.
  if (!d.whole_history && opt.since != std::numeric_limits<std::int64_t>::min() &&
      d.until > d.since) {
    std::int64_t len = d.until - d.since;
    Stmt s = store.prepare(std::string("SELECT entry, direction, sum(count) FROM counts WHERE hour >= ? "
                                       "AND hour < ? AND ") +
                           kProblemWhere + " GROUP BY entry, direction");
    bind(s.get(), 1, (d.since - len) / 3600);
    bind(s.get(), 2, d.since / 3600);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      auto it = problems.find({column_text(s.get(), 0), column_text(s.get(), 1)});
      if (it != problems.end()) it->second.previous = column_int(s.get(), 2);
    }
  }
  for (auto& [key, p] : problems) {
    p.entry = catalogue.find(p.entry_id);
    d.problem_total += p.count;
    d.problems.push_back(std::move(p));
  }
  std::sort(d.problems.begin(), d.problems.end(), [](const Problem& a, const Problem& b) {
    return a.count != b.count ? a.count > b.count : a.entry_id < b.entry_id;
  });
  if (d.problems.size() > static_cast<std::size_t>(opt.top)) d.problems.resize(opt.top);
  Stmt dom = store.prepare(
      "SELECT domain, sum(count) AS n FROM domain_counts WHERE entry = ? AND direction = ? AND "
      "day >= ? AND day < ? GROUP BY domain ORDER BY n DESC, domain LIMIT 3");
  Stmt ex = store.prepare("SELECT line FROM examples WHERE entry = ?");
  for (Problem& p : d.problems) {
    bind(dom.get(), 1, p.entry_id);
    bind(dom.get(), 2, p.direction);
    bind(dom.get(), 3, lo_hour == std::numeric_limits<std::int64_t>::min() ? lo_hour : lo_hour / 24);
    bind(dom.get(), 4, hi_hour == std::numeric_limits<std::int64_t>::max() ? hi_hour : (hi_hour + 23) / 24);
    while (sqlite3_step(dom.get()) == SQLITE_ROW)
      p.top_domains.emplace_back(column_text(dom.get(), 0), column_int(dom.get(), 1));
    sqlite3_reset(dom.get());
    bind(ex.get(), 1, p.entry_id);
    if (sqlite3_step(ex.get()) == SQLITE_ROW) p.example = column_text(ex.get(), 0);
    sqlite3_reset(ex.get());
  }
  d.inputs = scalar(store, "SELECT count(*) FROM inputs");
  d.lines = scalar(store, "SELECT coalesce(sum(count), 0) FROM line_counts");
  d.unparsed = scalar(store, "SELECT coalesce(sum(count), 0) FROM line_counts WHERE kind = 'unparsed'");
  {
    Stmt s = store.prepare("SELECT path, message FROM notices ORDER BY id DESC LIMIT 20");
    while (s && sqlite3_step(s.get()) == SQLITE_ROW)
      d.notices.push_back(column_text(s.get(), 0) + ": " + column_text(s.get(), 1));
  }
  return d;
}

}  // namespace smtplog
