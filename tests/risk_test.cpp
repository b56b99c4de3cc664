// SPDX-License-Identifier: EUPL-1.2
// Risk assessment (issue 14): an instrument's score and level, professional
// judgement that only raises, and the dated, repeated assessments of a
// case's persons with their trend, access, the case sheet and the region
// report. Everything is synthetic; the instrument is a test one.
#include <memory>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/service.h"

using namespace ifg;
using test::code_of;

namespace {

Instrument checklist() {
  return {"rc-test",
          "Test checklist",
          {PersonRole::kVictim, PersonRole::kChild},
          5,
          {{"a", "Item A", 2}, {"b", "Item B", 3}, {"c", "Item C", 1}}};
}

Config config() {
  Config c = test::regions_with_director();
  c.partners.push_back({"vk-ant", PartnerKind::kVk, "VK Antwerpen", {"ANT"}});
  c.professionals.push_back({"member.vk", "Member V", "vk-ant", {Role::kMember}, true});
  c.instruments = {checklist()};
  return c;
}

struct Db {
  std::shared_ptr<Timestamp> now =
      std::make_shared<Timestamp>(*parse_timestamp("2026-11-28T10:00:00Z"));
  Service s{test::memory_service(config(), now)};

  std::string add(const std::string& ref, Date received = {2026, 11, 2}) {
    Referral r = test::eligible_referral(ref, "ANT", received);
    r.persons = {{PersonRole::kVictim, "Anna Peeters", 1990},
                 {PersonRole::kPerpetrator, "Jan Peeters", 1988},
                 {PersonRole::kChild, "Zoe Peeters", 2015}};
    return s.register_referral("coord.ant", r);
  }
  Assessment assess(const std::string& id, int person, std::map<std::string, Answer> answers,
                    Date date, bool judged = false, const std::string& actor = "coord.ant") {
    RiskInput in;
    in.person = person;
    in.instrument = "rc-test";
    in.answers = std::move(answers);
    in.date = date;
    in.judged_high = judged;
    if (judged) in.motivation = "She fears for her life";
    return s.risk_add(actor, id, in);
  }
};

constexpr Answer Y = Answer::kYes, N = Answer::kNo, U = Answer::kUnknown;

}  // namespace

TEST_CASE("a score is the sum of the weights answered yes; high at the threshold", "[risk]") {
  const Instrument in = checklist();
  const Assessment below = score_answers(in, {{"a", Y}, {"b", N}, {"c", Y}}, false);
  CHECK(below.score == 3);
  CHECK(below.unknown == 0);
  CHECK(below.level == RiskLevel::kStandard);
  const Assessment at = score_answers(in, {{"a", Y}, {"b", Y}, {"c", N}}, false);
  CHECK(at.score == 5);  // exactly the threshold: high
  CHECK(at.level == RiskLevel::kHigh);
  // An item left out is unknown, and counted; every item is listed in the instrument's order.
  const Assessment partial = score_answers(in, {{"c", Y}, {"a", U}}, false);
  CHECK(partial.unknown == 2);
  REQUIRE(partial.answers.size() == 3);
  CHECK(partial.answers[0] == std::pair<std::string, Answer>{"a", U});
  CHECK(partial.answers[1] == std::pair<std::string, Answer>{"b", U});
  CHECK(code_of([&] { (void)score_answers(in, {{"d", Y}}, false); }) == ErrorCode::kInvalidInput);
}

TEST_CASE("judgement raises the level, never lowers it", "[risk]") {
  const Instrument in = checklist();
  const Assessment raised = score_answers(in, {{"a", Y}}, true);
  CHECK(raised.scored == RiskLevel::kStandard);
  CHECK(raised.level == RiskLevel::kHigh);
  CHECK(raised.judged);
  // Already high by the score: judgement changes nothing, and is not marked as the reason.
  const Assessment high = score_answers(in, {{"a", Y}, {"b", Y}}, true);
  CHECK(high.level == RiskLevel::kHigh);
  CHECK_FALSE(high.judged);
}

