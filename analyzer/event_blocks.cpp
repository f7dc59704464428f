// A block's data, before compression (format 3):
//
//   varint version (3), varint n,
//   varint entries, then each entry id as varint length + bytes,
//   varint size of the numbers, then the numbers of the n events:
//     varint line delta, zigzag varint time delta, varint entry (0 = none,
//     else index + 1), varint prefix, varint head, varint suffix,
//   then the n heads, grouped by entry: those of entry 0 (none), then of
//   entry 1, 2, ..., each group in the events' order.
//
// An event's line is its first `prefix` bytes from the line before it, its
// own `head` bytes, and its last `suffix` bytes from the last line of the
// same entry (the same reply, most often: its text, at the end of the line,
// repeats; the line before shares the timestamp's first digits and often the
// program). What lines share is cut before zstd sees it: zstd's time goes with
// the bytes it is given (~1.3 ns a byte at level 1, repeated or not), and
// finding a common prefix and suffix costs a compare per 8 or 16 bytes, and
// the fetch of the entry's last line from further back in the block. The
// numbers come before the heads (a column each compresses better than
// interleaved). Format 2 takes a block's data down by a quarter and zstd's
// time by a fifth; the stored blocks are 7-11% smaller.
//
// Format 3 (written now) differs from format 2 only in the heads' order:
// grouped by entry, so that what zstd matches (the reply's words and the
// fields around them) lies a few hundred bytes back instead of across the
// block: zstd at level 1 takes a sixth less time and the blocks are a tenth
// smaller (docs/performance.md, session 5). Format 2 (still read): the heads
// in the events' order.
//
// Format 1 (blocks written before; still read): varint version (1), varint n,
// the entry table as above, then n times: varint line delta, zigzag varint
// time delta, varint entry, varint length, the line's bytes.
//
// Deltas are from the previous event (the first from line 0 and time 0),
// so a block of one chunk's lines holds mostly one-byte numbers and the text;
// zstd at a fast level then takes the repeated text of log lines down to a
// fraction. Nothing is re-derived from the line at write time but the keys:
// the time is stored because year-less timestamps cannot be turned back into
// UTC without the ingest's clock, and the entry because a later catalogue
// (or another --catalogue) may classify the reply differently than the counts
// did.
//
// The keys are a Bloom filter with 10 bits and 7 probes per distinct key (~1%
// false positives; their number estimated, not counted), over a stable hash,
// so a file written on one machine is read the same on another. Format 2
// (written now): key_hash2, 8 bytes at a time, and the 7 bits of a key in one
// 64-byte block. Format 1 (still read): FNV-1a a byte at a time, the bits
// spread over the whole filter. Both end with a splitmix64 finish; readers
// probe with both hashes (KeyProbe).
#include "analyzer/event_blocks.h"

#include <zstd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <deque>
#include <memory>
#include <unordered_map>

#include "analyzer/batch.h"
#include "analyzer/flat_table.h"
#include "analyzer/store.h"
#include "parsers/ascii.h"

