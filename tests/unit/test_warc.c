/* SPDX-License-Identifier: MIT */
/* Unit tests for the batch input readers: WARC records from corpus/warc
 * (counts, skipped records, provenance, chunked + gzip decoding equal to the
 * original page bytes), .gz files, directory walk order, errors as items,
 * and the HTTP payload decoder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "batch/batch.h"

#define SRC CT_SOURCE_DIR

typedef struct items {
  ct_input_item **v;
  size_t n;
  ct_input_stats stats;
} items;

static void collect(const char *const *args, size_t n,
                    const ct_input_options *opts, items *out) {
  ct_input_iter *it = NULL;
  ct_error err;
  assert_int_equal(ct_input_iter_new(args, n, opts, &it, &err), CT_OK);
  out->v = NULL;
  out->n = 0;
  for (;;) {
    ct_input_item *item = NULL;
    assert_int_equal(ct_input_iter_next(it, &item), CT_OK);
    if (!item)
      break;
    assert_int_equal(item->index, out->n);
    out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
    out->v[out->n++] = item;
  }
  out->stats = ct_input_iter_stats(it);
  ct_input_iter_free(it);
}

static void items_free(items *x) {
  for (size_t i = 0; i < x->n; i++)
    ct_input_item_free(x->v[i]);
  free(x->v);
}

static void test_warc_gz_equals_pages(void **state) {
  (void)state;
  const char *warc[] = {SRC "/corpus/warc/pages.warc.gz"};
  /* the pages the WARC was built from, in order, from its manifest */
  FILE *mf = fopen(SRC "/corpus/warc/pages.warc.gz.manifest.json", "rb");
  assert_non_null(mf);
  char *man = calloc(1, 65536);
  assert_true(fread(man, 1, 65535, mf) > 0);
  fclose(mf);
  char *pages[32];
  size_t np = 0;
  for (char *s = man; (s = strstr(s, "\"page\": \"")) != NULL && np < 32;) {
    s += 9;
    char *e = strchr(s, '"');
    assert_non_null(e);
    pages[np] = calloc(1, (size_t)(e - s) + sizeof SRC + 1);
    snprintf(pages[np], (size_t)(e - s) + sizeof SRC + 1, "%s/%.*s", SRC,
             (int)(e - s), s);
    np++;
    s = e;
  }
  free(man);
  items w, f;
  collect(warc, 1, NULL, &w);
  collect((const char *const *)pages, np, NULL, &f);
  for (size_t i = 0; i < np; i++)
    free(pages[i]);
  assert_int_equal(f.n, 11);
  assert_int_equal(w.n, 11);
  /* 1 warcinfo + 11 x (request, response, metadata) + png, 301, revisit */
  assert_int_equal(w.stats.warc_records, 37);
  assert_int_equal(w.stats.skipped_records, 26);
  assert_int_equal(w.stats.warc_files, 1);
  assert_int_equal(w.stats.errors, 0);
  for (size_t i = 0; i < w.n; i++) {
    assert_int_equal(w.v[i]->status, CT_OK);
    assert_int_equal(w.v[i]->len, f.v[i]->len);
    assert_memory_equal(w.v[i]->bytes, f.v[i]->bytes, f.v[i]->len);
    assert_non_null(w.v[i]->uri);
    assert_non_null(w.v[i]->record_id);
    assert_true(strncmp(w.v[i]->record_id, "<urn:uuid:", 10) == 0);
    assert_non_null(w.v[i]->warc_date);
    assert_true(strncmp(w.v[i]->warc_date, "2026-01-", 8) == 0);
    /* name is path#uri */
    const char *hash = strchr(w.v[i]->name, '#');
    assert_non_null(hash);
    assert_string_equal(hash + 1, w.v[i]->uri);
    assert_null(f.v[i]->uri);
  }
  /* pages are in ls order: 0 cwced-0d931936 (gb2312), 1 cwced-0ef8393b
   * (te gzip+chunked), 2 cwced-5acac71b (ce gzip + te chunked, gbk),
   * 3 gne-163-1 (no charset), 5 gne-163-9 (real URL) */
  assert_string_equal(w.v[0]->charset_hint, "gb2312");
  assert_string_equal(w.v[1]->charset_hint, "utf-8");
  assert_string_equal(w.v[2]->charset_hint, "gbk");
  assert_null(w.v[3]->charset_hint);
  assert_string_equal(w.v[5]->uri, "http://dy.163.com/v2/article/detail/"
                                   "EFDAIN1E054550F0.html");
  assert_string_equal(w.v[0]->uri, "https://corpus.claimtrack.invalid/pages/"
                                   "cwced-0d931936.html");
  assert_string_equal(w.v[0]->warc_date, "2026-01-01T00:00:00Z");
  items_free(&w);
  items_free(&f);
}

