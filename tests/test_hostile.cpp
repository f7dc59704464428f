// Hostile and broken input: log text is written by strangers, and files get
// damaged. For each kind of input: no crash, no hang, bounded memory, every
// line counted (line_counts), the bad ones as unparsed with their exact line
// number, and errors that name the file and the line.
//
// The lines are real: samples/exim/default/mainlog (made by a real Exim), and
// for Postfix samples/postfix/mail.log, else the shared corpus's real lines.
// Tests damage them; none invents a log format.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "analyzer/catalogue.h"
#include "analyzer/ingest.h"
#include "parsers/line.h"
#include "fixtures.h"
#include "process.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

std::vector<std::string> lines_of(const std::filesystem::path& p) {
  std::istringstream in(read_file(p));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) lines.push_back(l);
  return lines;
}

const std::vector<std::string>& exim_lines() {
  static const std::vector<std::string> lines = lines_of(source_dir() / "samples/exim/default/mainlog");
  return lines;
}

// The first real Exim line containing `marker` (" ** ", " => ", " <= ").
std::string exim_line(std::string_view marker) {
  for (const std::string& l : exim_lines())
    if (l.find(marker) != std::string::npos) return l;
  FAIL("samples/exim/default/mainlog has no line with '" << marker << "'");
  return {};
}

// Real Postfix lines (samples/postfix, made by a real Postfix 3.7), in BSD
// syslog form or RFC 3339 form; else the shared corpus's real lines.
std::vector<std::string> postfix_lines(bool rfc3339 = false) {
  std::vector<std::filesystem::path> files = {source_dir() / (rfc3339 ? "samples/postfix/postfix-rfc3339.log"
                                                                     : "samples/postfix/postfix.log")};
  if (!rfc3339 && !corpus_dir().empty()) files.push_back(corpus_dir() / "msimerson-postfix-parser/full-lines.log");
  for (const std::filesystem::path& p : files) {
    if (!std::filesystem::exists(p)) continue;
    std::vector<std::string> out;
    for (const std::string& l : lines_of(p))
      if (l.find(" postfix/") != std::string::npos) out.push_back(l);
    if (!out.empty()) return out;
  }
  WARN("no real Postfix lines (samples/postfix/, ../shared/corpus): Postfix cases skipped");
  return {};
}

std::string postfix_line(std::string_view marker, bool rfc3339 = false) {
  for (const std::string& l : postfix_lines(rfc3339))
    if (l.find(marker) != std::string::npos) return l;
  return {};
}

std::string join_lines(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& l : v) s += l + "\n";
  return s;
}

const Classifier& classifier() {
  static const Classifier c(embedded_catalogue());
  return c;
}

std::string db_of(const TempDir& dir) { return (dir / "smtplog.db").string(); }

// Ingests into dir's database; threads 1 is the sequential path, more the
// parallel one, with small chunks so that long lines span several.
IngestResult ingest_paths(const TempDir& dir, std::vector<std::string> inputs, unsigned threads = 1) {
  std::string error;
  auto store = Store::open(db_of(dir), Store::Mode::read_write, error);
  REQUIRE(store);
  IngestOptions opt;
  opt.inputs = std::move(inputs);
  opt.quiet = true;
  opt.year = 2026;
  opt.threads = threads;
  if (threads > 1) opt.chunk_bytes = 256 << 10;
  std::ostringstream diag;
  return ingest(*store, classifier(), opt, diag);
}

// Lines per kind, over all inputs.
std::map<std::string, std::int64_t> line_counts(const TempDir& dir) {
  std::string error;
  auto store = Store::open(db_of(dir), Store::Mode::read_only, error);
  REQUIRE(store);
  Stmt s = store->prepare("SELECT kind, sum(count) FROM line_counts GROUP BY kind");
  std::map<std::string, std::int64_t> out;
  while (sqlite3_step(s.get()) == SQLITE_ROW) out[column_text(s.get(), 0)] = column_int(s.get(), 1);
  return out;
}

std::int64_t total_lines(const TempDir& dir) {
  std::int64_t n = 0;
  for (const auto& [kind, count] : line_counts(dir)) n += count;
  return n;
}

struct UnparsedRow {
  std::int64_t line_no;
  std::string reason;
  std::size_t size;
};

std::vector<UnparsedRow> unparsed_rows(const TempDir& dir) {
  std::string error;
  auto store = Store::open(db_of(dir), Store::Mode::read_only, error);
  REQUIRE(store);
  Stmt s = store->prepare("SELECT line_no, reason, length(CAST(line AS BLOB)) FROM unparsed ORDER BY line_no");
  std::vector<UnparsedRow> out;
  while (sqlite3_step(s.get()) == SQLITE_ROW)
    out.push_back({column_int(s.get(), 0), column_text(s.get(), 1),
                   static_cast<std::size_t>(column_int(s.get(), 2))});
  return out;
}

