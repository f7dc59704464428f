#pragma once
// From the CivilTime a log wrote to a UTC instant: the year for year-less
// (BSD syslog) timestamps, and the local zone for timestamps without an offset.
//
// Year inference: a log line was written before the file's modification time,
// so a timestamp takes the mtime's year unless that puts it more than a day
// after the mtime, in which case it is from the year before. December lines in
// a file last written in January thus land in the right year, and a file that
// runs from December into January rolls over correctly. `--year Y` instead
// gives the year of the first line; later lines add a year when the month jumps
// back (Dec -> Jan).
#include <cstdint>

#include "parsers/event.h"

namespace smtplog {

class Clock {
 public:
  /// `reference_time`: the file's mtime (or now); `fixed_year`: --year, 0 = infer.
  Clock(std::int64_t reference_time, int fixed_year);

  /// Unix time (UTC) of `t`, or -1 when `t` is not a valid time.
  std::int64_t to_utc(const CivilTime& t);

 private:
  std::int64_t convert(const CivilTime& t);
  std::int64_t local_to_utc(std::int64_t local_seconds);
  int ref_year_, ref_month_, ref_day_;
  int fixed_year_, year_, last_month_ = 0;
  // Small cache of local-zone offsets, by local hour.
  std::int64_t cached_hour_ = INT64_MIN, cached_offset_ = 0;
  // The last time converted and its result: most lines share their second
  // with the line before.
  CivilTime last_in_;
  std::int64_t last_out_ = -1;
};

/// Parses "2026-11-01", "2026-11-01T10:00:00[Z|+01:00]", "today", "yesterday",
/// "7d", "12h" relative to `now` (local days). Returns false when it can't.
bool parse_when(const std::string& text, std::int64_t now, std::int64_t& out);

/// Start of the local day containing `t`.
std::int64_t local_day_start(std::int64_t t);

/// The store's time keys (schema/schema.sql): 15-minute buckets, UTC days and
/// UTC calendar months, numbered from the epoch. A bucket is exact for every
/// zone in use (all are a whole number of quarter hours from UTC).
constexpr std::int64_t kBucketSeconds = 900;
constexpr std::int64_t kBucketsPerDay = 86400 / kBucketSeconds;
/// floor(a / b) for b > 0, also for negative a.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b) != 0 && (a < 0));
}
/// (year - 1970) * 12 + month - 1 of the UTC date of `day` (unix time / 86400).
std::int64_t utc_month_of_day(std::int64_t day);
/// The first day (unix time / 86400) of UTC month `month`.
std::int64_t utc_month_first_day(std::int64_t month);

}  // namespace smtplog
