#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The case register, `ifg case list`, through the command line.

Usage: python3 tests/cli_register_test.py PATH/TO/ifg EXAMPLES_DIR DOCS_DIR

Cases are brought to each status by the ordinary commands (as in
cli_workflow_test.py); each filter must return exactly the cases it names, in
every format, to whoever may know about them, and listing must not read a case.
All people are synthetic. Only the Python standard library is used.
"""

import csv
import io
import json
import sys
import unittest

import cli_workflow_test as wf
import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)

KEYS = ["case", "region", "status", "outcome", "received", "days_open", "director",
        "director_active", "open_actions", "overdue_actions", "next_due", "last_activity",
        "monitor_until"]


class RegisterTest(wf.WorkflowCase):

    def listed(self, *args, **kw):
        out = self.json_out("case", "list", *args, **kw)
        self.assertEqual(out["count"], len(out["cases"]))
        return [c["case"] for c in out["cases"]]

    def one_per_status(self):
        return {s: self.case_in(s) for s in wf.STATUSES}

    def test_status_filters_return_exactly_those_cases(self):
        cases = self.one_per_status()
        for s, case in cases.items():
            self.assertEqual(self.listed("--status", s), [case], s)
        self.assertEqual(self.listed("--status", "screened", "--status", "closed"),
                         [cases["screened"], cases["closed"]])
        self.assertEqual(self.listed(), [cases[s] for s in wf.STATUSES])
        self.exits(2, "case", "list", "--status", "open")

    def test_waiting_names_the_next_step_that_has_not_happened(self):
        cases = self.one_per_status()
        bare_directed = self.case_in("accepted")
        self.ok("assign", bare_directed, "--director", wf.DIRECTOR)
        self.assertEqual(self.listed("--waiting", "decision"), [cases["screened"]])
        self.assertEqual(self.listed("--waiting", "director"),
                         [cases["accepted"], cases["analysis"]])
        self.assertEqual(self.listed("--waiting", "plan"), [cases["accepted"], bare_directed])
        self.assertEqual(self.listed("--waiting", "activation"), [cases["directed"]])
        # No case meeting was held in any of them but the active one (activation needs one).
        self.assertEqual(self.listed("--waiting", "meeting"),
                         [cases[s] for s in ("accepted", "analysis", "directed")]
                         + [bare_directed])
        self.ok("meeting", "add", cases["analysis"], "--date", "2026-11-20", "--attendee",
                wf.DIRECTOR, "--basis", "decree", "--purpose", "Analysis of the situation")
        self.assertNotIn(cases["analysis"], self.listed("--waiting", "meeting"))
        self.exits(2, "case", "list", "--waiting", "lunch")

    def test_director_holder_and_overdue(self):
        cases = self.one_per_status()
        self.assertEqual(self.listed("--director", wf.DIRECTOR),
                         [cases["directed"], cases["active"]])
        self.ok("plan", "add", cases["accepted"], "--action", "Talk to the school",
                "--domain", "parenting", "--professional", wf.POLICE, "--due", "2026-11-30")
        self.assertEqual(self.listed("--holder", wf.POLICE), [cases["accepted"]])
        # Actions of case_in() are due 2026-12-15: overdue from the 16th in Brussels.
        late = "2026-12-16T09:00:00Z"
        self.assertEqual(self.listed("--overdue", now=late),
                         [cases["accepted"], cases["analysis"], cases["directed"],
                          cases["active"]])
        self.assertEqual(self.listed("--overdue"), [])
        row = self.json_out("case", "list", "--status", "active", now=late)["cases"][0]
        self.assertEqual((row["open_actions"], row["overdue_actions"], row["next_due"]),
                         (1, 1, "2026-12-15"))
        self.exits(3, "case", "list", "--director", "nobody.here")
        self.exits(3, "case", "list", "--region", "XYZ")

    def test_received_range_stale_sort_and_limit(self):
        early = self.case_in("screened", received="2026-10-01")
        late = self.case_in("screened", received="2026-11-20")
        self.assertEqual(self.listed("--received-from", "2026-10-02"), [late])
        self.assertEqual(self.listed("--received-to", "2026-10-01"), [early])
        self.assertEqual(self.listed("--limit", "1"), [early])
        # A change to `early` a day later makes it the most recent activity.
        self.ok("update", early, "--set", "help_status=stuck", now="2026-11-29T10:00:00Z")
        self.assertEqual(self.listed("--sort", "last-activity"), [late, early])
        # Last changes on the 28th and the 29th (Brussels); today the 30th.
        today = "2026-11-30T12:00:00Z"
        self.assertEqual(self.listed("--stale", "2", now=today), [late])
        self.assertEqual(self.listed("--stale", "1", now=today), [early, late])
        self.assertEqual(self.listed("--stale", "3", now=today), [])
        self.assertEqual(self.listed("--stale", "1", "--limit", "1", now=today), [early])
        row = self.json_out("case", "list", "--received-to", "2026-10-01", now=today)["cases"][0]
        self.assertEqual(row["days_open"], 60)
        self.exits(2, "case", "list", "--stale", "0")

    def test_every_format_has_the_same_rows_and_keys(self):
        self.one_per_status()
        doc = self.json_out("case", "list")
        for row in doc["cases"]:
            self.assertEqual(list(row), KEYS)
        lines = self.ok("case", "list", "--format", "jsonl").splitlines()
        self.assertEqual([json.loads(line) for line in lines], doc["cases"])
        rows = list(csv.DictReader(io.StringIO(self.ok("case", "list", "--format", "csv"))))
        self.assertEqual([list(r) for r in rows[:1]], [KEYS])
        self.assertEqual([r["case"] for r in rows], [c["case"] for c in doc["cases"]])
        self.assertEqual([r["director"] for r in rows], [c["director"] or "" for c in doc["cases"]])
        text = self.ok("case", "list")
        self.assertIn("7 cases; overdue and days open as of 2026-11-28", text)

    def test_need_to_know_decides_which_cases_appear(self):
        cases = self.one_per_status()
        self.assertEqual(self.listed(actor=wf.OTHER_REGION), [])
        self.assertEqual(self.listed("--region", "ANT", actor=wf.OTHER_REGION), [])
        # pz-antwerpen is the crisis partner of the example referral: involved in all.
        self.assertEqual(len(self.listed(actor=wf.POLICE)), len(cases))
        self.assertEqual(self.listed(actor=wf.DIRECTOR), [cases[s] for s in wf.STATUSES])
        self.exits(4, "case", "list", actor=wf.ANALYST)
        self.exits(4, "case", "list", actor=None)

    def test_a_listing_reads_no_case_and_a_change_is_activity(self):
        case = self.case_in("accepted")
        before = self.events(case)
        self.listed()
        self.listed(actor=wf.POLICE)
        self.assertEqual(self.events(case), before)
        self.ok("plan", "add", case, "--action", "Plan a visit", "--domain", "housing",
                "--professional", wf.DIRECTOR, now="2026-11-28T15:30:00Z")
        row = self.json_out("case", "list", "--status", "analysis")["cases"][0]
        self.assertEqual(row["last_activity"], "2026-11-28T15:30:00Z")


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: cli_register_test.py PATH/TO/ifg EXAMPLES_DIR DOCS_DIR [unittest args]")
    wf.IFG, wf.EXAMPLES, wf.DOCS = sys.argv[1:4]
    schema_check.install(wf.IFG)
    unittest.main(argv=[sys.argv[0]] + sys.argv[4:])


if __name__ == "__main__":
    main()
