/* SPDX-License-Identifier: MIT */
/* Report writers for checked claims: aligned text table (East Asian
 * widths), JSON Lines, CSV (RFC 4180), schema.org ClaimReview JSON-LD;
 * conflicts and reference listings. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"

/* ---- shared pieces ---- */

const char *ct_report_doc_name(const ct_stored_article *a) {
  return a->url ? a->url : a->key;
}

void ct_report_claim_json(ct_buf *b, const ct_claim *c, const char *doc) {
  /* The claim stage's own serialisation, so that check and extract print
   * the same fields in the same order. */
  size_t len = 0;
  char *json = ct_claim_json_dup(c, doc, &len);
  if (!json) {
    b->oom = true;
    return;
  }
  ct_buf_put(b, json, len);
  ct_free(json);
}

void ct_report_reference_json(ct_buf *b, const ct_reference *r) {
  if (!r) {
    ct_buf_puts(b, "null");
    return;
  }
  ct_buf_puts(b, "{\"subject\": ");
  ct_json_cstr(b, r->subject);
  ct_buf_puts(b, ", \"metric\": ");
  ct_json_cstr(b, r->metric);
  ct_buf_puts(b, ", \"period\": ");
  ct_json_cstr(b, r->period);
  ct_buf_puts(b, ", \"value\": ");
  ct_json_opt_num(b, r->has_value, r->value);
  ct_buf_puts(b, ", \"low\": ");
  ct_json_opt_num(b, r->has_low, r->low);
  ct_buf_puts(b, ", \"high\": ");
  ct_json_opt_num(b, r->has_high, r->high);
  ct_buf_puts(b, ", \"unit\": ");
  ct_json_cstr(b, r->unit);
  ct_buf_puts(b, ", \"source\": ");
  ct_json_cstr(b, r->source);
  ct_buf_puts(b, ", \"url\": ");
  ct_json_cstr(b, r->url);
  ct_buf_putc(b, '}');
}

void ct_report_verdict_json(ct_buf *b, const ct_verdict *v) {
  size_t mark = b->len;
  ct_report_claim_json(b, &v->claim, ct_report_doc_name(v->article));
  if (b->oom || b->len == mark)
    return;
  b->len--; /* reopen the claim object */
  ct_buf_printf(
      b, ", \"verdict\": \"%s\", \"reference\": ", ct_verdict_name(v->verdict));
  ct_report_reference_json(b, v->reference);
  ct_buf_puts(b, ", \"gap\": ");
  ct_json_opt_num(b, v->has_gap, v->gap);
  ct_buf_puts(b, ", \"note\": ");
  ct_json_cstr(b, v->note);
  ct_buf_putc(b, '}');
}

void ct_report_value_text(char *out, size_t cap, bool has, double v,
                          const char *unit) {
  if (!has || !isfinite(v)) {
    snprintf(out, cap, "-");
    return;
  }
  char n[64];
  ct_format_double(n, sizeof n, v);
  /* A long unit may be cut at `cap`: these are display strings. */
  int w;
  if (!unit)
    w = snprintf(out, cap, "%s", n);
  else if (strcmp(unit, "%") == 0)
    w = snprintf(out, cap, "%s%%", n);
  else
    w = snprintf(out, cap, "%s %s", n, unit);
  if (w < 0 && cap)
    out[0] = '\0';
}

void ct_report_reference_text(char *out, size_t cap, const ct_reference *r) {
  if (!r) {
    snprintf(out, cap, "-");
    return;
  }
  char a[64], b[64];
  if (r->has_low && r->has_high) {
    ct_report_value_text(a, sizeof a, true, r->low, NULL);
    ct_report_value_text(b, sizeof b, true, r->high, r->unit);
    snprintf(out, cap, "%s-%s", a, b);
  } else if (r->has_low) {
    ct_report_value_text(a, sizeof a, true, r->low, r->unit);
    snprintf(out, cap, ">=%s", a);
  } else if (r->has_high) {
    ct_report_value_text(a, sizeof a, true, r->high, r->unit);
    snprintf(out, cap, "<=%s", a);
  } else {
    ct_report_value_text(out, cap, r->has_value, r->value, r->unit);
  }
}

/* ---- text tables ---- */

typedef struct table {
  size_t n_cols;
  const char **head;
  char **cells; /* row-major, ct_malloc'd strings */
  size_t n_rows, cap;
} table;

