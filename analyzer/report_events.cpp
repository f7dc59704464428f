// Events live in compressed blocks (analyzer/event_blocks.cpp), one per
// parsed chunk. A query reads the blocks whose time range meets the window,
// skips those whose Bloom filter cannot hold the queue id, address, domain or
// peer asked for, decodes the rest, re-parses each line with parse_line() and
// keeps the events that pass every filter. The filters mean what the SQL of
// schema 1 meant: addresses and hosts are LIKE patterns (`*` the wildcard,
// every other character literal, ASCII case ignored), codes LIKE patterns on
// their digits. Results are ordered by time, then by storage order, and
// --limit keeps the latest.
#include "analyzer/report_events.h"

#include <algorithm>
#include <ostream>

#include "analyzer/batch.h"
#include "analyzer/event_blocks.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"
#include "parsers/ascii.h"
#include "parsers/line.h"

namespace smtplog {
namespace {

// LIKE pattern from user text: `*` is the wildcard, everything else literal.
std::string like_pattern(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '*') out += '%';
    else if (c == '%' || c == '_' || c == '\\') out += std::string("\\") + c;
    else out += c;
  }
  return out;
}

bool only(const std::string& s, const char* allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string::npos;
}

// Bytes of the UTF-8 character at s[i] (1 for a stray byte).
std::size_t char_len(std::string_view s, std::size_t i) {
  std::size_t n = 1;
  while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
  return n;
}

// The failure class as schema 1's SQL decided it (failure_class() in C++).
int class_digit(const EventRow& e) {
  if (e.outcome == "deferred") return 4;
  if (e.outcome == "bounced" || e.outcome == "expired" || e.outcome == "undeliverable") return 5;
  if (e.outcome == "reject-warning" || e.outcome == "frozen") return 0;
  if (e.code > 0) return static_cast<int>(e.code / 100);
  if (!e.enhanced.empty() && e.enhanced[0] >= '0' && e.enhanced[0] <= '9') return e.enhanced[0] - '0';
  return 0;
}

// The keys a block must hold (one of each group) for the query to match in it.
std::vector<std::vector<KeyProbe>> wanted_keys(const EventQuery& q) {
  std::vector<std::vector<KeyProbe>> groups;
  auto exact = [](const std::string& v) { return !v.empty() && v.find('*') == std::string::npos; };
  const EventFilter& f = q.filter;
  if (exact(f.recipient)) groups.push_back({key_probe(key::recipient, f.recipient)});
  if (exact(f.sender)) groups.push_back({key_probe(key::sender, f.sender)});
  if (std::string d = !f.domain.empty() && f.domain[0] == '@' ? f.domain.substr(1) : f.domain;
      exact(d) && d.find('@') == std::string::npos)
    groups.push_back({key_probe(key::domain, d)});
  if (exact(f.peer)) groups.push_back({key_probe(key::peer, f.peer)});
  if (!f.queue_id.empty()) groups.push_back({key_probe(key::queue_id, f.queue_id)});
  if (!q.trace.empty()) {
    if (!q.trace_address) groups.push_back({key_probe(key::queue_id, q.trace)});
    else if (exact(q.trace))
      groups.push_back({key_probe(key::recipient, q.trace), key_probe(key::sender, q.trace)});
  }
  return groups;
}

bool may_hold(std::string_view filter, const std::vector<std::vector<KeyProbe>>& groups) {
  for (const auto& group : groups) {
    bool any = false;
    for (const KeyProbe& k : group) any = any || bloom_may_contain(filter, k);
    if (!any) return false;
  }
  return true;
}

// What can be decided before the line is parsed.
bool matches_stored(const EventQuery& q, const DecodedEvent& d) {
  const EventFilter& f = q.filter;
  if (d.time < f.since || d.time >= f.until) return false;
  if (!f.entry.empty() && d.entry != f.entry) return false;
  if (q.by_category &&
      std::find(q.category_entries.begin(), q.category_entries.end(), d.entry) == q.category_entries.end())
    return false;
  return true;
}

// The LIKE patterns of a query's address, domain, peer and trace filters,
// made once per query rather than once per event.
struct LikePatterns {
  explicit LikePatterns(const EventQuery& q) {
    const EventFilter& f = q.filter;
    if (!f.recipient.empty()) recipient = like_pattern(f.recipient);
    if (!f.sender.empty()) sender = like_pattern(f.sender);
    if (!f.domain.empty()) {
      std::string d = like_pattern(f.domain[0] == '@' ? f.domain.substr(1) : f.domain);
      domain = {"%@" + d, d, "%." + d};
    }
    if (!f.peer.empty()) peer = like_pattern(f.peer);
    if (q.trace_address) trace = like_pattern(q.trace);
  }
  std::string recipient, sender, peer, trace;
  std::vector<std::string> domain;  // recipient's domain, peer host, a parent of the peer host name
};

