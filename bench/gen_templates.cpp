// Two passes over the real lines. The first collects what identifies things:
// the queue/message ids that start bodies, the domains of mailboxes, and which
// of those domains are the server's own (recipients of local delivery, senders
// of locally submitted mail: they stay, only their users change). The second
// finds each line's slots and links lines that share an id, an Exim process,
// a Postfix smtpd session or a postscreen client, with a union-find; each
// linked set is a Group.
#include "bench/gen_templates.h"

#include <fstream>
#include <numeric>
#include <unordered_map>

#include "bench/gen_scan.h"

namespace smtplog::bench {
namespace {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // the root is the earliest line
  }

 private:
  std::vector<std::size_t> parent_;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// Lines of a daemon starting (written once at the top) or stopping (left out).
enum class Lifecycle { none, start, stop };
Lifecycle lifecycle_of(std::string_view body) {
  if (contains(body, "daemon started") || contains(body, "starting the Postfix mail system") ||
      contains(body, "reload -- version") || contains(body, "backwards-compatible default"))
    return Lifecycle::start;
  if (contains(body, "stopping the Postfix mail system") || contains(body, "terminating on signal") ||
      contains(body, "exim: exiting"))
    return Lifecycle::stop;
  return Lifecycle::none;
}

bool long_lived(std::string_view prog) {
  for (std::string_view p : {"/qmgr", "/master", "/anvil", "/postscreen", "/tlsmgr", "/pickup", "/scache",
                             "/verify"})
    if (ends_with(prog, p)) return true;
  return false;
}

struct Raw {
  const std::string* text;
  Prefix prefix;
  std::size_t file;
  std::string_view body() const {
    return prefix.continuation ? std::string_view(*text) : std::string_view(*text).substr(prefix.body);
  }
};

// Evidence of which mailbox domains are the server's own: mail submitted here
// or delivered here counts for, mail relayed to a remote server against.
// (A sample may deliver to a remote domain from a local sender once, say.)
void note_domains(const Raw& r, std::unordered_set<std::string>& all,
                  std::unordered_map<std::string, int>& votes) {
  std::string_view body = r.body();
  auto addrs = find_addresses(body);
  for (auto [s, e] : addrs) all.insert(domain_of(body.substr(s, e - s)));
  if (addrs.empty()) return;
  auto first = [&] { return domain_of(body.substr(addrs[0].first, addrs[0].second - addrs[0].first)); };
  if (r.prefix.time.stamp == Stamp::exim) {
    // "<= sender@our.domain ... P=local": submitted here; "=> user <a@our.domain> ...
    // T=local_delivery": delivered here; "T=remote_smtp": relayed.
    std::string_view id = leading_id(body, Stamp::exim);
    std::string_view rest = body.substr(std::min(body.size(), id.size() + 1));
    std::size_t first_at = id.size() + 1 + 3;
    if (rest.starts_with("<= ") && contains(rest, " P=local") && addrs[0].first == first_at)
      ++votes[first()];
    bool delivery = rest.starts_with("=> ") || rest.starts_with("-> ") || rest.starts_with("** ") ||
                    rest.starts_with("== ");
    std::size_t t = rest.find(" T=");
    if (delivery && t != std::string_view::npos) {
      std::string_view transport = rest.substr(t + 3, rest.find(' ', t + 3) - (t + 3));
      votes[first()] += contains(transport, "smtp") ? -1 : 1;
    }
    return;
  }
  std::string_view prog = r.prefix.prog;
  int vote = ends_with(prog, "/local") || ends_with(prog, "/virtual") || ends_with(prog, "/pipe") ||
                     ends_with(prog, "/pickup")
                 ? 1
             : ends_with(prog, "/smtp") || ends_with(prog, "/lmtp") ? -1
                                                                      : 0;
  if (vote == 0) return;
  for (auto [s, e] : addrs) {
    std::string_view a = body.substr(s, e - s);
    bool to = s >= 4 && body.substr(s - 4, 4) == "to=<", from = s >= 6 && body.substr(s - 6, 6) == "from=<";
    if (to || from) votes[domain_of(a)] += vote;
  }
}

// "[1.2.3.4]:5678" in a postscreen line: the client's connection.
std::vector<std::string> postscreen_clients(std::string_view body) {
  std::vector<std::string> out;
  for (std::size_t b = 0; (b = body.find('[', b)) != std::string_view::npos; ++b) {
    std::size_t e = body.find("]:", b);
    if (e == std::string_view::npos) break;
    std::size_t p = e + 2;
    while (p < body.size() && body[p] >= '0' && body[p] <= '9') ++p;
    if (p > e + 2 && !contains(body.substr(0, b), " to ")) out.emplace_back(body.substr(b, p - b));
  }
  return out;
}

}  // namespace

std::vector<std::string> read_lines(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  if (!in) {
    error = path + ": cannot read";
    return out;
  }
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(std::move(line));
  return out;
}

