// SPDX-License-Identifier: EUPL-1.2
// The region report on PostgreSQL ([postgresql], IFG_TEST_PG), where the
// database counts it and hides its small numbers itself (ifg_region_report,
// lib/store_queries.h), so that a login reads no more with psql than with ifg.
// The suppression fixture of report_test.cpp, built on the cluster by coord.ant's
// own login and in an SQLite database in memory, gives the same report, cell
// for cell and key for key of `suppressed`, at every min_cell, to a
// coordinator and to analysts of one region and of two. All people are synthetic.
#include <memory>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/report.h"
#include "ifg/service.h"
#include "pg_cluster.h"
#include "report_fixtures.h"

using namespace ifg;
using namespace test::reports;
using nlohmann::json;

namespace {

/// A clock the fixture sets, shared by every service of one database.
using Clock = std::shared_ptr<Timestamp>;

Clock start_clock() {
  return std::make_shared<Timestamp>(*parse_timestamp(kNowText));
}

/// `d.at` and `d.add` of the fixture, over a service `s` and a clock `now`.
template <class Self>
struct Scenario {
  void at(const std::string& iso) {
    auto t = parse_timestamp(iso);
    REQUIRE(t);
    *self().now = *t;
  }
  std::string add(const std::string&, const Referral& r) {
    at(r.received.to_string() + "T09:00:00Z");
    return self().s.register_referral(kCoordAnt, r);
  }
  Self& self() { return static_cast<Self&>(*this); }
};

/// The fixture in an SQLite database in memory.
struct LiteDb : Scenario<LiteDb> {
  Clock now = start_clock();
  Service s = test::memory_service(config(), now);
};

/// The fixture on the cluster: the superuser loads the configuration, and
/// coord.ant acts through their own login, held by row-level security.
struct PgReportDb : Scenario<PgReportDb> {
  Clock now = start_clock();
  PgDb db;
  Service s;
  PgReportDb() : s(init_then_open(db, now)) {}

  static Service init_then_open(PgDb& db, const Clock& now) {
    make_login_roles(config());
    db.clock = [now] { return *now; };
    db.open(true).init(config(), std::nullopt);
    return db.open(false, kCoordAnt);
  }
};

json json_of(const RegionReport& r) {
  std::ostringstream out;
  write_report(out, r, ReportFormat::kJson);
  return json::parse(out.str());
}

RegionReportQuery small_period(int min_cell) {
  RegionReportQuery q;
  q.from = Date{2025, 1, 1};
  q.to = Date{2025, 3, 31};
  q.min_cell = min_cell;
  return q;
}

}  // namespace

TEST_CASE("the region report the database counts and hides is SQLite's, cell for cell",
          "[postgresql]") {
  LiteDb lite;
  build_small(lite);
  PgReportDb pg;
  build_small(pg);
  // min_cell 2: a tie in the secondary rule (open cases accepted 2, directed 2);
  // 3 and 4: secondary cells and medians; 5 and 7: the analysts' and above.
  const std::vector<std::string> actors{kCoordAnt, "analyst.ant", "analyst.vl"};
  for (const std::string& actor : actors) {
    Service login = pg.db.open(false, actor);
    for (int min_cell : {0, 2, 3, 4, 5, 7}) {
      INFO(actor << " at min_cell " << min_cell);
      const json want = json_of(lite.s.report_region(actor, small_period(min_cell)));
      const json got = json_of(login.report_region(actor, small_period(min_cell)));
      CHECK(got == want);
      if (min_cell >= 5) CHECK_FALSE(got["suppressed"].empty());
    }
  }
}
