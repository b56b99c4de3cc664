#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The installed shared library as another program sees it (docs/packaging.md).

    package_test.py PREFIX EXAMPLES VERSION

PREFIX is a scratch install of a shared build. Checks that libifg.so exports
the public API of ifg:: and nothing else (no symbol of nlohmann, toml++, fmt,
SQLite or the standard library), that its SONAME is libifg.so.MAJOR, and that
ifg.pc builds and links examples/embed.cpp without CMake.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import unittest

PREFIX, EXAMPLES, VERSION = sys.argv[1:4]
del sys.argv[1:4]
MAJOR = VERSION.split(".")[0]

# What a linker puts into every shared object, beside the library's own symbols.
LINKER_SYMBOLS = {"_init", "_fini", "_edata", "_end", "__bss_start"}
# Mangled names in namespace ifg: functions and members (_ZN3ifg, const members
# _ZNK3ifg), and the typeinfo, its name and the vtable of its classes.
IFG_MANGLED = re.compile(r"^_Z(N|NK|TIN|TSN|TVN)3ifg")


def library(name):
    found = glob.glob(os.path.join(PREFIX, "lib*", "**", name), recursive=True)
    if not found:
        raise AssertionError(f"{name} is not installed under {PREFIX}")
    return found[0]


def run(*args, env=None):
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout


class ExportedSymbols(unittest.TestCase):
    def setUp(self):
        self.so = library(f"libifg.so.{VERSION}")

    def exported(self, *demangle):
        out = run("nm", "-D", "--defined-only", *demangle, self.so)
        # "0000000000012340 T ifg::version()": the name is everything after the type letter.
        return [line.split(" ", 2)[2] for line in out.splitlines() if line.count(" ") >= 2]

    def test_only_ifg_symbols_leave_the_library(self):
        symbols = self.exported()
        foreign = [s for s in symbols if s not in LINKER_SYMBOLS and not IFG_MANGLED.match(s)]
        names = run("c++filt", *foreign).splitlines() if foreign else []
        self.assertEqual(names, [], f"{len(foreign)} symbols outside ifg:: are exported")
        print(f"{len(symbols)} exported symbols, all in ifg::", file=sys.stderr)

    def test_the_public_api_is_exported(self):
        symbols = set(self.exported("-C"))
        for name in ("ifg::version()", "ifg::schema_version()", "ifg::Service::catalog()",
                     "ifg::load_config(std::__cxx11::basic_string<char, std::char_traits<char>, "
                     "std::allocator<char> > const&)"):
            self.assertIn(name, symbols)
        self.assertTrue(any(s.startswith("typeinfo for ifg::Error") for s in symbols),
                        "ifg::Error must be catchable across the library boundary")

    def test_private_code_is_hidden(self):
        symbols = self.exported("-C")
        for private in ("ifg::detail::Store", "ifg::Service::Impl", "ifg::detail::Actor"):
            self.assertFalse([s for s in symbols if s.startswith(private)],
                             f"{private} is private to the library")

    def test_soname_is_the_major_version(self):
        dynamic = run("readelf", "-d", self.so)
        self.assertIn(f"Library soname: [libifg.so.{MAJOR}]", dynamic)
        link = library(f"libifg.so.{MAJOR}")
        self.assertEqual(os.path.realpath(link), os.path.realpath(self.so))


class PkgConfig(unittest.TestCase):
    def env(self):
        pc = glob.glob(os.path.join(PREFIX, "lib*", "**", "pkgconfig", "ifg.pc"), recursive=True)
        self.assertTrue(pc, "ifg.pc is not installed")
        return dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pc[0]))

    def test_modversion(self):
        self.assertEqual(run("pkg-config", "--modversion", "ifg", env=self.env()).strip(), VERSION)

    def test_embed_builds_and_runs_with_pkg_config_alone(self):
        env = self.env()
        flags = run("pkg-config", "--cflags", "--libs", "ifg", env=env).split()
        libdir = run("pkg-config", "--variable=libdir", "ifg", env=env).strip()
        with tempfile.TemporaryDirectory() as tmp:
            exe = os.path.join(tmp, "embed")
            subprocess.run(["c++", "-std=c++20", os.path.join(EXAMPLES, "embed.cpp"), "-o", exe,
                            *flags, f"-Wl,-rpath,{libdir}"], check=True)
            out = run(exe, os.path.join(EXAMPLES, "flanders.toml"),
                      os.path.join(EXAMPLES, "referral.json"))
        self.assertIn('"outcome":"eligible"', out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
