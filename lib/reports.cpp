// SPDX-License-Identifier: EUPL-1.2
// The reports (docs/reports.md): who may see what,
// the snapshot they read, and the shape and suppression of the statistics.
#include <algorithm>
#include <tuple>
#include <utility>

#include "i18n.h"
#include "ifg/service.h"
#include "service_impl.h"
#include "text.h"

namespace ifg {

namespace {

using detail::json;
using detail::Operation;

std::int64_t cases_in(const std::map<std::int64_t, std::int64_t>& histogram) {
  std::int64_t n = 0;
  for (const auto& [value, count] : histogram) n += count;
  return n;
}

/// The median of a histogram (value -> count): the middle value, or the mean
/// of the two middle ones for an even total.
std::optional<double> median(const std::map<std::int64_t, std::int64_t>& histogram) {
  const std::int64_t n = cases_in(histogram);
  if (n == 0) return std::nullopt;
  // The 0-based ranks of the middle values: (n-1)/2 and n/2.
  const std::int64_t lo_rank = (n - 1) / 2, hi_rank = n / 2;
  std::optional<std::int64_t> lo, hi;
  std::int64_t seen = 0;
  for (const auto& [value, count] : histogram) {
    seen += count;
    if (!lo && seen > lo_rank) lo = value;
    if (seen > hi_rank) {
      hi = value;
      break;
    }
  }
  return (static_cast<double>(*lo) + static_cast<double>(*hi)) / 2;
}

/// A count of the store, nullopt when the database hid it (RegionStats::kHidden).
std::optional<std::int64_t> shown(std::int64_t n) {
  if (n == detail::Store::RegionStats::kHidden) return std::nullopt;
  return n;
}

std::optional<std::int64_t> get(const std::map<std::string, std::int64_t>& m,
                                const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : shown(it->second);
}

template <class E, std::size_t N>
std::vector<Count> counts_of(const std::map<std::string, std::int64_t>& m, const E (&values)[N]) {
  std::vector<Count> out;
  for (E v : values) {
    const std::string key(to_string(v));
    out.push_back({key, get(m, key)});
  }
  return out;
}

/// Suppresses small numbers: a count from 1 to min_cell-1 (primary), and, when
/// a group would then hide only one cell, which its total would give away, the
/// smallest other non-zero counts too (secondary: all of them when equal, so
/// that the choice depends on no order). A count the database hid already
/// (nullopt: ifg_region_report hides by the same rules) stays hidden.
class Suppressor {
 public:
  Suppressor(int min_cell, std::vector<std::string>& keys) : min_(min_cell), keys_(keys) {}

  bool small(std::int64_t n) const { return min_ > 1 && n > 0 && n < min_; }

  void scalar(std::optional<std::int64_t>& v, const std::string& key) {
    if (!v || small(*v)) {
      v.reset();
      keys_.push_back(key);
    }
  }

  void group(std::vector<Count>& cells, const std::string& prefix) {
    std::vector<std::size_t> hidden;
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (!cells[i].value || small(*cells[i].value)) hidden.push_back(i);
    if (hidden.size() == 1) {
      std::optional<std::int64_t> next;
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (i != hidden[0] && *cells[i].value > 0 && (!next || *cells[i].value < *next))
          next = *cells[i].value;
      for (std::size_t i = 0; next && i < cells.size(); ++i)
        if (i != hidden[0] && cells[i].value == next) hidden.push_back(i);
    }
    std::sort(hidden.begin(), hidden.end());
    for (std::size_t i : hidden) {
      cells[i].value.reset();
      keys_.push_back(fmt::format("{}.{}", prefix, cells[i].key));
    }
  }

