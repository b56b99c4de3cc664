// SPDX-License-Identifier: EUPL-1.2
#include "store_state.h"

// The pre-update hook is declared only with this; Debian's SQLite has it (and
// start() checks that the library in use does).
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <iterator>

#include "crypto.h"
#include "i18n.h"
#include "store_sql.h"
#include "store_sqlite.h"

namespace ifg::detail {

namespace {

/// Tables that are not state: the trail itself, the case counters (checked by what they must
/// be), and on PostgreSQL the schema's version (SQLite's user_version).
constexpr std::array kNotState = {std::string_view("events"), std::string_view("batch_events"),
                                  std::string_view("case_counters"),
                                  std::string_view("ifg_schema")};

/// The columns of free text, and a person's birth year and gender: the trail
/// holds a commitment to them, never the value.
constexpr std::array kCommitted = {
    std::string_view("cases.referral"),          std::string_view("cases.closure_note"),
    std::string_view("decisions.motivation"),    std::string_view("meetings.purpose"),
    std::string_view("meetings.notes"),          std::string_view("actions.text"),
    std::string_view("action_changes.note"),     std::string_view("director_terms.reason"),
    std::string_view("monitoring.note"),         std::string_view("reopenings.reason"),
    std::string_view("reopenings.closure_note"), std::string_view("persons.name_key"),
    std::string_view("person_facts.name"),       std::string_view("person_facts.removed_reason"),
    std::string_view("assessments.motivation"),  std::string_view("persons.birth_year"),
    std::string_view("person_facts.birth_year"), std::string_view("person_facts.gender")};

template <class List>
bool contains(const List& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

/// SQL function ifg_commit(salt, text): the commitment to `text`; NULL and ''
/// stay as they are (there is nothing to hide, and purge leaves them so).
void sql_commit(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  const std::string_view body(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[1])));
  if (body.empty()) return sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
  const auto* salt = static_cast<const char*>(sqlite3_value_blob(argv[0]));
  const std::string c = commitment(
      std::string_view(salt ? salt : "", static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))),
      body);
  sqlite3_result_text(ctx, c.data(), static_cast<int>(c.size()), SQLITE_TRANSIENT);
}

/// SQL function ifg_sha256(text): the JSON string "sha256:" and the hex SHA-256
/// of `text`, as a batch record keeps its image (take_facts(true)).
void sql_digest(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string d =
      "\"sha256:" +
      sha256_hex(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0])))) +
      '"';
  sqlite3_result_text(ctx, d.data(), static_cast<int>(d.size()), SQLITE_TRANSIENT);
}

}  // namespace

bool StateLog::is_state(std::string_view table) {
  return !contains(kNotState, table);
}

/// The pre-update hook, with SQLite's own signature: every row written to the
/// main database goes to StateLog::capture().
struct Hook {
  static void on_change(void* self, sqlite3* db, int op, char const* schema, char const* table,
                        sqlite3_int64 old_rowid, sqlite3_int64 new_rowid) {
    if (std::string_view(schema) != "main") return;
    static_cast<StateLog*>(self)->capture(db, op, table, old_rowid, new_rowid);
  }
};

StateLog::StateLog(Connection& connection) : c_(connection) {
  if (c_.engine() != Engine::kSqlite) return;  // lib/pg/compat.sql has them
  sqlite3_create_function_v2(sqlite_db(c_).getHandle(), "ifg_commit", 2,
                             SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sql_commit, nullptr,
                             nullptr, nullptr);
  sqlite3_create_function_v2(sqlite_db(c_).getHandle(), "ifg_sha256", 1,
                             SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sql_digest, nullptr,
                             nullptr, nullptr);
}

StateLog::~StateLog() {
  if (hooked_) sqlite3_preupdate_hook(sqlite_db(c_).getHandle(), nullptr, nullptr);
}

void StateLog::start() {
  load();
  if (c_.engine() == Engine::kPostgresql) {
    // The session's own table of the rows the capture trigger noted (lib/pg/capture.sql).
    c_.exec(
        "CREATE TEMP TABLE IF NOT EXISTS ifg_captured(seq bigint GENERATED ALWAYS AS IDENTITY, "
        "tbl text NOT NULL, key text NOT NULL, PRIMARY KEY (tbl, key)) ON COMMIT DELETE ROWS");
    started_ = true;
    return;
  }
  if (!sqlite3_compileoption_used("ENABLE_PREUPDATE_HOOK"))
    throw Error(ErrorCode::kStorage,
                tr("this SQLite library lacks the pre-update hook that ifg's audit trail needs; "
                   "install Debian's libsqlite3-0"));
  sqlite3_preupdate_hook(sqlite_db(c_).getHandle(), &Hook::on_change, this);
  hooked_ = true;
}

