#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The JSON Schemas of schemas/ against the examples, the CLI's outputs and the fuzz corpus.

Usage: /usr/bin/python3 tests/schema_test.py PATH/TO/ifg SOURCE_DIR

  (a) every schema is a valid Draft 2020-12 schema, with a urn:ifg:schema: $id;
  (b) every example validates: examples/referral.json, each line of
      examples/referrals.jsonl, the referral TOML files (as the JSON ifg makes of
      them), examples/flanders.toml against the configuration schema;
  (c) the CLI's JSON outputs validate, and each object document carries
      "format_version": 1: init, register, screen (one case, --batch json and
      jsonl), update, every report, the lists, case list/find, log, audit,
      person cases, export person, on the database scripts/demo builds;
  (d) a referral with "format_version": 1 is read, one with another version is
      invalid, naming the field;
  (e) over the fuzz corpus (fuzz/corpus and fuzz/regressions, fuzz_json and
      fuzz_jsonl), the schema's verdict on each record equals ifg's (invalid or
      not), but for the KNOWN_EXCEPTIONS listed below with their reasons;
  (f) the referral schema's enumerations are the codes and aliases of lib/model.cpp
      (an alias added there without the schema fails here);
  (g) over fuzz_config, the configuration schema's verdict equals `ifg init`'s, but
      for the checks across entries and the database (ConfigAgreementTest.KNOWN).

Needs Debian's python3-jsonschema: it fails, not skips, without it.
All people are synthetic.
"""

import datetime
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unittest

import schema_check

IFG = ""
SOURCE = ""
NOW = "2026-11-28T10:00:00Z"
TMP = ""
DEMO = ""

# What the schema cannot know, so that ifg rejects a record the schema accepts:
# (field prefix, part of ifg's message, reason). Each is documented in
# docs/formats.md ("JSON Schemas").
KNOWN_EXCEPTIONS = [
    ("region", "is not configured", "the configured regions are in the database, not the schema"),
    ("referrer.partner", "is not configured", "likewise the configured partners"),
    ("received", "lies in the future", "today is not known to a schema"),
    ("persons[", "is not a year from 1900 to", "nor is this year, the last birth year"),
]
# Not listed, as no record of the corpus has them, but documented: JSON Schema counts
# 1991.0 as an integer where ifg wants 1991 (birth_year, the 1/0 of a boolean).


def run(*args, db=None, check=True, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
    env.update(IFG_DB=db or os.path.join(DEMO, "ifg.db"), IFG_NOW=NOW, IFG_TESTING="1",
               IFG_LANG="en")
    p = subprocess.run([IFG, *args], env=env, capture_output=True, text=True, timeout=300,
                       input=stdin)
    if check and p.returncode != 0:
        raise AssertionError(f"ifg {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p


def checked(*args, **kw):
    """Runs ifg, validates its JSON stdout against its command's schema, returns it parsed."""
    p = run(*args, **kw)
    schema_check.check_run(list(args), p.stdout)
    return p


def strict_json(text):
    """The JSON value of `text` as ifg reads it, or raises ValueError: a repeated
    key, a number beyond a double, NaN and Infinity are refused (Python accepts them)."""
    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise ValueError("a key is given twice")
        return dict(items)

    def number(s):
        f = float(s)
        if math.isinf(f):
            raise ValueError("a number beyond a double")
        return f

    def constant(s):
        raise ValueError(f"{s} is not JSON")

    return json.loads(text, object_pairs_hook=pairs, parse_float=number, parse_constant=constant)


