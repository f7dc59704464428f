#pragma once
// ASCII case folding for log text, without the C library's locale calls
// (std::tolower consults the locale on every byte): bytes outside A-Z,
// UTF-8 included, are left as they are.
namespace smtplog {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace smtplog
