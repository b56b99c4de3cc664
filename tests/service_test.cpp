// SPDX-License-Identifier: EUPL-1.2
// The service layer over a real SQLite store: configuration loading, actors,
// registration and case ids, screening by id, update, batch screening with
// chunked commits, migrations, and concurrent writers.
#include "ifg/service.h"

#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "store.h"  // kSchemaVersion

using namespace ifg;
namespace fs = std::filesystem;

namespace {

const Timestamp kNow = *parse_timestamp("2026-11-28T10:00:00Z");

Config config() {
  Config c = test::two_regions();
  c.professionals.push_back({"member.ant", "Member A", "caw-ant", {Role::kMember}, true});
  c.professionals.push_back({"gone.ant", "Former A", "caw-ant", {Role::kMember}, false});
  return c;
}

/// A new database at `path` (":memory:" by default) with `c` loaded.
Service configured_service(const std::string& path = ":memory:", const Config& c = config()) {
  ServiceOptions o;
  o.db_path = path;
  o.create = true;
  o.clock = [] { return kNow; };
  Service s(o);
  s.init(c, std::nullopt);
  return s;
}

Service memory_service() {
  return configured_service();
}

Referral referral(const std::string& ref, const std::string& region = "ANT",
                  Date received = {2026, 11, 2}) {
  return test::eligible_referral(ref, region, received);
}

using test::code_of;

/// A scratch folder removed at the end of the test.
struct TempDir : test::ScratchDir {
  TempDir() : test::ScratchDir("service-test") {}
};

std::string jsonl_line(const std::string& ref, const std::string& region = "ANT",
                       const std::string& safety = "very_unsafe") {
  return R"({"external_ref":")" + ref + R"(","region":")" + region +
         R"(","received":"2026-11-02","referrer":{"kind":"professional"},"channel":"caw","safety":")" +
         safety +
         R"(","regular_cooperation_sufficient":false,"sectors_needed":["welfare","police"],"life_domains":["housing","mental"],"help_status":"stuck","crisis_partner":"politie"})";
}

}  // namespace

TEST_CASE("init loads the configuration and is idempotent", "[service]") {
  Service s = memory_service();
  CHECK(s.regions().size() == 2);
  CHECK(s.partners().size() == 3);
  REQUIRE(s.professionals().size() == 4);
  CHECK(s.partners()[0].regions == std::vector<std::string>{"ANT"});

  SECTION("a second load needs an active coordinator") {
    CHECK(code_of([&] { s.init(config(), std::nullopt); }) == ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.init(config(), "member.ant"); }) == ErrorCode::kAccessDenied);
    CHECK(code_of([&] { s.init(config(), "gone.ant"); }) == ErrorCode::kAccessDenied);
    Config c = config();
    test::professional(c, "member.ant").active = false;
    test::professional(c, "member.ant").name = "Member A (left)";
    s.init(c, "coord.ant");
    CHECK(s.professionals().size() == 4);
    const auto pros = s.professionals();
    const auto it =
        std::find_if(pros.begin(), pros.end(), [](auto& p) { return p.id == "member.ant"; });
    REQUIRE(it != pros.end());
    CHECK_FALSE(it->active);
    CHECK(it->name == "Member A (left)");
    CHECK(code_of([&] { s.require_actor("member.ant"); }) == ErrorCode::kAccessDenied);
  }
  SECTION("references to undefined regions or partners are configuration errors") {
    Config c = config();
    c.partners.push_back({"x", PartnerKind::kVk, "X", {"WVL"}});
    CHECK(code_of([&] { s.init(c, "coord.ant"); }) == ErrorCode::kConfig);
    Config d = config();
    d.professionals.push_back({"p", "P", "nope", {Role::kMember}, true});
    CHECK(code_of([&] { s.init(d, "coord.ant"); }) == ErrorCode::kConfig);
    CHECK(s.partners().size() == 3);  // nothing of the failed load was stored
  }
  SECTION("screening parameters are replaced") {
    Config c = config();
    c.screening.min_life_domains = 3;
    s.init(c, "coord.ant");
    CHECK(s.screening_params().min_life_domains == 3);
  }
}

