// Aggregation keys hold pointers to interned strings and catalogue entries, so
// hashing and comparing a key touches no string data; the strings are copied
// once per distinct value per batch, not once per line.
#include "analyzer/batch.h"

#include <algorithm>

namespace smtplog {
namespace {

std::size_t mix(std::size_t h, std::size_t v) {
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

constexpr std::size_t kMaxStoredLine = 4096;

}  // namespace

std::size_t Batch::KeyHash::operator()(const CountKey& k) const {
  std::size_t h = std::hash<std::int64_t>{}(k.hour);
  h = mix(h, reinterpret_cast<std::size_t>(k.host));
  h = mix(h, reinterpret_cast<std::size_t>(k.service));
  h = mix(h, reinterpret_cast<std::size_t>(k.enhanced));
  h = mix(h, reinterpret_cast<std::size_t>(k.entry));
  h = mix(h, (std::size_t{k.code} << 24) | (std::size_t(k.mta) << 16) |
                 (std::size_t(k.direction) << 8) | (std::size_t(k.outcome) << 1) | k.inferred);
  return h;
}

std::size_t Batch::KeyHash::operator()(const DomainKey& k) const {
  std::size_t h = std::hash<std::int64_t>{}(k.day);
  h = mix(h, reinterpret_cast<std::size_t>(k.entry));
  h = mix(h, reinterpret_cast<std::size_t>(k.domain));
  return mix(h, (std::size_t(k.direction) << 8) | std::size_t(k.outcome));
}

std::string_view cut_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string domain_of(std::string_view a) {
  std::size_t at = a.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string d(a.substr(at + 1));
  while (!d.empty() && (d.back() == '>' || d.back() == '.')) d.pop_back();
  std::transform(d.begin(), d.end(), d.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return d.size() > 255 ? d.substr(0, 255) : d;
}

bool is_problem(Outcome o, char effective_class) {
  switch (o) {
    case Outcome::deferred:
    case Outcome::bounced:
    case Outcome::expired:
    case Outcome::rejected:
    case Outcome::reject_warning:
    case Outcome::undeliverable:
    case Outcome::auth_failed:
    case Outcome::error:
    case Outcome::frozen:
      return true;
    default:
      return effective_class == '4' || effective_class == '5';
  }
}

const std::string* Batch::intern(std::string_view s) {
  auto it = strings_.find(s);
  if (it == strings_.end()) it = strings_.emplace(s).first;
  return &*it;
}

void Batch::add(const Event& ev, const Classification& c, std::int64_t utc, std::string_view line,
                std::uint64_t line_no, bool keep_event) {
  std::string_view enh = ev.effective_enhanced();
  CountKey key{utc / 3600,    intern(ev.host), intern(ev.service), intern(enh), c.entry,
               ev.reply.code, ev.mta,          ev.direction,       ev.outcome,  ev.reply.inferred};
  ++counts_[key];
  if (!is_problem(ev.outcome, c.effective_class)) return;

  std::string domain = ev.direction == Direction::inbound
                           ? std::string(!ev.peer_host.empty() && ev.peer_host != "unknown" ? ev.peer_host
                                                                                            : ev.peer_ip)
                           : domain_of(ev.recipient.empty() ? ev.sender : ev.recipient);
  ++domains_[DomainKey{utc / 86400, c.entry, intern(domain), ev.direction, ev.outcome}];
  if (c.entry) {
    Example& ex = examples_[c.entry];
    if (ex.line.empty() || utc >= ex.time) {
      ex.time = utc;
      ex.line.assign(cut_utf8(line, kMaxStoredLine));
    }
  }
  if (!keep_event) return;
  events_.push_back(StoredEvent{utc,
                                line_no,
                                std::string(ev.host),
                                std::string(ev.service),
                                std::string(ev.instance),
                                std::string(ev.queue_id),
                                std::string(enh),
                                std::string(cut_utf8(ev.sender, 512)),
                                std::string(cut_utf8(ev.recipient, 512)),
                                std::string(cut_utf8(ev.peer_host, 256)),
                                std::string(cut_utf8(ev.peer_ip, 64)),
                                std::string(cut_utf8(ev.reply.text, kMaxStoredLine)),
                                std::string(cut_utf8(line, kMaxStoredLine)),
                                c.entry,
                                ev.reply.code,
                                ev.mta,
                                ev.direction,
                                ev.outcome,
                                ev.reply.stage,
                                ev.reply.inferred});
}

void Batch::add_unparsed(std::string_view line, std::uint64_t line_no, std::uint64_t offset,
                         std::string_view reason) {
  unparsed_.push_back(Unparsed{line_no, offset, std::string(reason),
                               std::string(cut_utf8(line, kMaxStoredLine))});
}

void Batch::merge(Batch&& o, std::uint64_t line_base) {
  for (const auto& [k, n] : o.counts_) {
    CountKey key = k;
    key.host = intern(*k.host);
    key.service = intern(*k.service);
    key.enhanced = intern(*k.enhanced);
    counts_[key] += n;
  }
  for (const auto& [k, n] : o.domains_) {
    DomainKey key = k;
    key.domain = intern(*k.domain);
    domains_[key] += n;
  }
  for (auto& [e, ex] : o.examples_) {
    Example& mine = examples_[e];
    if (mine.line.empty() || ex.time >= mine.time) mine = std::move(ex);
  }
  for (StoredEvent& e : o.events_) {
    e.line_no += line_base;
    events_.push_back(std::move(e));
  }
  for (Unparsed& u : o.unparsed_) {
    u.line_no += line_base;
    unparsed_.push_back(std::move(u));
  }
  for (std::size_t i = 0; i < line_kinds_.size(); ++i) line_kinds_[i] += o.line_kinds_[i];
  o.clear();
}

void Batch::clear() {
  counts_.clear();
  domains_.clear();
  examples_.clear();
  events_.clear();
  unparsed_.clear();
  strings_.clear();
  line_kinds_ = {};
}

bool Batch::write(const Store& store, std::int64_t input_id) const {
  auto entry_id = [](const Entry* e) { return e ? std::string_view(e->id) : std::string_view(); };
  Stmt counts = store.prepare(
      "INSERT INTO counts (hour, log_host, mta, service, direction, outcome, code, enhanced, entry, "
      "inferred, count) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
      "ON CONFLICT DO UPDATE SET count = count + excluded.count");
  for (const auto& [k, n] : counts_) {
    sqlite3_stmt* s = counts.get();
    bind_value(s, 1, k.hour);
    bind_value(s, 2, *k.host);
    bind_value(s, 3, to_string(k.mta));
    bind_value(s, 4, *k.service);
    bind_value(s, 5, to_string(k.direction));
    bind_value(s, 6, to_string(k.outcome));
    bind_value(s, 7, std::int64_t{k.code});
    bind_value(s, 8, *k.enhanced);
    bind_value(s, 9, entry_id(k.entry));
    bind_value(s, 10, std::int64_t{k.inferred});
    bind_value(s, 11, n);
    if (!step_done(s)) return false;
  }
  Stmt domains = store.prepare(
      "INSERT INTO domain_counts (day, direction, outcome, entry, domain, count) VALUES (?,?,?,?,?,?) "
      "ON CONFLICT DO UPDATE SET count = count + excluded.count");
  for (const auto& [k, n] : domains_) {
    sqlite3_stmt* s = domains.get();
    bind_value(s, 1, k.day);
    bind_value(s, 2, to_string(k.direction));
    bind_value(s, 3, to_string(k.outcome));
    bind_value(s, 4, entry_id(k.entry));
    bind_value(s, 5, *k.domain);
    bind_value(s, 6, n);
    if (!step_done(s)) return false;
  }
  Stmt examples = store.prepare(
      "INSERT INTO examples (entry, time, line) VALUES (?,?,?) ON CONFLICT DO UPDATE SET "
      "time = excluded.time, line = excluded.line WHERE excluded.time >= examples.time");
  for (const auto& [e, ex] : examples_) {
    bind_value(examples.get(), 1, e->id);
    bind_value(examples.get(), 2, ex.time);
    bind_value(examples.get(), 3, ex.line);
    if (!step_done(examples.get())) return false;
  }
  Stmt events = store.prepare(
      "INSERT INTO events (time, log_host, mta, service, instance, queue_id, direction, outcome, "
      "code, enhanced, stage, entry, inferred, sender, recipient, peer_host, peer_ip, reply_text, "
      "input_id, line_no, line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const StoredEvent& e : events_) {
    sqlite3_stmt* s = events.get();
    bind_value(s, 1, e.time);
    bind_value(s, 2, e.log_host);
    bind_value(s, 3, to_string(e.mta));
    bind_value(s, 4, e.service);
    bind_value(s, 5, e.instance);
    bind_value(s, 6, e.queue_id);
    bind_value(s, 7, to_string(e.direction));
    bind_value(s, 8, to_string(e.outcome));
    bind_value(s, 9, std::int64_t{e.code});
    bind_value(s, 10, e.enhanced);
    bind_value(s, 11, to_string(e.stage));
    bind_value(s, 12, entry_id(e.entry));
    bind_value(s, 13, std::int64_t{e.inferred});
    bind_value(s, 14, e.sender);
    bind_value(s, 15, e.recipient);
    bind_value(s, 16, e.peer_host);
    bind_value(s, 17, e.peer_ip);
    bind_value(s, 18, e.reply_text);
    bind_value(s, 19, input_id);
    bind_value(s, 20, static_cast<std::int64_t>(e.line_no));
    bind_value(s, 21, e.line);
    if (!step_done(s)) return false;
  }
  Stmt unparsed = store.prepare(
      "INSERT INTO unparsed (input_id, line_no, offset, reason, line) VALUES (?,?,?,?,?)");
  for (const Unparsed& u : unparsed_) {
    sqlite3_stmt* s = unparsed.get();
    bind_value(s, 1, input_id);
    bind_value(s, 2, static_cast<std::int64_t>(u.line_no));
    bind_value(s, 3, static_cast<std::int64_t>(u.offset));
    bind_value(s, 4, u.reason);
    bind_value(s, 5, u.line);
    if (!step_done(s)) return false;
  }
  Stmt kinds = store.prepare(
      "INSERT INTO line_counts (input_id, kind, count) VALUES (?,?,?) "
      "ON CONFLICT DO UPDATE SET count = count + excluded.count");
  for (std::size_t i = 0; i < line_kinds_.size(); ++i) {
    if (line_kinds_[i] == 0) continue;
    bind_value(kinds.get(), 1, input_id);
    bind_value(kinds.get(), 2, to_string(static_cast<LineKind>(i)));
    bind_value(kinds.get(), 3, static_cast<std::int64_t>(line_kinds_[i]));
    if (!step_done(kinds.get())) return false;
  }
  return true;
}

}  // namespace smtplog
