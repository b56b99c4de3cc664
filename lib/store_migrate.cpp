// SPDX-License-Identifier: EUPL-1.2
// Moving a region (issue 17): every row of an SQLite database copied into an
// empty PostgreSQL database whose schema init made, the audit trail included,
// so the head kept elsewhere still names the moved trail.
#include <fmt/format.h>

#include <array>

#include "i18n.h"
#include "store.h"
#include "store_pg.h"
#include "store_sql.h"

namespace ifg::detail {

namespace {

struct SourceColumn {
  std::string name;
  std::string type;  ///< as declared: INTEGER, TEXT, BLOB, REAL
};

/// The tables of an SQLite database, and their columns in order.
std::vector<std::pair<std::string, std::vector<SourceColumn>>> source_tables(Connection& c) {
  std::vector<std::pair<std::string, std::vector<SourceColumn>>> out;
  Statement q(c,
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
              "'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), {}});
  for (auto& [table, columns] : out) {
    Statement cols(c, "SELECT name, upper(type) FROM pragma_table_info(?) ORDER BY cid");
    cols.bind(1, table);
    while (cols.executeStep())
      columns.push_back({cols.getColumn(0).getString(), cols.getColumn(1).getString()});
  }
  return out;
}

/// Binds column `i` of the source's row to parameter `i + 1` of the insert.
void bind_value(Statement& to, int i, const Statement& from, const SourceColumn& col) {
  const Column v = from.getColumn(i);
  if (v.isNull())
    to.bind(i + 1);
  else if (col.type == "INTEGER")
    to.bind(i + 1, static_cast<long long>(v.getInt64()));
  else if (col.type == "REAL")
    to.bind(i + 1, v.getDouble());
  else if (col.type == "BLOB")
    to.bind_blob(i + 1, v.getView());
  else
    to.bind(i + 1, v.getView());
}

/// Copies the rows of `table` from `from` into `to`; returns how many.
long copy_table(Connection& from, Connection& to, const std::string& table,
                const std::vector<SourceColumn>& columns) {
  std::string names, marks;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    names += fmt::format("{}\"{}\"", i ? ", " : "", columns[i].name);
    marks += i ? ", ?" : "?";
  }
  Statement read(from, fmt::format("SELECT {} FROM \"{}\"", names, table));
  Statement write(to, fmt::format("INSERT INTO \"{}\"({}) VALUES({})", table, names, marks));
  long rows = 0;
  while (read.executeStep()) {
    write.reset();
    write.clearBindings();
    for (std::size_t i = 0; i < columns.size(); ++i)
      bind_value(write, static_cast<int>(i), read, columns[i]);
    write.exec();
    ++rows;
  }
  return rows;
}

/// Moves each identity column's sequence past the ids the copy inserted.
void advance_identities(Connection& c) {
  Statement q(c,
              "SELECT quote_ident(table_name), quote_ident(column_name), "
              "pg_get_serial_sequence(quote_ident(table_name), column_name) FROM "
              "information_schema.columns WHERE table_schema = current_schema() AND "
              "is_identity = 'YES'");
  std::vector<std::array<std::string, 3>> identities;
  while (q.executeStep())
    identities.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  for (const auto& [table, column, sequence] : identities) {
    Statement s(
        c, fmt::format("SELECT setval(?, coalesce(max({}), 0) + 1, false) FROM {}", column, table));
    s.bind(1, sequence);
    s.executeStep();
  }
}

}  // namespace

bool Store::is_postgresql(const std::string& target) {
  return is_postgresql_target(target);
}

std::string Store::shown(const std::string& target) {
  return is_postgresql_target(target) ? redacted_target(target) : target;
}

namespace {

/// Whether the PostgreSQL database of `c` holds a table, view or sequence in
/// its schema or in `ifg`.
bool holds_relations(Connection& c) {
  Statement q(c,
              "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
              "WHERE n.nspname IN (current_schema(), 'ifg') AND c.relkind IN "
              "('r', 'p', 'v', 'm', 'S', 'f')");
  return q.executeStep() && q.getColumn(0).getInt64() > 0;
}

}  // namespace

bool Store::holds_tables(const std::string& target) {
  try {
    PgConnection c(target);
    return holds_relations(c);
  } catch (const PgFailure&) {
    rethrow_as_error(target);
  }
}

void Store::refuse_foreign_postgresql() {
  // As on SQLite (refuse_foreign): another program's database is not changed,
  // nor are its tables granted to ifg's professionals.
  if (holds_relations(*c_))
    throw Error(ErrorCode::kStorage,
                trf("database {} is not an ifg database: it holds tables of another program "
                    "and no ifg schema (nothing was changed); name ifg's database, or create "
                    "an empty one",
                    c_->path()));
}

Store::Store(std::unique_ptr<Connection> c)
    : c_(std::move(c)), audit_(std::make_unique<AuditLog>(*c_)) {}

std::unique_ptr<Store> Store::empty_target(const std::string& target) {
  try {
    return std::unique_ptr<Store>(new Store(std::make_unique<PgConnection>(target)));
  } catch (const PgFailure&) {
    rethrow_as_error(target);
  }
}

std::vector<CopiedTable> Store::copy_into(Store& target, const std::string& now,
                                          const std::function<void(const AuditHead&)>& check) {
  if (c_->engine() != Engine::kSqlite || target.c_->engine() != Engine::kPostgresql)
    throw Error(ErrorCode::kInternal, tr("a database is copied from SQLite into PostgreSQL only"));
  ReadTx snapshot(*this);
  auto tx = target.write();
  target.make_postgresql_schema(now);
  // Keys are checked at commit: tables go in any order, rows that point at
  // each other (a transfer's two cases) in one.
  target.c_->exec("SET CONSTRAINTS ALL DEFERRED");
  std::vector<CopiedTable> copied;
  for (const auto& [table, columns] : source_tables(*c_))
    copied.push_back({table, copy_table(*c_, *target.c_, table, columns)});
  advance_identities(*target.c_);
  target.audit_->state().clear();  // the copied trail explains the copied rows
  target.ensure_roles();
  check(audit_->head());  // the file's head, in the snapshot the rows came from
  tx.commit();
  target.audit_->state().start();
  return copied;
}

}  // namespace ifg::detail
