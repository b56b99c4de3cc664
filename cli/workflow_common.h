// Shared by the workflow commands (decide, meeting, plan, assign, close, log).
#pragma once

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

#include "common.h"
#include "ifg/error.h"

namespace ifg::cli {

using ojson = nlohmann::ordered_json;

/// Parses a code of enumeration E given to option `option`, or a usage error.
template <class E>
E parse_option(const std::string& option, const std::string& value) {
  auto v = parse_enum<E>(value);
  if (!v)
    throw Error(ErrorCode::kUsage,
                option + " " + value + " is not one of " + enum_codes<E>());
  return *v;
}

/// Parses a YYYY-MM-DD date given to `option`, or a usage error.
inline Date parse_date_option(const std::string& option, const std::string& value) {
  auto d = Date::parse(value);
  if (!d) throw Error(ErrorCode::kUsage, option + " " + value + " is not a date YYYY-MM-DD");
  return *d;
}

template <class T>
ojson opt_json(const std::optional<T>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}

/// Prints `text` for people, or the `json` object for --format json.
inline void print_change(const std::string& format, const std::string& text, ojson json) {
  if (format == "json")
    std::cout << json.dump() << '\n';
  else
    std::cout << text << '\n';
}

/// Prints a list as one JSON array (json), one object per line (jsonl), or
/// through `text` for people.
template <class T, class ToJson, class ToText>
void print_list(const std::string& format, const std::vector<T>& items, ToJson&& to_json,
                ToText&& text) {
  if (format == "json") {
    ojson all = ojson::array();
    for (const auto& item : items) all.push_back(to_json(item));
    std::cout << all.dump(2) << '\n';
  } else if (format == "jsonl") {
    for (const auto& item : items) std::cout << to_json(item).dump() << '\n';
  } else {
    for (const auto& item : items) text(item);
  }
}

}  // namespace ifg::cli
