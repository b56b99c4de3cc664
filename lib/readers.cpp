// SPDX-License-Identifier: EUPL-1.2
// Readers of referral files (docs/formats.md, "Batch files").
//
// Each format is a Source that yields raw records (a JSON document, or the
// reason it could not be read) with the line where the record starts; the
// ReferralReader validates them all the same way (referral_json.cpp).
//
// JSONL and CSV are read a physical line at a time, so memory stays flat in the
// size of the file. JSON and TOML are read whole: the spec meant them for small
// sets, and a syntax error must reject the file before anything is stored.
#include <csv.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "format.h"
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/io.h"
#include "input_file.h"
#include "json_view.h"
#include "referral_json.h"

namespace ifg {

using detail::json;

std::string_view to_string(InputFormat f) {
  switch (f) {
    case InputFormat::kJsonl:
      return "jsonl";
    case InputFormat::kJson:
      return "json";
    case InputFormat::kToml:
      return "toml";
    case InputFormat::kCsv:
      return "csv";
  }
  return "?";
}

std::optional<InputFormat> input_format_for_path(std::string_view path) {
  auto ends_with = [&](std::string_view ext) {
    if (path.size() < ext.size()) return false;
    return normalize_token(path.substr(path.size() - ext.size())) == ext;
  };
  if (ends_with(".jsonl") || ends_with(".ndjson")) return InputFormat::kJsonl;
  if (ends_with(".json")) return InputFormat::kJson;
  if (ends_with(".toml")) return InputFormat::kToml;
  if (ends_with(".csv")) return InputFormat::kCsv;
  return std::nullopt;
}

namespace detail {

struct RawRecord {
  long line = 0;
  std::optional<json> doc;
  /// Or the document as simdjson read it: valid until the source's next().
  std::optional<JsonView> view;
  std::vector<FieldError> errors;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual std::optional<RawRecord> next() = 0;
};

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// nlohmann's parse_error text quotes what it last read, which may be personal
// data: keep only the description, and say where.
std::string json_error_text(const json::parse_error& e) {
  std::string what = e.what();
  if (auto p = what.find("column "); p != std::string::npos) {
    if (auto colon = what.find(": ", p); colon != std::string::npos) what = what.substr(colon + 2);
  } else if (auto b = what.find("] "); b != std::string::npos) {
    what = what.substr(b + 2);
  }
  if (auto lr = what.find("last read:"); lr != std::string::npos) {
    auto semi = what.find("; ", lr);
    what.erase(lr, semi == std::string::npos ? std::string::npos : semi + 2 - lr);
  }
  while (!what.empty() && (what.back() == ' ' || what.back() == ';')) what.pop_back();
  return what;
}

// nlohmann reports a number too large for a double (1e400) as out_of_range, not
// parse_error, and without a position: a second, non-throwing SAX pass finds it.
// Returns the 1-based offset of the error, counted as json::parse_error::byte is.
std::size_t json_error_byte(std::string_view text) {
  struct Locator final : json::json_sax_t {
    std::size_t byte = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(json::number_integer_t) override { return true; }
    bool number_unsigned(json::number_unsigned_t) override { return true; }
    bool number_float(json::number_float_t, const json::string_t&) override { return true; }
    bool string(json::string_t&) override { return true; }
    bool binary(json::binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(json::string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const json::exception&) override {
      byte = position;
      return false;
    }
  } locator;
  json::sax_parse(text, &locator);
  return locator.byte;
}

/// Translated where it is shown: tr(kNumberTooLarge).
constexpr const char* kNumberTooLarge = N_("a number is too large (beyond 1.8e308)");

struct LineColumn {
  long line = 1;
  long column = 1;
};

LineColumn position_of(std::string_view text, std::size_t offset) {
  LineColumn lc;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.column = 1;
    } else {
      ++lc.column;
    }
  }
  return lc;
}

std::string read_all(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

std::size_t skip_string(std::string_view t, std::size_t i) {  // t[i] == '"'
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\')
      ++i;
    else if (t[i] == '"')
      return i + 1;
  }
  return i;
}

// --- Keys given twice ------------------------------------------------------

// JSON leaves an object's repeated key to the reader: nlohmann keeps the last,
// simdjson both. A referral that says two things about one field is refused,
// in every path, so that no reader picks one silently.

struct RepeatedKey {
  std::size_t offset = 0;  ///< 0-based, of the opening quote of its second use
  std::string key;
};

/// A key as JSON reads it: escapes decoded (rare in a key, so nlohmann does it).
std::string key_text(std::string_view quoted) {
  if (quoted.find('\\') == std::string_view::npos)
    return std::string(quoted.substr(1, quoted.size() - 2));
  return json::parse(quoted).get<std::string>();
}

/// The first key of `text` (valid JSON) given again in the same object, in
/// the document's order; a linear scan of the keys seen, objects being small.
std::optional<RepeatedKey> find_repeated_key(std::string_view t) {
  struct Level {
    bool object = false;
    bool at_key = false;  ///< the next string is a key
    std::vector<std::string> keys;
  };
  std::vector<Level> levels;
  for (std::size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (c == '"') {
      const std::size_t end = skip_string(t, i);
      if (!levels.empty() && levels.back().at_key) {
        Level& level = levels.back();
        std::string key = key_text(t.substr(i, end - i));
        if (std::find(level.keys.begin(), level.keys.end(), key) != level.keys.end())
          return RepeatedKey{i, std::move(key)};
        level.keys.push_back(std::move(key));
        level.at_key = false;
      }
      i = end;
      continue;
    }
    if (c == '{' || c == '[')
      levels.push_back({c == '{', c == '{', {}});
    else if ((c == '}' || c == ']') && !levels.empty())
      levels.pop_back();
    else if (c == ',' && !levels.empty())
      levels.back().at_key = levels.back().object;
    ++i;
  }
  return std::nullopt;
}

/// Whether an object in `e` (as simdjson read it) holds a key twice.
bool repeats_a_key(simdjson::dom::element e) {
  if (e.is_array()) {
    for (auto item : simdjson::dom::array(e))
      if (repeats_a_key(item)) return true;
    return false;
  }
  if (!e.is_object()) return false;
  const simdjson::dom::object object(e);
  for (auto it = object.begin(); it != object.end(); ++it) {
    for (auto prior = object.begin(); prior != it; ++prior)
      if (prior.key() == it.key()) return true;
    if (repeats_a_key(it.value())) return true;
  }
  return false;
}

/// The record-level error of a JSONL line (valid JSON) that gives a key twice.
std::optional<FieldError> repeated_key_error(std::string_view line) {
  const auto repeated = find_repeated_key(line);
  if (!repeated) return std::nullopt;
  return FieldError{std::nullopt,
                    trf("{} is given twice in one object (column {}); give each key once",
                        named(tr("key"), repeated->key), repeated->offset + 1)};
}

// --- JSONL ----------------------------------------------------------------

// A line is read by simdjson (a tenth of nlohmann's work: no tree of strings
// and maps); a line simdjson does not take as one object is read again by
// nlohmann, which says where and why it is wrong or reads what simdjson
// would not (an integer beyond 64 bits, nesting deeper than 1,024).
class JsonlSource final : public Source {
 public:
  JsonlSource(std::istream& in, ReadMode mode) : in_(in), fast_(mode == ReadMode::kBatch) {
    line_.reserve(64 * 1024);  // kept by getline, so simdjson's padding rarely needs a copy
  }

