// The classifier: one RE2::Set over every pattern, then code lookups from the
// most to the least specific. The pattern step is the only costly one, so it is
// the one the per-thread cache remembers.
#include "analyzer/classifier.h"

#include <re2/re2.h>
#include <re2/set.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <vector>

#include "analyzer/flat_table.h"
#include "analyzer/normalize.h"

namespace smtplog {
namespace {

// "5.7.1" -> "X.7.1"; "5.7.1" -> "X.7.X"; "5.7.1" -> "5.X.X".
std::string registry_row(std::string_view enh) { return "X" + std::string(enh.substr(1)); }
std::string subject_key(std::string_view enh) {
  std::size_t dot2 = enh.find('.', 2);
  return "X" + std::string(enh.substr(1, dot2 - 1)) + ".X";
}
std::string class_key(char c) { return std::string(1, c) + ".X.X"; }

// Reply texts are hashed on every failure line (the cache keys): 16 bytes a
// step with a 64x64->128-bit multiply fold (wyhash's mixing), several times
// faster than std::hash's byte-oriented murmur on ~100-byte texts. Only the
// speed of the caches depends on it; hits are confirmed by comparing the text.
std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  unsigned __int128 m =
      static_cast<unsigned __int128>(a ^ 0xa0761d6478bd642fULL) * (b ^ 0xe7037ed1a0b428dbULL);
  return static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
}

std::uint64_t text_hash(std::string_view s) {
  const char* p = s.data();
  const std::size_t size = s.size();
  std::uint64_t h = mix(size, 0x8ebc6af09c88c6e3ULL);
  if (size >= 16) {
    for (std::size_t n = size; n > 16; p += 16, n -= 16) h = mix(load64(p) ^ h, load64(p + 8));
    // The last 16 bytes, overlapping the step before when size % 16 != 0:
    // fixed-size loads (a variable-length copy of the tail went through the
    // stack, byte pieces stored and read back as a word).
    const char* last = s.data() + size - 16;
    return mix(load64(last) ^ h, load64(last + 8) ^ size);
  }
  std::uint64_t a = 0, b = 0;  // under 16 bytes: from loads that overlap
  if (size >= 8) {
    a = load64(p);
    b = load64(p + size - 8);
  } else if (size >= 4) {
    std::uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + size - 4, 4);
    a = x;
    b = y;
  } else if (size > 0) {
    a = std::uint64_t{static_cast<unsigned char>(p[0])} | std::uint64_t{static_cast<unsigned char>(p[size / 2])} << 8 |
        std::uint64_t{static_cast<unsigned char>(p[size - 1])} << 16;
  }
  return mix(a ^ h, b ^ size);
}

}  // namespace

bool wants_pattern(std::uint16_t code, std::string_view enhanced, std::string_view text) {
  if (text.empty()) return false;
  if (code != 0) return code / 100 != 2;
  return enhanced.empty() || enhanced[0] != '2';
}

Classifier::Classifier(const Catalogue& catalogue) : catalogue_(catalogue) {
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  opt.set_max_mem(256 << 20);
  set_ = std::make_unique<RE2::Set>(opt, RE2::UNANCHORED);
  for (const Entry& e : catalogue.entries()) {
    if (e.kind != Entry::Kind::pattern) continue;
    std::string err;
    if (set_->Add(e.pattern, &err) < 0) {
      ok_ = false;
      error_ = e.source + ": bad pattern: " + err;
      return;
    }
    pattern_entries_.push_back(&e);
  }
  if (!pattern_entries_.empty() && !set_->Compile()) {
    ok_ = false;
    error_ = "the catalogue's patterns do not fit in memory together";
  }
}

Classifier::~Classifier() = default;

const Entry* Classifier::match_pattern(std::string_view normalized) const {
  if (!ok_ || pattern_entries_.empty()) return nullptr;
  std::vector<int> hits;
  if (!set_->Match(normalized, &hits) || hits.empty()) return nullptr;
  return pattern_entries_[*std::min_element(hits.begin(), hits.end())];
}

Classification Classifier::by_codes(std::uint16_t code, std::string_view enh,
                                    const Entry* pattern_entry) const {
  Classification c;
  if (enh.size() < 5) enh = {};
  char basic_class = code ? static_cast<char>('0' + code / 100) : 0;
  c.effective_class = basic_class ? basic_class : (enh.empty() ? 0 : enh[0]);
  c.class_mismatch = basic_class && !enh.empty() && enh[0] != basic_class;
  bool use_enh = !enh.empty() && !c.class_mismatch;
  bool x00 = use_enh && enh.substr(1) == ".0.0";
  std::string code_str = code ? std::to_string(code) : std::string();

  auto done = [&](const Entry* e, Classification::By by, bool exact) {
    c.entry = e;
    c.by = by;
    c.exact = exact;
    return c;
  };
  if (pattern_entry) return done(pattern_entry, Classification::By::pattern, true);
  if (use_enh && !(x00 && code)) {
    if (const Entry* e = catalogue_.by_enhanced(enh)) return done(e, Classification::By::enhanced, true);
    if (const Entry* e = catalogue_.by_enhanced(registry_row(enh)))
      return done(e, Classification::By::enhanced, true);
  }
  if (code)
    if (const Entry* e = catalogue_.by_code(code_str)) return done(e, Classification::By::code, true);
  if (use_enh) {
    if (const Entry* e = catalogue_.by_enhanced(subject_key(enh)))
      return done(e, Classification::By::fallback, false);
    if (const Entry* e = catalogue_.by_enhanced(class_key(enh[0])))
      return done(e, Classification::By::fallback, false);
  }
  if (c.effective_class) {
    std::string key = std::string(1, c.effective_class) + "xx";
    if (const Entry* e = catalogue_.by_code(key)) return done(e, Classification::By::fallback, false);
  }
  return c;
}

