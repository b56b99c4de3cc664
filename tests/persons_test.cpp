// SPDX-License-Identifier: EUPL-1.2
// Persons across cases (issue 14, schema 11): each person of a referral is one
// person of the region, linked across cases by the name key (NFC, case-folded,
// white space folded) and the birth year; `person list` and `person cases`
// are logged reads; need-to-know counts the cases one may not read. All
// people are synthetic.
#include <algorithm>
#include <memory>
#include <set>
#include <tuple>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/service.h"

using namespace ifg;
using test::code_of;

namespace {

/// two_regions() with a member of CAW Antwerpen (involved in a case referred
/// via CAW), and repeat referrals looked for over `months`.
Config config(int months = 12) {
  Config c = test::two_regions();
  c.professionals.push_back({"member.caw", "Member C", "caw-ant", {Role::kMember}, true});
  c.screening.repeat_window_months = months;
  return c;
}

struct Db {
  explicit Db(int months = 12) : s(test::memory_service(config(months), now)) {}
  std::shared_ptr<Timestamp> now =
      std::make_shared<Timestamp>(*parse_timestamp("2027-12-28T10:00:00Z"));
  Service s;

  /// Registers a referral of `region` received on `day` naming `persons`.
  std::string add(const std::string& ref, std::vector<Person> persons,
                  const std::string& region = "ANT", Date day = {2026, 11, 2},
                  std::optional<Channel> channel = Channel::kCaw) {
    Referral r = test::eligible_referral(ref, region, day);
    r.persons = std::move(persons);
    r.channel = channel;
    return s.register_referral(region == "ANT" ? "coord.ant" : "coord.lim", r);
  }
  std::vector<std::int64_t> ids(const std::string& case_id,
                                const std::string& actor = "coord.ant") {
    std::vector<std::int64_t> out;
    for (const auto& p : s.persons(actor, case_id)) out.push_back(p.person.value_or(0));
    return out;
  }
};

const Person kVictim{PersonRole::kVictim, "Anna Peeters", 1990};
const Person kChild{PersonRole::kChild, "Zo\xC3\xAB Peeters", 2015};  // Zoë, composed (NFC)
const Person kPerpetrator{PersonRole::kPerpetrator, "Jan Peeters", 1988};

}  // namespace

TEST_CASE("the same name key and birth year in one region is one person across cases",
          "[persons]") {
  Db d;
  const std::string first = d.add("P-1", {kVictim, kChild, kPerpetrator});
  // Referred again by the police: other spelling of case and spaces, Zoë decomposed (NFD).
  const std::string again = d.add("P-2",
                                  {{PersonRole::kVictim, "  anna   PEETERS ", 1990},
                                   {PersonRole::kChild, "Zoe\xCC\x88 peeters", 2015},
                                   {PersonRole::kPerpetrator, "Jan Peeters", 1988}},
                                  "ANT", {2026, 11, 3});
  CHECK(d.ids(again) == d.ids(first));
  const auto persons = d.s.persons("coord.ant", again);
  REQUIRE(persons.size() == 3);
  CHECK(persons[0].number == 1);
  CHECK(persons[0].role == PersonRole::kVictim);
  CHECK(persons[0].name == std::optional<std::string>("  anna   PEETERS "));  // as referred
  CHECK(persons[0].birth_year == std::optional<int>(1990));
  for (const auto& p : persons) CHECK(p.other_cases == 1);
}

TEST_CASE("a person is linked only by name and birth year together, within the region",
          "[persons]") {
  Db d;
  const std::string first = d.add("P-1", {kVictim, kChild});
  const auto base = d.ids(first);
  auto other = [&](const std::string& ref, Person p, const std::string& region = "ANT") {
    const std::string id = d.add(ref, {p}, region);
    const auto ids = d.ids(id, region == "ANT" ? "coord.ant" : "coord.lim");
    REQUIRE(ids.size() == 1);
    return ids[0];
  };
  SECTION("the same key and year: linked") {
    CHECK(other("P-2", {PersonRole::kVictim, "ANNA PEETERS", 1990}) == base[0]);
  }
  SECTION("another birth year, or none: another person (a possible link is for later)") {
    CHECK(other("P-2", {PersonRole::kVictim, "Anna Peeters", 1991}) != base[0]);
    const auto a = other("P-3", {PersonRole::kVictim, "Anna Peeters", std::nullopt});
    const auto b = other("P-4", {PersonRole::kVictim, "Anna Peeters", std::nullopt});
    CHECK(a != base[0]);
    CHECK(a != b);  // without a birth year nobody is identified
  }
  SECTION("no name: a person of their own") {
    const auto a = other("P-2", {PersonRole::kChild, std::nullopt, 2015});
    const auto b = other("P-3", {PersonRole::kChild, std::nullopt, 2015});
    CHECK(a != b);
  }
  SECTION("diacritics are kept: Zoe is not Zoë") {
    // The name key folds case, spacing and Unicode form, not letters: stripping
    // accents would join different families' names (Müller, Muller).
    CHECK(other("P-2", {PersonRole::kChild, "Zoe Peeters", 2015}) != base[1]);
    CHECK(other("P-3", {PersonRole::kChild, "ZO\xC3\x8B PEETERS", 2015}) == base[1]);
  }
  SECTION("another region: another person") {
    CHECK(other("P-2", kVictim, "LIM") != base[0]);
  }
}

