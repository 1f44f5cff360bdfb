#!/bin/bash
# SPDX-License-Identifier: MIT
# Golden test of 'claimtrack extract': every corpus page (HTML through the
# scraper) and every corpus text gives exactly its reviewed
# <name>.claims.jsonl, byte for byte. `--update` rewrites them (review the
# diff before committing). Also checks the claim invariants on each line:
# text == the span of the input (text inputs), sentence contains text.
set -euo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
cd "$CT_SOURCE_DIR"
update=0
[ "${1:-}" = "--update" ] && update=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for f in corpus/pages/*.html corpus/texts/*.txt; do
  base=${f%.*}
  out="$tmp/$(basename "$base").claims.jsonl"
  if [ "${f##*.}" = txt ]; then
    "$CLAIMTRACK" extract --input text "$f" >"$out"
  else
    "$CLAIMTRACK" extract "$f" >"$out"
  fi
  if [ $update = 1 ]; then
    cp "$out" "$base.claims.jsonl"
    continue
  fi
  if [ ! -e "$base.claims.jsonl" ]; then
    echo "note: $f has no $base.claims.jsonl yet (run with --update and review)" >&2
  elif ! cmp -s "$out" "$base.claims.jsonl"; then
    echo "FAIL $f: output differs from $base.claims.jsonl" >&2
    diff "$base.claims.jsonl" "$out" | head -20 >&2 || true
    fail=1
  fi
  python3 - "$f" "$out" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
for n, line in enumerate(open(out, encoding="utf-8"), 1):
    c = json.loads(line)
    t = c["text"].encode()
    assert t and c["start"] < c["end"], f"{out}:{n}: empty span"
    assert c["sentence"].find(c["text"]) >= 0, f"{out}:{n}: sentence lacks text"
    if src.endswith(".txt"):
        assert data[c["start"]:c["end"]] == t, f"{out}:{n}: text != input[start:end]"
    for k in ("value", "low", "high"):
        assert c[k] is None or isinstance(c[k], (int, float)), f"{out}:{n}: {k}"
    if c["low"] is not None and c["high"] is not None:
        assert c["low"] <= c["high"], f"{out}:{n}: low > high"
PY
done
# The seed page: the claims the article makes, and nothing from boilerplate.
python3 - corpus/pages/seed-163-post2020.claims.jsonl <<'PY'
import json, sys
claims = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
by = {}
for c in claims:
    by.setdefault(c["text"], []).append(c)
def one(text, **kw):
    assert text in by, f"seed: no claim {text}"
    c = by[text][0]
    for k, v in kw.items():
        assert c[k] == v, f"seed: {text}: {k} = {c[k]!r}, want {v!r}"
    return c
one("4400万吨", value=44000000, unit="t", bound="approx", subject="中国", kind="quantity")
one("40%至50%", value=None, low=40, high=50, bound="range", unit="%")
one("68%", value=68, unit="%")
one("95%", value=95)
c = one("72%", value=72, bound="eq", subject="中国")
assert "冶炼分离产能" in c["metric"], c["metric"]
one("45%", high=45, bound="lt")
one("85%", value=85, subject="澳大利亚")
one("十几国", low=11, high=19, bound="range", kind="count")
one("第二大", value=2, unit="rank", subject="澳大利亚")
one("1月12日", kind="date", period="2026-01-12")
one("2025年12月3日", period="2025-12-03")
for c in claims:
    assert "G7" != c["text"] and not c["text"].startswith("7成"), c
    assert "特别声明" not in c["sentence"] and "Notice" not in c["sentence"], c
print(f"seed page: {len(claims)} claims, required ones present")
PY
exit $fail
