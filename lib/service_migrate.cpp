// SPDX-License-Identifier: EUPL-1.2
// Moving a region from an SQLite file to PostgreSQL (issue 17).
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/service.h"
#include "store.h"

namespace ifg {

namespace {

/// The checks before anything is written: a file in, PostgreSQL out.
void check_migration(const std::string& from, const std::string& to) {
  if (!detail::Store::is_postgresql(to))
    throw Error(ErrorCode::kUsage,
                trf("the target of a migration is a PostgreSQL database (a postgresql:// URI "
                    "or a connection string), not {}",
                    detail::Store::shown(to)));
  if (detail::Store::is_postgresql(from))
    throw Error(ErrorCode::kUsage, tr("the source of a migration is an SQLite database file"));
}

/// The target's trail, which must be intact and end where the file's does.
AuditVerification verify_target(detail::Store& target, const AuditHead& source) {
  AuditVerification v = target.audit().verify(/*state=*/true);
  if (v.state)
    throw Error(ErrorCode::kStorage,
                trf("the copied rows do not agree with the copied audit trail (table {}: {}); "
                    "nothing was stored in the target",
                    v.state->table, v.state->problem));
  if (!v.intact)
    throw Error(ErrorCode::kStorage,
                trf("the copied audit trail does not verify (entry {}: {}); nothing was "
                    "stored in the target",
                    v.first_broken.value_or(0), v.problem));
  if (v.head.entries != source.entries || v.head.head != source.head)
    throw Error(ErrorCode::kStorage,
                trf("the copied audit trail ends at {} entries, head {}, where the file's ends at "
                    "{}, head {}; nothing was stored in the target",
                    v.head.entries, v.head.head, source.entries, source.head));
  return v;
}

}  // namespace

std::string Service::shown_database(const std::string& db) {
  return detail::Store::shown(db);
}

bool Service::is_server_database(const std::string& db) {
  return detail::Store::is_postgresql(db);
}

MigrationSummary Service::migrate(const std::string& from, const std::string& to,
                                  const std::string& now) {
  check_migration(from, to);
  detail::Store source(from, /*create=*/false, 5000, now);
  if (detail::Store::holds_tables(to))
    throw Error(ErrorCode::kStorage,
                trf("database {} is not empty: a region is moved into an empty database only "
                    "(nothing was changed)",
                    detail::Store::shown(to)));
  try {
    auto target_store = detail::Store::empty_target(to);
    detail::Store& target = *target_store;
    MigrationSummary sum;
    // Checked before the copy commits: a trail that does not verify, or ends
    // elsewhere, leaves the target as empty as it was.
    const auto check = [&](const AuditHead& head) {
      sum.source_head = head;
      sum.target = verify_target(target, head);
    };
    for (const auto& t : source.copy_into(target, now, check)) {
      sum.tables.emplace_back(t.name, t.rows);
      sum.rows += t.rows;
    }
    return sum;
  } catch (const Error&) {
    throw;
  } catch (...) {
    detail::Store::rethrow_as_error(to);
  }
}

}  // namespace ifg
