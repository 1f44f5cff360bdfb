#!/bin/bash
# SPDX-License-Identifier: MIT
# Output failures of scrape and extract (RELIABILITY.md 8.19, 8.21):
# - stdout closed early (| head -c1): quiet, exit 0;
# - a write error (/dev/full, or the LD_PRELOAD injector failing writes to
#   stdout with ENOSPC/EIO after N bytes): a message on stderr, exit non-zero.
set -uo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
INJECT=${CT_INJECT_LIB:-$CT_BINARY_DIR/tests/cli/libinject_write_fail.so}
P="$CT_SOURCE_DIR/corpus/pages"
PAGES=("$P/seed-163-post2020.html" "$P/gne-163-1.html" "$P/gne-sina-1.html"
       "$P/gne-xinhua-1.html" "$P/cwced-0d931936.html")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }

# An ASan binary needs its runtime first in LD_PRELOAD.
use_inject=1
PRELOAD="$INJECT"
if [ ! -f "$INJECT" ]; then
  echo "skip: no injector at $INJECT"; use_inject=0
else
  asan=$(ldd "$CLAIMTRACK" 2>/dev/null | awk '/libasan/ {print $3}')
  [ -n "$asan" ] && PRELOAD="$asan $INJECT"
fi

for cmd in scrape extract; do
  # a clean run has output to lose
  "$CLAIMTRACK" $cmd "${PAGES[@]}" >"$TMP/$cmd.out" 2>"$TMP/$cmd.err"; rc=$?
  check "$cmd: clean run exits 0 with output" '[ $rc -eq 0 ] && [ -s "$TMP/$cmd.out" ]'

  # closed pipe: the reader took one byte and left
  timeout 30 bash -c '"$0" '$cmd' "${@:2}" 2>"$1.pipe.err" | head -c1 >/dev/null' \
    "$CLAIMTRACK" "$TMP/$cmd" "${PAGES[@]}" "${PAGES[@]}" "${PAGES[@]}"; rc=$?
  check "$cmd | head -c1: pipeline exits 0" '[ $rc -eq 0 ]'
  check "$cmd | head -c1: nothing on stderr" '[ ! -s "$TMP/$cmd.pipe.err" ]'
  # the tool itself (not only the pipeline) exits 0
  rc=$(timeout 30 bash -c '"$0" '$cmd' "${@:1}" 2>/dev/null | head -c1 >/dev/null; echo ${PIPESTATUS[0]}' \
    "$CLAIMTRACK" "${PAGES[@]}" "${PAGES[@]}")
  check "$cmd | head -c1: the tool exits 0 (got $rc)" '[ "$rc" = 0 ]'

  # disk full: /dev/full fails every write with ENOSPC
  if [ -w /dev/full ]; then
    timeout 30 "$CLAIMTRACK" $cmd "${PAGES[@]}" >/dev/full 2>"$TMP/full.err"; rc=$?
    check "$cmd >/dev/full: exits non-zero (got $rc)" '[ $rc -ne 0 ] && [ $rc -lt 128 ]'
    check "$cmd >/dev/full: says why" 'grep -qi "no space\|error writing" "$TMP/full.err"'
  fi

  [ $use_inject -eq 1 ] || continue
  size=$(wc -c <"$TMP/$cmd.out")
  for spec in "0 ENOSPC" "1 ENOSPC" "100 EIO" "$((size / 2)) ENOSPC" "$((size - 1)) EIO"; do
    set -- $spec
    lim=$1 what=$2
    CT_INJECT_STDOUT_BYTES=$lim CT_INJECT_ERRNO=$what LD_PRELOAD="$PRELOAD" \
      timeout 30 "$CLAIMTRACK" $cmd "${PAGES[@]}" >"$TMP/inj.out" 2>"$TMP/inj.err"; rc=$?
    check "$cmd, write fails after $lim bytes ($what): exits non-zero (got $rc)" \
      '[ $rc -ne 0 ] && [ $rc -lt 128 ]'
    check "$cmd, write fails after $lim bytes ($what): says why" \
      'grep -qi "error writing\|no space\|input/output" "$TMP/inj.err"'
    got=$(wc -c <"$TMP/inj.out")
    check "$cmd, write fails after $lim bytes: at most $lim bytes out (got $got)" '[ "$got" -le "$lim" ]'
  done
  # EPIPE from a write (a reader that went away, SIGPIPE ignored): quiet 0
  CT_INJECT_STDOUT_BYTES=100 CT_INJECT_ERRNO=EPIPE LD_PRELOAD="$PRELOAD" \
    timeout 30 "$CLAIMTRACK" $cmd "${PAGES[@]}" >/dev/null 2>"$TMP/inj.err"; rc=$?
  check "$cmd, EPIPE after 100 bytes: exits 0 quietly (got $rc)" \
    '[ $rc -eq 0 ] && [ ! -s "$TMP/inj.err" ]'
  # all the bytes fit: no error
  CT_INJECT_STDOUT_BYTES=$size LD_PRELOAD="$PRELOAD" \
    "$CLAIMTRACK" $cmd "${PAGES[@]}" >"$TMP/inj.out" 2>"$TMP/inj.err"; rc=$?
  check "$cmd, budget = output size: exits 0" '[ $rc -eq 0 ] && cmp -s "$TMP/inj.out" "$TMP/$cmd.out"'
done

echo "$fails failure(s)"
[ $fails -eq 0 ]
