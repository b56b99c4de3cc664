#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The lists in every format, and the case sheet's Veilig Huis, through the CLI.

Usage: python3 tests/cli_lists_test.py PATH/TO/ifg EXAMPLES_DIR

  (a) the CSV of `plan list`, `meeting list`, `log`, `case list`, `report actions`
      and `report caseload`, read with Python's csv module, has the keys of the
      JSON output of the same command as its header, and each row holds the
      JSON row's values (docs/formats.md, "CSV of a list");
  (b) a free-text cell that starts with `=` gets a `'` first;
  (c) an unknown --format is a usage error (exit 2);
  (d) the case sheet names the region's Veilig Huis when one is configured, in
      text and JSON, and nothing when none is.

Every test works in a fresh temporary directory with its own database. All people
are synthetic. Only the Python standard library is used.
"""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)
import store_under_test as sut

IFG = ""
EXAMPLES = ""
NOW = "2026-11-28T10:00:00Z"
COORD = "coord.ant"
DIRECTOR = "dir.ant"
POLICE = "member.ant.pz"
FORMULA = '=HYPERLINK("http://example.invalid","click")'


def guarded(text):
    """A text cell as csv_cell() writes it (docs/formats.md, "CSV output")."""
    return "'" + text if text and text[0] in "=+-@\t\r" else text


def plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value)


def expected_cell(value):
    """What the CSV cell of a JSON value must read."""
    if value is None or isinstance(value, (bool, int, float)):
        return plain(value)
    if isinstance(value, str):
        return guarded(value)
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return guarded(";".join(plain(v) for v in value))
    return guarded(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


class ListsCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ifg-lists-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.db = os.path.join(self.dir, "ifg.db")
        self.store = sut.Store(self, self.db)
        self.config = os.path.join(EXAMPLES, "flanders.toml")
        self.ok("init", "--config", self.config, actor=None)

    def run_ifg(self, *args, actor=COORD, raw=False):
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env.update(IFG_DB=self.db, IFG_NOW=NOW, IFG_TESTING="1")
        if actor:
            env["IFG_ACTOR"] = actor
        argv, env = self.store.command([IFG, *args], env)
        return subprocess.run(argv, cwd=self.dir, env=env, capture_output=True,
                              text=not raw, timeout=60)

    def ok(self, *args, actor=COORD):
        r = self.run_ifg(*args, actor=actor)
        self.assertEqual(r.returncode, 0, "ifg %s: %s" % (" ".join(args), r.stderr))
        return r.stdout

    def csv_rows(self, *args):
        return list(csv.reader(io.StringIO(self.ok(*args, "--format", "csv"), newline="")))

    def assert_csv_is_json(self, csv_rows, json_rows):
        """The header is the JSON keys in order; each row the JSON row's values."""
        self.assertTrue(json_rows, "compare at least one row")
        self.assertEqual(csv_rows[0], list(json_rows[0].keys()))
        self.assertEqual(len(csv_rows) - 1, len(json_rows))
        for row, obj in zip(csv_rows[1:], json_rows):
            self.assertEqual(row, [expected_cell(v) for v in obj.values()])

    def case_with_plan_and_meeting(self):
        """An accepted case with two actions (one text a formula, one with a
        history of changes) and two meetings (one with a formula as notes)."""
        with open(os.path.join(EXAMPLES, "referral.json"), encoding="utf-8") as f:
            referral = json.load(f)  # eligible, so that it can be accepted
        self.refs = getattr(self, "refs", 0) + 1
        referral["external_ref"] = "LISTS-%d" % self.refs
        path = os.path.join(self.dir, "referral-%d.json" % self.refs)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(referral, f)
        case = self.ok("--quiet", "register", "--from", path).strip()
        self.ok("screen", case)
        self.ok("decide", case, "--accept", "--motivation", "Very unsafe; help stuck")
        self.ok("meeting", "add", case, "--date", "2026-11-20", "--attendee", DIRECTOR,
                "--attendee", POLICE, "--basis", "decree", "--purpose", "Analysis",
                "--notes", FORMULA)
        self.ok("meeting", "add", case, "--date", "2026-11-25", "--attendee", DIRECTOR,
                "--basis", "client_consent", "--purpose", "Plan, step 2")
        self.ok("plan", "add", case, "--action", FORMULA, "--domain", "housing",
                "--professional", DIRECTOR, "--due", "2026-11-20")
        self.ok("plan", "add", case, "--action", "Debt mediation, \"urgent\"", "--domain",
                "finances", "--professional", POLICE)
        self.ok("plan", "set", case, "2", "--status", "in_progress", "--note", "-started")
        return case


