// SPDX-License-Identifier: EUPL-1.2
// The case workflow after screening (docs/workflow.md, the lifecycle and
// involvement): the transition matrix, the decision and its override
// rule, meetings, the action plan (numbering, history, overdue at the Brussels day
// boundary), the case director and its history, closure, the timeline (one event
// per change) and involvement. All people are synthetic.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/service.h"

using namespace ifg;
using nlohmann::json;

namespace {

const Timestamp kNow = *parse_timestamp("2026-11-28T10:00:00Z");
const std::string kNowText = "2026-11-28T10:00:00Z";
const std::string kActor = "coord.ant";

Config config() {
  Config c = test::two_regions();
  c.partners.insert(c.partners.end(),
                    {{"caw-ant-noord", PartnerKind::kCaw, "CAW Antwerpen Noord", {"ANT"}},
                     {"caw-lim", PartnerKind::kCaw, "CAW Limburg", {"LIM"}},
                     {"pz-ant", PartnerKind::kPolitie, "PZ Antwerpen", {"ANT"}},
                     {"vk-ant", PartnerKind::kVk, "VK Antwerpen", {"ANT"}},
                     {"ggz-kempen", PartnerKind::kGgz, "GGZ Kempen", {"ANT", "LIM"}},
                     {"ocmw-ant", PartnerKind::kNetwork, "OCMW Antwerpen", {"ANT"}}});
  test::professional(c, "coord.ant").roles = {Role::kCoordinator, Role::kDirector};
  test::professional(c, "coord.lim").roles = {Role::kCoordinator, Role::kDirector};
  c.professionals.insert(
      c.professionals.end(),
      {{"dir.ant", "Director A", "caw-ant", {Role::kDirector, Role::kMember}, true},
       {"dir.pz", "Director P", "pz-ant", {Role::kDirector}, true},
       {"member.pz", "Member P", "pz-ant", {Role::kMember}, true},
       {"member.ocmw", "Member O", "ocmw-ant", {Role::kMember}, true},
       {"member.ggz", "Member G", "ggz-kempen", {Role::kMember}, true},
       {"gone.dir", "Former D", "caw-ant", {Role::kDirector, Role::kMember}, false},
       {"dir.lim", "Director L", "caw-lim", {Role::kDirector}, true}});
  return c;
}

/// A configured in-memory database whose clock the test moves.
struct Fixture {
  std::shared_ptr<Timestamp> now = std::make_shared<Timestamp>(kNow);
  Service s;

  Fixture() : s(test::memory_service(config(), now)) {}
  void at(const char* iso) { *now = *parse_timestamp(iso); }

  CaseStatus status(const std::string& id) { return s.case_state(kActor, id).status; }
  std::size_t events(const std::string& id) { return s.log(kActor, id).size(); }
  std::vector<std::string> event_names(const std::string& id) {
    std::vector<std::string> out;
    for (const auto& e : s.log(kActor, id)) out.push_back(e.action);
    return out;
  }
  json last_details(const std::string& id) { return json::parse(s.log(kActor, id).back().details); }
  std::map<std::string, std::vector<std::string>> involvement(const std::string& id) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& i : s.involvement(kActor, id)) out[i.partner] = i.reasons;
    return out;
  }
};

/// An eligible referral in ANT: referred via CAW by a VK professional, police as crisis partner.
Referral referral(const std::string& ref) {
  Referral r = test::eligible_referral(ref, "ANT", {2026, 1, 5});
  r.referrer.partner = "vk-ant";
  r.persons = {{PersonRole::kVictim, "Person A.", 1990}, {PersonRole::kChild, std::nullopt, 2015}};
  return r;
}

using test::code_of;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no ifg::Error thrown");
  return {};
}

MeetingInput meeting(std::vector<std::string> attendees,
                     const std::string& purpose = "Analyse the situation") {
  MeetingInput m;
  m.date = {2026, 11, 27};
  m.attendees = std::move(attendees);
  m.basis = LegalBasis::kDecree;
  m.purpose = purpose;
  return m;
}

int rank(CaseStatus s) {
  return static_cast<int>(s);
}

/// Registers a case and brings it to `target` along the main path: screened, accepted,
/// analysis (a held meeting attended by member.pz, action 1 held by member.pz), directed
/// (dir.ant), active, closed (goals_reached).
std::string bring_to(Fixture& f, CaseStatus target, const std::string& ref, Referral r) {
  r.external_ref = ref;
  const std::string id = f.s.register_referral(kActor, r);
  const int t = rank(target);
  if (t >= rank(CaseStatus::kScreened)) f.s.screen(kActor, id);
  if (t >= rank(CaseStatus::kAccepted))
    f.s.decide(kActor, id, true, "The team takes the family on", false);
  if (t >= rank(CaseStatus::kAnalysis)) {
    f.s.add_meeting(kActor, id, meeting({"member.pz"}));
    f.s.add_action(kActor, id, "Find housing", "housing", "member.pz", Date{2026, 12, 15});
  }
  if (t >= rank(CaseStatus::kDirected))
    f.s.assign_director(kActor, id, "dir.ant", "holds the plan");
  if (t >= rank(CaseStatus::kActive)) f.s.activate_plan(kActor, id);
  if (t >= rank(CaseStatus::kClosed))
    f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt);
  REQUIRE(f.status(id) == target);
  return id;
}

std::string bring_to(Fixture& f, CaseStatus target, const std::string& ref) {
  return bring_to(f, target, ref, referral(ref));
}

const std::vector<CaseStatus> kStatuses{
    CaseStatus::kRegistered, CaseStatus::kScreened, CaseStatus::kAccepted, CaseStatus::kAnalysis,
    CaseStatus::kDirected,   CaseStatus::kActive,   CaseStatus::kClosed};

}  // namespace

// ---------------------------------------------------------------------------
// The transition matrix

namespace {

/// What one command does from one status.
struct Cell {
  enum Kind { kRefused, kAllowed, kNotFound } kind = kRefused;
  std::optional<CaseStatus> to;          ///< resulting status when allowed (nullopt: unchanged)
  std::vector<std::string> events = {};  ///< events appended when allowed
};

Cell refused() {
  return {Cell::kRefused, std::nullopt, {}};
}
Cell to(CaseStatus s, std::vector<std::string> events) {
  return {Cell::kAllowed, s, std::move(events)};
}
Cell same(std::vector<std::string> events) {
  return {Cell::kAllowed, std::nullopt, std::move(events)};
}
Cell not_found() {
  return {Cell::kNotFound, std::nullopt, {}};
}

struct Command {
  std::string name;
  std::function<void(Fixture&, const std::string&)> run;
  std::vector<Cell> cells;     ///< in the order of kStatuses
  bool status_message = true;  ///< a refusal names the case and its status
};

std::vector<Command> commands() {
  using S = CaseStatus;
  const std::vector<std::string> none;
  ReferralPatch patch;
  patch.set = {{"help_status", "no_perspective"}};
  return {
      {"update",
       [patch](Fixture& f, const std::string& id) { f.s.update(kActor, id, patch); },
       {to(S::kScreened, {"updated", "screened"}), to(S::kScreened, {"updated", "screened"}),
        refused(), refused(), refused(), refused(), refused()}},
      {"screen",
       [](Fixture& f, const std::string& id) { f.s.screen(kActor, id); },
       {to(S::kScreened, {"screened"}), to(S::kScreened, {"screened"}), same(none), same(none),
        same(none), same(none), same(none)}},
      {"decide --accept",
       [](Fixture& f, const std::string& id) { f.s.decide(kActor, id, true, "Take it on", false); },
       {refused(), to(S::kAccepted, {"decided"}), refused(), refused(), refused(), refused(),
        refused()}},
      {"decide --refuse",
       [](Fixture& f, const std::string& id) {
         f.s.decide(kActor, id, false, "Not for the chain", false);
       },
       {refused(), to(S::kClosed, {"decided", "closed"}), refused(), refused(), refused(),
        refused(), refused()}},
      {"meeting add",
       [](Fixture& f, const std::string& id) {
         f.s.add_meeting(kActor, id, meeting({"member.ocmw"}));
       },
       {refused(), refused(), to(S::kAnalysis, {"meeting_added"}), same({"meeting_added"}),
        same({"meeting_added"}), same({"meeting_added"}), refused()}},
      {"plan add",
       [](Fixture& f, const std::string& id) {
         f.s.add_action(kActor, id, "Start debt mediation", "finances", "member.ocmw",
                        std::nullopt);
       },
       {refused(), refused(), to(S::kAnalysis, {"action_added"}), same({"action_added"}),
        same({"action_added"}), same({"action_added"}), refused()}},
      {"assign --director",
       [](Fixture& f, const std::string& id) {
         f.s.assign_director(kActor, id, "dir.pz", std::nullopt);
       },
       {refused(), refused(), to(S::kDirected, {"director_assigned"}),
        to(S::kDirected, {"director_assigned"}), same({"director_assigned"}),
        same({"director_assigned"}), refused()}},
      // In `accepted` no action exists yet (the first one moves the case to analysis):
      // the status allows the command, so action 1 is not found rather than refused.
      {"assign --action",
       [](Fixture& f, const std::string& id) { f.s.reassign_action(kActor, id, 1, "member.ocmw"); },
       {refused(), refused(), not_found(), same({"action_reassigned"}), same({"action_reassigned"}),
        same({"action_reassigned"}), refused()}},
      {"plan set",
       [](Fixture& f, const std::string& id) {
         f.s.set_action_status(kActor, id, 1, ActionStatus::kInProgress, std::nullopt);
       },
       {refused(), refused(), not_found(), same({"action_status"}), same({"action_status"}),
        same({"action_status"}), refused()}},
      {"plan set --due",
       [](Fixture& f, const std::string& id) {
         f.s.set_action_due(kActor, id, 1, Date{2027, 1, 15}, std::string("Moved"));
       },
       {refused(), refused(), not_found(), same({"action_due"}), same({"action_due"}),
        same({"action_due"}), refused()}},
      // Meeting 1 of a case in analysis or later was held when it was added
      // (its date had come): holding it again is refused for that, not the status.
      {"meeting held",
       [](Fixture& f, const std::string& id) { f.s.hold_meeting(kActor, id, 1, {}); },
       {refused(), refused(), not_found(), refused(), refused(), refused(), refused()},
       false},
      // The case closed with goals_reached and no monitoring date: no contacts.
      {"monitor",
       [](Fixture& f, const std::string& id) {
         f.s.monitor(kActor, id, MonitoringResult::kStable, "Calm at home");
       },
       {refused(), refused(), refused(), refused(), refused(), refused(), refused()},
       false},
      {"reopen",
       [](Fixture& f, const std::string& id) { f.s.reopen(kActor, id, "Violence returned"); },
       {refused(), refused(), refused(), refused(), refused(), refused(),
        to(S::kAnalysis, {"reopened"})},
       false},
      {"transfer --to LIM",
       [](Fixture& f, const std::string& id) {
         f.s.transfer(kActor, id, "LIM", "The family moved to Genk");
       },
       {to(S::kClosed, {"closed"}), to(S::kClosed, {"closed"}), to(S::kClosed, {"closed"}),
        to(S::kClosed, {"action_status", "closed"}), to(S::kClosed, {"action_status", "closed"}),
        to(S::kClosed, {"action_status", "closed"}), refused()}},
      {"plan activate",
       [](Fixture& f, const std::string& id) { f.s.activate_plan(kActor, id); },
       {refused(), refused(), refused(), refused(), to(S::kActive, {"plan_activated"}), refused(),
        refused()}},
      {"close --reason goals_reached",
       [](Fixture& f, const std::string& id) {
         f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt);
       },
       {to(S::kClosed, {"closed"}), to(S::kClosed, {"closed"}), to(S::kClosed, {"closed"}),
        to(S::kClosed, {"action_status", "closed"}), to(S::kClosed, {"action_status", "closed"}),
        to(S::kClosed, {"action_status", "closed"}), refused()}},
      {"close --reason other --note",
       [](Fixture& f, const std::string& id) {
         f.s.close(kActor, id, ClosureReason::kOther, std::string("The family asked to stop"));
       },
       {to(S::kClosed, {"closed"}), to(S::kClosed, {"closed"}), to(S::kClosed, {"closed"}),
        to(S::kClosed, {"action_status", "closed"}), to(S::kClosed, {"action_status", "closed"}),
        to(S::kClosed, {"action_status", "closed"}), refused()}},
      {"close --reason refused",
       [](Fixture& f, const std::string& id) {
         f.s.close(kActor, id, ClosureReason::kRefused, std::nullopt);
       },
       {refused(), refused(), refused(), refused(), refused(), refused(), refused()},
       false},
      {"reads",
       [](Fixture& f, const std::string& id) {
         f.s.case_state(kActor, id);
         f.s.log(kActor, id);
         f.s.meetings(kActor, id);
         f.s.actions(kActor, id);
         f.s.directors(kActor, id);
         f.s.involvement(kActor, id);
         REQUIRE(f.s.referral(kActor, id));
       },
       {same(none), same(none), same(none), same(none), same(none), same(none), same(none)}},
  };
}

}  // namespace