static bool table_add(table *t, const char *const *row) {
  if (t->n_rows == t->cap) {
    size_t ncap = t->cap ? t->cap * 2 : 32, bytes, cells;
    if (!ct_size_mul(ncap, t->n_cols, &cells) ||
        !ct_size_mul(cells, sizeof(char *), &bytes))
      return false;
    char **p = ct_realloc(t->cells, bytes);
    if (!p)
      return false;
    t->cells = p;
    t->cap = ncap;
  }
  for (size_t i = 0; i < t->n_cols; i++) {
    char *s = ct_strdup(row[i] ? row[i] : "-");
    if (!s) {
      for (size_t j = 0; j < i; j++)
        ct_free(t->cells[t->n_rows * t->n_cols + j]);
      return false;
    }
    /* Keep each cell on one line. */
    for (char *q = s; *q; q++)
      if (*q == '\n' || *q == '\r' || *q == '\t')
        *q = ' ';
    t->cells[t->n_rows * t->n_cols + i] = s;
  }
  t->n_rows++;
  return true;
}

static void table_release(table *t) {
  for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
    ct_free(t->cells[i]);
  ct_free(t->cells);
}

static void pad(ct_buf *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    ct_buf_putc(b, ' ');
}

static void table_write(ct_buf *b, const table *t) {
  size_t width[16] = {0};
  for (size_t c = 0; c < t->n_cols && c < 16; c++) {
    width[c] = ct_utf8_width(t->head[c], strlen(t->head[c]));
    for (size_t r = 0; r < t->n_rows; r++) {
      const char *s = t->cells[r * t->n_cols + c];
      size_t w = ct_utf8_width(s, strlen(s));
      if (w > width[c])
        width[c] = w;
    }
  }
  for (size_t r = 0; r <= t->n_rows; r++) {
    for (size_t c = 0; c < t->n_cols; c++) {
      const char *s = r == 0 ? t->head[c] : t->cells[(r - 1) * t->n_cols + c];
      ct_buf_puts(b, s);
      if (c + 1 < t->n_cols) {
        pad(b, width[c] - ct_utf8_width(s, strlen(s)));
        ct_buf_puts(b, "  ");
      }
    }
    ct_buf_putc(b, '\n');
  }
}

static void write_text(ct_buf *b, const ct_check *c) {
  static const char *head[] = {"VERDICT", "CLAIM",     "SUBJECT", "METRIC",
                               "PERIOD",  "REFERENCE", "GAP",     "NOTE"};
  for (size_t a = 0; a < c->n_articles; a++) {
    const ct_stored_article *art = &c->articles[a];
    table t = {8, head, NULL, 0, 0};
    for (size_t i = 0; i < c->n_verdicts; i++) {
      const ct_verdict *v = &c->verdicts[i];
      if (v->article != art)
        continue;
      char ref[160], gap[64];
      ct_report_reference_text(ref, sizeof ref, v->reference);
      if (v->reference && v->reference->period) {
        size_t n = strlen(ref);
        snprintf(ref + n, sizeof ref - n, " (%s)", v->reference->period);
      }
      ct_report_value_text(gap, sizeof gap, v->has_gap, v->gap, v->claim.unit);
      if (v->has_gap && v->gap > 0 && strlen(gap) + 1 < sizeof gap) {
        memmove(gap + 1, gap, strlen(gap) + 1);
        gap[0] = '+';
      }
      const char *row[8] = {ct_verdict_name(v->verdict),
                            v->claim.text,
                            v->claim.subject,
                            v->claim.metric,
                            v->claim.period,
                            ref,
                            gap,
                            v->note};
      if (!table_add(&t, row))
        b->oom = true;
    }
    ct_buf_printf(b, "%s%s (version %d)%s%s\n", a ? "\n" : "", art->key,
                  art->version, art->title ? ": " : "",
                  art->title ? art->title : "");
    if (t.n_rows)
      table_write(b, &t);
    else
      ct_buf_puts(b, "(no claims)\n");
    table_release(&t);
  }
  ct_buf_printf(b,
                "\n%zu claims: %zu supported, %zu contradicted, %zu "
                "unverifiable\n",
                c->n_verdicts, ct_check_count_kind(c, CT_VERDICT_SUPPORTED),
                ct_check_count_kind(c, CT_VERDICT_CONTRADICTED),
                ct_check_count_kind(c, CT_VERDICT_UNVERIFIABLE));
}

