-- Schema 1 -> 2 (run by analyzer/migrate.cpp inside the upgrade's transaction,
-- then its C++ hook).
--
-- Failure events: the `events` table (one row per failure, ~700 MB per GB of
-- log) becomes `event_blocks` (compressed blocks of lines). The hook,
-- migrate_events_v1() in analyzer/event_blocks.cpp, fills the blocks from the
-- old rows and drops `events`.

CREATE TABLE event_blocks (
  id         INTEGER PRIMARY KEY,
  input_id   INTEGER NOT NULL,
  first_line INTEGER NOT NULL,
  t_min      INTEGER NOT NULL,
  t_max      INTEGER NOT NULL,
  n          INTEGER NOT NULL,
  keys       BLOB    NOT NULL,
  data       BLOB    NOT NULL
);
CREATE INDEX event_blocks_time ON event_blocks(t_max);

-- Examples gain a direction, so that replies no catalogue entry matched have
-- their example too (the report read those from `events` before). The
-- classified entries keep theirs under direction ''.
CREATE TABLE examples_v2 (
  entry     TEXT    NOT NULL,
  direction TEXT    NOT NULL,
  time      INTEGER NOT NULL,
  line      TEXT    NOT NULL,
  PRIMARY KEY (entry, direction)
) WITHOUT ROWID;
INSERT INTO examples_v2 (entry, direction, time, line) SELECT entry, '', time, line FROM examples;
-- SQLite takes the bare column `line` from the row holding max(time).
INSERT INTO examples_v2 (entry, direction, time, line)
  SELECT '', direction, max(time), line FROM events WHERE entry = '' GROUP BY direction;
DROP TABLE examples;
ALTER TABLE examples_v2 RENAME TO examples;

-- Counts: per 15-minute bucket, with rollups.
--
-- counts: schema 1 kept one row per UTC hour. An hour's count cannot be split
-- into its quarters, so hour h becomes bucket 4h, the first quarter of the
-- hour: data ingested before schema 2 stays hour-precise (a window edge at
-- hh:30 counts that hour's older lines in the hour's first half).
CREATE TABLE counts_v2 (
  bucket    INTEGER NOT NULL,
  log_host  TEXT    NOT NULL,
  mta       TEXT    NOT NULL,
  service   TEXT    NOT NULL,
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  code      INTEGER NOT NULL,
  enhanced  TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  inferred  INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (bucket, log_host, mta, service, direction, outcome, code, enhanced, entry, inferred)
) WITHOUT ROWID;
INSERT INTO counts_v2 SELECT hour * 4, log_host, mta, service, direction, outcome, code, enhanced,
  entry, inferred, count FROM counts;
DROP TABLE counts;
ALTER TABLE counts_v2 RENAME TO counts;

-- The rollups, filled from the fine rows (ingest keeps them equal from now on).
CREATE TABLE counts_day (
  day       INTEGER NOT NULL,
  log_host  TEXT    NOT NULL,
  mta       TEXT    NOT NULL,
  service   TEXT    NOT NULL,
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  code      INTEGER NOT NULL,
  enhanced  TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  inferred  INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (day, log_host, mta, service, direction, outcome, code, enhanced, entry, inferred)
) WITHOUT ROWID;
INSERT INTO counts_day SELECT bucket / 96, log_host, mta, service, direction, outcome, code, enhanced,
  entry, inferred, sum(count) FROM counts
  GROUP BY bucket / 96, log_host, mta, service, direction, outcome, code, enhanced, entry, inferred;

CREATE TABLE domain_counts_month (
  month     INTEGER NOT NULL,
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  domain    TEXT    NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (month, direction, outcome, entry, domain)
) WITHOUT ROWID;
INSERT INTO domain_counts_month
  SELECT (CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) - 1970) * 12 +
         CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1 AS m,
         direction, outcome, entry, domain, sum(count) FROM domain_counts
  GROUP BY m, direction, outcome, entry, domain;

-- Days whose rollups are stale (none after the fills above).
CREATE TABLE rollup_dirty (
  day INTEGER PRIMARY KEY
) WITHOUT ROWID;
