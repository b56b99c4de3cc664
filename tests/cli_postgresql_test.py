#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""ifg on a shared PostgreSQL database (issue 17): the login is the actor, init
makes a NOLOGIN role per professional, passwords never reach a message.

Usage: cli_postgresql_test.py IFG_BINARY EXAMPLES_DIR
Needs IFG_TEST_PG, the superuser connection string of the throw-away cluster
that CTest's pg_cluster fixture starts (scripts/pg-cluster); fails without it.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import unittest
import uuid

IFG, EXAMPLES = sys.argv[1], sys.argv[2]
ADMIN = os.environ.get("IFG_TEST_PG", "")
ENV = dict(os.environ, IFG_NOW="2026-11-28T10:00:00Z", IFG_TESTING="1", LANG="C.UTF-8")
ENV.pop("IFG_ACTOR", None)
ENV.pop("IFG_DB", None)
CONFIG = os.path.join(EXAMPLES, "flanders.toml")
FULL_FLAGS = [  # one eligible referral (synthetic people)
    "--referrer-kind", "professional", "--referrer-partner", "caw-antwerpen", "--channel", "caw",
    "--safety", "very_unsafe", "--regular-sufficient", "false", "--sector", "welfare",
    "--sector", "police", "--domain", "housing", "--domain", "financien",
    "--help-status", "stuck", "--person", "victim:Person A.:1991",
    "--person", "perpetrator:Person B.:1988"]


