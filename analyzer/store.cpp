// Opening the store is where most of the safety lives: a file that is not
// ours, is corrupt, or comes from a newer smtplog is refused before anything is
// written to it; a new file is created readable by its owner only, because it
// holds mail addresses.
#include "analyzer/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "analyzer/embedded.h"
#include "analyzer/migrate.h"

namespace smtplog {
namespace {

// The whole wait for another smtplog holding the write lock (overlapping cron
// jobs): long enough for a big ingest to finish, so a second run waits instead
// of failing with "database is locked".
constexpr int kBusyTimeoutMs = 30 * 60 * 1000;

int pragma_int(sqlite3* db, const char* sql, bool& ok) {
  sqlite3_stmt* raw = nullptr;
  ok = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) == SQLITE_OK;
  Stmt s(raw);
  if (!ok) return 0;
  int rc = sqlite3_step(s.get());
  ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
  return rc == SQLITE_ROW ? sqlite3_column_int(s.get(), 0) : 0;
}

}  // namespace

std::optional<Store> Store::open(const std::string& path, Mode mode, std::string& error) {
  struct stat st{};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && mode == Mode::read_only) {
    error = path + ": no such database; run `smtplog ingest` first, or give --db";
    return std::nullopt;
  }
  if (exists && S_ISDIR(st.st_mode)) {
    error = path + ": is a directory, not a database file; give a file path with --db";
    return std::nullopt;
  }
  if (!exists) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) {
      error = path + ": cannot create the database: " + std::strerror(errno) +
              "; check the directory exists and is writable, or give --db";
      return std::nullopt;
    }
    if (fd >= 0) ::close(fd);
  }
  // No allocation statistics: they take a global mutex on every SQLite
  // malloc and free (~4% of the ingest's writer thread). Only possible before
  // SQLite initialises, so on the first open; later calls change nothing.
  static const bool configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)configured;
  sqlite3* raw = nullptr;
  // A report opens the file read-write, with query_only on, when this user
  // may write the file and its directory: a read-only connection cannot
  // remove the WAL's -wal and -shm files when it closes, so every report left
  // them beside a database an ingest had closed cleanly (a `cp` or `ls` then
  // finds three files). The last connection to close removes them.
  bool writable = mode == Mode::read_write;
  if (!writable) {
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    writable = ::access(path.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK | X_OK) == 0;
  }
  int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Store store;
  store.db_.reset(raw);
  store.path_ = path;
  if (rc != SQLITE_OK) {
    error = path + ": cannot open the database: " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
    return std::nullopt;
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_extended_result_codes(raw, 1);
  if (mode == Mode::read_only && writable) sqlite3_exec(raw, "PRAGMA query_only = 1", nullptr, nullptr, nullptr);

  // The three reads below in one read transaction: another smtplog may be
  // creating the schema right now, and reading its application_id before its
  // commit and its tables after would call the file "not smtplog's".
  bool snapshot = sqlite3_exec(raw, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  bool ok = true;
  int app_id = pragma_int(raw, "PRAGMA application_id", ok);
  if (!ok) {
    error = path + ": not a readable SQLite database (" + sqlite3_errmsg(raw) +
            "); it was left untouched. Give another file with --db";
    return std::nullopt;
  }
  int version = pragma_int(raw, "PRAGMA user_version", ok);
  int tables = pragma_int(raw, "SELECT count(*) FROM sqlite_master", ok);
  if (snapshot) sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr);
  if (!ok) {
    error = path + ": the database is corrupt or unreadable (" + sqlite3_errmsg(raw) +
            "); it was left untouched. Restore it from a backup or give another file with --db";
    return std::nullopt;
  }
  if (app_id != kApplicationId && (tables > 0 || app_id != 0)) {
    error = path + ": this SQLite database is not smtplog's; it was left untouched. Give "
            "another file with --db";
    return std::nullopt;
  }
  if (version > kSchemaVersion) {
    error = path + ": the database was written by a newer smtplog (schema " +
            std::to_string(version) + ", this program knows " + std::to_string(kSchemaVersion) +
            "); it was left untouched. Upgrade smtplog";
    return std::nullopt;
  }
  if (mode == Mode::read_only && tables > 0 && version >= 1 && version < kSchemaVersion) {
    // A report on a database from an older smtplog: upgrade it once, through
    // a read-write open (which migrates), when this user may write it.
    store.db_.reset();
    std::string why;
    if (!open(path, Mode::read_write, why)) {
      error = path + ": the database was written by an older smtplog (schema " + std::to_string(version) +
              ", this program needs " + std::to_string(kSchemaVersion) +
              ") and could not be upgraded here (" + why +
              "). Run `smtplog ingest --db " + path + " LOG` once as the database's owner to upgrade it";
      return std::nullopt;
    }
    return open(path, mode, error);
  }
  if (mode == Mode::read_write) {
    // WAL lets reports read while an ingest writes; a crash loses nothing
    // committed. NORMAL sync is durable at each checkpoint and safe with WAL.
    // A new file gets 8 KiB pages (SQLite's default is 4 KiB), which only
    // works before WAL mode: an ingest's commits write half as many WAL frames
    // (one write() and header each) and the checkpoints copy half as many
    // pages; the writer thread's commits take 0.16 -> 0.08 s of CPU per GB of
    // Postfix log (docs/performance.md, session 5). 16 KiB saved 0.015 s more
    // there but made the domain upserts 0.02 s slower (more bytes moved per
    // insert into a page). An existing file keeps its page size.
    //
    // A file with no tables yet (new) is switched to WAL and given its schema
    // with synchronous=OFF: the switch is a rollback-journal transaction that
    // rewrites page 1, and with the WAL's first header that cost six fsyncs
    // (the journal twice, its directory, the file, the WAL and its directory)
    // before the first line was read: 10-40 ms of a fresh database's ingest
    // with both cores idle. Nothing is lost by it: until the first
    // checkpoint, which fsyncs the WAL (and its directory) before it writes
    // the file and fsyncs that, a power loss leaves an empty or header-only
    // file (or one whose WAL SQLite ignores), i.e. a database holding nothing,
    // which the next run creates again: the same as losing the commits since
    // the last checkpoint, which synchronous=NORMAL allows anyway. A killed
    // process loses nothing (the kernel has every write).
    if (tables == 0) store.exec("PRAGMA page_size = 8192; PRAGMA synchronous=OFF;");
    else store.exec("PRAGMA synchronous=NORMAL;");
    store.exec("PRAGMA journal_mode=WAL;");
    if (tables > 0 && version >= 1 && version < kSchemaVersion) {
      // Before anything else reads or writes it: one transaction, all steps.
      std::string why;
      if (!migrate(store, migrations(), why)) {
        error = path + ": cannot upgrade the database from an older smtplog: " + why +
                "; it was left as it was (restore space or permissions and run again)";
        return std::nullopt;
      }
      // Give back the space of dropped tables (schema 1's events: ~700 MB per
      // GB of log). Needs room for a copy; without it the file just stays large.
      store.exec("VACUUM");
    }
    if (tables == 0) {
      // Another smtplog may be creating it right now: decide under the write lock.
      Transaction tx(store);
      bool ok2 = tx.ok();
      if (ok2 && pragma_int(raw, "SELECT count(*) FROM sqlite_master", ok2) == 0 && ok2)
        ok2 = store.exec(embedded_file("schema/schema.sql"));
      if (!ok2 || !tx.commit()) {
        error = path + ": cannot create the schema: " +
                (tx.error().empty() ? store.last_error() : tx.error());
        return std::nullopt;
      }
      store.exec("PRAGMA synchronous=NORMAL;");
    }
  } else if (tables == 0) {
    error = path + ": the database is empty; run `smtplog ingest` first";
    return std::nullopt;
  }
  return store;
}

