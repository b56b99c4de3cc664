#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The JSON Schemas of schemas/ applied to what the `ifg` command line prints.

Used two ways:

  * by tests/schema_test.py, which validates the examples, the CLI's outputs and
    the fuzz corpus against the schemas;
  * by every CLI test (tests/cli_*_test.py), which calls `install(IFG)`: when the
    environment sets IFG_SCHEMA_CHECK=1 (CTest does, see tests/CMakeLists.txt),
    every run of that binary whose stdout is JSON (`--format json|jsonl`,
    `export person`) is validated against the schema of its command, so each
    JSON output of the CLI tests is checked without running anything twice.

Needs Debian's python3-jsonschema (4.10: RefResolver); importing this module
with IFG_SCHEMA_CHECK=1, or calling validator(), fails loudly without it.
"""

import json
import os
import subprocess

SCHEMAS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "schemas")
PREFIX = "urn:ifg:schema:"

_cache = {}


def _jsonschema():
    try:
        import jsonschema  # noqa: F401  (Debian: python3-jsonschema)
    except ImportError as e:
        raise SystemExit(f"jsonschema cannot be imported ({e}): install python3-jsonschema and run "
                         "the schema checks with /usr/bin/python3") from e
    return jsonschema


def schemas():
    """Every schema of schemas/ by its file name without .schema.json."""
    if "all" not in _cache:
        out = {}
        for name in sorted(os.listdir(SCHEMAS)):
            if name.endswith(".schema.json"):
                with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
                    out[name[: -len(".schema.json")]] = json.load(f)
        _cache["all"] = out
    return _cache["all"]


def validator(ref):
    """A Draft 2020-12 validator, with format checking, of `ref`: a schema's name
    (`referral`) or a name and a pointer (`forms#/$defs/meeting`)."""
    if ref not in _cache:
        js = _jsonschema()
        store = {s["$id"]: s for s in schemas().values()}
        name, _, pointer = ref.partition("#")
        target = {"$ref": PREFIX + name + ":1" + ("#" + pointer if pointer else "")}
        resolver = js.RefResolver(base_uri="", referrer=target, store=store)
        _cache[ref] = js.Draft202012Validator(target, resolver=resolver,
                                              format_checker=js.Draft202012Validator.FORMAT_CHECKER)
    return _cache[ref]


def errors(doc, ref):
    """The problems of `doc` against `ref`, as 'path: message' lines (empty when valid)."""
    found = sorted(validator(ref).iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.message[:300]}" for e in found]


def check(doc, ref, what="document"):
    """Raises AssertionError when `doc` is not valid against `ref`."""
    problems = errors(doc, ref)
    if problems:
        raise AssertionError(f"{what} does not match schema {ref}:\n  " + "\n  ".join(problems[:10]))


# The schema of each command's JSON output: (document with --format json, one line of jsonl).
_LISTS = {"partner list": "partner", "professional list": "professional", "meeting list": "meeting",
          "plan list": "action", "log": "event", "audit show": "audit_entry",
          "person list": "case_person", "person links": "possible_link", "risk list": "assessment",
          "risk instruments": "instrument"}
_LIST_DEFS = {"partner list": "partner_list", "professional list": "professional_list",
              "meeting list": "meeting_list", "plan list": "plan_list", "log": "log",
              "audit show": "audit_show", "person list": "person_list", "person links": "person_links",
              "risk list": "risk_list", "risk instruments": "risk_instruments"}
_COMMANDS = {"screen", "register", "init", "report", "case", "audit", "log", "export", "person", "risk",
             "meeting", "plan", "decide", "assign", "close", "reopen", "transfer", "monitor", "purge",
             "update", "partner", "professional", "analyse", "activate"}
# Global options that take a value (so that value is not taken for a command).
_VALUED = {"--db", "--as", "--lang", "--justification", "--format", "--output", "--csv-dialect",
           "--config"}


def command_of(args):
    """('report region', 'json') for ['--as', 'x', 'report', 'region', '--format', 'json']."""
    words, fmt, i = [], None, 0
    while i < len(args):
        a = args[i]
        if a == "--format" and i + 1 < len(args):
            fmt = args[i + 1]
        elif a.startswith("--format="):
            fmt = a.split("=", 1)[1]
        if a in _VALUED:
            i += 2
            continue
        if not a.startswith("-") and (words or a in _COMMANDS) and len(words) < 2:
            words.append(a)
        elif a.startswith("-") and words:
            if len(words) == 1:
                words.append("")
        i += 1
    return " ".join(w for w in words if w), fmt


def refs_of(args):
    """(schema for the whole stdout, schema for each line) of an ifg run, or None."""
    command, fmt = command_of(args)
    if "--output" in args or any(a.startswith("--output=") for a in args):
        return None
    first = command.split(" ")[0] if command else ""
    if command == "export person":
        return ("export-person", None)
    if fmt not in ("json", "jsonl"):
        return None
    jsonl = fmt == "jsonl"
    if first in ("screen", "update"):
        if "--batch" in args:
            return (None, "screening-result") if jsonl else ("batch", None)
        return (None, "screening-result") if jsonl else ("screening-result", None)
    if first == "report":
        return ("report-" + command.split(" ")[1], None)
    for name, form in _LISTS.items():
        if command == name or (name == "log" and first == "log"):
            return (None, "forms#/$defs/" + form) if jsonl else ("list#/$defs/" + _LIST_DEFS[name], None)
    simple = {"case list": ("case-list", "forms#/$defs/case_list_row"),
              "case find": ("case-find", "forms#/$defs/found_case"),
              "audit head": ("audit-head", None), "audit verify": ("audit-verify", None),
              "person cases": ("person-cases", None), "init": ("init", None),
              "risk add": ("forms#/$defs/assessment", None)}
    key = "init" if first == "init" else command
    if key in simple:
        whole, line = simple[key]
        return (None, line) if jsonl else (whole, None)
    return ("change", None)


def check_run(args, stdout):
    """Validates what `ifg ARGS` printed on stdout (text) against its command's schema."""
    refs = refs_of(list(args))
    if not refs or not stdout or not stdout.strip():
        return
    whole, line = refs
    if whole:
        try:
            doc = json.loads(stdout)
        except ValueError:
            return  # not JSON: the test itself judges that
        check(doc, whole, f"`ifg {' '.join(args)}`")
    elif line:
        for n, text in enumerate(stdout.splitlines(), 1):
            try:
                doc = json.loads(text) if text.strip() else None
            except ValueError:
                continue  # a line cut by a killed run: the test itself judges that
            if doc is not None:
                check(doc, line, f"line {n} of `ifg {' '.join(args)}`")


_installed = []


def install(ifg):
    """With IFG_SCHEMA_CHECK=1: validate the JSON of every later subprocess.run of `ifg`."""
    if os.environ.get("IFG_SCHEMA_CHECK") != "1" or _installed:
        return
    _jsonschema()
    real = subprocess.run
    binary = os.path.realpath(ifg)

    def run(argv, *a, **kw):
        p = real(argv, *a, **kw)
        if (isinstance(argv, (list, tuple)) and argv and isinstance(p.stdout, str)
                and os.path.realpath(str(argv[0])) == binary):
            check_run([str(x) for x in argv[1:]], p.stdout)
        return p

    subprocess.run = run
    _installed.append(run)
