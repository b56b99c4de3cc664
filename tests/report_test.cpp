// SPDX-License-Identifier: EUPL-1.2
// Known-answer tests of the reports (docs/reports.md): hand-designed
// databases whose statistics were counted by hand, the expected numbers written
// as literals next to the count that gives them. Covers the regional statistics
// (every cell, period boundaries, the Brussels day of decisions, regions,
// suppression of small numbers), access and the audit trail, the case sheet,
// the actions list and the caseload, and the JSON, CSV, text and Markdown
// renderings. All people are synthetic.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/service.h"
#include "report_fixtures.h"

using namespace ifg;
using namespace test::reports;
using nlohmann::json;
using test::code_of;

namespace {

/// A case meeting on `date` attended by `attendee` (held when added on or after its date).
MeetingInput held_meeting(Date date, const std::string& attendee) {
  MeetingInput m;
  m.date = date;
  m.attendees = {attendee};
  m.basis = LegalBasis::kDecree;
  m.purpose = "Analysis";
  return m;
}

/// An in-memory database whose clock the test sets, and the ids of its cases by label.
struct Db {
  std::shared_ptr<Timestamp> now = std::make_shared<Timestamp>(*parse_timestamp(kNowText));
  Service s;
  std::map<std::string, std::string> id;

  Db() : s(test::memory_service(config(), now)) {}
  void at(const std::string& iso) {
    auto t = parse_timestamp(iso);
    REQUIRE(t);
    *now = *t;
  }
  /// Registers `r` at 09:00Z on its `received` day and remembers its id as `label`.
  std::string add(const std::string& label, const Referral& r,
                  const std::string& actor = kCoordAnt) {
    at(r.received.to_string() + "T09:00:00Z");
    return id[label] = s.register_referral(actor, r);
  }
};

/// The main fixture: twelve ANT cases and one LIM case, counted by hand below.
/// Received dates, outcomes, decisions (UTC moment, Brussels day), directors,
/// actions (holder, due, status) and final status:
///
///   X1  02-28 eligible caw 1 child; accepted 03-02; director dir.ant 03-05;
///       a1 housing member.pz due 11-01 open (overdue 27 days)            directed
///   C1  03-01 eligible caw 1 child; accepted 03-06 (5 days); director dir.ant 03-08
///       (2 days); a1 housing member.ocmw due 11-20 open (overdue 8 days),
///       a2 finances member.pz due 12-10 in_progress, a3 social member.ocmw
///       due 10-01 done, a4 school dir.ant no due open                     active
///   C2  03-15 eligible politie 2 children; accepted 03-25T23:30Z = 03-26 in
///       Brussels (11 days); director dir.ant 04-01T21:59Z = 04-01 23:59 CEST
///       (6 days), reassigned to dir.pz 04-10; a1 mental member.pz due 11-27
///       open (overdue 1 day), a2 housing member.ocmw due 11-01 cancelled  directed
///   C3  04-02 eligible caw 0 children                                    screened
///   C4  04-10 not_eligible vk 1 child; accepted with override 04-20 (10
///       days); meeting; a1 parenting member.ocmw no due open             analysis
///   C5  04-20 incomplete, no channel, 0 children; refused 05-02T22:30Z =
///       05-03 in Brussels (13 days)                                       closed refused
///   C9  04-25 inadmissible (citizen) caw 1 child; closed other           closed other
///   C10 05-05 eligible opgroeien 0 children; accepted 05-06 (1 day)      accepted
///   C6  05-10 inadmissible (channel none) 3 children; refused 05-11 (1 day) closed refused
///   C8  05-20 eligible caw 0 children; accepted 05-21 (1 day); director dir.pz
///       05-28 (7 days); a1 housing member.pz due 06-01 done, a2 justice
///       member.pz due 06-10 cancelled, a3 work_education member.pz no due
///       open, cancelled by the closure                                    closed goals_reached
///   C7  05-31 ggz 1 child, never screened                                 registered
///   X2  06-01 eligible caw 2 children                                    screened
///   L1  LIM 04-10 eligible caw 1 child; accepted 04-15 (5 days); director
///       dir.lim 04-16 (1 day); a1 housing dir.lim due 11-25 open (overdue 3) directed
///
/// All dates are 2026; the clock is left at 2026-11-28T10:00:00Z (today 2026-11-28).
void build_main(Db& d) {
  auto& s = d.s;
  const std::string& A = kCoordAnt;
  const auto due = [](int m, int day) { return std::optional<Date>(Date{2026, m, day}); };

  const auto x1 = d.add("X1", referral("X1", "ANT", {2026, 2, 28}, Channel::kCaw, 1));
  s.screen(A, x1);
  d.at("2026-03-02T10:00:00Z");
  s.decide(A, x1, true, "Very unsafe and stuck", false);
  d.at("2026-03-05T10:00:00Z");
  s.assign_director(A, x1, "dir.ant", std::nullopt);
  d.at("2026-03-06T10:00:00Z");
  s.add_action(A, x1, "Find housing", "housing", "member.pz", due(11, 1));

  const auto c1 = d.add("C1", referral("C1", "ANT", {2026, 3, 1}, Channel::kCaw, 1));
  s.screen(A, c1);
  d.at("2026-03-06T10:00:00Z");
  s.decide(A, c1, true, "Very unsafe and stuck", false);
  d.at("2026-03-07T10:00:00Z");
  s.add_action(A, c1, "Find housing", "housing", "member.ocmw", due(11, 20));
  s.add_action(A, c1, "Debt mediation", "finances", "member.pz", due(12, 10));
  s.add_action(A, c1, "Social contacts", "social", "member.ocmw", due(10, 1));
  s.add_action(A, c1, "Talk to the school", "school", "dir.ant", std::nullopt);
  d.at("2026-03-08T10:00:00Z");
  s.assign_director(A, c1, "dir.ant", std::nullopt);
  s.add_meeting(A, c1, held_meeting({2026, 3, 8}, "dir.ant"));
  s.activate_plan(A, c1);
  s.set_action_status(A, c1, 2, ActionStatus::kInProgress, std::nullopt);
  s.set_action_status(A, c1, 3, ActionStatus::kDone, std::string("Done"));

  const auto c2 = d.add("C2", referral("C2", "ANT", {2026, 3, 15}, Channel::kPolitie, 2));
  s.screen(A, c2);
  d.at("2026-03-25T23:30:00Z");  // CET: 2026-03-26 00:30 in Brussels
  s.decide(A, c2, true, "Very unsafe and stuck", false);
  d.at("2026-04-01T21:59:00Z");  // CEST: 2026-04-01 23:59 in Brussels
  s.assign_director(A, c2, "dir.ant", std::nullopt);
  d.at("2026-04-02T10:00:00Z");
  s.add_action(A, c2, "Therapy", "mental", "member.pz", due(11, 27));
  s.add_action(A, c2, "Find housing", "housing", "member.ocmw", due(11, 1));
  s.set_action_status(A, c2, 2, ActionStatus::kCancelled, std::nullopt);
  d.at("2026-04-10T10:00:00Z");
  s.assign_director(A, c2, "dir.pz", std::string("handover"));

  const auto c3 = d.add("C3", referral("C3", "ANT", {2026, 4, 2}, Channel::kCaw, 0));
  s.screen(A, c3);

  const auto c4 = d.add("C4", not_eligible(referral("C4", "ANT", {2026, 4, 10}, Channel::kVk, 1)));
  s.screen(A, c4);
  d.at("2026-04-20T12:00:00Z");
  s.decide(A, c4, true, "The team sees more risk than the referral says", true);
  d.at("2026-04-22T10:00:00Z");
  MeetingInput m;
  m.date = {2026, 4, 22};
  m.attendees = {"member.ocmw"};
  m.basis = LegalBasis::kDecree;
  m.purpose = "Analysis";
  s.add_meeting(A, c4, m);
  s.add_action(A, c4, "Parenting support", "parenting", "member.ocmw", std::nullopt);

  const auto c5 = d.add("C5", incomplete(referral("C5", "ANT", {2026, 4, 20}, std::nullopt, 0)));
  s.screen(A, c5);
  d.at("2026-05-02T22:30:00Z");  // CEST: 2026-05-03 00:30 in Brussels
  s.decide(A, c5, false, "Not for the chain", false);

  const auto c9 = d.add("C9", citizen(referral("C9", "ANT", {2026, 4, 25}, Channel::kCaw, 1)));
  s.screen(A, c9);
  d.at("2026-04-26T10:00:00Z");
  s.close(A, c9, ClosureReason::kOther, std::string("Pointed to 1712"));

  const auto c10 = d.add("C10", referral("C10", "ANT", {2026, 5, 5}, Channel::kOpgroeien, 0));
  s.screen(A, c10);
  d.at("2026-05-06T10:00:00Z");
  s.decide(A, c10, true, "Very unsafe and stuck", false);

  const auto c6 = d.add("C6", referral("C6", "ANT", {2026, 5, 10}, Channel::kNone, 3));
  s.screen(A, c6);
  d.at("2026-05-11T08:00:00Z");
  s.decide(A, c6, false, "Not referred the way the procedure requires", false);

  const auto c8 = d.add("C8", referral("C8", "ANT", {2026, 5, 20}, Channel::kCaw, 0));
  s.screen(A, c8);
  d.at("2026-05-21T10:00:00Z");
  s.decide(A, c8, true, "Very unsafe and stuck", false);
  d.at("2026-05-22T10:00:00Z");
  s.add_action(A, c8, "Find housing", "housing", "member.pz", due(6, 1));
  s.add_action(A, c8, "Court contact", "justice", "member.pz", due(6, 10));
  s.add_action(A, c8, "Job coaching", "work_education", "member.pz", std::nullopt);
  d.at("2026-05-28T10:00:00Z");
  s.assign_director(A, c8, "dir.pz", std::nullopt);
  s.set_action_status(A, c8, 1, ActionStatus::kDone, std::nullopt);
  s.set_action_status(A, c8, 2, ActionStatus::kCancelled, std::nullopt);
  d.at("2026-06-15T10:00:00Z");
  s.close(A, c8, ClosureReason::kGoalsReached, std::nullopt);

  d.add("C7", referral("C7", "ANT", {2026, 5, 31}, Channel::kGgz, 1));

  const auto x2 = d.add("X2", referral("X2", "ANT", {2026, 6, 1}, Channel::kCaw, 2));
  s.screen(A, x2);

  const auto l1 = d.add("L1", referral("L1", "LIM", {2026, 4, 10}, Channel::kCaw, 1), kCoordLim);
  s.screen(kCoordLim, l1);
  d.at("2026-04-15T10:00:00Z");
  s.decide(kCoordLim, l1, true, "Very unsafe and stuck", false);
  d.at("2026-04-16T10:00:00Z");
  s.assign_director(kCoordLim, l1, "dir.lim", std::nullopt);
  s.add_action(kCoordLim, l1, "Find housing", "housing", "dir.lim", due(11, 25));

  d.at(kNowText);
}

RegionReportQuery period(std::optional<Date> from, std::optional<Date> to, int min_cell = 0,
                         std::optional<std::string> region = std::nullopt) {
  RegionReportQuery q;
  q.region = std::move(region);
  q.from = from;
  q.to = to;
  q.min_cell = min_cell;
  return q;
}

const RegionReportQuery kMainPeriod = period(Date{2026, 3, 1}, Date{2026, 5, 31});
const RegionReportQuery kSmallPeriod = period(Date{2025, 1, 1}, Date{2025, 3, 31});

// --- readable comparisons -----------------------------------------------------

/// "key=value ..." with "-" for a suppressed cell.
std::string cells(const std::vector<Count>& counts) {
  std::string out;
  for (const auto& c : counts)
    out += (out.empty() ? "" : " ") + c.key + "=" + (c.value ? std::to_string(*c.value) : "-");
  return out;
}

std::string num(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : "null";
}

std::string real(const std::optional<double>& v) {
  if (!v) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", *v);
  return buf;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
  return out;
}

std::string render(const RegionReport& r, ReportFormat f) {
  std::ostringstream out;
  write_report(out, r, f);
  return out.str();
}

template <class R>
json json_of(const R& r) {
  std::ostringstream out;
  write_report(out, r, ReportFormat::kJson);
  return json::parse(out.str());
}

/// The leaves of a JSON document by dotted key; arrays are leaves.
void flatten(const json& j, const std::string& prefix, std::map<std::string, json>& out) {
  if (j.is_object() && !j.empty()) {
    for (const auto& [k, v] : j.items()) flatten(v, prefix.empty() ? k : prefix + "." + k, out);
  } else {
    out[prefix] = j;
  }
}

std::map<std::string, json> leaves(const json& j) {
  std::map<std::string, json> out;
  flatten(j, "", out);
  return out;
}

std::set<std::string> keys_of(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

/// The CSV form of the region report: key -> (value, suppressed).
std::map<std::string, std::pair<std::string, bool>> parse_region_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "key,value,suppressed");
  std::map<std::string, std::pair<std::string, bool>> out;
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.rfind(',');
    REQUIRE(a != std::string::npos);
    REQUIRE(b > a);
    const std::string flag = line.substr(b + 1);
    REQUIRE((flag == "true" || flag == "false"));
    INFO(line);
    CHECK(out.count(line.substr(0, a)) == 0);
    out[line.substr(0, a)] = {line.substr(a + 1, b - a - 1), flag == "true"};
  }
  return out;
}

