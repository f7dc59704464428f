// Catalogue pages for people: `explain` (one entry) and `compare` (two), in
// the shape of our users' pages, with headings in five languages. Markdown, so
// a page can be pasted into a wiki as it is.
#include <algorithm>
#include <ostream>

#include "analyzer/lang.h"
#include "analyzer/report.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

constexpr Headings kHeadings[] = {
    {"en", "Description", "When You See It", "How to Fix It", "Key Differences", "When to Use Which",
     "Learn More"},
    {"id", "Deskripsi", "Ketika Anda Melihatnya", "Cara Memperbaiki", "Perbedaan Utama",
     "Kapan Menggunakan Yang Mana", "Pelajari Lebih Lanjut"},
    {"tr", "Açıklama", "Gördüğünüzde", "Nasıl Düzeltilir", "Temel Farklar",
     "Hangisini Ne Zaman Kullanmalı", "Daha Fazla Öğren"},
    {"ja", "説明", "このコードが表示される場合", "解決方法", "主な違い", "どちらをいつ使うか", "詳しく見る"},
    {"ru", "Описание", "Когда вы это видите", "Как исправить", "Ключевые различия",
     "Когда что использовать", "Узнать больше"},
};

char digit_of(const Lookup& l) {
  if (l.class_digit) return l.class_digit;
  if (l.entry && !l.entry->classes.empty()) {
    const std::string& c = l.entry->classes.front();
    if (c == "positive-completion") return '2';
    if (c == "positive-intermediate") return '3';
    if (c == "transient-negative") return '4';
    if (c == "permanent-negative") return '5';
  }
  return 0;
}

std::string class_label(const Lookup& l) {
  char d = digit_of(l);
  if (!d) return "reply";
  bool enhanced = l.shown.find('.') != std::string::npos && l.shown.size() <= 9;
  return std::string(1, d) + (enhanced ? ".X.X " : "xx ") + class_title(class_name(d));
}

const char* class_meaning(char d) {
  switch (d) {
    case '2': return "the command succeeded";
    case '3': return "the server accepted the command and waits for more input";
    case '4': return "a temporary failure: the same command may succeed later, and MTAs retry";
    case '5': return "a permanent failure: repeating the same command will not help";
  }
  return "the class is unknown";
}

std::string first_sentence(const std::string& s) {
  std::size_t p = s.find(". ");
  return p == std::string::npos ? s : s.substr(0, p + 1);
}

std::string title_of(const Lookup& l) {
  return printable(l.shown) + (l.entry ? " (" + l.entry->name + ")" : "");
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

void json_entry(std::ostream& out, const Lookup& l) {
  const Entry* e = l.entry;
  char d = digit_of(l);
  out << "{\"query\":" << json_string(l.shown) << ",\"in_catalogue\":" << (l.exact ? "true" : "false")
      << ",\"class\":" << json_string(d ? class_name(d) : "");
  if (e) {
    auto arr = [&](const char* key, const std::vector<std::string>& v) {
      out << ",\"" << key << "\":[";
      for (std::size_t i = 0; i < v.size(); ++i) out << (i ? "," : "") << json_string(v[i]);
      out << "]";
    };
    out << ",\"id\":" << json_string(e->id) << ",\"name\":" << json_string(e->name)
        << ",\"category\":" << json_string(e->category)
        << ",\"description\":" << json_string(e->description) << ",\"when\":" << json_string(e->when)
        << ",\"fix_sender\":" << json_string(e->fix_sender) << ",\"fix_admin\":" << json_string(e->fix_admin)
        << ",\"use\":" << json_string(e->use);
    arr("codes", e->codes);
    arr("enhanced", e->enhanced);
    arr("samples", e->samples);
    arr("see", e->see);
  }
  out << "}";
}

void entry_sections(std::ostream& out, const Lookup& l, const Headings& h, const std::string& level) {
  const Entry& e = *l.entry;
  out << level << " " << h.description << "\n\n" << wrap(e.description, 80, "") << "\n";
  out << level << " " << h.when << "\n\n" << wrap(e.when, 80, "") << "\n";
  out << level << " " << h.fix << "\n\n"
      << wrap("Sender: " + e.fix_sender, 80, "") << wrap("Server admin: " + e.fix_admin, 80, "") << "\n";
}

}  // namespace

