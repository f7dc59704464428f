// One Source drives every codec: it reads compressed blocks from the file and
// asks the codec for content. A codec only has to say "more", "end of this
// stream" or "corrupt"; the Source handles concatenated streams and tells a
// truncated file (input ended inside a stream) from a corrupt one.
#include "analyzer/compressed.h"

#include <bzlib.h>
#include <lzma.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

namespace smtplog {
namespace {

enum class Step { more, stream_end, corrupt };

struct Codec {
  virtual ~Codec() = default;
  virtual const char* name() const = 0;
  /// Decodes from [in, in+in_len) into [out, out+out_len); advances both.
  virtual Step run(const char*& in, std::size_t& in_len, char*& out, std::size_t& out_len) = 0;
  /// Prepares for a following concatenated stream.
  virtual void reset() = 0;
  std::string message;
};

struct Gzip : Codec {
  z_stream zs{};
  Gzip() { inflateInit2(&zs, 15 + 32); }
  ~Gzip() override { inflateEnd(&zs); }
  const char* name() const override { return "gzip"; }
  Step run(const char*& in, std::size_t& in_len, char*& out, std::size_t& out_len) override {
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    zs.avail_in = static_cast<uInt>(in_len);
    zs.next_out = reinterpret_cast<Bytef*>(out);
    zs.avail_out = static_cast<uInt>(out_len);
    int rc = inflate(&zs, Z_NO_FLUSH);
    in += in_len - zs.avail_in;
    out += out_len - zs.avail_out;
    in_len = zs.avail_in;
    out_len = zs.avail_out;
    if (rc == Z_STREAM_END) return Step::stream_end;
    if (rc == Z_OK || rc == Z_BUF_ERROR) return Step::more;
    message = zs.msg ? zs.msg : "inflate error";
    return Step::corrupt;
  }
  void reset() override { inflateReset(&zs); }
};

struct Bzip2 : Codec {
  bz_stream bz{};
  Bzip2() { BZ2_bzDecompressInit(&bz, 0, 0); }
  ~Bzip2() override { BZ2_bzDecompressEnd(&bz); }
  const char* name() const override { return "bzip2"; }
  Step run(const char*& in, std::size_t& in_len, char*& out, std::size_t& out_len) override {
    bz.next_in = const_cast<char*>(in);
    bz.avail_in = static_cast<unsigned>(in_len);
    bz.next_out = out;
    bz.avail_out = static_cast<unsigned>(out_len);
    int rc = BZ2_bzDecompress(&bz);
    in += in_len - bz.avail_in;
    out += out_len - bz.avail_out;
    in_len = bz.avail_in;
    out_len = bz.avail_out;
    if (rc == BZ_STREAM_END) return Step::stream_end;
    if (rc == BZ_OK) return Step::more;
    message = "bzip2 error " + std::to_string(rc);
    return Step::corrupt;
  }
  void reset() override {
    BZ2_bzDecompressEnd(&bz);
    bz = bz_stream{};
    BZ2_bzDecompressInit(&bz, 0, 0);
  }
};

struct Xz : Codec {
  lzma_stream ls = LZMA_STREAM_INIT;
  bool ready = false;
  Xz() { ready = lzma_stream_decoder(&ls, UINT64_MAX, 0) == LZMA_OK; }
  ~Xz() override { lzma_end(&ls); }
  const char* name() const override { return "xz"; }
  Step run(const char*& in, std::size_t& in_len, char*& out, std::size_t& out_len) override {
    ls.next_in = reinterpret_cast<const uint8_t*>(in);
    ls.avail_in = in_len;
    ls.next_out = reinterpret_cast<uint8_t*>(out);
    ls.avail_out = out_len;
    if (!ready) {
      message = "cannot start the xz decoder (out of memory?)";
      return Step::corrupt;
    }
    lzma_ret rc = lzma_code(&ls, LZMA_RUN);
    in += in_len - ls.avail_in;
    out += out_len - ls.avail_out;
    in_len = ls.avail_in;
    out_len = ls.avail_out;
    if (rc == LZMA_STREAM_END) return Step::stream_end;
    if (rc == LZMA_OK || rc == LZMA_BUF_ERROR) return Step::more;
    message = "xz error " + std::to_string(static_cast<int>(rc));
    return Step::corrupt;
  }
  void reset() override {
    lzma_end(&ls);
    ls = LZMA_STREAM_INIT;
    ready = lzma_stream_decoder(&ls, UINT64_MAX, 0) == LZMA_OK;
  }
};

struct Zstd : Codec {
  ZSTD_DStream* ds = ZSTD_createDStream();
  Zstd() { ZSTD_initDStream(ds); }
  ~Zstd() override { ZSTD_freeDStream(ds); }
  const char* name() const override { return "zstd"; }
  Step run(const char*& in, std::size_t& in_len, char*& out, std::size_t& out_len) override {
    ZSTD_inBuffer ib{in, in_len, 0};
    ZSTD_outBuffer ob{out, out_len, 0};
    std::size_t rc = ZSTD_decompressStream(ds, &ob, &ib);
    in += ib.pos;
    out += ob.pos;
    in_len -= ib.pos;
    out_len -= ob.pos;
    if (ZSTD_isError(rc)) {
      message = ZSTD_getErrorName(rc);
      return Step::corrupt;
    }
    return rc == 0 ? Step::stream_end : Step::more;
  }
  void reset() override { ZSTD_initDStream(ds); }
};

class CompressedSource : public Source {
 public:
  CompressedSource(int fd, std::string path, std::string_view magic, std::unique_ptr<Codec> codec)
      : codec_(std::move(codec)), in_(kBlock, '\0') {
    fd_ = fd;
    path_ = std::move(path);
    std::memcpy(in_.data(), magic.data(), magic.size());  // already read to sniff the format
    in_len_ = magic.size();
  }
  ~CompressedSource() override {
    if (fd_ > 0) ::close(fd_);
  }
  const char* kind() const override { return codec_->name(); }

