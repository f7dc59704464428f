// `smtplog unparsed`: the stored lines that looked like mail lines but could
// not be parsed, with the reason and where they are, so a postmaster can see
// what a report does not rest on, and a developer can turn them into tests.
#include <iostream>

#include "analyzer/commands.h"
#include "analyzer/report_output.h"
#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace po = boost::program_options;

namespace smtplog {
namespace {

struct UnparsedRow {
  std::string input, reason, line;
  std::int64_t line_no = 0, offset = 0;
};

}  // namespace

int cmd_unparsed(const Args& args) {
  CommonOptions common;
  std::string reason, input, format = "text", output;
  std::size_t limit = 100;
  bool summary = false;
  po::options_description desc("Options");
  desc.add_options()("help,h", "show this help");
  add_common_options(desc, common);
  desc.add_options()
      ("reason", po::value<std::string>(&reason)->value_name("TEXT"), "only lines with this reason")
      ("input", po::value<std::string>(&input)->value_name("PATH"), "only lines of inputs whose path contains PATH")
      ("summary", po::bool_switch(&summary), "counts by reason and input only")
      ("limit", po::value<std::size_t>(&limit)->value_name("N"), "show the first N lines (default 100; 0 = all)")
      ("format", po::value<std::string>(&format)->value_name("FMT"), "text (default), json or csv")
      ("output,o", po::value<std::string>(&output)->value_name("FILE"), "write to FILE");
  po::variables_map vm;
  if (!parse_args("unparsed", args, desc, nullptr, vm)) return kExitUsage;
  if (vm.count("help")) {
    print_help(std::cout, "smtplog unparsed [OPTIONS]",
               "Lists the stored lines that looked like mail lines but could not be parsed,\n"
               "with the reason and the input and line number where each was found.", desc);
    return kExitOk;
  }
  if (!limit_ok("unparsed", limit)) return kExitUsage;
  if (format != "text" && format != "json" && format != "csv")
    return usage_error("unparsed", "unknown --format '" + format + "' (text, json or csv)");
  std::string error;
  auto store = Store::open(database_path(common), Store::Mode::read_only, error);
  if (!store) {
    std::cerr << "smtplog unparsed: " << error << "\n";
    return kExitInput;
  }
  const std::string where =
      " FROM unparsed u LEFT JOIN inputs i ON i.id = u.input_id WHERE (? = '' OR u.reason = ?) "
      "AND (? = '' OR instr(coalesce(i.path, ''), ?) > 0)";
  auto bind_filters = [&](sqlite3_stmt* s) {
    bind_value(s, 1, reason);
    bind_value(s, 2, reason);
    bind_value(s, 3, input);
    bind_value(s, 4, input);
  };
  std::vector<std::pair<std::string, std::int64_t>> by_reason, by_input;
  for (auto [column, rows] : {std::pair{"u.reason", &by_reason}, std::pair{"coalesce(i.path, '')", &by_input}}) {
    Stmt s = store->prepare(std::string("SELECT ") + column + ", count(*)" + where + " GROUP BY 1 ORDER BY 2 DESC, 1");
    bind_filters(s.get());
    while (s && sqlite3_step(s.get()) == SQLITE_ROW) rows->emplace_back(column_text(s.get(), 0), column_int(s.get(), 1));
  }
  std::int64_t stored = 0;
  for (const auto& [r, n] : by_reason) stored += n;
  std::vector<UnparsedRow> rows;
  if (!summary) {
    std::string sql = "SELECT coalesce(i.path, ''), u.line_no, u.offset, u.reason, u.line" + where +
                      " ORDER BY u.input_id, u.line_no, u.id";
    if (limit) sql += " LIMIT " + std::to_string(limit);
    Stmt s = store->prepare(sql);
    bind_filters(s.get());
    while (s && sqlite3_step(s.get()) == SQLITE_ROW)
      rows.push_back(UnparsedRow{column_text(s.get(), 0), column_text(s.get(), 3), column_text(s.get(), 4),
                                 column_int(s.get(), 1), column_int(s.get(), 2)});
  }
  ReportOutput out;
  if (!out.open(output, error)) {
    std::cerr << "smtplog unparsed: " << error << "\n";
    return kExitInput;
  }
  std::ostream& o = out.stream();
  if (format == "json") {
    o << "{\"version\":1,\"stored\":" << stored << ",\"by_reason\":{";
    bool first = true;
    for (const auto& [r, n] : by_reason) {
      o << (first ? "" : ",") << json_string(r) << ":" << n;
      first = false;
    }
    o << "},\"by_input\":{";
    first = true;
    for (const auto& [p, n] : by_input) {
      o << (first ? "" : ",") << json_string(p) << ":" << n;
      first = false;
    }
    o << "},\"lines\":[";
    first = true;
    for (const UnparsedRow& r : rows) {
      o << (first ? "" : ",") << "{\"input\":" << json_string(r.input) << ",\"line_no\":" << r.line_no
        << ",\"offset\":" << r.offset << ",\"reason\":" << json_string(r.reason)
        << ",\"line\":" << json_string(r.line) << "}";
      first = false;
    }
    o << "]}\n";
  } else if (format == "csv") {
    o << "input,line_no,offset,reason,line\r\n";
    for (const UnparsedRow& r : rows)
      o << csv_cell(r.input) << "," << r.line_no << "," << r.offset << "," << csv_cell(r.reason) << ","
        << csv_cell(r.line) << "\r\n";
  } else {
    o << grouped(stored) << " unparsed line" << (stored == 1 ? "" : "s") << " stored"
      << (reason.empty() && input.empty() ? "" : " matching the filters") << ".\n";
    if (!by_reason.empty()) {
      o << "\nBy reason\n";
      for (const auto& [r, n] : by_reason) o << "  " << std::string(10 - std::min<std::size_t>(10, grouped(n).size()), ' ')
                                             << grouped(n) << "  " << printable(r) << "\n";
      o << "\nBy input\n";
      for (const auto& [p, n] : by_input) o << "  " << std::string(10 - std::min<std::size_t>(10, grouped(n).size()), ' ')
                                            << grouped(n) << "  " << printable(p) << "\n";
    }
    if (!rows.empty()) o << "\n";
    for (const UnparsedRow& r : rows)
      o << printable(r.input) << ":" << r.line_no << ": [" << printable(r.reason) << "] " << printable(r.line) << "\n";
    if (!summary && limit && static_cast<std::int64_t>(rows.size()) < stored)
      o << "\nShowing the first " << grouped(static_cast<std::int64_t>(rows.size())) << " (--limit N, 0 for all).\n";
  }
  if (!out.commit(error)) {
    std::cerr << "smtplog unparsed: " << error << "\n";
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace smtplog
