// SPDX-License-Identifier: EUPL-1.2
// The queries that read past row-level security on PostgreSQL (store_queries.h)
// as SECURITY DEFINER functions, made by `ifg init` from the same SQL text the
// store runs on SQLite.
#include "store.h"
#include "store_pg.h"
#include "store_queries.h"

namespace ifg::detail {

namespace {

/// CREATE FUNCTION for `q`: PL/pgSQL, so that RETURN QUERY keeps the query's
/// order (a projection of its rows keeps it too); its guard refuses a login
/// that may not ask, as a policy would. Without JIT: the planner guesses a
/// thousand rows per function, and compiling for those costs ifg_region_report
/// some 60 ms more than counting its few thousand real rows.
std::string definer_function(const DefinerQuery& q, const std::string& schema) {
  int params = 0;
  return fmt::format(
      "CREATE FUNCTION {0}({1}) RETURNS TABLE({2}) LANGUAGE plpgsql STABLE SECURITY DEFINER "
      "SET search_path = ifg, {3}, pg_temp SET jit = off AS $ifg$\n"
      "#variable_conflict use_column\n"
      "BEGIN\n"
      "  IF ({4}) IS NOT TRUE THEN\n"
      "    RAISE EXCEPTION '{0}: % may not ask this', session_user\n"
      "      USING ERRCODE = 'insufficient_privilege';\n"
      "  END IF;\n"
      "  RETURN QUERY SELECT {6} FROM ({5}) AS q;\n"
      "END $ifg$",
      q.name, q.params, q.returns, schema, postgresql_placeholders(q.guard, params),
      postgresql_placeholders(q.sql, params), q.shown ? q.shown : "q.*");
}

// ifg_region_report gives a login that coordinates none of its regions this
// smallest count shown, as the service gives an analyst (reports.cpp).
static_assert(sizeof(IFG_ANALYST_MIN_CELL) == 2 &&
              IFG_ANALYST_MIN_CELL[0] - '0' == kAnalystMinCell);

}  // namespace

void Store::create_definer_queries() {
  Statement here(*c_, "SELECT quote_ident(current_schema())");
  here.executeStep();
  const std::string schema = here.getColumn(0).getString();
  for (const DefinerQuery& q : kDefinerQueries) {
    c_->exec(definer_function(q, schema).c_str());
    // PUBLIC may execute a new function: the group's grant is grant_tables'
    c_->exec(fmt::format("REVOKE ALL ON FUNCTION {}({}) FROM PUBLIC", q.name, q.params).c_str());
  }
}

}  // namespace ifg::detail
