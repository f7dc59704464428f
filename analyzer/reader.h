#pragma once
// Reading inputs: plain files, compressed files (recognised by their magic
// bytes, not their name, see compressed.h), and stdin. Offsets are offsets in
// the (uncompressed) content; chunker.h cuts the content into lines.
//
//   std::string error;
//   auto src = Source::open("/var/log/mail.log.2.gz", error);
//   char buf[65536];
//   long n = src->read(buf, sizeof buf);   // decompressed content
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

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
  /// How far reading has got in the file on disk (for a compressed file: the
  /// compressed bytes read, ahead of the content returned); 0 when unknown
  /// (stdin, pipes).
  std::uint64_t disk_position() const;
  /// The last `n` bytes of the file on disk (fewer when it is shorter; empty
  /// when unknown: stdin, pipes, a read error). Leaves the read position alone.
  std::string disk_tail(std::size_t n) const;
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

}  // namespace smtplog