void StateLog::load(bool again) {
  if (loaded_ && !again) return;
  loaded_ = true;
  takes_.clear();
  tables_.clear();
  if (c_.engine() == Engine::kPostgresql) return load_postgresql();
  Statement q(c_,
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
              "'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  std::vector<std::string> names;
  while (q.executeStep()) names.push_back(q.getColumn(0).getString());
  for (const auto& name : names)
    if (is_state(name)) tables_.emplace(name, load_table(name));
}

std::unique_ptr<StateLog::Table> StateLog::load_table(const std::string& name) {
  const bool without_rowid =
      sqlite_db(c_)
          .execAndGet(fmt::format(
              "SELECT wr FROM pragma_table_list WHERE name = '{}' AND schema = 'main'", name))
          .getInt() != 0;
  Statement q(c_,
              fmt::format("SELECT name, type, pk FROM pragma_table_info('{}') ORDER BY cid", name));
  std::vector<ColumnInfo> columns;
  while (q.executeStep())
    columns.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt()});
  return make_table(name, columns, without_rowid);
}

namespace {

bool has_column(const std::vector<StateLog::ColumnInfo>& columns, std::string_view name) {
  return std::any_of(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
}

/// The SQL of the salt of a row of a table with these columns, as `t`: its
/// own (cases, persons), or that of the case it belongs to.
std::string salt_sql(const std::vector<StateLog::ColumnInfo>& columns) {
  if (has_column(columns, "salt")) return "t.salt";
  return has_column(columns, "case_id") ? "(SELECT c.salt FROM cases c WHERE c.id = t.case_id)"
                                        : "NULL";
}

std::string joined(const std::vector<std::string>& items, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < items.size(); ++i)
    out += (i > from ? ", " : "") + items[i];
  return out;
}

/// SQL writing a JSON array of the values `items`, as SQLite's json_array() writes it.
std::string json_array_sql(Engine engine, const std::vector<std::string>& items) {
  if (engine == Engine::kSqlite)
    return fmt::format("json_array({})", joined(items, 0, items.size()));
  return fmt::format("ifg.json_compact(pg_catalog.json_build_array({}))",
                     joined(items, 0, items.size()));
}

/// SQL writing a JSON object of the names and values `items`, as SQLite's
/// json_object() writes it. PostgreSQL's json_build_object() takes at most
/// 100 arguments: a wider row is written in parts, joined as text.
std::string json_object_sql(Engine engine, const std::vector<std::string>& items) {
  if (engine == Engine::kSqlite)
    return fmt::format("json_object({})", joined(items, 0, items.size()));
  constexpr std::size_t kPart = 100;
  std::string out;
  for (std::size_t from = 0; from < items.size() || from == 0; from += kPart) {
    const std::string part = fmt::format("ifg.json_compact(pg_catalog.json_build_object({}))",
                                         joined(items, from, from + kPart));
    out = out.empty() ? part
                      : fmt::format("pg_catalog.left({}, -1) || ',' || pg_catalog.substr({}, 2)",
                                    out, part);
  }
  return out;
}

/// A column's value in an image: SQLite's json_object() writes a real as its printf does.
std::string value_sql(Engine engine, const StateLog::ColumnInfo& column) {
  if (engine == Engine::kPostgresql && column.type == "double precision")
    return "ifg.json_real(t." + column.name + ")";
  return "t." + column.name;
}

}  // namespace

