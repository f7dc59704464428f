// Aggregation keys hold short strings (up to 8 bytes: log host, service,
// enhanced code) in the key itself, longer ones as ids of interned strings,
// and pointers to catalogue entries, so hashing and comparing a key touches
// no string data and most count keys need no string lookup at all; the
// strings are copied once per distinct value per batch, not once per line.
// The maps are flat (analyzer/flat_table.h): no allocation per key, and a
// cleared batch keeps its memory for the next chunk. Merging a chunk's batch
// into the commit's looks each of its interned strings up once and
// translates its keys' ids.
//
// The rollups (counts_day, domain_counts_month) are not written per commit:
// a commit marks the UTC days it touched in rollup_dirty, in the same
// transaction as the fine rows, and refresh_rollups() brings a dirty day back
// into the rollups once it looks done: in the first commit whose newest day
// is later (the days of that day's month a few at a time, their rows merged
// into one addition to the month), else at the end of the run. counts_day
// holds every clean day;
// domain_counts_month holds the clean days of each month (a day leaves its
// month when it becomes dirty). Reports read dirty days from the fine rows,
// so they are exact whatever a crash or an overlapping run does.
#include "analyzer/batch.h"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <utility>

#include "analyzer/clock.h"
#include "parsers/ascii.h"

namespace smtplog {
namespace {

std::uint64_t combine(std::uint64_t h, std::uint64_t v) { return (h ^ v) * 0x9fb21c651e98df25ULL; }

constexpr std::size_t kMaxStoredLine = 4096;
// How many keys ahead merge() fetches the slots of the commit batch's maps.
constexpr std::size_t kMergeAhead = 8;

// ascii_lower() of the 8 bytes of `x` at once: a byte whose low 7 bits are
// in A-Z and whose top bit is clear gets 0x20 added.
std::uint64_t ascii_lower8(std::uint64_t x) {
  constexpr std::uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
  const std::uint64_t low7 = x & ~k80;  // no byte carries into the next below
  const std::uint64_t at_least_a = low7 + k01 * (0x80 - 'A');
  const std::uint64_t above_z = low7 + k01 * (0x80 - 'Z' - 1);
  return x | (at_least_a & ~above_z & ~x & k80) >> 2;
}

void store64(char* p, std::uint64_t v) { std::memcpy(p, &v, 8); }

// The domain of address `a` ("a@Example.COM>" -> "example.com"), lower-cased
// into `buf` (kMaxDomain bytes), 8 bytes at a time.
constexpr std::size_t kMaxDomain = 255;
std::string_view domain_into(std::string_view a, char* buf) {
  const char* at = a.empty() ? nullptr : static_cast<const char*>(::memrchr(a.data(), '@', a.size()));
  if (!at) return {};
  std::string_view d(at + 1, static_cast<std::size_t>(a.data() + a.size() - at - 1));
  while (!d.empty() && (d.back() == '>' || d.back() == '.')) d.remove_suffix(1);
  d = d.substr(0, kMaxDomain);
  const std::size_t n = d.size();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) store64(buf + i, ascii_lower8(load64(d.data() + i)));
    store64(buf + n - 8, ascii_lower8(load64(d.data() + n - 8)));  // overlaps the word before when n % 8 != 0
  } else {
    for (std::size_t i = 0; i < n; ++i) buf[i] = ascii_lower(d[i]);
  }
  return {buf, n};
}

}  // namespace

std::int64_t DomainIds::lookup(const Store& store, Stmt& find, Stmt& add, const char* find_sql,
                              const char* add_sql, std::initializer_list<std::string_view> values) {
  if (!find) find = store.prepare(find_sql);
  if (!add) add = store.prepare(add_sql);
  if (!find || !add) return -1;
  int i = 1;
  for (std::string_view v : values) bind_static(find.get(), i++, v);
  const int rc = sqlite3_step(find.get());
  const std::int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(find.get(), 0) : -1;
  sqlite3_reset(find.get());
  if (rc == SQLITE_ROW) return id;
  if (rc != SQLITE_DONE) return -1;
  i = 1;
  for (std::string_view v : values) bind_static(add.get(), i++, v);
  return step_done(add.get()) ? sqlite3_last_insert_rowid(store.db()) : -1;
}

