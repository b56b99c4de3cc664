// SPDX-License-Identifier: EUPL-1.2
// The case workflow after screening (docs/workflow.md): the team's decision,
// case meetings, the action plan, the case director, closure, involvement and
// the timeline. Plain value types; the operations are members of ifg::Service.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/export.h"
#include "ifg/model.h"

namespace ifg {

enum class ClosureReason {
  kRefused,
  kGoalsReached,
  kReferredRegular,
  kNoCooperation,
  kMoved,
  kOther
};
enum class LegalBasis { kDecree, kProsecutorConsent, kClientConsent };
enum class ActionStatus { kOpen, kInProgress, kDone, kCancelled };
/// A meeting dated after the day it was added is planned; it is held on its
/// date once `meeting held` records it (docs/workflow.md, "Meetings").
enum class MeetingStatus { kPlanned, kHeld };
/// What a monitoring contact after closure found.
enum class MonitoringResult { kStable, kConcern };

IFG_EXPORT std::string_view to_string(ClosureReason v);
IFG_EXPORT std::string_view to_string(LegalBasis v);
IFG_EXPORT std::string_view to_string(ActionStatus v);
IFG_EXPORT std::string_view to_string(MeetingStatus v);
IFG_EXPORT std::string_view to_string(MonitoringResult v);

/// The chain team's decision at the end of step 1.
struct Decision {
  bool accepted = false;
  std::string motivation;
  bool overridden = false;  ///< accepted although the screening outcome was not eligible
  std::string actor;
  std::string at;  ///< ISO timestamp
};

/// The window of a case's dates (docs/workflow.md, "Dates"): a meeting is held
/// from the day the referral was received to at most a year after today (a
/// meeting planned ahead); an action is due from that day to at most three
/// years after today. A date outside is a typing error, refused as invalid input.
inline constexpr int kMeetingDaysAhead = 366;
inline constexpr int kDueDaysAhead = 3 * 366;

/// What `meeting add` records.
struct MeetingInput {
  Date date;
  std::vector<std::string> attendees;  ///< professional ids
  LegalBasis basis = LegalBasis::kDecree;
  std::string purpose;
  std::optional<std::string> notes;
};

/// A case meeting (casusoverleg), numbered per case from 1.
struct Meeting {
  int number = 0;
  Date date;
  MeetingStatus status = MeetingStatus::kHeld;
  std::vector<std::string> attendees;  ///< the invitees while planned
  LegalBasis basis = LegalBasis::kDecree;
  std::string purpose;
  std::optional<std::string> notes;
  std::string actor;
  std::string at;
};

/// One change of an action: created, a status change or a reassignment.
struct ActionChange {
  std::string at;
  std::string actor;
  std::string kind;  ///< "created", "status" or "reassigned"
  std::optional<std::string> from;
  std::string to;  ///< the new status or professional
  std::optional<std::string> note;
};

/// An action of the plan, numbered per case from 1.
struct Action {
  int number = 0;
  std::string text;
  std::string domain;        ///< life-domain code
  std::string professional;  ///< who carries it out
  std::string partner;       ///< their partner
  std::optional<Date> due;
  ActionStatus status = ActionStatus::kOpen;
  bool overdue = false;  ///< due before today, neither done nor cancelled, case not closed
  std::vector<ActionChange> history;
};

/// Whether an action is overdue on `today`: due before it, neither done nor cancelled.
IFG_EXPORT bool is_overdue(ActionStatus status, const std::optional<Date>& due, Date today);
/// The same for an action of a case in `case_status`: never in a closed case, whose
/// open actions (left by a closure before they were cancelled with it) wait for no one.
IFG_EXPORT bool is_overdue(CaseStatus case_status, ActionStatus status,
                           const std::optional<Date>& due, Date today);

/// What `meeting held` records of a planned meeting whose date has come.
struct MeetingHeld {
  std::vector<std::string> attendees;  ///< who attended; empty keeps the invitees
  std::optional<std::string> notes;    ///< replaces the notes when given
};

/// A person of a case, linked to one person of the region across cases
/// (schema 11): the referral's persons in their order, numbered from 1.
struct CasePerson {
  int number = 0;
  std::optional<std::int64_t> person;  ///< the person's id in the database; none once removed
  PersonRole role = PersonRole::kOther;
  std::optional<std::string> name;  ///< as the referral gives it, or as changed since
  std::optional<int> birth_year;
  std::optional<Gender> gender;
  bool added = false;    ///< added after registration (`ifg person add`)
  bool changed = false;  ///< its facts differ from the referral's (`ifg person update`)
  std::optional<std::string> removed_reason;  ///< set when removed (`ifg person remove`)
  int other_cases = 0;     ///< other cases that name the same person, readable or not
  int possible_links = 0;  ///< persons of the region this one may be (`ifg person links`)
};

/// A person `ifg person add` adds, or what `ifg person update` changes (only
/// what is set). The referral as received stays unchanged.
struct PersonChange {
  std::optional<PersonRole> role;
  std::optional<std::string> name;
  std::optional<int> birth_year;
  std::optional<Gender> gender;
};

/// What `ifg risk add` records: the answers to one instrument for one person
/// of a case (issue 14).
struct RiskInput {
  int person = 0;  ///< the person's number in `ifg person list`
  std::string instrument;
  std::map<std::string, Answer> answers;  ///< item id -> answer; an item left out is unknown
  std::optional<std::string> assessor;    ///< a configured professional; the actor when left out
  std::optional<Date> date;               ///< today (Brussels) when left out
  bool judged_high = false;               ///< professional judgement raises the level to high
  std::optional<std::string> motivation;  ///< required with judged_high
};

/// One risk assessment of a person of a case.
struct Assessment {
  int number = 0;  ///< per case, in the order recorded
  int person = 0;
  PersonRole role = PersonRole::kOther;
  std::string instrument;
  Date date;
  std::string assessor;
  std::vector<std::pair<std::string, Answer>> answers;  ///< every item, in the instrument's order
  int score = 0;                                        ///< the sum of the weights answered yes
  int threshold = 0;                                    ///< the instrument's, when assessed
  int unknown = 0;                          ///< items answered unknown (or not answered)
  RiskLevel scored = RiskLevel::kStandard;  ///< by the score alone
  RiskLevel level = RiskLevel::kStandard;   ///< after professional judgement (never lower)
  bool judged = false;                      ///< judgement raised the level
  std::optional<std::string> motivation;
  /// Since the previous assessment of the same person with the same instrument.
  std::optional<int> score_change;
  std::optional<RiskLevel> previous_level;
  std::string recorded_at, recorded_by;
};

/// Scores `answers` with `instrument`: the weights answered yes add up; the
/// level is high at or above the threshold, or when `judged_high`. Every item
/// is listed, in the instrument's order; one left out is unknown. An answer
/// to an item the instrument does not have is Error(kInvalidInput).
IFG_EXPORT Assessment score_answers(const Instrument& instrument,
                                    const std::map<std::string, Answer>& answers, bool judged_high);

/// The other cases of one person of a case: those the actor may read, oldest
/// referral first; the others only counted.
struct PersonCases {
  std::string case_id;
  CasePerson person;
  std::vector<std::string> cases;
  int others = 0;
};

/// Why two persons of a region may be the same one (issue 14): a name key
/// within edit distance 2 with the same birth year, or the same name key
/// where one of them has no birth year.
enum class LinkReason { kSimilarName, kBirthYearMissing };
IFG_EXPORT std::string_view to_string(LinkReason v);

/// One person of a region as a possible link shows it: where they appear
/// first (the oldest referral naming them), and in how many cases.
struct LinkedPerson {
  std::string case_id;
  int number = 0;
  PersonRole role = PersonRole::kOther;
  std::optional<std::string> name;
  std::optional<int> birth_year;
  int cases = 0;
};

/// Two persons of a region who may be the same: for a coordinator to confirm
/// (`ifg person link`) or reject (`ifg person unlink`), never proposed again
/// once rejected.
struct PossibleLink {
  LinkedPerson first;  ///< the person known first
  LinkedPerson second;
  LinkReason reason = LinkReason::kSimilarName;
  int distance = 0;  ///< the edit distance of the name keys (0 for kBirthYearMissing)
};

/// Two persons named by their cases: person `number` of `case_id` and person
/// `other_number` of `other_case` (`ifg person link/unlink`).
struct PersonPair {
  std::string case_id;
  int number = 0;
  std::string other_case;
  int other_number = 0;
};

/// A follow-up contact with the family after closure, numbered per case from 1.
struct MonitoringContact {
  int number = 0;
  MonitoringResult result = MonitoringResult::kStable;
  std::string note;
  std::string actor;
  std::string at;
};

/// One period as case director.
struct DirectorTerm {
  std::string professional;
  std::string from;  ///< ISO timestamp
  std::optional<std::string> until;
  std::string assigned_by;
  std::optional<std::string> reason;
};

/// Why a partner is involved in a case: "referrer", "channel", "crisis_partner",
/// "attendee", "action_holder" or "director".
struct Involvement {
  std::string partner;
  std::vector<std::string> reasons;
};

/// One entry of a case's timeline (the events table).
struct Event {
  long id = 0;
  std::string at;
  std::optional<std::string> actor;
  std::string action;
  std::string details = "{}";  ///< a JSON object holding ids and codes, never personal data
};

/// A case's workflow state, as `ifg log` and reports show it.
struct CaseState {
  std::string id;
  std::string region;
  CaseStatus status = CaseStatus::kRegistered;
  std::optional<Outcome> outcome;
  std::optional<Decision> decision;
  std::optional<std::string> director;
  std::optional<ClosureReason> closure_reason;
  std::optional<std::string> closure_note;
  std::optional<Date> monitor_until;            ///< set at closure, for follow-up contacts
  std::optional<std::string> transferred_to;    ///< the case that continues it in another region
  std::optional<std::string> transferred_from;  ///< the case it continues
  std::vector<MonitoringContact> monitoring;    ///< the contacts after closure, in order
};

}  // namespace ifg
