// `explain` and `compare` pages, through the real program: the shape of our
// user's pages, the five heading languages, and the answers for unknown codes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "process.h"

using namespace smtplog::test;

namespace {

struct Lang {
  const char* code;
  std::vector<const char*> headings;  // description .. which, then learn more
};

const std::vector<Lang> kLangs = {
    {"en", {"Description", "When You See It", "How to Fix It", "Key Differences", "When to Use Which", "Learn More"}},
    {"id", {"Deskripsi", "Ketika Anda Melihatnya", "Cara Memperbaiki", "Perbedaan Utama",
            "Kapan Menggunakan Yang Mana", "Pelajari Lebih Lanjut"}},
    {"tr", {"Açıklama", "Gördüğünüzde", "Nasıl Düzeltilir", "Temel Farklar", "Hangisini Ne Zaman Kullanmalı",
            "Daha Fazla Öğren"}},
    {"ja", {"説明", "このコードが表示される場合", "解決方法", "主な違い", "どちらをいつ使うか", "詳しく見る"}},
    {"ru", {"Описание", "Когда вы это видите", "Как исправить", "Ключевые различия", "Когда что использовать",
            "Узнать больше"}},
};

std::size_t at(const std::string& page, const std::string& what) {
  std::size_t p = page.find(what);
  INFO("looking for: " << what);
  CHECK(p != std::string::npos);
  return p;
}

}  // namespace

TEST_CASE("compare pages for the user's pairs, in all five languages", "[pages]") {
  TempDir dir;
  struct Pair {
    const char *a, *b, *sentence;
  };
  const Pair pairs[] = {
      {"251", "452", "SMTP 251 (User Not Local) is a 2xx Positive Completion response, while 452 "
                     "(Insufficient Storage) is a 4xx Transient Negative response."},
      {"251", "551", "is a 2xx Positive Completion response, while 551"},
      {"251", "451", "is a 2xx Positive Completion response, while 451"},
      {"211", "452", "is a 2xx Positive Completion response, while 452"},
      {"252", "452", "is a 2xx Positive Completion response, while 452"},
  };
  for (const Pair& p : pairs) {
    for (const Lang& lang : kLangs) {
      Run r = run_smtplog({"compare", p.a, p.b, "--lang", lang.code}, dir);
      INFO(p.a << " vs " << p.b << " in " << lang.code << ":\n" << r.out << r.err);
      REQUIRE(r.status == 0);
      // Sentence first, then each code's sections, then differences, which, learn more.
      std::string page = r.out;
      std::string flat;
      for (char c : page) flat += c == '\n' ? ' ' : c;
      CHECK(flat.find(p.sentence) != std::string::npos);
      std::size_t a_desc = at(page, "## " + std::string(p.a));
      std::size_t b_desc = at(page, "## " + std::string(p.b));
      CHECK(a_desc < b_desc);
      for (std::size_t h = 0; h < 3; ++h) CHECK(page.find(lang.headings[h], a_desc) < b_desc);
      std::size_t diff = at(page, std::string("## ") + lang.headings[3]);
      std::size_t which = at(page, std::string("## ") + lang.headings[4]);
      std::size_t more = at(page, std::string("## ") + lang.headings[5]);
      CHECK(b_desc < diff);
      CHECK(diff < which);
      CHECK(which < more);
      CHECK(page.find("RFC 5321", more) != std::string::npos);
      // Each reference once, though both codes cite the same sections.
      std::string refs = flat.substr(flat.find(lang.headings[5]) + std::string(lang.headings[5]).size());
      std::vector<std::string> seen;
      for (std::size_t pos = 0; pos < refs.size();) {
        std::size_t end = std::min(refs.find(';', pos), refs.size());
        std::string ref = refs.substr(pos, end - pos);
        while (!ref.empty() && ref.front() == ' ') ref.erase(0, 1);
        while (!ref.empty() && ref.back() == ' ') ref.pop_back();
        if (!ref.empty()) {
          CHECK(std::find(seen.begin(), seen.end(), ref) == seen.end());
          seen.push_back(ref);
        }
        pos = end + 1;
      }
      CHECK(!seen.empty());
    }
  }
}

TEST_CASE("compare and explain take --format json", "[pages]") {
  TempDir dir;
  Run c = run_smtplog({"compare", "251", "551", "--format", "json"}, dir);
  CHECK(c.status == 0);
  CHECK(c.out.rfind("{\"a\":{", 0) == 0);
  CHECK(c.out.find("\"name\":\"User Not Local\"") != std::string::npos);
  Run e = run_smtplog({"explain", "4.2.2", "--format", "json"}, dir);
  CHECK(e.status == 0);
  CHECK(e.out.find("\"class\":\"transient-negative\"") != std::string::npos);
}

TEST_CASE("explain finds codes, enhanced codes and reply texts", "[pages]") {
  TempDir dir;
  Run code = run_smtplog({"explain", "452"}, dir);
  CHECK(code.status == 0);
  CHECK(code.out.find("Insufficient Storage") != std::string::npos);
  CHECK(code.out.find("Transient Negative") != std::string::npos);
  Run enh = run_smtplog({"explain", "5.1.1"}, dir);
  CHECK(enh.status == 0);
  CHECK(enh.out.find("Permanent Negative") != std::string::npos);
  Run text = run_smtplog({"explain", "550 5.7.1 <a@b>: Relay access denied"}, dir);
  CHECK(text.status == 0);
  CHECK(text.out.find("relay-denied") != std::string::npos);
}

TEST_CASE("unknown codes say what their class digit tells; garbage is a usage error", "[pages]") {
  TempDir dir;
  Run r299 = run_smtplog({"explain", "299"}, dir);
  CHECK(r299.status == 0);
  CHECK(r299.out.find("not in the catalogue") != std::string::npos);
  CHECK(r299.out.find("Positive Completion") != std::string::npos);
  Run r499 = run_smtplog({"explain", "4.9.9"}, dir);
  CHECK(r499.status == 0);
  CHECK(r499.out.find("not in the catalogue") != std::string::npos);
  CHECK(r499.out.find("Transient Negative") != std::string::npos);
  for (const char* bad : {"abc", "", "999", "\x1b[31m"}) {
    Run r = run_smtplog({"explain", bad}, dir);
    INFO(bad << ": " << r.err);
    CHECK(r.status == 2);
  }
  CHECK(run_smtplog({"compare", "251"}, dir).status == 2);
  CHECK(run_smtplog({"compare", "251", "452", "--lang", "xx"}, dir).status == 2);
}
