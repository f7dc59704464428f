// Inputs are read in 1 MiB blocks and split with memchr. A line longer than
// max_line keeps its beginning (so it can still be counted and shown) and the
// rest is skipped without being buffered: memory stays bounded whatever the
// input. Gzip is detected from its magic bytes and inflated with zlib,
// including multi-member files (what `cat a.gz b.gz` makes).
#include "analyzer/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

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

class GzipSource : public Source {
 public:
  GzipSource(int fd, std::string path, std::string_view magic) {
    fd_ = fd;
    path_ = std::move(path);
    std::memset(&zs_, 0, sizeof zs_);
    inflateInit2(&zs_, 15 + 32);
    in_.resize(kInBlock);
    std::memcpy(in_.data(), magic.data(), magic.size());  // already read to sniff the type
    in_len_ = magic.size();
  }
  ~GzipSource() override {
    inflateEnd(&zs_);
    if (fd_ > 0) ::close(fd_);
  }
  long raw_read(char* buf, std::size_t n) override {
    if (finished_) return 0;
    zs_.next_out = reinterpret_cast<Bytef*>(buf);
    zs_.avail_out = static_cast<uInt>(n);
    while (zs_.avail_out == n) {
      if (zs_.avail_in == 0) {
        if (!src_eof_ && in_used_ == in_len_) {
          long r = read_fd(fd_, in_.data(), in_.size());
          if (r < 0) {
            error_ = path_ + ": read error: " + std::strerror(errno);
            return -1;
          }
          if (r == 0) src_eof_ = true;
          in_len_ = static_cast<std::size_t>(r);
          in_used_ = 0;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_used_);
        zs_.avail_in = static_cast<uInt>(in_len_ - in_used_);
        in_used_ = in_len_;
        if (zs_.avail_in == 0 && src_eof_) {
          if (!member_done_) {
            error_ = path_ + ": the gzip data is truncated (it ends in the middle of a member); "
                     "the lines before the cut were read. Check the file, e.g. with gzip -t";
            return -1;
          }
          finished_ = true;
          return 0;
        }
      }
      member_done_ = false;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
        inflateReset(&zs_);  // a following member, if any, continues the content
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error_ = path_ + ": the gzip data is corrupt (" + (zs_.msg ? zs_.msg : "inflate error") +
                 "); the lines before the damage were read. Check the file, e.g. with gzip -t";
        return -1;
      }
    }
    return static_cast<long>(n - zs_.avail_out);
  }
  const char* kind() const override { return "gzip"; }

 private:
  static constexpr std::size_t kInBlock = 1 << 18;
  z_stream zs_;
  std::string in_;
  std::size_t in_len_ = 0, in_used_ = 0;
  bool src_eof_ = false, finished_ = false, member_done_ = false;
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
  // Sniff two bytes for the gzip magic number.
  char magic[2];
  std::size_t got = 0;
  while (got < 2) {
    long r = read_fd(fd, magic + got, 2 - got);
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
  std::unique_ptr<Source> src;
  if (got == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
      static_cast<unsigned char>(magic[1]) == 0x8b) {
    src = std::make_unique<GzipSource>(fd, path, head);
  } else {
    src = std::make_unique<PlainSource>(fd, path, head, S_ISREG(st.st_mode));
  }
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
