// SPDX-License-Identifier: EUPL-1.2
// Retention (purge) and access requests (export person).
#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/json.h"
#include "ifg/service.h"
#include "text.h"

using namespace ifg;
using nlohmann::json;

namespace {

Timestamp clock_value = *parse_timestamp("2026-11-28T10:00:00Z");

Config config() {
  Config c = test::regions_with_director();
  return c;
}

Referral referral(const std::string& ref, const std::string& victim) {
  Referral r = test::eligible_referral(ref, "ANT", {2026, 3, 2});
  r.referrer.name = "Referrer R.";
  r.referrer.partner = "caw-ant";
  r.persons = {{PersonRole::kVictim, victim, 1991}, {PersonRole::kChild, "Child C.", 2016}};
  r.summary = "Synthetic summary naming " + victim;
  return r;
}

Service service() {
  ServiceOptions o;
  o.db_path = ":memory:";
  o.create = true;
  o.clock = [] { return clock_value; };
  Service s(o);
  s.init(config(), std::nullopt);
  return s;
}

/// A case walked to closure, with free text everywhere.
std::string closed_case(Service& s, const std::string& ref, const std::string& victim) {
  const std::string id = s.register_referral("coord.ant", referral(ref, victim));
  s.screen("coord.ant", id);
  s.decide("coord.ant", id, true, "Motivation about " + victim, false);
  s.add_meeting(
      "coord.ant", id,
      {{2026, 4, 1}, {"dir.ant"}, LegalBasis::kDecree, "Purpose " + victim, "Notes " + victim});
  s.add_action("coord.ant", id, "Action for " + victim, "housing", "dir.ant", Date{2026, 5, 1});
  s.assign_director("coord.ant", id, "dir.ant", "Reason " + victim);
  s.set_action_status("dir.ant", id, 1, ActionStatus::kDone, "Note " + victim);
  s.close("coord.ant", id, ClosureReason::kOther, "Closing note " + victim);
  return id;
}

}  // namespace

TEST_CASE("purge anonymises closed cases past retention and keeps the statistics", "[retention]") {
  clock_value = *parse_timestamp("2026-11-28T10:00:00Z");
  Service s = service();
  const std::string old_case = closed_case(s, "R1", "Person A.");
  const std::string open_case = s.register_referral("coord.ant", referral("R2", "Person B."));
  clock_value = *parse_timestamp("2027-06-01T10:00:00Z");

  CHECK(s.purge("coord.ant", {2027, 1, 1}, /*dry_run=*/true) == std::vector<std::string>{old_case});
  CHECK(s.referral("coord.ant", old_case)->summary);         // the dry run changed nothing
  CHECK(s.purge("coord.lim", {2027, 1, 1}, false).empty());  // not their region

  CHECK(s.purge("coord.ant", {2027, 1, 1}, false) == std::vector<std::string>{old_case});
  const Referral r = *s.referral("coord.ant", old_case);
  CHECK_FALSE(r.summary);
  CHECK_FALSE(r.referrer.name);
  REQUIRE(r.persons.size() == 2);
  CHECK_FALSE(r.persons[0].name);
  CHECK_FALSE(r.persons[0].birth_year);
  CHECK(r.persons[1].role == PersonRole::kChild);  // roles stay: children are counted
  CHECK(r.external_ref == "R1");                   // kept by purge (formats.md)
  CHECK(r.life_domains.size() == 2);
  const CaseState st = s.case_state("coord.ant", old_case);
  CHECK(st.status == CaseStatus::kClosed);
  CHECK(st.closure_reason == ClosureReason::kOther);
  CHECK_FALSE(st.closure_note);
  CHECK(st.decision->motivation.empty());
  CHECK(s.meetings("coord.ant", old_case)[0].purpose.empty());
  CHECK_FALSE(s.meetings("coord.ant", old_case)[0].notes);
  const auto actions = s.actions("coord.ant", old_case);
  CHECK(actions[0].text.empty());
  CHECK(actions[0].status == ActionStatus::kDone);
  for (const auto& h : actions[0].history) CHECK_FALSE(h.note);
  CHECK_FALSE(s.directors("coord.ant", old_case)[0].reason);
  CHECK(s.screen("coord.ant", old_case).outcome == Outcome::kEligible);  // the screening stays

  // the open case is untouched, a second purge finds nothing, the chain verifies
  CHECK(s.referral("coord.ant", open_case)->summary);
  CHECK(s.purge("coord.ant", {2027, 1, 1}, false).empty());
  CHECK(s.audit_verify().intact);
  const auto log = s.log("coord.ant", old_case);
  CHECK(log.back().action == "purged");
}

