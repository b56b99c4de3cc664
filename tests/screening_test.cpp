// SPDX-License-Identifier: EUPL-1.2
// The seven criteria (pass / fail / unknown each), the outcome order, the
// warning and the rule-set version (docs/screening.md).
#include "ifg/screening.h"
#include "ifg/i18n.h"

#include "catch.hpp"
#include "fixtures.h"

using namespace ifg;

namespace {

/// A referral that passes all seven criteria; tests change one fact at a time.
Referral eligible() {
  Referral r = test::eligible_referral("T-1");
  r.measures_status = MeasuresStatus::kProgressing;
  r.persons.clear();
  return r;
}

const CriterionResult& criterion(const Screening& s, Criterion c) {
  return s.criteria.at(static_cast<std::size_t>(c));
}

Verdict verdict(const Referral& r, Criterion c, const ScreeningParams& p = {}) {
  return criterion(screen(r, p), c).verdict;
}

}  // namespace

TEST_CASE("an eligible referral passes all seven criteria in order", "[screening]") {
  const Screening s = screen(eligible(), {});
  REQUIRE(s.criteria.size() == 7);
  for (std::size_t i = 0; i < 7; ++i) {
    CHECK(s.criteria[i].id == all_criteria()[i]);
    CHECK(s.criteria[i].verdict == Verdict::kPass);
    CHECK_FALSE(s.criteria[i].reason.empty());
  }
  CHECK(s.outcome == Outcome::kEligible);
  CHECK(s.warnings.empty());
  CHECK(to_string(Criterion::kProfessionalReferrer) == "professional_referrer");
  CHECK(to_string(Criterion::kHelpStuck) == "help_stuck");
}

TEST_CASE("criterion 1 professional_referrer", "[screening]") {
  auto r = eligible();
  CHECK(verdict(r, Criterion::kProfessionalReferrer) == Verdict::kPass);
  r.referrer.kind = ReferrerKind::kCitizen;
  const Screening s = screen(r, {});
  CHECK(criterion(s, Criterion::kProfessionalReferrer).verdict == Verdict::kFail);
  CHECK_THAT(criterion(s, Criterion::kProfessionalReferrer).reason, Catch::Contains("1712"));
  CHECK(s.outcome == Outcome::kInadmissible);
}

TEST_CASE("criterion 2 referral_channel", "[screening]") {
  auto r = eligible();
  for (Channel c : {Channel::kVk, Channel::kCaw, Channel::kOpgroeien, Channel::kGgz,
                    Channel::kJustitiehuis, Channel::kPolitie, Channel::kParket}) {
    r.channel = c;
    CHECK(verdict(r, Criterion::kReferralChannel) == Verdict::kPass);
  }
  r.channel = Channel::kVk;
  CHECK_THAT(criterion(screen(r, {}), Criterion::kReferralChannel).reason, Catch::Contains("vk"));
  r.channel = Channel::kNone;
  CHECK(verdict(r, Criterion::kReferralChannel) == Verdict::kFail);
  CHECK(screen(r, {}).outcome == Outcome::kInadmissible);
  r.channel.reset();
  CHECK(verdict(r, Criterion::kReferralChannel) == Verdict::kUnknown);
  CHECK(screen(r, {}).outcome == Outcome::kIncomplete);
}

TEST_CASE("criterion 3 very_unsafe", "[screening]") {
  auto r = eligible();
  r.safety = Safety::kUnsafe;
  CHECK(verdict(r, Criterion::kVeryUnsafe) == Verdict::kFail);
  r.safety = Safety::kSafe;
  CHECK(verdict(r, Criterion::kVeryUnsafe) == Verdict::kFail);
  CHECK(screen(r, {}).outcome == Outcome::kNotEligible);
  r.safety = Safety::kUnknown;
  CHECK(verdict(r, Criterion::kVeryUnsafe) == Verdict::kUnknown);
  r.safety.reset();
  CHECK(verdict(r, Criterion::kVeryUnsafe) == Verdict::kUnknown);
  CHECK(screen(r, {}).outcome == Outcome::kIncomplete);
}

