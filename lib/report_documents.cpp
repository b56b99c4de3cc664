// SPDX-License-Identifier: EUPL-1.2
// Every report as a Document: a title, lines of context, and titled tables of
// text cells, the one shape the text, Markdown, CSV and HTML renderings share.
#include <algorithm>
#include <cmath>

#include "format.h"
#include "i18n.h"
#include "report_tables.h"

namespace ifg::detail {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

/// A number of days or a rate, with at most one decimal.
std::string decimal(double v) {
  return v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:.1f}", v);
}

std::string joined(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

template <class E>
std::string code_text(const std::optional<E>& v) {
  return v ? std::string(to_string(*v)) : std::string();
}

/// A table without rows: `keys` are its headings in English, marked N_(),
/// shown translated (Table::columns).
Table new_table(std::string id, std::string title, std::initializer_list<const char*> keys,
                std::vector<bool> numeric) {
  Table t{std::move(id), std::move(title), {}, {}, std::move(numeric), {}};
  for (const char* k : keys) {
    t.keys.emplace_back(k);
    t.columns.emplace_back(tr(k));
  }
  return t;
}

Table key_values(std::string id, std::string title, Pairs pairs) {
  Table t = new_table(std::move(id), std::move(title), {N_("field"), N_("value")}, {false, false});
  for (auto& [k, v] : pairs) t.rows.push_back({std::move(k), std::move(v)});
  return t;
}

/// `what` names the first column, marked N_().
Table counts_table(std::string id, std::string title, const char* what,
                   const std::vector<Count>& counts, int min_cell) {
  Table t = new_table(std::move(id), std::move(title), {what, N_("count")}, {false, true});
  for (const auto& c : counts) t.rows.push_back({c.key, count_text(c, min_cell)});
  return t;
}

// --- the case sheet ----------------------------------------------------------

std::vector<std::string> case_intro(const CaseReport& r) {
  const CaseState& s = r.state;
  std::vector<std::string> intro;
  if (r.screening)
    intro.push_back(trf("Region {}, status {}, screened {} under rule set {}.", s.region, s.status,
                        r.screening->outcome, r.screening->ruleset));
  else
    intro.push_back(trf("Region {}, status {}, not screened yet.", s.region, s.status));
  if (r.veilig_huis) intro.push_back(trf("Veilig Huis of the region: {}.", *r.veilig_huis));
  if (r.purged) intro.emplace_back(tr("Personal data of this closed case was removed (purge)."));
  intro.push_back(trf(
      "Case sheet of {}; confidential: share only under the case meeting's legal basis.", r.today));
  return intro;
}

std::string referrer_text(const Referrer& r) {
  std::string text(to_string(r.kind));
  if (r.name) text += fmt::format(" {}", *r.name);
  if (r.partner) text += fmt::format(" ({})", *r.partner);
  return text;
}

Table referral_table(const CaseReport& r) {
  const Referral& f = r.referral;
  const auto& regular = f.regular_cooperation_sufficient;
  return key_values(
      "referral", tr("Referral"),
      {{tr("external_ref"), f.external_ref.value_or("")},
       {tr("received"), f.received.to_string()},
       {tr("received_by"), r.received_by.value_or("")},
       {tr("referrer"), referrer_text(f.referrer)},
       {tr("channel"), code_text(f.channel)},
       {tr("safety"), code_text(f.safety)},
       {tr("regular_cooperation_sufficient"), regular ? (*regular ? tr("true") : tr("false")) : ""},
       {tr("sectors_needed"), fmt::format("{}", fmt::join(f.sectors_needed, ", "))},
       {tr("life_domains"), joined(f.life_domains)},
       {tr("help_status"), code_text(f.help_status)},
       {tr("measures_status"), code_text(f.measures_status)},
       {tr("crisis_partner"), code_text(f.crisis_partner)},
       {tr("summary"), f.summary.value_or("")}});
}

Table persons_table(const Referral& f) {
  Table t = new_table("persons", tr("Persons"), {N_("role"), N_("name"), N_("birth_year")},
                      {false, false, true});
  for (const auto& p : f.persons)
    t.rows.push_back({std::string(to_string(p.role)), p.name.value_or(""), text_of(p.birth_year)});
  return t;
}

Table criteria_table(const std::optional<Screening>& s) {
  Table t = new_table("criteria", tr("Screening"), {N_("criterion"), N_("verdict"), N_("reason")},
                      {false, false, false});
  if (!s) return t;
  for (const auto& c : s->criteria)
    t.rows.push_back({std::string(to_string(c.id)), std::string(to_string(c.verdict)), c.reason});
  t.rows.push_back(
      {tr("outcome"), std::string(to_string(s->outcome)), trf("rule set {}", s->ruleset)});
  for (const auto& w : s->warnings) t.rows.push_back({tr("warning"), w.code, w.message});
  return t;
}

Table decision_table(const CaseState& s) {
  Pairs rows;
  if (const auto& d = s.decision)
    rows = {{tr("decision"), d->accepted ? tr("accepted") : tr("refused")},
            {tr("override"),
             d->overridden ? tr("yes: accepted against the screening outcome") : tr("no")},
            {tr("motivation"), d->motivation},
            {tr("by"), d->actor},
            {tr("at"), d->at}};
  if (s.closure_reason) {
    rows.emplace_back(tr("closed"), std::string(to_string(*s.closure_reason)));
    if (s.closure_note) rows.emplace_back(tr("closure_note"), *s.closure_note);
    if (s.monitor_until) rows.emplace_back(tr("monitor_until"), s.monitor_until->to_string());
    if (s.transferred_to) rows.emplace_back(tr("transferred_to"), *s.transferred_to);
  }
  if (s.transferred_from) rows.emplace_back(tr("transferred_from"), *s.transferred_from);
  return key_values("decision", tr("Decision"), std::move(rows));
}

Table directors_table(const std::vector<DirectorTerm>& terms) {
  Table t =
      new_table("directors", tr("Case director"),
                {N_("professional"), N_("from"), N_("until"), N_("assigned_by"), N_("reason")},
                {false, false, false, false, false});
  for (const auto& d : terms)
    t.rows.push_back({d.professional, d.from, d.until.value_or(tr("current")), d.assigned_by,
                      d.reason.value_or("")});
  return t;
}

Table meetings_table(const std::vector<Meeting>& meetings) {
  Table t = new_table("meetings", tr("Case meetings"),
                      {N_("number"), N_("date"), N_("status"), N_("basis"), N_("attendees"),
                       N_("purpose"), N_("notes")},
                      {true, false, false, false, false, false, false});
  for (const auto& m : meetings)
    t.rows.push_back({std::to_string(m.number), m.date.to_string(),
                      std::string(to_string(m.status)), std::string(to_string(m.basis)),
                      joined(m.attendees), m.purpose, m.notes.value_or("")});
  return t;
}

Table monitoring_table(const std::vector<MonitoringContact>& contacts) {
  Table t = new_table("monitoring", tr("Monitoring after closure"),
                      {N_("number"), N_("result"), N_("note"), N_("actor"), N_("at")},
                      {true, false, false, false, false});
  for (const auto& m : contacts)
    t.rows.push_back(
        {std::to_string(m.number), std::string(to_string(m.result)), m.note, m.actor, m.at});
  return t;
}

Table assessments_table(const std::vector<Assessment>& list) {
  Table t = new_table("assessments", tr("Risk assessments"),
                      {N_("person"), N_("date"), N_("instrument"), N_("score"), N_("threshold"),
                       N_("unknown"), N_("level"), N_("change"), N_("assessor")},
                      {true, false, false, true, true, true, false, true, false});
  for (const auto& a : list)
    t.rows.push_back(
        {std::to_string(a.person), a.date.to_string(), a.instrument, std::to_string(a.score),
         std::to_string(a.threshold), std::to_string(a.unknown),
         a.judged ? trf("{} (judgement)", to_string(a.level)) : std::string(to_string(a.level)),
         a.score_change ? fmt::format("{:+}", *a.score_change) : tr("first"), a.assessor});
  return t;
}

Table actions_table(const std::vector<Action>& actions) {
  Table t = new_table("actions", tr("Action plan"),
                      {N_("number"), N_("action"), N_("domain"), N_("professional"), N_("due"),
                       N_("status"), N_("overdue")},
                      {true, false, false, false, false, false, false});
  for (const auto& a : actions)
    t.rows.push_back({std::to_string(a.number), a.text, a.domain, a.professional, text_of(a.due),
                      std::string(to_string(a.status)), a.overdue ? tr("OVERDUE") : ""});
  return t;
}

Table involvement_table(const std::vector<Involvement>& involvement) {
  Table t =
      new_table("involvement", tr("Partners involved"), {N_("partner"), N_("why")}, {false, false});
  for (const auto& i : involvement) t.rows.push_back({i.partner, joined(i.reasons)});
  return t;
}

Table timeline_table(const std::vector<Event>& events) {
  Table t =
      new_table("timeline", tr("Timeline"), {N_("at"), N_("actor"), N_("event"), N_("details")},
                {false, false, false, false});
  for (const auto& e : events)
    t.rows.push_back({e.at, e.actor.value_or(""), e.action, e.details == "{}" ? "" : e.details});
  return t;
}

// --- regional statistics -----------------------------------------------------

/// The line under the title: the period, the regions and the day of the snapshot.
std::string period_intro(const RegionReport& r) {
  const std::string regions = joined(r.regions);
  if (!r.from && !r.to)
    return trf("all referrals received in {}; open cases and overdue actions as of {}.", regions,
               r.today);
  if (!r.from)
    return trf("referrals received up to {} in {}; open cases and overdue actions as of {}.", *r.to,
               regions, r.today);
  if (!r.to)
    return trf("referrals received from {} in {}; open cases and overdue actions as of {}.",
               *r.from, regions, r.today);
  return trf("referrals received from {} to {} in {}; open cases and overdue actions as of {}.",
             *r.from, *r.to, regions, r.today);
}

/// A region report's single figures as cells: "<N" for a hidden count,
/// "suppressed" or "no data" for a missing rate or median.
class Cells {
 public:
  explicit Cells(const RegionReport& r) : r_(r) {}
  std::string count(const std::optional<std::int64_t>& v, const char* key) const {
    if (v) return std::to_string(*v);
    return hidden(key) ? fmt::format("<{}", r_.min_cell) : std::string("-");
  }
  std::string real(const std::optional<double>& v, const char* key, bool percent) const {
    if (v) return percent ? decimal(*v * 100) + "%" : decimal(*v);
    return hidden(key) ? tr("suppressed") : tr("no data");
  }

 private:
  bool hidden(const char* key) const {
    return std::find(r_.suppressed.begin(), r_.suppressed.end(), key) != r_.suppressed.end();
  }
  const RegionReport& r_;
};

Table summary_table(const RegionReport& r) {
  const Cells c(r);
  Table t = new_table("summary", tr("Summary"), {N_("measure"), N_("value")}, {false, true});
  t.rows = {{tr("referrals"), c.count(r.total, "referrals.total")},
            {tr("repeat referrals"), c.count(r.repeat_referrals, "referrals.repeat")},
            {tr("children involved"), c.count(r.children, "children")},
            {tr("distinct victims"), c.count(r.victims, "persons.victims")},
            {tr("distinct children"), c.count(r.child_persons, "persons.children")},
            {tr("high risk at the first assessment"),
             c.count(r.high_risk_at_intake, "risk.high_at_intake")},
            {tr("accepted"), c.count(r.accepted, "decisions.accepted")},
            {tr("refused"), c.count(r.refused, "decisions.refused")},
            {tr("accepted with override"), c.count(r.overridden, "decisions.overridden")},
            {tr("acceptance rate"), c.real(r.acceptance_rate, "decisions.acceptance_rate", true)},
            {tr("median days referral to decision"),
             c.real(r.median_referral_to_decision, "median_days.referral_to_decision", false)},
            {tr("median days accepted to director"),
             c.real(r.median_accepted_to_director, "median_days.accepted_to_director", false)},
            {tr("overdue actions"), c.count(r.actions_overdue, "actions.overdue")}};
  return t;
}

/// What the team did in the period, whenever the referrals came in.
Table activity_table(const RegionReport& r) {
  const Cells c(r);
  const RegionActivity& a = r.activity;
  Table t = new_table("activity", tr("Activity in the period"), {N_("measure"), N_("value")},
                      {false, true});
  t.rows = {
      {tr("accepted"), c.count(a.accepted, "activity.decisions.accepted")},
      {tr("refused"), c.count(a.refused, "activity.decisions.refused")},
      {tr("accepted with override"), c.count(a.overridden, "activity.decisions.overridden")},
      {tr("case meetings held"), c.count(a.meetings_held, "activity.meetings_held")},
      {tr("directors assigned"), c.count(a.directors_assigned, "activity.directors_assigned")},
      {tr("plans activated"), c.count(a.plans_activated, "activity.plans_activated")},
      {tr("reopenings"), c.count(a.reopenings, "activity.reopenings")},
      {tr("transfers to another region"), c.count(a.transfers_out, "activity.transfers.out")},
      {tr("transfers from another region"), c.count(a.transfers_in, "activity.transfers.in")},
      {tr("monitoring contacts"), c.count(a.monitoring_contacts, "activity.monitoring_contacts")},
      {tr("median days accepted to closure"),
       c.real(a.median_accepted_to_closure, "activity.median_days.accepted_to_closure", false)}};
  return t;
}

/// The line under the title of the actions report: its filters and the day.
std::string actions_intro(const ActionsReport& r) {
  const auto& region = r.query.region;
  const auto& held_by = r.query.professional;
  if (region && held_by)
    return trf("region {}, held by {}; most urgent first; overdue as of {}.", *region, *held_by,
               r.today);
  if (region) return trf("region {}; most urgent first; overdue as of {}.", *region, r.today);
  if (held_by) return trf("held by {}; most urgent first; overdue as of {}.", *held_by, r.today);
  return trf("All cases you may read; most urgent first; overdue as of {}.", r.today);
}

}  // namespace