 private:
  int min_;
  std::vector<std::string>& keys_;
};

/// The first and last month ("YYYY-MM") of a regional report's by_month: from
/// the period's start (or the first month with referrals) to its end (or the
/// last); none when neither a period nor a referral gives them.
std::optional<std::pair<std::string, std::string>> month_span(const RegionReport& r,
                                                              const detail::Store::RegionStats& s) {
  if (s.by_month.empty() && !(r.from && r.to)) return std::nullopt;
  return std::pair(r.from ? r.from->to_string().substr(0, 7) : s.by_month.begin()->first,
                   r.to ? r.to->to_string().substr(0, 7) : s.by_month.rbegin()->first);
}

/// The number of months from `first` to `last` ("YYYY-MM"), inclusive; 0 when
/// `last` comes first.
int month_count(const std::string& first, const std::string& last) {
  const int y = std::stoi(first.substr(0, 4)), m = std::stoi(first.substr(5, 2));
  const int ly = std::stoi(last.substr(0, 4)), lm = std::stoi(last.substr(5, 2));
  return std::max(0, (ly - y) * 12 + (lm - m) + 1);
}

/// Refuses a period of more than kMaxReportMonths months (include/ifg/report.h).
void check_span(const RegionReport& r, const detail::Store::RegionStats& s) {
  if (!r.from && !r.to) return;  // the months that have referrals, bounded by the data
  const auto span = month_span(r, s);
  if (!span) return;
  const int n = month_count(span->first, span->second);
  if (n > kMaxReportMonths)
    throw Error(ErrorCode::kUsage,
                trf("the period from {} to {} spans {} months; a regional report covers "
                    "at most {} months ({} years): give a shorter period",
                    span->first, span->second, n, kMaxReportMonths, kMaxReportMonths / 12));
}

/// The months from `first` to `last` ("YYYY-MM"), inclusive.
std::vector<std::string> months(const std::string& first, const std::string& last) {
  std::vector<std::string> out;
  int y = std::stoi(first.substr(0, 4)), m = std::stoi(first.substr(5, 2));
  const int ly = std::stoi(last.substr(0, 4)), lm = std::stoi(last.substr(5, 2));
  while (y < ly || (y == ly && m <= lm)) {
    out.push_back(fmt::format("{:04d}-{:02d}", y, m));
    if (++m == 13) {
      m = 1;
      ++y;
    }
  }
  return out;
}

constexpr Outcome kCaseOutcomes[] = {Outcome::kEligible, Outcome::kIncomplete,
                                     Outcome::kNotEligible, Outcome::kInadmissible};
constexpr Channel kChannels[] = {Channel::kVk,     Channel::kCaw,          Channel::kOpgroeien,
                                 Channel::kGgz,    Channel::kJustitiehuis, Channel::kPolitie,
                                 Channel::kParket, Channel::kNone};
constexpr CaseStatus kOpenStatuses[] = {CaseStatus::kRegistered, CaseStatus::kScreened,
                                        CaseStatus::kAccepted,   CaseStatus::kAnalysis,
                                        CaseStatus::kDirected,   CaseStatus::kActive};
constexpr ActionStatus kActionStatuses[] = {ActionStatus::kOpen, ActionStatus::kInProgress,
                                            ActionStatus::kDone, ActionStatus::kCancelled};
constexpr ClosureReason kClosureReasons[] = {
    ClosureReason::kRefused,       ClosureReason::kGoalsReached, ClosureReason::kReferredRegular,
    ClosureReason::kNoCooperation, ClosureReason::kMoved,        ClosureReason::kOther};

/// That `value` is not configured: `shown` with the value when it may be
/// shown (detail::shows), else `hidden`; both marked N_().
std::string not_configured(std::string_view value, const char* shown, const char* hidden) {
  return detail::shows(value) ? trf(shown, value) : std::string(tr(hidden));
}

/// The regions a report covers: the one asked for (which the actor must be
/// allowed), or every region the actor's partner serves, sorted.
std::vector<std::string> report_regions(detail::Store& st, const detail::Actor& who,
                                        const std::optional<std::string>& asked) {
  std::vector<std::string> regions = who.regions;
  std::sort(regions.begin(), regions.end());
  if (!asked) return regions;
  const std::string code = detail::ascii_upper(*asked);
  if (!st.region_exists(code))
    throw Error(ErrorCode::kNotFound,
                not_configured(*asked, N_("region \"{}\" is not configured"),
                               N_("the region given is not configured")),
                Hint::kListPartners);
  return {code};
}

/// The activity of `s` in the shape of the report, zeros included.
void shape_activity(RegionActivity& a, const detail::Store::RegionStats& s) {
  const auto& n = s.activity;
  a.accepted = get(n, "accepted");
  a.refused = get(n, "refused");
  a.overridden = get(n, "overridden");
  a.meetings_held = get(n, "meetings_held");
  a.directors_assigned = get(n, "directors_assigned");
  a.plans_activated = get(n, "plans_activated");
  a.closures_by_reason = counts_of(s.activity_closures, kClosureReasons);
  a.reopenings = get(n, "reopenings");
  a.transfers_out = get(n, "transfers_out");
  a.transfers_in = get(n, "transfers_in");
  a.monitoring_contacts = get(n, "monitoring_contacts");
}

/// The counts of `s` in the shape of the report: every outcome, channel,
/// month, status, domain and reason, with zeros where nothing was counted.
void shape_counts(RegionReport& r, const detail::Store::RegionStats& s,
                  const std::vector<std::string>& domains) {
  r.total = shown(s.total);
  r.by_outcome = counts_of(s.by_outcome, kCaseOutcomes);
  r.by_outcome.push_back({"not_screened", get(s.by_outcome, "")});
  r.by_channel = counts_of(s.by_channel, kChannels);
  r.by_channel.push_back({"unknown", get(s.by_channel, "")});
  if (const auto span = month_span(r, s))
    for (const auto& m : months(span->first, span->second))
      r.by_month.push_back({m, get(s.by_month, m)});
  r.accepted = shown(s.accepted);
  r.refused = shown(s.refused);
  r.overridden = shown(s.overridden);
  r.open_by_status = counts_of(s.by_status, kOpenStatuses);
  r.actions_by_status = counts_of(s.actions_by_status, kActionStatuses);
  r.actions_overdue = shown(s.actions_overdue);
  for (const auto& d : domains) r.actions_by_domain.push_back({d, get(s.actions_by_domain, d)});
  r.closures_by_reason = counts_of(s.closures, kClosureReasons);
  r.children = shown(s.children);
  r.repeat_referrals = shown(s.repeat_referrals);
  r.victims = shown(s.victims);
  r.child_persons = shown(s.child_persons);
  r.high_risk_at_intake = shown(s.high_risk_at_intake);
  shape_activity(r.activity, s);
}

/// The life domains the report lists: the defaults, the configured extras,
/// then any a later configuration dropped but actions still name.
std::vector<std::string> report_domains(const ScreeningParams& params,
                                        const detail::Store::RegionStats& s) {
  std::vector<std::string> domains = default_life_domains();
  auto add = [&](const std::string& d) {
    if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
  };
  for (const auto& d : params.extra_life_domains) add(d);
  for (const auto& [d, n] : s.actions_by_domain) add(d);
  return domains;
}

/// Hides the small counts of the activity; the decisions are a group, as in
/// the counts by referral.
void suppress_activity(RegionActivity& a, Suppressor& sup) {
  std::vector<Count> decisions{{"accepted", a.accepted}, {"refused", a.refused}};
  sup.group(decisions, "activity.decisions");
  a.accepted = decisions[0].value;
  a.refused = decisions[1].value;
  sup.scalar(a.overridden, "activity.decisions.overridden");
  sup.scalar(a.meetings_held, "activity.meetings_held");
  sup.scalar(a.directors_assigned, "activity.directors_assigned");
  sup.scalar(a.plans_activated, "activity.plans_activated");
  sup.group(a.closures_by_reason, "activity.closures.by_reason");
  sup.scalar(a.reopenings, "activity.reopenings");
  sup.scalar(a.transfers_out, "activity.transfers.out");
  sup.scalar(a.transfers_in, "activity.transfers.in");
  sup.scalar(a.monitoring_contacts, "activity.monitoring_contacts");
}

/// Hides the small numbers of `r` (docs/reports.md, "Small numbers").
void suppress(RegionReport& r, const detail::Store::RegionStats& s) {
  Suppressor sup(r.min_cell, r.suppressed);
  sup.scalar(r.total, "referrals.total");
  sup.scalar(r.repeat_referrals, "referrals.repeat");
  sup.group(r.by_outcome, "referrals.by_outcome");
  sup.group(r.by_channel, "referrals.by_channel");
  sup.group(r.by_month, "referrals.by_month");
  std::vector<Count> decisions{{"accepted", r.accepted}, {"refused", r.refused}};
  sup.group(decisions, "decisions");
  r.accepted = decisions[0].value;
  r.refused = decisions[1].value;
  sup.scalar(r.overridden, "decisions.overridden");
  if (!r.accepted || !r.refused)  // the rate would give a hidden count away
    r.suppressed.push_back("decisions.acceptance_rate");
  else if (*r.accepted + *r.refused > 0)
    r.acceptance_rate =
        static_cast<double>(*r.accepted) / static_cast<double>(*r.accepted + *r.refused);
  sup.group(r.open_by_status, "open_cases.by_status");
  sup.group(r.actions_by_status, "actions.by_status");
  sup.scalar(r.actions_overdue, "actions.overdue");
  sup.group(r.actions_by_domain, "actions.by_domain");
  sup.group(r.closures_by_reason, "closures.by_reason");
  // A median over fewer cases than min_cell would describe those few cases.
  // (The database hides such a median itself: hidden_medians.)
  auto median_of = [&](const std::map<std::int64_t, std::int64_t>& days, const char* name,
                       const char* key) {
    if (sup.small(cases_in(days)) || s.hidden_medians.contains(name)) {
      r.suppressed.emplace_back(key);
      return std::optional<double>();
    }
    return median(days);
  };
  r.median_referral_to_decision =
      median_of(s.days_to_decision, "days_to_decision", "median_days.referral_to_decision");
  r.median_accepted_to_director =
      median_of(s.days_to_director, "days_to_director", "median_days.accepted_to_director");
  sup.scalar(r.children, "children");
  sup.scalar(r.victims, "persons.victims");
  sup.scalar(r.child_persons, "persons.children");
  sup.scalar(r.high_risk_at_intake, "risk.high_at_intake");
  suppress_activity(r.activity, sup);
  r.activity.median_accepted_to_closure =
      median_of(s.days_to_closure, "days_to_closure", "activity.median_days.accepted_to_closure");
}

std::optional<std::string> day_text(const std::optional<Date>& d) {
  return d ? std::optional(d->to_string()) : std::nullopt;
}

/// The cases a professional may see in a cross-case report: the regions they
/// coordinate, the cases they direct, the cases their partner is involved in
/// (for members and directors); as the read rule decides for one case.
detail::Store::Visibility visibility(const detail::Actor& who) {
  const Professional& pro = who.pro;
  detail::Store::Visibility v;
  if (pro.has_role(Role::kCoordinator)) v.coordinated = who.regions;
  if (pro.has_role(Role::kDirector)) v.director = pro.id;
  if (pro.has_role(Role::kMember) || pro.has_role(Role::kDirector)) v.partner = pro.partner;
  return v;
}

/// Most urgent first: overdue (longest overdue first), then open and in
/// progress by due date (no due date last), then done and cancelled.
void sort_actions(std::vector<ActionRow>& rows) {
  auto rank = [](const ActionRow& a) {
    const bool open = a.status == ActionStatus::kOpen || a.status == ActionStatus::kInProgress;
    const int group = a.overdue ? 0 : open ? 1 : 2;
    const std::int64_t due = a.due ? a.due->days_since_epoch() : INT64_MAX;
    return std::make_tuple(group, due, a.case_id, a.number);
  };
  std::sort(rows.begin(), rows.end(),
            [&](const ActionRow& a, const ActionRow& b) { return rank(a) < rank(b); });
}

/// Most loaded first: overdue actions, then open actions, then directed cases.
void sort_caseload(std::vector<CaseloadRow>& rows) {
  auto rank = [](const CaseloadRow& c) {
    const std::int64_t due = c.oldest_due ? c.oldest_due->days_since_epoch() : INT64_MAX;
    return std::make_tuple(-c.overdue_actions, -c.open_actions, -c.directed_cases, due,
                           c.professional);
  };
  std::sort(rows.begin(), rows.end(),
            [&](const CaseloadRow& a, const CaseloadRow& b) { return rank(a) < rank(b); });
}

/// A professional a filter names must be configured (else exit 3).
void require_professional(detail::Store& st, const std::optional<std::string>& id) {
  if (id && !st.professional(*id))
    throw Error(ErrorCode::kNotFound,
                not_configured(*id, N_("professional \"{}\" is not configured"),
                               N_("the professional given is not configured")),
                Hint::kListProfessionals);
}

/// The first moment of day `d` in Europe/Brussels (UTC+1 or UTC+2), as UTC.
Timestamp brussels_midnight(Date d) {
  const Timestamp utc_midnight = d.days_since_epoch() * 86400;
  const Timestamp two_hours_before = utc_midnight - 7200;
  return brussels_date(two_hours_before) == d ? two_hours_before : utc_midnight - 3600;
}

/// The days a case has been open: from its referral to today, or to the day it closed.
std::int64_t days_open(const CaseListRow& r, const std::string& closed_at, Date today) {
  Date end = today;
  if (auto t = parse_timestamp(closed_at)) end = brussels_date(*t);
  return std::max<std::int64_t>(0, end.days_since_epoch() - r.received.days_since_epoch());
}

/// The Veilig Huis configured for `region`; nothing when none is.
std::optional<std::string> veilig_huis_of(detail::Store& st, const std::string& region) {
  const auto r = st.region(region);
  if (!r || r->veilig_huis.empty()) return std::nullopt;
  return r->veilig_huis;
}

}  // namespace

CaseList Service::case_list(const std::optional<std::string>& actor, const CaseQuery& query) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kCaseList);
    impl_->require(who, Operation::kCaseList, detail::Subject{});
    CaseList list;
    list.query = query;
    list.query.region = detail::known_region(st, query.region);
    require_professional(st, query.director);
    require_professional(st, query.holder);
    list.today = impl_->today();
    // Stale: the last change was on or before the day `stale_days` before today.
    const Date first_fresh = Date::from_days_since_epoch(list.today.days_since_epoch() -
                                                         query.stale_days.value_or(0) + 1);
    std::vector<std::string> closed_at;
    {
      detail::Store::ReadTx snapshot(st);
      const detail::Store::RegisterBounds bounds{list.today.to_string(),
                                                 format_timestamp(brussels_midnight(first_fresh)),
                                                 impl_->params().repeat_window_months};
      list.rows = st.case_list_rows(visibility(who), list.query, bounds, closed_at);
    }
    for (std::size_t i = 0; i < list.rows.size(); ++i)
      list.rows[i].days_open = days_open(list.rows[i], closed_at[i], list.today);
    return list;
  });
}

