// Private: small helpers of the store's SQL code (store.cpp, store_reports.cpp).
#pragma once

#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>

namespace ifg::detail {

template <class T>
void bind_opt(SQLite::Statement& s, int i, const std::optional<T>& v) {
  if (v)
    s.bind(i, *v);
  else
    s.bind(i);
}

inline std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

/// Resets a statement when the query is done, so no read transaction lingers.
struct ResetGuard {
  SQLite::Statement& s;
  ~ResetGuard() { s.tryReset(); }
};

}  // namespace ifg::detail