namespace smtplog {
namespace {

constexpr std::uint64_t kFormat = 3, kFormatHeads = 2, kFormatLines = 1;
constexpr int kZstdLevel = 1;
constexpr unsigned kBloomBitsPerKey = 10, kBloomProbes = 7;
// Keeps one v1 row group's block (migration) in the size of a chunk's.
constexpr std::uint32_t kMigrateBlockEvents = 4096;
// What a block may decompress to. A block holds the failure lines of one chunk
// (at most 8 MiB: ingest.cpp caps chunks) plus a few varints per line, or
// kMigrateBlockEvents v1 lines of at most 4 KiB: far below 32 MiB. A damaged
// frame may claim more; decoding it would cost time and memory for nothing
// (fuzz_event_block: a 33-byte frame claiming 256 MiB took 13 s under ASan).
constexpr unsigned long long kMaxBlockBytes = 32ULL << 20;
static_assert(kMigrateBlockEvents * (4096ULL + 64) < kMaxBlockBytes);

char* put_varint(char* out, std::uint64_t v) {
  while (v >= 0x80) {
    *out++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<char>(v);
  return out;
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

// `time` moved by the zigzag-coded delta `v`, wrapping around in unsigned
// arithmetic: a damaged or hostile block decodes to wrong times (and is
// checked no further than that), never to a signed overflow.
std::int64_t add_delta(std::int64_t time, std::uint64_t v) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(time) + static_cast<std::uint64_t>(unzigzag(v)));
}

// How many bytes a and b share at their start, 8 at a time.
std::size_t common_prefix(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    if (std::uint64_t x = load64(a.data() + i) ^ load64(b.data() + i)) return i + std::countr_zero(x) / 8;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// How many bytes a and b share at their end, 16 at a time.
std::size_t common_suffix(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  const char *ea = a.data() + a.size(), *eb = b.data() + b.size();
  std::size_t i = 0;
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(ea - i - 16));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(eb - i - 16));
    // Bit k set: byte k differs; the last bytes are the high bits.
    if (unsigned differ = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y))) ^ 0xffffu)
      return i + static_cast<std::size_t>(std::countl_zero(differ) - 16);
  }
#endif
  for (; i + 8 <= n; i += 8)  // little-endian: a word's last bytes are its high bits
    if (std::uint64_t x = load64(ea - i - 8) ^ load64(eb - i - 8)) return i + std::countl_zero(x) / 8;
  while (i < n && ea[-1 - static_cast<std::ptrdiff_t>(i)] == eb[-1 - static_cast<std::ptrdiff_t>(i)]) ++i;
  return i;
}

// Reads from a string_view; every read checks the bounds, so damaged data
// stops the decoder instead of reading past the buffer.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= s_.size()) return false;
      auto b = static_cast<unsigned char>(s_[pos_++]);
      v |= std::uint64_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool bytes(std::uint64_t n, std::string_view& out) {
    if (n > s_.size() - pos_) return false;
    out = s_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool at_end() const { return pos_ == s_.size(); }
  std::string_view rest() const { return s_.substr(pos_); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

struct CctxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

std::string compress(std::string_view raw) {
  // One context per thread: creating one costs more than compressing a small block.
  thread_local std::unique_ptr<ZSTD_CCtx, CctxFree> cctx(ZSTD_createCCtx());
  // Into a scratch buffer of the worst-case size, then copied out at its real
  // size: a block kept in a batch until the commit holds only what it needs
  // (a bound-sized string would hold the uncompressed size, ~6x more).
  thread_local std::string scratch;
  scratch.resize(ZSTD_compressBound(raw.size()));
  std::size_t n = ZSTD_compressCCtx(cctx.get(), scratch.data(), scratch.size(), raw.data(), raw.size(), kZstdLevel);
  if (ZSTD_isError(n)) return {};  // cannot happen with a bound-sized buffer
  return scratch.substr(0, n);
}

std::uint64_t finish_hash(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

std::uint64_t key_hash(char field, std::string_view value) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto step = [&](char c) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  };
  step(field);
  for (char c : value) step(ascii_lower(c));
  return finish_hash(h);
}

namespace {

// Each byte of `x` ASCII-lower-cased, 8 at a time (ascii_lower on each byte).
std::uint64_t lower8(std::uint64_t x) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
  const std::uint64_t low7 = x & ~high;  // no byte carries into the next below
  const std::uint64_t at_least_a = low7 + ones * (0x80 - 'A'), above_z = low7 + ones * (0x80 - 'Z' - 1);
  const std::uint64_t upper = at_least_a & ~above_z & ~x & high;  // 'A'..'Z', not a byte >= 0x80
  return x | upper >> 2;                                           // + 0x20
}

// key_hash2(), inline in event_keys()'s loop (a call per key cost ~20
// instructions of ~100: a block's ~29,000 keys).
inline std::uint64_t key_hash2_inline(char field, std::string_view value) {
  constexpr std::uint64_t k = 0x9fb21c651e98df25ULL;
  std::uint64_t h = (0x9e3779b97f4a7c15ULL ^ static_cast<unsigned char>(field)) * k ^ value.size();
  const char* p = value.data();
  std::size_t n = value.size();
  for (; n >= 8; p += 8, n -= 8) h = (std::rotl(h, 23) ^ lower8(load64(p))) * k;
  if (n > 0) {  // the last 1-7 bytes, zero-padded, read without a call
    std::uint64_t tail;
    if (value.size() >= 8) {
      tail = load64(p + n - 8) >> (8 * (8 - n));  // ending where the value ends
    } else if (n >= 4) {
      std::uint32_t lo, hi;  // overlapping: the bytes they share are the same
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      tail = std::uint64_t{lo} | std::uint64_t{hi} << (8 * (n - 4));
    } else {
      auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
      tail = byte(0) | byte(n / 2) | byte(n - 1);
    }
    h = (std::rotl(h, 23) ^ lower8(tail)) * k;
  }
  return finish_hash(h);
}

}  // namespace