std::unique_ptr<StateLog::Table> StateLog::make_table(const std::string& name,
                                                      const std::vector<ColumnInfo>& columns,
                                                      bool without_rowid) {
  auto t = std::make_unique<Table>();
  t->name = name;
  std::vector<ColumnInfo> keys;
  std::vector<std::string> image;  // names and values, in turn
  const std::string salt = salt_sql(columns);
  for (int cid = 0; cid < static_cast<int>(columns.size()); ++cid) {
    const ColumnInfo& col = columns[static_cast<std::size_t>(cid)];
    if (col.pk > 0) {
      keys.push_back(col);
      t->key_columns.resize(std::max<std::size_t>(t->key_columns.size(), col.pk));
      t->key_columns[static_cast<std::size_t>(col.pk - 1)] = cid;
      t->rowid_key = !without_rowid && col.type == "INTEGER";
    }
    if (col.name == "salt" && salt == "t.salt") {
      t->salt_column = cid;
      continue;
    }
    const bool committed = contains(kCommitted, name + "." + col.name);
    t->columns.emplace_back(cid, col.name, committed);
    if (committed && salt != "t.salt") t->self_contained = false;
    image.push_back(fmt::format("'{}'", col.name));
    image.push_back(committed ? fmt::format("ifg_commit({}, t.{})", salt, col.name)
                              : value_sql(c_.engine(), col));
  }
  t->image_sql = json_object_sql(c_.engine(), image);
  prepare(*t, std::move(keys));
  return t;
}

void StateLog::prepare(Table& t, std::vector<ColumnInfo> keys) {
  if (keys.size() != 1) t.rowid_key = false;
  if (keys.empty()) {  // a table of another tool with no declared key: its rowid is the key
    keys.push_back({"rowid", "INTEGER", 1});
    t.key_columns = {-1};
    t.rowid_key = true;
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.pk < b.pk; });
  std::vector<std::string> key_list, binds;
  std::string where;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_list.push_back("t." + keys[i].name);
    binds.push_back(fmt::format("?{}", i + 1));
    where += fmt::format("{}t.{} = ?{}", i ? " AND " : "", keys[i].name, i + 1);
    // PostgreSQL: the row of a key noted by the capture trigger (k.key, its JSON text)
    t.join_sql += fmt::format("{}t.{} = CAST(k.key::json ->> {} AS {})", i ? " AND " : "",
                              keys[i].name, i, keys[i].type);
    t.key_names.push_back(keys[i].name);
  }
  t.key_sql = json_array_sql(c_.engine(), key_list);
  if (c_.engine() != Engine::kSqlite) return;  // read in one query per entry (take_postgresql)
  t.by_key = std::make_unique<Statement>(c_, fmt::format("SELECT {}, {} FROM {} AS t WHERE {}",
                                                         t.key_sql, t.image_sql, t.name, where));
  t.key_of =
      std::make_unique<Statement>(c_, json_array_sql(Engine::kSqlite, binds).insert(0, "SELECT "));
}

namespace {

/// One value of a key, as the pre-update hook sees it.
std::variant<std::int64_t, std::string> key_value(sqlite3_value* v) {
  if (sqlite3_value_type(v) == SQLITE_INTEGER) return std::int64_t{sqlite3_value_int64(v)};
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
}

}  // namespace

void StateLog::capture(void* handle, int op, const char* table, std::int64_t old_rowid,
                       std::int64_t new_rowid) {
  const auto it = tables_.find(std::string_view(table));
  if (it == tables_.end()) return;
  auto* db = static_cast<sqlite3*>(handle);
  const Table& t = *it->second;
  auto note = [&](bool after) {
    std::vector<KeyValue> key;
    for (const int col : t.key_columns) {
      if (t.rowid_key) {
        key.emplace_back(after ? new_rowid : old_rowid);
        continue;
      }
      sqlite3_value* v = nullptr;
      (after ? sqlite3_preupdate_new : sqlite3_preupdate_old)(db, col, &v);
      key.push_back(key_value(v));
    }
    std::string id = t.name;
    for (const auto& k : key)
      id += '\x1f' + std::visit(
                         [](const auto& v) {
                           if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
                             return v;
                           else
                             return std::to_string(v);
                         },
                         k);
    const auto [at, added] = seen_.emplace(std::move(id), pending_.size());
    if (!added) {
      pending_[at->second].built.reset();  // changed again: read it when the entry is written
      return;
    }
    std::optional<std::pair<std::string, std::string>> built;
    if (op == SQLITE_INSERT && t.self_contained) built = build(db, t, new_rowid);
    pending_.push_back({&t, std::move(key), std::move(built)});
  };
  if (op != SQLITE_INSERT) note(false);
  if (op != SQLITE_DELETE) note(true);
}

