#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""ifg in Dutch (nl-BE) and English, through the CLI (docs/language.md).

Usage: python3 tests/cli_language_test.py PATH/TO/ifg SOURCE_DIR
On SQLite, or on PostgreSQL with IFG_TEST_STORE=postgresql (tests/store_under_test.py).
On PostgreSQL (a) and the Dutch help of (b) are skipped: they read po/ and --help,
no database, and the SQLite run covers them; all else runs on both stores.

  (a) the catalogue is complete: po/ifg.pot is what the sources give, every
      message of po/nl.po is translated and none fuzzy, and each translation
      keeps its msgid's {} placeholders in order;
  (b) the help of every command under --lang nl holds no line of its English
      help (an untranslated text), and --lang, IFG_LANG, [ui] language and LANG
      choose the language in that order;
  (c) JSON output is the same in both languages, byte for byte, apart from the
      free-text `reason` and `message` fields; reasons carry reason_code and
      reason_params;
  (d) people type Dutch values and Belgian dates; an unknown value lists the
      accepted ones with their Dutch word;
  (e) times in text are Europe/Brussels local time; JSON keeps UTC;
  (f) --csv-dialect excel writes a BOM, `;` and CRLF with the same cells, and
      reads a file saved by Excel in a Belgian locale;
  (g) --format xlsx writes a workbook whose sheets, frozen bold header, dates and
      numbers are checked in its XML (zipfile), and is refused to a terminal.

Every test works in a fresh temporary directory with its own database. All people
are synthetic.
"""

import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

import schema_check  # validates each JSON output (IFG_SCHEMA_CHECK=1)
import store_under_test as sut

IFG = ""
SOURCE = ""
NOW = "2026-11-28T10:00:00Z"
COORD = "coord.ant"
# A test that reads no database (the catalogue, the help) is the same on either store.
store_independent = unittest.skipIf(
    sut.POSTGRESQL, "store-independent: reads no database; cli_language runs it")


def env_without_language(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("IFG_") and k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(extra)
    return env


def placeholders(text):
    """The {} tokens of a message in order; a reason template's {s:en} counts as {s}."""
    return [re.sub(r"^\{s:.*\}$", "{s}", t) for t in re.findall(r"(?<!\{)\{[^{}]*\}", text)]


def po_entries(path):
    """(msgid, msgstr) pairs of a PO file, plural forms as their first form."""
    entries, key, cur = [], None, {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[\d\]) "(.*)"$', line)
        if m:
            key = m.group(1)
            if key == "msgid" and cur:
                entries.append(cur)
                cur = {}
            cur[key] = m.group(2)
        elif line.startswith('"') and key:
            cur[key] += line[1:-1]
    if cur:
        entries.append(cur)
    return [(e["msgid"], e.get("msgstr", e.get("msgstr[0]", ""))) for e in entries if e.get("msgid")]


FREE = ("reason", "message", "seconds", "per_second")


def without_free_text(value):
    """A JSON value without its free-text `reason` and `message` fields."""
    if isinstance(value, dict):
        return {k: without_free_text(v) for k, v in value.items() if k not in FREE}
    if isinstance(value, list):
        return [without_free_text(v) for v in value]
    return value


