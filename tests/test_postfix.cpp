// Postfix lines to Events: real lines as rows (the source file beside each),
// every field of the Event checked for every row: a field a row does not name
// must come out empty / none / 0.
//
// Rows marked "body-only" come from files that hold message bodies only; they
// get the synthetic prefix "Jan  1 00:00:00 corpus postfix/<daemon>[1]: ".
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "parsers/line.h"
#include "parsers/postfix.h"
#include "parsers/postfix_fields.h"
#include "tests/paths.h"

using namespace smtplog;

// Rows name only the fields they expect to be set; the others keep their
// defaults, which is the point. GCC 12 still warns about that (bug 96868).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

struct Row {
  std::string_view line;
  LineKind kind = LineKind::event;
  std::string_view reason;  // for unparsed
  std::string_view time;    // "--MM-DDTHH:MM:SS" without a year, "+HH:MM" with an offset
  std::string_view host;
  std::string_view service;
  std::string_view instance;
  std::string_view queue_id;
  Direction direction = Direction::none;
  Outcome outcome = Outcome::none;
  std::string_view recipient;
  std::string_view orig_to;
  std::string_view sender;
  std::string_view peer_host;
  std::string_view peer_ip;
  int code = 0;
  std::string_view enhanced;
  std::string_view text;
  Stage stage = Stage::none;
  std::string_view dsn;
};

std::string when(const CivilTime& t) {
  if (!t.valid()) return "";
  char buf[64];
  int n = t.year ? std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month,
                                 t.day, t.hour, t.minute, t.second)
                 : std::snprintf(buf, sizeof buf, "--%02d-%02dT%02d:%02d:%02d", t.month, t.day,
                                 t.hour, t.minute, t.second);
  std::string s(buf, static_cast<std::size_t>(n));
  if (t.micros) {
    std::snprintf(buf, sizeof buf, ".%06d", static_cast<int>(t.micros));
    s += buf;
  }
  if (t.has_offset) {
    int off = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", t.offset_minutes < 0 ? '-' : '+', off / 60,
                  off % 60);
    s += buf;
  }
  return s;
}

constexpr std::string_view kBody = "Jan  1 00:00:00 corpus postfix/";

