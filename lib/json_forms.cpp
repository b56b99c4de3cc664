// SPDX-License-Identifier: EUPL-1.2
// The JSON form of each domain type (docs/formats.md, "JSON forms"): written
// once here and used by every output that shows the type.
#include <cmath>

#include "ifg/io.h"
#include "ifg/json.h"

namespace ifg {

namespace {

template <class E>
std::optional<std::string_view> code_of(const std::optional<E>& v) {
  if (!v) return std::nullopt;
  return to_string(*v);
}

template <class E>
void write_codes(JsonWriter& w, const std::vector<E>& items) {
  w.begin_array();
  for (E e : items) w.value(to_string(e));
  w.end_array();
}

/// A member only when the value is there (the canonical referral leaves absent facts out).
template <class T>
void present(JsonWriter& w, std::string_view key, const std::optional<T>& v) {
  if (v) w.member(key, *v);
}

void write_person(JsonWriter& w, const Person& p) {
  w.begin_object();
  present(w, "birth_year", p.birth_year);
  present(w, "name", p.name);
  w.member("role", to_string(p.role));
  w.end_object();
}

void write_referrer(JsonWriter& w, const Referrer& r) {
  w.begin_object();
  w.member("kind", to_string(r.kind));
  present(w, "name", r.name);
  present(w, "partner", r.partner);
  w.end_object();
}

}  // namespace

void write_json(JsonWriter& w, const Referral& r) {
  w.begin_object();  // keys in alphabetical order: the canonical form that is stored
  present(w, "channel", code_of(r.channel));
  present(w, "crisis_partner", code_of(r.crisis_partner));
  present(w, "external_ref", r.external_ref);
  present(w, "help_status", code_of(r.help_status));
  if (!r.life_domains.empty()) w.member("life_domains", r.life_domains);
  present(w, "measures_status", code_of(r.measures_status));
  if (!r.persons.empty()) {
    w.key("persons").begin_array();
    for (const auto& p : r.persons) write_person(w, p);
    w.end_array();
  }
  w.member("received", r.received.to_string());
  w.key("referrer");
  write_referrer(w, r.referrer);
  w.member("region", r.region);
  present(w, "regular_cooperation_sufficient", r.regular_cooperation_sufficient);
  present(w, "safety", code_of(r.safety));
  if (!r.sectors_needed.empty()) {
    w.key("sectors_needed");
    write_codes(w, r.sectors_needed);
  }
  present(w, "summary", r.summary);
  w.end_object();
}

/// A reason's named facts (`reason_params`): a list as an array, a whole
/// number as a number, anything else as a string.
void write_params(JsonWriter& w, const std::vector<ReasonParam>& params) {
  w.begin_object();
  for (const auto& p : params) {
    w.key(p.name);
    const bool digits = !p.value.empty() && p.value.size() < 10 &&
                        p.value.find_first_not_of("0123456789") == std::string::npos;
    if (p.list) {
      w.begin_array();
      for (std::size_t start = 0; start < p.value.size();) {
        const auto comma = std::min(p.value.find(',', start), p.value.size());
        w.value(std::string_view(p.value).substr(start, comma - start));
        start = comma + 1;
      }
      w.end_array();
    } else if (digits) {
      w.value(std::stoll(p.value));
    } else {
      w.value(p.value);
    }
  }
  w.end_object();
}

void write_json(JsonWriter& w, const CriterionResult& c) {
  w.begin_object();
  w.member("id", to_string(c.id)).member("verdict", to_string(c.verdict));
  w.member("reason", c.reason);
  if (!c.code.empty()) {
    w.member("reason_code", std::string(to_string(c.id)) + "." + c.code);
    w.key("reason_params");
    write_params(w, reason_params(c.id, c.code, c.facts));
  }
  w.end_object();
}

void write_json(JsonWriter& w, const Warning& warning) {
  w.begin_object().member("code", warning.code).member("message", warning.message);
  w.key("params");
  write_params(w, reason_params(std::nullopt, warning.code, warning.facts));
  w.end_object();
}

void write_json(JsonWriter& w, const Screening& s) {
  w.begin_object();
  w.member("outcome", to_string(s.outcome)).member("ruleset", s.ruleset);
  w.key("criteria");
  write_json(w, s.criteria);
  w.key("warnings");
  write_json(w, s.warnings);
  w.end_object();
}

void write_json(JsonWriter& w, const ScreenResult& r) {
  w.begin_object().member("format_version", kFormatVersion);
  w.member("record", r.record).member("source", r.source);
  w.member("external_ref", r.external_ref).member("case", r.case_id);
  w.member("outcome", to_string(r.outcome)).member("ruleset", r.ruleset);
  w.key("criteria");
  write_json(w, r.criteria);
  w.key("warnings");
  write_json(w, r.warnings);
  w.key("errors").begin_array();
  for (const auto& e : r.errors)
    w.begin_object().member("field", e.field).member("message", e.message).end_object();
  w.end_array();
  w.key("repeat");
  if (r.repeat)
    w.begin_object()
        .member("earlier_cases", r.repeat->earlier_cases)
        .member("others", r.repeat->others)
        .member("persons", r.repeat->persons)
        .end_object();
  else
    w.null();
  w.end_object();
}

void write_json(JsonWriter& w, const BatchSummary& s) {
  w.begin_object();
  w.member("records", s.records);
  w.key("by_outcome").begin_object();
  for (int i = 0; i < kOutcomeCount; ++i)
    w.member(to_string(static_cast<Outcome>(i)), s.by_outcome[static_cast<std::size_t>(i)]);
  w.end_object();
  w.member("seconds", std::round(s.seconds * 1000) / 1000);
  w.member("per_second", std::round(s.per_second()));
  w.end_object();
}

void write_json(JsonWriter& w, const Partner& p) {
  w.begin_object();
  w.member("id", p.id).member("kind", to_string(p.kind)).member("name", p.name);
  w.member("regions", p.regions);
  w.end_object();
}

void write_json(JsonWriter& w, const Professional& p) {
  w.begin_object();
  w.member("id", p.id).member("name", p.name).member("partner", p.partner);
  w.key("roles");
  write_codes(w, p.roles);
  w.member("active", p.active);
  w.end_object();
}

void write_json(JsonWriter& w, const Decision& d) {
  w.begin_object();
  w.member("accepted", d.accepted).member("overridden", d.overridden);
  w.member("motivation", d.motivation).member("actor", d.actor).member("at", d.at);
  w.end_object();
}

void write_json(JsonWriter& w, const Meeting& m) {
  w.begin_object();
  w.member("number", m.number).member("date", m.date.to_string());
  w.member("status", to_string(m.status));
  w.member("basis", to_string(m.basis)).member("purpose", m.purpose).member("notes", m.notes);
  w.member("attendees", m.attendees).member("actor", m.actor).member("at", m.at);
  // Deprecated since 0.2.0, removed in 0.3.0: `meeting list` named these so.
  w.member("recorded_by", m.actor).member("recorded_at", m.at);
  w.end_object();
}

void write_json(JsonWriter& w, const CasePerson& p) {
  w.begin_object();
  w.member("number", p.number).member("person", p.person).member("role", to_string(p.role));
  w.member("name", p.name).member("birth_year", p.birth_year);
  w.key("gender");
  if (p.gender)
    w.value(to_string(*p.gender));
  else
    w.null();
  w.member("added", p.added).member("changed", p.changed);
  w.member("removed_reason", p.removed_reason).member("other_cases", p.other_cases);
  w.member("possible_links", p.possible_links);
  w.end_object();
}

void write_json(JsonWriter& w, const LinkedPerson& p) {
  w.begin_object().member("case", p.case_id).member("number", p.number);
  w.member("role", to_string(p.role)).member("name", p.name).member("birth_year", p.birth_year);
  w.member("cases", p.cases).end_object();
}

void write_json(JsonWriter& w, const PossibleLink& l) {
  w.begin_object().key("first");
  write_json(w, l.first);
  w.key("second");
  write_json(w, l.second);
  w.member("reason", to_string(l.reason)).member("distance", l.distance).end_object();
}

void write_json(JsonWriter& w, const Assessment& a) {
  w.begin_object().member("number", a.number).member("person", a.person);
  w.member("role", to_string(a.role)).member("instrument", a.instrument);
  w.member("date", a.date.to_string()).member("assessor", a.assessor);
  w.key("answers").begin_object();
  for (const auto& [id, answer] : a.answers) w.member(id, to_string(answer));
  w.end_object();
  w.member("score", a.score).member("threshold", a.threshold).member("unknown", a.unknown);
  w.member("scored", to_string(a.scored)).member("level", to_string(a.level));
  w.member("judged", a.judged).member("motivation", a.motivation);
  w.member("score_change", a.score_change).key("previous_level");
  if (a.previous_level)
    w.value(to_string(*a.previous_level));
  else
    w.null();
  w.member("recorded_at", a.recorded_at).member("recorded_by", a.recorded_by);
  w.end_object();
}

void write_json(JsonWriter& w, const Instrument& in) {
  w.begin_object().member("id", in.id).member("name", in.name);
  w.key("applies_to");
  write_codes(w, in.applies_to);
  w.member("threshold", in.threshold).key("items").begin_array();
  for (const auto& i : in.items)
    w.begin_object()
        .member("id", i.id)
        .member("text", i.text)
        .member("weight", i.weight)
        .end_object();
  w.end_array().end_object();
}

void write_json(JsonWriter& w, const PersonCases& p) {
  w.begin_object().member("format_version", kFormatVersion);
  w.member("case", p.case_id).key("person");
  write_json(w, p.person);
  w.member("cases", p.cases).member("others", p.others);
  w.end_object();
}

void write_json(JsonWriter& w, const MonitoringContact& m) {
  w.begin_object();
  w.member("number", m.number).member("result", to_string(m.result)).member("note", m.note);
  w.member("actor", m.actor).member("at", m.at);
  w.end_object();
}

void write_json(JsonWriter& w, const ActionChange& c) {
  w.begin_object();
  w.member("at", c.at).member("actor", c.actor).member("kind", c.kind);
  w.member("from", c.from).member("to", c.to).member("note", c.note);
  w.end_object();
}

void write_json(JsonWriter& w, const Action& a) {
  w.begin_object();
  w.member("number", a.number).member("text", a.text);
  w.member("action", a.text);  // deprecated since 0.2.0, removed in 0.3.0: use "text"
  w.member("domain", a.domain).member("professional", a.professional);
  w.member("partner", a.partner);
  w.member("due", a.due ? std::optional(a.due->to_string()) : std::nullopt);
  w.member("status", to_string(a.status)).member("overdue", a.overdue);
  w.key("history");
  write_json(w, a.history);
  w.end_object();
}

void write_json(JsonWriter& w, const DirectorTerm& t) {
  w.begin_object();
  w.member("professional", t.professional).member("from", t.from).member("until", t.until);
  w.member("assigned_by", t.assigned_by).member("reason", t.reason);
  w.end_object();
}

void write_json(JsonWriter& w, const Involvement& i) {
  w.begin_object().member("partner", i.partner).member("reasons", i.reasons).end_object();
}

void write_json(JsonWriter& w, const Event& e) {
  w.begin_object();
  w.member("id", e.id).member("at", e.at).member("actor", e.actor).member("action", e.action);
  w.key("details").json(e.details);
  w.end_object();
}

void write_json(JsonWriter& w, const AuditEntry& e) {
  w.begin_object();
  w.member("id", e.id).member("at", e.at).member("actor", e.actor).member("kind", e.kind);
  w.member("action", e.action).member("case", e.case_id);
  w.key("details").json(e.details);
  w.member("justification", e.justification).member("hash", e.hash);
  w.end_object();
}

void write_json(JsonWriter& w, const AuditHead& h) {
  w.begin_object().member("format_version", kFormatVersion);
  w.member("entries", h.entries).member("head", h.head).end_object();
}

void write_json(JsonWriter& w, const AuditVerification& v) {
  w.begin_object().member("format_version", kFormatVersion);
  w.member("intact", v.intact).member("entries", v.head.entries).member("head", v.head.head);
  w.member("first_broken", v.first_broken);
  w.member("problem", v.intact ? std::nullopt : std::optional(v.problem));
  w.member("legacy_purged", v.legacy_purged);
  if (v.state_checked) {
    w.member("rows_checked", v.rows_checked);
    w.key("state");
    if (!v.state) {
      w.null();
    } else {
      w.begin_object().member("table", v.state->table).member("key", v.state->key);
      w.member("column", v.state->column).member("entry", v.state->entry);
      w.member("problem", v.state->problem).end_object();
    }
  }
  w.end_object();
}

void write_json(JsonWriter& w, const PersonExport& p) {
  w.begin_object().member("format_version", kFormatVersion);
  w.key("person").begin_object().member("name", p.name).member("birth_year", p.birth_year);
  w.end_object();
  w.key("cases").begin_array();
  for (const auto& c : p.cases) {
    w.begin_object();
    w.member("case", c.case_id).member("region", c.region).member("status", to_string(c.status));
    w.member("roles", c.roles);
    w.key("referral");
    write_json(w, c.referral);
    w.key("meetings");
    write_json(w, c.meetings);
    w.key("actions");
    write_json(w, c.actions);
    w.key("events");
    write_json(w, c.events);
    w.key("persons");
    write_json(w, c.persons);
    w.key("assessments");
    write_json(w, c.assessments);
    w.member("by_link", c.by_link);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_json(JsonWriter& w, const CaseListRow& r) {
  w.begin_object().member("case", r.case_id).member("region", r.region);
  w.member("status", to_string(r.status)).member("outcome", code_of(r.outcome));
  w.member("received", r.received.to_string()).member("days_open", r.days_open);
  w.member("director", r.director).member("director_active", r.director_active);
  w.member("open_actions", r.open_actions).member("overdue_actions", r.overdue_actions);
  w.member("next_due", r.next_due ? std::optional(r.next_due->to_string()) : std::nullopt);
  w.member("last_activity", r.last_activity);
  w.member("monitor_until",
           r.monitor_until ? std::optional(r.monitor_until->to_string()) : std::nullopt);
  w.end_object();
}

void write_json(JsonWriter& w, const CaseList& l) {
  w.begin_object().member("format_version", kFormatVersion).key("cases").begin_array();
  for (const auto& r : l.rows) write_json(w, r);
  w.end_array().member("count", l.rows.size()).end_object();
}

void write_json(JsonWriter& w, const FoundCase& c) {
  w.begin_object().member("case", c.case_id).member("region", c.region);
  w.member("status", to_string(c.status)).member("received", c.received.to_string());
  w.member("roles", c.roles).end_object();
}

void write_json(JsonWriter& w, const FoundCases& f) {
  w.begin_object().member("format_version", kFormatVersion).key("cases");
  write_json(w, f.cases);
  w.member("count", f.cases.size()).end_object();
}

}  // namespace ifg
