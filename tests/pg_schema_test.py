#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The PostgreSQL schema and compatibility layer (lib/pg/, issue 17) against
SQLite, which stays the reference:

* lib/pg/schema.sql against the schema `ifg init` leaves in an SQLite
  database: tables, columns in order with their types, NOT NULL and
  defaults, primary keys, UNIQUE, CHECK and foreign keys, indexes (columns,
  expressions, partial predicates) and the audit trail's triggers, each
  compared and, where PostgreSQL spells it differently, evaluated on both
  engines; the schema version; the refusal of a database that does not sort
  as SQLite.
* The rows of a database ifg filled (a registered case taken through a
  meeting, an action, a director and a new person, and a batch) copied into
  PostgreSQL: the state images built there with ifg.json_compact and
  ifg.ifg_commit are byte for byte the ones ifg wrote into its audit trail.
* lib/pg/compat.sql against SQLite itself: the same expression, run by
  Python's sqlite3 (Debian's SQLite, the one ifg uses) and by PostgreSQL on
  the same values, gives the same result: json_extract, json_each, ->, ->>,
  json_valid, json(), JSON text of json_object/json_array, iif, instr,
  substr, min/max, hex, group_concat, sum of conditions, date() with
  modifiers (month ends), julianday() and the store's macros (lib/store_sql.h).
* A few of the store's statements run unchanged, `?` turned into `$n`.