const Headings* headings(const std::string& lang) {
  for (const Headings& h : kHeadings)
    if (lang == h.lang) return &h;
  return nullptr;
}

void print_entry_page(std::ostream& out, const Lookup& l, const Headings& h, bool json) {
  if (json) {
    json_entry(out, l);
    out << "\n";
    return;
  }
  char d = digit_of(l);
  if (!l.exact) {
    out << printable(l.shown) << " is not in the catalogue.";
    if (d) out << " Its first digit still tells: " << class_title(class_name(d)) << ", " << class_meaning(d) << ".";
    out << "\n";
    if (l.entry) out << "\nThe nearest general entry is " << l.entry->id << " (" << l.entry->name << ").\n";
    return;
  }
  const Entry& e = *l.entry;
  out << "# " << title_of(l) << "\n\n";
  out << "Class: " << (d ? class_title(class_name(d)) : join(e.classes, ", ")) << " (" << class_meaning(d)
      << "). Category: " << e.category << ".\n\n";
  entry_sections(out, l, h, "##");
  out << "Examples:\n";
  for (const std::string& s : e.samples) out << "  " << printable(s) << "\n";
  out << "\n## " << h.learn_more << "\n\n" << wrap(join(e.see, "; "), 80, "");
}

void print_compare_page(std::ostream& out, const Lookup& a, const Lookup& b, const Headings& h,
                        bool json) {
  if (json) {
    out << "{\"a\":";
    json_entry(out, a);
    out << ",\"b\":";
    json_entry(out, b);
    out << "}\n";
    return;
  }
  char da = digit_of(a), db = digit_of(b);
  out << "# " << printable(a.shown) << " vs " << printable(b.shown) << "\n\n";
  out << wrap("SMTP " + title_of(a) + " is a " + class_label(a) + " response, while " + title_of(b) +
                  " is a " + class_label(b) + " response.",
              80, "")
      << "\n";
  for (const Lookup* l : {&a, &b}) {
    out << "## " << title_of(*l) << "\n\n";
    if (l->entry) entry_sections(out, *l, h, "###");
    else out << "Not in the catalogue.\n\n";
  }
  out << "## " << h.differences << "\n\n";
  std::string cls = da == db ? "Both are " + class_label(a) + " replies: " + class_meaning(da) + "."
                             : printable(a.shown) + " is " + class_label(a) + ": " + class_meaning(da) + ". " +
                                   printable(b.shown) + " is " + class_label(b) + ": " + class_meaning(db) + ".";
  out << wrap("- Class: " + cls, 80, "");
  if (a.entry && b.entry) {
    out << wrap("- Meaning: " + printable(a.shown) + " - " + first_sentence(a.entry->description) + " " +
                    printable(b.shown) + " - " + first_sentence(b.entry->description),
                80, "");
    out << wrap("- When you meet each: " + printable(a.shown) + " - " + first_sentence(a.entry->when) +
                    " " + printable(b.shown) + " - " + first_sentence(b.entry->when),
                80, "");
    out << "\n## " << h.which << "\n\n";
    for (const Lookup* l : {&a, &b})
      out << wrap("- " + printable(l->shown) + ": " + (l->entry->use.empty() ? l->entry->when : l->entry->use),
                  80, "");
    // Both codes often rest on the same sections (251 and 551: RFC 5321
    // §3.4, §4.2.2): each reference once, in order.
    std::vector<std::string> see = a.entry->see;
    for (const std::string& r : b.entry->see)
      if (std::find(see.begin(), see.end(), r) == see.end()) see.push_back(r);
    out << "\n## " << h.learn_more << "\n\n" << wrap(join(see, "; "), 80, "");
  }
}

}  // namespace smtplog
