// The counts part of the schema 1 -> 2 upgrade (schema/migrate-2.sql): hour h
// becomes bucket 4h (an hour's count cannot be split, so old data stays
// hour-precise), and the rollups are filled from the fine rows, so a report
// reads the same numbers before and after.
#include <catch2/catch.hpp>

#include "analyzer/clock.h"
#include "analyzer/store.h"
#include "process.h"
#include "report_fixture.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

std::int64_t scalar(const Store& store, const std::string& sql) {
  Stmt s = store.prepare(sql);
  REQUIRE(s);
  REQUIRE(sqlite3_step(s.get()) == SQLITE_ROW);
  return column_int(s.get(), 0);
}

}  // namespace

TEST_CASE("upgrade to schema 2: hourly counts become buckets, the rollups are filled", "[migrate][rollups]") {
  use_utc();
  TempDir dir;
  const std::string path = (dir / "v1.db").string();
  {
    std::string sql = read_file(source_dir() / "tests/data/schema-v1.sql");
    // 2026-01-31 22:00 UTC to 2026-02-02 01:00: three UTC days, two months.
    const std::int64_t h0 = 1769896800 / 3600;
    for (int h = 0; h < 28; ++h)
      sql += "INSERT INTO counts VALUES (" + std::to_string(h0 + h) +
             ", 'mx', 'postfix', 'smtp', 'outbound', 'sent', 250, '2.0.0', '250', 0, " + std::to_string(h + 1) +
             ");";
    sql += "INSERT INTO counts VALUES (" + std::to_string(h0 + 1) +
           ", 'mx', 'postfix', 'smtp', 'outbound', 'bounced', 550, '5.1.1', 'X.1.1', 0, 5);";
    const std::int64_t d0 = h0 / 24;  // Jan 31
    for (int d = 0; d < 3; ++d)
      sql += "INSERT INTO domain_counts VALUES (" + std::to_string(d0 + d) +
             ", 'outbound', 'bounced', 'X.1.1', 'example.com', " + std::to_string(10 + d) + ");";
    sql += "PRAGMA user_version = 1;";
    create_db(path, sql);
  }
  std::string error;
  auto store = Store::open(path, Store::Mode::read_write, error);
  INFO(error);
  REQUIRE(store);
  const std::int64_t b0 = 1769896800 / 900;
  CHECK(scalar(*store, "SELECT min(bucket) FROM counts") == b0);
  CHECK(scalar(*store, "SELECT count(*) FROM counts WHERE bucket % 4 <> 0") == 0);
  CHECK(scalar(*store, "SELECT sum(count) FROM counts") == 28 * 29 / 2 + 5);
  CHECK(scalar(*store, "SELECT sum(count) FROM counts_day") == 28 * 29 / 2 + 5);
  CHECK(scalar(*store, "SELECT count(DISTINCT day) FROM counts_day") == 3);
  // Jan 31 holds hours 22 and 23: 1 + 2 sent and the 5 bounces.
  CHECK(scalar(*store, "SELECT sum(count) FROM counts_day WHERE day = " + std::to_string(b0 / 96)) == 8);
  CHECK(scalar(*store, "SELECT count FROM domain_counts_month WHERE month = " +
                           std::to_string(utc_month_of_day(b0 / 96))) == 10);
  CHECK(scalar(*store, "SELECT count FROM domain_counts_month WHERE month = " +
                           std::to_string(utc_month_of_day(b0 / 96) + 1)) == 11 + 12);
  // The report over the whole of Feb 1 reads the rollup and the 24 hours.
  ReportOptions ro;
  ro.since = 1769904000;  // 2026-02-01 00:00 UTC
  ro.until = ro.since + 86400;
  ReportData d = load_report(*store, embedded_catalogue(), ro);
  CHECK(d.totals.at("sent") == (3 + 26) * 24 / 2);  // hours 3..26 of the 28
  CHECK_FALSE(d.domains_whole_utc_days);
}
