// The CSV of a list (docs/formats.md, "CSV of a list"): its items' JSON forms
// flattened into one table, so that the CSV has the JSON's keys and follows
// its form when a key is added, with no second list of columns to keep.
//
// Rejected: a CSV writer per type (the columns drifted from the JSON keys:
// `days overdue` beside `days_overdue`); a visitor beside JsonWriter (every
// write_json() would be written twice). Reading back what JsonWriter wrote
// costs a parse per row, little beside the query that found the rows.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "format.h"
#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/json.h"

namespace ifg::detail {

namespace {

using ordered = nlohmann::ordered_json;  // keeps the keys in the form's order

ordered parse_form(const std::string& form) {
  ordered j = ordered::parse(form, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object())
    throw Error(ErrorCode::kInternal, "a CSV row is not the JSON object of an item's form");
  return j;
}

bool scalar(const ordered& v) {
  return v.is_null() || v.is_string() || v.is_number() || v.is_boolean();
}

/// A string as it is, a number or boolean as JSON writes it, null as nothing.
std::string plain(const ordered& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string cell(const ordered& v) {
  if (v.is_null()) return {};
  if (v.is_number() || v.is_boolean()) return v.dump();  // computed: as it is
  if (v.is_string()) return csv_cell(v.get_ref<const std::string&>());
  if (v.is_array() && std::all_of(v.begin(), v.end(), scalar)) {
    std::string joined;
    for (std::size_t i = 0; i < v.size(); ++i) joined += (i ? ";" : "") + plain(v[i]);
    return csv_cell(joined);
  }
  return csv_cell(v.dump(-1, ' ', false, ordered::error_handler_t::replace));
}

}  // namespace

void write_csv_forms(std::ostream& out, const std::string& sample,
                     const std::vector<std::string>& forms) {
  const ordered header = parse_form(sample);
  std::string line;
  for (const auto& item : header.items()) line += (line.empty() ? "" : ",") + csv_cell(item.key());
  out << line << '\n';
  for (const auto& form : forms) {
    const ordered row = parse_form(form);
    if (row.size() != header.size())
      throw Error(ErrorCode::kInternal, "a CSV row has other keys than the header");
    line.clear();
    bool first = true;
    for (const auto& item : header.items()) {
      const auto it = row.find(item.key());
      if (it == row.end())
        throw Error(ErrorCode::kInternal,
                    fmt::format("a CSV row has no key \"{}\" of the header", item.key()));
      line += (first ? "" : ",") + cell(*it);
      first = false;
    }
    out << line << '\n';
  }
}

}  // namespace ifg::detail
