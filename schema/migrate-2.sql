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
