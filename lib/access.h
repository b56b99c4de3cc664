// SPDX-License-Identifier: EUPL-1.2
// Private: the access policy. One table says who may do what (it reads like
// the table of docs/security.md, "Roles and need-to-know"), and one function,
// decide_access(), applies it. Every operation of ifg::Service asks it before
// it answers anything else, so a refusal tells nothing about the case.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/error.h"
#include "ifg/model.h"

namespace ifg::detail {

/// Everything a professional can ask of libifg that the policy decides.
enum class Operation {
  kInit,
  kRegister,
  kScreenBatch,
  kScreen,  ///< screening a case before the team's decision (a change)
  kUpdate,
  kScreenRead,  ///< the stored screening of a decided case (a read)
  kLog,
  kPlanList,
  kMeetingList,
  kDirectors,
  kCaseState,
  kInvolvement,
  kReferral,
  kReportCase,
  kDecide,
  kMeetingAdd,
  kPlanAdd,
  kPlanSet,
  kPlanActivate,
  kAssignAction,
  kAssignDirector,
  kClose,
  kAuditShow,
  kAuditShowCase,  ///< the audit trail of one case
  kPurge,
  kExportPerson,
  kReportRegion,
  kCaseList,  ///< the register: no names or free text
  kReportActions,
  kReportCaseload,     ///< everyone's line, in the regions a coordinator coordinates
  kReportOwnCaseload,  ///< one's own line
  kMeetingHeld,
  kMonitor,
  kReopen,
  kTransfer,
  kCaseFind,  ///< the cases that name a person: a read of each one found
  kPersonList,
  kPersonCases,  ///< a person's other cases: a read of the case and of each one named
  kPersonAdd,
  kPersonUpdate,
  kPersonRemove,
  kPersonLinks,  ///< the possible links of a region's persons: a read of each case shown
  kPersonLink,
  kPersonUnlink,
  kRiskAdd,
  kRiskList,
};

/// One way to be allowed; a rule allows whoever fits one of its grants. "The
/// region" is the case's region, or the region the request names; when it
/// names none, a region-bound grant asks only for the role (the operation then
/// works in the actor's regions only).
enum Grant : unsigned {
  kCoordinatorOfRegion = 1u << 0,  ///< a coordinator whose partner serves the region
  kDirectorOfCase = 1u << 1,       ///< the case's current director
  kInvolved = 1u << 2,             ///< a director or member whose partner is involved in the case
  kRegistrant = 1u << 3,           ///< who registered the case
  kHolder = 1u << 4,               ///< who holds the action concerned
  kCaseRoleInRegion = 1u << 5,     ///< a coordinator, director or member serving the region
  kTeamMember = 1u << 6,           ///< a director or member, in any region
  kAnalystOfRegion = 1u << 7,      ///< an analyst whose partner serves the region
};

/// One row of the policy.
struct AccessRule {
  Operation operation;
  std::string_view name;  ///< the operation as the audit trail names it
  unsigned grants;        ///< Grant bits
  /// What it does, for messages ("may {phrase} case X"): a catalogue entry,
  /// translated where it is shown; the audit trail keeps it in English.
  const char* phrase;
};

/// The whole table, in the order of docs/security.md.
std::span<const AccessRule> access_rules();
const AccessRule& access_rule(Operation op);

/// What the policy knows of the actor: an active, configured professional.
struct Actor {
  Professional pro;
  std::vector<std::string> regions;  ///< the regions their partner serves

  bool serves(const std::string& region) const;
  bool coordinates(const std::string& region) const;
  /// An analyst without a role at case level.
  bool analyst_only() const;
};

/// What the request is about: a case, with the facts the grants ask about, or
/// a region, or nothing in particular.
struct Subject {
  std::optional<std::string> case_id;
  std::optional<std::string> region;
  std::optional<std::string> director;
  std::optional<std::string> registrant;
  std::optional<std::string> holder;
  bool involved = false;  ///< the actor's partner is involved in the case
};

/// The policy's answer: allowed, or refused by `rule`, a sentence naming the
/// actor, case, region and partner (ids only) and what they would need, for
/// the audit trail (in English, as every stored fact); `message` is what the
/// actor is told, in the chosen language. A refusal about a case the actor may
/// not read tells no more than a refusal about a case that does not exist: its
/// message depends on the actor, the operation and the case id only. Who may
/// read the case is told the rule.
struct Access {
  bool allowed = false;
  std::string rule;
  std::string message;
  Hint hint = Hint::kNone;
};

Access decide_access(const Actor& actor, Operation op, const Subject& subject);

/// The answer for `case_id`, which does not exist: allowed means the actor may
/// be told so (they could `op` any case of the id's region, its prefix, were
/// it there: a coordinator of that region; or the id names no region, so no
/// case can have it). Anyone else is refused with the same message and hint
/// as for an existing case they may not see, so a probe cannot tell "not
/// there" from "not yours".
Access decide_missing_case(const Actor& actor, Operation op, const std::string& case_id);

}  // namespace ifg::detail
