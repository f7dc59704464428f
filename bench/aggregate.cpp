// bench_aggregate: the CPU time of the three ingest stages after
// classification, measured apart from parsing and SQLite: aggregate
// (Batch::add per line), compress (Batch::seal_events per chunk: event-block
// encoding, Bloom filter, zstd) and merge (Batch::merge of each chunk's batch
// into the batch a commit writes). The input is parsed and classified once,
// untimed, in 4 MiB chunks as ingest cuts them; then the three stages run
// over the parsed lines --runs times on one thread, each timed with the
// thread's CPU clock per chunk, and the fastest run of each is shown (on a
// shared machine, the least disturbed). A commit batch is cleared (as the
// writer does after writing it) every 64 MiB or 50,000 rows; that clear is
// shown apart.
//
//   bench_aggregate /var/tmp/smtplog-bench/data-*/postfix-100M.log [--mb N] [--runs N] [--no-events]
//
// --no-events adds with keep_event false, as ingest does for failures older
// than --keep-events: aggregate is then the counts, domains and examples
// alone, without the event lines (and compress has nothing to do).
#include <malloc.h>
#include <time.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/batch.h"
#include "analyzer/catalogue.h"
#include "analyzer/classifier.h"
#include "analyzer/clock.h"
#include "parsers/line.h"

namespace {

using namespace smtplog;

double thread_cpu() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// One line as process_chunk hands it to the batch.
struct Parsed {
  LineKind kind;
  Event ev;
  Classification cl;
  std::int64_t utc;
  std::string_view line, reason;
  std::uint64_t line_no, offset;
};

struct Chunk {
  std::vector<Parsed> lines;
  std::uint64_t bytes = 0;
};

// True when no view of `ev` points into the parser's scratch (the others point
// into the input or at static strings, and outlive the next parse).
bool lasting(const Event& ev, const Scratch& scratch) {
  const std::string& s = scratch.unescaped;
  auto in = [&](std::string_view v) {
    return v.empty() || v.data() + v.size() <= s.data() || v.data() >= s.data() + s.capacity();
  };
  return in(ev.host) && in(ev.service) && in(ev.instance) && in(ev.queue_id) && in(ev.recipient) &&
         in(ev.orig_to) && in(ev.sender) && in(ev.peer_host) && in(ev.peer_ip) && in(ev.reply.enhanced) &&
         in(ev.reply.text) && in(ev.dsn);
}

}  // namespace

