// The report's SQL. Everything is read from the aggregated tables (counts
// and its rollups, domain_counts and its rollups, examples), never from
// events, so a report over a year of a busy server reads tens of thousands of
// small rows, not a billion lines.
//
// A window is read in spans: whole UTC days from counts_day and whole UTC
// months from domain_counts_month, only its edges from the fine tables
// (15-minute buckets, days). The rollups are written in the same transaction
// as the fine rows, so both ways give the same sums.
//
// Why the scans aggregate in C++ rather than with GROUP BY: SQLite sorts to
// group, and a GROUP BY over a large range costs far more than a plain scan
// in primary-key order. So the counts of the window are read once into a few
// thousand distinct reply shapes (which give the totals, the hosts, the
// replies and the problems) and the timeline buckets.
#include <algorithm>
#include <ctime>
#include <string_view>
#include <unordered_map>

#include "analyzer/clock.h"
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
  std::string log_host, mta, direction, outcome, enhanced, entry, service;
  std::int64_t code = 0;
  bool inferred = false;
  std::size_t outcome_index = 0;
  std::int64_t count = 0;
};

// The start of the local hour, day or month holding unix time `t`.
std::int64_t bucket_start(std::int64_t t, const std::string& granularity) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  // A local hour: in +05:30 it starts at hh:30 UTC.
  if (granularity == "hour") return t - tm.tm_min * 60 - tm.tm_sec;
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

// A part of a window read from one table: [lo, hi) in that table's unit.
struct Span {
  bool rollup;  // counts_day (days) / domain_counts_month (months), else the fine table
  std::int64_t lo, hi;
};

void add_span(std::vector<Span>& spans, bool rollup, std::int64_t lo, std::int64_t hi) {
  if (lo >= hi) return;
  if (!spans.empty() && spans.back().rollup == rollup && spans.back().hi == lo) spans.back().hi = hi;
  else spans.push_back(Span{rollup, lo, hi});
}

// The buckets [lo, hi) as whole UTC days from counts_day and edge buckets
// from counts. A day holding one of `splits` (unix times: the timeline's
// local bucket starts) strictly inside is read as buckets, so each row falls
// in one timeline bucket; so is a day in `dirty` (sorted), whose counts_day
// rows are stale until the ingest's rollup refresh.
std::vector<Span> plan_counts(std::int64_t lo, std::int64_t hi, const std::vector<std::int64_t>& splits,
                              const std::vector<std::int64_t>& dirty) {
  std::vector<Span> spans;
  const std::int64_t lo_day = -floor_div(-lo, kBucketsPerDay), hi_day = floor_div(hi, kBucketsPerDay);
  if (lo_day >= hi_day) {
    add_span(spans, false, lo, hi);
    return spans;
  }
  add_span(spans, false, lo, lo_day * kBucketsPerDay);
  for (std::int64_t day = lo_day; day < hi_day; ++day) {
    auto it = std::upper_bound(splits.begin(), splits.end(), day * 86400);
    if ((it != splits.end() && *it < (day + 1) * 86400) || std::binary_search(dirty.begin(), dirty.end(), day))
      add_span(spans, false, day * kBucketsPerDay, (day + 1) * kBucketsPerDay);
    else
      add_span(spans, true, day, day + 1);
  }
  add_span(spans, false, hi_day * kBucketsPerDay, hi);
  return spans;
}

