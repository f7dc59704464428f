// bench_stages: what each stage of `smtplog ingest` costs on one input,
// measured apart, for deciding what to optimise (bench/run.sh measures the
// shipped command as a user runs it). It reads the first --mb megabytes of the
// input into memory and runs cumulative pipelines over them on one thread:
// split lines, + parse_line, + timestamps, + classify, + aggregate; then the
// whole ingest() into a fresh SQLite database, with and without failure
// events, on one thread and on every core. Each is run --runs times (default
// 3) and the fastest run is shown: on a shared machine that is the one least
// disturbed by others. Wall time and CPU time (all threads) are shown apart:
// on a loaded machine, CPU time is the fairer number (wall time includes
// waiting for a core).
//
//   bench_stages /var/tmp/smtplog-bench/data-*/postfix-1G.log --mb 256
//
// Two modes for changing the parsers and the classifier without changing what
// they return:
//   bench_stages --digest FILE...   one line per file: a hash over every line's
//       kind, reason, every Event field, UTC time and classification (the
//       parse of one line must not depend on the lines before it, so a
//       digest equal before and after a change is the check);
//   bench_stages --once FILE [--mb N]   parse, clock and classify the slice
//       once, nothing else (for callgrind / perf).
#include <fcntl.h>
#include <time.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/batch.h"
#include "analyzer/catalogue.h"
#include "analyzer/chunker.h"
#include "analyzer/classifier.h"
#include "analyzer/clock.h"
#include "analyzer/ingest.h"
#include "analyzer/store.h"
#include "parsers/line.h"

namespace {

using namespace smtplog;
using Clocks = std::chrono::steady_clock;

double seconds_since(Clocks::time_point t0) {
  return std::chrono::duration<double>(Clocks::now() - t0).count();
}

// CPU seconds of the whole process (every thread), user + system.
double cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Calls f(line, hash) for every line of `data`, split as ingest splits a
// chunk (LineSplitter, which also says whether the line holds a '#').
template <class F>
void each_line(std::string_view data, F&& f) {
  LineSplitter lines(data);
  for (std::string_view line; lines.next(line);) f(line, lines.has_hash() ? HashInLine::maybe : HashInLine::no);
}

struct Row {
  std::string name;
  double secs;  // wall
  double cpu;   // CPU seconds of all threads: on a loaded machine, the fairer number
};

struct Timing {
  double wall, cpu;
};

// How far a cumulative pipeline goes.
enum class Upto { split, parse, clock, classify, aggregate, aggregate_no_events };

struct CacheStats {
  std::size_t hits = 0, misses = 0, raw_hits = 0;
};

std::uint64_t run_pipeline(std::string_view data, Upto upto, const Classifier& classifier, std::int64_t mtime,
                           CacheStats& stats) {
  Scratch scratch;
  Event ev;
  Clock clock(mtime, 0);
  ClassifierCache cache(classifier);
  Batch batch;
  std::uint64_t n = 0, line_no = 0, bytes = 0;
  each_line(data, [&](std::string_view line, HashInLine hash) {
    ++line_no;
    // As ingest does per 4 MiB chunk: compress its failure events into a
    // block, and start the next chunk with an empty batch (ingest merges each
    // chunk's batch into the commit's and clears it: a batch holds one
    // chunk's counts, domains and strings, not a commit's).
    if ((bytes += line.size() + 1) >= (4u << 20) && upto >= Upto::aggregate) {
      batch.seal_events();
      batch.clear();
      bytes = 0;
    }
    if (upto == Upto::split) {
      n += line.size();
      return;
    }
    ParseResult r = parse_line(line, ev, scratch, hash);
    if (r.kind != LineKind::event || upto == Upto::parse) {
      n += static_cast<std::uint64_t>(r.kind);
      return;
    }
    std::int64_t utc = clock.to_utc(ev.time);
    if (upto == Upto::clock) {
      n += static_cast<std::uint64_t>(utc);
      return;
    }
    Classification c = cache.classify(ev.reply.code, ev.effective_enhanced(), ev.reply.text);
    if (upto == Upto::classify) {
      n += reinterpret_cast<std::uintptr_t>(c.entry);
      return;
    }
    batch.count_line(r.kind);
    batch.add(ev, c, utc, line, line_no, upto == Upto::aggregate);
    if (batch.pending_rows() >= 50000) batch.clear();  // as ingest commits, memory stays bounded
  });
  stats = {cache.hits(), cache.misses(), cache.raw_hits()};
  return n + batch.pending_rows();
}

// FNV-1a over the fields of one line's results.
struct Fnv {
  std::uint64_t h = 1469598103934665603ULL;
  void bytes(const void* p, std::size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ULL;
  }
  void text(std::string_view v) {
    std::size_t n = v.size();
    bytes(&n, sizeof n);
    bytes(v.data(), v.size());
  }
  template <class T>
  void value(T x) {
    bytes(&x, sizeof x);
  }
};

// --digest: see the note at the top. Every field is hashed for every line
// kind (a parser that leaves fields set on an ignored line shows up too).
int digest(const std::vector<std::string>& files, const Classifier& classifier) {
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    struct stat st{};
    if (!in || ::stat(path.c_str(), &st) != 0) {
      std::cerr << "bench_stages: " << path << ": cannot read\n";
      return 3;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string data = ss.str();
    Scratch scratch;
    Event ev;
    Clock clock(st.st_mtim.tv_sec, 0);
    ClassifierCache cache(classifier);
    Fnv file;
    std::size_t kinds[5] = {};
    each_line(data, [&](std::string_view line, HashInLine hash) {
      if (line.size() > (64u << 10)) line = line.substr(0, 64u << 10);  // as the chunker cuts
      ParseResult r = parse_line(line, ev, scratch, hash);
      ++kinds[static_cast<int>(r.kind)];
      Fnv l;
      l.value(r.kind);
      l.text(r.reason);
      const CivilTime& t = ev.time;
      l.value(t.year), l.value(t.month), l.value(t.day), l.value(t.hour), l.value(t.minute);
      l.value(t.second), l.value(t.micros), l.value(t.offset_minutes), l.value(t.has_offset);
      l.text(ev.host), l.value(ev.mta), l.text(ev.service), l.text(ev.instance), l.text(ev.queue_id);
      l.value(ev.direction), l.value(ev.outcome), l.text(ev.recipient), l.text(ev.orig_to);
      l.text(ev.sender), l.text(ev.peer_host), l.text(ev.peer_ip);
      l.value(ev.reply.code), l.text(ev.reply.enhanced), l.text(ev.reply.text);
      l.value(ev.reply.stage), l.value(ev.reply.inferred), l.text(ev.dsn);
      if (r.kind == LineKind::event) {
        l.value(clock.to_utc(ev.time));
        Classification c = cache.classify(ev.reply.code, ev.effective_enhanced(), ev.reply.text);
        l.text(c.entry ? std::string_view(c.entry->id) : "-");
        l.value(c.effective_class), l.value(c.class_mismatch), l.value(c.exact), l.value(c.by);
      }
      file.value(l.h);
    });
    std::printf("%016llx ev=%zu ign=%zu for=%zu cont=%zu unp=%zu %s\n", static_cast<unsigned long long>(file.h),
                kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], path.c_str());
  }
  return 0;
}

