# SPDX-License-Identifier: EUPL-1.2
"""The store a CLI test runs on: SQLite (the default) or PostgreSQL (issue 17).

IFG_TEST_STORE=postgresql runs a test file on PostgreSQL; IFG_TEST_PG is then the
libpq connection string of the superuser of the throw-away cluster (CTest's
pg_cluster fixture sets it, tests/CMakeLists.txt). There each test gets a fresh
database (LOCALE 'C', as `ifg init` needs), dropped when it ends, and each run
of ifg logs in as its actor, since on PostgreSQL the actor is the login: `--as X`
or IFG_ACTOR=X connects as the role X (given LOGIN first; init made it NOLOGIN),
no actor as the superuser. `--as X` stays on the command line: it repeats the
login, so it is accepted.

A test about SQLite's file (its permissions, -wal, a corrupt or foreign file, the
path in a message) takes @sqlite_only(reason): skipped with the reason on
PostgreSQL, run as ever on SQLite.

A script that runs ifg itself (scripts/demo) is given Store.stand_in() in ifg's
place: on PostgreSQL an executable that runs ifg as Store.command() would.
"""

import itertools
import os
import subprocess
import sys
import unittest

STORE = os.environ.get("IFG_TEST_STORE", "sqlite")
POSTGRESQL = STORE == "postgresql"
SUPERUSER = os.environ.get("IFG_TEST_PG", "")
if STORE not in ("sqlite", "postgresql"):
    raise SystemExit("IFG_TEST_STORE=%s: use sqlite or postgresql" % STORE)
if POSTGRESQL and not SUPERUSER:
    raise SystemExit("IFG_TEST_STORE=postgresql needs IFG_TEST_PG (run it through ctest)")

_numbers = itertools.count(1)
_logins = set()  # roles given LOGIN already (roles belong to the cluster)


def sqlite_only(reason):
    """Marks a test (or class) that is about SQLite's file: skipped on PostgreSQL only."""
    if POSTGRESQL:
        return unittest.skip("SQLite only: " + reason)
    return lambda test: test


def refused(actor):
    """The exit code and a word of the message when `actor` (None: none given) is no
    professional. On PostgreSQL no actor is the superuser's login, a professional of
    no one, and an unknown one is a role that does not exist: its login is refused."""
    if actor is None:
        return 4, "postgres" if POSTGRESQL else "--as"
    return 6 if POSTGRESQL else 4, actor


