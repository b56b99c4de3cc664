// SPDX-License-Identifier: EUPL-1.2
// The case workflow after screening: decision, meetings, action plan, case
// director, closure, involvement and the timeline (docs/workflow.md, the
// lifecycle table). Each operation checks the actor, reads the case under the
// write lock, asks the access policy, refuses what the case's status does not
// allow, and writes its change, its involvement and its event in one transaction.
#include <algorithm>
#include <initializer_list>

#include "i18n.h"
#include "ifg/service.h"
#include "service_impl.h"
#include "workflow_rules.h"

namespace ifg {

namespace detail {

void require_status(const CaseRow& row, std::initializer_list<CaseStatus> allowed, const char* rule,
                    const char* needs) {
  if (std::find(allowed.begin(), allowed.end(), row.status) != allowed.end()) return;
  const std::string what = fmt::format(fmt::runtime(tr(rule)), needs ? tr(needs) : "");
  throw Error(ErrorCode::kRefused,
              row.status == CaseStatus::kClosed
                  ? trf("case {} is {}: {}; a closed case accepts nothing but reads", row.id,
                        row.status, what)
                  : trf("case {} is {}: {}", row.id, row.status, what));
}

Professional case_professional(Store& st, const CaseRow& row, const std::string& id,
                               const char* as_what) {
  auto pro = st.professional(id);
  if (!pro)
    throw Error(ErrorCode::kNotFound,
                trf("{} is not configured", detail::named(N_("professional"), id)),
                Hint::kListProfessionals);
  auto refuse = [&](const std::string& why) {
    throw Error(ErrorCode::kRefused,
                trf("professional {} cannot be {} of case {}: {}", id, tr(as_what), row.id, why));
  };
  if (!pro->active) refuse(tr("they are inactive"));
  auto partner = st.partner(pro->partner);
  const detail::Actor who{*pro, partner ? partner->regions : std::vector<std::string>{}};
  if (who.analyst_only()) refuse(tr("they are an analyst (aggregate reports only)"));
  if (!who.serves(row.region))
    refuse(trf("their partner {} does not serve region {}", pro->partner, row.region));
  return *pro;
}

void check_case_date(const CaseRow& row, Date date, Date today, int days_ahead, const char* what) {
  const auto received = Date::parse(row.received);
  if (received && date < *received)
    throw Error(ErrorCode::kInvalidInput,
                trf("case {}: the {} {} lies before the referral was received ({}); check the "
                    "date",
                    row.id, tr(what), date, *received));
  const Date last = Date::from_days_since_epoch(today.days_since_epoch() + days_ahead);
  if (date > last)
    throw Error(ErrorCode::kInvalidInput,
                trf("case {}: the {} {} lies after {}, {} days after today; check the date", row.id,
                    tr(what), date, last, days_ahead));
}

/// The note of an action cancelled because its case was closed: stored, so
/// never translated.
constexpr std::string_view kCancelledAtClosure = "cancelled at closure of the case";

int cancel_open_actions(Store& st, const CaseRow& row, const std::string& actor,
                        const std::string& at) {
  int cancelled = 0;
  for (const Action& a : st.actions(row.id)) {
    if (a.status != ActionStatus::kOpen && a.status != ActionStatus::kInProgress) continue;
    const std::string from(to_string(a.status)), to(to_string(ActionStatus::kCancelled));
    st.set_action_status(row.id, a.number, ActionStatus::kCancelled);
    st.insert_action_change(row.id, a.number,
                            {at, actor, "status", from, to, std::string(kCancelledAtClosure)});
    st.audit().append(
        row.id, at, actor, "action_status",
        json{{"action", a.number}, {"from", from}, {"to", to}, {"case_closed", true}}.dump());
    ++cancelled;
  }
  return cancelled;
}

}  // namespace detail

namespace {

using detail::case_professional;
using detail::CaseRow;
using detail::check_case_date;
using detail::json;
using detail::kInChain;
using detail::Operation;
using detail::require_status;

/// The rules of the team's decision on `row`, before anything is stored. An
/// `inadmissible` case (a citizen's referral) is never accepted (docs/workflow.md,
/// "Override").
void check_decision(const CaseRow& row, bool accept, bool override_outcome) {
  if (row.status == CaseStatus::kRegistered)
    throw Error(ErrorCode::kRefused,
                trf("case {} is registered: the team decides on a screened case", row.id),
                Hint::kScreenCase, row.id);
  require_status(row, {CaseStatus::kScreened}, N_("the team decides once, on {}"),
                 N_("a screened case, and has decided on this one"));
  if (override_outcome && !accept)
    throw Error(ErrorCode::kRefused,
                trf("case {}: the override goes only with accepting (it records that the team "
                    "accepts a case its screening did not find eligible)",
                    row.id),
                Hint::kOverrideAccepts);
  if (accept && row.outcome == Outcome::kInadmissible)
    throw Error(ErrorCode::kRefused,
                trf("case {} was screened inadmissible, a citizen's referral: the chain approach "
                    "does not take it in, not even with the override; the citizen is pointed to "
                    "1712, and refusing the case closes it",
                    row.id),
                Hint::kRefuseCase, row.id);
  const bool eligible = row.outcome == Outcome::kEligible;
  if (accept && !eligible && !override_outcome)
    throw Error(ErrorCode::kRefused,
                trf("case {} was screened {}, not eligible: accepting it needs the override, with "
                    "a motivation saying why the team takes it into the chain",
                    row.id, row.outcome ? to_string(*row.outcome) : "?"),
                Hint::kOverride);
  if (accept && eligible && override_outcome)
    throw Error(ErrorCode::kRefused,
                trf("case {} was screened eligible: the override does not belong here", row.id),
                Hint::kNoOverride);
}

Action& find_action(std::vector<Action>& actions, const std::string& case_id, int number) {
  for (auto& a : actions)
    if (a.number == number) return a;
  throw Error(ErrorCode::kNotFound, trf("case {} has no action {}", case_id, number),
              Hint::kListActions, case_id);
}

/// Who holds action `number`, if the case has it.
std::optional<std::string> holder_of(const std::vector<Action>& list, int number) {
  for (const auto& x : list)
    if (x.number == number) return x.professional;
  return std::nullopt;
}

/// Meeting `number` of `list`, planned and dated on or before `today`.
Meeting planned_meeting(const std::vector<Meeting>& list, const std::string& case_id, int number,
                        Date today) {
  for (const auto& m : list) {
    if (m.number != number) continue;
    if (m.status == MeetingStatus::kHeld)
      throw Error(ErrorCode::kRefused,
                  trf("meeting {} of case {} is already held", number, case_id));
    if (m.date > today)
      throw Error(ErrorCode::kRefused,
                  trf("meeting {} of case {} is planned for {}, after today: it is recorded as "
                      "held on or after its date (a meeting held on another day is added with "
                      "that date)",
                      number, case_id, m.date));
    return m;
  }
  throw Error(ErrorCode::kNotFound, trf("case {} has no meeting {}", case_id, number),
              Hint::kListMeetings, case_id);
}

/// A monitoring date lies after today and at most kDueDaysAhead days ahead.
void check_monitor_date(const CaseRow& row, Date until, Date today) {
  const Date last = Date::from_days_since_epoch(today.days_since_epoch() + kDueDaysAhead);
  if (until <= today || until > last)
    throw Error(ErrorCode::kInvalidInput,
                trf("case {}: the monitoring date {} must lie after today ({}) and at most {} "
                    "days ahead; check the date",
                    row.id, until, today, kDueDaysAhead));
}

/// Refuses to start the plan of case `row` without a held meeting dated on or
/// after the day it was last reopened (any held meeting when never reopened).
void require_held_meeting(detail::Store& st, const CaseRow& row) {
  const auto reopened = st.reopened_at(row.id);
  const auto reopened_time = reopened ? parse_timestamp(*reopened) : std::nullopt;
  const Date since = reopened_time ? brussels_date(*reopened_time) : Date{};
  for (const Meeting& m : st.meetings(row.id))
    if (m.status == MeetingStatus::kHeld && !(m.date < since)) return;
  throw Error(ErrorCode::kRefused,
              reopened ? trf("case {} has no case meeting held since it was reopened on {}: the "
                             "partners analyse the case together before the plan of approach "
                             "starts",
                             row.id, since)
                       : trf("case {} has no case meeting held: the partners analyse the case "
                             "together before the plan of approach starts",
                             row.id),
              Hint::kAddMeeting, row.id);
}

std::string outcome_code(const CaseRow& row) {
  return row.outcome ? std::string(to_string(*row.outcome)) : "?";
}

}  // namespace

CaseStatus Service::decide(const std::optional<std::string>& actor, const std::string& case_id,
                           bool accept, const std::string& motivation, bool override_outcome) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kDecide, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kDecide);
    impl_->require(who, Operation::kDecide, row);
    check_decision(row, accept, override_outcome);
    detail::check_text(motivation, row.id, N_("motivation"), true);
    const std::string at = impl_->now_text();
    st.insert_decision(row.id, {accept, motivation, override_outcome, who.pro.id, at});
    if (accept) st.set_status(row.id, CaseStatus::kAccepted);  // before the entry that records it
    st.audit().append(
        row.id, at, who.pro.id, "decided",
        json{{"accepted", accept}, {"override", override_outcome}, {"outcome", outcome_code(row)}}
            .dump());
    if (!accept) {
      st.close_case(row.id, ClosureReason::kRefused, std::nullopt, at);
      st.audit().append(row.id, at, who.pro.id, "closed", json{{"reason", "refused"}}.dump());
    }
    tx.commit();
    return accept ? CaseStatus::kAccepted : CaseStatus::kClosed;
  });
}

