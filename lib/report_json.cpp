// SPDX-License-Identifier: EUPL-1.2
// The reports' JSON contracts (docs/reports.md), built from the domain types'
// forms of json_forms.cpp.
#include <cmath>

#include "ifg/json.h"
#include "report_tables.h"

namespace ifg {

namespace {

std::optional<std::string> date_text(const std::optional<Date>& d) {
  return d ? std::optional(d->to_string()) : std::nullopt;
}

void write_counts(JsonWriter& w, std::string_view key, const std::vector<Count>& counts) {
  w.key(key).begin_object();
  for (const auto& c : counts) w.member(c.key, c.value);
  w.end_object();
}

template <class T>
void write_list(JsonWriter& w, std::string_view key, const std::vector<T>& items) {
  w.key(key);
  write_json(w, items);
}

void write_screening(JsonWriter& w, const std::optional<Screening>& s) {
  w.key("screening");
  if (s)
    write_json(w, *s);
  else
    w.null();
}

void write_case_state(JsonWriter& w, const CaseState& s) {
  w.key("decision");
  if (s.decision)
    write_json(w, *s.decision);
  else
    w.null();
  w.member("director", s.director);
}

void write_closure(JsonWriter& w, const CaseState& s) {
  w.key("closure");
  if (!s.closure_reason) {
    w.null();
    return;
  }
  w.begin_object().member("reason", to_string(*s.closure_reason)).member("note", s.closure_note);
  w.member("monitor_until",
           s.monitor_until ? std::optional(s.monitor_until->to_string()) : std::nullopt);
  w.member("transferred_to", s.transferred_to);
  w.end_object();
}

void write_activity(JsonWriter& w, const RegionActivity& a) {
  w.key("activity").begin_object();
  w.key("decisions").begin_object().member("accepted", a.accepted).member("refused", a.refused);
  w.member("overridden", a.overridden).end_object();
  w.member("meetings_held", a.meetings_held).member("directors_assigned", a.directors_assigned);
  w.member("plans_activated", a.plans_activated);
  w.key("closures").begin_object();
  write_counts(w, "by_reason", a.closures_by_reason);
  w.end_object().member("reopenings", a.reopenings);
  w.key("transfers").begin_object().member("out", a.transfers_out);
  w.member("in", a.transfers_in).end_object();
  w.member("monitoring_contacts", a.monitoring_contacts);
  w.key("median_days").begin_object();
  w.member("accepted_to_closure", detail::rounded(a.median_accepted_to_closure));
  w.end_object().end_object();
}

}  // namespace

namespace detail {

std::optional<double> rounded(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return std::round(*v * 10000) / 10000;
}

}  // namespace detail

void write_json(JsonWriter& w, const CaseReport& r) {
  const CaseState& s = r.state;
  w.begin_object();
  w.member("format_version", kFormatVersion)
      .member("report", "case")
      .member("case", s.id)
      .member("region", s.region);
  w.member("veilig_huis", r.veilig_huis);
  w.member("status", to_string(s.status)).member("today", r.today.to_string());
  w.member("purged", r.purged).member("received_by", r.received_by);
  w.key("referral");
  write_json(w, r.referral);
  write_screening(w, r.screening);
  write_case_state(w, s);
  w.member("transferred_from", s.transferred_from);
  write_list(w, "directors", r.directors);
  write_list(w, "meetings", r.meetings);
  write_list(w, "actions", r.actions);
  write_list(w, "involvement", r.involvement);
  write_closure(w, s);
  write_list(w, "monitoring", s.monitoring);
  write_list(w, "assessments", r.assessments);
  write_list(w, "timeline", r.timeline);
  w.end_object();
}

void write_json(JsonWriter& w, const RegionReport& r) {
  using detail::rounded;
  w.begin_object();
  w.member("format_version", kFormatVersion).member("report", "region");
  w.member("region", r.region).member("regions", r.regions);
  w.key("period").begin_object();
  w.member("from", date_text(r.from)).member("to", date_text(r.to)).end_object();
  w.member("today", r.today.to_string()).member("min_cell", r.min_cell);
  w.key("referrals").begin_object().member("total", r.total).member("repeat", r.repeat_referrals);
  write_counts(w, "by_outcome", r.by_outcome);
  write_counts(w, "by_channel", r.by_channel);
  write_counts(w, "by_month", r.by_month);
  w.end_object();
  w.key("decisions").begin_object().member("accepted", r.accepted).member("refused", r.refused);
  w.member("overridden", r.overridden).member("acceptance_rate", rounded(r.acceptance_rate));
  w.end_object();
  w.key("open_cases").begin_object();
  write_counts(w, "by_status", r.open_by_status);
  w.end_object().key("actions").begin_object();
  write_counts(w, "by_status", r.actions_by_status);
  w.member("overdue", r.actions_overdue);
  write_counts(w, "by_domain", r.actions_by_domain);
  w.end_object().key("closures").begin_object();
  write_counts(w, "by_reason", r.closures_by_reason);
  w.end_object().key("median_days").begin_object();
  w.member("referral_to_decision", rounded(r.median_referral_to_decision));
  w.member("accepted_to_director", rounded(r.median_accepted_to_director));
  w.end_object();
  w.member("children", r.children);
  w.key("persons").begin_object().member("victims", r.victims);
  w.member("children", r.child_persons).end_object();
  w.key("risk").begin_object().member("high_at_intake", r.high_risk_at_intake).end_object();
  write_activity(w, r.activity);
  w.member("suppressed", r.suppressed);
  w.end_object();
}

void write_json(JsonWriter& w, const ActionsReport& r) {
  w.begin_object()
      .member("format_version", kFormatVersion)
      .member("report", "actions")
      .member("today", r.today.to_string());
  w.key("filters").begin_object().member("overdue", r.query.overdue_only);
  w.member("professional", r.query.professional).member("region", r.query.region).end_object();
  write_list(w, "actions", r.rows);
  w.end_object();
}

void write_json(JsonWriter& w, const ActionRow& a) {
  w.begin_object().member("case", a.case_id).member("region", a.region);
  w.member("case_status", to_string(a.case_status)).member("number", a.number);
  w.member("domain", a.domain).member("professional", a.professional);
  w.member("partner", a.partner).member("due", date_text(a.due));
  w.member("status", to_string(a.status)).member("overdue", a.overdue);
  w.member("days_overdue", a.days_overdue).end_object();
}

void write_json(JsonWriter& w, const CaseloadReport& r) {
  w.begin_object()
      .member("format_version", kFormatVersion)
      .member("report", "caseload")
      .member("region", r.region);
  w.member("today", r.today.to_string());
  write_list(w, "professionals", r.rows);
  w.end_object();
}

void write_json(JsonWriter& w, const CaseloadRow& c) {
  w.begin_object().member("professional", c.professional).member("partner", c.partner);
  w.member("directed_cases", c.directed_cases).member("open_actions", c.open_actions);
  w.member("overdue_actions", c.overdue_actions).member("oldest_due", date_text(c.oldest_due));
  w.member("active", c.active).end_object();
}

}  // namespace ifg
