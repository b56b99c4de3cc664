// SPDX-License-Identifier: EUPL-1.2
// Fuzz target: JSON referral files: one object (register --from) or an array (screen --batch).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ifg::fuzz::read_referrals(data, size, ifg::InputFormat::kJson, ifg::ReadMode::kSingle);
  ifg::fuzz::read_referrals(data, size, ifg::InputFormat::kJson, ifg::ReadMode::kBatch);
  return 0;
}
