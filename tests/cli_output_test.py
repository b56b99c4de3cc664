#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Black-box tests that the outputs are safe to open and that writes that fail
are failures: CSV cells a spreadsheet would run as formulas are neutralised,
stored control characters never reach a terminal raw, a full or closed stdout
is exit 6 with a message (EPIPE ends quietly by SIGPIPE), and a regional
report's period is capped.

Run by CTest as: cli_output_test.py PATH/TO/ifg EXAMPLES_DIR
On SQLite, or on PostgreSQL with IFG_TEST_STORE=postgresql (tests/store_under_test.py).
"""
import csv
import io
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)
import store_under_test as sut

IFG = EXAMPLES = None
NOW = "2026-11-28T10:00:00Z"
ESC_TEXT = "Hostile \x1b]0;owned\x07 \x1b[2J\x1b[31mred\r\x9b2Jcsi\x7f end"
RAW_CONTROLS = ["\x1b", "\x07", "\r", "\x7f", "\x9b"]


class Env:
    def __init__(self, test):
        self.test = test
        self.dir = tempfile.mkdtemp(prefix="ifg-cli-output-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.db = os.path.join(self.dir, "ifg.db")
        self.store = sut.Store(test, self.db)
        # the first load, by no actor: on PostgreSQL only the administrator's login makes
        # the schema (the professionals' roles are made by it)
        self.ok("init", "--config", os.path.join(EXAMPLES, "flanders.toml"), actor=None)

    def command(self, *args, actor="coord.ant"):
        """argv and env of a run of ifg on this database as `actor` (None: none)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env.update(IFG_NOW=NOW, IFG_TESTING="1")
        if actor:
            env["IFG_ACTOR"] = actor
        return self.store.command([IFG, "--db", self.db, *args], env)

    def run(self, *args, stdout=subprocess.PIPE, actor="coord.ant", **kw):
        argv, env = self.command(*args, actor=actor)
        return subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=120,
                              **kw)

    def ok(self, *args, actor="coord.ant"):
        r = self.run(*args, actor=actor)
        self.test.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        return r.stdout.decode("utf-8")

    def register(self, external_ref, summary="Plain summary"):
        return self.ok("--quiet", "register", "--region", "ANT", "--received", "2026-11-02",
                       "--referrer-kind", "professional", "--external-ref", external_ref,
                       "--summary", summary, "--safety", "very_unsafe").strip()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path


def rows(text):
    return list(csv.reader(io.StringIO(text)))


class CsvInjectionTest(unittest.TestCase):
    def test_formula_cells_get_a_quote_in_every_csv_the_tool_writes(self):
        e = Env(self)
        case = e.register("-12", summary="=HYPERLINK(\"http://x\",\"y\")")
        single = rows(e.ok("screen", case, "--format", "csv"))
        self.assertEqual(single[1][2], "'-12")
        # The case report: the referral's values are text.
        report = e.ok("report", "case", case, "--format", "csv")
        cells = [c for r in rows(report) for c in r]
        self.assertIn("'=HYPERLINK(\"http://x\",\"y\")", cells)
        self.assertIn("'-12", cells)
        self.assertNotIn("=HYPERLINK(\"http://x\",\"y\")", cells)
        # Batch results: the source (a file name), external_ref and the errors (which
        # name the keys of the record) are text; record numbers stay numbers.
        e.write("@evil.jsonl",
                '{"region":"ANT","received":"2026-11-03","referrer":{"kind":"citizen"},'
                '"external_ref":"-13"}\n'
                '{"region":"ANT","received":"2026-11-03","referrer":{"kind":"citizen"},'
                '"=1+2":1}\n')
        r = e.run("--quiet", "screen", "--batch", "@evil.jsonl", "--format", "csv", cwd=e.dir)
        self.assertEqual(r.returncode, 5, r.stderr)
        out = rows(r.stdout.decode())
        self.assertEqual([row[0] for row in out[1:]], ["1", "2"])
        self.assertEqual([row[1] for row in out[1:]], ["'@evil.jsonl:1", "'@evil.jsonl:2"])
        self.assertEqual(out[1][2], "'-13")
        self.assertEqual(out[0][-3], "errors")
        self.assertTrue(out[2][-3].startswith("'=1+2"), out[2][-3])
        # Counts are computed numbers, written as they are.
        region = rows(e.ok("report", "region", "--region", "ANT", "--format", "csv"))
        total = [r for r in region if r[0] == "referrals.total"][0]
        self.assertEqual(total[1], "2")  # the registered case and the valid batch record

    def test_configured_names_are_neutralised_in_the_lists(self):
        e = Env(self)
        with open(os.path.join(EXAMPLES, "flanders.toml"), encoding="utf-8") as f:
            text = f.read()
        first = text.index('name = "', text.index("[[partner]]"))
        end = text.index('"', first + 8)
        hostile = text[:first] + 'name = "=1+2"' + text[end + 1:]
        e.ok("init", "--config", e.write("hostile.toml", hostile))
        partners = rows(e.ok("partner", "list", "--format", "csv"))
        self.assertIn("'=1+2", [r[2] for r in partners])
        self.assertNotIn("=1+2", [r[2] for r in partners])


