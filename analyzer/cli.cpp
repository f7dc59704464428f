// The CLI edge: Boost.Program_options throws, so this is where exceptions are
// caught and turned into one-line usage errors and exit code 2.
#include "analyzer/cli.h"

#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>

namespace po = boost::program_options;

namespace smtplog {

void add_common_options(po::options_description& desc, CommonOptions& common) {
  desc.add_options()
      ("db", po::value<std::string>(&common.db)->value_name("PATH"),
       "database file (default: $SMTPLOG_DB, else ~/.local/share/smtplog/smtplog.db)")
      ("catalogue", po::value<std::vector<std::string>>(&common.catalogues)->value_name("FILE"),
       "add a site's own catalogue entries (repeatable)");
}

std::string database_path(const CommonOptions& common) {
  if (!common.db.empty()) return common.db;
  if (const char* env = std::getenv("SMTPLOG_DB"); env && *env) return env;
  std::string dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    dir = xdg;
  } else {
    const char* home = std::getenv("HOME");
    dir = std::string(home && *home ? home : ".") + "/.local/share";
  }
  dir += "/smtplog";
  // mkdir -p, owner only: the database holds mail addresses.
  for (std::size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0700);
  return dir + "/smtplog.db";
}

bool parse_args(const char* command, const Args& args, const po::options_description& desc,
                const po::positional_options_description* positional, po::variables_map& vm) {
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    else parser.positional(po::positional_options_description());
    po::store(parser.run(), vm);
    po::notify(vm);
    return true;
  } catch (const po::error& e) {
    usage_error(command, e.what());
    return false;
  }
}

int usage_error(const char* command, const std::string& message) {
  // The default command ("run") has no name to type: its help is --help-run.
  const bool run = std::string_view(command) == "run";
  std::cerr << "smtplog " << command << ": " << message << " (see smtplog "
            << (run ? std::string("--help-run") : std::string(command) + " --help") << ")\n";
  return kExitUsage;
}

bool limit_ok(const char* command, std::size_t limit) {
  if (limit <= static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())) return true;
  usage_error(command, "--limit must be 0 (all) or a positive count");
  return false;
}

std::optional<Catalogue> load_catalogue(const CommonOptions& common) {
  Catalogue cat;
  std::vector<std::string> errors;
  cat.load_embedded(errors);
  for (const std::string& f : common.catalogues) cat.load_file(f, errors);
  if (!errors.empty()) {
    for (const std::string& e : errors) std::cerr << e << "\n";
    std::cerr << "smtplog: fix the catalogue entries above (docs/catalogue.md describes the format)\n";
    return std::nullopt;
  }
  return cat;
}

void print_help(std::ostream& out, const char* usage, const char* about,
                const po::options_description& desc) {
  out << "Usage: " << usage << "\n\n" << about << "\n\n" << desc << "\n";
}

}  // namespace smtplog
