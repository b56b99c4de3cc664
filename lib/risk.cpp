// SPDX-License-Identifier: EUPL-1.2
// Risk assessment (issue 14): the configured instruments, scoring, and the
// assessments of the persons of a case, dated and repeated.
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "i18n.h"
#include "ifg/io.h"
#include "ifg/service.h"
#include "input_file.h"
#include "service_impl.h"
#include "workflow_rules.h"

namespace ifg {

using detail::json;
using detail::Operation;

namespace {

std::vector<std::string> item_ids(const Instrument& instrument) {
  std::vector<std::string> ids;
  for (const auto& i : instrument.items) ids.push_back(i.id);
  return ids;
}

}  // namespace

Assessment score_answers(const Instrument& instrument, const std::map<std::string, Answer>& answers,
                         bool judged_high) {
  for (const auto& given : answers) {
    const std::string& id = given.first;  // (clang 14 lambdas cannot capture a structured binding)
    if (std::none_of(instrument.items.begin(), instrument.items.end(),
                     [&](const InstrumentItem& i) { return i.id == id; }))
      throw Error(ErrorCode::kInvalidInput,
                  trf("instrument {} has no item {}; its items are {}", instrument.id,
                      detail::quote_value(id), fmt::join(item_ids(instrument), ", ")));
  }
  Assessment a;
  a.instrument = instrument.id;
  a.threshold = instrument.threshold;
  for (const auto& item : instrument.items) {
    const auto it = answers.find(item.id);
    const Answer answer = it == answers.end() ? Answer::kUnknown : it->second;
    a.answers.emplace_back(item.id, answer);
    if (answer == Answer::kYes) a.score += item.weight;
    if (answer == Answer::kUnknown) ++a.unknown;
  }
  a.scored = a.score >= instrument.threshold ? RiskLevel::kHigh : RiskLevel::kStandard;
  a.judged = judged_high && a.scored != RiskLevel::kHigh;
  a.level = judged_high ? RiskLevel::kHigh : a.scored;
  return a;
}

namespace detail {

Answer stored_answer(const std::string& code) {
  if (auto a = parse_enum<Answer>(code); a && to_string(*a) == code) return *a;
  throw Error(ErrorCode::kInternal,
              trf("the database holds an answer {} this ifg does not know", quote_value(code)));
}

json instruments_to_json(const std::vector<Instrument>& instruments) {
  json out = json::array();
  for (const auto& in : instruments) {
    json roles = json::array();
    for (PersonRole r : in.applies_to) roles.push_back(std::string(to_string(r)));
    json items = json::array();
    for (const auto& i : in.items)
      items.push_back(json{{"id", i.id}, {"text", i.text}, {"weight", i.weight}});
    out.push_back(json{{"id", in.id},
                       {"name", in.name},
                       {"applies_to", roles},
                       {"threshold", in.threshold},
                       {"items", items}});
  }
  return out;
}

std::vector<Instrument> instruments_from_json(const json& j) {
  std::vector<Instrument> out;
  for (const auto& e : j) {
    Instrument in;
    in.id = e.at("id").get<std::string>();
    in.name = e.at("name").get<std::string>();
    for (const auto& r : e.at("applies_to"))
      if (auto role = parse_enum<PersonRole>(r.get<std::string>())) in.applies_to.push_back(*role);
    in.threshold = e.at("threshold").get<int>();
    for (const auto& i : e.at("items"))
      in.items.push_back({i.at("id").get<std::string>(), i.at("text").get<std::string>(),
                          i.at("weight").get<int>()});
    out.push_back(std::move(in));
  }
  return out;
}

}  // namespace detail

namespace {

/// The configured instrument `id`, else Error(kNotFound) naming the ones there are.
const Instrument& instrument_of(const std::vector<Instrument>& all, const std::string& id) {
  for (const auto& in : all)
    if (in.id == id) return in;
  std::vector<std::string> ids;
  for (const auto& in : all) ids.push_back(in.id);
  throw Error(ErrorCode::kNotFound,
              ids.empty() ? trf("no risk assessment instrument is configured, so there is no {}; "
                                "add an [[instrument]] to the configuration",
                                detail::quote_value(id))
                          : trf("there is no instrument {}; the configured ones are {}",
                                detail::quote_value(id), fmt::join(ids, ", ")));
}

/// The person an assessment is of: present in the case and of a role the instrument assesses.
const CasePerson& assessed_person(const std::vector<CasePerson>& persons, const Instrument& in,
                                  const std::string& case_id, int number) {
  const auto it = std::find_if(persons.begin(), persons.end(),
                               [&](const CasePerson& p) { return p.number == number; });
  if (it == persons.end())
    throw Error(ErrorCode::kNotFound,
                trf("case {} has no person {} (it has {})", case_id, number, persons.size()),
                Hint::kListPersons, case_id);
  if (it->removed_reason)
    throw Error(ErrorCode::kRefused,
                trf("person {} of case {} was removed from it", number, case_id));
  if (std::find(in.applies_to.begin(), in.applies_to.end(), it->role) == in.applies_to.end())
    throw Error(ErrorCode::kRefused,
                trf("instrument {} does not assess a {} (person {} of case {})", in.id,
                    to_string(it->role), number, case_id));
  return *it;
}

/// The answers as stored: [[item, answer], ...] in the instrument's order.
std::string answers_json(const Assessment& a) {
  json j = json::array();
  for (const auto& [id, answer] : a.answers) j.push_back({id, std::string(to_string(answer))});
  return j.dump();
}

/// Each assessment's change since the one before it of the same person and instrument.
void add_changes(std::vector<Assessment>& list) {
  std::map<std::pair<int, std::string>, const Assessment*> last;
  for (auto& a : list) {
    auto& before = last[{a.person, a.instrument}];
    if (before) {
      a.score_change = a.score - before->score;
      a.previous_level = before->level;
    }
    before = &a;
  }
}

/// The text of `path`, or of standard input for "-".
std::string read_text(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  detail::require_readable_file(path, ErrorCode::kInvalidInput, N_("the answers file"));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ErrorCode::kInvalidInput,
                trf("{}: cannot open the answers file; check the path", path));
  text << in.rdbuf();
  return text.str();
}

/// The answer `value` of item `id` in file `path`.
Answer answer_of(const std::string& path, const std::string& id, const std::string& value) {
  if (auto a = parse_enum<Answer>(value)) return *a;
  throw Error(ErrorCode::kInvalidInput,
              trf("{}: item {}: {} is not an answer; use yes, no or unknown", path,
                  detail::quote_value(id), detail::quote_value(value)));
}

}  // namespace

