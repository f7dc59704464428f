// Finds the prefix and the volatile values of a real log line. Order matters:
// Message-IDs and the remote server's "queued as" ids are taken first (they
// may look like mailboxes or ids), then our own queue/message ids, mailboxes,
// IPv4 addresses, and last bare domain names (host names, HELO names, URLs)
// that are the domain of some mailbox in the templates.
#include "bench/gen_scan.h"

#include <algorithm>

namespace smtplog::bench {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper_hex(char c) { return is_digit(c) || (c >= 'A' && c <= 'F'); }
bool is_domain_char(char c) { return is_alnum(c) || c == '.' || c == '-'; }
bool is_local_char(char c) {
  return is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '+' || c == '=' || c == '%' ||
         c == '&' || c == '\'';
}
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (!is_digit(s[i])) return false;
  return true;
}

int two(std::string_view s, std::size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

// "host prog[pid]: body" after a syslog timestamp and its space.
void read_syslog_rest(std::string_view line, std::size_t i, Prefix& p) {
  std::size_t host_end = line.find(' ', i);
  if (host_end == std::string_view::npos) {
    p.body = line.size();
    return;
  }
  std::size_t j = host_end + 1, prog = j;
  while (j < line.size() && line[j] != '[' && line[j] != ':' && line[j] != ' ') ++j;
  p.prog = line.substr(prog, j - prog);
  if (j < line.size() && line[j] == '[') {
    std::size_t k = j + 1;
    while (k < line.size() && is_digit(line[k])) ++k;
    if (k < line.size() && line[k] == ']' && k > j + 1) {
      p.pid_pos = j + 1;
      p.pid_len = k - j - 1;
      j = k + 1;
    }
  }
  if (j < line.size() && line[j] == ':') ++j;
  if (j < line.size() && line[j] == ' ') ++j;
  p.body = j;
}

bool is_date(std::string_view s) {
  return s.size() >= 19 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' &&
         digits(s, 8, 2) && digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2) && s[16] == ':' &&
         digits(s, 17, 2);
}

bool is_bsd_stamp(std::string_view s) {
  return s.size() >= 16 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z' &&
         s[2] >= 'a' && s[2] <= 'z' && s[3] == ' ' && (s[4] == ' ' || is_digit(s[4])) &&
         is_digit(s[5]) && s[6] == ' ' && digits(s, 7, 2) && s[9] == ':' && digits(s, 10, 2) &&
         s[12] == ':' && digits(s, 13, 2) && s[15] == ' ';
}

bool is_keep_local(std::string_view local) {
  static constexpr std::string_view kKeep[] = {"postmaster", "mailer-daemon", "root",  "abuse",
                                               "double-bounce", "nobody", "hostmaster"};
  std::string l = lowered(local);
  return std::find(std::begin(kKeep), std::end(kKeep), l) != std::end(kKeep);
}

}  // namespace

Prefix read_prefix(std::string_view line) {
  Prefix p;
  if (is_date(line) && line[10] == ' ') {  // Exim: 2026-11-23 18:45:41[.mmm][ -0330][ [pid]]
    p.time.stamp = Stamp::exim;
    std::size_t i = 19;
    if (i < line.size() && line[i] == '.') {
      std::size_t j = i + 1;
      while (j < line.size() && is_digit(line[j])) ++j;
      p.time.frac = static_cast<int>(j - i - 1);
      i = j;
    }
    if (i + 6 <= line.size() && line[i] == ' ' && (line[i + 1] == '+' || line[i + 1] == '-') &&
        digits(line, i + 2, 4) && (i + 6 == line.size() || line[i + 6] == ' ')) {
      p.time.zone = true;
      int m = two(line, i + 2) * 60 + two(line, i + 4);
      p.time.offset_minutes = line[i + 1] == '-' ? -m : m;
      i += 6;
    }
    p.stamp_len = i;
    if (i < line.size() && line[i] == ' ') ++i;
    if (i < line.size() && line[i] == '[') {
      std::size_t j = i + 1;
      while (j < line.size() && is_digit(line[j])) ++j;
      if (j < line.size() && line[j] == ']' && j > i + 1) {
        p.pid_pos = i + 1;
        p.pid_len = j - i - 1;
        i = j + 1;
        if (i < line.size() && line[i] == ' ') ++i;
      }
    }
    p.body = i;
    return p;
  }
  if (is_date(line) && line[10] == 'T') {  // RFC 3339: 2026-11-23T18:45:41.123456+00:00
    p.time.stamp = Stamp::rfc3339;
    std::size_t i = 19;
    if (i < line.size() && line[i] == '.') {
      std::size_t j = i + 1;
      while (j < line.size() && is_digit(line[j])) ++j;
      p.time.frac = static_cast<int>(j - i - 1);
      i = j;
    }
    if (i < line.size() && line[i] == 'Z') {
      p.time.zone = true;
      ++i;
    } else if (i + 6 <= line.size() && (line[i] == '+' || line[i] == '-') && digits(line, i + 1, 2) &&
               line[i + 3] == ':' && digits(line, i + 4, 2)) {
      p.time.zone = true;
      int m = two(line, i + 1) * 60 + two(line, i + 4);
      p.time.offset_minutes = line[i] == '-' ? -m : m;
      i += 6;
    }
    p.stamp_len = i;
    read_syslog_rest(line, i + 1, p);
    return p;
  }
  if (is_bsd_stamp(line)) {
    p.time.stamp = Stamp::bsd;
    p.stamp_len = 15;
    read_syslog_rest(line, 16, p);
    return p;
  }
  p.continuation = true;  // Exim's multi-line entries, headers in rejectlog...
  return p;
}

