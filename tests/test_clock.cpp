// Year inference for year-less timestamps, --year with Dec -> Jan rollover,
// local zones, and the --since/--until words.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

#include "analyzer/clock.h"
#include "parsers/timestamp.h"

using namespace smtplog;

namespace {

struct Utc {
  Utc() {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

CivilTime bsd(const char* s) {
  CivilTime t;
  REQUIRE(parse_bsd_time(s, t));
  return t;
}

std::int64_t at(const char* iso) {
  CivilTime t;
  REQUIRE(parse_iso_time(iso, t));
  return to_unix_utc(t);
}

}  // namespace

TEST_CASE("year-less timestamps take the year of the file's mtime", "[clock]") {
  Utc utc;
  Clock clock(at("2026-11-23T18:00:00Z"), 0);
  CHECK(clock.to_utc(bsd("Nov 23 17:31:02")) == at("2026-11-23T17:31:02Z"));
  CHECK(clock.to_utc(bsd("Nov 24 10:00:00")) == at("2026-11-24T10:00:00Z"));  // a day of clock skew
  CHECK(clock.to_utc(bsd("Dec 24 10:00:00")) == at("2025-12-24T10:00:00Z"));  // after mtime: last year
}

TEST_CASE("a file written from December into January rolls over", "[clock]") {
  Utc utc;
  Clock clock(at("2027-01-01T00:10:00Z"), 0);
  CHECK(clock.to_utc(bsd("Dec 31 23:59:59")) == at("2026-12-31T23:59:59Z"));
  CHECK(clock.to_utc(bsd("Jan  1 00:00:01")) == at("2027-01-01T00:00:01Z"));
}

TEST_CASE("option --year gives the first line's year and rolls over at Dec -> Jan", "[clock]") {
  Utc utc;
  Clock clock(at("2030-06-01T00:00:00Z"), 2024);
  CHECK(clock.to_utc(bsd("Dec 31 23:59:59")) == at("2024-12-31T23:59:59Z"));
  CHECK(clock.to_utc(bsd("Jan  1 00:00:01")) == at("2025-01-01T00:00:01Z"));
  CHECK(clock.to_utc(bsd("Jan  1 00:00:02")) == at("2025-01-01T00:00:02Z"));
}

TEST_CASE("Feb 29 is checked against the inferred year", "[clock]") {
  Utc utc;
  Clock leap(at("2024-03-01T00:00:00Z"), 0), plain(at("2025-03-01T00:00:00Z"), 0);
  CHECK(leap.to_utc(bsd("Feb 29 12:00:00")) == at("2024-02-29T12:00:00Z"));
  CHECK(plain.to_utc(bsd("Feb 29 12:00:00")) == -1);
}

TEST_CASE("local time without an offset uses the zone's rules, offsets are honoured", "[clock]") {
  setenv("TZ", "Europe/Berlin", 1);
  tzset();
  Clock clock(at("2026-11-23T18:00:00Z"), 0);
  CHECK(clock.to_utc(bsd("Nov 23 17:00:00")) == at("2026-11-23T16:00:00Z"));   // CET
  CHECK(clock.to_utc(bsd("Jul 23 17:00:00")) == at("2026-07-23T15:00:00Z"));   // CEST
  CivilTime t;
  REQUIRE(parse_iso_time("2026-11-23T17:00:00-03:30", t));
  CHECK(clock.to_utc(t) == at("2026-11-23T20:30:00Z"));
  setenv("TZ", "UTC", 1);
  tzset();
}

TEST_CASE("option --since and --until words", "[clock]") {
  Utc utc;
  std::int64_t now = at("2026-11-23T18:00:00Z"), t = 0;
  REQUIRE(parse_when("today", now, t));
  CHECK(t == at("2026-11-23T00:00:00Z"));
  REQUIRE(parse_when("yesterday", now, t));
  CHECK(t == at("2026-11-22T00:00:00Z"));
  REQUIRE(parse_when("7d", now, t));
  CHECK(t == now - 7 * 86400);
  REQUIRE(parse_when("2026-11-01", now, t));
  CHECK(t == at("2026-11-01T00:00:00Z"));
  REQUIRE(parse_when("2026-11-01T10:00:00+01:00", now, t));
  CHECK(t == at("2026-11-01T09:00:00Z"));
  CHECK_FALSE(parse_when("last tuesday", now, t));
  CHECK_FALSE(parse_when("2026-13-01", now, t));
  // To the minute, as the report prints its window ("2026-11-23 18:45 to ..."),
  // so a window can be pasted back.
  REQUIRE(parse_when("2026-11-23 18:45", now, t));
  CHECK(t == at("2026-11-23T18:45:00Z"));
  REQUIRE(parse_when("2026-11-23T18:45", now, t));
  CHECK(t == at("2026-11-23T18:45:00Z"));
  REQUIRE(parse_when("2026-11-23 18:45:30", now, t));
  CHECK(t == at("2026-11-23T18:45:30Z"));
  CHECK_FALSE(parse_when("2026-11-23 18:4", now, t));
  CHECK_FALSE(parse_when("2026-11-23 25:45", now, t));
  CHECK_FALSE(parse_when("2026-11-23 18:45x", now, t));
}
