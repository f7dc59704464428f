// Phrases are built from counts only; text from logs never enters them, so
// each renderer escapes log text itself and these words stay plain ASCII.
#include "analyzer/report_words.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace smtplog {

std::string grouped(std::int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * static_cast<double>(part) / whole : 0.0);
  return buf;
}

std::string local_time(std::int64_t t, const char* format) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

std::string iso_time(std::int64_t t) {
  std::string s = local_time(t, "%Y-%m-%dT%H:%M:%S%z");  // ...+0000
  if (s.size() >= 5) s.insert(s.size() - 2, ":");
  return s;
}

std::string duration_words(std::int64_t s) {
  auto unit = [](std::int64_t n, const char* one) {
    return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
  };
  if (s >= 86400 && s % 86400 == 0) return unit(s / 86400, "day");
  if (s >= 3600 && s % 3600 == 0) return unit(s / 3600, "hour");
  return unit((s + 59) / 60, "minute");
}

const std::vector<std::string>& main_outcomes() {
  static const std::vector<std::string> k = {"received", "sent",    "deferred",
                                             "bounced",  "expired", "rejected"};
  return k;
}

std::vector<std::string> ordered_outcomes(const std::map<std::string, std::int64_t>& m,
                                          bool with_main) {
  // The rest in the order a postmaster reads them, then any new ones.
  static const std::vector<std::string> kRest = {
      "reject-warning", "auth-failed", "undeliverable", "deliverable", "held",
      "discarded",      "filtered",    "redirected",    "notified",    "accepted",
      "completed",      "frozen",      "error"};
  std::vector<std::string> out;
  for (const std::string& o : main_outcomes())
    if (with_main || m.count(o)) out.push_back(o);
  for (const std::string& o : kRest)
    if (m.count(o)) out.push_back(o);
  for (const auto& [o, n] : m)
    if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
  return out;
}

std::string outcome_label(const std::string& o) {
  if (o == "sent") return "delivered";
  if (o == "rejected") return "rejected inbound";
  // A reply or reason logged without deciding anything (Postfix's "connect
  // to ...: Connection refused" or a remote's 451 before it tries the next
  // MX, postscreen's PREGREET): "none" read like a count of nothing.
  if (o == "none") return "noted (no outcome)";
  return o.empty() ? "(none)" : o;
}

std::string problem_title(const Problem& p) {
  if (p.entry) return p.entry->name;
  return p.entry_id.empty() ? "Unclassified (no catalogue entry)" : p.entry_id;
}

std::string problem_codes(const Problem& p) {
  std::string codes;
  for (const std::string& c : p.codes) codes += (codes.empty() ? "" : ", ") + c;
  return codes;
}

std::string class_word(const Problem& p) {
  if (p.transient && p.permanent) return "transient and permanent";
  if (p.permanent) return "permanent";
  if (p.transient) return "transient";
  return "other";
}

std::string problem_meaning(const Problem& p) {
  const std::string kind = class_word(p);
  if (p.direction == "outbound") {
    // An expiry is no remote refusal: our queue gave up after the deferrals.
    auto expired = p.outcomes.find("expired");
    const std::int64_t n_expired = expired == p.outcomes.end() ? 0 : expired->second;
    if (kind == "permanent" && n_expired > 0 && n_expired == p.permanent && p.permanent == p.count)
      return "Outbound, permanent: our server retried until the queue lifetime ran out (the "
             "deferrals before it say why), then returned the mail to the sender.";
    if (kind == "permanent" && n_expired > 0)
      return "Outbound, permanent: remote servers refused our mail for good, or it expired in "
             "our queue after the retries; it went back to the sender.";
    if (kind == "permanent")
      return "Outbound, permanent: remote servers refused our mail for good; it bounced back "
             "to the sender.";
    if (kind == "transient")
      return "Outbound, transient: remote servers refused for now; our server retries, so the "
             "mail is late, not lost, until it expires.";
    if (kind == "transient and permanent")
      return "Outbound: remote servers refused our mail, part for now (retried), part for good "
             "(bounced back to the sender).";
    return "Outbound: remote servers answered with a warning; nothing was refused for good.";
  }
  if (p.direction == "inbound") {
    if (kind == "permanent")
      return "Inbound, permanent: we rejected the client; nothing was accepted, so nothing was "
             "relayed, and the client should not retry.";
    if (kind == "transient")
      return "Inbound, transient: we told the client to try again later; nothing was accepted "
             "or relayed yet.";
    if (kind == "transient and permanent")
      return "Inbound: we rejected clients, some for now, some for good; nothing was accepted "
             "or relayed.";
    return "Inbound, warning only: a rule would have rejected the client, but the mail was "
           "accepted.";
  }
  // Local: a local delivery agent (Postfix local, virtual, pipe, error; an
  // Exim transport without a host), or routing before any remote server was
  // asked (Exim's "Unrouteable address" and "routing defer" for remote
  // domains too): not always a mailbox "here".
  if (p.direction == "local") {
    if (kind == "transient")
      return "Local, transient: we accepted the mail, but local delivery or our routing could "
             "not handle it yet; it is retried.";
    if (kind == "permanent")
      return "Local, permanent: we accepted the mail, but local delivery or our routing could "
             "not deliver it; it bounced back to the sender.";
    return "Local: we accepted the mail; local delivery had trouble (" + kind + ").";
  }
  return "Other: " + kind + ".";
}

