#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Black-box tests of the security commands: audit verify/head/show against
tampering done through the sqlite3 shell, access denials (exit 4) and their
audit entries, the justification rule, purge and export person.

Run by CTest as: cli_security_test.py PATH/TO/ifg EXAMPLES_DIR
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
from store_under_test import sqlite_only

IFG = EXAMPLES = None
NOW = "2026-11-28T10:00:00Z"






class Env:
    def __init__(self, test, require_justification=False):
        self.dir = tempfile.mkdtemp(prefix="ifg-cli-security-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.db = os.path.join(self.dir, "ifg.db")
        self.store = sut.Store(test, self.db)
        config = os.path.join(EXAMPLES, "flanders.toml")
        if require_justification:
            text = open(config, encoding="utf-8").read().replace(
                "require_justification = false", "require_justification = true")
            config = os.path.join(self.dir, "strict.toml")
            open(config, "w", encoding="utf-8").write(text)
        r = self.run("init", "--config", config)
        test.assertEqual(r.returncode, 0, r.stderr)
        r = self.run("--as", "coord.ant", "--quiet", "register", "--from",
                     os.path.join(EXAMPLES, "referral.json"))
        test.assertEqual(r.returncode, 0, r.stderr)
        self.case = r.stdout.strip()
        for args in (["screen", self.case],
                     ["decide", self.case, "--accept", "--motivation", "Very unsafe"]):
            r = self.run("--as", "coord.ant", *args)
            test.assertEqual(r.returncode, 0, r.stderr)

    def run(self, *args, now=NOW, justification=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env["IFG_NOW"] = now
        env["IFG_TESTING"] = "1"
        if justification:
            env["IFG_JUSTIFICATION"] = justification
        argv, env = self.store.command([IFG, "--db", self.db, *args], env)
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)

    def sqlite(self, sql):
        # The attacker's tool: the sqlite3 shell on the file, triggers dropped first.
        r = subprocess.run(["sqlite3", self.db,
                            "DROP TRIGGER IF EXISTS events_no_update; "
                            "DROP TRIGGER IF EXISTS events_no_delete; "
                            "DROP TRIGGER IF EXISTS batch_events_no_update; "
                            "DROP TRIGGER IF EXISTS batch_events_no_delete; " + sql],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr


class AuditTest(unittest.TestCase):
    def test_intact_chain_verifies_and_head_is_stable(self):
        e = Env(self)
        r = e.run("audit", "verify")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("intact", r.stdout)
        head = e.run("audit", "head", "--format", "json")
        self.assertEqual(head.returncode, 0)
        h = json.loads(head.stdout)
        self.assertEqual(h["entries"], 4)
        self.assertRegex(h["head"], "^[0-9a-f]{64}$")
        v = json.loads(e.run("audit", "verify", "--format", "json").stdout)
        self.assertEqual((v["intact"], v["entries"], v["head"]), (True, 4, h["head"]))

    @sqlite_only('tampers with the database file through the sqlite3 shell')
    def test_the_shell_cannot_update_or_delete_while_triggers_stand(self):
        e = Env(self)
        r = subprocess.run(["sqlite3", e.db, "UPDATE events SET actor = 'x' WHERE id = 2"],
                           capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("cannot be changed", r.stderr)
        r = subprocess.run(["sqlite3", e.db, "DELETE FROM events WHERE id = 2"],
                           capture_output=True, text=True)
        self.assertIn("cannot be removed", r.stderr)
        self.assertEqual(e.run("audit", "verify").returncode, 0)

    def check_broken(self, sql, entry):
        e = Env(self)
        e.sqlite(sql)
        r = e.run("audit", "verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("broken at entry %d" % entry, r.stderr)

    @sqlite_only('tampers with the database file through the sqlite3 shell')
    def test_edit_is_detected(self):
        self.check_broken("UPDATE events SET details = '{}' WHERE id = 3", 3)

    @sqlite_only('tampers with the database file through the sqlite3 shell')
    def test_delete_is_detected(self):
        self.check_broken("DELETE FROM events WHERE id = 2", 3)

    @sqlite_only('tampers with the database file through the sqlite3 shell')
    def test_reorder_is_detected(self):
        self.check_broken("UPDATE events SET id = -1 WHERE id = 2; UPDATE events SET id = 2 "
                          "WHERE id = 3; UPDATE events SET id = 3 WHERE id = -1;", 2)

    @sqlite_only('tampers with the database file through the sqlite3 shell')
    def test_a_batch_record_edited_with_the_shell_is_named(self):
        e = Env(self)
        r = e.run("--as", "coord.vl", "--quiet", "screen", "--batch",
                  os.path.join(EXAMPLES, "referrals.jsonl"), "--format", "csv")
        self.assertEqual(r.returncode, 5, r.stderr)  # three invalid records on purpose
        self.assertEqual(e.run("audit", "verify").returncode, 0)
        e.sqlite("UPDATE batch_events SET outcome = 'eligible' "
                 "WHERE seq = 7 AND outcome <> 'eligible'; "
                 "UPDATE batch_events SET outcome = 'not_eligible' "
                 "WHERE seq = 7 AND outcome = 'eligible' AND changes() = 0;")
        r = e.run("audit", "verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stderr, r"batch entry \d+: record 7 \(case [A-Z]+-2026-\d{4}\) was altered")

    @sqlite_only('tampers with the database file through the sqlite3 shell')
    def test_insert_is_detected(self):
        self.check_broken("UPDATE events SET id = id + 10 WHERE id >= 3; INSERT INTO events"
                          "(id, case_id, at, actor, action, details, kind, prev_hash, hash) "
                          "SELECT 3, case_id, at, actor, 'closed', '{}', kind, hash, hash FROM "
                          "events WHERE id = 2;", 3)

    def test_show_filters_and_json(self):
        e = Env(self)
        r = e.run("--as", "coord.ant", "audit", "show", "--case", e.case, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        entries = json.loads(r.stdout)
        self.assertEqual([x["action"] for x in entries], ["registered", "screened", "decided"])
        self.assertEqual(set(entries[0]), {"id", "at", "actor", "kind", "action", "case",
                                           "details", "justification", "hash"})
        r = e.run("--as", "coord.ant", "audit", "show", "--actor", "nobody", "--format", "json")
        self.assertEqual(json.loads(r.stdout), [])
        r = e.run("--as", "coord.ant", "audit", "show", "--since", "2026-11-29", "--format", "json")
        self.assertEqual(json.loads(r.stdout), [])
        self.assertEqual(e.run("--as", "dir.ant", "audit", "show").returncode, 4)


class AccessTest(unittest.TestCase):
    def test_denials_exit_4_name_the_rule_and_are_logged(self):
        e = Env(self)
        for actor, args in (("analyst.ant", ["log", e.case]),
                            ("coord.lim", ["plan", "list", e.case]),
                            ("dir.ant", ["decide", e.case, "--refuse", "--motivation", "x"]),
                            ("member.ant.pz", ["screen", "--batch",
                                               os.path.join(EXAMPLES, "referrals.jsonl")])):
            r = e.run("--as", actor, *args)
            self.assertEqual(r.returncode, 4, (actor, args, r.stderr))
            self.assertIn("access denied", r.stderr)
        shown = json.loads(e.run("--as", "coord.ant", "audit", "show", "--format", "json").stdout)
        denied = [x for x in shown if x["kind"] == "denied"]
        self.assertEqual([x["actor"] for x in denied],
                         ["analyst.ant", "coord.lim", "dir.ant", "member.ant.pz"])
        self.assertTrue(all(x["details"].get("rule") for x in denied))
        self.assertEqual(e.run("audit", "verify").returncode, 0)

    def test_probe_of_missing_and_foreign_case_answer_alike(self):
        # A case id is guessable: who may not see the case gets the same exit
        # code and message for it as for an id that has no case, and both
        # probes are logged; only a coordinator of the id's region hears
        # "not found".
        e = Env(self)
        missing = e.case[:-4] + "0999"
        for actor, before, after in (("coord.lim", ["log"], []),
                                     ("member.lim.pz", ["plan", "list"], []),
                                     ("dir.lim", ["close"], ["--reason", "moved"]),
                                     ("analyst.ant", ["report", "case"], []),
                                     ("coord.lim", ["audit", "show", "--case"], [])):
            with self.subTest(actor=actor, command=before[0]):
                seen = e.run("--as", actor, *before, e.case, *after)
                unseen = e.run("--as", actor, *before, missing, *after)
                self.assertEqual((seen.returncode, unseen.returncode), (4, 4), seen.stderr)
                self.assertEqual(seen.stderr.replace(e.case, missing), unseen.stderr)
                if actor != "analyst.ant":  # who is told they see no case data at all
                    self.assertIn("does not exist or " + actor + " may not", unseen.stderr)
        r = e.run("--as", "coord.ant", "log", missing)
        self.assertEqual(r.returncode, 3, r.stderr)
        shown = json.loads(e.run("--as", "coord.ant", "audit", "show", "--format", "json").stdout)
        probes = [x for x in shown if x["kind"] == "denied" and x["details"].get("case") == missing]
        self.assertEqual([(x["actor"], x["action"]) for x in probes],
                         [("coord.lim", "log"), ("member.lim.pz", "plan list"),
                          ("dir.lim", "close"), ("analyst.ant", "report case"),
                          ("coord.lim", "audit show")])
        self.assertTrue(all(x["case"] is None for x in probes))
        # the probes of the ANT ids are ANT's business: coord.lim is not shown them
        shown = json.loads(e.run("--as", "coord.lim", "audit", "show", "--format", "json").stdout)
        self.assertEqual([x for x in shown if x["kind"] == "denied"], [])
        self.assertEqual(e.run("audit", "verify").returncode, 0)

    def test_duplicate_external_ref_names_the_case_only_to_who_may_read_it(self):
        e = Env(self)
        referral = json.load(open(os.path.join(EXAMPLES, "referral.json"), encoding="utf-8"))
        # via VK, no referrer partner and no crisis partner: pz-antwerpen is not involved
        referral.update(external_ref="DEMO-VK-1", channel="vk")
        referral["referrer"].pop("partner")
        referral.pop("crisis_partner")
        path = os.path.join(e.dir, "vk.json")
        json.dump(referral, open(path, "w", encoding="utf-8"))
        r = e.run("--as", "coord.ant", "--quiet", "register", "--from", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        case = r.stdout.strip()
        r = e.run("--as", "coord.ant", "register", "--from", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("already belongs to case " + case, r.stderr)
        r = e.run("--as", "member.ant.pz", "register", "--from", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("DEMO-VK-1 is already registered in region ANT", r.stderr)
        self.assertNotIn(case, r.stderr)
        self.assertNotIn("ifg update", r.stderr)
        shown = json.loads(e.run("--as", "coord.ant", "audit", "show", "--case", case,
                                 "--format", "json").stdout)
        self.assertEqual([(x["kind"], x["action"], x["actor"]) for x in shown][-1],
                         ("denied", "register", "member.ant.pz"))

    @sqlite_only("an unknown actor is a refused login on PostgreSQL, exit 6 (cli_postgresql_test checks a login that is no professional)")
    def test_unknown_actor_is_logged_with_command_and_case(self):
        e = Env(self)
        self.assertEqual(e.run("--as", "nobody", "log", e.case).returncode, 4)
        self.assertEqual(e.run("--as", "nobody", "register", "--from",
                               os.path.join(EXAMPLES, "referral.json")).returncode, 4)
        shown = json.loads(e.run("--as", "coord.ant", "audit", "show", "--actor", "nobody",
                                 "--format", "json").stdout)
        self.assertEqual([(x["kind"], x["action"], x["case"]) for x in shown],
                         [("denied", "log", e.case), ("denied", "register", None)])

    def test_involved_member_may_read(self):
        e = Env(self)
        # the referral came in via caw: caw-antwerpen is involved, dir.ant works there
        self.assertEqual(e.run("--as", "dir.ant", "log", e.case).returncode, 0)
        self.assertEqual(e.run("--as", "member.ant.pz", "log", e.case).returncode, 0)  # crisis partner politie

    def test_justification_required_when_configured(self):
        e = Env(self, require_justification=True)
        r = e.run("--as", "coord.ant", "log", e.case)
        self.assertEqual(r.returncode, 4)
        self.assertIn("--justification", r.stderr)
        r = e.run("--as", "coord.ant", "log", e.case, justification="Case meeting prep")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = e.run("--as", "coord.ant", "--justification", "Check", "audit", "show",
                  "--case", e.case, "--format", "json")
        reads = [x for x in json.loads(r.stdout) if x["kind"] == "read"]
        self.assertEqual(reads[-1]["justification"], "Case meeting prep")


class RetentionTest(unittest.TestCase):
    def test_purge_then_verify_and_export(self):
        e = Env(self)
        self.assertEqual(e.run("--as", "coord.ant", "close", e.case, "--reason", "moved").returncode, 0)
        later = "2027-06-01T10:00:00Z"
        r = e.run("--as", "coord.ant", "export", "person", "--name", "Person A.", now=later)
        self.assertEqual(r.returncode, 0, r.stderr)
        exported = json.loads(r.stdout)
        self.assertEqual([c["case"] for c in exported["cases"]], [e.case])
        self.assertEqual(exported["cases"][0]["roles"], ["victim"])
        r = e.run("--as", "coord.ant", "purge", "--closed-before", "2027-01-01", "--dry-run",
                  now=later)
        self.assertEqual((r.returncode, r.stdout.split()), (0, [e.case]))
        r = e.run("--as", "coord.ant", "purge", "--closed-before", "2027-01-01", "--format",
                  "json", now=later)
        self.assertEqual(json.loads(r.stdout)["cases"], [e.case])
        stored = "\n".join(row[0] for row in e.store.query("SELECT referral FROM cases"))
        self.assertNotIn("Person A.", stored)
        self.assertNotIn("summary", stored)
        self.assertEqual(e.run("audit", "verify", now=later).returncode, 0)
        r = e.run("--as", "coord.ant", "export", "person", "--name", "Person A.", now=later)
        self.assertEqual(json.loads(r.stdout)["cases"], [])
        self.assertEqual(e.run("--as", "dir.ant", "purge", "--closed-before", "2027-01-01",
                               now=later).returncode, 4)
        self.assertEqual(e.run("--as", "coord.ant", "purge", "--closed-before", "2028-01-01",
                               now=later).returncode, 1)

    @sqlite_only("reads the trail from the database file with sqlite3 (on PostgreSQL, tests/pg_state_test.py compares the facts)")
    def test_the_trail_holds_no_birth_year_or_gender_in_clear(self):
        # A person's birth year and gender are committed like a name: in the
        # rows' images of the trail only "sha256:..." or null, whether the row
        # was written one at a time, by a batch (its fast path) or changed after.
        e = Env(self)
        r = e.run("--as", "coord.ant", "--quiet", "screen", "--batch",
                  os.path.join(EXAMPLES, "referrals.jsonl"), "--region", "ANT")
        self.assertIn(r.returncode, (0, 5), r.stderr)
        r = e.run("--as", "coord.ant", "person", "add", e.case, "--role", "child", "--name",
                  "Baby T.", "--birth-year", "2026", "--gender", "f")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = e.run("--as", "coord.ant", "person", "update", e.case, "1", "--gender", "x")
        self.assertEqual(r.returncode, 0, r.stderr)
        con = sqlite3.connect(e.db)
        self.addCleanup(con.close)
        images = {"persons": 0, "person_facts": 0}
        for (facts,) in con.execute("SELECT facts FROM events WHERE facts IS NOT NULL"):
            for table, _key, image in json.loads(facts):
                if table not in images or not isinstance(image, dict):
                    continue  # deleted, or a batch record's digest of the image
                images[table] += 1
                for column in ("birth_year", "gender"):
                    value = image.get(column)
                    self.assertTrue(value is None or str(value).startswith("sha256:"),
                                    "%s.%s in clear in the trail: %r" % (table, column, value))
        self.assertGreater(images["persons"], 3)
        self.assertGreaterEqual(images["person_facts"], 2)

    @sqlite_only("reads the database's files")
    def test_purge_leaves_no_purged_text_in_any_file_of_the_database(self):
        # Every free text of a case, and a justification, carry a marker; after
        # purge exits 0 no marker may be found in the raw bytes of the .db,
        # -wal or -shm file (the WAL is truncated, freed pages overwritten).
        e = Env(self)
        marks = {k: "Zq%sMark%d" % (k, i) for i, k in enumerate(
            ["Victim", "Perp", "Referrer", "Summary", "Motivation", "Purpose", "Notes",
             "Action", "Change", "Reason", "Closing", "Why", "Monitor", "Reopen", "Again"])}
        referral = json.load(open(os.path.join(EXAMPLES, "referral.json"), encoding="utf-8"))
        referral.update(external_ref="PURGE-1", summary=marks["Summary"])
        referral["referrer"]["name"] = marks["Referrer"]
        referral["persons"][0]["name"] = marks["Victim"]
        referral["persons"][1]["name"] = marks["Perp"]
        path = os.path.join(e.dir, "purge.json")
        json.dump(referral, open(path, "w", encoding="utf-8"))
        case = e.run("--as", "coord.ant", "--quiet", "register", "--from", path).stdout.strip()
        steps = [["screen", case],
                 ["decide", case, "--accept", "--motivation", marks["Motivation"]],
                 ["meeting", "add", case, "--date", "2026-11-20", "--attendee", "dir.ant",
                  "--basis", "decree", "--purpose", marks["Purpose"], "--notes", marks["Notes"]],
                 ["plan", "add", case, "--action", marks["Action"], "--domain", "housing",
                  "--professional", "dir.ant", "--due", "2026-12-20"],
                 ["assign", case, "--director", "dir.ant", "--reason", marks["Reason"]],
                 ["plan", "set", case, "1", "--status", "done", "--note", marks["Change"]],
                 ["close", case, "--reason", "other", "--note", marks["Closing"],
                  "--monitor-until", "2027-02-01"],
                 ["monitor", case, "--result", "concern", "--note", marks["Monitor"]],
                 ["reopen", case, "--reason", marks["Reopen"]],
                 ["close", case, "--reason", "other", "--note", marks["Again"]]]
        for args in steps:
            r = e.run("--as", "coord.ant", *args)
            self.assertEqual(r.returncode, 0, (args, r.stderr))
        r = e.run("--as", "coord.ant", "log", case, justification=marks["Why"])
        self.assertEqual(r.returncode, 0, r.stderr)

        def found():
            out = set()
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(e.db + suffix):
                    with open(e.db + suffix, "rb") as f:
                        raw = f.read()
                    out |= {k for k, m in marks.items() if m.encode() in raw}
            return out
        self.assertEqual(found(), set(marks))  # all there before
        later = "2027-06-01T10:00:00Z"
        r = e.run("--as", "coord.ant", "purge", "--closed-before", "2027-01-01", now=later)
        self.assertEqual((r.returncode, r.stdout.split()), (0, [case]), r.stderr)
        self.assertEqual(found(), set())
        r = e.run("audit", "verify", "--state", now=later)
        self.assertEqual(r.returncode, 0, r.stderr)


class StateTest(unittest.TestCase):
    @sqlite_only("tampers with the database file through the sqlite3 shell (on PostgreSQL, pg_state_test edits with another session)")
    def test_verify_state_names_table_row_and_column_edited_with_the_shell(self):
        e = Env(self)
        r = e.run("audit", "verify", "--state")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("state matches the trail", r.stdout)
        # an analyst made coordinator behind ifg's back: the chain is intact,
        # the state is not
        subprocess.run(["sqlite3", e.db, "UPDATE professionals SET roles = 'coordinator' "
                        "WHERE id = 'analyst.ant'"], check=True)
        self.assertEqual(e.run("audit", "verify").returncode, 0)
        r = e.run("audit", "verify", "--state")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('table professionals, row ["analyst.ant"], column roles', r.stderr)
        v = json.loads(e.run("audit", "verify", "--state", "--format", "json").stdout)
        self.assertEqual((v["state"]["table"], v["state"]["column"]), ("professionals", "roles"))

    @sqlite_only("tampers with the database file through the sqlite3 shell (on PostgreSQL, pg_state_test drops and disables triggers)")
    def test_verify_state_finds_a_dropped_trigger_and_a_changed_status(self):
        e = Env(self)
        e.sqlite("SELECT 1")  # the shell above drops the triggers first
        r = e.run("audit", "verify", "--state")
        self.assertEqual(r.returncode, 1)
        self.assertIn("events_no_update", r.stderr)
        e2 = Env(self)
        subprocess.run(["sqlite3", e2.db, "UPDATE cases SET status = 'closed'"], check=True)
        r = e2.run("audit", "verify", "--state")
        self.assertEqual(r.returncode, 1)
        self.assertIn('table cases, row ["%s"], column status' % e2.case, r.stderr)


class CaseFindTest(unittest.TestCase):
    """`case find --name`: which cases name a person, among those one may read (issue 13, item 2)."""

    def register(self, e, actor, ref, region, persons):
        with open(os.path.join(EXAMPLES, "referral.json"), encoding="utf-8") as f:
            doc = json.load(f)
        doc.update(external_ref=ref, region=region, persons=persons)
        path = os.path.join(e.dir, ref + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        r = e.run("--as", actor, "--quiet", "register", "--from", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def find(self, e, actor, *args, code=0, why="Before registering a family"):
        r = e.run("--as", actor, "case", "find", *args, justification=why)
        self.assertEqual(r.returncode, code, r.stderr)
        return r

    def found(self, e, actor, *args):
        doc = json.loads(self.find(e, actor, *args, "--format", "json").stdout)
        self.assertEqual(doc["count"], len(doc["cases"]))
        return {c["case"]: c for c in doc["cases"]}

    def setUp(self):
        self.e = Env(self)
        # One person in two regions: NFC in ANT, upper case in LIM; another in OVL.
        self.ant = self.register(self.e, "coord.ant", "F-1", "ANT",
                                 [{"role": "victim", "name": "\u00c9mile Dubois", "birth_year": 1985}])
        self.lim = self.register(self.e, "coord.lim", "F-2", "LIM",
                                 [{"role": "perpetrator", "name": "\u00c9MILE  DUBOIS"},
                                  {"role": "other", "name": "Person Z.", "birth_year": 1970}])
        self.ovl = self.register(self.e, "coord.ovl", "F-3", "OVL",
                                 [{"role": "victim", "name": "Person Z.", "birth_year": 1970}])

    def test_finds_across_regions_only_what_may_be_read(self):
        # Decomposed e + combining acute, other case, extra spaces: the same name key.
        name = "  e\u0301mile   dUBOIS "
        self.assertEqual(list(self.found(self.e, "coord.ant", "--name", name)), [self.ant])
        self.assertEqual(list(self.found(self.e, "coord.lim", "--name", name)), [self.lim])
        both = self.found(self.e, "coord.vl", "--name", name)
        self.assertEqual(sorted(both), sorted([self.ant, self.lim]))
        self.assertEqual(both[self.ant], {"case": self.ant, "region": "ANT", "status": "registered",
                                          "received": "2026-11-02", "roles": ["victim"]})
        self.assertEqual(both[self.lim]["roles"], ["perpetrator"])
        # The cases one may not read are neither named nor counted.
        r = self.find(self.e, "coord.ovl", "--name", name, "--format", "json")
        self.assertEqual(json.loads(r.stdout), {"format_version": 1, "cases": [], "count": 0})
        self.assertEqual(self.find(self.e, "coord.ovl", "--name", name).stdout,
                         "0 cases name this person among the cases you may read\n")
        # No name is echoed back, in any format.
        for fmt in ("text", "json", "jsonl", "csv"):
            out = self.find(self.e, "coord.vl", "--name", name, "--format", fmt).stdout
            self.assertNotIn("mile", out.lower(), fmt)
            self.assertIn(self.lim, out, fmt)

    def test_birth_year_narrows_to_persons_born_then(self):
        # The LIM person has no birth year: with --birth-year only ANT's matches.
        self.assertEqual(list(self.found(self.e, "coord.vl", "--name", "Émile Dubois",
                                         "--birth-year", "1985")), [self.ant])
        self.assertEqual(self.found(self.e, "coord.vl", "--name", "Émile Dubois",
                                    "--birth-year", "1986"), {})
        self.assertEqual(sorted(self.found(self.e, "coord.vl", "--name", "person z.",
                                           "--birth-year", "1970")), sorted([self.lim, self.ovl]))

    def test_formats(self):
        r = self.find(self.e, "coord.vl", "--name", "Person Z.", "--format", "csv")
        self.assertEqual(r.stdout.splitlines(), [
            "case,region,status,received,roles",
            "%s,LIM,registered,2026-11-02,other" % self.lim,
            "%s,OVL,registered,2026-11-02,victim" % self.ovl])
        r = self.find(self.e, "coord.vl", "--name", "Person Z.", "--format", "jsonl")
        self.assertEqual([json.loads(l)["case"] for l in r.stdout.splitlines()],
                         [self.lim, self.ovl])
        r = self.find(self.e, "coord.vl", "--name", "Person Z.")
        self.assertRegex(r.stdout, r"(?m)^%s\s+OVL\s+registered\s+2026-11-02\s+victim$" % self.ovl)
        self.assertIn("2 cases name this person", r.stdout)

    def test_each_case_returned_is_one_logged_read_with_its_justification(self):
        def reads(case):
            r = self.e.run("--as", "coord.vl", "audit", "show", "--case", case, "--format", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            return [x for x in json.loads(r.stdout) if x["kind"] == "read"]
        self.find(self.e, "coord.ant", "--name", "Émile Dubois", why="Intake call 12")
        got = reads(self.ant)
        self.assertEqual([(x["action"], x["actor"], x["justification"]) for x in got],
                         [("case find", "coord.ant", "Intake call 12")])
        self.assertEqual(reads(self.lim), [])  # not readable by coord.ant: no read, no trace
        # The entry holds no name.
        r = self.e.run("--as", "coord.vl", "audit", "show", "--format", "json")
        self.assertNotIn("mile", r.stdout.lower())

    def test_refusals(self):
        # An analyst sees no case data at all.
        r = self.find(self.e, "analyst.ant", "--name", "Person A.", code=4)
        self.assertIn("analyst", r.stderr)
        self.find(self.e, "coord.ant", "--name", "   ", code=1)
        self.find(self.e, "coord.ant", code=2)
        self.find(self.e, "coord.ant", "--name", "x", "--birth-year", "year", code=2)

    def test_missing_justification_is_the_same_error_as_for_a_read(self):
        e = Env(self, require_justification=True)
        log = e.run("--as", "coord.ant", "log", e.case)
        r = e.run("--as", "coord.ant", "case", "find", "--name", "Person A.")
        self.assertEqual((r.returncode, log.returncode), (4, 4))
        self.assertIn("--justification", r.stderr)
        self.assertEqual(r.stdout, "")
        r = e.run("--as", "coord.ant", "case", "find", "--name", "Person A.", "--format", "json",
                  justification="Intake")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([c["case"] for c in json.loads(r.stdout)["cases"]], [e.case])


if __name__ == "__main__":
    IFG, EXAMPLES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    schema_check.install(IFG)
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=1)
