#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Score `claimtrack extract --input text` on corpus/texts/*.txt against the
hand-written <name>.expected.jsonl files.

A predicted claim (kinds date and year are left out on both sides) matches
an expected one when its text is equal and its value, low and high agree
(relative 1e-9). Reported: value precision, recall and F1; of the matched
claims, unit, bound and subject agreement and the mean character overlap of
the metric (Dice over character multisets). Exit status 1 when F1 or an
accuracy is below its threshold (--min-f1, --min-unit, ...).
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

SKIP_KINDS = {"date", "year"}


def num_eq(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def dice(a, b):
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    ca, cb = collections.Counter(a), collections.Counter(b)
    common = sum((ca & cb).values())
    return 2.0 * common / (len(a) + len(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", default=os.environ.get("CLAIMTRACK"))
    ap.add_argument("--dir", default=None)
    ap.add_argument("--min-f1", type=float, default=0.95)
    ap.add_argument("--min-unit", type=float, default=0.95)
    ap.add_argument("--min-bound", type=float, default=0.95)
    ap.add_argument("--min-subject", type=float, default=0.80)
    ap.add_argument("--min-metric", type=float, default=0.60)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    src = os.environ.get("CT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    tdir = args.dir or os.path.join(src, "corpus", "texts")
    if not args.tool:
        print("score_extract: give --tool or set CLAIMTRACK", file=sys.stderr)
        return 2
    tp = fp = fn = 0
    unit_ok = bound_ok = subj_ok = 0
    metric_sum = 0.0
    for txt in sorted(glob.glob(os.path.join(tdir, "*.txt"))):
        exp_path = txt[:-4] + ".expected.jsonl"
        if not os.path.exists(exp_path):
            continue
        with open(exp_path, encoding="utf-8") as f:
            expected = [json.loads(l) for l in f if l.strip()]
        out = subprocess.run([args.tool, "extract", "--input", "text", txt],
                             capture_output=True, check=False)
        if out.returncode != 0:
            print(f"{txt}: extract failed ({out.returncode}): "
                  f"{out.stderr.decode(errors='replace')}", file=sys.stderr)
            return 2
        pred = [json.loads(l) for l in out.stdout.decode().splitlines() if l]
        pred = [p for p in pred if p["kind"] not in SKIP_KINDS]
        used = [False] * len(expected)
        ftp = 0
        for p in pred:
            hit = None
            for i, e in enumerate(expected):
                if used[i] or e["text"] != p["text"]:
                    continue
                if all(num_eq(e.get(k), p.get(k)) for k in ("value", "low", "high")):
                    hit = i
                    break
            if hit is None:
                fp += 1
                if args.verbose:
                    print(f"  FP {os.path.basename(txt)}: {p['text']} value={p['value']} "
                          f"low={p['low']} high={p['high']} ({p['rule']})")
                continue
            used[hit] = True
            ftp += 1
            e = expected[hit]
            unit_ok += e["unit"] == p["unit"]
            bound_ok += e["bound"] == p["bound"]
            subj_ok += e["subject"] == p["subject"]
            m = dice(e.get("metric") or "", p.get("metric") or "")
            metric_sum += m
            if args.verbose and (e["unit"] != p["unit"] or e["bound"] != p["bound"]
                                 or e["subject"] != p["subject"] or m < 0.6):
                print(f"  ~  {os.path.basename(txt)}: {p['text']} unit {p['unit']}/{e['unit']} "
                      f"bound {p['bound']}/{e['bound']} subject {p['subject']}/{e['subject']} "
                      f"metric {p['metric']}/{e['metric']} ({m:.2f})")
        tp += ftp
        for i, e in enumerate(expected):
            if not used[i]:
                fn += 1
                if args.verbose:
                    print(f"  FN {os.path.basename(txt)}: {e['text']} value={e['value']}")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    n = max(tp, 1)
    res = {"tp": tp, "fp": fp, "fn": fn, "precision": round(prec, 4),
           "recall": round(rec, 4), "f1": round(f1, 4),
           "unit": round(unit_ok / n, 4), "bound": round(bound_ok / n, 4),
           "subject": round(subj_ok / n, 4), "metric": round(metric_sum / n, 4)}
    print(json.dumps(res))
    ok = (f1 >= args.min_f1 and res["unit"] >= args.min_unit and
          res["bound"] >= args.min_bound and res["subject"] >= args.min_subject and
          res["metric"] >= args.min_metric)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
