#pragma once
// What every sub-command shares: the command table entry, exit codes, the
// common options (--db, --catalogue), and the usage-error convention.
#include <boost/program_options.hpp>

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/catalogue.h"

namespace smtplog {

/// Exit codes (documented in the README and `smtplog --help`).
enum Exit : int {
  kExitOk = 0,
  kExitThreshold = 1,  ///< --fail-on thresholds crossed
  kExitUsage = 2,      ///< bad command line
  kExitInput = 3,      ///< an input or the database could not be read or written
};

using Args = std::vector<std::string>;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Args& args);
};

/// Options every command that touches the database or the catalogue takes.
struct CommonOptions {
  std::string db;
  std::vector<std::string> catalogues;  ///< --catalogue FILE (repeatable)
};

/// Adds --db and --catalogue to `desc`, storing into `common`.
void add_common_options(boost::program_options::options_description& desc, CommonOptions& common);

/// The database path: --db, else $SMTPLOG_DB, else $XDG_DATA_HOME/smtplog/smtplog.db
/// (default ~/.local/share/smtplog/smtplog.db); creates the directory when needed.
std::string database_path(const CommonOptions& common);

/// Parses `args` against `desc` (+ positional). Returns false after printing one
/// line "smtplog CMD: what is wrong (see smtplog CMD --help)" to stderr.
bool parse_args(const char* command, const Args& args,
                const boost::program_options::options_description& desc,
                const boost::program_options::positional_options_description* positional,
                boost::program_options::variables_map& vm);

/// Prints "smtplog CMD: message" to stderr and returns kExitUsage.
int usage_error(const char* command, const std::string& message);

/// The --limit N of the listing commands (events, trace, unparsed): unsigned,
/// so "-1" wraps to a huge count ("all", or in SQL nothing). False, with a
/// usage error printed, for such a value.
bool limit_ok(const char* command, std::size_t limit);

/// Loads the embedded catalogue and the --catalogue files. Prints the errors
/// (file:line: what) and returns nullopt when any is bad.
std::optional<Catalogue> load_catalogue(const CommonOptions& common);

/// Prints "Usage: smtplog CMD ..." and the options.
void print_help(std::ostream& out, const char* usage, const char* about,
                const boost::program_options::options_description& desc);

}  // namespace smtplog
