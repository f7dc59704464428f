#pragma once
// Reading one real log line for the generator: where its prefix ends (time,
// host, program, pid) and where the volatile values in its body are. Plain
// byte scanning; this runs once per template line, not per generated line.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bench/gen_templates.h"

namespace smtplog::bench {

struct Prefix {
  TimeStyle time;
  std::size_t stamp_len = 0;            ///< bytes of the timestamp at the start
  std::size_t pid_pos = 0, pid_len = 0;  ///< the pid's digits, if any
  std::size_t body = 0;                  ///< where the message body starts
  std::string_view prog;                 ///< "postfix/smtp" (syslog lines only)
  bool continuation = false;             ///< no prefix: part of the line before
};

Prefix read_prefix(std::string_view line);

/// The queue or message id the body starts with ("4F3A2B1C0D: ", "1xVZ2r-0006DU-2q "), or "".
std::string_view leading_id(std::string_view body, Stamp stamp);

struct Span {
  std::size_t start, end;
  Slot slot;
  std::string key;  ///< the original value (lower-cased for domains)
};

struct Known {
  std::unordered_set<std::string> ids;             ///< queue/message ids seen at a body start
  std::unordered_set<std::string> remote_domains;  ///< rewritten
  std::unordered_set<std::string> own_domains;     ///< kept
};

/// The addresses (local@domain) in `body`, as [start, end) offsets.
std::vector<std::pair<std::size_t, std::size_t>> find_addresses(std::string_view body);

/// The slots of `line` (prefix and body), sorted, not overlapping.
std::vector<Span> find_spans(std::string_view line, const Prefix& p, const Known& known);

/// "ok@Example.COM" -> "example.com".
std::string domain_of(std::string_view address);

}  // namespace smtplog::bench