TEST_CASE("transition matrix: every command from every status", "[workflow][matrix]") {
  Fixture f;
  int n = 0;
  for (const Command& cmd : commands()) {
    REQUIRE(cmd.cells.size() == kStatuses.size());
    for (std::size_t i = 0; i < kStatuses.size(); ++i) {
      const CaseStatus from = kStatuses[i];
      const Cell& cell = cmd.cells[i];
      const std::string id = bring_to(f, from, "M-" + std::to_string(++n));
      INFO("command `" << cmd.name << "` from " << to_string(from) << " on " << id);
      const auto before = f.event_names(id);
      const auto involvement_before = f.involvement(id);
      switch (cell.kind) {
        case Cell::kAllowed: {
          cmd.run(f, id);
          CHECK(f.status(id) == cell.to.value_or(from));
          auto after = f.event_names(id);
          REQUIRE(after.size() >= before.size());
          CHECK(std::vector<std::string>(after.begin(), after.begin() + long(before.size())) ==
                before);
          CHECK(std::vector<std::string>(after.begin() + long(before.size()), after.end()) ==
                cell.events);
          break;
        }
        case Cell::kRefused: {
          const std::string msg = message_of([&] { cmd.run(f, id); });
          CHECK(code_of([&] { cmd.run(f, id); }) == ErrorCode::kRefused);
          if (cmd.status_message)
            CHECK_THAT(msg, Catch::Contains("case " + id + " is " + std::string(to_string(from))));
          CHECK(f.status(id) == from);
          CHECK(f.event_names(id) == before);
          CHECK(f.involvement(id) == involvement_before);
          break;
        }
        case Cell::kNotFound: {
          CHECK(code_of([&] { cmd.run(f, id); }) == ErrorCode::kNotFound);
          CHECK(f.status(id) == from);
          CHECK(f.event_names(id) == before);
          break;
        }
      }
    }
  }
}

TEST_CASE("unknown cases are not found by any command", "[workflow]") {
  Fixture f;
  const std::string id = "ANT-2026-9999";
  ReferralPatch p;
  p.set = {{"safety", "very_unsafe"}};
  CHECK(code_of([&] { f.s.update(kActor, id, p); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.decide(kActor, id, true, "m", false); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.add_meeting(kActor, id, meeting({"member.pz"})); }) ==
        ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.meetings(kActor, id); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.add_action(kActor, id, "t", "housing", "member.pz", std::nullopt); }) ==
        ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.actions(kActor, id); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.set_action_status(kActor, id, 1, ActionStatus::kDone, std::nullopt); }) ==
        ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.reassign_action(kActor, id, 1, "member.pz"); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.activate_plan(kActor, id); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.assign_director(kActor, id, "dir.ant", std::nullopt); }) ==
        ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.directors(kActor, id); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.close(kActor, id, ClosureReason::kMoved, std::nullopt); }) ==
        ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.case_state(kActor, id); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.log(kActor, id); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.involvement(kActor, id); }) == ErrorCode::kNotFound);
}

TEST_CASE("workflow commands need an active actor", "[workflow]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kScreened, "A");
  for (const std::optional<std::string>& who :
       {std::optional<std::string>(), std::optional<std::string>(""),
        std::optional<std::string>("nobody"), std::optional<std::string>("gone.dir")}) {
    CHECK(code_of([&] { f.s.decide(who, id, true, "m", false); }) == ErrorCode::kAccessDenied);
    CHECK(code_of([&] { f.s.close(who, id, ClosureReason::kMoved, std::nullopt); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { f.s.log(who, id); }) == ErrorCode::kAccessDenied);
  }
  CHECK(f.status(id) == CaseStatus::kScreened);
  CHECK(f.events(id) == 2);
}

// ---------------------------------------------------------------------------
// Step 1: the team's decision

TEST_CASE("decide only from screened, with a motivation, once", "[workflow][decide]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kRegistered, "A");
  for (bool accept : {true, false}) {
    const std::string msg =
        message_of([&] { f.s.decide(kActor, id, accept, "Motivation", false); });
    CHECK(code_of([&] { f.s.decide(kActor, id, accept, "Motivation", false); }) ==
          ErrorCode::kRefused);
    CHECK_THAT(msg, Catch::Contains(id) && Catch::Contains("registered"));
    CHECK(test::hint_of([&] { f.s.decide(kActor, id, accept, "Motivation", false); }) ==
          test::HintOf{Hint::kScreenCase, id});
  }
  CHECK(f.event_names(id) == std::vector<std::string>{"registered"});
  CHECK_FALSE(f.s.case_state(kActor, id).decision);

  f.s.screen(kActor, id);
  CHECK(code_of([&] { f.s.decide(kActor, id, true, "", false); }) == ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.decide(kActor, id, true, " \t\n", false); }) == ErrorCode::kRefused);
  CHECK(f.events(id) == 2);
  CHECK(f.status(id) == CaseStatus::kScreened);

  CHECK(f.s.decide(kActor, id, true, "Very unsafe: the chain takes it on", false) ==
        CaseStatus::kAccepted);
  const CaseState st = f.s.case_state(kActor, id);
  CHECK(st.status == CaseStatus::kAccepted);
  REQUIRE(st.decision);
  CHECK(st.decision->accepted);
  CHECK_FALSE(st.decision->overridden);
  CHECK(st.decision->motivation == "Very unsafe: the chain takes it on");
  CHECK(st.decision->actor == kActor);
  CHECK(st.decision->at == kNowText);
  CHECK_FALSE(st.closure_reason);
  CHECK(f.event_names(id) == std::vector<std::string>{"registered", "screened", "decided"});
  const auto e = f.s.log(kActor, id).back();
  CHECK(e.actor == kActor);
  CHECK(e.at == kNowText);
  CHECK(json::parse(e.details) ==
        json{{"accepted", true}, {"override", false}, {"outcome", "eligible"}});
  // the motivation is not in the timeline
  CHECK(e.details.find("chain takes") == std::string::npos);

  // decided once
  CHECK(code_of([&] { f.s.decide(kActor, id, true, "Again", false); }) == ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.decide(kActor, id, false, "Again", false); }) == ErrorCode::kRefused);
  CHECK(f.events(id) == 3);
}

