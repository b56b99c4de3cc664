// SPDX-License-Identifier: EUPL-1.2
// Persons across cases (issue 14): who the persons of a case are, and in
// which other cases of the region the same person appears.
#include <algorithm>
#include <map>

#include "i18n.h"
#include "ifg/service.h"
#include "service_impl.h"

namespace ifg {

namespace {

using detail::json;
using detail::Operation;

}  // namespace

std::vector<CasePerson> detail::persons_of(Store& st, const Referral& r,
                                           const std::string& case_id) {
  std::map<int, CasePerson> by_number;
  int n = 0;
  for (const auto& given : r.persons) {
    CasePerson& p = by_number[++n];
    p.number = n;
    p.role = given.role;
    p.name = given.name;
    p.birth_year = given.birth_year;
  }
  for (const auto& f : st.person_facts(case_id)) {
    CasePerson& p = by_number[f.number];
    p.changed = !f.added && (p.role != f.role || p.name != f.name || p.birth_year != f.birth_year ||
                             f.gender.has_value());
    p.number = f.number;
    p.role = f.role;
    p.name = f.name;
    p.birth_year = f.birth_year;
    p.gender = f.gender;
    p.added = f.added;
    p.removed_reason = f.removed_reason;
  }
  for (const auto& row : st.case_persons(case_id))
    if (auto it = by_number.find(row.number); it != by_number.end()) {
      it->second.person = row.person;
      it->second.other_cases = row.other_cases;
    }
  std::vector<CasePerson> out;
  for (auto& [number, p] : by_number) out.push_back(std::move(p));
  return out;
}

CasePerson detail::person_number(const std::vector<CasePerson>& persons, const std::string& case_id,
                                 int number) {
  for (const auto& p : persons)
    if (p.number == number) return p;
  throw Error(ErrorCode::kNotFound,
              trf("case {} has no person {} (it has {})", case_id, number, persons.size()),
              Hint::kListPersons, case_id);
}

namespace {

using detail::person_number;
using detail::persons_of;

/// Whether `who` may read case `id` as the read of a referral decides.
bool may_read(Service::Impl& impl, const detail::Actor& who, const std::string& id) {
  const auto row = impl.store.case_row(id);
  return row && detail::decide_access(who, Operation::kReferral, impl.subject(who, *row)).allowed;
}

/// The repeat that matches `rows` show: the earlier cases `who` may read named,
/// the others counted, and the referral's persons that matched.
std::optional<Repeat> repeat_from(Service::Impl& impl, const detail::Actor& who,
                                  const std::vector<detail::Store::RepeatRow>& rows) {
  if (rows.empty()) return std::nullopt;
  Repeat rep;
  std::vector<std::string> seen;
  for (const auto& row : rows) {
    rep.persons.push_back(row.number - 1);
    if (std::find(seen.begin(), seen.end(), row.earlier) != seen.end()) continue;
    seen.push_back(row.earlier);
    if (may_read(impl, who, row.earlier))
      rep.earlier_cases.push_back(row.earlier);
    else
      ++rep.others;
  }
  std::sort(rep.persons.begin(), rep.persons.end());
  rep.persons.erase(std::unique(rep.persons.begin(), rep.persons.end()), rep.persons.end());
  return rep;
}

}  // namespace

std::optional<Repeat> Service::Impl::repeat_of(const detail::Actor& who, const std::string& id,
                                               int months) {
  return repeat_from(*this, who, store.repeat_of(id, months));
}

std::optional<Repeat> Service::Impl::repeat_of(const detail::Actor& who, const Referral& r,
                                               int months) {
  return repeat_from(*this, who, store.repeat_of(r, months));
}

std::vector<CasePerson> Service::persons(const std::optional<std::string>& actor,
                                         const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(
        actor, case_id, Operation::kPersonList, [&](const detail::CaseRow& row) {
          auto persons = persons_of(impl_->store, impl_->stored_referral(row), row.id);
          for (auto& p : persons)
            if (p.person)
              p.possible_links = static_cast<int>(impl_->store.possible_link_count(*p.person));
          return persons;
        });
  });
}

