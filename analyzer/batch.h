#pragma once
// A Batch aggregates what a run of lines produced, in memory, until it is
// committed to the store in one transaction together with the input's offset.
// Batches are additive: per-thread batches can be merged before the commit.
//
//   Batch batch;
//   batch.add(event, classification, utc, line, line_no);
//   ...
//   Transaction tx(store); batch.write(store, input_id); save_input(...); tx.commit();
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/classifier.h"
#include "analyzer/event_blocks.h"
#include "analyzer/flat_table.h"
#include "analyzer/store.h"
#include "parsers/event.h"

namespace smtplog {

/// The ids of remote domains and problem kinds (direction, outcome, entry) in
/// the store's `domains` and `problem_kinds` (schema 3), remembered for a run
/// so that each name is looked up in SQLite once, not once per commit. Missing
/// names are inserted in the caller's transaction; after a failed commit,
/// forget() (its ids were rolled back). Bounded: past kMaxDomains names the
/// cache starts again (the ids stay in the database).
class DomainIds {
 public:
  static constexpr std::size_t kMaxDomains = 1 << 17;

  /// The id of domain `name` (whose hash_bytes() is `hash`), inserting it
  /// when new; -1 on a database error.
  std::int64_t domain(const Store& store, std::string_view name, std::uint64_t hash);
  /// The id of the kind, inserting it when new; -1 on a database error.
  std::int64_t kind(const Store& store, std::string_view direction, std::string_view outcome,
                    std::string_view entry);
  void forget();
  /// Starts loading what domain() will look at first for a name whose hash is `hash`.
  void prefetch(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<std::size_t>(hash) & (slots_.size() - 1)]);
  }

 private:
  void use(const Store& store);
  std::int64_t lookup(const Store& store, Stmt& find, Stmt& add, const char* find_sql, const char* add_sql,
                      std::initializer_list<std::string_view> values);
  // The domain names seen, by their hash: open addressing, at most half
  // full. A slot holds the whole hash, the id and where the name is in
  // `names_`, so a name found costs one slot and one compare of its text
  // (a StringTable and a vector of ids took four places in memory, which
  // the writer thread paid ~0.03 s per GB of log for).
  struct Slot {
    std::uint64_t hash;
    std::int64_t id;
    std::uint32_t offset, size;  // offset kFree: an empty slot
  };
  static constexpr std::uint32_t kFree = ~std::uint32_t{0};
  std::string names_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  StringTable kind_names_;  // direction \0 outcome \0 entry
  std::vector<std::int64_t> kind_ids_;  // by StringTable id
  Stmt find_domain_, add_domain_, find_kind_, add_kind_;
  const Store* store_ = nullptr;  // the statements' store
  std::string key_;
};

/// The domain rows a writer's commits wrote per UTC day, for the days its
/// commits left dirty although done: the days of the month its input is in,
/// whose month rollup is computed once for several days (refresh_rollups()).
/// An estimate kept across commits (a day another writer also wrote counts
/// only this one's rows); clear() it after a failed commit.
struct PendingDays {
  std::map<std::int64_t, std::int64_t> rows;  // day -> domain rows written
  void clear() { rows.clear(); }
};

class Batch {
 public:
  Batch() = default;
  Batch(const Batch&) = delete;  // large; moved into the commit's batch, never copied
  Batch& operator=(const Batch&) = delete;

  /// Counts one line of kind `kind`.
  void count_line(LineKind kind) { ++line_kinds_[static_cast<std::size_t>(kind)]; }

  /// Adds an event with its classification and UTC time; `keep_event`: a
  /// failure among them goes into the chunk's event block too, which keeps a
  /// view of `line` (not a copy) until seal_events() or clear(): the line's
  /// bytes (the chunk's) must outlive that. A problem's example line is such
  /// a view too, copied once per entry by seal_events().
  void add(const Event& ev, const Classification& c, std::int64_t utc, std::string_view line,
           std::uint64_t line_no, bool keep_event);