class ControlCharacterTest(unittest.TestCase):
    def assert_no_raw_controls(self, text, what):
        for c in RAW_CONTROLS:
            self.assertNotIn(c, text, f"{what}: raw {c!r}")

    def test_stored_text_is_shown_escaped_in_text_markdown_and_csv(self):
        e = Env(self)
        case = e.register("REF-1", summary=ESC_TEXT)
        e.ok("screen", case)
        e.ok("decide", case, "--accept", "--override", "--motivation", ESC_TEXT)
        e.ok("meeting", "add", case, "--date", "2026-11-27", "--attendee", "dir.ant", "--basis",
             "decree", "--purpose", ESC_TEXT)
        e.ok("plan", "add", case, "--action", ESC_TEXT, "--domain", "housing", "--professional",
             "dir.ant")
        outputs = {
            "screen text": e.ok("screen", case),
            "meeting list": e.ok("meeting", "list", case),
            "plan list": e.ok("plan", "list", case),
            "log": e.ok("log", case),
            "audit show": e.ok("audit", "show", "--case", case),
        }
        for f in ("text", "markdown", "csv"):
            outputs[f"report case {f}"] = e.ok("report", "case", case, "--format", f)
        outputs["report actions text"] = e.ok("report", "actions", "--format", "text")
        outputs["report actions csv"] = e.ok("report", "actions", "--format", "csv")
        for what, text in outputs.items():
            self.assert_no_raw_controls(text, what)
        self.assertIn("\\x1b]0;owned\\x07", outputs["meeting list"])
        self.assertIn("\\u009b2Jcsi", outputs["plan list"])
        self.assertIn("\\x1b]0;owned\\x07", outputs["report case csv"])

    def test_json_escapes_them_and_reads_back_the_exact_text(self):
        e = Env(self)
        case = e.register("REF-1", summary=ESC_TEXT)
        raw = e.run("report", "case", case, "--format", "json").stdout
        for c in RAW_CONTROLS:
            self.assertNotIn(c.encode("utf-8"), raw)
        self.assertIn(b"\\u009b", raw)
        self.assertEqual(json.loads(raw)["referral"]["summary"], ESC_TEXT)


def workflow_commands(case, batch):
    """One invocation per command, in an order in which each succeeds."""
    return [
        ("--help",), ("--version",), ("partner", "list"), ("professional", "list"),
        ("--format", "json", "init", "--config", os.path.join(EXAMPLES, "flanders.toml")),
        ("update", case, "--set", "help_status=stuck"),
        ("screen", case), ("screen", "--batch", batch, "--format", "csv"),
        ("screen", "--batch", batch, "--dry-run", "--format", "json"),
        ("decide", case, "--accept", "--motivation", "Very unsafe"),
        ("meeting", "add", case, "--date", "2026-11-27", "--attendee", "dir.ant", "--basis",
         "decree", "--purpose", "Analysis"),
        ("meeting", "list", case),
        ("plan", "add", case, "--action", "Find housing", "--domain", "housing",
         "--professional", "dir.ant"),
        ("plan", "list", case), ("plan", "set", case, "1", "--status", "in_progress"),
        ("assign", case, "--director", "dir.ant"), ("plan", "activate", case),
        ("log", case), ("audit", "verify"), ("audit", "head"), ("audit", "show"),
        ("report", "case", case), ("report", "region"), ("report", "actions"),
        ("report", "caseload"), ("export", "person", "--name", "Person A."),
        ("close", case, "--reason", "moved"),
        ("purge", "--closed-before", "2026-11-28", "--dry-run", "--format", "json"),
    ]


