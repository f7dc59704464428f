// Ingestion that cron can trust: re-runs add nothing, every rotation style adds
// exactly the new lines, gzip and stdin, kill -9 at random points, two ingests
// at once, a full disk. The input is a real Exim log from samples/.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "analyzer/catalogue.h"
#include "analyzer/event_blocks.h"
#include "analyzer/ingest.h"
#include "analyzer/input_state.h"
#include "analyzer/writer.h"
#include "fixtures.h"
#include "process.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

std::vector<std::string> sample_lines() {
  std::istringstream in(read_file(source_dir() / "samples/exim/default/mainlog"));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l + "\n");
  REQUIRE(lines.size() > 100);
  return lines;
}

std::string join(const std::vector<std::string>& v, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t i = from; i < to && i < v.size(); ++i) s += v[i];
  return s;
}

// Makes a database file read-only for the test's duration. Root ignores file
// modes, so as root the file is made immutable (chattr +i) instead.
class ReadOnly {
 public:
  explicit ReadOnly(const std::string& db) {
    bool root = ::geteuid() == 0;
    std::string lock = root ? "chattr +i '" + db + "' 2>/dev/null" : "chmod 0444 '" + db + "'";
    undo_ = root ? "chattr -i '" + db + "' 2>/dev/null" : "chmod 0600 '" + db + "'";
    ok_ = std::system(lock.c_str()) == 0;
    if (!ok_) WARN("skipped: cannot make " << db << " read-only here (chattr needs ext4 and root)");
  }
  ~ReadOnly() { undo(); }
  ReadOnly(const ReadOnly&) = delete;  // undoes once
  ReadOnly& operator=(const ReadOnly&) = delete;
  bool ok() const { return ok_; }
  void undo() {
    if (ok_) std::system(undo_.c_str());
    ok_ = false;
  }

 private:
  std::string undo_;
  bool ok_ = false;
};

// Every count row, in order: two databases with the same signature hold the same counts.
std::string signature(const std::string& db) {
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  if (!store) return "no database: " + error;
  // The fine rows and their rollups: the rollups are written in the same
  // transaction, so kills and concurrent runs must leave them exact too.
  std::string out;
  for (const char* sql :
       {"SELECT bucket, log_host, mta, service, direction, outcome, code, enhanced, entry, inferred, count "
        "FROM counts ORDER BY 1,2,3,4,5,6,7,8,9,10",
        "SELECT day, log_host, mta, service, direction, outcome, code, enhanced, entry, inferred, count "
        "FROM counts_day ORDER BY 1,2,3,4,5,6,7,8,9,10",
        "SELECT day, direction, outcome, entry, domain, count FROM domain_counts_named ORDER BY 1,2,3,4,5",
        "SELECT month, direction, outcome, entry, domain, count FROM domain_counts_month_named ORDER BY 1,2,3,4,5"}) {
    Stmt s = store->prepare(sql);
    const int columns = sqlite3_column_count(s.get());
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      for (int i = 0; i < columns; ++i) out += column_text(s.get(), i) + "|";
      out += "\n";
    }
    out += "--\n";
  }
  Stmt l = store->prepare("SELECT kind, sum(count) FROM line_counts GROUP BY kind ORDER BY kind");
  while (sqlite3_step(l.get()) == SQLITE_ROW)
    out += column_text(l.get(), 0) + "=" + column_text(l.get(), 1) + "\n";
  return out;
}

// Every stored failure event with its line number, time and entry, in the
// order stored (blocks differ with the chunk size; their events must not).
std::string events(const std::string& db) {
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  if (!store) return error;
  Stmt s = store->prepare("SELECT first_line, t_min, t_max, n, data FROM event_blocks ORDER BY id");
  std::string out, buffer;
  std::vector<DecodedEvent> decoded;
  std::int64_t last_line = 0;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    std::string data = column_text(s.get(), 4);
    if (!decode_event_block(data, buffer, decoded, error)) return "damaged block: " + error;
    if (decoded.size() != static_cast<std::size_t>(column_int(s.get(), 3))) return "wrong n";
    for (const DecodedEvent& e : decoded) {
      std::int64_t line_no = column_int(s.get(), 0) + static_cast<std::int64_t>(e.line_no);
      if (line_no <= last_line) return "line numbers out of order at " + std::to_string(line_no);
      if (e.time < column_int(s.get(), 1) || e.time > column_int(s.get(), 2)) return "time outside t_min..t_max";
      last_line = line_no;
      out += std::to_string(line_no) + "|" + std::to_string(e.time) + "|" + std::string(e.entry) + "|" +
             std::string(e.line) + "\n";
    }
  }
  return out;
}

