// SPDX-License-Identifier: EUPL-1.2
// The SQL of persons across cases (schema 11, issue 14): each person of a
// referral is linked to one person of the case's region, found by the name
// key (lib/text.h: NFC, case-folded, white space folded) and the birth year.
#include <algorithm>
#include <tuple>

#include "store.h"
#include "store_queries.h"
#include "store_sql.h"
#include "text.h"

namespace ifg::detail {

std::optional<std::int64_t> Store::known_person(const std::string& region, const std::string& key,
                                                int birth_year) {
  // Before schema 13 (linking the stored cases in migration 11) there are no aliases.
  auto& q = before_aliases_
                ? c_->stmt(
                      "SELECT id FROM persons INDEXED BY persons_match WHERE region = ? AND "
                      "name_key = ? AND birth_year = ? ORDER BY id LIMIT 1")
                : c_->stmt(
                      "SELECT coalesce(same_as, id) FROM persons INDEXED BY persons_match "
                      "WHERE region = ? AND name_key = ? AND birth_year = ? ORDER BY id "
                      "LIMIT 1",
                      // persons of cases the login does not see (lib/pg/policies.sql)
                      "SELECT id FROM ifg_known_person(?, ?, ?) AS id WHERE id IS NOT NULL");
  ResetGuard g{q};
  q.bind(1, region);
  q.bind(2, key);
  q.bind(3, birth_year);
  if (q.executeStep()) return q.getColumn(0).getInt64();
  return std::nullopt;
}

std::pair<std::int64_t, bool> Store::person_for(const std::string& region,
                                                const std::optional<std::string>& key,
                                                std::optional<int> birth_year) {
  // Only a name and a birth year together identify a person; without either,
  // the person of this referral is a person of their own.
  if (key && birth_year)
    if (auto known = known_person(region, *key, *birth_year)) return {*known, true};
  // On PostgreSQL the login reads the new row only once a case names it
  // (lib/pg/policies.sql), so no RETURNING: the id is drawn first.
  auto& s = c_->stmt(
      "INSERT INTO persons(region, name_key, birth_year, salt) VALUES(?2, ?3, ?4, randomblob(16)) "
      "RETURNING id",
      "INSERT INTO persons(id, region, name_key, birth_year, salt) VALUES(?1, ?2, ?3, ?4, "
      "randomblob(16))");
  ResetGuard g{s};
  std::int64_t id = 0;
  if (c_->engine() == Engine::kPostgresql) {
    // cached: a batch draws one per new person
    auto& next = c_->stmt("SELECT nextval(pg_get_serial_sequence('persons', 'id'))");
    ResetGuard gn{next};
    next.executeStep();
    id = next.getColumn(0).getInt64();
    s.bind(1, static_cast<int64_t>(id));
  }
  s.bind(2, region);
  bind_opt(s, 3, key);
  if (birth_year) s.bind(4, *birth_year);
  if (s.executeStep()) id = s.getColumn(0).getInt64();
  if (id == 0) throw Error(ErrorCode::kInternal, tr("a new person was stored without an id"));
  return {id, false};
}

bool Store::link_person(const std::string& case_id, int number, const std::string& region,
                        PersonRole role, const std::optional<std::string>& name,
                        std::optional<int> birth_year) {
  std::optional<std::string> key;
  if (name)
    if (std::string k = name_key(*name); !k.empty()) key = std::move(k);
  const auto [person, known] = person_for(region, key, birth_year);
  auto& s =
      c_->stmt("INSERT INTO case_persons(case_id, number, person_id, role) VALUES(?, ?, ?, ?)");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, number);
  s.bind(3, static_cast<int64_t>(person));
  s.bind(4, std::string(to_string(role)));
  s.exec();
  return known;
}

namespace {

bool counts_for_repeat(PersonRole role) {
  return role == PersonRole::kVictim || role == PersonRole::kChild;
}

}  // namespace

bool Store::link_persons(const std::string& case_id, const Referral& r) {
  int number = 0;
  bool repeat_possible = false;
  for (const auto& p : r.persons)
    if (link_person(case_id, ++number, r.region, p.role, p.name, p.birth_year) &&
        counts_for_repeat(p.role))
      repeat_possible = true;
  return repeat_possible;
}

void Store::link_all_persons() {
  struct Before {
    bool& flag;
    explicit Before(bool& f) : flag(f) { flag = true; }
    ~Before() { flag = false; }
  } before(before_aliases_);
  Statement q(
      *c_,
      "SELECT c.id, c.region, p.key + 1, json_extract(p.value, '$.role'), "
      "json_extract(p.value, '$.name'), json_extract(p.value, '$.birth_year') "
      "FROM cases c, json_each(c.referral, '$.persons') p ORDER BY c.received, c.id, p.key");
  while (q.executeStep()) {
    const auto role = stored_enum<PersonRole>(q.getColumn(3), "cases.referral persons.role");
    std::optional<int> year;
    if (!q.isColumnNull(5)) year = q.getColumn(5).getInt();
    link_person(q.getColumn(0).getString(), q.getColumn(2).getInt(), q.getColumn(1).getString(),
                role, opt_text(q.getColumn(4)), year);
  }
}

