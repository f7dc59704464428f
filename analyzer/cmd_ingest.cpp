// `smtplog ingest FILE...` and the default `smtplog FILE...` (ingest, then
// report). Inputs are checked before the database is opened, so a run whose
// inputs are all missing leaves the database untouched.
#include <glob.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <utility>

#include "analyzer/commands.h"
#include "analyzer/sanitize.h"
#include "analyzer/ingest.h"
#include "analyzer/report_options.h"

namespace po = boost::program_options;

namespace smtplog {
namespace {

struct IngestArgs {
  std::vector<std::string> inputs;
  int year = 0;
  bool quiet = false;
  bool stats = false;
  std::string keep_events = "90d";
  std::uint64_t commit_bytes = 64ULL << 20;
  unsigned threads = 0;
  std::string log_format = "auto";
};

void add_ingest_options(po::options_description& desc, IngestArgs& ia) {
  desc.add_options()
      ("input", po::value<std::vector<std::string>>(&ia.inputs), "log files; - is stdin")
      ("year", po::value<int>(&ia.year)->value_name("YEAR"),
       "year of the first year-less (BSD syslog) timestamp; default: inferred from the file's mtime")
      ("quiet,q", po::bool_switch(&ia.quiet), "no progress line")
      ("keep-events", po::value<std::string>(&ia.keep_events)->value_name("AGE"),
       "keep failure events this long: 90d (default), 12w, 0 = forever; counts are always kept")
      ("threads", po::value<unsigned>(&ia.threads)->value_name("N"),
       "parser threads (default: one per core; 1 = single-threaded)")
      ("commit-bytes", po::value<std::uint64_t>(&ia.commit_bytes)->value_name("N"),
       "commit counts with the offset reached once N bytes came since the last commit and the log "
       "entered a new UTC day, else every 8*N bytes (default 64 MiB)")
      ("log-format", po::value<std::string>(&ia.log_format)->value_name("FMT"),
       "auto (default: by content), postfix, exim-mainlog, exim-rejectlog, exim-paniclog or "
       "mixed-syslog, for every input")
      ("stats", po::bool_switch(&ia.stats), "print the time spent in each stage to stderr");
}

// Quoted globs ("/var/log/mail.log*") are expanded here, so cron lines work
// without a shell; a name that exists is taken as it is.
std::vector<std::string> expand(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const std::string& in : inputs) {
    struct stat st{};
    if (in == "-" || ::stat(in.c_str(), &st) == 0 || in.find_first_of("*?[") == std::string::npos) {
      out.push_back(in);
      continue;
    }
    glob_t g{};
    if (::glob(in.c_str(), 0, nullptr, &g) == 0) {
      for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    } else {
      out.push_back(in);  // reported as missing below
    }
    ::globfree(&g);
  }
  return out;
}

bool parse_age(const std::string& s, std::int64_t& seconds) {
  if (s == "0") {
    seconds = 0;
    return true;
  }
  if (s.size() < 2) return false;
  std::int64_t n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9' || n > 1000000) return false;
    n = n * 10 + (s[i] - '0');
  }
  // "0d" would read as "keep none" but 0 means forever: only a bare 0 does.
  if (n == 0) return false;
  switch (s.back()) {
    case 'h': seconds = n * 3600; return true;
    case 'd': seconds = n * 86400; return true;
    case 'w': seconds = n * 7 * 86400; return true;
  }
  return false;
}

// --log-format: "auto" leaves detection to the content (LogFormat::unknown).
bool parse_log_format(const std::string& s, LogFormat& out) {
  if (s == "auto") {
    out = LogFormat::unknown;
    return true;
  }
  for (LogFormat f : {LogFormat::postfix, LogFormat::exim_mainlog, LogFormat::exim_rejectlog,
                      LogFormat::exim_paniclog, LogFormat::mixed_syslog})
    if (s == to_string(f)) {
      out = f;
      return true;
    }
  return false;
}

// --stats: where the time went, one line per stage.
void print_stats(std::ostream& out, const IngestStats& st) {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "stats: %.1f MB, %llu lines in %.3f s (%.0f MB/s), %u parser thread%s; "
                "cpu %.2f s user + %.2f s system; a clock read %.0f ns\n",
                double(st.bytes) / 1e6, static_cast<unsigned long long>(st.lines), st.wall,
                st.wall > 0 ? double(st.bytes) / 1e6 / st.wall : 0.0, st.threads,
                st.threads == 1 ? "" : "s", secs(ru.ru_utime), secs(ru.ru_stime), st.clock_read * 1e9);
  out << buf;
  struct Row {
    const char* name;
    double secs;
    const char* where;
  };
  const Row rows[] = {
      {"read/inflate", st.read, "reader"},
      {"parse", st.parse, "parser threads, from every 16th line"},
      {"classify", st.classify, "parser threads, from every 16th line"},
      {"aggregate", st.aggregate, "parser threads, from every 16th line"},
      {"compress", st.compress, "parser threads: event blocks"},
      {"merge", st.merge, "in content order"},
      {"write", st.write, "writer: SQLite transactions"},
      {"rollups", st.rollups, "days and months recomputed at the end"},
  };
  for (const Row& r : rows) {
    std::snprintf(buf, sizeof buf, "  %-13s %8.3f s %6.0f ns/line  (%s)\n", r.name, r.secs,
                  st.lines ? r.secs * 1e9 / double(st.lines) : 0.0, r.where);
    out << buf;
  }
}