  std::optional<RawRecord> next() override {
    std::string& line = line_;
    while (std::getline(in_, line)) {
      ++line_no_;
      if (line_no_ == 1 && line.compare(0, kBom.size(), kBom) == 0) line.erase(0, kBom.size());
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      simdjson::dom::element root;
      if (!fast_ || parser_.parse(line).get(root) || !root.is_object()) return read_slowly(line);
      RawRecord rec;
      rec.line = line_no_;
      if (!repeats_a_key(root))
        rec.view = JsonView(root);
      else
        rec.errors.push_back(repeated_key_error(line).value_or(FieldError{
            std::nullopt, tr("a key is given twice in one object; give each key once")}));
      return rec;
    }
    return std::nullopt;
  }

  /// The line read by nlohmann, which says where and why it is not one object.
  RawRecord read_slowly(const std::string& line) const {
    RawRecord rec;
    rec.line = line_no_;
    try {
      json doc = json::parse(line);
      if (!doc.is_object())
        rec.errors.push_back(
            {std::nullopt,
             trf("a JSONL line must hold one referral object, not {}", describe_type(doc))});
      else if (auto error = repeated_key_error(line))
        rec.errors.push_back(std::move(*error));
      else
        rec.doc = std::move(doc);
    } catch (const json::parse_error& e) {
      rec.errors.push_back({std::nullopt, trf("the line is not valid JSON (column {}): {}", e.byte,
                                              json_error_text(e))});
    } catch (const json::out_of_range&) {
      rec.errors.push_back({std::nullopt, trf("the line cannot be read (column {}): {}",
                                              json_error_byte(line), tr(kNumberTooLarge))});
    }
    return rec;
  }

