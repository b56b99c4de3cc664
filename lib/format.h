// SPDX-License-Identifier: EUPL-1.2
// Private: fmt for the library's messages, with formatters for the types that
// have a text form: every enumeration with a to_string() code, and Date.
//
//     throw Error(ErrorCode::kRefused, fmt::format("case {} is {}", row.id, row.status));
#pragma once

#include <fmt/core.h>
#include <fmt/format.h>

#include <concepts>
#include <string_view>
#include <type_traits>

#include "ifg/model.h"

namespace ifg::detail {

/// An enumeration of libifg with an English code: to_string(e) finds it by ADL.
template <class E>
concept CodedEnum = std::is_enum_v<E> && requires(E e) {
  { to_string(e) } -> std::convertible_to<std::string_view>;
};

}  // namespace ifg::detail

/// Formats an enumeration as its code: fmt::format("{}", CaseStatus::kClosed) is "closed".
template <ifg::detail::CodedEnum E>
struct fmt::formatter<E> : fmt::formatter<std::string_view> {
  auto format(E value, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(to_string(value), ctx);
  }
};

/// Formats a Date as YYYY-MM-DD.
template <>
struct fmt::formatter<ifg::Date> : fmt::formatter<std::string_view> {
  auto format(const ifg::Date& d, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(d.to_string(), ctx);
  }
};