std::uint64_t key_hash2(char field, std::string_view value) { return key_hash2_inline(field, value); }


KeyProbe key_probe(char field, std::string_view value) { return {key_hash(field, value), key_hash2(field, value)}; }

namespace {

// The keys of each field (event_keys() is all of them).
// Inline: as a function of its own, each key paid for saving and restoring
// the registers its rare path (the vector's growth) needs.
[[gnu::always_inline]] inline void add_key(char field, std::string_view v, std::vector<std::uint64_t>& out) {
  if (!v.empty()) out.push_back(key_hash2_inline(field, v));
}
void recipient_keys(std::string_view recipient, std::vector<std::uint64_t>& out) {
  add_key(key::recipient, recipient, out);
  if (std::size_t at = recipient.rfind('@'); at != std::string_view::npos)
    add_key(key::domain, recipient.substr(at + 1), out);
}
void peer_host_keys(std::string_view host, std::vector<std::uint64_t>& out) {
  // --domain d matches a host d or any host under d: every parent of a name
  // counts; an address matches only whole.
  if (is_address_host(host)) {
    add_key(key::domain, host, out);
    add_key(key::peer, host, out);
    return;
  }
  // The host and what follows each of its dots (not after a last dot):
  // one pass over its bytes, without a find() per label.
  const std::size_t n = host.size();
  for (std::size_t i = 0; i < n; ++i)
    if (i == 0 || host[i - 1] == '.') out.push_back(key_hash2_inline(key::domain, host.substr(i)));
  add_key(key::peer, host, out);
}

}  // namespace

bool is_address_host(std::string_view host) {
  // A ':' anywhere, or only digits and dots: one pass over the bytes
  // (find_first_not_of() searched its set with a memchr() per byte).
  bool digits_and_dots = !host.empty();
  for (const char c : host) {
    if (c == ':') return true;
    digits_and_dots &= (c >= '0' && c <= '9') || c == '.';
  }
  return digits_and_dots;
}

void event_keys(const EventKeys& k, std::vector<std::uint64_t>& out) {
  add_key(key::queue_id, k.queue_id, out);
  recipient_keys(k.recipient, out);
  add_key(key::sender, k.sender, out);
  peer_host_keys(k.peer_host, out);
  // A peer without a name is often given as its IP (Postfix's relay=IP[IP],
  // Exim's H=IP [IP]): the same key, not hashed twice.
  if (k.peer_ip != k.peer_host) add_key(key::peer, k.peer_ip, out);
}

