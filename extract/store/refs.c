/* SPDX-License-Identifier: MIT */
/* Reference packs: an RFC 4180 CSV reader for the DESIGN.md columns, the
 * all-or-nothing import into the store and the listing of stored rows. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define N_COLS 13
static const char *const columns[N_COLS] = {
    "subject", "subject_en", "metric",    "metric_en", "period", "value", "low",
    "high",    "unit",       "tolerance", "source",    "url",    "note"};

typedef struct csv_reader {
  const char *p, *end;
  size_t line; /* physical line of the cursor, 1-based */
  ct_buf field;
} csv_reader;

/* Read one record into fields[] (arena copies). Returns 1 for a record,
 * 0 at end of input, -1 on a syntax error (message in *why). */
static int read_record(csv_reader *r, ct_arena *arena, char **fields,
                       size_t max_fields, size_t *n_fields, const char **why) {
  *n_fields = 0;
  if (r->p >= r->end)
    return 0;
  for (;;) {
    ct_buf_clear(&r->field);
    bool quoted = false;
    if (r->p < r->end && *r->p == '"') {
      quoted = true;
      r->p++;
      for (;;) {
        if (r->p >= r->end) {
          *why = "unterminated quoted field";
          return -1;
        }
        char c = *r->p++;
        if (c == '"') {
          if (r->p < r->end && *r->p == '"') {
            ct_buf_putc(&r->field, '"');
            r->p++;
            continue;
          }
          break;
        }
        if (c == '\n')
          r->line++;
        ct_buf_putc(&r->field, c);
      }
    } else {
      while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
        if (*r->p == '"') {
          *why = "quote inside an unquoted field";
          return -1;
        }
        ct_buf_putc(&r->field, *r->p++);
      }
    }
    if (r->field.oom) {
      *why = "out of memory";
      return -1;
    }
    if (*n_fields == max_fields) {
      *why = "too many fields";
      return -1;
    }
    char *f = ct_arena_strndup(arena, r->field.data ? r->field.data : "",
                               r->field.len);
    if (!f) {
      *why = "out of memory";
      return -1;
    }
    fields[(*n_fields)++] = f;
    if (r->p >= r->end)
      return 1;
    char c = *r->p;
    if (c == ',') {
      r->p++;
      continue;
    }
    if (c == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
      r->p++;
    if (*r->p == '\n' || *r->p == '\r') {
      r->p++;
      r->line++;
      return 1;
    }
    (void)quoted;
    *why = "text after a closing quote";
    return -1;
  }
}

static bool parse_num(const char *s, bool *has, double *v) {
  *has = false;
  if (!*s)
    return true;
  char *end = NULL;
  errno = 0;
  double d = strtod(s, &end);
  if (end == s || *end || errno == ERANGE || !isfinite(d))
    return false;
  *has = true;
  *v = d;
  return true;
}

static const char *nonempty(char *s) { return *s ? s : NULL; }

ct_status ct_store_parse_refs(const char *name, const char *csv, size_t len,
                              ct_arena *arena, ct_reference **rows,
                              size_t *n_rows, ct_error *err) {
  *rows = NULL;
  *n_rows = 0;
  if (!ct_utf8_is_valid(csv, len))
    return ct_fail(err, CT_ERULE, "refs", "%s: not valid UTF-8", name);
  csv_reader r = {csv, csv + len, 1, CT_BUF_INIT};
  if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;
  char *f[N_COLS + 1];
  size_t nf = 0, cap = 0, n = 0;
  const char *why = NULL;
  ct_reference *out = NULL;
  ct_status st = CT_OK;
  size_t line = r.line;
  int got = read_record(&r, arena, f, N_COLS + 1, &nf, &why);
  if (got <= 0) {
    st = ct_fail(err, CT_ERULE, "refs", "%s:%zu: %s", name, line,
                 got == 0 ? "empty pack: the header row is missing" : why);
    goto done;
  }
  bool header_ok = nf == N_COLS;
  for (size_t i = 0; header_ok && i < N_COLS; i++)
    header_ok = strcmp(f[i], columns[i]) == 0;
  if (!header_ok) {
    st = ct_fail(err, CT_ERULE, "refs",
                 "%s:%zu: header must be exactly "
                 "subject,subject_en,metric,metric_en,period,value,low,high,"
                 "unit,tolerance,source,url,note",
                 name, line);
    goto done;
  }
  for (;;) {
    line = r.line;
    got = read_record(&r, arena, f, N_COLS + 1, &nf, &why);
    if (got == 0)
      break;
    if (got < 0) {
      st = ct_fail(err, CT_ERULE, "refs", "%s:%zu: %s", name, line, why);
      goto done;
    }
    if (nf == 1 && f[0][0] == '\0') /* blank line */
      continue;
    if (nf != N_COLS) {
      st = ct_fail(err, CT_ERULE, "refs",
                   "%s:%zu: %zu fields, the header has %d", name, line, nf,
                   N_COLS);
      goto done;
    }
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 64, bytes;
      if (!ct_size_mul(ncap, sizeof *out, &bytes)) {
        st = ct_fail(err, CT_ENOMEM, "refs", "too many rows");
        goto done;
      }
      ct_reference *grown = ct_arena_alloc(arena, bytes);
      if (!grown) {
        st = ct_fail(err, CT_ENOMEM, "refs", "out of memory");
        goto done;
      }
      if (n)
        memcpy(grown, out, n * sizeof *out);
      out = grown;
      cap = ncap;
    }
    ct_reference *ref = &out[n];
    memset(ref, 0, sizeof *ref);
    ref->subject = f[0];
    ref->subject_en = nonempty(f[1]);
    ref->metric = f[2];
    ref->metric_en = nonempty(f[3]);
    ref->period = nonempty(f[4]);
    ref->unit = f[8];
    ref->source = nonempty(f[10]);
    ref->url = nonempty(f[11]);
    ref->note = nonempty(f[12]);
    ref->pack = name;
    ref->line = line;
    const char *bad = NULL;
    if (!*f[0])
      bad = "subject is empty";
    else if (!*f[2])
      bad = "metric is empty";
    else if (!*f[8])
      bad = "unit is empty";
    else if (!parse_num(f[5], &ref->has_value, &ref->value))
      bad = "value is not a number";
    else if (!parse_num(f[6], &ref->has_low, &ref->low))
      bad = "low is not a number";
    else if (!parse_num(f[7], &ref->has_high, &ref->high))
      bad = "high is not a number";
    else if (!parse_num(f[9], &ref->has_tolerance, &ref->tolerance) ||
             (ref->has_tolerance && ref->tolerance < 0))
      bad = "tolerance is not a non-negative number";
    else if (ref->has_low && ref->has_high && ref->low > ref->high)
      bad = "low is above high";
    if (bad) {
      st = ct_fail(err, CT_ERULE, "refs", "%s:%zu: %s", name, line, bad);
      goto done;
    }
    n++;
  }
  *rows = out;
  *n_rows = n;
