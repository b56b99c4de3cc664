// SPDX-License-Identifier: EUPL-1.2
// The workflow operations a user performs, over one database. Every operation
// checks its actor, runs in one transaction and appends its events in that same
// transaction. The `ifg` program is a thin layer over this class; embed it the
// same way.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/audit.h"
#include "ifg/export.h"
#include "ifg/io.h"
#include "ifg/model.h"
#include "ifg/register.h"
#include "ifg/report.h"
#include "ifg/screening.h"
#include "ifg/workflow.h"

namespace ifg {

/// How to open a database.
struct ServiceOptions {
  std::string db_path = "ifg.db";
  /// Create the file (and migrate it) when missing; otherwise a missing file is
  /// Error(kStorage). Only `init` creates.
  bool create = false;
  /// The current time; the system clock when empty. `IFG_NOW` sets it in the CLI.
  std::function<Timestamp()> clock;
  /// How long a write waits for another writer before giving up with Error(kStorage).
  int busy_timeout_ms = 10000;
};

/// An inactive professional who still has work in open cases: the cases they
/// direct and the open or in-progress actions they hold.
struct OrphanedWork {
  std::string professional;
  long cases_directed = 0;
  long actions_held = 0;
};

/// What Service::migrate() copied, and the target's audit trail checked after it.
struct MigrationSummary {
  std::vector<std::pair<std::string, long>> tables;  ///< each table, and its rows copied
  long rows = 0;                                     ///< all rows copied
  AuditHead source_head;                             ///< the trail of the file
  AuditVerification target;                          ///< the chain (and state) of the target
};

/// What `init` loaded.
struct InitSummary {
  int regions = 0;
  int partners = 0;
  int professionals = 0;
  std::string ruleset;
  int schema_version = 0;
  /// Inactive professionals whose open work waits for someone else, by id.
  std::vector<OrphanedWork> orphaned;
};

/// How `screen_batch` runs.
struct BatchOptions {
  bool dry_run = false;
  /// Handle only the records of this region (a code, any case); the others come
  /// back `skipped`. Unset: the records of every region the actor coordinates.
  /// A region that is not configured is Error(kNotFound); one the actor does not
  /// coordinate, Error(kAccessDenied), before any record is read.
  std::optional<std::string> region;
  /// Records per transaction. A result is handed to the callback only after the
  /// chunk holding its record is committed.
  int chunk_size = 1000;
  /// Called after each chunk is committed and its results handed out (the CLI
  /// flushes its output there, so what it printed is whole lines of stored cases).
  std::function<void()> on_commit;
  /// Read and validate the next chunk on a second thread while the current one
  /// is stored; that thread also hands out the last chunk's results (calls
  /// on_result and on_commit). Callbacks are never called at the same time,
  /// and always in input order, but then not on the caller's thread. Worth it
  /// for files; leave it off for a pipe that may stall, since an error while
  /// storing then waits for the chunk being read.
  bool read_ahead = false;
};

/// A change of referral facts for `update`: keys of a referral file (`from_file`,
/// JSON or TOML, keys replace the stored ones) and then `set` pairs (an empty value
/// unsets the fact).
struct ReferralPatch {
  std::optional<std::string> from_file;
  std::optional<InputFormat> from_format;
  FieldValues set;
};

/// One open database. Owns a SQLite connection: use one Service per thread;
/// several Services (in one or more processes) may use one file at once.
/// Every method throws ifg::Error on failure, with the documented ErrorCode.
class IFG_EXPORT Service {
 public:
  explicit Service(ServiceOptions options);
  /// The ids of the cases stored in the database at `db_path` (ANT-2026-0001,
  /// ...), nothing else: read-only, without an actor or an audit entry, never
  /// creating or changing the file; for completing ids in a shell. Throws
  /// Error(kStorage) when the file is missing or cannot be read.
  static std::vector<std::string> case_ids(const std::string& db_path);
  /// `db` as it may be shown: a PostgreSQL connection string with its
  /// password replaced by ***, a file path as it is.
  static std::string shown_database(const std::string& db);
  /// Whether `db` names a PostgreSQL database rather than an SQLite file.
  static bool is_server_database(const std::string& db);
  /// Copies the SQLite database `from`, its whole audit trail included, into
  /// `to`, an empty PostgreSQL database (issue 17): init's schema and roles,
  /// then every row in one transaction; then verifies the target's chain
  /// and the state (Error(kStorage) unless the chain is intact with the file's
  /// head and the rows agree with it). A target
  /// that holds any table is refused (kStorage) and left unchanged.
  static MigrationSummary migrate(const std::string& from, const std::string& to,
                                  const std::string& now);
  ~Service();
  Service(Service&&) noexcept;
  Service& operator=(Service&&) noexcept;

