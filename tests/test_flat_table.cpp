// The batch's containers (analyzer/flat_table.h) and the domain of an
// address: a cleared map or string table forgets everything it held (its
// index is freed lazily, on the next lookup), short_word() names each string
// of up to 8 bytes alone and keeps its bytes in memory order, and domain_of()
// lower-cases ASCII only.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "analyzer/batch.h"
#include "analyzer/flat_table.h"

using namespace smtplog;

namespace {

struct IntHash {
  std::uint64_t operator()(int k) const { return mix64(static_cast<std::uint64_t>(k)); }
};

}  // namespace

TEST_CASE("a cleared FlatMap holds nothing of what it held, and refills") {
  FlatMap<int, std::int64_t, IntHash> m;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 1000; ++i) m[i * 7 + round] += i;
    REQUIRE(m.size() == 1000);
    for (int i = 0; i < 1000; ++i) CHECK(m[i * 7 + round] == i);
    CHECK(m.size() == 1000);  // looked up, not added again
    m.clear();
    CHECK(m.empty());
    m.clear();  // twice: still empty
    CHECK(m[5] == 0);  // a key of an earlier round comes back as new
    CHECK(m.size() == 1);
    m.clear();
  }
  std::set<int> keys;
  for (int i = 0; i < 10; ++i) m.get(i, IntHash{}(i)) = i;
  for (const auto& [k, v] : m) {
    CHECK(k == v);
    keys.insert(k);
  }
  CHECK(keys.size() == 10);
}

TEST_CASE("a cleared StringTable numbers strings from 0 again, its cache of recent strings forgotten") {
  StringTable t;
  const std::string long_one = "a-longer-name.example.org";
  // Names as std::string, not literals: GCC 12 at -O3 warns (-Warray-bounds)
  // on the 8-byte loads of hash_bytes' branches that a literal's size rules out.
  const std::string mx = "mx", zz = "zz", remote = "remote_smtp";
  for (const char* s : {"mx", "smtpd", "remote_smtp", "5.7.1", ""}) t.intern(s);
  t.intern(long_one);
  REQUIRE(t.size() == 6);
  CHECK(t.intern(remote) == 2);  // from the cache
  CHECK(t.intern(long_one, hash_bytes(long_one)) == 5);
  t.clear();
  CHECK(t.size() == 0);
  // Different strings first: a stale cache or index would answer the old ids.
  CHECK(t.intern(remote) == 0);
  CHECK(t.intern(zz) == 1);
  CHECK(t.intern(mx) == 2);
  CHECK(t.intern(long_one) == 3);
  CHECK(t.text(0) == "remote_smtp");
  CHECK(t.text(2) == "mx");
  CHECK(t.text(3) == long_one);
  CHECK(t.hash(3) == hash_bytes(long_one));
  CHECK(t.intern(mx) == 2);
}

TEST_CASE("short_word keeps a string of up to 8 bytes in memory order, zero-padded, one word per string") {
  std::set<std::pair<std::uint64_t, std::size_t>> seen;
  const std::string all("Ab\x00\xff" "cdefg", 9);  // a NUL and a high byte among them
  for (std::size_t n = 0; n <= 8; ++n) {
    for (std::size_t from = 0; from + n <= all.size(); ++from) {
      const std::string_view s(all.data() + from, n);
      const std::uint64_t w = short_word(s);
      CHECK(std::string_view(reinterpret_cast<const char*>(&w), n) == s);
      for (std::size_t i = n; i < 8; ++i) CHECK(reinterpret_cast<const unsigned char*>(&w)[i] == 0);
      seen.emplace(w, n);
    }
  }
  CHECK(seen.size() == 1 + 9 + 8 + 7 + 6 + 5 + 4 + 3 + 2);  // every (text, size) distinct: no two alike here
}

TEST_CASE("domain_of lower-cases ASCII only, drops the trailing > and dots, keeps at most 255 bytes") {
  CHECK(domain_of("a@Example.COM") == "example.com");
  CHECK(domain_of("<Someone@Mail.Example.ORG>") == "mail.example.org");
  CHECK(domain_of("x@Y.") == "y");
  CHECK(domain_of("x@@Z") == "z");
  CHECK(domain_of("no-at-sign") == "");
  CHECK(domain_of("") == "");
  CHECK(domain_of("a@") == "");
  CHECK(domain_of("a@ÄBC.Example") == "Äbc.example");  // UTF-8 bytes left as they are
  CHECK(domain_of("a@[@\\`{~]AZaz") == "\\`{~]azaz");  // the last @; the bytes around A-Z and a-z stay
  const std::string long_domain(300, 'Q');
  CHECK(domain_of("a@" + long_domain) == std::string(255, 'q'));
  for (std::size_t n = 1; n <= 40; ++n) {  // every length around the 8-byte steps
    std::string upper, lower;
    for (std::size_t i = 0; i < n; ++i) {
      upper += static_cast<char>('A' + i % 26);
      lower += static_cast<char>('a' + i % 26);
    }
    CHECK(domain_of("u@" + upper + ">") == lower);
  }
}
