// SPDX-License-Identifier: EUPL-1.2
// The audit trail's state on PostgreSQL (lib/store_state.h, design notes): the
// state tables read from the catalogue, the capture trigger of
// lib/pg/capture.sql on each, and the rows it noted read back as images.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "crypto.h"
#include "i18n.h"
#include "pg_sql.h"
#include "store_sql.h"
#include "store_state.h"

namespace ifg::detail {

namespace {

/// The name of the capture trigger on every state table.
constexpr std::string_view kCaptureTrigger = "ifg_capture";

}  // namespace

void StateLog::load_postgresql() {
  // Every column of every table of the schema the store's tables live in, in
  // table order, with its place in the primary key.
  Statement q(c_,
              "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
              "coalesce((SELECT k.n FROM pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(att, n) "
              "WHERE k.att = a.attnum), 0) FROM pg_catalog.pg_class c "
              "JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace "
              "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
              "AND NOT a.attisdropped LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid "
              "AND i.indisprimary WHERE s.nspname = pg_catalog.current_schema() "
              "AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname, a.attnum");
  std::map<std::string, std::vector<ColumnInfo>> found;
  while (q.executeStep())
    found[q.getColumn(0).getString()].push_back(
        {q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getInt()});
  for (const auto& [name, columns] : found) {
    const bool keyed =
        std::any_of(columns.begin(), columns.end(), [](const auto& c) { return c.pk > 0; });
    if (keyed && is_state(name)) tables_.emplace(name, make_table(name, columns, true));
  }
}

void StateLog::create_capture() {
  if (c_.engine() != Engine::kPostgresql) return;  // SQLite's pre-update hook needs no DDL
  c_.exec(kPgCaptureSql);
  load(/*again=*/true);
  for (const auto& [name, t] : tables_) {
    std::string keys;
    for (const auto& k : t->key_names) keys += fmt::format("{}'{}'", keys.empty() ? "" : ", ", k);
    // ALWAYS: ifg's session notes its rows under session_replication_role = replica too
    c_.exec(fmt::format("CREATE OR REPLACE TRIGGER {0} AFTER INSERT OR UPDATE OR DELETE ON {1} "
                        "FOR EACH ROW EXECUTE FUNCTION ifg.capture_row({2}); "
                        "ALTER TABLE {1} ENABLE ALWAYS TRIGGER {0}",
                        kCaptureTrigger, name, keys)
                .c_str());
  }
}

std::optional<std::string> StateLog::pending_postgresql() const {
  if (!started_) return std::nullopt;
  auto& q = c_.stmt("SELECT tbl FROM pg_temp.ifg_captured ORDER BY seq LIMIT 1");
  ResetGuard g{q};
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

Statement& StateLog::take_statement(std::vector<const Table*> touched) {
  // One statement per set of tables, kept, so that the engine prepares it
  // once (a batch writes the same three tables for every record).
  std::sort(touched.begin(), touched.end(),
            [](const Table* a, const Table* b) { return a->name < b->name; });
  std::string names;
  for (const Table* t : touched) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", t->name);
  auto& take = takes_[names];
  if (take) return *take;
  std::string sql;
  for (const Table* t : touched)
    sql += fmt::format(
        " {} SELECT k.seq, k.tbl, k.key, {} FROM k LEFT JOIN {} AS t ON {} WHERE k.tbl = '{}'",
        sql.empty() ? "" : "UNION ALL", t->image_sql, t->name, t->join_sql, t->name);
  take = std::make_unique<Statement>(
      c_, fmt::format("WITH k AS (DELETE FROM pg_temp.ifg_captured WHERE tbl IN ({}) "
                      "RETURNING seq, tbl, key){} ORDER BY 1",
                      names, sql));
  return *take;
}

std::optional<std::string> StateLog::take_postgresql(bool digests) {
  if (!started_) return std::nullopt;
  // The images of the rows noted, in the order they were first noted, read
  // in one statement that also takes them from the session's table. Rows of
  // a table that is not state stay there, for WriteTx::commit to find.
  std::vector<const Table*> touched;
  auto& tables = c_.stmt("SELECT DISTINCT tbl FROM pg_temp.ifg_captured");
  while (tables.executeStep())
    if (const auto it = tables_.find(tables.getColumn(0).getView()); it != tables_.end())
      touched.push_back(it->second.get());
  tables.reset();
  if (touched.empty()) return std::nullopt;
  Statement& q = take_statement(std::move(touched));
  ResetGuard g{q};
  std::string out = "[";
  while (q.executeStep()) {
    const auto image = q.getColumn(3);
    out += fmt::format(R"({}["{}",{},{}])", out.size() > 1 ? "," : "", q.getColumn(1).getView(),
                       q.getColumn(2).getView(),
                       image.isNull() ? "null"
                       : digests      ? "\"sha256:" + sha256_hex(image.getView()) + '"'
                                      : image.getString());
  }
  return out + "]";
}

std::optional<StateMismatch> StateLog::capture_problem() {
  if (c_.engine() != Engine::kPostgresql) return std::nullopt;
  // The state tables whose trigger notes every row written: after each row,
  // of an insert, update or delete (tgtype 1 + 4 + 8 + 16), always.
  Statement q(c_,
              "SELECT c.relname FROM pg_catalog.pg_trigger g "
              "JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
              "JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace "
              "JOIN pg_catalog.pg_proc p ON p.oid = g.tgfoid "
              "JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace "
              "WHERE s.nspname = pg_catalog.current_schema() AND g.tgname = 'ifg_capture' "
              "AND g.tgtype = 29 AND g.tgqual IS NULL AND g.tgenabled IN ('O', 'A') "
              "AND p.proname = 'capture_row' AND pn.nspname = 'ifg'");
  std::set<std::string, std::less<>> captured;
  while (q.executeStep()) captured.insert(q.getColumn(0).getString());
  for (const auto& [name, t] : tables_)
    if (!captured.contains(name))
      return StateMismatch{"pg_trigger", fmt::format(R"(["{}","{}"])", name, kCaptureTrigger),
                           std::nullopt, std::nullopt,
                           tr("the trigger that notes the rows written to this table is missing "
                              "or disabled: a change to it would reach no audit entry")};
  return std::nullopt;
}

}  // namespace ifg::detail
