#pragma once
// Looking a code or a reply text up in the catalogue, as `explain` and
// `compare` do (the reply classifier is for logs; this is for people).
#include <optional>
#include <string>

#include "analyzer/catalogue.h"
#include "analyzer/classifier.h"

namespace smtplog {

struct Lookup {
  const Entry* entry = nullptr;  ///< the entry found, nullptr when not in the catalogue
  std::string shown;             ///< the code as the user gave it ("452", "4.2.2")
  char class_digit = 0;          ///< what the first digit still tells
  bool exact = false;            ///< the code itself is in the catalogue
};

/// Parses `arg` ("452", "4.2.2", "550 5.7.1 <a@b>: Relay access denied", "X.7.1",
/// an entry id). Returns nullopt when it is none of these (a usage error).
std::optional<Lookup> lookup(const Classifier& classifier, const std::string& arg);

}  // namespace smtplog
