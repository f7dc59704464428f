// Two batches take turns: the caller fills one while the writer thread writes
// the other. A hand-over (flush or submit) waits only when the writer is
// still busy with the previous one (SQLite slower than parsing), which bounds
// memory to two batches. A flush carries only event blocks and unparsed
// lines, inserted into the open transaction at once: held until the commit,
// a long transaction's blocks would cost ~1 MB of memory per 16 MB of log.
// A failed write is remembered and rolls the open transaction back: the next
// hand-over returns false, so the caller stops reading, and nothing after the
// failed batch is committed.
#include "analyzer/writer.h"

#include <chrono>

namespace smtplog {

BatchWriter::BatchWriter(const Store& store, InputState state, std::string path,
                         std::string format, std::int64_t now, bool threaded)
    : store_(store), state_(std::move(state)), path_(std::move(path)), format_(std::move(format)),
      now_(now), input_id_(state_.id), filling_(std::make_unique<Batch>()), writing_(std::make_unique<Batch>()) {
  if (threaded) thread_ = std::thread([this] { run(); });
}

BatchWriter::~BatchWriter() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool BatchWriter::work(Job job, std::uint64_t offset, std::uint64_t lines, bool checkpoint) {
  auto t0 = std::chrono::steady_clock::now();
  InputState next = state_;  // state_ stays as committed until COMMIT succeeds
  next.id = input_id_;
  if (job == Job::commit) {
    next.offset = offset;
    next.lines = lines;
  }
  std::string why;
  if (!tx_) tx_.emplace(store_);
  bool ok = tx_->ok();
  if (!ok) {
    why = tx_->error();
  } else {
    if (first_job_ && !first_job_ran_) {
      ok = first_job_(store_);
      first_job_ran_ = ok;
      if (!ok) why = store_.last_error();
    }
    // A flush needs the input's id for its blocks: a new input gets its row
    // now (at the committed offset), which the commit updates.
    ok = ok && ((job == Job::flush && next.id != 0) || save_input(store_, next, path_, format_, now_));
    ok = ok && (job == Job::commit ? writing_->write(store_, next.id, ids_, pending_) : writing_->write_events(store_, next.id));
    if (!ok && why.empty()) why = store_.last_error();
    if (ok && job == Job::commit) {
      ok = tx_->commit();
      if (!ok) why = tx_->error();
      tx_.reset();
    }
  }
  if (ok) {
    if (job == Job::commit && first_job_ran_) first_job_done_ = true;
    input_id_ = next.id;
    if (job == Job::commit) state_ = next;
    // A committed batch holds up to a day of count and domain rows: its
    // memory is given back, so that it regrows while the next commit's
    // batch fills instead of both holding a day's worth (peak RSS).
    if (job == Job::commit) writing_ = std::make_unique<Batch>();
    else writing_->clear();
    // Not a write failure when it cannot finish: the close copies the rest.
    if (checkpoint && job == Job::commit) store_.checkpoint();
  } else {
    tx_.reset();  // rolled back: what was flushed since the last commit too
    first_job_ran_ = first_job_done_;  // and the first job with it, when in this transaction
    input_id_ = state_.id;
    ids_.forget();  // the ids this transaction inserted were rolled back
    pending_.clear();
    error_ = store_.path() + ": cannot write to the database (" + why +
             "); is the disk full or the file read-only? " + path_ + " is stored up to line " +
             std::to_string(state_.lines) + "; the next run goes on from there";
  }
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return ok;
}

void BatchWriter::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return busy_ || stop_; });
    if (!busy_) return;
    const Job job = job_;
    const bool checkpoint = checkpoint_;
    std::uint64_t offset = offset_, lines = lines_;
    lock.unlock();
    bool ok = work(job, offset, lines, checkpoint);
    lock.lock();
    failed_ = !ok;
    busy_ = false;
    changed_.notify_all();
    if (!ok) return;  // nothing after a failed batch may be written
  }
}

bool BatchWriter::hand_over(Job job, std::uint64_t offset, std::uint64_t lines, bool checkpoint) {
  handed_ = true;
  // writing_ was cleared by the work before: a commit takes the whole filled
  // batch, a flush only its blocks and unparsed lines.
  auto take = [&] {
    if (job == Job::commit) std::swap(filling_, writing_);
    else filling_->move_events_to(*writing_);
  };
  if (!thread_.joinable()) {
    if (failed_) return false;
    take();
    failed_ = !work(job, offset, lines, checkpoint);
    return !failed_;
  }
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !busy_; });
  if (failed_) return false;
  take();
  job_ = job;
  checkpoint_ = checkpoint;
  offset_ = offset;
  lines_ = lines;
  busy_ = true;
  changed_.notify_all();
  return true;
}

bool BatchWriter::submit(std::uint64_t offset, std::uint64_t lines, bool checkpoint) {
  return hand_over(Job::commit, offset, lines, checkpoint);
}

bool BatchWriter::flush() {
  // An empty flush would only open the transaction (and run the first job):
  // once a hand-over did, it is skipped. Ingesting an old log, whose events
  // are not stored, the caller waited for the writer's commit at each
  // commit_bytes for nothing, and woke it ~150 times per GB.
  if (handed_ && !filling_->has_events()) {
    if (!thread_.joinable()) return !failed_;
    std::lock_guard lock(mu_);
    return !failed_;
  }
  return hand_over(Job::flush, 0, 0, false);
}

bool BatchWriter::idle() {
  if (!thread_.joinable()) return true;
  std::lock_guard lock(mu_);
  return !busy_;
}

bool BatchWriter::finish() {
  if (!thread_.joinable()) return !failed_;
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !busy_; });
  return !failed_;
}

}  // namespace smtplog
