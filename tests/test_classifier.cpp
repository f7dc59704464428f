// Classifier rules (docs/catalogue.md) and the normalization they rest on.
#include <catch2/catch.hpp>

#include "analyzer/catalogue.h"
#include "analyzer/classifier.h"
#include "analyzer/normalize.h"

#include <map>
#include <random>
#include <string>
#include <vector>

using namespace smtplog;

namespace {

std::string norm(std::string_view s) {
  std::string out;
  normalize_reply(s, out);
  return out;
}

// A tiny catalogue: enough to test the lookup order without the real one.
const Catalogue& tiny() {
  static const Catalogue cat = [] {
    Catalogue c;
    std::vector<std::string> errors;
    std::string common = "name: n\nclass: permanent-negative\ncategory: mailbox\ndescription: d\n"
                         "when: w\nfix-sender: s\nfix-admin: a\nuse: u\nsee: s\n";
    c.load("id: 550\ncode: 550\nsample: 550 x\n" + common + "\nid: 452\ncode: 452\nsample: 452 x\n" + common +
               "\nid: 5xx\ncode: 5xx\nsample: 599 x\n" + common + "\nid: 4xx\ncode: 4xx\nsample: 499 x\n" +
               common + "\nid: X.1.1\nenhanced: X.1.1\nsample: 550 5.1.1 x\n" + common +
               "\nid: X.0.0\nenhanced: X.0.0\nsample: 5.0.0 x\n" + common +
               "\nid: X.7.X\nenhanced: X.7.X\nsample: 5.7.99 x\n" + common +
               "\nid: relay\npattern: relay access denied\nsample: 554 5.7.1 Relay access denied\n" + common,
           "tiny.cat", errors);
    for (const std::string& e : errors) UNSCOPED_INFO(e);
    REQUIRE(errors.empty());
    return c;
  }();
  return cat;
}

}  // namespace

TEST_CASE("normalization strips codes and volatile tokens", "[classifier]") {
  CHECK(norm("550 5.7.1 <a@b.example>: Relay access denied") == "<>: relay access denied");
  CHECK(norm("550-5.7.26 This mail is unauthenticated 550 5.7.26 Please authenticate") ==
        "this mail is unauthenticated please authenticate");
  CHECK(norm("451 4.7.1 Client host [192.0.2.7] blocked using zen.spamhaus.org; see https://x/1.2.3.4") ==
        "client host [] blocked using zen.spamhaus.org; see https://x/#ip");
  CHECK(norm("421 Try later user@example.com 2001:db8::1 1234567 d75a77b69052e4ba2e2f3a7fsi") ==
        "try later @ #ip # #id");
  CHECK(norm("452 4.2.2   Mailbox   FULL") == "mailbox full");
  CHECK(norm("") == "");
  CHECK(norm("550") == "");
}

TEST_CASE("lookup order: pattern, enhanced, basic, fallbacks", "[classifier]") {
  Classifier c(tiny());
  REQUIRE(c.ok());
  CHECK(c.classify(554, "5.7.1", "554 5.7.1 <x@y>: Relay access denied").entry->id == "relay");
  CHECK(c.classify(550, "5.1.1", "550 5.1.1 no such user").entry->id == "X.1.1");
  CHECK(c.classify(550, "5.0.0", "550 5.0.0 whatever").entry->id == "550");   // X.0.0 says less
  CHECK(c.classify(0, "5.0.0", "5.0.0 whatever").entry->id == "X.0.0");
  CHECK(c.classify(550, "5.7.99", "550 5.7.99 odd").entry->id == "550");      // basic beats subject
  CHECK(c.classify(0, "5.7.99", "5.7.99 odd").entry->id == "X.7.X");
  Classification f = c.classify(599, "", "599 odd");
  CHECK(f.entry->id == "5xx");
  CHECK_FALSE(f.exact);
}

TEST_CASE("class mismatch: the basic code decides, and it is visible", "[classifier]") {
  Classifier c(tiny());
  Classification r = c.classify(550, "4.1.1", "550 4.1.1 odd");
  CHECK(r.class_mismatch);
  CHECK(r.effective_class == '5');
  CHECK(r.entry->id == "550");  // the mismatching enhanced code is not used
}

TEST_CASE("success replies are classified by code only, and the cache counts", "[classifier]") {
  Classifier c(tiny());
  ClassifierCache cache(c);
  CHECK_FALSE(wants_pattern(250, "2.0.0", "250 2.0.0 Ok: relay access denied"));
  for (int i = 0; i < 1000; ++i)
    cache.classify(554, "5.7.1", "554 5.7.1 <user" + std::to_string(i) + "@x>: Relay access denied");
  CHECK(cache.misses() == 1);
  CHECK(cache.hits() == 999);
}

