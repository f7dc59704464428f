// Fingerprints are two cheap independent hashes of at most 4 KiB: enough to
// tell log files apart (their first line carries a timestamp and a pid), and no
// addresses are kept in clear.
#include "analyzer/input_state.h"

#include <zlib.h>

#include <cstdio>

namespace smtplog {

std::string fingerprint(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx%08lx", static_cast<unsigned long long>(h),
                static_cast<unsigned long>(crc));
  return buf;
}

namespace {

InputState from_row(sqlite3_stmt* s) {
  InputState st;
  st.id = column_int(s, 0);
  st.fingerprint = column_text(s, 1);
  st.fp_len = static_cast<std::size_t>(column_int(s, 2));
  st.offset = static_cast<std::uint64_t>(column_int(s, 3));
  st.lines = static_cast<std::uint64_t>(column_int(s, 4));
  st.path = column_text(s, 5);
  st.disk_size = static_cast<std::uint64_t>(column_int(s, 6));
  st.disk_tail = column_text(s, 7);
  st.known = true;
  return st;
}

}  // namespace

InputState find_input(const Store& store, std::string_view head) {
  InputState want;
  want.fp_len = std::min(head.size(), kFingerprintBytes);
  want.fingerprint = fingerprint(head.substr(0, want.fp_len));
  if (want.fp_len == 0) return want;
  Stmt exact = store.prepare(
      "SELECT id, fingerprint, fp_len, offset, lines, path, disk_size, disk_tail FROM inputs "
      "WHERE fingerprint = ? AND fp_len = ? ORDER BY id LIMIT 1");
  bind_value(exact.get(), 1, want.fingerprint);
  bind_value(exact.get(), 2, static_cast<std::int64_t>(want.fp_len));
  if (sqlite3_step(exact.get()) == SQLITE_ROW) return from_row(exact.get());
  // Stored while the file was shorter than kFingerprintBytes: compare prefixes.
  Stmt shorter = store.prepare(
      "SELECT id, fingerprint, fp_len, offset, lines, path, disk_size, disk_tail FROM inputs "
      "WHERE fp_len < ? ORDER BY fp_len DESC, id");
  bind_value(shorter.get(), 1, static_cast<std::int64_t>(want.fp_len));
  while (sqlite3_step(shorter.get()) == SQLITE_ROW) {
    InputState st = from_row(shorter.get());
    if (st.fp_len > 0 && fingerprint(head.substr(0, st.fp_len)) == st.fingerprint) {
      st.fingerprint = want.fingerprint;  // grown: remember the longer fingerprint
      st.fp_len = want.fp_len;
      st.fingerprint_grew = true;
      return st;
    }
  }
  return want;
}

bool save_input(const Store& store, InputState& st, const std::string& path,
                std::string_view format, std::int64_t now) {
  if (st.id == 0) {
    Stmt s = store.prepare(
        "INSERT INTO inputs (fingerprint, fp_len, path, format, offset, lines, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    bind_value(s.get(), 1, st.fingerprint);
    bind_value(s.get(), 2, static_cast<std::int64_t>(st.fp_len));
    bind_value(s.get(), 3, path);
    bind_value(s.get(), 4, format);
    bind_value(s.get(), 5, static_cast<std::int64_t>(st.offset));
    bind_value(s.get(), 6, static_cast<std::int64_t>(st.lines));
    bind_value(s.get(), 7, now);
    bind_value(s.get(), 8, now);
    if (!step_done(s.get())) return false;
    st.id = sqlite3_last_insert_rowid(store.db());
    return true;
  }
  Stmt s = store.prepare(
      "UPDATE inputs SET fingerprint = ?, fp_len = ?, path = ?, format = ?, offset = ?, lines = ?, "
      "last_seen = ?, disk_size = ?, disk_tail = ? WHERE id = ?");
  bind_value(s.get(), 1, st.fingerprint);
  bind_value(s.get(), 2, static_cast<std::int64_t>(st.fp_len));
  bind_value(s.get(), 3, path);
  bind_value(s.get(), 4, format);
  bind_value(s.get(), 5, static_cast<std::int64_t>(st.offset));
  bind_value(s.get(), 6, static_cast<std::int64_t>(st.lines));
  bind_value(s.get(), 7, now);
  if (st.disk_size > 0 && !st.disk_tail.empty()) {
    bind_value(s.get(), 8, static_cast<std::int64_t>(st.disk_size));
    bind_value(s.get(), 9, st.disk_tail);
  }  // else NULL: unbound parameters are NULL
  bind_value(s.get(), 10, st.id);
  return step_done(s.get());
}

bool save_disk_state(const Store& store, std::int64_t id, std::uint64_t disk_size,
                     const std::string& disk_tail) {
  Stmt s = store.prepare("UPDATE inputs SET disk_size = ?, disk_tail = ? WHERE id = ?");
  bind_value(s.get(), 1, static_cast<std::int64_t>(disk_size));
  bind_value(s.get(), 2, disk_tail);
  bind_value(s.get(), 3, id);
  return step_done(s.get());
}

std::optional<InputState> input_by_path(const Store& store, const std::string& path) {
  Stmt s = store.prepare(
      "SELECT id, fingerprint, fp_len, offset, lines, path, disk_size, disk_tail FROM inputs WHERE path = ? "
      "ORDER BY last_seen DESC, id DESC LIMIT 1");
  bind_value(s.get(), 1, path);
  if (sqlite3_step(s.get()) == SQLITE_ROW) return from_row(s.get());
  return std::nullopt;
}

}  // namespace smtplog
