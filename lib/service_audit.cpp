// SPDX-License-Identifier: EUPL-1.2
// The audit trail as users see it, retention (purge) and access requests
// (export person): coordinators only, in their regions.
#include <algorithm>
#include <set>

#include "i18n.h"
#include "service_impl.h"

namespace ifg {

namespace {

using detail::json;
using detail::Operation;

/// The stored referral without the personal data purge removes: the summary,
/// the referrer's name, and each person's name and birth year.
std::string anonymised(const std::string& referral_json) {
  json doc = json::parse(referral_json);
  doc.erase("summary");
  if (auto r = doc.find("referrer"); r != doc.end()) r->erase("name");
  if (auto p = doc.find("persons"); p != doc.end())
    for (auto& person : *p) {
      person.erase("name");
      person.erase("birth_year");
    }
  return doc.dump();
}

/// How a referral names `name` (born in `birth_year`, when given): "referrer",
/// and the role of each person of that name. Names compare by their name key,
/// as Store::cases_naming() finds them.
std::vector<std::string> roles_of(const Referral& r, const std::string& name,
                                  std::optional<int> birth_year) {
  const std::string wanted = detail::name_key(name);
  auto same = [&](const std::optional<std::string>& n) {
    return n && detail::name_key(*n) == wanted;
  };
  std::vector<std::string> roles;
  if (same(r.referrer.name) && !birth_year) roles.emplace_back("referrer");
  for (const auto& p : r.persons)
    if (same(p.name) && (!birth_year || p.birth_year == birth_year))
      roles.emplace_back(to_string(p.role));
  return roles;
}

/// The persons of a case who are the person asked for (by name key and birth
/// year), as they are now, and their assessments.
void add_person_data(PersonCase& c, const std::vector<Assessment>& assessments,
                     const std::vector<CasePerson>& persons, const std::string& name,
                     std::optional<int> birth_year) {
  const std::string wanted = detail::name_key(name);
  for (const auto& p : persons)
    if (p.name && detail::name_key(*p.name) == wanted &&
        (!birth_year || p.birth_year == birth_year))
      c.persons.push_back(p);
  for (const auto& a : assessments)
    if (std::any_of(c.persons.begin(), c.persons.end(),
                    [&](const CasePerson& p) { return p.number == a.person; }))
      c.assessments.push_back(a);
}

}  // namespace

void Service::set_justification(std::optional<std::string> justification) {
  if (justification) detail::check_text(justification, std::nullopt, N_("justification"), false);
  impl_->store.audit().set_justification(std::move(justification));
}

AuditHead Service::audit_head() {
  return impl_->guard([&] { return impl_->store.audit().head(); });
}

AuditVerification Service::audit_verify(bool state) {
  return impl_->guard([&] {
    // One snapshot: a writer that commits meanwhile changes neither the chain
    // read nor the rows the trail's facts are compared with.
    detail::Store::ReadTx snapshot(impl_->store, /*temporary_tables=*/true);
    return impl_->store.audit().verify(state);
  });
}

std::vector<AuditEntry> Service::audit_show(const std::optional<std::string>& actor,
                                            const AuditFilter& filter) {
  return impl_->guard([&] {
    const auto who = impl_->actor(actor, Operation::kAuditShow, filter.case_id);
    impl_->require(who, Operation::kAuditShow, detail::Subject{}, filter.case_id);
    // Need-to-know holds for the trail too: only entries of cases in the
    // coordinator's regions (docs/security.md, "The audit trail").
    if (filter.case_id)
      impl_->require(who, Operation::kAuditShowCase,
                     impl_->case_row(who, *filter.case_id, Operation::kAuditShowCase));
    auto entries = impl_->store.audit().entries(filter, who.regions);
    auto tx = impl_->store.write();
    json details = json::object();  // the filter, not a case: it may name none
    if (filter.case_id) details["case"] = *filter.case_id;
    if (filter.actor) details["actor"] = *filter.actor;
    if (filter.since) details["since"] = filter.since->to_string();
    impl_->store.audit().append(std::nullopt, impl_->now_text(), who.pro.id, "audit show",
                                details.dump(), detail::kRead);
    tx.commit();
    return entries;
  });
}

std::vector<std::string> Service::purge(const std::optional<std::string>& actor, Date closed_before,
                                        bool dry_run) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kPurge);
    impl_->require(who, Operation::kPurge, detail::Subject{});
    const Date today = impl_->today();
    if (closed_before > today)
      throw Error(ErrorCode::kRefused,
                  trf("the date cases were closed before ({}) lies after today ({}): only cases "
                      "already past retention can be purged",
                      closed_before, today));
    const auto ids = st.purgeable(closed_before.to_string(), who.regions);
    if (dry_run) return ids;
    const std::string at = impl_->now_text();
    for (const auto& id : ids) {
      st.anonymise(id, anonymised(st.case_row(id)->referral_json), at);
      st.audit().append(id, at, who.pro.id, "purged",
                        json{{"closed_before", closed_before.to_string()}}.dump());
    }
    tx.commit();
    // The old pages of what was removed are still in the -wal file until it is truncated.
    if (!ids.empty()) st.truncate_wal();
    return ids;
  });
}

