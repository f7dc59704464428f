// `smtplog explain CODE|TEXT`: one catalogue page.
#include <iostream>

#include "analyzer/commands.h"
#include "analyzer/explain.h"
#include "analyzer/lang.h"
#include "analyzer/report.h"
#include "analyzer/sanitize.h"
#include "parsers/reply.h"

namespace po = boost::program_options;

namespace smtplog {

std::optional<Lookup> lookup(const Classifier& classifier, const std::string& arg) {
  const Catalogue& cat = classifier.catalogue();
  Lookup l;
  l.shown = arg;
  if (const Entry* e = cat.find(arg)) {  // an entry id, "X.7.1", "4xx"
    l.entry = e;
    l.exact = true;
    return l;
  }
  std::uint16_t code = 0;
  std::string_view enh;
  std::size_t n = read_reply_codes(arg, code, enh);
  bool only_code = n > 0 && n >= arg.size();
  if (n == 0) {
    // Plain text without a code: only a text pattern can place it.
    if (const Entry* e = classifier.classify(0, {}, arg).entry; e && e->kind == Entry::Kind::pattern) {
      l.entry = e;
      l.exact = true;
      return l;
    }
    return std::nullopt;
  }
  l.class_digit = code ? static_cast<char>('0' + code / 100) : enh[0];
  if (only_code) {
    if (code && !enh.empty()) {
      l.entry = cat.by_enhanced(enh);
      if (!l.entry) l.entry = cat.by_enhanced("X" + std::string(enh.substr(1)));
      if (!l.entry) l.entry = cat.by_code(std::to_string(code));
    } else if (code) {
      l.entry = cat.by_code(std::to_string(code));
    } else {
      l.entry = cat.by_enhanced(enh);
      if (!l.entry) l.entry = cat.by_enhanced("X" + std::string(enh.substr(1)));
    }
    l.exact = l.entry != nullptr;
    return l;
  }
  Classification c = classifier.classify(code, enh, arg);
  l.entry = c.entry;
  l.exact = c.exact;
  return l;
}

int cmd_explain(const Args& args) {
  CommonOptions common;
  std::string code, lang = "en", format = "text";
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help")
      ("code", po::value<std::string>(&code), "reply code, enhanced code or reply text")
      ("lang", po::value<std::string>(&lang)->value_name("LANG"), "headings in en, id, tr, ja or ru")
      ("format", po::value<std::string>(&format)->value_name("FMT"), "text (default) or json");
  add_common_options(desc, common);
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (!parse_args("explain", args, desc, &pos, vm)) return kExitUsage;
  if (vm.count("help")) {
    print_help(std::cout, "smtplog explain [OPTIONS] CODE|TEXT",
               "Explains a reply: explain 452, explain 4.2.2,\n"
               "explain \"550 5.7.1 <a@b>: Relay access denied\".", desc);
    return kExitOk;
  }
  const Headings* h = headings(lang);
  if (!h) return usage_error("explain", "unknown --lang '" + lang + "' (en, id, tr, ja, ru)");
  if (format != "text" && format != "json")
    return usage_error("explain", "unknown --format '" + format + "' (text or json)");
  if (code.empty()) return usage_error("explain", "give a code, e.g. smtplog explain 452");
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  Classifier classifier(*catalogue);
  auto l = lookup(classifier, code);
  if (!l)
    return usage_error("explain", "'" + printable(code) +
                                      "' is not a reply code (452), an enhanced code (4.2.2) or a known reply text");
  print_entry_page(std::cout, *l, *h, format == "json");
  return kExitOk;
}

}  // namespace smtplog
