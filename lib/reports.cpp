// The reports (spec/cli.md, "Reports"; docs/reports.md): who may see what,
// the snapshot they read, and the shape and suppression of the statistics.
#include <algorithm>
#include <cctype>
#include <tuple>

#include "ifg/service.h"
#include "service_impl.h"

namespace ifg {

namespace {

/// Runs `read` in one read transaction on a query_only connection: one
/// consistent state, and no way to change it.
template <class F>
auto snapshot(detail::Store& store, F&& read) {
  auto& db = store.db();
  db.exec("PRAGMA query_only = 1");
  struct End {
    SQLite::Database& db;
    ~End() {
      sqlite3_exec(db.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite3_exec(db.getHandle(), "PRAGMA query_only = 0", nullptr, nullptr, nullptr);
    }
  } end{db};
  db.exec("BEGIN");
  return read();
}

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

std::int64_t get(const std::map<std::string, std::int64_t>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
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
/// smallest other non-zero count too (secondary).
class Suppressor {
 public:
  Suppressor(int min_cell, std::vector<std::string>& keys) : min_(min_cell), keys_(keys) {}

  bool small(std::int64_t n) const { return min_ > 1 && n > 0 && n < min_; }

  void scalar(std::optional<std::int64_t>& v, const std::string& key) {
    if (v && small(*v)) {
      v.reset();
      keys_.push_back(key);
    }
  }

  void group(std::vector<Count>& cells, const std::string& prefix) {
    std::vector<std::size_t> hidden;
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (cells[i].value && small(*cells[i].value)) hidden.push_back(i);
    if (hidden.size() == 1) {
      std::optional<std::size_t> next;
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (i != hidden[0] && cells[i].value && *cells[i].value > 0 &&
            (!next || *cells[i].value < *cells[*next].value))
          next = i;
      if (next) hidden.push_back(*next);
    }
    std::sort(hidden.begin(), hidden.end());
    for (std::size_t i : hidden) {
      cells[i].value.reset();
      keys_.push_back(prefix + "." + cells[i].key);
    }
  }

 private:
  int min_;
  std::vector<std::string>& keys_;
};

/// The months from `first` to `last` ("YYYY-MM"), inclusive.
std::vector<std::string> months(const std::string& first, const std::string& last) {
  std::vector<std::string> out;
  int y = std::stoi(first.substr(0, 4)), m = std::stoi(first.substr(5, 2));
  const int ly = std::stoi(last.substr(0, 4)), lm = std::stoi(last.substr(5, 2));
  while (y < ly || (y == ly && m <= lm)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    out.emplace_back(buf);
    if (++m == 13) {
      m = 1;
      ++y;
    }
  }
  return out;
}

constexpr Outcome kCaseOutcomes[] = {Outcome::kEligible, Outcome::kIncomplete, Outcome::kNotEligible,
                                     Outcome::kInadmissible};
constexpr Channel kChannels[] = {Channel::kVk,           Channel::kCaw,     Channel::kOpgroeien,
                                 Channel::kGgz,          Channel::kJustitiehuis, Channel::kPolitie,
                                 Channel::kParket,       Channel::kNone};
constexpr CaseStatus kOpenStatuses[] = {CaseStatus::kRegistered, CaseStatus::kScreened,
                                        CaseStatus::kAccepted,   CaseStatus::kAnalysis,
                                        CaseStatus::kDirected,   CaseStatus::kActive};
constexpr ActionStatus kActionStatuses[] = {ActionStatus::kOpen, ActionStatus::kInProgress,
                                            ActionStatus::kDone, ActionStatus::kCancelled};
constexpr ClosureReason kClosureReasons[] = {ClosureReason::kRefused, ClosureReason::kGoalsReached,
                                             ClosureReason::kReferredRegular,
                                             ClosureReason::kNoCooperation, ClosureReason::kMoved,
                                             ClosureReason::kOther};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

CaseReport Service::report_case(const std::optional<std::string>& actor,
                                const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, "report case", [&](const detail::CaseRow& row) {
      return snapshot(impl_->store, [&] {
        auto& st = impl_->store;
        CaseReport r;
        r.state = impl_->state_of(row);
        r.referral = impl_->stored_referral(row);
        if (row.screening_json)
          r.screening = detail::screening_from_json(json::parse(*row.screening_json));
        r.received_by = row.created_by;
        r.directors = st.directors(row.id);
        r.meetings = st.meetings(row.id);
        r.actions = impl_->actions_of(row.id);
        r.involvement = st.involvement(row.id);
        r.timeline = st.events(row.id);
        r.today = brussels_date(impl_->now());
        r.purged = row.purged_at.has_value();
        return r;
      });
    });
  });
}

RegionReport Service::report_region(const std::optional<std::string>& actor,
                                    const RegionReportQuery& query) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const Professional pro = impl_->actor(actor);
    const bool coordinator = pro.has_role(Role::kCoordinator);
    if (!coordinator && !pro.has_role(Role::kAnalyst))
      impl_->deny(pro.id, std::nullopt, "report region",
                  "regional statistics are for coordinators and analysts",
                  "access denied: regional statistics are for coordinators and analysts; " +
                      pro.id + " may read the cases they take part in (`ifg report case`)");
    if (query.from && query.to && *query.from > *query.to)
      throw Error(ErrorCode::kUsage, "--from " + query.from->to_string() + " is after --to " +
                                         query.to->to_string() + "; give a period that runs forward");
    auto partner = st.partner(pro.partner);
    std::vector<std::string> regions = partner ? partner->regions : std::vector<std::string>{};
    std::sort(regions.begin(), regions.end());
    RegionReport r;
    if (query.region) {
      const std::string code = upper(*query.region);
      if (!st.region_exists(code))
        throw Error(ErrorCode::kNotFound, "region " + detail::quote_value(*query.region) +
                                              " is not configured; see `ifg partner list`");
      if (std::find(regions.begin(), regions.end(), code) == regions.end())
        impl_->deny(pro.id, std::nullopt, "report region",
                    "statistics of a region the actor's partner does not serve",
                    "access denied: " + pro.id + "'s partner " + pro.partner +
                        " does not serve region " + code + "; ask a coordinator of " + code);
      regions = {code};
      r.region = code;
    } else if (regions.size() == 1) {
      r.region = regions.front();
    }
    r.regions = regions;
    r.from = query.from;
    r.to = query.to;
    r.today = brussels_date(impl_->now());
    r.min_cell = coordinator ? std::max(query.min_cell, 0)
                             : std::max(query.min_cell, kAnalystMinCell);

