#pragma once
// Text from logs is written by strangers (addresses, HELO names, reply texts).
// These functions make it safe for each output: terminals, JSON, HTML, CSV.
#include <string>
#include <string_view>

namespace smtplog {

/// For terminals and plain text: control characters (C0, DEL, C1, so every
/// escape sequence) become "\xNN", invalid UTF-8 bytes become "\xNN" too.
std::string printable(std::string_view s);

/// A JSON string literal with quotes; always valid UTF-8 (invalid bytes become U+FFFD);
/// C0, DEL and C1 control characters are \u escapes, so no escape sequence is raw.
std::string json_string(std::string_view s);

/// HTML text or attribute content: & < > " ' escaped, then as printable().
std::string html_escape(std::string_view s);

/// A CSV cell: quoted when needed; a cell that starts with = + - @ (or tab/CR)
/// is prefixed with ' so spreadsheets do not run it as a formula.
std::string csv_cell(std::string_view s);

/// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid.
std::size_t utf8_sequence(std::string_view s, std::size_t i);

}  // namespace smtplog