 private:
  std::istream& in_;
  bool fast_;  ///< batches; a single record is kept as a tree (read_single_document)
  std::string line_;
  simdjson::dom::parser parser_;
  long line_no_ = 0;
};

// --- JSON -----------------------------------------------------------------

std::size_t skip_ws(std::string_view t, std::size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
  return i;
}

std::size_t skip_value(std::string_view t, std::size_t i) {
  if (i >= t.size()) return i;
  if (t[i] == '"') return skip_string(t, i);
  if (t[i] == '{' || t[i] == '[') {
    int depth = 0;
    while (i < t.size()) {
      const char c = t[i];
      if (c == '"') {
        i = skip_string(t, i);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < t.size() && t[i] != ',' && t[i] != ']' && t[i] != '}' && t[i] != ' ' && t[i] != '\n' &&
         t[i] != '\r' && t[i] != '\t')
    ++i;
  return i;
}

/// The document of a whole JSON file; a syntax error rejects the file.
json parse_json_file(std::string_view body, const std::string& path) {
  try {
    json doc = json::parse(body);
    if (auto repeated = find_repeated_key(body)) {
      const auto lc = position_of(body, repeated->offset);
      throw Error(ErrorCode::kInvalidInput,
                  trf("{}:{}:{}: {} is given twice in one object; give each key once "
                      "(nothing was stored)",
                      path, lc.line, lc.column, named(tr("key"), repeated->key)));
    }
    return doc;
  } catch (const json::parse_error& e) {
    const auto lc = position_of(body, e.byte > 0 ? e.byte - 1 : 0);
    throw Error(ErrorCode::kInvalidInput,
                trf("{}:{}:{}: not valid JSON: {}; fix the file (nothing was stored)", path,
                    lc.line, lc.column, json_error_text(e)));
  } catch (const json::out_of_range&) {
    const auto byte = json_error_byte(body);
    const auto lc = position_of(body, byte > 0 ? byte - 1 : 0);
    throw Error(ErrorCode::kInvalidInput,
                trf("{}:{}:{}: cannot read the JSON: {}; fix the file (nothing was stored)", path,
                    lc.line, lc.column, tr(kNumberTooLarge)));
  }
}

/// The line where each of the `count` elements of the array in `body` starts.
std::vector<long> element_lines(std::string_view body, std::size_t count) {
  std::vector<long> lines;
  std::size_t i = skip_ws(body, 0) + 1;  // past the '['
  long line = 1;
  std::size_t counted = 0;
  while (lines.size() < count) {
    i = skip_ws(body, i);
    line += static_cast<long>(std::count(body.begin() + static_cast<long>(counted),
                                         body.begin() + static_cast<long>(i), '\n'));
    counted = i;
    lines.push_back(line);
    i = skip_ws(body, skip_value(body, i));
    if (i < body.size() && body[i] == ',') ++i;
  }
  return lines;
}

class JsonSource final : public Source {
 public:
  JsonSource(std::istream& in, const std::string& path) {
    const std::string text = read_all(in);
    std::string_view body(text);
    if (body.starts_with(kBom)) body.remove_prefix(kBom.size());
    json doc = parse_json_file(body, path);
    if (!doc.is_array()) {
      items_.push_back({position_of(body, skip_ws(body, 0)).line, std::move(doc)});
      return;
    }
    const auto lines = element_lines(body, doc.size());
    for (std::size_t k = 0; k < lines.size(); ++k) items_.push_back({lines[k], std::move(doc[k])});
  }

  std::optional<RawRecord> next() override {
    if (index_ >= items_.size()) return std::nullopt;
    auto& [line, doc] = items_[index_++];
    RawRecord rec;
    rec.line = line;
    if (!doc.is_object())
      rec.errors.push_back(
          {std::nullopt, trf("a referral must be a JSON object, not {}", describe_type(doc))});
    else
      rec.doc = std::move(doc);
    return rec;
  }

 private:
  std::vector<std::pair<long, json>> items_;
  std::size_t index_ = 0;
};

// --- TOML -----------------------------------------------------------------

json toml_to_json(const toml::node& node) {
  if (auto t = node.as_table()) {
    json o = json::object();
    for (auto&& [k, v] : *t) o[std::string(k.str())] = toml_to_json(v);
    return o;
  }
  if (auto a = node.as_array()) {
    json arr = json::array();
    for (auto&& v : *a) arr.push_back(toml_to_json(v));
    return arr;
  }
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return i->get();
  if (auto f = node.as_floating_point()) return f->get();
  if (auto b = node.as_boolean()) return b->get();
  if (auto d = node.as_date()) {
    const auto v = d->get();
    return Date{v.year, v.month, v.day}.to_string();
  }
  std::ostringstream ss;  // times and date-times: kept as text, which no date field accepts
  if (auto t = node.as_time()) ss << t->get();
  if (auto dt = node.as_date_time()) ss << dt->get();
  return ss.str();
}

toml::table parse_toml_file(std::istream& in, const std::string& path) {
  try {
    return toml::parse(read_all(in), path);
  } catch (const toml::parse_error& e) {
    throw Error(ErrorCode::kInvalidInput,
                trf("{}:{}:{}: not valid TOML: {}; fix the file (nothing was stored)", path,
                    e.source().begin.line, e.source().begin.column, e.description()));
  }
}

/// A file of [[referral]] tables holds nothing else.
void check_referral_tables(const toml::table& table, const toml::node& list,
                           const std::string& path) {
  if (!list.is_array_of_tables())
    throw Error(ErrorCode::kInvalidInput,
                trf("{}:{}: `referral` must be an array of tables ([[referral]]); fix the "
                    "file (nothing was stored)",
                    path, list.source().begin.line));
  for (auto&& [key, node] : table)
    if (key.str() != "referral")
      throw Error(ErrorCode::kInvalidInput,
                  trf("{}:{}:{}: {} stands beside [[referral]] tables; a file of "
                      "[[referral]] tables cannot also hold top-level keys: move it into "
                      "a [[referral]] (nothing was stored)",
                      path, node.source().begin.line, node.source().begin.column,
                      named(tr("key"), key.str())));
}

class TomlSource final : public Source {
 public:
  TomlSource(std::istream& in, const std::string& path) {
    toml::table table = parse_toml_file(in, path);
    if (auto* list = table.get("referral")) {
      check_referral_tables(table, *list, path);
      for (auto&& item : *list->as_array())
        items_.push_back({static_cast<long>(item.source().begin.line), toml_to_json(item)});
    } else {
      items_.push_back({1, toml_to_json(table)});
    }
  }

  std::optional<RawRecord> next() override {
    if (index_ >= items_.size()) return std::nullopt;
    auto& [line, doc] = items_[index_++];
    RawRecord rec;
    rec.line = line;
    rec.doc = std::move(doc);
    return rec;
  }

 private:
  std::vector<std::pair<long, json>> items_;
  std::size_t index_ = 0;
};

// --- CSV ------------------------------------------------------------------

using CsvRow = std::vector<std::string>;

/// libcsv fed one physical line at a time, knowing whether the lines fed so far
/// end between rows or inside a quoted field that runs on to the next line.
class CsvParser {
 public:
  explicit CsvParser(unsigned char delimiter) : delimiter_(delimiter) { reset(); }
  ~CsvParser() { csv_free(&parser_); }
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;

  void reset() {
    if (initialised_) csv_free(&parser_);
    // CSV_REPALL_NL: every line feed outside a quoted field reaches on_row, also
    // where no row ends (a blank line, the LF of a CRLF): how feed_line() learns
    // whether a line ended outside a quoted field. Those calls bring no fields.
    if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
      throw Error(ErrorCode::kInternal, tr("libcsv could not initialise"));
    csv_set_delim(&parser_, delimiter_);
    initialised_ = true;
    fields_.clear();
    between_rows_ = true;
  }

  /// Whether the lines fed so far end between rows (so the next line starts one).
  bool between_rows() const { return between_rows_; }

  /// Feeds one physical line, without its line feed; the rows it completes are
  /// appended to `rows`. False on a syntax error.
  bool feed_line(std::string_view line, std::vector<CsvRow>& rows) {
    rows_ = &rows;
    ended_outside_quotes_ = false;
    const bool ok =
        csv_parse(&parser_, line.data(), line.size(), on_field, on_row, this) == line.size() &&
        csv_parse(&parser_, "\n", 1, on_field, on_row, this) == 1;
    between_rows_ = ended_outside_quotes_;  // else the line feed lies inside a quoted field
    return ok;
  }

  bool finish(std::vector<CsvRow>& rows) {
    rows_ = &rows;
    return csv_fini(&parser_, on_field, on_row, this) == 0;
  }

 private:
  static void on_field(void* s, std::size_t len, void* self) {
    auto* p = static_cast<CsvParser*>(self);
    p->fields_.emplace_back(s ? static_cast<const char*>(s) : "", s ? len : 0);
  }
  static void on_row(int terminator, void* self) {
    auto* p = static_cast<CsvParser*>(self);
    if (terminator == '\n') p->ended_outside_quotes_ = true;
    if (p->fields_.empty()) return;  // a line feed where no row ends: no row
    p->rows_->push_back(std::move(p->fields_));
    p->fields_.clear();
  }

  csv_parser parser_{};
  bool initialised_ = false;
  unsigned char delimiter_;
  CsvRow fields_;
  std::vector<CsvRow>* rows_ = nullptr;
  bool between_rows_ = true;
  bool ended_outside_quotes_ = false;  ///< a line feed outside a quoted field reached on_row
};

/// The fields of one physical line that is a whole, plain row, split without
/// libcsv (which takes a callback per byte): fields separated by `delimiter`,
/// each unquoted (no quote in it; spaces and tabs around it dropped) or quoted
/// whole on this line (`""` for a quote; spaces and tabs around the quotes
/// dropped), and an optional CR at the end. Anything else (a quoted field that
/// goes on past the line, a stray quote or CR, text after a closing quote, a
/// blank line) returns false, and the line goes to libcsv, whose reading of
/// these rows is the same (tests/readers_test.cpp compares the two).
bool split_plain_row(std::string_view line, char delimiter, CsvRow& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\r') != std::string_view::npos || line.find_first_not_of(" \t") == line.npos)
    return false;
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  std::size_t i = 0;
  for (;;) {
    while (i < line.size() && is_space(line[i])) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      for (++i;;) {
        const std::size_t q = line.find('"', i);
        if (q == line.npos) return false;  // goes on past the line
        field.append(line, i, q - i);
        if (q + 1 < line.size() && line[q + 1] == '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      while (i < line.size() && is_space(line[i])) ++i;
      if (i < line.size() && line[i] != delimiter) return false;
    } else {
      std::size_t end = line.find(delimiter, i);
      if (end == line.npos) end = line.size();
      std::string_view raw = line.substr(i, end - i);
      if (raw.find('"') != raw.npos) return false;
      while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
      field.assign(raw);
      i = end;
    }
    out.push_back(std::move(field));
    if (i >= line.size()) return true;
    ++i;  // the delimiter
  }
}

unsigned char detect_delimiter(std::string_view header) {
  long commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == ',') ++commas;
    if (!quoted && c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

/// The 1-based character column where field `index` of `header` starts.
std::size_t field_column(std::string_view header, char delimiter, std::size_t index) {
  bool quoted = false;
  std::size_t field = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (field == index) return i + 1;
    if (header[i] == '"') quoted = !quoted;
    if (!quoted && header[i] == delimiter) ++field;
  }
  return header.size() + 1;
}

/// The first line of a CSV file, without a byte-order mark or a CR.
std::string read_header_line(std::istream& in, const std::string& path) {
  std::string header;
  if (!std::getline(in, header))
    throw Error(ErrorCode::kInvalidInput,
                trf("{}:1:1: the file is empty; a CSV file needs a header row naming its "
                    "columns (nothing was stored)",
                    path));
  if (header.starts_with(kBom)) header.erase(0, kBom.size());
  if (!header.empty() && header.back() == '\r') header.pop_back();
  return header;
}

/// Column `i` must be one of csv_columns(), named once.
void check_column(const CsvRow& columns, std::size_t i, std::string_view header, char delimiter,
                  const std::string& path) {
  const auto& known = csv_columns();
  const std::string& name = columns[i];
  const auto column = field_column(header, delimiter, i);
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    if (const auto s = suggest(name, known))
      throw Error(ErrorCode::kInvalidInput,
                  trf("{}:1:{}: {} is unknown (did you mean \"{}\"?); the columns are listed in "
                      "docs/formats.md (nothing was stored)",
                      path, column, named(tr("column"), name), *s));
    throw Error(ErrorCode::kInvalidInput,
                trf("{}:1:{}: {} is unknown; the columns are listed in docs/formats.md "
                    "(nothing was stored)",
                    path, column, named(tr("column"), name)));
  }
  const auto before = columns.begin() + static_cast<long>(i);
  if (std::find(columns.begin(), before, name) != before)
    throw Error(ErrorCode::kInvalidInput, trf("{}:1:{}: {} appears twice (nothing was stored)",
                                              path, column, named(tr("column"), name)));
}

void check_required_columns(const CsvRow& columns, ReadMode mode, const std::string& path) {
  std::vector<std::string> required{"region", "received", "referrer_kind"};
  if (mode == ReadMode::kBatch) required.insert(required.begin(), "external_ref");
  for (const auto& r : required)
    if (std::find(columns.begin(), columns.end(), r) == columns.end())
      throw Error(ErrorCode::kInvalidInput,
                  r == "external_ref"
                      ? trf("{}:1:1: the header has no column \"{}\", which is required in batch "
                            "input (nothing was stored)",
                            path, r)
                      : trf("{}:1:1: the header has no column \"{}\", which is required "
                            "(nothing was stored)",
                            path, r));
}

class CsvSource final : public Source {
 public:
  CsvSource(std::istream& in, const std::string& path, ReadMode mode, CsvDialect dialect)
      : in_(in), fast_(mode == ReadMode::kBatch), excel_(dialect == CsvDialect::kExcel) {
    const std::string header = read_header_line(in_, path);
    line_no_ = 1;
    const char delimiter = static_cast<char>(detect_delimiter(header));
    delimiter_ = delimiter;
    parser_ = std::make_unique<CsvParser>(static_cast<unsigned char>(delimiter));
    std::vector<CsvRow> rows;
    if (!parser_->feed_line(header, rows) || rows.size() != 1)
      throw Error(ErrorCode::kInvalidInput,
                  trf("{}:1:1: the header row is not valid CSV (RFC 4180); fix its "
                      "quoting (nothing was stored)",
                      path));
    columns_ = std::move(rows[0]);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      columns_[i] = trim(columns_[i]);
      check_column(columns_, i, header, delimiter, path);
    }
    check_required_columns(columns_, mode, path);
  }

  std::optional<RawRecord> next() override {
    while (pending_.empty()) {
      if (done_) return std::nullopt;
      if (auto bad = read_line()) return bad;
    }
    auto [line, fields] = std::move(pending_.front());
    pending_.erase(pending_.begin());
    if (fields.size() != columns_.size())
      return bad_row(line, trf("the row has {} fields but the header has {}; check the "
                               "delimiter and the quoting",
                               fields.size(), columns_.size()));
    FieldValues values;
    values.reserve(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (!fields[i].empty())
        values.emplace_back(columns_[i], excel_date(columns_[i], std::move(fields[i])));
    RawRecord rec;
    rec.line = line;
    if (!fast_ || !read_fast(values, rec)) rec.doc = fields_to_json(values, rec.errors);
    return rec;
  }

 private:
  /// Feeds the next line (or the end of the input) to the parser; the rows it
  /// completes go to pending_. A record of the syntax error, if there is one.
  std::optional<RawRecord> read_line() {
    std::string line;
    std::vector<CsvRow> rows;
    if (!std::getline(in_, line)) {
      done_ = true;
      if (!parser_->finish(rows)) {
        parser_->reset();
        return bad_row(row_start_, tr("a quoted field is not closed before the end of the file"));
      }
    } else {
      ++line_no_;
      if (parser_->between_rows()) row_start_ = line_no_;
      if (fast_ && parser_->between_rows() && split_plain_row(line, delimiter_, plain_)) {
        pending_.push_back({row_start_, std::move(plain_)});
        plain_.clear();
        return std::nullopt;
      }
      plain_.clear();
      if (!parser_->feed_line(line, rows)) {
        parser_->reset();
        return bad_row(row_start_,
                       tr("the row is not valid CSV (RFC 4180): a quote inside a field must be "
                          "doubled and a quoted field must be quoted whole"));
      }
    }
    for (auto& r : rows) pending_.push_back({row_start_, std::move(r)});
    return std::nullopt;
  }

  static RawRecord bad_row(long line, std::string message) {
    RawRecord rec;
    rec.line = line;
    rec.errors.push_back({std::nullopt, std::move(message)});
    return rec;
  }

  /// A batch's row, written as JSON text and read by simdjson (no tree); false
  /// when simdjson does not take it (text that is not UTF-8), and then nothing
  /// of `rec` has changed.
  bool read_fast(const FieldValues& values, RawRecord& rec) {
    std::vector<FieldError> errors;
    std::string text = fields_to_json_text(values, errors);
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    simdjson::dom::element root;
    if (json_.parse(text).get(root)) return false;
    rec.view = JsonView(root);
    rec.errors = std::move(errors);
    return true;
  }

  /// The date of an Excel file's `received` column, d/m/yyyy, as YYYY-MM-DD;
  /// any other value, and every value of another column, as it is.
  std::string excel_date(const std::string& column, std::string value) const {
    if (!excel_ || column != "received" || value.find('/') == std::string::npos) return value;
    const auto d = Date::parse_dmy(value);
    return d ? d->to_string() : value;
  }

  std::istream& in_;
  bool fast_;  ///< batches: plain rows split here, rows as JSON text read by simdjson
  simdjson::dom::parser json_;
  char delimiter_ = ',';
  bool excel_;    ///< --csv-dialect excel: d/m/yyyy dates are read
  CsvRow plain_;  ///< the fields of a plain row (split_plain_row)
  std::unique_ptr<CsvParser> parser_;
  CsvRow columns_;
  std::vector<std::pair<long, CsvRow>> pending_;
  long line_no_ = 0;
  long row_start_ = 1;
  bool done_ = false;
};

}  // namespace

/// Opens the raw source of a referral file (shared by ReferralReader and update --from).
struct OpenSource {
  std::unique_ptr<std::istream> owned;
  std::unique_ptr<Source> source;
};

/// The format of `path`: the one given, else the one its name ends in.
InputFormat format_of(const std::string& path, std::optional<InputFormat> given) {
  if (given) return *given;
  if (auto format = input_format_for_path(path)) return *format;
  if (path == "-")
    throw Error(ErrorCode::kUsage,
                tr("reading standard input needs its format named (jsonl, json, toml or csv)"),
                Hint::kInputFormat);
  throw Error(ErrorCode::kUsage,
              trf("{}: unknown file type; name it .jsonl, .ndjson, .json, .toml or .csv, "
                  "or name its format",
                  path),
              Hint::kInputFormat);
}

OpenSource open_source(const std::string& path, std::optional<InputFormat> given, ReadMode mode,
                       CsvDialect dialect = CsvDialect::kRfc4180) {
  OpenSource out;
  const InputFormat format = format_of(path, given);
  std::istream* in = &std::cin;
  if (path != "-") {
    require_readable_file(path, ErrorCode::kInvalidInput, tr("the referral file"));
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file)
      throw Error(ErrorCode::kInvalidInput,
                  trf("{}: cannot open the referral file ({}); check the path and its "
                      "permissions",
                      path, std::strerror(errno)));
    in = file.get();
    out.owned = std::move(file);
  }
  switch (format) {
    case InputFormat::kJsonl:
      out.source = std::make_unique<JsonlSource>(*in, mode);
      break;
    case InputFormat::kJson:
      out.source = std::make_unique<JsonSource>(*in, path);
      break;
    case InputFormat::kToml:
      out.source = std::make_unique<TomlSource>(*in, path);
      break;
    case InputFormat::kCsv:
      out.source = std::make_unique<CsvSource>(*in, path, mode, dialect);
      break;
  }
  return out;
}

/// The one JSON document of a file holding a single referral (or a partial one,
/// for `update --from`). Throws Error(kInvalidInput) when it holds not exactly one.
json read_single_document(const std::string& path, std::optional<InputFormat> format) {
  auto src = open_source(path, format, ReadMode::kSingle);
  auto first = src.source->next();
  if (!first) throw Error(ErrorCode::kInvalidInput, trf("{}: the file holds no referral", path));
  if (src.source->next())
    throw Error(ErrorCode::kInvalidInput, trf("{}: the file holds more than one referral", path),
                Hint::kBatch, path);
  if (!first->doc)
    throw Error(ErrorCode::kInvalidInput,
                fmt::format("{}:{}: {}", path, first->line, first->errors.front().message));
  return std::move(*first->doc);
}

}  // namespace detail

