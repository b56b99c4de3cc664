#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Black-box tests of the `ifg` program: output, files and exit codes (docs/exit-codes.md).

Run by CTest as

    python3 tests/cli_test.py PATH/TO/ifg EXAMPLES_DIR TEST_DATA_DIR

Every test gets a fresh temporary directory (the working directory of the
program, so the default database is ./ifg.db there) and a fixed clock
(IFG_NOW). All people in the referrals are synthetic.
"""

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)
import store_under_test as sut
from store_under_test import sqlite_only

IFG = None
EXAMPLES = None
TEST_DATA = None

NOW = "2026-11-28T10:00:00Z"
TIMEOUT = 60

CRITERIA = [
    "professional_referrer",
    "referral_channel",
    "very_unsafe",
    "regular_insufficient",
    "combined_approach",
    "multiple_domains",
    "help_stuck",
]
OUTCOMES = ["eligible", "incomplete", "not_eligible", "inadmissible", "invalid", "duplicate",
            "skipped"]
# examples/referrals.{jsonl,csv}: 200 records, 3 invalid and 2 duplicates on purpose.
EXAMPLE_COUNTS = {
    "eligible": 89,
    "incomplete": 40,
    "not_eligible": 50,
    "inadmissible": 16,
    "invalid": 3,
    "duplicate": 2,
    "skipped": 0,
}
CSV_HEADER = ("record,source,external_ref,case,outcome,ruleset," + ",".join(CRITERIA) +
              ",warnings,errors,repeat_of,repeat_others")
CASE_ID = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{4,}$")

# A referral whose facts pass every criterion (region, reference and date vary).
FULL_FLAGS = [
    "--referrer-kind", "professional",
    "--referrer-partner", "caw-antwerpen",
    "--channel", "caw",
    "--safety", "very_unsafe",
    "--regular-sufficient", "false",
    "--sector", "welfare", "--sector", "police",
    "--domain", "housing", "--domain", "financien",
    "--help-status", "stuck",
    "--crisis-partner", "politie",
    "--person", "victim:Person A.:1991",
    "--person", "perpetrator:Person B.:1988",
    "--person", "child::2016",
]


def referral(ref, region="ANT", received="2026-10-15", **facts):
    """One eligible referral record as a dict (synthetic people)."""
    r = {
        "external_ref": ref,
        "region": region,
        "received": received,
        "referrer": {"kind": "professional"},
        "channel": "caw",
        "safety": "very_unsafe",
        "regular_cooperation_sufficient": False,
        "sectors_needed": ["welfare", "police"],
        "life_domains": ["housing", "mental"],
        "help_status": "stuck",
        "crisis_partner": "politie",
        "persons": [{"role": "victim", "name": "Person %s" % ref, "birth_year": 1985}],
    }
    r.update(facts)
    return r


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def parse_jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class IfgTestCase(unittest.TestCase):
    """A fresh directory, database and environment per test."""

    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ifg-cli-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        self.env["IFG_NOW"] = NOW
        self.env["IFG_TESTING"] = "1"  # IFG_NOW is honoured only with it
        self.db = os.path.join(self.dir, "ifg.db")
        self.store = sut.Store(self, self.db)

    # -- running the program ---------------------------------------------------

    def ifg(self, *args, actor=None, stdin=None, env=None, timeout=TIMEOUT):
        """Runs ifg in the test directory; `actor` adds `--as ACTOR` before the command."""
        argv = [IFG]
        if actor is not None:
            argv += ["--as", actor]
        argv += [str(a) for a in args]
        full_env = dict(self.env)
        if env:
            full_env.update(env)
        argv, full_env = self.store.command(argv, full_env)
        return subprocess.run(argv, cwd=self.dir, env=full_env, input=stdin,
                              capture_output=True, text=True, timeout=timeout)

    def check(self, proc, code, *in_stderr):
        """Asserts the exit code and that stderr mentions each of `in_stderr`."""
        msg = "\n$ ifg ... exited %d, expected %d\n--- stdout:\n%s\n--- stderr:\n%s" % (
            proc.returncode, code, proc.stdout[:3000], proc.stderr[:3000])
        self.assertEqual(proc.returncode, code, msg)
        for s in in_stderr:
            self.assertIn(s, proc.stderr, msg)
        return proc

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(name)

    def copy_example(self, name):
        shutil.copy(os.path.join(EXAMPLES, name), self.path(name))
        return name

    # -- common steps ----------------------------------------------------------

    def init(self, *extra):
        return self.check(self.ifg("init", "--config", os.path.join(EXAMPLES, "flanders.toml"),
                                   *extra), 0)

    def register(self, *args, actor="coord.ant"):
        p = self.check(self.ifg("register", *args, actor=actor), 0)
        case = p.stdout.strip()
        self.assertRegex(case, CASE_ID)
        return case

    def screen_json(self, case, actor="coord.ant"):
        p = self.check(self.ifg("screen", case, "--format", "json", actor=actor), 0)
        return json.loads(p.stdout)

    def batch(self, path, fmt="jsonl", *extra, actor="coord.vl", code=None):
        p = self.ifg("screen", "--batch", path, "--format", fmt, *extra, actor=actor)
        if code is not None:
            self.check(p, code)
        return p

    def deactivate_dir_ant(self):
        """Loads a second configuration that deactivates dir.ant (as a coordinator)."""
        cfg = self.write("deactivate.toml", """\
[[region]]
code = "ANT"
name = "Antwerpen"
veilig_huis = "Veilig Huis Antwerpen"

[[partner]]
id = "caw-antwerpen"
kind = "caw"
name = "CAW Antwerpen"
regions = ["ANT"]

