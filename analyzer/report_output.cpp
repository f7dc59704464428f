// The temporary file gets the mode a plain open() would give (0666 minus the
// umask), not mkstemp's 0600, so a collector running as another user can read
// the report as it could read a file written with shell redirection.
#include "analyzer/report_output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace smtplog {

ReportOutput::~ReportOutput() {
  if (!temp_.empty()) {
    file_.close();
    std::remove(temp_.c_str());
  }
}

bool ReportOutput::open(const std::string& path, std::string& error) {
  if (path.empty() || path == "-") return true;
  path_ = path;
  std::string tmpl = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    error = path + ": cannot write the report: " + std::strerror(errno);
    return false;
  }
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temp_ = tmpl;
  file_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!file_) {
    error = path + ": cannot write the report";
    return false;
  }
  return true;
}

std::ostream& ReportOutput::stream() { return temp_.empty() ? std::cout : file_; }

bool ReportOutput::terminal() const { return temp_.empty() && ::isatty(STDOUT_FILENO); }

bool ReportOutput::commit(std::string& error) {
  if (temp_.empty()) {
    std::cout.flush();
    if (!std::cout) error = "cannot write the report to standard output";
    return static_cast<bool>(std::cout);
  }
  file_.close();
  if (!file_ || std::rename(temp_.c_str(), path_.c_str()) != 0) {
    error = path_ + ": cannot write the report: " + std::strerror(errno ? errno : EIO);
    return false;
  }
  temp_.clear();
  return true;
}

bool use_color(const std::string& mode, bool terminal) {
  if (const char* no = std::getenv("NO_COLOR"); no && *no) return false;
  if (const char* term = std::getenv("TERM"); term && std::strcmp(term, "dumb") == 0) return false;
  if (mode == "always") return true;
  return mode == "auto" && terminal;
}

}  // namespace smtplog
