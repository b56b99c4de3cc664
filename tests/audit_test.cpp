// SPDX-License-Identifier: EUPL-1.2
// The hash-chained audit trail: every change and read is an entry, triggers
// refuse UPDATE and DELETE, and audit_verify() finds the first entry that was
// altered, removed, reordered or inserted (tampering done here as an attacker
// would, through SQL on the file with the triggers dropped).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <unistd.h>

#include <filesystem>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/service.h"

using namespace ifg;
namespace fs = std::filesystem;

namespace {

const Timestamp kNow = *parse_timestamp("2026-11-28T10:00:00Z");

Config config(bool require_justification = false) {
  Config c = test::two_regions();
  c.require_justification = require_justification;
  test::professional(c, "coord.ant").roles = {Role::kCoordinator, Role::kDirector};
  c.professionals.push_back({"member.ant", "Member A", "caw-ant", {Role::kMember}, true});
  return c;
}

Referral referral(const std::string& ref) {
  Referral r = test::eligible_referral(ref);
  r.persons = {{PersonRole::kVictim, "Person A.", 1991}};
  return r;
}

/// A database file with a few cases and a decision: eight or so entries.
struct Fixture {
  fs::path dir;
  std::string db;
  std::string id;

  explicit Fixture(bool require_justification = false) {
    static int n = 0;
    dir = fs::temp_directory_path() /
          ("ifg-audit-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(dir);
    db = (dir / "audit.db").string();
    Service s = open(true);
    s.init(config(require_justification), std::nullopt);
    id = s.register_referral("coord.ant", referral("A1"));
    s.screen("coord.ant", id);
    s.register_referral("coord.ant", referral("A2"));
    s.decide("coord.ant", id, true, "Very unsafe", false);
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Service open(bool create = false) const {
    ServiceOptions o;
    o.db_path = db;
    o.create = create;
    o.clock = [] { return kNow; };
    return Service(o);
  }
  /// Runs SQL on the file as someone with the file in hand would, triggers dropped.
  void tamper(const std::string& sql) const {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;");
    raw.exec(sql);
  }
};

}  // namespace

TEST_CASE("an untouched trail verifies, and its head changes with every entry", "[audit]") {
  Fixture f;
  Service s = f.open();
  const AuditVerification v = s.audit_verify();
  CHECK(v.intact);
  CHECK_FALSE(v.first_broken);
  const AuditHead h = s.audit_head();
  CHECK(h.entries == 5);  // config loaded, registered, screened, registered, decided
  CHECK(v.head.entries == h.entries);
  CHECK(v.head.head == h.head);
  CHECK(h.head.size() == 64);
  s.log("coord.ant", f.id);  // a read is an entry too
  const AuditHead after = s.audit_head();
  CHECK(after.entries == h.entries + 1);
  CHECK(after.head != h.head);
  CHECK(s.audit_verify().intact);
}

TEST_CASE("triggers refuse UPDATE and DELETE on audit entries", "[audit]") {
  Fixture f;
  SQLite::Database raw(f.db, SQLite::OPEN_READWRITE);
  CHECK_THROWS_AS(raw.exec("UPDATE events SET actor = 'member.ant' WHERE id = 2"),
                  SQLite::Exception);
  CHECK_THROWS_AS(raw.exec("DELETE FROM events WHERE id = 2"), SQLite::Exception);
  CHECK(f.open().audit_verify().intact);
}

TEST_CASE("audit_verify names the first altered entry", "[audit]") {
  Fixture f;
  SECTION("details") {
    f.tamper("UPDATE events SET details = '{}' WHERE id = 3");
  }
  SECTION("actor") {
    f.tamper("UPDATE events SET actor = 'member.ant' WHERE id = 3");
  }
  SECTION("time") {
    f.tamper("UPDATE events SET at = '2026-01-01T00:00:00Z' WHERE id = 3");
  }
  SECTION("justification") {
    f.tamper("UPDATE events SET justification = 'x' WHERE id = 3");
  }
  const AuditVerification v = f.open().audit_verify();
  CHECK_FALSE(v.intact);
  CHECK(v.first_broken == 3);
  CHECK_THAT(v.problem, Catch::Contains("altered"));
  CHECK(v.head.entries == 2);  // the entries before it still verify
}

TEST_CASE("audit_verify detects removed, reordered and inserted entries", "[audit]") {
  Fixture f;
  long expected = 0;
  SECTION("an entry removed from the middle") {
    f.tamper("DELETE FROM events WHERE id = 3");
    expected = 4;
  }
  SECTION("two entries swapped") {
    f.tamper(
        "UPDATE events SET id = -1 WHERE id = 3; UPDATE events SET id = 3 WHERE id = 4; "
        "UPDATE events SET id = 4 WHERE id = -1;");
    expected = 3;
  }
  SECTION("an entry inserted between two others") {
    f.tamper(
        "UPDATE events SET id = id + 100 WHERE id >= 3; "
        "INSERT INTO events(id, case_id, at, actor, action, details, kind, prev_hash, hash) "
        "SELECT 3, case_id, at, actor, 'screened', details, kind, hash, hash FROM events WHERE "
        "id = 2; UPDATE events SET id = id - 99 WHERE id >= 103;");
    expected = 3;
  }
  SECTION("an entry rewritten with a fresh hash but the old chain after it") {
    // Recomputing this entry's hash is possible without a key; the next one no
    // longer follows it, which is what the head kept outside is for at the end.
    f.tamper("UPDATE events SET details = '{}', hash = 'forged' WHERE id = 3");
    expected = 3;
  }
  const AuditVerification v = f.open().audit_verify();
  CHECK_FALSE(v.intact);
  CHECK(v.first_broken == expected);
}

TEST_CASE("reads of case data are entries with the justification", "[audit]") {
  Fixture f;
  Service s = f.open();
  s.set_justification("prepare the case meeting");
  s.actions("coord.ant", f.id);
  s.screen("coord.ant", f.id);  // accepted: a read of the stored result
  const auto entries = s.audit_show("coord.ant", AuditFilter{f.id, std::nullopt, std::nullopt});
  REQUIRE(entries.size() >= 2);
  const auto& last = entries.back();
  CHECK(last.kind == "read");
  CHECK(last.action == "screen");
  CHECK(last.actor == "coord.ant");
  CHECK(last.justification == "prepare the case meeting");
  CHECK(entries[entries.size() - 2].action == "plan list");
  // the timeline shows changes only
  for (const auto& e : s.log("coord.ant", f.id)) CHECK(e.action != "plan list");
  // filters
  CHECK(s.audit_show("coord.ant", AuditFilter{std::nullopt, "member.ant", std::nullopt}).empty());
  CHECK(s.audit_show("coord.ant", AuditFilter{std::nullopt, std::nullopt, Date{2026, 11, 29}})
            .empty());
  CHECK_FALSE(s.audit_show("coord.ant", AuditFilter{std::nullopt, std::nullopt, Date{2026, 11, 28}})
                  .empty());
  CHECK(s.audit_verify().intact);
}

TEST_CASE("require_justification denies a read without one, and logs the denial", "[audit]") {
  Fixture f(/*require_justification=*/true);
  Service s = f.open();
  try {
    s.log("member.ant", f.id);
    FAIL("read without a justification");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kAccessDenied);
    CHECK_THAT(e.what(), Catch::Contains("justification"));
    CHECK(e.hint() == Hint::kJustification);
  }
  auto entries = s.audit_show("coord.ant", AuditFilter{f.id, std::nullopt, std::nullopt});
  REQUIRE_FALSE(entries.empty());
  CHECK(entries.back().kind == "denied");
  CHECK(entries.back().actor == "member.ant");
  s.set_justification("case meeting on Monday");
  CHECK_NOTHROW(s.log("member.ant", f.id));
  CHECK(s.audit_verify().intact);
}

TEST_CASE("audit entries hold ids and codes, not personal data", "[audit]") {
  Fixture f;
  SQLite::Database raw(f.db, SQLite::OPEN_READONLY);
  SQLite::Statement q(raw,
                      "SELECT group_concat(details, ' ') || group_concat(action, ' ') FROM events");
  q.executeStep();
  const std::string all = q.getColumn(0).getString();
  CHECK_THAT(all, !Catch::Contains("Person A."));
  CHECK_THAT(all, !Catch::Contains("Very unsafe"));  // the motivation stays in its table
}
