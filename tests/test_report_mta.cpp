// One database holding Postfix and Exim: the text, JSON and HTML reports show
// the two MTAs side by side, each with the same numbers as a database that
// holds that MTA's log alone, and the totals are their sum. Read through the
// CLI, so the test does not depend on the schema.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "tests/json_mini.h"
#include "tests/paths.h"
#include "tests/process.h"
#include "tests/temp_dir.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

// The columns of the text and HTML tables, in their order.
const std::vector<std::string> kOutcomes = {"received", "sent", "deferred", "bounced", "expired", "rejected"};

using Row = std::vector<long>;

std::string ingest(const std::vector<std::string>& logs, const TempDir& dir, const std::string& name) {
  const std::string db = (dir / name).string();
  std::vector<std::string> args = {"ingest", "-q", "--db", db};
  for (const std::string& l : logs) args.push_back((source_dir() / l).string());
  Run r = run_smtplog(args, dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  return db;
}

std::string report(const std::string& db, const std::string& format, const TempDir& dir) {
  Run r = run_smtplog({"report", "--db", db, "--format", format, "--sections", "all", "--color", "never"}, dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  return r.out;
}

Row row_of(const json::Value& outcomes) {
  Row row;
  for (const std::string& o : kOutcomes)
    row.push_back(outcomes.has(o) ? static_cast<long>(outcomes[o].number) : 0);
  return row;
}

/// The rows of the text report's BY MTA table: "  exim   33   19 ...".
std::map<std::string, Row> text_rows(const std::string& text) {
  std::map<std::string, Row> rows;
  std::istringstream in(text);
  bool in_table = false;
  static const RE2 kRow(R"(  (\S+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*)");
  for (std::string line; std::getline(in, line);) {
    if (line == "BY MTA") {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (line.empty() || line[0] != ' ') break;
    std::string name, c[6];
    if (!RE2::FullMatch(line, kRow, &name, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5])) continue;
    Row row;
    for (std::string& s : c) {
      s.erase(std::remove(s.begin(), s.end(), ','), s.end());
      row.push_back(std::stol(s));
    }
    rows[name] = row;
  }
  return rows;
}

/// The rows of the HTML report's MTA table: <tr><td>exim</td><td class="n">33</td>...
std::map<std::string, Row> html_rows(const std::string& html) {
  std::map<std::string, Row> rows;
  const std::size_t table = html.find("<th>MTA</th>");
  if (table == std::string::npos) return rows;
  const std::string body = html.substr(table, html.find("</table>", table) - table);
  static const RE2 kRow(R"re(<tr><td>([^<]+)</td>((?:<td class="n">[\d,]+</td>){6})</tr>)re");
  static const RE2 kCell(R"re(<td class="n">([\d,]+)</td>)re");
  re2::StringPiece in(body);
  std::string name, cells;
  while (RE2::FindAndConsume(&in, kRow, &name, &cells)) {
    Row row;
    re2::StringPiece c(cells);
    std::string n;
    while (RE2::FindAndConsume(&c, kCell, &n)) {
      n.erase(std::remove(n.begin(), n.end(), ','), n.end());
      row.push_back(std::stol(n));
    }
    rows[name] = row;
  }
  return rows;
}

}  // namespace

TEST_CASE("one database with Postfix and Exim: the reports show them side by side", "[report][mta]") {
  TempDir dir;
  const std::string exim_log = "samples/exim/default/mainlog", postfix_log = "samples/postfix/postfix.log";
  const std::string both = ingest({postfix_log, exim_log}, dir, "both.db");
  const std::string exim_only = ingest({exim_log}, dir, "exim.db");
  const std::string postfix_only = ingest({postfix_log}, dir, "postfix.db");

  json::Value v, ve, vp;
  std::string error;
  REQUIRE(json::parse(report(both, "json", dir), v, error));
  REQUIRE(json::parse(report(exim_only, "json", dir), ve, error));
  REQUIRE(json::parse(report(postfix_only, "json", dir), vp, error));

  // What each MTA's log alone gives: the expected rows.
  const Row exim = row_of(ve["totals"]), postfix = row_of(vp["totals"]);
  REQUIRE(exim[0] > 0);
  REQUIRE(postfix[0] > 0);
  REQUIRE(exim != postfix);  // otherwise a swap of the rows would pass
  CHECK(ve["by_mta"].members.size() == 1);
  CHECK(vp["by_mta"].members.size() == 1);

  SECTION("JSON: by_mta has each MTA's own totals; totals are their sum") {
    REQUIRE(v["by_mta"].members.size() == 2);
    CHECK(row_of(v["by_mta"]["exim"]) == exim);
    CHECK(row_of(v["by_mta"]["postfix"]) == postfix);
    // Every outcome, not only the six of the tables.
    for (const auto& [outcome, n] : v["totals"].members) {
      INFO(outcome);
      const json::Value& e = v["by_mta"]["exim"];
      const json::Value& p = v["by_mta"]["postfix"];
      CHECK(n.number == (e.has(outcome) ? e[outcome].number : 0) + (p.has(outcome) ? p[outcome].number : 0));
    }
    // Replies and problems keep the MTA apart too: each reply names its MTA,
    // and the replies of each MTA add up to that MTA's totals.
    std::map<std::string, std::map<std::string, double>> by_reply;
    for (const json::Value& r : v["replies"].items) by_reply[r["mta"].str][r["outcome"].str] += r["count"].number;
    for (const char* mta : {"exim", "postfix"})
      for (const auto& [outcome, n] : v["by_mta"][mta].members) {
        INFO(mta << " " << outcome);
        CHECK(by_reply[mta][outcome] == n.number);
      }
  }

  SECTION("JSON: by_service splits each MTA's counts by Postfix daemon or Exim transport") {
    const json::Value& services = v["by_service"];
    REQUIRE(services.members.size() == 2);
    for (const char* mta : {"exim", "postfix"}) {
      std::map<std::string, double> sum;
      for (const auto& [service, outcomes] : services[mta].members)
        for (const auto& [outcome, n] : outcomes.members) sum[outcome] += n.number;
      for (const auto& [outcome, n] : v["by_mta"][mta].members) {
        INFO(mta << " " << outcome);
        CHECK(sum[outcome] == n.number);
      }
    }
    // The deliveries of one transport, counted from the logs' own lines.
    auto lines_with = [](const std::string& path, std::initializer_list<std::vector<std::string>> all_of) {
      std::ifstream in(path);
      double n = 0;
      for (std::string line; std::getline(in, line);)
        for (const std::vector<std::string>& words : all_of) {
          bool all = true;
          for (const std::string& w : words) all = all && line.find(w) != std::string::npos;
          if (all) {
            ++n;
            break;
          }
        }
      return n;
    };
    const double postfix_smtp_sent = lines_with(postfix_log, {{"/smtp[", "status=sent"}});
    const double exim_remote_sent = lines_with(exim_log, {{" => ", "T=remote_smtp "}, {" -> ", "T=remote_smtp "}});
    REQUIRE(postfix_smtp_sent > 0);
    REQUIRE(exim_remote_sent > 0);
    CHECK(services["postfix"]["smtp"]["sent"].number == postfix_smtp_sent);
    CHECK(services["exim"]["remote_smtp"]["sent"].number == exim_remote_sent);
    CHECK_FALSE(services["postfix"]["smtpd"].has("sent"));
  }

  SECTION("text: the BY MTA table has a row per MTA") {
    const std::string text = report(both, "text", dir);
    INFO(text);
    auto rows = text_rows(text);
    REQUIRE(rows.size() == 2);
    CHECK(rows["exim"] == exim);
    CHECK(rows["postfix"] == postfix);
    // A database with one MTA has no such table.
    CHECK(report(exim_only, "text", dir).find("BY MTA") == std::string::npos);
  }

  SECTION("HTML: the MTA table has a row per MTA") {
    const std::string html = report(both, "html", dir);
    auto rows = html_rows(html);
    REQUIRE(rows.size() == 2);
    CHECK(rows["exim"] == exim);
    CHECK(rows["postfix"] == postfix);
  }
}