std::int64_t DomainIds::domain(const Store& store, std::string_view name, std::uint64_t hash) {
  use(store);
  if (used_ >= kMaxDomains) {
    names_.clear();
    slots_.clear();
    used_ = 0;
  }
  if (2 * (used_ + 1) > slots_.size()) {  // grow (or start): each name to its new place
    std::vector<Slot> old(std::max<std::size_t>(1024, 2 * slots_.size()), Slot{0, 0, kFree, 0});
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.offset == kFree) continue;
      std::size_t i = static_cast<std::size_t>(s.hash) & mask;
      while (slots_[i].offset != kFree) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  for (; slots_[i].offset != kFree; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.hash == hash && s.size == name.size() && std::string_view(names_).substr(s.offset, s.size) == name)
      return s.id;
  }
  // Not seen in this run: from the database (slots_ stays as it is meanwhile).
  const std::int64_t id = lookup(store, find_domain_, add_domain_, "SELECT id FROM domains WHERE name = ?1",
                                 "INSERT INTO domains (name) VALUES (?1)", {name});
  if (id < 0) {
    forget();
    return -1;
  }
  slots_[i] = Slot{hash, id, static_cast<std::uint32_t>(names_.size()), static_cast<std::uint32_t>(name.size())};
  names_.append(name);
  ++used_;
  return id;
}

std::int64_t DomainIds::kind(const Store& store, std::string_view direction, std::string_view outcome,
                             std::string_view entry) {
  use(store);
  key_.assign(direction).append(1, '\0').append(outcome).append(1, '\0').append(entry);
  const std::uint32_t i = kind_names_.intern(key_);
  if (i < kind_ids_.size()) return kind_ids_[i];
  const std::int64_t id = lookup(
      store, find_kind_, add_kind_, "SELECT id FROM problem_kinds WHERE direction = ?1 AND outcome = ?2 AND entry = ?3",
      "INSERT INTO problem_kinds (direction, outcome, entry) VALUES (?1, ?2, ?3)", {direction, outcome, entry});
  if (id < 0) {
    forget();
    return -1;
  }
  kind_ids_.push_back(id);
  return id;
}

void DomainIds::use(const Store& store) {
  if (store_ == &store) return;
  forget();  // the statements and ids are another store's
  store_ = &store;
}

void DomainIds::forget() {
  names_.clear();
  slots_.clear();
  used_ = 0;
  kind_names_.clear();
  kind_ids_.clear();
  find_domain_.reset();
  add_domain_.reset();
  find_kind_.reset();
  add_kind_.reset();
  store_ = nullptr;
}

std::uint64_t Batch::KeyHash::operator()(const CountKey& k) const {
  std::uint64_t h = combine(static_cast<std::uint64_t>(k.time), k.host);
  h = combine(h, k.service);
  h = combine(h, k.enhanced);
  h = combine(h, k.bits);
  return mix64(combine(h, reinterpret_cast<std::uintptr_t>(k.entry)));
}

Batch::Times Batch::times_of(std::int64_t utc) {
  // Lines come in time order: most fall in the bucket of the line before.
  if (static_cast<std::uint64_t>(utc) - bucket_start_ < std::uint64_t{kBucketSeconds}) return times_;
  const Times t{floor_div(utc, kBucketSeconds), floor_div(utc, 86400)};
  if (utc >= 0) {
    times_ = t;
    bucket_start_ = static_cast<std::uint64_t>(t.bucket) * kBucketSeconds;
  }
  return t;
}

std::uint64_t Batch::KeyHash::operator()(const DomainKey& k) const {
  std::uint64_t h = combine(static_cast<std::uint64_t>(k.time), reinterpret_cast<std::uintptr_t>(k.entry));
  h = combine(h, std::uint64_t(k.direction) | std::uint64_t(k.outcome) << 8);
  return mix64(h ^ k.domain_hash);  // not k.domain (see DomainKey)
}

std::uint64_t Batch::KeyHash::operator()(const ExampleKey& k) const {
  return mix64(reinterpret_cast<std::uintptr_t>(k.entry) ^ std::uint64_t(k.direction) << 56);
}