TEST_CASE("normalize lower-cases a plain word: A-Z only, at every length and offset", "[classifier]") {
  // Every byte a plain word can hold (no space, tab, digit, '<', '[', '@' or
  // ':'), in words of every length from 1 to past 16, at every offset: only
  // A-Z change (bytes >= 0x80, UTF-8 included, and '@'..'`' neighbours stay).
  std::string all;
  for (int c = 1; c < 256; ++c) {
    char ch = static_cast<char>(c);
    if (ch == ' ' || ch == '\t' || (ch >= '0' && ch <= '9') || ch == '<' || ch == '[' || ch == '@' ||
        ch == ':')
      continue;
    all.push_back(ch);
  }
  for (std::size_t len = 1; len <= 19; ++len)
    for (std::size_t at = 0; at + len <= all.size(); at += 7) {
      std::string word = all.substr(at, len), want;
      for (char c : word) want.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
      INFO("at " << at << " len " << len);
      REQUIRE(norm("Foo " + word + " BAR") == "foo " + want + " bar");
    }
  CHECK(norm("UNROUTEABLE \xc3\x9c\xc3\x9c" "BER-GR\xc3\x96" "SSE") ==
        "unrouteable \xc3\x9c\xc3\x9c" "ber-gr\xc3\x96" "sse");
}

TEST_CASE("the cache answers as the classifier does, by raw text and by normalized text", "[classifier]") {
  Classifier c(tiny());
  ClassifierCache cache(c);
  // 50,000 distinct raw texts overflow the raw level (cleared and refilled)
  // while a few normalized forms stay; each repeats once, so both levels answer.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 50000; ++i) {
      std::string n = std::to_string(i % 25000);
      // The raw level's key leaves out what is inside <...>, so the raw
      // texts also vary outside: "q1xxxxx" normalizes to "q#".
      std::string q = " q" + std::to_string(100000 + i % 25000);
      std::string texts[] = {"554 5.7.1 <user" + n + "@x>: Relay access denied" + q,
                             "550 5.1.1 <" + n + "@y>: mailbox unknown" + q, "452 4.2.2 over quota"};
      std::uint16_t codes[] = {554, 550, 452};
      std::string_view enh[] = {"5.7.1", "5.1.1", "4.2.2"};
      for (int k = 0; k < 3; ++k) {
        Classification a = cache.classify(codes[k], enh[k], texts[k]);
        Classification b = c.classify(codes[k], enh[k], texts[k]);
        REQUIRE(a.entry == b.entry);
        REQUIRE(a.by == b.by);
        REQUIRE(a.effective_class == b.effective_class);
      }
    }
  }
  CHECK(cache.raw_hits() > 0);
  CHECK(cache.hits() > cache.raw_hits());
  CHECK(cache.misses() < 100);
}

TEST_CASE("the normalized level grows past its first table and is cleared at max_entries", "[classifier]") {
  Classifier c(tiny());
  // 5,000 distinct normalized texts, twice: the second round differs from the
  // first only in a bare 6-digit run, which normalizes to "#", so the raw
  // level never answers and the normalized level must (it starts at 4,096
  // slots and grows). With max_entries 1,000 it is cleared every 1,000 texts
  // and the second round misses again.
  auto word = [](int i) {
    std::string w;
    for (int k = 0; k < 3; ++k, i /= 26) w.push_back(static_cast<char>('a' + i % 26));
    return w;
  };
  for (std::size_t max_entries : {std::size_t{100000}, std::size_t{1000}}) {
    ClassifierCache cache(c, max_entries);
    for (int round = 0; round < 2; ++round)
      for (int i = 0; i < 5000; ++i) {
        std::string text = "550 5.1.1 mailbox " + word(i) + " relay access denied q" +
                           std::to_string(100000 + round);
        Classification a = cache.classify(550, "5.1.1", text);
        Classification b = c.classify(550, "5.1.1", text);
        REQUIRE(a.entry == b.entry);
        REQUIRE(a.by == b.by);
      }
    INFO("max_entries " << max_entries);
    CHECK(cache.raw_hits() == 0);
    CHECK(cache.misses() == (max_entries == 1000 ? 10000u : 5000u));
    CHECK(cache.hits() == 10000u - cache.misses());
  }
}

