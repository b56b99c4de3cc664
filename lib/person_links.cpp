// SPDX-License-Identifier: EUPL-1.2
// Possible links between persons (issue 14): persons of a region who may be
// the same one (a similar name with the same birth year, or the same name
// where one birth year is missing), which a coordinator confirms (`ifg person
// link`, a merge) or rejects (`ifg person unlink`, never proposed again).
#include <algorithm>
#include <map>
#include <set>

#include "i18n.h"
#include "ifg/service.h"
#include "service_impl.h"
#include "text.h"

namespace ifg {

namespace {

using detail::json;
using detail::Operation;

/// A pair of persons, lower id first.
using Pair = std::pair<std::int64_t, std::int64_t>;

Pair ordered(std::int64_t a, std::int64_t b) {
  return {std::min(a, b), std::max(a, b)};
}

/// Person `id` as a link shows them: where they appear first, with the facts
/// that case has for them now.
LinkedPerson shown(Service::Impl& impl, std::int64_t id) {
  LinkedPerson out;
  const auto first = impl.store.first_appearance(id);
  if (!first) return out;
  out.case_id = first->case_id;
  out.number = first->number;
  out.cases = first->cases;
  const auto row = impl.store.case_row(first->case_id);
  const auto persons = detail::persons_of(impl.store, impl.stored_referral(*row), row->id);
  const CasePerson p = detail::person_number(persons, row->id, first->number);
  out.role = p.role;
  out.name = p.name;
  out.birth_year = p.birth_year;
  return out;
}

/// The person ids whose possible links are asked for: the persons of one
/// case, or every named person of the regions.
std::vector<detail::Store::PersonRow> asked(detail::Store& st,
                                            const std::optional<std::string>& case_id,
                                            const std::vector<std::string>& regions) {
  std::vector<detail::Store::PersonRow> out;
  if (case_id) {
    for (const auto& cp : st.case_persons(*case_id))
      if (auto row = st.person_row(cp.person)) out.push_back(std::move(*row));
    return out;
  }
  for (const auto& region : regions)
    for (auto& row : st.named_persons(region)) out.push_back(std::move(row));
  return out;
}

}  // namespace

namespace {

/// The regions whose possible links `who` asks for: that of case `case_id`,
/// else `region`, else every region they coordinate; checked by the policy.
std::vector<std::string> link_regions(Service::Impl& impl, const detail::Actor& who,
                                      const std::optional<std::string>& region,
                                      const std::optional<std::string>& case_id) {
  if (case_id) {
    const auto row = impl.case_row(who, *case_id, Operation::kPersonLinks);
    impl.require(who, Operation::kPersonLinks, row);
    return {row.region};
  }
  std::vector<std::string> regions;
  for (const auto& r : impl.store.regions())
    if ((!region || r.code == *region) && who.coordinates(r.code)) regions.push_back(r.code);
  detail::Subject s;
  s.region = region;
  if (regions.empty()) impl.require(who, Operation::kPersonLinks, s);
  return regions;
}

}  // namespace

std::vector<PossibleLink> Service::person_links(const std::optional<std::string>& actor,
                                                const std::optional<std::string>& region,
                                                const std::optional<std::string>& case_id) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto who = impl_->actor(actor, Operation::kPersonLinks, case_id);
    const auto regions = link_regions(*impl_, who, region, case_id);
    impl_->check_read(who, case_id, Operation::kPersonLinks);
    std::map<Pair, PossibleLink> found;
    std::map<std::int64_t, LinkedPerson> persons;  // each shown once, however many pairs
    auto person = [&](std::int64_t id) -> const LinkedPerson& {
      auto it = persons.find(id);
      if (it == persons.end()) it = persons.emplace(id, shown(*impl_, id)).first;
      return it->second;
    };
    {
      detail::Store::ReadTx snapshot(st);
      for (const auto& p : asked(st, case_id, regions))
        for (const auto& near : st.persons_near(p)) {
          const Pair pair = ordered(p.id, near.id);
          if (found.contains(pair)) continue;
          found[pair] = {person(pair.first), person(pair.second), near.reason, near.distance};
        }
    }
    std::vector<PossibleLink> out;
    std::set<std::string> read;
    for (auto& [pair, link] : found) {
      if (link.first.case_id.empty() || link.second.case_id.empty()) continue;  // named by no case
      read.insert(link.first.case_id);
      read.insert(link.second.case_id);
      out.push_back(std::move(link));
    }
    auto tx = st.write();
    for (const auto& id : read)
      st.audit().append(id, impl_->now_text(), who.pro.id,
                        detail::access_rule(Operation::kPersonLinks).name, "{}", detail::kRead);
    tx.commit();
    return out;
  });
}

