// SPDX-License-Identifier: EUPL-1.2
// The one error type at libifg's boundary.
#pragma once

#include <stdexcept>
#include <string>

#include "ifg/export.h"

namespace ifg {

/// What kind of failure an ifg::Error is. The values are the exit codes of the
/// `ifg` program (docs/exit-codes.md), so a tool embedding libifg can report
/// failures the same way.
enum class ErrorCode : int {
  kRefused = 1,       ///< a domain rule refuses the request (status transition, ...)
  kUsage = 2,         ///< the request itself is malformed (unknown option, missing argument)
  kNotFound = 3,      ///< a case, professional, partner or region named by the request is unknown
  kAccessDenied = 4,  ///< no actor, an unknown or inactive actor, or one who may not do this
  kInvalidInput = 5,  ///< input data (a referral file or record) is invalid or unreadable
  kStorage = 6,       ///< the database is missing, locked, corrupt, full or not writable
  kConfig = 7,        ///< the configuration file is invalid
  kInternal = 70,     ///< a bug in ifg
};

/// What the user can do next, beside the message. libifg says *what* is needed
/// in words of the domain; how to give it depends on the front end (the `ifg`
/// program names its options and commands, another program its own controls),
/// so the library gives the kind and the front end the words. Some hints name a
/// case, a file or a field (Error::subject()).
enum class Hint {
  kNone,
  kActor,              ///< say which configured, active professional acts
  kDatabase,           ///< name an existing database, or create one
  kDatabaseFile,       ///< the database was named by a folder (subject): name the file in it
  kCreateDatabase,     ///< this is no database of ifg: create one
  kMigrate,            ///< the database has an older schema: migrate it
  kJustification,      ///< give a justification for reading case data
  kGiveText,           ///< give the text (subject: "motivation", "note", ...) the request lacks
  kListProfessionals,  ///< see which professionals are configured
  kListPartners,       ///< see which partners and regions are configured
  kLoadConfig,         ///< no regions yet: load a configuration
  kInputFormat,        ///< standard input or an unknown extension: name the input format
  kBatch,              ///< a file (subject) of many referrals goes to batch screening
  kRegisterOne,        ///< batch screening is for coordinators; others register one at a time
  kUpdateCase,         ///< correct the existing case (subject) instead
  kScreenCase,         ///< screen the case (subject) first
  kRefuseCase,         ///< refusing is the team's decision on the case (subject)
  kOverride,           ///< accepting against the screening outcome needs the override
  kNoOverride,         ///< the override does not belong to this decision
  kOverrideAccepts,    ///< the override goes only with accepting
  kAssignDirector,     ///< assign a director to the case (subject) first
  kAddAction,          ///< add an action to the case's (subject) plan first
  kListActions,        ///< see the actions of the case (subject)
  kReportCase,         ///< read the cases one takes part in through the case sheet
  kReportRegion,       ///< analysts read regional statistics
  kAddMeeting,         ///< record a case meeting of the case (subject)
  kListMeetings,       ///< see the meetings of the case (subject)
  kMonitorUntil,       ///< close with a monitoring date to follow a family up
  kListPersons,        ///< see the persons of the case (subject)
  kChangePerson,       ///< change a person of the case (subject) as such, with a new value
};

/// A failure reported by libifg. The message says what failed, on which input
/// (file:line, case id, field) and what is needed, in words of the domain; it
/// never holds personal data beyond ids. hint() says what to do next, for the
/// front end to put in its own words. Immutable, so safe to share between threads.
class IFG_EXPORT Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message, Hint hint = Hint::kNone,
        std::string subject = {})
      : std::runtime_error(message), code_(code), hint_(hint), subject_(std::move(subject)) {}

  ErrorCode code() const noexcept { return code_; }
  /// The process exit code for this error.
  int exit_code() const noexcept { return static_cast<int>(code_); }
  Hint hint() const noexcept { return hint_; }
  /// The case, file or field a hint names (kUpdateCase, kBatch, kGiveText, ...); empty otherwise.
  const std::string& subject() const noexcept { return subject_; }

 private:
  ErrorCode code_;
  Hint hint_;
  std::string subject_;
};

}  // namespace ifg