done:
  ct_buf_release(&r.field);
  return st;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (!s)
    return sqlite3_bind_null(st, i);
  return sqlite3_bind_text(st, i, s, (int)strlen(s), SQLITE_TRANSIENT);
}

static void bind_num(sqlite3_stmt *st, int i, bool has, double v) {
  if (has)
    sqlite3_bind_double(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

ct_status ct_store_import_refs(ct_store *store, const char *pack_name,
                               const char *csv, size_t len, size_t *n_rows,
                               ct_error *err) {
  if (!store || !pack_name || (!csv && len))
    return ct_fail(err, CT_EINVAL, "refs", "import: bad arguments");
  if (store->read_only)
    return ct_fail(err, CT_EINVAL, "refs", "import: store opened read-only");
  ct_arena arena;
  ct_arena_init(&arena);
  ct_reference *rows = NULL;
  size_t n = 0;
  ct_status status = ct_store_parse_refs(pack_name, csv ? csv : "", len, &arena,
                                         &rows, &n, err);
  if (status != CT_OK) {
    ct_arena_release(&arena);
    return status;
  }
  sqlite3 *db = store->db;
  sqlite3_stmt *st = NULL;
  int rc = ct_store_begin(db);
  if (rc != SQLITE_OK) {
    ct_arena_release(&arena);
    return ct_store_fail_sql(err, db, rc, "begin import");
  }
  rc = sqlite3_prepare_v2(db, "DELETE FROM refs WHERE pack = ?", -1, &st, NULL);
  if (rc != SQLITE_OK)
    goto sql_fail;
  bind_text(st, 1, pack_name);
  rc = sqlite3_step(st);
  if (rc != SQLITE_DONE)
    goto sql_fail;
  sqlite3_finalize(st);
  rc = sqlite3_prepare_v2(
      db,
      "INSERT INTO refs (pack, line, subject, subject_en, metric, "
      "metric_en, period, value, low, high, unit, tolerance, source, url, "
      "note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    goto sql_fail;
  for (size_t i = 0; i < n; i++) {
    const ct_reference *r = &rows[i];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    bind_text(st, 1, pack_name);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)r->line);
    bind_text(st, 3, r->subject);
    bind_text(st, 4, r->subject_en);
    bind_text(st, 5, r->metric);
    bind_text(st, 6, r->metric_en);
    bind_text(st, 7, r->period);
    bind_num(st, 8, r->has_value, r->value);
    bind_num(st, 9, r->has_low, r->low);
    bind_num(st, 10, r->has_high, r->high);
    bind_text(st, 11, r->unit);
    bind_num(st, 12, r->has_tolerance, r->tolerance);
    bind_text(st, 13, r->source);
    bind_text(st, 14, r->url);
    bind_text(st, 15, r->note);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
      goto sql_fail;
  }
  sqlite3_finalize(st);
  st = NULL;
  rc = ct_store_exec(db, "COMMIT");
  if (rc != SQLITE_OK)
    goto sql_fail;
  if (n_rows)
    *n_rows = n;
  ct_arena_release(&arena);
  return CT_OK;
sql_fail:
  status = ct_store_fail_sql(err, db, rc, "import references");
  sqlite3_finalize(st);
  ct_store_exec(db, "ROLLBACK");
  ct_arena_release(&arena);
  return status;
}
