// The syslog / journal prefix: one row per format, real lines where the world
// has them (corpus file named beside the row), every Prefix field checked.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "analyzer/chunker.h"
#include "parsers/line.h"
#include "parsers/prefix.h"

using namespace smtplog;

namespace {

struct Row {
  const char* what;
  std::string_view line;
  int year, month, day, hour, minute, second, micros;
  bool has_offset;
  int offset_minutes;
  std::string_view host, program, pid, body;
};

// clang-format off
const Row kRows[] = {
  // BSD syslog, space-padded day (lightmeter/logs_sample/mail.log).
  {"BSD padded day",
   "Jan 28 11:05:26 mail postfix/smtpd[20127]: connect from unknown[199.229.127.90]",
   0, 1, 28, 11, 5, 26, 0, false, 0, "mail", "postfix/smtpd", "20127",
   "connect from unknown[199.229.127.90]"},
  {"BSD padded single-digit day (lightmeter 14_reuse_of_queueid)",
   "Sep  4 01:24:11 smtpnode06 h-353d61658b320[3831]: connect from 170.55.103.23",
   0, 9, 4, 1, 24, 11, 0, false, 0, "smtpnode06", "h-353d61658b320", "3831",
   "connect from 170.55.103.23"},
  // Unpadded day (msimerson-postfix-parser/full-lines.log).
  {"BSD unpadded day",
   "Jan 6 08:39:06 mail postfix/smtpd[339505]: 93C8388C38: client=unknown[192.168.1.0]",
   0, 1, 6, 8, 39, 6, 0, false, 0, "mail", "postfix/smtpd", "339505",
   "93C8388C38: client=unknown[192.168.1.0]"},
  // Postfix maillog_file, written by Postfix 3.7's postlog (strftime "%b %d").
  {"Postfix maillog_file",
   "Nov 23 18:38:41 vm postfix/submission/smtpd[13318]: warning: a warning",
   0, 11, 23, 18, 38, 41, 0, false, 0, "vm", "postfix/submission/smtpd", "13318",
   "warning: a warning"},
  {"Postfix maillog_file, zero-padded day as strftime %d writes it",
   "Nov 03 18:38:41 vm postfix-out/smtp[13282]: hi there",
   0, 11, 3, 18, 38, 41, 0, false, 0, "vm", "postfix-out/smtp", "13282", "hi there"},
  // journalctl -o short-precise: BSD with microseconds.
  {"journalctl short-precise",
   "Jan 28 11:05:26.123456 mail postfix/smtpd[20127]: connect from unknown[199.229.127.90]",
   0, 1, 28, 11, 5, 26, 123456, false, 0, "mail", "postfix/smtpd", "20127",
   "connect from unknown[199.229.127.90]"},
  // RFC 3339 with microseconds (crowdsec-hub/postfix-logs.log).
  {"RFC 3339 +00:00",
   "2024-08-26T01:33:38.572449+00:00 machine postfix/smtpd[60203]: connect from unknown[192.168.1.1]",
   2024, 8, 26, 1, 33, 38, 572449, true, 0, "machine", "postfix/smtpd", "60203",
   "connect from unknown[192.168.1.1]"},
  // pmg-log-tracker/test_input_time_rfc3339_mixed.log: negative offset and Z.
  {"RFC 3339 -02:00",
   "2023-06-23T14:28:23.806488-02:00 pmg1 postfix/postscreen[1180]: WHITELISTED [192.168.1.001]:51308",
   2023, 6, 23, 14, 28, 23, 806488, true, -120, "pmg1", "postfix/postscreen", "1180",
   "WHITELISTED [192.168.1.001]:51308"},
  // sshguard/parser-tests-postfix-exim.log: milliseconds and Z.
  {"RFC 3339 Z, milliseconds",
   "2022-04-14T00:36:03.150Z mailhub postfix/smtps/smtpd[30543]: warning: unknown[122.166.249.154]:48123: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
   2022, 4, 14, 0, 36, 3, 150000, true, 0, "mailhub", "postfix/smtps/smtpd", "30543",
   "warning: unknown[122.166.249.154]:48123: SASL LOGIN authentication failed: UGFzc3dvcmQ6"},
  // journalctl -o short-iso / short-iso-precise: offset without a colon.
  {"journalctl short-iso",
   "2023-06-23T14:26:29+0200 pmg1 postfix/qmgr[1175]: 5FB7BC0A62: removed",
   2023, 6, 23, 14, 26, 29, 0, true, 120, "pmg1", "postfix/qmgr", "1175", "5FB7BC0A62: removed"},
  {"journalctl short-iso-precise",
   "2023-06-23T14:26:29.452836+0200 pmg1 postfix/qmgr[1175]: 5FB7BC0A62: removed",
   2023, 6, 23, 14, 26, 29, 452836, true, 120, "pmg1", "postfix/qmgr", "1175", "5FB7BC0A62: removed"},
  // Solaris message ids: the 2007 Postfix line quoted (abbreviated) in the
  // corpus PROVENANCE, with its elided parts filled in.
  {"Solaris [ID ...] tag",
   "Jun  5 13:49:51 mx postfix/local[13410]: [ID 197553 mail.info] C589E3780: to=<u@example.com>, relay=local, delay=1, status=sent (delivered to command: /usr/bin/procmail)",
   0, 6, 5, 13, 49, 51, 0, false, 0, "mx", "postfix/local", "13410",
   "C589E3780: to=<u@example.com>, relay=local, delay=1, status=sent (delivered to command: /usr/bin/procmail)"},
  // A tag without a pid (lightmeter/logs_sample/mail.log neighbours).
  {"tag without pid",
   "Jan 28 11:05:26 mail dovecot: imap-login: Login: user=<a@b>",
   0, 1, 28, 11, 5, 26, 0, false, 0, "mail", "dovecot", "", "imap-login: Login: user=<a@b>"},
  // A raw syslog packet with its priority kept.
  {"<PRI> in front",
   "<22>Jan 28 11:05:26 mail postfix/qmgr[2004]: 5FB7BC0A62: removed",
   0, 1, 28, 11, 5, 26, 0, false, 0, "mail", "postfix/qmgr", "2004", "5FB7BC0A62: removed"},
  {"empty body",
   "Jan 28 11:05:26 mail postfix/qmgr[2004]:",
   0, 1, 28, 11, 5, 26, 0, false, 0, "mail", "postfix/qmgr", "2004", ""},
  // A host that is an IPv6 address (rsyslog without reverse DNS).
  {"IPv6 host",
   "Jan 28 11:05:26 2001:db8::25 postfix/qmgr[2004]: 5FB7BC0A62: removed",
   0, 1, 28, 11, 5, 26, 0, false, 0, "2001:db8::25", "postfix/qmgr", "2004", "5FB7BC0A62: removed"},
};
// clang-format on

}  // namespace