IngestResult ingest_files(const std::string& db, std::vector<std::string> files, unsigned threads = 0,
                          std::size_t chunk_bytes = 4 << 20, std::int64_t now = 0) {
  std::string error;
  auto store = Store::open(db, Store::Mode::read_write, error);
  REQUIRE(store);
  Classifier classifier(embedded_catalogue());
  IngestOptions opt;
  opt.inputs = std::move(files);
  opt.quiet = true;
  opt.threads = threads;
  opt.chunk_bytes = chunk_bytes;
  opt.now = now;
  std::ostringstream diag;
  return ingest(*store, classifier, opt, diag);
}

// The counts of ingesting `content` once into a fresh database.
std::string reference(const TempDir& dir, const std::string& content) {
  write_file(dir / "ref.log", content);
  std::string db = (dir / "ref.db").string();
  ingest_files(db, {(dir / "ref.log").string()});
  return signature(db);
}

// Writes `content` to `name` in `dir` and ingests it with `--commit-bytes
// commit_bytes`, once whole (its time is `full`, its database must equal
// reference(), counts and events), then again and again, each run killed with
// SIGKILL at a random moment between `from` (a fraction of `full`) and
// `full`, re-run to the end, and required to give the same database; until
// `kills` runs were really cut short. When a run finishes before its kill (a
// loaded machine), aims earlier. Returns the runs killed.
int kill_and_rerun(const TempDir& dir, const std::string& content, const std::string& name, int kills,
                   double from, unsigned seed, const std::string& commit_bytes = "65536") {
  const std::string expected = reference(dir, content);
  const std::string expected_events = events((dir / "ref.db").string());
  REQUIRE(expected_events.size() > 1000);
  write_file(dir / name, content);
  const std::string db = (dir / (name + ".db")).string();
  const std::vector<std::string> args = {"ingest", "-q", "--db", db, "--commit-bytes", commit_bytes,
                                         (dir / name).string()};
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(run_smtplog(args, dir).status == 0);
  auto full = std::chrono::steady_clock::now() - t0;
  REQUIRE(signature(db) == expected);
  REQUIRE(events(db) == expected_events);
  std::mt19937 rng(seed);
  auto max_delay = std::chrono::duration_cast<std::chrono::microseconds>(full);
  int killed_mid_run = 0, attempts = 0;
  while (killed_mid_run < kills && attempts < 8 * kills) {
    ++attempts;
    std::filesystem::remove(db);
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");
    auto delay = max_delay * std::uniform_real_distribution<double>(from, 1.0)(rng);
    pid_t pid = spawn_smtplog(args, dir);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    Run killed = wait_smtplog(pid, dir);
    if (killed.status == -SIGKILL) ++killed_mid_run;
    else max_delay = max_delay * 8 / 10;
    Run rest = run_smtplog(args, dir);
    INFO("attempt " << attempts << ": " << rest.err);
    REQUIRE(rest.status == 0);
    REQUIRE(signature(db) == expected);
    REQUIRE(events(db) == expected_events);  // none lost, none stored twice
  }
  return killed_mid_run;
}

// `block` (lines of one date) again and again until `size` bytes, its date
// moved one UTC day on, from 2026-09-01, every `blocks_per_day` blocks.
std::string over_days(const std::string& block, std::size_t size, std::size_t blocks_per_day) {
  const std::string day0 = block.substr(0, 10);  // the sample's date, on every line
  REQUIRE(day0.size() == 10);
  REQUIRE(day0[4] == '-');
  std::string all;
  for (std::size_t n = 0; all.size() < size; ++n) {
    const std::int64_t t = 1788220800 + 86400 * static_cast<std::int64_t>(n / blocks_per_day);  // 2026-09-01 UTC
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    std::string b = block;
    for (std::size_t at = b.find(day0); at != std::string::npos; at = b.find(day0, at + 10)) b.replace(at, 10, date);
    all += b;
  }
  return all;
}

}  // namespace

TEST_CASE("a second run over the same file adds nothing", "[ingest]") {
  TempDir dir;
  auto lines = sample_lines();
  write_file(dir / "mail.log", join(lines, 0, lines.size()));
  std::string db = (dir / "s.db").string();
  IngestResult first = ingest_files(db, {(dir / "mail.log").string()});
  REQUIRE_FALSE(first.failed());
  CHECK(first.inputs[0].new_lines == lines.size());
  std::string once = signature(db);
  IngestResult second = ingest_files(db, {(dir / "mail.log").string()});
  CHECK(second.inputs[0].new_lines == 0);
  CHECK(second.inputs[0].already_ingested);
  CHECK(signature(db) == once);
}

