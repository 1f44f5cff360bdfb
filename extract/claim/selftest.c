/* SPDX-License-Identifier: MIT */
/* Rule-pack self-test (claim stage): every Example/Expect pair and every
 * Counterexample of the pack, run through the whole extraction. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claim/claim.h"

static bool num_eq(double a, double b) {
  return fabs(a - b) <= 1e-9 * (fabs(a) > 1 ? fabs(a) : 1);
}

/* Compare one "key=value" of an Expect line against a claim; on mismatch
 * write what was found into got. */
static bool check_key(const ct_claim *c, const char *key, const char *want,
                      ct_buf *got) {
  const char *sval = NULL;
  bool is_str = true;
  bool has = false;
  double v = 0;
  if (strcmp(key, "value") == 0)
    is_str = false, has = c->has_value, v = c->value;
  else if (strcmp(key, "low") == 0)
    is_str = false, has = c->has_low, v = c->low;
  else if (strcmp(key, "high") == 0)
    is_str = false, has = c->has_high, v = c->high;
  else if (strcmp(key, "unit") == 0)
    sval = c->unit;
  else if (strcmp(key, "bound") == 0)
    sval = ct_bound_name(c->bound);
  else if (strcmp(key, "kind") == 0)
    sval = ct_kind_name(c->kind);
  else if (strcmp(key, "subject") == 0)
    sval = c->subject;
  else if (strcmp(key, "metric") == 0)
    sval = c->metric;
  else if (strcmp(key, "period") == 0)
    sval = c->period;
  else if (strcmp(key, "text") == 0)
    sval = c->text;
  else {
    ct_buf_printf(got, "unknown key '%s'", key);
    return false;
  }
  if (!is_str) {
    if (strcmp(want, "null") == 0) {
      if (!has)
        return true;
    } else if (has) {
      char *end = NULL;
      double w = strtod(want, &end);
      if (end && *end == '\0' && num_eq(w, v))
        return true;
    }
    if (has) {
      char tmp[40];
      ct_format_double(tmp, sizeof tmp, v);
      ct_buf_printf(got, "%s=%s", key, tmp);
    } else {
      ct_buf_printf(got, "%s=null", key);
    }
    return false;
  }
  if (strcmp(want, "null") == 0 ? sval == NULL
                                : (sval && strcmp(sval, want) == 0))
    return true;
  ct_buf_printf(got, "%s=%s", key, sval ? sval : "null");
  return false;
}

static const char *expect_get(const char *expect, const char *key, char *out,
                              size_t cap) {
  size_t kl = strlen(key);
  for (const char *p = expect; *p;) {
    while (*p == ' ')
      p++;
    const char *q = p;
    while (*q && *q != ' ')
      q++;
    if ((size_t)(q - p) > kl && memcmp(p, key, kl) == 0 && p[kl] == '=') {
      size_t vl = (size_t)(q - p) - kl - 1;
      if (vl >= cap)
        vl = cap - 1;
      memcpy(out, p + kl + 1, vl);
      out[vl] = '\0';
      return out;
    }
    p = q;
  }
  return NULL;
}