TEST_CASE("Syslog and journal prefixes, every field", "[prefix]") {
  for (const Row& r : kRows) {
    INFO(r.what << ": " << r.line);
    Prefix p;
    REQUIRE(parse_syslog_prefix(r.line, p));
    CHECK(p.time.year == r.year);
    CHECK(p.time.month == r.month);
    CHECK(p.time.day == r.day);
    CHECK(p.time.hour == r.hour);
    CHECK(p.time.minute == r.minute);
    CHECK(p.time.second == r.second);
    CHECK(p.time.micros == r.micros);
    CHECK(p.time.has_offset == r.has_offset);
    CHECK(p.time.offset_minutes == r.offset_minutes);
    CHECK(p.host == r.host);
    CHECK(p.program == r.program);
    CHECK(p.pid == r.pid);
    CHECK(p.body == r.body);
  }
}

TEST_CASE("Lines without a syslog prefix", "[prefix]") {
  const std::string_view kNot[] = {
      // Exim's own log (exim_exporter/mainlog.log): no host and tag.
      "2020-06-20 01:32:57 +0200 [789] 1jmKso-0009d4-Uf ** molly@zee.corp R=dnslookup",
      // "last message repeated": no tag.
      "Jan 28 11:05:26 mail last message repeated 3 times",
      // Body-only line (postfix-grok-patterns/body-only/smtp.log).
      "connect to intern.nl[194.109.6.98]:25: Connection timed out",
      // The split tail of a record (lightmeter/individual_files/18_expired.log).
      "ir/)",
      // The journal without a timestamp (fail2ban/exim.log).
      "mail.example.com exim[3751842]: 2021-07-17 23:20:49 plain_server authenticator failed",
      "",
      "Jan",
      "Jan 28 11:05:26",
      "Jan 28 11:05:26 ",
      "Jan 28 11:05:26 mail",
      "Jan 28 11:05:26 mail postfix/smtpd[12",
      "Jan 28 11:05:26 mail postfix/smtpd[]: x",
      "Jan 28 11:05:26 mail postfix/smtpd[123]x",
      "Foo 23 11:05:26 mail postfix/smtpd[123]: x",
      "Nov 123 11:05:26 mail postfix/smtpd[123]: x",
      "2026-11-23 1:05:26 mail postfix/smtpd[123]: x",
      "2023-06-23T14:26:29",
      "<22>",
  };
  for (std::string_view line : kNot) {
    INFO(line);
    Prefix p;
    CHECK_FALSE(parse_syslog_prefix(line, p));
  }
}

