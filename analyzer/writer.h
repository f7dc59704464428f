#pragma once
// Writes batches to the store on a thread of its own, so the parsers go on
// while SQLite writes. One write transaction stays open from one commit to
// the next: flush() hands over the event blocks (and unparsed lines) of the
// content read so far, which the writer inserts into it at once, while the
// counts stay in the filling batch; submit() hands over the rest and commits
// it together with the offset it reaches. A crash rolls back what was
// flushed since the last commit, so counts, events and offset stay together.
//
//   BatchWriter writer(store, state, path, "postfix", now, /*threaded=*/true);
//   ... fill writer.filling() ...
//   if (!writer.flush()) { stop; writer.error() says why }     // now and then
//   if (!writer.submit(offset, lines)) { stop; ... }           // less often
//   ...
//   writer.submit(offset, lines); writer.finish();
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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
  /// `checkpoint`: then also Store::checkpoint() after the commit, on the
  /// writer thread, so that closing the store has only the WAL written after
  /// it to copy into the database file (ingest_one: near a file's end).
  bool submit(std::uint64_t offset, std::uint64_t lines, bool checkpoint = false);

  /// Hands the filled batch's event blocks and unparsed lines over, to be
  /// inserted into the open transaction (begun when none is); its counts stay
  /// for the next submit(). Waits like submit(); false when a write failed.
  /// With nothing to hand over (no block, no unparsed line: e.g. an old log
  /// whose events --keep-events drops) after the first hand-over, it neither
  /// waits nor wakes the writer.
  bool flush();

  /// A job for the first transaction the writer opens, done before its first
  /// batch (ingest: old event blocks pruned on the writer thread while the
  /// parsers run, not after them). Set before the first flush() or submit().
  /// False from it fails that write like a batch's; true is remembered by
  /// first_job_done() (committed once finish() returns true).
  void set_first_job(std::function<bool(const Store&)> job) { first_job_ = std::move(job); }
  bool first_job_done() const { return first_job_done_; }

  /// True when the writer has nothing to do: a flush() would not wait.
  bool idle();

  /// Waits for the pending commit. False when a commit failed.
  bool finish();

  /// The message of the failed commit, empty otherwise.
  const std::string& error() const { return error_; }
  /// Seconds spent committing (for --stats).
  double seconds() const { return seconds_; }
  /// The input's row id as committed (0 before its first commit).
  std::int64_t input_id() const { return state_.id; }

 private:
  enum class Job { flush, commit };
  void run();
  /// Does `job` with writing_ (offset and lines: for a commit), then clears it.
  bool work(Job job, std::uint64_t offset, std::uint64_t lines, bool checkpoint);
  bool hand_over(Job job, std::uint64_t offset, std::uint64_t lines, bool checkpoint);

  const Store& store_;
  InputState state_;  // as committed
  std::string path_, format_;
  std::int64_t now_;
  std::optional<Transaction> tx_;  // open from the first flush or commit to the commit
  std::int64_t input_id_ = 0;  // state_.id, or the id given in tx_ to a new input
  std::unique_ptr<Batch> filling_, writing_;
  DomainIds ids_;  // domain and problem-kind ids, for the writer's commits
  std::function<bool(const Store&)> first_job_;  // see set_first_job()
  bool first_job_ran_ = false, first_job_done_ = false;  // in the open transaction; committed
  PendingDays pending_;  // days its commits left dirty for their month (refresh_rollups)
  std::mutex mu_;
  std::condition_variable changed_;
  bool busy_ = false, stop_ = false, failed_ = false;
  bool handed_ = false;  // a job was handed over (the caller's thread only)
  Job job_ = Job::commit;  // what writing_ is for
  bool checkpoint_ = false;  // a checkpoint after its commit
  std::uint64_t offset_ = 0, lines_ = 0;  // what writing_ reaches
  std::string error_;
  double seconds_ = 0;
  std::thread thread_;  // last: started when everything else is ready
};

}  // namespace smtplog
