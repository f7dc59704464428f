#pragma once
// Cuts a Source's content into large line-aligned chunks, the unit of parallel
// work: each chunk is whole lines, contiguous content, so a line's offset is
// the chunk's offset plus its position.
//
//   Chunker chunker(source, resume_offset, /*stop_at_unterminated=*/true);
//   Chunk c;
//   while (chunker.next(c)) parse(c);
#include <cstdint>
#include <string>

#include "analyzer/reader.h"

namespace smtplog {

/// Lines longer than this are cut: their beginning is kept (to count and show
/// them), the rest skipped.
constexpr std::size_t kMaxLine = 64 << 10;

struct Chunk {
  std::string data;           ///< whole lines, each ending in '\n' (see unterminated)
  std::uint64_t offset = 0;   ///< content offset of data[0]
  std::uint64_t end = 0;      ///< content offset just after the chunk
  bool cut = false;           ///< data is the beginning of one line longer than the buffer
  bool unterminated = false;  ///< the last line has no '\n' (end of a complete input)
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
  std::string carry_;        // bytes after the last '\n' of the previous read
  std::uint64_t offset_;     // content offset of carry_[0]
  bool eof_ = false;
  std::string error_;
};

}  // namespace smtplog
