// SPDX-License-Identifier: EUPL-1.2
#include "ifg/screening.h"

#include <algorithm>
#include <set>

#include "crypto.h"
#include "enum_table.h"
#include "format.h"
#include "i18n.h"
#include "ifg/error.h"

namespace ifg {

namespace {

constexpr std::array<std::string_view, kCriterionCount> kCriterionIds{
    "professional_referrer", "referral_channel", "very_unsafe", "regular_insufficient",
    "combined_approach",     "multiple_domains", "help_stuck"};

/// A criterion's result: its verdict, and its reason as a code, facts and
/// the sentence they make (lib/reasons.cpp).
CriterionResult result(Criterion id, Verdict v, std::string_view code,
                       std::vector<std::string> facts = {}) {
  auto text = reason_text(id, code, facts);
  if (!text) throw Error(ErrorCode::kInternal, trf("no reason {} of {}", code, id));
  return {id, v, std::move(*text), std::string(code), std::move(facts)};
}

template <class T>
std::string joined(const std::vector<T>& items) {
  return fmt::format("{}", fmt::join(items, ","));
}

CriterionResult professional_referrer(const Referral& r) {
  const auto id = Criterion::kProfessionalReferrer;
  if (r.referrer.kind == ReferrerKind::kProfessional)
    return result(id, Verdict::kPass, "professional");
  return result(id, Verdict::kFail, "citizen");
}

CriterionResult referral_channel(const Referral& r) {
  const auto id = Criterion::kReferralChannel;
  if (!r.channel) return result(id, Verdict::kUnknown, "missing");
  if (*r.channel == Channel::kNone) return result(id, Verdict::kFail, "none");
  return result(id, Verdict::kPass, "via", {std::string(to_string(*r.channel))});
}

/// The first high one of the latest assessments, by person number.
const LatestRisk* first_high(std::span<const LatestRisk> latest) {
  const LatestRisk* out = nullptr;
  for (const auto& l : latest)
    if (l.level == RiskLevel::kHigh && (!out || l.person < out->person)) out = &l;
  return out;
}

CriterionResult very_unsafe(const Referral& r, const RuleSet& rules,
                            std::span<const LatestRisk> latest) {
  const auto id = Criterion::kVeryUnsafe;
  if (r.safety == Safety::kVeryUnsafe) return result(id, Verdict::kPass, "very_unsafe");
  if (const LatestRisk* high = rules.instruments.empty() ? nullptr : first_high(latest))
    return result(id, Verdict::kPass, "assessed_high",
                  {std::to_string(high->assessment), std::to_string(high->person), high->instrument,
                   high->date.to_string()});
  if (!r.safety) return result(id, Verdict::kUnknown, "missing");
  switch (*r.safety) {
    case Safety::kUnknown:
      return result(id, Verdict::kUnknown, "unknown");
    default:
      return result(id, Verdict::kFail, "not_very_unsafe", {std::string(to_string(*r.safety))});
  }
}

CriterionResult regular_insufficient(const Referral& r) {
  const auto id = Criterion::kRegularInsufficient;
  if (!r.regular_cooperation_sufficient) return result(id, Verdict::kUnknown, "missing");
  if (*r.regular_cooperation_sufficient) return result(id, Verdict::kFail, "sufficient");
  return result(id, Verdict::kPass, "insufficient");
}

bool contains(const std::vector<Sector>& set, Sector s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

CriterionResult combined_approach(const Referral& r, const ScreeningParams& p) {
  const auto id = Criterion::kCombinedApproach;
  if (r.sectors_needed.empty()) return result(id, Verdict::kUnknown, "missing");
  std::vector<Sector> care, security;
  for (Sector s : r.sectors_needed) {
    if (contains(p.care_sectors, s) && !contains(care, s)) care.push_back(s);
    if (contains(p.security_sectors, s) && !contains(security, s)) security.push_back(s);
  }
  if (!care.empty() && !security.empty())
    return result(id, Verdict::kPass, "both", {joined(care), joined(security)});
  if (care.empty() && security.empty())
    return result(id, Verdict::kFail, "neither",
                  {joined(r.sectors_needed), joined(p.care_sectors), joined(p.security_sectors)});
  if (care.empty())
    return result(id, Verdict::kFail, "security_only", {joined(security), joined(p.care_sectors)});
  return result(id, Verdict::kFail, "care_only", {joined(care), joined(p.security_sectors)});
}

CriterionResult multiple_domains(const Referral& r, const ScreeningParams& p) {
  const auto id = Criterion::kMultipleDomains;
  std::vector<std::string> distinct;
  for (const auto& d : r.life_domains)
    if (std::find(distinct.begin(), distinct.end(), d) == distinct.end()) distinct.push_back(d);
  if (distinct.empty()) return result(id, Verdict::kUnknown, "missing");
  const auto n = static_cast<int>(distinct.size());
  if (n >= p.min_life_domains)
    return result(id, Verdict::kPass, "counted", {std::to_string(n), joined(distinct)});
  return result(id, Verdict::kFail, "too_few",
                {std::to_string(n), joined(distinct), std::to_string(p.min_life_domains)});
}

CriterionResult help_stuck(const Referral& r) {
  const auto id = Criterion::kHelpStuck;
  const auto help = r.help_status;
  const auto measures = r.measures_status;
  if (help && (*help == HelpStatus::kStuck || *help == HelpStatus::kNoPerspective))
    return result(id, Verdict::kPass, "help", {std::string(to_string(*help))});
  if (measures &&
      (*measures == MeasuresStatus::kDifficult || *measures == MeasuresStatus::kNoPerspective))
    return result(id, Verdict::kPass, "measures", {std::string(to_string(*measures))});
  std::vector<std::string> facts{help ? std::string(to_string(*help)) : std::string(),
                                 measures ? std::string(to_string(*measures)) : std::string()};
  const bool help_known = help && *help != HelpStatus::kUnknown;
  const bool measures_known = measures && *measures != MeasuresStatus::kUnknown;
  if (help_known && measures_known)
    return result(id, Verdict::kFail, "not_stuck", std::move(facts));
  return result(id, Verdict::kUnknown, "not_known", std::move(facts));
}

}  // namespace

IFG_ENUM_TABLE(Verdict, {Verdict::kPass, "pass", {}}, {Verdict::kFail, "fail", {}},
               {Verdict::kUnknown, "unknown", {}});
IFG_ENUM_API(Verdict)

std::string_view to_string(Criterion c) {
  return kCriterionIds[static_cast<std::size_t>(c)];
}

const std::array<Criterion, kCriterionCount>& all_criteria() {
  static constexpr std::array<Criterion, kCriterionCount> kAll{Criterion::kProfessionalReferrer,
                                                               Criterion::kReferralChannel,
                                                               Criterion::kVeryUnsafe,
                                                               Criterion::kRegularInsufficient,
                                                               Criterion::kCombinedApproach,
                                                               Criterion::kMultipleDomains,
                                                               Criterion::kHelpStuck};
  return kAll;
}

Outcome outcome_of(std::span<const CriterionResult> criteria) {
  auto fails = [&](Criterion c) {
    return std::any_of(criteria.begin(), criteria.end(),
                       [&](const auto& r) { return r.id == c && r.verdict == Verdict::kFail; });
  };
  if (fails(Criterion::kProfessionalReferrer) || fails(Criterion::kReferralChannel))
    return Outcome::kInadmissible;
  if (std::any_of(criteria.begin(), criteria.end(),
                  [](const auto& r) { return r.verdict == Verdict::kFail; }))
    return Outcome::kNotEligible;
  if (std::any_of(criteria.begin(), criteria.end(),
                  [](const auto& r) { return r.verdict == Verdict::kUnknown; }))
    return Outcome::kIncomplete;
  return Outcome::kEligible;
}

RuleSet::RuleSet(ScreeningParams p, std::vector<Instrument> i)
    : params(std::move(p)),
      instruments(std::move(i)),
      version(ruleset_version(params, instruments)) {}

Screening screen(const Referral& referral, const ScreeningParams& params) {
  return screen(referral, RuleSet(params));
}

Screening screen(const Referral& referral, const RuleSet& rules) {
  return screen(referral, rules, {});
}

Screening screen(const Referral& referral, const RuleSet& rules,
                 std::span<const LatestRisk> latest) {
  const ScreeningParams& params = rules.params;
  Screening s;
  s.criteria = {professional_referrer(referral),
                referral_channel(referral),
                very_unsafe(referral, rules, latest),
                regular_insufficient(referral),
                combined_approach(referral, params),
                multiple_domains(referral, params),
                help_stuck(referral)};
  s.outcome = outcome_of(s.criteria);
  if (referral.safety &&
      (*referral.safety == Safety::kVeryUnsafe || *referral.safety == Safety::kUnsafe) &&
      !referral.crisis_partner) {
    std::vector<std::string> facts{std::string(to_string(*referral.safety))};
    s.warnings.push_back({"no_crisis_partner", *warning_text("no_crisis_partner", facts), facts});
  }
  s.ruleset = rules.version;
  return s;
}

namespace {

/// An instrument as the rule set sees it: what decides a level, not its texts.
std::string canonical_instrument(const Instrument& i) {
  std::vector<std::string> roles, items;
  for (PersonRole r : i.applies_to) roles.push_back(fmt::format("\"{}\"", to_string(r)));
  for (const auto& item : i.items)
    items.push_back(fmt::format("[\"{}\",{}]", item.id, item.weight));
  return fmt::format(R"({{"applies_to":[{}],"id":"{}","items":[{}],"threshold":{}}})",
                     fmt::join(roles, ","), i.id, fmt::join(items, ","), i.threshold);
}

}  // namespace

std::string canonical_params(const ScreeningParams& params,
                             std::span<const Instrument> instruments) {
  auto sorted = [](const std::vector<Sector>& sectors) {
    std::set<std::string_view> names;  // sorted, each once
    for (Sector s : sectors) names.insert(to_string(s));
    std::vector<std::string> quoted;
    for (auto name : names) quoted.push_back(fmt::format("\"{}\"", name));
    return fmt::format("[{}]", fmt::join(quoted, ","));
  };
  std::string with;  // no instruments: the text (and version) of the parameters alone
  if (!instruments.empty()) {
    std::vector<std::string> each;
    for (const auto& i : instruments) each.push_back(canonical_instrument(i));
    with = fmt::format(R"("instruments":[{}],)", fmt::join(each, ","));
  }
  return fmt::format(R"({{"care_sectors":{},{}"min_life_domains":{},"security_sectors":{}}})",
                     sorted(params.care_sectors), with, params.min_life_domains,
                     sorted(params.security_sectors));
}

std::string ruleset_version(const ScreeningParams& params,
                            std::span<const Instrument> instruments) {
  return detail::sha256_hex(canonical_params(params, instruments)).substr(0, 8);
}

}  // namespace ifg
