// Local-zone conversion uses the C library (TZ rules, DST) but caches the
// offset per local hour, so the cost per line is a comparison.
#include "analyzer/clock.h"

#include <ctime>
#include <string>

#include "parsers/timestamp.h"

namespace smtplog {

Clock::Clock(std::int64_t reference_time, int fixed_year)
    : fixed_year_(fixed_year), year_(fixed_year) {
  std::time_t r = static_cast<std::time_t>(reference_time);
  std::tm tm{};
  localtime_r(&r, &tm);
  ref_year_ = tm.tm_year + 1900;
  ref_month_ = tm.tm_mon + 1;
  ref_day_ = tm.tm_mday;
}

std::int64_t Clock::local_to_utc(std::int64_t local_seconds) {
  std::int64_t hour = local_seconds / 3600;
  if (hour != cached_hour_) {
    // Guess the instant as if local were UTC, then correct by the zone's offset
    // at that instant (twice, to settle across a DST change).
    std::time_t guess = static_cast<std::time_t>(local_seconds);
    std::tm tm{};
    localtime_r(&guess, &tm);
    std::int64_t off = tm.tm_gmtoff;
    guess = static_cast<std::time_t>(local_seconds - off);
    localtime_r(&guess, &tm);
    cached_offset_ = tm.tm_gmtoff;
    cached_hour_ = hour;
  }
  return local_seconds - cached_offset_;
}

namespace {

// Equal in every field the conversion reads but the seconds (and micros,
// which it does not read: a second's lines with fractions, as Exim's, share
// one conversion).
bool same_minute(const CivilTime& a, const CivilTime& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
         a.minute == b.minute && a.offset_minutes == b.offset_minutes && a.has_offset == b.has_offset;
}

}  // namespace

std::int64_t Clock::to_utc(const CivilTime& in) {
  // The same input gives the same answer: with --year, the year only moves
  // when the month does.
  if (!in.valid()) return convert(in);
  if (same_minute(in, last_in_)) {
    if (in.second == last_in_.second) return last_out_;
    // Another second of the same minute: the conversion is the same up to the
    // seconds, which it adds last (the zone's offset is kept per local hour;
    // every second up to 60 is valid).
    if (last_out_ >= 0) {
      last_out_ += in.second - last_in_.second;
      last_in_ = in;
      return last_out_;
    }
  }
  std::int64_t out = convert(in);
  last_in_ = in;
  last_out_ = out;
  return out;
}

std::int64_t Clock::convert(const CivilTime& in) {
  if (!in.valid()) return -1;
  CivilTime t = in;
  if (t.year == 0) {
    if (fixed_year_) {
      if (last_month_ && t.month + 6 < last_month_) ++year_;  // Dec -> Jan
      last_month_ = t.month;
      t.year = static_cast<std::int16_t>(year_);
    } else {
      int y = ref_year_;
      if (t.month > ref_month_ || (t.month == ref_month_ && t.day > ref_day_ + 1)) --y;
      t.year = static_cast<std::int16_t>(y);
    }
    if (!valid_civil(t)) return -1;  // Feb 29 in a non-leap year
  }
  if (t.has_offset) return to_unix_utc(t);
  CivilTime naive = t;
  naive.has_offset = false;
  return local_to_utc(to_unix_utc(naive));
}

std::int64_t local_day_start(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

// Civil dates from day numbers and back: Howard Hinnant's algorithms
// (proleptic Gregorian, any day number).
std::int64_t utc_month_of_day(std::int64_t day) {
  const std::int64_t z = day + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  return (y - 1970) * 12 + m - 1;
}

std::int64_t utc_month_first_day(std::int64_t month) {
  const std::int64_t m = month - floor_div(month, 12) * 12 + 1;
  std::int64_t y = 1970 + floor_div(month, 12);
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool parse_when(const std::string& text, std::int64_t now, std::int64_t& out) {
  if (text == "now") {
    out = now;
    return true;
  }
  if (text == "today") {
    out = local_day_start(now);
    return true;
  }
  if (text == "yesterday") {
    out = local_day_start(local_day_start(now) - 12 * 3600);
    return true;
  }
  if (text.size() >= 2 && (text.back() == 'd' || text.back() == 'h' || text.back() == 'w')) {
    std::int64_t n = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9' || n > 100000) return false;
      n = n * 10 + (text[i] - '0');
    }
    std::int64_t unit = text.back() == 'h' ? 3600 : text.back() == 'd' ? 86400 : 7 * 86400;
    out = now - n * unit;
    return true;
  }
  CivilTime t;
  if (text.size() == 10 || text.size() == 16) {
    // A date, or a date and time to the minute ("2026-11-23 18:45", as the
    // report itself prints its window): the seconds are 0.
    std::string full = text.size() == 10 ? text + " 00:00:00" : text + ":00";
    if (parse_iso_time(full, t) != full.size()) return false;
  } else if (parse_iso_time(text, t) != text.size()) {
    return false;
  }
  Clock clock(now, 0);
  out = clock.to_utc(t);
  return out >= 0;
}

}  // namespace smtplog