/// Every number of the JSON form is in the CSV form, and nothing else is.
void check_csv_matches_json(const RegionReport& r) {
  const json j = json_of(r);
  const auto csv = parse_region_csv(render(r, ReportFormat::kCsv));
  std::set<std::string> suppressed;
  for (const auto& k : j["suppressed"]) suppressed.insert(k.get<std::string>());
  // Not one value each: the document's version and type, the list of regions, today's date and
  // the list of suppressed keys.
  const std::set<std::string> not_in_csv{"format_version", "report", "regions", "today",
                                         "suppressed"};
  std::size_t compared = 0;
  for (const auto& [key, value] : leaves(j)) {
    if (not_in_csv.count(key)) continue;
    INFO("key " << key);
    REQUIRE(csv.count(key) == 1);
    const auto& [text, hidden] = csv.at(key);
    CHECK(hidden == (suppressed.count(key) == 1));
    if (value.is_null()) {
      CHECK(text.empty());
    } else if (value.is_number_integer()) {
      REQUIRE_FALSE(text.empty());
      CHECK(std::stoll(text) == value.get<std::int64_t>());
    } else if (value.is_number_float()) {
      REQUIRE_FALSE(text.empty());
      CHECK(std::stod(text) == Approx(value.get<double>()));
    } else {
      CHECK(text == value.get<std::string>());
    }
    ++compared;
  }
  CHECK(compared == csv.size());  // and the CSV has no key the JSON lacks
}

std::vector<std::string> row_ids(const ActionsReport& r) {
  std::vector<std::string> out;
  for (const auto& a : r.rows) out.push_back(a.case_id + "#" + std::to_string(a.number));
  return out;
}

