#include "store.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "crypto.h"
#include "store_util.h"
#include "ifg/error.h"

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
};
static_assert(std::size(kMigrations) == kSchemaVersion);

std::string roles_text(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) out += (out.empty() ? "" : ",") + std::string(to_string(r));
  return out;
}

std::vector<Role> parse_roles(const std::string& text) {
  std::vector<Role> roles;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (auto r = parse_enum<Role>(text.substr(start, comma - start))) roles.push_back(*r);
    start = comma + 1;
  }
  return roles;
}

int children_of(const Referral& r) {
  return static_cast<int>(std::count_if(r.persons.begin(), r.persons.end(),
                                        [](const Person& p) { return p.role == PersonRole::kChild; }));
}

/// The Brussels calendar day of an ISO timestamp, as reports count days.
std::string brussels_day(const std::string& at) {
  const auto t = parse_timestamp(at);
  return t ? brussels_date(*t).to_string() : at.substr(0, 10);
}

/// Refuses a database (or its -wal/-shm file) that group or others may read:
/// the data is about violence in families (spec/domain.md, data protection).
void check_owner_only(const std::string& file, const std::string& db) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return;
  if ((st.st_mode & 077) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  throw Error(ErrorCode::kStorage,
              "database file " + file + " can be read by others than its owner (mode " + mode +
                  "); restrict it with `chmod 600 " + db + "*` before using it");
}

SQLite::Database open_database(const std::string& path, bool create, int busy_timeout_ms) {
  if (path != ":memory:") {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      if (!create)
        throw Error(ErrorCode::kStorage, "database " + path +
                                             " does not exist; create it with `ifg init --config "
                                             "FILE`, or give the right one with --db or IFG_DB");
      // Create the file readable by its owner only; SQLite gives the -wal and
      // -shm files the mode of the database file.
      const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        throw Error(ErrorCode::kStorage, "cannot create database " + path + " (" +
                                             std::strerror(errno) +
                                             "); check that its folder exists and is writable");
      if (fd >= 0) ::close(fd);
    }
    if (S_ISDIR(st.st_mode))
      throw Error(ErrorCode::kStorage, "database " + path +
                                           " is a folder, not a database file; give the file "
                                           "with --db or IFG_DB, for example " + path + "/ifg.db");
    for (const char* suffix : {"", "-wal", "-shm"}) check_owner_only(path + suffix, path);
  }
  const int flags = SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0);
  return SQLite::Database(path, flags, busy_timeout_ms);
}

}  // namespace

Store::WriteTx::WriteTx(Store& store) : db_(store.db_) {
  store.tail_.reset();
  store.partners_by_kind_.clear();
  db_.exec("BEGIN IMMEDIATE");
}

Store::WriteTx::~WriteTx() {
  if (!done_) sqlite3_exec(db_.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Store::WriteTx::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

Store::Store(const std::string& path, bool create, int busy_timeout_ms)
    : path_(path), db_(open_database(path, create, busy_timeout_ms)) {
  try {
    db_.exec("PRAGMA foreign_keys = ON");
    if (path != ":memory:") {
      SQLite::Statement wal(db_, "PRAGMA journal_mode = WAL");
      wal.executeStep();
    }
    db_.exec("PRAGMA synchronous = FULL");
    // The last connection to close would checkpoint the WAL into the database
    // and sync both: several fsyncs a short command (one read, one audit entry)
    // does not need. The WAL is checkpointed by the writes that fill it instead.
    sqlite3_db_config(db_.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB || e.getErrorCode() == SQLITE_CORRUPT)
      throw Error(ErrorCode::kStorage, "database " + path +
                                           " is not an SQLite database or is corrupt (" +
                                           e.what() + "); restore it from a backup");
    throw;
  }
  const int version = schema_version();
  if (version > kSchemaVersion)
    throw Error(ErrorCode::kStorage,
                "database " + path + " has schema version " + std::to_string(version) +
                    ", newer than this ifg knows (" + std::to_string(kSchemaVersion) +
                    "); use a newer ifg");
  if (version < kSchemaVersion) {
    if (create) {
      migrate();
    } else if (version == 0) {
      throw Error(ErrorCode::kStorage,
                  "database " + path + " is not an ifg database; create one with `ifg init`");
    } else {
      throw Error(ErrorCode::kStorage,
                  "database " + path + " has schema version " + std::to_string(version) +
                      "; run `ifg init` to migrate it to version " +
                      std::to_string(kSchemaVersion));
    }
  }
}

Store::~Store() = default;

int Store::schema_version() { return db_.execAndGet("PRAGMA user_version").getInt(); }

void Store::migrate() {
  for (;;) {
    WriteTx tx(*this);
    const int version = schema_version();  // re-read under the write lock
    if (version >= kSchemaVersion) return;
    db_.exec(kMigrations[version]);
    if (version + 1 == 3) chain_existing_events();
    if (version + 1 == 5) fill_report_days();
    db_.exec("PRAGMA user_version = " + std::to_string(version + 1));
    tx.commit();
  }
}

SQLite::Statement& Store::stmt(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db_, std::string(sql))).first;
  SQLite::Statement& s = *it->second;
  s.tryReset();
  s.clearBindings();
  return s;
}

