// Private: a small append-only JSON emitter for the hot output paths.
//
// A profile of `ifg screen --batch` showed nlohmann::json's serializer taking a
// third of the time (it builds a tree, then re-validates UTF-8 byte by byte).
// Results are written straight into a string instead. Every string that
// reaches it was validated as UTF-8 on input, so bytes >= 0x80 pass through;
// quotes, backslashes and control characters are escaped per RFC 8259.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/screening.h"

namespace ifg::detail {

class JsonOut {
 public:
  explicit JsonOut(std::string& out) : out_(out) {}

  JsonOut& begin_object() { return open('{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array() { return open('['); }
  JsonOut& end_array() { return close(']'); }

  JsonOut& key(std::string_view k) {
    comma();
    string_literal(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonOut& value(std::string_view s) {
    comma();
    string_literal(s);
    return *this;
  }
  JsonOut& value(const char* s) { return value(std::string_view(s)); }
  JsonOut& value(const std::string& s) { return value(std::string_view(s)); }
  JsonOut& value(long long n) {
    comma();
    out_ += std::to_string(n);
    return *this;
  }
  JsonOut& value(long n) { return value(static_cast<long long>(n)); }
  JsonOut& value(int n) { return value(static_cast<long long>(n)); }
  JsonOut& value(bool b) {
    comma();
    out_ += b ? "true" : "false";
    return *this;
  }
  JsonOut& null() {
    comma();
    out_ += "null";
    return *this;
  }
  /// A number already formatted as JSON.
  JsonOut& raw(std::string_view text) {
    comma();
    out_ += text;
    return *this;
  }
  template <class T>
  JsonOut& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

 private:
  JsonOut& open(char c) {
    comma();
    out_ += c;
    first_ = true;
    return *this;
  }
  JsonOut& close(char c) {
    out_ += c;
    first_ = false;
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) out_ += ',';
    first_ = false;
  }
  void string_literal(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    // Runs of characters that need no escape are appended whole.
    std::size_t plain = 0;
    while (plain < s.size()) {
      const auto c = static_cast<unsigned char>(s[plain]);
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) break;
      ++plain;
    }
    out_.append(s.data(), plain);
    s.remove_prefix(plain);
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out_ += "\\u00";
            out_ += kHex[c >> 4];
            out_ += kHex[c & 15];
          } else {
            out_ += ch;
          }
      }
    }
    out_ += '"';
  }

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

/// The "criteria" and "warnings" members of a result object (spec/formats.md),
/// shared by the printed result and the stored screening.
inline void write_criteria(JsonOut& j, const std::vector<CriterionResult>& criteria,
                           const std::vector<Warning>& warnings) {
  j.key("criteria").begin_array();
  for (const auto& c : criteria) {
    j.begin_object();
    j.key("id").value(to_string(c.id));
    j.key("verdict").value(to_string(c.verdict));
    j.key("reason").value(c.reason);
    j.end_object();
  }
  j.end_array();
  j.key("warnings").begin_array();
  for (const auto& w : warnings) {
    j.begin_object();
    j.key("code").value(w.code);
    j.key("message").value(w.message);
    j.end_object();
  }
  j.end_array();
}

}  // namespace ifg::detail
