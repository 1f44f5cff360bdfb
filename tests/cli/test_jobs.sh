#!/bin/bash
# SPDX-License-Identifier: MIT
# --jobs: scrape and extract give byte-identical output with 1 and 2
# workers (pages, WARCs, a mixed list); ingest stores the same claims.
# Progress: with stderr not a terminal only the summary line is written;
# on a terminal (a pty) the updating progress line appears, and --quiet
# leaves only the summary there too.
set -uo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
cd "$CT_SOURCE_DIR" || exit 2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }
SUMMARY='^claimtrack: [0-9]+ pages, [0-9]+ claims, [0-9]+ errors, [0-9]+ skipped records in [0-9.]+ s \([0-9.]+ pages/s\)$'

for cmd in scrape extract; do
  for set in "corpus/pages" "corpus/warc/pages.warc.gz" "corpus/warc/small.warc" \
             "corpus/warc corpus/pages corpus/texts"; do
    tag="$cmd $set"
    # shellcheck disable=SC2086
    "$CLAIMTRACK" $cmd --jobs 1 $set >"$TMP/o1" 2>"$TMP/e1"; r1=$?
    # shellcheck disable=SC2086
    "$CLAIMTRACK" $cmd --jobs 2 $set >"$TMP/o2" 2>"$TMP/e2"; r2=$?
    # shellcheck disable=SC2086
    "$CLAIMTRACK" $cmd --jobs=3 $set >"$TMP/o3" 2>/dev/null
    check "$tag: exit codes equal ($r1 $r2)" '[ $r1 -eq $r2 ]'
    check "$tag: output not empty" '[ -s "$TMP/o1" ]'
    check "$tag: --jobs 1 and --jobs 2 byte-identical" 'cmp -s "$TMP/o1" "$TMP/o2"'
    check "$tag: --jobs 3 byte-identical too" 'cmp -s "$TMP/o1" "$TMP/o3"'
    check "$tag: stderr (not a tty) is the summary line only" \
      '[ "$(wc -l <"$TMP/e2")" -eq 1 ] && grep -Eq "$SUMMARY" "$TMP/e2" && ! grep -q $'"'"'\r'"'"' "$TMP/e2"'
  done
done
# the claim count of the summary is the number of claim lines
"$CLAIMTRACK" extract --jobs 2 corpus/pages >"$TMP/c" 2>"$TMP/ce"
n=$(wc -l <"$TMP/c")
check "summary counts the $n claims written" 'grep -q "^claimtrack: 20 pages, $n claims, 0 errors" "$TMP/ce"'
# a missing input: named on stderr, counted, exit 2, the rest still done
"$CLAIMTRACK" extract --jobs 2 corpus/pages "$TMP/missing.html" >"$TMP/m" 2>"$TMP/me"; rc=$?
check "missing input: exit 2" '[ $rc -eq 2 ]'
check "missing input: named" 'grep -q "missing.html" "$TMP/me"'
check "missing input: counted as an error" 'grep -q "^claimtrack: 20 pages, .*, 1 errors" "$TMP/me"'
check "missing input: the other pages still extracted" 'cmp -s "$TMP/m" "$TMP/c"'
# bad --jobs values
for v in -1 x 99999 ""; do
  "$CLAIMTRACK" extract --jobs "$v" corpus/pages >/dev/null 2>&1; rc=$?
  check "--jobs '$v' is a usage error" '[ $rc -eq 2 ]'
done

# ingest: --jobs 1 and --jobs 2 store the same claims
dump() {
  sqlite3 "$1" 'SELECT a.key, a.version, a.content_sha256, a.path, c.seq, c.start,
                       c."end", c.text, c.value, c.unit, c.subject, c.metric
                FROM claims c JOIN articles a ON a.id = c.article_id
                ORDER BY a.key, c.seq'
}
if command -v sqlite3 >/dev/null; then
  "$CLAIMTRACK" ingest --jobs 1 --db "$TMP/j1.db" corpus/pages corpus/warc/small.warc 2>/dev/null; r1=$?
  "$CLAIMTRACK" ingest --jobs 2 --db "$TMP/j2.db" corpus/pages corpus/warc/small.warc 2>/dev/null; r2=$?
  check "ingest --jobs 1 / 2 exit 0" '[ $r1 -eq 0 ] && [ $r2 -eq 0 ]'
  dump "$TMP/j1.db" >"$TMP/d1"; dump "$TMP/j2.db" >"$TMP/d2"
  check "ingest --jobs 1 and --jobs 2 store the same claims" '[ -s "$TMP/d1" ] && cmp -s "$TMP/d1" "$TMP/d2"'
  # resume: a second run skips every page before scraping it
  "$CLAIMTRACK" ingest --jobs 2 --db "$TMP/j2.db" corpus/pages corpus/warc/small.warc 2>"$TMP/re"; rc=$?
  check "re-run: exit 0, 23 unchanged, nothing added" \
    '[ $rc -eq 0 ] && grep -q "0 added, 23 unchanged, 0 new versions, 0 failed" "$TMP/re"'
fi

# progress on a terminal: stderr on a pty, a run long enough to redraw
# (the line is drawn at most every 200 ms)
args=()
for _ in $(seq 1 40); do args+=(corpus/pages); done
python3 - "$CLAIMTRACK" "$TMP" "${args[@]}" <<'PY' >"$TMP/pty.out" 2>&1
import os, pty, subprocess, sys, re
tool, tmp, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
def run(extra):
    master, slave = pty.openpty()
    with open(os.path.join(tmp, "pty.stdout"), "wb") as out:
        p = subprocess.Popen([tool, "extract", "--jobs", "2"] + extra + inputs,
                             stdout=out, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    p.wait()
    os.close(master)
    return p.returncode, data.decode("utf-8", "replace")
rc, err = run([])
drawn = re.findall(r"\r\x1b\[Kclaimtrack: \d+ pages, [\d.]+ pages/s, \d+ claims, \d+ errors", err)
print("tty rc", rc, "progress draws", len(drawn))
print("tty summary", bool(re.search(r"claimtrack: 800 pages, \d+ claims, 0 errors", err)))
rc, err = run(["--quiet"])
print("quiet rc", rc, "progress draws", err.count("pages/s,"), "summary",
      bool(re.search(r"^claimtrack: 800 pages", err.replace("\r\n", "\n"), re.M)))
PY
cat "$TMP/pty.out"
check "terminal: exit 0 and the progress line is drawn" 'grep -Eq "^tty rc 0 progress draws [1-9]" "$TMP/pty.out"'
check "terminal: summary line at the end" 'grep -q "^tty summary True" "$TMP/pty.out"'
check "terminal --quiet: no progress line, summary kept" 'grep -q "^quiet rc 0 progress draws 0 summary True" "$TMP/pty.out"'

echo "$fails failed"
[ "$fails" -eq 0 ]
