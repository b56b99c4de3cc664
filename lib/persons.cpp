// Persons across cases (issue 14): who the persons of a case are, and in
// which other cases of the region the same person appears.
#include <algorithm>

#include "ifg/service.h"
#include "service_impl.h"

namespace ifg {

namespace {

using detail::Operation;

/// The linked persons of a case, with the names and birth years of its referral.
std::vector<CasePerson> persons_of(detail::Store& st, const Referral& r,
                                   const std::string& case_id) {
  std::vector<CasePerson> out;
  for (const auto& row : st.case_persons(case_id)) {
    CasePerson p;
    p.number = row.number;
    p.person = row.person;
    p.role = row.role;
    p.other_cases = row.other_cases;
    if (row.number >= 1 && static_cast<std::size_t>(row.number) <= r.persons.size()) {
      const Person& given = r.persons[static_cast<std::size_t>(row.number - 1)];
      p.name = given.name;
      p.birth_year = given.birth_year;
    }
    out.push_back(std::move(p));
  }
  return out;
}

CasePerson person_number(const std::vector<CasePerson>& persons, const std::string& case_id,
                         int number) {
  for (const auto& p : persons)
    if (p.number == number) return p;
  throw Error(ErrorCode::kNotFound,
              fmt::format("case {} has no person {} (it has {})", case_id, number, persons.size()),
              Hint::kListPersons, case_id);
}

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
    return impl_->read_case(actor, case_id, Operation::kPersonList,
                            [&](const detail::CaseRow& row) {
                              return persons_of(impl_->store, impl_->stored_referral(row), row.id);
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
    // Need-to-know as for reading a referral: a case one may not read is counted, not named.
    for (const auto& id : st.cases_of_person(out.person.person, out.case_id)) {
      if (may_read(*impl_, who, id))
        out.cases.push_back(id);
      else
        ++out.others;
    }
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

}  // namespace ifg
