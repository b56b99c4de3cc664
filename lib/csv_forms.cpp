// SPDX-License-Identifier: EUPL-1.2
// The CSV of a list (docs/formats.md, "CSV of a list"): its items' JSON forms
// flattened into one table, so that the CSV has the JSON's keys and follows
// its form when a key is added, with no second list of columns to keep.
//
// Rejected: a CSV writer per type (the columns drifted from the JSON keys:
// `days overdue` beside `days_overdue`); a visitor beside JsonWriter (every
// write_json() would be written twice). Reading back what JsonWriter wrote
// is simdjson's on-demand pass over each row, which also gives a number's
// text as JsonWriter wrote it (nlohmann's tree took a third of the time of
// `case list --overdue --format csv` on 2,400 rows).
#include <simdjson.h>

#include <functional>
#include <ostream>

#include "format.h"
#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/json.h"
#include "xlsx.h"

namespace ifg::detail {

namespace {

namespace od = simdjson::ondemand;

[[noreturn]] void not_a_form(std::string_view why) {
  throw Error(ErrorCode::kInternal, fmt::format("a CSV row is not an item's JSON form: {}", why));
}

template <class T>
T checked(simdjson::simdjson_result<T> r) {
  if (r.error()) not_a_form(simdjson::error_message(r.error()));
  return std::move(r).value_unsafe();
}

/// A scalar's JSON text as written (on-demand tokens may carry the spaces after them).
std::string_view token(od::value& v) {
  std::string_view t = v.raw_json_token();
  while (!t.empty() &&
         (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t'))
    t.remove_suffix(1);
  return t;
}

/// A list of strings, numbers or booleans as its items joined by `;`, or
/// nothing when it holds anything else.
std::optional<std::string> joined_scalars(std::string_view array_text) {
  od::parser parser;
  const simdjson::padded_string padded(array_text);
  od::document doc = checked(parser.iterate(padded));
  std::string out;
  bool first = true;
  for (auto item : checked(doc.get_array())) {
    od::value v = checked(std::move(item));
    const od::json_type type = checked(v.type());
    if (type == od::json_type::array || type == od::json_type::object) return std::nullopt;
    if (!first) out += ';';
    first = false;
    if (type == od::json_type::string)
      out += checked(v.get_string());
    else if (type != od::json_type::null)
      out += token(v);
  }
  return out;
}

/// A field's value as one cell: raw text, with its kind (CSV escapes text,
/// a workbook types numbers and dates).
FormCell cell(od::value v) {
  switch (checked(v.type())) {
    case od::json_type::null:
      return {};
    case od::json_type::number:
      return {FormCell::kNumber, std::string(token(v))};
    case od::json_type::boolean:
      return {FormCell::kBoolean, std::string(token(v))};  // computed: as it is
    case od::json_type::string:
      return {FormCell::kText, std::string(checked(v.get_string()))};
    case od::json_type::array: {
      od::array array = checked(v.get_array());
      const std::string_view text = checked(array.raw_json());
      return {FormCell::kText, joined_scalars(text).value_or(std::string(text))};
    }
    case od::json_type::object: {
      od::object object = checked(v.get_object());
      return {FormCell::kText, std::string(checked(object.raw_json()))};
    }
  }
  return {};
}

/// The keys of a form, in its order.
std::vector<std::string> keys_of(const std::string& form) {
  od::parser parser;
  const simdjson::padded_string padded(form);
  od::document doc = checked(parser.iterate(padded));
  std::vector<std::string> keys;
  for (auto field : checked(doc.get_object()))
    keys.emplace_back(checked(checked(std::move(field)).unescaped_key()));
  return keys;
}

/// One row: the cells of `form`, whose keys must be `keys` in that order (a
/// form is written by one write_json(), so every item has its keys in order).
std::vector<FormCell> row_of(od::parser& parser, const std::string& form,
                             const std::vector<std::string>& keys) {
  const simdjson::padded_string padded(form);
  od::document doc = checked(parser.iterate(padded));
  std::vector<FormCell> row;
  row.reserve(keys.size());
  for (auto field : checked(doc.get_object())) {
    od::field f = checked(std::move(field));
    const std::string_view key = checked(f.unescaped_key());
    const std::size_t i = row.size();
    if (i >= keys.size() || key != keys[i])
      not_a_form(fmt::format("key \"{}\" where the header has {}", key,
                             i < keys.size() ? "\"" + keys[i] + "\"" : "no more keys"));
    row.push_back(cell(f.value()));
  }
  if (row.size() != keys.size())
    not_a_form(fmt::format("{} keys where the header has {}", row.size(), keys.size()));
  return row;
}

}  // namespace

void for_each_form_row(const std::string& sample, const std::vector<std::string>& forms,
                       const std::function<void(const std::vector<std::string>& keys)>& header,
                       const std::function<void(const std::vector<FormCell>& row)>& each) {
  const std::vector<std::string> keys = keys_of(sample);
  header(keys);
  od::parser parser;
  for (const auto& form : forms) each(row_of(parser, form, keys));
}

void write_csv_forms(std::ostream& out, const std::string& sample,
                     const std::vector<std::string>& forms) {
  std::string line;
  const auto header = [&](const std::vector<std::string>& keys) {
    for (const auto& key : keys) line += (line.empty() ? "" : ",") + csv_cell(key);
    out << line << '\n';
  };
  const auto each = [&](const std::vector<FormCell>& row) {
    line.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) line += ',';
      line += row[i].kind == FormCell::kText ? csv_cell(row[i].text) : row[i].text;
    }
    out << line << '\n';
  };
  for_each_form_row(sample, forms, header, each);
}

}  // namespace ifg::detail
