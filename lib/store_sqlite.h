// SPDX-License-Identifier: EUPL-1.2
// Private to the store: the SQLite engine behind the connection interface of
// lib/store_db.h, and the way to its database for the store's SQLite-only paths
// (PRAGMAs, the pre-update hook of the audit trail, SQL functions).
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

#include "store_db.h"

namespace ifg::detail {

/// An SQLite database file with ifg's settings (WAL, synchronous=FULL,
/// foreign keys, the busy timeout).
class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool create, int busy_timeout_ms);
  ~SqliteConnection() override;

  SQLite::Database& db() { return db_; }
  Engine engine() const override { return Engine::kSqlite; }
  void exec(const char* sql) override { db_.exec(sql); }
  void try_exec(const char* sql) noexcept override { db_.tryExec(sql); }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override;
  /// BEGIN IMMEDIATE: writers queue on the busy timeout instead of failing
  /// halfway with SQLITE_BUSY on lock upgrade.
  void begin_write() override { db_.exec("BEGIN IMMEDIATE"); }
  /// A deferred transaction on a query_only connection.
  void begin_read() override;
  void begin_snapshot() override;
  void end_read() noexcept override;
  int schema_version() override { return db_.execAndGet("PRAGMA user_version").getInt(); }

 private:
  SQLite::Database db_;
};

/// The SQLite database of `c`: Error(kInternal) on another engine.
SQLite::Database& sqlite_db(Connection& c);

}  // namespace ifg::detail
