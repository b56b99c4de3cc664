#include "ifg/screening.h"

#include <algorithm>
#include <set>

#include "crypto.h"
#include "enum_table.h"
#include "format.h"
#include "ifg/error.h"

namespace ifg {

namespace {

constexpr std::array<std::string_view, kCriterionCount> kCriterionIds{
    "professional_referrer", "referral_channel", "very_unsafe", "regular_insufficient",
    "combined_approach",     "multiple_domains", "help_stuck"};

CriterionResult professional_referrer(const Referral& r) {
  if (r.referrer.kind == ReferrerKind::kProfessional)
    return {Criterion::kProfessionalReferrer, Verdict::kPass, "referred by a professional"};
  return {Criterion::kProfessionalReferrer, Verdict::kFail,
          "referred by a citizen: only a professional can refer; point the citizen to 1712 "
          "(www.1712.be), the helpline for questions about violence and abuse"};
}

CriterionResult referral_channel(const Referral& r) {
  const auto id = Criterion::kReferralChannel;
  if (!r.channel)
    return {id, Verdict::kUnknown, "the channel the referral came through is not given"};
  if (*r.channel == Channel::kNone)
    return {id, Verdict::kFail,
            "channel is none: the referral did not come via a care partner (vk, caw, opgroeien, "
            "ggz), police or justice"};
  return {id, Verdict::kPass, fmt::format("came in via {}", *r.channel)};
}

CriterionResult very_unsafe(const Referral& r) {
  const auto id = Criterion::kVeryUnsafe;
  if (!r.safety) return {id, Verdict::kUnknown, "safety is not given"};
  switch (*r.safety) {
    case Safety::kVeryUnsafe:
      return {id, Verdict::kPass,
              "the family situation is judged very unsafe (safety = very_unsafe)"};
    case Safety::kUnknown:
      return {id, Verdict::kUnknown, "safety is judged unknown"};
    default:
      return {id, Verdict::kFail, fmt::format("safety is {}, not very_unsafe", *r.safety)};
  }
}

CriterionResult regular_insufficient(const Referral& r) {
  const auto id = Criterion::kRegularInsufficient;
  if (!r.regular_cooperation_sufficient)
    return {id, Verdict::kUnknown, "regular_cooperation_sufficient is not given"};
  if (*r.regular_cooperation_sufficient)
    return {id, Verdict::kFail,
            "the regular forms of cooperation are sufficient (regular_cooperation_sufficient = "
            "true)"};
  return {id, Verdict::kPass,
          "the regular forms of cooperation are not sufficient (regular_cooperation_sufficient = "
          "false)"};
}

bool contains(const std::vector<Sector>& set, Sector s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

CriterionResult combined_approach(const Referral& r, const ScreeningParams& p) {
  const auto id = Criterion::kCombinedApproach;
  if (r.sectors_needed.empty()) return {id, Verdict::kUnknown, "sectors_needed is not given"};
  std::vector<Sector> care, security;
  for (Sector s : r.sectors_needed) {
    if (contains(p.care_sectors, s) && !contains(care, s)) care.push_back(s);
    if (contains(p.security_sectors, s) && !contains(security, s)) security.push_back(s);
  }
  if (!care.empty() && !security.empty())
    return {id, Verdict::kPass,
            fmt::format("needs care ({}) and security ({}) sectors together", fmt::join(care, ", "),
                        fmt::join(security, ", "))};
  if (care.empty() && security.empty())
    return {id, Verdict::kFail,
            fmt::format("sectors_needed ({}) holds no care sector ({}) and no security sector ({})",
                        fmt::join(r.sectors_needed, ", "), fmt::join(p.care_sectors, ", "),
                        fmt::join(p.security_sectors, ", "))};
  if (care.empty())
    return {id, Verdict::kFail,
            fmt::format("needs only security sectors ({}), no care sector ({})",
                        fmt::join(security, ", "), fmt::join(p.care_sectors, ", "))};
  return {id, Verdict::kFail,
          fmt::format("needs only care sectors ({}), no security sector ({})",
                      fmt::join(care, ", "), fmt::join(p.security_sectors, ", "))};
}

CriterionResult multiple_domains(const Referral& r, const ScreeningParams& p) {
  const auto id = Criterion::kMultipleDomains;
  std::vector<std::string> distinct;
  for (const auto& d : r.life_domains)
    if (std::find(distinct.begin(), distinct.end(), d) == distinct.end()) distinct.push_back(d);
  if (distinct.empty()) return {id, Verdict::kUnknown, "life_domains is not given"};
  const auto n = static_cast<int>(distinct.size());
  const std::string counted = fmt::format("{} {}: {}", n, n == 1 ? "life domain" : "life domains",
                                          fmt::join(distinct, ", "));
  if (n >= p.min_life_domains) return {id, Verdict::kPass, counted};
  return {id, Verdict::kFail,
          fmt::format("{}; at least {} are needed", counted, p.min_life_domains)};
}

CriterionResult help_stuck(const Referral& r) {
  const auto id = Criterion::kHelpStuck;
  const auto help = r.help_status;
  const auto measures = r.measures_status;
  if (help && (*help == HelpStatus::kStuck || *help == HelpStatus::kNoPerspective))
    return {id, Verdict::kPass, fmt::format("existing help is {} (help_status)", *help)};
  if (measures &&
      (*measures == MeasuresStatus::kDifficult || *measures == MeasuresStatus::kNoPerspective))
    return {id, Verdict::kPass,
            fmt::format("judicial or administrative measures are {} (measures_status)", *measures)};
  auto describe = [](auto v, std::string_view key) {
    return v ? fmt::format("{} is {}", key, *v) : fmt::format("{} is not given", key);
  };
  const std::string facts = fmt::format("{} and {}", describe(help, "help_status"),
                                        describe(measures, "measures_status"));
  const bool help_known = help && *help != HelpStatus::kUnknown;
  const bool measures_known = measures && *measures != MeasuresStatus::kUnknown;
  if (help_known && measures_known)
    return {id, Verdict::kFail,
            fmt::format("{}: existing help is not stuck and measures are not difficult", facts)};
  return {id, Verdict::kUnknown,
          fmt::format("{}: not enough is known to judge whether help is stuck", facts)};
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

RuleSet::RuleSet(ScreeningParams p) : params(std::move(p)), version(ruleset_version(params)) {}

Screening screen(const Referral& referral, const ScreeningParams& params) {
  return screen(referral, RuleSet(params));
}

Screening screen(const Referral& referral, const RuleSet& rules) {
  const ScreeningParams& params = rules.params;
  Screening s;
  s.criteria = {professional_referrer(referral),
                referral_channel(referral),
                very_unsafe(referral),
                regular_insufficient(referral),
                combined_approach(referral, params),
                multiple_domains(referral, params),
                help_stuck(referral)};
  s.outcome = outcome_of(s.criteria);
  if (referral.safety &&
      (*referral.safety == Safety::kVeryUnsafe || *referral.safety == Safety::kUnsafe) &&
      !referral.crisis_partner)
    s.warnings.push_back(
        {"no_crisis_partner",
         fmt::format("safety is {} and no crisis_partner is recorded: each partner stays "
                     "responsible for its own crisis interventions while the case is screened",
                     *referral.safety)});
  s.ruleset = rules.version;
  return s;
}

std::string canonical_params(const ScreeningParams& params) {
  auto sorted = [](const std::vector<Sector>& sectors) {
    std::set<std::string_view> names;  // sorted, each once
    for (Sector s : sectors) names.insert(to_string(s));
    std::vector<std::string> quoted;
    for (auto name : names) quoted.push_back(fmt::format("\"{}\"", name));
    return fmt::format("[{}]", fmt::join(quoted, ","));
  };
  return fmt::format(R"({{"care_sectors":{},"min_life_domains":{},"security_sectors":{}}})",
                     sorted(params.care_sectors), params.min_life_domains,
                     sorted(params.security_sectors));
}

std::string ruleset_version(const ScreeningParams& params) {
  return detail::sha256_hex(canonical_params(params)).substr(0, 8);
}

}  // namespace ifg
