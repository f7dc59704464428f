// libFuzzer target: parse_line, the line dispatcher (and detect_format on the whole input).
// The body is smtplog::fuzz::line in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::line({reinterpret_cast<const char*>(data), size});
  return 0;
}