[[professional]]
id = "dir.ant"
name = "Demo Director Antwerpen"
partner = "caw-antwerpen"
roles = ["director", "member"]
active = false
""")
        self.check(self.ifg("init", "--config", cfg, actor="coord.vl"), 0)

    def assert_counts(self, results, expected):
        counts = {o: 0 for o in OUTCOMES}
        for r in results:
            counts[r["outcome"]] += 1
        self.assertEqual(counts, expected)

    def assert_result_shape(self, r):
        for key in ["record", "source", "external_ref", "case", "outcome", "ruleset",
                    "criteria", "warnings", "errors"]:
            self.assertIn(key, r)
        self.assertIn(r["outcome"], OUTCOMES)
        if r["outcome"] in ("invalid", "duplicate", "skipped"):
            self.assertEqual(r["criteria"], [])
        else:
            self.assertEqual([c["id"] for c in r["criteria"]], CRITERIA)
            for c in r["criteria"]:
                self.assertIn(c["verdict"], ["pass", "fail", "unknown"])
                self.assertTrue(c["reason"])
            self.assertRegex(r["ruleset"], r"^[0-9a-f]{8}$")


# ---------------------------------------------------------------------------
# Usage: --version, --help, usage errors, global options


class UsageTest(IfgTestCase):

    def test_version_names_the_schema_a_new_database_gets(self):
        p = self.check(self.ifg("--version"), 0)
        m = re.fullmatch(r"ifg \d+\.\d+\.\d+ \(database schema (\d+)\)\n", p.stdout)
        self.assertTrue(m, p.stdout)
        self.init()
        sql = ("SELECT version FROM ifg_schema" if sut.POSTGRESQL else "PRAGMA user_version")
        self.assertEqual(self.store.query(sql), [[m.group(1)]])

    def test_version_prints_version_and_does_not_touch_the_database(self):
        version = r"^ifg \d+\.\d+\.\d+ \(database schema \d+\)\n$"
        p = self.check(self.ifg("--version"), 0)
        self.assertRegex(p.stdout, version)
        self.assertFalse(os.path.exists(self.db), "--version created ./ifg.db")
        p = self.check(self.ifg("--db", "other.db", "--version"), 0)
        self.assertRegex(p.stdout, version)
        self.assertFalse(os.path.exists(self.path("other.db")))
        self.check(self.ifg("--version", env={"IFG_DB": self.path("env.db")}), 0)
        self.assertFalse(os.path.exists(self.path("env.db")))
        # not even opened: a corrupt database does not matter
        with open(self.path("junk.db"), "wb") as f:
            f.write(os.urandom(4096))
        p = self.check(self.ifg("--db", "junk.db", "--version"), 0)
        self.assertRegex(p.stdout, version)

    def test_help_exits_0_without_database(self):
        p = self.check(self.ifg("--help"), 0)
        self.assertIn("screen", p.stdout)
        self.assertIn("register", p.stdout)
        self.check(self.ifg("screen", "--help"), 0)
        self.check(self.ifg("register", "--help"), 0)
        self.assertFalse(os.path.exists(self.db))

    def test_usage_errors_exit_2(self):
        self.init()
        cases = [
            (["frobnicate"], None),                         # unknown command
            (["partner", "frob"], None),                    # unknown subcommand
            (["--bogus", "partner", "list"], "--bogus"),    # unknown global option
            (["screen", "--bogus", "X-2026-0001"], "--bogus"),
            (["partner", "list", "--colour", "red"], "--colour"),
            ([], None),                                     # no command
            (["update"], None),                             # missing case argument
            (["screen"], None),                             # neither case nor --batch
            (["screen", "--batch"], "--batch"),             # option without its value
            (["register", "--region"], "--region"),
            (["init", "--config"], "--config"),
            (["--db"], "--db"),
            (["screen", "--batch", "x.jsonl", "--chunk-size", "0"], "--chunk-size"),
            (["screen", "--batch", "x.jsonl", "--chunk-size", "many"], "--chunk-size"),
            (["update", "ANT-2026-0001"], None),            # nothing to update
            (["update", "ANT-2026-0001", "--set", "safety"], "safety"),  # not KEY=VALUE
            (["register"], None),                           # no referral at all
        ]
        for args, named in cases:
            with self.subTest(args=args):
                p = self.ifg(*args, actor="coord.ant")
                self.check(p, 2)
                self.assertTrue(p.stderr.strip(), "usage error without a message")
                if named:
                    self.assertIn(named, p.stderr)

    def test_single_value_option_given_twice_exits_2_naming_it(self):
        # issue 13: "the last one wins" would silently drop what the user typed first
        self.init()
        cases = [
            ["decide", "ANT-2026-0001", "--accept", "--motivation", "a", "--motivation", "b"],
            ["register", "--region", "ANT", "--region", "GNT", "--received", "2026-11-02",
             *FULL_FLAGS],
            ["register", "--region", "ANT", "--received", "2026-11-02", *FULL_FLAGS,
             "--safety", "safe"],
            ["close", "ANT-2026-0001", "--reason", "goals_met", "--reason", "refused"],
            ["plan", "set", "ANT-2026-0001", "1", "--status", "done", "--status", "open"],
            ["--format", "json", "partner", "list", "--format", "csv"],
        ]
        for args in cases:
            with self.subTest(args=args):
                option = next(a for a in args if args.count(a) > 1 and a.startswith("--"))
                p = self.check(self.ifg(*args, actor="coord.ant"), 2, option, "At Most 1")
                self.assertEqual(p.stdout, "")
        # none of the registers stored a case
        self.assertEqual(self.register("--region", "ANT", "--received", "2026-11-02",
                                       *FULL_FLAGS), "ANT-2026-0001")

    def test_repeatable_options_still_repeat(self):
        self.init()
        case = self.register("--region", "ANT", "--received", "2026-11-02", *FULL_FLAGS,
                             "--sector", "health")
        p = self.check(self.ifg("update", case, "--set", "summary=two sets",
                                "--set", "safety=unsafe", actor="coord.ant"), 0)
        p = self.check(self.ifg("--format", "json", "screen", case, actor="coord.ant"), 0)
        self.assertEqual(json.loads(p.stdout)["case"], case)
        p = self.check(self.ifg("--format", "json", "report", "case", case,
                                "--justification", "test", actor="coord.ant"), 0)
        text = p.stdout
        for fact in ("two sets", "unsafe", "health", "welfare", "police"):
            self.assertIn(fact, text)

    def test_unknown_command_is_named(self):
        # cli.md: every error message says what failed, on which input
        self.check(self.ifg("frobnicate"), 2, "frobnicate")
        self.check(self.ifg("partner", "frob"), 2, "frob")

    def test_unsupported_format_exits_2(self):
        self.init()
        case = self.register("--region", "ANT", "--received", "2026-11-02", *FULL_FLAGS)
        batch = self.copy_example("referrals.jsonl")
        cases = [
            ["init", "--format", "csv"],
            ["partner", "list", "--format", "markdown"],
            ["professional", "list", "--format", "html"],
            ["register", "--region", "ANT", "--received", "2026-11-02",
             "--referrer-kind", "professional", "--format", "csv"],
            ["update", case, "--set", "summary=x", "--format", "csv"],
            ["screen", case, "--format", "html"],
            ["screen", "--batch", batch, "--format", "markdown"],
            ["screen", "--batch", batch, "--format", "yaml"],
        ]
        for args in cases:
            with self.subTest(args=args):
                self.check(self.ifg(*args, actor="coord.vl"), 2, "--format")
        # none of these registered anything
        r = self.check(self.batch(batch, actor="coord.vl"), 5)
        self.assert_counts(parse_jsonl(r.stdout), EXAMPLE_COUNTS)

    def test_global_options_before_and_after_the_command(self):
        db = "custom.db"
        self.check(self.ifg("--db", db, "init", "--config",
                            os.path.join(EXAMPLES, "flanders.toml")), 0)
        self.assertTrue(os.path.exists(self.path(db)))
        self.assertFalse(os.path.exists(self.db))
        c1 = self.check(self.ifg("--db", db, "--as", "coord.ant", "register", "--region", "ANT",
                                 "--received", "2026-11-02", *FULL_FLAGS), 0).stdout.strip()
        c2 = self.check(self.ifg("register", "--region", "ANT", "--received", "2026-11-03",
                                 *FULL_FLAGS, "--db", db, "--as", "coord.ant"), 0).stdout.strip()
        self.assertEqual((c1, c2), ("ANT-2026-0001", "ANT-2026-0002"))
        # global options before ...
        p = self.check(self.ifg("--db", db, "--as", "coord.ant", "--format", "json",
                                "screen", c1), 0)
        self.assertEqual(json.loads(p.stdout)["case"], c1)
        # ... and after the command
        p = self.check(self.ifg("screen", c2, "--db", db, "--as", "coord.ant",
                                "--format", "json"), 0)
        self.assertEqual(json.loads(p.stdout)["outcome"], "eligible")
        # and from the environment
        p = self.check(self.ifg("screen", c1, "--format", "json",
                                env={"IFG_DB": self.path(db), "IFG_ACTOR": "coord.ant"}), 0)
        self.assertEqual(json.loads(p.stdout)["case"], c1)
        self.check(self.ifg("--format", "json", "partner", "list",
                            env={"IFG_DB": self.path(db)}), 0)
        # the batch too, with the options after it
        f = self.path("two.jsonl")
        write_jsonl(f, [referral("G-1"), referral("G-2")])
        p = self.check(self.ifg("screen", "--batch", f, "--format", "jsonl", "--db", db,
                                "--as", "coord.ant", "--quiet"), 0)
        self.assertEqual([r["case"] for r in parse_jsonl(p.stdout)],
                         ["ANT-2026-0003", "ANT-2026-0004"])
        self.assertEqual(p.stderr, "", "--quiet still wrote to stderr")
        self.assertFalse(os.path.exists(self.db), "the default ./ifg.db was created")


# ---------------------------------------------------------------------------
# Setup: init, lists, database errors


class InitTest(IfgTestCase):

    def test_init_text_and_json(self):
        p = self.init()
        self.assertTrue(p.stdout.strip())
        self.assertTrue(sut.POSTGRESQL or os.path.exists(self.db))
        p = self.init("--format", "json", "--as", "coord.vl")
        j = json.loads(p.stdout)
        self.assertEqual((j["regions"], j["partners"], j["professionals"]), (5, 41, 21))
        self.assertRegex(j["ruleset"], r"^[0-9a-f]{8}$")

    def test_first_load_with_an_actor(self):
        # the actor is checked only after the first load, so a coordinator may be named
        if sut.POSTGRESQL:
            # but on PostgreSQL the actor is the login, and only an administrator's
            # login makes the schema: the first load is the administrator's
            self.check(self.ifg("init", "--config", os.path.join(EXAMPLES, "flanders.toml"),
                                "--as", "coord.vl"), 6)
            self.init()
        self.init("--as", "coord.vl")
        self.assertEqual(len(json.loads(self.ifg("partner", "list", "--format", "json").stdout)),
                         41)

    def test_init_twice_is_idempotent_and_can_deactivate(self):
        self.init()
        partners = json.loads(self.check(self.ifg("partner", "list", "--format", "json"),
                                         0).stdout)
        pros = json.loads(self.check(self.ifg("professional", "list", "--format", "json"),
                                     0).stdout)
        self.assertEqual(len(partners), 41)
        self.assertEqual(len(pros), 21)
        self.init("--as", "coord.vl")
        again = json.loads(self.ifg("partner", "list", "--format", "json").stdout)
        self.assertEqual(len(again), len(partners))
        self.assertEqual(sorted(p["id"] for p in again), sorted(p["id"] for p in partners))
        self.assertEqual(
            len(json.loads(self.ifg("professional", "list", "--format", "json").stdout)), 21)
        self.deactivate_dir_ant()
        pros = json.loads(self.ifg("professional", "list", "--format", "json").stdout)
        self.assertEqual(len(pros), 21)
        by_id = {p["id"]: p for p in pros}
        self.assertIs(by_id["dir.ant"]["active"], False)
        self.assertIs(by_id["coord.ant"]["active"], True)
        self.assertEqual(len(json.loads(self.ifg("partner", "list", "--format",
                                                 "json").stdout)), 41)

    def test_later_loads_need_a_coordinator(self):
        self.init()
        cfg = os.path.join(EXAMPLES, "flanders.toml")
        self.check(self.ifg("init", "--config", cfg), *sut.refused(None))
        self.check(self.ifg("init", "--config", cfg, actor="dir.ant"), 4, "dir.ant")
        self.check(self.ifg("init", "--config", cfg, actor="analyst.ant"), 4, "analyst.ant")
        self.check(self.ifg("init", "--config", cfg, actor="nobody.x"), *sut.refused("nobody.x"))
        self.check(self.ifg("init", "--config", cfg, actor="coord.ant"), 0)

    def test_bad_config_exits_7_naming_file_and_line(self):
        bad = self.write("bad.toml", """\