int Service::add_meeting(const std::optional<std::string>& actor, const std::string& case_id,
                         const MeetingInput& meeting) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kMeetingAdd, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kMeetingAdd);
    impl_->require(who, Operation::kMeetingAdd, row);
    require_status(row, kInChain, N_("meetings are added only to {}"));
    check_case_date(row, meeting.date, impl_->today(), kMeetingDaysAhead, N_("meeting date"));
    detail::check_text(meeting.purpose, row.id, N_("purpose"), true);
    detail::check_text(meeting.notes, row.id, N_("notes"), false);
    if (meeting.attendees.empty())
      throw Error(ErrorCode::kRefused,
                  trf("case {}: a case meeting needs at least one attendee", row.id));
    std::vector<std::string> partners;
    for (const auto& id : meeting.attendees)
      partners.push_back(case_professional(st, row, id, N_("an attendee")).partner);
    const std::string at = impl_->now_text();
    const int number = st.insert_meeting(row.id, meeting, who.pro.id, at);
    for (const auto& p : partners) st.add_involvement(row.id, p, "attendee");
    if (row.status == CaseStatus::kAccepted) st.set_status(row.id, CaseStatus::kAnalysis);
    st.audit().append(row.id, at, who.pro.id, "meeting_added",
                      json{{"meeting", number},
                           {"date", meeting.date.to_string()},
                           {"basis", std::string(to_string(meeting.basis))},
                           {"attendees", meeting.attendees}}
                          .dump());
    tx.commit();
    return number;
  });
}

