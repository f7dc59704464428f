#pragma once
// Parallel work over chunks, results consumed in order: parse on every core,
// commit in content order (so offsets and counts stay together).
//
//   run_chunks(chunker, 2,
//              [&](unsigned worker, ChunkWork& w) { ...parse w.chunk into w.batch... },
//              [&](ChunkWork& w) { merge(w); return true; });
#include <functional>

#include "analyzer/batch.h"
#include "analyzer/chunker.h"

namespace smtplog {

struct ChunkWork {
  Chunk chunk;
  Batch batch;
  std::uint64_t lines = 0, events = 0, unparsed = 0;
  double read_seconds = 0;  ///< spent reading (and decompressing) the chunk
};

/// Reads chunks from `chunker` and runs `process` on them on `threads` workers
/// (inline, without threads, when `threads` is 1), then `consume` on each
/// result in chunk order, on the calling thread. Stops reading when `consume`
/// returns false. At most threads + 1 chunks are held at once.
void run_chunks(Chunker& chunker, unsigned threads,
                const std::function<void(unsigned worker, ChunkWork&)>& process,
                const std::function<bool(ChunkWork&)>& consume);

}  // namespace smtplog
