// Persons across cases (issue 14): who the persons of a case are, and in
// which other cases of the region the same person appears.
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

}  // namespace

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
      const auto other = st.case_row(id);
      if (other &&
          detail::decide_access(who, Operation::kReferral, impl_->subject(who, *other)).allowed)
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
