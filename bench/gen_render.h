#pragma once
// Writing a large log from templates: copies of randomly drawn groups, a few
// in flight at a time so that their lines interleave as a busy server's do,
// each copy with fresh ids, mailboxes, domains, IPs and pids, and one clock
// that advances evenly from --start to --start + --days.
//
//   WriteOptions o;  o.size = 1ULL << 30;  o.start = 1766966400;  o.days = 5;
//   WriteStats st = write_log(templates, o, stdout);
#include <cstdint>
#include <cstdio>

#include "bench/gen_pools.h"
#include "bench/gen_templates.h"

namespace smtplog::bench {

struct WriteOptions {
  std::uint64_t size = 1ULL << 30;  ///< stop at the first line end at or past this many bytes
  std::int64_t start = 0;           ///< unix time (UTC) of the first line
  double days = 5;                  ///< the span the lines' times cover
  std::uint64_t seed = 1;
  bool exim_new_ids = false;        ///< Exim 4.97+ ids (6-11-4) instead of 6-6-2
  int concurrency = 8;              ///< groups in flight at once
  PoolSizes pools;
};

struct WriteStats {
  std::uint64_t bytes = 0, lines = 0, copies = 0;
  std::int64_t first_time = 0, last_time = 0;  ///< unix seconds, UTC
  bool write_error = false;
};

WriteStats write_log(const Templates& templates, const WriteOptions& opt, std::FILE* out);

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(int y, unsigned m, unsigned d);

}  // namespace smtplog::bench