def quoted(value):
    """A libpq connection-string value in single quotes."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def psql(sql, conninfo=None):
    """Runs `sql` as the superuser; the rows, unaligned, one a line, fields split by |."""
    run = subprocess.run(
        ["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo or SUPERUSER,
         "-c", sql], capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise RuntimeError("psql %r exited %d: %s" % (sql, run.returncode, run.stderr))
    return run.stdout.rstrip("\n")


def grant_login(role):
    """Lets `role` log in, once it exists (init makes professionals' roles NOLOGIN)."""
    if role in _logins:
        return
    name = role.replace('"', '""')
    for _ in range(5):  # test files running at once may alter the same role
        can = psql("SELECT rolcanlogin FROM pg_roles WHERE rolname = '%s'"
                   % role.replace("'", "''"))
        if can != "f":  # "t", or no such role (yet)
            if can == "t":
                _logins.add(role)
            return
        try:
            psql('ALTER ROLE "%s" LOGIN' % name)
        except RuntimeError:
            continue


def _option(argv, name):
    """The value of `name` in argv (`name VALUE` or `name=VALUE`) and its index, or None."""
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return i + 1, argv[i + 1]
        if a.startswith(name + "="):
            return i, a[len(name) + 1:]
    return None


def _verifies(argv):
    """Whether argv runs `audit verify`: on PostgreSQL only the administrator, who owns
    the tables, reads the whole trail, so it runs as the superuser, without an actor."""
    words = [a for a in argv if not a.startswith("-")]
    return any(a == "audit" and b == "verify" for a, b in zip(words, words[1:]))


class Store:
    """The database of one test: a file on SQLite, a database of the cluster on PostgreSQL.

    `sqlite_path` is the file the test uses on SQLite; on PostgreSQL a --db or
    IFG_DB naming it (absolute, or relative to the test's directory `cwd`) names
    the test's database instead."""

    def __init__(self, test, sqlite_path, cwd=None):
        self.sqlite_path = sqlite_path
        self.cwd = cwd or os.path.dirname(sqlite_path)
        self.name = None
        if POSTGRESQL:
            self.name = "ifg_test_%d_%d" % (os.getpid(), next(_numbers))
            psql("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'" % self.name)
            test.addCleanup(self.drop)

    @classmethod
    def _attach(cls, name, sqlite_path, cwd):
        """The Store of the database `name` made already (by the test that runs a stand-in)."""
        store = cls.__new__(cls)
        store.sqlite_path, store.cwd, store.name = sqlite_path, cwd, name
        return store

    def stand_in(self, ifg, path):
        """An executable to give a script that runs ifg itself (scripts/demo) in its place.
        On SQLite `ifg` itself; on PostgreSQL one written at `path` that runs `ifg` as
        command() does: each run logs in as its actor, on the test's database when the
        script's --db or IFG_DB names `sqlite_path`. Its exit status is ifg's."""
        if not POSTGRESQL:
            return ifg
        with open(path, "w", encoding="utf-8") as f:
            f.write(_STAND_IN % {
                "python": sys.executable, "here": os.path.dirname(os.path.abspath(__file__)),
                "superuser": SUPERUSER, "store": (self.name, self.sqlite_path, self.cwd),
                "ifg": ifg, "path": path})
        os.chmod(path, 0o700)
        return path

    def drop(self):
        psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)

    def conninfo(self, actor=None):
        """The connection string of the test's database, as `actor` (None: the superuser)."""
        target = "%s dbname=%s" % (SUPERUSER, self.name)
        return target if actor is None else "%s user=%s" % (target, quoted(actor))

    def is_ours(self, value):
        return os.path.normpath(os.path.join(self.cwd, value)) == os.path.normpath(self.sqlite_path)

    def command(self, argv, env):
        """argv and env of a run of ifg, pointed at the test's database and login."""
        if not POSTGRESQL:
            return argv, env
        argv, env = list(argv), dict(env)
        if _verifies(argv):  # the whole trail is the administrator's (docs/deployment.md)
            found = _option(argv, "--as")
            if found:
                del argv[found[0] - (1 if argv[found[0] - 1] == "--as" else 0):found[0] + 1]
            env.pop("IFG_ACTOR", None)
        found = _option(argv, "--as")
        actor = found[1] if found else env.get("IFG_ACTOR") or None
        if actor is not None:
            grant_login(actor)
        target = self.conninfo(actor)
        db = _option(argv, "--db")
        if db is not None:
            if self.is_ours(db[1]):
                argv[db[0]] = target if argv[db[0]] == db[1] else "--db=" + target
        elif "IFG_DB" not in env or self.is_ours(env["IFG_DB"]):
            env["IFG_DB"] = target
        return argv, env

    def query(self, sql):
        """The rows of `sql` on the test's database (as the superuser), as lists of text."""
        if POSTGRESQL:
            out = psql(sql, self.conninfo())
            return [line.split("|") for line in out.splitlines()] if out else []
        import sqlite3
        with sqlite3.connect(self.sqlite_path) as db:
            return [[None if v is None else str(v) for v in row] for row in db.execute(sql)]


_STAND_IN = """#!%(python)s -S
# ifg for a script run by a test on PostgreSQL (tests/store_under_test.py, Store.stand_in).
# The logins given already are listed in %(path)s.logins, to ask the cluster once per role.
import os
import sys

sys.path.insert(0, %(here)r)
os.environ.update(IFG_TEST_STORE="postgresql", IFG_TEST_PG=%(superuser)r)
import store_under_test

known = set()
if os.path.exists(%(path)r + ".logins"):
    with open(%(path)r + ".logins", encoding="utf-8") as f:
        known = set(f.read().split())
store_under_test._logins.update(known)
store = store_under_test.Store._attach(*%(store)r)
argv, env = store.command([%(ifg)r] + sys.argv[1:], dict(os.environ))
if store_under_test._logins - known:
    with open(%(path)r + ".logins", "a", encoding="utf-8") as f:
        f.write("".join(r + "\\n" for r in store_under_test._logins - known))
os.execve(%(ifg)r, argv, env)
"""
