// SPDX-License-Identifier: EUPL-1.2
// Fuzz target: CSV referral files, comma or semicolon (screen --batch x.csv).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ifg::fuzz::read_referrals(data, size, ifg::InputFormat::kCsv, ifg::ReadMode::kBatch);
  return 0;
}
