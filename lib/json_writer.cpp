// SPDX-License-Identifier: EUPL-1.2
// JsonWriter's out-of-line parts: strings, doubles, and laying out JSON text
// written elsewhere.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

#include "ifg/json.h"

namespace ifg {

namespace {

/// Whether the byte `c` may start something to escape: a C0 control, a
/// quote, a backslash, DEL, or the first byte of a C1 control (C2 80 to C2 9F)
/// or of U+2028/U+2029 (E2 80 A8/A9).
bool may_escape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7F || c == 0xC2 || c == 0xE2;
}

/// The length of the run at the start of `s` that needs no escape (no byte
/// for which may_escape() holds). Eight bytes at a time (SWAR).
std::size_t plain_run(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  auto has = [&](std::uint64_t w, unsigned char c) { return has_zero(w ^ (kOnes * c)); };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    // A byte below 0x20 (bytes of 0x80 and above pass), or one of the others.
    const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHighs;
    if (control | has(w, '"') | has(w, '\\') | has(w, 0x7F) | has(w, 0xC2) | has(w, 0xE2)) break;
  }
  while (i < s.size() && !may_escape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

/// The code point to write as \uXXXX when `s` starts with DEL, a C1 control
/// or U+2028/U+2029 (valid JSON raw, but a terminal may obey C1 controls and
/// JavaScript ends a line at U+2028), with its length in bytes.
std::optional<std::pair<unsigned, std::size_t>> unicode_escape(std::string_view s) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  if (at(0) == 0x7F) return std::pair(0x7Fu, std::size_t{1});
  if (at(0) == 0xC2 && s.size() >= 2 && at(1) >= 0x80 && at(1) <= 0x9F)
    return std::pair(unsigned{at(1)}, std::size_t{2});
  if (at(0) == 0xE2 && s.size() >= 3 && at(1) == 0x80 && (at(2) == 0xA8 || at(2) == 0xA9))
    return std::pair(0x2000u + at(2) - 0x80u, std::size_t{3});
  return std::nullopt;
}

/// Appends the escape of what `s` starts with (a byte for which may_escape()
/// holds), and drops that from `s`.
void escape_front(std::string& out, std::string_view& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto hex4 = [&](unsigned u) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(u >> shift) & 15];
  };
  if (const auto u = unicode_escape(s)) {
    hex4(u->first);
    s.remove_prefix(u->second);
    return;
  }
  const auto c = static_cast<unsigned char>(s.front());
  s.remove_prefix(1);
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default:  // another C0 control, or the first byte of a character to keep
      if (c >= 0x80)
        out += static_cast<char>(c);
      else
        hex4(c);
  }
}

}  // namespace

void JsonWriter::string_literal(std::string_view s) {
  out_ += '"';
  while (!s.empty()) {
    const std::size_t plain = plain_run(s);  // appended whole
    out_.append(s.data(), plain);
    s.remove_prefix(plain);
    if (!s.empty()) escape_front(out_, s);
  }
  out_ += '"';
}

JsonWriter& JsonWriter::value(double d) {
  if (!std::isfinite(d)) return null();
  prelude();
  // Plain notation from 1e-4 to 1e15, as nlohmann-json and most JSON
  // libraries print; exponent notation outside it.
  const double a = std::fabs(d);
  const bool plain = a == 0 || (a >= 1e-4 && a < 1e15);
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, d,
                                 plain ? std::chars_format::fixed : std::chars_format::scientific);
  const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  out_ += text;
  if (text.find_first_of(".e") == std::string_view::npos) out_ += ".0";
  return *this;
}

namespace {

/// Copies the string literal that starts at text[i] (a quote) to `out`;
/// returns the index of its closing quote.
std::size_t copy_string(std::string& out, std::string_view text, std::size_t i) {
  out += text[i];
  for (++i; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\\' && i + 1 < text.size())
      out += text[++i];
    else if (text[i] == '"')
      break;
  }
  return i;
}

}  // namespace

JsonWriter& JsonWriter::json(std::string_view text) {
  prelude();
  if (!indented_) {
    out_ += text;
    return *this;
  }
  int depth = depth_;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      i = copy_string(out_, text, i);
    } else if (c == '{' || c == '[') {
      out_ += c;
      const std::size_t next = text.find_first_not_of(" \t\r\n", i + 1);
      if (next != std::string_view::npos && (text[next] == '}' || text[next] == ']')) {
        out_ += text[next];  // empty: {} or []
        i = next;
      } else {
        newline(++depth);
      }
    } else if (c == '}' || c == ']') {
      newline(--depth);
      out_ += c;
    } else if (c == ',') {
      out_ += ',';
      newline(depth);
    } else if (c == ':') {
      out_ += ": ";
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      out_ += c;
    }
  }
  return *this;
}

}  // namespace ifg