  /// Encodes and compresses the failure events added so far into a block (in
  /// the parser thread that filled this batch, so the commit only inserts it,
  /// and before the chunk its lines are views into is reused).
  void seal_events();

  /// Remembers a line that could not be parsed.
  void add_unparsed(std::string_view line, std::uint64_t line_no, std::uint64_t offset,
                    std::string_view reason);

  /// Moves `other` into this batch; its line numbers count from `line_base`.
  void merge(Batch&& other, std::uint64_t line_base);

  /// Writes everything (inside the caller's transaction), numbering domains
  /// and problem kinds through `ids`, and refreshes the rollups of the days
  /// done (refresh_rollups(), with `pending`). False on a database error.
  bool write(const Store& store, std::int64_t input_id, DomainIds& ids, PendingDays& pending) const;

  /// Moves the event blocks and unparsed lines into `into`, which holds
  /// nothing else, for BatchWriter::flush(): they are written into the open
  /// transaction as they come, while the counts stay here until the commit.
  void move_events_to(Batch& into);
  /// Whether there are event blocks or unparsed lines (move_events_to()).
  bool has_events() const { return !blocks_.empty() || !unparsed_.empty(); }
  /// Writes the event blocks and unparsed lines only (write() does too).
  bool write_events(const Store& store, std::int64_t input_id) const;

  void clear();
  /// Rows the commit will write; event blocks are compact and not counted.
  std::size_t pending_rows() const { return unparsed_.size() + counts_.size(); }
  /// Domain rows the commit will write (memory: ~100 bytes each).
  std::size_t domain_rows() const { return domains_.size(); }
  /// The UTC day of the last event added (its bucket remembered by
  /// times_of()), 0 before any: where the input is, in time.
  std::int64_t last_day() const { return times_.day; }
  std::uint64_t lines(LineKind k) const { return line_kinds_[static_cast<std::size_t>(k)]; }

 private:
  // A count key's strings (log host, service, enhanced code) of up to 8
  // bytes are held in the key itself, as their bytes in a word (short_word());
  // longer ones as StringTable ids (strings_). Entries are catalogue
  // pointers. A key is six words, hashed and compared without touching
  // string data, and most are built without a string lookup.
  struct CountKey {
    std::int64_t time;  // 15-minute bucket
    std::uint64_t host, service, enhanced;  // short_word() or strings_ id, as bits says
    // code (bits 0-15), mta (16-23), direction (24-31), outcome (32-39),
    // inferred (40), and the sizes of host (44-47), service (48-51) and
    // enhanced (52-55): 0-8, or kLong for an id.
    std::uint64_t bits;
    const Entry* entry;
    bool operator==(const CountKey&) const = default;

