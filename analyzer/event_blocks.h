#pragma once
// Failure events stored as compressed blocks: one row of `event_blocks` per
// parsed chunk of an input, holding the failure lines of that chunk with their
// UTC time, line number and catalogue entry, varint-encoded and compressed
// with zstd, plus a Bloom filter of the ids, addresses, domains and peers in
// it. The parser thread builds and compresses a block; the committing thread
// only inserts a ready blob. Readers select blocks by time and keys, then
// decode and re-parse the lines (report_events.cpp).
//
//   EventBlockBuilder b;                       // per chunk, in a parser thread
//   b.add(ev, entry, utc, line_no, line);      // for each failure line
//   EventBlock block = b.finish();             // encode + compress
//   ...
//   write_event_blocks(store, input_id, blocks);   // in the ingest transaction
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalogue.h"
#include "analyzer/flat_table.h"
#include "parsers/event.h"

namespace smtplog {

class Store;

/// One row of event_blocks, encoded and compressed, ready to insert.
struct EventBlock {
  std::uint64_t first_line = 0;  ///< its events' line numbers are first_line + their own
  std::int64_t t_min = 0, t_max = 0;
  std::uint32_t n = 0;
  std::string keys;  ///< Bloom filter (bloom_* below)
  std::string data;  ///< zstd of the encoded events
};

/// The fields a block's keys come from, cut as `events` shows them.
struct EventKeys {
  std::string_view queue_id, recipient, sender, peer_host, peer_ip;
};
std::string_view cut_utf8(std::string_view s, std::size_t max);  // batch.h
inline EventKeys keys_of(const Event& ev) {
  // cut_utf8() only for a field that is too long (never, nearly): no call per field.
  auto cut = [](std::string_view s, std::size_t max) { return s.size() <= max ? s : cut_utf8(s, max); };
  return {ev.queue_id, cut(ev.recipient, 512), cut(ev.sender, 512), cut(ev.peer_host, 256), cut(ev.peer_ip, 64)};
}

/// Collects the failure events of one chunk and turns them into a block.
class EventBlockBuilder {
 public:
  /// Adds one failure line; `line_no` counts from the chunk's start (1 = its
  /// first line) and must not decrease. `line` is stored whole, but not
  /// copied here: its bytes must stay valid and unchanged until finish() or
  /// clear() (ingest: they are the chunk's, sealed before the chunk is reused).
  void add(std::int64_t utc, std::uint64_t line_no, std::string_view entry_id, std::string_view line,
           const EventKeys& keys);
  /// The same for an event of catalogue entry `entry` (null: none), which
  /// must stay valid and unchanged until finish() or clear().
  void add(const Event& ev, const Entry* entry, std::int64_t utc, std::uint64_t line_no,
           std::string_view line) {
    add_line(utc, line_no, entry_index(entry), line, keys_of(ev));
  }
  bool empty() const { return n_ == 0; }
  std::uint32_t size() const { return n_; }
  /// Encodes and compresses what was added, and starts over.
  EventBlock finish();
  /// Drops what was added, keeping the memory for the next block.
  void clear();

 private:
  // The block's entry table index + 1 of `entry_id` (0 for none).
  std::uint32_t entry_index(std::string_view entry_id);
  // The same for a catalogue entry, found by its address in a small cache
  // (by_entry_) without hashing its id: most lines of a block have one of a
  // few dozen entries, but seldom the last line's.
  std::uint32_t entry_index(const Entry* entry) {
    if (!entry) return 0;
    const std::uint64_t a = reinterpret_cast<std::uintptr_t>(entry);
    ByEntry& slot = by_entry_[(a >> 4) * 0x9e3779b97f4a7c15ULL >> (64 - kByEntryBits)];
    if (slot.entry != entry) slot = ByEntry{entry, entry_index(std::string_view(entry->id))};
    return slot.index;
  }
  void add_line(std::int64_t utc, std::uint64_t line_no, std::uint32_t entry, std::string_view line,
                const EventKeys& keys);

