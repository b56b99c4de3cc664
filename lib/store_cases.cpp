// SPDX-License-Identifier: EUPL-1.2
// Cases: registration, the stored referral and screening, involvement (who
// may know about a case), dry runs, retention and access requests.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "i18n.h"
#include "store.h"
#include "store_sql.h"
#include "text.h"

namespace ifg::detail {

namespace {

int children_of(const Referral& r) {
  return static_cast<int>(std::count_if(r.persons.begin(), r.persons.end(), [](const Person& p) {
    return p.role == PersonRole::kChild;
  }));
}

}  // namespace

namespace {

/// The SQLite URI that opens `path` read-only. Without a write-ahead log beside
/// it the file is also opened `immutable`, so that SQLite creates no -wal or
/// -shm file next to it; with one, the log may hold committed cases, and the
/// open connection of its writer keeps those files anyway.
std::string read_only_uri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#')
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      uri += c;
  }
  struct stat st {};
  const bool wal = ::stat((path + "-wal").c_str(), &st) == 0;
  return uri + (wal ? "?mode=ro" : "?mode=ro&immutable=1");
}

}  // namespace

std::vector<std::string> read_case_ids(const std::string& path) {
  try {
    SQLite::Database db(read_only_uri(path), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    SQLite::Statement s(db, "SELECT id FROM cases ORDER BY id");
    std::vector<std::string> ids;
    while (s.executeStep()) ids.push_back(s.getColumn(0).getString());
    return ids;
  } catch (const SQLite::Exception& e) {
    throw Error(ErrorCode::kStorage, trf("database {}: {}", path, e.what()));
  }
}

bool Store::case_exists(const std::string& id) {
  auto& s = c_->stmt("SELECT 1 FROM cases WHERE id = ?", "SELECT 1 WHERE ifg_case_exists(?)");
  ResetGuard g{s};
  s.bind(1, id);
  return s.executeStep();
}

std::optional<std::string> Store::case_by_ref(const std::string& region, const std::string& ref) {
  auto& s = c_->stmt("SELECT id FROM cases WHERE region = ? AND external_ref = ?",
                     // also a case the login does not see (lib/pg/policies.sql)
                     "SELECT id FROM ifg_case_by_ref(?, ?) AS id WHERE id IS NOT NULL");
  ResetGuard g{s};
  s.bind(1, region);
  s.bind(2, ref);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getString();
}

std::string Store::next_case_id(const std::string& region, int year) {
  auto [it, fresh] = counters_.try_emplace({region, year}, 0);
  if (fresh) {  // under the write lock no other connection can change it
    auto& s = c_->stmt("SELECT last_seq FROM case_counters WHERE region = ? AND year = ?");
    ResetGuard g{s};
    s.bind(1, region);
    s.bind(2, year);
    if (s.executeStep()) it->second = s.getColumn(0).getInt64();
  }
  return fmt::format("{}-{:04d}-{:04d}", region, year, ++it->second);
}

void Store::write_counters() {
  auto& s = c_->stmt(
      "INSERT INTO case_counters(region, year, last_seq) VALUES(?, ?, ?) "
      "ON CONFLICT(region, year) DO UPDATE SET last_seq = excluded.last_seq");
  for (const auto& [key, last] : counters_) {
    s.reset();
    s.bind(1, key.first);
    s.bind(2, key.second);
    s.bind(3, static_cast<int64_t>(last));
    s.exec();
  }
  counters_.clear();
}

bool Store::insert_case(const NewCase& c) {
  const Referral& r = *c.referral;
  auto& s = c_->stmt(
      "INSERT INTO cases(id, region, external_ref, received, status, referrer_kind, "
      "referrer_partner, channel, crisis_partner, referral, outcome, ruleset, screening, "
      "screened_at, created_at, created_by, children, batch_chunk, batch_seq, salt, "
      "last_activity) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, randomblob(16), ?15)");
  s.bind(1, c.id);
  s.bind(2, r.region);
  bind_opt(s, 3, r.external_ref);
  s.bind(4, r.received.to_string());
  s.bind(5, std::string(to_string(c.status)));
  s.bind(6, std::string(to_string(r.referrer.kind)));
  bind_opt(s, 7, r.referrer.partner);
  if (r.channel) s.bind(8, std::string(to_string(*r.channel)));
  if (r.crisis_partner) s.bind(9, std::string(to_string(*r.crisis_partner)));
  s.bind(10, c.referral_json);
  if (c.outcome) s.bind(11, std::string(to_string(*c.outcome)));
  bind_opt(s, 12, c.ruleset);
  bind_opt(s, 13, c.screening_json);
  if (c.screening_json) s.bind(14, c.at);
  s.bind(15, c.at);
  s.bind(16, c.actor);
  s.bind(17, children_of(r));
  if (c.batch) {
    s.bind(18, static_cast<int64_t>(c.batch->first));
    s.bind(19, c.batch->second);
  }
  s.exec();
  return link_persons(c.id, r);
}

std::optional<CaseRow> Store::case_row(const std::string& id) {
  auto& s = c_->stmt(
      "SELECT id, region, external_ref, received, status, referral, outcome, ruleset, screening, "
      "director, closure_reason, closure_note, created_by, purged_at, closed_at, monitor_until, "
      "transferred_to, transferred_from FROM cases WHERE id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  CaseRow row;
  row.id = s.getColumn(0).getString();
  row.region = s.getColumn(1).getString();
  row.external_ref = opt_text(s.getColumn(2));
  row.received = s.getColumn(3).getString();
  row.status = stored_enum<CaseStatus>(s.getColumn(4), "cases.status");
  row.referral_json = s.getColumn(5).getString();
  row.outcome = stored_opt_enum<Outcome>(s.getColumn(6), "cases.outcome");
  row.ruleset = opt_text(s.getColumn(7));
  row.screening_json = opt_text(s.getColumn(8));
  row.director = opt_text(s.getColumn(9));
  row.closure_reason = stored_opt_enum<ClosureReason>(s.getColumn(10), "cases.closure_reason");
  row.closure_note = opt_text(s.getColumn(11));
  row.created_by = opt_text(s.getColumn(12));
  row.purged_at = opt_text(s.getColumn(13));
  row.closed_at = opt_text(s.getColumn(14));
  if (!s.getColumn(15).isNull())
    row.monitor_until = stored_date(s.getColumn(15), "cases.monitor_until");
  row.transferred_to = opt_text(s.getColumn(16));
  row.transferred_from = opt_text(s.getColumn(17));
  return row;
}

void Store::update_referral(const std::string& id, const Referral& r,
                            const std::string& referral_json) {
  auto& s = c_->stmt(
      "UPDATE cases SET received = ?, referrer_kind = ?, referrer_partner = ?, channel = ?, "
      "crisis_partner = ?, referral = ?, children = ? WHERE id = ?");
  s.bind(1, r.received.to_string());
  s.bind(2, std::string(to_string(r.referrer.kind)));
  bind_opt(s, 3, r.referrer.partner);
  if (r.channel) s.bind(4, std::string(to_string(*r.channel)));
  if (r.crisis_partner) s.bind(5, std::string(to_string(*r.crisis_partner)));
  s.bind(6, referral_json);
  s.bind(7, children_of(r));
  s.bind(8, id);
  s.exec();
}

void Store::store_screening(const std::string& id, CaseStatus status, Outcome outcome,
                            const std::string& ruleset, const std::string& screening_json,
                            const std::string& at) {
  auto& s = c_->stmt(
      "UPDATE cases SET status = ?, outcome = ?, ruleset = ?, screening = ?, screened_at = ? "
      "WHERE id = ?");
  s.bind(1, std::string(to_string(status)));
  s.bind(2, std::string(to_string(outcome)));
  s.bind(3, ruleset);
  s.bind(4, screening_json);
  s.bind(5, at);
  s.bind(6, id);
  s.exec();
}

void Store::add_involvement(const std::string& case_id, const std::string& partner,
                            std::string_view reason) {
  auto& s = c_->stmt(
      "INSERT INTO involvement(case_id, partner_id, reason) VALUES(?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  s.bind(1, case_id);
  s.bind(2, partner);
  s.bind(3, std::string(reason));
  s.exec();
}

namespace {

// Who is involved in a case by its referral is derived from the case row and
// the partners configured now (schema 6): the referrer's partner, and the
// partners of the channel's and the crisis partner's kind that serve the
// case's region. Stored rows record facts: attendees, action holders, directors.
#define IFG_REFERRAL_INVOLVEMENT(CASE)                                                       \
  "SELECT c.referrer_partner AS partner_id, 'referrer' AS reason FROM cases c "              \
  "WHERE c.id = " CASE                                                                       \
  " AND c.referrer_partner IS NOT NULL "                                                     \
  "UNION SELECT p.id, 'channel' FROM cases c JOIN partners p ON p.kind = c.channel "         \
  "JOIN partner_regions r ON r.partner_id = p.id AND r.region = c.region WHERE c.id = " CASE \
  " UNION SELECT p.id, 'crisis_partner' FROM cases c JOIN partners p "                       \
  "ON p.kind = c.crisis_partner JOIN partner_regions r ON r.partner_id = p.id "              \
  "AND r.region = c.region WHERE c.id = " CASE

}  // namespace

std::vector<Involvement> Store::involvement(const std::string& case_id) {
  auto& s = c_->stmt(
      "SELECT partner_id, reason FROM (SELECT partner_id, reason FROM involvement "
      "WHERE case_id = ?1 UNION " IFG_REFERRAL_INVOLVEMENT("?1") ") AS i ORDER BY partner_id, "
      "CASE reason WHEN 'referrer' THEN 1 WHEN 'channel' THEN 2 WHEN 'crisis_partner' THEN 3 "
      "WHEN 'attendee' THEN 4 WHEN 'action_holder' THEN 5 ELSE 6 END");
  ResetGuard g{s};
  s.bind(1, case_id);
  std::vector<Involvement> out;
  while (s.executeStep()) {
    const std::string partner = s.getColumn(0).getString();
    if (out.empty() || out.back().partner != partner) out.push_back({partner, {}});
    out.back().reasons.push_back(s.getColumn(1).getString());
  }
  return out;
}

bool Store::involved(const std::string& case_id, const std::string& partner) {
  auto& s = c_->stmt(
      "SELECT 1 FROM involvement WHERE case_id = ?1 AND partner_id = ?2 UNION ALL "
      "SELECT 1 FROM (" IFG_REFERRAL_INVOLVEMENT("?1") ") AS i WHERE partner_id = ?2 LIMIT 1");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, partner);
  return s.executeStep();
}

std::vector<std::string> Store::purgeable(const std::string& before_date,
                                          const std::vector<std::string>& regions) {
  // The partial index holds only the closed cases not purged yet.
  Statement q(*c_,
              "SELECT id, region FROM cases INDEXED BY cases_closed WHERE status = "
              "'closed' AND purged_at IS NULL AND substr(closed_at, 1, 10) < ?");
  q.bind(1, before_date);
  std::vector<std::string> out;
  while (q.executeStep())
    if (std::find(regions.begin(), regions.end(), q.getColumn(1).getString()) != regions.end())
      out.push_back(q.getColumn(0).getString());
  std::sort(out.begin(), out.end());
  return out;
}

void Store::anonymise(const std::string& case_id, const std::string& referral_json,
                      const std::string& at) {
  // secure_delete overwrites the freed content instead of leaving it in free
  // pages; a new salt leaves nothing to test a guess of the old text against
  // the commitments the trail keeps (store_state.h).
  // PostgreSQL keeps the old row versions until VACUUM (docs/deployment.md).
  if (c_->engine() == Engine::kSqlite) c_->exec("PRAGMA secure_delete = ON");
  Statement c(*c_,
              "UPDATE cases SET referral = ?, closure_note = NULL, purged_at = ?, "
              "salt = randomblob(16) WHERE id = ?");
  c.bind(1, referral_json);
  c.bind(2, at);
  c.bind(3, case_id);
  c.exec();
  for (const char* sql :
       {"UPDATE decisions SET motivation = '' WHERE case_id = ?",
        "UPDATE meetings SET purpose = '', notes = NULL WHERE case_id = ?",
        "UPDATE actions SET text = '' WHERE case_id = ?",
        "UPDATE action_changes SET note = NULL WHERE case_id = ?",
        "UPDATE director_terms SET reason = NULL WHERE case_id = ?",
        "UPDATE monitoring SET note = '' WHERE case_id = ?",
        "UPDATE reopenings SET reason = '', closure_note = NULL WHERE case_id = ?",
        "UPDATE person_facts SET name = NULL, birth_year = NULL, gender = NULL, "
        "removed_reason = iif(removed_reason IS NULL, NULL, '') WHERE case_id = ?",
        "UPDATE assessments SET motivation = iif(motivation IS NULL, NULL, '') WHERE case_id = "
        "?"}) {
    Statement u(*c_, sql);
    u.bind(1, case_id);
    u.exec();
  }
  forget_persons(case_id);
  audit_->forget_justifications(case_id);
}

void Store::truncate_wal() {
  // SQLite's write-ahead log only; PostgreSQL keeps a removed row's text until
  // VACUUM reclaims its space.
  if (c_->engine() != Engine::kSqlite || c_->path() == ":memory:") return;
  Statement q(*c_, "PRAGMA wal_checkpoint(TRUNCATE)");
  if (q.executeStep() && q.getColumn(0).getInt() != 0)
    throw Error(ErrorCode::kStorage,
                trf("database {}: the change is stored, but another process kept the "
                    "write-ahead log ({}-wal) open, so it still holds the removed text; "
                    "run the command again when no other ifg uses the database",
                    c_->path(), c_->path()));
}

std::vector<std::string> Store::cases_naming(const std::string& name, std::optional<int> birth_year,
                                             const std::vector<std::string>& regions) {
  // Every name with its case and birth year; name_key() (NFC, case-folded,
  // white space folded: lib/text.h) compares them here, in C++, so both
  // engines compare names alike (PostgreSQL has no Unicode case folding).
  Statement q(*c_,
              "SELECT c.id, c.region, json_extract(p.value, '$.name'), "
              "CAST(json_extract(p.value, '$.birth_year') AS INTEGER) "
              "FROM cases c, json_each(c.referral, '$.persons') p "
              "UNION ALL SELECT c.id, c.region, json_extract(c.referral, '$.referrer.name'), NULL "
              "FROM cases c WHERE ?1 = 0 "
              // a person added or renamed after registration (schema 12)
              "UNION ALL SELECT c.id, c.region, f.name, f.birth_year "
              "FROM person_facts f JOIN cases c ON c.id = f.case_id");
  q.bind(1, birth_year ? 1 : 0);  // a referrer has no birth year to match
  const std::string wanted = name_key(name);
  std::set<std::string> out;
  while (q.executeStep()) {
    if (q.isColumnNull(2) || name_key(q.getColumn(2).getString()) != wanted) continue;
    if (birth_year && (q.isColumnNull(3) || q.getColumn(3).getInt() != *birth_year)) continue;
    if (std::find(regions.begin(), regions.end(), q.getColumn(1).getString()) != regions.end())
      out.insert(q.getColumn(0).getString());
  }
  return {out.begin(), out.end()};
}

void Store::dry_run_begin() {
  c_->exec(
      "CREATE TEMP TABLE IF NOT EXISTS dry_run_refs(region TEXT, ref TEXT, "
      "PRIMARY KEY(region, ref)) WITHOUT ROWID");
  c_->exec("DELETE FROM temp.dry_run_refs");
}

bool Store::dry_run_seen(const std::string& region, const std::string& ref) {
  auto& s = c_->stmt("SELECT 1 FROM temp.dry_run_refs WHERE region = ? AND ref = ?");
  ResetGuard g{s};
  s.bind(1, region);
  s.bind(2, ref);
  return s.executeStep();
}

void Store::dry_run_add(const std::string& region, const std::string& ref) {
  auto& s =
      c_->stmt("INSERT INTO temp.dry_run_refs(region, ref) VALUES(?, ?) ON CONFLICT DO NOTHING");
  s.bind(1, region);
  s.bind(2, ref);
  s.exec();
}

}  // namespace ifg::detail
