// SPDX-License-Identifier: EUPL-1.2
// Private: a correction of a stored referral (`update`), applied to its JSON
// document in the io layer, where the referral's keys and their forms live.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ifg/service.h"
#include "referral_json.h"

namespace ifg::detail {

/// The one JSON document of a file holding a single referral (or a partial one,
/// for `update`). Throws Error(kInvalidInput) when it holds not exactly one (readers.cpp).
json read_single_document(const std::string& path, std::optional<InputFormat> format);

/// A stored referral document with a patch applied.
struct Patched {
  json doc;
  std::vector<std::string> changed;  ///< the keys changed, sorted, each once
  std::vector<FieldError> errors;    ///< problems of the `set` values' syntax
};

/// Applies `patch` to the stored document `doc` of case `case_id`: the keys of
/// the patch file (`file_doc`) replace the stored ones, then each `set` pair (an
/// empty value unsets the fact). `external_ref` and `region` may be given only
/// with their stored values (else Error(kRefused)); the result is not validated.
Patched apply_patch(json doc, const std::optional<json>& file_doc, const ReferralPatch& patch,
                    const std::string& case_id);

}  // namespace ifg::detail
