// The migration runner and the list of steps. Each step's SQL lives in
// schema/migrate-N.sql, so a reviewer reads a schema change as SQL; a hook is
// for what needs C++ (the v1 -> v2 step re-encodes failure events into
// compressed blocks; v2 -> v3, domain counts keyed by ids, is SQL only; v3 ->
// v4 changes no table: it marks a database whose event blocks may be of block
// format 3, which a schema-3 smtplog cannot read; v4 -> v5 adds the size and
// last bytes of a compressed input read to its end). PRAGMA user_version is part of the database header and
// is written in the same transaction as the step, so a crash in the middle of
// a migration leaves the old version with the old tables.
#include "analyzer/migrate.h"

#include <vector>

#include "analyzer/embedded.h"
#include "analyzer/event_blocks.h"
#include "analyzer/store.h"

namespace smtplog {
namespace {

int user_version(const Store& store) {
  Stmt s = store.prepare("PRAGMA user_version");
  return s && sqlite3_step(s.get()) == SQLITE_ROW ? sqlite3_column_int(s.get(), 0) : -1;
}

}  // namespace

std::span<const Migration> migrations() {
  // Step N takes a database from version N-1 to N; the last `to` is kSchemaVersion.
  static const std::vector<Migration> steps = {
      {2, embedded_file("schema/migrate-2.sql"), &migrate_events_v1},
      {3, embedded_file("schema/migrate-3.sql"), nullptr},
      {4, embedded_file("schema/migrate-4.sql"), nullptr},
      {5, embedded_file("schema/migrate-5.sql"), nullptr},
  };
  return steps;
}

bool migrate(const Store& store, std::span<const Migration> steps, std::string& error) {
  const int target = steps.empty() ? user_version(store) : steps.back().to;
  Transaction tx(store);
  if (!tx.ok()) {
    error = "cannot lock the database to upgrade it (" + tx.error() + ")";
    return false;
  }
  int version = user_version(store);
  if (version < 0) {
    error = "cannot read its schema version (" + store.last_error() + ")";
    return false;
  }
  if (version >= target) return true;  // someone else upgraded it meanwhile
  for (const Migration& step : steps) {
    if (step.to <= version) continue;
    if (step.to != version + 1) {
      error = "no upgrade from schema " + std::to_string(version) + " to " + std::to_string(step.to);
      return false;
    }
    std::string where = "upgrading from schema " + std::to_string(version) + " to " + std::to_string(step.to);
    if (!step.sql.empty()) {
      if (!store.exec(step.sql)) {
        error = where + ": " + store.last_error();
        return false;
      }
    }
    if (step.hook && !step.hook(store, error)) {
      error = where + ": " + error;
      return false;
    }
    if (!store.exec("PRAGMA user_version = " + std::to_string(step.to))) {
      error = where + ": " + store.last_error();
      return false;
    }
    version = step.to;
  }
  if (!tx.commit()) {
    error = "cannot commit the upgrade (" + tx.error() + ")";
    return false;
  }
  return true;
}

}  // namespace smtplog