// --- configuration --------------------------------------------------------

void Store::upsert_region(const Region& r) {
  auto& s = stmt(
      "INSERT INTO regions(code, name, veilig_huis) VALUES(?, ?, ?) "
      "ON CONFLICT(code) DO UPDATE SET name = excluded.name, veilig_huis = excluded.veilig_huis");
  s.bind(1, r.code);
  s.bind(2, r.name);
  s.bind(3, r.veilig_huis);
  s.exec();
}

void Store::upsert_partner(const Partner& p) {
  auto& s = stmt(
      "INSERT INTO partners(id, kind, name) VALUES(?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name");
  s.bind(1, p.id);
  s.bind(2, std::string(to_string(p.kind)));
  s.bind(3, p.name);
  s.exec();
  auto& del = stmt("DELETE FROM partner_regions WHERE partner_id = ?");
  del.bind(1, p.id);
  del.exec();
  auto& ins = stmt("INSERT OR IGNORE INTO partner_regions(partner_id, region) VALUES(?, ?)");
  for (const auto& region : p.regions) {
    ins.reset();
    ins.bind(1, p.id);
    ins.bind(2, region);
    ins.exec();
  }
}

void Store::upsert_professional(const Professional& p) {
  auto& s = stmt(
      "INSERT INTO professionals(id, name, partner_id, roles, active) VALUES(?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET name = excluded.name, partner_id = excluded.partner_id, "
      "roles = excluded.roles, active = excluded.active");
  s.bind(1, p.id);
  s.bind(2, p.name);
  s.bind(3, p.partner);
  s.bind(4, roles_text(p.roles));
  s.bind(5, p.active ? 1 : 0);
  s.exec();
}

std::vector<Region> Store::regions() {
  auto& s = stmt("SELECT code, name, veilig_huis FROM regions ORDER BY code");
  ResetGuard g{s};
  std::vector<Region> out;
  while (s.executeStep())
    out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                   s.getColumn(2).getString()});
  return out;
}