namespace {

// How many distinct values `hashes` holds, counted without de-duplicating
// them (linear counting: each sets one bit of a bitmap at least 8 times their
// number, by its top bits; n distinct values leave about m * exp(-n / m) of
// its m bits clear). At that load one standard error is ~0.15% of a block's
// ~14,000 distinct keys; the estimate sizes a filter whose every key is set whatever
// the estimate, so an error moves the false-positive rate, never loses a key.
// De-duplicating a block's ~29,000 hashes (spread over buckets by their top
// bits, then a hash set per bucket) took twice as long as this count and
// setting the bits of the repeated keys again (docs/performance.md, session 6).
std::size_t distinct_estimate(const std::vector<std::uint64_t>& hashes) {
  if (hashes.empty()) return 0;
  const std::size_t bits = std::max<std::size_t>(4096, std::bit_ceil(8 * hashes.size()));
  const int shift = 64 - std::countr_zero(bits);
  thread_local std::vector<std::uint64_t> bitmap;
  bitmap.assign(bits / 64, 0);
  for (const std::uint64_t h : hashes) {
    const std::uint64_t b = h >> shift;
    bitmap[b / 64] |= std::uint64_t{1} << (b % 64);
  }
  std::size_t set = 0;
  for (const std::uint64_t w : bitmap) set += static_cast<std::size_t>(std::popcount(w));
  // set <= hashes.size() < bits: the log's argument is positive.
  const double m = static_cast<double>(bits);
  return static_cast<std::size_t>(std::llround(-m * std::log(static_cast<double>(bits - set) / m)));
}

}  // namespace

namespace {

// Format 2 of a filter: blocks of 64 bytes; a key sets its 7 bits in one
// block, chosen by its hash's high bits (h * blocks / 2^64), the bits by 9-bit
// pieces of its low 63 bits. A key costs one cache line to set or test, and
// no division. Its first byte is 0, which format-1 readers take for "no
// probes": they answer "may contain" and decode the block.
constexpr std::size_t kBlockBytes = 64, kFilterHeader = 2;

std::size_t bloom2_block(std::uint64_t h, std::size_t blocks) {
  return static_cast<std::size_t>((static_cast<unsigned __int128>(h) * blocks) >> 64);
}

bool bloom1_may_contain(std::string_view filter, std::uint64_t h) {
  unsigned probes = static_cast<unsigned char>(filter[0]);
  const std::uint64_t bits = (filter.size() - 1) * 8;
  std::uint64_t step = (h >> 32 | h << 32) | 1;
  for (unsigned i = 0; i < probes; ++i, h += step) {
    std::uint64_t bit = h % bits;
    if (!(static_cast<unsigned char>(filter[1 + bit / 8]) & (1 << (bit % 8)))) return false;
  }
  return true;
}

bool bloom2_may_contain(std::string_view filter, std::uint64_t h) {
  const std::size_t blocks = (filter.size() - kFilterHeader) / kBlockBytes;
  if (blocks == 0 || (filter.size() - kFilterHeader) % kBlockBytes != 0) return true;  // damaged: decode
  const unsigned char* block =
      reinterpret_cast<const unsigned char*>(filter.data()) + kFilterHeader + bloom2_block(h, blocks) * kBlockBytes;
  for (unsigned i = 0; i < kBloomProbes; ++i) {
    const unsigned bit = static_cast<unsigned>(h >> (9 * i)) & 511;
    if (!(block[bit / 8] & (1u << (bit % 8)))) return false;
  }
  return true;
}

}  // namespace

