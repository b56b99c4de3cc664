// SPDX-License-Identifier: EUPL-1.2
// How a screening is stored since schema 6 (lib/stored_screening.h,
// lib/reasons.cpp): each reason as a code and facts, written as a sentence
// again when read. Every sentence the screening writes reads back into its
// code and facts; a stored screening reads back equal to what was screened; a
// schema-5 screening (sentences) is recoded without losing a character; the
// parameters of a rule-set version are found from the version alone; and
// screening again under a stored rule set gives the stored verdicts.
#include "stored_screening.h"
#include "catch.hpp"
#include "fixtures.h"
#include "ifg/json.h"
#include "ifg/screening.h"
#include "ifg/service.h"
#include "store.h"
#include "store_fixtures.h"

using namespace ifg;

namespace {

/// Referrals that between them reach every reason and the warning.
std::vector<Referral> variety() {
  std::vector<Referral> out;
  const Referral base = test::eligible_referral("V");
  auto add = [&](auto change) {
    Referral r = base;
    change(r);
    out.push_back(r);
  };
  add([](Referral&) {});
  add([](Referral& r) {
    r.referrer.kind = ReferrerKind::kCitizen;
    r.channel = Channel::kNone;
    r.safety = Safety::kUnsafe;
    r.crisis_partner.reset();
    r.regular_cooperation_sufficient = true;
    r.sectors_needed = {Sector::kWelfare, Sector::kHealth};
    r.life_domains = {"housing"};
    r.help_status = HelpStatus::kProgressing;
    r.measures_status = MeasuresStatus::kNone;
  });
  add([](Referral& r) {
    r.channel.reset();
    r.safety.reset();
    r.regular_cooperation_sufficient.reset();
    r.sectors_needed.clear();
    r.life_domains.clear();
    r.help_status.reset();
    r.measures_status.reset();
  });
  add([](Referral& r) {
    r.safety = Safety::kUnknown;
    r.sectors_needed = {Sector::kPolice, Sector::kJustice};
    r.help_status = HelpStatus::kUnknown;
    r.measures_status = MeasuresStatus::kDifficult;
  });
  add([](Referral& r) {
    r.safety = Safety::kSafe;
    r.help_status.reset();
    r.measures_status = MeasuresStatus::kProgressing;
    r.life_domains = {"housing", "finances", "social", "mental"};
  });
  return out;
}

ScreeningParams strict() {
  ScreeningParams p;
  p.min_life_domains = 3;
  p.care_sectors = {Sector::kWelfare, Sector::kHealth};  // not in the canonical (sorted) order
  p.security_sectors = {Sector::kJustice};
  return p;
}

}  // namespace

TEST_CASE("every reason sentence reads back into its code and facts", "[stored_screening]") {
  std::set<std::string> codes;
  for (const auto& params : {ScreeningParams{}, strict()})
    for (const auto& r : variety()) {
      const Screening s = screen(r, params);
      for (const auto& c : s.criteria) {
        INFO(to_string(c.id) << ": " << c.reason);
        codes.insert(std::string(to_string(c.id)) + "/" + c.code);
        CHECK(reason_text(c.id, c.code, c.facts) == c.reason);
        const auto back = reason_of(c.id, c.reason);
        REQUIRE(back);
        CHECK(back->first == c.code);
        CHECK(back->second == c.facts);
      }
      for (const auto& w : s.warnings)
        CHECK(warning_facts_of(w.code, w.message) == std::optional(w.facts));
    }
  CHECK(codes.size() >= 20);  // most of the 24 reasons were reached
  CHECK_FALSE(reason_of(Criterion::kReferralChannel, "came in by post"));
  CHECK_FALSE(reason_text(Criterion::kReferralChannel, "via", {}));  // a fact is missing
  CHECK_FALSE(reason_text(Criterion::kVeryUnsafe, "via", {"caw"}));  // another criterion's
}

TEST_CASE("a stored screening reads back equal to what was screened", "[stored_screening]") {
  for (const auto& r : variety()) {
    const Screening s = screen(r, strict());
    const std::string stored = detail::encode_screening(s);
    INFO(stored);
    CHECK(stored.size() < 300);
    CHECK(detail::decode_screening(stored, s.outcome, s.ruleset, "ANT-2026-0001").criteria ==
          s.criteria);
    CHECK(detail::decode_screening(stored, s.outcome, s.ruleset, "ANT-2026-0001").warnings ==
          s.warnings);
  }
  CHECK(test::code_of([] { detail::decode_screening("{}", Outcome::kEligible, "x", "C-1"); }) ==
        ErrorCode::kInternal);
}

TEST_CASE("a schema-5 screening is recoded without losing a character", "[stored_screening]") {
  for (const auto& r : variety()) {
    const Screening s = screen(r, strict());
    // What schema 5 stored: the result's outcome, rule set, criteria and warnings.
    const std::string schema5 = to_json(s);
    const auto coded = detail::recode_screening(schema5);
    REQUIRE(coded);
    const Screening back = detail::decode_screening(*coded, s.outcome, s.ruleset, "C-1");
    CHECK(to_json(back) == schema5);
  }
  CHECK_FALSE(detail::recode_screening(
      R"({"outcome":"eligible","ruleset":"x","criteria":[{"id":"professional_referrer",)"
      R"("verdict":"pass","reason":"a sentence of another version"}],"warnings":[]})"));
}

TEST_CASE("the parameters of a rule-set version are found from the version alone",
          "[stored_screening]") {
  const ScreeningParams p = strict();
  const auto found = detail::find_canonical_params(ruleset_version(p));
  REQUIRE(found);
  CHECK(*found == canonical_params(p));
  CHECK(ruleset_version(detail::parse_canonical_params(*found)) == ruleset_version(p));
  CHECK_FALSE(detail::find_canonical_params("00000000"));
}

TEST_CASE("screening again under a stored rule set gives the stored verdicts",
          "[stored_screening]") {
  const test::ScratchDir scratch("stored-screening-test");
  const std::string db = scratch.path("ifg.db");
  Config c = test::two_regions();
  c.screening = strict();
  std::vector<std::string> ids;
  {
    ServiceOptions o;
    o.db_path = db;
    o.create = true;
    o.clock = [] { return *parse_timestamp("2026-11-28T10:00:00Z"); };
    Service s(o);
    s.init(c, std::nullopt);
    int n = 0;
    for (Referral r : variety()) {
      r.external_ref = "S" + std::to_string(++n);
      ids.push_back(s.register_referral("coord.ant", r));
      s.screen("coord.ant", ids.back());
    }
    s.init(test::two_regions(), "coord.ant");  // the rules change; the stored ones remain
  }
  detail::Store st(db, false, 1000);
  for (const auto& id : ids) {
    const auto row = st.case_row(id);
    REQUIRE(row);
    const auto canonical = st.ruleset(*row->ruleset);
    REQUIRE(canonical);
    const Screening stored =
        detail::decode_screening(*row->screening_json, *row->outcome, *row->ruleset, id);
    ServiceOptions o;
    o.db_path = db;
    const Referral r = *Service(o).referral("coord.ant", id);
    const Screening again = screen(r, detail::parse_canonical_params(*canonical));
    CHECK(again.outcome == stored.outcome);
    CHECK(again.ruleset == stored.ruleset);
    for (std::size_t i = 0; i < again.criteria.size(); ++i) {
      // The verdict and its reason; a list of the parameters may come in the
      // canonical order rather than the configuration's.
      CHECK(again.criteria[i].verdict == stored.criteria[i].verdict);
      CHECK(again.criteria[i].code == stored.criteria[i].code);
    }
  }
}
