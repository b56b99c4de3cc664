// SPDX-License-Identifier: EUPL-1.2
// AuditLog (lib/store_audit.h): the hash chain of the audit trail, on its own.
// Appending and following the tail across transactions, the justification,
// head and verify, the entries a coordinator is shown, and every kind of
// tampering verify must name. The hashes of the first entries are checked
// against values computed independently of ifg (Python's hashlib over the
// documented text), so a change of the chained text, which would break
// every existing database's chain, cannot pass unnoticed.
#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>

#include "catch.hpp"
#include "crypto.h"
#include "store_fixtures.h"

using namespace ifg;
using detail::AuditLog;
using detail::Store;
namespace fs = std::filesystem;

namespace {

const std::string kAt = "2026-11-28T10:00:00Z";
const std::string kZeros(64, '0');
// sha256 of
// "1:2;1:1;-;20:2026-11-28T10:00:00Z;9:coord.ant;6:change;13:config_loaded;2:{};-;-;-;64:0…0;"
// (format 2: no justification, no facts, no clock reading), by Python's hashlib.
const std::string kFirstHash = "016f8d9ad7b3c7ab27305ac4176c1d02cda217592977d2ad2c84e18062b48308";

/// A store with ANT and LIM configured, and a case in each when asked.
struct Trail {
  Store store;
  // The chain alone: configuration and cases are stored without entries or facts.
  explicit Trail(const std::string& path = ":memory:") : store(path, true, 1000) {
    test::configure(store, false);
  }
  AuditLog& log() { return store.audit(); }

  std::string add_case(const std::string& region) {
    return test::insert_case(store, region, region + "-REF", std::nullopt, false);
  }
  std::string add_record(const std::string& region, const std::string& ref,
                         std::pair<long, int> batch) {
    return test::insert_case(store, region, ref, batch, false);
  }

  /// The two entries whose hashes are known (see kFirstHash).
  void known_entries() {
    auto tx = store.write();
    log().append(std::nullopt, kAt, std::string("coord.ant"), "config_loaded");
    log().set_justification("Team meeting");
    log().append(std::string("ANT-2026-0001"), "2026-11-28T10:05:00Z", std::string("coord.ant"),
                 "log", "{}", detail::kRead);
    log().set_justification(std::nullopt);
    tx.commit();
  }
};

/// Runs SQL on the file behind ifg's back, with the triggers that guard the trail dropped.
void tamper(const fs::path& db, const std::string& sql) {
  SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
  raw.exec(
      "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; "
      "DROP TRIGGER IF EXISTS batch_events_no_update; "
      "DROP TRIGGER IF EXISTS batch_events_no_delete;");
  raw.exec(sql);
}

/// What verify says of a copy of `db` after `sql` ran on it behind ifg's back.
AuditVerification verify_after(const fs::path& db, const std::string& sql) {
  const fs::path copy = db.parent_path() / "copy.db";
  fs::remove(copy.string() + "-wal");
  fs::remove(copy.string() + "-shm");
  // The committed entries may still be in the write-ahead log: copy it too.
  for (const char* suffix : {"", "-wal"})
    if (fs::exists(db.string() + suffix))
      fs::copy_file(db.string() + suffix, copy.string() + suffix,
                    fs::copy_options::overwrite_existing);
  tamper(copy, sql);
  Store store(copy.string(), false, 1000);
  return store.audit().verify();
}

}  // namespace

TEST_CASE("an empty trail verifies and its head is 64 zeros", "[audit_log]") {
  Trail t;
  CHECK(t.log().head().entries == 0);
  CHECK(t.log().head().head == kZeros);
  const AuditVerification v = t.log().verify();
  CHECK(v.intact);
  CHECK(v.head.entries == 0);
}

TEST_CASE("entries are chained by the documented text, whatever ifg's version", "[audit_log]") {
  const test::ScratchDir scratch("audit-log-test");
  const fs::path db = scratch.path("trail.db");
  {
    Trail t(db.string());
    t.add_case("ANT");
    t.known_entries();
  }
  Trail t(db.string());
  const auto entries = t.log().entries(AuditFilter{}, {"ANT"});
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].hash == kFirstHash);
  // The second entry (case ANT-2026-0001, 10:05, a read of "log" justified
  // "Team meeting") covers the justification's commitment: SHA-256 of its
  // random salt, then the text.
  SQLite::Database raw(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(raw, "SELECT jsalt, jcommit FROM events WHERE id = 2");
  REQUIRE(q.executeStep());
  const std::string salt(static_cast<const char*>(q.getColumn(0).getBlob()),
                         static_cast<std::size_t>(q.getColumn(0).getBytes()));
  CHECK(salt.size() == 16);
  const std::string jcommit = "sha256:" + detail::sha256_hex(salt + "Team meeting");
  CHECK(q.getColumn(1).getString() == jcommit);
  const std::string second = detail::sha256_hex(
      "1:2;1:2;13:ANT-2026-0001;20:2026-11-28T10:05:00Z;9:coord.ant;4:read;3:log;2:{};71:" +
      jcommit + ";-;-;64:" + kFirstHash + ";");
  CHECK(entries[1].hash == second);
  CHECK(entries[1].justification == std::optional<std::string>("Team meeting"));
  CHECK(entries[0].justification == std::nullopt);  // given after the first entry
  CHECK(t.log().head().head == second);
  const AuditVerification v = t.log().verify();
  CHECK(v.intact);
  CHECK(v.head.entries == 2);
  CHECK(v.head.head == second);
}