int main(int argc, char** argv) {
  std::string input;
  std::size_t mb = 1 << 20;
  int runs = 3;
  bool keep_events = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mb" && i + 1 < argc) mb = std::stoul(argv[++i]);
    else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::stoi(argv[++i]));
    else if (a == "--no-events") keep_events = false;
    else if (a == "-h" || a == "--help") {
      std::cout << "usage: bench_aggregate FILE [--mb N (default: all)] [--runs N (default 3)] [--no-events]\n";
      return 0;
    } else input = a;
  }
  // As ingest() sets them (analyzer/ingest.cpp).
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  struct stat st{};
  std::ifstream in(input, std::ios::binary);
  if (input.empty() || !in || ::stat(input.c_str(), &st) != 0) {
    std::cerr << "usage: bench_aggregate FILE [--mb N] [--runs N] [--no-events]\n";
    return 2;
  }
  std::string data(std::min<std::size_t>(mb << 20, static_cast<std::size_t>(st.st_size)), '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(data.rfind('\n') + 1);

  std::vector<std::string> errors;
  Catalogue catalogue;
  catalogue.load_embedded(errors);
  Classifier classifier(catalogue);
  if (!errors.empty() || !classifier.ok()) {
    std::cerr << "bench_aggregate: cannot load the catalogue\n";
    return 3;
  }

  // Parse and classify once, in 4 MiB chunks of whole lines.
  std::vector<Chunk> chunks;
  std::uint64_t lines = 0, events = 0, skipped = 0;
  {
    Scratch scratch;
    Clock clock(st.st_mtim.tv_sec, 0);
    ClassifierCache cache(classifier);
    std::size_t pos = 0;
    while (pos < data.size()) {
      Chunk& c = chunks.emplace_back();
      std::uint64_t line_no = 0;
      const std::size_t start = pos;
      while (pos < data.size() && pos - start < (4u << 20)) {
        std::size_t end = data.find('\n', pos);
        std::string_view text(data.data() + pos, end - pos);
        Parsed p{};
        p.line = text;
        p.offset = pos;
        p.line_no = ++line_no;
        pos = end + 1;
        ParseResult r = parse_line(text, p.ev, scratch);
        p.kind = r.kind;
        p.reason = r.reason;
        if (r.kind == LineKind::event) {
          p.utc = clock.to_utc(p.ev.time);
          if (p.utc < 0) p.kind = LineKind::unparsed, p.reason = "no valid timestamp";
        }
        if (p.kind == LineKind::event) {
          if (!lasting(p.ev, scratch)) {  // its views would not outlive the next parse
            ++skipped;
            continue;
          }
          p.cl = cache.classify(p.ev.reply.code, p.ev.effective_enhanced(), p.ev.reply.text);
          ++events;
        }
        c.lines.push_back(p);
      }
      c.bytes = pos - start;
      lines += line_no;
    }
  }

  struct Times {
    double add = 1e300, seal = 1e300, merge = 1e300, clear = 1e300;
  } best;
  for (int run = 0; run < runs; ++run) {
    Times t{0, 0, 0, 0};
    // Two chunk batches in turn, as the pipeline's reused ChunkWork slots.
    std::unique_ptr<Batch> chunk_batch[2] = {std::make_unique<Batch>(), std::make_unique<Batch>()};
    Batch commit;
    std::uint64_t base = 0, since_commit = 0;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      Batch& b = *chunk_batch[i % 2];
      double t0 = thread_cpu();
      for (const Parsed& p : chunks[i].lines) {
        b.count_line(p.kind);
        if (p.kind == LineKind::unparsed) b.add_unparsed(p.line, p.line_no, p.offset, p.reason);
        else if (p.kind == LineKind::event) b.add(p.ev, p.cl, p.utc, p.line, p.line_no, keep_events);
      }
      double t1 = thread_cpu();
      b.seal_events();
      double t2 = thread_cpu();
      commit.merge(std::move(b), base);
      double t3 = thread_cpu();
      base += chunks[i].lines.size();
      since_commit += chunks[i].bytes;
      t.add += t1 - t0;
      t.seal += t2 - t1;
      t.merge += t3 - t2;
      if (since_commit >= (64u << 20) || commit.pending_rows() >= 50000 || i + 1 == chunks.size()) {
        double t4 = thread_cpu();
        commit.clear();
        t.clear += thread_cpu() - t4;
        since_commit = 0;
      }
    }
    best.add = std::min(best.add, t.add);
    best.seal = std::min(best.seal, t.seal);
    best.merge = std::min(best.merge, t.merge);
    best.clear = std::min(best.clear, t.clear);
  }
  const double per_gb = 1e9 / double(data.size());
  std::printf("%s: %.0f MB, %llu lines, %llu events (%llu skipped: views into scratch), %zu chunks; %sfastest of %d\n",
              input.c_str(), double(data.size()) / 1e6, static_cast<unsigned long long>(lines),
              static_cast<unsigned long long>(events), static_cast<unsigned long long>(skipped), chunks.size(), keep_events ? "" : "no events kept; ", runs);
  std::printf("%-10s %9s %9s %11s\n", "stage", "cpu s", "s per GB", "ns/line");
  auto row = [&](const char* name, double s) {
    std::printf("%-10s %9.4f %9.3f %11.1f\n", name, s, s * per_gb, s * 1e9 / double(lines));
  };
  row("aggregate", best.add);
  row("compress", best.seal);
  row("merge", best.merge);
  row("clear", best.clear);
  row("total", best.add + best.seal + best.merge + best.clear);
  return 0;
}
