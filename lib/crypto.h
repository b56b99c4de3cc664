// SPDX-License-Identifier: EUPL-1.2
// Private: hashing through Nettle (no hand-written digest).
#pragma once

#include <string>
#include <string_view>

namespace ifg::detail {

/// The SHA-256 of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

/// `bytes` as lower-case hex digits, two per byte.
std::string hex(std::string_view bytes);

/// The SHA-256 of `data`, its 32 bytes appended to `out`.
void sha256_append(std::string_view data, std::string& out);

/// A commitment to free text: "sha256:" and the hex SHA-256 of `salt` then
/// `text`. Without the salt, the text cannot be guessed from it.
std::string commitment(std::string_view salt, std::string_view text);

/// `n` bytes from the kernel's random generator (getrandom); Error(kInternal) if it fails.
std::string random_bytes(std::size_t n);

}  // namespace ifg::detail
