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

TEST_CASE("ISO timestamps with remembered slots read what a fresh read gives", "[timestamp]") {
  // parse_iso_time(…, Stamps&) tests the line against the slots' minutes
  // (date, time of day and zone bytes of the last two times read afresh),
  // then reads afresh. After any first line, a second one must give what
  // parse_iso_time without slots gives: the length and every field of the
  // time (left as it was when none is read). The second lines are the first
  // ones with each of their first 34 bytes changed to bytes that matter to
  // the readers, and the other first lines.
  const std::string_view heads[] = {"2026-01-02 03:04:", "2025-02-28 23:59:"};
  const std::string_view seconds[] = {"05", "60", "59"};
  const std::string_view fractions[] = {"", ".123", ",507", ".1234567", ".", ".12"};
  const std::string_view zones[] = {"",        " +0100", " -0330", "+01:00", "+0100", "Z",
                                    " +01:00", " -03x0", " +2460",  "-0100x", " -",   " +"};
  const std::string_view tails[] = {" [123] 1abcDE-0001Xy-Ab Completed", " 1abcDE-0001Xy-Ab <= a@b H=mx",
                                    " +0100 x 1abcDE-0001Xy-Ab Completed", " -", " ", "", "x yyyyyyyyyyyyyyyyyyyyy"};
  std::vector<std::string> firsts;
  for (auto h : heads)
    for (auto sec : seconds)
      for (auto f : fractions)
        for (auto z : zones)
          for (auto tail : tails)
            firsts.push_back(std::string(h) + std::string(sec) + std::string(f) + std::string(z) + std::string(tail));
  const char bytes[] = {'0', '1', '5', '6', '9', 'a', ' ', '+', '-', ':', '.', ',', 'Z', '\0', '\xff', '/'};
  auto same = [](const CivilTime& a, const CivilTime& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour && a.minute == b.minute &&
           a.second == b.second && a.micros == b.micros && a.has_offset == b.has_offset &&
           a.offset_minutes == b.offset_minutes;
  };
  CivilTime sentinel;
  sentinel.year = 1234;
  sentinel.micros = 77;
  long compared = 0, remembered = 0, differ = 0;
  auto compare = [&](Scratch::Stamps& stamps, const std::string& line) {
    CivilTime a = sentinel, b = sentinel;
    const std::size_t n = parse_iso_time(line, a, true, stamps), m = parse_iso_time(line, b, true);
    if (n != m || !same(a, b)) {
      ++differ;
      if (differ <= 5) FAIL_CHECK(line << ": " << n << " against " << m);
    }
    ++compared;
  };
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    const std::string& first = firsts[i];
    // Another line, then `first`: both slots in use when both were read.
    Scratch::Stamps stamps;
    compare(stamps, firsts[(i * 7 + 3) % firsts.size()]);
    compare(stamps, first);
    remembered += stamps.slot[0].size != 0 && stamps.slot[1].size != 0;
    for (std::size_t at = 0; at < 34 && at < first.size(); ++at)
      for (char c : bytes) {
        std::string second = first;
        second[at] = c;
        compare(stamps, second);
      }
    for (std::size_t j = i % 5; j < firsts.size(); j += 5) compare(stamps, firsts[j]);
  }
  CHECK(differ == 0);
  CHECK(compared > 1000000);
  CHECK(remembered > 1000);  // both slots in use
}