TEST_CASE("refusing closes the case with reason refused", "[workflow][decide]") {
  Fixture f;
  Referral citizen = referral("C");
  citizen.referrer.kind = ReferrerKind::kCitizen;
  citizen.referrer.partner.reset();
  const std::string id = bring_to(f, CaseStatus::kScreened, "C", citizen);
  CHECK(f.s.case_state(kActor, id).outcome == Outcome::kInadmissible);
  CHECK(f.s.decide(kActor, id, false, "Citizen referral: pointed to 1712", false) ==
        CaseStatus::kClosed);
  const CaseState st = f.s.case_state(kActor, id);
  CHECK(st.status == CaseStatus::kClosed);
  CHECK(st.closure_reason == ClosureReason::kRefused);
  REQUIRE(st.decision);
  CHECK_FALSE(st.decision->accepted);
  CHECK_FALSE(st.decision->overridden);
  CHECK(st.decision->motivation == "Citizen referral: pointed to 1712");
  const auto log = f.s.log(kActor, id);
  REQUIRE(log.size() == 4);
  CHECK(log[2].action == "decided");
  CHECK(json::parse(log[2].details) ==
        json{{"accepted", false}, {"override", false}, {"outcome", "inadmissible"}});
  CHECK(log[3].action == "closed");
  CHECK(json::parse(log[3].details).at("reason") == "refused");
  CHECK(log[2].id < log[3].id);
}

TEST_CASE("the override rule", "[workflow][decide]") {
  Fixture f;
  SECTION("an eligible case is accepted without --override, never with it") {
    const std::string id = bring_to(f, CaseStatus::kScreened, "E");
    CHECK_THAT(message_of([&] { f.s.decide(kActor, id, true, "m", true); }),
               Catch::Contains("override"));
    CHECK(test::hint_of([&] { f.s.decide(kActor, id, true, "m", true); }).hint ==
          Hint::kNoOverride);
    CHECK(code_of([&] { f.s.decide(kActor, id, true, "m", true); }) == ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.decide(kActor, id, false, "m", true); }) == ErrorCode::kRefused);
    CHECK(f.status(id) == CaseStatus::kScreened);
    CHECK(f.events(id) == 2);
    CHECK_FALSE(f.s.case_state(kActor, id).decision);
    CHECK(f.s.decide(kActor, id, true, "m", false) == CaseStatus::kAccepted);
  }
  SECTION("a case not screened eligible needs --override to be accepted") {
    struct Variant {
      std::string ref;
      Outcome outcome;
      std::string code;
      std::function<void(Referral&)> change;
    };
    const std::vector<Variant> variants{
        {"NE", Outcome::kNotEligible, "not_eligible",
         [](Referral& r) { r.safety = Safety::kUnsafe; }},
        {"IC", Outcome::kIncomplete, "incomplete", [](Referral& r) { r.safety.reset(); }},
    };
    for (const auto& v : variants) {
      INFO(v.code);
      Referral r = referral(v.ref);
      v.change(r);
      const std::string id = bring_to(f, CaseStatus::kScreened, v.ref, r);
      REQUIRE(f.s.case_state(kActor, id).outcome == v.outcome);
      CHECK_THAT(message_of([&] { f.s.decide(kActor, id, true, "m", false); }),
                 Catch::Contains(v.code) && Catch::Contains("override"));
      CHECK(test::hint_of([&] { f.s.decide(kActor, id, true, "m", false); }).hint ==
            Hint::kOverride);
      CHECK(code_of([&] { f.s.decide(kActor, id, true, "m", false); }) == ErrorCode::kRefused);
      // --override only with --accept
      CHECK(code_of([&] { f.s.decide(kActor, id, false, "m", true); }) == ErrorCode::kRefused);
      CHECK(f.status(id) == CaseStatus::kScreened);
      CHECK(f.events(id) == 2);
      CHECK_FALSE(f.s.case_state(kActor, id).decision);

      CHECK(f.s.decide(kActor, id, true, "Team judges it very unsafe after all", true) ==
            CaseStatus::kAccepted);
      const auto st = f.s.case_state(kActor, id);
      REQUIRE(st.decision);
      CHECK(st.decision->accepted);
      CHECK(st.decision->overridden);
      CHECK(st.decision->motivation == "Team judges it very unsafe after all");
      CHECK(st.outcome == v.outcome);
      CHECK(f.event_names(id) == std::vector<std::string>{"registered", "screened", "decided"});
      CHECK(f.last_details(id) ==
            json{{"accepted", true}, {"override", true}, {"outcome", v.code}});
    }
  }
  SECTION("an inadmissible case (a citizen's referral) is never accepted, not even overridden") {
    Referral citizen = referral("IA");
    citizen.referrer.kind = ReferrerKind::kCitizen;
    citizen.referrer.partner.reset();
    const std::string id = bring_to(f, CaseStatus::kScreened, "IA", citizen);
    REQUIRE(f.s.case_state(kActor, id).outcome == Outcome::kInadmissible);
    for (const bool override_outcome : {true, false}) {
      INFO("override " << override_outcome);
      const auto accept = [&] {
        f.s.decide(kActor, id, true, "Team judges it very unsafe", override_outcome);
      };
      CHECK_THAT(message_of(accept), Catch::Contains("case " + id) &&
                                         Catch::Contains("inadmissible") &&
                                         Catch::Contains("1712"));
      CHECK(code_of(accept) == ErrorCode::kRefused);
      CHECK(test::hint_of(accept) == test::HintOf{Hint::kRefuseCase, id});
    }
    CHECK(f.status(id) == CaseStatus::kScreened);
    CHECK(f.event_names(id) == std::vector<std::string>{"registered", "screened"});
    CHECK_FALSE(f.s.case_state(kActor, id).decision);
    // refusing remains the way to close it
    CHECK(f.s.decide(kActor, id, false, "Citizen referral: pointed to 1712", false) ==
          CaseStatus::kClosed);
    CHECK(f.s.case_state(kActor, id).closure_reason == ClosureReason::kRefused);
  }
  SECTION("refusing a not-eligible case needs no override") {
    Referral r = referral("NE");
    r.safety = Safety::kSafe;
    const std::string id = bring_to(f, CaseStatus::kScreened, "NE", r);
    CHECK(f.s.decide(kActor, id, false, "Not for the chain", false) == CaseStatus::kClosed);
    CHECK(f.s.case_state(kActor, id).closure_reason == ClosureReason::kRefused);
  }
}

// ---------------------------------------------------------------------------
// Closure

TEST_CASE("close: reasons, the note of other, and never refused", "[workflow][close]") {
  Fixture f;
  SECTION("close --reason refused is refused from every open status") {
    for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i) {
      const std::string id = bring_to(f, kStatuses[i], "R-" + std::to_string(i));
      INFO(to_string(kStatuses[i]));
      const auto before = f.events(id);
      CHECK_THAT(
          message_of([&] { f.s.close(kActor, id, ClosureReason::kRefused, std::string("n")); }),
          Catch::Contains("the team's decision"));
      CHECK(test::hint_of([&] {
              f.s.close(kActor, id, ClosureReason::kRefused, std::string("n"));
            }) == test::HintOf{Hint::kRefuseCase, id});
      CHECK(code_of([&] { f.s.close(kActor, id, ClosureReason::kRefused, std::nullopt); }) ==
            ErrorCode::kRefused);
      CHECK(f.status(id) == kStatuses[i]);
      CHECK(f.events(id) == before);
      CHECK_FALSE(f.s.case_state(kActor, id).closure_reason);
    }
  }
  SECTION("other needs a note") {
    const std::string id = bring_to(f, CaseStatus::kAnalysis, "O");
    CHECK(code_of([&] { f.s.close(kActor, id, ClosureReason::kOther, std::nullopt); }) ==
          ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.close(kActor, id, ClosureReason::kOther, std::string()); }) ==
          ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.close(kActor, id, ClosureReason::kOther, std::string(" \n")); }) ==
          ErrorCode::kRefused);
    // The hint names the missing text, which the CLI words as its option.
    CHECK(test::hint_of([&] { f.s.close(kActor, id, ClosureReason::kOther, std::nullopt); }) ==
          test::HintOf{Hint::kGiveText, "note"});
    CHECK(f.status(id) == CaseStatus::kAnalysis);
    CHECK(f.events(id) == 5);
    f.s.close(kActor, id, ClosureReason::kOther, std::string("The family asked to stop"));
    const auto st = f.s.case_state(kActor, id);
    CHECK(st.status == CaseStatus::kClosed);
    CHECK(st.closure_reason == ClosureReason::kOther);
    CHECK(st.closure_note == "The family asked to stop");
    CHECK(f.events(id) == 7);  // action 1 (open) was cancelled with the closure, then closed
    CHECK(f.s.log(kActor, id)[5].action == "action_status");
    CHECK(json::parse(f.s.log(kActor, id)[5].details) ==
          json{{"action", 1}, {"from", "open"}, {"to", "cancelled"}, {"case_closed", true}});
    CHECK(f.last_details(id) ==
          json{{"reason", "other"}, {"from", "analysis"}, {"actions_cancelled", 1}});
  }
  SECTION("every other reason closes and is recorded, with the status closed from") {
    const std::vector<std::pair<ClosureReason, CaseStatus>> cases{
        {ClosureReason::kGoalsReached, CaseStatus::kActive},
        {ClosureReason::kReferredRegular, CaseStatus::kDirected},
        {ClosureReason::kNoCooperation, CaseStatus::kAccepted},
        {ClosureReason::kMoved, CaseStatus::kRegistered},
        {ClosureReason::kMoved, CaseStatus::kScreened}};
    int n = 0;
    for (const auto& [reason, from] : cases) {
      const std::string id = bring_to(f, from, "G-" + std::to_string(++n));
      INFO(to_string(reason) << " from " << to_string(from));
      const auto before = f.events(id);
      f.s.close(kActor, id, reason, std::nullopt);
      const auto st = f.s.case_state(kActor, id);
      CHECK(st.status == CaseStatus::kClosed);
      CHECK(st.closure_reason == reason);
      CHECK_FALSE(st.closure_note);
      // from analysis on, the case holds action 1, open: the closure cancels it
      const int open_actions = rank(from) >= rank(CaseStatus::kAnalysis) ? 1 : 0;
      CHECK(f.events(id) == before + 1 + open_actions);
      CHECK(f.s.log(kActor, id).back().action == "closed");
      CHECK(f.last_details(id) == json{{"reason", std::string(to_string(reason))},
                                       {"from", std::string(to_string(from))},
                                       {"actions_cancelled", open_actions}});
    }
  }
}

