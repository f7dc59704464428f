// The report commands through the built binary: --fail-on exit codes with the
// reason on stderr, colour only when asked and never with NO_COLOR, --output
// replacing a file whole, and usage errors.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "analyzer/cli.h"
#include "analyzer/report_thresholds.h"
#include "process.h"
#include "report_fixture.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

const SampleDb& sample_db() {
  static SampleDb db(golden_samples());
  return db;
}

Run report(std::vector<std::string> args) {
  args.insert(args.begin(), "report");
  args.insert(args.end(), {"--db", sample_db().path()});
  return run_smtplog(args, sample_db().dir());
}

}  // namespace

TEST_CASE("option --fail-on exits 1 with the reason when a threshold is crossed", "[report][fail-on]") {
  Run r = report({"--fail-on", "permanent>5"});
  CHECK(r.status == kExitThreshold);
  CHECK(r.err.find("permanent is ") != std::string::npos);
  CHECK(r.err.find("crossed --fail-on permanent>5") != std::string::npos);
  CHECK(r.out.find("TOTALS") != std::string::npos);  // the report is still printed

  r = report({"--fail-on", "deferred-rate>5%", "--format", "json"});
  CHECK(r.status == kExitThreshold);
  CHECK(r.err.find("deferred-rate is ") != std::string::npos);
  CHECK(r.err.find("delivery attempts") != std::string::npos);
  CHECK(r.out.rfind("{\"version\":", 0) == 0);
}

TEST_CASE("option --fail-on exits 0 when no threshold is crossed", "[report][fail-on]") {
  Run r = report({"--fail-on", "permanent>100000,deferred-rate>99.9%", "--fail-on", "unparsed>10", "--fail-on",
                  "bounced-rate>=1"});
  CHECK(r.status == kExitOk);
  CHECK(r.err.empty());
}

TEST_CASE("a bad --fail-on is a usage error", "[report][fail-on]") {
  for (const char* bad : {"permanent", "nonsense>5", "permanent>x", "permanent>5%", "deferred-rate>5",
                          "entry:spamhaus-zen-listin>0", "deferred-rate>150%", "bounced-rate>=100.5%"}) {
    Run r = report({"--fail-on", bad});
    INFO(bad << ": " << r.err);
    CHECK(r.status == kExitUsage);
    CHECK(r.err.find("--fail-on") != std::string::npos);
  }
  // A misspelt entry id would never cross: refused before anything is read,
  // by the default command too; real ids (text, code, enhanced) are taken.
  TempDir dir;
  Run run = run_smtplog({"--db", (dir / "x.db").string(), "--fail-on", "entry:nope>0",
                         (source_dir() / "samples/exim/default/mainlog").string()},
                        dir);
  CHECK(run.status == kExitUsage);
  CHECK_FALSE(std::filesystem::exists(dir / "x.db"));
  for (const char* good : {"entry:spamhaus-zen-listing>1000", "entry:550>1000", "entry:X.7.1>1000"}) {
    Run r = report({"--fail-on", good});
    INFO(good << ": " << r.err);
    CHECK(r.status == kExitOk);
  }
}

TEST_CASE("thresholds: parsing and evaluation", "[report][fail-on]") {
  Threshold t;
  std::string error;
  REQUIRE(parse_threshold("deferred-rate > 5%", t, error));
  CHECK(t.metric == "deferred-rate");
  CHECK(t.op == Threshold::Op::greater);
  CHECK(t.value == Approx(0.05));
  REQUIRE(parse_threshold("sent<=10", t, error));
  CHECK(t.op == Threshold::Op::less_equal);
  REQUIRE(parse_threshold("entry:X.2.2>=3", t, error));
  CHECK(t.metric == "entry:X.2.2");

  ReportData d;
  d.totals = {{"sent", 90}, {"deferred", 10}, {"received", 50}, {"rejected", 50}};
  d.permanent = 3;
  d.replies.push_back(ReplyRow{452, "4.2.2", "deferred", "outbound", "postfix", "X.2.2", false, 10});
  std::vector<Threshold> ts;
  REQUIRE(parse_thresholds({"deferred-rate>5%,rejected-rate>=50%", "permanent>3", "sent<100", "entry:X.2.2>9"}, ts, error));
  std::vector<std::string> why = crossed(d, ts);
  REQUIRE(why.size() == 4);  // all but permanent>3
  CHECK(why[0] == "deferred-rate is 10.0% (10 of 100 delivery attempts): crossed --fail-on deferred-rate>5%");
  CHECK(why[1].find("rejected-rate is 50.0% (50 of 100 messages received and rejected)") == 0);
  CHECK(why[2] == "sent is 90: crossed --fail-on sent<100");
  CHECK(why[3] == "entry:X.2.2 is 10: crossed --fail-on entry:X.2.2>9");
  // A rate with nothing to divide by is 0, not a crash or a crossing.
  ReportData empty;
  ts.clear();
  REQUIRE(parse_thresholds({"deferred-rate>0%"}, ts, error));
  CHECK(crossed(empty, ts).empty());
  // 100% is a rate's top, still a threshold; over it one that can never cross is refused.
  CHECK(parse_threshold("delivered-rate<=100%", t, error));
  CHECK(t.value == 1.0);
  CHECK_FALSE(parse_threshold("deferred-rate>100.1%", t, error));
}

