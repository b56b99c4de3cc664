// SPDX-License-Identifier: EUPL-1.2
// The workflow value types (ifg/workflow.h): their names (codes and Dutch aliases),
// and when an action is overdue.
#include "ifg/workflow.h"

#include "enum_table.h"

namespace ifg {

IFG_ENUM_TABLE(ClosureReason, {ClosureReason::kRefused, "refused", {"geweigerd"}},
               {ClosureReason::kGoalsReached, "goals_reached", {"doelen_bereikt"}},
               {ClosureReason::kReferredRegular,
                "referred_regular",
                {"doorverwezen_regulier", "doorverwezen"}},
               {ClosureReason::kNoCooperation, "no_cooperation", {"geen_medewerking"}},
               {ClosureReason::kMoved, "moved", {"verhuisd"}},
               {ClosureReason::kOther, "other", {"andere", "ander"}});
IFG_ENUM_TABLE(LegalBasis, {LegalBasis::kDecree, "decree", {"decreet"}},
               {LegalBasis::kProsecutorConsent, "prosecutor_consent", {"akkoord_parket"}},
               {LegalBasis::kClientConsent,
                "client_consent",
                {"toestemming_cliënt", "toestemming_client"}});
IFG_ENUM_TABLE(ActionStatus, {ActionStatus::kOpen, "open", {}},
               {ActionStatus::kInProgress, "in_progress", {"lopend", "bezig"}},
               {ActionStatus::kDone, "done", {"klaar", "afgerond"}},
               {ActionStatus::kCancelled, "cancelled", {"geannuleerd"}});

IFG_ENUM_TABLE(MeetingStatus, {MeetingStatus::kPlanned, "planned", {"gepland"}},
               {MeetingStatus::kHeld, "held", {"gehouden"}});
IFG_ENUM_TABLE(MonitoringResult, {MonitoringResult::kStable, "stable", {"stabiel"}},
               {MonitoringResult::kConcern, "concern", {"zorg", "bezorgdheid"}});

IFG_ENUM_TABLE(LinkReason, {LinkReason::kSimilarName, "similar_name", {"gelijkende_naam"}},
               {LinkReason::kBirthYearMissing, "birth_year_missing", {"geboortejaar_ontbreekt"}});

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
