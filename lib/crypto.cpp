#include "crypto.h"

#include <openssl/evp.h>

#include "ifg/error.h"

namespace ifg::detail {

void sha256_append(std::string_view data, std::string& out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw Error(ErrorCode::kInternal, "SHA-256 failed in OpenSSL");
  out.append(reinterpret_cast<const char*>(digest), len);
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
