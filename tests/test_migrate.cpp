// Upgrading a database written by an older smtplog: a real schema-1 database
// (tests/data/schema-v1.sql, the v1 schema as it shipped) with failure events,
// examples and counts is opened and must come out at the current version with
// nothing lost: the events as blocks, in order, found by `events` and `trace`
// with the same fields; the report's example lines.
#include <catch2/catch.hpp>

#include <zstd.h>

#include <algorithm>
#include <sstream>

#include "analyzer/event_blocks.h"
#include "analyzer/migrate.h"
#include "analyzer/report_events.h"
#include "analyzer/store.h"
#include "process.h"
#include "report_fixture.h"
#include "temp_dir.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

const char* kBounce =
    "2026-11-23T18:58:52.077322+00:00 mx postfix/smtp[11622]: 01D7611479C: to=<r550-5.1.1@sink.smtplog.test>, "
    "relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.01/0/0/0.06, dsn=5.1.1, status=bounced (host "
    "127.0.0.1[127.0.0.1] said: 550 5.1.1 The email account that you tried to reach does not exist. - gsmtp "
    "(in reply to RCPT TO command))";
const char* kExpired =
    "2026-11-23T18:59:25.399754+00:00 mx postfix/qmgr[11565]: E9F60114774: from=<alice@mx.smtplog.test>, "
    "status=expired, returned to sender";
const char* kReject =
    "2026-11-23 18:46:00 1xVZ3A-0006Mj-1k H=(client.example) [127.0.0.1] F=<friend@client.example> rejected "
    "after DATA: Message rejected as spam (subject)";

