// SPDX-License-Identifier: EUPL-1.2
// Writers of screening results (docs/formats.md, "A screening result").
#include <ostream>

#include "format.h"
#include "i18n.h"
#include "ifg/io.h"
#include "ifg/json.h"
#include "text.h"

namespace ifg {

namespace {

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string_view to_string(OutputFormat f) {
  switch (f) {
    case OutputFormat::kText:
      return "text";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kJsonl:
      return "jsonl";
    case OutputFormat::kCsv:
      return "csv";
  }
  return "?";
}

std::optional<OutputFormat> parse_output_format(std::string_view text) {
  const std::string t = normalize_token(text);
  if (t == "text") return OutputFormat::kText;
  if (t == "json") return OutputFormat::kJson;
  if (t == "jsonl" || t == "ndjson") return OutputFormat::kJsonl;
  if (t == "csv") return OutputFormat::kCsv;
  return std::nullopt;
}

std::string csv_cell(std::string_view s) {
  std::string text = detail::escape_controls(s, /*keep_breaks=*/true);
  constexpr std::string_view kFormulaStart = "=+-@\t\r";
  if (!s.empty() && kFormulaStart.find(s.front()) != std::string_view::npos)
    text.insert(0, 1, '\'');
  if (text.find_first_of(",\";\t\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string printable(std::string_view text) {
  return detail::escape_controls(text);
}

struct ResultWriter::Impl {
  std::ostream& out;
  OutputFormat format;
  bool batch;
  long written = 0;
};

ResultWriter::ResultWriter(std::ostream& out, OutputFormat format, bool batch)
    : impl_(std::make_unique<Impl>(Impl{out, format, batch})) {}

ResultWriter::~ResultWriter() = default;

void ResultWriter::begin() {
  auto& out = impl_->out;
  if (impl_->format == OutputFormat::kJson && impl_->batch) {
    out << "{\"format_version\": " << kFormatVersion << ", \"results\": [";
  } else if (impl_->format == OutputFormat::kCsv) {
    out << "record,source,external_ref,case,outcome,ruleset";
    for (Criterion c : all_criteria()) out << ',' << to_string(c);
    out << ",warnings,errors,repeat_of,repeat_others\n";
  }
}

namespace {

void write_csv_row(std::ostream& out, const ScreenResult& r) {
  out << (r.record ? std::to_string(*r.record) : "") << ',' << csv_cell(r.source.value_or(""))
      << ',' << csv_cell(r.external_ref.value_or("")) << ',' << csv_cell(r.case_id.value_or(""))
      << ',' << to_string(r.outcome) << ',' << csv_cell(r.ruleset.value_or(""));
  for (Criterion c : all_criteria()) {
    out << ',';
    for (const auto& cr : r.criteria)
      if (cr.id == c) out << to_string(cr.verdict);
  }
  std::vector<std::string> errors;
  for (const auto& e : r.errors)
    errors.push_back(fmt::format("{}: {}", e.field.value_or("(record)"), e.message));
  std::vector<std::string_view> warnings;
  for (const auto& w : r.warnings) warnings.push_back(w.code);
  out << ',' << csv_cell(fmt::format("{}", fmt::join(warnings, "|"))) << ','
      << csv_cell(fmt::format("{}", fmt::join(errors, "|"))) << ',';
  if (r.repeat)
    out << csv_cell(fmt::format("{}", fmt::join(r.repeat->earlier_cases, "|"))) << ','
        << r.repeat->others;
  else
    out << ',';
  out << '\n';
}

/// "persons 1, 3 also in ANT-2026-0001 and 1 case you may not read": a
/// repeat referral's persons numbered as `ifg person list` numbers them.
std::string repeat_text(const Repeat& rep) {
  std::vector<int> numbers;
  for (int i : rep.persons) numbers.push_back(i + 1);
  std::vector<std::string> where = rep.earlier_cases;
  if (rep.others > 0)
    where.push_back(
        fmt::format(fmt::runtime(tr_plural("{} case you may not read", "{} cases you may not read",
                                           static_cast<unsigned long>(rep.others))),
                    rep.others));
  return fmt::format(
      fmt::runtime(tr_plural("person {} also in {}", "persons {} also in {}", numbers.size())),
      fmt::join(numbers, ", "), fmt::join(where, ", "));
}

/// One line per record of a batch, and its errors under it.
void write_text_line(std::ostream& out, const ScreenResult& r) {
  out << pad(std::to_string(r.record.value_or(0)), 6) << pad(printable(r.source.value_or("-")), 28)
      << ' ' << pad(printable(r.external_ref.value_or("-")), 20) << ' '
      << pad(r.case_id.value_or("-"), 16) << ' ' << to_string(r.outcome);
  for (const auto& w : r.warnings) out << "  [" << printable(w.code) << ']';
  if (r.repeat) out << "  [" << trf("repeat: {}", repeat_text(*r.repeat)) << ']';
  out << '\n';
  for (const auto& e : r.errors)
    out << "      " << printable(e.field.value_or(tr("(record)"))) << ": " << printable(e.message)
        << '\n';
}

/// The labels of a case's result, each padded to the widest in the reader's language.
struct ResultLabels {
  std::string case_id, reference, outcome, warning, repeat, error;
  ResultLabels()
      : case_id(tr("case")),
        reference(tr("reference")),
        outcome(tr("outcome")),
        warning(tr("warning")),
        repeat(tr("repeat")),
        error(tr("error")) {
    std::size_t width = 0;
    for (auto* l : {&case_id, &reference, &outcome, &warning, &repeat, &error})
      width = std::max(width, detail::utf8_length(*l).value_or(l->size()));
    for (auto* l : {&case_id, &reference, &outcome, &warning, &repeat, &error})
      *l += std::string(width + 1 - detail::utf8_length(*l).value_or(l->size()), ' ');
  }
};

/// One case's result, criterion by criterion.
void write_text_result(std::ostream& out, const ScreenResult& r) {
  const ResultLabels l;
  if (r.case_id) out << l.case_id << *r.case_id << '\n';
  if (r.external_ref) out << l.reference << printable(*r.external_ref) << '\n';
  out << l.outcome << to_string(r.outcome);
  if (r.ruleset) out << "   " << trf("(rule set {})", *r.ruleset);
  out << '\n';
  for (const auto& c : r.criteria)
    out << "  " << pad(std::string(to_string(c.verdict)), 8)
        << pad(std::string(to_string(c.id)), 23) << printable(c.reason) << '\n';
  for (const auto& w : r.warnings)
    out << l.warning << printable(w.code) << ": " << printable(w.message) << '\n';
  if (r.repeat) out << l.repeat << repeat_text(*r.repeat) << '\n';
  for (const auto& e : r.errors)
    out << l.error << printable(e.field.value_or(tr("(record)"))) << ": " << printable(e.message)
        << '\n';
}

}  // namespace

void ResultWriter::write(const ScreenResult& r) {
  auto& out = impl_->out;
  switch (impl_->format) {
    case OutputFormat::kJson:
      if (impl_->batch)
        out << (impl_->written ? ",\n" : "\n") << to_json(r);
      else
        out << to_json(r, JsonLayout::kIndented) << '\n';
      break;
    case OutputFormat::kJsonl:
      out << to_json(r) << '\n';
      break;
    case OutputFormat::kCsv:
      write_csv_row(out, r);
      break;
    case OutputFormat::kText:
      if (impl_->batch)
        write_text_line(out, r);
      else
        write_text_result(out, r);
      break;
  }
  ++impl_->written;
}

void ResultWriter::end(const std::optional<BatchSummary>& summary) {
  if (impl_->format == OutputFormat::kJson && impl_->batch) {
    impl_->out << (impl_->written ? "\n" : "")
               << "], \"summary\": " << (summary ? to_json(*summary) : std::string("null"))
               << "}\n";
  }
  impl_->out.flush();
}

}  // namespace ifg
