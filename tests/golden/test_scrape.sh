#!/bin/bash
# SPDX-License-Identifier: MIT
# Golden test of 'claimtrack scrape' over corpus/pages (see scrape_golden.py):
# labels (body F1, title, date, source, with/without), the seed page exactly,
# and the reviewed *.scrape.json snapshots.
set -euo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
export CLAIMTRACK CT_SOURCE_DIR
python3 "$CT_SOURCE_DIR/tests/golden/scrape_golden.py" "$@"
# The seed page alone (one input: one JSON object) equals its label exactly.
python3 - "$CLAIMTRACK" "$CT_SOURCE_DIR/corpus/pages/seed-163-post2020" <<'PY'
import json, subprocess, sys
tool, base = sys.argv[1], sys.argv[2]
out = subprocess.run([tool, "scrape", base + ".html"], check=True,
                     stdout=subprocess.PIPE).stdout.decode("utf-8")
assert out.endswith("\n") and out.count("\n") == 1, "one JSON object expected"
got = json.loads(out)
want = json.load(open(base + ".expected.json", encoding="utf-8"))
assert list(got.items()) == list(want.items()), "seed output differs"
print("seed page (single input) matches its label exactly")
PY