std::string bloom_build(const std::vector<std::uint64_t>& hashes) {
  // Sized for the distinct keys; a repeated key sets the same bits again.
  const std::size_t blocks = std::max<std::size_t>(1, (distinct_estimate(hashes) * kBloomBitsPerKey + 511) / 512);
  // The bits are set in 64-bit words (a word's bit k is byte k / 8's bit
  // k % 8 on this little-endian target: the same bytes as setting them byte
  // by byte, with fewer instructions a probe), then copied into the filter.
  static_assert(std::endian::native == std::endian::little, "bloom_build() sets a filter's bytes as words");
  constexpr std::size_t kWords = kBlockBytes / 8;
  thread_local std::vector<std::uint64_t> words;
  words.assign(blocks * kWords, 0);
  for (const std::uint64_t h : hashes) {
    std::uint64_t* block = words.data() + bloom2_block(h, blocks) * kWords;
    for (unsigned i = 0; i < kBloomProbes; ++i) {
      const unsigned bit = static_cast<unsigned>(h >> (9 * i)) & 511;
      block[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  }
  std::string filter(kFilterHeader + blocks * kBlockBytes, '\0');
  filter[1] = 2;
  std::memcpy(filter.data() + kFilterHeader, words.data(), blocks * kBlockBytes);
  return filter;
}

bool bloom_may_contain(std::string_view filter, const KeyProbe& key) {
  if (filter.size() < 2) return true;
  if (filter[0] != 0) return bloom1_may_contain(filter, key.v1);
  if (filter[1] == 2) return bloom2_may_contain(filter, key.v2);
  return true;  // a format this version does not know: decode the block
}

std::uint32_t EventBlockBuilder::entry_index(std::string_view entry_id) {
  if (entry_id.empty()) return 0;
  // Consecutive failures often share their entry.
  if (!last_entry_ || !same_text(entries_.text(last_entry_ - 1), entry_id)) last_entry_ = entries_.intern(entry_id) + 1;
  return last_entry_;
}

void EventBlockBuilder::add(std::int64_t utc, std::uint64_t line_no, std::string_view entry_id,
                            std::string_view line, const EventKeys& keys) {
  add_line(utc, line_no, entry_index(entry_id), line, keys);
}

void EventBlockBuilder::add_line(std::int64_t utc, std::uint64_t line_no, std::uint32_t entry,
                                 std::string_view line, const EventKeys& keys) {
  if (n_ == 0) {
    t_min_ = t_max_ = utc;
    prev_time_ = 0;
    prev_line_ = 0;
  }
  t_min_ = std::min(t_min_, utc);
  t_max_ = std::max(t_max_, utc);
  // Shared with the last line of the same entry (its end) and with the line
  // before (its start); the two never overlap. The lines are not copied: they
  // are views into the caller's text (the chunk) until finish(), which copies
  // out their heads.
  if (last_.size() <= entry) last_.resize(entry + 1);
  const std::size_t suffix = common_suffix(last_[entry], line);
  const std::size_t prefix = common_prefix(last_[prev_entry_], line.substr(0, line.size() - suffix));
  const std::size_t head = line.size() - prefix - suffix;
  heads_.push_back(Head{line.data() + prefix, head, entry});
  head_bytes_ += head;
  if (group_.size() <= entry) group_.resize(entry + 1, 0);
  group_[entry] += head;
  // Straight into the buffer (an append() per event was a call and a memcpy):
  // room for six 10-byte varints is made first, the buffer kept between blocks.
  if (meta_.size() - meta_size_ < 6 * 10) meta_.resize(std::max<std::size_t>(4096, 2 * meta_.size()));
  char* q = meta_.data() + meta_size_;
  q = put_varint(q, line_no - std::min(prev_line_, line_no));
  q = put_varint(q, zigzag(utc - prev_time_));
  q = put_varint(q, entry);
  q = put_varint(q, prefix);
  q = put_varint(q, head);
  q = put_varint(q, suffix);
  meta_size_ = static_cast<std::size_t>(q - meta_.data());
  last_[entry] = line;
  prev_entry_ = entry;
  prev_line_ = line_no;
  prev_time_ = utc;
  event_keys(keys, keys_);
  ++n_;
}

EventBlock EventBlockBuilder::finish() {
  EventBlock b;
  b.t_min = t_min_;
  b.t_max = t_max_;
  b.n = n_;
  // Header and events in one buffer for zstd, kept per thread (a block is ~1 MB).
  thread_local std::string whole;
  whole.clear();
  whole.reserve(meta_size_ + head_bytes_ + 64 + entries_.size() * 24);
  put_varint(whole, kFormat);
  put_varint(whole, n_);
  put_varint(whole, entries_.size());
  for (std::uint32_t i = 0; i < entries_.size(); ++i) {
    put_varint(whole, entries_.text(i).size());
    whole += entries_.text(i);
  }
  put_varint(whole, meta_size_);
  whole.append(meta_.data(), meta_size_);
  // The heads by entry: a group starts where the ones before it end.
  std::size_t at = whole.size();
  for (std::size_t& g : group_) {
    const std::size_t bytes = g;
    g = at;
    at += bytes;
  }
  whole.resize(at);
  for (const Head& h : heads_) {
    std::memcpy(whole.data() + group_[h.entry], h.start, h.size);
    group_[h.entry] += h.size;
  }
  b.data = compress(whole);
  b.keys = bloom_build(keys_);
  clear();
  return b;
}

void EventBlockBuilder::clear() {
  meta_size_ = 0;  // the buffer is kept
  heads_.clear();
  head_bytes_ = 0;
  last_.clear();
  group_.clear();
  entries_.clear();
  keys_.clear();
  n_ = last_entry_ = prev_entry_ = 0;
  by_entry_.fill(ByEntry{nullptr, 0});  // the entry table starts over
}

namespace {

// Format 3's and 2's events, after the entry table: their numbers, then their
// heads (`grouped`: by entry, format 3; else in the events' order). The lines
// are rebuilt into `buffer`, after a copy of the entry ids (`ids` then point
// there), in two passes: the first checks every number against what it refers
// to, sums the lines' lengths and each entry's heads, so that `buffer` is
// sized once and the views into it stay valid.
bool decode_lines(Reader& r, std::uint64_t count, std::vector<std::string_view>& ids, bool grouped,
                  std::string& buffer, std::vector<DecodedEvent>& out) {
  std::uint64_t meta_size = 0;
  std::string_view meta;
  if (!r.varint(meta_size) || !r.bytes(meta_size, meta) || count > meta.size() / 6) return false;
  const std::string_view heads = r.rest();
  struct Numbers {
    std::uint64_t dline, dtime, entry, prefix, head, suffix;
  };
  auto next = [&](Reader& m, Numbers& e) {
    return m.varint(e.dline) && m.varint(e.dtime) && m.varint(e.entry) && e.entry <= ids.size() &&
           m.varint(e.prefix) && m.varint(e.head) && m.varint(e.suffix);
  };
  std::vector<std::uint64_t> length(ids.size() + 1, 0);  // of the last line of each entry (0 = none)
  std::vector<std::uint64_t> head(ids.size() + 1, 0);    // where each entry's next head is in `heads`
  std::uint64_t prev = 0, total = 0, used = 0;
  Reader m(meta);
  for (std::uint64_t i = 0; i < count; ++i) {
    Numbers e{};
    if (!next(m, e) || e.prefix > length[prev] || e.suffix > length[e.entry] || e.head > heads.size() - used)
      return false;
    length[e.entry] = e.prefix + e.head + e.suffix;  // each at most kMaxBlockBytes: no overflow
    total += length[e.entry];
    if (total > kMaxBlockBytes) return false;  // lines that grow from line to line
    prev = e.entry;
    used += e.head;
    head[e.entry] += e.head;  // at most used: no overflow
  }
  if (!m.at_end() || used != heads.size()) return false;
  // Each entry's heads start where those of the entries before it end (format
  // 3), or every head where the one before it ends (format 2: one cursor).
  std::uint64_t at = 0;
  for (std::uint64_t& h : head) {
    const std::uint64_t bytes = h;
    h = at;
    at += bytes;
  }

  std::size_t id_bytes = 0;
  for (std::string_view id : ids) id_bytes += id.size();
  buffer.resize(id_bytes + total);
  char* const base = buffer.data();
  char* p = base;
  for (std::string_view& id : ids) {
    std::memcpy(p, id.data(), id.size());
    id = std::string_view(p, id.size());
    p += id.size();
  }
  std::vector<std::size_t> start(ids.size() + 1, 0);  // of the last line of each entry, in buffer
  std::fill(length.begin(), length.end(), 0);
  out.reserve(count);
  m = Reader(meta);
  prev = used = 0;
  std::uint64_t line = 0;
  std::int64_t time = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    Numbers e{};
    next(m, e);  // checked above
    char* const begin = p;
    std::memcpy(p, base + start[prev], e.prefix);
    p += e.prefix;
    std::uint64_t& from = grouped ? head[e.entry] : used;  // within heads: summed above
    std::memcpy(p, heads.data() + from, e.head);
    p += e.head;
    from += e.head;
    std::memcpy(p, base + start[e.entry] + length[e.entry] - e.suffix, e.suffix);
    p += e.suffix;
    start[e.entry] = static_cast<std::size_t>(begin - base);
    length[e.entry] = static_cast<std::uint64_t>(p - begin);
    prev = e.entry;
    line += e.dline;
    time = add_delta(time, e.dtime);
    DecodedEvent d;
    d.line_no = line;
    d.time = time;
    if (e.entry) d.entry = ids[e.entry - 1];
    d.line = std::string_view(begin, static_cast<std::size_t>(p - begin));
    out.push_back(d);
  }
  return true;
}

// Format 1's events, after the entry table: views into the decompressed data.
bool decode_whole_lines(Reader& r, std::uint64_t count, const std::vector<std::string_view>& ids,
                        std::size_t size, std::vector<DecodedEvent>& out) {
  if (count > size) return false;
  out.reserve(count);
  std::uint64_t line = 0;
  std::int64_t time = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t dline = 0, dtime = 0, entry = 0, len = 0;
    DecodedEvent e;
    if (!(r.varint(dline) && r.varint(dtime) && r.varint(entry) && entry <= ids.size() && r.varint(len) &&
          r.bytes(len, e.line)))
      return false;
    line += dline;
    time = add_delta(time, dtime);
    e.line_no = line;
    e.time = time;
    if (entry) e.entry = ids[entry - 1];
    out.push_back(e);
  }
  return r.at_end();
}

}  // namespace

