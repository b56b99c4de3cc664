// SPDX-License-Identifier: EUPL-1.2
// The schema: its migrations, in order, and the one-off work some of them need.
#include "i18n.h"
#include "ifg/version.h"
#include "pg_sql.h"
#include "store.h"
#include "store_sql.h"
#include "stored_screening.h"

namespace ifg::detail {

namespace {

// Migrations, in order: kMigrations[i] takes the schema from version i to i+1.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE regions (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  veilig_huis TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE partners (
  id   TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE partner_regions (
  partner_id TEXT NOT NULL REFERENCES partners(id),
  region     TEXT NOT NULL REFERENCES regions(code),
  PRIMARY KEY (partner_id, region)
) WITHOUT ROWID;
CREATE TABLE professionals (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  roles      TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE case_counters (
  region   TEXT NOT NULL REFERENCES regions(code),
  year     INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (region, year)
) WITHOUT ROWID;
CREATE TABLE cases (
  id               TEXT PRIMARY KEY,
  region           TEXT NOT NULL REFERENCES regions(code),
  external_ref     TEXT,
  received         TEXT NOT NULL,
  status           TEXT NOT NULL,
  referrer_kind    TEXT NOT NULL,
  referrer_partner TEXT REFERENCES partners(id),
  channel          TEXT,
  crisis_partner   TEXT,
  referral         TEXT NOT NULL,
  outcome          TEXT,
  ruleset          TEXT,
  screening        TEXT,
  screened_at      TEXT,
  created_at       TEXT NOT NULL,
  created_by       TEXT REFERENCES professionals(id),
  UNIQUE (region, external_ref)
);
CREATE INDEX cases_region_received ON cases(region, received);
CREATE INDEX cases_status ON cases(status);
CREATE TABLE events (
  id      INTEGER PRIMARY KEY,
  case_id TEXT REFERENCES cases(id),
  at      TEXT NOT NULL,
  actor   TEXT,
  action  TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_case ON events(case_id, id);
)sql",
    // 2: the workflow of steps 2-4, and involvement (who may know about a case).
    R"sql(
ALTER TABLE cases ADD COLUMN director TEXT REFERENCES professionals(id);
ALTER TABLE cases ADD COLUMN closure_reason TEXT;
ALTER TABLE cases ADD COLUMN closure_note TEXT;
ALTER TABLE cases ADD COLUMN closed_at TEXT;
CREATE TABLE decisions (
  case_id    TEXT PRIMARY KEY REFERENCES cases(id),
  accepted   INTEGER NOT NULL,
  motivation TEXT NOT NULL,
  overridden INTEGER NOT NULL,
  actor      TEXT NOT NULL REFERENCES professionals(id),
  at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE meetings (
  case_id TEXT NOT NULL REFERENCES cases(id),
  number  INTEGER NOT NULL,
  date    TEXT NOT NULL,
  basis   TEXT NOT NULL,
  purpose TEXT NOT NULL,
  notes   TEXT,
  actor   TEXT NOT NULL REFERENCES professionals(id),
  at      TEXT NOT NULL,
  PRIMARY KEY (case_id, number)
) WITHOUT ROWID;
CREATE TABLE meeting_attendees (
  case_id         TEXT NOT NULL,
  number          INTEGER NOT NULL,
  professional_id TEXT NOT NULL REFERENCES professionals(id),
  PRIMARY KEY (case_id, number, professional_id),
  FOREIGN KEY (case_id, number) REFERENCES meetings(case_id, number)
) WITHOUT ROWID;
CREATE TABLE actions (
  case_id         TEXT NOT NULL REFERENCES cases(id),
  number          INTEGER NOT NULL,
  text            TEXT NOT NULL,
  domain          TEXT NOT NULL,
  professional_id TEXT NOT NULL REFERENCES professionals(id),
  due             TEXT,
  status          TEXT NOT NULL,
  PRIMARY KEY (case_id, number)
) WITHOUT ROWID;
CREATE INDEX actions_professional ON actions(professional_id, status);
CREATE TABLE action_changes (
  id         INTEGER PRIMARY KEY,
  case_id    TEXT NOT NULL,
  number     INTEGER NOT NULL,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL REFERENCES professionals(id),
  kind       TEXT NOT NULL,
  from_value TEXT,
  to_value   TEXT NOT NULL,
  note       TEXT,
  FOREIGN KEY (case_id, number) REFERENCES actions(case_id, number)
);
CREATE INDEX action_changes_action ON action_changes(case_id, number, id);
CREATE TABLE director_terms (
  id              INTEGER PRIMARY KEY,
  case_id         TEXT NOT NULL REFERENCES cases(id),
  professional_id TEXT NOT NULL REFERENCES professionals(id),
  from_at         TEXT NOT NULL,
  until_at        TEXT,
  assigned_by     TEXT NOT NULL REFERENCES professionals(id),
  reason          TEXT
);
CREATE INDEX director_terms_case ON director_terms(case_id, id);
CREATE TABLE involvement (
  case_id    TEXT NOT NULL REFERENCES cases(id),
  partner_id TEXT NOT NULL REFERENCES partners(id),
  reason     TEXT NOT NULL,
  PRIMARY KEY (case_id, partner_id, reason)
) WITHOUT ROWID;
CREATE INDEX involvement_partner ON involvement(partner_id, case_id);
INSERT OR IGNORE INTO involvement
  SELECT id, referrer_partner, 'referrer' FROM cases WHERE referrer_partner IS NOT NULL;
INSERT OR IGNORE INTO involvement
  SELECT c.id, p.id, 'channel' FROM cases c JOIN partners p ON p.kind = c.channel
  JOIN partner_regions r ON r.partner_id = p.id AND r.region = c.region;
INSERT OR IGNORE INTO involvement
  SELECT c.id, p.id, 'crisis_partner' FROM cases c JOIN partners p ON p.kind = c.crisis_partner
  JOIN partner_regions r ON r.partner_id = p.id AND r.region = c.region;
)sql",
    // 3: the events become a hash-chained audit trail of changes, reads and
    // denials; chain_existing_events() hashes the rows already there and adds
    // the triggers that refuse UPDATE and DELETE.
    R"sql(
ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT 'change';
ALTER TABLE events ADD COLUMN justification TEXT;
ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;
CREATE INDEX events_actor ON events(actor, id);
)sql",
    // 4: retention: when a closed case's personal data was removed.
    R"sql(
ALTER TABLE cases ADD COLUMN purged_at TEXT;
CREATE INDEX cases_closed ON cases(status, closed_at);
)sql",
    // 5: reports. The facts the statistics count are copied into narrow
    // columns of the row they describe, behind covering indexes whose column
    // order is the GROUP BY order, so that `report region` streams one index
    // range per region without a sort, and never reads referral JSON or joins
    // per case. Delays are whole days, stored as integers: decision_days from
    // `received` to the Brussels day of the decision, director_days from the
    // decision's day to the first director's. fill_report_days() computes
    // them for the decisions already stored. Rejected: a statistics table kept
    // beside the cases (two copies that can disagree), and counting from
    // events (a scan of the whole trail).
    R"sql(
ALTER TABLE cases ADD COLUMN children INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN decision TEXT;
ALTER TABLE cases ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN decision_days INTEGER;
ALTER TABLE cases ADD COLUMN director_days INTEGER;
ALTER TABLE actions ADD COLUMN region TEXT;
ALTER TABLE actions ADD COLUMN received TEXT;
UPDATE cases SET children = (SELECT count(*) FROM json_each(cases.referral, '$.persons')
                             WHERE json_extract(value, '$.role') = 'child');
UPDATE cases SET
  decision = (SELECT CASE accepted WHEN 1 THEN 'accepted' ELSE 'refused' END
              FROM decisions d WHERE d.case_id = cases.id),
  overridden = coalesce((SELECT overridden FROM decisions d WHERE d.case_id = cases.id), 0);
UPDATE actions SET region = (SELECT region FROM cases c WHERE c.id = actions.case_id),
                   received = (SELECT received FROM cases c WHERE c.id = actions.case_id);
DROP INDEX cases_region_received;
DROP INDEX cases_status;
CREATE INDEX cases_stats ON cases(region, status, outcome, channel, closure_reason, decision,
                                  overridden, received, children);
CREATE INDEX cases_dates ON cases(region, received, decision_days, director_days);
CREATE INDEX actions_stats ON actions(region, status, domain, received, due);
CREATE INDEX cases_director ON cases(director, status);
)sql",
    // 6: the batch write path (issue 11). Involvement that follows from a
    // case's referral (its referrer's partner, the partners of the channel's
    // and crisis partner's kind in the region) is derived when asked, from
    // the case row and the partners configured, instead of being stored per
    // case: only facts (attendees, action holders, directors) stay stored.
    //
    // A batch chunk's audit (store_audit.h): one event row per record, in
    // batch_events, covered by one chained entry of the chunk; a case
    // registered by a batch points at its record. The screening is stored as
    // codes (stored_screening.h), and each rule set once, in rulesets. The
    // indexes of purge and of the directors are partial: a new case, neither
    // closed nor directed, is in neither (docs/performance.md, "Indexes").
    R"sql(
