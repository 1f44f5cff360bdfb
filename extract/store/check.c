/* SPDX-License-Identifier: MIT */
/* Loading a consistent snapshot of the store for reconciliation: the latest
 * version of each article, its claims and every reference row. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store_int.h"

const char *ct_verdict_name(ct_verdict_kind kind) {
  switch (kind) {
  case CT_VERDICT_SUPPORTED:
    return "supported";
  case CT_VERDICT_CONTRADICTED:
    return "contradicted";
  case CT_VERDICT_UNVERIFIABLE:
    break;
  }
  return "unverifiable";
}

static const char *col_str(ct_arena *a, sqlite3_stmt *st, int i, bool *oom) {
  if (sqlite3_column_type(st, i) == SQLITE_NULL)
    return NULL;
  const char *s = (const char *)sqlite3_column_text(st, i);
  int n = sqlite3_column_bytes(st, i);
  char *copy = ct_arena_strndup(a, s ? s : "", (size_t)(n > 0 ? n : 0));
  if (!copy)
    *oom = true;
  return copy;
}

static bool col_num(sqlite3_stmt *st, int i, double *v) {
  if (sqlite3_column_type(st, i) == SQLITE_NULL)
    return false;
  *v = sqlite3_column_double(st, i);
  return true;
}

static size_t col_size(sqlite3_stmt *st, int i) {
  sqlite3_int64 v = sqlite3_column_int64(st, i);
  return v > 0 ? (size_t)v : 0;
}

/* Grow a ct_malloc'd array to hold one more element. */
static bool grow(void **arr, size_t n, size_t *cap, size_t elem) {
  if (n < *cap)
    return true;
  size_t ncap = *cap ? *cap * 2 : 16, bytes;
  if (!ct_size_mul(ncap, elem, &bytes))
    return false;
  void *p = ct_realloc(*arr, bytes);
  if (!p)
    return false;
  *arr = p;
  *cap = ncap;
  return true;
}

static ct_status load_refs(sqlite3 *db, ct_check *c, ct_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT pack, line, subject, subject_en, metric, metric_en, period, "
      "value, low, high, unit, tolerance, source, url, note FROM refs "
      "ORDER BY pack, line",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, db, rc, "read references");
  size_t cap = 0;
  bool oom = false;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!grow((void **)&c->refs, c->n_refs, &cap, sizeof *c->refs)) {
      oom = true;
      break;
    }
    ct_reference *r = &c->refs[c->n_refs++];
    memset(r, 0, sizeof *r);
    ct_arena *a = &c->arena;
    r->pack = col_str(a, st, 0, &oom);
    r->line = col_size(st, 1);
    r->subject = col_str(a, st, 2, &oom);
    r->subject_en = col_str(a, st, 3, &oom);
    r->metric = col_str(a, st, 4, &oom);
    r->metric_en = col_str(a, st, 5, &oom);
    r->period = col_str(a, st, 6, &oom);
    r->has_value = col_num(st, 7, &r->value);
    r->has_low = col_num(st, 8, &r->low);
    r->has_high = col_num(st, 9, &r->high);
    r->unit = col_str(a, st, 10, &oom);
    r->has_tolerance = col_num(st, 11, &r->tolerance);
    r->source = col_str(a, st, 12, &oom);
    r->url = col_str(a, st, 13, &oom);
    r->note = col_str(a, st, 14, &oom);
  }
  sqlite3_finalize(st);
  if (oom)
    return ct_fail(err, CT_ENOMEM, "store", "out of memory");
  if (rc != SQLITE_DONE)
    return ct_store_fail_sql(err, db, rc, "read references");
  return CT_OK;
}

/* `name` names article `a` when it equals the key or URL, or when one is a
 * path suffix of the other at a '/' boundary. */
static bool suffix_at_slash(const char *longer, const char *shorter) {
  size_t nl = strlen(longer), ns = strlen(shorter);
  return ns && nl > ns && longer[nl - ns - 1] == '/' &&
         strcmp(longer + nl - ns, shorter) == 0;
}

