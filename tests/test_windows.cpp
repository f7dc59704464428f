// Time windows are exact in every zone: lines just before, at and just after
// local midnight are ingested in zones a half or three quarters of an hour
// from UTC, and over DST days of 23 and 25 hours; `--since yesterday --until
// today` must count exactly yesterday's lines. Then the rollups: a report over
// any window equals the one computed from the fine rows alone.
#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <random>
#include <set>
#include <sstream>

#include "analyzer/clock.h"
#include "analyzer/report_words.h"
#include "parsers/timestamp.h"
#include "report_fixture.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

// Sets TZ for the scope of a test, then back to UTC.
struct Zone {
  explicit Zone(const char* tz) {
    ::setenv("TZ", tz, 1);
    ::tzset();
  }
  ~Zone() { use_utc(); }
};

// Unix time of a local wall-clock time "YYYY-MM-DD HH:MM:SS" in the current zone.
std::int64_t local(const char* text) {
  std::tm tm{};
  REQUIRE(std::sscanf(text, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                      &tm.tm_min, &tm.tm_sec) == 6);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

// A Postfix delivery line at local time `t`, in BSD syslog form (no zone, no
// year: read in the local zone with --year).
std::string line_at(std::int64_t t, const char* status, const std::string& domain, int n) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", &tm);
  char id[16];
  std::snprintf(id, sizeof id, "%011X", 0x1000 + n);
  std::string s = std::string(stamp) + " mx postfix/smtp[100]: " + id + ": to=<u" + std::to_string(n) +
                  "@" + domain + ">, relay=127.0.0.1[127.0.0.1]:25, delay=0.1, delays=0/0/0/0.1, ";
  if (std::string(status) == "sent")
    return s + "dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as Q" + std::to_string(n) + ")\n";
  return s + "dsn=4.2.2, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 4.2.2 Mailbox full "
             "(in reply to RCPT TO command))\n";
}

// Ingests `text` (one file) into a fresh database in `dir`, year `year`.
std::string ingest_text(const TempDir& dir, const std::string& text, int year, bool refresh = true,
                        std::uint64_t commit_bytes = 0) {
  const std::string log = (dir / "mail.log").string(), db = (dir / "w.db").string();
  write_file(dir / "mail.log", text);
  std::string error;
  auto store = Store::open(db, Store::Mode::read_write, error);
  REQUIRE(store);
  REQUIRE(store_catalogue(*store, embedded_catalogue()).empty());
  Classifier classifier(embedded_catalogue());
  IngestOptions opt;
  opt.inputs = {log};
  opt.quiet = true;
  opt.year = year;
  opt.keep_events_seconds = 0;
  opt.skip_rollup_refresh = !refresh;
  if (commit_bytes) opt.commit_bytes = commit_bytes;
  std::ostringstream diag;
  IngestResult r = ingest(*store, classifier, opt, diag);
  INFO(diag.str());
  REQUIRE_FALSE(r.failed());
  return db;
}

std::int64_t total(const ReportData& d, const char* outcome) {
  auto it = d.totals.find(outcome);
  return it == d.totals.end() ? 0 : it->second;
}

// Yesterday's lines are `sent`, every other line `deferred`: the report of
// yesterday must hold all the sent lines and no deferral.
void check_yesterday(const char* tz, const char* now_text, const std::vector<const char*>& inside,
                     const std::vector<const char*>& outside) {
  Zone zone(tz);
  INFO("TZ=" << tz << ", now " << now_text);
  TempDir dir;
  std::string text;
  int n = 0;
  std::vector<std::pair<std::int64_t, bool>> lines;
  for (const char* t : inside) lines.emplace_back(local(t), true);
  for (const char* t : outside) lines.emplace_back(local(t), false);
  std::sort(lines.begin(), lines.end());
  for (const auto& [t, in] : lines) text += line_at(t, in ? "sent" : "deferred", "example.com", ++n);
  const std::string db = ingest_text(dir, text, 2026);

  const std::int64_t now = local(now_text);
  ReportOptions ro;
  REQUIRE(parse_when("yesterday", now, ro.since));
  REQUIRE(parse_when("today", now, ro.until));
  CHECK(ro.since % kBucketSeconds == 0);
  CHECK(ro.until % kBucketSeconds == 0);
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  REQUIRE(store);
  ReportData d = load_report(*store, embedded_catalogue(), ro);
  CHECK(total(d, "sent") == static_cast<std::int64_t>(inside.size()));
  CHECK(total(d, "deferred") == 0);
  // The day before yesterday holds the outside lines before midnight.
  CHECK(d.has_previous);
  // The domain breakdown says when it covers more than the window.
  const bool aligned = ro.since % 86400 == 0 && ro.until % 86400 == 0;
  CHECK(d.domains_whole_utc_days == !aligned);
  CHECK((domain_days_words(d).empty()) == aligned);
  std::ostringstream rendered, json;
  render_text(d, rendered, TextStyle{});
  render_json(d, json);
  CHECK((rendered.str().find("cover whole UTC days") != std::string::npos) == !aligned);
  CHECK((json.str().find("\"domains_whole_utc_days\":true") != std::string::npos) == !aligned);
  // Everything, for the record: all lines are there.
  ReportData all = load_report(*store, embedded_catalogue(), ReportOptions{});
  CHECK(total(all, "sent") + total(all, "deferred") == static_cast<std::int64_t>(lines.size()));
}

}  // namespace

