// SPDX-License-Identifier: EUPL-1.2
// The workflow after screening: decisions, meetings and their attendees, the
// action plan and its history, director terms, closure, and a case's timeline.
#include "store.h"
#include "store_sql.h"

namespace ifg::detail {

void Store::set_status(const std::string& case_id, CaseStatus status) {
  auto& s = c_->stmt("UPDATE cases SET status = ? WHERE id = ?");
  s.bind(1, std::string(to_string(status)));
  s.bind(2, case_id);
  s.exec();
}

void Store::insert_decision(const std::string& case_id, const Decision& d) {
  auto& s = c_->stmt(
      "INSERT INTO decisions(case_id, accepted, motivation, overridden, actor, at) "
      "VALUES(?, ?, ?, ?, ?, ?)");
  s.bind(1, case_id);
  s.bind(2, d.accepted ? 1 : 0);
  s.bind(3, d.motivation);
  s.bind(4, d.overridden ? 1 : 0);
  s.bind(5, d.actor);
  s.bind(6, d.at);
  s.exec();
  auto& c = c_->stmt("UPDATE cases SET decision = ?, overridden = ? WHERE id = ?");
  c.bind(1, d.accepted ? "accepted" : "refused");
  c.bind(2, d.overridden ? 1 : 0);
  c.bind(3, case_id);
  c.exec();
  set_decision_days(case_id, d.at);
}

std::optional<Decision> Store::decision(const std::string& case_id) {
  auto& s = c_->stmt(
      "SELECT accepted, motivation, overridden, actor, at FROM decisions WHERE case_id = ?");
  ResetGuard g{s};
  s.bind(1, case_id);
  if (!s.executeStep()) return std::nullopt;
  return Decision{s.getColumn(0).getInt() != 0, s.getColumn(1).getString(),
                  s.getColumn(2).getInt() != 0, s.getColumn(3).getString(),
                  s.getColumn(4).getString()};
}

int Store::insert_meeting(const std::string& case_id, const MeetingInput& m,
                          const std::string& actor, const std::string& at) {
  auto& s = c_->stmt(
      "INSERT INTO meetings(case_id, number, date, basis, purpose, notes, actor, at, status) "
      "SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM meetings "
      "WHERE case_id = ?1 RETURNING number");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, m.date.to_string());
  s.bind(3, std::string(to_string(m.basis)));
  s.bind(4, m.purpose);
  bind_opt(s, 5, m.notes);
  s.bind(6, actor);
  s.bind(7, at);
  s.bind(8, std::string(to_string(m.date > brussels_date(*parse_timestamp(at))
                                      ? MeetingStatus::kPlanned
                                      : MeetingStatus::kHeld)));
  s.executeStep();
  const int number = s.getColumn(0).getInt();
  s.tryReset();
  add_attendees(case_id, number, m.attendees);
  return number;
}

void Store::add_attendees(const std::string& case_id, int number,
                          const std::vector<std::string>& attendees) {
  auto& a = c_->stmt(
      "INSERT INTO meeting_attendees(case_id, number, professional_id) VALUES(?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  for (const auto& pro : attendees) {
    a.reset();
    a.bind(1, case_id);
    a.bind(2, number);
    a.bind(3, pro);
    a.exec();
  }
}

void Store::hold_meeting(const std::string& case_id, int number, const MeetingHeld& h) {
  auto& s = c_->stmt(
      "UPDATE meetings SET status = 'held', notes = coalesce(?3, notes) "
      "WHERE case_id = ?1 AND number = ?2");
  s.bind(1, case_id);
  s.bind(2, number);
  bind_opt(s, 3, h.notes);
  s.exec();
  if (h.attendees.empty()) return;
  auto& d = c_->stmt("DELETE FROM meeting_attendees WHERE case_id = ? AND number = ?");
  d.bind(1, case_id);
  d.bind(2, number);
  d.exec();
  add_attendees(case_id, number, h.attendees);
}

