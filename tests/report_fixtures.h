// SPDX-License-Identifier: EUPL-1.2
// The configuration and the suppression fixture of the report tests, shared
// by report_test.cpp (SQLite in memory) and pg_report_test.cpp (the same
// scenario on PostgreSQL, whose region report the database counts and hides).
// `D` is a database whose Service `s` acts as coord.ant, whose `at(iso)` sets
// the clock and whose `add(label, referral)` registers at 09:00Z on the day
// received. All people are synthetic.
#pragma once

#include <optional>
#include <string>

#include "fixtures.h"
#include "ifg/service.h"

namespace ifg::test::reports {

inline const std::string kNowText = "2026-11-28T10:00:00Z";  // a Saturday; Brussels 11:00 (CET)
inline const std::string kCoordAnt = "coord.ant";
inline const std::string kCoordLim = "coord.lim";
inline const std::string kCoordVl = "coord.vl";  // a coordinator whose partner serves ANT and LIM

/// ANT and LIM. Coordinators of ANT, of LIM and of both; directors and members
/// of ANT partners; a member of a partner no case involves; analysts of ANT and
/// of both regions. Two extra life domains, listed on purpose out of
/// alphabetical order.
inline Config config() {
  Config c = test::two_regions();
  c.screening.extra_life_domains = {"school", "daycare"};
  c.partners.insert(
      c.partners.end(),
      {{"jh-vl", PartnerKind::kJustitiehuis, "Justitiehuizen Vlaanderen", {"ANT", "LIM"}},
       {"caw-lim", PartnerKind::kCaw, "CAW Limburg", {"LIM"}},
       {"pz-ant", PartnerKind::kPolitie, "PZ Antwerpen", {"ANT"}},
       {"ocmw-ant", PartnerKind::kNetwork, "OCMW Antwerpen", {"ANT"}},
       {"school-ant", PartnerKind::kNetwork, "School Antwerpen", {"ANT"}},
       {"stat-ant", PartnerKind::kNetwork, "Statistics Antwerpen", {"ANT"}},
       {"stat-vl", PartnerKind::kNetwork, "Statistics Vlaanderen", {"ANT", "LIM"}}});
  c.professionals.insert(
      c.professionals.end(),
      {{"coord.vl", "Coordinator V", "jh-vl", {Role::kCoordinator}, true},
       {"dir.ant", "Director A", "caw-ant", {Role::kDirector, Role::kMember}, true},
       {"dir.pz", "Director P", "pz-ant", {Role::kDirector}, true},
       {"dir.lim", "Director L", "caw-lim", {Role::kDirector}, true},
       {"member.pz", "Member P", "pz-ant", {Role::kMember}, true},
       {"member.ocmw", "Member O", "ocmw-ant", {Role::kMember}, true},
       {"member.school", "Member S", "school-ant", {Role::kMember}, true},
       {"analyst.ant", "Analyst A", "stat-ant", {Role::kAnalyst}, true},
       {"analyst.vl", "Analyst V", "stat-vl", {Role::kAnalyst}, true}});
  return c;
}

/// An eligible referral (tests/fixtures.h: very unsafe, police as crisis
/// partner, ...) through `channel` (nullopt: not given) with one victim and
/// `children` children.
inline Referral referral(const std::string& ref, const std::string& region, Date received,
                         std::optional<Channel> channel, int children) {
  Referral r = test::eligible_referral(ref, region, received);
  r.channel = channel;
  r.persons = {{PersonRole::kVictim, "Person " + ref + ".", 1990}};
  for (int i = 0; i < children; ++i)
    r.persons.push_back({PersonRole::kChild, std::nullopt, 2012 + i});
  return r;
}

inline Referral not_eligible(Referral r) {  // criterion 3 fails
  r.safety = Safety::kUnsafe;
  return r;
}

inline Referral incomplete(Referral r) {  // criterion 3 unknown, nothing fails
  r.safety.reset();
  return r;
}

inline Referral citizen(Referral r) {  // criterion 1 fails: inadmissible
  r.referrer.kind = ReferrerKind::kCitizen;
  return r;
}

/// The suppression fixture: ten ANT cases received in January and February 2025,
/// registered and decided by coord.ant through `d.s` at the times `d.at` sets.
///
///   S1  01-02 eligible caw 1 child; accepted 01-05 (3 days); director dir.ant
///       01-09 (4 days); five housing actions: three done, two open, none overdue
///   S2  01-03 eligible caw; accepted 01-07 (4 days); director dir.ant 01-08
///       (1 day); four finances actions, open (two due in 2025: overdue), and
///       one social action, open
///   S3  01-06 eligible caw; accepted 01-08 (2 days)                     accepted
///   S4  01-10 incomplete caw; refused 01-20 (10 days)                   closed refused
///   S5  01-12 incomplete caw                                             screened
///   S6  01-15 not_eligible vk; accepted with override 01-16 (1 day)     accepted
///   S7  01-20 politie 1 child, never screened                            registered
///   S8, S9, S10  02-03, 02-10, 02-28 politie, never screened             registered
template <class D>
void build_small(D& d) {
  auto& s = d.s;
  const std::string& A = kCoordAnt;
  const std::optional<Date> later = Date{2027, 1, 1};

  const auto s1 = d.add("S1", referral("S1", "ANT", {2025, 1, 2}, Channel::kCaw, 1));
  s.screen(A, s1);
  d.at("2025-01-05T10:00:00Z");
  s.decide(A, s1, true, "Take it on", false);
  d.at("2025-01-09T10:00:00Z");
  s.assign_director(A, s1, "dir.ant", std::nullopt);
  for (int i = 0; i < 5; ++i)
    s.add_action(A, s1, "Housing step " + std::to_string(i + 1), "housing", "member.ocmw",
                 i == 4 ? later : std::nullopt);
  for (int n = 1; n <= 3; ++n) s.set_action_status(A, s1, n, ActionStatus::kDone, std::nullopt);

  const auto s2 = d.add("S2", referral("S2", "ANT", {2025, 1, 3}, Channel::kCaw, 0));
  s.screen(A, s2);
  d.at("2025-01-07T10:00:00Z");
  s.decide(A, s2, true, "Take it on", false);
  d.at("2025-01-08T10:00:00Z");
  s.assign_director(A, s2, "dir.ant", std::nullopt);
  s.add_action(A, s2, "Budget", "finances", "member.pz", Date{2025, 6, 1});
  s.add_action(A, s2, "Debts", "finances", "member.pz", Date{2025, 7, 1});
  s.add_action(A, s2, "Income", "finances", "member.pz", std::nullopt);
  s.add_action(A, s2, "Savings", "finances", "member.pz", later);
  s.add_action(A, s2, "Friends", "social", "member.pz", std::nullopt);

  const auto s3 = d.add("S3", referral("S3", "ANT", {2025, 1, 6}, Channel::kCaw, 0));
  s.screen(A, s3);
  d.at("2025-01-08T10:00:00Z");
  s.decide(A, s3, true, "Take it on", false);

  const auto s4 = d.add("S4", incomplete(referral("S4", "ANT", {2025, 1, 10}, Channel::kCaw, 0)));
  s.screen(A, s4);
  d.at("2025-01-20T10:00:00Z");
  s.decide(A, s4, false, "Not for the chain", false);

  const auto s5 = d.add("S5", incomplete(referral("S5", "ANT", {2025, 1, 12}, Channel::kCaw, 0)));
  s.screen(A, s5);

  const auto s6 = d.add("S6", not_eligible(referral("S6", "ANT", {2025, 1, 15}, Channel::kVk, 0)));
  s.screen(A, s6);
  d.at("2025-01-16T10:00:00Z");
  s.decide(A, s6, true, "The team sees more risk", true);

  d.add("S7", referral("S7", "ANT", {2025, 1, 20}, Channel::kPolitie, 1));
  d.add("S8", referral("S8", "ANT", {2025, 2, 3}, Channel::kPolitie, 0));
  d.add("S9", referral("S9", "ANT", {2025, 2, 10}, Channel::kPolitie, 0));
  d.add("S10", referral("S10", "ANT", {2025, 2, 28}, Channel::kPolitie, 0));
  d.at(kNowText);
}

}  // namespace ifg::test::reports
