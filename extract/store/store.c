/* SPDX-License-Identifier: MIT */
/* The fact store: one SQLite file (WAL, synchronous=FULL, foreign keys),
 * schema versioned by user_version with forward migrations, articles and
 * their claims written one transaction per article. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store/store_int.h"

/* Migration i takes a store from user_version i to i+1. Append only: a
 * released step is never edited. */
static const char *const migrations[] = {
    /* 0 -> 1: articles (versioned per key), claims, reference rows */
    "CREATE TABLE articles ("
    " id INTEGER PRIMARY KEY,"
    " key TEXT NOT NULL,"
    " version INTEGER NOT NULL CHECK (version >= 1),"
    " content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),"
    " url TEXT, title TEXT, source TEXT, author TEXT, published TEXT,"
    " charset TEXT, layout TEXT,"
    " text TEXT NOT NULL,"
    " n_claims INTEGER NOT NULL,"
    " ingested_at TEXT NOT NULL,"
    " UNIQUE (key, version));"
    "CREATE TABLE claims ("
    " id INTEGER PRIMARY KEY,"
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " start INTEGER NOT NULL, \"end\" INTEGER NOT NULL,"
    " text TEXT NOT NULL, kind TEXT NOT NULL,"
    " value REAL, low REAL, high REAL, unit TEXT, bound TEXT NOT NULL,"
    " subject TEXT, metric TEXT, period TEXT,"
    " sentence TEXT, sentence_start INTEGER, sentence_end INTEGER,"
    " rule TEXT,"
    " UNIQUE (article_id, seq));"
    "CREATE TABLE refs ("
    " id INTEGER PRIMARY KEY,"
    " pack TEXT NOT NULL, line INTEGER NOT NULL,"
    " subject TEXT NOT NULL, subject_en TEXT,"
    " metric TEXT NOT NULL, metric_en TEXT, period TEXT,"
    " value REAL, low REAL, high REAL, unit TEXT NOT NULL,"
    " tolerance REAL, source TEXT, url TEXT, note TEXT,"
    " UNIQUE (pack, line));",
    /* 1 -> 2: indexes for check (claims by article, refs by key) */
    "CREATE INDEX claims_by_article ON claims(article_id, seq);"
    "CREATE INDEX refs_by_key ON refs(subject, metric, period);"
    "CREATE INDEX articles_by_sha ON articles(content_sha256);",
    /* 2 -> 3: the file an article was read from, so that a page keyed by
     * its URL can still be named by its path */
    "ALTER TABLE articles ADD COLUMN path TEXT;",
};

int ct_store_schema_version(void) { return CT_STORE_SCHEMA_VERSION; }

static const char *const kind_names[] = {
    "percent", "quantity", "money", "count", "number", "ratio", "year", "date"};
static const char *const bound_names[] = {"eq", "approx", "lt",   "le",
                                          "gt", "ge",     "range"};

const char *ct_store_kind_name(ct_kind k) {
  return (unsigned)k < 8 ? kind_names[k] : "number";
}
const char *ct_store_bound_name(ct_bound b) {
  return (unsigned)b < 7 ? bound_names[b] : "eq";
}
bool ct_store_kind_parse(const char *s, ct_kind *k) {
  for (unsigned i = 0; i < 8; i++)
    if (s && strcmp(s, kind_names[i]) == 0) {
      *k = (ct_kind)i;
      return true;
    }
  return false;
}
bool ct_store_bound_parse(const char *s, ct_bound *b) {
  for (unsigned i = 0; i < 7; i++)
    if (s && strcmp(s, bound_names[i]) == 0) {
      *b = (ct_bound)i;
      return true;
    }
  return false;
}

