/* SPDX-License-Identifier: MIT */
/* Store batches: several articles in one transaction with a savepoint per
 * article (a failing article rolls back alone), nothing durable before the
 * commit, and the resume check ct_store_has_content. */
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
static char dbpath[300];

static int setup(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/ct_test_store_batch_XXXXXX");
  if (!mkdtemp(tmpdir))
    return -1;
  snprintf(dbpath, sizeof dbpath, "%s/s.db", tmpdir);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static long long count(ct_store *s, const char *sql) {
  sqlite3_stmt *st = NULL;
  long long n = -1;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* Ingest an article with one claim over its first `span` bytes; a span
 * past the text makes ct_store_ingest fail (CT_EINVAL before SQL), a span
 * of SIZE_MAX is a claim that passes the check but violates nothing. */
static ct_status put(ct_store *s, const char *key, const char *text,
                     ct_ingest_outcome *oc) {
  ct_article a;
  memset(&a, 0, sizeof a);
  a.text = text;
  a.text_len = strlen(text);
  ct_claim c;
  memset(&c, 0, sizeof c);
  c.start = 0;
  c.end = a.text_len < 4 ? a.text_len : 4;
  c.text = "x";
  const ct_claim *cl[1] = {&c};
  ct_ingest_input in = {key, NULL, 0, &a, cl, 1, NULL};
  ct_error err;
  memset(&err, 0, sizeof err);
  return ct_store_ingest(s, &in, oc, NULL, &err);
}

static void test_batch_commit_and_isolation(void **state) {
  (void)state;
  ct_store *w = NULL, *r = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(ct_store_open(dbpath, 0, &w, &err), CT_OK);
  assert_int_equal(ct_store_open(dbpath, CT_STORE_READ_ONLY, &r, &err), CT_OK);
  assert_int_equal(ct_store_begin_batch(w, &err), CT_OK);
  /* a second begin is refused */
  assert_int_equal(ct_store_begin_batch(w, &err), CT_EINVAL);
  ct_ingest_outcome oc;
  assert_int_equal(put(w, "a", "article a text", &oc), CT_OK);
  assert_int_equal(oc, CT_INGEST_ADDED);
  assert_int_equal(put(w, "b", "article b text", &oc), CT_OK);
  /* same content again inside the batch: unchanged */
  assert_int_equal(put(w, "a", "article a text", &oc), CT_OK);
  assert_int_equal(oc, CT_INGEST_UNCHANGED);
  /* visible to the writer, not to another connection before the commit */
  assert_int_equal(count(w, "SELECT count(*) FROM articles"), 2);
  assert_int_equal(count(r, "SELECT count(*) FROM articles"), 0);
  bool found = true;
  assert_int_equal(
      ct_store_has_content(r, "article a text", 14, "a", NULL, &found, &err),
      CT_OK);
  assert_false(found);
  assert_int_equal(ct_store_commit_batch(w, &err), CT_OK);
  assert_int_equal(count(r, "SELECT count(*) FROM articles"), 2);
  assert_int_equal(count(r, "SELECT count(*) FROM claims"), 2);
  assert_int_equal(
      ct_store_has_content(r, "article a text", 14, "a", NULL, &found, &err),
      CT_OK);
  assert_true(found);
  /* key given separately (a WARC record URI), name not matching */
  assert_int_equal(
      ct_store_has_content(r, "article b text", 14, "nope", "b", &found, &err),
      CT_OK);
  assert_true(found);
  /* same bytes under another name: not this article */
  assert_int_equal(
      ct_store_has_content(r, "article a text", 14, "c", NULL, &found, &err),
      CT_OK);
  assert_false(found);
  /* commit without a batch is a no-op */
  assert_int_equal(ct_store_commit_batch(w, &err), CT_OK);
  assert_int_equal(ct_store_close(r), CT_OK);
  assert_int_equal(ct_store_close(w), CT_OK);
}

static void test_failing_article_rolls_back_alone(void **state) {
  (void)state;
  unlink(dbpath);
  ct_store *w = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(ct_store_open(dbpath, 0, &w, &err), CT_OK);
  assert_int_equal(ct_store_begin_batch(w, &err), CT_OK);
  ct_ingest_outcome oc;
  assert_int_equal(put(w, "a", "article a text", &oc), CT_OK);
  /* make the next article fail inside SQL, after its article row was
   * written: a trigger refusing claims of key "bad" */
  assert_int_equal(
      ct_store_exec(w->db,
                    "CREATE TEMP TRIGGER no_bad BEFORE INSERT ON claims "
                    "WHEN (SELECT key FROM articles WHERE id = NEW.article_id)"
                    " = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END"),
      SQLITE_OK);
  assert_int_not_equal(put(w, "bad", "a bad article", &oc), CT_OK);
  assert_int_equal(put(w, "c", "article c text", &oc), CT_OK);
  assert_int_equal(ct_store_commit_batch(w, &err), CT_OK);
  assert_int_equal(count(w, "SELECT count(*) FROM articles"), 2);
  assert_int_equal(count(w, "SELECT count(*) FROM articles WHERE key='bad'"),
                   0);
  assert_int_equal(count(w, "SELECT count(*) FROM claims"), 2);
  assert_int_equal(ct_store_close(w), CT_OK);
}

static void test_uncommitted_batch_is_lost_on_close(void **state) {
  (void)state;
  unlink(dbpath);
  ct_store *w = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(ct_store_open(dbpath, 0, &w, &err), CT_OK);
  ct_ingest_outcome oc;
  assert_int_equal(put(w, "kept", "committed alone", &oc), CT_OK);
  assert_int_equal(ct_store_begin_batch(w, &err), CT_OK);
  assert_int_equal(put(w, "lost", "never committed", &oc), CT_OK);
  assert_int_equal(ct_store_close(w), CT_OK); /* like a kill: no commit */
  assert_int_equal(ct_store_open(dbpath, 0, &w, &err), CT_OK);
  assert_int_equal(count(w, "SELECT count(*) FROM articles"), 1);
  assert_int_equal(count(w, "SELECT count(*) FROM articles WHERE key='kept'"),
                   1);
  assert_int_equal(ct_store_close(w), CT_OK);
}

static void test_has_content_latest_version_only(void **state) {
  (void)state;
  unlink(dbpath);
  ct_store *w = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(ct_store_open(dbpath, 0, &w, &err), CT_OK);
  ct_ingest_outcome oc;
  assert_int_equal(put(w, "k", "version one", &oc), CT_OK);
  assert_int_equal(put(w, "k", "version two", &oc), CT_OK);
  assert_int_equal(oc, CT_INGEST_NEW_VERSION);
  bool found = true;
  assert_int_equal(
      ct_store_has_content(w, "version one", 11, "k", NULL, &found, &err),
      CT_OK);
  assert_false(found); /* a page changed back must be stored again */
  assert_int_equal(
      ct_store_has_content(w, "version two", 11, "k", NULL, &found, &err),
      CT_OK);
  assert_true(found);
  assert_int_equal(ct_store_has_content(w, NULL, 0, NULL, NULL, &found, &err),
                   CT_EINVAL);
  assert_int_equal(ct_store_close(w), CT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_batch_commit_and_isolation),
      cmocka_unit_test(test_failing_article_rolls_back_alone),
      cmocka_unit_test(test_uncommitted_batch_is_lost_on_close),
      cmocka_unit_test(test_has_content_latest_version_only),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