CaseReport Service::report_case(const std::optional<std::string>& actor,
                                const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kReportCase,
                            [&](const detail::CaseRow& row) {
                              auto& st = impl_->store;
                              detail::Store::ReadTx snapshot(st);
                              CaseReport r;
                              r.state = impl_->state_of(row);
                              r.veilig_huis = veilig_huis_of(st, row.region);
                              r.referral = impl_->stored_referral(row);
                              r.screening = detail::stored_screening(row);
                              r.received_by = row.created_by;
                              r.directors = st.directors(row.id);
                              r.meetings = st.meetings(row.id);
                              r.actions = impl_->actions_of(row);
                              r.involvement = st.involvement(row.id);
                              r.timeline = st.events(row.id);
                              r.assessments = impl_->assessments_of(row.id);
                              r.today = impl_->today();
                              r.purged = row.purged_at.has_value();
                              return r;
                            });
  });
}

RegionReport Service::report_region(const std::optional<std::string>& actor,
                                    const RegionReportQuery& query) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kReportRegion);
    impl_->require(who, Operation::kReportRegion, detail::Subject{});
    if (query.from && query.to && *query.from > *query.to)
      throw Error(ErrorCode::kUsage,
                  trf("the period starts ({}) after it ends ({}); give a period that "
                      "runs forward",
                      *query.from, *query.to));
    RegionReport r;
    r.regions = report_regions(st, who, query.region);
    if (query.region) {
      detail::Subject in_region;
      in_region.region = r.regions.front();
      impl_->require(who, Operation::kReportRegion, in_region);
    }
    if (query.region || r.regions.size() == 1) r.region = r.regions.front();
    r.from = query.from;
    r.to = query.to;
    r.today = impl_->today();
    r.min_cell = who.pro.has_role(Role::kCoordinator) ? std::max(query.min_cell, 0)
                                                      : std::max(query.min_cell, kAnalystMinCell);
    detail::Store::RegionStats s;
    {
      detail::Store::ReadTx snapshot(st);
      s = st.region_stats(r.regions, day_text(query.from), day_text(query.to), r.today.to_string(),
                          impl_->params().repeat_window_months, r.min_cell);
    }
    check_span(r, s);
    shape_counts(r, s, report_domains(impl_->params(), s));
    suppress(r, s);
    return r;
  });
}