// The days [lo, hi) as whole UTC months from domain_counts_month and edge
// days from domain_counts; the days in `dirty` (sorted) are read from
// domain_counts too, as a month's rollup holds only its clean days until the
// ingest's rollup refresh.
std::vector<Span> plan_domains(std::int64_t lo, std::int64_t hi, const std::vector<std::int64_t>& dirty) {
  std::vector<Span> spans;
  if (lo >= hi) return spans;
  std::int64_t m0 = utc_month_of_day(lo), m1 = utc_month_of_day(hi);
  if (utc_month_first_day(m0) < lo) ++m0;  // the first whole month
  if (m0 >= m1) {
    add_span(spans, false, lo, hi);
    return spans;
  }
  add_span(spans, false, lo, utc_month_first_day(m0));
  add_span(spans, true, m0, m1);
  // A month's rollup holds its clean days only: its dirty days come from
  // domain_counts.
  for (auto it = std::lower_bound(dirty.begin(), dirty.end(), utc_month_first_day(m0));
       it != dirty.end() && *it < utc_month_first_day(m1); ++it)
    add_span(spans, false, *it, *it + 1);
  add_span(spans, false, utc_month_first_day(m1), hi);
  return spans;
}

class CountsScan {
 public:
  explicit CountsScan(const Store& store)
      : fine_(store.prepare(
            "SELECT bucket, count, log_host, mta, direction, outcome, enhanced, entry, service, code, "
            "inferred FROM counts WHERE bucket >= ? AND bucket < ?")),
        days_(store.prepare(
            "SELECT day, count, log_host, mta, direction, outcome, enhanced, entry, service, code, "
            "inferred FROM counts_day WHERE day >= ? AND day < ?")) {}

  /// Reads every row of `spans`; `on_row(unix time of the row's start, shape
  /// index, count)` sees each one, in time order within a span.
  template <class F>
  void run(const std::vector<Span>& spans, F&& on_row) {
    for (const Span& span : spans) {
      sqlite3_stmt* s = span.rollup ? days_.get() : fine_.get();
      const std::int64_t unit = span.rollup ? 86400 : kBucketSeconds;
      if (!s) continue;
      bind_value(s, 1, span.lo);
      bind_value(s, 2, span.hi);
      std::string_view text[kText];
      while (sqlite3_step(s) == SQLITE_ROW) {
        const std::int64_t time = sqlite3_column_int64(s, 0), n = sqlite3_column_int64(s, 1);
        const std::int64_t code = sqlite3_column_int64(s, 2 + kText);
        const bool inferred = sqlite3_column_int64(s, 3 + kText) != 0;
        // Hash the columns where SQLite keeps them; no key string is built.
        std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint64_t>(code * 2 + inferred);
        for (int c = 0; c < kText; ++c) {
          text[c] = column_view(s, c + 2);
          h = (h ^ std::hash<std::string_view>{}(text[c])) * 1099511628211ULL;
        }
        std::size_t index = find(h, text, code, inferred);
        if (index == kNone) index = add(h, text, code, inferred);
        shapes_[index].count += n;
        on_row(time * unit, index, n);
      }
      sqlite3_reset(s);
    }
  }

