// Catalogue loader. The format is a stanza of "key: value" lines per entry (see
// docs/catalogue.md): it diffs well, reads well, and needs no parser library.
// Every problem is reported as "file:line: what", and a broken entry is left
// out rather than half-loaded.
#include "analyzer/catalogue.h"

#include <re2/re2.h>

#include <fstream>
#include <sstream>

#include "analyzer/embedded.h"

namespace smtplog {
namespace {

constexpr std::string_view kClasses[] = {"positive-completion", "positive-intermediate",
                                         "transient-negative", "permanent-negative"};
constexpr std::string_view kCategories[] = {
    "accepted",           "relayed-forwarded",    "mailbox",         "policy-spam-reputation",
    "authentication",     "tls",                  "dns-routing",     "connection-network",
    "local-error-resource", "protocol-syntax",    "size-content",    "rate-limit-greylist",
    "relay-denied"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct Field {
  std::string key, value;
  int line;
};

// Validates a stanza and turns it into an Entry. Returns false with messages.
bool build_entry(const std::vector<Field>& fields, const std::string& source, int first_line,
                 Entry& e, std::vector<std::string>& errors) {
  auto err = [&](int line, const std::string& what) {
    errors.push_back(source + ":" + std::to_string(line) + ": " + what);
  };
  std::size_t before = errors.size();
  bool has_code = false, has_enhanced = false;
  for (const Field& f : fields) {
    const std::string& v = f.value;
    if (f.key == "id") e.id = v;
    else if (f.key == "code") { e.codes = split_words(v); has_code = true; }
    else if (f.key == "enhanced") { e.enhanced = split_words(v); has_enhanced = true; }
    else if (f.key == "pattern") {
      e.pattern = v;
      RE2::Options opt;
      opt.set_case_sensitive(false);
      opt.set_log_errors(false);
      RE2 re(v, opt);
      if (!re.ok()) err(f.line, "bad pattern: " + re.error());
    }
    else if (f.key == "name") e.name = v;
    else if (f.key == "class") {
      e.classes = split_words(v);
      for (const std::string& c : e.classes) {
        bool ok = false;
        for (std::string_view k : kClasses) ok |= (c == k);
        if (!ok) err(f.line, "unknown class '" + c + "' (one of positive-completion, positive-intermediate, transient-negative, permanent-negative)");
      }
    }
    else if (f.key == "category") {
      e.category = v;
      if (!valid_category(v)) err(f.line, "unknown category '" + v + "' (see docs/catalogue.md)");
    }
    else if (f.key == "description") e.description = v;
    else if (f.key == "when") e.when = v;
    else if (f.key == "fix-sender") e.fix_sender = v;
    else if (f.key == "fix-admin") e.fix_admin = v;
    else if (f.key == "use") e.use = v;
    else if (f.key == "provider") e.provider = v;
    else if (f.key == "sample") e.samples.push_back(v);
    else if (f.key == "see") e.see.push_back(v);
    else if (f.key == "confused-with") e.confused_with = split_words(v);
    else err(f.line, "unknown key '" + f.key + "'");
  }
  if (!e.pattern.empty()) e.kind = Entry::Kind::pattern;
  else if (has_enhanced && !has_code) e.kind = Entry::Kind::enhanced;
  else e.kind = Entry::Kind::basic;

  auto require = [&](bool present, const char* key) {
    if (!present) err(first_line, "entry '" + e.id + "' has no " + key);
  };
  require(!e.id.empty(), "id");
  require(!e.name.empty(), "name");
  require(!e.classes.empty(), "class");
  require(!e.category.empty(), "category");
  require(!e.description.empty(), "description");
  require(!e.when.empty(), "when");
  require(!e.fix_sender.empty(), "fix-sender");
  require(!e.fix_admin.empty(), "fix-admin");
  require(!e.samples.empty(), "sample");
  require(!e.see.empty(), "see");
  if (e.kind == Entry::Kind::basic) require(!e.codes.empty(), "code");
  if (e.kind != Entry::Kind::pattern) require(!e.use.empty(), "use");
  e.source = source + ":" + std::to_string(first_line);
  return errors.size() == before;
}

}  // namespace

const char* class_name(char digit) {
  switch (digit) {
    case '2': return "positive-completion";
    case '3': return "positive-intermediate";
    case '4': return "transient-negative";
    case '5': return "permanent-negative";
  }
  return "unknown";
}

const char* class_title(std::string_view c) {
  if (c == "positive-completion") return "Positive Completion";
  if (c == "positive-intermediate") return "Positive Intermediate";
  if (c == "transient-negative") return "Transient Negative";
  if (c == "permanent-negative") return "Permanent Negative";
  return "Unknown";
}

bool valid_category(std::string_view c) {
  for (std::string_view k : kCategories)
    if (c == k) return true;
  return false;
}

void Catalogue::load(std::string_view text, const std::string& source,
                     std::vector<std::string>& errors) {
  std::vector<Field> fields;
  int line_no = 0, first_line = 0;
  auto flush = [&] {
    if (fields.empty()) return;
    Entry e;
    if (build_entry(fields, source, first_line, e, errors)) {
      if (by_id_.count(e.id)) {
        errors.push_back(e.source + ": duplicate id '" + e.id + "' (first at " +
                         entries_[by_id_.find(e.id)->second].source + ")");
      } else {
        std::size_t index = entries_.size();
        by_id_.emplace(e.id, index);
        if (e.kind == Entry::Kind::basic)
          for (const std::string& c : e.codes) by_code_.emplace(c, index);
        if (e.kind == Entry::Kind::enhanced)
          for (const std::string& c : e.enhanced) by_enhanced_.emplace(c, index);
        entries_.push_back(std::move(e));
      }
    }
    fields.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    std::string_view line = trim(raw);
    if (!raw.empty() && raw[0] == '#') continue;
    if (line.empty()) {
      flush();
      continue;
    }
    if (raw[0] == ' ' || raw[0] == '\t') {
      if (fields.empty()) {
        errors.push_back(source + ":" + std::to_string(line_no) + ": continuation line outside an entry");
        continue;
      }
      fields.back().value += ' ';
      fields.back().value += line;
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      errors.push_back(source + ":" + std::to_string(line_no) + ": expected 'key: value', got '" +
                       std::string(line.substr(0, 60)) + "'");
      continue;
    }
    if (fields.empty()) first_line = line_no;
    fields.push_back({std::string(trim(line.substr(0, colon))),
                      std::string(trim(line.substr(colon + 1))), line_no});
  }
  flush();
}

void Catalogue::load_embedded(std::vector<std::string>& errors) {
  // basic, enhanced, replies: the documented load order (pattern priority).
  for (std::string_view name : {"basic", "enhanced", "replies"}) {
    std::string path = "schema/catalogue/" + std::string(name) + ".cat";
    load(embedded_file(path), path, errors);
  }
  for (const EmbeddedFile& f : embedded_files()) {
    std::string_view p = f.path;
    if (p.starts_with("schema/catalogue/") && p.ends_with(".cat") &&
        p != "schema/catalogue/basic.cat" && p != "schema/catalogue/enhanced.cat" &&
        p != "schema/catalogue/replies.cat")
      load(f.data, std::string(p), errors);
  }
}

bool Catalogue::load_file(const std::string& path, std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(path + ": cannot read the catalogue file");
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::size_t before = errors.size();
  load(text.str(), path, errors);
  return errors.size() == before;
}

const Entry* Catalogue::find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

const Entry* Catalogue::by_code(std::string_view key) const {
  auto it = by_code_.find(key);
  return it == by_code_.end() ? nullptr : &entries_[it->second];
}

const Entry* Catalogue::by_enhanced(std::string_view key) const {
  auto it = by_enhanced_.find(key);
  return it == by_enhanced_.end() ? nullptr : &entries_[it->second];
}

}  // namespace smtplog
