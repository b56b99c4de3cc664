// SPDX-License-Identifier: EUPL-1.2
// Private: how a case's screening is stored (cases.screening, schema 6): each
// criterion's verdict and its reason as a code with the facts it shows, and
// each warning's code and facts; about 150 bytes instead of the ~840 of the
// sentences that schema 5 stored. The sentences are written again when read
// (lib/reasons.cpp); the outcome and rule set are the case's own columns.
//
//     {"c":[["p","professional"],["p","via","caw"],...,["f","too_few","1","housing","2"]],
//      "w":[["no_crisis_partner","unsafe"]]}
//
// Verdicts are "p", "f" and "u". Rejected: a column per criterion (seven more
// columns for what is only ever read whole), and keeping the sentences
// (five times the bytes, and no way to word them anew).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ifg/screening.h"

namespace ifg::detail {

/// The stored form of `s`'s criteria and warnings.
std::string encode_screening(const Screening& s);

/// A stored screening read back, its reasons and warnings written as
/// sentences; Error(kInternal) naming the case when it cannot be read.
Screening decode_screening(std::string_view stored, Outcome outcome, const std::string& ruleset,
                           const std::string& case_id);

/// A screening stored by schema 5 (the result JSON with sentences) in the
/// stored form of schema 6; std::nullopt when a sentence is not one a
/// reason's template writes.
std::optional<std::string> recode_screening(std::string_view schema5_json);

/// The canonical parameters (canonical_params()) of rule-set `version`: the
/// parameters it is the hash of, found among every set of care and security
/// sectors and every min_life_domains from 1 to 50 (11,250 candidates);
/// std::nullopt when none hashes to it. For databases that kept only the
/// version of the rule sets they screened under.
std::optional<std::string> find_canonical_params(std::string_view version);

/// The parameters written by canonical_params(), read back.
ScreeningParams parse_canonical_params(std::string_view canonical);

}  // namespace ifg::detail