namespace {

/// Appends a value to `out` as json_object() writes it, when that is plain to
/// write: an integer, null, or text without control characters (whose escapes
/// are left to SQLite); false otherwise.
bool append_plain_json(sqlite3_value* v, std::string& out) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      fmt::format_to(std::back_inserter(out), "{}", sqlite3_value_int64(v));
      return true;
    case SQLITE_NULL:
      out += "null";
      return true;
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
      const std::string_view text(p, static_cast<std::size_t>(sqlite3_value_bytes(v)));
      out += '"';
      for (const char c : text) {
        if (static_cast<unsigned char>(c) < 0x20) return false;
        if (c == '"' || c == '\\') out += '\\';  // as json_object() escapes them
        out += c;
      }
      out += '"';
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

std::optional<std::pair<std::string, std::string>> StateLog::build(void* handle, const Table& t,
                                                                   std::int64_t rowid) {
  // The same text as the image's SQL, read from the values being inserted, so
  // a batch does not read back every row it writes. Anything but plain
  // values is left to the SQL.
  auto* db = static_cast<sqlite3*>(handle);
  auto value = [db](int col) {
    sqlite3_value* v = nullptr;
    sqlite3_preupdate_new(db, col, &v);
    return v;
  };
  std::string key = "[", image = "{";
  for (const int col : t.key_columns) {
    if (key.size() > 1) key += ',';
    if (t.rowid_key)
      key += std::to_string(rowid);
    else if (!append_plain_json(value(col), key))
      return std::nullopt;
  }
  image.reserve(1024);
  for (const auto& [col, name, committed] : t.columns) {
    if (image.size() > 1) image += ',';
    image += '"';
    image += name;
    image += "\":";
    sqlite3_value* v = value(col);
    const int type = sqlite3_value_type(v);
    if (committed &&
        ((type == SQLITE_TEXT && sqlite3_value_bytes(v) > 0) || type == SQLITE_INTEGER)) {
      sqlite3_value* salt = value(t.salt_column);
      const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));  // 1990 as "1990"
      image += '"';
      image += commitment(std::string_view(static_cast<const char*>(sqlite3_value_blob(salt)),
                                           static_cast<std::size_t>(sqlite3_value_bytes(salt))),
                          std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(v))));
      image += '"';
    } else if (!append_plain_json(v, image)) {
      return std::nullopt;
    }
  }
  return std::pair{key + "]", image + "}"};
}

void StateLog::clear() {
  pending_.clear();
  seen_.clear();
}

std::optional<std::string> StateLog::pending_table() const {
  if (c_.engine() == Engine::kPostgresql) return pending_postgresql();
  if (pending_.empty()) return std::nullopt;
  return pending_.front().table->name;
}

namespace {

void bind_key(Statement& s, const std::vector<std::variant<std::int64_t, std::string>>& key) {
  s.reset();
  s.clearBindings();
  int i = 1;
  for (const auto& k : key) std::visit([&](const auto& v) { s.bind(i++, v); }, k);
}

}  // namespace

std::optional<std::string> StateLog::take_facts(bool digests) {
  if (c_.engine() == Engine::kPostgresql) return take_postgresql(digests);
  if (pending_.empty()) return std::nullopt;
  std::string out = "[";
  for (const auto& [t, key, built] : pending_) {
    if (out.size() > 1) out += ',';
    if (built) {
      out += fmt::format(R"(["{}",{},{}])", t->name, built->first,
                         digests ? "\"sha256:" + sha256_hex(built->second) + '"' : built->second);
      continue;
    }
    bind_key(*t->by_key, key);
    if (t->by_key->executeStep()) {
      const std::string image = t->by_key->getColumn(1).getString();
      out += fmt::format(R"(["{}",{},{}])", t->name, t->by_key->getColumn(0).getString(),
                         digests ? "\"sha256:" + sha256_hex(image) + '"' : image);
    } else {
      bind_key(*t->key_of, key);
      t->key_of->executeStep();
      out += fmt::format(R"(["{}",{},null])", t->name, t->key_of->getColumn(0).getString());
      t->key_of->reset();
    }
    t->by_key->reset();
  }
  clear();
  return out + "]";
}

