// SPDX-License-Identifier: EUPL-1.2
// Reading referral files and the configuration, and writing screening results
// (docs/formats.md). Readers stream JSONL and CSV record by record and keep the
// file:line of each; they never load such a file whole.
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ifg/export.h"
#include "ifg/json.h"  // to_json(result): one result on one line
#include "ifg/model.h"
#include "ifg/screening.h"

namespace ifg {

enum class InputFormat { kJsonl, kJson, kToml, kCsv };
IFG_EXPORT std::string_view to_string(InputFormat f);
/// The format of a path by its extension (.jsonl/.ndjson, .json, .toml, .csv).
IFG_EXPORT std::optional<InputFormat> input_format_for_path(std::string_view path);

/// Whether records must carry `external_ref` (batch input) or need not (one referral).
enum class ReadMode { kBatch, kSingle };

/// How a CSV file is read (docs/language.md): RFC 4180 with ISO dates, or as
/// Excel saves it in a Belgian locale, whose d/m/yyyy dates are read too. Both
/// take `,` or `;`, a UTF-8 BOM, CRLF and ja/nee.
enum class CsvDialect { kRfc4180, kExcel };

/// One record read from a referral file, validated against a Catalog: either
/// `referral` is set and `errors` is empty, or `errors` lists every problem found.
struct RecordInput {
  long record = 0;     ///< 1-based position in the input
  std::string source;  ///< "file:line"
  std::optional<Referral> referral;
  std::vector<FieldError> errors;
  std::optional<std::string> external_ref;  ///< as read, when it could be read
  std::optional<std::string> region;        ///< a configured region's code, when it could be read
};

/// Reads referral records one at a time from a file or standard input ("-").
/// Opening rejects a file that cannot be read as a whole (a JSON or TOML syntax
/// error, a bad CSV header) with Error(kInvalidInput) naming file:line:column;
/// afterwards each bad record is returned with its errors and reading goes on.
/// Not safe to share between threads.
class IFG_EXPORT ReferralReader {
 public:
  /// `format` is required for "-", else taken from the extension when not given.
  ReferralReader(const std::string& path, std::optional<InputFormat> format, Catalog catalog,
                 ReadMode mode, CsvDialect dialect = CsvDialect::kRfc4180);
  ~ReferralReader();
  ReferralReader(const ReferralReader&) = delete;
  ReferralReader& operator=(const ReferralReader&) = delete;

  /// The next record, or std::nullopt at the end of the input.
  std::optional<RecordInput> next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Key/value pairs as flags and `--set` give them: keys are referral keys, with
/// `referrer_kind`/`referrer.kind` style for the referrer; list keys
/// (`sectors_needed`, `life_domains`, `persons`) may repeat and split items at '|';
/// a person is `role:name:birth_year`. An empty value means the fact is absent.
using FieldValues = std::vector<std::pair<std::string, std::string>>;

/// Validates a referral given as FieldValues (the `register` flags).
IFG_EXPORT RecordInput read_fields(const FieldValues& values, const Catalog& catalog, ReadMode mode,
                                   const std::string& source = "flags");

/// Loads a configuration file (TOML). Throws Error(kConfig) naming file, line and key.
IFG_EXPORT Config load_config(const std::string& path);

enum class OutputFormat { kText, kJson, kJsonl, kCsv };
IFG_EXPORT std::string_view to_string(OutputFormat f);
IFG_EXPORT std::optional<OutputFormat> parse_output_format(std::string_view text);

/// Writes screening results to a stream in one of the output formats: `begin()`,
/// then `write()` per result, then `end()` with the batch summary (json prints
/// `{"results": [...], "summary": {...}}`; jsonl one object per line; csv a header
/// and one row each; text aligned lines for people). Not safe to share between threads.
class IFG_EXPORT ResultWriter {
 public:
  ResultWriter(std::ostream& out, OutputFormat format, bool batch);
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  void begin();
  void write(const ScreenResult& result);
  void end(const std::optional<BatchSummary>& summary);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A CSV text cell (docs/formats.md, "CSV output"): control characters other
/// than tab and line feed shown escaped as printable() does; a `'` put before a
/// text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, so that
/// a spreadsheet does not read it as a formula (OWASP's rule); then quoted as
/// RFC 4180 writes it (inner quotes doubled) when it holds a comma, semicolon,
/// quote, tab or line break. Numbers ifg computes are written without it.
/// csv_cell("=1+2") is `'=1+2`; csv_cell("a;b") is `"a;b"`.
IFG_EXPORT std::string csv_cell(std::string_view text);

/// Stored text made safe for a terminal, for the text and Markdown outputs:
/// control characters (C0, DEL, C1) shown escaped, `\x1b`, `\n`, `\u009b`, so
/// that no stored text can move the cursor, retitle or clear the screen.
/// printable("a\x1b[2J") is the 9 characters `a\x1b[2J`.
IFG_EXPORT std::string printable(std::string_view text);

/// The answers of a risk assessment (`ifg risk add --answers FILE|-`, issue
/// 14): a JSON object or a TOML table of item id -> yes|no|unknown (ja, nee,
/// onbekend too). Error(kInvalidInput) names the file and the item.
IFG_EXPORT std::map<std::string, Answer> read_answers(const std::string& path);

}  // namespace ifg