DELETE FROM involvement WHERE reason IN ('referrer', 'channel', 'crisis_partner');
CREATE TABLE batch_events (
  chunk        INTEGER NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED,
  seq          INTEGER NOT NULL,
  case_id      TEXT NOT NULL REFERENCES cases(id),
  external_ref TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  hash         BLOB NOT NULL,
  PRIMARY KEY (chunk, seq)
) WITHOUT ROWID;
CREATE TRIGGER batch_events_no_update BEFORE UPDATE ON batch_events BEGIN
  SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
CREATE TRIGGER batch_events_no_delete BEFORE DELETE ON batch_events BEGIN
  SELECT RAISE(ABORT, 'audit entries cannot be removed'); END;
ALTER TABLE cases ADD COLUMN batch_chunk INTEGER;
ALTER TABLE cases ADD COLUMN batch_seq INTEGER;
CREATE TABLE rulesets (
  version TEXT PRIMARY KEY,
  params  TEXT NOT NULL
) WITHOUT ROWID;
DROP INDEX cases_closed;
CREATE INDEX cases_closed ON cases(closed_at) WHERE status = 'closed' AND purged_at IS NULL;
DROP INDEX cases_director;
CREATE INDEX cases_director ON cases(director, status) WHERE director IS NOT NULL;
DROP INDEX cases_stats;
DROP INDEX cases_dates;
CREATE INDEX cases_report ON cases(region, received, status, outcome, channel, closure_reason,
                                   decision, overridden, children, decision_days, director_days);
)sql",
    // 7: the state is checked against the trail (store_state.h). An entry
    // of format 2 carries the facts of the rows its change wrote and hashes a
    // commitment to its justification instead of the text (store_audit.h);
    // a batch record carries the facts of its case. Each case has a salt for
    // the commitments to its free text. The triggers are made anew
    // (AuditLog::create_triggers()) to let purge clear justifications, and the
    // rows already stored are written into the trail (append_baseline()).
    R"sql(