std::string_view cut_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string domain_of(std::string_view a) {
  char buf[kMaxDomain];
  return std::string(domain_into(a, buf));
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

void Batch::add(const Event& ev, const Classification& c, std::int64_t utc, std::string_view line,
                std::uint64_t line_no, bool keep_event) {
  // The strings' words first: key_word() sets their sizes in `bits`.
  std::uint64_t bits = std::uint64_t{ev.reply.code} | std::uint64_t(ev.mta) << 16 |
                       std::uint64_t(ev.direction) << 24 | std::uint64_t(ev.outcome) << 32 |
                       std::uint64_t{ev.reply.inferred} << 40;
  const std::uint64_t host = key_word(ev.host, CountKey::kSizeShift[0], bits);
  const std::uint64_t service = key_word(ev.service, CountKey::kSizeShift[1], bits);
  const std::uint64_t enhanced = key_word(ev.effective_enhanced(), CountKey::kSizeShift[2], bits);
  const Times times = times_of(utc);
  const CountKey key{times.bucket, host, service, enhanced, bits, c.entry};
  // A problem's domain is found first, and the slots where its string and
  // its domain count are looked for are fetched while the count is added:
  // the chunk's domains are too many for the L1 cache.
  const bool problem = is_problem(ev.outcome, c.effective_class);
  std::string_view domain;
  DomainKey dkey{};
  std::uint64_t dkey_hash = 0;
  if (problem) {
    if (ev.direction == Direction::inbound) {
      domain = !ev.peer_host.empty() && ev.peer_host != "unknown" ? ev.peer_host : ev.peer_ip;
    } else {
      // The recipient's domain, else the sender's (a local submission refused
      // at MAIL FROM); outbound, the remote domain or none: qmgr's expiry names
      // only the sender, whose domain is usually our own.
      domain = domain_into(ev.recipient.empty() && ev.direction != Direction::outbound ? ev.sender : ev.recipient,
                           domain_.data());
    }
    dkey = DomainKey{times.day, c.entry, hash_bytes(domain), 0, ev.direction, ev.outcome};
    dkey_hash = KeyHash{}(dkey);
    strings_.prefetch(dkey.domain_hash);
    domains_.prefetch(dkey_hash);
  }
  ++counts_[key];
  if (!problem) return;
  // Not through the string table's cache of recent short strings: domains
  // vary too much to be found there, and would push out the count keys'.
  dkey.domain = strings_.intern(domain, dkey.domain_hash);
  ++domains_.get(dkey, dkey_hash);
  // An example per entry; replies no entry matched get one per direction,
  // since the report shows them as one problem per direction.
  // The line is copied once per entry and chunk, by seal_events(), not once
  // per problem: lines come in time order, so nearly each one replaces it.
  Example& ex = examples_[ExampleKey{c.entry, c.entry ? Direction::none : ev.direction}];
  if ((ex.pending ? ex.view.empty() : ex.line.empty()) || utc >= ex.time) {
    ex.time = utc;
    ex.view = cut_utf8(line, kMaxStoredLine);
    ex.pending = true;
  }
  if (keep_event) events_.add(ev, c.entry, utc, line_no, line);
}

void Batch::copy_examples() {
  for (auto& [k, ex] : examples_)
    if (ex.pending) {
      ex.line.assign(ex.view);
      ex.view = {};
      ex.pending = false;
    }
}

void Batch::seal_events() {
  copy_examples();
  if (!events_.empty()) blocks_.push_back(events_.finish());
}

void Batch::add_unparsed(std::string_view line, std::uint64_t line_no, std::uint64_t offset,
                         std::string_view reason) {
  unparsed_.push_back(Unparsed{line_no, offset, std::string(reason),
                               std::string(cut_utf8(line, kMaxStoredLine))});
}

void Batch::merge(Batch&& o, std::uint64_t line_base) {
  // Each of o's strings is looked up here once (with the hash o kept), then
  // its keys are translated id by id: no string is hashed per key.
  std::vector<std::uint32_t>& id = merge_ids_;
  id.resize(o.strings_.size());
  // This batch's maps are large (a commit's worth) and cold: each lookup
  // waits for memory unless its slot was fetched kMergeAhead keys before.
  for (std::uint32_t i = 0; i < id.size(); ++i) {
    if (i + kMergeAhead < id.size()) strings_.prefetch(o.strings_.hash(i + kMergeAhead));
    id[i] = strings_.intern(o.text(i), o.strings_.hash(i));
  }
  // Adds each of `from`'s counts to `into`'s, under its key translated to
  // this batch's string ids; a key's hash is made once, kMergeAhead keys
  // ahead (when its slot is fetched), and kept until its lookup.
  auto merge_into = [](auto& into, const auto& from, auto translated) {
    std::array<std::uint64_t, kMergeAhead> hashes;  // of the keys i .. i + kMergeAhead - 1, by i % kMergeAhead
    const std::size_t size = from.size();
    auto at = [&](std::size_t i) -> const auto& { return *(from.begin() + static_cast<std::ptrdiff_t>(i)); };
    for (std::size_t i = 0; i < std::min(kMergeAhead, size); ++i) hashes[i] = KeyHash{}(translated(at(i).first));
    for (std::size_t i = 0; i < size; ++i) {
      const std::uint64_t h = hashes[i % kMergeAhead];
      if (i + kMergeAhead < size) {
        hashes[i % kMergeAhead] = KeyHash{}(translated(at(i + kMergeAhead).first));
        into.prefetch(hashes[i % kMergeAhead]);
      }
      const auto& [k, n] = at(i);
      into.get(translated(k), h) += n;
    }
  };
  merge_into(counts_, o.counts_, [&](const CountKey& k) {
    CountKey key = k;  // short strings are in the key: only ids are translated
    if (k.size(0) == CountKey::kLong) key.host = id[k.host];
    if (k.size(1) == CountKey::kLong) key.service = id[k.service];
    if (k.size(2) == CountKey::kLong) key.enhanced = id[k.enhanced];
    return key;
  });
  merge_into(domains_, o.domains_, [&](const DomainKey& k) {
    DomainKey key = k;  // the hash does not change with the id
    key.domain = id[k.domain];
    return key;
  });
  copy_examples();  // no-ops when the parser threads sealed their events
  o.copy_examples();
  for (auto& [e, ex] : o.examples_) {
    Example& mine = examples_[e];
    if (mine.line.empty() || ex.time >= mine.time) mine = std::move(ex);
  }
  o.seal_events();  // a no-op when its parser thread sealed them
  for (EventBlock& b : o.blocks_) {
    b.first_line += line_base;
    blocks_.push_back(std::move(b));
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
  blocks_.clear();
  unparsed_.clear();
  strings_.clear();
  line_kinds_ = {};
}

namespace {

// The rows of `map` sorted by `less` on their keys: upserts in (about) the
// table's key order touch each B-tree page once per commit instead of
// jumping around a table larger than SQLite's page cache.
template <class Map, class Less>
std::vector<const typename Map::value_type*> in_key_order(const Map& map, Less less) {
  std::vector<const typename Map::value_type*> rows;
  rows.reserve(map.size());
  for (const auto& row : map) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) { return less(a->first, b->first); });
  return rows;
}

// A domain row as Batch::write() upserts it.
struct DomainRow {
  std::int64_t day, kind, domain, count;
};

// Sorts `rows` by (day, kind, domain) when the three fit in one 64-bit key
// (the day less the first day, then the ids: ~30 bits here): an LSD radix
// sort, 11 bits a pass, over (key, count) pairs, ~4x faster than std::sort
// on the rows. False, and `rows` untouched, when they do not fit.
bool sort_domain_rows(std::vector<DomainRow>& rows) {
  if (rows.empty()) return true;
  std::int64_t first = rows[0].day, last = first;
  std::uint64_t any_kind = 0, any_domain = 0;  // the bits used
  for (const DomainRow& r : rows) {
    if (r.kind < 0 || r.domain < 0) return false;
    first = std::min(first, r.day);
    last = std::max(last, r.day);
    any_kind |= static_cast<std::uint64_t>(r.kind);
    any_domain |= static_cast<std::uint64_t>(r.domain);
  }
  auto bits = [](std::uint64_t v) { return v ? 64 - __builtin_clzll(v) : 0; };
  const int day_bits = bits(static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(first));
  const int kind_bits = bits(any_kind), domain_bits = bits(any_domain);
  if (day_bits + kind_bits + domain_bits > 64) return false;
  struct Keyed {
    std::uint64_t key;
    std::int64_t count;
  };
  std::vector<Keyed> a(rows.size()), b(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const DomainRow& r = rows[i];
    a[i] = {static_cast<std::uint64_t>(r.day - first) << kind_bits << domain_bits |
                static_cast<std::uint64_t>(r.kind) << domain_bits | static_cast<std::uint64_t>(r.domain),
            r.count};
  }
  constexpr int kDigit = 11;
  for (int shift = 0; shift < day_bits + kind_bits + domain_bits; shift += kDigit) {
    std::array<std::uint32_t, 1 << kDigit> at{};
    for (const Keyed& k : a) ++at[k.key >> shift & ((1 << kDigit) - 1)];
    std::uint32_t sum = 0;
    for (std::uint32_t& n : at) sum += std::exchange(n, sum);
    for (const Keyed& k : a) b[at[k.key >> shift & ((1 << kDigit) - 1)]++] = k;
    a.swap(b);
  }
  const std::uint64_t domain_mask = domain_bits ? ~std::uint64_t{0} >> (64 - domain_bits) : 0;
  const std::uint64_t kind_mask = kind_bits ? ~std::uint64_t{0} >> (64 - kind_bits) : 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::uint64_t k = a[i].key;
    rows[i] = DomainRow{first + static_cast<std::int64_t>(k >> kind_bits >> domain_bits),
                        static_cast<std::int64_t>(k >> domain_bits & kind_mask),
                        static_cast<std::int64_t>(k & domain_mask), a[i].count};
  }
  return true;
}

}  // namespace

