// SPDX-License-Identifier: EUPL-1.2
// The SQLite engine: opening the file with ifg's settings, and its statements
// behind the connection interface of store_db.h.
#include "store_sqlite.h"

#include <SQLiteCpp/Exception.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "i18n.h"
#include "ifg/error.h"
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

/// A statement prepared on an SQLite connection. Failures are
/// SQLite::Exception with SQLite's codes, as Store::rethrow_as_error expects.
class SqliteStatement final : public StatementImpl {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    check(sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s_, nullptr));
  }
  ~SqliteStatement() override { sqlite3_finalize(s_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_null(int i) override { check(sqlite3_bind_null(s_, i)); }
  void bind_int(int i, std::int64_t v) override { check(sqlite3_bind_int64(s_, i, v)); }
  void bind_real(int i, double v) override { check(sqlite3_bind_double(s_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    check(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_blob(int i, std::string_view v) override {
    check(sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT));
  }
  void clear_bindings() override { check(sqlite3_clear_bindings(s_)); }
  bool step() override;
  int run() override;
  void reset() override {
    done_ = false;
    check(sqlite3_reset(s_));
  }
  void try_reset() noexcept override {
    done_ = false;
    sqlite3_reset(s_);
  }
  bool is_null(int c) const override { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::int64_t int_at(int c) const override { return sqlite3_column_int64(s_, c); }
  double real_at(int c) const override { return sqlite3_column_double(s_, c); }
  std::string_view text_at(int c) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(s_, c));
    return text ? std::string_view(text, size) : std::string_view();
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  bool done_ = false;  ///< stepped to its end: reset before stepping again
};

bool SqliteStatement::step() {
  if (done_) throw SQLite::Exception("a statement was stepped past its end without a reset");
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) throw SQLite::Exception(db_, rc);
  done_ = true;
  return false;
}

int SqliteStatement::run() {
  if (step()) throw SQLite::Exception("a statement that returns rows was run as one that does not");
  return sqlite3_changes(db_);
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, bool create, int busy_timeout_ms)
    : Connection(path), db_(open_database(path, create, busy_timeout_ms)) {
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

SqliteConnection::~SqliteConnection() {
  forget_statements();
}

std::unique_ptr<StatementImpl> SqliteConnection::prepare(std::string_view sql) {
  return std::make_unique<SqliteStatement>(db_.getHandle(), sql);
}

void SqliteConnection::begin_read() {
  db_.exec("PRAGMA query_only = 1");
  try {
    db_.exec("BEGIN");
  } catch (...) {
    db_.tryExec("PRAGMA query_only = 0");
    throw;
  }
}

void SqliteConnection::begin_snapshot() {
  // In WAL mode a transaction reads one snapshot from its first read on, and
  // writing a temporary table takes no lock of the database file: writers go on.
  db_.exec("BEGIN");
}

void SqliteConnection::end_read() noexcept {
  db_.tryExec("ROLLBACK");
  db_.tryExec("PRAGMA query_only = 0");
}

SQLite::Database& sqlite_db(Connection& c) {
  if (auto* s = dynamic_cast<SqliteConnection*>(&c)) return s->db();
  throw Error(ErrorCode::kInternal, tr("an SQLite-only step was asked of another database engine"));
}

}  // namespace ifg::detail