  /// Loads a configuration: regions, partners and professionals are upserted by id,
  /// screening parameters replaced. The first load into a database without
  /// professionals needs no actor; later loads need an active coordinator.
  InitSummary init(const Config& config, const std::optional<std::string>& actor);

  /// The configured partners and professionals, sorted by id.
  std::vector<Partner> partners();
  std::vector<Professional> professionals();
  std::vector<Region> regions();
  ScreeningParams screening_params();
  /// The configuration's [ui] settings as `init` stored them (empty when none).
  UiSettings ui_settings();

  /// What referrals are validated against now (regions, partners, today).
  Catalog catalog();

  /// Checks that `actor` names an active professional; returns it, else throws
  /// Error(kAccessDenied) and logs the denial, naming `operation` as the audit
  /// trail names it ("register", "screen --batch"; "actor check" when empty or
  /// unknown): a front end checks the actor early, before it reads input.
  Professional require_actor(const std::optional<std::string>& actor,
                             std::string_view operation = {});

  /// Stores one validated referral (status `registered`, not screened) and returns
  /// its new case id. An `external_ref` already used in the region is Error(kRefused)
  /// naming the existing case.
  std::string register_referral(const std::optional<std::string>& actor, const Referral& referral);

  /// Screens a stored case: evaluates and stores the result in status `registered`
  /// or `screened`; prints the stored result in later statuses.
  ScreenResult screen(const std::optional<std::string>& actor, const std::string& case_id);

  /// Corrects referral facts of a case in status `registered` or `screened`, then
  /// re-screens it. `external_ref` and `region` cannot change.
  ScreenResult update(const std::optional<std::string>& actor, const std::string& case_id,
                      const ReferralPatch& patch);

  /// Reads every record of `reader`, registers and screens the valid new ones,
  /// and hands each result, in input order, to `on_result` once it is committed.
  /// Records are read and validated before the write lock is taken, a chunk at a
  /// time, so the lock is held only while a chunk is stored. A record of a region
  /// the actor does not coordinate, or not `options.region`, is `skipped` with the
  /// reason in its errors (field `region`): not stored, and not invalid.
  BatchSummary screen_batch(const std::optional<std::string>& actor, ReferralReader& reader,
                            const BatchOptions& options,
                            const std::function<void(const ScreenResult&)>& on_result);

  // --- The workflow after screening (steps 2-4). Each operation refuses with
  // Error(kRefused) what the case's status does not allow, naming the case, its
  // status and what it needs; unknown cases, professionals and actions are
  // Error(kNotFound). Each change is one transaction with its event.

  /// The team's decision on a screened case. Accepting a case whose outcome is not
  /// `eligible` needs `override_outcome`, and an `inadmissible` one (a citizen's
  /// referral) is never accepted; refusing closes it with reason `refused`.
  CaseStatus decide(const std::optional<std::string>& actor, const std::string& case_id,
                    bool accept, const std::string& motivation, bool override_outcome);

  /// Records a case meeting; the first meeting or action moves `accepted` to `analysis`.
  /// Returns the meeting's number.
  int add_meeting(const std::optional<std::string>& actor, const std::string& case_id,
                  const MeetingInput& meeting);
  /// Records planned meeting `number` as held on its date, which must have come.
  void hold_meeting(const std::optional<std::string>& actor, const std::string& case_id, int number,
                    const MeetingHeld& held);
  /// The meetings of a case, by date.
  std::vector<Meeting> meetings(const std::optional<std::string>& actor,
                                const std::string& case_id);

  /// Adds an action to the plan and returns its number (1, 2, ... per case).
  int add_action(const std::optional<std::string>& actor, const std::string& case_id,
                 const std::string& text, const std::string& domain,
                 const std::string& professional, const std::optional<Date>& due);
  /// The plan, with overdue derived from today's date.
  std::vector<Action> actions(const std::optional<std::string>& actor, const std::string& case_id);
  void set_action_status(const std::optional<std::string>& actor, const std::string& case_id,
                         int number, ActionStatus status, const std::optional<std::string>& note);
  void reassign_action(const std::optional<std::string>& actor, const std::string& case_id,
                       int number, const std::string& professional);
  /// Moves (or, with nullopt, removes) the due date of an action; its history keeps the change.
  void set_action_due(const std::optional<std::string>& actor, const std::string& case_id,
                      int number, const std::optional<Date>& due,
                      const std::optional<std::string>& note);
  /// Starts the plan of approach: `directed` to `active`, with a held meeting
  /// (since the last reopening) and at least one action.
  void activate_plan(const std::optional<std::string>& actor, const std::string& case_id);

