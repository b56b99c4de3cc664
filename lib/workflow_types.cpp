// The workflow value types (ifg/workflow.h): their names (codes and Dutch aliases),
// and when an action is overdue.
#include "ifg/workflow.h"

#include "enum_table.h"

namespace ifg {

IFG_ENUM_TABLE(ClosureReason, {ClosureReason::kRefused, "refused", {}},
               {ClosureReason::kGoalsReached, "goals_reached", {}},
               {ClosureReason::kReferredRegular, "referred_regular", {}},
               {ClosureReason::kNoCooperation, "no_cooperation", {}},
               {ClosureReason::kMoved, "moved", {}}, {ClosureReason::kOther, "other", {}});
IFG_ENUM_TABLE(LegalBasis, {LegalBasis::kDecree, "decree", {"decreet"}},
               {LegalBasis::kProsecutorConsent, "prosecutor_consent", {}},
               {LegalBasis::kClientConsent, "client_consent", {}});
IFG_ENUM_TABLE(ActionStatus, {ActionStatus::kOpen, "open", {}},
               {ActionStatus::kInProgress, "in_progress", {}}, {ActionStatus::kDone, "done", {}},
               {ActionStatus::kCancelled, "cancelled", {}});

IFG_ENUM_TABLE(MeetingStatus, {MeetingStatus::kPlanned, "planned", {"gepland"}},
               {MeetingStatus::kHeld, "held", {"gehouden"}});
IFG_ENUM_TABLE(MonitoringResult, {MonitoringResult::kStable, "stable", {"stabiel"}},
               {MonitoringResult::kConcern, "concern", {"zorg", "bezorgdheid"}});

IFG_ENUM_TABLE(LinkReason, {LinkReason::kSimilarName, "similar_name", {}},
               {LinkReason::kBirthYearMissing, "birth_year_missing", {}});

IFG_ENUM_API(LinkReason)
IFG_ENUM_API(ClosureReason)
IFG_ENUM_API(MeetingStatus)
IFG_ENUM_API(MonitoringResult)
IFG_ENUM_API(LegalBasis)
IFG_ENUM_API(ActionStatus)

bool is_overdue(ActionStatus status, const std::optional<Date>& due, Date today) {
  return due && *due < today && status != ActionStatus::kDone && status != ActionStatus::kCancelled;
}

bool is_overdue(CaseStatus case_status, ActionStatus status, const std::optional<Date>& due,
                Date today) {
  return case_status != CaseStatus::kClosed && is_overdue(status, due, today);
}

}  // namespace ifg
