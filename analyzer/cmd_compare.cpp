// `smtplog compare A B`: a comparison page of two codes.
#include <iostream>

#include "analyzer/commands.h"
#include "analyzer/lang.h"
#include "analyzer/sanitize.h"

namespace po = boost::program_options;

namespace smtplog {

int cmd_compare(const Args& args) {
  CommonOptions common;
  std::vector<std::string> codes;
  std::string lang = "en", format = "text";
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help")
      ("code", po::value<std::vector<std::string>>(&codes), "two codes")
      ("lang", po::value<std::string>(&lang)->value_name("LANG"), "headings in en, id, tr, ja or ru")
      ("format", po::value<std::string>(&format)->value_name("FMT"), "text (default) or json");
  add_common_options(desc, common);
  po::positional_options_description pos;
  pos.add("code", 2);
  po::variables_map vm;
  if (!parse_args("compare", args, desc, &pos, vm)) return kExitUsage;
  if (vm.count("help")) {
    print_help(std::cout, "smtplog compare [OPTIONS] CODE CODE",
               "Compares two replies, e.g. smtplog compare 251 551 --lang ja.", desc);
    return kExitOk;
  }
  const Headings* h = headings(lang);
  if (!h) return usage_error("compare", "unknown --lang '" + lang + "' (en, id, tr, ja, ru)");
  if (format != "text" && format != "json")
    return usage_error("compare", "unknown --format '" + format + "' (text or json)");
  if (codes.size() != 2) return usage_error("compare", "give two codes, e.g. smtplog compare 251 551");
  auto catalogue = load_catalogue(common);
  if (!catalogue) return kExitInput;
  Classifier classifier(*catalogue);
  auto a = lookup(classifier, codes[0]);
  auto b = lookup(classifier, codes[1]);
  for (const auto* l : {&a, &b})
    if (!*l) return usage_error("compare", "'" + printable(l == &a ? codes[0] : codes[1]) + "' is not a reply code");
  print_compare_page(std::cout, *a, *b, *h, format == "json");
  return kExitOk;
}

}  // namespace smtplog
