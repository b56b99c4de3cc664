#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The throw-away PostgreSQL cluster of the pg_cluster fixture (scripts/pg-cluster)
is what the PostgreSQL tests expect: version 15, reachable only by its Unix
socket, its superuser may create and drop databases and roles, and a role with a
dot in its name (as ifg's professionals have) logs in by name, without a password.

usage: IFG_TEST_PG=CONNINFO pg_cluster_test.py
IFG_TEST_PG is the libpq connection string of the superuser, database postgres;
ctest sets it (tests/CMakeLists.txt, ifg_postgresql_test). Without it, or without
a server behind it, the test fails: it never skips.
"""
import os
import shutil
import subprocess
import sys
import unittest

CONNINFO = os.environ.get("IFG_TEST_PG", "")
ROLE = "coord.test"
DATABASE = "ifg_pg_cluster_test"


def as_role(conninfo, role):
    """The connection string with another role (a later keyword overrides an earlier one)."""
    escaped = role.replace("\\", "\\\\").replace("'", "\\'")
    return f"{conninfo} user='{escaped}'"


def psql(sql, conninfo=CONNINFO):
    """The rows of `sql`, unaligned, one per line; a failure fails the test with psql's words."""
    run = subprocess.run(
        ["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
        capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise AssertionError(f"psql {sql!r} on {conninfo!r} exited {run.returncode}: {run.stderr}")
    return run.stdout.rstrip("\n")


class Cluster(unittest.TestCase):
    def test_version_15(self):
        self.assertRegex(psql("SHOW server_version_num"), r"^15\d{4}$")

    def test_unix_socket_only(self):
        self.assertEqual(psql("SHOW listen_addresses"), "")
        # NULL (an empty field) on a Unix-socket connection.
        self.assertEqual(psql("SELECT inet_server_addr()"), "")
        self.assertTrue(psql("SHOW unix_socket_directories").startswith("/"))

    def test_utf8(self):
        self.assertEqual(psql("SHOW server_encoding"), "UTF8")

    def test_create_and_drop_database(self):
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        psql(f"CREATE DATABASE {DATABASE}")
        self.assertEqual(psql("SELECT current_database()", f"{CONNINFO} dbname={DATABASE}"), DATABASE)
        psql(f"DROP DATABASE {DATABASE}")
        self.assertEqual(psql(f"SELECT count(*) FROM pg_database WHERE datname = '{DATABASE}'"), "0")

    def test_role_with_a_dot_logs_in(self):
        psql(f'DROP ROLE IF EXISTS "{ROLE}"')
        psql(f'CREATE ROLE "{ROLE}" LOGIN')
        try:
            self.assertEqual(psql("SELECT current_user, usesuper FROM pg_user WHERE usename = current_user",
                                  as_role(CONNINFO, ROLE)), f"{ROLE}|f")
        finally:
            psql(f'DROP ROLE "{ROLE}"')


if __name__ == "__main__":
    if not CONNINFO:
        sys.exit("pg_cluster_test: IFG_TEST_PG is not set; run it through ctest "
                 "(the pg_cluster fixture starts the cluster)")
    if not shutil.which("psql"):
        sys.exit("pg_cluster_test: no psql; run scripts/install-deps (postgresql-client-15)")
    unittest.main(argv=[sys.argv[0]], verbosity=2)
