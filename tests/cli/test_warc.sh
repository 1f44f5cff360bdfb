#!/bin/bash
# SPDX-License-Identifier: MIT
# A WARC of real pages gives exactly the claims of the same
# pages given as files, with the record URI as doc where the page names no
# canonical URL; --jobs 1 and --jobs 2 outputs are byte-identical; skipped
# records are counted in the stderr summary.
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

# the pages the WARC holds, in record order (from its manifest)
mapfile -t PAGES < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    print(sys.argv[2] + "/" + r["page"])' "$W/pages.warc.gz.manifest.json" "$CT_SOURCE_DIR")
check "manifest lists 11 pages" '[ ${#PAGES[@]} -eq 11 ]'

"$CLAIMTRACK" extract --jobs 1 "$W/pages.warc.gz" >"$TMP/w1.jsonl" 2>"$TMP/w1.err"; rc=$?
check "extract WARC --jobs 1 exits 0" '[ $rc -eq 0 ]'
"$CLAIMTRACK" extract --jobs 2 "$W/pages.warc.gz" >"$TMP/w2.jsonl" 2>"$TMP/w2.err"; rc=$?
check "extract WARC --jobs 2 exits 0" '[ $rc -eq 0 ]'
check "--jobs 1 and --jobs 2 byte-identical" 'cmp -s "$TMP/w1.jsonl" "$TMP/w2.jsonl"'
check "WARC gives claims" '[ -s "$TMP/w1.jsonl" ]'
check "summary counts pages and skipped records" \
  'grep -Eq "^claimtrack: 11 pages, [0-9]+ claims, 0 errors, 26 skipped records in [0-9.]+ s" "$TMP/w1.err"'
check "no progress line when stderr is not a terminal" '! grep -q $'"'"'\r'"'"' "$TMP/w1.err"'

(cd "$CT_SOURCE_DIR" && "$CLAIMTRACK" extract --jobs 2 "${PAGES[@]#$CT_SOURCE_DIR/}") >"$TMP/f.jsonl" 2>"$TMP/f.err"; rc=$?
check "extract files exits 0" '[ $rc -eq 0 ]'

# same claims, same order; doc: the file's path <-> the record's URI
python3 - "$W/pages.warc.gz.manifest.json" "$TMP/w1.jsonl" "$TMP/f.jsonl" >"$TMP/cmp.out" 2>&1 <<'PY'
import json, sys
man = json.load(open(sys.argv[1]))
uri_to_page = {r["uri"]: r["page"] for r in man}
pages = {r["page"] for r in man}
def load(path):
    # doc is the page's canonical URL when it names one (both sides), else
    # the record URI (WARC) or the path (files): map both to the page
    out = []
    for line in open(path, encoding="utf-8"):
        c = json.loads(line)
        # headline claims carry "<doc>#title"
        d, sfx = c["doc"], ""
        if d.endswith("#title"):
            d, sfx = d[:-len("#title")], "#title"
        if d in uri_to_page:
            c["doc"] = uri_to_page[d] + sfx
        elif d not in pages and not d.startswith("http"):
            print("unexpected doc %r" % c["doc"])
            sys.exit(1)
        out.append(c)
    return out
w = load(sys.argv[2])
f = load(sys.argv[3])
if w != f:
    print("WARC claims differ from file claims: %d vs %d" % (len(w), len(f)))
    for a, b in zip(w, f):
        if a != b:
            print("first difference:\n %s\n %s" % (a, b))
            break
    sys.exit(1)
print("same %d claims" % len(w))
PY
rc=$?
cat "$TMP/cmp.out"
check "WARC claims equal file claims (doc mapped through the manifest)" '[ $rc -eq 0 ]'
# pages with no canonical URL carry the record URI as doc
check "record URI is the doc of a page without canonical URL" \
  'grep -q "\"doc\": *\"https://corpus.claimtrack.invalid/pages/" "$TMP/w1.jsonl"'

# a WARC on stdin, and a plain .warc
"$CLAIMTRACK" extract --jobs 2 - <"$W/pages.warc.gz" >"$TMP/s.jsonl" 2>/dev/null; rc=$?
check "WARC on stdin equals WARC file" '[ $rc -eq 0 ] && cmp -s "$TMP/s.jsonl" "$TMP/w1.jsonl"'
"$CLAIMTRACK" extract "$W/small.warc" >/dev/null 2>"$TMP/p.err"; rc=$?
check "plain WARC: 3 pages, 10 skipped" '[ $rc -eq 0 ] && grep -q "^claimtrack: 3 pages, .* 10 skipped records" "$TMP/p.err"'

# a truncated WARC: the complete pages still come out, exit 2
head -c 30000 "$W/small.warc" >"$TMP/trunc.warc"
"$CLAIMTRACK" extract --quiet "$TMP/trunc.warc" >/dev/null 2>"$TMP/t.err"; rc=$?
check "truncated WARC exits 2 and names the record" '[ $rc -eq 2 ] && grep -q "truncated" "$TMP/t.err"'

echo "$fails failed"
[ "$fails" -eq 0 ]
