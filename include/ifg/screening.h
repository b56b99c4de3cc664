// SPDX-License-Identifier: EUPL-1.2
// Screening: pure functions from a referral and the screening parameters to the
// seven verdicts, the outcome and warnings (docs/screening.md).
// Nothing here does I/O or keeps state; every function is safe to call from any thread.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ifg/export.h"
#include "ifg/model.h"

namespace ifg {

enum class Verdict { kPass, kFail, kUnknown };
IFG_EXPORT std::string_view to_string(Verdict v);

/// The seven criteria, in the order they are always evaluated and reported.
enum class Criterion {
  kProfessionalReferrer,
  kReferralChannel,
  kVeryUnsafe,
  kRegularInsufficient,
  kCombinedApproach,
  kMultipleDomains,
  kHelpStuck,
};
inline constexpr int kCriterionCount = 7;
IFG_EXPORT std::string_view to_string(Criterion c);
/// All criteria in order.
IFG_EXPORT const std::array<Criterion, kCriterionCount>& all_criteria();

/// One criterion's verdict and the one-sentence reason naming the fact it used.
/// The reason is also kept as a code and the facts it shows (`code` "via",
/// `facts` {"caw"}: "came in via caw"), which is how it is stored;
/// reason_text() writes the sentence again (docs/screening.md lists them).
struct CriterionResult {
  Criterion id;
  Verdict verdict;
  std::string reason;
  std::string code = {};                ///< the reason's code, e.g. "via", "too_few"
  std::vector<std::string> facts = {};  ///< what the sentence shows; a list is comma-joined

  bool operator==(const CriterionResult&) const = default;
};

/// A screening warning (never changes the outcome), e.g. `no_crisis_partner`.
struct Warning {
  std::string code;
  std::string message;
  std::vector<std::string> facts = {};  ///< the values the message shows

  bool operator==(const Warning&) const = default;
};

/// The sentence of criterion `c`'s reason `code` with `facts`; std::nullopt
/// when the criterion has no such reason or the facts do not fit it.
IFG_EXPORT std::optional<std::string> reason_text(Criterion c, std::string_view code,
                                                  const std::vector<std::string>& facts);
/// The message of warning `code` with `facts`; std::nullopt when unknown.
IFG_EXPORT std::optional<std::string> warning_text(std::string_view code,
                                                   const std::vector<std::string>& facts);
/// One fact of a reason or warning by name, as JSON shows it in
/// `reason_params`: {"channel", "caw"}; a list's value is comma-joined.
struct ReasonParam {
  std::string name;
  std::string value;
  bool list = false;
};
/// The named facts of criterion `c`'s reason `code` (std::nullopt: of warning
/// `code`); empty for an unknown code.
IFG_EXPORT std::vector<ReasonParam> reason_params(std::optional<Criterion> c, std::string_view code,
                                                  const std::vector<std::string>& facts);

/// The code and facts of a reason sentence of criterion `c`, read back from
/// its text (databases of schema 5 stored the sentences): the one reason
/// whose reason_text() is exactly `text`, or std::nullopt.
IFG_EXPORT std::optional<std::pair<std::string, std::vector<std::string>>> reason_of(
    Criterion c, std::string_view text);
/// The same for a warning's message.
IFG_EXPORT std::optional<std::vector<std::string>> warning_facts_of(std::string_view code,
                                                                    std::string_view text);

/// The result of screening one valid referral.
struct Screening {
  std::vector<CriterionResult> criteria;  ///< all seven, in order
  Outcome outcome = Outcome::kIncomplete;
  std::vector<Warning> warnings;
  std::string ruleset;  ///< the rule-set version it was evaluated under
};

/// Screening parameters with their rule-set version, computed once: what
/// screening many referrals under the same rules (a batch) needs. Value type.
/// With risk assessment instruments configured (issue 14), criterion 3 also
/// reads the case's latest assessments, and the instruments are part of the
/// version; with none, the version is that of the parameters alone.
struct RuleSet {
  ScreeningParams params;
  std::vector<Instrument> instruments;
  std::string version;  ///< ruleset_version(params, instruments)

