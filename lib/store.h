// SPDX-License-Identifier: EUPL-1.2
// Private: the SQLite store, the only code that sees SQL or SQLite. It is
// split by concern: store.cpp (opening, transactions, SQLite's failures),
// store_schema.cpp (the schema and its migrations), store_config.cpp (regions,
// partners, professionals, settings), store_cases.cpp (cases, screening,
// involvement, retention), store_workflow.cpp (decisions, meetings, actions,
// directors, closure, the timeline), store_audit.h/.cpp (the audit trail) and
// store_reports.cpp (the reports' queries). SQLite's own headers stay in
// those files and lib/store_sql.h; this header names none of them.
//
// Design notes on the on-disk format
// ----------------------------------
// * One SQLite file in WAL mode with synchronous=FULL: a committed batch chunk
//   survives a crash or power loss, and readers never block the writer.
// * Every write runs in BEGIN IMMEDIATE (WriteTx), so two writers queue on the
//   busy timeout instead of failing halfway with SQLITE_BUSY on lock upgrade.
//   Reports read in one deferred transaction on a query_only connection
//   (ReadTx): one consistent state, and no way to change it.
// * The schema version is PRAGMA user_version; migrations run in order, each in
//   its own transaction, only from `init`. Other operations refuse an older
//   schema rather than migrating behind the user's back.
// * A case's referral is kept as canonical JSON (English codes, absent facts
//   left out) next to the columns that queries and reports filter on (region,
//   received, status, outcome, channel). Rejected: one column per fact, which
//   would need a migration for every new optional fact of the referral format.
// * Case ids REGION-YYYY-NNNN come from a counter row per (region, year of
//   `received`), bumped inside the inserting transaction, so ids are dense,
//   never reused, and unique across concurrent writers.
// * `events` is the audit trail (schema 3), owned by AuditLog (store_audit.h).
//   Details hold ids and codes, never personal data; free text lives in its
//   own tables, so purge can clear it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/audit.h"
#include "ifg/model.h"
#include "ifg/register.h"
#include "ifg/report.h"
#include "ifg/screening.h"
#include "ifg/workflow.h"
#include "store_audit.h"

namespace ifg::detail {

class Connection;

inline constexpr int kSchemaVersion = 13;

/// One row of `cases`, its codes read back as enumerations.
struct CaseRow {
  std::string id;
  std::string region;
  std::optional<std::string> external_ref;
  std::string received;
  CaseStatus status = CaseStatus::kRegistered;
  std::string referral_json;
  std::optional<Outcome> outcome;
  std::optional<std::string> ruleset;
  std::optional<std::string> screening_json;
  std::optional<std::string> director;
  std::optional<ClosureReason> closure_reason;
  std::optional<std::string> closure_note;
  std::optional<std::string> created_by;
  std::optional<std::string> purged_at;
  std::optional<std::string> closed_at;
  std::optional<Date> monitor_until;
  std::optional<std::string> transferred_to, transferred_from;
};

/// A table copy_into() copied, and how many rows.
struct CopiedTable {
  std::string name;
  long rows = 0;
};

/// A new case as insert_case() stores it.
struct NewCase {
  std::string id;
  const Referral* referral = nullptr;
  std::string referral_json;
  CaseStatus status = CaseStatus::kRegistered;
  std::optional<Outcome> outcome;
  std::optional<std::string> ruleset, screening_json;
  std::string at;
  std::string actor;
  std::optional<std::pair<long, int>> batch;  ///< its record in a batch chunk: chunk, seq
};

/// One open database. Every method throws SQLite's exceptions as they come;
/// Store::rethrow_as_error() turns them into ifg::Error. Not safe to share
/// between threads.
class Store {
 public:
  /// Opens (with `create`, creates and migrates) the database at `path`;
  /// `now` is the time of the entries a migration writes (the clock's when empty).
  /// Throws Error(kStorage) when it is missing, not an ifg database, or of another schema.
  Store(const std::string& path, bool create, int busy_timeout_ms, const std::string& now = "");
  /// The empty PostgreSQL database `target`, opened for copy_into(), which
  /// creates the schema in the transaction of the copy: a failed copy leaves
  /// the target as empty as it was.
  static std::unique_ptr<Store> empty_target(const std::string& target);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Call in a catch block: rethrows an SQLite failure as Error(kStorage)
  /// saying what to do about it, and anything else unchanged.
  [[noreturn]] static void rethrow_as_error(const std::string& path);