class WriteFailureTest(unittest.TestCase):
    def test_every_command_fails_with_a_message_when_stdout_is_full(self):
        e = Env(self)
        case = e.ok("--quiet", "register", "--from",
                    os.path.join(EXAMPLES, "referral.json")).strip()
        batch = e.write("batch.csv", "region,received,referrer_kind,external_ref\n" +
                        "".join(f"ANT,2026-11-03,professional,B-{i}\n" for i in range(50)))
        for args in workflow_commands(case, batch):
            with self.subTest(command=" ".join(args)):
                with open("/dev/full", "w") as full:
                    r = e.run("--quiet", *args, stdout=full)
                err = r.stderr.decode()
                self.assertEqual(r.returncode, 6, err)
                self.assertIn("could not write to standard output: No space left on device", err)
                self.assertEqual(err.count("\n"), 1, err)  # one message
        # Each command did its work all the same: the case went all the way.
        report = json.loads(e.ok("--format", "json", "report", "case", case))
        self.assertEqual(report["status"], "closed")
        self.assertEqual(len(report["actions"]), 1)

    def test_a_failed_command_keeps_its_code_and_says_the_output_failed_too(self):
        e = Env(self)
        batch = e.write("mixed.csv", "region,received,referrer_kind,external_ref\n"
                                     "ANT,2026-11-03,professional,M-1\n"
                                     "XX,2026-11-03,professional,M-2\n")
        with open("/dev/full", "w") as full:
            r = e.run("--quiet", "screen", "--batch", batch, stdout=full)
        self.assertEqual(r.returncode, 5)
        err = r.stderr.decode()
        self.assertIn("1 of 2 records is invalid", err)
        self.assertIn("could not write to standard output: No space left on device", err)

    def test_register_says_which_case_it_created(self):
        e = Env(self)
        with open("/dev/full", "w") as full:
            r = e.run("register", "--from", os.path.join(EXAMPLES, "referral.json"),
                      stdout=full)
        self.assertEqual(r.returncode, 6)
        self.assertEqual(r.stderr.decode().strip(),
                         "ifg: registered case ANT-2026-0001 but could not print its id: "
                         "No space left on device")
        self.assertEqual(e.ok("--format", "json", "screen", "ANT-2026-0001").count("case"), 1)

    def closed_pipe_run(self, e, ignore_sigpipe):
        read, write = os.pipe()
        os.close(read)  # the reader is gone before the first write
        try:
            pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore_sigpipe else None
            return e.run("report", "region", stdout=write, preexec_fn=pre)
        finally:
            os.close(write)

    def test_a_reader_that_went_away_ends_it_quietly_by_sigpipe(self):
        e = Env(self)
        for ignore in (False, True):
            with self.subTest(sigpipe_ignored=ignore):
                r = self.closed_pipe_run(e, ignore)
                self.assertEqual(r.returncode, -signal.SIGPIPE)
                self.assertEqual(r.stderr, b"")

    def test_head_reads_the_first_lines_of_a_long_output(self):
        e = Env(self)
        argv, env = e.command("--as", "coord.ant", "--quiet", "screen", "--batch",
                              os.path.join(EXAMPLES, "referrals.jsonl"), "--dry-run",
                              "--format", "jsonl", actor=None)
        p = subprocess.run(shlex.join(argv) + " | head -1", shell=True, capture_output=True,
                           env=env, timeout=120)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(len(p.stdout.splitlines()), 1)
        self.assertNotIn(b"could not write", p.stderr)


class ReportPeriodTest(unittest.TestCase):
    def test_a_period_of_more_than_120_months_is_refused(self):
        e = Env(self)
        e.register("REF-1")
        r = e.run("report", "region", "--from", "0001-01-01", "--to", "9999-12-31",
                  "--format", "json")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"spans 119988 months; a regional report covers at most 120 months",
                      r.stderr)
        # An open end is filled from the referrals: from year 1 to 2026-11 is refused too.
        r = e.run("report", "region", "--from", "0001-01-01")
        self.assertEqual(r.returncode, 2)
        ok = json.loads(e.ok("report", "region", "--from", "2017-01-01", "--to", "2026-12-31",
                             "--format", "json"))
        self.assertEqual(len(ok["referrals"]["by_month"]), 120)
        r = e.run("report", "region", "--from", "2016-12-01", "--to", "2026-12-31")
        self.assertEqual(r.returncode, 2)


def main():
    global IFG, EXAMPLES
    IFG, EXAMPLES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    schema_check.install(IFG)
    unittest.main(argv=sys.argv[:1], verbosity=2)


if __name__ == "__main__":
    main()