// Ingests; prints a line per failed input. Returns an exit code.
int do_ingest(const char* command, const CommonOptions& common, const Catalogue& catalogue,
              const IngestArgs& ia) {
  IngestOptions opt;
  if (!parse_age(ia.keep_events, opt.keep_events_seconds))
    return usage_error(command, "cannot read --keep-events '" + ia.keep_events +
                                        "' (an age such as 36h, 90d or 12w; 0 keeps events forever)");
  if (ia.year < 0 || ia.year > 9999) return usage_error(command, "--year must be a year such as 2026");
  opt.year = ia.year;
  opt.quiet = ia.quiet;
  if (ia.commit_bytes == 0) return usage_error(command, "--commit-bytes must be positive");
  opt.commit_bytes = ia.commit_bytes;
  if (ia.threads > 64) return usage_error(command, "--threads must be between 1 and 64");
  if (!parse_log_format(ia.log_format, opt.format))
    return usage_error(command, "unknown --log-format '" + ia.log_format +
                                    "' (auto, postfix, exim-mainlog, exim-rejectlog, exim-paniclog, mixed-syslog)");
  opt.threads = ia.threads;
  int status = kExitOk;
  int stdin_count = 0;
  for (const std::string& path : expand(ia.inputs)) {
    if (path == "-") {
      if (++stdin_count == 1) opt.inputs.push_back(path);
      continue;
    }
    if (::access(path.c_str(), R_OK) != 0) {
      // Paths come from globs over directories strangers may name files in:
      // shown printable, as in reports.
      std::cerr << "smtplog " << command << ": " << printable(path) << ": cannot read: " << std::strerror(errno)
                << (errno == EACCES ? " (run as a user who can read the mail logs)" : "") << "\n";
      status = kExitInput;
      continue;
    }
    opt.inputs.push_back(path);
  }
  if (opt.inputs.empty()) return status == kExitOk ? usage_error(command, "no input files") : status;

  std::string db = database_path(common), error;
  auto store = Store::open(db, Store::Mode::read_write, error);
  if (!store) {
    std::cerr << "smtplog " << command << ": " << printable(error) << "\n";
    return kExitInput;
  }
  // Compiled (and the catalogue stored for reports to join) only once an
  // input has something new: a run over logs already read stays quick.
  std::optional<Classifier> classifier;
  std::string classifier_error;
  auto source = [&](std::string& err) -> const Classifier* {
    if (!classifier) {
      classifier.emplace(catalogue);
      if (!classifier->ok()) classifier_error = classifier->error();
      else if (std::string e = store_catalogue(*store, catalogue); !e.empty())
        classifier_error = e + "; is the disk full or the file read-only?";
    }
    err = classifier_error;
    return classifier_error.empty() ? &*classifier : nullptr;
  };
  IngestStats stats;
  if (ia.stats) opt.stats = &stats;
  IngestResult result = ingest(*store, source, opt, std::cerr);
  if (ia.stats) print_stats(std::cerr, stats);
  bool classifier_said = false;  // a classifier that cannot be built fails every input alike
  for (const InputResult& r : result.inputs) {
    if (r.error.empty()) continue;
    status = kExitInput;
    if (r.error == classifier_error && std::exchange(classifier_said, true)) continue;
    std::cerr << "smtplog " << command << ": " << printable(r.error) << "\n";
  }
  return status;
}

}  // namespace

int cmd_ingest(const Args& args) {
  CommonOptions common;
  IngestArgs ia;
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help");
  add_common_options(desc, common);
  add_ingest_options(desc, ia);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  if (!parse_args("ingest", args, desc, &pos, vm)) return kExitUsage;
  if (vm.count("help")) {
    print_help(std::cout, "smtplog ingest [OPTIONS] FILE...",
               "Reads Postfix and Exim logs (plain, gzip, bzip2, xz or zstd; - for stdin) into\nthe database.\n"
               "Remembers how far each input was read, so running it again, or after log\n"
               "rotation, adds only the new lines.", desc);
    return kExitOk;
  }
  if (ia.inputs.empty()) return usage_error("ingest", "no input files");
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  return do_ingest("ingest", common, *catalogue, ia);
}

int cmd_run(const Args& args) {
  CommonOptions common;
  IngestArgs ia;
  ReportArgs ra;
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help")("version", "print the version");
  add_common_options(desc, common);
  add_ingest_options(desc, ia);
  add_report_options(desc, ra);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  if (!parse_args("run", args, desc, &pos, vm)) return kExitUsage;
  if (vm.count("help")) {  // smtplog --help-run
    print_help(std::cout, "smtplog [OPTIONS] FILE...",
               "Ingests the logs (as smtplog ingest does), then prints the report of what the\n"
               "database holds (as smtplog report does); each command's options apply.", desc);
    return kExitOk;
  }
  if (vm.count("version")) {
    std::cout << "smtplog " << SMTPLOG_VERSION << "\n";
    return kExitOk;
  }
  if (ia.inputs.empty()) return usage_error("run", "no input files");
  ReportOptions ro;
  if (!make_report_options("run", ra, ro)) return kExitUsage;
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  if (!check_threshold_entries("run", ra, *catalogue)) return kExitUsage;
  int status = do_ingest("run", common, *catalogue, ia);
  if (status == kExitUsage) return status;
  int report = print_report("run", database_path(common), *catalogue, ra, ro);
  return status != kExitOk ? status : report;
}

}  // namespace smtplog