  /// For the length of a batch: the WAL is not checkpointed after every chunk
  /// that fills it past SQLite's 1,000 pages (each checkpoint writes the
  /// pages again, several times for a page that several chunks touch), but
  /// when it holds kBatchCheckpointPages; and when the batch ends (or this
  /// goes out of scope) it is checkpointed and truncated, so no large WAL is
  /// left behind. Every chunk still commits with synchronous=FULL. The page
  /// cache is 8 MiB for the batch (SQLite's default is 2 MiB): 32 MiB was
  /// no faster, and twice the peak memory.
  class BatchWal {
   public:
    explicit BatchWal(Store& store);
    ~BatchWal();
    BatchWal(const BatchWal&) = delete;
    BatchWal& operator=(const BatchWal&) = delete;

   private:
    Connection& c_;
  };
  static constexpr int kBatchCheckpointPages = 16384;  ///< 64 MiB of 4 KiB pages

  /// A write transaction that rolls back unless committed. Writers queue for
  /// it (SQLite: BEGIN IMMEDIATE), so one writes at a time.
  class WriteTx {
   public:
    /// Begins the transaction and forgets what the store cached from earlier ones.
    explicit WriteTx(Store& store);
    ~WriteTx();
    WriteTx(const WriteTx&) = delete;
    WriteTx& operator=(const WriteTx&) = delete;
    void commit();

   private:
    Store& store_;
    bool open_ = true;  ///< not yet committed: the destructor rolls it back
  };
  WriteTx write() { return WriteTx(*this); }

  /// A read-only snapshot: one read transaction on a query_only connection,
  /// released when it goes out of scope. Reports read in one.
  class ReadTx {
   public:
    /// A read-only snapshot; with `temporary_tables`, one that may write
    /// temporary tables (and no other).
    explicit ReadTx(Store& store, bool temporary_tables = false);
    ~ReadTx();
    ReadTx(const ReadTx&) = delete;
    ReadTx& operator=(const ReadTx&) = delete;

   private:
    Connection& c_;
  };

  const std::string& path() const;
  int schema_version();
  /// Whether `target` names a PostgreSQL database rather than a file.
  static bool is_postgresql(const std::string& target);
  /// `target` as messages show it: without a password.
  static std::string shown(const std::string& target);
  /// Whether the PostgreSQL database `target` holds any table, in its schema or `ifg`.
  static bool holds_tables(const std::string& target);

  /// Copies every row of this SQLite database, audit trail included, into
  /// `target` (empty_target()): its schema, every row and the professionals'
  /// roles in one transaction of the target, which `check` (given the file's
  /// head) may still refuse by throwing; the keys are checked at commit.
  std::vector<CopiedTable> copy_into(Store& target, const std::string& now,
                                     const std::function<void(const AuditHead&)>& check);
  /// The database role this session logged in as (PostgreSQL); none on SQLite.
  std::optional<std::string> login();
  /// PostgreSQL: a NOLOGIN role per configured professional that has none
  /// (named as their id), each a member of the database's group of
  /// professionals, which may use ifg's tables; nothing on SQLite.
  void ensure_roles();
  AuditLog& audit() { return *audit_; }