void Service::hold_meeting(const std::optional<std::string>& actor, const std::string& case_id,
                           int number, const MeetingHeld& held) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kMeetingHeld, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kMeetingHeld);
    impl_->require(who, Operation::kMeetingHeld, row);
    require_status(row, kInChain, N_("meetings are recorded only in {}"));
    const Meeting m = planned_meeting(st.meetings(row.id), row.id, number, impl_->today());
    detail::check_text(held.notes, row.id, N_("notes"), false);
    std::vector<std::string> partners;
    for (const auto& id : held.attendees)
      partners.push_back(case_professional(st, row, id, N_("an attendee")).partner);
    const std::string at = impl_->now_text();
    st.hold_meeting(row.id, number, held);
    for (const auto& p : partners) st.add_involvement(row.id, p, "attendee");
    st.audit().append(row.id, at, who.pro.id, "meeting_held",
                      json{{"meeting", number},
                           {"date", m.date.to_string()},
                           {"attendees", held.attendees.empty() ? m.attendees : held.attendees}}
                          .dump());
    tx.commit();
    return 0;
  });
}

std::vector<Meeting> Service::meetings(const std::optional<std::string>& actor,
                                       const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kMeetingList,
                            [&](const CaseRow& row) { return impl_->store.meetings(row.id); });
  });
}