bool matches(const EventQuery& q, const LikePatterns& like, const EventRow& e) {
  const EventFilter& f = q.filter;
  if (!f.recipient.empty() && !like_match(like.recipient, e.recipient)) return false;
  if (!f.sender.empty() && !like_match(like.sender, e.sender)) return false;
  if (!f.domain.empty() && !like_match(like.domain[0], e.recipient) && !like_match(like.domain[1], e.peer_host) &&
      (is_address_host(e.peer_host) || !like_match(like.domain[2], e.peer_host)))
    return false;
  if (!f.peer.empty() && !like_match(like.peer, e.peer_ip) && !like_match(like.peer, e.peer_host)) return false;
  if (!q.code_like.empty() && !like_match(q.code_like, std::to_string(e.code))) return false;
  if (!q.enhanced_like.empty() && !like_match(q.enhanced_like, e.enhanced)) return false;
  if (q.class_digit && class_digit(e) != q.class_digit) return false;
  if (!f.queue_id.empty() && e.queue_id != f.queue_id) return false;
  if (!f.outcome.empty() && e.outcome != f.outcome) return false;
  if (!f.direction.empty() && e.direction != f.direction) return false;
  if (!q.trace.empty()) {
    if (!q.trace_address) return e.queue_id == q.trace;
    return like_match(like.trace, e.recipient) || like_match(like.trace, e.sender);
  }
  return true;
}

// An event's row: the fields of its re-parsed line, cut as schema 1 stored them.
EventRow make_row(const DecodedEvent& d, Event& ev, Scratch& scratch) {
  EventRow e;
  e.time = d.time;
  e.entry = std::string(d.entry);
  e.line = std::string(cut_utf8(d.line, kMaxShownLine));
  if (parse_line(d.line, ev, scratch).kind != LineKind::event) return e;  // the line alone then
  e.log_host = std::string(ev.host);
  e.mta = to_string(ev.mta);
  e.service = std::string(ev.service);
  e.instance = std::string(ev.instance);
  e.queue_id = std::string(ev.queue_id);
  e.direction = to_string(ev.direction);
  e.outcome = to_string(ev.outcome);
  e.code = ev.reply.code;
  e.enhanced = std::string(ev.effective_enhanced());
  e.stage = to_string(ev.reply.stage);
  e.inferred = ev.reply.inferred;
  EventKeys k = keys_of(ev);
  e.sender = std::string(k.sender);
  e.recipient = std::string(k.recipient);
  e.peer_host = std::string(k.peer_host);
  e.peer_ip = std::string(k.peer_ip);
  e.reply_text = std::string(cut_utf8(ev.reply.text, kMaxShownLine));
  return e;
}

// The shape of an enhanced code filter: a class (2, 4, 5 or X), then up to
// two parts of 1-3 digits, each of which may be x or * (any).
bool enhanced_shape(std::string_view e) {
  std::size_t part = 0, start = 0;
  for (std::size_t i = 0; i <= e.size(); ++i) {
    if (i < e.size() && e[i] != '.') continue;
    std::string_view p = e.substr(start, i - start);
    const bool any = p == "x" || p == "X" || p == "*";
    if (p.empty() || p.size() > 3 || (part == 0 && !any && p != "2" && p != "4" && p != "5") ||
        (!any && !only(std::string(p), "0123456789")))
      return false;
    ++part;
    start = i + 1;
  }
  return part <= 3;
}

// Whether `name` is what to_string() calls one of the enum's values, none to `last`.
template <typename E>
bool known_name(const std::string& name, E last) {
  for (int i = 0; i <= static_cast<int>(last); ++i)
    if (name == to_string(static_cast<E>(i))) return true;
  return false;
}

template <typename E>
std::string names_of(E last) {
  std::string out;
  for (int i = 1; i <= static_cast<int>(last); ++i) out += (out.empty() ? "" : ", ") + std::string(to_string(static_cast<E>(i)));
  return out;
}

}  // namespace