TEST_CASE("the raw level's key leaves out only bracket contents normalization replaces", "[classifier]") {
  Classifier c(tiny());
  ClassifierCache cache(c);
  auto key = [&](std::string_view t) { return std::string(cache.raw_key(t)); };
  // Left out: what normalize_reply turns into "<>" or "[]".
  CHECK(key("550 5.1.1 <joe@example.com>: Recipient address rejected") ==
        "550 5.1.1 <>: Recipient address rejected");
  CHECK(key("from host[192.0.2.1]:25 <a@b> x") == "from host[]:25 <> x");
  CHECK(key("<a@b>@c") == "<>@c");
  CHECK(key("no brackets at all") == "no brackets at all");
  // Kept: contents holding a bracket, pairs across a space, unmatched bytes.
  CHECK(key("<a[b> x") == "<a[b> x");
  CHECK(key("<<a> x") == "<<a> x");
  CHECK(key("[a<b] <c>") == "[a<b] <>");
  CHECK(key("<a b> x") == "<a b> x");
  CHECK(key("<a\tb> x") == "<a\tb> x");
  CHECK(key("x<ab") == "x<ab");
  CHECK(key("<ab]cd> <e>") == "<ab]cd> <>");
  CHECK(key("<>") == "<>");
  CHECK(key("") == "");
  // Texts of one key normalize alike; texts normalization keeps apart get
  // keys apart.
  const std::vector<std::string> texts = {
      "550 5.1.1 <joe@example.com>: Recipient address rejected",
      "550 5.1.1 <x12345678901234@ex.com>: Recipient address rejected",
      "<a@b>@c", "<1234567890abcdef>@c", "<a@b>c", "abc12345678x<y>", "abc1234567x<y>",
      "550-<a@b> 5.1.1 no", "550-<a@b> 5.1.2 no", "5.1.1<x> 5.1.1<yy>", "host[::1]:25", "host[1.2.3.4]:25",
      "fe80::1<a>", "<a:b:c> d", "<a[b> [c<d] <e>f]", "x<ab <cd> [ef]", "550 <a@b>", "550 <a>b@c",
      "451 4.3.0 <a>:<b>:<c> [d].[e]", "[a]@[b]", "a@[b]", "[a@b]", "<A@B> MIXED Case", "<a@b>\t<c@d>"};
  std::map<std::string, std::string> normalized_by_key;
  for (const std::string& t : texts) {
    INFO(t);
    std::string k = key(t), nt, nk;
    normalize_reply(t, nt);
    normalize_reply(k, nk);
    CHECK(nt == nk);
    auto [it, fresh] = normalized_by_key.emplace(k, nt);
    CHECK(it->second == nt);
  }
  CHECK(key("550 5.1.1 <joe@example.com>: Recipient address rejected") ==
        key("550 5.1.1 <x12345678901234@ex.com>: Recipient address rejected"));
  CHECK(key("abc12345678x<y>") != key("abc1234567x<y>"));
  CHECK(key("<a@b>@c") != key("<a@b>c"));
}

namespace {
// generalize_reply's key, or the text itself when it returns false.
std::string general(std::string_view t) {
  std::string out = "untouched";
  if (!generalize_reply(t, out)) {
    CHECK(out == "untouched");  // left alone when nothing changes
    return std::string(t);
  }
  return out;
}
}  // namespace