// clang-format off
const Row kRows[] = {
  // ---- smtp: status lines ------------------------------------------------------------
  // lightmeter/logs_sample/mail.log:32 (to amavis; two replies on one line)
  {.line = "Jan 28 06:40:37 mail postfix/smtp[15076]: 8BD903012026: to=<h-f16@h-ffeb17e38996c.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.55, delays=0.44/0.01/0/0.09, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as BF76C3012027)",
   .time = "--01-28T06:40:37", .host = "mail", .service = "smtp", .instance = "postfix",
   .queue_id = "8BD903012026", .direction = Direction::outbound, .outcome = Outcome::sent,
   .recipient = "h-f16@h-ffeb17e38996c.com", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .code = 250, .enhanced = "2.0.0",
   .text = "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as BF76C3012027",
   .dsn = "2.0.0"},
  // postfix-grok-patterns/body-only/smtp.log: a flattened multi-line reply, IPv6 relay
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: 4E74613FE76: to=<redacted@gmail.com>, relay=gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b]:25, delay=1.9, delays=0.05/0/1.1/0.71, dsn=5.7.1, status=bounced (host gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b] said: 550-5.7.1 [2607:4100:3:25:100::2      12] Our system has detected that this 550-5.7.1 message is likely unsolicited mail. To reduce the amount of spam sent 550-5.7.1 to Gmail, this message has been blocked. Please visit 550-5.7.1 http://support.google.com/mail/bin/answer.py?hl=en&answer=188131 for 550 5.7.1 more information. qc12si8475009pab.211 - gsmtp (in reply to end of DATA command))",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtp", .instance = "postfix",
   .queue_id = "4E74613FE76", .direction = Direction::outbound, .outcome = Outcome::bounced,
   .recipient = "redacted@gmail.com", .peer_host = "gmail-smtp-in.l.google.com",
   .peer_ip = "2607:f8b0:400e:c04::1b", .code = 550, .enhanced = "5.7.1",
   .text = "550-5.7.1 [2607:4100:3:25:100::2      12] Our system has detected that this 550-5.7.1 message is likely unsolicited mail. To reduce the amount of spam sent 550-5.7.1 to Gmail, this message has been blocked. Please visit 550-5.7.1 http://support.google.com/mail/bin/answer.py?hl=en&answer=188131 for 550 5.7.1 more information. qc12si8475009pab.211 - gsmtp",
   .stage = Stage::end_of_data, .dsn = "5.7.1"},
  // lightmeter/individual_files/6_deferred_message_retry.log:30: multi-line without enhanced codes
  {.line = "Dec  7 13:28:02 mail postfix/smtp[18832]: A17F830001CA: to=<recipient@recipient.com>, relay=mailin6.zih.recipient.relay.example.com[141.30.67.69]:25, delay=0.75, delays=0/0.03/0.66/0.06, dsn=4.0.0, status=deferred (host mailin6.zih.recipient.relay.example.com[141.30.67.69] said: 451-You have been greylisted. This is part of our standard anti-spam measures 451-and your mail system should automatically try again later. We will accept 451 this mail from you in 42 seconds (in reply to RCPT TO command))",
   .time = "--12-07T13:28:02", .host = "mail", .service = "smtp", .instance = "postfix",
   .queue_id = "A17F830001CA", .direction = Direction::outbound, .outcome = Outcome::deferred,
   .recipient = "recipient@recipient.com", .peer_host = "mailin6.zih.recipient.relay.example.com",
   .peer_ip = "141.30.67.69", .code = 451,
   .text = "451-You have been greylisted. This is part of our standard anti-spam measures 451-and your mail system should automatically try again later. We will accept 451 this mail from you in 42 seconds",
   .stage = Stage::rcpt, .dsn = "4.0.0"},
  // lightmeter/logparser-corpus.log:2: a multi-instance syslog_name
  {.line = "Sep 16 00:07:43 smtpnode07 postfix-10.20.30.40/smtp[3022]: 0C31D3D1E6: to=<redacted@aol.com>, relay=mx-aol.mail.gm0.yahoodns.net[11.22.33.44]:25, delay=18910, delays=18900/8.9/0.69/0.03, dsn=4.7.0, status=deferred (host mx-aol.mail.gm0.yahoodns.net[11.22.33.44] said: 421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html (in reply to MAIL FROM command))",
   .time = "--09-16T00:07:43", .host = "smtpnode07", .service = "smtp", .instance = "postfix-10.20.30.40",
   .queue_id = "0C31D3D1E6", .direction = Direction::outbound, .outcome = Outcome::deferred,
   .recipient = "redacted@aol.com", .peer_host = "mx-aol.mail.gm0.yahoodns.net", .peer_ip = "11.22.33.44",
   .code = 421, .enhanced = "4.7.0",
   .text = "421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html",
   .stage = Stage::mail, .dsn = "4.7.0"},
  // msimerson-postfix-parser/body-only.log: "delivery temporarily suspended:", long queue id
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: 3mJddz5fh3z7sdM: to=<rcarey@example.tv>, relay=none, delay=165276, delays=165276/0.09/0/0.09, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 24.200.177.247[24.200.177.247]:25: Connection timed out)",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtp", .instance = "postfix",
   .queue_id = "3mJddz5fh3z7sdM", .direction = Direction::outbound, .outcome = Outcome::deferred,
   .recipient = "rcarey@example.tv", .peer_host = "24.200.177.247", .peer_ip = "24.200.177.247",
   .text = "connect to 24.200.177.247[24.200.177.247]:25: Connection timed out",
   .stage = Stage::connect, .dsn = "4.4.1"},
  // msimerson-postfix-parser/body-only.log: a deliverable address-verification probe answer, conn_use=
  {.line = "Oct 15 11:03:18 server postfix/smtp[30639]: 2847EE008E: to=<info@test2.com>, relay=mail.domain.test[94.23.191.34]:25, delay=6.3, delays=0.04/0.01/6/0.19, dsn=2.1.5, status=deliverable (250 2.1.5 Ok)",
   .time = "--10-15T11:03:18", .host = "server", .service = "smtp", .instance = "postfix",
   .queue_id = "2847EE008E", .direction = Direction::outbound, .outcome = Outcome::deliverable,
   .recipient = "info@test2.com", .peer_host = "mail.domain.test", .peer_ip = "94.23.191.34",
   .code = 250, .enhanced = "2.1.5", .text = "250 2.1.5 Ok", .dsn = "2.1.5"},
  // ---- smtp: what it saw on the way (a next MX will be tried) ------------------------------
  // msimerson-postfix-parser/body-only.log: "refused to talk to me" with a multi-line 554
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: 3mR69k6Fm0z7sX4: host smtp2.hiltonhhonors.net[159.127.185.42] refused to talk to me: 554-smtp2.hiltonhhonors.net 554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtp", .instance = "postfix",
   .queue_id = "3mR69k6Fm0z7sX4", .direction = Direction::outbound,
   .peer_host = "smtp2.hiltonhhonors.net", .peer_ip = "159.127.185.42", .code = 554,
   .text = "554-smtp2.hiltonhhonors.net 554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.",
   .stage = Stage::connect},
  // lightmeter/logparser-corpus.log:6
  {.line = "Sep 16 00:07:41 smtpnode07 postfix-10.20.30.40/smtp[31868]: 0D59F4165A: host mx-aol.mail.gm0.yahoodns.net[44.55.66.77] said: 421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1;i see https://help.yahoo.com/kb/postmaster/SLN3434.html (in reply to MAIL FROM command)",
   .time = "--09-16T00:07:41", .host = "smtpnode07", .service = "smtp", .instance = "postfix-10.20.30.40",
   .queue_id = "0D59F4165A", .direction = Direction::outbound,
   .peer_host = "mx-aol.mail.gm0.yahoodns.net", .peer_ip = "44.55.66.77", .code = 421, .enhanced = "4.7.0",
   .text = "421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1;i see https://help.yahoo.com/kb/postmaster/SLN3434.html",
   .stage = Stage::mail},
  // alaveteli/spec-postfix-lines.log:11: no queue id
  {.line = "Oct  7 07:16:48 kedumba postfix/smtp[14294]: connect to mail.neilcopp.com.au[110.142.151.66]:25: Connection refused",
   .time = "--10-07T07:16:48", .host = "kedumba", .service = "smtp", .instance = "postfix",
   .direction = Direction::outbound, .peer_host = "mail.neilcopp.com.au", .peer_ip = "110.142.151.66",
   .text = "connect to mail.neilcopp.com.au[110.142.151.66]:25: Connection refused", .stage = Stage::connect},
  // postfix-grok-patterns/body-only/smtp.log
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: 745137AA: lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtp", .instance = "postfix",
   .queue_id = "745137AA", .direction = Direction::outbound,
   .peer_host = "hotmail-com.olc.protection.outlook.com", .peer_ip = "104.47.55.161",
   .text = "lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO",
   .stage = Stage::rcpt},
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: 78D6B41: conversation with mx00.gmx.com[74.208.5.4] timed out while receiving the initial server greeting",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtp", .instance = "postfix",
   .queue_id = "78D6B41", .direction = Direction::outbound, .peer_host = "mx00.gmx.com", .peer_ip = "74.208.5.4",
   .text = "conversation with mx00.gmx.com[74.208.5.4] timed out while receiving the initial server greeting",
   .stage = Stage::connect},
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: connect to aspmx.l.google.com[2a00:1450:400b:c02::1a]:25: Network is unreachable",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtp", .instance = "postfix",
   .direction = Direction::outbound, .peer_host = "aspmx.l.google.com", .peer_ip = "2a00:1450:400b:c02::1a",
   .text = "connect to aspmx.l.google.com[2a00:1450:400b:c02::1a]:25: Network is unreachable",
   .stage = Stage::connect},
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: D0F29603B4: SASL authentication failed; server xyz.example.com[1.2.3.4] said: 535 5.7.8 Error: authentication failed: authentication failure",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtp", .instance = "postfix",
   .queue_id = "D0F29603B4", .direction = Direction::outbound, .outcome = Outcome::auth_failed,
   .peer_host = "xyz.example.com", .peer_ip = "1.2.3.4", .code = 535, .enhanced = "5.7.8",
   .text = "535 5.7.8 Error: authentication failed: authentication failure", .stage = Stage::auth},
  // ---- lmtp ----------------------------------------------------------------------------
  // modoboa-stats/mail.log: orig_to, unix-socket relay
  {.line = "Oct 15 11:06:51 server postfix/lmtp[31203]: AA3E6E00C3: to=<admin@test.com>, orig_to=<noreply@modoboa.org>, relay=mail.koalabs.org[private/dovecot-lmtp], delay=0.07, delays=0.04/0.01/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 <admin@test.com> wUc3LDtjDVrkeQAABvoInA Saved)",
   .time = "--10-15T11:06:51", .host = "server", .service = "lmtp", .instance = "postfix",
   .queue_id = "AA3E6E00C3", .direction = Direction::outbound, .outcome = Outcome::sent,
   .recipient = "admin@test.com", .orig_to = "noreply@modoboa.org", .peer_host = "mail.koalabs.org",
   .code = 250, .enhanced = "2.0.0", .text = "250 2.0.0 <admin@test.com> wUc3LDtjDVrkeQAABvoInA Saved",
   .dsn = "2.0.0"},
  // pmg-log-tracker/test_input_time_rfc3339_mixed.log:37: RFC 3339 with Z
  {.line = "2023-06-23T14:27:41.385756Z pmg1 postfix/lmtp[1186]: 866B7C0192: to=<test@mydomain.tld>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.84, delays=0.05/0/0.05/0.74, dsn=2.5.0, status=sent (250 2.5.0 OK (C019B64958FBC9EA20))",
   .time = "2023-06-23T14:27:41.385756+00:00", .host = "pmg1", .service = "lmtp", .instance = "postfix",
   .queue_id = "866B7C0192", .direction = Direction::outbound, .outcome = Outcome::sent,
   .recipient = "test@mydomain.tld", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .code = 250, .enhanced = "2.5.0", .text = "250 2.5.0 OK (C019B64958FBC9EA20)", .dsn = "2.5.0"},
  // ---- local delivery agents -------------------------------------------------------------
  // postfix-grok-patterns/body-only/local.log: addresses without brackets (Postfix 2.x)
  {.line = "Jan  1 00:00:00 corpus postfix/local[1]: 2A22C263F6: to=user@hostname.example.com, orig_to=root@localhost, relay=local, delay=0.07, delays=0.04/0/0/0.03, dsn=2.0.0, status=sent (delivered to command: procmail -a \"$EXTENSION\")",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "local", .instance = "postfix",
   .queue_id = "2A22C263F6", .direction = Direction::local, .outcome = Outcome::sent,
   .recipient = "user@hostname.example.com", .orig_to = "root@localhost",
   .text = "delivered to command: procmail -a \"$EXTENSION\"", .dsn = "2.0.0"},
  {.line = "Jan  1 00:00:00 corpus postfix/local[1]: 892A0205B6: to=ghdsgfhdslfh@localhost, relay=local, delay=0.05, delays=0.02/0/0/0.02, dsn=5.1.1, status=bounced (unknown user: \"ghdsgfhdslfh\")",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "local", .instance = "postfix",
   .queue_id = "892A0205B6", .direction = Direction::local, .outcome = Outcome::bounced,
   .recipient = "ghdsgfhdslfh@localhost", .text = "unknown user: \"ghdsgfhdslfh\"", .dsn = "5.1.1"},
  // lightmeter/go-test-lines.log:49
  {.line = "Jul 25 06:17:23 mail postfix/virtual[2438]: 9BD26E0D25: to=<reci@pient.com>, orig_to=<orig@recipient.com>, relay=virtual, delay=1.3, delays=1.2/0.02/0/0.04, dsn=2.0.0, status=sent (delivered to maildir)",
   .time = "--07-25T06:17:23", .host = "mail", .service = "virtual", .instance = "postfix",
   .queue_id = "9BD26E0D25", .direction = Direction::local, .outcome = Outcome::sent,
   .recipient = "reci@pient.com", .orig_to = "orig@recipient.com", .text = "delivered to maildir",
   .dsn = "2.0.0"},
  // modoboa-stats/mail.log
  {.line = "Oct 15 11:18:27 server postfix/pipe[32592]: E8BF5E00C4: to=<dmarc-aggrep@ngyn.org>, relay=dmarc-rua, delay=0.04, delays=0.03/0.01/0/0.01, dsn=2.0.0, status=deliverable (delivers to command: /srv/modoboa/env/bin/python)",
   .time = "--10-15T11:18:27", .host = "server", .service = "pipe", .instance = "postfix",
   .queue_id = "E8BF5E00C4", .direction = Direction::local, .outcome = Outcome::deliverable,
   .recipient = "dmarc-aggrep@ngyn.org", .text = "delivers to command: /srv/modoboa/env/bin/python",
   .dsn = "2.0.0"},
  // postfix-grok-patterns/body-only/error.log: error(8) replays a suspended destination
  {.line = "Jan  1 00:00:00 corpus postfix/error[1]: 2DC5552A34: to=<user@yahoo.com>, relay=none, delay=63495, delays=63350/144/0/0, dsn=4.4.2, status=deferred (delivery temporarily suspended: lost connection with mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO)",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "error", .instance = "postfix",
   .queue_id = "2DC5552A34", .direction = Direction::local, .outcome = Outcome::deferred,
   .recipient = "user@yahoo.com", .peer_host = "mta7.am0.yahoodns.net", .peer_ip = "98.136.216.22",
   .text = "lost connection with mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO",
   .stage = Stage::rcpt, .dsn = "4.4.2"},
  {.line = "Jan  1 00:00:00 corpus postfix/error[1]: 3E29030F8637E: to=<user@yahoo.com>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=5.1.1, status=undeliverable-but-not-cached (User unknown in virtual alias table)",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "error", .instance = "postfix",
   .queue_id = "3E29030F8637E", .direction = Direction::local, .outcome = Outcome::undeliverable,
   .recipient = "user@yahoo.com", .text = "User unknown in virtual alias table", .dsn = "5.1.1"},
  // postfix-grok-patterns/body-only/discard.log: discard(8) says "sent"
  {.line = "Jan  1 00:00:00 corpus postfix/discard[1]: 25F2E5E061: to=<george.desantis@test.example.com>, relay=none, delay=0.05, delays=0.05/0/0/0, dsn=2.0.0, status=sent (test.example.com)",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "discard", .instance = "postfix",
   .queue_id = "25F2E5E061", .direction = Direction::local, .outcome = Outcome::discarded,
   .recipient = "george.desantis@test.example.com", .text = "test.example.com", .dsn = "2.0.0"},
  // ---- qmgr, bounce ------------------------------------------------------------------------
  // a message is received once, at cleanup's message-id line (qmgr's "queue active" repeats at each retry)
  {.line = "Jan  1 00:00:00 corpus postfix/cleanup[1]: 0F5383D: message-id=<544D2523.30609@rhsoft.net>",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "cleanup", .instance = "postfix",
   .queue_id = "0F5383D", .outcome = Outcome::received},
  {.line = "Jan  1 00:00:00 corpus postfix/qmgr[1]: 585BC3F: from=<>, status=expired, returned to sender",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "qmgr", .instance = "postfix",
   .queue_id = "585BC3F", .direction = Direction::outbound, .outcome = Outcome::expired,
   .text = "returned to sender"},
  // kumina-postfix_exporter/test-lines.log:34 (postsuper -e)
  {.line = "Apr 10 14:50:16 mail postfix/qmgr[3663]: BACE842E73: from=<noreply@domain.com>, status=force-expired, returned to sender",
   .time = "--04-10T14:50:16", .host = "mail", .service = "qmgr", .instance = "postfix",
   .queue_id = "BACE842E73", .direction = Direction::outbound, .outcome = Outcome::expired,
   .sender = "noreply@domain.com", .text = "returned to sender"},
  {.line = "Jan  1 00:00:00 corpus postfix/qmgr[1]: 0F5383D: removed",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "qmgr", .instance = "postfix",
   .queue_id = "0F5383D", .outcome = Outcome::completed},
  {.line = "Jan  1 00:00:00 corpus postfix/bounce[1]: 17CCA8044: sender non-delivery notification: ADD2F8052",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "bounce", .instance = "postfix",
   .queue_id = "17CCA8044", .outcome = Outcome::notified},
  // ---- smtpd: rejects at every stage -----------------------------------------------------------
  // lightmeter/logs_sample/mail.log:676
  {.line = "Jan 28 11:05:26 mail postfix/smtpd[20127]: NOQUEUE: reject: RCPT from h-be8106e24226d8ee7[199.229.127.90]: 550 5.1.1 <h-9642cc8a8bc184c40b1@h-ffeb17e38996c.com>: Recipient address rejected: User unknown in virtual mailbox table; from=<h-f16@h-be8106e24226d8ee7.com> to=<h-9642cc8a8bc184c40b1@h-ffeb17e38996c.com> proto=SMTP helo=<h-be8106e24226d8ee7>",
   .time = "--01-28T11:05:26", .host = "mail", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected,
   .recipient = "h-9642cc8a8bc184c40b1@h-ffeb17e38996c.com", .sender = "h-f16@h-be8106e24226d8ee7.com",
   .peer_host = "h-be8106e24226d8ee7", .peer_ip = "199.229.127.90", .code = 550, .enhanced = "5.1.1",
   .text = "550 5.1.1 <h-9642cc8a8bc184c40b1@h-ffeb17e38996c.com>: Recipient address rejected: User unknown in virtual mailbox table",
   .stage = Stage::rcpt},
  // fail2ban/postfix.log
  {.line = "Jun  1 19:00:55 mail postfix/smtpd[7749]: NOQUEUE: reject: CONNECT from unknown[192.0.2.114]: 450 4.7.25 Client host rejected: cannot find your hostname, [178.215.236.114]; proto=SMTP",
   .time = "--06-01T19:00:55", .host = "mail", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .peer_host = "unknown",
   .peer_ip = "192.0.2.114", .code = 450, .enhanced = "4.7.25",
   .text = "450 4.7.25 Client host rejected: cannot find your hostname, [178.215.236.114]",
   .stage = Stage::connect},
  {.line = "Jan 31 13:55:24 xxx postfix-incoming/smtpd[3462]: NOQUEUE: reject: EHLO from s271272.static.corbina.ru[78.107.251.238]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>",
   .time = "--01-31T13:55:24", .host = "xxx", .service = "smtpd", .instance = "postfix-incoming",
   .direction = Direction::inbound, .outcome = Outcome::rejected,
   .peer_host = "s271272.static.corbina.ru", .peer_ip = "78.107.251.238", .code = 504, .enhanced = "5.5.2",
   .text = "504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname", .stage = Stage::ehlo},
  // fail2ban/postfix.log: BDAT, long queue id, two-level syslog_name
  {.line = "Mar 11 23:27:54 server postfix-smo/submission/smtpd[22427]: 44JCRG5tYPzCqt2: reject: BDAT from signing-milter.example.com[192.0.2.109]: 550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> to=<some@example.com> proto=ESMTP helo=<domain.tld>",
   .time = "--03-11T23:27:54", .host = "server", .service = "smtpd", .instance = "postfix-smo/submission",
   .queue_id = "44JCRG5tYPzCqt2", .direction = Direction::inbound, .outcome = Outcome::rejected,
   .recipient = "some@example.com", .peer_host = "signing-milter.example.com", .peer_ip = "192.0.2.109",
   .code = 550, .enhanced = "5.5.3", .text = "550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce",
   .stage = Stage::bdat},
  // msimerson-postfix-parser/full-lines.log: milter-reject at DATA, unpadded day
  {.line = "Mar 7 02:09:33 server postfix/smtpd[27246]: 1D8CC1CA0A7F: milter-reject: DATA from 66-220-155-151.mail-mail.facebook.com[192.0.2.151]: 550 5.7.1 Command rejected; from=<security@mail.example.com> to=<hostmaster@example.com> proto=ESMTP helo=<192-0-2-151.mail-mail.example.com>",
   .time = "--03-07T02:09:33", .host = "server", .service = "smtpd", .instance = "postfix",
   .queue_id = "1D8CC1CA0A7F", .direction = Direction::inbound, .outcome = Outcome::rejected,
   .recipient = "hostmaster@example.com", .sender = "security@mail.example.com",
   .peer_host = "66-220-155-151.mail-mail.facebook.com", .peer_ip = "192.0.2.151", .code = 550,
   .enhanced = "5.7.1", .text = "550 5.7.1 Command rejected", .stage = Stage::data},
  // lightmeter/go-test-lines.log:47: smtps/smtpd, IPv6 client
  {.line = "Feb  8 21:28:47 mx postfix/smtps/smtpd[1036]: DE81A2E2DAA: reject: RCPT from unknown[2a02:168:636a::15e2]: 550 5.1.1 <h-c715634009216@h-14dc4a6d.com>: Recipient address rejected: User unknown in virtual mailbox table; from=<h-d2315d@h-24e89d.com> to=<h-c715634009216@h-14dc4a6d.com> proto=ESMTP helo=<[IPv6:2a02:168:636a::15e2]>",
   .time = "--02-08T21:28:47", .host = "mx", .service = "smtpd", .instance = "postfix/smtps",
   .queue_id = "DE81A2E2DAA", .direction = Direction::inbound, .outcome = Outcome::rejected,
   .recipient = "h-c715634009216@h-14dc4a6d.com", .sender = "h-d2315d@h-24e89d.com",
   .peer_host = "unknown", .peer_ip = "2a02:168:636a::15e2", .code = 550, .enhanced = "5.1.1",
   .text = "550 5.1.1 <h-c715634009216@h-14dc4a6d.com>: Recipient address rejected: User unknown in virtual mailbox table",
   .stage = Stage::rcpt},
  // postfix-grok-patterns/body-only/smtpd.log: VRFY, a 2-digit/3-digit enhanced code, reject_warning, milter-reject
  {.line = "Jan  1 00:00:00 corpus postfix/smtpd[1]: NOQUEUE: reject: VRFY from unknown[2001:968:9999:20:88b:9b7d:2a54:2bd2]: 454 4.7.1 <aap@henk.com>: Relay access denied; to=<aap@henk.com> proto=SMTP helo=<me>",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .recipient = "aap@henk.com",
   .peer_host = "unknown", .peer_ip = "2001:968:9999:20:88b:9b7d:2a54:2bd2", .code = 454,
   .enhanced = "4.7.1", .text = "454 4.7.1 <aap@henk.com>: Relay access denied", .stage = Stage::vrfy},
  {.line = "Jan  1 00:00:00 corpus postfix/smtpd[1]: NOQUEUE: reject: RCPT from 061238241086.static.ctinets.com[61.238.241.86]: 550 5.12.345 <user@example.com>: Recipient address rejected: Some error message; from=<wumt5@cchfdc.com> to=<user@example.com> proto=ESMTP helo=<ecsolved.com>",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .recipient = "user@example.com",
   .sender = "wumt5@cchfdc.com", .peer_host = "061238241086.static.ctinets.com", .peer_ip = "61.238.241.86",
   .code = 550, .enhanced = "5.12.345",
   .text = "550 5.12.345 <user@example.com>: Recipient address rejected: Some error message",
   .stage = Stage::rcpt},
  {.line = "Jan  1 00:00:00 corpus postfix/smtpd[1]: NOQUEUE: reject_warning: RCPT from example.com[93.184.216.34]: 553 5.7.1 <sender@example.com>: Sender address rejected: not owned by user ph123; from=<sender@example.com> to=<recipient@example.com> proto=ESMTP helo=<example.com>",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::reject_warning, .recipient = "recipient@example.com",
   .sender = "sender@example.com", .peer_host = "example.com", .peer_ip = "93.184.216.34", .code = 553,
   .enhanced = "5.7.1", .text = "553 5.7.1 <sender@example.com>: Sender address rejected: not owned by user ph123",
   .stage = Stage::rcpt},
  {.line = "Jan  1 00:00:00 corpus postfix/smtpd[1]: NOQUEUE: milter-reject: RCPT from mailrelay.example.com[8.8.8.8]: 451 4.7.1 Greylisting in action, please come back later; from=<support@example.com> to=<example@example.org> proto=ESMTP helo=<mailrelay.example.com>",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .recipient = "example@example.org",
   .sender = "support@example.com", .peer_host = "mailrelay.example.com", .peer_ip = "8.8.8.8",
   .code = 451, .enhanced = "4.7.1", .text = "451 4.7.1 Greylisting in action, please come back later",
   .stage = Stage::rcpt},
  {.line = "Jan  1 00:00:00 corpus postfix/smtpd[1]: NOQUEUE: discard: MAIL from ccm231.constantcontact.com[208.75.123.231]: <bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com>: Sender address SPAM; from=<bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com> proto=ESMTP helo=<ccm231.constantcontact.com>",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::discarded,
   .sender = "bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com", .peer_host = "ccm231.constantcontact.com",
   .peer_ip = "208.75.123.231", .text = "<bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com>: Sender address SPAM",
   .stage = Stage::mail},
  {.line = "Jan  1 00:00:00 corpus postfix/smtpd[1]: NOQUEUE: filter: RCPT from unknown[85.25.255.255]: <mail@sender.com>: Sender address triggers FILTER smtp-amavis:[127.0.0.1]:10024; from=<mail@sender.com> to=<user@domain.com> proto=ESMTP helo=<plutoapp.biz>",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::filtered, .recipient = "user@domain.com",
   .sender = "mail@sender.com", .peer_host = "unknown", .peer_ip = "85.25.255.255",
   .text = "<mail@sender.com>: Sender address triggers FILTER smtp-amavis:[127.0.0.1]:10024", .stage = Stage::rcpt},
  // crowdsec-hub/postfix-logs.log: RFC 3339 timestamps; a reject without envelope
  {.line = "May 11 04:02:37 host1 postfix/smtpd[26897]: NOQUEUE: reject: RCPT from unknown[192.168.1.1]: 554 5.7.1 Service unavailable",
   .time = "--05-11T04:02:37", .host = "host1", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .peer_host = "unknown",
   .peer_ip = "192.168.1.1", .code = 554, .enhanced = "5.7.1", .text = "554 5.7.1 Service unavailable",
   .stage = Stage::rcpt},
  {.line = "2024-08-26T01:33:38.572449+00:00 machine postfix/smtpd[60203]: NOQUEUE: reject: RCPT from unknown[192.168.1.1]: 504 5.5.2 <WIN-9QL4SDRB93L>: Helo command rejected: need fully-qualified hostname; from=<spammer@domain.tld> to=<spammer@domain.tld> proto=ESMTP helo=<WIN-9QL4SDRB93L>",
   .time = "2024-08-26T01:33:38.572449+00:00", .host = "machine", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .recipient = "spammer@domain.tld",
   .sender = "spammer@domain.tld", .peer_host = "unknown", .peer_ip = "192.168.1.1", .code = 504,
   .enhanced = "5.5.2", .text = "504 5.5.2 <WIN-9QL4SDRB93L>: Helo command rejected: need fully-qualified hostname",
   .stage = Stage::rcpt},
  // before-queue content filter: pmg-log-tracker/test_input_before_queue_syntax_reject.log, modoboa-stats/mail.log
  {.line = "Aug 27 14:04:08 pmg6 postfix/smtpd[7567]: proxy-reject: END-OF-MESSAGE: 501 5.5.2 Syntax: MAIL FROM: <address>; from=<test@pmgsender.local> to=<test@pmgreceiver.local> proto=ESMTP helo=<pmgsender.local>",
   .time = "--08-27T14:04:08", .host = "pmg6", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .recipient = "test@pmgreceiver.local",
   .sender = "test@pmgsender.local", .code = 501, .enhanced = "5.5.2",
   .text = "501 5.5.2 Syntax: MAIL FROM: <address>", .stage = Stage::end_of_data},
  {.line = "Oct 15 11:00:20 server postfix/smtpd[28914]: proxy-accept: END-OF-MESSAGE: 250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as A0320E00C3; from=<visitbrussels-huticd1jyidyhxuy1y@cmail19.com> to=<user@test.com> proto=ESMTP helo=<mx139.g.outbound.createsend.com>",
   .time = "--10-15T11:00:20", .host = "server", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::accepted, .recipient = "user@test.com",
   .sender = "visitbrussels-huticd1jyidyhxuy1y@cmail19.com", .code = 250, .enhanced = "2.0.0",
   .text = "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as A0320E00C3",
   .stage = Stage::end_of_data},
  // sshguard/parser-tests-postfix-exim.log: SASL failure, client port, RFC 3339 Z
  {.line = "2022-04-14T00:36:03.150Z mailhub postfix/smtps/smtpd[30543]: warning: unknown[122.166.249.154]:48123: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
   .time = "2022-04-14T00:36:03.150000+00:00", .host = "mailhub", .service = "smtpd", .instance = "postfix/smtps",
   .direction = Direction::inbound, .outcome = Outcome::auth_failed, .peer_host = "unknown",
   .peer_ip = "122.166.249.154", .text = "SASL LOGIN authentication failed: UGFzc3dvcmQ6", .stage = Stage::auth},
  // ---- cleanup -----------------------------------------------------------------------------------
  // lightmeter/go-test-lines.log:46: an enhanced code and no basic code
  {.line = "Jan 25 18:54:51 mx postfix/cleanup[8966]: B37FD2E05B9: milter-reject: END-OF-MESSAGE from h-ca74a0a011076cd81347f8f11e[254.65.43.194]: 4.7.1 Try again later; from=<bounce+1b6a63.922c68-user=h-ffd2115d4f@h-79b594737831a5d176dabf9.com> to=<h-7abde52c2@h-ffd2115d4f.com> proto=ESMTP helo=<h-ca74a0a011076cd81347f8f11e>",
   .time = "--01-25T18:54:51", .host = "mx", .service = "cleanup", .instance = "postfix",
   .queue_id = "B37FD2E05B9", .direction = Direction::inbound, .outcome = Outcome::rejected,
   .recipient = "h-7abde52c2@h-ffd2115d4f.com",
   .sender = "bounce+1b6a63.922c68-user=h-ffd2115d4f@h-79b594737831a5d176dabf9.com",
   .peer_host = "h-ca74a0a011076cd81347f8f11e", .peer_ip = "254.65.43.194", .enhanced = "4.7.1",
   .text = "4.7.1 Try again later", .stage = Stage::end_of_data},
  // ---- postscreen -----------------------------------------------------------------------------------
  // ossec-hids/postfix-tests.log: comma-separated envelope
  {.line = "May  8 08:26:55 mail postfix/postscreen[22055]: NOQUEUE: reject: RCPT from [157.122.148.242]:47407: 550 5.7.1 Service unavailable; client [157.122.148.242] blocked using bl.spamcop.net; from=<kos@mafia.network>, to=<z13699753428@vip.163.com>, proto=ESMTP, helo=<XL-20160217QQJV>",
   .time = "--05-08T08:26:55", .host = "mail", .service = "postscreen", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .recipient = "z13699753428@vip.163.com",
   .sender = "kos@mafia.network", .peer_ip = "157.122.148.242", .code = 550, .enhanced = "5.7.1",
   .text = "550 5.7.1 Service unavailable; client [157.122.148.242] blocked using bl.spamcop.net",
   .stage = Stage::rcpt},
  {.line = "Jan  1 00:00:00 corpus postfix/postscreen[1]: NOQUEUE: reject: CONNECT from [1.2.3.4]:1337: too many connections",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "postscreen", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .peer_ip = "1.2.3.4",
   .text = "too many connections", .stage = Stage::connect},
  // crowdsec-hub/postscreen-logs.log
  {.line = "Oct 25 04:24:59 test postfix/postscreen[22244]: PREGREET 16 after 2.6 from [177.154.236.182]:41323: EHLO 127.0.0.1\\r\\n",
   .time = "--10-25T04:24:59", .host = "test", .service = "postscreen", .instance = "postfix",
   .direction = Direction::inbound, .peer_ip = "177.154.236.182",
   .text = "PREGREET 16 after 2.6 from [177.154.236.182]:41323: EHLO 127.0.0.1\\r\\n", .stage = Stage::connect},
  // modoboa-stats/mail.log:377
  {.line = "Oct 15 11:32:59 server postfix/postscreen[1625]: HANGUP after 6.6 from [197.155.150.177]:16256 in tests after SMTP handshake",
   .time = "--10-15T11:32:59", .host = "server", .service = "postscreen", .instance = "postfix",
   .direction = Direction::inbound, .peer_ip = "197.155.150.177",
   .text = "HANGUP after 6.6 from [197.155.150.177]:16256 in tests after SMTP handshake", .stage = Stage::connect},
  // sshguard/parser-tests-postfix-exim.log:17
  {.line = "Sep 10 07:01:57 poseidon postfix/postscreen[25914]: DNSBL rank 3 for [1.2.3.4]:64273",
   .time = "--09-10T07:01:57", .host = "poseidon", .service = "postscreen", .instance = "postfix",
   .direction = Direction::inbound, .peer_ip = "1.2.3.4", .text = "DNSBL rank 3 for [1.2.3.4]:64273",
   .stage = Stage::connect},
  {.line = "Jan  1 00:00:00 corpus postfix/postscreen[1]: NON-SMTP COMMAND from [93.174.93.51]:45284 after CONNECT: GET http://ipv4scan.com/hello/check.txt HTTP/1.1",
   .time = "--01-01T00:00:00", .host = "corpus", .service = "postscreen", .instance = "postfix",
   .direction = Direction::inbound, .peer_ip = "93.174.93.51",
   .text = "NON-SMTP COMMAND from [93.174.93.51]:45284 after CONNECT: GET http://ipv4scan.com/hello/check.txt HTTP/1.1",
   .stage = Stage::connect},
  // ---- samples/postfix/postfix.log: a real Postfix 3.7.11, one row per shape -----------------------
  {.line = "Nov 23 18:58:52 mx postfix/smtp[11622]: 858C811479E: to=<ml550-5.7.26@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.07, delays=0.02/0/0/0.04, dsn=5.7.26, status=bounced (host 127.0.0.1[127.0.0.1] said: 550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26  https://support.google.com/mail/answer/81126#authentication - gsmtp (in reply to RCPT TO command))",
   .time = "--11-23T18:58:52", .host = "mx", .service = "smtp", .instance = "postfix",
   .queue_id = "858C811479E", .direction = Direction::outbound, .outcome = Outcome::bounced,
   .recipient = "ml550-5.7.26@sink.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .code = 550, .enhanced = "5.7.26",
   .text = "550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26  https://support.google.com/mail/answer/81126#authentication - gsmtp",
   .stage = Stage::rcpt, .dsn = "5.7.26"},
  // a 5xx reply carrying a 4.x.x code: Postfix's dsn= says 5.0.0
  {.line = "Nov 23 18:58:53 mx postfix/smtp[11622]: 9A2A11147A3: to=<r550-4.4.7@sink.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.08, delays=0.03/0/0/0.04, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 4.4.7 QUEUE.Expired; message expired (in reply to RCPT TO command))",
   .time = "--11-23T18:58:53", .host = "mx", .service = "smtp", .instance = "postfix",
   .queue_id = "9A2A11147A3", .direction = Direction::outbound, .outcome = Outcome::bounced,
   .recipient = "r550-4.4.7@sink.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .code = 550, .enhanced = "4.4.7", .text = "550 4.4.7 QUEUE.Expired; message expired",
   .stage = Stage::rcpt, .dsn = "5.0.0"},
  {.line = "Nov 23 18:58:58 mx postfix/smtp[11622]: 3BAE01147B5: to=<x@greet554.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.03, delays=0.02/0/0.01/0, dsn=4.7.1, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1)",
   .time = "--11-23T18:58:58", .host = "mx", .service = "smtp", .instance = "postfix",
   .queue_id = "3BAE01147B5", .direction = Direction::outbound, .outcome = Outcome::deferred,
   .recipient = "x@greet554.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .code = 554, .enhanced = "5.7.1",
   .text = "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1",
   .stage = Stage::connect, .dsn = "4.7.1"},
  {.line = "Nov 23 18:58:59 mx postfix/smtp[11862]: 50AE51147BB: to=<a@refused.smtplog.test>, relay=none, delay=0.11, delays=0.02/0.08/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2529: Connection refused)",
   .time = "--11-23T18:58:59", .host = "mx", .service = "smtp", .instance = "postfix",
   .queue_id = "50AE51147BB", .direction = Direction::outbound, .outcome = Outcome::deferred,
   .recipient = "a@refused.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .text = "connect to 127.0.0.1[127.0.0.1]:2529: Connection refused", .stage = Stage::connect,
   .dsn = "4.4.1"},
  {.line = "Nov 23 18:59:00 mx postfix/error[11870]: EE95F1147BE: to=<b@refused.smtplog.test>, relay=none, delay=0.03, delays=0.01/0.02/0/0.01, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2529: Connection refused)",
   .time = "--11-23T18:59:00", .host = "mx", .service = "error", .instance = "postfix",
   .queue_id = "EE95F1147BE", .direction = Direction::local, .outcome = Outcome::deferred,
   .recipient = "b@refused.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .text = "connect to 127.0.0.1[127.0.0.1]:2529: Connection refused", .stage = Stage::connect,
   .dsn = "4.4.1"},
  {.line = "Nov 23 18:59:04 mx postfix/smtp[11622]: 1AF5E1147C6: to=<x@tls.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2532, delay=0.03, delays=0.03/0/0/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host 127.0.0.1[127.0.0.1])",
   .time = "--11-23T18:59:04", .host = "mx", .service = "smtp", .instance = "postfix",
   .queue_id = "1AF5E1147C6", .direction = Direction::outbound, .outcome = Outcome::deferred,
   .recipient = "x@tls.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .text = "TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]", .stage = Stage::starttls,
   .dsn = "4.7.4"},
  {.line = "Nov 23 18:59:04 mx postfix/smtp[11622]: A1EE71147CA: to=<x@nowhere.invalid>, relay=none, delay=0.03, delays=0.03/0/0/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=nowhere.invalid type=A: Host not found)",
   .time = "--11-23T18:59:04", .host = "mx", .service = "smtp", .instance = "postfix",
   .queue_id = "A1EE71147CA", .direction = Direction::outbound, .outcome = Outcome::bounced,
   .recipient = "x@nowhere.invalid",
   .text = "Host or domain name not found. Name service error for name=nowhere.invalid type=A: Host not found",
   .dsn = "5.4.4"},
  {.line = "Nov 23 18:59:06 mx postfix/lmtp[11941]: 4BBDE1147D2: to=<data552-5.2.2@lmtp.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.09, delays=0.04/0/0/0.05, dsn=5.2.2, status=bounced (host 127.0.0.1[127.0.0.1] said: 552 5.2.2 The recipient's inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm - gsmtp (in reply to end of DATA command))",
   .time = "--11-23T18:59:06", .host = "mx", .service = "lmtp", .instance = "postfix",
   .queue_id = "4BBDE1147D2", .direction = Direction::outbound, .outcome = Outcome::bounced,
   .recipient = "data552-5.2.2@lmtp.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1",
   .code = 552, .enhanced = "5.2.2",
   .text = "552 5.2.2 The recipient's inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm - gsmtp",
   .stage = Stage::end_of_data, .dsn = "5.2.2"},
  // pipe(8): the command's output, with its trailing space
  {.line = "Nov 23 18:59:09 mx postfix/pipe[11992]: 7A9D9114465: to=<x@nouser.smtplog.test>, relay=pipenouser, delay=0.04, delays=0.01/0.02/0/0.01, dsn=5.1.1, status=bounced (user unknown. Command output: mailbox x does not exist )",
   .time = "--11-23T18:59:09", .host = "mx", .service = "pipe", .instance = "postfix",
   .queue_id = "7A9D9114465", .direction = Direction::local, .outcome = Outcome::bounced,
   .recipient = "x@nouser.smtplog.test", .text = "user unknown. Command output: mailbox x does not exist",
   .dsn = "5.1.1"},
  {.line = "Nov 23 18:59:10 mx postfix/error[11998]: 0B84F114492: to=<x@retired.smtplog.test>, relay=none, delay=0.05, delays=0.01/0.04/0/0, dsn=5.1.2, status=bounced (This domain no longer accepts mail)",
   .time = "--11-23T18:59:10", .host = "mx", .service = "error", .instance = "postfix",
   .queue_id = "0B84F114492", .direction = Direction::local, .outcome = Outcome::bounced,
   .recipient = "x@retired.smtplog.test", .text = "This domain no longer accepts mail", .dsn = "5.1.2"},
  {.line = "Nov 23 18:59:14 mx postfix/smtpd[12000]: NOQUEUE: reject: MAIL from unknown[127.0.0.10]: 552 5.3.4 Message size exceeds fixed limit; from=<bob@example.com> proto=ESMTP helo=<client.example.com>",
   .time = "--11-23T18:59:14", .host = "mx", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .sender = "bob@example.com",
   .peer_host = "unknown", .peer_ip = "127.0.0.10", .code = 552, .enhanced = "5.3.4",
   .text = "552 5.3.4 Message size exceeds fixed limit", .stage = Stage::mail},
  {.line = "Nov 23 18:59:15 mx postfix/smtpd[12000]: NOQUEUE: hold: RCPT from unknown[127.0.0.10]: <hold@mx.smtplog.test>: Recipient address triggers HOLD action; from=<bob@example.com> to=<hold@mx.smtplog.test> proto=ESMTP helo=<client.example.com>",
   .time = "--11-23T18:59:15", .host = "mx", .service = "smtpd", .instance = "postfix",
   .direction = Direction::inbound, .outcome = Outcome::held, .recipient = "hold@mx.smtplog.test",
   .sender = "bob@example.com", .peer_host = "unknown", .peer_ip = "127.0.0.10",
   .text = "<hold@mx.smtplog.test>: Recipient address triggers HOLD action", .stage = Stage::rcpt},
  // header_checks REJECT: the header text (with ", ") first, the envelope, then our text
  {.line = "Nov 23 18:59:16 mx postfix/cleanup[11618]: 87F0F114585: reject: header Subject: BUY NOW, cheap from unknown[127.0.0.10]; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=ESMTP helo=<client.example.com>: 5.7.1 Message content rejected: spam phrase in Subject",
   .time = "--11-23T18:59:16", .host = "mx", .service = "cleanup", .instance = "postfix",
   .queue_id = "87F0F114585", .direction = Direction::inbound, .outcome = Outcome::rejected,
   .recipient = "alice@mx.smtplog.test", .sender = "bob@example.com", .peer_host = "unknown",
   .peer_ip = "127.0.0.10", .enhanced = "5.7.1",
   .text = "5.7.1 Message content rejected: spam phrase in Subject", .stage = Stage::end_of_data},
  {.line = "Nov 23 18:59:16 mx postfix/smtpd[12000]: EAC94114585: reject: DATA from unknown[127.0.0.10]: 503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining; from=<bob@example.com> to=<alice@mx.smtplog.test> proto=SMTP helo=<client.example.com>",
   .time = "--11-23T18:59:16", .host = "mx", .service = "smtpd", .instance = "postfix",
   .queue_id = "EAC94114585", .direction = Direction::inbound, .outcome = Outcome::rejected,
   .recipient = "alice@mx.smtplog.test", .sender = "bob@example.com", .peer_host = "unknown",
   .peer_ip = "127.0.0.10", .code = 503, .enhanced = "5.5.0",
   .text = "503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining",
   .stage = Stage::data},
  {.line = "Nov 23 18:59:17 mx postfix/postscreen[12070]: DENYLISTED [127.0.0.77]:59805",
   .time = "--11-23T18:59:17", .host = "mx", .service = "postscreen", .instance = "postfix",
   .direction = Direction::inbound, .peer_ip = "127.0.0.77", .text = "DENYLISTED [127.0.0.77]:59805",
   .stage = Stage::connect},
  {.line = "Nov 23 18:59:22 mx postfix/submission/smtpd[12119]: NOQUEUE: reject: RCPT from unknown[127.0.0.30]: 554 5.7.1 <friend@gmail.example>: Relay access denied; from=<carol@example.org> to=<friend@gmail.example> proto=ESMTP helo=<laptop.example.org>",
   .time = "--11-23T18:59:22", .host = "mx", .service = "smtpd", .instance = "postfix/submission",
   .direction = Direction::inbound, .outcome = Outcome::rejected, .recipient = "friend@gmail.example",
   .sender = "carol@example.org", .peer_host = "unknown", .peer_ip = "127.0.0.30", .code = 554,
   .enhanced = "5.7.1", .text = "554 5.7.1 <friend@gmail.example>: Relay access denied", .stage = Stage::rcpt},
  {.line = "Nov 23 18:59:23 mx postfix-out/smtp[12131]: C4F491145E3: to=<c2@out.smtplog.test>, relay=127.0.0.1[127.0.0.1]:2540, conn_use=2, delay=0.06, delays=0.02/0/0/0.04, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as S00007)",
   .time = "--11-23T18:59:23", .host = "mx", .service = "smtp", .instance = "postfix-out",
   .queue_id = "C4F491145E3", .direction = Direction::outbound, .outcome = Outcome::sent,
   .recipient = "c2@out.smtplog.test", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1", .code = 250,
   .enhanced = "2.0.0", .text = "250 2.0.0 Ok: queued as S00007", .dsn = "2.0.0"},
  // samples/postfix/postfix-rfc3339.log: the same run through RSYSLOG_FileFormat
  {.line = "2026-11-23T18:59:25.399754+00:00 mx postfix/qmgr[11565]: E9F60114774: from=<alice@mx.smtplog.test>, status=expired, returned to sender",
   .time = "2026-11-23T18:59:25.399754+00:00", .host = "mx", .service = "qmgr", .instance = "postfix",
   .queue_id = "E9F60114774", .direction = Direction::outbound, .outcome = Outcome::expired,
   .sender = "alice@mx.smtplog.test", .text = "returned to sender"},
  // ---- Postfix lines of no interest --------------------------------------------------------------------
  {.line = "Jan 28 06:33:59 mail postfix/submission/smtpd[13312]: connect from 60.45.239.202.h-c806da975[202.239.45.60]",
   .kind = LineKind::ignored},
  {.line = "Jan 28 06:34:09 mail postfix/submission/smtpd[13312]: disconnect from 60.45.239.202.h-c806da975[202.239.45.60] commands=0/0",
   .kind = LineKind::ignored},
  {.line = "Jan 28 06:37:29 mail postfix/anvil[13314]: statistics: max connection rate 1/60s for (submission:202.239.45.60) at Jan 28 06:33:59",
   .kind = LineKind::ignored},
  {.line = "Jan 28 06:40:36 mail postfix/dnsblog[15054]: addr 224.73.110.132 listed by domain h-3824e3d85a1cce as 58.1.8.1",
   .kind = LineKind::ignored},
  {.line = "Jan 28 06:40:37 mail postfix/postscreen[15049]: PASS OLD [224.73.110.132]:34764",
   .kind = LineKind::ignored},
  {.line = "Aug 27 14:04:08 pmg6 postfix/smtpd[7567]: NOQUEUE: client=pmgsender[192.168.22.40]",
   .kind = LineKind::ignored},
  // the proxy's reply is counted once, from the proxy-reject line that follows it
  {.line = "Aug 27 14:04:08 pmg6 postfix/smtpd[7567]: warning: proxy 127.0.0.1:10023 rejected \"MAIL FROM:<test@pmgsender.local> SIZE=722 BODY=8BITMIME ENVID=<c7ca5cde-cd5b-e042-c18e-f0c7e4253955@pmgsender.local> RET=FULL\": \"501 5.5.2 Syntax: MAIL FROM: <address>\"",
   .kind = LineKind::ignored},
  {.line = "Jan  1 00:00:00 corpus postfix/smtp[1]: Untrusted TLS connection established to mx4.hotmail.com[65.55.92.136]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-SHA384 (256/256 bits)",
   .kind = LineKind::ignored},
  {.line = "Jan  1 00:00:00 corpus postfix/qmgr[1]: ED06590130AA1C9D6D862: skipped, still being delivered",
   .kind = LineKind::ignored},
  {.line = "Jan  1 00:00:00 corpus postfix/qmgr[1]: 0F5383D: from=<owner-postfix-users@postfix.org>, size=5360, nrcpt=1 (queue active)",
   .kind = LineKind::ignored},
  {.line = "Jan  1 00:00:00 corpus postfix/cleanup[1]: D8B07E3DB6: warning: header Subject: https://drive.google.com/file/d/0B8wxcvprDYVdlVsdf1kzOVkdisarmed/view?usp=sharing from o1678917x173.outbound-mail.sendgrid.net[167.89.17.173]; from=<bounces+2320708-7653-frank.test=hsdjasdd.co.uk@sendgrid.net> to=<frank.test@hsdjasdd.co.uk> proto=ESMTP helo=<o1678917x173.outbound-mail.sendgrid.net>",
   .kind = LineKind::ignored},
  {.line = "Jan  1 00:00:00 corpus postfix/postsuper[1]: D4F2023DB: placed on hold",
   .kind = LineKind::ignored},
  // ---- neighbours: never ours ---------------------------------------------------------------------------
  {.line = "Oct 15 11:00:20 server dovecot: lmtp(30301): Connect from local", .kind = LineKind::foreign},
  {.line = "Oct 15 11:00:20 server amavis[14540]: (14540-09) Passed CLEAN {RelayedInbound}, [103.28.42.139]:56540 [103.28.42.139] <visitbrussels-huticd1jyidyhxuy1y@cmail19.com> -> <user@test.com>, Message-ID: <cm.2100050552286.huticd.jyidyhxuy.y@cmail19.com>, Hits: -1.481, size: 142067, queued_as: A0320E00C3, dkim_sd=cm:mailing.agenda.be, 10172 ms",
   .kind = LineKind::foreign},
  {.line = "Jan 28 06:40:37 mail opendkim[289]: 8BD903012026: h-2bf83754162e1 [224.73.110.132] not internal",
   .kind = LineKind::foreign},
  {.line = "Oct 15 11:03:12 server policyd-spf[30640]: prepend Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=207.154.235.157; helo=misas5.babino.pl; envelope-from=zwroty@babino.pl; receiver=<UNKNOWN>",
   .kind = LineKind::foreign},
  {.line = "Oct 15 11:04:32 server opendmarc[4245]: ignoring connection from localhost.localdomain",
   .kind = LineKind::foreign},
  {.line = "Sep  4 01:24:11 smtpnode06 h-353d61658b320[3831]: connect from 170.55.103.23", .kind = LineKind::foreign},
  // syslogd's own line (written here: no public test file keeps one)
  {.line = "Jan 28 06:40:37 mail last message repeated 3 times", .kind = LineKind::foreign},
  // OpenSMTPD and Sendmail log as bare "smtpd" / "sendmail" (written here)
  {.line = "Jan 28 06:40:37 mail smtpd[123]: 1a2b3c4d5e6f7a8b smtp failed-command command=\"RCPT TO:<a@b>\" result=\"550 Invalid recipient\"",
   .kind = LineKind::foreign},
  // ---- unparsed: lines that matter but are cut or unknown (regression inputs) -------------------
  {.line = "Jan 28 06:40:37 mail postfix/smtp[15076]: 8BD903012026: to=<h-f16@h-ffeb17e38996c.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.55, delays=0.4",
   .kind = LineKind::unparsed, .reason = "no status"},
  {.line = "Jan 28 06:40:37 mail postfix/smtp[15076]: 8BD903012026: to=<h-f16@h-ffeb17e38996c.com>, relay=127.0.0.1[127.0.0.1]:10024, dsn=2.0.0, status=sideways (250 ok)",
   .kind = LineKind::unparsed, .reason = "unknown status"},
  {.line = "Jan 28 11:05:26 mail postfix/smtpd[20127]: NOQUEUE: reject: RCPT",
   .kind = LineKind::unparsed, .reason = "action without stage"},
  // a real status line with an impossible date: it cannot be placed in time
  {.line = "Feb 30 06:40:37 mail postfix/smtp[15076]: 8BD903012026: to=<h-f16@h-ffeb17e38996c.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.55, delays=0.44/0.01/0/0.09, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as BF76C3012027)",
   .kind = LineKind::unparsed, .reason = "impossible timestamp"},
  {.line = "2026-11-23T24:00:00.211768+00:00 mx postfix/qmgr[11565]: E9F60114774: from=<alice@mx.smtplog.test>, status=expired, returned to sender",
   .kind = LineKind::unparsed, .reason = "impossible timestamp"},
  {.line = "Feb 30 06:33:59 mail postfix/submission/smtpd[13312]: connect from 60.45.239.202.h-c806da975[202.239.45.60]",
   .kind = LineKind::ignored},
  {.line = "Jan 28 11:05:26 mail postfix/smtpd[20127]: NOQUEUE: reject: RCPT from h-be8106e24226d8ee7[199.229",
   .kind = LineKind::unparsed, .reason = "action without client"},
};
// clang-format on