ct_status ct_store_fail_sql(ct_error *err, sqlite3 *db, int rc,
                            const char *what) {
  ct_status st = ct_fail(err, CT_EDB, "store", "%s: %s", what,
                         db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (err)
    err->native = rc;
  return st;
}

bool ct_store_unwritable(const ct_error *err) {
  if (!err || err->status != CT_EDB)
    return false;
  switch (err->native & 0xff) {
  case SQLITE_FULL:
  case SQLITE_IOERR:
  case SQLITE_READONLY:
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
  case SQLITE_CANTOPEN:
    return true;
  default:
    return false;
  }
}

int ct_store_exec(sqlite3 *db, const char *sql) {
  const char *p = sql;
  while (p && *p) {
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v2(db, p, -1, &st, &tail);
    if (rc != SQLITE_OK)
      return rc;
    if (!st) /* whitespace or comment only */
      break;
    do
      rc = sqlite3_step(st);
    while (rc == SQLITE_ROW);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
      return rc;
    p = tail;
  }
  return SQLITE_OK;
}

int ct_store_begin(sqlite3 *db) {
  int rc = SQLITE_BUSY;
  for (int attempt = 0; attempt < CT_STORE_BUSY_RETRIES; attempt++) {
    rc = ct_store_exec(db, "BEGIN IMMEDIATE");
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
      return rc;
    /* The busy handler already waited busy_timeout; back off a little
     * more before the next attempt (bounded). */
    struct timespec ts = {0, 50000000L * (attempt + 1)};
    nanosleep(&ts, NULL);
  }
  return rc;
}

/* One integer from a single-row query (PRAGMA ...). */
static int query_int(sqlite3 *db, const char *sql, long long *out) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    *out = 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

ct_status ct_store_migrate(sqlite3 *db, int target, ct_error *err) {
  int n_steps = (int)(sizeof migrations / sizeof migrations[0]);
  if (target > n_steps)
    target = n_steps;
  int rc = ct_store_begin(db);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, db, rc, "begin migration");
  long long ver = 0, app = 0;
  rc = query_int(db, "PRAGMA user_version", &ver);
  if (rc == SQLITE_OK)
    rc = query_int(db, "PRAGMA application_id", &app);
  if (rc != SQLITE_OK)
    goto sql_fail;
  if (ver > CT_STORE_SCHEMA_VERSION) {
    ct_store_exec(db, "ROLLBACK");
    return ct_fail(err, CT_EDB, "store",
                   "store schema version %lld is newer than this claimtrack "
                   "(%d): upgrade claimtrack",
                   ver, CT_STORE_SCHEMA_VERSION);
  }
  for (long long v = ver; v < target; v++) {
    rc = ct_store_exec(db, migrations[v]);
    if (rc != SQLITE_OK)
      goto sql_fail;
  }
  if (ver < target) {
    /* PRAGMA takes no bound parameters: the values are integers we own. */
    char sql[96];
    snprintf(sql, sizeof sql,
             "PRAGMA user_version = %d; "
             "PRAGMA application_id = %d",
             target, CT_STORE_APP_ID);
    rc = ct_store_exec(db, sql);
    if (rc != SQLITE_OK)
      goto sql_fail;
  }
  rc = ct_store_exec(db, "COMMIT");
  if (rc != SQLITE_OK)
    goto sql_fail;
  return CT_OK;
sql_fail : {
  ct_status st = ct_store_fail_sql(err, db, rc, "migrate store");
  ct_store_exec(db, "ROLLBACK");
  return st;
}
}

/* Inspect an existing file through a read-only connection, so a file that
 * is not ours is never written. */
