// Format detection from content: heads made of real lines (../shared/corpus,
// samples/), and, when they are there, the corpus and sample files themselves.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "parsers/line.h"
#include "tests/paths.h"

using namespace smtplog;
namespace fs = std::filesystem;

namespace {

std::string head_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string s(64 << 10, '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

std::string name(LogFormat f) { return to_string(f); }

}  // namespace

TEST_CASE("Format detection from heads of real lines", "[detect]") {
  struct Case {
    const char* what;
    std::string head;
    LogFormat format;
  };
  const Case cases[] = {
      {"Exim mainlog",
       "2020-06-19 04:51:49 [123] 1jmFYj-00039V-QX <= noreply@test.corp H=(test.corp) [2.2.2.2] P=smtp S=7386\n"
       "2020-06-19 04:54:02 1jmFYj-00039V-QX == bob@null.corp R=dnslookup T=remote_smtp defer (110): Connection timed out\n"
       "2020-06-19 04:54:02 [456] 1jmFYj-00039V-QX Completed\n",
       LogFormat::exim_mainlog},
      {"Exim mainlog whose head holds rejects and one queue run",
       "2016-04-18 09:33:27 H=(85.214.241.101) [114.37.190.56] F=<z2007tw@yahoo.com.tw> rejected RCPT <alan.a168@msa.hinet.net>: relay not permitted\n"
       "1999-03-02 09:44:33 Start queue run: pid=p1234\n",
       LogFormat::exim_mainlog},
      {"Exim rejectlog with a header dump",
       "1999-03-02 09:44:33 10HmaY-000000005vi-0000 F=<userx@test1> rejected by non-SMTP ACL: don't like sender userx@test1\n"
       "Envelope-from: <userx@test1>\n"
       "Envelope-to: <userx@test.ex>\n"
       "P Received: from CALLER by myhost.test.ex with local (Exim x.yz)\n"
       "\t(envelope-from <userx@test1>)\n",
       LogFormat::exim_rejectlog},
      {"Exim rejectlog of RCPT rejects, sync errors and AUTH failures",
       "2020-06-13 13:55:20 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected\n"
       "2020-06-13 16:49:49 H=(test.corp) [1.1.1.1] F=<noreply@test.corp> rejected RCPT <error!@dummy.corp>: restricted characters in address\n"
       "2022-06-29 16:04:05 dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=info@test.com)\n",
       LogFormat::exim_rejectlog},
      {"Exim rejectlog with a client Exim gave up on (written to both logs)",
       "2013-06-02 09:22:06 SMTP call from [192.0.2.109] dropped: too many syntax or protocol errors (last command was \"AUTH LOGIN\")\n"
       "2020-06-13 16:49:49 H=(test.corp) [1.1.1.1] F=<noreply@test.corp> rejected RCPT <error!@dummy.corp>: restricted characters in address\n",
       LogFormat::exim_rejectlog},
      {"Exim paniclog",
       "1999-03-02 09:44:33 Exim configuration error in line 20 of TESTSUITE/test-config:\n"
       "  bad parameters for retry rule\n"
       "2020-05-26 14:01:40 1jdghf-00034W-No DKIM: signing failed: RSA_LONG_LINE\n",
       LogFormat::exim_paniclog},
      {"Postfix through syslog, with other daemons",
       "Jan 28 11:05:26 mail postfix/smtpd[20127]: connect from unknown[199.229.127.90]\n"
       "Jan 28 07:52:03 mail opendkim[289]: B08573012026: key retrieval failed (s=2020, d=h-0ab4766f)\n"
       "Jan 28 11:05:27 mail postfix/smtpd[20127]: disconnect from unknown[199.229.127.90]\n",
       LogFormat::postfix},
      {"Exim through syslog",
       "Jun 29 16:04:19 server exim[1234]: dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=abuse@test.com)\n"
       "Apr 28 15:53:37 server exim[12105]: 2016-04-28 15:53:37 [12105] 1avnJx-00039F-Hs <= foi+request-1234@example.com\n",
       LogFormat::mixed_syslog},
      {"Postfix and Exim in one syslog",
       "Jan 28 11:05:26 mail postfix/smtpd[20127]: connect from unknown[199.229.127.90]\n"
       "Jun 29 16:04:19 mail exim4[1234]: H=test.com [1.2.3.4]:53343 F=<info@test.com> rejected RCPT <toto@toto.com>: no\n",
       LogFormat::mixed_syslog},
      {"syslog-ng ISO dates around Exim",
       "2016-04-01 11:08:00 info exim[8003]: [8003] SMTP protocol error in \"AUTH LOGIN\" H=(User) [192.0.2.29]:4816 I=[192.0.2.1]:25 Ci=8003 LOGIN authentication mechanism not supported\n"
       "2019-10-22 03:39:17 mx1.fqdn.local exim[29786]: dovecot_login authenticator failed for (User) [192.0.2.37]: 535 Incorrect authentication data\n",
       LogFormat::mixed_syslog},
      {"a partial last line is not counted",
       "1999-03-02 09:44:33 Exim configuration error in line 20 of TESTSUITE/test-config:\n"
       "2020-06-19 04:51:49 [123] 1jmFYj-00039V-QX <= noreply@test.co",
       LogFormat::exim_paniclog},
      {"a single line without newline still counts",
       "2020-06-19 04:51:49 [123] 1jmFYj-00039V-QX <= noreply@test.corp H=(test.corp) [2.2.2.2] P=smtp S=7386",
       LogFormat::exim_mainlog},
      {"CRLF line ends", "2020-06-19 04:54:02 [456] 1jmFYj-00039V-QX Completed\r\n", LogFormat::exim_mainlog},
      {"empty", "", LogFormat::unknown},
      {"only other daemons", "Jan 28 07:52:03 mail opendkim[289]: key retrieval failed\n", LogFormat::unknown},
      {"not a log", "hello\nworld\n\0\xff\xfe\n", LogFormat::unknown},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(name(detect_format(c.head)) == name(c.format));
  }
}

TEST_CASE("Format detection of the sample logs", "[detect]") {
  const fs::path dir = test::source_dir() / "samples" / "exim";
  if (!fs::is_directory(dir)) {
    WARN("samples/exim not found: sample detection test skipped");
    return;
  }
  for (const char* run : {"default", "all"}) {
    if (!fs::exists(dir / run / "mainlog")) continue;
    INFO(run);
    CHECK(name(detect_format(head_of(dir / run / "mainlog"))) == name(LogFormat::exim_mainlog));
    CHECK(name(detect_format(head_of(dir / run / "rejectlog"))) == name(LogFormat::exim_rejectlog));
    // Exim creates the paniclog only when something panics; the samples' is empty.
    CHECK(name(detect_format(head_of(dir / run / "paniclog"))) == name(LogFormat::unknown));
  }
}

TEST_CASE("Format detection of the corpus files", "[detect]") {
  const fs::path dir = test::corpus_dir();
  if (dir.empty() || !fs::is_directory(dir)) {
    WARN("shared corpus not found: corpus detection test skipped");
    return;
  }
  struct File {
    const char* path;
    LogFormat format;
  };
  const File files[] = {
      {"exim-testsuite/mainlog.log", LogFormat::exim_mainlog},
      {"exim-testsuite/rejectlog.log", LogFormat::exim_rejectlog},
      {"exim-testsuite/paniclog.log", LogFormat::exim_paniclog},
      {"exim_exporter/mainlog.log", LogFormat::exim_mainlog},
      {"exim_exporter/rejectlog.log", LogFormat::exim_rejectlog},
      {"exim_exporter/paniclog.log", LogFormat::exim_paniclog},
      {"grok_exporter/exim-rejected-RCPT-examples.log", LogFormat::exim_rejectlog},
      {"fail2ban/exim.log", LogFormat::exim_mainlog},
      {"crowdsec-hub/exim-syslog-logs.log", LogFormat::mixed_syslog},
      {"lightmeter/logs_sample/mail.log", LogFormat::postfix},
      {"modoboa-stats/mail.log", LogFormat::postfix},
      {"pmg-log-tracker/test_input_time_rfc3339_mixed.log", LogFormat::postfix},
      {"lightmeter/logs_sample/mail.err.log", LogFormat::unknown},
  };
  for (const File& f : files) {
    if (!fs::exists(dir / f.path)) continue;
    INFO(f.path);
    CHECK(name(detect_format(head_of(dir / f.path))) == name(f.format));
  }
}