static bool names_article(const char *name, const ct_stored_article *a) {
  if (strncmp(name, "./", 2) == 0)
    name += 2;
  if (strcmp(name, a->key) == 0 || (a->url && strcmp(name, a->url) == 0))
    return true;
  if (a->path &&
      (strcmp(name, a->path) == 0 || suffix_at_slash(a->path, name) ||
       suffix_at_slash(name, a->path)))
    return true;
  return suffix_at_slash(a->key, name) || suffix_at_slash(name, a->key);
}

static ct_status load_articles(sqlite3 *db, ct_check *c,
                               const char *const *names, size_t n_names,
                               ct_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT id, key, url, title, source, author, published, text, "
      "version, content_sha256, ingested_at, path FROM articles a WHERE "
      "version = "
      "(SELECT max(version) FROM articles b WHERE b.key = a.key) "
      "ORDER BY key",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, db, rc, "read articles");
  size_t cap = 0;
  bool oom = false;
  bool *used = NULL;
  if (n_names) {
    used = ct_calloc(n_names, sizeof *used);
    if (!used) {
      sqlite3_finalize(st);
      return ct_fail(err, CT_ENOMEM, "store", "out of memory");
    }
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    ct_stored_article tmp;
    memset(&tmp, 0, sizeof tmp);
    ct_arena *a = &c->arena;
    tmp.id = sqlite3_column_int64(st, 0);
    tmp.key = col_str(a, st, 1, &oom);
    tmp.url = col_str(a, st, 2, &oom);
    tmp.path = col_str(a, st, 11, &oom);
    if (oom || !tmp.key)
      break;
    bool want = n_names == 0;
    for (size_t i = 0; i < n_names; i++)
      if (names_article(names[i], &tmp)) {
        want = true;
        used[i] = true;
      }
    if (!want)
      continue;
    tmp.title = col_str(a, st, 3, &oom);
    tmp.source = col_str(a, st, 4, &oom);
    tmp.author = col_str(a, st, 5, &oom);
    tmp.published = col_str(a, st, 6, &oom);
    tmp.text = col_str(a, st, 7, &oom);
    tmp.text_len = (size_t)sqlite3_column_bytes(st, 7);
    if (!tmp.text)
      tmp.text = "";
    tmp.version = sqlite3_column_int(st, 8);
    tmp.sha256 = col_str(a, st, 9, &oom);
    tmp.ingested_at = col_str(a, st, 10, &oom);
    if (!grow((void **)&c->articles, c->n_articles, &cap,
              sizeof *c->articles)) {
      oom = true;
      break;
    }
    c->articles[c->n_articles++] = tmp;
  }
  sqlite3_finalize(st);
  ct_status status = CT_OK;
  if (oom)
    status = ct_fail(err, CT_ENOMEM, "store", "out of memory");
  else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    status = ct_store_fail_sql(err, db, rc, "read articles");
  for (size_t i = 0; status == CT_OK && i < n_names; i++)
    if (!used[i])
      status = ct_fail(err, CT_EINVAL, "store",
                       "no stored article matches '%s'", names[i]);
  ct_free(used);
  return status;
}