static ct_status inspect(const char *path, ct_error *err) {
  /* The 100-byte header first: a file that is plainly not ours is refused
   * before SQLite opens it (a read-only connection to a WAL database may
   * leave -wal/-shm files next to it). The header can lag behind the WAL,
   * but only towards "older", so this never refuses a good store. */
  FILE *f = fopen(path, "rb");
  if (!f)
    return ct_fail(err, CT_EDB, "store", "%s: cannot read", path);
  unsigned char h[100];
  size_t got = fread(h, 1, sizeof h, f);
  fclose(f);
  if (got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
    return ct_fail(err, CT_EDB, "store",
                   "%s: not a claimtrack store (not an SQLite database)", path);
  uint32_t h_ver = (uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 |
                   (uint32_t)h[62] << 8 | h[63];
  uint32_t h_app = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 |
                   (uint32_t)h[70] << 8 | h[71];
  if (h_app != 0 && h_app != CT_STORE_APP_ID)
    return ct_fail(err, CT_EDB, "store",
                   "%s: not a claimtrack store (application_id 0x%x, "
                   "expected 0x%x)",
                   path, (unsigned)h_app, CT_STORE_APP_ID);
  if (h_app == CT_STORE_APP_ID && h_ver > CT_STORE_SCHEMA_VERSION)
    return ct_fail(err, CT_EDB, "store",
                   "%s: store schema version %u is newer than this "
                   "claimtrack supports (%d): upgrade claimtrack",
                   path, (unsigned)h_ver, CT_STORE_SCHEMA_VERSION);
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
  ct_status st = CT_OK;
  if (rc != SQLITE_OK) {
    st = ct_fail(err, CT_EDB, "store", "%s: cannot open: %s", path,
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    goto done;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  long long app = 0, ver = 0, n_obj = 0;
  rc = query_int(db, "PRAGMA application_id", &app);
  if (rc == SQLITE_OK)
    rc = query_int(db, "PRAGMA user_version", &ver);
  if (rc == SQLITE_OK)
    rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &n_obj);
  if (rc != SQLITE_OK) {
    st = ct_fail(err, CT_EDB, "store", "%s: not a claimtrack store (%s)", path,
                 sqlite3_errmsg(db));
    if (err)
      err->native = rc;
    goto done;
  }
  if (app != CT_STORE_APP_ID && !(app == 0 && ver == 0 && n_obj == 0)) {
    st = ct_fail(err, CT_EDB, "store",
                 "%s: not a claimtrack store (application_id 0x%llx, "
                 "expected 0x%x)",
                 path, (unsigned long long)app, CT_STORE_APP_ID);
    goto done;
  }
  if (ver > CT_STORE_SCHEMA_VERSION) {
    st = ct_fail(err, CT_EDB, "store",
                 "%s: store schema version %lld is newer than this "
                 "claimtrack supports (%d): upgrade claimtrack",
                 path, ver, CT_STORE_SCHEMA_VERSION);
    goto done;
  }
  sqlite3_stmt *q = NULL;
  rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &q, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
      const char *res = (const char *)sqlite3_column_text(q, 0);
      if (!res || strcmp(res, "ok") != 0)
        st = ct_fail(err, CT_EDB, "store", "%s: store is corrupt: %s", path,
                     res ? res : "?");
      rc = SQLITE_OK;
    }
    sqlite3_finalize(q);
  }
  if (st == CT_OK && rc != SQLITE_OK && rc != SQLITE_DONE) {
    st = ct_fail(err, CT_EDB, "store", "%s: store is corrupt: %s", path,
                 sqlite3_errmsg(db));
    if (err)
      err->native = rc;
  }
done:
  sqlite3_close(db);
  return st;
}

static ct_status configure(sqlite3 *db, bool read_only, ct_error *err) {
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  int on = 1;
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
  int rc = ct_store_exec(db, "PRAGMA foreign_keys = ON;"
                             "PRAGMA trusted_schema = OFF;"
                             "PRAGMA cell_size_check = ON");
  if (rc == SQLITE_OK && !read_only) {
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(st);
      const char *mode =
          rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
      rc = (mode && strcmp(mode, "wal") == 0) ? SQLITE_OK
           : rc == SQLITE_ROW                 ? SQLITE_ERROR
                                              : rc;
      sqlite3_finalize(st);
    }
    if (rc == SQLITE_OK)
      rc = ct_store_exec(db, "PRAGMA synchronous = FULL");
  }
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, db, rc, "configure store");
  return CT_OK;
}

