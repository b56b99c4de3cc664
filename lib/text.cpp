#include "text.h"

#include <algorithm>
#include <cstdint>

#include "format.h"

namespace ifg::detail {

bool shows(std::string_view value) {
  // Only what looks like a code or an id is echoed: a name or other free text
  // typed into the wrong field must not end up in messages and logs.
  constexpr std::size_t kMaxShown = 30;
  return !value.empty() && value.size() <= kMaxShown &&
         std::all_of(value.begin(), value.end(), [](char ch) {
           return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' || ch == '/' ||
                  ch == ':';
         });
}

std::string quote_value(std::string_view value) {
  return shows(value) ? fmt::format("\"{}\"", value) : "the value given";
}

std::string named(std::string_view noun, std::string_view value) {
  if (shows(value)) return fmt::format("{} \"{}\"", noun, value);
  return fmt::format("the {} given", noun);
}

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      n = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      n = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 4;
      cp = c & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + n > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return std::nullopt;
    i += n;
    ++count;
  }
  return count;
}

}  // namespace ifg::detail
