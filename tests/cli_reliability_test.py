#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Reliability of the `ifg` program (docs/reliability.md): batches killed with
SIGKILL, writers at the same time on one database, and storage faults (full,
read-only, missing, corrupt, locked), each checked for exit codes, messages
and what the database holds afterwards.

Run by CTest (the fast variant, well under a minute even under ASan) as

    python3 tests/cli_reliability_test.py PATH/TO/ifg EXAMPLES_DIR [--long] [--seed N]

`--long` is the long variant (scripts/reliability): 20,000 records and at least
20 kills, 4 x 100 registrations, more damaged databases. The random choices
(records, kill moments, damaged pages) come from one seed, printed first, so a
failing run can be repeated with `--seed N` (kill moments still depend on the
machine's speed). All people in the referrals are synthetic.
"""

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)

IFG = None
EXAMPLES = None
LONG = False
SEED = 20261128

NOW = "2026-11-28T10:00:00Z"
TIMEOUT = 120
CASE_ID = re.compile(r"^([A-Z]{2,5})-(\d{4})-(\d{4,})$")
REGIONS = ["ANT", "LIM", "OVL", "VBR", "WVL"]


def log(text):
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Synthetic referrals


def make_referral(rng, ref, region):
    """One valid referral with facts drawn from `rng`, so outcomes vary."""
    year = rng.choice([2025, 2026, 2026])
    month = rng.randint(1, 12 if year == 2025 else 10)
    r = {
        "external_ref": ref,
        "region": region,
        "received": "%d-%02d-%02d" % (year, month, rng.randint(1, 28)),
        "referrer": {"kind": rng.choice(["professional"] * 5 + ["citizen"])},
        "channel": rng.choice(["caw", "vk", "politie", "ggz", "none"]),
        "safety": rng.choice(["very_unsafe", "very_unsafe", "unsafe", "safe", "unknown"]),
        "regular_cooperation_sufficient": rng.random() < 0.2,
        "sectors_needed": rng.sample(["welfare", "health", "police", "justice"], rng.randint(1, 3)),
        "life_domains": rng.sample(["housing", "finances", "social", "mental", "parenting"],
                                   rng.randint(1, 3)),
        "help_status": rng.choice(["stuck", "stuck", "no_perspective", "progressing"]),
        "persons": [{"role": "victim", "name": "Person %s" % ref,
                     "birth_year": 1960 + rng.randint(0, 40)},
                    {"role": "child", "birth_year": 2010 + rng.randint(0, 15)}],
        "summary": "Synthetic referral %s for the reliability test." % ref,
    }
    if rng.random() < 0.7:
        r["crisis_partner"] = rng.choice(["politie", "caw", "vk"])
    if rng.random() < 0.15:
        del r["help_status"]  # incomplete
    return r


def make_batch(rng, n, prefix):
    """`n` records for coord.vl in five regions; about one in 500 is invalid on purpose."""
    records = []
    for i in range(n):
        ref = "%s-%06d" % (prefix, i)
        r = make_referral(rng, ref, REGIONS[rng.randrange(len(REGIONS))])
        if i % 500 == 499:
            r["safety"] = "dangerous"  # invalid: not a known safety
        records.append(r)
    return records


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def complete_lines(raw):
    """The JSONL results of an output file, without a line cut short by a kill."""
    text = raw[:raw.rfind(b"\n") + 1].decode("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------------------
# Looking at the database file from outside ifg


def snapshot_path(db, into):
    """Copies the database with its -wal as it is now (as after a crash) and
    returns the copy, so that looking at it changes nothing in the original."""
    os.makedirs(into, exist_ok=True)
    copy = os.path.join(into, os.path.basename(db))
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
        if os.path.exists(db + suffix) and suffix != "-shm":
            shutil.copyfile(db + suffix, copy + suffix)
    return copy


def query(db, sql, *params):
    con = sqlite3.connect(db, isolation_level=None)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def integrity(db):
    return [r[0] for r in query(db, "PRAGMA integrity_check")]


def contents(db, scratch):
    """Everything a write could have changed, read from a copy of the file."""
    copy = snapshot_path(db, scratch)
    out = {}
    for table in ("cases", "events", "case_counters", "involvement", "settings", "professionals"):
        out[table] = query(copy, "SELECT * FROM %s ORDER BY 1, 2" % table)
    return out


def file_hash(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def checkpoint(db):
    """Moves the -wal into the main file, so the file alone holds everything."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


# ---------------------------------------------------------------------------


class ReliabilityCase(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ifg-reliability-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        self.env["IFG_NOW"] = NOW
        self.env["IFG_TESTING"] = "1"
        self.db = self.path("ifg.db")
        self.scratch = self.path("scratch")

    def path(self, name):
        return os.path.join(self.dir, name)

    def ifg(self, *args, db=None, actor=None, env=None, timeout=TIMEOUT, **kw):
        argv = [IFG, "--db", db or self.db]
        if actor:
            argv += ["--as", actor]
        argv += [str(a) for a in args]
        full_env = dict(self.env, **(env or {}))
        return subprocess.run(argv, cwd=self.dir, env=full_env, capture_output=True, text=True,
                              timeout=timeout, **kw)

    def check(self, proc, code, *in_stderr):
        msg = "\n$ %s\nexited %d, expected %d\n--- stdout:\n%s\n--- stderr:\n%s" % (
            " ".join(proc.args), proc.returncode, code, proc.stdout[:2000], proc.stderr[:2000])
        self.assertEqual(proc.returncode, code, msg)
        for s in in_stderr:
            self.assertIn(s, proc.stderr, msg)
        return proc

    def init(self, db=None):
        self.check(self.ifg("init", "--config", os.path.join(EXAMPLES, "flanders.toml"), db=db), 0)

    def verify(self, db=None):
        return self.check(self.ifg("audit", "verify", db=db), 0)


# ---------------------------------------------------------------------------
# 1. Crash safety


class CrashSafetyTest(ReliabilityCase):
    """A batch killed with SIGKILL at random moments keeps whole chunks, and a
    re-run completes it without storing anything twice."""

    def test_batch_killed_at_random_moments(self):
        rng = random.Random(SEED)
        n, kills_wanted = (20000, 20) if LONG else (2000, 4)
        chunk_sizes = [None, 50, 250, 1000] if LONG else [10, 25, 40]
        records = make_batch(rng, n, "KILL")
        valid = {r["external_ref"]: r for r in records if r["safety"] != "dangerous"}
        batch = self.path("batch.jsonl")
        write_jsonl(batch, records)
        self.init()
        env = dict(self.env, IFG_ACTOR="coord.vl")

        kills, attempts, unprinted_total, cut_total = 0, 0, 0, 0
        started = time.monotonic()
        while kills < kills_wanted:
            attempts += 1
            self.assertLess(attempts, kills_wanted * 4, "the batch kept finishing before the kill")
            stored_before = self.stored_refs()
            done = self.prefix_stored(records, stored_before)
            chunk = rng.choice(chunk_sizes)
            argv = [IFG, "--db", self.db, "screen", "--batch", batch, "--format", "jsonl"]
            if chunk:
                argv += ["--chunk-size", str(chunk)]
            out_path = self.path("out-%d.jsonl" % attempts)
            with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
                t0 = time.monotonic()
                proc = subprocess.Popen(argv, cwd=self.dir, env=env, stdout=out, stderr=err)
                try:
                    how = self.kill_at_random_moment(proc, out_path, rng, done, n,
                                                     kills_wanted - kills)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                    proc.wait()
                elapsed = time.monotonic() - t0
            with open(out_path, "rb") as f:
                raw = f.read()
            printed = complete_lines(raw)
            if proc.returncode == -signal.SIGKILL:
                kills += 1
                stored = len(self.stored_refs())
                unprinted = stored - len(stored_before) - sum(
                    1 for r in printed if r["outcome"] not in ("duplicate", "invalid"))
                cut = " a line cut short," if raw and not raw.endswith(b"\n") else ""
                unprinted_total += unprinted > 0
                cut_total += bool(cut)
                log("kill %d (attempt %d, %s, chunk %s) after %.2f s: %d lines printed,%s "
                    "%d referrals stored (%d before, %d committed but not printed)" % (
                        kills, attempts, how, chunk or "default", elapsed, len(printed), cut,
                        stored, len(stored_before), unprinted))
            else:
                with open(out_path + ".err", encoding="utf-8") as f:
                    self.assertIn(proc.returncode, (0, 5), f.read())
                log("attempt %d finished before its kill (exit %d)" % (attempts, proc.returncode))
            self.check_after_interruption(records, valid, printed, stored_before)

        # The last run completes the batch: what was stored comes back as duplicate.
        stored_before = self.stored_refs()
        p = self.ifg("--quiet", "screen", "--batch", batch, "--format", "jsonl", actor="coord.vl")
        self.check(p, 5, "invalid")
        final = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual([r["record"] for r in final], list(range(1, n + 1)))
        self.check_after_interruption(records, valid, final, stored_before)
        cases = dict(query(self.db, "SELECT external_ref, id FROM cases"))
        self.assertEqual(set(cases), set(valid), "not every valid referral is stored")
        self.assertEqual(query(self.db, "SELECT count(*) FROM cases")[0][0], len(valid))
        self.assertEqual(query(self.db, "SELECT external_ref FROM cases GROUP BY region, "
                                        "external_ref HAVING count(*) > 1"), [])
        for rec, res in zip(records, final):
            ref = rec["external_ref"]
            if ref not in valid:
                self.assertEqual(res["outcome"], "invalid")
            elif ref in stored_before:
                self.assertEqual((res["outcome"], res["case"]), ("duplicate", stored_before[ref]))
            else:
                self.assertNotIn(res["outcome"], ("duplicate", "invalid"))
                self.assertEqual(res["case"], cases[ref])
        # and once more: nothing new
        again = self.ifg("--quiet", "screen", "--batch", batch, "--format", "jsonl",
                         actor="coord.vl")
        self.check(again, 5)
        self.assertEqual(sum(1 for line in again.stdout.splitlines()
                             if json.loads(line)["outcome"] == "duplicate"), len(valid))
        self.assertEqual(query(self.db, "SELECT count(*) FROM cases")[0][0], len(valid))
        self.verify()
        log("crash safety: %d records, %d kills in %d attempts (%d after a commit before its "
            "lines were printed, %d in the middle of a line), %.1f s" % (
                n, kills, attempts, unprinted_total, cut_total, time.monotonic() - started))

    def kill_at_random_moment(self, proc, out_path, rng, done, n, kills_left):
        """Sends SIGKILL at a random moment and says which kind. One kill in five
        comes early (start-up, opening the database, the duplicates of earlier
        runs); the others once the run has printed a random number of records
        beyond what earlier runs stored, plus a random part of the time a chunk
        takes, so they land anywhere in reading, inserting, committing or
        printing a chunk. Aiming by records rather than by seconds keeps the
        kills spread over the batch on fast and slow (sanitizer) builds alike."""
        if done >= n - 1 or rng.random() < 0.2:
            time.sleep(rng.uniform(0, 0.15))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            return "early"
        # Half an even share on average: a kill usually comes a chunk after its target.
        target = rng.randint(done + 1, min(n - 1, done + max(2, (n - done) // kills_left)))
        lines, last_change, chunk_time = 0, time.monotonic(), 0.05
        deadline = time.monotonic() + TIMEOUT
        with open(out_path, "rb") as f:
            while proc.poll() is None and time.monotonic() < deadline:
                got = f.read().count(b"\n")
                if got:
                    now = time.monotonic()
                    if lines:
                        chunk_time = now - last_change
                    lines, last_change = lines + got, now
                if lines >= target:
                    break
                time.sleep(0.002)
        time.sleep(rng.uniform(0, chunk_time))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        return "after %d lines" % lines

    @staticmethod
    def prefix_stored(records, stored):
        """How many records of the batch, from the first, earlier runs went through."""
        last = 0
        for i, rec in enumerate(records):
            if rec["external_ref"] in stored:
                last = i + 1
        return last

    def stored_refs(self):
        return dict(query(self.db, "SELECT external_ref, id FROM cases"))

    def check_after_interruption(self, records, valid, printed, stored_before):
        # The file as the kill left it (with its -wal) is a sound SQLite database...
        snap = snapshot_path(self.db, self.scratch)
        self.assertEqual(integrity(snap), ["ok"])
        # ...whose audit chain ifg verifies, being the first to open it after the kill.
        self.verify()
        self.assertEqual(integrity(self.db), ["ok"])
        cases = {ref: (cid, outcome, region) for cid, ref, outcome, region in query(
            self.db, "SELECT id, external_ref, outcome, region FROM cases")}
        # Every complete line printed names a stored case, with its external_ref.
        self.assertEqual([r["record"] for r in printed], list(range(1, len(printed) + 1)))
        for r in printed:
            ref = r["external_ref"]
            if r["outcome"] == "invalid":
                self.assertNotIn(ref, cases)
                continue
            self.assertIn(ref, cases, "printed %s but it is not stored" % r)
            cid, outcome, _ = cases[ref]
            self.assertEqual(r["case"], cid)
            if r["outcome"] == "duplicate":
                self.assertIn(ref, stored_before)
            else:
                self.assertEqual(r["outcome"], outcome)
        # Stored: nothing twice, nothing outside the batch, whole chunks only: the
        # stored referrals are the valid ones of the first m records, and each
        # case has its one record in a chunk that the audit trail chained.
        self.assertTrue(set(cases) <= set(valid))
        prefix = self.prefix_stored(records, cases)
        self.assertEqual(len(cases), sum(1 for rec in records[:prefix]
                                         if rec["external_ref"] in valid),
                         "a hole in the stored records: a chunk was stored in part")
        for ref, cid in stored_before.items():
            self.assertEqual(cases[ref][0], cid, "a stored case changed its id")
        chunked = dict(query(self.db, "SELECT b.case_id, b.outcome FROM batch_events b "
                                      "JOIN events e ON e.id = b.chunk AND e.action = 'batch'"))
        self.assertEqual(chunked, {cid: outcome for cid, outcome, _ in cases.values()})
        self.assertEqual(query(self.db, "SELECT count(*) FROM events WHERE case_id IS NOT NULL"),
                         [(0,)], "a batch wrote an entry per case")
        # Case ids are dense per region and year, and the counters agree.
        per = {}
        for cid, _, _ in cases.values():
            region, year, seq = CASE_ID.match(cid).groups()
            per.setdefault((region, int(year)), []).append(int(seq))
        counters = {(r, y): s for r, y, s in query(self.db, "SELECT region, year, last_seq "
                                                            "FROM case_counters")}
        for key, seqs in per.items():
            self.assertEqual(sorted(seqs), list(range(1, len(seqs) + 1)), key)
            self.assertEqual(counters.get(key), len(seqs), key)


# ---------------------------------------------------------------------------
# 2. Concurrency


class ConcurrencyTest(ReliabilityCase):

    def test_four_scripts_register_at_once(self):
        per_process = 100 if LONG else 20
        self.init()
        results, errors = [], []
        lock = threading.Lock()
        stop = threading.Event()

        def script(k):
            # As a shell loop would: one `ifg register` per referral.
            for i in range(per_process):
                ref = "CONC-%d-%03d" % (k, i)
                p = self.ifg("register", "--external-ref", ref, "--region", "ANT",
                             "--received", "2026-11-%02d" % (1 + i % 27),
                             "--referrer-kind", "professional", "--channel", "caw",
                             "--safety", "very_unsafe", "--person", "victim:Person %s:1990" % ref,
                             actor="coord.ant")
                with lock:
                    results.append((ref, p.returncode, p.stdout.strip(), p.stderr))

        def reader():
            # Someone checking the trail while the others write: always intact.
            while not stop.wait(0.5):
                p = self.ifg("audit", "verify")
                if p.returncode != 0:
                    with lock:
                        errors.append(p.stderr or p.stdout)

        threads = [threading.Thread(target=script, args=(k,)) for k in range(4)]
        watcher = threading.Thread(target=reader)
        t0 = time.monotonic()
        for t in threads + [watcher]:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        watcher.join()
        elapsed = time.monotonic() - t0
        self.assertEqual(errors, [], "audit verify failed while others wrote")
        failed = [r for r in results if r[1] != 0 or r[3].count("ifg:")]
        self.assertEqual(failed, [], "an error reached the user")
        total = 4 * per_process
        self.assertEqual(len(results), total)
        ids = [r[2] for r in results]
        self.assertEqual(len(set(ids)), total, "a case id was given twice")
        self.assertEqual(sorted(ids), ["ANT-2026-%04d" % i for i in range(1, total + 1)])
        stored = dict(query(self.db, "SELECT external_ref, id FROM cases"))
        self.assertEqual(stored, {r[0]: r[2] for r in results})
        self.verify()
        self.assertEqual(integrity(self.db), ["ok"])
        log("concurrency: %d registrations by 4 processes in %.1f s" % (total, elapsed))


# ---------------------------------------------------------------------------
# 3. Storage faults


REGISTER = ["register", "--region", "ANT", "--received", "2026-11-02",
            "--referrer-kind", "professional", "--external-ref", "FAULT-1"]


def drop_privileges_kwargs():
    """Running as root, permission bits do not stop ifg: run it as `nobody`."""
    if os.geteuid() != 0:
        return {}
    return {"user": 65534, "group": 65534, "extra_groups": []}


class StorageFaultTest(ReliabilityCase):
    """Each test starts from a copy of one database holding 400 cases."""

    template = None

    @classmethod
    def setUpClass(cls):
        cls.template_dir = tempfile.mkdtemp(prefix="ifg-reliability-template-")
        cls.template = os.path.join(cls.template_dir, "ifg.db")
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env["IFG_NOW"] = NOW
        env["IFG_TESTING"] = "1"
        records = make_batch(random.Random(SEED + 1), 400, "FULL")
        for r in records:
            r["safety"] = "very_unsafe"  # all valid
            r["summary"] = "Synthetic. " * 40
        batch = os.path.join(cls.template_dir, "batch.jsonl")
        write_jsonl(batch, records)
        for args in (["init", "--config", os.path.join(EXAMPLES, "flanders.toml")],
                     ["--as", "coord.vl", "--quiet", "screen", "--batch", batch]):
            p = subprocess.run([IFG, "--db", cls.template] + args, env=env, capture_output=True,
                               text=True, timeout=TIMEOUT)
            assert p.returncode == 0, p.stderr
        checkpoint(cls.template)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.template_dir, ignore_errors=True)

    def setUp(self):
        super().setUp()
        shutil.copyfile(self.template, self.db)
        os.chmod(self.db, 0o600)
        # More referrals: a few for the commands below, many to fill a database.
        self.more_records = make_batch(random.Random(SEED + 2), 1000, "MORE")
        for r in self.more_records:
            r["safety"] = "very_unsafe"
            r["summary"] = "Synthetic. " * 40
        self.more = self.path("more.jsonl")
        write_jsonl(self.more, self.more_records)
        self.few = self.path("few.jsonl")
        write_jsonl(self.few, self.more_records[:20])
        self.case = query(self.db, "SELECT id FROM cases WHERE region = 'ANT' LIMIT 1")[0][0]

    def commands(self, at_open=False):
        """Commands that read or write, each as a user would run them. For a
        fault that stops every command while opening the database, the fast
        variant runs four of them (a read, a write, a batch and init)."""
        every = [
            ["partner", "list"],
            ["--as", "coord.ant"] + REGISTER,
            ["--as", "coord.ant", "screen", self.case],
            ["--as", "coord.ant", "log", self.case],
            ["audit", "verify"],
            ["--as", "coord.vl", "screen", "--batch", self.few, "--format", "jsonl"],
            ["--as", "coord.vl", "init", "--config", os.path.join(EXAMPLES, "flanders.toml")],
        ]
        return [every[i] for i in (0, 1, 5, 6)] if at_open and not LONG else every

    def storage_error(self, proc, db):
        """Exit 6, a message naming the database and what to do, nothing on stdout."""
        self.check(proc, 6, db)
        self.assertRegex(proc.stderr, r"^ifg: ")
        self.assertRegex(proc.stderr, r"(?i)check|restore|create|try again|free|run|give")
        self.assertEqual(proc.stdout, "", "output for a step that was not stored")

    # -- a full database ------------------------------------------------------

    def check_full(self, printed_text, stored_before):
        """After running out of space: whole chunks are stored, nothing of the
        failing one, and a run with space completes the batch."""
        self.assertEqual(integrity(snapshot_path(self.db, self.scratch)), ["ok"])
        self.verify()
        printed = complete_lines(printed_text.encode())
        cases = dict(query(self.db, "SELECT external_ref, id FROM cases"))
        new = {ref: cid for ref, cid in cases.items() if ref not in stored_before}
        self.assertEqual({r["external_ref"]: r["case"] for r in printed}, new,
                         "stored and printed differ: a chunk was stored in part")
        self.assertEqual(len(new) % 20, 0, "not whole chunks of 20")
        self.assertEqual(list(new), [r["external_ref"] for r in self.more_records[:len(new)]])
        self.assertEqual({k: v for k, v in cases.items() if k in stored_before}, stored_before)
        p = self.check(self.ifg("--quiet", "screen", "--batch", self.more, "--format", "jsonl",
                                actor="coord.vl"), 0)
        again = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual(sum(r["outcome"] == "duplicate" for r in again), len(new))
        self.assertEqual(query(self.db, "SELECT count(*) FROM cases")[0][0],
                         len(stored_before) + len(self.more_records))
        return len(new)

    def test_full_database_file_size_limit(self):
        # A file size limit (ulimit -f) a little above the file: SQLite's writes
        # fail as on a full disk, without needing a small file system.
        import resource
        stored_before = dict(query(self.db, "SELECT external_ref, id FROM cases"))
        limit = os.path.getsize(self.db) + 600 * 1024

        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        p = self.ifg("screen", "--batch", self.more, "--format", "jsonl", "--chunk-size", 20,
                     actor="coord.vl", preexec_fn=limited, restore_signals=False)
        self.check(p, 6, self.db, "full")
        n = self.check_full(p.stdout, stored_before)
        self.assertGreater(n, 0, "no chunk fitted below the limit")
        log("full (file size limit): %d of %d records stored in whole chunks before exit 6" % (
            n, len(self.more_records)))

    def test_full_disk(self):
        # A real ENOSPC: the database on a tmpfs 900 KB larger than it, in a private mount
        # namespace (needs root and unshare; skipped otherwise).
        if os.geteuid() != 0 or not shutil.which("unshare"):
            self.skipTest("needs root and unshare(1) to mount a small file system")
        probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                               capture_output=True)
        if probe.returncode != 0:
            self.skipTest("cannot create a mount namespace here")
        stored_before = dict(query(self.db, "SELECT external_ref, id FROM cases"))
        checkpoint(self.db)
        mnt = self.path("mnt")
        os.mkdir(mnt)
        size_kb = os.path.getsize(self.db) // 1024 + 900
        script = (
            'set -e; mount -t tmpfs -o size=%dk tmpfs "$MNT"; cp -p "$DB" "$MNT/ifg.db"; '
            'set +e; "$IFG" --db "$MNT/ifg.db" --as coord.vl screen --batch "$BATCH" '
            '--format jsonl --chunk-size 20 > "$OUT" 2> "$ERR"; echo $? > "$RC"; '
            'rm -f "$DB" "$DB-wal" "$DB-shm"; cp -p "$MNT"/ifg.db* "$(dirname "$DB")"/' % size_kb)
        env = dict(self.env, MNT=mnt, DB=self.db, IFG=IFG, BATCH=self.more,
                   OUT=self.path("full.out"), ERR=self.path("full.err"), RC=self.path("full.rc"))
        r = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                           env=env, capture_output=True, text=True, timeout=TIMEOUT)
        if r.returncode != 0 and "mount" in r.stderr:
            self.skipTest("cannot mount a tmpfs here: " + r.stderr.strip())
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.path("full.rc")) as f:
            rc = int(f.read())
        with open(self.path("full.err"), encoding="utf-8") as f:
            err = f.read()
        with open(self.path("full.out"), encoding="utf-8") as f:
            out = f.read()
        self.assertEqual(rc, 6, err)
        self.assertIn("full", err)
        self.assertIn("ifg.db", err)
        self.assertIn("free space", err)
        n = self.check_full(out, stored_before)
        self.assertGreater(n, 0)
        log("full (tmpfs): %d of %d records stored in whole chunks before exit 6" % (
            n, len(self.more_records)))

    # -- read-only, missing --------------------------------------------------

    def run_as_owner(self, args, db):
        return self.ifg(*args, db=db, **drop_privileges_kwargs())

    def give_to_runner(self, *paths):
        if os.geteuid() == 0:
            for p in paths:
                os.chown(p, 65534, 65534)

    def test_read_only_file(self):
        checkpoint(self.db)
        before = contents(self.db, self.scratch)
        self.give_to_runner(self.dir, self.db)
        os.chmod(self.db, 0o400)
        for args in self.commands():
            with self.subTest(args=args):
                p = self.run_as_owner(args, self.db)
                if args[0] in ("partner", "audit"):
                    self.check(p, 0)  # reads that write no audit entry still work
                    continue
                self.storage_error(p, self.db)
                self.assertIn("permissions", p.stderr)
        os.chmod(self.db, 0o600)
        self.assertEqual(contents(self.db, self.scratch), before)

    def test_read_only_directory(self):
        checkpoint(self.db)
        before = file_hash(self.db)
        sub = self.path("ro")
        os.mkdir(sub)
        db = os.path.join(sub, "ifg.db")
        shutil.move(self.db, db)
        self.give_to_runner(self.dir, sub, db)
        os.chmod(sub, 0o500)
        try:
            for args in self.commands(at_open=True):
                with self.subTest(args=args):
                    # Without its -wal and -shm files SQLite cannot even read a
                    # WAL database in a folder it may not write.
                    self.storage_error(self.run_as_owner(args, db), db)
        finally:
            os.chmod(sub, 0o700)
        self.assertEqual(sorted(os.listdir(sub)), ["ifg.db"])
        self.assertEqual(file_hash(db), before)

    def test_missing_directory(self):
        db = self.path("no/such/folder/ifg.db")
        for args in self.commands(at_open=True):
            with self.subTest(args=args):
                p = self.ifg(*args, db=db)
                self.storage_error(p, db)
                self.assertIn("folder exists" if "init" in args else "ifg init", p.stderr)
        self.assertFalse(os.path.exists(self.path("no")))

    def test_database_path_is_a_folder(self):
        folder = self.path("folder.db")
        os.mkdir(folder)
        for mode in (0o755, 0o700):
            os.chmod(folder, mode)
            for args in self.commands(at_open=True):
                with self.subTest(mode=oct(mode), args=args):
                    p = self.ifg(*args, db=folder)
                    self.storage_error(p, folder)
                    self.assertIn("is a folder", p.stderr)
        self.assertEqual(os.listdir(folder), [])

    # -- corrupt -------------------------------------------------------------

    def test_random_bytes(self):
        with open(self.db, "wb") as f:
            f.write(random.Random(SEED).randbytes(64 * 1024))
        before = file_hash(self.db)
        for args in self.commands(at_open=True):
            with self.subTest(args=args):
                p = self.ifg(*args)
                self.storage_error(p, self.db)
                self.assertIn("corrupt", p.stderr)
                self.assertIn("backup", p.stderr)
        self.assertEqual(file_hash(self.db), before)

    def overwrite_pages(self, db, pages, rng):
        page_size = query(db, "PRAGMA page_size")[0][0]
        with open(db, "r+b") as f:
            for page in pages:
                f.seek((page - 1) * page_size)
                f.write(rng.randbytes(page_size))

    def test_pages_of_cases_and_events_overwritten(self):
        checkpoint(self.db)
        roots = dict(query(self.db, "SELECT name, rootpage FROM sqlite_schema "
                                    "WHERE name IN ('cases', 'events')"))
        self.overwrite_pages(self.db, sorted(roots.values()), random.Random(SEED))
        before = file_hash(self.db)
        for args in self.commands():
            if args[0] == "partner" or "init" in args:
                continue  # they do not read cases or events
            with self.subTest(args=args):
                p = self.ifg(*args)
                self.storage_error(p, self.db)
                self.assertIn("corrupt", p.stderr)
                self.assertIn("restore it from a backup", p.stderr)
        self.assertEqual(file_hash(self.db), before, "a corrupt database was written to")
        self.assertFalse(os.path.exists(self.db + "-wal") and os.path.getsize(self.db + "-wal"))

    def test_random_pages_overwritten(self):
        # Any page may be hit: every command either works, answers with a
        # domain exit code, or stops with exit 6 naming the database; never a
        # crash or an internal error.
        checkpoint(self.db)
        pristine = self.path("pristine.db")
        shutil.copyfile(self.db, pristine)
        pages = query(self.db, "PRAGMA page_count")[0][0]
        rng = random.Random(SEED + 3)
        rounds = 40 if LONG else 2
        seen = {}
        for k in range(rounds):
            shutil.copyfile(pristine, self.db)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(self.db + suffix):
                    os.remove(self.db + suffix)
            hit = sorted(rng.sample(range(2, pages + 1), rng.randint(1, 4)))
            self.overwrite_pages(self.db, hit, rng)
            for args in self.commands():
                with self.subTest(round=k, pages=hit, args=args):
                    p = self.ifg(*args)
                    self.assertIn(p.returncode, (0, 1, 3, 5, 6),
                                  "pages %s: %s -> %d\n%s" % (hit, args, p.returncode, p.stderr))
                    if p.returncode == 6:
                        self.storage_error(p, self.db)
                    seen[p.returncode] = seen.get(p.returncode, 0) + 1
        log("random pages overwritten, %d rounds: exit codes %s" % (
            rounds, dict(sorted(seen.items()))))

    # -- locked --------------------------------------------------------------

    def test_locked_past_the_timeout(self):
        before = contents(self.db, self.scratch)
        holder = sqlite3.connect(self.db, isolation_level=None, timeout=0)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            env = {"IFG_BUSY_TIMEOUT_MS": "300"}
            for args in self.commands():
                with self.subTest(args=args):
                    t0 = time.monotonic()
                    p = self.ifg(*args, env=env)
                    waited = time.monotonic() - t0
                    if args[0] in ("partner", "audit"):
                        self.check(p, 0)  # WAL: reads go on beside a writer
                        continue
                    # `log` reads, then writes its audit entry: it shows nothing
                    # when that write cannot be made.
                    self.storage_error(p, self.db)
                    self.assertIn("locked by another process past the timeout", p.stderr)
                    self.assertGreaterEqual(waited, 0.29)
                    self.assertLess(waited, 10, "IFG_BUSY_TIMEOUT_MS was not used")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        self.assertEqual(contents(self.db, self.scratch), before)
        # Held exclusively (locking_mode=EXCLUSIVE), even reads wait and give up.
        holder = sqlite3.connect(self.db, isolation_level=None, timeout=0)
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        try:
            for args in (["partner", "list"], ["audit", "verify"]):
                with self.subTest(args=args):
                    p = self.ifg(*args, env={"IFG_BUSY_TIMEOUT_MS": "200"})
                    self.storage_error(p, self.db)
                    self.assertIn("locked", p.stderr)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        self.assertEqual(contents(self.db, self.scratch), before)
        # Once the lock is gone the same command works.
        self.check(self.ifg(*REGISTER, actor="coord.ant", env={"IFG_BUSY_TIMEOUT_MS": "300"}), 0)

    def test_lock_shorter_than_the_timeout_is_waited_for(self):
        holder = sqlite3.connect(self.db, isolation_level=None, timeout=0,
                                 check_same_thread=False)
        holder.execute("BEGIN EXCLUSIVE")
        timer = threading.Timer(0.5, lambda: holder.execute("ROLLBACK"))
        timer.start()
        try:
            t0 = time.monotonic()
            p = self.ifg(*REGISTER, actor="coord.ant", env={"IFG_BUSY_TIMEOUT_MS": "20000"})
            self.check(p, 0)
            self.assertGreaterEqual(time.monotonic() - t0, 0.45)
        finally:
            timer.join()
            holder.close()

    def test_bad_busy_timeout_is_a_usage_error(self):
        for value in ("soon", "-1", "10s", "99999999999"):
            with self.subTest(value=value):
                p = self.ifg("partner", "list", env={"IFG_BUSY_TIMEOUT_MS": value})
                self.check(p, 2, "IFG_BUSY_TIMEOUT_MS")


def main():
    global IFG, EXAMPLES, LONG, SEED
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ifg")
    parser.add_argument("examples")
    parser.add_argument("--long", action="store_true", help="the long variant")
    parser.add_argument("--seed", type=int, default=SEED, help="the seed of every random choice")
    args, rest = parser.parse_known_args()
    IFG = os.path.abspath(args.ifg)
    EXAMPLES = os.path.abspath(args.examples)
    LONG, SEED = args.long, args.seed
    print("cli_reliability_test: %s variant, seed %d (repeat with --seed %d)" % (
        "long" if LONG else "fast", SEED, SEED), flush=True)
    schema_check.install(IFG)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