TEST_CASE("assessments of a case are dated and repeated, with their trend", "[risk]") {
  Db d;
  const std::string id = d.add("R-1");
  const Assessment first = d.assess(id, 1, {{"a", Y}, {"c", Y}}, {2026, 11, 3});
  CHECK(first.number == 1);
  CHECK(first.role == PersonRole::kVictim);
  CHECK(first.assessor == "coord.ant");
  (void)d.assess(id, 3, {{"a", Y}}, {2026, 11, 4});
  (void)d.assess(id, 1, {{"a", Y}, {"b", Y}}, {2026, 11, 20});
  (void)d.assess(id, 1, {{"c", Y}}, {2026, 11, 10}, true);  // recorded later, dated earlier

  const auto list = d.s.risk_list("coord.ant", id);
  REQUIRE(list.size() == 4);
  // Per person, in date order: victim 11-03, 11-10, 11-20; then the child.
  CHECK(list[0].date == Date{2026, 11, 3});
  CHECK_FALSE(list[0].score_change);
  CHECK(list[1].date == Date{2026, 11, 10});
  CHECK(list[1].score_change == std::optional<int>(1 - 3));
  CHECK(list[1].level == RiskLevel::kHigh);  // by judgement
  CHECK(list[1].previous_level == std::optional<RiskLevel>(RiskLevel::kStandard));
  CHECK(list[2].score_change == std::optional<int>(5 - 1));
  CHECK(list[3].person == 3);
  CHECK_FALSE(list[3].score_change);
  CHECK(list[2].answers.size() == 3);

  // The case sheet shows them; an access request returns the person's own; the trail
  // explains every row.
  CHECK(d.s.report_case("coord.ant", id).assessments.size() == 4);
  const PersonExport ex = d.s.export_person("coord.ant", "anna  PEETERS", 1990);
  REQUIRE(ex.cases.size() == 1);
  REQUIRE(ex.cases[0].persons.size() == 1);
  CHECK(ex.cases[0].persons[0].number == 1);
  CHECK(ex.cases[0].assessments.size() == 3);  // the victim's, not the child's
  CHECK(d.s.audit_verify(true).state == std::nullopt);
}

TEST_CASE("screening a case reads the latest assessment of its victims and children",
          "[risk][screening]") {
  Db d;
  const std::string id = d.add("R-1");
  const auto very_unsafe = [&] { return d.s.screen("coord.ant", id).criteria.at(2); };
  REQUIRE(very_unsafe().code == "very_unsafe");  // the fixture's referral says so itself
  ReferralPatch safer;
  safer.set = {{"safety", "unsafe"}};
  REQUIRE(d.s.update("coord.ant", id, safer).criteria.at(2).verdict == Verdict::kFail);

  (void)d.assess(id, 1, {{"a", Y}, {"b", Y}}, {2026, 11, 3});  // high, then standard later
  CHECK(very_unsafe().code == "assessed_high");
  (void)d.assess(id, 1, {{"a", Y}}, {2026, 11, 10});
  CHECK(very_unsafe().verdict == Verdict::kFail);
  (void)d.assess(id, 3, {{"c", Y}}, {2026, 11, 12}, true);  // the child, high by judgement
  const CriterionResult c = very_unsafe();
  CHECK(c.verdict == Verdict::kPass);
  CHECK(c.facts == std::vector<std::string>{"3", "3", "rc-test", "2026-11-12"});
  CHECK(d.s.screen("coord.ant", id).ruleset == RuleSet({}, {checklist()}).version);

  (void)d.s.person_remove("coord.ant", id, 3, "Not part of this family");
  CHECK(very_unsafe().verdict == Verdict::kFail);  // a removed person no longer counts
}