  const std::vector<Shape>& shapes() const { return shapes_; }
  const std::vector<std::string>& outcomes() const { return outcomes_; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  static constexpr int kText = 7;  // the text columns, from log_host to service

  std::size_t find(std::uint64_t h, const std::string_view* t, std::int64_t code, bool inferred) const {
    auto [lo, hi] = index_.equal_range(h);
    for (auto it = lo; it != hi; ++it) {
      const Shape& sh = shapes_[it->second];
      if (sh.code == code && sh.inferred == inferred && sh.log_host == t[0] && sh.mta == t[1] &&
          sh.direction == t[2] && sh.outcome == t[3] && sh.enhanced == t[4] && sh.entry == t[5] &&
          sh.service == t[6])
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
    sh.service = t[6];
    sh.code = code;
    sh.inferred = inferred;
    auto o = std::find(outcomes_.begin(), outcomes_.end(), sh.outcome);
    sh.outcome_index = static_cast<std::size_t>(o - outcomes_.begin());
    if (o == outcomes_.end()) outcomes_.push_back(sh.outcome);
    shapes_.push_back(std::move(sh));
    index_.emplace(h, shapes_.size() - 1);
    return shapes_.size() - 1;
  }

  Stmt fine_, days_;
  std::unordered_multimap<std::uint64_t, std::size_t> index_;
  std::vector<Shape> shapes_;
  std::vector<std::string> outcomes_;
};

using ProblemKey = std::pair<std::string, std::string>;  // entry, direction

// The first and last bucket holding data in [lo, hi); false when none does.
// Two seeks on the primary key (min() and max() in one query would scan).
bool data_range(const Store& store, std::int64_t lo, std::int64_t hi, std::int64_t& first, std::int64_t& last) {
  Stmt a = store.prepare("SELECT bucket FROM counts WHERE bucket >= ? AND bucket < ? ORDER BY bucket LIMIT 1");
  Stmt b = store.prepare("SELECT bucket FROM counts WHERE bucket >= ? AND bucket < ? ORDER BY bucket DESC LIMIT 1");
  for (sqlite3_stmt* s : {a.get(), b.get()}) {
    bind_value(s, 1, lo);
    bind_value(s, 2, hi);
    if (sqlite3_step(s) != SQLITE_ROW) return false;
  }
  first = column_int(a.get(), 0);
  last = column_int(b.get(), 0);
  return true;
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

// The names of domain ids (schema 3 keys domain_counts by id), each looked
// up once: only the domains a report shows need theirs.
class DomainNames {
 public:
  explicit DomainNames(const Store& store) : find_(store.prepare("SELECT name FROM domains WHERE id = ?")) {}
  const std::string& operator()(std::int64_t id) {
    auto [it, added] = names_.try_emplace(id);
    if (added && find_) {
      bind_value(find_.get(), 1, id);
      if (sqlite3_step(find_.get()) == SQLITE_ROW) it->second = column_text(find_.get(), 0);
      sqlite3_reset(find_.get());
    }
    return it->second;
  }

 private:
  Stmt find_;
  std::unordered_map<std::int64_t, std::string> names_;
};

// The rows of `rows` (anything with a `count`) that can be among the first
// `top` by count: those whose count reaches the top-th largest. Sorting
// these by name then needs only their names.
template <class Row>
std::vector<Row> contenders(std::vector<Row> rows, std::size_t top) {
  if (rows.size() <= top) return rows;
  if (top == 0) return {};
  auto nth = rows.begin() + static_cast<std::ptrdiff_t>(top - 1);
  std::nth_element(rows.begin(), nth, rows.end(), [](const Row& a, const Row& b) { return a.count > b.count; });
  const std::int64_t cutoff = nth->count;
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const Row& r) { return r.count < cutoff; }), rows.end());
  return rows;
}

