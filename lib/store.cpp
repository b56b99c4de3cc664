// SPDX-License-Identifier: EUPL-1.2
// The store's connection: opening the file, ifg's settings, transactions, and
// SQLite's failures turned into ifg::Error.
#include "store.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "i18n.h"
#include "store_sql.h"
#include "text.h"

namespace ifg::detail {

namespace {

/// Refuses a database (or its -wal/-shm file) that group or others may read:
/// the data is about violence in families (docs/security.md).
void check_owner_only(const std::string& file, const std::string& db) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return;
  if ((st.st_mode & 077) == 0) return;
  throw Error(ErrorCode::kStorage,
              trf("database file {} can be read by others than its owner (mode {:04o}); "
                  "restrict it with `chmod 600 {}*` before using it",
                  file, st.st_mode & 07777, db));
}

/// Creates the file readable by its owner only; SQLite gives the -wal and
/// -shm files the mode of the database file.
void create_owner_only(const std::string& path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    throw Error(ErrorCode::kStorage,
                trf("cannot create database {} ({}); check that its folder exists and "
                    "is writable",
                    path, std::strerror(errno)));
  if (fd >= 0) ::close(fd);
}

SQLite::Database open_database(const std::string& path, bool create, int busy_timeout_ms) {
  if (path != ":memory:") {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      if (!create)
        throw Error(ErrorCode::kStorage, trf("database {} does not exist", path), Hint::kDatabase);
      create_owner_only(path);
    }
    if (S_ISDIR(st.st_mode))
      throw Error(ErrorCode::kStorage, trf("database {} is a folder, not a database file", path),
                  Hint::kDatabaseFile, path);
    for (const char* suffix : {"", "-wal", "-shm"}) check_owner_only(path + suffix, path);
  }
  // NOMUTEX: a connection is used by one thread at a time (a Service per
  // thread), so SQLite need not lock around every call.
  const int flags =
      SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX | (create ? SQLite::OPEN_CREATE : 0);
  return SQLite::Database(path, flags, busy_timeout_ms);
}

/// Refuses a database that holds tables but no ifg schema (user_version 0):
/// another program's file, which no command (not even `init`) may change.
void refuse_foreign(SQLite::Database& db, const std::string& path) {
  if (db.execAndGet("PRAGMA user_version").getInt() != 0) return;
  if (db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0) return;
  throw Error(ErrorCode::kStorage,
              trf("database {} is not an ifg database: it holds tables of another "
                  "program and no ifg schema (nothing was changed); name ifg's "
                  "database, or create a new one at another path",
                  path));
}

/// The SQL function ifg_name_key(text): name_key() of a text, null otherwise,
/// so that queries compare names as people mean them (Store::cases_naming).
void sql_name_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
    sqlite3_result_null(ctx);
    return;
  }
  try {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string key =
        name_key(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
    sqlite3_result_text(ctx, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  }
}

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

Connection::Connection(const std::string& path, bool create, int busy_timeout_ms)
    : path_(path), db_(open_database(path, create, busy_timeout_ms)) {
  try {
    refuse_foreign(db_, path);  // before WAL mode, which would change the file
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
    sqlite3_create_function_v2(db_.getHandle(), "ifg_name_key", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                               sql_name_key, nullptr, nullptr, nullptr);
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB || e.getErrorCode() == SQLITE_CORRUPT)
      throw Error(ErrorCode::kStorage,
                  trf("database {} is not an SQLite database or is corrupt ({}); "
                      "restore it from a backup",
                      path, e.what()));
    throw;
  }
}

Connection::~Connection() = default;

SQLite::Statement& Connection::stmt(Sql sql) {
  auto it = cache_.find(sql.text());
  if (it == cache_.end())
    it = cache_.emplace(sql.text(), std::make_unique<SQLite::Statement>(db_, sql.text())).first;
  SQLite::Statement& s = *it->second;
  s.tryReset();
  s.clearBindings();
  return s;
}

void Store::rethrow_as_error(const std::string& path) {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    throw Error(ErrorCode::kStorage, trf("database {}: {}", path, storage_problem(e)));
  }
}

Store::Store(const std::string& path, bool create, int busy_timeout_ms, const std::string& now) try
    : c_(std::make_unique<Connection>(path, create, busy_timeout_ms)),
      audit_(std::make_unique<AuditLog>(*c_)) {
  const int version = schema_version();
  if (version > kSchemaVersion)
    throw Error(ErrorCode::kStorage,
                trf("database {} has schema version {}, newer than this ifg knows ({}); "
                    "use a newer ifg",
                    path, version, kSchemaVersion));
  if (version != kSchemaVersion && create)
    migrate(now.empty() ? format_timestamp(static_cast<Timestamp>(std::time(nullptr))) : now);
  if (schema_version() == kSchemaVersion) {
    audit_->state().start();
    return;
  }
  if (version == 0)
    throw Error(ErrorCode::kStorage, trf("database {} is not an ifg database", path),
                Hint::kCreateDatabase);
  throw Error(ErrorCode::kStorage,
              trf("database {} has schema version {}; it needs migrating to version {}", path,
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
  return c_->db().execAndGet("PRAGMA user_version").getInt();
}

Store::WriteTx::WriteTx(Store& store) : store_(store) {
  store.audit_->forget_tail();
  store.audit_->state().clear();
  store.counters_.clear();
  tx_ =
      std::make_unique<SQLite::Transaction>(store.c_->db(), SQLite::TransactionBehavior::IMMEDIATE);
}

Store::WriteTx::~WriteTx() = default;  // SQLite::Transaction rolls back unless committed

void Store::WriteTx::commit() {
  // Every change is recorded by an entry that carries the rows it wrote.
  if (auto table = store_.audit_->state().pending_table())
    throw Error(ErrorCode::kInternal,
                trf("a change to table {} was about to be stored without its audit entry", *table));
  store_.write_counters();
  tx_->commit();
}

Store::BatchWal::BatchWal(Store& store) : c_(*store.c_) {
  c_.exec(fmt::format("PRAGMA wal_autocheckpoint = {}", kBatchCheckpointPages).c_str());
  c_.exec("PRAGMA cache_size = -8192");
}

Store::BatchWal::~BatchWal() {
  // Best effort: another connection reading holds the checkpoint back, and
  // the next writer's autocheckpoint then does the work.
  c_.db().tryExec("PRAGMA wal_checkpoint(TRUNCATE)");
  c_.db().tryExec("PRAGMA wal_autocheckpoint = 1000");
  c_.db().tryExec("PRAGMA cache_size = -2000");  // SQLite's default
}

Store::ReadTx::ReadTx(Store& store) : c_(*store.c_) {
  c_.exec("PRAGMA query_only = 1");
  try {
    c_.exec("BEGIN");
  } catch (...) {
    c_.db().tryExec("PRAGMA query_only = 0");
    throw;
  }
}

Store::ReadTx::~ReadTx() {
  c_.db().tryExec("ROLLBACK");
  c_.db().tryExec("PRAGMA query_only = 0");
}

}  // namespace ifg::detail
