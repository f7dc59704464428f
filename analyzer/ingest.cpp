// One input at a time: fingerprint its head, find how far an earlier run got,
// read on from there, and commit counts + offset together every commit_bytes.
// A run killed at any moment thus leaves the database at its last commit, and
// the next run resumes exactly there. An input that fails (unreadable, corrupt
// gzip, disk full) rolls back only its uncommitted part; the others go on.
#include "analyzer/ingest.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "analyzer/batch.h"
#include "analyzer/clock.h"
#include "analyzer/input_state.h"
#include "analyzer/reader.h"
#include "parsers/line.h"

namespace smtplog {
namespace {

class Progress {
 public:
  Progress(bool enabled, std::ostream& out) : enabled_(enabled), out_(out) {
    start_ = last_ = std::chrono::steady_clock::now();
  }
  void update(const std::string& path, std::uint64_t bytes, std::uint64_t total, std::uint64_t lines) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    char buf[200];
    double mb = bytes / 1e6, rate = secs > 0 ? lines / secs : 0;
    if (total > bytes && bytes > 0) {
      double eta = secs * (double(total) - bytes) / bytes;
      std::snprintf(buf, sizeof buf, "\r%-30.30s %8.1f MB  %9.0f lines/s  ETA %4.0fs ", path.c_str(),
                    mb, rate, eta);
    } else {
      std::snprintf(buf, sizeof buf, "\r%-30.30s %8.1f MB  %9.0f lines/s          ", path.c_str(), mb, rate);
    }
    out_ << buf << std::flush;
    shown_ = true;
  }
  ~Progress() {
    if (shown_) out_ << "\r" << std::string(78, ' ') << "\r" << std::flush;
  }

 private:
  bool enabled_, shown_ = false;
  std::ostream& out_;
  std::chrono::steady_clock::time_point start_, last_;
};

bool add_notice(const Store& store, std::int64_t now, const std::string& path, const std::string& msg) {
  Stmt s = store.prepare("INSERT INTO notices (time, path, message) VALUES (?,?,?)");
  bind(s.get(), 1, now);
  bind(s.get(), 2, path);
  bind(s.get(), 3, msg);
  return step_done(s.get());
}

// Commits `batch` and the input's new offset in one transaction.
bool commit(const Store& store, Batch& batch, InputState& state, const std::string& path,
            const char* format, std::int64_t now, std::string& error) {
  Transaction tx(store);
  bool ok = tx.ok() && save_input(store, state, path, format, now) && batch.write(store, state.id);
  std::string why = tx.ok() ? store.last_error() : tx.error();
  if (ok && !tx.commit()) {
    ok = false;
    why = tx.error();
  }
  if (!ok) {
    error = store.path() + ": cannot write to the database (" + why +
            "); is the disk full or the file read-only? " + path + " is stored up to line " +
            std::to_string(state.committed_lines) + "; the next run goes on from there";
    return false;
  }
  batch.clear();
  return true;
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

InputResult ingest_one(const Store& store, ClassifierCache& cache, const std::string& path,
                       const IngestOptions& opt, std::int64_t now, Progress& progress) {
  InputResult result;
  result.path = path;
  std::string error;
  auto src = Source::open(path, error);
  if (!src) {
    result.error = error;
    return result;
  }
  std::string_view head = src->head(64 << 10);
  LogFormat format = detect_format(head);
  result.format = to_string(format);
  if (head.empty()) {
    if (!src->error().empty()) result.error = src->error();
    return result;  // an empty file: nothing to remember yet
  }
  InputState state = find_input(store, head);
  if (!state.known) {
    if (auto before = input_by_path(store, path); before && path != "-")
      add_notice(store, now, path,
                 "new content under a name seen before (rotated, truncated or replaced); "
                 "read from its beginning");
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
  state.committed_lines = state.lines;

  Clock clock(src->mtime(), opt.year);
  Batch batch;
  Scratch scratch;
  Event ev;
  LineReader reader(*src, state.offset);
  bool stop_at_unterminated = std::string_view(src->kind()) == "plain";
  std::uint64_t line_no = state.lines, offset = state.offset, since_commit = 0;
  std::uint64_t start_offset = state.offset;
  Line line;
  while (reader.next(line)) {
    // A plain file's last line without '\n' may still be being written: leave
    // it for the next run. Compressed files and pipes are complete.
    if (line.unterminated && stop_at_unterminated) break;
    ++line_no;
    ParseResult r;
    if (line.cut) {
      r = {LineKind::unparsed, "line longer than 64 KiB (kept its beginning)"};
    } else {
      r = parse_line(line.text, ev, scratch);
    }
    std::int64_t utc = 0;
    if (r.kind == LineKind::event) {
      utc = clock.to_utc(ev.time);
      if (utc < 0) r = {LineKind::unparsed, "no valid timestamp"};
    }
    batch.count_line(r.kind);
    if (r.kind == LineKind::unparsed) {
      batch.add_unparsed(line.text, line_no, line.offset, r.reason);
      ++result.unparsed;
    } else if (r.kind == LineKind::event) {
      ev.offset = line.offset;
      Classification c = cache.classify(ev.reply.code, ev.effective_enhanced(), ev.reply.text);
      batch.add(ev, c, utc, line.text, line_no, opt.keep_events);
      ++result.events;
    }
    since_commit += line.end - offset;
    offset = line.end;
    if (since_commit >= opt.commit_bytes || batch.pending_rows() >= 200000) {
      state.offset = offset;
      state.lines = line_no;
      if (!commit(store, batch, state, path, result.format.c_str(), now, result.error)) return result;
      state.committed_lines = line_no;
      since_commit = 0;
    }
    progress.update(path, offset, src->disk_size(), line_no);
  }
  state.offset = offset;
  state.lines = line_no;
  result.new_bytes = offset - start_offset;
  result.new_lines = line_no - state.committed_lines;
  result.already_ingested = result.new_bytes == 0;
  std::string read_error = reader.error();
  if (!commit(store, batch, state, path, result.format.c_str(), now, result.error)) return result;
  if (!read_error.empty()) {
    result.error = read_error + " (stopped after line " + std::to_string(line_no) + ")";
    add_notice(store, now, path, result.error);
  }
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
  IngestLock lock(store.path());
  IngestResult out;
  std::int64_t now = opt.now ? opt.now : static_cast<std::int64_t>(std::time(nullptr));
  ClassifierCache cache(classifier);
  Progress progress(!opt.quiet && ::isatty(2), diag);
  for (const std::string& path : opt.inputs)
    out.inputs.push_back(ingest_one(store, cache, path, opt, now, progress));
  if (opt.keep_events_seconds > 0) {
    Stmt prune = store.prepare("DELETE FROM events WHERE time < ?");
    bind(prune.get(), 1, now - opt.keep_events_seconds);
    step_done(prune.get());
  }
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
    bind(s, 1, e.id);
    bind(s, 2, join(e.codes));
    bind(s, 3, join(e.enhanced));
    bind(s, 4, e.pattern);
    bind(s, 5, e.name);
    bind(s, 6, join(e.classes));
    bind(s, 7, e.category);
    bind(s, 8, e.description);
    bind(s, 9, e.when);
    bind(s, 10, e.fix_sender);
    bind(s, 11, e.fix_admin);
    bind(s, 12, e.source);
    if (!step_done(s)) return fail();
  }
  Stmt put = store.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('catalogue', ?)");
  bind(put.get(), 1, fp);
  if (!step_done(put.get())) return fail();
  if (!tx.commit()) return store.path() + ": cannot write to the database (" + tx.error() + ")";
  return {};
}

}  // namespace smtplog
