// libFuzzer target: parse_bsd_time, parse_iso_time, valid_civil, to_unix_utc.
// The body is smtplog::fuzz::timestamp in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::timestamp({reinterpret_cast<const char*>(data), size});
  return 0;
}
