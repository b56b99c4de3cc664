// SPDX-License-Identifier: EUPL-1.2
// The SQL of the reports. `report region` reads only the narrow columns that
// the schema keeps for it, through the covering indexes cases_report and
// actions_stats: one index range per region and period, never a case's
// referral JSON. cases_report begins with (region, received), so a batch of
// recent referrals appends to it (docs/performance.md, "Indexes").
#include <algorithm>
#include <array>

#include "store.h"
#include "store_queries.h"
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
void bind_range(Statement& s, const std::string& region, const std::string& lo,
                const std::string& hi) {
  s.bind(1, region);
  s.bind(2, lo);
  s.bind(3, hi);
}

/// The text of a column, "" for NULL, valid until the next step.
std::string_view text_of(const Column& c) {
  return c.getView();
}

/// Counts by a code that takes a handful of values: a linear search, the last
/// value first (the months of a range come in order), no string made per row.
class Tally {
 public:
  void add(std::string_view key, std::int64_t n = 1) {
    if (last_ < counts_.size() && counts_[last_].first == key) {
      counts_[last_].second += n;
      return;
    }
    for (last_ = 0; last_ < counts_.size(); ++last_)
      if (counts_[last_].first == key) {
        counts_[last_].second += n;
        return;
      }
    counts_.emplace_back(std::string(key), n);
  }
  void into(std::map<std::string, std::int64_t>& out) const {
    for (const auto& [key, n] : counts_) out[key] += n;
  }

 private:
  std::vector<std::pair<std::string, std::int64_t>> counts_;
  std::size_t last_ = 0;
};

/// What `report region` counts of the cases, one row at a time.
struct CaseTallies {
  std::int64_t total = 0, children = 0, accepted = 0, refused = 0, overridden = 0;
  Tally status, outcome, channel, closure, month;
  std::map<std::int64_t, std::int64_t> to_decision, to_director;

  /// A row of (received, status, outcome, channel, closure_reason, decision,
  /// overridden, children, decision_days, director_days).
  void add(const Statement& s) {
    ++total;
    month.add(text_of(s.getColumn(0)).substr(0, 7));
    status.add(text_of(s.getColumn(1)));
    outcome.add(text_of(s.getColumn(2)));
    channel.add(text_of(s.getColumn(3)));
    if (!s.isColumnNull(4)) closure.add(text_of(s.getColumn(4)));
    const std::string_view decision = text_of(s.getColumn(5));
    accepted += decision == "accepted";
    refused += decision == "refused";
    overridden += s.getColumn(6).getInt() != 0;
    children += s.getColumn(7).getInt64();
    if (s.isColumnNull(8)) return;
    ++to_decision[s.getColumn(8).getInt64()];
    if (!s.isColumnNull(9)) ++to_director[s.getColumn(9).getInt64()];
  }

  void into(Store::RegionStats& st) const {
    st.total += total;
    st.children += children;
    st.accepted += accepted;
    st.refused += refused;
    st.overridden += overridden;
    status.into(st.by_status);
    outcome.into(st.by_outcome);
    channel.into(st.by_channel);
    closure.into(st.closures);
    month.into(st.by_month);
    for (const auto& [days, n] : to_decision) st.days_to_decision[days] += n;
    for (const auto& [days, n] : to_director) st.days_to_director[days] += n;
  }
};

/// The regions as a JSON array for json_each; region codes are upper-case
/// letters (validated on load), so they need no escaping.
std::string json_list(const std::vector<std::string>& regions) {
  std::string out = "[";
  for (const auto& r : regions) out += (out.size() > 1 ? ",\"" : "\"") + r + "\"";
  return out + "]";
}

/// Binds the visibility of a cross-case report: ?1 coordinated regions as a
/// JSON array, ?2 the director, ?3 the partner.
void bind_visibility(Statement& s, const Store::Visibility& v) {
  s.bind(1, json_list(v.coordinated));
  bind_opt(s, 2, v.director);
  bind_opt(s, 3, v.partner);
}

