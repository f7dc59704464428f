#pragma once
// SMTP reply syntax shared by the Postfix and Exim parsers and the classifier.
//
//   std::uint16_t code; std::string_view enh;
//   std::size_t n = read_reply_codes("550 5.7.1 Relay access denied", code, enh);
//   // code == 550, enh == "5.7.1", n == 10 (start of "Relay access denied")
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/event.h"

namespace smtplog {

/// Reads an enhanced status code "C.SSS.DDD" (class 2, 4 or 5; subject and detail
/// 1-3 digits) at the start of `s`, followed by the end, a space or punctuation.
/// Returns its length, 0 when there is none.
std::size_t read_enhanced(std::string_view s);

/// Reads the leading codes of a reply: "550 5.7.1 text", "550-5.7.1 text",
/// "550 text", "550" or "5.7.1 text" (Postfix's milter-reject form). Sets `code`
/// (0 when none) and `enhanced` (empty when none); returns the offset where the
/// text after the codes starts, or 0 when `s` starts with neither code.
std::size_t read_reply_codes(std::string_view s, std::uint16_t& code, std::string_view& enhanced);

/// Skips every leading "NNN-X.Y.Z " / "NNN X.Y.Z " / "NNN " prefix, including the
/// repeated ones of a flattened multi-line reply, and returns the plain text
/// ("550-5.7.26 a 550 5.7.26 b" -> "a b" is NOT done: only the leading prefix
/// goes; see normalize for inner ones).
std::string_view skip_reply_codes(std::string_view s);

/// Maps Postfix's and Exim's command names ("RCPT TO", "MAIL FROM", "end of DATA",
/// "DATA", "EHLO", "HELO", "CONNECT", "END-OF-MESSAGE", "BDAT", "VRFY", "ETRN",
/// "AUTH", "STARTTLS", "QUIT", "initial connection") to a Stage.
Stage stage_from_command(std::string_view command);

}  // namespace smtplog
