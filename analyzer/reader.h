#pragma once
// Reading inputs: plain files, gzip (recognised by its magic bytes, not its
// name), and stdin; then splitting the content into lines in large blocks with
// memchr. Offsets are offsets in the (uncompressed) content.
//
//   std::string error;
//   auto src = Source::open("/var/log/mail.log.2.gz", error);
//   LineReader lines(*src);
//   Line line;
//   while (lines.next(line)) use(line.text, line.offset);
//   if (!lines.error().empty()) ...
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace smtplog {

class Source {
 public:
  /// Opens `path` ("-" is stdin). nullptr with a message naming the file when it
  /// cannot be read, is a directory, etc.
  static std::unique_ptr<Source> open(const std::string& path, std::string& error);
  virtual ~Source() = default;

  /// Reads up to `n` bytes of content. Returns the count, 0 at the end, -1 on an
  /// error (see error()).
  long read(char* buf, std::size_t n);
  /// The first `n` bytes of the content (fewer when it is shorter), for the
  /// fingerprint and format detection. Call before read(); read() then starts
  /// again at the beginning.
  std::string_view head(std::size_t n);
  virtual const char* kind() const = 0;  ///< "plain", "gzip", "stdin"

  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  /// Modification time of the file (now for stdin), for year inference.
  std::int64_t mtime() const { return mtime_; }
  /// Size of the file on disk (0 when unknown: stdin, pipes).
  std::uint64_t disk_size() const { return disk_size_; }
  /// Jumps to content `offset` when the source can (plain regular files).
  virtual bool seek(std::uint64_t offset) { (void)offset; return false; }

 protected:
  std::string error_, path_;
  std::int64_t mtime_ = 0;
  std::uint64_t disk_size_ = 0;
  int fd_ = -1;
  std::string head_;  // content read ahead, replayed by read()
  std::size_t head_pos_ = 0;

  virtual long raw_read(char* buf, std::size_t n) = 0;
};

struct Line {
  std::string_view text;     ///< without the '\n'; cut at the reader's max_line
  std::uint64_t offset = 0;  ///< offset of its first byte in the content
  std::uint64_t end = 0;     ///< offset just past its '\n' (where the next line starts)
  bool cut = false;          ///< longer than max_line: text holds its beginning only
  bool unterminated = false; ///< the content ended without a '\n' after it
};

class LineReader {
 public:
  explicit LineReader(Source& source, std::uint64_t start_offset = 0,
                      std::size_t block = 1 << 20, std::size_t max_line = 64 << 10);
  LineReader(const LineReader&) = delete;  // owns a large buffer
  LineReader& operator=(const LineReader&) = delete;

  /// The next line, or false at the end of the content or on an error.
  bool next(Line& line);
  /// Empty unless reading failed.
  const std::string& error() const { return error_; }
  std::uint64_t bytes_read() const { return base_ + end_; }

 private:
  bool fill();
  Source& src_;
  std::vector<char> buf_;
  std::size_t block_, max_line_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t base_;  // content offset of buf_[0]
  bool eof_ = false;
  std::string error_;
};

}  // namespace smtplog