def psql(sql, conninfo=ADMIN):
    r = subprocess.run(["psql", conninfo, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError(f"psql failed: {r.stderr.strip()} (SQL: {sql})")
    return r.stdout.strip()


class SharedDatabaseTest(unittest.TestCase):
    """Each test gets its own database, and professionals of its own: roles belong
    to the whole cluster, which other tests use at the same time, so every
    professional id of the example configuration gets this test's suffix."""

    def setUp(self):
        if not ADMIN:
            self.fail("IFG_TEST_PG is not set: run this through ctest (the pg_cluster fixture)")
        self.suffix = uuid.uuid4().hex[:8]
        self.name = "ifg_" + self.suffix
        self.tmp = tempfile.TemporaryDirectory()
        self.config = os.path.join(self.tmp.name, "config.toml")
        with open(CONFIG, encoding="utf-8") as f:
            text = re.sub(r'"([a-z]+\.[a-z.]+)"', lambda m: f'"{self.id(m.group(1))}"', f.read())
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(text)
        self.admin = self.id("admin")  # the region's administrator: no professional
        psql(f'CREATE ROLE "{self.admin}" LOGIN CREATEROLE')
        psql(f"CREATE DATABASE {self.name} OWNER \"{self.admin}\" TEMPLATE template0 "
             "ENCODING 'UTF8' LOCALE 'C'")
        # As docs/deployment.md advises: only the group init makes may connect.
        psql(f"REVOKE CONNECT ON DATABASE {self.name} FROM PUBLIC")

    def tearDown(self):
        psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        for r in psql(f"SELECT string_agg(quote_ident(rolname), ' ') FROM pg_roles "
                      f"WHERE rolname LIKE '%{self.suffix}%'").split():
            psql(f"DROP ROLE {r}")
        self.tmp.cleanup()

    def id(self, professional):
        return f"{professional}.{self.suffix}" if professional != "admin" else f"admin_{self.suffix}"

    def ifg(self, login, *args):
        db = f"{ADMIN} dbname={self.name} user='{login}'"
        return subprocess.run([IFG, "--db", db, *args], capture_output=True, text=True,
                              env=ENV, timeout=120)

    def sql(self, query):
        return psql(query, f"{ADMIN} dbname={self.name}")

    def init(self, login=None):
        r = self.ifg(login or self.admin, "init", "--config", self.config)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def login_as(self, professional):
        psql(f'ALTER ROLE "{self.id(professional)}" LOGIN')
        return self.id(professional)

    def register(self, login, *extra):
        return self.ifg(login, *extra, "register", "--region", "ANT", "--received", "2026-11-20",
                        *FULL_FLAGS)


class RolesTest(SharedDatabaseTest):
    def test_init_makes_a_nologin_role_per_professional_in_the_group(self):
        self.init()
        with open(self.config, encoding="utf-8") as f:
            ids = set(re.findall(r'^id = "([a-z.]+\.' + self.suffix + ')"', f.read(), re.M))
        self.assertGreater(len(ids), 10)
        rows = psql("SELECT rolname, rolcanlogin FROM pg_roles WHERE NOT rolsuper AND "
                    f"pg_has_role(rolname, '{self.name}_professionals', 'MEMBER') AND rolname <> "
                    f"'{self.name}_professionals'").splitlines()
        roles = dict(r.split("|") for r in rows)
        self.assertEqual(ids, set(roles))
        self.assertEqual([r for r, login in roles.items() if login == "t"], [],
                         "init gave a login to someone")

    def test_a_role_that_exists_is_reused(self):
        coord = self.id("coord.ant")
        psql(f'CREATE ROLE "{coord}" LOGIN')
        self.init()
        self.assertEqual(psql(f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{coord}'"), "t")
        self.init(coord)  # again, as the coordinator: every role exists now
        self.assertEqual(self.sql("SELECT count(*) FROM events WHERE action = 'config_loaded' "
                                  f"AND actor = '{coord}'"), "1")

    def test_init_without_the_right_to_create_roles_stores_nothing(self):
        other = self.id("other")
        psql(f'CREATE ROLE "{other}" LOGIN')
        psql(f'ALTER DATABASE {self.name} OWNER TO "{other}"')
        r = self.ifg(other, "init", "--config", self.config)
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("may not", r.stderr)
        self.assertEqual(self.sql("SELECT count(*) FROM professionals"), "0")


class LoginIsTheActorTest(SharedDatabaseTest):
    def test_as_someone_else_is_denied_and_recorded(self):
        self.init()
        coord = self.login_as("coord.ant")
        r = self.register(coord, "--as", self.id("coord.lim"))
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn(f"logged in to the database as {coord}", r.stderr)
        self.assertEqual(self.sql("SELECT count(*) FROM cases"), "0")
        self.assertEqual(self.sql("SELECT actor || ' ' || action FROM events WHERE kind = 'denied'"),
                         f"{coord} register")

    def test_the_login_acts_without_as_and_with_its_own_id(self):
        self.init()
        coord = self.login_as("coord.ant")
        first = self.register(coord)
        self.assertEqual(first.returncode, 0, first.stderr)
        second = self.register(coord, "--as", coord)
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertEqual(self.sql("SELECT string_agg(DISTINCT created_by, ',') FROM cases"), coord)

    def test_the_policy_still_holds_for_the_login(self):
        self.init()
        case = self.register(self.login_as("coord.ant")).stdout.strip()
        r = self.ifg(self.login_as("coord.lim"), "screen", case)
        self.assertEqual(r.returncode, 4, r.stderr)

    def test_a_login_that_is_no_professional_is_an_unknown_actor(self):
        self.init()
        r = self.register(self.admin)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn(f'"{self.admin}" is not a configured professional', r.stderr)


class ConcurrencyTest(SharedDatabaseTest):
    WRITERS, REGISTERS, READERS = 8, 100, 4

    def test_writers_at_once_leave_one_unbroken_chain(self):
        self.init()
        coord = self.login_as("coord.ant")
        done = threading.Event()
        failures = []

        def writer():
            for _ in range(self.REGISTERS):
                r = self.register(coord)
                if r.returncode != 0:
                    failures.append(("register", r.returncode, r.stderr))

        def reader():
            while not done.is_set():
                # audit verify reads the whole trail: the administrator's; --state compares
                # the rows with the trail in one snapshot, whatever commits meanwhile
                for login, args in ((self.admin, ["audit", "verify", "--state"]),
                                    (coord, ["audit", "head"])):
                    r = self.ifg(login, *args)
                    if r.returncode != 0:
                        failures.append((args[0], r.returncode, r.stderr))

        readers = [threading.Thread(target=reader) for _ in range(self.READERS)]
        writers = [threading.Thread(target=writer) for _ in range(self.WRITERS)]
        for t in readers + writers:
            t.start()
        for t in writers:
            t.join()
        done.set()
        for t in readers:
            t.join()
        self.assertEqual(failures[:3], [])
        total = self.WRITERS * self.REGISTERS
        ids = self.sql("SELECT string_agg(id, ' ' ORDER BY id) FROM cases").split()
        self.assertEqual(ids, [f"ANT-2026-{n:04d}" for n in range(1, total + 1)])
        r = self.ifg(self.admin, "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"{total + 1} entries", r.stdout)


class MigrateTest(SharedDatabaseTest):
    """ifg migrate: an SQLite file, trail and all, into an empty PostgreSQL database."""

    def source(self):
        """An SQLite database with a batch, a registration and a screening."""
        path = os.path.join(self.tmp.name, "region.db")
        coord = self.id("coord.ant")

        def lite(*args):
            r = subprocess.run([IFG, "--db", path, *args], capture_output=True, text=True,
                               env=ENV, timeout=120)
            self.assertIn(r.returncode, (0, 5), r.stderr)
            return r.stdout.strip()

        lite("init", "--config", self.config)
        lite("--as", self.id("coord.vl"), "screen", "--batch",
             os.path.join(EXAMPLES, "referrals.jsonl"), "--format", "jsonl", "--quiet")
        case = lite("--as", coord, "register", "--region", "ANT", "--received", "2026-11-20",
                    *FULL_FLAGS)
        lite("--as", coord, "screen", case)
        return path, case

    def migrate(self, source, target=None, *extra):
        target = target or f"{ADMIN} dbname={self.name} user='{self.admin}'"
        return subprocess.run([IFG, "migrate", "--from", source, "--to", target, *extra],
                              capture_output=True, text=True, env=ENV, timeout=300)

    def test_the_copy_has_every_row_and_the_same_audit_head(self):
        path, case = self.source()
        head = subprocess.run([IFG, "--db", path, "audit", "head"], capture_output=True,
                              text=True, env=ENV).stdout.split()
        r = self.migrate(path, None, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual([out["audit"]["entries"], out["audit"]["head"]], [int(head[0]), head[1]])
        with sqlite3.connect(path) as lite:
            for t in out["tables"]:
                n = lite.execute(f'SELECT count(*) FROM "{t["table"]}"').fetchone()[0]
                self.assertEqual((t["table"], t["rows"]), (t["table"], n))
                self.assertEqual(self.sql(f'SELECT count(*) FROM "{t["table"]}"'), str(n))
        self.assertGreater(out["rows"], 200)
        # The region goes on where the file stopped, as its coordinator's login.
        coord = self.login_as("coord.ant")
        lite = subprocess.run([IFG, "--db", path, "--as", coord, "screen", case, "--format",
                               "json"], capture_output=True, text=True, env=ENV)
        pg = self.ifg(coord, "screen", case, "--format", "json")
        self.assertEqual(pg.returncode, 0, pg.stderr)
        self.assertEqual(json.loads(pg.stdout), json.loads(lite.stdout))
        nxt = self.register(coord)
        self.assertEqual(nxt.returncode, 0, nxt.stderr)
        self.assertGreater(nxt.stdout.strip(), case)
        # The chain is followed by who sees it all: the administrator, who owns the
        # tables; row-level security shows the coordinator their region's entries.
        self.assertEqual(self.ifg(self.admin, "audit", "verify").returncode, 0)
        partial = self.ifg(coord, "audit", "verify")
        self.assertEqual(partial.returncode, 4, partial.stderr)
        self.assertIn("cannot verify the chain", partial.stderr)

    def test_the_moved_region_reads_as_the_file_does(self):
        path, _ = self.source()
        entries = int(subprocess.run([IFG, "--db", path, "audit", "head"], capture_output=True,
                                     text=True, env=ENV).stdout.split()[0])
        self.assertEqual(self.migrate(path).returncode, 0)
        coord = self.login_as("coord.ant")
        for args in (["report", "region", "--region", "ANT", "--format", "json"],
                     ["case", "list", "--region", "ANT", "--format", "json"],
                     ["audit", "show", "--format", "json"]):
            lite = subprocess.run([IFG, "--db", path, "--as", coord, *args], capture_output=True,
                                  text=True, env=ENV)
            pg = self.ifg(coord, *args)
            self.assertEqual((lite.returncode, pg.returncode), (0, 0), pg.stderr)
            a, b = json.loads(lite.stdout), json.loads(pg.stdout)
            if args[0] == "audit":  # the trail as moved; each side has since logged its reads
                a, b = a[:entries], b[:entries]
            self.assertEqual(a, b, args)

    def test_a_target_that_holds_tables_is_refused_and_unchanged(self):
        path, _ = self.source()
        self.sql("CREATE TABLE notes(x text); INSERT INTO notes VALUES ('mine')")
        r = self.migrate(path)
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("is not empty", r.stderr)
        self.assertEqual(self.sql("SELECT string_agg(tablename, ',') FROM pg_tables WHERE "
                                  "schemaname = 'public'"), "notes")

    def test_a_failed_copy_leaves_the_target_empty(self):
        path, _ = self.source()
        other = f"{self.name}_utf8"
        psql(f"CREATE DATABASE {other} OWNER \"{self.admin}\" TEMPLATE template0 "
             "ENCODING 'UTF8' LOCALE 'C.UTF-8'")
        try:
            r = self.migrate(path, f"{ADMIN} dbname={other} user='{self.admin}'")
            self.assertEqual(r.returncode, 6, r.stderr)
            self.assertIn("locale C", r.stderr)
            self.assertEqual(psql("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                                  "n.oid = c.relnamespace WHERE n.nspname IN ('public', 'ifg')",
                                  f"{ADMIN} dbname={other}"), "0")
        finally:
            psql(f"DROP DATABASE {other} WITH (FORCE)")

    def test_a_file_is_no_target_and_a_missing_file_no_source(self):
        path, _ = self.source()
        r = self.migrate(path, os.path.join(self.tmp.name, "copy.db"))
        self.assertEqual(r.returncode, 2, r.stderr)
        r = self.migrate(os.path.join(self.tmp.name, "missing.db"))
        self.assertEqual(r.returncode, 6, r.stderr)


class RowLevelSecurityTest(SharedDatabaseTest):
    """Need-to-know in the database (lib/pg/policies.sql): with psql and their own
    login a professional reads no case that ifg would not show them."""

    def setUp(self):
        super().setUp()
        self.init()
        ant = ["register", "--region", "ANT", "--received", "2026-11-20", *FULL_FLAGS]
        coord = self.login_as("coord.ant")
        # both through the CAW channel (dir.ant's partner's kind); case 1 referred by
        # CAW, case 2 by the police (member.ant.pz's partner)
        self.case1 = self.ok(coord, *ant)
        self.case2 = self.ok(coord, *[a.replace("caw-antwerpen", "pz-antwerpen") for a in ant])
        lim = [a.replace("caw-antwerpen", "caw-limburg") for a in ant]
        self.lim = self.ok(self.login_as("coord.lim"), *lim[:2], "LIM", *lim[3:])

    def ok(self, login, *args):
        r = self.ifg(login, "--quiet", *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def as_login(self, professional, query):
        """`query` through psql, logged in as the professional's own role."""
        login = self.login_as(professional)
        return psql(query, f"{ADMIN} dbname={self.name} user='{login}'")

    def case_rows(self, professional):
        """Every case id the professional reads, from each table that names a case."""
        tables = ["cases", "events", "involvement", "case_persons", "person_facts",
                  "batch_events", "decisions", "actions", "director_terms"]
        ids = set()
        for t in tables:
            col = "id" if t == "cases" else "case_id"
            out = self.as_login(professional, f"SELECT DISTINCT {col} FROM {t} WHERE {col} IS NOT NULL")
            ids.update(out.split())
        return ids

    def test_a_member_reads_only_the_case_their_partner_is_involved_in(self):
        self.assertEqual(self.case_rows("member.ant.pz"), {self.case2})
        # persons (case-folded names) are read by a coordinator of their region only
        self.assertEqual(self.as_login("member.ant.pz", "SELECT count(*) FROM persons"), "0")
        self.assertEqual(self.as_login("coord.ant", "SELECT count(*) FROM persons"), "2")
        self.assertEqual(self.as_login("coord.lim", "SELECT count(*) FROM persons"), "2")
        self.assertEqual(self.ifg(self.login_as("member.ant.pz"), "log", self.case2).returncode, 0)
        refused = self.ifg(self.login_as("member.ant.pz"), "log", self.case1)
        self.assertEqual(refused.returncode, 4, refused.stderr)

    def test_a_person_s_other_cases_are_counted_not_named(self):
        # Person A. 1991 is the victim in both ANT cases: the member reads case 2
        # only, and is told of one more case, as on SQLite
        r = self.ifg(self.login_as("member.ant.pz"), "person", "cases", self.case2, "1",
                     "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual((out["cases"], out["others"]), ([], 1))
        coordinator = json.loads(self.ok(self.login_as("coord.ant"), "person", "cases",
                                         self.case2, "1", "--format", "json"))
        self.assertEqual((coordinator["cases"], coordinator["others"]), ([self.case1], 0))
        with self.assertRaisesRegex(AssertionError, "may not ask this"):
            self.as_login("member.lim.pz", "SELECT * FROM ifg_person_case_count(1, '')")

    def test_a_family_s_earlier_case_the_member_may_not_read_is_a_token(self):
        # Person A. 1991 is in both ANT cases; the member sees case 2 only
        person = self.sql(f"SELECT person_id FROM case_persons WHERE case_id = '{self.case2}' "
                          "AND number = 1")
        out = self.as_login("member.ant.pz", "SELECT id FROM ifg_repeat_of_person("
                            f"{person}, '2026-12-31', 12) ORDER BY id").split()
        self.assertEqual(len(out), 2)
        self.assertIn(self.case2, out)
        self.assertNotIn(self.case1, out)
        self.assertTrue([i for i in out if i != self.case2][0].startswith("~"))

    def test_a_link_inserted_by_hand_shows_no_one_s_name(self):
        other = self.sql(f"SELECT person_id FROM case_persons WHERE case_id = '{self.lim}' "
                         "AND number = 1")
        out = self.as_login("member.ant.pz", "BEGIN; INSERT INTO case_persons VALUES "
                            f"('{self.case2}', 99, {other}, 'victim'); "
                            "SELECT count(*) FROM persons; ROLLBACK")
        self.assertEqual(out, "0")

    def test_a_coordinator_reads_the_case_less_entries_audit_show_shows_them(self):
        lim = self.id("coord.lim")
        self.ok(self.login_as("coord.lim"), "audit", "show", "--case", self.lim)
        # coord.lim's audit show of a LIM case names it in its details: not coord.ant's
        seen = self.as_login("coord.ant", "SELECT count(*) FROM events WHERE case_id IS NULL "
                             f"AND actor = '{lim}' AND action = 'audit show'")
        self.assertEqual(seen, "0")
        self.assertEqual(self.as_login("coord.lim", "SELECT count(*) FROM events WHERE case_id "
                                       f"IS NULL AND actor = '{lim}' AND action = 'audit show'"),
                         "1")

    def test_the_trail_s_facts_are_the_administrator_s(self):
        with self.assertRaisesRegex(AssertionError, "permission denied"):
            self.as_login("coord.ant", "SELECT facts FROM events")
        self.assertNotEqual(self.sql("SELECT count(facts) FROM events"), "0")

    def test_no_function_of_the_owner_writes(self):
        # a SECURITY DEFINER function that wrote would fire the capture trigger as the
        # owner, in the caller's session, among the caller's temporary objects
        self.assertEqual(self.sql("SELECT string_agg(proname, ' ') FROM pg_proc WHERE prosecdef "
                                  "AND provolatile = 'v' AND pronamespace = "
                                  "current_schema()::regnamespace"), "")
        # and only the group may call the functions
        self.assertEqual(self.sql("SELECT bool_or(has_function_privilege('public', p.oid, "
                                  "'EXECUTE')) FROM pg_proc p WHERE p.prosecdef AND "
                                  "p.pronamespace = current_schema()::regnamespace"), "f")

    def test_the_registrant_reads_the_case_until_the_decision(self):
        # cases: the registrant (created_by) reads the case while it is registered or screened
        member = self.login_as("member.ant.pz")  # CAW refers it: no other rule shows it them
        case = self.ok(member, "register", "--region", "ANT", "--received", "2026-11-20",
                       *FULL_FLAGS)
        status = f"SELECT status FROM cases WHERE id = '{case}'"
        self.assertEqual(self.as_login("member.ant.pz", status), "registered")
        self.ok(member, "screen", case)
        self.assertEqual(self.as_login("member.ant.pz", status), "screened")
        self.ok(self.login_as("coord.ant"), "decide", case, "--accept", "--motivation", "Unsafe")
        self.assertEqual(self.sql(status), "accepted")
        self.assertEqual(self.as_login("member.ant.pz", status), "")
        self.assertNotIn(case, self.case_rows("member.ant.pz"))

    def test_an_entry_under_one_s_own_name_goes_only_to_a_case_one_sees(self):
        # events, ifg_append: an entry under one's own name goes only to a case one sees
        me = self.id("member.ant.pz")
        entry = ("INSERT INTO events(id, case_id, at, actor, action) VALUES (999999, '{}', "
                 f"'2026-11-28T10:00:00Z', '{me}', 'meeting_added')")  # ifg numbers entries
        with self.assertRaisesRegex(AssertionError, "row-level security"):
            self.as_login("member.ant.pz", entry.format(self.case1))
        self.as_login("member.ant.pz", f"BEGIN; {entry.format(self.case2)}; ROLLBACK")

    def test_a_member_deletes_a_person_no_case_names_any_more(self):
        # persons, ifg_remove: a member of the region deletes a person once no case names them
        persons = self.sql("SELECT count(*) FROM persons")
        member = self.login_as("member.ant.pz")
        flags = [a.replace("Person A.:1991", "Person C.:1995") for a in FULL_FLAGS]
        case = self.ok(member, "register", "--region", "ANT", "--received", "2026-11-20", *flags)
        unnamed = self.sql(f"SELECT person_id FROM case_persons WHERE case_id = '{case}' "
                           "AND number = 1")
        # Person C. leaves their one case: Store::forget_if_unnamed deletes them
        self.ok(member, "update", case, "--set",
                "persons=victim:Person A.:1991|perpetrator:Person B.:1988")
        self.assertEqual(self.sql(f"SELECT count(*) FROM persons WHERE id = {unnamed}"), "0")
        # without a WHERE only this policy filters the rows: each person left is named
        self.as_login("member.ant.pz", "DELETE FROM persons")
        self.assertEqual(self.sql("SELECT count(*) FROM persons"), persons)

    def test_a_writer_reads_back_the_person_it_inserted_until_it_commits(self):
        # persons, xmin: a transaction reads the persons it wrote (its audit entry images them)
        seq = "pg_get_serial_sequence('persons', 'id')"
        mine = f"SELECT count(*) FROM persons WHERE id = currval({seq})"
        out = self.as_login(  # a member, who reads no person that a case names
            "member.ant.pz",
            f"BEGIN; INSERT INTO persons(id, region, name_key, birth_year, salt) VALUES "
            f"(nextval({seq}), 'ANT', 'person c.', 1995, '\\x00'); INSERT INTO case_persons "
            f"VALUES ('{self.case2}', 99, currval({seq}), 'victim'); {mine}; COMMIT; {mine}")
        self.assertEqual(out.split(), ["1", "0"])
        self.assertEqual(self.sql("SELECT count(*) FROM persons WHERE name_key = 'person c.'"),
                         "1")

    def test_init_refuses_a_schema_others_may_create_in(self):
        psql(f"DROP DATABASE {self.name} WITH (FORCE)")
        psql(f"CREATE DATABASE {self.name} OWNER \"{self.admin}\" TEMPLATE template0 "
             "ENCODING 'UTF8' LOCALE 'C'")
        self.sql("GRANT CREATE ON SCHEMA public TO PUBLIC")
        r = self.ifg(self.admin, "init", "--config", self.config)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("REVOKE CREATE ON SCHEMA public FROM PUBLIC", r.stderr)
        self.assertEqual(self.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
                         "0")

    def test_init_refuses_an_ifg_schema_others_may_create_in(self):
        # The functions' search_path reads `ifg` first: a function of a professional's
        # there would run as the owner.
        psql(f"DROP DATABASE {self.name} WITH (FORCE)")
        psql(f"CREATE DATABASE {self.name} OWNER \"{self.admin}\" TEMPLATE template0 "
             "ENCODING 'UTF8' LOCALE 'C'")
        self.sql(f'CREATE SCHEMA ifg AUTHORIZATION "{self.admin}"; '
                 "GRANT CREATE ON SCHEMA ifg TO PUBLIC")
        r = self.ifg(self.admin, "init", "--config", self.config)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("REVOKE CREATE ON SCHEMA ifg FROM PUBLIC", r.stderr)
        self.assertEqual(self.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
                         "0")

    def test_a_director_or_member_reads_the_cases_their_partner_is_involved_in(self):
        self.assertEqual(self.case_rows("dir.ant"), {self.case1, self.case2})
        self.assertEqual(self.case_rows("member.lim.pz"), set())

    def test_a_coordinator_reads_their_own_region_only(self):
        self.assertEqual(self.case_rows("coord.lim"), {self.lim})
        self.assertEqual(self.case_rows("coord.ant"), {self.case1, self.case2})

    def test_an_analyst_reads_no_case_and_gets_the_region_report_sqlite_gives(self):
        self.assertEqual(self.case_rows("analyst.ant"), set())
        self.assertEqual(self.as_login("analyst.ant", "SELECT count(*) FROM persons"), "0")
        with self.assertRaisesRegex(AssertionError, "may not ask this"):
            self.as_login("analyst.lim", "SELECT * FROM ifg_region_report('[\"ANT\"]', '0000', "
                          "'9999', '2026-11-28', 0)")
        with self.assertRaisesRegex(AssertionError, "permission denied for function"):
            self.as_login("analyst.ant", "SELECT * FROM ifg_case_stats('ANT', '0000', '9999')")
        # the same referrals, by the same professionals, in an SQLite file
        path = os.path.join(self.tmp.name, "twin.db")

        def lite(*args):
            r = subprocess.run([IFG, "--db", path, "--quiet", *args], capture_output=True,
                               text=True, env=ENV, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            return r.stdout

        lite("init", "--config", self.config)
        ant = ["register", "--region", "ANT", "--received", "2026-11-20", *FULL_FLAGS]
        lite("--as", self.id("coord.ant"), *ant)
        lite("--as", self.id("coord.ant"), *[a.replace("caw-antwerpen", "pz-antwerpen") for a in ant])
        args = ["report", "region", "--region", "ANT", "--format", "json"]
        analyst = self.id("analyst.ant")
        self.assertEqual(json.loads(self.ok(self.login_as("analyst.ant"), *args)),
                         json.loads(lite("--as", analyst, *args)))
        coordinator = self.id("coord.ant")
        self.assertEqual(json.loads(self.ok(self.login_as("coord.ant"), *args)),
                         json.loads(lite("--as", coordinator, *args)))

    def test_set_role_to_the_group_changes_no_one_s_view(self):
        group = f"{self.name}_professionals"
        out = self.as_login("member.ant.pz", f'SET ROLE "{group}"; SELECT id FROM cases')
        self.assertEqual(out, self.case2)

    def test_writes_around_ifg_are_refused(self):
        coord = self.id("coord.ant")
        with self.assertRaisesRegex(AssertionError, "row-level security"):
            self.as_login("member.ant.pz", "INSERT INTO events(at, actor, action) VALUES "
                          f"('2026-11-28T10:00:00Z', '{coord}', 'decided')")
        with self.assertRaisesRegex(AssertionError, "row-level security"):
            self.as_login("member.ant.pz", "INSERT INTO involvement VALUES "
                          f"('{self.case1}', 'pz-antwerpen', 'channel')")
        me = self.id("member.ant.pz")
        self.as_login("member.ant.pz",
                      f"UPDATE professionals SET roles = 'coordinator' WHERE id = '{me}'")
        self.assertEqual(self.sql(f"SELECT roles FROM professionals WHERE id = '{me}'"), "member")
        self.as_login("member.ant.pz", f"UPDATE cases SET status = 'closed' WHERE id = '{self.case1}'")
        self.assertNotEqual(self.sql(f"SELECT status FROM cases WHERE id = '{self.case1}'"),
                            "closed")


class ForeignDatabaseTest(SharedDatabaseTest):
    def test_init_leaves_another_programs_database_alone(self):
        self.sql(f'CREATE TABLE notes(x text); GRANT ALL ON notes TO "{self.admin}"; '
                 f'ALTER TABLE notes OWNER TO "{self.admin}"')
        r = self.ifg(self.admin, "init", "--config", self.config)
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("not an ifg database", r.stderr)
        self.assertEqual(self.sql("SELECT string_agg(tablename, ',') FROM pg_tables WHERE "
                                  "schemaname = 'public'"), "notes")

    def test_init_shows_no_password(self):
        # The throw-away cluster trusts local logins: the password is ignored, but given.
        db = f"{ADMIN} dbname={self.name} user='{self.admin}' password=geheim"
        for args in (["init"], ["--format", "json", "init", "--config", self.config]):
            r = subprocess.run([IFG, "--db", db, *args], capture_output=True, text=True, env=ENV,
                               timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("geheim", r.stdout + r.stderr)
            self.assertIn("password=***", r.stdout)


class MessagesTest(unittest.TestCase):
    def test_a_password_never_reaches_a_message(self):
        host = dict(p.split("=", 1) for p in ADMIN.split())["host"]
        r = subprocess.run([IFG, "--db", f"postgresql://coord.vl:geheim@/nodb?host={host}",
                            "init", "--config", CONFIG], capture_output=True, text=True, env=ENV)
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertNotIn("geheim", r.stderr + r.stdout)
        self.assertIn("coord.vl:***@", r.stderr)

    def test_a_connection_string_not_in_lower_case_is_no_file_name(self):
        # libpq takes lower-case keywords and schemes only; ifg would have made an SQLite
        # file of that name. It refuses (2), repeats no password, and makes no file.
        with tempfile.TemporaryDirectory() as tmp:
            for db in ["HOST=/tmp DBNAME=x PASSWORD=geheim", "Postgresql://u:geheim@h/x",
                       " Dbname = x"]:
                r = subprocess.run([IFG, "--db", db, "init", "--config", CONFIG], cwd=tmp,
                                   capture_output=True, text=True, env=ENV)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("in lower case", r.stderr)
                self.assertNotIn("geheim", r.stderr + r.stdout)
            self.assertEqual(os.listdir(tmp), [])
            # a file whose name holds '=' is still a file, written ./NAME
            r = subprocess.run([IFG, "--db", "./HOST=x.db", "init", "--config", CONFIG], cwd=tmp,
                               capture_output=True, text=True, env=ENV)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("HOST=x.db", os.listdir(tmp))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
