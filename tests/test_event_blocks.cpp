// Event blocks: what goes in comes out (hostile bytes included), damaged
// data is refused without a crash, the Bloom filter never forgets a key and
// rarely claims one it does not hold, and the LIKE matcher means what
// SQLite's LIKE meant.
#include <catch2/catch.hpp>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "analyzer/event_blocks.h"
#include "analyzer/report_events.h"
#include "analyzer/store.h"
#include "report_fixture.h"
#include "temp_dir.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

struct In {
  std::int64_t time;
  std::uint64_t line_no;
  std::string entry, line;
};

std::vector<In> hostile_events() {
  std::string nul = "with a NUL";
  nul += '\0';
  nul += "inside";
  std::string long_line(10000, 'x');
  long_line.replace(4095, 3, "\xe2\x82\xac");  // a euro sign across the 4 KiB mark
  return {
      {1795458000, 1, "gmail-no-such-user", "Nov 23 18:00:00 mx postfix/smtp[1]: 4BCD1234EF: to=<a@b.example>"},
      {1795457990, 2, "", nul},                                 // earlier than the one before
      {1795458100, 9, "X.7.1", "invalid \xff\xfe\xc3\x28 UTF-8 and \x1b[31m escapes"},
      {1795458100, 9, "X.7.1", ""},                             // an empty line, same line number
      {-5, 400000, "gmail-no-such-user", long_line},           // before 1970
      {4102444800, 400001, std::string(300, 'e'), "far future"},
  };
}

}  // namespace

TEST_CASE("an event block gives back exactly what was added, hostile bytes too", "[event-blocks]") {
  EventBlockBuilder b;
  const auto in = hostile_events();
  for (const In& e : in) b.add(e.time, e.line_no, e.entry, e.line, EventKeys{});
  EventBlock block = b.finish();
  CHECK(b.empty());
  CHECK(block.n == in.size());
  CHECK(block.t_min == -5);
  CHECK(block.t_max == 4102444800);
  std::string buffer, error;
  std::vector<DecodedEvent> out;
  REQUIRE(decode_event_block(block.data, buffer, out, error));
  REQUIRE(out.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    INFO(i);
    CHECK(out[i].time == in[i].time);
    CHECK(out[i].line_no == in[i].line_no);
    CHECK(out[i].entry == in[i].entry);
    CHECK(out[i].line == in[i].line);
  }
  // The builder starts over: a second block holds only what came after.
  b.add(7, 3, "", "again", EventKeys{});
  EventBlock second = b.finish();
  REQUIRE(decode_event_block(second.data, buffer, out, error));
  REQUIRE(out.size() == 1);
  CHECK(out[0].line == "again");
  CHECK(out[0].time == 7);
}

TEST_CASE("damaged block data is refused, never read past its end", "[event-blocks]") {
  EventBlockBuilder b;
  const auto in = hostile_events();  // add() keeps views of the lines until finish()
  for (const In& e : in) b.add(e.time, e.line_no, e.entry, e.line, EventKeys{});
  const EventBlock block = b.finish();
  std::string buffer, error;
  std::vector<DecodedEvent> out;
  CHECK_FALSE(decode_event_block("", buffer, out, error));
  CHECK_FALSE(decode_event_block("not zstd at all", buffer, out, error));
  for (std::size_t cut : {std::size_t{1}, block.data.size() / 2, block.data.size() - 1}) {
    INFO("cut at " << cut);
    CHECK_FALSE(decode_event_block(std::string_view(block.data).substr(0, cut), buffer, out, error));
    CHECK(out.empty());
  }
  // Flipped bytes: refused or decoded, never a crash (ASan watches).
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string bad = block.data;
    bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    (void)decode_event_block(bad, buffer, out, error);
  }
}

namespace {

void put_varint(std::string& out, std::uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7f) | 0x80));
  out.push_back(static_cast<char>(v));
}

std::string zstd(const std::string& raw) {
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), 1));
  return out;
}

// What every block format starts with: the format, the number of events and
// the entry ids.
std::string block_head(std::uint64_t format, std::uint64_t n, const std::vector<std::string>& entries) {
  std::string head;
  put_varint(head, format);
  put_varint(head, n);
  put_varint(head, entries.size());
  for (const std::string& id : entries) {
    put_varint(head, id.size());
    head += id;
  }
  return head;
}

// Block data of format 2 or 3 made by hand: the head, the size of the
// events' numbers, the numbers, then the events' heads.
std::string hand_block(std::uint64_t format, std::uint64_t n, const std::vector<std::string>& entries,
                       const std::vector<std::uint64_t>& numbers, const std::string& heads) {
  std::string raw = block_head(format, n, entries), meta;
  for (std::uint64_t v : numbers) put_varint(meta, v);
  put_varint(raw, meta.size());
  return zstd(raw + meta + heads);
}

// What block formats 1 and 2 wrote alike: the entry ids in order of first
// use, and per event its line number's step, its time's step (zigzag) and
// its entry's number (0: none).
struct OldBlock {
  std::vector<std::string> entries;
  std::vector<std::array<std::uint64_t, 3>> steps;
};

