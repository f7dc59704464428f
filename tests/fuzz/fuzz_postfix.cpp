// libFuzzer target: parse_postfix, the Postfix body parser; the first byte picks the program.
// The body is smtplog::fuzz::postfix in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::postfix({reinterpret_cast<const char*>(data), size});
  return 0;
}