struct ReferralReader::Impl {
  std::string path;
  Catalog catalog;
  ReadMode mode;
  detail::OpenSource src;
  long record = 0;
};

ReferralReader::ReferralReader(const std::string& path, std::optional<InputFormat> format,
                               Catalog catalog, ReadMode mode, CsvDialect dialect)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->catalog = std::move(catalog);
  impl_->mode = mode;
  impl_->src = detail::open_source(path, format, mode, dialect);
}

ReferralReader::~ReferralReader() = default;

std::optional<RecordInput> ReferralReader::next() {
  auto raw = impl_->src.source->next();
  if (!raw) return std::nullopt;
  RecordInput in;
  in.record = ++impl_->record;
  in.source = fmt::format("{}:{}", impl_->path, raw->line);
  in.errors = std::move(raw->errors);
  if (raw->doc || raw->view) {
    auto v = raw->view ? detail::validate_view(*raw->view, impl_->catalog, impl_->mode)
                       : detail::validate_referral(*raw->doc, impl_->catalog, impl_->mode);
    in.external_ref = std::move(v.external_ref);
    in.region = std::move(v.region);
    if (in.errors.empty() && v.errors.empty()) in.referral = std::move(v.referral);
    in.errors.insert(in.errors.end(), v.errors.begin(), v.errors.end());
  }
  return in;
}

RecordInput read_fields(const FieldValues& values, const Catalog& catalog, ReadMode mode,
                        const std::string& source) {
  RecordInput in;
  in.record = 1;
  in.source = source;
  json doc = detail::fields_to_json(values, in.errors);
  auto v = detail::validate_referral(doc, catalog, mode);
  in.external_ref = std::move(v.external_ref);
  in.region = std::move(v.region);
  if (in.errors.empty() && v.errors.empty()) in.referral = std::move(v.referral);
  in.errors.insert(in.errors.end(), v.errors.begin(), v.errors.end());
  return in;
}

}  // namespace ifg