TEST_CASE("Impossible dates of a known shape give a prefix with an invalid time", "[prefix]") {
  // Damaged, not foreign: the caller can still see whose line it is.
  const std::string_view kDamaged[] = {
      "Feb 30 11:05:26 mail postfix/smtpd[123]: x",
      "Nov  0 10:00:00 mail postfix/smtpd[123]: x",
      "Nov 23 24:00:00 mail postfix/smtpd[123]: x",
      "Nov 3 23:60:00.123 mail postfix/smtpd[123]: x",
      "2026-13-01T10:00:00 mail postfix/smtpd[123]: x",
      "0000-11-23T10:00:00.000001+02:00 mail postfix/smtpd[123]: x",
      "2026-02-30T10:00:00+0200 mail postfix/smtpd[123]: x",
  };
  for (std::string_view line : kDamaged) {
    INFO(line);
    Prefix p;
    REQUIRE(parse_syslog_prefix(line, p));
    CHECK_FALSE(p.time.valid());
    CHECK(p.host == "mail");
    CHECK(p.program == "postfix/smtpd");
    CHECK(p.body == "x");
  }
}

TEST_CASE("rsyslog #ooo escapes are decoded into scratch when present", "[prefix]") {
  Scratch scratch;
  Prefix p;
  // pmg-log-tracker/test_input_time_rfc3339_mixed.log
  REQUIRE(parse_syslog_prefix(
      "2023-06-23T14:26:29.452836+02:00 pmg1 pmg-smtp-filter[945]: C019B64958F756CDA5: new mail "
      "message-id=<redacted:msgid>#012",
      p, scratch));
  CHECK(p.body == "C019B64958F756CDA5: new mail message-id=<redacted:msgid>\n");
  CHECK(p.body.data() == scratch.unescaped.data());

  // No escape: the body stays a view into the line.
  std::string_view plain = "Jan 28 11:05:26 mail postfix/qmgr[2004]: 5FB7BC0A62: removed";
  REQUIRE(parse_syslog_prefix(plain, p, scratch));
  CHECK(p.body.data() == plain.data() + plain.find("5FB7"));

  // Text that only looks like an escape stays as it is: "#000" (NUL), "#101"
  // ("A", printable), "#4.3.0", "#12", and a '#' at the very end.
  std::string s;
  CHECK(decode_rsyslog_escapes("csn 805144Z#000000#000#000000", s) == "csn 805144Z#000000#000#000000");
  CHECK(decode_rsyslog_escapes("ticket #101 and (#4.3.0) #12 #", s) ==
        "ticket #101 and (#4.3.0) #12 #");
  CHECK(decode_rsyslog_escapes("a#011b#015#012", s) == "a\tb\r\n");
  CHECK(decode_rsyslog_escapes("#177#", s) == "\x7f#");
}