void check_row(const Row& r) {
  Scratch scratch;
  Event ev;
  ParseResult res = parse_line(r.line, ev, scratch);
  CHECK(to_string(res.kind) == std::string(to_string(r.kind)));
  CHECK(res.reason == r.reason);
  if (r.kind != LineKind::event) return;
  CHECK(when(ev.time) == r.time);
  CHECK(ev.host == r.host);
  CHECK(ev.mta == Mta::postfix);
  CHECK(ev.service == r.service);
  CHECK(ev.instance == r.instance);
  CHECK(ev.queue_id == r.queue_id);
  CHECK(to_string(ev.direction) == std::string(to_string(r.direction)));
  CHECK(to_string(ev.outcome) == std::string(to_string(r.outcome)));
  CHECK(ev.recipient == r.recipient);
  CHECK(ev.orig_to == r.orig_to);
  CHECK(ev.sender == r.sender);
  CHECK(ev.peer_host == r.peer_host);
  CHECK(ev.peer_ip == r.peer_ip);
  CHECK(ev.reply.code == r.code);
  CHECK(ev.reply.enhanced == r.enhanced);
  CHECK(ev.reply.text == r.text);
  CHECK(to_string(ev.reply.stage) == std::string(to_string(r.stage)));
  CHECK_FALSE(ev.reply.inferred);
  CHECK(ev.dsn == r.dsn);
  CHECK(ev.offset == 0);
}

}  // namespace

