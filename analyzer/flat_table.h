#pragma once
// Open-addressing hash tables for a Batch's aggregates (analyzer/batch.h).
// Entries live in one vector in insertion order, so iterating and clearing
// touch no empty slots and adding one allocates nothing (std::unordered_map
// allocates a node per entry and frees it on clear, once per chunk); they
// are found through an index of 64-bit slots (entry number + 1 and the top
// half of the key's hash; 0 = free), probed linearly, at most half full.
// Nothing is ever erased.
//
//   FlatMap<Key, std::int64_t, KeyHash> counts;   // KeyHash: Key -> uint64_t
//   ++counts[key];
//   for (const auto& [k, n] : counts) ...
//
//   StringTable strings;
//   std::uint32_t id = strings.intern("gmail.com");   // same text, same id
//   strings.text(id) == "gmail.com";
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smtplog {

/// Spreads every bit of `h` over every other (MurmurHash3's finaliser).
inline std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 33);
}

/// The 8 bytes at `p` as a word (an unaligned load).
inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

/// The bytes of a string of 0-8 bytes in a word (its first and last four, or
/// its first, middle and last byte); with its size, one string gives one
/// (word, size) and no other string the same.
inline std::uint64_t pack8(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return std::uint64_t{lo} | std::uint64_t{hi} << 32;
  }
  if (n == 0) return 0;
  return std::uint64_t{static_cast<unsigned char>(p[0])} | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
         std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
}

/// The bytes of a string of 0-8 bytes in a word, in memory order, the rest
/// zero: the word's object representation starts with the string (on this
/// little-endian target), and with its size it names the string alone.
inline std::uint64_t short_word(std::string_view s) {
  static_assert(std::endian::native == std::endian::little, "short_word() keeps a string's bytes in memory order");
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 4) {  // two loads that overlap when n < 8: the same bytes OR'ed twice
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return std::uint64_t{lo} | std::uint64_t{hi} << (8 * (n - 4));
  }
  if (n == 0) return 0;
  auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
  return byte(0) | byte(n / 2) | byte(n - 1);
}

/// A fast hash of bytes, 8 at a time (in memory only: never stored).
inline std::uint64_t hash_bytes(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xbf58476d1ce4e5b9ULL);
  for (; n > 8; n -= 8, p += 8) h = (h ^ mix64(load64(p))) * 0x94d049bb133111ebULL;
  // The last 8 bytes (overlapping what came before when there was some), or
  // the whole of a shorter string.
  return mix64(h ^ (s.size() >= 8 ? load64(s.data() + s.size() - 8) : pack8(s)));
}

/// a == b, inline for the short strings a batch holds (a call to memcmp
/// costs more than comparing a host name or an enhanced code).
inline bool same_text(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  const char *p = a.data(), *q = b.data();
  auto eq = [](const char* x, const char* y, std::size_t k) {  // k = 4 or 8, copied: no aliasing issue
    std::uint64_t u = 0, v = 0;
    std::memcpy(&u, x, k);
    std::memcpy(&v, y, k);
    return u == v;
  };
  if (n >= 8) return eq(p, q, 8) && eq(p + n - 8, q + n - 8, 8);
  if (n >= 4) return eq(p, q, 4) && eq(p + n - 4, q + n - 4, 4);
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != q[i]) return false;
  return true;
}

namespace flat {

// A slot: entry number + 1 in the low half, the hash's top half above it.
inline std::uint64_t slot(std::uint64_t hash, std::size_t entry) {
  return (hash & 0xffffffff00000000ULL) | static_cast<std::uint64_t>(entry + 1);
}
inline bool same_tag(std::uint64_t slot, std::uint64_t hash) {
  return (slot ^ hash) >> 32 == 0;
}
inline std::size_t entry_of(std::uint64_t slot) { return static_cast<std::size_t>(slot & 0xffffffffULL) - 1; }

// An index of 2^k slots for `entries` entries, at most half full.
inline std::size_t index_size(std::size_t entries) {
  std::size_t n = 64;
  while (n < 2 * entries) n *= 2;
  return n;
}

// Makes `index` the index, with room for one more, of `entries` entries
// whose hashes hash_of(entry number) gives.
template <class HashOf>
void rebuild(std::vector<std::uint64_t>& index, std::size_t entries, HashOf hash_of) {
  index.assign(index_size(entries + 1), 0);
  const std::size_t mask = index.size() - 1;
  for (std::size_t e = 0; e < entries; ++e) {
    const std::uint64_t h = hash_of(e);
    std::size_t i = static_cast<std::size_t>(h) & mask;
    while (index[i] != 0) i = (i + 1) & mask;
    index[i] = slot(h, e);
  }
}

}  // namespace flat

template <class K, class V, class Hash>
class FlatMap {
 public:
  using value_type = std::pair<K, V>;