    static constexpr unsigned kLong = 15;
    static constexpr int kSizeShift[3] = {44, 48, 52};
    std::uint16_t code() const { return static_cast<std::uint16_t>(bits); }
    Mta mta() const { return static_cast<Mta>(bits >> 16 & 0xff); }
    Direction direction() const { return static_cast<Direction>(bits >> 24 & 0xff); }
    Outcome outcome() const { return static_cast<Outcome>(bits >> 32 & 0xff); }
    bool inferred() const { return bits >> 40 & 1; }
    unsigned size(int field) const { return bits >> kSizeShift[field] & 15; }
  };
  struct DomainKey {
    std::int64_t time;  // UTC day
    const Entry* entry;
    // hash_bytes() of the domain's text: the key's hash is made from it, not
    // from the id, so that it is known before the domain is looked up (add()
    // prefetches both slots) and stays the same when merge() translates ids.
    std::uint64_t domain_hash;
    std::uint32_t domain;
    Direction direction;
    Outcome outcome;
    bool operator==(const DomainKey&) const = default;
  };
  struct ExampleKey {
    const Entry* entry;  // null: no entry matched (one example per direction then)
    Direction direction;
    bool operator==(const ExampleKey&) const = default;
  };
  struct KeyHash {
    std::uint64_t operator()(const CountKey& k) const;
    std::uint64_t operator()(const DomainKey& k) const;
    std::uint64_t operator()(const ExampleKey& k) const;
  };
  struct Unparsed {
    std::uint64_t line_no, offset;
    std::string reason, line;
  };
  struct Example {
    std::int64_t time;
    std::string line;
    std::string_view view;  // the latest line, not copied yet (when `pending`)
    bool pending = false;
  };
  void copy_examples();  // the pending views into their lines
  std::string_view text(std::uint32_t id) const { return strings_.text(id); }
  /// A count key's string `field` (0 host, 1 service, 2 enhanced) whose word is `word`.
  std::string_view text(const CountKey& k, int field, const std::uint64_t& word) const {
    const unsigned n = k.size(field);
    return n == CountKey::kLong ? text(static_cast<std::uint32_t>(word))
                                : std::string_view(reinterpret_cast<const char*>(&word), n);
  }
  /// `s` as a count key's word, its size (or kLong) added to `bits` at `shift`.
  std::uint64_t key_word(std::string_view s, int shift, std::uint64_t& bits) {
    if (s.size() <= 8) {
      bits |= std::uint64_t{s.size()} << shift;
      return short_word(s);
    }
    bits |= std::uint64_t{CountKey::kLong} << shift;
    return strings_.intern(s);
  }
  struct Times {
    std::int64_t bucket, day;  // floor_div(utc, kBucketSeconds), floor_div(utc, 86400)
  };
  /// The time keys of `utc`, remembering the last bucket's of a time >= 0.
  Times times_of(std::int64_t utc);

  StringTable strings_;
  FlatMap<CountKey, std::int64_t, KeyHash> counts_;
  FlatMap<DomainKey, std::int64_t, KeyHash> domains_;
  FlatMap<ExampleKey, Example, KeyHash> examples_;
  EventBlockBuilder events_;
  std::vector<EventBlock> blocks_;
  std::vector<Unparsed> unparsed_;
  std::array<std::uint64_t, 5> line_kinds_{};
  std::vector<std::uint32_t> merge_ids_;  // merge(): the other batch's string ids -> ours
  std::array<char, 255> domain_;  // the problem's domain, lower-cased (no allocation per event)
  std::uint64_t bucket_start_ = 0;  // times_of(): times_.bucket * kBucketSeconds, of a time >= 0
  Times times_{0, 0};
};

/// True for outcomes that are problems worth an event row and a domain count.
bool is_problem(Outcome o, char effective_class);

/// Recomputes counts_day and domain_counts_month for the days in rollup_dirty
/// (and the months holding them) from the fine rows, and empties
/// rollup_dirty, in one transaction (none when nothing is dirty). Called at
/// the end of an ingest run and at the start of the next (to finish a killed
/// run's work). False when SQLite fails; the rollups then stay dirty, and
/// reports stay exact.
bool refresh_rollups(const Store& store);

/// No UTC day: refresh_rollups() then refreshes every dirty day.
inline constexpr std::int64_t kNoDay = std::numeric_limits<std::int64_t>::min();

/// Domain rows (PendingDays) of done days of the input's month that a commit
/// may leave dirty, to be added to their month together with later days.
inline constexpr std::int64_t kMaxPendingRows = 1 << 18;

/// The same inside the caller's transaction, for a commit whose newest UTC
/// day is `last_day`: every dirty day but `last_day` is done (logs go forward
/// in time; a day that comes back becomes dirty again), and is refreshed,
/// except the done days of last_day's month while the domain rows `pending`
/// counts for them stay under kMaxPendingRows: those stay dirty, so that the
/// days of a month are added to it at once (their rows merged, in key order)
/// once the input is in a later month, at the end of the run, or when they
/// reach the limit. Refreshed days leave `pending`.
bool refresh_rollups(const Store& store, std::int64_t last_day, PendingDays& pending);

/// The domain of an address ("a@Example.COM" -> "example.com"), or "".
std::string domain_of(std::string_view address);

/// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view cut_utf8(std::string_view s, std::size_t max);

}  // namespace smtplog
