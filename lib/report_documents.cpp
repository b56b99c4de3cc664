// Every report as a Document: a title, lines of context, and titled tables of
// text cells, the one shape the text, Markdown, CSV and HTML renderings share.
#include <algorithm>
#include <cmath>

#include "format.h"
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

Table key_values(std::string id, std::string title, Pairs pairs) {
  Table t{std::move(id), std::move(title), {"field", "value"}, {false, false}, {}};
  for (auto& [k, v] : pairs) t.rows.push_back({std::move(k), std::move(v)});
  return t;
}

Table counts_table(std::string id, std::string title, std::string what,
                   const std::vector<Count>& counts, int min_cell) {
  Table t{std::move(id), std::move(title), {std::move(what), "count"}, {false, true}, {}};
  for (const auto& c : counts) t.rows.push_back({c.key, count_text(c, min_cell)});
  return t;
}

// --- the case sheet ----------------------------------------------------------

std::vector<std::string> case_intro(const CaseReport& r) {
  const CaseState& s = r.state;
  std::vector<std::string> intro;
  intro.push_back(fmt::format("Region {}, status {}, {}.", s.region, s.status,
                              r.screening ? fmt::format("screened {} under rule set {}",
                                                        r.screening->outcome, r.screening->ruleset)
                                          : std::string("not screened yet")));
  if (r.veilig_huis) intro.push_back(fmt::format("Veilig Huis of the region: {}.", *r.veilig_huis));
  if (r.purged) intro.emplace_back("Personal data of this closed case was removed (purge).");
  intro.push_back(fmt::format(
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
      "referral", "Referral",
      {{"external_ref", f.external_ref.value_or("")},
       {"received", f.received.to_string()},
       {"received_by", r.received_by.value_or("")},
       {"referrer", referrer_text(f.referrer)},
       {"channel", code_text(f.channel)},
       {"safety", code_text(f.safety)},
       {"regular_cooperation_sufficient", regular ? (*regular ? "true" : "false") : ""},
       {"sectors_needed", fmt::format("{}", fmt::join(f.sectors_needed, ", "))},
       {"life_domains", joined(f.life_domains)},
       {"help_status", code_text(f.help_status)},
       {"measures_status", code_text(f.measures_status)},
       {"crisis_partner", code_text(f.crisis_partner)},
       {"summary", f.summary.value_or("")}});
}

Table persons_table(const Referral& f) {
  Table t{"persons", "Persons", {"role", "name", "birth_year"}, {false, false, true}, {}};
  for (const auto& p : f.persons)
    t.rows.push_back({std::string(to_string(p.role)), p.name.value_or(""), text_of(p.birth_year)});
  return t;
}

Table criteria_table(const std::optional<Screening>& s) {
  Table t{"criteria", "Screening", {"criterion", "verdict", "reason"}, {false, false, false}, {}};
  if (!s) return t;
  for (const auto& c : s->criteria)
    t.rows.push_back({std::string(to_string(c.id)), std::string(to_string(c.verdict)), c.reason});
  t.rows.push_back(
      {"outcome", std::string(to_string(s->outcome)), fmt::format("rule set {}", s->ruleset)});
  for (const auto& w : s->warnings) t.rows.push_back({"warning", w.code, w.message});
  return t;
}

Table decision_table(const CaseState& s) {
  Pairs rows;
  if (const auto& d = s.decision)
    rows = {{"decision", d->accepted ? "accepted" : "refused"},
            {"override", d->overridden ? "yes: accepted against the screening outcome" : "no"},
            {"motivation", d->motivation},
            {"by", d->actor},
            {"at", d->at}};
  if (s.closure_reason) {
    rows.emplace_back("closed", std::string(to_string(*s.closure_reason)));
    if (s.closure_note) rows.emplace_back("closure_note", *s.closure_note);
    if (s.monitor_until) rows.emplace_back("monitor_until", s.monitor_until->to_string());
    if (s.transferred_to) rows.emplace_back("transferred_to", *s.transferred_to);
  }
  if (s.transferred_from) rows.emplace_back("transferred_from", *s.transferred_from);
  return key_values("decision", "Decision", std::move(rows));
}

Table directors_table(const std::vector<DirectorTerm>& terms) {
  Table t{"directors",
          "Case director",
          {"professional", "from", "until", "assigned_by", "reason"},
          {false, false, false, false, false},
          {}};
  for (const auto& d : terms)
    t.rows.push_back({d.professional, d.from, d.until.value_or("current"), d.assigned_by,
                      d.reason.value_or("")});
  return t;
}

Table meetings_table(const std::vector<Meeting>& meetings) {
  Table t{"meetings",
          "Case meetings",
          {"number", "date", "status", "basis", "attendees", "purpose", "notes"},
          {true, false, false, false, false, false, false},
          {}};
  for (const auto& m : meetings)
    t.rows.push_back({std::to_string(m.number), m.date.to_string(),
                      std::string(to_string(m.status)), std::string(to_string(m.basis)),
                      joined(m.attendees), m.purpose, m.notes.value_or("")});
  return t;
}

Table monitoring_table(const std::vector<MonitoringContact>& contacts) {
  Table t{"monitoring",
          "Monitoring after closure",
          {"number", "result", "note", "actor", "at"},
          {true, false, false, false, false},
          {}};
  for (const auto& m : contacts)
    t.rows.push_back(
        {std::to_string(m.number), std::string(to_string(m.result)), m.note, m.actor, m.at});
  return t;
}

Table assessments_table(const std::vector<Assessment>& list) {
  Table t{"assessments",
          "Risk assessments",
          {"person", "date", "instrument", "score", "threshold", "unknown", "level", "change",
           "assessor"},
          {true, false, false, true, true, true, false, true, false},
          {}};
  for (const auto& a : list)
    t.rows.push_back({std::to_string(a.person), a.date.to_string(), a.instrument,
                      std::to_string(a.score), std::to_string(a.threshold),
                      std::to_string(a.unknown),
                      fmt::format("{}{}", to_string(a.level), a.judged ? " (judgement)" : ""),
                      a.score_change ? fmt::format("{:+}", *a.score_change) : "first", a.assessor});
  return t;
}

Table actions_table(const std::vector<Action>& actions) {
  Table t{"actions",
          "Action plan",
          {"number", "action", "domain", "professional", "due", "status", "overdue"},
          {true, false, false, false, false, false, false},
          {}};
  for (const auto& a : actions)
    t.rows.push_back({std::to_string(a.number), a.text, a.domain, a.professional, text_of(a.due),
                      std::string(to_string(a.status)), a.overdue ? "OVERDUE" : ""});
  return t;
}

Table involvement_table(const std::vector<Involvement>& involvement) {
  Table t{"involvement", "Partners involved", {"partner", "why"}, {false, false}, {}};
  for (const auto& i : involvement) t.rows.push_back({i.partner, joined(i.reasons)});
  return t;
}

Table timeline_table(const std::vector<Event>& events) {
  Table t{"timeline",
          "Timeline",
          {"at", "actor", "event", "details"},
          {false, false, false, false},
          {}};
  for (const auto& e : events)
    t.rows.push_back({e.at, e.actor.value_or(""), e.action, e.details == "{}" ? "" : e.details});
  return t;
}

// --- regional statistics -----------------------------------------------------

std::string period_text(const std::optional<Date>& from, const std::optional<Date>& to) {
  if (!from && !to) return "all referrals received";
  if (!from) return fmt::format("referrals received up to {}", *to);
  if (!to) return fmt::format("referrals received from {}", *from);
  return fmt::format("referrals received from {} to {}", *from, *to);
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
    return std::string(hidden(key) ? "suppressed" : "no data");
  }

 private:
  bool hidden(const char* key) const {
    return std::find(r_.suppressed.begin(), r_.suppressed.end(), key) != r_.suppressed.end();
  }
  const RegionReport& r_;
};