/// One line per row. docs/reports.md: a coordinator sees every professional
/// *with work*, so idle professionals have no line.
std::string caseload_text(const CaseloadReport& r) {
  std::string out;
  for (const auto& c : r.rows)
    out += c.professional + "(" + c.partner + ") directed=" + std::to_string(c.directed_cases) +
           " open=" + std::to_string(c.open_actions) +
           " overdue=" + std::to_string(c.overdue_actions) +
           " oldest=" + (c.oldest_due ? c.oldest_due->to_string() : "-") + "\n";
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Regional statistics: every number, counted by hand

TEST_CASE("region report counts every cell of a hand-built period", "[report][region]") {
  Db d;
  build_main(d);
  const RegionReport r = d.s.report_region(kCoordAnt, kMainPeriod);

  CHECK(r.region == std::optional<std::string>("ANT"));
  CHECK(joined(r.regions) == "ANT");
  CHECK(r.from == std::optional<Date>(Date{2026, 3, 1}));
  CHECK(r.to == std::optional<Date>(Date{2026, 5, 31}));
  CHECK(r.today.to_string() == "2026-11-28");
  CHECK(r.min_cell == 0);
  CHECK(r.suppressed.empty());

  // C1 C2 C3 C4 C5 C9 C10 C6 C8 C7: ten, not X1 (02-28) nor X2 (06-01) nor L1 (LIM).
  CHECK(num(r.total) == "10");
  // eligible C1 C2 C3 C10 C8; incomplete C5; not_eligible C4; inadmissible C9
  // (citizen) C6 (channel none); not screened C7.
  CHECK(cells(r.by_outcome) ==
        "eligible=5 incomplete=1 not_eligible=1 inadmissible=2 not_screened=1");
  // vk C4; caw C1 C3 C9 C8; opgroeien C10; ggz C7; politie C2; none C6; unknown C5.
  CHECK(cells(r.by_channel) ==
        "vk=1 caw=4 opgroeien=1 ggz=1 justitiehuis=0 politie=1 parket=0 none=1 unknown=1");
  // March C1 C2; April C3 C4 C5 C9; May C10 C6 C8 C7.
  CHECK(cells(r.by_month) == "2026-03=2 2026-04=4 2026-05=4");
  // Accepted C1 C2 C4 C8 C10; refused C5 C6; overridden C4.
  CHECK(num(r.accepted) == "5");
  CHECK(num(r.refused) == "2");
  CHECK(num(r.overridden) == "1");
  REQUIRE(r.acceptance_rate);
  CHECK(*r.acceptance_rate == Approx(5.0 / 7.0));  // 5 accepted of 7 decided
  // C7 registered, C3 screened, C10 accepted, C4 analysis, C2 directed, C1 active;
  // C5 C6 C8 C9 are closed.
  CHECK(cells(r.open_by_status) ==
        "registered=1 screened=1 accepted=1 analysis=1 directed=1 active=1");
  // open C1a1 C1a4 C2a1 C4a1; in progress C1a2; done C1a3 C8a1; cancelled C2a2 C8a2 and
  // C8a3 (by C8's closure).
  CHECK(cells(r.actions_by_status) == "open=4 in_progress=1 done=2 cancelled=3");
  // C1a1 (due 11-20) and C2a1 (due 11-27); C1a2 is due 12-10, C1a3/C8a1 are done,
  // C2a2/C8a2 cancelled, the rest have no due date; X1a1 lies outside the period.
  CHECK(num(r.actions_overdue) == "2");
  // housing C1a1 C2a2 C8a1; finances C1a2; social C1a3; mental C2a1; parenting C4a1;
  // justice C8a2; work_education C8a3; school C1a4; then the extras in config order.
  CHECK(cells(r.actions_by_domain) ==
        "housing=3 finances=1 social=1 mental=1 physical=0 substance_use=0 parenting=1 "
        "justice=1 work_education=1 school=1 daycare=0");
  // refused C5 C6; goals_reached C8; other C9.
  CHECK(cells(r.closures_by_reason) ==
        "refused=2 goals_reached=1 referred_regular=0 no_cooperation=0 moved=0 other=1");
  // Days received -> Brussels decision day: C1 5, C2 11, C4 10, C5 13, C6 1, C8 1,
  // C10 1; sorted 1 1 1 5 10 11 13, seven values: the middle one is 5.
  CHECK(real(r.median_referral_to_decision) == "5");
  // Days acceptance -> first director: C1 2, C2 6 (not the reassignment), C8 7;
  // C4 and C10 have none: sorted 2 6 7, the middle one is 6.
  CHECK(real(r.median_accepted_to_director) == "6");
  // C1 1 + C2 2 + C4 1 + C9 1 + C6 3 + C7 1 (C3 C5 C10 C8 have none).
  CHECK(num(r.children) == "9");
}

TEST_CASE("region report without a period counts every referral and even medians average",
          "[report][region]") {
  Db d;
  build_main(d);
  const RegionReport r = d.s.report_region(kCoordAnt, RegionReportQuery{});
  CHECK_FALSE(r.from);
  CHECK_FALSE(r.to);
  // The ten of the main period plus X1 and X2.
  CHECK(num(r.total) == "12");
  CHECK(cells(r.by_outcome) ==
        "eligible=7 incomplete=1 not_eligible=1 inadmissible=2 not_screened=1");
  CHECK(cells(r.by_channel) ==
        "vk=1 caw=6 opgroeien=1 ggz=1 justitiehuis=0 politie=1 parket=0 none=1 unknown=1");
  // From the first month with a referral to the last: X1 in February, X2 in June.
  CHECK(cells(r.by_month) == "2026-02=1 2026-03=2 2026-04=4 2026-05=4 2026-06=1");
  CHECK(num(r.accepted) == "6");  // + X1
  CHECK(num(r.refused) == "2");
  REQUIRE(r.acceptance_rate);
  CHECK(*r.acceptance_rate == Approx(0.75));  // 6 of 8
  // + X1 directed, + X2 screened
  CHECK(cells(r.open_by_status) ==
        "registered=1 screened=2 accepted=1 analysis=1 directed=2 active=1");
  CHECK(cells(r.actions_by_status) == "open=5 in_progress=1 done=2 cancelled=3");  // + X1a1
  CHECK(num(r.actions_overdue) == "3");  // + X1a1, due 11-01
  // X1 adds 2 days to decision: 1 1 1 2 5 10 11 13, eight values: (2 + 5) / 2.
  CHECK(real(r.median_referral_to_decision) == "3.5");
  // X1 adds 3 days to director (03-02 -> 03-05): 2 3 6 7, four values: (3 + 6) / 2.
  CHECK(real(r.median_accepted_to_director) == "4.5");
  CHECK(num(r.children) == "12");  // 9 + X1 1 + X2 2
}

TEST_CASE("region report period bounds are inclusive on the received date", "[report][region]") {
  Db d;
  build_main(d);
  SECTION("a case received on from and one received on to are counted") {
    const auto r = d.s.report_region(kCoordAnt, kMainPeriod);
    CHECK(num(r.total) == "10");  // C1 (03-01) and C7 (05-31) among them
    CHECK(cells(r.by_outcome) ==
          "eligible=5 incomplete=1 not_eligible=1 inadmissible=2 not_screened=1");
  }
  SECTION("one day later and one day earlier they are not") {
    const auto r = d.s.report_region(kCoordAnt, period(Date{2026, 3, 2}, Date{2026, 5, 30}));
    CHECK(num(r.total) == "8");  // without C1 and C7
    CHECK(cells(r.by_outcome) ==
          "eligible=4 incomplete=1 not_eligible=1 inadmissible=2 not_screened=0");
    CHECK(cells(r.by_month) == "2026-03=1 2026-04=4 2026-05=3");
    CHECK(num(r.children) == "7");  // 9 - C1 1 - C7 1
  }
  SECTION("the day before from and the day after to are excluded") {
    // X1 was received 02-28 and X2 06-01: a period of exactly one day on each side.
    auto r = d.s.report_region(kCoordAnt, period(Date{2026, 2, 28}, Date{2026, 2, 28}));
    CHECK(num(r.total) == "1");
    CHECK(cells(r.by_month) == "2026-02=1");
    r = d.s.report_region(kCoordAnt, period(Date{2026, 3, 1}, Date{2026, 3, 1}));
    CHECK(num(r.total) == "1");  // C1 only
    CHECK(cells(r.actions_by_status) == "open=2 in_progress=1 done=1 cancelled=0");
    CHECK(num(r.actions_overdue) == "1");  // C1a1; X1a1 is X1's
    r = d.s.report_region(kCoordAnt, period(Date{2026, 6, 1}, Date{2026, 6, 30}));
    CHECK(num(r.total) == "1");  // X2 only
    CHECK(cells(r.by_outcome) ==
          "eligible=1 incomplete=0 not_eligible=0 inadmissible=0 not_screened=0");
  }
  SECTION("open-ended periods") {
    auto r = d.s.report_region(kCoordAnt, period(Date{2026, 5, 1}, std::nullopt));
    CHECK(num(r.total) == "5");  // C10 C6 C8 C7 X2
    CHECK(cells(r.by_month) == "2026-05=4 2026-06=1");
    CHECK_FALSE(r.to);
    r = d.s.report_region(kCoordAnt, period(std::nullopt, Date{2026, 3, 31}));
    CHECK(num(r.total) == "3");  // X1 C1 C2
    CHECK(cells(r.by_month) == "2026-02=1 2026-03=2");
    CHECK_FALSE(r.from);
    // X1 2, C1 5, C2 11: median 5; directors X1 3, C1 2, C2 6: median 3.
    CHECK(real(r.median_referral_to_decision) == "5");
    CHECK(real(r.median_accepted_to_director) == "3");
  }
  SECTION("every month of the period is listed, empty ones as 0, across a year end") {
    const auto r = d.s.report_region(kCoordAnt, period(Date{2025, 11, 15}, Date{2026, 2, 28}));
    CHECK(cells(r.by_month) == "2025-11=0 2025-12=0 2026-01=0 2026-02=1");
    CHECK(num(r.total) == "1");                         // X1
    CHECK(real(r.median_referral_to_decision) == "2");  // one value
  }
  SECTION("a period without referrals has zeros and no medians") {
    const auto r = d.s.report_region(kCoordAnt, period(Date{2020, 1, 1}, Date{2020, 2, 29}));
    CHECK(num(r.total) == "0");
    CHECK(cells(r.by_month) == "2020-01=0 2020-02=0");
    CHECK(cells(r.by_outcome) ==
          "eligible=0 incomplete=0 not_eligible=0 inadmissible=0 not_screened=0");
    CHECK(num(r.accepted) == "0");
    CHECK(num(r.refused) == "0");
    CHECK_FALSE(r.acceptance_rate);
    CHECK_FALSE(r.median_referral_to_decision);
    CHECK_FALSE(r.median_accepted_to_director);
    CHECK(r.suppressed.empty());  // no data is not suppression
    CHECK(num(r.children) == "0");
  }
}

TEST_CASE("region report period spans at most kMaxReportMonths months", "[report][region]") {
  Db d;
  build_main(d);
  // 2017-01 to 2026-12 is 120 months: every one listed.
  const auto r = d.s.report_region(kCoordAnt, period(Date{2017, 1, 1}, Date{2026, 12, 31}));
  CHECK(r.by_month.size() == static_cast<std::size_t>(kMaxReportMonths));
  CHECK(r.by_month.front().key == "2017-01");
  CHECK(r.by_month.back().key == "2026-12");
  // One month more, or year 1 to 9999, is refused before anything is listed.
  CHECK(code_of([&] {
          d.s.report_region(kCoordAnt, period(Date{2016, 12, 31}, Date{2026, 12, 1}));
        }) == ErrorCode::kUsage);
  CHECK(code_of([&] {
          d.s.report_region(kCoordAnt, period(Date{1, 1, 1}, Date{9999, 12, 31}));
        }) == ErrorCode::kUsage);
  // An open end is filled from the referrals, and the span counted then.
  CHECK(code_of([&] {
          d.s.report_region(kCoordAnt, period(Date{1, 1, 1}, std::nullopt));
        }) == ErrorCode::kUsage);
  CHECK(code_of([&] {
          d.s.report_region(kCoordAnt, period(std::nullopt, Date{9999, 1, 1}));
        }) == ErrorCode::kUsage);
  // Without a period: the months that have referrals.
  CHECK_NOTHROW(d.s.report_region(kCoordAnt, RegionReportQuery{}));
}

TEST_CASE("region report counts days to the Brussels date of a decision", "[report][region]") {
  Db d;
  auto& s = d.s;
  // Summer (CEST, UTC+2): 23:30Z is 01:30 the next day; 21:59Z is 23:59 the same day.
  const auto b1 = d.add("B1", referral("B1", "ANT", {2026, 7, 1}, Channel::kCaw, 0));
  s.screen(kCoordAnt, b1);
  d.at("2026-07-10T23:30:00Z");  // Brussels 2026-07-11: 10 days after 07-01
  s.decide(kCoordAnt, b1, true, "Take it on", false);
  d.at("2026-07-12T22:00:00Z");  // Brussels 2026-07-13 00:00: 2 days after 07-11
  s.assign_director(kCoordAnt, b1, "dir.ant", std::nullopt);
  const auto b2 = d.add("B2", referral("B2", "ANT", {2026, 8, 1}, Channel::kCaw, 0));
  s.screen(kCoordAnt, b2);
  d.at("2026-08-10T21:59:00Z");  // Brussels 2026-08-10 23:59: 9 days
  s.decide(kCoordAnt, b2, true, "Take it on", false);
  d.at("2026-08-11T21:59:00Z");  // Brussels 2026-08-11 23:59: 1 day
  s.assign_director(kCoordAnt, b2, "dir.ant", std::nullopt);
  // Winter (CET, UTC+1): 23:00Z is midnight the next day; 22:59Z is 23:59 the same day.
  const auto b3 = d.add("B3", referral("B3", "ANT", {2026, 1, 5}, Channel::kCaw, 0));
  s.screen(kCoordAnt, b3);
  d.at("2026-01-14T23:00:00Z");  // Brussels 2026-01-15 00:00: 10 days
  s.decide(kCoordAnt, b3, false, "Not for the chain", false);
  const auto b4 = d.add("B4", referral("B4", "ANT", {2026, 2, 2}, Channel::kCaw, 0));
  s.screen(kCoordAnt, b4);
  d.at("2026-02-11T22:59:00Z");  // Brussels 2026-02-11 23:59: 9 days
  s.decide(kCoordAnt, b4, false, "Not for the chain", false);
  d.at(kNowText);

  auto month = [&](int m, int last) {
    return s.report_region(kCoordAnt, period(Date{2026, m, 1}, Date{2026, m, last}));
  };
  CHECK(real(month(7, 31).median_referral_to_decision) == "10");
  CHECK(real(month(7, 31).median_accepted_to_director) == "2");
  CHECK(real(month(8, 31).median_referral_to_decision) == "9");
  CHECK(real(month(8, 31).median_accepted_to_director) == "1");
  CHECK(real(month(1, 31).median_referral_to_decision) == "10");
  CHECK(real(month(2, 28).median_referral_to_decision) == "9");
  CHECK_FALSE(month(1, 31).median_accepted_to_director);  // refused: no director
  // All four: 9 9 10 10, (9 + 10) / 2; directors 1 2, (1 + 2) / 2.
  const auto all = s.report_region(kCoordAnt, RegionReportQuery{});
  CHECK(real(all.median_referral_to_decision) == "9.5");
  CHECK(real(all.median_accepted_to_director) == "1.5");
  // The decision keeps its UTC moment.
  const auto sheet = s.report_case(kCoordAnt, b1);
  REQUIRE(sheet.state.decision);
  CHECK(sheet.state.decision->at == "2026-07-10T23:30:00Z");
}

TEST_CASE("region report regions: a filter, every served region, or one", "[report][region]") {
  Db d;
  build_main(d);
  SECTION("a coordinator of two regions without a filter gets both, region null") {
    const auto r = d.s.report_region(kCoordVl, kMainPeriod);
    CHECK_FALSE(r.region);
    CHECK(joined(r.regions) == "ANT LIM");
    CHECK(num(r.total) == "11");  // ANT 10 + L1
    CHECK(cells(r.by_month) == "2026-03=2 2026-04=5 2026-05=4");
    CHECK(num(r.accepted) == "6");
    CHECK(num(r.children) == "10");
    CHECK(num(r.actions_overdue) == "3");  // + L1a1, due 11-25
    // 1 1 1 5 5 10 11 13: (5 + 5) / 2; directors 1 2 6 7: (2 + 6) / 2.
    CHECK(real(r.median_referral_to_decision) == "5");
    CHECK(real(r.median_accepted_to_director) == "4");
    CHECK(json_of(r)["region"].is_null());
  }
  SECTION("a filter counts only that region, whatever its case") {
    const auto r =
        d.s.report_region(kCoordVl, period(Date{2026, 3, 1}, Date{2026, 5, 31}, 0, "lim"));
    CHECK(r.region == std::optional<std::string>("LIM"));
    CHECK(joined(r.regions) == "LIM");
    CHECK(num(r.total) == "1");
    CHECK(cells(r.by_channel) ==
          "vk=0 caw=1 opgroeien=0 ggz=0 justitiehuis=0 politie=0 parket=0 none=0 unknown=0");
    CHECK(cells(r.open_by_status) ==
          "registered=0 screened=0 accepted=0 analysis=0 directed=1 active=0");
    CHECK(real(r.median_referral_to_decision) == "5");
    const auto ant =
        d.s.report_region(kCoordVl, period(Date{2026, 3, 1}, Date{2026, 5, 31}, 0, "ANT"));
    CHECK(ant.region == std::optional<std::string>("ANT"));
    CHECK(num(ant.total) == "10");
  }
  SECTION("a coordinator of one region gets it named") {
    const auto r = d.s.report_region(kCoordLim, kMainPeriod);
    CHECK(r.region == std::optional<std::string>("LIM"));
    CHECK(joined(r.regions) == "LIM");
    CHECK(num(r.total) == "1");
  }
}

// ---------------------------------------------------------------------------
// Activity in the period: what happened on the period's days

/// "key=value ..." of the activity, "-" for a suppressed count or a missing median.
std::string activity_cells(const RegionActivity& a) {
  return "accepted=" + num(a.accepted) + " refused=" + num(a.refused) +
         " overridden=" + num(a.overridden) + " meetings=" + num(a.meetings_held) +
         " directors=" + num(a.directors_assigned) + " activated=" + num(a.plans_activated) +
         " reopenings=" + num(a.reopenings) + " out=" + num(a.transfers_out) +
         " in=" + num(a.transfers_in) + " monitoring=" + num(a.monitoring_contacts) +
         " median=" + real(a.median_accepted_to_closure);
}

TEST_CASE("region report counts the activity of the period's days", "[report][region][activity]") {
  Db d;
  build_main(d);
  const RegionActivity a = d.s.report_region(kCoordAnt, kMainPeriod).activity;
  // Decided 03-01..05-31: accepted X1 (received 02-28, decided 03-02) C1 C2 C4 C10 C8;
  // refused C5 C6; C4 with override. L1 is LIM's.
  // Meetings held: C1 03-08, C4 04-22. Directors: X1 03-05, C1 03-08, C2 04-01 and its
  // reassignment 04-10, C8 05-28. Activated: C1.
  CHECK(activity_cells(a) ==
        "accepted=6 refused=2 overridden=1 meetings=2 directors=5 activated=1 reopenings=0 "
        "out=0 in=0 monitoring=0 median=null");
  // Closed in the period: C5 and C6 refused, C9 other; C8's closure (06-15) comes after it,
  // although C8 was received in May. No closure of the period followed an acceptance.
  CHECK(cells(a.closures_by_reason) ==
        "refused=2 goals_reached=0 referred_regular=0 no_cooperation=0 moved=0 other=1");
  // June: C8 closed, 25 days after its acceptance on 05-21; nothing else happened.
  const RegionActivity june =
      d.s.report_region(kCoordAnt, period(Date{2026, 6, 1}, Date{2026, 6, 30})).activity;
  CHECK(activity_cells(june) ==
        "accepted=0 refused=0 overridden=0 meetings=0 directors=0 activated=0 reopenings=0 "
        "out=0 in=0 monitoring=0 median=25");
  CHECK(cells(june.closures_by_reason) ==
        "refused=0 goals_reached=1 referred_regular=0 no_cooperation=0 moved=0 other=0");
}

TEST_CASE("region report activity counts the Brussels day a step happened",
          "[report][region][activity]") {
  Db d;
  build_main(d);
  auto day = [&](int m, int dd) {
    return d.s.report_region(kCoordAnt, period(Date{2026, m, dd}, Date{2026, m, dd})).activity;
  };
  // C2's acceptance at 03-25T23:30Z is 03-26 00:30 in Brussels (CET).
  CHECK(num(day(3, 25).accepted) == "0");
  CHECK(num(day(3, 26).accepted) == "1");
  // C2's director at 04-01T21:59Z is 04-01 23:59 in Brussels (CEST).
  CHECK(num(day(4, 1).directors_assigned) == "1");
  CHECK(num(day(4, 2).directors_assigned) == "0");
  // C5's refusal at 05-02T22:30Z is 05-03 00:30 in Brussels, and so is its closure.
  CHECK(num(day(5, 2).refused) == "0");
  CHECK(num(day(5, 3).refused) == "1");
  CHECK(cells(day(5, 3).closures_by_reason) ==
        "refused=1 goals_reached=0 referred_regular=0 no_cooperation=0 moved=0 other=0");
  // Open ends: everything up to 03-06 is X1's and C1's acceptance and X1's director.
  const RegionActivity early =
      d.s.report_region(kCoordAnt, period(std::nullopt, Date{2026, 3, 6})).activity;
  CHECK(num(early.accepted) == "2");
  CHECK(num(early.directors_assigned) == "1");
  const RegionActivity late =
      d.s.report_region(kCoordAnt, period(Date{2026, 5, 21}, std::nullopt)).activity;
  CHECK(num(late.accepted) == "1");            // C8
  CHECK(num(late.directors_assigned) == "1");  // C8's on 05-28
}

/// The lifecycle fixture, all in June 2026 (CEST), every step at 10:00Z:
///   A  ANT received 06-01, accepted 06-01, meeting held 06-02, director dir.ant 06-02,
///      activated 06-03, closed goals_reached 06-11 (10 days) with monitoring until
///      12-31, a monitoring contact 06-15, reopened 06-20, meeting held 06-22,
///      closed no_cooperation 06-30 (29 days)
///   T  ANT received 06-01, accepted 06-02, transferred to LIM 06-14 (12 days): closed
///      moved in ANT, registered and screened in LIM as a new case
void build_lifecycle(Db& d) {
  auto& s = d.s;
  const std::string& A = kCoordAnt;
  const auto a = d.add("A", referral("A", "ANT", {2026, 6, 1}, Channel::kCaw, 1));
  const auto t = d.add("T", referral("T", "ANT", {2026, 6, 1}, Channel::kCaw, 0));
  s.screen(A, a);
  s.screen(A, t);
  d.at("2026-06-01T10:00:00Z");
  s.decide(A, a, true, "Very unsafe and stuck", false);
  d.at("2026-06-02T10:00:00Z");
  s.decide(A, t, true, "Very unsafe and stuck", false);
  s.add_meeting(A, a, held_meeting({2026, 6, 2}, "dir.ant"));
  s.assign_director(A, a, "dir.ant", std::nullopt);
  s.add_action(A, a, "Find housing", "housing", "member.ocmw", std::nullopt);
  d.at("2026-06-03T10:00:00Z");
  s.activate_plan(A, a);
  d.at("2026-06-11T10:00:00Z");
  s.close(A, a, ClosureReason::kGoalsReached, std::nullopt, Date{2026, 12, 31});
  d.at("2026-06-14T10:00:00Z");
  d.id["T2"] = s.transfer(A, t, "LIM", "The family moved to Hasselt");
  d.at("2026-06-15T10:00:00Z");
  s.monitor(A, a, MonitoringResult::kConcern, "Police called again");
  d.at("2026-06-20T10:00:00Z");
  s.reopen(A, a, "Violence returned");
  d.at("2026-06-22T10:00:00Z");
  s.add_meeting(A, a, held_meeting({2026, 6, 22}, "dir.ant"));
  d.at("2026-06-30T10:00:00Z");
  s.close(A, a, ClosureReason::kNoCooperation, std::nullopt);
  d.at(kNowText);
}

TEST_CASE("region report activity counts closures, reopenings, transfers and monitoring",
          "[report][region][activity]") {
  Db d;
  build_lifecycle(d);
  const auto june = period(Date{2026, 6, 1}, Date{2026, 6, 30});
  const RegionActivity ant = d.s.report_region(kCoordAnt, june).activity;
  // Closures 10 (A), 12 (T) and 29 (A again) days after acceptance: the middle one is 12.
  CHECK(activity_cells(ant) ==
        "accepted=2 refused=0 overridden=0 meetings=2 directors=1 activated=1 reopenings=1 "
        "out=1 in=0 monitoring=1 median=12");
  // A closure a reopening undid still happened; the transfer closed T as moved.
  CHECK(cells(ant.closures_by_reason) ==
        "refused=0 goals_reached=1 referred_regular=0 no_cooperation=1 moved=1 other=0");
  // LIM received the transferred case and has done nothing with it yet.
  const RegionActivity lim = d.s.report_region(kCoordLim, june).activity;
  CHECK(activity_cells(lim) ==
        "accepted=0 refused=0 overridden=0 meetings=0 directors=0 activated=0 reopenings=0 "
        "out=0 in=1 monitoring=0 median=null");
  // Both regions: the transfer leaves one and enters the other.
  const RegionActivity both = d.s.report_region(kCoordVl, june).activity;
  CHECK(num(both.transfers_out) == "1");
  CHECK(num(both.transfers_in) == "1");
  CHECK(num(both.accepted) == "2");
  // The first half of June: A's first closure and T's transfer, 10 and 12 days: 11.
  const RegionActivity first =
      d.s.report_region(kCoordAnt, period(Date{2026, 6, 1}, Date{2026, 6, 14})).activity;
  CHECK(real(first.median_accepted_to_closure) == "11");
  CHECK(num(first.reopenings) == "0");
  CHECK(num(first.monitoring_contacts) == "0");
}

TEST_CASE("region report activity suppresses small counts and medians",
          "[report][region][activity][suppression]") {
  Db d;
  build_lifecycle(d);
  const RegionReport r =
      d.s.report_region(kCoordAnt, period(Date{2026, 6, 1}, Date{2026, 6, 30}, 3));
  const RegionActivity& a = r.activity;
  // min_cell 3 hides 1 and 2. Accepted 2 is hidden; refused 0 is shown, so the
  // secondary rule finds no other non-zero cell.
  CHECK(activity_cells(a) ==
        "accepted=null refused=0 overridden=0 meetings=null directors=null activated=null "
        "reopenings=null out=null in=0 monitoring=null median=12");
  // Three closures of one each: all hidden.
  CHECK(cells(a.closures_by_reason) ==
        "refused=0 goals_reached=- referred_regular=0 no_cooperation=- moved=- other=0");
  const std::set<std::string> hidden(r.suppressed.begin(), r.suppressed.end());
  for (const char* key :
       {"activity.decisions.accepted", "activity.meetings_held", "activity.directors_assigned",
        "activity.plans_activated", "activity.closures.by_reason.goals_reached",
        "activity.closures.by_reason.no_cooperation", "activity.closures.by_reason.moved",
        "activity.reopenings", "activity.transfers.out", "activity.monitoring_contacts"}) {
    INFO(key);
    CHECK(hidden.count(key) == 1);
  }
  CHECK(hidden.count("activity.median_days.accepted_to_closure") == 0);  // rests on 3
  // A median resting on two closures is hidden at min_cell 3.
  const RegionReport half =
      d.s.report_region(kCoordAnt, period(Date{2026, 6, 1}, Date{2026, 6, 14}, 3));
  CHECK_FALSE(half.activity.median_accepted_to_closure);
  CHECK(std::count(half.suppressed.begin(), half.suppressed.end(),
                   "activity.median_days.accepted_to_closure") == 1);
  check_csv_matches_json(r);
}

// ---------------------------------------------------------------------------
// Suppression of small numbers

TEST_CASE("region report suppresses counts below min_cell with the secondary rule",
          "[report][region][suppression]") {
  Db d;
  build_small(d);
  const auto r = d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 3));
  CHECK(r.min_cell == 3);
  CHECK(num(r.total) == "10");
  // 3 2 1 0 4: two primary cells (2 and 1), so no secondary; exactly 3 is shown, 0 is shown.
  CHECK(cells(r.by_outcome) ==
        "eligible=3 incomplete=- not_eligible=- inadmissible=0 not_screened=4");
  // vk 1 alone is suppressed: the smallest other non-zero cell, politie 4 (not caw 5
  // nor a zero), goes too.
  CHECK(cells(r.by_channel) ==
        "vk=- caw=5 opgroeien=0 ggz=0 justitiehuis=0 politie=- parket=0 none=0 unknown=0");
  CHECK(cells(r.by_month) == "2025-01=7 2025-02=3 2025-03=0");
  // refused 1 alone, so accepted 4 goes too; the rate is then unknown.
  CHECK(num(r.accepted) == "null");
  CHECK(num(r.refused) == "null");
  CHECK_FALSE(r.acceptance_rate);
  CHECK(num(r.overridden) == "null");  // S6 alone
  // registered 4 screened 1 accepted 2 analysis 0 directed 2 active 0: three primary cells.
  CHECK(cells(r.open_by_status) ==
        "registered=4 screened=- accepted=- analysis=0 directed=- active=0");
  CHECK(cells(r.actions_by_status) == "open=7 in_progress=0 done=3 cancelled=0");
  CHECK(num(r.actions_overdue) == "null");  // S2's two finances actions due in 2025
  // social 1 alone: finances 4 (smaller than housing 5) goes too.
  CHECK(cells(r.actions_by_domain) ==
        "housing=5 finances=- social=- mental=0 physical=0 substance_use=0 parenting=0 justice=0 "
        "work_education=0 school=0 daycare=0");
  // refused 1 alone; no other non-zero cell to hide.
  CHECK(cells(r.closures_by_reason) ==
        "refused=- goals_reached=0 referred_regular=0 no_cooperation=0 moved=0 other=0");
  // Five decisions: S6 1, S3 2, S1 3, S2 4, S4 10: shown, median 3.
  CHECK(real(r.median_referral_to_decision) == "3");
  // Two director assignments (S1 4 days, S2 1 day): rests on fewer than 3 cases.
  CHECK_FALSE(r.median_accepted_to_director);
  CHECK(num(r.children) == "null");  // S1 1 + S7 1
  const std::vector<std::string> expected{
      "referrals.by_outcome.incomplete", "referrals.by_outcome.not_eligible",
      "referrals.by_channel.vk", "referrals.by_channel.politie", "decisions.accepted",
      "decisions.refused", "decisions.overridden", "decisions.acceptance_rate",
      "open_cases.by_status.screened", "open_cases.by_status.accepted",
      "open_cases.by_status.directed", "actions.overdue", "actions.by_domain.finances",
      "actions.by_domain.social", "closures.by_reason.refused", "median_days.accepted_to_director",
      "children", "persons.children",  // S1 1 + S7 1 distinct children
      // Decided in the period: S1 S2 S3 S6 accepted, S4
      // refused (1), so 4 goes too; S6 overridden (1).
      "activity.decisions.accepted", "activity.decisions.refused", "activity.decisions.overridden",
      "activity.directors_assigned",           // S1, S2
      "activity.closures.by_reason.refused"};  // S4
  CHECK(r.suppressed == expected);
}