@store_independent
class CatalogueTest(unittest.TestCase):
    def test_pot_is_what_the_sources_give(self):
        r = subprocess.run([os.path.join(SOURCE, "po", "update-catalogue"), "--check"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_every_message_is_translated(self):
        r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull,
                            os.path.join(SOURCE, "po", "nl.po")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr, r"^\d+ translated messages\.\s*$", r.stderr)

    def test_translations_keep_their_placeholders(self):
        entries = po_entries(os.path.join(SOURCE, "po", "nl.po"))
        self.assertGreater(len(entries), 500)
        for msgid, msgstr in entries:
            self.assertEqual(placeholders(msgid), placeholders(msgstr), msgid)


class LanguageCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ifg-lang-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.db = os.path.join(self.dir, "ifg.db")
        self.store = sut.Store(self, self.db)

    def run_ifg(self, *args, actor=COORD, lang=None, env=None, raw=False, stdout=None):
        e = env_without_language(IFG_DB=self.db, IFG_NOW=NOW, IFG_TESTING="1")
        if actor:
            e["IFG_ACTOR"] = actor
        e.update(env or {})
        argv = [IFG] + (["--lang", lang] if lang else []) + list(args)
        argv, e = self.store.command(argv, e)
        if stdout is not None:
            return subprocess.run(argv, cwd=self.dir, env=e, stdout=stdout,
                                  stderr=subprocess.PIPE, timeout=60)
        return subprocess.run(argv, cwd=self.dir, env=e, capture_output=True, text=not raw,
                              timeout=60)

    def ok(self, *args, **kw):
        r = self.run_ifg(*args, **kw)
        self.assertEqual(r.returncode, 0, "ifg %s: %s" % (" ".join(args), r.stderr))
        return r.stdout

    def init(self, extra_toml=""):
        config = os.path.join(self.dir, "flanders.toml")
        with open(os.path.join(SOURCE, "examples", "flanders.toml"), encoding="utf-8") as f:
            text = f.read()
        with open(config, "w", encoding="utf-8") as f:
            f.write(extra_toml + "\n" + text)
        self.ok("init", "--config", config, actor=None)

    def family(self):
        """One accepted case with a plan and a meeting; its id."""
        case = self.ok("--quiet", "register", "--from",
                       os.path.join(SOURCE, "examples", "referral.toml")).strip()
        self.ok("screen", case)
        self.ok("decide", case, "--accept", "--motivation", "Heel onveilig; hulp zit vast.")
        self.ok("meeting", "add", case, "--date", "27/11/2026", "--attendee", COORD,
                "--attendee", "dir.ant", "--basis", "decreet", "--purpose", "Analyse")
        self.ok("plan", "add", case, "--action", "Noodopvang zoeken", "--domain", "huisvesting",
                "--professional", "dir.ant", "--due", "5/12/2026")
        return case


class HelpTest(LanguageCase):
    def commands(self):
        """Every command path, from the English help's lists of subcommands."""
        paths, todo = [], [[]]
        while todo:
            path = todo.pop()
            paths.append(path)
            out = self.ok(*path, "--help", actor=None, lang="en")
            section = False
            for line in out.splitlines():
                if line.startswith("Subcommands:"):
                    section = True
                elif section and re.match(r"^  [a-z]", line):
                    todo.append(path + [line.split()[0]])
                elif section and line and not line.startswith(" "):
                    section = False
        return paths

    @store_independent
    def test_no_english_left_in_the_dutch_help(self):
        paths = self.commands()
        self.assertGreater(len(paths), 30)
        for path in paths:
            en = self.ok(*path, "--help", actor=None, lang="en").splitlines()
            nl = self.ok(*path, "--help", actor=None, lang="nl").splitlines()
            english = {line.strip() for line in en
                       if len(re.findall(r"\b[a-z]{3,}\b", line.split("  ")[-1])) >= 3}
            left = [line for line in nl if line.strip() in english]
            self.assertEqual(left, [], "ifg %s --help --lang nl" % " ".join(path))

    def test_the_order_of_the_choices(self):
        self.init('[ui]\nlanguage = "nl"\n')
        no_case = ["screen", "ANT-2099-0001"]
        dutch, english = "dossier", "case"
        self.assertIn(dutch, self.run_ifg(*no_case).stderr.lower())
        self.assertNotIn("not found", self.run_ifg(*no_case).stderr)
        self.assertIn("not", self.run_ifg(*no_case, lang="en").stderr)
        self.assertIn("not", self.run_ifg(*no_case, env={"IFG_LANG": "en"}).stderr)
        r = self.run_ifg(*no_case, env={"IFG_LANG": "en"}, lang="nl")
        self.assertIn(dutch, r.stderr.lower())
        r = self.run_ifg("--help", actor=None, env={"LANG": "nl_BE.UTF-8"})
        self.assertIn("Opdrachten:", r.stdout)
        r = self.run_ifg("--help", actor=None, env={"LANGUAGE": "fr:nl", "LANG": "en_GB.UTF-8"})
        self.assertIn("Opdrachten:", r.stdout)
        self.assertIn("Subcommands:", self.run_ifg("--help", actor=None).stdout)
        self.assertIn(english, self.run_ifg("--help", actor=None).stdout)
        r = self.run_ifg("--help", actor=None, lang="fr")
        self.assertEqual(r.returncode, 2)
        self.assertIn("nl or en", r.stderr)


class JsonTest(LanguageCase):
    def test_json_is_the_same_in_both_languages(self):
        self.init()
        batch = os.path.join(SOURCE, "examples", "referrals.jsonl")
        r = self.run_ifg("--quiet", "screen", "--batch", batch, "--format", "json",
                         "--dry-run", actor="coord.vl", lang="en")
        r_nl = self.run_ifg("--quiet", "screen", "--batch", batch, "--format", "json",
                            "--dry-run", actor="coord.vl", lang="nl")
        self.assertEqual(r.returncode, r_nl.returncode)
        self.compare(r.stdout, r_nl.stdout)
        self.assertNotEqual(r.stdout, r_nl.stdout, "the reasons are translated")
        case = self.family()
        for args in (["screen", case], ["case", "list"], ["plan", "list", case], ["log", case],
                     ["meeting", "list", case], ["person", "list", case],
                     ["report", "case", case], ["report", "region", "--region", "ANT"],
                     ["report", "actions"], ["partner", "list"]):
            en = self.ok(*args, "--format", "json", lang="en")
            nl = self.ok(*args, "--format", "json", lang="nl")
            self.compare(en, nl, " ".join(args))

    def compare(self, en, nl, what="screen --batch"):
        a, b = json.loads(en), json.loads(nl)
        self.assertEqual(without_free_text(a), without_free_text(b), what)

    def test_reasons_carry_a_code_and_parameters(self):
        self.init()
        case = self.family()
        en = json.loads(self.ok("screen", case, "--format", "json", lang="en"))
        nl = json.loads(self.ok("screen", case, "--format", "json", lang="nl"))
        by_id = {c["id"]: c for c in en["criteria"]}
        channel = by_id["referral_channel"]
        self.assertEqual(channel["reason_code"], "referral_channel.via")
        self.assertEqual(channel["reason"], "came in via " + channel["reason_params"]["channel"])
        domains = by_id["multiple_domains"]
        self.assertIsInstance(domains["reason_params"]["life_domains"], list)
        self.assertEqual(domains["reason_params"]["count"], len(domains["reason_params"]["life_domains"]))
        nl_domains = {c["id"]: c for c in nl["criteria"]}["multiple_domains"]
        self.assertIn("leefdomeinen", nl_domains["reason"])


class DutchInputTest(LanguageCase):
    def test_dutch_values_and_belgian_dates(self):
        self.init()
        case = self.family()
        plan = json.loads(self.ok("plan", "list", case, "--format", "json"))
        self.assertEqual(plan[0]["due"], "2026-12-05")
        meetings = json.loads(self.ok("meeting", "list", case, "--format", "json"))
        self.assertEqual(meetings[0]["date"], "2026-11-27")
        self.assertEqual(meetings[0]["basis"], "decree")
        self.ok("assign", case, "--director", "dir.ant", "--reason", "kent het gezin")
        self.ok("plan", "activate", case)
        self.ok("plan", "set", case, "1", "--status", "lopend", "--note", "Contact gelegd",
                actor="dir.ant", lang="nl")
        plan = json.loads(self.ok("plan", "list", case, "--format", "json"))
        self.assertEqual(plan[0]["status"], "in_progress")
        r = self.run_ifg("plan", "set", case, "1", "--status", "bijna", lang="nl", actor="dir.ant")
        self.assertEqual(r.returncode, 2)
        self.assertIn("in_progress (lopend)", r.stderr)
        r = self.run_ifg("plan", "set", case, "1", "--due", "31/2/2027", actor="dir.ant")
        self.assertEqual(r.returncode, 2)
        self.assertIn("dd/mm/yyyy", r.stderr)
        self.ok("close", case, "--reason", "doelen bereikt", "--note", "Afgerond")
        events = json.loads(self.ok("log", case, "--format", "json"))
        self.assertEqual(events[-1]["details"]["reason"], "goals_reached")


class LocalTimeTest(LanguageCase):
    def test_times_in_text_are_brussels_time(self):
        self.init()
        case = self.family()
        nl = self.ok("log", case, lang="nl")
        en = self.ok("log", case, lang="en")
        self.assertIn("28/11/2026 11:00", nl)
        self.assertIn("2026-11-28 11:00 +01:00", en)
        self.assertNotIn("10:00:00Z", nl + en)
        events = json.loads(self.ok("log", case, "--format", "json", lang="nl"))
        self.assertEqual(events[0]["at"], NOW)
        summer = self.ok("log", case, lang="nl", env={"IFG_NOW": "2026-07-01T10:00:00Z"})
        self.assertIn("28/11/2026 11:00", summer)
        html = self.ok("report", "case", case, "--format", "html", lang="nl")
        self.assertIn('lang="nl"', html)
        self.assertIn("28/11/2026 11:00", html)
        self.assertIn('lang="en"', self.ok("report", "case", case, "--format", "html", lang="en"))


class ExcelCsvTest(LanguageCase):
    def test_excel_dialect_output_has_the_same_cells(self):
        self.init()
        case = self.family()
        for args in (["plan", "list", case], ["case", "list"], ["report", "region", "--region", "ANT"]):
            plain = self.run_ifg(*args, "--format", "csv", raw=True).stdout
            excel = self.run_ifg(*args, "--format", "csv", "--csv-dialect", "excel", raw=True).stdout
            self.assertTrue(excel.startswith(b"\xef\xbb\xbf"), args)
            self.assertIn(b"\r\n", excel)
            rows = list(csv.reader(io.StringIO(plain.decode("utf-8"), newline="")))
            excel_rows = list(csv.reader(io.StringIO(excel[3:].decode("utf-8"), newline=""),
                                         delimiter=";"))
            self.assertEqual(rows, excel_rows, args)

    def test_ui_csv_dialect_is_the_default_and_the_option_wins(self):
        self.init('[ui]\ncsv_dialect = "excel"\n')
        out = self.run_ifg("case", "list", "--format", "csv", raw=True).stdout
        self.assertTrue(out.startswith(b"\xef\xbb\xbf"))
        out = self.run_ifg("case", "list", "--format", "csv", "--csv-dialect", "rfc4180",
                           raw=True).stdout
        self.assertFalse(out.startswith(b"\xef\xbb\xbf"))

    def test_a_file_saved_by_belgian_excel_is_read(self):
        self.init()
        source = os.path.join(SOURCE, "examples", "referrals.csv")
        with open(source, encoding="utf-8", newline="") as f:
            rows = [r for r in csv.reader(f, delimiter=";")]
        rows = [rows[0]] + [r for r in rows[1:] if len(r) == len(rows[0])][:5]
        header = rows[0]
        out = io.StringIO()
        w = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for i, row in enumerate(rows):
            if i:
                row = [self.belgian(header[k], v) for k, v in enumerate(row)]
            w.writerow(row)
        excel = os.path.join(self.dir, "excel.csv")
        with open(excel, "wb") as f:
            f.write(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
        want = self.run_ifg("--quiet", "screen", "--batch", source, "--dry-run", "--format",
                            "json", "--input-format", "csv", actor="coord.vl")
        got = self.run_ifg("--quiet", "screen", "--batch", excel, "--dry-run", "--format",
                           "json", "--csv-dialect", "excel", actor="coord.vl")
        want_results = json.loads(want.stdout)["results"][:5]
        got_results = json.loads(got.stdout)["results"]
        for w_, g_ in zip(want_results, got_results):
            for k in ("source",):
                w_.pop(k, None)
                g_.pop(k, None)
        self.assertEqual(want_results, got_results, got.stderr)

    @staticmethod
    def belgian(column, value):
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", value)
        if m:
            return "%d/%d/%s" % (int(m.group(3)), int(m.group(2)), m.group(1))
        if value in ("true", "false"):
            return {"true": "ja", "false": "nee"}[value]
        return value


class ReviewFixesTest(LanguageCase):
    def test_report_csv_is_the_same_in_both_languages(self):
        self.init()
        case = self.family()
        for args in (["report", "case", case], ["report", "region", "--region", "ANT"],
                     ["report", "actions"], ["report", "caseload"]):
            en = self.ok(*args, "--format", "csv", lang="en")
            nl = self.ok(*args, "--format", "csv", lang="nl")
            if args[1] == "case":  # the criteria's free-text reasons are written for people
                en, nl = (re.sub(r"(?m)^criteria,[a-z_]+,(pass|fail|unknown),.*$", "", t)
                          for t in (en, nl))
            self.assertEqual(en, nl, args)

    def test_output_replaces_a_file_only_when_the_command_succeeds(self):
        self.init()
        path = os.path.join(self.dir, "keep.txt")
        with open(path, "w") as f:
            f.write("precious")
        os.chmod(path, 0o644)
        r = self.run_ifg("case", "list", "--format", "bogus", "--output", path)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(open(path).read(), "precious")
        self.ok("case", "list", "--format", "csv", "--output", path)
        self.assertTrue(open(path).read().startswith("case,"))
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        self.assertEqual([n for n in os.listdir(self.dir) if ".ifg-" in n], [])  # no temporary left

    def test_a_bad_dialect_is_refused_with_any_format(self):
        self.init()
        r = self.run_ifg("case", "list", "--format", "json", "--csv-dialect", "tsv")
        self.assertEqual(r.returncode, 2)
        self.assertIn("rfc4180 or excel", r.stderr)

    def test_only_the_received_column_is_read_as_a_belgian_date(self):
        self.init()
        source = os.path.join(SOURCE, "examples", "referrals.csv")
        with open(source, encoding="utf-8", newline="") as f:
            rows = [r for r in csv.reader(f, delimiter=";")][:2]
        header, row = rows
        row[header.index("external_ref")] = "1/2/2026"
        row[header.index("received")] = "6/1/2026"
        excel = os.path.join(self.dir, "excel.csv")
        with open(excel, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";", lineterminator="\r\n").writerows([header, row])
        r = self.run_ifg("--quiet", "screen", "--batch", excel, "--format", "json",
                         "--csv-dialect", "excel", actor="coord.vl")
        result = json.loads(r.stdout)["results"][0]
        self.assertEqual(result["external_ref"], "1/2/2026", r.stderr)
        self.assertNotEqual(result["outcome"], "invalid", result)


class XlsxTest(LanguageCase):
    def sheet_xml(self, path):
        z = zipfile.ZipFile(path)
        names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
        sheets = [z.read("xl/worksheets/sheet%d.xml" % (i + 1)).decode() for i in range(len(names))]
        return names, sheets, z.read("xl/styles.xml").decode()

    def test_a_list_as_a_workbook(self):
        self.init()
        case = self.family()
        path = os.path.join(self.dir, "plan.xlsx")
        self.ok("plan", "list", case, "--format", "xlsx", "--output", path)
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        names, sheets, styles = self.sheet_xml(path)
        self.assertEqual(names, ["plan list"])
        xml = sheets[0]
        self.assertIn('state="frozen"', xml)
        self.assertIn('ySplit="1"', xml)
        self.assertIn("<b/>", styles)
        self.assertRegex(xml, r'<c r="A2"[^>]*><v>1</v></c>')  # the action number, a number
        self.assertIn('numFmtId="164"', styles)  # the dd/mm/yyyy format of dates
        due = json.loads(self.ok("plan", "list", case, "--format", "json"))[0]["due"]
        serial = (__import__("datetime").date.fromisoformat(due)
                  - __import__("datetime").date(1899, 12, 30)).days
        self.assertRegex(xml, r'<c r="[A-Z]+2" s="\d+"><v>%d</v></c>' % serial)

    def test_a_report_as_a_workbook_with_its_title(self):
        self.init()
        self.family()
        raw = self.run_ifg("report", "region", "--region", "ANT", "--format", "xlsx",
                           raw=True, stdout=subprocess.PIPE)
        self.assertEqual(raw.returncode, 0, raw.stderr)
        path = os.path.join(self.dir, "region.xlsx")
        with open(path, "wb") as f:
            f.write(raw.stdout)
        names, sheets, _ = self.sheet_xml(path)
        self.assertGreater(len(names), 1)
        self.assertEqual(len(set(names)), len(names))
        z = zipfile.ZipFile(path)
        strings = z.read("xl/sharedStrings.xml").decode()
        self.assertIn("ANT", strings)
        for xml in sheets:
            self.assertIn('state="frozen"', xml)

    def test_a_workbook_is_not_written_to_a_terminal(self):
        self.init()
        master, slave = pty.openpty()
        try:
            r = self.run_ifg("case", "list", "--format", "xlsx", stdout=slave)
        finally:
            os.close(slave)
            os.close(master)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--output", r.stderr)


if __name__ == "__main__":
    IFG = os.path.abspath(sys.argv.pop(1))
    SOURCE = os.path.abspath(sys.argv.pop(1))
    schema_check.install(IFG)
    unittest.main(verbosity=2)
