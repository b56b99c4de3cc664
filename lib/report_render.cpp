// SPDX-License-Identifier: EUPL-1.2
// Rendering reports: a report's Document of tables (report_documents.cpp) in
// text, Markdown, CSV or HTML (report_html.cpp); its JSON contract is
// report_json.cpp's.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <set>

#include "format.h"
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/i18n.h"
#include "ifg/io.h"
#include "ifg/json.h"
#include "ifg/report.h"
#include "report_tables.h"
#include "text.h"
#include "xlsx.h"

namespace ifg {

namespace detail {

namespace {

// --- regional statistics ------------------------------------------------------

/// The rows of the region report's CSV: a dotted JSON key, its value, and
/// whether it is suppressed.
class KeyValueCsv {
 public:
  KeyValueCsv(std::ostream& out, const std::vector<std::string>& suppressed)
      : out_(out), suppressed_(suppressed.begin(), suppressed.end()) {
    out_ << "key,value,suppressed\n";
  }
  /// `value` is a number ifg computed, written as it is, unless `text`.
  void row(const std::string& key, const std::string& value, bool text = false) {
    out_ << csv_cell(key) << ',' << (text ? csv_cell(value) : value) << ','
         << (suppressed_.count(key) ? "true" : "false") << '\n';
  }
  void count(const std::string& key, const std::optional<std::int64_t>& v) { row(key, text_of(v)); }
  void counts(const std::string& prefix, const std::vector<Count>& cs) {
    for (const auto& c : cs) row(fmt::format("{}.{}", prefix, c.key), text_of(c.value));
  }
  void real(const std::string& key, const std::optional<double>& v) {
    std::string text;
    if (const auto x = rounded(v)) JsonWriter(text).value(*x);
    row(key, text);
  }

