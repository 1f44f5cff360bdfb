#!/bin/bash
# Two ingest processes on one store at once lose nothing and duplicate
# nothing: the result equals a sequential run.
set -euo pipefail
: "${CLAIMTRACK:?}" "${CT_SOURCE_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$T/a" "$T/b" "$T/shared"
for i in $(seq 1 40); do
  printf '第%d篇：2025年中国稀土储量约%d万吨，占全球%d%%，冶炼分离产能占比约%d%%。\n' \
    "$i" $((4000 + i)) $((30 + i % 20)) $((60 + i % 30)) >"$T/a/a$i.txt"
  printf '第%d篇：全球稀土冶炼分离产能中，中国占比高达%d%%，出口%d万吨。\n' \
    "$i" $((50 + i % 40)) $((i + 3)) >"$T/b/b$i.txt"
done
for i in $(seq 1 20); do
  printf '共享第%d篇：稀土矿山产量%d万吨，同比增长%d%%。\n' "$i" $((20 + i)) "$i" >"$T/shared/s$i.txt"
done
cp "$CT_SOURCE_DIR"/corpus/pages/*.html "$T/shared/"

dump() {
  sqlite3 "$1" "SELECT key, version, content_sha256, n_claims,
                  (SELECT count(*) FROM claims c WHERE c.article_id = a.id)
                FROM articles a ORDER BY key, version;
                SELECT a.key, c.seq, c.start, c.\"end\", c.text, c.value, c.unit
                FROM claims c JOIN articles a ON a.id = c.article_id
                ORDER BY a.key, c.seq;" | sed "s#$T/##"
}
# Sequential reference run.
"$CLAIMTRACK" ingest --db "$T/seq.db" "$T/a" "$T/shared" "$T/b" 2>/dev/null
# Two processes at once, overlapping on the shared pages.
"$CLAIMTRACK" ingest --db "$T/con.db" "$T/a" "$T/shared" 2>"$T/e1" &
p1=$!
"$CLAIMTRACK" ingest --db "$T/con.db" "$T/shared" "$T/b" 2>"$T/e2" &
p2=$!
wait $p1 || fail "ingest 1 failed: $(cat "$T/e1")"
wait $p2 || fail "ingest 2 failed: $(cat "$T/e2")"
n=$(sqlite3 "$T/con.db" "SELECT count(*) FROM articles")
want=$(sqlite3 "$T/seq.db" "SELECT count(*) FROM articles")
[ "$n" = "$want" ] || fail "$n articles, want $want"
[ "$(sqlite3 "$T/con.db" "SELECT max(version) FROM articles")" = 1 ] || fail "duplicate versions"
dump "$T/seq.db" >"$T/seq.txt"
dump "$T/con.db" >"$T/con.txt"
diff -u "$T/seq.txt" "$T/con.txt" >&2 || fail "concurrent store differs from sequential"
# Between them the two summaries count every shared page once as added.
added=$(cat "$T/e1" "$T/e2" | sed -n 's/.*ingest: \([0-9]*\) added, \([0-9]*\) unchanged.*/\1 \2/p' | awk '{a+=$1; u+=$2} END {print a, u}')
[ "$added" = "$want $(( $(ls "$T/shared" | wc -l) ))" ] || fail "summaries: $added"
[ "$(sqlite3 "$T/con.db" "PRAGMA integrity_check")" = ok ] || fail "integrity"
echo "ok: $n articles"