TEST_CASE("close cancels every open or in-progress action, in the closure's transaction",
          "[workflow][close]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kActive, "CA");  // action 1 open, due 12-15
  f.s.add_action(kActor, id, "Debt mediation", "finances", "member.ocmw", Date{2026, 11, 2});
  f.s.add_action(kActor, id, "Parenting support", "parenting", "member.pz", std::nullopt);
  f.s.add_action(kActor, id, "Talk to the school", "work_education", "dir.ant", Date{2026, 11, 1});
  f.s.add_action(kActor, id, "Not needed", "social", "member.pz", std::nullopt);
  f.s.set_action_status(kActor, id, 2, ActionStatus::kInProgress, std::nullopt);
  f.s.set_action_status(kActor, id, 4, ActionStatus::kDone, std::string("Talked"));
  f.s.set_action_status(kActor, id, 5, ActionStatus::kCancelled, std::string("No need"));
  REQUIRE(f.s.actions(kActor, id)[1].overdue);  // due 11-02, in progress
  const auto before = f.s.actions(kActor, id);
  const auto events = f.event_names(id);

  f.at("2026-11-29T09:00:00Z");
  f.s.close(kActor, id, ClosureReason::kNoCooperation, std::nullopt);

  // an action_status event per action it cancelled, then the closure, counting them
  auto expected = events;
  expected.insert(expected.end(), {"action_status", "action_status", "action_status", "closed"});
  CHECK(f.event_names(id) == expected);
  CHECK(f.last_details(id) ==
        json{{"reason", "no_cooperation"}, {"from", "active"}, {"actions_cancelled", 3}});
  const auto after = f.s.actions(kActor, id);
  REQUIRE(after.size() == 5);
  const std::vector<ActionStatus> statuses{ActionStatus::kCancelled, ActionStatus::kCancelled,
                                           ActionStatus::kCancelled, ActionStatus::kDone,
                                           ActionStatus::kCancelled};
  for (std::size_t i = 0; i < after.size(); ++i) {
    INFO("action " << after[i].number);
    CHECK(after[i].status == statuses[i]);
    CHECK_FALSE(after[i].overdue);
  }
  // the cancelled ones got a status change noting the closure; done and the
  // already cancelled one kept their history
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("action " << after[i].number);
    REQUIRE(after[i].history.size() == before[i].history.size() + 1);
    const ActionChange& c = after[i].history.back();
    CHECK(c.kind == "status");
    CHECK(c.from == std::string(to_string(before[i].status)));
    CHECK(c.to == "cancelled");
    CHECK(c.note == "cancelled at closure of the case");
    CHECK(c.actor == kActor);
    CHECK(c.at == "2026-11-29T09:00:00Z");
  }
  CHECK(after[1].history.back().from == "in_progress");
  CHECK(after[3].history.size() == before[3].history.size());
  CHECK(after[4].history.size() == before[4].history.size());

  SECTION("a case without open actions records none cancelled") {
    const std::string other = bring_to(f, CaseStatus::kAccepted, "CB");
    f.s.close(kActor, other, ClosureReason::kMoved, std::nullopt);
    CHECK(f.last_details(other) ==
          json{{"reason", "moved"}, {"from", "accepted"}, {"actions_cancelled", 0}});
  }
}

TEST_CASE("a closed case accepts nothing but reads", "[workflow][close]") {
  Fixture f;
  const std::string refused_id = bring_to(f, CaseStatus::kScreened, "RF");
  f.s.decide(kActor, refused_id, false, "Not for the chain", false);
  const std::string active_id = bring_to(f, CaseStatus::kActive, "AC");
  f.s.add_meeting(kActor, active_id, meeting({"member.pz"}));
  f.s.close(kActor, active_id, ClosureReason::kNoCooperation, std::nullopt);
  for (const std::string& id : {refused_id, active_id}) {
    INFO(id);
    const auto before = f.event_names(id);
    const auto state = f.s.case_state(kActor, id);
    const auto inv = f.involvement(id);
    ReferralPatch p;
    p.set = {{"safety", "unsafe"}};
    const std::vector<std::function<void()>> changes{
        [&] { f.s.update(kActor, id, p); },
        [&] { f.s.decide(kActor, id, true, "m", false); },
        [&] { f.s.decide(kActor, id, false, "m", false); },
        [&] { f.s.add_meeting(kActor, id, meeting({"member.pz"})); },
        [&] { f.s.add_action(kActor, id, "t", "housing", "member.pz", std::nullopt); },
        [&] { f.s.set_action_status(kActor, id, 1, ActionStatus::kDone, std::nullopt); },
        [&] { f.s.reassign_action(kActor, id, 1, "member.ocmw"); },
        [&] { f.s.assign_director(kActor, id, "dir.pz", std::nullopt); },
        [&] { f.s.activate_plan(kActor, id); },
        [&] { f.s.close(kActor, id, ClosureReason::kMoved, std::nullopt); },
        [&] { f.s.close(kActor, id, ClosureReason::kOther, std::string("note")); },
    };
    for (std::size_t i = 0; i < changes.size(); ++i) {
      INFO("change #" << i);
      CHECK(code_of(changes[i]) == ErrorCode::kRefused);
    }
    CHECK_THAT(message_of(changes[4]), Catch::Contains("accepts nothing but reads"));
    CHECK_THAT(message_of(changes[9]), Catch::Contains("accepts nothing but reads"));
    CHECK(f.event_names(id) == before);
    const auto after = f.s.case_state(kActor, id);
    CHECK(after.status == CaseStatus::kClosed);
    CHECK(after.closure_reason == state.closure_reason);
    CHECK(f.involvement(id) == inv);
    // reads work and change nothing
    CHECK(f.s.screen(kActor, id).outcome == Outcome::kEligible);
    f.s.meetings(kActor, id);
    f.s.actions(kActor, id);
    f.s.directors(kActor, id);
    CHECK(f.event_names(id) == before);
  }
  CHECK(f.s.meetings(kActor, active_id).size() == 2);  // bring_to's and the one of `meeting`
  CHECK(f.s.actions(kActor, active_id).size() == 1);
  CHECK(f.s.directors(kActor, active_id).size() == 1);
}

TEST_CASE("screen on a case closed before it was ever screened is a read, not an internal error",
          "[workflow][close]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kRegistered, "X");
  f.s.close(kActor, id, ClosureReason::kMoved, std::nullopt);
  const auto before = f.event_names(id);
  try {
    f.s.screen(kActor, id);
  } catch (const Error& e) {
    INFO(e.what());
    CHECK(e.code() != ErrorCode::kInternal);
  }
  CHECK(f.status(id) == CaseStatus::kClosed);
  CHECK(f.event_names(id) == before);
}

// ---------------------------------------------------------------------------
// Step 2: meetings and the action plan

TEST_CASE("meetings: numbering, attendees, the move to analysis", "[workflow][meeting]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAccepted, "A");
  const auto inv = f.involvement(id);

  SECTION("refused meetings change nothing") {
    CHECK(code_of([&] { f.s.add_meeting(kActor, id, meeting({})); }) == ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.add_meeting(kActor, id, meeting({"member.pz"}, "")); }) ==
          ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.add_meeting(kActor, id, meeting({"member.pz"}, "  ")); }) ==
          ErrorCode::kRefused);
    // unknown professional: not found, even after a valid attendee
    CHECK(code_of([&] {
            f.s.add_meeting(kActor, id, meeting({"member.ocmw", "nobody"}));
          }) == ErrorCode::kNotFound);
    // inactive
    CHECK(code_of([&] {
            f.s.add_meeting(kActor, id, meeting({"member.ocmw", "gone.dir"}));
          }) == ErrorCode::kRefused);
    // partner does not serve the case's region
    const std::string msg = message_of([&] {
      f.s.add_meeting(kActor, id, meeting({"member.ocmw", "coord.lim"}));
    });
    CHECK_THAT(msg, Catch::Contains("jh-lim") && Catch::Contains("ANT"));
    CHECK(code_of([&] { f.s.add_meeting(kActor, id, meeting({"dir.lim"})); }) ==
          ErrorCode::kRefused);
    CHECK(f.status(id) == CaseStatus::kAccepted);
    CHECK(f.events(id) == 3);
    CHECK(f.s.meetings(kActor, id).empty());
    CHECK(f.involvement(id) == inv);
  }
  SECTION("the first meeting moves accepted to analysis, later ones keep the status") {
    MeetingInput m = meeting({"member.pz", "member.ggz"}, "Analyse the family situation");
    m.basis = LegalBasis::kProsecutorConsent;
    m.notes = "Shared under art. 458ter";
    CHECK(f.s.add_meeting(kActor, id, m) == 1);
    CHECK(f.status(id) == CaseStatus::kAnalysis);
    CHECK(f.events(id) == 4);
    CHECK(f.s.log(kActor, id).back().action == "meeting_added");
    CHECK(f.last_details(id) == json{{"meeting", 1},
                                     {"date", "2026-11-27"},
                                     {"basis", "prosecutor_consent"},
                                     {"attendees", {"member.pz", "member.ggz"}}});
    MeetingInput m2 = meeting({"dir.ant"}, "Follow-up");
    m2.date = {2026, 11, 28};
    m2.basis = LegalBasis::kClientConsent;
    CHECK(f.s.add_meeting(kActor, id, m2) == 2);
    CHECK(f.status(id) == CaseStatus::kAnalysis);
    CHECK(f.events(id) == 5);

    const auto list = f.s.meetings(kActor, id);
    REQUIRE(list.size() == 2);
    CHECK(list[0].number == 1);
    CHECK(list[0].date == Date{2026, 11, 27});
    // the order of attendees is not part of the contract
    CHECK(std::set<std::string>(list[0].attendees.begin(), list[0].attendees.end()) ==
          std::set<std::string>{"member.pz", "member.ggz"});
    CHECK(list[0].basis == LegalBasis::kProsecutorConsent);
    CHECK(list[0].purpose == "Analyse the family situation");
    CHECK(list[0].notes == "Shared under art. 458ter");
    CHECK(list[0].actor == kActor);
    CHECK(list[0].at == kNowText);
    CHECK(list[1].number == 2);
    CHECK(list[1].basis == LegalBasis::kClientConsent);
    CHECK_FALSE(list[1].notes);

    // numbering is per case
    const std::string other = bring_to(f, CaseStatus::kAccepted, "B");
    CHECK(f.s.add_meeting(kActor, other, meeting({"member.pz"})) == 1);
  }
}

