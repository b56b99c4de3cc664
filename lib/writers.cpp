// Writers of screening results (spec/formats.md, "A screening result").
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ostream>

#include "ifg/io.h"
#include "json_out.h"

namespace ifg {

namespace {

using ojson = nlohmann::ordered_json;

std::string result_json(const ScreenResult& r) {
  std::string text;
  text.reserve(1024);
  detail::JsonOut j(text);
  j.begin_object();
  j.key("record").value(r.record);
  j.key("source").value(r.source);
  j.key("external_ref").value(r.external_ref);
  j.key("case").value(r.case_id);
  j.key("outcome").value(to_string(r.outcome));
  j.key("ruleset").value(r.ruleset);
  detail::write_criteria(j, r.criteria, r.warnings);
  j.key("errors").begin_array();
  for (const auto& e : r.errors) {
    j.begin_object();
    j.key("field").value(e.field);
    j.key("message").value(e.message);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return text;
}

ojson summary_json(const BatchSummary& s) {
  ojson j;
  j["records"] = s.records;
  ojson by = ojson::object();
  for (int i = 0; i < kOutcomeCount; ++i)
    by[std::string(to_string(static_cast<Outcome>(i)))] = s.by_outcome[static_cast<std::size_t>(i)];
  j["by_outcome"] = std::move(by);
  j["seconds"] = std::round(s.seconds * 1000) / 1000;
  j["per_second"] = std::round(s.per_second());
  return j;
}

// Text in results never holds invalid UTF-8 (readers reject it), so dumping
// strictly is safe; `replace` guards against a bug turning into a crash.
std::string dump(const ojson& j) {
  return j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string_view to_string(OutputFormat f) {
  switch (f) {
    case OutputFormat::kText: return "text";
    case OutputFormat::kJson: return "json";
    case OutputFormat::kJsonl: return "jsonl";
    case OutputFormat::kCsv: return "csv";
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
  if (s.find_first_of(",\"\r\n;") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string to_json(const ScreenResult& result) { return result_json(result); }
std::string to_json(const BatchSummary& summary) { return dump(summary_json(summary)); }

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
    out << "{\"results\": [";
  } else if (impl_->format == OutputFormat::kCsv) {
    out << "record,source,external_ref,case,outcome,ruleset";
    for (Criterion c : all_criteria()) out << ',' << to_string(c);
    out << ",warnings,errors\n";
  }
}

void ResultWriter::write(const ScreenResult& r) {
  auto& out = impl_->out;
  switch (impl_->format) {
    case OutputFormat::kJson:
      if (impl_->batch) {
        out << (impl_->written ? ",\n" : "\n") << to_json(r);
      } else {
        out << ojson::parse(result_json(r)).dump(2) << '\n';
      }
      break;
    case OutputFormat::kJsonl:
      out << to_json(r) << '\n';
      break;
    case OutputFormat::kCsv: {
      out << (r.record ? std::to_string(*r.record) : "") << ','
          << csv_cell(r.source.value_or("")) << ',' << csv_cell(r.external_ref.value_or("")) << ','
          << r.case_id.value_or("") << ',' << to_string(r.outcome) << ','
          << r.ruleset.value_or("");
      for (Criterion c : all_criteria()) {
        out << ',';
        for (const auto& cr : r.criteria)
          if (cr.id == c) out << to_string(cr.verdict);
      }
      std::string warnings, errors;
      for (const auto& w : r.warnings) warnings += (warnings.empty() ? "" : "|") + w.code;
      for (const auto& e : r.errors)
        errors += (errors.empty() ? "" : "|") + e.field.value_or("(record)") + ": " + e.message;
      out << ',' << csv_cell(warnings) << ',' << csv_cell(errors) << '\n';
      break;
    }
    case OutputFormat::kText:
      if (impl_->batch) {
        out << pad(std::to_string(r.record.value_or(0)), 6) << pad(r.source.value_or("-"), 28)
            << ' ' << pad(r.external_ref.value_or("-"), 20) << ' '
            << pad(r.case_id.value_or("-"), 16) << ' ' << to_string(r.outcome);
        for (const auto& w : r.warnings) out << "  [" << w.code << ']';
        out << '\n';
        for (const auto& e : r.errors)
          out << "      " << e.field.value_or("(record)") << ": " << e.message << '\n';
      } else {
        if (r.case_id) out << "case      " << *r.case_id << '\n';
        if (r.external_ref) out << "reference " << *r.external_ref << '\n';
        out << "outcome   " << to_string(r.outcome);
        if (r.ruleset) out << "   (rule set " << *r.ruleset << ')';
        out << '\n';
        for (const auto& c : r.criteria)
          out << "  " << pad(std::string(to_string(c.verdict)), 8)
              << pad(std::string(to_string(c.id)), 23) << c.reason << '\n';
        for (const auto& w : r.warnings) out << "warning   " << w.code << ": " << w.message << '\n';
        for (const auto& e : r.errors)
          out << "error     " << e.field.value_or("(record)") << ": " << e.message << '\n';
      }
      break;
  }
  ++impl_->written;
}

void ResultWriter::end(const std::optional<BatchSummary>& summary) {
  if (impl_->format == OutputFormat::kJson && impl_->batch) {
    impl_->out << (impl_->written ? "\n" : "") << "], \"summary\": "
               << (summary ? dump(summary_json(*summary)) : std::string("null")) << "}\n";
  }
  impl_->out.flush();
}

}  // namespace ifg
