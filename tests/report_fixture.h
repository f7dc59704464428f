#pragma once
// What the report tests share: a database built by ingesting real samples,
// and golden files.
//
// Golden files live in tests/golden/. When a change to the parsers, the
// catalogue or a renderer changes a report on purpose, regenerate them with
//   SMTPLOG_UPDATE_GOLDEN=1 build/smtplog_tests "[golden]"
// and review the diff (git diff tests/golden) before committing it.
// Times are rendered in TZ=UTC and windows come from the data, so the goldens
// do not depend on the machine or the day; the source tree's path is written
// as <src>.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/catalogue.h"
#include "analyzer/ingest.h"
#include "analyzer/report.h"
#include "fixtures.h"
#include "paths.h"
#include "temp_dir.h"

namespace smtplog::test {

/// Reports are rendered in UTC so that goldens do not depend on the machine.
// A database file made by running `sql` (an old schema's dump, say) in it.
inline void create_db(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* msg = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
  INFO((msg ? msg : ""));
  sqlite3_free(msg);
  REQUIRE(rc == SQLITE_OK);
  sqlite3_close(db);
}

inline void use_utc() {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
}

/// A temporary database holding the ingested `inputs` (paths under the source tree).
class SampleDb {
 public:
  explicit SampleDb(const std::vector<std::string>& inputs) {
    use_utc();
    path_ = (dir_ / "report.db").string();
    std::string error;
    auto store = Store::open(path_, Store::Mode::read_write, error);
    REQUIRE(store);
    REQUIRE(store_catalogue(*store, embedded_catalogue()).empty());
    Classifier classifier(embedded_catalogue());
    IngestOptions opt;
    // Relative paths when run from the source tree (as ctest does), so the
    // report's input column does not depend on where the tree was cloned.
    bool in_tree = std::filesystem::equivalent(std::filesystem::current_path(), source_dir());
    for (const std::string& in : inputs) opt.inputs.push_back(in_tree ? in : (source_dir() / in).string());
    opt.quiet = true;
    opt.keep_events_seconds = 0;  // keep every event, however old the sample
    std::ostringstream diag;
    IngestResult r = ingest(*store, classifier, opt, diag);
    INFO(diag.str());
    REQUIRE_FALSE(r.failed());
  }
  const std::string& path() const { return path_; }
  const TempDir& dir() const { return dir_; }
  Store open() const {
    std::string error;
    auto store = Store::open(path_, Store::Mode::read_only, error);
    REQUIRE(store);
    return std::move(*store);
  }

 private:
  TempDir dir_;
  std::string path_;
};

/// Adds `n` to a domain_counts row given by its names (schema 3 keys the
/// table by the ids of `domains` and `problem_kinds`), for tests that write
/// rows directly.
inline void add_domain_count(const Store& store, std::int64_t day, const std::string& direction,
                             const std::string& outcome, const std::string& entry, const std::string& domain,
                             std::int64_t n) {
  Stmt k = store.prepare("INSERT INTO problem_kinds (direction, outcome, entry) VALUES (?1,?2,?3) "
                         "ON CONFLICT DO NOTHING");
  bind_value(k.get(), 1, direction);
  bind_value(k.get(), 2, outcome);
  bind_value(k.get(), 3, entry);
  REQUIRE(step_done(k.get()));
  Stmt d = store.prepare("INSERT INTO domains (name) VALUES (?1) ON CONFLICT DO NOTHING");
  bind_value(d.get(), 1, domain);
  REQUIRE(step_done(d.get()));
  Stmt c = store.prepare(
      "INSERT INTO domain_counts SELECT ?1, (SELECT id FROM problem_kinds WHERE direction = ?2 AND outcome = ?3 "
      "AND entry = ?4), (SELECT id FROM domains WHERE name = ?5), ?6 WHERE true "
      "ON CONFLICT DO UPDATE SET count = count + excluded.count");
  bind_value(c.get(), 1, day);
  bind_value(c.get(), 2, direction);
  bind_value(c.get(), 3, outcome);
  bind_value(c.get(), 4, entry);
  bind_value(c.get(), 5, domain);
  bind_value(c.get(), 6, n);
  REQUIRE(step_done(c.get()));
}

/// Rebuilds the rollups (counts_day, domain_counts_month) from the fine rows,
/// for tests that write counts and domain_counts directly, as
/// schema/migrate-2.sql does.
inline void fill_rollups(const Store& store) {
  REQUIRE(store.exec(
      "DELETE FROM counts_day;"
      "INSERT INTO counts_day SELECT bucket / 96, log_host, mta, service, direction, outcome, code,"
      " enhanced, entry, inferred, sum(count) FROM counts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;"
      "DELETE FROM domain_counts_month;"
      "INSERT INTO domain_counts_month SELECT (CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER)"
      " - 1970) * 12 + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1,"
      " kind_id, domain_id, sum(count) FROM domain_counts GROUP BY 1, 2, 3;"));
}

/// The samples every golden report is built from: both MTAs, two log hosts.
inline const std::vector<std::string>& golden_samples() {
  static const std::vector<std::string> k = {"samples/exim/default/mainlog",
                                             "samples/exim/default/rejectlog",
                                             "samples/postfix/postfix-rfc3339.log"};
  return k;
}

/// `text` with the source tree's path replaced by "<src>".
inline std::string normalized(std::string text) {
  const std::string src = source_dir().string();
  for (std::size_t at; (at = text.find(src)) != std::string::npos;) text.replace(at, src.size(), "<src>");
  return text;
}

/// Compares `actual` with tests/golden/`name`, or rewrites the golden when
/// SMTPLOG_UPDATE_GOLDEN=1.
inline void check_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path file = source_dir() / "tests" / "golden" / name;
  if (const char* up = std::getenv("SMTPLOG_UPDATE_GOLDEN"); up && std::string(up) == "1") {
    std::filesystem::create_directories(file.parent_path());
    write_file(file, actual);
    WARN("rewrote " << file.string());
    return;
  }
  REQUIRE(std::filesystem::exists(file));
  const std::string expected = read_file(file);
  if (expected == actual) return;
  // Say where they differ, and how to accept the change.
  std::istringstream a(actual), e(expected);
  std::string la, le;
  int line = 0;
  while (true) {
    ++line;
    bool more_a = static_cast<bool>(std::getline(a, la)), more_e = static_cast<bool>(std::getline(e, le));
    if (!more_a && !more_e) break;
    if (la != le || more_a != more_e) {
      FAIL("tests/golden/" << name << " differs at line " << line << "\n  golden: " << le
                           << "\n  actual: " << la
                           << "\nIf the change is intended: SMTPLOG_UPDATE_GOLDEN=1 smtplog_tests \"[golden]\"");
    }
  }
  FAIL("tests/golden/" << name << " differs (line endings?)");
}

}  // namespace smtplog::test
