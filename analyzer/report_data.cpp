// The report's SQL. Everything is read from the aggregated tables (counts,
// domain_counts, examples), never from events, so a report over a year of a
// busy server reads a million small rows, not a billion lines.
//
// Why the scans aggregate in C++ rather than with GROUP BY: SQLite sorts to
// group, and over a year of counts (~1M rows) a GROUP BY costs seconds while
// a plain scan in primary-key order costs ~0.15 s. So `counts` is read once,
// in hour order, into a few thousand distinct reply shapes (which give the
// totals, the hosts, the replies and the problems) and the timeline buckets;
// `domain_counts` is read once for the top problems' domains.
#include <algorithm>
#include <ctime>
#include <optional>
#include <thread>
#include <string_view>
#include <unordered_map>

#include "analyzer/report.h"

namespace smtplog {
namespace {

constexpr std::string_view kSectionNames[] = {"totals",   "hosts",   "problems", "domains",
                                              "timeline", "replies", "inputs",   "notices"};

// Outcomes that are problems whatever the code says (as Batch::is_problem).
bool is_problem(std::string_view outcome, std::int64_t code) {
  static constexpr std::string_view kProblems[] = {
      "deferred", "bounced", "expired", "rejected", "reject-warning", "undeliverable",
      "auth-failed", "error", "frozen"};
  for (std::string_view p : kProblems)
    if (outcome == p) return true;
  return code >= 400;
}

std::string_view column_view(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  return p ? std::string_view(reinterpret_cast<const char*>(p),
                              static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
           : std::string_view();
}

std::int64_t scalar(const Store& store, const std::string& sql) {
  Stmt s = store.prepare(sql);
  return s && sqlite3_step(s.get()) == SQLITE_ROW ? column_int(s.get(), 0) : 0;
}

struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// One distinct reply shape of `counts` (all columns but hour and service).
struct Shape {
  std::string log_host, mta, direction, outcome, enhanced, entry;
  std::int64_t code = 0;
  bool inferred = false;
  std::size_t outcome_index = 0;
  std::int64_t count = 0;
};

// The start of the local hour, day or month holding unix time `t`.
std::int64_t bucket_start(std::int64_t t, const std::string& granularity) {
  if (granularity == "hour") return t - ((t % 3600) + 3600) % 3600;
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  if (granularity == "month") tm.tm_mday = 1;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

std::int64_t next_bucket(std::int64_t start, const std::string& granularity) {
  if (granularity == "hour") return start + 3600;
  // Noon of the last day plus a day lands in the next day whatever DST does.
  if (granularity == "day") return bucket_start(start + 36 * 3600, granularity);
  return bucket_start(start + 32 * 86400, granularity);
}

class CountsScan {
 public:
  CountsScan(const Store& store, std::int64_t lo_hour, std::int64_t hi_hour)
      : stmt_(store.prepare(
            "SELECT hour, count, log_host, mta, direction, outcome, enhanced, entry, code, inferred "
            "FROM counts WHERE hour >= ? AND hour < ?")) {
    bind_value(stmt_.get(), 1, lo_hour);
    bind_value(stmt_.get(), 2, hi_hour);
  }

  /// Reads every row; `on_row(hour, shape index, count)` sees each one.
  template <class F>
  void run(F&& on_row) {
    sqlite3_stmt* s = stmt_.get();
    if (!s) return;
    std::string_view text[6];
    while (sqlite3_step(s) == SQLITE_ROW) {
      const std::int64_t hour = sqlite3_column_int64(s, 0), n = sqlite3_column_int64(s, 1);
      const std::int64_t code = sqlite3_column_int64(s, 8);
      const bool inferred = sqlite3_column_int64(s, 9) != 0;
      // Hash the columns where SQLite keeps them; no key string is built.
      std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint64_t>(code * 2 + inferred);
      for (int c = 0; c < 6; ++c) {
        text[c] = column_view(s, c + 2);
        h = (h ^ std::hash<std::string_view>{}(text[c])) * 1099511628211ULL;
      }
      std::size_t index = find(h, text, code, inferred);
      if (index == kNone) index = add(h, text, code, inferred);
      shapes_[index].count += n;
      on_row(hour, index, n);
    }
  }

  const std::vector<Shape>& shapes() const { return shapes_; }
  std::vector<Shape> take_shapes() { return std::move(shapes_); }
  const std::vector<std::string>& outcomes() const { return outcomes_; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  std::size_t find(std::uint64_t h, const std::string_view* t, std::int64_t code, bool inferred) const {
    auto [lo, hi] = index_.equal_range(h);
    for (auto it = lo; it != hi; ++it) {
      const Shape& sh = shapes_[it->second];
      if (sh.code == code && sh.inferred == inferred && sh.log_host == t[0] && sh.mta == t[1] &&
          sh.direction == t[2] && sh.outcome == t[3] && sh.enhanced == t[4] && sh.entry == t[5])
        return it->second;
    }
    return kNone;
  }

  std::size_t add(std::uint64_t h, const std::string_view* t, std::int64_t code, bool inferred) {
    Shape sh;
    sh.log_host = t[0];
    sh.mta = t[1];
    sh.direction = t[2];
    sh.outcome = t[3];
    sh.enhanced = t[4];
    sh.entry = t[5];
    sh.code = code;
    sh.inferred = inferred;
    auto o = std::find(outcomes_.begin(), outcomes_.end(), sh.outcome);
    sh.outcome_index = static_cast<std::size_t>(o - outcomes_.begin());
    if (o == outcomes_.end()) outcomes_.push_back(sh.outcome);
    shapes_.push_back(std::move(sh));
    index_.emplace(h, shapes_.size() - 1);
    return shapes_.size() - 1;
  }

  Stmt stmt_;
  std::unordered_multimap<std::uint64_t, std::size_t> index_;
  std::vector<Shape> shapes_;
  std::vector<std::string> outcomes_;
};

using ProblemKey = std::pair<std::string, std::string>;  // entry, direction

// What one scan of a range of hours found: its reply shapes, and outcome
// counts per timeline bucket when `starts` (the buckets' starts) is not empty.
struct Scanned {
  std::vector<Shape> shapes;
  std::vector<std::map<std::string, std::int64_t>> buckets;
};

Scanned scan_counts(const Store& store, std::int64_t lo_hour, std::int64_t hi_hour,
                    const std::vector<std::int64_t>& starts) {
  CountsScan scan(store, lo_hour, hi_hour);
  std::vector<std::vector<std::int64_t>> cells(starts.size());
  std::int64_t last_hour = std::numeric_limits<std::int64_t>::min();
  std::size_t last_bucket = 0;
  scan.run([&](std::int64_t hour, std::size_t shape, std::int64_t n) {
    if (starts.empty()) return;
    if (hour != last_hour) {  // rows come in hour order: one search per hour
      last_hour = hour;
      auto it = std::upper_bound(starts.begin(), starts.end(), hour * 3600);
      last_bucket = it == starts.begin() ? 0 : static_cast<std::size_t>(it - starts.begin() - 1);
    }
    auto& cell = cells[last_bucket];
    std::size_t o = scan.shapes()[shape].outcome_index;
    if (cell.size() <= o) cell.resize(o + 1);
    cell[o] += n;
  });
  Scanned out;
  out.buckets.resize(starts.size());
  for (std::size_t i = 0; i < starts.size(); ++i)
    for (std::size_t o = 0; o < cells[i].size(); ++o)
      if (cells[i][o]) out.buckets[i][scan.outcomes()[o]] += cells[i][o];
  out.shapes = scan.take_shapes();
  return out;
}

// A long window is read as two halves on two connections, one per core
// (the counts scan is most of a report's time). Shapes that appear in both
// halves are simply counted twice over: every later sum adds them up.
std::vector<Scanned> scan_window(const Store& store, std::int64_t lo_hour, std::int64_t hi_hour,
                                 std::int64_t first_hour, std::int64_t last_hour,
                                 const std::vector<std::int64_t>& starts) {
  std::vector<Scanned> parts;
  if (last_hour - first_hour < 24 * 28) {
    parts.push_back(scan_counts(store, lo_hour, hi_hour, starts));
    return parts;
  }
  const std::int64_t mid = first_hour + (last_hour - first_hour + 1) / 2;
  std::optional<Scanned> second;
  std::thread other([&] {
    std::string error;
    if (auto two = Store::open(store.path(), Store::Mode::read_only, error)) {
      two->exec("PRAGMA mmap_size = 1073741824");
      second = scan_counts(*two, mid, hi_hour, starts);
    }
  });
  parts.push_back(scan_counts(store, lo_hour, mid, starts));
  other.join();
  parts.push_back(second ? std::move(*second) : scan_counts(store, mid, hi_hour, starts));
  return parts;
}

void add_problem(std::map<ProblemKey, Problem>& problems, const Shape& sh) {
  Problem& p = problems[{sh.entry, sh.direction}];
  p.entry_id = sh.entry;
  p.direction = sh.direction;
  p.outcomes[sh.outcome] += sh.count;
  p.count += sh.count;
  p.inferred |= sh.inferred;
  switch (failure_class(sh.outcome, sh.code, sh.enhanced)) {
    case FailureClass::transient: p.transient += sh.count; break;
    case FailureClass::permanent: p.permanent += sh.count; break;
    case FailureClass::other: break;
  }
  std::string shape = (sh.code ? std::to_string(sh.code) : std::string()) +
                      (sh.enhanced.empty() ? "" : (sh.code ? " " : "") + sh.enhanced);
  if (!shape.empty() && std::find(p.codes.begin(), p.codes.end(), shape) == p.codes.end())
    p.codes.push_back(shape);
}

// Top domains of each listed problem. domain_counts' key starts with (day,
// direction, outcome, entry), so walking the days of the window and seeking
// each (day, direction, outcome, entry) reads only the problem's own rows: a
// year of domains costs a few thousand seeks, not a scan of millions of rows.
void load_problem_domains(const Store& store, ReportData& d, std::int64_t lo_day, std::int64_t hi_day) {
  Stmt s = store.prepare(
      "WITH RECURSIVE days(d) AS (SELECT ?1 UNION ALL SELECT d + 1 FROM days WHERE d + 1 < ?2) "
      "SELECT domain, count FROM days JOIN domain_counts ON day = days.d AND direction = ?3 "
      "AND outcome = ?4 AND entry = ?5");
  if (!s) return;
  for (Problem& p : d.problems) {
    std::unordered_map<std::string, std::int64_t, ViewHash, std::equal_to<>> counts;
    for (const auto& [outcome, n] : p.outcomes) {
      bind_value(s.get(), 1, lo_day);
      bind_value(s.get(), 2, hi_day);
      bind_value(s.get(), 3, p.direction);
      bind_value(s.get(), 4, outcome);
      bind_value(s.get(), 5, p.entry_id);
      while (sqlite3_step(s.get()) == SQLITE_ROW) {
        std::string_view domain = column_view(s.get(), 0);
        auto it = counts.find(domain);
        if (it == counts.end()) it = counts.emplace(std::string(domain), 0).first;
        it->second += sqlite3_column_int64(s.get(), 1);
      }
      sqlite3_reset(s.get());
    }
    auto& tops = p.top_domains;
    tops.assign(counts.begin(), counts.end());
    std::sort(tops.begin(), tops.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (tops.size() > 3) tops.resize(3);
  }
}

// The domains section: every domain of the window, so one scan of it. A
// year holds millions of rows, so the row loop allocates only for a domain it
// has not seen: lookups go by string_view, and outcomes and entries (a few
// hundred names in all) are numbered once and counted by number.
void load_domain_table(const Store& store, ReportData& d, std::int64_t lo_day, std::int64_t hi_day, int top) {
  Stmt s = store.prepare(
      "SELECT direction, outcome, entry, domain, count FROM domain_counts WHERE day >= ? AND day < ?");
  if (!s) return;
  bind_value(s.get(), 1, lo_day);
  bind_value(s.get(), 2, hi_day);
  std::unordered_map<std::string, int, ViewHash, std::equal_to<>> numbers;
  std::vector<std::string> names;
  auto number = [&](std::string_view name) {
    auto it = numbers.find(name);
    if (it == numbers.end()) {
      it = numbers.emplace(std::string(name), static_cast<int>(names.size())).first;
      names.emplace_back(name);
    }
    return it->second;
  };
  using Small = std::vector<std::pair<int, std::int64_t>>;
  auto add = [](Small& v, int key, std::int64_t n) {
    for (auto& [k, c] : v)
      if (k == key) return void(c += n);
    v.emplace_back(key, n);
  };
  struct Agg {
    Small outcomes, entries;
    std::int64_t count = 0;
  };
  std::unordered_map<std::string, Agg, ViewHash, std::equal_to<>> domains;  // direction \x1f domain
  std::string key;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    key.assign(column_view(s.get(), 0));
    key += '\x1f';
    key += column_view(s.get(), 3);
    auto it = domains.find(std::string_view(key));
    if (it == domains.end()) it = domains.emplace(key, Agg{}).first;
    const std::int64_t n = sqlite3_column_int64(s.get(), 4);
    it->second.count += n;
    add(it->second.outcomes, number(column_view(s.get(), 1)), n);
    add(it->second.entries, number(column_view(s.get(), 2)), n);
  }
  for (auto& [k, a] : domains) {
    DomainRow r;
    const std::size_t sep = k.find('\x1f');
    r.direction = k.substr(0, sep);
    r.domain = k.substr(sep + 1);
    r.count = a.count;
    for (const auto& [o, n] : a.outcomes) r.outcomes[names[o]] += n;
    for (const auto& [e, n] : a.entries)
      if (n > r.top_entry_count || (n == r.top_entry_count && names[e] < r.top_entry)) {
        r.top_entry = names[e];
        r.top_entry_count = n;
      }
    d.domains.push_back(std::move(r));
  }
  std::sort(d.domains.begin(), d.domains.end(), [](const DomainRow& a, const DomainRow& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.domain != b.domain ? a.domain < b.domain : a.direction < b.direction;
  });
  if (d.domains.size() > static_cast<std::size_t>(top)) d.domains.resize(top);
}

void load_inputs(const Store& store, ReportData& d) {
  d.inputs = scalar(store, "SELECT count(*) FROM inputs");
  d.lines = scalar(store, "SELECT coalesce(sum(count), 0) FROM line_counts");
  d.unparsed = scalar(store, "SELECT coalesce(sum(count), 0) FROM line_counts WHERE kind = 'unparsed'");
  if (d.sections & section::inputs) {
    Stmt s = store.prepare(
        "SELECT path, format, (SELECT coalesce(sum(count), 0) FROM line_counts WHERE input_id = id), "
        "(SELECT coalesce(sum(count), 0) FROM line_counts WHERE input_id = id AND kind = 'unparsed') "
        "FROM inputs ORDER BY path, id");
    while (s && sqlite3_step(s.get()) == SQLITE_ROW)
      d.input_list.push_back(InputRow{column_text(s.get(), 0), column_text(s.get(), 1),
                                      column_int(s.get(), 2), column_int(s.get(), 3)});
  }
  if (d.sections & section::notices) {
    Stmt s = store.prepare("SELECT path, message FROM notices ORDER BY id DESC LIMIT 20");
    while (s && sqlite3_step(s.get()) == SQLITE_ROW)
      d.notices.push_back(column_text(s.get(), 0) + ": " + column_text(s.get(), 1));
  }
}

}  // namespace

bool parse_sections(const std::string& text, unsigned& out, std::string& bad) {
  out = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string_view name = std::string_view(text).substr(pos, comma - pos);
    if (name == "all") {
      out |= section::all;
    } else {
      auto it = std::find(std::begin(kSectionNames), std::end(kSectionNames), name);
      if (it == std::end(kSectionNames)) {
        bad = std::string(name);
        return false;
      }
      out |= 1u << (it - std::begin(kSectionNames));
    }
    pos = comma + 1;
  }
  return out != 0;
}

const char* section_names() {
  return "totals, hosts, problems, domains, timeline, replies, inputs, notices, all";
}

FailureClass failure_class(const std::string& outcome, std::int64_t code, const std::string& enhanced) {
  // What happens to the mail decides first: a deferral is retried whatever the
  // code said, a bounce is final.
  if (outcome == "deferred") return FailureClass::transient;
  if (outcome == "bounced" || outcome == "expired" || outcome == "undeliverable")
    return FailureClass::permanent;
  if (outcome == "reject-warning" || outcome == "frozen") return FailureClass::other;
  char digit = code ? static_cast<char>('0' + code / 100) : (enhanced.empty() ? '0' : enhanced[0]);
  if (digit == '4') return FailureClass::transient;
  if (digit == '5') return FailureClass::permanent;
  return FailureClass::other;
}

ReportData load_report(const Store& store, const Catalogue& catalogue, const ReportOptions& opt) {
  ReportData d;
  d.sections = opt.sections;
  // counts are per UTC hour: a window edge inside an hour takes the whole hour.
  const std::int64_t lo_hour = opt.since == kNoSince ? kNoSince : opt.since / 3600;
  const std::int64_t hi_hour = opt.until == kNoUntil ? kNoUntil : (opt.until + 3599) / 3600;
  d.whole_history = opt.since == kNoSince && opt.until == kNoUntil;
  std::int64_t first_hour = 0, last_hour = -1;  // of the data in the window
  {
    Stmt s = store.prepare("SELECT min(hour), max(hour) FROM counts WHERE hour >= ? AND hour < ?");
    bind_value(s.get(), 1, lo_hour);
    bind_value(s.get(), 2, hi_hour);
    if (sqlite3_step(s.get()) == SQLITE_ROW && sqlite3_column_type(s.get(), 0) != SQLITE_NULL) {
      first_hour = column_int(s.get(), 0);
      last_hour = column_int(s.get(), 1);
      d.since = first_hour * 3600;
      d.until = last_hour * 3600 + 3600;
    }
    if (opt.since != kNoSince) d.since = opt.since;
    if (opt.until != kNoUntil) d.until = opt.until;
    if (d.until < d.since) d.until = d.since;  // --since after the last data
  }

  // The timeline's buckets: every one of the window, empty ones too, so a
  // chart shows the gaps.
  std::vector<std::int64_t> starts;
  if ((opt.sections & section::timeline) && d.until > d.since) {
    const std::int64_t span = d.until - d.since;
    d.granularity = span <= 3 * 86400 ? "hour" : span <= 93 * 86400 ? "day" : "month";
    for (std::int64_t t = bucket_start(d.since, d.granularity); t < d.until; t = next_bucket(t, d.granularity))
      starts.push_back(t);
  }
  // Reads go through the page cache without a copy per page.
  store.exec("PRAGMA mmap_size = 1073741824");
  std::vector<Scanned> parts = scan_window(store, lo_hour, hi_hour, first_hour, last_hour, starts);
  for (std::size_t i = 0; i < starts.size(); ++i) {
    Bucket b;
    b.start = starts[i];
    for (const Scanned& part : parts)
      for (const auto& [o, n] : part.buckets[i]) b.outcomes[o] += n;
    d.timeline.push_back(std::move(b));
  }

  std::map<ProblemKey, Problem> problems;
  std::map<std::tuple<std::int64_t, std::string, std::string, std::string, std::string, std::string,
                      bool>,
           std::int64_t>
      replies;
  for (const Scanned& part : parts) {
    for (const Shape& sh : part.shapes) {
      d.totals[sh.outcome] += sh.count;
      d.by_mta[sh.mta][sh.outcome] += sh.count;
      d.by_host[sh.log_host][sh.outcome] += sh.count;
      d.by_host_mta[{sh.log_host, sh.mta}][sh.outcome] += sh.count;
      replies[{sh.code, sh.enhanced, sh.outcome, sh.direction, sh.mta, sh.entry, sh.inferred}] += sh.count;
      if (!is_problem(sh.outcome, sh.code)) continue;
      add_problem(problems, sh);
      switch (failure_class(sh.outcome, sh.code, sh.enhanced)) {
        case FailureClass::transient: d.transient += sh.count; break;
        case FailureClass::permanent: d.permanent += sh.count; break;
        case FailureClass::other: break;
      }
    }
  }
  for (const auto& [k, n] : replies) {
    ReplyRow r;
    std::tie(r.code, r.enhanced, r.outcome, r.direction, r.mta, r.entry, r.inferred) = k;
    r.count = n;
    d.replies.push_back(std::move(r));
  }
  std::stable_sort(d.replies.begin(), d.replies.end(),
                   [](const ReplyRow& a, const ReplyRow& b) { return a.count > b.count; });

  // The previous window of the same length, for the trend.
  if (opt.since != kNoSince && d.until > d.since) {
    std::int64_t len = d.until - d.since;
    std::int64_t prev_lo = (d.since - len) / 3600, prev_hi = d.since / 3600;
    CountsScan before(store, prev_lo, prev_hi);
    before.run([&](std::int64_t, std::size_t, std::int64_t) { d.has_previous = true; });
    for (const Shape& sh : before.shapes()) {
      if (!is_problem(sh.outcome, sh.code)) continue;
      auto it = problems.find({sh.entry, sh.direction});
      if (it != problems.end()) it->second.previous += sh.count;
    }
  }

  for (auto& [key, p] : problems) {
    p.entry = catalogue.find(p.entry_id);
    // A permanent failure is mail lost; a message is usually deferred several
    // times before it goes through, so three deferrals weigh like one loss.
    p.impact = 3 * p.permanent + (p.count - p.permanent);
    d.problem_total += p.count;
    d.problems.push_back(std::move(p));
  }
  d.problem_kinds = static_cast<std::int64_t>(d.problems.size());
  std::sort(d.problems.begin(), d.problems.end(), [](const Problem& a, const Problem& b) {
    if (a.impact != b.impact) return a.impact > b.impact;
    if (a.count != b.count) return a.count > b.count;
    return a.entry_id != b.entry_id ? a.entry_id < b.entry_id : a.direction < b.direction;
  });
  if (d.problems.size() > static_cast<std::size_t>(opt.top)) d.problems.resize(opt.top);

  // domain_counts is per UTC day: the days that hold the window.
  const std::int64_t lo_day = d.since >= 0 ? d.since / 86400 : -((-d.since + 86399) / 86400);
  const std::int64_t hi_day = (d.until + 86399) / 86400;
  if (opt.sections & section::domains) load_domain_table(store, d, lo_day, hi_day, opt.top);
  if (opt.sections & (section::problems | section::domains)) {
    load_problem_domains(store, d, lo_day, hi_day);
    // The newest example of the entry; replies no entry matched (entry '')
    // have theirs per direction, as the report has one problem per direction.
    Stmt ex = store.prepare(
        "SELECT line FROM examples WHERE entry = ?1 AND (?1 <> '' OR direction = ?2) "
        "ORDER BY time DESC LIMIT 1");
    for (Problem& p : d.problems) {
      bind_value(ex.get(), 1, p.entry_id);
      bind_value(ex.get(), 2, p.direction);
      if (sqlite3_step(ex.get()) == SQLITE_ROW) p.example = column_text(ex.get(), 0);
      sqlite3_reset(ex.get());
    }
  }
  load_inputs(store, d);
  return d;
}

}  // namespace smtplog