int Service::add_action(const std::optional<std::string>& actor, const std::string& case_id,
                        const std::string& text, const std::string& domain,
                        const std::string& professional, const std::optional<Date>& due) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kPlanAdd, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kPlanAdd);
    impl_->require(who, Operation::kPlanAdd, row);
    require_status(row, kInChain, N_("actions are added only to {}"));
    if (due) check_case_date(row, *due, impl_->today(), kDueDaysAhead, N_("due date"));
    detail::check_text(text, row.id, N_("action"), true);
    const auto code = parse_life_domain(domain, impl_->params().extra_life_domains);
    if (!code)
      throw Error(
          ErrorCode::kInvalidInput,
          trf("case {}: {} is not a known life domain; use one of {} (or a configured "
              "extra)",
              row.id, detail::quote_value(domain), fmt::join(default_life_domains(), ", ")));
    const Professional holder =
        case_professional(st, row, professional, N_("the holder of an action"));
    const std::string at = impl_->now_text();
    const int number = st.insert_action(row.id, text, *code, holder.id, due, who.pro.id, at);
    st.add_involvement(row.id, holder.partner, "action_holder");
    if (row.status == CaseStatus::kAccepted) st.set_status(row.id, CaseStatus::kAnalysis);
    json details{{"action", number}, {"domain", *code}, {"professional", holder.id}};
    if (due) details["due"] = due->to_string();
    st.audit().append(row.id, at, who.pro.id, "action_added", details.dump());
    tx.commit();
    return number;
  });
}

std::vector<Action> Service::actions(const std::optional<std::string>& actor,
                                     const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kPlanList,
                            [&](const CaseRow& row) { return impl_->actions_of(row); });
  });
}

void Service::set_action_status(const std::optional<std::string>& actor, const std::string& case_id,
                                int number, ActionStatus status,
                                const std::optional<std::string>& note) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kPlanSet, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kPlanSet);
    // Permission first, so that a refusal or "no such action" tells nothing to
    // someone who may not see the case; the holder of the action may update it.
    auto list = st.actions(row.id);
    impl_->require(who, Operation::kPlanSet, row, holder_of(list, number));
    require_status(row, kInChain, N_("actions change only in {}"));
    detail::check_text(note, row.id, N_("note"), false);
    Action& a = find_action(list, row.id, number);
    if (a.status == status)
      throw Error(ErrorCode::kRefused,
                  trf("action {} of case {} is already {}", number, row.id, status));
    const std::string at = impl_->now_text();
    const std::string from(to_string(a.status)), to(to_string(status));
    st.set_action_status(row.id, number, status);
    st.insert_action_change(row.id, number, {at, who.pro.id, "status", from, to, note});
    st.audit().append(row.id, at, who.pro.id, "action_status",
                      json{{"action", number}, {"from", from}, {"to", to}}.dump());
    tx.commit();
    return 0;
  });
}