TEST_CASE("region report with min_cell 0 or 1 suppresses nothing",
          "[report][region][suppression]") {
  Db d;
  build_small(d);
  for (int min_cell : {0, 1}) {
    INFO("min_cell " << min_cell);
    const auto r =
        d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, min_cell));
    CHECK(r.suppressed.empty());
    CHECK(num(r.total) == "10");
    CHECK(cells(r.by_outcome) ==
          "eligible=3 incomplete=2 not_eligible=1 inadmissible=0 not_screened=4");
    CHECK(cells(r.by_channel) ==
          "vk=1 caw=5 opgroeien=0 ggz=0 justitiehuis=0 politie=4 parket=0 none=0 unknown=0");
    CHECK(num(r.accepted) == "4");  // S1 S2 S3 S6
    CHECK(num(r.refused) == "1");   // S4
    CHECK(num(r.overridden) == "1");
    REQUIRE(r.acceptance_rate);
    CHECK(*r.acceptance_rate == Approx(0.8));  // 4 of 5
    CHECK(cells(r.open_by_status) ==
          "registered=4 screened=1 accepted=2 analysis=0 directed=2 active=0");
    CHECK(num(r.actions_overdue) == "2");
    CHECK(cells(r.actions_by_domain) ==
          "housing=5 finances=4 social=1 mental=0 physical=0 substance_use=0 parenting=0 "
          "justice=0 work_education=0 school=0 daycare=0");
    CHECK(cells(r.closures_by_reason) ==
          "refused=1 goals_reached=0 referred_regular=0 no_cooperation=0 moved=0 other=0");
    CHECK(real(r.median_referral_to_decision) == "3");
    CHECK(real(r.median_accepted_to_director) == "2.5");  // 1 and 4
    CHECK(num(r.children) == "2");
  }
}

TEST_CASE("region report shows a count or a median resting on exactly min_cell",
          "[report][region][suppression]") {
  Db d;
  build_small(d);
  const auto r = d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 5));
  // caw 5 is shown; vk 1 and politie 4 are both primary.
  CHECK(cells(r.by_channel) ==
        "vk=- caw=5 opgroeien=0 ggz=0 justitiehuis=0 politie=- parket=0 none=0 unknown=0");
  // Five decisions: the median rests on exactly 5 cases.
  CHECK(real(r.median_referral_to_decision) == "3");
  // 3 2 1 0 4: every non-zero cell is primary.
  CHECK(cells(r.by_outcome) ==
        "eligible=- incomplete=- not_eligible=- inadmissible=0 not_screened=-");
  CHECK(num(r.total) == "10");
}

TEST_CASE("region report secondary rule hides every smallest other cell when they are equal",
          "[report][region][suppression]") {
  Db d;
  build_small(d);
  const auto r = d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 2));
  // registered 4 screened 1 accepted 2 analysis 0 directed 2 active 0: screened alone is
  // primary; accepted and directed are equally the smallest others, so both go, whatever
  // the order of the table.
  CHECK(cells(r.open_by_status) ==
        "registered=4 screened=- accepted=- analysis=0 directed=- active=0");
  // 3 2 1 0 4: not_eligible alone; incomplete 2 is the one smallest other.
  CHECK(cells(r.by_outcome) ==
        "eligible=3 incomplete=- not_eligible=- inadmissible=0 not_screened=4");
}

TEST_CASE("region report secondary rule hides the only other non-zero month",
          "[report][region][suppression]") {
  Db d;
  build_small(d);
  // min_cell 4: February 3 is primary and alone; January 7 is the only other non-zero month.
  const auto r = d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 4));
  CHECK(cells(r.by_month) == "2025-01=- 2025-02=- 2025-03=0");
  CHECK(num(r.total) == "10");
  // 3 2 1 0 4: three primary cells; not_screened 4 is exactly min_cell and shown.
  CHECK(cells(r.by_outcome) ==
        "eligible=- incomplete=- not_eligible=- inadmissible=0 not_screened=4");
}

TEST_CASE("analysts always get at least kAnalystMinCell", "[report][region][suppression][access]") {
  Db d;
  build_small(d);
  const auto coordinator5 =
      d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 5));
  for (int asked : {0, 1, 3, 5}) {
    INFO("asked " << asked);
    const auto r =
        d.s.report_region("analyst.ant", period(Date{2025, 1, 1}, Date{2025, 3, 31}, asked));
    CHECK(r.min_cell == 5);
    CHECK(r.suppressed == coordinator5.suppressed);
    CHECK(json_of(r) == json_of(coordinator5));
  }
  // Asking more than 5 is honoured: at 7, caw 5 is suppressed too (vk 1, caw 5 and
  // politie 4 are all primary).
  const auto r7 = d.s.report_region("analyst.ant", period(Date{2025, 1, 1}, Date{2025, 3, 31}, 7));
  CHECK(r7.min_cell == 7);
  CHECK(cells(r7.by_channel) ==
        "vk=- caw=- opgroeien=0 ggz=0 justitiehuis=0 politie=- parket=0 none=0 unknown=0");
  CHECK(num(r7.total) == "10");
  // An analyst of two regions gets both, region null.
  const auto vl = d.s.report_region("analyst.vl", period(Date{2025, 1, 1}, Date{2025, 3, 31}));
  CHECK_FALSE(vl.region);
  CHECK(joined(vl.regions) == "ANT LIM");
  CHECK(vl.min_cell == 5);
  CHECK(num(vl.total) == "10");
}

// ---------------------------------------------------------------------------
// Access and the audit trail

TEST_CASE("report access follows roles and regions", "[report][access]") {
  Db d;
  build_main(d);
  auto& s = d.s;
  const std::string c1 = d.id["C1"];
  SECTION("analysts get regional statistics only") {
    CHECK_NOTHROW(s.report_region("analyst.ant", kMainPeriod));
    CHECK(code_of([&] { s.report_case("analyst.ant", c1); }) == ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_actions("analyst.ant", ActionsQuery{}); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_caseload("analyst.ant", std::nullopt); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_caseload("analyst.ant", std::string("ANT")); }) ==
          ErrorCode::kAccessDenied);
  }
  SECTION("members and directors get no regional statistics") {
    for (const char* who :
         {"member.pz", "member.ocmw", "member.school", "dir.ant", "dir.pz", "dir.lim"}) {
      INFO(who);
      CHECK(code_of([&] { s.report_region(std::string(who), kMainPeriod); }) ==
            ErrorCode::kAccessDenied);
      CHECK(code_of([&] {
              s.report_region(std::string(who), period(std::nullopt, std::nullopt, 0, "ANT"));
            }) == ErrorCode::kAccessDenied);
    }
  }
  SECTION("no actor, an unknown actor") {
    CHECK(code_of([&] { s.report_region(std::nullopt, kMainPeriod); }) == ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_region(std::string("nobody"), kMainPeriod); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_actions(std::nullopt, ActionsQuery{}); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_caseload(std::string("nobody"), std::nullopt); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_case(std::nullopt, c1); }) == ErrorCode::kAccessDenied);
  }
  SECTION("a region the actor's partner does not serve") {
    CHECK(code_of([&] {
            s.report_region(kCoordAnt, period(std::nullopt, std::nullopt, 0, "LIM"));
          }) == ErrorCode::kAccessDenied);
    CHECK(code_of([&] {
            s.report_region(kCoordLim, period(std::nullopt, std::nullopt, 0, "ANT"));
          }) == ErrorCode::kAccessDenied);
    CHECK(code_of([&] {
            s.report_region("analyst.ant", period(std::nullopt, std::nullopt, 0, "LIM"));
          }) == ErrorCode::kAccessDenied);
  }
  SECTION("an unknown region is not found") {
    CHECK(code_of([&] {
            s.report_region(kCoordAnt, period(std::nullopt, std::nullopt, 0, "XYZ"));
          }) == ErrorCode::kNotFound);
    CHECK(code_of([&] {
            s.report_region("analyst.ant", period(std::nullopt, std::nullopt, 0, "XYZ"));
          }) == ErrorCode::kNotFound);
  }
  SECTION("from after to is a usage error; from equal to to is one day") {
    CHECK(code_of([&] {
            s.report_region(kCoordAnt, period(Date{2026, 5, 2}, Date{2026, 5, 1}));
          }) == ErrorCode::kUsage);
    CHECK_NOTHROW(s.report_region(kCoordAnt, period(Date{2026, 5, 1}, Date{2026, 5, 1})));
  }
  SECTION("the case sheet: an involved member may read it, an uninvolved one may not") {
    // ocmw-ant holds actions of C1; school-ant has nothing to do with it.
    CHECK(s.report_case("member.ocmw", c1).state.id == c1);
    CHECK(code_of([&] { s.report_case("member.school", c1); }) == ErrorCode::kAccessDenied);
    // L1 is in LIM: a coordinator of ANT only has no need to know.
    CHECK(code_of([&] { s.report_case(kCoordAnt, d.id["L1"]); }) == ErrorCode::kAccessDenied);
    CHECK(s.report_case(kCoordVl, d.id["L1"]).state.region == "LIM");
    CHECK(code_of([&] { s.report_case(kCoordAnt, "ANT-2026-9999"); }) == ErrorCode::kNotFound);
  }
}

