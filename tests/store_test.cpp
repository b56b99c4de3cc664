// SPDX-License-Identifier: EUPL-1.2
// The store (lib/store.h): opening and refusing databases, with the hint of
// what to do; transactions that roll back unless committed; the read-only
// snapshot of reports; dense case ids; stored codes it does not know.
#include <SQLiteCpp/Database.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catch.hpp"
#include "store_fixtures.h"

using namespace ifg;
using detail::Store;
namespace fs = std::filesystem;

namespace {

/// The ifg::Error that opening `path` throws.
Error open_error(const std::string& path, bool create = false) {
  try {
    Store s(path, create, 100);
  } catch (const Error& e) {
    return e;
  }
  FAIL("the store opened " << path);
  return Error(ErrorCode::kInternal, "");
}

/// A new file database whose user_version is `version`, with mode 0600.
fs::path sqlite_file(const fs::path& dir, int version) {
  const fs::path p = dir / ("v" + std::to_string(version) + ".db");
  {
    SQLite::Database db(p.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE other(x); PRAGMA user_version = " + std::to_string(version));
  }
  ::chmod(p.c_str(), 0600);
  return p;
}

}  // namespace

TEST_CASE("a database that cannot be used is refused with what to do", "[store]") {
  const test::ScratchDir scratch("store-test");
  const fs::path& dir = scratch.dir();
  SECTION("missing: create it, or name the right one") {
    const Error e = open_error((dir / "none.db").string());
    CHECK(e.code() == ErrorCode::kStorage);
    CHECK(e.hint() == Hint::kDatabase);
    CHECK_FALSE(fs::exists(dir / "none.db"));
  }
  SECTION("a folder: name the file in it") {
    const Error e = open_error(dir.string());
    CHECK(e.code() == ErrorCode::kStorage);
    CHECK(e.hint() == Hint::kDatabaseFile);
    CHECK(e.subject() == dir.string());
  }
  SECTION("readable by others: restrict it") {
    const fs::path p = sqlite_file(dir, 0);
    ::chmod(p.c_str(), 0644);
    const Error e = open_error(p.string());
    CHECK(e.code() == ErrorCode::kStorage);
    CHECK_THAT(e.what(), Catch::Contains("chmod 600"));
  }
  SECTION("another program's SQLite file: name ifg's, or create one elsewhere") {
    const std::string p = sqlite_file(dir, 0).string();
    for (bool create : {false, true}) {
      const Error e = open_error(p, create);
      CHECK(e.hint() == Hint::kNone);  // not "create one with init": init refuses it too
      CHECK_THAT(e.what(), Catch::Contains("another path"));
    }
  }
  SECTION("an empty SQLite file: create an ifg database in it") {
    const fs::path p = dir / "empty.db";
    { SQLite::Database db(p.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }
    ::chmod(p.c_str(), 0600);
    CHECK(open_error(p.string()).hint() == Hint::kCreateDatabase);
  }
  SECTION("an older schema: migrate it; a newer one: use a newer ifg") {
    CHECK(open_error(sqlite_file(dir, detail::kSchemaVersion - 1).string()).hint() ==
          Hint::kMigrate);
    const Error newer = open_error(sqlite_file(dir, detail::kSchemaVersion + 1).string());
    CHECK(newer.code() == ErrorCode::kStorage);
    CHECK_THAT(newer.what(), Catch::Contains("newer"));
  }
  SECTION("not an SQLite file at all") {
    const fs::path p = dir / "text.db";
    std::ofstream(p) << "this is not a database, but long enough to have a header page......";
    ::chmod(p.c_str(), 0600);
    const Error e = open_error(p.string());
    CHECK(e.code() == ErrorCode::kStorage);
  }
}

TEST_CASE("creating a database makes it readable by its owner only, at the current schema",
          "[store]") {
  const test::ScratchDir scratch("store-test");
  const fs::path& dir = scratch.dir();
  const fs::path p = dir / "new.db";
  {
    Store s(p.string(), true, 100);
    CHECK(s.schema_version() == detail::kSchemaVersion);
  }
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 077) == 0);
}

