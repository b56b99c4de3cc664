// SPDX-License-Identifier: EUPL-1.2
// Reports (docs/reports.md): the case sheet, regional statistics, the
// actions list and the caseload, as plain value types, and their renderings in
// text, JSON, CSV, Markdown and self-contained HTML. ifg::Service builds the
// reports (with the access rules of docs/security.md); write_report() renders
// them. The JSON renderings are a contract, documented in docs/reports.md.
// Everything here is a value type; write_report() is safe to call from any thread.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "ifg/export.h"
#include "ifg/model.h"
#include "ifg/screening.h"
#include "ifg/workflow.h"

namespace ifg {

enum class ReportFormat { kText, kJson, kCsv, kMarkdown, kHtml, kXlsx };

// ---------------------------------------------------------------------------
// The case sheet

/// Everything a professional needs to prepare a case meeting.
struct CaseReport {
  CaseState state;                         ///< status, outcome, decision, director, closure
  std::optional<std::string> veilig_huis;  ///< the region's Veilig Huis, when configured
  Referral referral;                       ///< the facts and persons (anonymised after purge)
  std::optional<Screening> screening;      ///< nullopt while the case is not screened
  std::optional<std::string> received_by;  ///< who registered it
  std::vector<DirectorTerm> directors;     ///< oldest first
  std::vector<Meeting> meetings;
  std::vector<Action> actions;  ///< with overdue derived against `today`
  std::vector<Involvement> involvement;
  std::vector<Event> timeline;
  std::vector<Assessment> assessments;  ///< risk assessments, by person and date (issue 14)
  Date today;
  bool purged = false;  ///< personal data removed by `purge`
};

// ---------------------------------------------------------------------------
// Regional statistics

/// What `report region` counts: referrals received from `from` to `to`
/// (inclusive; open-ended when empty), and the team's activity on those days,
/// in `region`, or in every region the actor may see when `region` is empty.
struct RegionReportQuery {
  std::optional<std::string> region;
  std::optional<Date> from;
  std::optional<Date> to;
  /// Counts from 1 to min_cell-1 are suppressed; 0 or 1 suppresses nothing.
  /// Analysts always get at least kAnalystMinCell.
  int min_cell = 0;
};

/// The most months a regional report's period may span (10 years): its
/// `by_month` lists every month, so a longer period is refused (ErrorCode::kUsage)
/// when --from or --to is given. Without either, the report spans the months
/// that have referrals.
inline constexpr int kMaxReportMonths = 120;

/// The smallest count an analyst may see (domain.md: "analysts see only
/// aggregates, with small numbers suppressed").
inline constexpr int kAnalystMinCell = 5;

/// One count of a statistics table; `value` is std::nullopt when suppressed.
struct Count {
  std::string key;
  std::optional<std::int64_t> value;
};

/// What the chain team did in a region over a period, counted by the Brussels
/// day each step happened (a meeting by its date), whenever its referral came
/// in. Suppressed counts are std::nullopt, as in RegionReport.
struct RegionActivity {
  std::optional<std::int64_t> accepted, refused, overridden;  ///< the team's decisions
  std::optional<std::int64_t> meetings_held;
  std::optional<std::int64_t> directors_assigned;  ///< first directors and reassignments
  std::optional<std::int64_t> plans_activated;
  std::vector<Count> closures_by_reason;  ///< every closure, also one a reopening undid
  std::optional<std::int64_t> reopenings;
  std::optional<std::int64_t> transfers_out, transfers_in;  ///< `ifg transfer` from and to
  std::optional<std::int64_t> monitoring_contacts;
  /// Days from the Brussels day of acceptance to that of each closure in the period.
  std::optional<double> median_accepted_to_closure;
};

/// The statistics of a region over a period. Counts that are suppressed are
/// std::nullopt and their dotted JSON keys are listed in `suppressed`; a median
/// with no data is std::nullopt too (and not listed).
struct RegionReport {
  std::optional<std::string> region;  ///< nullopt: all of `regions`
  std::vector<std::string> regions;   ///< the regions counted
  std::optional<Date> from;
  std::optional<Date> to;
  Date today;  ///< the day overdue actions are judged against
  int min_cell = 0;