Table summary_table(const RegionReport& r) {
  const Cells c(r);
  Table t{"summary", "Summary", {"measure", "value"}, {false, true}, {}};
  t.rows = {
      {"referrals", c.count(r.total, "referrals.total")},
      {"repeat referrals", c.count(r.repeat_referrals, "referrals.repeat")},
      {"children involved", c.count(r.children, "children")},
      {"distinct victims", c.count(r.victims, "persons.victims")},
      {"distinct children", c.count(r.child_persons, "persons.children")},
      {"high risk at the first assessment", c.count(r.high_risk_at_intake, "risk.high_at_intake")},
      {"accepted", c.count(r.accepted, "decisions.accepted")},
      {"refused", c.count(r.refused, "decisions.refused")},
      {"accepted with override", c.count(r.overridden, "decisions.overridden")},
      {"acceptance rate", c.real(r.acceptance_rate, "decisions.acceptance_rate", true)},
      {"median days referral to decision",
       c.real(r.median_referral_to_decision, "median_days.referral_to_decision", false)},
      {"median days accepted to director",
       c.real(r.median_accepted_to_director, "median_days.accepted_to_director", false)},
      {"overdue actions", c.count(r.actions_overdue, "actions.overdue")}};
  return t;
}

/// What the team did in the period, whenever the referrals came in.
Table activity_table(const RegionReport& r) {
  const Cells c(r);
  const RegionActivity& a = r.activity;
  Table t{"activity", "Activity in the period", {"measure", "value"}, {false, true}, {}};
  t.rows = {
      {"accepted", c.count(a.accepted, "activity.decisions.accepted")},
      {"refused", c.count(a.refused, "activity.decisions.refused")},
      {"accepted with override", c.count(a.overridden, "activity.decisions.overridden")},
      {"case meetings held", c.count(a.meetings_held, "activity.meetings_held")},
      {"directors assigned", c.count(a.directors_assigned, "activity.directors_assigned")},
      {"plans activated", c.count(a.plans_activated, "activity.plans_activated")},
      {"reopenings", c.count(a.reopenings, "activity.reopenings")},
      {"transfers to another region", c.count(a.transfers_out, "activity.transfers.out")},
      {"transfers from another region", c.count(a.transfers_in, "activity.transfers.in")},
      {"monitoring contacts", c.count(a.monitoring_contacts, "activity.monitoring_contacts")},
      {"median days accepted to closure",
       c.real(a.median_accepted_to_closure, "activity.median_days.accepted_to_closure", false)}};
  return t;
}

}  // namespace

