#pragma once
// Section headings of catalogue pages in the languages our users' pages use.
// The body text stays English.
#include <iosfwd>
#include <string>

#include "analyzer/explain.h"

namespace smtplog {

struct Headings {
  const char* lang;
  const char* description;
  const char* when;
  const char* fix;
  const char* differences;
  const char* which;
  const char* learn_more;
};

/// Headings for "en", "id", "tr", "ja", "ru"; nullptr for any other.
const Headings* headings(const std::string& lang);

/// Prints one entry's page (explain), or "not in the catalogue" with what the
/// class digit tells.
void print_entry_page(std::ostream& out, const Lookup& l, const Headings& h, bool json);

/// Prints the comparison page of two entries (compare).
void print_compare_page(std::ostream& out, const Lookup& a, const Lookup& b, const Headings& h,
                        bool json);

}  // namespace smtplog