  // Configuration (store_config.cpp)
  void upsert_region(const Region& r);
  void upsert_partner(const Partner& p);
  void upsert_professional(const Professional& p);
  std::vector<Region> regions();
  std::optional<Region> region(const std::string& code);
  std::vector<Partner> partners();
  /// The ids alone (what a Catalog needs): no join with the partners' regions.
  std::vector<std::string> partner_ids();
  std::vector<Professional> professionals();
  std::optional<Professional> professional(const std::string& id);
  std::optional<Partner> partner(const std::string& id);
  bool region_exists(const std::string& code);
  bool partner_exists(const std::string& id);
  long professional_count();
  void set_setting(const std::string& key, const std::string& value);
  std::optional<std::string> setting(const std::string& key);
  /// Keeps what rule-set `version` means: its canonical parameters, once.
  void remember_ruleset(const std::string& version, const std::string& canonical_params);
  /// The canonical parameters of rule-set `version`, when known.
  std::optional<std::string> ruleset(const std::string& version);

  // Cases (store_cases.cpp)
  /// Whether a case of this id exists, seen by the login or not (on
  /// PostgreSQL row-level security hides the rows of others' cases).
  bool case_exists(const std::string& id);
  std::optional<std::string> case_by_ref(const std::string& region, const std::string& ref);
  /// Allocates the next id of (region, year); call inside a write transaction.
  /// The counter is read once per transaction, followed in memory and written
  /// back when the transaction commits.
  std::string next_case_id(const std::string& region, int year);
  /// Stores a new case and links its persons (link_persons()). Returns whether
  /// a victim or child of it was linked to a person the region knew already:
  /// only then can it be a repeat referral.
  bool insert_case(const NewCase& c);
  std::optional<CaseRow> case_row(const std::string& id);
  void update_referral(const std::string& id, const Referral& r, const std::string& referral_json);
  void store_screening(const std::string& id, CaseStatus status, Outcome outcome,
                       const std::string& ruleset, const std::string& screening_json,
                       const std::string& at);

  /// Records that a partner takes part in a case: "attendee", "action_holder"
  /// or "director". Involvement by the referral (its referrer's partner, the
  /// partners of the channel's and crisis partner's kind in the region) is not
  /// stored but derived from the case row and the partners configured.
  void add_involvement(const std::string& case_id, const std::string& partner,
                       std::string_view reason);
  /// The partners involved in a case, by id, each with its reasons.
  std::vector<Involvement> involvement(const std::string& case_id);
  bool involved(const std::string& case_id, const std::string& partner);

  // Dry runs remember the references they would have registered in a TEMP table,
  // which lives outside the database file and spills to disk when large.
  void dry_run_begin();
  bool dry_run_seen(const std::string& region, const std::string& ref);
  void dry_run_add(const std::string& region, const std::string& ref);

  // Retention and access requests (store_cases.cpp)
  /// Closed, not yet anonymised cases closed before `date`, in regions `regions`.
  std::vector<std::string> purgeable(const std::string& before_date,
                                     const std::vector<std::string>& regions);
  /// Removes a case's free text and names, and the justifications of its
  /// entries; keeps what the statistics need.
  void anonymise(const std::string& case_id, const std::string& referral_json,
                 const std::string& at);
  /// Checkpoints the WAL into the database and truncates it to nothing, so no
  /// old page (with text a purge removed) stays in the -wal file. Outside a transaction.
  void truncate_wal();
  /// Cases whose referral names a person `name` (compared by name_key()), optionally
  /// born in `birth_year`, in regions `regions`.
  std::vector<std::string> cases_naming(const std::string& name, std::optional<int> birth_year,
                                        const std::vector<std::string>& regions);