  std::optional<std::int64_t> total;  ///< referrals received in the period
  std::vector<Count> by_outcome;      ///< the four outcomes, then not_screened
  std::vector<Count> by_channel;      ///< every channel, `none`, then `unknown` (not given)
  std::vector<Count> by_month;        ///< "YYYY-MM", every month of the period
  std::optional<std::int64_t> accepted, refused, overridden;
  std::optional<double> acceptance_rate;  ///< accepted / (accepted + refused)
  std::vector<Count> open_by_status;      ///< statuses before `closed`
  std::vector<Count> actions_by_status;
  std::optional<std::int64_t> actions_overdue;
  std::vector<Count> actions_by_domain;  ///< default life domains, then the extra ones
  std::vector<Count> closures_by_reason;
  std::optional<double> median_referral_to_decision;  ///< days
  std::optional<double> median_accepted_to_director;  ///< days
  std::optional<std::int64_t> children;               ///< persons with role `child`
  /// Referrals of the period that are repeat referrals (issue 14).
  std::optional<std::int64_t> repeat_referrals;
  /// Distinct persons (issue 14) who are a victim, or a child, in the period's referrals.
  std::optional<std::int64_t> victims, child_persons;
  /// Referrals of the period whose first risk assessment (by date) is high.
  std::optional<std::int64_t> high_risk_at_intake;
  RegionActivity activity;              ///< what happened in the period
  std::vector<std::string> suppressed;  ///< dotted keys, in report order
};

// ---------------------------------------------------------------------------
// Actions and caseload

/// What `report actions` lists.
struct ActionsQuery {
  bool overdue_only = false;
  std::optional<std::string> professional;
  std::optional<std::string> region;
};

/// One action of one case, without its free text (which `plan list` shows,
/// logged as a read of that case).
struct ActionRow {
  std::string case_id;
  std::string region;
  CaseStatus case_status = CaseStatus::kRegistered;
  int number = 0;
  std::string domain;
  std::string professional;
  std::string partner;
  std::optional<Date> due;
  ActionStatus status = ActionStatus::kOpen;
  bool overdue = false;
  std::optional<std::int64_t> days_overdue;  ///< set when overdue
};

/// Most urgent first: overdue (longest overdue first), then open and in
/// progress by due date (no due date last), then done and cancelled.
struct ActionsReport {
  ActionsQuery query;
  Date today;
  std::vector<ActionRow> rows;
};

/// One professional's open work.
struct CaseloadRow {
  std::string professional;
  std::string partner;
  std::int64_t directed_cases = 0;  ///< open cases they direct
  std::int64_t open_actions = 0;    ///< open or in progress, in open cases
  std::int64_t overdue_actions = 0;
  std::optional<Date> oldest_due;  ///< of their open actions
  /// False when the configuration deactivated them: their cases need a new
  /// director and their actions a new holder.
  bool active = true;
};

/// Most loaded first: overdue actions, then open actions, then directed cases.
struct CaseloadReport {
  std::optional<std::string> region;
  Date today;
  std::vector<CaseloadRow> rows;
};

// ---------------------------------------------------------------------------
// Rendering

/// Renders a report. Text is aligned for a terminal; JSON is the contract of
/// docs/reports.md; CSV and Markdown hold every table; HTML is one
/// self-contained page (no external scripts, fonts or images) with inline SVG
/// charts, each with its table, readable when printed.
IFG_EXPORT void write_report(std::ostream& out, const CaseReport& report, ReportFormat format);
IFG_EXPORT void write_report(std::ostream& out, const RegionReport& report, ReportFormat format);
IFG_EXPORT void write_report(std::ostream& out, const ActionsReport& report, ReportFormat format);
IFG_EXPORT void write_report(std::ostream& out, const CaseloadReport& report, ReportFormat format);

}  // namespace ifg