OldBlock old_block(const std::vector<In>& events) {
  OldBlock out;
  std::vector<std::string>& entries = out.entries;
  std::uint64_t prev_line = 0;
  std::int64_t prev_time = 0;
  for (const In& e : events) {
    std::uint64_t entry = 0;
    if (!e.entry.empty()) {
      auto it = std::find(entries.begin(), entries.end(), e.entry);
      if (it == entries.end()) it = entries.insert(entries.end(), e.entry);
      entry = static_cast<std::uint64_t>(it - entries.begin()) + 1;
    }
    const std::int64_t dt = e.time - prev_time;
    out.steps.push_back({e.line_no - std::min(prev_line, e.line_no),
                         (static_cast<std::uint64_t>(dt) << 1) ^ static_cast<std::uint64_t>(dt >> 63), entry});
    prev_line = e.line_no;
    prev_time = e.time;
  }
  return out;
}

// A block's data in format 1, as the builder wrote it until format 2 (each
// event with its whole line): databases in the field hold such blocks, and
// must keep reading them.
std::string format1_block(const std::vector<In>& events) {
  const OldBlock block = old_block(events);
  std::string body;
  for (std::size_t i = 0; i < events.size(); ++i) {
    for (std::uint64_t v : block.steps[i]) put_varint(body, v);
    put_varint(body, events[i].line.size());
    body += events[i].line;
  }
  return zstd(block_head(1, events.size(), block.entries) + body);
}

// Failure lines as a log has them: replies repeat with their entry, lines of
// one second share their start, and some share nothing.
std::vector<In> log_events() {
  auto in = hostile_events();
  const char* replies[] = {
      "said: 450 4.2.0 Recipient address rejected: Greylisted (in reply to RCPT TO command))",
      "said: 550 5.1.1 The email account that you tried to reach does not exist. - gsmtp (in reply to RCPT TO command))",
      "Connection timed out)"};
  const char* entries[] = {"greylisted", "gmail-no-such-user", ""};
  for (int i = 0; i < 300; ++i) {
    const int r = (i * 7 + i / 5) % 3;
    std::string line = "Nov 23 18:" + std::to_string(10 + i / 60) + ":" + std::to_string(10 + i % 50) +
                       " mx postfix/smtp[" + std::to_string(1000 + i % 4) + "]: " + std::to_string(4000 + i) +
                       "AB: to=<u" + std::to_string(i) + "@example.com>, status=deferred (host mx said: " +
                       replies[r];
    if (i % 17 == 0) line = replies[r];                     // the whole line is an earlier suffix
    if (i % 23 == 0) line = line.substr(0, 12);             // the whole line is an earlier prefix
    in.push_back(In{1795458000 + i, static_cast<std::uint64_t>(400002 + i), entries[r], line});
  }
  return in;
}

}  // namespace

TEST_CASE("blocks of format 1 (written before format 2) decode to the same events", "[event-blocks]") {
  const auto in = log_events();
  std::string buffer, error;
  std::vector<DecodedEvent> old_out, new_out;
  REQUIRE(decode_event_block(format1_block(in), buffer, old_out, error));
  std::vector<std::string> old_lines;
  for (const DecodedEvent& e : old_out) old_lines.emplace_back(e.line);
  EventBlockBuilder b;
  for (const In& e : in) b.add(e.time, e.line_no, e.entry, e.line, EventKeys{});
  const EventBlock block = b.finish();
  REQUIRE(decode_event_block(block.data, buffer, new_out, error));
  REQUIRE(old_out.size() == in.size());
  REQUIRE(new_out.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    INFO(i);
    CHECK(old_lines[i] == in[i].line);
    CHECK(new_out[i].line == in[i].line);
    CHECK(new_out[i].time == in[i].time);
    CHECK(new_out[i].line_no == in[i].line_no);
    CHECK(new_out[i].entry == in[i].entry);
  }
  // Format 2 stores what lines share once: zstd gets less to read.
  std::string raw(ZSTD_getFrameContentSize(block.data.data(), block.data.size()), '\0');
  std::size_t lines = 0;
  for (const In& e : in) lines += e.line.size();
  CHECK(ZSTD_decompress(raw.data(), raw.size(), block.data.data(), block.data.size()) == raw.size());
  CHECK(raw.size() < lines / 2);
}

// A block's data in format 2, as the builder wrote it until format 3: the
// heads in the events' order. Here every line is its own head (no prefix,
// no suffix), which format 2 allows.
std::string format2_block(const std::vector<In>& events) {
  const OldBlock block = old_block(events);
  std::vector<std::uint64_t> numbers;
  std::string heads;
  for (std::size_t i = 0; i < events.size(); ++i) {
    numbers.insert(numbers.end(), block.steps[i].begin(), block.steps[i].end());
    numbers.insert(numbers.end(), {0, events[i].line.size(), 0});
    heads += events[i].line;
  }
  return hand_block(2, events.size(), block.entries, numbers, heads);
}

TEST_CASE("blocks of format 2 (heads in the events' order) decode to the same events", "[event-blocks]") {
  const auto in = log_events();  // three entries, interleaved
  std::string buffer, error;
  std::vector<DecodedEvent> out;
  REQUIRE(decode_event_block(format2_block(in), buffer, out, error));
  REQUIRE(out.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    INFO(i);
    CHECK(out[i].line == in[i].line);
    CHECK(out[i].time == in[i].time);
    CHECK(out[i].line_no == in[i].line_no);
    CHECK(out[i].entry == in[i].entry);
  }
}