Stmt Store::prepare(std::string_view sql) const {
  sqlite3_stmt* raw = nullptr;
  sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                     SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  return Stmt(raw);
}

bool Store::exec(std::string_view sql) const {
  std::string s(sql);
  return sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

std::string Store::last_error() const { return sqlite3_errmsg(db_.get()); }

bool Store::checkpoint() const {
  // TRUNCATE waits (in the busy handler) for readers of the WAL to finish:
  // an ingest must not wait for a report, so no busy handler meanwhile.
  sqlite3_busy_timeout(db_.get(), 0);
  int rc = sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
  return rc == SQLITE_OK;
}

Transaction::Transaction(const Store& store) : store_(store) {
  ok_ = store_.exec("BEGIN IMMEDIATE");
  if (!ok_) error_ = store_.last_error();
}

Transaction::~Transaction() {
  if (ok_ && !done_) store_.exec("ROLLBACK");
}

bool Transaction::commit() {
  if (!ok_ || done_) return false;
  done_ = true;
  if (store_.exec("COMMIT")) return true;
  error_ = store_.last_error();
  store_.exec("ROLLBACK");
  return false;
}

void bind_value(sqlite3_stmt* s, int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
void bind_value(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void bind_static(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC);
}
std::int64_t column_int(sqlite3_stmt* s, int i) { return sqlite3_column_int64(s, i); }
std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s, i)) : std::string();
}

bool step_done(sqlite3_stmt* s) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

}  // namespace smtplog
