// libFuzzer target: Catalogue::load on arbitrary text, then a Classifier from what loaded.
// The body is smtplog::fuzz::catalogue in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::catalogue({reinterpret_cast<const char*>(data), size});
  return 0;
}
