#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The reports through the `ifg` command line, on the database `make demo` builds.

Usage: python3 tests/cli_report_test.py PATH/TO/ifg SOURCE_DIR

On SQLite, or on PostgreSQL with IFG_TEST_STORE=postgresql (tests/store_under_test.py):
there the demo runs on a database of the cluster, each of its professionals logged in
as themselves, so an analyst's region report is computed past row-level security.

  (a) scripts/demo runs to the end (it is what `make demo` runs);
  (b) every number of `report region --format json` equals a count made here,
      independently, from the normalised tables (cases, decisions, actions,
      director_terms, the referral JSON) with Python's sqlite3 (on PostgreSQL,
      from a copy of those tables, made as the superuser, in memory);
  (c) the CSV form parses back to the numbers of the JSON form, key by key;
      Markdown has a pipe table per table; text shows "<N" for suppressed counts;
  (d) analysts get counts below 5 suppressed whatever --min-cell says;
  (e) exit codes: denied (4), unknown case/region/professional (3), bad dates,
      formats and periods (2);
  (f) the case sheet is one logged read; the other reports write nothing;
  (g) what a director or member reads of a case (its sheet, its persons' other cases
      and possible links) is what the case's coordinator reads.

All people are synthetic. Only the Python standard library is used.
"""

import calendar
import csv
import datetime
import io
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import unittest

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)
import store_under_test as sut

IFG = ""
SOURCE = ""
NOW = "2026-11-28T10:00:00Z"
DEMO = ""
DEMO_OUTPUT = ""  # what scripts/demo printed, in English
STORE = None  # the demo's database (sut.Store)


def run(*args, actor="coord.ant", check=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
    env.update(IFG_DB=os.path.join(DEMO, "ifg.db"), IFG_NOW=NOW, IFG_TESTING="1")
    cmd = [IFG] + (["--as", actor] if actor else []) + list(args)
    argv, env = STORE.command(cmd, env)
    p = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}: {p.stderr}")
    return p


def flatten(obj, prefix=""):
    """{"a": {"b": 1}} -> {"a.b": 1}; lists are kept whole."""
    out = {}
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


def months_before(d, n):
    """The same day n months before d, or the last day of that month when it is shorter."""
    y, m = divmod(d.year * 12 + d.month - 1 - n, 12)
    return datetime.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


# The tables Independent counts from.
TABLES = ["settings", "cases", "decisions", "actions", "director_terms", "meetings", "events",
          "reopenings", "monitoring", "assessments", "case_persons", "person_facts"]


def tables():
    """The demo's tables to count from with SQLite's SQL: on SQLite the file, read-only; on
    PostgreSQL a database in memory with a copy of each of TABLES, read as the superuser
    (past row-level security) as JSON, so that integers stay integers and NULL NULL."""
    if not sut.POSTGRESQL:
        return sqlite3.connect(f"file:{STORE.sqlite_path}?mode=ro", uri=True)
    c = sqlite3.connect(":memory:")
    for table in TABLES:
        columns = [r[0] for r in STORE.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            f"AND table_name = '{table}' ORDER BY ordinal_position")]
        rows = json.loads(sut.psql(f"SELECT coalesce(json_agg(t), '[]') FROM {table} t",
                                   STORE.conninfo()))
        c.execute(f"CREATE TABLE {table} ({', '.join(map(repr, columns))})")
        c.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})",
                      [[row[k] for k in columns] for row in rows])
    return c


class Independent:
    """The region report's numbers, counted from the normalised tables."""

    def __init__(self, region, lo, hi, today):
        self.c = tables()
        self.args = (region, lo, hi)
        self.today = today

    def one(self, sql, *extra):
        return self.c.execute(sql, self.args + extra).fetchone()[0]

    def rows(self, sql):
        return self.c.execute(sql, self.args).fetchall()

    PERIOD = "region = ? AND received >= ? AND received <= ?"

    def expected(self):
        e = {}
        p = self.PERIOD
        e["referrals.total"] = self.one(f"SELECT count(*) FROM cases WHERE {p}")
        for o in ["eligible", "incomplete", "not_eligible", "inadmissible"]:
            e[f"referrals.by_outcome.{o}"] = self.one(
                f"SELECT count(*) FROM cases WHERE {p} AND outcome = ?", o)
        e["referrals.by_outcome.not_screened"] = self.one(
            f"SELECT count(*) FROM cases WHERE {p} AND outcome IS NULL")
        for ch in ["vk", "caw", "opgroeien", "ggz", "justitiehuis", "politie", "parket", "none"]:
            e[f"referrals.by_channel.{ch}"] = self.one(
                f"SELECT count(*) FROM cases WHERE {p} AND json_extract(referral, '$.channel') = ?", ch)
        e["referrals.by_channel.unknown"] = self.one(
            f"SELECT count(*) FROM cases WHERE {p} AND json_extract(referral, '$.channel') IS NULL")
        for month, n in self.rows(
                f"SELECT substr(received, 1, 7), count(*) FROM cases WHERE {p} GROUP BY 1"):
            e[f"referrals.by_month.{month}"] = n
        dec = f"FROM decisions d JOIN cases c ON c.id = d.case_id WHERE c.{p.replace(' AND ', ' AND c.')}"
        e["decisions.accepted"] = self.one(f"SELECT count(*) {dec} AND d.accepted = 1")
        e["decisions.refused"] = self.one(f"SELECT count(*) {dec} AND d.accepted = 0")
        e["decisions.overridden"] = self.one(f"SELECT count(*) {dec} AND d.overridden = 1")
        total = e["decisions.accepted"] + e["decisions.refused"]
        e["decisions.acceptance_rate"] = round(e["decisions.accepted"] / total, 4) if total else None
        for s in ["registered", "screened", "accepted", "analysis", "directed", "active"]:
            e[f"open_cases.by_status.{s}"] = self.one(
                f"SELECT count(*) FROM cases WHERE {p} AND status = ?", s)
        act = ("FROM actions a JOIN cases c ON c.id = a.case_id WHERE c.region = ? AND "
               "c.received >= ? AND c.received <= ?")
        for s in ["open", "in_progress", "done", "cancelled"]:
            e[f"actions.by_status.{s}"] = self.one(f"SELECT count(*) {act} AND a.status = ?", s)
        e["actions.overdue"] = self.one(
            f"SELECT count(*) {act} AND a.status IN ('open', 'in_progress') AND a.due < ?", self.today)
        for d in ["housing", "finances", "social", "mental", "physical", "substance_use", "parenting",
                  "justice", "work_education"]:
            e[f"actions.by_domain.{d}"] = self.one(f"SELECT count(*) {act} AND a.domain = ?", d)
        for r in ["refused", "goals_reached", "referred_regular", "no_cooperation", "moved", "other"]:
            e[f"closures.by_reason.{r}"] = self.one(
                f"SELECT count(*) FROM cases WHERE {p} AND closure_reason = ?", r)
        # The demo runs at 10:00Z, so the Brussels day of every timestamp is its UTC date.
        days = [r[0] for r in self.rows(
            f"SELECT julianday(substr(d.at, 1, 10)) - julianday(c.received) {dec}")]
        e["median_days.referral_to_decision"] = statistics.median(days) if days else None
        self.resting = {"median_days.referral_to_decision": len(days)}
        days = [r[0] for r in self.rows(
            "SELECT julianday(substr((SELECT min(from_at) FROM director_terms t "
            "WHERE t.case_id = c.id), 1, 10)) - julianday(substr(d.at, 1, 10)) "
            f"{dec} AND d.accepted = 1 AND c.director IS NOT NULL")]
        e["median_days.accepted_to_director"] = statistics.median(days) if days else None
        self.resting["median_days.accepted_to_director"] = len(days)
        # The referral's children, as `person add/update/remove` left them (person_facts).
        e["children"] = self.one(
            f"SELECT count(*) FROM cases, json_each(cases.referral, '$.persons') p WHERE {p} "
            "AND json_extract(p.value, '$.role') = 'child' AND NOT EXISTS (SELECT 1 FROM "
            "person_facts f WHERE f.case_id = cases.id AND f.number = p.key + 1)") + self.one(
            f"SELECT count(*) FROM person_facts f JOIN cases ON cases.id = f.case_id WHERE {p} "
            "AND f.role = 'child' AND f.removed_reason IS NULL")
        e["risk.high_at_intake"] = self.one(
            f"SELECT count(*) FROM cases c WHERE c.{p.replace(' AND ', ' AND c.')} AND "
            "(SELECT level FROM assessments a WHERE a.case_id = c.id "
            "ORDER BY a.date, a.number LIMIT 1) = 'high'")
        e.update(self.persons())
        e.update(self.activity())
        return e

    def persons(self):
        """referrals.repeat and the distinct victims and children, from case_persons, with
        the window of docs/workflow.md ("Repeat referrals") worked out here in Python."""
        region, lo, hi = self.args
        months = json.loads(self.c.execute(
            "SELECT value FROM settings WHERE key = 'screening'").fetchone()[0])[
                "repeat_window_months"]
        rows = self.c.execute(
            "SELECT c.id, c.received, cp.person_id, cp.role FROM case_persons cp JOIN cases c "
            "ON c.id = cp.case_id WHERE c.region = ?", (region,)).fetchall()
        cases_of, received = {}, {}
        for case, rec, person, role in rows:
            cases_of.setdefault(person, set()).add(case)
            received[case] = rec
        def earlier(e, c):
            first = months_before(datetime.date.fromisoformat(received[c]), months).isoformat()
            seq = lambda i: int(i.rsplit("-", 1)[1])
            return first <= received[e] <= received[c] and (
                received[e] < received[c] or seq(e) < seq(c))
        repeat, victims, children = set(), set(), set()
        for case, rec, person, role in rows:
            if not (lo <= rec <= hi) or role not in ("victim", "child"):
                continue
            (victims if role == "victim" else children).add(person)
            if any(earlier(e, case) for e in cases_of[person] if e != case):
                repeat.add(case)
        return {"referrals.repeat": len(repeat), "persons.victims": len(victims),
                "persons.children": len(children)}

    def day(self, column):
        """The condition that the timestamp `column` lies in the period, on ?2 and ?3."""
        return f"substr({column}, 1, 10) >= ?2 AND substr({column}, 1, 10) <= ?3"

    def activity(self):
        """The activity, from the tables each step writes: decisions, meetings,
        director_terms, the closures (current, and those a reopening undid),
        reopenings, monitoring and the transfer links; plans activated are
        recorded only in the trail."""
        e = {}
        case = "JOIN cases c ON c.id = x.case_id WHERE c.region = ?1 AND "
        d = f"FROM decisions x {case}{self.day('x.at')}"
        e["activity.decisions.accepted"] = self.one(f"SELECT count(*) {d} AND x.accepted = 1")
        e["activity.decisions.refused"] = self.one(f"SELECT count(*) {d} AND x.accepted = 0")
        e["activity.decisions.overridden"] = self.one(f"SELECT count(*) {d} AND x.overridden = 1")
        e["activity.meetings_held"] = self.one(
            f"SELECT count(*) FROM meetings x {case}x.status = 'held' AND x.date >= ?2 "
            "AND x.date <= ?3")
        e["activity.directors_assigned"] = self.one(
            f"SELECT count(*) FROM director_terms x {case}{self.day('x.from_at')}")
        e["activity.plans_activated"] = self.one(
            f"SELECT count(*) FROM events x {case}x.action = 'plan_activated' AND "
            f"{self.day('x.at')}")
        closures = (f"SELECT c.id AS case_id, c.closure_reason AS reason, c.closed_at AS at "
                    f"FROM cases c WHERE c.region = ?1 AND c.closed_at IS NOT NULL AND "
                    f"{self.day('c.closed_at')} UNION ALL SELECT x.case_id, x.closure_reason, "
                    f"x.closed_at FROM reopenings x {case}{self.day('x.closed_at')}")
        for r in ["refused", "goals_reached", "referred_regular", "no_cooperation", "moved", "other"]:
            e[f"activity.closures.by_reason.{r}"] = self.one(
                f"SELECT count(*) FROM ({closures}) WHERE reason = ?4", r)
        e["activity.reopenings"] = self.one(
            f"SELECT count(*) FROM reopenings x {case}{self.day('x.at')}")
        e["activity.transfers.out"] = self.one(
            "SELECT count(*) FROM cases c WHERE c.region = ?1 AND c.transferred_to IS NOT NULL "
            f"AND {self.day('c.closed_at')}")
        e["activity.transfers.in"] = self.one(
            "SELECT count(*) FROM cases c WHERE c.region = ?1 AND c.transferred_from IS NOT NULL "
            f"AND {self.day('c.created_at')}")
        e["activity.monitoring_contacts"] = self.one(
            f"SELECT count(*) FROM monitoring x {case}{self.day('x.at')}")
        days = [r[0] for r in self.rows(
            f"SELECT julianday(substr(k.at, 1, 10)) - julianday(substr(d.at, 1, 10)) "
            f"FROM ({closures}) k JOIN decisions d ON d.case_id = k.case_id AND d.accepted = 1")]
        e["activity.median_days.accepted_to_closure"] = statistics.median(days) if days else None
        self.resting["activity.median_days.accepted_to_closure"] = len(days)
        return e