  /// (Re)assigns the case director, who needs the director role.
  void assign_director(const std::optional<std::string>& actor, const std::string& case_id,
                       const std::string& professional, const std::optional<std::string>& reason);
  std::vector<DirectorTerm> directors(const std::optional<std::string>& actor,
                                      const std::string& case_id);

  /// Closes a case. `refused` is for `decide` only; `other` needs a note. Every
  /// open or in-progress action is cancelled with it, each with its
  /// `action_status` event, in the same transaction; the director's term ends.
  /// With `monitor_until`, the family is followed up until that date.
  void close(const std::optional<std::string>& actor, const std::string& case_id,
             ClosureReason reason, const std::optional<std::string>& note,
             const std::optional<Date>& monitor_until = std::nullopt);
  /// Records a follow-up contact with the family of a closed case under
  /// monitoring; returns its number.
  int monitor(const std::optional<std::string>& actor, const std::string& case_id,
              MonitoringResult result, const std::string& note);
  /// Returns a closed case (neither refused nor purged nor transferred) to
  /// `analysis`, without a director: the team meets and plans again.
  void reopen(const std::optional<std::string>& actor, const std::string& case_id,
              const std::string& reason);
  /// Hands a case over to another region: closes it (`moved`, the reason as its
  /// note) and registers and screens the same referral there as a new case,
  /// linked both ways. Returns the new case's id.
  std::string transfer(const std::optional<std::string>& actor, const std::string& case_id,
                       const std::string& to_region, const std::string& reason);

  /// The persons of a case, each with the number of other cases that name the
  /// same person (issue 14); a logged read.
  std::vector<CasePerson> persons(const std::optional<std::string>& actor,
                                  const std::string& case_id);
  /// The other cases of person `number` of a case: those the actor may read
  /// (each a logged read, like the case itself), the others counted.
  PersonCases person_cases(const std::optional<std::string>& actor, const std::string& case_id,
                           int number);

  /// The case's status, decision, director and closure.
  CaseState case_state(const std::optional<std::string>& actor, const std::string& case_id);
  /// Every event of the case, in order.
  std::vector<Event> log(const std::optional<std::string>& actor, const std::string& case_id);
  /// The partners involved in the case, sorted by id, each with its reasons.
  std::vector<Involvement> involvement(const std::optional<std::string>& actor,
                                       const std::string& case_id);

  // --- Reports (docs/reports.md). Each runs in one read transaction with the
  // connection set to query_only, so a report sees one consistent state and
  // cannot change anything; the only write is the audit entry of a case sheet
  // (a read of case data) or of a denial.

  /// The case sheet; who may read the case may read it, and the read is logged.
  CaseReport report_case(const std::optional<std::string>& actor, const std::string& case_id);
  /// Statistics of the regions a coordinator or analyst's partner serves.
  /// Analysts get counts below kAnalystMinCell suppressed whatever `min_cell` says.
  RegionReport report_region(const std::optional<std::string>& actor,
                             const RegionReportQuery& query);
  /// The actions of the cases the actor may read, most urgent first.
  /// The register: the cases the actor may know about that match `query`
  /// (docs/workflow.md, "The case register"). Not a read of any case: it holds
  /// no names or free text.
  CaseList case_list(const std::optional<std::string>& actor, const CaseQuery& query);
  ActionsReport report_actions(const std::optional<std::string>& actor, const ActionsQuery& query);
  /// Open cases and open actions per professional: every professional with
  /// open work in the coordinator's regions, or only the actor's own line for others.
  CaseloadReport report_caseload(const std::optional<std::string>& actor,
                                 const std::optional<std::string>& region);

  // --- The audit trail.