TEST_CASE("the tail is followed across transactions and forgotten after a rollback",
          "[audit_log]") {
  Trail t;
  {
    auto tx = t.store.write();
    t.log().append(std::nullopt, kAt, std::string("coord.ant"), "first");
    tx.commit();
  }
  {
    auto tx = t.store.write();
    t.log().append(std::nullopt, kAt, std::string("coord.ant"), "rolled back");
    t.log().append(std::nullopt, kAt, std::string("coord.ant"), "rolled back too");
  }  // no commit: both are gone, and the tail the log followed with them
  {
    auto tx = t.store.write();
    t.log().append(std::nullopt, kAt, std::string("coord.ant"), "second");
    tx.commit();
  }
  const auto entries = t.log().entries(AuditFilter{}, {});
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].id == 1);
  CHECK(entries[1].id == 2);
  CHECK(entries[1].action == "second");
  CHECK(t.log().verify().intact);
}

TEST_CASE("entries are shown for the regions given, and entries of no case to all", "[audit_log]") {
  Trail t;
  const std::string ant = t.add_case("ANT"), lim = t.add_case("LIM");
  {
    auto tx = t.store.write();
    t.log().append(ant, "2026-11-27T09:00:00Z", std::string("coord.ant"), "registered");
    t.log().append(lim, "2026-11-28T09:00:00Z", std::string("coord.lim"), "registered");
    t.log().append(std::nullopt, "2026-11-28T11:00:00Z", std::string("coord.lim"), "audit show",
                   "{}", detail::kRead);
    tx.commit();
  }
  auto ids = [&](const AuditFilter& f, const std::vector<std::string>& regions) {
    std::vector<long> out;
    for (const auto& e : t.log().entries(f, regions)) out.push_back(e.id);
    return out;
  };
  CHECK(ids({}, {"ANT"}) == std::vector<long>{1, 3});
  CHECK(ids({}, {"LIM"}) == std::vector<long>{2, 3});
  CHECK(ids({}, {"ANT", "LIM"}) == std::vector<long>{1, 2, 3});
  CHECK(ids({lim, std::nullopt, std::nullopt}, {"ANT"}).empty());
  CHECK(ids({std::nullopt, std::string("coord.lim"), std::nullopt}, {"ANT", "LIM"}) ==
        std::vector<long>{2, 3});
  CHECK(ids({std::nullopt, std::nullopt, Date{2026, 11, 28}}, {"ANT", "LIM"}) ==
        std::vector<long>{2, 3});
}

TEST_CASE("verify names the first entry that was altered, removed, inserted or reordered",
          "[audit_log]") {
  const test::ScratchDir scratch("audit-log-test");
  const fs::path db = scratch.path("trail.db");
  {
    Trail t(db.string());
    auto tx = t.store.write();
    for (int i = 1; i <= 4; ++i)
      t.log().append(std::nullopt, kAt, std::string("coord.ant"), "entry " + std::to_string(i));
    tx.commit();
  }
  auto broken_at = [&](const std::string& sql) { return verify_after(db, sql); };
  SECTION("altered") {
    const auto v = broken_at("UPDATE events SET details = '{\"x\":1}' WHERE id = 2");
    CHECK_FALSE(v.intact);
    CHECK(v.first_broken == 2);
    CHECK_THAT(v.problem, Catch::Contains("altered"));
    CHECK(v.head.entries == 1);
  }
  SECTION("removed") {
    const auto v = broken_at("DELETE FROM events WHERE id = 2");
    CHECK(v.first_broken == 3);
    CHECK_THAT(v.problem, Catch::Contains("removed or inserted"));
  }
  SECTION("inserted") {
    const auto v = broken_at(
        "INSERT INTO events(id, at, action, details, kind, prev_hash, hash) "
        "VALUES(5, '2026-11-28T10:00:00Z', 'forged', '{}', 'change', 'x', 'y')");
    CHECK(v.first_broken == 5);
  }
  SECTION("reordered") {
    const auto v = broken_at(
        "UPDATE events SET id = -2 WHERE id = 2; UPDATE events SET id = 2 WHERE id = 3; "
        "UPDATE events SET id = 3 WHERE id = -2");
    CHECK(v.first_broken == 2);
  }
}