TEST_CASE("the first load checks a given actor only after loading", "[service]") {
  ServiceOptions o;
  o.db_path = ":memory:";
  o.create = true;
  Service s(o);
  CHECK(code_of([&] { s.init(config(), "nobody"); }) == ErrorCode::kAccessDenied);
  CHECK(s.professionals().empty());  // the failed load was rolled back
  s.init(config(), "coord.ant");
  CHECK(s.professionals().size() == 4);
}

TEST_CASE("actors must be active configured professionals", "[service]") {
  Service s = memory_service();
  CHECK(code_of([&] { s.register_referral(std::nullopt, referral("A")); }) ==
        ErrorCode::kAccessDenied);
  CHECK(code_of([&] { s.register_referral("", referral("A")); }) == ErrorCode::kAccessDenied);
  CHECK(code_of([&] { s.register_referral("nobody", referral("A")); }) == ErrorCode::kAccessDenied);
  CHECK(code_of([&] { s.register_referral("gone.ant", referral("A")); }) ==
        ErrorCode::kAccessDenied);
  CHECK(code_of([&] { s.screen(std::nullopt, "ANT-2026-0001"); }) == ErrorCode::kAccessDenied);
  // only in regions the actor's partner serves
  CHECK(code_of([&] { s.register_referral("coord.lim", referral("A", "ANT")); }) ==
        ErrorCode::kAccessDenied);
  CHECK(s.register_referral("member.ant", referral("A")) == "ANT-2026-0001");
}

TEST_CASE("case ids are allocated per region and year of received", "[service]") {
  Service s = memory_service();
  CHECK(s.register_referral("coord.ant", referral("A1")) == "ANT-2026-0001");
  CHECK(s.register_referral("coord.ant", referral("A2")) == "ANT-2026-0002");
  CHECK(s.register_referral("coord.ant", referral("A3", "ANT", {2025, 12, 31})) == "ANT-2025-0001");
  CHECK(s.register_referral("coord.lim", referral("L1", "LIM")) == "LIM-2026-0001");
  CHECK(s.register_referral("coord.ant", referral("A4")) == "ANT-2026-0003");
  Referral no_ref = referral("x");
  no_ref.external_ref.reset();
  CHECK(s.register_referral("coord.ant", no_ref) == "ANT-2026-0004");
  CHECK(s.register_referral("coord.ant", no_ref) == "ANT-2026-0005");  // no reference, no duplicate
}

TEST_CASE("external_ref is unique per region, matched exactly", "[service]") {
  Service s = memory_service();
  s.register_referral("coord.ant", referral("REF-1"));
  try {
    s.register_referral("coord.ant", referral("REF-1"));
    FAIL("registered twice");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kRefused);
    CHECK_THAT(e.what(), Catch::Contains("ANT-2026-0001"));
  }
  CHECK(s.register_referral("coord.ant", referral("ref-1")) == "ANT-2026-0002");  // case-sensitive
  CHECK(s.register_referral("coord.lim", referral("REF-1", "LIM")) == "LIM-2026-0001");
}

TEST_CASE("register validates a hand-built referral again", "[service]") {
  Service s = memory_service();
  Referral r = referral("A");
  r.received = Date{2026, 12, 1};  // in the future
  CHECK(code_of([&] { s.register_referral("coord.ant", r); }) == ErrorCode::kInvalidInput);
  r = referral("A");
  r.region = "XYZ";
  CHECK(code_of([&] { s.register_referral("coord.ant", r); }) == ErrorCode::kInvalidInput);
  r = referral("A");
  r.referrer.partner = "no-such-partner";
  CHECK(code_of([&] { s.register_referral("coord.ant", r); }) == ErrorCode::kInvalidInput);
}