static void test_plain_warc(void **state) {
  (void)state;
  const char *warc[] = {SRC "/corpus/warc/small.warc"};
  items w;
  collect(warc, 1, NULL, &w);
  assert_int_equal(w.n, 3);
  assert_int_equal(w.stats.warc_records, 13);
  assert_int_equal(w.stats.skipped_records, 10);
  assert_string_equal(w.v[0]->uri, "http://www.xinhuanet.com/world/2019-12/10/"
                                   "c_1125327450.htm");
  assert_string_equal(w.v[0]->record_id,
                      "<urn:uuid:2ce9c2af-98dd-532c-aee4-5e42d31760c9>");
  /* the second page went through gzip + chunked transfer coding */
  FILE *fp = fopen(SRC "/corpus/pages/gne-people-1.html", "rb");
  assert_non_null(fp);
  char *orig = malloc(64 * 1024);
  size_t n = fread(orig, 1, 64 * 1024, fp);
  fclose(fp);
  assert_int_equal(w.v[1]->len, n);
  assert_memory_equal(w.v[1]->bytes, orig, n);
  assert_int_equal(w.v[1]->bytes[n], '\0');
  free(orig);
  items_free(&w);
}

static char tmpdir[256];

static void write_file(const char *rel, const void *data, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(data, 1, len, fp), len);
  fclose(fp);
}

static void write_gz(const char *rel, const char *const *parts, size_t n) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
  FILE *fp = fopen(path, "wb");
  fclose(fp);
  for (size_t i = 0; i < n; i++) { /* one gzip member per part */
    gzFile g = gzopen(path, "ab");
    assert_non_null(g);
    assert_true(gzwrite(g, parts[i], (unsigned)strlen(parts[i])) > 0);
    gzclose(g);
  }
}

static int setup_tmp(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/ct_test_warc_XXXXXX");
  if (!mkdtemp(tmpdir))
    return -1;
  return 0;
}

static int teardown_tmp(void **state) {
  (void)state;
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static void test_gz_and_walk_order(void **state) {
  (void)state;
  char p[512];
  snprintf(p, sizeof p, "%s/d", tmpdir);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/d/a", tmpdir);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/d/c", tmpdir);
  mkdir(p, 0755);
  write_file("d/b.html", "B", 1);
  write_file("d/a/x.html", "AX", 2);
  write_file("d/a.html", "A", 1);
  write_file("d/A.html", "upper", 5);
  write_file("d/c/.hidden.html", "H", 1);
  write_file("d/c/z.txt", "Z", 1);
  write_file("d/c/empty.html", "", 0);
  const char *parts[] = {"<p>72%", " of 4400万吨</p>"};
  write_gz("d/c/y.html.gz", parts, 2);
  const char *const exts[] = {".html", ".gz", NULL};
  ct_input_options o = CT_INPUT_OPTIONS_INIT;
  o.exts = exts;
  snprintf(p, sizeof p, "%s/d", tmpdir);
  const char *args[] = {p};
  items x;
  collect(args, 1, &o, &x);
  const char *want[] = {"/d/A.html", "/d/a/x.html",     "/d/a.html",
                        "/d/b.html", "/d/c/empty.html", "/d/c/y.html.gz"};
  assert_int_equal(x.n, 6);
  for (size_t i = 0; i < x.n; i++) {
    assert_int_equal(x.v[i]->status, CT_OK);
    assert_string_equal(x.v[i]->name + strlen(tmpdir), want[i]);
  }
  assert_int_equal(x.v[4]->len, 0);
  const char *joined = "<p>72% of 4400万吨</p>";
  assert_int_equal(x.v[5]->len, strlen(joined));
  assert_string_equal(x.v[5]->bytes, joined);
  assert_int_equal(x.stats.bytes_total, x.stats.bytes_done);
  items_free(&x);
}

