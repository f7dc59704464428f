// Inputs are read in 1 MiB blocks and split with memchr. A line longer than
// max_line keeps its beginning (so it can still be counted and shown) and the
// rest is skipped without being buffered: memory stays bounded whatever the
// input. Compressed files are recognised by their magic bytes (compressed.cpp).
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

LineReader::LineReader(Source& source, std::uint64_t start_offset, std::size_t block,
                       std::size_t max_line)
    : src_(source), buf_(block + max_line), block_(block), max_line_(max_line), base_(0) {
  if (start_offset == 0) return;
  if (src_.seek(start_offset)) {
    base_ = start_offset;
    return;
  }
  // Not seekable (gzip, pipe): read and drop up to the offset.
  std::uint64_t left = start_offset;
  while (left > 0) {
    long r = src_.read(buf_.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, buf_.size())));
    if (r <= 0) {
      if (r < 0) error_ = src_.error();
      eof_ = true;
      break;
    }
    left -= static_cast<std::uint64_t>(r);
    base_ += static_cast<std::uint64_t>(r);
  }
}

bool LineReader::fill() {
  if (eof_) return false;
  // Keep the unfinished line at the front of the buffer.
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    base_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  std::size_t room = buf_.size() - end_;
  if (room == 0) return false;
  long r = src_.read(buf_.data() + end_, std::min(room, block_));
  if (r < 0) {
    error_ = src_.error();
    eof_ = true;
    return false;
  }
  if (r == 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<std::size_t>(r);
  return true;
}

bool LineReader::next(Line& line) {
  for (;;) {
    const char* start = buf_.data() + pos_;
    std::size_t avail = end_ - pos_;
    if (const void* nl = std::memchr(start, '\n', std::min(avail, max_line_ + 1))) {
      std::size_t len = static_cast<const char*>(nl) - start;
      line = Line{{start, len}, base_ + pos_, base_ + pos_ + len + 1, false, false};
      pos_ += len + 1;
      return true;
    }
    if (avail > max_line_) {
      // Too long: hand out the beginning, then skip to the next '\n'.
      line.offset = base_ + pos_;
      // The head must survive the skipping below: park it at the buffer front.
      std::memmove(buf_.data(), start, avail);
      base_ += pos_;
      end_ = avail;
      pos_ = 0;
      std::size_t scan = max_line_;
      for (;;) {
        const void* nl = std::memchr(buf_.data() + scan, '\n', end_ - scan);
        if (nl) {
          std::size_t at = static_cast<const char*>(nl) - buf_.data();
          line.text = std::string_view(buf_.data(), max_line_);
          line.end = base_ + at + 1;
          line.cut = true;
          line.unterminated = false;
          // Drop the skipped tail; the next line starts after '\n'.
          std::memmove(buf_.data() + max_line_, buf_.data() + at + 1, end_ - at - 1);
          base_ += at + 1 - max_line_;
          end_ = max_line_ + (end_ - at - 1);
          pos_ = max_line_;
          return true;
        }
        // Discard the scanned tail and read more behind the parked head.
        base_ += end_ - max_line_;
        end_ = max_line_;
        scan = max_line_;
        if (eof_) break;
        long r = src_.read(buf_.data() + end_, buf_.size() - end_);
        if (r < 0) {
          error_ = src_.error();
          eof_ = true;
          break;
        }
        if (r == 0) {
          eof_ = true;
          break;
        }
        end_ += static_cast<std::size_t>(r);
      }
      line.text = std::string_view(buf_.data(), max_line_);
      line.end = base_ + end_;
      line.cut = true;
      line.unterminated = true;
      pos_ = end_;
      return true;
    }
    if (!fill()) {
      if (end_ > pos_ && error_.empty()) {
        line = Line{{buf_.data() + pos_, end_ - pos_}, base_ + pos_, base_ + end_, false, true};
        pos_ = end_;
        return true;
      }
      return false;
    }
  }
}

}  // namespace smtplog
