/* SPDX-License-Identifier: MIT */
/* Store stage: SHA-256 vectors, schema creation and migrations, refusal of
 * foreign/newer/corrupt files (left untouched), idempotent ingest and
 * versioning. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_int.h"

static char tmpdir[256];

static void path_in_tmp(char *out, size_t cap, const char *name) {
  snprintf(out, cap, "%s/%s", tmpdir, name);
}

static int setup(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/ct_test_store_XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

/* SHA-256 hex of a whole file, "" when it cannot be read. */
static void file_hash(const char *path, char out[65]) {
  out[0] = '\0';
  FILE *f = fopen(path, "rb");
  if (!f)
    return;
  char *buf = malloc(1 << 20);
  size_t n = fread(buf, 1, 1 << 20, f);
  fclose(f);
  ct_sha256_hex(buf, n, out);
  free(buf);
}

static void test_sha256_vectors(void **state) {
  (void)state;
  char h[65];
  ct_sha256_hex("", 0, h);
  assert_string_equal(
      h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ct_sha256_hex("abc", 3, h);
  assert_string_equal(
      h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  ct_sha256_hex(two, strlen(two), h);
  assert_string_equal(
      h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  char *million = malloc(1000000);
  memset(million, 'a', 1000000);
  ct_sha256_hex(million, 1000000, h);
  free(million);
  assert_string_equal(
      h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  /* Lengths around the padding boundary (55, 56, 64 bytes) differ. */
  char a55[65], a56[65], a64[65];
  char buf[64];
  memset(buf, 'x', sizeof buf);
  ct_sha256_hex(buf, 55, a55);
  ct_sha256_hex(buf, 56, a56);
  ct_sha256_hex(buf, 64, a64);
  assert_string_not_equal(a55, a56);
  assert_string_not_equal(a56, a64);
}

static long long pragma(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  long long v = -1;
  if (sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

static void test_open_creates_schema(void **state) {
  (void)state;
  char path[300];
  path_in_tmp(path, sizeof path, "new.db");
  ct_store *s = NULL;
  ct_error err;
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  assert_int_equal(pragma(s->db, "PRAGMA user_version"),
                   CT_STORE_SCHEMA_VERSION);
  assert_int_equal(pragma(s->db, "PRAGMA application_id"), CT_STORE_APP_ID);
  assert_int_equal(pragma(s->db, "PRAGMA foreign_keys"), 1);
  assert_int_equal(pragma(s->db, "PRAGMA synchronous"), 2); /* FULL */
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  assert_int_equal(ct_store_close(s), CT_OK);
  /* Reopening is fine and does not migrate again. */
  assert_int_equal(ct_store_open(path, CT_STORE_READ_ONLY, &s, &err), CT_OK);
  assert_int_equal(ct_store_close(s), CT_OK);
}

static void test_migrates_forward(void **state) {
  (void)state;
  char path[300];
  path_in_tmp(path, sizeof path, "v1.db");
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  ct_error err;
  assert_int_equal(ct_store_migrate(db, 1, &err), CT_OK);
  assert_int_equal(pragma(db, "PRAGMA user_version"), 1);
  assert_int_equal(pragma(db, "SELECT count(*) FROM sqlite_schema WHERE "
                              "name = 'claims_by_article'"),
                   0);
  sqlite3_close(db);
  /* Read-only opening refuses a store that needs a migration. */
  ct_store *s = NULL;
  assert_int_equal(ct_store_open(path, CT_STORE_READ_ONLY, &s, &err), CT_EDB);
  assert_non_null(strstr(err.message, "migration"));
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  assert_int_equal(pragma(s->db, "PRAGMA user_version"),
                   CT_STORE_SCHEMA_VERSION);
  assert_int_equal(pragma(s->db, "SELECT count(*) FROM sqlite_schema WHERE "
                                 "name = 'claims_by_article'"),
                   1);
  ct_store_close(s);
}

static void expect_refused(const char *path, const char *why) {
  char before[65], after[65];
  file_hash(path, before);
  ct_store *s = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_EDB);
  assert_null(s);
  assert_non_null(strstr(err.message, why));
  file_hash(path, after);
  assert_string_equal(before, after);
  char wal[320];
  snprintf(wal, sizeof wal, "%s-wal", path);
  assert_int_not_equal(access(wal, F_OK), 0);
}

static void test_refuses_foreign_files(void **state) {
  (void)state;
  char path[300];
  /* Not a database at all. */
  path_in_tmp(path, sizeof path, "text.db");
  FILE *f = fopen(path, "wb");
  fputs("this is not a database, just some text that is long enough to "
        "have a header's worth of bytes in it................................"
        "...................................................................",
        f);
  fclose(f);
  expect_refused(path, "not a claimtrack store");
  /* Someone else's SQLite database. */
  path_in_tmp(path, sizeof path, "other.db");
  sqlite3 *db = NULL;
  sqlite3_open(path, &db);
  ct_store_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
                    "PRAGMA application_id = 12345");
  sqlite3_close(db);
  expect_refused(path, "application_id");
  /* A claimtrack store of a newer schema. */
  path_in_tmp(path, sizeof path, "newer.db");
  ct_store *s = NULL;
  ct_error err;
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  ct_store_exec(s->db, "PRAGMA user_version = 99");
  ct_store_close(s);
  expect_refused(path, "newer");
  /* A corrupt store: good header, garbage pages. */
  path_in_tmp(path, sizeof path, "corrupt.db");
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  ct_store_exec(s->db, "PRAGMA journal_mode = DELETE");
  for (int i = 0; i < 50; i++)
    ct_store_exec(s->db, "INSERT INTO refs (pack, line, subject, metric, "
                         "unit) VALUES ('p', random(), 'subject', "
                         "hex(randomblob(200)), 't')");
  ct_store_close(s);
  f = fopen(path, "r+b");
  assert_non_null(f);
  /* Every page after the first (the header stays valid) is overwritten. */
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  assert_true(size > 3 * 4096);
  fseek(f, 4096, SEEK_SET);
  for (long i = 4096; i < size; i++)
    fputc((int)((i * 7919) & 0xff), f);
  fclose(f);
  expect_refused(path, "corrupt");
}

/* ---- ingest ---- */

static ct_claim claim(const char *text, size_t start, double value,
                      const char *unit, const char *subject,
                      const char *metric) {
  ct_claim c;
  memset(&c, 0, sizeof c);
  c.text = text;
  c.start = start;
  c.end = start + strlen(text);
  c.kind = unit && strcmp(unit, "%") == 0 ? CT_KIND_PERCENT : CT_KIND_QUANTITY;
  c.has_value = true;
  c.value = value;
  c.unit = unit;
  c.bound = CT_BOUND_EQ;
  c.subject = subject;
  c.metric = metric;
  c.sentence = "sentence";
  c.rule = "test.rule";
  return c;
}

static ct_status ingest(ct_store *s, const char *key, const char *text,
                        const ct_claim *claims, size_t n,
                        ct_ingest_outcome *out, int *version) {
  ct_article a;
  memset(&a, 0, sizeof a);
  a.text = text;
  a.text_len = strlen(text);
  a.title = "标题";
  const ct_claim *ptrs[8];
  for (size_t i = 0; i < n; i++)
    ptrs[i] = &claims[i];
  ct_ingest_input in = {key, NULL, 0, &a, ptrs, n, NULL};
  ct_error err;
  return ct_store_ingest(s, &in, out, version, &err);
}

static void test_ingest_idempotent_and_versions(void **state) {
  (void)state;
  char path[300];
  path_in_tmp(path, sizeof path, "ingest.db");
  ct_store *s = NULL;
  ct_error err;
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  const char *text1 = "中国占比高达72%。";
  ct_claim c1[2] = {claim("72%", 18, 72, "%", "中国", "占比"),
                    claim("高达", 12, 1, NULL, NULL, NULL)};
  ct_ingest_outcome o;
  int v = 0;
  assert_int_equal(ingest(s, "a.html", text1, c1, 2, &o, &v), CT_OK);
  assert_int_equal(o, CT_INGEST_ADDED);
  assert_int_equal(v, 1);
  assert_int_equal(ingest(s, "a.html", text1, c1, 2, &o, &v), CT_OK);
  assert_int_equal(o, CT_INGEST_UNCHANGED);
  assert_int_equal(v, 1);
  assert_int_equal(pragma(s->db, "SELECT count(*) FROM articles"), 1);
  assert_int_equal(pragma(s->db, "SELECT count(*) FROM claims"), 2);
  /* A changed page is a new version; check sees only the latest. */
  const char *text2 = "中国占比约为90%。";
  ct_claim c2[1] = {claim("90%", 18, 90, "%", "中国", "占比")};
  assert_int_equal(ingest(s, "a.html", text2, c2, 1, &o, &v), CT_OK);
  assert_int_equal(o, CT_INGEST_NEW_VERSION);
  assert_int_equal(v, 2);
  /* A different key with the same content is its own article. */
  assert_int_equal(ingest(s, "b.html", text1, c1, 2, &o, &v), CT_OK);
  assert_int_equal(o, CT_INGEST_ADDED);
  /* Back to the first content: a third version (the latest differs). */
  assert_int_equal(ingest(s, "a.html", text1, c1, 2, &o, &v), CT_OK);
  assert_int_equal(o, CT_INGEST_NEW_VERSION);
  assert_int_equal(v, 3);
  assert_int_equal(ingest(s, "a.html", text2, c2, 1, &o, &v), CT_OK);
  assert_int_equal(v, 4);

  ct_check *c = NULL;
  const char *names[] = {"a.html"};
  assert_int_equal(ct_store_check(s, NULL, names, 1, &c, &err), CT_OK);
  assert_int_equal(ct_check_article_count(c), 1);
  assert_int_equal(ct_check_article(c, 0)->version, 4);
  assert_int_equal(ct_check_verdict_count(c), 1);
  const ct_verdict *vd = ct_check_verdict(c, 0);
  assert_string_equal(vd->claim.text, "90%");
  assert_true(vd->claim.has_value);
  assert_true(vd->claim.value == 90);
  assert_string_equal(vd->claim.subject, "中国");
  assert_int_equal(vd->claim.kind, CT_KIND_PERCENT);
  ct_check_free(c);
  /* All latest articles; an unknown name is an error. */
  assert_int_equal(ct_store_check(s, NULL, NULL, 0, &c, &err), CT_OK);
  assert_int_equal(ct_check_article_count(c), 2);
  ct_check_free(c);
  const char *bad[] = {"nope.html"};
  assert_int_equal(ct_store_check(s, NULL, bad, 1, &c, &err), CT_EINVAL);
  assert_null(c);
  /* Path suffixes name articles. */
  const char *abs[] = {"/some/where/b.html"};
  assert_int_equal(ct_store_check(s, NULL, abs, 1, &c, &err), CT_OK);
  assert_string_equal(ct_check_article(c, 0)->key, "b.html");
  ct_check_free(c);
  /* A page keyed by its URL can be named by the file it was read from. */
  ct_article art;
  memset(&art, 0, sizeof art);
  art.text = "text";
  art.text_len = 4;
  art.url = "https://example.org/news/1.html";
  ct_ingest_input in = {art.url, NULL, 0, &art, NULL, 0, "pages/saved.html"};
  assert_int_equal(ct_store_ingest(s, &in, &o, &v, &err), CT_OK);
  const char *by_path[] = {"/abs/pages/saved.html"};
  assert_int_equal(ct_store_check(s, NULL, by_path, 1, &c, &err), CT_OK);
  assert_int_equal(ct_check_article_count(c), 1);
  assert_string_equal(ct_check_article(c, 0)->key, art.url);
  assert_string_equal(ct_check_article(c, 0)->path, "pages/saved.html");
  ct_check_free(c);
  assert_int_equal(ct_store_close(s), CT_OK);
}

static void test_ingest_rejects_bad_offsets(void **state) {
  (void)state;
  char path[300];
  path_in_tmp(path, sizeof path, "bad.db");
  ct_store *s = NULL;
  ct_error err;
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  ct_claim c[1] = {claim("72%", 100, 72, "%", "中国", "占比")};
  ct_ingest_outcome o;
  assert_int_equal(ingest(s, "x", "short", c, 1, &o, NULL), CT_EINVAL);
  assert_int_equal(pragma(s->db, "SELECT count(*) FROM articles"), 0);
  /* Read-only stores refuse writes. */
  ct_store_close(s);
  assert_int_equal(ct_store_open(path, CT_STORE_READ_ONLY, &s, &err), CT_OK);
  assert_int_equal(ingest(s, "x", "short", NULL, 0, &o, NULL), CT_EINVAL);
  ct_store_close(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sha256_vectors),
      cmocka_unit_test(test_open_creates_schema),
      cmocka_unit_test(test_migrates_forward),
      cmocka_unit_test(test_refuses_foreign_files),
      cmocka_unit_test(test_ingest_idempotent_and_versions),
      cmocka_unit_test(test_ingest_rejects_bad_offsets),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