TEST_CASE("colour only when asked, never with NO_COLOR", "[report][color]") {
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "xterm", 1);  // a CI runner's TERM=dumb would turn colour off
  Run plain = report({});  // stdout is a file: auto means no colour
  CHECK(plain.out.find('\x1b') == std::string::npos);
  Run forced = report({"--color", "always"});
  CHECK(forced.out.find("\x1b[1m") != std::string::npos);
  ::setenv("NO_COLOR", "1", 1);
  Run no = report({"--color", "always"});
  ::unsetenv("NO_COLOR");
  CHECK(no.status == 0);
  CHECK(no.out.find('\x1b') == std::string::npos);
  CHECK(no.out == plain.out);
}

TEST_CASE("option --output writes the whole report to the file, replacing it", "[report][output]") {
  TempDir dir;
  const std::string file = (dir / "metrics.prom").string();
  write_file(file, "old contents\n");
  Run r = report({"--format", "prometheus", "--output", file});
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());
  std::string written = read_file(file);
  CHECK(written.rfind("# HELP smtplog_report_window_start_seconds", 0) == 0);
  CHECK(written.find("old contents") == std::string::npos);
  // Nothing but the report is left in the directory (no temporary file).
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file();
  CHECK(files == 1);
  // A directory that does not exist is an output error (3), not a crash.
  r = report({"--output", (dir / "missing" / "r.txt").string()});
  CHECK(r.status == kExitInput);
  CHECK(r.err.find("cannot write the report") != std::string::npos);
}

TEST_CASE("report usage errors exit 2 with one line", "[report]") {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--format", "xml"}, {"--sections", "totals,bogus"}, {"--top", "0"}, {"--color", "sometimes"},
           {"--since", "2026-11-24", "--until", "2026-11-23"}, {"--since", "the day after"}}) {
    Run r = report(args);
    INFO(args[0] << ": " << r.err);
    CHECK(r.status == kExitUsage);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("every format through the binary, and the default command", "[report]") {
  for (const char* format : {"text", "json", "csv", "html", "prometheus"}) {
    Run r = report({"--format", format, "--sections", "all"});
    INFO(format << ": " << r.err);
    CHECK(r.status == 0);
    CHECK_FALSE(r.out.empty());
  }
  TempDir dir;
  Run r = run_smtplog({"--db", (dir / "d.db").string(), "-q", "--format", "json",
                       (source_dir() / "samples/exim/default/mainlog").string()},
                      dir);
  CHECK(r.status == 0);
  CHECK(r.out.rfind("{\"version\":5", 0) == 0);
}

TEST_CASE("smtplog --help-run shows the default command's options; its errors point there", "[report]") {
  TempDir dir;
  Run help = run_smtplog({"--help-run"}, dir);
  INFO(help.out << help.err);
  CHECK(help.status == kExitOk);
  for (const char* opt : {"--db", "--since", "--format", "--year", "--keep-events", "--fail-on"})
    CHECK(help.out.find(opt) != std::string::npos);
  Run bad = run_smtplog({"--bogus"}, dir);
  CHECK(bad.status == kExitUsage);
  CHECK(bad.err.find("(see smtplog --help-run)") != std::string::npos);
  CHECK(bad.err.find("smtplog run --help") == std::string::npos);
}

TEST_CASE("the reading commands (report events unparsed) leave no -wal or -shm file beside the database", "[report]") {
  TempDir dir;
  const std::string db = (dir / "m.db").string();
  REQUIRE(run_smtplog({"ingest", "-q", "--keep-events", "0", "--db", db,
                       (source_dir() / "samples/exim/default/mainlog").string()},
                      dir)
              .status == 0);
  auto leftovers = [&] {
    return std::filesystem::exists(db + "-wal") || std::filesystem::exists(db + "-shm");
  };
  REQUIRE_FALSE(leftovers());  // the ingest's close removed them
  for (std::vector<std::string> args : {std::vector<std::string>{"report"}, {"events", "--since", "2020-01-01"},
                                        {"unparsed"}}) {
    args.insert(args.end(), {"--db", db});
    Run r = run_smtplog(args, dir);
    INFO(args[0] << ": " << r.err);
    CHECK(r.status == 0);
    CHECK_FALSE(leftovers());
  }
  // A database this user may not write is still read (read-only, as before).
  if (::geteuid() != 0) {
    std::filesystem::permissions(db, std::filesystem::perms::owner_read);
    Run r = run_smtplog({"report", "--db", db}, dir);
    CHECK(r.status == 0);
  }
}