TEST_CASE("person cases names the other cases one may read and counts the rest, each a read",
          "[persons][access]") {
  Db d;
  const std::string via_caw = d.add("P-1", {kVictim});  // CAW Antwerpen is involved (channel)
  const std::string via_vk =
      d.add("P-2", {kVictim, kChild}, "ANT", {2026, 11, 5}, Channel::kVk);  // CAW is not
  const std::string later = d.add("P-3", {kChild}, "ANT", {2026, 11, 9});
  d.s.set_justification("Preparing the case meeting");

  const PersonCases coord = d.s.person_cases("coord.ant", via_caw, 1);
  CHECK(coord.case_id == via_caw);
  CHECK(coord.person.role == PersonRole::kVictim);
  CHECK(coord.cases == std::vector<std::string>{via_vk});
  CHECK(coord.others == 0);
  const PersonCases member = d.s.person_cases("member.caw", via_caw, 1);
  CHECK(member.cases.empty());
  CHECK(member.others == 1);  // the VK referral: counted, not named
  // The child of P-2 is in P-3 too, oldest referral first.
  CHECK(d.s.person_cases("coord.ant", later, 1).cases == std::vector<std::string>{via_vk});

  SECTION("the case and each case named are read entries with the justification") {
    const long before = d.s.audit_head().entries;
    (void)d.s.person_cases("coord.ant", via_caw, 1);
    CHECK(d.s.audit_head().entries == before + 2);
    const auto named = d.s.audit_show("coord.ant", AuditFilter{via_vk, "coord.ant", std::nullopt});
    REQUIRE_FALSE(named.empty());
    CHECK(named.back().kind == "read");
    CHECK(named.back().action == "person cases");
    CHECK(named.back().justification == std::optional<std::string>("Preparing the case meeting"));
    CHECK(named.back().details == "{}");  // no name in the trail
  }
  SECTION("refusals") {
    CHECK(code_of([&] { (void)d.s.person_cases("coord.ant", via_caw, 2); }) ==
          ErrorCode::kNotFound);
    CHECK(code_of([&] { (void)d.s.person_cases("member.caw", via_vk, 1); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { (void)d.s.persons("coord.lim", via_caw); }) == ErrorCode::kAccessDenied);
  }
}

TEST_CASE("an update of the persons before the decision links them anew", "[persons]") {
  Db d;
  const std::string first = d.add("P-1", {kVictim});
  const std::string second = d.add("P-2", {{PersonRole::kVictim, "Anna Peters", 1990}});
  REQUIRE(d.ids(second) != d.ids(first));  // a typo: not linked
  ReferralPatch patch;
  patch.set = {{"persons", "victim:Anna Peeters:1990"}};
  d.s.update("coord.ant", second, patch);
  CHECK(d.ids(second) == d.ids(first));
  CHECK(d.s.persons("coord.ant", first)[0].other_cases == 1);
  CHECK(d.s.audit_verify(true).state == std::nullopt);  // the trail explains the new links
}

TEST_CASE("purge forgets a person's name key once all their cases are purged", "[persons][purge]") {
  Db d;
  const std::string a = d.add("P-1", {kVictim}, "ANT", {2025, 1, 2});
  const std::string b = d.add("P-2", {kVictim}, "ANT", {2025, 2, 2});
  d.s.close("coord.ant", a, ClosureReason::kOther, std::string("Pointed elsewhere"));
  *d.now += 800LL * 86400;  // past retention
  REQUIRE(d.s.purge("coord.ant", Date{2028, 1, 1}, false).size() == 1);
  // b still names the person: a new referral of Anna is still linked to b.
  const std::string c = d.add("P-3", {kVictim}, "ANT", {2028, 3, 1});
  CHECK(d.ids(c) == d.ids(b));
  d.s.close("coord.ant", b, ClosureReason::kOther, std::string("Pointed elsewhere"));
  d.s.close("coord.ant", c, ClosureReason::kOther, std::string("Pointed elsewhere"));
  *d.now += 800LL * 86400;
  REQUIRE(d.s.purge("coord.ant", Date{2031, 1, 1}, false).size() == 2);
  // Every case of the person is purged: a new referral starts a new person.
  const std::string e = d.add("P-4", {kVictim}, "ANT", {2030, 6, 1});
  CHECK(d.ids(e) != d.ids(b));
  CHECK(d.s.audit_verify(true).state == std::nullopt);
}

// --- possible links ----------------------------------------------------------

namespace {

std::vector<PossibleLink> links_of(Db& d, const std::string& id) {
  return d.s.person_links("coord.ant", std::nullopt, id);
}

}  // namespace

TEST_CASE("a similar name with the same birth year, or one birth year missing, is a possible link",
          "[persons][links]") {
  Db d;
  const std::string first = d.add("P-1", {kVictim});
  const std::string typo = d.add("P-2", {{PersonRole::kVictim, "Ana Peeters", 1990}});
  const std::string no_year = d.add("P-3", {{PersonRole::kVictim, "anna peeters", std::nullopt}});
  const std::string far = d.add("P-4", {{PersonRole::kVictim, "Ann Pieters", 1990}});  // 2 edits
  const std::string other_year = d.add("P-5", {{PersonRole::kVictim, "Ana Peeters", 1991}});
  // Twins in one case are two people, however alike their names.
  const std::string twins = d.add(
      "P-6", {{PersonRole::kChild, "Lena Maes", 2015}, {PersonRole::kChild, "Lena Maas", 2015}});
  CHECK(d.ids(typo) != d.ids(first));  // not linked automatically

  const auto links = links_of(d, first);
  REQUIRE(links.size() == 3);
  std::set<std::tuple<std::string, std::string, int>> seen;
  for (const auto& l : links) {
    CHECK(l.first.case_id == first);  // the person known first
    seen.insert({l.second.case_id, std::string(to_string(l.reason)), l.distance});
  }
  CHECK(seen ==
        std::set<std::tuple<std::string, std::string, int>>{{typo, "similar_name", 1},
                                                            {no_year, "birth_year_missing", 0},
                                                            {far, "similar_name", 2}});
  CHECK(links[0].first.name == std::optional<std::string>("Anna Peeters"));
  CHECK(links[0].first.birth_year == std::optional<int>(1990));
  CHECK(d.s.persons("coord.ant", first)[0].possible_links == 3);
  CHECK(d.s.persons("coord.ant", other_year)[0].possible_links == 0);  // 1991: nobody
  CHECK(links_of(d, twins).empty());
  // The whole region: each pair once (typo and far are 2 edits apart: a pair too).
  CHECK(d.s.person_links("coord.ant", std::string("ANT"), std::nullopt).size() == 4);
  CHECK(code_of([&] { (void)d.s.person_links("coord.lim", std::string("ANT"), std::nullopt); }) ==
        ErrorCode::kAccessDenied);
}

TEST_CASE("a rejected pair is never proposed again; a confirmed one is one person",
          "[persons][links]") {
  Db d;
  const std::string first = d.add("P-1", {kVictim}, "ANT", {2026, 10, 1});
  const std::string typo =
      d.add("P-2", {{PersonRole::kVictim, "Ana Peeters", 1990}}, "ANT", {2026, 10, 5});
  const std::string no_year =
      d.add("P-3", {{PersonRole::kVictim, "Anna Peeters", std::nullopt}}, "ANT", {2026, 10, 9});

  d.s.person_unlink("coord.ant", {first, 1, no_year, 1});
  REQUIRE(links_of(d, first).size() == 1);
  CHECK(links_of(d, no_year).empty());
  // The same spelling referred again is the same (rejected) person: still not proposed.
  const std::string typo_again =
      d.add("P-4", {{PersonRole::kVictim, "Ana Peeters", 1990}}, "ANT", {2026, 10, 12});
  CHECK(d.ids(typo_again) == d.ids(typo));

  d.s.person_link("coord.ant", {typo, 1, first, 1});
  CHECK(d.ids(typo) == d.ids(first));
  CHECK(d.ids(typo_again) == d.ids(first));
  CHECK(links_of(d, first).empty());  // the rejection of no_year holds for the merged person
  CHECK(code_of([&] {
          (void)d.s.person_link("coord.ant", {typo, 1, first, 1});
        }) == ErrorCode::kRefused);
  // A later referral with the merged spelling finds the person, and is a repeat.
  const std::string later =
      d.add("P-5", {{PersonRole::kVictim, "ANA  peeters", 1990}}, "ANT", {2026, 11, 2});
  CHECK(d.ids(later) == d.ids(first));
  CHECK(d.s.screen("coord.ant", later).repeat->earlier_cases ==
        std::vector<std::string>{first, typo, typo_again});
  const auto events = d.s.log("coord.ant", typo);
  CHECK(std::any_of(events.begin(), events.end(),
                    [](const auto& e) { return e.action == "person_linked"; }));

  // Undone: Ana is Ana again, with the cases that came in under her spelling.
  d.s.person_unlink("coord.ant", {first, 1, typo, 1});
  CHECK(d.ids(typo) != d.ids(first));
  CHECK(d.ids(later) == d.ids(typo));
  CHECK(d.ids(typo_again) == d.ids(typo));
  CHECK(links_of(d, first).empty());  // and the pair is rejected from now on
  CHECK(code_of([&] {
          (void)d.s.person_unlink("coord.ant", {first, 1, first, 1});
        }) == ErrorCode::kRefused);
  CHECK(d.s.audit_verify(true).state == std::nullopt);
}

TEST_CASE("persons are linked within one region, of two cases, by its coordinator",
          "[persons][links]") {
  Db d;
  const std::string ant = d.add("P-1", {kVictim});
  const std::string lim = d.add("P-2", {{PersonRole::kVictim, "Ana Peeters", 1990}}, "LIM");
  const std::string siblings = d.add(
      "P-3", {{PersonRole::kChild, "Lena Maes", 2015}, {PersonRole::kChild, "Lena Maas", 2015}});
  CHECK(code_of([&] {
          (void)d.s.person_link("coord.ant", {ant, 1, lim, 1});
        }) == ErrorCode::kAccessDenied);
  CHECK(code_of([&] {
          (void)d.s.person_link("coord.ant", {siblings, 1, siblings, 2});
        }) == ErrorCode::kRefused);
  CHECK(code_of([&] {
          (void)d.s.person_link("coord.ant", {ant, 1, ant, 9});
        }) == ErrorCode::kNotFound);
}

TEST_CASE("a person no case names any more goes, with the spellings and decisions on them",
          "[persons][links]") {
  Db d;
  const std::string first = d.add("P-1", {kVictim});
  const std::string typo = d.add("P-2", {{PersonRole::kVictim, "Ana Peeters", 1990}});
  d.s.person_link("coord.ant", {first, 1, typo, 1});
  // Both rows leave the merged person: corrected to other facts.
  d.s.person_update("coord.ant", first, 1, {{}, {}, 1991, {}});
  d.s.person_update("coord.ant", typo, 1, {{}, std::string("Ana Pieters"), {}, {}});
  CHECK(d.s.person_links("coord.ant", std::string("ANT"), std::nullopt).empty());  // 1991 and 1990
  // Neither spelling of the merged person is known any more.
  const std::string again = d.add("P-3", {{PersonRole::kVictim, "Ana Peeters", 1990}});
  CHECK(d.s.persons("coord.ant", again)[0].other_cases == 0);

  // A rejection goes with its person: a new look-alike is proposed again.
  const std::string jan = d.add("P-4", {{PersonRole::kPerpetrator, "Jan Janssens", 1980}});
  const std::string jans = d.add("P-5", {{PersonRole::kPerpetrator, "Jan Jansens", 1980}});
  d.s.person_unlink("coord.ant", {jan, 1, jans, 1});
  REQUIRE(links_of(d, jan).empty());
  d.s.person_remove("coord.ant", jans, 1, "Not part of this family");
  const std::string jansen = d.add("P-6", {{PersonRole::kPerpetrator, "Jan Jansen", 1980}});
  REQUIRE(links_of(d, jan).size() == 1);
  CHECK(links_of(d, jan)[0].second.case_id == jansen);
  CHECK(d.s.audit_verify(true).state == std::nullopt);
}

TEST_CASE("unlinking undoes a link by the facts each row carries now", "[persons][links]") {
  Db d;
  const Person maes{PersonRole::kChild, "Lena Maes", 2015},
      maas{PersonRole::kChild, "Lena Maas", 2015};
  const std::string one = d.add("P-1", {maes});
  const std::string two = d.add("P-2", {maas});
  d.s.person_link("coord.ant", {one, 1, two, 1});  // wrongly: they are twins
  const std::string both = d.add("P-3", {maes, maas});
  CHECK(d.ids(both)[0] == d.ids(both)[1]);
  d.s.person_unlink("coord.ant", {both, 1, both, 2});  // the later case shows the mistake
  CHECK(d.ids(both)[0] != d.ids(both)[1]);
  CHECK(d.ids(both)[1] == d.ids(two)[0]);
  CHECK(d.ids(both)[0] == d.ids(one)[0]);

  // A moved row corrected since to the kept spelling stays with the kept person.
  const std::string anna = d.add("P-4", {kVictim});
  const std::string ana = d.add("P-5", {{PersonRole::kVictim, "Ana Peeters", 1990}});
  d.s.person_link("coord.ant", {anna, 1, ana, 1});
  d.s.person_update("coord.ant", ana, 1, {{}, std::string("Anna Peeters"), {}, {}});
  const std::string ana_again = d.add("P-6", {{PersonRole::kVictim, "Ana Peeters", 1990}});
  d.s.person_unlink("coord.ant", {anna, 1, ana_again, 1});
  CHECK(d.ids(ana) == d.ids(anna));
  CHECK(d.ids(ana_again) != d.ids(anna));
  CHECK(d.s.audit_verify(true).state == std::nullopt);
}

TEST_CASE("an access request returns the cases of a linked person under another spelling",
          "[persons][links][export]") {
  Db d;
  const std::string first = d.add("P-1", {kVictim, kPerpetrator});
  const std::string typo = d.add("P-2", {kPerpetrator, {PersonRole::kVictim, "Ana Peeters", 1990}},
                                 "ANT", {2026, 11, 3});
  REQUIRE(d.s.export_person("coord.ant", "Anna Peeters", 1990).cases.size() == 1);
  d.s.person_link("coord.ant", {first, 1, typo, 2});
  const PersonExport ex = d.s.export_person("coord.ant", "Anna Peeters", 1990);
  REQUIRE(ex.cases.size() == 2);
  CHECK_FALSE(ex.cases[0].by_link);
  CHECK(ex.cases[1].case_id == typo);
  CHECK(ex.cases[1].by_link);
  CHECK(ex.cases[1].roles == std::vector<std::string>{"victim"});
  REQUIRE(ex.cases[1].persons.size() == 1);  // only her, not the perpetrator of that case
  CHECK(ex.cases[1].persons[0].number == 2);
  CHECK(ex.cases[1].persons[0].name == std::optional<std::string>("Ana Peeters"));
  // Each case returned is a logged read, the linked one too.
  const auto trail = d.s.audit_show("coord.ant", AuditFilter{typo, std::nullopt, std::nullopt});
  CHECK(std::any_of(trail.begin(), trail.end(),
                    [](const auto& e) { return e.action == "export person" && e.kind == "read"; }));
}

TEST_CASE("purge forgets a merged person's other spelling too", "[persons][links][purge]") {
  Db d;
  const std::string a = d.add("P-1", {kVictim}, "ANT", {2025, 1, 2});
  const std::string b =
      d.add("P-2", {{PersonRole::kVictim, "Ana Peeters", 1990}}, "ANT", {2025, 1, 3});
  d.s.person_link("coord.ant", {a, 1, b, 1});
  for (const auto& id : {a, b})
    d.s.close("coord.ant", id, ClosureReason::kOther, std::string("Pointed elsewhere"));
  *d.now += 800LL * 86400;
  REQUIRE(d.s.purge("coord.ant", Date{2028, 1, 1}, false).size() == 2);
  // Neither spelling finds the purged person any more.
  const std::string again =
      d.add("P-3", {{PersonRole::kVictim, "Ana Peeters", 1990}}, "ANT", {2028, 3, 1});
  CHECK(d.s.persons("coord.ant", again)[0].other_cases == 0);
  CHECK(d.s.audit_verify(true).state == std::nullopt);
}

// --- repeat referrals --------------------------------------------------------

namespace {

/// The repeat that `screen` shows `actor` for case `id`.
std::optional<Repeat> repeat_of(Db& d, const std::string& id,
                                const std::string& actor = "coord.ant") {
  return d.s.screen(actor, id).repeat;
}

std::vector<std::string> repeat_cases(Db& d, const std::string& id) {
  const auto rep = repeat_of(d, id);
  return rep ? rep->earlier_cases : std::vector<std::string>{};
}

}  // namespace

TEST_CASE("a repeat referral: a victim or child of an earlier case within the window",
          "[persons][repeat]") {
  Db d;
  SECTION("received exactly 12 months before: a repeat, naming the matched persons") {
    const std::string earlier = d.add("R-1", {kVictim, kPerpetrator}, "ANT", {2025, 11, 28});
    const std::string again = d.add("R-2", {kPerpetrator, kVictim}, "ANT", {2026, 11, 28});
    const auto rep = repeat_of(d, again);
    REQUIRE(rep);
    CHECK(rep->earlier_cases == std::vector<std::string>{earlier});
    CHECK(rep->others == 0);
    CHECK(rep->persons == std::vector<int>{1});  // the victim, not the perpetrator
    CHECK_FALSE(repeat_of(d, earlier));          // the later case is not an earlier one
  }
  SECTION("a day more than 12 months before: not a repeat") {
    (void)d.add("R-1", {kVictim}, "ANT", {2025, 11, 27});
    CHECK_FALSE(repeat_of(d, d.add("R-2", {kVictim}, "ANT", {2026, 11, 28})));
  }
  SECTION("only the victims and children of this referral count, whatever their role before") {
    (void)d.add("R-1", {kPerpetrator, {PersonRole::kChild, "Anna Peeters", 1990}}, "ANT",
                {2026, 3, 1});
    CHECK_FALSE(repeat_of(d, d.add("R-2", {kPerpetrator}, "ANT", {2026, 4, 1})));
    const auto rep = repeat_of(d, d.add("R-3", {kPerpetrator, kVictim}, "ANT", {2026, 5, 1}));
    REQUIRE(rep);
    CHECK(rep->persons == std::vector<int>{1});
    CHECK(rep->earlier_cases.size() == 1);  // R-1 (a child then); R-2 has no victim or child
  }
  SECTION("the same day: the case registered first is the earlier one") {
    const std::string first = d.add("R-1", {kChild}, "ANT", {2026, 6, 1});
    const std::string second = d.add("R-2", {kChild}, "ANT", {2026, 6, 1});
    CHECK(repeat_cases(d, second) == std::vector<std::string>{first});
    CHECK_FALSE(repeat_of(d, first));
  }
  SECTION("registered later but received earlier: earlier all the same") {
    const std::string received_late = d.add("R-1", {kVictim}, "ANT", {2026, 6, 10});
    const std::string received_early = d.add("R-2", {kVictim}, "ANT", {2026, 6, 1});
    CHECK(repeat_cases(d, received_late) == std::vector<std::string>{received_early});
    CHECK_FALSE(repeat_of(d, received_early));
  }
  SECTION("another region, or no birth year: not the same person, so not a repeat") {
    (void)d.add("R-1", {kVictim}, "LIM", {2026, 6, 1});
    (void)d.add("R-2", {{PersonRole::kVictim, "Anna Peeters", std::nullopt}}, "ANT", {2026, 6, 2});
    CHECK_FALSE(repeat_of(d, d.add("R-3", {kVictim}, "ANT", {2026, 6, 3})));
  }
  SECTION("not a warning, and the outcome does not change") {
    const std::string first = d.add("R-1", {kVictim}, "ANT", {2026, 6, 1});
    const std::string again = d.add("R-2", {kVictim}, "ANT", {2026, 6, 2});
    const ScreenResult a = d.s.screen("coord.ant", first), b = d.s.screen("coord.ant", again);
    CHECK(b.repeat);
    CHECK(b.outcome == a.outcome);
    CHECK(b.warnings.size() == a.warnings.size());
  }
}

TEST_CASE("the window ends on the last day of a shorter month", "[persons][repeat]") {
  Db d(1);  // one month
  const std::string feb = d.add("R-1", {kVictim}, "ANT", {2027, 2, 28});
  const std::string feb27 = d.add("R-2", {kChild}, "ANT", {2027, 2, 27});
  const std::string mar = d.add("R-3", {kVictim, kChild}, "ANT", {2027, 3, 31});
  // 31 March less a month is 28 February (not 3 March, as SQLite's '-1 months' reads).
  CHECK(repeat_cases(d, mar) == std::vector<std::string>{feb});
  CHECK(repeat_of(d, mar)->persons == std::vector<int>{0});
  (void)feb27;  // 27 February is a day before the window: its child is not named
}

TEST_CASE("a repeat names the earlier cases one may read and counts the rest",
          "[persons][repeat][access]") {
  Db d;
  const std::string via_vk = d.add("R-1", {kVictim}, "ANT", {2026, 11, 1}, Channel::kVk);
  const std::string via_caw = d.add("R-2", {kVictim}, "ANT", {2026, 11, 5});
  (void)d.s.screen("coord.ant", via_caw);
  d.s.decide("coord.ant", via_caw, true, "The team takes the family on", false);
  CHECK(repeat_cases(d, via_caw) == std::vector<std::string>{via_vk});
  // CAW is involved in R-2 (its channel) and not in R-1: counted, not named.
  const auto member = repeat_of(d, via_caw, "member.caw");
  REQUIRE(member);
  CHECK(member->earlier_cases.empty());
  CHECK(member->others == 1);
}

TEST_CASE("case list --repeat and the region report count repeat referrals and distinct persons",
          "[persons][repeat][report]") {
  Db d;
  (void)d.add("R-1", {kVictim, kChild, kPerpetrator}, "ANT", {2026, 1, 10});
  const std::string again = d.add("R-2", {kVictim, kPerpetrator}, "ANT", {2026, 2, 10});
  const std::string other =
      d.add("R-3", {{PersonRole::kVictim, "Bea Claes", 1985}, kChild}, "ANT", {2026, 3, 10});
  (void)d.add("R-4", {{PersonRole::kVictim, "Bea Claes", 1985}}, "ANT", {2027, 6, 10});  // > 12 m
  CaseQuery q;
  q.repeat = true;
  std::vector<std::string> listed;
  for (const auto& row : d.s.case_list("coord.ant", q).rows) listed.push_back(row.case_id);
  CHECK(listed == std::vector<std::string>{again, other});
  RegionReportQuery rq;
  rq.region = "ANT";
  rq.from = Date{2026, 1, 1};
  rq.to = Date{2026, 12, 31};
  const RegionReport r = d.s.report_region("coord.ant", rq);
  CHECK(r.total == std::optional<std::int64_t>(3));
  CHECK(r.repeat_referrals == std::optional<std::int64_t>(2));
  CHECK(r.victims == std::optional<std::int64_t>(2));        // Anna twice, Bea
  CHECK(r.child_persons == std::optional<std::int64_t>(1));  // Zoë twice
  CHECK(r.children == std::optional<std::int64_t>(2));       // counted per referral
}

// --- changes after registration (schema 12) ----------------------------------

namespace {

PersonChange change(std::optional<PersonRole> role, std::optional<std::string> name,
                    std::optional<int> year, std::optional<Gender> gender = std::nullopt) {
  return PersonChange{role, std::move(name), year, gender};
}

std::vector<std::string> actions(Db& d, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& e : d.s.log("coord.ant", id)) out.push_back(e.action);
  return out;
}

}  // namespace