TEST_CASE("the parallel path and the single-threaded path store identical counts", "[ingest][parallel]") {
  TempDir dir;
  auto lines = sample_lines();
  std::string block = join(lines, 0, lines.size()), all;
  while (all.size() < (1u << 20)) all += block;
  write_file(dir / "p.log", all);
  std::string one = (dir / "one.db").string();
  REQUIRE_FALSE(ingest_files(one, {(dir / "p.log").string()}, 1).failed());
  for (unsigned threads : {2u, 3u, 8u}) {
    INFO("threads: " << threads);
    std::string many = (dir / ("many" + std::to_string(threads) + ".db")).string();
    // Small chunks: dozens of them, finishing out of order.
    REQUIRE_FALSE(ingest_files(many, {(dir / "p.log").string()}, threads, 16 << 10).failed());
    CHECK(signature(many) == signature(one));
    CHECK(events(many) == events(one));
    CHECK(events(one).find("|") != std::string::npos);
  }
}

TEST_CASE("a growing file adds exactly its new lines, also while shorter than the fingerprint", "[ingest]") {
  TempDir dir;
  auto lines = sample_lines();
  std::string all = join(lines, 0, lines.size());
  std::string expected = reference(dir, all);
  std::string db = (dir / "g.db").string();
  for (std::size_t cut : {std::size_t{2}, std::size_t{30}, std::size_t{90}, lines.size()}) {
    write_file(dir / "mail.log", join(lines, 0, cut));
    REQUIRE_FALSE(ingest_files(db, {(dir / "mail.log").string()}).failed());
  }
  CHECK(signature(db) == expected);
}

TEST_CASE("rotation by rename, copytruncate and delaycompress+gzip add exactly the new lines", "[ingest]") {
  TempDir dir;
  auto lines = sample_lines();
  std::size_t n = lines.size(), a = n / 3, b = 2 * n / 3;
  std::string expected = reference(dir, join(lines, 0, n));
  std::string db = (dir / "r.db").string();
  auto path = [&](const char* name) { return (dir / name).string(); };

  SECTION("rename, then a new file") {
    write_file(dir / "mail.log", join(lines, 0, a));
    ingest_files(db, {path("mail.log")});
    write_file(dir / "mail.log", join(lines, 0, b));  // more lines arrive before rotation
    std::filesystem::rename(dir / "mail.log", dir / "mail.log.1");
    write_file(dir / "mail.log", join(lines, b, n));
    ingest_files(db, {path("mail.log"), path("mail.log.1")});  // any order
    CHECK(signature(db) == expected);
  }
  SECTION("copytruncate") {
    write_file(dir / "mail.log", join(lines, 0, a));
    ingest_files(db, {path("mail.log")});
    write_file(dir / "mail.log.1", join(lines, 0, b));
    write_file(dir / "mail.log", join(lines, b, n));
    ingest_files(db, {path("mail.log.1"), path("mail.log")});
    CHECK(signature(db) == expected);
  }
  SECTION("delaycompress, then gzip of an already ingested file adds nothing") {
    write_file(dir / "mail.log.1", join(lines, 0, b));
    write_file(dir / "mail.log", join(lines, b, n));
    ingest_files(db, {path("mail.log"), path("mail.log.1")});
    std::filesystem::remove(dir / "mail.log.1");
    write_file(dir / "mail.log.2.gz", gzip(join(lines, 0, b)));
    IngestResult r = ingest_files(db, {path("mail.log"), path("mail.log.2.gz")});
    CHECK(r.inputs[1].new_lines == 0);
    CHECK(signature(db) == expected);
  }
}

namespace {

// The inputs row of `path`: "disk_size|disk_tail-is-set".
std::string disk_state(const std::string& db, const std::string& path) {
  std::string error;
  auto store = Store::open(db, Store::Mode::read_only, error);
  if (!store) return error;
  Stmt s = store->prepare("SELECT disk_size, disk_tail IS NOT NULL FROM inputs WHERE path = ?");
  bind_value(s.get(), 1, path);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return "no row";
  return column_text(s.get(), 0) + "|" + column_text(s.get(), 1);
}

}  // namespace

