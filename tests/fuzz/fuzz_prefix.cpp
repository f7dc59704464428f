// libFuzzer target: parse_syslog_prefix and the rsyslog escape decoder.
// The body is smtplog::fuzz::prefix in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::prefix({reinterpret_cast<const char*>(data), size});
  return 0;
}