bool decode_event_block(std::string_view data, std::string& buffer, std::vector<DecodedEvent>& out,
                        std::string& error) {
  out.clear();
  unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  // A block holds one chunk's failure lines (4 MiB of log by default): a
  // frame that claims far more is damaged, and is not allocated for.
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxBlockBytes) {
    error = "not a zstd frame of a block's size";
    return false;
  }
  thread_local std::unique_ptr<ZSTD_DCtx, DctxFree> dctx(ZSTD_createDCtx());
  buffer.resize(size);
  std::size_t n = ZSTD_decompressDCtx(dctx.get(), buffer.data(), buffer.size(), data.data(), data.size());
  if (ZSTD_isError(n) || n != size) {
    error = std::string("cannot decompress: ") + (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short");
    return false;
  }
  std::uint64_t format = 0;
  if (!Reader(buffer).varint(format) || (format != kFormat && format != kFormatHeads && format != kFormatLines)) {
    error = "unknown block format " + std::to_string(format);
    return false;
  }
  // Formats 3 and 2 rebuild their lines into `buffer`: the decompressed data
  // moves to a buffer of this thread's (kept: a block is ~1 MB).
  thread_local std::string decompressed;
  const bool rebuilt = format != kFormatLines;
  if (rebuilt) buffer.swap(decompressed);
  const std::string& raw = rebuilt ? decompressed : buffer;
  Reader r(raw);
  std::uint64_t count = 0, entries = 0;
  std::vector<std::string_view> ids;
  bool ok = r.varint(format) && r.varint(count) && r.varint(entries) && entries <= raw.size();
  for (std::uint64_t i = 0; ok && i < entries; ++i) {
    std::uint64_t len = 0;
    std::string_view id;
    ok = r.varint(len) && r.bytes(len, id);
    ids.push_back(id);
  }
  ok = ok && (rebuilt ? decode_lines(r, count, ids, format == kFormat, buffer, out)
                      : decode_whole_lines(r, count, ids, raw.size(), out));
  if (!ok) {
    error = "damaged block data";
    out.clear();
    return false;
  }
  return true;
}

