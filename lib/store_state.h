// SPDX-License-Identifier: EUPL-1.2
// Private: the state the audit trail explains (schema 7). Every row a change
// writes to a state table is captured as it is written, and its image goes
// into the audit entry that records the change, under the entry's hash.
// `audit verify --state` replays the images and compares them with the tables.
//
// Design notes
// ------------
// * Capture: SQLite's pre-update hook names every row inserted, updated or
//   deleted in the main database, so no write of the store can forget to
//   record itself. The hook only notes the table and the row's key; the image
//   is read when the entry is appended (take_facts()), so it is the row as the
//   change left it. A transaction that commits with rows captured and no entry
//   to carry them is an internal error (Store::WriteTx::commit).
// * An image is the row as JSON (SQLite's json_object, every column but the
//   case's salt), with free text (kCommitted) replaced by a commitment:
//   "sha256:" + SHA-256(salt || text), the salt being the case's 16 random
//   bytes. So the trail holds no names or notes, and purge, which clears the
//   text and draws a new salt, leaves nothing in the trail to guess the old
//   text from, while the chain still verifies.
// * State tables are all tables of the main database except the trail itself
//   (events, batch_events) and case_counters, which verify checks by what it
//   must be (at least the highest number of each region and year). A table a
//   later schema adds is covered without a line of code here.
// * A batch record keeps the SHA-256 of its case's image, not the image: a
//   second copy of every row halved the throughput of a batch (the image is
//   as large as the row). verify --state compares the digest of the row, so
//   an edit of a case untouched since its batch is found and named by table
//   and row, but not by column; any later change writes the full image.
// * On PostgreSQL (lib/pg/capture.sql), a trigger ifg_capture on every state
//   table, AFTER each row is inserted, updated or deleted, notes what the
//   hook notes (the table and the old and new key, as SQLite's json_array()
//   writes it) in pg_temp.ifg_captured, a table of the session that start()
//   creates, ON COMMIT DELETE ROWS; take_facts() reads the images with SQL and
//   empties it, pending_table() asks it. `ifg init` creates the triggers, so
//   a role that only writes rows needs no DDL right, only TEMP. A session
//   without that table (psql) writes without noting: verify names what it
//   changed. Rejected: noting in a permanent table (sessions would see and
//   lock each other's rows, and every role would need its DDL at start) and
//   in a setting (set_config), which grows quadratically in a batch.
//   verify --state names a state table whose trigger is missing or disabled.
// * An image on PostgreSQL is the same text: json_build_object() compacted by
//   ifg.json_compact() (lib/pg/compat.sql) writes a string and an integer as
//   json_object() does. A table without a primary key (another tool's) is no
//   state there: its rows have no stable key (SQLite's rowid) to name them by.
//   The rows one statement changes are listed in the order the engine visits
//   them, which may differ between the two (an index, the heap); the replay
//   keys them by table and key, so the order does not matter to it.
// * The replay keeps, per table and key, the last image the trail holds
//   (a TEMP table, so a large trail spills to disk rather than memory), then
//   compares it with the tables in one FULL OUTER JOIN per table.
//   Rejected: replaying each action's meaning (a second implementation of the
//   workflow, that would drift), and a digest per row (cannot name the column).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

#include "ifg/audit.h"
#include "store_db.h"

namespace ifg::detail {

/// The rows written in the open transaction, and the replay that checks them.
class StateLog {
 public:
  /// A column of a table: its name, its declared type, its place in the primary key (0: none).
  struct ColumnInfo {
    std::string name, type;
    int pk = 0;
  };

  explicit StateLog(Connection& connection);
  ~StateLog();
  StateLog(const StateLog&) = delete;
  StateLog& operator=(const StateLog&) = delete;

