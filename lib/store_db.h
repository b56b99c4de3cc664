// SPDX-License-Identifier: EUPL-1.2
// Private to the store (lib/store*.cpp): the connection interface the store's
// SQL code talks to, so that one Store runs on more than one engine (issue 17).
// An engine gives a Connection (open, exec, prepare) and its statements (bind,
// step, read columns); the store prepares its statements through it and never
// names an engine's API outside its own lib/store_<engine>.* files, and the few
// engine-specific paths (SQLite's pre-update hook, PRAGMAs) that reach them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ifg::detail {

/// The text of a statement the store prepares once and keeps. Only a string
/// literal converts to it (the constructor runs at compile time), so its
/// storage lasts as long as the program and the cache may key on its address.
class Sql {
 public:
  template <std::size_t N>
  consteval Sql(const char (&text)[N]) : text_(text) {}  // NOLINT: implicit by design
  const char* text() const { return text_; }

 private:
  const char* text_;
};

/// One engine's prepared statement. Parameters and columns count as in
/// SQLite: parameters from 1, columns from 0.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind_null(int i) = 0;
  virtual void bind_int(int i, std::int64_t v) = 0;
  virtual void bind_real(int i, double v) = 0;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_blob(int i, std::string_view bytes) = 0;
  virtual void clear_bindings() = 0;
  /// Moves to the next row of the result: false when there is none.
  virtual bool step() = 0;
  /// Runs a statement that returns no row: the number of rows it changed.
  virtual int run() = 0;
  virtual void reset() = 0;
  virtual void try_reset() noexcept = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int_at(int column) const = 0;
  virtual double real_at(int column) const = 0;
  /// A text column, or a blob's bytes; valid until the next step or reset.
  virtual std::string_view text_at(int column) const = 0;
};

/// One column of a statement's current row (a null reads as 0 or "").
class Column {
 public:
  Column(const StatementImpl& s, int i) : s_(&s), i_(i) {}
  bool isNull() const { return s_->is_null(i_); }
  std::int64_t getInt64() const { return s_->int_at(i_); }
  int getInt() const { return static_cast<int>(s_->int_at(i_)); }
  double getDouble() const { return s_->real_at(i_); }
  std::string getString() const { return std::string(s_->text_at(i_)); }
  /// The text or bytes without a copy, valid until the next step or reset.
  std::string_view getView() const { return s_->text_at(i_); }

 private:
  const StatementImpl* s_;
  int i_;
};

class Connection;

/// The database engines a Store runs on.
enum class Engine { kSqlite, kPostgresql };

/// A prepared statement of the store's SQL, on whatever engine holds the data.
class Statement {
 public:
  /// Prepares `sql` on `c`.
  Statement(Connection& c, std::string_view sql);
  explicit Statement(std::unique_ptr<StatementImpl> impl) : p_(std::move(impl)) {}

  void bind(int i) { p_->bind_null(i); }
  void bind(int i, int v) { p_->bind_int(i, v); }
  void bind(int i, long v) { p_->bind_int(i, v); }
  void bind(int i, long long v) { p_->bind_int(i, v); }
  void bind(int i, double v) { p_->bind_real(i, v); }
  void bind(int i, const std::string& v) { p_->bind_text(i, v); }
  void bind(int i, std::string_view v) { p_->bind_text(i, v); }
  void bind(int i, const char* v) { p_->bind_text(i, v); }
  void bind_blob(int i, std::string_view bytes) { p_->bind_blob(i, bytes); }
  void clearBindings() { p_->clear_bindings(); }

  bool executeStep() { return p_->step(); }
  int exec() { return p_->run(); }
  void reset() { p_->reset(); }
  void tryReset() noexcept { p_->try_reset(); }

  Column getColumn(int i) const { return Column(*p_, i); }
  bool isColumnNull(int i) const { return p_->is_null(i); }

 private:
  std::unique_ptr<StatementImpl> p_;
};

/// One open database on one engine, and the statements prepared on it. Not
/// safe to share between threads.
class Connection {
 public:
  explicit Connection(std::string path) : path_(std::move(path)) {}
  virtual ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// What the user named: a file path, or a connection string.
  const std::string& path() const { return path_; }
  virtual Engine engine() const = 0;
  /// The cached statement for `sql`, reset and with its bindings cleared.
  Statement& stmt(Sql sql);
  /// The same, for a statement SQLite and PostgreSQL spell differently.
  Statement& stmt(Sql sqlite_sql, Sql postgresql_sql) {
    return stmt(engine() == Engine::kSqlite ? sqlite_sql : postgresql_sql);
  }
  /// Runs statements that return no rows.
  virtual void exec(const char* sql) = 0;
  /// Runs a statement, ignoring its failure (cleanup on the way out).
  virtual void try_exec(const char* sql) noexcept = 0;
  virtual std::unique_ptr<StatementImpl> prepare(std::string_view sql) = 0;
  /// Begins a write transaction once no other writer holds one; COMMIT or
  /// ROLLBACK ends it.
  virtual void begin_write() = 0;
  /// Ends the write transaction, storing what it wrote.
  virtual void commit() { exec("COMMIT"); }
  /// Begins a read-only snapshot, which end_read() releases.
  virtual void begin_read() = 0;
  /// Begins a snapshot that writes temporary tables only (`audit verify
  /// --state` works in them), which end_read() releases.
  virtual void begin_snapshot() = 0;
  virtual void end_read() noexcept = 0;
  /// The version of ifg's schema the database holds (0: none).
  virtual int schema_version() = 0;

 protected:
  /// Finalises the cached statements: an engine's destructor calls it before
  /// it closes the database they were prepared on.
  void forget_statements() { cache_.clear(); }

 private:
  std::string path_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

inline Statement::Statement(Connection& c, std::string_view sql) : p_(c.prepare(sql)) {}

}  // namespace ifg::detail