std::string count_text(const Count& c, int min_cell) {
  return c.value ? std::to_string(*c.value) : fmt::format("<{}", min_cell);
}

Document document_of(const CaseReport& r) {
  Document d;
  d.title = fmt::format("Case {}", r.state.id);
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
  d.title = fmt::format("Regional report {}", r.region ? *r.region : joined(r.regions));
  d.intro.push_back(fmt::format("{} in {}; open cases and overdue actions as of {}.",
                                period_text(r.from, r.to), joined(r.regions), r.today));
  d.intro.emplace_back(
      "Activity in the period counts what the team did on those days (Brussels time), "
      "whenever the referral came in.");
  if (r.min_cell > 1)
    d.intro.push_back(
        fmt::format("Counts from 1 to {} are suppressed (shown as <{}), with one "
                    "more count where a total would reveal them.",
                    r.min_cell - 1, r.min_cell));
  const int n = r.min_cell;
  d.tables = {
      summary_table(r),
      counts_table("referrals.by_outcome", "Referrals by outcome", "outcome", r.by_outcome, n),
      counts_table("referrals.by_channel", "Referrals by channel", "channel", r.by_channel, n),
      counts_table("referrals.by_month", "Referrals by month", "month", r.by_month, n),
      counts_table("open_cases.by_status", "Open cases by status", "status", r.open_by_status, n),
      counts_table("actions.by_status", "Actions by status", "status", r.actions_by_status, n),
      counts_table("actions.by_domain", "Actions by life domain", "life domain",
                   r.actions_by_domain, n),
      counts_table("closures.by_reason", "Closures by reason", "reason", r.closures_by_reason, n),
      activity_table(r),
      counts_table("activity.closures.by_reason", "Closures in the period by reason", "reason",
                   r.activity.closures_by_reason, n)};
  return d;
}

Document document_of(const ActionsReport& r) {
  Document d;
  d.title = r.query.overdue_only ? "Overdue actions" : "Actions";
  std::vector<std::string> filters;
  if (r.query.region) filters.push_back(fmt::format("region {}", *r.query.region));
  if (r.query.professional) filters.push_back(fmt::format("held by {}", *r.query.professional));
  d.intro.push_back(fmt::format("{}; most urgent first; overdue as of {}.",
                                filters.empty() ? "All cases you may read" : joined(filters),
                                r.today));
  Table t{"actions",
          "Actions",
          {"case", "action", "domain", "professional", "partner", "due", "status", "days overdue"},
          {false, true, false, false, false, false, false, true},
          {}};
  for (const auto& a : r.rows)
    t.rows.push_back({a.case_id, std::to_string(a.number), a.domain, a.professional, a.partner,
                      text_of(a.due), std::string(to_string(a.status)), text_of(a.days_overdue)});
  d.tables.push_back(std::move(t));
  return d;
}

Document document_of(const CaseloadReport& r) {
  Document d;
  d.title = r.region ? fmt::format("Caseload {}", *r.region) : "Caseload";
  d.intro.push_back(fmt::format(
      "Open cases directed and open actions held, per professional, as of {}; most loaded first.",
      r.today));
  if (std::any_of(r.rows.begin(), r.rows.end(), [](const CaseloadRow& c) { return !c.active; }))
    d.intro.emplace_back(
        "An inactive professional's cases need a new director, and their actions a new holder.");
  Table t{"caseload",
          "Caseload",
          {"professional", "partner", "directed cases", "open actions", "overdue actions",
           "oldest due"},
          {false, false, true, true, true, false},
          {}};
  for (const auto& c : r.rows)
    t.rows.push_back({c.active ? c.professional : c.professional + " (inactive)", c.partner,
                      std::to_string(c.directed_cases), std::to_string(c.open_actions),
                      std::to_string(c.overdue_actions), text_of(c.oldest_due)});
  d.tables.push_back(std::move(t));
  return d;
}

}  // namespace ifg::detail
