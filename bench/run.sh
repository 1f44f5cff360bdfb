#!/bin/bash
# SPDX-License-Identifier: MIT
# claimtrack benchmarks (not timed tests): builds the bench programs in a
# Release tree, runs each measurement in its own process on the same pages,
# installs the peers (python3-readability from Debian, npm
# @microsoft/recognizers-text-suite) when missing -- only here, never in the
# build or the tests -- and prints a table with the ratios.
# usage: bench/run.sh [-B BUILD_DIR] [-r REPEAT] [--no-install] [PAGE...]
#   default pages: corpus/pages/*.html; default REPEAT 5; BUILD_DIR build-bench
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
B=build-bench
REPEAT=5
INSTALL=1
PAGES=()
while [ $# -gt 0 ]; do
  case "$1" in
    -B) B=$2; shift 2 ;;
    -r) REPEAT=$2; shift 2 ;;
    --no-install) INSTALL=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) PAGES+=("$1"); shift ;;
  esac
done
[ ${#PAGES[@]} -gt 0 ] || PAGES=("$ROOT"/corpus/pages/*.html)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
log() { echo "bench: $*" >&2; }

log "building in $B (Release)"
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >"$TMP/cmake.log" 2>&1 &&
  cmake --build "$B" -j2 --target bench >>"$TMP/cmake.log" 2>&1 ||
  { cat "$TMP/cmake.log" >&2; log "build failed"; exit 2; }
BP="$B/bench/bench_pipeline"

# key from a "key value" output file
val() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

# one measurement per process; bench_pipeline takes MODE [options] INPUT...
run() {
  local name=$1 mode=$2; shift 2
  if ! "$BP" "$mode" "$@" --rules "$ROOT/rules" "${PAGES[@]}" >"$TMP/$name" 2>"$TMP/$name.err"; then
    log "$name failed: $(tail -1 "$TMP/$name.err")"
  fi
}
log "measuring (${#PAGES[@]} pages x $REPEAT)"
run libxml2 libxml2 --repeat "$REPEAT"
run html1 html --jobs 1 --repeat "$REPEAT"
run html2 html --jobs 2 --repeat "$REPEAT"
run text text --repeat "$((REPEAT * 4))"
run icu icu --repeat "$((REPEAT * 4))"
run ingest ingest --repeat "$REPEAT" --out "$TMP/bench.db"
mkdir -p "$TMP/textdir"
run texts texts --out "$TMP/textdir"

# ---- peers (Debian's python3-readability lives in the system python)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
PEER_DIR=${CT_BENCH_PEERS:-${XDG_CACHE_HOME:-$HOME/.cache}/claimtrack-bench}
if ! "$PY" -c 'import readability' 2>/dev/null && [ $INSTALL -eq 1 ]; then
  log "installing python3-readability (apt)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-readability; } >"$TMP/apt.log" 2>&1 ||
    log "apt-get install python3-readability failed"
fi
if "$PY" -c 'import readability' 2>/dev/null; then
  "$PY" bench/peer_readability.py "$REPEAT" "${PAGES[@]}" >"$TMP/readability" 2>"$TMP/readability.err" ||
    log "readability failed: $(tail -1 "$TMP/readability.err")"
else
  log "python3-readability not available: skipped"
fi
if command -v node >/dev/null; then
  if [ ! -d "$PEER_DIR/node_modules/@microsoft/recognizers-text-suite" ] && [ $INSTALL -eq 1 ]; then
    log "installing @microsoft/recognizers-text-suite (npm) into $PEER_DIR"
    mkdir -p "$PEER_DIR"
    npm install --silent --no-audit --no-fund --prefix "$PEER_DIR" @microsoft/recognizers-text-suite >"$TMP/npm.log" 2>&1 ||
      log "npm install failed: $(tail -1 "$TMP/npm.log")"
  fi
  if [ -d "$PEER_DIR/node_modules/@microsoft/recognizers-text-suite" ]; then
    node bench/peer_recognizers.js "$PEER_DIR" 1 "$TMP"/textdir/*.txt >"$TMP/recognizers" 2>"$TMP/recognizers.err" ||
      log "recognizers failed: $(tail -1 "$TMP/recognizers.err")"
  fi
else
  log "node not found: recognizers peer skipped"
fi

# ---- table
h1=$(val "$TMP/html1" pages_per_s); h2=$(val "$TMP/html2" pages_per_s)
lx=$(val "$TMP/libxml2" pages_per_s)
tx=$(val "$TMP/text" mb_per_s); ic=$(val "$TMP/icu" mb_per_s)
rd=$(val "$TMP/readability" pages_per_s 2>/dev/null)
rc=$(val "$TMP/recognizers" mb_per_s 2>/dev/null)
r1=$(val "$TMP/html1" peak_rss_kib); r2=$(val "$TMP/html2" peak_rss_kib)
echo
echo "claimtrack bench: ${#PAGES[@]} pages, $(val "$TMP/html1" bytes) bytes, $(val "$TMP/text" text_bytes) bytes of article text;"
echo "$(nproc) cores, $(uname -m), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-44s %14s %14s %8s %8s\n' "measure" "claimtrack" "baseline" "ratio" "target"
printf '%-44s %14s %14s %8s %8s\n' "HTML->claims, 1 worker vs bare htmlReadMemory" "${h1:--} p/s" "${lx:--} p/s" "$(ratio "$h1" "$lx")" ">=0.70"
c1=$(val "$TMP/html1" pages_per_cpu_s); cx=$(val "$TMP/libxml2" pages_per_cpu_s)
printf '%-44s %14s %14s %8s %8s\n' "  same, pages per CPU second" "${c1:--} p/s" "${cx:--} p/s" "$(ratio "$c1" "$cx")" ">=0.70"
printf '%-44s %14s %14s %8s %8s\n' "HTML->claims, 2 workers vs 1 worker" "${h2:--} p/s" "${h1:--} p/s" "$(ratio "$h2" "$h1")" ">=1.30"
printf '%-44s %14s %14s %8s %8s\n' "text->claims vs bare ICU sentence iteration" "${tx:--} MB/s" "${ic:--} MB/s" "$(ratio "$tx" "$ic")" "-"
printf '%-44s %14s %14s %8s %8s\n' "HTML->claims vs python3-readability (scrape)" "${h1:--} p/s" "${rd:--} p/s" "$(ratio "$h1" "$rd")" "-"
printf '%-44s %14s %14s %8s %8s\n' "text->claims vs recognizers-text (zh)" "${tx:--} MB/s" "${rc:--} MB/s" "$(ratio "$tx" "$rc")" "-"
printf '%-44s %14s\n' "ingest into SQLite, claim rows/s" "$(val "$TMP/ingest" rows_per_s)"
printf '%-44s %14s\n' "ingest into SQLite, articles/s" "$(val "$TMP/ingest" articles_per_s)"
printf '%-44s %14s\n' "peak RSS, 1 worker (KiB)" "${r1:--}"
printf '%-44s %14s\n' "peak RSS, 2 workers (KiB)" "${r2:--}"
if [ -n "$r1" ] && [ -n "$r2" ]; then
  printf '%-44s %14s\n' "peak RSS added by the second worker (KiB)" "$((r2 - r1))"
fi
printf '%-44s %14s\n' "claims found (per round)" "$(val "$TMP/html1" claims)"

# ---- other engineers' stage benchmarks (bench/bench_*.sh), if present
for s in bench/bench_*.sh; do
  [ -e "$s" ] || continue
  echo
  echo "== $s"
  bash "$s" "$B" || log "$s failed"
done