TEST_CASE("report audit: a case sheet is one read entry, other reports none, a denial one",
          "[report][access][audit]") {
  Db d;
  build_main(d);
  auto& s = d.s;
  const std::string c1 = d.id["C1"];
  long entries = s.audit_head().entries;
  const std::string head = s.audit_head().head;

  // Statistics, actions and caseload read no case data: nothing is written.
  s.report_region(kCoordAnt, kMainPeriod);
  s.report_region("analyst.ant", kMainPeriod);
  s.report_region(kCoordVl, RegionReportQuery{});
  s.report_actions(kCoordAnt, ActionsQuery{});
  s.report_actions("member.ocmw", ActionsQuery{true, std::nullopt, std::nullopt});
  s.report_caseload(kCoordAnt, std::nullopt);
  s.report_caseload("member.pz", std::nullopt);
  // Usage errors and unknown regions are not denials.
  code_of([&] { s.report_region(kCoordAnt, period(Date{2026, 5, 2}, Date{2026, 5, 1})); });
  code_of([&] { s.report_region(kCoordAnt, period(std::nullopt, std::nullopt, 0, "XYZ")); });
  CHECK(s.audit_head().entries == entries);
  CHECK(s.audit_head().head == head);

  // The newest entry, read through audit show (whose own entry comes after it).
  auto last = [&] {
    const auto all = s.audit_show(kCoordVl, AuditFilter{});
    REQUIRE_FALSE(all.empty());
    return all.back();
  };

  s.report_case("member.ocmw", c1);
  CHECK(s.audit_head().entries == entries + 1);
  AuditEntry e = last();
  CHECK(e.kind == "read");
  CHECK(e.action == "report case");
  CHECK(e.case_id == std::optional<std::string>(c1));
  CHECK(e.actor == std::optional<std::string>("member.ocmw"));
  entries = s.audit_head().entries;  // + audit show's own entry

  struct Denial {
    std::string what;
    std::string action;
    std::optional<std::string> actor;
    std::optional<std::string> case_id;
    std::function<void()> run;
  };
  const std::vector<Denial> denials{
      {"member asks statistics", "report region", "member.pz", std::nullopt,
       [&] { s.report_region("member.pz", kMainPeriod); }},
      {"coordinator asks another region", "report region", kCoordAnt, std::nullopt,
       [&] { s.report_region(kCoordAnt, period(std::nullopt, std::nullopt, 0, "LIM")); }},
      {"analyst asks actions", "report actions", "analyst.ant", std::nullopt,
       [&] { s.report_actions("analyst.ant", ActionsQuery{}); }},
      {"analyst asks caseload", "report caseload", "analyst.ant", std::nullopt,
       [&] { s.report_caseload("analyst.ant", std::nullopt); }},
      {"coordinator asks the caseload of another region", "report caseload", kCoordAnt,
       std::nullopt, [&] { s.report_caseload(kCoordAnt, std::string("LIM")); }},
      {"uninvolved member asks a case sheet", "report case", "member.school", c1,
       [&] { s.report_case("member.school", c1); }},
      {"analyst asks a case sheet", "report case", "analyst.ant", c1,
       [&] { s.report_case("analyst.ant", c1); }},
  };
  for (const auto& den : denials) {
    INFO(den.what);
    CHECK(code_of(den.run) == ErrorCode::kAccessDenied);
    CHECK(s.audit_head().entries == entries + 1);
    e = last();
    CHECK(e.kind == "denied");
    CHECK(e.action == den.action);
    CHECK(e.actor == den.actor);
    CHECK(e.case_id == den.case_id);
    entries = s.audit_head().entries;
  }
  CHECK(s.audit_verify().intact);
}

// ---------------------------------------------------------------------------
// The case sheet

TEST_CASE("case sheet holds screening, decision, directors, meetings, actions and timeline",
          "[report][case]") {
  Db d;
  auto& s = d.s;
  const std::string& A = kCoordAnt;
  Referral input = not_eligible(referral("K1", "ANT", {2026, 10, 1}, Channel::kCaw, 1));
  input.summary = "Synthetic summary of family K";
  const auto k1 = d.add("K1", input);
  const ScreenResult screened = s.screen(A, k1);
  d.at("2026-10-02T10:00:00Z");
  s.decide(A, k1, true, "The team sees more risk than the referral says", true);
  d.at("2026-10-05T10:00:00Z");
  MeetingInput m;
  m.date = {2026, 10, 5};
  m.attendees = {"member.pz", "member.ocmw"};
  m.basis = LegalBasis::kClientConsent;
  m.purpose = "Analyse the situation";
  s.add_meeting(A, k1, m);
  d.at("2026-10-06T10:00:00Z");
  s.assign_director(A, k1, "dir.ant", std::string("first director"));
  d.at("2026-10-07T10:00:00Z");
  s.add_action(A, k1, "Find housing", "housing", "member.ocmw", Date{2026, 11, 20});
  s.add_action(A, k1, "Debt mediation", "finances", "member.pz", Date{2026, 12, 1});
  s.add_action(A, k1, "Social contacts", "social", "member.ocmw", Date{2026, 11, 1});
  d.at("2026-10-08T10:00:00Z");
  s.set_action_status(A, k1, 3, ActionStatus::kDone, std::string("Club found"));
  d.at("2026-10-09T10:00:00Z");
  s.assign_director(A, k1, "dir.pz", std::string("dir.ant on leave"));
  d.at(kNowText);

  const CaseReport r = s.report_case("member.ocmw", k1);
  CHECK(r.state.id == k1);
  CHECK(r.state.region == "ANT");
  CHECK(r.state.status == CaseStatus::kDirected);
  CHECK(r.today.to_string() == "2026-11-28");
  CHECK_FALSE(r.purged);
  CHECK(r.received_by == std::optional<std::string>(kCoordAnt));
  CHECK(r.referral.summary == std::optional<std::string>("Synthetic summary of family K"));
  REQUIRE(r.referral.persons.size() == 2);
  CHECK(r.referral.persons[0].name == std::optional<std::string>("Person K1."));

  REQUIRE(r.screening);
  CHECK(r.screening->outcome == Outcome::kNotEligible);
  REQUIRE(screened.ruleset);
  CHECK(r.screening->ruleset == *screened.ruleset);
  REQUIRE(r.screening->criteria.size() == 7);
  const std::vector<std::string> verdicts{"pass", "pass", "fail", "pass", "pass", "pass", "pass"};
  for (std::size_t i = 0; i < 7; ++i) {
    INFO("criterion " << i);
    CHECK(r.screening->criteria[i].id == all_criteria()[i]);
    CHECK(std::string(to_string(r.screening->criteria[i].verdict)) == verdicts[i]);
    CHECK_FALSE(r.screening->criteria[i].reason.empty());
  }
  CHECK_THAT(r.screening->criteria[2].reason, Catch::Contains("unsafe"));
  CHECK(r.screening->criteria == screened.criteria);

  REQUIRE(r.state.decision);
  CHECK(r.state.decision->accepted);
  CHECK(r.state.decision->overridden);
  CHECK(r.state.decision->motivation == "The team sees more risk than the referral says");
  CHECK(r.state.decision->actor == kCoordAnt);
  CHECK(r.state.decision->at == "2026-10-02T10:00:00Z");

  CHECK(r.state.director == std::optional<std::string>("dir.pz"));
  REQUIRE(r.directors.size() == 2);
  CHECK(r.directors[0].professional == "dir.ant");
  CHECK(r.directors[0].from == "2026-10-06T10:00:00Z");
  CHECK(r.directors[0].until == std::optional<std::string>("2026-10-09T10:00:00Z"));
  CHECK(r.directors[0].reason == std::optional<std::string>("first director"));
  CHECK(r.directors[0].assigned_by == kCoordAnt);
  CHECK(r.directors[1].professional == "dir.pz");
  CHECK(r.directors[1].from == "2026-10-09T10:00:00Z");
  CHECK_FALSE(r.directors[1].until);
  CHECK(r.directors[1].reason == std::optional<std::string>("dir.ant on leave"));

  REQUIRE(r.meetings.size() == 1);
  CHECK(r.meetings[0].number == 1);
  CHECK(r.meetings[0].date.to_string() == "2026-10-05");
  CHECK(std::set<std::string>(r.meetings[0].attendees.begin(), r.meetings[0].attendees.end()) ==
        std::set<std::string>{"member.pz", "member.ocmw"});
  CHECK(r.meetings[0].basis == LegalBasis::kClientConsent);
  CHECK(r.meetings[0].purpose == "Analyse the situation");

  REQUIRE(r.actions.size() == 3);
  CHECK(r.actions[0].number == 1);
  CHECK(r.actions[0].overdue);        // open, due 11-20, today 11-28
  CHECK_FALSE(r.actions[1].overdue);  // due 12-01
  CHECK(r.actions[2].status == ActionStatus::kDone);
  CHECK_FALSE(r.actions[2].overdue);  // done, though due 11-01
  CHECK(r.actions[1].professional == "member.pz");
  CHECK(r.actions[1].partner == "pz-ant");

  std::vector<std::string> events;
  for (const auto& e : r.timeline) events.push_back(e.action);
  CHECK(joined(events) ==
        "registered screened decided meeting_added director_assigned action_added action_added "
        "action_added action_status director_assigned");
  for (std::size_t i = 1; i < r.timeline.size(); ++i)
    CHECK(r.timeline[i - 1].id < r.timeline[i].id);

  std::set<std::string> partners;
  for (const auto& i : r.involvement) partners.insert(i.partner);
  // caw-ant: channel and director; pz-ant: crisis partner, attendee, holder, director;
  // ocmw-ant: attendee and holder.
  CHECK(partners == std::set<std::string>{"caw-ant", "ocmw-ant", "pz-ant"});

  SECTION("its JSON form") {
    const json j = json_of(r);
    CHECK(keys_of(j) ==
          std::set<std::string>{"format_version", "report",           "case",      "region",
                                "veilig_huis",    "status",           "today",     "purged",
                                "received_by",    "referral",         "screening", "decision",
                                "director",       "transferred_from", "directors", "meetings",
                                "actions",        "involvement",      "closure",   "monitoring",
                                "timeline",       "assessments"});
    CHECK(j["monitoring"].empty());
    CHECK(j["assessments"].empty());
    CHECK(j["veilig_huis"] == (r.veilig_huis ? json(*r.veilig_huis) : json(nullptr)));
    CHECK(j["transferred_from"].is_null());
    CHECK(j["report"] == "case");
    CHECK(j["case"] == k1);
    CHECK(j["status"] == "directed");
    CHECK(j["purged"] == false);
    CHECK(j["closure"].is_null());
    CHECK(keys_of(j["screening"]) ==
          std::set<std::string>{"outcome", "ruleset", "criteria", "warnings"});
    CHECK(j["screening"]["outcome"] == "not_eligible");
    REQUIRE(j["screening"]["criteria"].size() == 7);
    CHECK(j["screening"]["criteria"][2]["id"] == "very_unsafe");
    CHECK(j["screening"]["criteria"][2]["verdict"] == "fail");
    CHECK(keys_of(j["decision"]) ==
          std::set<std::string>{"accepted", "overridden", "motivation", "actor", "at"});
    CHECK(j["decision"]["overridden"] == true);
    CHECK(j["director"] == "dir.pz");
    REQUIRE(j["directors"].size() == 2);
    CHECK(keys_of(j["directors"][0]) ==
          std::set<std::string>{"professional", "from", "until", "assigned_by", "reason"});
    CHECK(j["directors"][0]["until"] == "2026-10-09T10:00:00Z");
    CHECK(j["directors"][1]["until"].is_null());
    REQUIRE(j["meetings"].size() == 1);
    CHECK(keys_of(j["meetings"][0]) ==
          std::set<std::string>{"number", "date", "status", "attendees", "basis", "purpose",
                                "notes", "actor", "at", "recorded_by", "recorded_at"});
    CHECK(j["meetings"][0]["status"] == "held");
    CHECK(j["meetings"][0]["basis"] == "client_consent");
    REQUIRE(j["actions"].size() == 3);
    CHECK(keys_of(j["actions"][0]) == std::set<std::string>{"number", "text", "action", "domain",
                                                            "professional", "partner", "due",
                                                            "status", "overdue", "history"});
    CHECK(j["actions"][0]["overdue"] == true);
    CHECK(j["actions"][0]["due"] == "2026-11-20");
    CHECK(j["actions"][2]["status"] == "done");
    CHECK(j["actions"][2]["overdue"] == false);
    REQUIRE(j["timeline"].size() == 10);
    CHECK(keys_of(j["timeline"][0]) ==
          std::set<std::string>{"id", "at", "actor", "action", "details"});
    CHECK(j["timeline"][2]["action"] == "decided");
    CHECK(j["timeline"][2]["details"]["override"] == true);
  }

  SECTION("after closure and purge") {
    d.at("2026-11-29T10:00:00Z");
    s.close(A, k1, ClosureReason::kGoalsReached, std::nullopt);
    d.at("2026-11-30T10:00:00Z");
    CHECK(s.purge(A, Date{2026, 11, 30}, false) == std::vector<std::string>{k1});
    const CaseReport p = s.report_case(A, k1);
    CHECK(p.purged);
    CHECK(p.state.status == CaseStatus::kClosed);
    CHECK(p.state.closure_reason == std::optional<ClosureReason>(ClosureReason::kGoalsReached));
    CHECK_FALSE(p.referral.summary);
    REQUIRE(p.referral.persons.size() == 2);
    CHECK_FALSE(p.referral.persons[0].name);
    CHECK_FALSE(p.referral.persons[0].birth_year);
    REQUIRE(p.state.decision);
    CHECK(p.state.decision->motivation.empty());
    CHECK(p.actions.size() == 3);  // codes and dates stay
    events.clear();
    for (const auto& e : p.timeline) events.push_back(e.action);
    // the closure cancelled the two actions still open, each with its event
    REQUIRE(events.size() == 14);
    CHECK(events[10] == "action_status");
    CHECK(events[11] == "action_status");
    CHECK(events[12] == "closed");
    CHECK(events[13] == "purged");
    const json j = json_of(p);
    CHECK(j["purged"] == true);
    CHECK(j["closure"]["reason"] == "goals_reached");
    // The statistics stay: K1's referral is counted with its child.
    const auto stats = s.report_region(A, period(Date{2026, 10, 1}, Date{2026, 10, 31}));
    CHECK(num(stats.total) == "1");
    CHECK(num(stats.children) == "1");
    CHECK(cells(stats.closures_by_reason) ==
          "refused=0 goals_reached=1 referred_regular=0 no_cooperation=0 moved=0 other=0");
  }
}

