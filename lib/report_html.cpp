// SPDX-License-Identifier: EUPL-1.2
// The HTML rendering of reports: one self-contained page per report.
//
// Constraints (issue 5):
// - One file that opens anywhere, offline: no scripts, fonts, stylesheets or
//   images from elsewhere; an inline <style> with the system font stack and
//   inline SVG. No JavaScript at all.
// - Readable when printed in black and white: every bar carries its value as
//   text, @media print drops the tints, and no chart or table is split over
//   a page break.
// - Accessible: <html lang>, one h1 and an h2 per section, each chart an
//   <svg role="img"> named by its <title> and <desc>, and right after it the
//   table with the same numbers (the Document's table).
// - Every text is escaped, in content and attributes alike: case facts,
//   action domains and professional ids come from users.
// - Deterministic: the page is a function of the report and the language
//   chosen (ifg::set_language: its words and <html lang>) only (no clock, no
//   locale, no random ids; coordinates are printed with integer arithmetic),
//   so the same report gives the same bytes.
// - A suppressed count (std::nullopt) is "<N" in tables and, in charts, no
//   bar at all with the word "suppressed": never something that reads as 0.
//
// Rejected: a charting library or <canvas> (scripts, no text for screen
// readers, blurry in print); SVG patterns for print (they need url(#id)
// references, and the value labels already make colour unnecessary).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "format.h"
#include "i18n.h"
#include "ifg/version.h"
#include "report_tables.h"

namespace ifg::detail {

namespace {

// ---------------------------------------------------------------------------
// Text

/// Escapes text for HTML content and quoted attribute values alike. Control
/// characters other than tab, LF and CR are not allowed in HTML and become U+FFFD.
std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default: {
        const auto u = static_cast<unsigned char>(ch);
        if ((u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || u == 0x7f)
          out += "\xEF\xBF\xBD";
        else
          out += ch;
      }
    }
  }
  return out;
}

/// Characters (UTF-8 code points) in `s`.
std::size_t length_of(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// `s` cut to at most `n` characters, with "…" when it was cut.
std::string shorten(std::string_view s, std::size_t n) {
  if (length_of(s) <= n) return std::string(s);
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80 && chars++ == n - 1) break;
  }
  return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
}

/// An id attribute from a table id: letters, digits, '-' and '_' only.
std::string id_of(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    out += ok ? c : '-';
  }
  return out.empty() ? "table" : out;
}

/// The class of a text cell: "word" (one short word: a date, an id, a code;
/// never broken, not even at its hyphens), "long" (a run of more than 24
/// bytes without a space, as in JSON details: may break anywhere) or none
/// (prose, wrapped at spaces).
std::string_view cell_class(std::string_view s) {
  std::size_t run = 0;
  bool spaces = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    spaces = spaces || space;
    run = space ? 0 : run + 1;
    if (run > 24) return "long";
  }
  return spaces || s.empty() ? "" : "word";
}

/// A coordinate with at most one decimal, independent of the locale.
std::string px(double v) {
  if (v < 0) return "-" + px(-v);
  const long t = std::lround(v * 10);
  std::string out = std::to_string(t / 10);
  if (t % 10 != 0) out += "." + std::to_string(t % 10);
  return out;
}

std::string suppressed_text(int min_cell) {
  return fmt::format("<{}", min_cell);
}

// ---------------------------------------------------------------------------
// The page

