// SPDX-License-Identifier: EUPL-1.2
// Private: Excel workbooks (libxlsxwriter), the one writer behind every
// `--format xlsx`: a list's JSON forms (lib/csv_forms.cpp) and a report's
// tables (detail::Document) both become sheets here.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace ifg::detail {

/// One field of a list item's JSON form as a cell: its raw text and kind.
struct FormCell {
  enum Kind { kEmpty, kNumber, kBoolean, kText };
  Kind kind = kEmpty;
  std::string text;
};

/// Calls `header` with the keys of `sample`, then `each` with every form's cells.
void for_each_form_row(const std::string& sample, const std::vector<std::string>& forms,
                       const std::function<void(const std::vector<std::string>& keys)>& header,
                       const std::function<void(const std::vector<FormCell>& row)>& each);

/// One sheet: lines of context above (a title, a period), a header row, rows.
struct Sheet {
  std::string name;
  std::vector<std::string> top;
  std::vector<std::string> header;
  std::vector<std::vector<FormCell>> rows;
};

/// Writes `sheets` as one workbook to `out`: the header bold and frozen,
/// numbers as numbers, YYYY-MM-DD text as dates (dd/mm/yyyy), columns as wide
/// as their cells, text that would start a formula prefixed with '. Throws
/// Error(kStorage) when the workbook cannot be written.
void write_workbook(std::ostream& out, const std::vector<Sheet>& sheets);

struct Document;

/// A report as a workbook: one sheet per table, the report's title and
/// context lines (its period) in the first rows of each.
void write_xlsx(std::ostream& out, const Document& d);

}  // namespace ifg::detail
