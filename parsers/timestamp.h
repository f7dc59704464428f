#pragma once
// Timestamps as mail logs write them. Each function reads one timestamp at the
// start of `s`, fills `t` and returns the number of bytes it used, or 0 when `s`
// does not start with a valid timestamp of that form (out-of-range fields such as
// month 13, Feb 30 or year 0 are not valid).
//
//   CivilTime t;
//   if (std::size_t n = parse_bsd_time("Nov  3 17:31:02 host ...", t)) { ... }
#include <cstddef>
#include <string_view>

#include "parsers/event.h"

namespace smtplog {

/// BSD syslog: "Nov  3 17:31:02", "Nov 3 17:31:02", optional ".123456"
/// (journalctl short-precise). No year, no zone.
std::size_t parse_bsd_time(std::string_view s, CivilTime& t);

/// ISO 8601 / RFC 3339: "2026-11-23T17:31:02", separator 'T' or ' ', optional
/// fraction, optional zone "Z", "+01:00" or "+0100" (journalctl short-iso), or a
/// space then "+0100" (Exim's log_timezone) when `allow_spaced_zone`.
std::size_t parse_iso_time(std::string_view s, CivilTime& t, bool allow_spaced_zone = false);

/// The same, remembering in `last` the date, time of day and zone of the last
/// two timestamps it read: the next one of the same minute reads only its
/// seconds and fraction, and its zone only when other bytes follow the
/// fraction than last time. Same results as the form above.
std::size_t parse_iso_time(std::string_view s, CivilTime& t, bool allow_spaced_zone,
                           Scratch::Stamps& last);

/// True when year/month/day/hour/minute/second form a real calendar time.
bool valid_civil(const CivilTime& t);

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
long days_from_civil(int y, int m, int d);

/// Seconds since the epoch of `t` read as UTC, minus its offset when it has one.
long long to_unix_utc(const CivilTime& t);

}  // namespace smtplog
