#!/bin/sh
# SPDX-License-Identifier: MIT
# Pages/s of ct_scrape over corpus/pages beside bare htmlReadMemory over the
# same pages, in one process (target ratio >= 0.7).
# usage: bench/bench_scrape.sh [BUILD_DIR (default build)] [SECONDS]
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
if cmake --build "$B" --target bench_scrape >/dev/null 2>&1; then
  exe="$B/bench/bench_scrape"
else
  # the build tree has no bench targets: compile against its library
  cmake --build "$B" --target claimtrack >/dev/null
  exe="$B/bench_scrape"
  cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -DCLAIMTRACK_STATIC_DEFINE \
    -Iinclude -I"$B/include" bench/bench_scrape.c "$B/libclaimtrack.a" \
    $(pkg-config --cflags --libs libxml-2.0 icu-uc icu-i18n libpcre2-8 \
      libutf8proc sqlite3 libarchive zlib) -lm -lpthread -o "$exe"
fi
"$exe" corpus/pages "${2:-2}"