usage: pg_schema_test.py IFG SOURCE_DIR
IFG_TEST_PG is a libpq connection string of a superuser on a throw-away
cluster (scripts/pg-cluster, ctest's pg_cluster fixture); without it the test fails. It
creates a database of its own there and drops it at the end.
"""
import datetime
import hashlib
import json
import math
import os
import random
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

IFG = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ""
SRC = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else ""
CONNINFO = os.environ.get("IFG_TEST_PG", "")
NOW = "2026-11-28T10:00:00Z"
SEARCH_PATH = "SET search_path = public, ifg;"

# SQLite's declared types and the PostgreSQL types lib/pg/schema.sql gives them.
TYPES = {"INTEGER": "bigint", "TEXT": "text", "BLOB": "bytea", "REAL": "double precision"}
# Only in PostgreSQL: the schema version (SQLite's is PRAGMA user_version).
PG_ONLY_TABLES = {"ifg_schema"}
# Only in PostgreSQL: TRUNCATE skips row triggers and SQLite has none.
PG_ONLY_TRIGGERS = {"events_no_truncate", "batch_events_no_truncate"}
# Index columns PostgreSQL must spell differently: (index, key column number).
TRANSLATED_INDEX_COLUMNS = {("events_activity", 4)}


def with_dbname(conninfo, name):
    """The connection string naming database `name` instead."""
    if re.match(r"^postgres(ql)?://", conninfo):
        u = urllib.parse.urlsplit(conninfo)
        query = [(k, v) for k, v in urllib.parse.parse_qsl(u.query) if k != "dbname"]
        return urllib.parse.urlunsplit(
            (u.scheme, u.netloc, "/" + name, urllib.parse.urlencode(query), u.fragment))
    return f"{conninfo} dbname={name}"  # the last keyword wins


class PgError(Exception):
    pass


def json_rows(text):
    """Rows that json_agg wrote as objects, as lists in column order (two
    columns of one name both kept)."""
    return json.loads(text, object_pairs_hook=lambda pairs: [v for _, v in pairs])


class Pg:
    """psql on one database: SQL in, rows (lists) out; errors as PgError."""

    def __init__(self, conninfo):
        self.conninfo = conninfo

    def psql(self, *args, sql=None):
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.conninfo,
                            *args], input=sql, capture_output=True, text=True)
        if r.returncode != 0:
            raise PgError(r.stderr.strip())
        return r.stdout

    def load(self, path):
        self.psql("--single-transaction", "-f", path)

    def script(self, sql):
        self.psql("--single-transaction", "-f", "-", sql=sql)

    def rows(self, query):
        """The rows of `query`, each a list, values as JSON gives them."""
        return json_rows(self.text(f"SELECT coalesce(json_agg(q), '[]') FROM ({query}) AS q;"))

    def value(self, query):
        return self.rows(f"SELECT ({query}) AS v")[0][0]

    def column(self, query):
        return [r[0] for r in self.rows(query)]

    def text(self, sql):
        return self.psql("-At", sql=f"{SEARCH_PATH} {sql}")

    def table(self, sql):
        """The rows `sql` prints, as lists of text (None for NULL)."""
        out = self.psql("-At", "-F", "\x1f", "-R", "\x1e", "-P", "null=\x01",
                        sql=f"{SEARCH_PATH} {sql}")
        return [[None if v == "\x01" else v for v in r.split("\x1f")]
                for r in out.rstrip("\n").split("\x1e") if r]


def pg_literal(v):
    """A PostgreSQL literal of a Python value: text through its UTF-8 bytes (any
    character but NUL), integers as bigint, reals as float8, bytes as bytea."""
    if v is None:
        return "NULL"
    if isinstance(v, type):  # a typed NULL of a column of such values
        return {int: "NULL::bigint", float: "NULL::float8", bytes: "NULL::bytea"}.get(v, "NULL::text")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return f"'{v}'::bigint"
    if isinstance(v, float):
        if math.isinf(v):
            return "'Infinity'::float8" if v > 0 else "'-Infinity'::float8"
        return f"'{v!r}'::float8"
    if isinstance(v, bytes):
        return f"'\\x{v.hex()}'::bytea"
    return f"convert_from('\\x{v.encode().hex()}'::bytea, 'UTF8')"


def sqlite_to_pg_params(sql):
    """`?` and `?N` as `$N`, numbered as SQLite numbers them (a bare `?` is one
    more than the largest number so far); string literals left alone."""
    out, largest, i = [], 0, 0
    while i < len(sql):
        c = sql[i]
        if c == "'":
            j = sql.index("'", i + 1)
            while j + 1 < len(sql) and sql[j + 1] == "'":
                j = sql.index("'", j + 2)
            out.append(sql[i:j + 1])
            i = j + 1
            continue
        if c == "?":
            m = re.match(r"\?(\d*)", sql[i:])
            n = int(m.group(1)) if m.group(1) else largest + 1
            largest = max(largest, n)
            out.append(f"${n}")
            i += len(m.group(0))
            continue
        out.append(c)
        i += 1
    return "".join(out)


def macros(*names_and_uses):
    """The SQL text of the store's macros (lib/store_sql.h, lib/store_audit.h),
    expanded by the C preprocessor: {use: text} for each use such as
    'IFG_MONTHS_BEFORE("a1", "a2")'."""
    defines = []
    for header in ("lib/store_sql.h", "lib/store_audit.h"):
        with open(os.path.join(SRC, header)) as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            if lines[i].startswith("#define IFG_"):
                block = [lines[i]]
                while block[-1].endswith("\\"):
                    i += 1
                    block.append(lines[i])
                defines.append("\n".join(block))
            i += 1
    source = "\n".join(defines) + "\n" + "\n".join(
        f"@@{k}@@ {use}" for k, use in enumerate(names_and_uses)) + "\n"
    r = subprocess.run(["cpp", "-P"], input=source, capture_output=True, text=True, check=True)
    out = {}
    for line in r.stdout.split("\n"):
        m = re.match(r"@@(\d+)@@ (.*)", line)
        if m:
            out[names_and_uses[int(m.group(1))]] = eval(m.group(2))  # adjacent C literals
    return out


def store_state_lists():
    """kNotState and kCommitted of lib/store_state.cpp."""
    with open(os.path.join(SRC, "lib/store_state.cpp")) as f:
        text = f.read()
    def strings(name):
        body = re.search(name + r"\s*=\s*\{(.*?)\};", text, re.S).group(1)
        return re.findall(r'"([^"]*)"', body)
    return set(strings("kNotState")), set(strings("kCommitted"))


def norm_sql(expr):
    """An expression as both engines print it: lower case, without PostgreSQL's
    casts and schema, white space and parentheses."""
    s = expr.lower()
    s = re.sub(r"::(double precision|[a-z_]+)(\[\])?", "", s)
    s = s.replace("ifg.", "")
    return re.sub(r"[\s()]", "", s)


def split_top(text, sep=","):
    """`text` split at `sep` outside parentheses and quotes."""
    parts, depth, quote, cur = [], 0, False, ""
    for c in text:
        if c == "'":
            quote = not quote
        elif not quote and c == "(":
            depth += 1
        elif not quote and c == ")":
            depth -= 1
        if c == sep and depth == 0 and not quote:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    parts.append(cur.strip())
    return parts


def sqlite_index_parts(sql):
    """(key column texts, WHERE predicate or None) of a CREATE INDEX statement."""
    start = sql.index("(", sql.upper().index(" ON "))
    depth = 0
    for i in range(start, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[i], 0)
        if depth == 0:
            break
    keys = split_top(sql[start + 1:i])
    rest = sql[i + 1:].strip()
    pred = re.sub(r"^WHERE\s+", "", rest, flags=re.I).rstrip(";").strip() if rest else None
    return keys, pred or None


PG = None
TMP = None
DB = None  # the SQLite database ifg made and filled
DBNAME = None
ADMIN = None


def ifg(*args):
    env = dict(os.environ, IFG_DB=DB, IFG_NOW=NOW, IFG_TESTING="1")
    r = subprocess.run([IFG, *args], env=env, capture_output=True, text=True, cwd=SRC)
    if r.returncode not in (0, 5):  # 5: a batch with refused records
        raise AssertionError(f"ifg {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout.strip()


def fill_sqlite():
    """A database with a case taken through the chain approach's first steps, a
    repeat referral, a batch, and a person added after registration."""
    ifg("init", "--config", "examples/flanders.toml")
    case = ifg("--as", "coord.ant", "--quiet", "register", "--from", "examples/referral.toml")
    ifg("--as", "coord.ant", "screen", case, "--format", "csv")
    ifg("--as", "coord.ant", "decide", case, "--accept", "--motivation",
        'Very unsafe; "quoted", é, a tab\tand a new line\n')
    ifg("--as", "coord.ant", "meeting", "add", case, "--date", "2026-11-27", "--attendee",
        "coord.ant", "--attendee", "dir.ant", "--basis", "decree", "--purpose", "Analyse")
    ifg("--as", "coord.ant", "plan", "add", case, "--action", "Find housing", "--domain",
        "housing", "--professional", "dir.ant", "--due", "2026-12-05")
    ifg("--as", "coord.ant", "assign", case, "--director", "dir.ant", "--reason", "knows them")
    ifg("--as", "dir.ant", "person", "add", case, "--role", "child", "--name", "Baby A.",
        "--birth-year", "2026", "--gender", "f")
    ifg("--as", "coord.ant", "--quiet", "register", "--from", "examples/referral-again.toml")
    ifg("--as", "coord.ant", "--quiet", "screen", "--batch", "examples/referrals.jsonl",
        "--format", "csv")
    return case


def copy_into_pg(con):
    """Every row of the SQLite database into PostgreSQL, table by table in the
    order schema.sql creates them (the order of their foreign keys)."""
    with open(os.path.join(SRC, "lib/pg/schema.sql")) as f:
        order = re.findall(r"^CREATE TABLE (\w+)", f.read(), re.M)
    lines = []
    for table in order:
        if table in PG_ONLY_TABLES:
            continue
        cols = [r[1] for r in con.execute(f"SELECT cid, name FROM pragma_table_info('{table}')")]
        for row in con.execute(f"SELECT {', '.join(cols)} FROM {table}"):
            lines.append(f"INSERT INTO {table}({', '.join(cols)}) VALUES("
                         + ", ".join(pg_literal(v) for v in row) + ");")
    PG.script("\n".join(lines))


def setUpModule():
    global PG, TMP, DB, DBNAME, ADMIN
    ADMIN = Pg(CONNINFO)
    DBNAME = f"ifg_pg_schema_test_{os.getpid()}_{random.randrange(1 << 32):08x}"
    # The database sorts text as SQLite does (lib/pg/schema.sql checks it).
    ADMIN.psql("-c", f"CREATE DATABASE {DBNAME} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
    try:
        PG = Pg(with_dbname(CONNINFO, DBNAME))
        PG.load(os.path.join(SRC, "lib/pg/compat.sql"))
        PG.load(os.path.join(SRC, "lib/pg/compat.sql"))  # safe to run again
        PG.load(os.path.join(SRC, "lib/pg/schema.sql"))
        TMP = tempfile.mkdtemp(prefix="ifg-pg-schema-")
        DB = os.path.join(TMP, "ifg.db")
        fill_sqlite()
        con = sqlite3.connect(DB)
        copy_into_pg(con)
        con.close()
    except BaseException:
        tearDownModule()  # unittest runs it only after a setUpModule that succeeded
        raise


def tearDownModule():
    if ADMIN and DBNAME:
        ADMIN.psql("-c", f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")
    if TMP:
        shutil.rmtree(TMP, ignore_errors=True)


class Sqlite:
    """A connection to ifg's database; tests write temporary tables only (and
    change a copy of the file)."""

    def __init__(self):
        self.con = sqlite3.connect(DB)

    def rows(self, sql, args=()):
        return [list(r) for r in self.con.execute(sql, args)]


class Schema(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lite = Sqlite()
        cls.tables = [r[0] for r in cls.lite.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
            "ESCAPE '\\' ORDER BY name")]
        cls.pg_columns = {}
        for t, name, typ, nullable, default, identity, generation in PG.rows(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, "
                "column_default::text, is_identity::text, identity_generation::text "
                "FROM information_schema.columns WHERE table_schema = 'public' "
                "ORDER BY table_name, ordinal_position"):
            cls.pg_columns.setdefault(t, []).append(
                dict(name=name, type=typ, notnull=nullable == "NO", default=default,
                     identity=identity == "YES" and generation))
        cls.constraints = PG.rows(
            "SELECT cl.relname::text, con.contype::text, con.conname::text, "
            "(SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.conkey) WITH ORDINALITY "
            " AS k(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n), "
            "fc.relname::text, "
            "(SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.confkey) WITH ORDINALITY "
            " AS k(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n), "
            "con.confupdtype::text, con.confdeltype::text, con.condeferrable, con.condeferred "
            "FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
            "JOIN pg_namespace n ON n.oid = cl.relnamespace "
            "LEFT JOIN pg_class fc ON fc.oid = con.confrelid WHERE n.nspname = 'public'")

    def sqlite_columns(self, table):
        return self.lite.rows(f"SELECT cid, name, type, \"notnull\", dflt_value, pk "
                              f"FROM pragma_table_info('{table}') ORDER BY cid")

    def test_tables(self):
        self.assertEqual(sorted(set(self.pg_columns) - PG_ONLY_TABLES), self.tables)
        self.assertTrue(PG_ONLY_TABLES <= set(self.pg_columns))

    def test_columns_in_order_with_types_not_null_and_defaults(self):
        for t in self.tables:
            lite = self.sqlite_columns(t)
            pg = self.pg_columns[t]
            self.assertEqual([c[1] for c in lite], [c["name"] for c in pg], f"columns of {t}")
            without_rowid = self.lite.rows(
                f"SELECT wr FROM pragma_table_list WHERE name = '{t}' AND schema = 'main'")[0][0]
            pk_cols = [c for c in lite if c[5] > 0]
            for (cid, name, typ, notnull, default, pk), p in zip(lite, pg):
                where = f"{t}.{name}"
                self.assertIn(typ, TYPES, f"{where}: SQLite type {typ} has no mapping")
                self.assertEqual(TYPES[typ], p["type"], where)
                # A key column is NOT NULL in PostgreSQL; SQLite lets a text key
                # of a rowid table (cases.id) hold NULL, which ifg never stores.
                self.assertEqual(bool(notnull) or pk > 0, p["notnull"], f"{where}: NOT NULL")
                pg_default = re.sub(r"::(text|bigint|integer)$", "", p["default"] or "") or None
                self.assertEqual(default, pg_default, f"{where}: default")
                rowid_alias = (not without_rowid and len(pk_cols) == 1 and pk == 1
                               and typ == "INTEGER")
                self.assertEqual("BY DEFAULT" if rowid_alias else False, p["identity"],
                                 f"{where}: an INTEGER PRIMARY KEY is an identity column")

    def test_primary_keys(self):
        pks = {c[0]: c[3] for c in self.constraints if c[1] == "p"}
        for t in self.tables:
            lite = sorted((c[5], c[1]) for c in self.sqlite_columns(t) if c[5] > 0)
            self.assertEqual([name for _, name in lite], pks.get(t), f"primary key of {t}")

    def test_unique_constraints(self):
        pg = sorted((c[0], tuple(c[3])) for c in self.constraints if c[1] == "u")
        lite = []
        for t in self.tables:
            for idx, origin in self.lite.rows(
                    f"SELECT name, origin FROM pragma_index_list('{t}') WHERE origin = 'u'"):
                cols = [r[0] for r in self.lite.rows(
                    f"SELECT name FROM pragma_index_info('{idx}') ORDER BY seqno")]
                lite.append((t, tuple(cols)))
        self.assertEqual(sorted(lite), pg)

    def test_foreign_keys(self):
        deferred = set()
        for t, sql in self.lite.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
            for m in re.finditer(r"^\s*(\w+)\s+\w+[^,\n]*REFERENCES\s+\w+\(\w+\)\s+DEFERRABLE\s+"
                                 r"INITIALLY\s+DEFERRED", sql, re.M):
                deferred.add((t, m.group(1)))
        self.assertEqual(deferred, {("batch_events", "chunk")})
        lite = []
        for t in self.tables:
            fks = {}
            for fid, seq, table, frm, to, on_update, on_delete in self.lite.rows(
                    f"SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete "
                    f"FROM pragma_foreign_key_list('{t}') ORDER BY id, seq"):
                f = fks.setdefault(fid, [t, [], table, [], on_update, on_delete])
                f[1].append(frm)
                f[3].append(to)
            for t_, frm, table, to, on_update, on_delete in fks.values():
                self.assertEqual((on_update, on_delete), ("NO ACTION", "NO ACTION"))
                is_deferred = len(frm) == 1 and (t_, frm[0]) in deferred
                lite.append((t_, tuple(frm), table, tuple(to), is_deferred))
        pg = []
        for t, kind, name, cols, ftable, fcols, upd, dele, deferrable, is_deferred in \
                self.constraints:
            if kind == "f":
                self.assertEqual((upd, dele), ("a", "a"), name)  # NO ACTION
                # Every key is DEFERRABLE (INITIALLY IMMEDIATE unless SQLite defers it),
                # so ifg migrate checks the copied rows at commit.
                self.assertTrue(deferrable, name)
                pg.append((t, tuple(cols), ftable, tuple(fcols), is_deferred))
        self.assertEqual(sorted(lite), sorted(pg))

    def test_check_constraints(self):
        lite = []
        for t, sql in self.lite.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
            cols = {c[1] for c in self.sqlite_columns(t)}
            for m in re.finditer(r"CHECK\s*\(", sql):
                body, depth = "", 1
                for c in sql[m.end():]:
                    depth += {"(": 1, ")": -1}.get(c, 0)
                    if depth == 0:
                        break
                    body += c
                words = set(re.findall(r"[a-z_]+", re.sub(r"'[^']*'", "", body)))
                lite.append((t, tuple(sorted(words & cols))))
        pg = [(c[0], tuple(sorted(c[3]))) for c in self.constraints
              if c[1] == "c" and c[0] not in PG_ONLY_TABLES]
        self.assertEqual(sorted(lite), sorted(pg))
        # and they refuse what SQLite's refuse
        professional = PG.value("SELECT min(id) FROM professionals")
        for a, b, decision in [(2, 1, "linked"), (1, 2, "merged")]:
            with self.assertRaises(PgError):
                PG.text(f"INSERT INTO person_decisions VALUES({a}, {b}, 'ANT', '{decision}', "
                        f"NULL, '{NOW}', '{professional}')")

    def pg_indexes(self):
        out = {}
        for name, table, unique, keys, kinds, pred in PG.rows(
                "SELECT i.relname::text, t.relname::text, x.indisunique, "
                "(SELECT json_agg(pg_get_indexdef(x.indexrelid, k, true) ORDER BY k) "
                " FROM generate_series(1, x.indnkeyatts) AS k), "
                "to_json(x.indkey::int2[]), pg_get_expr(x.indpred, x.indrelid, true) "
                "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE n.nspname = 'public' AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"):
            if table in PG_ONLY_TABLES:
                continue
            out[name] = dict(table=table, unique=unique, keys=keys,
                             expressions=[k == 0 for k in kinds], pred=pred)
        return out

    def test_indexes(self):
        pg = self.pg_indexes()
        lite = self.lite.rows("SELECT name, tbl_name, sql FROM sqlite_master "
                              "WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        self.assertEqual(sorted(n for n, _, _ in lite), sorted(pg))
        for name, table, sql in lite:
            p = pg[name]
            self.assertEqual(table, p["table"], name)
            self.assertEqual(sql.upper().startswith("CREATE UNIQUE"), p["unique"], name)
            keys, pred = sqlite_index_parts(sql)
            self.assertEqual(len(keys), len(p["keys"]), name)
            xinfo = self.lite.rows(f"SELECT cid FROM pragma_index_xinfo('{name}') WHERE key = 1 "
                                   f"ORDER BY seqno")
            for n, (lk, pk, (cid,), pg_is_expr) in enumerate(
                    zip(keys, p["keys"], xinfo, p["expressions"]), 1):
                self.assertEqual(cid == -2, pg_is_expr, f"{name} column {n}: expression or not")
                if (name, n) in TRANSLATED_INDEX_COLUMNS:
                    self.assertNotEqual(norm_sql(lk), norm_sql(pk))  # see test_entry_code
                else:
                    self.assertEqual(norm_sql(lk), norm_sql(pk), f"{name} column {n}")
            self.assertEqual(norm_sql(pred) if pred else None,
                             norm_sql(p["pred"]) if p["pred"] else None, f"{name}: WHERE")

    def test_index_expressions_give_the_same_values(self):
        # Each expression column of an index, SQLite's text in SQLite and
        # PostgreSQL's in PostgreSQL, on rows that include odd ones (no dash in
        # a case id, details of the wrong type).
        details = ['{"accepted":true,"override":false}', '{"accepted":false,"override":true}',
                   '{"accepted":true,"override":true}', '{"accepted":1,"override":0}',
                   '{"reason":"goals_reached"}',
                   '{"reason":"transfer","transferred_to":"BXL-2026-0001"}',
                   '{"transferred_from":"ANT-2026-0003"}', '{"transferred_from":null}', '{}',
                   '{"reason":null}']
        case_ids = ["ANT-2026-0001", "NODASH", "-X", "A-", None, "É-2026-1"]
        rows = [(a, c, d, cl) for a in ("decided", "closed", "registered", "monitored")
                for c in case_ids for d in details for cl in (None, "2026-01-01T00:00:00Z")]
        lite_sql = dict(self.lite.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                       "AND sql IS NOT NULL"))
        checked = 0
        for name, p in self.pg_indexes().items():
            lite_keys, _ = sqlite_index_parts(lite_sql[name])
            for n, (lk, pk, is_expr) in enumerate(zip(lite_keys, p["keys"], p["expressions"]), 1):
                if not is_expr:
                    continue
                checked += 1
                cols = "action, case_id, details, clock, at, date, name_key"
                lite = [self.lite.con.execute(
                    f"SELECT CAST(({lk}) AS TEXT) FROM (SELECT ? AS action, ? AS case_id, "
                    f"? AS details, ? AS clock, '2025-01-01' AS at, '2026-01-01' AS date, "
                    f"? AS name_key)", (a, c, d, cl, c)).fetchone()[0] for a, c, d, cl in rows]
                values = ", ".join(f"({i}, {pg_literal(a)}, {pg_literal(c)}, {pg_literal(d)}, "
                                   f"{pg_literal(cl)}, '2025-01-01', '2026-01-01', {pg_literal(c)})"
                                   for i, (a, c, d, cl) in enumerate(rows))
                pg = PG.column(f"SELECT ({pk})::text FROM (VALUES {values}) AS "
                               f"t(i, {cols}) ORDER BY i")
                for r, a, b in zip(rows, lite, pg):
                    self.assertEqual(a, b, f"{name} column {n} on {r}")
        self.assertEqual(checked, 5)  # events_activity 3, meetings_held 1, persons_near 1

    def test_entry_code(self):
        # IFG_ENTRY_CODE's CASE mixes an integer, a text and a comparison:
        # PostgreSQL refuses it, and the index spells it with text in every
        # branch, which SQLite evaluates to the same text.
        code = macros("IFG_ENTRY_CODE")["IFG_ENTRY_CODE"]
        with self.assertRaisesRegex(PgError, "operator does not exist: integer \\* text"):
            PG.text(f"SELECT {code} FROM events")
        pg_code = schema_entry_code()
        details = ['{"accepted":true,"override":false}', '{"accepted":true,"override":true}',
                   '{"accepted":false,"override":false}', '{"reason":"no_consent"}',
                   '{"reason":"transfer","transferred_to":"X-1"}', '{"transferred_from":"Y-2"}',
                   '{}']
        for action in ("decided", "closed", "registered", "other"):
            for d in details:
                lite = self.lite.con.execute(
                    f"SELECT CAST(({code}) AS TEXT), CAST(({pg_code.replace('ifg.', '')}) AS TEXT) "
                    f"FROM (SELECT ? AS action, ? AS details)", (action, d)).fetchone()
                pg = PG.value(f"SELECT ({pg_code}) FROM (SELECT {pg_literal(action)} AS action, "
                              f"{pg_literal(d)} AS details) AS events")
                self.assertEqual(lite[0], pg, f"{action} {d}")
                self.assertEqual(lite[1], pg, f"{action} {d}: PostgreSQL's spelling in SQLite")

    def test_indexes_are_used(self):
        # The store's queries, spelled as in PostgreSQL, find the expression
        # indexes: the functions resolve through the search_path to those the
        # index calls (lib/store_reports.cpp add_activity, add_meetings_held).
        m = macros("IFG_ENTRY_REGION", "IFG_ENTRY_TIME")
        region, time = m["IFG_ENTRY_REGION"], m["IFG_ENTRY_TIME"]
        pg_code = self.pg_indexes()["events_activity"]["keys"][3]
        plan = PG.text(
            f"SET enable_seqscan = off; EXPLAIN SELECT action, {time}, {pg_code} FROM events "
            f"WHERE kind = 'change' AND action IN ('decided', 'closed') AND {region} IN "
            f"(SELECT value FROM json_each('[\"ANT\"]')) AND {time} >= '0000' AND {time} < '9999'")
        self.assertRegex(plan, "Index Scan (using|on) events_activity")
        # Each expression as the index has it: they are conditions of the index
        # scan. (PostgreSQL never reads such a query from the index alone: an
        # index-only scan needs the columns the expressions read, details.)
        plan = PG.text(
            f"SET enable_seqscan = off; SET enable_bitmapscan = off; EXPLAIN SELECT 1 FROM events "
            f"WHERE kind = 'change' AND action = 'decided' AND {region} = 'ANT' AND {time} >= '0' "
            f"AND {pg_code} = '1'")
        cond = re.search(r"Index Cond: (.*)", plan).group(1)
        self.assertIn("substr(case_id", cond)
        self.assertIn("CASE action", cond)
        plan = PG.text(
            f"SET enable_seqscan = off; EXPLAIN SELECT count(*) FROM meetings WHERE status = 'held' "
            f"AND {region} IN (SELECT value FROM json_each('[\"ANT\"]')) AND date >= '0000' "
            f"AND date <= '9999'")
        self.assertIn("meetings_held", plan)

    def test_triggers(self):
        lite_names = {r[0] for r in self.lite.rows(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        pg_names = set(PG.column("SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal"))
        self.assertEqual(pg_names - PG_ONLY_TRIGGERS, lite_names)
        copy = os.path.join(TMP, "triggers.db")
        shutil.copy(DB, copy)
        lite = sqlite3.connect(copy, isolation_level=None)
        chunk = lite.execute("SELECT min(chunk) FROM batch_events").fetchone()[0]
        cases = [
            ("UPDATE events SET details = '{}' WHERE id = 1", "audit entries cannot be changed"),
            ("UPDATE events SET jcommit = 'purged' WHERE id = 1", "audit entries cannot be changed"),
            ("UPDATE events SET justification = 'x' WHERE id = 1",
             "audit entries cannot be changed"),
            ("DELETE FROM events WHERE id = 1", "audit entries cannot be removed"),
            ("UPDATE events SET justification = NULL, jsalt = NULL WHERE id = 1", None),
            (f"UPDATE batch_events SET facts = facts WHERE chunk = {chunk}",
             "audit entries cannot be changed"),
            ("DELETE FROM batch_events", "audit entries cannot be removed"),
        ]
        for sql, message in cases:
            try:
                lite.execute(sql)
                lite_error = None
            except sqlite3.DatabaseError as e:
                lite_error = str(e)
            try:
                PG.text(sql)
                pg_error = None
            except PgError as e:
                pg_error = str(e)
            self.assertEqual(lite_error, message, sql)
            if message:
                self.assertIn(message, pg_error or "", sql)
            else:
                self.assertIsNone(pg_error, sql)
        for table in ("events", "batch_events"):
            with self.assertRaisesRegex(PgError, "audit entries cannot be removed"):
                PG.text(f"TRUNCATE {table} CASCADE")
        lite.close()

    def test_schema_version(self):
        lite = self.lite.rows("PRAGMA user_version")[0][0]
        self.assertEqual(PG.rows("SELECT version FROM ifg_schema"), [[lite]])
        with self.assertRaisesRegex(PgError, "ifg_schema_one_row"):
            PG.text("INSERT INTO ifg_schema(version) VALUES (14)")

    def test_a_database_that_sorts_otherwise_is_refused(self):
        name = DBNAME + "_locale"
        for locale in ("C.UTF-8", "C.utf8", "en_US.UTF-8"):
            try:
                ADMIN.psql("-c", f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                                 f"LOCALE '{locale}'")
                break
            except PgError:
                continue
        else:
            self.fail("the cluster offers no locale but C (scripts/pg-cluster's initdb uses C.UTF-8)")
        try:
            other = Pg(with_dbname(CONNINFO, name))
            other.load(os.path.join(SRC, "lib/pg/compat.sql"))
            with self.assertRaisesRegex(PgError, "needs a database of encoding UTF8 and locale C"):
                other.load(os.path.join(SRC, "lib/pg/schema.sql"))
        finally:
            ADMIN.psql("-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def test_rows_copied(self):
        for t in self.tables:
            n = self.lite.rows(f"SELECT count(*) FROM {t}")[0][0]
            self.assertEqual(PG.value(f"SELECT count(*) FROM {t}"), n, t)
        self.assertGreater(PG.value("SELECT count(*) FROM cases"), 10)

    def test_identity_after_copy(self):
        # Rows copied with their ids leave the identity behind: setval is part
        # of any copy from SQLite (docs/postgresql-port.md).
        top = PG.value("SELECT max(id) FROM director_terms")
        with self.assertRaisesRegex(PgError, "director_terms_pkey"):
            PG.text("INSERT INTO director_terms(case_id, professional_id, from_at, assigned_by) "
                    "SELECT case_id, professional_id, from_at, assigned_by FROM director_terms "
                    "WHERE id = 1")
        got = PG.text("BEGIN; SELECT setval(pg_get_serial_sequence('director_terms', 'id'), "
                      "(SELECT max(id) FROM director_terms)); "
                      "INSERT INTO director_terms(case_id, professional_id, from_at, assigned_by) "
                      "SELECT case_id, professional_id, from_at, assigned_by FROM director_terms "
                      "WHERE id = 1 RETURNING id; ROLLBACK;").split()
        self.assertEqual(got[-1], str(top + 1))


def schema_entry_code():
    """The code of an entry's details as lib/pg/schema.sql spells it."""
    with open(os.path.join(SRC, "lib/pg/schema.sql")) as f:
        return re.search(r"\(CASE action.*?END\)", f.read(), re.S).group(0)


