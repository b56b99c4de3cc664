// SPDX-License-Identifier: EUPL-1.2
// Private to the store (lib/store*.cpp): the helpers of the store's SQL code,
// over the connection interface of store_db.h. Nothing outside lib/store*
// includes this file.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "format.h"
#include "i18n.h"
#include "ifg/error.h"
#include "store_db.h"
#include "text.h"

namespace ifg::detail {

template <class T>
void bind_opt(Statement& s, int i, const std::optional<T>& v) {
  if (v)
    s.bind(i, *v);
  else
    s.bind(i);
}

inline std::optional<std::string> opt_text(const Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

/// A stored code read back as its enumeration. A code this version does not
/// know means the database was changed behind ifg's back or by a newer ifg:
/// Error(kInternal) naming the column, never a silent default.
template <class E>
E stored_enum(const Column& c, std::string_view column) {
  const std::string code = c.isNull() ? std::string() : c.getString();
  if (auto v = parse_enum<E>(code); v && to_string(*v) == code) return *v;
  throw Error(ErrorCode::kInternal, trf("the database holds {} in {}, which this ifg does not know",
                                        named(tr("code"), code), column));
}

template <class E>
std::optional<E> stored_opt_enum(const Column& c, std::string_view column) {
  if (c.isNull()) return std::nullopt;
  return stored_enum<E>(c, column);
}

/// A stored YYYY-MM-DD date; anything else is Error(kInternal) naming the column.
/// The Brussels calendar day of an ISO timestamp, as reports count days.
inline std::string brussels_day(const std::string& at) {
  const auto t = parse_timestamp(at);
  return t ? brussels_date(*t).to_string() : at.substr(0, 10);
}

inline Date stored_date(const Column& c, std::string_view column) {
  if (auto d = Date::parse(c.isNull() ? std::string() : c.getString())) return *d;
  throw Error(ErrorCode::kInternal,
              trf("the database holds a value in {} that is not a date", column));
}

// The columns of schema 10's index events_activity, which Store::add_activity
// reads alone (no entry's row): SQLite covers a query with an indexed
// expression only when the query spells it the same, so both use these.
// The region of an entry's case: a case id begins with its region and a dash.
#define IFG_ENTRY_REGION "substr(case_id, 1, instr(case_id, '-') - 1)"
// When it happened: the clock's reading, kept in `clock` when the clock ran
// behind the trail (whose `at` never goes back).
#define IFG_ENTRY_TIME "coalesce(clock, at)"
// What the report counts of an entry's details: a decision's accepted + 2 ×
// override; a closure's reason, then " transfer" when it handed the case over;
// 1 for a registration a transfer made.
#define IFG_ENTRY_CODE                                                                      \
  "CASE action WHEN 'decided' THEN json_extract(details, '$.accepted') + "                  \
  "2 * json_extract(details, '$.override') WHEN 'closed' THEN json_extract(details, "       \
  "'$.reason') || iif(json_extract(details, '$.transferred_to') IS NULL, '', ' transfer') " \
  "WHEN 'registered' THEN json_extract(details, '$.transferred_from') IS NOT NULL END"
// The same as text in every branch, as PostgreSQL's CASE needs and its index
// events_activity spells it (lib/pg/schema.sql): "3", "moved transfer", "1".
#define IFG_ENTRY_CODE_PG                                                                      \
  "CASE action WHEN 'decided' THEN CAST(CAST(json_extract(details, '$.accepted') AS INTEGER) " \
  "+ 2 * CAST(json_extract(details, '$.override') AS INTEGER) AS TEXT) WHEN 'closed' THEN "    \
  "json_extract(details, '$.reason') || iif(json_extract(details, '$.transferred_to') IS "     \
  "NULL, '', ' transfer') WHEN 'registered' THEN iif(json_extract(details, "                   \
  "'$.transferred_from') IS NOT NULL, '1', '0') END"

// Repeat referrals (issue 14). The first day of the window of `n` months that
// ends on date `d`: the same day n months before, or the last day of that
// month when it is shorter (31 March, 1 month: 28 or 29 February; SQLite's own
// '-1 months' would give 3 March).
#define IFG_MONTHS_BEFORE(d, n)                                                         \
  "min(date(" d ", '-' || " n " || ' months'), date(" d ", 'start of month', '-' || " n \
  " || ' months', '+1 month', '-1 day'))"
// The earlier cases `e` of case `t`'s victims and children: a case that links
// the same person and was received within `n` months before `t` (the same day:
// registered before it, as its id's number says). Begins after FROM.
#define IFG_REPEAT_OF(t, n)                                                             \
  "case_persons me JOIN case_persons o ON o.person_id = me.person_id AND o.case_id <> " \
  "me.case_id JOIN cases e ON e.id = o.case_id WHERE me.case_id = " t                   \
  ".id AND me.role IN ('victim', 'child') AND e.received >= " IFG_MONTHS_BEFORE(        \
      t ".received", n) " AND (e.received < " t ".received OR (e.received = " t         \
                        ".received AND (length(e.id), e.id) "                           \
                        "< (length(" t ".id), " t ".id)))"

/// Resets a statement when the query is done, so no read transaction lingers.
struct ResetGuard {
  Statement& s;
  ~ResetGuard() { s.tryReset(); }
};

}  // namespace ifg::detail
