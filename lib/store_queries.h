// SPDX-License-Identifier: EUPL-1.2
// Private to the store: the queries that must read past the reader's own
// cases (the region report of an analyst, who reads no case; the repeat
// referrals of a family, whose earlier cases the screener may not read).
//
// On SQLite a query runs as written. On PostgreSQL row-level security would
// hide those rows (lib/pg/policies.sql), so `ifg init` makes each query a
// SECURITY DEFINER function of the same text, which answers only when its
// guard lets the login ask (create_definer_queries, store_definers.cpp), and
// the store calls that function (definer_call). One text for both engines.
#pragma once

#include "store_sql.h"

namespace ifg::detail {

// The region report (Store::add_*_stats): parameters region, first day, last day.
inline constexpr char kPersonCountsSql[] =
    "SELECT count(DISTINCT iif(cp.role = 'victim', cp.person_id, NULL)), "
    "count(DISTINCT iif(cp.role = 'child', cp.person_id, NULL)) "
    "FROM cases c INDEXED BY cases_report JOIN case_persons cp ON cp.case_id = c.id "
    "WHERE c.region = ?1 AND c.received >= ?2 AND c.received <= ?3";
// ... and ?4 the months of the repeat window
inline constexpr char kRepeatCountSql[] =
    "SELECT count(*) FROM cases c INDEXED BY cases_report "
    "WHERE c.region = ?1 AND c.received >= ?2 AND c.received <= ?3 AND "
    "EXISTS (SELECT 1 FROM " IFG_REPEAT_OF("c", "?4") ")";
inline constexpr char kHighRiskSql[] =
    "SELECT count(*) FROM cases c INDEXED BY cases_report "
    "WHERE c.region = ?1 AND c.received >= ?2 AND c.received <= ?3 AND "
    "(SELECT a.level FROM assessments a WHERE a.case_id = c.id "
    "ORDER BY a.date, a.number LIMIT 1) = 'high'";
inline constexpr char kCaseStatsSql[] =
    "SELECT received, status, outcome, channel, closure_reason, decision, overridden, children, "
    "decision_days, director_days FROM cases INDEXED BY cases_report "
    "WHERE region = ?1 AND received >= ?2 AND received <= ?3";
// ... and ?4 today
inline constexpr char kActionStatsSql[] =
    "SELECT status, domain, count(*), "
    // a closed case's actions are never overdue; CASE looks the case up only
    // for an action that is overdue by its own status and due date
    "sum(CASE WHEN status IN ('open', 'in_progress') AND due IS NOT NULL AND due < ?4 "
    "THEN CASE WHEN (SELECT c.status FROM cases c WHERE c.id = actions.case_id) <> 'closed' "
    "THEN 1 ELSE 0 END ELSE 0 END) "
    "FROM actions INDEXED BY actions_stats "
    "WHERE region = ?1 AND +received >= ?2 AND +received <= ?3 GROUP BY 1, 2";

// The activity of regions (Store::add_activity): ?1 a JSON list of regions,
// ?2 and ?3 the UTC range. One range of the index per action and region: it
// holds every value read here but the acceptance of a closed case.
#define IFG_ACTIVITY(code)                                                                  \
  "SELECT action, " IFG_ENTRY_TIME ", " code                                                \
  ", CASE action WHEN 'closed' THEN "                                                       \
  "(SELECT d.at FROM decisions d WHERE d.case_id = events.case_id AND d.accepted = 1) END " \
  "FROM events INDEXED BY events_activity WHERE kind = 'change' AND action IN "             \
  "('decided', 'director_assigned', 'plan_activated', 'closed', 'reopened', 'registered', " \
  "'monitored') AND " IFG_ENTRY_REGION                                                      \
  " IN (SELECT value FROM json_each(?1)) "                                                  \
  "AND " IFG_ENTRY_TIME " >= ?2 AND " IFG_ENTRY_TIME " < ?3"
inline constexpr char kActivitySql[] = IFG_ACTIVITY(IFG_ENTRY_CODE);
inline constexpr char kActivityPgSql[] = IFG_ACTIVITY(IFG_ENTRY_CODE_PG);
#undef IFG_ACTIVITY
// ?1 a JSON list of regions, ?2 and ?3 the first and last day
inline constexpr char kMeetingsHeldSql[] =
    "SELECT count(*) FROM meetings INDEXED BY meetings_held WHERE status = 'held' "
    "AND " IFG_ENTRY_REGION
    " IN (SELECT value FROM json_each(?1)) "
    "AND date >= ?2 AND date <= ?3";

// Repeat referrals (Store::repeat_of): ?1 the case, ?2 the months.
inline constexpr char kRepeatOfCaseSql[] = "SELECT me.number, e.id FROM cases t, " IFG_REPEAT_OF(
    "t", "?2") " AND t.id = ?1 ORDER BY e.received, length(e.id), e.id, me.number";
// ?1 a person, ?2 the day received, ?3 the months.
inline constexpr char kRepeatOfPersonSql[] =
    "SELECT e.received, e.id FROM case_persons o JOIN cases e ON e.id = "
    "o.case_id WHERE o.person_id = ?1 AND e.received <= ?2 AND e.received >= " IFG_MONTHS_BEFORE(
        "?2", "?3");

// The cases that name a person (`person cases` counts those the reader may
// not read): ?1 the person, ?2 the case asked about.
inline constexpr char kPersonCaseCountSql[] =
    "SELECT count(DISTINCT case_id) FROM case_persons WHERE person_id = ?1 AND case_id <> ?2";

// How many persons of the region may be person ?1 (Store::persons_near, whose
// distance is text.cpp's edit_distance: ifg_edit_distance of policies.sql):
// `person list` counts them for who may read the case, also among persons of
// cases they do not see. PostgreSQL only; SQLite counts persons_near().
#define IFG_NOT_DECIDED                                                                        \
  " AND o.same_as IS NULL AND o.id <> p.id AND NOT EXISTS (SELECT 1 FROM person_decisions d "  \
  "WHERE d.a = least(o.id, p.id) AND d.b = greatest(o.id, p.id)) AND NOT EXISTS (SELECT 1 "    \
  "FROM case_persons x JOIN case_persons y ON y.case_id = x.case_id WHERE x.person_id = p.id " \
  "AND y.person_id = o.id)"
inline constexpr char kPossibleLinkCountPgSql[] =
    "SELECT (SELECT count(*) FROM persons o WHERE o.region = p.region AND o.birth_year = "
    "p.birth_year AND o.name_key IS NOT NULL AND o.name_key <> p.name_key AND "
    "length(o.name_key) BETWEEN length(p.name_key) - 2 AND length(p.name_key) + 2 AND "
    "ifg_edit_distance(p.name_key, o.name_key, 2) <= 2" IFG_NOT_DECIDED
    ") + (SELECT count(*) FROM persons o WHERE o.region = p.region AND o.name_key = p.name_key "
    "AND (o.birth_year IS NULL) <> (p.birth_year IS NULL)" IFG_NOT_DECIDED
    ") FROM persons p WHERE p.id = ?1 AND p.name_key IS NOT NULL";
#undef IFG_NOT_DECIDED

// The region report on PostgreSQL (Store::region_stats): the counts of
// regions ?1 (a JSON list: one region, or all the login reports on, as ifg
// asks) over the functions above, with small numbers hidden as reports.cpp's
// Suppressor hides them, so that what a login reads with psql is what ifg
// would show them. ?2 and ?3 the first and last day received ("0000" and
// "9999" for open ends), which also bound the activity, from the start of
// the Brussels day ?2 to that of the day after ?3, as utc_range does; ?4
// today; ?5 the smallest count shown: at least IFG_ANALYST_MIN_CELL for a
// login that coordinates none of the regions. The repeat window is the
// configured one.
//
// A row (grp, cell, n): a count, NULL when hidden. A group of cells is a
// `by_*` table or a pair of decisions; each other count is a group of one.
// When one cell alone of a group is hidden, the smallest other non-zero
// cells are too. A histogram of days (days_to_*) comes as the two whole days
// around its median, each counted min_cell times, which have that median;
// NULL when it rests on too few cases.
#define IFG_ANALYST_MIN_CELL "5"
#define IFG_CELL(grp, cell, n, from) " UNION ALL SELECT '" grp "', " cell ", " n " FROM " from
#define IFG_ACTIVITY_COUNT(name, where) \
  IFG_CELL("activity." name, "''", "count(*)", "ev WHERE " where)
#define IFG_BRUSSELS_DAY(t) \
  "CAST((CAST(" t " AS timestamptz) AT TIME ZONE 'Europe/Brussels') AS date)"
// The UTC time, as format_timestamp writes it, at which Brussels day `d` begins.
#define IFG_BRUSSELS_START(d)                                    \
  "to_char((CAST(" d                                             \
  " AS timestamp) AT TIME ZONE 'Europe/Brussels') AT TIME ZONE " \
  "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
inline constexpr char kRegionReportPgSql[] =
    "WITH m AS (SELECT greatest(?5, CASE WHEN coalesce((SELECT l.coordinates FROM ifg_login() l), "
    "false) THEN 0 ELSE " IFG_ANALYST_MIN_CELL " END) AS min_cell, coalesce((SELECT "
    "CAST(json_extract(s.value, '$.repeat_window_months') AS bigint) FROM settings s "
    "WHERE s.key = 'screening'), 12) AS months, "
    "CASE WHEN ?2 = '0000' THEN '0000' ELSE " IFG_BRUSSELS_START("CAST(?2 AS date)") " END AS lo, "
    "CASE WHEN ?3 = '9999' THEN '9999' ELSE " IFG_BRUSSELS_START("CAST(?3 AS date) + 1") " END "
    "AS hi), "
    // each region once: a region named twice would count its cases twice, past the hiding
    "r AS (SELECT DISTINCT j.value AS region FROM json_each(?1) j), "
    "cs AS MATERIALIZED (SELECT s.* FROM r, ifg_case_stats(r.region, ?2, ?3) s), "
    "st AS MATERIALIZED (SELECT s.* FROM r, ifg_action_stats(r.region, ?2, ?3, ?4) s), "
    "ev AS MATERIALIZED (SELECT a.* FROM m, ifg_activity(?1, m.lo, m.hi) a), "
    "pc AS (SELECT coalesce(sum(p.victims), 0) AS victims, coalesce(sum(p.children), 0) AS children "
    "FROM r, ifg_person_counts(r.region, ?2, ?3) p), "
    "cells(grp, cell, n) AS (SELECT 'total', '', count(*) FROM cs"
    IFG_CELL("children", "''", "CAST(coalesce(sum(children), 0) AS bigint)", "cs")
    IFG_CELL("overridden", "''", "count(*)", "cs WHERE coalesce(overridden, 0) <> 0")
    IFG_CELL("decisions", "decision", "count(*)",
             "cs WHERE decision IN ('accepted', 'refused') GROUP BY 2")
    IFG_CELL("by_outcome", "coalesce(outcome, '')", "count(*)", "cs GROUP BY 2")
    IFG_CELL("by_channel", "coalesce(channel, '')", "count(*)", "cs GROUP BY 2")
    IFG_CELL("by_month", "substr(received, 1, 7)", "count(*)", "cs GROUP BY 2")
    IFG_CELL("by_status", "status", "count(*)", "cs WHERE status <> 'closed' GROUP BY 2")
    IFG_CELL("closures", "closure_reason", "count(*)",
             "cs WHERE closure_reason IS NOT NULL GROUP BY 2")
    IFG_CELL("actions_by_status", "status", "CAST(sum(n) AS bigint)", "st GROUP BY 2")
    IFG_CELL("actions_by_domain", "domain", "CAST(sum(n) AS bigint)", "st GROUP BY 2")
    IFG_CELL("actions_overdue", "''", "CAST(coalesce(sum(overdue), 0) AS bigint)", "st")
    IFG_CELL("victims", "''", "CAST(victims AS bigint)", "pc")
    IFG_CELL("child_persons", "''", "CAST(children AS bigint)", "pc")
    IFG_CELL("repeat_referrals", "''", "CAST(coalesce(sum(p.n), 0) AS bigint)",
             "r, m, ifg_repeat_count(r.region, ?2, ?3, m.months) p")
    IFG_CELL("high_risk_at_intake", "''", "CAST(coalesce(sum(p.n), 0) AS bigint)",
             "r, ifg_high_risk_count(r.region, ?2, ?3) p")
    // the activity's codes: IFG_ENTRY_CODE_PG
    IFG_CELL("activity.decisions",
             "CASE WHEN CAST(code AS integer) & 1 = 1 THEN 'accepted' ELSE 'refused' END",
             "count(*)", "ev WHERE action = 'decided' GROUP BY 2")
    IFG_ACTIVITY_COUNT("overridden", "action = 'decided' AND CAST(code AS integer) & 2 <> 0")
    IFG_ACTIVITY_COUNT("directors_assigned", "action = 'director_assigned'")
    IFG_ACTIVITY_COUNT("plans_activated", "action = 'plan_activated'")
    IFG_ACTIVITY_COUNT("reopenings", "action = 'reopened'")
    IFG_ACTIVITY_COUNT("monitoring_contacts", "action = 'monitored'")
    IFG_ACTIVITY_COUNT("transfers_in", "action = 'registered' AND code <> '0'")
    IFG_ACTIVITY_COUNT("transfers_out", "action = 'closed' AND strpos(code, ' ') > 0")
    IFG_CELL("activity_closures", "split_part(coalesce(code, ''), ' ', 1)", "count(*)",
             "ev WHERE action = 'closed' GROUP BY 2")
    IFG_CELL("activity.meetings_held", "''", "CAST(coalesce(sum(h.n), 0) AS bigint)",
             "ifg_meetings_held(?1, ?2, ?3) h") "), "
    "hide AS (SELECT c.*, c.n > 0 AND c.n < m.min_cell AS small FROM cells c, m), "
    "marked AS (SELECT h.*, count(*) FILTER (WHERE h.small) OVER w AS hidden, "
    "min(h.n) FILTER (WHERE NOT h.small AND h.n > 0) OVER w AS next FROM hide h "
    "WINDOW w AS (PARTITION BY h.grp)), "
    "days(grp, v) AS (SELECT 'days_to_decision', decision_days FROM cs "
    "WHERE decision_days IS NOT NULL UNION ALL SELECT 'days_to_director', director_days FROM cs "
    "WHERE decision_days IS NOT NULL AND director_days IS NOT NULL UNION ALL SELECT "
    "'days_to_closure', " IFG_BRUSSELS_DAY("at") " - " IFG_BRUSSELS_DAY("accepted") " FROM ev "
    "WHERE action = 'closed' AND accepted IS NOT NULL), "
    "ranked AS (SELECT d.grp, d.v, row_number() OVER (PARTITION BY d.grp ORDER BY d.v) AS r, "
    "count(*) OVER (PARTITION BY d.grp) AS cnt FROM days d), "
    "medians AS (SELECT grp, cnt, avg(v) AS v FROM ranked WHERE r IN ((cnt + 1) / 2, (cnt + 2) / 2) "
    "GROUP BY grp, cnt) "
    "SELECT grp, cell, CASE WHEN small OR (hidden = 1 AND n = next) THEN NULL ELSE n END "
    "FROM marked UNION ALL "
    "SELECT grp, CASE WHEN cnt >= min_cell THEN CAST(CAST(d.day AS bigint) AS text) END, "
    "CASE WHEN cnt >= min_cell THEN greatest(min_cell, 1) END "
    "FROM medians, m, LATERAL (VALUES (floor(v)), (ceil(v))) AS d(day)";
#undef IFG_CELL
#undef IFG_ACTIVITY_COUNT
#undef IFG_BRUSSELS_DAY
#undef IFG_BRUSSELS_START

/// A query that PostgreSQL runs as a SECURITY DEFINER function.
struct DefinerQuery {
  const char* name;             ///< the function
  const char* params;           ///< its parameters, in order: "region text, lo text, ..."
  const char* returns;          ///< its columns: "n bigint"
  const char* sql;              ///< the query (SQLite's text; PostgreSQL's where they differ)
  const char* guard;            ///< an SQL condition on the parameters: may the login ask?
  const char* shown = nullptr;  ///< the columns answered of the query's `q`: all if null
  /// Called only by another of these functions: the group may not execute it.
  bool internal = false;
};

// Guards, over the functions of lib/pg/policies.sql.
#define IFG_REPORTS_ON(region) region " = ANY (ifg_report_regions())"
#define IFG_REPORTS_ON_ALL(list)              \
  "NOT EXISTS (SELECT 1 FROM json_each(" list \
  ") j WHERE NOT j.value = ANY ("             \
  "ifg_report_regions()))"

// What ifg asks a region report of: one region or every one the login reports
// on, and whole days.
#define IFG_REPORT_PERIOD                                                       \
  IFG_REPORTS_ON_ALL("?1")                                                      \
  " AND ((SELECT count(DISTINCT j.value) FROM json_each(?1) j) = 1 "            \
  "OR ifg_report_regions() <@ ARRAY(SELECT j.value FROM json_each(?1) j)) AND " \
  "?2 ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}|0000)$' AND ?3 ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}|9999)$'"

// clang-format off
inline constexpr DefinerQuery kDefinerQueries[] = {
  // The parts of the region report, which only ifg_region_report calls:
  {"ifg_person_counts", "region text, lo text, hi text", "victims bigint, children bigint", kPersonCountsSql, IFG_REPORTS_ON("?1"), nullptr, true},
  {"ifg_repeat_count", "region text, lo text, hi text, months bigint", "n bigint", kRepeatCountSql, IFG_REPORTS_ON("?1"), nullptr, true},
  {"ifg_high_risk_count", "region text, lo text, hi text", "n bigint", kHighRiskSql, IFG_REPORTS_ON("?1"), nullptr, true},
  {"ifg_case_stats", "region text, lo text, hi text",
   "received text, status text, outcome text, channel text, closure_reason text, decision text, "
   "overridden bigint, children bigint, decision_days bigint, director_days bigint", kCaseStatsSql, IFG_REPORTS_ON("?1"), nullptr, true},
  {"ifg_action_stats", "region text, lo text, hi text, today text",
   "status text, domain text, n bigint, overdue bigint", kActionStatsSql, IFG_REPORTS_ON("?1"), nullptr, true},
  {"ifg_activity", "regions text, lo text, hi text", "action text, at text, code text, accepted text", kActivityPgSql, IFG_REPORTS_ON_ALL("?1"), nullptr, true},
  {"ifg_meetings_held", "regions text, lo text, hi text", "n bigint", kMeetingsHeldSql, IFG_REPORTS_ON_ALL("?1"), nullptr, true},
  {"ifg_region_report", "regions text, lo text, hi text, today text, min_cell bigint",
   "grp text, cell text, n bigint", kRegionReportPgSql, IFG_REPORT_PERIOD},
  {"ifg_repeat_of_case", "case_id text, months bigint", "number bigint, id text", kRepeatOfCaseSql, "ifg_sees_case(?1)",
   "q.number, ifg_shown_case(q.id)"},
  {"ifg_repeat_of_person", "person bigint, day text, months bigint", "received text, id text", kRepeatOfPersonSql, "ifg_may_match_person(?1)",
   "CASE WHEN ifg_sees_case(q.id) THEN q.received ELSE '' END, ifg_shown_case(q.id)"},
  {"ifg_possible_link_count", "person bigint", "n bigint", kPossibleLinkCountPgSql,
   "EXISTS (SELECT 1 FROM case_persons cp WHERE cp.person_id = ?1 AND ifg_sees_case(cp.case_id))"},
  {"ifg_person_case_count", "person bigint, except_case text", "n bigint", kPersonCaseCountSql,
   "EXISTS (SELECT 1 FROM case_persons cp WHERE cp.person_id = ?1 AND ifg_sees_case(cp.case_id))"},
};
// clang-format on

#undef IFG_REPORTS_ON
#undef IFG_REPORTS_ON_ALL
#undef IFG_REPORT_PERIOD

}  // namespace ifg::detail
