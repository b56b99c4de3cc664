// The SQL of the reports. `report region` reads only the narrow columns that
// schema 5 keeps for it, through the covering indexes cases_stats, cases_dates
// and actions_stats: one index range per region, grouped in index order (no
// sort), never a case's referral JSON.
#include <algorithm>

#include "store.h"
#include "store_sql.h"

namespace ifg::detail {

namespace {

constexpr const char* kOpenActions = "('open', 'in_progress')";

std::string range_from(const std::optional<std::string>& from) {
  return from.value_or("0000");
}
std::string range_to(const std::optional<std::string>& to) {
  return to.value_or("9999");
}

/// Binds ?1 the region and ?2, ?3 the first and last day received.
void bind_range(SQLite::Statement& s, const std::string& region, const std::string& lo,
                const std::string& hi) {
  s.bind(1, region);
  s.bind(2, lo);
  s.bind(3, hi);
}

/// The key of a nullable code column: "" for NULL.
std::string key_of(const SQLite::Column& c) {
  return c.isNull() ? std::string() : c.getString();
}

/// Binds the visibility of a cross-case report: ?1 coordinated regions as a
/// JSON array, ?2 the director, ?3 the partner.
void bind_visibility(SQLite::Statement& s, const Store::Visibility& v) {
  std::string regions = "[";
  for (const auto& r : v.coordinated) regions += (regions.size() > 1 ? ",\"" : "\"") + r + "\"";
  regions += "]";
  s.bind(1, regions);
  bind_opt(s, 2, v.director);
  bind_opt(s, 3, v.partner);
}

// Region codes are upper-case letters (validated on load), so they need no escaping above.
// The partner ?3 is involved by a stored fact, or by the referral (the
// referrer's partner, or of the channel's or crisis partner's kind in the region).
constexpr const char* kVisible =
    "(c.region IN (SELECT value FROM json_each(?1)) OR c.director = ?2 OR "
    "EXISTS (SELECT 1 FROM involvement i WHERE i.case_id = c.id AND i.partner_id = ?3) OR "
    "c.referrer_partner = ?3 OR EXISTS (SELECT 1 FROM partners p JOIN partner_regions r "
    "ON r.partner_id = p.id WHERE p.id = ?3 AND r.region = c.region AND "
    "(p.kind = c.channel OR p.kind = c.crisis_partner)))";

}  // namespace

void Store::add_region_stats(RegionStats& st, const std::string& region,
                             const std::optional<std::string>& from,
                             const std::optional<std::string>& to, const std::string& today) {
  const std::string lo = range_from(from), hi = range_to(to);
  add_referral_stats(st, region, lo, hi);
  add_day_stats(st, region, lo, hi);
  add_action_stats(st, region, lo, hi, today);
}

void Store::add_referral_stats(RegionStats& st, const std::string& region, const std::string& lo,
                               const std::string& hi) {
  // `+received` keeps the period a filter: the planner could otherwise pick a
  // skip-scan over (status, ...) to use it, and sort for the GROUP BY.
  auto& s = c_->stmt(
      "SELECT status, outcome, channel, closure_reason, decision, overridden, count(*), "
      "sum(children) FROM cases INDEXED BY cases_stats "
      "WHERE region = ?1 AND +received >= ?2 AND +received <= ?3 GROUP BY 1, 2, 3, 4, 5, 6");
  ResetGuard g{s};
  bind_range(s, region, lo, hi);
  while (s.executeStep()) {
    const std::int64_t n = s.getColumn(6).getInt64();
    st.total += n;
    st.children += s.getColumn(7).getInt64();
    st.by_status[s.getColumn(0).getString()] += n;
    st.by_outcome[key_of(s.getColumn(1))] += n;
    st.by_channel[key_of(s.getColumn(2))] += n;
    if (!s.getColumn(3).isNull()) st.closures[s.getColumn(3).getString()] += n;
    const std::string decision = key_of(s.getColumn(4));
    if (decision == "accepted") st.accepted += n;
    if (decision == "refused") st.refused += n;
    if (s.getColumn(5).getInt() != 0) st.overridden += n;
  }
}

void Store::add_day_stats(RegionStats& st, const std::string& region, const std::string& lo,
                          const std::string& hi) {
  {
    auto& s = c_->stmt(
        "SELECT received, count(*) FROM cases INDEXED BY cases_dates "
        "WHERE region = ?1 AND received >= ?2 AND received <= ?3 GROUP BY 1");
    ResetGuard g{s};
    bind_range(s, region, lo, hi);
    while (s.executeStep())
      st.by_month[s.getColumn(0).getString().substr(0, 7)] += s.getColumn(1).getInt64();
  }
  auto& s = c_->stmt(
      "SELECT decision_days, director_days FROM cases INDEXED BY cases_dates "
      "WHERE region = ?1 AND received >= ?2 AND received <= ?3 AND decision_days IS NOT NULL");
  ResetGuard g{s};
  bind_range(s, region, lo, hi);
  while (s.executeStep()) {
    ++st.days_to_decision[s.getColumn(0).getInt64()];
    if (!s.getColumn(1).isNull()) ++st.days_to_director[s.getColumn(1).getInt64()];
  }
}

void Store::add_action_stats(RegionStats& st, const std::string& region, const std::string& lo,
                             const std::string& hi, const std::string& today) {
  auto& s = c_->stmt(
      "SELECT status, domain, count(*), "
      "sum(status IN ('open', 'in_progress') AND due IS NOT NULL AND due < ?4) "
      "FROM actions INDEXED BY actions_stats "
      "WHERE region = ?1 AND +received >= ?2 AND +received <= ?3 GROUP BY 1, 2");
  ResetGuard g{s};
  bind_range(s, region, lo, hi);
  s.bind(4, today);
  while (s.executeStep()) {
    const std::int64_t n = s.getColumn(2).getInt64();
    st.actions_by_status[s.getColumn(0).getString()] += n;
    st.actions_by_domain[s.getColumn(1).getString()] += n;
    st.actions_overdue += s.getColumn(3).getInt64();
  }
}

std::vector<ActionRow> Store::action_rows(const Visibility& v, const ActionsQuery& q,
                                          const std::string& today) {
  SQLite::Statement s(
      c_->db(), std::string("SELECT a.case_id, a.region, c.status, a.number, a.domain, "
                            "a.professional_id, p.partner_id, a.due, a.status "
                            "FROM actions a JOIN cases c ON c.id = a.case_id "
                            "JOIN professionals p ON p.id = a.professional_id WHERE ") +
                    kVisible +
                    " AND (?4 IS NULL OR a.region = ?4) AND (?5 IS NULL OR a.professional_id = ?5)"
                    " AND (?6 = 0 OR (a.status IN " +
                    kOpenActions + " AND a.due IS NOT NULL AND a.due < ?7))");
  bind_visibility(s, v);
  bind_opt(s, 4, q.region);
  bind_opt(s, 5, q.professional);
  s.bind(6, q.overdue_only ? 1 : 0);
  s.bind(7, today);
  const auto today_date = Date::parse(today);
  std::vector<ActionRow> rows;
  while (s.executeStep()) {
    ActionRow r;
    r.case_id = s.getColumn(0).getString();
    r.region = s.getColumn(1).getString();
    r.case_status = stored_enum<CaseStatus>(s.getColumn(2), "cases.status");
    r.number = s.getColumn(3).getInt();
    r.domain = s.getColumn(4).getString();
    r.professional = s.getColumn(5).getString();
    r.partner = s.getColumn(6).getString();
    if (!s.getColumn(7).isNull()) r.due = stored_date(s.getColumn(7), "actions.due");
    r.status = stored_enum<ActionStatus>(s.getColumn(8), "actions.status");
    if (today_date && is_overdue(r.status, r.due, *today_date)) {
      r.overdue = true;
      r.days_overdue = today_date->days_since_epoch() - r.due->days_since_epoch();
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<CaseloadRow> Store::caseload_rows(const Visibility& v,
                                              const std::optional<std::string>& region,
                                              const std::string& today) {
  std::map<std::string, CaseloadRow> by_pro;
  {
    SQLite::Statement s(c_->db(), std::string("SELECT c.director, count(*) FROM cases c WHERE ") +
                                      kVisible +
                                      " AND c.director IS NOT NULL AND c.status <> 'closed' "
                                      "AND (?4 IS NULL OR c.region = ?4) GROUP BY c.director");
    bind_visibility(s, v);
    bind_opt(s, 4, region);
    while (s.executeStep())
      by_pro[s.getColumn(0).getString()].directed_cases = s.getColumn(1).getInt64();
  }
  {
    SQLite::Statement s(c_->db(),
                        std::string("SELECT a.professional_id, count(*), "
                                    "sum(a.due IS NOT NULL AND a.due < ?5), min(a.due) "
                                    "FROM actions a JOIN cases c ON c.id = a.case_id WHERE ") +
                            kVisible + " AND a.status IN " + kOpenActions +
                            " AND c.status <> 'closed' AND (?4 IS NULL OR c.region = ?4) "
                            "GROUP BY a.professional_id");
    bind_visibility(s, v);
    bind_opt(s, 4, region);
    s.bind(5, today);
    while (s.executeStep()) {
      CaseloadRow& r = by_pro[s.getColumn(0).getString()];
      r.open_actions = s.getColumn(1).getInt64();
      r.overdue_actions = s.getColumn(2).getInt64();
      if (!s.getColumn(3).isNull()) r.oldest_due = stored_date(s.getColumn(3), "actions.due");
    }
  }
  std::vector<CaseloadRow> rows;
  SQLite::Statement partner(c_->db(), "SELECT partner_id FROM professionals WHERE id = ?");
  for (auto& [id, row] : by_pro) {
    row.professional = id;
    partner.reset();
    partner.bind(1, id);
    if (partner.executeStep()) row.partner = partner.getColumn(0).getString();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace ifg::detail
