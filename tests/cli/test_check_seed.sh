#!/bin/bash
# Issue 4 "done when": the seed page against the shipped reference pack
# (verdicts, notes, exit codes), idempotent re-ingest, versioning, the
# conflict with the synthetic 90% page, JSON Lines / CSV / ClaimReview shape.
set -euo pipefail
: "${CLAIMTRACK:?}" "${CT_SOURCE_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=$T/store.db
SEED=$CT_SOURCE_DIR/corpus/pages/seed-163-post2020.html
SYN=$CT_SOURCE_DIR/corpus/pages/synthetic-conflict-separation.html
PACK=$CT_SOURCE_DIR/corpus/reference/rare_earths.csv
fail() { echo "FAIL: $*" >&2; exit 1; }

"$CLAIMTRACK" ingest --db "$DB" "$SEED" 2>"$T/err1" || fail "ingest failed"
grep -q "1 added, 0 unchanged" "$T/err1" || fail "summary: $(cat "$T/err1")"
"$CLAIMTRACK" refs import --db "$DB" "$PACK" 2>"$T/err2" || fail "refs import"
grep -q "81 rows" "$T/err2" || fail "refs import count: $(cat "$T/err2")"

set +e
"$CLAIMTRACK" check --db "$DB" --format jsonl >"$T/check.jsonl"
rc=$?
set -e
[ "$rc" = 1 ] || fail "check should exit 1 (a contradiction), got $rc"

python3 - "$T/check.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert rows, "no claims"
keys = ["doc", "text", "start", "end", "kind", "value", "low", "high", "unit",
        "bound", "subject", "metric", "period", "sentence", "rule", "verdict",
        "reference", "gap", "note"]
for r in rows:
    missing = [k for k in keys if k not in r]
    assert not missing, f"missing {missing} in {r}"
    assert r["verdict"] in ("supported", "contradicted", "unverifiable")
    if r["reference"] is None:
        assert r["gap"] is None, r
        assert r["verdict"] == "unverifiable", r
    else:
        for k in ("subject", "metric", "period", "value", "low", "high",
                  "unit", "source", "url"):
            assert k in r["reference"], (k, r)
    assert r["note"], r
by = {}
for r in rows:
    by.setdefault(r["text"], []).append(r)
def one(text):
    assert text in by, f"claim {text} not extracted; have {sorted(by)}"
    return by[text][0]
r = one("4400万吨")
assert r["verdict"] == "supported", r
assert r["reference"]["value"] == 44000000 and r["reference"]["unit"] == "t", r
assert "USGS" in r["reference"]["source"], r
r = one("40%至50%")
assert r["verdict"] == "supported", r
r = one("72%")
assert r["verdict"] == "contradicted", r
assert r["reference"]["value"] in (91, 92), r
assert "IEA" in r["reference"]["source"], r
assert r["gap"] == r["value"] - r["reference"]["value"], r
assert "capacity" in r["note"] and "output" in r["note"], r["note"]
for t in ("95%", "45%", "85%"):
    r = one(t)
    assert r["verdict"] == "unverifiable", r
    assert r["reference"] is None, r
print("seed verdicts ok:", len(rows), "claims")
PY

# The text table is the default; other formats parse.
set +e
"$CLAIMTRACK" check --db "$DB" >"$T/check.txt"; rc=$?
set -e
[ "$rc" = 1 ] || fail "text check rc $rc"
grep -q "contradicted  72%" "$T/check.txt" || fail "text table: no 72% row"
set +e
"$CLAIMTRACK" check --db "$DB" --format csv >"$T/check.csv"; rc=$?
set -e
[ "$rc" = 1 ] || fail "csv check rc $rc"
python3 - "$T/check.csv" "$T/check.jsonl" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
n = sum(1 for _ in open(sys.argv[2], encoding="utf-8"))
assert len(rows) == n, (len(rows), n)
assert any(r["text"] == "72%" and r["verdict"] == "contradicted" for r in rows)
PY

