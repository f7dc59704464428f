// gen_logs: makes large, realistic Postfix or Exim logs out of the real sample
// logs in samples/, for the throughput benchmark (bench/run.sh). Every line of
// the output is a real line with fresh ids, mailboxes, domains, IPs, pids and
// times; the mix of outcomes and reply texts is the samples' own. The same
// options and --seed give the same bytes.
//
//   gen_logs --flavour postfix --size 1G --seed 1 -o /var/tmp/smtplog-bench/postfix-1G.log
//   gen_logs --flavour exim --exim-ids new --size 100M | smtplog ingest -
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "bench/gen_render.h"
#include "bench/gen_templates.h"

namespace {

using namespace smtplog::bench;

constexpr const char* kUsage = R"(usage: gen_logs --flavour postfix|exim [OPTIONS]

Writes a log made from the real sample logs, with fresh queue ids, message
ids, mailboxes, domains, IPs, pids and times.

  --flavour postfix|exim  which samples to use as templates (default files:
                          samples/postfix/postfix.log; samples/exim/default/mainlog
                          and samples/exim/all/mainlog)
  --template FILE         use FILE as templates instead (repeatable)
  --samples DIR           the samples/ directory (default: the source tree's)
  --size N[K|M|G|T]       stop at the first line end at or past N bytes
                          (binary units: 1G = 2^30; default 1G)
  --seed N                the same seed gives the same bytes (default 1)
  --start DATE            UTC time of the first line: YYYY-MM-DD or
                          YYYY-MM-DDTHH:MM:SS (default 2025-12-29, so that the
                          default 5 days cross the year boundary)
  --days D                the span of the lines' times (default 5)
  --exim-ids old|new      Exim message ids: old 6-6-2 (default; what Debian 12's
                          eximstats reads) or 4.97+ 6-11-4
  --concurrency N         messages and sessions in flight at once (default 8)
  --domains N             distinct remote domains (default 5000)
  --ips N                 distinct remote IPv4 addresses (default 20000)
  --users N               distinct local users (default 3000)
  --own-domain D          a domain of the server itself: kept (repeatable; most
                          are found from the templates)
  -o, --output FILE       write to FILE (default: standard output); its mtime is
                          set to the last line's time, so that year-less
                          (BSD syslog) timestamps get the right years
  -v, --verbose           describe the templates on standard error
)";

bool parse_size(const std::string& s, std::uint64_t& out) {
  std::size_t pos = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(s, &pos);
  } catch (...) {
    return false;
  }
  std::string suffix = s.substr(pos);
  int shift = suffix.empty() || suffix == "B"            ? 0
              : suffix == "K" || suffix == "KiB" ? 10
              : suffix == "M" || suffix == "MiB" ? 20
              : suffix == "G" || suffix == "GiB" ? 30
              : suffix == "T" || suffix == "TiB" ? 40
                                                 : -1;
  if (shift < 0) return false;
  out = static_cast<std::uint64_t>(v) << shift;
  return out > 0;
}

bool parse_start(const std::string& s, std::int64_t& out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec);
  if ((n != 3 && n != 6) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return false;
  out = days_from_civil(y, unsigned(mo), unsigned(d)) * 86400 + h * 3600 + mi * 60 + sec;
  return true;
}