TEST_CASE("meeting and due dates lie in the window around the case", "[workflow][dates]") {
  // received 2026-01-05 (referral()), today 2026-11-28: a meeting from the day
  // received to a year ahead, an action due from that day to three years ahead.
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAccepted, "W");
  auto meeting_on = [&](Date d) {
    MeetingInput m = meeting({"member.pz"});
    m.date = d;
    return f.s.add_meeting(kActor, id, m);
  };
  auto due_on = [&](Date d) {
    return f.s.add_action(kActor, id, "Act", "housing", "member.pz", d);
  };
  const std::size_t events = f.events(id);
  for (Date bad : {Date{2026, 1, 4}, Date{1926, 1, 5}, Date{2027, 11, 30}, Date{9999, 12, 31}}) {
    INFO(bad.to_string());
    const std::string msg = message_of([&] { meeting_on(bad); });
    CHECK_THAT(msg, Catch::Contains("case " + id) && Catch::Contains("meeting date"));
    CHECK(code_of([&] { meeting_on(bad); }) == ErrorCode::kInvalidInput);
  }
  for (Date bad : {Date{2026, 1, 4}, Date{2000, 1, 1}, Date{2029, 12, 1}, Date{9999, 12, 31}}) {
    INFO(bad.to_string());
    CHECK(code_of([&] { due_on(bad); }) == ErrorCode::kInvalidInput);
    CHECK_THAT(message_of([&] { due_on(bad); }), Catch::Contains("due date"));
  }
  CHECK(f.events(id) == events);  // nothing stored by the refusals
  CHECK(f.s.meetings(kActor, id).empty());
  CHECK(meeting_on({2026, 1, 5}) == 1);  // the edges are in
  CHECK(meeting_on({2027, 11, 29}) == 2);
  CHECK(due_on({2026, 1, 5}) == 1);
  CHECK(due_on({2029, 11, 30}) == 2);
}

TEST_CASE("the action plan: numbering, history, unknown numbers", "[workflow][plan]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAccepted, "A");

  // refused actions change nothing
  CHECK(code_of([&] { f.s.add_action(kActor, id, "t", "housing", "nobody", std::nullopt); }) ==
        ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.add_action(kActor, id, "t", "housing", "gone.dir", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.add_action(kActor, id, "t", "housing", "dir.lim", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.add_action(kActor, id, "", "housing", "member.pz", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.add_action(kActor, id, "t", "astrology", "member.pz", std::nullopt); }) !=
        ErrorCode::kInternal);
  CHECK(f.status(id) == CaseStatus::kAccepted);
  CHECK(f.events(id) == 3);
  CHECK(f.s.actions(kActor, id).empty());

  CHECK(f.s.add_action(kActor, id, "Find emergency housing", "huisvesting", "member.pz",
                       Date{2026, 12, 15}) == 1);
  CHECK(f.status(id) == CaseStatus::kAnalysis);
  CHECK(f.events(id) == 4);
  CHECK(f.last_details(id) == json{{"action", 1},
                                   {"domain", "housing"},
                                   {"professional", "member.pz"},
                                   {"due", "2026-12-15"}});
  CHECK(f.s.add_action(kActor, id, "Start debt mediation", "financien", "dir.ant", std::nullopt) ==
        2);
  CHECK(f.last_details(id) ==
        json{{"action", 2}, {"domain", "finances"}, {"professional", "dir.ant"}});
  CHECK(f.s.add_action(kActor, id, "Follow up the order", "justice", "member.ggz", std::nullopt) ==
        3);
  CHECK(f.status(id) == CaseStatus::kAnalysis);
  CHECK(f.events(id) == 6);

  // numbering is per case and never reuses a number
  const std::string other = bring_to(f, CaseStatus::kAccepted, "B");
  CHECK(f.s.add_action(kActor, other, "Other plan", "social", "member.pz", std::nullopt) == 1);
  f.s.set_action_status(kActor, id, 3, ActionStatus::kCancelled, std::string("Not needed"));
  CHECK(f.s.add_action(kActor, id, "Parenting support", "opvoeding", "member.ocmw", std::nullopt) ==
        4);
  CHECK(f.events(id) == 8);

  SECTION("unknown action numbers and professionals are not found, and change nothing") {
    for (int n : {0, -1, 5, 99}) {
      INFO("action " << n);
      CHECK(code_of([&] {
              f.s.set_action_status(kActor, id, n, ActionStatus::kDone, std::nullopt);
            }) == ErrorCode::kNotFound);
      CHECK(code_of([&] { f.s.reassign_action(kActor, id, n, "member.ocmw"); }) ==
            ErrorCode::kNotFound);
    }
    // action 1 of another case is not action 2 of this one
    CHECK(code_of([&] {
            f.s.set_action_status(kActor, other, 2, ActionStatus::kDone, std::nullopt);
          }) == ErrorCode::kNotFound);
    CHECK(code_of([&] { f.s.reassign_action(kActor, id, 1, "nobody"); }) == ErrorCode::kNotFound);
    CHECK(code_of([&] { f.s.reassign_action(kActor, id, 1, "gone.dir"); }) == ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.reassign_action(kActor, id, 1, "dir.lim"); }) == ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.reassign_action(kActor, id, 1, "member.pz"); }) ==
          ErrorCode::kRefused);  // holds it
    CHECK(code_of([&] {
            f.s.set_action_status(kActor, id, 1, ActionStatus::kOpen, std::nullopt);
          }) == ErrorCode::kRefused);  // already open
    CHECK(f.events(id) == 8);
    CHECK(f.s.actions(kActor, id)[0].history.size() == 1);
  }
  SECTION("status changes and reassignments keep the history") {
    f.s.set_action_status(kActor, id, 1, ActionStatus::kInProgress,
                          std::string("Two viewings planned"));
    CHECK(f.events(id) == 9);
    CHECK(f.last_details(id) == json{{"action", 1}, {"from", "open"}, {"to", "in_progress"}});
    f.at("2026-11-29T08:00:00Z");
    f.s.reassign_action(kActor, id, 1, "member.ocmw");
    CHECK(f.events(id) == 10);
    CHECK(f.s.log(kActor, id).back().action == "action_reassigned");
    CHECK(f.last_details(id) == json{{"action", 1}, {"from", "member.pz"}, {"to", "member.ocmw"}});
    f.s.reassign_action(kActor, id, 1, "member.ggz");
    f.s.set_action_status(kActor, id, 1, ActionStatus::kDone, std::nullopt);
    CHECK(f.events(id) == 12);
    CHECK(f.status(id) == CaseStatus::kAnalysis);

    const auto list = f.s.actions(kActor, id);
    REQUIRE(list.size() == 4);
    for (std::size_t i = 0; i < list.size(); ++i) CHECK(list[i].number == int(i) + 1);
    const Action& a = list[0];
    CHECK(a.text == "Find emergency housing");
    CHECK(a.domain == "housing");
    CHECK(a.professional == "member.ggz");
    CHECK(a.partner == "ggz-kempen");
    CHECK(a.due == Date{2026, 12, 15});
    CHECK(a.status == ActionStatus::kDone);
    REQUIRE(a.history.size() == 5);
    CHECK(a.history[0].kind == "created");
    CHECK_FALSE(a.history[0].from);
    CHECK(a.history[0].to == "member.pz");
    CHECK(a.history[0].at == kNowText);
    CHECK(a.history[0].actor == kActor);
    CHECK(a.history[1].kind == "status");
    CHECK(a.history[1].from == "open");
    CHECK(a.history[1].to == "in_progress");
    CHECK(a.history[1].note == "Two viewings planned");
    CHECK(a.history[2].kind == "reassigned");
    CHECK(a.history[2].from == "member.pz");
    CHECK(a.history[2].to == "member.ocmw");
    CHECK(a.history[2].at == "2026-11-29T08:00:00Z");
    CHECK_FALSE(a.history[2].note);
    CHECK(a.history[3].kind == "reassigned");
    CHECK(a.history[3].from == "member.ocmw");
    CHECK(a.history[3].to == "member.ggz");
    CHECK(a.history[4].kind == "status");
    CHECK(a.history[4].from == "in_progress");
    CHECK(a.history[4].to == "done");
    CHECK_FALSE(a.history[4].note);

    CHECK(list[1].domain == "finances");
    CHECK(list[1].partner == "caw-ant");
    CHECK_FALSE(list[1].due);
    CHECK(list[2].status == ActionStatus::kCancelled);
    REQUIRE(list[2].history.size() == 2);
    CHECK(list[2].history[1].note == "Not needed");
    CHECK(list[3].domain == "parenting");
  }
}

