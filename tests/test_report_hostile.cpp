// Hostile text stays text in every output. Addresses, HELO names, reply texts
// and even input paths come from strangers: a database whose every text
// column carries terminal escapes, <script>, spreadsheet formulas and invalid
// UTF-8 is rendered in every format and by every command, and each output is
// checked for what would hurt its reader.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "analyzer/report.h"
#include "analyzer/event_blocks.h"
#include "analyzer/report_events.h"
#include "json_mini.h"
#include "process.h"
#include "report_fixture.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

const std::string kEscape = "\x1b]0;pwned\x07\x1b[2J\x1b[31mRED";
const std::string kScript = "<script>alert('x')</script><img src=x onerror=alert(1)>";
const std::string kFormula = "=cmd|' /C calc'!A0";
const std::string kBadUtf8 = "bad\xff\xfe\xc3\x28 C1:\xc2\x9b" "31m end";
const std::string kHostile = kEscape + " " + kScript + " " + kBadUtf8 + "\r\nInjected: line";

}  // namespace

// inputs, notices, unparsed and events: every text column hostile.
static void fill_rest(const Store& store) {
  auto text_row = [&](const std::string& sql, const std::vector<std::string>& texts) {
    Stmt s = store.prepare(sql);
    REQUIRE(s);
    for (std::size_t i = 0; i < texts.size(); ++i) bind_value(s.get(), static_cast<int>(i) + 1, texts[i]);
    REQUIRE(step_done(s.get()));
  };
  text_row("INSERT INTO inputs (id, fingerprint, fp_len, path, format, first_seen, last_seen) "
           "VALUES (7, 'ff', 4096, ?, ?, 0, 0)",
           {"/var/log/" + kHostile, kFormula});
  text_row("INSERT INTO line_counts (input_id, kind, count) VALUES (7, 'unparsed', 1)", {});
  text_row("INSERT INTO notices (time, path, message) VALUES (0, ?, ?)", {kFormula, kHostile});
  text_row("INSERT INTO unparsed (input_id, line_no, offset, reason, line) VALUES (7, 3, 99, ?, ?)",
           {kFormula, kHostile});
  // A failure event is its log line: a bounce whose every field is hostile.
  const std::string line = "2026-11-23T18:00:00+00:00 mx" + kEscape + " postfix/smtp[1]: 4BCD1234EF: to=<-" +
                           kScript + "@evil.example>, relay=" + kFormula + kBadUtf8 +
                           ".example[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced "
                           "(host x[192.0.2.1] said: 550 5.1.1 " + kHostile + " (in reply to RCPT TO command))";
  EventBlockBuilder builder;
  builder.add(1795458000, 5, kFormula, line, EventKeys{"4BCD1234EF", "-" + kScript + "@evil.example"});
  REQUIRE(write_event_blocks(store, 7, {builder.finish()}));
}

namespace {

bool valid_utf8(const std::string& s) {
  json::Value v;
  std::string error;
  // A JSON string literal of the bytes is valid exactly when the bytes are UTF-8
  // without control characters other than the ones allowed as text.
  std::string literal = "\"";
  for (char c : s) {
    if (c == '\n') literal += "\\n";
    else if (c == '\r') literal += "\\r";
    else if (c == '\t') literal += "\\t";
    else if (c == '"' || c == '\\') literal += std::string("\\") + c;
    else literal += c;
  }
  return json::parse(literal + "\"", v, error);
}

// No control characters but newline (and CR LF line ends for CSV).
void check_plain(const std::string& out, const std::string& what, bool crlf = false) {
  INFO(what);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);
  CHECK(out.find("\xc2\x9b") == std::string::npos);  // C1 CSI
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c == '\n' || (crlf && c == '\r' && i + 1 < out.size() && out[i + 1] == '\n')) continue;
    if (c < 0x20 || c == 0x7f) {
      FAIL(what << ": control byte " << int(c) << " at " << i);
    }
  }
  CHECK(valid_utf8(out));
  CHECK(out.find("\nInjected: line") == std::string::npos);  // no line injection
}

std::vector<std::string> csv_cells(const std::string& text) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"' && cell.empty()) {
      quoted = true;
    } else if (c == ',' || c == '\r' || c == '\n') {
      if (c != '\n') cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  return cells;
}

void check_csv(const std::string& out, const std::string& what) {
  check_plain(out, what, true);
  for (const std::string& cell : csv_cells(out)) {
    INFO(what << ": cell " << cell);
    if (!cell.empty()) CHECK(std::string("=+-@\t\r").find(cell[0]) == std::string::npos);
  }
  CHECK(out.find("'=cmd") != std::string::npos);
}

void check_html(const std::string& out) {
  check_plain(out, "html");
  CHECK(out.find("<script") == std::string::npos);
  CHECK(out.find("<img") == std::string::npos);
  CHECK(out.find("&lt;script&gt;") != std::string::npos);
}

void check_json(const std::string& out, const std::string& what) {
  INFO(what);
  json::Value v;
  std::string error;
  CHECK(json::parse(out, v, error));
  CHECK(error == "");
  CHECK(out.find('\x1b') == std::string::npos);     // escaped as \u001b
  CHECK(out.find("\xc2\x9b") == std::string::npos);  // C1 CSI escaped as \u009b
}