// The partner ?3 is involved by a stored fact, or by the referral (the
// referrer's partner, or of the channel's or crisis partner's kind in the region).
constexpr const char* kVisible =
    "(c.region IN (SELECT value FROM json_each(?1)) OR c.director = ?2 OR "
    "EXISTS (SELECT 1 FROM involvement i WHERE i.case_id = c.id AND i.partner_id = ?3) OR "
    "c.referrer_partner = ?3 OR EXISTS (SELECT 1 FROM partners p JOIN partner_regions r "
    "ON r.partner_id = p.id WHERE p.id = ?3 AND r.region = c.region AND "
    "(p.kind = c.channel OR p.kind = c.crisis_partner)))";

/// The UTC time ("YYYY-MM-DDTHH:MM:SSZ") at which the Brussels day `day`
/// begins: 22:00 (summer time) or 23:00 UTC the day before; "9999" for none.
std::string brussels_start(const Date& day) {
  const Timestamp midnight = day.days_since_epoch() * 86400;
  for (const Timestamp t : {midnight - 7200, midnight - 3600})
    if (brussels_date(t) == day) return format_timestamp(t);
  return format_timestamp(midnight);
}

/// The times from the start of Brussels day `from` up to (not including) the
/// start of the day after `to`; open ends stay open.
std::pair<std::string, std::string> utc_range(const std::optional<std::string>& from,
                                              const std::optional<std::string>& to) {
  const auto first = from ? Date::parse(*from) : std::nullopt;
  const auto last = to ? Date::parse(*to) : std::nullopt;
  return {
      first ? brussels_start(*first) : "0000",
      last ? brussels_start(Date::from_days_since_epoch(last->days_since_epoch() + 1)) : "9999"};
}

std::int64_t days_between(const std::string& from_at, const std::string& to_at) {
  const auto a = Date::parse(brussels_day(from_at)), b = Date::parse(brussels_day(to_at));
  return a && b ? b->days_since_epoch() - a->days_since_epoch() : 0;
}

/// The activity's counts, as indexes of kActivityKeys.
enum Activity : std::size_t {
  kAccepted,
  kRefused,
  kOverridden,
  kDirectors,
  kActivated,
  kReopenings,
  kTransfersOut,
  kTransfersIn,
  kMonitoring,
  kActivityCount
};
constexpr const char* kActivityKeys[kActivityCount] = {
    "accepted",   "refused",       "overridden",   "directors_assigned", "plans_activated",
    "reopenings", "transfers_out", "transfers_in", "monitoring_contacts"};

/// What `report region` counts of the team's activity, one trail entry at a
/// time: a row of (action, time, code, accepted_at); IFG_ENTRY_CODE.
struct ActivityTally {
  std::array<std::int64_t, kActivityCount> n{};
  Tally closures;
  std::map<std::int64_t, std::int64_t> to_closure;

  void add(const Statement& s) {
    const std::string_view action = text_of(s.getColumn(0));
    if (action == "decided") {
      const int code = s.getColumn(2).getInt();
      ++n[code & 1 ? kAccepted : kRefused];
      n[kOverridden] += (code & 2) != 0;
    } else if (action == "closed") {
      closed(s);
    } else if (action == "registered") {
      n[kTransfersIn] += s.getColumn(2).getInt() != 0;
    } else {
      ++n[action == "director_assigned" ? kDirectors
          : action == "plan_activated"  ? kActivated
          : action == "reopened"        ? kReopenings
                                        : kMonitoring];
    }
  }

  /// A closure's code is its reason, then " transfer" when a transfer made it.
  void closed(const Statement& s) {
    std::string_view code = text_of(s.getColumn(2));
    if (const auto space = code.find(' '); space != std::string_view::npos) {
      ++n[kTransfersOut];
      code = code.substr(0, space);
    }
    closures.add(code);
    if (!s.isColumnNull(3))
      ++to_closure[days_between(s.getColumn(3).getString(), s.getColumn(1).getString())];
  }

  void into(Store::RegionStats& st) const {
    for (std::size_t i = 0; i < kActivityCount; ++i) st.activity[kActivityKeys[i]] += n[i];
    closures.into(st.activity_closures);
    for (const auto& [days, count] : to_closure) st.days_to_closure[days] += count;
  }
};

