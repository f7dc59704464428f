// The catalogue's own checks: coverage, every field filled, every sample
// classifying to its own entry, and the loader's error messages.
#include <catch2/catch.hpp>

#include <set>

#include "analyzer/catalogue.h"
#include "analyzer/classifier.h"
#include "parsers/reply.h"

using namespace smtplog;

namespace {

const Catalogue& embedded() {
  static const Catalogue cat = [] {
    Catalogue c;
    std::vector<std::string> errors;
    c.load_embedded(errors);
    for (const std::string& e : errors) UNSCOPED_INFO(e);
    REQUIRE(errors.empty());
    return c;
  }();
  return cat;
}

}  // namespace

TEST_CASE("catalogue covers every basic code of RFC 5321 and RFC 7504", "[catalogue]") {
  const char* kBasic[] = {"211", "214", "220", "221", "250", "251", "252", "354", "421",
                          "450", "451", "452", "455", "500", "501", "502", "503", "504",
                          "550", "551", "552", "553", "554", "555", "521", "556"};
  int found = 0;
  for (const char* code : kBasic) {
    INFO(code);
    CHECK(embedded().by_code(code) != nullptr);
    found += embedded().by_code(code) != nullptr;
  }
  CHECK(found == 26);
  for (const char* code : {"235", "334", "432", "454", "530", "534", "535", "538"}) {
    INFO("extension code " << code);
    CHECK(embedded().by_code(code) != nullptr);
  }
  for (const char* cls : {"2xx", "3xx", "4xx", "5xx"}) CHECK(embedded().by_code(cls) != nullptr);
}

TEST_CASE("catalogue covers the 81 registered enhanced codes, classes and subjects", "[catalogue]") {
  int rows = 0;
  for (const Entry& e : embedded().entries())
    if (e.kind == Entry::Kind::enhanced)
      for (const std::string& c : e.enhanced)
        if (c.size() >= 5 && c[0] == 'X' && c.back() != 'X') ++rows;
  CHECK(rows == 81);
  for (const char* c : {"2.X.X", "4.X.X", "5.X.X", "X.0.X", "X.1.X", "X.2.X", "X.3.X", "X.4.X",
                        "X.5.X", "X.6.X", "X.7.X"}) {
    INFO(c);
    CHECK(embedded().by_enhanced(c) != nullptr);
  }
}

TEST_CASE("catalogue has at least 100 real-world text patterns", "[catalogue]") {
  int patterns = 0;
  for (const Entry& e : embedded().entries()) patterns += e.kind == Entry::Kind::pattern;
  INFO("text patterns: " << patterns);
  CHECK(patterns >= 100);
}

TEST_CASE("every catalogue entry has every field filled", "[catalogue]") {
  for (const Entry& e : embedded().entries()) {
    INFO(e.source << " " << e.id);
    CHECK_FALSE(e.name.empty());
    CHECK_FALSE(e.classes.empty());
    CHECK(valid_category(e.category));
    CHECK_FALSE(e.description.empty());
    CHECK_FALSE(e.when.empty());
    CHECK_FALSE(e.fix_sender.empty());
    CHECK_FALSE(e.fix_admin.empty());
    CHECK_FALSE(e.samples.empty());
    CHECK_FALSE(e.see.empty());
    if (e.kind != Entry::Kind::pattern) CHECK_FALSE(e.use.empty());
  }
}

TEST_CASE("every sample classifies to its own entry", "[catalogue]") {
  Classifier classifier(embedded());
  REQUIRE(classifier.ok());
  int samples = 0;
  for (const Entry& e : embedded().entries()) {
    for (const std::string& s : e.samples) {
      std::uint16_t code;
      std::string_view enh;
      read_reply_codes(s, code, enh);
      Classification c = classifier.classify(code, enh, s);
      INFO(e.source << " sample: " << s);
      REQUIRE(c.entry != nullptr);
      CHECK(c.entry->id == e.id);
      ++samples;
    }
  }
  CHECK(samples > 300);
}

TEST_CASE("the loader names file and line of a bad entry", "[catalogue]") {
  Catalogue cat;
  std::vector<std::string> errors;
  cat.load("id: x\nname: X\nclass: sideways\ncategory: mailbox\npattern: (unclosed\n", "site.cat", errors);
  REQUIRE(errors.size() >= 2);
  CHECK(errors[0].rfind("site.cat:3: unknown class 'sideways'", 0) == 0);
  CHECK(errors[1].rfind("site.cat:5: bad pattern", 0) == 0);
  CHECK(cat.entries().empty());
}

TEST_CASE("a site's catalogue file adds entries that win by load order", "[catalogue]") {
  Catalogue cat;
  std::vector<std::string> errors;
  cat.load(R"(id: partner-quota
pattern: partner mailbox quota exceeded
code: 552
name: Partner: quota exceeded
class: permanent-negative
category: mailbox
description: The partner's gateway says the mailbox is over quota.
when: Delivering to the partner.
fix-sender: Ask the recipient to clean up.
fix-admin: Raise the quota.
sample: 552 5.2.2 Partner mailbox quota exceeded
see: partner runbook
)", "site.cat", errors);
  REQUIRE(errors.empty());
  Classifier classifier(cat);
  Classification c = classifier.classify(552, "5.2.2", "552 5.2.2 Partner mailbox quota exceeded for <a@b>");
  REQUIRE(c.entry);
  CHECK(c.entry->id == "partner-quota");
  CHECK(c.by == Classification::By::pattern);
}
