// One input at a time: fingerprint its head, find how far an earlier run got,
// read on from there, and commit counts + offset together (about once per UTC
// day of log: the commit policy in ingest_one()).
// A run killed at any moment thus leaves the database at its last commit, and
// the next run resumes exactly there. An input that fails (unreadable, corrupt
// gzip, disk full) rolls back only its uncommitted part; the others go on.
#include "analyzer/ingest.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "analyzer/batch.h"
#include "analyzer/chunker.h"
#include "analyzer/clock.h"
#include "analyzer/event_blocks.h"
#include "analyzer/input_state.h"
#include "analyzer/pipeline.h"
#include "analyzer/progress.h"
#include "analyzer/reader.h"
#include "analyzer/writer.h"
#include "parsers/line.h"

namespace smtplog {
namespace {

// A commit waits for a new UTC day for at most this many commit_bytes.
constexpr std::uint64_t kCommitSpan = 8;
// Domain rows a batch may hold before it is committed whatever the day
// (~100 bytes each; a day of the 1 GB Postfix benchmark log has ~70,000, of
// the 5 GB one ~300,000). Peak RSS of 1 GB / 5 GB Postfix: 1 << 18: 69 / 80
// MB; 1 << 17 (each day of the 1 GB log in one commit, its rows appended):
// 70-74 / 80-81 MB, over the 10% that bench/run.sh allows; 1 << 16: 72-73 /
// 72-77 MB, CPU the same within noise (a day of ~70,000 rows is split once:
// its last ~5,000 rows are inserted among the first). 1 << 15 cost +4% CPU.
constexpr std::size_t kMaxDomainRows = 1 << 16;

bool add_notice(const Store& store, std::int64_t now, const std::string& path, const std::string& msg) {
  Stmt s = store.prepare("INSERT INTO notices (time, path, message) VALUES (?,?,?)");
  bind_value(s.get(), 1, now);
  bind_value(s.get(), 2, path);
  bind_value(s.get(), 3, msg);
  return step_done(s.get());
}

// Holds an exclusive flock() on the database file for the whole ingest, so two
// overlapping cron runs take turns instead of reading the same bytes twice.
// (SQLite's own locks are fcntl() locks, which flock() does not touch.)
class IngestLock {
 public:
  explicit IngestLock(const std::string& db_path);
  ~IngestLock();
  IngestLock(const IngestLock&) = delete;  // owns a file descriptor
  IngestLock& operator=(const IngestLock&) = delete;

