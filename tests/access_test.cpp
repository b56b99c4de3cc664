// SPDX-License-Identifier: EUPL-1.2
// Roles and need-to-know (docs/security.md, "Roles and need-to-know"): who may
// do what on a case, written out as a table; what a denial leaves behind
// (nothing of the operation, one "denied" audit entry naming the actor); and hostile free text
// (quotes, SQL, control characters, over-long and invalid UTF-8) through every
// free-text field: stored and read back exactly, or refused as invalid input,
// never executed. All people are synthetic.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "access.h"
#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/json.h"
#include "ifg/service.h"

using namespace ifg;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const Timestamp kNow = *parse_timestamp("2026-11-28T10:00:00Z");
const std::string kCoord = "coord.ant";

/// Two regions. In ANT: a coordinator (jh-ant), two directors of partners that
/// are not involved by the referral (ocmw-ant directs the test cases, ggz-ant
/// directs none), a member of the channel's partner (caw-ant, involved), a member
/// of a partner that is not involved (vk-ant), a member of the partner that holds
/// action 1 (opg-ant) and an analyst of the involved partner caw-ant. In LIM: a
/// coordinator.
Config config(const std::string& member_out_name = "Member O") {
  Config c = test::two_regions();
  c.partners.insert(c.partners.end(),
                    {{"vk-ant", PartnerKind::kVk, "VK Antwerpen", {"ANT"}},
                     {"opg-ant", PartnerKind::kOpgroeien, "Opgroeien Antwerpen", {"ANT"}},
                     {"ggz-ant", PartnerKind::kGgz, "GGZ Antwerpen", {"ANT"}},
                     {"ocmw-ant", PartnerKind::kNetwork, "OCMW Antwerpen", {"ANT"}}});
  c.professionals.insert(c.professionals.end(),
                         {{"dir.case", "Director C", "ocmw-ant", {Role::kDirector}, true},
                          {"dir.other", "Director O", "ggz-ant", {Role::kDirector}, true},
                          {"member.inv", "Member I", "caw-ant", {Role::kMember}, true},
                          {"member.out", member_out_name, "vk-ant", {Role::kMember}, true},
                          {"member.hold", "Member H", "opg-ant", {Role::kMember}, true},
                          {"analyst.ant", "Analyst A", "caw-ant", {Role::kAnalyst}, true}});
  c.instruments = {{"rc-test", "Test checklist", {PersonRole::kVictim}, 3, {{"a", "Item A", 3}}}};
  return c;
}

