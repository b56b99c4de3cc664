// SPDX-License-Identifier: EUPL-1.2
// The SQL of risk assessments (schema 12, issue 14): one row per assessment of
// a person of a case, with its answers, score and level as assessed.
#include "store.h"
#include "store_sql.h"

namespace ifg::detail {

int Store::insert_assessment(const std::string& case_id, const Assessment& a,
                             const std::string& answers_json) {
  auto& s = c_->stmt(
      "INSERT INTO assessments(case_id, number, person, role, instrument, date, assessor, answers, "
      "score, threshold, unknown, scored, level, judged, motivation, at, actor) VALUES(?1, "
      "(SELECT coalesce(max(number), 0) + 1 FROM assessments WHERE case_id = ?1), ?2, ?3, ?4, ?5, "
      "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING number");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, a.person);
  s.bind(3, std::string(to_string(a.role)));
  s.bind(4, a.instrument);
  s.bind(5, a.date.to_string());
  s.bind(6, a.assessor);
  s.bind(7, answers_json);
  s.bind(8, a.score);
  s.bind(9, a.threshold);
  s.bind(10, a.unknown);
  s.bind(11, std::string(to_string(a.scored)));
  s.bind(12, std::string(to_string(a.level)));
  s.bind(13, a.judged ? 1 : 0);
  bind_opt(s, 14, a.motivation);
  s.bind(15, a.recorded_at);
  s.bind(16, a.recorded_by);
  s.executeStep();
  return s.getColumn(0).getInt();
}

std::vector<Assessment> Store::assessments(const std::string& case_id,
                                           std::vector<std::string>& answers_json) {
  auto& q = c_->stmt(
      "SELECT number, person, role, instrument, date, assessor, answers, score, threshold, "
      "unknown, scored, level, judged, motivation, at, actor FROM assessments WHERE case_id = ? "
      "ORDER BY person, date, number");
  ResetGuard g{q};
  q.bind(1, case_id);
  std::vector<Assessment> out;
  while (q.executeStep()) {
    Assessment a;
    a.number = q.getColumn(0).getInt();
    a.person = q.getColumn(1).getInt();
    a.role = stored_enum<PersonRole>(q.getColumn(2), "assessments.role");
    a.instrument = q.getColumn(3).getString();
    a.date = stored_date(q.getColumn(4), "assessments.date");
    a.assessor = q.getColumn(5).getString();
    answers_json.push_back(q.getColumn(6).getString());
    a.score = q.getColumn(7).getInt();
    a.threshold = q.getColumn(8).getInt();
    a.unknown = q.getColumn(9).getInt();
    a.scored = stored_enum<RiskLevel>(q.getColumn(10), "assessments.scored");
    a.level = stored_enum<RiskLevel>(q.getColumn(11), "assessments.level");
    a.judged = q.getColumn(12).getInt() != 0;
    a.motivation = opt_text(q.getColumn(13));
    a.recorded_at = q.getColumn(14).getString();
    a.recorded_by = q.getColumn(15).getString();
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<LatestRisk> Store::latest_assessments(const std::string& case_id) {
  auto& q = c_->stmt(
      "SELECT number, person, instrument, date, level FROM assessments a WHERE case_id = ?1 AND "
      "number = (SELECT b.number FROM assessments b WHERE b.case_id = ?1 AND b.person = a.person "
      "ORDER BY b.date DESC, b.number DESC LIMIT 1) ORDER BY person");
  ResetGuard g{q};
  q.bind(1, case_id);
  std::vector<LatestRisk> out;
  while (q.executeStep()) {
    LatestRisk l;
    l.assessment = q.getColumn(0).getInt();
    l.person = q.getColumn(1).getInt();
    l.instrument = q.getColumn(2).getString();
    l.date = stored_date(q.getColumn(3), "assessments.date");
    l.level = stored_enum<RiskLevel>(q.getColumn(4), "assessments.level");
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace ifg::detail