Templates compile_templates(const std::vector<std::vector<std::string>>& files, const TemplateOptions& opt) {
  Templates t;
  Known known;
  std::vector<Raw> raws;
  std::unordered_set<std::string> all_domains;
  std::unordered_map<std::string, int> votes;
  for (const std::string& d : opt.own_domains) known.own_domains.insert(domain_of(d));
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (const std::string& line : files[f]) {
      Raw r{&line, read_prefix(line), f};
      if (std::string_view id = leading_id(r.body(), r.prefix.time.stamp); !id.empty())
        known.ids.emplace(id);
      note_domains(r, all_domains, votes);
      raws.push_back(r);
    }
  }
  for (const auto& [d, v] : votes)
    if (v > 0) known.own_domains.insert(d);
  auto own = [&](const std::string& d) {  // our domains and their subdomains (mx.example.org)
    for (std::size_t k = 0; k != std::string::npos; k = d.find('.', k) == std::string::npos ? std::string::npos : d.find('.', k) + 1)
      if (known.own_domains.count(d.substr(k))) return true;
    return false;
  };
  for (const std::string& d : all_domains)
    if (!own(d)) known.remote_domains.insert(d);
  for (const std::string& d : all_domains)
    if (own(d)) known.own_domains.insert(d);
  t.own_domains.assign(known.own_domains.begin(), known.own_domains.end());
  t.remote_domains.assign(known.remote_domains.begin(), known.remote_domains.end());

  // Second pass: slots, and links between lines. The Exim daemon's own pid
  // (on "SMTP connection from" lines, among others) links nothing: the daemon
  // serves every session.
  std::unordered_set<std::string> daemon_pids;
  for (const Raw& r : raws)
    if (r.prefix.pid_len && lifecycle_of(r.body()) == Lifecycle::start)
      daemon_pids.insert("exim:" + r.text->substr(r.prefix.pid_pos, r.prefix.pid_len));
  UnionFind uf(raws.size());
  std::vector<std::vector<Span>> spans(raws.size());
  std::unordered_map<std::string, std::size_t> first_with;
  std::unordered_map<std::string, int> open_session;
  int sessions = 0;
  auto link = [&](std::size_t i, const std::string& token) {
    auto [it, fresh] = first_with.emplace(std::to_string(raws[i].file) + "|" + token, i);
    if (!fresh) uf.unite(i, it->second);
  };
  for (std::size_t i = 0; i < raws.size(); ++i) {
    const Raw& r = raws[i];
    spans[i] = find_spans(*r.text, r.prefix, known);
    if (r.prefix.continuation && i > 0 && raws[i - 1].file == r.file) uf.unite(i, i - 1);
    for (const Span& s : spans[i]) {
      if (s.slot == Slot::id) link(i, "id:" + s.key);
      if (s.slot == Slot::pid && r.prefix.time.stamp == Stamp::exim && !daemon_pids.count(s.key))
        link(i, "pid:" + s.key);
    }
    std::string_view body = r.body(), prog = r.prefix.prog;
    if (ends_with(prog, "smtpd") && r.prefix.pid_len) {
      std::string key = std::string(prog) + "[" + r.text->substr(r.prefix.pid_pos, r.prefix.pid_len);
      if (body.starts_with("connect from ")) open_session[key] = ++sessions;
      if (auto it = open_session.find(key); it != open_session.end())
        link(i, "session:" + std::to_string(it->second));
      if (body.starts_with("disconnect from ")) open_session.erase(key);
    }
    if (ends_with(prog, "/postscreen"))
      for (const std::string& client : postscreen_clients(body)) link(i, "postscreen:" + client);
  }

  // Groups, in the order of their first line.
  std::unordered_map<std::size_t, std::size_t> group_of_root;
  std::vector<Group> groups;
  std::vector<Lifecycle> lifecycle;
  std::vector<std::unordered_map<std::string, std::uint32_t>> keys;  // per group: "slot|value" -> key
  for (std::size_t i = 0; i < raws.size(); ++i) {
    std::size_t root = uf.find(i);
    auto [it, fresh] = group_of_root.emplace(root, groups.size());
    if (fresh) {
      groups.emplace_back();
      lifecycle.push_back(Lifecycle::none);
      keys.emplace_back();
    }
    std::size_t gi = it->second;
    Group& g = groups[gi];
    const Raw& r = raws[i];
    if (Lifecycle l = lifecycle_of(r.body()); l != Lifecycle::none) lifecycle[gi] = l;
    TemplateLine tl;
    tl.text = *r.text;
    tl.time = r.prefix.time;
    std::size_t pos = 0;
    for (const Span& s : spans[i]) {
      if (s.start > pos)
        tl.pieces.push_back({Slot::text, std::uint32_t(pos), std::uint32_t(s.start - pos)});
      pos = s.end;
      int kind = static_cast<int>(s.slot);
      auto [k, added] = keys[gi].emplace(std::to_string(kind) + "|" + s.key, g.keys[kind]);
      if (added) {
        ++g.keys[kind];
        if (s.slot == Slot::id) {
          bool hex = s.key.find_first_not_of("0123456789ABCDEF") == std::string::npos;
          g.ids.push_back(r.prefix.time.stamp == Stamp::exim || r.prefix.continuation
                              ? IdKind::exim
                              : hex ? IdKind::postfix_short : IdKind::postfix_long);
        } else if (s.slot == Slot::pid) {
          PidKey pk;
          pk.exim = r.prefix.time.stamp == Stamp::exim;
          pk.long_lived = long_lived(r.prefix.prog);
          pk.original = static_cast<std::uint32_t>(std::stoul(r.text->substr(r.prefix.pid_pos, r.prefix.pid_len)));
          g.pids.push_back(pk);
        } else if (s.slot == Slot::local) {
          g.own_local.push_back(known.own_domains.count(domain_of(s.key)) > 0);
        }
      }
      tl.pieces.push_back({s.slot, k->second, 0});
    }
    if (pos < tl.text.size())
      tl.pieces.push_back({Slot::text, std::uint32_t(pos), std::uint32_t(tl.text.size() - pos)});
    g.bytes += tl.text.size() + 1;
    g.lines.push_back(std::move(tl));
  }
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    if (lifecycle[gi] == Lifecycle::stop) continue;
    t.lines += groups[gi].lines.size();
    t.bytes += groups[gi].bytes;
    (lifecycle[gi] == Lifecycle::start ? t.header : t.groups).push_back(std::move(groups[gi]));
  }
  return t;
}

}  // namespace smtplog::bench
