// Opening the store: created owner-only, and refused (untouched) when it is
// not ours, corrupt, or from a newer smtplog.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "analyzer/batch.h"
#include "analyzer/migrate.h"
#include "analyzer/store.h"
#include "temp_dir.h"

using namespace smtplog;
using namespace smtplog::test;

TEST_CASE("a new database is created readable by its owner only", "[store]") {
  TempDir dir;
  std::string error, path = (dir / "new.db").string();
  auto store = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(store);
  struct stat st{};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  Stmt s = store->prepare("PRAGMA user_version");
  REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(s.get(), 0) == kSchemaVersion);
  // 8 KiB pages (SQLite's default is 4 KiB): set before WAL mode, or not at all.
  Stmt page = store->prepare("PRAGMA page_size");
  REQUIRE(sqlite3_step(page.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(page.get(), 0) == 8192);
  Stmt journal = store->prepare("PRAGMA journal_mode");
  REQUIRE(sqlite3_step(journal.get()) == SQLITE_ROW);
  CHECK(column_text(journal.get(), 0) == "wal");
  // The switch to WAL and the schema were written with synchronous=OFF (no
  // fsync for a file that holds nothing yet); what the store is handed over
  // with is NORMAL (1), for every commit that follows.
  Stmt sync = store->prepare("PRAGMA synchronous");
  REQUIRE(sqlite3_step(sync.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(sync.get(), 0) == 1);
}

TEST_CASE("an existing database keeps its page size", "[store]") {
  TempDir dir;
  std::string error, path = (dir / "old.db").string();
  {
    auto store = Store::open(path, Store::Mode::read_write, error);
    REQUIRE(store);
  }
  {
    // As an older smtplog left it: 4 KiB pages (rebuilt by VACUUM outside WAL).
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM;", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(store);
  Stmt page = store->prepare("PRAGMA page_size");
  REQUIRE(sqlite3_step(page.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(page.get(), 0) == 4096);
  CHECK(store->exec("INSERT INTO rollup_dirty (day) VALUES (1)"));
  Stmt sync = store->prepare("PRAGMA synchronous");
  REQUIRE(sqlite3_step(sync.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(sync.get(), 0) == 1);  // NORMAL
}

TEST_CASE("a database that is not smtplog's is refused and left untouched", "[store]") {
  TempDir dir;
  std::string path = (dir / "other.db").string(), error;
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  std::string before = read_file(path);
  auto store = Store::open(path, Store::Mode::read_write, error);
  CHECK_FALSE(store);
  CHECK(error.find("not smtplog's") != std::string::npos);
  CHECK(error.find(path) == 0);
  CHECK(read_file(path) == before);
}

TEST_CASE("a database from a newer smtplog is refused", "[store]") {
  TempDir dir;
  std::string path = (dir / "newer.db").string(), error;
  { REQUIRE(Store::open(path, Store::Mode::read_write, error)); }
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  auto store = Store::open(path, Store::Mode::read_write, error);
  CHECK_FALSE(store);
  CHECK(error.find("newer smtplog") != std::string::npos);
}

TEST_CASE("a corrupt database is refused and left untouched", "[store]") {
  TempDir dir;
  std::string path = (dir / "corrupt.db").string(), error;
  std::string junk = "SQLite format 3";
  junk.push_back('\0');
  junk += std::string(5000, '\x5a');
  write_file(path, junk);
  auto store = Store::open(path, Store::Mode::read_write, error);
  CHECK_FALSE(store);
  CHECK(error.find(path) == 0);
  CHECK(read_file(path) == junk);
}

TEST_CASE("read-only open of a missing database says what to do", "[store]") {
  TempDir dir;
  std::string error;
  CHECK_FALSE(Store::open((dir / "missing.db").string(), Store::Mode::read_only, error));
  CHECK(error.find("smtplog ingest") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST_CASE("bind_value() binds std::string arguments (not std::bind by ADL)", "[store]") {
  TempDir dir;
  std::string error;
  auto store = Store::open((dir / "b.db").string(), Store::Mode::read_write, error);
  REQUIRE(store);
  REQUIRE(store->exec("CREATE TABLE t (a TEXT NOT NULL, b TEXT NOT NULL, c TEXT NOT NULL, d INTEGER NOT NULL)"));
  Stmt s = store->prepare("INSERT INTO t VALUES (?,?,?,?)");
  std::string lvalue = "lvalue";
  bind_value(s.get(), 1, lvalue);
  bind_value(s.get(), 2, std::string("rvalue"));
  bind_value(s.get(), 3, std::string_view("view"));
  bind_value(s.get(), 4, std::int64_t{7});
  REQUIRE(step_done(s.get()));
  Stmt q = store->prepare("SELECT a || b || c || d FROM t");
  REQUIRE(sqlite3_step(q.get()) == SQLITE_ROW);
  CHECK(column_text(q.get(), 0) == "lvaluervalueview7");
}

namespace {

int version_of(const Store& store) {
  Stmt s = store.prepare("PRAGMA user_version");
  REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
  return sqlite3_column_int(s.get(), 0);
}

bool table_exists(const Store& store, const char* name) {
  Stmt s = store.prepare("SELECT 1 FROM sqlite_master WHERE name = ?");
  bind_value(s.get(), 1, std::string_view(name));
  return sqlite3_step(s.get()) == SQLITE_ROW;
}

}  // namespace

TEST_CASE("migrations run each step's SQL then its hook, all in one transaction", "[store][migrate]") {
  TempDir dir;
  std::string error, path = (dir / "m.db").string();
  auto store = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(store);
  const int v = version_of(*store);
  static int hook_calls;
  hook_calls = 0;
  auto hook = +[](const Store& s, std::string&) {
    ++hook_calls;
    return s.exec("INSERT INTO step_a VALUES ('from the hook')");
  };
  const Migration steps[] = {
      {v + 1, "CREATE TABLE step_a (x TEXT); INSERT INTO step_a VALUES ('from the sql');", hook},
      {v + 2, "CREATE TABLE step_b (y)", nullptr},
  };
  REQUIRE(migrate(*store, steps, error));
  CHECK(version_of(*store) == v + 2);
  CHECK(hook_calls == 1);
  Stmt rows = store->prepare("SELECT group_concat(x, '|') FROM step_a");
  REQUIRE(sqlite3_step(rows.get()) == SQLITE_ROW);
  CHECK(column_text(rows.get(), 0) == "from the sql|from the hook");
  CHECK(table_exists(*store, "step_b"));
  // Already there: nothing runs again.
  REQUIRE(migrate(*store, steps, error));
  CHECK(hook_calls == 1);
}

TEST_CASE("a failed migration step leaves the database at its old version", "[store][migrate]") {
  TempDir dir;
  std::string error, path = (dir / "m.db").string();
  auto store = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(store);
  const int v = version_of(*store);
  auto failing = +[](const Store&, std::string& why) {
    why = "the hook says no";
    return false;
  };
  const Migration steps[] = {
      {v + 1, "CREATE TABLE fine (x)", nullptr},
      {v + 2, "CREATE TABLE also_fine (x)", failing},
  };
  CHECK_FALSE(migrate(*store, steps, error));
  CHECK(error.find("the hook says no") != std::string::npos);
  CHECK(error.find("to " + std::to_string(v + 2)) != std::string::npos);
  CHECK(version_of(*store) == v);
  CHECK_FALSE(table_exists(*store, "fine"));
  CHECK_FALSE(table_exists(*store, "also_fine"));

  const Migration bad_sql[] = {{v + 1, "CREATE TABLE broken (", nullptr}};
  CHECK_FALSE(migrate(*store, bad_sql, error));
  CHECK(version_of(*store) == v);
  const Migration gap[] = {{v + 2, "CREATE TABLE skipped (x)", nullptr}};
  CHECK_FALSE(migrate(*store, gap, error));
  CHECK(error.find("no upgrade from schema") != std::string::npos);
  CHECK(version_of(*store) == v);
}

TEST_CASE("DomainIds numbers each domain once, whatever the hashes, across growth and forget()", "[store]") {
  TempDir dir;
  std::string error;
  auto store = Store::open((dir / "ids.db").string(), Store::Mode::read_write, error);
  REQUIRE(store);
  DomainIds ids;
  Transaction tx(*store);
  REQUIRE(tx.ok());
  // The hash is the caller's: equal hashes for different names (a collision)
  // must still give different ids, and each name its own.
  const std::int64_t a = ids.domain(*store, "a.example", 42), b = ids.domain(*store, "b.example", 42);
  const std::int64_t c = ids.domain(*store, "a.example.", 42);  // longer, same hash
  CHECK(a > 0);
  CHECK(b > 0);
  CHECK(c > 0);
  CHECK(a != b);
  CHECK(a != c);
  CHECK(b != c);
  CHECK(ids.domain(*store, "b.example", 42) == b);
  CHECK(ids.domain(*store, "a.example", 42) == a);
  // Thousands of names (the table grows several times), then all again.
  std::vector<std::int64_t> first;
  for (int i = 0; i < 5000; ++i) {
    const std::string name = "d" + std::to_string(i) + ".example";
    first.push_back(ids.domain(*store, name, hash_bytes(name)));
  }
  CHECK(ids.domain(*store, "a.example", 42) == a);
  Stmt find = store->prepare("SELECT id FROM domains WHERE name = ?1");
  for (int i = 0; i < 5000; ++i) {
    INFO(i);
    const std::string name = "d" + std::to_string(i) + ".example";
    CHECK(ids.domain(*store, name, hash_bytes(name)) == first[static_cast<std::size_t>(i)]);
    bind_value(find.get(), 1, name);
    REQUIRE(sqlite3_step(find.get()) == SQLITE_ROW);
    CHECK(column_int(find.get(), 0) == first[static_cast<std::size_t>(i)]);
    sqlite3_reset(find.get());
  }
  // After forget() the ids come from the database: the same ones.
  ids.forget();
  CHECK(ids.domain(*store, "b.example", 42) == b);
  CHECK(ids.domain(*store, "d4999.example", hash_bytes("d4999.example")) == first.back());
  find.reset();
  CHECK(tx.commit());
}

TEST_CASE("checkpoint() empties the WAL into the database file and does not wait for a reader", "[store][wal]") {
  TempDir dir;
  std::string error, path = (dir / "wal.db").string();
  auto store = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(store);
  auto wal_size = [&] { return std::filesystem::file_size(path + "-wal"); };
  REQUIRE(store->exec("INSERT INTO rollup_dirty (day) VALUES (1), (2)"));
  REQUIRE(wal_size() > 0);
  // A report's read transaction: its snapshot is in the WAL.
  sqlite3* reader = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM rollup_dirty;", nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(store->exec("INSERT INTO rollup_dirty (day) VALUES (3)"));
  // Returns at once (the ingest's busy timeout is 30 minutes), the WAL kept.
  CHECK_FALSE(store->checkpoint());
  CHECK(wal_size() > 0);
  sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(reader);
  CHECK(store->checkpoint());
  CHECK(wal_size() == 0);
  // The database file alone (a backup by cp while the store is open) has every row.
  std::filesystem::copy_file(path, dir / "copy.db");
  auto copy = Store::open((dir / "copy.db").string(), Store::Mode::read_only, error);
  REQUIRE(copy);
  Stmt n = copy->prepare("SELECT count(*) FROM rollup_dirty");
  REQUIRE(sqlite3_step(n.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(n.get(), 0) == 3);
  // The busy timeout is back: a write waits for another writer instead of failing.
  auto other = Store::open(path, Store::Mode::read_write, error);
  REQUIRE(other);
  Transaction first(*other);
  REQUIRE(first.ok());
  REQUIRE(other->exec("INSERT INTO rollup_dirty (day) VALUES (4)"));
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(first.commit());
  });
  CHECK(store->exec("INSERT INTO rollup_dirty (day) VALUES (5)"));
  later.join();
}