// ---------------------------------------------------------------------------
// Actions

TEST_CASE("actions report sorts overdue first, then by due date, then done and cancelled",
          "[report][actions]") {
  Db d;
  build_main(d);
  auto& s = d.s;
  auto id = [&](const std::string& label, int n) { return d.id[label] + "#" + std::to_string(n); };
  auto as_set = [](const std::vector<std::string>& v, std::size_t from) {
    return std::set<std::string>(v.begin() + static_cast<long>(from), v.end());
  };

  SECTION("a coordinator of ANT sees every ANT action") {
    const auto r = s.report_actions(kCoordAnt, ActionsQuery{});
    CHECK(r.today.to_string() == "2026-11-28");
    const auto ids = row_ids(r);
    REQUIRE(ids.size() == 11);  // X1 1, C1 4, C2 2, C4 1, C8 3
    // Overdue, longest first: X1#1 due 11-01 (27 days), C1#1 11-20 (8), C2#1 11-27 (1).
    CHECK(ids[0] == id("X1", 1));
    CHECK(ids[1] == id("C1", 1));
    CHECK(ids[2] == id("C2", 1));
    // Open and in progress by due date: C1#2 (12-10), then the two without one,
    // by case id (C1 was registered before C4).
    CHECK(std::vector<std::string>(ids.begin() + 3, ids.begin() + 6) ==
          std::vector<std::string>{id("C1", 2), id("C1", 4), id("C4", 1)});
    // Then done and cancelled (C8#3 by C8's closure).
    CHECK(as_set(ids, 6) ==
          std::set<std::string>{id("C1", 3), id("C2", 2), id("C8", 1), id("C8", 2), id("C8", 3)});
    CHECK(r.rows[0].days_overdue == std::optional<std::int64_t>(27));
    CHECK(r.rows[1].days_overdue == std::optional<std::int64_t>(8));
    CHECK(r.rows[2].days_overdue == std::optional<std::int64_t>(1));
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      INFO(ids[i]);
      CHECK(r.rows[i].overdue == (i < 3));
      if (i >= 3) CHECK_FALSE(r.rows[i].days_overdue);
    }
    const ActionRow& x1 = r.rows[0];
    CHECK(x1.region == "ANT");
    CHECK(x1.case_status == CaseStatus::kDirected);
    CHECK(x1.domain == "housing");
    CHECK(x1.professional == "member.pz");
    CHECK(x1.partner == "pz-ant");
    CHECK(x1.due == std::optional<Date>(Date{2026, 11, 1}));
    CHECK(x1.status == ActionStatus::kOpen);
    CHECK(r.rows[3].status == ActionStatus::kInProgress);
  }
  SECTION("a coordinator of two regions sees both, merged by urgency") {
    const auto ids = row_ids(s.report_actions(kCoordVl, ActionsQuery{}));
    REQUIRE(ids.size() == 12);
    // L1#1 due 11-25 (3 days) falls between C1#1 (8) and C2#1 (1).
    CHECK(
        std::vector<std::string>(ids.begin(), ids.begin() + 5) ==
        std::vector<std::string>{id("X1", 1), id("C1", 1), id("L1", 1), id("C2", 1), id("C1", 2)});
  }
  SECTION("--overdue") {
    const auto r = s.report_actions(kCoordVl, ActionsQuery{true, std::nullopt, std::nullopt});
    CHECK(row_ids(r) ==
          std::vector<std::string>{id("X1", 1), id("C1", 1), id("L1", 1), id("C2", 1)});
    std::vector<std::int64_t> days;
    for (const auto& a : r.rows) days.push_back(a.days_overdue.value_or(-1));
    CHECK(days == std::vector<std::int64_t>{27, 8, 3, 1});
    CHECK(row_ids(s.report_actions(kCoordAnt, ActionsQuery{true, std::nullopt, std::nullopt}))
              .size() == 3);
  }
  SECTION("--professional") {
    const auto ids =
        row_ids(s.report_actions(kCoordAnt, ActionsQuery{false, "member.pz", std::nullopt}));
    // Overdue X1#1 (27) and C2#1 (1); C1#2 due 12-10; C8#1 done, C8#2 cancelled, C8#3
    // cancelled by C8's closure.
    REQUIRE(ids.size() == 6);
    CHECK(std::vector<std::string>(ids.begin(), ids.begin() + 3) ==
          std::vector<std::string>{id("X1", 1), id("C2", 1), id("C1", 2)});
    CHECK(as_set(ids, 3) == std::set<std::string>{id("C8", 1), id("C8", 2), id("C8", 3)});
    CHECK(row_ids(s.report_actions(kCoordAnt, ActionsQuery{true, "member.ocmw", std::nullopt})) ==
          std::vector<std::string>{id("C1", 1)});
    CHECK(code_of([&] {
            s.report_actions(kCoordAnt, ActionsQuery{false, "nobody", std::nullopt});
          }) == ErrorCode::kNotFound);
  }
  SECTION("--region") {
    CHECK(row_ids(s.report_actions(kCoordVl, ActionsQuery{false, std::nullopt, "LIM"})) ==
          std::vector<std::string>{id("L1", 1)});
    CHECK(row_ids(s.report_actions(kCoordVl, ActionsQuery{false, std::nullopt, "ant"})).size() ==
          11);
    CHECK(code_of([&] {
            s.report_actions(kCoordAnt, ActionsQuery{false, std::nullopt, "XYZ"});
          }) == ErrorCode::kNotFound);
  }
  SECTION("visibility: a member sees the cases their partner is involved in") {
    // ocmw-ant holds actions of C1, C2 (cancelled) and C4 and attended C4's meeting.
    const auto ids = row_ids(s.report_actions("member.ocmw", ActionsQuery{}));
    REQUIRE(ids.size() == 7);
    CHECK(std::vector<std::string>(ids.begin(), ids.begin() + 3) ==
          std::vector<std::string>{id("C1", 1), id("C2", 1), id("C1", 2)});
    CHECK(std::vector<std::string>(ids.begin() + 3, ids.begin() + 5) ==
          std::vector<std::string>{id("C1", 4), id("C4", 1)});
    CHECK(as_set(ids, 5) == std::set<std::string>{id("C1", 3), id("C2", 2)});
    CHECK(s.report_actions("member.school", ActionsQuery{}).rows.empty());
    // Coordinators see their regions only; the LIM director sees L1.
    for (const auto& a : s.report_actions(kCoordAnt, ActionsQuery{}).rows) CHECK(a.region == "ANT");
    CHECK(row_ids(s.report_actions(kCoordLim, ActionsQuery{})) ==
          std::vector<std::string>{id("L1", 1)});
    CHECK(row_ids(s.report_actions("dir.lim", ActionsQuery{})) ==
          std::vector<std::string>{id("L1", 1)});
  }
  SECTION("its JSON form") {
    const json j = json_of(s.report_actions(kCoordVl, ActionsQuery{true, std::nullopt, "ANT"}));
    CHECK(keys_of(j) ==
          std::set<std::string>{"format_version", "report", "today", "filters", "actions"});
    CHECK(j["report"] == "actions");
    CHECK(j["today"] == "2026-11-28");
    CHECK(j["filters"] == json{{"overdue", true}, {"professional", nullptr}, {"region", "ANT"}});
    REQUIRE(j["actions"].size() == 3);
    CHECK(keys_of(j["actions"][0]) ==
          std::set<std::string>{"case", "region", "case_status", "number", "domain", "professional",
                                "partner", "due", "status", "overdue", "days_overdue"});
    CHECK(j["actions"][0]["case"] == d.id["X1"]);
    CHECK(j["actions"][0]["case_status"] == "directed");
    CHECK(j["actions"][0]["days_overdue"] == 27);
    CHECK(j["actions"][0]["days_overdue"].is_number_integer());
    CHECK(j["actions"][2]["due"] == "2026-11-27");
  }
}

TEST_CASE("a closed case's actions are never overdue, also those a closure left open",
          "[report][actions][region][caseload][case]") {
  // A database from before closures cancelled actions holds closed cases with
  // open actions: the SQL below puts one back the way such a closure left it.
  test::ScratchDir dir("closed-overdue");
  const std::string db = dir.path("ifg.db");
  auto now = std::make_shared<Timestamp>(*parse_timestamp(kNowText));
  ServiceOptions o;
  o.db_path = db;
  o.create = true;
  o.clock = [now] { return *now; };
  Service s(o);
  s.init(config(), std::nullopt);
  const std::string& A = kCoordAnt;
  std::string open_case, closed_case;
  for (auto* id : {&open_case, &closed_case}) {
    *id = s.register_referral(
        A, referral(id == &open_case ? "O" : "K", "ANT", {2026, 11, 2}, Channel::kCaw, 0));
    s.screen(A, *id);
    s.decide(A, *id, true, "Take it on", false);
  }
  s.add_action(A, open_case, "Find housing", "housing", "member.pz", Date{2026, 11, 20});
  s.add_action(A, closed_case, "Debt mediation", "finances", "member.ocmw", Date{2026, 11, 10});
  s.close(A, closed_case, ClosureReason::kNoCooperation, std::nullopt);
  REQUIRE(s.actions(A, closed_case).at(0).status == ActionStatus::kCancelled);
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    SQLite::Statement reopen(raw, "UPDATE actions SET status = 'open' WHERE case_id = ?");
    reopen.bind(1, closed_case);
    REQUIRE(reopen.exec() == 1);
  }
  REQUIRE(s.actions(A, closed_case).at(0).status == ActionStatus::kOpen);

  CHECK_FALSE(s.actions(A, closed_case).at(0).overdue);  // plan list
  CHECK_FALSE(s.report_case(A, closed_case).actions.at(0).overdue);
  CHECK(s.report_case(A, open_case).actions.at(0).overdue);
  ActionsQuery overdue;
  overdue.overdue_only = true;
  const auto only = s.report_actions(A, overdue).rows;
  REQUIRE(only.size() == 1);
  CHECK(only[0].case_id == open_case);
  const auto all = s.report_actions(A, ActionsQuery{}).rows;
  REQUIRE(all.size() == 2);
  for (const auto& r : all) {
    INFO(r.case_id);
    CHECK(r.overdue == (r.case_id == open_case));
    CHECK(r.days_overdue.has_value() == (r.case_id == open_case));
  }
  const auto q = period(Date{2026, 11, 1}, Date{2026, 11, 30});
  const RegionReport region = s.report_region(A, q);
  CHECK(num(region.actions_overdue) == "1");
  std::int64_t caseload_overdue = 0;
  for (const auto& r : s.report_caseload(A, std::nullopt).rows)
    caseload_overdue += r.overdue_actions;
  CHECK(caseload_overdue == 1);
}

TEST_CASE("an action is overdue from the Brussels day after its due date",
          "[report][actions][region]") {
  Db d;
  auto& s = d.s;
  const auto b = d.add("B", referral("B", "ANT", {2026, 11, 2}, Channel::kCaw, 0));
  s.screen(kCoordAnt, b);
  s.decide(kCoordAnt, b, true, "Take it on", false);
  s.add_action(kCoordAnt, b, "Find housing", "housing", "member.pz", Date{2026, 11, 28});
  const auto q = period(Date{2026, 11, 1}, Date{2026, 11, 30});

  d.at("2026-11-28T22:59:00Z");  // 23:59 on the due day in Brussels
  auto r = s.report_actions(kCoordAnt, ActionsQuery{});
  REQUIRE(r.rows.size() == 1);
  CHECK(r.today.to_string() == "2026-11-28");
  CHECK_FALSE(r.rows[0].overdue);
  CHECK_FALSE(r.rows[0].days_overdue);
  CHECK(num(s.report_region(kCoordAnt, q).actions_overdue) == "0");
  CHECK(s.report_caseload(kCoordAnt, std::nullopt).rows.at(0).overdue_actions == 0);

  d.at("2026-11-28T23:00:00Z");  // midnight in Brussels: 2026-11-29
  r = s.report_actions(kCoordAnt, ActionsQuery{});
  CHECK(r.today.to_string() == "2026-11-29");
  CHECK(r.rows[0].overdue);
  CHECK(r.rows[0].days_overdue == std::optional<std::int64_t>(1));
  CHECK(num(s.report_region(kCoordAnt, q).actions_overdue) == "1");
  CHECK(s.report_caseload(kCoordAnt, std::nullopt).rows.at(0).overdue_actions == 1);
  CHECK(s.report_case(kCoordAnt, b).actions.at(0).overdue);

  d.at("2026-12-05T23:00:00Z");  // Brussels 2026-12-06: 8 days after 11-28
  CHECK(s.report_actions(kCoordAnt, ActionsQuery{}).rows[0].days_overdue ==
        std::optional<std::int64_t>(8));

  s.set_action_status(kCoordAnt, b, 1, ActionStatus::kInProgress, std::nullopt);  // still open
  CHECK(s.report_actions(kCoordAnt, ActionsQuery{}).rows[0].overdue);
  s.set_action_status(kCoordAnt, b, 1, ActionStatus::kDone, std::nullopt);  // never overdue
  r = s.report_actions(kCoordAnt, ActionsQuery{});
  CHECK_FALSE(r.rows[0].overdue);
  CHECK_FALSE(r.rows[0].days_overdue);
  CHECK(num(s.report_region(kCoordAnt, q).actions_overdue) == "0");
  CHECK(s.report_actions(kCoordAnt, ActionsQuery{true, std::nullopt, std::nullopt}).rows.empty());
}

