// The reader: lines and offsets, long lines cut with memory bounded, gzip
// (multi-member, truncated, corrupt), unterminated last lines.
#include <catch2/catch.hpp>

#include <zlib.h>

#include "analyzer/reader.h"
#include "temp_dir.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::vector<Line> all_lines(const std::string& path, std::uint64_t start, std::string* err = nullptr,
                            std::vector<std::string>* texts = nullptr) {
  std::string error;
  auto src = Source::open(path, error);
  REQUIRE(src);
  LineReader r(*src, start, 64, 16);  // tiny blocks to exercise refills
  std::vector<Line> out;
  Line l;
  while (r.next(l)) {
    out.push_back(l);
    if (texts) texts->emplace_back(l.text);
  }
  if (err) *err = r.error();
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

TEST_CASE("a long line is cut, the rest skipped, the next line intact", "[reader]") {
  TempDir dir;
  write_file(dir / "long.log", "short\n" + std::string(1000, 'x') + "\nafter\n");
  std::vector<std::string> t;
  auto lines = all_lines((dir / "long.log").string(), 0, nullptr, &t);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].cut);
  CHECK(t[1] == std::string(16, 'x'));
  CHECK(lines[1].end == 6 + 1001);
  CHECK(t[2] == "after");
  CHECK(lines[2].offset == 6 + 1001);
}

TEST_CASE("an unterminated last line is reported as such", "[reader]") {
  TempDir dir;
  write_file(dir / "u.log", "one\ntw");
  auto lines = all_lines((dir / "u.log").string(), 0);
  REQUIRE(lines.size() == 2);
  CHECK_FALSE(lines[0].unterminated);
  CHECK(lines[1].unterminated);
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
    LineReader r(*src);
    Line l;
    std::size_t n = 0;
    while (r.next(l)) ++n;
    CHECK(r.error().empty());
    CHECK(n == 3000);
  }
}