TEST_CASE("format 3 stores the heads grouped by entry; data that refers past them is refused", "[event-blocks]") {
  auto block = [](const std::vector<std::uint64_t>& numbers, const std::string& heads, std::uint64_t n) {
    return hand_block(3, n, {"e", "f"}, numbers, heads);
  };
  std::string buffer, error;
  std::vector<DecodedEvent> out;
  // line delta, time delta, entry, prefix, head, suffix: entry e, none, f, e
  // (with 3 bytes from e's last line); heads: none's, then e's, then f's.
  const std::initializer_list<std::uint64_t> numbers = {1, 2, 1, 0, 3, 0, 1, 0, 0, 0, 2, 0,
                                                        1, 0, 2, 0, 1, 0, 1, 0, 1, 0, 1, 3};
  REQUIRE(decode_event_block(block(numbers, "xyabcqF", 4), buffer, out, error));
  REQUIRE(out.size() == 4);
  CHECK(out[0].line == "abc");
  CHECK(out[0].entry == "e");
  CHECK(out[1].line == "xy");
  CHECK(out[1].entry == "");
  CHECK(out[2].line == "F");
  CHECK(out[2].entry == "f");
  CHECK(out[3].line == "qabc");
  CHECK(out[3].line_no == 4);
  CHECK(out[3].time == 1);  // zigzag 2 = +1, then 0s
  // The same numbers with heads missing or left over, and an entry not in the table.
  CHECK_FALSE(decode_event_block(block(numbers, "xyabcq", 4), buffer, out, error));
  CHECK_FALSE(decode_event_block(block(numbers, "xyabcqFF", 4), buffer, out, error));
  CHECK_FALSE(decode_event_block(block({1, 2, 3, 0, 3, 0}, "abc", 1), buffer, out, error));
  CHECK(out.empty());
  // What the builder writes is format 3, its heads grouped so.
  EventBlockBuilder b;
  b.add(1, 1, "e", "abc", EventKeys{});
  b.add(1, 2, "", "xy", EventKeys{});
  b.add(1, 3, "f", "F", EventKeys{});
  b.add(1, 4, "e", "qabc", EventKeys{});
  const EventBlock built = b.finish();
  std::string raw(ZSTD_getFrameContentSize(built.data.data(), built.data.size()), '\0');
  REQUIRE(ZSTD_decompress(raw.data(), raw.size(), built.data.data(), built.data.size()) == raw.size());
  CHECK(raw[0] == 3);
  CHECK(raw.substr(raw.size() - 7) == "xyabcqF");
}

namespace {

// A block's data in format 3 made by hand: every line its own head (no
// prefix, no suffix), the heads grouped by entry, which format 3 allows.
std::string format3_block(const std::vector<In>& events) {
  const OldBlock block = old_block(events);
  std::vector<std::uint64_t> numbers;
  std::vector<std::string> groups(block.entries.size() + 1);
  for (std::size_t i = 0; i < events.size(); ++i) {
    numbers.insert(numbers.end(), block.steps[i].begin(), block.steps[i].end());
    numbers.insert(numbers.end(), {0, events[i].line.size(), 0});
    groups[block.steps[i][2]] += events[i].line;
  }
  std::string heads;
  for (const std::string& g : groups) heads += g;
  return hand_block(3, events.size(), block.entries, numbers, heads);
}

}  // namespace

TEST_CASE("blocks of formats 1 and 2 in a database decode and are found by their keys as format 3's",
          "[event-blocks][bloom]") {
  // Failure lines with their queue ids and recipients; the same events stored
  // once per format, each in a database of its own, with the filter the
  // builder makes of their keys (filters did not change with the formats);
  // format 3 both as the builder writes it and made by hand.
  std::vector<In> in;
  std::vector<std::array<std::size_t, 4>> at;  // queue id and recipient: start and size in the line
  const char* entries[] = {"gmail-no-such-user", "greylisted", ""};
  for (int i = 0; i < 120; ++i) {
    const std::string id = "4B" + std::to_string(1000 + i * 7) + "EF";
    const std::string rcpt = "u" + std::to_string(i % 12) + "@d" + std::to_string(i % 4) + ".example";
    std::string line = "Nov 23 18:" + std::to_string(10 + i / 60) + ":" + std::to_string(10 + i % 50) +
                       " mx postfix/smtp[77]: " + id + ": to=<" + rcpt + ">, relay=mx.d" +
                       std::to_string(i % 4) + ".example[192.0.2." + std::to_string(i % 9) +
                       "]:25, status=bounced (host said: 550 5.1.1 <" + rcpt + ">: no such user)";
    at.push_back({line.find(id), id.size(), line.find(rcpt), rcpt.size()});
    in.push_back(In{1795458000 + i, static_cast<std::uint64_t>(1 + i * 2), entries[i % 3], line});
  }
  auto keys = [&](std::size_t i) {
    const std::string_view line = in[i].line;
    return EventKeys{line.substr(at[i][0], at[i][1]), line.substr(at[i][2], at[i][3])};
  };
  EventBlockBuilder b;
  for (std::size_t i = 0; i < in.size(); ++i) b.add(in[i].time, in[i].line_no, in[i].entry, in[i].line, keys(i));
  const EventBlock built = b.finish();
  std::string raw(ZSTD_getFrameContentSize(built.data.data(), built.data.size()), '\0');
  REQUIRE(ZSTD_decompress(raw.data(), raw.size(), built.data.data(), built.data.size()) == raw.size());
  REQUIRE(raw[0] == 3);
  TempDir dir;
  use_utc();
  // Each query's rows (line, time, line number, entry), in each format's database.
  std::map<int, std::vector<std::string>> found;
  for (int format : {1, 2, 3, 4}) {  // 4: the builder's block (format 3)
    INFO("format " << format);
    const std::string path = (dir / ("f" + std::to_string(format) + ".db")).string();
    std::string error;
    {
      auto store = Store::open(path, Store::Mode::read_write, error);
      REQUIRE(store);
      REQUIRE(store->exec("INSERT INTO inputs (id, fingerprint, fp_len, path, first_seen, last_seen) "
                          "VALUES (3, 'ff', 4096, '/var/log/mail.log', 0, 0)"));
      EventBlock block = built;
      if (format == 1) block.data = format1_block(in);
      if (format == 2) block.data = format2_block(in);
      if (format == 3) block.data = format3_block(in);
      Transaction tx(*store);
      REQUIRE(write_event_blocks(*store, 3, {block}));
      REQUIRE(tx.commit());
    }
    auto store = Store::open(path, Store::Mode::read_only, error);
    REQUIRE(store);
    auto run = [&](const EventQuery& q, std::size_t expect) {
      const EventList list = load_events(*store, q, 0);
      CHECK(list.rows.size() == expect);
      for (const EventRow& e : list.rows)
        found[format].push_back(e.line + "|" + std::to_string(e.time) + "|" + std::to_string(e.line_no) + "|" +
                                e.entry + "|" + e.queue_id + "|" + e.recipient);
    };
    EventQuery all;
    REQUIRE(build_query(EventFilter{}, embedded_catalogue(), all, error));
    run(all, in.size());
    for (std::size_t i : {std::size_t{0}, std::size_t{41}, std::size_t{119}}) {
      EventQuery trace, rcpt;
      REQUIRE(build_query(EventFilter{}, embedded_catalogue(), trace, error));
      CHECK_FALSE(build_trace_query(std::string(keys(i).queue_id), trace));  // a queue id, not an address
      run(trace, 1);
      EventFilter by_rcpt;
      by_rcpt.recipient = std::string(keys(i).recipient);
      REQUIRE(build_query(by_rcpt, embedded_catalogue(), rcpt, error));
      run(rcpt, in.size() / 12);
    }
    EventFilter by_domain;
    by_domain.domain = "d3.example";
    EventQuery q;
    REQUIRE(build_query(by_domain, embedded_catalogue(), q, error));
    run(q, in.size() / 4);
    by_domain.domain = "not-there.example";  // ruled out by the filter, whatever the format
    EventQuery absent;
    REQUIRE(build_query(by_domain, embedded_catalogue(), absent, error));
    const EventList none = load_events(*store, absent, 0);
    CHECK(none.rows.empty());
    CHECK(none.blocks_skipped == 1);
  }
  CHECK(found[1].size() > in.size());
  CHECK(found[1] == found[4]);
  CHECK(found[2] == found[4]);
  CHECK(found[3] == found[4]);  // 3 by hand, 4: the builder's format 3
}

