#pragma once
// Reports: first the numbers are read from the store into ReportData (one
// place that knows SQL), then a renderer turns them into text, JSON, CSV, HTML
// or Prometheus metrics. Renderers never touch the store.
//
//   ReportOptions ro;                        // whole history, top 10
//   ReportData data = load_report(store, catalogue, ro);
//   render_text(data, std::cout, TextStyle{});
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "analyzer/catalogue.h"
#include "analyzer/store.h"

namespace smtplog {

constexpr std::int64_t kNoSince = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kNoUntil = std::numeric_limits<std::int64_t>::max();

/// Report sections, chosen with --sections (a bit set).
namespace section {
constexpr unsigned totals = 1u << 0;    ///< totals by outcome, in plain words
constexpr unsigned hosts = 1u << 1;     ///< by MTA and by log host (when several)
constexpr unsigned problems = 1u << 2;  ///< problems by impact, with fixes
constexpr unsigned domains = 1u << 3;   ///< remote domains and clients with problems
constexpr unsigned timeline = 1u << 4;  ///< outcomes per hour, day or month
constexpr unsigned replies = 1u << 5;   ///< every reply shape with its count
constexpr unsigned inputs = 1u << 6;    ///< the inputs the report rests on
constexpr unsigned notices = 1u << 7;   ///< notices about the inputs
constexpr unsigned all = (1u << 8) - 1;
/// The text report's default: what a cron mail should hold.
constexpr unsigned text_default = totals | hosts | problems | inputs | notices;
}  // namespace section

/// Parses "totals,problems" or "all" into a section set; false on an unknown name.
bool parse_sections(const std::string& text, unsigned& out, std::string& bad);
/// The section names, comma-separated, for --help and messages.
const char* section_names();

struct ReportOptions {
  std::int64_t since = kNoSince;  ///< unix time; kNoSince: from the first data
  std::int64_t until = kNoUntil;  ///< unix time; kNoUntil: to the last data
  int top = 10;                   ///< problems (and domains) to list
  unsigned sections = section::all;
};

struct ReplyRow {
  std::int64_t code = 0;
  std::string enhanced, outcome, direction, mta, entry;
  bool inferred = false;
  std::int64_t count = 0;
};

/// A failure class as a postmaster reads it: transient (retried, or a 4xx),
/// permanent (returned or refused for good, a 5xx), or other (warnings, frozen).
enum class FailureClass { other, transient, permanent };
FailureClass failure_class(const std::string& outcome, std::int64_t code, const std::string& enhanced);

struct Problem {
  const Entry* entry = nullptr;  ///< nullptr when the store names an entry this catalogue lacks
  std::string entry_id, direction;
  std::map<std::string, std::int64_t> outcomes;  ///< deferred: 10, bounced: 2
  std::vector<std::string> codes;                ///< "452 4.2.2", as seen
  std::int64_t count = 0, previous = 0;          ///< this window, the one before it
  std::int64_t transient = 0, permanent = 0;     ///< count split by FailureClass
  std::int64_t impact = 0;                       ///< the ranking key (docs/reports.md)
  bool inferred = false;                         ///< some codes were inferred from wording
  std::vector<std::pair<std::string, std::int64_t>> top_domains;
  std::string example;
};

/// Outcomes per bucket of the timeline.
struct Bucket {
  std::int64_t start = 0;  ///< unix time of the bucket's start (local hour, day or month)
  std::map<std::string, std::int64_t> outcomes;
};

/// A remote domain (outbound) or client (inbound) behind problems.
struct DomainRow {
  std::string domain, direction;
  std::int64_t count = 0;
  std::map<std::string, std::int64_t> outcomes;
  std::string top_entry;  ///< the catalogue entry with the most problems here
  std::int64_t top_entry_count = 0;
};

struct InputRow {
  std::string path, format;
  std::int64_t lines = 0, unparsed = 0;
};

struct ReportData {
  unsigned sections = section::all;
  std::int64_t since = 0, until = 0;  ///< the window actually covered
  /// The whole UTC days the domain breakdowns (top domains, domains section)
  /// cover: domain counts are kept per UTC day.
  std::int64_t domain_since = 0, domain_until = 0;
  /// The window does not start and end at UTC midnight, so the domain
  /// breakdowns cover more than the window (reports must say so).
  bool domains_whole_utc_days = false;
  bool whole_history = true;          ///< no --since/--until: all data
  bool has_previous = false;          ///< the window before this one holds data
  std::map<std::string, std::int64_t> totals;                         ///< outcome -> count
  std::map<std::string, std::map<std::string, std::int64_t>> by_mta;  ///< mta -> outcome -> count
  std::map<std::string, std::map<std::string, std::int64_t>> by_host; ///< log host -> outcome -> count
  /// (mta, service) -> outcome -> count; the service is the Postfix daemon
  /// (smtp, lmtp, local, smtpd, ...) or the Exim transport (remote_smtp, ...)
  /// or, for arrivals, Exim's protocol; '' when the line names none.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::int64_t>> by_service;
  /// (log host, mta) -> outcome -> count: the finest split, for metrics.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::int64_t>> by_host_mta;
  std::int64_t transient = 0, permanent = 0;  ///< failures by class
  std::vector<ReplyRow> replies;
  std::vector<Problem> problems;  ///< the top ones, by impact
  std::int64_t problem_total = 0, problem_kinds = 0;  ///< all problems, all kinds of them
  std::string granularity;        ///< of the timeline: "hour", "day" or "month"
  std::vector<Bucket> timeline;
  std::vector<DomainRow> domains;  ///< top domains and clients, by problems
  std::int64_t inputs = 0, lines = 0, unparsed = 0;
  /// With --since: only the inputs read since the window began are listed
  /// (a year of rotated logs would fill a daily cron mail); these are not.
  std::vector<InputRow> input_list;
  std::int64_t inputs_left_out = 0;
  /// The latest 20 notices; with --since, only those made since it.
  std::vector<std::string> notices;
};

ReportData load_report(const Store& store, const Catalogue& catalogue, const ReportOptions& opt);

/// How text is drawn: ANSI colour (only for terminals, never with NO_COLOR) and width.
struct TextStyle {
  bool color = false;
  std::size_t width = 80;
};

void render_text(const ReportData& data, std::ostream& out, const TextStyle& style);
void render_json(const ReportData& data, std::ostream& out);
void render_csv(const ReportData& data, std::ostream& out);
void render_html(const ReportData& data, std::ostream& out);
void render_prometheus(const ReportData& data, std::ostream& out);

/// Wraps `text` to `width` columns, each line starting with `indent`; words
/// longer than a line are cut, so no line is ever wider than `width`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent);
/// As wrap(), with `first` before the first line and `rest` before the others.
std::string wrap_hanging(const std::string& text, std::size_t width, const std::string& first,
                         const std::string& rest);

}  // namespace smtplog