 private:
  std::ostream& out_;
  const std::set<std::string> suppressed_;
};

void activity_csv(KeyValueCsv& csv, const RegionActivity& a) {
  csv.count("activity.decisions.accepted", a.accepted);
  csv.count("activity.decisions.refused", a.refused);
  csv.count("activity.decisions.overridden", a.overridden);
  csv.count("activity.meetings_held", a.meetings_held);
  csv.count("activity.directors_assigned", a.directors_assigned);
  csv.count("activity.plans_activated", a.plans_activated);
  csv.counts("activity.closures.by_reason", a.closures_by_reason);
  csv.count("activity.reopenings", a.reopenings);
  csv.count("activity.transfers.out", a.transfers_out);
  csv.count("activity.transfers.in", a.transfers_in);
  csv.count("activity.monitoring_contacts", a.monitoring_contacts);
  csv.real("activity.median_days.accepted_to_closure", a.median_accepted_to_closure);
}

/// The region report as one CSV table of dotted JSON keys, so that it parses
/// back to the numbers of the JSON form.
void region_csv(std::ostream& out, const RegionReport& r) {
  KeyValueCsv csv(out, r.suppressed);
  csv.row("region", r.region.value_or(""), true);
  csv.row("period.from", text_of(r.from), true);
  csv.row("period.to", text_of(r.to), true);
  csv.row("min_cell", std::to_string(r.min_cell));
  csv.count("referrals.total", r.total);
  csv.count("referrals.repeat", r.repeat_referrals);
  csv.counts("referrals.by_outcome", r.by_outcome);
  csv.counts("referrals.by_channel", r.by_channel);
  csv.counts("referrals.by_month", r.by_month);
  csv.count("decisions.accepted", r.accepted);
  csv.count("decisions.refused", r.refused);
  csv.count("decisions.overridden", r.overridden);
  csv.real("decisions.acceptance_rate", r.acceptance_rate);
  csv.counts("open_cases.by_status", r.open_by_status);
  csv.counts("actions.by_status", r.actions_by_status);
  csv.count("actions.overdue", r.actions_overdue);
  csv.counts("actions.by_domain", r.actions_by_domain);
  csv.counts("closures.by_reason", r.closures_by_reason);
  csv.real("median_days.referral_to_decision", r.median_referral_to_decision);
  csv.real("median_days.accepted_to_director", r.median_accepted_to_director);
  csv.count("children", r.children);
  csv.count("persons.victims", r.victims);
  csv.count("persons.children", r.child_persons);
  csv.count("risk.high_at_intake", r.high_risk_at_intake);
  activity_csv(csv, r.activity);
}

// --- the shared table forms ---------------------------------------------------

/// The display width of UTF-8 text: one column per code point.
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

/// One line of a cell for a table: line breaks and tabs become spaces, other
/// control characters are shown escaped.
std::string one_line(std::string s) {
  s = local_time_text(s);  // a moment as local time; CSV keeps the UTC of JSON
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return escape_controls(s);
}

std::string markdown_cell(const std::string& s) {
  std::string out;
  for (char c : one_line(s)) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[')
      out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void write_text(std::ostream& out, const Document& d) {
  const std::string title = one_line(d.title);
  out << title << '\n' << std::string(width(title), '=') << '\n';
  for (const auto& line : d.intro) out << one_line(line) << '\n';
  for (const auto& t : d.tables) {
    const std::string table_title = one_line(t.title);
    out << '\n' << table_title << '\n' << std::string(width(table_title), '-') << '\n';
    if (t.rows.empty()) {
      out << tr("(none)") << '\n';
      continue;
    }
    std::vector<std::size_t> w(t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) w[i] = width(t.columns[i]);
    for (const auto& row : t.rows)
      for (std::size_t i = 0; i < row.size() && i < w.size(); ++i)
        w[i] = std::max(w[i], width(one_line(row[i])));
    auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t i = 0; i < cells.size() && i < w.size(); ++i) {
        const std::string cell = one_line(cells[i]);
        const std::string pad(w[i] - width(cell), ' ');
        const bool last = i + 1 == cells.size();
        text += t.numeric[i] ? pad + cell : (last ? cell : cell + pad);
        if (!last) text += "  ";
      }
      out << text << '\n';
    };
    line(t.columns);
    std::vector<std::string> rule;
    for (std::size_t n : w) rule.emplace_back(n, '-');
    line(rule);
    for (const auto& row : t.rows) line(row);
  }
}

void write_markdown(std::ostream& out, const Document& d) {
  out << "# " << markdown_cell(d.title) << "\n\n";
  for (const auto& line : d.intro) out << markdown_cell(line) << "\n\n";
  for (const auto& t : d.tables) {
    out << "## " << markdown_cell(t.title) << "\n\n";
    if (t.rows.empty()) {
      out << tr("(none)") << "\n\n";
      continue;
    }
    out << '|';
    for (const auto& c : t.columns) out << ' ' << markdown_cell(c) << " |";
    out << "\n|";
    for (bool n : t.numeric) out << (n ? " ---: |" : " --- |");
    out << '\n';
    for (const auto& row : t.rows) {
      out << '|';
      for (const auto& c : row) out << ' ' << markdown_cell(c) << " |";
      out << '\n';
    }
    out << '\n';
  }
}

void write_csv(std::ostream& out, const Document& d) {
  const bool several = d.tables.size() > 1;
  bool first = true;
  for (const auto& t : d.tables) {
    if (!first) out << '\n';
    first = false;
    if (several) out << "table,";
    for (std::size_t i = 0; i < t.keys.size(); ++i) out << (i ? "," : "") << csv_cell(t.keys[i]);
    out << '\n';
    for (const auto& row : t.rows) {
      if (several) out << csv_cell(t.id) << ',';
      for (std::size_t i = 0; i < row.size(); ++i) {
        const bool number = i < t.numeric.size() && t.numeric[i];  // computed: as it is
        out << (i ? "," : "") << (number ? row[i] : csv_cell(row[i]));
      }
      out << '\n';
    }
  }
}

}  // namespace detail

namespace {

template <class R>
void render(std::ostream& out, const R& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      out << to_json(report, JsonLayout::kIndented) << '\n';
      return;
    case ReportFormat::kText:
      detail::write_text(out, detail::document_of(report));
      return;
    case ReportFormat::kMarkdown:
      detail::write_markdown(out, detail::document_of(report));
      return;
    case ReportFormat::kXlsx:
      detail::write_xlsx(out, detail::document_of(report));
      return;
    case ReportFormat::kCsv: {  // for programs: the same cells in every language
      const detail::ScopedEnglish english;
      detail::write_csv(out, detail::document_of(report));
      return;
    }
    case ReportFormat::kHtml:
      detail::write_html(out, detail::document_of(report));
      return;
  }
}

}  // namespace

void write_report(std::ostream& out, const CaseReport& report, ReportFormat format) {
  render(out, report, format);
}

void write_report(std::ostream& out, const RegionReport& report, ReportFormat format) {
  if (format == ReportFormat::kCsv) return detail::region_csv(out, report);
  if (format == ReportFormat::kHtml)
    return detail::write_html(out, report, detail::document_of(report));
  render(out, report, format);
}

// The CSV of a list report is its JSON rows (docs/reports.md): the same keys.
void write_report(std::ostream& out, const ActionsReport& report, ReportFormat format) {
  if (format == ReportFormat::kCsv) return write_csv(out, report.rows);
  render(out, report, format);
}

void write_report(std::ostream& out, const CaseloadReport& report, ReportFormat format) {
  if (format == ReportFormat::kCsv) return write_csv(out, report.rows);
  render(out, report, format);
}

}  // namespace ifg
