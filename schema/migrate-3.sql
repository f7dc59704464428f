-- Schema 2 -> 3 (run by analyzer/migrate.cpp inside the upgrade's transaction).
--
-- domain_counts and domain_counts_month keyed their rows by text (direction,
-- outcome, catalogue entry, domain: ~50 bytes compared field by field in
-- every B-tree seek, most of the ingest's SQLite time). Now the domain names
-- and the (direction, outcome, entry) combinations are numbered once, in
-- `domains` and `problem_kinds`, and the counts key on the numbers. Every
-- count is kept: the views domain_counts_named and domain_counts_month_named
-- give back the schema-2 rows.

CREATE TABLE domains (
  id   INTEGER PRIMARY KEY,
  name TEXT    NOT NULL UNIQUE
);
-- A month's rollup holds the sums of its days, so its names are among the
-- days' (the UNION is for a database someone edited by hand).
INSERT INTO domains (name)
  SELECT domain FROM domain_counts UNION SELECT domain FROM domain_counts_month ORDER BY 1;

CREATE TABLE problem_kinds (
  id        INTEGER PRIMARY KEY,
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  UNIQUE (direction, outcome, entry)
);
INSERT INTO problem_kinds (direction, outcome, entry)
  SELECT direction, outcome, entry FROM domain_counts
  UNION SELECT direction, outcome, entry FROM domain_counts_month ORDER BY 1, 2, 3;

CREATE TABLE domain_counts_v3 (
  day       INTEGER NOT NULL,
  kind_id   INTEGER NOT NULL,
  domain_id INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (day, kind_id, domain_id)
) WITHOUT ROWID;
INSERT INTO domain_counts_v3
  SELECT c.day, k.id, d.id, c.count FROM domain_counts AS c
  JOIN problem_kinds AS k ON k.direction = c.direction AND k.outcome = c.outcome AND k.entry = c.entry
  JOIN domains AS d ON d.name = c.domain ORDER BY 1, 2, 3;
DROP TABLE domain_counts;
ALTER TABLE domain_counts_v3 RENAME TO domain_counts;

CREATE TABLE domain_counts_month_v3 (
  month     INTEGER NOT NULL,
  kind_id   INTEGER NOT NULL,
  domain_id INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (month, kind_id, domain_id)
) WITHOUT ROWID;
INSERT INTO domain_counts_month_v3
  SELECT c.month, k.id, d.id, c.count FROM domain_counts_month AS c
  JOIN problem_kinds AS k ON k.direction = c.direction AND k.outcome = c.outcome AND k.entry = c.entry
  JOIN domains AS d ON d.name = c.domain ORDER BY 1, 2, 3;
DROP TABLE domain_counts_month;
ALTER TABLE domain_counts_month_v3 RENAME TO domain_counts_month;

CREATE VIEW domain_counts_named AS
  SELECT c.day, k.direction, k.outcome, k.entry, d.name AS domain, c.count
  FROM domain_counts AS c JOIN problem_kinds AS k ON k.id = c.kind_id JOIN domains AS d ON d.id = c.domain_id;
CREATE VIEW domain_counts_month_named AS
  SELECT c.month, k.direction, k.outcome, k.entry, d.name AS domain, c.count
  FROM domain_counts_month AS c JOIN problem_kinds AS k ON k.id = c.kind_id
  JOIN domains AS d ON d.id = c.domain_id;
