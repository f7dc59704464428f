// Every input a fuzzer ever crashed on, kept in tests/fuzz/regressions/<target>/,
// replayed through the same entry point (tests/fuzz/targets.h) in the normal
// build, so CI's ASan + UBSan run checks each fix stays fixed. A regression
// shows as a crash or a sanitizer report naming the file below.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "temp_dir.h"
#include "tests/fuzz/targets.h"
#include "tests/paths.h"

namespace fs = std::filesystem;
using namespace smtplog::test;

TEST_CASE("inputs that crashed a fuzzer run cleanly", "[fuzz]") {
  using Target = void (*)(std::string_view);
  const std::map<std::string, Target> targets = {
      {"line", smtplog::fuzz::line},           {"prefix", smtplog::fuzz::prefix},
      {"postfix", smtplog::fuzz::postfix},     {"exim", smtplog::fuzz::exim},
      {"timestamp", smtplog::fuzz::timestamp}, {"reply", smtplog::fuzz::reply},
      {"catalogue", smtplog::fuzz::catalogue}, {"event_block", smtplog::fuzz::event_block},
  };
  fs::path root = source_dir() / "tests" / "fuzz" / "regressions";
  std::size_t replayed = 0;
  if (fs::is_directory(root)) {
    for (const fs::directory_entry& dir : fs::directory_iterator(root)) {
      if (!dir.is_directory()) continue;
      std::string name = dir.path().filename().string();
      if (targets.count(name) == 0) FAIL("tests/fuzz/regressions/" << name << "/ is named after no fuzz target");
      std::vector<fs::path> files;
      for (const fs::directory_entry& f : fs::directory_iterator(dir.path()))
        if (f.is_regular_file() && f.path().filename() != "README.md") files.push_back(f.path());
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        INFO("replaying " << f.string());  // a crash report names the input
        std::string data = read_file(f);
        targets.at(name)(data);
        ++replayed;
      }
    }
  }
  SUCCEED("replayed " << replayed << " inputs");
}