TEST_CASE("persons change after registration; the referral stays as received",
          "[persons][person-change]") {
  Db d;
  const std::string a = d.add("P-1", {kVictim, kPerpetrator});
  (void)d.s.screen("coord.ant", a);
  d.s.decide("coord.ant", a, true, "The team takes the family on", false);

  SECTION("a child born during the trajectory is added, linked, and counted") {
    const int n = d.s.person_add("coord.ant", a,
                                 change(PersonRole::kChild, "Baby Peeters", 2027, Gender::kF));
    CHECK(n == 3);
    const auto persons = d.s.persons("coord.ant", a);
    REQUIRE(persons.size() == 3);
    CHECK(persons[2].added);
    CHECK(persons[2].name == std::optional<std::string>("Baby Peeters"));
    CHECK(persons[2].gender == std::optional<Gender>(Gender::kF));
    CHECK(persons[2].person);
    CHECK(d.s.referral("coord.ant", a)->persons.size() == 2);  // as received
    CHECK(actions(d, a).back() == "person_added");
    // An access request finds a person added after registration.
    const PersonExport ex = d.s.export_person("coord.ant", "Baby Peeters", 2027);
    REQUIRE(ex.cases.size() == 1);
    CHECK(ex.cases[0].case_id == a);
    REQUIRE(ex.cases[0].persons.size() == 1);
    CHECK(ex.cases[0].persons[0].added);
    // A later referral naming the child is the same person, and a repeat.
    const std::string later =
        d.add("P-2", {{PersonRole::kChild, "baby peeters", 2027}}, "ANT", {2027, 6, 1});
    CHECK(d.ids(later).front() == *persons[2].person);
    CHECK(repeat_cases(d, later) == std::vector<std::string>{a});
    RegionReportQuery q;
    q.region = "ANT";
    q.to = Date{2026, 12, 31};
    CHECK(d.s.report_region("coord.ant", q).children == std::optional<std::int64_t>(1));
  }
  SECTION("an update changes the facts and the link, not the referral") {
    const std::string other = d.add("P-2", {{PersonRole::kPerpetrator, "Jan Peters", 1988}});
    REQUIRE(d.ids(other)[0] != d.ids(a)[1]);
    d.s.person_update("coord.ant", a, 2, change(std::nullopt, "Jan Peters", std::nullopt));
    const auto persons = d.s.persons("coord.ant", a);
    CHECK(persons[1].changed);
    CHECK_FALSE(persons[0].changed);
    CHECK(persons[1].name == std::optional<std::string>("Jan Peters"));
    CHECK(persons[1].birth_year == std::optional<int>(1988));
    CHECK(d.ids(a)[1] == d.ids(other)[0]);  // linked anew: the person of that name key
    CHECK(d.s.referral("coord.ant", a)->persons[1].name == kPerpetrator.name);
    CHECK(actions(d, a).back() == "person_updated");
    CHECK(code_of([&] {
            d.s.person_update("coord.ant", a, 2, change(std::nullopt, "Jan Peters", std::nullopt));
          }) == ErrorCode::kUsage);  // nothing changes
    // A change of role or gender keeps the person and their id.
    const auto kept = d.ids(a);
    d.s.person_update("coord.ant", a, 1,
                      change(PersonRole::kOther, std::nullopt, std::nullopt, Gender::kF));
    CHECK(d.ids(a) == kept);
    CHECK(d.s.persons("coord.ant", a)[0].role == PersonRole::kOther);
  }
  SECTION("a removed person stays listed, unlinked, and no longer makes a repeat") {
    d.s.person_remove("coord.ant", a, 1, "Registered in the wrong family");
    const auto persons = d.s.persons("coord.ant", a);
    REQUIRE(persons.size() == 2);
    CHECK(persons[0].removed_reason ==
          std::optional<std::string>("Registered in the wrong family"));
    CHECK_FALSE(persons[0].person);
    const std::string later = d.add("P-2", {kVictim}, "ANT", {2026, 11, 20});
    CHECK_FALSE(repeat_of(d, later));
    CHECK(code_of([&] { d.s.person_remove("coord.ant", a, 1, "again"); }) == ErrorCode::kRefused);
    CHECK(code_of([&] { (void)d.s.person_cases("coord.ant", a, 1); }) == ErrorCode::kRefused);
    CHECK(code_of([&] {
            d.s.person_update("coord.ant", a, 1, change(std::nullopt, std::nullopt, 1991));
          }) == ErrorCode::kRefused);
  }
  SECTION("refusals: bad facts, no such person, a closed case, someone not involved") {
    CHECK(code_of([&] {
            (void)d.s.person_add("coord.ant", a, change(PersonRole::kChild, "X", 1850));
          }) == ErrorCode::kInvalidInput);
    CHECK(code_of([&] {
            (void)d.s.person_add("coord.ant", a, change(PersonRole::kChild, "  ", 2020));
          }) == ErrorCode::kRefused);
    CHECK(code_of([&] { (void)d.s.person_add("coord.ant", a, change(std::nullopt, "Y", 2020)); }) ==
          ErrorCode::kUsage);
    CHECK(code_of([&] { d.s.person_remove("coord.ant", a, 7, "no such"); }) ==
          ErrorCode::kNotFound);
    CHECK(code_of([&] {
            (void)d.s.person_add("member.caw", a, change(PersonRole::kChild, "Z", 2020));
          }) == ErrorCode::kAccessDenied);
    d.s.close("coord.ant", a, ClosureReason::kGoalsReached, std::nullopt);
    CHECK(code_of([&] {
            (void)d.s.person_add("coord.ant", a, change(PersonRole::kChild, "Z", 2020));
          }) == ErrorCode::kRefused);
  }
  CHECK(d.s.audit_verify(true).state == std::nullopt);  // the trail explains every change
}