static ct_status load_claims(sqlite3 *db, ct_check *c, ct_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT start, \"end\", text, kind, value, low, high, unit, bound, "
      "subject, metric, period, sentence, sentence_start, sentence_end, "
      "rule FROM claims WHERE article_id = ? ORDER BY seq",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, db, rc, "read claims");
  size_t cap = 0;
  bool oom = false;
  for (size_t i = 0; i < c->n_articles && !oom; i++) {
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, c->articles[i].id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (!grow((void **)&c->verdicts, c->n_verdicts, &cap,
                sizeof *c->verdicts)) {
        oom = true;
        break;
      }
      ct_verdict *v = &c->verdicts[c->n_verdicts++];
      memset(v, 0, sizeof *v);
      v->article = &c->articles[i];
      ct_claim *cl = &v->claim;
      ct_arena *a = &c->arena;
      cl->start = col_size(st, 0);
      cl->end = col_size(st, 1);
      cl->text = col_str(a, st, 2, &oom);
      const char *kind = (const char *)sqlite3_column_text(st, 3);
      if (!ct_store_kind_parse(kind, &cl->kind))
        cl->kind = CT_KIND_NUMBER;
      cl->has_value = col_num(st, 4, &cl->value);
      cl->has_low = col_num(st, 5, &cl->low);
      cl->has_high = col_num(st, 6, &cl->high);
      cl->unit = col_str(a, st, 7, &oom);
      const char *bound = (const char *)sqlite3_column_text(st, 8);
      if (!ct_store_bound_parse(bound, &cl->bound))
        cl->bound = CT_BOUND_EQ;
      cl->subject = col_str(a, st, 9, &oom);
      cl->metric = col_str(a, st, 10, &oom);
      cl->period = col_str(a, st, 11, &oom);
      cl->sentence = col_str(a, st, 12, &oom);
      cl->sentence_start = col_size(st, 13);
      cl->sentence_end = col_size(st, 14);
      cl->rule = col_str(a, st, 15, &oom);
      if (!cl->text)
        cl->text = "";
      v->verdict = CT_VERDICT_UNVERIFIABLE;
      v->lo = -INFINITY;
      v->hi = INFINITY;
    }
    if (!oom && rc != SQLITE_DONE)
      break;
  }
  sqlite3_finalize(st);
  if (oom)
    return ct_fail(err, CT_ENOMEM, "store", "out of memory");
  if (rc != SQLITE_DONE && c->n_articles)
    return ct_store_fail_sql(err, db, rc, "read claims");
  return CT_OK;
}

static ct_check *check_new(void) {
  ct_check *c = ct_calloc(1, sizeof *c);
  if (c)
    ct_arena_init(&c->arena);
  return c;
}

void ct_check_free(ct_check *check) {
  if (!check)
    return;
  ct_free(check->articles);
  ct_free(check->verdicts);
  ct_free(check->conflicts);
  ct_free(check->refs);
  ct_arena_release(&check->arena);
  ct_free(check);
}

static char *join_path(ct_arena *a, const char *dir, const char *file) {
  size_t nd = strlen(dir), nf = strlen(file), total;
  if (!ct_size_add(nd, nf + 2, &total))
    return NULL;
  char *p = ct_arena_alloc(a, total);
  if (p)
    snprintf(p, total, "%s/%s", dir, file);
  return p;
}

