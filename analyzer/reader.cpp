// Opening inputs safely: no hang on a FIFO at open(), a clear message for a
// directory or an unreadable file, and the first bytes sniffed for a
// compression format (compressed.cpp) before anything else is read.
#include "analyzer/reader.h"

#include "analyzer/compressed.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace smtplog {
namespace {

long read_fd(int fd, char* buf, std::size_t n) {
  for (;;) {
    ssize_t r = ::read(fd, buf, n);
    if (r >= 0 || errno != EINTR) return static_cast<long>(r);
  }
}

class PlainSource : public Source {
 public:
  PlainSource(int fd, std::string path, std::string magic, bool regular) : regular_(regular) {
    fd_ = fd;
    path_ = std::move(path);
    head_ = std::move(magic);
  }
  ~PlainSource() override {
    if (fd_ > 0) ::close(fd_);
  }
  long raw_read(char* buf, std::size_t n) override {
    long r = read_fd(fd_, buf, n);
    if (r < 0) error_ = path_ + ": read error: " + std::strerror(errno);
    return r;
  }
  bool seek(std::uint64_t offset) override {
    if (!regular_ || ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) return false;
    head_pos_ = head_.size();
    return true;
  }
  const char* kind() const override { return fd_ == 0 ? "stdin" : "plain"; }

 private:
  bool regular_;
};

}  // namespace

std::unique_ptr<Source> Source::open(const std::string& path, std::string& error) {
  int fd;
  if (path == "-") {
    fd = 0;
  } else {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      error = path + ": cannot open: " + std::strerror(errno) +
              (errno == EACCES ? " (run as a user who can read the mail logs, e.g. root or group adm)" : "");
      return nullptr;
    }
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    error = path + ": cannot stat: " + std::strerror(errno);
    if (fd > 0) ::close(fd);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    error = path + ": is a directory; give the log files in it (e.g. " + path + "/mail.log*)";
    if (fd > 0) ::close(fd);
    return nullptr;
  }
  // Back to blocking reads (O_NONBLOCK only kept open() from hanging on a FIFO).
  if (fd > 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  // Sniff the first bytes for a compression format's magic number.
  char magic[kMagicBytes];
  std::size_t got = 0;
  while (got < kMagicBytes) {
    long r = read_fd(fd, magic + got, kMagicBytes - got);
    if (r < 0) {
      error = path + ": read error: " + std::strerror(errno) +
              (errno == EISDIR ? " (a directory)" : "");
      if (fd > 0) ::close(fd);
      return nullptr;
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  std::string head(magic, got);
  std::unique_ptr<Source> src = open_compressed(fd, path, head);
  if (!src) src = std::make_unique<PlainSource>(fd, path, head, S_ISREG(st.st_mode));
  src->mtime_ = path == "-" || !S_ISREG(st.st_mode) ? static_cast<std::int64_t>(std::time(nullptr))
                                                     : static_cast<std::int64_t>(st.st_mtime);
  src->disk_size_ = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
  return src;
}

std::uint64_t Source::disk_position() const {
  if (fd_ < 0 || disk_size_ == 0) return 0;
  const off_t at = ::lseek(fd_, 0, SEEK_CUR);
  return at < 0 ? 0 : static_cast<std::uint64_t>(at);
}

std::string Source::disk_tail(std::size_t n) const {
  if (fd_ <= 0 || disk_size_ == 0) return {};
  const std::uint64_t at = disk_size_ > n ? disk_size_ - n : 0;
  std::string out(static_cast<std::size_t>(disk_size_ - at), '\0');
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t r = ::pread(fd_, out.data() + got, out.size() - got, static_cast<off_t>(at + got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return {};
    got += static_cast<std::size_t>(r);
  }
  return out;
}

long Source::read(char* buf, std::size_t n) {
  if (head_pos_ < head_.size()) {
    std::size_t k = std::min(n, head_.size() - head_pos_);
    std::memcpy(buf, head_.data() + head_pos_, k);
    head_pos_ += k;
    return static_cast<long>(k);
  }
  return raw_read(buf, n);
}

std::string_view Source::head(std::size_t n) {
  while (head_.size() < n) {
    std::size_t have = head_.size();
    head_.resize(n);
    long r = raw_read(head_.data() + have, n - have);
    head_.resize(have + (r > 0 ? static_cast<std::size_t>(r) : 0));
    if (r <= 0) break;
  }
  return std::string_view(head_).substr(0, n);
}

}  // namespace smtplog