/* ---- CSV ---- */

void ct_report_csv_field(ct_buf *b, const char *s) {
  if (!s)
    return;
  if (!strpbrk(s, ",\"\r\n")) {
    ct_buf_puts(b, s);
    return;
  }
  ct_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"')
      ct_buf_putc(b, '"');
    ct_buf_putc(b, *s);
  }
  ct_buf_putc(b, '"');
}

static void csv_num(ct_buf *b, bool has, double v) {
  if (has && isfinite(v)) {
    char n[64];
    ct_format_double(n, sizeof n, v);
    ct_buf_puts(b, n);
  }
}

static void write_csv(ct_buf *b, const ct_check *c) {
  ct_buf_puts(b, "doc,text,start,end,kind,value,low,high,unit,bound,subject,"
                 "metric,period,sentence,rule,verdict,ref_subject,ref_metric,"
                 "ref_period,ref_value,ref_low,ref_high,ref_unit,ref_source,"
                 "ref_url,gap,note\r\n");
  for (size_t i = 0; i < c->n_verdicts; i++) {
    const ct_verdict *v = &c->verdicts[i];
    const ct_claim *cl = &v->claim;
    const ct_reference *r = v->reference;
    ct_report_csv_field(b, ct_report_doc_name(v->article));
    ct_buf_putc(b, ',');
    ct_report_csv_field(b, cl->text);
    ct_buf_printf(b, ",%zu,%zu,%s,", cl->start, cl->end,
                  ct_store_kind_name(cl->kind));
    csv_num(b, cl->has_value, cl->value);
    ct_buf_putc(b, ',');
    csv_num(b, cl->has_low, cl->low);
    ct_buf_putc(b, ',');
    csv_num(b, cl->has_high, cl->high);
    ct_buf_putc(b, ',');
    ct_report_csv_field(b, cl->unit);
    ct_buf_printf(b, ",%s,", ct_store_bound_name(cl->bound));
    ct_report_csv_field(b, cl->subject);
    ct_buf_putc(b, ',');
    ct_report_csv_field(b, cl->metric);
    ct_buf_putc(b, ',');
    ct_report_csv_field(b, cl->period);
    ct_buf_putc(b, ',');
    ct_report_csv_field(b, cl->sentence);
    ct_buf_putc(b, ',');
    ct_report_csv_field(b, cl->rule);
    ct_buf_printf(b, ",%s,", ct_verdict_name(v->verdict));
    if (r) {
      ct_report_csv_field(b, r->subject);
      ct_buf_putc(b, ',');
      ct_report_csv_field(b, r->metric);
      ct_buf_putc(b, ',');
      ct_report_csv_field(b, r->period);
      ct_buf_putc(b, ',');
      csv_num(b, r->has_value, r->value);
      ct_buf_putc(b, ',');
      csv_num(b, r->has_low, r->low);
      ct_buf_putc(b, ',');
      csv_num(b, r->has_high, r->high);
      ct_buf_putc(b, ',');
      ct_report_csv_field(b, r->unit);
      ct_buf_putc(b, ',');
      ct_report_csv_field(b, r->source);
      ct_buf_putc(b, ',');
      ct_report_csv_field(b, r->url);
    } else {
      ct_buf_puts(b, ",,,,,,,,");
    }
    ct_buf_putc(b, ',');
    csv_num(b, v->has_gap, v->gap);
    ct_buf_putc(b, ',');
    ct_report_csv_field(b, v->note);
    ct_buf_puts(b, "\r\n");
  }
}

/* ---- ClaimReview JSON-LD ---- */

