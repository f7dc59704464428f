-- A schema-3 database as smtplog (commit 9b83975, the last of schema 3) wrote
-- it from two samples (`smtplog ingest --keep-events 0` of
-- samples/postfix/postfix.log and samples/exim/default/mainlog), dumped with
-- `sqlite3 .dump`; the rows of its catalogue copy are left out (not read by
-- `events` or a report, nor changed by the upgrade to schema 4). Its event
-- blocks are block format 2. tests/test_migrate.cpp upgrades it and compares
-- `events` and `report` with tests/golden/{events,report}-v3-upgraded.txt,
-- which that smtplog printed first (TZ=UTC).
PRAGMA foreign_keys=OFF;
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
INSERT INTO inputs VALUES(1,'e1ab498dbd97ebe4753f0a2e',4096,'samples/postfix/postfix.log','postfix',51243,390,1795503161,1795503161);
INSERT INTO inputs VALUES(2,'d746520f469a6c94500216d6',4096,'samples/exim/default/mainlog','exim-mainlog',19613,139,1795503161,1795503161);
CREATE TABLE notices (
  id      INTEGER PRIMARY KEY,
  time    INTEGER NOT NULL,  -- unix time of the run
  path    TEXT    NOT NULL,
  message TEXT    NOT NULL
);
CREATE TABLE line_counts (
  input_id INTEGER NOT NULL REFERENCES inputs(id),
  kind     TEXT    NOT NULL,
  count    INTEGER NOT NULL,
  PRIMARY KEY (input_id, kind)
) WITHOUT ROWID;
INSERT INTO line_counts VALUES(1,'event',222);
INSERT INTO line_counts VALUES(1,'ignored',168);
INSERT INTO line_counts VALUES(2,'event',123);
INSERT INTO line_counts VALUES(2,'ignored',16);
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
INSERT INTO counts VALUES(1994955,'mx','postfix','cleanup','none','received',0,'','',0,64);
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
INSERT INTO counts_day VALUES(20780,'mx','postfix','cleanup','none','received',0,'','',0,64);
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
CREATE TABLE domains (
  id   INTEGER PRIMARY KEY,
  name TEXT    NOT NULL UNIQUE
);
INSERT INTO domains VALUES(1,'sink.smtplog.test');
INSERT INTO domains VALUES(2,'rcpt421.smtplog.test');
INSERT INTO domains VALUES(3,'greet554.smtplog.test');
INSERT INTO domains VALUES(4,'greet421.smtplog.test');
INSERT INTO domains VALUES(5,'refused.smtplog.test');
INSERT INTO domains VALUES(6,'silent.smtplog.test');
INSERT INTO domains VALUES(7,'tls.smtplog.test');
INSERT INTO domains VALUES(8,'nowhere.invalid');
INSERT INTO domains VALUES(9,'mx.servfail.smtplog.test');
INSERT INTO domains VALUES(10,'lmtp.smtplog.test');
INSERT INTO domains VALUES(11,'mx.smtplog.test');
INSERT INTO domains VALUES(12,'virtual.smtplog.test');
INSERT INTO domains VALUES(13,'nouser.smtplog.test');
INSERT INTO domains VALUES(14,'retired.smtplog.test');
INSERT INTO domains VALUES(15,'127.0.0.10');
INSERT INTO domains VALUES(16,'127.0.0.66');
INSERT INTO domains VALUES(17,'127.0.0.20');
INSERT INTO domains VALUES(18,'127.0.0.77');
INSERT INTO domains VALUES(19,'127.0.0.30');
INSERT INTO domains VALUES(20,'');
INSERT INTO domains VALUES(21,'example.com');
INSERT INTO domains VALUES(22,'legacy.example.com');
INSERT INTO domains VALUES(23,'blocked.example.net');
INSERT INTO domains VALUES(24,'busy.example.net');
INSERT INTO domains VALUES(25,'refused.example.net');
INSERT INTO domains VALUES(26,'blackhole.example.net');
INSERT INTO domains VALUES(27,'silent.example.net');
INSERT INTO domains VALUES(28,'127.0.0.1');
INSERT INTO domains VALUES(29,'127.0.0.2');
CREATE TABLE problem_kinds (
  id        INTEGER PRIMARY KEY,
  direction TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  entry     TEXT    NOT NULL,
  UNIQUE (direction, outcome, entry)
);
INSERT INTO problem_kinds VALUES(1,'outbound','deferred','gmail-recipient-rate-limit');
INSERT INTO problem_kinds VALUES(2,'outbound','deferred','microsoft-access-denied-try-later');
INSERT INTO problem_kinds VALUES(3,'outbound','deferred','postgrey-greylisted');
INSERT INTO problem_kinds VALUES(4,'outbound','deferred','X.3.0');
INSERT INTO problem_kinds VALUES(5,'outbound','deferred','mimecast-internal-resource-unavailable');
INSERT INTO problem_kinds VALUES(6,'outbound','deferred','gmail-inbox-full');
INSERT INTO problem_kinds VALUES(7,'outbound','deferred','452');
INSERT INTO problem_kinds VALUES(8,'outbound','deferred','yahoo-temporarily-deferred-tss04');
INSERT INTO problem_kinds VALUES(9,'outbound','deferred','milter-greylist-in-action');
INSERT INTO problem_kinds VALUES(10,'outbound','bounced','gmail-no-such-user');
INSERT INTO problem_kinds VALUES(11,'outbound','bounced','gmail-unauthenticated-sender');
INSERT INTO problem_kinds VALUES(12,'outbound','bounced','outlook-sc-policy-rejection');
INSERT INTO problem_kinds VALUES(13,'outbound','bounced','microsoft-queue-expired');
INSERT INTO problem_kinds VALUES(14,'outbound','bounced','551');
INSERT INTO problem_kinds VALUES(15,'outbound','bounced','gmail-size-limit');
INSERT INTO problem_kinds VALUES(16,'outbound','bounced','gmail-domain-not-found');
INSERT INTO problem_kinds VALUES(17,'outbound','bounced','spamhaus-zen-listing');
INSERT INTO problem_kinds VALUES(18,'outbound','bounced','microsoft-banned-sending-ip');
INSERT INTO problem_kinds VALUES(19,'outbound','bounced','yahoo-no-such-account');
INSERT INTO problem_kinds VALUES(20,'outbound','bounced','gmail-likely-unsolicited');
INSERT INTO problem_kinds VALUES(21,'outbound','deferred','spamhaus-zen-listing');
INSERT INTO problem_kinds VALUES(22,'outbound','deferred','outlook-rp-rate-limit');
INSERT INTO problem_kinds VALUES(23,'outbound','deferred','postfix-connection-refused');
INSERT INTO problem_kinds VALUES(24,'local','deferred','postfix-connection-refused');
INSERT INTO problem_kinds VALUES(25,'outbound','deferred','postfix-conversation-timed-out');
INSERT INTO problem_kinds VALUES(26,'outbound','deferred','postfix-tls-required-not-offered');
INSERT INTO problem_kinds VALUES(27,'outbound','bounced','postfix-dns-host-not-found');
INSERT INTO problem_kinds VALUES(28,'outbound','deferred','postfix-dns-temporary-failure');
INSERT INTO problem_kinds VALUES(29,'outbound','bounced','icloud-user-does-not-exist');
INSERT INTO problem_kinds VALUES(30,'outbound','bounced','gmail-inbox-full-inactive');
INSERT INTO problem_kinds VALUES(31,'local','bounced','postfix-local-unknown-user');
INSERT INTO problem_kinds VALUES(32,'local','bounced','X.1.1');
INSERT INTO problem_kinds VALUES(33,'local','bounced','X.1.2');
INSERT INTO problem_kinds VALUES(34,'inbound','rejected','postfix-relay-access-denied');
INSERT INTO problem_kinds VALUES(35,'inbound','rejected','postfix-unknown-local-recipient');
INSERT INTO problem_kinds VALUES(36,'inbound','rejected','postfix-helo-not-fqdn');
INSERT INTO problem_kinds VALUES(37,'inbound','rejected','postfix-helo-invalid');
INSERT INTO problem_kinds VALUES(38,'inbound','rejected','postfix-sender-domain-not-found');
INSERT INTO problem_kinds VALUES(39,'inbound','rejected','X.1.0');
INSERT INTO problem_kinds VALUES(40,'inbound','rejected','postfix-message-size-exceeds-limit');
INSERT INTO problem_kinds VALUES(41,'inbound','rejected','X.7.1');
INSERT INTO problem_kinds VALUES(42,'inbound','reject-warning','X.7.1');
INSERT INTO problem_kinds VALUES(43,'inbound','rejected','postfix-improper-pipelining');
INSERT INTO problem_kinds VALUES(44,'inbound','rejected','X.5.1');
INSERT INTO problem_kinds VALUES(45,'inbound','rejected','postscreen-service-currently-unavailable');
INSERT INTO problem_kinds VALUES(46,'outbound','expired','');
INSERT INTO problem_kinds VALUES(47,'outbound','deferred','gmail-ip-not-allowlisted');
INSERT INTO problem_kinds VALUES(48,'outbound','bounced','icloud-local-policy');
INSERT INTO problem_kinds VALUES(49,'outbound','bounced','yahoo-ip-on-spamhaus');
INSERT INTO problem_kinds VALUES(50,'outbound','deferred','exim-connection-refused');
INSERT INTO problem_kinds VALUES(51,'outbound','deferred','exim-connection-timed-out');
INSERT INTO problem_kinds VALUES(52,'local','bounced','exim-unrouteable-address');
INSERT INTO problem_kinds VALUES(53,'none','frozen','');
INSERT INTO problem_kinds VALUES(54,'inbound','rejected','exim-relay-not-permitted');
INSERT INTO problem_kinds VALUES(55,'inbound','rejected','exim-unrouteable-address');
INSERT INTO problem_kinds VALUES(56,'inbound','rejected','generic-greylisted');
INSERT INTO problem_kinds VALUES(57,'inbound','rejected','550');
INSERT INTO problem_kinds VALUES(58,'inbound','rejected','exim-helo-syntax-invalid');
INSERT INTO problem_kinds VALUES(59,'inbound','rejected','exim-synchronization-error');
INSERT INTO problem_kinds VALUES(60,'inbound','auth-failed','exim-incorrect-authentication-data');
INSERT INTO problem_kinds VALUES(61,'local','deferred','exim-retry-time-not-reached');
INSERT INTO problem_kinds VALUES(62,'outbound','deferred','exim-retry-time-not-reached-any-host');
CREATE TABLE domain_counts (
  day       INTEGER NOT NULL,  -- unix time / 86400
  kind_id   INTEGER NOT NULL,  -- problem_kinds(id)
  domain_id INTEGER NOT NULL,  -- domains(id)
  count     INTEGER NOT NULL,
  PRIMARY KEY (day, kind_id, domain_id)
) WITHOUT ROWID;
INSERT INTO domain_counts VALUES(20780,1,1,2);
INSERT INTO domain_counts VALUES(20780,2,1,1);
INSERT INTO domain_counts VALUES(20780,3,1,1);
INSERT INTO domain_counts VALUES(20780,3,21,1);
INSERT INTO domain_counts VALUES(20780,4,1,1);
INSERT INTO domain_counts VALUES(20780,4,21,4);
INSERT INTO domain_counts VALUES(20780,5,1,1);
INSERT INTO domain_counts VALUES(20780,6,1,1);
INSERT INTO domain_counts VALUES(20780,7,1,1);
INSERT INTO domain_counts VALUES(20780,8,2,1);
INSERT INTO domain_counts VALUES(20780,8,24,2);
INSERT INTO domain_counts VALUES(20780,9,1,1);
INSERT INTO domain_counts VALUES(20780,10,1,1);
INSERT INTO domain_counts VALUES(20780,10,21,4);
INSERT INTO domain_counts VALUES(20780,11,1,1);
INSERT INTO domain_counts VALUES(20780,11,21,1);
INSERT INTO domain_counts VALUES(20780,12,1,1);
INSERT INTO domain_counts VALUES(20780,13,1,1);
INSERT INTO domain_counts VALUES(20780,14,1,1);
INSERT INTO domain_counts VALUES(20780,15,1,1);
INSERT INTO domain_counts VALUES(20780,16,1,1);
INSERT INTO domain_counts VALUES(20780,17,1,1);
INSERT INTO domain_counts VALUES(20780,17,21,1);
INSERT INTO domain_counts VALUES(20780,17,23,1);
INSERT INTO domain_counts VALUES(20780,18,1,1);
INSERT INTO domain_counts VALUES(20780,19,1,1);
INSERT INTO domain_counts VALUES(20780,20,1,1);
INSERT INTO domain_counts VALUES(20780,20,21,2);
INSERT INTO domain_counts VALUES(20780,21,3,1);
INSERT INTO domain_counts VALUES(20780,22,4,1);
INSERT INTO domain_counts VALUES(20780,23,5,1);
INSERT INTO domain_counts VALUES(20780,24,5,1);
INSERT INTO domain_counts VALUES(20780,25,6,1);
INSERT INTO domain_counts VALUES(20780,26,7,1);
INSERT INTO domain_counts VALUES(20780,27,8,1);
INSERT INTO domain_counts VALUES(20780,28,9,1);
INSERT INTO domain_counts VALUES(20780,29,10,1);
INSERT INTO domain_counts VALUES(20780,30,10,1);
INSERT INTO domain_counts VALUES(20780,31,11,1);
INSERT INTO domain_counts VALUES(20780,32,12,1);
INSERT INTO domain_counts VALUES(20780,32,13,1);
INSERT INTO domain_counts VALUES(20780,33,14,1);
INSERT INTO domain_counts VALUES(20780,34,15,1);
INSERT INTO domain_counts VALUES(20780,34,19,1);
INSERT INTO domain_counts VALUES(20780,35,15,1);
INSERT INTO domain_counts VALUES(20780,36,15,1);
INSERT INTO domain_counts VALUES(20780,37,15,1);
INSERT INTO domain_counts VALUES(20780,38,15,1);
INSERT INTO domain_counts VALUES(20780,39,15,1);
INSERT INTO domain_counts VALUES(20780,40,15,1);
INSERT INTO domain_counts VALUES(20780,41,15,2);
INSERT INTO domain_counts VALUES(20780,41,16,1);
INSERT INTO domain_counts VALUES(20780,42,15,1);
INSERT INTO domain_counts VALUES(20780,43,15,1);
INSERT INTO domain_counts VALUES(20780,44,17,1);
INSERT INTO domain_counts VALUES(20780,45,18,1);
INSERT INTO domain_counts VALUES(20780,46,20,2);
INSERT INTO domain_counts VALUES(20780,47,21,2);
INSERT INTO domain_counts VALUES(20780,48,21,1);
INSERT INTO domain_counts VALUES(20780,49,22,1);
INSERT INTO domain_counts VALUES(20780,50,25,2);
INSERT INTO domain_counts VALUES(20780,51,26,2);
INSERT INTO domain_counts VALUES(20780,51,27,2);
INSERT INTO domain_counts VALUES(20780,52,8,1);
INSERT INTO domain_counts VALUES(20780,53,20,1);
INSERT INTO domain_counts VALUES(20780,54,28,1);
INSERT INTO domain_counts VALUES(20780,55,28,1);
INSERT INTO domain_counts VALUES(20780,56,28,1);
INSERT INTO domain_counts VALUES(20780,57,28,3);
INSERT INTO domain_counts VALUES(20780,58,28,1);
INSERT INTO domain_counts VALUES(20780,59,28,1);
INSERT INTO domain_counts VALUES(20780,59,29,1);
INSERT INTO domain_counts VALUES(20780,60,28,1);
INSERT INTO domain_counts VALUES(20780,61,21,4);
INSERT INTO domain_counts VALUES(20780,62,24,1);
INSERT INTO domain_counts VALUES(20780,62,25,1);
INSERT INTO domain_counts VALUES(20780,62,26,1);
INSERT INTO domain_counts VALUES(20780,62,27,1);
CREATE TABLE domain_counts_month (
  month     INTEGER NOT NULL,  -- (year - 1970) * 12 + month - 1, of the UTC date
  kind_id   INTEGER NOT NULL,
  domain_id INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (month, kind_id, domain_id)
) WITHOUT ROWID;
INSERT INTO domain_counts_month VALUES(682,1,1,2);
INSERT INTO domain_counts_month VALUES(682,2,1,1);
INSERT INTO domain_counts_month VALUES(682,3,1,1);
INSERT INTO domain_counts_month VALUES(682,3,21,1);
INSERT INTO domain_counts_month VALUES(682,4,1,1);
INSERT INTO domain_counts_month VALUES(682,4,21,4);
INSERT INTO domain_counts_month VALUES(682,5,1,1);
INSERT INTO domain_counts_month VALUES(682,6,1,1);
INSERT INTO domain_counts_month VALUES(682,7,1,1);
INSERT INTO domain_counts_month VALUES(682,8,2,1);
INSERT INTO domain_counts_month VALUES(682,8,24,2);
INSERT INTO domain_counts_month VALUES(682,9,1,1);
INSERT INTO domain_counts_month VALUES(682,10,1,1);
INSERT INTO domain_counts_month VALUES(682,10,21,4);
INSERT INTO domain_counts_month VALUES(682,11,1,1);
INSERT INTO domain_counts_month VALUES(682,11,21,1);
INSERT INTO domain_counts_month VALUES(682,12,1,1);
INSERT INTO domain_counts_month VALUES(682,13,1,1);
INSERT INTO domain_counts_month VALUES(682,14,1,1);
INSERT INTO domain_counts_month VALUES(682,15,1,1);
INSERT INTO domain_counts_month VALUES(682,16,1,1);
INSERT INTO domain_counts_month VALUES(682,17,1,1);
INSERT INTO domain_counts_month VALUES(682,17,21,1);
INSERT INTO domain_counts_month VALUES(682,17,23,1);
INSERT INTO domain_counts_month VALUES(682,18,1,1);
INSERT INTO domain_counts_month VALUES(682,19,1,1);
INSERT INTO domain_counts_month VALUES(682,20,1,1);
INSERT INTO domain_counts_month VALUES(682,20,21,2);
INSERT INTO domain_counts_month VALUES(682,21,3,1);
INSERT INTO domain_counts_month VALUES(682,22,4,1);
INSERT INTO domain_counts_month VALUES(682,23,5,1);
INSERT INTO domain_counts_month VALUES(682,24,5,1);
INSERT INTO domain_counts_month VALUES(682,25,6,1);
INSERT INTO domain_counts_month VALUES(682,26,7,1);
INSERT INTO domain_counts_month VALUES(682,27,8,1);
INSERT INTO domain_counts_month VALUES(682,28,9,1);
INSERT INTO domain_counts_month VALUES(682,29,10,1);
INSERT INTO domain_counts_month VALUES(682,30,10,1);
INSERT INTO domain_counts_month VALUES(682,31,11,1);
INSERT INTO domain_counts_month VALUES(682,32,12,1);
INSERT INTO domain_counts_month VALUES(682,32,13,1);
INSERT INTO domain_counts_month VALUES(682,33,14,1);
INSERT INTO domain_counts_month VALUES(682,34,15,1);
INSERT INTO domain_counts_month VALUES(682,34,19,1);
INSERT INTO domain_counts_month VALUES(682,35,15,1);
INSERT INTO domain_counts_month VALUES(682,36,15,1);
INSERT INTO domain_counts_month VALUES(682,37,15,1);
INSERT INTO domain_counts_month VALUES(682,38,15,1);
INSERT INTO domain_counts_month VALUES(682,39,15,1);
INSERT INTO domain_counts_month VALUES(682,40,15,1);
INSERT INTO domain_counts_month VALUES(682,41,15,2);
INSERT INTO domain_counts_month VALUES(682,41,16,1);
INSERT INTO domain_counts_month VALUES(682,42,15,1);
INSERT INTO domain_counts_month VALUES(682,43,15,1);
INSERT INTO domain_counts_month VALUES(682,44,17,1);
INSERT INTO domain_counts_month VALUES(682,45,18,1);
INSERT INTO domain_counts_month VALUES(682,46,20,2);
INSERT INTO domain_counts_month VALUES(682,47,21,2);
INSERT INTO domain_counts_month VALUES(682,48,21,1);
INSERT INTO domain_counts_month VALUES(682,49,22,1);
INSERT INTO domain_counts_month VALUES(682,50,25,2);
INSERT INTO domain_counts_month VALUES(682,51,26,2);
INSERT INTO domain_counts_month VALUES(682,51,27,2);
INSERT INTO domain_counts_month VALUES(682,52,8,1);
INSERT INTO domain_counts_month VALUES(682,53,20,1);
INSERT INTO domain_counts_month VALUES(682,54,28,1);
INSERT INTO domain_counts_month VALUES(682,55,28,1);
INSERT INTO domain_counts_month VALUES(682,56,28,1);
INSERT INTO domain_counts_month VALUES(682,57,28,3);
INSERT INTO domain_counts_month VALUES(682,58,28,1);
INSERT INTO domain_counts_month VALUES(682,59,28,1);
INSERT INTO domain_counts_month VALUES(682,59,29,1);
INSERT INTO domain_counts_month VALUES(682,60,28,1);
INSERT INTO domain_counts_month VALUES(682,61,21,4);
INSERT INTO domain_counts_month VALUES(682,62,24,1);
INSERT INTO domain_counts_month VALUES(682,62,25,1);
INSERT INTO domain_counts_month VALUES(682,62,26,1);
INSERT INTO domain_counts_month VALUES(682,62,27,1);
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
INSERT INTO event_blocks VALUES(1,1,0,1795460326,1795460365,52,X'0002099c9a5b02950400cea060423de97a506bb8e5829d6995e3df4f357b4390b4b0cefda46a1b0a9a69a708c1a10434da0800883a20fc6b226add03631c38418203fc10981c01b020d27041835071b87a039c1534e49703c310b259db236099284508844a0820f2e09c04022c9219e9513ae2e54f24f0393833805c183011095027d0108471592089b9897023903800ab2c0523088c0402264ef5a52b64026a245d261a4641446082ac138470a735741abd24058708462a14a43371747697350404',X'28b52ffd60b43cbd97004adfb42a50d0d46cdba8169d148b42799234195d58463c0d4a1c0506a2c5030001bff731b045567ba54792ff9f2b8f0ec99d09f474b49e42f81876944668bf7513192dbd8c597184417f6a01fc9dc16218c5a04f02cd027a02810246a8f014044c1820321a78784c981b322e28141306891520138a09d344a60585c0864922d382ead8302da438c1b590219301d531616c1001832632175029260c0a2a16b0a03a264c0e2a154c1d1306898c53054c98185450407d60303de89099802a60c2ac9091803260a288e8443061262a86cc0a4a808932210301f531617c007960f2983042641ca03c26cc13990652787430330cc000e5316174c83040a1983a62005960f2c05041640ea03ea68e214014983e26ca884c02d4c7d411440601ea63a27e003960fa983a6ac818407d4cd41220054c1f13954226437d4c182640544c1f5387121902a88fa983069001a68fa96387cc07e531512c6404a03c268a099000268f895241050094c74415019262f298281c3228288f897221e3416526ea884c07e5315142805093c7d4c1c3845101430b32f490825a62dfcff99bd5cfda925f57f73f4fbd35f64022cc60082846b7de6adfab5e95dfc3d9eb6a841b0c0185a6fff3e57f24b5fe8e8555ad6cb955814b7388b07dd2021494a4fdbce28a30c210505c177c59ee575939b1fd96baa7bcb57a60ebfaf2fa31ade887edac107cfe6c95a2aa24c1d69854e94be9e7178930fd5cbf1c9f2b6db7ef0f57f4bbbaa5cedf32017dfd893e57f7e259bd54d1d6d883c0cb0bd0df75568bf5fdaa927d966a1dd8f7c373ca05bc5a8d6ebd5786568c6eddbadaea7e0995fe24a9939e5680de0f8baa8d6f75abec3065a084aa639675d0cfd57bf9eabfff7234f0247cae4ab35aec5553572c18dbfde115f9e97d5dd1df72d67d9fb43f79bf08f2ebaf22cd4f57f8227071dd5356b756f9b7addd0398a5f5aee8e7fca2a755c9d62c33f6badf15c62459f22bc33aacfd44d50b0edd6ac0db90b455b6c8fb553ff387f5e7caca9b7fdf5a6d2de777b5cbc0821b18020afa5b575bfa3caa4a9f475b632f81fc5bdaaa947745bfdea795d63fa7acb6086b9c67ed2ad8b5abb6fa2d73b5ef57afcecf95adb21b41a0014605d547b7c68869d646bb29b7a41c0dcbe216f5533cab792bccbfb5ecf48b08b30c6a11625eb9deb74aeb757866ecdf7d16b738fd3ddf7bf9fb7db4c359e47a86af60160a4a8a8a5bd7b6d9589b4dbcb0edcd4c625d5ab669a0eeb72e69dff7ebac22d1a76f75ee3e8bdcbef1bdaeabb36131764cb24cb332affb14b9f1f741fe961a23de061a5b65f77684f108ee8c3defd31a0da7f7fc5ce94fe969ff91cc786b1761df1f765ddd758bebbae0c5b1ae0bb40175369398611674b44dac4a6a9868f4c4149676bd5fd7e1a9d170ba722fd9ea1ec38a98e7da7cb4ac33ba55eb9f387b7eab679cf3bb73f477c621e94e7febff72fc0df7b8d15c116eb44d3bd94a38b6db24f8d2693cfb240d69c29d9fa5be0b696af8af3d843e07ced177ad3f532afd86736ec14bdb4a9f471667c362f4682671b3b9b036580441f138dc649a7665233406cbad3236d0b0dc6a5d449a0e4f08f148a3e1bcbd498eb7e35197b1e856ff8c3bcff8c4e1ad7224bd94b7e721ee718f96266a966565708358154b389febf2b87041afec3a3cbd468aa7d828b951b2de67bf15c4bddde991570ee9e76fa9f6a97fc8adad2e215b92b66ff978fbdb90745db78b6238fcae6e77e95bbae70f979cded79ffdb57c6bc361c9b2ccfae5708cb7db2a3b1fddda527f7e765d7d4fb92f9e8eb78f6e2de5ed9fa57fb8e4f9f5e74f4a71b732cc395aa576df1a93407c447f5b6eed212357530fc92c68692ccd15a1a5e958d01ad1d0a21e925dd9c5ada84468410b6e571cf110185bff86236cbddd69c872ab2689f082586565581619c1db396cdbb0182deda403726ee5bab41855bcdd69cd4be71ac671328e137d73790ba6b1628315d384a15ec09c90c150014c5d66f2500083099edfcb1f26797ecf77c8af9ca52b3b77c1a407c1e177586b27d1c60d8f17666dd7f6e1744e3edf39dece62e576bc5dbbb02cdbff7944f2927d409ecf8603d7282067b1dfe7f3ae5d95f15bdec0b13d046fefa4a75d843b393ffa2cd6c5b93e96a7c423c24eefc71c23886dae2877e795af582aee02a4c3134aff1649f2dde2eac79452e74a58866599dc925e9f0d8b11949960719b51e3c689cb88e1999199e88bab0bb6168b66158930d495b4ad6cc1dd67cf8e531cda88e1ae599aa5c10d63c1271f2bfb681aaf6a4af9bf1c1a17179717a38c21bc5fc2e7f46d89bf40f188752c2ccb3e1eed63622292df9ef7f3b067ec219ae29adff310fd53febeefbbc5a5957efeb43f8bec9c5ee9217a74abb5ef692f5de9198b9cde2a7a10fcdac4edda7c4eb0986599fe5bedd3fa8d5cbeb638dea02fa1a2bcc81955d716ed5f42d5ba05074e5f04f70b831b0c6e60565d9b07746125f45b704712b32c8b7829ef171b5f8f5adc38317e2ecc5f8020080708c707ced92006b12a7a2e4f076a0b5e3c2de1e8d68d3149e7dd522db455761a0d97459f1d6b2bfdcae91f16c17afeb05f968c5df65fcff5493b4bcf7fdeaa3d3fad2d387beefbef6bdf2deee7770929d9dff27e3b63d1c5e12eb2789295cca830cb12c1f301f1685955094a96651b8f8565717371b540bb62e468f2bbe82b7d460c0f4c3c633fb181e2f949bbbe93767571c7dbb5b5d23507eed075f5d79f9c1f72fa2c13db90dfff906b49d29594e29576c10dbb36ed829bed409d124ec6c9af7190e68782696c79b37c190e75294bad7ffebd1a7ba5ed198b740b96f9a459bd0d7d987a296fdff8ba7e4c9d3425fd9ab77fb8f46e65d9bc1f0e699c08b3cacab25cb29944ebf2a4784c58a60cf97778de98052d4d67b3b9f9db9f3d64662c726e25d3b21855f2a8cb31ca187a787bd28e32b638cb4942efd72c12d97462bca20abdb86a5dbbd077f9053799c5e964dccab6956c961f121262f1c41b671b1e61b66dd1cab815ebb2aea8e222ecaf3f8f21b734710e8627c56322e2d6c6ca9cc33a251ed0adfe5a6692777f5f3cb9152b7af249d34340a841c345c0f1716ecf2721f4a1787e2a9f9471322cc613eb64e338b7c289df956fe7aef49b57d6eae1e9a35b3fe4ba86ec4abf6f46a59f1cdd7ab37419a174a5d7e149abde1f76fa242fb6aeb63a076345d3348dfe4b15b9de1a9346226ec168c2e5ef3ae96911e7c01803db2741486528feac5676f2d2afa26ae597a32a59fb899cfe5fe7e863fb1d3807636b968c5d44fc8219cc1cb3de86e4f65b3dbffe44e01419c1f6496e2365060a68046f9c3d87d1e14912c2219191172569ffc2b75e275ffeb57d92bff83bac45562c8eab41c3b915cbb2aea842b7f7734acf3fbad83abe322bd7fd99e405c3381fcbb9154ea713fdc55f7088db9fb73fec250e3dbf7eaf7af9f5872fc94ba6611dcfe6dccad5e9c4a8f25ef558449212c5a16c83613166271b4c736e45cb3adfceb585050be7464848f3d3f89a9c6cb018375967cb9c5be96c5b8c2a5b97df865f5975711dcbdb9d2519e13231f97c30e75622d6b12121ccd8400c62b64a514b7e0d5f3a90c986736d9cf38cbc57da3ef29dbc3feb779286c3efe4f58c7d6bdc0106b38d053f3fc9055f92174f0908143d2ebc1472e9e2fb0b7908459191b25d1b6d37c98b5672e289a35b3dbf9575d75bfd49db56920bbd369a0b6e46f67d5b752cb12c8be3dc8ac6e138479fdef7f4a7b18d15027db20e08e4dc8ab5716254b1b88e0bbfb89638d7b9b28bc3db314e8c7ff125919f4f06f2581aa724698359a8f2a296834e2183686444469224e92209128402591e26daf201124040a128ca621053c818430831869011119111094444245263c022c10d472dfc265c2594ab556fb5b82de745d237cf1741ddaf3ca141c62c6d307cb37ac0e79cc99da9eb62773b19c35aa839da3077cc473402f38f3056b454c3b371d59e4d26b3e9709ebdd58863ff67549e3eb6770993e70ae5d215db0451a1d921b811d508a8d479b858c82b2c62a53f4291c5b531d057ef0902cf466ace0717b94ec1bf89426b58279514c61872037b7508ebca0adb29aa9e34e267eeb9db2b6baf0e7881a4a3eedb2fcf168820061dc141de35eb2a668c74e818413a1f975ea0ac07a66d3f0e128c69facd7a520739bbbb344fafa94d334d67be5f61f9b5a21020fedc2543964c61672fcdbd54a253219dba975650a3577a485b3445329b9d656799a2b9f70a325a3efabbec642f99c1d83f60b66a8afefb36eea907d8cb487861a08a5c4d3e2a2b3876a11f0f67ca28324519753b73979c688b2017deb9abef6306d367ef960cbac0c3a4092b4397f006d64515b7f49260684a8f9f519e32e0ec671fecc8c7e5150663ea0856f7055728575f552a40afab42891770cc398d061abbfb70f0f00c0e2ab8c83b3a75f24654cc8712d3b8ff1f81893118e88c71c81e3d0e50e0c8b6f7b7e8cb8f6f163365ece1c70ca34d5d7d4cc86c8f4305c55d2d181448846e702a9e1fb6805ef31be9189dc7908c76ce471cdc0e49715f45b1a3ca5c9d635ad7b5f104b6c854e4afc368788dd716d4f2758762b2956ba6eed191ebb38dc6e1ea11802a31880b7a82ea8e0202c0d84b2ffe84617a88f93f5eac838da0117c40f793f8f35f12aff95255b386a5f00113f423c06a9536bbd2c1c3a5cb4e9b0d6f3413ca8a15f57e23a6a95fce99c8e7556febd2dc06ce8840e7241e6e8625af2d7d5e34599c6b8d73fc2734e4cfb00fcbc16b0f0655907c11027fad2962aaf446fe91f12bf851aa06d2157edfcddc101a6aaa8cc2de4342463ba5728786d3a9d9b52a475a3dc454c048980786c25a4a373a460b66b1542f3c5ccaf2d7f49302c4ffd10d219543c3a036f371b5edf2aea9b38e759f033b595eac65dd87586e990410377fe3c72ae806cc59e5e9c222f6614bf28418a07be0b6a431f1b74339d3a03067fc70321e33d24191909692c915ebc58f81790fd70f09afbf07ffcac8ac6940c709c6ae3ad6f185342e70beaaccf001f9edf147bad3ccd458a48d29be2b49de359ff482508276fadde6c84b1bf132a4db43474a6e931210876cdce11e3d422739fbe085ff925636124f54fb8ad94afa3dc3c5022d3a83441c7b98b5b52938498096dc7ddb1cc422456b18163d75cecd4ea5b67d188a526a0826e7957826e06537a4e1a5678e14f706fc6a35ba3dd5bdfd9a9eb20184c0c9f55304a0359671c5281e014a635b13ee39d19d63b38e2f1f72a3eb5ce3dcf40b3c28b89fcbc152762930f1f1e281ce04ef61734ec0c26020650bf8dd1db08c87032796d0d0b7ad2bfbb078ff9a88ed1e73dd8a6389cf997376d3f5e1622cf481785f9fae081c519bf848c9f6cea47b27ba46123fe4af7c6b1f47e0579c03b5d38d38ab0c9a0e787cf30b497d47cbde530281481576b4240e45828bb538863bb0229b10642d0b9c6e65d835337ca6f19a4d2e7859ee7c4a6f1a8021a95d555c73671a04cb6ac492e5b786b235b6a08c3fa0acd7189726a462c964a3f522591d0a6c6302c0e3f9819aa0faf46d6e9c216fdc943144d8542168fbcd36708afc041ce812d65423bc08ded74d3df1831ebea069489c818011ec7a87a8570ccc84a0607384e85237170c373b7d4bb88c0b53b17727c4b98169488c7f67f5fbda667681c4179f9af3b83cbc00f15618e1ba309680070006325911ca30ce406615bc3965338f5c240c56ecb00619a48fe872e244c520455910d7535576573dfcb6458afc13fbb3e7df5821914309dcf0271783c83842d08535e485f5405a1c43e65a023f1d98c94d9edc9319fec8b736a355b723608edf9add73e05a2ebc7f785ca45953de4660e42511ad8448acc23103ecbf3f0a16b7a5044047a41358e204920ae781da3b4c8ff3bd2474a9d3ed9583f51cd0f3c4b5cc4923e83932608864acf84d351cc9e6db0929de2a6c804020d236bb456f9e7b20fb3097e99efc1823120658c460ba2d95dc176dd1760780054494b3f6b2ebab9d60611c604e3a98376e5dbf59fb9f8cf3c48973a28f48caa30e0388857552a5f4f7101d0870c74468dddb167bfc563b408d7524154960a6fd71af0624965c624990a0500364290ab0a68dd07d31914514ace03bcac142eeba181acd2098187b2592d27dc8501a40a58898c97c337dec66427b89ac426e6773903853778c9a0dd21d7619cf4b48e2dac90d8a31ce4afb0e4a00ed92f869d0148244a980372bbc4e3d15d4aef0f3a87fb4e0ada652b990a54d05d6d39b2680d48faa6a426cb2774afb27cdb52dc66ba88aa2c15f05f8573cdb6bb9c6b5c5a6fb68a5bc91051d6b75b4d203edeac280216b5b6812541760bf7f48921b797d24c94625aac8531c1e47fd99221dbb104deb930a4817e28c88e21492fbf0a9314302362b970d1c7a32146c0843854049406294f93a531f450b2c4e88da2508ce297c23ea9812c2b05e28d40cc3a09cdfe26624d62d5ffc1db405e59529ac99af930ebbc8df693c55ad3445340164da04aa3c205a882e629a55470e9a16c65aedbf9a7478358231d460c119cc7e901111e35d544eec74a07a6aa6b5af0b10c9780f2b76640d2bbdc8498174725f0003cea2d0240801197cc80fd7cc719796665c583a52cfdbe0100b04e3b73161859f4aad640c1efb11c70e81f4c37fc0798a256ce0d7ab5bbfd90148fb1e822d2dd68b14811479dc56424981977075581742a489e5f81b0c224b6cae4ec8055e42bb3b2d0a30823ef5d1661fa73a2ac3a983206000b702');
INSERT INTO event_blocks VALUES(2,2,0,1795459542,1795459571,46,X'0002e88f7a059a119373e3205052ad803a81d7ac558ad04b4f8bb5f45498679eee9d90a4aab10a26ee0689290cc2401ad815458127b0a15a76964f00719bb0e398256db714240322e62113a03e830e096891050cb444d044498201008a194021a0b0f8fc39b0f2a5abe1d723119649c38041022916126c0c70132fd14130540acc04',X'28b52ffd608b1fdd5200da8ae81a4fd08e6adb005f1c805f3d0c2d1ed05f1ee25000a88723c10611bab49b0dc316596e910e4fa859b6b892fc01a913a5124602b68a772f16ac51edfba9c9789b55dc883afd76c6c0cc7334c502a3519301a70199019001d3854904119b38c5a983cd06638a93051c1ce2141f18a00335c511011ce214f1860335c56983cd00d4d4b1d142234e7166230085217e5820c6696a612261834165c4111e1a918a53099b0d193451a6c3860c9a485d43d4444a850f01440cd305d3079b0b54c6875a61018c3885a6107c8a1822c5c206002a4363c22492214e5193c2870c3123521c6c30501951638167c48c487df0e142ccf8682ad860501951738163442a5218b82652911a61435154a434889306091e801082060a85ad7127c33ba502db77747e7eaf6e19e6fdd980b9e7262fae72d3cf19d35b3f32cef9e78b7a71eee80d75015bb553e6563933f70db5c4f63bcbe3d1d09aff3eb7d97eefeae5ffc2693f6bfd79dba67c3b9abf419c2fe86183586eefd5edb1bd06499fe5c575d3bf1753e9d5992720b3b4de72fb9c9ff49b0c6dcd33e3cffbedf262f955897137438eed77a5d5627d4119da8fa936a4d5e24fda49b1951b882dad1bf9b7fb5a6ebf27adfb7eb7c179c103b85bb7ae56de7f2135383b6f7e9a23bf066547412df1dd94b0b5536e7ce557a5add3e33c6cbf75b5e1674e869fb9adf1b761559d2a820b1d151535867e47e5db1188370ff3f6d7f32d8b575bd799d78f3777bc7dfb9ab78338f43dbbedfb8298d2f9fe9dc8ddf2785c33b9aaabf248cbe3c92e22e2299854f9b6a739975e3977abc6967a885ba787374cf2adabfd5dbb92dfea1b5f675171bfb0cc351318ab1aa9327961597610c84f2e7962bddd555cc69ccf7ec7e968b5f3c7d42f7554571c8ef6edddf9bff61028e853f0d97ddfaf5fa5dfe2568555995be167ceb224c9ee70b76afd14e7cf6f756dfb9df168faf4edb77ed0c5b7b85575aacc2f4fe69a4989b642e42216132d9e7f93a6e797c9afddd6e9b97b3893dc59442b2eaebd4ce05765555635825da0140fc93209e2f949bff9b73d0df31b7b9f41228fa173f4616c617e63ef33a8c53d4cabb79f37679e845575aa4c5e9e2c3b08e417263b281fcbb2a4c6248060e6722cd33c994672790793d7253f9885c5c9840e1b325011dc6cc8a0beb8a12152d40a7123804885a6133ca638511cc40d4dd484a611361385a13165e0a1234e1a93061e1d71d2982cf08e38c569038f8e38917cf0e088138907e78813c98607479c62041b0eea42dc1c1b317a7a7ac4d6d5ba06e1e2b7baaefed510dbefef299dfe236b6bc9b5097fb9b050031d1159e7db9e167915d2c9bd25f117bf87b58b88b875499494d2c7a3b70aa27041f1180b36e019c45efa2a83b2ab5743bf670b8bed21f0f67d5fbb373fed24ec4d0a6e9f1d8bbc72d7f505b3b20b8422818a8b9b7019d7e995682b2b5a4e7848a5c48a6f7fabfdaf7e590c761111ef3069a58c74aeccc244291c0dcafb9c6f565d65f0f607377f6e6afd2bfe4262ada44ce09767302797ec50c8782eae097cb0eb22e1e42fe93b7d4545c58967ec27585c3c7fb7eb7bb76bc91d6fd7d64ed79f2be8e2330aff60d5f617745dfd3538e98feeffc8f5ec74ed44ee1a09fb76ff83552373cfcd45443cc4240be7ab9c303fe882532a9546701957d5fd17a06f1f43b11df9d6b8b3267cc4dbd1b475cacc0bfad32a93dfc53d1ba93c321b5d3243e1b785b49e8b88b80a4bfe0930cbaf59741474c10e803e0638b64e8fe3615abde530e6aa9df1f7819ac3d1f49efe197b7ef3fc9057fae9fcb487796afdf4ef053d63d7f80bb7674cd220b27fb79dbb0157e70a3508109e3129bc33f3c8eddfabdbc3bc318f04711067f730bd30d9d121a0adc2ecd720ee2aeee9785cdbded649f28c619e563b4bb415a20fd0c7c7f6baeefc32db9c25e76ed52ec6da31de7be6efc76d915bd83cff03e42f1828450be16eddff99e36edd75967c83b8dbb5b4c1ef561077b798e28df387856cfa148c400da2a7564254e224e69214ac9440e0bd7961b639722d4483ecfb1ec8e5e91e5a3b69ddd435cbd23e5be34eff9e17ebfc9f57399aaf08a1a478c6be229482c2655ccd78a1aeae99e4f7bcf9691231161c9588c8bfa7f55b27373f12132ee30d8ff075cde4b57d125eddb4ca949890d8eed74c2a019df0972b848280527c2424cc2f53ed6f207ee2fe0b9c49d992a1d0a7e32c5cab3e7f57c237a4c2b341fc5edd1ecfbe6fab062f59535c9d0d62b7dee22e864e3b8ab1e44a8af0f2b816725dd7874995abf278aacf55652e5def5ba7fd3c4c3dbf063d637f0fb458c6bf99bfa0bbce2c1717d10423232116886b7004023977c9931476d65d6ffd7cf6df082ce942656664fb99eac1ac60f2f56f984a7a6b957f07816ea801a932481933432222224993b4069184c418e5a484dc011260f0919a4541a50c224444444444029148448244499a362067a16031b4bd4ab3b04b20c58a198999dd366a4cae33d6aeee9bcdb3314fb2a6aec0b0d634340e8d055e0d2dbe70123416125228d08287c0b100e441bb1b8b7f7d487eecbe8c93baf123571918281cc73531c191d515b78ee88ad840d2ce928efd8ed67024908411960ebb53b87a06110c10bc352e98d554c2202612b6cd1fc265b68d9b1b3e226d6de2f0c0c17e60222e4f56444781ff0646169884e6d600864922b66a9422aaf72948457e0ff853b8bd741c81fb0d431f2882cadc5de191a689ed30c719d3666f4ec8099a78b988228633f3eec32d6448ad18b9e192f14c86952ce0185d25b3ed5a87681403c06c75c9a7e7ee912459c089933a09f3d927b112db01823e46a50c5dedc68c9a346169377ddff10a7d11373c3bc103965efab2a4679d31d0c8db38c54cd5bcb47028593543449b42dd403364c60090da5e32b593971f305ebf1dab894eef88b6539bcdb4d2cd9a95c88e44c7cdcaa410b735b8c391b1b31fa002c4b818e3eeaa5937a36d659da7af94b1eb38a56bcdbd256a410068e7571276187a27ae095fb82d73f0c11651b98aaa098d27478b6242ca33e1b0dffcfb9bb847c6d5f4c2ab068b11185b9cb2eb22bf76083eb2679b24656d1cd72d6e9fcd6a664acf2774aaceb321042c053eeee21525684f57b6d0a9158ea5924ba54104d4c07fee50db051776419db2146a4ae115c554c8a1237cc116143b60d3ad5ff5257d608288ce7238ff7b0b3b5823493a026afbfce09ac669ced81955e41b82a2c40b89c7be16075e466ce48fb1fe1b3679e17b4ea387a3214bb8aebc883f8c012cbd9280e12267c4d3c291d19cdde1c886e999540bd28e647c71325c8ddf7b5f26b7250cf0cce35045d2cd4c215570408fadc9816fb62843ce54f070a24c2776d3fd43a302ec33e78a2ea3db5f1bc0d0ebae6f40892182cd405238c86ce815af0d3fabe5d42430c0f87b8a02acd4f41de36361786b3f10e2b90d09a3151349a9401411d74639ac4bcc3490082deba81626030a0b5bdd003987eeb7a2d4eb8880fc216f53896364e6d566562e3a0ca2208fb4e85d58817913bbfa731b8a6a0ce22288c0cb185ea73b3148f6327dac9ded8344c467ce17b8f15158c82f81fb5b000414fd8d66619eb326a5047d22964494fb62d171d798547ff5c7b618d29c83783e44ce1ec2c37dd22b77c045248679203d36faecb87086dbada5aa8b7f2d92a006f06c5003');
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
INSERT INTO examples VALUES('','outbound',1795460365,'Nov 23 18:59:25 mx postfix/qmgr[11565]: E9F60114774: from=<alice@mx.smtplog.test>, status=expired, returned to sender');
INSERT INTO examples VALUES('452','',1795460330,'Nov 23 18:58:50 mx postfix/smtp[11622]: 655D9114792: to=<r452@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.02/0/0/0.05, dsn=4.0.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 Requested action not taken: insufficient system storage (in reply to RCPT TO command))');
INSERT INTO examples VALUES('550','',1795459560,'2026-11-23 18:46:00 1xVZ3A-0006Mj-1k H=(client.example) [127.0.0.1] F=<friend@client.example> rejected after DATA: Message rejected as spam (subject)');
INSERT INTO examples VALUES('551','',1795460334,'Nov 23 18:58:54 mx postfix/smtp[11622]: 2B1181147A7: to=<r551@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.03/0/0/0.06, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 551 User not local; please try <r551@moved.smtplog.test> (in reply to RCPT TO command))');
INSERT INTO examples VALUES('X.1.0','',1795460353,'Nov 23 18:59:13 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 550 5.1.0 <ghost@mx.smtplog.test>: Sender address rejected: User unknown in local recipient table; from=<ghost@mx.smtplog.test> to=<alice@mx.smtplog.test> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('X.1.1','',1795460349,'Nov 23 18:59:09 mx postfix/pipe[11992]: 7A9D9114465: to=<x@nouser.smtplog.test>, relay=pipenouser, delay=0.04, delays=0.01/0.02/0/0.01, dsn=5.1.1, status=bounced (user unknown. Command output: mailbox x does not exist )');
INSERT INTO examples VALUES('X.1.2','',1795460350,'Nov 23 18:59:10 mx postfix/error[11998]: 0B84F114492: to=<x@retired.smtplog.test>, relay=none, delay=0.05, delays=0.01/0.04/0/0, dsn=5.1.2, status=bounced (This domain no longer accepts mail)');
INSERT INTO examples VALUES('X.3.0','',1795460328,'Nov 23 18:58:48 mx postfix/smtp[11622]: C7F67114786: to=<r451-4.3.0@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.02/0/0.02/0.06, dsn=4.3.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.3.0 Requested action aborted: local error in processing (in reply to RCPT TO command))');
INSERT INTO examples VALUES('X.5.1','',1795460357,'Nov 23 18:59:17 mx postfix/postscreen[12070]: NOQUEUE: reject: RCPT from [127.0.0.20]:50177: 550 5.5.1 Protocol error; from=<bob@example.com>, to=<alice@mx.smtplog.test>, proto=ESMTP, helo=<early.example.com>');
INSERT INTO examples VALUES('X.7.1','',1795460356,'Nov 23 18:59:16 mx postfix/cleanup[11618]: 87F0F114585: reject: header Subject: BUY NOW, cheap from unknown[127.0.0.10]; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=ESMTP helo=<client.example.com>: 5.7.1 Message content rejected: spam phrase in Subject');
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
INSERT INTO examples VALUES('gmail-domain-not-found','',1795460335,'Nov 23 18:58:55 mx postfix/smtp[11622]: 5514F1147AB: to=<r553-5.1.2@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.01/0/0.01/0.05, dsn=5.1.2, status=bounced (host 127.0.0.1[127.0.0.1] said: 553 5.1.2 We weren''t able to find the recipient domain. Please check for any spelling errors, and make sure you didn''t enter any spaces, periods, or other punctuation after the recipient''s email address. - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-inbox-full','',1795460329,'Nov 23 18:58:49 mx postfix/smtp[11622]: D79E311478E: to=<r452-4.2.2@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.02/0/0.01/0.05, dsn=4.2.2, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 4.2.2 The recipient''s inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-inbox-full-inactive','',1795460346,'Nov 23 18:59:06 mx postfix/lmtp[11941]: 4BBDE1147D2: to=<data552-5.2.2@lmtp.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.09, delays=0.04/0/0/0.05, dsn=5.2.2, status=bounced (host 127.0.0.1[127.0.0.1] said: 552 5.2.2 The recipient''s inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm - gsmtp (in reply to end of DATA command))');
INSERT INTO examples VALUES('gmail-ip-not-allowlisted','',1795459564,'2026-11-23 18:46:04 1xVZ2t-0006ED-1D == r421-4.7.0_gmail@example.com R=remote_loopback T=remote_smtp defer (-44) H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after RCPT TO:<r421-4.7.0_gmail@example.com>: 421 4.7.0 IP not in whitelist for RCPT domain, closing connection. - gsmtp');
INSERT INTO examples VALUES('gmail-likely-unsolicited','',1795460337,'Nov 23 18:58:57 mx postfix/smtp[11622]: ACA091147B2: to=<data550-5.7.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.01/0/0.02/0.05, dsn=5.7.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.7.1 [127.0.0.1] This message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. - gsmtp (in reply to end of DATA command))');
INSERT INTO examples VALUES('gmail-no-such-user','',1795460332,'Nov 23 18:58:52 mx postfix/smtp[11622]: 01D7611479C: to=<r550-5.1.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.01/0/0/0.06, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient''s email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-recipient-rate-limit','',1795460365,'Nov 23 18:59:25 mx postfix/smtp[11622]: E9F60114774: to=<r450-4.2.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=39, delays=39/0/0/0.04, dsn=4.2.1, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. If the user is able to receive mail at that time, your message will be delivered. - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-size-limit','',1795460334,'Nov 23 18:58:54 mx postfix/smtp[11622]: C42E61147A7: to=<r552-5.3.4@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.02/0/0.01/0.05, dsn=5.3.4, status=bounced (host 127.0.0.1[127.0.0.1] said: 552 5.3.4 Your message exceeded Google''s message size limits. Please visit https://support.google.com/mail/?p=MaxSizeError to view our size guidelines. - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('gmail-unauthenticated-sender','',1795460332,'Nov 23 18:58:52 mx postfix/smtp[11622]: 858C811479E: to=<ml550-5.7.26@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.02/0/0/0.04, dsn=5.7.26, status=bounced (host 127.0.0.1[127.0.0.1] said: 550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26  https://support.google.com/mail/answer/81126#authentication - gsmtp (in reply to RCPT TO command))');
INSERT INTO examples VALUES('icloud-local-policy','',1795459545,'2026-11-23 18:45:45 1xVZ2v-0006Gh-1D ** data554-5.7.1_icloud@example.com R=remote_loopback T=remote_smtp H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after end of data: 554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137');
INSERT INTO examples VALUES('icloud-user-does-not-exist','',1795460346,'Nov 23 18:59:06 mx postfix/lmtp[11941]: 4BBDE1147D2: to=<r550-5.1.1_icloud@lmtp.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.09, delays=0.04/0/0/0.05, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <r550-5.1.1_icloud@lmtp.smtplog.test>: user does not exist (in reply to RCPT TO command))');
INSERT INTO examples VALUES('microsoft-access-denied-try-later','',1795460326,'Nov 23 18:58:46 mx postfix/smtp[11622]: A22B811477C: to=<r451-4.7.500@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.06, delays=0.01/0/0/0.05, dsn=4.7.500, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.7.500 Access denied, please try again later. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. AS(1430) (in reply to RCPT TO command))');
INSERT INTO examples VALUES('microsoft-banned-sending-ip','',1795460336,'Nov 23 18:58:56 mx postfix/smtp[11622]: 6B50B1147AF: to=<ok@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.04, delays=0.04/0/0/0, dsn=5.7.606, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.7.606 Access denied, banned sending IP [127.0.0.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) (in reply to MAIL FROM command))');
INSERT INTO examples VALUES('microsoft-queue-expired','',1795460333,'Nov 23 18:58:53 mx postfix/smtp[11622]: 9A2A11147A3: to=<r550-4.4.7@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.03/0/0/0.04, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 4.4.7 QUEUE.Expired; message expired (in reply to RCPT TO command))');
INSERT INTO examples VALUES('milter-greylist-in-action','',1795460331,'Nov 23 18:58:51 mx postfix/smtp[11622]: 71546114798: to=<datacmd451-4.7.1@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.06, delays=0.01/0/0/0.04, dsn=4.7.1, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.7.1 Greylisting in action, please come back later (in reply to DATA command))');
INSERT INTO examples VALUES('mimecast-internal-resource-unavailable','',1795460329,'Nov 23 18:58:49 mx postfix/smtp[11622]: 56B3211478A: to=<r451@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.04/0/0.01/0.05, dsn=4.0.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 (in reply to RCPT TO command))');
INSERT INTO examples VALUES('outlook-rp-rate-limit','',1795460338,'Nov 23 18:58:58 mx postfix/smtp[11622]: BF9821147B7: to=<x@greet421.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2527, delay=0.03, delays=0.03/0/0/0, dsn=4.0.0, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 421 RP-001 (BAY004-MC1F6) Unfortunately, some messages from 127.0.0.1 weren''t sent. Please try again. We have limits for how many messages can be sent per hour and per day. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.)');
INSERT INTO examples VALUES('outlook-sc-policy-rejection','',1795460333,'Nov 23 18:58:53 mx postfix/smtp[11622]: 154001147A3: to=<r550@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.01/0/0.01/0.05, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 SC-001 (BAY004-MC5F15) Unfortunately, messages from 127.0.0.1 weren''t sent. Please contact your Internet service provider since part of their network is on our block list. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. (in reply to RCPT TO command))');
INSERT INTO examples VALUES('postfix-connection-refused','',1795460340,'Nov 23 18:59:00 mx postfix/error[11870]: EE95F1147BE: to=<b@refused.smtplog.test>, relay=none, delay=0.03, delays=0.01/0.02/0/0.01, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2529: Connection refused)');
INSERT INTO examples VALUES('postfix-conversation-timed-out','',1795460343,'Nov 23 18:59:03 mx postfix/smtp[11886]: 800021147C1: to=<x@silent.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2528, delay=3.1, delays=0.02/0.02/3/0, dsn=4.4.2, status=deferred (conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting)');
INSERT INTO examples VALUES('postfix-dns-host-not-found','',1795460344,'Nov 23 18:59:04 mx postfix/smtp[11622]: A1EE71147CA: to=<x@nowhere.invalid>, relay=none, delay=0.03, delays=0.03/0/0/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=nowhere.invalid type=A: Host not found)');
INSERT INTO examples VALUES('postfix-dns-temporary-failure','',1795460345,'Nov 23 18:59:05 mx postfix/smtp[11622]: 3283D1147CE: to=<x@mx.servfail.smtplog.test>, relay=none, delay=0.03, delays=0.03/0/0/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=mx.servfail.smtplog.test type=MX: Host not found, try again)');
INSERT INTO examples VALUES('postfix-helo-invalid','',1795460352,'Nov 23 18:59:12 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 501 5.5.2 <bad..helo>: Helo command rejected: Invalid name; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=ESMTP helo=<bad..helo>');
INSERT INTO examples VALUES('postfix-helo-not-fqdn','',1795460352,'Nov 23 18:59:12 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 504 5.5.2 <workstation>: Helo command rejected: need fully-qualified hostname; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=ESMTP helo=<workstation>');
INSERT INTO examples VALUES('postfix-improper-pipelining','',1795460356,'Nov 23 18:59:16 mx postfix/smtpd[12000]: EAC94114585: reject: DATA from unknown[127.0.0.10]: 503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=SMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postfix-local-unknown-user','',1795460347,'Nov 23 18:59:07 mx postfix/local[11779]: 579531143FD: to=<nosuch@mx.smtplog.test>, relay=local, delay=0.01, delays=0/0/0/0, dsn=5.1.1, status=bounced (unknown user: "nosuch")');
INSERT INTO examples VALUES('postfix-message-size-exceeds-limit','',1795460354,'Nov 23 18:59:14 mx postfix/smtpd[12000]: NOQUEUE: reject: MAIL from unknown[127.0.0.10]: 552 5.3.4 Message size exceeds fixed limit; from=<bob@example.com> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postfix-relay-access-denied','',1795460362,'Nov 23 18:59:22 mx postfix/submission/smtpd[12119]: NOQUEUE: reject: RCPT from unknown[127.0.0.30]: 554 5.7.1 <friend@gmail.example>: Relay access denied; from=<carol@example.org> to=<friend@gmail.example> proto=ESMTP helo=<laptop.example.org>');
INSERT INTO examples VALUES('postfix-sender-domain-not-found','',1795460353,'Nov 23 18:59:13 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 450 4.1.8 <spammer@nowhere.invalid>: Sender address rejected: Domain not found; from=<spammer@nowhere.invalid> to=<alice@mx.smtplog.test> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postfix-tls-required-not-offered','',1795460344,'Nov 23 18:59:04 mx postfix/smtp[11622]: 1AF5E1147C6: to=<x@tls.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2532, delay=0.03, delays=0.03/0/0/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host 127.0.0.1[127.0.0.1])');
INSERT INTO examples VALUES('postfix-unknown-local-recipient','',1795460351,'Nov 23 18:59:11 mx postfix/smtpd[12000]: NOQUEUE: reject: RCPT from unknown[127.0.0.10]: 550 5.1.1 <nosuchuser@mx.smtplog.test>: Recipient address rejected: User unknown in local recipient table; from=<bob@example.com> to=<nosuchuser@mx.smtplog.test> proto=ESMTP helo=<client.example.com>');
INSERT INTO examples VALUES('postgrey-greylisted','',1795460327,'Nov 23 18:58:47 mx postfix/smtp[11622]: 31D6A114780: to=<grey@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.01/0/0/0.06, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <grey@sink.smtplog.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/mx.smtplog.test.html (in reply to RCPT TO command))');
INSERT INTO examples VALUES('postscreen-service-currently-unavailable','',1795460359,'Nov 23 18:59:19 mx postfix/postscreen[12070]: NOQUEUE: reject: RCPT from [127.0.0.77]:59805: 550 5.3.2 Service currently unavailable; from=<bob@example.com>, to=<alice@mx.smtplog.test>, proto=ESMTP, helo=<listed.example.com>');
INSERT INTO examples VALUES('spamhaus-zen-listing','',1795460338,'Nov 23 18:58:58 mx postfix/smtp[11622]: 3BAE01147B5: to=<x@greet554.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.03, delays=0.02/0/0.01/0, dsn=4.7.1, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1)');
INSERT INTO examples VALUES('yahoo-ip-on-spamhaus','',1795459546,'2026-11-23 18:45:46 1xVZ2w-0006HE-10 ** someone@legacy.example.com R=remote_legacy T=remote_smtp_legacy H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after MAIL FROM:<mail553-5.7.1@example.org> SIZE=1449: 553 5.7.1 [BL21] Connections will not be accepted from 127.0.0.1, because the ip is in Spamhaus''s list; see https://postmaster.yahooinc.com/error-codes');
INSERT INTO examples VALUES('yahoo-no-such-account','',1795460337,'Nov 23 18:58:57 mx postfix/smtp[11622]: 14D5E1147B2: to=<data554@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.04/0/0/0.05, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 delivery error: dd This user doesn''t have a yahoo.com account (data554@sink.smtplog.test) [0] - mta1234.mail.gq1.yahoo.com (in reply to end of DATA command))');
INSERT INTO examples VALUES('yahoo-temporarily-deferred-tss04','',1795460330,'Nov 23 18:58:50 mx postfix/smtp[11622]: E6759114796: to=<r421-4.7.0@rcpt421.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2533, delay=0.03, delays=0.03/0/0/0, dsn=4.7.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to RCPT TO command))');
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
CREATE VIEW domain_counts_named AS
  SELECT c.day, k.direction, k.outcome, k.entry, d.name AS domain, c.count
  FROM domain_counts AS c JOIN problem_kinds AS k ON k.id = c.kind_id JOIN domains AS d ON d.id = c.domain_id;
CREATE VIEW domain_counts_month_named AS
  SELECT c.month, k.direction, k.outcome, k.entry, d.name AS domain, c.count
  FROM domain_counts_month AS c JOIN problem_kinds AS k ON k.id = c.kind_id
  JOIN domains AS d ON d.id = c.domain_id;
CREATE INDEX event_blocks_time ON event_blocks(t_max);
COMMIT;
PRAGMA application_id = 1397576780;
PRAGMA user_version = 3;
