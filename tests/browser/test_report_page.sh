#!/bin/bash
# The audit page of the seed article in headless Chromium: it loads without
# console messages (errors, CSP violations), the page's own script counts as
# many highlighted claims as table rows and as stored claims, every judged
# claim carries its reference on hover, and a screenshot is written to
# $CT_BINARY_DIR/browser/. A control page with a deliberate error proves
# that console errors are seen.
set -euo pipefail
: "${CLAIMTRACK:?}" "${CT_SOURCE_DIR:?}" "${CT_BINARY_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || fail "chromium is not installed: run 'scripts/deps --test' (as root) to install the test packages"
command -v sqlite3 >/dev/null || fail "sqlite3 CLI missing: run scripts/deps"
OUT=$CT_BINARY_DIR/browser
mkdir -p "$OUT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=$T/store.db
"$CLAIMTRACK" ingest --db "$DB" "$CT_SOURCE_DIR/corpus/pages/seed-163-post2020.html" 2>/dev/null
"$CLAIMTRACK" refs import --db "$DB" "$CT_SOURCE_DIR/corpus/reference/rare_earths.csv" 2>/dev/null
PAGE=$OUT/seed-report.html
"$CLAIMTRACK" report --db "$DB" --html "$PAGE" seed-163-post2020.html 2>/dev/null
CLAIMS=$(sqlite3 "$DB" "SELECT count(*) FROM claims")
[ "$CLAIMS" -gt 0 ] || fail "no claims stored"

browse() { # browse LOG ARGS...: one headless run, stderr log in LOG
  local log=$1; shift
  local profile
  profile=$(mktemp -d "$T/profile.XXXXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --disable-extensions --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 "$@" 2>"$log"
}
console_lines() { grep -E ':CONSOLE[(:]' "$1" || true; }

# Control: a page that logs an error and throws must be caught.
printf '<!DOCTYPE html><html><body><script>console.error("control");missingFn();</script></body></html>' >"$T/control.html"
browse "$T/control.log" --dump-dom "file://$T/control.html" >/dev/null || fail "chromium failed on the control page"
console_lines "$T/control.log" | grep -q "missingFn" \
  || fail "console errors are not visible in chromium's log; the check below would be blind"

browse "$T/page.log" --dump-dom "file://$PAGE" >"$T/dom.html" || fail "chromium failed: $(tail -5 "$T/page.log")"
msgs=$(console_lines "$T/page.log")
[ -z "$msgs" ] || fail "console messages on the audit page: $msgs"

python3 - "$T/dom.html" "$CLAIMS" <<'PY'
import re, sys
from html.parser import HTMLParser
dom = open(sys.argv[1], encoding="utf-8").read()
claims = int(sys.argv[2])
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks, self.rows, self.selftest, self.in_tbody = [], 0, None, False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "mark" and "claim" in cls:
            self.marks.append(a)
        if tag == "tbody":
            self.in_tbody = True
        if tag == "tr" and self.in_tbody:
            self.rows += 1
        if a.get("id") == "selftest":
            self.selftest = a
    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_tbody = False
p = P()
p.feed(dom)
st = p.selftest
assert st is not None, "no #selftest element"
assert st.get("data-ok") == "true", st   # written by the page's own script
assert int(st["data-marks"]) == claims, (st, claims)
assert int(st["data-rows"]) == claims, (st, claims)
assert len(p.marks) == claims and p.rows == claims, (len(p.marks), p.rows, claims)
verdicts = {m["data-verdict"] for m in p.marks}
assert {"supported", "contradicted", "unverifiable"} <= verdicts, verdicts
for m in p.marks:
    assert "v-" + m["data-verdict"] in m["class"], m
    if m["data-verdict"] != "unverifiable":
        assert "reference:" in m["title"] and "gap:" in m["title"], m
        assert m.get("data-source", "").startswith("http"), m
print(f"page ok: {claims} claims highlighted, {p.rows} table rows")
PY

SHOT=$OUT/seed-report.png
rm -f "$SHOT"
browse "$T/shot.log" --hide-scrollbars --window-size=1280,2400 --screenshot="$SHOT" "file://$PAGE" >/dev/null \
  || fail "screenshot failed: $(tail -5 "$T/shot.log")"
[ -s "$SHOT" ] || fail "no screenshot written"
[ "$(head -c 8 "$SHOT" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "screenshot is not a PNG"
msgs=$(console_lines "$T/shot.log")
[ -z "$msgs" ] || fail "console messages while rendering: $msgs"
echo "ok: screenshot $SHOT"
