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

/// Where a started program's standard streams go.
struct Redirect {
  std::string in = "/dev/null";  ///< file for stdin
  std::string out, err;          ///< files for stdout and stderr ("" = inherited)
  int err_fd = -1;               ///< or this descriptor as stderr (a pty, say)
  int close_fd = -1;             ///< a descriptor the child must not keep
};

/// Starts `args` (argv[0] searched in PATH when it has no '/') with its streams
/// redirected. Returns the pid, or -1 when it cannot start.
inline pid_t spawn_program(std::vector<std::string> args, const Redirect& r) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, r.in.c_str(), O_RDONLY, 0);
  if (!r.out.empty()) posix_spawn_file_actions_addopen(&fa, 1, r.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (r.err_fd >= 0) posix_spawn_file_actions_adddup2(&fa, r.err_fd, 2);
  else if (!r.err.empty()) posix_spawn_file_actions_addopen(&fa, 2, r.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (r.close_fd >= 0) posix_spawn_file_actions_addclose(&fa, r.close_fd);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

/// Waits for `pid`: its exit code, or -signal.
inline int wait_status(pid_t pid) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

/// Starts smtplog with `args`; stdin from `in` (or /dev/null), stdout/stderr
/// to files in `dir`. Returns the pid.
inline pid_t spawn_smtplog(const std::vector<std::string>& args, const TempDir& dir,
                           const std::string& in = "/dev/null") {
  std::vector<std::string> all = {smtplog_binary()};
  all.insert(all.end(), args.begin(), args.end());
  return spawn_program(all, {in, dir / "stdout", dir / "stderr"});
}

inline Run wait_smtplog(pid_t pid, const TempDir& dir) {
  Run r;
  r.status = wait_status(pid);
  r.out = read_file(dir / "stdout");
  r.err = read_file(dir / "stderr");
  return r;
}

inline Run run_smtplog(const std::vector<std::string>& args, const TempDir& dir,
                       const std::string& in = "/dev/null") {
  return wait_smtplog(spawn_smtplog(args, dir, in), dir);
}

}  // namespace smtplog::test