bool like_match(std::string_view p, std::string_view t) {
  std::size_t pi = 0, ti = 0, star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size()) {
      char c = p[pi];
      if (c == '%') {
        star_p = ++pi;
        star_t = ti;
        continue;
      }
      if (c == '_') {
        ++pi;
        ti += char_len(t, ti);
        continue;
      }
      std::size_t step = 1;
      if (c == '\\' && pi + 1 < p.size()) {
        c = p[pi + 1];
        step = 2;
      }
      if (ascii_lower(c) == ascii_lower(t[ti])) {
        pi += step;
        ++ti;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    star_t += char_len(t, star_t);
    ti = star_t;
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

bool build_query(const EventFilter& f, const Catalogue& catalogue, EventQuery& q, std::string& error) {
  q.filter = f;
  if (!f.code.empty()) {
    if (!only(f.code, "0123456789xX") || f.code.size() > 3 || f.code[0] < '1' || f.code[0] > '5') {
      error = "--code '" + f.code + "' is not a reply code such as 550, 55x, 5xx or 5";
      return false;
    }
    std::string pattern = f.code;
    for (char& c : pattern)
      if (c == 'x' || c == 'X') c = '_';
    q.code_like = pattern + std::string(3 - pattern.size(), '_');
  }
  if (!f.enhanced.empty()) {
    if (!enhanced_shape(f.enhanced)) {
      error = "--enhanced '" + f.enhanced + "' is not an enhanced code such as 5.7.1, 5.7 or X.7.1";
      return false;
    }
    std::string pattern;
    for (char c : f.enhanced) pattern += c == 'x' || c == 'X' ? '_' : c == '*' ? '%' : c;
    if (std::count(f.enhanced.begin(), f.enhanced.end(), '.') < 2 && pattern.back() != '%')
      pattern += ".%";
    q.enhanced_like = pattern;
  }
  // A misspelt outcome or direction would match nothing, silently: refuse it.
  if (!f.outcome.empty() && !known_name<Outcome>(f.outcome, Outcome::accepted)) {
    error = "--outcome '" + f.outcome + "' is not an outcome (" + names_of<Outcome>(Outcome::accepted) + ")";
    return false;
  }
  if (!f.direction.empty() && !known_name<Direction>(f.direction, Direction::local)) {
    error = "--direction '" + f.direction + "' must be outbound, inbound, local or none";
    return false;
  }
  if (!f.klass.empty()) {
    q.class_digit = f.klass == "transient" || f.klass == "4" || f.klass == "4xx"   ? 4
                    : f.klass == "permanent" || f.klass == "5" || f.klass == "5xx" ? 5
                                                                                   : 0;
    if (!q.class_digit) {
      error = "--class '" + f.klass + "' must be transient or permanent";
      return false;
    }
  }
  if (!f.category.empty()) {
    if (!valid_category(f.category)) {
      error = "--category '" + f.category + "' is not a catalogue category (docs/catalogue.md lists them)";
      return false;
    }
    q.by_category = true;
    for (const Entry& e : catalogue.entries())
      if (e.category == f.category) q.category_entries.push_back(e.id);
  }
  return true;
}

bool build_trace_query(const std::string& target, EventQuery& q) {
  q.trace_address = target.find('@') != std::string::npos;
  q.trace = q.trace_address && target[0] == '<' && target.back() == '>' ? target.substr(1, target.size() - 2)
                                                                         : target;
  return q.trace_address;
}

EventList load_events(const Store& store, const EventQuery& q, std::size_t limit) {
  EventList list;
  const EventFilter& f = q.filter;
  // Only a time window: every event of a block inside it matches, so the
  // blocks are read newest first, and once the latest `limit` are found the
  // older blocks are counted by their `n`, not decoded.
  const bool time_only = q.trace.empty() && f.recipient.empty() && f.sender.empty() && f.domain.empty() &&
                         f.peer.empty() && q.code_like.empty() && q.enhanced_like.empty() && !q.class_digit &&
                         !q.by_category && f.queue_id.empty() && f.outcome.empty() && f.direction.empty() &&
                         f.entry.empty();
  const bool newest_first = time_only && limit;
  Stmt s = store.prepare(
      std::string("SELECT b.id, b.first_line, b.t_min, b.t_max, b.n, b.keys, b.data, coalesce(i.path, '') "
                  "FROM event_blocks b LEFT JOIN inputs i ON i.id = b.input_id "
                  "WHERE b.t_max >= ? AND b.t_min < ? ORDER BY ") +
      (newest_first ? "b.t_max DESC, b.id DESC" : "b.id"));
  if (!s) return list;
  bind_value(s.get(), 1, f.since);
  bind_value(s.get(), 2, f.until);
  const auto groups = wanted_keys(q);
  const LikePatterns like(q);
  struct Found {
    std::int64_t time, seq;
    EventRow row;
  };
  // A heap of the latest `limit` found so far, the oldest of them on top.
  std::vector<Found> found;
  auto newer = [](const Found& a, const Found& b) { return a.time != b.time ? a.time > b.time : a.seq > b.seq; };
  auto wanted = [&](std::int64_t time, std::int64_t seq) {
    if (!limit || found.size() < limit) return true;
    const Found& oldest = found.front();
    return time != oldest.time ? time > oldest.time : seq > oldest.seq;
  };
  auto keep = [&](EventRow&& row) {
    Found fd{row.time, row.id, std::move(row)};
    if (limit && found.size() == limit) {
      std::pop_heap(found.begin(), found.end(), newer);
      found.back() = std::move(fd);
    } else {
      found.push_back(std::move(fd));
    }
    std::push_heap(found.begin(), found.end(), newer);
  };
  std::string buffer, error;
  std::vector<DecodedEvent> events;
  Event ev;
  Scratch scratch;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    sqlite3_stmt* r = s.get();
    const std::int64_t block = column_int(r, 0), first_line = column_int(r, 1);
    const std::int64_t t_min = column_int(r, 2), t_max = column_int(r, 3);
    if (newest_first && found.size() == limit && t_max < found.front().time && t_min >= f.since &&
        t_max < f.until) {
      list.matching += column_int(r, 4);  // all in the window, none among the latest
      continue;
    }
    std::string_view keys(static_cast<const char*>(sqlite3_column_blob(r, 5)), sqlite3_column_bytes(r, 5));
    if (!may_hold(keys, groups)) {
      ++list.blocks_skipped;
      continue;
    }
    ++list.blocks_read;
    std::string_view data(static_cast<const char*>(sqlite3_column_blob(r, 6)), sqlite3_column_bytes(r, 6));
    if (!decode_event_block(data, buffer, events, error)) continue;  // a damaged block: the others still count
    std::string input = column_text(r, 7);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const DecodedEvent& d = events[i];
      if (!matches_stored(q, d)) continue;
      const std::int64_t seq = (block << 24) + static_cast<std::int64_t>(i);
      if (time_only) {  // matches: parse it only when it is among the latest
        ++list.matching;
        if (!wanted(d.time, seq)) continue;
      }
      EventRow row = make_row(d, ev, scratch);
      if (!time_only) {
        if (!matches(q, like, row)) continue;
        ++list.matching;
        if (!wanted(d.time, seq)) continue;
      }
      row.id = seq;
      row.line_no = first_line + static_cast<std::int64_t>(d.line_no);
      row.input = input;
      keep(std::move(row));
    }
  }
  std::sort(found.begin(), found.end(), [&](const Found& a, const Found& b) { return newer(b, a); });
  list.rows.reserve(found.size());
  for (Found& fd : found) list.rows.push_back(std::move(fd.row));
  return list;
}

