#!/bin/bash
# A full disk during ingest (LD_PRELOAD injector: file writes fail with
# ENOSPC after N bytes): the tool says so and exits 2, the store passes
# PRAGMA integrity_check and holds only whole articles, and re-running the
# ingest once there is room completes it to exactly a clean run's content.
set -euo pipefail
: "${CLAIMTRACK:?}" "${CT_SOURCE_DIR:?}" "${CT_BINARY_DIR:?}"
command -v sqlite3 >/dev/null || { echo "FAIL: sqlite3 CLI missing: run scripts/deps" >&2; exit 1; }
INJECT=$CT_BINARY_DIR/tests/cli/libinject_disk_full.so
[ -f "$INJECT" ] || { echo "FAIL: injector not built: $INJECT" >&2; exit 1; }
# Under ASan the runtime must come first in LD_PRELOAD.
asan=$(ldd "$CLAIMTRACK" | awk '/libasan/ { print $3 }')
PRELOAD="${asan:+$asan }$INJECT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

keys() {
  sqlite3 "$1" "SELECT a.key || '|' || a.content_sha256 || '|' ||
                       (SELECT count(*) FROM claims c WHERE c.article_id = a.id)
                FROM articles a" | sort
}
dump() {
  sqlite3 "$1" "SELECT a.key, c.seq, c.start, c.\"end\", c.text, c.value, c.unit,
                       c.bound, c.subject, c.metric
                FROM claims c JOIN articles a ON a.id = c.article_id
                ORDER BY a.key, c.seq;"
}
PAGES="$CT_SOURCE_DIR/corpus/pages"
"$CLAIMTRACK" ingest --db "$T/clean.db" --jobs 1 --quiet "$PAGES" 2>/dev/null ||
  fail "clean ingest failed"
keys "$T/clean.db" >"$T/clean.keys"
dump "$T/clean.db" >"$T/clean.txt"
total=$(wc -l <"$T/clean.keys")

checked=0
for budget in 60000 250000 700000 1500000; do
  DB=$T/full-$budget.db
  rc=0
  CT_INJECT_DISK_BYTES=$budget LD_PRELOAD="$PRELOAD" \
    "$CLAIMTRACK" ingest --db "$DB" --jobs 1 --quiet "$PAGES" \
    >/dev/null 2>"$T/err" || rc=$?
  if [ "$rc" = 0 ]; then
    continue # everything fitted within this budget
  fi
  [ "$rc" = 2 ] || fail "budget $budget: exit $rc, want 2"
  grep -qiE "full|space" "$T/err" || { cat "$T/err" >&2; fail "budget $budget: no disk-full message"; }
  if [ -f "$DB" ] && [ -s "$DB" ]; then
    [ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ] ||
      fail "budget $budget: integrity_check failed"
    if [ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'articles'")" = 1 ]; then
      keys "$DB" >"$T/now.keys"
      extra=$(comm -13 "$T/clean.keys" "$T/now.keys")
      [ -z "$extra" ] || fail "budget $budget: partial articles: $extra"
    fi
  fi
  # Room again: the same ingest completes the store.
  "$CLAIMTRACK" ingest --db "$DB" --jobs 1 --quiet "$PAGES" 2>/dev/null ||
    fail "budget $budget: re-run failed"
  dump "$DB" >"$T/after.txt"
  diff -u "$T/clean.txt" "$T/after.txt" >&2 ||
    fail "budget $budget: re-run does not reproduce the clean store"
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || fail "no budget ran out of space (the test did not test anything)"
echo "ok: $checked disk-full runs of $total articles recovered"
