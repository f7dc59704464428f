#pragma once
// Files of schema/ compiled into the binary (see cmake/embed.cmake).
#include <span>
#include <string_view>

namespace smtplog {

struct EmbeddedFile {
  std::string_view path;  ///< relative to the source root, e.g. "schema/schema.sql"
  std::string_view data;
};

/// All embedded files, sorted by path.
std::span<const EmbeddedFile> embedded_files();

/// The embedded file at `path`, or an empty view when there is none.
std::string_view embedded_file(std::string_view path);

}  // namespace smtplog
