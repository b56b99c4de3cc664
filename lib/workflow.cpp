// The case workflow after screening: decision, meetings, action plan, case
// director, closure, involvement and the timeline (spec/domain.md, the
// lifecycle table). Each operation checks the actor, reads the case under the
// write lock, refuses what the case's status does not allow, and writes its
// change, its involvement and its event in one transaction.
#include <algorithm>
#include <initializer_list>

#include "ifg/service.h"
#include "service_impl.h"

namespace ifg {

namespace {

using detail::json;
constexpr std::size_t kMaxText = 10000;

std::string status_name(CaseStatus s) { return std::string(to_string(s)); }

/// Refuses unless the case is in one of `allowed`, naming what it needs.
void require_status(const detail::CaseRow& row, std::initializer_list<CaseStatus> allowed,
                    const std::string& command, const std::string& needs) {
  for (CaseStatus s : allowed)
    if (row.status == s) return;
  std::string msg = "case " + row.id + " is " + status_name(row.status) + ": `ifg " + command +
                    "` needs " + needs;
  if (row.status == CaseStatus::kClosed) msg += "; a closed case accepts nothing but reads";
  throw Error(ErrorCode::kRefused, msg);
}

constexpr std::initializer_list<CaseStatus> kInChain{CaseStatus::kAccepted, CaseStatus::kAnalysis,
                                                     CaseStatus::kDirected, CaseStatus::kActive};
const std::string kInChainText =
    "a case the team accepted and has not closed (accepted, analysis, directed or active)";

/// Free text a user gives: required or not, valid UTF-8, at most kMaxText characters.
std::optional<std::string> checked_text(const std::optional<std::string>& text,
                                        const std::string& what, bool required) {
  if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos) {
    if (required) throw Error(ErrorCode::kRefused, what + " is required and may not be empty");
    return std::nullopt;
  }
  const auto len = detail::utf8_length(*text);
  if (!len) throw Error(ErrorCode::kInvalidInput, what + " is not valid UTF-8");
  if (text->find('\0') != std::string::npos)
    throw Error(ErrorCode::kInvalidInput, what + " may not contain NUL characters");
  if (*len > kMaxText)
    throw Error(ErrorCode::kInvalidInput,
                what + " has " + std::to_string(*len) + " characters; at most " +
                    std::to_string(kMaxText) + " are allowed");
  return text;
}

}  // namespace

/// A professional who may take part in case `row`: configured (else kNotFound),
/// active, and of a partner that serves the case's region (else kRefused).
static Professional case_professional(detail::Store& st, const detail::CaseRow& row,
                                      const std::string& id, const std::string& as_what) {
  auto pro = st.professional(id);
  if (!pro)
    throw Error(ErrorCode::kNotFound,
                "professional " + detail::quote_value(id) +
                    " is not configured; see `ifg professional list`");
  if (!pro->active)
    throw Error(ErrorCode::kRefused, "professional " + id + " is inactive and cannot be " +
                                         as_what + " of case " + row.id);
  if (!pro->has_role(Role::kCoordinator) && !pro->has_role(Role::kDirector) &&
      !pro->has_role(Role::kMember))
    throw Error(ErrorCode::kRefused, "professional " + id +
                                         " is an analyst (aggregate reports only) and cannot be " +
                                         as_what + " of case " + row.id);
  auto partner = st.partner(pro->partner);
  if (!partner || !detail::serves(*partner, row.region))
    throw Error(ErrorCode::kRefused, "professional " + id + " cannot be " + as_what + " of case " +
                                         row.id + ": their partner " + pro->partner +
                                         " does not serve region " + row.region);
  return *pro;
}

