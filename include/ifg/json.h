// SPDX-License-Identifier: EUPL-1.2
// The JSON forms of libifg's types (docs/formats.md, "JSON forms"): one writer,
// and one write_json() per domain type, used by every output that shows that
// type (the CLI's lists, the case sheet, the timeline, access requests), so a
// type looks the same wherever it appears.
//
//     std::cout << ifg::to_json(service.actions(actor, id), ifg::JsonLayout::kIndented);
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/audit.h"
#include "ifg/export.h"
#include "ifg/model.h"
#include "ifg/register.h"
#include "ifg/report.h"
#include "ifg/screening.h"
#include "ifg/workflow.h"

namespace ifg {

inline constexpr int kFormatVersion = 1;  ///< "format_version" of every JSON document
/// How JSON is laid out: compact on one line (JSONL, results, what is stored),
/// or indented by two spaces a level, one member or element a line.
enum class JsonLayout { kCompact, kIndented };

/// Writes JSON text (RFC 8259) into a string, in the order it is given. Strings
/// must be valid UTF-8 (every text libifg holds was validated on input); quotes,
/// backslashes and control characters are escaped. Empty arrays and objects
/// are `[]` and `{}` in either layout. Not safe to share between threads.
class IFG_EXPORT JsonWriter {
 public:
  explicit JsonWriter(std::string& out, JsonLayout layout = JsonLayout::kCompact)
      : out_(out), indented_(layout == JsonLayout::kIndented) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  JsonWriter& key(std::string_view k) {
    prelude();
    string_literal(k);
    out_ += indented_ ? ": " : ":";
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    prelude();
    string_literal(s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(long long n) {
    prelude();
    out_ += std::to_string(n);
    return *this;
  }
  JsonWriter& value(long n) { return value(static_cast<long long>(n)); }
  JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
  JsonWriter& value(unsigned long n) {
    prelude();
    out_ += std::to_string(n);
    return *this;
  }
  JsonWriter& value(bool b) {
    prelude();
    out_ += b ? "true" : "false";
    return *this;
  }
  /// The shortest text that reads back as `d`, with ".0" when it has no
  /// fraction (as common JSON libraries print a double); null when not finite.
  JsonWriter& value(double d);
  JsonWriter& null() {
    prelude();
    out_ += "null";
    return *this;
  }
  template <class T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  template <class T>
  JsonWriter& value(const std::vector<T>& items) {
    begin_array();
    for (const auto& i : items) value(i);
    return end_array();
  }
  /// A key and its value.
  template <class T>
  JsonWriter& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  /// A complete JSON text written elsewhere (an audit entry's details), laid
  /// out again in this writer's layout.
  JsonWriter& json(std::string_view text);

 private:
  void prelude() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) out_ += ',';
    first_ = false;
    if (indented_ && depth_ > 0) newline(depth_);
  }
  void newline(int depth) {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(2 * depth), ' ');
  }
  JsonWriter& open(char c) {
    prelude();
    out_ += c;
    ++depth_;
    first_ = true;
    return *this;
  }
  JsonWriter& close(char c) {
    --depth_;
    if (indented_ && !first_) newline(depth_);
    out_ += c;
    first_ = false;
    return *this;
  }
  void string_literal(std::string_view s);

  std::string& out_;
  bool indented_;
  bool first_ = true;
  bool after_key_ = false;
  int depth_ = 0;
};

