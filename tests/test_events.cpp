// `smtplog events` filters and `smtplog trace`, on the events stored from the
// real Exim sample. Each filter is checked by a property every returned row
// must have, and by returning something, so a filter that matches nothing or
// everything fails.
#include <catch2/catch.hpp>

#include <functional>

#include "analyzer/event_blocks.h"
#include "analyzer/report_events.h"
#include "process.h"
#include "report_fixture.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

const SampleDb& events_db() {
  static SampleDb db({"samples/exim/default/mainlog", "samples/exim/default/rejectlog"});
  return db;
}

EventList query(const EventFilter& f, std::size_t limit = 0) {
  Store store = events_db().open();
  EventQuery q;
  std::string error;
  REQUIRE(build_query(f, embedded_catalogue(), q, error));
  return load_events(store, q, limit);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TEST_CASE("events: every filter keeps exactly the rows it names", "[events]") {
  const EventList all = query({});
  REQUIRE(all.rows.size() > 20);
  CHECK(all.matching == static_cast<std::int64_t>(all.rows.size()));

  struct Case {
    const char* name;
    EventFilter filter;
    std::function<bool(const EventRow&)> holds;
  };
  auto filter = [](auto set) {
    EventFilter f;
    set(f);
    return f;
  };
  const Case cases[] = {
      {"queue id", filter([](EventFilter& f) { f.queue_id = "1xVZ2w-0006He-2M"; }),
       [](const EventRow& e) { return e.queue_id == "1xVZ2w-0006He-2M"; }},
      {"recipient, any case", filter([](EventFilter& f) { f.recipient = "SOMEONE@Silent.Example.NET"; }),
       [](const EventRow& e) { return e.recipient == "someone@silent.example.net"; }},
      {"recipient wildcard", filter([](EventFilter& f) { f.recipient = "r550*"; }),
       [](const EventRow& e) { return e.recipient.rfind("r550", 0) == 0; }},
      {"sender", filter([](EventFilter& f) { f.sender = "friend@client.example"; }),
       [](const EventRow& e) { return e.sender == "friend@client.example"; }},
      {"domain", filter([](EventFilter& f) { f.domain = "example.com"; }),
       [](const EventRow& e) {
         return ends_with(lower(e.recipient), "@example.com") || lower(e.peer_host) == "example.com" ||
                ends_with(lower(e.peer_host), ".example.com");
       }},
      {"domain: an address host whole", filter([](EventFilter& f) { f.domain = "127.0.0.5"; }),
       [](const EventRow& e) { return e.peer_host == "127.0.0.5" || ends_with(lower(e.recipient), "@127.0.0.5"); }},
      {"peer", filter([](EventFilter& f) { f.peer = "127.0.0.5"; }),
       [](const EventRow& e) { return e.peer_ip == "127.0.0.5" || e.peer_host == "127.0.0.5"; }},
      {"code", filter([](EventFilter& f) { f.code = "550"; }), [](const EventRow& e) { return e.code == 550; }},
      {"code 5xx", filter([](EventFilter& f) { f.code = "5xx"; }),
       [](const EventRow& e) { return e.code >= 500 && e.code <= 599; }},
      {"code 45x", filter([](EventFilter& f) { f.code = "45"; }),
       [](const EventRow& e) { return e.code >= 450 && e.code <= 459; }},
      {"enhanced 5.7", filter([](EventFilter& f) { f.enhanced = "5.7"; }),
       [](const EventRow& e) { return e.enhanced.rfind("5.7.", 0) == 0; }},
      {"enhanced X.1.1", filter([](EventFilter& f) { f.enhanced = "X.1.1"; }),
       [](const EventRow& e) { return e.enhanced.size() == 5 && e.enhanced.substr(1) == ".1.1"; }},
      {"class permanent", filter([](EventFilter& f) { f.klass = "permanent"; }),
       [](const EventRow& e) { return event_class(e) == "permanent"; }},
      {"class transient", filter([](EventFilter& f) { f.klass = "4xx"; }),
       [](const EventRow& e) { return event_class(e) == "transient"; }},
      {"category", filter([](EventFilter& f) { f.category = "mailbox"; }),
       [](const EventRow& e) {
         const Entry* entry = embedded_catalogue().find(e.entry);
         return entry && entry->category == "mailbox";
       }},
      {"outcome and direction", filter([](EventFilter& f) { f.outcome = "rejected"; f.direction = "inbound"; }),
       [](const EventRow& e) { return e.outcome == "rejected" && e.direction == "inbound"; }},
      {"entry", filter([](EventFilter& f) { f.entry = "gmail-no-such-user"; }),
       [](const EventRow& e) { return e.entry == "gmail-no-such-user"; }},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    EventList got = query(c.filter);
    CHECK_FALSE(got.rows.empty());
    CHECK(got.rows.size() < all.rows.size());
    std::size_t expected = 0;
    for (const EventRow& e : all.rows) expected += c.holds(e);
    CHECK(got.rows.size() == expected);
    for (const EventRow& e : got.rows) {
      INFO(e.line);
      CHECK(c.holds(e));
    }
  }
}

TEST_CASE("events: --domain does not take an address host's last octets for parent domains", "[events]") {
  const EventList all = query({});
  std::size_t address_peers = 0;
  for (const EventRow& e : all.rows) address_peers += e.peer_host == "127.0.0.5";
  REQUIRE(address_peers > 0);  // the sample has them: "0.5" once matched them all
  for (const char* tail : {"0.5", "0.0.5", "5"}) {
    EventFilter f;
    f.domain = tail;
    INFO(tail);
    CHECK(query(f).rows.empty());
  }
  CHECK(is_address_host("192.0.2.1"));
  CHECK(is_address_host("2001:db8::1"));
  CHECK(is_address_host("::ffff:192.0.2.1"));
  CHECK_FALSE(is_address_host("mx1.example.com"));
  CHECK_FALSE(is_address_host("1.example"));
  CHECK_FALSE(is_address_host(""));
}

TEST_CASE("events: filters combine, window, limit keeps the latest in time order", "[events]") {
  EventFilter f;
  f.domain = "example.com";
  f.klass = "permanent";
  EventList both = query(f);
  REQUIRE_FALSE(both.rows.empty());
  for (const EventRow& e : both.rows) CHECK(event_class(e) == "permanent");

  const EventList all = query({});
  const std::int64_t middle = all.rows[all.rows.size() / 2].time;
  EventFilter w;
  w.since = middle;
  for (const EventRow& e : query(w).rows) CHECK(e.time >= middle);
  w = EventFilter{};
  w.until = middle;
  for (const EventRow& e : query(w).rows) CHECK(e.time < middle);

  EventList latest = query({}, 5);
  REQUIRE(latest.rows.size() == 5);
  CHECK(latest.matching == static_cast<std::int64_t>(all.rows.size()));
  for (std::size_t i = 1; i < latest.rows.size(); ++i) CHECK(latest.rows[i - 1].time <= latest.rows[i].time);
  CHECK(latest.rows.back().id == all.rows.back().id);
}

TEST_CASE("events: user text is data, not SQL or LIKE syntax", "[events]") {
  EventFilter f;
  f.recipient = "%";
  CHECK(query(f).rows.empty());
  f.recipient = "' OR 1=1 --";
  CHECK(query(f).rows.empty());
  f = EventFilter{};
  f.peer = "127.0.0._";
  CHECK(query(f).rows.empty());
}

TEST_CASE("events: bad filter values are refused with a message", "[events]") {
  // Whether build_query takes the filter `set` makes; a refusal says why.
  auto builds = [](auto set) {
    EventFilter f;
    set(f);
    EventQuery q;
    std::string error;
    bool ok = build_query(f, embedded_catalogue(), q, error);
    INFO(error);
    CHECK(ok == error.empty());
    return ok;
  };
  auto refused = [&](auto set) { CHECK_FALSE(builds(set)); };
  refused([](EventFilter& f) { f.code = "6xx"; });
  refused([](EventFilter& f) { f.code = "5500"; });
  refused([](EventFilter& f) { f.enhanced = "5;7"; });
  refused([](EventFilter& f) { f.klass = "sometimes"; });
  refused([](EventFilter& f) { f.category = "weather"; });
  // A misspelt outcome, direction or enhanced code would match nothing, silently.
  refused([](EventFilter& f) { f.outcome = "bounce"; });
  refused([](EventFilter& f) { f.outcome = "Deferred"; });
  refused([](EventFilter& f) { f.direction = "outgoing"; });
  refused([](EventFilter& f) { f.enhanced = "9.9"; });
  refused([](EventFilter& f) { f.enhanced = "5.7.1.2"; });
  refused([](EventFilter& f) { f.enhanced = "5..1"; });
  refused([](EventFilter& f) { f.enhanced = "5.1234"; });
  auto accepted = [&](auto set) { CHECK(builds(set)); };
  for (const char* e : {"5.7.1", "5.7", "5", "X.7.1", "x.7", "4.7.*", "5.*", "2.0.0", "5.7.26"})
    accepted([&](EventFilter& f) { f.enhanced = e; });
  for (const char* o : {"deferred", "bounced", "expired", "rejected", "reject-warning", "auth-failed"})
    accepted([&](EventFilter& f) { f.outcome = o; });
  for (const char* d : {"outbound", "inbound", "local", "none"})
    accepted([&](EventFilter& f) { f.direction = d; });
  Run bad_outcome = run_smtplog({"events", "--db", events_db().path(), "--outcome", "bounce"}, events_db().dir());
  CHECK(bad_outcome.status == 2);
  CHECK(bad_outcome.err.find("--outcome 'bounce'") != std::string::npos);
  Run r = run_smtplog({"events", "--db", events_db().path(), "--class", "sometimes"}, events_db().dir());
  CHECK(r.status == 2);
}

TEST_CASE("events through the binary: text, raw lines, JSON, CSV", "[events]") {
  const std::string db = events_db().path();
  Run text = run_smtplog({"events", "--db", db, "--queue-id", "1xVZ2w-0006He-2M"}, events_db().dir());
  REQUIRE(text.status == 0);
  CHECK(text.out.find("r550-5.1.1_mixed@example.com") != std::string::npos);
  CHECK(text.out.find("Gmail: account does not exist") != std::string::npos);
  Run lines = run_smtplog({"events", "--db", db, "--queue-id", "1xVZ2w-0006He-2M", "--lines"}, events_db().dir());
  REQUIRE(lines.status == 0);
  CHECK(std::count(lines.out.begin(), lines.out.end(), '\n') == 4);
  CHECK(lines.out.rfind("2026-11-23 ", 0) == 0);
  Run json = run_smtplog({"events", "--db", db, "--format", "json", "--limit", "2"}, events_db().dir());
  CHECK(json.out.find("\"matching\":") != std::string::npos);
  Run csv = run_smtplog({"events", "--db", db, "--format", "csv", "--code", "5xx"}, events_db().dir());
  CHECK(csv.out.rfind("time,log_host,", 0) == 0);
}

TEST_CASE("trace: a message's failures and what its last one means", "[events][trace]") {
  const std::string db = events_db().path();
  Run r = run_smtplog({"trace", "--db", db, "1xVZ2w-0006He-2M"}, events_db().dir());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Message 1xVZ2w-0006He-2M (exim)") != std::string::npos);
  // Two recipients, two fates: one bounced, one still deferred at its last event.
  CHECK(r.out.find("r550-5.1.1_mixed@example.com: ended: bounced (permanent)") != std::string::npos);
  CHECK(r.out.find("r451-4.3.0_mixed@example.com: last stored: deferred") != std::string::npos);
  CHECK(r.out.find("Deliveries are not stored") != std::string::npos);
  CHECK(r.out.find("Trace shows the failures smtplog stores") != std::string::npos);

  r = run_smtplog({"trace", "--db", db, "someone@SILENT.example.net"}, events_db().dir());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("in 1 message") != std::string::npos);
  CHECK(r.out.find("Exim: connection or SMTP timeout") != std::string::npos);

  // An address as sender: refusals before queueing have no queue id.
  r = run_smtplog({"trace", "--db", db, "friend@client.example"}, events_db().dir());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Refused before a message was queued") != std::string::npos);
  std::string flat = r.out;
  for (std::size_t at; (at = flat.find("\n    ")) != std::string::npos;) flat.replace(at, 5, " ");
  for (std::size_t at; (at = flat.find("\n  ")) != std::string::npos;) flat.replace(at, 3, " ");
  CHECK(flat.find("we did not accept this mail, so it was never relayed") != std::string::npos);

  r = run_smtplog({"trace", "--db", db, "nobody-here@nowhere.example"}, events_db().dir());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("No stored failure event") != std::string::npos);

  r = run_smtplog({"trace", "--db", db, "--format", "json", "1xVZ2w-0006He-2M"}, events_db().dir());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("\"verdicts\":[") != std::string::npos);

  r = run_smtplog({"trace", "--db", db}, events_db().dir());
  CHECK(r.status == 2);
}