TEST_CASE("criterion 3 passes on a high latest risk assessment when instruments are configured",
          "[screening][risk]") {
  auto r = eligible();
  r.safety = Safety::kUnsafe;
  const Instrument checklist{"rc-x", "X", {PersonRole::kVictim}, 4, {{"a", "A", 4}}};
  const RuleSet with(ScreeningParams{}, {checklist});
  const LatestRisk standard{1, 1, "rc-x", {2026, 11, 3}, RiskLevel::kStandard};
  const LatestRisk high{2, 3, "rc-x", {2026, 11, 20}, RiskLevel::kHigh};
  const LatestRisk earlier_high{4, 2, "rc-x", {2026, 11, 4}, RiskLevel::kHigh};

  CHECK(criterion(screen(r, with, std::vector{standard}), Criterion::kVeryUnsafe).verdict ==
        Verdict::kFail);
  const Screening s = screen(r, with, std::vector{standard, high, earlier_high});
  const CriterionResult& c = criterion(s, Criterion::kVeryUnsafe);
  CHECK(c.verdict == Verdict::kPass);
  CHECK(c.code == "assessed_high");  // the lowest person number of the high ones is named
  CHECK(c.facts == std::vector<std::string>{"4", "2", "rc-x", "2026-11-04"});
  CHECK(c.reason ==
        "the latest risk assessment of a victim or child is high: assessment 4, of person 2 "
        "with rc-x on 2026-11-04");
  CHECK(reason_of(Criterion::kVeryUnsafe, c.reason) == std::pair{c.code, c.facts});
  r.safety.reset();  // an assessment settles what the referral leaves open
  CHECK(criterion(screen(r, with, std::vector{high}), Criterion::kVeryUnsafe).verdict ==
        Verdict::kPass);
  r.safety = Safety::kVeryUnsafe;  // the referral's own judgement comes first
  CHECK(criterion(screen(r, with, std::vector{high}), Criterion::kVeryUnsafe).code ==
        "very_unsafe");
  r.safety = Safety::kUnsafe;  // without instruments the rule set does not read assessments
  CHECK(criterion(screen(r, RuleSet(ScreeningParams{}), std::vector{high}), Criterion::kVeryUnsafe)
            .verdict == Verdict::kFail);
}

TEST_CASE("criterion 4 regular_insufficient", "[screening]") {
  auto r = eligible();
  r.regular_cooperation_sufficient = true;
  CHECK(verdict(r, Criterion::kRegularInsufficient) == Verdict::kFail);
  CHECK(screen(r, {}).outcome == Outcome::kNotEligible);
  r.regular_cooperation_sufficient.reset();
  CHECK(verdict(r, Criterion::kRegularInsufficient) == Verdict::kUnknown);
}

TEST_CASE("criterion 5 combined_approach needs a care and a security sector", "[screening]") {
  auto r = eligible();
  r.sectors_needed = {Sector::kHealth, Sector::kJustice};
  CHECK(verdict(r, Criterion::kCombinedApproach) == Verdict::kPass);
  r.sectors_needed = {Sector::kWelfare, Sector::kHealth};
  CHECK(verdict(r, Criterion::kCombinedApproach) == Verdict::kFail);
  CHECK_THAT(criterion(screen(r, {}), Criterion::kCombinedApproach).reason,
             Catch::Contains("no security sector"));
  r.sectors_needed = {Sector::kPolice};
  CHECK(verdict(r, Criterion::kCombinedApproach) == Verdict::kFail);
  r.sectors_needed.clear();
  CHECK(verdict(r, Criterion::kCombinedApproach) == Verdict::kUnknown);

  SECTION("the sector sets come from the parameters") {
    ScreeningParams p;
    p.care_sectors = {Sector::kWelfare};
    p.security_sectors = {Sector::kPolice};
    r.sectors_needed = {Sector::kHealth, Sector::kJustice};
    CHECK(verdict(r, Criterion::kCombinedApproach, p) == Verdict::kFail);
    r.sectors_needed = {Sector::kWelfare, Sector::kPolice};
    CHECK(verdict(r, Criterion::kCombinedApproach, p) == Verdict::kPass);
  }
}