std::string event_class(const EventRow& e) {
  switch (failure_class(e.outcome, e.code, e.enhanced)) {
    case FailureClass::transient: return "transient";
    case FailureClass::permanent: return "permanent";
    case FailureClass::other: break;
  }
  return "other";
}

namespace {

std::string code_words(const EventRow& e) {
  std::string s = e.code ? std::to_string(e.code) : "";
  if (!e.enhanced.empty()) s += (s.empty() ? "" : " ") + e.enhanced;
  if (e.inferred) s += " (inferred)";
  return s.empty() ? "no code" : s;
}

std::string peer_words(const EventRow& e) {
  if (e.peer_host.empty() && e.peer_ip.empty()) return "";
  if (e.peer_ip.empty() || e.peer_host == e.peer_ip) return e.peer_host.empty() ? e.peer_ip : e.peer_host;
  return (e.peer_host.empty() ? "unknown" : e.peer_host) + " [" + e.peer_ip + "]";
}

}  // namespace

void render_events_text(const EventList& list, const Catalogue& catalogue, std::ostream& out,
                        bool raw_lines) {
  if (raw_lines) {
    for (const EventRow& e : list.rows) out << printable(e.line) << "\n";
  } else {
    for (const EventRow& e : list.rows) {
      std::string head = local_time(e.time, "%Y-%m-%d %H:%M:%S") + "  " + e.outcome + "  " + code_words(e) +
                         "  " + e.direction + "  " + e.mta + (e.queue_id.empty() ? "" : "  " + e.queue_id);
      out << wrap(printable(head), 80, "");
      std::string who;
      if (!e.recipient.empty()) who += "to " + e.recipient;
      if (!e.sender.empty()) who += (who.empty() ? "from " : "  from ") + e.sender;
      if (std::string p = peer_words(e); !p.empty()) who += (who.empty() ? "peer " : "  peer ") + p;
      if (!who.empty()) out << wrap(printable(who), 80, "  ");
      const Entry* entry = catalogue.find(e.entry);
      std::string what = (entry ? entry->name + " (" + e.entry + ")" : e.entry.empty() ? "no catalogue entry" : e.entry) +
                         ", " + event_class(e);
      out << wrap(printable(what), 80, "  ");
      if (!e.reply_text.empty()) out << wrap(printable(clip(e.reply_text, 400)), 80, "  ");
      if (!e.input.empty()) out << wrap(printable(e.input + ":" + std::to_string(e.line_no)), 80, "  ");
    }
  }
  if (static_cast<std::size_t>(list.matching) > list.rows.size())
    out << (raw_lines ? "" : "\n") << "Showing the latest " << grouped(static_cast<std::int64_t>(list.rows.size()))
        << " of " << grouped(list.matching) << " matching events (--limit N or --limit 0 for all).\n";
  else if (list.rows.empty())
    out << "No stored failure event matches. Only failures are stored, for --keep-events (90 days by default).\n";
}

