#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Golden test of `claimtrack scrape` over corpus/pages.

Checks, for every <id>.html with an <id>.expected.json:
  * seed-style labels (with "paragraphs"): the output equals the label
    exactly (every key, in order);
  * other labels: body char-level F1 >= 0.95 (NFKC, whitespace removed;
    pages in corpus/pages/score_exceptions.txt are reported, not failed),
    title / source exact and published at the labelled precision where
    labelled, `with` snippets present, `without` snippets absent, author
    exact on synthetic pages;
  * a reviewed snapshot <id>.scrape.json, when present, equals the output
    byte for byte (`--update` rewrites the snapshots; review the diff).
Prints a score table. usage: scrape_golden.py [--update]
"""
import json
import os
import subprocess
import sys

SRC = os.environ.get("CT_SOURCE_DIR", os.path.join(os.path.dirname(__file__),
                                                   "..", ".."))
TOOL = os.environ.get("CLAIMTRACK", os.path.join(SRC, "build", "claimtrack"))
PAGES = os.path.join(SRC, "corpus", "pages")
sys.path.insert(0, os.path.join(SRC, "bench"))
import score_scrape as sc  # noqa: E402

MIN_F1 = 0.95


def main():
    update = "--update" in sys.argv[1:]
    pages = sc.load_pages([PAGES])
    exc = set()
    p = os.path.join(PAGES, "score_exceptions.txt")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as f:
            exc = {l.split()[0] for l in f if l.strip() and not l.startswith("#")}
    paths = [pg[1] for pg in pages]
    out = subprocess.run([TOOL, "scrape", "--format", "jsonl"] + paths,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
        print("FAIL: scrape exited %d" % out.returncode)
        return 1
    lines = out.stdout.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(pages):
        print("FAIL: %d lines for %d pages" % (len(lines), len(pages)))
        return 1
    failures = []
    fmt = "%-36s %6s %6s %6s %6s %6s %5s %8s %5s"
    print(fmt % ("page", "F1", "title", "date", "source", "author", "with",
                 "without", "snap"))
    f1s = []
    for (pid, html, exp), line in zip(pages, lines):
        art = json.loads(line)
        res = {}
        if "paragraphs" in exp:  # seed: exact
            res["exact"] = list(art.items()) == list(exp.items())
            if not res["exact"]:
                failures.append("%s: output differs from the seed label" % pid)
        gold = exp.get("body") if "body" in exp else exp.get("text")
        f1 = sc.f1(art.get("text") or "", gold) if gold else None
        if f1 is not None:
            f1s.append(f1)
            if f1 < MIN_F1 and pid not in exc:
                failures.append("%s: body F1 %.3f < %.2f" % (pid, f1, MIN_F1))

        def check(key, ok):
            res[key] = ok
            if ok is False:
                failures.append("%s: %s wrong (got %r)" % (
                    pid, key, art.get({"date": "published"}.get(key, key))))
        if exp.get("title") is not None:
            check("title", (art.get("title") or "").strip() == exp["title"].strip())
        if exp.get("published") is not None:
            check("date", sc.date_match(art.get("published"), exp["published"]))
        if exp.get("source") is not None:
            check("source", art.get("source") == exp["source"])
        if exp.get("author") is not None and exp.get("kind") == "synthetic":
            check("author", art.get("author") == exp["author"])
        nt = sc.norm(art.get("text") or "")
        if exp.get("with"):
            missing = [s for s in exp["with"] if sc.norm(s) not in nt]
            res["with"] = not missing
            for s in missing:
                failures.append("%s: missing %r" % (pid, s))
        if exp.get("without"):
            present = [s for s in exp["without"] if sc.norm(s) in nt]
            res["without"] = not present
            for s in present:
                failures.append("%s: boilerplate %r in text" % (pid, s))
        snap = os.path.join(PAGES, pid + ".scrape.json")
        if update:
            with open(snap, "w", encoding="utf-8") as f:
                f.write(line + "\n")
            res["snap"] = True
        elif os.path.exists(snap):
            with open(snap, encoding="utf-8") as f:
                res["snap"] = f.read() == line + "\n"
            if not res["snap"]:
                failures.append("%s: output differs from %s.scrape.json "
                                "(review, then --update)" % (pid, pid))

        def b(k):
            v = res.get(k)
            return "-" if v is None else ("ok" if v else "FAIL")
        print(fmt % (pid, "-" if f1 is None else "%.3f" % f1, b("title"),
                     b("date"), b("source"), b("author"), b("with"),
                     b("without"), b("snap")))
    if f1s:
        print("mean body F1 %.3f over %d pages" % (sum(f1s) / len(f1s), len(f1s)))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
