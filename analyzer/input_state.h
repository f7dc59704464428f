#pragma once
// What smtplog remembers about each input: a fingerprint of its first bytes and
// the offset reached. Rotation renames and compresses files, but their content
// (hence their fingerprint) stays, so mail.log -> mail.log.1 -> mail.log.2.gz is
// recognised as one input and nothing is counted twice.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/store.h"

namespace smtplog {

/// Bytes of content a fingerprint covers (fewer while a file is shorter).
constexpr std::size_t kFingerprintBytes = 4096;

/// Hex digest (FNV-1a 64 and CRC-32) of `data`.
std::string fingerprint(std::string_view data);

struct InputState {
  std::int64_t id = 0;         ///< 0 until stored
  std::string fingerprint;
  std::size_t fp_len = 0;
  std::uint64_t offset = 0;    ///< content bytes already ingested
  std::uint64_t lines = 0;     ///< lines already ingested
  bool known = false;          ///< found in the database
  std::string path;            ///< the path stored with it
  bool fingerprint_grew = false;  ///< stored while shorter: the row's fingerprint needs updating
  /// A compressed file read to its end: its size on disk and fingerprint() of
  /// its last kDiskTailBytes then (0 and empty otherwise; see save_disk_state).
  std::uint64_t disk_size = 0;
  std::string disk_tail;
};

/// Bytes at the end of a compressed file that disk_tail covers.
constexpr std::size_t kDiskTailBytes = 4096;

/// Finds the input whose fingerprint matches `head` (the first bytes of the
/// content), including one stored while the file was shorter.
InputState find_input(const Store& store, std::string_view head);

/// Inserts or updates the input row (inside the caller's transaction), with
/// disk_size and disk_tail as `state` has them (cleared by a run that reads).
bool save_input(const Store& store, InputState& state, const std::string& path,
                std::string_view format, std::int64_t now);

/// Remembers that input `id`, a compressed file of `disk_size` bytes whose
/// last bytes have fingerprint `disk_tail`, was read to its end: a later run
/// that finds the same size and last bytes skips it without decompressing.
bool save_disk_state(const Store& store, std::int64_t id, std::uint64_t disk_size,
                     const std::string& disk_tail);

/// The last input row stored under `path`, if any (to notice content that
/// changed under the same name).
std::optional<InputState> input_by_path(const Store& store, const std::string& path);

}  // namespace smtplog