/// An eligible referral, channel CAW (so caw-ant is involved), no referrer
/// partner and no crisis partner (so no other partner is).
Referral referral(const std::string& region, const std::string& ref) {
  Referral r = test::eligible_referral(ref, region);
  r.referrer.name = "Referrer R.";
  r.crisis_partner.reset();
  r.persons = {{PersonRole::kVictim, "Person A.", 1991}};
  r.summary = "A synthetic family.";
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// A configured database (in memory, or a file for a look at its tables) and a clock.
struct World {
  std::shared_ptr<Timestamp> now = std::make_shared<Timestamp>(kNow);
  test::ScratchDir scratch{"access-test"};
  fs::path dir = scratch.dir();
  std::string db;
  Service s;
  int counter = 0;

  explicit World(bool on_file = false)
      : db(on_file ? (dir / "access.db").string() : std::string(":memory:")), s(open(db, now)) {
    s.init(config(), std::nullopt);
  }
  static Service open(const std::string& db, const std::shared_ptr<Timestamp>& now) {
    ServiceOptions o;
    o.db_path = db;
    o.create = true;
    o.clock = [now] { return *now; };
    return Service(o);
  }
  void at(const char* iso) { *now = *parse_timestamp(iso); }
  std::string next_ref(const std::string& prefix = "R") {
    return prefix + std::to_string(++counter);
  }

  /// Registers a case (as `registrant`) and brings it to `target` as coord.ant:
  /// screened, accepted, analysis (meeting 1 attended by member.inv, action 1 held
  /// by member.hold, action 2 held by member.inv), directed (by dir.case), active,
  /// closed (goals_reached).
  std::string make_case(CaseStatus target, const std::string& registrant = kCoord,
                        std::optional<Referral> r = std::nullopt) {
    if (!r) r = referral("ANT", "");
    r->external_ref = next_ref();
    const std::string id = s.register_referral(registrant, *r);
    const auto reach = [&](CaseStatus st) {
      return static_cast<int>(target) >= static_cast<int>(st);
    };
    if (reach(CaseStatus::kScreened)) s.screen(kCoord, id);
    if (reach(CaseStatus::kAccepted))
      s.decide(kCoord, id, true, "The team takes the family on", false);
    if (reach(CaseStatus::kAnalysis)) {
      MeetingInput m;
      m.date = {2026, 11, 27};
      m.attendees = {"member.inv"};
      m.purpose = "Analyse the situation";
      s.add_meeting(kCoord, id, m);
      s.add_action(kCoord, id, "Find housing", "housing", "member.hold", Date{2026, 12, 15});
      s.add_action(kCoord, id, "Budget help", "finances", "member.inv", std::nullopt);
    }
    if (reach(CaseStatus::kDirected)) s.assign_director(kCoord, id, "dir.case", "holds the plan");
    if (reach(CaseStatus::kActive)) s.activate_plan(kCoord, id);
    if (reach(CaseStatus::kClosed)) s.close(kCoord, id, ClosureReason::kGoalsReached, std::nullopt);
    return id;
  }

  /// Everything a denied operation could have changed, read as coord.ant: the
  /// case's state, timeline, involvement, meetings, plan, directors and referral
  /// (when `id` is not empty), and the configured professionals.
  std::string snapshot(const std::string& id) {
    std::ostringstream o;
    for (const auto& p : s.professionals()) o << "professional " << p.id << " " << p.name << "\n";
    if (id.empty()) return o.str();
    const CaseState st = s.case_state(kCoord, id);
    o << "status " << to_string(st.status) << " director " << st.director.value_or("-")
      << " decided " << st.decision.has_value() << " closure "
      << (st.closure_reason ? std::string(to_string(*st.closure_reason)) : std::string("-"))
      << "\n";
    for (const auto& e : s.log(kCoord, id))
      o << "event " << e.id << " " << e.action << " " << e.actor.value_or("-") << " " << e.details
        << "\n";
    for (const auto& i : s.involvement(kCoord, id)) {
      o << "involved " << i.partner;
      for (const auto& r : i.reasons) o << " " << r;
      o << "\n";
    }
    for (const auto& m : s.meetings(kCoord, id)) o << "meeting " << m.number << "\n";
    for (const auto& a : s.actions(kCoord, id))
      o << "action " << a.number << " " << a.professional << " " << to_string(a.status)
        << " changes " << a.history.size() << "\n";
    for (const auto& d : s.directors(kCoord, id))
      o << "director " << d.professional << " until " << d.until.value_or("-") << "\n";
    const auto r = s.referral(kCoord, id);
    o << "summary " << (r && r->summary ? *r->summary : std::string("-")) << "\n";
    return o.str();
  }
};

// ---------------------------------------------------------------------------
// The matrix

const std::vector<std::string> kRoles{"coord.ant",  "coord.lim",  "dir.case",    "dir.other",
                                      "member.inv", "member.out", "member.hold", "analyst.ant"};

// Y: allowed, and it works.  -: denied with ErrorCode::kAccessDenied, nothing of the
// operation stored (status, timeline, involvement, plan, ... unchanged), and one
// audit entry of kind "denied" naming the actor (and the case).
//
// The case of each row is built fresh by coord.ant (unless the row says otherwise):
// channel CAW, so caw-ant (member.inv, analyst.ant) is involved; later statuses
// add action 1 held by member.hold (opg-ant), action 2 held by member.inv, a meeting
// attended by member.inv, and dir.case (ocmw-ant) as director. vk-ant (member.out),
// ggz-ant (dir.other) and jh-lim (coord.lim) are never involved.
//
// clang-format off
const std::vector<std::pair<std::string, std::string>> kMatrix{
  //                                             coord coord dir   dir    member member member analyst
  //                                             .ant  .lim  .case .other .inv   .out   .hold  .ant
  {"register (in ANT)",                "Y     -     Y     Y      Y      Y      Y      -"},
  {"register (in LIM)",                "-     Y     -     -      -      -      -      -"},
  {"screen (a registered case, by coord.ant)",     "Y     -     -     -      -      -      -      -"},
  {"screen (a registered case, by member.inv)",    "Y     -     -     -      Y      -      -      -"},
  {"screen (a decided case: a read)",              "Y     -     Y     -      Y      -      Y      -"},
  {"update (registered by coord.ant)",          "Y     -     -     -      -      -      -      -"},
  {"update (registered by member.inv)",         "Y     -     -     -      Y      -      -      -"},
  {"decide",                                    "Y     -     -     -      -      -      -      -"},
  {"meeting add",                               "Y     -     Y     -      Y      -      Y      -"},
  {"meeting list",                              "Y     -     Y     -      Y      -      Y      -"},
  {"plan add",                                  "Y     -     Y     -      -      -      -      -"},
  {"plan list",                                 "Y     -     Y     -      Y      -      Y      -"},
  {"plan set (action 1, member.hold holds it)",  "Y     -     Y     -      -      -      Y      -"},
  {"plan set (action 2, member.inv holds it)",   "Y     -     Y     -      Y      -      -      -"},
  {"assign --action",                           "Y     -     Y     -      -      -      -      -"},
  {"plan activate",                             "Y     -     Y     -      -      -      -      -"},
  {"assign --director",                         "Y     -     -     -      -      -      -      -"},
  {"directors",                                 "Y     -     Y     -      Y      -      Y      -"},
  {"close",                                     "Y     -     Y     -      -      -      -      -"},
  {"case",                                "Y     -     Y     -      Y      -      Y      -"},
  {"log",                                       "Y     -     Y     -      Y      -      Y      -"},
  {"involvement",                               "Y     -     Y     -      Y      -      Y      -"},
  {"referral",                                  "Y     -     Y     -      Y      -      Y      -"},
  {"screen --batch",                            "Y     Y     -     -      -      -      -      -"},
  {"audit show (of an ANT case)",           "Y     -     -     -      -      -      -      -"},
  {"init (a later load)",                       "Y     Y     -     -      -      -      -      -"},
  {"export person",                             "Y     Y     -     -      -      -      -      -"},
  {"purge",                                     "Y     Y     -     -      -      -      -      -"},
  {"report case",                               "Y     -     Y     -      Y      -      Y      -"},
  {"report region",                             "Y     Y     -     -      -      -      -      Y"},
  {"case list",                                 "Y     Y     Y     Y      Y      Y      Y      -"},
  {"report actions",                            "Y     Y     Y     Y      Y      Y      Y      -"},
  {"report caseload",                           "Y     Y     Y     Y      Y      Y      Y      -"},
  {"meeting held",                              "Y     -     Y     -      Y      -      Y      -"},
  {"monitor",                                   "Y     -     Y     -      -      -      -      -"},
  {"reopen",                                    "Y     -     -     -      -      -      -      -"},
  {"transfer",                                  "Y     -     -     -      -      -      -      -"},
  {"case find",                                 "Y     Y     Y     Y      Y      Y      Y      -"},
  {"person list",                               "Y     -     Y     -      Y      -      Y      -"},
  {"person cases",                              "Y     -     Y     -      Y      -      Y      -"},
  {"person add",                                "Y     -     Y     -      -      -      -      -"},
  {"person update",                             "Y     -     Y     -      -      -      -      -"},
  {"person remove",                             "Y     -     Y     -      -      -      -      -"},
  {"person links (of the case's persons)",       "Y     -     -     -      -      -      -      -"},
  {"person link",                               "Y     -     -     -      -      -      -      -"},
  {"person unlink",                             "Y     -     -     -      -      -      -      -"},
  {"risk add",                                  "Y     -     Y     -      Y      -      Y      -"},
  {"risk list",                                 "Y     -     Y     -      Y      -      Y      -"},
};
// clang-format on

/// What one row's operation works on and what it returned.
struct Target {
  std::string id;  ///< the case ("" when the operation names none)
  std::string file;
  std::string name;
  std::string text;
  std::size_t count = 0;
  int number = 0;
  std::optional<ScreenResult> result;
  std::vector<ScreenResult> results;
  std::vector<std::string> ids;
  std::vector<AuditEntry> entries;
  std::optional<Referral> referral;
};

struct Op {
  bool case_level;  ///< the operation is about one case, which a denial names
  std::function<Target(World&)> setup;
  std::function<void(World&, const std::string& actor, Target&)> run;
  std::function<void(World&, const std::string& actor, Target&)> worked;
};

Target on(const std::string& id) {
  Target t;
  t.id = id;
  return t;
}

MeetingInput meeting(const std::string& purpose = "Follow-up") {
  MeetingInput m;
  m.date = {2026, 11, 28};
  m.attendees = {"member.inv"};
  m.purpose = purpose;
  return m;
}

std::map<std::string, Op> operations() {
  using S = CaseStatus;
  auto fresh = [](S st, const std::string& registrant = kCoord) {
    return [st, registrant](World& w) { return on(w.make_case(st, registrant)); };
  };
  auto status = [](World& w, const std::string& id) { return w.s.case_state(kCoord, id).status; };
  ReferralPatch patch;
  patch.set = {{"help_status", "no_perspective"}};

  std::map<std::string, Op> ops;
  ops["register (in ANT)"] = {false, [](World&) { return Target{}; },
                              [](World& w, const std::string& a, Target& t) {
                                t.id = w.s.register_referral(a, referral("ANT", w.next_ref()));
                              },
                              [](World& w, const std::string& a, Target& t) {
                                CHECK(t.id.rfind("ANT-2026-", 0) == 0);
                                CHECK(w.s.case_state(kCoord, t.id).status == S::kRegistered);
                                CHECK(w.s.log(kCoord, t.id).front().actor == a);
                              }};
  ops["register (in LIM)"] = {false, [](World&) { return Target{}; },
                              [](World& w, const std::string& a, Target& t) {
                                t.id = w.s.register_referral(a, referral("LIM", w.next_ref()));
                              },
                              [](World& w, const std::string&, Target& t) {
                                CHECK(t.id.rfind("LIM-2026-", 0) == 0);
                                CHECK(w.s.case_state("coord.lim", t.id).status == S::kRegistered);
                              }};
  auto screen_change = [status](World& w, const std::string&, Target& t) {
    REQUIRE(t.result);
    CHECK(t.result->outcome == Outcome::kEligible);
    CHECK(status(w, t.id) == S::kScreened);
    CHECK(w.s.log(kCoord, t.id).back().action == "screened");
  };
  auto run_screen = [](World& w, const std::string& a, Target& t) {
    t.result = w.s.screen(a, t.id);
  };
  ops["screen (a registered case, by coord.ant)"] = {true, fresh(S::kRegistered), run_screen,
                                                     screen_change};
  ops["screen (a registered case, by member.inv)"] = {true, fresh(S::kRegistered, "member.inv"),
                                                      run_screen, screen_change};
  ops["screen (a decided case: a read)"] = {
      true, fresh(S::kActive), run_screen, [status](World& w, const std::string& a, Target& t) {
        REQUIRE(t.result);
        CHECK(t.result->outcome == Outcome::kEligible);
        const auto e = w.s.audit_show(kCoord, AuditFilter{t.id, a, std::nullopt});
        REQUIRE_FALSE(e.empty());
        CHECK(e.back().kind == "read");  // a look at case data is logged
        CHECK(e.back().action == "screen");
        CHECK(status(w, t.id) == S::kActive);
      }};
  auto run_update = [patch](World& w, const std::string& a, Target& t) {
    t.result = w.s.update(a, t.id, patch);
  };
  auto update_worked = [status](World& w, const std::string& a, Target& t) {
    CHECK(status(w, t.id) == S::kScreened);
    const auto log = w.s.log(kCoord, t.id);
    REQUIRE(log.size() >= 2);
    CHECK(log[log.size() - 2].action == "updated");
    CHECK(log[log.size() - 2].actor == a);
    CHECK(w.s.referral(kCoord, t.id)->help_status == HelpStatus::kNoPerspective);
  };
  ops["update (registered by coord.ant)"] = {true, fresh(S::kScreened), run_update, update_worked};
  ops["update (registered by member.inv)"] = {true, fresh(S::kScreened, "member.inv"), run_update,
                                              update_worked};
  ops["decide"] = {true, fresh(S::kScreened),
                   [](World& w, const std::string& a, Target& t) {
                     w.s.decide(a, t.id, true, "Very unsafe, the team takes it on", false);
                   },
                   [status](World& w, const std::string& a, Target& t) {
                     CHECK(status(w, t.id) == S::kAccepted);
                     CHECK(w.s.case_state(kCoord, t.id).decision->actor == a);
                   }};
  ops["meeting add"] = {true, fresh(S::kActive),
                        [](World& w, const std::string& a, Target& t) {
                          t.number = w.s.add_meeting(a, t.id, meeting());
                        },
                        [](World& w, const std::string& a, Target& t) {
                          CHECK(t.number == 2);
                          const auto m = w.s.meetings(kCoord, t.id);
                          REQUIRE(m.size() == 2);
                          CHECK(m.back().actor == a);
                        }};
  ops["meeting list"] = {
      true, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) { t.count = w.s.meetings(a, t.id).size(); },
      [](World&, const std::string&, Target& t) { CHECK(t.count == 1); }};
  ops["plan add"] = {true, fresh(S::kActive),
                     [](World& w, const std::string& a, Target& t) {
                       t.number = w.s.add_action(a, t.id, "Parenting support", "parenting",
                                                 "member.hold", std::nullopt);
                     },
                     [](World& w, const std::string&, Target& t) {
                       CHECK(t.number == 3);
                       CHECK(w.s.actions(kCoord, t.id).size() == 3);
                     }};
  ops["plan list"] = {
      true, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) { t.count = w.s.actions(a, t.id).size(); },
      [](World&, const std::string&, Target& t) { CHECK(t.count == 2); }};
  auto plan_set = [](int number) {
    return [number](World& w, const std::string& a, Target& t) {
      w.s.set_action_status(a, t.id, number, ActionStatus::kInProgress, std::string("started"));
    };
  };
  auto plan_set_worked = [](int number) {
    return [number](World& w, const std::string& a, Target& t) {
      const auto list = w.s.actions(kCoord, t.id);
      const Action& act = list.at(static_cast<std::size_t>(number - 1));
      CHECK(act.status == ActionStatus::kInProgress);
      REQUIRE_FALSE(act.history.empty());
      CHECK(act.history.back().actor == a);
      CHECK(act.history.back().note == std::optional<std::string>("started"));
    };
  };
  ops["plan set (action 1, member.hold holds it)"] = {true, fresh(S::kActive), plan_set(1),
                                                      plan_set_worked(1)};
  ops["plan set (action 2, member.inv holds it)"] = {true, fresh(S::kActive), plan_set(2),
                                                     plan_set_worked(2)};
  ops["assign --action"] = {true, fresh(S::kActive),
                            [](World& w, const std::string& a, Target& t) {
                              w.s.reassign_action(a, t.id, 1, "member.inv");
                            },
                            [](World& w, const std::string&, Target& t) {
                              CHECK(w.s.actions(kCoord, t.id).front().professional == "member.inv");
                            }};
  ops["plan activate"] = {
      true, fresh(S::kDirected),
      [](World& w, const std::string& a, Target& t) { w.s.activate_plan(a, t.id); },
      [status](World& w, const std::string&, Target& t) { CHECK(status(w, t.id) == S::kActive); }};
  ops["meeting held"] = {true,
                         [](World& w) {
                           Target t = on(w.make_case(CaseStatus::kActive));
                           w.at("2026-11-20T10:00:00Z");  // 11-27 lies ahead: planned
                           MeetingInput m;
                           m.date = {2026, 11, 27};
                           m.attendees = {"member.inv"};
                           m.purpose = "Evaluate the plan";
                           t.number = w.s.add_meeting(kCoord, t.id, m);
                           w.at("2026-11-28T10:00:00Z");
                           return t;
                         },
                         [](World& w, const std::string& a, Target& t) {
                           w.s.hold_meeting(a, t.id, t.number, MeetingHeld{});
                         },
                         [](World& w, const std::string&, Target& t) {
                           for (const auto& m : w.s.meetings(kCoord, t.id))
                             if (m.number == t.number) CHECK(m.status == MeetingStatus::kHeld);
                         }};
  ops["monitor"] = {
      true,
      [](World& w) {
        Target t = on(w.make_case(CaseStatus::kActive));
        w.s.close(kCoord, t.id, ClosureReason::kGoalsReached, std::nullopt, Date{2027, 2, 28});
        return t;
      },
      [](World& w, const std::string& a, Target& t) {
        t.number = w.s.monitor(a, t.id, MonitoringResult::kStable, "All calm");
      },
      [](World& w, const std::string& a, Target& t) {
        const auto m = w.s.case_state(kCoord, t.id).monitoring;
        REQUIRE(m.size() == 1);
        CHECK(m[0].actor == a);
      }};
  ops["reopen"] = {
      true, fresh(S::kClosed),
      [](World& w, const std::string& a, Target& t) { w.s.reopen(a, t.id, "Violence returned"); },
      [status](World& w, const std::string&, Target& t) {
        CHECK(status(w, t.id) == S::kAnalysis);
      }};
  ops["transfer"] = {true, fresh(S::kActive),
                     [](World& w, const std::string& a, Target& t) {
                       t.text = w.s.transfer(a, t.id, "LIM", "The family moved to Hasselt");
                     },
                     [status](World& w, const std::string&, Target& t) {
                       CHECK(status(w, t.id) == S::kClosed);
                       CHECK(t.text.rfind("LIM-", 0) == 0);
                     }};
  ops["assign --director"] = {true, fresh(S::kActive),
                              [](World& w, const std::string& a, Target& t) {
                                w.s.assign_director(a, t.id, "dir.other", std::string("handover"));
                              },
                              [](World& w, const std::string& a, Target& t) {
                                CHECK(w.s.case_state(kCoord, t.id).director == "dir.other");
                                const auto d = w.s.directors(kCoord, t.id);
                                REQUIRE(d.size() == 2);
                                CHECK(d.back().assigned_by == a);
                              }};
  ops["person list"] = {
      true, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) { t.count = w.s.persons(a, t.id).size(); },
      [](World&, const std::string&, Target& t) { CHECK(t.count == 1); }};
  ops["person cases"] = {true, fresh(S::kActive),
                         [](World& w, const std::string& a, Target& t) {
                           const PersonCases pc = w.s.person_cases(a, t.id, 1);
                           t.text = pc.case_id;
                           t.count = pc.cases.size() + static_cast<std::size_t>(pc.others);
                         },
                         [](World&, const std::string&, Target& t) { CHECK(t.text == t.id); }};
  ops["person add"] = {
      true, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) {
        t.number = w.s.person_add(a, t.id, {PersonRole::kChild, "Child N.", 2026, {}});
      },
      [](World& w, const std::string&, Target& t) {
        CHECK(t.number == 2);
        CHECK(w.s.persons(kCoord, t.id).back().added);
      }};
  ops["person update"] = {true, fresh(S::kActive),
                          [](World& w, const std::string& a, Target& t) {
                            w.s.person_update(a, t.id, 1, {{}, {}, {}, Gender::kF});
                          },
                          [](World& w, const std::string&, Target& t) {
                            CHECK(w.s.persons(kCoord, t.id)[0].gender == Gender::kF);
                          }};
  ops["person remove"] = {true, fresh(S::kActive),
                          [](World& w, const std::string& a, Target& t) {
                            w.s.person_remove(a, t.id, 1, "Not of this family");
                          },
                          [](World& w, const std::string&, Target& t) {
                            CHECK(w.s.persons(kCoord, t.id)[0].removed_reason);
                          }};
  // Two cases whose victims may be one person: names one letter apart, one birth year.
  auto two_persons = [](World& w) {
    const std::string once = w.next_ref("P"), n = once + once + once;  // 3 apart from others
    Referral r = referral("ANT", "");
    r.persons = {{PersonRole::kVictim, "Link A " + n, 1970}};
    Target t = on(w.make_case(S::kActive, kCoord, r));
    r.persons = {{PersonRole::kVictim, "Link B " + n, 1970}};
    t.text = w.make_case(S::kActive, kCoord, r);
    return t;
  };
  ops["person links (of the case's persons)"] = {true, two_persons,
                                                 [](World& w, const std::string& a, Target& t) {
                                                   const auto links =
                                                       w.s.person_links(a, std::nullopt, t.id);
                                                   t.count = links.size();
                                                   if (!links.empty())
                                                     t.name = links[0].second.case_id;
                                                 },
                                                 [](World&, const std::string&, Target& t) {
                                                   CHECK(t.count == 1);
                                                   CHECK(t.name == t.text);
                                                 }};
  ops["person link"] = {
      true, two_persons,
      [](World& w, const std::string& a, Target& t) {
        w.s.person_link(a, {t.id, 1, t.text, 1});
      },
      [](World& w, const std::string&, Target& t) {
        CHECK(w.s.person_cases(kCoord, t.id, 1).cases == std::vector<std::string>{t.text});
      }};
  ops["person unlink"] = {true, two_persons,
                          [](World& w, const std::string& a, Target& t) {
                            w.s.person_unlink(a, {t.id, 1, t.text, 1});
                          },
                          [](World& w, const std::string&, Target& t) {
                            CHECK(w.s.person_links(kCoord, std::nullopt, t.id).empty());
                          }};
  ops["risk add"] = {true, fresh(S::kActive),
                     [](World& w, const std::string& a, Target& t) {
                       RiskInput in;
                       in.person = 1;
                       in.instrument = "rc-test";
                       in.answers = {{"a", Answer::kYes}};
                       t.number = w.s.risk_add(a, t.id, in).number;
                     },
                     [](World& w, const std::string& a, Target& t) {
                       CHECK(t.number == 1);
                       const auto list = w.s.risk_list(kCoord, t.id);
                       REQUIRE(list.size() == 1);
                       CHECK(list[0].recorded_by == a);
                       CHECK(list[0].level == RiskLevel::kHigh);
                     }};
  ops["risk list"] = {true, fresh(S::kActive),
                      [](World& w, const std::string& a, Target& t) {
                        t.count = w.s.risk_list(a, t.id).size() + 1;
                      },
                      [](World&, const std::string&, Target& t) { CHECK(t.count == 1); }};
  ops["directors"] = {true, fresh(S::kActive),
                      [](World& w, const std::string& a, Target& t) {
                        const auto d = w.s.directors(a, t.id);
                        t.count = d.size();
                        if (!d.empty()) t.text = d.front().professional;
                      },
                      [](World&, const std::string&, Target& t) {
                        CHECK(t.count == 1);
                        CHECK(t.text == "dir.case");
                      }};
  ops["close"] = {true, fresh(S::kActive),
                  [](World& w, const std::string& a, Target& t) {
                    w.s.close(a, t.id, ClosureReason::kGoalsReached, std::nullopt);
                  },
                  [](World& w, const std::string&, Target& t) {
                    const CaseState st = w.s.case_state(kCoord, t.id);
                    CHECK(st.status == S::kClosed);
                    CHECK(st.closure_reason == ClosureReason::kGoalsReached);
                  }};
  ops["case"] = {true, fresh(S::kActive),
                 [](World& w, const std::string& a, Target& t) {
                   const CaseState st = w.s.case_state(a, t.id);
                   t.text = std::string(to_string(st.status)) + " " + st.director.value_or("-");
                 },
                 [](World&, const std::string&, Target& t) { CHECK(t.text == "active dir.case"); }};
  ops["log"] = {true, fresh(S::kActive),
                [](World& w, const std::string& a, Target& t) {
                  const auto log = w.s.log(a, t.id);
                  t.count = log.size();
                  if (!log.empty()) t.text = log.front().action;
                },
                [](World&, const std::string&, Target& t) {
                  CHECK(t.count >= 8);
                  CHECK(t.text == "registered");
                }};
  ops["involvement"] = {
      true, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) {
        for (const auto& i : w.s.involvement(a, t.id)) t.text += i.partner + " ";
      },
      [](World&, const std::string&, Target& t) { CHECK(t.text == "caw-ant ocmw-ant opg-ant "); }};
  ops["referral"] = {
      true, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) { t.referral = w.s.referral(a, t.id); },
      [](World&, const std::string&, Target& t) {
        REQUIRE(t.referral);
        CHECK(t.referral->summary == std::optional<std::string>("A synthetic family."));
      }};
  ops["screen --batch"] = {
      false,
      [](World& w) {
        Target t;
        t.name = w.next_ref("B");
        t.file = (w.dir / (t.name + ".jsonl")).string();
        json j = {{"external_ref", t.name},
                  {"region", "ANT"},
                  {"received", "2026-11-02"},
                  {"referrer", {{"kind", "professional"}}},
                  {"channel", "caw"},
                  {"safety", "very_unsafe"},
                  {"regular_cooperation_sufficient", false},
                  {"sectors_needed", json::array({"welfare", "police"})},
                  {"life_domains", json::array({"housing", "finances"})},
                  {"help_status", "stuck"}};
        std::ofstream(t.file) << j.dump() << "\n";
        return t;
      },
      [](World& w, const std::string& a, Target& t) {
        ReferralReader reader(t.file, InputFormat::kJsonl, w.s.catalog(), ReadMode::kBatch);
        w.s.screen_batch(a, reader, BatchOptions{},
                         [&](const ScreenResult& r) { t.results.push_back(r); });
      },
      [](World& w, const std::string& a, Target& t) {
        REQUIRE(t.results.size() == 1);
        const ScreenResult& r = t.results.front();
        if (a == "coord.ant") {
          CHECK(r.outcome == Outcome::kEligible);
          REQUIRE(r.case_id);
          CHECK(w.s.case_state(kCoord, *r.case_id).status == CaseStatus::kScreened);
        } else {  // a coordinator of another region: the record is skipped on `region`
          CHECK(r.outcome == Outcome::kSkipped);
          CHECK_FALSE(r.case_id);
          REQUIRE_FALSE(r.errors.empty());
          CHECK(r.errors.front().field == std::optional<std::string>("region"));
        }
      }};
  ops["audit show (of an ANT case)"] = {
      false, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) {
        t.entries = w.s.audit_show(a, AuditFilter{t.id, std::nullopt, std::nullopt});
      },
      [](World&, const std::string&, Target& t) {
        REQUIRE_FALSE(t.entries.empty());
        for (const auto& e : t.entries) CHECK(e.case_id == t.id);
        CHECK(t.entries.front().action == "registered");
      }};
  ops["init (a later load)"] = {
      false,
      [](World& w) {
        Target t;
        t.name = "Member O, renamed " + w.next_ref("");
        return t;
      },
      [](World& w, const std::string& a, Target& t) { w.s.init(config(t.name), a); },
      [](World& w, const std::string&, Target& t) {
        for (const auto& p : w.s.professionals())
          if (p.id == "member.out") CHECK(p.name == t.name);
      }};
  ops["export person"] = {false,
                          [](World& w) {
                            Target t;
                            t.name = "Export Person " + w.next_ref("X");
                            Referral r = referral("ANT", "");
                            r.persons = {{PersonRole::kVictim, t.name, 1980}};
                            t.id = w.make_case(CaseStatus::kActive, kCoord, r);
                            return t;
                          },
                          [](World& w, const std::string& a, Target& t) {
                            t.text = to_json(w.s.export_person(a, t.name, std::nullopt));
                          },
                          [](World&, const std::string& a, Target& t) {
                            const json out = json::parse(t.text);
                            std::set<std::string> cases;
                            for (const auto& c : out.at("cases"))
                              cases.insert(c.at("case").get<std::string>());
                            if (a == "coord.ant")
                              CHECK(cases == std::set<std::string>{t.id});
                            else  // a coordinator of another region finds none of ANT's cases
                              CHECK(cases.empty());
                          }};
  ops["purge"] = {false,
                  [](World& w) {
                    w.at("2026-11-20T10:00:00Z");
                    Target t = on(w.make_case(CaseStatus::kRegistered));
                    w.s.close(kCoord, t.id, ClosureReason::kMoved, std::nullopt);
                    w.at("2026-11-28T10:00:00Z");
                    return t;
                  },
                  [](World& w, const std::string& a, Target& t) {
                    t.ids = w.s.purge(a, {2026, 11, 28}, false);
                  },
                  [](World& w, const std::string& a, Target& t) {
                    const bool purged = std::find(t.ids.begin(), t.ids.end(), t.id) != t.ids.end();
                    const auto r = w.s.referral(kCoord, t.id);
                    REQUIRE(r);
                    if (a == "coord.ant") {
                      CHECK(purged);
                      CHECK_FALSE(r->summary);
                    } else {  // only cases of their own regions
                      CHECK_FALSE(purged);
                      CHECK(r->summary);
                    }
                  }};
  ops["report case"] = {true, fresh(S::kActive),
                        [](World& w, const std::string& a, Target& t) {
                          const CaseReport r = w.s.report_case(a, t.id);
                          t.text = r.state.id;
                          t.count = r.actions.size();
                        },
                        [](World&, const std::string&, Target& t) {
                          CHECK(t.text == t.id);
                          CHECK(t.count == 2);
                        }};
  ops["report region"] = {
      false, fresh(S::kActive),
      [](World& w, const std::string& a, Target& t) {
        const RegionReport r = w.s.report_region(a, RegionReportQuery{});
        t.ids = r.regions;
      },
      [](World&, const std::string& a, Target& t) {
        // Each sees the regions their partner serves, and no other.
        CHECK(t.ids == std::vector<std::string>{a == "coord.lim" ? "LIM" : "ANT"});
      }};
  // Who may read the case sees its two actions; nobody else sees any.
  auto sees_case = [](const std::string& a) {
    return a == "coord.ant" || a == "dir.case" || a == "member.inv" || a == "member.hold";
  };
  ops["report actions"] = {false, fresh(S::kActive),
                           [](World& w, const std::string& a, Target& t) {
                             for (const auto& row : w.s.report_actions(a, ActionsQuery{}).rows)
                               if (row.case_id == t.id) ++t.count;
                           },
                           [sees_case](World&, const std::string& a, Target& t) {
                             CHECK(t.count == (sees_case(a) ? 2u : 0u));
                           }};
  ops["case list"] = {false, fresh(S::kActive),
                      [](World& w, const std::string& a, Target& t) {
                        for (const auto& row : w.s.case_list(a, CaseQuery{}).rows)
                          if (row.case_id == t.id) ++t.count;
                      },
                      [sees_case](World&, const std::string& a, Target& t) {
                        CHECK(t.count == (sees_case(a) ? 1u : 0u));
                      }};
  // Everyone but the analyst may search; each finds the case only if they may read it,
  // and that is then one logged read.
  ops["case find"] = {false, fresh(S::kActive),
                      [](World& w, const std::string& a, Target& t) {
                        for (const auto& c : w.s.case_find(a, " person  a. ", 1991).cases)
                          if (c.case_id == t.id) {
                            ++t.count;
                            t.ids = c.roles;
                          }
                      },
                      [sees_case](World& w, const std::string& a, Target& t) {
                        CHECK(t.count == (sees_case(a) ? 1u : 0u));
                        if (t.count) CHECK(t.ids == std::vector<std::string>{"victim"});
                        std::size_t reads = 0;
                        for (const auto& e : w.s.audit_show(kCoord, AuditFilter{t.id, a, {}}))
                          if (e.kind == "read" && e.action == "case find") ++reads;
                        CHECK(reads == t.count);
                      }};
  ops["report caseload"] = {false, fresh(S::kActive),
                            [](World& w, const std::string& a, Target& t) {
                              for (const auto& row : w.s.report_caseload(a, std::nullopt).rows)
                                t.ids.push_back(row.professional);
                            },
                            [](World&, const std::string& a, Target& t) {
                              // A coordinator sees everyone's line; others only their own.
                              if (a.rfind("coord.", 0) == 0) return;
                              for (const auto& id : t.ids) CHECK(id == a);
                            }};
  return ops;
}