CaseStatus Service::decide(const std::optional<std::string>& actor, const std::string& case_id,
                           bool accept, const std::string& motivation, bool override_outcome) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Service::Impl::Need::kCoordinate, "decide");
    if (row.status == CaseStatus::kRegistered)
      throw Error(ErrorCode::kRefused, "case " + row.id +
                                           " is registered: the team decides on a screened "
                                           "case; run `ifg screen " + row.id + "` first");
    require_status(row, {CaseStatus::kScreened}, "decide",
                   "a screened case; the team has already decided on this one");
    checked_text(motivation, "case " + row.id + ": the motivation (--motivation)", true);
    if (override_outcome && !accept)
      throw Error(ErrorCode::kRefused,
                  "case " + row.id + ": --override goes only with --accept (it records that the "
                                     "team accepts a case its screening did not find eligible)");
    const std::string outcome = row.outcome.value_or("?");
    if (accept && outcome != "eligible" && !override_outcome)
      throw Error(ErrorCode::kRefused,
                  "case " + row.id + " was screened " + outcome +
                      ", not eligible: accepting it needs --override, with a motivation saying "
                      "why the team takes it into the chain");
    if (accept && outcome == "eligible" && override_outcome)
      throw Error(ErrorCode::kRefused, "case " + row.id +
                                           " was screened eligible: --override does not belong "
                                           "here; accept it without --override");
    const std::string at = impl_->now_text();
    st.insert_decision(row.id, {accept, motivation, override_outcome, pro.id, at});
    st.append_event(row.id, at, pro.id, "decided",
                    json{{"accepted", accept}, {"override", override_outcome}, {"outcome", outcome}}
                        .dump());
    CaseStatus next = CaseStatus::kAccepted;
    if (accept) {
      st.set_status(row.id, next);
    } else {
      next = CaseStatus::kClosed;
      st.close_case(row.id, ClosureReason::kRefused, std::nullopt, at);
      st.append_event(row.id, at, pro.id, "closed", json{{"reason", "refused"}}.dump());
    }
    tx.commit();
    return next;
  });
}

int Service::add_meeting(const std::optional<std::string>& actor, const std::string& case_id,
                         const MeetingInput& meeting) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Service::Impl::Need::kMeeting, "meeting add");
    require_status(row, kInChain, "meeting add", kInChainText);
    checked_text(meeting.purpose, "case " + row.id + ": the purpose (--purpose)", true);
    checked_text(meeting.notes, "case " + row.id + ": the notes (--notes)", false);
    if (meeting.attendees.empty())
      throw Error(ErrorCode::kRefused, "case " + row.id +
                                           ": a case meeting needs at least one attendee "
                                           "(--attendee PRO)");
    std::vector<std::string> partners;
    for (const auto& id : meeting.attendees)
      partners.push_back(case_professional(st, row, id, "an attendee").partner);
    const std::string at = impl_->now_text();
    const int number = st.insert_meeting(row.id, meeting, pro.id, at);
    for (const auto& p : partners) st.add_involvement(row.id, p, "attendee");
    if (row.status == CaseStatus::kAccepted) st.set_status(row.id, CaseStatus::kAnalysis);
    st.append_event(row.id, at, pro.id, "meeting_added",
                    json{{"meeting", number},
                         {"date", meeting.date.to_string()},
                         {"basis", std::string(to_string(meeting.basis))},
                         {"attendees", meeting.attendees}}
                        .dump());
    tx.commit();
    return number;
  });
}

std::vector<Meeting> Service::meetings(const std::optional<std::string>& actor,
                                       const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, "meeting list",
                            [&](const detail::CaseRow& row) { return impl_->store.meetings(row.id); });
  });
}

int Service::add_action(const std::optional<std::string>& actor, const std::string& case_id,
                        const std::string& text, const std::string& domain,
                        const std::string& professional, const std::optional<Date>& due) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Service::Impl::Need::kDirect, "plan add");
    require_status(row, kInChain, "plan add", kInChainText);
    checked_text(text, "case " + row.id + ": the action (--action)", true);
    const auto code = parse_life_domain(domain, impl_->params().extra_life_domains);
    if (!code)
      throw Error(ErrorCode::kInvalidInput,
                  "case " + row.id + ": " + detail::quote_value(domain) +
                      " is not a known life domain; use one of housing, finances, social, mental, "
                      "physical, substance_use, parenting, justice, work_education (or a "
                      "configured extra)");
    const Professional holder = case_professional(st, row, professional, "the holder of an action");
    const std::string at = impl_->now_text();
    const int number = st.insert_action(row.id, text, *code, holder.id, due, pro.id, at);
    st.add_involvement(row.id, holder.partner, "action_holder");
    if (row.status == CaseStatus::kAccepted) st.set_status(row.id, CaseStatus::kAnalysis);
    json details{{"action", number}, {"domain", *code}, {"professional", holder.id}};
    if (due) details["due"] = due->to_string();
    st.append_event(row.id, at, pro.id, "action_added", details.dump());
    tx.commit();
    return number;
  });
}