TEST_CASE("a compressed file read to its end is not decompressed again while its size and last bytes stay",
          "[ingest][rotation]") {
  TempDir dir;
  auto lines = sample_lines();
  // Content that compresses to well over kDiskTailBytes: the sample, each copy
  // with lines of random message ids (deterministic).
  std::mt19937_64 rng(7);
  std::string all;
  std::size_t n = 0;
  while (all.size() < (400u << 10)) {
    for (const std::string& l : lines) all += l, ++n;
    for (int i = 0; i < 50; ++i, ++n) {
      char id[40];
      std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                    static_cast<unsigned long long>(rng()));
      all += std::string("2026-09-01 10:00:00 1uABCD-000001-AB <= a@b.example H=x [192.0.2.1] P=esmtp S=1 id=") +
             id + "@example\n";
    }
  }
  const std::string gz = gzip(all);
  REQUIRE(gz.size() > 4 * kDiskTailBytes);
  write_file(dir / "mainlog.2.gz", gz);
  const std::string db = (dir / "z.db").string(), file = (dir / "mainlog.2.gz").string();
  IngestResult first = ingest_files(db, {file});
  REQUIRE_FALSE(first.failed());
  CHECK(first.inputs[0].new_lines == n);
  CHECK(disk_state(db, file) == std::to_string(gz.size()) + "|1");
  const std::string once = signature(db);

  // The middle of the compressed bytes damaged, its size and last bytes kept:
  // a run that decompressed the file would stop at the damage with an error.
  std::string damaged = gz;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x55);
  write_file(dir / "mainlog.2.gz", damaged);
  IngestResult second = ingest_files(db, {file});
  INFO(second.inputs[0].error);
  CHECK_FALSE(second.failed());
  CHECK(second.inputs[0].already_ingested);
  CHECK(signature(db) == once);

  SECTION("renamed by the next rotation: still skipped, the new name stored") {
    std::filesystem::rename(dir / "mainlog.2.gz", dir / "mainlog.3.gz");
    const std::string moved = (dir / "mainlog.3.gz").string();
    IngestResult third = ingest_files(db, {moved});
    INFO(third.inputs[0].error);
    CHECK_FALSE(third.failed());
    CHECK(disk_state(db, moved) == std::to_string(gz.size()) + "|1");
    CHECK(signature(db) == once);
  }
  SECTION("without the remembered size the damage is read, so the skip above is what spared it") {
    {
      std::string error;
      auto store = Store::open(db, Store::Mode::read_write, error);
      REQUIRE(store);
      REQUIRE(store->exec("UPDATE inputs SET disk_size = NULL, disk_tail = NULL"));
    }
    IngestResult again = ingest_files(db, {file});
    CHECK(again.failed());
    CHECK(disk_state(db, file) == "|0");  // not read to its end: nothing remembered
  }
  SECTION("a gzip member appended: the size changed, so the new lines are read and counted") {
    std::string more;
    for (std::size_t i = 0; i < 40; ++i) more += lines[i];
    write_file(dir / "mainlog.2.gz", gz + gzip(more));
    IngestResult grown = ingest_files(db, {file});
    INFO(grown.inputs[0].error);
    REQUIRE_FALSE(grown.failed());
    CHECK(grown.inputs[0].new_lines == 40);
    CHECK(disk_state(db, file) == std::to_string(gz.size() + gzip(more).size()) + "|1");
    CHECK(ingest_files(db, {file}).inputs[0].already_ingested);
  }
}

TEST_CASE("stdin is ingested, and the same content again adds nothing", "[ingest]") {
  TempDir dir;
  auto lines = sample_lines();
  std::string all = join(lines, 0, lines.size());
  std::string expected = reference(dir, all);
  write_file(dir / "in.log", all);
  std::string db = (dir / "stdin.db").string();
  Run r = run_smtplog({"ingest", "--db", db, "-"}, dir, (dir / "in.log").string());
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(signature(db) == expected);
  run_smtplog({"ingest", "--db", db, "-"}, dir, (dir / "in.log").string());
  CHECK(signature(db) == expected);
}

