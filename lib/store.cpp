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

template <class T>
void bind_opt(SQLite::Statement& s, int i, const std::optional<T>& v) {
  if (v)
    s.bind(i, *v);
  else
    s.bind(i);
}

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

/// Resets a statement when the query is done, so no read transaction lingers.
struct ResetGuard {
  SQLite::Statement& s;
  ~ResetGuard() { s.tryReset(); }
};

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
    for (const char* suffix : {"", "-wal", "-shm"}) check_owner_only(path + suffix, path);
  }
  const int flags = SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0);
  return SQLite::Database(path, flags, busy_timeout_ms);
}

}  // namespace

Store::WriteTx::WriteTx(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

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
    WriteTx tx(db_);
    const int version = schema_version();  // re-read under the write lock
    if (version >= kSchemaVersion) return;
    db_.exec(kMigrations[version]);
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

std::vector<Partner> Store::partners() {
  auto& s = stmt(
      "SELECT p.id, p.kind, p.name, group_concat(r.region, ',') FROM partners p "
      "LEFT JOIN (SELECT * FROM partner_regions ORDER BY region) r ON r.partner_id = p.id "
      "GROUP BY p.id ORDER BY p.id");
  ResetGuard g{s};
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

std::optional<Partner> Store::partner(const std::string& id) {
  for (auto& p : partners())
    if (p.id == id) return p;
  return std::nullopt;
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
      "screened_at, created_at, created_by) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
  s.exec();
}

std::optional<CaseRow> Store::case_row(const std::string& id) {
  auto& s = stmt(
      "SELECT id, region, external_ref, received, status, referral, outcome, ruleset, screening "
      "FROM cases WHERE id = ?");
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
  return row;
}

void Store::update_referral(const std::string& id, const Referral& r,
                            const std::string& referral_json) {
  auto& s = stmt(
      "UPDATE cases SET received = ?, referrer_kind = ?, referrer_partner = ?, channel = ?, "
      "crisis_partner = ?, referral = ? WHERE id = ?");
  s.bind(1, r.received.to_string());
  s.bind(2, std::string(to_string(r.referrer.kind)));
  bind_opt(s, 3, r.referrer.partner);
  if (r.channel) s.bind(4, std::string(to_string(*r.channel)));
  if (r.crisis_partner) s.bind(5, std::string(to_string(*r.crisis_partner)));
  s.bind(6, referral_json);
  s.bind(7, id);
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

void Store::append_event(const std::optional<std::string>& case_id, const std::string& at,
                         const std::optional<std::string>& actor, std::string_view action,
                         const std::string& details_json) {
  auto& s = stmt("INSERT INTO events(case_id, at, actor, action, details) VALUES(?, ?, ?, ?, ?)");
  bind_opt(s, 1, case_id);
  s.bind(2, at);
  bind_opt(s, 3, actor);
  s.bind(4, std::string(action));
  s.bind(5, details_json);
  s.exec();
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

}  // namespace ifg::detail