TEST_CASE("Postfix lines from the corpus, every Event field", "[postfix]") {
  for (const Row& r : kRows) {
    INFO(r.line);
    check_row(r);
  }
}

TEST_CASE("Postfix program names and syslog_name instances", "[postfix]") {
  CHECK(is_postfix_program("postfix/smtp"));
  CHECK(is_postfix_program("postfix-out/smtp"));
  CHECK(is_postfix_program("postfix/submission/smtpd"));
  CHECK(is_postfix_program("postfix-10.20.30.40/smtpd"));
  CHECK(is_postfix_program("smtps/smtpd"));
  CHECK(is_postfix_program("postfix/trivial-rewrite"));
  CHECK(is_postfix_program("postfix/postfix-script"));
  CHECK_FALSE(is_postfix_program("smtpd"));     // OpenSMTPD
  CHECK_FALSE(is_postfix_program("sendmail"));  // Sendmail
  CHECK_FALSE(is_postfix_program("postfix/"));
  CHECK_FALSE(is_postfix_program("/smtp"));
  CHECK_FALSE(is_postfix_program("postfix/dovecot"));
  CHECK_FALSE(is_postfix_program("dovecot"));
  CHECK_FALSE(is_postfix_program("lightmeter/headers"));
  CHECK_FALSE(is_postfix_program("my prog/smtp"));
}