/// The "denied" entries the audit trail holds for `actor` (and `case_id`).
std::vector<AuditEntry> denials(World& w, const std::string& actor, const std::string& case_id) {
  AuditFilter f;
  f.actor = actor;
  if (!case_id.empty()) f.case_id = case_id;
  std::vector<AuditEntry> out;
  for (auto& e : w.s.audit_show(kCoord, f))
    if (e.kind == "denied") out.push_back(std::move(e));
  return out;
}

void expect_denied(World& w, const Op& op, const std::string& actor, Target& t) {
  const std::string case_id = op.case_level ? t.id : std::string();
  const std::string before = w.snapshot(t.id);
  const std::size_t denied_before = denials(w, actor, case_id).size();
  const long entries_before = w.s.audit_head().entries;
  try {
    op.run(w, actor, t);
    FAIL_CHECK("allowed, but the table says denied");
    return;
  } catch (const Error& e) {
    const std::string msg = e.what();
    INFO("message: " << msg);
    CHECK(e.code() == ErrorCode::kAccessDenied);
    CHECK((contains(msg, "access denied") || contains(msg, "may not")));
    if (op.case_level) CHECK(contains(msg, t.id));
    if (op.case_level && actor == "analyst.ant") CHECK(contains(msg, "analyst"));
  }
  // Nothing of the operation was stored: its change entries would have been
  // written in the transaction that rolled back; only the denial follows.
  CHECK(w.s.audit_head().entries == entries_before + 1);
  const auto after_denials = denials(w, actor, case_id);
  CHECK(after_denials.size() == denied_before + 1);
  if (!after_denials.empty()) {
    const AuditEntry& d = after_denials.back();
    CHECK(d.actor == actor);
    if (op.case_level) CHECK(d.case_id == t.id);
    const json details = json::parse(d.details);
    CHECK_FALSE(details.value("rule", std::string()).empty());
  }
  CHECK(w.snapshot(t.id) == before);
}