/// Where a cell of ifg_region_report goes: a count of `st`, by its group.
std::int64_t& cell_of(Store::RegionStats& st, const std::string& grp, const std::string& cell) {
  using S = Store::RegionStats;
  static const std::map<std::string_view, std::int64_t S::*> counts{
      {"total", &S::total},
      {"children", &S::children},
      {"overridden", &S::overridden},
      {"actions_overdue", &S::actions_overdue},
      {"victims", &S::victims},
      {"child_persons", &S::child_persons},
      {"repeat_referrals", &S::repeat_referrals},
      {"high_risk_at_intake", &S::high_risk_at_intake}};
  static const std::map<std::string_view, std::map<std::string, std::int64_t> S::*> tables{
      {"by_outcome", &S::by_outcome},
      {"by_channel", &S::by_channel},
      {"by_month", &S::by_month},
      {"by_status", &S::by_status},
      {"closures", &S::closures},
      {"actions_by_status", &S::actions_by_status},
      {"actions_by_domain", &S::actions_by_domain},
      {"activity_closures", &S::activity_closures},
      {"activity.decisions", &S::activity}};
  constexpr std::string_view kActivity = "activity.";
  if (const auto c = counts.find(grp); c != counts.end()) return st.*(c->second);
  if (const auto t = tables.find(grp); t != tables.end()) return (st.*(t->second))[cell];
  if (grp == "decisions") return cell == "accepted" ? st.accepted : st.refused;
  if (grp.starts_with(kActivity)) return st.activity[grp.substr(kActivity.size())];
  throw Error(ErrorCode::kInternal, fmt::format("the region report has no count \"{}\"", grp));
}

/// The histogram of `st` that a median row of ifg_region_report belongs to, if any.
std::map<std::int64_t, std::int64_t>* histogram_of(Store::RegionStats& st, const std::string& grp) {
  if (grp == "days_to_decision") return &st.days_to_decision;
  if (grp == "days_to_director") return &st.days_to_director;
  if (grp == "days_to_closure") return &st.days_to_closure;
  return nullptr;
}

}  // namespace

Store::RegionStats Store::region_stats(const std::vector<std::string>& regions,
                                       const std::optional<std::string>& from,
                                       const std::optional<std::string>& to,
                                       const std::string& today, int repeat_months, int min_cell) {
  if (c_->engine() == Engine::kPostgresql)  // which reads the configured repeat window itself
    return database_region_stats(regions, from, to, today, min_cell);
  RegionStats st;
  for (const auto& region : regions) add_region_stats(st, region, from, to, today, repeat_months);
  add_activity(st, regions, from, to);
  return st;
}

Store::RegionStats Store::database_region_stats(const std::vector<std::string>& regions,
                                                const std::optional<std::string>& from,
                                                const std::optional<std::string>& to,
                                                const std::string& today, int min_cell) {
  auto& s = c_->stmt("SELECT * FROM ifg_region_report(?1, ?2, ?3, ?4, ?5)");
  ResetGuard g{s};
  s.bind(1, json_list(regions));
  s.bind(2, range_from(from));
  s.bind(3, range_to(to));
  s.bind(4, today);
  s.bind(5, min_cell);
  RegionStats st;
  while (s.executeStep()) {
    const std::string grp = s.getColumn(0).getString(), cell = s.getColumn(1).getString();
    const bool hidden = s.isColumnNull(2);
    if (auto* days = histogram_of(st, grp)) {
      if (hidden)
        st.hidden_medians.insert(grp);
      else
        (*days)[std::stoll(cell)] += s.getColumn(2).getInt64();
    } else {
      cell_of(st, grp, cell) = hidden ? RegionStats::kHidden : s.getColumn(2).getInt64();
    }
  }
  return st;
}

void Store::add_region_stats(RegionStats& st, const std::string& region,
                             const std::optional<std::string>& from,
                             const std::optional<std::string>& to, const std::string& today,
                             int repeat_months) {
  const std::string lo = range_from(from), hi = range_to(to);
  add_case_stats(st, region, lo, hi);
  add_action_stats(st, region, lo, hi, today);
  add_person_stats(st, region, lo, hi, repeat_months);
}