class StateImages(unittest.TestCase):
    """The audit trail's images of the rows (lib/store_state.cpp) built in
    PostgreSQL equal, byte for byte, those ifg wrote into the trail."""

    REPLAY = ("SELECT f.value ->> 0, f.value -> 1, CASE WHEN f.value ->> 2 IS NULL THEN NULL "
              "ELSE f.value -> 2 END, s.entry FROM (SELECT id AS entry, 0 AS seq, facts FROM "
              "events WHERE facts IS NOT NULL UNION ALL SELECT chunk, seq, facts FROM "
              "batch_events WHERE facts IS NOT NULL) AS s, json_each(s.facts) AS f ORDER BY "
              "s.entry, s.seq, {key}")

    @classmethod
    def setUpClass(cls):
        cls.lite = Sqlite()
        cls.not_state, cls.committed = store_state_lists()

    def trail(self, rows):
        last = {}
        for table, key, image, _entry in rows:
            last[(table, key)] = image
        return last

    def test_replay_query_runs_in_both_with_a_cast_key(self):
        # StateLog::verify's replay: the same text in both engines once the
        # array index is CAST(f.key AS INTEGER) (json_each.key is text in
        # PostgreSQL; ordered as text, element 10 would come before 2).
        lite = self.lite.rows(self.REPLAY.format(key="f.key"))
        cast = self.lite.rows(self.REPLAY.format(key="CAST(f.key AS INTEGER)"))
        self.assertEqual(lite, cast)
        pg = PG.rows(self.REPLAY.format(key="CAST(f.key AS INTEGER)"))
        self.assertEqual(lite, pg)
        self.assertGreater(len(lite), 500)

    def test_images_equal_the_trail(self):
        trail = self.trail(self.lite.rows(self.REPLAY.format(key="f.key")))
        tables = [t for t in PG.column("SELECT table_name::text FROM information_schema.tables "
                                       "WHERE table_schema = 'public' ORDER BY 1")
                  if t not in self.not_state and t not in PG_ONLY_TABLES]
        digests = seen = 0
        for t in tables:
            cols = PG.column(f"SELECT column_name::text FROM information_schema.columns "
                             f"WHERE table_schema = 'public' AND table_name = '{t}' "
                             f"ORDER BY ordinal_position")
            keys = PG.column(
                f"SELECT a.attname::text FROM pg_index x, unnest(x.indkey::int2[]) WITH ORDINALITY "
                f"AS k(n, o) JOIN pg_attribute a ON a.attnum = k.n WHERE x.indrelid = '{t}'::regclass "
                f"AND x.indisprimary AND a.attrelid = x.indrelid ORDER BY k.o")
            salt = ("t.salt" if "salt" in cols else
                    "(SELECT c.salt FROM cases c WHERE c.id = t.case_id)" if "case_id" in cols
                    else "NULL")
            image = ", ".join(
                f"'{c}', " + (f"ifg_commit({salt}, t.{c})" if f"{t}.{c}" in self.committed
                              else f"t.{c}")
                for c in cols if not (c == "salt" and salt == "t.salt"))
            key = ", ".join(f"t.{k}" for k in keys)
            rows = PG.rows(f"SELECT json_compact(json_build_array({key})), "
                           f"json_compact(json_build_object({image})) FROM {t} AS t")
            rows = [(k, i) for k, i in rows]
            for k, i in rows:
                seen += 1
                written = trail.get((t, k))
                self.assertIsNotNone(written, f"{t} {k}: not in the trail")
                if written.startswith('"sha256:'):
                    digests += 1
                    self.assertEqual(PG.value(f"SELECT ifg_sha256({pg_literal(i)})"), written,
                                     f"{t} {k}")
                else:
                    self.assertEqual(i, written, f"{t} {k}")
            current = {k for k, _ in rows}
            gone = [k for (tt, k), img in trail.items() if tt == t and img is not None
                    and k not in current]
            self.assertEqual(gone, [], f"{t}: rows of the trail missing")
        self.assertGreater(seen, 500)
        self.assertGreater(digests, 10)  # the batch's records keep digests

    def test_replay_into_the_keyed_table(self):
        # INSERT OR REPLACE INTO temp.replay keeps the last image per row.
        # PostgreSQL's ON CONFLICT DO UPDATE refuses to touch a row twice in
        # one statement, so the last image is chosen first (DISTINCT ON).
        lite = self.lite.con
        lite.execute("CREATE TEMP TABLE IF NOT EXISTS replay(tbl TEXT, key TEXT, image TEXT, "
                     "entry INTEGER, PRIMARY KEY (tbl, key)) WITHOUT ROWID")
        lite.execute("DELETE FROM temp.replay")
        lite.execute("INSERT OR REPLACE INTO temp.replay " + self.REPLAY.format(key="f.key"))
        want = [list(r) for r in lite.execute("SELECT * FROM temp.replay ORDER BY tbl, key")]
        create = ("CREATE TEMP TABLE replay(tbl TEXT, key TEXT, image TEXT, entry INTEGER, "
                  "PRIMARY KEY (tbl, key));")
        upsert = ("INSERT INTO pg_temp.replay " + self.REPLAY.format(key="CAST(f.key AS INTEGER)")
                  + " ON CONFLICT (tbl, key) DO UPDATE SET image = excluded.image, "
                  "entry = excluded.entry;")
        with self.assertRaisesRegex(PgError, "cannot affect row a second time"):
            PG.text(create + upsert)
        ordered = ("SELECT s.entry, s.seq, CAST(f.key AS INTEGER) AS n, f.value ->> 0 AS tbl, "
                   "f.value -> 1 AS key, CASE WHEN f.value ->> 2 IS NULL THEN NULL ELSE f.value -> 2 "
                   "END AS image FROM (SELECT id AS entry, 0 AS seq, facts FROM events WHERE facts IS "
                   "NOT NULL UNION ALL SELECT chunk, seq, facts FROM batch_events WHERE facts IS NOT "
                   "NULL) AS s, json_each(s.facts) AS f")
        last = (f"INSERT INTO pg_temp.replay SELECT DISTINCT ON (tbl, key) tbl, key, image, entry "
                f"FROM ({ordered}) AS r ORDER BY tbl, key, entry DESC, seq DESC, n DESC;")
        got = PG.table(create + last + "SELECT tbl, key, image, entry FROM pg_temp.replay "
                       "ORDER BY tbl, key;")
        self.assertEqual([[a, b, c, str(d)] for a, b, c, d in want], got)

    def test_first_difference_with_is_distinct_from(self):
        # store_state.cpp first_difference(), with IS DISTINCT FROM for IS NOT.
        sql = ("SELECT coalesce(x.key, y.key) FROM json_each(?1) AS x FULL OUTER JOIN "
               "json_each(?2) AS y ON x.key = y.key WHERE x.atom IS DISTINCT FROM y.atom "
               "OR x.type IS DISTINCT FROM y.type LIMIT 1")
        for a, b in [('{"a":1,"b":"x"}', '{"a":1,"b":"y"}'), ('{"a":1,"b":"x"}', '{"a":1}'),
                     ('{"a":1,"b":null}', '{"a":1,"b":"null"}'), ('{"a":1}', '{"a":1.0}'),
                     ('{"a":1}', '{"a":1}')]:
            lite = self.lite.rows(sql, (a, b))
            pg = PG.rows(sqlite_to_pg_params(sql).replace("$1", pg_literal(a))
                         .replace("$2", pg_literal(b)))
            self.assertEqual(lite, pg, (a, b))