std::vector<std::string> StateLog::all_facts(std::size_t per_entry) {
  std::vector<std::string> out;
  std::string facts;
  std::size_t rows = 0;
  for (const auto& [name, t] : tables_) {
    Statement q(c_, fmt::format("SELECT {}, {} FROM {} AS t", t->key_sql, t->image_sql, name));
    while (q.executeStep()) {
      facts += fmt::format(R"({}["{}",{},{}])", facts.empty() ? "[" : ",", name,
                           q.getColumn(0).getString(), q.getColumn(1).getString());
      if (++rows % per_entry == 0) {
        out.push_back(facts + "]");
        facts.clear();
      }
    }
  }
  if (!facts.empty()) out.push_back(facts + "]");
  return out;
}

std::optional<StateMismatch> StateLog::verify(long& rows_checked) {
  load();
  if (auto m = capture_problem()) return m;
  replay();
  rows_checked = 0;
  for (const auto& [name, t] : tables_)
    if (auto m = compare(*t, rows_checked)) return m;
  if (auto m = check_counters()) return m;
  return unknown_table();
}

void StateLog::replay() {
  c_.exec(
      "CREATE TEMP TABLE IF NOT EXISTS replay(tbl TEXT, key TEXT, image TEXT, entry INTEGER, "
      "PRIMARY KEY (tbl, key)) WITHOUT ROWID; DELETE FROM temp.replay;");
  // The trail's images in the order they were written: the last one per row
  // wins. PostgreSQL's upsert takes a row once per statement: the last one is
  // chosen first (DISTINCT ON), and its own json functions read the facts.
  c_.exec(
      c_.engine() == Engine::kSqlite
          ? "INSERT OR REPLACE INTO temp.replay "
            "SELECT f.value ->> 0, f.value -> 1, CASE WHEN f.value ->> 2 IS NULL THEN NULL "
            "ELSE f.value -> 2 END, s.entry FROM (SELECT id AS entry, 0 AS seq, facts FROM "
            "events WHERE facts IS NOT NULL UNION ALL SELECT chunk, seq, facts FROM "
            "batch_events WHERE facts IS NOT NULL) AS s, json_each(s.facts) AS f "
            "ORDER BY s.entry, s.seq, f.key"
          : "INSERT INTO pg_temp.replay SELECT DISTINCT ON (x.tbl, x.key) x.tbl, x.key, "
            "x.image, x.entry FROM (SELECT f.value ->> 0 AS tbl, (f.value -> 1)::text AS key, "
            "CASE WHEN pg_catalog.json_typeof(f.value -> 2) = 'null' THEN NULL "
            "ELSE (f.value -> 2)::text END AS image, s.entry, s.seq, f.n "
            "FROM (SELECT id AS entry, 0 AS seq, facts FROM events WHERE facts IS NOT NULL "
            "UNION ALL SELECT chunk, seq, facts FROM batch_events WHERE facts IS NOT NULL) "
            "AS s, pg_catalog.json_array_elements(s.facts::json) WITH ORDINALITY AS f(value, n)) "
            "AS x ORDER BY x.tbl, x.key, x.entry DESC, x.seq DESC, x.n DESC");
}

std::optional<StateMismatch> StateLog::unknown_table() {
  auto& unknown = c_.stmt(
      "SELECT tbl, key, entry FROM temp.replay WHERE tbl NOT IN "
      "(SELECT name FROM sqlite_master WHERE type = 'table') LIMIT 1",
      "SELECT tbl, key, entry FROM pg_temp.replay WHERE tbl NOT IN (SELECT c.relname "
      "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = pg_catalog.current_schema() AND c.relkind IN ('r', 'p')) LIMIT 1");
  ResetGuard g{unknown};
  if (!unknown.executeStep()) return std::nullopt;
  return StateMismatch{unknown.getColumn(0).getString(), unknown.getColumn(1).getString(),
                       std::nullopt, unknown.getColumn(2).getInt64(),
                       "the trail wrote this row, but its table is gone: it was dropped"};
}

namespace {

/// The first column two images of one row disagree on.
std::optional<std::string> first_difference(Connection& db, const std::string& a,
                                            const std::string& b) {
  Statement q(db,
              "SELECT coalesce(x.key, y.key) FROM json_each(CAST(?1 AS TEXT)) AS x FULL OUTER "
              "JOIN json_each(CAST(?2 AS TEXT)) AS y ON x.key = y.key WHERE x.atom IS DISTINCT "
              "FROM y.atom OR x.type IS DISTINCT FROM y.type LIMIT 1");
  q.bind(1, a);
  q.bind(2, b);
  if (q.executeStep()) return q.getColumn(0).getString();
  return std::nullopt;
}

}  // namespace