void Store::add_person_stats(RegionStats& st, const std::string& region, const std::string& lo,
                             const std::string& hi, int repeat_months) {
  // A person is of one region, so the distinct persons of each region add up.
  // On PostgreSQL each query is its SECURITY DEFINER function (store_queries.h).
  auto& p = c_->stmt(kPersonCountsSql, "SELECT * FROM ifg_person_counts(?1, ?2, ?3)");
  ResetGuard gp{p};
  bind_range(p, region, lo, hi);
  if (p.executeStep()) {
    st.victims += p.getColumn(0).getInt64();
    st.child_persons += p.getColumn(1).getInt64();
  }
  auto& r = c_->stmt(kRepeatCountSql, "SELECT * FROM ifg_repeat_count(?1, ?2, ?3, ?4)");
  ResetGuard gr{r};
  bind_range(r, region, lo, hi);
  r.bind(4, repeat_months);
  if (r.executeStep()) st.repeat_referrals += r.getColumn(0).getInt64();
  auto& h = c_->stmt(kHighRiskSql, "SELECT * FROM ifg_high_risk_count(?1, ?2, ?3)");
  ResetGuard gh{h};
  bind_range(h, region, lo, hi);
  if (h.executeStep()) st.high_risk_at_intake += h.getColumn(0).getInt64();
}

void Store::add_case_stats(RegionStats& st, const std::string& region, const std::string& lo,
                           const std::string& hi) {
  // One pass over the index range, counted here: a GROUP BY would sort the
  // range, since cases_report is in the order of `received`, not of the codes.
  auto& s = c_->stmt(kCaseStatsSql, "SELECT * FROM ifg_case_stats(?1, ?2, ?3)");
  ResetGuard g{s};
  bind_range(s, region, lo, hi);
  CaseTallies t;
  while (s.executeStep()) t.add(s);
  t.into(st);
}

