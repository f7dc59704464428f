// The progress line: see progress.h. Width 78 so it never wraps on an
// 80-column terminal, which would break the \r redraw.
#include "analyzer/progress.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <string>

#include "analyzer/sanitize.h"

namespace smtplog {

bool progress_wanted(bool quiet, int fd) { return !quiet && ::isatty(fd) == 1; }

std::chrono::milliseconds progress_interval() {
  if (const char* env = std::getenv("SMTPLOG_PROGRESS_MS"); env && *env) {
    long ms = 0;
    auto [end, ec] = std::from_chars(env, env + std::strlen(env), ms);
    if (ec == std::errc() && *end == '\0' && ms >= 0) return std::chrono::milliseconds(ms);
  }
  return std::chrono::milliseconds(500);
}

Progress::Progress(bool enabled, std::ostream& out, std::chrono::milliseconds interval, Clock clock)
    : enabled_(enabled), out_(out), interval_(interval), clock_(std::move(clock)) {
  start_ = last_ = clock_();
}

void Progress::update(const std::string& path, std::uint64_t bytes, std::uint64_t total, std::uint64_t lines) {
  if (!enabled_) return;
  const auto now = clock_();
  if (now - last_ < interval_) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double mb = static_cast<double>(bytes) / 1e6;
  const double rate = secs > 0 ? static_cast<double>(lines) / secs : 0;
  // A path a quoted glob found may hold terminal escapes: shown printable.
  const std::string shown = printable(path);
  char buf[200];
  if (total > bytes && bytes > 0 && secs > 0) {
    const double eta = secs * (static_cast<double>(total) - static_cast<double>(bytes)) / static_cast<double>(bytes);
    std::snprintf(buf, sizeof buf, "\r%-30.30s %8.1f MB  %9.0f lines/s  ETA %4.0fs ", shown.c_str(), mb, rate, eta);
  } else {
    std::snprintf(buf, sizeof buf, "\r%-30.30s %8.1f MB  %9.0f lines/s          ", shown.c_str(), mb, rate);
  }
  out_ << buf << std::flush;
  shown_ = true;
}

Progress::~Progress() {
  if (shown_) out_ << "\r" << std::string(78, ' ') << "\r" << std::flush;
}

}  // namespace smtplog