  long raw_read(char* buf, std::size_t n) override {
    if (failed_) return -1;
    char* out = buf;
    std::size_t out_left = n;
    while (out_left == n && !finished_) {
      if (in_pos_ == in_len_ && !eof_) {
        long r;
        do r = ::read(fd_, in_.data(), in_.size());
        while (r < 0 && errno == EINTR);
        if (r < 0) {
          error_ = path_ + ": read error: " + std::strerror(errno);
          return fail(n - out_left);
        }
        eof_ = r == 0;
        in_len_ = static_cast<std::size_t>(r);
        in_pos_ = 0;
      }
      if (in_pos_ == in_len_ && eof_) {
        if (in_stream_) {
          error_ = path_ + ": the " + std::string(kind()) +
                   " data is truncated (it ends in the middle of a stream); the lines before the "
                   "cut were read. Check the file (e.g. " + kind() + " -t)";
          return fail(n - out_left);
        }
        finished_ = true;
        break;
      }
      const char* in = in_.data() + in_pos_;
      std::size_t in_left = in_len_ - in_pos_;
      Step step = codec_->run(in, in_left, out, out_left);
      in_pos_ = in_len_ - in_left;
      in_stream_ = true;
      if (step == Step::corrupt) {
        error_ = path_ + ": the " + std::string(kind()) + " data is corrupt (" + codec_->message +
                 "); the lines before the damage were read. Check the file (e.g. " + kind() + " -t)";
        return fail(n - out_left);
      }
      if (step == Step::stream_end) {
        in_stream_ = false;
        codec_->reset();  // a following stream, if any, continues the content
      }
    }
    return static_cast<long>(n - out_left);
  }

 private:
  // Hands out what was decoded before the error; the next read reports it.
  long fail(std::size_t produced) {
    failed_ = true;
    return produced ? static_cast<long>(produced) : -1;
  }
  static constexpr std::size_t kBlock = 1 << 18;
  std::unique_ptr<Codec> codec_;
  std::string in_;
  std::size_t in_len_ = 0, in_pos_ = 0;
  bool eof_ = false, finished_ = false, in_stream_ = false, failed_ = false;
};

bool starts(std::string_view s, std::string_view magic) { return s.substr(0, magic.size()) == magic; }

}  // namespace

std::unique_ptr<Source> open_compressed(int fd, const std::string& path, std::string_view magic) {
  std::unique_ptr<Codec> codec;
  if (starts(magic, "\x1f\x8b")) codec = std::make_unique<Gzip>();
  else if (starts(magic, "BZh") && magic.size() >= 4 && magic[3] >= '1' && magic[3] <= '9')
    codec = std::make_unique<Bzip2>();
  else if (starts(magic, std::string_view("\xfd" "7zXZ\0", 6))) codec = std::make_unique<Xz>();
  else if (starts(magic, "\x28\xb5\x2f\xfd")) codec = std::make_unique<Zstd>();
  if (!codec) return nullptr;
  return std::make_unique<CompressedSource>(fd, path, magic, std::move(codec));
}

}  // namespace smtplog