[[region]]
code = "ANT"
name = "Antwerpen"
veilig_huis = "Veilig Huis Antwerpen"
colour = "blue"
""")
        self.check(self.ifg("init", "--config", bad), 7, "bad.toml:5", "colour")
        syntax = self.write("syntax.toml", '[[region]]\ncode = "ANT"\nname = "A\n')
        self.check(self.ifg("init", "--config", syntax), 7, "syntax.toml:3")
        self.check(self.ifg("init", "--config", "missing.toml"), 7, "missing.toml")
        # a bad second load changes nothing and still exits 7
        self.init()
        self.check(self.ifg("init", "--config", bad, actor="coord.vl"), 7, "bad.toml:5")
        self.assertEqual(len(json.loads(self.ifg("partner", "list", "--format",
                                                 "json").stdout)), 41)

    def test_partner_list_formats(self):
        self.init()
        p = self.check(self.ifg("partner", "list"), 0)
        self.assertIn("caw-antwerpen", p.stdout)
        self.assertIn("jh-vlaanderen", p.stdout)
        j = json.loads(self.check(self.ifg("partner", "list", "--format", "json"), 0).stdout)
        by_id = {x["id"]: x for x in j}
        self.assertEqual(by_id["jh-vlaanderen"]["kind"], "justitiehuis")
        self.assertEqual(sorted(by_id["jh-vlaanderen"]["regions"]),
                         ["ANT", "LIM", "OVL", "VBR", "WVL"])
        self.assertEqual(by_id["caw-antwerpen"]["regions"], ["ANT"])
        rows = list(csv.DictReader(io.StringIO(
            self.check(self.ifg("partner", "list", "--format", "csv"), 0).stdout)))
        self.assertEqual(len(rows), 41)
        self.assertEqual({r["id"] for r in rows}, set(by_id))
        self.assertIn("kind", rows[0])

    def test_professional_list_formats(self):
        self.init()
        p = self.check(self.ifg("professional", "list"), 0)
        self.assertIn("coord.vl", p.stdout)
        self.assertIn("member.ant.pz", p.stdout)
        j = json.loads(self.check(self.ifg("professional", "list", "--format", "json"),
                                  0).stdout)
        by_id = {x["id"]: x for x in j}
        self.assertEqual(len(by_id), 21)
        self.assertEqual(by_id["coord.ant"]["partner"], "jh-antwerpen")
        self.assertEqual(sorted(by_id["coord.ant"]["roles"]), ["coordinator", "director"])
        self.assertIs(by_id["coord.vl"]["active"], True)
        rows = list(csv.DictReader(io.StringIO(
            self.check(self.ifg("professional", "list", "--format", "csv"), 0).stdout)))
        self.assertEqual({r["id"] for r in rows}, set(by_id))
        self.assertEqual(next(r for r in rows if r["id"] == "dir.ant")["partner"],
                         "caw-antwerpen")


class DatabaseTest(IfgTestCase):

    def test_missing_database_exits_6_and_says_run_init(self):
        batch = self.copy_example("referrals.jsonl")
        commands = [
            ["partner", "list"],
            ["professional", "list"],
            ["screen", "ANT-2026-0001"],
            ["update", "ANT-2026-0001", "--set", "safety=unsafe"],
            ["register", "--region", "ANT", "--received", "2026-11-02",
             "--referrer-kind", "professional"],
            ["screen", "--batch", batch],
        ]
        for args in commands:
            with self.subTest(args=args):
                self.check(self.ifg(*args, actor="coord.ant"), 6, "ifg init")
                self.assertFalse(os.path.exists(self.db), "a missing database was created")
        self.check(self.ifg("--db", "nope.db", "partner", "list"), 6, "nope.db", "ifg init")
        self.assertFalse(os.path.exists(self.path("nope.db")))

    @sqlite_only('a corrupt database file')
    def test_random_bytes_database_exits_6(self):
        junk = os.urandom(16384)
        with open(self.db, "wb") as f:
            f.write(junk)
        for args in (["partner", "list"], ["screen", "ANT-2026-0001"],
                     ["register", "--region", "ANT", "--received", "2026-11-02",
                      "--referrer-kind", "professional"],
                     ["init", "--config", os.path.join(EXAMPLES, "flanders.toml")]):
            with self.subTest(args=args):
                self.check(self.ifg(*args, actor="coord.ant"), 6, "ifg.db")
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), junk, "a corrupt database was changed")

    @sqlite_only("the database file's permissions")
    def test_init_creates_database_readable_by_its_owner_only(self):
        # domain.md: "the database file is readable by its owner only"
        self.init()
        mode = os.stat(self.db).st_mode & 0o777
        self.assertEqual(mode & 0o077, 0, "ifg init created the database with mode %o" % mode)

    @sqlite_only("the database file's permissions")
    def test_database_readable_by_others_exits_6(self):
        # cli.md exit 6: "storage error: ... or readable by others than its owner"
        self.init()
        os.chmod(self.db, 0o644)
        self.check(self.ifg("partner", "list"), 6, "ifg.db")


# ---------------------------------------------------------------------------
# The actor


class ActorTest(IfgTestCase):

    def test_no_unknown_or_inactive_actor_exits_4(self):
        self.init()
        case = self.register("--region", "ANT", "--received", "2026-11-02", *FULL_FLAGS)
        self.deactivate_dir_ant()
        batch = self.path("one.jsonl")
        write_jsonl(batch, [referral("ACT-1")])
        commands = [
            ["screen", case],
            ["register", "--region", "ANT", "--received", "2026-11-02",
             "--referrer-kind", "professional"],
            ["screen", "--batch", batch, "--format", "jsonl"],
            ["update", case, "--set", "safety=unsafe"],
        ]
        for args in commands:
            for actor, (code, named) in ((None, sut.refused(None)),
                                         ("nobody.x", sut.refused("nobody.x")),
                                         ("dir.ant", (4, "dir.ant"))):
                with self.subTest(args=args, actor=actor):
                    p = self.check(self.ifg(*args, actor=actor), code, named)
                    self.assertEqual(p.stdout, "")
        # nothing was stored or changed by the refused commands
        r = self.screen_json(case)
        self.assertEqual(r["outcome"], "eligible")
        p = self.check(self.batch(batch, actor="coord.ant"), 0)
        self.assertEqual(parse_jsonl(p.stdout)[0]["outcome"], "eligible")
        self.assertEqual(parse_jsonl(p.stdout)[0]["case"], "ANT-2026-0002")

    def test_batch_records_for_regions_not_served_are_skipped_on_region(self):
        self.init()
        f = self.path("mixed.jsonl")
        write_jsonl(f, [referral("R-1", "ANT"), referral("R-2", "LIM"), referral("R-3", "ant")])
        p = self.check(self.batch(f, actor="coord.ant"), 0)
        rs = parse_jsonl(p.stdout)
        self.assertEqual([r["outcome"] for r in rs], ["eligible", "skipped", "eligible"])
        self.assertIsNone(rs[1]["case"])
        self.assertEqual([e["field"] for e in rs[1]["errors"]], ["region"])
        self.assertEqual(rs[2]["case"], "ANT-2026-0002")


# ---------------------------------------------------------------------------
# Step 1: register, screen, update


class RegisterTest(IfgTestCase):

    def setUp(self):
        super().setUp()
        self.init()

    def test_register_from_flags_then_screen(self):
        p = self.check(self.ifg(
            "register", "--region", "ANT", "--received", "2026-11-02",
            "--referrer-kind", "professional", "--sector", "welfare", "--sector", "police",
            "--domain", "housing", "--domain", "financien",
            "--person", "victim:Person A.:1991", "--person", "child::2016",
            "--external-ref", "FLAG-1", "--channel", "caw", actor="coord.ant"), 0)
        self.assertEqual(p.stdout.strip(), "ANT-2026-0001")
        r = self.screen_json("ANT-2026-0001")
        self.assert_result_shape(r)
        self.assertEqual([c["id"] for c in r["criteria"]], CRITERIA)
        self.assertIsNone(r["record"])
        self.assertIsNone(r["source"])
        self.assertEqual(r["case"], "ANT-2026-0001")
        self.assertEqual(r["external_ref"], "FLAG-1")
        verdicts = {c["id"]: c["verdict"] for c in r["criteria"]}
        self.assertEqual(verdicts, {
            "professional_referrer": "pass", "referral_channel": "pass",
            "very_unsafe": "unknown", "regular_insufficient": "unknown",
            "combined_approach": "pass", "multiple_domains": "pass", "help_stuck": "unknown"})
        self.assertEqual(r["outcome"], "incomplete")
        self.assertIn("finances", next(c for c in r["criteria"]
                                       if c["id"] == "multiple_domains")["reason"])
        self.assertEqual(r["errors"], [])

    def test_register_prints_registered_status(self):
        p = self.check(self.ifg("register", "--region", "ANT", "--received", "2026-11-02",
                                *FULL_FLAGS, "--format", "json", actor="coord.ant"), 0)
        j = json.loads(p.stdout)
        self.assertEqual(j["case"], "ANT-2026-0001")
        self.assertEqual(j["status"], "registered")

    def test_register_full_flags_with_aliases_is_eligible(self):
        case = self.register("--region", "ant", "--received", "2026-11-02",
                             "--referrer-kind", "hulpverlener", "--channel", "CAW",
                             "--safety", "heel onveilig", "--regular-sufficient", "nee",
                             "--sector", "welzijn", "--sector", "politie",
                             "--domain", "huisvesting", "--domain", "psychisch",
                             "--help-status", "vastgelopen")
        self.assertEqual(case, "ANT-2026-0001")
        r = self.screen_json(case)
        self.assertEqual(r["outcome"], "eligible")
        self.assertEqual([c["verdict"] for c in r["criteria"]], ["pass"] * 7)
        self.assertEqual([w["code"] for w in r["warnings"]], ["no_crisis_partner"])

    def test_register_from_json_and_toml(self):
        c1 = self.register("--from", os.path.join(EXAMPLES, "referral.json"))
        c2 = self.register("--from", os.path.join(EXAMPLES, "referral.toml"))
        self.assertEqual((c1, c2), ("ANT-2026-0001", "ANT-2026-0002"))
        for case, ref in ((c1, "DEMO-SINGLE-1"), (c2, "DEMO-SINGLE-2")):
            r = self.screen_json(case)
            self.assertEqual(r["external_ref"], ref)
            self.assertEqual(r["outcome"], "eligible")
            self.assertEqual([c["verdict"] for c in r["criteria"]], ["pass"] * 7)
            self.assertEqual(r["warnings"], [])

    def test_same_external_ref_twice_exits_1_naming_the_case(self):
        c1 = self.register("--from", os.path.join(EXAMPLES, "referral.json"))
        p = self.check(self.ifg("register", "--from", os.path.join(EXAMPLES, "referral.json"),
                                actor="coord.ant"), 1, c1, "DEMO-SINGLE-1")
        self.assertEqual(p.stdout, "")
        self.check(self.ifg("register", "--external-ref", "DEMO-SINGLE-1", "--region", "ANT",
                            "--received", "2026-11-20", "--referrer-kind", "professional",
                            actor="coord.ant"), 1, c1)
        # the same reference in another region is another referral
        self.assertEqual(self.register("--external-ref", "DEMO-SINGLE-1", "--region", "LIM",
                                       "--received", "2026-11-20", "--referrer-kind",
                                       "professional", actor="coord.vl"), "LIM-2026-0001")
        # nothing was allocated by the refused one
        self.assertEqual(self.register("--region", "ANT", "--received", "2026-11-20",
                                       "--referrer-kind", "professional"), "ANT-2026-0002")

    def test_invalid_flag_values_exit_5_naming_each_field(self):
        p = self.check(self.ifg(
            "register", "--region", "XYZ", "--received", "2026-02-30",
            "--referrer-kind", "alien", "--safety", "maybe", "--channel", "pigeon",
            "--person", "victim:Person A.:19x1", actor="coord.ant"), 5,
            "region", "XYZ", "received", "2026-02-30", "referrer", "alien", "safety", "maybe",
            "channel", "pigeon", "persons[0]")
        self.assertEqual(p.stdout, "")
        self.check(self.ifg("register", "--region", "ANT", "--received", "2026-12-01",
                            "--referrer-kind", "professional", actor="coord.ant"),
                   5, "received", "2026-12-01")
        self.check(self.ifg("register", "--region", "ANT", "--received", "2026-11-01",
                            "--referrer-kind", "professional", "--referrer-partner", "no-such",
                            actor="coord.ant"), 5, "no-such")
        self.check(self.ifg("register", "--region", "ANT", "--received", "2026-11-01",
                            actor="coord.ant"), 5, "referrer")
        # nothing was stored
        self.assertEqual(self.register("--region", "ANT", "--received", "2026-11-02",
                                       "--referrer-kind", "professional"), "ANT-2026-0001")

    def test_region_not_served_exits_4(self):
        p = self.check(self.ifg("register", "--region", "LIM", "--received", "2026-11-02",
                                *FULL_FLAGS, actor="coord.ant"), 4, "LIM", "coord.ant")
        self.assertEqual(p.stdout, "")
        self.assertEqual(self.register("--region", "LIM", "--received", "2026-11-02",
                                       *FULL_FLAGS, actor="coord.vl"), "LIM-2026-0001")

    def test_case_ids_per_region_and_year_of_received(self):
        ids = [
            self.register("--region", "ANT", "--received", "2026-11-02", *FULL_FLAGS),
            self.register("--region", "ANT", "--received", "2026-01-05", *FULL_FLAGS),
            self.register("--region", "ANT", "--received", "2025-12-31", *FULL_FLAGS),
            self.register("--region", "LIM", "--received", "2026-11-02", *FULL_FLAGS,
                          actor="coord.vl"),
            self.register("--region", "ANT", "--received", "2026-11-03", *FULL_FLAGS),
            self.register("--region", "ANT", "--received", "2025-06-01", *FULL_FLAGS),
        ]
        self.assertEqual(ids, ["ANT-2026-0001", "ANT-2026-0002", "ANT-2025-0001",
                               "LIM-2026-0001", "ANT-2026-0003", "ANT-2025-0002"])

    def test_today_is_the_date_in_brussels(self):
        # 23:30 UTC on 28 November is already 29 November in Brussels (CET)
        late = {"IFG_NOW": "2026-11-28T23:30:00Z"}
        p = self.check(self.ifg("register", "--region", "ANT", "--received", "2026-11-29",
                                "--referrer-kind", "professional", actor="coord.ant",
                                env=late), 0)
        self.assertEqual(p.stdout.strip(), "ANT-2026-0001")
        early = {"IFG_NOW": "2026-11-28T22:30:00Z"}
        self.check(self.ifg("register", "--region", "ANT", "--received", "2026-11-29",
                            "--referrer-kind", "professional", actor="coord.ant", env=early),
                   5, "received")
        self.check(self.ifg("partner", "list", env={"IFG_NOW": "yesterday"}), 2, "IFG_NOW")

    def test_the_clock_is_fixed_only_under_test(self):
        # IFG_NOW without IFG_TESTING=1 is ignored (with a warning): the trail
        # takes the real clock, not a time someone typed.
        p = self.check(self.ifg("register", "--region", "ANT", "--received", "2026-11-02",
                                *FULL_FLAGS, actor="coord.ant",
                                env={"IFG_TESTING": "", "IFG_NOW": "2026-11-28T10:00:00Z"}), 0)
        self.assertIn("IFG_NOW is ignored", p.stderr)
        log = json.loads(self.check(self.ifg("log", p.stdout.strip(), "--format", "json",
                                             actor="coord.ant"), 0).stdout)
        self.assertNotEqual(log[0]["at"], "2026-11-28T10:00:00Z")

    def test_justification_is_accepted(self):
        case = self.register("--region", "ANT", "--received", "2026-11-02", *FULL_FLAGS)
        self.check(self.ifg("screen", case, "--justification", "screening the referral",
                            actor="coord.ant"), 0)
        self.check(self.ifg("--justification", "screening", "screen", case, actor="coord.ant"),
                   0)
        self.check(self.ifg("screen", case, actor="coord.ant",
                            env={"IFG_JUSTIFICATION": "screening"}), 0)

    def test_screen_unknown_case_exits_3(self):
        p = self.check(self.ifg("screen", "ANT-2026-0042", actor="coord.ant"), 3,
                       "ANT-2026-0042")
        self.assertEqual(p.stdout, "")
        self.check(self.ifg("update", "ANT-2026-0042", "--set", "safety=unsafe",
                            actor="coord.ant"), 3, "ANT-2026-0042")


class UpdateTest(IfgTestCase):

    def setUp(self):
        super().setUp()
        self.init()
        # everything known except safety: incomplete
        flags = list(FULL_FLAGS)
        i = flags.index("--safety")
        del flags[i:i + 2]
        self.case = self.register("--external-ref", "UPD-1", "--region", "ANT",
                                  "--received", "2026-11-02", *flags)

    def verdicts(self, r):
        return {c["id"]: c["verdict"] for c in r["criteria"]}

    def test_set_makes_incomplete_case_eligible(self):
        before = self.screen_json(self.case)
        self.assertEqual(before["outcome"], "incomplete")
        self.assertEqual(self.verdicts(before)["very_unsafe"], "unknown")
        p = self.check(self.ifg("update", self.case, "--set", "safety=very_unsafe",
                                "--format", "json", actor="coord.ant"), 0)
        self.assertEqual(json.loads(p.stdout)["outcome"], "eligible")
        after = self.screen_json(self.case)
        self.assertEqual(after["outcome"], "eligible")
        self.assertEqual([c["verdict"] for c in after["criteria"]], ["pass"] * 7)

    def test_set_empty_unsets_a_fact(self):
        self.check(self.ifg("update", self.case, "--set", "safety=very_unsafe",
                            actor="coord.ant"), 0)
        self.check(self.ifg("update", self.case, "--set", "channel=", actor="coord.ant"), 0)
        r = self.screen_json(self.case)
        self.assertEqual(self.verdicts(r)["referral_channel"], "unknown")
        self.assertEqual(r["outcome"], "incomplete")

    def test_from_file_replaces_only_its_keys(self):
        self.check(self.ifg("update", self.case, "--set", "safety=very_unsafe",
                            actor="coord.ant"), 0)
        patch = self.write("patch.json", json.dumps(
            {"channel": "vk", "life_domains": ["housing"]}))
        p = self.check(self.ifg("update", self.case, "--from", patch, "--format", "json",
                                actor="coord.ant"), 0)
        r = json.loads(p.stdout)
        self.assertEqual(r["outcome"], "not_eligible")
        v = self.verdicts(r)
        # the list was replaced whole: one domain left
        self.assertEqual(v["multiple_domains"], "fail")
        self.assertIn("vk", next(c["reason"] for c in r["criteria"]
                                 if c["id"] == "referral_channel"))
        # every other fact was kept
        for cid in ("professional_referrer", "referral_channel", "very_unsafe",
                    "regular_insufficient", "combined_approach", "help_stuck"):
            self.assertEqual(v[cid], "pass", cid)
        self.assertEqual(self.screen_json(self.case)["external_ref"], "UPD-1")

    def test_external_ref_and_region_cannot_change(self):
        before = self.screen_json(self.case)
        self.check(self.ifg("update", self.case, "--set", "external_ref=UPD-2",
                            actor="coord.ant"), 1, self.case, "external_ref")
        self.check(self.ifg("update", self.case, "--set", "region=LIM", actor="coord.vl"),
                   1, self.case, "region")
        patch = self.write("patch.json", json.dumps({"region": "WVL", "safety": "very_unsafe"}))
        self.check(self.ifg("update", self.case, "--from", patch, actor="coord.vl"),
                   1, self.case, "region")
        self.assertEqual(self.screen_json(self.case), before)

    def test_received_can_change(self):
        p = self.check(self.ifg("update", self.case, "--set", "received=2026-10-01",
                                "--format", "json", actor="coord.ant"), 0)
        self.assertEqual(json.loads(p.stdout)["case"], self.case)

    def test_update_making_the_referral_invalid_exits_5_and_changes_nothing(self):
        before = self.screen_json(self.case)
        self.check(self.ifg("update", self.case, "--set", "received=2030-01-01",
                            actor="coord.ant"), 5, self.case, "received")
        self.check(self.ifg("update", self.case, "--set", "safety=bogus", "--set",
                            "channel=none", actor="coord.ant"), 5, self.case, "safety", "bogus")
        self.check(self.ifg("update", self.case, "--set", "referrer_kind=", actor="coord.ant"),
                   5, self.case, "referrer")
        patch = self.write("bad.json", json.dumps({"channel": "none", "safty": "safe"}))
        self.check(self.ifg("update", self.case, "--from", patch, actor="coord.ant"),
                   5, "safty")
        self.assertEqual(self.screen_json(self.case), before)

    def test_from_file_with_two_referrals_points_to_batch_screening(self):
        # libifg gives the hint (Hint::kBatch with the file); the CLI names the command.
        before = self.screen_json(self.case)
        patch = self.write("two.jsonl", json.dumps({"channel": "vk"}) + "\n" +
                           json.dumps({"channel": "none"}) + "\n")
        self.check(self.ifg("update", self.case, "--from", patch, actor="coord.ant"),
                   5, "more than one referral", "`ifg screen --batch %s`" % patch)
        self.assertEqual(self.screen_json(self.case), before)


# ---------------------------------------------------------------------------
# Batch screening


class BatchTest(IfgTestCase):

    def setUp(self):
        super().setUp()
        self.init()

    def assert_summary_line(self, stderr, counts, records):
        self.assertIn(str(records), stderr)
        for outcome, n in counts.items():
            self.assertRegex(stderr, r"\b%d\b[^,;\n]*\b%s\b|\b%s\b[^,;\n]*\b%d\b" % (
                n, outcome, outcome, n), "summary line lacks %d %s" % (n, outcome))

    def test_jsonl_batch_and_rerun(self):
        name = self.copy_example("referrals.jsonl")
        p = self.check(self.batch(name), 5)
        self.assertEqual(len(p.stdout.splitlines()), 200)
        first = parse_jsonl(p.stdout)
        self.assertEqual([r["record"] for r in first], list(range(1, 201)))
        self.assertEqual([r["source"] for r in first],
                         ["referrals.jsonl:%d" % i for i in range(1, 201)])
        for r in first:
            self.assert_result_shape(r)
        self.assert_counts(first, EXAMPLE_COUNTS)
        self.assert_summary_line(p.stderr, EXAMPLE_COUNTS, 200)
        for r in first:
            if r["outcome"] == "invalid":
                self.assertIsNone(r["case"])
                self.assertTrue(r["errors"])
                for e in r["errors"]:
                    self.assertIn("field", e)
                    self.assertTrue(e["message"])
            else:
                self.assertRegex(r["case"], CASE_ID)
                self.assertEqual(r["errors"], [])
        cases = [r["case"] for r in first if r["outcome"] not in ("invalid", "duplicate")]
        self.assertEqual(len(set(cases)), 197 - 2)
        for r in first:
            if r["outcome"] == "duplicate":
                self.assertIn(r["case"], cases)

        # a re-run registers nothing new
        p = self.check(self.batch(name), 5)
        second = parse_jsonl(p.stdout)
        self.assertEqual(len(second), 200)
        for a, b in zip(first, second):
            self.assertEqual(a["record"], b["record"])
            if a["outcome"] == "invalid":
                self.assertEqual(b["outcome"], "invalid")
            else:
                self.assertEqual(b["outcome"], "duplicate", b)
                self.assertEqual(b["case"], a["case"])
                self.assertEqual(b["criteria"], [])
        self.assert_counts(second, dict({o: 0 for o in OUTCOMES}, invalid=3, duplicate=197))

    def test_json_output(self):
        name = self.copy_example("referrals.jsonl")
        p = self.check(self.batch(name, "json"), 5)
        j = json.loads(p.stdout)
        self.assertEqual(set(j), {"format_version", "results", "summary"})
        self.assertEqual(len(j["results"]), 200)
        self.assertEqual([r["record"] for r in j["results"]], list(range(1, 201)))
        self.assert_counts(j["results"], EXAMPLE_COUNTS)
        s = j["summary"]
        self.assertEqual(s["records"], 200)
        self.assertEqual({o: s["by_outcome"].get(o) for o in OUTCOMES}, EXAMPLE_COUNTS)
        self.assertIn("seconds", s)
        self.assertIn("per_second", s)

    def test_csv_output_and_csv_input_give_the_same_outcomes(self):
        jsonl = self.copy_example("referrals.jsonl")
        from_jsonl = parse_jsonl(self.check(self.batch(jsonl), 5).stdout)

        other = self.path("other.db")
        self.check(self.ifg("--db", other, "init", "--config",
                            os.path.join(EXAMPLES, "flanders.toml")), 0)
        name = self.copy_example("referrals.csv")
        p = self.check(self.ifg("--db", other, "screen", "--batch", name, "--format", "csv",
                                actor="coord.vl"), 5)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], CSV_HEADER)
        rows = list(csv.DictReader(io.StringIO(p.stdout)))
        self.assertEqual(len(rows), 200)
        self.assertEqual([r["record"] for r in rows], [str(i) for i in range(1, 201)])
        self.assertEqual(rows[0]["source"], "referrals.csv:2")
        self.assertEqual([r["outcome"] for r in rows], [r["outcome"] for r in from_jsonl])
        self.assertEqual([r["external_ref"] for r in rows],
                         [r["external_ref"] or "" for r in from_jsonl])
        for row, res in zip(rows, from_jsonl):
            if res["outcome"] in ("invalid", "duplicate"):
                continue
            self.assertEqual([row[c] for c in CRITERIA],
                             [c["verdict"] for c in res["criteria"]], row["record"])
        for row in rows:
            if row["outcome"] == "invalid":
                self.assertEqual(row["case"], "")
                self.assertTrue(row["errors"])
            else:
                self.assertRegex(row["case"], CASE_ID)
        self.assert_summary_line(p.stderr, EXAMPLE_COUNTS, 200)

    def test_dry_run_stores_nothing(self):
        name = self.copy_example("referrals.jsonl")
        p = self.check(self.batch(name, "jsonl", "--dry-run"), 5)
        dry = parse_jsonl(p.stdout)
        self.assertEqual(len(dry), 200)
        self.assert_counts(dry, EXAMPLE_COUNTS)
        for r in dry:
            if r["outcome"] not in ("invalid", "duplicate"):
                self.assertIsNone(r["case"], r)
                self.assertEqual([c["id"] for c in r["criteria"]], CRITERIA)
        # nothing was stored: the real run registers every one
        real = parse_jsonl(self.check(self.batch(name), 5).stdout)
        self.assert_counts(real, EXAMPLE_COUNTS)
        self.assertEqual([r["outcome"] for r in real], [r["outcome"] for r in dry])
        # a dry run after the real one reports the stored cases as duplicates
        again = parse_jsonl(self.check(self.batch(name, "jsonl", "--dry-run"), 5).stdout)
        self.assert_counts(again, dict({o: 0 for o in OUTCOMES}, invalid=3, duplicate=197))
        self.assertEqual([r["case"] for r in again], [r["case"] for r in real])

    def test_stdin(self):
        with open(os.path.join(EXAMPLES, "referrals.jsonl"), encoding="utf-8") as f:
            data = f.read()
        p = self.ifg("screen", "--batch", "-", "--format", "jsonl", actor="coord.vl",
                     stdin=data)
        self.check(p, 2, "--input-format")
        self.assertEqual(p.stdout, "")
        p = self.ifg("screen", "--batch", "-", "--input-format", "jsonl", "--format", "jsonl",
                     actor="coord.vl", stdin=data)
        self.check(p, 5)
        rs = parse_jsonl(p.stdout)
        self.assertEqual(len(rs), 200)
        self.assertEqual(rs[0]["source"], "-:1")
        self.assert_counts(rs, EXAMPLE_COUNTS)   # the run without --input-format stored nothing

    def test_quiet_batch_writes_nothing_on_stderr_but_errors(self):
        f = self.path("ok.jsonl")
        write_jsonl(f, [referral("Q-1")])
        p = self.check(self.batch(f, "jsonl", "--quiet"), 0)
        self.assertEqual(p.stderr, "")
        self.assertEqual(len(parse_jsonl(p.stdout)), 1)

    def test_json_syntax_error_exits_5_and_stores_nothing(self):
        good = json.dumps(referral("SYN-1"))
        self.write("bad.json", "[\n" + good + ",\n  {\"external_ref\": \"SYN-2\",, }\n]\n")
        p = self.check(self.batch("bad.json"), 5, "bad.json:3")
        self.assertEqual(parse_jsonl(p.stdout), [])
        self.write("bad.toml", '[[referral]]\nexternal_ref = "SYN-1"\nregion = "ANT\n')
        self.check(self.batch("bad.toml"), 5, "bad.toml:3")
        p = self.check(self.batch(self.write("good.jsonl", good + "\n")), 0)
        r = parse_jsonl(p.stdout)[0]
        self.assertEqual((r["outcome"], r["case"]), ("eligible", "ANT-2026-0001"))

    def test_csv_with_unknown_column_exits_5_and_stores_nothing(self):
        self.write("bad.csv",
                   "external_ref,region,received,referrer_kind,colour\n"
                   "CSV-1,ANT,2026-11-01,professional,red\n")
        p = self.check(self.batch("bad.csv", "csv"), 5, "bad.csv:1", "colour")
        self.assertEqual(p.stdout.strip(), "")
        self.write("nokind.csv", "external_ref,region,received\nCSV-1,ANT,2026-11-01\n")
        self.check(self.batch("nokind.csv"), 5, "nokind.csv:1", "referrer_kind")
        self.write("good.csv", "\ufeffexternal_ref;region;received;referrer_kind\n"
                               "CSV-1;ant;2026-11-01;hulpverlener\n")
        r = parse_jsonl(self.check(self.batch("good.csv"), 0).stdout)[0]
        self.assertEqual((r["outcome"], r["case"], r["source"]),
                         ("incomplete", "ANT-2026-0001", "good.csv:2"))

    def test_json_array_and_toml_tables(self):
        self.write("arr.json", "[\n  " + json.dumps(referral("ARR-1", "WVL")) + ",\n  " +
                   json.dumps(referral("ARR-2", "WVL", referrer={"kind": "burger"})) + "\n]\n")
        rs = parse_jsonl(self.check(self.batch("arr.json"), 0).stdout)
        self.assertEqual([(r["source"], r["outcome"], r["case"]) for r in rs],
                         [("arr.json:2", "eligible", "WVL-2026-0001"),
                          ("arr.json:3", "inadmissible", "WVL-2026-0002")])
        self.assertIn("1712", rs[1]["criteria"][0]["reason"])
        self.write("arr.toml", """\