std::string category_words(const std::string& c) {
  static const std::map<std::string, std::string> k = {
      {"accepted", "accepted"},
      {"relayed-forwarded", "relayed or forwarded"},
      {"mailbox", "the recipient's mailbox"},
      {"policy-spam-reputation", "policy, spam or reputation"},
      {"authentication", "authentication"},
      {"tls", "TLS"},
      {"dns-routing", "DNS and routing"},
      {"connection-network", "connection and network"},
      {"local-error-resource", "a local error or lack of resources"},
      {"protocol-syntax", "SMTP protocol or syntax"},
      {"size-content", "size or content"},
      {"rate-limit-greylist", "rate limiting or greylisting"},
      {"relay-denied", "relaying denied to a client that is not ours"},
  };
  auto it = k.find(c);
  return it == k.end() ? c : it->second;
}

std::string trend_words(const ReportData& d, const Problem& p) {
  if (d.whole_history || d.until <= d.since) return "";
  std::string before = "the " + duration_words(d.until - d.since) + " before";
  if (!d.has_previous) return "no data for " + before;
  if (p.previous == 0) return "new: none in " + before;
  if (p.count == p.previous) return "unchanged from " + before;
  std::int64_t diff = p.count - p.previous;
  std::int64_t pct = (diff < 0 ? -diff : diff) * 100 / p.previous;
  return std::string(diff > 0 ? "up " : "down ") + std::to_string(pct) + "% from " +
         grouped(p.previous) + " in " + before;
}

std::string window_words(const ReportData& d) {
  if (d.since == 0 && d.until == 0) return "no data yet";
  std::string s = local_time(d.since) + " to " + local_time(d.until) + " " +
                  local_time(d.until, "%Z");
  if (d.whole_history) s += " (all data)";
  return s;
}

std::string domain_days_words(const ReportData& d) {
  if (!d.domains_whole_utc_days) return {};
  auto utc = [](std::int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return std::string(buf);
  };
  return "Top domains and clients are counted per UTC day, so they cover whole UTC days: " +
         utc(d.domain_since) + " to " + utc(d.domain_until) + " UTC, more than the window.";
}

std::string basis_words(const ReportData& d) {
  return grouped(d.inputs) + " input" + (d.inputs == 1 ? "" : "s") + ", " + grouped(d.lines) +
         " line" + (d.lines == 1 ? "" : "s") + " read, " + grouped(d.unparsed) + " unparsed";
}

std::vector<std::string> plain_totals(const ReportData& d) {
  auto total = [&](const char* o) {
    auto it = d.totals.find(o);
    return it == d.totals.end() ? std::int64_t{0} : it->second;
  };
  std::vector<std::string> out;
  out.push_back("Delivered or relayed: " + grouped(total("sent")) +
                " (handed to the next server or put into a mailbox).");
  out.push_back("Transient failures: " + grouped(d.transient) +
                " (4xx or deferred: retried, so mail is late, not lost, until it expires).");
  out.push_back("Permanent failures: " + grouped(d.permanent) +
                " (5xx, bounced or expired: returned to the sender or refused for good).");
  out.push_back("Rejected inbound: " + grouped(total("rejected")) +
                " (we refused the client, so nothing was accepted or relayed).");
  return out;
}

std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view first_columns(std::string_view s, std::size_t width) {
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (cols == width) return s.substr(0, i);
    ++cols;
  }
  return s;
}

std::string clip(std::string_view s, std::size_t width) {
  if (columns(s) <= width) return std::string(s);
  return std::string(first_columns(s, width > 3 ? width - 3 : 0)) + "...";
}

std::string host_label(const std::string& host) { return host.empty() ? "(no host)" : host; }

std::string service_label(const std::string& service) { return service.empty() ? "(none)" : service; }

}  // namespace smtplog
