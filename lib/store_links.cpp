// SPDX-License-Identifier: EUPL-1.2
// The SQL of possible links between persons (schema 13, issue 14): persons of
// a region who may be the same one, found when asked for, and a coordinator's
// decisions on them (person_decisions), which merge or keep apart.
#include "store.h"
#include "store_queries.h"
#include "store_sql.h"
#include "text.h"

namespace ifg::detail {

namespace {

constexpr int kMaxDistance = 2;

Store::PersonRow person_from(Statement& q) {
  Store::PersonRow p;
  p.id = q.getColumn(0).getInt64();
  p.region = q.getColumn(1).getString();
  p.key = opt_text(q.getColumn(2));
  if (!q.isColumnNull(3)) p.birth_year = q.getColumn(3).getInt();
  if (!q.isColumnNull(4)) p.same_as = q.getColumn(4).getInt64();
  return p;
}

// A candidate is no alias, no person of a case that names `p` (?1) too, and
// no pair decided on already.
#define IFG_UNDECIDED                                                                       \
  " AND same_as IS NULL AND id <> ?1 AND NOT EXISTS (SELECT 1 FROM person_decisions d "     \
  "WHERE d.a = min(id, ?1) AND d.b = max(id, ?1)) AND NOT EXISTS (SELECT 1 FROM "           \
  "case_persons x JOIN case_persons y ON y.case_id = x.case_id WHERE x.person_id = ?1 AND " \
  "y.person_id = persons.id)"

}  // namespace

std::optional<Store::PersonRow> Store::person_row(std::int64_t id) {
  auto& q = c_->stmt("SELECT id, region, name_key, birth_year, same_as FROM persons WHERE id = ?");
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  return person_from(q);
}

std::vector<Store::PersonRow> Store::named_persons(const std::string& region) {
  Statement q(*c_,
              "SELECT id, region, name_key, birth_year, same_as FROM persons WHERE "
              "region = ? AND name_key IS NOT NULL AND same_as IS NULL ORDER BY id");
  q.bind(1, region);
  std::vector<PersonRow> out;
  while (q.executeStep()) out.push_back(person_from(q));
  return out;
}

std::vector<Store::NearPerson> Store::persons_near(const PersonRow& p) {
  std::vector<NearPerson> out;
  if (!p.key) return out;
  if (p.birth_year) {  // a similar name key, the same birth year
    const std::u32string mine = code_points(*p.key);
    const auto length = static_cast<int>(mine.size());
    auto& q = c_->stmt(
        "SELECT id, name_key FROM persons INDEXED BY persons_near WHERE region = ?2 AND "
        "birth_year = ?3 AND length(name_key) BETWEEN ?4 AND ?5 AND name_key IS NOT NULL "
        "AND name_key <> ?6" IFG_UNDECIDED);
    ResetGuard g{q};
    q.bind(1, static_cast<int64_t>(p.id));
    q.bind(2, p.region);
    q.bind(3, *p.birth_year);
    q.bind(4, length - kMaxDistance);
    q.bind(5, length + kMaxDistance);
    q.bind(6, *p.key);
    while (q.executeStep()) {
      const int d = edit_distance(mine, code_points(q.getColumn(1).getString()), kMaxDistance);
      if (d <= kMaxDistance)
        out.push_back({q.getColumn(0).getInt64(), LinkReason::kSimilarName, d});
    }
  }
  // The same name key where exactly one of the two has no birth year.
  auto& q = c_->stmt(
      "SELECT id FROM persons INDEXED BY persons_match WHERE region = ?2 AND name_key = ?3 AND "
      "CASE WHEN birth_year IS NULL THEN 1 ELSE 0 END <> ?4" IFG_UNDECIDED);
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(p.id));
  q.bind(2, p.region);
  q.bind(3, *p.key);
  q.bind(4, p.birth_year ? 0 : 1);
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), LinkReason::kBirthYearMissing, 0});
  return out;
}

std::int64_t Store::possible_link_count(std::int64_t id) {
  if (c_->engine() == Engine::kSqlite) {
    const auto row = person_row(id);
    return row ? static_cast<std::int64_t>(persons_near(*row).size()) : 0;
  }
  // also persons of cases the login does not see, counted in the database
  // (store_queries.h), as no name key of theirs may leave it
  auto& q = c_->stmt("SELECT n FROM ifg_possible_link_count(?1)");
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(id));
  return q.executeStep() && !q.isColumnNull(0) ? q.getColumn(0).getInt64() : 0;
}

std::optional<Store::FirstAppearance> Store::first_appearance(std::int64_t id) {
  auto& q = c_->stmt(
      "SELECT cp.case_id, cp.number, (SELECT count(DISTINCT o.case_id) FROM case_persons o "
      "WHERE o.person_id = ?1) FROM case_persons cp JOIN cases c ON c.id = cp.case_id WHERE "
      "cp.person_id = ?1 ORDER BY c.purged_at IS NOT NULL, c.received, length(c.id), c.id, "
      "cp.number LIMIT 1");
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  return FirstAppearance{q.getColumn(0).getString(), q.getColumn(1).getInt(),
                         q.getColumn(2).getInt()};
}

