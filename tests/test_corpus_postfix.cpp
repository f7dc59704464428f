// The Postfix parser over every Postfix line of the shared corpus
// (../shared/corpus, see its PROVENANCE.md): no crash, and of the Postfix lines
// that carry a reply code, the share whose code the parser extracts is printed
// and must be at least 99.5%.
//
// Which lines "carry a reply code" is decided here, independently of the
// parser, with the corpus's own rough definition (PROVENANCE.md, "reply-code
// lines"): a basic code followed by an enhanced code, or a basic code right
// after "said: ", "]: ", ": " or "(". A line counts as extracted when the
// parser returns an event whose basic code is the one that definition found.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "parsers/line.h"
#include "tests/paths.h"

using namespace smtplog;
namespace fs = std::filesystem;

namespace {

// Postfix daemons whose lines can carry a reply, as a syslog tag.
const RE2 kPostfixTag(
    R"(\s(?:[A-Za-z0-9._-]+/)+(?:smtpd|smtp|lmtp|postscreen|cleanup|qmgr|local|virtual|pipe|)"
    R"(error|retry|discard|bounce)\[\d+\]: )");
const RE2 kReplyCode(
    R"(([245]\d\d)[ -][245]\.\d{1,3}\.\d{1,3}|(?:said: |\]: |: |\()([245]\d\d)[ -])");

// msimerson-postfix-parser/body-only.log mixes daemons without saying which;
// guess from the body so that the synthetic tag is plausible.
std::string guess_daemon(std::string_view body) {
  auto has = [&](std::string_view s) { return body.find(s) != std::string_view::npos; };
  if (has("relay=local")) return "local";
  if (has("notification: ")) return "bounce";
  if (has("nrcpt=") || has("status=expired") || has(": removed") || has("skipped, still"))
    return "qmgr";
  if (has("message-id=")) return "cleanup";
  if (has("uid=") && has("from=<")) return "pickup";
  if (has("WHITELISTED")) return "postscreen";
  if (has("released from hold")) return "postsuper";
  return "smtp";
}

struct Totals {
  std::size_t files = 0, lines = 0, postfix_lines = 0, reply_lines = 0, extracted = 0;
  std::size_t kinds[5] = {};
  std::vector<std::string> misses, unparsed;
};

void run_line(const std::string& line, bool postfix_by_construction, Totals& t, Scratch& scratch) {
  Event ev;
  ParseResult r = parse_line(line, ev, scratch);
  ++t.lines;
  ++t.kinds[static_cast<int>(r.kind)];
  if (r.kind == LineKind::unparsed && ev.mta == Mta::postfix)
    t.unparsed.push_back(std::string(r.reason) + " | " + line);
  if (!postfix_by_construction && !RE2::PartialMatch(line, kPostfixTag)) return;
  ++t.postfix_lines;
  std::string a, b;
  if (!RE2::PartialMatch(line, kReplyCode, &a, &b)) return;
  ++t.reply_lines;
  int code = std::stoi(a.empty() ? b : a);
  if (r.kind == LineKind::event && ev.reply.code == code)
    ++t.extracted;
  else
    t.misses.push_back(line);
}

void run_file(const fs::path& path, Totals& t, Scratch& scratch) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  const std::string dir = path.parent_path().filename().string();
  const std::string stem = path.stem().string();
  const bool body_only = dir == "body-only";
  const bool mixed_bodies = stem == "body-only";  // msimerson-postfix-parser
  ++t.files;
  while (std::getline(in, line)) {
    if (body_only || mixed_bodies) {
      std::string daemon = body_only ? stem : guess_daemon(line);
      std::replace(daemon.begin(), daemon.end(), '_', '-');  // trivial_rewrite.log
      run_line("Jan  1 00:00:00 corpus postfix/" + daemon + "[1]: " + line, true, t, scratch);
    } else {
      run_line(line, false, t, scratch);
    }
  }
}

}  // namespace

TEST_CASE("Postfix corpus: reply codes extracted from at least 99.5% of reply lines",
          "[corpus][postfix]") {
  const fs::path corpus = test::corpus_dir();
  if (corpus.empty()) {
    WARN("shared corpus not found (../shared/corpus beside the project, or $SMTPLOG_CORPUS): "
         "Postfix corpus test skipped");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file() && e.path().extension() == ".log") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  Totals t;
  Scratch scratch;
  for (const fs::path& f : files) run_file(f, t, scratch);

  const double share = t.reply_lines ? 100.0 * t.extracted / t.reply_lines : 0.0;
  std::cout << "Postfix corpus: " << t.files << " files, " << t.lines << " lines ("
            << t.kinds[0] << " event, " << t.kinds[1] << " ignored, " << t.kinds[2]
            << " foreign, " << t.kinds[3] << " continuation, " << t.kinds[4] << " unparsed); "
            << t.postfix_lines << " Postfix lines, " << t.reply_lines
            << " carry a reply code, code extracted from " << t.extracted << " = " << share
            << "%\n";
  for (const std::string& m : t.misses) std::cout << "  not extracted: " << m << "\n";
  for (const std::string& u : t.unparsed) std::cout << "  unparsed: " << u << "\n";
  CHECK(t.reply_lines > 500);  // 722 when this test was written
  CHECK(share >= 99.5);
}
