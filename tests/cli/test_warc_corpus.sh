#!/bin/bash
# SPDX-License-Identifier: MIT
# corpus/warc/ is generated: rebuilding it with tests/tools/make_warc.py from
# the pages its manifests list gives the committed bytes (deterministic
# builder, pages unchanged since). To regenerate after a page changed:
#   python3 tests/tools/make_warc.py corpus/warc/pages.warc.gz PAGE...
#   python3 tests/tools/make_warc.py --plain corpus/warc/small.warc PAGE...
# with the PAGE lists of the current manifests (as below).
set -uo pipefail
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
cd "$CT_SOURCE_DIR" || exit 2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
pages() {
  python3 -c 'import json,sys; print("\n".join(r["page"] for r in json.load(open(sys.argv[1]))))' "$1"
}
mapfile -t P1 < <(pages corpus/warc/pages.warc.gz.manifest.json)
mapfile -t P2 < <(pages corpus/warc/small.warc.manifest.json)
python3 tests/tools/make_warc.py "$TMP/pages.warc.gz" "${P1[@]}" || exit 2
python3 tests/tools/make_warc.py --plain "$TMP/small.warc" "${P2[@]}" || exit 2
for f in pages.warc.gz pages.warc.gz.manifest.json small.warc small.warc.manifest.json; do
  if cmp -s "$TMP/$f" "corpus/warc/$f"; then echo "ok   $f"; else echo "FAIL $f differs from a rebuild"; fails=$((fails + 1)); fi
done
echo "$fails failed"
[ "$fails" -eq 0 ]
