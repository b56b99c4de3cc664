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
#include <unordered_map>
#include <variant>
#include <vector>

#include "ifg/audit.h"

namespace ifg::detail {

class Connection;

/// The rows written in the open transaction, and the replay that checks them.
class StateLog {
 public:
  explicit StateLog(Connection& connection);
  ~StateLog();
  StateLog(const StateLog&) = delete;
  StateLog& operator=(const StateLog&) = delete;

  /// Reads the state tables' columns (once; again with `again`, after a
  /// migration changed them).
  void load(bool again = false);
  /// load(), then captures every row written; call once the schema is current.
  void start();
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
  void capture(void* db, int op, const char* table, std::int64_t old_rowid, std::int64_t new_rowid);
  std::unique_ptr<Table> load_table(const std::string& name);
  /// The key's SQL and the statements that read one row's key and image.
  void prepare(Table& t, std::vector<std::pair<int, std::string>> keys);
  std::optional<StateMismatch> compare(const Table& t, long& rows);
  std::optional<StateMismatch> check_counters();

  Connection& c_;
  bool loaded_ = false, hooked_ = false;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
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

}  // namespace ifg::detail