# The groups of docs/reports.md ("Small numbers"): each by_* table, and the pairs of
# decisions; every other count is a group of its own.
GROUPS = ("referrals.by_outcome.", "referrals.by_channel.", "referrals.by_month.",
          "open_cases.by_status.", "actions.by_status.", "actions.by_domain.",
          "closures.by_reason.", "activity.closures.by_reason.", "decisions.accepted",
          "decisions.refused", "activity.decisions.accepted", "activity.decisions.refused")


# ifg_region_report's groups (lib/store_queries.h) by the report's keys.
KEYS = {"total": "referrals.total", "overridden": "decisions.overridden",
        "by_outcome": "referrals.by_outcome", "by_channel": "referrals.by_channel",
        "by_month": "referrals.by_month", "by_status": "open_cases.by_status",
        "closures": "closures.by_reason", "actions_by_status": "actions.by_status",
        "actions_by_domain": "actions.by_domain", "actions_overdue": "actions.overdue",
        "victims": "persons.victims", "child_persons": "persons.children",
        "repeat_referrals": "referrals.repeat", "high_risk_at_intake": "risk.high_at_intake",
        "activity.overridden": "activity.decisions.overridden",
        "activity.transfers_in": "activity.transfers.in",
        "activity.transfers_out": "activity.transfers.out",
        "activity_closures": "activity.closures.by_reason",
        "days_to_decision": "median_days.referral_to_decision",
        "days_to_director": "median_days.accepted_to_director",
        "days_to_closure": "activity.median_days.accepted_to_closure"}