ct_status ct_store_open(const char *path, unsigned flags, ct_store **out,
                        ct_error *err) {
  if (!path || !out)
    return ct_fail(err, CT_EINVAL, "store", "no store path");
  *out = NULL;
  bool read_only = (flags & CT_STORE_READ_ONLY) != 0;
  struct stat sb;
  bool exists = stat(path, &sb) == 0;
  if (exists && S_ISDIR(sb.st_mode))
    return ct_fail(err, CT_EDB, "store", "%s: is a directory", path);
  if (exists && sb.st_size > 0) {
    ct_status st = inspect(path, err);
    if (st != CT_OK)
      return st;
  } else if (read_only) {
    return ct_fail(err, CT_EDB, "store", "%s: no such store", path);
  }
  ct_store *s = ct_calloc(1, sizeof *s);
  if (!s)
    return ct_fail(err, CT_ENOMEM, "store", "out of memory");
  s->read_only = read_only;
  int oflags = read_only ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
  ct_status st;
  if (rc != SQLITE_OK) {
    st = ct_fail(err, CT_EDB, "store", "%s: cannot open: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
    goto fail;
  }
  st = configure(s->db, read_only, err);
  if (st != CT_OK)
    goto fail;
  if (!read_only) {
    st = ct_store_migrate(s->db, CT_STORE_SCHEMA_VERSION, err);
    if (st != CT_OK)
      goto fail;
  } else {
    long long ver = 0;
    rc = query_int(s->db, "PRAGMA user_version", &ver);
    if (rc != SQLITE_OK || ver != CT_STORE_SCHEMA_VERSION) {
      st = ct_fail(err, CT_EDB, "store",
                   "%s: store schema version %lld needs a migration: open "
                   "it for writing once",
                   path, ver);
      goto fail;
    }
  }
  *out = s;
  return CT_OK;
fail:
  sqlite3_close(s->db);
  ct_free(s);
  return st;
}

ct_status ct_store_close(ct_store *store) {
  if (!store)
    return CT_OK;
  int rc = sqlite3_close(store->db);
  ct_free(store);
  return rc == SQLITE_OK ? CT_OK : CT_EDB;
}

/* ---- ingest ---- */

static int bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (!s)
    return sqlite3_bind_null(st, i);
  return sqlite3_bind_text(st, i, s, (int)strlen(s), SQLITE_TRANSIENT);
}

static int bind_opt_double(sqlite3_stmt *st, int i, bool has, double v) {
  if (!has || !isfinite(v))
    return sqlite3_bind_null(st, i);
  return sqlite3_bind_double(st, i, v);
}

static void now_iso(char out[32]) {
  time_t t = time(NULL);
  struct tm tmv;
  gmtime_r(&t, &tmv);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tmv);
}

static ct_status insert_claims(sqlite3 *db, sqlite3_int64 article_id,
                               const ct_ingest_input *in, ct_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      db,
      "INSERT INTO claims (article_id, seq, start, \"end\", text, kind, "
      "value, low, high, unit, bound, subject, metric, period, sentence, "
      "sentence_start, sentence_end, rule) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, db, rc, "prepare claim insert");
  for (size_t i = 0; i < in->n_claims; i++) {
    const ct_claim *c = in->claims[i];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)c->start);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)c->end);
    bind_text(st, 5, c->text ? c->text : "");
    bind_text(st, 6, ct_store_kind_name(c->kind));
    bind_opt_double(st, 7, c->has_value, c->value);
    bind_opt_double(st, 8, c->has_low, c->low);
    bind_opt_double(st, 9, c->has_high, c->high);
    bind_text(st, 10, c->unit);
    bind_text(st, 11, ct_store_bound_name(c->bound));
    bind_text(st, 12, c->subject);
    bind_text(st, 13, c->metric);
    bind_text(st, 14, c->period);
    bind_text(st, 15, c->sentence);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)c->sentence_start);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)c->sentence_end);
    bind_text(st, 18, c->rule);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
      ct_status s = ct_store_fail_sql(err, db, rc, "insert claim");
      sqlite3_finalize(st);
      return s;
    }
  }
  sqlite3_finalize(st);
  return CT_OK;
}