constexpr std::string_view kStyle = R"css(
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0 auto;max-width:62rem;padding:1.5rem 1.25rem 2rem;color:#1b1e23;background:#fff;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans",sans-serif}
header{border-bottom:3px solid #2c5f8a;padding-bottom:.6rem;margin-bottom:.5rem}
h1{font-size:1.65rem;line-height:1.2;margin:0 0 .35rem}
.intro{margin:.1rem 0;color:#3d434b}
h2{font-size:1.15rem;margin:1.9rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #d5dae0;break-after:avoid;page-break-after:avoid}
section{break-inside:auto}
figure{margin:.4rem 0 .6rem;break-inside:avoid;page-break-inside:avoid}
svg.chart{display:block;max-width:100%;height:auto}
svg.chart text{font-family:inherit;fill:#1b1e23}
svg.chart .bar{fill:#2c5f8a}
svg.chart .grid{stroke:#e4e7eb;stroke-width:1}
svg.chart .axis{stroke:#7c838c;stroke-width:1}
svg.chart .tick{font-size:11px;fill:#5b626b}
svg.chart .lab{font-size:12.5px}
svg.chart .val{font-size:12px;font-weight:600}
svg.chart .sup{font-size:11.5px;font-style:italic;fill:#5b626b}
svg.chart .mark{fill:#fff;stroke:#5b626b;stroke-width:1.2}
table{border-collapse:collapse;margin:.3rem 0 1rem;font-size:.9rem;break-inside:avoid;page-break-inside:avoid}
th,td{padding:.28rem .75rem .28rem 0;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top;overflow-wrap:break-word}
td.long{overflow-wrap:anywhere}
td.word,td.num{white-space:nowrap}
tr{break-inside:avoid;page-break-inside:avoid}
th:first-child,td:first-child{padding-left:.4rem}
thead th{border-bottom:2px solid #7c838c;font-weight:600;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#f5f7f9}
td.empty{color:#5b626b;font-style:italic}
.supp{font-style:italic;color:#5b626b}
footer{margin-top:2.5rem;padding-top:.5rem;border-top:1px solid #d5dae0;font-size:.8rem;color:#5b626b}
@media print{
@page{margin:1.6cm 1.4cm}
body{max-width:none;padding:0;font-size:10.5pt;color:#000;background:#fff}
header{border-color:#000}
.intro,footer,td.empty,.supp{color:#000}
h2{border-color:#000}
th,td{border-color:#999}
thead th{border-color:#000}
tbody tr:nth-child(even){background:none}
svg.chart text,svg.chart .tick,svg.chart .sup{fill:#000}
svg.chart .bar{fill:#4d4d4d}
svg.chart .grid{stroke:#bbb}
svg.chart .axis{stroke:#000}
svg.chart .mark{stroke:#000}
}
)css";

void open_page(std::ostream& out, const Document& d) {
  out << "<!doctype html>\n<html lang=\"" << to_string(language())
      << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"ifg " << esc(version()) << "\">\n"
      << "<title>" << esc(d.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n"
      << "<header>\n<h1>" << esc(d.title) << "</h1>\n";
  for (const auto& line : d.intro) out << "<p class=\"intro\">" << esc(line) << "</p>\n";
  out << "</header>\n<main>\n";
}

/// Element ids of each table, unique on the page.
std::vector<std::string> ids_of(const Document& d) {
  std::vector<std::string> ids;
  std::map<std::string, int> seen;
  for (const auto& t : d.tables) {
    std::string id = id_of(t.id);
    if (const int n = seen[id]++; n > 0) id += "-" + std::to_string(n + 1);
    ids.push_back(std::move(id));
  }
  return ids;
}

/// A table; cells equal to `suppressed` (when not empty) are marked as such.
void write_table(std::ostream& out, const Table& t, const std::string& id,
                 const std::string& suppressed = {}) {
  auto numeric = [&](std::size_t i) { return i < t.numeric.size() && t.numeric[i]; };
  out << "<table id=\"t-" << id << "\" aria-labelledby=\"h-" << id << "\">\n<thead><tr>";
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    out << "<th scope=\"col\"" << (numeric(i) ? " class=\"num\"" : "") << ">" << esc(t.columns[i])
        << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  if (t.rows.empty()) {
    out << "<tr><td class=\"empty\" colspan=\"" << std::max<std::size_t>(1, t.columns.size())
        << "\">" << esc(tr("None")) << "</td></tr>\n";
  }
  for (const auto& row : t.rows) {
    out << "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string_view cls = numeric(i) ? "num" : cell_class(row[i]);
      out << "<td";
      if (!cls.empty()) out << " class=\"" << cls << "\"";
      out << ">";
      if (!suppressed.empty() && row[i] == suppressed)
        out << "<span class=\"supp\" title=\""
            << esc(trf("suppressed: fewer than {}", suppressed.substr(1))) << "\">" << esc(row[i])
            << "</span>";
      else
        out << esc(local_time_text(row[i]));
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void open_section(std::ostream& out, const std::string& id, std::string_view title) {
  out << "<section id=\"s-" << id << "\" aria-labelledby=\"h-" << id << "\">\n<h2 id=\"h-" << id
      << "\">" << esc(title) << "</h2>\n";
}

// ---------------------------------------------------------------------------
// Charts

constexpr double kWidth = 640;

/// A "nice" axis: a step of 1, 2 or 5 times a power of ten, at most about
/// `ticks` steps, and the axis maximum as a whole number of steps.
struct Axis {
  std::int64_t step = 1;
  std::int64_t max = 1;
};

Axis axis_for(std::int64_t largest, std::int64_t ticks) {
  Axis a;
  if (largest <= 0) return a;
  const std::int64_t raw = (largest + ticks - 1) / ticks;
  std::int64_t magnitude = 1;
  while (magnitude * 10 <= raw) magnitude *= 10;
  for (std::int64_t m : {1, 2, 5, 10}) {
    if (m * magnitude >= raw) {
      a.step = m * magnitude;
      break;
    }
  }
  a.max = (largest + a.step - 1) / a.step * a.step;
  return a;
}

std::int64_t largest_of(const std::vector<Count>& counts) {
  std::int64_t m = 0;
  for (const auto& c : counts)
    if (c.value) m = std::max(m, *c.value);
  return m;
}

/// What a chart shows, and the words that name it for a screen reader.
struct ChartSpec {
  std::string id;     ///< element id prefix, unique on the page
  std::string title;  ///< also the <title> of the SVG
  const std::vector<Count>* counts = nullptr;
};

/// "eligible 12, incomplete <5 (suppressed), ..." for the <desc> of a chart.
std::string values_text(const std::vector<Count>& counts, int min_cell) {
  std::vector<std::string> parts;
  for (const auto& c : counts)
    parts.push_back(c.value ? fmt::format("{} {}", c.key, *c.value)
                            : trf("{} {} (suppressed)", c.key, suppressed_text(min_cell)));
  return fmt::format("{}", fmt::join(parts, ", "));
}

void open_svg(std::ostream& out, const ChartSpec& c, double height, std::string_view desc) {
  out << "<figure>\n<svg class=\"chart\" role=\"img\" aria-labelledby=\"" << c.id << "-title "
      << c.id << "-desc\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << px(kWidth)
      << "\" height=\"" << px(height) << "\" viewBox=\"0 0 " << px(kWidth) << " " << px(height)
      << "\">\n<title id=\"" << c.id << "-title\">" << esc(c.title) << "</title>\n<desc id=\""
      << c.id << "-desc\">" << esc(desc) << "</desc>\n";
}

void close_svg(std::ostream& out) {
  out << "</svg>\n</figure>\n";
}

void text(std::ostream& out, double x, double y, std::string_view cls, std::string_view anchor,
          std::string_view s) {
  out << "<text x=\"" << px(x) << "\" y=\"" << px(y) << "\" class=\"" << cls << "\"";
  if (anchor != "start") out << " text-anchor=\"" << anchor << "\"";
  out << ">" << esc(s) << "</text>\n";
}

void line(std::ostream& out, double x1, double y1, double x2, double y2, std::string_view cls) {
  out << "<line x1=\"" << px(x1) << "\" y1=\"" << px(y1) << "\" x2=\"" << px(x2) << "\" y2=\""
      << px(y2) << "\" class=\"" << cls << "\"/>\n";
}

/// Horizontal bars, one row per count: the label left, the value right of the
/// bar; a suppressed count has no bar but "suppressed (<N)".
void bar_chart(std::ostream& out, const ChartSpec& c, int min_cell) {
  const auto& counts = *c.counts;
  constexpr double kTop = 6, kRow = 26, kBar = 16, kAxis = 22, kCharWidth = 7.2;
  std::size_t longest = 4;
  for (const auto& n : counts) longest = std::max(longest, length_of(n.key));
  const std::size_t max_chars = 26;
  const double left =
      std::min<double>(12 + kCharWidth * static_cast<double>(std::min(longest, max_chars)), 210);
  const double plot = kWidth - left - 60;
  const double rows = static_cast<double>(std::max<std::size_t>(1, counts.size()));
  const double bottom = kTop + rows * kRow;
  const Axis axis = axis_for(largest_of(counts), 5);

  const std::string desc = counts.empty()
                               ? std::string(tr("Horizontal bar chart. No data."))
                               : trf("Horizontal bar chart. {}.", values_text(counts, min_cell));
  open_svg(out, c, bottom + kAxis, desc);
  // Without a positive count there is no scale to show: the base line only.
  const std::int64_t top = largest_of(counts) > 0 ? axis.max : 0;
  for (std::int64_t v = 0; v <= top; v += axis.step) {
    const double x = left + plot * static_cast<double>(v) / static_cast<double>(axis.max);
    line(out, x, kTop, x, bottom, v == 0 ? "axis" : "grid");
    text(out, x, bottom + 15, "tick", "middle", std::to_string(v));
  }
  if (counts.empty()) text(out, left + 8, kTop + kRow / 2 + 4, "sup", "start", tr("No data"));
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double y = kTop + static_cast<double>(i) * kRow;
    const double mid = y + kRow / 2 + 4.5;
    text(out, left - 8, mid, "lab", "end", shorten(counts[i].key, max_chars));
    if (const auto& v = counts[i].value) {
      const double w = plot * static_cast<double>(*v) / static_cast<double>(axis.max);
      if (*v > 0)
        out << "<rect class=\"bar\" x=\"" << px(left) << "\" y=\"" << px(y + (kRow - kBar) / 2)
            << "\" width=\"" << px(std::max(w, 1.0)) << "\" height=\"" << px(kBar) << "\"/>\n";
      text(out, left + w + 6, mid, "val", "start", std::to_string(*v));
    } else {
      text(out, left + 6, mid, "sup", "start", trf("suppressed ({})", suppressed_text(min_cell)));
    }
  }
  close_svg(out);
}

/// The months under a column chart, translated where shown.
constexpr const char* kMonths[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"),
                                   N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
                                   N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};

/// Month (1-12) of a "YYYY-MM" key, 0 when it is not of that form.
int month_of(std::string_view key) {
  if (key.size() != 7 || key[4] != '-') return 0;
  for (std::size_t i : {0, 1, 2, 3, 5, 6})
    if (key[i] < '0' || key[i] > '9') return 0;
  const int m = (key[5] - '0') * 10 + (key[6] - '0');
  return m >= 1 && m <= 12 ? m : 0;
}

/// Where a column chart's parts go.
struct ColumnLayout {
  static constexpr double kLeft = 46, kRight = 10, kTop = 18;
  std::size_t n;     ///< columns
  double plot_h;     ///< the height of the plot area
  double base;       ///< the y of the base line
  double slot, bar;  ///< the width a column has, and its bar's
  bool labels;       ///< values above the columns (up to 24 months)
  std::size_t step;  ///< label every step-th month
  Axis axis;

  explicit ColumnLayout(const std::vector<Count>& counts)
      : n(counts.size()),
        plot_h(n ? 170 : 20),  // no months: the words "No data" only
        base(kTop + plot_h),
        slot(n ? (kWidth - kLeft - kRight) / static_cast<double>(n) : kWidth - kLeft - kRight),
        bar(std::min(slot * 0.72, 44.0)),
        labels(n <= 24),
        step(n <= 24    ? 1
             : n <= 72  ? 3
             : n <= 144 ? 6
                        : 12),
        axis(axis_for(largest_of(counts), 4)) {}
  double mid(std::size_t i) const { return kLeft + slot * static_cast<double>(i) + slot / 2; }
  double height_of(std::int64_t v) const {
    return plot_h * static_cast<double>(v) / static_cast<double>(axis.max);
  }
};

/// One month's column: a bar, a zero, or an open circle when suppressed.
void column(std::ostream& out, const ColumnLayout& l, std::size_t i, const Count& c, int min_cell) {
  const double mid = l.mid(i);
  if (c.value && *c.value > 0) {
    const double h = l.height_of(*c.value);
    out << "<rect class=\"bar\" x=\"" << px(mid - l.bar / 2) << "\" y=\"" << px(l.base - h)
        << "\" width=\"" << px(l.bar) << "\" height=\"" << px(h) << "\"/>\n";
    if (l.labels) text(out, mid, l.base - h - 4, "val", "middle", std::to_string(*c.value));
  } else if (c.value) {
    if (l.labels) text(out, mid, l.base - 4, "val", "middle", "0");
  } else {
    out << "<circle class=\"mark\" cx=\"" << px(mid) << "\" cy=\"" << px(l.base - 4)
        << "\" r=\"3.5\"/>\n";
    if (l.labels) text(out, mid, l.base - 12, "sup", "middle", suppressed_text(min_cell));
  }
}

/// The month under column i, every step-th month, with the year under the
/// first label and under each January. Returns whether it labelled the column.
bool month_label(std::ostream& out, const ColumnLayout& l, std::size_t i, const std::string& key,
                 bool first_label) {
  const int month = month_of(key);
  const bool labelled =
      month ? (l.step == 1 || (month - 1) % static_cast<int>(l.step) == 0) : i % l.step == 0;
  if (!labelled) return false;
  const double mid = l.mid(i);
  line(out, mid, l.base, mid, l.base + 4, "axis");
  text(out, mid, l.base + 16, "tick", "middle",
       month ? std::string(tr(kMonths[month - 1])) : shorten(key, 8));
  if (month && (first_label || month == 1))
    text(out, mid, l.base + 30, "tick", "middle", key.substr(0, 4));
  return true;
}

/// Columns, one per month, with a y axis; values above the columns while they
/// fit (up to 24 months; the table has them all); a suppressed month is an
/// open circle on the base line, explained under the chart.
void column_chart(std::ostream& out, const ChartSpec& c, int min_cell) {
  const auto& counts = *c.counts;
  const ColumnLayout l(counts);
  const bool suppressed = std::any_of(counts.begin(), counts.end(),
                                      [](const Count& k) { return !k.value.has_value(); });
  const double height = l.base + 38 + (suppressed ? 20 : 0);
  open_svg(out, c, height,
           l.n == 0 ? std::string(tr("Column chart, one column per month. No data."))
                    : trf("Column chart, one column per month from {} to {}: {}.",
                          counts.front().key, counts.back().key, values_text(counts, min_cell)));
  const std::int64_t top = largest_of(counts) > 0 ? l.axis.max : 0;
  for (std::int64_t v = 0; v <= top; v += l.axis.step) {
    const double y = l.base - l.height_of(v);
    line(out, ColumnLayout::kLeft, y, kWidth - ColumnLayout::kRight, y, v == 0 ? "axis" : "grid");
    text(out, ColumnLayout::kLeft - 6, y + 4, "tick", "end", std::to_string(v));
  }
  if (l.n == 0) text(out, ColumnLayout::kLeft + 8, l.base - 8, "sup", "start", tr("No data"));
  bool first_label = true;
  for (std::size_t i = 0; i < l.n; ++i) {
    column(out, l, i, counts[i], min_cell);
    if (month_label(out, l, i, counts[i].key, first_label)) first_label = false;
  }
  if (suppressed) {
    const double y = height - 8;
    out << "<circle class=\"mark\" cx=\"" << px(ColumnLayout::kLeft + 4) << "\" cy=\"" << px(y - 4)
        << "\" r=\"3.5\"/>\n";
    text(out, ColumnLayout::kLeft + 14, y, "sup", "start",
         trf("suppressed: fewer than {} referrals", min_cell));
  }
  close_svg(out);
}

/// A chart drawn above the table `table` of the Document, from `counts`.
struct Chart {
  std::string_view table;
  const std::vector<Count>* counts;
  bool columns;  ///< months: columns; categories: horizontal bars
};

/// The page: each table in a section under its h2, the charts of `charts`
/// right above their tables.
void write_page(std::ostream& out, const Document& d, const std::vector<Chart>& charts,
                int min_cell, std::string_view footer) {
  const std::string suppressed = min_cell > 1 ? suppressed_text(min_cell) : std::string();
  open_page(out, d);
  const auto ids = ids_of(d);
  for (std::size_t i = 0; i < d.tables.size(); ++i) {
    const Table& t = d.tables[i];
    open_section(out, ids[i], t.title);
    for (const auto& c : charts) {
      if (c.table != t.id) continue;
      const ChartSpec spec{"c-" + ids[i], t.title, c.counts};
      if (c.columns)
        column_chart(out, spec, min_cell);
      else
        bar_chart(out, spec, min_cell);
    }
    write_table(out, t, ids[i], suppressed);
    out << "</section>\n";
  }
  out << "</main>\n<footer>\n<p>" << esc(footer) << "</p>\n</footer>\n</body>\n</html>\n";
}

}  // namespace

void write_html(std::ostream& out, const Document& d) {
  write_page(out, d, {}, 0, trf("Generated by ifg {}.", version()));
}

void write_html(std::ostream& out, const RegionReport& r, const Document& d) {
  // The tables of document_of(RegionReport) (report_render.cpp) that get a chart.
  const std::vector<Chart> charts = {{"referrals.by_outcome", &r.by_outcome, false},
                                     {"referrals.by_channel", &r.by_channel, false},
                                     {"referrals.by_month", &r.by_month, true},
                                     {"actions.by_status", &r.actions_by_status, false}};
  const std::string footer =
      trf("Generated by ifg {} on {}.", version(), r.today) + " " +
      (r.min_cell > 1 ? trf("Small numbers are suppressed: counts from 1 to {} are shown "
                            "as \"{}\" and left out of the charts, never drawn as 0.",
                            r.min_cell - 1, suppressed_text(r.min_cell))
                      : std::string(tr("No counts are suppressed.")));
  write_page(out, d, charts, r.min_cell, footer);
}

}  // namespace ifg::detail