TEST_CASE("format 2 data that refers past what it holds is refused", "[event-blocks]") {
  auto block = [](const std::vector<std::uint64_t>& numbers, const std::string& heads, std::uint64_t n) {
    return hand_block(2, n, {"e"}, numbers, heads);
  };
  std::string buffer, error;
  std::vector<DecodedEvent> out;
  // line delta, time delta, entry, prefix, head, suffix
  REQUIRE(decode_event_block(block({1, 2, 1, 0, 3, 0, 1, 2, 1, 2, 1, 3}, "abcx", 2), buffer, out, error));
  REQUIRE(out.size() == 2);
  CHECK(out[0].line == "abc");
  CHECK(out[1].line == "abxabc");  // 2 from the line before, "x", 3 from the entry's last line
  CHECK(out[1].entry == "e");
  CHECK(out[1].line_no == 2);
  CHECK(out[1].time == 2);
  // A prefix longer than the line before, a suffix longer than the entry's
  // last line, an entry not in the table, heads left over or missing, an event
  // count the numbers do not hold.
  CHECK_FALSE(decode_event_block(block({1, 2, 1, 0, 3, 0, 1, 2, 1, 4, 1, 0}, "abcx", 2), buffer, out, error));
  CHECK_FALSE(decode_event_block(block({1, 2, 1, 0, 3, 0, 1, 2, 0, 0, 1, 1}, "abcx", 2), buffer, out, error));
  CHECK_FALSE(decode_event_block(block({1, 2, 2, 0, 3, 0}, "abc", 1), buffer, out, error));
  CHECK_FALSE(decode_event_block(block({1, 2, 1, 0, 3, 0}, "abcd", 1), buffer, out, error));
  CHECK_FALSE(decode_event_block(block({1, 2, 1, 0, 3, 0}, "ab", 1), buffer, out, error));
  CHECK_FALSE(decode_event_block(block({1, 2, 1, 0, 3, 0}, "abc", 2), buffer, out, error));
  CHECK(out.empty());
  // Lines that double from one to the next would claim gigabytes from a few
  // bytes: refused at the block size limit.
  std::vector<std::uint64_t> doubling = {1, 0, 1, 0, 8, 0};
  for (int i = 1; i < 40; ++i) doubling.insert(doubling.end(), {1, 0, 1, std::uint64_t{8} << (i - 1), 0, std::uint64_t{8} << (i - 1)});
  CHECK_FALSE(decode_event_block(hand_block(2, 40, {"e"}, doubling, "12345678"), buffer, out, error));
  CHECK(error == "damaged block data");
}

