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

}  // namespace smtplog