ct_status ct_store_ingest(ct_store *store, const ct_ingest_input *in,
                          ct_ingest_outcome *outcome, int *version,
                          ct_error *err) {
  if (!store || !in || !in->key || !in->article || !in->article->text ||
      (in->n_claims && !in->claims))
    return ct_fail(err, CT_EINVAL, "store", "ingest: missing key or article");
  if (store->read_only)
    return ct_fail(err, CT_EINVAL, "store", "ingest: store opened read-only");
  const ct_article *a = in->article;
  for (size_t i = 0; i < in->n_claims; i++) {
    const ct_claim *c = in->claims[i];
    if (!c || c->start > c->end || c->end > a->text_len)
      return ct_fail(err, CT_EINVAL, "store",
                     "ingest %s: claim %zu lies outside the article text",
                     in->key, i);
  }
  char sha[65];
  if (in->content)
    ct_sha256_hex(in->content, in->content_len, sha);
  else
    ct_sha256_hex(a->text, a->text_len, sha);
  char when[32];
  now_iso(when);

  sqlite3 *db = store->db;
  sqlite3_stmt *st = NULL;
  ct_status status = CT_OK;
  if (store->in_batch && store->batch_lost)
    return ct_fail(err, CT_EDB, "store", "ingest %s: the batch was rolled back",
                   in->key);
  /* In a batch the article is a savepoint of the batch's transaction. */
  const char *commit_sql = store->in_batch ? "RELEASE ct_article" : "COMMIT";
  int rc = store->in_batch ? ct_store_exec(db, "SAVEPOINT ct_article")
                           : ct_store_begin(db);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, db, rc, "begin ingest");
  /* Inside the write lock: compare with the latest version of the key, so
   * concurrent ingests of one page store it once. */
  rc = sqlite3_prepare_v2(db,
                          "SELECT version, content_sha256 FROM articles "
                          "WHERE key = ? ORDER BY version DESC LIMIT 1",
                          -1, &st, NULL);
  if (rc != SQLITE_OK)
    goto sql_fail;
  bind_text(st, 1, in->key);
  int latest = 0;
  bool same = false;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    latest = sqlite3_column_int(st, 0);
    const char *old = (const char *)sqlite3_column_text(st, 1);
    same = old && strcmp(old, sha) == 0;
  } else if (rc != SQLITE_DONE) {
    goto sql_fail;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (same) {
    rc = ct_store_exec(db, commit_sql);
    if (rc != SQLITE_OK)
      goto sql_fail;
    if (outcome)
      *outcome = CT_INGEST_UNCHANGED;
    if (version)
      *version = latest;
    return CT_OK;
  }
  rc = sqlite3_prepare_v2(
      db,
      "INSERT INTO articles (key, version, content_sha256, url, title, "
      "source, author, published, charset, layout, text, n_claims, "
      "ingested_at, path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      -1, &st, NULL);
  if (rc != SQLITE_OK)
    goto sql_fail;
  bind_text(st, 1, in->key);
  sqlite3_bind_int(st, 2, latest + 1);
  sqlite3_bind_text(st, 3, sha, 64, SQLITE_TRANSIENT);
  bind_text(st, 4, a->url);
  bind_text(st, 5, a->title);
  bind_text(st, 6, a->source);
  bind_text(st, 7, a->author);
  bind_text(st, 8, a->published);
  bind_text(st, 9, a->charset);
  bind_text(st, 10, a->layout);
  if (a->text_len > (size_t)INT32_MAX) {
    status = ct_fail(err, CT_ELIMIT, "store", "article text too large");
    goto fail;
  }
  sqlite3_bind_text(st, 11, a->text, (int)a->text_len, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 12, (sqlite3_int64)in->n_claims);
  sqlite3_bind_text(st, 13, when, (int)strlen(when), SQLITE_TRANSIENT);
  bind_text(st, 14, in->path);
  rc = sqlite3_step(st);
  if (rc != SQLITE_DONE)
    goto sql_fail;
  sqlite3_finalize(st);
  st = NULL;
  status = insert_claims(db, sqlite3_last_insert_rowid(db), in, err);
  if (status != CT_OK)
    goto fail;
  rc = ct_store_exec(db, commit_sql);
  if (rc != SQLITE_OK)
    goto sql_fail;
  if (outcome)
    *outcome = latest ? CT_INGEST_NEW_VERSION : CT_INGEST_ADDED;
  if (version)
    *version = latest + 1;
  return CT_OK;
sql_fail:
  status = ct_store_fail_sql(err, db, rc, "ingest");
fail:
  sqlite3_finalize(st);
  if (!store->in_batch) {
    ct_store_exec(db, "ROLLBACK");
  } else if (sqlite3_get_autocommit(db) ||
             ct_store_exec(db, "ROLLBACK TO ct_article") != SQLITE_OK ||
             ct_store_exec(db, "RELEASE ct_article") != SQLITE_OK) {
    /* SQLite rolled the whole batch back (or cannot undo the article):
     * the batch is gone; ct_store_commit_batch reports it. */
    if (!sqlite3_get_autocommit(db))
      ct_store_exec(db, "ROLLBACK");
    store->batch_lost = true;
  }
  return status;
}

ct_status ct_store_begin_batch(ct_store *store, ct_error *err) {
  if (!store || store->read_only || store->in_batch)
    return ct_fail(err, CT_EINVAL, "store",
                   "begin batch: store read-only or batch already open");
  int rc = ct_store_begin(store->db);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, store->db, rc, "begin batch");
  store->in_batch = true;
  store->batch_lost = false;
  return CT_OK;
}