ALTER TABLE events ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN jcommit TEXT;
ALTER TABLE events ADD COLUMN jsalt BLOB;
ALTER TABLE events ADD COLUMN facts TEXT;
ALTER TABLE events ADD COLUMN clock TEXT;
ALTER TABLE batch_events ADD COLUMN facts TEXT;
ALTER TABLE cases ADD COLUMN salt BLOB;
UPDATE cases SET salt = randomblob(16);
)sql",
    // 8: the case register (issue 13). A case keeps the time of its last
    // change (last_activity, set by every change entry naming it:
    // AuditLog::append, and by registration), so that `case list` filters and
    // sorts on it from an index instead of reading the trail per case. The
    // register's indexes put the region first: a coordinator's listing is a
    // range per region they coordinate.
    R"sql(
ALTER TABLE cases ADD COLUMN last_activity TEXT;
UPDATE cases SET last_activity = coalesce(
  (SELECT max(e.at) FROM events e WHERE e.case_id = cases.id AND e.kind = 'change'), created_at);
CREATE INDEX cases_register ON cases(region, status, received);
CREATE INDEX cases_activity ON cases(region, last_activity);
)sql",
    // 9: the lifecycle after closure and meetings planned ahead (issue 13).
    // A closed case may be followed up until monitor_until, with contacts in
    // `monitoring`; a reopening keeps the closure it undid in `reopenings`; a
    // transfer links the closed case and its continuation in another region
    // both ways. A meeting is planned or held; plan_future_meetings() marks
    // the ones dated after the migration's day as planned, and the director
    // terms of closed cases end at their closure, as closing does from now on.
    R"sql(