void expect_allowed(World& w, const Op& op, const std::string& actor, Target& t) {
  const std::size_t denied_before = denials(w, actor, "").size();
  try {
    op.run(w, actor, t);
  } catch (const Error& e) {
    FAIL_CHECK("refused (code " << static_cast<int>(e.code())
                                << "), but the table says allowed: " << e.what());
    return;
  }
  op.worked(w, actor, t);
  CHECK(denials(w, actor, "").size() == denied_before);
}

/// Runs `f`, which must throw ifg::Error; returns it.
std::optional<Error> error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("access matrix: every case-level operation by every role", "[access]") {
  World w;
  const auto ops = operations();
  REQUIRE(ops.size() == kMatrix.size());
  for (const auto& [name, row] : kMatrix) {
    std::string cells;
    for (char c : row)
      if (c != ' ') cells += c;
    REQUIRE(cells.size() == kRoles.size());
    REQUIRE(ops.count(name) == 1);
    const Op& op = ops.at(name);
    for (std::size_t i = 0; i < kRoles.size(); ++i) {
      const std::string& actor = kRoles[i];
      INFO(name << " as " << actor << " (expected " << (cells[i] == 'Y' ? "allowed" : "denied")
                << ")");
      Target t = op.setup(w);
      if (cells[i] == 'Y')
        expect_allowed(w, op, actor, t);
      else
        expect_denied(w, op, actor, t);
    }
  }
  CHECK(w.s.audit_verify().intact);
}