TEST_CASE("the persons of an assessed case are changed one by one, not replaced",
          "[risk][persons]") {
  Db d;
  const std::string id = d.add("R-1");
  (void)d.assess(id, 1, {{"a", Y}, {"b", Y}}, {2026, 11, 3});
  ReferralPatch other;
  other.set = {{"persons", "victim:Someone Else:1970"}};
  CHECK(code_of([&] { (void)d.s.update("coord.ant", id, other); }) == ErrorCode::kRefused);
  CHECK(d.s.persons("coord.ant", id)[0].name == std::optional<std::string>("Anna Peeters"));
}

TEST_CASE("an assessment is refused for the wrong person, date, instrument or actor",
          "[risk][access]") {
  Db d;
  const std::string id = d.add("R-1");
  auto assess = [&](int person, Date date, const std::string& actor = "coord.ant",
                    const std::string& instrument = "rc-test") {
    RiskInput in;
    in.person = person;
    in.instrument = instrument;
    in.date = date;
    return code_of([&] { (void)d.s.risk_add(actor, id, in); });
  };
  CHECK(assess(2, {2026, 11, 5}) == ErrorCode::kRefused);   // a perpetrator: not assessed
  CHECK(assess(9, {2026, 11, 5}) == ErrorCode::kNotFound);  // no such person
  CHECK(assess(1, {2026, 11, 5}, "coord.ant", "other") == ErrorCode::kNotFound);
  CHECK(assess(1, {2026, 11, 1}) == ErrorCode::kInvalidInput);   // before it was received
  CHECK(assess(1, {2026, 11, 29}) == ErrorCode::kInvalidInput);  // after today
  CHECK(assess(1, {2026, 11, 5}, "member.vk") == ErrorCode::kAccessDenied);  // VK not involved
  RiskInput judged;
  judged.person = 1;
  judged.instrument = "rc-test";
  judged.judged_high = true;  // without a motivation
  CHECK(code_of([&] { (void)d.s.risk_add("coord.ant", id, judged); }) == ErrorCode::kRefused);
  CHECK(d.s.risk_list("coord.ant", id).empty());
  d.s.close("coord.ant", id, ClosureReason::kOther, std::string("Pointed elsewhere"));
  CHECK(assess(1, {2026, 11, 5}) == ErrorCode::kRefused);
}

TEST_CASE("the region report counts the cases whose first assessment is high", "[risk][report]") {
  Db d;
  const std::string high_first = d.add("R-1");
  const std::string high_later = d.add("R-2");
  (void)d.add("R-3");  // never assessed
  (void)d.assess(high_first, 1, {{"a", Y}, {"b", Y}}, {2026, 11, 5});
  (void)d.assess(high_later, 1, {{"a", Y}}, {2026, 11, 5});
  (void)d.assess(high_later, 1, {{"a", Y}, {"b", Y}}, {2026, 11, 9});
  RegionReportQuery q;
  q.region = "ANT";
  const RegionReport r = d.s.report_region("coord.ant", q);
  CHECK(r.total == std::optional<std::int64_t>(3));
  CHECK(r.high_risk_at_intake == std::optional<std::int64_t>(1));
}

TEST_CASE("purge clears a motivation and keeps the score and level", "[risk][purge]") {
  Db d;
  const std::string id = d.add("R-1", {2025, 1, 2});
  (void)d.assess(id, 1, {{"a", Y}}, {2025, 1, 3}, true);
  d.s.close("coord.ant", id, ClosureReason::kOther, std::string("Pointed elsewhere"));
  *d.now += 800LL * 86400;  // past retention
  REQUIRE(d.s.purge("coord.ant", Date{2028, 1, 1}, false).size() == 1);
  const auto list = d.s.risk_list("coord.ant", id);
  REQUIRE(list.size() == 1);
  CHECK(list[0].motivation == std::optional<std::string>(""));
  CHECK(list[0].score == 2);
  CHECK(list[0].level == RiskLevel::kHigh);
  CHECK(d.s.audit_verify(true).state == std::nullopt);
}