// The JSON form of each type; the keys are listed in docs/formats.md.
IFG_EXPORT void write_json(JsonWriter& w, const Referral& r);  ///< the canonical form, keys sorted
IFG_EXPORT void write_json(JsonWriter& w, const CriterionResult& c);
IFG_EXPORT void write_json(JsonWriter& w, const Warning& warning);
IFG_EXPORT void write_json(JsonWriter& w, const Screening& s);
IFG_EXPORT void write_json(JsonWriter& w, const ScreenResult& r);
IFG_EXPORT void write_json(JsonWriter& w, const BatchSummary& s);
IFG_EXPORT void write_json(JsonWriter& w, const Partner& p);
IFG_EXPORT void write_json(JsonWriter& w, const Professional& p);
IFG_EXPORT void write_json(JsonWriter& w, const Decision& d);
IFG_EXPORT void write_json(JsonWriter& w, const Meeting& m);
IFG_EXPORT void write_json(JsonWriter& w, const MonitoringContact& m);
IFG_EXPORT void write_json(JsonWriter& w, const CasePerson& p);
IFG_EXPORT void write_json(JsonWriter& w, const PersonCases& p);
IFG_EXPORT void write_json(JsonWriter& w, const LinkedPerson& p);
IFG_EXPORT void write_json(JsonWriter& w, const PossibleLink& l);
IFG_EXPORT void write_json(JsonWriter& w, const Assessment& a);
IFG_EXPORT void write_json(JsonWriter& w, const Instrument& in);
IFG_EXPORT void write_json(JsonWriter& w, const ActionChange& c);
IFG_EXPORT void write_json(JsonWriter& w, const Action& a);
IFG_EXPORT void write_json(JsonWriter& w, const DirectorTerm& t);
IFG_EXPORT void write_json(JsonWriter& w, const Involvement& i);
IFG_EXPORT void write_json(JsonWriter& w, const Event& e);
IFG_EXPORT void write_json(JsonWriter& w, const AuditEntry& e);
IFG_EXPORT void write_json(JsonWriter& w, const AuditHead& h);
IFG_EXPORT void write_json(JsonWriter& w, const AuditVerification& v);
IFG_EXPORT void write_json(JsonWriter& w, const PersonExport& p);
// The reports' JSON contracts (docs/reports.md).
IFG_EXPORT void write_json(JsonWriter& w, const CaseReport& r);
IFG_EXPORT void write_json(JsonWriter& w, const RegionReport& r);
IFG_EXPORT void write_json(JsonWriter& w, const ActionsReport& r);
IFG_EXPORT void write_json(JsonWriter& w, const ActionRow& r);  ///< one action of `report actions`
IFG_EXPORT void write_json(JsonWriter& w, const CaseListRow& r);  ///< one case of the register
IFG_EXPORT void write_json(JsonWriter& w, const CaseList& l);     ///< {"cases": [...], "count": N}
IFG_EXPORT void write_json(JsonWriter& w,
                           const FoundCase& c);  ///< {"case", "region", "status", ...}
IFG_EXPORT void write_json(JsonWriter& w, const FoundCases& f);  ///< {"cases": [...], "count": N}
IFG_EXPORT void write_json(JsonWriter& w, const CaseloadReport& r);
IFG_EXPORT void write_json(JsonWriter& w,
                           const CaseloadRow& r);  ///< one professional of `report caseload`

/// A list as a JSON array of its items' forms.
template <class T>
void write_json(JsonWriter& w, const std::vector<T>& items) {
  w.begin_array();
  for (const auto& item : items) write_json(w, item);
  w.end_array();
}

/// The JSON text of a value that has a form: to_json(result) is one result on one line.
template <class T>
std::string to_json(const T& value, JsonLayout layout = JsonLayout::kCompact) {
  std::string out;
  JsonWriter w(out, layout);
  write_json(w, value);
  return out;
}

namespace detail {

/// Writes `forms` (each one compact JSON object) as CSV rows under a header
/// of the keys of `sample`, the form of an empty item; see write_csv().
IFG_EXPORT void write_csv_forms(std::ostream& out, const std::string& sample,
                                const std::vector<std::string>& forms);

/// Writes `forms` as an Excel workbook of one sheet named `title`: the keys
/// as a bold, frozen header, numbers as numbers, dates as dates; see write_xlsx().
IFG_EXPORT void write_xlsx_forms(std::ostream& out, const std::string& sample,
                                 const std::vector<std::string>& forms, const std::string& title);

}  // namespace detail

/// A list as one CSV table whose columns are the keys of its items' JSON
/// forms, in their order (docs/formats.md, "CSV of a list"): so the CSV names
/// and follows the JSON form, and a key added to a form is a column at once.
/// null is an empty cell; a string goes through csv_cell(); numbers and
/// booleans are written as in JSON; a list of strings, numbers or booleans is
/// one cell of its items joined by `;`; an object or a list holding objects
/// is one cell of its compact JSON text. The header is there also when the
/// list is empty (T must be default-constructible).
///
///     write_csv(std::cout, service.meetings(actor, id));  // number,date,basis,...
template <class T>
void write_csv(std::ostream& out, const std::vector<T>& items) {
  std::vector<std::string> forms;
  forms.reserve(items.size());
  for (const auto& item : items) forms.push_back(to_json(item));
  detail::write_csv_forms(out, to_json(T{}), forms);
}

/// A list as an Excel workbook (.xlsx bytes on `out`): one sheet named
/// `title`, the columns of write_csv() with a bold, frozen header row, numbers
/// as numbers, YYYY-MM-DD values as dates, columns as wide as their cells,
/// and the CSV's guard against formulas on text (docs/formats.md).
template <class T>
void write_xlsx(std::ostream& out, const std::vector<T>& items, const std::string& title) {
  std::vector<std::string> forms;
  forms.reserve(items.size());
  for (const auto& item : items) forms.push_back(to_json(item));
  detail::write_xlsx_forms(out, to_json(T{}), forms, title);
}

}  // namespace ifg
