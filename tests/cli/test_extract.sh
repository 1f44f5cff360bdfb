#!/bin/bash
# SPDX-License-Identifier: MIT
# CLI tests of 'claimtrack extract': help, stdin, formats, input kinds,
# several inputs and directories, missing files, bad options, --rules with
# a broken pack, closed pipes, exact spans on hostile text.
set -uo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
T="$CT_SOURCE_DIR/corpus/texts"
SEED="$CT_SOURCE_DIR/corpus/pages/seed-163-post2020.html"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }

out=$("$CLAIMTRACK" extract --help); rc=$?
check "--help exits 0 with usage" '[ $rc -eq 0 ] && grep -q "usage: claimtrack extract" <<<"$out"'
"$CLAIMTRACK" extract >/dev/null 2>"$TMP/err"; rc=$?
check "no input exits 2" '[ $rc -eq 2 ] && grep -q "no input" "$TMP/err"'
"$CLAIMTRACK" extract --bogus x >/dev/null 2>"$TMP/err"; rc=$?
check "unknown option exits 2" '[ $rc -eq 2 ] && grep -q -- "--bogus" "$TMP/err"'
"$CLAIMTRACK" extract --format xml "$T/gdp.txt" >/dev/null 2>&1; rc=$?
check "unknown format exits 2" '[ $rc -eq 2 ]'
"$CLAIMTRACK" extract --input pdf "$T/gdp.txt" >/dev/null 2>&1; rc=$?
check "unknown input kind exits 2" '[ $rc -eq 2 ]'

# stdin and exact spans
printf '稀土储量约4400万吨，占全球40%%至50%%。' >"$TMP/a.txt"
out=$("$CLAIMTRACK" extract --input text - <"$TMP/a.txt"); rc=$?
check "stdin works" '[ $rc -eq 0 ] && [ $(wc -l <<<"$out") -eq 2 ]'
check "doc is - for stdin" 'grep -q "\"doc\": \"-\"" <<<"$out"'
check "first claim is 4400万吨 approx" \
  'head -1 <<<"$out" | grep -q "\"text\": \"4400万吨\", \"start\": 15, \"end\": 25, \"kind\": \"quantity\", \"value\": 44000000, \"low\": null, \"high\": null, \"unit\": \"t\", \"bound\": \"approx\""'
check "range claim" 'tail -1 <<<"$out" | grep -q "\"text\": \"40%至50%\".*\"value\": null, \"low\": 40, \"high\": 50, \"unit\": \"%\", \"bound\": \"range\""'

# auto input: text files stay text, HTML goes through the scraper
out=$("$CLAIMTRACK" extract "$T/gdp.txt"); rc=$?
check "auto: text file" '[ $rc -eq 0 ] && grep -q "134.9万亿元" <<<"$out"'
out=$("$CLAIMTRACK" extract "$SEED"); rc=$?
check "auto: HTML page scraped" '[ $rc -eq 0 ] && grep -q "\"text\": \"72%\"" <<<"$out" && ! grep -q "<p" <<<"$out"'
check "headline claims carry #title" 'grep -q "seed-163-post2020.html#title\", \"text\": \"十几国\"" <<<"$out"'
out=$("$CLAIMTRACK" extract --input text "$SEED" | head -c 100000 | grep -c . ); rc=$?
check "--input text on HTML does not scrape" '[ "$out" -gt 0 ]'

# formats
out=$("$CLAIMTRACK" extract --format csv "$T/gdp.txt"); rc=$?
check "csv header" '[ $rc -eq 0 ] && head -1 <<<"$out" | grep -q "^doc,text,start,end,kind,value,low,high,unit,bound,subject,metric,period,sentence,rule$"'
check "csv rows" '[ $(wc -l <<<"$out") -gt 5 ]'
out=$("$CLAIMTRACK" extract --format tsv "$T/gdp.txt"); rc=$?
check "tsv has 15 columns" '[ $rc -eq 0 ] && awk -F"\t" "NF!=15{bad=1} END{exit bad}" <<<"$out"'

# many inputs, a directory, a missing file
out=$("$CLAIMTRACK" extract "$T/gdp.txt" "$T/cars.txt"); rc=$?
check "two inputs" '[ $rc -eq 0 ] && grep -q gdp.txt <<<"$out" && grep -q cars.txt <<<"$out"'
out=$("$CLAIMTRACK" extract "$T"); rc=$?
check "directory walked" '[ $rc -eq 0 ] && grep -q population.txt <<<"$out"'
out=$("$CLAIMTRACK" extract "$T/gdp.txt" "$TMP/nope.txt" 2>"$TMP/err"); rc=$?
check "missing file: exit 2, others still done" '[ $rc -eq 2 ] && grep -q gdp.txt <<<"$out" && grep -q nope "$TMP/err"'

# --rules: a custom pack replaces the bundled one; a broken one is refused
mkdir -p "$TMP/pack" "$TMP/broken"
printf 'Rule: t.pct\nKind: percent\nUnit: %%\nPattern: (?<value>[0-9]+)%%\n' >"$TMP/pack/p.rules"
out=$("$CLAIMTRACK" extract --rules "$TMP/pack" --input text - <"$TMP/a.txt"); rc=$?
check "--rules replaces the pack" '[ $rc -eq 0 ] && [ $(wc -l <<<"$out") -eq 2 ] && grep -q "t.pct" <<<"$out" && ! grep -q "\"text\": \"4400" <<<"$out"'
printf 'Rule: t.bad\nPattern: ([0-9]+\n' >"$TMP/broken/b.rules"
"$CLAIMTRACK" extract --rules "$TMP/broken" "$T/gdp.txt" >/dev/null 2>"$TMP/err"; rc=$?
check "broken --rules pack exits 2 naming file:line" '[ $rc -eq 2 ] && grep -q "b.rules:2: rule .t.bad.: pattern error" "$TMP/err"'

# closed pipe: quiet, exit 0
for i in $(seq 200); do cat "$T/gdp.txt"; done >"$TMP/big.txt"
"$CLAIMTRACK" extract --input text "$TMP/big.txt" 2>"$TMP/err" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
check "closed pipe exits 0 quietly" '[ $rc -eq 0 ] && [ ! -s "$TMP/err" ]'

# hostile text: invalid UTF-8, NUL bytes, full-width digits; spans exact
printf '\xff\xfe产量增长\x00１２．５％，\xe4\xb8约3万吨\xc0。' >"$TMP/h.txt"
out=$("$CLAIMTRACK" extract --input text "$TMP/h.txt"); rc=$?
check "hostile text: exit 0" '[ $rc -eq 0 ]'
printf '%s\n' "$out" >"$TMP/h.jsonl"
cat >"$TMP/h.py" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
lines = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
assert len(lines) == 2, lines
for c in lines:
    assert data[c["start"]:c["end"]].decode() == c["text"], c
assert lines[0]["value"] == 12.5 and lines[1]["value"] == 30000
PY
python3 "$TMP/h.py" "$TMP/h.txt" "$TMP/h.jsonl" && pass "hostile text: text == input[start:end]" || fail "hostile text spans"

echo "$fails failure(s)"
[ $fails -eq 0 ]
