// libFuzzer target: decode_event_block on arbitrary bytes, and the input's lines as a block, round trip.
// The body is smtplog::fuzz::event_block in targets.h, shared with the regression test.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplog::fuzz::event_block({reinterpret_cast<const char*>(data), size});
  return 0;
}