TEST_CASE("unparsed lists nothing for clean samples and says so", "[events][unparsed]") {
  Run r = run_smtplog({"unparsed", "--db", events_db().path()}, events_db().dir());
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("0 unparsed lines stored.", 0) == 0);
}

TEST_CASE("golden: events and trace of the samples", "[events][golden]") {
  // Made by the schema-1 program (one row per event) and unchanged by the
  // compressed blocks of schema 2: every field comes back from the line.
  static SampleDb db(golden_samples());
  Store store = db.open();
  auto load = [&](const std::string& trace, std::size_t limit) {
    EventQuery q;
    std::string error;
    REQUIRE(build_query(EventFilter{}, embedded_catalogue(), q, error));
    if (!trace.empty()) build_trace_query(trace, q);
    return load_events(store, q, limit);
  };
  const EventList all = load("", 0);
  std::ostringstream text, lines, json, csv;
  render_events_text(all, embedded_catalogue(), text, false);
  render_events_text(all, embedded_catalogue(), lines, true);
  render_events_json(all, embedded_catalogue(), json);
  render_events_csv(all, embedded_catalogue(), csv);
  check_golden("events.txt", normalized(text.str()));
  check_golden("events-lines.txt", normalized(lines.str()));
  check_golden("events.json", normalized(json.str()));
  check_golden("events.csv", normalized(csv.str()));
  std::ostringstream message, message_json, address;
  render_trace_text("1xVZ2w-0006He-2M", load("1xVZ2w-0006He-2M", 1000), embedded_catalogue(), message);
  render_trace_json("1xVZ2w-0006He-2M", load("1xVZ2w-0006He-2M", 1000), embedded_catalogue(), message_json);
  render_trace_text("friend@client.example", load("friend@client.example", 1000), embedded_catalogue(), address);
  check_golden("trace.txt", normalized(message.str()));
  check_golden("trace.json", normalized(message_json.str()));
  check_golden("trace-address.txt", normalized(address.str()));
}
