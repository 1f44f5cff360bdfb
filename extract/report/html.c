/* SPDX-License-Identifier: MIT */
/* The HTML audit page: one self-contained document (inline CSS and JS, a
 * CSP that forbids external loads) with every claim highlighted in its
 * verdict's colour and a table of all claims. Everything is escaped. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

void ct_report_html_escape(ct_buf *b, const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  size_t i = 0;
  while (i < len) {
    unsigned char c = p[i];
    if (c >= 0x80) {
      size_t n = ct_utf8_valid_len(p + i, len - i);
      if (n) {
        ct_buf_put(b, p + i, n);
        i += n;
      } else {
        ct_buf_puts(b, "\xEF\xBF\xBD");
        i++;
      }
      continue;
    }
    switch (c) {
    case '&':
      ct_buf_puts(b, "&amp;");
      break;
    case '<':
      ct_buf_puts(b, "&lt;");
      break;
    case '>':
      ct_buf_puts(b, "&gt;");
      break;
    case '"':
      ct_buf_puts(b, "&quot;");
      break;
    case '\'':
      ct_buf_puts(b, "&#39;");
      break;
    default:
      if (c < 0x20 && c != '\n' && c != '\t')
        ct_buf_puts(b, "\xEF\xBF\xBD");
      else
        ct_buf_putc(b, (char)c);
    }
    i++;
  }
}

static void esc(ct_buf *b, const char *s) {
  if (s)
    ct_report_html_escape(b, s, strlen(s));
}

static bool is_web_url(const char *u) {
  return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

static const char *const css =
    "body{font:16px/1.7 system-ui,'Noto Sans CJK SC','Microsoft YaHei',"
    "sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
    "h1{font-size:1.5em;line-height:1.3}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;"
    "font-size:.9em;color:#555}dl.meta dt{font-weight:600}dl.meta dd{margin:0;"
    "word-break:break-all}"
    ".text{white-space:pre-wrap;border-left:3px solid #ddd;padding-left:1em}"
    "mark.claim{position:relative;border-radius:3px;padding:0 2px;"
    "cursor:help}"
    ".v-supported{background:#c8f0c8}.v-contradicted{background:#ffc4c4}"
    ".v-unverifiable{background:#e6e6e6}"
    "mark.claim:hover::after{content:attr(data-tip);position:absolute;"
    "left:0;top:1.6em;z-index:10;width:28em;white-space:pre-wrap;"
    "background:#333;color:#fff;font-size:.8em;line-height:1.4;"
    "padding:.5em;border-radius:4px}"
    "table.claims{border-collapse:collapse;font-size:.85em;width:100%}"
    "table.claims th,table.claims td{border:1px solid #ccc;padding:.25em .4em;"
    "vertical-align:top;text-align:left}"
    ".legend span{padding:0 .4em;margin-right:.5em;border-radius:3px}";

/* Counts highlighted claims and table rows and writes the result into the
 * page (read by the browser test through --dump-dom). */
static const char *const script =
    "(function(){'use strict';"
    "var marks=document.querySelectorAll('mark.claim').length;"
    "var rows=document.querySelectorAll('table.claims tbody tr').length;"
    "var t=document.getElementById('selftest');"
    "t.setAttribute('data-marks',String(marks));"
    "t.setAttribute('data-rows',String(rows));"
    "t.setAttribute('data-ok',marks===rows?'true':'false');"
    "document.querySelectorAll('mark.claim').forEach(function(m){"
    "m.addEventListener('click',function(){var r=document.getElementById("
    "m.getAttribute('data-row'));if(r){r.scrollIntoView();}});});"
    "})();";

static void tip(ct_buf *b, const ct_verdict *v) {
  char ref[160], gap[64];
  ct_report_reference_text(ref, sizeof ref, v->reference);
  ct_report_value_text(gap, sizeof gap, v->has_gap, v->gap, v->claim.unit);
  ct_buf t = CT_BUF_INIT;
  ct_buf_printf(&t, "%s", ct_verdict_name(v->verdict));
  if (v->reference) {
    const ct_reference *r = v->reference;
    ct_buf_printf(&t, "\nreference: %s (%s) %s %s\nsource: %s\ngap: %s", ref,
                  r->period ? r->period : "-", r->subject, r->metric,
                  r->source ? r->source : "-", gap);
    if (r->url)
      ct_buf_printf(&t, "\n%s", r->url);
  }
  if (v->note)
    ct_buf_printf(&t, "\n%s", v->note);
  if (!t.oom && t.data) {
    /* Attribute values: line breaks as &#10; so each mark stays on one
     * source line. */
    size_t start = 0;
    for (size_t i = 0; i <= t.len; i++)
      if (i == t.len || t.data[i] == '\n') {
        ct_report_html_escape(b, t.data + start, i - start);
        if (i < t.len)
          ct_buf_puts(b, "&#10;");
        start = i + 1;
      }
  }
  ct_buf_release(&t);
}

