// SPDX-License-Identifier: EUPL-1.2
#include "crypto.h"

#include <nettle/sha2.h>
#include <sys/random.h>

#include <cerrno>
#include <cstdint>

#include "format.h"
#include "i18n.h"
#include "ifg/error.h"

namespace ifg::detail {

// Nettle, not OpenSSL: OpenSSL 3 loads its configuration and providers on the
// first digest (about 5 million instructions, a third of a short command such
// as `ifg screen CASE`), and each EVP_Digest looks the algorithm up again.
// Nettle's SHA-256 is a plain function over a context on the stack.
void sha256_append(std::string_view data, std::string& out) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  out.append(reinterpret_cast<const char*>(digest), SHA256_DIGEST_SIZE);
}

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  std::string digest;
  sha256_append(data, digest);
  return hex(digest);
}

std::string commitment(std::string_view salt, std::string_view text) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, salt.size(), reinterpret_cast<const std::uint8_t*>(salt.data()));
  sha256_update(&ctx, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  return "sha256:" + hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::getrandom(out.data() + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw Error(ErrorCode::kInternal, trf("getrandom failed (errno {})", errno));
    got += static_cast<std::size_t>(r);
  }
  return out;
}

}  // namespace ifg::detail