std::vector<Meeting> Store::meetings(const std::string& case_id) {
  auto& s = c_->stmt(
      "SELECT m.number, m.date, m.basis, m.purpose, m.notes, m.actor, m.at, "
      "(SELECT group_concat(professional_id, ',') FROM (SELECT professional_id FROM "
      "meeting_attendees a WHERE a.case_id = m.case_id AND a.number = m.number "
      "ORDER BY professional_id) AS a), m.status FROM meetings m WHERE m.case_id = ? "
      "ORDER BY m.date, m.number");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<Meeting> out;
  while (s.executeStep()) {
    Meeting m;
    m.number = s.getColumn(0).getInt();
    m.date = stored_date(s.getColumn(1), "meetings.date");
    m.basis = stored_enum<LegalBasis>(s.getColumn(2), "meetings.basis");
    m.purpose = s.getColumn(3).getString();
    m.notes = opt_text(s.getColumn(4));
    m.actor = s.getColumn(5).getString();
    m.at = s.getColumn(6).getString();
    m.attendees = split(opt_text(s.getColumn(7)).value_or(""), ',');
    m.status = stored_enum<MeetingStatus>(s.getColumn(8), "meetings.status");
    out.push_back(std::move(m));
  }
  return out;
}

int Store::insert_action(const std::string& case_id, const std::string& text,
                         const std::string& domain, const std::string& professional,
                         const std::optional<Date>& due, const std::string& actor,
                         const std::string& at) {
  auto& s = c_->stmt(
      "INSERT INTO actions(case_id, number, text, domain, professional_id, due, status, region, "
      "received) "
      "SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5, 'open', "
      "(SELECT region FROM cases WHERE id = ?1), (SELECT received FROM cases WHERE id = ?1) "
      "FROM actions WHERE case_id = ?1 RETURNING number");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, text);
  s.bind(3, domain);
  s.bind(4, professional);
  if (due) s.bind(5, due->to_string());
  s.executeStep();
  const int number = s.getColumn(0).getInt();
  s.tryReset();
  insert_action_change(case_id, number,
                       {at, actor, "created", std::nullopt, professional, std::nullopt});
  return number;
}

std::vector<Action> Store::actions(const std::string& case_id) {
  auto& s = c_->stmt(
      "SELECT a.number, a.text, a.domain, a.professional_id, p.partner_id, a.due, a.status "
      "FROM actions a JOIN professionals p ON p.id = a.professional_id "
      "WHERE a.case_id = ? ORDER BY a.number");
  std::vector<Action> out;
  {
    ResetGuard g{s};
    s.bind(1, case_id);
    while (s.executeStep()) {
      Action a;
      a.number = s.getColumn(0).getInt();
      a.text = s.getColumn(1).getString();
      a.domain = s.getColumn(2).getString();
      a.professional = s.getColumn(3).getString();
      a.partner = s.getColumn(4).getString();
      if (!s.getColumn(5).isNull()) a.due = stored_date(s.getColumn(5), "actions.due");
      a.status = stored_enum<ActionStatus>(s.getColumn(6), "actions.status");
      out.push_back(std::move(a));
    }
  }
  auto& h = c_->stmt(
      "SELECT number, at, actor, kind, from_value, to_value, note FROM action_changes "
      "WHERE case_id = ? ORDER BY number, id");
  ResetGuard g{h};
  h.bind(1, case_id);
  while (h.executeStep()) {
    const int number = h.getColumn(0).getInt();
    for (auto& a : out)
      if (a.number == number)
        a.history.push_back({h.getColumn(1).getString(), h.getColumn(2).getString(),
                             h.getColumn(3).getString(), opt_text(h.getColumn(4)),
                             h.getColumn(5).getString(), opt_text(h.getColumn(6))});
  }
  return out;
}

void Store::set_action_status(const std::string& case_id, int number, ActionStatus status) {
  auto& s = c_->stmt("UPDATE actions SET status = ? WHERE case_id = ? AND number = ?");
  s.bind(1, std::string(to_string(status)));
  s.bind(2, case_id);
  s.bind(3, number);
  s.exec();
}

void Store::set_action_holder(const std::string& case_id, int number,
                              const std::string& professional) {
  auto& s = c_->stmt("UPDATE actions SET professional_id = ? WHERE case_id = ? AND number = ?");
  s.bind(1, professional);
  s.bind(2, case_id);
  s.bind(3, number);
  s.exec();
}

