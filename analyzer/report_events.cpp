// Filters are bound as parameters, never pasted into SQL, and wildcards are
// turned into LIKE patterns with every LIKE metacharacter of the user's text
// escaped. The events table has indexes on time and queue_id only, so
// address and domain filters scan it; it holds failures only, pruned by
// --keep-events, which keeps the scan in the range of a second.
#include "analyzer/report_events.h"

#include <algorithm>
#include <ostream>

#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

// The failure class of a row, in SQL, as failure_class() decides it in C++.
constexpr const char* kClassSql =
    "(CASE WHEN outcome = 'deferred' THEN 4 "
    "WHEN outcome IN ('bounced','expired','undeliverable') THEN 5 "
    "WHEN outcome IN ('reject-warning','frozen') THEN 0 "
    "WHEN code > 0 THEN code / 100 "
    "WHEN enhanced <> '' THEN CAST(substr(enhanced, 1, 1) AS INTEGER) ELSE 0 END)";

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

class Where {
 public:
  explicit Where(EventQuery& q) : q_(q) {}
  void add(const std::string& sql, std::initializer_list<std::variant<std::int64_t, std::string>> ps) {
    q_.where += " AND " + sql;
    for (const auto& p : ps) q_.params.push_back(p);
  }

 private:
  EventQuery& q_;
};

bool only(const std::string& s, const char* allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string::npos;
}

}  // namespace

bool build_query(const EventFilter& f, const Catalogue& catalogue, EventQuery& q, std::string& error) {
  Where w(q);
  auto address = [&](const char* column, const std::string& v) {
    w.add(std::string(column) + " LIKE ? ESCAPE '\\'", {like_pattern(v)});
  };
  if (!f.recipient.empty()) address("recipient", f.recipient);
  if (!f.sender.empty()) address("sender", f.sender);
  if (!f.domain.empty()) {
    std::string d = like_pattern(f.domain[0] == '@' ? f.domain.substr(1) : f.domain);
    w.add("(recipient LIKE ? ESCAPE '\\' OR peer_host LIKE ? ESCAPE '\\' OR peer_host LIKE ? ESCAPE '\\')",
          {"%@" + d, d, "%." + d});
  }
  if (!f.peer.empty()) w.add("(peer_ip LIKE ? ESCAPE '\\' OR peer_host LIKE ? ESCAPE '\\')",
                             {like_pattern(f.peer), like_pattern(f.peer)});
  if (!f.code.empty()) {
    if (!only(f.code, "0123456789xX") || f.code.size() > 3 || f.code[0] < '1' || f.code[0] > '5') {
      error = "--code '" + f.code + "' is not a reply code such as 550, 55x, 5xx or 5";
      return false;
    }
    std::string pattern = f.code;
    for (char& c : pattern)
      if (c == 'x' || c == 'X') c = '_';
    pattern += std::string(3 - pattern.size(), '_');
    w.add("CAST(code AS TEXT) LIKE ?", {pattern});
  }
  if (!f.enhanced.empty()) {
    if (!only(f.enhanced, "0123456789xX.*")) {
      error = "--enhanced '" + f.enhanced + "' is not an enhanced code such as 5.7.1, 5.7 or X.7.1";
      return false;
    }
    std::string pattern;
    for (char c : f.enhanced) pattern += c == 'x' || c == 'X' ? '_' : c == '*' ? '%' : c;
    if (std::count(f.enhanced.begin(), f.enhanced.end(), '.') < 2 && pattern.back() != '%')
      pattern += ".%";
    w.add("enhanced LIKE ?", {pattern});
  }
  if (!f.klass.empty()) {
    std::int64_t digit = f.klass == "transient" || f.klass == "4" || f.klass == "4xx"   ? 4
                         : f.klass == "permanent" || f.klass == "5" || f.klass == "5xx" ? 5
                                                                                        : 0;
    if (!digit) {
      error = "--class '" + f.klass + "' must be transient or permanent";
      return false;
    }
    w.add(std::string(kClassSql) + " = ?", {digit});
  }
  if (!f.category.empty()) {
    if (!valid_category(f.category)) {
      error = "--category '" + f.category + "' is not a catalogue category (docs/catalogue.md lists them)";
      return false;
    }
    std::string in;
    std::vector<std::string> ids;
    for (const Entry& e : catalogue.entries())
      if (e.category == f.category) ids.push_back(e.id);
    if (ids.empty()) {
      w.add("0", {});
    } else {
      for (std::size_t i = 0; i < ids.size(); ++i) in += i ? ",?" : "?";
      q.where += " AND entry IN (" + in + ")";
      for (const std::string& id : ids) q.params.emplace_back(id);
    }
  }
  if (!f.queue_id.empty()) w.add("queue_id = ?", {f.queue_id});
  if (!f.outcome.empty()) w.add("outcome = ?", {f.outcome});
  if (!f.direction.empty()) w.add("direction = ?", {f.direction});
  if (!f.entry.empty()) w.add("entry = ?", {f.entry});
  if (f.since != kNoSince) w.add("time >= ?", {f.since});
  if (f.until != kNoUntil) w.add("time < ?", {f.until});
  return true;
}

