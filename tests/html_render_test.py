#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""The HTML reports as a browser shows them.

Usage: python3 tests/html_render_test.py PATH/TO/ifg EXAMPLES_DIR

Builds a demo database (the example region, the 200 sample referrals, a few
decisions, a case meeting and an action plan whose texts hold HTML
metacharacters), then writes `report region --format html` (with and without
--min-cell) and `report case --format html` and checks that each page

  - is self-contained: nothing loaded from elsewhere (no src/href/action but
    to a fragment, no <script>, <link>, <img>, <iframe>, @import or url());
  - is accessible: <html lang>, a charset, one h1 then h2s, each <svg>
    role="img" named by its own <title> and <desc>, a <table> right after it;
  - is well-formed (every opened element closed, in order) and escapes user
    text; the same report gives the same bytes;
  - shows suppressed counts as "<N", never as 0, and says so in its footer;

and then renders each page with headless Chromium and checks the screenshot
is not blank: many colours, enough dark pixels, and the bars of the charts
drawn (pixels of the bar colour in several separate bars).

Without a browser on PATH the page checks still run; the test then prints
SKIPPED and exits 77 (CTest reports it as skipped). Only the Python standard
library is used; the PNG is decoded here (zlib and the PNG filters).
"""

import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

SKIP = 77
NOW = "2026-11-28T10:00:00Z"
BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
HOSTILE_ACTION = "Check <script>alert('x')</script> & \"quotes\""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)
    return cond


# ---------------------------------------------------------------------------
# The demo database


class Demo:
    def __init__(self, ifg, examples):
        self.ifg = ifg
        self.examples = examples
        self.dir = tempfile.mkdtemp(prefix="ifg-html-")
        self.db = os.path.join(self.dir, "ifg.db")

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("IFG_")}
        env.update({"IFG_DB": self.db, "IFG_NOW": NOW, "IFG_TESTING": "1", "IFG_ACTOR": "coord.ant"})
        return env

    def run(self, *args, ok=(0,)):
        r = subprocess.run([self.ifg, *args], cwd=self.dir, env=self.env(),
                           capture_output=True, timeout=60)
        if r.returncode not in ok:
            raise RuntimeError("ifg %s: exit %d\n%s" % (" ".join(args), r.returncode,
                                                        r.stderr.decode(errors="replace")))
        return r.stdout

    def build(self):
        self.run("init", "--config", os.path.join(self.examples, "flanders.toml"))
        # Exit 5: the sample file holds three invalid records on purpose.
        out = self.run("--as", "coord.vl", "--quiet", "--format", "jsonl", "screen", "--batch",
                       os.path.join(self.examples, "referrals.jsonl"), ok=(0, 5))
        results = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
        eligible = [r["case"] for r in results
                    if r.get("outcome") == "eligible" and str(r.get("case", "")).startswith("ANT-")]
        if len(eligible) < 4:
            raise RuntimeError("expected at least 4 eligible ANT cases, got %r" % eligible)
        case, second, third, refused = eligible[:4]
        for c in (case, second, third):
            self.run("decide", c, "--accept", "--motivation", "Very unsafe, help stuck")
        self.run("decide", refused, "--refuse", "--motivation", "Pointed to regular help")
        self.run("meeting", "add", case, "--date", "2026-11-20", "--attendee", "coord.ant",
                 "--attendee", "dir.ant", "--basis", "decree", "--purpose", "Analysis & <plan>")
        self.run("plan", "add", case, "--action", "Find housing", "--domain", "housing",
                 "--professional", "dir.ant", "--due", "2026-12-15")
        self.run("plan", "add", case, "--action", HOSTILE_ACTION, "--domain", "financien",
                 "--professional", "dir.ant", "--due", "2026-11-20")
        self.run("plan", "add", case, "--action", "Follow up", "--domain", "justice",
                 "--professional", "coord.ant")
        self.run("assign", case, "--director", "dir.ant")
        self.run("plan", "activate", case)
        self.run("plan", "set", case, "1", "--status", "done", "--note", "Housing found")
        self.run("plan", "set", case, "3", "--status", "in_progress")
        return case

    def report(self, *args):
        return self.run("--format", "html", "report", *args).decode("utf-8")

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------------------
# The page as markup

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(html.parser.HTMLParser):
    """Start tags in order (with attributes) and nesting errors."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []  # (tag, attrs dict), in document order
        self.stack = []
        self.errors = []
        self.text = {}  # id -> text of the element with that id (title, desc, h2)
        self._capture = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in VOID:
            self.stack.append(tag)
            self._capture.append(a.get("id"))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    self._capture.pop()
                self._capture.pop()
            return
        self.stack.pop()
        self._capture.pop()

    def handle_data(self, data):
        for i in self._capture:
            if i:
                self.text[i] = self.text.get(i, "") + data