  struct ByEntry {
    const Entry* entry;
    std::uint32_t index;  // entry_index() of its id
  };
  static constexpr int kByEntryBits = 8;  // 4 KiB, emptied per block
  std::array<ByEntry, std::size_t{1} << kByEntryBits> by_entry_{};
  struct Head {
    const char* start;    // in the caller's line
    std::size_t size;
    std::uint32_t entry;  // its line's (0 = none)
  };
  std::vector<char> meta_;             // the events' numbers (format 3, see event_blocks.cpp): the
  std::size_t meta_size_ = 0;          // first meta_size_ bytes, the rest room for more
  std::vector<Head> heads_;            // of each line, the bytes not shared with earlier lines
  std::size_t head_bytes_ = 0;         // their sum
  std::vector<std::string_view> last_;  // by entry (0 = none): the last line added with it
  std::vector<std::size_t> group_;     // by entry: the bytes of its lines' heads
  StringTable entries_;                // the block's entry table (id + 1 in events; 0 = none)
  std::vector<std::uint64_t> keys_;    // key hashes
  std::int64_t t_min_ = 0, t_max_ = 0, prev_time_ = 0;
  std::uint64_t prev_line_ = 0;
  std::uint32_t n_ = 0, last_entry_ = 0, prev_entry_ = 0;
};

/// One event as decoded from a block; views into the decoder's buffer.
struct DecodedEvent {
  std::int64_t time = 0;
  std::uint64_t line_no = 0;  ///< relative to the block's first_line
  std::string_view entry;     ///< catalogue entry id, "" when none matched
  std::string_view line;
};

/// Decompresses and decodes a block's data into `out` (views into `buffer`).
/// False with a message when the data is damaged.
bool decode_event_block(std::string_view data, std::string& buffer, std::vector<DecodedEvent>& out,
                        std::string& error);

/// Inserts `blocks` for input `input_id` (inside the caller's transaction).
bool write_event_blocks(const Store& store, std::int64_t input_id, const std::vector<EventBlock>& blocks);

/// Deletes the blocks whose newest event is older than `cutoff` (unix time).
bool prune_event_blocks(const Store& store, std::int64_t cutoff);

// Keys: what a block may be looked up by, hashed with the field they come from.
// Values are compared without regard to ASCII case, as SQL's LIKE did.
namespace key {
constexpr char queue_id = 'q', recipient = 'r', sender = 's', domain = 'd', peer = 'p';
}

/// A stable 64-bit hash of `field` + the ASCII-lower-cased `value`: FNV-1a
/// and a splitmix64 finish, a byte at a time (the keys of format-1 filters).
std::uint64_t key_hash(char field, std::string_view value);
/// The same, 8 bytes at a time (the keys of format-2 filters, which blocks
/// are written with).
std::uint64_t key_hash2(char field, std::string_view value);

/// A key as a reader probes for it: its hash in each filter format.
struct KeyProbe {
  std::uint64_t v1 = 0, v2 = 0;
};
KeyProbe key_probe(char field, std::string_view value);

/// The keys an event is found by: queue id (q), recipient (r), sender (s),
/// the recipient's domain and the peer host with each of its parent domains
/// (d; an address has no parents), peer host and IP (p). Their key_hash2
/// values are appended to `out` (an IP equal to the host, once).
void event_keys(const EventKeys& k, std::vector<std::uint64_t>& out);

/// True when a peer "host" is an address, not a name: digits and dots only
/// (IPv4), or a ':' in it (IPv6). `events --domain` does not match an
/// address by its last octets as if they were parent domains.
bool is_address_host(std::string_view host);

/// A Bloom filter (format 2) of key_hash2 values `hashes` (repeats allowed),
/// ~1% false positives: 10 bits for each distinct key, their number estimated.
std::string bloom_build(const std::vector<std::uint64_t>& hashes);
/// False when `key` is certainly not in the filter, of either format. An
/// empty or unknown filter answers true (the block is then decoded and checked).
bool bloom_may_contain(std::string_view filter, const KeyProbe& key);

/// The v1 -> v2 migration hook: turns the rows of the v1 `events` table into
/// blocks (by input, in line order) and drops the table.
bool migrate_events_v1(const Store& store, std::string& error);

/// Cut to what the events table kept (and `events` shows) per field.
constexpr std::size_t kMaxShownLine = 4096;

}  // namespace smtplog
