#pragma once
// Deterministic randomness for the log generator: the same --seed gives the
// same bytes on every platform, so the generator uses its own generator
// (xoshiro256**) and its own draws, never <random>'s distributions, whose
// output is implementation-defined.
//
//   Rng rng(seed);
//   Zipf zipf(5000, 1.0);           // rank 0 is the most frequent
//   std::size_t rank = zipf.draw(rng);
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace smtplog::bench {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix(seed);
  }
  std::uint64_t next() {
    std::uint64_t r = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  /// Uniform in [0, n); n > 0. (The modulo bias is below 2^-40 for our n.)
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t s_[4];
};

/// Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s: a few
/// big mail providers and networks take most of the traffic, the long tail
/// the rest, as in real logs.
class Zipf {
 public:
  Zipf(std::size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) cdf_[i] = (sum += 1.0 / std::pow(double(i + 1), s));
    for (double& c : cdf_) c /= sum;
  }
  std::size_t draw(Rng& rng) const {
    auto it = std::upper_bound(cdf_.begin(), cdf_.end(), rng.unit());
    return it == cdf_.end() ? cdf_.size() - 1 : static_cast<std::size_t>(it - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

/// A stable hash for derived values (pids of long-lived processes).
inline std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

}  // namespace smtplog::bench