def report_key(grp, cell):
    """The report's key of a row of ifg_region_report."""
    cell = cell or {"by_outcome": "not_screened", "by_channel": "unknown"}.get(grp, "")
    if grp.startswith("days_to_") or not cell:
        return KEYS.get(grp, grp)
    return f"{KEYS.get(grp, grp)}.{cell}"


def hidden_by_the_rules(counts, resting, min_cell):
    """The keys docs/reports.md hides at `min_cell`, worked out here from the counts and
    the number of cases each median rests on."""
    groups = {}
    for key, n in counts.items():
        if isinstance(n, int) and not isinstance(n, bool):
            group = next((g.rsplit(".", 1)[0] for g in GROUPS if key.startswith(g)), key)
            groups.setdefault(group, []).append(key)
    hidden = set()
    for keys in groups.values():
        small = {k for k in keys if 0 < counts[k] < min_cell}
        others = [counts[k] for k in keys if k not in small and counts[k] > 0]
        if len(small) == 1 and others:  # the smallest other cells, all of them when equal
            small |= {k for k in keys if k not in small and counts[k] == min(others)}
        hidden |= small
    if hidden & {"decisions.accepted", "decisions.refused"}:
        hidden.add("decisions.acceptance_rate")
    return hidden | {k for k, n in resting.items() if 0 < n < min_cell}


