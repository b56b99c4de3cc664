// SPDX-License-Identifier: EUPL-1.2
// Private: a read-only view of one JSON value, parsed either by nlohmann-json
// (referral files read whole, TOML and CSV records turned into JSON, flags)
// or by simdjson (JSONL, record by record: a tenth of nlohmann's work, since
// it builds no tree of strings and maps). The validator reads referrals
// through it, so one set of rules serves both.
//
// A simdjson view points into its parser's buffer and is valid until the
// parser parses again; an nlohmann view points at a json value.
#pragma once

#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ifg::detail {

class JsonView {
 public:
  JsonView() = default;  ///< absent: a key that is not there
  explicit JsonView(const nlohmann::json* j) : kind_(j ? kNlohmann : kAbsent), nl_(j) {}
  explicit JsonView(simdjson::dom::element e) : kind_(kSimd), sj_(e) {}

  bool present() const { return kind_ != kAbsent; }
  bool is_null() const;
  bool is_string() const;
  bool is_bool() const;
  bool is_integer() const;  ///< a whole number (signed or unsigned)
  bool is_number() const;
  bool is_array() const;
  bool is_object() const;

  std::string_view str() const;  ///< when is_string()
  bool boolean() const;          ///< when is_bool()
  long long integer() const;     ///< when is_integer()
  std::size_t size() const;      ///< of an array or object

  /// Absent, null, "" and [] all mean a fact that is not given.
  bool absent() const;
  /// The member `key` of an object; absent when there is none. The readers
  /// refuse an object that gives a key twice, so there is at most one.
  JsonView member(std::string_view key) const;

  /// Calls f(i, item) for every item of an array; nothing when not an array.
  template <class F>
  void for_each_item(F&& f) const {
    std::size_t i = 0;
    if (kind_ == kNlohmann && nl_->is_array()) {
      for (const auto& item : *nl_) f(i++, JsonView(&item));
    } else if (kind_ == kSimd && sj_.is_array()) {
      for (auto item : simdjson::dom::array(sj_)) f(i++, JsonView(item));
    }
  }

  /// Calls f(key) for every key of an object: in nlohmann's order (sorted)
  /// or simdjson's (the document's).
  template <class F>
  void for_each_key(F&& f) const {
    if (kind_ == kNlohmann) {
      for (auto it = nl_->begin(); it != nl_->end(); ++it) f(std::string_view(it.key()));
    } else if (kind_ == kSimd) {
      for (auto field : simdjson::dom::object(sj_)) f(field.key);
    }
  }

  /// The value's type in words ("a number", "a list", ...), translated (ifg::tr).
  std::string describe() const;

 private:
  enum Kind { kAbsent, kNlohmann, kSimd };
  Kind kind_ = kAbsent;
  const nlohmann::json* nl_ = nullptr;
  simdjson::dom::element sj_;
};

}  // namespace ifg::detail