static size_t back_to_boundary(const char *s, size_t i) {
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

typedef struct mark_ref {
  const ct_verdict *v;
  size_t k; /* the claim's number within its article */
} mark_ref;

/* By start, longer spans first, then by claim number (a total order, so
 * qsort's instability does not matter). */
static int cmp_mark(const void *pa, const void *pb) {
  const mark_ref *a = pa, *b = pb;
  if (a->v->claim.start != b->v->claim.start)
    return a->v->claim.start < b->v->claim.start ? -1 : 1;
  if (a->v->claim.end != b->v->claim.end)
    return a->v->claim.end > b->v->claim.end ? -1 : 1;
  return a->k < b->k ? -1 : a->k > b->k;
}

static void article_html(ct_buf *b, const ct_check *c, size_t ai) {
  const ct_stored_article *a = &c->articles[ai];
  size_t n = 0, sup = 0, con = 0;
  for (size_t i = 0; i < c->n_verdicts; i++)
    if (c->verdicts[i].article == a) {
      n++;
      sup += c->verdicts[i].verdict == CT_VERDICT_SUPPORTED;
      con += c->verdicts[i].verdict == CT_VERDICT_CONTRADICTED;
    }
  ct_buf_printf(b, "<section class=\"article\" id=\"article-%zu\">\n<h1>", ai);
  esc(b, a->title ? a->title : a->key);
  ct_buf_puts(b, "</h1>\n<dl class=\"meta\">");
  const char *labels[] = {"document",  "URL",     "source",  "author",
                          "published", "version", "SHA-256", "ingested"};
  char version[32];
  snprintf(version, sizeof version, "%d", a->version);
  const char *vals[] = {a->key,       a->url,  a->source, a->author,
                        a->published, version, a->sha256, a->ingested_at};
  for (size_t i = 0; i < 8; i++) {
    ct_buf_puts(b, "<dt>");
    esc(b, labels[i]);
    ct_buf_puts(b, "</dt><dd>");
    if (i == 1 && is_web_url(vals[i])) {
      ct_buf_puts(b, "<a href=\"");
      esc(b, vals[i]);
      ct_buf_puts(b, "\" rel=\"noopener noreferrer\">");
      esc(b, vals[i]);
      ct_buf_puts(b, "</a>");
    } else {
      esc(b, vals[i] ? vals[i] : "unknown");
    }
    ct_buf_puts(b, "</dd>");
  }
  ct_buf_printf(b,
                "</dl>\n<p class=\"summary\">%zu claims: %zu supported, %zu "
                "contradicted, %zu unverifiable.</p>\n"
                "<p class=\"legend\"><span class=\"v-supported\">supported"
                "</span><span class=\"v-contradicted\">contradicted</span>"
                "<span class=\"v-unverifiable\">unverifiable</span></p>\n"
                "<div class=\"text\">",
                n, sup, con, n - sup - con);
  /* The text with marks. Claims come in text order; an overlapping claim
   * is clipped to the part not yet highlighted (empty when nested). */
  size_t pos = 0, k = 0;
  const char *text = a->text;
  size_t len = a->text_len;
  /* Marks go in text order; ids keep the claim's number in the table. */
  mark_ref *order = n ? ct_calloc(n, sizeof *order) : NULL;
  if (n && !order) {
    b->oom = true;
    return;
  }
  for (size_t i = 0, j = 0; i < c->n_verdicts; i++)
    if (c->verdicts[i].article == a) {
      order[j].v = &c->verdicts[i];
      order[j].k = j;
      j++;
    }
  if (n)
    qsort(order, n, sizeof *order, cmp_mark);
  for (size_t i = 0; i < n; i++) {
    const ct_verdict *v = order[i].v;
    k = order[i].k;
    size_t s = v->claim.start < len ? v->claim.start : len;
    size_t e = v->claim.end < len ? v->claim.end : len;
    s = back_to_boundary(text, s);
    e = e < len ? back_to_boundary(text, e) : e;
    if (s < pos)
      s = pos;
    if (e < s)
      e = s;
    ct_report_html_escape(b, text + pos, s - pos);
    const char *vn = ct_verdict_name(v->verdict);
    ct_buf_printf(b,
                  "<mark class=\"claim v-%s\" id=\"claim-%zu-%zu\" "
                  "data-row=\"row-%zu-%zu\" data-verdict=\"%s\" "
                  "data-start=\"%zu\" data-end=\"%zu\"",
                  vn, ai, k, ai, k, vn, v->claim.start, v->claim.end);
    if (v->has_gap) {
      char g[64];
      ct_format_double(g, sizeof g, v->gap);
      ct_buf_printf(b, " data-gap=\"%s\"", g);
    }
    if (v->reference && v->reference->url) {
      ct_buf_puts(b, " data-source=\"");
      esc(b, v->reference->url);
      ct_buf_putc(b, '"');
    }
    ct_buf_puts(b, " title=\"");
    tip(b, v);
    ct_buf_puts(b, "\" data-tip=\"");
    tip(b, v);
    ct_buf_puts(b, "\">");
    ct_report_html_escape(b, text + s, e - s);
    ct_buf_puts(b, "</mark>");
    pos = e;
  }
  ct_free(order);
  ct_report_html_escape(b, text + pos, len - pos);
  ct_buf_puts(b, "</div>\n<h2>Claims</h2>\n<table class=\"claims\"><thead>"
                 "<tr><th>#</th><th>verdict</th><th>claim</th><th>subject"
                 "</th><th>metric</th><th>period</th><th>reference</th>"
                 "<th>source</th><th>gap</th><th>note</th></tr></thead>"
                 "<tbody>\n");
  k = 0;
  for (size_t i = 0; i < c->n_verdicts; i++) {
    const ct_verdict *v = &c->verdicts[i];
    if (v->article != a)
      continue;
    const char *vn = ct_verdict_name(v->verdict);
    ct_buf_printf(b,
                  "<tr class=\"v-%s\" id=\"row-%zu-%zu\"><td><a "
                  "href=\"#claim-%zu-%zu\">%zu</a></td><td>%s</td><td>",
                  vn, ai, k, ai, k, k + 1, vn);
    esc(b, v->claim.text);
    ct_buf_puts(b, "</td><td>");
    esc(b, v->claim.subject ? v->claim.subject : "-");
    ct_buf_puts(b, "</td><td>");
    esc(b, v->claim.metric ? v->claim.metric : "-");
    ct_buf_puts(b, "</td><td>");
    esc(b, v->claim.period ? v->claim.period : "-");
    ct_buf_puts(b, "</td><td>");
    char ref[160], gap[64];
    ct_report_reference_text(ref, sizeof ref, v->reference);
    esc(b, ref);
    if (v->reference) {
      ct_buf_puts(b, " (");
      esc(b, v->reference->period ? v->reference->period : "-");
      ct_buf_puts(b, ") ");
      esc(b, v->reference->metric);
    }
    ct_buf_puts(b, "</td><td>");
    if (v->reference) {
      const ct_reference *r = v->reference;
      if (is_web_url(r->url)) {
        ct_buf_puts(b, "<a href=\"");
        esc(b, r->url);
        ct_buf_puts(b, "\" rel=\"noopener noreferrer\">");
        esc(b, r->source ? r->source : r->url);
        ct_buf_puts(b, "</a>");
      } else {
        esc(b, r->source ? r->source : "-");
      }
    } else {
      ct_buf_puts(b, "-");
    }
    ct_buf_puts(b, "</td><td>");
    ct_report_value_text(gap, sizeof gap, v->has_gap, v->gap, v->claim.unit);
    esc(b, gap);
    ct_buf_puts(b, "</td><td>");
    esc(b, v->note ? v->note : "");
    ct_buf_puts(b, "</td></tr>\n");
    k++;
  }
  ct_buf_puts(b, "</tbody></table>\n</section>\n");
}

void ct_report_html(ct_buf *b, const ct_check *c) {
  ct_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                 "<meta charset=\"utf-8\">\n"
                 "<meta http-equiv=\"Content-Security-Policy\" "
                 "content=\"default-src 'none'; style-src 'unsafe-inline'; "
                 "script-src 'unsafe-inline'\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, "
                 "initial-scale=1\">\n<meta name=\"generator\" "
                 "content=\"claimtrack\">\n<title>claimtrack audit: ");
  if (c->n_articles == 1)
    esc(b, c->articles[0].title ? c->articles[0].title : c->articles[0].key);
  else
    ct_buf_printf(b, "%zu articles", c->n_articles);
  ct_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
  for (size_t i = 0; i < c->n_articles; i++)
    article_html(b, c, i);
  ct_buf_printf(b,
                "<div id=\"selftest\" hidden></div>\n<script>%s</script>\n"
                "</body>\n</html>\n",
                script);
}