TEST_CASE("the access matrix has a row for every rule of the access policy", "[access]") {
  // The rows are named after the operations as the policy (and the audit
  // trail) names them, with what the row adds in parentheses.
  for (const auto& rule : detail::access_rules()) {
    INFO(rule.name);
    const std::string name(rule.name);
    CHECK(std::any_of(kMatrix.begin(), kMatrix.end(), [&](const auto& row) {
      return row.first == name || row.first.rfind(name + " (", 0) == 0;
    }));
  }
}

TEST_CASE("docs/security.md's table of roles names every operation of the policy", "[access]") {
  std::ifstream in(std::string(IFG_DOCS) + "/security.md");
  REQUIRE(in);
  std::string line, table;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) inside = line == "## Roles and need-to-know";
    if (inside && line.rfind("|", 0) == 0) table += line + "\n";
  }
  REQUIRE_FALSE(table.empty());
  for (const auto& rule : detail::access_rules()) {
    INFO(rule.name);
    CHECK(contains(table, "`" + std::string(rule.name)));
  }
}

TEST_CASE("a coordinator of another region is shown no entry of the region's cases", "[access]") {
  World w;
  const std::string id = w.make_case(CaseStatus::kActive);
  w.s.log(kCoord, id);
  // Unfiltered, what coord.lim is shown holds no entry of an ANT case (or it is denied).
  try {
    std::size_t shown_ant = 0;
    for (const auto& e : w.s.audit_show("coord.lim", AuditFilter{}))
      if (e.case_id && e.case_id->rfind("ANT-", 0) == 0) ++shown_ant;
    CHECK(shown_ant == 0);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kAccessDenied);
  }
  // (Filtered on the ANT case: the matrix row "audit show (of an ANT case)".)
}

TEST_CASE("an unauthorized actor is denied before the case's state is looked at", "[access]") {
  // A denial must not depend on, and so not reveal, the case's status, its plan
  // or the validity of the rest of the request.
  World w;
  const std::string active = w.make_case(CaseStatus::kActive);
  const std::string closed = w.make_case(CaseStatus::kClosed);
  const std::string registered = w.make_case(CaseStatus::kRegistered);
  struct Probe {
    const char* what;
    std::function<void()> run;
  };
  const std::vector<Probe> probes{
      {"plan set on a closed case",
       [&] { w.s.set_action_status("member.out", closed, 1, ActionStatus::kDone, std::nullopt); }},
      {"plan set on an action that does not exist",
       [&] { w.s.set_action_status("member.out", active, 99, ActionStatus::kDone, std::nullopt); }},
      {"plan set with a note that is not UTF-8",
       [&] {
         w.s.set_action_status("member.out", active, 1, ActionStatus::kDone,
                               std::string("\xff\xfe"));
       }},
      {"plan add on a closed case",
       [&] { w.s.add_action("member.out", closed, "x", "housing", "member.hold", std::nullopt); }},
      {"meeting add on a closed case", [&] { w.s.add_meeting("member.out", closed, meeting()); }},
      {"decide on a registered case",
       [&] { w.s.decide("member.out", registered, true, "x", false); }},
      {"close a closed case",
       [&] { w.s.close("member.out", closed, ClosureReason::kMoved, std::nullopt); }},
      {"assign --action to an unknown professional",
       [&] { w.s.reassign_action("member.out", active, 1, "nobody"); }},
  };
  for (const auto& p : probes) {
    INFO(p.what);
    const auto e = error_of(p.run);
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::kAccessDenied);
    INFO(e->what());
    CHECK_FALSE(contains(e->what(), "closed"));
  }
}

TEST_CASE("a former director keeps need-to-know but no longer steers the case", "[access]") {
  World w;
  const std::string id = w.make_case(CaseStatus::kActive);
  w.s.assign_director(kCoord, id, "dir.other", std::string("handover"));
  // ocmw-ant was the director's partner: still involved (spec: "is or was its director").
  CHECK_NOTHROW(w.s.log("dir.case", id));
  CHECK_NOTHROW(w.s.actions("dir.case", id));
  CHECK_NOTHROW(w.s.add_meeting("dir.case", id, meeting()));
  auto e = error_of([&] { w.s.close("dir.case", id, ClosureReason::kMoved, std::nullopt); });
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::kAccessDenied);
  e = error_of(
      [&] { w.s.add_action("dir.case", id, "x", "housing", "member.hold", std::nullopt); });
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::kAccessDenied);
  // and the new director steers it
  CHECK_NOTHROW(w.s.add_action("dir.other", id, "Therapy", "mental", "member.hold", std::nullopt));
  CHECK_NOTHROW(w.s.close("dir.other", id, ClosureReason::kGoalsReached, std::nullopt));
}