bool build_trace_query(const std::string& target, EventQuery& q) {
  if (target.find('@') != std::string::npos) {
    std::string a = like_pattern(target[0] == '<' && target.back() == '>' ? target.substr(1, target.size() - 2)
                                                                         : target);
    q.where += " AND (recipient LIKE ? ESCAPE '\\' OR sender LIKE ? ESCAPE '\\')";
    q.params.emplace_back(a);
    q.params.emplace_back(a);
    return true;
  }
  q.where += " AND queue_id = ?";
  q.params.emplace_back(target);
  return false;
}

EventList load_events(const Store& store, const EventQuery& q, std::size_t limit) {
  EventList list;
  auto bind_all = [&](sqlite3_stmt* s) {
    int i = 1;
    for (const auto& p : q.params) {
      if (const auto* n = std::get_if<std::int64_t>(&p)) bind_value(s, i++, *n);
      else bind_value(s, i++, std::get<std::string>(p));
    }
  };
  {
    Stmt s = store.prepare("SELECT count(*) FROM events WHERE " + q.where);
    if (!s) return list;
    bind_all(s.get());
    if (sqlite3_step(s.get()) == SQLITE_ROW) list.matching = column_int(s.get(), 0);
  }
  std::string sql =
      "SELECT e.id, time, log_host, mta, service, instance, queue_id, direction, outcome, code, "
      "enhanced, stage, entry, inferred, sender, recipient, peer_host, peer_ip, reply_text, "
      "coalesce(i.path, ''), line_no, line FROM events e LEFT JOIN inputs i ON i.id = e.input_id "
      "WHERE " + q.where + " ORDER BY time DESC, e.id DESC";
  if (limit) sql += " LIMIT " + std::to_string(limit);
  Stmt s = store.prepare(sql);
  if (!s) return list;
  bind_all(s.get());
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    sqlite3_stmt* r = s.get();
    EventRow e;
    e.id = column_int(r, 0);
    e.time = column_int(r, 1);
    e.log_host = column_text(r, 2);
    e.mta = column_text(r, 3);
    e.service = column_text(r, 4);
    e.instance = column_text(r, 5);
    e.queue_id = column_text(r, 6);
    e.direction = column_text(r, 7);
    e.outcome = column_text(r, 8);
    e.code = column_int(r, 9);
    e.enhanced = column_text(r, 10);
    e.stage = column_text(r, 11);
    e.entry = column_text(r, 12);
    e.inferred = column_int(r, 13) != 0;
    e.sender = column_text(r, 14);
    e.recipient = column_text(r, 15);
    e.peer_host = column_text(r, 16);
    e.peer_ip = column_text(r, 17);
    e.reply_text = column_text(r, 18);
    e.input = column_text(r, 19);
    e.line_no = column_int(r, 20);
    e.line = column_text(r, 21);
    list.rows.push_back(std::move(e));
  }
  std::reverse(list.rows.begin(), list.rows.end());
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