    detail::Store::RegionStats s;
    snapshot(st, [&] {
      for (const auto& code : regions)
        st.add_region_stats(s, code, query.from ? std::optional(query.from->to_string()) : std::nullopt,
                            query.to ? std::optional(query.to->to_string()) : std::nullopt,
                            r.today.to_string());
      return 0;
    });

    r.total = s.total;
    r.by_outcome = counts_of(s.by_outcome, kCaseOutcomes);
    r.by_outcome.push_back({"not_screened", get(s.by_outcome, "")});
    r.by_channel = counts_of(s.by_channel, kChannels);
    r.by_channel.push_back({"unknown", get(s.by_channel, "")});
    if (!s.by_month.empty() || (query.from && query.to)) {
      const std::string first = query.from ? query.from->to_string().substr(0, 7)
                                           : s.by_month.begin()->first;
      const std::string last = query.to ? query.to->to_string().substr(0, 7)
                                        : s.by_month.rbegin()->first;
      for (const auto& m : months(first, last)) r.by_month.push_back({m, get(s.by_month, m)});
    }
    r.accepted = s.accepted;
    r.refused = s.refused;
    r.overridden = s.overridden;
    r.open_by_status = counts_of(s.by_status, kOpenStatuses);
    r.actions_by_status = counts_of(s.actions_by_status, kActionStatuses);
    r.actions_overdue = s.actions_overdue;
    std::vector<std::string> domains = default_life_domains();
    for (const auto& d : impl_->params().extra_life_domains)
      if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
    for (const auto& [d, n] : s.actions_by_domain)  // domains a later configuration dropped
      if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
    for (const auto& d : domains) r.actions_by_domain.push_back({d, get(s.actions_by_domain, d)});
    r.closures_by_reason = counts_of(s.closures, kClosureReasons);
    r.children = s.children;

    Suppressor sup(r.min_cell, r.suppressed);
    sup.scalar(r.total, "referrals.total");
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
      r.acceptance_rate = static_cast<double>(*r.accepted) / static_cast<double>(*r.accepted + *r.refused);
    sup.group(r.open_by_status, "open_cases.by_status");
    sup.group(r.actions_by_status, "actions.by_status");
    sup.scalar(r.actions_overdue, "actions.overdue");
    sup.group(r.actions_by_domain, "actions.by_domain");
    sup.group(r.closures_by_reason, "closures.by_reason");
    // A median over fewer cases than min_cell would describe those few cases.
    auto median_of = [&](const std::map<std::int64_t, std::int64_t>& days, const std::string& key) {
      if (sup.small(cases_in(days))) {
        r.suppressed.push_back(key);
        return std::optional<double>();
      }
      return median(days);
    };
    r.median_referral_to_decision = median_of(s.days_to_decision, "median_days.referral_to_decision");
    r.median_accepted_to_director = median_of(s.days_to_director, "median_days.accepted_to_director");
    sup.scalar(r.children, "children");
    return r;
  });
}