TEST_CASE("criterion 6 multiple_domains counts distinct codes against min_life_domains",
          "[screening]") {
  auto r = eligible();
  r.life_domains = {"housing", "finances", "mental"};
  const Screening s = screen(r, {});
  CHECK(criterion(s, Criterion::kMultipleDomains).verdict == Verdict::kPass);
  CHECK(criterion(s, Criterion::kMultipleDomains).reason ==
        "3 life domains: housing, finances, mental");
  r.life_domains = {"housing"};
  CHECK(verdict(r, Criterion::kMultipleDomains) == Verdict::kFail);
  r.life_domains = {"housing", "housing"};
  CHECK(verdict(r, Criterion::kMultipleDomains) == Verdict::kFail);
  r.life_domains.clear();
  CHECK(verdict(r, Criterion::kMultipleDomains) == Verdict::kUnknown);

  ScreeningParams three;
  three.min_life_domains = 3;
  r.life_domains = {"housing", "finances"};
  CHECK(verdict(r, Criterion::kMultipleDomains, three) == Verdict::kFail);
  r.life_domains = {"housing", "finances", "social"};
  CHECK(verdict(r, Criterion::kMultipleDomains, three) == Verdict::kPass);
}

TEST_CASE("criterion 7 help_stuck", "[screening]") {
  auto r = eligible();
  auto with = [&](std::optional<HelpStatus> h, std::optional<MeasuresStatus> m) {
    r.help_status = h;
    r.measures_status = m;
    return verdict(r, Criterion::kHelpStuck);
  };
  using H = HelpStatus;
  using M = MeasuresStatus;
  CHECK(with(H::kStuck, std::nullopt) == Verdict::kPass);
  CHECK(with(H::kNoPerspective, M::kUnknown) == Verdict::kPass);
  CHECK(with(std::nullopt, M::kDifficult) == Verdict::kPass);
  CHECK(with(H::kUnknown, M::kNoPerspective) == Verdict::kPass);
  CHECK(with(H::kProgressing, M::kProgressing) == Verdict::kFail);
  CHECK(with(H::kNone, M::kNone) == Verdict::kFail);
  CHECK(with(H::kProgressing, std::nullopt) == Verdict::kUnknown);
  CHECK(with(H::kProgressing, M::kUnknown) == Verdict::kUnknown);
  CHECK(with(std::nullopt, M::kNone) == Verdict::kUnknown);
  CHECK(with(std::nullopt, std::nullopt) == Verdict::kUnknown);
}

TEST_CASE("outcome order: inadmissible, then not_eligible, then incomplete", "[screening]") {
  auto r = eligible();
  r.referrer.kind = ReferrerKind::kCitizen;
  r.safety = Safety::kSafe;  // a fail of 3-7 does not hide inadmissibility
  r.life_domains.clear();    // nor does an unknown
  CHECK(screen(r, {}).outcome == Outcome::kInadmissible);

  r = eligible();
  r.channel.reset();           // unknown
  r.safety = Safety::kUnsafe;  // fail
  CHECK(screen(r, {}).outcome == Outcome::kNotEligible);

  r = eligible();
  r.channel = Channel::kNone;  // criterion 2 fails: inadmissible even with unknowns
  r.help_status.reset();
  r.measures_status.reset();
  CHECK(screen(r, {}).outcome == Outcome::kInadmissible);
}

TEST_CASE("outcome_of works on any verdict list", "[screening]") {
  std::vector<CriterionResult> v;
  for (Criterion c : all_criteria()) v.push_back({c, Verdict::kPass, "x"});
  CHECK(outcome_of(v) == Outcome::kEligible);
  v[6].verdict = Verdict::kUnknown;
  CHECK(outcome_of(v) == Outcome::kIncomplete);
  v[3].verdict = Verdict::kFail;
  CHECK(outcome_of(v) == Outcome::kNotEligible);
  v[1].verdict = Verdict::kFail;
  CHECK(outcome_of(v) == Outcome::kInadmissible);
}

TEST_CASE("no_crisis_partner warns when (very) unsafe without a crisis partner", "[screening]") {
  auto r = eligible();
  r.crisis_partner.reset();
  Screening s = screen(r, {});
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].code == "no_crisis_partner");
  CHECK_THAT(s.warnings[0].message, Catch::Contains("crisis"));
  CHECK(s.outcome == Outcome::kEligible);  // warnings never change the outcome

  r.safety = Safety::kUnsafe;
  CHECK(screen(r, {}).warnings.size() == 1);
  r.safety = Safety::kSafe;
  CHECK(screen(r, {}).warnings.empty());
  r.safety.reset();
  CHECK(screen(r, {}).warnings.empty());
  r.safety = Safety::kVeryUnsafe;
  r.crisis_partner = PartnerKind::kNetwork;
  CHECK(screen(r, {}).warnings.empty());
}

