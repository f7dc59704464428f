#pragma once
// Ingestion: inputs -> lines -> events -> classification -> batch -> store,
// with the offset reached committed in the same transaction as the counts.
//
//   IngestOptions opt; opt.inputs = {"/var/log/mail.log"};
//   IngestResult r = ingest(store, classifier, opt, std::cerr);
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "analyzer/classifier.h"
#include "analyzer/store.h"
#include "parsers/line.h"

namespace smtplog {

/// Where an ingest's time went (--stats): seconds per stage, summed over the
/// threads that ran it. parse, classify and aggregate are estimated from every
/// 16th line, timed, less the cost of the clock reads that timed them; the
/// others are timed whole.
struct IngestStats {
  double read = 0;       ///< reading and decompressing (the reader thread)
  double parse = 0;      ///< parse_line and the timestamp (parser threads)
  double classify = 0;   ///< ClassifierCache (parser threads)
  double aggregate = 0;  ///< Batch::add, unparsed lines (parser threads)
  double compress = 0;   ///< sealing each chunk's failure events into a block (parser threads)
  double merge = 0;      ///< merging chunk batches in content order
  double write = 0;      ///< SQLite transactions (the writer thread)
  double rollups = 0;    ///< refresh_rollups at the start and end of the run
  double wall = 0;
  double clock_read = 0;  ///< what one clock read costs (taken out of the sampled stages)
  std::uint64_t bytes = 0, lines = 0;
  unsigned threads = 0;
};

struct IngestOptions {
  std::vector<std::string> inputs;         ///< paths; "-" is stdin
  int year = 0;                            ///< --year: year of year-less timestamps; 0 = infer
  bool quiet = false;                      ///< no progress line
  bool keep_events = true;                 ///< store failure events
  std::int64_t keep_events_seconds = 90LL * 86400;  ///< --keep-events retention; 0 = forever
  /// Event blocks go to the open transaction at least every this many content
  /// bytes; counts + offset are committed after at least this many, at a new
  /// UTC day (at the latest after 8 times as many).
  std::uint64_t commit_bytes = 64ULL << 20;
  std::int64_t now = 0;                    ///< "now" for retention (0: the clock)
  unsigned threads = 0;                    ///< parser threads; 0 = one per core
  std::size_t chunk_bytes = 4 << 20;       ///< unit of parallel work
  IngestStats* stats = nullptr;            ///< filled when set (--stats)
  bool skip_rollup_refresh = false;        ///< tests: stop as a kill would, before the rollup refresh
  /// --log-format: every input is taken to be of this format; unknown = detect
  /// each from its content. Settles what content cannot tell, e.g. an excerpt
  /// of mainlog rejects, which looks like a rejectlog.
  LogFormat format = LogFormat::unknown;
};

struct InputResult {
  std::string path;
  std::string format;
  std::uint64_t new_bytes = 0, new_lines = 0, events = 0, unparsed = 0;
  bool already_ingested = false;  ///< nothing new since the last run
  std::string error;              ///< empty on success
};

struct IngestResult {
  std::vector<InputResult> inputs;
  bool failed() const;
};

IngestResult ingest(const Store& store, const Classifier& classifier, const IngestOptions& opt,
                    std::ostream& diag);

/// Gives the classifier, or null with `error` set. Called only when an input
/// may have something new to read: a run over logs already ingested then
/// neither compiles the catalogue's patterns nor stores the catalogue.
using ClassifierSource = std::function<const Classifier*(std::string& error)>;

IngestResult ingest(const Store& store, const ClassifierSource& classifier,
                    const IngestOptions& opt, std::ostream& diag);

/// Replaces the catalogue table with the loaded catalogue (so reports can join),
/// unless it already holds exactly this catalogue. Returns "" or an error message.
std::string store_catalogue(const Store& store, const Catalogue& catalogue);

}  // namespace smtplog