  /// The value of `key`, added as V{} when missing.
  V& operator[](const K& key) { return get(key, Hash{}(key)); }
  /// The same, with `h` = Hash{}(key) already known.
  V& get(const K& key, std::uint64_t h) {
    if (stale_) wipe();
    if (2 * (entries_.size() + 1) > index_.size()) grow();
    const std::size_t mask = index_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
      const std::uint64_t s = index_[i];
      if (s == 0) {
        index_[i] = flat::slot(h, entries_.size());
        return entries_.emplace_back(key, V{}).second;
      }
      if (flat::same_tag(s, h) && entries_[flat::entry_of(s)].first == key) return entries_[flat::entry_of(s)].second;
    }
  }

  auto begin() const { return entries_.cbegin(); }
  auto end() const { return entries_.cend(); }
  auto begin() { return entries_.begin(); }
  auto end() { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  /// Starts loading the slot a key whose hash is `h` is looked for in first
  /// (a hint: a lookup soon after finds it in the cache).
  void prefetch(std::uint64_t h) const {
    if (!index_.empty()) __builtin_prefetch(&index_[static_cast<std::size_t>(h) & (index_.size() - 1)]);
  }
  /// Empties the map, keeping its memory for the next batch. The index is
  /// freed by the next lookup, on the thread that fills the map again (a
  /// chunk's batch is emptied by the merging thread and refilled by a parser
  /// thread, whose lookups would otherwise find every line of the index
  /// modified in another core's cache).
  void clear() {
    if (entries_.empty()) return;  // the index is free already (nothing is erased)
    entries_.clear();
    stale_ = true;
  }

 private:
  void grow() {
    flat::rebuild(index_, entries_.size(), [&](std::size_t e) { return Hash{}(entries_[e].first); });
  }
  void wipe() {
    std::fill(index_.begin(), index_.end(), 0);
    stale_ = false;
  }

  std::vector<value_type> entries_;
  std::vector<std::uint64_t> index_;
  bool stale_ = false;  // cleared: the index still holds the old entries' slots
};

/// Distinct strings, each stored once, named by a dense 32-bit id.
class StringTable {
 public:
  StringTable() { recent_.fill(Recent{0, 0, kNoSize, 0}); }

  std::uint32_t intern(std::string_view s) {
    // Strings of up to 16 bytes (host names, services, Exim transports,
    // enhanced codes: most lookups) are first looked for in a small
    // direct-mapped cache of recent answers, keyed by their bytes (their
    // first and last 8, or pack8()): no hashing of the text, no probing.
    if (stale_) wipe();  // before the cache is read
    const std::size_t n = s.size();
    if (n <= 16) {
      const std::uint64_t lo = n > 8 ? load64(s.data()) : pack8(s);
      const std::uint64_t hi = n > 8 ? load64(s.data() + n - 8) : 0;
      Recent& r = recent_[mix64(lo ^ (hi * 0x9e3779b97f4a7c15ULL) ^ n << 59) >> (64 - kRecentBits)];
      if (r.lo == lo && r.hi == hi && r.size == n) return r.id;
      const std::uint32_t id = intern(s, hash_bytes(s));
      r = Recent{lo, hi, static_cast<std::uint32_t>(n), id};
      return id;
    }
    return intern(s, hash_bytes(s));
  }
  /// As intern(s), with `hash` = hash_bytes(s) already known.
  std::uint32_t intern(std::string_view s, std::uint64_t hash) {
    if (stale_) wipe();
    if (2 * (spans_.size() + 1) > index_.size()) grow();
    const std::size_t mask = index_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = index_[i];
      if (slot == 0) {
        index_[i] = flat::slot(hash, spans_.size());
        spans_.push_back(Span{static_cast<std::uint32_t>(bytes_.size()), static_cast<std::uint32_t>(s.size()), hash});
        bytes_.append(s);
        return static_cast<std::uint32_t>(spans_.size() - 1);
      }
      if (flat::same_tag(slot, hash) && same_text(text(static_cast<std::uint32_t>(flat::entry_of(slot))), s))
        return static_cast<std::uint32_t>(flat::entry_of(slot));
    }
  }
  std::string_view text(std::uint32_t id) const { return {bytes_.data() + spans_[id].offset, spans_[id].size}; }
  std::uint64_t hash(std::uint32_t id) const { return spans_[id].hash; }
  /// As FlatMap::prefetch(), for a string whose hash_bytes() is `hash`.
  void prefetch(std::uint64_t hash) const {
    if (!index_.empty()) __builtin_prefetch(&index_[static_cast<std::size_t>(hash) & (index_.size() - 1)]);
  }
  std::size_t size() const { return spans_.size(); }
  /// As FlatMap::clear(): the index and the cache are freed by the next intern().
  void clear() {
    if (spans_.empty()) return;  // the index and the cache are free already
    bytes_.clear();
    spans_.clear();
    stale_ = true;
  }

 private:
  struct Span {
    std::uint32_t offset, size;
    std::uint64_t hash;
  };
  struct Recent {
    std::uint64_t lo, hi;  // intern()'s words of the string
    std::uint32_t size, id;
  };
  static constexpr int kRecentBits = 6;
  static constexpr std::uint32_t kNoSize = ~std::uint32_t{0};

  void grow() {
    flat::rebuild(index_, spans_.size(), [&](std::size_t e) { return spans_[e].hash; });
  }
  void wipe() {
    std::fill(index_.begin(), index_.end(), 0);
    recent_.fill(Recent{0, 0, kNoSize, 0});
    stale_ = false;
  }

  std::string bytes_;
  std::vector<Span> spans_;
  std::vector<std::uint64_t> index_;
  std::array<Recent, std::size_t{1} << kRecentBits> recent_;
  bool stale_ = false;  // cleared: the index and the cache still hold the old strings'
};

}  // namespace smtplog