 private:
  int fd_ = -1;
};

using Ticks = std::chrono::steady_clock::time_point;

// Adds the seconds since `t` to `sum` and restarts `t` (--stats).
void lap(double& sum, Ticks& t) {
  Ticks now = std::chrono::steady_clock::now();
  sum += std::chrono::duration<double>(now - t).count();
  t = now;
}

// A stage timed on sampled lines (--stats): the seconds between clock reads,
// which include one clock read per lap (~30 ns in a VM, as much as a short
// stage), and the number of laps, so that cost can be taken out again.
struct Sampled {
  double seconds = 0;
  std::uint64_t laps = 0;
  // Seconds of the stage itself, given what one clock read costs.
  double net(double clock_read) const { return std::max(0.0, seconds - double(laps) * clock_read); }
};

void lap(Sampled& s, Ticks& t) {
  lap(s.seconds, t);
  ++s.laps;
}

// What one steady_clock::now() costs here (the fastest of a few tries).
double clock_read_seconds() {
  double best = 1;
  for (int round = 0; round < 8; ++round) {
    Ticks a = std::chrono::steady_clock::now(), b = a;
    for (int i = 0; i < 64; ++i) b = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(b - a).count() / 64);
  }
  return best;
}

// What one parser thread keeps between lines.
struct Worker {
  Worker(const Classifier& classifier, std::int64_t mtime, int year, bool timed)
      : cache(classifier), clock(mtime, year), timed(timed) {}
  ClassifierCache cache;
  Clock clock;
  Scratch scratch;
  Event ev;
  bool timed;                                  // --stats: time every 16th line
  Sampled parse, classify, aggregate;              // of the timed lines
  double compress = 0;                            // of every event block
};

// Parses and classifies every line of a chunk into its batch. `count_events`
// is false for an Exim rejectlog, whose rejects the mainlog also has. Failure
// events older than `keep_since` are counted but not stored (--keep-events):
// they would be pruned at the end of the run anyway.
void process_chunk(Worker& wk, ChunkWork& w, bool keep_events, std::int64_t keep_since, bool count_events) {
  const Chunk& c = w.chunk;
  LineSplitter lines(c.data());
  for (std::string_view text; lines.next(text);) {
    std::uint64_t offset = c.offset + lines.begin();
    std::uint64_t line_no = ++w.lines;
    const bool timed = wk.timed && (line_no & 15) == 0;
    Ticks t = timed ? std::chrono::steady_clock::now() : Ticks{};
    ParseResult r;
    if (c.cut || text.size() > kMaxLine) {
      text = text.substr(0, kMaxLine);
      r = {LineKind::unparsed, "line longer than 64 KiB (kept its beginning)"};
    } else {
      r = parse_line(text, wk.ev, wk.scratch, lines.has_hash() ? HashInLine::maybe : HashInLine::no);
    }
    std::int64_t utc = 0;
    if (r.kind == LineKind::event) {
      utc = wk.clock.to_utc(wk.ev.time);
      if (utc < 0) r = {LineKind::unparsed, "no valid timestamp"};
      else if (!count_events) r = {LineKind::ignored, {}};
    }
    if (timed) lap(wk.parse, t);
    w.batch.count_line(r.kind);
    if (r.kind == LineKind::unparsed) {
      w.batch.add_unparsed(text, line_no, offset, r.reason);
      ++w.unparsed;
    } else if (r.kind == LineKind::event) {
      wk.ev.offset = offset;
      Classification cl = wk.cache.classify(wk.ev.reply.code, wk.ev.effective_enhanced(), wk.ev.reply.text);
      if (timed) lap(wk.classify, t);
      w.batch.add(wk.ev, cl, utc, text, line_no, keep_events && utc >= keep_since);
      ++w.events;
    }
    if (timed) lap(wk.aggregate, t);
  }
  Ticks t = wk.timed ? std::chrono::steady_clock::now() : Ticks{};
  w.batch.seal_events();  // compress here, in the parser thread
  if (wk.timed) lap(wk.compress, t);
}

// `pruned`: whether the run's old event blocks were pruned (--keep-events);
// if not yet, the writer does it in its first transaction.
// `replaced`: (path, id of the content read under it before) for new content
// under a known name; ingest() says so in a notice unless the run found that
// content under another name (an ordinary rotation).
InputResult ingest_one(const Store& store, const ClassifierSource& classifier, const std::string& path,
                       const IngestOptions& opt, std::int64_t now, Progress& progress, bool& pruned,
                       std::vector<std::pair<std::string, std::int64_t>>& replaced) {
  InputResult result;
  result.path = path;
  std::string error;
  auto src = Source::open(path, error);
  if (!src) {
    result.error = error;
    return result;
  }
  std::string_view head = src->head(64 << 10);
  LogFormat format = opt.format != LogFormat::unknown ? opt.format : detect_format(head);
  result.format = to_string(format);
  if (head.empty()) {
    if (!src->error().empty()) result.error = src->error();
    return result;  // an empty file: nothing to remember yet
  }
  InputState state = find_input(store, head);
  if (!state.known) {
    if (auto before = input_by_path(store, path); before && path != "-")
      replaced.emplace_back(path, before->id);
  } else if (src->disk_size() && std::string_view(src->kind()) == "plain" &&
             src->disk_size() < state.offset) {
    add_notice(store, now, path,
               "the file is shorter than the part already ingested (" +
                   std::to_string(state.offset) + " bytes); read as new content from its beginning");
    InputState fresh;
    fresh.fingerprint = state.fingerprint;
    fresh.fp_len = state.fp_len;
    state = fresh;
  }
  // Exim writes every reject to its mainlog and again to its rejectlog (with
  // the message headers): counting both would count each reject twice.
  const bool count_events = format != LogFormat::exim_rejectlog;
  if (!count_events && state.offset == 0)
    add_notice(store, now, path,
               "an Exim rejectlog: its rejects are counted from the mainlog, which has them too; "
               "its lines are counted as ignored (a file of mainlog lines that only looks like "
               "a rejectlog is counted when given with --log-format exim-mainlog)");
  const std::uint64_t start_offset = state.offset, start_lines = state.lines;
  const std::int64_t keep_since =
      opt.keep_events_seconds > 0 ? now - opt.keep_events_seconds : std::numeric_limits<std::int64_t>::min();

  // A plain file that has not grown since the last run needs no reading, and
  // no classifier (whose patterns take longer to compile than the rest of
  // such a run). Nor does a compressed file read to its end before whose size
  // and last bytes are the same (a rotated mail.log.2.gz, met by every cron
  // run over mail.log*: decompressing it only to find nothing new cost ~3 s
  // per GB). Stdin and pipes are read to find out.
  const bool plain = std::string_view(src->kind()) == "plain";
  const bool compressed = !plain && std::string_view(src->kind()) != "stdin" && src->disk_size() > 0;
  std::string tail;
  if (compressed)
    if (std::string last = src->disk_tail(kDiskTailBytes); !last.empty()) tail = fingerprint(last);
  const bool same_compressed = compressed && state.known && !tail.empty() &&
                               state.disk_size == src->disk_size() && state.disk_tail == tail;
  if (!same_compressed) {  // what this run commits is no longer "read to its end"
    state.disk_size = 0;
    state.disk_tail.clear();
  }
  const bool grown = !(state.known && (plain ? src->disk_size() == state.offset : same_compressed));
  const Classifier* cl = nullptr;
  if (grown && !(cl = classifier(result.error))) return result;

  // A plain file's last line without '\n' may still be being written: leave it
  // for the next run. Compressed files and pipes are complete. (Not grown: no
  // start offset, so that a compressed file is not decompressed up to it.)
  Chunker chunker(*src, grown ? state.offset : 0, plain,
                  std::min<std::size_t>(opt.chunk_bytes, 8 << 20));  // a chunk's event block stays < 32 MiB
  // --year follows the Dec -> Jan rollover line by line: one thread then.
  unsigned threads = opt.year ? 1 : opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned t = 0; cl && t < threads; ++t)
    workers.push_back(std::make_unique<Worker>(*cl, src->mtime(), opt.year, opt.stats != nullptr));
  // The writer commits on its own thread when there are parser threads to keep busy.
  BatchWriter writer(store, state, path, result.format, now, threads > 1);
  // Events older than --keep-events go on the writer thread while the parsers
  // run (a day of a year's blocks: ~0.05 s, and the pages it frees), in the
  // first transaction: what it stores is never older than keep_since.
  if (!pruned && opt.keep_events_seconds > 0)
    writer.set_first_job([keep_since](const Store& s) { return prune_event_blocks(s, keep_since); });
  std::uint64_t offset = state.offset, lines = state.lines, since_commit = 0, since_flush = 0;
  // The UTC day the input has reached (0: none yet): see the commit policy below.
  std::int64_t day = 0;
  // The content still to come after `offset`, 0 when unknown (stdin, pipes):
  // exact in a plain file; in a compressed file, the compressed bytes not yet
  // read at the ratio so far (1 once all are read: the end is near).
  auto content_left = [&]() -> std::uint64_t {
    const std::uint64_t size = src->disk_size();
    if (plain) return size > offset ? size - offset : 0;
    const std::uint64_t at = src->disk_position();
    if (size == 0 || at == 0) return 0;
    if (at >= size) return 1;
    return static_cast<std::uint64_t>(static_cast<double>(size - at) * static_cast<double>(offset) /
                                      static_cast<double>(at));
  };
  bool write_failed = false;
  if (grown)
    run_chunks(
      chunker, threads, [&](unsigned t, ChunkWork& w) {
        process_chunk(*workers[t], w, opt.keep_events, keep_since, count_events);
      },
      [&](ChunkWork& w) {
        Ticks t = std::chrono::steady_clock::now();
        // The commit policy, first part: a chunk that enters a new UTC day,
        // once commit_bytes came since the last commit, starts the next
        // commit: what came before it is committed first. A commit then
        // holds a day's rows from (about) its start, which SQLite appends at
        // the end of its tables, not the first chunk of the day, among whose
        // rows the next commit would insert the rest of the day (B-tree
        // searches from the root: ~0.5 instead of ~0.2 us a domain row).
        const std::int64_t chunk_day = w.batch.last_day();
        if (day != 0 && chunk_day > day && since_commit >= opt.commit_bytes) {
          if (!writer.submit(offset, lines)) {
            write_failed = true;
            return false;
          }
          since_commit = since_flush = 0;
        }
        Batch& batch = writer.filling();
        day = std::max(day, chunk_day);
        batch.merge(std::move(w.batch), lines);
        if (opt.stats) {
          lap(opt.stats->merge, t);
          opt.stats->read += w.read_seconds;
        }
        lines += w.lines;
        offset = w.chunk.end;
        since_commit += w.chunk.end - w.chunk.offset;
        since_flush += w.chunk.end - w.chunk.offset;
        result.events += w.events;
        result.unparsed += w.unparsed;
        // The commit policy, the rest. The event blocks go into the writer's
        // open transaction when it is idle, and at least every commit_bytes
        // of content (flush: not held in memory, and the caller does not
        // wait while a commit is written); the counts are committed, with the
        // offset, before the chunk that enters a new UTC day (above), so that
        // a day's domain and count rows are written about once, not once per
        // commit_bytes (in a log of many days; a log of one day commits every
        // kCommitSpan x commit_bytes). The row limits bound the batch's memory.
        // In the last commit_bytes of a file, a commit starts whenever what
        // came since the last one is twice what is left (and at least
        // commit_bytes / 8): each is written while the parsers read the rest,
        // and the last one, after them, holds at most ~commit_bytes / 8.
        const std::uint64_t left = content_left();
        const bool ending = left > 0 && left <= opt.commit_bytes && since_commit >= 2 * left &&
                            since_commit >= opt.commit_bytes / 8;
        const bool commit = ending ||
                            since_commit >= kCommitSpan * opt.commit_bytes ||
                            batch.pending_rows() >= 50000 || batch.domain_rows() >= kMaxDomainRows;
        // Such a commit, while a quarter of commit_bytes or more is left to
        // read, is followed by a checkpoint on the writer thread: the WAL
        // written so far (up to wal_autocheckpoint pages) is copied into the
        // database file while the parsers read the rest, and the close after
        // them copies only what came after it (~0.12 -> ~0.02 s per GB).
        const bool checkpoint = ending && threads > 1 && left >= opt.commit_bytes / 4;
        if (commit || since_flush >= opt.commit_bytes || writer.idle()) {
          if (!(commit ? writer.submit(offset, lines, checkpoint) : writer.flush())) {
            write_failed = true;
            return false;
          }
          since_flush = 0;
          if (commit) since_commit = 0;
        }
        progress.update(path, offset, src->disk_size(), lines);
        return true;
      });
  // Nothing new since the last run, under the same name: no write transaction
  // (a second run over logs already read then costs no WAL write, no fsync).
  const bool unchanged = state.known && offset == start_offset && lines == start_lines &&
                         state.path == path && !state.fingerprint_grew;
  bool written = !write_failed && (unchanged || writer.submit(offset, lines)) && writer.finish();
  pruned = pruned || writer.first_job_done();
  if (IngestStats* st = opt.stats) {
    const double clock_read = workers.empty() ? 0 : clock_read_seconds();
    st->clock_read = clock_read;
    for (const auto& wk : workers) {
      st->parse += 16 * wk->parse.net(clock_read);
      st->classify += 16 * wk->classify.net(clock_read);
      st->aggregate += 16 * wk->aggregate.net(clock_read);
      st->compress += wk->compress;
    }
    st->write += writer.seconds();
    st->bytes += offset - start_offset;
    st->lines += lines - start_lines;
    st->threads = threads;
  }
  if (!written) {
    result.error = writer.error();
    return result;
  }
  // A compressed file read to its end, all of it committed: remember its size
  // and last bytes, in a statement of its own (if it fails or a crash comes
  // first, the next run only decompresses the file once more).
  if (grown && compressed && !tail.empty() && chunker.error().empty() &&
      src->disk_position() == src->disk_size() && writer.input_id() != 0)
    save_disk_state(store, writer.input_id(), src->disk_size(), tail);
  result.new_bytes = offset - start_offset;
  result.new_lines = lines - start_lines;
  result.already_ingested = result.new_bytes == 0;
  if (!chunker.error().empty()) {
    result.error = chunker.error() + " (stopped after line " + std::to_string(lines) + ")";
    add_notice(store, now, path, result.error);
  }
  // Read from its beginning, and not one line of it was a mail line: the
  // wrong file (a binary, another program's log), which would otherwise only
  // show as an input of format "unknown" with nothing counted.
  if (format == LogFormat::unknown && start_offset == 0 && result.new_lines > 0 && result.events == 0 &&
      result.unparsed == 0)
    add_notice(store, now, path,
               "no Postfix or Exim line in its " + std::to_string(result.new_lines) +
                   " lines, so nothing was counted; is it a mail log? (smtplog reads Postfix and "
                   "Exim logs; --log-format names the format when it is one)");
  return result;
}