// ---------------------------------------------------------------------------
// Caseload

TEST_CASE("caseload counts open cases directed and open actions per professional",
          "[report][caseload]") {
  Db d;
  build_main(d);
  auto& s = d.s;
  // member.pz: X1#1 (overdue, 11-01), C1#2 (in progress, 12-10), C2#1 (overdue, 11-27);
  //   C8#3 was cancelled by C8's closure.
  // member.ocmw: C1#1 (overdue, 11-20), C4#1 (no due); C1#3 done, C2#2 cancelled.
  // dir.ant: directs X1 and C1 (C2 passed to dir.pz); holds C1#4 (no due).
  // dir.pz: directs C2 (C8 is closed); holds nothing open.
  // Most overdue first, then most open actions, then most directed cases.
  const std::string ant =
      "member.pz(pz-ant) directed=0 open=3 overdue=2 oldest=2026-11-01\n"
      "member.ocmw(ocmw-ant) directed=0 open=2 overdue=1 oldest=2026-11-20\n"
      "dir.ant(caw-ant) directed=2 open=1 overdue=0 oldest=-\n"
      "dir.pz(pz-ant) directed=1 open=0 overdue=0 oldest=-\n";
  SECTION("a coordinator sees the professionals of their region") {
    const auto r = s.report_caseload(kCoordAnt, std::nullopt);
    CHECK(caseload_text(r) == ant);
    CHECK(r.today.to_string() == "2026-11-28");
    CHECK(caseload_text(s.report_caseload(kCoordAnt, std::string("ANT"))) == ant);
    CHECK(s.report_caseload(kCoordAnt, std::string("ant")).region ==
          std::optional<std::string>("ANT"));
  }
  SECTION("a coordinator of two regions; a region filter") {
    // dir.lim directs L1 and holds L1#1 (overdue, 11-25): one overdue like member.ocmw,
    // but one open action against two.
    CHECK(caseload_text(s.report_caseload(kCoordVl, std::nullopt)) ==
          "member.pz(pz-ant) directed=0 open=3 overdue=2 oldest=2026-11-01\n"
          "member.ocmw(ocmw-ant) directed=0 open=2 overdue=1 oldest=2026-11-20\n"
          "dir.lim(caw-lim) directed=1 open=1 overdue=1 oldest=2026-11-25\n"
          "dir.ant(caw-ant) directed=2 open=1 overdue=0 oldest=-\n"
          "dir.pz(pz-ant) directed=1 open=0 overdue=0 oldest=-\n");
    const auto lim = s.report_caseload(kCoordVl, std::string("LIM"));
    CHECK(lim.region == std::optional<std::string>("LIM"));
    CHECK(caseload_text(lim) == "dir.lim(caw-lim) directed=1 open=1 overdue=1 oldest=2026-11-25\n");
    CHECK(caseload_text(s.report_caseload(kCoordLim, std::nullopt)) ==
          "dir.lim(caw-lim) directed=1 open=1 overdue=1 oldest=2026-11-25\n");
  }
  SECTION("a coordinator asking a region they do not coordinate; an unknown region") {
    CHECK(code_of([&] { s.report_caseload(kCoordAnt, std::string("LIM")); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_caseload(kCoordLim, std::string("ANT")); }) ==
          ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.report_caseload(kCoordAnt, std::string("XYZ")); }) ==
          ErrorCode::kNotFound);
  }
  SECTION("others see their own line only") {
    CHECK(caseload_text(s.report_caseload("member.pz", std::nullopt)) ==
          "member.pz(pz-ant) directed=0 open=3 overdue=2 oldest=2026-11-01\n");
    CHECK(caseload_text(s.report_caseload("member.ocmw", std::nullopt)) ==
          "member.ocmw(ocmw-ant) directed=0 open=2 overdue=1 oldest=2026-11-20\n");
    CHECK(caseload_text(s.report_caseload("dir.ant", std::nullopt)) ==
          "dir.ant(caw-ant) directed=2 open=1 overdue=0 oldest=-\n");
    CHECK(caseload_text(s.report_caseload("dir.pz", std::nullopt)) ==
          "dir.pz(pz-ant) directed=1 open=0 overdue=0 oldest=-\n");
    CHECK(caseload_text(s.report_caseload("dir.lim", std::nullopt)) ==
          "dir.lim(caw-lim) directed=1 open=1 overdue=1 oldest=2026-11-25\n");
    CHECK(s.report_caseload("member.school", std::nullopt).rows.empty());  // no work
  }
  SECTION("closing a case takes its direction and actions off the caseload") {
    s.close(kCoordAnt, d.id["C2"], ClosureReason::kMoved, std::nullopt);
    // member.pz loses C2#1 (overdue); dir.pz directs nothing open and holds nothing,
    // so has no line. member.pz and member.ocmw now tie on overdue (1), open (2) and
    // directed (0): the oldest due date decides, 11-01 before 11-20.
    CHECK(caseload_text(s.report_caseload(kCoordAnt, std::nullopt)) ==
          "member.pz(pz-ant) directed=0 open=2 overdue=1 oldest=2026-11-01\n"
          "member.ocmw(ocmw-ant) directed=0 open=2 overdue=1 oldest=2026-11-20\n"
          "dir.ant(caw-ant) directed=2 open=1 overdue=0 oldest=-\n");
  }
  SECTION("its JSON form") {
    const json j = json_of(s.report_caseload(kCoordAnt, std::nullopt));
    CHECK(keys_of(j) ==
          std::set<std::string>{"format_version", "report", "region", "today", "professionals"});
    CHECK(j["report"] == "caseload");
    CHECK(j["region"].is_null());
    REQUIRE(j["professionals"].size() == 4);
    CHECK(keys_of(j["professionals"][0]) ==
          std::set<std::string>{"professional", "partner", "directed_cases", "open_actions",
                                "overdue_actions", "oldest_due", "active"});
    CHECK(j["professionals"][0] == json{{"professional", "member.pz"},
                                        {"partner", "pz-ant"},
                                        {"directed_cases", 0},
                                        {"open_actions", 3},
                                        {"overdue_actions", 2},
                                        {"oldest_due", "2026-11-01"},
                                        {"active", true}});
    CHECK(j["professionals"][3]["oldest_due"].is_null());
  }
}

// ---------------------------------------------------------------------------
// Rendering the regional statistics

TEST_CASE("region report JSON has exactly the documented keys and the hand counts",
          "[report][region][render]") {
  Db d;
  build_main(d);
  const json j = json_of(d.s.report_region(kCoordAnt, kMainPeriod));
  // The hand counts of "region report counts every cell of a hand-built period".
  const std::map<std::string, json> expected{
      {"format_version", 1},
      {"report", "region"},
      {"region", "ANT"},
      {"regions", json::array({"ANT"})},
      {"period.from", "2026-03-01"},
      {"period.to", "2026-05-31"},
      {"today", "2026-11-28"},
      {"min_cell", 0},
      {"referrals.total", 10},
      {"referrals.repeat", 0},  // every victim a person of their own: "Person C1." ...
      {"referrals.by_outcome.eligible", 5},
      {"referrals.by_outcome.incomplete", 1},
      {"referrals.by_outcome.not_eligible", 1},
      {"referrals.by_outcome.inadmissible", 2},
      {"referrals.by_outcome.not_screened", 1},
      {"referrals.by_channel.vk", 1},
      {"referrals.by_channel.caw", 4},
      {"referrals.by_channel.opgroeien", 1},
      {"referrals.by_channel.ggz", 1},
      {"referrals.by_channel.justitiehuis", 0},
      {"referrals.by_channel.politie", 1},
      {"referrals.by_channel.parket", 0},
      {"referrals.by_channel.none", 1},
      {"referrals.by_channel.unknown", 1},
      {"referrals.by_month.2026-03", 2},
      {"referrals.by_month.2026-04", 4},
      {"referrals.by_month.2026-05", 4},
      {"decisions.accepted", 5},
      {"decisions.refused", 2},
      {"decisions.overridden", 1},
      {"decisions.acceptance_rate", 0.7143},  // 5/7 to four decimals
      {"open_cases.by_status.registered", 1},
      {"open_cases.by_status.screened", 1},
      {"open_cases.by_status.accepted", 1},
      {"open_cases.by_status.analysis", 1},
      {"open_cases.by_status.directed", 1},
      {"open_cases.by_status.active", 1},
      {"actions.by_status.open", 4},
      {"actions.by_status.in_progress", 1},
      {"actions.by_status.done", 2},
      {"actions.by_status.cancelled", 3},
      {"actions.overdue", 2},
      {"actions.by_domain.housing", 3},
      {"actions.by_domain.finances", 1},
      {"actions.by_domain.social", 1},
      {"actions.by_domain.mental", 1},
      {"actions.by_domain.physical", 0},
      {"actions.by_domain.substance_use", 0},
      {"actions.by_domain.parenting", 1},
      {"actions.by_domain.justice", 1},
      {"actions.by_domain.work_education", 1},
      {"actions.by_domain.school", 1},
      {"actions.by_domain.daycare", 0},
      {"closures.by_reason.refused", 2},
      {"closures.by_reason.goals_reached", 1},
      {"closures.by_reason.referred_regular", 0},
      {"closures.by_reason.no_cooperation", 0},
      {"closures.by_reason.moved", 0},
      {"closures.by_reason.other", 1},
      {"median_days.referral_to_decision", 5.0},
      {"median_days.accepted_to_director", 6.0},
      {"children", 9},
      {"persons.victims", 10},
      {"persons.children", 9},  // the children have no name: each a person of their own
      {"risk.high_at_intake", 0},
      // The hand counts of "region report counts the activity of the period's days".
      {"activity.decisions.accepted", 6},
      {"activity.decisions.refused", 2},
      {"activity.decisions.overridden", 1},
      {"activity.meetings_held", 2},
      {"activity.directors_assigned", 5},
      {"activity.plans_activated", 1},
      {"activity.closures.by_reason.refused", 2},
      {"activity.closures.by_reason.goals_reached", 0},
      {"activity.closures.by_reason.referred_regular", 0},
      {"activity.closures.by_reason.no_cooperation", 0},
      {"activity.closures.by_reason.moved", 0},
      {"activity.closures.by_reason.other", 1},
      {"activity.reopenings", 0},
      {"activity.transfers.out", 0},
      {"activity.transfers.in", 0},
      {"activity.monitoring_contacts", 0},
      {"activity.median_days.accepted_to_closure", nullptr},
      {"suppressed", json::array()},
  };
  const auto actual = leaves(j);
  std::set<std::string> expected_keys, actual_keys;
  for (const auto& [k, v] : expected) expected_keys.insert(k);
  for (const auto& [k, v] : actual) actual_keys.insert(k);
  CHECK(actual_keys == expected_keys);
  for (const auto& [key, want] : expected) {
    INFO("key " << key);
    REQUIRE(actual.count(key) == 1);
    const json& got = actual.at(key);
    if (want.is_number_integer()) {
      CHECK(got.is_number_integer());
      CHECK(got == want);
    } else if (want.is_number_float()) {
      REQUIRE(got.is_number());
      CHECK(got.get<double>() == Approx(want.get<double>()));
    } else {
      CHECK(got == want);
    }
  }
  // The order of the object keys is the report order.
  std::ostringstream text;
  write_report(text, d.s.report_region(kCoordAnt, kMainPeriod), ReportFormat::kJson);
  const auto ordered = nlohmann::ordered_json::parse(text.str());
  std::vector<std::string> order;
  for (const auto& [k, v] : ordered.items()) order.push_back(k);
  CHECK(joined(order) ==
        "format_version report region regions period today min_cell referrals decisions "
        "open_cases actions "
        "closures median_days children persons risk activity suppressed");
  order.clear();
  for (const auto& [k, v] : ordered["actions"]["by_domain"].items()) order.push_back(k);
  CHECK(joined(order) ==
        "housing finances social mental physical substance_use parenting justice work_education "
        "school daycare");
}

TEST_CASE("region report JSON shows suppressed cells and missing medians as null",
          "[report][region][render][suppression]") {
  Db d;
  build_small(d);
  const json j =
      json_of(d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 3)));
  CHECK(j["min_cell"] == 3);
  CHECK(j["referrals"]["total"] == 10);
  CHECK(j["referrals"]["by_outcome"]["eligible"] == 3);
  CHECK(j["referrals"]["by_outcome"]["eligible"].is_number_integer());
  CHECK(j["referrals"]["by_outcome"]["incomplete"].is_null());
  CHECK(j["referrals"]["by_outcome"]["inadmissible"] == 0);
  CHECK(j["referrals"]["by_channel"]["politie"].is_null());
  CHECK(j["decisions"]["accepted"].is_null());
  CHECK(j["decisions"]["refused"].is_null());
  CHECK(j["decisions"]["overridden"].is_null());
  CHECK(j["decisions"]["acceptance_rate"].is_null());
  CHECK(j["actions"]["overdue"].is_null());
  CHECK(j["median_days"]["referral_to_decision"] == 3.0);
  CHECK(j["median_days"]["accepted_to_director"].is_null());
  CHECK(j["children"].is_null());
  const auto listed = j["suppressed"].get<std::vector<std::string>>();
  // 16 counts and medians, and the rate they hide; the distinct children; then 5 of the activity
  CHECK(listed.size() == 23);
  CHECK(listed.front() == "referrals.by_outcome.incomplete");
  CHECK(listed[16] == "children");
  CHECK(listed.back() == "activity.closures.by_reason.refused");
  CHECK(j["activity"]["decisions"]["accepted"].is_null());
  CHECK(j["activity"]["meetings_held"] == 0);
  // Every count is an integer or null; nothing else.
  for (const auto& [key, value] : leaves(j)) {
    if (key.rfind("referrals.", 0) == 0 || key.rfind("open_cases.", 0) == 0 ||
        key.rfind("actions.", 0) == 0 || key.rfind("closures.", 0) == 0 || key == "children") {
      INFO("key " << key);
      CHECK((value.is_null() || value.is_number_integer()));
    }
  }
  // With no data, the medians and the rate are null and not listed as suppressed.
  const json empty =
      json_of(d.s.report_region(kCoordAnt, period(Date{2020, 1, 1}, Date{2020, 1, 31}, 3)));
  CHECK(empty["median_days"]["referral_to_decision"].is_null());
  CHECK(empty["median_days"]["accepted_to_director"].is_null());
  CHECK(empty["decisions"]["acceptance_rate"].is_null());
  CHECK(empty["suppressed"] == json::array());
  CHECK(empty["referrals"]["total"] == 0);
}

