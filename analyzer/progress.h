#pragma once
// The progress line of a long ingest: on a terminal only, on stderr, redrawn
// in place (\r) at most every `interval`, and erased at the end so the
// terminal is left as it was. Nothing at all when stderr is not a terminal
// (cron mail, pipes) or with --quiet.
//
//   Progress progress(progress_wanted(opt.quiet, 2), std::cerr);
//   progress.update("mail.log", bytes_done, bytes_total, lines_done);
#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace smtplog {

/// True when a progress line should be drawn on `fd`: it is a terminal and
/// --quiet was not given.
bool progress_wanted(bool quiet, int fd);

/// The time between redraws: 500 ms, or $SMTPLOG_PROGRESS_MS when set (tests
/// set 0 to see a line from a short run).
std::chrono::milliseconds progress_interval();

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  Progress(bool enabled, std::ostream& out, std::chrono::milliseconds interval = progress_interval(),
           Clock clock = [] { return std::chrono::steady_clock::now(); });
  ~Progress();
  Progress(const Progress&) = delete;  // erases its line once, when destroyed
  Progress& operator=(const Progress&) = delete;

  /// Redraws the line when `interval` has passed since the last one: the
  /// input, MB read, lines/s, and the ETA when `total` (the file's size) is
  /// known and ahead of `bytes`.
  void update(const std::string& path, std::uint64_t bytes, std::uint64_t total, std::uint64_t lines);
  bool shown() const { return shown_; }

 private:
  bool enabled_, shown_ = false;
  std::ostream& out_;
  std::chrono::milliseconds interval_;
  Clock clock_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace smtplog
