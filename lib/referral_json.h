// SPDX-License-Identifier: EUPL-1.2
// Private: referrals as JSON documents. Every input format (JSON, JSONL, TOML,
// CSV, command-line flags) is turned into one JSON document per record and
// validated here, so the rules of docs/formats.md live in one place; the stored
// form of a referral is the canonical JSON written by referral_to_json().
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/io.h"
#include "ifg/model.h"
#include "text.h"

namespace ifg::detail {

using json = nlohmann::json;

struct Validated {
  std::optional<Referral> referral;
  std::vector<FieldError> errors;
  std::optional<std::string> external_ref;  ///< when it is a well-formed reference
  std::optional<std::string> region;        ///< when it is a configured region's code
};

class JsonView;  // json_view.h

/// Validates one referral document, collecting every problem with its field.
Validated validate_referral(const json& doc, const Catalog& catalog, ReadMode mode);
/// The same, of a document read by either parser (json_view.h).
Validated validate_view(const JsonView& doc, const Catalog& catalog, ReadMode mode);

/// The canonical JSON of a referral: English codes, absent facts left out.
json referral_to_json(const Referral& referral);

/// Builds a referral document from flag-style values (see ifg::FieldValues);
/// problems of the list syntax (a person without ':') are appended to `errors`.
json fields_to_json(const FieldValues& values, std::vector<FieldError>& errors);

/// The document fields_to_json() builds, as JSON text, for values whose keys
/// are distinct (a CSV row): read by simdjson, it costs no tree of strings and
/// maps. Values are written as they are, so text that is not UTF-8 makes the
/// text fail to parse: read such a row with fields_to_json().
std::string fields_to_json_text(const FieldValues& values, std::vector<FieldError>& errors);

/// The referral keys in the order of docs/formats.md (the CSV columns).
const std::vector<std::string>& csv_columns();

/// The JSON type of a value in words ("a number", "a list", ...), translated.
std::string describe_type(const json& value);

/// The closest name in `candidates` to `name` within edit distance 2, if any.
std::optional<std::string> suggest(std::string_view name,
                                   const std::vector<std::string>& candidates);

}  // namespace ifg::detail