namespace {

/// Case `row` as an access request returns it, without its persons yet.
PersonCase person_case(Service::Impl& impl, const detail::CaseRow& row) {
  return {row.id,
          row.region,
          row.status,
          {},
          impl.stored_referral(row),
          impl.store.meetings(row.id),
          impl.actions_of(row),
          impl.store.events(row.id),
          {},
          {},
          false};
}

/// The cases of the actor's regions that name a person of `out` under
/// another spelling, through a link (`ifg person link`): that person's too.
void add_linked_cases(Service::Impl& impl, const detail::Actor& who, PersonExport& out) {
  std::set<std::string> have;
  std::set<std::int64_t> persons;
  for (const auto& c : out.cases) {
    have.insert(c.case_id);
    for (const auto& p : c.persons)
      if (p.person) persons.insert(*p.person);
  }
  for (const std::int64_t person : persons)
    for (const auto& id : impl.store.cases_of_person(person, "")) {
      const auto row = impl.store.case_row(id);
      if (!row || !who.serves(row->region) || !have.insert(id).second) continue;
      PersonCase c = person_case(impl, *row);
      c.by_link = true;
      for (auto& p : detail::persons_of(impl.store, c.referral, id))
        if (p.person == person) {
          c.roles.emplace_back(to_string(p.role));
          c.persons.push_back(std::move(p));
        }
      for (auto& a : impl.assessments_of(id))
        if (std::any_of(c.persons.begin(), c.persons.end(),
                        [&](const CasePerson& p) { return p.number == a.person; }))
          c.assessments.push_back(std::move(a));
      out.cases.push_back(std::move(c));
    }
}

}  // namespace

PersonExport Service::export_person(const std::optional<std::string>& actor,
                                    const std::string& name, std::optional<int> birth_year) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kExportPerson);
    impl_->require(who, Operation::kExportPerson, detail::Subject{});
    detail::check_text(name, std::nullopt, N_("name"), true);
    PersonExport out{name, birth_year, {}};
    for (const auto& id : st.cases_naming(name, birth_year, who.regions)) {
      const auto row = *st.case_row(id);  // one of the actor's regions
      PersonCase c = person_case(*impl_, row);
      c.roles = roles_of(c.referral, name, birth_year);
      add_person_data(c, impl_->assessments_of(id), detail::persons_of(st, c.referral, id), name,
                      birth_year);
      out.cases.push_back(std::move(c));
    }
    add_linked_cases(*impl_, who, out);
    auto tx = st.write();
    for (const auto& c : out.cases)
      st.audit().append(c.case_id, impl_->now_text(), who.pro.id, "export person", "{}",
                        detail::kRead);
    tx.commit();
    return out;
  });
}

FoundCases Service::case_find(const std::optional<std::string>& actor, const std::string& name,
                              std::optional<int> birth_year) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kCaseFind);
    impl_->require(who, Operation::kCaseFind, detail::Subject{});
    detail::check_text(name, std::nullopt, N_("name"), true);
    impl_->check_read(who, std::nullopt, Operation::kCaseFind);
    std::vector<std::string> regions;
    for (const auto& r : st.regions()) regions.push_back(r.code);
    FoundCases out;
    {
      detail::Store::ReadTx snapshot(st);
      for (const auto& id : st.cases_naming(name, birth_year, regions)) {
        const auto row = *st.case_row(id);
        // Need-to-know as for reading the referral: a case one may not read is left out.
        if (!detail::decide_access(who, Operation::kReferral, impl_->subject(who, row)).allowed)
          continue;
        out.cases.push_back({row.id, row.region, row.status, *Date::parse(row.received),
                             roles_of(impl_->stored_referral(row), name, birth_year)});
      }
    }
    auto tx = st.write();
    for (const auto& c : out.cases)
      st.audit().append(c.case_id, impl_->now_text(), who.pro.id,
                        detail::access_rule(Operation::kCaseFind).name, "{}", detail::kRead);
    tx.commit();
    return out;
  });
}

}  // namespace ifg