class CsvListsTest(ListsCase):
    def test_plan_list_csv_is_its_json(self):
        case = self.case_with_plan_and_meeting()
        rows = self.csv_rows("plan", "list", case)
        self.assert_csv_is_json(rows, json.loads(self.ok("plan", "list", case, "--format", "json")))
        # The formula in a free-text cell is text, not a formula.
        self.assertEqual(rows[1][rows[0].index("text")], "'" + FORMULA)
        self.assertNotIn(FORMULA, [c for r in rows for c in r])
        self.assertEqual(rows[1][rows[0].index("overdue")], "true")

    def test_meeting_list_csv_is_its_json(self):
        case = self.case_with_plan_and_meeting()
        rows = self.csv_rows("meeting", "list", case)
        self.assert_csv_is_json(rows,
                                json.loads(self.ok("meeting", "list", case, "--format", "json")))
        self.assertEqual(rows[1][rows[0].index("notes")], "'" + FORMULA)
        self.assertEqual(rows[1][rows[0].index("attendees")], "%s;%s" % (DIRECTOR, POLICE))
        self.assertEqual(rows[2][rows[0].index("notes")], "")  # null: an empty cell

    def test_log_csv_is_its_json(self):
        case = self.case_with_plan_and_meeting()
        rows = self.csv_rows("log", case)
        events = json.loads(self.ok("log", case, "--format", "json"))
        self.assert_csv_is_json(rows, events)
        self.assertEqual(rows[0], ["id", "at", "actor", "action", "details"])
        # details is an object: its compact JSON in one cell, which reads back.
        column = rows[0].index("details")
        self.assertEqual([json.loads(r[column]) for r in rows[1:]],
                         [e["details"] for e in events])

    def test_case_list_csv_is_its_json(self):
        self.case_with_plan_and_meeting()
        self.assert_csv_is_json(self.csv_rows("case", "list"),
                                json.loads(self.ok("case", "list", "--format", "json"))["cases"])

    def test_report_actions_csv_has_the_json_rows_keys(self):
        self.case_with_plan_and_meeting()
        for extra in [(), ("--overdue",)]:
            report = json.loads(self.ok("report", "actions", *extra, "--format", "json"))
            rows = self.csv_rows("report", "actions", *extra)
            self.assert_csv_is_json(rows, report["actions"])
            self.assertIn("days_overdue", rows[0])  # not "days overdue"

    def test_report_caseload_csv_has_the_json_rows_keys(self):
        self.case_with_plan_and_meeting()
        report = json.loads(self.ok("report", "caseload", "--format", "json"))
        self.assert_csv_is_json(self.csv_rows("report", "caseload"), report["professionals"])

    def test_an_empty_list_is_its_header(self):
        case = self.ok("--quiet", "register", "--region", "ANT", "--received", "2026-11-02",
                       "--referrer-kind", "professional", "--external-ref", "EMPTY-1").strip()
        full = self.case_with_plan_and_meeting()
        for command in [("plan", "list"), ("meeting", "list")]:
            self.assertEqual(self.csv_rows(*command, case),
                             [self.csv_rows(*command, full)[0]])

    def test_control_characters_never_reach_the_csv_raw(self):
        case = self.case_with_plan_and_meeting()
        hostile = "Hostile \x1b]0;owned\x07 \x1b[2J\r\x9b2J end"
        self.ok("plan", "add", case, "--action", hostile, "--domain", "housing",
                "--professional", DIRECTOR)
        self.ok("meeting", "add", case, "--date", "2026-11-26", "--attendee", DIRECTOR,
                "--basis", "decree", "--purpose", hostile, "--notes", hostile)
        for args in [("plan", "list", case), ("meeting", "list", case)]:
            r = self.run_ifg(*args, "--format", "csv", raw=True)  # bytes: no newline translation
            self.assertEqual(r.returncode, 0, r.stderr)
            raw = r.stdout.decode("utf-8")
            for c in ["\x1b", "\x07", "\r", "\x9b"]:
                self.assertNotIn(c, raw, args)
            self.assertIn("Hostile \\x1b]0;owned\\x07 \\x1b[2J\\r\\u009b2J end", raw, args)

    def test_an_unknown_format_is_a_usage_error(self):
        case = self.case_with_plan_and_meeting()
        for args in [("plan", "list", case), ("meeting", "list", case), ("log", case),
                     ("report", "actions"), ("report", "caseload")]:
            r = self.run_ifg(*args, "--format", "ods")
            self.assertEqual(r.returncode, 2, "%s: %s" % (args, r.stderr))
            self.assertIn("ods", r.stderr)
            self.assertEqual(r.stdout, "")


class VeiligHuisTest(ListsCase):
    def sheet(self, case):
        return (json.loads(self.ok("report", "case", case, "--format", "json")),
                self.ok("report", "case", case))

    def test_the_case_sheet_names_the_regions_veilig_huis(self):
        case = self.ok("--quiet", "register", "--region", "ANT", "--received", "2026-11-02",
                       "--referrer-kind", "professional", "--external-ref", "VH-1").strip()
        data, text = self.sheet(case)
        self.assertEqual(data["region"], "ANT")
        self.assertEqual(data["veilig_huis"], "Veilig Huis Antwerpen")
        self.assertIn("Veilig Huis of the region: Veilig Huis Antwerpen.", text)
        markdown = self.ok("report", "case", case, "--format", "markdown")
        self.assertIn("Veilig Huis Antwerpen", markdown)

    def test_nothing_when_the_region_has_none(self):
        case = self.ok("--quiet", "register", "--region", "ANT", "--received", "2026-11-02",
                       "--referrer-kind", "professional", "--external-ref", "VH-2").strip()
        with open(self.config, encoding="utf-8") as f:
            config = f.read()
        line = 'veilig_huis = "Veilig Huis Antwerpen"\n'
        self.assertIn(line, config)
        without = os.path.join(self.dir, "without.toml")
        with open(without, "w", encoding="utf-8") as f:
            f.write(config.replace(line, ""))
        self.ok("init", "--config", without)
        data, text = self.sheet(case)
        self.assertIn("veilig_huis", data)
        self.assertIsNone(data["veilig_huis"])
        self.assertNotIn("Veilig Huis", text)


if __name__ == "__main__":
    IFG, EXAMPLES = sys.argv[1], sys.argv[2]
    schema_check.install(IFG)
    unittest.main(argv=sys.argv[:1], verbosity=2)
