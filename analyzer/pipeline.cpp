// A reader thread fills a bounded queue of chunks; workers take them, process
// them, and put the results in a slot keyed by chunk number; the calling thread
// takes results strictly in order. Bounded in memory by the number of slots:
// threads + 1 chunks (one being read or consumed while every worker has one).
// Consumed chunks go back to a free list, so their buffers (and the pages the
// kernel mapped for them) are reused rather than allocated for every chunk.
#include "analyzer/pipeline.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace smtplog {
namespace {

bool next_chunk(Chunker& chunker, ChunkWork& w) {
  auto t0 = std::chrono::steady_clock::now();
  bool ok = chunker.next(w.chunk);
  w.read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return ok;
}

}  // namespace

void run_chunks(Chunker& chunker, unsigned threads,
                const std::function<void(unsigned worker, ChunkWork&)>& process,
                const std::function<bool(ChunkWork&)>& consume) {
  if (threads <= 1) {
    ChunkWork w;
    while (next_chunk(chunker, w)) {
      w.batch.clear();
      w.lines = w.events = w.unparsed = 0;
      process(0, w);
      if (!consume(w)) return;
    }
    return;
  }
  // One condition, every change notifies all. One condition per kind of
  // waiter with notify_one (session 6) halved the context switches but made
  // the ingest slower on a loaded machine (Postfix 1 GB 4.4-5.3 -> 5.8-6.2 s,
  // .gz 7.1-8.6 -> 8.3-10.8 s): the one worker it wakes may wait for a core
  // while the other would have taken the chunk at once.
  std::mutex mu;
  std::condition_variable changed;
  std::deque<std::pair<std::uint64_t, std::unique_ptr<ChunkWork>>> todo;
  std::map<std::uint64_t, std::unique_ptr<ChunkWork>> done;
  std::vector<std::unique_ptr<ChunkWork>> free;  // consumed, to reuse
  std::size_t in_flight = 0;
  const std::size_t max_in_flight = threads + 1;
  bool reading_done = false, stop = false;

  std::thread reader([&] {
    for (std::uint64_t n = 0;; ++n) {
      std::unique_ptr<ChunkWork> w;
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return in_flight < max_in_flight || stop; });
        if (stop) break;
        ++in_flight;
        if (!free.empty()) {
          w = std::move(free.back());
          free.pop_back();
        }
      }
      if (!w) w = std::make_unique<ChunkWork>();
      w->batch.clear();
      w->lines = w->events = w->unparsed = 0;
      if (!next_chunk(chunker, *w)) {
        std::lock_guard lock(mu);
        --in_flight;
        break;
      }
      std::lock_guard lock(mu);
      todo.emplace_back(n, std::move(w));
      changed.notify_all();
    }
    std::lock_guard lock(mu);
    reading_done = true;
    changed.notify_all();
  });
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (;;) {
        std::pair<std::uint64_t, std::unique_ptr<ChunkWork>> job;
        {
          std::unique_lock lock(mu);
          changed.wait(lock, [&] { return !todo.empty() || reading_done || stop; });
          if (stop || todo.empty()) return;
          job = std::move(todo.front());
          todo.pop_front();
        }
        process(t, *job.second);
        std::lock_guard lock(mu);
        done.emplace(job.first, std::move(job.second));
        changed.notify_all();
      }
    });
  }
  for (std::uint64_t next = 0;; ++next) {
    std::unique_ptr<ChunkWork> w;
    {
      std::unique_lock lock(mu);
      changed.wait(lock, [&] {
        return done.count(next) || (reading_done && todo.empty() && in_flight == done.size());
      });
      auto it = done.find(next);
      if (it == done.end()) break;  // everything read has been consumed
      w = std::move(it->second);
      done.erase(it);
    }
    bool go_on = consume(*w);
    std::lock_guard lock(mu);
    free.push_back(std::move(w));
    --in_flight;
    changed.notify_all();
    if (!go_on) {
      stop = true;
      break;
    }
  }
  for (std::thread& t : workers) t.join();
  reader.join();
}

}  // namespace smtplog