static void write_claimreview(ct_buf *b, const ct_check *c) {
  ct_buf_puts(b, "{\n\"@context\": \"https://schema.org\",\n\"@graph\": [");
  for (size_t i = 0; i < c->n_verdicts; i++) {
    const ct_verdict *v = &c->verdicts[i];
    const ct_stored_article *a = v->article;
    const char *doc = ct_report_doc_name(a);
    int rating = v->verdict == CT_VERDICT_SUPPORTED      ? 3
                 : v->verdict == CT_VERDICT_CONTRADICTED ? 1
                                                         : 2;
    const char *alt = v->verdict == CT_VERDICT_SUPPORTED      ? "Supported"
                      : v->verdict == CT_VERDICT_CONTRADICTED ? "Contradicted"
                                                              : "Unverifiable";
    ct_buf_puts(b, i ? ",\n" : "\n");
    ct_buf_puts(b, "{\"@type\": \"ClaimReview\", \"url\": ");
    {
      ct_buf u = CT_BUF_INIT;
      ct_buf_printf(&u, "%s#claim-%zu-%zu", doc, v->claim.start, v->claim.end);
      ct_json_str(b, u.data ? u.data : "", u.len);
      ct_buf_release(&u);
    }
    ct_buf_puts(b, ", \"claimReviewed\": ");
    ct_json_cstr(b, v->claim.sentence ? v->claim.sentence : v->claim.text);
    ct_buf_puts(b, ", \"datePublished\": ");
    ct_json_cstr(b, c->review_date);
    ct_buf_puts(b, ", \"inLanguage\": \"zh-CN\", \"author\": {\"@type\": "
                   "\"Organization\", \"name\": \"claimtrack\"}");
    ct_buf_printf(b,
                  ", \"reviewRating\": {\"@type\": \"Rating\", "
                  "\"alternateName\": \"%s\", \"ratingValue\": %d, "
                  "\"bestRating\": 3, \"worstRating\": 1, "
                  "\"ratingExplanation\": ",
                  alt, rating);
    ct_json_cstr(b, v->note);
    ct_buf_puts(b, "}, \"itemReviewed\": {\"@type\": \"Claim\", "
                   "\"appearance\": {\"@type\": \"CreativeWork\", \"url\": ");
    ct_json_cstr(b, doc);
    ct_buf_puts(b, ", \"headline\": ");
    ct_json_cstr(b, a->title);
    ct_buf_puts(b, "}, \"author\": ");
    const char *who = a->author ? a->author : a->source;
    if (who) {
      ct_buf_printf(b, "{\"@type\": \"%s\", \"name\": ",
                    a->author ? "Person" : "Organization");
      ct_json_cstr(b, who);
      ct_buf_putc(b, '}');
    } else {
      ct_buf_puts(b, "null");
    }
    ct_buf_puts(b, ", \"datePublished\": ");
    ct_json_cstr(b, a->published);
    ct_buf_puts(b, "}");
    if (v->reference && v->reference->url) {
      ct_buf_puts(b, ", \"isBasedOn\": ");
      ct_json_cstr(b, v->reference->url);
    }
    ct_buf_putc(b, '}');
  }
  ct_buf_puts(b, "\n]\n}\n");
}

char *ct_check_report_dup(const ct_check *check, ct_report_format fmt,
                          size_t *len_out) {
  if (!check)
    return NULL;
  ct_buf b = CT_BUF_INIT;
  switch (fmt) {
  case CT_REPORT_TEXT:
    write_text(&b, check);
    break;
  case CT_REPORT_JSONL:
    for (size_t i = 0; i < check->n_verdicts; i++) {
      ct_report_verdict_json(&b, &check->verdicts[i]);
      ct_buf_putc(&b, '\n');
    }
    break;
  case CT_REPORT_CSV:
    write_csv(&b, check);
    break;
  case CT_REPORT_CLAIMREVIEW:
    write_claimreview(&b, check);
    break;
  case CT_REPORT_HTML:
    ct_report_html(&b, check);
    break;
  }
  if (!ct_buf_reserve(&b, 1) || b.oom) {
    ct_buf_release(&b);
    return NULL;
  }
  return ct_buf_take(&b, len_out);
}

/* ---- conflicts ---- */