  /// Reads the state tables' columns (once; again with `again`, after a
  /// migration changed them).
  void load(bool again = false);
  /// load(), then captures every row written; call once the schema is current.
  void start();
  /// PostgreSQL: the capture's trigger function, and its trigger on every
  /// state table (DDL: `ifg init` runs it, in the schema's transaction).
  void create_capture();
  /// Forgets what was captured: a transaction begins or rolled back.
  void clear();
  /// The first table with rows captured and not yet taken, if any.
  std::optional<std::string> pending_table() const;
  /// The images of the rows captured since the last call, as a JSON array of
  /// [table, key, image] (image null for a row deleted); nothing when none.
  /// With `digests`, each image is given as "sha256:" and the SHA-256 of its text.
  std::optional<std::string> take_facts(bool digests = false);
  /// The images of every row of every state table, `per_entry` rows per array.
  std::vector<std::string> all_facts(std::size_t per_entry);
  /// Replays the facts of the trail and compares them with the tables.
  std::optional<StateMismatch> verify(long& rows_checked);

 private:
  using KeyValue = std::variant<std::int64_t, std::string>;
  struct Table;
  friend struct Hook;
  /// Whether `table` holds state (not the trail, the counters or the schema's version).
  static bool is_state(std::string_view table);
  void capture(void* db, int op, const char* table, std::int64_t old_rowid, std::int64_t new_rowid);
  std::unique_ptr<Table> load_table(const std::string& name);
  void load_postgresql();
  std::unique_ptr<Table> make_table(const std::string& name, const std::vector<ColumnInfo>& columns,
                                    bool without_rowid);
  /// The key's SQL and the statements that read one row's key and image.
  void prepare(Table& t, std::vector<ColumnInfo> keys);
  std::optional<std::string> pending_postgresql() const;
  std::optional<std::string> take_postgresql(bool digests);
  /// The statement that takes the rows noted of these tables, with their images.
  Statement& take_statement(std::vector<const Table*> touched);
  /// A state table whose capture trigger is missing or disabled (PostgreSQL).
  std::optional<StateMismatch> capture_problem();
  /// Fills temp.replay with the last image the trail holds of each row.
  void replay();
  std::optional<StateMismatch> compare(const Table& t, long& rows);
  std::optional<StateMismatch> check_counters();
  std::optional<StateMismatch> unknown_table();

  Connection& c_;
  bool loaded_ = false, hooked_ = false;
  bool started_ = false;  ///< PostgreSQL: the session's capture table exists
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
  /// PostgreSQL: take_facts()'s statement per set of tables noted.
  std::map<std::string, std::unique_ptr<Statement>> takes_;
  /// A row captured: its table, its key, and when the hook could build it
  /// from an inserted row's values alone, its key and image as JSON.
  struct Pending {
    const Table* table;
    std::vector<KeyValue> key;
    std::optional<std::pair<std::string, std::string>> built;
  };
  std::optional<std::pair<std::string, std::string>> build(void* db, const Table& t,
                                                           std::int64_t rowid);
  std::vector<Pending> pending_;
  std::unordered_map<std::string, std::size_t> seen_;  ///< table and key -> its pending row
};

/// A state table: its key and the SQL of its rows' images.
struct StateLog::Table {
  std::string name;
  std::vector<int> key_columns;        ///< column numbers of the primary key, in key order
  bool rowid_key = false;              ///< the key is the rowid (INTEGER PRIMARY KEY)
  std::vector<std::string> key_names;  ///< the primary key's columns, in key order
  std::string key_sql;                 ///< json_array() of the key columns of `t`
  std::string image_sql;               ///< json_object() of the row `t`
  std::string join_sql;                ///< PostgreSQL: `t` is the row of the captured key `k.key`
  std::unique_ptr<Statement> by_key;   ///< key and image of one row
  std::unique_ptr<Statement> key_of;   ///< json_array() of bound key values
  /// The image's columns, in order: column number and name, and whether committed.
  std::vector<std::tuple<int, std::string, bool>> columns;
  int salt_column = -1;  ///< its own salt (cases.salt, persons.salt)
  /// An inserted row's image can be built from its own values (no other table's salt).
  bool self_contained = true;
};

}  // namespace ifg::detail