TEST_CASE("the Bloom filter holds every key and few others (~1% false positives)", "[event-blocks][bloom]") {
  std::mt19937_64 rng(42);
  std::vector<std::string> values;
  std::vector<std::uint64_t> keys;
  for (int i = 0; i < 20000; ++i) {
    values.push_back("user" + std::to_string(rng()) + "@example.com");
    keys.push_back(key_hash2(key::recipient, values.back()));
  }
  const std::string filter = bloom_build(keys);
  CHECK(filter.size() < 20000 * 10 / 8 + 64 + 2);  // 10 bits a key, in blocks of 64 bytes
  for (const std::string& v : values) REQUIRE(bloom_may_contain(filter, key_probe(key::recipient, v)));
  int false_positives = 0;
  const int tries = 200000;
  for (int i = 0; i < tries; ++i)
    false_positives += bloom_may_contain(filter, key_probe(key::recipient, "other" + std::to_string(rng()) + "@x"));
  double rate = double(false_positives) / tries;
  WARN("Bloom filter false-positive rate: " << rate * 100 << "% (" << false_positives << " of " << tries << ")");
  CHECK(rate < 0.02);
  CHECK(rate > 0.0001);  // a filter that answers "no" to everything would pass the line above

  // Repeated keys (half a block's keys repeat) are not counted again: the
  // filter is sized for the distinct ones, their number estimated.
  for (std::size_t distinct : {1, 2, 7, 100, 3000, 14000, 60000}) {
    INFO(distinct << " distinct keys");
    std::vector<std::uint64_t> repeated;
    for (std::size_t i = 0; i < distinct * 3; ++i) repeated.push_back(key_hash2(key::domain, std::to_string(i % distinct)));
    std::shuffle(repeated.begin(), repeated.end(), rng);
    const std::string f = bloom_build(repeated);
    const std::size_t blocks = (f.size() - 2) / 64, exact = std::max<std::size_t>(1, (distinct * 10 + 511) / 512);
    CHECK((f.size() - 2) % 64 == 0);
    CHECK(blocks + 1 >= exact);  // within a block of the exact count's (~0.15% of the keys)
    CHECK(blocks <= exact + 1);
    for (std::size_t i = 0; i < distinct; ++i) REQUIRE(bloom_may_contain(f, key_probe(key::domain, std::to_string(i))));
  }

  std::vector<std::uint64_t> none;
  const std::string empty = bloom_build(none);
  CHECK_FALSE(bloom_may_contain(empty, key_probe(key::queue_id, "ABC")));
  CHECK(bloom_may_contain("", key_probe(key::queue_id, "ABC")));  // no filter: cannot rule out
  CHECK(bloom_may_contain(std::string("\0\x03", 2) + std::string(64, '\0'), key_probe(key::queue_id, "ABC")));  // a later format
}

namespace {

// The filter as the first version built it (sort, unique, a division per
// probe): blocks already in users' databases were made so, and readers probe
// them so; the faster build must set exactly the same bits.
std::string reference_bloom(std::vector<std::uint64_t> hashes) {
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::size_t bytes = std::max<std::size_t>(8, (hashes.size() * 10 + 7) / 8);
  std::string filter(1 + bytes, '\0');
  filter[0] = 7;
  const std::uint64_t bits = bytes * 8;
  for (std::uint64_t h : hashes) {
    std::uint64_t step = (h >> 32 | h << 32) | 1;
    for (unsigned i = 0; i < 7; ++i, h += step) {
      std::uint64_t bit = h % bits;
      filter[1 + bit / 8] = static_cast<char>(filter[1 + bit / 8] | (1 << (bit % 8)));
    }
  }
  return filter;
}

}  // namespace

TEST_CASE("format-1 filters (blocks written before format 2) are still read", "[event-blocks][bloom]") {
  std::mt19937_64 rng(8);
  for (std::size_t n : {0, 1, 3, 511, 4099, 70000}) {
    INFO(n << " keys");
    std::vector<std::string> values;
    std::vector<std::uint64_t> keys;
    for (std::size_t i = 0; i < n; ++i) {
      values.push_back("1xVZ3A-" + std::to_string(rng()));
      keys.push_back(key_hash(key::queue_id, values.back()));
    }
    const std::string filter = reference_bloom(keys);
    for (const std::string& v : values) REQUIRE(bloom_may_contain(filter, key_probe(key::queue_id, v)));
    int false_positives = 0;
    for (int i = 0; i < 10000; ++i)
      false_positives += bloom_may_contain(filter, key_probe(key::queue_id, "other" + std::to_string(rng())));
    CHECK(false_positives < (n < 100 ? 10000 : 300));  // ~1% once the filter is more than its 8 bytes
  }
}

TEST_CASE("a block's filter holds the keys of all its events, repeated values or not", "[event-blocks][bloom]") {
  // Values repeat across events, in other cases too: the builder hashes a
  // value once per block, and must end with the filter of every event's keys.
  const std::vector<std::string> ids = {"4BCD1234EF", "4bcd1234ef", "1xVZ3A-0006Mj-1k", ""};
  const std::vector<std::string> addrs = {"a@b.example", "A@B.example", "x@mail.example.com", "", "no-at-sign"};
  const std::vector<std::string> hosts = {"mx1.relay.example.net", "relay.example.net", "unknown", "", "a..b."};
  const std::vector<std::string> ips = {"192.0.2.1", "2001:db8::1", ""};
  EventBlockBuilder b;
  std::vector<std::uint64_t> all;
  std::mt19937 rng(3);
  for (int i = 0; i < 500; ++i) {
    EventKeys k{ids[rng() % ids.size()], addrs[rng() % addrs.size()], addrs[rng() % addrs.size()],
                hosts[rng() % hosts.size()], ips[rng() % ips.size()]};
    b.add(1795458000 + i, static_cast<std::uint64_t>(i), "", "line", k);
    event_keys(k, all);
    if (i == 200) {  // a second block starts with nothing seen
      EventBlock first = b.finish();
      CHECK(first.keys == bloom_build(all));
      all.clear();
    }
  }
  EventBlock second = b.finish();
  CHECK(second.keys == bloom_build(all));
}