namespace {
StateMismatch mismatch_of(Connection& db, const std::string& table, Statement& q);
}  // namespace

std::optional<StateMismatch> StateLog::compare(const Table& t, long& rows) {
  // The table's rows as images, keyed like the replay, so both sides of the
  // comparison are index lookups (a join on the computed key is not).
  c_.exec(
      "CREATE TEMP TABLE IF NOT EXISTS current_rows(key TEXT PRIMARY KEY, image TEXT) "
      "WITHOUT ROWID; DELETE FROM temp.current_rows;");
  c_.exec(fmt::format("INSERT INTO temp.current_rows SELECT {}, {} FROM {} AS t", t.key_sql,
                      t.image_sql, t.name)
              .c_str());
  auto& count = c_.stmt("SELECT count(*) FROM temp.current_rows");
  ResetGuard g{count};
  count.executeStep();
  rows += count.getColumn(0).getInt64();
  Statement q(
      c_,
      "SELECT c.key, c.image, r.image, r.entry FROM temp.current_rows c LEFT JOIN temp.replay r "
      "ON r.tbl = ?1 AND r.key = c.key WHERE (CASE WHEN r.image LIKE '\"sha256:%' "
      "THEN ifg_sha256(c.image) ELSE c.image END) IS DISTINCT FROM r.image UNION ALL "
      "SELECT r.key, NULL, r.image, r.entry FROM temp.replay r WHERE r.tbl = ?1 "
      "AND r.image IS NOT NULL AND NOT EXISTS (SELECT 1 FROM temp.current_rows c "
      "WHERE c.key = r.key) LIMIT 1");
  q.bind(1, t.name);
  if (!q.executeStep()) return std::nullopt;
  return mismatch_of(c_, t.name, q);
}

namespace {

/// What a row of compare()'s query says: key, table image, trail image, entry.
StateMismatch mismatch_of(Connection& db, const std::string& table, Statement& q) {
  StateMismatch m{table, q.getColumn(0).getString(), std::nullopt, std::nullopt, ""};
  if (!q.getColumn(3).isNull()) m.entry = q.getColumn(3).getInt64();
  if (q.getColumn(1).isNull()) {
    m.problem =
        trf("entry {} wrote this row; it is no longer in the table: it was "
            "removed outside ifg",
            *m.entry);
  } else if (q.getColumn(2).isNull()) {
    m.problem = m.entry ? trf("entry {} removed this row; it is in the table again: it "
                              "was inserted outside ifg",
                              *m.entry)
                        : tr("the trail never wrote this row: it was inserted outside ifg");
  } else if (q.getColumn(2).getString().rfind("\"sha256:", 0) == 0) {
    m.problem =
        trf("the row differs from the digest batch entry {} keeps of it (so the column is not "
            "named): it was changed outside ifg",
            *m.entry);
  } else {
    m.column = first_difference(db, q.getColumn(1).getString(), q.getColumn(2).getString());
    m.problem =
        trf("the row differs from what entry {} wrote: it was changed outside ifg", *m.entry);
  }
  return m;
}

}  // namespace

std::optional<StateMismatch> StateLog::check_counters() {
  // A case id is REGION-YYYY-NNNN; the counter of its region and year must
  // have reached its number, or the next case would be given an id in use.
  Statement q(c_,
              "SELECT " + json_array_sql(c_.engine(), {"x.region", "x.year"}) +
                  ", x.top FROM (SELECT region, "
                  "CAST(substr(id, length(region) + 2, 4) AS INTEGER) AS year, "
                  "max(CAST(substr(id, length(region) + 7) AS INTEGER)) AS top FROM cases "
                  "GROUP BY region, year) AS x LEFT JOIN case_counters k ON k.region = x.region "
                  "AND k.year = x.year WHERE k.last_seq IS NULL OR k.last_seq < x.top LIMIT 1");
  if (!q.executeStep()) return std::nullopt;
  return StateMismatch{"case_counters", q.getColumn(0).getString(), "last_seq", std::nullopt,
                       trf("the counter is behind case number {} of its region and year: "
                           "it was changed outside ifg",
                           q.getColumn(1).getInt64())};
}

}  // namespace ifg::detail