std::vector<std::int64_t> unparsed_line_numbers(const TempDir& dir) {
  std::vector<std::int64_t> out;
  for (const UnparsedRow& r : unparsed_rows(dir)) out.push_back(r.line_no);
  return out;
}

// The smtplog binary with a time limit: a hang fails the test instead of
// stalling CI. Also reports the child's peak memory.
struct BoundedRun {
  Run run;
  bool timed_out = false;
  long max_rss_kb = 0;  ///< the highest VmHWM seen while it ran
};

// VmHWM of a running process, in KiB; 0 once it has exited. (wait4's
// ru_maxrss will not do: a child started with posix_spawn carries the
// parent's peak across exec.)
long peak_rss_kb(pid_t pid) {
  std::istringstream in(read_file("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

BoundedRun run_bounded(const std::vector<std::string>& args, const TempDir& dir, int seconds = 120,
                       const std::string& in = "/dev/null") {
  pid_t pid = spawn_smtplog(args, dir, in);
  REQUIRE(pid > 0);
  BoundedRun r;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int st = 0;
  for (;;) {
    r.max_rss_kb = std::max(r.max_rss_kb, peak_rss_kb(pid));
    if (::waitpid(pid, &st, WNOHANG) == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      r.timed_out = true;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  r.run.status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
  r.run.out = read_file(dir / "stdout");
  r.run.err = read_file(dir / "stderr");
  return r;
}

// True when `s` holds a byte a terminal would act on: C0 controls other than
// newline, tab and the CR of a CRLF line end (CSV's), DEL, or UTF-8-encoded C1
// controls (U+0080..U+009F).
bool has_raw_controls(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool crlf = c == '\r' && i + 1 < s.size() && s[i + 1] == '\n';
    if ((c < 0x20 && c != '\n' && c != '\t' && !crlf) || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9f)
      return true;
  }
  return false;
}

// A strict UTF-8 check, written here rather than borrowed from sanitize.cpp so
// that the code under test does not grade itself.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

// Parses `line` from a heap buffer of exactly its size, so that under ASan a
// read one byte past the end is reported (a std::string would hide it behind
// its terminating NUL and spare capacity).
ParseResult parse_exact(std::string_view line, Event& ev, Scratch& scratch) {
  std::unique_ptr<char[]> buf(new char[line.size() ? line.size() : 1]);
  std::copy(line.begin(), line.end(), buf.get());
  ParseResult r = parse_line({buf.get(), line.size()}, ev, scratch);
  // Every view must point into the line, the scratch or static text: reading
  // them all while the buffer lives lets ASan catch one that points elsewhere.
  std::size_t sum = 0;
  for (std::string_view v : {ev.host, ev.service, ev.instance, ev.queue_id, ev.recipient, ev.orig_to,
                             ev.sender, ev.peer_host, ev.peer_ip, ev.reply.enhanced, ev.reply.text,
                             ev.dsn, r.reason})
    for (char c : v) sum += static_cast<unsigned char>(c);
  [[maybe_unused]] static volatile std::size_t sink;
  sink = sum;
  return r;
}

bool known_kind(LineKind k) {
  return k == LineKind::event || k == LineKind::ignored || k == LineKind::foreign ||
         k == LineKind::continuation || k == LineKind::unparsed;
}

}  // namespace

TEST_CASE("NUL bytes inside real lines: no crash, every line counted", "[hostile]") {
  std::vector<std::string> lines;
  for (const std::string& l : {exim_line(" ** "), exim_line(" => "), exim_line(" <= ")}) {
    for (std::size_t at : {std::size_t{0}, std::size_t{20}, l.size() / 2, l.size() - 1, l.size()}) {
      std::string damaged = l;
      damaged.insert(at, 1, '\0');
      lines.push_back(damaged);
    }
    lines.push_back(std::string(l.size(), '\0'));
  }
  std::string content = join_lines(lines);
  Scratch scratch;
  Event ev;
  for (const std::string& l : lines) CHECK(known_kind(parse_exact(l, ev, scratch).kind));

  TempDir dir;
  write_file(dir / "nul.log", content);
  IngestResult r = ingest_paths(dir, {(dir / "nul.log").string()});
  REQUIRE(r.inputs.size() == 1);
  CHECK(r.inputs[0].error.empty());
  CHECK(total_lines(dir) == static_cast<std::int64_t>(lines.size()));
  // A NUL after the last field changes nothing Exim wrote: those lines still count as events.
  CHECK(line_counts(dir)["event"] >= 3);
}

namespace {

// A real bounce whose reply text (written by the remote server) carries an
// escape sequence that would retitle the terminal, a bell, a backspace, a C1
// CSI (U+009B) and a carriage return; and whose address carries an ANSI colour.
std::string evil_bounce() {
  std::string l = exim_line(" ** ");
  std::size_t at = l.find(": 550 ");
  REQUIRE(at != std::string::npos);
  l.insert(at + 6, "\x1b]0;owned\x07\x08\xc2\x9b" "31m\r");
  l.insert(l.find("** ") + 3, "\x1b[31m");
  return l;
}

void check_report_is_clean(const char* format) {
  TempDir dir;
  write_file(dir / "evil.log", join_lines({evil_bounce(), evil_bounce()}));
  BoundedRun b = run_bounded({"--db", db_of(dir), "--format", format, (dir / "evil.log").string()}, dir);
  INFO(format << " report:\n" << b.run.out << b.run.err);
  REQUIRE_FALSE(b.timed_out);
  CHECK(b.run.status == 0);
  CHECK(b.run.out.find("owned") != std::string::npos);  // the example line is in the report
  CHECK_FALSE(has_raw_controls(b.run.out));
  CHECK_FALSE(has_raw_controls(b.run.err));
  CHECK(valid_utf8(b.run.out));
}

}  // namespace

TEST_CASE("terminal escapes from a log never reach the text, CSV or HTML report raw", "[hostile]") {
  for (const char* format : {"text", "csv", "html"}) check_report_is_clean(format);
}

TEST_CASE("terminal escapes from a log never reach the JSON report raw", "[hostile]") {
  // JSON allows U+0080..U+009F unescaped, but `smtplog --format json` on a
  // terminal (or `| less -R`) would then send a raw C1 CSI to it.
  check_report_is_clean("json");
}

TEST_CASE("10 MB lines are cut at 64 KiB, counted as unparsed, with memory bounded", "[hostile]") {
  const std::string big(10 << 20, 'a');
  std::string real = exim_line(" => ");
  // Real line, 10 MB line, real line, 10 MB line that starts like a real one, real line.
  std::string content = real + "\n" + big + "\n" + real + "\n" + real + big + "\n" + real + "\n";
  TempDir dir;
  write_file(dir / "long.log", content);
  write_file(dir / "long.log.gz", gzip(content));
  write_file(dir / "small.log", real + "\n");

  SECTION("plain and gzip: each line counted, the long ones unparsed with their line numbers") {
    for (const char* name : {"long.log", "long.log.gz"})
    for (unsigned threads : {1u, 2u}) {
      TempDir d;
      IngestResult r = ingest_paths(d, {(dir / name).string()}, threads);
      INFO(name << ", " << threads << " thread(s)");
      CHECK(r.inputs[0].error.empty());
      CHECK(total_lines(d) == 5);
      CHECK(line_counts(d)["event"] == 3);
      std::vector<UnparsedRow> rows = unparsed_rows(d);
      REQUIRE(rows.size() == 2);
      CHECK(rows[0].line_no == 2);
      CHECK(rows[1].line_no == 4);
      for (const UnparsedRow& u : rows) {
        CHECK(u.size <= 64 << 10);
        CHECK(u.reason.find("64 KiB") != std::string::npos);
      }
    }
  }

  SECTION("the program's peak memory does not grow with the line length") {
    // A 200 MB line (gzipped, so it costs little disk) against a one-line
    // file: the program's baseline (catalogue, RE2 set, SQLite) is some tens
    // of MB, so a reader that held the line would show 200 MB more.
    std::string huge = real + "\n" + real + std::string(200 << 20, 'a') + "\n" + real + "\n";
    write_file(dir / "huge.log.gz", gzip(huge));
    huge.clear();
    huge.shrink_to_fit();
    TempDir a, b;
    BoundedRun small = run_bounded({"ingest", "-q", "--db", db_of(a), (dir / "small.log").string()}, a);
    BoundedRun large = run_bounded({"ingest", "-q", "--db", db_of(b), (dir / "huge.log.gz").string()}, b, 300);
    REQUIRE_FALSE(large.timed_out);
    CHECK(small.run.status == 0);
    CHECK(large.run.status == 0);
    CHECK(total_lines(b) == 3);
    INFO("peak RSS: " << small.max_rss_kb << " KiB for one line, " << large.max_rss_kb
                      << " KiB with a 200 MB line");
    CHECK(large.max_rss_kb - small.max_rss_kb < 16 * 1024);
  }
}

TEST_CASE("a file of random bytes: no crash, every line counted, clean report", "[hostile]") {
  std::mt19937 rng(20261123);
  std::string content(4 << 20, '\0');
  for (char& c : content) c = static_cast<char>(rng());
  content[0] = 'x';  // not the gzip magic by chance
  content.back() = '\n';
  std::int64_t newlines = std::count(content.begin(), content.end(), '\n');
  TempDir dir;
  write_file(dir / "random.bin", content);
  for (unsigned threads : {1u, 2u}) {
    TempDir d;
    IngestResult r = ingest_paths(d, {(dir / "random.bin").string()}, threads);
    INFO(threads << " thread(s)");
    CHECK(r.inputs[0].error.empty());
    CHECK(total_lines(d) == newlines);
    for (const UnparsedRow& u : unparsed_rows(d)) CHECK_FALSE(u.reason.empty());
  }

  TempDir run;
  BoundedRun b = run_bounded({"--db", db_of(run), (dir / "random.bin").string()}, run);
  REQUIRE_FALSE(b.timed_out);
  CHECK(b.run.status == 0);
  CHECK_FALSE(has_raw_controls(b.run.out));
  CHECK_FALSE(has_raw_controls(b.run.err));
}

TEST_CASE("invalid UTF-8 in addresses and replies: still parsed, reports stay valid", "[hostile]") {
  // Lone continuation byte, overlong '/', a UTF-16 surrogate, a cut 3-byte
  // sequence, bytes that never occur in UTF-8.
  const std::vector<std::string> junk = {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xfe\xff"};
  std::vector<std::string> lines;
  for (const std::string& l : {exim_line(" ** "), exim_line(" => ")}) {
    for (const std::string& j : junk) {
      std::string in_address = l;
      in_address.insert(in_address.find('@'), j);
      lines.push_back(in_address);
    }
  }
  std::string bounce = exim_line(" ** ");
  for (const std::string& j : junk) lines.push_back(bounce + j);  // at the end of the reply text
  std::size_t originals_parsed = 0, damaged_parsed = 0;
  Scratch scratch;
  Event ev;
  for (const std::string& l : {exim_line(" ** "), exim_line(" => ")})
    originals_parsed += parse_exact(l, ev, scratch).kind == LineKind::event;
  REQUIRE(originals_parsed == 2);
  for (const std::string& l : lines) {
    INFO(l);
    ParseResult r = parse_exact(l, ev, scratch);
    CHECK(r.kind == LineKind::event);  // the parsers are byte-level: bytes are bytes
    damaged_parsed += r.kind == LineKind::event;
  }

  TempDir dir;
  write_file(dir / "utf8.log", join_lines(lines));
  for (const char* format : {"json", "text"}) {
    BoundedRun b = run_bounded({"--db", db_of(dir), "--format", format, (dir / "utf8.log").string()}, dir);
    INFO(format << " report:\n" << b.run.out << b.run.err);
    REQUIRE_FALSE(b.timed_out);
    CHECK(b.run.status == 0);
    CHECK(valid_utf8(b.run.out));
    CHECK_FALSE(has_raw_controls(b.run.out));
  }
  CHECK(line_counts(dir)["event"] == static_cast<std::int64_t>(lines.size()));
}

TEST_CASE("a real line cut at every byte position: no crash, no read past the cut", "[hostile]") {
  std::vector<std::string> originals = {exim_line(" ** "), exim_line(" => "), exim_line(" <= "),
                                        exim_line(" == ")};
  for (const std::string& l : lines_of(source_dir() / "samples/exim/default/rejectlog"))
    if (originals.size() < 6) originals.push_back(l);
  for (const char* marker : {"status=bounced", "status=deferred", "NOQUEUE: reject", "status=sent"})
    if (std::string p = postfix_line(marker); !p.empty()) originals.push_back(p);

  Scratch scratch;
  Event ev;
  std::vector<std::string> cuts;
  for (const std::string& l : originals) {
    for (std::size_t k = 0; k <= l.size(); ++k) {
      ParseResult r = parse_exact(std::string_view(l).substr(0, k), ev, scratch);
      if (!known_kind(r.kind) || (r.kind == LineKind::unparsed && r.reason.empty())) {
        FAIL_CHECK("cut at " << k << " of: " << l);
      }
      if (k > 0) cuts.push_back(l.substr(0, k));
    }
    CHECK(parse_exact(l, ev, scratch).kind != LineKind::foreign);
  }

  // Through ingest: every cut is a line, counted; an unparsed one is stored
  // with its own line number and a reason.
  TempDir dir;
  write_file(dir / "cuts.log", join_lines(cuts));
  IngestResult r = ingest_paths(dir, {(dir / "cuts.log").string()});
  CHECK(r.inputs[0].error.empty());
  CHECK(total_lines(dir) == static_cast<std::int64_t>(cuts.size()));
  for (const UnparsedRow& u : unparsed_rows(dir)) {
    REQUIRE(u.line_no >= 1);
    REQUIRE(u.line_no <= static_cast<std::int64_t>(cuts.size()));
    CHECK(u.size == cuts[u.line_no - 1].size());
    CHECK_FALSE(u.reason.empty());
  }
}

TEST_CASE("Exim timestamps out of range are unparsed, with their line numbers", "[hostile]") {
  std::string real = exim_line(" ** ");
  REQUIRE(real.compare(0, 4, "2026") == 0);
  auto with_time = [&](std::string_view t) { return std::string(t) + real.substr(19); };
  const std::vector<std::string> bad = {
      "2026-13-01 10:00:00",  // month 13
      "2026-00-10 10:00:00",  // month 0
      "2026-02-30 10:00:00",  // Feb 30
      "2026-02-29 10:00:00",  // Feb 29 of a common year
      "2026-04-31 10:00:00",  // Apr 31
      "2026-11-00 10:00:00",  // day 0
      "0000-11-23 10:00:00",  // year 0
      "2026-11-23 24:00:00",  // hour 24
      "2026-11-23 23:60:00",  // minute 60
      "2026-11-23 23:59:61",  // second 61
      "9999-99-99 99:99:99",
  };
  std::vector<std::string> lines = {real};
  for (const std::string& t : bad) lines.push_back(with_time(t));
  lines.push_back(with_time("2028-02-29 10:00:00"));  // a leap day: valid
  lines.push_back(with_time("2026-11-23 23:59:60"));  // a leap second: valid
  TempDir dir;
  write_file(dir / "times.log", join_lines(lines));
  IngestResult r = ingest_paths(dir, {(dir / "times.log").string()});
  CHECK(r.inputs[0].error.empty());
  CHECK(total_lines(dir) == static_cast<std::int64_t>(lines.size()));
  CHECK(line_counts(dir)["event"] == 3);
  std::vector<std::int64_t> expected;
  for (std::size_t i = 0; i < bad.size(); ++i) expected.push_back(static_cast<std::int64_t>(i) + 2);
  CHECK(unparsed_line_numbers(dir) == expected);
}

TEST_CASE("syslog timestamps out of range: the Postfix line is unparsed, not foreign", "[hostile]") {
  // A Postfix line whose syslog date is impossible is still a Postfix line
  // that carries a delivery: counted as unparsed (with a reason), it shows in
  // the report's unparsed count; counted as foreign it would vanish.
  std::string real = postfix_line("status=");
  if (real.empty()) return;
  std::size_t time_end = 15;  // "Mmm dd HH:MM:SS"
  std::vector<std::string> lines = {real};
  for (const char* t : {"Feb 30 10:00:00", "Apr 31 10:00:00", "Nov  0 10:00:00", "Nov 23 24:00:00",
                        "Nov 23 23:60:00", "Nov 32 10:00:00"})
    lines.push_back(t + real.substr(time_end));
  // The same kind of line in RFC 3339 form, as rsyslog's high-precision template writes it.
  std::string iso = postfix_line("status=", /*rfc3339=*/true);
  REQUIRE(iso.size() > 32);
  for (const char* t : {"2026-13-01T10:00:00", "2026-02-30T10:00:00", "0000-11-23T10:00:00",
                        "2026-11-23T24:00:00"})
    lines.push_back(t + iso.substr(19));
  TempDir dir;
  write_file(dir / "syslog-times.log", join_lines(lines));
  IngestResult r = ingest_paths(dir, {(dir / "syslog-times.log").string()});
  CHECK(r.inputs[0].error.empty());
  CHECK(total_lines(dir) == static_cast<std::int64_t>(lines.size()));
  INFO("line kinds: event " << line_counts(dir)["event"] << ", foreign " << line_counts(dir)["foreign"]
                            << ", unparsed " << line_counts(dir)["unparsed"]);
  CHECK(line_counts(dir)["unparsed"] == static_cast<std::int64_t>(lines.size() - 1));
}

TEST_CASE("enormous numbers in delay=, size=, S= and pids change nothing else", "[hostile]") {
  const std::string huge = "184467440737095516161844674407370955161618446744073709551616";
  auto replace_value = [&](std::string l, std::string_view key) {
    std::size_t at = l.find(key);
    if (at == std::string::npos) return std::string();
    at += key.size();
    std::size_t end = l.find_first_of(", ", at);
    return l.replace(at, end - at, huge);
  };
  std::vector<std::pair<std::string, std::string>> cases;  // original, damaged
  for (const char* key : {"delay=", "delays=", "size=", "nrcpt=", "conn_use="})
    for (const char* marker : {"status=", "size="})
      if (std::string l = postfix_line(marker); !l.empty())
        if (std::string d = replace_value(l, key); !d.empty()) cases.emplace_back(l, d);
  for (const char* key : {" S=", " QT=", " DT="})
    for (const std::string& l : {exim_line(" <= "), exim_line(" => ")})
      if (std::string d = replace_value(l, key); !d.empty()) cases.emplace_back(l, d);
  // A pid too large for any integer type, in Exim's [pid] and syslog's program[pid].
  if (std::string p = postfix_line("status="); !p.empty()) {
    std::size_t open = p.find('[');
    cases.emplace_back(p, p.substr(0, open + 1) + huge + p.substr(p.find(']', open)));
  }
  std::string e = exim_line(" => ");
  cases.emplace_back(e, e.substr(0, 20) + "[" + huge + "] " + e.substr(20));
  REQUIRE(cases.size() >= 4);
  Scratch scratch;
  Event a, b;
  for (const auto& [original, damaged] : cases) {
    INFO(damaged);
    ParseResult ra = parse_exact(original, a, scratch);
    std::uint16_t code = a.reply.code;
    ParseResult rb = parse_exact(damaged, b, scratch);
    CHECK(rb.kind == ra.kind);
    if (rb.kind == LineKind::event) CHECK(b.reply.code == code);
  }
  std::vector<std::string> damaged;
  for (const auto& c : cases) damaged.push_back(c.second);
  TempDir dir;
  write_file(dir / "numbers.log", join_lines(damaged));
  IngestResult r = ingest_paths(dir, {(dir / "numbers.log").string()});
  CHECK(r.inputs[0].error.empty());
  CHECK(total_lines(dir) == static_cast<std::int64_t>(damaged.size()));
}

namespace {

struct CorruptGzip {
  std::string path;
  std::int64_t lines = 0;         ///< lines in the whole content
  std::int64_t lines_before = 0;  ///< complete lines zlib delivers before it reports the damage
};

// About 9 MB of real lines (several of ingest's chunks), gzipped, then 64
// bytes in the middle of the stream garbled. The damage is moved until zlib
// reports it as a format error where it sits (not just as a bad checksum at
// the end), so "the lines before the damage" is a definite number, measured
// here with zlib itself.
CorruptGzip corrupt_gzip(const TempDir& dir) {
  std::string content;
  CorruptGzip c;
  while (content.size() < (9 << 20)) {
    for (const std::string& l : exim_lines()) content += l + "\n";
    c.lines += static_cast<std::int64_t>(exim_lines().size());
  }
  const std::string good = gzip(content);
  for (std::size_t at = good.size() / 2; at + 64 < good.size(); at += 997) {
    std::string gz = good;
    for (std::size_t i = at; i < at + 64; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x55);
    z_stream zs{};
    inflateInit2(&zs, 15 + 16);
    std::string out(content.size() + 1, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(gz.data());
    zs.avail_in = static_cast<uInt>(gz.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&zs, Z_FINISH);
    std::size_t produced = zs.total_out;
    inflateEnd(&zs);
    if (rc != Z_DATA_ERROR || produced > content.size() * 9 / 10) continue;
    c.lines_before = std::count(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(produced), '\n');
    c.path = (dir / "mainlog.2.gz").string();
    write_file(c.path, gz);
    return c;
  }
  FAIL("no corruption point gives a format error");
  return c;
}

}  // namespace

TEST_CASE("a .gz with a corrupt middle: every line before it kept, the error names file and line", "[hostile]") {
  TempDir dir;
  CorruptGzip gz = corrupt_gzip(dir);
  for (unsigned threads : {1u, 2u}) {
    TempDir d;
    IngestResult r = ingest_paths(d, {gz.path}, threads);
    const std::string& err = r.inputs[0].error;
    INFO(threads << " thread(s): " << err);
    CHECK(err.find(gz.path) == 0);
    CHECK(err.find("corrupt") != std::string::npos);
    std::int64_t read = total_lines(d);
    CHECK(read > 0);
    CHECK(read == gz.lines_before);  // every line decoded before the damage
    CHECK(err.find("line " + std::to_string(read) + ")") != std::string::npos);

    // Again: nothing is counted twice, and the error is the same.
    IngestResult again = ingest_paths(d, {gz.path}, threads);
    CHECK(again.inputs[0].error.find(gz.path) == 0);
    CHECK(total_lines(d) == read);
  }

  TempDir run;
  BoundedRun b = run_bounded({"ingest", "-q", "--db", db_of(run), gz.path}, run);
  REQUIRE_FALSE(b.timed_out);
  CHECK(b.run.status == 3);
  CHECK(b.run.err.find(gz.path) != std::string::npos);
  CHECK(b.run.err.find("line ") != std::string::npos);
}

TEST_CASE("an empty file, an empty gzip and a file of newlines are fine", "[hostile]") {
  TempDir dir;
  write_file(dir / "empty.log", "");
  write_file(dir / "empty.log.gz", gzip(""));
  write_file(dir / "newlines.log", std::string(1000, '\n'));
  std::vector<std::string> paths = {(dir / "empty.log").string(), (dir / "empty.log.gz").string(),
                                    (dir / "newlines.log").string()};
  IngestResult r = ingest_paths(dir, paths);
  REQUIRE(r.inputs.size() == 3);
  for (const InputResult& i : r.inputs) CHECK(i.error.empty());
  CHECK(total_lines(dir) == 1000);
  CHECK(line_counts(dir)["unparsed"] == 0);

  TempDir run;
  std::vector<std::string> args = {"--db", db_of(run)};
  args.insert(args.end(), paths.begin(), paths.end());
  BoundedRun b = run_bounded(args, run);
  REQUIRE_FALSE(b.timed_out);
  CHECK(b.run.status == 0);
}

TEST_CASE("a directory given as input is an error naming it; the other inputs are read", "[hostile]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "logs");
  write_file(dir / "mainlog", join_lines(exim_lines()));
  std::string logs = (dir / "logs").string();
  IngestResult r = ingest_paths(dir, {logs, (dir / "mainlog").string()});
  REQUIRE(r.inputs.size() == 2);
  CHECK(r.inputs[0].error.find(logs) == 0);
  CHECK(r.inputs[0].error.find("directory") != std::string::npos);
  CHECK(r.inputs[1].error.empty());
  CHECK(total_lines(dir) == static_cast<std::int64_t>(exim_lines().size()));

  TempDir run;
  BoundedRun b = run_bounded({"ingest", "-q", "--db", db_of(run), logs}, run);
  REQUIRE_FALSE(b.timed_out);
  CHECK(b.run.status == 3);
  CHECK(b.run.err.find(logs) != std::string::npos);
  CHECK(b.run.err.find("directory") != std::string::npos);
}

TEST_CASE("a FIFO given as input: read to its end, no hang without a writer", "[hostile]") {
  TempDir dir;
  std::string fifo = (dir / "pipe").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);

  SECTION("with a writer: its lines are ingested") {
    // O_RDWR keeps the FIFO open as a writer before smtplog opens it, so it
    // cannot see an early end; the lines fit in the pipe's buffer.
    std::vector<std::string> lines(exim_lines().begin(), exim_lines().begin() + 40);
    std::string content = join_lines(lines);
    REQUIRE(content.size() < 60000);
    int fd = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);  // not inherited by smtplog
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    TempDir run;
    pid_t pid = spawn_smtplog({"ingest", "-q", "--db", db_of(run), fifo}, run);
    // Close our end once smtplog has drained the pipe: that is its end of input.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (int queued = 1; queued > 0 && std::chrono::steady_clock::now() < deadline;) {
      ::ioctl(fd, FIONREAD, &queued);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::close(fd);
    int st = 0;
    bool done = false;
    for (int i = 0; i < 6000 && !done; ++i) {
      done = ::waitpid(pid, &st, WNOHANG) == pid;
      if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!done) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      FAIL("smtplog ingest of a FIFO did not finish after its writer closed");
    }
    CHECK(WIFEXITED(st));
    CHECK(WEXITSTATUS(st) == 0);
    CHECK(total_lines(run) == static_cast<std::int64_t>(lines.size()));
  }

  SECTION("without a writer: an empty input, at once") {
    TempDir run;
    BoundedRun b = run_bounded({"ingest", "-q", "--db", db_of(run), fifo}, run, 30);
    REQUIRE_FALSE(b.timed_out);
    CHECK(b.run.status == 0);
  }
}

TEST_CASE("the database's WAL and shared-memory files are owner-only too", "[hostile][store]") {
  // They hold the same addresses as the database until a checkpoint.
  TempDir dir;
  mode_t old = ::umask(022);
  std::string error;
  auto store = Store::open(db_of(dir), Store::Mode::read_write, error);
  ::umask(old);
  REQUIRE(store);
  write_file(dir / "mainlog", join_lines(exim_lines()));
  IngestOptions opt;
  opt.inputs = {(dir / "mainlog").string()};
  opt.quiet = true;
  std::ostringstream diag;
  ingest(*store, classifier(), opt, diag);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::string path = db_of(dir) + suffix;
    struct stat st{};
    INFO(path);
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
}

TEST_CASE("an input with no mail line at all gets a notice saying so, once", "[hostile]") {
  auto notices = [](const TempDir& dir) {
    std::string error;
    auto store = Store::open(db_of(dir), Store::Mode::read_only, error);
    REQUIRE(store);
    Stmt s = store->prepare("SELECT path || ': ' || message FROM notices ORDER BY id");
    std::vector<std::string> out;
    while (sqlite3_step(s.get()) == SQLITE_ROW) out.push_back(column_text(s.get(), 0));
    return out;
  };
  TempDir dir;
  std::string other;  // another program's syslog: no Postfix, no Exim
  for (int i = 0; i < 50; ++i)
    other += "Nov 23 18:58:" + std::to_string(10 + i % 50) + " mx sshd[" + std::to_string(100 + i) +
             "]: Accepted publickey for root from 192.0.2." + std::to_string(i) + " port 22\n";
  write_file(dir / "auth.log", other);
  std::string mail;
  for (const std::string& l : postfix_lines()) mail += l + "\n";
  write_file(dir / "mail.log", mail);
  IngestResult r = ingest_paths(dir, {(dir / "auth.log").string(), (dir / "mail.log").string()});
  for (const InputResult& i : r.inputs) CHECK(i.error.empty());
  std::vector<std::string> n = notices(dir);
  REQUIRE(n.size() == 1);
  CHECK(n[0].find("auth.log: no Postfix or Exim line in its 50 lines") != std::string::npos);
  // It grows, still without a mail line: no second notice.
  write_file(dir / "auth.log", other + other);
  ingest_paths(dir, {(dir / "auth.log").string()});
  CHECK(notices(dir).size() == 1);
}

TEST_CASE("a negative --limit is a usage error, not \"all\" or nothing", "[hostile]") {
  // Boost reads "-1" into an unsigned --limit as the largest value: events
  // listed everything, unparsed's SQL LIMIT listed nothing ("Showing the first 0").
  TempDir dir;
  std::string big = postfix_line("status=deferred");
  if (big.empty()) return;
  big.insert(big.size() - 1, std::string(100 << 10, 'A'));  // unparsed: longer than 64 KiB
  write_file(dir / "long.log", big + "\n");
  ingest_paths(dir, {(dir / "long.log").string()});
  Run all = run_smtplog({"unparsed", "--db", db_of(dir), "--limit", "0"}, dir);
  REQUIRE(all.status == 0);
  CHECK(all.out.find("long.log:1: [") != std::string::npos);
  for (const char* cmd : {"unparsed", "events", "trace"}) {
    std::vector<std::string> args = {cmd, "--db", db_of(dir), "--limit", "-1"};
    if (std::string(cmd) == "trace") args.push_back("a@b.example");
    Run neg = run_smtplog(args, dir);
    INFO(cmd << ": " << neg.out << neg.err);
    CHECK(neg.status == 2);
    CHECK(neg.err.find("--limit") != std::string::npos);
  }
}

TEST_CASE("input paths with terminal escapes reach stderr printable, as in reports", "[hostile]") {
  // A quoted glob over a log directory picks up whatever names are there.
  TempDir dir;
  std::filesystem::create_directory(dir / "mail.log\x1b]0;pwned\x07\x1b[31m.d");
  write_file(dir / "mail.log", join_lines(exim_lines()));
  TempDir run;
  BoundedRun b = run_bounded({"ingest", "-q", "--db", db_of(run), (dir / "mail.log*").string()}, run);
  REQUIRE_FALSE(b.timed_out);
  CHECK(b.run.status == 3);
  CHECK(b.run.err.find("directory") != std::string::npos);
  CHECK(b.run.err.find("\\x1B]0;pwned") != std::string::npos);
  CHECK_FALSE(has_raw_controls(b.run.err));
}
