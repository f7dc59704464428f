#pragma once
// The bodies of the fuzz targets, shared by the libFuzzer programs
// (tests/fuzz/fuzz_<name>.cpp, one line each) and by the regression test
// (tests/test_fuzz_regressions.cpp), so a saved crashing input replays through
// exactly the code that found it.
//
// Each function takes arbitrary bytes and must return normally. Beyond "no
// crash" (ASan, UBSan), they check what the headers promise: every view an
// Event or Prefix holds is read byte by byte (a dangling view is a
// use-after-free under ASan), lengths returned stay within the input, and a
// timestamp that parses is a valid calendar time.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <zstd.h>

#include "analyzer/catalogue.h"
#include "analyzer/chunker.h"
#include "analyzer/classifier.h"
#include "analyzer/event_blocks.h"
#include "analyzer/normalize.h"
#include "parsers/exim.h"
#include "parsers/line.h"
#include "parsers/postfix.h"
#include "parsers/prefix.h"
#include "parsers/reply.h"
#include "parsers/timestamp.h"

#include "../fixtures.h"  // embedded_catalogue()

namespace smtplog::fuzz {

/// Stops the run with a message: a broken promise is a finding like a crash.
inline void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

/// Reads every byte of `s`, so ASan sees a view that points at freed or
/// foreign memory. The sum goes to a volatile so the reads are not optimised out.
inline volatile std::uint64_t sink;
inline void touch(std::string_view s) {
  std::uint64_t sum = 0;
  for (char c : s) sum += static_cast<unsigned char>(c);
  sink = sum;
}

inline bool within(std::string_view inner, std::string_view outer) {
  return inner.empty() ||
         (inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size());
}

inline void touch(const Event& ev) {
  for (std::string_view s : {ev.host, ev.service, ev.instance, ev.queue_id, ev.recipient,
                             ev.orig_to, ev.sender, ev.peer_host, ev.peer_ip, ev.reply.enhanced,
                             ev.reply.text, ev.dsn})
    touch(s);
  expect(!ev.time.valid() || valid_civil(ev.time),
         "an event's time is a valid calendar time");
}

inline void check(const ParseResult& r, const Event& ev) {
  touch(r.reason);
  if (r.kind == LineKind::unparsed) expect(!r.reason.empty(), "an unparsed line has a reason");
  if (r.kind == LineKind::event) touch(ev);
}

/// Splits the input into lines as the reader does and hands each to `f`, so
/// one input exercises a Scratch reused across lines.
template <class F>
void each_line(std::string_view data, F&& f) {
  while (true) {
    std::size_t nl = data.find('\n');
    f(data.substr(0, nl));
    if (nl == std::string_view::npos) break;
    data.remove_prefix(nl + 1);
  }
}

/// Whether two parses of one line gave the same result and fields.
inline bool same(const ParseResult& ra, const Event& a, const ParseResult& rb, const Event& b) {
  const CivilTime &s = a.time, &t = b.time;
  return ra.kind == rb.kind && ra.reason == rb.reason && s.year == t.year && s.month == t.month &&
         s.day == t.day && s.hour == t.hour && s.minute == t.minute && s.second == t.second &&
         s.micros == t.micros && s.offset_minutes == t.offset_minutes && s.has_offset == t.has_offset &&
         a.host == b.host && a.mta == b.mta && a.service == b.service && a.instance == b.instance &&
         a.queue_id == b.queue_id && a.direction == b.direction && a.outcome == b.outcome &&
         a.recipient == b.recipient && a.orig_to == b.orig_to && a.sender == b.sender &&
         a.peer_host == b.peer_host && a.peer_ip == b.peer_ip && a.reply.code == b.reply.code &&
         a.reply.enhanced == b.reply.enhanced && a.reply.text == b.reply.text &&
         a.reply.stage == b.reply.stage && a.reply.inferred == b.reply.inferred && a.dsn == b.dsn;
}

/// The line dispatcher, and format detection on the whole input; then the
/// lines as ingest splits them (LineSplitter), each parsed with the split's
/// '#' flag and without it: the two must agree.
inline void line(std::string_view data) {
  Scratch scratch;
  Event ev;
  each_line(data, [&](std::string_view l) { check(parse_line(l, ev, scratch), ev); });
  touch(to_string(detect_format(data)));
  Scratch flagged_scratch;
  Event flagged;
  LineSplitter split(data);
  for (std::string_view l; split.next(l);) {
    ParseResult a = parse_line(l, flagged, flagged_scratch, split.has_hash() ? HashInLine::maybe : HashInLine::no);
    ParseResult b = parse_line(l, ev, scratch);
    expect(same(a, flagged, b, ev), "parse_line with LineSplitter's '#' flag gives what it gives without");
  }
}

inline void touch(const Prefix& p) {
  for (std::string_view s : {p.host, p.program, p.pid, p.body}) touch(s);
}

/// The syslog prefix readers and the rsyslog escape decoder.
inline void prefix(std::string_view data) {
  Scratch scratch;
  each_line(data, [&](std::string_view l) {
    Prefix p;
    if (parse_syslog_prefix(l, p)) {
      touch(p);
      expect(within(p.body, l) && within(p.host, l) && within(p.program, l),
             "prefix fields are views into the line");
      // A timestamp of a known shape with impossible values leaves time invalid.
      expect(!p.time.valid() || valid_civil(p.time), "a prefix's time is unset or a valid calendar time");
    }
    Prefix q;
    if (parse_syslog_prefix(l, q, scratch)) touch(q);
    std::string buffer;
    std::string_view d = decode_rsyslog_escapes(l, buffer);
    expect(d.size() <= l.size(), "decoding escapes never lengthens the text");
    touch(d);
  });
}

/// A syslog prefix for the body parsers, with a valid time and a pid.
inline Prefix fixed_prefix(std::string_view program) {
  Prefix p;
  p.time.month = 11;
  p.time.day = 3;
  p.time.hour = 17;
  p.host = "mx1";
  p.pid = "1234";
  p.program = program;
  return p;
}

/// The Postfix body parser. The input is "program body\nbody\n...": the first
/// word names the program (a syslog tag such as "postfix-out/smtp"), each line
/// after it is a body as it would follow "program[pid]: ".
inline void postfix(std::string_view data) {
  std::size_t sp = data.find(' ');
  if (sp == std::string_view::npos) return;
  Prefix p = fixed_prefix(data.substr(0, sp));
  if (!is_postfix_program(p.program)) return;  // parse_postfix's callers check this
  Scratch scratch;
  Event ev;
  each_line(data.substr(sp + 1), [&](std::string_view body) {
    p.body = body;
    ev = Event{};
    check(parse_postfix(p, ev, scratch), ev);
  });
}

/// Exim: each line as a line of Exim's own log files, and as the body of an
/// "exim[pid]: " syslog line.
inline void exim(std::string_view data) {
  Prefix p = fixed_prefix("exim");
  Scratch scratch;
  Event ev;
  each_line(data, [&](std::string_view l) {
    ev = Event{};
    if (looks_like_exim_line(l)) check(parse_exim_line(l, ev, scratch), ev);
    p.body = l;
    ev = Event{};
    check(parse_exim_syslog(p, ev, scratch), ev);
  });
}

/// The timestamp readers: a length within the input, a valid time when one is read.
inline void timestamp(std::string_view data) {
  CivilTime t;
  if (std::size_t n = parse_bsd_time(data, t)) {
    expect(n <= data.size(), "parse_bsd_time stays within the input");
    expect(valid_civil(t), "parse_bsd_time returns a valid time");
  }
  for (bool spaced : {false, true}) {
    CivilTime u;
    if (std::size_t n = parse_iso_time(data, u, spaced)) {
      expect(n <= data.size(), "parse_iso_time stays within the input");
      expect(valid_civil(u) && u.year != 0, "parse_iso_time returns a valid time");
      sink = static_cast<std::uint64_t>(to_unix_utc(u));
    }
  }
}

/// A classifier of the embedded catalogue, made once per process.
inline const Classifier& embedded_classifier() {
  static const Classifier classifier(test::embedded_catalogue());
  return classifier;
}

/// The reply extractor, the normalizer and the classifier with the embedded catalogue.
inline void reply(std::string_view data) {
  const Classifier& classifier = embedded_classifier();
  ClassifierCache cache(classifier, 4);  // small, so the clearing path runs too
  std::string normalized, renormalized, general;
  each_line(data, [&](std::string_view text) {
    std::uint16_t code = 0;
    std::string_view enhanced;
    std::size_t n = read_reply_codes(text, code, enhanced);
    expect(n <= text.size() && within(enhanced, text), "reply codes lie within the text");
    expect(code == 0 || (code >= 200 && code <= 599), "a reply code is 2xx to 5xx");
    touch(skip_reply_codes(text));
    touch(to_string(stage_from_command(text)));
    expect(read_enhanced(text) <= text.size(), "read_enhanced stays within the text");
    normalize_reply(text, normalized);
    touch(normalized);
    // The cache's keys: the raw key, and its general key, normalize as the text does.
    const std::string key(cache.raw_key(text));
    normalize_reply(key, renormalized);
    expect(renormalized == normalized, "the raw key normalizes as the text does");
    if (generalize_reply(key, general)) {
      normalize_reply(general, renormalized);
      expect(renormalized == normalized, "the general key normalizes as the text does");
    }
    Classification a = cache.classify(code, enhanced, text);
    Classification b = classifier.classify(code, enhanced, text);
    expect(a.entry == b.entry, "the cache classifies as the classifier does");
    // The enhanced code may also come from Postfix's dsn=, any bytes.
    Classification c = classifier.classify(code, text.substr(0, 8), text);
    if (c.entry) touch(c.entry->id);
  });
}

/// The catalogue loader on arbitrary text, then a classifier built from what loaded.
inline void catalogue(std::string_view data) {
  Catalogue cat;
  std::vector<std::string> errors;
  cat.load(data, "fuzz.cat", errors);
  for (const std::string& e : errors) expect(e.starts_with("fuzz.cat:"), "errors name the file");
  for (const Entry& e : cat.entries()) {
    expect(!e.id.empty() && cat.find(e.id) == &e, "loaded entries have an id that finds them");
  }
  Classifier classifier(cat);
  if (!classifier.ok()) return;
  for (const Entry& e : cat.entries())
    for (const std::string& s : e.samples) {
      std::uint16_t code = 0;
      std::string_view enhanced;
      read_reply_codes(s, code, enhanced);
      Classification c = classifier.classify(code, enhanced, s);
      if (c.entry) touch(c.entry->id);
    }
}

/// Event blocks: arbitrary bytes as a block's data, compressed or not, are
/// refused or decoded with every view inside the decoder's buffer; the input's lines, stored as a
/// block, come back exactly; a Bloom filter built of their keys holds them all.
inline void event_block(std::string_view data) {
  std::string buffer, error;
  std::vector<DecodedEvent> out;
  auto decode = [&](std::string_view block) {
    if (decode_event_block(block, buffer, out, error))
      for (const DecodedEvent& e : out) {
        expect(within(e.line, buffer) && within(e.entry, buffer), "decoded views lie in the buffer");
        touch(e.line);
        touch(e.entry);
      }
  };
  decode(data);
  // The same bytes as a block's data before compression: arbitrary bytes are
  // seldom a zstd frame, and this reaches the reader of the formats behind it.
  std::string frame(ZSTD_compressBound(data.size()), '\0');
  std::size_t framed = ZSTD_compress(frame.data(), frame.size(), data.data(), data.size(), 1);
  expect(!ZSTD_isError(framed), "zstd compresses into a bound-sized buffer");
  frame.resize(framed);
  decode(frame);
  EventBlockBuilder builder;
  std::vector<std::string_view> lines;
  std::vector<KeyProbe> keys;
  std::uint64_t line_no = 0;
  each_line(data, [&](std::string_view line) {
    lines.push_back(line);
    // Times and line numbers from the bytes, so they vary with the input.
    std::int64_t time = line.empty() ? 0 : static_cast<signed char>(line[0]) * 1000003LL;
    line_no += line.size() % 3;
    builder.add(time, line_no, line.substr(0, 7), line, EventKeys{line, line, {}, line, {}});
    if (!line.empty()) keys.push_back(key_probe(key::queue_id, line));  // empty values are not keys
  });
  EventBlock block = builder.finish();
  expect(decode_event_block(block.data, buffer, out, error), "a block made by the builder decodes");
  expect(out.size() == lines.size(), "a block holds every line added");
  for (std::size_t i = 0; i < out.size(); ++i) expect(out[i].line == lines[i], "a line comes back exactly");
  for (const KeyProbe& k : keys) expect(bloom_may_contain(block.keys, k), "the filter holds every key");
}

}  // namespace smtplog::fuzz