bool Batch::write(const Store& store, std::int64_t input_id, DomainIds& ids, PendingDays& pending) const {
  auto entry_id = [](const Entry* e) { return e ? std::string_view(e->id) : std::string_view(); };
  // The fine rows only: the rollups follow in refresh_rollups().
  const auto counts = in_key_order(counts_, [&](const CountKey& a, const CountKey& b) {
    return std::make_tuple(a.time, text(a, 0, a.host), text(a, 1, a.service), a.direction(), a.outcome(), a.code(),
                           text(a, 2, a.enhanced)) <
           std::make_tuple(b.time, text(b, 0, b.host), text(b, 1, b.service), b.direction(), b.outcome(), b.code(),
                           text(b, 2, b.enhanced));
  });
  auto write_counts = [&] {
    Stmt st = store.prepare(
        "INSERT INTO counts (bucket, log_host, mta, service, direction, outcome, code, enhanced, entry, "
        "inferred, count) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT DO UPDATE SET count = count + excluded.count");
    sqlite3_stmt* s = st.get();
    if (!s) return false;
    for (const auto* row : counts) {
      const auto& [k, n] = *row;
      bind_value(s, 1, k.time);
      bind_static(s, 2, text(k, 0, k.host));
      bind_static(s, 3, to_string(k.mta()));
      bind_static(s, 4, text(k, 1, k.service));
      bind_static(s, 5, to_string(k.direction()));
      bind_static(s, 6, to_string(k.outcome()));
      bind_value(s, 7, std::int64_t{k.code()});
      bind_static(s, 8, text(k, 2, k.enhanced));
      bind_static(s, 9, entry_id(k.entry));
      bind_value(s, 10, std::int64_t{k.inferred()});
      bind_value(s, 11, n);
      if (!step_done(s)) return false;
    }
    return true;
  };
  // The domain rows in the table's key order (day, kind_id, domain_id): each
  // distinct domain string of the batch and each kind is numbered once
  // (through `ids`, which remembers the numbers for the run), so the sort
  // and SQLite's B-tree seeks compare integers only.
  std::vector<DomainRow> domains;
  {
    domains.reserve(domains_.size());
    std::vector<std::int64_t> domain_id(strings_.size(), -1);
    struct Kind {
      const Entry* entry;
      Direction direction;
      Outcome outcome;
      bool operator==(const Kind&) const = default;
    };
    struct KindHash {
      std::uint64_t operator()(const Kind& k) const {
        return mix64(reinterpret_cast<std::uintptr_t>(k.entry) ^ std::uint64_t(k.direction) << 48 ^
                     std::uint64_t(k.outcome) << 56);
      }
    };
    struct KindId {
      std::int64_t id = -1;
    };
    FlatMap<Kind, KindId, KindHash> kind_id;  // a few dozen
    // The one pass over the map's entries. The run's table of domain names
    // is large and cold: the slot of the domain 8 entries ahead is fetched.
    const std::size_t size = domains_.size();
    for (std::size_t i = 0; i < size; ++i) {
      if (i + 8 < size) {
        const DomainKey& ahead = (domains_.begin() + static_cast<std::ptrdiff_t>(i + 8))->first;
        if (domain_id[ahead.domain] < 0) ids.prefetch(ahead.domain_hash);
      }
      const auto& [k, n] = *(domains_.begin() + static_cast<std::ptrdiff_t>(i));
      std::int64_t& d = domain_id[k.domain];
      if (d < 0 && (d = ids.domain(store, text(k.domain), k.domain_hash)) < 0) return false;
      std::int64_t& kind = kind_id[Kind{k.entry, k.direction, k.outcome}].id;
      if (kind < 0 && (kind = ids.kind(store, to_string(k.direction), to_string(k.outcome), entry_id(k.entry))) < 0)
        return false;
      domains.push_back(DomainRow{k.time, kind, d, n});
    }
    if (!sort_domain_rows(domains))
      std::sort(domains.begin(), domains.end(), [](const DomainRow& a, const DomainRow& b) {
        return std::tie(a.day, a.kind, a.domain) < std::tie(b.day, b.kind, b.domain);
      });
  }
  auto write_domains = [&] {
    // kRows rows per statement (one INSERT with kRows VALUES): a step and its
    // VDBE set-up per kRows rows instead of per row (-0.08 s per GB).
    constexpr std::size_t kRows = 64;
    auto upsert = [&](Stmt& st, std::size_t from, std::size_t rows) {
      if (!st) {
        std::string sql = "INSERT INTO domain_counts (day, kind_id, domain_id, count) VALUES (?,?,?,?)";
        for (std::size_t i = 1; i < rows; ++i) sql += ",(?,?,?,?)";
        st = store.prepare(sql + " ON CONFLICT DO UPDATE SET count = count + excluded.count");
        if (!st) return false;
      }
      for (std::size_t r = 0; r < rows; ++r) {
        const DomainRow& row = domains[from + r];
        const int c = static_cast<int>(4 * r);
        bind_value(st.get(), c + 1, row.day);
        bind_value(st.get(), c + 2, row.kind);
        bind_value(st.get(), c + 3, row.domain);
        bind_value(st.get(), c + 4, row.count);
      }
      return step_done(st.get());
    };
    Stmt full, tail;
    std::size_t i = 0;
    for (; i + kRows <= domains.size(); i += kRows)
      if (!upsert(full, i, kRows)) return false;
    return i == domains.size() || upsert(tail, i, domains.size() - i);
  };
  // Mark the batch's days dirty before its rows land: a day dirty for the
  // first time leaves domain_counts_month now, with the rows it holds before
  // this commit, and comes back whole at the refresh (see refresh_rollups).
  // Both row lists are sorted by time, so their days come in order.
  std::vector<std::int64_t> days;
  for (const auto* row : counts) {
    std::int64_t day = floor_div(row->first.time, kBucketsPerDay);
    if (days.empty() || days.back() != day) days.push_back(day);
  }
  for (const DomainRow& row : domains)
    if (days.empty() || days.back() != row.day) days.push_back(row.day);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  Stmt dirty = store.prepare("INSERT INTO rollup_dirty (day) VALUES (?) ON CONFLICT DO NOTHING");
  Stmt leave = store.prepare(
      "UPDATE domain_counts_month AS m SET count = m.count - d.count FROM domain_counts AS d "
      "WHERE d.day = ?1 AND m.month = ?2 AND m.kind_id = d.kind_id AND m.domain_id = d.domain_id");
  Stmt drop_zero = store.prepare("DELETE FROM domain_counts_month WHERE month = ?1 AND count = 0");
  if (!dirty || !leave || !drop_zero) return false;
  for (std::int64_t day : days) {
    bind_value(dirty.get(), 1, day);
    if (!step_done(dirty.get())) return false;
    if (sqlite3_changes(store.db()) == 0) continue;  // dirty already
    bind_value(leave.get(), 1, day);
    bind_value(leave.get(), 2, utc_month_of_day(day));
    if (!step_done(leave.get())) return false;
    if (sqlite3_changes(store.db()) == 0) continue;  // a new day: nothing to take out
    bind_value(drop_zero.get(), 1, utc_month_of_day(day));
    if (!step_done(drop_zero.get())) return false;
  }
  if (!write_counts() || !write_domains()) return false;
  Stmt examples = store.prepare(
      "INSERT INTO examples (entry, direction, time, line) VALUES (?,?,?,?) ON CONFLICT DO UPDATE SET "
      "time = excluded.time, line = excluded.line WHERE excluded.time >= examples.time");
  for (const auto& [k, ex] : examples_) {
    bind_static(examples.get(), 1, entry_id(k.entry));
    bind_static(examples.get(), 2, k.entry ? std::string_view() : std::string_view(to_string(k.direction)));
    bind_value(examples.get(), 3, ex.time);
    bind_static(examples.get(), 4, ex.pending ? ex.view : std::string_view(ex.line));  // not sealed: its view
    if (!step_done(examples.get())) return false;
  }
  if (!write_events(store, input_id)) return false;
  Stmt kinds = store.prepare(
      "INSERT INTO line_counts (input_id, kind, count) VALUES (?,?,?) "
      "ON CONFLICT DO UPDATE SET count = count + excluded.count");
  for (std::size_t i = 0; i < line_kinds_.size(); ++i) {
    if (line_kinds_[i] == 0) continue;
    bind_value(kinds.get(), 1, input_id);
    bind_static(kinds.get(), 2, to_string(static_cast<LineKind>(i)));
    bind_value(kinds.get(), 3, static_cast<std::int64_t>(line_kinds_[i]));
    if (!step_done(kinds.get())) return false;
  }
  for (std::size_t i = 0; i < domains.size();) {  // sorted by day
    std::size_t j = i;
    while (j < domains.size() && domains[j].day == domains[i].day) ++j;
    pending.rows[domains[i].day] += static_cast<std::int64_t>(j - i);
    i = j;
  }
  // The days before this commit's newest are most likely done (logs go
  // forward in time): bring them back into the rollups now, on the writer
  // thread, instead of after the parsers have finished (the days of the
  // input's month a few at a time). A day touched again later just becomes
  // dirty again (step 1 above).
  return refresh_rollups(store, days.empty() ? kNoDay : days.back(), pending);
}