TEST_CASE("the rule-set version hashes the parameters canonically", "[screening]") {
  ScreeningParams a;
  ScreeningParams b;
  b.care_sectors = {Sector::kHealth, Sector::kWelfare};
  b.security_sectors = {Sector::kJustice, Sector::kPolice};
  CHECK(ruleset_version(a) == ruleset_version(b));
  CHECK(ruleset_version(a).size() == 8);
  CHECK(
      canonical_params(a) ==
      R"({"care_sectors":["health","welfare"],"min_life_domains":2,"security_sectors":["justice","police"]})");
  // SHA-256 of the canonical text above, first 8 hex digits (computed with sha256sum).
  CHECK(ruleset_version(a) == "8298aa8f");
  ScreeningParams c;
  c.min_life_domains = 3;
  CHECK(ruleset_version(c) != ruleset_version(a));
  ScreeningParams d;
  d.care_sectors = {Sector::kWelfare};
  CHECK(ruleset_version(d) != ruleset_version(a));
  CHECK(screen(eligible(), c).ruleset == ruleset_version(c));
}

TEST_CASE("instruments are part of the rule-set version; without them it stays the same",
          "[screening][risk]") {
  const ScreeningParams p;
  Instrument i{"rc-x", "X", {PersonRole::kVictim}, 4, {{"a", "A", 4}, {"b", "B", 1}}};
  CHECK(ruleset_version(p, {}) == ruleset_version(p));
  CHECK(RuleSet(p).version == "8298aa8f");
  CHECK(
      canonical_params(p, std::vector{i}) ==
      R"({"care_sectors":["health","welfare"],"instruments":[{"applies_to":["victim"],"id":"rc-x",)"
      R"("items":[["a",4],["b",1]],"threshold":4}],"min_life_domains":2,)"
      R"("security_sectors":["justice","police"]})");
  const std::string v = RuleSet(p, {i}).version;
  CHECK(v != ruleset_version(p));
  CHECK(screen(eligible(), RuleSet(p, {i})).ruleset == v);
  Instrument reworded = i;  // texts do not decide a level
  reworded.name = "Y";
  reworded.items[0].text = "Another wording";
  CHECK(ruleset_version(p, std::vector{reworded}) == v);
  Instrument weighed = i;
  weighed.items[1].weight = 2;
  CHECK(ruleset_version(p, std::vector{weighed}) != v);
  Instrument stricter = i;
  stricter.threshold = 5;
  CHECK(ruleset_version(p, std::vector{stricter}) != v);
  Instrument wider = i;
  wider.applies_to.push_back(PersonRole::kChild);
  CHECK(ruleset_version(p, std::vector{wider}) != v);
}

TEST_CASE("reasons are written in the reader's language from their code and facts",
          "[screening][language]") {
  const auto c = Criterion::kMultipleDomains;
  CHECK(reason_text(c, "counted", {"1", "housing"}) == "1 life domain: housing");
  CHECK(reason_text(c, "counted", {"2", "housing,finances"}) ==
        "2 life domains: housing, finances");
  set_language(Language::kDutch);
  CHECK(reason_text(c, "counted", {"1", "housing"}) == "1 leefdomein: housing");
  CHECK(reason_text(c, "counted", {"2", "housing,finances"}) ==
        "2 leefdomeinen: housing, finances");
  CHECK(reason_text(Criterion::kReferralChannel, "via", {"caw"}) == "binnengekomen via caw");
  CHECK(reason_text(Criterion::kHelpStuck, "not_known", {"", "unknown"})->find("niet opgegeven") !=
        std::string::npos);
  // A sentence stored by schema 5 is English, and is read back in English in any language.
  const auto back = reason_of(c, "2 life domains: housing, finances");
  set_language(Language::kEnglish);
  REQUIRE(back);
  CHECK(back->first == "counted");
  CHECK(back->second == std::vector<std::string>{"2", "housing,finances"});
}

TEST_CASE("a reason's facts have names for JSON", "[screening][language]") {
  const auto p = reason_params(Criterion::kMultipleDomains, "too_few", {"1", "housing", "2"});
  REQUIRE(p.size() == 3);
  CHECK(p[0].name == "count");
  CHECK_FALSE(p[0].list);
  CHECK(p[1].name == "life_domains");
  CHECK(p[1].list);
  CHECK(p[2].name == "minimum");
  CHECK(reason_params(std::nullopt, "no_crisis_partner", {"very_unsafe"})[0].name == "safety");
  CHECK(reason_params(Criterion::kReferralChannel, "no_such_code", {"x"}).empty());
}