TEST_CASE("no actor, an unknown actor and an inactive actor are denied and logged", "[access]") {
  World w;
  Config c = config();
  c.professionals.push_back({"gone.member", "Former M", "caw-ant", {Role::kMember}, false});
  w.s.init(c, kCoord);
  const std::string id = w.make_case(CaseStatus::kActive);
  for (const std::optional<std::string>& actor :
       {std::optional<std::string>(), std::optional<std::string>(""),
        std::optional<std::string>("nobody"), std::optional<std::string>("gone.member")}) {
    INFO("actor: " << actor.value_or("(none)"));
    const long before = w.s.audit_head().entries;
    const auto e = error_of([&] { w.s.log(actor, id); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::kAccessDenied);
    CHECK(w.s.audit_head().entries == before + 1);
    const auto all = w.s.audit_show(kCoord, AuditFilter{});
    REQUIRE(all.size() >= 2);
    const AuditEntry& d = all[all.size() - 1];
    CHECK(d.kind == "denied");
    if (actor && !actor->empty()) CHECK(d.actor == actor);
    // with the command and the case they named
    CHECK(d.action == "log");
    CHECK(d.case_id == id);
  }
  CHECK(w.s.audit_verify().intact);
}

// ---------------------------------------------------------------------------
// Probes: what a refusal tells about cases and external_refs

namespace {

/// `text` with every `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

/// The last entry of the trail as `viewer` is shown it.
AuditEntry last_entry(World& w, const std::string& viewer = kCoord) {
  const auto all = w.s.audit_show(viewer, AuditFilter{});
  REQUIRE_FALSE(all.empty());
  return all.back();
}

/// Whether `viewer` is shown entry `id` (with `action`, when given: a batch
/// chunk's records are shown with their chunk's id).
bool shows_entry(World& w, const std::string& viewer, long id, const std::string& action = "") {
  const auto all = w.s.audit_show(viewer, AuditFilter{});
  return std::any_of(all.begin(), all.end(), [&](const AuditEntry& e) {
    return e.id == id && (action.empty() || e.action == action);
  });
}

}  // namespace

TEST_CASE("a probe cannot tell a missing case from one the actor may not see", "[access][probe]") {
  // Every case-level operation, as every actor it refuses: the case that
  // exists and an id of the same region that does not give the same code,
  // message (but for the id) and hint, and each leaves one denied entry.
  World w;
  const auto ops = operations();
  const std::string missing = "ANT-2026-0999";
  int probes = 0;
  for (const auto& [name, row] : kMatrix) {
    const Op& op = ops.at(name);
    if (!op.case_level && name != "audit show (of an ANT case)") continue;
    std::string cells;
    for (char c : row)
      if (c != ' ') cells += c;
    for (std::size_t i = 0; i < kRoles.size(); ++i) {
      if (cells[i] == 'Y') continue;
      const std::string& actor = kRoles[i];
      INFO(name << " as " << actor);
      Target foreign = op.setup(w);
      Target absent = foreign;
      absent.id = missing;
      const auto seen = error_of([&] { op.run(w, actor, foreign); });
      const long before = w.s.audit_head().entries;
      const auto unseen = error_of([&] { op.run(w, actor, absent); });
      REQUIRE(seen);
      REQUIRE(unseen);
      ++probes;
      CHECK(unseen->code() == ErrorCode::kAccessDenied);
      CHECK(seen->code() == unseen->code());
      CHECK(seen->hint() == unseen->hint());
      CHECK(seen->subject() == unseen->subject());
      // the probe of the missing case is logged, naming the id in its details
      CHECK(w.s.audit_head().entries == before + 1);
      const AuditEntry d = last_entry(w);
      CHECK(d.kind == "denied");
      CHECK(d.actor == actor);
      CHECK_FALSE(d.case_id);
      CHECK(json::parse(d.details).value("case", "") == missing);
      CHECK_FALSE(json::parse(d.details).value("rule", "").empty());
      const auto refused_read = error_of([&] { w.s.case_state(actor, foreign.id); });
      if (refused_read)
        CHECK(replaced(seen->what(), foreign.id, missing) == std::string(unseen->what()));
      else  // who may read the case knows it exists, and is told the rule instead
        CHECK_FALSE(contains(seen->what(), "does not exist"));
    }
  }
  CHECK(probes > 40);
  CHECK(w.s.audit_verify().intact);
}

TEST_CASE("only a coordinator of the id's region is told that a case does not exist",
          "[access][probe]") {
  World w;
  const long before = w.s.audit_head().entries;
  CHECK(test::code_of([&] { w.s.log(kCoord, "ANT-2026-0999"); }) == ErrorCode::kNotFound);
  CHECK(test::code_of([&] { w.s.log("coord.lim", "LIM-2026-0999"); }) == ErrorCode::kNotFound);
  CHECK(w.s.audit_head().entries == before);  // "not found" is an answer, not a denial
  CHECK(test::code_of([&] { w.s.log("coord.lim", "ANT-2026-0999"); }) == ErrorCode::kAccessDenied);
  CHECK(test::code_of([&] { w.s.log("dir.case", "ANT-2026-0999"); }) == ErrorCode::kAccessDenied);
  // an id without a region (REGION-YEAR-NUMBER) is no case's: not found, for anyone
  CHECK(test::code_of([&] { w.s.log("member.out", "ANT-0999"); }) == ErrorCode::kNotFound);
  CHECK(test::code_of([&] { w.s.log("coord.lim", "nonsense"); }) == ErrorCode::kNotFound);
  // a library caller's referral(): nothing for the coordinator, a denial for others
  CHECK_FALSE(w.s.referral(kCoord, "ANT-2026-0999"));
  CHECK(test::code_of([&] { w.s.referral("member.inv", "ANT-2026-0999"); }) ==
        ErrorCode::kAccessDenied);
  // an audit trail asked for a case of another region
  const std::string id = w.make_case(CaseStatus::kRegistered);
  const auto seen = error_of([&] { w.s.audit_show("coord.lim", AuditFilter{id, {}, {}}); });
  const auto unseen = error_of([&] {
    w.s.audit_show("coord.lim", AuditFilter{"ANT-2026-0999", {}, {}});
  });
  REQUIRE(seen);
  REQUIRE(unseen);
  CHECK(seen->code() == ErrorCode::kAccessDenied);
  CHECK(replaced(seen->what(), id, "ANT-2026-0999") == std::string(unseen->what()));
  CHECK(test::code_of([&] {
          w.s.audit_show(kCoord, AuditFilter{"ANT-2026-0999", {}, {}});
        }) == ErrorCode::kNotFound);
}

TEST_CASE("a duplicate external_ref names its case only to who may read that case",
          "[access][probe]") {
  World w;
  const std::string id = w.make_case(CaseStatus::kRegistered);  // by coord.ant, channel CAW
  const std::string ref = w.s.referral(kCoord, id)->external_ref.value();
  auto again = [&](const std::string& actor) {
    const auto e = error_of([&] { w.s.register_referral(actor, referral("ANT", ref)); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::kRefused);
    return *e;
  };
  // who may read the case is sent to it
  for (const std::string actor : {"coord.ant", "member.inv"}) {
    INFO(actor);
    const Error e = again(actor);
    CHECK(contains(e.what(), id));
    CHECK(e.hint() == Hint::kUpdateCase);
    CHECK(e.subject() == id);
  }
  // anyone else learns that the ref is taken in the region (they may register
  // there), not which case holds it; the probe is logged on that case
  for (const std::string actor : {"member.out", "dir.other"}) {
    INFO(actor);
    const long before = w.s.audit_head().entries;
    const Error e = again(actor);
    INFO(e.what());
    CHECK_FALSE(contains(e.what(), id));
    CHECK_FALSE(contains(e.what(), "ANT-2026-"));
    CHECK(contains(e.what(), ref));
    CHECK(e.hint() == Hint::kNone);
    CHECK(e.subject().empty());
    CHECK(w.s.audit_head().entries == before + 1);
    const AuditEntry d = last_entry(w);
    CHECK(d.kind == "denied");
    CHECK(d.action == "register");
    CHECK(d.actor == actor);
    CHECK(d.case_id == id);
  }
  // a coordinator of another region is refused the region before any lookup
  CHECK(test::code_of([&] { w.s.register_referral("coord.lim", referral("ANT", ref)); }) ==
        ErrorCode::kAccessDenied);
}

TEST_CASE("unknown and inactive actors are logged with the command they tried", "[access][probe]") {
  World w;
  for (const std::string op : {"register", "screen --batch"}) {
    INFO(op);
    CHECK(test::code_of([&] { w.s.require_actor(std::string("nobody"), op); }) ==
          ErrorCode::kAccessDenied);
    const AuditEntry d = last_entry(w);
    CHECK(d.kind == "denied");
    CHECK(d.action == op);
    CHECK(d.actor == "nobody");
  }
  // a case that does not exist is named in the details, and shown to its region only
  CHECK(test::code_of([&] {
          w.s.close(std::string("nobody"), "LIM-2026-0999", ClosureReason::kMoved, std::nullopt);
        }) == ErrorCode::kAccessDenied);
  const AuditEntry d = last_entry(w, "coord.lim");
  CHECK(d.action == "close");
  CHECK(json::parse(d.details).value("case", "") == "LIM-2026-0999");
  CHECK_FALSE(shows_entry(w, kCoord, d.id));
}

TEST_CASE("audit show gives a coordinator no entry about another region's cases",
          "[access][audit]") {
  World w;
  Config c = config();
  c.partners.push_back({"jh-both", PartnerKind::kNetwork, "JH Both", {"ANT", "LIM"}});
  c.professionals.push_back({"coord.both", "Coordinator B", "jh-both", {Role::kCoordinator}, true});
  w.s.init(c, kCoord);
  const long config_load = last_entry(w).id;
  const std::string ant = w.make_case(CaseStatus::kRegistered);

  SECTION("an audit show of a case, and a probe of a missing case, stay in the region") {
    w.s.audit_show(kCoord, AuditFilter{ant, {}, {}});
    const AuditEntry read = last_entry(w);
    const long look = read.id;
    CHECK(read.action == "audit show");
    CHECK(json::parse(read.details).value("case", "") == ant);
    CHECK(test::code_of([&] { w.s.log("member.out", "ANT-2026-0999"); }) ==
          ErrorCode::kAccessDenied);
    const long probe = last_entry(w).id;
    for (long id : {look, probe}) {
      CHECK(shows_entry(w, kCoord, id));
      CHECK(shows_entry(w, "coord.both", id));
      CHECK_FALSE(shows_entry(w, "coord.lim", id));
    }
  }
  SECTION("a batch chunk's entry is shown only to who may see all its records") {
    auto batch = [&](const std::string& actor, const std::vector<std::string>& regions) {
      const fs::path file = w.dir / (w.next_ref("batch") + ".jsonl");
      std::ofstream out(file);
      for (const auto& region : regions) {
        json j = json::parse(to_json(referral(region, w.next_ref("B"))));
        out << j.dump() << "\n";
      }
      out.close();
      ReferralReader reader(file.string(), InputFormat::kJsonl, w.s.catalog(), ReadMode::kBatch);
      w.s.screen_batch(actor, reader, BatchOptions{}, {});
      long chunk = 0;  // the last chunk entry, as coord.both (who sees both regions) is shown it
      for (const auto& e : w.s.audit_show("coord.both", AuditFilter{}))
        if (e.action == "batch") chunk = e.id;
      return chunk;
    };
    const long ant_only = batch(kCoord, {"ANT"});
    REQUIRE(ant_only > 0);
    CHECK(shows_entry(w, kCoord, ant_only, "batch"));
    CHECK_FALSE(shows_entry(w, "coord.lim", ant_only));
    const long mixed = batch("coord.both", {"ANT", "LIM"});
    REQUIRE(mixed > ant_only);
    CHECK(shows_entry(w, "coord.both", mixed, "batch"));
    CHECK_FALSE(shows_entry(w, kCoord, mixed, "batch"));
    CHECK_FALSE(shows_entry(w, "coord.lim", mixed, "batch"));
    // each record is shown to its own region's coordinators
    std::size_t ant_records = 0, lim_records = 0;
    for (const auto& e : w.s.audit_show(kCoord, AuditFilter{}))
      if (e.action == "registered" && e.id == mixed) ++ant_records;
    for (const auto& e : w.s.audit_show("coord.lim", AuditFilter{}))
      if (e.action == "registered" && e.id == mixed) ++lim_records;
    CHECK(ant_records == 1);
    CHECK(lim_records == 1);
  }
  SECTION("an entry that names no case is shown to every coordinator") {
    CHECK(shows_entry(w, kCoord, config_load));
    CHECK(shows_entry(w, "coord.lim", config_load));
  }
  CHECK(w.s.audit_verify().intact);
}

// ---------------------------------------------------------------------------
// Hostile text

namespace {

struct Hostile {
  std::string label;
  std::string text;
  bool utf8;  ///< valid UTF-8
};

std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

std::vector<Hostile> hostile_texts() {
  using namespace std::string_literals;
  return {
      {"quotes", "He said \"no\" and 'yes' and `maybe`", true},
      {"semicolons", "one; two;; three;", true},
      {"sql drop", "'; DROP TABLE cases; --", true},
      {"sql or", "\" OR 1=1 --", true},
      {"sql union", "x' UNION SELECT group_concat(referral) FROM cases --", true},
      {"control SOH",
       "a\x01"
       "b",
       true},
      {"tab", "a\tb", true},
      {"newline", "line one\nline two", true},
      {"carriage return", "a\rb", true},
      {"DEL",
       "a\x7f"
       "b",
       true},
      {"all controls", "\x01\t\n\r\x7f ;'\"", true},
      {"NUL inside", "a\0b"s, true},
      {"200 characters", std::string(200, 'n'), true},
      {"201 characters", std::string(201, 'n'), true},
      {"10000 characters", std::string(10000, 'x'), true},
      {"10001 characters", std::string(10001, 'x'), true},
      {"10000 two-byte characters", repeat("\xc3\xa9", 10000), true},
      {"10001 two-byte characters", repeat("\xc3\xa9", 10001), true},
      {"emoji",
       "Family \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 at home "
       "\xf0\x9f\x8f\xa0",
       true},
      {"combining", "Rene\xcc\x81 Zo\xcc\x88 e\xcc\x81\xcc\x81\xcc\x81", true},
      {"right-to-left override",
       "abc\xe2\x80\xae"
       "fed",
       true},
      {"invalid ff fe", "\xff\xfe", false},
      {"invalid c3 28", "\xc3\x28", false},
      {"overlong slash",
       "a\xc0\xaf"
       "b",
       false},
      {"surrogate",
       "a\xed\xa0\x80"
       "b",
       false},
      {"truncated", "euro \xe2\x82", false},
      {"lone continuation", "ok\x80", false},
  };
}

enum class Expect { kStore, kRefuse, kEither };

Expect expect_for(const Hostile& h, std::size_t max_chars) {
  if (!h.utf8) return Expect::kRefuse;
  // NUL is refused: SQLite's JSON functions (export person) would cut text there.
  if (h.text.find('\0') != std::string::npos) return Expect::kRefuse;
  return chars(h.text) <= max_chars ? Expect::kStore : Expect::kRefuse;
}

/// A readable account of `text` for failure messages: no raw bytes, no 10k strings.
std::string shown(const std::string& text) {
  std::string out;
  for (unsigned char c : text.substr(0, 40)) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (text.size() > 40) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

/// The outcome of an attempt to store hostile text in one field.
void check_attempt(const Hostile& h, Expect expect, const std::optional<Error>& error,
                   const std::string& field_hint,
                   const std::function<std::optional<std::string>()>& read_back) {
  INFO("field: " << field_hint << ", text: " << h.label << " [" << shown(h.text) << "]");
  if (error) {
    INFO("error: " << error->what());
    CHECK(expect != Expect::kStore);
    CHECK(error->code() == ErrorCode::kInvalidInput);
    const std::string msg = error->what();
    CHECK(contains(msg, field_hint));
    CHECK((contains(msg, "UTF-8") || contains(msg, "characters")));
    // The message names the field, never the text itself (it may be personal data).
    if (h.text.size() >= 4) CHECK_FALSE(contains(msg, h.text));
    return;
  }
  CHECK(expect != Expect::kRefuse);
  const auto back = read_back();
  REQUIRE(back);
  const bool same = *back == h.text;
  INFO("read back: [" << shown(*back) << "]");
  CHECK(same);
}

std::set<std::string> tables(const std::string& db) {
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(raw,
                      "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')");
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

/// One JSONL line: `field` of an eligible ANT referral holds `text`, written raw
/// when it is not UTF-8 (a JSON writer would refuse it).
std::string jsonl_line(const std::string& ref, const std::string& field, const Hostile& h) {
  json j = {{"external_ref", ref},
            {"region", "ANT"},
            {"received", "2026-11-02"},
            {"referrer", {{"kind", "professional"}, {"name", "Referrer R."}}},
            {"channel", "caw"},
            {"safety", "very_unsafe"},
            {"regular_cooperation_sufficient", false},
            {"sectors_needed", json::array({"welfare", "police"})},
            {"life_domains", json::array({"housing", "finances"})},
            {"help_status", "stuck"},
            {"persons", json::array({json{{"role", "victim"}, {"name", "Person A."}}})}};
  const std::string slot = "@@HOSTILE@@";
  if (field == "summary") {
    j["summary"] = slot;
  } else {
    j["referrer"]["name"] = slot;
    j["persons"][0]["name"] = slot;
  }
  std::string line = j.dump();
  std::string value = h.utf8 ? json(h.text).dump() : "\"" + h.text + "\"";
  value = value.substr(1, value.size() - 2);
  for (auto p = line.find(slot); p != std::string::npos; p = line.find(slot, p + value.size()))
    line.replace(p, slot.size(), value);
  return line;
}

}  // namespace

TEST_CASE("hostile text is stored exactly or refused as invalid input, never executed",
          "[access][hostile]") {
  World w(/*on_file=*/true);
  const auto tables_before = tables(w.db);
  for (const char* t : {"cases", "events", "decisions", "meetings", "meeting_attendees", "actions",
                        "action_changes", "director_terms", "involvement", "professionals",
                        "partners", "regions", "settings"})
    REQUIRE(tables_before.count(t) == 1);
  const auto values = hostile_texts();

  // One active case for the meeting, plan and director fields.
  const std::string active = w.make_case(CaseStatus::kActive);
  ActionStatus next_status = ActionStatus::kInProgress;
  std::string next_director = "dir.other";
  std::size_t stored_cases = 1;  // `active`, and each case stored below

  for (std::size_t i = 0; i < values.size(); ++i) {
    const Hostile& h = values[i];
    const std::string ref = "H" + std::to_string(i);

    // Referral summary and names, via register_referral.
    {
      Referral r = referral("ANT", ref + "S");
      r.summary = h.text;
      std::string id;
      const auto e = error_of([&] { id = w.s.register_referral(kCoord, r); });
      if (!e) ++stored_cases;
      check_attempt(h, expect_for(h, 10000), e, "summary",
                    [&] { return w.s.referral(kCoord, id)->summary; });
    }
    {
      Referral r = referral("ANT", ref + "N");
      r.referrer.name = h.text;
      r.persons = {{PersonRole::kVictim, h.text, 1991}, {PersonRole::kChild, "Child C.", 2016}};
      std::string id;
      const auto e = error_of([&] { id = w.s.register_referral(kCoord, r); });
      if (!e) ++stored_cases;
      check_attempt(h, expect_for(h, 200), e, "referrer.name",
                    [&] { return w.s.referral(kCoord, id)->referrer.name; });
      if (!e) {
        check_attempt(h, Expect::kStore, std::nullopt, "persons[0].name",
                      [&] { return w.s.referral(kCoord, id)->persons.at(0).name; });
        // The access request finds the person by that exact name, bound, not spliced.
        INFO("export person " << h.label);
        std::optional<json> out;
        const auto x = error_of(
            [&] { out = json::parse(to_json(w.s.export_person(kCoord, h.text, std::nullopt))); });
        CHECK_FALSE(x);
        if (out) {
          bool found = false;
          for (const auto& c : out->at("cases")) found = found || c.at("case") == id;
          CHECK(found);
        }
      }
    }

    // Meeting purpose, then notes.
    {
      MeetingInput m = meeting(h.text);
      const auto e = error_of([&] { w.s.add_meeting(kCoord, active, m); });
      check_attempt(h, expect_for(h, 10000), e, "purpose", [&] {
        return std::optional<std::string>(w.s.meetings(kCoord, active).back().purpose);
      });
    }
    {
      MeetingInput m = meeting("Follow-up");
      m.notes = h.text;
      const auto e = error_of([&] { w.s.add_meeting(kCoord, active, m); });
      check_attempt(h, expect_for(h, 10000), e, "notes",
                    [&] { return w.s.meetings(kCoord, active).back().notes; });
    }
    // Action text.
    {
      const auto e = error_of(
          [&] { w.s.add_action(kCoord, active, h.text, "social", "member.hold", std::nullopt); });
      check_attempt(h, expect_for(h, 10000), e, "action", [&] {
        return std::optional<std::string>(w.s.actions(kCoord, active).back().text);
      });
    }
    // Plan set note.
    {
      const auto e =
          error_of([&] { w.s.set_action_status(kCoord, active, 1, next_status, h.text); });
      if (!e)
        next_status = next_status == ActionStatus::kInProgress ? ActionStatus::kOpen
                                                               : ActionStatus::kInProgress;
      check_attempt(h, expect_for(h, 10000), e, "note",
                    [&] { return w.s.actions(kCoord, active).front().history.back().note; });
    }
    // Assign reason.
    {
      const auto e = error_of([&] { w.s.assign_director(kCoord, active, next_director, h.text); });
      if (!e) next_director = next_director == "dir.other" ? "dir.case" : "dir.other";
      check_attempt(h, expect_for(h, 10000), e, "reason",
                    [&] { return w.s.directors(kCoord, active).back().reason; });
    }
    // Decide motivation, on a fresh screened case.
    {
      const std::string id = w.make_case(CaseStatus::kScreened);
      ++stored_cases;
      const auto e = error_of([&] { w.s.decide(kCoord, id, true, h.text, false); });
      check_attempt(h, expect_for(h, 10000), e, "motivation", [&] {
        const auto d = w.s.case_state(kCoord, id).decision;
        return d ? std::optional<std::string>(d->motivation) : std::nullopt;
      });
      if (e) CHECK(w.s.case_state(kCoord, id).status == CaseStatus::kScreened);
    }
    // Close note, on a fresh registered case.
    {
      const std::string id = w.make_case(CaseStatus::kRegistered);
      ++stored_cases;
      const auto e = error_of([&] { w.s.close(kCoord, id, ClosureReason::kOther, h.text); });
      check_attempt(h, expect_for(h, 10000), e, "note",
                    [&] { return w.s.case_state(kCoord, id).closure_note; });
      if (e) CHECK(w.s.case_state(kCoord, id).status == CaseStatus::kRegistered);
    }
    // Justification: kept with the audit entry of the read that follows.
    {
      auto e = error_of([&] { w.s.set_justification(h.text); });
      if (!e) {
        w.s.log(kCoord, active);
        w.s.set_justification(std::nullopt);
        const auto entries = w.s.audit_show(kCoord, AuditFilter{active, kCoord, std::nullopt});
        INFO("justification: " << h.label);
        REQUIRE_FALSE(entries.empty());
        CHECK(entries.back().action == "log");
        CHECK(entries.back().justification == std::optional<std::string>(h.text));
      }
      // The justification follows the rules of every other text (10,000 characters, no NUL).
      const Expect ex = expect_for(h, 10000);
      if (e)
        check_attempt(h, ex, e, "justification", [] { return std::nullopt; });
      else
        CHECK(ex != Expect::kRefuse);
      w.s.set_justification(std::nullopt);
    }
  }

  // The same texts in a JSONL file: the reader keeps them exactly or reports the
  // record invalid on its field; a batch stores exactly what the reader kept.
  const std::string file = (w.dir / "hostile.jsonl").string();
  {
    std::ofstream out(file, std::ios::binary);
    for (std::size_t i = 0; i < values.size(); ++i) {
      out << jsonl_line("J" + std::to_string(i) + "S", "summary", values[i]) << "\n";
      out << jsonl_line("J" + std::to_string(i) + "N", "names", values[i]) << "\n";
    }
  }
  auto check_record = [&](const Hostile& h, bool summary, const std::optional<Referral>& r,
                          const std::vector<FieldError>& errors) {
    INFO((summary ? "summary" : "names")
         << " from JSONL, text: " << h.label << " [" << shown(h.text) << "]");
    const Expect ex = expect_for(h, summary ? 10000 : 200);
    if (!r) {
      CHECK(ex == Expect::kRefuse);
      REQUIRE_FALSE(errors.empty());
      std::string all;
      for (const auto& e : errors) all += e.field.value_or("(record)") + ": " + e.message + "\n";
      INFO(all);
      CHECK((contains(all, "UTF-8") || contains(all, "characters")));
      // An error names the field, unless the line could not be read as JSON at all.
      const std::string field = summary ? "summary" : "referrer.name";
      const bool named = std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) {
        return !e.field || *e.field == field;
      });
      CHECK(named);
      if (h.text.size() >= 4) CHECK_FALSE(contains(all, h.text));
      return;
    }
    CHECK(ex == Expect::kStore);
    if (summary) {
      CHECK(r->summary == std::optional<std::string>(h.text));
    } else {
      CHECK(r->referrer.name == std::optional<std::string>(h.text));
      REQUIRE(r->persons.size() == 1);
      CHECK(r->persons[0].name == std::optional<std::string>(h.text));
    }
  };
  {
    ReferralReader reader(file, InputFormat::kJsonl, w.s.catalog(), ReadMode::kBatch);
    std::size_t n = 0;
    while (auto rec = reader.next()) {
      REQUIRE(n < 2 * values.size());
      check_record(values[n / 2], n % 2 == 0, rec->referral, rec->errors);
      ++n;
    }
    CHECK(n == 2 * values.size());
  }
  {
    ReferralReader reader(file, InputFormat::kJsonl, w.s.catalog(), ReadMode::kBatch);
    std::vector<ScreenResult> results;
    w.s.screen_batch(kCoord, reader, BatchOptions{},
                     [&](const ScreenResult& r) { results.push_back(r); });
    REQUIRE(results.size() == 2 * values.size());
    for (std::size_t n = 0; n < results.size(); ++n) {
      const ScreenResult& res = results[n];
      std::optional<Referral> r;
      if (res.case_id) {
        ++stored_cases;
        r = w.s.referral(kCoord, *res.case_id);
      } else {
        CHECK(res.outcome == Outcome::kInvalid);
      }
      check_record(values[n / 2], n % 2 == 0, r, res.errors);
    }
  }

  // No text became SQL: every table, index and trigger is still there, the file
  // is sound, the cases are all there, and the audit chain is intact.
  CHECK(tables(w.db) == tables_before);
  {
    SQLite::Database raw(w.db, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(static_cast<std::size_t>(raw.execAndGet("SELECT count(*) FROM cases").getInt64()) ==
          stored_cases);
    // The trail holds ids and codes: none of the hostile text is in its details.
    SQLite::Statement q(raw, "SELECT details FROM events");
    while (q.executeStep()) {
      const std::string details = q.getColumn(0).getString();
      for (const auto& h : values)
        if (h.text.size() >= 8) CHECK_FALSE(contains(details, h.text));
    }
  }
  const AuditVerification v = w.s.audit_verify();
  CHECK(v.intact);
  CHECK(v.problem.empty());
}