static void test_errors_are_items(void **state) {
  (void)state;
  char missing[512], big[512], good[512], trunc[512];
  snprintf(missing, sizeof missing, "%s/nope.html", tmpdir);
  snprintf(big, sizeof big, "%s/big.html", tmpdir);
  snprintf(good, sizeof good, "%s/good.html", tmpdir);
  snprintf(trunc, sizeof trunc, "%s/trunc.warc", tmpdir);
  char buf[300];
  memset(buf, 'x', sizeof buf);
  write_file("big.html", buf, sizeof buf);
  write_file("good.html", "<p>ok</p>", 9);
  /* a WARC cut in the middle of its second page's response record */
  FILE *fp = fopen(SRC "/corpus/warc/small.warc", "rb");
  assert_non_null(fp);
  char *w = malloc(40000);
  size_t n = fread(w, 1, 40000, fp);
  fclose(fp);
  assert_int_equal(n, 40000);
  write_file("trunc.warc", w, 30000);
  free(w);
  const char *args[] = {missing, big, good, trunc};
  ct_input_options o = CT_INPUT_OPTIONS_INIT;
  o.max_input_bytes = 100000;
  items x;
  collect(args, 4, &o, &x);
  assert_int_equal(x.n, 4 + 1);
  assert_int_equal(x.v[0]->status, CT_EIO);
  assert_non_null(strstr(x.v[0]->error, "No such file"));
  assert_int_equal(x.v[1]->status, CT_OK);
  assert_int_equal(x.v[2]->status, CT_OK);
  assert_string_equal(x.v[2]->bytes, "<p>ok</p>");
  assert_int_equal(x.v[3]->status, CT_OK); /* first WARC page complete */
  assert_int_equal(x.v[4]->status, CT_EPARSE);
  assert_non_null(strstr(x.v[4]->error, "truncated"));
  assert_int_equal(x.stats.errors, 2);
  items_free(&x);
  /* over the cap: an error item, not a crash */
  o.max_input_bytes = 100;
  const char *args2[] = {big, good, SRC "/corpus/warc/small.warc"};
  collect(args2, 3, &o, &x);
  assert_int_equal(x.n, 2 + 3);
  assert_int_equal(x.v[0]->status, CT_ELIMIT);
  assert_int_equal(x.v[1]->status, CT_OK);
  for (size_t i = 2; i < 5; i++)
    assert_int_equal(x.v[i]->status, CT_ELIMIT);
  items_free(&x);
}

static void test_stdin(void **state) {
  (void)state;
  int saved = dup(0);
  int pfd[2];
  assert_int_equal(pipe(pfd), 0);
  const char *doc = "<html>stdin 16.4亿</html>";
  assert_int_equal(write(pfd[1], doc, strlen(doc)), (ssize_t)strlen(doc));
  close(pfd[1]);
  dup2(pfd[0], 0);
  close(pfd[0]);
  const char *args[] = {"-"};
  items x;
  collect(args, 1, NULL, &x);
  assert_int_equal(x.n, 1);
  assert_string_equal(x.v[0]->name, "-");
  assert_string_equal(x.v[0]->bytes, doc);
  items_free(&x);
  /* a WARC on stdin */
  int fd = open(SRC "/corpus/warc/small.warc", O_RDONLY);
  assert_true(fd >= 0);
  dup2(fd, 0);
  close(fd);
  collect(args, 1, NULL, &x);
  assert_int_equal(x.n, 3);
  assert_non_null(strstr(x.v[0]->name, "-#http://www.xinhuanet.com/"));
  items_free(&x);
  dup2(saved, 0);
  close(saved);
}