TEST_CASE("a batch chunk is one chained entry over its records' own hashes", "[audit_log]") {
  Trail t;
  auto tx = t.store.write();
  const long chunk = t.log().begin_chunk();
  CHECK(chunk == 1);
  const std::string id = t.add_record("ANT", "R-ANT", std::pair{chunk, 1});
  CHECK(id == "ANT-2026-0001");
  t.log().add_record(chunk, 1, id, "R-ANT", Outcome::kEligible);
  t.log().end_chunk(chunk, kAt, "coord.vl", "8298aa8f");
  tx.commit();
  const auto entries = t.log().entries(AuditFilter{}, {"ANT"});
  REQUIRE(entries.size() == 2);  // the chunk's entry, then its record
  CHECK(entries[0].action == "batch");
  CHECK(entries[0].case_id == std::nullopt);
  CHECK(entries[1].id == chunk);
  CHECK(entries[1].case_id == id);
  CHECK(entries[1].actor == std::optional<std::string>("coord.vl"));
  // sha256 of "1:1;1:1;13:ANT-2026-0001;5:R-ANT;8:eligible;", computed by Python's hashlib.
  CHECK(entries[1].hash == "f65db24ee5d1997cce4b9106efedb1e45430809e2bffb8c7d602e418e744f439");
  const auto details = entries[1].details;
  CHECK_THAT(details, Catch::Contains(R"("outcome":"eligible")") &&
                          Catch::Contains(R"("ruleset":"8298aa8f")"));
  CHECK(t.log().verify().intact);
}

TEST_CASE("verify names the batch record that was altered, removed, inserted or moved",
          "[audit_log]") {
  const test::ScratchDir scratch("audit-log-test");
  const fs::path db = scratch.path("trail.db");
  {
    Trail t(db.string());
    auto tx = t.store.write();
    t.log().append(std::nullopt, kAt, std::string("coord.ant"), "config_loaded");
    const long chunk = t.log().begin_chunk();
    for (int i = 0; i < 4; ++i) {
      const std::string ref = "B" + std::to_string(i);
      const std::string id = t.add_record("ANT", ref, std::pair{chunk, i + 1});
      t.log().add_record(chunk, i + 1, id, ref, i % 2 ? Outcome::kIncomplete : Outcome::kEligible);
    }
    t.log().end_chunk(chunk, kAt, "coord.vl", "8298aa8f");
    t.log().append(std::nullopt, kAt, std::string("coord.ant"), "after the batch");
    tx.commit();
    REQUIRE(t.log().verify().intact);
  }
  auto named = [&](const std::string& sql, const std::string& words) {
    const auto v = verify_after(db, sql);
    INFO(sql << " -> " << v.problem);
    CHECK_FALSE(v.intact);
    CHECK(v.first_broken == 2);  // the chunk's entry
    CHECK_THAT(v.problem, Catch::Contains(words));
    CHECK(v.head.entries == 1);  // the entries before it verify
  };
  named("UPDATE batch_events SET outcome = 'eligible' WHERE seq = 2",
        "record 2 (case ANT-2026-0002) was altered");
  named("DELETE FROM batch_events WHERE seq = 2", "record 2 is missing or out of place");
  named("DELETE FROM batch_events WHERE seq = 4", "covers 4 records, the trail holds 3");
  named(
      "INSERT INTO batch_events SELECT chunk, 5, case_id, external_ref, outcome, hash, facts "
      "FROM batch_events WHERE seq = 1",
      "record 5 (case ANT-2026-0001) was altered");
  named(
      "UPDATE batch_events SET seq = -2 WHERE seq = 2; UPDATE batch_events SET seq = 2 "
      "WHERE seq = 3; UPDATE batch_events SET seq = 3 WHERE seq = -2",
      "record 2 (case ANT-2026-0003) was altered");
  // A record edited with its hash recomputed still breaks the chunk's root.
  std::string forged;
  detail::sha256_append("1:2;1:2;13:ANT-2026-0002;2:B1;8:eligible;", forged);
  named("UPDATE batch_events SET outcome = 'eligible', hash = x'" + detail::hex(forged) +
            "' WHERE seq = 2",
        "do not hash to the root");
  const auto stray = verify_after(
      db,
      "INSERT INTO batch_events SELECT 99, 1, case_id, external_ref, outcome, hash, facts "
      "FROM batch_events WHERE seq = 1");
  CHECK(stray.first_broken == 99);
  CHECK_THAT(stray.problem, Catch::Contains("names batch entry 99, which the trail does not hold"));
}

TEST_CASE("the trail refuses UPDATE and DELETE through SQL", "[audit_log]") {
  const test::ScratchDir scratch("audit-log-test");
  const fs::path db = scratch.path("trail.db");
  {
    Trail on_file(db.string());
    auto w = on_file.store.write();
    on_file.log().append(std::nullopt, kAt, std::string("coord.ant"), "entry");
    w.commit();
  }
  SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
  CHECK_THROWS_WITH(raw.exec("UPDATE events SET action = 'x'"),
                    Catch::Contains("cannot be changed"));
  CHECK_THROWS_WITH(raw.exec("DELETE FROM events"), Catch::Contains("cannot be removed"));
}