bool Store::in_one_case(std::int64_t a, std::int64_t b) {
  auto& q = c_->stmt(
      "SELECT 1 FROM case_persons x JOIN case_persons y ON y.case_id = x.case_id WHERE "
      "x.person_id = ? AND y.person_id = ?");
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(a));
  q.bind(2, static_cast<int64_t>(b));
  return q.executeStep();
}

std::optional<Store::PersonDecision> Store::person_decision(std::int64_t a, std::int64_t b) {
  auto& q =
      c_->stmt("SELECT decision, coalesce(moved, '') FROM person_decisions WHERE a = ? AND b = ?");
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(a));
  q.bind(2, static_cast<int64_t>(b));
  if (!q.executeStep()) return std::nullopt;
  return PersonDecision{q.getColumn(0).getString(), q.getColumn(1).getString()};
}

namespace {

void put_decision(Connection& c, std::int64_t a, std::int64_t b, const std::string& region,
                  const char* decision, const std::optional<std::string>& moved,
                  const std::string& at, const std::string& actor) {
  auto& s = c.stmt(
      "INSERT INTO person_decisions(a, b, region, decision, moved, at, actor) "
      "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET region = excluded.region, "
      "decision = excluded.decision, moved = excluded.moved, at = excluded.at, "
      "actor = excluded.actor");
  ResetGuard g{s};
  s.bind(1, static_cast<int64_t>(a));
  s.bind(2, static_cast<int64_t>(b));
  s.bind(3, region);
  s.bind(4, decision);
  bind_opt(s, 5, moved);
  s.bind(6, at);
  s.bind(7, actor);
  s.exec();
}

}  // namespace

void Store::merge_persons(std::int64_t keep, std::int64_t gone, const std::string& region,
                          const std::string& at, const std::string& actor) {
  Statement moved(
      *c_,
      "SELECT json_object('case_persons', (SELECT json_group_array(json_array(case_id, number)) "
      "FROM case_persons WHERE person_id = ?1), 'aliases', (SELECT json_group_array(id) FROM "
      "persons WHERE same_as = ?1))");
  moved.bind(1, static_cast<int64_t>(gone));
  moved.executeStep();
  const std::string what = moved.getColumn(0).getString();
  Statement u(*c_, "UPDATE case_persons SET person_id = ?1 WHERE person_id = ?2;");
  u.bind(1, static_cast<int64_t>(keep));
  u.bind(2, static_cast<int64_t>(gone));
  u.exec();
  Statement a(*c_, "UPDATE persons SET same_as = ?1 WHERE id = ?2 OR same_as = ?2");
  a.bind(1, static_cast<int64_t>(keep));
  a.bind(2, static_cast<int64_t>(gone));
  a.exec();
  // A pair decided on with `gone` is the same pair with `keep` now (the first decision stays).
  Statement d(
      *c_,
      "INSERT INTO person_decisions(a, b, region, decision, moved, at, actor) SELECT "
      "min(?1, CASE a WHEN ?2 THEN b ELSE a END), max(?1, CASE a WHEN ?2 THEN b ELSE a END), "
      "region, decision, moved, at, actor FROM person_decisions WHERE (a = ?2 OR b = ?2) AND "
      "CASE a WHEN ?2 THEN b ELSE a END <> ?1 ON CONFLICT DO NOTHING");
  d.bind(1, static_cast<int64_t>(keep));
  d.bind(2, static_cast<int64_t>(gone));
  d.exec();
  put_decision(*c_, keep, gone, region, "linked", what, at, actor);
}

void Store::split_persons(std::int64_t keep, std::int64_t gone, const std::string& moved,
                          const std::string& at, const std::string& actor) {
  Statement u(*c_,
              "UPDATE case_persons SET person_id = ?2 WHERE person_id = ?1 AND "
              "(case_id, number) IN (SELECT json_extract(value, '$[0]'), "
              "CAST(json_extract(value, '$[1]') AS INTEGER) FROM json_each(?3, "
              "'$.case_persons'))");
  u.bind(1, static_cast<int64_t>(keep));
  u.bind(2, static_cast<int64_t>(gone));
  u.bind(3, moved);
  u.exec();
  Statement a(
      *c_,
      "UPDATE persons SET same_as = CASE id WHEN ?2 THEN NULL ELSE ?2 END WHERE "
      "same_as = ?1 AND (id = ?2 OR id IN (SELECT CAST(value AS INTEGER) FROM json_each(?3, "
      "'$.aliases')))");
  a.bind(1, static_cast<int64_t>(keep));
  a.bind(2, static_cast<int64_t>(gone));
  a.bind(3, moved);
  a.exec();
  const auto row = person_row(keep);
  put_decision(*c_, keep, gone, row ? row->region : std::string(), "rejected", std::nullopt, at,
               actor);
}

std::vector<std::pair<std::int64_t, std::string>> Store::merged_into(std::int64_t keep) {
  auto& q = c_->stmt(
      "SELECT b, moved FROM person_decisions WHERE a = ? AND decision = 'linked' ORDER BY at");
  ResetGuard g{q};
  q.bind(1, static_cast<int64_t>(keep));
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString());
  return out;
}

void Store::reject_pair(std::int64_t a, std::int64_t b, const std::string& region,
                        const std::string& at, const std::string& actor) {
  put_decision(*c_, a, b, region, "rejected", std::nullopt, at, actor);
}

}  // namespace ifg::detail