char *ct_check_conflicts_dup(const ct_check *check, ct_report_format fmt,
                             size_t *len_out) {
  if (!check)
    return NULL;
  ct_buf b = CT_BUF_INIT;
  if (fmt == CT_REPORT_JSONL) {
    for (size_t i = 0; i < check->n_conflicts; i++) {
      const ct_conflict *cf = &check->conflicts[i];
      ct_buf_puts(&b, "{\"a\": ");
      ct_report_claim_json(&b, &cf->a->claim,
                           ct_report_doc_name(cf->a->article));
      ct_buf_puts(&b, ", \"b\": ");
      ct_report_claim_json(&b, &cf->b->claim,
                           ct_report_doc_name(cf->b->article));
      ct_buf_puts(&b, ", \"note\": ");
      ct_json_cstr(&b, cf->note);
      ct_buf_puts(&b, "}\n");
    }
  } else if (fmt == CT_REPORT_TEXT) {
    for (size_t i = 0; i < check->n_conflicts; i++) {
      const ct_conflict *cf = &check->conflicts[i];
      const ct_claim *a = &cf->a->claim, *bb = &cf->b->claim;
      ct_buf_printf(&b,
                    "conflict %zu: %s / %s / %s / %s\n"
                    "  %s: %s\n    %s\n  %s: %s\n    %s\n  %s\n",
                    i + 1, a->subject, a->metric, a->period ? a->period : "-",
                    a->unit, ct_report_doc_name(cf->a->article), a->text,
                    a->sentence ? a->sentence : "",
                    ct_report_doc_name(cf->b->article), bb->text,
                    bb->sentence ? bb->sentence : "", cf->note);
    }
    ct_buf_printf(&b, "%zu conflict%s\n", check->n_conflicts,
                  check->n_conflicts == 1 ? "" : "s");
  } else {
    return NULL;
  }
  if (!ct_buf_reserve(&b, 1) || b.oom) {
    ct_buf_release(&b);
    return NULL;
  }
  return ct_buf_take(&b, len_out);
}

/* ---- reference listing ---- */

char *ct_check_refs_dup(const ct_check *check, ct_report_format fmt,
                        size_t *len_out) {
  if (!check)
    return NULL;
  ct_buf b = CT_BUF_INIT;
  if (fmt == CT_REPORT_TEXT) {
    static const char *head[] = {"SUBJECT", "METRIC", "PERIOD",   "VALUE",
                                 "TOL",     "SOURCE", "PACK:LINE"};
    table t = {7, head, NULL, 0, 0};
    for (size_t i = 0; i < check->n_refs; i++) {
      const ct_reference *r = &check->refs[i];
      char val[128], tol[32], where[256], src[96];
      ct_report_reference_text(val, sizeof val, r);
      if (r->has_tolerance)
        ct_format_double(tol, sizeof tol, r->tolerance);
      else
        snprintf(tol, sizeof tol, "-");
      snprintf(where, sizeof where, "%s:%zu", r->pack ? r->pack : "", r->line);
      /* Sources are long: the first 40 bytes at a character boundary. */
      const char *s = r->source ? r->source : "-";
      size_t n = strlen(s);
      if (n > 40) {
        n = 40;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
          n--;
      }
      snprintf(src, sizeof src, "%.*s%s", (int)n, s, strlen(s) > n ? "…" : "");
      const char *row[7] = {r->subject, r->metric, r->period, val,
                            tol,        src,       where};
      if (!table_add(&t, row))
        b.oom = true;
    }
    table_write(&b, &t);
    table_release(&t);
    ct_buf_printf(&b, "%zu reference rows\n", check->n_refs);
  } else if (fmt == CT_REPORT_CSV) {
    ct_buf_puts(&b, "subject,subject_en,metric,metric_en,period,value,low,"
                    "high,unit,tolerance,source,url,note\r\n");
    for (size_t i = 0; i < check->n_refs; i++) {
      const ct_reference *r = &check->refs[i];
      const char *s1[] = {r->subject, r->subject_en, r->metric, r->metric_en,
                          r->period};
      for (size_t k = 0; k < 5; k++) {
        ct_report_csv_field(&b, s1[k]);
        ct_buf_putc(&b, ',');
      }
      csv_num(&b, r->has_value, r->value);
      ct_buf_putc(&b, ',');
      csv_num(&b, r->has_low, r->low);
      ct_buf_putc(&b, ',');
      csv_num(&b, r->has_high, r->high);
      ct_buf_putc(&b, ',');
      ct_report_csv_field(&b, r->unit);
      ct_buf_putc(&b, ',');
      csv_num(&b, r->has_tolerance, r->tolerance);
      const char *s2[] = {r->source, r->url, r->note};
      for (size_t k = 0; k < 3; k++) {
        ct_buf_putc(&b, ',');
        ct_report_csv_field(&b, s2[k]);
      }
      ct_buf_puts(&b, "\r\n");
    }
  } else {
    return NULL;
  }
  if (!ct_buf_reserve(&b, 1) || b.oom) {
    ct_buf_release(&b);
    return NULL;
  }
  return ct_buf_take(&b, len_out);
}
