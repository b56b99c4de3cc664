#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""A database of schema 5, made by ifg 0.1.0 (tests/data/schema5/make.sh), is
migrated by `ifg init` and must then say what ifg 0.1.0 said about it: the same
audit trail head, and for every case the same screening result (the stored
reason sentences are kept as codes now and rendered again) and the same case
sheet: referral, screening, decision, directors, meetings, actions, the
partners involved (now partly derived instead of stored) and the timeline.
Keys the JSON forms gained since 0.1.0 (docs/formats.md, "JSON forms") may be
added; nothing may be missing or differ.

usage: cli_migration_test.py IFG TESTS_DATA_DIR
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

IFG = os.path.abspath(sys.argv[1])
DATA = os.path.join(os.path.abspath(sys.argv[2]), "schema5")
NOW = "2026-11-28T10:00:00Z"


def contained(old, new, path="$"):
    """Problems where `new` does not hold everything `old` held (objects may gain keys)."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            return [f"{path}: an object became {type(new).__name__}"]
        out = []
        for k, v in old.items():
            if k not in new:
                out.append(f"{path}.{k}: missing")
            else:
                out += contained(v, new[k], f"{path}.{k}")
        return out
    if isinstance(old, list):
        if not isinstance(new, list) or len(old) != len(new):
            return [f"{path}: {json.dumps(old)[:200]} != {json.dumps(new)[:200]}"]
        out = []
        for i, (a, b) in enumerate(zip(old, new)):
            out += contained(a, b, f"{path}[{i}]")
        return out
    return [] if old == new else [f"{path}: {old!r} != {new!r}"]


class Migration(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ifg-migration-")
        cls.db = os.path.join(cls.dir, "ifg.db")
        # The database is kept as SQL text (a binary file would be ignored by
        # git and unreviewable); it is loaded into a fresh file here.
        with open(os.path.join(DATA, "ifg.sql")) as f:
            con = sqlite3.connect(cls.db)
            con.executescript(f.read())
            con.close()
        os.chmod(cls.db, 0o600)
        with open(os.path.join(DATA, "expected.json")) as f:
            cls.expected = json.load(f)
        cls.env = dict(os.environ, IFG_DB=cls.db, IFG_NOW=NOW, IFG_TESTING="1", IFG_ACTOR="coord.vl")
        # Before the migration, other commands refuse the older schema.
        r = cls.run_ifg("partner", "list")
        assert r.returncode == 6 and "migrat" in r.stderr, r.stderr
        r = cls.run_ifg("init")
        assert r.returncode == 0, r.stderr
        cls.verify = json.loads(cls.run_ifg("audit", "verify", "--format", "json").stdout)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def run_ifg(cls, *args):
        return subprocess.run([IFG, *args], env=cls.env, capture_output=True, text=True,
                              timeout=60)

    def json_of(self, *args):
        r = self.run_ifg(*args, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_the_trail_is_the_same_and_verifies(self):
        # The old entries keep their hashes; schema 7 adds the baseline after
        # them (the facts of every row stored), and the whole chain verifies.
        old = self.expected["verify"]
        self.assertTrue(self.verify["intact"], self.verify)
        con = sqlite3.connect(self.db)
        try:
            last_old = con.execute("SELECT hash FROM events WHERE id = ?",
                                   (old["entries"],)).fetchone()[0]
            # the entries the migration added: those before the first verify
            added = [r[0] for r in con.execute(
                "SELECT action FROM events WHERE id > ? AND id <= ?",
                (old["entries"], self.verify["entries"]))]
        finally:
            con.close()
        self.assertEqual(last_old, old["head"])
        self.assertTrue(added and set(added) == {"state_baseline"}, added)
        self.assertEqual(self.verify["entries"], old["entries"] + len(added))

    def test_the_state_verifies_against_the_baseline(self):
        r = self.run_ifg("audit", "verify", "--state", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        v = json.loads(r.stdout)
        self.assertIsNone(v["state"])
        self.assertGreater(v["rows_checked"], 61)

    def test_every_screening_result_is_the_same(self):
        self.assertEqual(len(self.expected["cases"]), 61)
        for case, old in self.expected["cases"].items():
            with self.subTest(case=case):
                new = self.json_of("screen", case)
                new.pop("repeat")  # schema 11 knows persons across cases; the rest is as it was
                self.assertEqual(new.pop("format_version"), 1)  # each document says its version
                for c in new["criteria"]:  # reasons as codes (issue 15): beside the same sentence
                    self.assertTrue(c.pop("reason_code").startswith(c["id"] + "."), c)
                    self.assertIsInstance(c.pop("reason_params"), dict)
                for w in new["warnings"]:
                    self.assertIsInstance(w.pop("params"), dict)
                self.assertEqual(new, old["screen"])

    def test_every_case_sheet_holds_what_it_held(self):
        for case, old in self.expected["cases"].items():
            with self.subTest(case=case):
                new = self.json_of("report", "case", case)
                self.assertEqual(contained(old["report"], new), [])


if __name__ == "__main__":
    schema_check.install(IFG)
    unittest.main(argv=[sys.argv[0]], verbosity=2)
