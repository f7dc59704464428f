// Two batches take turns: the caller fills one while the writer thread commits
// the other. submit() waits only when the writer is still busy with the
// previous batch (SQLite slower than parsing), which bounds memory to two
// batches. A failed commit is remembered: the next submit() returns false, so
// the caller stops reading, and nothing after the failed batch is committed.
#include "analyzer/writer.h"

#include <chrono>

namespace smtplog {

BatchWriter::BatchWriter(const Store& store, InputState state, std::string path,
                         std::string format, std::int64_t now, bool threaded)
    : store_(store), state_(std::move(state)), path_(std::move(path)), format_(std::move(format)),
      now_(now), filling_(std::make_unique<Batch>()), writing_(std::make_unique<Batch>()) {
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

bool BatchWriter::commit(std::uint64_t offset, std::uint64_t lines) {
  auto t0 = std::chrono::steady_clock::now();
  InputState next = state_;  // state_ stays as committed until COMMIT succeeds
  next.offset = offset;
  next.lines = lines;
  bool ok;
  std::string why;
  {
    Transaction tx(store_);
    ok = tx.ok() && save_input(store_, next, path_, format_, now_) && writing_->write(store_, next.id, ids_);
    why = tx.ok() ? store_.last_error() : tx.error();
    if (ok && !tx.commit()) {
      ok = false;
      why = tx.error();
    }
  }
  if (ok) {
    state_ = next;
    writing_->clear();
  } else {
    ids_.forget();  // the ids this transaction inserted were rolled back
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
    std::uint64_t offset = offset_, lines = lines_;
    lock.unlock();
    bool ok = commit(offset, lines);
    lock.lock();
    failed_ = !ok;
    busy_ = false;
    changed_.notify_all();
    if (!ok) return;  // nothing after a failed batch may be committed
  }
}

bool BatchWriter::submit(std::uint64_t offset, std::uint64_t lines) {
  if (!thread_.joinable()) {
    if (failed_) return false;
    std::swap(filling_, writing_);
    failed_ = !commit(offset, lines);
    return !failed_;
  }
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !busy_; });
  if (failed_) return false;
  std::swap(filling_, writing_);  // writing_ was cleared by its commit
  offset_ = offset;
  lines_ = lines;
  busy_ = true;
  changed_.notify_all();
  return true;
}

bool BatchWriter::finish() {
  if (!thread_.joinable()) return !failed_;
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !busy_; });
  return !failed_;
}

}  // namespace smtplog
