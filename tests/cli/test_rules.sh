#!/bin/bash
# SPDX-License-Identifier: MIT
# CLI tests of 'claimtrack rules test': the bundled pack passes all its
# examples; a failing example exits 2 and names file:line; a broken pack
# exits 2 naming file:line and the reason.
set -uo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }

out=$("$CLAIMTRACK" rules test "$CT_SOURCE_DIR/rules"); rc=$?
echo "$out" | tail -3
check "bundled pack: every example passes" '[ $rc -eq 0 ] && grep -q " 0 failed" <<<"$out"'
n=$(grep -o "[0-9]* examples" <<<"$out" | cut -d" " -f1)
check "bundled pack has examples" '[ "${n:-0}" -ge 50 ]'
out=$("$CLAIMTRACK" rules test "$CT_SOURCE_DIR/rules/zh"); rc=$?
check "the zh folder alone is a pack" '[ $rc -eq 0 ]'

"$CLAIMTRACK" rules --help | grep -q "usage: claimtrack rules test"
check "--help" '[ $? -eq 0 ]'
"$CLAIMTRACK" rules >/dev/null 2>&1; rc=$?
check "no subcommand exits 2" '[ $rc -eq 2 ]'

# a pack whose example fails
mkdir -p "$TMP/bad-example"
cp "$CT_SOURCE_DIR"/rules/zh/*.tsv "$TMP/bad-example/"
cat >"$TMP/bad-example/p.rules" <<'R'
Rule: t.percent
Kind: percent
Pattern: (?<value>[0-9]+)%
Example: 增长5%
Expect: value=6
R
out=$("$CLAIMTRACK" rules test "$TMP/bad-example"); rc=$?
check "failing example exits 2" '[ $rc -eq 2 ]'
check "failing example names file:line and what was found" \
  'grep -q "p.rules:4: t.percent: .*value=5" <<<"$out"'
check "summary counts the failure" 'grep -q "1 failed" <<<"$out"'

# a broken pack: unknown key
mkdir -p "$TMP/broken"
printf 'Rule: t.x\nPatern: [0-9]+\n' >"$TMP/broken/x.rules"
"$CLAIMTRACK" rules test "$TMP/broken" >/dev/null 2>"$TMP/err"; rc=$?
check "broken pack exits 2" '[ $rc -eq 2 ]'
check "broken pack names file:line and the key" \
  'grep -q "x.rules:2: unknown key .Patern." "$TMP/err"'
"$CLAIMTRACK" rules test "$TMP/missing" >/dev/null 2>"$TMP/err"; rc=$?
check "missing pack exits 2" '[ $rc -eq 2 ] && grep -q "missing" "$TMP/err"'

echo "$fails failure(s)"
[ $fails -eq 0 ]
