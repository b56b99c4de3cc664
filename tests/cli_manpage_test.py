#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The man pages and shell completion (docs/manpages-and-completion.md).

The pages come from the program's own definitions (`ifg __man DIR DATE`): every
command and subcommand of `ifg --help` has its page or section, every option of
`ifg ... --help` is on it, groff renders each page without a warning, and each
has EXIT STATUS (the codes of docs/exit-codes.md) and ENVIRONMENT. Completion
(`ifg __complete WORD...`) offers the commands, options, enumerated values and
the case ids of the database named by --db or IFG_DB, nothing (and no new
file) for a database that is not there; completions/ifg.bash fills COMPREPLY.

Usage: cli_manpage_test.py IFG SOURCE_DIR
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

IFG = ""
SOURCE = ""
NOW = "2026-11-28T10:00:00Z"


def env(**extra):
    e = {k: v for k, v in os.environ.items() if not k.startswith("IFG_") and k not in
         ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    e.update(extra)
    return e


def ifg(*args, **extra):
    return subprocess.run([IFG, *args], env=env(**extra), capture_output=True, text=True,
                          timeout=60)


def help_rows(*command):
    """(commands, options) that `ifg COMMAND --help` lists."""
    out = ifg(*command, "--help").stdout
    commands, options, in_commands = [], [], False
    for line in out.splitlines():
        if line and not line.startswith(" "):
            in_commands = line.rstrip().endswith("Subcommands:")
            continue
        m = re.match(r"^  (\S+)", line)
        if not m:
            continue
        if in_commands:
            commands.append(m.group(1))
        elif m.group(1).startswith("-"):
            options += [n for n in m.group(1).split(",") if n.startswith("-")]
    return commands, options


def complete(*words, **extra):
    r = subprocess.run([IFG, "__complete", *words], env=env(**extra), capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r
    assert r.stderr == "", r.stderr
    return r.stdout.splitlines()


class Pages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("groff"):
            raise AssertionError("groff is not installed (scripts/install-deps: groff-base)")
        cls.dir = tempfile.mkdtemp(prefix="ifg-man-")
        r = ifg("__man", cls.dir, "2026-11-28")
        assert r.returncode == 0, r.stderr
        cls.text = {}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def page(self, name, language=""):
        return os.path.join(self.dir, language, "man1", name + ".1")

    def rendered(self, name, language=""):
        """The page as plain text, without hyphenation, each minus as '-'."""
        key = (name, language)
        if key not in self.text:
            r = subprocess.run(["groff", "-man", "-Tutf8", "-rHY=0", "-rLL=300n", "-P-cbou",
                                self.page(name, language)], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.text[key] = r.stdout.replace("\u2212", "-").replace("\u2010", "-")
        return self.text[key]

    def test_every_command_has_a_page_in_english_and_dutch(self):
        commands, _ = help_rows()
        self.assertIn("screen", commands)
        for language in ("", "nl"):
            pages = sorted(os.listdir(os.path.join(self.dir, language, "man1")))
            self.assertEqual(pages, sorted(["ifg.1"] + ["ifg-%s.1" % c for c in commands]))

    def test_every_subcommand_has_a_section_with_its_options(self):
        commands, _ = help_rows()
        for command in commands:
            text = self.rendered("ifg-" + command)
            subs, _ = help_rows(command)
            for sub in subs:
                start = text.find("\n   ifg %s %s\n" % (command, sub))
                self.assertGreaterEqual(start, 0, "ifg-%s.1 has no section ifg %s %s"
                                        % (command, command, sub))
                end = text.find("\n   ifg %s " % command, start + 1)
                section = text[start:end if end > 0 else len(text)]
                for option in help_rows(command, sub)[1]:
                    self.assertRegex(section, r"(^|[\s,])%s\b" % re.escape(option),
                                     "ifg %s %s %s" % (command, sub, option))

    def test_every_option_is_on_its_page(self):
        commands, options = help_rows()
        for option in options:
            self.assertRegex(self.rendered("ifg"), r"(^|[\s,])%s\b" % re.escape(option))
        for command in commands:
            for option in help_rows(command)[1]:
                self.assertRegex(self.rendered("ifg-" + command),
                                 r"(^|[\s,])%s\b" % re.escape(option), command)

    def test_groff_renders_every_page_without_warnings(self):
        for language in ("", "nl"):
            folder = os.path.join(self.dir, language, "man1")
            for name in os.listdir(folder):
                r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z",
                                    os.path.join(folder, name)], capture_output=True, text=True)
                self.assertEqual((r.returncode, r.stderr), (0, ""), name)

    def test_exit_status_lists_the_codes_of_the_docs(self):
        with open(os.path.join(SOURCE, "docs", "exit-codes.md"), encoding="utf-8") as f:
            codes = re.findall(r"^\| (\d+) \| ", f.read(), re.M)
        self.assertIn("70", codes)
        for name in ["ifg", "ifg-screen", "ifg-plan"]:
            text = self.rendered(name)
            section = text[text.index("\nEXIT STATUS"):text.index("\nENVIRONMENT")]
            self.assertEqual(re.findall(r"^ {7}(\d+) ", section, re.M), codes, name)

    def test_environment_names_the_variables(self):
        for name in ["ifg", "ifg-report"]:
            text = self.rendered(name)
            section = text[text.index("\nENVIRONMENT"):text.index("\nSEE ALSO")]
            for variable in ["IFG_DB", "IFG_ACTOR", "IFG_LANG", "IFG_JUSTIFICATION",
                             "IFG_BUSY_TIMEOUT_MS", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"]:
                self.assertIn(variable, section, name)

    def test_values_defaults_and_version(self):
        text = self.rendered("ifg-plan")
        self.assertIn("open, in_progress, done, cancelled", text)
        version = " ".join(ifg("--version").stdout.split()[:2])  # "ifg 0.2.0 (database schema N)"
        self.assertIn(version, self.rendered("ifg"))
        self.assertIn("ifg.db", self.rendered("ifg"))  # the default of --db

    def test_a_flag_shows_no_value(self):
        with open(self.page("ifg"), encoding="utf-8") as f:
            page = f.read()
        self.assertIn("\\-\\-quiet\\fR\n", page)  # `--quiet` alone, not `--quiet \fI\fR`
        self.assertNotIn("\\fI\\fR", page)
        self.assertIn("\\-\\-db\\fR \\fI", page)  # an option that takes one shows it

    def test_each_command_says_its_output_formats(self):
        text = self.rendered("ifg-plan")
        self.assertIn("Output formats (--format): text, json, jsonl, csv, xlsx", text)  # plan list
        self.assertIn("Output formats (--format): text, json\n", text)  # plan add
        self.assertIn("markdown, html", self.rendered("ifg-report"))

    def test_dutch_pages_are_dutch(self):
        text = self.rendered("ifg-screen", "nl")
        self.assertIn("OPTIES", text)
        self.assertIn("dossier", text)

    def test_the_build_entry_points_are_not_in_the_help(self):
        out = ifg("--help").stdout
        self.assertNotIn("__man", out)
        self.assertNotIn("__complete", out)


class Completion(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ifg-complete-")
        cls.db = os.path.join(cls.dir, "cases.db")
        examples = os.path.join(SOURCE, "examples")
        run = dict(IFG_DB=cls.db, IFG_NOW=NOW, IFG_TESTING="1")
        r = ifg("init", "--config", os.path.join(examples, "flanders.toml"), **run)
        assert r.returncode == 0, r.stderr
        r = ifg("--as", "coord.ant", "--quiet", "register", "--from",
                os.path.join(examples, "referral.json"), **run)
        assert r.returncode == 0, r.stderr
        cls.case = r.stdout.strip()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_commands(self):
        commands, _ = help_rows()
        self.assertEqual(complete(""), commands)
        self.assertEqual(complete("re"), [c for c in commands if c.startswith("re")])
        self.assertEqual(complete("plan", ""), help_rows("plan")[0])
        self.assertEqual(complete("--lang", "nl", "report", "ca"), ["case", "caseload"])

    def test_options(self):
        found = complete("plan", "set", "--")
        for option in help_rows("plan", "set")[1] + help_rows()[1]:
            if option.startswith("--"):
                self.assertIn(option, found)
        self.assertIn("-h", complete("plan", "set", "-"))
        self.assertEqual(complete("screen", "--dr"), ["--dry-run"])

    def test_enumerated_values(self):
        self.assertEqual(complete("plan", "set", "X", "1", "--status", ""),
                         ["open", "in_progress", "done", "cancelled"])
        self.assertEqual(complete("close", "X", "--reason", "no"), ["no_cooperation"])
        self.assertNotIn("refused", complete("close", "X", "--reason", ""))
        self.assertEqual(complete("--lang", ""), ["nl", "en"])
        self.assertEqual(complete("screen", "--csv-dialect", ""), ["rfc4180", "excel"])
        self.assertIn("markdown", complete("report", "region", "--format", ""))
        self.assertEqual(complete("person", "add", "X", "--role", "c"), ["child"])

    def test_format_offers_what_the_command_prints(self):
        # each command's formats, as its own refusal of another format lists them
        for words, other in ((["plan", "list", "X"], "markdown"), (["assign", "X", "--to", "y"], "csv"),
                             (["report", "region"], "jsonl"), (["screen", "X"], "xlsx")):
            r = ifg(*words, "--format", other)
            self.assertEqual(r.returncode, 2, r.stderr)
            accepted = r.stderr.strip().split("; use ")[1].split(", ")
            self.assertEqual(complete(*words, "--format", ""), accepted, words)
        self.assertEqual(complete("report", "case", "X", "--format", "m"), ["markdown"])
        # before the command, every format of some command
        self.assertIn("markdown", complete("--format", ""))
        self.assertIn("jsonl", complete("--format", ""))

    def test_files(self):
        for words in (["--db", ""], ["init", "--config", "ex"], ["screen", "--batch", ""],
                      ["register", "--from", ""], ["--output", "r"]):
            self.assertEqual(complete(*words), ["__files__"], words)

    def test_case_ids_from_the_database_named(self):
        self.assertEqual(complete("screen", "", IFG_DB=self.db), [self.case])
        self.assertEqual(complete("--db", self.db, "plan", "add", "ANT"), [self.case])
        self.assertEqual(complete("--db=" + self.db, "log", "LIM"), [])
        self.assertEqual(complete("audit", "show", "--case", "", IFG_DB=self.db), [self.case])
        self.assertEqual(complete("person", "link", self.case, "1", "", IFG_DB=self.db),
                         [self.case])

    def test_case_ids_leave_no_file_beside_the_database(self):
        before = sorted(os.listdir(self.dir))
        self.assertEqual(complete("screen", "", IFG_DB=self.db), [self.case])
        self.assertEqual(sorted(os.listdir(self.dir)), before)  # no -wal, no -shm

    def test_a_flag_takes_no_word_after_it(self):
        self.assertEqual(complete("decide", "--accept", "", IFG_DB=self.db), [self.case])
        self.assertEqual(complete("--quiet", "log", "", IFG_DB=self.db), [self.case])
        self.assertIn("--status", complete("case", "list", "--overdue", "--st"))
        self.assertEqual(self.bash(["--quiet", "plan", "a"], 3), ["add", "activate"])
        self.assertEqual(self.zsh(["--quiet", "plan", "a"]), ["add", "activate"])

    def test_no_database_no_ids_and_no_file(self):
        missing = os.path.join(self.dir, "missing.db")
        self.assertEqual(complete("screen", "", IFG_DB=missing), [])
        self.assertEqual(complete("--db", missing, "log", ""), [])
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith("missing")], [])
        junk = os.path.join(self.dir, "junk.db")
        with open(junk, "w", encoding="utf-8") as f:
            f.write("not a database\n")
        self.assertEqual(complete("screen", "", IFG_DB=junk), [])

    def bash(self, words, cword, **extra):
        script = ('source "$1"; COMP_WORDS=("${@:3}"); COMP_CWORD=$2; _ifg; '
                  'printf "%s\\n" "${COMPREPLY[@]}"')
        r = subprocess.run(["bash", "-c", script, "bash",
                            os.path.join(SOURCE, "completions", "ifg.bash"), str(cword), IFG,
                            *words], env=env(**extra), cwd=self.dir, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        return [w for w in r.stdout.splitlines() if w]

    def test_bash(self):
        self.assertEqual(self.bash(["plan", "a"], 2), ["add", "activate"])
        self.assertEqual(self.bash(["plan", "set", "--st"], 3), ["--status"])
        self.assertEqual(self.bash(["log", ""], 2, IFG_DB=self.db), [self.case])
        self.assertIn("cases.db", self.bash(["--db", "cas"], 2))  # file names

    def zsh(self, words, **extra):
        """The candidates completions/_ifg offers for `ifg WORDS`, the last being
        completed: run by zsh with compadd and _files stubbed to print what
        they are given (a completion widget needs a terminal)."""
        zsh = shutil.which("zsh")
        self.assertIsNotNone(zsh, "zsh is missing: run scripts/install-deps")
        driver = ('compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }\n'
                  '_files() { print -- __FILES__; }\n'
                  'words=("$@"); CURRENT=$#\n'
                  f'source {shlex.quote(os.path.join(SOURCE, "completions", "_ifg"))}\n')
        r = subprocess.run([zsh, "-f", "-c", driver, "zsh", IFG, *words], capture_output=True,
                           text=True, cwd=self.dir, env=env(**extra), timeout=60)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        return [w for w in r.stdout.splitlines() if w]

    def test_zsh(self):
        self.assertEqual(self.zsh(["plan", "a"]), ["add", "activate"])
        self.assertEqual(self.zsh(["plan", "set", "--st"]), ["--status"])
        self.assertEqual(self.zsh(["log", ""], IFG_DB=self.db), [self.case])
        self.assertEqual(self.zsh(["--db", "cas"]), ["__FILES__"])  # zsh's _files completes it

if __name__ == "__main__":
    IFG, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1] + sys.argv[3:], verbosity=2)
