// The real samples end to end: ingest each log written by the real Postfix 3.7
// and Exim 4.96 runs into a fresh database, and check the counts against
// expected.tsv, which each sample's script computed from its scenario table.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "analyzer/catalogue.h"
#include "analyzer/ingest.h"
#include "paths.h"
#include "temp_dir.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

using Counts = std::map<std::string, std::int64_t>;  // "direction outcome code enhanced [inferred]" -> n

// expected.tsv: a header, then direction, outcome, code, enhanced, count[, inferred].
Counts expected(const std::filesystem::path& tsv, std::set<std::string>& outcomes, bool& has_inferred) {
  std::istringstream in(read_file(tsv));
  std::string line;
  std::getline(in, line);
  has_inferred = line.find("inferred") != std::string::npos;
  Counts out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream cols(line);
    for (std::string c; std::getline(cols, c, '\t');) f.push_back(c);
    if (f.size() < 5) continue;
    std::string key = f[0] + " " + f[1] + " " + f[2] + " " + f[3] + (has_inferred ? " " + f[5] : "");
    out[key] += std::stoll(f[4]);
    outcomes.insert(f[1]);
  }
  return out;
}

Counts ingested(const std::filesystem::path& log, const std::set<std::string>& outcomes, bool with_inferred) {
  TempDir dir;
  std::string error, db = (dir / "s.db").string();
  auto store = Store::open(db, Store::Mode::read_write, error);
  REQUIRE(store);
  Catalogue cat;
  std::vector<std::string> errors;
  cat.load_embedded(errors);
  Classifier classifier(cat);
  IngestOptions opt;
  opt.inputs = {log.string()};
  opt.quiet = true;
  std::ostringstream diag;
  IngestResult r = ingest(*store, classifier, opt, diag);
  REQUIRE_FALSE(r.failed());
  CHECK(r.inputs[0].unparsed == 0);
  Stmt s = store->prepare(
      "SELECT direction, outcome, code, enhanced, inferred, sum(count) FROM counts "
      "GROUP BY 1, 2, 3, 4, 5");
  Counts out;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    std::string outcome = column_text(s.get(), 1);
    if (!outcomes.count(outcome)) continue;
    std::string key = column_text(s.get(), 0) + " " + outcome + " " + column_text(s.get(), 2) + " " +
                      column_text(s.get(), 3) + (with_inferred ? " " + column_text(s.get(), 4) : "");
    out[key] += column_int(s.get(), 5);
  }
  return out;
}

std::string show(const Counts& c) {
  std::string s;
  for (const auto& [k, n] : c) s += k + " = " + std::to_string(n) + "\n";
  return s;
}

void check_sample(const char* log, const char* tsv) {
  std::filesystem::path root = source_dir() / "samples";
  if (!std::filesystem::exists(root / log)) {
    WARN("skipped: samples/" << log << " is missing");
    return;
  }
  std::set<std::string> outcomes;
  bool inferred = false;
  Counts want = expected(root / tsv, outcomes, inferred);
  Counts got = ingested(root / log, outcomes, inferred);
  INFO("expected:\n" << show(want) << "ingested:\n" << show(got));
  CHECK(got == want);
}

}  // namespace

TEST_CASE("the Postfix sample's counts match its scenario table", "[samples]") {
  check_sample("postfix/postfix.log", "postfix/expected.tsv");
  check_sample("postfix/postfix-rfc3339.log", "postfix/expected.tsv");
}

TEST_CASE("the Exim samples' counts match their scenario table", "[samples]") {
  check_sample("exim/default/mainlog", "exim/expected.tsv");
  check_sample("exim/all/mainlog", "exim/expected.tsv");
}