Classification Classifier::classify(std::uint16_t code, std::string_view enhanced,
                                    std::string_view text) const {
  const Entry* p = nullptr;
  if (wants_pattern(code, enhanced, text)) {
    std::string norm;
    normalize_reply(text, norm);
    p = match_pattern(norm);
  }
  return by_codes(code, enhanced, p);
}

bool ClassifierCache::TextTable::find(std::string_view text, std::uint64_t hash,
                                      const Entry** entry) const {
  if (slots_.empty()) return false;
  for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.hash == 0) return false;
    if (s.hash == hash && s.size == text.size() &&
        std::string_view(arena_.data() + s.offset, s.size) == text) {
      *entry = entries_[s.entry];
      return true;
    }
  }
}

void ClassifierCache::TextTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.hash == 0) continue;
    std::size_t i = s.hash & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void ClassifierCache::TextTable::insert(std::string_view text, std::uint64_t hash, const Entry* entry) {
  if (text.size() > max_text_) return;  // a rare giant reply: not worth the room
  std::size_t index = std::find(entries_.begin(), entries_.end(), entry) - entries_.begin();
  if (index == entries_.size()) {
    if (index > 0xffff) return;  // more answers than a catalogue has: not remembered
    entries_.push_back(entry);
  }
  if (slots_.empty()) {
    slots_.resize(min_slots_);
    mask_ = slots_.size() - 1;
    arena_.reserve(std::min(max_arena_, min_slots_ * 64));
  }
  const bool full = used_ >= max_entries_ || arena_.size() + text.size() > max_arena_;
  if (!full && used_ >= slots_.size() / 2 && slots_.size() < max_slots_) grow();
  if (full || used_ >= slots_.size() / 2) {  // start over
    std::fill(slots_.begin(), slots_.end(), Slot{});
    arena_.clear();
    used_ = 0;
  }
  std::size_t i = hash & mask_;
  while (slots_[i].hash != 0) i = (i + 1) & mask_;
  slots_[i] = Slot{hash, static_cast<std::uint32_t>(arena_.size()),
                   static_cast<std::uint16_t>(text.size()), static_cast<std::uint16_t>(index)};
  arena_.append(text);
  ++used_;
}

// The raw level's key: the text with the bytes inside each <...> or [...]
// that normalize_reply turns into "<>" or "[]" left out, when leaving them out
// cannot change its answer. normalize_reply(text) == normalize_reply(key) for
// every text, so texts of one key share one pattern entry:
// - brackets are matched as normalize_reply matches them: from an opening byte
//   to the first closing one in the same whitespace-separated token, skipping
//   what a matched pair spans (the codes it drops hold no brackets);
// - only contents without any of < > [ ] are left out: then has_bare_at's
//   depth is the same after the pair, an '@' inside is never bare, and the
//   token's other tests (IPv6, id, code, enhanced code) are false for a token
//   with a '<' or '[' whatever the contents, so the token's length, digits,
//   letters and colons inside the pair decide nothing.
// Returns `text` itself when there is nothing to leave out.
namespace {
// raw_key's byte classes: 1 ends a token, 2 is a bracket.
constexpr std::array<unsigned char, 256> kKeyByte = [] {
  std::array<unsigned char, 256> t{};
  t[' '] = t['\t'] = 1;
  t['<'] = t['>'] = t['['] = t[']'] = 2;
  return t;
}();
}  // namespace

std::string_view ClassifierCache::raw_key(std::string_view text) {
  const char* const s = text.data();
  const char* const e = s + text.size();
  const char* copied = s;  // [s, copied) is in key_ when key_ is in use
  bool used = false;
  const char* lt = text.empty() ? e : static_cast<const char*>(std::memchr(s, '<', text.size()));
  const char* sq = text.empty() ? e : static_cast<const char*>(std::memchr(s, '[', text.size()));
  if (!lt) lt = e;
  if (!sq) sq = e;
  while (lt < e || sq < e) {
    const char* const open = lt < sq ? lt : sq;
    const char close = *open == '<' ? '>' : ']';
    bool clean = true;
    const char* j = open + 1;
    for (;; ++j) {  // to the first space, tab or bracket: the contents' end, or not clean
#if defined(__SSE2__)
      // 16 bytes a step while they are there (an address in brackets is
      // 10-40 bytes, byte by byte a table lookup and a branch each).
      for (; e - j >= 16; j += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(j));
        const __m128i angle = _mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8(2)), _mm_set1_epi8('>'));  // < or >
        const __m128i square = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('[')), _mm_cmpeq_epi8(x, _mm_set1_epi8(']')));
        const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
        if (const int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(angle, square), blank))) {
          j += std::countr_zero(static_cast<unsigned>(m));
          break;
        }
      }
