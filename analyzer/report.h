#pragma once
// Reports: first the numbers are read from the store into ReportData (one
// place that knows SQL), then a renderer turns them into text, JSON, ...
//
//   ReportOptions ro;                        // whole history, top 10
//   ReportData data = load_report(store, catalogue, ro);
//   render_text(data, std::cout);
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "analyzer/catalogue.h"
#include "analyzer/store.h"

namespace smtplog {

struct ReportOptions {
  std::int64_t since = std::numeric_limits<std::int64_t>::min();
  std::int64_t until = std::numeric_limits<std::int64_t>::max();
  int top = 10;
};

struct ReplyRow {
  std::int64_t code = 0;
  std::string enhanced, outcome, direction, mta, entry;
  bool inferred = false;
  std::int64_t count = 0;
};

struct Problem {
  const Entry* entry = nullptr;  ///< nullptr when the store names an entry this catalogue lacks
  std::string entry_id, direction;
  std::map<std::string, std::int64_t> outcomes;  ///< deferred: 10, bounced: 2
  std::vector<std::string> codes;                ///< "452 4.2.2", as seen
  std::int64_t count = 0, previous = 0;          ///< this window, the one before it
  bool transient = false, permanent = false, inferred = false;
  std::vector<std::pair<std::string, std::int64_t>> top_domains;
  std::string example;
};

struct ReportData {
  std::int64_t since = 0, until = 0;       ///< the window actually covered by data
  bool whole_history = true;
  std::map<std::string, std::int64_t> totals;                     ///< outcome -> count
  std::map<std::string, std::map<std::string, std::int64_t>> by_mta;  ///< mta -> outcome -> count
  std::vector<ReplyRow> replies;
  std::vector<Problem> problems;
  std::int64_t problem_total = 0;
  std::int64_t inputs = 0, lines = 0, unparsed = 0;
  std::vector<std::string> notices;
};

ReportData load_report(const Store& store, const Catalogue& catalogue, const ReportOptions& opt);

void render_text(const ReportData& data, std::ostream& out);
void render_json(const ReportData& data, std::ostream& out);

/// Wraps `text` to `width` columns, each line starting with `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent);

}  // namespace smtplog