// Top domains of each listed problem. The domain tables' keys start with
// (time, kind), a kind being (direction, outcome, entry), so walking the days
// (or months) of the window and seeking each (time, kind) reads only the
// problem's own rows: a year of domains costs a few hundred seeks into
// monthly rows, not a scan of millions of daily rows.
void load_problem_domains(const Store& store, ReportData& d, const std::vector<Span>& spans) {
  auto seek = [&](const char* table, const char* column) {
    return store.prepare(std::string("WITH RECURSIVE t(v) AS (SELECT ?1 UNION ALL SELECT v + 1 FROM t "
                                     "WHERE v + 1 < ?2) SELECT domain_id, count FROM t JOIN ") +
                         table + " ON " + column + " = t.v AND kind_id = ?3");
  };
  Stmt days = seek("domain_counts", "day"), months = seek("domain_counts_month", "month");
  Stmt kind = store.prepare("SELECT id FROM problem_kinds WHERE direction = ?1 AND outcome = ?2 AND entry = ?3");
  if (!days || !months || !kind) return;
  DomainNames names(store);
  struct Count {
    std::int64_t domain, count;
  };
  for (Problem& p : d.problems) {
    std::unordered_map<std::int64_t, std::int64_t> counts;
    for (const auto& [outcome, n] : p.outcomes) {
      bind_value(kind.get(), 1, p.direction);
      bind_value(kind.get(), 2, outcome);
      bind_value(kind.get(), 3, p.entry_id);
      const bool known = sqlite3_step(kind.get()) == SQLITE_ROW;
      const std::int64_t kind_id = known ? sqlite3_column_int64(kind.get(), 0) : 0;
      sqlite3_reset(kind.get());
      if (!known) continue;  // no domain rows for this kind
      for (const Span& span : spans) {
        sqlite3_stmt* s = span.rollup ? months.get() : days.get();
        bind_value(s, 1, span.lo);
        bind_value(s, 2, span.hi);
        bind_value(s, 3, kind_id);
        while (sqlite3_step(s) == SQLITE_ROW) counts[sqlite3_column_int64(s, 0)] += sqlite3_column_int64(s, 1);
        sqlite3_reset(s);
      }
    }
    std::vector<Count> all;
    all.reserve(counts.size());
    for (const auto& [id, n] : counts) all.push_back(Count{id, n});
    auto& tops = p.top_domains;
    tops.clear();
    for (const Count& c : contenders(std::move(all), 3)) tops.emplace_back(names(c.domain), c.count);
    std::sort(tops.begin(), tops.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (tops.size() > 3) tops.resize(3);
  }
}

// The domains section: every domain of the window, so one scan of it. A
// year holds millions of rows, so the row loop reads integers only: rows are
// summed by (domain id, direction), outcomes and entries (a few hundred names
// in all) are numbered once through the problem kinds and counted by number,
// and only the domains that can make the list are named.
void load_domain_table(const Store& store, ReportData& d, const std::vector<Span>& spans, int top) {
  Stmt days = store.prepare("SELECT kind_id, domain_id, count FROM domain_counts WHERE day >= ? AND day < ?");
  Stmt months = store.prepare(
      "SELECT kind_id, domain_id, count FROM domain_counts_month WHERE month >= ? AND month < ?");
  Stmt kinds = store.prepare("SELECT id, direction, outcome, entry FROM problem_kinds");
  if (!days || !months || !kinds) return;
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
  struct KindNumbers {
    int direction = -1, outcome = -1, entry = -1;
  };
  std::unordered_map<std::int64_t, KindNumbers> kind_numbers;
  while (sqlite3_step(kinds.get()) == SQLITE_ROW)
    kind_numbers[sqlite3_column_int64(kinds.get(), 0)] =
        KindNumbers{number(column_view(kinds.get(), 1)), number(column_view(kinds.get(), 2)),
                    number(column_view(kinds.get(), 3))};
  using Small = std::vector<std::pair<int, std::int64_t>>;
  auto add = [](Small& v, int key, std::int64_t n) {
    for (auto& [k, c] : v)
      if (k == key) return void(c += n);
    v.emplace_back(key, n);
  };
  struct Agg {
    std::int64_t domain = 0;
    int direction = 0;
    Small outcomes, entries;
    std::int64_t count = 0;
  };
  std::vector<Agg> aggs;
  std::unordered_map<std::uint64_t, std::size_t> index;  // domain id << 16 | direction number -> aggs
  std::int64_t last_kind = -1;
  const KindNumbers* k = nullptr;
  for (const Span& span : spans) {
    sqlite3_stmt* s = span.rollup ? months.get() : days.get();
    bind_value(s, 1, span.lo);
    bind_value(s, 2, span.hi);
    while (sqlite3_step(s) == SQLITE_ROW) {
      const std::int64_t kind_id = sqlite3_column_int64(s, 0), domain = sqlite3_column_int64(s, 1);
      if (kind_id != last_kind) {
        auto it = kind_numbers.find(kind_id);
        k = it == kind_numbers.end() ? nullptr : &it->second;
        last_kind = kind_id;
      }
      if (!k) continue;  // a count without its kind: not written by smtplog
      const std::uint64_t key = static_cast<std::uint64_t>(domain) << 16 | static_cast<std::uint64_t>(k->direction);
      auto [it, added] = index.try_emplace(key, aggs.size());
      if (added) aggs.push_back(Agg{domain, k->direction, {}, {}, 0});
      Agg& a = aggs[it->second];
      const std::int64_t n = sqlite3_column_int64(s, 2);
      a.count += n;
      add(a.outcomes, k->outcome, n);
      add(a.entries, k->entry, n);
    }
    sqlite3_reset(s);
  }
  DomainNames domain_names(store);
  const std::size_t keep = top < 0 ? aggs.size() : static_cast<std::size_t>(top);
  for (Agg& a : contenders(std::move(aggs), keep)) {
    DomainRow r;
    r.direction = names[a.direction];
    r.domain = domain_names(a.domain);
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

// With a --since, the inputs list and the notices keep what came since it
// (inputs read, notices made at or after it: a cron report of yesterday shows
// the logs read yesterday and today, not every rotated log of the past year).
void load_inputs(const Store& store, ReportData& d, std::int64_t since) {
  const bool windowed = since != kNoSince;
  d.inputs = scalar(store, "SELECT count(*) FROM inputs");
  d.lines = scalar(store, "SELECT coalesce(sum(count), 0) FROM line_counts");
  d.unparsed = scalar(store, "SELECT coalesce(sum(count), 0) FROM line_counts WHERE kind = 'unparsed'");
  if (d.sections & section::inputs) {
    Stmt s = store.prepare(
        "SELECT path, format, (SELECT coalesce(sum(count), 0) FROM line_counts WHERE input_id = id), "
        "(SELECT coalesce(sum(count), 0) FROM line_counts WHERE input_id = id AND kind = 'unparsed') "
        "FROM inputs WHERE last_seen >= ? ORDER BY path, id");
    bind_value(s.get(), 1, windowed ? since : std::numeric_limits<std::int64_t>::min());
    while (s && sqlite3_step(s.get()) == SQLITE_ROW)
      d.input_list.push_back(InputRow{column_text(s.get(), 0), column_text(s.get(), 1),
                                      column_int(s.get(), 2), column_int(s.get(), 3)});
    d.inputs_left_out = d.inputs - static_cast<std::int64_t>(d.input_list.size());
  }
  if (d.sections & section::notices) {
    Stmt s = store.prepare("SELECT path, message FROM notices WHERE time >= ? ORDER BY id DESC LIMIT 20");
    bind_value(s.get(), 1, windowed ? since : std::numeric_limits<std::int64_t>::min());
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

namespace {

// One read transaction around a report: every statement sees the same commit,
// so the dirty days, the rollups and the fine rows agree even while an ingest
// commits (WAL readers do not block the writer).
class ReadSnapshot {
 public:
  explicit ReadSnapshot(const Store& store)
      : store_(store), mine_(sqlite3_get_autocommit(store.db()) && store.exec("BEGIN")) {}
  ~ReadSnapshot() {
    if (mine_) store_.exec("COMMIT");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  const Store& store_;
  bool mine_;
};

}  // namespace

ReportData load_report(const Store& store, const Catalogue& catalogue, const ReportOptions& opt) {
  ReadSnapshot snapshot(store);
  ReportData d;
  d.sections = opt.sections;
  // counts are per 15-minute UTC bucket: a window edge inside a bucket (only
  // relative windows such as 12h have one) takes the whole bucket.
  const std::int64_t lo_bucket =
      opt.since == kNoSince ? std::numeric_limits<std::int64_t>::min() : floor_div(opt.since, kBucketSeconds);
  const std::int64_t hi_bucket = opt.until == kNoUntil ? std::numeric_limits<std::int64_t>::max()
                                                       : -floor_div(-opt.until, kBucketSeconds);
  d.whole_history = opt.since == kNoSince && opt.until == kNoUntil;
  std::int64_t first = 0, last = -1;  // buckets of the data in the window
  const bool any = data_range(store, lo_bucket, hi_bucket, first, last);
  if (any) {
    d.since = first * kBucketSeconds;
    d.until = last * kBucketSeconds + kBucketSeconds;
  }
  if (opt.since != kNoSince) d.since = opt.since;
  if (opt.until != kNoUntil) d.until = opt.until;
  if (d.until < d.since) d.until = d.since;  // --since after the last data

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
  CountsScan scan(store);
  // Days whose rollups an ingest has not refreshed yet (a run in progress, or
  // killed): read from the fine rows.
  std::vector<std::int64_t> dirty;
  {
    Stmt st = store.prepare("SELECT day FROM rollup_dirty ORDER BY day");
    while (st && sqlite3_step(st.get()) == SQLITE_ROW) dirty.push_back(sqlite3_column_int64(st.get(), 0));
  }
  std::vector<std::vector<std::int64_t>> cells(starts.size());  // bucket -> outcome index -> count
  if (any) {
    std::int64_t last_time = std::numeric_limits<std::int64_t>::min();
    std::size_t last_cell = 0;
    scan.run(plan_counts(first, last + 1, starts, dirty), [&](std::int64_t time, std::size_t shape, std::int64_t n) {
      if (starts.empty()) return;
      if (time != last_time) {  // rows come in time order: one search per bucket or day
        last_time = time;
        auto it = std::upper_bound(starts.begin(), starts.end(), time);
        last_cell = it == starts.begin() ? 0 : static_cast<std::size_t>(it - starts.begin() - 1);
      }
      auto& cell = cells[last_cell];
      std::size_t o = scan.shapes()[shape].outcome_index;
      if (cell.size() <= o) cell.resize(o + 1);
      cell[o] += n;
    });
  }
  for (std::size_t i = 0; i < starts.size(); ++i) {
    Bucket b;
    b.start = starts[i];
    for (std::size_t o = 0; o < cells[i].size(); ++o)
      if (cells[i][o]) b.outcomes[scan.outcomes()[o]] += cells[i][o];
    d.timeline.push_back(std::move(b));
  }

  std::map<ProblemKey, Problem> problems;
  std::map<std::tuple<std::int64_t, std::string, std::string, std::string, std::string, std::string,
                      bool>,
           std::int64_t>
      replies;
  {
    for (const Shape& sh : scan.shapes()) {
      d.totals[sh.outcome] += sh.count;
      d.by_mta[sh.mta][sh.outcome] += sh.count;
      d.by_host[sh.log_host][sh.outcome] += sh.count;
      d.by_service[{sh.mta, sh.service}][sh.outcome] += sh.count;
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
    // The bucket holding since belongs to this window, not the one before.
    const std::int64_t prev_lo = floor_div(d.since - len, kBucketSeconds), prev_hi = floor_div(d.since, kBucketSeconds);
    CountsScan before(store);
    before.run(plan_counts(prev_lo, prev_hi, {}, dirty), [&](std::int64_t, std::size_t, std::int64_t) { d.has_previous = true; });
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

  // domain_counts is per UTC day: the days that hold the window. When the
  // window does not start and end at UTC midnight, the report says so.
  const std::int64_t lo_day = floor_div(d.since, 86400), hi_day = -floor_div(-d.until, 86400);
  d.domain_since = lo_day * 86400;
  d.domain_until = hi_day * 86400;
  d.domains_whole_utc_days = (opt.since != kNoSince && d.since != d.domain_since) ||
                             (opt.until != kNoUntil && d.until != d.domain_until);
  const std::vector<Span> domain_spans = plan_domains(lo_day, hi_day, dirty);
  if (opt.sections & section::domains) load_domain_table(store, d, domain_spans, opt.top);
  if (opt.sections & (section::problems | section::domains)) {
    load_problem_domains(store, d, domain_spans);
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
  load_inputs(store, d, opt.since);
  return d;
}

}  // namespace smtplog