#endif
      while (j < e && kKeyByte[static_cast<unsigned char>(*j)] == 0) ++j;
      if (j >= e || *j == close || kKeyByte[static_cast<unsigned char>(*j)] == 1) break;
      clean = false;
    }
    const char* next = open + 1;  // unmatched: normalize keeps the byte
    if (j < e && *j == close) {
      if (clean && j > open + 1) {
        if (!used) key_.clear();
        used = true;
        key_.append(copied, open + 1);
        copied = j;  // the closing byte comes with the next piece
      }
      next = j + 1;  // past the pair, as normalize_reply goes on
    }
    auto find = [&](char c, const char* from) {
      const void* f = from < e ? std::memchr(from, c, static_cast<std::size_t>(e - from)) : nullptr;
      return f ? static_cast<const char*>(f) : e;
    };
    if (lt < next) lt = find('<', next);
    if (sq < next) sq = find('[', next);
  }
  if (!used) return text;
  key_.append(copied, e);
  return key_;
}

// Inlined into classify(), its one caller: it runs on every line with a reply.
[[gnu::always_inline]] inline Classification ClassifierCache::by_codes(std::uint16_t code, std::string_view enhanced,
                                                                        const Entry* pattern) {
  if (enhanced.size() > kMaxCodeKey) return classifier_.by_codes(code, enhanced, pattern);
  if (codes_.empty()) codes_.resize(256);
  // The enhanced code's bytes as two words: its first 8 and the rest, each
  // zero-padded (short_word()); with its size they name it alone.
  const std::size_t n = enhanced.size();
  const std::uint64_t lo = n > 8 ? load64(enhanced.data()) : short_word(enhanced);
  const std::uint64_t hi = n > 8 ? short_word(enhanced.substr(8)) : 0;
  // One multiply: its top byte depends on every bit below it.
  const std::uint64_t h = (lo ^ (hi + (std::uint64_t{code} << 48 | std::uint64_t{n} << 40)) * 0x9e3779b97f4a7c15ULL ^
                           reinterpret_cast<std::uintptr_t>(pattern)) * 0xbf58476d1ce4e5b9ULL;
  CodeSlot& slot = codes_[h >> 56];
  if (slot.lo == lo && slot.hi == hi && slot.code == code && slot.pattern == pattern && slot.enhanced_size == n)
    [[likely]] return slot.result;
  return remember_codes(slot, code, enhanced, pattern, lo, hi);
}

Classification ClassifierCache::classify(std::uint16_t code, std::string_view enhanced,
                                         std::string_view text) {
  const Entry* p = nullptr;
  if (wants_pattern(code, enhanced, text)) {
    // The pattern step depends on the text alone (codes are applied after).
    const std::string_view key = raw_key(text);
    const std::uint64_t h = text_hash(key) | 1;  // 0 marks an empty slot
    if (raw_.find(key, h, &p)) [[likely]] {
      ++hits_;
      ++raw_hits_;
    } else {
      p = raw_miss(text, key, h);
    }
  }
  return by_codes(code, enhanced, p);
}

const Entry* ClassifierCache::raw_miss(std::string_view text, std::string_view key, std::uint64_t h) {
  const Entry* p = nullptr;
  // Most raw keys that miss hold a bare IPv4 address or an address outside
  // brackets: the general key stands for every text that differs only there.
  const bool general = generalize_reply(key, general_);
  const std::uint64_t gh = general ? text_hash(general_) | 1 : 0;
  if (general && raw_.find(general_, gh, &p)) {
    ++hits_;
    ++raw_hits_;
  } else {
    normalize_reply(text, scratch_);
    const std::uint64_t nh = text_hash(scratch_) | 1;
    if (normalized_.find(scratch_, nh, &p)) {
      ++hits_;
    } else {
      ++misses_;
      p = classifier_.match_pattern(scratch_);
      normalized_.insert(scratch_, nh, p);
    }
    if (general) raw_.insert(general_, gh, p);
  }
  // The raw key too: the same text again (the same address) is then one probe.
  raw_.insert(key, h, p);
  return p;
}

Classification ClassifierCache::remember_codes(CodeSlot& slot, std::uint16_t code, std::string_view enhanced,
                                               const Entry* pattern, std::uint64_t lo, std::uint64_t hi) {
  slot.result = classifier_.by_codes(code, enhanced, pattern);
  slot.code = code;
  slot.pattern = pattern;
  slot.enhanced_size = static_cast<std::uint8_t>(enhanced.size());
  slot.lo = lo;
  slot.hi = hi;
  return slot.result;
}

}  // namespace smtplog
