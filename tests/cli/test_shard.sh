#!/bin/bash
# SPDX-License-Identifier: MIT
# The beyond-one-machine recipe (README "Crawl scale"). Split a WARC into
# shards, run 'extract' on the shards in parallel processes,
# 'ingest --from-jsonl' their outputs, and get the same store content as
# one single run: the same JSON Lines ingested at once, and the claims of
# one single 'ingest' straight over the WARC.
set -uo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
W="$CT_SOURCE_DIR/corpus/warc"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }

mapfile -t PAGES < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    print(r["page"])' "$W/pages.warc.gz.manifest.json")
cd "$CT_SOURCE_DIR" || exit 1
python3 tests/tools/make_warc.py "$TMP/all.warc.gz" "${PAGES[@]}" || exit 1
python3 tests/tools/make_warc.py --shards 3 "$TMP/shard" "${PAGES[@]}" || exit 1
check "three shards" '[ -s "$TMP/shard-000.warc.gz" ] && [ -s "$TMP/shard-001.warc.gz" ] && [ -s "$TMP/shard-002.warc.gz" ]'

# the map: shards in parallel processes
pids=()
for s in 000 001 002; do
  "$CLAIMTRACK" extract --jobs 1 --quiet "$TMP/shard-$s.warc.gz" >"$TMP/out-$s.jsonl" 2>"$TMP/err-$s" &
  pids+=($!)
done
rcs=0
for p in "${pids[@]}"; do wait "$p" || rcs=$((rcs + 1)); done
check "every shard process exits 0" '[ $rcs -eq 0 ]'

# one single run for comparison
"$CLAIMTRACK" extract --jobs 2 --quiet "$TMP/all.warc.gz" >"$TMP/all.jsonl" 2>/dev/null; rc=$?
check "single run exits 0" '[ $rc -eq 0 ] && [ -s "$TMP/all.jsonl" ]'
check "shard outputs hold the same claim lines as the single run" \
  'diff <(sort "$TMP"/out-*.jsonl) <(sort "$TMP/all.jsonl") >/dev/null'

# the reduce: load the JSON Lines into stores
"$CLAIMTRACK" ingest --db "$TMP/sharded.db" --from-jsonl "$TMP"/out-*.jsonl 2>"$TMP/ing1.err"; rc=$?
check "ingest --from-jsonl of the shards exits 0" '[ $rc -eq 0 ]'
"$CLAIMTRACK" ingest --db "$TMP/single.db" --from-jsonl "$TMP/all.jsonl" 2>"$TMP/ing2.err"; rc=$?
check "ingest --from-jsonl of the single run exits 0" '[ $rc -eq 0 ]'
"$CLAIMTRACK" ingest --db "$TMP/single.db" --from-jsonl - <"$TMP/all.jsonl" 2>/dev/null; rc=$?
check "re-ingesting the same JSON Lines adds nothing and exits 0" '[ $rc -eq 0 ]'

# same store content, seen through the public commands
"$CLAIMTRACK" check --db "$TMP/sharded.db" --format jsonl | sort >"$TMP/c1" 2>/dev/null
"$CLAIMTRACK" check --db "$TMP/single.db" --format jsonl | sort >"$TMP/c2" 2>/dev/null
check "check output not empty" '[ -s "$TMP/c2" ]'
check "sharded store equals single-run store (check --format jsonl)" 'cmp -s "$TMP/c1" "$TMP/c2"'
if command -v sqlite3 >/dev/null; then
  q='SELECT count(*) FROM claims;'
  n1=$(sqlite3 "$TMP/sharded.db" "$q" 2>/dev/null); n2=$(sqlite3 "$TMP/single.db" "$q" 2>/dev/null)
  check "same claim row count ($n1 = $n2)" '[ -n "$n1" ] && [ "$n1" = "$n2" ]'
fi

# one single 'ingest' over the WARC (scrape + extract + store in one
# process) stores the same claims under the same keys as the shards did
"$CLAIMTRACK" ingest --db "$TMP/direct.db" --jobs 2 --quiet "$TMP/all.warc.gz" 2>"$TMP/ing3.err"; rc=$?
check "ingest straight over the WARC exits 0" '[ $rc -eq 0 ]'
if command -v sqlite3 >/dev/null; then
  dump() {
    sqlite3 "$1" 'SELECT a.key, c.seq, c.start, c."end", c.text, c.kind, c.value,
                         c.low, c.high, c.unit, c.bound, c.subject, c.metric,
                         c.period, c.sentence, c.rule
                  FROM claims c JOIN articles a ON a.id = c.article_id
                  ORDER BY a.key, c.seq'
  }
  dump "$TMP/sharded.db" >"$TMP/d1"
  dump "$TMP/direct.db" >"$TMP/d2"
  check "claims dump not empty ($(wc -l <"$TMP/d2") rows)" '[ -s "$TMP/d2" ]'
  check "sharded store holds the claims of a direct WARC ingest (SQL dump)" 'cmp -s "$TMP/d1" "$TMP/d2"'
  k1=$(sqlite3 "$TMP/sharded.db" 'SELECT key FROM articles ORDER BY key')
  k2=$(sqlite3 "$TMP/direct.db" 'SELECT key FROM articles WHERE n_claims > 0 ORDER BY key')
  check "same article keys (articles with claims)" '[ -n "$k1" ] && [ "$k1" = "$k2" ]'
fi

echo "$fails failed"
[ "$fails" -eq 0 ]