namespace {

/// The name key and birth year of a case person as they are now.
using Facts = std::pair<std::optional<std::string>, std::optional<int>>;

Facts facts_of(const CasePerson& p) {
  return {p.name ? std::optional(detail::name_key(*p.name)) : std::nullopt, p.birth_year};
}

/// One side of a link decision: person `number` of a case the actor may link.
struct Side {
  detail::CaseRow row;
  int number = 0;
  std::int64_t person = 0;
  Facts facts;
};

Side side(Service::Impl& impl, const detail::Actor& who, Operation op, const std::string& case_id,
          int number) {
  Side s{impl.case_row(who, case_id, op), number, 0, {}};
  impl.require(who, op, s.row);
  if (s.row.purged_at)
    throw Error(ErrorCode::kRefused,
                trf("case {} was purged: its persons are no longer known", s.row.id));
  const auto persons = detail::persons_of(impl.store, impl.stored_referral(s.row), s.row.id);
  const CasePerson p = detail::person_number(persons, s.row.id, number);
  if (!p.person)
    throw Error(ErrorCode::kRefused,
                trf("person {} of case {} was removed from it", number, s.row.id),
                Hint::kListPersons, s.row.id);
  s.person = *p.person;
  s.facts = facts_of(p);
  return s;
}

/// Both sides, checked: one region, two persons of two different cases.
std::pair<Side, Side> sides(Service::Impl& impl, const detail::Actor& who, Operation op,
                            const PersonPair& pair) {
  Side a = side(impl, who, op, pair.case_id, pair.number);
  Side b = side(impl, who, op, pair.other_case, pair.other_number);
  if (a.row.region != b.row.region)
    throw Error(ErrorCode::kRefused,
                trf("cases {} and {} are of regions {} and {}: persons are linked within one "
                    "region",
                    a.row.id, b.row.id, a.row.region, b.row.region));
  if (a.person != b.person && impl.store.in_one_case(a.person, b.person))
    throw Error(ErrorCode::kRefused,
                trf("person {} of {} and person {} of {} appear together in one case, so they are "
                    "two people",
                    a.number, a.row.id, b.number, b.row.id),
                Hint::kListPersons, a.row.id);
  return {std::move(a), std::move(b)};
}

void record(Service::Impl& impl, const detail::Actor& who, const char* action, const Side& a,
            const Side& b, const std::string& at) {
  impl.store.audit().append(
      a.row.id, at, who.pro.id, action,
      json{{"number", a.number}, {"other_case", b.row.id}, {"other_number", b.number}}.dump());
  if (b.row.id != a.row.id)
    impl.store.audit().append(
        b.row.id, at, who.pro.id, action,
        json{{"number", b.number}, {"other_case", a.row.id}, {"other_number", a.number}}.dump());
}

}  // namespace

void Service::person_link(const std::optional<std::string>& actor, const PersonPair& pair) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kPersonLink, pair.case_id);
    const auto [a, b] = sides(*impl_, who, Operation::kPersonLink, pair);
    if (a.person == b.person)
      throw Error(ErrorCode::kRefused,
                  trf("person {} of {} and person {} of {} are one person already", a.number,
                      a.row.id, b.number, b.row.id));
    const Pair p = ordered(a.person, b.person);
    const std::string at = impl_->now_text();
    st.merge_persons(p.first, p.second, a.row.region, at, who.pro.id);
    record(*impl_, who, "person_linked", a, b, at);
    tx.commit();
    return 0;
  });
}

namespace {

Facts facts_of(const std::optional<detail::Store::PersonRow>& row) {
  return row ? Facts{row->key, row->birth_year} : Facts{};
}

/// Whether row (case, number) is one of what a merge moved.
bool moved_row(const json& moved, const std::string& case_id, int number) {
  for (const auto& r : moved.at("case_persons"))
    if (r.at(0).get<std::string>() == case_id && r.at(1).get<int>() == number) return true;
  return false;
}

/// The merge that made person `keep` also the person of side `a` or `b`:
/// the side is a row it moved, or carries the merged person's name and
/// birth year. The merged person's id and what moved, or nothing (the same
/// by rule).
std::optional<std::pair<std::int64_t, std::string>> merge_of(detail::Store& st, std::int64_t keep,
                                                             const Side& a, const Side& b) {
  for (auto& [gone, moved] : st.merged_into(keep)) {
    const json what = json::parse(moved);
    const Facts merged = facts_of(st.person_row(gone));
    for (const Side* s : {&a, &b})
      if (s->facts == merged || moved_row(what, s->row.id, s->number))
        return std::pair{gone, moved};
  }
  return std::nullopt;
}

/// The case rows of `keep` that go back to `gone` when their merge is undone:
/// those that carry `gone`'s name and birth year now (also a later referral
/// that found `gone` as an alias), and those the merge moved unless they
/// carry `keep`'s now (corrected since).
std::string to_move_back(Service::Impl& impl, std::int64_t keep, std::int64_t gone,
                         const std::string& moved) {
  const json what = json::parse(moved);
  const Facts to_gone = facts_of(impl.store.person_row(gone));
  const Facts to_keep = facts_of(impl.store.person_row(keep));
  json back = json::array();
  for (const auto& id : impl.store.cases_of_person(keep, "")) {
    const auto row = impl.store.case_row(id);
    for (const auto& p : detail::persons_of(impl.store, impl.stored_referral(*row), id)) {
      if (p.person != keep) continue;
      const Facts f = facts_of(p);
      if (f == to_gone || (f != to_keep && moved_row(what, id, p.number)))
        back.push_back(json::array({id, p.number}));
    }
  }
  return json{{"case_persons", back}, {"aliases", what.at("aliases")}}.dump();
}

}  // namespace

void Service::person_unlink(const std::optional<std::string>& actor, const PersonPair& pair) {
  impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kPersonUnlink, pair.case_id);
    const auto [a, b] = sides(*impl_, who, Operation::kPersonUnlink, pair);
    const std::string at = impl_->now_text();
    if (a.person != b.person) {
      const Pair p = ordered(a.person, b.person);
      st.reject_pair(p.first, p.second, a.row.region, at, who.pro.id);
    } else if (const auto merge = merge_of(st, a.person, a, b)) {
      st.split_persons(a.person, merge->first,
                       to_move_back(*impl_, a.person, merge->first, merge->second), at, who.pro.id);
    } else {
      throw Error(ErrorCode::kRefused,
                  trf("person {} of {} and person {} of {} have the same name and birth year, so "
                      "they are one person by rule; if a name or birth year is wrong, change it",
                      a.number, a.row.id, b.number, b.row.id),
                  Hint::kChangePerson, a.row.id);
    }
    record(*impl_, who, "person_unlinked", a, b, at);
    tx.commit();
    return 0;
  });
}

}  // namespace ifg