static void run_example(ct_extractor *ex, const ct_rule *r, const ct_example *e,
                        size_t *failed, ct_buf *rep) {
  ct_doc *doc = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_extract_text(ex, e->text, strlen(e->text), NULL, &doc, &err) !=
      CT_OK) {
    (*failed)++;
    ct_buf_printf(rep, "%s:%d: %s: extraction failed: %s\n", e->file, e->line,
                  r->id, err.message);
    return;
  }
  char textwant[512];
  const char *tw =
      e->expect ? expect_get(e->expect, "text", textwant, sizeof textwant)
                : NULL;
  const ct_claim *hit = NULL;
  size_t nhits = 0;
  /* an ignore rule's counterexample must give no claim at all */
  bool any = e->counter && r->kind == CT_RULE_KIND_IGNORE;
  for (size_t i = 0; i < ct_doc_claim_count(doc); i++) {
    const ct_claim *c = ct_doc_claim(doc, i);
    if (!any && strcmp(c->rule, r->id) != 0)
      continue;
    nhits++;
    if (!hit && (!tw || strcmp(c->text, tw) == 0))
      hit = c;
  }
  if (e->counter) {
    if (nhits) {
      (*failed)++;
      const ct_claim *c = NULL;
      for (size_t i = 0; i < ct_doc_claim_count(doc) && !c; i++)
        if (any || strcmp(ct_doc_claim(doc, i)->rule, r->id) == 0)
          c = ct_doc_claim(doc, i);
      ct_buf_printf(rep, "%s:%d: %s: counterexample '%s' gave a claim '%s'\n",
                    e->file, e->line, r->id, e->text, c ? c->text : "");
    }
    ct_doc_free(doc);
    return;
  }
  if (!hit) {
    (*failed)++;
    ct_buf_printf(rep, "%s:%d: %s: example '%s' gave no claim from this rule",
                  e->file, e->line, r->id, e->text);
    size_t n = ct_doc_claim_count(doc);
    if (n) {
      ct_buf_puts(rep, " (got");
      for (size_t i = 0; i < n; i++)
        ct_buf_printf(rep, " '%s' by %s", ct_doc_claim(doc, i)->text,
                      ct_doc_claim(doc, i)->rule);
      ct_buf_putc(rep, ')');
    }
    ct_buf_putc(rep, '\n');
    ct_doc_free(doc);
    return;
  }
  if (e->expect) {
    ct_buf got = CT_BUF_INIT;
    bool ok = true;
    for (const char *p = e->expect; *p;) {
      while (*p == ' ')
        p++;
      const char *q = p;
      while (*q && *q != ' ')
        q++;
      if (q == p)
        break;
      const char *eq = memchr(p, '=', (size_t)(q - p));
      char key[32], want[512];
      if (!eq || (size_t)(eq - p) >= sizeof key ||
          (size_t)(q - eq - 1) >= sizeof want) {
        ok = false;
        ct_buf_printf(&got, "bad Expect item '%.*s' ", (int)(q - p), p);
      } else {
        memcpy(key, p, (size_t)(eq - p));
        key[eq - p] = '\0';
        memcpy(want, eq + 1, (size_t)(q - eq - 1));
        want[q - eq - 1] = '\0';
        if (!check_key(hit, key, want, &got)) {
          ok = false;
          ct_buf_putc(&got, ' ');
        }
      }
      p = q;
    }
    if (!ok) {
      (*failed)++;
      ct_buf_printf(rep, "%s:%d: %s: example '%s': expected %s; got %s\n",
                    e->file, e->line, r->id, e->text, e->expect,
                    got.data ? got.data : "");
    }
    ct_buf_release(&got);
  }
  ct_doc_free(doc);
}

ct_status ct_engine_selftest(const ct_engine *engine, size_t *n_total,
                             size_t *n_failed, char **report) {
  if (n_total)
    *n_total = 0;
  if (n_failed)
    *n_failed = 0;
  if (report)
    *report = NULL;
  if (!engine)
    return CT_EINVAL;
  ct_extractor *ex = NULL;
  ct_status st = ct_extractor_new(engine, &ex, NULL);
  if (st != CT_OK)
    return st;
  size_t total = 0, failed = 0;
  ct_buf rep = CT_BUF_INIT;
  const ct_pack *p = engine->pack;
  for (size_t i = 0; i < p->n_rules; i++)
    for (size_t k = 0; k < p->rules[i].n_examples; k++) {
      total++;
      run_example(ex, &p->rules[i], &p->rules[i].examples[k], &failed, &rep);
    }
  ct_extractor_free(ex);
  if (rep.oom) {
    ct_buf_release(&rep);
    return CT_ENOMEM;
  }
  if (n_total)
    *n_total = total;
  if (n_failed)
    *n_failed = failed;
  if (report && rep.len)
    *report = ct_buf_take(&rep, NULL);
  ct_buf_release(&rep);
  return CT_OK;
}
