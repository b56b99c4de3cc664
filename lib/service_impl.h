// SPDX-License-Identifier: EUPL-1.2
// Private: the state behind ifg::Service and the helpers its operations share.
// service.cpp holds configuration, registration and screening, batch.cpp the
// batch, workflow.cpp the case workflow, audit.cpp the audit trail, retention
// and access requests, reports.cpp the reports. Access is decided by the one
// policy of access.h; SQL is the store's; messages are built with fmt, in the
// language chosen (trf(), i18n.h), and facts stored in the audit trail in English.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "access.h"
#include "format.h"
#include "ifg/error.h"
#include "ifg/service.h"
#include "referral_json.h"
#include "store.h"
#include "stored_screening.h"

namespace ifg {

namespace detail {

inline constexpr const char* kScreeningKey = "screening";
inline constexpr const char* kRequireJustificationKey = "audit.require_justification";
inline constexpr const char* kUiLanguageKey = "ui.language";
inline constexpr const char* kUiCsvDialectKey = "ui.csv_dialect";

inline constexpr const char* kInstrumentsKey = "instruments";

json params_to_json(const ScreeningParams& p);
/// The instruments of a configuration as the settings keep them (risk.cpp).
json instruments_to_json(const std::vector<Instrument>& instruments);
std::vector<Instrument> instruments_from_json(const json& j);
/// A stored answer code; one this version does not know is Error(kInternal).
Answer stored_answer(const std::string& code);
ScreeningParams params_from_json(const json& j);
/// The screening stored with a case, its sentences written again; nullopt
/// when the case was never screened.
std::optional<Screening> stored_screening(const CaseRow& row);
ScreenResult result_of(const std::optional<std::string>& case_id,
                       const std::optional<std::string>& external_ref, const Screening& s);
std::string join_errors(const std::vector<FieldError>& errors);

/// Free text a user gives (the `field` N_("motivation"), N_("note"), ... of a
/// case: its noun in messages, translated, and its option in the hint):
/// when `required`, present and not blank (else Error(kRefused) with
/// Hint::kGiveText naming the field); valid UTF-8 without NUL and at most
/// 10,000 characters (else Error(kInvalidInput)).
void check_text(const std::optional<std::string>& text, const std::optional<std::string>& case_id,
                std::string_view field, bool required);

/// The persons of a case: the referral's as received, then as changed since
/// (person_facts), with their links across cases (persons.cpp).
std::vector<CasePerson> persons_of(Store& st, const Referral& r, const std::string& case_id);
/// Person `number` of `persons`, else Error(kNotFound) naming the case.
CasePerson person_number(const std::vector<CasePerson>& persons, const std::string& case_id,
                         int number);

/// The code of the region a request names (any case), which must be configured
/// (else Error(kNotFound)); nullopt when it names none.
std::optional<std::string> known_region(Store& st, const std::optional<std::string>& asked);

}  // namespace detail

/// Hidden from the shared library's exports although Service is exported: the
/// implementation is private to libifg (docs/packaging.md).
struct IFG_NO_EXPORT Service::Impl {
  ServiceOptions options;
  detail::Store store;

  explicit Impl(ServiceOptions o);

  Timestamp now() const;
  std::string now_text() const { return format_timestamp(now()); }
  Date today() const { return brussels_date(now()); }

  /// Runs an operation: SQLite failures become Error(kStorage), and a denial
  /// (or a refused probe) is written to the audit trail after the operation's
  /// transaction rolled back.
  template <class F>
  auto guard(F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (const Error&) {
      if (pending_denial) log_denial();
      throw;
    } catch (...) {
      detail::Store::rethrow_as_error(options.db_path);
    }
  }

  // --- access

  /// The acting professional: configured and active, else a logged denial
  /// naming the operation `op` (when given) and the case the request named.
  /// The actor of an operation: `id` on SQLite; on PostgreSQL the login,
  /// and an `id` that names someone else is denied.
  std::optional<std::string> acting(const std::optional<std::string>& id,
                                    const std::optional<std::string>& case_id,
                                    std::string_view what);
  detail::Actor actor(const std::optional<std::string>& id,
                      std::optional<detail::Operation> op = std::nullopt,
                      const std::optional<std::string>& case_id = std::nullopt);
  /// What the policy needs to know about case `row` for `actor`.
  detail::Subject subject(const detail::Actor& actor, const detail::CaseRow& row,
                          const std::optional<std::string>& holder = std::nullopt);
  /// Asks the policy; a refusal is a logged denial naming the rule, and the
  /// subject's case or else `named`, the case the request named.
  void require(const detail::Actor& actor, detail::Operation op, const detail::Subject& subject,
               const std::optional<std::string>& named = std::nullopt);
  void require(const detail::Actor& actor, detail::Operation op, const detail::CaseRow& row,
               const std::optional<std::string>& holder = std::nullopt) {
    require(actor, op, subject(actor, row, holder));
  }
  /// Refuses access (exit 4) naming the rule; guard() logs the denial.
  [[noreturn]] void deny(const std::optional<std::string>& actor_id,
                         const std::optional<std::string>& case_id, std::string_view what,
                         const std::string& rule, const std::string& message,
                         Hint hint = Hint::kNone);