PersonCases Service::person_cases(const std::optional<std::string>& actor,
                                  const std::string& case_id, int number) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kPersonCases, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kPersonCases);
    impl_->require(who, Operation::kPersonCases, row);
    impl_->check_read(who, row.id, Operation::kPersonCases);
    PersonCases out;
    out.case_id = row.id;
    out.person = person_number(persons_of(st, impl_->stored_referral(row), row.id), row.id, number);
    if (!out.person.person)
      throw Error(
          ErrorCode::kRefused,
          trf("person {} of case {} was removed from it, so has no other cases", number, row.id),
          Hint::kListPersons, row.id);
    // Need-to-know as for reading a referral: a case one may not read is counted, not named
    // (on PostgreSQL the login's rows hold only the cases it sees: all are counted apart).
    for (const auto& id : st.cases_of_person(*out.person.person, out.case_id))
      if (may_read(*impl_, who, id)) out.cases.push_back(id);
    out.others = static_cast<int>(st.person_case_count(*out.person.person, out.case_id) -
                                  static_cast<std::int64_t>(out.cases.size()));
    // The case, and each case named as this person's: one read entry each, in one write.
    std::vector<std::string> read{out.case_id};
    read.insert(read.end(), out.cases.begin(), out.cases.end());
    auto tx = st.write();
    for (const auto& id : read)
      st.audit().append(id, impl_->now_text(), who.pro.id,
                        detail::access_rule(Operation::kPersonCases).name, "{}", detail::kRead);
    tx.commit();
    return out;
  });
}

// --- changes after registration (schema 12) ---------------------------------

namespace {

/// Checks a person's new facts: a name of at most 200 characters, not blank;
/// a birth year from 1900 to this year.
void check_person(const PersonChange& c, const std::string& case_id, int this_year) {
  if (c.name) {
    detail::check_text(c.name, case_id, N_("name"), true);
    if (detail::utf8_length(*c.name).value_or(0) > 200)
      throw Error(ErrorCode::kInvalidInput,
                  trf("case {}: the name has more than 200 characters", case_id));
  }
  if (c.birth_year && (*c.birth_year < 1900 || *c.birth_year > this_year))
    throw Error(ErrorCode::kInvalidInput, trf("case {}: the birth year {} is not from 1900 to {}",
                                              case_id, *c.birth_year, this_year));
}

/// The persons of a case change while it is not closed.
void require_open(const detail::CaseRow& row) {
  if (row.status == CaseStatus::kClosed)
    throw Error(ErrorCode::kRefused,
                trf("case {} is closed: its persons can no longer change (reopen it first if the "
                    "family needs the chain again)",
                    row.id));
}

/// The facts row of person `p` as it is now.
detail::Store::PersonFactRow facts_of(const CasePerson& p) {
  detail::Store::PersonFactRow f;
  f.number = p.number;
  f.role = p.role;
  f.name = p.name;
  f.birth_year = p.birth_year;
  f.gender = p.gender;
  f.added = p.added;
  f.removed_reason = p.removed_reason;
  return f;
}

/// The keys `c` changes of `f`, which it then holds.
std::vector<std::string> apply(const PersonChange& c, detail::Store::PersonFactRow& f) {
  std::vector<std::string> keys;
  auto set = [&](auto& field, const auto& value, const char* key) {
    if (value && field != *value) {
      field = *value;
      keys.emplace_back(key);
    }
  };
  set(f.role, c.role, "role");
  set(f.name, c.name, "name");
  set(f.birth_year, c.birth_year, "birth_year");
  set(f.gender, c.gender, "gender");
  return keys;
}

}  // namespace