std::vector<Action> Service::actions(const std::optional<std::string>& actor,
                                     const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, "plan list", [&](const detail::CaseRow& row) {
      return impl_->actions_of(row.id);
    });
  });
}

namespace {

Action& find_action(std::vector<Action>& actions, const std::string& case_id, int number) {
  for (auto& a : actions)
    if (a.number == number) return a;
  throw Error(ErrorCode::kNotFound, "case " + case_id + " has no action " +
                                        std::to_string(number) + "; see `ifg plan list " +
                                        case_id + "`");
}

}  // namespace

void Service::set_action_status(const std::optional<std::string>& actor,
                                const std::string& case_id, int number, ActionStatus status,
                                const std::optional<std::string>& note) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    // Permission first, so that a refusal or "no such action" tells nothing to
    // someone who may not see the case; the holder of the action may update it.
    auto list = st.actions(row.id);
    std::optional<std::string> holder;
    for (const auto& x : list)
      if (x.number == number) holder = x.professional;
    impl_->authorize(pro, row, Service::Impl::Need::kDirect, "plan set", holder);
    require_status(row, kInChain, "plan set", kInChainText);
    checked_text(note, "case " + row.id + ": the note (--note)", false);
    Action& a = find_action(list, row.id, number);
    if (a.status == status)
      throw Error(ErrorCode::kRefused, "action " + std::to_string(number) + " of case " + row.id +
                                           " is already " + std::string(to_string(status)));
    const std::string at = impl_->now_text();
    const std::string from(to_string(a.status));
    st.update_action(row.id, number, "status", std::string(to_string(status)));
    st.insert_action_change(row.id, number,
                            {at, pro.id, "status", from, std::string(to_string(status)), note});
    st.append_event(row.id, at, pro.id, "action_status",
                    json{{"action", number}, {"from", from}, {"to", std::string(to_string(status))}}
                        .dump());
    tx.commit();
    return 0;
  });
}

void Service::reassign_action(const std::optional<std::string>& actor, const std::string& case_id,
                              int number, const std::string& professional) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Service::Impl::Need::kDirect, "assign --action");
    require_status(row, kInChain, "assign --action", kInChainText);
    auto list = st.actions(row.id);
    Action& a = find_action(list, row.id, number);
    const Professional holder = case_professional(st, row, professional, "the holder of an action");
    if (a.professional == holder.id)
      throw Error(ErrorCode::kRefused, "action " + std::to_string(number) + " of case " + row.id +
                                           " is already held by " + holder.id);
    const std::string at = impl_->now_text();
    st.update_action(row.id, number, "professional_id", holder.id);
    st.insert_action_change(row.id, number,
                            {at, pro.id, "reassigned", a.professional, holder.id, std::nullopt});
    st.add_involvement(row.id, holder.partner, "action_holder");
    st.append_event(row.id, at, pro.id, "action_reassigned",
                    json{{"action", number}, {"from", a.professional}, {"to", holder.id}}.dump());
    tx.commit();
    return 0;
  });
}

