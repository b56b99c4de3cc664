// SPDX-License-Identifier: EUPL-1.2
// Excel workbooks (lib/xlsx.h) over libxlsxwriter, which writes to a file
// name only: the workbook is written to a private temporary file (mode 0600,
// in TMPDIR, unlinked as soon as it is read back) and copied to the stream,
// so that `--format xlsx` goes to stdout like every other format.
//
// Rejected: writing the zip and sheet XML by hand (shared strings, styles and
// the frozen pane are easy to get subtly wrong for Excel); a CSV named .xlsx.
#include "xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <ostream>

#include "i18n.h"
#include "ifg/error.h"
#include "ifg/json.h"
#include "ifg/model.h"
#include "report_tables.h"
#include "text.h"

namespace ifg::detail {

namespace {

/// A temporary file that is removed when it goes out of scope.
struct TempFile {
  std::string path;
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/ifg-XXXXXX.xlsx";
    const int fd = ::mkstemps(pattern.data(), 5);
    if (fd < 0)
      throw Error(ErrorCode::kStorage,
                  tr("cannot create a temporary file for the workbook; set TMPDIR to a "
                     "writable folder"));
    ::close(fd);
    path = pattern;
  }
  ~TempFile() { ::unlink(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique.
std::string sheet_name(std::string name, std::vector<std::string>& used) {
  for (char& c : name)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
  if (name.empty()) name = "sheet";
  if (name.size() > 28) name.resize(28);
  while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80)
    name.pop_back();  // not in the middle of a UTF-8 sequence
  std::string unique = name;
  for (int n = 2; std::find(used.begin(), used.end(), unique) != used.end(); ++n)
    unique = name + " " + std::to_string(n);
  used.push_back(unique);
  return unique;
}

/// Text as the CSV guards it: a leading = + - @ tab or CR gets a ' before it.
std::string guarded(std::string_view text) {
  std::string out = escape_controls(text, /*keep_breaks=*/true);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    out.insert(0, 1, '\'');
  return out;
}

struct Formats {
  lxw_format* bold;
  lxw_format* date;
  lxw_format* title;
};

/// Writes one cell; returns its width in characters.
std::size_t write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const FormCell& cell,
                       const Formats& f) {
  if (cell.kind == FormCell::kNumber) {
    worksheet_write_number(ws, r, c, std::strtod(cell.text.c_str(), nullptr), nullptr);
    return cell.text.size();
  }
  if (cell.kind == FormCell::kText) {
    if (auto d = Date::parse(cell.text)) {
      lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0};
      worksheet_write_datetime(ws, r, c, &dt, f.date);
      return 10;
    }
    const std::string text = guarded(cell.text);
    worksheet_write_string(ws, r, c, text.c_str(), nullptr);
    return utf8_length(text).value_or(text.size());
  }
  if (cell.kind == FormCell::kBoolean)
    worksheet_write_boolean(ws, r, c, cell.text == "true", nullptr);
  return cell.text.size();
}

void write_sheet(lxw_workbook* wb, const Sheet& s, std::vector<std::string>& used,
                 const Formats& f) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(s.name, used).c_str());
  if (!ws) throw Error(ErrorCode::kInternal, trf("a sheet name Excel refuses: {}", s.name));
  lxw_row_t r = 0;
  for (const auto& line : s.top) {
    worksheet_write_string(ws, r, 0, guarded(line).c_str(), r == 0 ? f.title : nullptr);
    ++r;
  }
  if (!s.top.empty()) ++r;  // a blank row under the title
  std::vector<std::size_t> width(s.header.size(), 8);
  for (lxw_col_t c = 0; c < s.header.size(); ++c) {
    worksheet_write_string(ws, r, c, guarded(s.header[c]).c_str(), f.bold);
    width[c] = std::max(width[c], utf8_length(s.header[c]).value_or(s.header[c].size()));
  }
  worksheet_freeze_panes(ws, r + 1, 0);
  for (const auto& row : s.rows) {
    ++r;
    for (lxw_col_t c = 0; c < row.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], write_cell(ws, r, c, row[c], f));
  }
  for (lxw_col_t c = 0; c < width.size(); ++c)
    worksheet_set_column(ws, c, c, static_cast<double>(std::min<std::size_t>(width[c], 60) + 2),
                         nullptr);
}

}  // namespace

void write_workbook(std::ostream& out, const std::vector<Sheet>& sheets) {
  TempFile file;
  lxw_workbook* wb = workbook_new(file.path.c_str());
  if (!wb) throw Error(ErrorCode::kStorage, tr("cannot write the workbook to a temporary file"));
  Formats f{workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb)};
  format_set_bold(f.bold);
  format_set_num_format(f.date, "dd/mm/yyyy");
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  std::vector<std::string> used;
  for (const auto& s : sheets) write_sheet(wb, s, used, f);
  if (workbook_close(wb) != LXW_NO_ERROR)
    throw Error(ErrorCode::kStorage, tr("cannot write the workbook to a temporary file"));
  std::ifstream in(file.path, std::ios::binary);
  out << in.rdbuf();
}

void write_xlsx_forms(std::ostream& out, const std::string& sample,
                      const std::vector<std::string>& forms, const std::string& title) {
  Sheet sheet;
  sheet.name = title;
  for_each_form_row(
      sample, forms, [&](const std::vector<std::string>& keys) { sheet.header = keys; },
      [&](const std::vector<FormCell>& row) { sheet.rows.push_back(row); });
  write_workbook(out, {sheet});
}

void write_xlsx(std::ostream& out, const Document& d) {
  std::vector<Sheet> sheets;
  for (const auto& t : d.tables) {
    Sheet s{t.title.empty() ? t.id : t.title, {d.title}, t.columns, {}};
    s.top.insert(s.top.end(), d.intro.begin(), d.intro.end());
    for (const auto& row : t.rows) {
      std::vector<FormCell> cells;
      for (std::size_t i = 0; i < row.size(); ++i) {
        const bool number = i < t.numeric.size() && t.numeric[i] &&
                            row[i].find_first_of("0123456789") != std::string::npos &&
                            row[i].find_first_not_of("0123456789.-") == std::string::npos;
        cells.push_back({number ? FormCell::kNumber : FormCell::kText, row[i]});
      }
      s.rows.push_back(std::move(cells));
    }
    sheets.push_back(std::move(s));
  }
  write_workbook(out, sheets);
}

}  // namespace ifg::detail