/// One change of the persons of a case: the actor, the case, the policy and
/// the status, then `change` with the case's persons, then its event; one transaction.
template <class F>
auto Service::Impl::change_persons(const std::optional<std::string>& actor,
                                   const std::string& case_id, detail::Operation op, F&& change) {
  auto tx = store.write();
  const auto who = this->actor(actor, op, case_id);
  const auto row = case_row(who, case_id, op);
  require(who, op, row);
  require_open(row);
  auto persons = persons_of(store, stored_referral(row), row.id);
  const auto result = change(who, row, persons);
  tx.commit();
  return result;
}

int Service::person_add(const std::optional<std::string>& actor, const std::string& case_id,
                        const PersonChange& person) {
  return impl_->guard([&] {
    return impl_->change_persons(
        actor, case_id, Operation::kPersonAdd,
        [&](const detail::Actor& who, const detail::CaseRow& row, const std::vector<CasePerson>&) {
          if (!person.role)
            throw Error(ErrorCode::kUsage, tr("a person added to a case needs a role"));
          check_person(person, row.id, impl_->today().year);
          auto& st = impl_->store;
          detail::Store::PersonFactRow f;
          f.number = st.next_person_number(row.id);
          f.added = true;
          apply(person, f);
          f.at = impl_->now_text();
          f.actor = who.pro.id;
          st.put_person_facts(row.id, f);
          st.relink_person(row.id, row.region, f, true);
          st.audit().append(
              row.id, f.at, who.pro.id, "person_added",
              json{{"number", f.number}, {"role", std::string(to_string(f.role))}}.dump());
          return f.number;
        });
  });
}

void Service::person_update(const std::optional<std::string>& actor, const std::string& case_id,
                            int number, const PersonChange& change) {
  impl_->guard([&] {
    return impl_->change_persons(
        actor, case_id, Operation::kPersonUpdate,
        [&](const detail::Actor& who, const detail::CaseRow& row,
            const std::vector<CasePerson>& persons) {
          const CasePerson p = person_number(persons, row.id, number);
          if (p.removed_reason)
            throw Error(ErrorCode::kRefused,
                        trf("person {} of case {} was removed; add them anew", number, row.id));
          check_person(change, row.id, impl_->today().year);
          auto f = facts_of(p);
          const auto keys = apply(change, f);
          if (keys.empty())
            throw Error(ErrorCode::kUsage,
                        trf("nothing to change: every fact given is what person {} of case {} "
                            "has already",
                            number, row.id),
                        Hint::kChangePerson, row.id);
          f.at = impl_->now_text();
          f.actor = who.pro.id;
          auto& st = impl_->store;
          st.put_person_facts(row.id, f);
          const bool same_person = std::find(keys.begin(), keys.end(), "name") == keys.end() &&
                                   std::find(keys.begin(), keys.end(), "birth_year") == keys.end();
          st.relink_person(row.id, row.region, f, !same_person);
          st.audit().append(row.id, f.at, who.pro.id, "person_updated",
                            json{{"number", number}, {"keys", keys}}.dump());
          return 0;
        });
  });
}

void Service::person_remove(const std::optional<std::string>& actor, const std::string& case_id,
                            int number, const std::string& reason) {
  impl_->guard([&] {
    return impl_->change_persons(
        actor, case_id, Operation::kPersonRemove,
        [&](const detail::Actor& who, const detail::CaseRow& row,
            const std::vector<CasePerson>& persons) {
          const CasePerson p = person_number(persons, row.id, number);
          if (p.removed_reason)
            throw Error(ErrorCode::kRefused,
                        trf("person {} of case {} is removed already", number, row.id));
          detail::check_text(reason, row.id, N_("reason"), true);
          auto f = facts_of(p);
          f.removed_reason = reason;
          f.at = impl_->now_text();
          f.actor = who.pro.id;
          auto& st = impl_->store;
          st.put_person_facts(row.id, f);
          st.relink_person(row.id, row.region, f, false);
          st.audit().append(row.id, f.at, who.pro.id, "person_removed",
                            json{{"number", number}}.dump());
          return 0;
        });
  });
}

}  // namespace ifg