void Service::activate_plan(const std::optional<std::string>& actor, const std::string& case_id) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Service::Impl::Need::kDirect, "plan activate");
    if (row.status == CaseStatus::kAccepted || row.status == CaseStatus::kAnalysis)
      throw Error(ErrorCode::kRefused,
                  "case " + row.id + " is " + status_name(row.status) +
                      ": the plan of approach starts once the case has a director; assign one "
                      "with `ifg assign " + row.id + " --director PRO`");
    require_status(row, {CaseStatus::kDirected}, "plan activate",
                   "a case with a director whose plan has not started yet (directed)");
    const auto list = st.actions(row.id);
    const bool any = std::any_of(list.begin(), list.end(), [](const Action& a) {
      return a.status != ActionStatus::kCancelled;
    });
    if (!any)
      throw Error(ErrorCode::kRefused,
                  "case " + row.id + " is directed but has no action that is not cancelled: "
                                     "the plan of approach needs at least one; add one with "
                                     "`ifg plan add " + row.id + "`");
    const std::string at = impl_->now_text();
    st.set_status(row.id, CaseStatus::kActive);
    st.append_event(row.id, at, pro.id, "plan_activated",
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
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Service::Impl::Need::kCoordinate, "assign --director");
    require_status(row, kInChain, "assign --director", kInChainText);
    checked_text(reason, "case " + row.id + ": the reason (--reason)", false);
    const Professional director = case_professional(st, row, professional, "the director");
    if (!director.has_role(Role::kDirector))
      throw Error(ErrorCode::kRefused, "professional " + director.id +
                                           " does not have the director role and cannot direct "
                                           "case " + row.id);
    if (row.director == director.id)
      throw Error(ErrorCode::kRefused,
                  director.id + " is already the director of case " + row.id);
    const std::string at = impl_->now_text();
    st.start_director_term(row.id, director.id, pro.id, reason, at);
    st.add_involvement(row.id, director.partner, "director");
    if (row.status == CaseStatus::kAccepted || row.status == CaseStatus::kAnalysis)
      st.set_status(row.id, CaseStatus::kDirected);
    json details{{"professional", director.id}};
    if (row.director) details["previous"] = *row.director;
    st.append_event(row.id, at, pro.id, "director_assigned", details.dump());
    tx.commit();
    return 0;
  });
}

std::vector<DirectorTerm> Service::directors(const std::optional<std::string>& actor,
                                             const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, "directors", [&](const detail::CaseRow& row) {
      return impl_->store.directors(row.id);
    });
  });
}

void Service::close(const std::optional<std::string>& actor, const std::string& case_id,
                    ClosureReason reason, const std::optional<std::string>& note) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    const auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Service::Impl::Need::kDirect, "close");
    require_status(row,
                   {CaseStatus::kRegistered, CaseStatus::kScreened, CaseStatus::kAccepted,
                    CaseStatus::kAnalysis, CaseStatus::kDirected, CaseStatus::kActive},
                   "close", "a case that is not closed yet");
    if (reason == ClosureReason::kRefused)
      throw Error(ErrorCode::kRefused, "case " + row.id +
                                           ": the reason refused is set only by the team's "
                                           "decision; use `ifg decide " + row.id +
                                           " --refuse --motivation TEXT`");
    checked_text(note, "case " + row.id + ": the note (--note)", reason == ClosureReason::kOther);
    const std::string at = impl_->now_text();
    st.close_case(row.id, reason, note, at);
    st.append_event(row.id, at, pro.id, "closed",
                    json{{"reason", std::string(to_string(reason))},
                         {"from", status_name(row.status)}}
                        .dump());
    tx.commit();
    return 0;
  });
}

CaseState Service::case_state(const std::optional<std::string>& actor, const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, "case",
                            [&](const detail::CaseRow& row) { return impl_->state_of(row); });
  });
}

std::vector<Event> Service::log(const std::optional<std::string>& actor,
                                const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, "log",
                            [&](const detail::CaseRow& row) { return impl_->store.events(row.id); });
  });
}

std::vector<Involvement> Service::involvement(const std::optional<std::string>& actor,
                                              const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, "involvement", [&](const detail::CaseRow& row) {
      return impl_->store.involvement(row.id);
    });
  });
}

namespace {

std::vector<std::string> regions_of(detail::Store& st, const Professional& pro) {
  auto partner = st.partner(pro.partner);
  return partner ? partner->regions : std::vector<std::string>{};
}

}  // namespace

