// SPDX-License-Identifier: EUPL-1.2
#include "referral_patch.h"

#include <algorithm>

#include "format.h"
#include "i18n.h"
#include "ifg/error.h"

namespace ifg::detail {

namespace {

constexpr std::string_view kReferrerDot = "referrer.";
constexpr std::string_view kReferrerUnderscore = "referrer_";

bool is_identity(const std::string& key) {
  return key == "external_ref" || key == "region";
}

/// The identity of a case (its external_ref and region) cannot change: a value
/// given for them must be the stored one (a region in any case).
void refuse_identity_change(const json& doc, const std::string& key, const json& value,
                            const std::string& case_id) {
  const std::string now = doc.value(key, std::string());
  std::string given = value.is_string() ? value.get<std::string>() : value.dump();
  if (key == "region") given = ascii_upper(given);
  if (given != now)
    throw Error(
        ErrorCode::kRefused,
        trf("case {}: {} cannot change; register the referral anew if it is wrong", case_id, key));
}

/// A `set` pair: `referrer.X` and `referrer_X` are the referrer's fact X.
void set_value(json& doc, const std::string& key, const std::string& value,
               std::vector<FieldError>& errors) {
  if (auto sub = strip_prefix(key, kReferrerDot)) {
    if (value.empty()) {
      if (doc.contains("referrer")) doc["referrer"].erase(*sub);
    } else {
      doc["referrer"][*sub] = value;
    }
    return;
  }
  if (value.empty()) {
    doc.erase(key);
    return;
  }
  json part = fields_to_json({{key, value}}, errors);  // lists and persons in their syntax
  doc[key] = part.contains(key) ? part[key] : json(value);
}

}  // namespace

Patched apply_patch(json doc, const std::optional<json>& file_doc, const ReferralPatch& patch,
                    const std::string& case_id) {
  Patched out;
  if (file_doc) {
    if (!file_doc->is_object())
      throw Error(ErrorCode::kInvalidInput, trf("{}: the file must hold one referral object",
                                                patch.from_file.value_or(tr("the patch"))));
    for (auto it = file_doc->begin(); it != file_doc->end(); ++it) {
      if (is_identity(it.key())) {
        refuse_identity_change(doc, it.key(), it.value(), case_id);
        continue;
      }
      doc[it.key()] = it.value();
      out.changed.push_back(it.key());
    }
  }
  for (const auto& [raw_key, value] : patch.set) {
    std::string key = raw_key;
    if (auto sub = strip_prefix(raw_key, kReferrerUnderscore))
      key = std::string(kReferrerDot) + *sub;
    if (is_identity(key)) {
      refuse_identity_change(doc, key, json(value), case_id);
      continue;
    }
    out.changed.push_back(key);
    set_value(doc, key, value, out.errors);
  }
  std::sort(out.changed.begin(), out.changed.end());
  out.changed.erase(std::unique(out.changed.begin(), out.changed.end()), out.changed.end());
  out.doc = std::move(doc);
  return out;
}

}  // namespace ifg::detail
