// SPDX-License-Identifier: EUPL-1.2
#include "stored_screening.h"

#include <nlohmann/json.hpp>

#include "format.h"
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/json.h"

namespace ifg::detail {

namespace {

using json = nlohmann::json;

std::string_view letter(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "p";
    case Verdict::kFail:
      return "f";
    case Verdict::kUnknown:
      break;
  }
  return "u";
}

std::optional<Verdict> verdict_of(std::string_view letter) {
  if (letter == "p") return Verdict::kPass;
  if (letter == "f") return Verdict::kFail;
  if (letter == "u") return Verdict::kUnknown;
  return std::nullopt;
}

void write_coded(JsonWriter& w, std::string_view first, std::string_view code,
                 const std::vector<std::string>& facts) {
  w.begin_array().value(first);
  if (!code.empty()) w.value(code);
  for (const auto& f : facts) w.value(f);
  w.end_array();
}

std::vector<std::string> facts_from(const json& row, std::size_t first) {
  std::vector<std::string> facts;
  for (std::size_t i = first; i < row.size(); ++i) facts.push_back(row.at(i).get<std::string>());
  return facts;
}

CriterionResult decode_criterion(Criterion id, const json& row) {
  const auto v = verdict_of(row.at(0).get<std::string>());
  const std::string code = row.at(1).get<std::string>();
  auto facts = facts_from(row, 2);
  auto text = reason_text(id, code, facts);
  if (!v || !text) throw std::invalid_argument(tr("an unknown verdict or reason"));
  return {id, *v, std::move(*text), code, std::move(facts)};
}

Warning decode_warning(const json& row) {
  const std::string code = row.at(0).get<std::string>();
  auto facts = facts_from(row, 1);
  auto text = warning_text(code, facts);
  if (!text) throw std::invalid_argument(tr("an unknown warning"));
  return {code, std::move(*text), std::move(facts)};
}

}  // namespace

std::string encode_screening(const Screening& s) {
  std::string out;
  out.reserve(256);
  JsonWriter w(out);
  w.begin_object().key("c").begin_array();
  for (const auto& c : s.criteria) write_coded(w, letter(c.verdict), c.code, c.facts);
  w.end_array().key("w").begin_array();
  for (const auto& x : s.warnings) write_coded(w, x.code, "", x.facts);
  w.end_array().end_object();
  return out;
}

Screening decode_screening(std::string_view stored, Outcome outcome, const std::string& ruleset,
                           const std::string& case_id) {
  try {
    const json doc = json::parse(stored);
    Screening s;
    const json& criteria = doc.at("c");
    if (criteria.size() != all_criteria().size()) throw std::invalid_argument(tr("not 7 criteria"));
    for (std::size_t i = 0; i < criteria.size(); ++i)
      s.criteria.push_back(decode_criterion(all_criteria()[i], criteria[i]));
    for (const auto& row : doc.at("w")) s.warnings.push_back(decode_warning(row));
    s.outcome = outcome;
    s.ruleset = ruleset;
    return s;
  } catch (const std::exception& e) {
    throw Error(ErrorCode::kInternal,
                trf("case {}: its stored screening cannot be read ({})", case_id, e.what()));
  }
}

std::optional<std::string> recode_screening(std::string_view schema5_json) {
  const json old = json::parse(schema5_json);
  Screening s;
  const json& criteria = old.at("criteria");
  if (criteria.size() != all_criteria().size()) return std::nullopt;
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    const Criterion id = all_criteria()[i];
    const std::string reason = criteria[i].at("reason").get<std::string>();
    auto coded = reason_of(id, reason);
    auto v = parse_enum<Verdict>(criteria[i].at("verdict").get<std::string>());
    if (!coded || !v || criteria[i].at("id").get<std::string>() != to_string(id))
      return std::nullopt;
    s.criteria.push_back({id, *v, reason, std::move(coded->first), std::move(coded->second)});
  }
  for (const auto& w : old.at("warnings")) {
    const std::string code = w.at("code").get<std::string>();
    auto facts = warning_facts_of(code, w.at("message").get<std::string>());
    if (!facts) return std::nullopt;
    s.warnings.push_back({code, w.at("message").get<std::string>(), std::move(*facts)});
  }
  return encode_screening(s);
}

std::optional<std::string> find_canonical_params(std::string_view version) {
  constexpr Sector kSectors[] = {Sector::kWelfare, Sector::kHealth, Sector::kPolice,
                                 Sector::kJustice};
  auto subset = [&](unsigned bits) {
    std::vector<Sector> out;
    for (unsigned i = 0; i < 4; ++i)
      if (bits & (1u << i)) out.push_back(kSectors[i]);
    return out;
  };
  ScreeningParams p;
  for (unsigned care = 1; care < 16; ++care)
    for (unsigned security = 1; security < 16; ++security)
      for (int min = 1; min <= 50; ++min) {
        p.care_sectors = subset(care);
        p.security_sectors = subset(security);
        p.min_life_domains = min;
        if (ruleset_version(p) == version) return canonical_params(p);
      }
  return std::nullopt;
}

ScreeningParams parse_canonical_params(std::string_view canonical) {
  const json j = json::parse(canonical);
  ScreeningParams p;
  p.min_life_domains = j.at("min_life_domains").get<int>();
  auto sectors = [](const json& list) {
    std::vector<Sector> out;
    for (const auto& s : list) out.push_back(*parse_enum<Sector>(s.get<std::string>()));
    return out;
  };
  p.care_sectors = sectors(j.at("care_sectors"));
  p.security_sectors = sectors(j.at("security_sectors"));
  return p;
}

}  // namespace ifg::detail