void Store::set_action_due(const std::string& case_id, int number, const std::optional<Date>& due) {
  auto& s = c_->stmt("UPDATE actions SET due = ? WHERE case_id = ? AND number = ?");
  if (due) s.bind(1, due->to_string());
  s.bind(2, case_id);
  s.bind(3, number);
  s.exec();
}

void Store::insert_action_change(const std::string& case_id, int number, const ActionChange& c) {
  auto& s = c_->stmt(
      "INSERT INTO action_changes(case_id, number, at, actor, kind, from_value, to_value, note) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, case_id);
  s.bind(2, number);
  s.bind(3, c.at);
  s.bind(4, c.actor);
  s.bind(5, c.kind);
  bind_opt(s, 6, c.from);
  s.bind(7, c.to);
  bind_opt(s, 8, c.note);
  s.exec();
}

void Store::start_director_term(const std::string& case_id, const std::string& professional,
                                const std::string& assigned_by,
                                const std::optional<std::string>& reason, const std::string& at) {
  auto& end =
      c_->stmt("UPDATE director_terms SET until_at = ? WHERE case_id = ? AND until_at IS NULL");
  end.bind(1, at);
  end.bind(2, case_id);
  end.exec();
  auto& ins = c_->stmt(
      "INSERT INTO director_terms(case_id, professional_id, from_at, assigned_by, reason) "
      "VALUES(?, ?, ?, ?, ?)");
  ins.bind(1, case_id);
  ins.bind(2, professional);
  ins.bind(3, at);
  ins.bind(4, assigned_by);
  bind_opt(ins, 5, reason);
  ins.exec();
  auto& c = c_->stmt("UPDATE cases SET director = ? WHERE id = ?");
  c.bind(1, professional);
  c.bind(2, case_id);
  c.exec();
  set_director_days(case_id, at);
}

std::vector<DirectorTerm> Store::directors(const std::string& case_id) {
  auto& s = c_->stmt(
      "SELECT professional_id, from_at, until_at, assigned_by, reason FROM director_terms "
      "WHERE case_id = ? ORDER BY id");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<DirectorTerm> out;
  while (s.executeStep())
    out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), opt_text(s.getColumn(2)),
                   s.getColumn(3).getString(), opt_text(s.getColumn(4))});
  return out;
}

void Store::close_case(const std::string& case_id, ClosureReason reason,
                       const std::optional<std::string>& note, const std::string& at,
                       const std::optional<Date>& monitor_until) {
  auto& s = c_->stmt(
      "UPDATE cases SET status = 'closed', closure_reason = ?, closure_note = ?, closed_at = ?, "
      "monitor_until = ? WHERE id = ?");
  s.bind(1, std::string(to_string(reason)));
  bind_opt(s, 2, note);
  s.bind(3, at);
  if (monitor_until) s.bind(4, monitor_until->to_string());
  s.bind(5, case_id);
  s.exec();
  auto& t =
      c_->stmt("UPDATE director_terms SET until_at = ? WHERE case_id = ? AND until_at IS NULL");
  t.bind(1, at);
  t.bind(2, case_id);
  t.exec();
}

int Store::insert_monitoring(const std::string& case_id, const MonitoringContact& m) {
  auto& s = c_->stmt(
      "INSERT INTO monitoring(case_id, number, result, note, actor, at) "
      "SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5 FROM monitoring "
      "WHERE case_id = ?1 RETURNING number");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, std::string(to_string(m.result)));
  s.bind(3, m.note);
  s.bind(4, m.actor);
  s.bind(5, m.at);
  s.executeStep();
  return s.getColumn(0).getInt();
}

std::vector<MonitoringContact> Store::monitoring(const std::string& case_id) {
  auto& s = c_->stmt(
      "SELECT number, result, note, actor, at FROM monitoring WHERE case_id = ? ORDER BY number");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<MonitoringContact> out;
  while (s.executeStep())
    out.push_back({s.getColumn(0).getInt(),
                   stored_enum<MonitoringResult>(s.getColumn(1), "monitoring.result"),
                   s.getColumn(2).getString(), s.getColumn(3).getString(),
                   s.getColumn(4).getString()});
  return out;
}

