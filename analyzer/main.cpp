// smtplog: the command table. Each command lives in its own cmd_*.cpp.
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "analyzer/commands.h"

using namespace smtplog;

namespace {

constexpr Command kCommands[] = {
    {"ingest", "read logs (files, compressed or not, - for stdin) into the database", cmd_ingest},
    {"report", "print the report of what the database holds", cmd_report},
    {"explain", "explain a reply code, enhanced code or reply text", cmd_explain},
    {"compare", "compare two reply codes", cmd_compare},
    {"events", "list stored failure events, with filters", cmd_events},
    {"trace", "the failures of one message (queue id) or address", cmd_trace},
    {"unparsed", "list the stored lines that could not be parsed", cmd_unparsed},
};

void usage(std::ostream& out) {
  out << "Usage: smtplog [OPTIONS] FILE...      ingest the logs, then print the report\n"
         "       smtplog COMMAND [OPTIONS] ...\n\n"
         "Commands:\n";
  for (const Command& c : kCommands) out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  out << "\n`smtplog COMMAND --help` shows a command's options; `smtplog --help-run` the\n"
         "options of the default command (--db, --since, --format, --year, ...).\n\n"
         "Database: --db PATH, else $SMTPLOG_DB, else ~/.local/share/smtplog/smtplog.db\n"
         "Exit codes: 0 success, 1 a --fail-on threshold was crossed, 2 usage error,\n"
         "            3 an input or the database could not be read or written.\n";
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must fail a write with EFBIG, which SQLite
  // reports as "disk full", instead of killing us halfway through.
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(std::cerr);
    return kExitUsage;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    usage(std::cout);
    return kExitOk;
  }
  if (first == "--help-run") return cmd_run({"--help"});
  for (const Command& c : kCommands)
    if (first == c.name) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
  return cmd_run(args);
}