TEST_CASE("yesterday is exact in zones a half hour off UTC (Asia/Kolkata, +05:30)", "[windows]") {
  check_yesterday("Asia/Kolkata", "2026-11-23 10:00:00",
                  {"2026-11-22 00:00:00", "2026-11-22 00:14:59", "2026-11-22 00:29:59",
                   "2026-11-22 05:29:59", "2026-11-22 05:30:00", "2026-11-22 12:00:00",
                   "2026-11-22 23:45:00", "2026-11-22 23:59:59"},
                  {"2026-11-21 23:29:59", "2026-11-21 23:59:59", "2026-11-23 00:00:00",
                   "2026-11-23 00:00:01", "2026-11-23 00:29:59"});
}

TEST_CASE("yesterday is exact in zones three quarters off UTC (Asia/Kathmandu, +05:45)", "[windows]") {
  check_yesterday("Asia/Kathmandu", "2026-11-23 10:00:00",
                  {"2026-11-22 00:00:00", "2026-11-22 00:14:59", "2026-11-22 00:15:00",
                   "2026-11-22 23:44:59", "2026-11-22 23:59:59"},
                  {"2026-11-21 23:59:59", "2026-11-21 23:15:00", "2026-11-23 00:00:00",
                   "2026-11-23 00:14:59"});
}

TEST_CASE("yesterday is exact west of UTC by a half hour (America/St_Johns, -03:30)", "[windows]") {
  check_yesterday("America/St_Johns", "2026-11-23 10:00:00",
                  {"2026-11-22 00:00:00", "2026-11-22 00:29:59", "2026-11-22 20:30:00",
                   "2026-11-22 23:59:59"},
                  {"2026-11-21 23:59:59", "2026-11-21 23:30:00", "2026-11-23 00:00:00",
                   "2026-11-23 00:29:59"});
  // And in summer time (-02:30).
  check_yesterday("America/St_Johns", "2026-07-15 08:00:00",
                  {"2026-07-14 00:00:00", "2026-07-14 21:29:59", "2026-07-14 23:59:59"},
                  {"2026-07-13 23:59:59", "2026-07-15 00:00:00"});
}

TEST_CASE("yesterday is exact over DST days of 23 and 25 hours (Europe/Berlin)", "[windows]") {
  // 2026-03-29: 02:00 CET -> 03:00 CEST, a day of 23 hours.
  check_yesterday("Europe/Berlin", "2026-03-30 09:00:00",
                  {"2026-03-29 00:00:00", "2026-03-29 01:59:59", "2026-03-29 03:00:00",
                   "2026-03-29 23:59:59"},
                  {"2026-03-28 23:59:59", "2026-03-30 00:00:00", "2026-03-30 00:59:59"});
  // 2026-10-25: 03:00 CEST -> 02:00 CET, a day of 25 hours.
  check_yesterday("Europe/Berlin", "2026-10-26 09:00:00",
                  {"2026-10-25 00:00:00", "2026-10-25 01:59:59", "2026-10-25 04:00:00",
                   "2026-10-25 23:00:00", "2026-10-25 23:59:59"},
                  {"2026-10-24 23:59:59", "2026-10-26 00:00:00", "2026-10-26 00:59:59"});
  Zone zone("Europe/Berlin");
  std::int64_t since = 0, until = 0;
  REQUIRE(parse_when("yesterday", local("2026-03-30 09:00:00"), since));
  REQUIRE(parse_when("today", local("2026-03-30 09:00:00"), until));
  CHECK(until - since == 23 * 3600);
  REQUIRE(parse_when("yesterday", local("2026-10-26 09:00:00"), since));
  REQUIRE(parse_when("today", local("2026-10-26 09:00:00"), until));
  CHECK(until - since == 25 * 3600);
}