TEST_CASE("purge is for coordinators and only for dates already past", "[retention]") {
  clock_value = *parse_timestamp("2026-11-28T10:00:00Z");
  Service s = service();
  closed_case(s, "R1", "Person A.");
  try {
    s.purge("dir.ant", {2026, 11, 1}, false);
    FAIL("a director purged");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kAccessDenied);
  }
  try {
    s.purge("coord.ant", {2026, 12, 1}, false);
    FAIL("purged with a future date");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kRefused);
  }
  CHECK(s.purge("coord.ant", {2026, 11, 28}, false).empty());  // closed today, not before
}

TEST_CASE("export person finds every case naming the person, with roles, and logs it",
          "[retention]") {
  clock_value = *parse_timestamp("2026-11-28T10:00:00Z");
  Service s = service();
  const std::string a = closed_case(s, "R1", "Person A.");
  const std::string b = s.register_referral("coord.ant", referral("R2", "Person B."));
  Referral third = referral("R3", "Person B.");
  third.persons[0].birth_year = 1980;
  const std::string c = s.register_referral("coord.ant", third);

  const json all = json::parse(to_json(s.export_person("coord.ant", "person b.", std::nullopt)));
  REQUIRE(all["cases"].size() == 2);
  CHECK(all["cases"][0]["case"] == b);
  CHECK(all["cases"][1]["case"] == c);
  CHECK(all["cases"][0]["roles"] == json{"victim"});
  CHECK(all["cases"][0]["referral"]["summary"] == "Synthetic summary naming Person B.");

  const json born = json::parse(to_json(s.export_person("coord.ant", "Person B.", 1980)));
  REQUIRE(born["cases"].size() == 1);
  CHECK(born["cases"][0]["case"] == c);

  const json referrer =
      json::parse(to_json(s.export_person("coord.ant", "Referrer R.", std::nullopt)));
  CHECK(referrer["cases"].size() == 3);
  CHECK(referrer["cases"][0]["roles"] == json{"referrer"});

  const json full = json::parse(to_json(s.export_person("coord.ant", "Person A.", std::nullopt)));
  REQUIRE(full["cases"].size() == 1);
  CHECK(full["cases"][0]["meetings"].size() == 1);
  CHECK(full["cases"][0]["actions"][0]["action"] == "Action for Person A.");
  CHECK_FALSE(full["cases"][0]["events"].empty());

  CHECK(json::parse(to_json(s.export_person("coord.lim", "Person A.", std::nullopt)))["cases"]
            .empty());
  try {
    (void)s.export_person("dir.ant", "Person A.", std::nullopt);
    FAIL("a director answered an access request");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kAccessDenied);
  }
  const auto entries = s.audit_show("coord.ant", AuditFilter{a, std::nullopt, std::nullopt});
  bool logged = false;
  for (const auto& e : entries) logged |= e.action == "export person" && e.kind == "read";
  CHECK(logged);
  CHECK(s.audit_verify().intact);
}

TEST_CASE("edit_distance counts code points and stops past its limit", "[persons][names]") {
  using detail::code_points;
  using detail::edit_distance;
  auto d = [](const char* a, const char* b, int limit = 2) {
    return edit_distance(code_points(a), code_points(b), limit);
  };
  CHECK(d("anna peeters", "anna peeters") == 0);
  CHECK(d("anna peeters", "ana peeters") == 1);   // a deletion
  CHECK(d("anna peeters", "anne peeters") == 1);  // a substitution
  CHECK(d("anna peeters", "anna peters") == 1);
  CHECK(d("anna peeters", "ana petters") == 2);  // two edits
  CHECK(d("jan peeters", "jna peeters") == 2);   // a swap is two edits
  CHECK(d("m\xC3\xBCller", "muller") == 1);      // ü is one code point, not two bytes
  CHECK(d("kitten", "sitting") == 3);            // more than the limit: limit + 1
  CHECK(d("kitten", "sitting", 3) == 3);
  CHECK(d("ab", "abcde") == 3);  // lengths 3 apart: not computed
  CHECK(d("", "ab") == 2);
  CHECK(d("abcdef", "badcfe") == 3);        // the band gives up early
  CHECK(d("A\xC3\x28", "A\xC3\x29") == 1);  // bytes that are not UTF-8 count one each
}

