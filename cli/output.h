// SPDX-License-Identifier: EUPL-1.2
// What the commands share: options given as codes or dates, and printing a
// change or a list in the output formats.
#pragma once

#include <fmt/format.h>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "common.h"
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/json.h"

namespace ifg::cli {

/// Parses a code of enumeration E given to option `option`, or a usage error
/// that lists the values this command accepts: `offered`, or every code of E.
template <class E>
E parse_option(const std::string& option, const std::string& value,
               const std::vector<E>& offered = {}) {
  if (auto v = parse_enum<E>(value)) return *v;
  std::vector<std::string_view> codes;
  for (E e : offered) codes.push_back(to_string(e));
  throw Error(ErrorCode::kUsage,
              trf("{} {} is not one of {}", option, value,
                  offered.empty() ? enum_codes<E>() : fmt::format("{}", fmt::join(codes, ", "))));
}

/// Parses a date given to `option`: YYYY-MM-DD, or d/m/yyyy as Belgians write
/// it (28/11/2026, 1/2/2027); a usage error otherwise.
inline Date parse_date_option(const std::string& option, const std::string& value) {
  auto d = value.find('/') == std::string::npos ? Date::parse(value) : Date::parse_dmy(value);
  if (!d)
    throw Error(ErrorCode::kUsage,
                trf("{} {} is not a date: give YYYY-MM-DD or dd/mm/yyyy", option, value));
  return *d;
}

/// Prints `text` for people, or for --format json one line holding the object
/// whose members `members` writes, after its "format_version".
template <class Members>
void print_change(const std::string& format, const std::string& text, Members&& members) {
  if (format != "json") {
    std::cout << text << '\n';
    return;
  }
  std::string out;
  JsonWriter w(out);
  w.begin_object().member("format_version", kFormatVersion);
  members(w);
  w.end_object();
  std::cout << out << '\n';
}

/// Prints a list in its JSON form: one array (json), one object a line
/// (jsonl), one table of the same keys (csv, ifg::write_csv; xlsx, a workbook
/// of one sheet named after the command); or through `text` for people.
template <class T, class ToText>
void print_list(const std::string& format, const std::vector<T>& items, ToText&& text) {
  if (format == "json") {
    std::cout << to_json(items, JsonLayout::kIndented) << '\n';
  } else if (format == "jsonl") {
    for (const auto& item : items) std::cout << to_json(item) << '\n';
  } else if (format == "csv") {
    write_csv(std::cout, items);
  } else if (format == "xlsx") {
    write_xlsx(std::cout, items, output_title());
  } else {
    for (const auto& item : items) text(item);
  }
}

/// Prints rows as columns as wide as their widest cell, the last one unpadded,
/// control characters shown escaped.
void print_table(std::vector<std::vector<std::string>> rows);

}  // namespace ifg::cli