TEST_CASE("dates and timestamps as window edges are local and land on bucket edges", "[windows]") {
  Zone zone("Asia/Kathmandu");
  const std::int64_t now = local("2026-11-23 10:00:00");
  std::int64_t t = 0;
  REQUIRE(parse_when("2026-11-01", now, t));
  CHECK(t == local("2026-11-01 00:00:00"));
  CHECK(t % kBucketSeconds == 0);
  REQUIRE(parse_when("2026-11-01T10:15:00", now, t));
  CHECK(t == local("2026-11-01 10:15:00"));
  REQUIRE(parse_when("2026-11-01T10:15:00+05:45", now, t));
  CHECK(t == local("2026-11-01 10:15:00"));
  REQUIRE(parse_when("2026-11-01T04:30:00Z", now, t));
  CHECK(t == local("2026-11-01 10:15:00"));
}

TEST_CASE("UTC months from day numbers and back", "[windows]") {
  CHECK(utc_month_of_day(0) == 0);                       // 1970-01-01
  CHECK(utc_month_of_day(31) == 1);                      // 1970-02-01
  CHECK(utc_month_first_day(1) == 31);
  CHECK(utc_month_of_day(20415) == (2025 - 1970) * 12 + 10);  // 2025-11-23
  CHECK(utc_month_first_day((2024 - 1970) * 12 + 2) == 19783);  // 2024-03-01, after Feb 29
  CHECK(utc_month_of_day(19782) == (2024 - 1970) * 12 + 1);     // 2024-02-29
  for (std::int64_t day = -800; day < 30000; day += 7) {
    const std::int64_t m = utc_month_of_day(day);
    CHECK(utc_month_first_day(m) <= day);
    CHECK(utc_month_first_day(m + 1) > day);
  }
  CHECK(floor_div(-1, 900) == -1);
  CHECK(floor_div(-900, 900) == -1);
  CHECK(floor_div(899, 900) == 0);
}

namespace {

// The reference: totals, problems and their top domains of [since, until)
// from the fine tables alone, with plain SQL.
struct Reference {
  std::map<std::string, std::int64_t> totals;
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> top_domains;  // entry -> top 3
};

Reference reference(const Store& store, std::int64_t since, std::int64_t until) {
  Reference r;
  Stmt t = store.prepare("SELECT outcome, sum(count) FROM counts WHERE bucket >= ? AND bucket < ? GROUP BY 1");
  bind_value(t.get(), 1, floor_div(since, kBucketSeconds));
  bind_value(t.get(), 2, -floor_div(-until, kBucketSeconds));
  while (sqlite3_step(t.get()) == SQLITE_ROW) r.totals[column_text(t.get(), 0)] = column_int(t.get(), 1);
  Stmt d = store.prepare(
      "SELECT entry, domain, sum(count) AS n FROM domain_counts_named WHERE day >= ? AND day < ? "
      "GROUP BY 1, 2 ORDER BY 1, n DESC, 2");
  bind_value(d.get(), 1, floor_div(since, 86400));
  bind_value(d.get(), 2, -floor_div(-until, 86400));
  while (sqlite3_step(d.get()) == SQLITE_ROW) {
    auto& tops = r.top_domains[column_text(d.get(), 0)];
    if (tops.size() < 3) tops.emplace_back(column_text(d.get(), 1), column_int(d.get(), 2));
  }
  return r;
}

}  // namespace