TEST_CASE("a missing input names the file, exits 3, and leaves the database untouched", "[ingest][cli]") {
  TempDir dir;
  std::string db = (dir / "m.db").string();
  Run r = run_smtplog({"ingest", "--db", db, (dir / "nope.log").string()}, dir);
  CHECK(r.status == 3);
  CHECK(r.err.find("nope.log") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("option --keep-events takes an age or a bare 0 (forever); 0d and 0w are refused, not read as forever", "[cli][retention]") {
  TempDir dir;
  const std::string log = (source_dir() / "samples/exim/default/mainlog").string();
  for (const char* bad : {"0d", "0w", "0h", "d", "-1d", "12"}) {
    Run r = run_smtplog({"ingest", "-q", "--keep-events", bad, "--db", (dir / "k.db").string(), log}, dir);
    INFO(bad << ": " << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find("0 keeps events forever") != std::string::npos);
  }
  for (const char* good : {"0", "36h", "90d", "12w"}) {
    Run r = run_smtplog({"ingest", "-q", "--keep-events", good, "--db", (dir / "k.db").string(), log}, dir);
    INFO(good << ": " << r.err);
    CHECK(r.status == 0);
  }
}

TEST_CASE("a bad option prints one line and exits 2", "[cli]") {
  TempDir dir;
  Run r = run_smtplog({"report", "--no-such-option"}, dir);
  CHECK(r.status == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find("no-such-option") != std::string::npos);
  CHECK(run_smtplog({"explain", "abc"}, dir).status == 2);
  CHECK(run_smtplog({"--version"}, dir).status == 0);
  for (const char* cmd : {"ingest", "report", "explain", "compare"})
    CHECK(run_smtplog({cmd, "--help"}, dir).status == 0);
}

TEST_CASE("kill -9 at 50 random points, then a re-run, gives the uninterrupted counts", "[ingest][kill]") {
  TempDir dir;
  auto lines = sample_lines();
  std::string block = join(lines, 0, lines.size()), all;
  while (all.size() < (3u << 20)) all += block;  // ~3 MB of real lines
  CHECK(kill_and_rerun(dir, all, "big.log", 50, 0.02, 20261123) == 50);
}

TEST_CASE("kill -9 while commits refresh the days they left behind, then a re-run, gives the uninterrupted rollups",
          "[ingest][kill][rollups]") {
  TempDir dir;
  auto lines = sample_lines();
  const std::string block = join(lines, 0, lines.size());
  // ~10 MB over 100 days from September into December: three 4 MiB chunks,
  // each its own commit, each refreshing the days of the one before.
  const std::string all = over_days(block, 10u << 20, 5);
  // Only the later part of the run, where the commits refresh earlier days.
  CHECK(kill_and_rerun(dir, all, "days.log", 12, 0.3, 20261124) == 12);
}

TEST_CASE("kill -9 while event blocks wait in the open transaction for the commit of their day, then a re-run, "
          "loses and doubles nothing", "[ingest][kill]") {
  // --commit-bytes 3 MB: each 4 MiB chunk's event blocks are flushed into the
  // writer's open transaction, and the counts are committed with the offset
  // only when the input enters a new day (every ~8 MB here), so most kills
  // land between a flush and its commit. A flush committed on its own would
  // store its events twice after the re-run; counts committed without their
  // day's flushed events would lose them.
  TempDir dir;
  auto lines = sample_lines();
  const std::string all = over_days(join(lines, 0, lines.size()), 24u << 20, 400);
  CHECK(kill_and_rerun(dir, all, "flush.log", 12, 0.1, 20261125, "3000000") == 12);
}

TEST_CASE("kill -9 while the commits near the end of an input checkpoint the WAL, then a re-run, gives the "
          "uninterrupted counts", "[ingest][kill][wal]") {
  // ~11 MB in 4 MiB chunks with --commit-bytes 8 MB: the commit after the
  // second chunk (~2.6 MB left) is followed by a checkpoint on the writer thread.
  TempDir dir;
  auto lines = sample_lines();
  const std::string all = over_days(join(lines, 0, lines.size()), 11u << 20, 100);
  CHECK(kill_and_rerun(dir, all, "end.log", 12, 0.4, 20261126, "8000000") == 12);
}

TEST_CASE("a commit with a checkpoint leaves the WAL empty and one without leaves it to the close", "[ingest][wal]") {
  TempDir dir;
  std::string error, db = (dir / "w.db").string();
  auto store = Store::open(db, Store::Mode::read_write, error);
  REQUIRE(store);
  for (bool checkpoint : {false, true}) {
    INFO("checkpoint: " << checkpoint);
    InputState state;
    state.fingerprint = fingerprint(checkpoint ? "with" : "without");
    state.fp_len = 4;
    BatchWriter writer(*store, state, "in.log", "postfix", 1, /*threaded=*/true);
    REQUIRE(writer.submit(100, 10, checkpoint));
    REQUIRE(writer.finish());
    CHECK((std::filesystem::file_size(db + "-wal") == 0) == checkpoint);
  }
}

TEST_CASE("the writer's first job runs once in its first transaction and fails the write when it fails",
          "[ingest][writer]") {
  TempDir dir;
  std::string error, db = (dir / "j.db").string();
  auto store = Store::open(db, Store::Mode::read_write, error);
  REQUIRE(store);
  for (bool threaded : {false, true}) {
    INFO("threaded: " << threaded);
    REQUIRE(store->exec("DELETE FROM notices"));
    InputState state;
    state.fingerprint = fingerprint(threaded ? "threaded" : "not");
    state.fp_len = 3;
    int runs = 0;
    BatchWriter writer(*store, state, "in.log", "postfix", 1, threaded);
    writer.set_first_job([&](const Store& s) {
      ++runs;
      return s.exec("INSERT INTO notices (time, path, message) VALUES (1, 'job', 'ran')");
    });
    REQUIRE(writer.flush());
    REQUIRE(writer.submit(100, 10));
    REQUIRE(writer.finish());
    CHECK(writer.first_job_done());
    REQUIRE(writer.submit(200, 20));
    REQUIRE(writer.finish());
    CHECK(runs == 1);
    Stmt n = store->prepare("SELECT count(*) FROM notices WHERE path = 'job'");
    REQUIRE(sqlite3_step(n.get()) == SQLITE_ROW);
    CHECK(sqlite3_column_int(n.get(), 0) == 1);
  }
  // A job that fails rolls back the transaction: the input's offset is not stored.
  InputState state;
  state.fingerprint = fingerprint("failing");
  state.fp_len = 7;
  BatchWriter writer(*store, state, "bad.log", "postfix", 1, true);
  writer.set_first_job([](const Store& s) { return s.exec("INSERT INTO no_such_table VALUES (1)"); });
  REQUIRE(writer.submit(100, 10));
  CHECK_FALSE(writer.finish());
  CHECK_FALSE(writer.first_job_done());
  CHECK(writer.error().find("no_such_table") != std::string::npos);
  Stmt n = store->prepare("SELECT count(*) FROM inputs WHERE path = 'bad.log'");
  REQUIRE(sqlite3_step(n.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(n.get(), 0) == 0);
}

TEST_CASE("smtplog ingest leaves the database as one complete file with no -wal beside it", "[ingest][wal]") {
  // As above: a checkpoint near the end of the input, then the close's.
  TempDir dir;
  auto lines = sample_lines();
  const std::string all = over_days(join(lines, 0, lines.size()), 11u << 20, 100);
  const std::string expected = reference(dir, all);
  const std::string expected_events = events((dir / "ref.db").string());
  write_file(dir / "end.log", all);
  const std::string db = (dir / "end.db").string();
  Run run = run_smtplog({"ingest", "-q", "--threads", "2", "--commit-bytes", "8000000", "--db", db,
                         (dir / "end.log").string()}, dir);
  REQUIRE(run.status == 0);
  CHECK_FALSE(std::filesystem::exists(db + "-wal"));
  // What `cp` of the database file alone copies: everything.
  std::filesystem::copy_file(db, dir / "copy.db");
  CHECK(signature((dir / "copy.db").string()) == expected);
  CHECK(events((dir / "copy.db").string()) == expected_events);
}

TEST_CASE("two ingests at once on one database both finish with exact totals", "[ingest][concurrency]") {
  TempDir dir;
  auto lines = sample_lines();
  std::string block = join(lines, 0, lines.size()), all;
  while (all.size() < (1u << 20)) all += block;
  std::string expected = reference(dir, all);
  write_file(dir / "c.log", all);
  std::string db = (dir / "c.db").string();
  TempDir d1, d2;
  std::vector<std::string> args = {"ingest", "-q", "--db", db, "--commit-bytes", "65536",
                                   (dir / "c.log").string()};
  pid_t a = spawn_smtplog(args, d1), b = spawn_smtplog(args, d2);
  Run ra = wait_smtplog(a, d1), rb = wait_smtplog(b, d2);
  INFO(ra.err << rb.err);
  CHECK(ra.status == 0);
  CHECK(rb.status == 0);
  CHECK(signature(db) == expected);
}

TEST_CASE("a full disk fails with a clear error and keeps what was committed", "[ingest][faults]") {
  TempDir dir;
  auto lines = sample_lines();
  // Failure lines are stored compressed: a log repeating the same lines would
  // fit in the limit. A random token on each line makes it hold ~2 MiB.
  std::mt19937_64 rng(3);
  std::string all;
  while (all.size() < (12u << 20))
    for (const std::string& l : lines) {
      char token[40];
      std::snprintf(token, sizeof token, " %016llx%016llx", static_cast<unsigned long long>(rng()),
                    static_cast<unsigned long long>(rng()));
      all += l.substr(0, l.size() - 1) + token + "\n";
    }
  write_file(dir / "f.log", all);
  std::string db = (dir / "f.db").string();
  // ulimit -f (in 1 KiB blocks here): writes past 1 MiB fail with EFBIG.
  std::string cmd = "ulimit -f 1024; exec '" + smtplog_binary() + "' ingest -q --db '" + db +
                    "' --commit-bytes 65536 '" + (dir / "f.log").string() + "' 2>'" +
                    (dir / "err").string() + "'";
  int st = std::system(cmd.c_str());
  int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::string err = read_file(dir / "err");
  INFO(err);
  CHECK(code == 3);
  CHECK(err.find("f.db") != std::string::npos);
  CHECK(err.find("disk") != std::string::npos);
  // What was committed is intact, and a run without the limit finishes the job.
  REQUIRE(run_smtplog({"ingest", "-q", "--db", db, (dir / "f.log").string()}, dir).status == 0);
  CHECK(signature(db) == reference(dir, all));
}

TEST_CASE("a read-only database fails with a clear error and stays as it was", "[ingest][faults]") {
  TempDir dir;
  auto lines = sample_lines();
  std::size_t half = lines.size() / 2;
  write_file(dir / "a.log", join(lines, 0, half));
  write_file(dir / "b.log", join(lines, half, lines.size()));
  std::string db = (dir / "ro.db").string();
  REQUIRE(run_smtplog({"ingest", "-q", "--db", db, (dir / "a.log").string()}, dir).status == 0);
  std::string before = signature(db);
  ReadOnly ro(db);
  if (!ro.ok()) return;
  Run r = run_smtplog({"ingest", "-q", "--db", db, (dir / "b.log").string()}, dir);
  ro.undo();
  INFO(r.err);
  CHECK(r.status == 3);
  CHECK(r.err.find("ro.db") != std::string::npos);
  CHECK(r.err.find("read-only") != std::string::npos);
  CHECK(signature(db) == before);
}

TEST_CASE("a second run over unchanged logs writes nothing, so a read-only database is fine", "[ingest][faults]") {
  TempDir dir;
  auto lines = sample_lines();
  write_file(dir / "a.log", join(lines, 0, lines.size()));
  std::string db = (dir / "same.db").string();
  REQUIRE(run_smtplog({"ingest", "-q", "--db", db, (dir / "a.log").string()}, dir).status == 0);
  std::string before = signature(db);
  ReadOnly ro(db);
  if (!ro.ok()) return;
  Run r = run_smtplog({"ingest", "-q", "--db", db, (dir / "a.log").string()}, dir);
  ro.undo();
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(signature(db) == before);
}

TEST_CASE("an Exim rejectlog does not count its rejects a second time", "[ingest][exim]") {
  TempDir dir;
  std::filesystem::path exim = source_dir() / "samples/exim/default";
  std::string both = (dir / "both.db").string(), main_only = (dir / "main.db").string();
  REQUIRE_FALSE(ingest_files(main_only, {(exim / "mainlog").string()}).failed());
  REQUIRE_FALSE(ingest_files(both, {(exim / "mainlog").string(), (exim / "rejectlog").string()}).failed());
  std::string error;
  auto a = Store::open(main_only, Store::Mode::read_only, error), b = Store::open(both, Store::Mode::read_only, error);
  REQUIRE(a);
  REQUIRE(b);
  auto rejected = [](const Store& s) {
    Stmt q = s.prepare("SELECT coalesce(sum(count), 0) FROM counts WHERE outcome = 'rejected'");
    sqlite3_step(q.get());
    return column_int(q.get(), 0);
  };
  CHECK(rejected(*a) > 0);
  CHECK(rejected(*b) == rejected(*a));
  Stmt n = b->prepare("SELECT count(*) FROM notices WHERE message LIKE '%rejectlog%'");
  sqlite3_step(n.get());
  CHECK(column_int(n.get(), 0) == 1);
}

TEST_CASE("ingest --stats prints the time of every stage on stderr", "[ingest][stats]") {
  TempDir dir;
  std::string db = (dir / "s.db").string();
  Run r = run_smtplog({"ingest", "-q", "--stats", "--db", db,
                       (source_dir() / "samples/postfix/postfix.log").string()}, dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("stats: ") == 0);
  CHECK(r.err.find(" 390 lines in ") != std::string::npos);
  CHECK(r.err.find("a clock read ") != std::string::npos);
  for (const char* stage : {"read/inflate", "parse", "classify", "aggregate", "compress", "merge", "write", "rollups"}) {
    std::size_t at = r.err.find("\n  " + std::string(stage) + " ");
    INFO(stage);
    REQUIRE(at != std::string::npos);
    double seconds = std::stod(r.err.substr(at + 3 + std::strlen(stage)));
    CHECK(seconds >= 0);
    CHECK(seconds < 60);
  }
}

TEST_CASE("a file of bare reject lines is counted when given with --log-format exim-mainlog", "[ingest][exim]") {
  // Rejects without header dumps: content cannot tell a rejectlog from an
  // excerpt of the mainlog, and detection takes the safe side (not counted).
  TempDir dir;
  std::string rejects, l;
  std::ifstream in(source_dir() / "samples/exim/default/rejectlog");
  while (std::getline(in, l))
    if (l.size() > 20 && l[4] == '-' && l.find(" rejected ") != std::string::npos) rejects += l + "\n";
  REQUIRE(rejects.size() > 200);
  write_file(dir / "rejects.log", rejects);
  auto rejected = [](const std::string& db) {
    std::string error;
    auto s = Store::open(db, Store::Mode::read_only, error);
    REQUIRE(s);
    Stmt q = s->prepare("SELECT coalesce(sum(count), 0), (SELECT format FROM inputs) FROM counts "
                        "WHERE outcome = 'rejected'");
    REQUIRE(sqlite3_step(q.get()) == SQLITE_ROW);
    return std::make_pair(column_int(q.get(), 0), column_text(q.get(), 1));
  };
  std::string detected = (dir / "detected.db").string(), forced = (dir / "forced.db").string();
  Run a = run_smtplog({"ingest", "-q", "--db", detected, (dir / "rejects.log").string()}, dir);
  REQUIRE(a.status == 0);
  CHECK(rejected(detected) == std::make_pair(std::int64_t{0}, std::string("exim-rejectlog")));
  Run b = run_smtplog({"ingest", "-q", "--log-format", "exim-mainlog", "--db", forced,
                       (dir / "rejects.log").string()}, dir);
  INFO(b.err);
  REQUIRE(b.status == 0);
  auto [n, format] = rejected(forced);
  CHECK(n >= 5);
  CHECK(format == "exim-mainlog");
  // The notice of the detected run says how to count them.
  Run notices = run_smtplog({"report", "--db", detected, "--since", "2000-01-01"}, dir);
  CHECK(notices.out.find("--log-format exim-mainlog") != std::string::npos);
  Run bad = run_smtplog({"ingest", "-q", "--log-format", "sendmail", "--db", forced,
                         (dir / "rejects.log").string()}, dir);
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--log-format 'sendmail'") != std::string::npos);
}

TEST_CASE("failure events older than --keep-events are pruned; counts are kept", "[ingest][retention]") {
  TempDir dir;
  auto lines = sample_lines();  // written on 2026-11-23
  write_file(dir / "a.log", join(lines, 0, lines.size()));
  std::string db = (dir / "keep.db").string();
  auto count = [&](const char* sql) {
    std::string error;
    auto store = Store::open(db, Store::Mode::read_only, error);
    Stmt q = store->prepare(sql);
    sqlite3_step(q.get());
    return column_int(q.get(), 0);
  };
  REQUIRE_FALSE(ingest_files(db, {(dir / "a.log").string()}, 0, 4 << 20, 1795478400).failed());  // 2026-11-25
  std::int64_t events = count("SELECT sum(n) FROM event_blocks"), counts = count("SELECT sum(count) FROM counts");
  CHECK(events > 0);
  // 100 days later, a run over nothing new prunes the events (default 90 days).
  REQUIRE_FALSE(ingest_files(db, {(dir / "a.log").string()}, 0, 4 << 20, 1795478400 + 100 * 86400).failed());
  CHECK(count("SELECT count(*) FROM event_blocks") == 0);
  CHECK(count("SELECT sum(count) FROM counts") == counts);

  // 100 days later still, a run over new lines of that day prunes the events
  // before it (in the writer's first transaction) and keeps its own.
  std::string recent = join(lines, 0, lines.size());
  const std::string day0 = recent.substr(0, 10);  // the sample's date, on every line
  for (std::size_t at = recent.find(day0); at != std::string::npos; at = recent.find(day0, at + 10))
    recent.replace(at, 10, "2027-03-03");
  write_file(dir / "b.log", recent);
  for (unsigned threads : {1u, 2u}) {
    INFO("threads: " << threads);
    std::string both = (dir / ("both" + std::to_string(threads) + ".db")).string();
    REQUIRE_FALSE(ingest_files(both, {(dir / "a.log").string()}, threads, 4 << 20, 1795478400).failed());
    db = both;
    REQUIRE(count("SELECT sum(n) FROM event_blocks") == events);
    REQUIRE_FALSE(
        ingest_files(both, {(dir / "b.log").string()}, threads, 4 << 20, 1795478400 + 100 * 86400).failed());
    CHECK(count("SELECT sum(n) FROM event_blocks") == events);  // b's, as many as a's
    CHECK(count("SELECT min(t_min) FROM event_blocks") >= 1795478400 + 10 * 86400);
    CHECK(count("SELECT sum(count) FROM counts") == 2 * counts);
  }

  // Ingested for the first time 100 days later: the events are not even
  // stored, the counts are the same.
  std::string late = (dir / "late.db").string();
  REQUIRE_FALSE(ingest_files(late, {(dir / "a.log").string()}, 0, 4 << 20, 1795478400 + 100 * 86400).failed());
  db = late;
  CHECK(count("SELECT count(*) FROM event_blocks") == 0);
  CHECK(count("SELECT sum(count) FROM counts") == counts);
}