TEST_CASE("a block built from catalogue entries is the one built from their ids", "[event-blocks]") {
  // Batch::add gives the builder the event's catalogue entry, which it finds
  // in its entry table by address (a cache emptied per block), not by id.
  // More entries than the cache has slots, two entries with one id, an entry
  // with no id, none at all; a second block numbers its entries afresh.
  std::vector<Entry> entries(600);
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].id = "entry-" + std::to_string(i % 590);  // 10 ids twice
  entries[7].id.clear();
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i)
    lines.push_back("Nov 23 18:00:" + std::to_string(10 + i % 50) + " mx postfix/smtp[" + std::to_string(i) +
                    "]: 4BCD1234EF: to=<u" + std::to_string(i % 37) + "@d" + std::to_string(i % 11) + ".example>");
  EventBlockBuilder by_entry, by_id;
  std::mt19937 rng(5);
  for (int block = 0; block < 2; ++block) {
    for (int i = 0; i < 1500; ++i) {
      const std::size_t n = rng() % (entries.size() + 1);
      const Entry* e = n == entries.size() ? nullptr : &entries[rng() % 2 ? n : n % 20];  // some entries often
      const std::string& line = lines[static_cast<std::size_t>(block * 1500 + i)];
      Event ev;
      ev.queue_id = "4BCD1234EF";
      ev.recipient = std::string_view(line).substr(line.find('<') + 1);
      const std::int64_t t = 1795458000 + i;
      by_entry.add(ev, e, t, static_cast<std::uint64_t>(i + 1), line);
      by_id.add(t, static_cast<std::uint64_t>(i + 1), e ? std::string_view(e->id) : std::string_view(), line,
                keys_of(ev));
    }
    INFO("block " << block);
    const EventBlock a = by_entry.finish(), b = by_id.finish();
    CHECK(a.n == 1500);
    CHECK(a.data == b.data);
    CHECK(a.keys == b.keys);
    std::string buffer, error;
    std::vector<DecodedEvent> out;
    REQUIRE(decode_event_block(a.data, buffer, out, error));
    REQUIRE(out.size() == 1500);
    CHECK(out[0].line == lines[static_cast<std::size_t>(block * 1500)]);
  }
}

TEST_CASE("event keys: ids, addresses, domains with their parents, peers; any case", "[event-blocks][bloom]") {
  std::vector<std::uint64_t> keys;
  event_keys(EventKeys{"4BCD1234EF", "Alice@Mail.Example.COM", "bob@sender.example", "mx1.Relay.Example.net",
                       "192.0.2.1"},
             keys);
  const std::string filter = bloom_build(keys);
  auto has = [&](char field, const char* v) { return bloom_may_contain(filter, key_probe(field, v)); };
  CHECK(has(key::queue_id, "4bcd1234ef"));
  CHECK(has(key::recipient, "alice@mail.example.com"));
  CHECK(has(key::sender, "BOB@sender.example"));
  CHECK(has(key::domain, "mail.example.com"));
  CHECK(has(key::domain, "mx1.relay.example.net"));
  CHECK(has(key::domain, "relay.example.net"));
  CHECK(has(key::domain, "example.net"));
  CHECK(has(key::peer, "192.0.2.1"));
  CHECK(has(key::peer, "MX1.relay.example.net"));
  // Fields are apart: a sender is not a recipient. (A false positive is
  // possible in principle; with 11 keys in 112 bits these are not.)
  CHECK_FALSE(has(key::recipient, "bob@sender.example"));
  CHECK_FALSE(has(key::queue_id, "192.0.2.1"));
}

