#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The workflow of steps 2-4 through the `ifg` command line, run as a user runs it.

Usage: python3 tests/cli_workflow_test.py PATH/TO/ifg EXAMPLES_DIR DOCS_DIR

  (a) the `# walkthrough` block of DOCS_DIR/workflow.md runs, command by command,
      and ends with a closed case whose log holds the expected events in order;
  (b) exit codes: every refused transition of the lifecycle table (exit 1, the
      message names the case and its status), unknown case/professional/action (3),
      bad option values and missing options (2), no or unknown actor (4), and the
      rules (override, motivation, closure reasons, director role, region, active);
  (c) the JSON of `plan list`, `meeting list` and `log` (keys and types);
  (d) overdue at the Europe/Brussels day boundary, through IFG_NOW;
  (e) `screen CASE` after the decision prints the stored result; `update` is refused.

Every test works in a fresh temporary directory with its own database. All people
are synthetic. Only the Python standard library is used.
"""

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)
import store_under_test as sut
from store_under_test import sqlite_only

IFG = ""
EXAMPLES = ""
DOCS = ""

NOW = "2026-11-28T10:00:00Z"
COORD = "coord.ant"  # coordinator + director, jh-antwerpen
DIRECTOR = "dir.ant"  # director + member, caw-antwerpen
POLICE = "member.ant.pz"  # member, pz-antwerpen
ANALYST = "analyst.ant"  # analyst, jh-antwerpen
OTHER_REGION = "coord.lim"  # jh-limburg, does not serve ANT

STATUSES = ["registered", "screened", "accepted", "analysis", "directed", "active", "closed"]


class Sandbox:
    """A scratch directory with a copy of examples/ and one database (of `test`)."""

    def __init__(self, test):
        self.dir = tempfile.mkdtemp(prefix="ifg-workflow-")
        shutil.copytree(EXAMPLES, os.path.join(self.dir, "examples"))
        self.store = sut.Store(test, os.path.join(self.dir, "ifg.db"))
        self._refs = 0

    @property
    def db(self):
        return self.store.sqlite_path

    @db.setter
    def db(self, path):
        self.store.sqlite_path = path

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def env(self, actor=COORD, now=NOW):
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env["IFG_DB"] = self.db
        if now is not None:
            env["IFG_NOW"] = now
            env["IFG_TESTING"] = "1"
        if actor is not None:
            env["IFG_ACTOR"] = actor
        return env

    def run(self, *args, actor=COORD, now=NOW):
        argv, env = self.store.command([IFG, *args], self.env(actor, now))
        return subprocess.run(argv, cwd=self.dir, env=env,
                              capture_output=True, text=True, timeout=30)

    def path(self, name):
        return os.path.join(self.dir, name)

    def status(self, case):
        """The stored status of a case (read-only look at the database)."""
        rows = self.store.query("SELECT status FROM cases WHERE id = '%s'" % case)
        return rows[0][0] if rows else None

    def involvement(self, case):
        """{partner: {reasons}} of a case, as the case sheet shows it to a coordinator
        of its region (referral involvement is derived, not a table's rows)."""
        r = self.run("report", "case", case, "--format", "json")
        assert r.returncode == 0, r.stderr
        return {i["partner"]: set(i["reasons"]) for i in json.loads(r.stdout)["involvement"]}

    def referral_file(self, **overrides):
        """A copy of examples/referral.json with a fresh external_ref and `overrides`."""
        with open(os.path.join(EXAMPLES, "referral.json"), encoding="utf-8") as f:
            ref = json.load(f)
        self._refs += 1
        ref["external_ref"] = "WF-TEST-%d" % self._refs
        ref.update(overrides)
        name = self.path("referral-%d.json" % self._refs)
        with open(name, "w", encoding="utf-8") as f:
            json.dump(ref, f)
        return name


class WorkflowCase(unittest.TestCase):
    """Base: a fresh sandbox per test, the example configuration loaded."""

    def setUp(self):
        self.box = Sandbox(self)
        self.addCleanup(self.box.cleanup)
        self.ok("init", "--config", "examples/flanders.toml", actor=None)

    # -- running -----------------------------------------------------------

    def run_ifg(self, *args, **kw):
        return self.box.run(*args, **kw)

    def ok(self, *args, **kw):
        r = self.box.run(*args, **kw)
        self.assertEqual(r.returncode, 0, "ifg %s exited %d\nstdout: %s\nstderr: %s"
                         % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r.stdout

    def exits(self, code, *args, **kw):
        r = self.box.run(*args, **kw)
        self.assertEqual(r.returncode, code, "ifg %s: expected exit %d, got %d\nstderr: %s"
                         % (" ".join(args), code, r.returncode, r.stderr))
        self.assertTrue(r.stderr.strip(), "ifg %s: no message on stderr" % " ".join(args))
        return r

    def json_out(self, *args, **kw):
        return json.loads(self.ok(*args, "--format", "json", **kw))

    def events(self, case, **kw):
        return [e["action"] for e in self.json_out("log", case, **kw)]

    # -- bringing a case to a status ---------------------------------------

    def register(self, **overrides):
        case = self.ok("--quiet", "register", "--from", self.box.referral_file(**overrides)).strip()
        self.assertRegex(case, r"^ANT-2026-\d{4}$")
        return case

    def case_in(self, status, **overrides):
        """A new case brought to `status` by the ordinary commands."""
        case = self.register(**overrides)
        steps = {
            "screened": [("screen", case)],
            "accepted": [("decide", case, "--accept", "--motivation", "Very unsafe; help stuck")],
            "analysis": [("plan", "add", case, "--action", "Find housing", "--domain", "housing",
                          "--professional", DIRECTOR, "--due", "2026-12-15")],
            "directed": [("assign", case, "--director", DIRECTOR)],
            "active": [("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
                        "--basis", "decree", "--purpose", "Analysis"),
                       ("plan", "activate", case)],
            "closed": [("close", case, "--reason", "goals_reached")],
        }
        for s in STATUSES[1:STATUSES.index(status) + 1]:
            for cmd in steps[s]:
                self.ok(*cmd)
        self.assertEqual(self.box.status(case), status)
        return case


# ---------------------------------------------------------------------------
# (a) The walkthrough of docs/workflow.md

def walkthrough_block(text):
    """The lines of the ```sh block whose first line is `# walkthrough`."""
    blocks = re.findall(r"^```sh[ \t]*\n(.*?)^```[ \t]*$", text, re.S | re.M)
    found = [b for b in blocks if b.lstrip().startswith("# walkthrough")]
    return found


# The event(s) each walkthrough command leaves in `ifg log` (reads leave none).
def expected_events(command):
    words = shlex.split(command)
    if words and words[0].startswith("CASE=$("):
        words = shlex.split(command[len("CASE=$("):].rstrip(")"))
    if not words or words[0] != "ifg":
        return []
    words = [w for w in words[1:] if w != "--quiet"]
    head = words[0]
    sub = words[1] if len(words) > 1 else ""
    if head == "register":
        return ["registered"]
    if head == "screen":
        return ["screened"]  # the walkthrough screens a registered case
    if head == "update":
        return ["updated", "screened"]
    if head == "decide":
        return ["decided"] + (["closed"] if "--refuse" in words else [])
    if head == "meeting" and sub == "add":
        return ["meeting_added"]
    if head == "plan":
        return {"add": ["action_added"], "set": ["action_status"],
                "activate": ["plan_activated"]}.get(sub, [])
    if head == "assign":
        return ["director_assigned"] if "--director" in words else ["action_reassigned"]
    if head == "close":
        return ["closed"]
    return []


class WalkthroughTest(unittest.TestCase):

    def setUp(self):
        self.box = Sandbox(self)
        self.addCleanup(self.box.cleanup)
        with open(os.path.join(DOCS, "workflow.md"), encoding="utf-8") as f:
            self.doc = f.read()

    def lines(self):
        blocks = walkthrough_block(self.doc)
        self.assertEqual(len(blocks), 1,
                         "docs/workflow.md needs exactly one ```sh block starting with "
                         "`# walkthrough`")
        lines = [l.strip() for l in blocks[0].splitlines()]
        return [l for l in lines if l and not l.startswith("#")]

    def test_block_is_well_formed(self):
        lines = self.lines()
        self.assertTrue(lines[0].startswith("export "), lines[0])
        exported = dict(kv.split("=", 1) for kv in shlex.split(lines[0])[1:])
        self.assertEqual(exported.get("IFG_ACTOR"), COORD)
        self.assertEqual(exported.get("IFG_NOW"), NOW)
        self.assertIn("IFG_DB", exported)
        self.assertIn("CASE=$(ifg --quiet register --from examples/referral.json)", lines)
        for line in lines[1:]:
            self.assertTrue(line.startswith("ifg ") or line.startswith("CASE=$(ifg "), line)
            self.assertNotRegex(line, r"[A-Z]{2,5}-\d{4}-\d{4}",
                                "use $CASE, not a literal case id: " + line)
        # The four steps in the order of the doc.
        order = ["ifg init", "register", "ifg screen", "ifg decide", "ifg meeting add",
                 "ifg plan add", "ifg assign $CASE --director", "ifg plan activate",
                 "ifg plan set", "ifg assign $CASE --action", "ifg plan list", "ifg log",
                 "ifg close"]
        positions = []
        for word in order:
            hits = [i for i, l in enumerate(lines) if word in l]
            self.assertTrue(hits, "the walkthrough lacks `%s`" % word)
            positions.append(hits[0])
        self.assertEqual(positions, sorted(positions), "the walkthrough's steps are out of order")

    @sqlite_only('runs docs/workflow.md as written, which names a database file')
    def test_walkthrough_runs(self):
        lines = self.lines()
        binary = shlex.quote(os.path.abspath(IFG))
        script = []
        for i, line in enumerate(lines):
            cmd = re.sub(r"(^|\$\()ifg(?=\s)", lambda m: m.group(1) + binary, line)
            self.assertNotRegex(cmd, r"(^|\$\(|\s)ifg\s", "ifg left unreplaced: " + line)
            script.append("printf '\\n@@ %d @@\\n'" % i)
            script.append(cmd)
        script.append("printf '\\n@@ end @@\\n'")
        script.append('printf "%s\\n" "$CASE" > walkthrough.case')
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        r = subprocess.run(["bash", "-e", "-c", "\n".join(script)], cwd=self.box.dir, env=env,
                           capture_output=True, text=True, timeout=60)
        markers = re.findall(r"^@@ (\d+|end) @@$", r.stdout, re.M)
        last = markers[-1] if markers else None
        failed = lines[int(last)] if last not in (None, "end") else None
        self.assertEqual(r.returncode, 0, "the walkthrough stopped at `%s` (exit %d)\nstderr: %s"
                         % (failed, r.returncode, r.stderr))
        self.assertEqual(last, "end")

        # Outputs per command: plan add prints the action numbers 1, 2, 3 in order.
        outputs = re.split(r"^@@ (?:\d+|end) @@$", r.stdout, flags=re.M)[1:]
        added = [outputs[i].strip() for i, l in enumerate(lines) if l.startswith("ifg plan add")]
        self.assertEqual(added, [str(n) for n in range(1, len(added) + 1)])

        with open(os.path.join(self.box.dir, "walkthrough.case"), encoding="utf-8") as f:
            case = f.read().strip()
        self.assertRegex(case, r"^ANT-2026-\d{4}$")
        exported = dict(kv.split("=", 1) for kv in shlex.split(lines[0])[1:])
        self.box.db = os.path.join(self.box.dir, exported["IFG_DB"])
        self.assertEqual(self.box.status(case), "closed")

        log = json.loads(self.box.run("log", case, "--format", "json").stdout)
        actions = [e["action"] for e in log]
        expected = [e for l in lines for e in expected_events(l)]
        self.assertEqual(actions, expected)
        # The milestones of the four steps, in order.
        milestones = ["registered", "screened", "decided", "meeting_added", "action_added",
                      "director_assigned", "plan_activated", "action_status",
                      "action_reassigned", "closed"]
        it = iter(actions)
        self.assertTrue(all(m in it for m in milestones), actions)
        self.assertEqual(actions[-1], "closed")
        self.assertTrue(all(e["actor"] == COORD and e["at"] == NOW for e in log))
        # The involvement docs/workflow.md states for the walkthrough.
        self.assertEqual(self.box.involvement(case), {
            "caw-antwerpen": {"referrer", "channel", "attendee", "action_holder", "director"},
            "pz-antwerpen": {"crisis_partner", "attendee", "action_holder"},
            "jh-antwerpen": {"attendee", "action_holder"},
        })

    def test_json_examples_parse(self):
        for block in re.findall(r"^```json[ \t]*\n(.*?)^```[ \t]*$", self.doc, re.S | re.M):
            json.loads(block)




def week_block(text):
    """The lines of the ```sh block whose first line is `# a week`, comments left out."""
    blocks = re.findall(r"^```sh[ \t]*\n(.*?)^```[ \t]*$", text, re.S | re.M)
    found = [b for b in blocks if b.lstrip().startswith("# a week")]
    return found


class WeekTest(unittest.TestCase):
    """docs/workflow.md's week at a coordination point, run as written."""

    def setUp(self):
        self.box = Sandbox(self)
        self.addCleanup(self.box.cleanup)
        with open(os.path.join(DOCS, "workflow.md"), encoding="utf-8") as f:
            blocks = week_block(f.read())
        self.assertEqual(len(blocks), 1, "docs/workflow.md needs one ```sh block `# a week`")
        self.lines = [l.strip() for l in blocks[0].splitlines()
                      if l.strip() and not l.strip().startswith("#")]

    def run_week(self):
        binary = shlex.quote(os.path.abspath(IFG))
        script = []
        for i, line in enumerate(self.lines):
            self.assertRegex(line, r"^(export |ifg |[A-Z]=\$\(ifg )", line)
            cmd = re.sub(r"(^|\$\()ifg(?=\s)", lambda m: m.group(1) + binary, line)
            script.append("printf '\\n@@ %d @@\\n'" % i)
            script.append(cmd)
        script.append("printf '\\n@@ end @@\\n'")
        script.append('printf "%s %s %s\\n" "$A" "$B" "$C" > week.cases')
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", "\n".join(script)],
                           cwd=self.box.dir, env=env, capture_output=True, text=True, timeout=120)
        markers = re.findall(r"^@@ (\d+|end) @@$", r.stdout, re.M)
        last = markers[-1] if markers else None
        failed = self.lines[int(last)] if last not in (None, "end") else None
        self.assertEqual(r.returncode, 0, "the week stopped at `%s` (exit %d)\nstderr: %s"
                         % (failed, r.returncode, r.stderr))
        outputs = re.split(r"^@@ (?:\d+|end) @@$", r.stdout, flags=re.M)[1:]
        with open(os.path.join(self.box.dir, "week.cases"), encoding="utf-8") as f:
            cases = f.read().split()
        self.box.db = os.path.join(self.box.dir, "week.db")
        return cases, list(zip(self.lines, outputs))

    @sqlite_only('runs docs/workflow.md as written, which names a database file')
    def test_the_week_runs_and_leaves_each_case_where_the_doc_says(self):
        (a, b, c), out = self.run_week()
        self.assertEqual(len({a, b, c}), 3)
        for case in (a, b, c):
            self.assertRegex(case, r"^ANT-2026-\d{4}$")
        self.assertEqual(self.box.status(a), "active")
        self.assertEqual(self.box.status(b), "analysis")
        self.assertEqual(self.box.status(c), "closed")
        # A: held meeting, the due date moved, nothing overdue after the move
        meetings = json.loads(self.box.run("meeting", "list", a, "--format", "json").stdout)
        self.assertEqual([m["status"] for m in meetings], ["held"])
        action = json.loads(self.box.run("plan", "list", a, "--format", "json").stdout)[0]
        self.assertEqual(action["due"], "2026-12-04")
        self.assertEqual(action["history"][-1]["kind"], "due")
        overdue = [o for l, o in out if l == "ifg case list --overdue"]
        self.assertIn(a, overdue[0])  # before the move
        self.assertNotIn(a, overdue[1])  # after it
        # B: closed with monitoring, one contact, reopened without a director
        events = [e["action"] for e in json.loads(self.box.run("log", b, "--format",
                                                               "json").stdout)]
        self.assertEqual(events[-3:], ["closed", "monitored", "reopened"])
        sheet = json.loads(self.box.run("report", "case", b, "--format", "json").stdout)
        self.assertIsNone(sheet["director"])
        # C: continued in Limburg, screened, waiting for that team
        sheet = json.loads(self.box.run("report", "case", c, "--format", "json").stdout)
        moved = sheet["closure"]["transferred_to"]
        self.assertRegex(moved, r"^LIM-2026-\d{4}$")
        self.assertIn(moved, dict(out)["ifg --as coord.lim case list --region LIM --waiting decision"])
        # Other regions' records were skipped, not stored
        intake = list(csv.DictReader(open(os.path.join(self.box.dir, "intake.csv"),
                                          encoding="utf-8")))
        self.assertTrue(any(r["outcome"] == "skipped" for r in intake))
        self.assertFalse(any(r["outcome"] == "invalid" for r in intake))
        # The steering group's reports: what happened in the week, and in the weeks after
        reports = [json.loads(o)["activity"] for l, o in out if l.startswith("ifg report region")]
        week, after = reports
        self.assertEqual(week["decisions"], {"accepted": 3, "refused": 0, "overridden": 0})
        self.assertEqual((week["meetings_held"], week["directors_assigned"],
                          week["plans_activated"]), (2, 1, 1))
        closures = {k: v for k, v in week["closures"]["by_reason"].items() if v}
        self.assertEqual(closures, {"referred_regular": 1, "moved": 1})
        self.assertEqual(week["transfers"], {"out": 1, "in": 0})
        self.assertEqual((week["reopenings"], week["monitoring_contacts"]), (0, 0))
        # B and C were accepted on Monday and closed (C by its transfer) on Friday: 4 days
        self.assertEqual(week["median_days"]["accepted_to_closure"], 4)
        self.assertEqual((after["reopenings"], after["monitoring_contacts"]), (1, 1))
        self.assertEqual(after["decisions"]["accepted"], 0)
        # The trail explains every row the week wrote
        self.assertEqual(self.box.run("audit", "verify", "--state").returncode, 0)
# ---------------------------------------------------------------------------
# (b) Refusals by status: each blank cell of the lifecycle table exits 1

def refused_commands(case):
    """Commands keyed by the statuses in which the lifecycle table refuses them."""
    meeting = ("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
               "--basis", "decree", "--purpose", "Analysis")
    plan_add = ("plan", "add", case, "--action", "Debt mediation", "--domain", "finances",
                "--professional", DIRECTOR)
    return [
        (("update", case, "--set", "help_status=stuck"),
         {"accepted", "analysis", "directed", "active", "closed"}),
        (("decide", case, "--accept", "--motivation", "m"),
         {"registered", "accepted", "analysis", "directed", "active", "closed"}),
        (("decide", case, "--refuse", "--motivation", "m"),
         {"registered", "accepted", "analysis", "directed", "active", "closed"}),
        (meeting, {"registered", "screened", "closed"}),
        (plan_add, {"registered", "screened", "closed"}),
        (("assign", case, "--director", COORD), {"registered", "screened", "closed"}),
        (("assign", case, "--action", "1", "--to", COORD), {"registered", "screened", "closed"}),
        (("plan", "set", case, "1", "--status", "done"), {"registered", "screened", "closed"}),
        (("plan", "activate", case),
         {"registered", "screened", "accepted", "analysis", "active", "closed"}),
        (("close", case, "--reason", "moved"), {"closed"}),
    ]


class RefusedTransitionTest(WorkflowCase):

    def check_refusals(self, status):
        case = self.case_in(status)
        before = self.events(case)
        for cmd, refused_in in refused_commands(case):
            if status not in refused_in:
                continue
            with self.subTest(status=status, command=" ".join(cmd[:2])):
                r = self.exits(1, *cmd)
                self.assertIn(case, r.stderr)
                self.assertRegex(r.stderr, r"\b%s\b" % status,
                                 "the refusal does not name the status: " + r.stderr)
                self.assertEqual(r.stdout, "")
        # Refused commands change nothing.
        self.assertEqual(self.box.status(case), status)
        self.assertEqual(self.events(case), before)

    def test_registered(self):
        self.check_refusals("registered")

    def test_screened(self):
        self.check_refusals("screened")

    def test_accepted(self):
        self.check_refusals("accepted")

    def test_analysis(self):
        self.check_refusals("analysis")

    def test_directed(self):
        self.check_refusals("directed")

    def test_active(self):
        self.check_refusals("active")

    def test_closed(self):
        self.check_refusals("closed")

    def test_activate_needs_an_action_that_is_not_cancelled(self):
        case = self.case_in("accepted")
        self.ok("assign", case, "--director", DIRECTOR)
        self.assertEqual(self.box.status(case), "directed")
        r = self.exits(1, "plan", "activate", case)
        self.assertIn(case, r.stderr)
        self.assertIn("action", r.stderr)
        self.assertRegex(r.stderr, r"\bdirected\b",
                         "the refusal does not name the status: " + r.stderr)
        self.ok("plan", "add", case, "--action", "A", "--domain", "housing",
                "--professional", DIRECTOR)
        self.ok("plan", "set", case, "1", "--status", "cancelled")
        self.exits(1, "plan", "activate", case)
        self.ok("plan", "set", case, "1", "--status", "open")
        r = self.exits(1, "plan", "activate", case)
        self.assertIn("no case meeting held", r.stderr)
        self.assertIn("ifg meeting add " + case, r.stderr)
        self.ok("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
                "--basis", "decree", "--purpose", "Analysis")
        self.ok("plan", "activate", case)
        self.assertEqual(self.box.status(case), "active")


class AllowedTransitionTest(WorkflowCase):
    """The arrows and ticks of the lifecycle table."""

    def test_update_and_screen_before_the_decision(self):
        case = self.register()
        self.ok("update", case, "--set", "help_status=stuck")
        self.assertEqual(self.box.status(case), "screened")
        self.ok("update", case, "--set", "measures_status=difficult")
        self.ok("screen", case)
        self.assertEqual(self.box.status(case), "screened")
        case2 = self.register()
        self.ok("screen", case2)
        self.assertEqual(self.box.status(case2), "screened")

    def test_accept_and_refuse(self):
        a = self.case_in("screened")
        self.assertEqual(self.json_out("decide", a, "--accept", "--motivation", "Team agrees"),
                         {"format_version": 1, "case": a, "decision": "accepted", "override": False,
                          "status": "accepted"})
        self.assertEqual(self.box.status(a), "accepted")
        r = self.case_in("screened")
        self.ok("decide", r, "--refuse", "--motivation", "Regular care suffices after all")
        self.assertEqual(self.box.status(r), "closed")
        self.assertEqual(self.events(r)[-2:], ["decided", "closed"])
        self.assertEqual(self.json_out("log", r)[-1]["details"]["reason"], "refused")

    def test_meeting_or_action_starts_the_analysis(self):
        m = self.case_in("accepted")
        self.ok("meeting", "add", m, "--date", "2026-11-27", "--attendee", DIRECTOR,
                "--basis", "client_consent", "--purpose", "Analysis")
        self.assertEqual(self.box.status(m), "analysis")
        p = self.case_in("accepted")
        self.ok("plan", "add", p, "--action", "A", "--domain", "housing", "--professional", POLICE)
        self.assertEqual(self.box.status(p), "analysis")
        # More meetings and actions keep the status.
        self.ok("meeting", "add", p, "--date", "2026-11-28", "--attendee", POLICE,
                "--basis", "prosecutor_consent", "--purpose", "Follow-up")
        self.assertEqual(self.box.status(p), "analysis")

    def test_director_from_accepted_and_from_analysis(self):
        a = self.case_in("accepted")
        self.ok("assign", a, "--director", DIRECTOR)
        self.assertEqual(self.box.status(a), "directed")
        b = self.case_in("analysis")
        self.ok("assign", b, "--director", COORD, "--reason", "Justice leads")
        self.assertEqual(self.box.status(b), "directed")

    def test_statuses_only_move_forward(self):
        case = self.case_in("directed")
        self.ok("assign", case, "--director", COORD, "--reason", "Handover")
        self.ok("meeting", "add", case, "--date", "2026-11-27", "--attendee", COORD,
                "--basis", "decree", "--purpose", "Handover")
        self.ok("plan", "add", case, "--action", "B", "--domain", "mental",
                "--professional", COORD)
        self.assertEqual(self.box.status(case), "directed")
        self.ok("plan", "activate", case)
        self.ok("assign", case, "--director", DIRECTOR, "--reason", "Back to CAW")
        self.ok("meeting", "add", case, "--date", "2026-11-28", "--attendee", DIRECTOR,
                "--basis", "decree", "--purpose", "Review")
        self.ok("plan", "add", case, "--action", "C", "--domain", "social",
                "--professional", DIRECTOR)
        self.ok("plan", "set", case, "1", "--status", "in_progress")
        self.ok("assign", case, "--action", "1", "--to", POLICE)
        self.assertEqual(self.box.status(case), "active")
        assigned = [e["details"] for e in self.json_out("log", case)
                    if e["action"] == "director_assigned"]
        self.assertEqual([d["professional"] for d in assigned], [DIRECTOR, COORD, DIRECTOR])
        self.assertEqual(assigned[1].get("previous"), DIRECTOR)

    def test_close_from_every_open_status(self):
        for status in STATUSES[:-1]:
            with self.subTest(status=status):
                case = self.case_in(status)
                self.assertEqual(self.json_out("close", case, "--reason", "no_cooperation"),
                                 {"format_version": 1, "case": case, "status": "closed",
                                  "reason": "no_cooperation",
                                  "monitor_until": None})
                self.assertEqual(self.box.status(case), "closed")
                last = self.json_out("log", case)[-1]
                self.assertEqual(last["action"], "closed")
                self.assertEqual(last["details"]["reason"], "no_cooperation")


# ---------------------------------------------------------------------------
# (b) Exit codes: not found, usage, access; and the rules

class ExitCodeTest(WorkflowCase):

    def workflow_commands(self, case):
        return [
            ("decide", case, "--accept", "--motivation", "m"),
            ("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
             "--basis", "decree", "--purpose", "p"),
            ("meeting", "list", case),
            ("plan", "add", case, "--action", "a", "--domain", "housing",
             "--professional", DIRECTOR),
            ("plan", "list", case),
            ("plan", "set", case, "1", "--status", "done"),
            ("plan", "activate", case),
            ("assign", case, "--director", DIRECTOR),
            ("assign", case, "--action", "1", "--to", DIRECTOR),
            ("close", case, "--reason", "moved"),
            ("log", case),
        ]

    def test_unknown_case_exits_3(self):
        for cmd in self.workflow_commands("ANT-2026-9999"):
            with self.subTest(command=" ".join(cmd[:2])):
                r = self.exits(3, *cmd)
                self.assertIn("ANT-2026-9999", r.stderr)

    def test_no_actor_exits_4(self):
        case = self.case_in("analysis")
        code, named = sut.refused(None)
        for cmd in self.workflow_commands(case):
            with self.subTest(command=" ".join(cmd[:2])):
                self.assertIn(named, self.exits(code, *cmd, actor=None).stderr)
        self.assertEqual(self.box.status(case), "analysis")

    def test_unknown_actor_exits_4(self):
        case = self.case_in("analysis")
        code, named = sut.refused("nobody.ant")
        for cmd in self.workflow_commands(case):
            with self.subTest(command=" ".join(cmd[:2])):
                self.assertIn(named, self.exits(code, *cmd, actor="nobody.ant").stderr)
        self.assertEqual(self.box.status(case), "analysis")

    def test_unknown_professional_exits_3(self):
        case = self.case_in("analysis")
        for cmd in [
            ("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
             "--attendee", "ghost.ant", "--basis", "decree", "--purpose", "p"),
            ("plan", "add", case, "--action", "a", "--domain", "housing",
             "--professional", "ghost.ant"),
            ("assign", case, "--director", "ghost.ant"),
            ("assign", case, "--action", "1", "--to", "ghost.ant"),
        ]:
            with self.subTest(command=" ".join(cmd[:2])):
                r = self.exits(3, *cmd)
                self.assertIn("ghost.ant", r.stderr)
        self.assertEqual(self.box.status(case), "analysis")
        self.assertEqual(len(self.json_out("meeting", "list", case)), 0)
        self.assertEqual(len(self.json_out("plan", "list", case)), 1)

    def test_unknown_action_number_exits_3(self):
        case = self.case_in("analysis")
        for cmd in [("plan", "set", case, "7", "--status", "done"),
                    ("assign", case, "--action", "7", "--to", COORD)]:
            with self.subTest(command=" ".join(cmd[:2])):
                r = self.exits(3, *cmd)
                self.assertIn(case, r.stderr)
                self.assertIn("7", r.stderr)

    def test_bad_option_values_exit_2(self):
        case = self.case_in("analysis")
        for cmd in [
            ("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
             "--basis", "gossip", "--purpose", "p"),
            ("meeting", "add", case, "--date", "27.11.2026", "--attendee", DIRECTOR,
             "--basis", "decree", "--purpose", "p"),
            ("plan", "set", case, "1", "--status", "finished"),
            ("plan", "add", case, "--action", "a", "--domain", "housing",
             "--professional", DIRECTOR, "--due", "2026-02-30"),
            ("close", case, "--reason", "bored"),
            ("log", case, "--format", "markdown"),  # csv since issue 13; markdown is for reports
        ]:
            with self.subTest(command=" ".join(cmd[:2]) + " " + " ".join(cmd[-2:])):
                self.exits(2, *cmd)
        self.assertEqual(self.box.status(case), "analysis")

    def test_missing_options_exit_2(self):
        screened = self.case_in("screened")
        self.exits(2, "decide", screened, "--accept")
        self.exits(2, "decide", screened, "--motivation", "m")
        self.exits(2, "decide", screened, "--accept", "--refuse", "--motivation", "m")
        case = self.case_in("analysis")
        for cmd in [
            ("meeting", "add", case, "--attendee", DIRECTOR, "--basis", "decree",
             "--purpose", "p"),
            ("meeting", "add", case, "--date", "2026-11-27", "--basis", "decree",
             "--purpose", "p"),
            ("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
             "--purpose", "p"),
            ("meeting", "add", case, "--date", "2026-11-27", "--attendee", DIRECTOR,
             "--basis", "decree"),
            ("plan", "add", case, "--domain", "housing", "--professional", DIRECTOR),
            ("plan", "set", case, "1"),
            ("close", case),
            ("assign", case),
            ("assign", case, "--action", "1"),
        ]:
            with self.subTest(command=" ".join(cmd)):
                self.exits(2, *cmd)
        self.assertEqual(self.box.status(screened), "screened")

    def test_motivation_may_not_be_empty(self):
        case = self.case_in("screened")
        self.exits(1, "decide", case, "--accept", "--motivation", "  ")
        self.assertEqual(self.box.status(case), "screened")


class RuleTest(WorkflowCase):

    def test_override(self):
        eligible = self.case_in("screened")
        r = self.exits(1, "decide", eligible, "--accept", "--override", "--motivation", "m")
        self.assertIn("--override", r.stderr)
        r = self.exits(1, "decide", eligible, "--refuse", "--override", "--motivation", "m")
        self.assertIn("--override", r.stderr)
        self.assertEqual(self.box.status(eligible), "screened")

        not_eligible = self.case_in("screened", safety="unsafe")
        self.assertIn("not_eligible", self.ok("screen", not_eligible))
        r = self.exits(1, "decide", not_eligible, "--accept", "--motivation", "m")
        self.assertIn("--override", r.stderr)
        self.assertEqual(self.box.status(not_eligible), "screened")
        out = self.json_out("decide", not_eligible, "--accept", "--override",
                            "--motivation", "The team judges the family very unsafe")
        self.assertEqual(out["override"], True)
        self.assertEqual(self.box.status(not_eligible), "accepted")
        decided = self.json_out("log", not_eligible)[-1]
        self.assertEqual(decided["action"], "decided")
        self.assertEqual(decided["details"],
                         {"accepted": True, "override": True, "outcome": "not_eligible"})

        # A not-eligible case may simply be refused, without --override.
        other = self.case_in("screened", safety="unsafe")
        self.ok("decide", other, "--refuse", "--motivation", "Not very unsafe")
        self.assertEqual(self.box.status(other), "closed")

    def test_citizen_referral_is_closed_by_refusal(self):
        case = self.case_in("screened", referrer={"kind": "citizen", "name": "Person C."})
        self.assertIn("inadmissible", self.ok("screen", case))
        r = self.exits(1, "close", case, "--reason", "refused")
        self.assertIn("decide", r.stderr)
        self.assertEqual(self.box.status(case), "screened")
        before = self.events(case)
        # issue 13: the chain approach never takes in a citizen's referral, not even
        # with the override; the message names the case, 1712 and the way to close it
        for extra in (["--override"], []):
            with self.subTest(extra=extra):
                r = self.exits(1, "decide", case, "--accept", *extra,
                               "--motivation", "The team judges it very unsafe")
                self.assertIn(case, r.stderr)
                self.assertIn("inadmissible", r.stderr)
                self.assertIn("1712", r.stderr)
                self.assertIn("ifg decide %s --refuse --motivation TEXT" % case, r.stderr)
        self.assertEqual(self.box.status(case), "screened")
        self.assertEqual(self.events(case), before)
        self.ok("decide", case, "--refuse", "--motivation", "Citizen referral: pointed to 1712")
        self.assertEqual(self.box.status(case), "closed")

    def test_closure_reasons(self):
        case = self.case_in("active")
        r = self.exits(1, "close", case, "--reason", "refused")
        self.assertIn(case, r.stderr)
        r = self.exits(2, "close", case, "--reason", "weg")
        self.assertIn("goals_reached", r.stderr)  # the reasons `close` accepts, and only those
        self.assertNotIn("refused", r.stderr)
        r = self.exits(1, "close", case, "--reason", "other")
        self.assertIn("note", r.stderr)
        self.exits(1, "close", case, "--reason", "other", "--note", " ")
        self.assertEqual(self.box.status(case), "active")
        self.ok("close", case, "--reason", "other", "--note", "The family moved abroad")
        self.assertEqual(self.box.status(case), "closed")
        for reason in ["goals_reached", "referred_regular", "no_cooperation", "moved"]:
            with self.subTest(reason=reason):
                c = self.case_in("accepted")
                self.ok("close", c, "--reason", reason)
                self.assertEqual(self.json_out("log", c)[-1]["details"]["reason"], reason)

    def test_director_role(self):
        case = self.case_in("analysis")
        for pro in [POLICE, ANALYST]:
            with self.subTest(professional=pro):
                r = self.exits(1, "assign", case, "--director", pro)
                self.assertIn(pro, r.stderr)
                self.assertIn("director", r.stderr)
        self.assertEqual(self.box.status(case), "analysis")
        self.ok("assign", case, "--director", DIRECTOR)
        r = self.exits(1, "assign", case, "--director", DIRECTOR)
        self.assertIn("already", r.stderr)

    def test_professionals_must_serve_the_region(self):
        case = self.case_in("analysis")
        for cmd in [
            ("meeting", "add", case, "--date", "2026-11-27", "--attendee", OTHER_REGION,
             "--basis", "decree", "--purpose", "p"),
            ("plan", "add", case, "--action", "a", "--domain", "housing",
             "--professional", "dir.lim"),
            ("assign", case, "--director", OTHER_REGION),
            ("assign", case, "--action", "1", "--to", "member.lim.pz"),
        ]:
            with self.subTest(command=" ".join(cmd[:2])):
                r = self.exits(1, *cmd)
                self.assertIn("region ANT", r.stderr)
        self.assertEqual(self.box.status(case), "analysis")
        self.assertEqual(self.json_out("meeting", "list", case), [])

    def test_professionals_must_be_active(self):
        with open(os.path.join(EXAMPLES, "flanders.toml"), encoding="utf-8") as f:
            config = f.read()
        config += ('\n[[professional]]\nid = "former.ant"\nname = "Demo Former Director"\n'
                   'partner = "caw-antwerpen"\nroles = ["director", "member"]\nactive = false\n')
        with open(self.box.path("inactive.toml"), "w", encoding="utf-8") as f:
            f.write(config)
        if sut.POSTGRESQL:
            # A professional is a role of the cluster, which only an administrator
            # makes and adds to the database's group (CREATEROLE, the group's admin
            # option); the coordinator's load then finds both.
            sut.psql("DO $$ BEGIN CREATE ROLE \"former.ant\" NOLOGIN; "
                     "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            sut.psql('GRANT %s_professionals TO "former.ant"' % self.box.store.name)
        self.ok("init", "--config", "inactive.toml")
        case = self.case_in("analysis")
        for cmd in [
            ("meeting", "add", case, "--date", "2026-11-27", "--attendee", "former.ant",
             "--basis", "decree", "--purpose", "p"),
            ("plan", "add", case, "--action", "a", "--domain", "housing",
             "--professional", "former.ant"),
            ("assign", case, "--director", "former.ant"),
            ("assign", case, "--action", "1", "--to", "former.ant"),
        ]:
            with self.subTest(command=" ".join(cmd[:2])):
                r = self.exits(1, *cmd)
                self.assertIn("former.ant", r.stderr)
        self.exits(4, "log", case, actor="former.ant")
        self.assertEqual(self.box.status(case), "analysis")

    def test_action_status_changes_keep_their_history(self):
        case = self.case_in("analysis")
        r = self.exits(1, "plan", "set", case, "1", "--status", "open")
        self.assertIn("already", r.stderr)
        self.ok("plan", "set", case, "1", "--status", "in_progress", "--note", "Started")
        self.ok("assign", case, "--action", "1", "--to", POLICE)
        r = self.exits(1, "assign", case, "--action", "1", "--to", POLICE)
        self.assertIn("already", r.stderr)
        self.ok("plan", "set", case, "1", "--status", "done")
        [action] = self.json_out("plan", "list", case)
        self.assertEqual(action["professional"], POLICE)
        self.assertEqual(action["partner"], "pz-antwerpen")
        self.assertEqual(action["status"], "done")
        self.assertEqual([(h["kind"], h["from"], h["to"], h["note"]) for h in action["history"]],
                         [("created", None, DIRECTOR, None),
                          ("status", "open", "in_progress", "Started"),
                          ("reassigned", DIRECTOR, POLICE, None),
                          ("status", "in_progress", "done", None)])

    def test_involvement_follows_the_workflow(self):
        case = self.case_in("analysis", channel="vk", crisis_partner="ggz",
                            referrer={"kind": "professional", "name": "Demo Referrer",
                                      "partner": "vk-antwerpen"})
        self.ok("assign", case, "--action", "1", "--to", POLICE)
        self.ok("meeting", "add", case, "--date", "2026-11-27", "--attendee", COORD,
                "--basis", "decree", "--purpose", "Analysis")
        self.ok("assign", case, "--director", COORD)
        self.ok("assign", case, "--director", DIRECTOR, "--reason", "Handover")
        # Refused commands add no involvement.
        self.exits(1, "meeting", "add", case, "--date", "2026-11-27", "--attendee", "dir.lim",
                   "--basis", "decree", "--purpose", "p")
        self.assertEqual(self.box.involvement(case), {
            "vk-antwerpen": {"referrer", "channel"},
            "ggz-antwerpen": {"crisis_partner"},
            "caw-antwerpen": {"action_holder", "director"},  # held, and directs now
            "pz-antwerpen": {"action_holder"},
            "jh-antwerpen": {"attendee", "director"},  # was director
        })

    def test_life_domain_alias_is_stored_as_code(self):
        case = self.case_in("accepted")
        self.ok("plan", "add", case, "--action", "a", "--domain", "huisvesting",
                "--professional", DIRECTOR)
        self.assertEqual(self.json_out("plan", "list", case)[0]["domain"], "housing")


# ---------------------------------------------------------------------------
# (c) JSON shapes

ISO_TS = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class JsonShapeTest(WorkflowCase):

    def setUp(self):
        super().setUp()
        self.case = self.case_in("accepted")
        c = self.case
        self.ok("meeting", "add", c, "--date", "2026-11-27", "--attendee", COORD,
                "--attendee", DIRECTOR, "--basis", "decree", "--purpose", "Analysis")
        self.ok("meeting", "add", c, "--date", "2026-11-28", "--attendee", POLICE,
                "--basis", "prosecutor_consent", "--purpose", "Follow-up", "--notes", "Short")
        self.ok("plan", "add", c, "--action", "Housing", "--domain", "housing",
                "--professional", DIRECTOR, "--due", "2026-11-27")
        self.ok("plan", "add", c, "--action", "Order", "--domain", "justitie",
                "--professional", COORD)
        self.ok("assign", c, "--director", DIRECTOR)
        self.ok("plan", "activate", c)
        self.ok("plan", "set", c, "1", "--status", "in_progress", "--note", "Viewing")
        self.ok("assign", c, "--action", "2", "--to", POLICE)

    def assertStrOrNone(self, v, what):
        self.assertTrue(v is None or isinstance(v, str), "%s: %r" % (what, v))

    def test_plan_list(self):
        items = self.json_out("plan", "list", self.case)
        self.assertIsInstance(items, list)
        self.assertEqual(len(items), 2)
        for a in items:
            # "action" is the deprecated name of "text" (docs/formats.md).
            self.assertEqual(set(a), {"number", "text", "action", "domain", "professional",
                                      "partner", "due", "status", "overdue", "history"})
            self.assertEqual(a["text"], a["action"])
            self.assertIs(type(a["number"]), int)
            for k in ("action", "domain", "professional", "partner", "status"):
                self.assertIsInstance(a[k], str, k)
            self.assertIn(a["status"], {"open", "in_progress", "done", "cancelled"})
            self.assertIs(type(a["overdue"]), bool)
            self.assertStrOrNone(a["due"], "due")
            if a["due"] is not None:
                self.assertRegex(a["due"], ISO_DATE)
            self.assertIsInstance(a["history"], list)
            self.assertGreaterEqual(len(a["history"]), 1)
            for h in a["history"]:
                self.assertEqual(set(h), {"at", "actor", "kind", "from", "to", "note"})
                self.assertRegex(h["at"], ISO_TS)
                self.assertIsInstance(h["actor"], str)
                self.assertIn(h["kind"], {"created", "status", "reassigned"})
                self.assertStrOrNone(h["from"], "from")
                self.assertIsInstance(h["to"], str)
                self.assertStrOrNone(h["note"], "note")
            self.assertEqual(a["history"][0]["kind"], "created")
        one, two = items
        self.assertEqual((one["number"], one["domain"], one["professional"], one["partner"],
                          one["due"], one["status"], one["overdue"]),
                         (1, "housing", DIRECTOR, "caw-antwerpen", "2026-11-27", "in_progress",
                          True))
        self.assertEqual(one["history"][1]["note"], "Viewing")
        self.assertEqual((two["number"], two["domain"], two["professional"], two["partner"],
                          two["due"], two["overdue"]),
                         (2, "justice", POLICE, "pz-antwerpen", None, False))
        # jsonl: the same objects, one per line.
        lines = self.ok("plan", "list", self.case, "--format", "jsonl").splitlines()
        self.assertEqual([json.loads(l) for l in lines], items)

    def test_meeting_list(self):
        items = self.json_out("meeting", "list", self.case)
        self.assertEqual(len(items), 2)
        for m in items:
            # "recorded_by"/"recorded_at" are deprecated names of "actor"/"at" (docs/formats.md).
            self.assertEqual(set(m), {"number", "date", "status", "basis", "purpose", "notes", "attendees",
                                      "actor", "at", "recorded_by", "recorded_at"})
            self.assertEqual((m["actor"], m["at"]), (m["recorded_by"], m["recorded_at"]))
            self.assertIs(type(m["number"]), int)
            self.assertRegex(m["date"], ISO_DATE)
            self.assertIn(m["basis"], {"decree", "prosecutor_consent", "client_consent"})
            self.assertIsInstance(m["purpose"], str)
            self.assertStrOrNone(m["notes"], "notes")
            self.assertIsInstance(m["attendees"], list)
            self.assertTrue(all(isinstance(a, str) for a in m["attendees"]))
            self.assertIsInstance(m["recorded_by"], str)
            self.assertRegex(m["recorded_at"], ISO_TS)
        self.assertEqual([(m["number"], m["date"], m["basis"], m["notes"], m["attendees"])
                          for m in items],
                         [(1, "2026-11-27", "decree", None, [COORD, DIRECTOR]),
                          (2, "2026-11-28", "prosecutor_consent", "Short", [POLICE])])
        self.assertEqual(items[0]["recorded_by"], COORD)
        self.assertEqual(items[0]["recorded_at"], NOW)
        lines = self.ok("meeting", "list", self.case, "--format", "jsonl").splitlines()
        self.assertEqual([json.loads(l) for l in lines], items)

    def test_log(self):
        items = self.json_out("log", self.case)
        for e in items:
            self.assertEqual(set(e), {"id", "at", "actor", "action", "details"})
            self.assertIs(type(e["id"]), int)
            self.assertRegex(e["at"], ISO_TS)
            self.assertStrOrNone(e["actor"], "actor")
            self.assertIsInstance(e["action"], str)
            self.assertIsInstance(e["details"], dict)
        ids = [e["id"] for e in items]
        self.assertEqual(ids, sorted(set(ids)))
        self.assertEqual([e["action"] for e in items],
                         ["registered", "screened", "decided", "meeting_added", "meeting_added",
                          "action_added", "action_added", "director_assigned", "plan_activated",
                          "action_status", "action_reassigned"])
        by_action = {e["action"]: e["details"] for e in items}
        self.assertEqual(by_action["meeting_added"]["basis"], "prosecutor_consent")
        self.assertEqual(by_action["director_assigned"]["professional"], DIRECTOR)
        self.assertEqual(by_action["action_reassigned"],
                         {"action": 2, "from": COORD, "to": POLICE})
        lines = self.ok("log", self.case, "--format", "jsonl").splitlines()
        self.assertEqual([json.loads(l) for l in lines], items)

    def test_empty_lists(self):
        case = self.case_in("accepted")
        self.assertEqual(self.json_out("plan", "list", case), [])
        self.assertEqual(self.json_out("meeting", "list", case), [])


# ---------------------------------------------------------------------------
# (d) Overdue at the Europe/Brussels day boundary

class OverdueTest(WorkflowCase):

    def overdue(self, case, now):
        return {a["number"]: a["overdue"]
                for a in self.json_out("plan", "list", case, now=now)}

    def test_winter_boundary(self):
        case = self.case_in("accepted")
        self.ok("plan", "add", case, "--action", "Due today", "--domain", "housing",
                "--professional", DIRECTOR, "--due", "2026-11-28")
        self.ok("plan", "add", case, "--action", "No due date", "--domain", "social",
                "--professional", DIRECTOR)
        # 22:59:59Z is 23:59:59 on the 28th in Brussels (UTC+1): still today.
        self.assertEqual(self.overdue(case, "2026-11-28T22:59:59Z"), {1: False, 2: False})
        # 23:00:00Z is midnight of the 29th in Brussels: overdue.
        self.assertEqual(self.overdue(case, "2026-11-28T23:00:00Z"), {1: True, 2: False})
        text = self.ok("plan", "list", case, now="2026-11-28T23:00:00Z")
        self.assertIn("OVERDUE", text)
        self.assertNotIn("OVERDUE", self.ok("plan", "list", case, now="2026-11-28T22:59:59Z"))

    def test_summer_boundary(self):
        case = self.case_in("accepted")
        self.ok("plan", "add", case, "--action", "Due in summer", "--domain", "housing",
                "--professional", DIRECTOR, "--due", "2027-06-30")
        # Brussels is UTC+2 in summer.
        self.assertEqual(self.overdue(case, "2027-06-30T21:59:59Z"), {1: False})
        self.assertEqual(self.overdue(case, "2027-06-30T22:00:00Z"), {1: True})

    def test_done_and_cancelled_are_never_overdue(self):
        case = self.case_in("accepted")
        for n in range(4):
            self.ok("plan", "add", case, "--action", "A%d" % n, "--domain", "housing",
                    "--professional", DIRECTOR, "--due", "2026-11-20")  # received 2026-11-02
        self.ok("plan", "set", case, "2", "--status", "in_progress")
        self.ok("plan", "set", case, "3", "--status", "done")
        self.ok("plan", "set", case, "4", "--status", "cancelled")
        self.assertEqual(self.overdue(case, NOW), {1: True, 2: True, 3: False, 4: False})


class ClosureCancelsActionsTest(WorkflowCase):
    """issue 13: a closed case's actions wait for no one."""

    def case_with_overdue_actions(self):
        case = self.case_in("active")  # action 1 open, due 2026-12-15
        self.ok("plan", "add", case, "--action", "Debt mediation", "--domain", "finances",
                "--professional", POLICE, "--due", "2026-11-20")
        self.ok("plan", "add", case, "--action", "Done already", "--domain", "social",
                "--professional", DIRECTOR, "--due", "2026-11-20")
        self.ok("plan", "set", case, "2", "--status", "in_progress")
        self.ok("plan", "set", case, "3", "--status", "done")
        return case

    def overdue_cases(self):
        rows = self.json_out("report", "actions", "--overdue")["actions"]
        return {r["case"] for r in rows}

    def test_close_cancels_open_actions_with_a_note(self):
        case = self.case_with_overdue_actions()
        self.assertEqual(self.overdue_cases(), {case})
        before = self.events(case)
        self.ok("close", case, "--reason", "no_cooperation")
        actions = self.json_out("plan", "list", case)
        self.assertEqual([a["status"] for a in actions], ["cancelled", "cancelled", "done"])
        self.assertEqual([a["overdue"] for a in actions], [False, False, False])
        for a, was in zip(actions[:2], ["open", "in_progress"]):
            last = a["history"][-1]
            self.assertEqual((last["kind"], last["from"], last["to"]),
                             ("status", was, "cancelled"))
            self.assertEqual(last["note"], "cancelled at closure of the case")
            self.assertEqual(last["actor"], COORD)
        self.assertEqual(actions[2]["history"][-1]["to"], "done")
        log = self.json_out("log", case)
        self.assertEqual(log[-1]["action"], "closed")
        self.assertEqual(log[-1]["details"]["actions_cancelled"], 2)
        # an action_status event per cancelled action, then the closure
        self.assertEqual([e["action"] for e in log[len(before):]],
                         ["action_status", "action_status", "closed"])
        self.assertEqual([e["details"] for e in log[len(before):-1]],
                         [{"action": 1, "from": "open", "to": "cancelled", "case_closed": True},
                          {"action": 2, "from": "in_progress", "to": "cancelled",
                           "case_closed": True}])
        self.assertEqual(self.overdue_cases(), set())
        self.assertIn("cancelled at closure of the case", self.ok("plan", "list", case))
        # the trail still explains every row the closure wrote
        self.ok("audit", "verify", "--state", actor="coord.ant")

    def test_closed_cases_of_older_databases_are_never_overdue(self):
        # Before closures cancelled actions, a closed case kept its open actions.
        open_case = self.case_with_overdue_actions()
        closed = self.case_with_overdue_actions()
        self.ok("close", closed, "--reason", "moved")
        self.box.store.query("UPDATE actions SET status = 'open' WHERE case_id = '%s' AND "
                             "number < 3" % closed)
        self.assertEqual([a["status"] for a in self.json_out("plan", "list", closed)],
                         ["open", "open", "done"])
        self.assertEqual([a["overdue"] for a in self.json_out("plan", "list", closed)],
                         [False, False, False])
        self.assertNotIn("OVERDUE", self.ok("plan", "list", closed))
        self.assertEqual(self.overdue_cases(), {open_case})
        listed = self.json_out("report", "actions")["actions"]
        self.assertEqual({r["case"] for r in listed if r["overdue"]}, {open_case})
        region = self.json_out("report", "region", "--region", "ANT")
        self.assertEqual(region["actions"]["overdue"], 1)  # open_case's action 2
        caseload = self.json_out("report", "caseload")["professionals"]
        self.assertEqual(sum(r["overdue_actions"] for r in caseload), 1)
        sheet = self.json_out("report", "case", closed)
        self.assertEqual([a["overdue"] for a in sheet["actions"]], [False, False, False])


# ---------------------------------------------------------------------------
# (e) screen and update after the decision

class AfterDecisionTest(WorkflowCase):

    def test_screen_prints_the_stored_result(self):
        for status in ["accepted", "analysis", "directed", "active", "closed"]:
            with self.subTest(status=status):
                case = self.case_in(status)
                stored = [e for e in self.json_out("log", case) if e["action"] == "screened"]
                before = self.events(case)
                out = self.json_out("screen", case)
                self.assertEqual(out["case"], case)
                self.assertEqual(out["outcome"], "eligible")
                self.assertEqual(out["ruleset"], stored[-1]["details"]["ruleset"])
                self.assertEqual(len(out["criteria"]), 7)
                self.assertIn("eligible", self.ok("screen", case))
                self.assertEqual(self.events(case), before, "screen stored a new result")
                self.assertEqual(self.box.status(case), status)

    def test_stored_result_survives_new_screening_parameters(self):
        accepted = self.case_in("accepted")
        closed = self.case_in("closed")
        ruleset = self.json_out("screen", accepted)["ruleset"]
        with open(os.path.join(EXAMPLES, "flanders.toml"), encoding="utf-8") as f:
            config = f.read()
        stricter = re.sub(r"(?m)^min_life_domains\s*=\s*\d+", "min_life_domains = 4", config)
        self.assertNotEqual(stricter, config)
        with open(self.box.path("stricter.toml"), "w", encoding="utf-8") as f:
            f.write(stricter)
        self.ok("init", "--config", "stricter.toml")
        # A new referral with 3 life domains is not eligible under the new rules ...
        fresh = self.case_in("screened")
        self.assertEqual(self.json_out("screen", fresh)["outcome"], "not_eligible")
        # ... but decided cases keep the result they were decided on.
        for case in (accepted, closed):
            out = self.json_out("screen", case)
            self.assertEqual((out["outcome"], out["ruleset"]), ("eligible", ruleset))

    def test_update_after_the_decision_is_refused(self):
        for status in ["accepted", "closed"]:
            with self.subTest(status=status):
                case = self.case_in(status)
                before = self.events(case)
                r = self.exits(1, "update", case, "--set", "help_status=no_perspective")
                self.assertIn(case, r.stderr)
                self.assertIn(status, r.stderr)
                self.assertEqual(self.events(case), before)
                self.assertEqual(self.box.status(case), status)

    def test_screen_of_a_case_closed_before_screening(self):
        # The table allows `screen` on every closed case; a case closed while still
        # `registered` has no stored result. That is not an internal error (exit 70).
        case = self.case_in("registered")
        self.ok("close", case, "--reason", "moved")
        r = self.run_ifg("screen", case)
        self.assertIn(r.returncode, (0, 1), "exit %d: %s" % (r.returncode, r.stderr))
        self.assertEqual(self.box.status(case), "closed")


def main():
    global IFG, EXAMPLES, DOCS
    if len(sys.argv) < 4:
        sys.exit("usage: cli_workflow_test.py PATH/TO/ifg EXAMPLES_DIR DOCS_DIR [unittest args]")
    IFG = os.path.abspath(sys.argv[1])
    EXAMPLES = os.path.abspath(sys.argv[2])
    DOCS = os.path.abspath(sys.argv[3])
    schema_check.install(IFG)
    unittest.main(argv=[sys.argv[0]] + sys.argv[4:])



class PersonCommandsTest(WorkflowCase):
    """person list and person cases (issue 14): one person across the region's cases."""

    def test_a_family_referred_twice_is_the_same_persons(self):
        first = self.register()
        again = self.register(received="2026-11-03")
        listed = self.json_out("person", "list", again)
        self.assertEqual([p["number"] for p in listed], list(range(1, len(listed) + 1)))
        self.assertEqual(set(listed[0]), {"number", "person", "role", "name", "birth_year",
                                          "gender", "added", "changed", "removed_reason",
                                          "other_cases", "possible_links"})
        named = [p for p in listed if p["name"] and p["birth_year"]]
        self.assertTrue(named)
        for p in named:
            self.assertEqual(p["other_cases"], 1)
        firsts = {p["number"]: p["person"] for p in self.json_out("person", "list", first)}
        for p in named:
            self.assertEqual(p["person"], firsts[p["number"]])
        out = self.json_out("person", "cases", again, str(named[0]["number"]))
        self.assertEqual(out["cases"], [first])
        self.assertEqual(out["others"], 0)
        self.assertEqual(out["case"], again)
        text = self.ok("person", "cases", again, str(named[0]["number"]))
        self.assertIn(first, text)
        csv_rows = list(csv.DictReader(io.StringIO(self.ok("person", "list", again,
                                                           "--format", "csv"))))
        self.assertEqual(len(csv_rows), len(listed))
        # Each look is a logged read: the case listed, and the case named.
        reads = [e for e in self.json_out("audit", "show", "--case", first)
                 if e["kind"] == "read" and e["action"] == "person cases"]
        self.assertEqual(len(reads), 2)

    def test_possible_links_are_confirmed_or_rejected_by_the_coordinator(self):
        first = self.register()
        typo = self.register(persons=[{"role": "victim", "name": "Persoon A.",
                                       "birth_year": 1991}])
        listed = self.json_out("person", "list", typo)
        self.assertEqual(listed[0]["possible_links"], 1)
        self.assertIn("ifg person links --case %s" % typo, self.ok("person", "list", typo))
        links = self.json_out("person", "links", "--case", typo)
        self.assertEqual(len(links), 1)
        self.assertEqual((links[0]["first"]["case"], links[0]["first"]["number"]), (first, 1))
        self.assertEqual((links[0]["second"]["case"], links[0]["second"]["name"]),
                         (typo, "Persoon A."))
        self.assertEqual((links[0]["reason"], links[0]["distance"]), ("similar_name", 1))
        self.assertIn("similar name (distance 1)", self.ok("person", "links"))
        self.assertEqual(len(self.ok("person", "links", "--region", "ANT", "--format",
                                     "jsonl").splitlines()), 1)
        self.exits(4, "person", "links", actor=DIRECTOR)  # a coordinator's review
        self.exits(4, "person", "link", typo, "1", first, "1", actor=DIRECTOR)
        self.exits(3, "person", "link", typo, "1", first, "9")
        self.exits(1, "person", "link", first, "1", first, "2")  # two persons of one case
        self.assertEqual(self.ok("person", "link", typo, "1", first, "1"),
                         "person 1 of %s and person 1 of %s are linked: one person\n"
                         % (typo, first))
        self.assertEqual(self.json_out("person", "cases", typo, "1")["cases"], [first])
        self.assertEqual(self.events(first)[-1], "person_linked")
        self.assertEqual(self.events(typo)[-1], "person_linked")
        self.exits(1, "person", "link", typo, "1", first, "1")  # one person already
        out = self.json_out("person", "unlink", typo, "1", first, "1")
        self.assertEqual(out["linked"], False)
        self.assertEqual(self.json_out("person", "cases", typo, "1")["cases"], [])
        self.assertEqual(self.ok("person", "links"), "no possible links\n")  # rejected for good
        self.ok("audit", "verify", "--state")

    def test_add_update_remove_change_the_persons_not_the_referral(self):
        case = self.case_in("active")
        referral = self.json_out("report", "case", case)["referral"]
        out = self.json_out("person", "add", case, "--role", "kind", "--name", "Baby Test",
                            "--birth-year", "2026", "--gender", "vrouw", actor=DIRECTOR)
        n = len(referral["persons"]) + 1
        self.assertEqual(out, {"format_version": 1, "case": case, "person": n})
        self.assertEqual(self.ok("person", "update", case, "1", "--birth-year", "1992"),
                         "person 1 of %s updated\n" % case)
        self.assertEqual(self.json_out("person", "remove", case, "2", "--reason", "Wrong family"),
                         {"format_version": 1, "case": case, "person": 2, "removed": True})
        listed = {p["number"]: p for p in self.json_out("person", "list", case)}
        self.assertEqual((listed[n]["role"], listed[n]["gender"], listed[n]["added"]),
                         ("child", "f", True))
        self.assertTrue(listed[1]["changed"])
        self.assertEqual(listed[1]["birth_year"], 1992)
        self.assertEqual(listed[2]["removed_reason"], "Wrong family")
        self.assertIsNone(listed[2]["person"])
        text = self.ok("person", "list", case)
        self.assertIn("removed: Wrong family", text)
        self.assertIn("added", text)
        # The referral as received is unchanged; the trail has the three events, no names.
        self.assertEqual(self.json_out("report", "case", case)["referral"], referral)
        events = self.json_out("log", case)
        self.assertEqual([e["action"] for e in events][-3:],
                         ["person_added", "person_updated", "person_removed"])
        self.assertEqual(events[-2]["details"], {"number": 1, "keys": ["birth_year"]})
        self.assertNotIn("Baby Test", json.dumps(self.json_out("audit", "show", "--case", case)))
        # Exit codes: nothing to change 2, removed twice 1, unknown number 3, bad year 5,
        # bad gender 2, not the director's to change 4, closed 1.
        self.exits(2, "person", "update", case, "1", "--birth-year", "1992")
        self.exits(1, "person", "remove", case, "2", "--reason", "again")
        self.exits(3, "person", "update", case, "42", "--name", "X")
        self.exits(5, "person", "add", case, "--role", "child", "--name", "Y", "--birth-year", "1850")
        self.exits(2, "person", "add", case, "--role", "child", "--gender", "q")
        self.exits(2, "person", "remove", case, "1")  # --reason is required
        self.exits(4, "person", "add", case, "--role", "child", "--name", "Z", actor=POLICE)
        self.ok("close", case, "--reason", "goals_reached")
        r = self.exits(1, "person", "add", case, "--role", "child", "--name", "Z")
        self.assertIn("closed", r.stderr)

    def test_refusals(self):
        case = self.register()
        self.exits(3, "person", "cases", case, "9")
        self.exits(2, "person", "cases", case)
        self.exits(2, "person", "list", case, "--format", "markdown")
        self.exits(4, "person", "list", case, actor="member.lim.pz")
        self.exits(3, "person", "list", "ANT-2026-9999")



class RepeatReferralTest(WorkflowCase):
    """Repeat referrals (issue 14): the screening result's `repeat`, its CSV columns and
    text line, a dry run, the configured window, case list --repeat and the region report."""

    VICTIM = {"role": "victim", "name": "Repeat Victim", "birth_year": 1990}
    PERPETRATOR = {"role": "perpetrator", "name": "Repeat Perpetrator", "birth_year": 1987}
    CHILD = {"role": "child", "name": "Repeat Child", "birth_year": 2016}

    def record(self, ref, received, persons):
        with open(os.path.join(EXAMPLES, "referral.json"), encoding="utf-8") as f:
            r = json.load(f)
        r.update(external_ref=ref, received=received, persons=persons)
        return r

    def batch(self, records, *args):
        path = self.box.path("batch-%d.jsonl" % len(os.listdir(self.box.dir)))
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")
        return [json.loads(l) for l in
                self.ok("screen", "--batch", path, "--format", "jsonl", *args).splitlines()]

    def family_twice(self):
        """The family in January, again in November (victim and perpetrator), and
        another family: the three results."""
        other = {"role": "victim", "name": "Other Victim", "birth_year": 1979}
        return self.batch([
            self.record("R-1", "2026-01-10", [self.VICTIM, self.PERPETRATOR, self.CHILD]),
            self.record("R-2", "2026-11-20", [self.PERPETRATOR, self.VICTIM]),
            self.record("R-3", "2026-11-21", [other])])

    def test_the_second_referral_of_a_family_is_a_repeat(self):
        first, again, other = self.family_twice()
        self.assertIsNone(first["repeat"])
        self.assertIsNone(other["repeat"])
        want = {"earlier_cases": [first["case"]], "others": 0, "persons": [1]}
        self.assertEqual(again["repeat"], want)
        self.assertEqual(again["warnings"], other["warnings"])  # not a warning
        # screen CASE shows the same, in JSON, CSV and text.
        self.assertEqual(self.json_out("screen", again["case"])["repeat"], want)
        rows = list(csv.DictReader(io.StringIO(self.ok("screen", again["case"], "--format",
                                                       "csv"))))
        self.assertEqual((rows[0]["repeat_of"], rows[0]["repeat_others"]), (first["case"], "0"))
        rows = list(csv.DictReader(io.StringIO(self.ok("screen", first["case"], "--format",
                                                       "csv"))))
        self.assertEqual((rows[0]["repeat_of"], rows[0]["repeat_others"]), ("", ""))
        self.assertIn("repeat    person 2 also in %s\n" % first["case"],
                      self.ok("screen", again["case"]))
        self.assertNotIn("repeat", self.ok("screen", other["case"]))

    def test_a_dry_run_finds_the_stored_persons_and_stores_nothing(self):
        first, again, _ = self.family_twice()
        before = self.json_out("case", "list")
        out = self.batch([self.record("R-4", "2026-11-25", [self.CHILD])], "--dry-run")
        self.assertEqual(out[0]["repeat"],
                         {"earlier_cases": [first["case"]], "others": 0, "persons": [0]})
        self.assertEqual(self.json_out("case", "list"), before)

    def test_the_window_is_configured(self):
        _, again, _ = self.family_twice()
        with open(os.path.join(EXAMPLES, "flanders.toml"), encoding="utf-8") as f:
            config = f.read()
        self.assertIn("[screening]", config)
        for months, code in (("6", 0), ("0", 7), ("121", 7), ("\"12\"", 7)):
            path = self.box.path("window-%s.toml" % len(os.listdir(self.box.dir)))
            with open(path, "w", encoding="utf-8") as f:
                f.write(config.replace("[screening]",
                                       "[screening]\nrepeat_window_months = %s" % months))
            if code:
                r = self.exits(code, "init", "--config", path)
                self.assertIn("screening.repeat_window_months", r.stderr)
            else:
                self.ok("init", "--config", path)
        # Six months: January is too long before November.
        self.assertIsNone(self.json_out("screen", again["case"])["repeat"])
        self.assertEqual(self.json_out("case", "list", "--repeat")["cases"], [])

    def test_case_list_and_the_region_report_count_them(self):
        first, again, other = self.family_twice()
        listed = [r["case"] for r in self.json_out("case", "list", "--repeat")["cases"]]
        self.assertEqual(listed, [again["case"]])
        report = self.json_out("report", "region", "--region", "ANT")
        self.assertEqual(report["referrals"]["total"], 3)
        self.assertEqual(report["referrals"]["repeat"], 1)
        self.assertEqual(report["persons"], {"victims": 2, "children": 1})
        self.assertEqual(report["children"], 1)
        rows = {r[0]: r[1] for r in csv.reader(io.StringIO(
            self.ok("report", "region", "--region", "ANT", "--format", "csv")))}
        self.assertEqual((rows["referrals.repeat"], rows["persons.victims"],
                          rows["persons.children"]), ("1", "2", "1"))
        self.assertIn("repeat referrals", self.ok("report", "region", "--region", "ANT"))


class RiskCommandsTest(WorkflowCase):
    """risk instruments, risk add, risk list (issue 14) with the illustrative instrument of
    examples/flanders.toml: outputs, the answers file, the trend, and exit codes."""

    def answers(self, name, text):
        path = self.box.path(name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_two_assessments_show_a_trend(self):
        case = self.case_in("active")
        instruments = self.json_out("risk", "instruments")
        self.assertEqual([i["id"] for i in instruments], ["rc-demo"])
        weights = {i["id"]: i["weight"] for i in instruments[0]["items"]}
        first = self.json_out("risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                              "--answers", os.path.join(EXAMPLES, "risk", "intake.toml"),
                              "--date", "2026-11-03")
        self.assertEqual(first["score"], weights["escalation"] + weights["separation"] +
                         weights["children_witness"] + weights["victim_fears"])
        self.assertEqual((first["unknown"], first["level"]), (1, "standard"))
        second = self.json_out("risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                               "--answers", os.path.join(EXAMPLES, "risk", "follow-up.json"),
                               "--assessor", DIRECTOR, actor=DIRECTOR)
        self.assertEqual(second["level"], "high")
        listed = self.json_out("risk", "list", case)
        self.assertEqual([a["number"] for a in listed], [1, 2])
        self.assertEqual(listed[1]["score_change"], second["score"] - first["score"])
        self.assertEqual(listed[1]["previous_level"], "standard")
        text = self.ok("risk", "list", case)
        self.assertIn("high, was standard", text)
        self.assertIn("+%d" % (second["score"] - first["score"]), text)
        sheet = self.json_out("report", "case", case)
        self.assertEqual([a["number"] for a in sheet["assessments"]], [1, 2])
        self.assertEqual(self.events(case)[-2:], ["risk_assessed", "risk_assessed"])

    def test_a_high_assessment_counts_when_the_case_is_screened(self):
        case = self.case_in("screened", safety="unsafe")
        before = self.json_out("screen", case)
        self.assertEqual((before["outcome"], before["criteria"][2]["verdict"]),
                         ("not_eligible", "fail"))
        self.json_out("risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                      "--answers", os.path.join(EXAMPLES, "risk", "follow-up.json"),
                      "--date", "2026-11-20")
        after = self.json_out("screen", case)
        self.assertEqual(after["criteria"][2]["verdict"], "pass")
        self.assertIn("assessment 1, of person 1 with rc-demo on 2026-11-20",
                      after["criteria"][2]["reason"])
        self.assertEqual(after["ruleset"], before["ruleset"])
        self.assertIn("the latest risk assessment of a victim or child is high",
                      self.ok("screen", case))
        # A later standard assessment of the same person is the latest: the criterion fails again.
        self.json_out("risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                      "--answers", self.answers("none.json", '{"escalation": "no"}'),
                      "--date", "2026-11-25")
        self.assertEqual(self.json_out("screen", case)["criteria"][2]["verdict"], "fail")

    def test_judgement_and_refusals(self):
        case = self.case_in("accepted")
        yes = self.answers("a.json", '{"escalation": "ja"}')
        out = self.json_out("risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                            "--answers", yes, "--judgement", "high", "--motivation",
                            "She fears for her life")
        self.assertEqual((out["scored"], out["level"], out["judged"]), ("standard", "high", True))
        self.exits(2, "risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                   "--answers", yes, "--judgement", "standard", "--motivation", "x")
        self.exits(2, "risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                   "--answers", yes, "--judgement", "high")
        self.exits(5, "risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                   "--answers", self.answers("b.toml", 'nonsense = "yes"\n'))
        self.exits(5, "risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                   "--answers", self.answers("c.toml", 'escalation = "maybe"\n'))
        self.exits(3, "risk", "add", case, "--person", "1", "--instrument", "nope",
                   "--answers", yes)
        r = self.exits(5, "risk", "add", case, "--person", "1", "--instrument", "rc-demo",
                       "--answers", self.box.path("missing.toml"))
        self.assertIn("missing.toml", r.stderr)
        self.exits(1, "risk", "add", case, "--person", "2", "--instrument", "rc-demo",
                   "--answers", yes)  # a perpetrator: the instrument assesses victims
        self.exits(4, "risk", "list", case, actor="member.lim.pz")
        self.assertEqual(len(self.json_out("risk", "list", case)), 1)

class LifecycleCommandsTest(WorkflowCase):
    """meeting held, plan set --due, close --monitor-until, monitor, reopen, transfer:
    exit codes and outputs of the commands themselves."""

    def test_meeting_held_and_its_refusals(self):
        case = self.case_in("accepted")
        n = self.ok("meeting", "add", case, "--date", "2026-12-02", "--attendee", DIRECTOR,
                    "--basis", "decree", "--purpose", "Analysis").strip()
        self.assertEqual(self.json_out("meeting", "list", case)[0]["status"], "planned")
        r = self.exits(1, "meeting", "held", case, n)
        self.assertIn("planned for 2026-12-02", r.stderr)
        self.exits(3, "meeting", "held", case, "7", now="2026-12-02T10:00:00Z")
        self.assertEqual(self.json_out("meeting", "held", case, n, "--notes", "Done",
                                       now="2026-12-02T10:00:00Z"),
                         {"format_version": 1, "case": case, "meeting": int(n), "status": "held"})
        self.assertEqual(self.json_out("meeting", "list", case)[0]["status"], "held")
        self.exits(1, "meeting", "held", case, n, now="2026-12-02T10:00:00Z")

    def test_plan_set_takes_one_change(self):
        case = self.case_in("analysis")
        self.exits(2, "plan", "set", case, "1")
        self.exits(2, "plan", "set", case, "1", "--status", "done", "--due", "2026-12-20")
        self.exits(2, "plan", "set", case, "1", "--due", "2026/12/20")
        self.assertEqual(self.json_out("plan", "set", case, "1", "--due", "2026-12-20"),
                         {"format_version": 1, "case": case, "action": 1, "due": "2026-12-20"})
        self.exits(1, "plan", "set", case, "1", "--due", "2026-12-20")
        self.exits(5, "plan", "set", case, "1", "--due", "2020-01-01")

    def test_monitoring_reopen_and_transfer(self):
        case = self.case_in("active")
        self.exits(1, "monitor", case, "--result", "stable", "--note", "x")
        self.exits(5, "close", case, "--reason", "goals_reached", "--monitor-until", "2026-11-01")
        out = self.json_out("close", case, "--reason", "goals_reached",
                            "--monitor-until", "2027-02-26")
        self.assertEqual(out["monitor_until"], "2027-02-26")
        self.exits(2, "monitor", case, "--result", "fine", "--note", "x")
        self.assertEqual(self.json_out("monitor", case, "--result", "zorg", "--note", "Worried"),
                         {"format_version": 1, "case": case, "contact": 1, "result": "concern"})
        listed = self.json_out("case", "list", "--monitoring-due", now="2027-03-01T10:00:00Z")
        self.assertEqual([c["case"] for c in listed["cases"]], [case])
        self.assertEqual(listed["cases"][0]["monitor_until"], "2027-02-26")
        self.exits(3, "reopen", "ANT-2026-0999", "--reason", "x")
        self.exits(4, "reopen", case, "--reason", "x", actor=DIRECTOR)
        self.assertEqual(self.json_out("reopen", case, "--reason", "New report"),
                         {"format_version": 1, "case": case, "status": "analysis"})
        sheet = self.json_out("report", "case", case)
        self.assertIsNone(sheet["closure"])
        self.assertEqual([m["result"] for m in sheet["monitoring"]], ["concern"])  # history stays
        other = self.case_in("analysis")
        self.exits(3, "transfer", other, "--to", "XXX", "--reason", "moved")
        out = self.json_out("transfer", other, "--to", "LIM", "--reason", "Moved to Genk")
        self.assertRegex(out["transferred_to"], r"^LIM-2026-\d{4}$")
        self.assertEqual(self.box.status(out["transferred_to"]), "screened")
        self.assertEqual(self.box.status(other), "closed")
        self.ok("audit", "verify", "--state")

    def test_init_warns_about_inactive_professionals_with_open_work(self):
        self.case_in("directed")  # DIRECTOR directs it
        with open(self.box.path("examples/flanders.toml"), encoding="utf-8") as f:
            text = f.read()
        start = text.index('id = "%s"' % DIRECTOR)
        end = text.index("\n\n", start)
        block = text[start:end]
        changed = block.replace("active = true", "active = false") if "active =" in block \
            else block + "\nactive = false"
        path = self.box.path("inactive.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:start] + changed + text[end:])
        r = self.box.run("init", "--config", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning: %s is inactive but still directs 1 open case(s)" % DIRECTOR,
                      r.stderr)
        loaded = [e for e in self.json_out("audit", "show")
                  if e["action"] == "config_loaded"][-1]
        self.assertEqual(loaded["details"]["inactive_with_open_work"],
                         [{"professional": DIRECTOR, "cases_directed": 1, "actions_held": 1}])

if __name__ == "__main__":
    main()
