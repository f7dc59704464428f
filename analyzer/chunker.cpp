// Reading appends to the carried-over tail of the previous block, so a line
// that straddles two reads is whole in the next chunk. A line longer than the
// whole buffer is the one case that needs care: its head is handed out as a
// "cut" chunk and the rest is read and dropped without being kept.
#include "analyzer/chunker.h"

#include <algorithm>
#include <cstring>

namespace smtplog {

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

// Reads more content after carry_. False at the end of the content or on an error.
bool Chunker::fill() {
  if (eof_) return false;
  std::size_t have = carry_.size();
  carry_.resize(have + chunk_bytes_);
  long r = src_.read(carry_.data() + have, chunk_bytes_);
  carry_.resize(have + (r > 0 ? static_cast<std::size_t>(r) : 0));
  if (r < 0) error_ = src_.error();
  if (r <= 0) eof_ = true;
  return r > 0;
}

bool Chunker::next(Chunk& c) {
  c.cut = c.unterminated = false;
  for (;;) {
    std::size_t last = carry_.rfind('\n');
    if (last != std::string::npos && (carry_.size() >= chunk_bytes_ || eof_)) {
      // Hand out every whole line; keep the unfinished tail. The buffer itself
      // is handed out (no copy of the chunk); c's old buffer takes the tail.
      c.data.swap(carry_);
      carry_.assign(c.data, last + 1);
      c.data.resize(last + 1);
      c.offset = offset_;
      c.end = offset_ + last + 1;
      offset_ = c.end;
      return true;
    }
    if (last == std::string::npos && carry_.size() > std::max(chunk_bytes_, kMaxLine)) {
      // One line longer than the buffer: keep its head, skip to its '\n'.
      c.data.assign(carry_, 0, kMaxLine);
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
        std::size_t nl = carry_.find('\n');
        if (nl != std::string::npos) {
          c.end = offset_ + skipped + nl + 1;
          carry_.erase(0, nl + 1);
          offset_ = c.end;
          return true;
        }
        skipped += carry_.size();
        carry_.clear();
      }
    }
    if (!fill()) {
      // Whole lines left (also those read before an error): hand them out first.
      if (carry_.rfind('\n') != std::string::npos) continue;
      if (!error_.empty() || carry_.empty() || stop_at_unterminated_) return false;
      c.data.swap(carry_);
      carry_.clear();
      c.offset = offset_;
      c.end = offset_ + c.data.size();
      c.unterminated = true;
      offset_ = c.end;
      return true;
    }
  }
}

}  // namespace smtplog
