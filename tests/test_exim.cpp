// The Exim parser, table-driven: real lines (from ../shared/corpus, see its
// PROVENANCE.md, and from samples/exim, written by a real Exim 4.96) with
// every Event field beside them. A field left out of a row is expected empty.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "parsers/exim.h"
#include "parsers/exim_fields.h"
#include "parsers/line.h"
#include "tests/paths.h"

using namespace smtplog;

namespace {

struct Row {
  std::string_view line = {};
  LineKind kind = LineKind::event;
  std::string_view time = {};  // "YYYY-MM-DD HH:MM:SS[.ffffff][ +HHMM]", year 0000 when none
  std::string_view host = {};
  Outcome outcome = Outcome::none;
  Direction direction = Direction::none;
  std::string_view service = {}, queue_id = {}, recipient = {}, orig_to = {}, sender = {},
                   peer_host = {}, peer_ip = {};
  std::uint16_t code = 0;
  std::string_view enhanced = {};
  Stage stage = Stage::none;
  bool inferred = false;
  std::string_view text = {};
  std::string_view reason = {};
};

std::string civil(const CivilTime& t) {
  if (!t.valid()) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  std::string s = buf;
  if (t.micros) {
    std::snprintf(buf, sizeof buf, ".%06d", static_cast<int>(t.micros));
    s += buf;
  }
  if (t.has_offset) {
    int off = t.offset_minutes;
    std::snprintf(buf, sizeof buf, " %c%02d%02d", off < 0 ? '-' : '+', std::abs(off) / 60,
                  std::abs(off) % 60);
    s += buf;
  }
  return s;
}

void check_row(const Row& row) {
  Scratch scratch;
  Event ev;
  ParseResult r = parse_line(row.line, ev, scratch);
  INFO(row.line);
  CHECK(to_string(r.kind) == std::string(to_string(row.kind)));
  CHECK(r.reason == row.reason);
  bool exim = row.kind != LineKind::continuation && row.kind != LineKind::foreign;
  CHECK(ev.mta == (exim ? Mta::exim : Mta::unknown));
  CHECK(ev.instance == (exim ? "exim" : ""));
  CHECK(civil(ev.time) == row.time);
  CHECK(ev.host == row.host);
  CHECK(to_string(ev.outcome) == std::string(to_string(row.outcome)));
  CHECK(to_string(ev.direction) == std::string(to_string(row.direction)));
  CHECK(ev.service == row.service);
  CHECK(ev.queue_id == row.queue_id);
  CHECK(ev.recipient == row.recipient);
  CHECK(ev.orig_to == row.orig_to);
  CHECK(ev.sender == row.sender);
  CHECK(ev.peer_host == row.peer_host);
  CHECK(ev.peer_ip == row.peer_ip);
  CHECK(ev.reply.code == row.code);
  CHECK(ev.reply.enhanced == row.enhanced);
  CHECK(std::string(to_string(ev.reply.stage)) == to_string(row.stage));
  CHECK(ev.reply.inferred == row.inferred);
  CHECK(ev.reply.text == row.text);
  CHECK(ev.dsn.empty());
  CHECK(ev.offset == 0);
}

using LK = LineKind;
using O = Outcome;
using D = Direction;
using S = Stage;

}  // namespace

