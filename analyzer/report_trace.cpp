// `smtplog trace` output. The store keeps failure events only (every non-2xx
// reply), so a trace is the failures of a message or an address in time
// order, grouped by message. The last stored event of each message says how
// far the story is known: a bounce or expiry ends it; a deferral does not,
// because a later success would not have been stored. Each trace says so,
// rather than let a reader take a missing success for a missing delivery.
#include <cctype>
#include <map>
#include <ostream>

#include "analyzer/report_events.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

struct Message {
  std::string queue_id;
  std::vector<const EventRow*> events;
};

// Messages in the order of their first event; no queue id is its own group.
std::vector<Message> by_message(const EventList& list) {
  std::vector<Message> out;
  std::map<std::string, std::size_t> index;
  for (const EventRow& e : list.rows) {
    auto [it, fresh] = index.try_emplace(e.queue_id, out.size());
    if (fresh) out.push_back(Message{e.queue_id, {}});
    out[it->second].events.push_back(&e);
  }
  return out;
}

std::string verdict(const EventRow& last) {
  const std::string cls = event_class(last);
  const std::string when = local_time(last.time, "%Y-%m-%d %H:%M:%S");
  if (last.outcome == "bounced" || last.outcome == "expired" || last.outcome == "undeliverable")
    return "ended: " + last.outcome + " (permanent) at " + when + "; the sender gets a bounce.";
  if (last.direction == "inbound" && last.outcome == "rejected")
    return "refused (" + cls + ") at " + when + ": we did not accept this mail, so it was never relayed" +
           (cls == "transient" ? "; the client may retry." : ".");
  if (last.outcome == "deferred")
    return "last stored: deferred (transient) at " + when +
           ". Deliveries are not stored, so if it went through later it does not show here; "
           "the log after that time tells.";
  return "last stored: " + last.outcome + " (" + cls + ") at " + when + ".";
}

// One verdict per recipient, from its last stored event.
std::vector<std::string> verdicts(const Message& m) {
  std::vector<std::string> order;
  std::map<std::string, const EventRow*> last;
  for (const EventRow* e : m.events) {
    if (!last.count(e->recipient)) order.push_back(e->recipient);
    last[e->recipient] = e;
  }
  std::vector<std::string> out;
  for (const std::string& r : order) {
    std::string v = verdict(*last[r]);
    if (order.size() > 1) out.push_back((r.empty() ? "(no recipient)" : r) + ": " + v);
    else out.push_back(std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(v[0])))) + v.substr(1));
  }
  return out;
}

constexpr const char* kLimits =
    "Trace shows the failures smtplog stores (every non-2xx reply, for --keep-events). "
    "Arrivals, successful deliveries and the removal of a message from the queue are counted "
    "but not stored per message, so trace cannot show them; docs/reports.md says more.";

}  // namespace

void render_trace_text(const std::string& target, const EventList& list, const Catalogue& catalogue,
                       std::ostream& out) {
  std::vector<Message> messages = by_message(list);
  out << wrap("smtplog trace " + printable(target), 80, "");
  if (list.rows.empty()) {
    out << wrap("No stored failure event for it. Either all its mail went through (successes are "
                "not stored), or its failures are older than --keep-events, or it was never in "
                "the logs read.", 80, "");
    out << "\n" << wrap(kLimits, 80, "");
    return;
  }
  std::size_t queued = 0;
  for (const Message& m : messages) queued += !m.queue_id.empty();
  out << wrap(grouped(static_cast<std::int64_t>(list.rows.size())) + " stored failure event" +
                  (list.rows.size() == 1 ? "" : "s") + " in " + std::to_string(queued) + " message" +
                  (queued == 1 ? "" : "s") + (queued < messages.size() ? " and refusals before queueing" : "") +
                  ", " + local_time(list.rows.front().time, "%Y-%m-%d %H:%M:%S") + " to " +
                  local_time(list.rows.back().time, "%Y-%m-%d %H:%M:%S %Z") + ".",
              80, "");
  if (static_cast<std::size_t>(list.matching) > list.rows.size())
    out << wrap("Only the latest " + grouped(static_cast<std::int64_t>(list.rows.size())) + " of " +
                    grouped(list.matching) + " are shown (--limit).", 80, "");
  for (const Message& m : messages) {
    const EventRow& first = *m.events.front();
    out << "\n"
        << wrap(m.queue_id.empty() ? "Refused before a message was queued (no queue id)"
                                   : "Message " + printable(m.queue_id) + " (" + printable(first.mta) + ")",
                80, "");
    for (const EventRow* e : m.events) {
      std::string code = (e->code ? std::to_string(e->code) : std::string()) +
                         (e->enhanced.empty() ? "" : (e->code ? " " : "") + e->enhanced);
      std::string head = local_time(e->time, "%Y-%m-%d %H:%M:%S") + "  " + e->outcome + "  " +
                         (code.empty() ? "no code" : code) + "  " + e->direction;
      out << wrap(head, 80, "  ");
      std::string who;
      if (!e->recipient.empty()) who += "to " + e->recipient;
      if (!e->sender.empty()) who += (who.empty() ? "from " : ", from ") + e->sender;
      if (!e->peer_host.empty() || !e->peer_ip.empty())
        who += (who.empty() ? "peer " : ", peer ") + (e->peer_host.empty() ? e->peer_ip : e->peer_host) +
               (e->peer_ip.empty() || e->peer_ip == e->peer_host ? "" : " [" + e->peer_ip + "]");
      if (!who.empty()) out << wrap(printable(who), 80, "    ");
      const Entry* entry = catalogue.find(e->entry);
      out << wrap(printable(entry ? entry->name : e->entry.empty() ? "no catalogue entry" : e->entry) + ", " +
                      event_class(*e),
                  80, "    ");
      if (!e->reply_text.empty()) out << wrap(printable(clip(e->reply_text, 300)), 80, "    ");
    }
    for (const std::string& v : verdicts(m)) out << wrap(printable(v), 80, "  ");
  }
  out << "\n" << wrap(kLimits, 80, "");
}

void render_trace_json(const std::string& target, const EventList& list, const Catalogue& catalogue,
                       std::ostream& out) {
  out << "{\"version\":1,\"target\":" << json_string(target) << ",\"matching\":" << list.matching
      << ",\"messages\":[";
  bool first = true;
  for (const Message& m : by_message(list)) {
    out << (first ? "" : ",") << "{\"queue_id\":" << json_string(m.queue_id)
        << ",\"first\":" << m.events.front()->time << ",\"last\":" << m.events.back()->time
        << ",\"last_outcome\":" << json_string(m.events.back()->outcome)
        << ",\"last_class\":" << json_string(event_class(*m.events.back()))
        << ",\"verdicts\":[";
    bool fv = true;
    for (const std::string& v : verdicts(m)) {
      out << (fv ? "" : ",") << json_string(v);
      fv = false;
    }
    out << "],\"events\":[";
    bool f2 = true;
    for (const EventRow* e : m.events) {
      if (!f2) out << ",";
      event_json(out, *e, catalogue);
      f2 = false;
    }
    out << "]}";
    first = false;
  }
  out << "],\"limits\":" << json_string(kLimits) << "}\n";
}

}  // namespace smtplog
