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
};

/// Finds the input whose fingerprint matches `head` (the first bytes of the
/// content), including one stored while the file was shorter.
InputState find_input(const Store& store, std::string_view head);

/// Inserts or updates the input row (inside the caller's transaction).
bool save_input(const Store& store, InputState& state, const std::string& path,
                std::string_view format, std::int64_t now);

/// The last input row stored under `path`, if any (to notice content that
/// changed under the same name).
std::optional<InputState> input_by_path(const Store& store, const std::string& path);

}  // namespace smtplog
