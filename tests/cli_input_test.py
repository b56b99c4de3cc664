#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Black-box tests of input that is not what it claims (issue 12, part 5): a
folder or device named as a referral file, a configuration or `--from`; a JSON
object that gives a key twice; `init` on another program's SQLite file and
from a configuration that fails; dates outside their window; names typed
another way in `export person`.

Run by CTest as: cli_input_test.py PATH/TO/ifg EXAMPLES_DIR
On SQLite, or on PostgreSQL with IFG_TEST_STORE=postgresql (tests/store_under_test.py):
there `init` on another program's database is that of another program's tables.
All people are synthetic.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)
import store_under_test as sut

IFG = EXAMPLES = None
NOW = "2026-11-28T10:00:00Z"


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class Env:
    def __init__(self, test, init=True):
        self.test = test
        self.dir = tempfile.mkdtemp(prefix="ifg-cli-input-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.db = os.path.join(self.dir, "ifg.db")
        self.store = sut.Store(test, self.db)
        self.config = os.path.join(EXAMPLES, "flanders.toml")
        if init:
            self.ok("init", "--config", self.config)

    def run(self, *args, stdin=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env["IFG_NOW"] = NOW
        env["IFG_TESTING"] = "1"
        argv, env = self.store.command([IFG, "--db", self.db, *args], env)
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60,
                              input=stdin)

    def ok(self, *args):
        r = self.run(*args)
        self.test.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def tables(self):
        """Every table with its rows: what a command must leave as it was. On PostgreSQL
        those of the schema public, read as the superuser (past row-level security)."""
        if sut.POSTGRESQL:
            names = [r[0] for r in self.store.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
            if not names:
                return {}
            rows = " UNION ALL ".join(
                "SELECT '%s', (SELECT coalesce(json_agg(t::text), '[]') FROM \"%s\" t)"
                % (n, n) for n in names)
            return {n: sorted(r) for n, r in json.loads(sut.psql(
                f"SELECT json_object_agg(n, r) FROM ({rows}) x(n, r)",
                self.store.conninfo())).items()}
        con = sqlite3.connect(self.db)
        try:
            names = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"'))) for n in names}
        finally:
            con.close()

    def case(self, ref="IN-1", received="2026-11-02", name="Person A."):
        with open(os.path.join(EXAMPLES, "referral.json"), encoding="utf-8") as f:
            referral = json.load(f)
        referral.update(external_ref=ref, received=received)
        referral["persons"][0]["name"] = name
        path = self.write(ref + ".json", json.dumps(referral, ensure_ascii=False))
        return self.ok("--as", "coord.ant", "--quiet", "register", "--from", path).strip()


class NotAFileTest(unittest.TestCase):
    def test_a_folder_as_referral_file_is_invalid_input_not_an_empty_batch(self):
        e = Env(self)
        folder = os.path.join(e.dir, "batch.jsonl")
        os.mkdir(folder)
        before = e.tables()
        for args in (["screen", "--batch", folder],
                     ["register", "--from", folder],
                     ["screen", "--batch", "/dev/null", "--input-format", "jsonl"]):
            with self.subTest(args=args):
                r = e.run("--as", "coord.ant", *args)
                self.assertEqual(r.returncode, 5, r.stderr)
                self.assertRegex(r.stderr, "is a (folder|device)")
                self.assertNotIn("0 records", r.stdout + r.stderr)
        self.assertEqual(e.tables(), before)

    def test_a_folder_as_update_from_is_invalid_input(self):
        e = Env(self)
        case = e.case()
        folder = os.path.join(e.dir, "patch.json")
        os.mkdir(folder)
        r = e.run("--as", "coord.ant", "update", case, "--from", folder)
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertIn("is a folder", r.stderr)

    def test_a_folder_as_configuration_is_exit_7_and_changes_nothing(self):
        e = Env(self)
        before = e.tables()
        folder = os.path.join(e.dir, "flanders.toml")
        os.mkdir(folder)
        r = e.run("init", "--config", folder)
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertIn("the configuration file is a folder", r.stderr)
        self.assertNotIn("0 regions", r.stdout)
        self.assertEqual(e.tables(), before)
        # On a database that does not exist yet: none is created (on PostgreSQL, an empty
        # database stays empty).
        fresh = Env(self, init=False)
        self.assertEqual(fresh.run("init", "--config", folder).returncode, 7)
        if sut.POSTGRESQL:
            self.assertEqual(fresh.tables(), {})
        else:
            self.assertFalse(os.path.exists(fresh.db))


class InitTest(unittest.TestCase):
    def test_init_from_a_configuration_that_fails_changes_nothing(self):
        e = Env(self)
        e.case()
        before = e.tables()
        with open(e.config, encoding="utf-8") as f:
            text = f.read()
        bad = {
            "syntax.toml": text + "\n[[region]\n",
            "reference.toml": text + '\n[[professional]]\nid = "x.y"\nname = "Person X."\n'
                              'partner = "no-such-partner"\nroles = ["member"]\n',
        }
        for name, body in bad.items():
            with self.subTest(config=name):
                r = e.run("--as", "coord.vl", "init", "--config", e.write(name, body))
                self.assertEqual(r.returncode, 7, r.stderr)
                self.assertEqual(e.tables(), before)

    def test_init_on_another_programs_database_is_refused_and_leaves_it_alone(self):
        e = Env(self, init=False)
        if sut.POSTGRESQL:
            sut.psql("CREATE TABLE invoices(id integer PRIMARY KEY, total real); "
                     "INSERT INTO invoices VALUES (1, 12.5)", e.store.conninfo())
        else:
            con = sqlite3.connect(e.db)
            con.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL)")
            con.execute("INSERT INTO invoices(total) VALUES (12.5)")
            con.commit()
            con.close()
            os.chmod(e.db, 0o600)
            before = read_bytes(e.db)
        tables = e.tables()
        self.assertEqual(tables, {"invoices": ["(1,12.5)" if sut.POSTGRESQL else "(1, 12.5)"]})
        for args in (["init"], ["init", "--config", e.config], ["partner", "list"]):
            with self.subTest(args=args):
                r = e.run(*args)
                self.assertEqual(r.returncode, 6, r.stderr)
                self.assertIn("not an ifg database", r.stderr)
        self.assertEqual(e.tables(), tables)
        if not sut.POSTGRESQL:
            self.assertEqual(read_bytes(e.db), before)
            self.assertFalse(os.path.exists(e.db + "-wal"))


class DuplicateKeyTest(unittest.TestCase):
    def test_a_key_given_twice_is_invalid_in_a_batch_line_and_in_a_file(self):
        e = Env(self)
        line = ('{"external_ref": "DK-1", "region": "ANT", "received": "2026-11-02", '
                '"referrer": {"kind": "professional"}, "safety": "safe", "safety": "very_unsafe"}')
        good = line.replace('"safety": "safe", ', "").replace("DK-1", "DK-2")
        batch = e.write("dup.jsonl", line + "\n" + good + "\n")
        r = e.run("--as", "coord.ant", "screen", "--batch", batch, "--format", "jsonl")
        self.assertEqual(r.returncode, 5, r.stderr)
        results = [json.loads(x) for x in r.stdout.splitlines()]
        self.assertEqual(results[0]["outcome"], "invalid")
        self.assertNotEqual(results[1]["outcome"], "invalid")
        self.assertIn('key "safety" is given twice', results[0]["errors"][0]["message"])
        self.assertIn(f"{batch}:1", r.stdout + r.stderr)
        single = e.write("dup.json", "{\n" + line[1:].replace(", ", ",\n"))
        r = e.run("--as", "coord.ant", "register", "--from", single)
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertIn(f"{single}:7:1:", r.stderr)
        self.assertIn('key "safety" is given twice', r.stderr)


class DateTest(unittest.TestCase):
    def test_received_before_2000_or_with_spaces_is_invalid(self):
        e = Env(self)
        for received in ("1999-12-31", " 2026-11-02", "2026-11-02 "):
            with self.subTest(received=received):
                r = e.run("--as", "coord.ant", "register", "--from",
                          e.write("r.json", json.dumps({
                              "region": "ANT", "received": received,
                              "referrer": {"kind": "professional"}})))
                self.assertEqual(r.returncode, 5, r.stderr)
                self.assertIn("received", r.stderr)

    def test_meeting_and_due_dates_outside_the_window_are_invalid(self):
        e = Env(self)
        case = e.case(received="2026-11-02")
        e.ok("--as", "coord.ant", "screen", case)
        e.ok("--as", "coord.ant", "decide", case, "--accept", "--motivation", "Very unsafe")
        meeting = ["--as", "coord.ant", "meeting", "add", case, "--attendee", "coord.ant",
                   "--basis", "decree", "--purpose", "Analyse"]
        for date in ("2026-11-01", "2027-11-30", "2826-11-27"):
            with self.subTest(meeting=date):
                r = e.run(*meeting, "--date", date)
                self.assertEqual(r.returncode, 5, r.stderr)
                self.assertIn(f"case {case}: the meeting date {date}", r.stderr)
        plan = ["--as", "coord.ant", "plan", "add", case, "--action", "Act", "--domain",
                "housing", "--professional", "coord.ant"]
        for date in ("2026-11-01", "2029-12-01"):
            with self.subTest(due=date):
                r = e.run(*plan, "--due", date)
                self.assertEqual(r.returncode, 5, r.stderr)
                self.assertIn(f"the due date {date}", r.stderr)
        e.ok(*meeting, "--date", "2026-11-27")
        e.ok(*plan, "--due", "2027-06-30")


class NameTest(unittest.TestCase):
    def test_export_person_finds_a_name_typed_another_way(self):
        e = Env(self)
        case = e.case(name="\u00c9lise \u00d8rsted-Person")  # composed
        for typed in ("E\u0301lise \u00d8rsted-Person", "\u00e9LISE  \u00f8rsted-person",
                      "\u00a0\u00c9lise\t\u00d8rsted-Person "):
            with self.subTest(typed=typed):
                r = e.run("--as", "coord.ant", "export", "person", "--name", typed)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual([c["case"] for c in json.loads(r.stdout)["cases"]], [case])


if __name__ == "__main__":
    IFG, EXAMPLES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    schema_check.install(IFG)
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=1)