class Compat(unittest.TestCase):
    """compat.sql's functions give SQLite's results."""

    @classmethod
    def setUpClass(cls):
        cls.lite = sqlite3.connect(":memory:")

    def compare(self, lite_expr, values, pg_expr=None, raw=False):
        """lite_expr over columns a1, a2, ... of each tuple in `values` in SQLite,
        pg_expr (the same text by default) in PostgreSQL: equal results, as text
        (CAST(... AS TEXT)) or, with raw, as values."""
        pg_expr = pg_expr or lite_expr
        width = len(values[0])
        names = ", ".join(f"a{k + 1}" for k in range(width))
        sel = ", ".join(f"? AS a{k + 1}" for k in range(width))
        wrap = "({})" if raw else "CAST(({}) AS TEXT)"
        lite = [self.lite.execute(f"SELECT {wrap.format(lite_expr)} FROM (SELECT {sel})",
                                  v).fetchone()[0] for v in values]
        pg_wrap = "({})" if raw else "({})::text"
        # a VALUES column has one type: rows are grouped by their values'
        # types, and a NULL has the type of its column's other values
        column_types = [next((type(v[k]) for v in values if v[k] is not None), str)
                        for k in range(width)]
        typed = [tuple(column_types[k] if x is None else x for k, x in enumerate(v))
                 for v in values]
        groups = {}
        for i, v in enumerate(typed):
            groups.setdefault(tuple(x.__name__ if isinstance(x, type) else type(x).__name__
                                    for x in v), []).append(i)
        pg = [None] * len(values)
        for indexes in groups.values():
            rows = ", ".join(f"({i}, " + ", ".join(pg_literal(x) for x in typed[i]) + ")"
                             for i in indexes)
            for i, r in zip(indexes, PG.column(f"SELECT {pg_wrap.format(pg_expr)} FROM (VALUES "
                                                f"{rows}) AS v(i, {names}) ORDER BY i")):
                pg[i] = r
        for v, a, b in zip(values, lite, pg):
            self.assertEqual(a, b, f"{lite_expr} on {v!r}: SQLite {a!r}, PostgreSQL {b!r}")

    def both_fail(self, lite_expr, pg_expr, values):
        for v in values:
            with self.assertRaises(sqlite3.DatabaseError, msg=f"{lite_expr} {v!r}"):
                self.lite.execute(f"SELECT {lite_expr}", v).fetchone()
            lits = [pg_literal(x) for x in v]
            with self.assertRaises(PgError, msg=f"{pg_expr} {v!r}"):
                PG.text(f"SELECT {pg_expr.format(*lits)}")

    DOCS = ['{"a":1,"b":"x","c":null,"d":true,"e":false,"f":[1,2.50,"3",[4],{"g":5}],'
            '"h":{"i":{"j":"deep"}},"k":-0,"l":1e3,"m":12345678901234567890,"n":-7,'
            '"o":"quote \\" back \\\\ \\u00e9 \\n","p":0.1,"q":1.5E-7,"a b":"space",'
            '"a.b":"dot","":"empty","dup":1,"dup":2,"r":9223372036854775807,'
            '"s":-9223372036854775808,"t":9223372036854775808}',
            '[10,[20,21],{"x":"y"},null,"s"]', '"just text"', '42', 'null', '{ "a" : [ 1 , 2 ] }']
    PATHS = ["$", "$.a", "$.b", "$.c", "$.d", "$.e", "$.f", "$.f[0]", "$.f[1]", "$.f[2]", "$.f[3]",
             "$.f[3][0]", "$.f[4].g", "$.f[#-1]", "$.f[#-5]", "$.f[#-6]", "$.f[#]", "$.f[9]",
             "$.h", "$.h.i", "$.h.i.j", "$.h.x.j", '$."a b"', '$."a.b"', "$.a.b", "$.k", "$.l",
             "$.m", "$.n", "$.o", "$.p", "$.q", "$.dup", "$.r", "$.s", "$.t", "$.missing",
             "$[0]", "$[1]", "$[1][1]", "$[2].x", "$[3]", "$[4]", "$[5]", "$.a[0]", "$[0].a"]

    def test_json_extract(self):
        values = [(d, p) for d in self.DOCS for p in self.PATHS]
        self.compare("json_extract(a1, a2)", values)
        self.compare("json_type(a1, a2)", values)
        self.compare("json_extract(a1, '$.persons[0].name')",
                     [('{"persons":[{"name":"Ann"}]}',), ('{"persons":[]}',), (None,)])

    def test_json_errors(self):
        self.both_fail("json_extract(?, ?)", "json_extract({}, {})",
                       [('{"a":1}', "a"), ('{"a":1}', "$."), ('{"a":1}', "$[x]"),
                        ('{"a":1}', '$."a'), ('{a:1}', "$.a"), ("", "$")])

    def test_json_each(self):
        docs = self.DOCS + ['{"persons":[{"role":"victim"},{"role":"child"}]}', "[]", "{}"]
        for d in docs:
            for path in ("$", "$.a", "$.f", "$.h", "$[1]", "$.persons", "$.missing"):
                lite = [list(r) for r in self.lite.execute(
                    "SELECT CAST(key AS TEXT), CAST(value AS TEXT), type, CAST(atom AS TEXT) "
                    "FROM json_each(?, ?)", (d, path))]
                pg = PG.rows(f"SELECT key, value, type, atom FROM json_each({pg_literal(d)}, "
                             f"{pg_literal(path)})")
                self.assertEqual(lite, pg, f"json_each({d}, {path})")
        # an array's elements in order past 9, and the key as a number
        big = json.dumps(list(range(25)))
        self.assertEqual(
            PG.rows(f"SELECT CAST(key AS INTEGER) + 1, value FROM json_each({pg_literal(big)}) "
                    f"ORDER BY CAST(key AS INTEGER)"),
            [list(r) for r in self.lite.execute(
                "SELECT CAST(key AS INTEGER) + 1, CAST(value AS TEXT) FROM json_each(?) "
                "ORDER BY CAST(key AS INTEGER)", (big,))])

    def test_arrows(self):
        values = [(d, k) for d in self.DOCS for k in ("a", "f", "h", "$.h.i", "0", "1", "[1]",
                                                       "$[1][0]", "missing", "c")]
        self.compare("a1 -> a2", values)
        self.compare("a1 ->> a2", values)
        ints = [(d, k) for d in self.DOCS for k in (0, 1, 2, 3, 4, 9)]
        self.compare("a1 -> CAST(a2 AS INTEGER)", ints)
        self.compare("a1 ->> CAST(a2 AS INTEGER)", ints)

    def test_json_valid(self):
        texts = ['{"a":1}', "[]", "1", '"x"', "null", "true", " {} ", "", "{a:1}", "[1,]", "01",
                 "1.", ".5", "-", "NaN", '{"a":1}x', '"\\u00e9"', '"\\x"', "[[[]]]", '{"a"}',
                 '"tab\there"', None]
        self.compare("CASE WHEN json_valid(a1) THEN 1 ELSE 0 END", [(t,) for t in texts])
        self.compare("json_valid(a1) IS NULL", [(None,), ("1",)],
                     pg_expr="CASE WHEN json_valid(a1) IS NULL THEN 1 ELSE 0 END")
        self.compare("json_valid(a1)", [(None,)], pg_expr="CASE WHEN json_valid(a1) THEN 1 ELSE 0 END")

    def test_json_minified(self):
        texts = ['{ "a" : [ 1 , 2 ] , "b" : "x  y" }', '[1, 2.50, 1e3, -0, "\\u00e9\\n"]',
                 ' "a b" ', '{"k":{"n":[true ,false, null]}}', '\t[\n1\r]\n']
        self.compare("json(a1)", [(t,) for t in texts])

    VALUES = [0, 1, -1, 42, 9223372036854775807, -9223372036854775808, "", "abc",
              'quote " back \\ slash /', "é ü ñ ß", "日本語", "😀 emoji", "line\nbreak\ttab\r",
              "".join(chr(c) for c in range(1, 32)), "\x7f", "\u2028\u2029", "'single'",
              "{not json}", None]
    REALS = [0.0, -0.0, 1.0, 100.0, 0.1, 1.5, -2.5, 1e100, 1.5e-7, 1e15, 1e14,
             123456789012345678.0, 1 / 3, 2 / 3, math.pi, 1e-300, 1.7976931348623157e308,
             5e-324, 0.0001, 0.00001, 12345.678, -1e-5, 2.5e-5, 9.999999999999999e22]

    def test_json_object_text(self):
        # SQLite's json_object(...) is ifg.json_compact(json_build_object(...))
        # in PostgreSQL, byte for byte.
        self.compare("json_object('k', a1)", [(v,) for v in self.VALUES],
                     pg_expr="json_compact(json_build_object('k', a1))")
        pairs = [(a, b) for a in self.VALUES[:8] for b in self.VALUES[6:]]
        self.compare("json_object('a', a1, 'b', a2, 'a', 3)", pairs,
                     pg_expr="json_compact(json_build_object('a', a1, 'b', a2, 'a', 3))")
        self.compare("json_array(a1, a2)", pairs, pg_expr="json_compact(json_build_array(a1, a2))")
        self.compare("json_object('n', json_array(a1, 'x'), 'b', json('true'), 'f', json('false'))",
                     [(v,) for v in self.VALUES],
                     pg_expr="json_compact(json_build_object('n', json_build_array(a1, 'x'), "
                             "'b', json('true'), 'f', json('false')))")
        keys = [("k\"ey",), ("é",), ("a\nb",), ("",)]
        self.compare("json_object(a1, 1)", keys, pg_expr="json_compact(json_build_object(a1, 1))")

    def test_reals(self):
        # A real is written as SQLite's %!.15g (100.0, 1.0e+100): ifg.json_real
        # in a JSON object, ifg.real_text as text; json_build_object alone
        # writes PostgreSQL's shortest form (100), which differs.
        reals = [(r,) for r in self.REALS]
        self.compare("json_object('k', a1)", reals,
                     pg_expr="json_compact(json_build_object('k', json_real(a1)))")
        self.compare("a1", reals, pg_expr="real_text(a1)")
        self.assertEqual(PG.value("SELECT json_compact(json_build_object('k', 100.0::float8))"),
                         '{"k":100}')
        self.compare("json_object('k', a1)", [(1,), (1.0,)],
                     pg_expr="json_compact(json_build_object('k', CASE WHEN i = 0 THEN a1::text::json "
                             "ELSE json_real(a1) END))")
        # SQLite's printf works in x87 long double, and is not correctly rounded
        # in about 1 value in 100: random doubles of every magnitude
        rng = random.Random(17)
        spread = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
                  for _ in range(1500)]
        self.compare("a1", [(v,) for v in spread if v == v], pg_expr="real_text(a1)")

    def test_numbers_read(self):
        # A JSON number is read by strtod, CAST(text AS REAL) and date()'s
        # numbers by sqlite3AtoF (long double): both as SQLite reads them.
        rng = random.Random(29)
        tokens = ["0.1", "2.50", "1e3", "-0.0", "1e308", "1.8e308", "4.9e-324", "2e-324", "1e-400",
                  "1e400", "123456789012345678901234567890", "483547964510356504579.3e-311",
                  "759144789331677484.712e-341", "1e-20000", "1e99999999999", "-1e400", "-0.0",
                  "0.0e5", "2.4703282292062328e-324", "2.4703282292062327e-324",
                  "1.7976931348623158e308", "1.7976931348623159e308", "0.00001e-320"]
        for _ in range(400):
            whole = str(rng.randint(0, 10 ** rng.randint(1, 24)))
            frac = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 22)))
            exp = f"e{rng.choice(['', '+', '-'])}{rng.randint(0, 345)}" if rng.random() < 0.7 else ""
            tokens.append(rng.choice(["", "-"]) + whole + "." + frac + exp)
        self.compare("json_extract('[' || a1 || ']', '$[0]')", [(t,) for t in tokens])
        self.compare("CAST(a1 AS REAL)", [(t,) for t in tokens],
                     pg_expr="real_text(sqlite_atof(a1))")

    def test_json_group_array(self):
        self.lite.execute("CREATE TEMP TABLE IF NOT EXISTS g(k, v, n)")
        self.lite.execute("DELETE FROM g")
        rows = [(1, "a", 1), (1, None, 2), (2, "b\"c", 3), (2, "d", None), (3, None, None)]
        self.lite.executemany("INSERT INTO g VALUES(?, ?, ?)", rows)
        pg_rows = ", ".join(f"({k}, {pg_literal(v)}, {pg_literal(n)})" for k, v, n in rows)
        sql = ("SELECT k, {} FROM g GROUP BY k ORDER BY k")
        for lite_agg, pg_agg in [
                ("json_group_array(v)", "json_compact(json_group_array(v))"),
                ("json_group_array(n)", "json_compact(json_group_array(n))"),
                ("json_group_array(json_array(v, n))",
                 "json_compact(json_group_array(json_build_array(v, n)))"),
                ("group_concat(v)", "group_concat(v)"),
                ("group_concat(v, '; ')", "group_concat(v, '; ')"),
                ("sum(n > 1)", "sum(n > 1)"), ("sum(v = 'a')", "sum(v = 'a')"),
                ("count(DISTINCT iif(n > 1, v, NULL))", "count(DISTINCT iif(n > 1, v, NULL))")]:
            lite = [list(r) for r in self.lite.execute(sql.format(lite_agg))]
            pg = PG.rows(f"WITH g(k, v, n) AS (VALUES {pg_rows}) " + sql.format(pg_agg))
            self.assertEqual(lite, pg, lite_agg)
        self.assertEqual(
            PG.value("SELECT json_compact(json_group_array(v)) FROM (SELECT 1 AS v) AS t "
                     "WHERE false"),
            self.lite.execute("SELECT json_group_array(v) FROM (SELECT 1 AS v) WHERE 0")
            .fetchone()[0])

    def test_iif_instr_min_max(self):
        ints = [(a, b) for a in (-3, 0, 2, None) for b in (-3, 1, 2, None)]
        self.compare("iif(a1 > a2, a1, a2)", ints)
        self.compare("iif(a1 IS NULL, NULL, '')", ints)
        self.compare("min(a1, a2)", ints)
        self.compare("max(a1, a2)", ints)
        self.compare("min(a1, a2, 0)", ints)
        self.compare("max(a1, a2, 0)", ints)
        texts = [(a, b) for a in ("2024-02-29", "2024-03-01", "b", "B", "é", None)
                 for b in ("2024-02-29", "a", "É", None)]
        self.compare("min(a1, a2)", texts)
        self.compare("max(a1, a2)", texts)
        strings = [(s, t) for s in ("ANT-2026-0001", "é-ü-ß", "none", "", "--", None)
                   for t in ("-", "ü", "x", "", None)]
        self.compare("instr(a1, a2)", strings)

    def test_substr(self):
        values = [(s, a, b) for s in ("abcdef", "éüñ日本", "", None)
                  for a in (-8, -3, -1, 0, 1, 2, 6, 7) for b in (-4, -1, 0, 1, 3, 10, None)]
        self.compare("substr(a1, a2, a3)", values)
        self.compare("substr(a1, a2)", [(s, a, b) for s, a, b in values if b is None])
        # the region of an entry (IFG_ENTRY_REGION), whose length is -1 for a
        # case id without a dash: PostgreSQL's own substr refuses that
        region = macros("IFG_ENTRY_REGION")["IFG_ENTRY_REGION"].replace("case_id", "a1")
        self.compare(region, [(c,) for c in ("ANT-2026-0001", "NODASH", "-1", "", None, "é-1")])
        self.compare("substr(a1, 1, 10)", [("2026-11-28T10:00:00Z",), ("short",)])

    def test_hex_and_randomblob(self):
        self.compare("hex(a1)", [(b"\x00\xff\x10",), (b"",), ("é",), (None,)])
        self.compare("lower(hex(a1))", [(bytes(range(256)),)])
        blobs = PG.column("SELECT encode(randomblob(16), 'hex') FROM generate_series(1, 200)")
        self.assertEqual(len(set(blobs)), 200)
        self.assertTrue(all(len(b) == 32 for b in blobs))
        for n, length in [(0, 1), (1, 1), (13, 13), (14, 14), (100, 100)]:
            self.assertEqual(PG.value(f"SELECT length(randomblob({n}))"), length)
        # every bit varies: no bit is one of a UUID's version or variant bits
        varying = PG.value(
            "SELECT count(*) FROM generate_series(0, 127) AS bit WHERE (SELECT count(DISTINCT "
            "get_bit(b, bit)) FROM (SELECT randomblob(16) AS b FROM generate_series(1, 300)) AS t) = 2")
        self.assertEqual(varying, 128)

    def test_unary_plus(self):
        self.compare("CASE WHEN +a1 >= a2 THEN 1 ELSE 0 END",
                     [("2026-01-02", "2026-01-01"), ("a", "b")])

    @staticmethod
    def days():
        """Every day of 2023 to 2025: month ends of long, short and leap months."""
        d = datetime.date(2023, 1, 1)
        out = []
        while d <= datetime.date(2025, 12, 31):
            out.append(d.isoformat())
            d += datetime.timedelta(days=1)
        return out

    def test_month_arithmetic(self):
        days = self.days()
        values = [(d, f"{n:+d} months") for d in days for n in (-25, -13, -12, -11, -3, -1, 0, 1, 2,
                                                                12, 13)]
        self.compare("date(a1, a2)", values)
        # The first day of a repeat window (lib/store_sql.h), the store's own text.
        months_before = macros('IFG_MONTHS_BEFORE("a1", "a2")')['IFG_MONTHS_BEFORE("a1", "a2")']
        self.compare(months_before, [(d, n) for d in days for n in (1, 3, 6, 12, 24)])
        self.assertEqual(PG.value(
            "SELECT " + months_before.replace("a1", "'2025-03-31'").replace("a2", "1")),
            "2025-02-28")

    def test_dates(self):
        values = [(t, m) for t in ("2024-01-31", "2023-02-31", "2024-02-29 13:45", "2024-02-29T13:45:10.250",
                                   "2024-01-01T23:30:00Z", "2024-01-01T23:30:00+02:00",
                                   "2024-01-01 00:30-05:30", "2024-01-01 24:00", "12:30", "2460310.5",
                                   "0000-01-01", "9999-12-31", "-0100-03-01", "2024-13-01",
                                   "2024-00-10", "2024-1-1", "2024-01-01x", "bogus", "", None)
                  for m in ("+0 days", "+1 day", "-1 days", "+1.5 days", "+36 hours", "-90 minutes",
                            "+30.5 seconds", "start of month", "start of year", "start of day",
                            "+1 month", "-1 month", "+1.5 months", "+1 year", "-1 years",
                            "+12:30", "-01:15:30", "weekday 0", "weekday 3", "weekday 7",
                            "START OF MONTH", "+2 MONTHS", "+1 fortnight", "start of week", "+x days",
                            "+1", "1 days")]
        self.compare("date(a1, a2)", values)
        self.compare("date(a1)", [(t,) for t, m in values if m == "+0 days"])
        # date() of one literal or untyped parameter is PostgreSQL's cast to date
        with self.assertRaisesRegex(PgError, "out of range"):
            PG.text("SELECT date('2023-02-31')")
        self.compare("date(a1, 'start of month', '-3 months', '+1 month', '-1 day')",
                     [(t,) for t, m in values if m == "+0 days"])

    def test_julianday(self):
        stamps = ["2024-01-01", "2024-01-01T12:00:00.5Z", "2024-01-01T12:00:00.0005", "12:00",
                  "2000-01-01", "1970-01-01 00:00:00", "2026-11-28T10:00:00Z",
                  "2026-03-29T01:30:00+01:00", "0000-01-01", "2460310.5", "garbage", None]
        self.compare("julianday(a1)", [(s,) for s in stamps], raw=True)
        self.compare("julianday(a1, '+1 month', 'start of day')", [(s,) for s in stamps], raw=True)
        # report delays: whole days between two dates (Store::set_decision_days)
        days = self.days()
        pairs = [(days[i], days[j]) for i in range(0, len(days), 37) for j in range(0, len(days), 53)]
        self.compare("CAST(julianday(a1) - julianday(a2) AS INTEGER)", pairs)

    def test_store_functions(self):
        # ifg_commit and ifg_sha256 are checked against ifg's own output in
        # StateImages; here the NULL and '' rules and an integer's digits.
        self.assertIsNone(PG.value("SELECT ifg_commit('\\x01'::bytea, NULL::text)"))
        self.assertEqual(PG.value("SELECT ifg_commit('\\x01'::bytea, '')"), "")
        salt = b"\x01\x02"
        self.assertEqual(PG.value(f"SELECT ifg_commit({pg_literal(salt)}, 1990::bigint)"),
                         "sha256:" + hashlib.sha256(salt + b"1990").hexdigest())
        self.assertEqual(PG.value("SELECT ifg_commit(NULL, 'é')"),
                         "sha256:" + hashlib.sha256("é".encode()).hexdigest())