void Store::unlink_persons(const std::string& case_id) {
  std::vector<int> numbers;
  {
    Statement q(*c_, "SELECT number FROM case_persons WHERE case_id = ?");
    q.bind(1, case_id);
    while (q.executeStep()) numbers.push_back(q.getColumn(0).getInt());
  }
  for (const int n : numbers) unlink_person(case_id, n);
}

void Store::unlink_person(const std::string& case_id, int number) {
  auto& d =
      c_->stmt("DELETE FROM case_persons WHERE case_id = ? AND number = ? RETURNING person_id");
  ResetGuard g{d};
  d.bind(1, case_id);
  d.bind(2, number);
  if (!d.executeStep()) return;
  const std::int64_t person = d.getColumn(0).getInt64();
  d.tryReset();
  forget_if_unnamed(person);
}

void Store::forget_if_unnamed(std::int64_t person) {
  auto& named = c_->stmt("SELECT 1 FROM case_persons WHERE person_id = ?");
  ResetGuard gn{named};
  named.bind(1, static_cast<int64_t>(person));
  if (named.executeStep()) return;
  // No case names the person any more: they go, with the spellings merged into
  // them and every decision on them, so that no later person (whose id may be
  // this one again) inherits a rejection.
  for (const char* sql :
       {"DELETE FROM person_decisions WHERE a IN (SELECT id FROM persons WHERE id = ?1 OR "
        "same_as = ?1) OR b IN (SELECT id FROM persons WHERE id = ?1 OR same_as = ?1)",
        "DELETE FROM persons WHERE same_as = ?1", "DELETE FROM persons WHERE id = ?1"}) {
    Statement s(*c_, sql);
    s.bind(1, static_cast<int64_t>(person));
    s.exec();
  }
}

std::vector<Store::PersonFactRow> Store::person_facts(const std::string& case_id) {
  auto& q = c_->stmt(
      "SELECT number, role, name, birth_year, gender, added, removed_reason, at, actor "
      "FROM person_facts WHERE case_id = ? ORDER BY number");
  ResetGuard g{q};
  q.bind(1, case_id);
  std::vector<PersonFactRow> rows;
  while (q.executeStep()) {
    PersonFactRow f;
    f.number = q.getColumn(0).getInt();
    f.role = stored_enum<PersonRole>(q.getColumn(1), "person_facts.role");
    f.name = opt_text(q.getColumn(2));
    if (!q.isColumnNull(3)) f.birth_year = q.getColumn(3).getInt();
    f.gender = stored_opt_enum<Gender>(q.getColumn(4), "person_facts.gender");
    f.added = q.getColumn(5).getInt() != 0;
    f.removed_reason = opt_text(q.getColumn(6));
    f.at = q.getColumn(7).getString();
    f.actor = q.getColumn(8).getString();
    rows.push_back(std::move(f));
  }
  return rows;
}

void Store::put_person_facts(const std::string& case_id, const PersonFactRow& f) {
  auto& s = c_->stmt(
      "INSERT INTO person_facts(case_id, number, role, name, birth_year, gender, "
      "added, removed_reason, at, actor) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (case_id, number) DO UPDATE SET role = excluded.role, name = excluded.name, "
      "birth_year = excluded.birth_year, gender = excluded.gender, added = excluded.added, "
      "removed_reason = excluded.removed_reason, at = excluded.at, actor = excluded.actor");
  ResetGuard g{s};
  s.bind(1, case_id);
  s.bind(2, f.number);
  s.bind(3, std::string(to_string(f.role)));
  bind_opt(s, 4, f.name);
  bind_opt(s, 5, f.birth_year);
  if (f.gender) s.bind(6, std::string(to_string(*f.gender)));
  s.bind(7, f.added ? 1 : 0);
  bind_opt(s, 8, f.removed_reason);
  s.bind(9, f.at);
  s.bind(10, f.actor);
  s.exec();
}

int Store::next_person_number(const std::string& case_id) {
  auto& q = c_->stmt(
      "SELECT max(coalesce((SELECT max(number) FROM case_persons WHERE case_id = ?1), 0), "
      "coalesce((SELECT max(number) FROM person_facts WHERE case_id = ?1), 0)) + 1");
  ResetGuard g{q};
  q.bind(1, case_id);
  q.executeStep();
  return q.getColumn(0).getInt();
}

