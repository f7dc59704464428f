#pragma once
// Where tests find their data: the source tree (samples/) and the shared corpus
// beside the project root (../shared/corpus), which may be absent.
#include <filesystem>
#include <string>

namespace smtplog::test {

inline std::filesystem::path source_dir() { return SMTPLOG_SOURCE_DIR; }

/// ../shared/corpus, or $SMTPLOG_CORPUS when set. Empty when it does not exist;
/// tests that need it then WARN and skip with a clear message.
inline std::filesystem::path corpus_dir() {
  if (const char* env = std::getenv("SMTPLOG_CORPUS")) return env;
  std::filesystem::path p = source_dir().parent_path() / "shared" / "corpus";
  return std::filesystem::is_directory(p) ? p : std::filesystem::path{};
}

/// The smtplog program built beside the tests.
inline std::string smtplog_binary() { return SMTPLOG_BINARY; }

}  // namespace smtplog::test