bool Batch::write_events(const Store& store, std::int64_t input_id) const {
  if (!write_event_blocks(store, input_id, blocks_)) return false;
  if (unparsed_.empty()) return true;
  Stmt unparsed = store.prepare(
      "INSERT INTO unparsed (input_id, line_no, offset, reason, line) VALUES (?,?,?,?,?)");
  for (const Unparsed& u : unparsed_) {
    sqlite3_stmt* s = unparsed.get();
    bind_value(s, 1, input_id);
    bind_value(s, 2, static_cast<std::int64_t>(u.line_no));
    bind_value(s, 3, static_cast<std::int64_t>(u.offset));
    bind_static(s, 4, u.reason);
    bind_static(s, 5, u.line);
    if (!step_done(s)) return false;
  }
  return true;
}

void Batch::move_events_to(Batch& into) {
  std::swap(blocks_, into.blocks_);  // into's are empty: each keeps its capacity
  std::swap(unparsed_, into.unparsed_);
}

namespace {

// Adds the domain rows of `days` (of UTC month `month`, sorted) to the month's
// rollup: one row per (kind, domain), the days' rows merged as they come in
// key order from one statement per day. A month the store holds no rows of
// yet gets them appended at the end of its table (~0.2 us a row); a day at a
// time, each day after its month's first was inserted among its rows
// (~0.5 us a row: a B-tree search from the root each).
bool add_days_to_month(const Store& store, const std::vector<std::int64_t>& days, std::int64_t month) {
  struct Head {
    Stmt st;
    std::int64_t kind, domain, count;
    bool live;
  };
  std::vector<Head> heads;
  heads.reserve(days.size());
  auto step = [](Head& h) {
    const int rc = sqlite3_step(h.st.get());
    h.live = rc == SQLITE_ROW;
    if (h.live) {
      h.kind = sqlite3_column_int64(h.st.get(), 0);
      h.domain = sqlite3_column_int64(h.st.get(), 1);
      h.count = sqlite3_column_int64(h.st.get(), 2);
    }
    return h.live || rc == SQLITE_DONE;
  };
  for (std::int64_t day : days) {
    Head& h = heads.emplace_back(Head{store.prepare("SELECT kind_id, domain_id, count FROM domain_counts "
                                                    "WHERE day = ?1 ORDER BY kind_id, domain_id"),
                                      0, 0, 0, false});
    if (!h.st) return false;
    bind_value(h.st.get(), 1, day);
    if (!step(h)) return false;
  }
  // kRows rows per statement, as Batch::write upserts the day rows.
  constexpr std::size_t kRows = 64;
  struct Row {
    std::int64_t kind, domain, count;
  };
  std::vector<Row> rows;
  rows.reserve(kRows);
  Stmt full, tail;
  auto upsert = [&](Stmt& st) {
    if (!st) {
      std::string sql = "INSERT INTO domain_counts_month (month, kind_id, domain_id, count) VALUES (?,?,?,?)";
      for (std::size_t i = 1; i < rows.size(); ++i) sql += ",(?,?,?,?)";
      st = store.prepare(sql + " ON CONFLICT DO UPDATE SET count = count + excluded.count");
      if (!st) return false;
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const int c = static_cast<int>(4 * r);
      bind_value(st.get(), c + 1, month);
      bind_value(st.get(), c + 2, rows[r].kind);
      bind_value(st.get(), c + 3, rows[r].domain);
      bind_value(st.get(), c + 4, rows[r].count);
    }
    rows.clear();
    return step_done(st.get());
  };
  for (;;) {
    const Head* min = nullptr;
    for (const Head& h : heads)
      if (h.live && (!min || std::tie(h.kind, h.domain) < std::tie(min->kind, min->domain))) min = &h;
    if (!min) break;
    Row row{min->kind, min->domain, 0};
    for (Head& h : heads)
      if (h.live && h.kind == row.kind && h.domain == row.domain) {
        row.count += h.count;
        if (!step(h)) return false;
      }
    rows.push_back(row);
    if (rows.size() == kRows && !upsert(full)) return false;
  }
  return rows.empty() || upsert(tail);
}

}  // namespace

