// SPDX-License-Identifier: EUPL-1.2
// The sentences of the screening's reasons and warnings: one template per
// code, which writes a sentence from its facts and reads a stored sentence
// back into them. The code and facts are what a database keeps (schema 6);
// the sentence is written when it is shown, in the reader's language
// (ifg/i18n.h: each template is a message of the catalogue), so a later
// version may word it anew without touching what is stored.
//
// In a template {0} to {3} are facts; a fact marked as a list is stored
// comma-joined ("welfare,police") and shown joined by ", "; {s} is "s" unless
// fact 0 is "1" (a plural), and {s:en} is "en" unless it is (a translation's
// own plural ending). No fact holds the text that follows it in its
// template, so reading a sentence back is a matter of finding each literal.
// Sentences are read back in English only: that is what schema 5 stored.
// Each fact has a name (`params`), which JSON shows in `reason_params`.
#include <algorithm>

#include "i18n.h"
#include "ifg/screening.h"

namespace ifg {

namespace {

struct Template {
  std::optional<Criterion> criterion;  ///< nullopt: a warning
  std::string_view code;
  std::string_view text;
  unsigned lists = 0;            ///< bit i: fact i is a list
  unsigned optional = 0;         ///< bit i: fact i may be empty, shown as "not given"
  std::string_view params = {};  ///< the facts' names, comma-separated
};

constexpr unsigned kList0 = 1, kList1 = 2, kList2 = 4;
constexpr unsigned kMay0 = 1, kMay1 = 2;
constexpr const char* kNotGiven = N_("not given");

// clang-format off
constexpr Template kTemplates[] = {
  {Criterion::kProfessionalReferrer, "professional", N_("referred by a professional")},
  {Criterion::kProfessionalReferrer, "citizen", N_("referred by a citizen: only a professional can refer; point the citizen to 1712 (www.1712.be), the helpline for questions about violence and abuse")},
  {Criterion::kReferralChannel, "missing", N_("the channel the referral came through is not given")},
  {Criterion::kReferralChannel, "none", N_("channel is none: the referral did not come via a care partner (vk, caw, opgroeien, ggz), police or justice")},
  {Criterion::kReferralChannel, "via", N_("came in via {0}"), 0, 0, "channel"},
  {Criterion::kVeryUnsafe, "missing", N_("safety is not given")},
  {Criterion::kVeryUnsafe, "very_unsafe", N_("the family situation is judged very unsafe (safety = very_unsafe)")},
  {Criterion::kVeryUnsafe, "assessed_high", N_("the latest risk assessment of a victim or child is high: assessment {0}, of person {1} with {2} on {3}"), 0, 0, "assessment,person,instrument,date"},
  {Criterion::kVeryUnsafe, "unknown", N_("safety is judged unknown")},
  {Criterion::kVeryUnsafe, "not_very_unsafe", N_("safety is {0}, not very_unsafe"), 0, 0, "safety"},
  {Criterion::kRegularInsufficient, "missing", N_("regular_cooperation_sufficient is not given")},
  {Criterion::kRegularInsufficient, "sufficient", N_("the regular forms of cooperation are sufficient (regular_cooperation_sufficient = true)")},
  {Criterion::kRegularInsufficient, "insufficient", N_("the regular forms of cooperation are not sufficient (regular_cooperation_sufficient = false)")},
  {Criterion::kCombinedApproach, "missing", N_("sectors_needed is not given")},
  {Criterion::kCombinedApproach, "both", N_("needs care ({0}) and security ({1}) sectors together"), kList0 | kList1, 0, "care_needed,security_needed"},
  {Criterion::kCombinedApproach, "neither", N_("sectors_needed ({0}) holds no care sector ({1}) and no security sector ({2})"), kList0 | kList1 | kList2, 0, "sectors_needed,care_sectors,security_sectors"},
  {Criterion::kCombinedApproach, "security_only", N_("needs only security sectors ({0}), no care sector ({1})"), kList0 | kList1, 0, "security_needed,care_sectors"},
  {Criterion::kCombinedApproach, "care_only", N_("needs only care sectors ({0}), no security sector ({1})"), kList0 | kList1, 0, "care_needed,security_sectors"},
  {Criterion::kMultipleDomains, "missing", N_("life_domains is not given")},
  {Criterion::kMultipleDomains, "counted", N_("{0} life domain{s}: {1}"), kList1, 0, "count,life_domains"},
  {Criterion::kMultipleDomains, "too_few", N_("{0} life domain{s}: {1}; at least {2} are needed"), kList1, 0, "count,life_domains,minimum"},
  {Criterion::kHelpStuck, "help", N_("existing help is {0} (help_status)"), 0, 0, "help_status"},
  {Criterion::kHelpStuck, "measures", N_("judicial or administrative measures are {0} (measures_status)"), 0, 0, "measures_status"},
  {Criterion::kHelpStuck, "not_stuck", N_("help_status is {0} and measures_status is {1}: existing help is not stuck and measures are not difficult"), 0, 0, "help_status,measures_status"},
  {Criterion::kHelpStuck, "not_known", N_("help_status is {0} and measures_status is {1}: not enough is known to judge whether help is stuck"), 0, kMay0 | kMay1, "help_status,measures_status"},
  {std::nullopt, "no_crisis_partner", N_("safety is {0} and no crisis_partner is recorded: each partner stays responsible for its own crisis interventions while the case is screened"), 0, 0, "safety"},
};
// clang-format on

const Template* find(std::optional<Criterion> c, std::string_view code) {
  for (const auto& t : kTemplates)
    if (t.criterion == c && t.code == code) return &t;
  return nullptr;
}

/// The number of facts a template shows.
std::size_t arity(std::string_view text) {
  std::size_t n = 0;
  for (char d : {'0', '1', '2', '3'})
    if (text.find(std::string{'{', d, '}'}) != std::string_view::npos) ++n;
  return n;
}

void append_fact(std::string& out, const Template& t, std::size_t k, const std::string& fact) {
  if (fact.empty() && (t.optional & (1u << k))) {
    out += tr(kNotGiven);
    return;
  }
  if (!(t.lists & (1u << k))) {
    out += fact;
    return;
  }
  for (std::size_t start = 0;;) {  // a list: "a,b" is shown "a, b"
    const std::size_t comma = fact.find(',', start);
    out.append(fact, start, comma == std::string::npos ? std::string::npos : comma - start);
    if (comma == std::string::npos) return;
    out += ", ";
    start = comma + 1;
  }
}

/// The sentence of `t` with `facts`, in the reader's language.
std::optional<std::string> render(const Template& t, const std::vector<std::string>& facts) {
  if (facts.size() != arity(t.text)) return std::nullopt;
  const std::string_view text = tr(t.text.data());
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t brace = std::min(text.find('{', i), text.size());
    out.append(text.substr(i, brace - i));  // the literal up to the next token
    if (brace == text.size()) break;
    const std::size_t close = std::min(text.find('}', brace), text.size() - 1);
    const std::string_view token = text.substr(brace + 1, close - brace - 1);
    i = close + 1;
    if (token.empty() || token[0] == 's') {  // {s} or {s:ending}: a plural ending
      if (facts.front() != "1") out += token.size() > 2 ? token.substr(2) : "s";
    } else if (token[0] >= '0' && token[0] <= '3') {
      const auto k = static_cast<std::size_t>(token[0] - '0');
      if (k >= facts.size()) return std::nullopt;  // a translation naming a fact too many
      append_fact(out, t, k, facts[k]);
    }
  }
  return out;
}

/// Facts are codes, numbers, dates and comma-joined lists of codes: what
/// tells one reading of a sentence from another.
bool fact_like(std::string_view fact) {
  return std::all_of(fact.begin(), fact.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ',' || c == '-';
  });
}