TEST_CASE("event keys are key_hash2 of each field, however many and however long", "[event-blocks][bloom]") {
  // Each key must be what key_hash2 gives for its value alone (readers probe
  // with key_probe).
  std::string many_labels;
  for (int i = 0; i < 20; ++i) many_labels += "l" + std::to_string(i) + (i % 3 ? "." : "-X.");
  many_labels += "Example.ORG";
  const std::string long_sender(700, 'S');  // outlives the views below
  for (const EventKeys& k : {EventKeys{"4BCD1234EF", "Alice@Mail.Example.COM", "b@s.example", "mx1.Relay.Example.net", "192.0.2.1"},
                             EventKeys{"", "", "", "", ""}, EventKeys{"Q", "", "", "", ""},
                             EventKeys{"", "no-at-sign", long_sender, many_labels, "2001:DB8::1"},
                             EventKeys{"1xVZ3A-0006Mj-1k", "x@", "@y", ".", ""},
                             EventKeys{"4BCD1234EF", "a@b.example", "", "192.0.2.7", "192.0.2.7"},  // no name
                             EventKeys{"4BCD1234EF", "a@b.example", "", "192.0.2.7", "192.0.2.8"},
                             EventKeys{"", "", "", "2001:db8::7", "2001:db8::7"},
                             EventKeys{"", "", "", "1.example", "192.0.2.9"}}) {
    INFO(k.queue_id << " " << k.recipient << " " << k.peer_host);
    std::vector<std::uint64_t> expected;
    auto add = [&](char field, std::string_view v) {
      if (!v.empty()) expected.push_back(key_hash2(field, v));
    };
    add(key::queue_id, k.queue_id);
    add(key::recipient, k.recipient);
    add(key::sender, k.sender);
    if (std::size_t at = k.recipient.rfind('@'); at != std::string_view::npos) add(key::domain, k.recipient.substr(at + 1));
    // A name with each of its parents; an address whole (is_address_host:
    // tested in test_events.cpp).
    const bool address = is_address_host(k.peer_host);
    for (std::string_view h = k.peer_host; !h.empty();) {
      add(key::domain, h);
      std::size_t dot = h.find('.');
      h = dot == std::string_view::npos || address ? std::string_view() : h.substr(dot + 1);
    }
    add(key::peer, k.peer_host);
    add(key::peer, k.peer_ip);
    std::vector<std::uint64_t> got;
    event_keys(k, got);
    // Each key once at least; one also once at most: a peer IP that is its host.
    CHECK((std::find(got.begin(), got.end(), key_hash2(key::peer, k.peer_ip)) != got.end()) == !k.peer_ip.empty());
    if (!k.peer_ip.empty() && k.peer_ip == k.peer_host)
      CHECK(std::count(got.begin(), got.end(), key_hash2(key::peer, k.peer_ip)) == 1);
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    std::sort(got.begin(), got.end());
    got.erase(std::unique(got.begin(), got.end()), got.end());
    CHECK(got == expected);
  }
  // key_hash itself is a stable format (filters in users' databases): FNV-1a
  // of the field letter and the lower-cased value, then a splitmix64 finish.
  CHECK(key_hash(key::queue_id, "4BCD1234EF") == key_hash(key::queue_id, "4bcd1234ef"));
  // (Values computed apart, in Python, from that definition.)
  CHECK(key_hash(key::queue_id, "") == 0x4cce86d2ae43b7a5ULL);
  CHECK(key_hash(key::recipient, "Alice@Mail.Example.COM") == 0x454afceec7f2dafeULL);
  // key_hash2 too (format-2 filters): 8 bytes at a time, little-endian, the
  // last ones zero-padded, each ASCII-lower-cased; h = (rotl(h, 23) ^ word) *
  // 0x9fb21c651e98df25 from ((0x9e3779b97f4a7c15 ^ field) * that) ^ length;
  // the same splitmix64 finish. Values computed apart, in Python.
  CHECK(key_hash2(key::queue_id, "") == 0xff8a13a6797690baULL);
  CHECK(key_hash2(key::recipient, "Alice@Mail.Example.COM") == 0x09c6d451a56c92a7ULL);
  CHECK(key_hash2(key::domain, "\xc3\x89" "COLE.example") == 0x819c4de7c3cdcff1ULL);  // only ASCII folds
  CHECK(key_hash2(key::queue_id, "Q") == 0x516778df0189fc63ULL);  // values of 1-7 bytes
  CHECK(key_hash2(key::peer, "mX") == 0x6690737fc8a04bf2ULL);
  CHECK(key_hash2(key::sender, "abc") == 0xfa8a36348abaede9ULL);
  CHECK(key_hash2(key::queue_id, "1xVZ3A") == 0x89a1b11f34fa8e72ULL);
  CHECK(key_hash2(key::domain, "Example") == 0xb6a4715bc141d751ULL);
  // Its 8-byte case fold is ascii_lower on every byte, in every position.
  for (int c = 0; c < 256; ++c)
    for (std::size_t at : {0, 3, 7, 8, 12}) {
      std::string v(13, 'k'), lower(13, 'k');
      v[at] = static_cast<char>(c);
      lower[at] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      INFO(c << " at " << at);
      REQUIRE(key_hash2(key::peer, v) == key_hash2(key::peer, lower));
      if (lower != v) continue;
      std::string other = v;
      other[at] = static_cast<char>(c ^ 0x20);  // the other case of a letter, or another byte
      if (!(c >= 'a' && c <= 'z')) REQUIRE(key_hash2(key::peer, v) != key_hash2(key::peer, other));
    }
}

TEST_CASE("like_match means what SQLite's LIKE ... ESCAPE '\\' meant", "[events]") {
  struct Row {
    const char* pattern;
    const char* text;
    bool match;
  };
  const Row rows[] = {
      {"abc", "ABC", true},          {"abc", "abcd", false},      {"a%", "a", true},
      {"a%", "ab@c", true},          {"%@example.com", "x@Example.Com", true},
      {"%@example.com", "x@sub.example.com", false},             {"%.example.com", "mx.example.com", true},
      {"%.example.com", "example.com", false},                   {"r550%", "r550-5.1.1@x", true},
      {"r550%", "xr550", false},     {"%a%b%", "xxaxxbxx", true}, {"%a%b%", "xxbxxaxx", false},
      {"5__", "550", true},          {"5__", "55", false},        {"5.7.%", "5.7.1", true},
      {"_.1.1", "5.1.1", true},      {"_.1.1", "5.1.10", false},  {"\\%", "%", true},
      {"\\%", "x", false},           {"a\\_b", "a_b", true},      {"a\\_b", "axb", false},
      {"_", "\xc3\xa9", true},       {"%", "", true},             {"", "", true},
      {"", "x", false},              {"%%%", "abc", true},        {"a%a", "aaaa", true},
  };
  for (const Row& r : rows) {
    INFO(r.pattern << " LIKE " << r.text);
    CHECK(like_match(r.pattern, r.text) == r.match);
  }
}