double run_ingest(const std::string& input, const std::string& db, const Catalogue& catalogue,
                  const Classifier& classifier, bool keep_events, unsigned threads) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
  std::string error;
  auto store = Store::open(db, Store::Mode::read_write, error);
  if (!store) {
    std::cerr << "bench_stages: " << error << "\n";
    std::exit(3);
  }
  if (std::string e = store_catalogue(*store, catalogue); !e.empty()) {
    std::cerr << "bench_stages: " << e << "\n";
    std::exit(3);
  }
  IngestOptions opt;
  opt.inputs = {input};
  opt.quiet = true;
  opt.keep_events = keep_events;
  opt.keep_events_seconds = 0;
  opt.threads = threads;
  auto t0 = Clocks::now();
  IngestResult r = ingest(*store, classifier, opt, std::cerr);
  double s = seconds_since(t0);
  if (r.failed()) {
    std::cerr << "bench_stages: ingest failed: " << r.inputs[0].error << "\n";
    std::exit(3);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input, tmp = "/var/tmp";
  std::size_t mb = 256;
  int runs = 3;
  bool ingest_runs = true, digest_mode = false, once = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--digest") digest_mode = true;
    else if (a == "--once") once = true;
    else if (a == "--mb" && i + 1 < argc) mb = std::stoul(argv[++i]);
    else if (a == "--tmp" && i + 1 < argc) tmp = argv[++i];
    else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::stoi(argv[++i]));
    else if (a == "--stages-only") ingest_runs = false;
    else if (a == "-h" || a == "--help") {
      std::cout << "usage: bench_stages FILE [--mb N (default 256)] [--runs N (default 3)] [--tmp DIR (default /var/tmp)] [--stages-only (no whole ingest() runs)]\n"
                   "       bench_stages --digest FILE...   (a hash of every line's parse and classification per file)\n"
                   "       bench_stages --once FILE [--mb N]   (parse, clock, classify once: for callgrind)\n";
      return 0;
    } else {
      input = a;
      files.push_back(a);
    }
  }
  if (digest_mode) {
    std::vector<std::string> errors;
    Catalogue catalogue;
    catalogue.load_embedded(errors);
    Classifier classifier(catalogue);
    if (!errors.empty() || !classifier.ok()) return 3;
    return digest(files, classifier);
  }
  if (input.empty()) {
    std::cerr << "usage: bench_stages FILE [--mb N] [--runs N] [--tmp DIR]\n";
    return 2;
  }
  struct stat st{};
  std::ifstream in(input, std::ios::binary);
  if (!in || ::stat(input.c_str(), &st) != 0) {
    std::cerr << "bench_stages: " << input << ": cannot read\n";
    return 3;
  }
  std::string data(mb << 20, '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(in.gcount()));
  data.resize(data.rfind('\n') + 1);  // whole lines only
  std::uint64_t lines = 0;
  each_line(data, [&](std::string_view, HashInLine) { ++lines; });

  std::vector<std::string> errors;
  Catalogue catalogue;
  catalogue.load_embedded(errors);
  Classifier classifier(catalogue);
  if (!errors.empty() || !classifier.ok()) {
    std::cerr << "bench_stages: catalogue: " << (errors.empty() ? classifier.error() : errors[0]) << "\n";
    return 3;
  }

  if (once) {
    CacheStats unused;
    std::printf("%llu\n", static_cast<unsigned long long>(
                               run_pipeline(data, Upto::classify, classifier, st.st_mtim.tv_sec, unused)));
    return 0;
  }

  // The slice as a file of its own, with the input's mtime (year inference).
  std::string slice = tmp + "/bench_stages-slice.log", db = tmp + "/bench_stages.db";
  {
    std::ofstream out(slice, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  }
  struct timespec times[2] = {st.st_mtim, st.st_mtim};
  ::utimensat(AT_FDCWD, slice.c_str(), times, 0);

  const double mbytes = double(data.size()) / 1e6;
  std::vector<Row> rows;
  volatile std::uint64_t sink = 0;
  CacheStats cache_stats;
  // The fastest of the runs, wall and CPU apart.
  auto best = [&](const std::function<void()>& once) {
    Timing b{1e300, 1e300};
    for (int r = 0; r < runs; ++r) {
      double c0 = cpu_seconds();
      auto t0 = Clocks::now();
      once();
      b.wall = std::min(b.wall, seconds_since(t0));
      b.cpu = std::min(b.cpu, cpu_seconds() - c0);
    }
    return b;
  };
  auto stage = [&](const char* name, Upto upto) {
    Timing t = best([&] { sink = sink + run_pipeline(data, upto, classifier, st.st_mtim.tv_sec, cache_stats); });
    rows.push_back({name, t.wall, t.cpu});
  };
  auto whole = [&](std::string name, bool keep_events, unsigned threads) {
    Timing t = best([&] { run_ingest(slice, db, catalogue, classifier, keep_events, threads); });
    rows.push_back({std::move(name), t.wall, t.cpu});
  };
  stage("split lines (LineSplitter)", Upto::split);
  stage("+ parse_line", Upto::parse);
  stage("+ Clock::to_utc", Upto::clock);
  stage("+ classify (cache per pass)", Upto::classify);
  stage("+ Batch::add, no events", Upto::aggregate_no_events);
  stage("+ Batch::add, events kept", Upto::aggregate);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::string all = "ingest(), " + std::to_string(cores) + " threads";
  if (ingest_runs) {
    whole("ingest(), 1 thread, no events", false, 1);
    whole("ingest(), 1 thread, events kept", true, 1);
    whole(all + ", no events", false, cores);
    whole(all + ", events kept", true, cores);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
  std::remove(slice.c_str());

  std::printf("%s: first %.0f MB, %llu lines (%.0f bytes/line); fastest of %d runs\n", input.c_str(), mbytes,
              static_cast<unsigned long long>(lines), double(data.size()) / double(lines), runs);
  std::printf("%-38s %8s %9s %9s %12s %8s %11s %12s\n", "stage (cumulative)", "s", "MB/s", "ns/line", "+ns/line",
              "cpu s", "cpu ns/line", "+cpu ns/line");
  double prev = 0, prev_cpu = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double ns = rows[i].secs * 1e9 / double(lines), cpu_ns = rows[i].cpu * 1e9 / double(lines);
    bool cumulative = i > 0 && rows[i].name[0] == '+';
    char marginal[32] = "", cpu_marginal[32] = "";
    if (cumulative) {
      std::snprintf(marginal, sizeof marginal, "%+.0f", ns - prev);
      std::snprintf(cpu_marginal, sizeof cpu_marginal, "%+.0f", cpu_ns - prev_cpu);
    }
    std::printf("%-38s %8.3f %9.1f %9.0f %12s %8.3f %11.0f %12s\n", rows[i].name.c_str(), rows[i].secs,
                mbytes / rows[i].secs, ns, marginal, rows[i].cpu, cpu_ns, cpu_marginal);
    if (rows[i].name.rfind("ingest", 0) != 0) {
      prev = ns;
      prev_cpu = cpu_ns;
    }
  }
  std::size_t lookups = cache_stats.hits + cache_stats.misses;
  std::printf("classification cache (text patterns): %zu lookups, %zu misses (%.1f%%), %zu answered by the raw text\n",
              lookups, cache_stats.misses, lookups ? 100.0 * double(cache_stats.misses) / double(lookups) : 0.0,
              cache_stats.raw_hits);
  return 0;
}
