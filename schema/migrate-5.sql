-- Schema 4 -> 5 (run by analyzer/migrate.cpp inside the upgrade's transaction).
--
-- A compressed input (mail.log.2.gz) read to its end remembers its size on disk
-- and a fingerprint of its last bytes, so that the next run skips it when both
-- are unchanged instead of decompressing it again only to find nothing new
-- (a cron job over /var/log/mail.log* met every rotated file on every run).
-- Rows stored by schema 4 have neither: their files are decompressed once
-- more, then remembered.
ALTER TABLE inputs ADD COLUMN disk_size INTEGER;
ALTER TABLE inputs ADD COLUMN disk_tail TEXT;
