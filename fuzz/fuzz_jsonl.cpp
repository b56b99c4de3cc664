// SPDX-License-Identifier: EUPL-1.2
// Fuzz target: JSON Lines referral files (screen --batch x.jsonl).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ifg::fuzz::read_referrals(data, size, ifg::InputFormat::kJsonl, ifg::ReadMode::kBatch);
  return 0;
}