def check_page(name, page, min_svg, lang="en"):
    p = Page()
    p.feed(page)
    p.close()
    check(not p.errors, "%s: tags not balanced: %s" % (name, p.errors[:5]))
    check(not p.stack, "%s: elements left open: %s" % (name, p.stack))

    # Self-contained.
    low = page.lower()
    for pattern, what in [(r"<script", "a <script>"), (r"<link\b", "a <link>"),
                          (r"<img\b", "an <img>"), (r"<iframe\b", "an <iframe>"),
                          (r"<object\b", "an <object>"), (r"<embed\b", "an <embed>"),
                          (r"@import", "an @import"), (r"url\s*\(", "a url()"),
                          (r"javascript:", "a javascript: URL")]:
        check(not re.search(pattern, low), "%s: has %s" % (name, what))
    for tag, attrs in p.tags:
        for attr in ("src", "href", "action", "data", "srcset", "poster", "xlink:href"):
            if attr in attrs:
                check((attrs[attr] or "").startswith("#"),
                      "%s: <%s %s=%r> loads something" % (name, tag, attr, attrs[attr]))

    # Accessible.
    check(re.search(r'<html lang="%s"' % lang, page), "%s: no <html lang=\"%s\">" % (name, lang))
    check(re.search(r'<meta charset="utf-8"', page, re.I), "%s: no charset meta" % name)
    headings = [t for t, _ in p.tags if re.fullmatch(r"h[1-6]", t)]
    check(headings[:1] == ["h1"] and headings.count("h1") == 1,
          "%s: not exactly one h1, first: %s" % (name, headings[:3]))
    check(all(h in ("h1", "h2") for h in headings) and "h2" in headings,
          "%s: headings are not h1 then h2s: %s" % (name, sorted(set(headings))))
    check("<title>" in page and "<footer>" in page, "%s: no <title> or <footer>" % name)

    svgs = [i for i, (t, _) in enumerate(p.tags) if t == "svg"]
    check(len(svgs) >= min_svg, "%s: %d <svg>, expected at least %d" % (name, len(svgs), min_svg))
    for n, i in enumerate(svgs):
        attrs = p.tags[i][1]
        check(attrs.get("role") == "img", "%s: svg %d without role=img" % (name, n))
        ids = (attrs.get("aria-labelledby") or "").split()
        inner = [(t, a.get("id")) for t, a in p.tags[i + 1:i + 3]]
        check(len(ids) == 2 and inner == [("title", ids[0]), ("desc", ids[1])],
              "%s: svg %d is not labelled by its own <title> and <desc>" % (name, n))
        check(all(p.text.get(x, "").strip() for x in ids),
              "%s: svg %d has an empty <title> or <desc>" % (name, n))
        after = [t for t, _ in p.tags[i + 1:] if t in ("svg", "table", "section", "h2")]
        check(after[:1] == ["table"], "%s: svg %d is not followed by its table (%s)"
              % (name, n, after[:1]))
    return p


def bar_colour(page):
    m = re.search(r"\.bar\{fill:#([0-9a-fA-F]{6})\}", page)
    return tuple(int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4)) if m else None


# ---------------------------------------------------------------------------
# The page as pixels


