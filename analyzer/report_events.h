#pragma once
// Troubleshooting queries over the stored failure events (`smtplog events`,
// `smtplog trace`): a filter becomes a query (a time window, the keys a block
// must hold, and predicates on each event), the events of the blocks that may
// match are decoded and re-parsed into EventRow, and a renderer prints them as
// text, JSON or CSV.
//
//   EventFilter f; f.domain = "example.com"; f.klass = "permanent";
//   EventQuery q;
//   if (!build_query(f, catalogue, q, error)) ...;
//   EventList list = load_events(store, q, 100);
//   render_events_text(list, catalogue, std::cout, false);
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "analyzer/catalogue.h"
#include "analyzer/report.h"
#include "analyzer/store.h"

namespace smtplog {

/// One stored failure event, re-parsed from its line, with its input's path.
struct EventRow {
  std::int64_t id = 0, time = 0, code = 0, line_no = 0;
  std::string log_host, mta, service, instance, queue_id, direction, outcome, enhanced, stage,
      entry, sender, recipient, peer_host, peer_ip, reply_text, input, line;
  bool inferred = false;
};

/// What `smtplog events` filters on; empty fields match everything.
/// Addresses and hosts match without regard to case; `*` is a wildcard.
struct EventFilter {
  std::string recipient, sender;
  std::string domain;    ///< the recipient's domain, or the peer host (or a host under it)
  std::string peer;      ///< peer host name or IP address
  std::string code;      ///< 550, 55x, 5xx or 5
  std::string enhanced;  ///< 5.7.1, 5.7 (= 5.7.*), X.7.1
  std::string klass;     ///< transient or permanent (also 4, 5, 4xx, 5xx)
  std::string category;  ///< a catalogue category, e.g. mailbox
  std::string queue_id, outcome, direction, entry;
  std::int64_t since = kNoSince, until = kNoUntil;
};

/// A checked filter, ready to run (build_query, build_trace_query).
struct EventQuery {
  EventFilter filter;
  std::string code_like, enhanced_like;  ///< LIKE patterns of --code / --enhanced; "" = any
  int class_digit = 0;                   ///< 4, 5, or 0 = any
  bool by_category = false;
  std::vector<std::string> category_entries;  ///< the entries of --category
  std::string trace;                     ///< trace target ("" = none)
  bool trace_address = false;            ///< the target is an address, not a queue id
};

/// `pattern` LIKE `text` as SQLite's LIKE ... ESCAPE '\' has it: `%` any
/// run, `_` one character, `\` makes the next one literal, ASCII letters
/// match either case.
bool like_match(std::string_view pattern, std::string_view text);

/// Checks a filter and turns it into a query; false with a message when a value is not valid.
bool build_query(const EventFilter& f, const Catalogue& catalogue, EventQuery& q, std::string& error);

/// Adds "this message or this address" to `q`: an argument with '@' is an
/// address (as recipient or sender), anything else a queue id. True for an address.
bool build_trace_query(const std::string& target, EventQuery& q);

struct EventList {
  std::vector<EventRow> rows;  ///< oldest first
  std::int64_t matching = 0;   ///< all rows that match, of which `rows` are the latest
  std::int64_t blocks_read = 0, blocks_skipped = 0;  ///< event blocks decoded / ruled out by their keys
};

/// The latest `limit` matching events (0: all), returned oldest first.
EventList load_events(const Store& store, const EventQuery& q, std::size_t limit);

/// "transient", "permanent" or "other", as the reports say it.
std::string event_class(const EventRow& e);

/// One event as a JSON object (the shape of `events --format json`).
void event_json(std::ostream& out, const EventRow& e, const Catalogue& catalogue);

void render_events_text(const EventList& list, const Catalogue& catalogue, std::ostream& out,
                        bool raw_lines);
void render_events_json(const EventList& list, const Catalogue& catalogue, std::ostream& out);
void render_events_csv(const EventList& list, const Catalogue& catalogue, std::ostream& out);

/// `smtplog trace`: the events of a message or an address, grouped by message,
/// with what the last stored event means and what trace cannot see.
void render_trace_text(const std::string& target, const EventList& list, const Catalogue& catalogue,
                       std::ostream& out);
void render_trace_json(const std::string& target, const EventList& list, const Catalogue& catalogue,
                       std::ostream& out);

}  // namespace smtplog