# Re-ingesting the same page changes nothing.
before=$(sqlite3 "$DB" "SELECT count(*), group_concat(content_sha256) FROM articles; SELECT count(*) FROM claims;")
"$CLAIMTRACK" ingest --db "$DB" "$SEED" 2>"$T/err3" || fail "re-ingest failed"
grep -q "0 added, 1 unchanged" "$T/err3" || fail "re-ingest summary: $(cat "$T/err3")"
after=$(sqlite3 "$DB" "SELECT count(*), group_concat(content_sha256) FROM articles; SELECT count(*) FROM claims;")
[ "$before" = "$after" ] || fail "re-ingest changed the store: $before -> $after"

# Conflicts: none with one article; the synthetic 90% page conflicts.
"$CLAIMTRACK" conflicts --db "$DB" >"$T/c0.txt" || fail "conflicts with one article should exit 0"
"$CLAIMTRACK" ingest --db "$DB" "$SYN" 2>/dev/null || fail "ingest synthetic"
set +e
"$CLAIMTRACK" conflicts --db "$DB" --format jsonl >"$T/c1.jsonl"; rc=$?
set -e
[ "$rc" = 1 ] || fail "conflicts should exit 1, got $rc"
python3 - "$T/c1.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
pair = [r for r in rows if {r["a"]["text"], r["b"]["text"]} == {"72%", "90%"}]
assert pair, rows
r = pair[0]
assert r["a"]["doc"] != r["b"]["doc"]
assert "seed-163-post2020" in r["a"]["doc"] + r["b"]["doc"]
assert "synthetic-conflict" in r["a"]["doc"] + r["b"]["doc"]
assert r["a"]["sentence"] and r["b"]["sentence"]
print("conflict ok:", r["note"])
PY
set +e
"$CLAIMTRACK" conflicts --db "$DB" >"$T/c1.txt"; rc=$?
set -e
[ "$rc" = 1 ] && grep -q "1 conflict" "$T/c1.txt" || fail "text conflicts: $(cat "$T/c1.txt")"

# Naming one article: the synthetic page alone has no contradiction.
"$CLAIMTRACK" check --db "$DB" --format jsonl synthetic-conflict-separation.html >"$T/s.jsonl" \
  || fail "check of the synthetic page should exit 0"
grep -q '"text": "90%".*"verdict": "supported"' "$T/s.jsonl" || fail "90% should be supported"
# An unknown article is a usage error.
set +e
"$CLAIMTRACK" check --db "$DB" no-such-page.html >/dev/null 2>"$T/e"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "no stored article" "$T/e" || fail "unknown article: rc $rc"

# A changed page becomes version 2 and check judges version 2.
cp "$SYN" "$T/page.html"
"$CLAIMTRACK" ingest --db "$DB" "$T/page.html" 2>/dev/null
sed -i 's/约为90%/约为60%/' "$T/page.html"
"$CLAIMTRACK" ingest --db "$DB" "$T/page.html" 2>"$T/err4" || fail "ingest v2"
grep -q "1 new version" "$T/err4" || fail "versioning: $(cat "$T/err4")"
set +e
"$CLAIMTRACK" check --db "$DB" --format jsonl "$T/page.html" >"$T/v2.jsonl"; rc=$?
set -e
[ "$rc" = 1 ] || fail "60% should be contradicted (rc $rc)"
grep -q '"text": "60%"' "$T/v2.jsonl" && ! grep -q '"text": "90%"' "$T/v2.jsonl" \
  || fail "check did not judge the latest version"

# A page with a canonical URL is keyed by it, and can still be named by path.
SINA=$CT_SOURCE_DIR/corpus/pages/gne-sina-1.html
"$CLAIMTRACK" ingest --db "$DB" "$SINA" 2>/dev/null
[ "$(sqlite3 "$DB" "SELECT count(*) FROM articles WHERE key LIKE 'https://news.sina.com.cn/%'")" = 1 ] \
  || fail "sina page not keyed by its URL"
"$CLAIMTRACK" check --db "$DB" --format jsonl "$SINA" >"$T/sina.jsonl" || true
grep -q '"doc": "https://news.sina.com.cn/' "$T/sina.jsonl" || fail "check by path of a URL-keyed page"
echo "ok"
