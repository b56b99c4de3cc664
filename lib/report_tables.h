// SPDX-License-Identifier: EUPL-1.2
// Private: every report as titled tables of text cells, the one shape the
// text, CSV, Markdown and HTML renderings share (JSON has its own contract).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "ifg/report.h"

namespace ifg::detail {

/// One table. `id` is stable (CSV's `table` column, HTML's element ids), and
/// so are `keys`, the column headings in English (CSV's header in every
/// language); `columns` are the same headings as people read them, in the
/// chosen language (text, Markdown, HTML); `numeric[i]` right-aligns column i.
struct Table {
  std::string id;
  std::string title;
  std::vector<std::string> keys;
  std::vector<std::string> columns;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;
};

/// A report as a page: a title, lines of context under it, then its tables.
struct Document {
  std::string title;
  std::vector<std::string> intro;
  std::vector<Table> tables;
};

Document document_of(const CaseReport& r);
Document document_of(const RegionReport& r);
Document document_of(const ActionsReport& r);
Document document_of(const CaseloadReport& r);

/// A value as a table cell: "" when absent.
template <class T>
std::string text_of(const std::optional<T>& v) {
  if (!v) return "";
  if constexpr (std::is_same_v<T, std::string>)
    return *v;
  else if constexpr (std::is_same_v<T, Date>)
    return v->to_string();
  else
    return std::to_string(*v);
}

/// A rate or median as reports give it: rounded to 4 decimals, so output is stable.
std::optional<double> rounded(const std::optional<double>& v);

/// A count as people read it: the number, "<N" when suppressed.
std::string count_text(const Count& c, int min_cell);

void write_text(std::ostream& out, const Document& d);
void write_markdown(std::ostream& out, const Document& d);
void write_csv(std::ostream& out, const Document& d);

/// One self-contained HTML page (lib/report_html.cpp). The region report adds
/// inline SVG charts, each followed by its table.
void write_html(std::ostream& out, const Document& d);
void write_html(std::ostream& out, const RegionReport& r, const Document& d);

}  // namespace ifg::detail