struct HostileDb {
  TempDir dir;
  std::string path = (dir / "hostile.db").string();
  HostileDb() {
    use_utc();
    std::string error;
    auto store = Store::open(path, Store::Mode::read_write, error);
    REQUIRE(store);
    fill_counts(*store);
    fill_rest(*store);
    fill_rollups(*store);
  }
  static void fill_counts(const Store& store);
};

}  // namespace

void HostileDb::fill_counts(const Store& store) {
  const std::int64_t bucket = 1795456800 / 900;
  for (const std::string& entry : {kFormula, std::string("+SUM(1,2)"), std::string("-2+3"), std::string("@SUM(A1)"), kHostile}) {
    Stmt s = store.prepare("INSERT INTO counts VALUES (?,?,?,'smtp','outbound','bounced',550,'5.1.1',?,0,3)");
    bind_value(s.get(), 1, bucket);
    bind_value(s.get(), 2, kScript + kEscape);
    bind_value(s.get(), 3, kBadUtf8);
    bind_value(s.get(), 4, entry);
    REQUIRE(step_done(s.get()));
    add_domain_count(store, bucket / 96, "outbound", "bounced", entry, kFormula + "@" + kHostile, 3);
    Stmt e = store.prepare("INSERT INTO examples (entry, direction, time, line) VALUES (?,'',?,?)");
    bind_value(e.get(), 1, entry);
    bind_value(e.get(), 2, bucket * 900);
    bind_value(e.get(), 3, kHostile);
    REQUIRE(step_done(e.get()));
  }
  Stmt s = store.prepare("INSERT INTO counts VALUES (?,'mx','postfix','smtpd','inbound',?,0,'','-rejected',0,2)");
  bind_value(s.get(), 1, bucket);
  bind_value(s.get(), 2, kHostile);
  REQUIRE(step_done(s.get()));
}

TEST_CASE("hostile text is neutralised in every report format", "[report][hostile]") {
  HostileDb db;
  std::string error;
  auto store = Store::open(db.path, Store::Mode::read_only, error);
  REQUIRE(store);
  ReportOptions ro;
  ro.sections = section::all;
  ReportData d = load_report(*store, embedded_catalogue(), ro);
  REQUIRE(d.problems.size() >= 5);  // the hostile entries are there to be rendered

  std::ostringstream text, color, json, csv, html, prom;
  render_text(d, text, TextStyle{});
  render_text(d, color, TextStyle{true, 80});
  render_json(d, json);
  render_csv(d, csv);
  render_html(d, html);
  render_prometheus(d, prom);
  check_plain(text.str(), "text");
  CHECK(text.str().find("\\x1B]0;pwned") != std::string::npos);  // shown, as text
  // With colour, the only escapes are our own SGR sequences.
  std::string c = std::regex_replace(color.str(), std::regex("\x1b\\[(0|1|31|33)m"), "");
  check_plain(c, "coloured text");
  check_json(json.str(), "json");
  check_csv(csv.str(), "csv");
  check_html(html.str());
  check_plain(prom.str(), "prometheus");
  const std::regex sample(R"re([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? -?[0-9]+)re");
  std::istringstream lines(prom.str());
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    if (line.rfind("# ", 0) != 0) CHECK(std::regex_match(line, sample));
  }
}

TEST_CASE("hostile text is neutralised by events, trace and unparsed", "[report][hostile]") {
  HostileDb db;
  std::string error;
  auto store = Store::open(db.path, Store::Mode::read_only, error);
  REQUIRE(store);
  EventQuery q;
  REQUIRE(build_query(EventFilter{}, embedded_catalogue(), q, error));
  EventList list = load_events(*store, q, 0);
  REQUIRE(list.rows.size() == 1);
  std::ostringstream text, lines, json, csv, trace, trace_json;
  render_events_text(list, embedded_catalogue(), text, false);
  render_events_text(list, embedded_catalogue(), lines, true);
  render_events_json(list, embedded_catalogue(), json);
  render_events_csv(list, embedded_catalogue(), csv);
  render_trace_text("QID" + kEscape, list, embedded_catalogue(), trace);
  render_trace_json("QID" + kEscape, list, embedded_catalogue(), trace_json);
  check_plain(text.str(), "events text");
  check_plain(lines.str(), "events --lines");
  check_json(json.str(), "events json");
  check_csv(csv.str(), "events csv");
  check_plain(trace.str(), "trace");
  check_json(trace_json.str(), "trace json");

  // The commands themselves, through the binary.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"unparsed"}, {"unparsed", "--format", "csv"}, {"unparsed", "--format", "json"},
        {"events"}, {"trace", "QID" + kEscape}, {"report", "--sections", "all"}}) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--db", db.path});
    Run r = run_smtplog(a, db.dir);
    INFO(args[0] << " " << r.err);
    REQUIRE(r.status == 0);
    if (std::find(args.begin(), args.end(), "json") != args.end()) check_json(r.out, args[0] + " json");
    else if (std::find(args.begin(), args.end(), "csv") != args.end()) check_csv(r.out, args[0] + " csv");
    else check_plain(r.out, args[0]);
  }
}