TEST_CASE("screen by id stores the result and moves registered to screened", "[service]") {
  Service s = memory_service();
  Referral r = referral("A");
  r.safety.reset();
  const std::string id = s.register_referral("coord.ant", r);
  CHECK(code_of([&] { s.screen("coord.ant", "ANT-2026-9999"); }) == ErrorCode::kNotFound);
  const ScreenResult first = s.screen("coord.ant", id);
  CHECK(first.case_id == id);
  CHECK(first.external_ref == "A");
  CHECK_FALSE(first.record);
  CHECK_FALSE(first.source);
  CHECK(first.outcome == Outcome::kIncomplete);
  REQUIRE(first.criteria.size() == 7);
  CHECK(first.criteria[2].verdict == Verdict::kUnknown);
  CHECK(first.ruleset == ruleset_version(ScreeningParams{}));
  const ScreenResult again = s.screen("coord.ant", id);  // screened: re-evaluates
  CHECK(again.criteria == first.criteria);
}

TEST_CASE("update corrects facts, re-screens, and refuses what it may not change", "[service]") {
  Service s = memory_service();
  Referral r = referral("A");
  r.safety = Safety::kUnknown;
  const std::string id = s.register_referral("coord.ant", r);
  CHECK(s.screen("coord.ant", id).outcome == Outcome::kIncomplete);

  ReferralPatch p;
  p.set = {{"safety", "heel onveilig"}, {"life_domains", "housing|financien|sociaal"}};
  const ScreenResult after = s.update("coord.ant", id, p);
  CHECK(after.outcome == Outcome::kEligible);
  CHECK(after.criteria[5].reason == "3 life domains: housing, finances, social");
  auto stored = s.referral("coord.ant", id);
  REQUIRE(stored);
  CHECK(stored->safety == Safety::kVeryUnsafe);
  CHECK(stored->persons.size() == 2);  // untouched facts stay

  SECTION("KEY= unsets a fact") {
    ReferralPatch unset;
    unset.set = {{"channel", ""}, {"referrer.name", ""}};
    CHECK(s.update("coord.ant", id, unset).outcome == Outcome::kIncomplete);
    CHECK_FALSE(s.referral("coord.ant", id)->channel);
  }
  SECTION("external_ref and region cannot change") {
    ReferralPatch bad;
    bad.set = {{"external_ref", "B"}};
    CHECK(code_of([&] { s.update("coord.ant", id, bad); }) == ErrorCode::kRefused);
    bad.set = {{"region", "LIM"}};
    CHECK(code_of([&] { s.update("coord.ant", id, bad); }) == ErrorCode::kRefused);
    bad.set = {{"region", "ant"}};  // the same region, written otherwise
    CHECK(s.update("coord.ant", id, bad).outcome == Outcome::kEligible);
  }
  SECTION("an update that leaves the referral invalid changes nothing") {
    ReferralPatch bad;
    bad.set = {{"safety", "dangerous"}, {"received", "2030-01-01"}};
    try {
      s.update("coord.ant", id, bad);
      FAIL("accepted an invalid update");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kInvalidInput);
      CHECK_THAT(e.what(), Catch::Contains("safety") && Catch::Contains("received"));
    }
    CHECK(s.referral("coord.ant", id)->safety == Safety::kVeryUnsafe);
  }
  SECTION("--from replaces only the keys the file holds") {
    TempDir dir;
    const auto f =
        dir.write("patch.json", R"({"help_status": "lopend", "measures_status": "lopend"})");
    ReferralPatch fp;
    fp.from_file = f;
    CHECK(s.update("coord.ant", id, fp).outcome == Outcome::kNotEligible);
    CHECK(s.referral("coord.ant", id)->life_domains.size() == 3);
  }
  SECTION("unknown case") {
    CHECK(code_of([&] { s.update("coord.ant", "ANT-2026-0404", p); }) == ErrorCode::kNotFound);
  }
}

