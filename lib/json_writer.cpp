// JsonWriter's out-of-line parts: strings, doubles, and laying out JSON text
// written elsewhere.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "ifg/json.h"

namespace ifg {

namespace {

/// The length of the run at the start of `s` that needs no escape: no
/// control character, quote or backslash. Eight bytes at a time (SWAR).
std::size_t plain_run(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    // A byte below 0x20 (bytes of 0x80 and above pass), or '"', or '\\'.
    const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHighs;
    if (control | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) break;
  }
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
    ++i;
  }
  return i;
}

}  // namespace

void JsonWriter::string_literal(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  while (!s.empty()) {
    const std::size_t plain = plain_run(s);  // appended whole
    out_.append(s.data(), plain);
    s.remove_prefix(plain);
    if (s.empty()) break;
    const auto c = static_cast<unsigned char>(s.front());
    s.remove_prefix(1);
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
    }
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
