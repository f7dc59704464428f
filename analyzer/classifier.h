#pragma once
// From a reply (basic code, enhanced code, text) to the most specific
// catalogue entry, by the rules of docs/catalogue.md "How the classifier chooses".
//
//   Classifier classifier(catalogue);        // compiles every pattern once
//   ClassifierCache cache(classifier);       // one per thread
//   Classification c = cache.classify(550, "5.7.1", "550 5.7.1 <a@b>: Relay access denied");
//   c.entry->id == "postfix-relay-access-denied"
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/set.h>

#include "analyzer/catalogue.h"


namespace smtplog {

struct Classification {
  const Entry* entry = nullptr;  ///< nullptr only when nothing at all applies
  char effective_class = 0;      ///< '2'..'5' from the basic code, else enhanced, else 0
  bool class_mismatch = false;   ///< basic and enhanced code disagree on the class
  bool exact = false;            ///< found by pattern, exact code or registry row (not a fallback)
  enum class By : std::uint8_t { none, pattern, enhanced, code, fallback } by = By::none;
};

class Classifier {
 public:
  explicit Classifier(const Catalogue& catalogue);
  ~Classifier();
  Classifier(const Classifier&) = delete;  // owns a compiled RE2::Set
  Classifier& operator=(const Classifier&) = delete;

  /// False when the patterns could not be compiled together; see error().
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  const Catalogue& catalogue() const { return catalogue_; }

  /// The first pattern entry (in load order) matching already-normalized text.
  const Entry* match_pattern(std::string_view normalized) const;

  /// Classification by codes only, given the pattern step's result (may be null).
  Classification by_codes(std::uint16_t code, std::string_view enhanced,
                          const Entry* pattern_entry) const;

  /// Full classification without a cache (normalizes the text itself).
  Classification classify(std::uint16_t code, std::string_view enhanced,
                          std::string_view text) const;

 private:
  const Catalogue& catalogue_;
  std::unique_ptr<RE2::Set> set_;
  std::vector<const Entry*> pattern_entries_;  // Set index -> entry
  bool ok_ = true;
  std::string error_;
};

/// Per-thread cache of the pattern step, so a million identical replies cost
/// one match. Two levels: the raw reply text first, less the contents of its
/// <...> and [...] pairs (raw_key: a hash and a compare, no normalization;
/// most repeated replies repeat byte for byte or differ in a bracketed
/// address), then the normalized text (replies that differ in bare addresses,
/// ids or IPs).
/// Bounded: each level is cleared when it grows past its limit.
class ClassifierCache {
 public:
  explicit ClassifierCache(const Classifier& classifier, std::size_t max_entries = 200000)
      : classifier_(classifier),
        raw_(kRawSlots, kRawSlots, kRawSlots / 2, kRawArena, kRawArena / 64),
        normalized_(4096, normalized_slots(max_entries), max_entries, 32 << 20, 0xffff) {}

  Classification classify(std::uint16_t code, std::string_view enhanced, std::string_view text);

  /// Lookups answered without a pattern match (by either level), and matches.
  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }
  /// Lookups answered by the raw text alone, without normalizing.
  std::size_t raw_hits() const { return raw_hits_; }

  /// The raw level's key for `text`: the text without the bytes inside its
  /// <...> and [...] pairs that normalize_reply replaces whatever they hold
  /// (normalize_reply gives the same for both). `text` itself or a view of a
  /// buffer of the cache, valid until the next call.
  std::string_view raw_key(std::string_view text);

 private:
  static constexpr std::size_t kRawSlots = 1 << 15;       // 512 KiB of slots
  static constexpr std::size_t kRawArena = 2 << 20;       // of raw reply texts
  static_assert(kRawArena / 64 <= 0xffff);
  /// The normalized level's largest table: a power of two >= 2 x max_entries.
  static std::size_t normalized_slots(std::size_t max_entries) {
    std::size_t n = 4096;
    while (n < 2 * max_entries) n *= 2;
    return n;
  }
  // Open addressing over texts kept in one arena: no allocation per entry,
  // one cache line per probe. Used for both levels: the raw level at a fixed
  // 32,768 slots (512 KiB, inside the L2) and a 2 MiB arena; the normalized
  // level grows from 4,096 slots up to 2 x max_entries, its arena up to 32 MiB.
  class TextTable {
   public:
    /// `max_slots` a power of two; cleared when it would hold more than
    /// `max_entries` texts or `max_arena` bytes of them. Texts longer than
    /// `max_text` (<= 0xffff) are not remembered.
    TextTable(std::size_t min_slots, std::size_t max_slots, std::size_t max_entries,
              std::size_t max_arena, std::size_t max_text)
        : min_slots_(min_slots), max_slots_(max_slots), max_entries_(max_entries),
          max_arena_(max_arena), max_text_(max_text) {}
    /// The entry remembered for `text` (maybe null), in *entry; false when not there.
    bool find(std::string_view text, std::uint64_t hash, const Entry** entry) const;
    void insert(std::string_view text, std::uint64_t hash, const Entry* entry);

   private:
    // 16 bytes (four to a cache line): the pattern entry as an index into
    // entries_, the few distinct answers (a catalogue has a few hundred).
    struct Slot {
      std::uint64_t hash = 0;  // 0: empty
      std::uint32_t offset = 0;
      std::uint16_t size = 0;   // <= max_text_
      std::uint16_t entry = 0;  // index into entries_
    };
    static_assert(sizeof(Slot) == 16);
    void grow();
    std::size_t min_slots_, max_slots_, max_entries_, max_arena_, max_text_;
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::vector<const Entry*> entries_;
    std::string arena_;
    std::size_t used_ = 0;
  };
  // The code step by (code, enhanced, pattern entry): a few distinct keys per
  // log, remembered in a small direct-mapped table. The enhanced code (up to
  // 16 bytes) is kept as two words of its bytes (code_words()): a slot is
  // chosen and compared without hashing or comparing text, on every line
  // with a reply.
  struct CodeSlot {
    const Entry* pattern = nullptr;
    std::uint64_t lo = 0, hi = 0;  // the enhanced code's bytes, as code_words() gives them
    std::uint16_t code = 0;
    std::uint8_t enhanced_size = 0xff;  // 0xff: empty
    Classification result;
  };
  static constexpr std::size_t kMaxCodeKey = 16;  // longer enhanced codes are not remembered
  Classification by_codes(std::uint16_t code, std::string_view enhanced, const Entry* pattern);
  /// by_codes()'s miss: the classifier's answer, kept in `slot`.
  [[gnu::noinline]] Classification remember_codes(CodeSlot& slot, std::uint16_t code, std::string_view enhanced,
                                                  const Entry* pattern, std::uint64_t lo, std::uint64_t hi);
  const Classifier& classifier_;
  std::vector<CodeSlot> codes_;
  TextTable raw_;
  TextTable normalized_;
  /// classify()'s pattern step when the raw key is not in the raw level:
  /// the general key (generalize_reply) in the raw level, else the
  /// normalized text in the normalized level, else the pattern match; the
  /// general key is remembered in the raw level.
  [[gnu::noinline]] const Entry* raw_miss(std::string_view text, std::string_view key, std::uint64_t h);
  std::string scratch_, key_, general_;
  std::size_t hits_ = 0, misses_ = 0, raw_hits_ = 0;
};

/// True when the reply goes to the pattern step: success replies (2xx) are
/// classified by their codes alone.
bool wants_pattern(std::uint16_t code, std::string_view enhanced, std::string_view text);

}  // namespace smtplog
