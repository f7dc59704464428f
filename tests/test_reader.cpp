// The reader and the chunker: lines and offsets, long lines cut with memory
// bounded, compressed inputs (multi-member, truncated, corrupt), unterminated
// last lines.
#include <catch2/catch.hpp>

#include <zlib.h>

#include "analyzer/chunker.h"
#include "analyzer/reader.h"
#include "fixtures.h"
#include "temp_dir.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

struct Line {
  std::string text;
  std::uint64_t offset = 0, end = 0;
  bool cut = false, unterminated = false;
};

// Every line of `path` from `start`, through the Chunker with tiny chunks so
// that refills and lines straddling reads are exercised.
std::vector<Line> all_lines(const std::string& path, std::uint64_t start, std::string* err = nullptr,
                            std::vector<std::string>* texts = nullptr, bool keep_unterminated = true) {
  std::string error;
  auto src = Source::open(path, error);
  REQUIRE(src);
  Chunker chunker(*src, start, !keep_unterminated, 64);
  std::vector<Line> out;
  Chunk c;
  while (chunker.next(c)) {
    std::size_t pos = 0;
    while (pos < c.data.size()) {
      std::size_t nl = c.data.find('\n', pos);
      std::size_t end = nl == std::string::npos ? c.data.size() : nl;
      Line l{c.data.substr(pos, end - pos), c.offset + pos, c.cut ? c.end : c.offset + end + 1,
             c.cut, nl == std::string::npos && c.unterminated};
      out.push_back(l);
      if (texts) texts->push_back(l.text);
      pos = end + 1;
    }
  }
  if (err) *err = chunker.error();
  return out;
}

}  // namespace

TEST_CASE("lines, offsets and resuming at an offset", "[reader]") {
  TempDir dir;
  write_file(dir / "a.log", "one\ntwo\nthree\n");
  std::vector<std::string> t;
  auto lines = all_lines((dir / "a.log").string(), 0, nullptr, &t);
  REQUIRE(t == std::vector<std::string>{"one", "two", "three"});
  CHECK(lines[1].offset == 4);
  CHECK(lines[1].end == 8);
  t.clear();
  all_lines((dir / "a.log").string(), 8, nullptr, &t);
  CHECK(t == std::vector<std::string>{"three"});
}

TEST_CASE("a line longer than the buffer is cut, the rest skipped, the next line intact", "[reader]") {
  TempDir dir;
  std::string huge(kMaxLine * 3, 'x');
  write_file(dir / "long.log", "short\n" + huge + "\nafter\n");
  std::vector<std::string> t;
  auto lines = all_lines((dir / "long.log").string(), 0, nullptr, &t);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].cut);
  CHECK(t[1].size() == kMaxLine);
  CHECK(lines[1].end == 6 + huge.size() + 1);
  CHECK(t[2] == "after");
  CHECK(lines[2].offset == 6 + huge.size() + 1);
}

TEST_CASE("an unterminated last line is handed out or left for the next run", "[reader]") {
  TempDir dir;
  write_file(dir / "u.log", "one\ntw");
  auto lines = all_lines((dir / "u.log").string(), 0);
  REQUIRE(lines.size() == 2);
  CHECK_FALSE(lines[0].unterminated);
  CHECK(lines[1].unterminated);
  CHECK(all_lines((dir / "u.log").string(), 0, nullptr, nullptr, false).size() == 1);
}

TEST_CASE("gzip is read by content, multi-member, with offsets in the content", "[reader]") {
  TempDir dir;
  write_file(dir / "plain-name.log", gzip("one\ntwo\n") + gzip("three\n"));
  std::vector<std::string> t;
  std::string err;
  auto lines = all_lines((dir / "plain-name.log").string(), 4, &err, &t);
  CHECK(err.empty());
  CHECK(t == std::vector<std::string>{"two", "three"});
  CHECK(lines[0].offset == 4);
}

TEST_CASE("a truncated or corrupt gzip stops with an error naming the file", "[reader]") {
  TempDir dir;
  std::string data;
  for (int i = 0; i < 2000; ++i) data += "line " + std::to_string(i) + " with some text\n";
  std::string z = gzip(data);
  write_file(dir / "cut.gz", z.substr(0, z.size() / 2));
  std::string err;
  auto lines = all_lines((dir / "cut.gz").string(), 0, &err);
  CHECK(err.find("cut.gz") != std::string::npos);
  CHECK(err.find("truncated") != std::string::npos);
  CHECK(lines.size() < 2000);
  std::string bad = z;
  for (std::size_t i = bad.size() / 3; i < bad.size() / 3 + 64; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x55);
  write_file(dir / "bad.gz", bad);
  all_lines((dir / "bad.gz").string(), 0, &err);
  CHECK(err.find("bad.gz") != std::string::npos);
}

TEST_CASE("a directory is refused with a message", "[reader]") {
  TempDir dir;
  std::string error;
  CHECK_FALSE(Source::open(dir.path().string(), error));
  CHECK(error.find("is a directory") != std::string::npos);
}

TEST_CASE("bzip2, xz and zstd are read by content, like gzip", "[reader]") {
  TempDir dir;
  std::string data;
  for (int i = 0; i < 3000; ++i) data += "line " + std::to_string(i) + "\n";
  write_file(dir / "in", data);
  struct Tool {
    const char* cmd;
    const char* kind;
  };
  for (Tool t : {Tool{"bzip2", "bzip2"}, Tool{"xz", "xz"}, Tool{"zstd -q", "zstd"}}) {
    std::string out = (dir / (std::string("out-") + t.kind)).string();
    std::string cmd = std::string(t.cmd) + " -c '" + (dir / "in").string() + "' > '" + out + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      WARN("skipped " << t.kind << ": the " << t.cmd << " program is not installed");
      continue;
    }
    std::string error;
    auto src = Source::open(out, error);
    REQUIRE(src);
    CHECK(std::string(src->kind()) == t.kind);
    Chunker chunker(*src, 0, false);
    Chunk c;
    std::size_t n = 0;
    while (chunker.next(c)) n += static_cast<std::size_t>(std::count(c.data.begin(), c.data.end(), '\n'));
    CHECK(chunker.error().empty());
    CHECK(n == 3000);
  }
}