namespace {

// 80 days from mid-January 2026 (so whole months are inside), lines every
// few hours at odd minutes, deliveries and deferrals to a dozen domains.
std::string eighty_days(std::mt19937& rng, std::int64_t start) {
  std::string text;
  std::int64_t t = start;
  for (int n = 0; t < start + 80 * 86400; ++n) {
    const std::string domain = "d" + std::to_string(rng() % 12) + ".example";
    text += line_at(t, rng() % 3 ? "sent" : "deferred", domain, n);
    t += 600 + static_cast<std::int64_t>(rng() % (5 * 3600));
  }
  return text;
}

// Reports over 46 windows (local days, whole UTC days and months, odd quarter
// hours, edges outside the data, random ones) equal the fine rows' sums.
void check_windows(const Store& store_ref, std::int64_t start, std::mt19937& rng) {
  const Store* store = &store_ref;
  std::vector<std::pair<std::int64_t, std::int64_t>> windows = {
      {local("2026-02-01 00:00:00"), local("2026-03-01 00:00:00")},
      {1769904000, 1772323200},  // 2026-02-01 .. 2026-03-01 UTC: a whole UTC month
      {1767225600, 1777593600},  // 2026-01-01 .. 2026-05-01 UTC: beyond the data on both sides
      {local("2026-01-20 05:30:00"), local("2026-03-29 17:45:00")},
      {local("2026-03-03 00:00:00"), local("2026-03-04 00:00:00")},
      {local("2026-03-03 00:15:00"), local("2026-03-03 00:30:00")},
  };
  for (int i = 0; i < 40; ++i) {
    const std::int64_t a = start - 86400 + static_cast<std::int64_t>(rng() % (82 * 96)) * 900;
    const std::int64_t len = static_cast<std::int64_t>(1 + rng() % (60 * 96)) * 900;
    windows.emplace_back(a, a + len);
  }
  for (const auto& [since, until] : windows) {
    INFO("window " << since << " .. " << until);
    ReportOptions ro;
    ro.since = since;
    ro.until = until;
    ro.top = 100;
    ro.sections = section::all;
    ReportData d = load_report(*store, embedded_catalogue(), ro);
    Reference ref = reference(*store, since, until);
    CHECK(d.totals == ref.totals);
    std::map<std::string, std::int64_t> from_timeline;
    for (const Bucket& b : d.timeline)
      for (const auto& [o, n] : b.outcomes) from_timeline[o] += n;
    CHECK(from_timeline == ref.totals);
    for (const Problem& p : d.problems) {
      INFO("problem " << p.entry_id);
      CHECK(p.top_domains == ref.top_domains[p.entry_id]);
    }
    std::int64_t domain_sum = 0, ref_sum = 0;
    for (const DomainRow& r : d.domains) domain_sum += r.count;
    {
      Stmt s = store->prepare("SELECT coalesce(sum(count), 0) FROM domain_counts WHERE day >= ? AND day < ?");
      bind_value(s.get(), 1, floor_div(since, 86400));
      bind_value(s.get(), 2, -floor_div(-until, 86400));
      REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
      ref_sum = column_int(s.get(), 0);
    }
    CHECK(domain_sum == ref_sum);  // fewer than --top domains: all of them are listed
  }
}

// The single value `sql` returns.
std::int64_t scalar(const Store& store, const char* sql) {
  Stmt s = store.prepare(sql);
  REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
  return column_int(s.get(), 0);
}

}  // namespace

TEST_CASE("a report over any window equals the report from the fine rows alone", "[windows][rollups]") {
  Zone zone("Asia/Kolkata");
  TempDir dir;
  std::mt19937 rng(7);
  const std::int64_t start = local("2026-01-14 21:07:00");
  const std::string text = eighty_days(rng, start);
  const std::string db = ingest_text(dir, text, 2026);
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  REQUIRE(store);
  // The rollups hold what the fine rows hold.
  CHECK(scalar(*store, "SELECT sum(count) FROM counts") == scalar(*store, "SELECT sum(count) FROM counts_day"));
  CHECK(scalar(*store, "SELECT sum(count) FROM domain_counts") == scalar(*store, "SELECT sum(count) FROM domain_counts_month"));
  CHECK(scalar(*store, "SELECT count(*) FROM domain_counts_month") < scalar(*store, "SELECT count(*) FROM domain_counts"));

  check_windows(*store, start, rng);
}

// Rows in which domain_counts_month and the sums of the clean days of
// domain_counts per UTC month differ (either way): 0 when the month rollup is
// exact, whichever days refresh_rollups() merged at once.
std::int64_t month_rollup_errors(const Store& store) {
  const char* sums =
      "SELECT (CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) - 1970) * 12 + "
      "CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1, kind_id, domain_id, sum(count) "
      "FROM domain_counts WHERE day NOT IN (SELECT day FROM rollup_dirty) GROUP BY 1, 2, 3";
  const char* months = "SELECT month, kind_id, domain_id, count FROM domain_counts_month";
  const std::string a = std::string("SELECT count(*) FROM (") + sums + " EXCEPT " + months + ")";
  const std::string b = std::string("SELECT count(*) FROM (") + months + " EXCEPT " + sums + ")";
  return scalar(store, a.c_str()) + scalar(store, b.c_str());
}