TEST_CASE("name_key: NFC, case folding, white space folded and trimmed", "[retention][names]") {
  using detail::name_key;
  CHECK(name_key("  Person\xC2\xA0 A.\t\n") == "person a.");     // NBSP, tab, line feed
  CHECK(name_key("E\xCC\x81lise") == name_key("\xC3\x89LISE"));  // E + U+0301 is É
  CHECK(name_key("E\xCC\x81lise") == "\xC3\xA9lise");            // composed: é
  CHECK(name_key("Stra\xC3\x9F"
                 "e") == "strasse");                     // ß folds to ss
  CHECK(name_key("Elise") != name_key("\xC3\x89lise"));  // accents are kept
  CHECK(name_key("Person\xE2\x80\x83\xE2\x80\x83"
                 "B.") == "person b.");  // em spaces
  CHECK(name_key("") == "");
  CHECK(name_key("A\xC3\x28"
                 "B") ==
        "a\xC3\x28"
        "b");  // not UTF-8: its bytes, ASCII lowered
}

TEST_CASE("export person finds a person however the name was typed", "[retention][names]") {
  clock_value = *parse_timestamp("2026-11-28T10:00:00Z");
  Service s = service();
  // Stored composed (É, Ø), and stored decomposed (e + U+0301).
  const std::string composed =
      s.register_referral("coord.ant", referral("N1", "\xC3\x89lise \xC3\x98rsted-Person"));
  const std::string decomposed =
      s.register_referral("coord.ant", referral("N2", "Rene\xCC\x81 Person"));
  auto found = [&](const std::string& typed) {
    const json out = json::parse(to_json(s.export_person("coord.ant", typed, std::nullopt)));
    std::vector<std::string> ids;
    for (const auto& c : out["cases"]) ids.push_back(c["case"]);
    return ids;
  };
  const std::vector<std::string> first{composed}, second{decomposed};
  CHECK(found("E\xCC\x81lise \xC3\x98rsted-Person") == first);              // decomposed É
  CHECK(found("\xC3\xA9LISE \xC3\xB8RSTED-PERSON") == first);               // other case
  CHECK(found("  \xC3\x89lise\xC2\xA0\t \xC3\x98rsted-Person ") == first);  // spaces
  CHECK(found("Ren\xC3\xA9 person") == second);                             // composed é
  CHECK(found("Elise Orsted-Person").empty());                              // accents count
  CHECK(found("\xC3\x89lise \xC3\x98rsted").empty());                       // the whole name
}

TEST_CASE("export person gives the roles of a name typed in another form (they were empty)",
          "[retention][names]") {
  clock_value = *parse_timestamp("2026-11-28T10:00:00Z");
  Service s = service();
  s.register_referral("coord.ant", referral("N1", "\xC3\x89lise Person"));
  const json out =
      json::parse(to_json(s.export_person("coord.ant", "  e\xCC\x81LISE   person", std::nullopt)));
  REQUIRE(out["cases"].size() == 1);
  CHECK(out["cases"][0]["roles"] == json{"victim"});
}