ALTER TABLE cases ADD COLUMN monitor_until TEXT;
ALTER TABLE cases ADD COLUMN transferred_to TEXT REFERENCES cases(id);
ALTER TABLE cases ADD COLUMN transferred_from TEXT REFERENCES cases(id);
ALTER TABLE meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'held';
CREATE TABLE monitoring (
  case_id TEXT NOT NULL REFERENCES cases(id),
  number  INTEGER NOT NULL,
  result  TEXT NOT NULL,
  note    TEXT NOT NULL,
  actor   TEXT NOT NULL REFERENCES professionals(id),
  at      TEXT NOT NULL,
  PRIMARY KEY (case_id, number)
) WITHOUT ROWID;
CREATE TABLE reopenings (
  case_id        TEXT NOT NULL REFERENCES cases(id),
  number         INTEGER NOT NULL,
  reason         TEXT NOT NULL,
  closure_reason TEXT NOT NULL,
  closure_note   TEXT,
  closed_at      TEXT NOT NULL,
  actor          TEXT NOT NULL REFERENCES professionals(id),
  at             TEXT NOT NULL,
  PRIMARY KEY (case_id, number)
) WITHOUT ROWID;
CREATE INDEX cases_monitoring ON cases(region, monitor_until) WHERE monitor_until IS NOT NULL;
UPDATE director_terms SET until_at = (SELECT closed_at FROM cases c WHERE c.id = case_id)
  WHERE until_at IS NULL
    AND case_id IN (SELECT id FROM cases WHERE status = 'closed' AND closed_at IS NOT NULL);
)sql",
    // 10: the activity of `report region`, counted by the day it happened: the
    // trail's changes by action, region, time and the code of their details
    // (store_sql.h); the held meetings by region and date (Store::add_activity).
    "CREATE INDEX events_activity ON events(action, " IFG_ENTRY_REGION ", " IFG_ENTRY_TIME
    ", " IFG_ENTRY_CODE
    ", case_id) WHERE kind = 'change';"
    "CREATE INDEX meetings_held ON meetings(" IFG_ENTRY_REGION ", date) WHERE status = 'held';",
    // 11: persons as entities (issue 14). A person of a referral is a person
    // of the region; one with the same name key and birth year as a person of
    // an earlier case of the region is that person (Store::link_persons). The
    // name key is committed in the trail with the person's own salt; purge
    // clears it once every case of the person is purged. link_all_persons()
    // links the cases already stored, oldest referral first.
    R"sql(
CREATE TABLE persons (
  id         INTEGER PRIMARY KEY,
  region     TEXT NOT NULL REFERENCES regions(code),
  name_key   TEXT,
  birth_year INTEGER,
  salt       BLOB NOT NULL
);
CREATE INDEX persons_match ON persons(region, name_key, birth_year) WHERE name_key IS NOT NULL;
CREATE TABLE case_persons (
  case_id   TEXT NOT NULL REFERENCES cases(id),
  number    INTEGER NOT NULL,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  role      TEXT NOT NULL,
  PRIMARY KEY (case_id, number)
) WITHOUT ROWID;
CREATE INDEX case_persons_person ON case_persons(person_id, case_id);
)sql",
    // 12: changes to the persons of a case after registration (issue 14):
    // `ifg person add/update/remove`. The referral as received keeps its
    // persons; a row here holds the person's facts as they are now (an added
    // person's own, an updated person's new ones, a removal and its reason).
    // The name and the reason are committed in the trail with the case's salt.
    // `assessments` holds the risk assessments of a case's persons, each with
    // the instrument's threshold as it was; a motivation is committed too.
    R"sql(
CREATE TABLE person_facts (
  case_id        TEXT NOT NULL REFERENCES cases(id),
  number         INTEGER NOT NULL,
  role           TEXT NOT NULL,
  name           TEXT,
  birth_year     INTEGER,
  gender         TEXT,
  added          INTEGER NOT NULL DEFAULT 0,
  removed_reason TEXT,
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL REFERENCES professionals(id),
  PRIMARY KEY (case_id, number)
) WITHOUT ROWID;
CREATE TABLE assessments (
  case_id     TEXT NOT NULL REFERENCES cases(id),
  number      INTEGER NOT NULL,
  person      INTEGER NOT NULL,
  role        TEXT NOT NULL,
  instrument  TEXT NOT NULL,
  date        TEXT NOT NULL,
  assessor    TEXT NOT NULL REFERENCES professionals(id),
  answers     TEXT NOT NULL,
  score       INTEGER NOT NULL,
  threshold   INTEGER NOT NULL,
  unknown     INTEGER NOT NULL,
  scored      TEXT NOT NULL,
  level       TEXT NOT NULL,
  judged      INTEGER NOT NULL,
  motivation  TEXT,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL REFERENCES professionals(id),
  PRIMARY KEY (case_id, number)
) WITHOUT ROWID;
)sql",
    // 13: possible links between persons (issue 14). A coordinator's decision
    // on a pair of persons of a region: `linked` merges the second into the
    // first (its case rows move, and it stays as an alias, `same_as`, so that
    // a later referral with its name and birth year finds the first); `moved`
    // keeps what moved, to split them again. `rejected` is never proposed
    // again. Possible links themselves are not stored: they are found when
    // asked for, by persons_near (same birth year, key length within 2).
    R"sql(