void Service::reassign_action(const std::optional<std::string>& actor, const std::string& case_id,
                              int number, const std::string& professional) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kAssignAction, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kAssignAction);
    impl_->require(who, Operation::kAssignAction, row);
    require_status(row, kInChain, N_("actions are reassigned only in {}"));
    auto list = st.actions(row.id);
    Action& a = find_action(list, row.id, number);
    const Professional holder =
        case_professional(st, row, professional, N_("the holder of an action"));
    if (a.professional == holder.id)
      throw Error(ErrorCode::kRefused,
                  trf("action {} of case {} is already held by {}", number, row.id, holder.id));
    const std::string at = impl_->now_text();
    st.set_action_holder(row.id, number, holder.id);
    st.insert_action_change(
        row.id, number, {at, who.pro.id, "reassigned", a.professional, holder.id, std::nullopt});
    st.add_involvement(row.id, holder.partner, "action_holder");
    st.audit().append(row.id, at, who.pro.id, "action_reassigned",
                      json{{"action", number}, {"from", a.professional}, {"to", holder.id}}.dump());
    tx.commit();
    return 0;
  });
}

void Service::set_action_due(const std::optional<std::string>& actor, const std::string& case_id,
                             int number, const std::optional<Date>& due,
                             const std::optional<std::string>& note) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kPlanSet, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kPlanSet);
    auto list = st.actions(row.id);
    impl_->require(who, Operation::kPlanSet, row, holder_of(list, number));
    require_status(row, kInChain, N_("actions change only in {}"));
    detail::check_text(note, row.id, N_("note"), false);
    const Action& a = find_action(list, row.id, number);
    if (a.status == ActionStatus::kDone || a.status == ActionStatus::kCancelled)
      throw Error(ErrorCode::kRefused,
                  trf("action {} of case {} is {}: its due date no longer matters", number, row.id,
                      a.status));
    if (due) check_case_date(row, *due, impl_->today(), kDueDaysAhead, N_("due date"));
    if (a.due == due)
      throw Error(ErrorCode::kRefused,
                  trf("action {} of case {} already has that due date", number, row.id));
    const std::string at = impl_->now_text();
    const std::string from = a.due ? a.due->to_string() : "", to = due ? due->to_string() : "";
    st.set_action_due(row.id, number, due);
    st.insert_action_change(
        row.id, number,
        {at, who.pro.id, "due", a.due ? std::optional(from) : std::nullopt, to, note});
    st.audit().append(row.id, at, who.pro.id, "action_due",
                      json{{"action", number}, {"from", from}, {"to", to}}.dump());
    tx.commit();
    return 0;
  });
}

void Service::activate_plan(const std::optional<std::string>& actor, const std::string& case_id) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kPlanActivate, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kPlanActivate);
    impl_->require(who, Operation::kPlanActivate, row);
    if (row.status == CaseStatus::kAccepted || row.status == CaseStatus::kAnalysis)
      throw Error(ErrorCode::kRefused,
                  trf("case {} is {}: the plan of approach starts once the case has a director",
                      row.id, row.status),
                  Hint::kAssignDirector, row.id);
    require_status(row, {CaseStatus::kDirected}, N_("the plan of approach starts only in {}"),
                   N_("a case with a director whose plan has not started yet (directed)"));
    const auto list = st.actions(row.id);
    if (std::none_of(list.begin(), list.end(),
                     [](const Action& a) { return a.status != ActionStatus::kCancelled; }))
      throw Error(ErrorCode::kRefused,
                  trf("case {} is directed but has no action that is not cancelled: the plan of "
                      "approach needs at least one",
                      row.id),
                  Hint::kAddAction, row.id);
    require_held_meeting(st, row);
    st.set_status(row.id, CaseStatus::kActive);
    st.audit().append(row.id, impl_->now_text(), who.pro.id, "plan_activated",
                      json{{"actions", static_cast<long>(list.size())}}.dump());
    tx.commit();
    return 0;
  });
}

