#pragma once
// The reply-code catalogue: entries loaded from the text format of
// docs/catalogue.md (schema/catalogue/*.cat, embedded; plus --catalogue files).
//
//   Catalogue cat;
//   std::vector<std::string> errors;
//   cat.load_embedded(errors);
//   if (const Entry* e = cat.find("452")) std::cout << e->name;
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace smtplog {

/// One catalogue entry. Which kind it is follows from its keys: a `pattern`
/// makes a pattern entry; otherwise `enhanced` an enhanced-code entry;
/// otherwise a basic-code entry.
struct Entry {
  enum class Kind : std::uint8_t { basic, enhanced, pattern };
  Kind kind = Kind::basic;
  std::string id;
  std::vector<std::string> codes;     ///< "452", "4xx"
  std::vector<std::string> enhanced;  ///< "X.7.1", "5.X.X", "X.7.X", "5.7.26"
  std::string pattern;
  std::string name;
  std::vector<std::string> classes;   ///< positive-completion, ..., permanent-negative
  std::string category;
  std::string description, when, fix_sender, fix_admin, use, provider;
  std::vector<std::string> samples, see, confused_with;
  std::string source;  ///< "schema/catalogue/basic.cat:12"
};

/// The four reply classes, by first digit.
const char* class_name(char digit);          ///< '4' -> "transient-negative"
const char* class_title(std::string_view);   ///< "transient-negative" -> "Transient Negative"
bool valid_category(std::string_view);

class Catalogue {
 public:
  /// Parses `text` (named `source` in messages) and adds its entries. Appends a
  /// "source:line: what is wrong" message to `errors` for each problem; entries
  /// with problems are not added.
  void load(std::string_view text, const std::string& source, std::vector<std::string>& errors);

  /// Loads the embedded schema/catalogue/*.cat files.
  void load_embedded(std::vector<std::string>& errors);

  /// Loads a site's own file (--catalogue). False, with messages, on any problem.
  bool load_file(const std::string& path, std::vector<std::string>& errors);

  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* find(std::string_view id) const;

  /// Entry for a basic code key ("452", "4xx") or an enhanced key ("5.7.1",
  /// "X.7.1", "X.7.X", "5.X.X"); nullptr when none.
  const Entry* by_code(std::string_view key) const;
  const Entry* by_enhanced(std::string_view key) const;

 private:
  std::vector<Entry> entries_;
  std::map<std::string, std::size_t, std::less<>> by_id_, by_code_, by_enhanced_;
};

}  // namespace smtplog