std::string count_text(const Count& c, int min_cell) {
  return c.value ? std::to_string(*c.value) : fmt::format("<{}", min_cell);
}

Document document_of(const CaseReport& r) {
  Document d;
  d.title = trf("Case {}", r.state.id);
  d.intro = case_intro(r);
  d.tables = {
      referral_table(r),        persons_table(r.referral),        criteria_table(r.screening),
      decision_table(r.state),  directors_table(r.directors),     meetings_table(r.meetings),
      actions_table(r.actions), involvement_table(r.involvement), timeline_table(r.timeline)};
  if (!r.state.monitoring.empty()) d.tables.push_back(monitoring_table(r.state.monitoring));
  if (!r.assessments.empty()) d.tables.push_back(assessments_table(r.assessments));
  return d;
}

Document document_of(const RegionReport& r) {
  Document d;
  d.title = trf("Regional report {}", r.region ? *r.region : joined(r.regions));
  d.intro.push_back(period_intro(r));
  d.intro.emplace_back(
      tr("Activity in the period counts what the team did on those days (Brussels time), "
         "whenever the referral came in."));
  if (r.min_cell > 1)
    d.intro.push_back(
        trf("Counts from 1 to {} are suppressed (shown as <{}), with one "
            "more count where a total would reveal them.",
            r.min_cell - 1, r.min_cell));
  const int n = r.min_cell;
  d.tables = {
      summary_table(r),
      counts_table("referrals.by_outcome", tr("Referrals by outcome"), N_("outcome"), r.by_outcome,
                   n),
      counts_table("referrals.by_channel", tr("Referrals by channel"), N_("channel"), r.by_channel,
                   n),
      counts_table("referrals.by_month", tr("Referrals by month"), N_("month"), r.by_month, n),
      counts_table("open_cases.by_status", tr("Open cases by status"), N_("status"),
                   r.open_by_status, n),
      counts_table("actions.by_status", tr("Actions by status"), N_("status"), r.actions_by_status,
                   n),
      counts_table("actions.by_domain", tr("Actions by life domain"), N_("life domain"),
                   r.actions_by_domain, n),
      counts_table("closures.by_reason", tr("Closures by reason"), N_("reason"),
                   r.closures_by_reason, n),
      activity_table(r),
      counts_table("activity.closures.by_reason", tr("Closures in the period by reason"),
                   N_("reason"), r.activity.closures_by_reason, n)};
  return d;
}

