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
    std::string_view data = c.data();
    std::size_t pos = 0;
    while (pos < data.size()) {
      std::size_t nl = data.find('\n', pos);
      std::size_t end = nl == std::string::npos ? data.size() : nl;
      Line l{std::string(data.substr(pos, end - pos)), c.offset + pos, c.cut ? c.end : c.offset + end + 1,
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
    while (chunker.next(c)) n += static_cast<std::size_t>(std::count(c.data().begin(), c.data().end(), '\n'));
    CHECK(chunker.error().empty());
    CHECK(n == 3000);
  }
}

namespace {

// The lines of `text` found byte by byte: the reference LineSplitter must match.
std::vector<std::pair<std::size_t, std::string>> reference_lines(std::string_view text) {
  std::vector<std::pair<std::size_t, std::string>> out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') {
      out.emplace_back(begin, std::string(text.substr(begin, i - begin)));
      begin = i + 1;
    }
  if (begin < text.size()) out.emplace_back(begin, std::string(text.substr(begin)));
  return out;
}

std::vector<std::pair<std::size_t, std::string>> splitter_lines(std::string_view text) {
  std::vector<std::pair<std::size_t, std::string>> out;
  LineSplitter lines(text);
  for (std::string_view line; lines.next(line);) out.emplace_back(lines.begin(), std::string(line));
  return out;
}

// Text of `n` bytes from a fixed seed: mostly letters, with '\n', '\r', NUL and
// bytes >= 0x80 (a signed compare must not take them for '\n').
std::string random_text(std::uint32_t& seed, std::size_t n, unsigned newline_in) {
  std::string s(n, 'a');
  for (char& ch : s) {
    seed = seed * 1664525u + 1013904223u;
    unsigned r = seed >> 8;
    if (r % newline_in == 0) ch = '\n';
    else if (r % 17 == 0) ch = '\r';
    else if (r % 19 == 0) ch = '\0';
    else if (r % 23 == 0) ch = static_cast<char>(0x8a);  // '\n' | 0x80
    else ch = static_cast<char>('a' + r % 26);
  }
  return s;
}

}  // namespace

TEST_CASE("LineSplitter: line ends at 16- and 64-byte boundaries, at the end, none at all", "[reader]") {
  // Every length around the block sizes, a '\n' at every position around them.
  for (std::size_t n : {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 200}) {
    std::string none(n, 'x');
    CHECK(splitter_lines(none) == reference_lines(none));
    for (std::size_t at = 0; at < n; ++at) {
      std::string one = none;
      one[at] = '\n';
      INFO("length " << n << ", '\\n' at " << at);
      REQUIRE(splitter_lines(one) == reference_lines(one));
    }
    std::string all(n, '\n');  // empty lines only
    CHECK(splitter_lines(all).size() == n);
  }
  // Only the view is read: a '\n' just after it is not a line end of it.
  std::string buf = std::string(64, 'y') + "\n" + std::string(70, 'z') + "\n";
  CHECK(splitter_lines(std::string_view(buf).substr(0, 64)) ==
        std::vector<std::pair<std::size_t, std::string>>{{0, std::string(64, 'y')}});
  CHECK(splitter_lines(std::string_view(buf).substr(65, 70)) ==
        std::vector<std::pair<std::size_t, std::string>>{{0, std::string(70, 'z')}});
  // CRs, NULs and high bytes are line content.
  std::string odd = std::string("a\rb\0c\n", 6) + "\x8a\xff\n\r\n";
  CHECK(splitter_lines(odd) == reference_lines(odd));
  CHECK(splitter_lines(odd).size() == 3);
}

TEST_CASE("LineSplitter matches a byte-by-byte split on random text", "[reader]") {
  std::uint32_t seed = 12345;
  for (unsigned newline_in : {2u, 7u, 60u, 140u, 1000u})
    for (std::size_t n = 0; n < 400; n += 7) {
      std::string text = random_text(seed, n, newline_in);
      INFO("length " << n << ", a '\\n' in " << newline_in);
      REQUIRE(splitter_lines(text) == reference_lines(text));
    }
}

