// Reports on the real samples: a golden file per format (tests/golden/, see
// report_fixture.h for how to regenerate them), the JSON schema, the CSV and
// Prometheus syntax, the 80-column text, sections, --top, and trends.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "analyzer/report_svg.h"
#include "analyzer/report_words.h"
#include "json_mini.h"
#include "report_fixture.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

std::string render(const ReportData& d, const std::string& format) {
  std::ostringstream out;
  if (format == "json") render_json(d, out);
  else if (format == "csv") render_csv(d, out);
  else if (format == "html") render_html(d, out);
  else if (format == "prometheus") render_prometheus(d, out);
  else render_text(d, out, TextStyle{});
  return out.str();
}

ReportData sample_report(unsigned sections, int top = 10) {
  static SampleDb db(golden_samples());
  use_utc();
  Store store = db.open();
  ReportOptions ro;
  ro.sections = sections;
  ro.top = top;
  return load_report(store, embedded_catalogue(), ro);
}

// Wrapped text as one line, to look for phrases whatever the wrapping.
std::string one_line(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::size_t display_columns(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

// RFC 4180 rows: quoted cells may hold commas and doubled quotes.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, in_cell = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"' && !in_cell) {
      quoted = in_cell = true;
    } else if (c == ',') {
      rows.back().push_back(cell), cell.clear(), in_cell = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(cell), cell.clear(), in_cell = false;
      rows.emplace_back();
      ++i;
    } else {
      cell += c, in_cell = true;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace

TEST_CASE("golden: text report of the samples", "[report][golden]") {
  check_golden("report.txt", normalized(render(sample_report(section::text_default), "text")));
}

TEST_CASE("golden: text report with every section", "[report][golden]") {
  check_golden("report-all.txt", normalized(render(sample_report(section::all, 5), "text")));
}

TEST_CASE("golden: JSON report", "[report][golden]") {
  check_golden("report.json", normalized(render(sample_report(section::all), "json")));
}

TEST_CASE("golden: CSV report", "[report][golden]") {
  check_golden("report.csv", normalized(render(sample_report(section::all), "csv")));
}

TEST_CASE("golden: HTML report", "[report][golden]") {
  check_golden("report.html", normalized(render(sample_report(section::all), "html")));
}

TEST_CASE("golden: Prometheus metrics", "[report][golden]") {
  check_golden("report.prom", normalized(render(sample_report(section::all), "prometheus")));
}

TEST_CASE("the text report fits 80 columns and says what it rests on", "[report]") {
  for (unsigned sections : {section::text_default, section::all}) {
    std::string text = render(sample_report(sections, 50), "text");
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      INFO(line);
      CHECK(display_columns(line) <= 80);
    }
    CHECK(text.find("Rests on 3 inputs") != std::string::npos);
    CHECK(text.find(" unparsed") != std::string::npos);
    CHECK(text.find("\033") == std::string::npos);  // no colour unless asked
  }
}

TEST_CASE("the text report leads with totals, plain words, then problems by impact", "[report]") {
  ReportData d = sample_report(section::text_default);
  std::string text = one_line(render(d, "text"));
  for (const char* label : {"received", "delivered", "deferred", "bounced", "expired", "rejected inbound"})
    CHECK(text.find(std::string(" ") + label + " ") != std::string::npos);
  CHECK(text.find("Transient failures:") != std::string::npos);
  CHECK(text.find("Permanent failures:") != std::string::npos);
  CHECK(text.find("nothing was accepted or relayed") != std::string::npos);
  // Two MTAs and two log hosts in the samples: both tables appear.
  CHECK(text.find("BY MTA") != std::string::npos);
  CHECK(text.find("BY LOG HOST") != std::string::npos);
  REQUIRE(d.problems.size() == 10);
  for (std::size_t i = 1; i < d.problems.size(); ++i) CHECK(d.problems[i - 1].impact >= d.problems[i].impact);
  for (const Problem& p : d.problems) {
    CHECK(p.count == p.transient + p.permanent + (p.count - p.transient - p.permanent));
    CHECK(p.impact == 3 * p.permanent + (p.count - p.permanent));
    CHECK_FALSE(p.example.empty());
  }
  CHECK(text.find("Example: ") != std::string::npos);
  CHECK(text.find("Fix (sender): ") != std::string::npos);
  CHECK(text.find("Fix (server admin): ") != std::string::npos);
}

TEST_CASE("option --sections and --top choose what the report holds", "[report]") {
  unsigned s = 0;
  std::string bad;
  REQUIRE(parse_sections("totals,problems", s, bad));
  CHECK(s == (section::totals | section::problems));
  REQUIRE(parse_sections("all", s, bad));
  CHECK(s == section::all);
  CHECK_FALSE(parse_sections("totals,nonsense", s, bad));
  CHECK(bad == "nonsense");
  CHECK_FALSE(parse_sections("", s, bad));

  std::string only_totals = render(sample_report(section::totals), "text");
  CHECK(only_totals.find("TOTALS") != std::string::npos);
  CHECK(only_totals.find("PROBLEMS") == std::string::npos);
  CHECK(only_totals.find("INPUTS") == std::string::npos);
  ReportData top3 = sample_report(section::problems, 3);
  CHECK(top3.problems.size() == 3);
  CHECK(top3.problem_kinds > 3);
  CHECK(render(top3, "text").find("top 3 of") != std::string::npos);
}

TEST_CASE("JSON report: valid, versioned, and keeps the totals and replies contract", "[report][json]") {
  ReportData d = sample_report(section::all);
  json::Value v;
  std::string error;
  REQUIRE(json::parse(render(d, "json"), v, error));
  INFO(error);
  CHECK(v["version"].is_int());
  CHECK(v["version"].number == 5);
  REQUIRE(v["window"].type == json::Value::Type::object);
  CHECK(v["window"]["since"].is_int());
  CHECK(v["window"]["until"].is_int());
  CHECK(v["window"]["whole_history"].type == json::Value::Type::boolean);
  // Version 3: the UTC days the domain breakdowns cover.
  CHECK(v["window"]["domains_since"].is_int());
  CHECK(v["window"]["domains_until"].is_int());
  CHECK(v["window"]["domains_whole_utc_days"].type == json::Value::Type::boolean);
  // The foundation's contract: totals is outcome -> count ...
  REQUIRE(v["totals"].type == json::Value::Type::object);
  CHECK_FALSE(v["totals"].members.empty());
  for (const auto& [k, n] : v["totals"].members) CHECK(n.is_int());
  CHECK(v["totals"]["sent"].number == static_cast<double>(d.totals.at("sent")));
  // ... and replies an array of {code, enhanced, outcome, direction, count}.
  REQUIRE(v["replies"].type == json::Value::Type::array);
  REQUIRE_FALSE(v["replies"].items.empty());
  const std::set<std::string> directions = {"inbound", "outbound", "local", "none"};
  for (const json::Value& r : v["replies"].items) {
    CHECK(r["code"].is_int());
    CHECK(r["enhanced"].type == json::Value::Type::string);
    CHECK(r["outcome"].type == json::Value::Type::string);
    CHECK(directions.count(r["direction"].str) == 1);
    CHECK(r["count"].is_int());
  }
  // Version 1's other fields stay; version 2's are there with their sections.
  for (const char* key : {"by_mta", "problems", "inputs", "notices", "classes", "by_host", "timeline", "domains"})
    CHECK(v.has(key));
  REQUIRE(v["problems"].type == json::Value::Type::array);
  for (const json::Value& p : v["problems"].items) {
    for (const char* key : {"entry", "name", "category", "direction", "example", "fix_sender", "fix_admin",
                            "title", "class", "meaning", "trend"})
      CHECK(p[key].type == json::Value::Type::string);
    for (const char* key : {"count", "previous", "transient_count", "permanent_count", "impact"})
      CHECK(p[key].is_int());
    CHECK(p["transient"].type == json::Value::Type::boolean);
    CHECK(p["outcomes"].type == json::Value::Type::object);
    CHECK(p["codes"].type == json::Value::Type::array);
    CHECK(p["top_domains"].type == json::Value::Type::array);
  }
  CHECK(v["inputs"]["count"].number == 3);
  CHECK(v["inputs"]["unparsed"].is_int());
  CHECK(v["inputs"]["files"].items.size() == 3);
  CHECK(v["timeline"]["buckets"].type == json::Value::Type::array);
}

TEST_CASE("JSON keeps version 1 fields whatever --sections says", "[report][json]") {
  json::Value v;
  std::string error;
  REQUIRE(json::parse(render(sample_report(section::totals), "json"), v, error));
  for (const char* key : {"version", "window", "totals", "by_mta", "replies", "problems", "inputs", "notices"})
    CHECK(v.has(key));
  CHECK_FALSE(v.has("timeline"));
}

TEST_CASE("CSV report: one RFC 4180 table with a section column", "[report][csv]") {
  std::string text = render(sample_report(section::all), "csv");
  auto rows = parse_csv(text);
  REQUIRE(rows.size() > 10);
  const std::size_t columns = rows[0].size();
  CHECK(rows[0][0] == "section");
  std::set<std::string> sections;
  for (const auto& r : rows) {
    CHECK(r.size() == columns);
    sections.insert(r[0]);
  }
  for (const char* s : {"window", "total", "mta", "host", "problem", "domain", "timeline", "reply", "input"})
    CHECK(sections.count(s) == 1);
}

TEST_CASE("Prometheus metrics follow the exposition format", "[report][prometheus]") {
  std::string text = render(sample_report(section::all), "prometheus");
  const std::regex sample(R"re(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? -?[0-9]+)re");
  const std::regex comment(R"(# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .*)");
  std::set<std::string> typed;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    INFO(line);
    std::smatch m;
    if (std::regex_match(line, m, comment)) {
      if (m[1] == "TYPE") {
        CHECK(typed.insert(m[2]).second);  // one TYPE per family
        CHECK((line.substr(line.rfind(' ') + 1) == "counter" || line.substr(line.rfind(' ') + 1) == "gauge"));
      }
      continue;
    }
    REQUIRE(std::regex_match(line, m, sample));
    CHECK(typed.count(m[1]) == 1);  // TYPE before the samples
  }
  CHECK(text.find("smtplog_outcomes_total{log_host=\"mx\",mta=\"postfix\",outcome=\"sent\"}") != std::string::npos);
  CHECK(text.find("smtplog_unparsed_lines_total ") != std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("HTML report: self-contained, no script, both charts", "[report][html]") {
  std::string html = render(sample_report(section::all), "html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  // Nothing to fetch: no src or href attributes, no url() in the CSS.
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find(" href=") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("id=\"chart-timeline\"") != std::string::npos);
  CHECK(html.find("id=\"chart-problems\"") != std::string::npos);
  CHECK(html.find("<rect") != std::string::npos);
  CHECK(html.find("<table id=\"problem-table\"") != std::string::npos);
}

TEST_CASE("trends compare with the window of the same length before", "[report]") {
  use_utc();
  TempDir dir;
  std::string path = (dir / "t.db").string(), error;
  auto store = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(store);
  // Day 1: 4 deferrals of X.2.2; day 2: 6 of them and 1 new bounce.
  const std::int64_t day1 = 1795392000 / 3600, day2 = day1 + 24;  // 2026-11-22 and 23, 00:00 UTC, in hours
  auto bucket = [](std::int64_t hour) { return std::to_string(hour * 4); };
  REQUIRE(store->exec(
      "INSERT INTO counts VALUES (" + bucket(day1 + 5) + ",'mx','postfix','smtp','outbound','deferred',452,'4.2.2','X.2.2',0,4);"
      "INSERT INTO counts VALUES (" + bucket(day2 + 5) + ",'mx','postfix','smtp','outbound','deferred',452,'4.2.2','X.2.2',0,6);"
      "INSERT INTO counts VALUES (" + bucket(day2 + 7) + ",'mx','postfix','smtp','outbound','bounced',550,'5.1.1','X.1.1',0,1);"
      "INSERT INTO counts VALUES (" + bucket(day2 + 7) + ",'mx','postfix','smtp','outbound','sent',250,'2.0.0','250',0,90);"));
  fill_rollups(*store);
  ReportOptions ro;
  ro.since = day2 * 3600;
  ro.until = (day2 + 24) * 3600;
  ReportData d = load_report(*store, embedded_catalogue(), ro);
  CHECK_FALSE(d.whole_history);
  CHECK(d.has_previous);
  REQUIRE(d.problems.size() == 2);
  const Problem& full = d.problems[0].entry_id == "X.2.2" ? d.problems[0] : d.problems[1];
  const Problem& bounce = d.problems[0].entry_id == "X.1.1" ? d.problems[0] : d.problems[1];
  CHECK(full.count == 6);
  CHECK(full.previous == 4);
  CHECK(trend_words(d, full) == "up 50% from 4 in the 1 day before");
  CHECK(trend_words(d, bounce) == "new: none in the 1 day before");
  CHECK(d.problems[0].entry_id == "X.2.2");  // 6 deferrals weigh more than 1 bounce (3)
  CHECK(d.totals.at("sent") == 90);
  CHECK(d.totals.count("deferred") == 1);
  // The day before has data but no X.1.1; the day before that has none at all.
  ro.since = day1 * 3600;
  ro.until = (day1 + 24) * 3600;
  ReportData first = load_report(*store, embedded_catalogue(), ro);
  CHECK_FALSE(first.has_previous);
  REQUIRE(first.problems.size() == 1);
  CHECK(trend_words(first, first.problems[0]) == "no data for the 1 day before");
  // The timeline of a two-day window is per hour with every hour present.
  ro.since = day1 * 3600;
  ro.until = (day2 + 24) * 3600;
  ReportData both = load_report(*store, embedded_catalogue(), ro);
  CHECK(both.granularity == "hour");
  CHECK(both.timeline.size() == 48);
  CHECK(both.timeline[5].outcomes.at("deferred") == 4);
  CHECK(both.timeline[24 + 7].outcomes.at("sent") == 90);
}

TEST_CASE("report words: numbers, durations and wrapping", "[report]") {
  CHECK(grouped(0) == "0");
  CHECK(grouped(999) == "999");
  CHECK(grouped(1000) == "1,000");
  CHECK(grouped(-1234567) == "-1,234,567");
  CHECK(percent(1, 3) == "33.3%");
  CHECK(percent(1, 0) == "0.0%");
  CHECK(duration_words(86400) == "1 day");
  CHECK(duration_words(7 * 86400) == "7 days");
  CHECK(duration_words(12 * 3600) == "12 hours");
  CHECK(duration_words(90 * 60) == "90 minutes");
  std::string long_word(200, 'a');
  std::string w = wrap("short " + long_word + " end", 80, "  ");
  std::istringstream in(w);
  for (std::string line; std::getline(in, line);) CHECK(line.size() <= 80);
  CHECK(w.find("end") != std::string::npos);
}

TEST_CASE("a long window, read from daily rollups and edge buckets, adds up as SQL does", "[report]") {
  use_utc();
  TempDir dir;
  std::string error;
  auto store = Store::open((dir / "long.db").string(), Store::Mode::read_write, error);
  REQUIRE(store);
  // 90 days, the same shapes in many hours, some only in the first or second half.
  const std::int64_t start = 1767225600 / 3600;  // 2026-01-01 00:00 UTC, in hours
  REQUIRE(store->exec("BEGIN"));
  Stmt ins = store->prepare("INSERT INTO counts VALUES (?,?,'postfix','smtp','outbound',?,?,?,?,0,?)");
  for (std::int64_t h = 0; h < 90 * 24; h += 5) {
    const char* outcomes[] = {"sent", "deferred", "bounced"};
    for (int k = 0; k < 3; ++k) {
      bind_value(ins.get(), 1, (start + h) * 4 + h % 4);
      bind_value(ins.get(), 2, h % 2 ? "mx1" : "mx2");
      bind_value(ins.get(), 3, outcomes[k]);
      bind_value(ins.get(), 4, std::int64_t{k == 0 ? 250 : k == 1 ? 451 : 550});
      bind_value(ins.get(), 5, k == 0 ? "2.0.0" : k == 1 ? "4.3.0" : "5.1.1");
      bind_value(ins.get(), 6, h < 24 * 45 ? "X.3.0" : "X.1.1");
      bind_value(ins.get(), 7, (h % 7) + k + 1);
      REQUIRE(step_done(ins.get()));
    }
  }
  REQUIRE(store->exec("COMMIT"));
  fill_rollups(*store);
  ReportOptions ro;
  ro.sections = section::all;
  ReportData d = load_report(*store, embedded_catalogue(), ro);
  Stmt sql = store->prepare("SELECT outcome, sum(count) FROM counts GROUP BY outcome");
  std::map<std::string, std::int64_t> expected;
  while (sqlite3_step(sql.get()) == SQLITE_ROW) expected[column_text(sql.get(), 0)] = column_int(sql.get(), 1);
  CHECK(d.totals == expected);
  std::map<std::string, std::int64_t> from_timeline;
  for (const Bucket& b : d.timeline)
    for (const auto& [o, n] : b.outcomes) from_timeline[o] += n;
  CHECK(from_timeline == expected);
  CHECK(d.granularity == "day");
  CHECK(d.timeline.size() == 90);
  std::int64_t replies = 0;
  for (const ReplyRow& r : d.replies) replies += r.count;
  CHECK(replies == expected["sent"] + expected["deferred"] + expected["bounced"]);
  CHECK(d.problem_total == expected["deferred"] + expected["bounced"]);
  CHECK(d.by_host.size() == 2);
}

TEST_CASE("report words: an expiry is not called a remote refusal", "[report]") {
  Problem p;
  p.direction = "outbound";
  p.outcomes = {{"expired", 2}};
  p.count = p.permanent = 2;
  p.transient = 0;
  std::string only_expired = problem_meaning(p);
  CHECK(only_expired.find("queue lifetime") != std::string::npos);
  CHECK(only_expired.find("refused") == std::string::npos);
  p.outcomes = {{"expired", 1}, {"bounced", 3}};
  p.count = p.permanent = 4;
  std::string mixed = problem_meaning(p);
  CHECK(mixed.find("refused our mail for good") != std::string::npos);
  CHECK(mixed.find("expired") != std::string::npos);
  p.outcomes = {{"bounced", 3}};
  p.count = p.permanent = 3;
  CHECK(problem_meaning(p).find("bounced back to the sender") != std::string::npos);
}

TEST_CASE("with --since, the inputs and notices are those of the window, not of all time", "[report]") {
  // A year of rotated logs must not fill a daily cron mail: inputs read and
  // notices made before the window began are left out of the lists.
  use_utc();
  TempDir dir;
  const std::string db = (dir / "w.db").string();
  const std::filesystem::path log = source_dir() / "samples/postfix/postfix.log";
  std::ifstream in(log, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l + "\n");
  REQUIRE(lines.size() > 300);
  auto write = [&](std::size_t from, std::size_t to) {
    std::ofstream out(dir / "mail.log", std::ios::binary | std::ios::trunc);
    for (std::size_t i = from; i < to; ++i) out << lines[i];
  };
  auto run = [&](std::int64_t now) {
    std::string error;
    auto store = Store::open(db, Store::Mode::read_write, error);
    REQUIRE(store);
    Classifier classifier(embedded_catalogue());
    IngestOptions opt;
    opt.inputs = {(dir / "mail.log").string(), (dir / "mail.log.1").string()};
    opt.quiet = true;
    opt.keep_events_seconds = 0;
    opt.now = now;
    std::ostringstream diag;
    ingest(*store, classifier, opt, diag);
  };
  const std::int64_t day = 86400, t0 = 1795392000;  // 2026-11-23 00:00 UTC
  write_file(dir / "mail.log.1", "");  // not there yet: empty
  write(0, 100);
  run(t0 - 10 * day);  // an old content, read long ago, then rotated away
  std::filesystem::rename(dir / "mail.log", dir / "old.log");
  write(100, 200);
  run(t0 - 2 * day);  // new content under the name: a notice, two days ago
  std::filesystem::rename(dir / "mail.log", dir / "mail.log.1");
  write(200, lines.size());
  run(t0 + day / 2);  // today's run: mail.log.1 renamed, mail.log new (a notice)

  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  REQUIRE(store);
  ReportOptions all;
  all.sections = section::all;
  ReportData everything = load_report(*store, embedded_catalogue(), all);
  CHECK(everything.inputs == 3);
  CHECK(everything.input_list.size() == 3);
  CHECK(everything.inputs_left_out == 0);
  // Run 2's new mail.log replaced content no run read again (old.log was not
  // given): a notice. Run 3's was an ordinary rotation (its former content
  // read as mail.log.1 in the same run): none.
  REQUIRE(everything.notices.size() == 1);
  CHECK(everything.notices[0].find("mail.log: new content under a name seen before") != std::string::npos);

  ReportOptions today = all;
  today.since = t0;
  ReportData d = load_report(*store, embedded_catalogue(), today);
  CHECK(d.inputs == 3);  // "rests on": all time, as documented
  REQUIRE(d.input_list.size() == 2);
  CHECK(d.inputs_left_out == 1);
  for (const InputRow& r : d.input_list) CHECK(r.path.find("old.log") == std::string::npos);
  CHECK(d.notices.empty());  // two days old
  const std::string text = render(d, "text");
  CHECK(text.find("1 input not read since the window began left out") != std::string::npos);
  CHECK(render(d, "json").find("\"files_left_out\":1") != std::string::npos);

  ReportOptions week = all;
  week.since = t0 - 7 * day;
  ReportData w = load_report(*store, embedded_catalogue(), week);
  CHECK(w.input_list.size() == 2);
  CHECK(w.notices.size() == 1);
}

TEST_CASE("report words: lines that decide nothing are not a total called \"none\"", "[report]") {
  CHECK(outcome_label("none") == "noted (no outcome)");
  CHECK(outcome_label("sent") == "delivered");
  const std::string text = render(sample_report(section::text_default), "text");
  CHECK(text.find("noted (no outcome)") != std::string::npos);
  CHECK(text.find("\n  none ") == std::string::npos);
}

TEST_CASE("report words: a local failure is not said to be a mailbox here", "[report]") {
  // Exim's "someone@nowhere.invalid: Unrouteable address" is direction local:
  // routing failed after acceptance; no mailbox "here" was involved.
  Problem p;
  p.direction = "local";
  p.outcomes = {{"bounced", 1}};
  p.count = p.permanent = 1;
  const std::string permanent = problem_meaning(p);
  CHECK(permanent.find("here") == std::string::npos);
  CHECK(permanent.find("routing") != std::string::npos);
  p.outcomes = {{"deferred", 4}};
  p.count = p.transient = 4;
  p.permanent = 0;
  const std::string transient = problem_meaning(p);
  CHECK(transient.find("here") == std::string::npos);
  CHECK(transient.find("retried") != std::string::npos);
}
