// The classifier: one RE2::Set over every pattern, then code lookups from the
// most to the least specific. The pattern step is the only costly one, so it is
// the one the per-thread cache remembers.
#include "analyzer/classifier.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <vector>

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

Classification ClassifierCache::classify(std::uint16_t code, std::string_view enhanced,
                                         std::string_view text) {
  const Entry* p = nullptr;
  if (wants_pattern(code, enhanced, text)) {
    normalize_reply(text, scratch_);
    auto it = cache_.find(std::string_view(scratch_));
    if (it != cache_.end()) {
      ++hits_;
      p = it->second;
    } else {
      ++misses_;
      p = classifier_.match_pattern(scratch_);
      if (cache_.size() >= max_entries_) cache_.clear();
      cache_.emplace(scratch_, p);
    }
  }
  return classifier_.by_codes(code, enhanced, p);
}

}  // namespace smtplog