class Reports(unittest.TestCase):
    def test_region_json_equals_independent_counts(self):
        for region, lo, hi, args in [
            ("ANT", "2026-01-01", "2026-11-30", ["--from", "2026-01-01", "--to", "2026-11-30"]),
            ("ANT", "2026-04-01", "2026-06-30", ["--from", "2026-04-01", "--to", "2026-06-30"]),
            ("ANT", "0000", "9999", []),
        ]:
            with self.subTest(period=(lo, hi)):
                got = flatten(json.loads(run("report", "region", "--region", region, "--format",
                                             "json", *args).stdout))
                want = Independent(region, lo, hi, "2026-11-28").expected()
                self.assertGreater(want["referrals.total"], 0)
                self.assertGreater(want["decisions.accepted"], 0)
                for key in ["activity.decisions.accepted", "activity.meetings_held",
                            "activity.reopenings", "activity.transfers.out",
                            "activity.monitoring_contacts"]:
                    if hi == "9999":
                        self.assertGreater(want[key], 0, key)
                for key, value in want.items():
                    self.assertEqual(got.get(key), value, key)
                months = {k for k in got if k.startswith("referrals.by_month.")}
                self.assertTrue({k for k in want if k.startswith("referrals.by_month.")} <= months)
                self.assertEqual(got["suppressed"], [])
                self.assertEqual(got["region"], region)
                for key, value in got.items():
                    if key.startswith(("referrals.", "open_cases.", "actions.", "closures.")) or \
                            key in ("decisions.accepted", "decisions.refused", "children"):
                        self.assertIsInstance(value, int, key)

    def test_csv_parses_back_to_the_json_numbers(self):
        for actor in ["coord.ant", "analyst.ant"]:
            args = ["report", "region", "--region", "ANT", "--from", "2026-01-01"]
            js = flatten(json.loads(run(*args, "--format", "json", actor=actor).stdout))
            rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv", actor=actor).stdout)))
            self.assertEqual(list(rows[0].keys()), ["key", "value", "suppressed"])
            seen = set()
            for row in rows:
                key = row["key"]
                seen.add(key)
                want = js[key]
                if want is None:
                    self.assertEqual(row["value"], "", key)
                elif isinstance(want, (int, float)):
                    self.assertEqual(float(row["value"]), float(want), key)
                else:
                    self.assertEqual(row["value"], str(want), key)
                self.assertEqual(row["suppressed"] == "true", key in js["suppressed"], key)
            # format_version says which JSON this is: the CSV, not JSON, does not repeat it
            numeric = {k for k, v in js.items()
                       if k not in ("regions", "suppressed", "report", "today", "format_version")}
            self.assertEqual(numeric - seen, set())

    def test_analysts_get_small_numbers_suppressed(self):
        for min_cell in ["0", "2"]:
            out = json.loads(run("report", "region", "--region", "ANT", "--min-cell", min_cell,
                                 "--format", "json", actor="analyst.ant").stdout)
            self.assertEqual(out["min_cell"], 5)
            self.assertTrue(out["suppressed"])
            # the demo's one reopening, transfer and monitoring contact name single families
            for key in ["activity.reopenings", "activity.transfers.out",
                        "activity.monitoring_contacts"]:
                self.assertIn(key, out["suppressed"])
            flat = flatten(out)
            for key in out["suppressed"]:
                self.assertIsNone(flat[key], key)
            for key, value in flat.items():
                if isinstance(value, int) and key not in ("min_cell", "format_version"):
                    self.assertFalse(0 < value < 5, key)
        text = run("report", "region", "--region", "ANT", actor="analyst.ant").stdout
        self.assertIn("<5", text)
        coord = json.loads(run("report", "region", "--region", "ANT", "--format", "json").stdout)
        self.assertEqual(coord["min_cell"], 0)
        self.assertEqual(coord["suppressed"], [])

    def test_analysts_count_what_coordinators_count(self):
        # An analyst reads no case: on PostgreSQL row-level security shows them no row, and
        # their report counts through SECURITY DEFINER functions. What they get is the
        # coordinator's report at --min-cell 5, each number shown the coordinator's own.
        for args in [["--from", "2026-01-01", "--to", "2026-11-30"],
                     ["--from", "2026-04-01", "--to", "2026-06-30"], []]:
            with self.subTest(period=args):
                report = ["report", "region", "--region", "ANT", "--format", "json", *args]
                out = json.loads(run(*report, actor="analyst.ant").stdout)
                self.assertEqual(out, json.loads(run(*report, "--min-cell", "5").stdout))
                coord = flatten(json.loads(run(*report).stdout))
                shown = 0
                for key, value in flatten(out).items():
                    if key in out["suppressed"]:
                        self.assertIsNone(value, key)
                    elif key not in ("min_cell", "suppressed"):
                        self.assertEqual(value, coord[key], key)
                        shown += isinstance(value, int) and value >= 5
                self.assertGreater(shown, 5 if args else 20)

    def test_analysts_get_what_the_rules_hide(self):
        # Worked out here from independent counts: on PostgreSQL the database hides
        # them (ifg_region_report), on SQLite ifg does.
        for region, lo, hi, args in [
            ("ANT", "2026-01-01", "2026-11-30", ["--from", "2026-01-01", "--to", "2026-11-30"]),
            ("ANT", "2026-04-01", "2026-06-30", ["--from", "2026-04-01", "--to", "2026-06-30"]),
            ("ANT", "0000", "9999", []),
        ]:
            with self.subTest(period=(lo, hi)):
                counted = Independent(region, lo, hi, "2026-11-28")
                want = counted.expected()
                hidden = hidden_by_the_rules(want, counted.resting, 5)
                self.assertTrue(hidden)
                out = json.loads(run("report", "region", "--region", region, "--format", "json",
                                     *args, actor="analyst.ant").stdout)
                self.assertEqual(set(out["suppressed"]), hidden)
                got = flatten(out)
                for key, value in want.items():
                    self.assertEqual(got.get(key), None if key in hidden else value, key)

    @unittest.skipUnless(sut.POSTGRESQL, "PostgreSQL's logins")
    def test_an_analyst_reads_counts_only_with_psql(self):
        # psql shows an analyst what ifg shows them: the database counts and hides
        # (ifg_region_report); the per-case rows it counts are not theirs to read.
        analyst = STORE.conninfo("analyst.ant")
        sut.grant_login("analyst.ant")
        for part in ["ifg_case_stats('ANT', '0000', '9999')", "ifg_activity('[\"ANT\"]', '0', '9')",
                     "ifg_person_counts('ANT', '0000', '9999')"]:
            with self.assertRaisesRegex(RuntimeError, "permission denied for function"):
                sut.psql(f"SELECT * FROM {part}", analyst)
        # the demo's clock reads 10:00Z: a day's UTC range is the day's own
        for lo, hi in [("2026-01-01", "2026-11-30"), ("2026-04-01", "2026-06-30"),
                       ("0000", "9999")]:
            with self.subTest(period=(lo, hi)):
                counted = Independent("ANT", lo, hi, "2026-11-28")
                want = counted.expected()
                hidden = hidden_by_the_rules(want, counted.resting, 5)
                got = self.region_report_rows(analyst, lo, hi)
                self.assertEqual({k for k, v in got.items() if v is None},
                                 hidden - {"decisions.acceptance_rate"})
                for key, value in want.items():
                    if key != "decisions.acceptance_rate" and value:
                        self.assertEqual(got.get(key), None if key in hidden else value, key)
        # a region named twice is counted once: doubled, a hidden 3 would show as 6
        report = "SELECT * FROM ifg_region_report('{}', '{}', '9999', '2026-11-28', 0) ORDER BY 1, 2"
        self.assertEqual(sut.psql(report.format('["ANT", "ANT"]', "0000"), analyst),
                         sut.psql(report.format('["ANT"]', "0000"), analyst))
        # whole days, as ifg asks: a time of day would narrow the activity to the second
        for region, lo in [('["LIM"]', "0000"), ('["ANT"]', "2026-06-01T10:00:00Z"),
                           ('[null]', "0000")]:
            with self.assertRaisesRegex(RuntimeError, "may not ask this"):
                sut.psql(report.format(region, lo), analyst)

    def region_report_rows(self, login, lo, hi):
        """ifg_region_report of ANT from lo to hi through psql, by the report's keys: a
        count or None, and a median from the two whole days around it."""
        got, middles = {}, {}
        for row in sut.psql(f"SELECT * FROM ifg_region_report('[\"ANT\"]', '{lo}', '{hi}', "
                            "'2026-11-28', 0)", login).splitlines():
            grp, cell, n = row.split("|")
            key = report_key(grp, cell)
            if grp.startswith("days_to_") and n:
                self.assertEqual(n, "5", key)  # each day counted min_cell times
                middles.setdefault(key, []).append(int(cell))
            else:
                got[key] = int(n) if n else None
        got.update({k: statistics.median(v) for k, v in middles.items()})
        return got

    def test_every_form_of_every_report(self):
        case_id = json.loads(run("report", "actions", "--format", "json").stdout)["actions"][0]["case"]
        reports = [["report", "case", case_id], ["report", "region", "--region", "ANT"],
                   ["report", "actions", "--region", "ANT"], ["report", "caseload"]]
        for args in reports:
            with self.subTest(report=args[1]):
                md = run(*args, "--format", "markdown").stdout
                self.assertTrue(md.startswith("# "))
                self.assertIn("| --- |", md)
                html = run(*args, "--format", "html").stdout
                self.assertIn('<html lang="en"', html)
                self.assertNotIn("<script", html)
                rows = list(csv.reader(io.StringIO(run(*args, "--format", "csv").stdout)))
                self.assertGreater(len(rows), 1)
                text = run(*args).stdout
                self.assertTrue(text.splitlines()[1].startswith("=="))
                js = json.loads(run(*args, "--format", "json").stdout)
                self.assertEqual(js["report"], args[1])

    def readable(self, actor, n=4):
        """The first n cases of ANT that `actor` may read, by id."""
        cases = json.loads(run("case", "list", "--format", "json", actor=actor).stdout)["cases"]
        ids = sorted(c["case"] for c in cases if c["region"] == "ANT")[:n]
        self.assertEqual(len(ids), n, actor)
        return ids

    def test_a_case_sheet_is_the_same_for_every_reader(self):
        # The sheet is the case's, whoever may read it: its director, a member whose partner
        # is involved, or its coordinator. The batch's cases begin their timeline with their
        # registration by coord.vl, from an entry of no case (the chunk's).
        batch = 0
        for actor in ["dir.ant", "member.ant.pz"]:
            for case in self.readable(actor):
                with self.subTest(actor=actor, case=case):
                    sheet = json.loads(run("report", "case", case, "--format", "json").stdout)
                    batch += sheet["timeline"][0]["details"].get("batch", False)
                    got = json.loads(run("report", "case", case, "--format", "json",
                                         actor=actor).stdout)
                    entries = lambda s: [(e["id"], e["actor"], e["action"]) for e in s["timeline"]]
                    self.assertEqual(entries(got), entries(sheet))
                    self.assertEqual(got, sheet)
        self.assertGreater(batch, 4)

    def test_a_cases_persons_are_the_same_for_every_reader(self):
        # docs/workflow.md: `person list` says of each person how many other cases name them
        # and how many possible links they have, whoever reads it; `person cases` counts the
        # cases the actor may not read. The walked family came back (the police's referral, a
        # repeat) in a case its director does not read.
        walked, again = re.findall(r"^registered (ANT-\d{4}-\d{4})$", DEMO_OUTPUT, re.M)
        for actor in ["dir.ant", "member.ant.pz"]:
            for case in self.readable(actor) + [walked] * (actor == "dir.ant"):
                with self.subTest(actor=actor, case=case):
                    args = ["person", "list", case, "--format", "json"]
                    got = json.loads(run(*args, actor=actor).stdout)
                    persons = json.loads(run(*args).stdout)
                    counts = lambda ps: [(p["number"], p["other_cases"], p["possible_links"])
                                         for p in ps]
                    self.assertEqual(counts(got), counts(persons))
                    self.assertEqual(got, persons)
        persons = json.loads(run("person", "list", walked, "--format", "json").stdout)
        self.assertEqual([p["other_cases"] for p in persons[:3]], [1, 1, 0])
        args = ["person", "cases", walked, "1", "--format", "json"]
        cases = json.loads(run(*args, actor="dir.ant").stdout)
        self.assertEqual((cases["cases"], cases["others"]), ([], 1))
        cases = json.loads(run(*args).stdout)
        self.assertEqual((cases["cases"], cases["others"]), ([again], 0))

    def test_actions_are_sorted_most_urgent_first(self):
        rows = json.loads(run("report", "actions", "--region", "ANT", "--format", "json").stdout)["actions"]
        self.assertTrue(any(r["overdue"] for r in rows))
        rank = [(0 if r["overdue"] else 1 if r["status"] in ("open", "in_progress") else 2,
                 r["due"] or "9999", r["case"], r["number"]) for r in rows]
        self.assertEqual(rank, sorted(rank))
        overdue = json.loads(run("report", "actions", "--overdue", "--format", "json").stdout)["actions"]
        self.assertEqual(len(overdue), sum(r["overdue"] for r in rows))
        for r in overdue:
            self.assertEqual(r["days_overdue"], (
                __import__("datetime").date(2026, 11, 28) -
                __import__("datetime").date.fromisoformat(r["due"])).days)

    def test_exit_codes(self):
        case_id = json.loads(run("report", "actions", "--format", "json").stdout)["actions"][0]["case"]
        cases = [
            (4, ["report", "case", case_id], "analyst.ant"),
            (4, ["report", "actions"], "analyst.ant"),
            (4, ["report", "caseload"], "analyst.ant"),
            (4, ["report", "region"], "member.ant.pz"),
            (4, ["report", "region", "--region", "LIM"], "coord.ant"),
            (4, ["report", "caseload", "--region", "LIM"], "coord.ant"),
            (4, ["report", "region"], None),
            (3, ["report", "case", "ANT-2026-9999"], "coord.ant"),
            (3, ["report", "region", "--region", "XYZ"], "coord.ant"),
            (3, ["report", "actions", "--professional", "nobody.here"], "coord.ant"),
            (2, ["report", "region", "--from", "2026-13-01"], "coord.ant"),
            (2, ["report", "region", "--from", "2026-06-01", "--to", "2026-05-01"], "coord.ant"),
            (2, ["report", "region", "--min-cell", "-1"], "coord.ant"),
            (2, ["report", "region", "--format", "jsonl"], "coord.ant"),
            (2, ["report"], "coord.ant"),
            (2, ["report", "nonsense"], "coord.ant"),
        ]
        for code, args, actor in cases:
            with self.subTest(args=args, actor=actor):
                p = run(*args, actor=actor, check=False)
                self.assertEqual(p.returncode, code, p.stderr)
                self.assertTrue(p.stderr.startswith("ifg: "), p.stderr)
                self.assertEqual(p.stdout, "")

    def test_only_the_case_sheet_is_logged(self):
        def head():
            return int(run("audit", "head", actor=None).stdout.split()[0])

        case_id = json.loads(run("report", "actions", "--format", "json").stdout)["actions"][0]["case"]
        before = head()
        for args in [["report", "region"], ["report", "actions"], ["report", "caseload"]]:
            run(*args, "--format", "json")
        self.assertEqual(head(), before)
        run("report", "case", case_id, "--justification", "preparing the case meeting")
        self.assertEqual(head(), before + 1)
        last = json.loads(run("audit", "show", "--case", case_id, "--format", "json").stdout)[-1]
        self.assertEqual((last["kind"], last["action"], last["actor"]), ("read", "report case", "coord.ant"))
        self.assertEqual(last["justification"], "preparing the case meeting")
        run("report", "case", case_id, actor="analyst.ant", check=False)
        self.assertEqual(head(), before + 3)  # the denial, and audit show's own read
        run("audit", "verify", actor=None)


