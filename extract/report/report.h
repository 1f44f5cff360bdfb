/* SPDX-License-Identifier: MIT */
/* Private header of the report stage: writers shared by the text, JSON,
 * CSV, ClaimReview and HTML reports of a ct_check. */
#ifndef CT_REPORT_H
#define CT_REPORT_H

#include "store/store_int.h"

/* The name a report gives an article: its URL, else its key (path). */
const char *ct_report_doc_name(const ct_stored_article *a);
/* A claim as DESIGN.md's extract JSON object (doc first). */
void ct_report_claim_json(ct_buf *b, const ct_claim *c, const char *doc);
/* A reference row as {subject, metric, period, value, low, high, unit,
 * source, url}, or null. */
void ct_report_reference_json(ct_buf *b, const ct_reference *r);
/* The claim's fields plus verdict, reference, gap and note. */
void ct_report_verdict_json(ct_buf *b, const ct_verdict *v);
/* "72%", "44000000 t", "-" when absent. */
void ct_report_value_text(char *out, size_t cap, bool has, double v,
                          const char *unit);
void ct_report_reference_text(char *out, size_t cap, const ct_reference *r);
/* One RFC 4180 field (quoted when needed); NULL writes nothing. */
void ct_report_csv_field(ct_buf *b, const char *s);
/* Append s with &, <, >, " and ' escaped; invalid UTF-8 becomes U+FFFD. */
void ct_report_html_escape(ct_buf *b, const char *s, size_t len);
/* The self-contained audit page of every article in the check. */
void ct_report_html(ct_buf *b, const ct_check *c);

#endif
