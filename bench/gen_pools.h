#pragma once
// The population a generated log talks about: thousands of remote domains
// (the big providers first, then a long tail), mailbox names, and client and
// server IPv4 addresses, each drawn with a Zipf law so that a few are hot.
//
//   Pools pools(rng, {.domains = 5000});
//   std::string to = pools.local_part(rng) + "@" + pools.domain(rng);
#include <cstddef>
#include <string>
#include <vector>

#include "bench/gen_random.h"

namespace smtplog::bench {

struct PoolSizes {
  std::size_t domains = 5000;  ///< distinct remote domains
  std::size_t ips = 20000;     ///< distinct remote IPv4 addresses
  std::size_t users = 3000;    ///< distinct mailboxes on the server's own domains
};

class Pools {
 public:
  Pools(Rng& rng, PoolSizes sizes);

  const std::string& domain(Rng& rng) const { return domains_[domain_rank_.draw(rng)]; }
  const std::string& ip(Rng& rng) const { return ips_[ip_rank_.draw(rng)]; }
  /// A remote mailbox name: john.smith, jsmith42, info, noreply...
  std::string local_part(Rng& rng) const;
  /// One of the server's own users (a fixed set of `users` names).
  const std::string& own_user(Rng& rng) const { return users_[user_rank_.draw(rng)]; }
  std::size_t domain_count() const { return domains_.size(); }

 private:
  std::vector<std::string> domains_, ips_, users_;
  Zipf domain_rank_, ip_rank_, user_rank_;
};

}  // namespace smtplog::bench