std::map<std::string, Answer> read_answers(const std::string& path) {
  const std::string text = read_text(path);
  std::map<std::string, Answer> out;
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      throw Error(ErrorCode::kInvalidInput,
                  trf("{}: not a JSON object of item -> yes|no|unknown", path));
    for (const auto& [id, v] : j.items())
      out[id] = answer_of(path, id, v.is_string() ? v.get<std::string>() : v.dump());
    return out;
  }
  try {
    const toml::table t = toml::parse(text, path);
    for (auto&& [k, v] : t)
      out[std::string(k.str())] =
          answer_of(path, std::string(k.str()), v.value<std::string>().value_or("(not text)"));
  } catch (const toml::parse_error& e) {
    throw Error(ErrorCode::kInvalidInput, trf("{}:{}: not valid TOML or JSON: {}", path,
                                              e.source().begin.line, e.description()));
  }
  return out;
}

std::vector<Instrument> Service::instruments() {
  return impl_->guard([&] { return impl_->instruments(); });
}

Assessment Service::risk_add(const std::optional<std::string>& actor, const std::string& case_id,
                             const RiskInput& input) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const auto who = impl_->actor(actor, Operation::kRiskAdd, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kRiskAdd);
    impl_->require(who, Operation::kRiskAdd, row);
    if (row.status == CaseStatus::kClosed)
      throw Error(ErrorCode::kRefused,
                  trf("case {} is closed: it takes no new assessment", row.id));
    const auto all = impl_->instruments();
    const Instrument& in = instrument_of(all, input.instrument);
    const auto persons = detail::persons_of(st, impl_->stored_referral(row), row.id);
    const CasePerson& person = assessed_person(persons, in, row.id, input.person);
    if (input.judged_high) detail::check_text(input.motivation, row.id, N_("motivation"), true);
    Assessment a = score_answers(in, input.answers, input.judged_high);
    a.person = input.person;
    a.role = person.role;
    a.date = input.date.value_or(impl_->today());
    detail::check_case_date(row, a.date, impl_->today(), 0, N_("assessment date"));
    a.assessor = input.assessor.value_or(who.pro.id);
    (void)detail::case_professional(st, row, a.assessor, N_("the assessor"));
    a.motivation = input.judged_high ? input.motivation : std::nullopt;
    a.recorded_at = impl_->now_text();
    a.recorded_by = who.pro.id;
    a.number = st.insert_assessment(row.id, a, answers_json(a));
    st.audit().append(row.id, a.recorded_at, who.pro.id, "risk_assessed",
                      json{{"number", a.number},
                           {"person", a.person},
                           {"instrument", a.instrument},
                           {"score", a.score},
                           {"level", std::string(to_string(a.level))}}
                          .dump());
    tx.commit();
    return a;
  });
}

std::vector<Assessment> Service::risk_list(const std::optional<std::string>& actor,
                                           const std::string& case_id) {
  return impl_->guard([&] {
    return impl_->read_case(actor, case_id, Operation::kRiskList, [&](const detail::CaseRow& row) {
      return impl_->assessments_of(row.id);
    });
  });
}

std::vector<Instrument> Service::Impl::instruments() {
  const auto text = store.setting(detail::kInstrumentsKey);
  return text ? detail::instruments_from_json(json::parse(*text)) : std::vector<Instrument>{};
}

std::vector<LatestRisk> Service::Impl::latest_risks(const std::string& id, const Referral& r) {
  auto latest = store.latest_assessments(id);
  if (latest.empty()) return latest;
  std::set<int> counted;  // the victims and children as the persons are now
  for (const auto& p : detail::persons_of(store, r, id))
    if (!p.removed_reason && (p.role == PersonRole::kVictim || p.role == PersonRole::kChild))
      counted.insert(p.number);
  std::erase_if(latest, [&](const LatestRisk& l) { return !counted.contains(l.person); });
  return latest;
}

std::vector<Assessment> Service::Impl::assessments_of(const std::string& case_id) {
  std::vector<std::string> answers;
  auto list = store.assessments(case_id, answers);
  for (std::size_t i = 0; i < list.size(); ++i)
    for (const auto& pair : json::parse(answers[i]))
      list[i].answers.emplace_back(pair.at(0).get<std::string>(),
                                   detail::stored_answer(pair.at(1).get<std::string>()));
  add_changes(list);
  return list;
}

}  // namespace ifg