TEST_CASE("Postfix parsing never reads out of bounds", "[postfix]") {
  Scratch scratch;
  Event ev;
  // Every prefix of every row: a truncated line is unparsed or a smaller event, never a crash.
  for (const Row& r : kRows) {
    for (std::size_t n = 0; n <= r.line.size(); ++n) {
      std::string copy(r.line.substr(0, n));  // its own buffer, so ASan sees overreads
      (void)parse_line(copy, ev, scratch);
    }
  }
  // Random bytes after a Postfix prefix, NULs and invalid UTF-8 included.
  std::mt19937 rng(42);
  const std::string prefixes[] = {"Jan  1 00:00:00 h postfix/smtp[1]: ",
                                  "Jan  1 00:00:00 h postfix/smtpd[1]: NOQUEUE: reject: ",
                                  "Jan  1 00:00:00 h postfix/cleanup[1]: 4F9D12A3B: reject: header ",
                                  "Jan  1 00:00:00 h postfix/postscreen[1]: PREGREET ",
                                  "Jan  1 00:00:00 h postfix/qmgr[1]: 4F9D12A3B: from=<",
                                  "Jan  1 00:00:00 h postfix/smtp[1]: 4F9D12A3B: to=<a@b>, status=sent ("};
  static const char kBytes[] = "<>[]():;, =.-0123456789abcAZ@\"#\\\xff\xc3";
  const std::string alphabet = std::string(kBytes, sizeof kBytes - 1) + '\0';
  for (const std::string& p : prefixes) {
    for (int i = 0; i < 2000; ++i) {
      std::string line = p;
      std::size_t len = rng() % 120;
      for (std::size_t k = 0; k < len; ++k) line += alphabet[rng() % alphabet.size()];
      (void)parse_line(line, ev, scratch);
    }
  }
  // A 10 MB line.
  std::string huge = "Jan  1 00:00:00 h postfix/smtp[1]: 4F9D12A3B: to=<";
  huge.append(10 * 1024 * 1024, 'x');
  CHECK(parse_line(huge, ev, scratch).kind == LineKind::unparsed);
  huge = "Jan  1 00:00:00 h postfix/smtpd[1]: NOQUEUE: reject: RCPT from a[1.2.3.4]: 550 ";
  huge.append(10 * 1024 * 1024, ';');
  CHECK(parse_line(huge, ev, scratch).kind == LineKind::event);
}