ActionsReport Service::report_actions(const std::optional<std::string>& actor,
                                      const ActionsQuery& query) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kReportActions);
    impl_->require(who, Operation::kReportActions, detail::Subject{});
    ActionsReport r;
    r.query = query;
    r.query.region = detail::known_region(st, query.region);
    require_professional(st, query.professional);
    r.today = impl_->today();
    {
      detail::Store::ReadTx snapshot(st);
      r.rows = st.action_rows(visibility(who), r.query, r.today.to_string());
    }
    sort_actions(r.rows);
    return r;
  });
}

CaseloadReport Service::report_caseload(const std::optional<std::string>& actor,
                                        const std::optional<std::string>& region) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kReportOwnCaseload);
    // A coordinator sees everyone's line in the regions they coordinate; a
    // director or member sees their own.
    const bool coordinator = who.pro.has_role(Role::kCoordinator);
    const auto op = coordinator ? Operation::kReportCaseload : Operation::kReportOwnCaseload;
    impl_->require(who, op, detail::Subject{});
    CaseloadReport r;
    r.region = detail::known_region(st, region);
    if (r.region && coordinator) {
      detail::Subject in_region;
      in_region.region = r.region;
      impl_->require(who, op, in_region);
    }
    r.today = impl_->today();
    {
      detail::Store::ReadTx snapshot(st);
      r.rows = st.caseload_rows(visibility(who), r.region, r.today.to_string());
    }
    if (!coordinator)  // others see their own line only
      std::erase_if(r.rows, [&](const CaseloadRow& row) { return row.professional != who.pro.id; });
    sort_caseload(r.rows);
    return r;
  });
}

}  // namespace ifg
