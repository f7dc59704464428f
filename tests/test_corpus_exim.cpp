// The Exim parser over every Exim file of the shared corpus (../shared/corpus,
// see its PROVENANCE.md): no crash on any line or any prefix of a line, and of
// the lines that carry a reply code, the share whose code the parser extracts
// is printed and must be at least 99.5%.
//
// "Carries a reply code" is decided without the parser, by the corpus's own
// rough rule (PROVENANCE.md): a basic code followed by an enhanced code
// ("550 5.7.1", "421-4.7.0"), or a bare code followed by a space or hyphen
// and text right after "said: ", "]: ", ": ", "(", "C=\"" or "reject=". Its
// false positives, which are no SMTP reply, are left out: DKIM key sizes
// ("bits: 253 h=", "too short: 512 bits)"), a virus scanner daemon's own protocol ("malware acl
// condition: avast ... : 451 SCAN Engine error"), and configuration errors
// that quote a configured text ("configured error code starts with incorrect
// digit ... in \"490 ...\"", "EHLO/HELO response must not contain newlines").
// "Extracted" means the event's reply has that code and it was read from the
// line (not inferred). Exim's host-level error lines (ignored, because the
// address line after them repeats the reply) and event_action debug lines
// still have their reply read: they are shown as a separate column.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "parsers/line.h"
#include "tests/paths.h"

using namespace smtplog;
namespace fs = std::filesystem;

namespace {

bool is_exim_file(const fs::path& relative) {
  std::string s = relative.generic_string();
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.find("exim") != std::string::npos && s.find("provenance") == std::string::npos;
}

std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

struct Tally {
  std::size_t lines = 0, with_code = 0, counted = 0, traced = 0;
  std::map<LineKind, std::size_t> kinds;
  std::vector<std::string> missed;
};

}  // namespace

TEST_CASE("Exim corpus: every line parses, reply codes are extracted", "[corpus-exim]") {
  const fs::path dir = test::corpus_dir();
  if (dir.empty() || !fs::is_directory(dir)) {
    WARN("shared corpus not found (../shared/corpus beside the project, or $SMTPLOG_CORPUS): "
         "Exim corpus test skipped");
    return;
  }
  static const RE2 kEnhanced(R"([245]\d\d[ -][245]\.\d{1,3}\.\d{1,3})");
  static const RE2 kBare(R"((?:said: |\]: |: |\(|C="|reject=|^)([245]\d\d)[ -]\S)");
  static const RE2 kNotReply(
      R"(bits: \d|\d bits\)|malware acl condition: |configured error code starts with|)"
      R"(response must not contain newlines)");
  static const RE2 kPostfix(R"((?i)postfix)");
  REQUIRE(kEnhanced.ok());
  REQUIRE(kBare.ok());

  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && is_exim_file(fs::relative(e.path(), dir))) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());

  Tally total;
  Scratch scratch;
  Event ev;
  std::ostringstream report;
  char buf[256];
  for (const fs::path& file : files) {
    Tally t;
    for (const std::string& line : read_lines(file)) {
      // Two of the files mix Postfix lines in; those are the Postfix parser's.
      if (RE2::PartialMatch(line, kPostfix)) continue;
      ++t.lines;
      ParseResult r = parse_line(line, ev, scratch);
      ++t.kinds[r.kind];
      bool carries = (RE2::PartialMatch(line, kEnhanced) || RE2::PartialMatch(line, kBare)) &&
                     !RE2::PartialMatch(line, kNotReply);
      if (!carries) continue;
      ++t.with_code;
      bool read = ev.reply.code != 0 && !ev.reply.inferred &&
                  line.find(std::to_string(ev.reply.code)) != std::string::npos;
      if (read && r.kind == LineKind::event) {
        ++t.counted;
      } else if (read) {
        ++t.traced;
      } else if (t.missed.size() < 30) {
        t.missed.push_back(file.filename().string() + ": " + line.substr(0, 240));
      }
    }
    std::snprintf(buf, sizeof buf, "  %-52s %6zu lines %5zu with a code: %5zu counted + %4zu traced\n",
                  fs::relative(file, dir).generic_string().c_str(), t.lines, t.with_code, t.counted,
                  t.traced);
    report << buf;
    total.lines += t.lines;
    total.with_code += t.with_code;
    total.counted += t.counted;
    total.traced += t.traced;
    for (auto [k, n] : t.kinds) total.kinds[k] += n;
    for (auto& m : t.missed)
      if (total.missed.size() < 40) total.missed.push_back(m);
  }
  double recall = total.with_code ? 100.0 * (total.counted + total.traced) / total.with_code : 100.0;
  std::snprintf(buf, sizeof buf,
                "Exim corpus recall: %zu of %zu reply-bearing lines have their code extracted = %.2f%% "
                "(%zu counted as events, %zu read on lines that are not counted)\n",
                total.counted + total.traced, total.with_code, recall, total.counted, total.traced);
  report << buf << "  line kinds:";
  for (auto [k, n] : total.kinds) report << ' ' << to_string(k) << '=' << n;
  report << '\n';
  for (const std::string& m : total.missed) report << "  missed: " << m << '\n';
  std::fputs(report.str().c_str(), stdout);
  CHECK(recall >= 99.5);
}

TEST_CASE("Exim corpus: every prefix and a mutation of every line parse safely", "[corpus-exim]") {
  const fs::path dir = test::corpus_dir();
  if (dir.empty() || !fs::is_directory(dir)) {
    WARN("shared corpus not found: Exim robustness-over-corpus test skipped");
    return;
  }
  Scratch scratch;
  Event ev;
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  std::size_t parsed = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || !is_exim_file(fs::relative(e.path(), dir))) continue;
    for (const std::string& line : read_lines(e.path())) {
      // Every prefix (a truncated line), each parsed from its own copy so the
      // sanitizer sees a read past its end.
      std::size_t step = line.size() > 400 ? line.size() / 200 : 1;
      for (std::size_t n = 0; n <= line.size(); n += step) {
        std::string copy = line.substr(0, n);
        (void)parse_line(copy, ev, scratch);
        ++parsed;
      }
      // A few bytes flipped to anything, NUL included.
      std::string mutated = line;
      for (int i = 0; i < 4 && !mutated.empty(); ++i)
        mutated[next() % mutated.size()] = static_cast<char>(next() & 0xff);
      (void)parse_line(mutated, ev, scratch);
      ++parsed;
    }
  }
  CHECK(parsed > 0);
}
