#pragma once
// Compressed inputs, recognised by their magic bytes (never by their name):
// gzip (zlib), bzip2, xz (liblzma) and zstd. Concatenated streams (what
// `cat a.gz b.gz` makes) read as one content.
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/reader.h"

namespace smtplog {

/// Bytes of magic number `open_compressed` needs to decide.
constexpr std::size_t kMagicBytes = 6;

/// A Source decompressing `fd` when `magic` (its first bytes, already read)
/// names a known format; nullptr otherwise. Takes ownership of `fd`.
std::unique_ptr<Source> open_compressed(int fd, const std::string& path, std::string_view magic);

}  // namespace smtplog
