#include "ifg/screening.h"

#include <algorithm>
#include <set>

#include "crypto.h"
#include "enum_table.h"
#include "ifg/error.h"

namespace ifg {

namespace {

constexpr std::array<std::string_view, kCriterionCount> kCriterionIds{
    "professional_referrer", "referral_channel", "very_unsafe", "regular_insufficient",
    "combined_approach",     "multiple_domains", "help_stuck"};

template <class T, class F>
std::string join(const T& items, F&& name, std::string_view sep = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += name(item);
  }
  return out;
}

std::string sector_list(const std::vector<Sector>& sectors) {
  return join(sectors, [](Sector s) { return std::string(to_string(s)); });
}

CriterionResult professional_referrer(const Referral& r) {
  if (r.referrer.kind == ReferrerKind::kProfessional)
    return {Criterion::kProfessionalReferrer, Verdict::kPass, "referred by a professional"};
  return {Criterion::kProfessionalReferrer, Verdict::kFail,
          "referred by a citizen: only a professional can refer; point the citizen to 1712 "
          "(www.1712.be), the helpline for questions about violence and abuse"};
}

CriterionResult referral_channel(const Referral& r) {
  const auto id = Criterion::kReferralChannel;
  if (!r.channel) return {id, Verdict::kUnknown, "the channel the referral came through is not given"};
  if (*r.channel == Channel::kNone)
    return {id, Verdict::kFail,
            "channel is none: the referral did not come via a care partner (vk, caw, opgroeien, "
            "ggz), police or justice"};
  return {id, Verdict::kPass, "came in via " + std::string(to_string(*r.channel))};
}

CriterionResult very_unsafe(const Referral& r) {
  const auto id = Criterion::kVeryUnsafe;
  if (!r.safety) return {id, Verdict::kUnknown, "safety is not given"};
  switch (*r.safety) {
    case Safety::kVeryUnsafe:
      return {id, Verdict::kPass, "the family situation is judged very unsafe (safety = very_unsafe)"};
    case Safety::kUnknown:
      return {id, Verdict::kUnknown, "safety is judged unknown"};
    default:
      return {id, Verdict::kFail,
              "safety is " + std::string(to_string(*r.safety)) + ", not very_unsafe"};
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
            "needs care (" + sector_list(care) + ") and security (" + sector_list(security) +
                ") sectors together"};
  if (care.empty() && security.empty())
    return {id, Verdict::kFail,
            "sectors_needed (" + sector_list(r.sectors_needed) + ") holds no care sector (" +
                sector_list(p.care_sectors) + ") and no security sector (" +
                sector_list(p.security_sectors) + ")"};
  if (care.empty())
    return {id, Verdict::kFail,
            "needs only security sectors (" + sector_list(security) + "), no care sector (" +
                sector_list(p.care_sectors) + ")"};
  return {id, Verdict::kFail,
          "needs only care sectors (" + sector_list(care) + "), no security sector (" +
              sector_list(p.security_sectors) + ")"};
}

CriterionResult multiple_domains(const Referral& r, const ScreeningParams& p) {
  const auto id = Criterion::kMultipleDomains;
  std::vector<std::string> distinct;
  for (const auto& d : r.life_domains)
    if (std::find(distinct.begin(), distinct.end(), d) == distinct.end()) distinct.push_back(d);
  if (distinct.empty()) return {id, Verdict::kUnknown, "life_domains is not given"};
  const auto n = static_cast<int>(distinct.size());
  const std::string list = join(distinct, [](const std::string& s) { return s; });
  const std::string counted =
      std::to_string(n) + (n == 1 ? " life domain: " : " life domains: ") + list;
  if (n >= p.min_life_domains) return {id, Verdict::kPass, counted};
  return {id, Verdict::kFail,
          counted + "; at least " + std::to_string(p.min_life_domains) + " are needed"};
}

CriterionResult help_stuck(const Referral& r) {
  const auto id = Criterion::kHelpStuck;
  const auto help = r.help_status;
  const auto measures = r.measures_status;
  if (help && (*help == HelpStatus::kStuck || *help == HelpStatus::kNoPerspective))
    return {id, Verdict::kPass,
            "existing help is " + std::string(to_string(*help)) + " (help_status)"};
  if (measures &&
      (*measures == MeasuresStatus::kDifficult || *measures == MeasuresStatus::kNoPerspective))
    return {id, Verdict::kPass,
            "judicial or administrative measures are " + std::string(to_string(*measures)) +
                " (measures_status)"};
  auto describe = [](auto v, std::string_view key) {
    return std::string(key) + " is " + (v ? std::string(to_string(*v)) : "not given");
  };
  const std::string facts =
      describe(help, "help_status") + " and " + describe(measures, "measures_status");
  const bool help_known = help && *help != HelpStatus::kUnknown;
  const bool measures_known = measures && *measures != MeasuresStatus::kUnknown;
  if (help_known && measures_known)
    return {id, Verdict::kFail, facts + ": existing help is not stuck and measures are not difficult"};
  return {id, Verdict::kUnknown, facts + ": not enough is known to judge whether help is stuck"};
}

}  // namespace

IFG_ENUM_TABLE(Verdict, {Verdict::kPass, "pass", {}}, {Verdict::kFail, "fail", {}},
               {Verdict::kUnknown, "unknown", {}});
IFG_ENUM_API(Verdict)

std::string_view to_string(Criterion c) { return kCriterionIds[static_cast<std::size_t>(c)]; }

const std::array<Criterion, kCriterionCount>& all_criteria() {
  static constexpr std::array<Criterion, kCriterionCount> kAll{
      Criterion::kProfessionalReferrer, Criterion::kReferralChannel,
      Criterion::kVeryUnsafe,           Criterion::kRegularInsufficient,
      Criterion::kCombinedApproach,     Criterion::kMultipleDomains,
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

Screening screen(const Referral& referral, const ScreeningParams& params) {
  Screening s;
  s.criteria = {professional_referrer(referral), referral_channel(referral),
                very_unsafe(referral),           regular_insufficient(referral),
                combined_approach(referral, params), multiple_domains(referral, params),
                help_stuck(referral)};
  s.outcome = outcome_of(s.criteria);
  if (referral.safety &&
      (*referral.safety == Safety::kVeryUnsafe || *referral.safety == Safety::kUnsafe) &&
      !referral.crisis_partner)
    s.warnings.push_back(
        {"no_crisis_partner",
         "safety is " + std::string(to_string(*referral.safety)) +
             " and no crisis_partner is recorded: each partner stays responsible for its own "
             "crisis interventions while the case is screened"});
  s.ruleset = ruleset_version(params);
  return s;
}

std::string canonical_params(const ScreeningParams& params) {
  auto sorted = [](const std::vector<Sector>& v) {
    std::set<std::string> names;
    for (Sector s : v) names.insert(std::string(to_string(s)));
    return "[" + join(names, [](const std::string& n) { return "\"" + n + "\""; }, ",") + "]";
  };
  return "{\"care_sectors\":" + sorted(params.care_sectors) +
         ",\"min_life_domains\":" + std::to_string(params.min_life_domains) +
         ",\"security_sectors\":" + sorted(params.security_sectors) + "}";
}

std::string ruleset_version(const ScreeningParams& params) {
  return detail::sha256_hex(canonical_params(params)).substr(0, 8);
}

}  // namespace ifg