TEST_CASE("Postfix samples: outcome lines agree with expected.tsv", "[postfix]") {
  // samples/postfix/expected.tsv counts, per direction/outcome/code/enhanced, the
  // outcome lines its scenarios make a real Postfix write; it is computed from
  // the scenario table, not from the log.
  const std::filesystem::path dir = test::source_dir() / "samples" / "postfix";
  std::ifstream tsv(dir / "expected.tsv");
  if (!tsv) {
    WARN("samples/postfix/expected.tsv not found: Postfix sample counts not checked");
    return;
  }
  std::map<std::string, int> expected;
  std::string row;
  std::getline(tsv, row);  // header
  while (std::getline(tsv, row)) {
    std::size_t last = row.rfind('\t');
    expected[row.substr(0, last)] += std::stoi(row.substr(last + 1));
  }
  for (const char* name : {"postfix.log", "postfix-rfc3339.log"}) {
    INFO(name);
    std::ifstream in(dir / name, std::ios::binary);
    REQUIRE(in);
    std::map<std::string, int> got;
    std::string line;
    Scratch scratch;
    Event ev;
    while (std::getline(in, line)) {
      ParseResult r = parse_line(line, ev, scratch);
      CHECK(r.kind != LineKind::unparsed);
      if (r.kind != LineKind::event) continue;
      switch (ev.outcome) {
        case Outcome::sent: case Outcome::deferred: case Outcome::bounced: case Outcome::expired:
        case Outcome::rejected: case Outcome::reject_warning: case Outcome::held:
        case Outcome::discarded:
          break;
        default:
          continue;  // received, completed, notified, postscreen's verdicts: not in the table
      }
      std::ostringstream key;
      key << to_string(ev.direction) << '\t' << to_string(ev.outcome) << '\t' << ev.reply.code
          << '\t' << ev.effective_enhanced();
      ++got[key.str()];
    }
    CHECK(got == expected);
  }
}