def toml_as_json(value):
    """The JSON that ifg makes of a TOML value: a native date becomes YYYY-MM-DD."""
    if isinstance(value, dict):
        return {k: toml_as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [toml_as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class SchemasTest(unittest.TestCase):
    def test_each_schema_is_valid_draft_2020_12(self):
        js = schema_check._jsonschema()
        names = schema_check.schemas()
        for required in ["referral", "screening-result", "batch-summary", "batch", "config",
                         "report-case", "report-region", "report-actions", "report-caseload"]:
            self.assertIn(required, names)
        for name, s in names.items():
            with self.subTest(schema=name):
                js.Draft202012Validator.check_schema(s)
                self.assertEqual(s["$schema"], "https://json-schema.org/draft/2020-12/schema")
                self.assertEqual(s["$id"], f"urn:ifg:schema:{name}:1")
                schema_check.validator(name)  # every $ref resolves when used

    def test_every_report_of_the_cli_has_a_schema(self):
        with open(os.path.join(SOURCE, "cli", "report.cpp"), encoding="utf-8") as f:
            text = f.read()
        for name in ["case", "region", "actions", "caseload"]:
            self.assertIn(f'add_subcommand("{name}"', text)
            self.assertIn(f"report-{name}", schema_check.schemas())


class EnumerationsTest(unittest.TestCase):
    """The referral schema's enumerations hold exactly the codes and aliases of lib/model.cpp,
    so an alias added there without the schema fails here."""

    DEFS = {"ReferrerKind": "referrer/properties/kind", "Channel": "channel", "Safety": "safety",
            "HelpStatus": "help_status", "MeasuresStatus": "measures_status", "Sector": "sector",
            "PersonRole": "person/properties/role", "PartnerKind": "partner_kind"}

    def setUp(self):
        with open(os.path.join(SOURCE, "lib", "model.cpp"), encoding="utf-8") as f:
            self.model = f.read()
        self.schema = schema_check.schemas()["referral"]

    def definition(self, path):
        node = self.schema["$defs"]
        for part in path.split("/"):
            node = node[part]
        return node

    def check(self, path, words):
        pattern = self.definition(path)["pattern"]
        alternatives = pattern[pattern.index("(") + 1:pattern.rindex(")")].split("|")
        self.assertEqual(len(alternatives), len(words), f"{path}: {words}")
        for word in words:
            for typed in (word, word.upper(), f" {word.replace('_', '-')}\t"):
                self.assertEqual(schema_check.errors(typed, f"referral#/$defs/{path}"), [],
                                 f"{path}: {typed!r}")
            self.assertTrue(schema_check.errors(word + "x", f"referral#/$defs/{path}"))

    def test_each_enumeration(self):
        for enum, path in self.DEFS.items():
            with self.subTest(enum=enum):
                start = self.model.index(f"IFG_ENUM_TABLE({enum},")
                table = self.model[start:self.model.index(");", start)]
                self.check(path, re.findall(r'"([^"]*)"', table))

    def test_life_domains(self):
        start = self.model.index("const std::vector<std::string>& default_life_domains()")
        end = self.model.index("return std::nullopt", start)
        words = set(re.findall(r'"([^"]*)"', self.model[start:end]))
        words.discard("financi\u00cbn")  # the upper-case form of an alias: lower-casing is ASCII only
        self.check("life_domain", sorted(words))


class ExamplesTest(unittest.TestCase):
    def example(self, name):
        return os.path.join(SOURCE, "examples", name)

    def test_referral_json(self):
        with open(self.example("referral.json"), encoding="utf-8") as f:
            schema_check.check(strict_json(f.read()), "referral", "examples/referral.json")

    def test_referrals_jsonl_each_line_a_batch_record(self):
        # Three of its records are invalid on purpose (the demo shows them): an unknown
        # safety and an unknown key, which the schema finds, and a date in the future,
        # which only ifg can (KNOWN_EXCEPTIONS); FuzzAgreementTest checks every line.
        with open(self.example("referrals.jsonl"), encoding="utf-8") as f:
            lines = [line for line in f if line.strip()]
        self.assertGreater(len(lines), 100)
        refused = [n for n, line in enumerate(lines, 1)
                   if schema_check.errors(strict_json(line), "referral#/$defs/batch_record")]
        self.assertEqual(refused, [42, 98])

    def test_referral_toml_files(self):
        for name in sorted(os.listdir(os.path.join(SOURCE, "examples"))):
            if name.endswith(".toml") and name.startswith("referral"):
                with open(self.example(name), "rb") as f:
                    doc = toml_as_json(tomllib.load(f))
                for i, rec in enumerate(doc.get("referral", [doc])):
                    schema_check.check(rec, "referral", f"examples/{name} record {i + 1}")

    def test_configuration(self):
        with open(self.example("flanders.toml"), "rb") as f:
            schema_check.check(toml_as_json(tomllib.load(f)), "config", "examples/flanders.toml")

    def test_the_schemas_refuse_what_ifg_refuses(self):
        with open(self.example("referral.json"), encoding="utf-8") as f:
            good = json.load(f)
        bad = [{**good, "sector": ["welfare"]}, {**good, "referrer": {"kind": "burger", "naam": "A"}},
               {**good, "safety": "dangerous"}, {**good, "received": "2026-11-31"},
               {**good, "received": "02/11/2026"}, {**good, "format_version": 2},
               {k: v for k, v in good.items() if k != "region"},
               {**good, "persons": [{"name": "Person A."}]}, {**good, "summary": "x" * 10001}]
        for doc in bad:
            with self.subTest(doc=str(doc)[:80]):
                self.assertTrue(schema_check.errors(doc, "referral"))
        ok = [{**good, "safety": " Heel onveilig ", "channel": None, "summary": "",
               "life_domains": ["FINANCIËN", None, "werk-onderwijs"], "format_version": 1,
               "regular_cooperation_sufficient": "Nee", "persons": [{"role": "kind", "birth_year": "2016"}]}]
        for doc in ok:
            self.assertEqual(schema_check.errors(doc, "referral"), [])
        with open(self.example("flanders.toml"), "rb") as f:
            cfg = toml_as_json(tomllib.load(f))
        self.assertTrue(schema_check.errors({**cfg, "screening": {"min_life_domain": 2}}, "config"))
        self.assertTrue(schema_check.errors({**cfg, "region": [{"code": "A1", "name": "x"}]}, "config"))


class CliOutputTest(unittest.TestCase):
    """Each JSON document the CLI writes on the demo's database, against its schema."""

    @classmethod
    def setUpClass(cls):
        cases = json.loads(checked("--as", "coord.vl", "case", "list", "--format", "json").stdout)
        cls.cases = cases["cases"]
        walked = [c["case"] for c in cls.cases if c["status"] not in ("registered", "screened")]
        cls.walked = walked[:6] + [c["case"] for c in cls.cases if c["status"] == "screened"][:1]

    def test_format_version_everywhere(self):
        docs = [checked("--as", "coord.vl", "case", "list", "--format", "json"),
                checked("--as", "coord.ant", "report", "actions", "--format", "json"),
                checked("--as", "coord.ant", "audit", "head", "--format", "json")]
        for p in docs:
            self.assertEqual(json.loads(p.stdout)["format_version"], 1)

    def test_reports(self):
        for args in (["report", "region", "--region", "ANT"], ["report", "region"],
                     ["report", "actions"], ["report", "actions", "--overdue"], ["report", "caseload"]):
            for actor in ("coord.ant", "analyst.ant"):
                if actor == "analyst.ant" and args[1] != "region":
                    continue
                with self.subTest(args=args, actor=actor):
                    checked("--as", actor, *args, "--format", "json")
        for case in self.walked:
            with self.subTest(case=case):
                doc = json.loads(checked("--as", "coord.vl", "report", "case", case,
                                         "--format", "json").stdout)
                self.assertEqual(doc["format_version"], 1)

    def test_screen_one_case(self):
        for case in self.walked[-1:]:
            for fmt in ("json", "jsonl"):
                checked("--as", "coord.vl", "screen", case, "--format", fmt)

    def test_lists_of_a_case(self):
        for case in self.walked:
            for args in (["meeting", "list", case], ["plan", "list", case], ["log", case],
                         ["person", "list", case], ["person", "links", "--case", case]):
                for fmt in ("json", "jsonl"):
                    with self.subTest(args=args, fmt=fmt):
                        checked("--as", "coord.vl", *args, "--format", fmt)
            checked("--as", "coord.vl", "person", "cases", case, "1", "--format", "json")

    def test_other_lists_and_audit(self):
        for args in (["partner", "list"], ["professional", "list"], ["case", "list"],
                     ["audit", "show", "--case", self.walked[0]]):
            for fmt in ("json", "jsonl"):
                with self.subTest(args=args, fmt=fmt):
                    checked("--as", "coord.vl", *args, "--format", fmt)
        checked("--as", "coord.vl", "risk", "instruments", "--format", "json")
        checked("audit", "verify", "--format", "json")
        checked("audit", "verify", "--state", "--format", "json")
        checked("--as", "coord.ant", "case", "find", "--name", "Person F1", "--format", "json")
        p = checked("--as", "coord.ant", "export", "person", "--name", "Person F1")
        self.assertEqual(json.loads(p.stdout)["format_version"], 1)


class FreshDatabaseTest(unittest.TestCase):
    """init, register, screen --batch, update and a change on a database of their own."""

    def setUp(self):
        self.db = os.path.join(tempfile.mkdtemp(dir=TMP), "ifg.db")
        self.examples = os.path.join(SOURCE, "examples")
        checked("--as", "coord.vl", "init", "--config", os.path.join(self.examples, "flanders.toml"),
                "--format", "json", db=self.db)

    def test_batch_single_and_change(self):
        batch = os.path.join(self.examples, "referrals.jsonl")
        doc = json.loads(checked("--as", "coord.vl", "--quiet", "screen", "--batch", batch,
                                 "--dry-run", "--format", "json", db=self.db, check=False).stdout)
        self.assertEqual(doc["format_version"], 1)
        schema_check.check(doc["summary"], "batch-summary", "the batch summary")
        lines = checked("--as", "coord.vl", "--quiet", "screen", "--batch", batch,
                        "--format", "jsonl", db=self.db, check=False).stdout.splitlines()
        self.assertEqual(len(lines), 200)
        self.assertTrue(all(json.loads(line)["format_version"] == 1 for line in lines))
        p = checked("--as", "coord.ant", "register", "--from",
                    os.path.join(self.examples, "referral.json"), "--format", "json", db=self.db)
        case = json.loads(p.stdout)["case"]
        self.assertEqual(json.loads(p.stdout)["format_version"], 1)
        checked("--as", "coord.ant", "screen", case, "--format", "json", db=self.db)
        checked("--as", "coord.ant", "update", case, "--set", "summary=Updated.", "--format", "json",
                db=self.db)
        checked("--as", "coord.ant", "decide", case, "--accept", "--motivation", "Very unsafe",
                "--format", "json", db=self.db)

    def test_format_version_of_a_referral_file(self):
        with open(os.path.join(self.examples, "referral.json"), encoding="utf-8") as f:
            good = json.load(f)
        for version, valid in ((1, True), (None, True), (2, False), ("1", False)):
            with self.subTest(version=version):
                path = os.path.join(TMP, "versioned.json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump({**good, "format_version": version}, f)
                p = run("--as", "coord.vl", "--quiet", "screen", "--batch", path, "--dry-run",
                        "--format", "jsonl", db=self.db, check=False)
                result = json.loads(p.stdout)
                self.assertEqual(result["outcome"] != "invalid", valid, p.stdout)
                self.assertEqual(p.returncode, 0 if valid else 5)
                if not valid:
                    self.assertEqual([e["field"] for e in result["errors"]], ["format_version"])
                    self.assertIn("format_version must be 1", result["errors"][0]["message"])
                    r = run("--as", "coord.ant", "register", "--from", path, db=self.db, check=False)
                    self.assertEqual(r.returncode, 5, r.stderr)
                    self.assertIn("format_version", r.stderr)
                    self.assertIn("versioned.json", r.stderr)
                self.assertEqual(not schema_check.errors({**good, "format_version": version},
                                                         "referral"), valid)


class FuzzAgreementTest(unittest.TestCase):
    """The referral schema and ifg agree on every record of the fuzz corpus."""

    @classmethod
    def setUpClass(cls):
        cls.db = os.path.join(tempfile.mkdtemp(dir=TMP), "ifg.db")
        run("--as", "coord.vl", "init", "--config", os.path.join(SOURCE, "examples", "flanders.toml"),
            db=cls.db)

    def ifg_records(self, path, fmt):
        """{line: (invalid?, errors)} of ifg's dry run over `path`, or None when the file is
        refused as a whole."""
        p = run("--as", "coord.vl", "--quiet", "screen", "--batch", path, "--input-format", fmt,
                "--dry-run", "--format", "jsonl", db=self.db, check=False)
        self.assertIn(p.returncode, (0, 5), p.stderr)
        if p.returncode == 5 and not p.stdout.strip():
            return None
        out = {}
        for line in p.stdout.splitlines():
            r = json.loads(line)
            out[int(r["source"].rsplit(":", 1)[1])] = (r["outcome"] == "invalid", r["errors"])
        return out

    def agree(self, where, doc_or_error, ifg_invalid, ifg_errors, counts):
        if isinstance(doc_or_error, Exception):
            schema_problems = [f"unreadable: {doc_or_error}"]
        else:
            schema_problems = schema_check.errors(doc_or_error, "referral#/$defs/batch_record")
        if bool(schema_problems) == ifg_invalid:
            counts["agree"] += 1
            return
        if not schema_problems and ifg_invalid and all(
                any(e["field"] and e["field"].startswith(f) and m in e["message"]
                    for f, m, _ in KNOWN_EXCEPTIONS) for e in ifg_errors):
            counts["known"] += 1
            print(f"\nknown exception: {where}: {[e['field'] for e in ifg_errors]}", file=sys.stderr)
            return
        self.fail(f"{where}: the schema says {'invalid' if schema_problems else 'valid'} "
                  f"({schema_problems[:3]}), ifg says {'invalid' if ifg_invalid else 'valid'} "
                  f"({ifg_errors[:3]})")

    def files(self, kind):
        """The fuzz corpus and regressions of `kind`, and the examples of that format."""
        for root in ("corpus", "regressions"):
            folder = os.path.join(SOURCE, "fuzz", root, kind)
            for name in sorted(os.listdir(folder)):
                yield os.path.join(folder, name)
        yield os.path.join(SOURCE, "examples", "referral.json" if kind == "fuzz_json" else "referrals.jsonl")

    def test_json_files(self):
        counts = {"agree": 0, "known": 0}
        for path in self.files("fuzz_json"):
            with self.subTest(file=os.path.basename(path)):
                records = self.ifg_records(path, "json")
                try:
                    with open(path, encoding="utf-8-sig") as f:
                        doc = strict_json(f.read())
                except ValueError as e:  # also invalid UTF-8 (UnicodeDecodeError)
                    self.assertIsNone(records, f"{path}: ifg read a file that is not JSON ({e})")
                    counts["agree"] += 1
                    continue
                self.assertIsNotNone(records, f"{path}: ifg refused a file of JSON")
                items = doc if isinstance(doc, list) else [doc]
                self.assertEqual(len(items), len(records), path)
                for item, line in zip(items, sorted(records)):
                    invalid, errors = records[line]
                    self.agree(f"{path}:{line}", item, invalid, errors, counts)
        print(f"\nfuzz_json: {counts}", file=sys.stderr)
        self.assertGreater(counts["agree"], 5, counts)

    def test_jsonl_lines(self):
        counts = {"agree": 0, "known": 0}
        for path in self.files("fuzz_jsonl"):
            with self.subTest(file=os.path.basename(path)):
                records = self.ifg_records(path, "jsonl")
                self.assertIsNotNone(records, path)
                with open(path, "rb") as f:
                    raw = f.read()
                if raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                lines = raw.split(b"\n")
                blank = {n for n, b in enumerate(lines, 1) if not b.strip(b" \t\r")}
                self.assertEqual(sorted(records), [n for n in range(1, len(lines) + 1)
                                                   if n not in blank], path)
                for line, (invalid, errors) in records.items():
                    try:
                        item = strict_json(lines[line - 1].decode("utf-8"))
                    except ValueError as e:
                        item = e
                    self.agree(f"{path}:{line}", item, invalid, errors, counts)
        print(f"\nfuzz_jsonl: {counts}", file=sys.stderr)
        self.assertGreater(counts["agree"], 200, counts)


class ConfigAgreementTest(unittest.TestCase):
    """The configuration schema and `ifg init` agree on every file of fuzz_config."""

    # What the configuration schema cannot know: ids across entries, and what the
    # database holds (docs/formats.md, "JSON Schemas").
    KNOWN = [("is defined twice", "an id given twice is a check across entries"),
             ("is not defined", "a region or partner may be defined in the database")]

    def test_each_file(self):
        counts = {"agree": 0, "known": 0}
        for root in ("corpus", "regressions"):
            folder = os.path.join(SOURCE, "fuzz", root, "fuzz_config")
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                with self.subTest(file=name):
                    db = os.path.join(tempfile.mkdtemp(dir=TMP), "ifg.db")
                    p = run("init", "--config", path, db=db, check=False)
                    self.assertIn(p.returncode, (0, 7), p.stderr)
                    try:
                        with open(path, "rb") as f:
                            problems = schema_check.errors(toml_as_json(tomllib.load(f)), "config")
                    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                        problems = [f"not TOML: {e}"]
                    if bool(problems) == (p.returncode != 0):
                        counts["agree"] += 1
                    elif not problems and any(m in p.stderr for m, _ in self.KNOWN):
                        counts["known"] += 1
                        print(f"\nknown exception: {name}: {p.stderr.strip()}", file=sys.stderr)
                    else:
                        self.fail(f"{name}: the schema says {problems[:3] or 'valid'}, "
                                  f"ifg exits {p.returncode}: {p.stderr.strip()}")
        print(f"\nfuzz_config: {counts}", file=sys.stderr)
        self.assertGreater(counts["agree"], 10, counts)


def main():
    global IFG, SOURCE, TMP, DEMO
    IFG, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    schema_check._jsonschema()  # fail loudly, never skip
    TMP = tempfile.mkdtemp(prefix="ifg-schema-")
    try:
        demo = subprocess.run([os.path.join(SOURCE, "scripts", "demo"), IFG, os.path.join(TMP, "d")],
                              cwd=SOURCE, capture_output=True, text=True, timeout=600)
        if demo.returncode != 0:
            print(demo.stdout[-3000:], demo.stderr[-3000:])
            raise SystemExit(f"scripts/demo exited {demo.returncode}")
        DEMO = os.path.join(TMP, "d")
        unittest.main(argv=sys.argv[:1], verbosity=2)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