void Store::add_action_stats(RegionStats& st, const std::string& region, const std::string& lo,
                             const std::string& hi, const std::string& today) {
  auto& s = c_->stmt(kActionStatsSql, "SELECT * FROM ifg_action_stats(?1, ?2, ?3, ?4)");
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

void Store::add_activity(RegionStats& st, const std::vector<std::string>& regions,
                         const std::optional<std::string>& from,
                         const std::optional<std::string>& to) {
  auto& s = c_->stmt(kActivitySql, "SELECT * FROM ifg_activity(?1, ?2, ?3)");
  ResetGuard g{s};
  const auto [lo, hi] = utc_range(from, to);
  s.bind(1, json_list(regions));
  s.bind(2, lo);
  s.bind(3, hi);
  ActivityTally t;
  while (s.executeStep()) t.add(s);
  t.into(st);
  add_meetings_held(st, regions, range_from(from), range_to(to));
}

void Store::add_meetings_held(RegionStats& st, const std::vector<std::string>& regions,
                              const std::string& first, const std::string& last) {
  auto& s = c_->stmt(kMeetingsHeldSql, "SELECT * FROM ifg_meetings_held(?1, ?2, ?3)");
  ResetGuard g{s};
  s.bind(1, json_list(regions));
  s.bind(2, first);
  s.bind(3, last);
  if (s.executeStep()) st.activity["meetings_held"] += s.getColumn(0).getInt64();
}

std::vector<ActionRow> Store::action_rows(const Visibility& v, const ActionsQuery& q,
                                          const std::string& today) {
  Statement s(
      *c_, std::string("SELECT a.case_id, a.region, c.status, a.number, a.domain, "
                       "a.professional_id, p.partner_id, a.due, a.status "
                       "FROM actions a JOIN cases c ON c.id = a.case_id "
                       "JOIN professionals p ON p.id = a.professional_id WHERE ") +
               kVisible +
               " AND (CAST(?4 AS TEXT) IS NULL OR a.region = ?4) AND (CAST(?5 AS TEXT) IS NULL OR "
               "a.professional_id = ?5)"
               " AND (?6 = 0 OR (c.status <> 'closed' AND a.status IN " +
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
    if (today_date && is_overdue(r.case_status, r.status, r.due, *today_date)) {
      r.overdue = true;
      r.days_overdue = today_date->days_since_epoch() - r.due->days_since_epoch();
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

namespace {

/// The caseload's rows, each with the professional's partner and whether they are active.
std::vector<CaseloadRow> with_professionals(Connection& c,
                                            std::map<std::string, CaseloadRow>& by_pro) {
  std::vector<CaseloadRow> rows;
  Statement partner(c, "SELECT partner_id, active FROM professionals WHERE id = ?");
  for (auto& [id, row] : by_pro) {
    row.professional = id;
    partner.reset();
    partner.bind(1, id);
    if (partner.executeStep()) {
      row.partner = partner.getColumn(0).getString();
      row.active = partner.getColumn(1).getInt() != 0;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<CaseloadRow> Store::caseload_rows(const Visibility& v,
                                              const std::optional<std::string>& region,
                                              const std::string& today) {
  std::map<std::string, CaseloadRow> by_pro;
  {
    Statement s(*c_, std::string("SELECT c.director, count(*) FROM cases c WHERE ") + kVisible +
                         " AND c.director IS NOT NULL AND c.status <> 'closed' "
                         "AND (CAST(?4 AS TEXT) IS NULL OR c.region = ?4) GROUP BY c.director");
    bind_visibility(s, v);
    bind_opt(s, 4, region);
    while (s.executeStep())
      by_pro[s.getColumn(0).getString()].directed_cases = s.getColumn(1).getInt64();
  }
  {
    Statement s(*c_,
                std::string("SELECT a.professional_id, count(*), "
                            "sum(a.due IS NOT NULL AND a.due < ?5), min(a.due) "
                            "FROM actions a JOIN cases c ON c.id = a.case_id WHERE ") +
                    kVisible + " AND a.status IN " + kOpenActions +
                    " AND c.status <> 'closed' AND (CAST(?4 AS TEXT) IS NULL OR c.region = ?4) "
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
  return with_professionals(*c_, by_pro);
}

}  // namespace ifg::detail

namespace ifg::detail {

namespace {

/// The SQL condition of `q.waiting` on the case `c`.
std::string waiting_sql(Waiting w) {
  const std::string live_action =
      "EXISTS (SELECT 1 FROM actions a WHERE a.case_id = c.id AND a.status <> 'cancelled')";
  switch (w) {
    case Waiting::kDecision:
      return "c.status = 'screened'";
    case Waiting::kMeeting:
      return "c.status IN ('accepted', 'analysis', 'directed', 'active') AND NOT EXISTS "
             "(SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.status = 'held')";
    case Waiting::kDirector:
      return "c.status IN ('accepted', 'analysis')";
    case Waiting::kPlan:
      return "c.status IN ('accepted', 'analysis', 'directed') AND NOT " + live_action;
    case Waiting::kActivation:
      return "c.status = 'directed' AND " + live_action;
  }
  return "1 = 1";  // a truth, not a number: PostgreSQL's AND takes booleans only
}

/// The WHERE clause of the register: visibility, then each filter given.
/// Parameters: ?1-?3 visibility, ?4 today, then ?5-?11 one per filter
/// (numbered, since SQLite numbers a named parameter after those before it).
std::string register_where(const CaseQuery& q, bool whole_region) {
  std::vector<std::string> where{whole_region ? "1 = 1" : kVisible};
  // The overdue and holder filters list a few cases through an index of the
  // actions; `+` keeps the region a filter then, so SQLite starts from those
  // cases instead of reading every case row of the region.
  if (q.region) where.emplace_back(q.overdue || q.holder ? "+c.region = ?5" : "c.region = ?5");
  if (!q.statuses.empty()) {
    std::string codes;
    for (CaseStatus s : q.statuses)
      codes += fmt::format("{}'{}'", codes.empty() ? "" : ", ", to_string(s));
    where.push_back(fmt::format("c.status IN ({})", codes));
  }
  if (q.outcome) where.emplace_back("c.outcome = ?6");
  if (q.director) where.emplace_back("c.director = ?7 AND c.status <> 'closed'");
  if (q.holder)
    where.push_back(
        fmt::format("c.id IN (SELECT case_id FROM actions WHERE professional_id = "
                    "?8 AND status IN {})",
                    kOpenActions));
  if (q.received_from) where.emplace_back("c.received >= ?9");
  if (q.received_to) where.emplace_back("c.received <= ?10");
  if (q.waiting) where.push_back(waiting_sql(*q.waiting));
  if (q.overdue)
    where.push_back(
        fmt::format("c.status <> 'closed' AND c.id IN (SELECT case_id FROM actions "
                    "WHERE {}status IN {} AND due < ?4)",
                    q.region ? "region = ?5 AND " : "", kOpenActions));
  if (q.stale_days) where.emplace_back("c.last_activity < ?11");
  if (q.monitoring_due)
    where.emplace_back(
        "c.status = 'closed' AND c.purged_at IS NULL AND c.monitor_until <= ?4 AND NOT EXISTS "
        "(SELECT 1 FROM monitoring m WHERE m.case_id = c.id AND "
        "substr(m.at, 1, 10) >= c.monitor_until)");
  if (q.repeat) where.emplace_back("EXISTS (SELECT 1 FROM " IFG_REPEAT_OF("c", "?12") ")");
  std::string sql;
  for (const auto& w : where) sql += (sql.empty() ? "" : " AND ") + ("(" + w + ")");
  return sql;
}

std::string register_order(CaseSort sort) {
  switch (sort) {
    case CaseSort::kStatus:
      return "CASE c.status WHEN 'registered' THEN 0 WHEN 'screened' THEN 1 WHEN 'accepted' "
             "THEN 2 WHEN 'analysis' THEN 3 WHEN 'directed' THEN 4 WHEN 'active' THEN 5 "
             "ELSE 6 END, c.received, c.id";
    case CaseSort::kLastActivity:
      return "c.last_activity, c.id";
    case CaseSort::kReceived:
      break;
  }
  return "c.received, c.id";
}

void bind_register(Statement& s, const CaseQuery& q, const Store::RegisterBounds& bounds) {
  auto bind_text = [&](int index, const std::optional<std::string>& v) {
    if (v) s.bind(index, *v);
  };
  s.bind(4, bounds.today);
  bind_text(5, q.region);
  if (q.outcome) s.bind(6, std::string(to_string(*q.outcome)));
  bind_text(7, q.director);
  bind_text(8, q.holder);
  if (q.received_from) s.bind(9, q.received_from->to_string());
  if (q.received_to) s.bind(10, q.received_to->to_string());
  if (q.stale_days) s.bind(11, bounds.stale_before);
  if (q.repeat) s.bind(12, bounds.repeat_months);
}

CaseListRow register_row(Statement& s) {
  CaseListRow r;
  r.case_id = s.getColumn(0).getString();
  r.region = s.getColumn(1).getString();
  r.status = stored_enum<CaseStatus>(s.getColumn(2), "cases.status");
  if (!s.getColumn(3).isNull()) r.outcome = stored_enum<Outcome>(s.getColumn(3), "cases.outcome");
  r.received = stored_date(s.getColumn(4), "cases.received");
  if (!s.getColumn(6).isNull()) r.director = s.getColumn(6).getString();
  r.director_active = s.getColumn(7).isNull() || s.getColumn(7).getInt() != 0;
  r.open_actions = s.getColumn(8).getInt64();
  r.overdue_actions = s.getColumn(9).getInt64();
  if (!s.getColumn(10).isNull()) r.next_due = stored_date(s.getColumn(10), "actions.due");
  r.last_activity = s.getColumn(11).getString();
  if (!s.getColumn(12).isNull())
    r.monitor_until = stored_date(s.getColumn(12), "cases.monitor_until");
  return r;
}

}  // namespace

std::vector<CaseListRow> Store::case_list_rows(const Visibility& v, const CaseQuery& q,
                                               const RegisterBounds& bounds,
                                               std::vector<std::string>& closed_at) {
  const bool whole_region = q.region && std::find(v.coordinated.begin(), v.coordinated.end(),
                                                  *q.region) != v.coordinated.end();
  const std::string open = fmt::format("a.case_id = c.id AND a.status IN {}", kOpenActions);
  Statement s(*c_,
              fmt::format("SELECT c.id, c.region, c.status, c.outcome, c.received, c.closed_at, "
                          "c.director, p.active, (SELECT count(*) FROM actions a WHERE {0}), "
                          "(SELECT count(*) FROM actions a WHERE {0} AND a.due < ?4 AND "
                          "c.status <> 'closed'), (SELECT min(a.due) FROM actions a WHERE {0}), "
                          "c.last_activity, c.monitor_until FROM cases c "
                          "LEFT JOIN professionals p ON p.id = c.director "
                          "WHERE {1} ORDER BY {2}{3}",
                          open, register_where(q, whole_region), register_order(q.sort),
                          q.limit ? fmt::format(" LIMIT {}", *q.limit) : ""));
  if (!whole_region) bind_visibility(s, v);
  bind_register(s, q, bounds);
  std::vector<CaseListRow> rows;
  while (s.executeStep()) {
    rows.push_back(register_row(s));
    closed_at.push_back(s.getColumn(5).isNull() ? "" : s.getColumn(5).getString());
  }
  return rows;
}

}  // namespace ifg::detail
