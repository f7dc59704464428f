#pragma once
// Delivery status lines ("to=<r>, relay=..., dsn=..., status=... (text)") and
// the texts inside them. Internal to the Postfix parser.
//
//   ParseResult r = postfix::parse_delivery("to=<a@b>, relay=mx[192.0.2.1]:25, "
//       "dsn=2.0.0, status=sent (250 2.0.0 Ok)", ev);
//   // r.kind == LineKind::event, ev.outcome == Outcome::sent, ev.reply.code == 250
#include <string_view>

#include "parsers/event.h"

namespace smtplog::postfix {

/// What a status text turned out to be.
enum class TextKind : std::uint8_t {
  plain,         ///< text of our own ("delivered to maildir", "User unknown ...")
  reply,         ///< a reply with codes, no remote host named ("250 2.0.0 Ok: queued")
  remote_reply,  ///< "host H said: ..." / "refused to talk to me: ..." (a remote server answered)
  connection,    ///< connect/lost connection/timeout/TLS/DNS failure about a remote host
};

/// Reads a status text or a standalone SMTP/LMTP client line into ev.reply and
/// ev.peer_*: the remote reply with its codes and stage, or the text as it is.
TextKind parse_result_text(std::string_view text, Event& ev);

/// Parses a delivery line after its queue id ("to=<...>, ..., status=..."):
/// recipient, orig_to, relay peer, dsn, outcome, reply. Unparsed when there is
/// no known status.
[[nodiscard]] ParseResult parse_delivery(std::string_view s, Event& ev);

}  // namespace smtplog::postfix