  /// Why the actor looks at case data; kept with every audit entry written after
  /// this call. Required for reads of case data when the configuration says
  /// `require_justification = true`.
  void set_justification(std::optional<std::string> justification);
  /// The number of entries and the chain head, to keep outside the database.
  AuditHead audit_head();
  /// Checks the chain from the first entry to the last; names the first broken
  /// one. With `state`, also replays the facts the entries carry and compares
  /// them with every table (and the trail's triggers): the first row the trail
  /// does not explain is in `state`. Neither shows personal data.
  AuditVerification audit_verify(bool state = false);
  /// The entries that match `filter`, oldest first.
  std::vector<AuditEntry> audit_show(const std::optional<std::string>& actor,
                                     const AuditFilter& filter);

  // --- Retention and access requests (coordinators only, in their regions).

  /// Anonymises the cases closed before `closed_before`: names, birth years,
  /// summaries, motivations, notes and other free text are removed; ids, codes,
  /// dates and statuses (what the statistics need) stay, and so does the audit
  /// trail, which never held personal data. Returns the cases (that would be)
  /// purged, each logged.
  std::vector<std::string> purge(const std::optional<std::string>& actor, Date closed_before,
                                 bool dry_run);

  /// Everything stored about one person (a GDPR access request): each case
  /// naming them, their roles there, the case's referral, meetings, actions and
  /// events. Each case looked at is logged. write_json() renders it.
  PersonExport export_person(const std::optional<std::string>& actor, const std::string& name,
                             std::optional<int> birth_year);

  /// The cases that name a person, for a coordinator before registering a family
  /// ("do we know them?"): `name` compared by its name key (NFC, case-folded,
  /// white space folded, as export_person), with `birth_year` only persons born
  /// that year (not the referrer, nor a person without one). Only the cases the
  /// actor may read are searched; the others are not named, nor counted. Each
  /// case found is a logged read with the justification, which
  /// `require_justification = true` requires (else Error(kAccessDenied)).
  FoundCases case_find(const std::optional<std::string>& actor, const std::string& name,
                       std::optional<int> birth_year);

  /// Adds a person to a case that is not closed (issue 14): a child born
  /// during the trajectory, a new partner. Linked across cases as a person of
  /// the referral is; returns their number. Error(kRefused) on a closed case
  /// or a blank name; kInvalidInput for a too long name or a birth year out of range.
  int person_add(const std::optional<std::string>& actor, const std::string& case_id,
                 const PersonChange& person);
  /// Changes what `change` sets of person `number` of a case that is not
  /// closed; the referral keeps its facts, the case its record of the change.
  void person_update(const std::optional<std::string>& actor, const std::string& case_id,
                     int number, const PersonChange& change);
  /// Removes person `number` from a case that is not closed, with a reason:
  /// they stay listed as removed, and no longer count for repeats or reports.
  void person_remove(const std::optional<std::string>& actor, const std::string& case_id,
                     int number, const std::string& reason);
  /// The possible links of the persons of one case, or of every person of
  /// `region` (else of each region the actor coordinates): pairs of persons
  /// who may be the same (docs/workflow.md, "Possible links"). A logged read
  /// of each case shown, for a coordinator of the region.
  std::vector<PossibleLink> person_links(const std::optional<std::string>& actor,
                                         const std::optional<std::string>& region,
                                         const std::optional<std::string>& case_id);
  /// Confirms that two persons of a region's cases are one person: the second
  /// is merged into the first, in one transaction, an event in both cases.
  void person_link(const std::optional<std::string>& actor, const PersonPair& pair);
  /// Keeps two persons apart: a possible link rejected (never proposed again),
  /// or a confirmed link undone.
  void person_unlink(const std::optional<std::string>& actor, const PersonPair& pair);

  /// The risk assessment instruments of the configuration (issue 14).
  std::vector<Instrument> instruments();
  /// Records a risk assessment of a person of a case that is not closed
  /// (issue 14): scored, and raised to high by judgement with a motivation.
  /// Who may: the coordinator of the region, the director, a member involved.
  Assessment risk_add(const std::optional<std::string>& actor, const std::string& case_id,
                      const RiskInput& input);
  /// Every assessment of a case, by person, then date: with the change since
  /// the person's previous one with the same instrument. A logged read.
  std::vector<Assessment> risk_list(const std::optional<std::string>& actor,
                                    const std::string& case_id);

  /// The stored referral of a case, or std::nullopt when there is no such case.
  std::optional<Referral> referral(const std::optional<std::string>& actor,
                                   const std::string& case_id);

  /// The state behind the service: opaque, defined in the library (named here
  /// so that the library's own helpers can take it).
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ifg
