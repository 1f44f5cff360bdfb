#!/bin/bash
# cmake --install into a temporary prefix, then build a consumer program
# against the installed headers and library through pkg-config, run it,
# and run the installed tool on its installed rule pack.
set -euo pipefail
: "${CLAIMTRACK:?}" "${CT_SOURCE_DIR:?}" "${CT_BINARY_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cmake --install "$CT_BINARY_DIR" --prefix "$T/prefix" >/dev/null ||
  fail "cmake --install failed"
pc=$(find "$T/prefix" -name claimtrack.pc | head -n 1)
[ -n "$pc" ] || fail "no claimtrack.pc installed"
export PKG_CONFIG_PATH=$(dirname "$pc")
cat >"$T/app.c" <<'C'
#include <claimtrack/claimtrack.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  ct_engine *e = NULL;
  ct_extractor *x = NULL;
  ct_doc *d = NULL;
  ct_error err;
  ct_extract_options o = CT_EXTRACT_OPTIONS_INIT;
  const char *t = "中国稀土储量约4400万吨。";
  if (argc < 2 || ct_engine_new(argv[1], &e, &err) != CT_OK ||
      ct_extractor_new(e, &x, &err) != CT_OK ||
      ct_extract_text(x, t, strlen(t), &o, &d, &err) != CT_OK ||
      ct_doc_claim_count(d) != 1)
    return 1;
  char *j = ct_claim_json_dup(ct_doc_claim(d, 0), "app", NULL);
  puts(j);
  ct_free(j);
  ct_doc_free(d);
  ct_extractor_free(x);
  ct_engine_free(e);
  printf("%s\n", ct_version());
  return 0;
}
C
# a sanitized library needs the sanitizer runtime in the consumer too
san=$(sed -n 's/^CT_SANITIZE:[A-Z]*=//p' "$CT_BINARY_DIR/CMakeCache.txt")
cc ${san:+-fsanitize=$san} "$T/app.c" -o "$T/app" \
  $(pkg-config --cflags --libs claimtrack) || fail "consumer does not build"
rules=$T/prefix/share/claimtrack/rules
[ -d "$rules" ] || fail "rule pack not installed at $rules"
"$T/app" "$rules" >"$T/out" || fail "consumer failed"
grep -q '"text": "4400万吨"' "$T/out" || fail "consumer output: $(cat "$T/out")"
# the installed tool finds the installed pack by itself
"$T/prefix/bin/claimtrack" rules test >"$T/rules.out" || fail "installed rules test"
grep -q "$T/prefix/bin/../share/claimtrack/rules" "$T/rules.out" ||
  fail "installed tool used another pack: $(tail -n 1 "$T/rules.out")"
echo "ok: installed, consumed through pkg-config, installed tool uses its pack"
