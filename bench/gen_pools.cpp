// Names are built from syllables and a weighted list of top-level domains, so
// the pool is as large as asked for and the same for the same seed. The real
// providers come first: with the Zipf draw they get the lion's share, as in
// any real outbound log.
#include "bench/gen_pools.h"

#include <string_view>
#include <unordered_set>

namespace smtplog::bench {
namespace {

constexpr std::string_view kProviders[] = {
    "gmail.com",   "outlook.com", "hotmail.com",  "yahoo.com",  "icloud.com",
    "gmx.de",      "web.de",      "aol.com",      "mail.ru",    "yandex.ru",
    "orange.fr",   "t-online.de", "comcast.net",  "free.fr",    "libero.it",
    "protonmail.com", "live.com", "btinternet.com", "qq.com",   "naver.com"};

constexpr std::string_view kSyllables[] = {
    "ka", "lo", "ver", "min", "tra", "zen", "qui", "pol", "dar", "nex", "sol", "bri",
    "tor", "mel", "fax", "gro", "hal", "jun", "kor", "lum", "mar", "nov", "ost", "pra",
    "rex", "sil", "tan", "ul", "vin", "wes", "xi", "yor", "zel", "am", "bel", "cor"};

constexpr std::string_view kTlds[] = {  // repeated entries weight the draw
    ".com", ".com", ".com", ".com", ".com", ".net", ".net", ".org", ".de", ".de",
    ".co.uk", ".fr", ".nl", ".it", ".es", ".io", ".ru", ".jp", ".com.br", ".pl",
    ".ca", ".com.au", ".ch", ".se", ".in", ".edu", ".info", ".biz"};

constexpr std::string_view kFirst[] = {
    "john", "mary", "ahmed", "li", "sofia", "ivan", "yuki", "maria", "peter", "anna",
    "omar", "fatma", "lucas", "emma", "raj", "priya", "kenji", "olga", "diego", "lea",
    "chen", "noah", "mia", "ali", "sara", "tom", "eva", "jan", "ines", "karl"};

constexpr std::string_view kLast[] = {
    "smith", "mueller", "garcia", "wang", "kumar", "rossi", "dubois", "ivanova", "sato",
    "kowalski", "silva", "jansen", "novak", "nielsen", "yilmaz", "brown", "lee", "martin",
    "schmidt", "tanaka", "lopez", "petrov", "olsen", "costa", "fischer", "moreau"};

constexpr std::string_view kRoles[] = {
    "info", "sales", "support", "noreply", "billing", "admin", "newsletter", "hr",
    "contact", "office", "accounts", "jobs", "team", "hello", "orders", "bounce"};

template <std::size_t N>
std::string_view pick(Rng& rng, const std::string_view (&list)[N]) {
  return list[rng.below(N)];
}

std::string make_domain(Rng& rng) {
  std::string d;
  int n = 2 + static_cast<int>(rng.below(2));
  for (int i = 0; i < n; ++i) d += pick(rng, kSyllables);
  if (rng.below(6) == 0) d += std::to_string(rng.below(100));
  if (rng.below(8) == 0) d = "mail." + d;
  return d + std::string(pick(rng, kTlds));
}

std::string make_ip(Rng& rng) {
  for (;;) {
    unsigned a = 1 + static_cast<unsigned>(rng.below(223));
    if (a == 10 || a == 127 || a == 169 || a == 172 || a == 192) continue;  // not private
    return std::to_string(a) + "." + std::to_string(rng.below(256)) + "." +
           std::to_string(rng.below(256)) + "." + std::to_string(1 + rng.below(254));
  }
}

}  // namespace

Pools::Pools(Rng& rng, PoolSizes sizes)
    : domain_rank_(sizes.domains, 1.0), ip_rank_(sizes.ips, 0.9), user_rank_(sizes.users, 0.8) {
  std::unordered_set<std::string> seen;
  for (std::string_view p : kProviders)
    if (domains_.size() < sizes.domains && seen.emplace(p).second) domains_.emplace_back(p);
  while (domains_.size() < sizes.domains) {
    std::string d = make_domain(rng);
    if (seen.insert(d).second) domains_.push_back(std::move(d));
  }
  seen.clear();
  while (ips_.size() < sizes.ips) {
    std::string ip = make_ip(rng);
    if (seen.insert(ip).second) ips_.push_back(std::move(ip));
  }
  seen.clear();
  while (users_.size() < sizes.users) {
    std::string u = local_part(rng);
    if (seen.insert(u).second) users_.push_back(std::move(u));
  }
}

std::string Pools::local_part(Rng& rng) const {
  switch (rng.below(8)) {
    case 0: return std::string(pick(rng, kRoles));
    case 1: return std::string(pick(rng, kFirst)) + std::to_string(rng.below(1000));
    case 2: return std::string(pick(rng, kFirst).substr(0, 1)) + std::string(pick(rng, kLast));
    case 3: return std::string(pick(rng, kFirst)) + "_" + std::string(pick(rng, kLast));
    case 4: return std::string(pick(rng, kLast)) + "." + std::string(pick(rng, kFirst)) +
                   std::to_string(rng.below(100));
    default: return std::string(pick(rng, kFirst)) + "." + std::string(pick(rng, kLast));
  }
}

}  // namespace smtplog::bench
