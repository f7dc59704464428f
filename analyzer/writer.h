#pragma once
// Commits batches to the store on a thread of its own, so the parsers go on
// while SQLite writes: the ingest fills batch N+1 while the writer commits
// batch N, each together with the offset it reaches (one transaction).
//
//   BatchWriter writer(store, state, path, "postfix", now, /*threaded=*/true);
//   ... fill writer.filling() ...
//   if (!writer.submit(offset, lines)) { stop; writer.error() says why }
//   ...
//   writer.submit(offset, lines); writer.finish();
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "analyzer/batch.h"
#include "analyzer/input_state.h"
#include "analyzer/store.h"

namespace smtplog {

class BatchWriter {
 public:
  /// `state` is the input's saved state; the writer owns it from here on (its
  /// id is set by the first commit). `threaded` false commits in submit().
  BatchWriter(const Store& store, InputState state, std::string path, std::string format,
              std::int64_t now, bool threaded);
  ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;  // owns a thread
  BatchWriter& operator=(const BatchWriter&) = delete;

  /// The batch being filled; submit() hands it over and gives a cleared one.
  Batch& filling() { return *filling_; }

  /// Commits the filled batch with the input's new `offset` and `lines`. Waits
  /// while the previous batch is still being written. False when a commit
  /// failed (this or an earlier one); error() says why.
  bool submit(std::uint64_t offset, std::uint64_t lines);

  /// Waits for the pending commit. False when a commit failed.
  bool finish();

  /// The message of the failed commit, empty otherwise.
  const std::string& error() const { return error_; }
  /// Seconds spent committing (for --stats).
  double seconds() const { return seconds_; }

 private:
  void run();
  bool commit(std::uint64_t offset, std::uint64_t lines);

  const Store& store_;
  InputState state_;
  std::string path_, format_;
  std::int64_t now_;
  std::unique_ptr<Batch> filling_, writing_;
  DomainIds ids_;  // domain and problem-kind ids, for the writer's commits
  std::mutex mu_;
  std::condition_variable changed_;
  bool busy_ = false, stop_ = false, failed_ = false;
  std::uint64_t offset_ = 0, lines_ = 0;  // what writing_ reaches
  std::string error_;
  double seconds_ = 0;
  std::thread thread_;  // last: started when everything else is ready
};

}  // namespace smtplog
