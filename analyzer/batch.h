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

 private:
  void use(const Store& store);
  std::int64_t lookup(const Store& store, Stmt& find, Stmt& add, const char* find_sql, const char* add_sql,
                      std::initializer_list<std::string_view> values);
  StringTable names_, kind_names_;  // kind: direction \0 outcome \0 entry
  std::vector<std::int64_t> ids_, kind_ids_;  // by StringTable id
  Stmt find_domain_, add_domain_, find_kind_, add_kind_;
  const Store* store_ = nullptr;  // the statements' store
  std::string key_;
};

class Batch {
 public:
  Batch() = default;
  Batch(const Batch&) = delete;  // large; moved into the commit's batch, never copied
  Batch& operator=(const Batch&) = delete;

  /// Counts one line of kind `kind`.
  void count_line(LineKind kind) { ++line_kinds_[static_cast<std::size_t>(kind)]; }

  /// Adds an event with its classification and UTC time; `keep_event`: a
  /// failure among them goes into the chunk's event block too.
  void add(const Event& ev, const Classification& c, std::int64_t utc, std::string_view line,
           std::uint64_t line_no, bool keep_event);

  /// Encodes and compresses the failure events added so far into a block (in
  /// the parser thread that filled this batch, so the commit only inserts it).
  void seal_events();

  /// Remembers a line that could not be parsed.
  void add_unparsed(std::string_view line, std::uint64_t line_no, std::uint64_t offset,
                    std::string_view reason);

  /// Moves `other` into this batch; its line numbers count from `line_base`.
  void merge(Batch&& other, std::uint64_t line_base);

  /// Writes everything (inside the caller's transaction), numbering domains
  /// and problem kinds through `ids`. False on a database error.
  bool write(const Store& store, std::int64_t input_id, DomainIds& ids) const;

  void clear();
  /// Rows the commit will write; event blocks are compact and not counted.
  std::size_t pending_rows() const { return unparsed_.size() + counts_.size(); }
  std::uint64_t lines(LineKind k) const { return line_kinds_[static_cast<std::size_t>(k)]; }

 private:
  // Strings are StringTable ids (strings_), entries catalogue pointers: a key
  // is a few words, hashed and compared without touching string data.
  struct CountKey {
    std::int64_t time;  // 15-minute bucket
    std::uint32_t host, service, enhanced;
    std::uint16_t code;
    Mta mta;
    Direction direction;
    const Entry* entry;
    Outcome outcome;
    bool inferred;
    bool operator==(const CountKey&) const = default;
  };
  struct DomainKey {
    std::int64_t time;  // UTC day
    const Entry* entry;
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
  };
  std::string_view text(std::uint32_t id) const { return strings_.text(id); }

  StringTable strings_;
  FlatMap<CountKey, std::int64_t, KeyHash> counts_;
  FlatMap<DomainKey, std::int64_t, KeyHash> domains_;
  FlatMap<ExampleKey, Example, KeyHash> examples_;
  EventBlockBuilder events_;
  std::vector<EventBlock> blocks_;
  std::vector<Unparsed> unparsed_;
  std::array<std::uint64_t, 5> line_kinds_{};
  std::vector<std::uint32_t> merge_ids_;  // merge(): the other batch's string ids -> ours
  std::string domain_;  // the problem's domain, lower-cased (reused: no allocation per event)
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

/// The same inside the caller's transaction, for the dirty days not in
/// `keep` (sorted), which stay dirty. Batch::write calls it for the days
/// earlier commits left dirty and its own commit does not touch.
bool refresh_rollups(const Store& store, const std::vector<std::int64_t>& keep);

/// The domain of an address ("a@Example.COM" -> "example.com"), or "".
std::string domain_of(std::string_view address);

/// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view cut_utf8(std::string_view s, std::size_t max);

}  // namespace smtplog