TEST_CASE("case find: the cases one may read that name a person, each a logged read",
          "[case_find][names]") {
  clock_value = *parse_timestamp("2026-11-28T10:00:00Z");
  Service s = service();
  const std::string ant = s.register_referral("coord.ant", referral("F1", "\xC3\x89lise Person"));
  Referral lim = test::eligible_referral("F2", "LIM", {2026, 3, 2});
  lim.persons = {{PersonRole::kPerpetrator, "\xC3\x89LISE  PERSON", std::nullopt}};
  const std::string lim_id = s.register_referral("coord.lim", lim);
  s.set_justification("Intake call");
  auto found = [&](const std::string& actor, const std::string& typed, std::optional<int> year) {
    std::vector<std::string> ids;
    for (const auto& c : s.case_find(actor, typed, year).cases) ids.push_back(c.case_id);
    return ids;
  };
  const std::string typed = "  e\xCC\x81lise\xC2\xA0 pERSON ";  // decomposed, case, spaces

  SECTION("only the cases the actor may read, across regions") {
    const FoundCases f = s.case_find("coord.ant", typed, std::nullopt);
    REQUIRE(f.cases.size() == 1);
    CHECK(f.cases[0].case_id == ant);
    CHECK(f.cases[0].region == "ANT");
    CHECK(f.cases[0].status == CaseStatus::kRegistered);
    CHECK(f.cases[0].received == Date{2026, 3, 2});
    CHECK(f.cases[0].roles == std::vector<std::string>{"victim"});
    CHECK(found("coord.lim", typed, std::nullopt) == std::vector<std::string>{lim_id});
    CHECK(found("dir.ant", typed, std::nullopt) == std::vector<std::string>{ant});  // involved
    CHECK(found("coord.ant", "Elise Person", std::nullopt).empty());                // accents count
    const json j = json::parse(to_json(s.case_find("coord.lim", typed, std::nullopt)));
    CHECK(j == json::parse(R"({"format_version":1,"cases":[{"case":")" + lim_id +
                           R"(","region":"LIM","status":"registered","received":"2026-03-02",)"
                           R"("roles":["perpetrator"]}],"count":1})"));
  }
  SECTION("a birth year matches only persons born then") {
    CHECK(found("coord.ant", typed, 1991) == std::vector<std::string>{ant});
    CHECK(found("coord.ant", typed, 1990).empty());
    CHECK(found("coord.lim", typed, 1991).empty());  // recorded without a birth year
    CHECK(found("coord.ant", "Referrer R.", std::nullopt) == std::vector<std::string>{ant});
    CHECK(found("coord.ant", "Referrer R.", 1991).empty());  // a referrer has no birth year
  }
  SECTION("each case found is one read with the justification, and nothing else is logged") {
    const long before = s.audit_head().entries;
    (void)s.case_find("coord.ant", typed, std::nullopt);
    CHECK(s.audit_head().entries == before + 1);
    const auto entries = s.audit_show("coord.ant", AuditFilter{ant, "coord.ant", std::nullopt});
    REQUIRE_FALSE(entries.empty());
    const AuditEntry& e = entries.back();
    CHECK(e.kind == "read");
    CHECK(e.action == "case find");
    CHECK(e.justification == std::optional<std::string>("Intake call"));
    CHECK(e.details.find("lise") == std::string::npos);  // no name in the trail
    const long after_show = s.audit_head().entries;      // audit show is a logged read too
    (void)s.case_find("coord.ant", "Nobody N.", std::nullopt);
    CHECK(s.audit_head().entries == after_show);  // nothing found: nothing read
  }
  SECTION("refusals") {
    CHECK(test::code_of([&] { (void)s.case_find("coord.ant", "  ", std::nullopt); }) ==
          ErrorCode::kRefused);
    Config c = config();
    c.professionals.push_back({"analyst.ant", "Analyst A", "jh-ant", {Role::kAnalyst}, true});
    s.init(c, "coord.ant");
    CHECK(test::code_of([&] { (void)s.case_find("analyst.ant", typed, std::nullopt); }) ==
          ErrorCode::kAccessDenied);
  }
}

TEST_CASE("case find needs the justification that reads need when it is required", "[case_find]") {
  clock_value = *parse_timestamp("2026-11-28T10:00:00Z");
  ServiceOptions o;
  o.db_path = ":memory:";
  o.create = true;
  o.clock = [] { return clock_value; };
  Service s(o);
  Config c = config();
  c.require_justification = true;
  s.init(c, std::nullopt);
  const std::string id = s.register_referral("coord.ant", referral("J1", "Person J."));
  ErrorCode find_code{}, read_code{};
  Hint find_hint{}, read_hint{};
  try {
    (void)s.case_find("coord.ant", "Person J.", std::nullopt);
  } catch (const Error& e) {
    find_code = e.code();
    find_hint = e.hint();
  }
  try {
    (void)s.log("coord.ant", id);
  } catch (const Error& e) {
    read_code = e.code();
    read_hint = e.hint();
  }
  CHECK(find_code == ErrorCode::kAccessDenied);
  CHECK(find_code == read_code);
  CHECK(find_hint == read_hint);
  s.set_justification("Intake");
  CHECK(s.case_find("coord.ant", "Person J.", std::nullopt).cases.size() == 1);
}
