// SPDX-License-Identifier: EUPL-1.2
// The case register (`ifg case list`): one row per case a professional may
// know about, with where it stands, and no names or free text, so a listing
// is not a read of any case. ifg::Service::case_list() builds it with the
// need-to-know of docs/security.md; write_json() (ifg/json.h) gives its JSON.
// Finding the cases that name a person (`ifg case find`, Service::case_find())
// is a read of each case found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ifg/export.h"
#include "ifg/model.h"

namespace ifg {

/// The next step of the chain approach that has not happened yet.
enum class Waiting {
  kDecision,    ///< screened, the team has not decided
  kMeeting,     ///< accepted and open, no case meeting yet
  kDirector,    ///< accepted, no director yet (accepted or analysis)
  kPlan,        ///< accepted, not active, no action that is not cancelled
  kActivation,  ///< directed, the plan has not started
};

enum class CaseSort { kReceived, kStatus, kLastActivity };

/// The filters of a listing; each one narrows it, and all combine.
struct CaseQuery {
  std::optional<std::string> region;
  std::vector<CaseStatus> statuses;  ///< any of these; empty: every status
  std::optional<Outcome> outcome;
  std::optional<std::string> director;             ///< directs the case now (open cases)
  std::optional<std::string> holder;               ///< holds an open or in-progress action
  std::optional<Date> received_from, received_to;  ///< both inclusive
  std::optional<Waiting> waiting;
  bool overdue = false;  ///< has an overdue action
  /// Closed under monitoring, its date come, and no contact recorded since that date.
  bool monitoring_due = false;
  std::optional<std::int64_t> stale_days;  ///< no change for at least this many days
  /// A repeat referral (issue 14): a victim or child of it is a person of an
  /// earlier case received within `[screening] repeat_window_months`.
  bool repeat = false;
  CaseSort sort = CaseSort::kReceived;
  std::optional<std::size_t> limit;
};

/// One case of the register.
struct CaseListRow {
  std::string case_id;
  std::string region;
  CaseStatus status = CaseStatus::kRegistered;
  std::optional<Outcome> outcome;
  Date received;
  std::int64_t days_open = 0;  ///< from received to today, or to the closure's day
  std::optional<std::string> director;
  bool director_active = true;    ///< false: the director was deactivated
  std::int64_t open_actions = 0;  ///< open or in progress
  std::int64_t overdue_actions = 0;
  std::optional<Date> next_due;       ///< the earliest due date of an open action
  std::string last_activity;          ///< the time of the case's last change (UTC)
  std::optional<Date> monitor_until;  ///< a closed case's follow-up date
};

struct CaseList {
  CaseQuery query;
  Date today;  ///< Europe/Brussels, what overdue, days_open and stale are judged against
  std::vector<CaseListRow> rows;
};

/// A case that names a person (`ifg case find`): where it stands and how it
/// names them, never a name (the caller typed it).
struct FoundCase {
  std::string case_id;
  std::string region;
  CaseStatus status = CaseStatus::kRegistered;
  Date received;
  std::vector<std::string> roles;  ///< "referrer", or a person's role: "victim", ...
};

/// The cases that name a person among those the actor may read, oldest id first.
struct FoundCases {
  std::vector<FoundCase> cases;
};

/// Codes: decision, meeting, director, plan, activation; received, status,
/// last_activity (parse_enum<E> also takes `last-activity`).
IFG_EXPORT std::string_view to_string(Waiting w);
IFG_EXPORT std::string_view to_string(CaseSort s);

}  // namespace ifg