class StoreStatements(unittest.TestCase):
    """Statements of the store run unchanged in PostgreSQL (`?` as `$n`, each
    parameter's type inferred as libpq leaves it to the server) on the copied
    rows, with SQLite's result."""

    @classmethod
    def setUpClass(cls):
        cls.lite = Sqlite()
        cls.case = cls.lite.rows("SELECT min(id) FROM cases WHERE director IS NOT NULL")[0][0]

    def same(self, sql, args):
        lite = [[None if v is None else str(v) for v in r] for r in self.lite.rows(sql, args)]
        pg_sql = sqlite_to_pg_params(sql)
        literals = ", ".join("NULL" if a is None else str(a) if isinstance(a, int)
                             else "'" + a.replace("'", "''") + "'" for a in args)
        execute = f"EXECUTE s({literals})" if literals else "EXECUTE s"
        pg = PG.table(f"PREPARE s AS {pg_sql}; {execute};")
        self.assertEqual(lite, pg, sql)
        return lite

    def test_next_person_number(self):  # store_persons.cpp next_person_number
        got = self.same(
            "SELECT max(coalesce((SELECT max(number) FROM case_persons WHERE case_id = ?1), 0), "
            "coalesce((SELECT max(number) FROM person_facts WHERE case_id = ?1), 0)) + 1",
            (self.case,))
        self.assertGreater(int(got[0][0]), 1)

    def test_repeat_of(self):  # store_persons.cpp repeat_of(id), IFG_REPEAT_OF
        repeat = macros('IFG_REPEAT_OF("t", "?2")')['IFG_REPEAT_OF("t", "?2")']
        found = 0
        for (case,) in self.lite.rows("SELECT id FROM cases ORDER BY id"):
            found += len(self.same(f"SELECT me.number, e.id FROM cases t, {repeat} AND t.id = ?1 "
                                   f"ORDER BY e.received, length(e.id), e.id, me.number",
                                   (case, 12)))
        self.assertGreater(found, 0)

    def test_person_stats(self):  # store_reports.cpp add_person_stats, without INDEXED BY
        self.same("SELECT count(DISTINCT iif(cp.role = 'victim', cp.person_id, NULL)), "
                  "count(DISTINCT iif(cp.role = 'child', cp.person_id, NULL)) "
                  "FROM cases c JOIN case_persons cp ON cp.case_id = c.id "
                  "WHERE c.region = ?1 AND c.received >= ?2 AND c.received <= ?3",
                  ("ANT", "0000", "9999"))

    def test_caseload(self):  # store_reports.cpp caseload_rows, kVisible
        # A parameter first met in `? IS NULL` has no type PostgreSQL can
        # infer; CAST(? AS TEXT) IS NULL means the same in both engines.
        visible = ("(c.region IN (SELECT value FROM json_each(?1)) OR c.director = ?2 OR "
                   "EXISTS (SELECT 1 FROM involvement i WHERE i.case_id = c.id AND i.partner_id = ?3) OR "
                   "c.referrer_partner = ?3 OR EXISTS (SELECT 1 FROM partners p JOIN partner_regions r "
                   "ON r.partner_id = p.id WHERE p.id = ?3 AND r.region = c.region AND "
                   "(p.kind = c.channel OR p.kind = c.crisis_partner)))")
        sql = ("SELECT a.professional_id, count(*), sum(a.due IS NOT NULL AND a.due < ?5), "
               "min(a.due) FROM actions a JOIN cases c ON c.id = a.case_id WHERE " + visible +
               " AND a.status IN ('open', 'in_progress') AND c.status <> 'closed' "
               "AND (?4 IS NULL OR c.region = ?4) GROUP BY a.professional_id")
        args = ('["ANT"]', "nobody", "nobody", "ANT", "2027-01-01")
        with self.assertRaisesRegex(PgError, r"could not determine data type of parameter \$4"):
            self.same(sql, args)
        rows = self.same(sql.replace("?4 IS NULL", "CAST(?4 AS TEXT) IS NULL"), args)
        self.assertEqual(len(rows), 1)

    def test_undecided_pairs(self):  # store_links.cpp persons_near, IFG_UNDECIDED
        person = self.lite.rows("SELECT min(person_id) FROM case_persons")[0][0]
        self.same("SELECT id FROM persons WHERE region = ?2 AND same_as IS NULL AND id <> ?1 AND "
                  "NOT EXISTS (SELECT 1 FROM person_decisions d WHERE d.a = min(id, ?1) AND "
                  "d.b = max(id, ?1)) AND NOT EXISTS (SELECT 1 FROM case_persons x JOIN "
                  "case_persons y ON y.case_id = x.case_id WHERE x.person_id = ?1 AND "
                  "y.person_id = persons.id) ORDER BY id", (person, "ANT"))

    def test_months_before_with_parameters(self):  # store_persons.cpp repeat_of(referral)
        before = macros('IFG_MONTHS_BEFORE("?2", "?3")')['IFG_MONTHS_BEFORE("?2", "?3")']
        person = self.lite.rows("SELECT min(person_id) FROM case_persons")[0][0]
        self.same("SELECT e.received, e.id FROM case_persons o JOIN cases e ON e.id = o.case_id "
                  "WHERE o.person_id = ?1 AND e.received <= ?2 AND e.received >= " + before,
                  (person, "2026-12-31", 24))

    def differ(self, lite_sql, pg_sql, args, pg_args=None):
        """SQLite's statement and PostgreSQL's spelling of it: the same rows.
        PostgreSQL's arguments are literals; a text one is sent as libpq sends
        a parameter, as text of a type the server infers."""
        lite = [[None if v is None else str(v) for v in r] for r in self.lite.rows(lite_sql, args)]
        literals = ", ".join("NULL" if a is None else str(a) if isinstance(a, int)
                             else "'" + a.replace("'", "''") + "'"
                             for a in (args if pg_args is None else pg_args))
        execute = f"EXECUTE s({literals})" if literals else "EXECUTE s"
        pg = PG.table(f"PREPARE s AS {sqlite_to_pg_params(pg_sql)}; {execute};")
        self.assertEqual(lite, pg, pg_sql)
        return lite

    def test_action_stats(self):  # store_reports.cpp add_action_stats
        sql = ("SELECT status, domain, count(*), "
               "sum(CASE WHEN status IN ('open', 'in_progress') AND due IS NOT NULL AND due < ?4 "
               "THEN (SELECT c.status FROM cases c WHERE c.id = actions.case_id) <> 'closed' ELSE 0 "
               "END) FROM actions INDEXED BY actions_stats "
               "WHERE region = ?1 AND +received >= ?2 AND +received <= ?3 GROUP BY 1, 2")
        args = ("ANT", "0000", "9999", "2027-01-01")
        pg = sql.replace(" INDEXED BY actions_stats", "")
        with self.assertRaisesRegex(PgError, "CASE types integer and boolean cannot be matched"):
            self.differ(sql, pg, args)
        portable = pg.replace("THEN (SELECT c.status FROM cases c WHERE c.id = actions.case_id) "
                              "<> 'closed' ELSE 0 END",
                              "THEN CASE WHEN (SELECT c.status FROM cases c WHERE c.id = "
                              "actions.case_id) <> 'closed' THEN 1 ELSE 0 END ELSE 0 END")
        self.assertEqual(self.differ(sql, portable, args), self.differ(portable, portable, args))

    def test_integer_conditions(self):  # store_reports.cpp register_where, store_links.cpp
        with self.assertRaisesRegex(PgError, "argument of AND must be type boolean"):
            PG.text("SELECT count(*) FROM cases c WHERE (1) AND (c.region = 'ANT')")
        self.differ("SELECT count(*) FROM cases c WHERE (1) AND (c.region = ?1)",
                    "SELECT count(*) FROM cases c WHERE (TRUE) AND (c.region = ?1)", ("ANT",))
        # (birth_year IS NULL) <> ?4 makes ?4 a boolean: 0 and 1 sent as text are
        # read as false and true; sent as an integer they would be refused.
        sql = ("SELECT id FROM persons WHERE region = ?1 AND name_key IS NOT NULL AND "
               "(birth_year IS NULL) <> ?2 ORDER BY id")
        for flag in (0, 1):
            self.differ(sql, sql, ("ANT", flag), ("ANT", str(flag)))
        with self.assertRaisesRegex(PgError, "cannot be coerced to the expected type boolean"):
            PG.text(f"PREPARE s AS {sqlite_to_pg_params(sql)}; EXECUTE s('ANT', 1::bigint);")
        self.differ(sql.replace("(birth_year IS NULL) <> ?2",
                                "CASE WHEN birth_year IS NULL THEN 1 ELSE 0 END <> ?2"),
                    sql.replace("(birth_year IS NULL) <> ?2",
                                "CASE WHEN birth_year IS NULL THEN 1 ELSE 0 END <> ?2"), ("ANT", 1))

    def test_json_values_compared_with_columns(self):  # store_links.cpp split_persons
        moved = self.lite.rows(
            "SELECT json_object('case_persons', (SELECT json_group_array(json_array(case_id, "
            "number)) FROM case_persons WHERE person_id = ?1), 'aliases', (SELECT "
            "json_group_array(id) FROM persons WHERE same_as = ?1 OR id = ?1))",
            (self.lite.rows("SELECT max(person_id) FROM case_persons")[0][0],))[0][0]
        pairs = ("SELECT case_id, number FROM case_persons WHERE (case_id, number) IN (SELECT "
                 "json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1, "
                 "'$.case_persons'))")
        with self.assertRaisesRegex(PgError, "operator does not exist: bigint = text"):
            self.differ(pairs, pairs, (moved,))
        cast = pairs.replace("json_extract(value, '$[1]')",
                             "CAST(json_extract(value, '$[1]') AS INTEGER)")
        self.assertEqual(len(self.differ(pairs, cast, (moved,))), 1)
        aliases = "SELECT id FROM persons WHERE id IN (SELECT value FROM json_each(?1, '$.aliases'))"
        with self.assertRaisesRegex(PgError, "operator does not exist: bigint = text"):
            self.differ(aliases, aliases, (moved,))
        self.differ(aliases, aliases.replace("SELECT value", "SELECT CAST(value AS INTEGER)"),
                    (moved,))

    def test_json_built_by_statements(self):
        # store_links.cpp merge_persons: the record of what moved
        for (person,) in self.lite.rows("SELECT person_id FROM case_persons ORDER BY person_id "
                                        "LIMIT 5"):
            self.differ(
                "SELECT json_object('case_persons', (SELECT json_group_array(json_array(case_id, "
                "number)) FROM case_persons WHERE person_id = ?1), 'aliases', (SELECT "
                "json_group_array(id) FROM persons WHERE same_as = ?1))",
                "SELECT json_compact(json_build_object('case_persons', (SELECT "
                "json_group_array(json_build_array(case_id, number)) FROM case_persons WHERE "
                "person_id = CAST(?1 AS INTEGER)), 'aliases', (SELECT json_group_array(id) FROM "
                "persons WHERE same_as = CAST(?1 AS INTEGER))))", (person,))
        # store_audit.h IFG_BATCH_DETAILS: a batch record's details
        details = macros("IFG_BATCH_DETAILS")["IFG_BATCH_DETAILS"]
        pg_details = ("json_compact(json_build_object('batch', json('true'), 'chunk', e.id, "
                      "'external_ref', b.external_ref, 'outcome', b.outcome, 'ruleset', "
                      "json_extract(e.details, '$.ruleset')))")
        batch = ("SELECT c.id, {} FROM cases c JOIN batch_events b ON b.chunk = c.batch_chunk "
                 "AND b.seq = c.batch_seq JOIN events e ON e.id = b.chunk ORDER BY c.id")
        self.assertGreater(len(self.differ(batch.format(details), batch.format(pg_details), ())),
                           10)
        # store_state.cpp check_counters, every counter listed
        counters = ("SELECT {}, x.top FROM (SELECT region, "
                    "CAST(substr(id, length(region) + 2, 4) AS INTEGER) AS year, "
                    "max(CAST(substr(id, length(region) + 7) AS INTEGER)) AS top FROM cases "
                    "GROUP BY region, year) AS x LEFT JOIN case_counters k ON k.region = x.region "
                    "AND k.year = x.year ORDER BY 1")
        self.differ(counters.format("json_array(x.region, x.year)"),
                    counters.format("json_compact(json_build_array(x.region, x.year))"), ())

    def test_audit_entries(self):  # store_audit.cpp AuditLog::entries
        named = ("coalesce(e.case_id, CASE WHEN json_valid(e.details) THEN json_extract(e.details, "
                 "'$.case') END)")
        details = macros("IFG_BATCH_DETAILS")["IFG_BATCH_DETAILS"]
        sql = ("SELECT e.id, e.at, e.actor, e.kind, e.action, e.case_id, e.details, "
               "e.justification, e.hash, c.region, 0, CASE WHEN c.id IS NULL THEN " + named +
               " END, CASE WHEN e.action = 'batch' AND e.case_id IS NULL THEN (SELECT "
               "group_concat(DISTINCT r.region) FROM batch_events b JOIN cases r ON r.id = "
               "b.case_id WHERE b.chunk = e.id) END FROM events e LEFT JOIN cases c ON c.id = " +
               named + " WHERE (?1 IS NULL OR e.case_id = ?1) AND (?2 IS NULL OR e.actor = ?2) "
               "AND (?3 IS NULL OR substr(e.at, 1, 10) >= ?3) UNION ALL "
               "SELECT e.id, e.at, e.actor, 'change', 'registered', b.case_id, " + details +
               ", e.justification, lower(hex(b.hash)), c.region, b.seq, NULL, NULL FROM cases c "
               "JOIN batch_events b ON b.chunk = c.batch_chunk AND b.seq = c.batch_seq "
               "JOIN events e ON e.id = b.chunk "
               "WHERE (?1 IS NULL OR c.id = ?1) AND (?2 IS NULL OR e.actor = ?2) "
               "AND (?3 IS NULL OR substr(e.at, 1, 10) >= ?3) ORDER BY 1, 11")
        pg = sql.replace(details, "json_compact(json_build_object('batch', json('true'), 'chunk', "
                                  "e.id, 'external_ref', b.external_ref, 'outcome', b.outcome, "
                                  "'ruleset', json_extract(e.details, '$.ruleset')))")
        for n in (1, 2, 3):
            pg = pg.replace(f"?{n} IS NULL", f"CAST(?{n} AS TEXT) IS NULL")
        for args in [(None, None, None), (self.case, None, None), (None, "coord.ant", "2026-01-01")]:
            self.assertGreater(len(self.differ(sql, pg, args)), 0)

    def test_upserts(self):
        # INSERT OR IGNORE and INSERT OR REPLACE as ON CONFLICT, which both
        # engines read (SQLite needs a WHERE in INSERT ... SELECT before it).
        steps = ["CREATE TEMP TABLE u(a INTEGER, b INTEGER, c TEXT, PRIMARY KEY (a, b))",
                 "INSERT INTO u VALUES (1, 2, 'x') ON CONFLICT DO NOTHING",
                 "INSERT INTO u VALUES (1, 2, 'y') ON CONFLICT DO NOTHING",
                 "INSERT INTO u SELECT a, b, c FROM (SELECT 1 AS a, 2 AS b, 'z' AS c UNION ALL "
                 "SELECT 3, 4, 'w' UNION ALL SELECT 3, 4, 'v') AS s WHERE true "
                 "ON CONFLICT DO NOTHING",
                 "INSERT INTO u VALUES (3, 4, 'r') ON CONFLICT (a, b) DO UPDATE SET c = excluded.c"]
        lite = sqlite3.connect(":memory:")
        for step in steps:
            lite.execute(step)
        want = [[str(v) for v in r] for r in lite.execute("SELECT * FROM u ORDER BY a, b")]
        self.assertEqual(want, [["1", "2", "x"], ["3", "4", "r"]])
        self.assertEqual(PG.table("; ".join(steps) + "; SELECT * FROM u ORDER BY a, b;"), want)

    def test_partners_need_an_ordered_aggregate(self):
        # store_config.cpp partners(): group_concat over an ordered subquery and
        # GROUP BY; PostgreSQL promises the order only when the aggregate says it.
        lite = self.lite.rows(
            "SELECT p.id, p.kind, p.name, group_concat(r.region, ',') FROM partners p "
            "LEFT JOIN (SELECT * FROM partner_regions ORDER BY region) r ON r.partner_id = p.id "
            "GROUP BY p.id ORDER BY p.id")
        pg = PG.rows("SELECT p.id, p.kind, p.name, string_agg(r.region, ',' ORDER BY r.region) "
                     "FROM partners p LEFT JOIN partner_regions r ON r.partner_id = p.id "
                     "GROUP BY p.id ORDER BY p.id")
        self.assertEqual(lite, pg)

    def test_parameters_need_dense_numbers(self):
        # A statement that skips a number (the register without ?1-?3) cannot
        # be prepared with untyped parameters: the backend renumbers them.
        with self.assertRaisesRegex(PgError, r"could not determine data type of parameter \$1"):
            PG.text("PREPARE gap AS SELECT count(*) FROM cases WHERE id = $2")
        self.assertEqual(sqlite_to_pg_params("VALUES(?, ?, 'a?', ?15, ?)"),
                         "VALUES($1, $2, 'a?', $15, $16)")


if __name__ == "__main__":
    if not CONNINFO:
        sys.exit("IFG_TEST_PG names no PostgreSQL cluster: run this through ctest, whose "
                 "pg_cluster fixture starts one (scripts/pg-cluster)")
    if not IFG or not SRC:
        sys.exit(__doc__)
    unittest.main(argv=sys.argv[:1], verbosity=2)