namespace {

/// The cases a professional may see in a cross-case report: the regions they
/// coordinate, the cases they direct, the cases their partner is involved in
/// (for members and directors); as Need::kRead decides for one case.
detail::Store::Visibility visibility(detail::Store& st, const Professional& pro) {
  detail::Store::Visibility v;
  if (pro.has_role(Role::kCoordinator))
    if (auto partner = st.partner(pro.partner)) v.coordinated = partner->regions;
  if (pro.has_role(Role::kDirector)) v.director = pro.id;
  if (pro.has_role(Role::kMember) || pro.has_role(Role::kDirector)) v.partner = pro.partner;
  return v;
}

}  // namespace

ActionsReport Service::report_actions(const std::optional<std::string>& actor,
                                      const ActionsQuery& query) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const Professional pro = impl_->actor(actor);
    const auto v = visibility(st, pro);
    if (v.coordinated.empty() && !v.director && !v.partner)
      impl_->deny(pro.id, std::nullopt, "report actions",
                  "an analyst sees aggregate reports only",
                  "access denied: an analyst sees aggregate reports only (`ifg report region`)");
    ActionsReport r;
    r.query = query;
    if (r.query.region) r.query.region = upper(*r.query.region);
    if (r.query.region && !st.region_exists(*r.query.region))
      throw Error(ErrorCode::kNotFound, "region " + detail::quote_value(*query.region) +
                                            " is not configured; see `ifg partner list`");
    if (query.professional && !st.professional(*query.professional))
      throw Error(ErrorCode::kNotFound, "professional " + detail::quote_value(*query.professional) +
                                            " is not configured; see `ifg professional list`");
    r.today = brussels_date(impl_->now());
    r.rows = snapshot(st, [&] { return st.action_rows(v, r.query, r.today.to_string()); });
    auto rank = [](const ActionRow& a) {
      const bool open = a.status == ActionStatus::kOpen || a.status == ActionStatus::kInProgress;
      const int group = a.overdue ? 0 : open ? 1 : 2;
      // No due date sorts after every date.
      const std::int64_t due = a.due ? a.due->days_since_epoch() : INT64_MAX;
      return std::make_tuple(group, due, a.case_id, a.number);
    };
    std::sort(r.rows.begin(), r.rows.end(),
              [&](const ActionRow& a, const ActionRow& b) { return rank(a) < rank(b); });
    return r;
  });
}

CaseloadReport Service::report_caseload(const std::optional<std::string>& actor,
                                        const std::optional<std::string>& region) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const Professional pro = impl_->actor(actor);
    auto v = visibility(st, pro);
    if (v.coordinated.empty() && !v.director && !v.partner)
      impl_->deny(pro.id, std::nullopt, "report caseload",
                  "an analyst sees aggregate reports only",
                  "access denied: an analyst sees aggregate reports only (`ifg report region`)");
    CaseloadReport r;
    if (region) {
      r.region = upper(*region);
      if (!st.region_exists(*r.region))
        throw Error(ErrorCode::kNotFound, "region " + detail::quote_value(*region) +
                                              " is not configured; see `ifg partner list`");
    }
    const bool coordinator = !v.coordinated.empty();
    if (coordinator && r.region &&
        std::find(v.coordinated.begin(), v.coordinated.end(), *r.region) == v.coordinated.end())
      impl_->deny(pro.id, std::nullopt, "report caseload",
                  "the caseload of a region the actor does not coordinate",
                  "access denied: " + pro.id + " does not coordinate region " + *r.region);
    r.today = brussels_date(impl_->now());
    r.rows = snapshot(st, [&] { return st.caseload_rows(v, r.region, r.today.to_string()); });
    if (!coordinator)  // others see their own line only
      std::erase_if(r.rows, [&](const CaseloadRow& row) { return row.professional != pro.id; });
    auto rank = [](const CaseloadRow& c) {
      const std::int64_t due = c.oldest_due ? c.oldest_due->days_since_epoch() : INT64_MAX;
      return std::make_tuple(-c.overdue_actions, -c.open_actions, -c.directed_cases, due,
                             c.professional);
    };
    std::sort(r.rows.begin(), r.rows.end(),
              [&](const CaseloadRow& a, const CaseloadRow& b) { return rank(a) < rank(b); });
    return r;
  });
}

}  // namespace ifg