/// The facts of `text` read as template `t`, before rendering checks them.
std::optional<std::vector<std::string>> read(const Template& t, std::string_view text) {
  std::vector<std::string> facts(arity(t.text));
  std::size_t at = 0;  // in text
  for (std::size_t i = 0; i < t.text.size();) {
    if (t.text[i] != '{') {  // a literal up to the next token
      const std::size_t end = std::min(t.text.find('{', i), t.text.size());
      const std::string_view literal = t.text.substr(i, end - i);
      if (text.substr(at, literal.size()) != literal) return std::nullopt;
      at += literal.size();
      i = end;
      continue;
    }
    const char token = t.text[i + 1];
    i += 3;
    if (token == 's') {
      if (at < text.size() && text[at] == 's') ++at;
      continue;
    }
    const std::size_t next = std::min(t.text.find('{', i), t.text.size());
    const std::string_view literal = t.text.substr(i, next - i);
    const std::size_t end = literal.empty() ? text.size() : text.find(literal, at);
    if (end == std::string_view::npos) return std::nullopt;
    const auto k = static_cast<std::size_t>(token - '0');
    std::string fact;
    for (std::size_t p = at; p < end; ++p)  // a list shown "a, b" is stored "a,b"
      if (!((t.lists & (1u << k)) && text[p] == ' ' && p > at && text[p - 1] == ','))
        fact.push_back(text[p]);
    if ((t.optional & (1u << k)) && fact == std::string_view(kNotGiven)) fact.clear();
    if (!fact_like(fact)) return std::nullopt;
    facts[k] = std::move(fact);
    at = end;
  }
  if (at != text.size()) return std::nullopt;
  return facts;
}

}  // namespace

std::optional<std::string> reason_text(Criterion c, std::string_view code,
                                       const std::vector<std::string>& facts) {
  const Template* t = find(c, code);
  return t ? render(*t, facts) : std::nullopt;
}

std::optional<std::string> warning_text(std::string_view code,
                                        const std::vector<std::string>& facts) {
  const Template* t = find(std::nullopt, code);
  return t ? render(*t, facts) : std::nullopt;
}

std::optional<std::pair<std::string, std::vector<std::string>>> reason_of(Criterion c,
                                                                          std::string_view text) {
  const detail::ScopedEnglish english;  // schema 5 stored English sentences
  for (const auto& t : kTemplates) {
    if (t.criterion != c) continue;
    auto facts = read(t, text);
    if (facts && render(t, *facts) == text) return std::pair{std::string(t.code), *facts};
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> warning_facts_of(std::string_view code,
                                                         std::string_view text) {
  const Template* t = find(std::nullopt, code);
  if (!t) return std::nullopt;
  const detail::ScopedEnglish english;  // schema 5 stored English sentences
  auto facts = read(*t, text);
  if (facts && render(*t, *facts) == text) return facts;
  return std::nullopt;
}

std::vector<ReasonParam> reason_params(std::optional<Criterion> c, std::string_view code,
                                       const std::vector<std::string>& facts) {
  const Template* t = find(c, code);
  std::vector<ReasonParam> out;
  if (!t) return out;
  std::string_view names = t->params;
  for (std::size_t k = 0; k < facts.size() && !names.empty(); ++k) {
    const auto comma = names.find(',');
    out.push_back({std::string(names.substr(0, comma)), facts[k], (t->lists & (1u << k)) != 0});
    names = comma == std::string_view::npos ? "" : names.substr(comma + 1);
  }
  return out;
}

}  // namespace ifg
