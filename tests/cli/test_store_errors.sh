#!/bin/bash
# A store file that is not ours, is corrupt or has a newer schema: exit 2, a
# clear message, the file unchanged. A malformed reference pack: file:line,
# exit 2, nothing imported. Usage errors exit 2.
set -euo pipefail
: "${CLAIMTRACK:?}" "${CT_SOURCE_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
SEED=$CT_SOURCE_DIR/corpus/pages/seed-163-post2020.html
PACK=$CT_SOURCE_DIR/corpus/reference/rare_earths.csv

# refused FILE PATTERN: every store command exits 2, names the problem and
# leaves the file (and its neighbourhood) byte for byte as it was.
refused() {
  local f=$1 pat=$2 sum0 sum1 rc
  sum0=$(sha256sum "$f" | cut -d' ' -f1)
  for cmd in "ingest --db $f $SEED" "refs import --db $f $PACK" \
             "refs list --db $f" "check --db $f" "conflicts --db $f" \
             "report --db $f --html $T/r.html seed-163-post2020.html"; do
    set +e
    # shellcheck disable=SC2086
    "$CLAIMTRACK" $cmd >/dev/null 2>"$T/err"; rc=$?
    set -e
    [ "$rc" = 2 ] || fail "$cmd on $(basename "$f"): exit $rc, want 2"
    grep -q "$pat" "$T/err" || fail "$cmd: message '$(cat "$T/err")' lacks '$pat'"
  done
  sum1=$(sha256sum "$f" | cut -d' ' -f1)
  [ "$sum0" = "$sum1" ] || fail "$(basename "$f") was modified"
  [ ! -e "$f-wal" ] && [ ! -e "$f-journal" ] || fail "$(basename "$f"): journal files created"
  [ ! -e "$T/r.html" ] || fail "report written from a bad store"
}

printf 'id,name\n1,not a database\n' >"$T/text.db"
refused "$T/text.db" "not a claimtrack store"

sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1); PRAGMA application_id = 1234;"
refused "$T/other.db" "not a claimtrack store"
# Another program's database without an application_id is not ours either.
sqlite3 "$T/plain.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
refused "$T/plain.db" "not a claimtrack store"

"$CLAIMTRACK" ingest --db "$T/newer.db" "$SEED" 2>/dev/null
sqlite3 "$T/newer.db" "PRAGMA user_version = 99;"
refused "$T/newer.db" "newer"

"$CLAIMTRACK" ingest --db "$T/corrupt.db" "$SEED" 2>/dev/null
sqlite3 "$T/corrupt.db" "PRAGMA journal_mode=DELETE;" >/dev/null
size=$(stat -c %s "$T/corrupt.db")
python3 - "$T/corrupt.db" <<'PY'
import sys
p = sys.argv[1]
data = bytearray(open(p, "rb").read())
for i in range(4096, len(data)):   # keep the header page, scramble the rest
    data[i] = (i * 7919) & 0xFF
open(p, "wb").write(bytes(data))
PY
[ "$(stat -c %s "$T/corrupt.db")" = "$size" ]
refused "$T/corrupt.db" "corrupt\|not a claimtrack store"

# A malformed pack row: file:line, nothing imported, the old rows kept.
DB=$T/ok.db
"$CLAIMTRACK" refs import --db "$DB" "$PACK" 2>/dev/null
n0=$(sqlite3 "$DB" "SELECT count(*) FROM refs")
[ "$n0" = 81 ] || fail "pack rows $n0"
{ head -n 5 "$PACK"; echo '中国,China,稀土储量,,2025,lots,,,t,0.05,USGS,,'; tail -n +6 "$PACK"; } >"$T/bad.csv"
set +e
"$CLAIMTRACK" refs import --db "$DB" "$T/bad.csv" 2>"$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "bad pack exit $rc"
grep -q "$T/bad.csv:6: value is not a number" "$T/err" || fail "bad pack message: $(cat "$T/err")"
grep -q "nothing imported" "$T/err" || fail "bad pack message: $(cat "$T/err")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM refs WHERE pack='bad.csv'")" = 0 ] || fail "rows imported from a bad pack"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM refs")" = "$n0" ] || fail "old rows changed"
printf 'subject,metric\n' >"$T/hdr.csv"
set +e
"$CLAIMTRACK" refs import --db "$DB" "$T/hdr.csv" 2>"$T/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "hdr.csv:1: header must be" "$T/err" || fail "header check: $(cat "$T/err")"
# Listing shows the rows with pack:line.
"$CLAIMTRACK" refs list --db "$DB" >"$T/list.txt"
grep -q "rare_earths.csv:2" "$T/list.txt" || fail "refs list"
grep -q "81 reference rows" "$T/list.txt" || fail "refs list count"
"$CLAIMTRACK" refs list --db "$DB" --format csv | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
assert len(rows) == 81, len(rows)
assert rows[0]["subject"] and rows[0]["unit"]'

# Usage errors and missing inputs.
for args in "ingest" "ingest --db $T/u.db" "ingest --db $T/u.db $T/missing.html" \
            "refs" "refs --db $DB frob" "refs import --db $DB" "refs list" \
            "check --db $T/missing.db" "conflicts --db $DB extra" \
            "check --db $DB --bogus"; do
  set +e
  # shellcheck disable=SC2086
  "$CLAIMTRACK" $args >/dev/null 2>&1; rc=$?
  set -e
  [ "$rc" = 2 ] || fail "'$args' exit $rc, want 2"
done
for sub in ingest refs check conflicts report; do
  "$CLAIMTRACK" $sub --help | grep -q "usage: claimtrack $sub" || fail "$sub --help"
done
# A page that fails among good ones: exit 2, the others stored.
set +e
"$CLAIMTRACK" ingest --db "$T/mix.db" "$SEED" "$T/missing.html" 2>"$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "missing input exit $rc"
echo ok