  // Persons across cases (store_persons.cpp, schema 11)
  /// Links each person of `r` to a person of its region, in the referral's
  /// order: the one with the same name key and birth year, or a new one.
  /// Returns whether a victim or child was linked to a person known before.
  bool link_persons(const std::string& case_id, const Referral& r);
  /// Drops the case's links and the persons no other case links (update of a
  /// referral before the decision), so that link_persons() can link it anew.
  void unlink_persons(const std::string& case_id);
  /// After a purge: the name keys of the case's persons that no case that is
  /// not purged links any more.
  void forget_persons(const std::string& case_id);
  struct CasePersonRow {
    int number = 0;
    std::int64_t person = 0;
    PersonRole role = PersonRole::kOther;
    int other_cases = 0;
  };
  std::vector<CasePersonRow> case_persons(const std::string& case_id);
  /// A person of a case as `ifg person add/update/remove` changed it (schema
  /// 12): the referral as received stays as it was.
  struct PersonFactRow {
    int number = 0;
    PersonRole role = PersonRole::kOther;
    std::optional<std::string> name;
    std::optional<int> birth_year;
    std::optional<Gender> gender;
    bool added = false;                         ///< not a person of the referral
    std::optional<std::string> removed_reason;  ///< set once removed
    std::string at, actor;                      ///< the last change
  };
  std::vector<PersonFactRow> person_facts(const std::string& case_id);
  /// Stores the facts of a case person, replacing the earlier ones.
  void put_person_facts(const std::string& case_id, const PersonFactRow& f);
  /// The number a person added to case `case_id` gets: one more than any so far.
  int next_person_number(const std::string& case_id);
  /// Links person `number` of a case anew when `link_anew` (a new person, or a
  /// change of name or birth year), as link_persons() links it; drops the link
  /// when `f` is removed; else keeps the link and sets the role. The case's
  /// count of children follows.
  void relink_person(const std::string& case_id, const std::string& region, const PersonFactRow& f,
                     bool link_anew);

  // Risk assessments (store_risk.cpp, schema 12)
  /// Stores assessment `a` of case `case_id` as the next number; returns it.
  int insert_assessment(const std::string& case_id, const Assessment& a,
                        const std::string& answers_json);
  /// The assessments of a case by person, date and number; `answers_json`
  /// gets each one's answers as stored.
  std::vector<Assessment> assessments(const std::string& case_id,
                                      std::vector<std::string>& answers_json);
  /// The latest assessment of each assessed person of a case (by date, then
  /// the order recorded), by person number.
  std::vector<LatestRisk> latest_assessments(const std::string& case_id);
  // Possible links between persons (store_links.cpp, schema 13)
  /// A person of a region as stored: its name key, birth year and, once
  /// merged into another by `ifg person link`, that one (`same_as`).
  struct PersonRow {
    std::int64_t id = 0;
    std::string region;
    std::optional<std::string> key;
    std::optional<int> birth_year;
    std::optional<std::int64_t> same_as;
  };
  std::optional<PersonRow> person_row(std::int64_t id);
  /// The persons of `region` with a name key that are no alias, by id.
  std::vector<PersonRow> named_persons(const std::string& region);
  /// A person of the region who may be `p`: never `p` itself, an alias, a
  /// person of a case that also names `p` (siblings), nor a pair decided on.
  struct NearPerson {
    std::int64_t id = 0;
    LinkReason reason = LinkReason::kSimilarName;
    int distance = 0;
  };
  std::vector<NearPerson> persons_near(const PersonRow& p);
  /// How many persons persons_near() finds, also among the persons of cases
  /// the login does not see on PostgreSQL.
  std::int64_t possible_link_count(std::int64_t id);
  /// Where person `id` appears first (oldest referral), and in how many cases.
  struct FirstAppearance {
    std::string case_id;
    int number = 0;
    int cases = 0;
  };
  std::optional<FirstAppearance> first_appearance(std::int64_t id);
  /// Whether persons `a` and `b` both appear in one case.
  bool in_one_case(std::int64_t a, std::int64_t b);
  /// The decision on the pair (a < b): "linked" or "rejected", with what moved.
  struct PersonDecision {
    std::string decision;
    std::string moved;  ///< JSON: {"case_persons": [[case, number]...], "aliases": [id...]}
  };
  std::optional<PersonDecision> person_decision(std::int64_t a, std::int64_t b);
  /// Merges person `gone` into `keep` (keep < gone): its case rows and aliases
  /// move to `keep`, decisions on it become decisions on `keep`, and it stays
  /// as an alias. Records the decision `linked` with what moved.
  void merge_persons(std::int64_t keep, std::int64_t gone, const std::string& region,
                     const std::string& at, const std::string& actor);
  /// Undoes merge_persons() of the pair, as far as the rows it moved still
  /// name `keep`, and records the pair as `rejected`.
  void split_persons(std::int64_t keep, std::int64_t gone, const std::string& moved,
                     const std::string& at, const std::string& actor);
  /// The persons merged into `keep` by a `linked` decision, with what moved.
  std::vector<std::pair<std::int64_t, std::string>> merged_into(std::int64_t keep);
  /// Records the pair (a < b) as `rejected`: never proposed again.
  void reject_pair(std::int64_t a, std::int64_t b, const std::string& region, const std::string& at,
                   const std::string& actor);

