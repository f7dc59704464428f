-- smtplog database, schema version 4.
--
-- Embedded into the binary and applied to a new database. The program checks
-- PRAGMA application_id (so it never writes into someone else's SQLite file) and
-- PRAGMA user_version (so an older smtplog refuses a newer database) on open.
-- A database of an older version is upgraded on open by schema/migrate-N.sql
-- (version N-1 to N) and its C++ hook, all steps in one transaction: see
-- analyzer/migrate.cpp. This file is always the newest schema, for new files.
--
-- Counts are additive: a run adds to them, and the byte offset reached in each
-- input is committed in the same transaction as the counts it produced.

PRAGMA application_id = 1397576780;  -- 0x534D544C, "SMTL"

-- Small facts about the database itself (e.g. the catalogue's fingerprint).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per input content, recognised by the fingerprint of its first bytes
-- (so mail.log -> mail.log.1 -> mail.log.2.gz is the same row).
CREATE TABLE inputs (
  id          INTEGER PRIMARY KEY,
  fingerprint TEXT    NOT NULL,            -- hex digest of the first fp_len bytes
  fp_len      INTEGER NOT NULL,            -- bytes the fingerprint covers
  path        TEXT    NOT NULL,            -- the path it was last read under
  format      TEXT    NOT NULL DEFAULT 'unknown',
  offset      INTEGER NOT NULL DEFAULT 0,  -- bytes of (uncompressed) content ingested
  lines       INTEGER NOT NULL DEFAULT 0,  -- lines ingested
  first_seen  INTEGER NOT NULL,            -- unix time of the first ingest
  last_seen   INTEGER NOT NULL,            -- unix time of the last ingest
  -- A compressed file read to its end: its size on disk and the fingerprint of
  -- its last bytes then (NULL otherwise). The same size and last bytes later
  -- mean nothing new, without decompressing it again (schema 5).
  disk_size   INTEGER,
  disk_tail   TEXT
);
CREATE INDEX inputs_fingerprint ON inputs(fingerprint);

-- Things a postmaster should know about the inputs: content that changed
-- under the same name, lines cut short, files that could not be read.
CREATE TABLE notices (
  id      INTEGER PRIMARY KEY,
  time    INTEGER NOT NULL,  -- unix time of the run
  path    TEXT    NOT NULL,
  message TEXT    NOT NULL
);

-- Lines per input and kind: event, ignored, foreign, continuation, unparsed.
CREATE TABLE line_counts (
  input_id INTEGER NOT NULL REFERENCES inputs(id),
  kind     TEXT    NOT NULL,
  count    INTEGER NOT NULL,
  PRIMARY KEY (input_id, kind)
) WITHOUT ROWID;

-- The counts: one row per 15-minute UTC bucket and reply shape. Every zone in
-- use today is a whole number of quarter hours from UTC, so a local day, and
-- any window given to the quarter hour, is a whole number of buckets.
-- (Databases made before schema 2 kept hours: their rows sit in the first
-- bucket of their hour.)
CREATE TABLE counts (
  bucket    INTEGER NOT NULL,  -- unix time / 900
  log_host  TEXT    NOT NULL,  -- syslog host, '' when the log has none
  mta       TEXT    NOT NULL,  -- postfix, exim
  service   TEXT    NOT NULL,  -- smtp, smtpd, postscreen, ...
  direction TEXT    NOT NULL,  -- inbound, outbound, local
  outcome   TEXT    NOT NULL,  -- sent, deferred, bounced, expired, rejected, ...
  code      INTEGER NOT NULL,  -- basic reply code, 0 when none
  enhanced  TEXT    NOT NULL,  -- enhanced code (reply's, else dsn=), '' when none
  entry     TEXT    NOT NULL,  -- catalogue entry id
  inferred  INTEGER NOT NULL,  -- 1 when the code was inferred from wording
  count     INTEGER NOT NULL,
  PRIMARY KEY (bucket, log_host, mta, service, direction, outcome, code, enhanced, entry, inferred)
) WITHOUT ROWID;

-- Rollup of counts per UTC day (unix time / 86400): the sum of the day's 96
-- buckets for every day not in rollup_dirty. A long window reads whole clean
-- days here and only its edges (and dirty days) from counts.
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

-- The remote domains (recipient domain outbound, client host inbound) that
-- domain_counts counts, each name once: the counts' keys are small integers,
-- so a B-tree seek compares a few bytes, not ~50 of text (schema 3).
CREATE TABLE domains (
  id   INTEGER PRIMARY KEY,
  name TEXT    NOT NULL UNIQUE
);

-- The problem kinds that domain_counts counts: a direction, an outcome and a
-- catalogue entry ('' when none matched), each combination once.
CREATE TABLE problem_kinds (
  id        INTEGER PRIMARY KEY,
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  UNIQUE (direction, outcome, entry)
);

-- Per UTC day, the remote domains behind each non-success catalogue entry.
CREATE TABLE domain_counts (
  day       INTEGER NOT NULL,  -- unix time / 86400
  kind_id   INTEGER NOT NULL,  -- problem_kinds(id)
  domain_id INTEGER NOT NULL,  -- domains(id)
  count     INTEGER NOT NULL,
  PRIMARY KEY (day, kind_id, domain_id)
) WITHOUT ROWID;

-- Rollup of domain_counts per UTC calendar month: the sum of the month's days
-- for every month with no day in rollup_dirty. A domain recurs day after day,
-- so a month holds about a tenth of its days' rows.
CREATE TABLE domain_counts_month (
  month     INTEGER NOT NULL,  -- (year - 1970) * 12 + month - 1, of the UTC date
  kind_id   INTEGER NOT NULL,
  domain_id INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (month, kind_id, domain_id)
) WITHOUT ROWID;

-- The two with their names, as schema 2 kept them (for sqlite3 and scripts;
-- smtplog itself reads the ids).
CREATE VIEW domain_counts_named AS
  SELECT c.day, k.direction, k.outcome, k.entry, d.name AS domain, c.count
  FROM domain_counts AS c JOIN problem_kinds AS k ON k.id = c.kind_id JOIN domains AS d ON d.id = c.domain_id;
CREATE VIEW domain_counts_month_named AS
  SELECT c.month, k.direction, k.outcome, k.entry, d.name AS domain, c.count
  FROM domain_counts_month AS c JOIN problem_kinds AS k ON k.id = c.kind_id
  JOIN domains AS d ON d.id = c.domain_id;

-- UTC days whose fine rows (counts, domain_counts) changed after their
-- rollups were last computed: each commit of counts adds the days it touched
-- in its own transaction; a later commit that does not touch a day, else the
-- end of the ingest run (or the start of the next one, after a kill),
-- recomputes that day and its month from the fine rows and deletes its row
-- here, in its transaction. Reports read a dirty day,
-- and every day of a month holding one, from the fine tables, so they are
-- exact at every moment. See docs/ingest-state.md.
CREATE TABLE rollup_dirty (
  day INTEGER PRIMARY KEY  -- unix time / 86400
) WITHOUT ROWID;

-- Failure events (every non-2xx reply, with its line) for troubleshooting,
-- pruned by age (--keep-events): one row per parsed chunk of an input (4 MiB),
-- its failure lines with their UTC time, line number and catalogue entry,
-- varint-encoded and compressed with zstd (analyzer/event_blocks.cpp).
-- Readers pick blocks by time and by `keys`, then decode and re-parse.
CREATE TABLE event_blocks (
  id         INTEGER PRIMARY KEY,
  input_id   INTEGER NOT NULL,  -- inputs(id)
  first_line INTEGER NOT NULL,  -- the block's line numbers count from here
  t_min      INTEGER NOT NULL,  -- unix time, UTC, of its oldest event
  t_max      INTEGER NOT NULL,  -- and of its newest
  n          INTEGER NOT NULL,  -- events in the block
  keys       BLOB    NOT NULL,  -- Bloom filter of queue ids, addresses, domains, peers
  data       BLOB    NOT NULL   -- the events, zstd-compressed
);
CREATE INDEX event_blocks_time ON event_blocks(t_max);

-- Lines that looked like mail lines but could not be parsed, with the reason.
CREATE TABLE unparsed (
  id       INTEGER PRIMARY KEY,
  input_id INTEGER NOT NULL,
  line_no  INTEGER NOT NULL,
  offset   INTEGER NOT NULL,
  reason   TEXT    NOT NULL,
  line     TEXT    NOT NULL
);

-- One real example line per catalogue entry (the most recent seen); replies
-- no entry matched (entry '') have one per direction.
CREATE TABLE examples (
  entry     TEXT    NOT NULL,
  direction TEXT    NOT NULL,  -- '' for entries; inbound, outbound, ... for entry ''
  time      INTEGER NOT NULL,
  line      TEXT    NOT NULL,
  PRIMARY KEY (entry, direction)
) WITHOUT ROWID;

-- The catalogue, refreshed from the embedded files on every ingest so reports
-- can join on it.
CREATE TABLE catalogue (
  id          TEXT PRIMARY KEY,
  codes       TEXT NOT NULL,
  enhanced    TEXT NOT NULL,
  pattern     TEXT NOT NULL,
  name        TEXT NOT NULL,
  class       TEXT NOT NULL,
  category    TEXT NOT NULL,
  description TEXT NOT NULL,
  when_seen   TEXT NOT NULL,
  fix_sender  TEXT NOT NULL,
  fix_admin   TEXT NOT NULL,
  source      TEXT NOT NULL
) WITHOUT ROWID;

PRAGMA user_version = 5;