TEST_CASE("batch screening: order, duplicates, invalid records, chunks", "[service][batch]") {
  // Reading ahead on a second thread must change nothing a user sees.
  const bool read_ahead = GENERATE(false, true);
  INFO("read_ahead " << read_ahead);
  TempDir dir;
  const std::string db = dir.path("ifg.db");
  Service s = configured_service(db);
  const std::string file = dir.write(
      "batch.jsonl", jsonl_line("B1") + "\n" + jsonl_line("B2", "ANT", "safe") + "\n\n" +
                         "{not json\n" + jsonl_line("B1") + "\n" + jsonl_line("L1", "LIM") + "\n" +
                         jsonl_line("B3", "ANT", "dangerous") + "\n" + jsonl_line("B4") + "\n");
  std::vector<ScreenResult> results;
  SQLite::Database observer(db, SQLite::OPEN_READONLY);
  auto stored = [&](const std::string& id) {
    SQLite::Statement q(observer, "SELECT count(*) FROM cases WHERE id = ?");
    q.bind(1, id);
    q.executeStep();
    return q.getColumn(0).getInt() == 1;
  };
  {
    ReferralReader reader(file, std::nullopt, s.catalog(), ReadMode::kBatch);
    BatchOptions bo;
    bo.chunk_size = 2;
    bo.read_ahead = read_ahead;
    const BatchSummary sum = s.screen_batch("coord.ant", reader, bo, [&](const ScreenResult& r) {
      // A result is handed out only once its record is committed: another
      // connection already sees the case.
      if (r.case_id) CHECK(stored(*r.case_id));
      results.push_back(r);
    });
    CHECK(sum.records == 7);
    CHECK(sum.count(Outcome::kEligible) == 2);
    CHECK(sum.count(Outcome::kNotEligible) == 1);
    CHECK(sum.count(Outcome::kDuplicate) == 1);
    CHECK(sum.count(Outcome::kInvalid) == 2);
    CHECK(sum.count(Outcome::kSkipped) == 1);
  }
  REQUIRE(results.size() == 7);
  for (std::size_t i = 0; i < results.size(); ++i) CHECK(results[i].record == long(i + 1));
  CHECK(results[0].case_id == "ANT-2026-0001");
  CHECK(results[0].source == file + ":1");
  CHECK(results[1].outcome == Outcome::kNotEligible);
  CHECK(results[2].outcome == Outcome::kInvalid);  // the line that is not JSON
  CHECK(results[2].source == file + ":4");
  CHECK_FALSE(results[2].errors.at(0).field);
  CHECK(results[3].outcome == Outcome::kDuplicate);  // B1 again, earlier in the same file
  CHECK(results[3].case_id == "ANT-2026-0001");
  CHECK(results[3].criteria.empty());
  CHECK(results[4].outcome == Outcome::kSkipped);  // LIM: jh-ant does not serve it
  CHECK(results[4].errors.at(0).field == "region");
  CHECK_FALSE(results[4].case_id);
  CHECK(results[5].errors.at(0).field == "safety");
  CHECK(results[6].case_id == "ANT-2026-0003");

  SECTION("a re-run registers nothing twice") {
    ReferralReader again(file, std::nullopt, s.catalog(), ReadMode::kBatch);
    std::vector<ScreenResult> second;
    s.screen_batch("coord.ant", again, {}, [&](const ScreenResult& r) { second.push_back(r); });
    REQUIRE(second.size() == 7);
    for (std::size_t i = 0; i < 7; ++i) {
      if (results[i].outcome == Outcome::kInvalid || results[i].outcome == Outcome::kSkipped) {
        CHECK(second[i].outcome == results[i].outcome);
        continue;
      }
      CHECK(second[i].outcome == Outcome::kDuplicate);
      CHECK(second[i].case_id == results[i].case_id);
    }
  }
}