TEST_CASE("overdue follows the calendar date in Europe/Brussels", "[workflow][plan]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAccepted, "A");
  auto add = [&](const std::optional<Date>& due) {
    return f.s.add_action(kActor, id, "Action", "housing", "member.pz", due);
  };
  add(Date{2026, 11, 28});  // 1: due today
  add(Date{2026, 11, 27});  // 2: due yesterday
  add(Date{2026, 11, 27});  // 3: done
  add(Date{2026, 11, 27});  // 4: cancelled
  add(std::nullopt);        // 5: no due date
  add(Date{2026, 11, 29});  // 6: in progress, due tomorrow
  add(Date{2026, 7, 15});   // 7: summer
  add(Date{2026, 10, 24});  // 8: the day before the switch to winter time
  f.s.set_action_status(kActor, id, 3, ActionStatus::kDone, std::nullopt);
  f.s.set_action_status(kActor, id, 4, ActionStatus::kCancelled, std::nullopt);
  f.s.set_action_status(kActor, id, 6, ActionStatus::kInProgress, std::nullopt);
  const auto events = f.events(id);

  auto overdue_at = [&](const char* iso) {
    f.at(iso);
    std::set<int> out;
    for (const auto& a : f.s.actions(kActor, id))
      if (a.overdue) out.insert(a.number);
    return out;
  };
  CHECK(overdue_at("2026-11-28T10:00:00Z") == std::set<int>{2, 7, 8});
  CHECK(overdue_at("2026-11-28T22:59:59Z") == std::set<int>{2, 7, 8});     // 23:59:59 on the 28th
  CHECK(overdue_at("2026-11-28T23:00:00Z") == std::set<int>{1, 2, 7, 8});  // 00:00 on the 29th
  CHECK(overdue_at("2026-11-29T22:59:59Z") == std::set<int>{1, 2, 7, 8});
  CHECK(overdue_at("2026-11-29T23:00:00Z") == std::set<int>{1, 2, 6, 7, 8});
  // summer time: UTC+2
  CHECK(overdue_at("2026-07-15T21:59:59Z") == std::set<int>{});
  CHECK(overdue_at("2026-07-15T22:00:00Z") == std::set<int>{7});
  // 2026-10-24 is still summer time (the switch is on Sunday 25 October)
  CHECK(overdue_at("2026-10-24T21:59:59Z") == std::set<int>{7});
  CHECK(overdue_at("2026-10-24T22:00:00Z") == std::set<int>{7, 8});
  // reading the plan records no event
  CHECK(f.events(id) == events);
}

TEST_CASE("plan activate needs a director, an action that is not cancelled and a held meeting",
          "[workflow][plan]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAccepted, "A");
  CHECK_THAT(message_of([&] { f.s.activate_plan(kActor, id); }), Catch::Contains("director"));
  CHECK(test::hint_of([&] { f.s.activate_plan(kActor, id); }) ==
        test::HintOf{Hint::kAssignDirector, id});
  f.s.assign_director(kActor, id, "dir.ant", std::nullopt);  // accepted -> directed, no action yet
  CHECK(f.status(id) == CaseStatus::kDirected);
  CHECK(code_of([&] { f.s.activate_plan(kActor, id); }) == ErrorCode::kRefused);
  f.s.add_action(kActor, id, "First", "housing", "member.pz", std::nullopt);
  CHECK(f.status(id) == CaseStatus::kDirected);  // statuses only move forward
  f.s.set_action_status(kActor, id, 1, ActionStatus::kCancelled, std::nullopt);
  const auto before = f.events(id);
  CHECK_THAT(message_of([&] { f.s.activate_plan(kActor, id); }), Catch::Contains("cancelled"));
  CHECK(code_of([&] { f.s.activate_plan(kActor, id); }) == ErrorCode::kRefused);
  CHECK(f.status(id) == CaseStatus::kDirected);
  CHECK(f.events(id) == before);
  f.s.add_action(kActor, id, "Second", "social", "member.ocmw", std::nullopt);
  // a planned meeting is not yet the partners' analysis
  MeetingInput planned = meeting({"member.pz"});
  planned.date = Date{2026, 12, 10};
  f.s.add_meeting(kActor, id, planned);
  CHECK(f.s.meetings(kActor, id).front().status == MeetingStatus::kPlanned);
  CHECK_THAT(message_of([&] { f.s.activate_plan(kActor, id); }),
             Catch::Contains("no case meeting held"));
  CHECK(test::hint_of([&] { f.s.activate_plan(kActor, id); }) ==
        test::HintOf{Hint::kAddMeeting, id});
  f.s.add_meeting(kActor, id, meeting({"member.pz"}));  // dated 11-27: held
  f.s.activate_plan(kActor, id);
  CHECK(f.status(id) == CaseStatus::kActive);
  CHECK(f.events(id) == before + 4);
  CHECK(f.s.log(kActor, id).back().action == "plan_activated");
  CHECK(f.last_details(id) == json{{"actions", 2}});
  CHECK(code_of([&] { f.s.activate_plan(kActor, id); }) == ErrorCode::kRefused);
  CHECK(f.events(id) == before + 4);
}

// ---------------------------------------------------------------------------
// Step 3: the case director

