#!/bin/bash
# ClaimReview JSON-LD parses and carries the schema.org fields; the HTML
# report is one self-contained page with a mark per claim.
set -euo pipefail
: "${CLAIMTRACK:?}" "${CT_SOURCE_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=$T/store.db
SEED=$CT_SOURCE_DIR/corpus/pages/seed-163-post2020.html
"$CLAIMTRACK" ingest --db "$DB" "$SEED" 2>/dev/null
"$CLAIMTRACK" refs import --db "$DB" "$CT_SOURCE_DIR/corpus/reference/rare_earths.csv" 2>/dev/null
set +e
"$CLAIMTRACK" check --db "$DB" --format claimreview >"$T/cr.json"; rc=$?
set -e
[ "$rc" = 1 ] || { echo "FAIL: claimreview check rc $rc"; exit 1; }
python3 - "$T/cr.json" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["@context"] == "https://schema.org", doc.get("@context")
items = doc["@graph"]
assert items
names = set()
for it in items:
    assert it["@type"] == "ClaimReview"
    assert isinstance(it["claimReviewed"], str) and it["claimReviewed"]
    assert it["inLanguage"] == "zh-CN"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", it["datePublished"]), it
    assert it["author"]["@type"] == "Organization" and it["author"]["name"]
    assert it["url"]
    rr = it["reviewRating"]
    assert rr["@type"] == "Rating"
    assert rr["worstRating"] <= rr["ratingValue"] <= rr["bestRating"], rr
    names.add((rr["alternateName"], rr["ratingValue"]))
    ir = it["itemReviewed"]
    assert ir["@type"] == "Claim"
    assert ir["appearance"]["url"].endswith("seed-163-post2020.html"), ir
    assert "datePublished" in ir  # null: the seed page has no date
    assert ir["author"]["name"] == "基斯默默", ir
assert ("Contradicted", 1) in names and ("Supported", 3) in names, names
print("claimreview ok:", len(items), "reviews")
PY
"$CLAIMTRACK" report --db "$DB" --html "$T/out.html" seed-163-post2020.html 2>"$T/err"
grep -q "wrote" "$T/err"
n_claims=$(sqlite3 "$DB" "SELECT count(*) FROM claims")
n_marks=$(grep -o '<mark class="claim ' "$T/out.html" | wc -l)
[ "$n_marks" = "$n_claims" ] || { echo "FAIL: $n_marks marks for $n_claims claims"; exit 1; }
grep -q '<mark class="claim v-contradicted"[^>]*>72%</mark>' "$T/out.html" || { echo "FAIL: 72% not marked contradicted"; exit 1; }
if grep -Eq '<(link|img|iframe)|src=' "$T/out.html"; then echo "FAIL: external asset"; exit 1; fi
# Usage errors.
set +e
"$CLAIMTRACK" report --db "$DB" seed-163-post2020.html 2>/dev/null; rc1=$?
"$CLAIMTRACK" report --db "$DB" --html "$T/x.html" nope.html 2>/dev/null; rc2=$?
"$CLAIMTRACK" check --db "$DB" --format xml 2>/dev/null; rc3=$?
"$CLAIMTRACK" check 2>/dev/null; rc4=$?
set -e
[ "$rc1$rc2$rc3$rc4" = 2222 ] || { echo "FAIL: usage exit codes $rc1 $rc2 $rc3 $rc4"; exit 1; }
[ ! -e "$T/x.html" ] || { echo "FAIL: report written for an unknown article"; exit 1; }
echo ok