namespace {

/// config() with a third region, GNT, and coord.two, coordinator at a partner
/// serving ANT and LIM: a Flanders-wide file is screened region by region.
Service three_region_service() {
  Config c = config();
  c.regions.push_back({"GNT", "Gent", "Veilig Huis Gent"});
  c.partners.push_back({"jh-gnt", PartnerKind::kJustitiehuis, "JH Gent", {"GNT"}});
  c.partners.push_back({"vk-two", PartnerKind::kVk, "VK Antwerpen-Limburg", {"ANT", "LIM"}});
  c.professionals.push_back({"coord.gnt", "Coordinator G", "jh-gnt", {Role::kCoordinator}, true});
  c.professionals.push_back({"coord.two", "Coordinator T", "vk-two", {Role::kCoordinator}, true});
  return configured_service(":memory:", c);
}

struct BatchRun {
  BatchSummary summary;
  std::vector<ScreenResult> results;
};

BatchRun run_batch(Service& s, const std::string& actor, const std::string& file,
                   const BatchOptions& bo) {
  BatchRun run;
  ReferralReader reader(file, std::nullopt, s.catalog(), ReadMode::kBatch);
  run.summary =
      s.screen_batch(actor, reader, bo, [&](const ScreenResult& r) { run.results.push_back(r); });
  return run;
}

}  // namespace

TEST_CASE("a batch across regions skips the records of regions it does not handle",
          "[service][batch]") {
  Service s = three_region_service();
  TempDir dir;
  const std::string file = dir.write(
      "flanders.jsonl", jsonl_line("A1") + "\n" + jsonl_line("L1", "LIM") + "\n" +
                            jsonl_line("G1", "GNT") + "\n" + jsonl_line("A2", "ANT", "dangerous") +
                            "\n" + jsonl_line("G2", "GNT") + "\n");
  auto gnt_cases = [&] { return s.case_list("coord.gnt", CaseQuery{}).rows.size(); };

  SECTION("without a region: every region the actor coordinates") {
    const BatchRun run = run_batch(s, "coord.two", file, {});
    CHECK(run.summary.records == 5);
    CHECK(run.summary.count(Outcome::kEligible) == 2);
    CHECK(run.summary.count(Outcome::kInvalid) == 1);  // A2's safety
    CHECK(run.summary.count(Outcome::kSkipped) == 2);
    CHECK(run.results[1].case_id == "LIM-2026-0001");
    for (std::size_t i : {2, 4}) {
      const ScreenResult& r = run.results[i];
      CHECK(r.outcome == Outcome::kSkipped);
      CHECK_FALSE(r.case_id);
      CHECK(r.criteria.empty());
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].field == "region");
      CHECK(r.errors[0].message ==
            "region GNT is not a region coord.two coordinates (partner vk-two)");
    }
    CHECK(gnt_cases() == 0);
  }
  SECTION("with a region: only its records, in any case") {
    BatchOptions bo;
    bo.region = "lim";
    const BatchRun run = run_batch(s, "coord.two", file, bo);
    CHECK(run.summary.count(Outcome::kEligible) == 1);
    CHECK(run.summary.count(Outcome::kSkipped) == 4);
    CHECK(run.summary.count(Outcome::kInvalid) == 0);
    // A2 is invalid, but ANT's: skipped, with the reason only, and no exit 5.
    CHECK(run.results[3].outcome == Outcome::kSkipped);
    CHECK(run.results[3].errors.size() == 1);
    CHECK(run.results[1].case_id == "LIM-2026-0001");
    CHECK(run.results[0].outcome == Outcome::kSkipped);
    CHECK(run.results[0].errors.at(0).message ==
          "region ANT is not handled in this batch, which handles region LIM only");
    CHECK(s.case_list("coord.two", CaseQuery{}).rows.size() == 1);
    CHECK(gnt_cases() == 0);
    SECTION("the other region's run then stores the rest") {
      bo.region = "ANT";
      const BatchRun ant = run_batch(s, "coord.two", file, bo);
      CHECK(ant.summary.count(Outcome::kEligible) == 1);
      CHECK(ant.summary.count(Outcome::kSkipped) == 3);
      CHECK(ant.results[0].case_id == "ANT-2026-0001");
      CHECK(s.case_list("coord.two", CaseQuery{}).rows.size() == 2);
    }
  }
  SECTION("a dry run honours the region") {
    BatchOptions bo;
    bo.region = "ANT";
    bo.dry_run = true;
    const BatchRun run = run_batch(s, "coord.two", file, bo);
    CHECK(run.summary.count(Outcome::kEligible) == 1);
    CHECK(run.summary.count(Outcome::kSkipped) == 3);
    CHECK(run.summary.count(Outcome::kInvalid) == 1);
    CHECK(s.case_list("coord.two", CaseQuery{}).rows.empty());
  }
  SECTION("a region that is not configured, or not coordinated, is refused before reading") {
    BatchOptions bo;
    bo.region = "XYZ";
    CHECK(code_of([&] { run_batch(s, "coord.two", file, bo); }) == ErrorCode::kNotFound);
    bo.region = "GNT";
    CHECK(code_of([&] { run_batch(s, "coord.two", file, bo); }) == ErrorCode::kAccessDenied);
    CHECK(s.case_list("coord.two", CaseQuery{}).rows.empty());
  }
}

