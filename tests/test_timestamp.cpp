#include <catch2/catch.hpp>

#include "parsers/timestamp.h"

using namespace smtplog;

TEST_CASE("BSD syslog timestamps, padded and unpadded day", "[timestamp]") {
  CivilTime t;
  REQUIRE(parse_bsd_time("Nov  3 17:31:02 host", t) == 15);
  CHECK(t.month == 11);
  CHECK(t.day == 3);
  CHECK(t.hour == 17);
  CHECK(t.year == 0);
  REQUIRE(parse_bsd_time("Nov 3 17:31:02 host", t) == 14);
  CHECK(t.day == 3);
  REQUIRE(parse_bsd_time("Dec 24 00:00:59.123456 host", t) == 22);
  CHECK(t.micros == 123456);
  CHECK(parse_bsd_time("Foo  3 17:31:02 host", t) == 0);
  CHECK(parse_bsd_time("Feb 30 17:31:02 host", t) == 0);
  CHECK(parse_bsd_time("Nov  3 25:31:02 host", t) == 0);
}

TEST_CASE("ISO timestamps with fraction and the three zone spellings", "[timestamp]") {
  CivilTime t;
  REQUIRE(parse_iso_time("2026-11-23T17:31:02.123456+01:00 host", t) == 32);
  CHECK(t.offset_minutes == 60);
  CHECK(t.micros == 123456);
  REQUIRE(parse_iso_time("2026-11-23T17:31:02+0100 host", t) == 24);
  CHECK(t.offset_minutes == 60);
  REQUIRE(parse_iso_time("2026-11-23T17:31:02Z host", t) == 20);
  CHECK(t.has_offset);
  CHECK(t.offset_minutes == 0);
  REQUIRE(parse_iso_time("2026-11-23 17:31:02 1abc", t) == 19);
  CHECK_FALSE(t.has_offset);
  REQUIRE(parse_iso_time("2026-11-23 17:31:02.123 -0500 1abc", t, true) == 29);
  CHECK(t.offset_minutes == -300);
  CHECK(parse_iso_time("2026-13-23 17:31:02", t) == 0);
  CHECK(parse_iso_time("2025-02-29 17:31:02", t) == 0);
  CHECK(parse_iso_time("0000-01-01 00:00:00", t) == 0);
  CHECK(parse_iso_time("2024-02-29 17:31:02", t) == 19);
}

TEST_CASE("Civil time to unix time", "[timestamp]") {
  CivilTime t;
  REQUIRE(parse_iso_time("1970-01-02T00:00:00+01:00", t));
  CHECK(to_unix_utc(t) == 86400 - 3600);
  REQUIRE(parse_iso_time("2026-11-23T17:31:02Z", t));
  CHECK(to_unix_utc(t) == 1795455062LL);
}
