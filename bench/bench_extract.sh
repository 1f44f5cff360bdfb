#!/bin/sh
# SPDX-License-Identifier: MIT
# The target of claim extraction: `extract --input text` over one large
# Chinese text beside bare ICU sentence iteration over the same text
# (target ratio >= 0.3), on the news text of the corpus pages and on the
# statistical texts (see bench/bench_extract.md).
# usage: bench/bench_extract.sh [BUILD_DIR (default build)]
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
cmake --build "$B" --target bench_extract >/dev/null
export CT_SOURCE_DIR="$PWD"
echo "news (article texts of corpus/pages, 20 MB):"
"$B/bench/bench_extract" | sed 's/^/  /'
echo "statistical texts (corpus/texts, 20 MB):"
"$B/bench/bench_extract" -t | sed 's/^/  /'
