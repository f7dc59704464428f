#pragma once
// Reply text normalization: the form text patterns are matched against and the
// key of the classification cache. See docs/catalogue.md, "Normalization".
//
//   std::string out;
//   normalize_reply("550 5.7.1 <a@b.example>: Relay access denied", out);
//   // out == "<>: relay access denied"
#include <string>
#include <string_view>

namespace smtplog {

/// Writes the normalized form of `text` into `out` (cleared first). Reuses
/// `out`'s capacity, so a caller that keeps it allocates nothing per line.
void normalize_reply(std::string_view text, std::string& out);

/// A text that normalize_reply maps to what it maps `text` to, in which the
/// parts normalization replaces whatever they hold have one form: every
/// bare IPv4 address (a run of four groups of 1-3 digits) becomes "0.0.0.0"
/// and every token with an '@' outside <...> and [...] becomes "@", where
/// that cannot change the answer (see normalize.cpp). Texts that differ only
/// there get the same one, a key for the classifier's cache without
/// normalizing. Writes it into `out` and returns true when it differs from
/// `text`; returns false (and leaves `out` alone) when it is `text` itself.
bool generalize_reply(std::string_view text, std::string& out);

}  // namespace smtplog
