#pragma once
// Running the smtplog binary from tests: exit codes, stderr, kill -9.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "paths.h"
#include "temp_dir.h"

extern char** environ;

namespace smtplog::test {

struct Run {
  int status = -1;  ///< exit code, or -signal
  std::string out, err;
};

/// Starts smtplog with `args`; stdin from `in` (or /dev/null), stdout/stderr
/// to files in `dir`. Returns the pid.
inline pid_t spawn_smtplog(const std::vector<std::string>& args, const TempDir& dir,
                           const std::string& in = "/dev/null") {
  std::vector<std::string> all = {smtplog_binary()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, (dir / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, (dir / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = -1;
  posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

inline Run wait_smtplog(pid_t pid, const TempDir& dir) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  Run r;
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
  r.out = read_file(dir / "stdout");
  r.err = read_file(dir / "stderr");
  return r;
}

inline Run run_smtplog(const std::vector<std::string>& args, const TempDir& dir,
                       const std::string& in = "/dev/null") {
  return wait_smtplog(spawn_smtplog(args, dir, in), dir);
}

}  // namespace smtplog::test
