// SPDX-License-Identifier: EUPL-1.2
// The throw-away PostgreSQL cluster of the [postgresql] tests (scripts/pg-cluster,
// started by ctest's pg_cluster fixture, which sets IFG_TEST_PG).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <regex>
#include <string>

#include <fmt/format.h>

#include "catch.hpp"
#include "ifg/service.h"
#include "store_pg.h"

/// The superuser connection string of the test cluster; fails the test without it.
inline std::string test_cluster() {
  const char* conninfo = std::getenv("IFG_TEST_PG");
  if (!conninfo || !*conninfo)
    FAIL(
        "IFG_TEST_PG is not set: run this through ctest, whose pg_cluster fixture starts "
        "a throw-away cluster (scripts/pg-cluster)");
  return conninfo;
}

/// `conninfo` naming database `db`, and role `user` when given.
inline std::string target(const std::string& db, const std::string& user = "") {
  std::string out = std::regex_replace(test_cluster(), std::regex("dbname=\\S+"), "dbname=" + db);
  if (!user.empty()) out = std::regex_replace(out, std::regex("user=\\S+"), "user=" + user);
  return out;
}

/// A fresh database of the cluster (UTF8, locale C), dropped with it; or a copy of another.
struct PgDb {
  std::string name;
  /// The clock of the services open() opens.
  std::function<ifg::Timestamp()> clock = [] {
    return *ifg::parse_timestamp("2026-11-28T10:00:00Z");
  };
  explicit PgDb(const std::string& from = "template0") {
    static int n = 0;
    name = "ifg_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
    ifg::detail::PgConnection admin(test_cluster());
    admin.exec(("CREATE DATABASE " + name + " TEMPLATE " + from +
                (from == "template0" ? " ENCODING 'UTF8' LOCALE 'C'" : ""))
                   .c_str());
  }
  ~PgDb() {
    ifg::detail::PgConnection admin(test_cluster());
    admin.try_exec(("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").c_str());
  }
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;
  /// A service on the database: as the superuser, or logged in as `user`.
  ifg::Service open(bool create = false, const std::string& user = "") const {
    ifg::ServiceOptions o;
    o.db_path = target(name, user);
    o.create = create;
    o.clock = clock;
    return ifg::Service(o);
  }
  /// Runs `sql` in a session of its own, as psql would: nothing is captured there.
  void tamper(const std::string& sql) const {
    ifg::detail::PgConnection c(target(name));
    c.exec(sql.c_str());
  }
};

/// A login role per professional of `config`: on a shared database the login
/// is the actor. Roles belong to the whole cluster: made under a lock, since
/// the tests run side by side, and kept until the cluster goes; `init` reuses
/// them.
inline void make_login_roles(const ifg::Config& config) {
  ifg::detail::PgConnection admin(test_cluster());
  admin.exec("SELECT pg_advisory_lock(4242)");
  for (const auto& p : config.professionals)
    admin.exec(fmt::format("DO $$ BEGIN IF to_regrole('\"{0}\"') IS NULL THEN CREATE ROLE "
                           "\"{0}\"; END IF; END $$; ALTER ROLE \"{0}\" LOGIN",
                           p.id)
                   .c_str());
}