  /// Refuses to register `ref` again in `region`, where case `existing` holds
  /// it (kRefused). Only an actor who may read that case is told which one it
  /// is; anyone else is told neither the case nor more, and guard() logs the
  /// refusal as a denial of the case.
  [[noreturn]] void refuse_duplicate(const detail::Actor& who, const std::string& ref,
                                     const std::string& region, const std::string& existing);

  // --- reads of case data

  /// Before a read of case data: with `require_justification = true` in the
  /// configuration, a read without a justification is a logged denial.
  /// `case_id` nullopt: a read of the cases a search finds, checked before it.
  void check_read(const detail::Actor& actor, const std::optional<std::string>& case_id,
                  detail::Operation op);
  /// After a read of case data: one short write of its audit entry.
  void record_read(const detail::Actor& actor, const std::string& case_id, detail::Operation op);

  /// A read of one case's data: the actor, the case (or kNotFound), the
  /// policy, the justification rule, the read itself without a write lock,
  /// then its audit entry.
  template <class F>
  auto read_case(const std::optional<std::string>& actor_id, const std::string& case_id,
                 detail::Operation op, F&& read) {
    const detail::Actor who = actor(actor_id, op, case_id);
    const detail::CaseRow row = case_row(who, case_id, op);
    require(who, op, row);
    check_read(who, row.id, op);
    auto result = read(row);
    record_read(who, row.id, op);
    return result;
  }

  // --- cases

  /// Case `id`, which `who` asks for to `op` it. When there is no such case,
  /// kNotFound if the policy lets `who` know that, else the same logged denial
  /// as for a case `who` may not see (detail::decide_missing_case).
  detail::CaseRow case_row(const detail::Actor& who, const std::string& id, detail::Operation op);
  CaseState state_of(const detail::CaseRow& row);
  /// The plan of a case, with overdue judged against today in Brussels (never
  /// overdue in a closed case).
  std::vector<Action> actions_of(const detail::CaseRow& row);
  Referral stored_referral(const detail::CaseRow& row);
  /// The catalog a stored referral is checked against (see service.cpp).
  Catalog catalog_for(const detail::json& stored);
  /// Screens `r` as case `id` and stores the result with its event; in a write transaction.
  /// Stores referral `r` as a new case registered by `who` at `at` and returns its
  /// id; a duplicate external_ref in the region is refused (refuse_duplicate()).
  std::string insert_referral(const detail::Actor& who, const Referral& r, const std::string& at);
  /// With instruments in `rules`, criterion 3 reads the case's latest assessments.
  Screening screen_and_store(const std::string& id, const Referral& r, const RuleSet& rules,
                             const std::string& actor, const std::string& at);

  ScreeningParams params();
  /// The stored parameters and instruments: the rules cases are screened by.
  RuleSet rules();
  Catalog catalog();

  // --- risk assessment (risk.cpp)

  std::vector<Instrument> instruments();
  /// The assessments of a case with each one's change since the person's previous one.
  std::vector<Assessment> assessments_of(const std::string& case_id);
  /// The latest assessment of each victim and child of case `id` (as its
  /// persons are now), for screening.
  std::vector<LatestRisk> latest_risks(const std::string& id, const Referral& r);

  // --- persons across cases (persons.cpp)

  /// The repeat of case `id` for `who` (issue 14): nullopt when no victim or
  /// child of it is a person of an earlier case within the window.
  std::optional<Repeat> repeat_of(const detail::Actor& who, const std::string& id, int months);
  /// One change of a case's persons (`ifg person add/update/remove`).
  template <class F>
  auto change_persons(const std::optional<std::string>& actor, const std::string& case_id,
                      detail::Operation op, F&& change);
  /// The same for referral `r` of a dry run, which is not stored.
  std::optional<Repeat> repeat_of(const detail::Actor& who, const Referral& r, int months);

 private:
  struct PendingDenial {
    std::optional<std::string> case_id;
    std::optional<std::string> actor;
    std::string what;
    std::string rule;
  };
  std::optional<PendingDenial> pending_denial;

  void log_denial();
};

}  // namespace ifg
