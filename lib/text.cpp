// SPDX-License-Identifier: EUPL-1.2
#include "text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "format.h"
#include "i18n.h"

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
  return shows(value) ? fmt::format("\"{}\"", value) : std::string(tr("the value given"));
}

std::string named(std::string_view noun, std::string_view value) {
  // A noun marked N_() is translated here; one translated already stays as it is.
  const std::string word = tr(std::string(noun).c_str());
  if (shows(value)) return fmt::format("{} \"{}\"", word, value);
  return trf("the {} given", word);
}

std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (c < 0x80) {
    return 1;
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
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return 0;
  return n;
}

namespace {

bool is_white_space(utf8proc_int32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' || cp == 0x85) return true;
  const auto category = utf8proc_category(cp);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

/// `text` (valid UTF-8) with each run of white space one space, and none at either end.
std::string fold_white_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  auto p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  for (auto left = static_cast<utf8proc_ssize_t>(text.size()); left > 0;) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;  // cannot happen: the text came out of utf8proc_map
    if (is_white_space(cp)) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    }
    p += n;
    left -= n;
  }
  return out;
}

}  // namespace

std::string name_key(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                              static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  if (n < 0) return ascii_lower(std::string(text));  // not UTF-8: compared byte for byte
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  return fold_white_space(
      std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n)));
}

std::u32string code_points(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  auto p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  for (auto left = static_cast<utf8proc_ssize_t>(text.size()); left > 0;) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // not UTF-8: the byte itself
      cp = 0xDC00 + *p;
      n = 1;
    }
    out.push_back(static_cast<char32_t>(cp));
    p += n;
    left -= n;
  }
  return out;
}

int edit_distance(std::u32string_view a, std::u32string_view b, int limit) {
  const auto n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // row[j] is the distance between a[0, i) and b[0, j); cells outside the band
  // |i - j| <= limit stay above the limit.
  const int far = limit + 1;
  std::vector<int> row(static_cast<std::size_t>(m) + 1, far), next(row.size(), far);
  for (int j = 0; j <= std::min(m, limit); ++j) row[static_cast<std::size_t>(j)] = j;
  for (int i = 1; i <= n; ++i) {
    std::fill(next.begin(), next.end(), far);
    if (i <= limit) next[0] = i;
    int best = next[0];
    for (int j = std::max(1, i - limit); j <= std::min(m, i + limit); ++j) {
      const auto u = static_cast<std::size_t>(j);
      const int substitute = row[u - 1] + (a[static_cast<std::size_t>(i - 1)] == b[u - 1] ? 0 : 1);
      next[u] = std::min({substitute, row[u] + 1, next[u - 1] + 1, far});
      best = std::min(best, next[u]);
    }
    if (best > limit) return far;
    std::swap(row, next);
  }
  return row[static_cast<std::size_t>(m)];
}

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return std::nullopt;
    i += n;
  }
  return count;
}

namespace {

/// Whether the ASCII byte `c` is shown as it is: printable, or (with
/// `keep_breaks`) a tab or a line feed.
bool plain_ascii(unsigned char c, bool keep_breaks) {
  return (c >= 0x20 && c < 0x7F) || (keep_breaks && (c == '\t' || c == '\n'));
}

void escape_ascii(std::string& out, unsigned char c) {
  if (c == '\t')
    out += "\\t";
  else if (c == '\n')
    out += "\\n";
  else if (c == '\r')
    out += "\\r";
  else
    out += fmt::format("\\x{:02x}", c);
}

}  // namespace

std::string escape_controls(std::string_view s, bool keep_breaks) {
  if (std::all_of(s.begin(), s.end(),
                  [&](char c) { return plain_ascii(static_cast<unsigned char>(c), keep_breaks); }))
    return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : utf8_sequence(s, i);
    if (c < 0x80 && !plain_ascii(c, keep_breaks)) {
      escape_ascii(out, c);
    } else if (n == 0) {  // not UTF-8: the byte, which an 8-bit terminal might obey
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {  // C1: U+0080-U+009F
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(s[i + 1]));
    } else {
      out.append(s.substr(i, n));
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

}  // namespace ifg::detail