TEST_CASE("a dry run stores nothing and reports what a real run would", "[service][batch]") {
  Service s = memory_service();
  TempDir dir;
  const std::string file = dir.write(
      "dry.jsonl", jsonl_line("D1") + "\n" + jsonl_line("D1") + "\n" + jsonl_line("D2") + "\n");
  s.register_referral("coord.ant", referral("D2"));
  std::vector<ScreenResult> results;
  ReferralReader reader(file, std::nullopt, s.catalog(), ReadMode::kBatch);
  BatchOptions bo;
  bo.dry_run = true;
  s.screen_batch("coord.ant", reader, bo, [&](const ScreenResult& r) { results.push_back(r); });
  REQUIRE(results.size() == 3);
  CHECK(results[0].outcome == Outcome::kEligible);
  CHECK_FALSE(results[0].case_id);
  CHECK(results[1].outcome == Outcome::kDuplicate);  // of record 1, which was not stored
  CHECK_FALSE(results[1].case_id);
  CHECK(results[2].outcome == Outcome::kDuplicate);  // of the stored case
  CHECK(results[2].case_id == "ANT-2026-0001");
  CHECK(s.register_referral("coord.ant", referral("D1")) == "ANT-2026-0002");
}

TEST_CASE("migrations: a new file is created at the current schema", "[service][store]") {
  TempDir dir;
  const std::string db = dir.path("new.db");
  {
    ServiceOptions o;
    o.db_path = db;
    CHECK(code_of([&] { Service s(o); }) == ErrorCode::kStorage);  // missing, not created
    CHECK_FALSE(fs::exists(db));
    o.create = true;
    Service s(o);
  }
  SQLite::Database check(db, SQLite::OPEN_READWRITE);
  CHECK(check.execAndGet("PRAGMA user_version").getInt() == detail::kSchemaVersion);
  CHECK(check.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(check.tableExists("cases"));
  CHECK(check.tableExists("events"));

  SECTION("an empty file is migrated by init") {
    const std::string empty = dir.path("empty.db");
    std::ofstream(empty).close();
    fs::permissions(empty, fs::perms::owner_read | fs::perms::owner_write);
    ServiceOptions o;
    o.db_path = empty;
    CHECK(code_of([&] { Service s(o); }) == ErrorCode::kStorage);  // not an ifg database yet
    o.create = true;
    Service s(o);
    s.init(config(), std::nullopt);
    CHECK(s.regions().size() == 2);
  }
  SECTION("a newer schema is refused") {
    check.exec("PRAGMA user_version = 99");
    ServiceOptions o;
    o.db_path = db;
    o.create = true;
    CHECK(code_of([&] { Service s(o); }) == ErrorCode::kStorage);
  }
  SECTION("a file that is not a database is a storage error") {
    const std::string junk = dir.write("junk.db", std::string(4096, 'x'));
    fs::permissions(junk, fs::perms::owner_read | fs::perms::owner_write);
    ServiceOptions o;
    o.db_path = junk;
    CHECK(code_of([&] { Service s(o); }) == ErrorCode::kStorage);
  }
}

TEST_CASE("every change appends its event in the same transaction", "[service][store]") {
  TempDir dir;
  const std::string db = dir.path("events.db");
  Service s = configured_service(db);
  const std::string id = s.register_referral("member.ant", referral("E1"));
  s.screen("coord.ant", id);
  CHECK(code_of([&] { s.register_referral("member.ant", referral("E1")); }) == ErrorCode::kRefused);
  SQLite::Database check(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(check, "SELECT case_id, actor, action, at FROM events ORDER BY id");
  std::vector<std::string> rows;
  while (q.executeStep())
    rows.push_back(q.getColumn(0).getString() + "|" + q.getColumn(1).getString() + "|" +
                   q.getColumn(2).getString() + "|" + q.getColumn(3).getString());
  CHECK(rows == std::vector<std::string>{"||config_loaded|2026-11-28T10:00:00Z",
                                         id + "|member.ant|registered|2026-11-28T10:00:00Z",
                                         id + "|coord.ant|screened|2026-11-28T10:00:00Z"});
  // Events hold ids, never personal data.
  SQLite::Statement details(check, "SELECT group_concat(details) FROM events");
  details.executeStep();
  CHECK_THAT(details.getColumn(0).getString(), !Catch::Contains("Person A."));
}

TEST_CASE("two connections writing at once both succeed with unique ids", "[service][store]") {
  TempDir dir;
  const std::string db = dir.path("shared.db");
  ServiceOptions o;
  o.db_path = db;
  o.create = true;
  o.clock = [] { return kNow; };
  Service(o).init(config(), std::nullopt);
  o.create = false;
  std::vector<std::string> ids_a, ids_b;
  auto writer = [&](const std::string& prefix, std::vector<std::string>& ids) {
    Service s(o);
    for (int i = 0; i < 50; ++i)
      ids.push_back(s.register_referral("coord.ant", referral(prefix + std::to_string(i))));
  };
  std::thread a(writer, "A", std::ref(ids_a));
  std::thread b(writer, "B", std::ref(ids_b));
  a.join();
  b.join();
  std::set<std::string> all(ids_a.begin(), ids_a.end());
  all.insert(ids_b.begin(), ids_b.end());
  CHECK(all.size() == 100);
  CHECK(all.count("ANT-2026-0100") == 1);
}

TEST_CASE("a new database is readable by its owner only; a readable one is refused",
          "[service][store]") {
  TempDir dir;
  const std::string db = dir.path("private.db");
  {
    Service s = configured_service(db);
    s.register_referral("coord.ant", referral("P1"));
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (!fs::exists(db + suffix)) continue;
    const auto perms = fs::status(db + suffix).permissions();
    CHECK((perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
  }
  fs::permissions(db, fs::perms::group_read, fs::perm_options::add);
  ServiceOptions o;
  o.db_path = db;
  try {
    Service s(o);
    FAIL("opened a database that others can read");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kStorage);
    CHECK_THAT(e.what(), Catch::Contains("chmod 600"));
  }
}

TEST_CASE("a stored referral stays valid when a later configuration drops a life domain",
          "[service]") {
  Config with_extra = config();
  with_extra.screening.extra_life_domains = {"gambling"};
  ServiceOptions o;
  o.db_path = ":memory:";
  o.create = true;
  o.clock = [] { return kNow; };
  Service s(o);
  s.init(with_extra, std::nullopt);
  Referral r = referral("G1");
  r.life_domains = {"gambling", "housing"};
  r.safety.reset();
  const std::string id = s.register_referral("coord.ant", r);
  s.init(config(), "coord.ant");  // no more extra domains
  CHECK(s.screen("coord.ant", id).criteria[5].verdict == Verdict::kPass);
  ReferralPatch p;
  p.set = {{"safety", "very_unsafe"}};
  CHECK(s.update("coord.ant", id, p).outcome == Outcome::kEligible);
  // A new referral may no longer use the dropped domain.
  Referral fresh = referral("G2");
  fresh.life_domains = {"gambling", "housing"};
  CHECK(code_of([&] { s.register_referral("coord.ant", fresh); }) == ErrorCode::kInvalidInput);
}