// A schema-1 database as smtplog 0.1 left it.
void make_v1(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  std::string schema = read_file(source_dir() / "tests/data/schema-v1.sql");
  REQUIRE(sqlite3_exec(db, schema.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  auto exec = [&](const std::string& sql) {
    char* msg = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
    INFO((msg ? msg : "") << " in " << sql);
    sqlite3_free(msg);
    REQUIRE(rc == SQLITE_OK);
  };
  exec("INSERT INTO inputs (id, fingerprint, fp_len, path, format, offset, lines, first_seen, last_seen) VALUES "
       "(1, 'aa', 4096, '/var/log/mail.log', 'postfix', 1000, 50, 0, 0), "
       "(2, 'bb', 4096, '/var/log/exim4/mainlog', 'exim-mainlog', 900, 30, 0, 0)");
  exec("INSERT INTO counts VALUES (498738, 'mx', 'postfix', 'smtp', 'outbound', 'bounced', 550, '5.1.1', "
       "'gmail-no-such-user', 0, 1)");
  exec("INSERT INTO examples VALUES ('gmail-no-such-user', 1795460332, '" + std::string(kBounce) + "')");
  auto event = [&](int input, int line_no, std::int64_t time, const char* entry, const char* direction,
                   const char* queue_id, const char* recipient, const char* line) {
    exec("INSERT INTO events (time, log_host, mta, service, instance, queue_id, direction, outcome, code, "
         "enhanced, stage, entry, inferred, sender, recipient, peer_host, peer_ip, reply_text, input_id, "
         "line_no, line) VALUES (" + std::to_string(time) + ", '', 'postfix', 'smtp', '', '" + queue_id + "', '" +
         direction + "', 'bounced', 550, '', 'rcpt', '" + entry + "', 0, '', '" + recipient + "', '', '', '', " +
         std::to_string(input) + ", " + std::to_string(line_no) + ", '" + line + "')");
  };
  // Out of line order on purpose: the blocks follow line order per input.
  event(1, 40, 1795460365, "", "outbound", "E9F60114774", "", kExpired);
  event(2, 7, 1795459560, "550", "inbound", "", "", kReject);
  event(1, 12, 1795460332, "gmail-no-such-user", "outbound", "01D7611479C", "r550-5.1.1@sink.smtplog.test", kBounce);
  exec("PRAGMA user_version = 1");
  sqlite3_close(db);
}

int version(const Store& store) {
  Stmt s = store.prepare("PRAGMA user_version");
  REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
  return sqlite3_column_int(s.get(), 0);
}

std::int64_t count(const Store& store, const char* sql) {
  Stmt s = store.prepare(sql);
  REQUIRE(s);
  REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
  return column_int(s.get(), 0);
}

}  // namespace

TEST_CASE("a schema-1 database is upgraded on read-write open, its events kept as blocks", "[migrate]") {
  TempDir dir;
  use_utc();
  std::string error, path = (dir / "v1.db").string();
  make_v1(path);
  auto store = Store::open(path, Store::Mode::read_write, error);
  INFO(error);
  REQUIRE(store);
  CHECK(version(*store) == kSchemaVersion);
  CHECK(count(*store, "SELECT count(*) FROM sqlite_master WHERE name = 'events'") == 0);
  CHECK(count(*store, "SELECT count(*) FROM event_blocks") == 2);  // one per input
  CHECK(count(*store, "SELECT sum(n) FROM event_blocks") == 3);
  CHECK(count(*store, "SELECT count(*) FROM counts") == 1);

  EventQuery q;
  REQUIRE(build_query(EventFilter{}, embedded_catalogue(), q, error));
  EventList all = load_events(*store, q, 0);
  REQUIRE(all.rows.size() == 3);
  // Oldest first, each re-parsed from its line, with its input and line.
  CHECK(all.rows[0].line == kReject);
  CHECK(all.rows[0].input == "/var/log/exim4/mainlog");
  CHECK(all.rows[0].line_no == 7);
  CHECK(all.rows[0].mta == "exim");
  CHECK(all.rows[0].entry == "550");
  CHECK(all.rows[1].queue_id == "01D7611479C");
  CHECK(all.rows[1].recipient == "r550-5.1.1@sink.smtplog.test");
  CHECK(all.rows[1].outcome == "bounced");
  CHECK(all.rows[1].code == 550);
  CHECK(all.rows[1].line_no == 12);
  CHECK(all.rows[1].entry == "gmail-no-such-user");
  CHECK(all.rows[2].outcome == "expired");
  CHECK(all.rows[2].time == 1795460365);
  CHECK(all.rows[2].entry == "");

  // trace finds a message by its queue id through the blocks' keys.
  EventQuery t;
  REQUIRE(build_query(EventFilter{}, embedded_catalogue(), t, error));
  build_trace_query("01D7611479C", t);
  EventList traced = load_events(*store, t, 0);
  REQUIRE(traced.rows.size() == 1);
  CHECK(traced.rows[0].line == kBounce);

  // The unclassified expiry's example survives the events table, per direction.
  Stmt ex = store->prepare("SELECT line FROM examples WHERE entry = '' AND direction = 'outbound'");
  REQUIRE(sqlite3_step(ex.get()) == SQLITE_ROW);
  CHECK(column_text(ex.get(), 0) == kExpired);
  CHECK(count(*store, "SELECT count(*) FROM examples WHERE entry = 'gmail-no-such-user'") == 1);

  // A second open finds nothing to do.
  store.reset();
  auto again = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(again);
  CHECK(count(*again, "SELECT sum(n) FROM event_blocks") == 3);
}

TEST_CASE("a report on a schema-1 database upgrades it first, when it may", "[migrate]") {
  TempDir dir;
  use_utc();
  std::string error, path = (dir / "v1.db").string();
  make_v1(path);
  auto store = Store::open(path, Store::Mode::read_only, error);
  INFO(error);
  REQUIRE(store);
  CHECK(version(*store) == kSchemaVersion);
  Run r = run_smtplog({"trace", "--db", path, "E9F60114774"}, dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Ended: expired (permanent)") != std::string::npos);
}

TEST_CASE("a failed upgrade leaves the schema-1 database as it was", "[migrate]") {
  TempDir dir;
  std::string error, path = (dir / "v1.db").string();
  make_v1(path);
  {
    // Damage what the upgrade needs: the events table loses a column.
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    REQUIRE(sqlite3_exec(db, "ALTER TABLE events DROP COLUMN line", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  CHECK_FALSE(Store::open(path, Store::Mode::read_write, error));
  CHECK(error.find("cannot upgrade") != std::string::npos);
  CHECK(error.find(path) == 0);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(sqlite3_column_int(s, 0) == 1);
  sqlite3_finalize(s);
  sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &s, nullptr);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(sqlite3_column_int(s, 0) == 3);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

namespace {

// tests/data/schema-v2.sql: a schema-2 database as the last schema-2 smtplog
// wrote it from the golden samples (counts, domain counts and their rollups).
void make_v2(const std::string& path) { create_db(path, read_file(source_dir() / "tests/data/schema-v2.sql")); }

// Runs each command (its first word, then `--db path`, then the rest) on the
// database at `path` and compares its output with the golden file named.
void check_goldens(const std::string& path, const TempDir& dir,
                   const std::vector<std::pair<std::string, std::vector<std::string>>>& runs) {
  for (const auto& [golden, args] : runs) {
    std::vector<std::string> all = args;
    all.insert(all.begin() + 1, {"--db", path});
    Run r = run_smtplog(all, dir);
    INFO(golden << ": " << r.err);
    REQUIRE(r.status == 0);
    check_golden(golden, r.out);
  }
}

// The rows of a schema-2 domain table, or of a schema-3 one joined back to
// its names (the _named views), in key order.
std::string rows(const Store& store, const std::string& table) {
  std::string out;
  Stmt s = store.prepare("SELECT * FROM " + table + " ORDER BY 1, 2, 3, 4, 5");
  REQUIRE(s);
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(s.get()); ++i) out += column_text(s.get(), i) + "|";
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("upgrade to schema 3: domain counts keyed by ids, every row and report kept", "[migrate][golden]") {
  TempDir dir;
  use_utc();
  const std::string path = (dir / "v2.db").string();
  make_v2(path);
  std::string days, months;
  {
    // Read the schema-2 rows without Store (which would upgrade the file).
    auto raw = [&](const char* sql) {
      sqlite3* d = nullptr;
      REQUIRE(sqlite3_open_v2(path.c_str(), &d, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
      std::string out;
      sqlite3_stmt* s = nullptr;
      REQUIRE(sqlite3_prepare_v2(d, sql, -1, &s, nullptr) == SQLITE_OK);
      while (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); ++i) out += column_text(s, i) + "|";
        out += "\n";
      }
      sqlite3_finalize(s);
      sqlite3_close(d);
      return out;
    };
    days = raw("SELECT * FROM domain_counts ORDER BY 1, 2, 3, 4, 5");
    months = raw("SELECT * FROM domain_counts_month ORDER BY 1, 2, 3, 4, 5");
  }
  REQUIRE(days.size() > 1000);  // the samples' 78 rows
  {
    std::string error;
    auto store = Store::open(path, Store::Mode::read_write, error);
    INFO(error);
    REQUIRE(store);
    CHECK(version(*store) == kSchemaVersion);
    CHECK(count(*store, "SELECT count(*) FROM pragma_table_info('domain_counts') WHERE name = 'domain'") == 0);
    CHECK(count(*store, "SELECT count(*) FROM domains") ==
          count(*store, "SELECT count(DISTINCT domain) FROM domain_counts_named"));
    CHECK(rows(*store, "domain_counts_named") == days);
    CHECK(rows(*store, "domain_counts_month_named") == months);
  }
  // What the schema-2 smtplog printed for this database (TZ=UTC), as later
  // renderers print it (the goldens were first written by that smtplog).
  check_goldens(path, dir,
                {{"report-v2-upgraded.txt", {"report", "--sections", "all"}},
                 {"report-v2-upgraded.json", {"report", "--sections", "all", "--format", "json"}},
                 {"report-v2-upgraded-month.txt",  // November whole: the month rollup
                  {"report", "--since", "2026-11-01", "--until", "2026-12-01", "--sections", "all", "--top", "3"}}});
  // An ingest into the upgraded file goes on numbering after its ids.
  const std::string log = (dir / "mail.log").string();
  write_file(log, std::string(kBounce) + "\n");
  Run r = run_smtplog({"ingest", "-q", "--db", path, log}, dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::string error;
  auto store = Store::open(path, Store::Mode::read_only, error);
  REQUIRE(store);
  CHECK(count(*store, "SELECT count FROM domain_counts_named WHERE domain = 'sink.smtplog.test' AND "
                      "entry = 'gmail-no-such-user' AND day = 1795460332 / 86400") == 2);
  CHECK(count(*store, "SELECT count(*) FROM domains WHERE name = 'sink.smtplog.test'") == 1);
}

namespace {

// The block format of a stored block's data (its first varint, < 128).
int block_format(const std::string& data) {
  std::string raw(ZSTD_getFrameContentSize(data.data(), data.size()), '\0');
  REQUIRE(ZSTD_decompress(raw.data(), raw.size(), data.data(), data.size()) == raw.size());
  REQUIRE(!raw.empty());
  return raw[0];
}

}  // namespace

TEST_CASE("upgrade to schema 4: a schema-3 database keeps its events (block format 2) and reports", "[migrate][golden]") {
  TempDir dir;
  use_utc();
  // tests/data/schema-v3.sql: as the last schema-3 smtplog wrote it, event
  // blocks (format 2) included.
  const std::string path = (dir / "v3.db").string();
  create_db(path, read_file(source_dir() / "tests/data/schema-v3.sql"));
  std::int64_t blocks = 0, events = 0;
  {
    std::string error;
    auto store = Store::open(path, Store::Mode::read_write, error);
    INFO(error);
    REQUIRE(store);
    CHECK(version(*store) == kSchemaVersion);
    blocks = count(*store, "SELECT count(*) FROM event_blocks");
    events = count(*store, "SELECT sum(n) FROM event_blocks");
    REQUIRE(blocks >= 2);
    REQUIRE(events > 20);
    Stmt s = store->prepare("SELECT data FROM event_blocks");
    while (sqlite3_step(s.get()) == SQLITE_ROW)
      CHECK(block_format(std::string(static_cast<const char*>(sqlite3_column_blob(s.get(), 0)),
                                     static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 0)))) == 2);
  }
  // What the schema-3 smtplog printed for this database (TZ=UTC).
  check_goldens(
      path, dir,
      {{"events-v3-upgraded.txt", {"events", "--since", "2020-01-01", "--limit", "0"}},
       {"report-v3-upgraded.txt", {"report", "--since", "2020-01-01", "--until", "2027-01-01", "--sections", "all"}}});
  // An ingest into the upgraded file adds a format-3 block beside them; all
  // are read.
  const std::string log = (dir / "mail.log").string();
  write_file(log, std::string(kBounce) + "\n");
  Run r = run_smtplog({"ingest", "-q", "--keep-events", "0", "--db", path, log}, dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::string error;
  auto store = Store::open(path, Store::Mode::read_only, error);
  REQUIRE(store);
  CHECK(count(*store, "SELECT count(*) FROM event_blocks") == blocks + 1);
  Stmt s = store->prepare("SELECT data FROM event_blocks ORDER BY id DESC LIMIT 1");
  REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
  CHECK(block_format(std::string(static_cast<const char*>(sqlite3_column_blob(s.get(), 0)),
                                 static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 0)))) == 3);
  Run after = run_smtplog({"events", "--db", path, "--since", "2020-01-01", "--limit", "0"}, dir);
  REQUIRE(after.status == 0);
  CHECK(after.out.find("01D7611479C") != std::string::npos);  // the new block's event
  const std::string before = read_file(source_dir() / "tests/golden/events-v3-upgraded.txt");
  CHECK(std::count(after.out.begin(), after.out.end(), '\n') > std::count(before.begin(), before.end(), '\n'));
}
