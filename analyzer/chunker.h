#pragma once
// Cuts a Source's content into large line-aligned chunks, the unit of parallel
// work: each chunk is whole lines, contiguous content, so a line's offset is
// the chunk's offset plus its position.
//
//   Chunker chunker(source, resume_offset, /*stop_at_unterminated=*/true);
//   Chunk c;
//   while (chunker.next(c))
//     for (LineSplitter lines(c.data()); lines.next(line);) parse(line);
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "analyzer/reader.h"

namespace smtplog {

/// Lines longer than this are cut: their beginning is kept (to count and show
/// them), the rest skipped.
constexpr std::size_t kMaxLine = 64 << 10;

/// A byte buffer that is not zero-filled when it grows (std::string::resize
/// wrote every byte of a 4 MiB chunk once more before read() overwrote it),
/// and keeps its capacity: a chunk's buffer is allocated once and reused.
class ByteBuffer {
 public:
  const char* data() const { return p_.get(); }
  char* data() { return p_.get(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return cap_; }
  /// Room for `n` more bytes after size(), the bytes kept; returns where they go.
  char* reserve_more(std::size_t n);
  /// n <= size(), or up to the bytes written after reserve_more().
  void set_size(std::size_t n) { size_ = n; }
  void erase_front(std::size_t n) {  ///< n <= size()
    if (n < size_) std::memmove(p_.get(), p_.get() + n, size_ - n);
    size_ -= n;
  }
  void assign(const char* s, std::size_t n);
  void clear() { size_ = 0; }
  void swap(ByteBuffer& o) noexcept {
    p_.swap(o.p_);
    std::swap(size_, o.size_);
    std::swap(cap_, o.cap_);
  }
  explicit operator std::string_view() const { return {p_.get(), size_}; }

 private:
  std::unique_ptr<char[]> p_;
  std::size_t size_ = 0, cap_ = 0;
};

struct Chunk {
  ByteBuffer buf;             ///< whole lines, each ending in '\n' (see unterminated)
  std::uint64_t offset = 0;   ///< content offset of data()[0]
  std::uint64_t end = 0;      ///< content offset just after the chunk
  bool cut = false;           ///< data is the beginning of one line longer than the buffer
  bool unterminated = false;  ///< the last line has no '\n' (end of a complete input)
  std::string_view data() const { return static_cast<std::string_view>(buf); }
};

class Chunker {
 public:
  /// `stop_at_unterminated`: leave a last line without '\n' for the next run
  /// (a plain file may still be being written); otherwise hand it out.
  Chunker(Source& source, std::uint64_t start_offset, bool stop_at_unterminated,
          std::size_t chunk_bytes = 4 << 20);

  /// The next chunk (reusing `c`'s buffer), or false at the end or on an error.
  bool next(Chunk& c);
  const std::string& error() const { return error_; }

 private:
  bool fill();
  Source& src_;
  bool stop_at_unterminated_;
  std::size_t chunk_bytes_;
  ByteBuffer carry_;         // bytes after the last '\n' of the previous read
  std::uint64_t offset_;     // content offset of carry_[0]
  bool eof_ = false;
  std::string error_;
};

/// The lines of a buffer, in order: each without its '\n'; the last one also
/// when it has no '\n'. Finds the line ends of 64 bytes at a time (SSE2: four
/// 16-byte compares, one 64-bit mask, its bits taken one by one) instead of
/// one memchr() call per line: on ~140-byte lines the call and its set-up cost
/// more than the search (per 138-byte Postfix line 5.2 instead of 8.2 ns from
/// L2, 9.0 instead of 12.9 ns from L3).
///
/// The same mask also has the '#' bytes (one more compare per 16 bytes), so
/// each line comes with whether it holds a '#': the parser's search for
/// rsyslog "#ooo" escapes (a memchr over every syslog body) is skipped for the
/// ~99% of lines without one (parse_line's HashInLine).
///
///   LineSplitter lines(text);
///   for (std::string_view line; lines.next(line);) ...
///   // lines.begin(): the position of the last line returned
///   // lines.has_hash(): whether that line holds a '#'
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view text) : p_(text.data()), n_(text.size()) {
    block_ = 0;
    mask_ = n_ ? scan(0) : 0;
  }
  bool next(std::string_view& line) {
    if (pos_ >= n_) return false;
    hash_ = false;
    std::size_t end = next_newline();
    line = std::string_view(p_ + pos_, end - pos_);
    begin_ = pos_;
    pos_ = end + 1;
    return true;
  }
  std::size_t begin() const { return begin_; }  ///< of the last line returned
  bool has_hash() const { return hash_; }       ///< the last line returned holds a '#'

 private:
  // The '\n' and '#' bits of the 64 bytes at `at` (fewer at the end of the
  // text: those are copied first, so nothing after the text is read).
  std::uint64_t scan(std::size_t at) const {
    if (n_ - at >= 64) return scan64(p_ + at);
    alignas(16) char tail[64] = {};
    std::memcpy(tail, p_ + at, n_ - at);
    return scan64(tail);
  }
  static std::uint64_t scan64(const char* s) {
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n'), hash = _mm_set1_epi8('#');
    auto bits = [&](int i) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16 * i));
      __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, hash));
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(hit)));
    };
    return bits(0) | bits(1) << 16 | bits(2) << 32 | bits(3) << 48;
#else
    std::uint64_t m = 0;
    for (int i = 0; i < 64; ++i) m |= std::uint64_t(s[i] == '\n' || s[i] == '#') << i;
    return m;
#endif
  }
  // The next '\n' (n_ when none is left); a '#' on the way sets hash_.
  std::size_t next_newline() {
    for (;;) {
      while (mask_ == 0) {
        block_ += 64;
        if (block_ >= n_) return n_;
        mask_ = scan(block_);
      }
      std::size_t at = block_ + static_cast<std::size_t>(__builtin_ctzll(mask_));
      mask_ &= mask_ - 1;
      if (p_[at] == '\n') return at;
      hash_ = true;
    }
  }
  const char* p_;
  std::size_t n_, pos_ = 0, begin_ = 0, block_;
  std::uint64_t mask_;
  bool hash_ = false;
};

}  // namespace smtplog