TEST_CASE("the general key: bare IPv4 addresses and bare-@ tokens in one form, normalized alike", "[classifier]") {
  // Replaced: what normalize_reply writes "#ip" or "@" whatever it holds.
  CHECK(general("Messages from 203.0.113.7 temporarily deferred") == "Messages from 0.0.0.0 temporarily deferred");
  CHECK(general("203.0.113.7") == "0.0.0.0");
  CHECK(general("203.0.113.7 at the start") == "0.0.0.0 at the start");
  CHECK(general("at the end 203.0.113.7") == "at the end 0.0.0.0");
  CHECK(general("(203.0.113.7), ..10.0.0.1.. x\t192.168.1.1;") == "(0.0.0.0), ..0.0.0.0.. x\t0.0.0.0;");
  CHECK(general("999.1.1.1 010.001.000.255") == "0.0.0.0 0.0.0.0");  // normalize_reply does not check the digits
  CHECK(general("connect to 109.132.189.232[]:25: Connection refused") ==
        "connect to 0.0.0.0[]:25: Connection refused");
  CHECK(general("https://www.spamhaus.org/query/ip/198.51.100.42") == "https://www.spamhaus.org/query/ip/0.0.0.0");
  CHECK(general("<unknown[198.51.100.42]>: Client host") == "<unknown[0.0.0.0]>: Client host");
  CHECK(general("H=198.51.100.42 ab1.2.3.4") == "H=0.0.0.0 ab0.0.0.0");  // '=' or under 12 bytes: never an id
  CHECK(general("contact postmaster@gmail.com now") == "contact @ now");
  CHECK(general("(tom1@gmail.com) x@y") == "@ @");
  CHECK(general("<a@b>@c: from 1.2.3.4") == "@ from 0.0.0.0");
  // Kept: not an IPv4 run, or where normalization looks at more than its form.
  for (const char* kept : {"1.2.3", "1.2.3.4.5", "1234.1.1.1", "1..2.3.4", "1.2.3.4444", "v1.2", "2001:db8::1",
                           "0.0.0.0 and @", "host1.2.3.4.example",  // 12+ bytes with a letter: maybe an id
                           "ab1.2.3.4xyz", "550-a@b", "5.7.1@example.com", "<a@b> [c@d]", "a b\tc", "", " "}) {
    INFO(kept);
    CHECK(general(kept) == kept);
  }
  // The general key of a general key is itself.
  std::string once = general("x 1.2.3.4 a@b 5.6.7.8"), out;
  CHECK(once == "x 0.0.0.0 @ 0.0.0.0");
  CHECK_FALSE(generalize_reply(once, out));

  // Texts of one general key normalize alike: hand-picked edges, then
  // random texts of the bytes and tokens normalization looks at.
  std::vector<std::string> texts = {
      "550 5.5.5.5 x", "550-5.5.5.5 x", "550-2.2.2.2", "5.5.5.5 x", "550 4.4.4.4", "550 1.2.3.4", "4.4.4.4",
      "550-5.7.1 1.2.3.4", "550 5.7.1 1.2.3.4", "550-1.2.3.4 5.7.1 x", "421 2.2.2.2@x", "550 a@b 5.7.1",
      "x 550 5.6.7.8 y", "x 550 5.6.7.8", "5.6.7.8:25 x", "550-5.6.7.8.", "550 5.7.1,1.2.3.4 x",
      "abc1.2.3.4", "abcd1.2.3.4", "abcdefgh255.255.255.255", "ab255.255.255.255", "ab255.255.255.255:",
      "a1.2.3.4b1.2.3.4", "::ffff:1.2.3.4", "fe80::1.2.3.4", "1.2.3.4::1", "[1.2.3.4]", "<1.2.3.4", "1.2.3.4>",
      "<a 1.2.3.4>", "x@1.2.3.4", "1.2.3.4@x", "a@b 5.7.1", "550 a@b", "550-a@b", "a@b.example.com,",
      "<a@b> c@d", "[a@b]@c", "@", "@@", "a@", "<x>@", "x<@", "550 550 5.1.1 a@b"};
  std::mt19937 rng(8);
  const std::vector<std::string> pieces = {"1", "2", "5", "12", "255", "999", "1234", ".", ".", ".", "1.2.3.4",
                                           "5.6.7.8", "2.1.1", "550", "550-", "451 ", "5.7.1", "@", "<", ">",
                                           "[", "]", " ", " ", "\t", "a", "Ab", "xyz", "host", ":", "=", "/",
                                           ",", ")", "(", "-", ";", "ff", "0.0.0.0",
                                           // long enough for raw_key's 16-byte steps inside a pair
                                           "postmaster@example.com", "abcdefghijklmnopqr", "x@y"};
  for (int i = 0; i < 200000; ++i) {
    std::string t;
    for (int n = static_cast<int>(rng() % 16); n >= 0; --n) t += pieces[rng() % pieces.size()];
    texts.push_back(t);
  }
  Classifier c(tiny());
  ClassifierCache cache(c);
  std::size_t changed = 0;
  for (const std::string& t : texts) {
    INFO("text '" << t << "'");
    const std::string g = general(t);
    changed += g != t;
    REQUIRE(norm(g) == norm(t));
    // And after the raw level's key, as the cache uses it.
    const std::string raw(cache.raw_key(t));
    REQUIRE(norm(general(raw)) == norm(t));
  }
  CHECK(changed > 10000);  // the random texts did exercise the replacements
}

TEST_CASE("texts that differ in bare addresses are answered by the raw level's general key", "[classifier]") {
  Classifier c(tiny());
  ClassifierCache cache(c);
  for (int i = 0; i < 1000; ++i) {
    const std::string ip = std::to_string(i % 250) + ".2.3." + std::to_string(i / 250);
    const std::string text = "554 5.7.1 Relay access denied for " + ip + " (user" + std::to_string(i) + "@x)";
    Classification a = cache.classify(554, "5.7.1", text);
    REQUIRE(a.entry == c.classify(554, "5.7.1", text).entry);
    REQUIRE(a.entry->id == "relay");
  }
  CHECK(cache.misses() == 1);
  CHECK(cache.raw_hits() == 999);
}