namespace {

/// Partners from rows of (id, kind, name, comma-separated regions).
std::vector<Partner> read_partners(SQLite::Statement& s) {
  std::vector<Partner> out;
  while (s.executeStep()) {
    Partner p;
    p.id = s.getColumn(0).getString();
    p.kind = parse_enum<PartnerKind>(s.getColumn(1).getString()).value_or(PartnerKind::kNetwork);
    p.name = s.getColumn(2).getString();
    const std::string regions = s.getColumn(3).isNull() ? "" : s.getColumn(3).getString();
    std::size_t start = 0;
    while (start < regions.size()) {
      auto comma = regions.find(',', start);
      if (comma == std::string::npos) comma = regions.size();
      p.regions.push_back(regions.substr(start, comma - start));
      start = comma + 1;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::vector<Partner> Store::partners() {
  auto& s = stmt(
      "SELECT p.id, p.kind, p.name, group_concat(r.region, ',') FROM partners p "
      "LEFT JOIN (SELECT * FROM partner_regions ORDER BY region) r ON r.partner_id = p.id "
      "GROUP BY p.id ORDER BY p.id");
  ResetGuard g{s};
  return read_partners(s);
}

std::optional<Partner> Store::partner(const std::string& id) {
  // One partner by its key: access checks ask this for every operation.
  auto& s = stmt(
      "SELECT p.id, p.kind, p.name, (SELECT group_concat(region, ',') FROM "
      "(SELECT region FROM partner_regions WHERE partner_id = p.id ORDER BY region)) "
      "FROM partners p WHERE p.id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  auto found = read_partners(s);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Professional> Store::professionals() {
  auto& s = stmt("SELECT id, name, partner_id, roles, active FROM professionals ORDER BY id");
  ResetGuard g{s};
  std::vector<Professional> out;
  while (s.executeStep())
    out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                   s.getColumn(2).getString(), parse_roles(s.getColumn(3).getString()),
                   s.getColumn(4).getInt() != 0});
  return out;
}

std::optional<Professional> Store::professional(const std::string& id) {
  auto& s = stmt("SELECT id, name, partner_id, roles, active FROM professionals WHERE id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return Professional{s.getColumn(0).getString(), s.getColumn(1).getString(),
                      s.getColumn(2).getString(), parse_roles(s.getColumn(3).getString()),
                      s.getColumn(4).getInt() != 0};
}

bool Store::region_exists(const std::string& code) {
  auto& s = stmt("SELECT 1 FROM regions WHERE code = ?");
  ResetGuard g{s};
  s.bind(1, code);
  return s.executeStep();
}

bool Store::partner_exists(const std::string& id) {
  auto& s = stmt("SELECT 1 FROM partners WHERE id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  return s.executeStep();
}

long Store::professional_count() {
  auto& s = stmt("SELECT count(*) FROM professionals");
  ResetGuard g{s};
  s.executeStep();
  return s.getColumn(0).getInt64();
}

void Store::set_setting(const std::string& key, const std::string& value) {
  auto& s = stmt(
      "INSERT INTO settings(key, value) VALUES(?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind(1, key);
  s.bind(2, value);
  s.exec();
}

std::optional<std::string> Store::setting(const std::string& key) {
  auto& s = stmt("SELECT value FROM settings WHERE key = ?");
  ResetGuard g{s};
  s.bind(1, key);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getString();
}

// --- cases ----------------------------------------------------------------

std::optional<std::string> Store::case_by_ref(const std::string& region, const std::string& ref) {
  auto& s = stmt("SELECT id FROM cases WHERE region = ? AND external_ref = ?");
  ResetGuard g{s};
  s.bind(1, region);
  s.bind(2, ref);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getString();
}

std::string Store::next_case_id(const std::string& region, int year) {
  auto& s = stmt(
      "INSERT INTO case_counters(region, year, last_seq) VALUES(?, ?, 1) "
      "ON CONFLICT(region, year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq");
  ResetGuard g{s};
  s.bind(1, region);
  s.bind(2, year);
  s.executeStep();
  const auto seq = s.getColumn(0).getInt64();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%04d-%04lld", region.c_str(), year,
                static_cast<long long>(seq));
  return buf;
}

void Store::insert_case(const NewCase& c) {
  const Referral& r = *c.referral;
  auto& s = stmt(
      "INSERT INTO cases(id, region, external_ref, received, status, referrer_kind, "
      "referrer_partner, channel, crisis_partner, referral, outcome, ruleset, screening, "
      "screened_at, created_at, created_by, children) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, c.id);
  s.bind(2, r.region);
  bind_opt(s, 3, r.external_ref);
  s.bind(4, r.received.to_string());
  s.bind(5, std::string(to_string(c.status)));
  s.bind(6, std::string(to_string(r.referrer.kind)));
  bind_opt(s, 7, r.referrer.partner);
  if (r.channel) s.bind(8, std::string(to_string(*r.channel)));
  if (r.crisis_partner) s.bind(9, std::string(to_string(*r.crisis_partner)));
  s.bind(10, c.referral_json);
  bind_opt(s, 11, c.outcome);
  bind_opt(s, 12, c.ruleset);
  bind_opt(s, 13, c.screening_json);
  if (c.screening_json) s.bind(14, c.at);
  s.bind(15, c.at);
  s.bind(16, c.actor);
  s.bind(17, children_of(r));
  s.exec();
}

std::optional<CaseRow> Store::case_row(const std::string& id) {
  auto& s = stmt(
      "SELECT id, region, external_ref, received, status, referral, outcome, ruleset, screening, "
      "director, closure_reason, closure_note, created_by, purged_at FROM cases WHERE id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  CaseRow row;
  row.id = s.getColumn(0).getString();
  row.region = s.getColumn(1).getString();
  row.external_ref = opt_text(s.getColumn(2));
  row.received = s.getColumn(3).getString();
  row.status = parse_enum<CaseStatus>(s.getColumn(4).getString()).value_or(CaseStatus::kRegistered);
  row.referral_json = s.getColumn(5).getString();
  row.outcome = opt_text(s.getColumn(6));
  row.ruleset = opt_text(s.getColumn(7));
  row.screening_json = opt_text(s.getColumn(8));
  row.director = opt_text(s.getColumn(9));
  row.closure_reason = opt_text(s.getColumn(10));
  row.closure_note = opt_text(s.getColumn(11));
  row.created_by = opt_text(s.getColumn(12));
  row.purged_at = opt_text(s.getColumn(13));
  return row;
}

void Store::update_referral(const std::string& id, const Referral& r,
                            const std::string& referral_json) {
  auto& s = stmt(
      "UPDATE cases SET received = ?, referrer_kind = ?, referrer_partner = ?, channel = ?, "
      "crisis_partner = ?, referral = ?, children = ? WHERE id = ?");
  s.bind(1, r.received.to_string());
  s.bind(2, std::string(to_string(r.referrer.kind)));
  bind_opt(s, 3, r.referrer.partner);
  if (r.channel) s.bind(4, std::string(to_string(*r.channel)));
  if (r.crisis_partner) s.bind(5, std::string(to_string(*r.crisis_partner)));
  s.bind(6, referral_json);
  s.bind(7, children_of(r));
  s.bind(8, id);
  s.exec();
}

void Store::store_screening(const std::string& id, CaseStatus status, const std::string& outcome,
                            const std::string& ruleset, const std::string& screening_json,
                            const std::string& at) {
  auto& s = stmt(
      "UPDATE cases SET status = ?, outcome = ?, ruleset = ?, screening = ?, screened_at = ? "
      "WHERE id = ?");
  s.bind(1, std::string(to_string(status)));
  s.bind(2, outcome);
  s.bind(3, ruleset);
  s.bind(4, screening_json);
  s.bind(5, at);
  s.bind(6, id);
  s.exec();
}

namespace {

constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The text an entry's hash covers: every column but the hash itself, each
/// length-prefixed so that no two different entries give the same text.
std::string chain_text(long id, const std::optional<std::string>& case_id, const std::string& at,
                       const std::optional<std::string>& actor, const std::string& kind,
                       const std::string& action, const std::string& details,
                       const std::optional<std::string>& justification,
                       const std::string& prev_hash) {
  std::string out;
  auto field = [&](const std::optional<std::string>& v) {
    if (!v) {
      out += "-;";
      return;
    }
    out += std::to_string(v->size()) + ":" + *v + ";";
  };
  field(std::to_string(id));
  field(case_id);
  field(at);
  field(actor);
  field(kind);
  field(action);
  field(details);
  field(justification);
  field(prev_hash);
  return out;
}

}  // namespace

void Store::append_event(const std::optional<std::string>& case_id, const std::string& at,
                         const std::optional<std::string>& actor, std::string_view action,
                         const std::string& details_json, std::string_view kind) {
  // Inside the write transaction the last entry cannot change under us, so it
  // is read once per transaction and then followed here.
  if (!tail_) {
    auto& last = stmt("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1");
    ResetGuard g{last};
    tail_.emplace(0, kGenesis);
    if (last.executeStep()) {
      tail_->first = static_cast<long>(last.getColumn(0).getInt64());
      if (!last.getColumn(1).isNull()) tail_->second = last.getColumn(1).getString();
    }
  }
  const long id = tail_->first + 1;
  const std::string prev = tail_->second;
  const std::string kind_text(kind), action_text(action);
  const std::string hash = sha256_hex(chain_text(id, case_id, at, actor, kind_text, action_text,
                                                 details_json, justification_, prev));
  auto& s = stmt(
      "INSERT INTO events(id, case_id, at, actor, action, details, kind, justification, "
      "prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, static_cast<int64_t>(id));
  bind_opt(s, 2, case_id);
  s.bind(3, at);
  bind_opt(s, 4, actor);
  s.bind(5, action_text);
  s.bind(6, details_json);
  s.bind(7, kind_text);
  bind_opt(s, 8, justification_);
  s.bind(9, prev);
  s.bind(10, hash);
  s.exec();
  tail_.emplace(id, hash);
}

void Store::chain_existing_events() {
  SQLite::Statement q(db_,
                      "SELECT id, case_id, at, actor, kind, action, details, justification "
                      "FROM events ORDER BY id");
  SQLite::Statement u(db_, "UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?");
  std::string prev(kGenesis);
  while (q.executeStep()) {
    const long id = static_cast<long>(q.getColumn(0).getInt64());
    const std::string hash = sha256_hex(chain_text(
        id, opt_text(q.getColumn(1)), q.getColumn(2).getString(), opt_text(q.getColumn(3)),
        q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(),
        opt_text(q.getColumn(7)), prev));
    u.reset();
    u.bind(1, prev);
    u.bind(2, hash);
    u.bind(3, static_cast<int64_t>(id));
    u.exec();
    prev = hash;
  }
  db_.exec(
      "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
      "SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;"
      "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
      "SELECT RAISE(ABORT, 'audit entries cannot be removed'); END;");
}

void Store::fill_report_days() {
  SQLite::Statement q(db_,
                      "SELECT d.case_id, d.at, (SELECT min(from_at) FROM director_terms t "
                      "WHERE t.case_id = d.case_id) FROM decisions d");
  while (q.executeStep()) {
    const std::string id = q.getColumn(0).getString();
    set_decision_days(id, q.getColumn(1).getString());
    if (!q.getColumn(2).isNull()) set_director_days(id, q.getColumn(2).getString());
  }
}

void Store::set_decision_days(const std::string& case_id, const std::string& at) {
  auto& s = stmt(
      "UPDATE cases SET decision_days = CAST(julianday(?) - julianday(received) AS INTEGER) "
      "WHERE id = ?");
  s.bind(1, brussels_day(at));
  s.bind(2, case_id);
  s.exec();
}

void Store::set_director_days(const std::string& case_id, const std::string& at) {
  auto& s = stmt(
      "UPDATE cases SET director_days = CAST(julianday(?) - julianday(received) AS INTEGER) - "
      "decision_days WHERE id = ? AND director_days IS NULL AND decision = 'accepted'");
  s.bind(1, brussels_day(at));
  s.bind(2, case_id);
  s.exec();
}

AuditHead Store::audit_head() {
  auto& s = stmt("SELECT count(*), (SELECT hash FROM events ORDER BY id DESC LIMIT 1) FROM events");
  ResetGuard g{s};
  s.executeStep();
  AuditHead h;
  h.entries = static_cast<long>(s.getColumn(0).getInt64());
  h.head = s.getColumn(1).isNull() ? std::string(kGenesis) : s.getColumn(1).getString();
  return h;
}

AuditVerification Store::audit_verify() {
  SQLite::Statement q(db_,
                      "SELECT id, case_id, at, actor, kind, action, details, justification, "
                      "prev_hash, hash FROM events ORDER BY id");
  AuditVerification v;
  std::string prev(kGenesis);
  long count = 0;
  while (q.executeStep()) {
    const long id = static_cast<long>(q.getColumn(0).getInt64());
    const auto stored_prev = opt_text(q.getColumn(8));
    const auto stored_hash = opt_text(q.getColumn(9));
    auto broken = [&](std::string problem) {
      v.intact = false;
      v.first_broken = id;
      v.problem = std::move(problem);
    };
    if (stored_prev.value_or("") != prev) {
      broken("entry " + std::to_string(id) + " does not follow the entry before it: an entry " +
             "was removed or inserted before it, or entries were reordered");
      break;
    }
    const std::string hash = sha256_hex(chain_text(
        id, opt_text(q.getColumn(1)), q.getColumn(2).getString(), opt_text(q.getColumn(3)),
        q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(),
        opt_text(q.getColumn(7)), prev));
    if (stored_hash.value_or("") != hash) {
      broken("entry " + std::to_string(id) + " was altered after it was written");
      break;
    }
    prev = hash;
    ++count;
  }
  v.head = {count, prev};
  return v;
}

std::vector<AuditEntry> Store::audit_entries(const AuditFilter& f,
                                             const std::vector<std::string>& regions) {
  SQLite::Statement q(db_,
                      "SELECT e.id, e.at, e.actor, e.kind, e.action, e.case_id, e.details, "
                      "e.justification, e.hash, c.region FROM events e "
                      "LEFT JOIN cases c ON c.id = e.case_id "
                      "WHERE (?1 IS NULL OR e.case_id = ?1) AND (?2 IS NULL OR e.actor = ?2) "
                      "AND (?3 IS NULL OR substr(e.at, 1, 10) >= ?3) ORDER BY e.id");
  bind_opt(q, 1, f.case_id);
  bind_opt(q, 2, f.actor);
  if (f.since) q.bind(3, f.since->to_string());
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    if (!q.getColumn(9).isNull() &&
        std::find(regions.begin(), regions.end(), q.getColumn(9).getString()) == regions.end())
      continue;
    out.push_back({static_cast<long>(q.getColumn(0).getInt64()), q.getColumn(1).getString(),
                   opt_text(q.getColumn(2)), q.getColumn(3).getString(),
                   q.getColumn(4).getString(), opt_text(q.getColumn(5)),
                   q.getColumn(6).getString(), opt_text(q.getColumn(7)),
                   q.getColumn(8).isNull() ? "" : q.getColumn(8).getString()});
  }
  return out;
}

std::vector<std::string> Store::purgeable(const std::string& before_date,
                                          const std::vector<std::string>& regions) {
  SQLite::Statement q(db_,
                      "SELECT id, region FROM cases WHERE status = 'closed' AND purged_at IS NULL "
                      "AND substr(closed_at, 1, 10) < ? ORDER BY id");
  q.bind(1, before_date);
  std::vector<std::string> out;
  while (q.executeStep())
    if (std::find(regions.begin(), regions.end(), q.getColumn(1).getString()) != regions.end())
      out.push_back(q.getColumn(0).getString());
  return out;
}

void Store::anonymise(const std::string& case_id, const std::string& referral_json,
                      const std::string& at) {
  // secure_delete overwrites the freed content instead of leaving it in free pages.
  db_.exec("PRAGMA secure_delete = ON");
  SQLite::Statement c(db_,
                      "UPDATE cases SET referral = ?, closure_note = NULL, purged_at = ? WHERE id = ?");
  c.bind(1, referral_json);
  c.bind(2, at);
  c.bind(3, case_id);
  c.exec();
  for (const char* sql :
       {"UPDATE decisions SET motivation = '' WHERE case_id = ?",
        "UPDATE meetings SET purpose = '', notes = NULL WHERE case_id = ?",
        "UPDATE actions SET text = '' WHERE case_id = ?",
        "UPDATE action_changes SET note = NULL WHERE case_id = ?",
        "UPDATE director_terms SET reason = NULL WHERE case_id = ?"}) {
    SQLite::Statement u(db_, sql);
    u.bind(1, case_id);
    u.exec();
  }
}

std::vector<std::string> Store::cases_naming(const std::string& name,
                                             std::optional<int> birth_year,
                                             const std::vector<std::string>& regions) {
  SQLite::Statement q(
      db_,
      "SELECT DISTINCT c.id, c.region FROM cases c, json_each(c.referral, '$.persons') p "
      "WHERE lower(json_extract(p.value, '$.name')) = lower(?1) AND (?2 IS NULL OR "
      "json_extract(p.value, '$.birth_year') = ?2) "
      "UNION SELECT c.id, c.region FROM cases c "
      "WHERE lower(json_extract(c.referral, '$.referrer.name')) = lower(?1) AND ?2 IS NULL "
      "ORDER BY 1");
  q.bind(1, name);
  if (birth_year) q.bind(2, *birth_year);
  std::vector<std::string> out;
  while (q.executeStep())
    if (std::find(regions.begin(), regions.end(), q.getColumn(1).getString()) != regions.end())
      out.push_back(q.getColumn(0).getString());
  return out;
}

void Store::dry_run_begin() {
  db_.exec(
      "CREATE TEMP TABLE IF NOT EXISTS dry_run_refs(region TEXT, ref TEXT, "
      "PRIMARY KEY(region, ref)) WITHOUT ROWID");
  db_.exec("DELETE FROM temp.dry_run_refs");
}

bool Store::dry_run_seen(const std::string& region, const std::string& ref) {
  auto& s = stmt("SELECT 1 FROM temp.dry_run_refs WHERE region = ? AND ref = ?");
  ResetGuard g{s};
  s.bind(1, region);
  s.bind(2, ref);
  return s.executeStep();
}

void Store::dry_run_add(const std::string& region, const std::string& ref) {
  auto& s = stmt("INSERT OR IGNORE INTO temp.dry_run_refs(region, ref) VALUES(?, ?)");
  s.bind(1, region);
  s.bind(2, ref);
  s.exec();
}

// --- involvement ----------------------------------------------------------

void Store::refresh_referral_involvement(const std::string& case_id, const Referral& r,
                                         bool fresh) {
  if (!fresh) {
    auto& del = stmt(
        "DELETE FROM involvement WHERE case_id = ? "
        "AND reason IN ('referrer', 'channel', 'crisis_partner')");
    del.bind(1, case_id);
    del.exec();
  }
  if (partners_by_kind_.empty()) {
    auto& q = stmt("SELECT p.kind, r.region, p.id FROM partners p "
                   "JOIN partner_regions r ON r.partner_id = p.id ORDER BY p.id");
    ResetGuard g{q};
    while (q.executeStep())
      partners_by_kind_[{q.getColumn(0).getString(), q.getColumn(1).getString()}].push_back(
          q.getColumn(2).getString());
    partners_by_kind_[{"", ""}];  // loaded, even when no partner serves a region
  }
  if (r.referrer.partner) add_involvement(case_id, *r.referrer.partner, "referrer");
  auto of_kind = [&](std::string_view kind, std::string_view reason) {
    auto it = partners_by_kind_.find({std::string(kind), r.region});
    if (it == partners_by_kind_.end()) return;
    for (const auto& id : it->second) add_involvement(case_id, id, reason);
  };
  if (r.channel) of_kind(to_string(*r.channel), "channel");  // `none` is no partner kind
  if (r.crisis_partner) of_kind(to_string(*r.crisis_partner), "crisis_partner");
}

void Store::add_involvement(const std::string& case_id, const std::string& partner,
                            std::string_view reason) {
  auto& s = stmt("INSERT OR IGNORE INTO involvement(case_id, partner_id, reason) VALUES(?, ?, ?)");
  s.bind(1, case_id);
  s.bind(2, partner);
  s.bind(3, std::string(reason));
  s.exec();
}

std::vector<Involvement> Store::involvement(const std::string& case_id) {
  auto& s = stmt(
      "SELECT partner_id, reason FROM involvement WHERE case_id = ? ORDER BY partner_id, "
      "CASE reason WHEN 'referrer' THEN 1 WHEN 'channel' THEN 2 WHEN 'crisis_partner' THEN 3 "
      "WHEN 'attendee' THEN 4 WHEN 'action_holder' THEN 5 ELSE 6 END");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<Involvement> out;
  while (s.executeStep()) {
    const std::string partner = s.getColumn(0).getString();
    if (out.empty() || out.back().partner != partner) out.push_back({partner, {}});
    out.back().reasons.push_back(s.getColumn(1).getString());
  }
  return out;
}

bool Store::involved(const std::string& case_id, const std::string& partner) {
  auto& s = stmt("SELECT 1 FROM involvement WHERE case_id = ? AND partner_id = ? LIMIT 1");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, partner);
  return s.executeStep();
}

// --- workflow -------------------------------------------------------------

void Store::set_status(const std::string& case_id, CaseStatus status) {
  auto& s = stmt("UPDATE cases SET status = ? WHERE id = ?");
  s.bind(1, std::string(to_string(status)));
  s.bind(2, case_id);
  s.exec();
}

void Store::insert_decision(const std::string& case_id, const Decision& d) {
  auto& s = stmt(
      "INSERT INTO decisions(case_id, accepted, motivation, overridden, actor, at) "
      "VALUES(?, ?, ?, ?, ?, ?)");
  s.bind(1, case_id);
  s.bind(2, d.accepted ? 1 : 0);
  s.bind(3, d.motivation);
  s.bind(4, d.overridden ? 1 : 0);
  s.bind(5, d.actor);
  s.bind(6, d.at);
  s.exec();
  auto& c = stmt("UPDATE cases SET decision = ?, overridden = ? WHERE id = ?");
  c.bind(1, d.accepted ? "accepted" : "refused");
  c.bind(2, d.overridden ? 1 : 0);
  c.bind(3, case_id);
  c.exec();
  set_decision_days(case_id, d.at);
}

std::optional<Decision> Store::decision(const std::string& case_id) {
  auto& s = stmt(
      "SELECT accepted, motivation, overridden, actor, at FROM decisions WHERE case_id = ?");
  ResetGuard g{s};
  s.bind(1, case_id);
  if (!s.executeStep()) return std::nullopt;
  return Decision{s.getColumn(0).getInt() != 0, s.getColumn(1).getString(),
                  s.getColumn(2).getInt() != 0, s.getColumn(3).getString(),
                  s.getColumn(4).getString()};
}

int Store::insert_meeting(const std::string& case_id, const MeetingInput& m,
                          const std::string& actor, const std::string& at) {
  auto& s = stmt(
      "INSERT INTO meetings(case_id, number, date, basis, purpose, notes, actor, at) "
      "SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7 FROM meetings "
      "WHERE case_id = ?1 RETURNING number");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, m.date.to_string());
  s.bind(3, std::string(to_string(m.basis)));
  s.bind(4, m.purpose);
  bind_opt(s, 5, m.notes);
  s.bind(6, actor);
  s.bind(7, at);
  s.executeStep();
  const int number = s.getColumn(0).getInt();
  s.tryReset();
  auto& a = stmt(
      "INSERT OR IGNORE INTO meeting_attendees(case_id, number, professional_id) VALUES(?, ?, ?)");
  for (const auto& pro : m.attendees) {
    a.reset();
    a.bind(1, case_id);
    a.bind(2, number);
    a.bind(3, pro);
    a.exec();
  }
  return number;
}

std::vector<Meeting> Store::meetings(const std::string& case_id) {
  auto& s = stmt(
      "SELECT m.number, m.date, m.basis, m.purpose, m.notes, m.actor, m.at, "
      "(SELECT group_concat(professional_id, ',') FROM (SELECT professional_id FROM "
      "meeting_attendees a WHERE a.case_id = m.case_id AND a.number = m.number "
      "ORDER BY professional_id)) FROM meetings m WHERE m.case_id = ? ORDER BY m.number");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<Meeting> out;
  while (s.executeStep()) {
    Meeting m;
    m.number = s.getColumn(0).getInt();
    m.date = Date::parse(s.getColumn(1).getString()).value_or(Date{});
    m.basis = parse_enum<LegalBasis>(s.getColumn(2).getString()).value_or(LegalBasis::kDecree);
    m.purpose = s.getColumn(3).getString();
    m.notes = opt_text(s.getColumn(4));
    m.actor = s.getColumn(5).getString();
    m.at = s.getColumn(6).getString();
    const std::string list = s.getColumn(7).isNull() ? "" : s.getColumn(7).getString();
    for (std::size_t start = 0; start < list.size();) {
      auto comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      m.attendees.push_back(list.substr(start, comma - start));
      start = comma + 1;
    }
    out.push_back(std::move(m));
  }
  return out;
}

int Store::insert_action(const std::string& case_id, const std::string& text,
                         const std::string& domain, const std::string& professional,
                         const std::optional<Date>& due, const std::string& actor,
                         const std::string& at) {
  auto& s = stmt(
      "INSERT INTO actions(case_id, number, text, domain, professional_id, due, status, region, "
      "received) "
      "SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5, 'open', "
      "(SELECT region FROM cases WHERE id = ?1), (SELECT received FROM cases WHERE id = ?1) "
      "FROM actions WHERE case_id = ?1 RETURNING number");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, text);
  s.bind(3, domain);
  s.bind(4, professional);
  if (due) s.bind(5, due->to_string());
  s.executeStep();
  const int number = s.getColumn(0).getInt();
  s.tryReset();
  insert_action_change(case_id, number, {at, actor, "created", std::nullopt, professional, std::nullopt});
  return number;
}

std::vector<Action> Store::actions(const std::string& case_id) {
  auto& s = stmt(
      "SELECT a.number, a.text, a.domain, a.professional_id, p.partner_id, a.due, a.status "
      "FROM actions a JOIN professionals p ON p.id = a.professional_id "
      "WHERE a.case_id = ? ORDER BY a.number");
  std::vector<Action> out;
  {
    ResetGuard g{s};
    s.bind(1, case_id);
    while (s.executeStep()) {
      Action a;
      a.number = s.getColumn(0).getInt();
      a.text = s.getColumn(1).getString();
      a.domain = s.getColumn(2).getString();
      a.professional = s.getColumn(3).getString();
      a.partner = s.getColumn(4).getString();
      if (!s.getColumn(5).isNull()) a.due = Date::parse(s.getColumn(5).getString());
      a.status = parse_enum<ActionStatus>(s.getColumn(6).getString()).value_or(ActionStatus::kOpen);
      out.push_back(std::move(a));
    }
  }
  auto& h = stmt(
      "SELECT number, at, actor, kind, from_value, to_value, note FROM action_changes "
      "WHERE case_id = ? ORDER BY number, id");
  ResetGuard g{h};
  h.bind(1, case_id);
  while (h.executeStep()) {
    const int number = h.getColumn(0).getInt();
    for (auto& a : out)
      if (a.number == number)
        a.history.push_back({h.getColumn(1).getString(), h.getColumn(2).getString(),
                             h.getColumn(3).getString(), opt_text(h.getColumn(4)),
                             h.getColumn(5).getString(), opt_text(h.getColumn(6))});
  }
  return out;
}

void Store::update_action(const std::string& case_id, int number, std::string_view column,
                          const std::string& value) {
  // Only these two columns change after creation; the name is never user input.
  const std::string_view sql =
      column == "status"
          ? std::string_view("UPDATE actions SET status = ? WHERE case_id = ? AND number = ?")
          : std::string_view(
                "UPDATE actions SET professional_id = ? WHERE case_id = ? AND number = ?");
  if (column != "status" && column != "professional_id")
    throw Error(ErrorCode::kInternal, "update_action: unknown column");
  auto& s = stmt(sql);
  s.bind(1, value);
  s.bind(2, case_id);
  s.bind(3, number);
  s.exec();
}

void Store::insert_action_change(const std::string& case_id, int number, const ActionChange& c) {
  auto& s = stmt(
      "INSERT INTO action_changes(case_id, number, at, actor, kind, from_value, to_value, note) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, case_id);
  s.bind(2, number);
  s.bind(3, c.at);
  s.bind(4, c.actor);
  s.bind(5, c.kind);
  bind_opt(s, 6, c.from);
  s.bind(7, c.to);
  bind_opt(s, 8, c.note);
  s.exec();
}

void Store::start_director_term(const std::string& case_id, const std::string& professional,
                                const std::string& assigned_by,
                                const std::optional<std::string>& reason, const std::string& at) {
  auto& end = stmt(
      "UPDATE director_terms SET until_at = ? WHERE case_id = ? AND until_at IS NULL");
  end.bind(1, at);
  end.bind(2, case_id);
  end.exec();
  auto& ins = stmt(
      "INSERT INTO director_terms(case_id, professional_id, from_at, assigned_by, reason) "
      "VALUES(?, ?, ?, ?, ?)");
  ins.bind(1, case_id);
  ins.bind(2, professional);
  ins.bind(3, at);
  ins.bind(4, assigned_by);
  bind_opt(ins, 5, reason);
  ins.exec();
  auto& c = stmt("UPDATE cases SET director = ? WHERE id = ?");
  c.bind(1, professional);
  c.bind(2, case_id);
  c.exec();
  set_director_days(case_id, at);
}

std::vector<DirectorTerm> Store::directors(const std::string& case_id) {
  auto& s = stmt(
      "SELECT professional_id, from_at, until_at, assigned_by, reason FROM director_terms "
      "WHERE case_id = ? ORDER BY id");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<DirectorTerm> out;
  while (s.executeStep())
    out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                   opt_text(s.getColumn(2)), s.getColumn(3).getString(), opt_text(s.getColumn(4))});
  return out;
}

void Store::close_case(const std::string& case_id, ClosureReason reason,
                       const std::optional<std::string>& note, const std::string& at) {
  auto& s = stmt(
      "UPDATE cases SET status = 'closed', closure_reason = ?, closure_note = ?, closed_at = ? "
      "WHERE id = ?");
  s.bind(1, std::string(to_string(reason)));
  bind_opt(s, 2, note);
  s.bind(3, at);
  s.bind(4, case_id);
  s.exec();
}

std::vector<Event> Store::events(const std::string& case_id) {
  auto& s = stmt(
      "SELECT id, at, actor, action, details FROM events WHERE case_id = ? AND kind = 'change' "
      "ORDER BY id");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<Event> out;
  while (s.executeStep())
    out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(), opt_text(s.getColumn(2)),
                   s.getColumn(3).getString(), s.getColumn(4).getString()});
  return out;
}

}  // namespace ifg::detail