std::string_view leading_id(std::string_view body, Stamp stamp) {
  if (stamp == Stamp::exim) {
    auto base62 = [&](std::size_t from, std::size_t n) {
      if (from + n > body.size()) return false;
      for (std::size_t i = from; i < from + n; ++i)
        if (!is_alnum(body[i])) return false;
      return true;
    };
    auto ends = [&](std::size_t n) { return body.size() == n || body[n] == ' '; };
    if (base62(0, 6) && body.size() >= 16 && body[6] == '-') {
      if (base62(7, 6) && body[13] == '-' && base62(14, 2) && ends(16)) return body.substr(0, 16);
      if (body.size() >= 23 && base62(7, 11) && body[18] == '-' && base62(19, 4) && ends(23))
        return body.substr(0, 23);
    }
    return {};
  }
  std::size_t i = 0;
  bool hex = true, vowel = false, z = false;
  while (i < body.size() && i <= 24 && is_alnum(body[i])) {
    hex = hex && is_upper_hex(body[i]);
    vowel = vowel || std::string_view("aeiouAEIOU").find(body[i]) != std::string_view::npos;
    z = z || body[i] == 'z';
    ++i;
  }
  if (i + 1 >= body.size() || body[i] != ':' || body[i + 1] != ' ') return {};
  if ((hex && i >= 5) || (!vowel && z && i >= 10)) return body.substr(0, i);
  return {};
}

std::vector<std::pair<std::size_t, std::size_t>> find_addresses(std::string_view body) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t from = 0;
  for (std::size_t at; (at = body.find('@', from)) != std::string_view::npos; from = at + 1) {
    std::size_t s = at, e = at + 1;
    while (s > 0 && is_local_char(body[s - 1])) --s;
    while (e < body.size() && is_domain_char(body[e])) ++e;
    while (e > at + 1 && (body[e - 1] == '.' || body[e - 1] == '-')) --e;
    std::string_view domain = body.substr(at + 1, e - at - 1);
    if (s == at || domain.size() < 3 || domain.find('.') == std::string_view::npos) continue;
    if (!out.empty() && out.back().second > s) continue;
    out.emplace_back(s, e);
  }
  return out;
}

std::string domain_of(std::string_view address) {
  std::size_t at = address.rfind('@');
  return lowered(at == std::string_view::npos ? address : address.substr(at + 1));
}