TEST_CASE("the case director: role, activity, region, reassignment history",
          "[workflow][director]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAnalysis, "A");

  // refusals change nothing
  CHECK(code_of([&] { f.s.assign_director(kActor, id, "nobody", std::nullopt); }) ==
        ErrorCode::kNotFound);
  CHECK_THAT(message_of([&] { f.s.assign_director(kActor, id, "member.pz", std::nullopt); }),
             Catch::Contains("director role"));
  CHECK(code_of([&] { f.s.assign_director(kActor, id, "member.pz", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.assign_director(kActor, id, "gone.dir", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK_THAT(message_of([&] { f.s.assign_director(kActor, id, "dir.lim", std::nullopt); }),
             Catch::Contains("caw-lim") && Catch::Contains("ANT"));
  CHECK(code_of([&] { f.s.assign_director(kActor, id, "dir.lim", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.assign_director(kActor, id, "coord.lim", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK(f.status(id) == CaseStatus::kAnalysis);
  CHECK(f.events(id) == 5);
  CHECK(f.s.directors(kActor, id).empty());
  CHECK_FALSE(f.s.case_state(kActor, id).director);

  f.s.assign_director(kActor, id, "dir.ant", std::string("CAW holds the housing action"));
  CHECK(f.status(id) == CaseStatus::kDirected);
  CHECK(f.events(id) == 6);
  CHECK(f.last_details(id) == json{{"professional", "dir.ant"}});
  CHECK(f.s.case_state(kActor, id).director == "dir.ant");
  // the current director again
  CHECK(code_of([&] { f.s.assign_director(kActor, id, "dir.ant", std::nullopt); }) ==
        ErrorCode::kRefused);
  CHECK(f.events(id) == 6);

  f.at("2026-11-29T09:00:00Z");
  f.s.assign_director(kActor, id, "dir.pz", std::string("Police leads now"));
  CHECK(f.status(id) == CaseStatus::kDirected);
  CHECK(f.events(id) == 7);
  CHECK(f.last_details(id) == json{{"professional", "dir.pz"}, {"previous", "dir.ant"}});

  f.s.activate_plan(kActor, id);
  f.at("2026-11-30T09:00:00Z");
  f.s.assign_director(kActor, id, "coord.ant", std::nullopt);
  CHECK(f.status(id) == CaseStatus::kActive);
  f.at("2026-12-01T09:00:00Z");
  f.s.assign_director(kActor, id, "dir.ant",
                      std::string("Back to CAW"));  // a former director may return
  CHECK(f.status(id) == CaseStatus::kActive);
  CHECK(f.events(id) == 10);
  CHECK(f.s.case_state(kActor, id).director == "dir.ant");

  const auto terms = f.s.directors(kActor, id);
  REQUIRE(terms.size() == 4);
  CHECK(terms[0].professional == "dir.ant");
  CHECK(terms[0].from == kNowText);
  CHECK(terms[0].until == "2026-11-29T09:00:00Z");
  CHECK(terms[0].assigned_by == kActor);
  CHECK(terms[0].reason == "CAW holds the housing action");
  CHECK(terms[1].professional == "dir.pz");
  CHECK(terms[1].from == "2026-11-29T09:00:00Z");
  CHECK(terms[1].until == "2026-11-30T09:00:00Z");
  CHECK(terms[1].reason == "Police leads now");
  CHECK(terms[2].professional == "coord.ant");
  CHECK(terms[2].until == "2026-12-01T09:00:00Z");
  CHECK_FALSE(terms[2].reason);
  CHECK(terms[3].professional == "dir.ant");
  CHECK(terms[3].from == "2026-12-01T09:00:00Z");
  CHECK_FALSE(terms[3].until);
  CHECK(terms[3].reason == "Back to CAW");
}

// ---------------------------------------------------------------------------
// The timeline

TEST_CASE("every change appends its events, in order", "[workflow][log]") {
  Fixture f;
  Referral r = referral("T");
  r.safety = Safety::kUnknown;
  const std::string id = f.s.register_referral(kActor, r);
  std::vector<std::string> expected{"registered"};
  auto step = [&](const std::function<void()>& change, std::vector<std::string> added) {
    change();
    expected.insert(expected.end(), added.begin(), added.end());
    CHECK(f.event_names(id) == expected);
  };
  step([&] { f.s.screen(kActor, id); }, {"screened"});
  step([&] { f.s.screen(kActor, id); }, {"screened"});
  ReferralPatch p;
  p.set = {{"safety", "very_unsafe"}};
  step([&] { f.s.update(kActor, id, p); }, {"updated", "screened"});
  step([&] { f.s.decide(kActor, id, true, "Take it on", false); }, {"decided"});
  step([&] { f.s.screen(kActor, id); }, {});
  step([&] { f.s.add_meeting(kActor, id, meeting({"member.pz", "dir.ant"})); }, {"meeting_added"});
  step([&] { f.s.add_action(kActor, id, "A1", "housing", "dir.ant", std::nullopt); },
       {"action_added"});
  step([&] { f.s.add_action(kActor, id, "A2", "finances", "member.pz", std::nullopt); },
       {"action_added"});
  step([&] { f.s.assign_director(kActor, id, "dir.ant", std::nullopt); }, {"director_assigned"});
  step([&] { f.s.add_meeting(kActor, id, meeting({"member.pz"})); }, {"meeting_added"});
  step([&] { f.s.activate_plan(kActor, id); }, {"plan_activated"});
  step([&] { f.s.set_action_status(kActor, id, 1, ActionStatus::kInProgress, std::nullopt); },
       {"action_status"});
  step([&] { f.s.reassign_action(kActor, id, 2, "member.ocmw"); }, {"action_reassigned"});
  step([&] { f.s.assign_director(kActor, id, "dir.pz", std::nullopt); }, {"director_assigned"});
  step([&] { f.s.add_action(kActor, id, "A3", "social", "member.ggz", std::nullopt); },
       {"action_added"});
  step([&] { f.s.set_action_status(kActor, id, 1, ActionStatus::kDone, std::nullopt); },
       {"action_status"});
  step(
      [&] {
        f.s.meetings(kActor, id);
        f.s.actions(kActor, id);
        f.s.directors(kActor, id);
        f.s.involvement(kActor, id);
        f.s.case_state(kActor, id);
      },
      {});
  // the closure cancels A2 and A3, each with its event, then records itself
  step([&] { f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt); },
       {"action_status", "action_status", "closed"});

  const auto log = f.s.log(kActor, id);
  for (std::size_t i = 1; i < log.size(); ++i) CHECK(log[i - 1].id < log[i].id);
  for (const auto& e : log) {
    CHECK(e.actor == kActor);
    CHECK(e.at == kNowText);
    CHECK(json::parse(e.details).is_object());
  }
  // other cases' events stay out of this timeline
  const std::string other = bring_to(f, CaseStatus::kScreened, "U");
  CHECK(f.events(other) == 2);
  CHECK(f.event_names(id) == expected);
}

// ---------------------------------------------------------------------------
// Involvement

TEST_CASE("involvement after each kind of change", "[workflow][involvement]") {
  using Inv = std::map<std::string, std::vector<std::string>>;
  Fixture f;
  const std::string id = f.s.register_referral(kActor, referral("I"));
  // referrer's partner; every partner of the channel's kind serving the region (not caw-lim);
  // the crisis partner's kind serving the region
  CHECK(f.involvement(id) == Inv{{"caw-ant", {"channel"}},
                                 {"caw-ant-noord", {"channel"}},
                                 {"pz-ant", {"crisis_partner"}},
                                 {"vk-ant", {"referrer"}}});

  SECTION("update re-derives the referral-based involvement") {
    ReferralPatch p;
    p.set = {{"channel", "ggz"}};
    f.s.update(kActor, id, p);
    CHECK(f.involvement(id) == Inv{{"ggz-kempen", {"channel"}},
                                   {"pz-ant", {"crisis_partner"}},
                                   {"vk-ant", {"referrer"}}});
    p.set = {{"referrer_partner", "ocmw-ant"}, {"crisis_partner", ""}};
    f.s.update(kActor, id, p);
    CHECK(f.involvement(id) == Inv{{"ggz-kempen", {"channel"}}, {"ocmw-ant", {"referrer"}}});
    p.set = {{"channel", "none"}, {"crisis_partner", "caw"}};
    f.s.update(kActor, id, p);
    CHECK(f.involvement(id) == Inv{{"caw-ant", {"crisis_partner"}},
                                   {"caw-ant-noord", {"crisis_partner"}},
                                   {"ocmw-ant", {"referrer"}}});
    p.set = {{"channel", "vk"}, {"crisis_partner", "vk"}, {"referrer_partner", "vk-ant"}};
    f.s.update(kActor, id, p);
    CHECK(f.involvement(id) == Inv{{"vk-ant", {"referrer", "channel", "crisis_partner"}}});
  }

  SECTION(
      "meetings, actions and directors add involvement, and keep former holders and directors") {
    f.s.screen(kActor, id);
    f.s.decide(kActor, id, true, "Take it on", false);
    Inv expected{{"caw-ant", {"channel"}},
                 {"caw-ant-noord", {"channel"}},
                 {"pz-ant", {"crisis_partner"}},
                 {"vk-ant", {"referrer"}}};
    CHECK(f.involvement(id) == expected);

    // refused changes add nothing
    CHECK(code_of([&] {
            f.s.add_meeting(kActor, id, meeting({"member.ggz", "dir.lim"}));
          }) == ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.add_action(kActor, id, "t", "housing", "dir.lim", std::nullopt); }) ==
          ErrorCode::kRefused);
    CHECK(code_of([&] { f.s.assign_director(kActor, id, "member.ocmw", std::nullopt); }) ==
          ErrorCode::kRefused);
    CHECK(f.involvement(id) == expected);

    f.s.add_meeting(kActor, id, meeting({"member.ggz", "member.pz"}));
    expected["ggz-kempen"] = {"attendee"};
    expected["pz-ant"] = {"crisis_partner", "attendee"};
    CHECK(f.involvement(id) == expected);

    f.s.add_action(kActor, id, "Follow up", "justice", "member.pz", std::nullopt);
    expected["pz-ant"] = {"crisis_partner", "attendee", "action_holder"};
    CHECK(f.involvement(id) == expected);

    f.s.reassign_action(kActor, id, 1, "member.ocmw");  // pz-ant held it and stays involved
    expected["ocmw-ant"] = {"action_holder"};
    CHECK(f.involvement(id) == expected);

    f.s.assign_director(kActor, id, "dir.ant", std::nullopt);
    expected["caw-ant"] = {"channel", "director"};
    CHECK(f.involvement(id) == expected);

    f.s.assign_director(kActor, id, "coord.ant",
                        std::nullopt);  // caw-ant directed and stays involved
    expected["jh-ant"] = {"director"};
    CHECK(f.involvement(id) == expected);

    f.s.add_action(kActor, id, "Housing", "housing", "dir.ant", std::nullopt);
    expected["caw-ant"] = {"channel", "action_holder", "director"};
    CHECK(f.involvement(id) == expected);

    f.s.set_action_status(kActor, id, 2, ActionStatus::kCancelled, std::nullopt);
    f.s.activate_plan(kActor, id);
    f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt);
    CHECK(f.involvement(id) == expected);  // status changes and closure keep involvement

    const auto list = f.s.involvement(kActor, id);
    for (std::size_t i = 1; i < list.size(); ++i) CHECK(list[i - 1].partner < list[i].partner);
  }
}

// ---------------------------------------------------------------------------
// Issue 13: meetings planned and held, due dates moved, and after closure

TEST_CASE("a meeting dated after today is planned, held on its day, listed by date",
          "[workflow][meeting]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAccepted, "M");
  MeetingInput ahead = meeting({"member.pz"}, "Evaluate");
  ahead.date = Date{2026, 12, 3};
  const int n = f.s.add_meeting(kActor, id, ahead);
  MeetingInput earlier = meeting({"member.pz"});
  earlier.date = Date{2026, 11, 20};
  f.s.add_meeting(kActor, id, earlier);  // added later, dated earlier
  auto list = f.s.meetings(kActor, id);
  REQUIRE(list.size() == 2);
  CHECK(list[0].date == Date{2026, 11, 20});  // by date, not by number
  CHECK(list[0].status == MeetingStatus::kHeld);
  CHECK(list[1].number == n);
  CHECK(list[1].status == MeetingStatus::kPlanned);
  const auto events = f.events(id);
  // not before its day; an unknown or held meeting is refused too
  CHECK_THAT(message_of([&] { f.s.hold_meeting(kActor, id, n, {}); }),
             Catch::Contains("planned for 2026-12-03"));
  CHECK(code_of([&] { f.s.hold_meeting(kActor, id, 9, {}); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.hold_meeting(kActor, id, 2, {}); }) == ErrorCode::kRefused);
  CHECK(f.events(id) == events);
  f.at("2026-12-03T09:00:00Z");
  CHECK(code_of([&] {
          f.s.hold_meeting(kActor, id, n, {{"dir.lim"}, std::nullopt});
        }) == ErrorCode::kRefused);  // an attendee of another region
  f.s.hold_meeting(kActor, id, n, {{"member.ocmw", "dir.ant"}, std::string("Went well")});
  list = f.s.meetings(kActor, id);
  CHECK(list[1].status == MeetingStatus::kHeld);
  CHECK(list[1].attendees == std::vector<std::string>{"dir.ant", "member.ocmw"});
  CHECK(list[1].notes == "Went well");
  CHECK(f.event_names(id).back() == "meeting_held");
  CHECK(f.last_details(id) ==
        json{{"meeting", n}, {"date", "2026-12-03"}, {"attendees", {"member.ocmw", "dir.ant"}}});
  CHECK(f.involvement(id).count("ocmw-ant") == 1);
  CHECK(code_of([&] { f.s.hold_meeting(kActor, id, n, {}); }) == ErrorCode::kRefused);
  CHECK(f.s.audit_verify(true).intact);
}

TEST_CASE("plan set --due moves a due date, and the history keeps each move", "[workflow][plan]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kAnalysis, "D");  // action 1 due 2026-12-15
  f.s.set_action_due(kActor, id, 1, Date{2027, 1, 15}, std::string("Waiting list"));
  const Action a = f.s.actions(kActor, id).front();
  CHECK(a.due == Date{2027, 1, 15});
  const ActionChange& c = a.history.back();
  CHECK(c.kind == "due");
  CHECK(c.from == "2026-12-15");
  CHECK(c.to == "2027-01-15");
  CHECK(c.note == "Waiting list");
  CHECK(f.last_details(id) == json{{"action", 1}, {"from", "2026-12-15"}, {"to", "2027-01-15"}});
  const auto events = f.events(id);
  CHECK(code_of([&] {
          f.s.set_action_due(kActor, id, 1, Date{2027, 1, 15}, std::nullopt);
        }) == ErrorCode::kRefused);  // the same date
  CHECK(code_of([&] {
          f.s.set_action_due(kActor, id, 1, Date{2025, 1, 1}, std::nullopt);
        }) == ErrorCode::kInvalidInput);  // before the referral was received
  CHECK(code_of([&] {
          f.s.set_action_due(kActor, id, 7, Date{2027, 1, 1}, std::nullopt);
        }) == ErrorCode::kNotFound);
  // the holder may move it; a professional of no standing may not
  f.s.set_action_due("member.pz", id, 1, Date{2027, 2, 1}, std::nullopt);
  CHECK(code_of([&] {
          f.s.set_action_due("member.ggz", id, 1, Date{2027, 3, 1}, {});
        }) == ErrorCode::kAccessDenied);
  f.s.set_action_status(kActor, id, 1, ActionStatus::kDone, std::nullopt);
  CHECK_THAT(message_of([&] {
               f.s.set_action_due(kActor, id, 1, Date{2027, 3, 1}, {});
             }),
             Catch::Contains("is done"));
  CHECK(f.events(id) == events + 2);
}

TEST_CASE("closing ends the director's term and can open a monitoring period",
          "[workflow][close][monitor]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kActive, "MON");
  CHECK(code_of([&] { f.s.monitor(kActor, id, MonitoringResult::kStable, "Calm"); }) ==
        ErrorCode::kRefused);  // still open
  CHECK(code_of([&] {
          f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt, Date{2026, 11, 28});
        }) == ErrorCode::kInvalidInput);  // the monitoring date must lie ahead
  f.at("2026-11-29T09:00:00Z");
  f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt, Date{2027, 2, 28});
  const CaseState st = f.s.case_state(kActor, id);
  CHECK(st.monitor_until == Date{2027, 2, 28});
  CHECK(f.last_details(id)["monitor_until"] == "2027-02-28");
  CHECK(f.s.directors(kActor, id).back().until == "2026-11-29T09:00:00Z");
  // the director who directed it at closure may record a contact, a member may not
  CHECK(f.s.monitor("dir.ant", id, MonitoringResult::kStable, "Calm at home") == 1);
  CHECK(code_of([&] { f.s.monitor("member.pz", id, MonitoringResult::kStable, "x"); }) ==
        ErrorCode::kAccessDenied);
  CHECK(code_of([&] { f.s.monitor(kActor, id, MonitoringResult::kConcern, " "); }) ==
        ErrorCode::kRefused);  // the note is required
  CHECK(f.s.monitor(kActor, id, MonitoringResult::kConcern, "New incident") == 2);
  const auto m = f.s.case_state(kActor, id).monitoring;
  REQUIRE(m.size() == 2);
  CHECK(m[0].actor == "dir.ant");
  CHECK(m[1].result == MonitoringResult::kConcern);
  CHECK(f.last_details(id) == json{{"contact", 2}, {"result", "concern"}});
  // a closure without a monitoring date takes no contacts
  const std::string plain = bring_to(f, CaseStatus::kClosed, "PLAIN");
  CHECK_THAT(message_of([&] { f.s.monitor(kActor, plain, MonitoringResult::kStable, "x"); }),
             Catch::Contains("without a monitoring date"));
  CHECK(f.s.audit_verify(true).intact);
}

TEST_CASE("the register lists a monitoring that is due until a contact on or after its date",
          "[workflow][monitor][register]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kActive, "DUE");
  f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt, Date{2026, 12, 31});
  CaseQuery q;
  q.monitoring_due = true;
  auto listed = [&] {
    std::vector<std::string> ids;
    for (const auto& r : f.s.case_list(kActor, q).rows) ids.push_back(r.case_id);
    return ids;
  };
  CHECK(listed().empty());  // not yet
  f.s.monitor(kActor, id, MonitoringResult::kStable, "Early call");
  f.at("2027-01-02T09:00:00Z");
  CHECK(listed() == std::vector<std::string>{id});  // the early call does not count
  CHECK(f.s.case_list(kActor, q).rows.front().monitor_until == Date{2026, 12, 31});
  f.s.monitor(kActor, id, MonitoringResult::kStable, "All calm");
  CHECK(listed().empty());
}

TEST_CASE("reopen returns a closed case to analysis; the team meets and plans again",
          "[workflow][reopen]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kClosed, "RE");
  CHECK(code_of([&] { f.s.reopen("dir.ant", id, "Violence returned"); }) ==
        ErrorCode::kAccessDenied);  // a coordinator's decision
  CHECK(code_of([&] { f.s.reopen(kActor, id, ""); }) == ErrorCode::kRefused);
  f.at("2026-12-10T09:00:00Z");
  f.s.reopen(kActor, id, "Violence returned");
  const CaseState st = f.s.case_state(kActor, id);
  CHECK(st.status == CaseStatus::kAnalysis);
  CHECK_FALSE(st.director);
  CHECK_FALSE(st.closure_reason);
  CHECK(st.decision);  // the team's decision stands
  CHECK(f.last_details(id) == json{{"closure_reason", "goals_reached"}, {"to", "analysis"}});
  // the old plan stays, with the action the closure cancelled
  CHECK(f.s.actions(kActor, id).front().status == ActionStatus::kCancelled);
  f.s.assign_director(kActor, id, "dir.pz", std::nullopt);
  f.s.add_action(kActor, id, "Safety plan", "justice", "member.pz", std::nullopt);
  // the meeting of before the closure does not count for the new plan
  CHECK_THAT(message_of([&] { f.s.activate_plan(kActor, id); }),
             Catch::Contains("since it was reopened on 2026-12-10"));
  MeetingInput again = meeting({"member.pz"});
  again.date = Date{2026, 12, 10};
  f.s.add_meeting(kActor, id, again);
  f.s.activate_plan(kActor, id);
  CHECK(f.status(id) == CaseStatus::kActive);
  CHECK_THAT(message_of([&] { f.s.reopen(kActor, id, "again"); }), Catch::Contains("not closed"));
  // a refused case is not reopened: a new referral is registered instead
  const std::string refused = bring_to(f, CaseStatus::kScreened, "REF");
  f.s.decide(kActor, refused, false, "Regular help suffices", false);
  CHECK_THAT(message_of([&] { f.s.reopen(kActor, refused, "x"); }), Catch::Contains("refused"));
  CHECK(f.s.audit_verify(true).intact);
}

TEST_CASE("transfer closes a case and continues it, screened, in the other region",
          "[workflow][transfer]") {
  Fixture f;
  const std::string id = bring_to(f, CaseStatus::kActive, "TR");
  CHECK(code_of([&] { f.s.transfer(kActor, id, "ANT", "x"); }) == ErrorCode::kRefused);
  CHECK(code_of([&] { f.s.transfer(kActor, id, "XYZ", "x"); }) == ErrorCode::kNotFound);
  CHECK(code_of([&] { f.s.transfer("dir.ant", id, "LIM", "x"); }) == ErrorCode::kAccessDenied);
  const std::string to = f.s.transfer(kActor, id, "LIM", "The family moved to Hasselt");
  CHECK(to.rfind("LIM-2026-", 0) == 0);
  const CaseState old = f.s.case_state(kActor, id);
  CHECK(old.status == CaseStatus::kClosed);
  CHECK(old.closure_reason == ClosureReason::kMoved);
  CHECK(old.closure_note == "The family moved to Hasselt");
  CHECK(old.transferred_to == to);
  CHECK(f.s.actions(kActor, id).front().status == ActionStatus::kCancelled);
  CHECK(f.event_names(id).back() == "closed");
  CHECK(f.last_details(id)["transferred_to"] == to);
  // the new case belongs to the other region's team; ANT's coordinator cannot read it
  const CaseState moved = f.s.case_state("coord.lim", to);
  CHECK(moved.status == CaseStatus::kScreened);
  CHECK(moved.outcome == Outcome::kEligible);
  CHECK(moved.transferred_from == id);
  CHECK(code_of([&] { f.s.case_state(kActor, to); }) == ErrorCode::kAccessDenied);
  std::vector<std::string> names;
  for (const auto& e : f.s.log("coord.lim", to)) names.push_back(e.action);
  CHECK(names == std::vector<std::string>{"registered", "screened"});
  const auto ref = f.s.referral("coord.lim", to);
  REQUIRE(ref);
  CHECK(ref->region == "LIM");
  CHECK(ref->external_ref == "TR");
  CHECK_THAT(message_of([&] { f.s.reopen(kActor, id, "x"); }), Catch::Contains(to));
  CHECK(code_of([&] { f.s.transfer(kActor, id, "LIM", "x"); }) == ErrorCode::kRefused);
  CHECK(f.s.audit_verify(true).intact);
}

TEST_CASE("init names the inactive professionals who still have open work", "[workflow][init]") {
  Fixture f;
  const std::string id =
      bring_to(f, CaseStatus::kActive, "OR");  // dir.ant directs, member.pz holds
  Config c = config();
  for (auto& p : c.professionals)
    if (p.id == "dir.ant" || p.id == "member.pz") p.active = false;
  const InitSummary sum = f.s.init(c, kActor);
  REQUIRE(sum.orphaned.size() == 2);
  CHECK(sum.orphaned[0].professional == "dir.ant");
  CHECK(sum.orphaned[0].cases_directed == 1);
  CHECK(sum.orphaned[1].professional == "member.pz");
  CHECK(sum.orphaned[1].actions_held == 1);
  CHECK(sum.orphaned[1].cases_directed == 0);
  // the caseload marks them, so the coordinator sees whose work to hand over
  std::set<std::string> inactive;
  const CaseloadReport load = f.s.report_caseload(kActor, std::nullopt);
  for (const auto& row : load.rows)
    if (!row.active) inactive.insert(row.professional);
  CHECK(inactive == std::set<std::string>{"dir.ant", "member.pz"});
  std::ostringstream text;
  write_report(text, load, ReportFormat::kText);
  CHECK_THAT(text.str(),
             Catch::Contains("dir.ant (inactive)") && Catch::Contains("need a new director"));
  // once the case is closed (by someone active), nothing is left waiting
  f.s.close(kActor, id, ClosureReason::kGoalsReached, std::nullopt);
  CHECK(f.s.init(c, kActor).orphaned.empty());
}
