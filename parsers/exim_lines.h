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
#include "parsers/exim_fields.h"

namespace smtplog::exim {

/// True for the two-byte flags of message lines ("<=", "=>", "**", ...).
bool is_flag(std::string_view two);

/// A message line: `flag` is "<=", "(=", "=>", "->", ">>", "*>", "**" or
/// "=="; `rest` follows the flag and its space.
[[nodiscard]] ParseResult parse_flag_line(std::string_view flag, std::string_view rest, Event& ev);

/// The fields at the start of a line's body, once scanned (scan_fields' result
/// and return value), so that the next parser of the same body need not scan
/// them again.
struct ScannedFields {
  Fields fields;
  std::size_t end = 0;
};

/// A line of a message without a flag ("Completed", "Frozen ...", a host's
/// error, a reject after DATA), or a line without a message id. `scanned`:
/// the fields at the start of `rest` when parse_message_note scanned them.
[[nodiscard]] ParseResult parse_other_line(std::string_view rest, Event& ev,
                                           const ScannedFields* scanned = nullptr);

/// Lines that carry a message id and no flag, handled by the delivery side:
/// Completed, Frozen and host-level delivery errors; any other line that
/// starts with "H=" goes on to parse_other_line with the fields scanned here.
/// Returns false, before scanning anything, when the line starts with none of
/// "Completed", "Frozen", "frozen by " and "H=" (the caller then calls
/// parse_other_line).
bool parse_message_note(std::string_view rest, Event& ev, ParseResult& out);

}  // namespace smtplog::exim