std::vector<std::string> Service::purge(const std::optional<std::string>& actor, Date closed_before,
                                        bool dry_run) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    if (!pro.has_role(Role::kCoordinator))
      impl_->deny(pro.id, std::nullopt, "purge", "retention is for coordinators",
                  "access denied: only a coordinator may purge cases past retention");
    const Date today = brussels_date(impl_->now());
    if (closed_before > today)
      throw Error(ErrorCode::kRefused, "--closed-before " + closed_before.to_string() +
                                           " lies after today (" + today.to_string() +
                                           "): only cases already past retention can be purged");
    const auto ids = st.purgeable(closed_before.to_string(), regions_of(st, pro));
    if (dry_run) return ids;
    const std::string at = impl_->now_text();
    for (const auto& id : ids) {
      json doc = json::parse(st.case_row(id)->referral_json);
      doc.erase("summary");
      if (auto r = doc.find("referrer"); r != doc.end()) r->erase("name");
      if (auto p = doc.find("persons"); p != doc.end())
        for (auto& person : *p) {
          person.erase("name");
          person.erase("birth_year");
        }
      st.anonymise(id, doc.dump(), at);
      st.append_event(id, at, pro.id, "purged",
                      json{{"closed_before", closed_before.to_string()}}.dump());
    }
    tx.commit();
    return ids;
  });
}

std::string Service::export_person(const std::optional<std::string>& actor,
                                   const std::string& name, std::optional<int> birth_year) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const Professional pro = impl_->actor(actor);
    if (!pro.has_role(Role::kCoordinator))
      impl_->deny(pro.id, std::nullopt, "export person", "access requests are for coordinators",
                  "access denied: only a coordinator may answer an access request");
    checked_text(name, "the name (--name)", true);
    const auto ids = st.cases_naming(name, birth_year, regions_of(st, pro));
    nlohmann::ordered_json out;
    out["person"] = {{"name", name}, {"birth_year", birth_year ? json(*birth_year) : json()}};
    out["cases"] = nlohmann::ordered_json::array();
    auto lower = [](std::string t) {
      std::transform(t.begin(), t.end(), t.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
      return t;
    };
    for (const auto& id : ids) {
      const auto row = *st.case_row(id);
      const json referral = json::parse(row.referral_json);
      std::vector<std::string> roles;
      if (referral.contains("referrer") && lower(referral["referrer"].value("name", "")) == lower(name))
        roles.push_back("referrer");
      for (const auto& p : referral.value("persons", json::array()))
        if (lower(p.value("name", "")) == lower(name) &&
            (!birth_year || p.value("birth_year", 0) == *birth_year))
          roles.push_back(p.value("role", "other"));
      nlohmann::ordered_json c;
      c["case"] = row.id;
      c["region"] = row.region;
      c["status"] = std::string(to_string(row.status));
      c["roles"] = roles;
      c["referral"] = referral;
      c["meetings"] = nlohmann::ordered_json::array();
      for (const auto& m : st.meetings(id))
        c["meetings"].push_back({{"number", m.number},
                                 {"date", m.date.to_string()},
                                 {"purpose", m.purpose},
                                 {"notes", m.notes ? json(*m.notes) : json()}});
      c["actions"] = nlohmann::ordered_json::array();
      for (const auto& a : st.actions(id))
        c["actions"].push_back({{"number", a.number},
                                {"action", a.text},
                                {"domain", a.domain},
                                {"status", std::string(to_string(a.status))}});
      c["events"] = nlohmann::ordered_json::array();
      for (const auto& e : st.events(id))
        c["events"].push_back({{"at", e.at},
                               {"actor", e.actor ? json(*e.actor) : json()},
                               {"action", e.action},
                               {"details", json::parse(e.details)}});
      out["cases"].push_back(std::move(c));
    }
    {
      auto tx = st.write();
      for (const auto& id : ids)
        st.append_event(id, impl_->now_text(), pro.id, "export person", "{}", "read");
      tx.commit();
    }
    return out.dump(2);
  });
}

bool is_overdue(ActionStatus status, const std::optional<Date>& due, Date today) {
  return due && *due < today && status != ActionStatus::kDone && status != ActionStatus::kCancelled;
}

}  // namespace ifg
