-- A schema-2 database as smtplog (commit f73eb2f) wrote it from the golden
-- samples (samples/exim/default/mainlog, samples/exim/default/rejectlog,
-- samples/postfix/postfix-rfc3339.log), dumped with `sqlite3 .dump`; its
-- event blocks and catalogue copy are left out (neither is read by a report
-- nor changed by the upgrade to schema 3). tests/test_migrate.cpp upgrades it
-- and compares its reports with tests/golden/report-v2-upgraded.*, which that
-- smtplog printed first (so the upgrade changes nothing a report shows); they
-- are regenerated with the other goldens when the rendering changes.
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta VALUES('catalogue','47366387c3fb66df6f4fb806');
CREATE TABLE inputs (
  id          INTEGER PRIMARY KEY,
  fingerprint TEXT    NOT NULL,            -- hex digest of the first fp_len bytes
  fp_len      INTEGER NOT NULL,            -- bytes the fingerprint covers
  path        TEXT    NOT NULL,            -- the path it was last read under
  format      TEXT    NOT NULL DEFAULT 'unknown',
  offset      INTEGER NOT NULL DEFAULT 0,  -- bytes of (uncompressed) content ingested
  lines       INTEGER NOT NULL DEFAULT 0,  -- lines ingested
  first_seen  INTEGER NOT NULL,            -- unix time of the first ingest
  last_seen   INTEGER NOT NULL             -- unix time of the last ingest
);
INSERT INTO inputs VALUES(1,'d746520f469a6c94500216d6',4096,'samples/exim/default/mainlog','exim-mainlog',19613,139,1795491959,1795491959);
INSERT INTO inputs VALUES(2,'1441566d8e0075823ad81134',1891,'samples/exim/default/rejectlog','exim-rejectlog',1891,22,1795491959,1795491959);
INSERT INTO inputs VALUES(3,'4984a87ef1f6b25f915ba14c',4096,'samples/postfix/postfix-rfc3339.log','postfix',57873,390,1795491959,1795491959);
CREATE TABLE notices (
  id      INTEGER PRIMARY KEY,
  time    INTEGER NOT NULL,  -- unix time of the run
  path    TEXT    NOT NULL,
  message TEXT    NOT NULL
);
INSERT INTO notices VALUES(1,1795491959,'samples/exim/default/rejectlog','an Exim rejectlog: its rejects are counted from the mainlog, which has them too; its lines are counted as ignored (a file of mainlog lines that only looks like a rejectlog is counted when given with --log-format exim-mainlog)');
CREATE TABLE line_counts (
  input_id INTEGER NOT NULL REFERENCES inputs(id),
  kind     TEXT    NOT NULL,
  count    INTEGER NOT NULL,
  PRIMARY KEY (input_id, kind)
) WITHOUT ROWID;
INSERT INTO line_counts VALUES(1,'event',123);
INSERT INTO line_counts VALUES(1,'ignored',16);
INSERT INTO line_counts VALUES(2,'continuation',12);
INSERT INTO line_counts VALUES(2,'ignored',10);
INSERT INTO line_counts VALUES(3,'event',224);
INSERT INTO line_counts VALUES(3,'ignored',166);
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
INSERT INTO counts VALUES(1994955,'','exim','','local','bounced',0,'','exim-unrouteable-address',0,1);
INSERT INTO counts VALUES(1994955,'','exim','','local','deferred',0,'','exim-retry-time-not-reached',0,4);
INSERT INTO counts VALUES(1994955,'','exim','','none','completed',0,'','',0,25);
INSERT INTO counts VALUES(1994955,'','exim','','none','frozen',0,'','',0,1);
INSERT INTO counts VALUES(1994955,'','exim','local','local','received',0,'','',0,31);
INSERT INTO counts VALUES(1994955,'','exim','local_delivery','local','sent',0,'','',0,12);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','bounced',550,'5.1.1','gmail-no-such-user',0,4);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','bounced',550,'5.7.1','gmail-likely-unsolicited',0,2);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','bounced',550,'5.7.26','gmail-unauthenticated-sender',0,1);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','bounced',554,'5.7.1','icloud-local-policy',0,1);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','bounced',554,'5.7.1','spamhaus-zen-listing',0,2);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','deferred',0,'','exim-connection-refused',0,2);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','deferred',0,'','exim-connection-timed-out',0,4);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','deferred',0,'','exim-retry-time-not-reached-any-host',0,4);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','deferred',421,'4.7.0','gmail-ip-not-allowlisted',0,2);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','deferred',421,'4.7.0','yahoo-temporarily-deferred-tss04',0,2);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','deferred',450,'4.2.0','postgrey-greylisted',0,1);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','deferred',451,'4.3.0','X.3.0',0,4);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp','outbound','sent',250,'2.0.0','250',0,7);
INSERT INTO counts VALUES(1994955,'','exim','remote_smtp_legacy','outbound','bounced',553,'5.7.1','yahoo-ip-on-spamhaus',0,1);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','auth-failed',535,'','exim-incorrect-authentication-data',0,1);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','received',0,'','',0,2);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','rejected',451,'','generic-greylisted',1,1);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','rejected',501,'','exim-helo-syntax-invalid',1,1);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','rejected',550,'','550',1,3);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','rejected',550,'','exim-relay-not-permitted',1,1);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','rejected',550,'','exim-unrouteable-address',1,1);
INSERT INTO counts VALUES(1994955,'','exim','smtp','inbound','rejected',554,'','exim-synchronization-error',1,2);
INSERT INTO counts VALUES(1994955,'mx','postfix','bounce','none','notified',0,'','',0,19);
INSERT INTO counts VALUES(1994955,'mx','postfix','cleanup','inbound','rejected',0,'5.7.1','X.7.1',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','error','local','bounced',0,'5.1.2','X.1.2',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','error','local','deferred',0,'4.4.1','postfix-connection-refused',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','lmtp','outbound','bounced',550,'5.1.1','icloud-user-does-not-exist',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','lmtp','outbound','bounced',552,'5.2.2','gmail-inbox-full-inactive',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','lmtp','outbound','sent',250,'2.0.0','250',0,2);
INSERT INTO counts VALUES(1994955,'mx','postfix','local','local','bounced',0,'5.1.1','postfix-local-unknown-user',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','local','local','sent',0,'2.0.0','X.0.0',0,22);
INSERT INTO counts VALUES(1994955,'mx','postfix','pipe','local','bounced',0,'5.1.1','X.1.1',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','pipe','local','sent',0,'2.0.0','X.0.0',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','postscreen','inbound','none',0,'','',0,2);
INSERT INTO counts VALUES(1994955,'mx','postfix','postscreen','inbound','rejected',550,'5.3.2','postscreen-service-currently-unavailable',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','postscreen','inbound','rejected',550,'5.5.1','X.5.1',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','qmgr','none','completed',0,'','',0,50);
INSERT INTO counts VALUES(1994955,'mx','postfix','qmgr','none','received',0,'','',0,66);
INSERT INTO counts VALUES(1994955,'mx','postfix','qmgr','outbound','expired',0,'','',0,2);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',0,'5.4.4','postfix-dns-host-not-found',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',550,'4.4.7','microsoft-queue-expired',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',550,'5.0.0','outlook-sc-policy-rejection',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',550,'5.1.1','gmail-no-such-user',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',550,'5.7.1','gmail-likely-unsolicited',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',550,'5.7.26','gmail-unauthenticated-sender',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',550,'5.7.606','microsoft-banned-sending-ip',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',551,'5.0.0','551',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',552,'5.3.4','gmail-size-limit',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',553,'5.1.2','gmail-domain-not-found',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',554,'5.0.0','yahoo-no-such-account',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','bounced',554,'5.7.1','spamhaus-zen-listing',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',0,'4.4.1','postfix-connection-refused',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',0,'4.4.2','postfix-conversation-timed-out',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',0,'4.4.3','postfix-dns-temporary-failure',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',0,'4.7.4','postfix-tls-required-not-offered',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',421,'4.0.0','outlook-rp-rate-limit',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',421,'4.7.0','yahoo-temporarily-deferred-tss04',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',450,'4.2.0','postgrey-greylisted',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',450,'4.2.1','gmail-recipient-rate-limit',0,2);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',451,'4.0.0','mimecast-internal-resource-unavailable',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',451,'4.3.0','X.3.0',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',451,'4.7.1','milter-greylist-in-action',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',451,'4.7.500','microsoft-access-denied-try-later',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',452,'4.0.0','452',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',452,'4.2.2','gmail-inbox-full',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','deferred',554,'5.7.1','spamhaus-zen-listing',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','none',0,'','postfix-connection-refused',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtp','outbound','sent',250,'2.0.0','250',0,6);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','discarded',0,'','',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','held',0,'','',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','reject-warning',554,'5.7.1','X.7.1',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',450,'4.1.8','postfix-sender-domain-not-found',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',501,'5.5.2','postfix-helo-invalid',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',503,'5.5.0','postfix-improper-pipelining',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',504,'5.5.2','postfix-helo-not-fqdn',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',550,'5.1.0','X.1.0',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',550,'5.1.1','postfix-unknown-local-recipient',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',552,'5.3.4','postfix-message-size-exceeds-limit',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',554,'5.7.1','X.7.1',0,2);
INSERT INTO counts VALUES(1994955,'mx','postfix','smtpd','inbound','rejected',554,'5.7.1','postfix-relay-access-denied',0,2);
INSERT INTO counts VALUES(1994955,'mx','postfix','virtual','local','bounced',0,'5.1.1','X.1.1',0,1);
INSERT INTO counts VALUES(1994955,'mx','postfix','virtual','local','sent',0,'2.0.0','X.0.0',0,1);
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
INSERT INTO counts_day VALUES(20780,'','exim','','local','bounced',0,'','exim-unrouteable-address',0,1);
INSERT INTO counts_day VALUES(20780,'','exim','','local','deferred',0,'','exim-retry-time-not-reached',0,4);
INSERT INTO counts_day VALUES(20780,'','exim','','none','completed',0,'','',0,25);
INSERT INTO counts_day VALUES(20780,'','exim','','none','frozen',0,'','',0,1);
INSERT INTO counts_day VALUES(20780,'','exim','local','local','received',0,'','',0,31);
INSERT INTO counts_day VALUES(20780,'','exim','local_delivery','local','sent',0,'','',0,12);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','bounced',550,'5.1.1','gmail-no-such-user',0,4);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','bounced',550,'5.7.1','gmail-likely-unsolicited',0,2);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','bounced',550,'5.7.26','gmail-unauthenticated-sender',0,1);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','bounced',554,'5.7.1','icloud-local-policy',0,1);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','bounced',554,'5.7.1','spamhaus-zen-listing',0,2);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','deferred',0,'','exim-connection-refused',0,2);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','deferred',0,'','exim-connection-timed-out',0,4);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','deferred',0,'','exim-retry-time-not-reached-any-host',0,4);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','deferred',421,'4.7.0','gmail-ip-not-allowlisted',0,2);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','deferred',421,'4.7.0','yahoo-temporarily-deferred-tss04',0,2);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','deferred',450,'4.2.0','postgrey-greylisted',0,1);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','deferred',451,'4.3.0','X.3.0',0,4);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp','outbound','sent',250,'2.0.0','250',0,7);
INSERT INTO counts_day VALUES(20780,'','exim','remote_smtp_legacy','outbound','bounced',553,'5.7.1','yahoo-ip-on-spamhaus',0,1);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','auth-failed',535,'','exim-incorrect-authentication-data',0,1);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','received',0,'','',0,2);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','rejected',451,'','generic-greylisted',1,1);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','rejected',501,'','exim-helo-syntax-invalid',1,1);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','rejected',550,'','550',1,3);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','rejected',550,'','exim-relay-not-permitted',1,1);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','rejected',550,'','exim-unrouteable-address',1,1);
INSERT INTO counts_day VALUES(20780,'','exim','smtp','inbound','rejected',554,'','exim-synchronization-error',1,2);
INSERT INTO counts_day VALUES(20780,'mx','postfix','bounce','none','notified',0,'','',0,19);
INSERT INTO counts_day VALUES(20780,'mx','postfix','cleanup','inbound','rejected',0,'5.7.1','X.7.1',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','error','local','bounced',0,'5.1.2','X.1.2',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','error','local','deferred',0,'4.4.1','postfix-connection-refused',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','lmtp','outbound','bounced',550,'5.1.1','icloud-user-does-not-exist',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','lmtp','outbound','bounced',552,'5.2.2','gmail-inbox-full-inactive',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','lmtp','outbound','sent',250,'2.0.0','250',0,2);
INSERT INTO counts_day VALUES(20780,'mx','postfix','local','local','bounced',0,'5.1.1','postfix-local-unknown-user',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','local','local','sent',0,'2.0.0','X.0.0',0,22);
INSERT INTO counts_day VALUES(20780,'mx','postfix','pipe','local','bounced',0,'5.1.1','X.1.1',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','pipe','local','sent',0,'2.0.0','X.0.0',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','postscreen','inbound','none',0,'','',0,2);
INSERT INTO counts_day VALUES(20780,'mx','postfix','postscreen','inbound','rejected',550,'5.3.2','postscreen-service-currently-unavailable',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','postscreen','inbound','rejected',550,'5.5.1','X.5.1',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','qmgr','none','completed',0,'','',0,50);
INSERT INTO counts_day VALUES(20780,'mx','postfix','qmgr','none','received',0,'','',0,66);
INSERT INTO counts_day VALUES(20780,'mx','postfix','qmgr','outbound','expired',0,'','',0,2);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',0,'5.4.4','postfix-dns-host-not-found',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',550,'4.4.7','microsoft-queue-expired',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',550,'5.0.0','outlook-sc-policy-rejection',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',550,'5.1.1','gmail-no-such-user',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',550,'5.7.1','gmail-likely-unsolicited',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',550,'5.7.26','gmail-unauthenticated-sender',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',550,'5.7.606','microsoft-banned-sending-ip',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',551,'5.0.0','551',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',552,'5.3.4','gmail-size-limit',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',553,'5.1.2','gmail-domain-not-found',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',554,'5.0.0','yahoo-no-such-account',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','bounced',554,'5.7.1','spamhaus-zen-listing',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',0,'4.4.1','postfix-connection-refused',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',0,'4.4.2','postfix-conversation-timed-out',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',0,'4.4.3','postfix-dns-temporary-failure',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',0,'4.7.4','postfix-tls-required-not-offered',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',421,'4.0.0','outlook-rp-rate-limit',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',421,'4.7.0','yahoo-temporarily-deferred-tss04',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',450,'4.2.0','postgrey-greylisted',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',450,'4.2.1','gmail-recipient-rate-limit',0,2);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',451,'4.0.0','mimecast-internal-resource-unavailable',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',451,'4.3.0','X.3.0',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',451,'4.7.1','milter-greylist-in-action',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',451,'4.7.500','microsoft-access-denied-try-later',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',452,'4.0.0','452',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',452,'4.2.2','gmail-inbox-full',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','deferred',554,'5.7.1','spamhaus-zen-listing',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','none',0,'','postfix-connection-refused',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtp','outbound','sent',250,'2.0.0','250',0,6);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','discarded',0,'','',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','held',0,'','',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','reject-warning',554,'5.7.1','X.7.1',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',450,'4.1.8','postfix-sender-domain-not-found',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',501,'5.5.2','postfix-helo-invalid',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',503,'5.5.0','postfix-improper-pipelining',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',504,'5.5.2','postfix-helo-not-fqdn',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',550,'5.1.0','X.1.0',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',550,'5.1.1','postfix-unknown-local-recipient',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',552,'5.3.4','postfix-message-size-exceeds-limit',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',554,'5.7.1','X.7.1',0,2);
INSERT INTO counts_day VALUES(20780,'mx','postfix','smtpd','inbound','rejected',554,'5.7.1','postfix-relay-access-denied',0,2);
INSERT INTO counts_day VALUES(20780,'mx','postfix','virtual','local','bounced',0,'5.1.1','X.1.1',0,1);
INSERT INTO counts_day VALUES(20780,'mx','postfix','virtual','local','sent',0,'2.0.0','X.0.0',0,1);
CREATE TABLE domain_counts (
  day       INTEGER NOT NULL,  -- unix time / 86400
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  domain    TEXT    NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (day, direction, outcome, entry, domain)
) WITHOUT ROWID;
INSERT INTO domain_counts VALUES(20780,'inbound','auth-failed','exim-incorrect-authentication-data','127.0.0.1',1);
INSERT INTO domain_counts VALUES(20780,'inbound','reject-warning','X.7.1','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','550','127.0.0.1',3);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','X.1.0','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','X.5.1','127.0.0.20',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','X.7.1','127.0.0.10',2);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','X.7.1','127.0.0.66',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','exim-helo-syntax-invalid','127.0.0.1',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','exim-relay-not-permitted','127.0.0.1',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','exim-synchronization-error','127.0.0.1',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','exim-synchronization-error','127.0.0.2',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','exim-unrouteable-address','127.0.0.1',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','generic-greylisted','127.0.0.1',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-helo-invalid','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-helo-not-fqdn','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-improper-pipelining','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-message-size-exceeds-limit','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-relay-access-denied','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-relay-access-denied','127.0.0.30',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-sender-domain-not-found','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postfix-unknown-local-recipient','127.0.0.10',1);
INSERT INTO domain_counts VALUES(20780,'inbound','rejected','postscreen-service-currently-unavailable','127.0.0.77',1);
INSERT INTO domain_counts VALUES(20780,'local','bounced','X.1.1','nouser.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'local','bounced','X.1.1','virtual.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'local','bounced','X.1.2','retired.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'local','bounced','exim-unrouteable-address','nowhere.invalid',1);
INSERT INTO domain_counts VALUES(20780,'local','bounced','postfix-local-unknown-user','mx.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'local','deferred','exim-retry-time-not-reached','example.com',4);
INSERT INTO domain_counts VALUES(20780,'local','deferred','postfix-connection-refused','refused.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'none','frozen','','',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','551','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-domain-not-found','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-inbox-full-inactive','lmtp.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-likely-unsolicited','example.com',2);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-likely-unsolicited','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-no-such-user','example.com',4);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-no-such-user','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-size-limit','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-unauthenticated-sender','example.com',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','gmail-unauthenticated-sender','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','icloud-local-policy','example.com',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','icloud-user-does-not-exist','lmtp.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','microsoft-banned-sending-ip','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','microsoft-queue-expired','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','outlook-sc-policy-rejection','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','postfix-dns-host-not-found','nowhere.invalid',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','spamhaus-zen-listing','blocked.example.net',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','spamhaus-zen-listing','example.com',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','spamhaus-zen-listing','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','yahoo-ip-on-spamhaus','legacy.example.com',1);
INSERT INTO domain_counts VALUES(20780,'outbound','bounced','yahoo-no-such-account','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','452','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','X.3.0','example.com',4);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','X.3.0','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','exim-connection-refused','refused.example.net',2);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','exim-connection-timed-out','blackhole.example.net',2);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','exim-connection-timed-out','silent.example.net',2);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','exim-retry-time-not-reached-any-host','blackhole.example.net',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','exim-retry-time-not-reached-any-host','busy.example.net',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','exim-retry-time-not-reached-any-host','refused.example.net',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','exim-retry-time-not-reached-any-host','silent.example.net',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','gmail-inbox-full','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','gmail-ip-not-allowlisted','example.com',2);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','gmail-recipient-rate-limit','sink.smtplog.test',2);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','microsoft-access-denied-try-later','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','milter-greylist-in-action','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','mimecast-internal-resource-unavailable','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','outlook-rp-rate-limit','greet421.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','postfix-connection-refused','refused.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','postfix-conversation-timed-out','silent.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','postfix-dns-temporary-failure','mx.servfail.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','postfix-tls-required-not-offered','tls.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','postgrey-greylisted','example.com',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','postgrey-greylisted','sink.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','spamhaus-zen-listing','greet554.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','yahoo-temporarily-deferred-tss04','busy.example.net',2);
INSERT INTO domain_counts VALUES(20780,'outbound','deferred','yahoo-temporarily-deferred-tss04','rcpt421.smtplog.test',1);
INSERT INTO domain_counts VALUES(20780,'outbound','expired','','mx.smtplog.test',2);
CREATE TABLE domain_counts_month (
  month     INTEGER NOT NULL,  -- (year - 1970) * 12 + month - 1, of the UTC date
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  domain    TEXT    NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (month, direction, outcome, entry, domain)
) WITHOUT ROWID;
INSERT INTO domain_counts_month VALUES(682,'inbound','auth-failed','exim-incorrect-authentication-data','127.0.0.1',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','reject-warning','X.7.1','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','550','127.0.0.1',3);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','X.1.0','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','X.5.1','127.0.0.20',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','X.7.1','127.0.0.10',2);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','X.7.1','127.0.0.66',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','exim-helo-syntax-invalid','127.0.0.1',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','exim-relay-not-permitted','127.0.0.1',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','exim-synchronization-error','127.0.0.1',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','exim-synchronization-error','127.0.0.2',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','exim-unrouteable-address','127.0.0.1',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','generic-greylisted','127.0.0.1',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-helo-invalid','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-helo-not-fqdn','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-improper-pipelining','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-message-size-exceeds-limit','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-relay-access-denied','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-relay-access-denied','127.0.0.30',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-sender-domain-not-found','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postfix-unknown-local-recipient','127.0.0.10',1);
INSERT INTO domain_counts_month VALUES(682,'inbound','rejected','postscreen-service-currently-unavailable','127.0.0.77',1);
INSERT INTO domain_counts_month VALUES(682,'local','bounced','X.1.1','nouser.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'local','bounced','X.1.1','virtual.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'local','bounced','X.1.2','retired.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'local','bounced','exim-unrouteable-address','nowhere.invalid',1);
INSERT INTO domain_counts_month VALUES(682,'local','bounced','postfix-local-unknown-user','mx.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'local','deferred','exim-retry-time-not-reached','example.com',4);
INSERT INTO domain_counts_month VALUES(682,'local','deferred','postfix-connection-refused','refused.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'none','frozen','','',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','551','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-domain-not-found','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-inbox-full-inactive','lmtp.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-likely-unsolicited','example.com',2);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-likely-unsolicited','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-no-such-user','example.com',4);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-no-such-user','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-size-limit','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-unauthenticated-sender','example.com',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','gmail-unauthenticated-sender','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','icloud-local-policy','example.com',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','icloud-user-does-not-exist','lmtp.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','microsoft-banned-sending-ip','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','microsoft-queue-expired','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','outlook-sc-policy-rejection','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','postfix-dns-host-not-found','nowhere.invalid',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','spamhaus-zen-listing','blocked.example.net',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','spamhaus-zen-listing','example.com',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','spamhaus-zen-listing','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','yahoo-ip-on-spamhaus','legacy.example.com',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','bounced','yahoo-no-such-account','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','452','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','X.3.0','example.com',4);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','X.3.0','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','exim-connection-refused','refused.example.net',2);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','exim-connection-timed-out','blackhole.example.net',2);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','exim-connection-timed-out','silent.example.net',2);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','exim-retry-time-not-reached-any-host','blackhole.example.net',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','exim-retry-time-not-reached-any-host','busy.example.net',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','exim-retry-time-not-reached-any-host','refused.example.net',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','exim-retry-time-not-reached-any-host','silent.example.net',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','gmail-inbox-full','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','gmail-ip-not-allowlisted','example.com',2);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','gmail-recipient-rate-limit','sink.smtplog.test',2);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','microsoft-access-denied-try-later','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','milter-greylist-in-action','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','mimecast-internal-resource-unavailable','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','outlook-rp-rate-limit','greet421.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','postfix-connection-refused','refused.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','postfix-conversation-timed-out','silent.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','postfix-dns-temporary-failure','mx.servfail.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','postfix-tls-required-not-offered','tls.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','postgrey-greylisted','example.com',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','postgrey-greylisted','sink.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','spamhaus-zen-listing','greet554.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','yahoo-temporarily-deferred-tss04','busy.example.net',2);
INSERT INTO domain_counts_month VALUES(682,'outbound','deferred','yahoo-temporarily-deferred-tss04','rcpt421.smtplog.test',1);
INSERT INTO domain_counts_month VALUES(682,'outbound','expired','','mx.smtplog.test',2);
CREATE TABLE rollup_dirty (
  day INTEGER PRIMARY KEY  -- unix time / 86400
) WITHOUT ROWID;
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
CREATE TABLE unparsed (
  id       INTEGER PRIMARY KEY,
  input_id INTEGER NOT NULL,
  line_no  INTEGER NOT NULL,
  offset   INTEGER NOT NULL,
  reason   TEXT    NOT NULL,
  line     TEXT    NOT NULL
);
CREATE TABLE examples (
  entry     TEXT    NOT NULL,
  direction TEXT    NOT NULL,  -- '' for entries; inbound, outbound, ... for entry ''
  time      INTEGER NOT NULL,
  line      TEXT    NOT NULL,
  PRIMARY KEY (entry, direction)
) WITHOUT ROWID;
INSERT INTO examples VALUES('','none',1795459556,'2026-11-23 18:45:56 1xVZ36-0006LL-0r Frozen (delivery error message)');
INSERT INTO examples VALUES('','outbound',1795460365,'2026-11-23T18:59:25.399754+00:00 mx postfix/qmgr[11565]: E9F60114774: from=<alice@mx.smtplog.test>, status=expired, returned to sender');
INSERT INTO examples VALUES('452','',1795460330,'2026-11-23T18:58:50.474077+00:00 mx postfix/smtp[11622]: 655D9114792: to=<r452@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.02/0/0/0.05, dsn=4.0.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 Requested action not taken: insufficient system storage (in reply to RCPT TO command))');
INSERT INTO examples VALUES('550','',1795459560,'2026-11-23 18:46:00 1xVZ3A-0006Mj-1k H=(client.example) [127.0.0.1] F=<friend@client.example> rejected after DATA: Message rejected as spam (subject)');
INSERT INTO examples VALUES('551','',1795460334,'2026-11-23T18:58:54.258230+00:00 mx postfix/smtp[11622]: 2B1181147A7: to=<r551@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.03/0/0/0.06, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 551 User not local; please try <r551@moved.smtplog.test> (in reply to RCPT TO command))');
INSERT INTO examples VALUES('X.1.0','',1795460353,'2026-11-23T18:59:13.702355+00:00 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 550 5.1.0 <ghost@mx.smtplog.test>: Sender address rejected: User unknown in local recipient table; from=<ghost@mx.smtplog.test> to=<alice@mx.smtplog.test> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('X.1.1','',1795460349,'2026-11-23T18:59:09.538144+00:00 mx postfix/pipe[11992]: 7A9D9114465: to=<x@nouser.smtplog.test>, relay=pipenouser, delay=0.04, delays=0.01/0.02/0/0.01, dsn=5.1.1, status=bounced (user unknown. Command output: mailbox x does not exist )');
INSERT INTO examples VALUES('X.1.2','',1795460350,'2026-11-23T18:59:10.094415+00:00 mx postfix/error[11998]: 0B84F114492: to=<x@retired.smtplog.test>, relay=none, delay=0.05, delays=0.01/0.04/0/0, dsn=5.1.2, status=bounced (This domain no longer accepts mail)');
INSERT INTO examples VALUES('X.3.0','',1795460328,'2026-11-23T18:58:48.898428+00:00 mx postfix/smtp[11622]: C7F67114786: to=<r451-4.3.0@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.02/0/0.02/0.06, dsn=4.3.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.3.0 Requested action aborted: local error in processing (in reply to RCPT TO command))');
INSERT INTO examples VALUES('X.5.1','',1795460357,'2026-11-23T18:59:17.394927+00:00 mx postfix/postscreen[12070]: NOQUEUE: reject: RCPT from [127.0.0.20]:50177: 550 5.5.1 Protocol error; from=<bob@example.com>, to=<alice@mx.smtplog.test>, proto=ESMTP, helo=<early.example.com>');
INSERT INTO examples VALUES('X.7.1','',1795460356,'2026-11-23T18:59:16.557229+00:00 mx postfix/cleanup[11618]: 87F0F114585: reject: header Subject: BUY NOW, cheap from unknown[127.0.0.10]; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=ESMTP helo=<client.example.com>: 5.7.1 Message content rejected: spam phrase in Subject');
INSERT INTO examples VALUES('exim-connection-refused','',1795459564,'2026-11-23 18:46:04 1xVZ2x-0006JI-2p == someone@refused.example.net R=remote_loopback T=remote_smtp defer (111): Connection refused');
INSERT INTO examples VALUES('exim-connection-timed-out','',1795459571,'2026-11-23 18:46:11 1xVZ31-0006Ji-1u == someone@silent.example.net R=remote_loopback T=remote_smtp defer (110): Connection timed out H=127.0.0.5 [127.0.0.5]: SMTP timeout after initial connection');
INSERT INTO examples VALUES('exim-helo-syntax-invalid','',1795459560,'2026-11-23 18:46:00 rejected EHLO from [127.0.0.1]: syntactically invalid argument(s): bad_name!');
INSERT INTO examples VALUES('exim-incorrect-authentication-data','',1795459562,'2026-11-23 18:46:02 plain_server authenticator failed for (client.example) [127.0.0.1]: 535 Incorrect authentication data (set_id=alice)');
INSERT INTO examples VALUES('exim-relay-not-permitted','',1795459557,'2026-11-23 18:45:57 H=(client.example) [127.0.0.1] F=<friend@client.example> rejected RCPT <victim@elsewhere.example>: relay not permitted');
INSERT INTO examples VALUES('exim-retry-time-not-reached','',1795459563,'2026-11-23 18:46:03 1xVZ2w-0006He-2M == r451-4.3.0_mixed@example.com routing defer (-52): retry time not reached');
INSERT INTO examples VALUES('exim-retry-time-not-reached-any-host','',1795459563,'2026-11-23 18:46:03 1xVZ31-0006Ji-1u == someone@silent.example.net R=remote_loopback T=remote_smtp defer (-54): retry time not reached for any host for ''silent.example.net''');
INSERT INTO examples VALUES('exim-synchronization-error','',1795459562,'2026-11-23 18:46:02 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "MAIL FROM:<friend@client.example>" H=(client.example) [127.0.0.1] next input="RCPT TO:<alice@example.org>\r\n"');
INSERT INTO examples VALUES('exim-unrouteable-address','',1795459557,'2026-11-23 18:45:57 H=(client.example) [127.0.0.1] F=<friend@client.example> rejected RCPT <nobody@example.org>: Unrouteable address');
INSERT INTO examples VALUES('generic-greylisted','',1795459558,'2026-11-23 18:45:58 H=(client.example) [127.0.0.1] F=<friend@client.example> temporarily rejected RCPT <greylist@example.org>: Greylisted, please try again later');
INSERT INTO examples VALUES('gmail-domain-not-found','',1795460335,'2026-11-23T18:58:55.410199+00:00 mx postfix/smtp[11622]: 5514F1147AB: to=<r553-5.1.2@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.01/0/0.01/0.05, dsn=5.1.2, status=bounced (host 127.0.0.1[127.0.0.1] said: 553 5.1.2 We weren''t able to find the recipient domain. Please check for any spelling errors, and make sure you didn''t enter any spaces, periods, or other punctuation after the recipient''s email address. - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-inbox-full','',1795460329,'2026-11-23T18:58:49.949392+00:00 mx postfix/smtp[11622]: D79E311478E: to=<r452-4.2.2@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.02/0/0.01/0.05, dsn=4.2.2, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 4.2.2 The recipient''s inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-inbox-full-inactive','',1795460346,'2026-11-23T18:59:06.375827+00:00 mx postfix/lmtp[11941]: 4BBDE1147D2: to=<data552-5.2.2@lmtp.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.09, delays=0.04/0/0/0.05, dsn=5.2.2, status=bounced (host 127.0.0.1[127.0.0.1] said: 552 5.2.2 The recipient''s inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm - gsmtp (in reply to end of DATA command))');
INSERT INTO examples VALUES('gmail-ip-not-allowlisted','',1795459564,'2026-11-23 18:46:04 1xVZ2t-0006ED-1D == r421-4.7.0_gmail@example.com R=remote_loopback T=remote_smtp defer (-44) H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after RCPT TO:<r421-4.7.0_gmail@example.com>: 421 4.7.0 IP not in whitelist for RCPT domain, closing connection. - gsmtp');
INSERT INTO examples VALUES('gmail-likely-unsolicited','',1795460337,'2026-11-23T18:58:57.782309+00:00 mx postfix/smtp[11622]: ACA091147B2: to=<data550-5.7.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.01/0/0.02/0.05, dsn=5.7.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.7.1 [127.0.0.1] This message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. - gsmtp (in reply to end of DATA command))');
INSERT INTO examples VALUES('gmail-no-such-user','',1795460332,'2026-11-23T18:58:52.077322+00:00 mx postfix/smtp[11622]: 01D7611479C: to=<r550-5.1.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.01/0/0/0.06, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient''s email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-recipient-rate-limit','',1795460365,'2026-11-23T18:59:25.399116+00:00 mx postfix/smtp[11622]: E9F60114774: to=<r450-4.2.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=39, delays=39/0/0/0.04, dsn=4.2.1, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. If the user is able to receive mail at that time, your message will be delivered. - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-size-limit','',1795460334,'2026-11-23T18:58:54.871216+00:00 mx postfix/smtp[11622]: C42E61147A7: to=<r552-5.3.4@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.02/0/0.01/0.05, dsn=5.3.4, status=bounced (host 127.0.0.1[127.0.0.1] said: 552 5.3.4 Your message exceeded Google''s message size limits. Please visit https://support.google.com/mail/?p=MaxSizeError to view our size guidelines. - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-unauthenticated-sender','',1795460332,'2026-11-23T18:58:52.591085+00:00 mx postfix/smtp[11622]: 858C811479E: to=<ml550-5.7.26@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.02/0/0/0.04, dsn=5.7.26, status=bounced (host 127.0.0.1[127.0.0.1] said: 550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26  https://support.google.com/mail/answer/81126#authentication - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('icloud-local-policy','',1795459545,'2026-11-23 18:45:45 1xVZ2v-0006Gh-1D ** data554-5.7.1_icloud@example.com R=remote_loopback T=remote_smtp H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after end of data: 554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137');
INSERT INTO examples VALUES('icloud-user-does-not-exist','',1795460346,'2026-11-23T18:59:06.374821+00:00 mx postfix/lmtp[11941]: 4BBDE1147D2: to=<r550-5.1.1_icloud@lmtp.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.09, delays=0.04/0/0/0.05, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <r550-5.1.1_icloud@lmtp.smtplog.test>: user does not exist (in reply to RCPT TO command))');
INSERT INTO examples VALUES('microsoft-access-denied-try-later','',1795460326,'2026-11-23T18:58:46.722156+00:00 mx postfix/smtp[11622]: A22B811477C: to=<r451-4.7.500@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.06, delays=0.01/0/0/0.05, dsn=4.7.500, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.7.500 Access denied, please try again later. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. AS(1430) (in reply to RCPT TO command))');
INSERT INTO examples VALUES('microsoft-banned-sending-ip','',1795460336,'2026-11-23T18:58:56.462219+00:00 mx postfix/smtp[11622]: 6B50B1147AF: to=<ok@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.04, delays=0.04/0/0/0, dsn=5.7.606, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.7.606 Access denied, banned sending IP [127.0.0.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) (in reply to MAIL FROM command))');
INSERT INTO examples VALUES('microsoft-queue-expired','',1795460333,'2026-11-23T18:58:53.679317+00:00 mx postfix/smtp[11622]: 9A2A11147A3: to=<r550-4.4.7@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.03/0/0/0.04, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 4.4.7 QUEUE.Expired; message expired (in reply to RCPT TO command))');
INSERT INTO examples VALUES('milter-greylist-in-action','',1795460331,'2026-11-23T18:58:51.515056+00:00 mx postfix/smtp[11622]: 71546114798: to=<datacmd451-4.7.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.06, delays=0.01/0/0/0.04, dsn=4.7.1, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.7.1 Greylisting in action, please come back later (in reply to DATA command))');
INSERT INTO examples VALUES('mimecast-internal-resource-unavailable','',1795460329,'2026-11-23T18:58:49.430184+00:00 mx postfix/smtp[11622]: 56B3211478A: to=<r451@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.04/0/0.01/0.05, dsn=4.0.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 (in reply to RCPT TO command))');
INSERT INTO examples VALUES('outlook-rp-rate-limit','',1795460338,'2026-11-23T18:58:58.788893+00:00 mx postfix/smtp[11622]: BF9821147B7: to=<x@greet421.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2527, delay=0.03, delays=0.03/0/0/0, dsn=4.0.0, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 421 RP-001 (BAY004-MC1F6) Unfortunately, some messages from 127.0.0.1 weren''t sent. Please try again. We have limits for how many messages can be sent per hour and per day. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.)');
INSERT INTO examples VALUES('outlook-sc-policy-rejection','',1795460333,'2026-11-23T18:58:53.151169+00:00 mx postfix/smtp[11622]: 154001147A3: to=<r550@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.01/0/0.01/0.05, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 SC-001 (BAY004-MC5F15) Unfortunately, messages from 127.0.0.1 weren''t sent. Please contact your Internet service provider since part of their network is on our block list. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. (in reply to RCPT TO command))');
INSERT INTO examples VALUES('postfix-connection-refused','',1795460340,'2026-11-23T18:59:00.006174+00:00 mx postfix/error[11870]: EE95F1147BE: to=<b@refused.smtplog.test>, relay=none, delay=0.03, delays=0.01/0.02/0/0.01, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2529: Connection refused)');
INSERT INTO examples VALUES('postfix-conversation-timed-out','',1795460343,'2026-11-23T18:59:03.565855+00:00 mx postfix/smtp[11886]: 800021147C1: to=<x@silent.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2528, delay=3.1, delays=0.02/0.02/3/0, dsn=4.4.2, status=deferred (conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting)');
INSERT INTO examples VALUES('postfix-dns-host-not-found','',1795460344,'2026-11-23T18:59:04.668045+00:00 mx postfix/smtp[11622]: A1EE71147CA: to=<x@nowhere.invalid>, relay=none, delay=0.03, delays=0.03/0/0/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=nowhere.invalid type=A: Host not found)');
INSERT INTO examples VALUES('postfix-dns-temporary-failure','',1795460345,'2026-11-23T18:59:05.213545+00:00 mx postfix/smtp[11622]: 3283D1147CE: to=<x@mx.servfail.smtplog.test>, relay=none, delay=0.03, delays=0.03/0/0/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=mx.servfail.smtplog.test type=MX: Host not found, try again)');
INSERT INTO examples VALUES('postfix-helo-invalid','',1795460352,'2026-11-23T18:59:12.477220+00:00 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 501 5.5.2 <bad..helo>: Helo command rejected: Invalid name; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=ESMTP helo=<bad..helo>');
INSERT INTO examples VALUES('postfix-helo-not-fqdn','',1795460352,'2026-11-23T18:59:12.074947+00:00 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 504 5.5.2 <workstation>: Helo command rejected: need fully-qualified hostname; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=ESMTP helo=<workstation>');
INSERT INTO examples VALUES('postfix-improper-pipelining','',1795460356,'2026-11-23T18:59:16.961763+00:00 mx postfix/smtpd[12000]: EAC94114585: reject: DATA from unknown[127.0.0.10]: 503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=SMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postfix-local-unknown-user','',1795460347,'2026-11-23T18:59:07.361651+00:00 mx postfix/local[11779]: 579531143FD: to=<nosuch@mx.smtplog.test>, relay=local, delay=0.01, delays=0/0/0/0, dsn=5.1.1, status=bounced (unknown user: "nosuch")');
INSERT INTO examples VALUES('postfix-message-size-exceeds-limit','',1795460354,'2026-11-23T18:59:14.104735+00:00 mx postfix/smtpd[12000]: NOQUEUE: reject: MAIL from unknown[127.0.0.10]: 552 5.3.4 Message size exceeds fixed limit; from=<bob@example.com> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postfix-relay-access-denied','',1795460362,'2026-11-23T18:59:22.767692+00:00 mx postfix/submission/smtpd[12119]: NOQUEUE: reject: RCPT from unknown[127.0.0.30]: 554 5.7.1 <friend@gmail.example>: Relay access denied; from=<carol@example.org> to=<friend@gmail.example> proto=ESMTP helo=<laptop.example.org>');
INSERT INTO examples VALUES('postfix-sender-domain-not-found','',1795460353,'2026-11-23T18:59:13.291602+00:00 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 450 4.1.8 <spammer@nowhere.invalid>: Sender address rejected: Domain not found; from=<spammer@nowhere.invalid> to=<alice@mx.smtplog.test> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postfix-tls-required-not-offered','',1795460344,'2026-11-23T18:59:04.118044+00:00 mx postfix/smtp[11622]: 1AF5E1147C6: to=<x@tls.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2532, delay=0.03, delays=0.03/0/0/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host 127.0.0.1[127.0.0.1])');
INSERT INTO examples VALUES('postfix-unknown-local-recipient','',1795460351,'2026-11-23T18:59:11.571503+00:00 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 550 5.1.1 <nosuchuser@mx.smtplog.test>: Recipient address rejected: User unknown in local recipient table; from=<bob@example.com> to=<nosuchuser@mx.smtplog.test> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postgrey-greylisted','',1795460327,'2026-11-23T18:58:47.266096+00:00 mx postfix/smtp[11622]: 31D6A114780: to=<grey@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.01/0/0/0.06, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <grey@sink.smtplog.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/mx.smtplog.test.html (in reply to RCPT TO command))');
INSERT INTO examples VALUES('postscreen-service-currently-unavailable','',1795460359,'2026-11-23T18:59:19.798378+00:00 mx postfix/postscreen[12070]: NOQUEUE: reject: RCPT from [127.0.0.77]:59805: 550 5.3.2 Service currently unavailable; from=<bob@example.com>, to=<alice@mx.smtplog.test>, proto=ESMTP, helo=<listed.example.com>');
INSERT INTO examples VALUES('spamhaus-zen-listing','',1795460338,'2026-11-23T18:58:58.258469+00:00 mx postfix/smtp[11622]: 3BAE01147B5: to=<x@greet554.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.03, delays=0.02/0/0.01/0, dsn=4.7.1, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1)');
INSERT INTO examples VALUES('yahoo-ip-on-spamhaus','',1795459546,'2026-11-23 18:45:46 1xVZ2w-0006HE-10 ** someone@legacy.example.com R=remote_legacy T=remote_smtp_legacy H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after MAIL FROM:<mail553-5.7.1@example.org> SIZE=1449: 553 5.7.1 [BL21] Connections will not be accepted from 127.0.0.1, because the ip is in Spamhaus''s list; see https://postmaster.yahooinc.com/error-codes');
INSERT INTO examples VALUES('yahoo-no-such-account','',1795460337,'2026-11-23T18:58:57.178197+00:00 mx postfix/smtp[11622]: 14D5E1147B2: to=<data554@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.04/0/0/0.05, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 delivery error: dd This user doesn''t have a yahoo.com account (data554@sink.smtplog.test) [0] - mta1234.mail.gq1.yahoo.com (in reply to end of DATA command))');
INSERT INTO examples VALUES('yahoo-temporarily-deferred-tss04','',1795460330,'2026-11-23T18:58:50.962093+00:00 mx postfix/smtp[11622]: E6759114796: to=<r421-4.7.0@rcpt421.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2533, delay=0.03, delays=0.03/0/0/0, dsn=4.7.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to RCPT TO command))');
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
CREATE INDEX inputs_fingerprint ON inputs(fingerprint);
CREATE INDEX event_blocks_time ON event_blocks(t_max);
COMMIT;
PRAGMA application_id = 1397576780;
PRAGMA user_version = 2;