def decode_png(data):
    """(width, height, channels, rows of bytes) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("unsupported PNG: depth %d colour %d interlace %d" % (depth, colour, interlace))
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        elif kind != 0:
            raise ValueError("bad PNG filter %d" % kind)
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def screenshot(browser, html_path, png_path, profile):
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--no-default-browser-check", "--disable-extensions",
           "--disable-dev-shm-usage",
           "--force-device-scale-factor=1", "--window-size=1200,2000",
           "--user-data-dir=" + profile, "--screenshot=" + png_path,
           "file://" + os.path.abspath(html_path)]
    env = dict(os.environ, HOME=profile)
    r = subprocess.run(cmd, capture_output=True, timeout=120, env=env)
    if r.returncode != 0 or not os.path.exists(png_path):
        raise RuntimeError("%s failed (exit %d): %s" % (browser, r.returncode,
                                                        r.stderr.decode(errors="replace")[-2000:]))


def check_pixels(name, png_path, bars):
    width, height, bpp, rows = decode_png(open(png_path, "rb").read())
    colours, dark, total = set(), 0, 0
    bar_rows = []  # for each pixel row: does it hold a run of bar colour?
    for row in rows[::2]:
        run = best = 0
        for x in range(0, width * bpp, bpp * 2):
            px = row[x:x + 3]
            colours.add(px)
            total += 1
            if px[0] + px[1] + px[2] < 600:
                dark += 1
            if bars and all(abs(px[i] - bars[i]) <= 6 for i in range(3)):
                run += 1
                best = max(best, run)
            else:
                run = 0
        bar_rows.append(best >= 4)  # at least 8 pixels wide
    check(width == 1200 and height == 2000, "%s: screenshot is %dx%d" % (name, width, height))
    check(len(colours) >= 32, "%s: only %d colours: blank page?" % (name, len(colours)))
    check(dark / total >= 0.005, "%s: only %.2f%% dark pixels: blank page?" % (name, 100 * dark / total))
    separate = sum(1 for i, b in enumerate(bar_rows) if b and (i == 0 or not bar_rows[i - 1]))
    if bars:
        check(separate >= 3, "%s: %d bars drawn in the charts, expected several" % (name, separate))
    return len(colours), 100 * dark / total, separate


# ---------------------------------------------------------------------------


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    ifg, examples = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    started = time.monotonic()
    demo = Demo(ifg, examples)
    try:
        case = demo.build()
        region = demo.report("region", "--region", "ANT")
        suppressed = demo.report("region", "--region", "ANT", "--min-cell", "5")
        sheet = demo.report("case", case)
        # The same pages in Dutch (docs/language.md): lang="nl", Dutch words, the same charts.
        region_nl = demo.report("--lang", "nl", "region", "--region", "ANT")
        sheet_nl = demo.report("--lang", "nl", "case", case)
        pages = {"region": region, "region-min-cell-5": suppressed, "case": sheet,
                 "region-nl": region_nl, "case-nl": sheet_nl}
        check_page("region-nl", region_nl, 4, "nl")
        check_page("case-nl", sheet_nl, 0, "nl")
        check("Aangemaakt met ifg" in region_nl,
              "region-nl: no footer")
        check("Generated by ifg" not in region_nl, "region-nl: the footer is still English")
        check(region_nl.count("<svg") == region.count("<svg"), "region-nl: not the same charts")

        check_page("region", region, 4)
        check_page("region-min-cell-5", suppressed, 4)
        check_page("case", sheet, 0)
        check(demo.report("region", "--region", "ANT") == region, "region: not deterministic")

        # Suppression: "<5" in tables, "suppressed" in the charts and the footer.
        check("&lt;5" in suppressed, "min-cell 5: no suppressed count shown as <5")
        check(re.search(r'class="sup"[^>]*>suppressed', suppressed),
              "min-cell 5: no suppressed bar labelled in a chart")
        footer = suppressed[suppressed.find("<footer>"):]
        check("suppressed" in footer and "&lt;5" in footer, "min-cell 5: footer says nothing of suppression")
        check("Generated by ifg" in footer, "footer does not say how the page was generated")

        # User text is escaped.
        check("<script" not in sheet and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in sheet,
              "case: the action text is not escaped")
        check("Analysis &amp; &lt;plan&gt;" in sheet, "case: the meeting purpose is not escaped")

        browser = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
        if browser is None:
            print("page checks: %s" % ("%d failed" % len(failures) if failures else "passed"))
            if failures:
                return 1
            print("SKIPPED: no headless browser (install chromium: scripts/install-deps)")
            return SKIP

        for name, page in pages.items():
            path = os.path.join(demo.dir, name + ".html")
            with open(path, "w", encoding="utf-8") as f:
                f.write(page)
            png = os.path.join(demo.dir, name + ".png")
            profile = tempfile.mkdtemp(prefix="profile-", dir=demo.dir)
            screenshot(browser, path, png, profile)
            bars = bar_colour(page) if name.startswith("region") else None
            if name.startswith("region"):
                check(bars is not None, "%s: no bar colour in the style" % name)
            colours, dark, separate = check_pixels(name, png, bars)
            print("%s: %d colours, %.1f%% dark pixels, %d bars" % (name, colours, dark, separate))
    finally:
        if os.environ.get("IFG_KEEP_HTML"):
            print("pages and screenshots kept in " + demo.dir)
        else:
            demo.cleanup()

    print("%.1f s" % (time.monotonic() - started))
    if failures:
        print("%d failed" % len(failures))
        return 1
    print("all HTML report checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