TEST_CASE("The inline queue id test agrees with the general one", "[postfix]") {
  // queue_id_length takes the common hex id from one 16-byte load and leaves
  // the rest to queue_id_length_any: over ids of every length and alphabet,
  // with every ending, the two must agree (the expected values pin a few).
  CHECK(postfix::queue_id_length("4F9D12A3B: removed and more text") == 9);
  CHECK(postfix::queue_id_length("4F9D: removed and more text here") == 0);      // too short
  CHECK(postfix::queue_id_length("4F9D12A3B:removed and more text") == 0);      // no space
  CHECK(postfix::queue_id_length("NOQUEUE: reject: RCPT from x[1.2.3.4]") == 0);
  CHECK(postfix::queue_id_length("4F9D12A3BCDEF01: to=<a@b>, relay=x") == 15);
  CHECK(postfix::queue_id_length("4F9D12A3BCDEF012: to=<a@b>, relay=x") == 16);  // past the load
  CHECK(postfix::queue_id_length("3Xk6bF0m4Hz5CjM: to=<a@b>, relay=x") == 15);   // long id
  const std::string alphabets[] = {"0123456789ABCDEF", "bcdfghjkBCDFGHJKz0123", "aeiouAEIOU0189F", "01:2 AB"};
  std::mt19937 rng(8);
  for (int n = 0; n < 20000; ++n) {
    const std::string& a = alphabets[n % 4];
    std::string body;
    const std::size_t len = rng() % 26;
    for (std::size_t i = 0; i < len; ++i) body += a[rng() % a.size()];
    const char* ends[] = {": ", ":", ":x", " ", ": removed from the queue", ""};
    body += ends[rng() % 6];
    if (rng() % 2) body += " and a tail of text long enough";
    INFO(body);
    CHECK(postfix::queue_id_length(body) == postfix::queue_id_length_any(body));
  }
}