TEST_CASE("Exim mainlog: arrivals, deliveries, deferrals, bounces", "[exim]") {
  const Row rows[] = {
      // exim_exporter: [pid] (log_selector +pid), received over SMTP
      {.line = "2020-06-19 04:51:49 [123] 1jmFYj-00039V-QX <= noreply@test.corp H=(test.corp) [2.2.2.2] P=smtp S=7386",
       .time = "2020-06-19 04:51:49", .outcome = O::received, .direction = D::inbound, .service = "smtp",
       .queue_id = "1jmFYj-00039V-QX", .sender = "noreply@test.corp", .peer_ip = "2.2.2.2"},
      {.line = "2020-06-19 04:54:02 1jmFYj-00039V-QX == bob@null.corp R=dnslookup T=remote_smtp defer (110): Connection timed out",
       .time = "2020-06-19 04:54:02", .outcome = O::deferred, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1jmFYj-00039V-QX", .recipient = "bob@null.corp", .text = "Connection timed out"},
      {.line = "2020-06-19 04:54:02 1jmFYj-00039V-QX ** bob@null.corp: retry timeout exceeded",
       .time = "2020-06-19 04:54:02", .outcome = O::bounced, .direction = D::local,
       .queue_id = "1jmFYj-00039V-QX", .recipient = "bob@null.corp", .text = "retry timeout exceeded"},
      // the bounce message itself: null sender, R= is the parent message
      {.line = "2020-06-19 04:54:02 1jmFas-0004f6-EB <= <> R=1jmFYj-00039V-QX U=Debian-exim P=local S=8656",
       .time = "2020-06-19 04:54:02", .outcome = O::received, .direction = D::local, .service = "local",
       .queue_id = "1jmFas-0004f6-EB"},
      {.line = "2020-06-19 04:54:02 [456] 1jmFYj-00039V-QX Completed",
       .time = "2020-06-19 04:54:02", .outcome = O::completed, .queue_id = "1jmFYj-00039V-QX"},
      {.line = "2020-06-19 06:26:02 1jmH1s-000AVD-5t => dave@foo.corp R=dnslookup T=remote_smtp H=mail.foo.corp [1.1.1.1] C=\"250 2.0.0 Ok: queued\"",
       .time = "2020-06-19 06:26:02", .outcome = O::sent, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1jmH1s-000AVD-5t", .recipient = "dave@foo.corp", .peer_host = "mail.foo.corp",
       .peer_ip = "1.1.1.1", .code = 250, .enhanced = "2.0.0", .stage = S::end_of_data,
       .text = "250 2.0.0 Ok: queued"},
      // log_timezone: "+0200" after the time; TLS fields with a quoted DN before the ':'
      {.line = "2020-06-20 01:32:57 +0200 [789] 1jmKso-0009d4-Uf ** molly@zee.corp R=dnslookup T=remote_smtp H=mail.zee.corp [3.3.3.3] X=TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256 CV=yes DN=\"C=US,ST=Fake,L=Lost,O=Zee Corp,CN=mail.zee.corp\": SMTP error from remote mail server after end of data: 554 5.2.0 mKr3jsd25ZIfXmKr4jFD2w Recipient Mailbox Full [504]",
       .time = "2020-06-20 01:32:57 +0200", .outcome = O::bounced, .direction = D::outbound,
       .service = "remote_smtp", .queue_id = "1jmKso-0009d4-Uf", .recipient = "molly@zee.corp",
       .peer_host = "mail.zee.corp", .peer_ip = "3.3.3.3", .code = 554, .enhanced = "5.2.0",
       .stage = S::end_of_data, .text = "554 5.2.0 mKr3jsd25ZIfXmKr4jFD2w Recipient Mailbox Full [504]"},
      {.line = "2020-06-20 04:32:57 -0200 1jmKsr-00040h-1G <= <> R=1jmKso-0009d4-Uf U=Debian-exim P=local S=9521",
       .time = "2020-06-20 04:32:57 -0200", .outcome = O::received, .direction = D::local, .service = "local",
       .queue_id = "1jmKsr-00040h-1G"},
      {.line = "2020-06-20 00:13:16 1jmXgg-000AIC-89 -> sally@dummy.corp R=dnslookup T=remote_smtp_smarthost H=smarthost.test.corp [5.5.5.5] X=TLS1.2:ECDHE_RSA_AES_128_GCM_SHA256:128 CV=yes DN=\"C=XX,L=Here,O=Text Corp,CN=*.test.corp\" C=\"250 6292145-1592637196662@smarthost.test.corp Received OK [sHQA_0EGOfCC2A2sh3iD5g]\"",
       .time = "2020-06-20 00:13:16", .outcome = O::sent, .direction = D::outbound,
       .service = "remote_smtp_smarthost", .queue_id = "1jmXgg-000AIC-89", .recipient = "sally@dummy.corp",
       .peer_host = "smarthost.test.corp", .peer_ip = "5.5.5.5", .code = 250, .stage = S::end_of_data,
       .text = "250 6292145-1592637196662@smarthost.test.corp Received OK [sHQA_0EGOfCC2A2sh3iD5g]"},
      // damaged in the source ("[4.4.4.4:" lacks its ']'): the reply is still found
      {.line = "2020-06-24 00:20:20 1raAV4-009jr4-9x == jack@test.corp R=dnslookup T=remote_smtp defer (-44) H=(relay.test.corp) [4.4.4.4: SMTP error from remote mail server after RCPT TO:<jack@test.corp>: 450 4.7.1 <jack@test.corp>: Recipient address rejected: Recipient not available",
       .time = "2020-06-24 00:20:20", .outcome = O::deferred, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1raAV4-009jr4-9x", .recipient = "jack@test.corp", .peer_ip = "4.4.4.4", .code = 450,
       .enhanced = "4.7.1", .stage = S::rcpt,
       .text = "450 4.7.1 <jack@test.corp>: Recipient address rejected: Recipient not available"},
      {.line = "2020-06-20 05:13:04 1raAO5-0091Cv-IH ** dave@foo.corp R=dnslookup T=remote_smtp H=(relay.test.corp) [4.4.4.4]: SMTP error from remote mail server after end of data: 550 Message was not accepted -- invalid mailbox.  Local mailbox dave@foo.corp is unavailable: dave's not here man",
       .time = "2020-06-20 05:13:04", .outcome = O::bounced, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1raAO5-0091Cv-IH", .recipient = "dave@foo.corp", .peer_ip = "4.4.4.4", .code = 550,
       .stage = S::end_of_data,
       .text = "550 Message was not accepted -- invalid mailbox.  Local mailbox dave@foo.corp is unavailable: dave's not here man"},
      // alaveteli: Exim before 4.8x put "host NAME [IP]: " before the reply
      {.line = "2016-06-03 11:03:18 [13879] 1b8lwj-0003bo-6W == authority@example.com R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<authority@example.com>: host eu-smtp-inbound-1.mimecast.com [195.130.217.211]: 451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451",
       .time = "2016-06-03 11:03:18", .outcome = O::deferred, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1b8lwj-0003bo-6W", .recipient = "authority@example.com",
       .peer_host = "eu-smtp-inbound-1.mimecast.com", .peer_ip = "195.130.217.211", .code = 451,
       .stage = S::rcpt,
       .text = "451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451"},
      {.line = "2016-06-03 14:22:11 [31522] 1b8p3C-0008CN-Vl -> authority@example.com <Authority@example.com> F=<request-123-abc987@example.net> P=<request-123-abc987@example.net> R=dnslookup T=remote_smtp S=5745 H=cluster5.eu.messagelabs.com [85.158.138.179]:25 X=TLS1.2:DHE_RSA_AES_128_CBC_SHA1:128 CV=no DN=\"C=US,ST=California,L=Mountain View,O=Symantec Corporation,OU=Symantec.cloud,CN=mail169.messagelabs.com\" C=\"250 ok 1464960131 qp 11694 server-9.tower-169.messagelabs.com!1464960131!41697448!1\" QT=1s DT=0s",
       .time = "2016-06-03 14:22:11", .outcome = O::sent, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1b8p3C-0008CN-Vl", .recipient = "authority@example.com", .orig_to = "Authority@example.com",
       .sender = "request-123-abc987@example.net", .peer_host = "cluster5.eu.messagelabs.com",
       .peer_ip = "85.158.138.179", .code = 250, .stage = S::end_of_data,
       .text = "250 ok 1464960131 qp 11694 server-9.tower-169.messagelabs.com!1464960131!41697448!1"},
      {.line = "2016-06-03 01:21:52 [22942] 1b8cs4-0005xz-6g ** invalid@example.com F=<do-not-reply-to-this-address@example.net>: Unrouteable address",
       .time = "2016-06-03 01:21:52", .outcome = O::bounced, .direction = D::local,
       .queue_id = "1b8cs4-0005xz-6g", .recipient = "invalid@example.com",
       .sender = "do-not-reply-to-this-address@example.net", .text = "Unrouteable address"},
      // Exim test suite: 4.97+ message ids (6-11-4), milliseconds, (parent) and <top>
      {.line = "1999-03-02 09:44:33 10HmaZ-000000005vi-0000 >> userx@domain.com (ruserx@domain.com) <rruserx@domain.com> P=<CALLER@myhost.test.ex> R=all T=smtp H=127.0.0.1 [127.0.0.1] C=\"250 OK\"",
       .time = "1999-03-02 09:44:33", .outcome = O::sent, .direction = D::outbound, .service = "smtp",
       .queue_id = "10HmaZ-000000005vi-0000", .recipient = "userx@domain.com", .orig_to = "rruserx@domain.com",
       .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1", .code = 250, .stage = S::end_of_data, .text = "250 OK"},
      {.line = "2017-07-30 18:51:05.712 10HmaZ-000000005vi-0000 <= CALLER@myhost.test.ex U=CALLER P=local S=sss RT=q.qqqs",
       .time = "2017-07-30 18:51:05.712000", .outcome = O::received, .direction = D::local, .service = "local",
       .queue_id = "10HmaZ-000000005vi-0000", .sender = "CALLER@myhost.test.ex"},
      {.line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 => CALLER <CALLER@the.local.host.name> R=localuser T=local_delivery",
       .time = "1999-03-02 09:44:33", .outcome = O::sent, .direction = D::local, .service = "local_delivery",
       .queue_id = "10HmaX-000000005vi-0000", .recipient = "CALLER", .orig_to = "CALLER@the.local.host.name"},
      {.line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 => :blackhole: <blackhole@the.local.host.name> R=system_aliases",
       .time = "1999-03-02 09:44:33", .outcome = O::sent, .direction = D::local, .service = "system_aliases",
       .queue_id = "10HmaX-000000005vi-0000", .recipient = ":blackhole:", .orig_to = "blackhole@the.local.host.name"},
      {.line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 ** |TESTSUITE/aux-fixed/showenv <pipe@test.ex> R=system_aliases T=address_pipe : return message generated",
       .time = "1999-03-02 09:44:33", .outcome = O::bounced, .direction = D::local, .service = "address_pipe",
       .queue_id = "10HmaX-000000005vi-0000", .recipient = "|TESTSUITE/aux-fixed/showenv",
       .orig_to = "pipe@test.ex", .text = "return message generated"},
      // retry time not reached: -52 routing, -53 (Exim up to 4.94), -54 (4.95 on)
      {.line = "2026-11-23 15:16:34.810 -0330 [27042] 1xVZ3N-0006no-1P == r451-4.3.0@example.com routing defer (-52) DT=0.000s: retry time not reached",
       .time = "2026-11-23 15:16:34.810000 -0330", .outcome = O::deferred, .direction = D::local,
       .queue_id = "1xVZ3N-0006no-1P", .recipient = "r451-4.3.0@example.com", .text = "retry time not reached"},
      {.line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 == userx@test.ex R=r1 T=local_delivery defer (-53): Retry time not yet reached",
       .time = "1999-03-02 09:44:33", .outcome = O::deferred, .direction = D::local, .service = "local_delivery",
       .queue_id = "10HmaX-000000005vi-0000", .recipient = "userx@test.ex", .text = "Retry time not yet reached"},
      {.line = "2026-11-23 18:46:03 1xVZ2x-0006JD-1g == someone@busy.example.net R=remote_loopback T=remote_smtp defer (-54): retry time not reached for any host for 'busy.example.net'",
       .time = "2026-11-23 18:46:03", .outcome = O::deferred, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1xVZ2x-0006JD-1g", .recipient = "someone@busy.example.net",
       .text = "retry time not reached for any host for 'busy.example.net'"},
      // samples/exim (Exim 4.96, log_selector +all): DT= follows the reply and is not part of it
      {.line = "2026-11-23 15:12:40.839 -0330 [18477] 1xVYzw-0004nz-2f == someone@refused.example.net R=remote_loopback T=remote_smtp defer (111): Connection refused DT=0.000s",
       .time = "2026-11-23 15:12:40.839000 -0330", .outcome = O::deferred, .direction = D::outbound,
       .service = "remote_smtp", .queue_id = "1xVYzw-0004nz-2f", .recipient = "someone@refused.example.net",
       .text = "Connection refused"},
      {.line = "2026-11-23 15:12:48.507 -0330 [18493] 1xVZ00-0004oF-1a == someone@silent.example.net R=remote_loopback T=remote_smtp defer (110): Connection timed out H=127.0.0.5 [127.0.0.5]:12529 I=[127.0.0.1]:51616 DT=4.004s: SMTP timeout after initial connection",
       .time = "2026-11-23 15:12:48.507000 -0330", .outcome = O::deferred, .direction = D::outbound,
       .service = "remote_smtp", .queue_id = "1xVZ00-0004oF-1a", .recipient = "someone@silent.example.net",
       .peer_host = "127.0.0.5", .peer_ip = "127.0.0.5", .stage = S::connect,
       .text = "Connection timed out H=127.0.0.5 [127.0.0.5]:12529 I=[127.0.0.1]:51616 DT=4.004s: SMTP timeout after initial connection"},
      {.line = "2026-11-23 15:12:37.064 -0330 [18372] 1xVYzt-0004mI-01 ** r550-5.1.1@example.com F=<sender@example.org> P=<sender@example.org> R=remote_loopback T=remote_smtp H=127.0.0.1 [127.0.0.1]:12526 I=[127.0.0.1]:39732: SMTP error from remote mail server after RCPT TO:<r550-5.1.1@example.com>: 550 5.1.1 The email account that you tried to reach does not exist. - gsmtp DT=0.000s",
       .time = "2026-11-23 15:12:37.064000 -0330", .outcome = O::bounced, .direction = D::outbound,
       .service = "remote_smtp", .queue_id = "1xVYzt-0004mI-01", .recipient = "r550-5.1.1@example.com",
       .sender = "sender@example.org", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1", .code = 550,
       .enhanced = "5.1.1", .stage = S::rcpt,
       .text = "550 5.1.1 The email account that you tried to reach does not exist. - gsmtp"},
      {.line = "2026-11-23 15:12:39.044 -0330 [18427] 1xVYzu-0004nB-3B ** ok4@example.com F=<mail550-5.7.1@example.org> P=<mail550-5.7.1@example.org> R=remote_loopback T=remote_smtp H=127.0.0.1 [127.0.0.1]:12526 I=[127.0.0.1]:51388: SMTP error from remote mail server after pipelined MAIL FROM:<mail550-5.7.1@example.org> SIZE=1402: 550 5.7.1 [127.0.0.1] This message is likely unsolicited mail. DT=0.045s",
       .time = "2026-11-23 15:12:39.044000 -0330", .outcome = O::bounced, .direction = D::outbound,
       .service = "remote_smtp", .queue_id = "1xVYzu-0004nB-3B", .recipient = "ok4@example.com",
       .sender = "mail550-5.7.1@example.org", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1", .code = 550,
       .enhanced = "5.7.1", .stage = S::mail, .text = "550 5.7.1 [127.0.0.1] This message is likely unsolicited mail."},
      {.line = "2026-11-23 18:43:13 1xVZ0T-00055M-0V => ok@example.com R=remote_loopback T=remote_smtp H=127.0.0.1 [127.0.0.1] C=\"250 2.0.0 Ok: queued as S00001\"",
       .time = "2026-11-23 18:43:13", .outcome = O::sent, .direction = D::outbound, .service = "remote_smtp",
       .queue_id = "1xVZ0T-00055M-0V", .recipient = "ok@example.com", .peer_host = "127.0.0.1",
       .peer_ip = "127.0.0.1", .code = 250, .enhanced = "2.0.0", .stage = S::end_of_data,
       .text = "250 2.0.0 Ok: queued as S00001"},
      {.line = "1999-03-02 09:44:33 10HmbA-000000005vi-0000 ** userx@test.ex R=r1 T=t1 : all hosts for 'test.ex' have been failing for a long time (and retry time not reached)",
       .time = "1999-03-02 09:44:33", .outcome = O::bounced, .direction = D::local, .service = "t1",
       .queue_id = "10HmbA-000000005vi-0000", .recipient = "userx@test.ex",
       .text = "all hosts for 'test.ex' have been failing for a long time (and retry time not reached)"},
      // a redirect's :fail: with a code of its own
      {.line = "1999-03-02 09:44:33 10HmbB-000000005vi-0000 ** user22@test.ex R=r1 : 590 5.4.3 Main and extended code",
       .time = "1999-03-02 09:44:33", .outcome = O::bounced, .direction = D::local, .service = "r1",
       .queue_id = "10HmbB-000000005vi-0000", .recipient = "user22@test.ex", .code = 590, .enhanced = "5.4.3",
       .text = "590 5.4.3 Main and extended code"},
      {.line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 ** baduser@test.ex R=client T=send_to_server H=ip4.ip4.ip4.ip4 [ip4.ip4.ip4.ip4] : PRDR error after DATA: 550 PRDR R=<baduser@test.ex> refusal",
       .time = "1999-03-02 09:44:33", .outcome = O::bounced, .direction = D::outbound, .service = "send_to_server",
       .queue_id = "10HmaX-000000005vi-0000", .recipient = "baduser@test.ex", .peer_host = "ip4.ip4.ip4.ip4",
       .peer_ip = "ip4.ip4.ip4.ip4", .code = 550, .stage = S::end_of_data, .text = "550 PRDR R=<baduser@test.ex> refusal"},
      {.line = "1999-03-02 09:44:33 10HmaZ-000000005vi-0000 => withlogging@l-sec.test.ex R=client T=send_to_server H=l-sec.test.ex DS [127.0.0.1] C=\"250 OK id=10HmbA-000000005vi-0000\"",
       .time = "1999-03-02 09:44:33", .outcome = O::sent, .direction = D::outbound, .service = "send_to_server",
       .queue_id = "10HmaZ-000000005vi-0000", .recipient = "withlogging@l-sec.test.ex", .peer_host = "l-sec.test.ex",
       .peer_ip = "127.0.0.1", .code = 250, .stage = S::end_of_data, .text = "250 OK id=10HmbA-000000005vi-0000"},
      {.line = "2017-07-30 18:51:05.712 10HmaZ-000000005vi-0000 => hascache@test.ex R=client T=smtp H=127.0.0.1 [127.0.0.1] TFO* X=TLS1.x:ke-RSA-AES256-SHAnnn:xxx L* C=\"250 OK id=10HmbA-000000005vi-0000\"",
       .time = "2017-07-30 18:51:05.712000", .outcome = O::sent, .direction = D::outbound, .service = "smtp",
       .queue_id = "10HmaZ-000000005vi-0000", .recipient = "hascache@test.ex", .peer_host = "127.0.0.1",
       .peer_ip = "127.0.0.1", .code = 250, .stage = S::end_of_data, .text = "250 OK id=10HmbA-000000005vi-0000"},
      {.line = "1999-03-02 09:44:33 10HmaY-000000005vi-0000 Frozen (delivery error message)",
       .time = "1999-03-02 09:44:33", .outcome = O::frozen, .queue_id = "10HmaY-000000005vi-0000"},
      // fake reject: kept, but the client was told 550
      {.line = "1999-03-02 09:44:33 10HmbC-000000005vi-0000 (= b2@dump.ex H=localhost (myhost.test.ex) [127.0.0.1] P=esmtp S=sss for rmt_fakereject@test.ex",
       .time = "1999-03-02 09:44:33", .outcome = O::received, .direction = D::inbound, .service = "smtp",
       .queue_id = "10HmbC-000000005vi-0000", .sender = "b2@dump.ex", .peer_host = "localhost",
       .peer_ip = "127.0.0.1", .code = 550, .stage = S::end_of_data, .inferred = true},
      {.line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 *> newr1@myhost.test.ex <r1@test.ex> R=ok T=t1 H=V4NET.0.0.0 [V4NET.0.0.0] C=\"delivery bypassed by -N option\"",
       .time = "1999-03-02 09:44:33", .outcome = O::discarded, .direction = D::outbound, .service = "t1",
       .queue_id = "10HmaX-000000005vi-0000", .recipient = "newr1@myhost.test.ex", .orig_to = "r1@test.ex",
       .peer_host = "V4NET.0.0.0", .peer_ip = "V4NET.0.0.0"},
      {.line = "2020-02-11 17:09:46 1j1Z2g-00Faoy-Uh <= example@strawberry.active-ns.com U=example P=local T=\"[Examples Galore] Please moderate: \\\"Hello world!\\\"\" for admin@example.net",
       .time = "2020-02-11 17:09:46", .outcome = O::received, .direction = D::local, .service = "local",
       .queue_id = "1j1Z2g-00Faoy-Uh", .sender = "example@strawberry.active-ns.com"},
      // host-level error: ignored (the == line after it repeats the reply), reply still read
      {.line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=localhost4.test.ex [127.0.0.1]: SMTP error from remote mail server after initial connection: 450 I'm busy",
       .kind = LK::ignored, .time = "1999-03-02 09:44:33", .outcome = O::deferred, .direction = D::outbound,
       .service = "smtp", .queue_id = "10HmaX-000000005vi-0000", .peer_host = "localhost4.test.ex",
       .peer_ip = "127.0.0.1", .code = 450, .stage = S::connect, .text = "450 I'm busy"},
  };
  for (const Row& row : rows) check_row(row);
}

TEST_CASE("Exim listener: ACL rejects with inferred codes, AUTH, protocol errors", "[exim]") {
  const Row rows[] = {
      {.line = "2016-04-18 09:33:27 H=(85.214.241.101) [114.37.190.56] F=<z2007tw@yahoo.com.tw> rejected RCPT <alan.a168@msa.hinet.net>: relay not permitted",
       .time = "2016-04-18 09:33:27", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .recipient = "alan.a168@msa.hinet.net", .sender = "z2007tw@yahoo.com.tw", .peer_ip = "114.37.190.56",
       .code = 550, .stage = S::rcpt, .inferred = true, .text = "relay not permitted"},
      {.line = "2026-11-23 15:16:29.533 -0330 [26839] H=(client.example) [127.0.0.1]:50395 I=[127.0.0.1]:12525 F=<friend@client.example> temporarily rejected RCPT <greylist@example.org>: Greylisted, please try again later",
       .time = "2026-11-23 15:16:29.533000 -0330", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .recipient = "greylist@example.org", .sender = "friend@client.example",
       .peer_ip = "127.0.0.1", .code = 451, .stage = S::rcpt, .inferred = true,
       .text = "Greylisted, please try again later"},
      {.line = "2026-11-23 15:16:30.046 -0330 [26867] H=(client.example) [127.0.0.1]:38281 I=[127.0.0.1]:12525 rejected MAIL <bulk@spammer.example>: Sender domain is blocked by local policy",
       .time = "2026-11-23 15:16:30.046000 -0330", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .sender = "bulk@spammer.example", .peer_ip = "127.0.0.1", .code = 550,
       .stage = S::mail, .inferred = true, .text = "Sender domain is blocked by local policy"},
      {.line = "2026-11-23 15:16:30.560 -0330 [26868] H=(mx.example.org) [127.0.0.1]:44303 I=[127.0.0.1]:12525 rejected EHLO or HELO mx.example.org: HELO/EHLO impersonates this host",
       .time = "2026-11-23 15:16:30.560000 -0330", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .peer_ip = "127.0.0.1", .code = 550, .stage = S::ehlo, .inferred = true,
       .text = "HELO/EHLO impersonates this host"},
      {.line = "2026-11-23 15:16:31.070 -0330 [26869] rejected EHLO from [127.0.0.1]:58197 I=[127.0.0.1]:12525: syntactically invalid argument(s): bad_name!",
       .time = "2026-11-23 15:16:31.070000 -0330", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .peer_ip = "127.0.0.1", .code = 501, .stage = S::ehlo, .inferred = true,
       .text = "syntactically invalid argument(s): bad_name!"},
      {.line = "2026-11-23 15:16:31.583 -0330 [26886] 1xVZ3f-0006ze-1s H=(client.example) [127.0.0.1]:41531 I=[127.0.0.1]:12525 F=<friend@client.example> rejected after DATA: Message rejected as spam (subject)",
       .time = "2026-11-23 15:16:31.583000 -0330", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .queue_id = "1xVZ3f-0006ze-1s", .sender = "friend@client.example",
       .peer_ip = "127.0.0.1", .code = 550, .stage = S::end_of_data, .inferred = true,
       .text = "Message rejected as spam (subject)"},
      {.line = "2026-11-23 15:16:33.099 -0330 [26888] SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[127.0.0.2]:36573 I=[127.0.0.1]:12525 input=\"EHLO early.example\\r\\n\"",
       .time = "2026-11-23 15:16:33.099000 -0330", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .peer_ip = "127.0.0.2", .code = 554, .stage = S::connect, .inferred = true,
       .text = "SMTP protocol synchronization error (input sent without waiting for greeting)"},
      {.line = "2026-11-23 15:16:33.411 -0330 [26981] SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected \"MAIL FROM:<friend@client.example>\" H=(client.example) [127.0.0.1]:38717 I=[127.0.0.1]:12525 next input=\"RCPT TO:<alice@example.org>\\r\\n\"",
       .time = "2026-11-23 15:16:33.411000 -0330", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .peer_ip = "127.0.0.1", .code = 554, .stage = S::mail, .inferred = true,
       .text = "SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised)"},
      // Exim gives up on a client: a refusal without a code (smtp_in.c sends 554, 500, or the last error's code).
      {.line = "2013-06-02 09:22:05 [19591] SMTP call from pc012-6201.spo.scu.edu.tw [163.14.21.161]:3767 I=[1.2.3.4]:25 dropped: too many nonmail commands (last was \"RSET\")",
       .time = "2013-06-02 09:22:05", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .peer_host = "pc012-6201.spo.scu.edu.tw", .peer_ip = "163.14.21.161", .code = 554,
       .stage = S::unknown, .inferred = true, .text = "too many nonmail commands (last was \"RSET\")"},
      {.line = "2013-06-02 09:22:06 SMTP call from [192.0.2.109] dropped: too many syntax or protocol errors (last command was \"AUTH LOGIN\")",
       .time = "2013-06-02 09:22:06", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .peer_ip = "192.0.2.109", .code = 500, .stage = S::unknown, .inferred = true,
       .text = "too many syntax or protocol errors (last command was \"AUTH LOGIN\")"},
      {.line = "2017-01-24 05:36:23 SMTP call from (000000) [::1]:39480 dropped: too many unrecognized commands (last was \"GET\")",
       .time = "2017-01-24 05:36:23", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .peer_ip = "::1", .code = 500, .stage = S::unknown, .inferred = true,
       .text = "too many unrecognized commands (last was \"GET\")"},
      {.line = "2017-01-24 02:53:13 SMTP connection from (hydra) [10.101.1.10]:53682 lost", .kind = LineKind::ignored,
       .time = "2017-01-24 02:53:13"},
      {.line = "2017-01-24 02:53:14 SMTP call from [10.101.1.10] dropped: too many connections", .kind = LineKind::ignored,
       .time = "2017-01-24 02:53:14"},
      {.line = "2020-06-13 13:55:20 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected",
       .time = "2020-06-13 13:55:20", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .code = 554, .stage = S::unknown, .inferred = true,
       .text = "SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised)"},
      {.line = "2026-11-23 15:16:33.723 -0330 [26989] plain_server authenticator failed for (client.example) [127.0.0.1]:35025 I=[127.0.0.1]:12525: 535 Incorrect authentication data (set_id=alice)",
       .time = "2026-11-23 15:16:33.723000 -0330", .outcome = O::auth_failed, .direction = D::inbound,
       .service = "smtp", .peer_ip = "127.0.0.1", .code = 535, .stage = S::auth,
       .text = "535 Incorrect authentication data (set_id=alice)"},
      {.line = "2022-06-29 16:04:08 dovecot_login authenticator failed for ppp-1-2-3-4.test.test.co.th ([1.2.3.5]) [1.2.3.4]:51451: 535 Incorrect authentication data (set_id=info1@test.com)",
       .time = "2022-06-29 16:04:08", .outcome = O::auth_failed, .direction = D::inbound, .service = "smtp",
       .peer_host = "ppp-1-2-3-4.test.test.co.th", .peer_ip = "1.2.3.4", .code = 535, .stage = S::auth,
       .text = "535 Incorrect authentication data (set_id=info1@test.com)"},
      {.line = "1999-03-02 09:44:33 expanded_prompt_plain authenticator failed for H=(test.host) [10.0.0.1] U=CALLER: 535 Incorrect authentication data (set_id=userx)",
       .time = "1999-03-02 09:44:33", .outcome = O::auth_failed, .direction = D::inbound, .service = "smtp",
       .peer_ip = "10.0.0.1", .code = 535, .stage = S::auth, .text = "535 Incorrect authentication data (set_id=userx)"},
      {.line = "2015-03-12 03:17:22 login authenticator failed for vps.o2c.net (User) [2001:db8::a11:beef:7ac0]: 535 Incorrect authentication data (set_id=dog)",
       .time = "2015-03-12 03:17:22", .outcome = O::auth_failed, .direction = D::inbound, .service = "smtp",
       .peer_host = "vps.o2c.net", .peer_ip = "2001:db8::a11:beef:7ac0", .code = 535, .stage = S::auth,
       .text = "535 Incorrect authentication data (set_id=dog)"},
      // our own client failing to authenticate to the next hop
      {.line = "1999-03-02 09:44:33 10HmbB-000000005vi-0000 plain authenticator failed H=127.0.0.1 [127.0.0.1] 535 Sorry, authentication failed",
       .time = "1999-03-02 09:44:33", .outcome = O::auth_failed, .direction = D::outbound, .service = "smtp",
       .queue_id = "10HmbB-000000005vi-0000", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1", .code = 535,
       .stage = S::auth, .text = "535 Sorry, authentication failed"},
      // a code written into the ACL message is the code sent, when its class fits
      {.line = "1999-03-02 09:44:33 U=CALLER F=<> rejected RCPT <user22@test.ex>: 590 5.4.3 Main and extended code",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .recipient = "user22@test.ex", .code = 590, .enhanced = "5.4.3", .stage = S::rcpt,
       .text = "590 5.4.3 Main and extended code"},
      {.line = "1999-03-02 09:44:33 U=CALLER F=<> temporarily rejected RCPT <user32@test.ex>: 490 4.4.3 Main and extended code",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .recipient = "user32@test.ex", .code = 490, .enhanced = "4.4.3", .stage = S::rcpt,
       .text = "490 4.4.3 Main and extended code"},
      // recipient callout: the remote's reply is in the message
      {.line = "1999-03-02 09:44:33 H=(test) [V4NET.0.0.3] U=root F=<uncheckable@localhost1> rejected RCPT <z@remote.domain>: 127.0.0.1 [127.0.0.1] : SMTP error from remote mail server after RCPT TO:<z@remote.domain>: 550 Recipient not liked",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .recipient = "z@remote.domain", .sender = "uncheckable@localhost1", .peer_ip = "V4NET.0.0.3", .code = 550,
       .stage = S::rcpt, .text = "550 Recipient not liked"},
      {.line = "1999-03-02 09:44:33 H=(test) [V4NET.0.0.1] U=root sender verify fail for <bad@localhost>: 127.0.0.1 [127.0.0.1] : SMTP error from remote mail server after RCPT TO:<bad@localhost>: 550 REJECTED",
       .time = "1999-03-02 09:44:33", .outcome = O::undeliverable, .direction = D::outbound, .service = "smtp",
       .recipient = "bad@localhost", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1", .code = 550,
       .stage = S::rcpt, .text = "550 REJECTED"},
      {.line = "1999-03-02 09:44:33 H=(test) [V4NET.0.0.1] U=root sender verify defer for <uncheckable@localhost1>: Could not complete sender verify callout: 127.0.0.1 [127.0.0.1] : SMTP error from remote mail server after RCPT TO:<uncheckable@localhost1>: 450 Temporary error",
       .time = "1999-03-02 09:44:33", .outcome = O::deferred, .direction = D::outbound, .service = "smtp",
       .recipient = "uncheckable@localhost1", .peer_host = "127.0.0.1", .peer_ip = "127.0.0.1", .code = 450,
       .stage = S::rcpt, .text = "450 Temporary error"},
      {.line = "1999-03-02 09:44:33 H=(test) [V4NET.0.0.0] U=CALLER sender verify fail for <x@y>: Unrouteable address",
       .time = "1999-03-02 09:44:33", .outcome = O::undeliverable, .recipient = "x@y", .text = "Unrouteable address"},
      {.line = "2016-03-18 00:34:06 [7513] SMTP protocol error in \"AUTH LOGIN\" H=(ylmf-pc) [45.32.34.167]:60723 I=[172.89.0.6]:587 AUTH command used when not advertised",
       .time = "2016-03-18 00:34:06", .outcome = O::error, .direction = D::inbound, .service = "smtp",
       .peer_ip = "45.32.34.167", .code = 503, .stage = S::auth, .inferred = true,
       .text = "AUTH command used when not advertised"},
      // fail2ban: a HELO name that forges a second H=: the last one is Exim's
      {.line = "2017-11-28 14:14:32 SMTP protocol error in \"aUtH lOgIn\" H=(test) [8.8.8.8]\" H=(roxzgj) [192.0.2.6] AUTH command used when not advertised",
       .time = "2017-11-28 14:14:32", .outcome = O::error, .direction = D::inbound, .service = "smtp",
       .peer_ip = "192.0.2.6", .code = 503, .stage = S::auth, .inferred = true,
       .text = "AUTH command used when not advertised"},
      {.line = "1999-03-02 09:44:33 SMTP syntax error in \"rhubarb\" U=CALLER unrecognized command",
       .time = "1999-03-02 09:44:33", .outcome = O::error, .direction = D::inbound, .service = "smtp",
       .code = 500, .stage = S::unknown, .inferred = true, .text = "unrecognized command"},
      {.line = "2013-06-09 10:21:28 [14127] 1UlasQ-0003fr-45 F=mcorporation4@aol.com H=(mail38.fssprus.ru) [46.254.240.82]:43671 I=[1.2.3.4]:25 P=esmtp rejected by local_scan(): Rejected",
       .time = "2013-06-09 10:21:28", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .queue_id = "1UlasQ-0003fr-45", .sender = "mcorporation4@aol.com", .peer_ip = "46.254.240.82",
       .code = 550, .stage = S::end_of_data, .inferred = true, .text = "Rejected"},
      {.line = "2022-06-29 14:33:43 H=test.sa.com [1.2.3.4]:18146 temporarily rejected connection in \"connect\" ACL: \"Host is ratelimited (1.9/1h max:1.2)\"",
       .time = "2022-06-29 14:33:43", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .peer_host = "test.sa.com", .peer_ip = "1.2.3.4", .code = 451, .stage = S::connect, .inferred = true,
       .text = "\"Host is ratelimited (1.9/1h max:1.2)\""},
      {.line = "2013-06-15 11:20:36 [2516] 1Unmew-0000ea-SE H=egeftech.static.otenet.gr [83.235.177.148]:32706 I=[1.2.3.4]:25 F=auguriesvbd40@google.com rejected after DATA: This message contains a virus (Sanesecurity.Junk.39934.UNOFFICIAL).",
       .time = "2013-06-15 11:20:36", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .queue_id = "1Unmew-0000ea-SE", .sender = "auguriesvbd40@google.com", .peer_host = "egeftech.static.otenet.gr",
       .peer_ip = "83.235.177.148", .code = 550, .stage = S::end_of_data, .inferred = true,
       .text = "This message contains a virus (Sanesecurity.Junk.39934.UNOFFICIAL)."},
      {.line = "2013-06-15 11:19:33 [2249] H=([2.181.148.95]) [2.181.148.95]:52391 I=[1.2.3.4]:25 F=fantasizesg4@google.com rejected RCPT some@email.com: rejected found in dnsbl zen.spamhaus.org",
       .time = "2013-06-15 11:19:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .recipient = "some@email.com", .sender = "fantasizesg4@google.com", .peer_ip = "2.181.148.95", .code = 550,
       .stage = S::rcpt, .inferred = true, .text = "rejected found in dnsbl zen.spamhaus.org"},
      // rejectlog: a locally submitted message refused by the non-SMTP ACL: no SMTP code at all
      {.line = "1999-03-02 09:44:33 10HmaY-000000005vi-0000 F=<userx@test1> rejected by non-SMTP ACL: don't like sender userx@test1",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::local, .service = "local",
       .queue_id = "10HmaY-000000005vi-0000", .sender = "userx@test1", .text = "don't like sender userx@test1"},
      {.line = "1999-03-02 09:44:33 H=(x.y.z) [127.0.0.1] rejected VRFY a@b.c",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .peer_ip = "127.0.0.1", .code = 252, .stage = S::vrfy, .inferred = true},
      {.line = "1999-03-02 09:44:33 U=CALLER rejected DATA: Not today",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .code = 550, .stage = S::data, .inferred = true, .text = "Not today"},
      {.line = "1999-03-02 09:44:33 rejected MAIL FROM:<userx@test.ex> U=CALLER: message too big: size=1000000000 max=100",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .sender = "userx@test.ex", .code = 552, .stage = S::mail, .inferred = true,
       .text = "message too big: size=1000000000 max=100"},
      {.line = "1999-03-02 09:44:33 too many recipients: excess temporarily rejected: sender=<x@y> U=CALLER",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .sender = "x@y", .code = 452, .stage = S::rcpt, .inferred = true},
      // cutthrough: the next hop's 459 after DATA went back to our client
      {.line = "1999-03-02 09:44:33 10HmbA-000000005vi-0000 U=CALLER usere@domain.com F=<CALLER@myhost.test.ex> P=<CALLER@myhost.test.ex> tmp-reject from cutthrough after DATA: R=all T=smtp H=127.0.0.1 [127.0.0.1] C=\"459 content reject\"",
       .time = "1999-03-02 09:44:33", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .queue_id = "10HmbA-000000005vi-0000", .recipient = "usere@domain.com", .sender = "CALLER@myhost.test.ex",
       .code = 459, .stage = S::end_of_data, .text = "459 content reject"},
      {.line = "2022-04-03 21:53:54 H=[192.0.2.101]:62839 dropped by 'connect' ACL: Country is banned",
       .time = "2022-04-03 21:53:54", .outcome = O::rejected, .direction = D::inbound, .service = "smtp",
       .peer_ip = "192.0.2.101", .code = 550, .stage = S::connect, .inferred = true, .text = "Country is banned"},
  };
  for (const Row& row : rows) check_row(row);
}

TEST_CASE("Exim lines of no interest, continuations, syslog, damage", "[exim]") {
  const Row rows[] = {
      {.line = "1999-03-02 09:44:33 Start queue run: pid=p1234", .kind = LK::ignored, .time = "1999-03-02 09:44:33"},
      {.line = "2026-11-23 15:12:34.881 -0330 [18235] exim 4.96 daemon started: pid=18235, no queue runs, listening for SMTP on [127.0.0.1]:12525",
       .kind = LK::ignored, .time = "2026-11-23 15:12:34.881000 -0330"},
      {.line = "2016-03-21 04:07:49 [25874] 1ahr79-0006jK-G9 SMTP connection from (voyeur.webair.com) [174.137.147.204]:44884 I=[172.89.0.6]:25 closed by DROP in ACL",
       .kind = LK::ignored, .time = "2016-03-21 04:07:49", .queue_id = "1ahr79-0006jK-G9"},
      {.line = "2017-12-03 08:32:00 no host name found for IP address 192.0.2.8", .kind = LK::ignored,
       .time = "2017-12-03 08:32:00"},
      // log_selector +arguments: a command line, ignored whatever its arguments
      // say (here words that an event_action's reply line would hold)
      {.line = "2026-11-23 15:16:12.686 -0330 [26040] cwd=/var/spool/exim4 6 args: /usr/sbin/exim4 -odi -Mc 1xVZ3M-0006lx-2B",
       .kind = LK::ignored, .time = "2026-11-23 15:16:12.686000 -0330"},
      {.line = "2026-11-23 15:16:12 cwd=/ 5 args: exim -be 'the mail server after RCPT said: response to \"RCPT TO\" was 550 no'",
       .kind = LK::ignored, .time = "2026-11-23 15:16:12"},
      // "word word: " is not a syslog prefix without a [pid] or an Exim name
      {.line = "1999-03-02 09:44:33 proxy session: yes", .kind = LK::ignored, .time = "1999-03-02 09:44:33"},
      {.line = "1999-03-02 09:44:33 Exim configuration error in line 12 of TESTSUITE/test-config:",
       .kind = LK::ignored, .time = "1999-03-02 09:44:33"},
      // rejectlog header dumps and paniclog continuations
      {.line = "Envelope-from: <userx@test1>", .kind = LK::continuation},
      {.line = "Envelope-to: <userx@test.ex>", .kind = LK::continuation},
      {.line = "P Received: from CALLER by myhost.test.ex with local (Exim x.yz)", .kind = LK::continuation},
      {.line = "\t(envelope-from <userx@test1>)", .kind = LK::continuation},
      {.line = "I Message-Id: <E10HmaY-000000005vi-0000@myhost.test.ex>", .kind = LK::continuation},
      {.line = "  Subject: VIAGRA in-data", .kind = LK::continuation},
      {.line = "*** truncated ***", .kind = LK::continuation},
      {.line = "  bad parameters for retry rule", .kind = LK::continuation},
      // Exim through syslog, with and without its own timestamp inside
      {.line = "Jun 29 16:04:19 server exim[1234]: dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=abuse@test.com)",
       .time = "0000-06-29 16:04:19", .host = "server", .outcome = O::auth_failed, .direction = D::inbound,
       .service = "smtp", .peer_ip = "1.2.3.4", .code = 535, .stage = S::auth,
       .text = "535 Incorrect authentication data (set_id=abuse@test.com)"},
      {.line = "Jun 29 15:33:46 server exim[1234]: H=test.com [1.2.3.4]:53343 F=<info@test.com> rejected RCPT <toto@toto.com>: \"JunkMail rejected - test.com [1.2.3.4]:53343 is in an RBL: https://www.spamhaus.org/sbl/query/SBLCSS\"",
       .time = "0000-06-29 15:33:46", .host = "server", .outcome = O::rejected, .direction = D::inbound,
       .service = "smtp", .recipient = "toto@toto.com", .sender = "info@test.com", .peer_host = "test.com",
       .peer_ip = "1.2.3.4", .code = 550, .stage = S::rcpt, .inferred = true,
       .text = "\"JunkMail rejected - test.com [1.2.3.4]:53343 is in an RBL: https://www.spamhaus.org/sbl/query/SBLCSS\""},
      {.line = "Apr 28 15:53:37 server exim[12105]: 2016-04-28 15:53:37 [12105] 1avnJx-00039F-Hs <= foi+request-1234@example.com",
       .time = "2016-04-28 15:53:37", .host = "server", .outcome = O::received, .direction = D::local,
       .service = "local", .queue_id = "1avnJx-00039F-Hs", .sender = "foi+request-1234@example.com"},
      // syslog-ng with an ISO date: the host and program follow Exim-looking time
      {.line = "2016-04-01 11:08:00 info exim[8003]: [8003] SMTP protocol error in \"AUTH LOGIN\" H=(User) [192.0.2.29]:4816 I=[192.0.2.1]:25 Ci=8003 LOGIN authentication mechanism not supported",
       .time = "2016-04-01 11:08:00", .host = "info", .outcome = O::error, .direction = D::inbound,
       .service = "smtp", .peer_ip = "192.0.2.29", .code = 504, .stage = S::auth, .inferred = true,
       .text = "LOGIN authentication mechanism not supported"},
      {.line = "2019-10-22 03:39:17 mx1.fqdn.local exim[29786]: dovecot_login authenticator failed for (User) [192.0.2.37]: 535 Incorrect authentication data (set_id=test@domain.com)",
       .time = "2019-10-22 03:39:17", .host = "mx1.fqdn.local", .outcome = O::auth_failed,
       .direction = D::inbound, .service = "smtp", .peer_ip = "192.0.2.37", .code = 535, .stage = S::auth,
       .text = "535 Incorrect authentication data (set_id=test@domain.com)"},
      // damage
      {.line = "2020-13-45 04:51:49 1jmFYj-00039V-QX <= a@b", .kind = LK::unparsed, .reason = "bad timestamp"},
      {.line = "2020-06-19 04:51:49 1jmFYj-00039V-QX ** ", .kind = LK::unparsed,
       .time = "2020-06-19 04:51:49", .queue_id = "1jmFYj-00039V-QX", .reason = "no address"},
      {.line = "2020-06-19 04:51:49 1jmFYj-00039V-QX <=", .kind = LK::unparsed,
       .time = "2020-06-19 04:51:49", .queue_id = "1jmFYj-00039V-QX", .reason = "no sender"},
      {.line = "2016-04-18 09:33:27 H=(85.214.241.101) [114.37.190.56] F=<z2007tw@yahoo.com.tw> rejected",
       .kind = LK::unparsed, .time = "2016-04-18 09:33:27", .reason = "truncated reject"},
      {.line = "2020-06-19 04:51:49 SMTP protocol error in ", .kind = LK::unparsed,
       .time = "2020-06-19 04:51:49", .reason = "no command"},
  };
  for (const Row& row : rows) check_row(row);
}

TEST_CASE("Exim message ids: old 6-6-2 and 4.97+ 6-11-4", "[exim]") {
  Scratch scratch;
  Event ev;
  for (std::string_view id : {"1abcDE-0001Xy-Ab", "1rAbCd-00000000AbC-xyzw", "10HmaX-000000005vi-0000"}) {
    std::string line = "2026-01-02 03:04:05 " + std::string(id) + " Completed";
    REQUIRE(parse_line(line, ev, scratch).kind == LineKind::event);
    CHECK(ev.queue_id == id);
  }
  // Not ids: wrong group lengths or characters; the line is then an id-less line.
  for (std::string_view bad : {"1abcDE-0001X-Ab", "1abcDE-0001Xy-Ab1", "1ab_DE-0001Xy-Ab", "1rAbCd-00000000AbC-xyz"}) {
    std::string line = "2026-01-02 03:04:05 " + std::string(bad) + " Completed";
    (void)parse_line(line, ev, scratch);
    CHECK(ev.queue_id.empty());
  }
}

TEST_CASE("Exim fields: a key is found alike from a 16-byte load and byte by byte", "[exim]") {
  // scan_fields reads a key by one SSE2 load when 16 bytes are left and byte by
  // byte in a line's last 15: every byte, alone and in keys of every length up
  // to ten, must give the same fields either way.
  auto scan = [](const std::string& line) {
    exim::Fields f;
    const std::size_t end = exim::scan_fields(line, f);
    return std::string(f.router) + "|" + std::string(f.transport) + "|" + std::to_string(f.colon) + "|" +
           std::to_string(end);
  };
  std::vector<std::string> keys;
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    keys.push_back(std::string(1, c));
    keys.push_back(std::string("X") + c);
    keys.push_back(std::string(1, c) + "X");
  }
  for (std::size_t n = 1; n <= 10; ++n)
    for (char c : {'a', 'Z', '0', '_', '9'}) keys.push_back(std::string(n, c));
  int taken = 0;
  for (const std::string& key : keys) {
    const std::string shortline = key + "=1 R=r";  // under 16 bytes: byte by byte
    const std::string padding(20, ' ');
    const std::string longline = shortline + padding;  // a 16-byte load at every key
    INFO(key);
    const std::string a = scan(shortline), b = scan(longline);
    // The same fields; the end moves by the padding only when the scan ran to the end.
    exim::Fields f;
    const std::size_t end_short = exim::scan_fields(shortline, f);
    const std::size_t end_long = exim::scan_fields(longline, f);
    CHECK(a.substr(0, a.rfind('|')) == b.substr(0, b.rfind('|')));
    CHECK((end_short == shortline.size()) == (end_long == longline.size()));
    if (end_short != shortline.size()) CHECK(end_short == end_long);
    taken += a.starts_with("r|");
  }
  CHECK(taken > 150);  // keys of base-62 bytes and '_' (and up to nine of them) are taken
  CHECK(taken < static_cast<int>(keys.size()) - 400);  // the others are not
}

TEST_CASE("Exim commands: stage_from_exim's phrases in any case, and nothing else", "[exim]") {
  // The phrases and the 4-letter commands are compared 4 or 8 bytes at a time
  // with letters' case folded: every mix of cases must match, and a changed
  // byte (a letter's neighbour, a space's 0x20 partner '\0', a colon's '\x1a')
  // must not.
  struct Case {
    std::string_view text;
    Stage stage;
    std::size_t significant;  // the bytes that decide: the phrase, or "pipelined " and the command's word
  };
  const Case cases[] = {{"end of data", Stage::end_of_data, 11},
                        {"initial connection", Stage::connect, 18},
                        {"sending data block", Stage::bdat, 18},
                        {"pipelined RCPT TO:<a@b>", Stage::rcpt, 14},
                        {"RCPT TO:<a@b> SIZE=1", Stage::rcpt, 4},
                        {"MAIL FROM:<>", Stage::mail, 4},
                        {"DATA", Stage::data, 4},
                        {"rcpt", Stage::rcpt, 4},
                        {"pipelined end of data", Stage::end_of_data, 21},
                        {"pipelined DATA", Stage::data, 14}};
  int matched = 0, refused = 0;
  for (const Case& c : cases) {
    const std::string text(c.text);
    // Case: each letter flipped alone, then all of them.
    for (std::size_t i = 0; i <= text.size(); ++i) {
      std::string t = text;
      for (std::size_t k = 0; k < t.size(); ++k)
        if ((k == i || i == text.size()) && ((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z')) t[k] ^= 0x20;
      INFO(t);
      CHECK(exim::stage_from_exim(t) == c.stage);
      ++matched;
    }
    // A changed byte among those that decide.
    for (std::size_t i = 0; i < c.significant; ++i) {
      const bool letter = (text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z';
      for (char b : {static_cast<char>(text[i] ^ 0x20), static_cast<char>(text[i] + 1), '@', '[', '`', '{'}) {
        if (letter && (b | 0x20) == (text[i] | 0x20)) continue;  // the same letter in the other case
        if (b == text[i]) continue;
        std::string t = text;
        t[i] = b;
        INFO(t);
        CHECK(exim::stage_from_exim(t) != c.stage);
        ++refused;
      }
    }
  }
  CHECK(matched > 100);
  CHECK(refused > 300);
}

TEST_CASE("Exim arrivals: an H= field found at every offset and view length", "[exim]") {
  // parse_arrival looks for "H=" at a field's start 16 bytes a step, then in a
  // last load that ends at the line's end (or byte by byte on short lines):
  // every offset of the host, every length after it, a second host after the
  // first (the later one wins, as in scan_fields) and an "H=" glued to a value.
  int found = 0, missed = 0;
  for (std::size_t k = 0; k <= 40; ++k)
    for (std::size_t m = 0; m <= 34; ++m)
      for (int form = 0; form < 4; ++form) {
        const std::string pad(k, 'x'), tail = m == 0 ? std::string() : " B=" + std::string(m, 'y');
        std::string fields;
        std::string_view want;
        switch (form) {
          case 0: fields = "A=" + pad + " H=[1.2.3.4]" + tail; want = "1.2.3.4"; break;
          case 1: fields = "A=" + pad + " (c)H=[1.2.3.4]" + tail; want = "1.2.3.4"; break;
          case 2: fields = "A=" + pad + "H=[1.2.3.4]" + tail; want = ""; break;  // glued: no field
          default: fields = "H=[1.2.3.4] A=" + pad + " H=[5.6.7.8]" + tail; want = "5.6.7.8"; break;
        }
        const std::string line = "2026-01-02 03:04:05 1abcDE-0001Xy-Ab <= a@b " + fields;
        Scratch scratch;
        Event ev;
        INFO(line);
        REQUIRE(parse_line(line, ev, scratch).kind == LineKind::event);
        CHECK(ev.peer_ip == want);
        CHECK(ev.direction == (want.empty() ? Direction::local : Direction::inbound));
        (want.empty() ? missed : found) += 1;
      }
  CHECK(found == 41 * 35 * 3);
  CHECK(missed == 41 * 35);
}

TEST_CASE("Exim message ids: the SSE2 shape test answers as the byte-by-byte one", "[exim]") {
  // Both shapes (and a mix of them), every byte replaced in turn by bytes at
  // and around the edges of the base-62 ranges, every length, then what follows.
  const std::string_view ids[] = {"1abcDE-0001Xy-Ab", "1rAbCd-00000000AbC-xyzw", "zzzzzz-ZZZZZZ-99",
                                  "1abcDE-0001Xy-AbCd-xyzw", "000000-00000000000-0000"};
  const char bytes[] = {'-', ' ', '_', '@', '[', '`', '{', '/', ':', '0', '9', 'A', 'Z', 'a', 'z', 'G',
                        '\x80', '\xc1', '\xe1', '\xff', '\0', '\t', static_cast<char>(0x7f)};
  const std::string_view tails[] = {"", " ", " Completed", "x", "-", "\t", "  "};
  int counts[24] = {};
  int compared = 0;
  auto compare = [&](const std::string& s) {
    for (std::size_t n = 0; n <= s.size(); ++n) {
      const std::string_view v(s.data(), n);
      const std::size_t got = exim::message_id_length(v);
      INFO(std::string(v));
      REQUIRE(got == exim::message_id_length_bytes(v));
      ++counts[got];
      ++compared;
    }
  };
  for (std::string_view id : ids)
    for (std::string_view tail : tails) {
      const std::string whole = std::string(id) + std::string(tail);
      compare(whole);
      for (std::size_t i = 0; i < whole.size(); ++i)
        for (char b : bytes) {
          std::string changed = whole;
          changed[i] = b;
          compare(changed);
        }
    }
  CHECK(compared > 50000);
  CHECK(counts[16] > 100);  // both shapes found, and many strings refused
  CHECK(counts[23] > 100);
  CHECK(counts[0] > 10000);
}

TEST_CASE("Exim transports: contains_smtp_nocase finds \"smtp\" in any case at every offset", "[exim]") {
  // The 8-byte search by the match's last byte against the plain definition:
  // "smtp" in every case mix at every offset of every length up to 24, near
  // misses, 'p's without a match and bytes that fold to none of them.
  auto plain = [](std::string_view s) {
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
      bool same = true;
      for (std::size_t k = 0; k < 4; ++k) same &= (s[i + k] | 0x20) == "smtp"[k];
      if (same) return true;
    }
    return false;
  };
  const std::string_view words[] = {"smtp", "SMTP", "sMtP", "smtP", "smt", "mtp", "smtq", "snmp", "pppp",
                                    "sm\xf4p", "\x53\x4d\x54\x50", "s\x0dtp", "PSMT"};
  int found = 0, compared = 0;
  for (std::string_view w : words)
    for (std::size_t len = 0; len <= 24; ++len)
      for (std::size_t at = 0; at + w.size() <= len; ++at)
        for (char fill : {'x', 'p', 'P', '\xf0', '\0', '_'}) {
          std::string s(len, fill);
          s.replace(at, w.size(), w);
          INFO(s);
          const bool want = plain(s);
          CHECK(exim::contains_smtp_nocase(s) == want);
          found += want;
          ++compared;
        }
  CHECK(compared > 5000);
  CHECK(found > 1000);
  CHECK(found < compared - 1000);
}

TEST_CASE("Exim times: a Scratch reused across lines reads what a fresh one reads", "[exim]") {
  // The parser remembers the last timestamps' date, time and zone (same
  // minute: only the seconds and the fraction are read again). Every pair of
  // these stamps in turn, the second read after the first, must give what it
  // gives alone: time, zone (including the offset of " +01:00", which is no
  // spaced zone), kind and where the message id was found.
  const std::string_view heads[] = {"2026-01-02 03:04:", "2025-02-29 03:04:"};
  const std::string_view seconds[] = {"05", "60", "61", "6a"};
  const std::string_view fractions[] = {"", ".123", ",5", ".1234567890", ".", ".12"};
  const std::string_view zones[] = {"", " +0100", " -0330", "+01:00", "Z", " +01:00", " -03x0", " +2460", "+0100x", " -"};
  std::vector<std::string> stamps;
  for (auto h : heads)
    for (auto s : seconds)
      for (auto f : fractions)
        for (auto z : zones) stamps.push_back(std::string(h) + std::string(s) + std::string(f) + std::string(z));
  auto show = [](std::string_view line, Scratch& scratch) {
    Event ev;
    ParseResult r = parse_line(line, ev, scratch);
    return std::string(to_string(r.kind)) + " " + std::string(r.reason) + " [" + civil(ev.time) + "] " +
           std::string(ev.queue_id);
  };
  int compared = 0;
  for (const std::string& first : stamps) {
    for (const std::string& second : stamps) {
      if (second.compare(0, 17, first, 0, 17) != 0) continue;  // another minute is read afresh anyway
      for (std::string_view body : {" 1abcDE-0001Xy-Ab Completed", ""}) {
        const std::string a = first + " 1abcDE-0001Xy-Ab Completed", b = second + std::string(body);
        Scratch reused, fresh;
        (void)show(a, reused);
        INFO(a << "\n" << b);
        CHECK(show(b, reused) == show(b, fresh));
        ++compared;
      }
    }
  }
  CHECK(compared > 10000);
}

TEST_CASE("Exim: parse_if_exim_line decides and parses as looks_like_exim_line + parse_exim_line", "[exim]") {
  // parse_line's one-pass head reads the time first and decides from where it
  // ended; it must answer what the shape test answers and then parse what
  // parse_exim_line parses, for every spelling of time, zone and what follows.
  const std::string_view times[] = {"2026-01-02 03:04:05", "2026-01-02 03:04:05.123", "2026-01-02 03:04:05,5",
                                    "2026-01-02 03:04:05.1234567890", "2026-01-02 03:04:05.", "2025-02-29 03:04:05",
                                    "2026-01-02 03:04:61", "2026-01-02 03:04:6a"};
  const std::string_view zones[] = {"",     " +0100", " -0330", "+01:00", "+0100", "Z", " +01:00",
                                    " -03x0", " +2460", "+0100x", " +0100x", " -", " +"};
  const std::string_view rests[] = {"[123] 1abcDE-0001Xy-Ab <= a@b H=mx [1.2.3.4] P=esmtp S=1",
                                    "1abcDE-0001Xy-Ab => a@b R=r T=remote_smtp H=mx [1.2.3.4] C=\"250 ok\"",
                                    "1rAbCd-00000000AbC-xyzw == a@b R=r T=t defer (111): Connection refused",
                                    "1abcDE-0001Xy-Ab Completed",
                                    "1abcDE-0001Xy-Ab mx1: not an id's line",
                                    "1abcDE-0001Xy-Ab exim[2]: 1abcDE-0001Xy-Ab Completed",
                                    "1abcDE-0001Xy-Ab",
                                    "1abcDE-0001Xy-Ab ",
                                    "1abcDE-0001Xy-Ab  :x",
                                    "mx1 postfix/smtpd[1]: connect from unknown[1.2.3.4]",
                                    "mx1 exim[2]: 1abcDE-0001Xy-Ab Completed",
                                    "mx1 exim4: 2026-01-02 03:04:05 1abcDE-0001Xy-Ab Completed",
                                    "host prog: x",
                                    "H=(helo) [1.2.3.4] F=<a@b> rejected RCPT <c@d>: no",
                                    " two spaces",
                                    "+0100 [1] 1abcDE-0001Xy-Ab Completed",
                                    "-aaaaa-bbbbbb-cc x",
                                    "x-aaaa-bbbbbb-cc x",
                                    "[",
                                    ""};
  auto render = [](bool took, const ParseResult& r, const Event& ev) {
    std::ostringstream o;
    o << took << ' ' << to_string(r.kind) << ' ' << r.reason << " [" << civil(ev.time) << "] " << to_string(ev.mta)
      << ' ' << ev.instance << ' ' << ev.host << ' ' << ev.queue_id << ' ' << to_string(ev.outcome) << ' '
      << to_string(ev.direction) << ' ' << ev.service << ' ' << ev.recipient << ' ' << ev.sender << ' '
      << ev.peer_host << ' ' << ev.peer_ip << ' ' << ev.reply.code << ' ' << ev.reply.text;
    return o.str();
  };
  int compared = 0;
  for (auto t : times)
    for (auto z : zones)
      for (auto rest : rests)
        for (std::string_view space : {" ", ""}) {
          const std::string line = std::string(t) + std::string(z) + std::string(space) + std::string(rest);
          INFO(line);
          Scratch s1, s2;
          Event e1, e2;
          ParseResult r1, r2;
          const bool took = parse_if_exim_line(line, e1, s1, r1);
          const bool looks = looks_like_exim_line(line);
          if (looks) r2 = parse_exim_line(line, e2, s2);
          CHECK(render(took, r1, e1) == render(looks, r2, e2));
          ++compared;
        }
  CHECK(compared == 8 * 13 * 20 * 2);
  // Lines that are not Exim's leave the event as it was.
  Scratch scratch;
  Event ev;
  ParseResult r;
  CHECK_FALSE(parse_if_exim_line("2016-04-01 11:08:00 mx1 postfix/smtpd[1]: connect from x", ev, scratch, r));
  CHECK_FALSE(ev.time.valid());
  CHECK(ev.mta == Mta::unknown);
}

TEST_CASE("Exim line recognition and program names", "[exim]") {
  CHECK(looks_like_exim_line("2020-06-19 04:51:49 1jmFYj-00039V-QX Completed"));
  CHECK(looks_like_exim_line("2019-10-22 03:39:17 mx1.fqdn.local exim[29786]: x"));
  CHECK(looks_like_exim_line("Envelope-from: <a@b>"));
  // syslog-ng ISO dates in front of other programs are not Exim's
  CHECK_FALSE(looks_like_exim_line("2016-04-01 11:08:00 mx1 postfix/smtpd[123]: connect from unknown[1.2.3.4]"));
  CHECK_FALSE(looks_like_exim_line("2024-08-26T01:33:38.572449+00:00 machine postfix/smtpd[60203]: x"));
  CHECK_FALSE(looks_like_exim_line("Nov  3 17:31:02 mx1 postfix/smtp[1]: x"));
  CHECK_FALSE(looks_like_exim_line(""));
  CHECK(is_exim_program("exim"));
  CHECK(is_exim_program("exim4"));
  CHECK(is_exim_program("exim4-daemon-heavy"));
  CHECK_FALSE(is_exim_program("eximstats"));
  CHECK_FALSE(is_exim_program("postfix/smtp"));
}

TEST_CASE("Exim parser survives hostile bytes and huge lines", "[exim]") {
  Scratch scratch;
  Event ev;
  const std::string prefix = "2020-06-19 04:51:49 1jmFYj-00039V-QX ";
  const std::size_t big = 10 * 1024 * 1024;
  // Every shape the parser walks, followed by 10 MB of the byte it searches for.
  for (std::string_view head :
       {"=> ", "** a@b R=r T=t H=", "== a@b defer (", "<= ", "** |", "** \"", "H=(", "H=[",
        "rejected RCPT <", "SMTP protocol error in \"", "SMTP protocol synchronization error (",
        "x authenticator failed for ", "** a@b : SMTP error from remote mail server after "}) {
    for (char fill : {' ', ':', '"', '(', '[', '<', '\\', '\0', '\xff'}) {
      std::string line = prefix + std::string(head) + std::string(big, fill);
      (void)parse_line(line, ev, scratch);
    }
  }
  std::string colons = prefix + "** a@b : SMTP error from remote mail server after ";
  for (std::size_t i = 0; i < big / 2; ++i) colons += ": ";
  (void)parse_line(colons, ev, scratch);
  // NUL and invalid UTF-8 inside an otherwise good line still parse.
  static const char kNul[] = "2020-06-19 04:51:49 1jmFYj-00039V-QX ** a\0b@c: bad \xc3\x28 text";
  std::string nul(kNul, sizeof kNul - 1);
  REQUIRE(parse_line(nul, ev, scratch).kind == LineKind::event);
  CHECK(ev.outcome == Outcome::bounced);
  CHECK(ev.recipient == std::string_view("a\0b@c", 5));
}

TEST_CASE("Exim samples: counts match what the scenario script sent", "[exim]") {
  // samples/exim/expected.tsv: direction outcome code enhanced count inferred, from scenarios.py.
  const auto dir = test::source_dir() / "samples" / "exim";
  std::ifstream expected_in(dir / "expected.tsv");
  if (!expected_in) {
    WARN("samples/exim/expected.tsv not found: sample count test skipped");
    return;
  }
  using Key = std::tuple<std::string, std::string, int, std::string, int>;
  std::map<Key, int> expected;
  std::string row;
  std::getline(expected_in, row);  // header
  while (std::getline(expected_in, row)) {
    std::istringstream f(row);
    std::string direction, outcome, code, enhanced, count, inferred;
    std::getline(f, direction, '\t');
    std::getline(f, outcome, '\t');
    std::getline(f, code, '\t');
    std::getline(f, enhanced, '\t');
    std::getline(f, count, '\t');
    std::getline(f, inferred, '\t');
    if (direction.empty()) continue;
    expected[{direction, outcome, std::stoi(code), enhanced, std::stoi(inferred)}] = std::stoi(count);
  }
  REQUIRE(!expected.empty());
  for (const char* run : {"default", "all"}) {
    std::ifstream log(dir / run / "mainlog");
    if (!log) continue;
    INFO("samples/exim/" << run << "/mainlog");
    std::map<Key, int> found;
    Scratch scratch;
    Event ev;
    std::string line;
    while (std::getline(log, line)) {
      if (parse_line(line, ev, scratch).kind != LineKind::event) continue;
      switch (ev.outcome) {
        case Outcome::sent: case Outcome::deferred: case Outcome::bounced:
        case Outcome::rejected: case Outcome::auth_failed:
          ++found[{to_string(ev.direction), to_string(ev.outcome), ev.reply.code,
                   std::string(ev.reply.enhanced), ev.reply.inferred ? 1 : 0}];
          break;
        default: break;
      }
    }
    CHECK(found == expected);
  }
}

TEST_CASE("Exim rejectlog repeats mainlog lines byte for byte", "[exim]") {
  // The basis of the double-counting advice: a reject is the same line in both files.
  const auto dir = test::source_dir() / "samples" / "exim" / "all";
  std::ifstream main_in(dir / "mainlog"), reject_in(dir / "rejectlog");
  if (!main_in || !reject_in) {
    WARN("samples/exim/all logs not found: test skipped");
    return;
  }
  std::set<std::string> main_lines;
  std::string line;
  while (std::getline(main_in, line)) main_lines.insert(line);
  Scratch scratch;
  Event ev;
  int entries = 0;
  while (std::getline(reject_in, line)) {
    ParseResult r = parse_line(line, ev, scratch);
    if (r.kind == LineKind::continuation) continue;
    ++entries;
    CHECK(r.kind == LineKind::event);
    CHECK(main_lines.count(line) == 1);
  }
  CHECK(entries > 0);
}