# two referrals
[[referral]]
external_ref = "TOM-1"
region = "wvl"
received = 2026-11-01
referrer = { kind = "professional" }

[[referral]]
external_ref = "TOM-2"
region = "WVL"
received = "2026-11-03"
channel = "geen"
[referral.referrer]
kind = "professional"
""")
        rs = parse_jsonl(self.check(self.batch("arr.toml"), 0).stdout)
        self.assertEqual([(r["source"], r["outcome"], r["case"]) for r in rs],
                         [("arr.toml:2", "incomplete", "WVL-2026-0003"),
                          ("arr.toml:8", "inadmissible", "WVL-2026-0004")])

    def test_validation_errors_name_json_paths(self):
        base = {"region": "ANT", "received": "2026-11-01", "referrer": {"kind": "professional"}}
        records = [
            (dict(base, external_ref="bad ref"), "external_ref"),
            (dict(base, external_ref="X" * 101), "external_ref"),
            (dict(base), "external_ref"),  # required in batch input
            (dict(base, external_ref="V-1", persons=[{"role": "victim", "name": "a" * 201}]),
             "persons[0].name"),
            (dict(base, external_ref="V-2",
                  persons=[{"role": "child", "birth_year": 2016},
                           {"role": "victim", "birth_year": 1899}]), "persons[1].birth_year"),
            (dict(base, external_ref="V-3", persons=[{"role": "victim", "birth_year": 2027}]),
             "persons[0].birth_year"),
            (dict(base, external_ref="V-4", persons=[{"role": "victim", "age": 3}]),
             "persons[0].age"),
            (dict(base, external_ref="V-5", referrer={"kind": "professional", "phone": "1"}),
             "referrer.phone"),
            (dict(base, external_ref="V-6", summary="x" * 10001), "summary"),
            (dict(base, external_ref="V-7", received="2026-02-29"), "received"),
            (dict(base, external_ref="V-8", sectors_needed=["welfare", "space"]),
             "sectors_needed[1]"),
            (dict(base, external_ref="V-9", safty="safe"), "safty"),
            (dict(base, external_ref="V-10", referrer={"kind": "professional",
                                                       "partner": "no-such-partner"}),
             "referrer.partner"),
        ]
        valid = [
            dict(base, external_ref="OK-1", channel=""),               # "" is missing
            dict(base, external_ref="OK-2", summary="\u00e9" * 10000),  # code points, not bytes
            dict(base, external_ref="OK-3", persons=[{"role": "kind", "birth_year": 2026}]),
        ]
        write_jsonl(self.path("v.jsonl"), [r for r, _ in records] + valid)
        rs = parse_jsonl(self.check(self.batch("v.jsonl", "jsonl", "--quiet"), 5).stdout)
        self.assertEqual(len(rs), len(records) + len(valid))
        for (rec, field), r in zip(records, rs):
            with self.subTest(field=field, record=r["record"]):
                self.assertEqual(r["outcome"], "invalid")
                self.assertIsNone(r["case"])
                self.assertIn(field, [e["field"] for e in r["errors"]])
        for r in rs[len(records):]:
            self.assertEqual(r["outcome"], "incomplete", r)
        self.assertEqual([r["case"] for r in rs[len(records):]],
                         ["ANT-2026-0001", "ANT-2026-0002", "ANT-2026-0003"])
        self.assertEqual(rs[len(records)]["criteria"][1]["verdict"], "unknown")

    def test_bad_jsonl_line_is_one_invalid_record(self):
        good = json.dumps(referral("JL-1"))
        self.write("mixed.jsonl", good + "\n\nnot json\n" + good + "\n")
        rs = parse_jsonl(self.check(self.batch("mixed.jsonl"), 5).stdout)
        self.assertEqual([(r["record"], r["source"], r["outcome"], r["case"]) for r in rs],
                         [(1, "mixed.jsonl:1", "eligible", "ANT-2026-0001"),
                          (2, "mixed.jsonl:3", "invalid", None),
                          (3, "mixed.jsonl:4", "duplicate", "ANT-2026-0001")])
        self.assertEqual([e["field"] for e in rs[1]["errors"]], [None])


class BatchRegionTest(IfgTestCase):
    """A Flanders-wide export screened by the coordinator of one region (issue 13, item 4)."""

    def setUp(self):
        super().setUp()
        self.init()
        # ANT, LIM and OVL; R-5 is LIM's and invalid (an unknown safety).
        self.file = self.path("flanders.jsonl")
        write_jsonl(self.file, [referral("R-1", "ANT"), referral("R-2", "LIM"),
                                referral("R-3", "OVL"), referral("R-4", "ANT"),
                                referral("R-5", "LIM", safety="dangerous")])

    def case_ids(self, *args):
        p = self.check(self.ifg("case", "list", "--format", "json", *args, actor="coord.vl"), 0)
        return [c["case"] for c in json.loads(p.stdout)["cases"]]

    def test_other_regions_are_skipped_not_invalid(self):
        p = self.check(self.batch(self.file, "json", actor="coord.ant"), 0)
        out = json.loads(p.stdout)
        self.assertEqual([r["outcome"] for r in out["results"]],
                         ["eligible", "skipped", "skipped", "eligible", "skipped"])
        self.assertEqual(out["summary"]["by_outcome"],
                         dict({o: 0 for o in OUTCOMES}, eligible=2, skipped=3))
        self.assertEqual(out["summary"]["records"], 5)
        r3 = out["results"][2]
        self.assertIsNone(r3["case"])
        self.assertEqual(r3["criteria"], [])
        self.assertEqual(r3["external_ref"], "R-3")
        self.assertEqual(r3["errors"], [{
            "field": "region",
            "message": "region OVL is not a region coord.ant coordinates (partner jh-antwerpen)"}])
        # LIM's invalid record is skipped with the reason only: not ANT's to correct.
        self.assertEqual(len(out["results"][4]["errors"]), 1)
        self.assertIn("0 invalid, 0 duplicate, 3 skipped", p.stderr)
        # Nothing of the skipped records is stored, nor in the audit trail.
        self.assertEqual(self.case_ids(), ["ANT-2026-0001", "ANT-2026-0002"])
        p = self.check(self.ifg("audit", "show", "--format", "json", actor="coord.vl"), 0)
        trail = p.stdout
        for ref in ("R-2", "R-3", "R-5", "LIM-", "OVL-"):
            self.assertNotIn(ref, trail)
        # Run again: ANT's come back duplicate, the others are still skipped.
        p = self.check(self.batch(self.file, "jsonl", actor="coord.ant"), 0)
        self.assertEqual([r["outcome"] for r in parse_jsonl(p.stdout)],
                         ["duplicate", "skipped", "skipped", "duplicate", "skipped"])

    def test_text_output_names_the_reason(self):
        p = self.check(self.batch(self.file, "text", actor="coord.ant"), 0)
        lines = p.stdout.splitlines()
        self.assertTrue(any(re.search(r"\bR-2\b.*\bskipped$", line) for line in lines), p.stdout)
        self.assertIn("region: region LIM is not a region coord.ant coordinates", p.stdout)
        self.assertRegex(p.stderr, r"5 records in .*: 2 eligible, .* 3 skipped")

    def test_region_handles_only_that_region(self):
        p = self.check(self.batch(self.file, "json", "--region", "lim", actor="coord.vl"), 5,
                       "1 of 5 records is invalid")
        out = json.loads(p.stdout)
        self.assertEqual([r["outcome"] for r in out["results"]],
                         ["skipped", "eligible", "skipped", "skipped", "invalid"])
        self.assertEqual(out["results"][0]["errors"][0]["message"],
                         "region ANT is not handled in this batch, which handles region LIM only")
        self.assertEqual(out["summary"]["by_outcome"]["skipped"], 3)
        self.assertEqual(self.case_ids(), ["LIM-2026-0001"])
        # Region by region, a coordinator of all five stores the rest.
        self.check(self.batch(self.file, "jsonl", "--region", "OVL", actor="coord.vl"), 0)
        self.assertEqual(self.case_ids("--region", "OVL"), ["OVL-2026-0001"])
        self.assertEqual(self.case_ids("--region", "ANT"), [])

    def test_dry_run_honours_the_region(self):
        p = self.check(self.batch(self.file, "jsonl", "--region", "ANT", "--dry-run",
                                  actor="coord.vl"), 0)
        self.assertEqual([r["outcome"] for r in parse_jsonl(p.stdout)],
                         ["eligible", "skipped", "skipped", "eligible", "skipped"])
        self.assertIn("dry run, nothing stored", p.stderr)
        self.assertEqual(self.case_ids(), [])

    def test_region_errors(self):
        # Not configured: exit 3, as for `case list --region` and the reports.
        self.check(self.batch(self.file, "jsonl", "--region", "XYZ", actor="coord.ant"), 3,
                   'region "XYZ" is not configured')
        # Configured but not coordinated: exit 4, before any record is read.
        p = self.check(self.batch(self.file, "jsonl", "--region", "LIM", actor="coord.ant"), 4,
                       "region LIM")
        self.assertEqual(p.stdout, "")
        # Not a batch: exit 2.
        self.check(self.ifg("screen", "ANT-2026-0001", "--region", "ANT", actor="coord.ant"), 2,
                   "--region")
        self.assertEqual(self.case_ids(), [])


class BatchRobustnessTest(IfgTestCase):

    def setUp(self):
        super().setUp()
        self.init()

    def test_interrupted_batch_keeps_what_it_printed_and_rerun_completes(self):
        regions = ["ANT", "LIM", "OVL", "VBR", "WVL"]
        n = 3000
        f = self.path("big.jsonl")
        write_jsonl(f, [referral("KILL-%05d" % i, regions[i % 5],
                                 "2026-%02d-%02d" % (1 + i % 10, 1 + i % 28))
                        for i in range(n)])
        argv, env = self.store.command(
            [IFG, "screen", "--batch", f, "--format", "jsonl", "--chunk-size", "50"],
            dict(self.env, IFG_ACTOR="coord.vl"))
        proc = subprocess.Popen(argv, cwd=self.dir, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        watchdog = threading.Timer(TIMEOUT, proc.kill)
        watchdog.start()
        try:
            printed = []
            while len(printed) < 100:
                line = proc.stdout.readline()
                if not line:
                    break
                printed.append(line)
            proc.send_signal(signal.SIGKILL)
            rest = proc.stdout.read()
            proc.wait()
        finally:
            watchdog.cancel()
            proc.stdout.close()
        self.assertEqual(proc.returncode, -signal.SIGKILL,
                         "the batch finished before it could be interrupted")
        # lines written before the kill, complete ones only
        text = b"".join(printed) + rest
        complete = text[:text.rfind(b"\n") + 1].decode("utf-8")
        before = parse_jsonl(complete)
        self.assertGreaterEqual(len(before), 100)
        self.assertLess(len(before), n)
        self.assertEqual([r["record"] for r in before], list(range(1, len(before) + 1)))
        for r in before:
            self.assertEqual(r["outcome"], "eligible")
            p = self.ifg("screen", r["case"], "--format", "json", actor="coord.vl")
            self.check(p, 0)
            self.assertEqual(json.loads(p.stdout)["external_ref"], r["external_ref"])

        p = self.check(self.ifg("screen", "--batch", f, "--format", "jsonl", "--quiet",
                                actor="coord.vl"), 0)
        final = parse_jsonl(p.stdout)
        self.assertEqual(len(final), n)
        self.assertEqual(len({r["case"] for r in final}), n)
        self.assertTrue(all(r["outcome"] in ("eligible", "duplicate") for r in final))
        for a in before:
            b = final[a["record"] - 1]
            self.assertEqual((b["outcome"], b["case"]), ("duplicate", a["case"]))

    def test_two_batches_at_once(self):
        a = self.path("a.jsonl")
        b = self.path("b.jsonl")
        write_jsonl(a, [referral("CONC-A-%03d" % i, ["ANT", "LIM"][i % 2]) for i in range(300)])
        write_jsonl(b, [referral("CONC-B-%03d" % i, ["ANT", "OVL"][i % 2]) for i in range(300)])
        procs, outs = [], []
        for f in (a, b):
            out = open(f + ".out", "w+", encoding="utf-8")
            err = open(f + ".err", "w+", encoding="utf-8")
            outs.append((out, err))
            argv, env = self.store.command(
                [IFG, "screen", "--batch", f, "--format", "jsonl", "--chunk-size", "20"],
                dict(self.env, IFG_ACTOR="coord.vl"))
            procs.append(subprocess.Popen(argv, cwd=self.dir, env=env, stdout=out, stderr=err))
        results = []
        for proc, (out, err) in zip(procs, outs):
            try:
                proc.wait(timeout=TIMEOUT)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
            out.close()
            err.close()
            self.assertEqual(proc.returncode, 0, stderr)
            rs = parse_jsonl(stdout)
            self.assertEqual(len(rs), 300)
            self.assertTrue(all(r["outcome"] == "eligible" for r in rs), stderr)
            results += rs
        cases = {r["case"] for r in results}
        self.assertEqual(len(cases), 600)
        for region, count in (("ANT", 300), ("LIM", 150), ("OVL", 150)):
            ids = sorted(c for c in cases if c.startswith(region + "-"))
            self.assertEqual(ids, ["%s-2026-%04d" % (region, i) for i in range(1, count + 1)])


def main():
    global IFG, EXAMPLES, TEST_DATA
    if len(sys.argv) < 4:
        sys.exit("usage: cli_test.py PATH/TO/ifg EXAMPLES_DIR TEST_DATA_DIR [unittest args]")
    IFG = os.path.abspath(sys.argv[1])
    EXAMPLES = os.path.abspath(sys.argv[2])
    TEST_DATA = os.path.abspath(sys.argv[3])
    schema_check.install(IFG)
    unittest.main(argv=[sys.argv[0]] + sys.argv[4:], verbosity=2)


if __name__ == "__main__":
    main()