TEST_CASE("reply_hint agrees with searching for each text in turn", "[postfix]") {
  // reply_hint looks at every '=' and ':' of the body, 16 bytes a step then
  // the last 16 (or byte by byte under 16): the needles and pieces of them at
  // every position across those blocks, against contains_text for each.
  auto reference = [](std::string_view body) {
    if (contains_text(body, "status=")) return postfix::ReplyHint::status;
    if (contains_text(body, " said: ")) return postfix::ReplyHint::said;
    return postfix::ReplyHint::none;
  };
  CHECK(postfix::reply_hint("client=unknown[192.0.2.1]") == postfix::ReplyHint::none);
  CHECK(postfix::reply_hint("host mx[192.0.2.1] said: 550 no") == postfix::ReplyHint::said);
  CHECK(postfix::reply_hint("x said: y, status=sent") == postfix::ReplyHint::status);
  CHECK(postfix::reply_hint("status=") == postfix::ReplyHint::status);
  CHECK(postfix::reply_hint(" said: ") == postfix::ReplyHint::said);
  CHECK(postfix::reply_hint(" said:") == postfix::ReplyHint::none);
  const std::string_view pieces[] = {"status=", " said: ", "status", "tatus=", " said:", "said: ",
                                     "=", ":", ": ", "x", "  ", "==", "::", "[2001:db8::1]"};
  std::mt19937 rng(12);
  for (int n = 0; n < 40000; ++n) {
    std::string body;
    const std::size_t parts = rng() % 8;
    for (std::size_t k = 0; k < parts; ++k) {
      body.append(rng() % 19, static_cast<char>('a' + rng() % 3));
      body += pieces[rng() % std::size(pieces)];
    }
    body.append(rng() % 5, 'z');
    std::string copy(body);  // its own buffer, so ASan sees overreads
    INFO(body);
    CHECK(postfix::reply_hint(copy) == reference(copy));
  }
}

TEST_CASE("The inline angle_value agrees with the general one", "[postfix]") {
  // angle_value takes a value whose first '>' within 32 bytes closes it from
  // two 16-byte loads and leaves the rest to angle_value_any: '>' and the
  // bytes after it at every position around the loads and the text's end.
  std::size_t end = 0;
  CHECK(postfix::angle_value("to=<someone@example.com>, relay=mx.example.com[192.0.2.1]:25", 3, end) ==
        "someone@example.com");
  CHECK(end == 24);
  CHECK(postfix::angle_value("to=<a>b@example.com>; relay=mx.example.com[192.0.2.1]:25, x", 3, end) ==
        "a>b@example.com");
  std::mt19937 rng(14);
  for (int n = 0; n < 80000; ++n) {
    std::string s(rng() % 3, 'k');
    const std::size_t pos = s.size();
    s += '<';
    const std::size_t len = rng() % 70;
    for (std::size_t i = 0; i < len; ++i) {
      const unsigned r = rng() % 16;  // '>', any byte, or a letter
      s += r == 0 ? '>' : r == 1 ? static_cast<char>(rng() % 256) : static_cast<char>('a' + r);
    }
    if (n % 4 == 0) s += '>';  // a '>' as the last byte, at every distance from the '<'
    // An exact-size buffer: a read past the text is an ASan error.
    const std::unique_ptr<char[]> buf(new char[s.size()]);
    std::memcpy(buf.get(), s.data(), s.size());
    const std::string_view copy(buf.get(), s.size());
    std::size_t end_fast = 0, end_any = 0;
    INFO(s);
    CHECK(postfix::angle_value(copy, pos, end_fast) == postfix::angle_value_any(copy, pos, end_any));
    CHECK(end_fast == end_any);
  }
}

TEST_CASE("The inline trim agrees with trim_spaces", "[postfix]") {
  // trim drops one leading space itself and calls trim_spaces only when
  // spaces or tabs are left at either end: every string of up to 7 bytes of
  // ' ', '\t' and 'a' gives the same view from both.
  const char bytes[] = {' ', '\t', 'a'};
  for (std::size_t len = 0; len <= 7; ++len) {
    std::size_t combos = 1;
    for (std::size_t i = 0; i < len; ++i) combos *= 3;
    for (std::size_t c = 0; c < combos; ++c) {
      std::string s;
      for (std::size_t i = 0, k = c; i < len; ++i, k /= 3) s += bytes[k % 3];
      INFO('[' << s << ']');
      const std::string_view want = postfix::trim_spaces(s), got = postfix::trim(s);
      CHECK(got == want);
      CHECK(got.data() == want.data());
    }
  }
}