ct_status ct_store_commit_batch(ct_store *store, ct_error *err) {
  if (!store || !store->in_batch)
    return CT_OK;
  store->in_batch = false;
  if (store->batch_lost) {
    store->batch_lost = false;
    return ct_fail(err, CT_EDB, "store",
                   "batch rolled back by SQLite: its articles are lost");
  }
  int rc = ct_store_exec(store->db, "COMMIT");
  if (rc != SQLITE_OK) {
    ct_status st = ct_store_fail_sql(err, store->db, rc, "commit batch");
    if (!sqlite3_get_autocommit(store->db))
      ct_store_exec(store->db, "ROLLBACK");
    return st;
  }
  return CT_OK;
}

ct_status ct_store_has_content(ct_store *store, const char *content, size_t len,
                               const char *name, const char *key, bool *found,
                               ct_error *err) {
  if (!store || (!content && len) || !name || !found)
    return ct_fail(err, CT_EINVAL, "store", "has_content: bad arguments");
  *found = false;
  char sha[65];
  ct_sha256_hex(content ? content : "", len, sha);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      store->db,
      "SELECT 1 FROM articles a WHERE a.content_sha256 = ?1 "
      "AND (a.key = ?2 OR a.path = ?2 OR a.key = ?3) "
      "AND a.version = (SELECT max(b.version) FROM articles b "
      "WHERE b.key = a.key) LIMIT 1",
      -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, sha, 64, SQLITE_TRANSIENT);
    bind_text(st, 2, name);
    bind_text(st, 3, key);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      *found = true;
      rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_OK)
    return ct_store_fail_sql(err, store->db, rc, "has_content");
  return CT_OK;
}
