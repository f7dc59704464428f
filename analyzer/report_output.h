#pragma once
// Where a report goes: stdout, or --output FILE written to a temporary file
// beside it and renamed into place only when complete, so a reader (a web
// server, node_exporter's textfile collector) never sees half a report and a
// failed run leaves the previous report as it was.
//
//   ReportOutput out;
//   if (!out.open(path, error)) ...;     // "" or "-": stdout
//   render_text(data, out.stream(), style);
//   if (!out.commit(error)) ...;
#include <fstream>
#include <string>

namespace smtplog {

class ReportOutput {
 public:
  ReportOutput() = default;
  ReportOutput(const ReportOutput&) = delete;  // owns a temporary file
  ReportOutput& operator=(const ReportOutput&) = delete;
  ~ReportOutput();

  bool open(const std::string& path, std::string& error);
  std::ostream& stream();
  /// True when the report goes to a terminal (stdout is a tty).
  bool terminal() const;
  /// Flushes; for a file, renames it into place. False, with a message, on failure.
  bool commit(std::string& error);

 private:
  std::string path_, temp_;
  std::ofstream file_;
};

/// Colour for `--color auto|always|never`: never when NO_COLOR is set (and not
/// empty) or TERM is dumb; with auto, only on a terminal.
bool use_color(const std::string& mode, bool terminal);

}  // namespace smtplog