Document document_of(const ActionsReport& r) {
  Document d;
  d.title = r.query.overdue_only ? tr("Overdue actions") : tr("Actions");
  d.intro.push_back(actions_intro(r));
  Table t = new_table("actions", tr("Actions"),
                      {N_("case"), N_("action"), N_("domain"), N_("professional"), N_("partner"),
                       N_("due"), N_("status"), N_("days overdue")},
                      {false, true, false, false, false, false, false, true});
  for (const auto& a : r.rows)
    t.rows.push_back({a.case_id, std::to_string(a.number), a.domain, a.professional, a.partner,
                      text_of(a.due), std::string(to_string(a.status)), text_of(a.days_overdue)});
  d.tables.push_back(std::move(t));
  return d;
}

Document document_of(const CaseloadReport& r) {
  Document d;
  d.title = r.region ? trf("Caseload {}", *r.region) : std::string(tr("Caseload"));
  d.intro.push_back(trf(
      "Open cases directed and open actions held, per professional, as of {}; most loaded first.",
      r.today));
  if (std::any_of(r.rows.begin(), r.rows.end(), [](const CaseloadRow& c) { return !c.active; }))
    d.intro.emplace_back(tr(
        "An inactive professional's cases need a new director, and their actions a new holder."));
  Table t = new_table("caseload", tr("Caseload"),
                      {N_("professional"), N_("partner"), N_("directed cases"), N_("open actions"),
                       N_("overdue actions"), N_("oldest due")},
                      {false, false, true, true, true, false});
  for (const auto& c : r.rows)
    t.rows.push_back({c.active ? c.professional : trf("{} (inactive)", c.professional), c.partner,
                      std::to_string(c.directed_cases), std::to_string(c.open_actions),
                      std::to_string(c.overdue_actions), text_of(c.oldest_due)});
  d.tables.push_back(std::move(t));
  return d;
}

}  // namespace ifg::detail