TEST_CASE("The prefix reader never reads past the line", "[prefix]") {
  // Every truncation of real lines: a parse either fails or gives views inside.
  const std::string_view lines[] = {
      "2023-06-23T14:26:29.452836+02:00 pmg1 pmg-smtp-filter[945]: x#012",
      "<22>Jan 28 11:05:26 mail postfix/qmgr[2004]: [ID 197553 mail.info] 5FB7BC0A62: removed",
      "Jan  8 11:05:26.1 2001:db8::25 postfix/qmgr[2004]: 5FB7BC0A62: removed",
  };
  Scratch scratch;
  for (std::string_view full : lines) {
    for (std::size_t n = 0; n <= full.size(); ++n) {
      std::string copy(full.substr(0, n));  // own buffer: ASan sees overreads
      Prefix p;
      if (parse_syslog_prefix(copy, p, scratch)) {
        CHECK(p.program.data() >= copy.data());
        CHECK(p.program.data() + p.program.size() <= copy.data() + copy.size());
      }
    }
  }
}

TEST_CASE("Hosts and tags of every length, across the reader's 32- and 64-byte windows", "[prefix]") {
  // The tag is read from bit masks of the 32 or 64 bytes after the time when
  // the line has them, else byte by byte: every length of host, program and
  // pid, with and without a body, must give the same fields either way.
  Scratch scratch;
  for (std::size_t host_len = 1; host_len <= 70; host_len += 3) {
    for (std::size_t program_len = 1; program_len <= 40; program_len += 3) {
      for (std::size_t pid_len = 0; pid_len <= 9; pid_len += 3) {
        for (std::string_view body : {"", "x", "5FB7BC0A62: removed", "connect from a very long client name[192.0.2.1]"}) {
          const std::string host(host_len, 'h'), program = "postfix/" + std::string(program_len, 'p'),
                            pid(pid_len, '7');
          std::string line = "Jan 28 11:05:26 " + host + " " + program;
          if (pid_len) line += "[" + pid + "]";
          line += ":";
          if (!body.empty()) line += " " + std::string(body);
          INFO(line);
          Prefix p;
          REQUIRE(parse_syslog_prefix(line, p, scratch));
          CHECK(p.host == host);
          CHECK(p.program == program);
          CHECK(p.pid == pid);
          CHECK(p.body == body);
          // Damaged tags: no prefix, whatever the window.
          std::string no_close = line;
          if (pid_len) {
            no_close[line.find(']')] = 'x';
            CHECK_FALSE(parse_syslog_prefix(no_close, p, scratch));
          }
          std::string no_space = line;
          if (!body.empty()) {
            no_space[line.find(": ") + 1] = '_';
            CHECK_FALSE(parse_syslog_prefix(no_space, p, scratch));
          }
        }
      }
    }
  }
}

namespace {

// Every field parse_line sets, as text (views compared by content).
std::string describe(const ParseResult& r, const Event& ev) {
  std::ostringstream o;
  const CivilTime& t = ev.time;
  o << int(r.kind) << '|' << r.reason << '|' << t.year << '-' << int(t.month) << '-' << int(t.day) << ' '
    << int(t.hour) << ':' << int(t.minute) << ':' << int(t.second) << '.' << t.micros << ' ' << t.offset_minutes
    << int(t.has_offset) << '|' << ev.host << '|' << int(ev.mta) << '|' << ev.service << '|' << ev.instance << '|'
    << ev.queue_id << '|' << int(ev.direction) << '|' << int(ev.outcome) << '|' << ev.recipient << '|' << ev.orig_to
    << '|' << ev.sender << '|' << ev.peer_host << '|' << ev.peer_ip << '|' << ev.reply.code << '|'
    << ev.reply.enhanced << '|' << ev.reply.text << '|' << int(ev.reply.stage) << '|' << int(ev.reply.inferred)
    << '|' << ev.dsn;
  return o.str();
}

}  // namespace