  /// The other cases that link `person`, oldest referral first.
  std::vector<std::string> cases_of_person(std::int64_t person, const std::string& except);
  /// How many cases name the person, but `except`: also those the login does
  /// not see on PostgreSQL (counted, never named).
  std::int64_t person_case_count(std::int64_t person, const std::string& except);
  /// A repeat referral's match: person `number` (1-based) of the referral is a
  /// person of earlier case `earlier`.
  struct RepeatRow {
    int number = 0;
    std::string earlier;
  };
  /// The earlier cases of case `id`'s victims and children received within
  /// `months` before it (store_sql.h, IFG_REPEAT_OF), oldest first.
  std::vector<RepeatRow> repeat_of(const std::string& id, int months);
  /// The same for referral `r`, which is not stored (a dry run): its victims
  /// and children found by name key and birth year; every stored case is earlier.
  std::vector<RepeatRow> repeat_of(const Referral& r, int months);

  // Workflow (store_workflow.cpp)
  void set_status(const std::string& case_id, CaseStatus status);
  void insert_decision(const std::string& case_id, const Decision& d);
  std::optional<Decision> decision(const std::string& case_id);
  int insert_meeting(const std::string& case_id, const MeetingInput& m, const std::string& actor,
                     const std::string& at);
  /// The meetings of a case by date (then number).
  std::vector<Meeting> meetings(const std::string& case_id);
  /// Records planned meeting `number` as held: `h.attendees` replace the
  /// invitees unless empty, `h.notes` the notes when given.
  void hold_meeting(const std::string& case_id, int number, const MeetingHeld& h);
  int insert_action(const std::string& case_id, const std::string& text, const std::string& domain,
                    const std::string& professional, const std::optional<Date>& due,
                    const std::string& actor, const std::string& at);
  std::vector<Action> actions(const std::string& case_id);
  void set_action_status(const std::string& case_id, int number, ActionStatus status);
  void set_action_holder(const std::string& case_id, int number, const std::string& professional);
  void set_action_due(const std::string& case_id, int number, const std::optional<Date>& due);
  void insert_action_change(const std::string& case_id, int number, const ActionChange& c);
  void start_director_term(const std::string& case_id, const std::string& professional,
                           const std::string& assigned_by, const std::optional<std::string>& reason,
                           const std::string& at);
  std::vector<DirectorTerm> directors(const std::string& case_id);
  /// Closes a case and ends its director's term; `monitor_until` opens its follow-up.
  void close_case(const std::string& case_id, ClosureReason reason,
                  const std::optional<std::string>& note, const std::string& at,
                  const std::optional<Date>& monitor_until = std::nullopt);
  int insert_monitoring(const std::string& case_id, const MonitoringContact& m);
  std::vector<MonitoringContact> monitoring(const std::string& case_id);
  /// Returns a closed case to `analysis` without a director, keeping the
  /// closure it undoes in `reopenings`.
  void reopen_case(const CaseRow& row, const std::string& reason, const std::string& actor,
                   const std::string& at);
  /// When the case was last reopened, if ever.
  std::optional<std::string> reopened_at(const std::string& case_id);
  /// Links case `from` and its continuation `to` in another region, both ways.
  void link_transfer(const std::string& from, const std::string& to);
  /// How many open cases professional `id` directs, and how many open or
  /// in-progress actions of open cases they hold.
  std::pair<long, long> open_work(const std::string& id);
  std::vector<Event> events(const std::string& case_id);

