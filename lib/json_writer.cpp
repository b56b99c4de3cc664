// JsonWriter's out-of-line parts: strings, doubles, and laying out JSON text
// written elsewhere.
#include <charconv>
#include <cmath>

#include "ifg/json.h"

namespace ifg {

void JsonWriter::string_literal(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  while (!s.empty()) {
    // Runs of characters that need no escape are appended whole.
    std::size_t plain = 0;
    while (plain < s.size()) {
      const auto c = static_cast<unsigned char>(s[plain]);
      if (c < 0x20 || c == '"' || c == '\\') break;
      ++plain;
    }
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

JsonWriter& JsonWriter::json(std::string_view text) {
  prelude();
  if (!indented_) {
    out_ += text;
    return *this;
  }
  int depth = depth_;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out_ += c;
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out_ += c;
        break;
      case '{':
      case '[': {
        const std::size_t next = text.find_first_not_of(" \t\r\n", i + 1);
        out_ += c;
        if (next != std::string_view::npos && (text[next] == '}' || text[next] == ']')) {
          out_ += text[next];
          i = next;
        } else {
          newline(++depth);
        }
        break;
      }
      case '}':
      case ']':
        newline(--depth);
        out_ += c;
        break;
      case ',':
        out_ += ',';
        newline(depth);
        break;
      case ':':
        out_ += ": ";
        break;
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        break;
      default:
        out_ += c;
    }
  }
  return *this;
}

}  // namespace ifg