def main():
    global IFG, SOURCE, DEMO, DEMO_OUTPUT, STORE
    IFG, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    DEMO = tempfile.mkdtemp(prefix="ifg-report-")
    owner = unittest.TestCase()  # owns the demo's database on PostgreSQL: dropped at the end
    try:
        STORE = sut.Store(owner, os.path.join(DEMO, "d", "ifg.db"))
        ifg = STORE.stand_in(IFG, os.path.join(DEMO, "ifg"))
        demo = subprocess.run([os.path.join(SOURCE, "scripts", "demo"), ifg, os.path.join(DEMO, "d")],
                              cwd=SOURCE, env=dict(os.environ, IFG_LANG="en"),
                              capture_output=True, text=True, timeout=600)
        if demo.returncode != 0:
            print(demo.stdout[-3000:], demo.stderr[-3000:])
            raise SystemExit(f"scripts/demo exited {demo.returncode}")
        DEMO, DEMO_OUTPUT = os.path.join(DEMO, "d"), demo.stdout
        if sut.POSTGRESQL and os.path.exists(STORE.sqlite_path):
            raise SystemExit("on PostgreSQL the demo wrote an SQLite file")
        for name in ["region-ANT.html", "case.html", "results.csv"]:
            if not os.path.getsize(os.path.join(DEMO, name)):
                raise SystemExit(f"the demo wrote an empty {name}")
        schema_check.install(IFG)
        unittest.main(argv=sys.argv[:1], verbosity=2)
    finally:
        owner.doCleanups()
        shutil.rmtree(os.path.dirname(DEMO) if DEMO.endswith("/d") else DEMO, ignore_errors=True)


if __name__ == "__main__":
    main()
