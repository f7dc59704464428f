// A block's data, before compression:
//
//   varint version (1), varint n,
//   varint entries, then each entry id as varint length + bytes,
//   n times: varint line delta, zigzag varint time delta, varint entry (0 = none,
//            else index + 1), varint length, the line's bytes.
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
// false positives), over a stable hash (FNV-1a, then a splitmix64 finish), so
// a file written on one machine is read the same on another.
#include "analyzer/event_blocks.h"

#include <zstd.h>

#include <algorithm>
#include <bit>
#include <memory>
#include <unordered_map>

#include "analyzer/batch.h"
#include "analyzer/store.h"
#include "parsers/ascii.h"

namespace smtplog {
namespace {

constexpr std::uint64_t kFormat = 1;
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

EventKeys keys_of(const Event& ev) {
  return {ev.queue_id, cut_utf8(ev.recipient, 512), cut_utf8(ev.sender, 512), cut_utf8(ev.peer_host, 256),
          cut_utf8(ev.peer_ip, 64)};
}

namespace {

// The keys of each field (event_keys() is all of them).
void add_key(char field, std::string_view v, std::vector<std::uint64_t>& out) {
  if (!v.empty()) out.push_back(key_hash(field, v));
}
void recipient_keys(std::string_view recipient, std::vector<std::uint64_t>& out) {
  add_key(key::recipient, recipient, out);
  if (std::size_t at = recipient.rfind('@'); at != std::string_view::npos)
    add_key(key::domain, recipient.substr(at + 1), out);
}
void peer_host_keys(std::string_view host, std::vector<std::uint64_t>& out) {
  // --domain d matches a host d or any host under d: every parent counts.
  for (std::string_view h = host; !h.empty();) {
    add_key(key::domain, h, out);
    std::size_t dot = h.find('.');
    h = dot == std::string_view::npos ? std::string_view() : h.substr(dot + 1);
  }
  add_key(key::peer, host, out);
}

}  // namespace

void event_keys(const EventKeys& k, std::vector<std::uint64_t>& out) {
  add_key(key::queue_id, k.queue_id, out);
  recipient_keys(k.recipient, out);
  add_key(key::sender, k.sender, out);
  peer_host_keys(k.peer_host, out);
  add_key(key::peer, k.peer_ip, out);
}

namespace {

// De-duplicates `hashes` in place, in linear time (the order is not kept):
// a pass spreads them over buckets by their top bits (the hashes are
// uniform), then each bucket is de-duplicated in a hash set small enough for
// the L1 cache. Sorting them cost more than compressing the block.
void deduplicate(std::vector<std::uint64_t>& hashes) {
  const std::size_t n = hashes.size();
  if (n < 2) return;
  constexpr std::size_t kPerBucket = 512;
  const int bucket_bits = std::bit_width((n - 1) / kPerBucket);  // 0 when one bucket will do
  const std::size_t buckets = std::size_t{1} << bucket_bits;
  auto bucket_of = [&](std::uint64_t h) { return bucket_bits ? h >> (64 - bucket_bits) : 0; };
  thread_local std::vector<std::uint64_t> spread, set;
  thread_local std::vector<std::size_t> starts;
  starts.assign(buckets + 1, 0);
  for (std::uint64_t h : hashes) ++starts[bucket_of(h) + 1];
  for (std::size_t b = 0; b < buckets; ++b) starts[b + 1] += starts[b];
  spread.resize(n);
  {
    thread_local std::vector<std::size_t> next;
    next.assign(starts.begin(), starts.end() - 1);
    for (std::uint64_t h : hashes) spread[next[bucket_of(h)]++] = h;
  }
  std::size_t out = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t first = starts[b], count = starts[b + 1] - first;
    // Open addressing at most half full; 0 marks a free slot (a hash of 0 is
    // kept apart).
    const std::size_t slots = std::bit_ceil(std::max<std::size_t>(16, 2 * count)), mask = slots - 1;
    set.assign(slots, 0);
    bool zero = false;
    for (std::size_t i = first; i < first + count; ++i) {
      const std::uint64_t h = spread[i];
      if (h == 0) {
        if (!zero) hashes[out++] = 0;
        zero = true;
        continue;
      }
      std::size_t slot = h & mask;
      while (set[slot] != 0 && set[slot] != h) slot = (slot + 1) & mask;
      if (set[slot] == 0) {
        set[slot] = h;
        hashes[out++] = h;
      }
    }
  }
  hashes.resize(out);
}

}  // namespace

std::string bloom_build(std::vector<std::uint64_t>& hashes) {
  deduplicate(hashes);
  std::size_t bytes = std::max<std::size_t>(8, (hashes.size() * kBloomBitsPerKey + 7) / 8);
  std::string filter(1 + bytes, '\0');
  filter[0] = static_cast<char>(kBloomProbes);
  const std::uint64_t bits = bytes * 8;
  // Bit i of a key is (h + i * step) % bits, the sum wrapping at 2^64 (what
  // bloom_may_contain computes). Kept as a running remainder: two divisions
  // a key instead of one a probe; a wrap subtracts 2^64 % bits.
  const std::uint64_t wrap = (0 - bits) % bits;
  for (std::uint64_t h : hashes) {
    const std::uint64_t step = (h >> 32 | h << 32) | 1, step_mod = step % bits;
    std::uint64_t bit = h % bits;
    for (unsigned i = 0;;) {
      filter[1 + bit / 8] = static_cast<char>(filter[1 + bit / 8] | (1 << (bit % 8)));
      if (++i == kBloomProbes) break;
      const std::uint64_t next = h + step;
      bit += step_mod;
      if (bit >= bits) bit -= bits;
      if (next < h) bit = bit >= wrap ? bit - wrap : bit + bits - wrap;
      h = next;
    }
  }
  return filter;
}

bool bloom_may_contain(std::string_view filter, std::uint64_t h) {
  if (filter.size() < 2) return true;
  unsigned probes = static_cast<unsigned char>(filter[0]);
  const std::uint64_t bits = (filter.size() - 1) * 8;
  std::uint64_t step = (h >> 32 | h << 32) | 1;
  for (unsigned i = 0; i < probes; ++i, h += step) {
    std::uint64_t bit = h % bits;
    if (!(static_cast<unsigned char>(filter[1 + bit / 8]) & (1 << (bit % 8)))) return false;
  }
  return true;
}

void EventBlockBuilder::add(std::int64_t utc, std::uint64_t line_no, std::string_view entry_id,
                            std::string_view line, const EventKeys& keys) {
  if (n_ == 0) {
    t_min_ = t_max_ = utc;
    prev_time_ = 0;
    prev_line_ = 0;
  }
  t_min_ = std::min(t_min_, utc);
  t_max_ = std::max(t_max_, utc);
  std::uint32_t entry = 0;
  if (!entry_id.empty()) {
    // Consecutive failures often share their entry.
    if (!last_entry_ || !same_text(entries_.text(last_entry_ - 1), entry_id)) last_entry_ = entries_.intern(entry_id) + 1;
    entry = last_entry_;
  }
  put_varint(raw_, line_no - std::min(prev_line_, line_no));
  put_varint(raw_, zigzag(utc - prev_time_));
  put_varint(raw_, entry);
  put_varint(raw_, line.size());
  raw_.append(line);
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
  whole.reserve(raw_.size() + 64 + entries_.size() * 24);
  put_varint(whole, kFormat);
  put_varint(whole, n_);
  put_varint(whole, entries_.size());
  for (std::uint32_t i = 0; i < entries_.size(); ++i) {
    put_varint(whole, entries_.text(i).size());
    whole += entries_.text(i);
  }
  whole += raw_;
  b.data = compress(whole);
  b.keys = bloom_build(keys_);
  clear();
  return b;
}

void EventBlockBuilder::clear() {
  raw_.clear();
  entries_.clear();
  keys_.clear();
  n_ = last_entry_ = 0;
}

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
  Reader r(buffer);
  std::uint64_t format = 0, count = 0, entries = 0;
  if (!r.varint(format) || format != kFormat) {
    error = "unknown block format " + std::to_string(format);
    return false;
  }
  std::vector<std::string_view> ids;
  bool ok = r.varint(count) && r.varint(entries) && entries <= buffer.size();
  for (std::uint64_t i = 0; ok && i < entries; ++i) {
    std::uint64_t len = 0;
    std::string_view id;
    ok = r.varint(len) && r.bytes(len, id);
    ids.push_back(id);
  }
  ok = ok && count <= buffer.size();
  if (ok) out.reserve(count);
  std::uint64_t line = 0;
  std::int64_t time = 0;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    std::uint64_t dline = 0, dtime = 0, entry = 0, len = 0;
    DecodedEvent e;
    ok = r.varint(dline) && r.varint(dtime) && r.varint(entry) && entry <= ids.size() && r.varint(len) &&
         r.bytes(len, e.line);
    if (!ok) break;
    line += dline;
    time += unzigzag(dtime);
    e.line_no = line;
    e.time = time;
    if (entry) e.entry = ids[entry - 1];
    out.push_back(e);
  }
  if (!ok || !r.at_end()) {
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
  std::vector<EventBlock> blocks(1);
  std::int64_t input = 0;
  auto flush = [&] {
    if (builder.empty()) return true;
    blocks[0] = builder.finish();
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
    // Views into the row stay valid until the next step; add() copies.
    std::uint64_t line_no = static_cast<std::uint64_t>(std::max<std::int64_t>(0, column_int(r, 1)));
    builder.add(column_int(r, 2), line_no, text(3), text(4),
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