void Store::relink_person(const std::string& case_id, const std::string& region,
                          const PersonFactRow& f, bool link_anew) {
  if (link_anew || f.removed_reason) {
    unlink_person(case_id, f.number);
    if (!f.removed_reason) link_person(case_id, f.number, region, f.role, f.name, f.birth_year);
  } else {  // the same person: only the role may have changed
    auto& r = c_->stmt("UPDATE case_persons SET role = ? WHERE case_id = ? AND number = ?");
    ResetGuard gr{r};
    r.bind(1, std::string(to_string(f.role)));
    r.bind(2, case_id);
    r.bind(3, f.number);
    r.exec();
  }
  auto& u = c_->stmt(
      "UPDATE cases SET children = (SELECT count(*) FROM case_persons WHERE case_id = ?1 AND "
      "role = 'child') WHERE id = ?1");
  ResetGuard g{u};
  u.bind(1, case_id);
  u.exec();
}

void Store::forget_persons(const std::string& case_id) {
  Statement u(*c_,
              "UPDATE persons SET name_key = NULL, birth_year = NULL, "
              "salt = randomblob(16) "
              "WHERE name_key IS NOT NULL AND (id IN (SELECT person_id FROM case_persons "
              "WHERE case_id = ?1) OR same_as IN (SELECT person_id FROM case_persons "
              "WHERE case_id = ?1)) AND NOT EXISTS (SELECT 1 "
              "FROM case_persons cp JOIN cases c ON c.id = cp.case_id WHERE "
              "cp.person_id = coalesce(persons.same_as, persons.id) AND "
              "c.purged_at IS NULL)");
  u.bind(1, case_id);
  u.exec();
}

std::vector<Store::CasePersonRow> Store::case_persons(const std::string& case_id) {
  Statement q(*c_,
              c_->engine() == Engine::kSqlite
                  ? "SELECT cp.number, cp.person_id, cp.role, (SELECT count(DISTINCT o.case_id) "
                    "FROM case_persons o WHERE o.person_id = cp.person_id AND o.case_id <> "
                    "cp.case_id) FROM case_persons cp WHERE cp.case_id = ? ORDER BY cp.number"
                  // also the cases the login does not see (store_queries.h)
                  : "SELECT cp.number, cp.person_id, cp.role, (SELECT n FROM "
                    "ifg_person_case_count(cp.person_id, cp.case_id)) FROM case_persons cp "
                    "WHERE cp.case_id = ? ORDER BY cp.number");
  q.bind(1, case_id);
  std::vector<CasePersonRow> rows;
  while (q.executeStep())
    rows.push_back({q.getColumn(0).getInt(), q.getColumn(1).getInt64(),
                    stored_enum<PersonRole>(q.getColumn(2), "case_persons.role"),
                    q.getColumn(3).getInt()});
  return rows;
}

std::vector<std::string> Store::cases_of_person(std::int64_t person, const std::string& except) {
  Statement q(*c_,
              "SELECT DISTINCT c.id, c.received FROM case_persons cp JOIN cases c ON "
              "c.id = cp.case_id WHERE cp.person_id = ? AND c.id <> ? "
              "ORDER BY c.received, c.id");
  q.bind(1, static_cast<int64_t>(person));
  q.bind(2, except);
  std::vector<std::string> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  return ids;
}

std::int64_t Store::person_case_count(std::int64_t person, const std::string& except) {
  auto& q = c_->stmt(kPersonCaseCountSql, "SELECT * FROM ifg_person_case_count(?1, ?2)");
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(person));
  q.bind(2, except);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

std::vector<Store::RepeatRow> Store::repeat_of(const std::string& id, int months) {
  // On PostgreSQL the family's earlier cases also when the login may not read
  // them (store_queries.h).
  auto& q = c_->stmt(kRepeatOfCaseSql, "SELECT * FROM ifg_repeat_of_case(?1, ?2)");
  ResetGuard g{q};
  q.bind(1, id);
  q.bind(2, months);
  std::vector<RepeatRow> rows;
  while (q.executeStep()) rows.push_back({q.getColumn(0).getInt(), q.getColumn(1).getString()});
  return rows;
}

std::vector<Store::RepeatRow> Store::repeat_of(const Referral& r, int months) {
  auto& q = c_->stmt(kRepeatOfPersonSql, "SELECT * FROM ifg_repeat_of_person(?1, ?2, ?3)");
  // (received, id length, id, number): sorted as repeat_of(id) orders its rows.
  std::vector<std::tuple<std::string, std::size_t, std::string, int>> found;
  int number = 0;
  for (const auto& p : r.persons) {
    ++number;
    if (!counts_for_repeat(p.role) || !p.name || !p.birth_year) continue;
    const std::string key = name_key(*p.name);
    const auto person = key.empty() ? std::nullopt : known_person(r.region, key, *p.birth_year);
    if (!person) continue;
    ResetGuard g{q};
    q.bind(1, static_cast<int64_t>(*person));
    q.bind(2, r.received.to_string());
    q.bind(3, months);
    while (q.executeStep()) {
      std::string id = q.getColumn(1).getString();
      found.emplace_back(q.getColumn(0).getString(), id.size(), std::move(id), number);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<RepeatRow> rows;
  for (auto& f : found) rows.push_back({std::get<3>(f), std::move(std::get<2>(f))});
  return rows;
}

}  // namespace ifg::detail