TEST_CASE("an SQLite file of another program is not an ifg database, even to create", "[store]") {
  const test::ScratchDir scratch("store-test");
  const std::string p = scratch.path("other.db");
  {
    SQLite::Database other(p, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)");
    other.exec("INSERT INTO notes(body) VALUES('kept')");
  }
  ::chmod(p.c_str(), 0600);
  auto bytes = [&] {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string before = bytes();
  for (bool create : {true, false}) {
    try {
      Store s(p, create, 100);
      FAIL("another program's database was opened");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kStorage);
      CHECK_THAT(e.what(), Catch::Contains("not an ifg database"));
    }
  }
  CHECK(bytes() == before);  // not migrated, not even switched to WAL
  CHECK_FALSE(fs::exists(p + "-wal"));
  // An empty SQLite file (a failed first init) is still taken.
  const std::string empty = scratch.path("empty.db");
  { SQLite::Database e(empty, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }
  ::chmod(empty.c_str(), 0600);
  Store s(empty, true, 100);
  CHECK(s.schema_version() == detail::kSchemaVersion);
}

TEST_CASE("a write transaction rolls back unless committed", "[store]") {
  Store st(":memory:", true, 100);
  {
    auto tx = st.write();
    st.set_setting("k", "rolled back");
  }
  CHECK_FALSE(st.setting("k"));
  {
    auto tx = st.write();
    st.set_setting("k", "kept");
    st.audit().append(std::nullopt, "2026-11-28T10:00:00Z", std::nullopt, "test");
    tx.commit();
  }
  CHECK(st.setting("k") == std::optional<std::string>("kept"));
}

TEST_CASE("a change cannot be committed without the entry that records it", "[store]") {
  Store st(":memory:", true, 100);
  auto tx = st.write();
  st.set_setting("k", "unrecorded");
  try {
    tx.commit();
    FAIL("a change committed without its entry");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInternal);
    CHECK(std::string(e.what()).find("settings") != std::string::npos);
  }
}

TEST_CASE("the reports' snapshot cannot write, and writing works again after it", "[store]") {
  Store st(":memory:", true, 100);
  {
    Store::ReadTx snapshot(st);
    CHECK(st.regions().empty());  // reads work
    try {
      st.set_setting("k", "v");
      FAIL("a write inside the snapshot");
    } catch (...) {
      try {
        Store::rethrow_as_error(":memory:");
      } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::kStorage);
      }
    }
  }
  auto tx = st.write();
  st.set_setting("k", "v");
  st.audit().append(std::nullopt, "2026-11-28T10:00:00Z", std::nullopt, "test");
  tx.commit();
  CHECK(st.setting("k") == std::optional<std::string>("v"));
}

TEST_CASE("rethrow_as_error leaves failures other than SQLite's as they are", "[store]") {
  try {
    try {
      throw std::out_of_range("not the database");
    } catch (...) {
      Store::rethrow_as_error("x.db");
    }
  } catch (const std::out_of_range& e) {
    CHECK(std::string(e.what()) == "not the database");
  }
}

TEST_CASE("case ids are dense per region and year of receipt", "[store]") {
  Store st(":memory:", true, 100);
  test::configure(st);
  auto tx = st.write();
  CHECK(st.next_case_id("ANT", 2026) == "ANT-2026-0001");
  CHECK(st.next_case_id("ANT", 2026) == "ANT-2026-0002");
  CHECK(st.next_case_id("LIM", 2026) == "LIM-2026-0001");
  CHECK(st.next_case_id("ANT", 2025) == "ANT-2025-0001");
  CHECK(st.next_case_id("ANT", 2026) == "ANT-2026-0003");
}

TEST_CASE("a stored code this ifg does not know is an internal error naming its column",
          "[store]") {
  const test::ScratchDir scratch("store-test");
  const fs::path& dir = scratch.dir();
  const fs::path p = dir / "codes.db";
  {
    Store st(p.string(), true, 100);
    test::configure(st);
    test::insert_case(st, "ANT", "R1");
  }
  {
    SQLite::Database raw(p.string(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE cases SET status = 'archived'");
  }
  Store st(p.string(), false, 100);
  try {
    st.case_row("ANT-2026-0001");
    FAIL("an unknown status was read as a known one");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInternal);
    CHECK_THAT(e.what(), Catch::Contains("cases.status") && Catch::Contains("archived"));
  }
}
