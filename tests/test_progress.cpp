// The progress line of issue 6: on a terminal, a line on stderr with bytes,
// lines/s and ETA; nothing when stderr is not a terminal; nothing with
// --quiet. The terminal is a pty; the time between updates is injected (a
// fake clock, or SMTPLOG_PROGRESS_MS=0 for the binary), so nothing sleeps.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

#include "analyzer/progress.h"
#include "process.h"

using namespace smtplog;
using namespace smtplog::test;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  Progress::Clock fn() {
    return [this] { return now; };
  }
};

// A test log of about `bytes`: the Exim sample, repeated.
void write_log(const std::filesystem::path& file, std::size_t bytes) {
  const std::string sample = read_file(source_dir() / "samples/exim/default/mainlog");
  std::string text;
  while (text.size() < bytes) text += sample;
  write_file(file, text);
}

// Runs smtplog with stderr on a pty (stdout to a file); returns what the
// terminal received and the exit status.
std::string run_on_pty(const std::vector<std::string>& args, const TempDir& dir, int& status) {
  int master = -1, slave = -1;
  REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
  std::vector<std::string> all = {smtplog_binary()};
  all.insert(all.end(), args.begin(), args.end());
  pid_t pid = spawn_program(all, {"/dev/null", dir / "stdout", "", slave, master});
  REQUIRE(pid > 0);
  ::close(slave);
  // Read while it runs, so a full pty buffer never blocks the child.
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 60000) <= 0) break;
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child closed its side
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(master);
  status = wait_status(pid);
  return out;
}

struct ProgressEveryUpdate {
  ProgressEveryUpdate() { ::setenv("SMTPLOG_PROGRESS_MS", "0", 1); }
  ~ProgressEveryUpdate() { ::unsetenv("SMTPLOG_PROGRESS_MS"); }
};

}  // namespace

TEST_CASE("progress line: bytes, lines/s and ETA, redrawn at most every interval", "[progress]") {
  FakeClock clock;
  std::ostringstream out;
  {
    Progress p(true, out, 500ms, clock.fn());
    p.update("mail.log", 1000000, 4000000, 5000);  // no time has passed: nothing yet
    CHECK(out.str().empty());
    clock.now += 2s;
    p.update("mail.log", 1000000, 4000000, 5000);
    const std::string line = out.str();
    CHECK(line.rfind("\rmail.log", 0) == 0);
    CHECK(line.find("1.0 MB") != std::string::npos);
    CHECK(line.find("2500 lines/s") != std::string::npos);
    CHECK(line.find("ETA    6s") != std::string::npos);  // 3 MB left at 0.5 MB/s
    CHECK(line.size() <= 80);
    clock.now += 100ms;  // within the interval: no redraw
    p.update("mail.log", 2000000, 4000000, 9000);
    CHECK(out.str() == line);
    clock.now += 500ms;
    p.update("-", 3000000, 0, 12000);  // stdin: no size, so no ETA
    CHECK(out.str().size() > line.size());
    CHECK(out.str().find("ETA", line.size()) == std::string::npos);
    CHECK(p.shown());
  }
  // Erased at the end: the terminal is left with a blank line to write on.
  CHECK(out.str().substr(out.str().size() - 80) == "\r" + std::string(78, ' ') + "\r");
}

TEST_CASE("progress line: nothing when disabled", "[progress]") {
  FakeClock clock;
  std::ostringstream out;
  {
    Progress p(false, out, 0ms, clock.fn());
    clock.now += 10s;
    p.update("mail.log", 1000, 2000, 10);
    CHECK_FALSE(p.shown());
  }
  CHECK(out.str().empty());
}

TEST_CASE("progress is wanted on a terminal only, and never with --quiet", "[progress]") {
  int master = -1, slave = -1;
  REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
  CHECK(progress_wanted(false, slave));
  CHECK_FALSE(progress_wanted(true, slave));
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  CHECK_FALSE(progress_wanted(false, fds[1]));
  TempDir dir;
  int file = ::open((dir / "f").c_str(), O_WRONLY | O_CREAT, 0600);
  CHECK_FALSE(progress_wanted(false, file));
  for (int fd : {master, slave, fds[0], fds[1], file}) ::close(fd);
}

TEST_CASE("progress interval: 500 ms, or SMTPLOG_PROGRESS_MS", "[progress]") {
  ::unsetenv("SMTPLOG_PROGRESS_MS");
  CHECK(progress_interval() == 500ms);
  ::setenv("SMTPLOG_PROGRESS_MS", "0", 1);
  CHECK(progress_interval() == 0ms);
  ::setenv("SMTPLOG_PROGRESS_MS", "soon", 1);
  CHECK(progress_interval() == 500ms);
  ::unsetenv("SMTPLOG_PROGRESS_MS");
}

TEST_CASE("ingest draws progress on a terminal's stderr, not on a file, not with --quiet", "[progress][cli]") {
  ProgressEveryUpdate every;
  TempDir dir;
  write_log(dir / "mainlog", 10 << 20);  // three 4 MiB chunks: the first update has an ETA
  const std::string log = (dir / "mainlog").string();
  int status = -1;
  std::string tty = run_on_pty({"ingest", "--db", (dir / "a.db").string(), log}, dir, status);
  CHECK(status == 0);
  INFO(tty);
  CHECK(tty.find(" MB ") != std::string::npos);
  CHECK(tty.find("lines/s") != std::string::npos);
  CHECK(tty.find("ETA") != std::string::npos);
  CHECK(tty.find('\r') != std::string::npos);
  // --quiet: the terminal gets nothing.
  std::string quiet = run_on_pty({"ingest", "-q", "--db", (dir / "b.db").string(), log}, dir, status);
  CHECK(status == 0);
  CHECK(quiet.find("lines/s") == std::string::npos);
  // stderr to a file (cron): nothing either.
  Run r = run_smtplog({"ingest", "--db", (dir / "c.db").string(), log}, dir);
  CHECK(r.status == 0);
  CHECK(r.err.find("lines/s") == std::string::npos);
  CHECK(r.err.find('\r') == std::string::npos);
}

TEST_CASE("progress line: a path with terminal escapes is shown printable", "[progress]") {
  FakeClock clock;
  std::ostringstream out;
  {
    Progress p(true, out, 0ms, clock.fn());
    clock.now += 1s;
    p.update("m\x1b]0;pwned\x07.log", 1000, 2000, 10);
  }
  CHECK(out.str().find('\x1b') == std::string::npos);
  CHECK(out.str().find('\x07') == std::string::npos);
  CHECK(out.str().find("m\\x1B]0;pw") != std::string::npos);
}