std::vector<Span> find_spans(std::string_view line, const Prefix& p, const Known& known) {
  std::vector<Span> spans;
  std::vector<char> used(line.size() + 1, 0);
  auto take = [&](std::size_t s, std::size_t e, Slot slot, std::string key) {
    if (e <= s || e > line.size()) return false;
    for (std::size_t i = s; i < e; ++i)
      if (used[i]) return false;
    std::fill(used.begin() + static_cast<long>(s), used.begin() + static_cast<long>(e), 1);
    spans.push_back({s, e, slot, std::move(key)});
    return true;
  };
  if (p.stamp_len) take(0, p.stamp_len, Slot::time, "");
  if (p.pid_len) {
    std::string_view pid = line.substr(p.pid_pos, p.pid_len);
    std::string key = p.time.stamp == Stamp::exim ? "exim:" : "pf:" + std::string(p.prog) + ":";
    take(p.pid_pos, p.pid_pos + p.pid_len, Slot::pid, key + std::string(pid));
  }
  const std::size_t base = p.continuation ? 0 : p.body;
  std::string_view body = line.substr(std::min(base, line.size()));
  const bool exim = p.time.stamp == Stamp::exim || p.continuation;

  // Message-ID header values.
  if (std::size_t m = body.find("message-id=<"); m != std::string_view::npos) {
    std::size_t s = m + 12, e = body.find('>', s);
    if (e != std::string_view::npos) take(base + s, base + e, Slot::message_id, std::string(body.substr(s, e - s)));
  }
  if (exim) {
    for (std::string_view marker : {std::string_view(" id="), std::string_view(" id*=")}) {
      std::size_t m = body.find(marker);
      if (m == std::string_view::npos) continue;
      std::size_t s = m + marker.size(), e = body.find(' ', s);
      if (e == std::string_view::npos) e = body.size();
      take(base + s, base + e, Slot::message_id, std::string(body.substr(s, e - s)));
    }
  }
  // The remote server's queue id in its 250 reply.
  for (std::size_t m = 0; (m = body.find("queued as ", m)) != std::string_view::npos;) {
    std::size_t s = m + 10, e = s;
    while (e < body.size() && is_alnum(body[e])) ++e;
    if (e - s >= 4) take(base + s, base + e, Slot::remote_id, std::string(body.substr(s, e - s)));
    m = e;
  }
  // Our queue / message ids, wherever they appear (bounce notices, -Mc arguments, R=).
  if (exim) {
    for (std::size_t i = 0; i + 16 <= body.size(); ++i) {
      if (body[i + 6] != '-') continue;
      for (std::size_t len : {std::size_t(16), std::size_t(23)}) {
        if (i + len > body.size() || (i + len < body.size() && is_alnum(body[i + len]))) continue;
        std::string id(body.substr(i, len));
        if (known.ids.count(id)) take(base + i, base + i + len, Slot::id, id);
      }
    }
  } else {
    for (std::size_t i = 0; i < body.size();) {
      if (!is_alnum(body[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < body.size() && is_alnum(body[j])) ++j;
      std::string tok(body.substr(i, j - i));
      if (known.ids.count(tok)) take(base + i, base + j, Slot::id, tok);
      i = j;
    }
  }
  // Mailboxes: the local part always (unless a role like postmaster), the domain unless our own.
  for (auto [s, e] : find_addresses(body)) {
    std::string_view addr = body.substr(s, e - s);
    std::size_t at = addr.rfind('@');
    std::string dom = domain_of(addr);
    if (used[base + s] || used[base + e - 1]) continue;
    if (!is_keep_local(addr.substr(0, at))) take(base + s, base + s + at, Slot::local, lowered(addr));
    if (known.remote_domains.count(dom)) take(base + s + at + 1, base + e, Slot::domain, dom);
  }
  // IPv4 addresses.
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (!is_digit(body[i]) || (i > 0 && (is_alnum(body[i - 1]) || body[i - 1] == '.'))) continue;
    std::size_t j = i;
    int octets = 0;
    bool ok = true;
    while (octets < 4) {
      std::size_t k = j;
      int v = 0;
      while (k < body.size() && is_digit(body[k]) && k - j < 3) v = v * 10 + (body[k++] - '0');
      if (k == j || v > 255) ok = false;
      j = k;
      if (!ok || ++octets == 4 || j >= body.size() || body[j] != '.') break;
      ++j;
    }
    bool boundary = j >= body.size() ||
                    !(is_alnum(body[j]) || (body[j] == '.' && j + 1 < body.size() && is_alnum(body[j + 1])));
    // The server's own listening address stays: Exim's "I=[...]", postscreen's "to [...]".
    bool own = (i >= 3 && body.substr(i - 3, 3) == "I=[") || (i >= 5 && body.substr(i - 5, 5) == " to [");
    if (ok && octets == 4 && boundary && !own) take(base + i, base + j, Slot::ip, std::string(body.substr(i, j - i)));
    i = j > i ? j - 1 : i;
  }
  // Bare domain names (host names, HELO names) that are some mailbox's remote domain.
  for (std::size_t i = 0; i < body.size();) {
    if (!is_domain_char(body[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < body.size() && is_domain_char(body[j])) ++j;
    std::size_t e = j;
    while (e > i && (body[e - 1] == '.' || body[e - 1] == '-')) --e;
    std::string run = lowered(body.substr(i, e - i));
    for (std::size_t k = 0; k < run.size() && run.find('.', k) != std::string::npos;) {
      std::string suffix = run.substr(k);
      if (known.own_domains.count(suffix)) break;
      if (known.remote_domains.count(suffix)) {
        take(base + i + k, base + e, Slot::domain, suffix);
        break;
      }
      k = run.find('.', k) + 1;
    }
    i = j;
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
  return spans;
}

}  // namespace smtplog::bench