TEST_CASE("events shows a long line cut at 4 KiB but reads its fields from the whole line", "[event-blocks]") {
  TempDir dir;
  std::string error, path = (dir / "long.db").string();
  use_utc();
  {
    auto store = Store::open(path, Store::Mode::read_write, error);
    REQUIRE(store);
    REQUIRE(store->exec("INSERT INTO inputs (id, fingerprint, fp_len, path, first_seen, last_seen) "
                        "VALUES (3, 'ff', 4096, '/var/log/mail.log', 0, 0)"));
    std::string reply = "550 5.1.1 " + std::string(5000, 'y') + " \xe2\x82\xac end";
    std::string line = "Nov 23 18:00:00 mx postfix/smtp[1]: 4BCD1234EF: to=<a@b.example>, "
                       "relay=mx.b.example[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced "
                       "(host mx.b.example[192.0.2.1] said: " + reply + " (in reply to RCPT TO command))";
    EventBlockBuilder b;
    b.add(1795458000, 12, "gmail-no-such-user", line, EventKeys{"4BCD1234EF", "a@b.example"});
    EventBlock block = b.finish();
    block.first_line = 100;
    Transaction tx(*store);
    REQUIRE(write_event_blocks(*store, 3, {block}));
    REQUIRE(tx.commit());
  }
  auto store = Store::open(path, Store::Mode::read_only, error);
  REQUIRE(store);
  EventQuery q;
  REQUIRE(build_query(EventFilter{}, embedded_catalogue(), q, error));
  EventList list = load_events(*store, q, 0);
  REQUIRE(list.rows.size() == 1);
  const EventRow& e = list.rows[0];
  CHECK(e.line.size() <= kMaxShownLine);
  CHECK(e.line.size() > kMaxShownLine - 4);
  CHECK(e.queue_id == "4BCD1234EF");
  CHECK(e.outcome == "bounced");
  CHECK(e.code == 550);
  CHECK(e.enhanced == "5.1.1");
  CHECK(e.recipient == "a@b.example");
  CHECK(e.peer_ip == "192.0.2.1");
  CHECK(e.line_no == 112);
  CHECK(e.input == "/var/log/mail.log");
  CHECK(e.entry == "gmail-no-such-user");
  CHECK(e.time == 1795458000);
}

TEST_CASE("trace and key filters decode only the blocks that may hold the key", "[event-blocks][bloom]") {
  TempDir dir;
  use_utc();
  std::string error, path = (dir / "many.db").string();
  {
    auto store = Store::open(path, Store::Mode::read_write, error);
    REQUIRE(store);
    Classifier classifier(embedded_catalogue());
    IngestOptions opt;
    opt.inputs = {(source_dir() / "samples/postfix/postfix.log").string(),
                  (source_dir() / "samples/exim/default/mainlog").string()};
    opt.quiet = true;
    opt.keep_events_seconds = 0;
    opt.chunk_bytes = 2048;  // a block every few lines: many blocks
    std::ostringstream diag;
    REQUIRE_FALSE(ingest(*store, classifier, opt, diag).failed());
  }
  auto store = Store::open(path, Store::Mode::read_only, error);
  REQUIRE(store);
  EventQuery all;
  REQUIRE(build_query(EventFilter{}, embedded_catalogue(), all, error));
  const EventList every = load_events(*store, all, 0);
  REQUIRE(every.blocks_read > 30);
  CHECK(every.blocks_skipped == 0);
  // --limit N gives the last N of the whole list, however the blocks' times
  // interleave (two inputs here), with or without a window; `matching` counts all.
  for (std::int64_t since : {kNoSince, every.rows[every.rows.size() / 3].time}) {
    EventQuery w;
    EventFilter wf;
    wf.since = since;
    REQUIRE(build_query(wf, embedded_catalogue(), w, error));
    const EventList whole = load_events(*store, w, 0);
    REQUIRE(whole.rows.size() > 60);
    for (std::size_t limit : {std::size_t{1}, std::size_t{7}, std::size_t{50}, whole.rows.size() + 5}) {
      INFO("since " << since << ", limit " << limit);
      EventList latest = load_events(*store, w, limit);
      CHECK(latest.matching == static_cast<std::int64_t>(whole.rows.size()));
      REQUIRE(latest.rows.size() == std::min(limit, whole.rows.size()));
      const std::size_t skip = whole.rows.size() - latest.rows.size();
      for (std::size_t i = 0; i < latest.rows.size(); ++i) {
        CHECK(latest.rows[i].id == whole.rows[skip + i].id);
        CHECK(latest.rows[i].line == whole.rows[skip + i].line);
      }
    }
  }
  // Each queue id: the blocks read are those holding it plus rare false positives.
  std::int64_t read = 0, holding = 0, queries = 0;
  std::set<std::string> ids;
  for (const EventRow& e : every.rows)
    if (!e.queue_id.empty()) ids.insert(e.queue_id);
  for (const std::string& id : ids) {
    EventQuery q;
    REQUIRE(build_query(EventFilter{}, embedded_catalogue(), q, error));
    build_trace_query(id, q);
    EventList one = load_events(*store, q, 0);
    std::set<std::int64_t> blocks;
    for (const EventRow& e : one.rows) blocks.insert(e.id >> 24);
    CHECK_FALSE(one.rows.empty());
    read += one.blocks_read;
    holding += static_cast<std::int64_t>(blocks.size());
    ++queries;
  }
  WARN(queries << " queue ids: " << read << " blocks decoded, " << holding << " held the id, of "
               << every.blocks_read << " blocks each");
  CHECK(read >= holding);
  CHECK(read - holding <= queries * every.blocks_read / 20);  // far below decoding everything
}