bool write_event_blocks(const Store& store, std::int64_t input_id, const std::vector<EventBlock>& blocks) {
  if (blocks.empty()) return true;
  Stmt s = store.prepare(
      "INSERT INTO event_blocks (input_id, first_line, t_min, t_max, n, keys, data) VALUES (?,?,?,?,?,?,?)");
  if (!s) return false;
  for (const EventBlock& b : blocks) {
    sqlite3_stmt* st = s.get();
    bind_value(st, 1, input_id);
    bind_value(st, 2, static_cast<std::int64_t>(b.first_line));
    bind_value(st, 3, b.t_min);
    bind_value(st, 4, b.t_max);
    bind_value(st, 5, std::int64_t{b.n});
    // The blocks outlive the statement's step: no copy.
    sqlite3_bind_blob(st, 6, b.keys.data(), static_cast<int>(b.keys.size()), SQLITE_STATIC);
    sqlite3_bind_blob(st, 7, b.data.data(), static_cast<int>(b.data.size()), SQLITE_STATIC);
    if (!step_done(st)) return false;
  }
  return true;
}

bool prune_event_blocks(const Store& store, std::int64_t cutoff) {
  Stmt s = store.prepare("DELETE FROM event_blocks WHERE t_max < ?");
  if (!s) return false;
  bind_value(s.get(), 1, cutoff);
  return step_done(s.get());
}