TEST_CASE("parse_line with the LineSplitter's '#' flag gives what the escape search gives", "[prefix]") {
  // Lines of every kind the prefix reader sees, with rsyslog escapes ("#012",
  // "#011"), text that only looks like one ("#101", "#000", "#4.3.0", a '#'
  // at the end) and a '#' in the host or tag, at every position of a line
  // that shifts across the splitter's 16- and 64-byte blocks: parsed with
  // HashInLine from LineSplitter::has_hash(), each line must give the same
  // Event as parse_line without the flag (which searches every body).
  const std::string_view lines[] = {
      "Jan 28 11:05:26 mail postfix/smtp[2004]: 5FB7BC0A62: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, "
      "delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.7.1, status=deferred (host mx.example.com[192.0.2.1] said: 450 4.7.1 "
      "Try again later (in reply to RCPT TO command))",
      "2023-06-23T14:26:29.452836+02:00 pmg1 postfix/smtpd[945]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: "
      "554 5.7.1 <b@example.org>: Relay access denied; from=<a@example.com> to=<b@example.org> proto=ESMTP helo=<x>",
      "Jan 28 11:05:26 mail postfix/cleanup[2004]: 5FB7BC0A62: message-id=<abc@example.com>",
      "Jan 28 11:05:26 mail postfix/qmgr[2004]: 5FB7BC0A62: removed",
      "2024-01-02 03:04:05 1rAbCd-000123-Ab ** a@example.com R=dnslookup T=remote_smtp H=mx.example.com "
      "[192.0.2.1]: SMTP error from remote mail server after RCPT TO:<a@example.com>: 550 5.1.1 No such user",
      "Jan 28 11:05:26 mail exim[123]: 2024-01-02 03:04:05 1rAbCd-000123-Ab Completed",
  };
  const std::string_view inserts[] = {"#012", "#011", "#101", "#000", "#4.3.0", "#", "##012", "#177"};
  std::vector<std::string> texts;
  for (std::string_view line : lines) {
    texts.emplace_back(line);
    for (std::string_view ins : inserts)
      for (std::size_t at = 0; at <= line.size(); at += 7) {
        std::string l(line);
        l.insert(at, ins);
        texts.push_back(l);
      }
    std::string end(line);  // a '#' as the last byte
    texts.push_back(end + "#");
  }
  // Several lines per text, each shifted by a growing pad line, so that every
  // line and '#' meets every offset of a 64-byte block.
  Scratch flagged_scratch, plain_scratch;
  Event flagged, plain;
  std::size_t decoded = 0, compared = 0;
  for (std::size_t pad = 0; pad < 64; pad += 5) {
    std::string text = std::string(pad, 'p') + "\n";
    for (std::size_t i = pad % 7; i < texts.size(); i += 7) text += texts[i] + "\n";
    text += texts[pad % texts.size()];  // the last one without '\n'
    LineSplitter split(text);
    for (std::string_view line; split.next(line);) {
      INFO(line);
      ParseResult a = parse_line(line, flagged, flagged_scratch, split.has_hash() ? HashInLine::maybe : HashInLine::no);
      const std::string got = describe(a, flagged);
      ParseResult b = parse_line(line, plain, plain_scratch);
      REQUIRE(got == describe(b, plain));
      ++compared;
      if (b.kind == LineKind::event && plain.reply.text.find('\n') != std::string_view::npos) ++decoded;
    }
  }
  CHECK(compared > 500);
  CHECK(decoded > 10);  // escapes were decoded: the '#' lines took the search
}
