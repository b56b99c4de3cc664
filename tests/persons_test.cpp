// Persons across cases (issue 14, schema 11): each person of a referral is one
// person of the region, linked across cases by the name key (NFC, case-folded,
// white space folded) and the birth year; `person list` and `person cases`
// are logged reads; need-to-know counts the cases one may not read. All
// people are synthetic.
#include <memory>
#include <set>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/service.h"

using namespace ifg;
using test::code_of;

namespace {

/// two_regions() with a member of CAW Antwerpen (involved in a case referred via CAW).
Config config() {
  Config c = test::two_regions();
  c.professionals.push_back({"member.caw", "Member C", "caw-ant", {Role::kMember}, true});
  return c;
}

struct Db {
  std::shared_ptr<Timestamp> now =
      std::make_shared<Timestamp>(*parse_timestamp("2026-11-28T10:00:00Z"));
  Service s{test::memory_service(config(), now)};

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
    for (const auto& p : s.persons(actor, case_id)) out.push_back(p.person);
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