bool migrate_events_v1(const Store& store, std::string& error) {
  // Blocks of one input each, in line order, as an ingest would have made them.
  Stmt rows = store.prepare(
      "SELECT input_id, line_no, time, entry, line, queue_id, recipient, sender, peer_host, peer_ip "
      "FROM events ORDER BY input_id, line_no, id");
  if (!rows) {
    error = store.last_error();
    return false;
  }
  EventBlockBuilder builder;
  std::deque<std::string> lines;  // the block's lines, which add() does not copy (a deque does not move them)
  std::vector<EventBlock> blocks(1);
  std::int64_t input = 0;
  auto flush = [&] {
    if (builder.empty()) return true;
    blocks[0] = builder.finish();
    lines.clear();
    return write_event_blocks(store, input, blocks);
  };
  int rc;
  while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
    sqlite3_stmt* r = rows.get();
    std::int64_t in = column_int(r, 0);
    if ((in != input || builder.size() >= kMigrateBlockEvents) && !flush()) break;
    input = in;
    auto text = [&](int i) {
      const unsigned char* t = sqlite3_column_text(r, i);
      return t ? std::string_view(reinterpret_cast<const char*>(t), sqlite3_column_bytes(r, i))
               : std::string_view();
    };
    // Views into the row stay valid until the next step: add() copies the
    // entry id and hashes the keys, the line is kept until finish().
    std::uint64_t line_no = static_cast<std::uint64_t>(std::max<std::int64_t>(0, column_int(r, 1)));
    lines.emplace_back(text(4));
    builder.add(column_int(r, 2), line_no, text(3), lines.back(),
                EventKeys{text(5), text(6), text(7), text(8), text(9)});
  }
  if (rc != SQLITE_DONE || !flush()) {
    error = "converting the failure events: " + store.last_error();
    return false;
  }
  rows.reset();
  if (!store.exec("DROP TABLE events")) {
    error = "dropping the old events table: " + store.last_error();
    return false;
  }
  return true;
}

}  // namespace smtplog
