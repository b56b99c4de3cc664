// SPDX-License-Identifier: EUPL-1.2
// audit verify --state (lib/store_state.h): every change carries the facts it
// wrote, so the tables can be checked against the trail. A whole workflow,
// a batch and a purge verify; each kind of edit behind ifg's back (a changed
// status, a professional's roles, a row inserted or removed, a trigger
// dropped, a counter set back) is named by table, row and column. Also: the
// justification is kept as a commitment that purge can leave behind, and time
// only moves forward in the trail.
#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/service.h"
#include "state_fixtures.h"

using namespace ifg;
namespace fs = std::filesystem;

namespace {

Timestamp clock_value = *parse_timestamp("2026-11-28T10:00:00Z");

/// A database file in a fresh folder, removed with it.
struct DbFile {
  fs::path dir, db;
  DbFile() {
    dir = fs::temp_directory_path() /
          ("ifg-state-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    db = dir / "ifg.db";
  }
  ~DbFile() { fs::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  Service open(bool create = false) const {
    ServiceOptions o;
    o.db_path = db.string();
    o.create = create;
    o.clock = [] { return clock_value; };
    return Service(o);
  }
};

/// A database with a configuration, a walked case, a closed one and a batch of two.
void populate(const DbFile& f) {
  Service s = f.open(true);
  test::populate_state(s, f.dir / "batch.jsonl");
}

/// Runs `sql` on the file behind ifg's back, with the trail's triggers dropped when asked.
void tamper(const DbFile& f, const std::string& sql, bool drop_triggers = true) {
  SQLite::Database raw(f.db.string(), SQLite::OPEN_READWRITE);
  if (drop_triggers)
    raw.exec(
        "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; "
        "DROP TRIGGER IF EXISTS batch_events_no_update; "
        "DROP TRIGGER IF EXISTS batch_events_no_delete;");
  raw.exec(sql);
}

/// Purges what was closed before 29 November, two days later.
std::vector<std::string> purge_closed(const DbFile& f) {
  const Timestamp saved = clock_value;
  clock_value += 2 * 86400;
  Service s = f.open();
  auto ids = s.purge("coord.ant", Date{2026, 11, 29}, false);
  clock_value = saved;
  return ids;
}

AuditVerification verify_state(const DbFile& f) {
  Service s = f.open();
  return s.audit_verify(true);
}

}  // namespace

TEST_CASE("a whole workflow, a batch and a purge leave a state the trail explains", "[state]") {
  DbFile f;
  populate(f);
  AuditVerification v = verify_state(f);
  CHECK(v.intact);
  CHECK(v.state_checked);
  CHECK_FALSE(v.state);
  CHECK(v.rows_checked > 20);
  REQUIRE(purge_closed(f).size() == 1);
  v = verify_state(f);
  CHECK(v.intact);
  CHECK_FALSE(v.state);
  // Without --state, the tables are not looked at.
  Service s = f.open();
  CHECK_FALSE(s.audit_verify().state_checked);
}

TEST_CASE("an edit of any table behind ifg's back is named by table, row and column", "[state]") {
  const auto edits = test::state_edits();
  for (const auto& e : edits) {
    DYNAMIC_SECTION(e.sql) {
      DbFile f;
      populate(f);
      tamper(f, e.sql, false);
      const AuditVerification v = verify_state(f);
      test::check_named(v, e);
    }
  }
}

TEST_CASE("a table another tool added without a key does not stop ifg; its rows are named",
          "[state]") {
  DbFile f;
  populate(f);
  // What bench/run's floor does: a scratch table with no declared primary key.
  tamper(f, "CREATE TABLE scratch (at TEXT, what TEXT); INSERT INTO scratch VALUES ('x', 'y')",
         false);
  Service s = f.open();
  const std::string id = s.register_referral("coord.ant", test::state_referral("REF-3"));
  CHECK(s.screen("coord.ant", id).outcome == Outcome::kEligible);
  const AuditVerification v = s.audit_verify(true);
  CHECK(v.intact);
  REQUIRE(v.state);  // the trail wrote no row of it
  CHECK(v.state->table == "scratch");
  CHECK(v.state->key == "[1]");
}

TEST_CASE("the trail's triggers and the case counters are part of the state", "[state]") {
  DbFile f;
  populate(f);
  SECTION("a dropped trigger") {
    tamper(f, "SELECT 1");
    const AuditVerification v = verify_state(f);
    REQUIRE(v.state);
    CHECK(v.state->table == "sqlite_master");
    CHECK(v.state->key == R"(["events_no_update"])");
  }
  SECTION("a counter set back would hand out an id in use") {
    tamper(f, "UPDATE case_counters SET last_seq = 1 WHERE region = 'ANT'", false);
    const AuditVerification v = verify_state(f);
    REQUIRE(v.state);
    CHECK(v.state->table == "case_counters");
    CHECK(v.state->key == R"(["ANT",2026])");
  }
}

TEST_CASE("purge clears the justifications of a case's entries and the chain still verifies",
          "[state]") {
  DbFile f;
  std::string id;
  {
    Service s = f.open(true);
    s.init(test::state_config(), std::nullopt);
    id = test::walked_case(s, "REF-1");
    s.set_justification("Synthetic justification naming nobody");
    s.log("coord.ant", id);
    s.set_justification(std::nullopt);
    s.close("coord.ant", id, ClosureReason::kOther, "Synthetic closing note");
  }
  auto justified = [&] {
    SQLite::Database raw(f.db.string(), SQLite::OPEN_READONLY);
    return raw
        .execAndGet(
            "SELECT count(*) FROM events WHERE justification IS NOT NULL OR "
            "jsalt IS NOT NULL")
        .getInt();
  };
  CHECK(justified() == 1);
  REQUIRE(purge_closed(f) == std::vector<std::string>{id});
  CHECK(justified() == 0);
  const AuditVerification v = verify_state(f);
  CHECK(v.intact);
  CHECK_FALSE(v.state);
  SECTION("and a justification edited behind ifg's back is found") {
    DbFile g;
    {
      Service s = g.open(true);
      s.init(test::state_config(), std::nullopt);
      const std::string other = test::walked_case(s, "REF-1");
      s.set_justification("Synthetic justification");
      s.log("coord.ant", other);
    }
    tamper(g, "UPDATE events SET justification = 'Another' WHERE justification IS NOT NULL");
    const AuditVerification w = verify_state(g);
    CHECK_FALSE(w.intact);
    CHECK(w.problem.find("justification") != std::string::npos);
  }
}

TEST_CASE("a justification is capped like every other text", "[state]") {
  DbFile f;
  Service s = f.open(true);
  CHECK(test::code_of([&] { s.set_justification(std::string(10001, 'x')); }) ==
        ErrorCode::kInvalidInput);
  s.set_justification(std::string(10000, 'x'));
}

TEST_CASE("time only moves forward in the trail; the clock's reading is kept", "[state]") {
  DbFile f;
  {
    Service s = f.open(true);
    s.init(test::state_config(), std::nullopt);
  }
  const Timestamp saved = clock_value;
  clock_value -= 3600;  // the clock was set back an hour
  std::string id;
  {
    Service s = f.open();
    id = s.register_referral("coord.ant", test::state_referral("REF-1"));
  }
  clock_value = saved;
  SQLite::Database raw(f.db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(raw, "SELECT at, clock FROM events WHERE case_id = ?");
  q.bind(1, id);
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "2026-11-28T10:00:00Z");
  CHECK(q.getColumn(1).getString() == "2026-11-28T09:00:00Z");
  Service s = f.open();
  CHECK(s.audit_verify(true).intact);
}
