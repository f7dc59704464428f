#pragma once
// smtpd / postscreen / cleanup action lines (reject, reject_warning,
// milter-reject, proxy-reject, proxy-accept, hold, discard, filter, redirect),
// after the queue id or "NOQUEUE: ". Internal to the Postfix parser.
//
//   ParseResult r;
//   if (postfix::parse_action("reject: RCPT from h[192.0.2.9]: 554 5.7.1 <x>: Relay "
//                             "access denied; from=<a> to=<x> proto=SMTP", ev, r)) ...
#include <string_view>

#include "parsers/event.h"

namespace smtplog::postfix {

/// Parses `s` when it starts with a known action ("reject: ..."); fills ev
/// (outcome, direction inbound, reply with its stage, peer, sender, recipient)
/// and `result`, and returns true. Returns false, touching nothing, for other
/// text (including actions that count nothing: "warning: header", "replace:").
bool parse_action(std::string_view s, Event& ev, ParseResult& result);

}  // namespace smtplog::postfix
