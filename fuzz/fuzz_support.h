// SPDX-License-Identifier: EUPL-1.2
// Shared by the fuzz targets (fuzz_<kind>.cpp) and their replay driver. The
// readers take a path, so each input is written to an in-memory file first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ifg/io.h"

namespace ifg::fuzz {

/// A path naming a file that holds exactly `data` (a memfd, /proc/self/fd/N).
/// The same file is reused and overwritten by the next call, so no file is left
/// behind and parallel fuzzing jobs do not collide. Aborts if it cannot be written.
std::string input_file(const std::uint8_t* data, std::size_t size);

/// Reads every record of `data` as a referral file of `format` in `mode` against
/// a fixed catalog. ifg::Error is expected for bad input and swallowed; any other
/// exception escapes. Each valid referral is screened, and its canonical JSON
/// must validate again to the same JSON: a record that breaks the RecordInput
/// contract or that round trip aborts, so the fuzzer reports it.
void read_referrals(const std::uint8_t* data, std::size_t size, InputFormat format, ReadMode mode);

}  // namespace ifg::fuzz