TEST_CASE("a transfer carries the persons as they are now", "[persons][person-change]") {
  Db d;
  const std::string a = d.add("P-1", {kVictim, kPerpetrator});
  (void)d.s.screen("coord.ant", a);
  d.s.decide("coord.ant", a, true, "The team takes the family on", false);
  (void)d.s.person_add("coord.ant", a, change(PersonRole::kChild, "Baby Peeters", 2027));
  d.s.person_remove("coord.ant", a, 2, "Not of this family");
  const std::string moved = d.s.transfer("coord.ant", a, "LIM", "The family moved to Hasselt");
  const auto persons = d.s.persons("coord.lim", moved);
  REQUIRE(persons.size() == 2);
  CHECK(persons[0].name == kVictim.name);
  CHECK(persons[1].name == std::optional<std::string>("Baby Peeters"));
  CHECK(persons[1].role == PersonRole::kChild);
}

TEST_CASE("once ifg person changed the persons, update of the referral's persons is refused",
          "[persons][person-change]") {
  Db d;
  const std::string b = d.add("P-1", {kVictim});
  (void)d.s.person_add("coord.ant", b, change(PersonRole::kOther, "Oma Peeters", 1950));
  ReferralPatch patch;
  patch.set = {{"persons", "victim:Anna Peeters:1990"}};
  CHECK(code_of([&] { d.s.update("coord.ant", b, patch); }) == ErrorCode::kRefused);
  CHECK(d.s.persons("coord.ant", b).size() == 2);
}
