#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The audit trail's state on PostgreSQL (lib/store_state.h, lib/pg/capture.sql),
through the CLI: the same workflow (the configuration of examples/, a batch,
a case walked from registration to closure, decisions, meetings, plans,
monitoring, a reopening, a transfer) on SQLite and on PostgreSQL writes the
same entries with the same facts, commitments and digests aside (they depend
on each case's random salt); `audit verify --state` passes on PostgreSQL and,
after an UPDATE or a DELETE with psql, names the table, the row and the column
as it does after the same edit with the sqlite3 shell.

Run by CTest as: pg_state_test.py PATH/TO/ifg EXAMPLES_DIR, with IFG_TEST_PG
the superuser connection string of the throw-away cluster.
"""
import collections
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

IFG = EXAMPLES = None
NOW = "2026-11-28T10:00:00Z"
WHO = ("coord.vl", "coord.ant", "dir.ant", "member.ant.pz")  # who acts in walk()
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def pg_target(db):
    return re.sub(r"dbname=\S+", "dbname=" + db, os.environ["IFG_TEST_PG"])


def psql(target, sql):
    r = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-F", "\x1f", "-v", "ON_ERROR_STOP=1",
                        "-d", target, "-c", sql], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


class Engine:
    """One database, SQLite's file or PostgreSQL's, and the SQL tool of each. On
    PostgreSQL a professional acts through a login of their own (on a shared
    database the login is the actor), which may read and write rows only."""

    def __init__(self, db, is_pg):
        self.db, self.is_pg = db, is_pg

    def run(self, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env.update(IFG_NOW=NOW, IFG_TESTING="1")
        db = self.db
        if self.is_pg and args[0] == "--as":
            db = re.sub(r"user=\S+", "user='%s'" % args[1], db)
        return subprocess.run([IFG, "--db", db, *args], capture_output=True, text=True,
                              env=env, timeout=120)

    def sql(self, statement):
        """Runs `statement` behind ifg's back; its rows as lists of text."""
        if self.is_pg:
            out = psql(self.db, statement)
        else:
            r = subprocess.run(["sqlite3", "-bail", "-separator", "\x1f", self.db, statement],
                               capture_output=True, text=True, timeout=60)
            assert r.returncode == 0, r.stderr
            out = r.stdout
        return [line.split("\x1f") for line in out.splitlines()]

    def facts(self):
        """Each entry's action, case and facts, then each batch record's, in order;
        the facts of one as a multiset (test_the_same_workflow_writes_the_same_facts)."""
        rows = self.sql("SELECT action, coalesce(case_id, ''), coalesce(facts, '') FROM events "
                        "ORDER BY id")
        rows += self.sql("SELECT chunk, seq, facts FROM batch_events ORDER BY chunk, seq")

        def norm(text):
            return collections.Counter(json.dumps(f) for f in json.loads(
                DIGEST.sub("sha256:*", text))) if text else None
        return [(a, b, norm(facts)) for a, b, facts in rows]


def walk(e, config, who, grant):
    """The workflow of scripts/demo, shortened, by the professionals `who` names;
    returns the case walked through it. `grant` runs after init."""
    def ok(*args, rc=0):
        args = [who(a) if a in WHO else a for a in args]
        r = e.run(*args)
        if r.returncode != rc:
            raise AssertionError("%s: exit %d, not %d: %s" % (args, r.returncode, rc, r.stderr))
        return r.stdout.strip()
    ex = lambda name: os.path.join(EXAMPLES, name)  # noqa: E731
    ok("init", "--config", config)
    grant()
    results = ok("--as", "coord.vl", "screen", "--batch", ex("referrals.jsonl"), "--format", "csv",
                 rc=5)  # 3 invalid records, on purpose
    eligible = [row[3] for row in csv.reader(results.splitlines())
                if len(row) > 4 and row[4] == "eligible" and row[3].startswith("ANT-")]
    assert len(eligible) > 6, eligible
    case = ok("--as", "coord.ant", "--quiet", "register", "--from", ex("referral.toml"))
    for actor, *args in [
            ("coord.ant", "screen", case),
            ("coord.ant", "decide", case, "--accept", "--motivation", "Very unsafe."),
            ("coord.ant", "meeting", "add", case, "--date", "2026-11-27", "--attendee", "coord.ant",
             "--attendee", "dir.ant", "--basis", "decree", "--purpose", "Analyse the situation"),
            ("coord.ant", "plan", "add", case, "--action", "Find housing", "--domain", "housing",
             "--professional", "dir.ant", "--due", "2026-12-05"),
            ("coord.ant", "plan", "add", case, "--action", "Safety plan", "--domain", "social",
             "--professional", "member.ant.pz", "--due", "2026-11-25"),
            ("coord.ant", "assign", case, "--director", "dir.ant", "--reason", "Knows the family"),
            ("coord.ant", "plan", "activate", case),
            ("dir.ant", "plan", "set", case, "1", "--status", "in_progress", "--note", "Called"),
            ("dir.ant", "person", "add", case, "--role", "child", "--name", "Baby A.",
             "--birth-year", "2026", "--gender", "f"),
            ("coord.ant", "risk", "add", case, "--person", "1", "--instrument", "rc-demo",
             "--answers", ex("risk/intake.toml"), "--date", "2026-11-03"),
            ("dir.ant", "close", case, "--reason", "goals_reached", "--note", "Housing found")]:
        ok("--as", actor, *args)
    ok("--as", "member.ant.pz", "assign", case, "--director", "member.ant.pz", rc=4)
    again = ok("--as", "coord.ant", "--quiet", "register", "--from", ex("referral-again.toml"))
    ok("--as", "coord.ant", "screen", again)
    for c in eligible[:6]:
        ok("--as", "coord.ant", "decide", c, "--accept", "--motivation", "Meets the conditions.")
        ok("--as", "coord.ant", "meeting", "add", c, "--date", "2026-11-20", "--attendee",
           "dir.ant", "--basis", "decree", "--purpose", "Plan")
        ok("--as", "coord.ant", "assign", c, "--director", "dir.ant")
    ok("--as", "coord.ant", "close", eligible[0], "--reason", "goals_reached", "--monitor-until",
       "2027-05-31")
    ok("--as", "coord.ant", "monitor", eligible[0], "--result", "stable", "--note", "Safe.")
    ok("--as", "coord.ant", "close", eligible[5], "--reason", "referred_regular")
    ok("--as", "coord.ant", "reopen", eligible[5], "--reason", "New police report.")
    ok("--as", "coord.ant", "transfer", eligible[1], "--to", "LIM", "--reason", "Moved.")
    return case


class StateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Roles belong to the whole cluster, which other tests use at the same
        # time: every professional id of the configuration gets a suffix of
        # this run's own, on both engines, so that their facts stay equal.
        cls.suffix = uuid.uuid4().hex[:8]
        cls.dir = tempfile.mkdtemp(prefix="ifg-pg-state-")
        config = os.path.join(cls.dir, "config.toml")
        with open(os.path.join(EXAMPLES, "flanders.toml"), encoding="utf-8") as f:
            text = re.sub(r'"([a-z]+\.[a-z.]+)"', lambda m: '"%s"' % cls.who(m.group(1)), f.read())
        with open(config, "w", encoding="utf-8") as f:
            f.write(text)
        cls.pg_name = "ifg_pg_state_" + cls.suffix
        admin = os.environ["IFG_TEST_PG"]
        psql(admin, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
             % cls.pg_name)
        logins = ", ".join('"%s"' % cls.who(p) for p in WHO)
        for p in WHO:
            psql(admin, 'CREATE ROLE "%s" LOGIN' % cls.who(p))
        cls.sqlite = Engine(os.path.join(cls.dir, "ifg.db"), False)
        cls.pg = Engine(pg_target(cls.pg_name), True)
        grant = ("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {0}; "
                 "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {0}; "
                 "GRANT USAGE ON SCHEMA ifg TO {0}").format(logins)
        try:
            cls.cases = {False: walk(cls.sqlite, config, cls.who, lambda: None),
                         True: walk(cls.pg, config, cls.who, lambda: psql(cls.pg.db, grant))}
        except BaseException:
            cls.tearDownClass()  # unittest does not when setUpClass fails
            raise

    @classmethod
    def who(cls, professional):
        return "%s.%s" % (professional, cls.suffix)

    @classmethod
    def tearDownClass(cls):
        admin = os.environ["IFG_TEST_PG"]
        psql(admin, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % cls.pg_name)
        for role in psql(admin, "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname LIKE "
                         "'%%%s%%'" % cls.suffix).split():
            psql(admin, "DROP ROLE %s" % role)
        shutil.rmtree(cls.dir, True)

    def test_the_same_workflow_writes_the_same_facts(self):
        self.assertEqual(self.cases[False], self.cases[True])
        a, b = self.sqlite.facts(), self.pg.facts()
        self.assertEqual(len(a), len(b))
        self.assertGreater(sum(1 for x in a if x[2]), 40)  # entries with facts
        for x, y in zip(a, b):
            # The facts of one entry as a multiset: a statement that changes
            # several rows (close cancels a case's actions) visits them in the
            # engine's order, SQLite's index or PostgreSQL's heap.
            self.assertEqual(x, y)

    def verify(self, e):
        r = e.run("audit", "verify", "--state")
        return r.returncode, r.stdout + r.stderr

    def test_verify_state_passes_on_postgresql(self):
        rc, out = self.verify(self.pg)
        self.assertEqual(rc, 0, out)
        self.assertIn("state matches the trail", out)
        self.assertEqual(self.verify(self.sqlite)[1].split("trail:")[-1],
                         out.split("trail:")[-1])  # the same number of rows

    def test_an_update_with_psql_is_named_as_with_the_sqlite3_shell(self):
        case = self.cases[True]
        for e in (self.sqlite, self.pg):
            status = e.sql("SELECT status FROM cases WHERE id = '%s'" % case)[0][0]
            e.sql("UPDATE cases SET status = 'archived' WHERE id = '%s'" % case)
            rc, out = self.verify(e)
            v = json.loads(e.run("audit", "verify", "--state", "--format", "json").stdout)
            e.sql("UPDATE cases SET status = '%s' WHERE id = '%s'" % (status, case))
            self.assertEqual(rc, 1, out)
            self.assertIn('table cases, row ["%s"], column status' % case, out)
            self.assertEqual((v["state"]["table"], v["state"]["column"]), ("cases", "status"))
            self.assertEqual(self.verify(e)[0], 0)  # as it was: the trail explains it again

    def test_a_delete_with_psql_is_named_as_with_the_sqlite3_shell(self):
        case = self.cases[True]
        for e in (self.sqlite, self.pg):
            director = self.who("dir.ant")
            e.sql("DELETE FROM meeting_attendees WHERE case_id = '%s' "
                  "AND professional_id = '%s'" % (case, director))
            rc, out = self.verify(e)
            e.sql("INSERT INTO meeting_attendees VALUES ('%s', 1, '%s')" % (case, director))
            self.assertEqual(rc, 1, out)
            self.assertIn('table meeting_attendees, row ["%s",1,"%s"]' % (case, director), out)
            self.assertIn("removed outside ifg", out)
            self.assertEqual(self.verify(e)[0], 0)


if __name__ == "__main__":
    IFG, EXAMPLES = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