TEST_CASE("region report CSV parses back to the numbers of the JSON", "[report][region][render]") {
  SECTION("the main period") {
    Db d;
    build_main(d);
    const auto r = d.s.report_region(kCoordAnt, kMainPeriod);
    check_csv_matches_json(r);
    const auto csv = parse_region_csv(render(r, ReportFormat::kCsv));
    CHECK(csv.at("referrals.total") == std::make_pair(std::string("10"), false));
    CHECK(csv.at("referrals.by_month.2026-04") == std::make_pair(std::string("4"), false));
    CHECK(std::stod(csv.at("median_days.referral_to_decision").first) == 5.0);
    CHECK(std::stod(csv.at("decisions.acceptance_rate").first) == Approx(0.7143));
  }
  SECTION("two regions, open-ended, with even medians") {
    Db d;
    build_main(d);
    const auto r = d.s.report_region(kCoordVl, RegionReportQuery{});
    check_csv_matches_json(r);
    const auto csv = parse_region_csv(render(r, ReportFormat::kCsv));
    CHECK(csv.at("region").first.empty());
    CHECK(csv.at("period.from").first.empty());
  }
  SECTION("suppressed cells") {
    Db d;
    build_small(d);
    const auto r = d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 3));
    check_csv_matches_json(r);
    const auto csv = parse_region_csv(render(r, ReportFormat::kCsv));
    CHECK(csv.at("referrals.by_outcome.incomplete") == std::make_pair(std::string(), true));
    CHECK(csv.at("referrals.by_outcome.eligible") == std::make_pair(std::string("3"), false));
    CHECK(csv.at("referrals.by_outcome.inadmissible") == std::make_pair(std::string("0"), false));
    CHECK(csv.at("median_days.accepted_to_director") == std::make_pair(std::string(), true));
    CHECK(csv.at("children") == std::make_pair(std::string(), true));
    CHECK(csv.at("min_cell").first == "3");
  }
}

TEST_CASE("region report text shows suppressed counts as less than min_cell",
          "[report][region][render][suppression]") {
  Db d;
  build_small(d);
  const std::string text =
      render(d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 3)),
             ReportFormat::kText);
  auto line = [&](const std::string& label, const std::string& value) {
    INFO(label << " -> " << value << "\n" << text);
    CHECK(std::regex_search(text, std::regex("(^|\n)" + label + " +" + value + "\n")));
  };
  line("incomplete", "<3");
  line("not_eligible", "<3");
  line("eligible", "3");
  line("inadmissible", "0");
  line("vk", "<3");
  line("politie", "<3");
  line("caw", "5");
  line("finances", "<3");
  line("housing", "5");
  line("children involved", "<3");
  line("accepted with override", "<3");
  line("overdue actions", "<3");
  line("median days referral to decision", "3");
  line("median days accepted to director", "suppressed");
  line("referrals", "10");
  // Without suppression nothing is shown as "<N" and missing medians say so.
  const std::string plain =
      render(d.s.report_region(kCoordAnt, period(Date{2020, 1, 1}, Date{2020, 1, 31})),
             ReportFormat::kText);
  CHECK(plain.find('<') == std::string::npos);
  CHECK(std::regex_search(plain, std::regex("\nmedian days referral to decision +no data\n")));
}

TEST_CASE("region report Markdown has a pipe table per table", "[report][region][render]") {
  Db d;
  build_small(d);
  const std::string md =
      render(d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 3)),
             ReportFormat::kMarkdown);
  std::vector<std::string> lines;
  {
    std::istringstream in(md);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  std::vector<std::string> titles;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("## ", 0) != 0) continue;
    titles.push_back(lines[i].substr(3));
    INFO("table " << lines[i]);
    // A blank line, the header row, the alignment row, then at least one row.
    REQUIRE(i + 4 < lines.size());
    CHECK(lines[i + 1].empty());
    CHECK(std::regex_match(lines[i + 2], std::regex("\\|( [^|]+ \\|)+")));
    CHECK(std::regex_match(lines[i + 3], std::regex("\\|( -{3,}:? \\|)+")));
    CHECK(lines[i + 4].rfind("| ", 0) == 0);
  }
  CHECK(titles ==
        std::vector<std::string>{"Summary", "Referrals by outcome", "Referrals by channel",
                                 "Referrals by month", "Open cases by status", "Actions by status",
                                 "Actions by life domain", "Closures by reason",
                                 "Activity in the period", "Closures in the period by reason"});
  CHECK(md.find("| incomplete | \\<3 |") != std::string::npos);
  CHECK(md.find("| eligible | 3 |") != std::string::npos);
  CHECK(md.find("| children involved | \\<3 |") != std::string::npos);
}

TEST_CASE("region report counts decision days across the summer-time switches",
          "[report][region]") {
  Db d;
  auto& s = d.s;
  struct Probe {
    const char* label;
    Date received;
    const char* decided;  // UTC
    const char* days;     // to the Brussels day of `decided`
  };
  const std::vector<Probe> probes{
      // Saturday before the spring switch, still CET: 23:30 on 03-28.
      {"D1", {2026, 3, 20}, "2026-03-28T22:30:00Z", "8"},
      // Sunday of the switch (01:00Z), now CEST: 00:30 on 03-30.
      {"D2", {2026, 3, 21}, "2026-03-29T22:30:00Z", "9"},
      // Saturday before the autumn switch, still CEST: 00:30 on 10-25.
      {"D3", {2026, 10, 20}, "2026-10-24T22:30:00Z", "5"},
      // Sunday of the switch (01:00Z), now CET: 23:30 on 10-25.
      {"D4", {2026, 10, 21}, "2026-10-25T22:30:00Z", "4"},
  };
  for (const auto& p : probes) {
    const auto id = d.add(p.label, referral(p.label, "ANT", p.received, Channel::kCaw, 0));
    s.screen(kCoordAnt, id);
    d.at(p.decided);
    s.decide(kCoordAnt, id, true, "Take it on", false);
  }
  d.at(kNowText);
  for (const auto& p : probes) {
    INFO(p.label << " decided " << p.decided);
    const auto r = s.report_region(kCoordAnt, period(p.received, p.received));
    CHECK(num(r.total) == "1");
    CHECK(real(r.median_referral_to_decision) == p.days);
  }
}

TEST_CASE("region report lists a withheld acceptance rate as suppressed",
          "[report][region][render][suppression]") {
  // When accepted or refused is suppressed the rate is hidden too, and listed
  // as such, so the CSV and the text say "suppressed", not "no data" (a bug
  // this test found: the key was not listed).
  Db d;
  build_small(d);
  const auto r = d.s.report_region(kCoordAnt, period(Date{2025, 1, 1}, Date{2025, 3, 31}, 3));
  REQUIRE_FALSE(r.accepted);  // 4 accepted, hidden by the secondary rule
  REQUIRE_FALSE(r.refused);   // 1 refused, primary
  CHECK(std::find(r.suppressed.begin(), r.suppressed.end(), "decisions.acceptance_rate") !=
        r.suppressed.end());
  const std::string text = render(r, ReportFormat::kText);
  CHECK(std::regex_search(text, std::regex("\nacceptance rate +suppressed\n")));
  const auto csv = parse_region_csv(render(r, ReportFormat::kCsv));
  CHECK(csv.at("decisions.acceptance_rate") == std::make_pair(std::string(), true));
}

TEST_CASE("region report lists a life domain a later configuration dropped after the extras",
          "[report][region]") {
  Db d;
  build_main(d);
  // Load the configuration again without the extra domain `school` (C1#4 holds it).
  Config c = config();
  c.screening.extra_life_domains = {"daycare"};
  d.s.init(c, kCoordAnt);
  const auto r = d.s.report_region(kCoordAnt, kMainPeriod);
  CHECK(cells(r.actions_by_domain) ==
        "housing=3 finances=1 social=1 mental=1 physical=0 substance_use=0 parenting=1 "
        "justice=1 work_education=1 daycare=0 school=1");
}

// ---------------------------------------------------------------------------
// The case register

namespace {

std::vector<std::string> labels(const Db& d, const CaseList& l) {
  std::map<std::string, std::string> by_id;
  for (const auto& [label, id] : d.id) by_id[id] = label;
  std::vector<std::string> out;
  for (const auto& r : l.rows) out.push_back(by_id.at(r.case_id));
  return out;
}

CaseQuery waiting(Waiting w) {
  CaseQuery q;
  q.waiting = w;
  return q;
}

}  // namespace

TEST_CASE("the register lists each step that waits, oldest referral first", "[register]") {
  Db d;
  build_main(d);
  auto& s = d.s;
  using V = std::vector<std::string>;
  CHECK(labels(d, s.case_list(kCoordAnt, waiting(Waiting::kDecision))) == V{"C3", "X2"});
  CHECK(labels(d, s.case_list(kCoordAnt, waiting(Waiting::kDirector))) == V{"C4", "C10"});
  CHECK(labels(d, s.case_list(kCoordAnt, waiting(Waiting::kPlan))) == V{"C10"});
  // C1 and C4 had their meeting; the other accepted cases had none.
  CHECK(labels(d, s.case_list(kCoordAnt, waiting(Waiting::kMeeting))) == V{"X1", "C2", "C10"});
  CHECK(labels(d, s.case_list(kCoordAnt, waiting(Waiting::kActivation))) == V{"X1", "C2"});
  CaseQuery overdue;
  overdue.overdue = true;
  CHECK(labels(d, s.case_list(kCoordAnt, overdue)) == V{"X1", "C1", "C2"});
  CHECK(labels(d, s.case_list(kCoordVl, overdue)) == V{"X1", "C1", "C2", "L1"});
  CaseQuery directed;
  directed.director = "dir.ant";
  CHECK(labels(d, s.case_list(kCoordAnt, directed)) == V{"X1", "C1"});
}

TEST_CASE("a register row counts open and overdue actions and the days open", "[register]") {
  Db d;
  build_main(d);
  CaseQuery q;
  q.statuses = {CaseStatus::kActive, CaseStatus::kRegistered};
  const auto l = d.s.case_list(kCoordAnt, q);
  REQUIRE(labels(d, l) == std::vector<std::string>{"C1", "C7"});
  const auto& c1 = l.rows[0];
  CHECK(c1.director == std::optional<std::string>("dir.ant"));
  CHECK(c1.open_actions == 3);  // a1 open, a2 in progress, a4 open; a3 done
  CHECK(c1.overdue_actions == 1);
  CHECK(c1.next_due == std::optional<Date>(Date{2026, 11, 20}));
  CHECK(c1.days_open == 272);  // 2026-03-01 to 2026-11-28
  const auto& c7 = l.rows[1];
  CHECK(c7.days_open == 181);  // 2026-05-31 to 2026-11-28
  CHECK_FALSE(c7.director);
  CHECK(c7.open_actions == 0);
}

TEST_CASE("a case is stale from the Brussels day its last change is old enough", "[register]") {
  Db d;
  build_main(d);  // every entry at 2026-11-28T10:00Z: the trail's clock never runs back
  CaseQuery q;
  q.received_from = q.received_to = Date{2026, 5, 31};  // C7
  d.at("2027-04-27T22:30:00Z");                         // 2027-04-28 00:30 in Brussels (CEST)
  d.s.screen(kCoordAnt, d.id.at("C7"));
  d.at("2027-05-28T10:00:00Z");  // 30 days after 04-28, 31 after 04-27
  const auto l = d.s.case_list(kCoordAnt, q);
  REQUIRE(l.rows.size() == 1);
  CHECK(l.rows[0].last_activity == "2027-04-27T22:30:00Z");
  q.stale_days = 30;
  CHECK(d.s.case_list(kCoordAnt, q).rows.size() == 1);
  q.stale_days = 31;
  CHECK(d.s.case_list(kCoordAnt, q).rows.empty());
  // The other cases last changed on 2026-11-28, 181 days before 2027-05-28.
  q = CaseQuery{};
  q.stale_days = 181;
  CHECK(d.s.case_list(kCoordAnt, q).rows.size() == 11);
  q.stale_days = 182;
  CHECK(d.s.case_list(kCoordAnt, q).rows.empty());
}

TEST_CASE("the register shows only the cases one may know about", "[register][access]") {
  Db d;
  build_main(d);
  auto& s = d.s;
  CaseQuery lim;
  lim.region = "LIM";
  CHECK(s.case_list(kCoordAnt, lim).rows.empty());
  CHECK(labels(d, s.case_list(kCoordLim, lim)) == std::vector<std::string>{"L1"});
  CHECK(s.case_list(kCoordAnt, CaseQuery{}).rows.size() == 12);  // every ANT case
  CHECK(labels(d, s.case_list("dir.lim", CaseQuery{})) == std::vector<std::string>{"L1"});
  CHECK(code_of([&] { s.case_list("analyst.ant", CaseQuery{}); }) == ErrorCode::kAccessDenied);
  CHECK(code_of([&] { s.case_list(std::nullopt, CaseQuery{}); }) == ErrorCode::kAccessDenied);
  CaseQuery unknown;
  unknown.holder = "nobody";
  CHECK(code_of([&] { s.case_list(kCoordAnt, unknown); }) == ErrorCode::kNotFound);
}