TEST_CASE("reports stay exact between a run's commits and its rollup refresh (as after a kill)", "[windows][rollups]") {
  Zone zone("Asia/Kolkata");
  TempDir dir;
  std::mt19937 rng(7);
  const std::int64_t start = local("2026-01-14 21:07:00");
  std::string text = eighty_days(rng, start);
  // Up to the end of March: a commit leaves the days of its newest day's
  // month dirty (refresh_rollups), so that a kill now leaves all of March.
  text.resize(text.find("\nApr  1 ") + 1);
  // The first half with its rollups, then the rest committed but stopped
  // before the refresh, as a run killed between the two would leave it.
  std::size_t half = text.find('\n', text.size() / 2) + 1;
  ingest_text(dir, text.substr(0, half), 2026);
  const std::string db = ingest_text(dir, text, 2026, false);
  {
    std::string error;
    auto store = Store::open(db, Store::Mode::read_only, error);
    REQUIRE(store);
    CHECK(scalar(*store, "SELECT count(*) FROM rollup_dirty") >= 28);
    CHECK(month_rollup_errors(*store) == 0);  // February: its last days added at once
    // The rollups are stale: reading them would miss the second half.
    CHECK(scalar(*store, "SELECT sum(count) FROM counts") > scalar(*store, "SELECT sum(count) FROM counts_day"));
    CHECK(scalar(*store, "SELECT sum(count) FROM domain_counts") >
          scalar(*store, "SELECT sum(count) FROM domain_counts_month"));
    std::mt19937 windows_rng(11);
    check_windows(*store, start, windows_rng);
  }
  // The next ingest, with nothing new to read, finishes the refresh.
  ingest_text(dir, text, 2026);
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  REQUIRE(store);
  CHECK(scalar(*store, "SELECT count(*) FROM rollup_dirty") == 0);
  CHECK(month_rollup_errors(*store) == 0);
  CHECK(scalar(*store, "SELECT sum(count) FROM counts") == scalar(*store, "SELECT sum(count) FROM counts_day"));
  CHECK(scalar(*store, "SELECT sum(count) FROM domain_counts") ==
        scalar(*store, "SELECT sum(count) FROM domain_counts_month"));
  std::mt19937 windows_rng(11);
  check_windows(*store, start, windows_rng);
}

// The rows of the fine tables and the rollups, for comparing two databases.
std::string tables(const std::string& db) {
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  REQUIRE(store);
  std::string out;
  for (const char* sql : {"SELECT * FROM counts ORDER BY 1,2,3,4,5,6,7,8,9,10",
                          "SELECT * FROM counts_day ORDER BY 1,2,3,4,5,6,7,8,9,10",
                          "SELECT * FROM domain_counts_named ORDER BY 1,2,3,4,5",
                          "SELECT * FROM domain_counts_month_named ORDER BY 1,2,3,4,5", "SELECT * FROM rollup_dirty"}) {
    Stmt s = store->prepare(sql);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(s.get()); ++i) out += column_text(s.get(), i) + "|";
      out += "\n";
    }
    out += "--\n";
  }
  return out;
}

TEST_CASE("days refreshed by a run's commits as it goes give the rollups of one refresh at the end", "[windows][rollups]") {
  Zone zone("Asia/Kolkata");
  std::mt19937 rng(5);
  const std::int64_t start = local("2026-01-14 21:07:00");
  std::string text = eighty_days(rng, start);
  // A day that comes back after later days (a late line, a second input):
  // the commit that brings it back finds it clean, refreshed by an earlier one.
  const std::size_t late = text.find("\nFeb 20 ") + 1, early = text.find("\nFeb 10 ") + 1;
  REQUIRE(late > early);
  text.insert(late, text.substr(early, text.find("\nFeb 11 ") + 1 - early));
  TempDir one, many;
  const std::string whole = ingest_text(one, text, 2026);  // one commit
  // Commits of 2 KiB (a day or two each), stopped before the run's final
  // refresh as a kill would: the days the commits left behind are clean
  // already (here all of them: the run's last commit has no rows, as its
  // input ended on a chunk that filled a commit), and every report is exact.
  const std::string db = ingest_text(many, text, 2026, false, 2048);
  {
    std::string error;
    auto store = Store::open(db, Store::Mode::read_only, error);
    REQUIRE(store);
    const std::int64_t dirty = scalar(*store, "SELECT count(*) FROM rollup_dirty");
    CHECK(dirty <= 3);
    CHECK(scalar(*store, "SELECT count(DISTINCT day) FROM counts_day") > 70);
    CHECK(scalar(*store, "SELECT count(*) FROM counts_day WHERE day IN (SELECT day FROM rollup_dirty)") == 0);
    std::mt19937 windows_rng(11);
    check_windows(*store, start, windows_rng);
  }
  ingest_text(many, text, 2026);  // nothing new to read: finishes the refresh
  CHECK(tables(db) == tables(whole));
  for (const std::string* d : {&db, &whole}) {
    std::string error;
    auto store = Store::open(*d, Store::Mode::read_only, error);
    REQUIRE(store);
    CHECK(month_rollup_errors(*store) == 0);
  }
}