void Service::assign_director(const std::optional<std::string>& actor, const std::string& case_id,
                              const std::string& professional,
                              const std::optional<std::string>& reason) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kAssignDirector, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kAssignDirector);
    impl_->require(who, Operation::kAssignDirector, row);
    require_status(row, kInChain, N_("a director is assigned only to {}"));
    detail::check_text(reason, row.id, N_("reason"), false);
    const Professional director = case_professional(st, row, professional, N_("the director"));
    if (!director.has_role(Role::kDirector))
      throw Error(ErrorCode::kRefused,
                  trf("professional {} does not have the director role and cannot direct case {}",
                      director.id, row.id));
    if (row.director == director.id)
      throw Error(ErrorCode::kRefused,
                  trf("{} is already the director of case {}", director.id, row.id));
    const std::string at = impl_->now_text();
    st.start_director_term(row.id, director.id, who.pro.id, reason, at);
    st.add_involvement(row.id, director.partner, "director");
    if (row.status == CaseStatus::kAccepted || row.status == CaseStatus::kAnalysis)
      st.set_status(row.id, CaseStatus::kDirected);
    json details{{"professional", director.id}};
    if (row.director) details["previous"] = *row.director;
    st.audit().append(row.id, at, who.pro.id, "director_assigned", details.dump());
    tx.commit();
    return 0;
  });
}

std::vector<DirectorTerm> Service::directors(const std::optional<std::string>& actor,
                                             const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kDirectors,
                            [&](const CaseRow& row) { return impl_->store.directors(row.id); });
  });
}

void Service::close(const std::optional<std::string>& actor, const std::string& case_id,
                    ClosureReason reason, const std::optional<std::string>& note,
                    const std::optional<Date>& monitor_until) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kClose, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kClose);
    impl_->require(who, Operation::kClose, row);
    require_status(row, detail::kOpen, N_("a case is closed only once"), nullptr);
    if (reason == ClosureReason::kRefused)
      throw Error(ErrorCode::kRefused,
                  trf("case {}: the reason refused is set only by the team's decision", row.id),
                  Hint::kRefuseCase, row.id);
    detail::check_text(note, row.id, N_("note"), reason == ClosureReason::kOther);
    if (monitor_until) check_monitor_date(row, *monitor_until, impl_->today());
    const std::string at = impl_->now_text();
    const int cancelled = detail::cancel_open_actions(st, row, who.pro.id, at);
    st.close_case(row.id, reason, note, at, monitor_until);
    json details{{"reason", std::string(to_string(reason))},
                 {"from", std::string(to_string(row.status))},
                 {"actions_cancelled", cancelled}};
    if (monitor_until) details["monitor_until"] = monitor_until->to_string();
    st.audit().append(row.id, at, who.pro.id, "closed", details.dump());
    tx.commit();
    return 0;
  });
}

CaseState Service::case_state(const std::optional<std::string>& actor, const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kCaseState,
                            [&](const CaseRow& row) { return impl_->state_of(row); });
  });
}

std::vector<Event> Service::log(const std::optional<std::string>& actor,
                                const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kLog,
                            [&](const CaseRow& row) { return impl_->store.events(row.id); });
  });
}

std::vector<Involvement> Service::involvement(const std::optional<std::string>& actor,
                                              const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kInvolvement,
                            [&](const CaseRow& row) { return impl_->store.involvement(row.id); });
  });
}

std::optional<Referral> Service::referral(const std::optional<std::string>& actor,
                                          const std::string& case_id) {
  return impl_->guard([&]() -> std::optional<Referral> {
    const auto who = impl_->actor(actor, Operation::kReferral, case_id);
    auto row = impl_->store.case_row(case_id);
    if (!row && detail::decide_missing_case(who, Operation::kReferral, case_id).allowed)
      return std::nullopt;
    if (!row) row = impl_->case_row(who, case_id, Operation::kReferral);  // a logged denial
    impl_->require(who, Operation::kReferral, *row);
    impl_->check_read(who, row->id, Operation::kReferral);
    Referral r = impl_->stored_referral(*row);
    impl_->record_read(who, row->id, Operation::kReferral);
    return r;
  });
}

}  // namespace ifg