bool refresh_rollups(const Store& store, std::int64_t last_day, PendingDays& pending) {
  std::vector<std::int64_t> days;
  {
    Stmt st = store.prepare("SELECT day FROM rollup_dirty ORDER BY day");
    if (!st) return false;
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      std::int64_t day = sqlite3_column_int64(st.get(), 0);
      if (day != last_day) days.push_back(day);
    }
    if (rc != SQLITE_DONE) return false;
  }
  if (days.empty()) return true;
  // The done days of last_day's month may wait for more (see batch.h).
  const std::int64_t open = last_day == kNoDay ? 0 : utc_month_of_day(last_day);
  std::int64_t open_rows = 0;
  if (last_day != kNoDay)
    for (std::int64_t day : days)
      if (utc_month_of_day(day) == open)
        if (auto it = pending.rows.find(day); it != pending.rows.end()) open_rows += it->second;
  const bool wait = last_day != kNoDay && open_rows < kMaxPendingRows;
  // A dirty day's counts_day rows are recomputed (96 buckets); its
  // domain_counts rows, which left its month when it became dirty, are added
  // back: the cost follows the new data, not the size of the month.
  Stmt del_day = store.prepare("DELETE FROM counts_day WHERE day = ?1");
  Stmt add_day = store.prepare(
      "INSERT INTO counts_day SELECT ?1, log_host, mta, service, direction, outcome, code, enhanced, "
      "entry, inferred, sum(count) FROM counts WHERE bucket >= ?1 * 96 AND bucket < ?1 * 96 + 96 "
      "GROUP BY log_host, mta, service, direction, outcome, code, enhanced, entry, inferred");
  Stmt add_month = store.prepare(
      "INSERT INTO domain_counts_month (month, kind_id, domain_id, count) "
      "SELECT ?2, kind_id, domain_id, count FROM domain_counts WHERE day = ?1 "
      "ON CONFLICT DO UPDATE SET count = count + excluded.count");
  Stmt clean = store.prepare("DELETE FROM rollup_dirty WHERE day = ?1");
  if (!del_day || !add_day || !add_month || !clean) return false;
  std::vector<std::int64_t> group;  // the days of one month
  for (std::size_t i = 0; i < days.size();) {
    const std::int64_t month = utc_month_of_day(days[i]);
    group.clear();
    for (; i < days.size() && utc_month_of_day(days[i]) == month; ++i) group.push_back(days[i]);
    if (wait && month == open) continue;
    for (std::int64_t day : group)
      for (sqlite3_stmt* s : {del_day.get(), add_day.get()}) {
        bind_value(s, 1, day);
        if (!step_done(s)) return false;
      }
    if (group.size() == 1) {
      bind_value(add_month.get(), 1, group[0]);
      bind_value(add_month.get(), 2, month);
      if (!step_done(add_month.get())) return false;
    } else if (!add_days_to_month(store, group, month)) {
      return false;
    }
    for (std::int64_t day : group) {
      bind_value(clean.get(), 1, day);
      if (!step_done(clean.get())) return false;
      pending.rows.erase(day);
    }
  }
  return true;
}

bool refresh_rollups(const Store& store) {
  {
    Stmt st = store.prepare("SELECT 1 FROM rollup_dirty LIMIT 1");
    if (!st) return false;
    if (sqlite3_step(st.get()) != SQLITE_ROW) return true;  // nothing dirty: no write transaction
  }
  Transaction tx(store);
  PendingDays none;
  return tx.ok() && refresh_rollups(store, kNoDay, none) && tx.commit();
}

}  // namespace smtplog