static void test_http_decoder(void **state) {
  (void)state;
  ct_batch_http h;
  const char *m1 = "HTTP/1.1 200 OK\r\nContent-Type: text/html; "
                   "charset=\"GBK\"\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "4;ext=1\r\n<p>7\r\n3\r\n2%<\r\n3\r\n/p>\r\n0\r\n\r\n";
  assert_int_equal(ct_batch_http_parse(m1, strlen(m1), 1000, &h), CT_OK);
  assert_int_equal(h.status, 200);
  assert_true(h.is_html);
  assert_string_equal(h.charset, "GBK");
  assert_int_equal(h.body.len, 10);
  assert_memory_equal(h.body.data, "<p>72%</p>", 10);
  ct_batch_http_release(&h);
  const char *m2 = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx";
  assert_int_equal(ct_batch_http_parse(m2, strlen(m2), 1000, &h), CT_OK);
  assert_int_equal(h.status, 404);
  ct_batch_http_release(&h);
  const char *m3 = "HTTP/1.0 200 OK\nServer: x\n\n  <html>sniffed";
  assert_int_equal(ct_batch_http_parse(m3, strlen(m3), 1000, &h), CT_OK);
  assert_true(h.is_html);
  assert_int_equal(h.body.len, strlen("  <html>sniffed"));
  ct_batch_http_release(&h);
  const char *m4 = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                   "Content-Encoding: br\r\n\r\nxxxx";
  assert_int_equal(ct_batch_http_parse(m4, strlen(m4), 1000, &h), CT_EPARSE);
  assert_non_null(strstr(h.error, "br"));
  ct_batch_http_release(&h);
  const char *m5 = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n10\r\nshort";
  assert_int_equal(ct_batch_http_parse(m5, strlen(m5), 1000, &h), CT_EPARSE);
  ct_batch_http_release(&h);
  const char *m6 = "garbage";
  assert_int_equal(ct_batch_http_parse(m6, strlen(m6), 1000, &h), CT_EPARSE);
  ct_batch_http_release(&h);
  /* a gzip bomb stops at the cap; raw deflate is accepted for "deflate" */
  size_t zn = 1 << 20;
  unsigned char *zeros = calloc(1, zn);
  uLongf cl = compressBound((uLong)zn);
  unsigned char *z = malloc(cl);
  assert_int_equal(compress(z, &cl, zeros, (uLong)zn), Z_OK);
  ct_buf out = CT_BUF_INIT;
  char why[128];
  assert_int_equal(ct_batch_inflate(z, cl, 1000, &out, why, sizeof why),
                   CT_ELIMIT);
  assert_int_equal(ct_batch_inflate(z, cl, zn, &out, why, sizeof why), CT_OK);
  assert_int_equal(out.len, zn);
  assert_int_equal(ct_batch_inflate(z + 2, cl - 6, zn, &out, why, sizeof why),
                   CT_OK); /* raw deflate inside the zlib wrapper */
  assert_int_equal(out.len, zn);
  assert_int_equal(ct_batch_inflate((const unsigned char *)"nonsense!", 9, zn,
                                    &out, why, sizeof why),
                   CT_EPARSE);
  ct_buf_release(&out);
  free(z);
  free(zeros);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_warc_gz_equals_pages),
      cmocka_unit_test(test_plain_warc),
      cmocka_unit_test(test_gz_and_walk_order),
      cmocka_unit_test(test_errors_are_items),
      cmocka_unit_test(test_stdin),
      cmocka_unit_test(test_http_decoder),
  };
  return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
