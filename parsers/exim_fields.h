#pragma once
// Pieces of Exim log lines shared by the Exim parsers (internal to parsers/):
// message ids, "H=name (helo) [ip]:port", the KEY=value fields, and the remote
// reply inside a failure text.
//
//   exim::Fields f;
//   std::size_t n = exim::scan_fields("R=dnslookup T=remote_smtp H=mx [1.2.3.4] C=\"250 OK\"", f);
//   // f.router == "dnslookup", f.ip == "1.2.3.4", f.confirmation == "250 OK"
#include <cstddef>
#include <cstring>
#include <string_view>

#include "parsers/event.h"
#include "parsers/find_text.h"
#include "parsers/view.h"

namespace smtplog::exim {

/// Length of an Exim message id at the start of `s`: old "1abcDE-0001Xy-Ab"
/// (6-6-2) or 4.97+ "1rAbCd-00000000AbC-xyzw" (6-11-4), base-62, followed by
/// the end or a space. 0 when there is none.
std::size_t message_id_length(std::string_view s);

/// message_id_length byte by byte (the form without SSE2, and the reference
/// the SSE2 form is tested against).
std::size_t message_id_length_bytes(std::string_view s);

/// Reads a host as Exim logs it after "H=" or "failed for ": "name [ip]",
/// "(helo) [ip]", "name (helo) [ip]:port", "[ip]", or just "name". `name` is
/// the looked-up or configured host name (never the HELO), `ip` is without
/// brackets and port. Returns the bytes used (0 when `s` is empty).
std::size_t read_host(std::string_view s, std::string_view& name, std::string_view& ip);

/// The KEY=value fields of a line, as far as the parsers use them.
struct Fields {
  std::string_view host, ip;      ///< H=
  std::string_view router;        ///< R= (on "<=" lines: the parent message id)
  std::string_view transport;     ///< T= (on "<=" lines: the subject)
  std::string_view sender;        ///< F=, angle brackets removed
  std::string_view confirmation;  ///< C="..." contents
  bool has_host = false;
  bool colon = false;             ///< the fields ended with ':' (a message follows)
};

/// Scans KEY=value fields (and the bare flags K, PRDR, L, TFO, *) from the start
/// of `s`. Quoted values (DN="...", C="...", T="...") are skipped whole, with
/// backslash escapes. Stops at the first word that is not a field, or after a
/// field that ends with ':'. Returns the offset where the rest starts (after
/// ": " when `colon`). With `until_host`, stops right after the first H=
/// field (for a caller that needs only the host and knows no other follows).
std::size_t scan_fields(std::string_view s, Fields& f, bool until_host = false);

/// The stage of the command Exim names after "after " or "in response to ":
/// "RCPT TO:<a>", "pipelined MAIL FROM:<a> SIZE=1", "end of data", "DATA",
/// "initial connection", "HELO name", "sending data block".
Stage stage_from_exim(std::string_view command);

/// Finds the remote server's reply inside a failure text: "SMTP error from
/// remote mail server after RCPT TO:<a>: [host h [ip]: ]550 5.1.1 ...", "LMTP
/// error after ...", "response to \"MAIL FROM:<>\" was: 550 ...", "Malformed
/// SMTP reply in response to ...: 550 ...", "(EHLO response was: 550 ...)".
/// Sets the stage whenever a command is named ("SMTP timeout after RCPT TO"),
/// and code, enhanced and text (from the code on) when a reply is there.
/// Returns true when a basic code was found.
bool find_remote_reply(std::string_view text, Reply& reply);

/// s.starts_with(lit) with the literal's length known at compile time (the
/// library's starts_with(const char*), when the compiler leaves it a call,
/// measures the literal on every call).
template <std::size_t N>
inline bool has_prefix(std::string_view s, const char (&lit)[N]) {
  return s.size() >= N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

// Unchecked slices (parsers/view.h), also as postfix::sub / exim::sub.
using smtplog::sub;
using smtplog::tail;

/// find_text(s, ": ", from) without a call: the next ':' followed by a space
/// (the end of a command, a host or a fields list before a message), npos
/// when there is none.
inline std::size_t find_colon_space(std::string_view s, std::size_t from = 0) {
  for (std::size_t c = find_byte(s, from, ':'); c + 1 < s.size(); c = find_byte(s, c + 1, ':'))
    if (s[c + 1] == ' ') return c;
  return std::string_view::npos;
}

/// `n` searched for by its byte at `anchor`, chosen by hand (the byte rarest
/// in the lines it is searched in), instead of the one Needle picks.
consteval Needle anchored(Needle n, std::size_t anchor) {
  n.anchor = anchor < n.text.size() ? anchor : n.anchor;
  return n;
}

/// "<a@b>" -> "a@b", "<>" -> ""; anything else unchanged.
std::string_view strip_angles(std::string_view s);

/// `s` without trailing spaces and tabs.
std::string_view trim_right(std::string_view s);

/// True when `s` contains "smtp" in any ASCII case (every delivery's
/// transport is tested: remote_smtp, remote_smtp_smarthost, ...).
bool contains_smtp_nocase(std::string_view s);

}  // namespace smtplog::exim
