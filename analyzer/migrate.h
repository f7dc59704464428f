#pragma once
// Schema migrations: a database written by an older smtplog is brought to
// kSchemaVersion one step at a time, each step from version N-1 to N being
// the SQL of schema/migrate-N.sql (embedded) and then an optional C++ hook,
// all steps in one write transaction, before anything else touches the file.
// A failed step rolls everything back: the file stays at its old version.
//
//   std::string error;
//   if (!migrate(store, migrations(), error)) ...;   // Store::open does this
#include <span>
#include <string>
#include <string_view>

namespace smtplog {

class Store;

/// One step: a database at version `to - 1` becomes version `to`.
struct Migration {
  int to;
  /// SQL run first: the text of schema/migrate-N.sql (embedded); empty: none.
  std::string_view sql;
  /// Run after the SQL, inside the same transaction, for what SQL cannot do
  /// (re-encoding rows). Null: none. False with a message on failure.
  bool (*hook)(const Store& store, std::string& error) = nullptr;
};

/// The steps of this program, in order of `to`.
std::span<const Migration> migrations();

/// Brings `store` from its PRAGMA user_version to the last step's `to` inside
/// one BEGIN IMMEDIATE transaction (re-reading the version under the lock, so
/// two programs opening an old file at once migrate it once). True when the
/// database is at that version afterwards; false with a message otherwise.
bool migrate(const Store& store, std::span<const Migration> steps, std::string& error);

}  // namespace smtplog