int usage_error(const std::string& msg) {
  std::cerr << "gen_logs: " << msg << " (see gen_logs --help)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string flavour, output, samples = SMTPLOG_SOURCE_DIR "/samples";
  std::vector<std::string> templates;
  TemplateOptions topt;
  WriteOptions wopt;
  wopt.start = days_from_civil(2025, 12, 29) * 86400;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& v) {
      if (i + 1 >= argc) return false;
      v = argv[++i];
      return true;
    };
    auto number = [&](auto& v, long long lo, long long hi) {
      std::string s;
      if (!value(s)) return false;
      try {
        std::size_t pos = 0;
        long long n = std::stoll(s, &pos);
        if (pos != s.size() || n < lo || n > hi) return false;
        v = static_cast<std::remove_reference_t<decltype(v)>>(n);
        return true;
      } catch (...) {
        return false;
      }
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--flavour" || a == "--flavor") {
      if (!value(flavour) || (flavour != "postfix" && flavour != "exim"))
        return usage_error("--flavour takes postfix or exim");
    } else if (a == "--template") {
      if (!value(v)) return usage_error("--template needs a file");
      templates.push_back(v);
    } else if (a == "--samples") {
      if (!value(samples)) return usage_error("--samples needs a directory");
    } else if (a == "--size") {
      if (!value(v) || !parse_size(v, wopt.size)) return usage_error("--size takes a size such as 1G or 500M");
    } else if (a == "--seed") {
      if (!number(wopt.seed, 0, (1LL << 62))) return usage_error("--seed takes a number");
    } else if (a == "--start") {
      if (!value(v) || !parse_start(v, wopt.start))
        return usage_error("--start takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS");
    } else if (a == "--days") {
      if (!value(v)) return usage_error("--days takes a number");
      wopt.days = std::atof(v.c_str());
      if (!(wopt.days > 0 && wopt.days < 36600)) return usage_error("--days takes a positive number");
    } else if (a == "--exim-ids") {
      if (!value(v) || (v != "old" && v != "new")) return usage_error("--exim-ids takes old or new");
      wopt.exim_new_ids = v == "new";
    } else if (a == "--concurrency") {
      if (!number(wopt.concurrency, 1, 10000)) return usage_error("--concurrency takes 1..10000");
    } else if (a == "--domains") {
      if (!number(wopt.pools.domains, 20, 10'000'000)) return usage_error("--domains takes 20..10000000");
    } else if (a == "--ips") {
      if (!number(wopt.pools.ips, 1, 10'000'000)) return usage_error("--ips takes 1..10000000");
    } else if (a == "--users") {
      if (!number(wopt.pools.users, 1, 10'000'000)) return usage_error("--users takes 1..10000000");
    } else if (a == "--own-domain") {
      if (!value(v)) return usage_error("--own-domain needs a domain");
      topt.own_domains.push_back(v);
    } else if (a == "-o" || a == "--output") {
      if (!value(output)) return usage_error("--output needs a file");
    } else if (a == "-v" || a == "--verbose") {
      verbose = true;
    } else {
      return usage_error("unknown argument '" + a + "'");
    }
  }
  if (templates.empty()) {
    if (flavour == "postfix") templates = {samples + "/postfix/postfix.log"};
    else if (flavour == "exim") templates = {samples + "/exim/default/mainlog", samples + "/exim/all/mainlog"};
    else return usage_error("give --flavour postfix|exim or --template FILE");
  }

  std::vector<std::vector<std::string>> files;
  for (const std::string& path : templates) {
    std::string error;
    files.push_back(read_lines(path, error));
    if (!error.empty()) {
      std::cerr << "gen_logs: " << error << ": " << std::strerror(errno) << "\n";
      return 3;
    }
  }
  Templates t = compile_templates(files, topt);
  if (t.groups.empty()) {
    std::cerr << "gen_logs: no usable template lines in " << templates[0] << "\n";
    return 3;
  }
  if (verbose) {
    std::size_t biggest = 0;
    for (const Group& g : t.groups) biggest = std::max(biggest, g.lines.size());
    std::cerr << "gen_logs: " << t.lines << " template lines, " << t.groups.size() << " groups (largest "
              << biggest << " lines), " << t.header.size() << " header groups\n  own domains:";
    for (const std::string& d : t.own_domains) std::cerr << " " << d;
    std::cerr << "\n  remote domains:";
    for (const std::string& d : t.remote_domains) std::cerr << " " << d;
    std::cerr << "\n";
  }

  std::FILE* out = stdout;
  if (!output.empty() && !(out = std::fopen(output.c_str(), "wb"))) {
    std::cerr << "gen_logs: " << output << ": cannot write: " << std::strerror(errno) << "\n";
    return 3;
  }
  WriteStats st = write_log(t, wopt, out);
  bool ok = !st.write_error && std::fflush(out) == 0 && (out == stdout || std::fclose(out) == 0);
  if (!ok) {
    std::cerr << "gen_logs: " << (output.empty() ? "standard output" : output)
              << ": write failed: " << std::strerror(errno) << "\n";
    return 3;
  }
  if (!output.empty()) {
    struct timespec times[2] = {{st.last_time, 0}, {st.last_time, 0}};
    ::utimensat(AT_FDCWD, output.c_str(), times, 0);
  }
  if (verbose)
    std::cerr << "gen_logs: " << st.bytes << " bytes, " << st.lines << " lines, " << st.copies
              << " copies of groups, times " << st.first_time << " .. " << st.last_time << "\n";
  return 0;
}