ct_status ct_store_check(ct_store *store, const ct_check_options *opts,
                         const char *const *articles, size_t n_articles,
                         ct_check **out, ct_error *err) {
  if (!store || !out || (n_articles && !articles))
    return ct_fail(err, CT_EINVAL, "store", "check: bad arguments");
  *out = NULL;
  ct_check *c = check_new();
  if (!c)
    return ct_fail(err, CT_ENOMEM, "store", "out of memory");
  ct_lexicon subjects = {0}, metrics = {0};
  ct_ref_key *keys = NULL;
  ct_status st = CT_OK;
  if (opts && opts->rules_dir) {
    char *p = join_path(&c->arena, opts->rules_dir, "subjects.tsv");
    char *q = join_path(&c->arena, opts->rules_dir, "metrics.tsv");
    if (!p || !q) {
      st = ct_fail(err, CT_ENOMEM, "store", "out of memory");
      goto fail;
    }
    st = ct_lexicon_load(&subjects, &c->arena, p, err);
    if (st == CT_OK)
      st = ct_lexicon_load(&metrics, &c->arena, q, err);
    if (st != CT_OK)
      goto fail;
  }
  if (opts && opts->review_date) {
    snprintf(c->review_date, sizeof c->review_date, "%s", opts->review_date);
  } else {
    time_t t = time(NULL);
    struct tm tmv;
    gmtime_r(&t, &tmv);
    strftime(c->review_date, sizeof c->review_date, "%Y-%m-%d", &tmv);
  }
  /* One read transaction: a consistent snapshot even while others write. */
  sqlite3 *db = store->db;
  int rc = ct_store_exec(db, "BEGIN");
  if (rc != SQLITE_OK) {
    st = ct_store_fail_sql(err, db, rc, "begin read");
    goto fail;
  }
  st = load_refs(db, c, err);
  if (st == CT_OK)
    st = load_articles(db, c, articles, n_articles, err);
  if (st == CT_OK)
    st = load_claims(db, c, err);
  ct_store_exec(db, "COMMIT");
  if (st != CT_OK)
    goto fail;
  if (c->n_refs) {
    keys = ct_calloc(c->n_refs, sizeof *keys);
    if (!keys) {
      st = ct_fail(err, CT_ENOMEM, "store", "out of memory");
      goto fail;
    }
    ct_reconcile_ref_keys(&subjects, &metrics, c->refs, c->n_refs, keys);
  }
  for (size_t i = 0; i < c->n_verdicts; i++)
    ct_reconcile_judge_keyed(&subjects, &metrics, c->verdicts[i].article,
                             c->refs, keys, c->n_refs, &c->arena,
                             &c->verdicts[i]);
  ct_free(keys);
  keys = NULL;
  st = ct_reconcile_conflicts(c, &subjects, &metrics);
  if (st != CT_OK) {
    ct_fail(err, st, "store", "out of memory");
    goto fail;
  }
  ct_free(subjects.alias);
  ct_free(subjects.canon);
  ct_free(metrics.alias);
  ct_free(metrics.canon);
  *out = c;
  return CT_OK;
fail:
  ct_free(keys);
  ct_free(subjects.alias);
  ct_free(subjects.canon);
  ct_free(metrics.alias);
  ct_free(metrics.canon);
  ct_check_free(c);
  return st;
}

ct_status ct_store_list_refs(ct_store *store, ct_check **out, ct_error *err) {
  if (!store || !out)
    return ct_fail(err, CT_EINVAL, "store", "list refs: bad arguments");
  *out = NULL;
  ct_check *c = check_new();
  if (!c)
    return ct_fail(err, CT_ENOMEM, "store", "out of memory");
  ct_status st = load_refs(store->db, c, err);
  if (st != CT_OK) {
    ct_check_free(c);
    return st;
  }
  *out = c;
  return CT_OK;
}

size_t ct_check_article_count(const ct_check *c) {
  return c ? c->n_articles : 0;
}
const ct_stored_article *ct_check_article(const ct_check *c, size_t i) {
  return c && i < c->n_articles ? &c->articles[i] : NULL;
}
size_t ct_check_verdict_count(const ct_check *c) {
  return c ? c->n_verdicts : 0;
}
const ct_verdict *ct_check_verdict(const ct_check *c, size_t i) {
  return c && i < c->n_verdicts ? &c->verdicts[i] : NULL;
}
size_t ct_check_count_kind(const ct_check *c, ct_verdict_kind k) {
  size_t n = 0;
  for (size_t i = 0; c && i < c->n_verdicts; i++)
    n += c->verdicts[i].verdict == k;
  return n;
}
size_t ct_check_conflict_count(const ct_check *c) {
  return c ? c->n_conflicts : 0;
}
const ct_conflict *ct_check_conflict(const ct_check *c, size_t i) {
  return c && i < c->n_conflicts ? &c->conflicts[i] : NULL;
}
size_t ct_check_reference_count(const ct_check *c) { return c ? c->n_refs : 0; }
const ct_reference *ct_check_reference(const ct_check *c, size_t i) {
  return c && i < c->n_refs ? &c->refs[i] : NULL;
}
