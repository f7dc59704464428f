#pragma once
// Small things many tests need: the embedded catalogue, loaded once, and a
// gzip of a string (for compressed inputs).
#include <zlib.h>

#include <string>
#include <vector>

#include "analyzer/catalogue.h"

namespace smtplog::test {

/// The catalogue built into the program (schema/catalogue/*.cat), loaded once.
inline const Catalogue& embedded_catalogue() {
  static const Catalogue cat = [] {
    Catalogue c;
    std::vector<std::string> errors;
    c.load_embedded(errors);
    return c;
  }();
  return cat;
}

/// `data` as a gzip file's bytes.
inline std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace smtplog::test
