// Reading appends to the carried-over tail of the previous block, so a line
// that straddles two reads is whole in the next chunk. The buffer read into is
// the one handed out as the chunk (no copy of the chunk; only the tail is
// copied, into the buffer of the chunk handed back), and it is never
// zero-filled. A line longer than the whole buffer is the one case that needs
// care: its head is handed out as a "cut" chunk and the rest is read and
// dropped without being kept.
#include "analyzer/chunker.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace smtplog {

char* ByteBuffer::reserve_more(std::size_t n) {
  if (cap_ - size_ < n) {
    // Grows only for a tail longer than expected (a long line, a source that
    // returns little per read); a chunk's buffer then keeps the new size.
    std::size_t cap = std::max(size_ + n, cap_ + cap_ / 2);
    std::unique_ptr<char[]> p(new char[cap]);  // not value-initialised: no zero fill
    if (size_) std::memcpy(p.get(), p_.get(), size_);
    p_ = std::move(p);
    cap_ = cap;
  }
  return p_.get() + size_;
}

void ByteBuffer::assign(const char* s, std::size_t n) {
  size_ = 0;
  if (n) std::memcpy(reserve_more(n), s, n);
  size_ = n;
}

Chunker::Chunker(Source& source, std::uint64_t start_offset, bool stop_at_unterminated,
                 std::size_t chunk_bytes)
    : src_(source), stop_at_unterminated_(stop_at_unterminated), chunk_bytes_(chunk_bytes),
      offset_(start_offset) {
  if (start_offset == 0 || src_.seek(start_offset)) return;
  // Not seekable (compressed, pipe): read and drop up to the offset.
  std::string sink(1 << 20, '\0');
  std::uint64_t left = start_offset;
  while (left > 0) {
    long r = src_.read(sink.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, sink.size())));
    if (r <= 0) {
      if (r < 0) error_ = src_.error();
      eof_ = true;
      offset_ = start_offset - left;
      break;
    }
    left -= static_cast<std::uint64_t>(r);
  }
}

// Reads more content after carry_: chunk_bytes_, or what fits in the buffer
// when a source that returns less per read (inflate, a pipe) has filled it
// partly. False at the end of the content or on an error.
bool Chunker::fill() {
  if (eof_) return false;
  std::size_t have = carry_.size();
  // The buffer holds a chunk and the tail of a line carried over (grown only
  // for a longer tail), so every read goes straight into it, no zero fill.
  const std::size_t room = chunk_bytes_ + kMaxLine;
  if (carry_.capacity() < room) carry_.reserve_more(room - have);
  std::size_t want = chunk_bytes_;
  if (have < chunk_bytes_) want = std::min(want, carry_.capacity() - have);
  char* to = carry_.reserve_more(want);
  long r = src_.read(to, want);
  carry_.set_size(have + (r > 0 ? static_cast<std::size_t>(r) : 0));
  if (r < 0) error_ = src_.error();
  if (r <= 0) eof_ = true;
  return r > 0;
}

bool Chunker::next(Chunk& c) {
  c.cut = c.unterminated = false;
  for (;;) {
    std::size_t last = static_cast<std::string_view>(carry_).rfind('\n');
    if (last != std::string_view::npos && (carry_.size() >= chunk_bytes_ || eof_)) {
      // Hand out every whole line; keep the unfinished tail. The buffer itself
      // is handed out (no copy of the chunk); c's old buffer takes the tail.
      c.buf.swap(carry_);
      carry_.assign(c.buf.data() + last + 1, c.buf.size() - (last + 1));
      c.buf.set_size(last + 1);
      c.offset = offset_;
      c.end = offset_ + last + 1;
      offset_ = c.end;
      return true;
    }
    if (last == std::string_view::npos && carry_.size() > std::max(chunk_bytes_, kMaxLine)) {
      // One line longer than the buffer: keep its head, skip to its '\n'.
      c.buf.assign(carry_.data(), kMaxLine);
      c.offset = offset_;
      c.cut = true;
      std::uint64_t skipped = carry_.size();
      carry_.clear();
      for (;;) {
        if (!fill()) {
          if (!error_.empty() || stop_at_unterminated_) return false;
          c.end = offset_ + skipped;
          c.unterminated = true;
          offset_ = c.end;
          return true;
        }
        const void* nl = std::memchr(carry_.data(), '\n', carry_.size());
        if (nl) {
          std::size_t n = static_cast<std::size_t>(static_cast<const char*>(nl) - carry_.data()) + 1;
          c.end = offset_ + skipped + n;
          carry_.erase_front(n);
          offset_ = c.end;
          return true;
        }
        skipped += carry_.size();
        carry_.clear();
      }
    }
    if (!fill()) {
      // Whole lines left (also those read before an error): hand them out first.
      if (static_cast<std::string_view>(carry_).rfind('\n') != std::string_view::npos) continue;
      if (!error_.empty() || carry_.size() == 0 || stop_at_unterminated_) return false;
      c.buf.swap(carry_);
      carry_.clear();
      c.offset = offset_;
      c.end = offset_ + c.buf.size();
      c.unterminated = true;
      offset_ = c.end;
      return true;
    }
  }
}

}  // namespace smtplog
