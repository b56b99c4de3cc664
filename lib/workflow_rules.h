// SPDX-License-Identifier: EUPL-1.2
// Private: the rules the workflow's operations share (lib/workflow.cpp and
// lib/lifecycle.cpp): which statuses allow a change, who may take part in a
// case, which dates a case accepts, and what closing does to the plan.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "i18n.h"
#include "ifg/workflow.h"
#include "store.h"

namespace ifg::detail {

/// The statuses of a case in the chain: accepted and not closed.
inline constexpr std::initializer_list<CaseStatus> kInChain{
    CaseStatus::kAccepted, CaseStatus::kAnalysis, CaseStatus::kDirected, CaseStatus::kActive};
inline constexpr const char* kInChainText =
    N_("a case the team accepted and has not closed (accepted, analysis, directed or active)");
/// The statuses a case can be closed (or transferred) from.
inline constexpr std::initializer_list<CaseStatus> kOpen{
    CaseStatus::kRegistered, CaseStatus::kScreened, CaseStatus::kAccepted,
    CaseStatus::kAnalysis,   CaseStatus::kDirected, CaseStatus::kActive};

/// Refuses unless the case is in one of `allowed`, saying the rule it breaks:
/// "case X is closed: meetings are added only to a case the team accepted ...".
/// `rule` is a catalogue entry, N_("meetings are added only to {}"), whose {}
/// is `needs` (an entry too, or nullptr when the rule says it all).
void require_status(const CaseRow& row, std::initializer_list<CaseStatus> allowed, const char* rule,
                    const char* needs = kInChainText);

/// A professional who may take part in case `row` `as_what` (a catalogue
/// entry, N_("the director")): configured (else kNotFound), active, not only an
/// analyst, and of a partner that serves the case's region (else kRefused).
Professional case_professional(Store& st, const CaseRow& row, const std::string& id,
                               const char* as_what);

/// Refuses a `date` of case `row` (its `what`, a catalogue entry: N_("due date"))
/// before the referral was received or more than `days_ahead` days after `today`
/// (docs/workflow.md, "Dates").
void check_case_date(const CaseRow& row, Date date, Date today, int days_ahead, const char* what);

/// Cancels every open or in-progress action of case `row`, each with its change
/// in the action's history and its `action_status` event noting the closure;
/// returns how many (docs/workflow.md, "Closure").
int cancel_open_actions(Store& st, const CaseRow& row, const std::string& actor,
                        const std::string& at);

}  // namespace ifg::detail