  IFG_EXPORT explicit RuleSet(ScreeningParams p, std::vector<Instrument> i = {});
};

/// The latest risk assessment of one victim or child of a stored case: what
/// criterion 3 reads beside the referral's `safety` when the rule set has
/// instruments (docs/screening.md, "Risk assessments").
struct LatestRisk {
  int assessment = 0;  ///< its number in the case
  int person = 0;      ///< the person's number in the case
  std::string instrument;
  Date date;
  RiskLevel level = RiskLevel::kStandard;
};

/// Evaluates the seven criteria for `referral` under `params`.
///
///     ifg::Screening s = ifg::screen(referral, ifg::ScreeningParams{});
///     if (s.outcome == ifg::Outcome::kEligible) { ... }
IFG_EXPORT Screening screen(const Referral& referral, const ScreeningParams& params);
/// The same under a rule set whose version is already known.
IFG_EXPORT Screening screen(const Referral& referral, const RuleSet& rules);
/// The same for a stored case with the latest assessments of its victims and
/// children, by person number: criterion 3 passes on a high one when the rule
/// set has instruments and the referral does not say very_unsafe itself.
IFG_EXPORT Screening screen(const Referral& referral, const RuleSet& rules,
                            std::span<const LatestRisk> latest);

/// The outcome that follows from the verdicts, first match wins: `inadmissible`
/// (criterion 1 or 2 fails), `not_eligible` (any of 3-7 fails), `incomplete` (any
/// unknown), `eligible`.
IFG_EXPORT Outcome outcome_of(std::span<const CriterionResult> criteria);

/// The rule-set version: the first 8 hex digits of the SHA-256 of the parameters in
/// canonical form (keys sorted, lists sorted), so equal parameters give equal versions.
/// Instruments, when given, are part of it: their ids, roles, thresholds and
/// item weights (not their texts), in the configuration's order.
IFG_EXPORT std::string ruleset_version(const ScreeningParams& params,
                                       std::span<const Instrument> instruments = {});
/// The canonical text that ruleset_version() hashes.
IFG_EXPORT std::string canonical_params(const ScreeningParams& params,
                                        std::span<const Instrument> instruments = {});

/// One record's screening result as `ifg screen` prints it (docs/formats.md,
/// "A screening result").
/// A repeat referral (issue 14): a victim or child of the referral is the same
/// person (an automatic link) as in earlier cases of the region received within
/// `repeat_window_months` before this referral's `received`.
struct Repeat {
  std::vector<std::string> earlier_cases;  ///< the ones the actor may read, oldest first
  int others = 0;                          ///< the ones the actor may not read, counted
  std::vector<int> persons;                ///< 0-based indexes into the referral's persons
};

struct ScreenResult {
  std::optional<long> record;         ///< 1-based position in a batch; nullopt by id
  std::optional<std::string> source;  ///< "file:line"; nullopt by id
  std::optional<std::string> external_ref;
  std::optional<std::string> case_id;  ///< nullopt for invalid records and dry runs
  Outcome outcome = Outcome::kInvalid;
  std::optional<std::string> ruleset;     ///< set when the criteria were evaluated
  std::vector<CriterionResult> criteria;  ///< empty for invalid and duplicate
  std::vector<Warning> warnings;
  std::vector<FieldError> errors;  ///< the problems of an invalid record
  std::optional<Repeat> repeat;    ///< nullopt: not a repeat referral (or not screened)
};

/// The counts of a batch run.
struct BatchSummary {
  long records = 0;
  std::array<long, kOutcomeCount> by_outcome{};  ///< indexed by Outcome
  double seconds = 0;

  long count(Outcome o) const { return by_outcome[static_cast<int>(o)]; }
  double per_second() const { return seconds > 0 ? static_cast<double>(records) / seconds : 0; }
};

}  // namespace ifg
