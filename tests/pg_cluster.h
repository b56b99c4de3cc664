// SPDX-License-Identifier: EUPL-1.2
// The throw-away PostgreSQL cluster of the [postgresql] tests (scripts/pg-cluster,
// started by ctest's pg_cluster fixture, which sets IFG_TEST_PG).
#pragma once

#include "catch.hpp"

#include <cstdlib>
#include <string>

/// The superuser connection string of the test cluster; fails the test without it.
inline std::string test_cluster() {
  const char* conninfo = std::getenv("IFG_TEST_PG");
  if (!conninfo || !*conninfo)
    FAIL(
        "IFG_TEST_PG is not set: run this through ctest, whose pg_cluster fixture starts "
        "a throw-away cluster (scripts/pg-cluster)");
  return conninfo;
}
