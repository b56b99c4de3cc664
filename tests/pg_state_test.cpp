// SPDX-License-Identifier: EUPL-1.2
// audit verify --state on PostgreSQL (lib/store_state.h, lib/pg/capture.sql),
// on the throw-away cluster ([postgresql], IFG_TEST_PG): the scenarios of
// state_test.cpp verify, and each edit behind ifg's back (another session, as
// psql would be) is named by table, row and column as on SQLite; a disabled
// capture or trail trigger is named; professionals act through logins of
// their own that may only read and write rows (no DDL), and their changes are
// captured; a change captured and never given its entry stops the commit.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "catch.hpp"
#include "ifg/error.h"
#include "ifg/service.h"
#include "pg_cluster.h"
#include "state_fixtures.h"
#include "store.h"
#include "store_audit.h"
#include "store_pg.h"

using namespace ifg;
using namespace ifg::detail;
namespace fs = std::filesystem;

namespace {

/// The professionals of the configuration, as quoted role names.
std::string roles() {
  std::string out;
  for (const auto& p : test::state_config().professionals)
    out += (out.empty() ? "\"" : ", \"") + p.id + '"';
  return out;
}

/// Each professional's own Service, logged in as their role, opened when
/// first needed. The roles may read and write the rows of ifg's tables and
/// nothing else (no DDL): what a deployment grants them.
class Team {
 public:
  explicit Team(const PgDb& db) : db_(db) {}
  Service& operator()(const std::string& who) {
    auto it = services_.find(who);
    if (it != services_.end()) return it->second;
    if (services_.empty())
      db_.tamper("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " +
                 roles() + "; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + roles() +
                 "; GRANT USAGE ON SCHEMA ifg TO " + roles());
    return services_.emplace(who, db_.open(false, who)).first->second;
  }
  test::ActingAs acting() {
    return [this](const std::string& who) -> Service& { return (*this)(who); };
  }

 private:
  const PgDb& db_;
  std::map<std::string, Service> services_;
};

/// A database with a configuration, a walked case, a closed one and a batch
/// of two, loaded by the superuser and changed by the professionals' logins.
void populate(const PgDb& db) {
  make_login_roles(test::state_config());
  Service admin = db.open(true);
  Team team(db);
  const fs::path file =
      fs::temp_directory_path() / ("ifg-pg-state-" + std::to_string(::getpid()) + ".jsonl");
  test::populate_state(admin, team.acting(), file);
  fs::remove(file);
}

AuditVerification verify_state(const PgDb& db) {
  Service s = db.open();
  return s.audit_verify(true);
}

/// The populated database, made once; each test works on a copy of it.
const PgDb& populated() {
  static const PgDb db;
  static const bool done = (populate(db), true);
  (void)done;
  return db;
}

}  // namespace

TEST_CASE("a whole workflow and a batch leave a state the trail explains", "[postgresql]") {
  PgDb db(populated().name);
  const AuditVerification v = verify_state(db);
  CHECK(v.intact);
  CHECK(v.state_checked);
  CHECK_FALSE(v.state);
  CHECK(v.rows_checked > 20);
}

TEST_CASE("an edit behind ifg's back is named by table, row and column, as on SQLite",
          "[postgresql]") {
  auto edits = test::state_edits();
  // and, as state_test.cpp checks it apart, a counter set back
  edits.push_back({"UPDATE case_counters SET last_seq = 1 WHERE region = 'ANT'", "case_counters",
                   R"(["ANT",2026])", "last_seq"});
  for (const auto& e : edits) {
    DYNAMIC_SECTION(e.sql) {
      PgDb db(populated().name);
      db.tamper(e.sql);
      const AuditVerification v = verify_state(db);
      test::check_named(v, e);
    }
  }
}

TEST_CASE("a disabled trigger, of the capture or of the trail, is named", "[postgresql]") {
  PgDb db(populated().name);
  SECTION("the capture of a table") {
    db.tamper("ALTER TABLE decisions DISABLE TRIGGER ifg_capture");
    const AuditVerification v = verify_state(db);
    REQUIRE(v.state);
    CHECK(v.state->table == "pg_trigger");
    CHECK(v.state->key == R"(["decisions","ifg_capture"])");
  }
  SECTION("the trail's") {
    db.tamper("ALTER TABLE events DISABLE TRIGGER events_no_update");
    const AuditVerification v = verify_state(db);
    REQUIRE(v.state);
    CHECK(v.state->table == "pg_trigger");
    CHECK(v.state->key == R"(["events_no_update"])");
  }
  SECTION("dropped") {
    db.tamper("DROP TRIGGER batch_events_no_truncate ON batch_events");
    const AuditVerification v = verify_state(db);
    REQUIRE(v.state);
    CHECK(v.state->key == R"(["batch_events_no_truncate"])");
  }
}

TEST_CASE("a professional's login has no DDL right, and its changes are captured", "[postgresql]") {
  PgDb db(populated().name);
  {
    PgConnection coord(target(db.name, "coord.ant"));
    CHECK_THROWS_AS(coord.exec("CREATE TABLE public.scratch(a int)"), PgFailure);
  }
  Team team(db);
  CHECK(test::walked_case(team.acting(), "REF-9") == "ANT-2026-0005");
  CHECK_FALSE(verify_state(db).state);
  db.tamper("UPDATE actions SET status = 'open' WHERE case_id = 'ANT-2026-0005'");
  const AuditVerification v = verify_state(db);
  REQUIRE(v.state);
  CHECK(v.state->key == R"(["ANT-2026-0005",1])");
  CHECK(v.state->column == "status");
}

TEST_CASE("a change captured without its audit entry is not committed", "[postgresql]") {
  PgDb db(populated().name);
  Store store(target(db.name), false, 1000);
  {
    Store::WriteTx tx(store);
    store.set_setting("audit.require_justification", "true");
    CHECK(store.audit().state().pending_table() == "settings");
    CHECK_THROWS_AS(tx.commit(), Error);
  }
  Store::WriteTx tx(store);  // the rollback took the captured rows with it
  CHECK_FALSE(store.audit().state().pending_table());
}
