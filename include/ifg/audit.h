// SPDX-License-Identifier: EUPL-1.2
// The audit trail: every change and every look at case data, hash-chained so
// that altering, removing or reordering an entry is detected (docs/security.md).
// Entries hold ids and codes, never personal data.
#pragma once

#include <optional>
#include <string>

#include <vector>

#include "ifg/model.h"
#include "ifg/workflow.h"

namespace ifg {

/// One entry of the audit trail.
struct AuditEntry {
  long id = 0;
  std::string at;                    ///< ISO timestamp
  std::optional<std::string> actor;  ///< professional id; none only for the first config load
  std::string kind;                  ///< "change", "read" or "denied"
  std::string action;                ///< e.g. "registered", "screened", "log"
  std::optional<std::string> case_id;
  std::string details;  ///< a JSON object of ids and codes
  std::optional<std::string> justification;
  std::string hash;  ///< SHA-256 chaining this entry to the one before
};

/// The number of entries and the hash of the last one. Keep it outside the
/// database: an intact chain that ends elsewhere shows entries were removed at the end.
struct AuditHead {
  long entries = 0;
  std::string head;  ///< 64 hex digits; 64 zeros for an empty trail
};

/// A row of the database that the audit trail does not explain (`audit verify --state`).
struct StateMismatch {
  std::string table;
  std::string key;                    ///< the row's primary key as a JSON array: ["ANT-2026-0001"]
  std::optional<std::string> column;  ///< the first column that differs, when both have the row
  std::optional<long> entry;          ///< the entry that last wrote the row, if any
  std::string problem;                ///< what is wrong with it
};

/// The result of checking the chain from the first entry to the last, and
/// with `state`, the tables against the trail.
struct AuditVerification {
  bool intact = true;
  AuditHead head;                    ///< of the entries checked
  std::optional<long> first_broken;  ///< the id of the first entry that does not verify
  std::string problem;               ///< what is wrong with it
  /// Entries written before schema 7 whose justification purge removed: the
  /// chain still links them, but their own hash cannot be recomputed.
  long legacy_purged = 0;
  bool state_checked = false;          ///< the tables were compared with the trail
  long rows_checked = 0;               ///< rows of the state tables compared
  std::optional<StateMismatch> state;  ///< the first row the trail does not explain
};

/// Which entries `audit show` lists.
struct AuditFilter {
  std::optional<std::string> case_id;
  std::optional<std::string> actor;
  std::optional<Date> since;  ///< entries on or after this date (UTC timestamps compared by date)
};

/// One case that names a person, with everything stored about it.
struct PersonCase {
  std::string case_id;
  std::string region;
  CaseStatus status = CaseStatus::kRegistered;
  std::vector<std::string> roles;  ///< how the case names them: "referrer", or a person role
  Referral referral;
  std::vector<Meeting> meetings;
  std::vector<Action> actions;
  std::vector<Event> events;
  /// The case's persons who are this person now (`person list`'s form, with
  /// their changes since registration), and their risk assessments (issue 14).
  std::vector<CasePerson> persons;
  std::vector<Assessment> assessments;
  /// Found because a coordinator linked a person of another case found by the
  /// name to a person of this one (`ifg person link`), who may be named otherwise.
  bool by_link = false;
};

/// Everything stored about one person, the answer to an access request (GDPR art. 15).
struct PersonExport {
  std::string name;
  std::optional<int> birth_year;
  std::vector<PersonCase> cases;
};

}  // namespace ifg
