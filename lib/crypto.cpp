#include "crypto.h"

#include <nettle/sha2.h>

#include <cstdint>

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

}  // namespace ifg::detail