ALTER TABLE persons ADD COLUMN same_as INTEGER REFERENCES persons(id);
CREATE INDEX persons_near ON persons(region, birth_year, length(name_key))
  WHERE name_key IS NOT NULL AND same_as IS NULL;
CREATE INDEX persons_alias ON persons(same_as) WHERE same_as IS NOT NULL;
CREATE TABLE person_decisions (
  a        INTEGER NOT NULL,
  b        INTEGER NOT NULL,
  region   TEXT NOT NULL REFERENCES regions(code),
  decision TEXT NOT NULL CHECK (decision IN ('linked', 'rejected')),
  moved    TEXT,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL REFERENCES professionals(id),
  PRIMARY KEY (a, b),
  CHECK (a < b)
) WITHOUT ROWID;
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

}  // namespace

void Store::migrate(const std::string& now) {
  if (c_->engine() == Engine::kPostgresql) return create_postgresql_schema(now);
  for (;;) {
    WriteTx tx(*this);
    const int version = schema_version();  // re-read under the write lock
    if (version >= kSchemaVersion) return;
    c_->exec(kMigrations[version]);
    if (version + 1 == 3) audit_->chain_existing();
    if (version + 1 == 5) fill_report_days();
    if (version + 1 == 6) recode_screenings();
    if (version + 1 == 7) audit_->create_triggers();
    if (version + 1 == 9) plan_future_meetings(now);
    if (version + 1 == 11) link_all_persons();
    // A schema that changes the rows' shape writes them into the trail anew.
    if (version + 1 >= 7) audit_->append_baseline(now);
    c_->exec(fmt::format("PRAGMA user_version = {}", version + 1).c_str());
    tx.commit();
  }
}

void Store::create_postgresql_schema(const std::string& now) {
  // No older PostgreSQL database exists: the current schema is made at once.
  WriteTx tx(*this);
  if (schema_version() != 0) return;  // another init made it first
  make_postgresql_schema(now);
  tx.commit();
}

void Store::make_postgresql_schema(const std::string& now) {
  refuse_foreign_postgresql();
  c_->exec(kPgCompatSql);
  c_->exec(kPgSchemaSql);
  audit_->state().create_capture();  // the state tables, loaded, and their capture triggers
  c_->exec(kPgPoliciesSql);          // need-to-know for logins that are not the owner
  create_definer_queries();          // and the queries that must read past it
  audit_->append_baseline(now);
}

void Store::recode_screenings() {
  // Schema 6 stores a screening's reasons as codes and facts, and each rule
  // set once: every stored sentence is read back into its code, and checked
  // to write the same sentence again, or the migration stops unchanged.
  Statement q(*c_, "SELECT id, screening FROM cases WHERE screening IS NOT NULL ORDER BY id");
  Statement u(*c_, "UPDATE cases SET screening = ? WHERE id = ?");
  while (q.executeStep()) {
    const std::string id = q.getColumn(0).getString();
    const auto coded = recode_screening(q.getColumn(1).getString());
    if (!coded)
      throw Error(ErrorCode::kInternal,
                  trf("case {}: its stored screening holds a sentence this ifg cannot "
                      "read back, so the database was not migrated",
                      id));
    u.reset();
    u.bind(1, *coded);
    u.bind(2, id);
    u.exec();
  }
  Statement versions(*c_, "SELECT DISTINCT ruleset FROM cases WHERE ruleset IS NOT NULL");
  while (versions.executeStep())
    if (auto canonical = find_canonical_params(versions.getColumn(0).getString()))
      remember_ruleset(versions.getColumn(0).getString(), *canonical);
}

void Store::plan_future_meetings(const std::string& now) {
  Statement u(*c_, "UPDATE meetings SET status = 'planned' WHERE date > ?");
  u.bind(1, brussels_day(now));
  u.exec();
}

void Store::fill_report_days() {
  Statement q(*c_,
              "SELECT d.case_id, d.at, (SELECT min(from_at) FROM director_terms t "
              "WHERE t.case_id = d.case_id) FROM decisions d");
  while (q.executeStep()) {
    const std::string id = q.getColumn(0).getString();
    set_decision_days(id, q.getColumn(1).getString());
    if (!q.getColumn(2).isNull()) set_director_days(id, q.getColumn(2).getString());
  }
}

}  // namespace ifg::detail

namespace ifg {

int schema_version() noexcept {
  return detail::kSchemaVersion;
}

}  // namespace ifg
