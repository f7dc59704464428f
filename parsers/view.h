#pragma once
// Unchecked string_view slices for the parsers' hot paths (internal to
// parsers/): s.substr(pos, n) and s.substr(pos) for bounds the caller knows
// lie inside `s`, without substr's check, clamp and possible throw (every
// field of every line goes through these). Debug builds (the sanitizer test
// run) assert the bounds.
#include <cassert>
#include <cstddef>
#include <string_view>

namespace smtplog {

inline std::string_view sub(std::string_view s, std::size_t pos, std::size_t n) {
  assert(pos <= s.size() && n <= s.size() - pos);
  return {s.data() + pos, n};
}
inline std::string_view tail(std::string_view s, std::size_t pos) {
  assert(pos <= s.size());
  return {s.data() + pos, s.size() - pos};
}

}  // namespace smtplog
