// libFuzzer target: read_reply_codes, normalize_reply and the classifier with the embedded catalogue.
// The body is smtplog::fuzz::reply in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::reply({reinterpret_cast<const char*>(data), size});
  return 0;
}
