// libFuzzer target: parse_exim_line and parse_exim_syslog.
// The body is smtplog::fuzz::exim in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::exim({reinterpret_cast<const char*>(data), size});
  return 0;
}
