// A reader thread fills a bounded queue of chunks; workers take them, process
// them, and put the results in a slot keyed by chunk number; the calling thread
// takes results strictly in order. Bounded in memory by the number of slots.
#include "analyzer/pipeline.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace smtplog {

void run_chunks(Chunker& chunker, unsigned threads,
                const std::function<void(unsigned worker, ChunkWork&)>& process,
                const std::function<bool(ChunkWork&)>& consume) {
  if (threads <= 1) {
    ChunkWork w;
    while (chunker.next(w.chunk)) {
      w.batch.clear();
      w.lines = w.events = w.unparsed = 0;
      process(0, w);
      if (!consume(w)) return;
    }
    return;
  }
  std::mutex mu;
  std::condition_variable changed;
  std::deque<std::pair<std::uint64_t, std::unique_ptr<ChunkWork>>> todo;
  std::map<std::uint64_t, std::unique_ptr<ChunkWork>> done;
  std::size_t in_flight = 0;
  const std::size_t max_in_flight = 2 * threads;
  bool reading_done = false, stop = false;

  std::thread reader([&] {
    for (std::uint64_t n = 0;; ++n) {
      auto w = std::make_unique<ChunkWork>();
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return in_flight < max_in_flight || stop; });
        if (stop) break;
        ++in_flight;
      }
      if (!chunker.next(w->chunk)) {
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
