#!/bin/bash
# SPDX-License-Identifier: MIT
# Accuracy of 'claimtrack extract' on the hand-annotated test texts in
# corpus/texts (written by us; see corpus/texts/README.md): value F1 >= 0.95,
# unit and bound >= 95%, subject >= 80%, metric character overlap >= 60%.
set -euo pipefail
: "${CLAIMTRACK:?set CLAIMTRACK to the built tool}"
: "${CT_SOURCE_DIR:?set CT_SOURCE_DIR to the repository root}"
python3 "$CT_SOURCE_DIR/tests/golden/score_extract.py" --tool "$CLAIMTRACK" \
  --dir "$CT_SOURCE_DIR/corpus/texts" "$@"