void event_json(std::ostream& out, const EventRow& e, const Catalogue& catalogue) {
  const Entry* entry = catalogue.find(e.entry);
  out << "{\"time\":" << e.time << ",\"log_host\":" << json_string(e.log_host)
      << ",\"mta\":" << json_string(e.mta) << ",\"service\":" << json_string(e.service)
      << ",\"instance\":" << json_string(e.instance) << ",\"queue_id\":" << json_string(e.queue_id)
      << ",\"direction\":" << json_string(e.direction) << ",\"outcome\":" << json_string(e.outcome)
      << ",\"code\":" << e.code << ",\"enhanced\":" << json_string(e.enhanced)
      << ",\"stage\":" << json_string(e.stage) << ",\"entry\":" << json_string(e.entry)
      << ",\"name\":" << json_string(entry ? entry->name : "") << ",\"class\":" << json_string(event_class(e))
      << ",\"inferred\":" << (e.inferred ? "true" : "false") << ",\"sender\":" << json_string(e.sender)
      << ",\"recipient\":" << json_string(e.recipient) << ",\"peer_host\":" << json_string(e.peer_host)
      << ",\"peer_ip\":" << json_string(e.peer_ip) << ",\"reply\":" << json_string(e.reply_text)
      << ",\"input\":" << json_string(e.input) << ",\"line_no\":" << e.line_no
      << ",\"line\":" << json_string(e.line) << "}";
}

void render_events_json(const EventList& list, const Catalogue& catalogue, std::ostream& out) {
  out << "{\"version\":1,\"matching\":" << list.matching << ",\"events\":[";
  bool first = true;
  for (const EventRow& e : list.rows) {
    if (!first) out << ",";
    event_json(out, e, catalogue);
    first = false;
  }
  out << "]}\n";
}

void render_events_csv(const EventList& list, const Catalogue& catalogue, std::ostream& out) {
  out << "time,log_host,mta,service,queue_id,direction,outcome,code,enhanced,stage,entry,name,class,"
         "sender,recipient,peer_host,peer_ip,reply,input,line_no,line\r\n";
  for (const EventRow& e : list.rows) {
    const Entry* entry = catalogue.find(e.entry);
    const std::string cells[] = {iso_time(e.time), e.log_host, e.mta, e.service, e.queue_id, e.direction,
                                 e.outcome, std::to_string(e.code), e.enhanced, e.stage, e.entry,
                                 entry ? entry->name : "", event_class(e), e.sender, e.recipient,
                                 e.peer_host, e.peer_ip, e.reply_text, e.input,
                                 std::to_string(e.line_no), e.line};
    bool first = true;
    for (const std::string& c : cells) {
      out << (first ? "" : ",") << csv_cell(c);
      first = false;
    }
    out << "\r\n";
  }
}

}  // namespace smtplog
