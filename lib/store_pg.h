// SPDX-License-Identifier: EUPL-1.2
// Private to the store: the PostgreSQL engine behind the connection interface
// of lib/store_db.h, over libpq (issue 17; docs/postgresql-port.md says what
// works and what is left). The store's SQL keeps SQLite's placeholders (`?`,
// `?NNN`); this engine numbers them as PostgreSQL's `$n`.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "store_db.h"

struct pg_conn;

namespace ifg::detail {

/// A failure PostgreSQL reported, with its SQLSTATE ("" when the connection
/// itself failed); Store::rethrow_as_error turns it into Error(kStorage).
class PgFailure : public std::runtime_error {
 public:
  PgFailure(std::string sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

/// What went wrong, for a user, and what to do about it.
std::string pg_problem(const PgFailure& f);

/// Whether `target` names a PostgreSQL database (a postgresql:// or
/// postgres:// URI, or a libpq key=value connection string) rather than a file.
bool is_postgresql_target(std::string_view target);
/// Whether `target`, which is_postgresql_target() did not take, reads like a
/// connection string all the same: a keyword or a URI scheme not in lower case
/// ("HOST=...", "Postgresql://..."), which libpq would not take either.
bool looks_like_postgresql_target(std::string_view target);

/// `target` with its password, if any, replaced by *** (for messages).
std::string redacted_target(std::string_view target);

/// SQLite's placeholders in `sql` as PostgreSQL's: `?NNN` is `$NNN`, and a
/// bare `?` is one more than the largest number so far, as SQLite counts.
/// Quoted text, quoted names and comments are left alone. `count` is set to
/// the largest number.
std::string postgresql_placeholders(std::string_view sql, int& count);

/// An open libpq connection, in UTF-8 and UTC.
class PgConnection final : public Connection {
 public:
  /// `busy_timeout_ms`: how long a writer waits for the one before it.
  explicit PgConnection(const std::string& target, int busy_timeout_ms = 10000);
  ~PgConnection() override;

  Engine engine() const override { return Engine::kPostgresql; }
  void exec(const char* sql) override;
  void try_exec(const char* sql) noexcept override;
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override;
  /// READ COMMITTED under the transaction-level advisory lock kWriteLock:
  /// one writer at a time, as on SQLite, so the audit chain has one head.
  void begin_write() override;
  void commit() override;
  /// REPEATABLE READ READ ONLY: one consistent snapshot, and no way to change it.
  void begin_read() override;
  void begin_snapshot() override;
  void end_read() noexcept override { try_exec("ROLLBACK"); }
  /// The row of ifg_schema; 0 when the database has no such table.
  int schema_version() override;
  /// The advisory lock every write transaction holds ('ifg' as a number).
  static constexpr long kWriteLock = 0x696667;

 private:
  pg_conn* conn_ = nullptr;
  int busy_timeout_ms_;
  int prepared_ = 0;  ///< statements prepared on the server so far (their names)
};

}  // namespace ifg::detail