IngestLock::IngestLock(const std::string& db_path) {
  fd_ = ::open(db_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ >= 0) ::flock(fd_, LOCK_EX);
}

IngestLock::~IngestLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace

bool IngestResult::failed() const {
  for (const InputResult& r : inputs)
    if (!r.error.empty()) return true;
  return false;
}

IngestResult ingest(const Store& store, const Classifier& classifier, const IngestOptions& opt,
                    std::ostream& diag) {
  return ingest(store, [&](std::string&) { return &classifier; }, opt, diag);
}

IngestResult ingest(const Store& store, const ClassifierSource& classifier,
                    const IngestOptions& opt, std::ostream& diag) {
  IngestLock lock(store.path());
  // Chunk buffers, batches and their strings are freed and allocated again all
  // run long. Handing their pages back to the kernel each time costs a page
  // fault per 4 KiB on the next allocation (15% of bench_stages' profile); keep
  // them instead. Peak memory is bounded by the chunks and batches in flight.
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  // Two allocation arenas for the reader, workers, merger and writer instead
  // of one each: memory freed by one thread is reused by the next (peak RSS of
  // the 1 GB Postfix ingest 98 -> 85 MB, .gz 108 -> 98 MB, 2-4% slower).
  ::mallopt(M_ARENA_MAX, 2);
  // The writer's page cache: 8 MiB (SQLite's default is 2 MiB). Upserts go in
  // key order (Batch::write), so a bigger cache bought no speed here, only
  // memory (16 MiB: +8 MB peak RSS, over the 100 MB budget with two threads).
  store.exec("PRAGMA cache_size = -8192");
  // Checkpoint every 16384 pages of WAL (128 MiB with 8 KiB pages; SQLite's
  // default: 1000): a page several commits rewrite (a day's domain rows, a
  // month's rollup) is copied into the database file once per checkpoint, not
  // once per commit. Near a file's end the writer checkpoints too (below).
  store.exec("PRAGMA wal_autocheckpoint = 16384");
  IngestResult out;
  std::int64_t now = opt.now ? opt.now : static_cast<std::int64_t>(std::time(nullptr));
  Progress progress(progress_wanted(opt.quiet, 2), diag);
  Ticks t0 = std::chrono::steady_clock::now();
  auto refresh = [&] {
    Ticks t = std::chrono::steady_clock::now();
    if (!refresh_rollups(store))
      diag << "smtplog: warning: " << store.path() << ": cannot update the daily and monthly totals ("
           << store.last_error() << "); reports stay exact, and the next ingest tries again\n";
    if (opt.stats) opt.stats->rollups += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  // A run killed before its refresh left dirty days: finish them first.
  refresh();
  bool pruned = false;
  std::vector<std::pair<std::string, std::int64_t>> replaced;
  for (const std::string& path : opt.inputs)
    out.inputs.push_back(ingest_one(store, classifier, path, opt, now, progress, pruned, replaced));
  // New content under a known name: an ordinary rotation when this run read
  // the former content under another name (mail.log -> mail.log.1), which
  // needs no notice in every cron mail; else the former content may have
  // been truncated or replaced before its end was read, which does.
  for (const auto& [path, id] : replaced) {
    Stmt s = store.prepare("SELECT path, last_seen FROM inputs WHERE id = ?");
    bind_value(s.get(), 1, id);
    if (s && sqlite3_step(s.get()) == SQLITE_ROW && column_int(s.get(), 1) == now &&
        column_text(s.get(), 0) != path)
      continue;
    add_notice(store, now, path,
               "new content under a name seen before (truncated or replaced, or rotated without "
               "its former content among the inputs); read from its beginning");
  }
  if (!opt.skip_rollup_refresh) refresh();
  // When no input was written (nothing new), or its writer failed.
  if (opt.keep_events_seconds > 0 && !pruned) prune_event_blocks(store, now - opt.keep_events_seconds);
  if (opt.stats) lap(opt.stats->wall, t0);
  return out;
}

std::string store_catalogue(const Store& store, const Catalogue& catalogue) {
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
  };
  std::string all;
  for (const Entry& e : catalogue.entries())
    all += e.id + '\0' + e.pattern + '\0' + e.name + '\0' + e.description + '\0' + e.fix_sender +
           '\0' + e.fix_admin + '\0' + e.source + '\0';
  std::string fp = fingerprint(all);
  Stmt get = store.prepare("SELECT value FROM meta WHERE key = 'catalogue'");
  if (get && sqlite3_step(get.get()) == SQLITE_ROW && column_text(get.get(), 0) == fp) return {};
  get.reset();
  Transaction tx(store);
  auto fail = [&] { return store.path() + ": cannot write to the database (" +
                           (tx.ok() ? store.last_error() : tx.error()) + ")"; };
  if (!tx.ok() || !store.exec("DELETE FROM catalogue")) return fail();
  Stmt ins = store.prepare(
      "INSERT INTO catalogue (id, codes, enhanced, pattern, name, class, category, description, "
      "when_seen, fix_sender, fix_admin, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const Entry& e : catalogue.entries()) {
    sqlite3_stmt* s = ins.get();
    bind_value(s, 1, e.id);
    bind_value(s, 2, join(e.codes));
    bind_value(s, 3, join(e.enhanced));
    bind_value(s, 4, e.pattern);
    bind_value(s, 5, e.name);
    bind_value(s, 6, join(e.classes));
    bind_value(s, 7, e.category);
    bind_value(s, 8, e.description);
    bind_value(s, 9, e.when);
    bind_value(s, 10, e.fix_sender);
    bind_value(s, 11, e.fix_admin);
    bind_value(s, 12, e.source);
    if (!step_done(s)) return fail();
  }
  Stmt put = store.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('catalogue', ?)");
  bind_value(put.get(), 1, fp);
  if (!step_done(put.get())) return fail();
  if (!tx.commit()) return store.path() + ": cannot write to the database (" + tx.error() + ")";
  return {};
}

}  // namespace smtplog
