#pragma once
// The Exim body parsers behind parsers/exim.h (internal to parsers/). Each
// takes what follows Exim's timestamp, [pid] and message id, and fills `ev`,
// whose time, host, mta, instance and queue_id are already set.
//
//   exim_delivery.cpp  the message lines: <= (= => -> >> *> ** ==, Completed,
//                      Frozen, and the host-level errors of a delivery
//   exim_reject.cpp    the SMTP listener and everything else: ACL rejects,
//                      authenticator failures, protocol and synchronization
//                      errors, sender verification
#include <string_view>

#include "parsers/event.h"

namespace smtplog::exim {

/// True for the two-byte flags of message lines ("<=", "=>", "**", ...).
bool is_flag(std::string_view two);

/// A message line: `flag` is "<=", "(=", "=>", "->", ">>", "*>", "**" or
/// "=="; `rest` follows the flag and its space.
[[nodiscard]] ParseResult parse_flag_line(std::string_view flag, std::string_view rest, Event& ev);

/// A line of a message without a flag ("Completed", "Frozen ...", a host's
/// error, a reject after DATA), or a line without a message id.
[[nodiscard]] ParseResult parse_other_line(std::string_view rest, Event& ev);

/// Lines that carry a message id and no flag, handled by the delivery side:
/// Completed, Frozen and host-level delivery errors. Returns false when the
/// line is none of those (the caller then tries parse_other_line's cases).
bool parse_message_note(std::string_view rest, Event& ev, ParseResult& out);

}  // namespace smtplog::exim