  // Reports (store_reports.cpp): raw counts; suppression and shape are the
  // service's, except what PostgreSQL hides itself (region_stats).
  struct RegionStats {
    /// A count the database hid: PostgreSQL hides small numbers itself.
    static constexpr std::int64_t kHidden = -1;
    std::int64_t total = 0, children = 0, accepted = 0, refused = 0, overridden = 0;
    std::map<std::string, std::int64_t> by_outcome, by_channel, by_month, by_status, closures;
    /// Histograms: days -> number of cases.
    std::map<std::int64_t, std::int64_t> days_to_decision, days_to_director;
    std::map<std::string, std::int64_t> actions_by_status, actions_by_domain;
    std::int64_t actions_overdue = 0;
    /// The activity by the Brussels day it happened: "accepted", "refused",
    /// "overridden", "meetings_held", "directors_assigned", "plans_activated",
    /// "reopenings", "transfers_out", "transfers_in", "monitoring_contacts".
    std::map<std::string, std::int64_t> activity, activity_closures;
    /// Days from acceptance to each closure of the period -> number of closures.
    std::map<std::int64_t, std::int64_t> days_to_closure;
    /// Repeat referrals among the cases (issue 14), and the distinct persons
    /// who are a victim or a child in them.
    std::int64_t repeat_referrals = 0, victims = 0, child_persons = 0;
    std::int64_t high_risk_at_intake = 0;  ///< the first assessment of the case is high
    /// The histograms whose median the database hid ("days_to_decision",
    /// "days_to_director", "days_to_closure").
    std::set<std::string> hidden_medians;
  };
  /// What `report region` counts of `regions`: the cases received from `from`
  /// to `to` (inclusive, "YYYY-MM-DD"; open-ended when empty), with actions
  /// due before `today` overdue and repeat referrals judged over
  /// `repeat_months`, and what happened in those Brussels days (schema 10).
  ///
  /// On PostgreSQL the database counts (ifg_region_report, store_queries.h)
  /// and hides the counts from 1 to `min_cell` - 1 itself (at least
  /// kAnalystMinCell for a login that coordinates none of the regions), so
  /// that a login reads no more with psql than with ifg: a hidden count is
  /// kHidden, a histogram is only the two whole days around its median, and
  /// the repeat window is the configured one, read by the database.
  RegionStats region_stats(const std::vector<std::string>& regions,
                           const std::optional<std::string>& from,
                           const std::optional<std::string>& to, const std::string& today,
                           int repeat_months, int min_cell);

  /// Who may see which cases in a cross-case report: the regions `coordinated`,
  /// the cases `director` directs, the cases `partner` is involved in.
  struct Visibility {
    std::vector<std::string> coordinated;
    std::optional<std::string> director;
    std::optional<std::string> partner;
  };
  /// The register: the cases `v` may see that match `q` (schema 8), in its
  /// order; `closed_at` gets each row's closure time ("" when open). A case
  /// is stale when its last change is before `stale_before` (a timestamp).
  /// What a register's rows are judged against: today (Brussels), the time
  /// before which a case is stale, and the window of a repeat referral.
  struct RegisterBounds {
    std::string today;
    std::string stale_before;
    int repeat_months = 12;
  };
  std::vector<CaseListRow> case_list_rows(const Visibility& v, const CaseQuery& q,
                                          const RegisterBounds& bounds,
                                          std::vector<std::string>& closed_at);
  std::vector<ActionRow> action_rows(const Visibility& v, const ActionsQuery& q,
                                     const std::string& today);
  /// Open cases per director and open actions per holder, in open cases.
  std::vector<CaseloadRow> caseload_rows(const Visibility& v,
                                         const std::optional<std::string>& region,
                                         const std::string& today);

