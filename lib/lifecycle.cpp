// SPDX-License-Identifier: EUPL-1.2
// After closure (docs/workflow.md, "After closure"): monitoring contacts with
// the family, reopening a case when violence returns, and handing a case over
// to another region when the family moves. Each is one transaction with its events.
#include "i18n.h"
#include "ifg/service.h"
#include "service_impl.h"
#include "workflow_rules.h"

namespace ifg {

namespace {

using detail::CaseRow;
using detail::json;
using detail::Operation;

/// Refuses a monitoring contact for a case that is not closed under monitoring.
void require_monitoring(const CaseRow& row) {
  if (row.status == CaseStatus::kClosed && row.monitor_until && !row.purged_at) return;
  throw Error(ErrorCode::kRefused,
              row.status == CaseStatus::kClosed
                  ? trf("case {} is {} without a monitoring date: monitoring contacts are "
                        "recorded for a closed case under monitoring",
                        row.id, row.status)
                  : trf("case {} is {}: monitoring contacts are recorded for a closed case under "
                        "monitoring",
                        row.id, row.status),
              Hint::kMonitorUntil);
}

/// Refuses to reopen a case that is open, was refused, purged or handed over.
void check_reopen(const CaseRow& row) {
  auto refuse = [&](const std::string& why) {
    throw Error(ErrorCode::kRefused, trf("case {} cannot be reopened: {}", row.id, why));
  };
  if (row.status != CaseStatus::kClosed) refuse(trf("it is {}, not closed", row.status));
  if (row.closure_reason == ClosureReason::kRefused)
    refuse(tr("the team refused it; a new referral is registered and screened instead"));
  if (row.purged_at) refuse(tr("it was purged after retention; register a new referral instead"));
  if (row.transferred_to)
    refuse(trf("it continues as case {} in another region", *row.transferred_to));
}

/// Refuses a transfer of `row` to `to`: not an open case, or no other configured region.
void check_transfer(detail::Store& st, const CaseRow& row, const std::string& to) {
  detail::require_status(row, detail::kOpen, N_("a case is handed over only while open"), nullptr);
  if (to == row.region)
    throw Error(ErrorCode::kRefused, trf("case {} is already in region {}", row.id, row.region));
  if (!st.region_exists(to))
    throw Error(ErrorCode::kNotFound, trf("{} is not configured", detail::named(N_("region"), to)),
                Hint::kListPartners);
}

}  // namespace

int Service::monitor(const std::optional<std::string>& actor, const std::string& case_id,
                     MonitoringResult result, const std::string& note) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kMonitor, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kMonitor);
    impl_->require(who, Operation::kMonitor, row);
    require_monitoring(row);
    detail::check_text(note, row.id, N_("note"), true);
    const std::string at = impl_->now_text();
    const int number = st.insert_monitoring(row.id, {0, result, note, who.pro.id, at});
    st.audit().append(row.id, at, who.pro.id, "monitored",
                      json{{"contact", number}, {"result", std::string(to_string(result))}}.dump());
    tx.commit();
    return number;
  });
}

void Service::reopen(const std::optional<std::string>& actor, const std::string& case_id,
                     const std::string& reason) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kReopen, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kReopen);
    impl_->require(who, Operation::kReopen, row);
    check_reopen(row);
    detail::check_text(reason, row.id, N_("reason"), true);
    const std::string at = impl_->now_text();
    st.reopen_case(row, reason, who.pro.id, at);
    st.audit().append(
        row.id, at, who.pro.id, "reopened",
        json{{"closure_reason", std::string(to_string(*row.closure_reason))}, {"to", "analysis"}}
            .dump());
    tx.commit();
    return 0;
  });
}

namespace {

/// The persons a case has now (after `person add/update/remove`), as a
/// referral names them: what a transfer carries to the new region.
std::vector<Person> current_persons(detail::Store& st, const Referral& r,
                                    const std::string& case_id) {
  std::vector<Person> out;
  for (const auto& p : detail::persons_of(st, r, case_id))
    if (!p.removed_reason) out.push_back({p.role, p.name, p.birth_year});
  return out;
}

}  // namespace

std::string Service::transfer(const std::optional<std::string>& actor, const std::string& case_id,
                              const std::string& to_region, const std::string& reason) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kTransfer, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kTransfer);
    impl_->require(who, Operation::kTransfer, row);
    check_transfer(st, row, to_region);
    detail::check_text(reason, row.id, N_("reason"), true);
    Referral r = impl_->stored_referral(row);
    r.region = to_region;
    r.persons = current_persons(st, r, row.id);
    const std::string at = impl_->now_text();
    const int cancelled = detail::cancel_open_actions(st, row, who.pro.id, at);
    st.close_case(row.id, ClosureReason::kMoved, reason, at);
    const std::string to = impl_->insert_referral(who, r, at);
    st.audit().append(row.id, at, who.pro.id, "closed",
                      json{{"reason", "moved"},
                           {"from", std::string(to_string(row.status))},
                           {"actions_cancelled", cancelled},
                           {"transferred_to", to}}
                          .dump());
    st.link_transfer(row.id, to);
    st.audit().append(to, at, who.pro.id, "registered", json{{"transferred_from", row.id}}.dump());
    impl_->screen_and_store(to, r, impl_->rules(), who.pro.id, at);
    tx.commit();
    return to;
  });
}

}  // namespace ifg
