// SPDX-License-Identifier: EUPL-1.2
// Private: the string tables of the enumerations, so that each layer names its
// own enumerations in its own source file. A table lists each value's English
// code and its Dutch aliases, in the order enum_codes() gives them (in Dutch
// with the first alias beside each code: "in_progress (lopend)"):
//
//     IFG_ENUM_TABLE(Verdict, {Verdict::kPass, "pass", {}}, {Verdict::kFail, "fail", {}},
//                    {Verdict::kUnknown, "unknown", {}});
//     IFG_ENUM_API(Verdict)
//
// Both macros are used in namespace ifg. IFG_ENUM_API defines to_string() and the
// explicit instantiations of parse_enum() and enum_codes() that ifg/model.h declares;
// the table of an enumeration is defined once, in the file that instantiates it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/i18n.h"
#include "ifg/model.h"

namespace ifg::detail {

template <class E>
struct EnumEntry {
  E value;
  std::string_view code;
  std::vector<std::string_view> aliases;
};

/// Specialised for each enumeration by IFG_ENUM_TABLE.
template <class E>
struct EnumTable;

/// The English code of `v`, or "?" for a value outside the table.
template <class E>
std::string_view code_of(E v) {
  for (const auto& e : EnumTable<E>::entries())
    if (e.value == v) return e.code;
  return "?";
}

}  // namespace ifg::detail

namespace ifg {

template <class E>
std::optional<E> parse_enum(std::string_view text) {
  const std::string token = normalize_token(text);
  for (const auto& e : detail::EnumTable<E>::entries()) {
    if (token == e.code) return e.value;
    for (auto alias : e.aliases)
      if (token == alias) return e.value;
  }
  return std::nullopt;
}

template <class E>
std::string enum_codes() {
  const bool dutch = language() == Language::kDutch;
  std::string out;
  for (const auto& e : detail::EnumTable<E>::entries()) {
    if (!out.empty()) out += ", ";
    out += e.code;
    if (dutch && !e.aliases.empty() && e.aliases.front() != e.code) {
      out += " (";
      out += e.aliases.front();
      out += ')';
    }
  }
  return out;
}

}  // namespace ifg

/// The table of enumeration E: its entries {value, code, {aliases...}} in order.
#define IFG_ENUM_TABLE(E, ...)                                              \
  template <>                                                               \
  struct detail::EnumTable<E> {                                             \
    static const std::vector<detail::EnumEntry<E>>& entries() {             \
      static const std::vector<detail::EnumEntry<E>> kEntries{__VA_ARGS__}; \
      return kEntries;                                                      \
    }                                                                       \
  }

/// to_string(E) and the explicit instantiations of parse_enum<E> and enum_codes<E>.
#define IFG_ENUM_API(E)                                           \
  std::string_view to_string(E v) {                               \
    return detail::code_of(v);                                    \
  }                                                               \
  template std::optional<E> parse_enum<E>(std::string_view text); \
  template std::string enum_codes<E>();
