// SPDX-License-Identifier: EUPL-1.2
// Logins (issue 17): on PostgreSQL the acting professional is the database
// role the session logged in as (session_user: SET ROLE does not change it),
// and init makes a role per professional.
// SQLite has no logins: login() is empty and ensure_roles() does nothing.
#include "i18n.h"
#include "store.h"
#include "store_queries.h"
#include "store_sql.h"

namespace ifg::detail {

std::optional<std::string> Store::login() {
  if (c_->engine() != Engine::kPostgresql) return std::nullopt;
  if (!login_) {
    auto& s = c_->stmt("SELECT session_user");
    ResetGuard g{s};
    if (!s.executeStep())
      throw Error(ErrorCode::kInternal, tr("the database did not say who is logged in"));
    login_ = s.getColumn(0).getString();
  }
  return login_;
}

void Store::ensure_roles() {
  if (c_->engine() != Engine::kPostgresql) return;
  // The group that holds the privileges on ifg's tables: one per database,
  // so a role of one region's database gains nothing in another's.
  Statement group(*c_,
                  "SELECT current_database() || '_professionals', "
                  "to_regrole(quote_ident(current_database() || '_professionals')) IS NULL");
  group.executeStep();
  const std::string members = group.getColumn(0).getString();
  if (group.getColumn(1).getInt() != 0) create_role(members);
  // Only the owner of the tables can grant on them (init after the first, by
  // a coordinator, finds the grants made).
  Statement own(*c_,
                "SELECT tableowner = current_user FROM pg_tables WHERE schemaname = "
                "current_schema() AND tablename = 'cases'");
  if (own.executeStep() && own.getColumn(0).getInt() != 0) grant_tables(members);
  Statement pros(*c_,
                 "SELECT p.id FROM professionals p WHERE to_regrole(quote_ident(p.id)) IS NULL "
                 "ORDER BY p.id");
  std::vector<std::string> missing;
  while (pros.executeStep()) missing.push_back(pros.getColumn(0).getString());
  for (const auto& id : missing) create_role(id);
  Statement all(*c_, "SELECT id FROM professionals ORDER BY id");
  while (all.executeStep()) grant_role(members, all.getColumn(0).getString());
}

void Store::create_role(const std::string& name) {
  // NOLOGIN until an administrator grants LOGIN with a password or a
  // certificate mapping (docs/deployment.md).
  Statement s(*c_, "SELECT format('CREATE ROLE %I NOLOGIN', ?1::text)");
  s.bind(1, name);
  s.executeStep();
  c_->exec(s.getColumn(0).getString().c_str());
}

void Store::grant_role(const std::string& group, const std::string& member) {
  Statement s(*c_,
              "SELECT format('GRANT %I TO %I', ?1::text, ?2::text) WHERE NOT pg_has_role(?2::text, "
              "?1::text, 'MEMBER')");
  s.bind(1, group);
  s.bind(2, member);
  if (s.executeStep()) c_->exec(s.getColumn(0).getString().c_str());
}

void Store::grant_tables(const std::string& group) {
  Statement s(*c_,
              "SELECT format('GRANT USAGE ON SCHEMA ifg TO %1$I; "
              "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ifg TO %1$I; "
              "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %3$I TO %1$I; "
              "GRANT USAGE ON ALL SEQUENCES IN SCHEMA %3$I TO %1$I; "
              "GRANT CONNECT, TEMPORARY ON DATABASE %2$I TO %1$I; "
              // the version is no one's to change (the trail's triggers guard it)
              "REVOKE INSERT, UPDATE, DELETE ON ifg_schema FROM %1$I; "
              // the facts of the trail are images of rows of every case (the
              // baseline's of all): `audit verify --state` is the owner's
              "REVOKE SELECT ON events, batch_events FROM %1$I; "
              "GRANT SELECT (id, case_id, at, actor, action, details, kind, justification, "
              "prev_hash, hash, format, jcommit, jsalt, clock) ON events TO %1$I; "
              "GRANT SELECT (chunk, seq, case_id, external_ref, outcome, hash) ON batch_events "
              "TO %1$I; "
              // the functions of lib/pg/policies.sql and store_queries.h: the group's
              "REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA %3$I FROM PUBLIC; "
              "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %3$I TO %1$I', ?1::text, "
              "current_database(), current_schema())");
  s.bind(1, group);
  s.executeStep();
  c_->exec(s.getColumn(0).getString().c_str());
  revoke_internal_queries(group);
}

void Store::revoke_internal_queries(const std::string& group) {
  // the per-case rows of the region report: a login reads them counted and
  // with the small numbers hidden, through ifg_region_report (store_queries.h)
  for (const DefinerQuery& q : kDefinerQueries) {
    if (!q.internal) continue;
    Statement s(*c_,
                fmt::format("SELECT format('REVOKE EXECUTE ON FUNCTION {}({}) FROM %I', ?1::text)",
                            q.name, q.params));
    s.bind(1, group);
    s.executeStep();
    c_->exec(s.getColumn(0).getString().c_str());
  }
}

}  // namespace ifg::detail