 private:
  void migrate(const std::string& now);
  void fill_report_days();
  void recode_screenings();
  void create_role(const std::string& name);
  void grant_role(const std::string& group, const std::string& member);
  void grant_tables(const std::string& group);
  void revoke_internal_queries(const std::string& group);
  /// Creates the current schema on an empty PostgreSQL database (lib/pg/*.sql),
  /// in a transaction of its own; make_postgresql_schema() in the caller's.
  void create_postgresql_schema(const std::string& now);
  void make_postgresql_schema(const std::string& now);
  /// PostgreSQL: the queries of store_queries.h as SECURITY DEFINER functions.
  void create_definer_queries();
  /// Error(kStorage) when an empty PostgreSQL database holds any table.
  void refuse_foreign_postgresql();
  explicit Store(std::unique_ptr<Connection> c);
  void plan_future_meetings(const std::string& now);
  void link_all_persons();
  /// Deletes person `person`, its aliases and the decisions on them once no
  /// case names the person.
  void forget_if_unnamed(std::int64_t person);
  bool before_aliases_ = false;  ///< while link_all_persons() runs in migration 11
  /// The person of `region` with name key `key` and `birth_year`, else a new
  /// one; .second tells whether it was known.
  std::pair<std::int64_t, bool> person_for(const std::string& region,
                                           const std::optional<std::string>& key,
                                           std::optional<int> birth_year);
  /// The known person of `region` with name key `key` and `birth_year`.
  std::optional<std::int64_t> known_person(const std::string& region, const std::string& key,
                                           int birth_year);
  /// Drops the link of person `number` of a case, and the person when no
  /// case links them any more.
  void unlink_person(const std::string& case_id, int number);
  /// Returns whether the person was known in the region before.
  bool link_person(const std::string& case_id, int number, const std::string& region,
                   PersonRole role, const std::optional<std::string>& name,
                   std::optional<int> birth_year);
  void add_attendees(const std::string& case_id, int number,
                     const std::vector<std::string>& attendees);
  void set_decision_days(const std::string& case_id, const std::string& at);
  void set_director_days(const std::string& case_id, const std::string& at);
  void add_region_stats(RegionStats& stats, const std::string& region,
                        const std::optional<std::string>& from,
                        const std::optional<std::string>& to, const std::string& today,
                        int repeat_months);
  void add_activity(RegionStats& stats, const std::vector<std::string>& regions,
                    const std::optional<std::string>& from, const std::optional<std::string>& to);
  RegionStats database_region_stats(const std::vector<std::string>& regions,
                                    const std::optional<std::string>& from,
                                    const std::optional<std::string>& to, const std::string& today,
                                    int min_cell);
  void add_case_stats(RegionStats& st, const std::string& region, const std::string& lo,
                      const std::string& hi);
  void add_action_stats(RegionStats& st, const std::string& region, const std::string& lo,
                        const std::string& hi, const std::string& today);
  void add_person_stats(RegionStats& st, const std::string& region, const std::string& lo,
                        const std::string& hi, int repeat_months);
  void add_meetings_held(RegionStats& st, const std::vector<std::string>& regions,
                         const std::string& first, const std::string& last);

  std::unique_ptr<Connection> c_;
  std::unique_ptr<AuditLog> audit_;
  // The case counters allocated from in this write transaction: (region, year)
  // -> the last sequence number given out; written back by WriteTx::commit().
  std::map<std::pair<std::string, int>, std::int64_t> counters_;
  std::optional<std::string> login_;  ///< login(), once asked
  void write_counters();
};

/// The ids of the stored cases, in order, read through a read-only connection
/// that never creates, migrates or writes the file (store_cases.cpp): ids only,
/// for a front end's completion. Throws Error(kStorage) when it cannot be read.
std::vector<std::string> read_case_ids(const std::string& path);

}  // namespace ifg::detail
