// SPDX-License-Identifier: EUPL-1.2
// The store's connection: its statement cache, opening a Store, transactions,
// and SQLite's failures turned into ifg::Error.
#include "store.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <ctime>

#include "i18n.h"
#include "store_pg.h"
#include "store_sql.h"
#include "store_sqlite.h"
#include "text.h"

namespace ifg::detail {

namespace {

/// What went wrong with the database and what to do about it.
std::string storage_problem(const SQLite::Exception& e) {
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return tr("locked by another process past the timeout; try again when it has finished");
    case SQLITE_FULL:
      return tr(
          "the disk or the database is full; free space and run the command again "
          "(nothing of the failed step was stored)");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return trf(
          "cannot be written or opened ({}); check the path and the permissions "
          "of the file and its folder",
          e.what());
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return trf("is corrupt ({}); restore it from a backup", e.what());
    case SQLITE_IOERR:
      // ENOSPC is SQLITE_FULL; a file size limit (EFBIG) or a failing disk lands here.
      if (e.getExtendedErrorCode() == SQLITE_IOERR_WRITE)
        return trf(
            "could not be written ({}): the disk may be full, a file size "
            "limit (ulimit -f) reached or the disk failing; free space or raise "
            "the limit and run the command again (nothing of the failed step "
            "was stored)",
            e.what());
      return trf("input/output error ({}); check the disk", e.what());
    default:
      return trf("storage error ({})", e.what());
  }
}

}  // namespace

Connection::~Connection() = default;

Statement& Connection::stmt(Sql sql) {
  auto it = cache_.find(sql.text());
  if (it == cache_.end())
    it = cache_.emplace(sql.text(), std::make_unique<Statement>(prepare(sql.text()))).first;
  Statement& s = *it->second;
  s.tryReset();
  s.clearBindings();
  return s;
}

void Store::rethrow_as_error(const std::string& path) {
  const std::string shown = is_postgresql_target(path) ? redacted_target(path) : path;
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    throw Error(ErrorCode::kStorage, trf("database {}: {}", shown, storage_problem(e)));
  } catch (const PgFailure& e) {
    throw Error(ErrorCode::kStorage, trf("database {}: {}", shown, pg_problem(e)));
  }
}

namespace {

/// The connection to the database `path` names: PostgreSQL for a connection
/// string or URI, else an SQLite file.
std::unique_ptr<Connection> open_connection(const std::string& path, bool create,
                                            int busy_timeout_ms) {
  if (is_postgresql_target(path)) return std::make_unique<PgConnection>(path, busy_timeout_ms);
  // not repeated: a connection string may hold a password
  if (looks_like_postgresql_target(path))
    throw Error(ErrorCode::kUsage,
                tr("the database given reads like a PostgreSQL connection string, but its "
                   "keywords or its scheme are not in lower case: write host=, dbname=, user= "
                   "or postgresql:// in lower case; a file whose name holds '=' is written "
                   "./NAME"));
  return std::make_unique<SqliteConnection>(path, create, busy_timeout_ms);
}

}  // namespace

Store::Store(const std::string& path, bool create, int busy_timeout_ms, const std::string& now) try
    : c_(open_connection(path, create, busy_timeout_ms)), audit_(std::make_unique<AuditLog>(*c_)) {
  const int version = schema_version();
  if (version > kSchemaVersion)
    throw Error(ErrorCode::kStorage,
                trf("database {} has schema version {}, newer than this ifg knows ({}); "
                    "use a newer ifg",
                    c_->path(), version, kSchemaVersion));
  if (version != kSchemaVersion && create)
    migrate(now.empty() ? format_timestamp(static_cast<Timestamp>(std::time(nullptr))) : now);
  if (schema_version() == kSchemaVersion) {
    audit_->state().start();
    return;
  }
  if (version == 0)
    throw Error(ErrorCode::kStorage, trf("database {} is not an ifg database", c_->path()),
                Hint::kCreateDatabase);
  throw Error(ErrorCode::kStorage,
              trf("database {} has schema version {}; it needs migrating to version {}", c_->path(),
                  version, kSchemaVersion),
              Hint::kMigrate);
} catch (const Error&) {
  throw;
} catch (...) {
  rethrow_as_error(path);
}

Store::~Store() = default;

const std::string& Store::path() const {
  return c_->path();
}

int Store::schema_version() {
  return c_->schema_version();
}

Store::WriteTx::WriteTx(Store& store) : store_(store) {
  store.audit_->forget_tail();
  store.audit_->state().clear();
  store.counters_.clear();
  store.c_->begin_write();
}

Store::WriteTx::~WriteTx() {
  if (open_) store_.c_->try_exec("ROLLBACK");
}

void Store::WriteTx::commit() {
  // Every change is recorded by an entry that carries the rows it wrote.
  if (auto table = store_.audit_->state().pending_table())
    throw Error(ErrorCode::kInternal,
                trf("a change to table {} was about to be stored without its audit entry", *table));
  store_.write_counters();
  store_.c_->commit();
  open_ = false;
}

Store::BatchWal::BatchWal(Store& store) : c_(*store.c_) {
  if (c_.engine() != Engine::kSqlite) return;  // SQLite's WAL and page cache only
  c_.exec(fmt::format("PRAGMA wal_autocheckpoint = {}", kBatchCheckpointPages).c_str());
  c_.exec("PRAGMA cache_size = -8192");
}

Store::BatchWal::~BatchWal() {
  if (c_.engine() != Engine::kSqlite) return;
  // Best effort: another connection reading holds the checkpoint back, and
  // the next writer's autocheckpoint then does the work.
  c_.try_exec("PRAGMA wal_checkpoint(TRUNCATE)");
  c_.try_exec("PRAGMA wal_autocheckpoint = 1000");
  c_.try_exec("PRAGMA cache_size = -2000");  // SQLite's default
}

Store::ReadTx::ReadTx(Store& store, bool temporary_tables) : c_(*store.c_) {
  if (temporary_tables)
    c_.begin_snapshot();
  else
    c_.begin_read();
}

Store::ReadTx::~ReadTx() {
  c_.end_read();
}

}  // namespace ifg::detail