TEST_CASE("the chunker's lines and offsets at any chunk size, with CRs and NULs", "[reader]") {
  TempDir dir;
  std::uint32_t seed = 777;
  // Lines of 0 to ~300 bytes, one of 5,000 (longer than the small chunks);
  // the file ends with '\n' or without.
  std::string content = random_text(seed, 20000, 90) + "\n" + std::string(5000, 'L') + "\n" +
                        random_text(seed, 3000, 40);
  for (bool terminated : {true, false}) {
    std::string file = content + (terminated ? "\n" : "");
    write_file(dir / "r.log", file);
    auto want = reference_lines(file);
    for (std::size_t chunk : {std::size_t(16), std::size_t(64), std::size_t(100), std::size_t(4096), std::size_t(1) << 20}) {
      for (bool stop : {false, true}) {
        std::string error;
        auto src = Source::open((dir / "r.log").string(), error);
        REQUIRE(src);
        Chunker chunker(*src, 0, stop, chunk);
        Chunk c;
        std::vector<std::pair<std::size_t, std::string>> got;
        std::uint64_t expect_offset = 0;
        while (chunker.next(c)) {
          INFO("chunk size " << chunk);
          REQUIRE(c.offset == expect_offset);
          REQUIRE(c.end == c.offset + c.data().size());
          REQUIRE_FALSE(c.cut);
          REQUIRE_FALSE(c.data().empty());
          CHECK(c.unterminated == (c.data().back() != '\n'));
          LineSplitter lines(c.data());
          for (std::string_view line; lines.next(line);)
            got.emplace_back(c.offset + lines.begin(), std::string(line));
          expect_offset = c.end;
        }
        CHECK(chunker.error().empty());
        auto expected = want;
        if (!terminated && stop) expected.pop_back();  // left for the next run
        INFO("chunk size " << chunk << (terminated ? ", terminated" : ", unterminated")
                           << (stop ? ", stop at unterminated" : ""));
        CHECK(got == expected);
      }
    }
  }
}

TEST_CASE("a chunk without any line end: held until one comes, cut beyond 64 KiB", "[reader]") {
  TempDir dir;
  // Longer than the chunk but shorter than kMaxLine: one whole line, not cut.
  std::string mid(3000, 'm');
  write_file(dir / "mid.log", mid + "\nnext\n");
  std::vector<std::string> t;
  auto lines = all_lines((dir / "mid.log").string(), 0, nullptr, &t);
  REQUIRE(t == std::vector<std::string>{mid, "next"});
  CHECK_FALSE(lines[0].cut);
  CHECK(lines[1].offset == 3001);
  // No '\n' at all: handed out as unterminated (or held for the next run).
  write_file(dir / "none.log", mid);
  lines = all_lines((dir / "none.log").string(), 0, nullptr, &t);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].unterminated);
  CHECK(t.back() == mid);
  CHECK(all_lines((dir / "none.log").string(), 0, nullptr, nullptr, false).empty());
  // Longer than kMaxLine without '\n' to the end: cut, its end the file's end.
  std::string huge(kMaxLine + 5000, 'h');
  write_file(dir / "huge.log", huge);
  lines = all_lines((dir / "huge.log").string(), 0, nullptr, &t);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].cut);
  CHECK(lines[0].end == huge.size());
  CHECK(t.back().size() == kMaxLine);
  // A line longer than kMaxLine whose '\n' is the last byte of a read.
  std::string edge(kMaxLine + 64 * 3 - 1, 'e');  // with its '\n': 3 chunks of 64 past kMaxLine
  write_file(dir / "edge.log", edge + "\nz\n");
  lines = all_lines((dir / "edge.log").string(), 0, nullptr, &t);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].cut);
  CHECK(lines[0].end == edge.size() + 1);
  CHECK(lines[1].offset == edge.size() + 1);
  CHECK(t.back() == "z");
}

TEST_CASE("LineSplitter says which lines hold a '#', at any position around its blocks", "[reader]") {
  // Reference: each line's '#' found byte by byte.
  auto reference = [](std::string_view text) {
    std::vector<bool> out;
    for (const auto& [begin, line] : reference_lines(text)) out.push_back(line.find('#') != std::string::npos);
    return out;
  };
  auto flags = [](std::string_view text) {
    std::vector<bool> out;
    LineSplitter lines(text);
    for (std::string_view line; lines.next(line);) out.push_back(lines.has_hash());
    return out;
  };
  // One '#' and one '\n' at every pair of positions around the 16- and 64-byte
  // boundaries: before, after, the same block, the next one, the unterminated end.
  for (std::size_t n : {1, 15, 16, 17, 63, 64, 65, 128, 130}) {
    for (std::size_t hash = 0; hash < n; ++hash) {
      std::string text(n, 'x');
      text[hash] = '#';
      REQUIRE(flags(text) == reference(text));
      for (std::size_t nl = 0; nl < n; ++nl) {
        if (nl == hash) continue;
        std::string two = text;
        two[nl] = '\n';
        INFO("length " << n << ", '#' at " << hash << ", '\\n' at " << nl);
        REQUIRE(flags(two) == reference(two));
        REQUIRE(splitter_lines(two) == reference_lines(two));
      }
    }
  }
  // Random text with '#' (and '#' | 0x80, which is not one) among the lines.
  std::uint32_t seed = 4242;
  for (unsigned newline_in : {3u, 50u, 140u})
    for (std::size_t n = 0; n < 500; n += 11) {
      std::string text = random_text(seed, n, newline_in);
      for (char& ch : text) {
        seed = seed * 1664525u + 1013904223u;
        if ((seed >> 8) % 29 == 0 && ch != '\n') ch = (seed >> 20) & 1 ? '#' : static_cast<char>('#' | 0x80);
      }
      INFO("length " << n << ", a '\\n' in " << newline_in);
      REQUIRE(flags(text) == reference(text));
      REQUIRE(splitter_lines(text) == reference_lines(text));
    }
}