void Store::reopen_case(const CaseRow& row, const std::string& reason, const std::string& actor,
                        const std::string& at) {
  auto& r = c_->stmt(
      "INSERT INTO reopenings(case_id, number, reason, closure_reason, closure_note, closed_at, "
      "actor, at) SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7 "
      "FROM reopenings WHERE case_id = ?1");
  r.bind(1, row.id);
  r.bind(2, reason);
  r.bind(3, std::string(to_string(row.closure_reason.value_or(ClosureReason::kOther))));
  bind_opt(r, 4, row.closure_note);
  r.bind(5, row.closed_at.value_or(at));
  r.bind(6, actor);
  r.bind(7, at);
  r.exec();
  auto& c = c_->stmt(
      "UPDATE cases SET status = 'analysis', closure_reason = NULL, closure_note = NULL, "
      "closed_at = NULL, monitor_until = NULL, director = NULL WHERE id = ?");
  c.bind(1, row.id);
  c.exec();
}

std::optional<std::string> Store::reopened_at(const std::string& case_id) {
  auto& s = c_->stmt("SELECT max(at) FROM reopenings WHERE case_id = ?");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.executeStep();
  return opt_text(s.getColumn(0));
}

void Store::link_transfer(const std::string& from, const std::string& to) {
  auto& a = c_->stmt("UPDATE cases SET transferred_to = ? WHERE id = ?");
  a.bind(1, to);
  a.bind(2, from);
  a.exec();
  auto& b = c_->stmt("UPDATE cases SET transferred_from = ? WHERE id = ?");
  b.bind(1, from);
  b.bind(2, to);
  b.exec();
}

std::pair<long, long> Store::open_work(const std::string& id) {
  auto& s = c_->stmt(
      "SELECT (SELECT count(*) FROM cases WHERE director = ?1 AND status <> 'closed'), "
      "(SELECT count(*) FROM actions a JOIN cases c ON c.id = a.case_id WHERE "
      "a.professional_id = ?1 AND a.status IN ('open', 'in_progress') AND c.status <> 'closed')");
  ResetGuard g{s};
  s.bind(1, id);
  s.executeStep();
  return {s.getColumn(0).getInt64(), s.getColumn(1).getInt64()};
}

std::vector<Event> Store::events(const std::string& case_id) {
  // The case's own entries, and its record in a batch chunk (registered and
  // screened in one event), dated and signed by the chunk's entry.
  auto& s = c_->stmt(
      "SELECT id, at, actor, action, details FROM events WHERE case_id = ?1 AND kind = 'change' "
      "UNION ALL SELECT e.id, e.at, e.actor, 'registered', CAST(" IFG_BATCH_DETAILS
      " AS TEXT) FROM cases c JOIN batch_events b ON b.chunk = c.batch_chunk AND b.seq = "
      "c.batch_seq "
      "JOIN events e ON e.id = b.chunk WHERE c.id = ?1 ORDER BY 1");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<Event> out;
  while (s.executeStep())
    out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(), opt_text(s.getColumn(2)),
                   s.getColumn(3).getString(), s.getColumn(4).getString()});
  return out;
}

void Store::set_decision_days(const std::string& case_id, const std::string& at) {
  auto& s = c_->stmt(
      "UPDATE cases SET decision_days = CAST(julianday(?) - julianday(received) AS INTEGER) "
      "WHERE id = ?");
  s.bind(1, brussels_day(at));
  s.bind(2, case_id);
  s.exec();
}

void Store::set_director_days(const std::string& case_id, const std::string& at) {
  auto& s = c_->stmt(
      "UPDATE cases SET director_days = CAST(julianday(?) - julianday(received) AS INTEGER) - "
      "decision_days WHERE id = ? AND director_days IS NULL AND decision = 'accepted'");
  s.bind(1, brussels_day(at));
  s.bind(2, case_id);
  s.exec();
}

}  // namespace ifg::detail
