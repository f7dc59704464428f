#pragma once
// The SQLite store: one file, schema/schema.sql applied on creation,
// application_id and user_version checked on every open.
//
//   std::string error;
//   auto store = Store::open("smtplog.db", Store::Mode::read_write, error);
//   if (!store) { std::cerr << error; return 3; }
//   Transaction tx(*store);               // BEGIN IMMEDIATE (waits for other writers)
//   Stmt s = store->prepare("INSERT ...");
//   ...
//   tx.commit();
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace smtplog {

struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

struct DbClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

/// The schema version this program writes and understands.
constexpr int kSchemaVersion = 5;
constexpr int kApplicationId = 0x534D544C;  // "SMTL"

class Store {
 public:
  enum class Mode { read_only, read_write };

  /// Opens (read_write: creating, owner-only, if missing) and checks the
  /// database. On failure returns nullopt and a message that names the file and
  /// says what to do; the file is left untouched.
  static std::optional<Store> open(const std::string& path, Mode mode, std::string& error);

  sqlite3* db() const { return db_.get(); }
  const std::string& path() const { return path_; }

  /// Prepares `sql`; on failure throws nothing and returns null (see last_error()).
  Stmt prepare(std::string_view sql) const;
  /// Runs `sql` (several statements allowed). False on failure (see last_error()).
  bool exec(std::string_view sql) const;
  std::string last_error() const;

  /// Copies the WAL into the database file and empties it (a TRUNCATE
  /// checkpoint), without waiting: while a reader (a report) still reads from
  /// the WAL, copies what it can and leaves the rest to a later checkpoint or
  /// to the close. Only between transactions. True when the WAL is empty now.
  bool checkpoint() const;

 private:
  std::unique_ptr<sqlite3, DbClose> db_;
  std::string path_;
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed without commit().
class Transaction {
 public:
  explicit Transaction(const Store& store);
  ~Transaction();
  Transaction(const Transaction&) = delete;  // one BEGIN, one COMMIT
  Transaction& operator=(const Transaction&) = delete;
  bool ok() const { return ok_; }
  bool commit();
  /// Why BEGIN or COMMIT failed (SQLite's message), empty otherwise.
  const std::string& error() const { return error_; }

 private:
  const Store& store_;
  bool ok_ = false, done_ = false;
  std::string error_;
};

// Binding and reading helpers; indexes are 1-based as in SQLite. Not named
// bind(): with a std::string argument, argument-dependent lookup would also
// find std::bind, a template that wins overload resolution and binds nothing.
void bind_value(sqlite3_stmt* s, int i, std::int64_t v);
void bind_value(sqlite3_stmt* s, int i, std::string_view v);
/// Binds `v` without SQLite copying it: `v` must stay valid until the
/// statement is stepped and reset (or bound again), e.g. a batch's own strings.
void bind_static(sqlite3_stmt* s, int i, std::string_view v);
std::int64_t column_int(sqlite3_stmt* s, int i);
std::string column_text(sqlite3_stmt* s, int i);

/// Steps a statement that returns no rows, then resets it. False on error.
bool step_done(sqlite3_stmt* s);

}  // namespace smtplog
