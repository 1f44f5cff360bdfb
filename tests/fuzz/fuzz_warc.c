/* SPDX-License-Identifier: MIT */
/* Fuzz target: the input reader (WARC records, gzip, HTTP payload
 * decoding). First byte even: the rest is a file read through
 * ct_input_iter (WARC or not, compressed or not); odd: the rest is one HTTP
 * response for ct_batch_http_parse. Oracles: known statuses, error items
 * carry a message and no bytes, document items are NUL-terminated at len
 * and within the cap, indexes count up, the same items on a second run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"
#include "fuzz_support.h"

#define CAP (1u << 20)

static char g_dir[64], g_path[96];

static void cleanup(void) {
  unlink(g_path);
  rmdir(g_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  snprintf(g_dir, sizeof g_dir, "/tmp/ct-fuzz-warc-XXXXXX");
  if (!mkdtemp(g_dir)) {
    perror("mkdtemp");
    abort();
  }
  snprintf(g_path, sizeof g_path, "%s/input.warc", g_dir);
  atexit(cleanup);
  return 0;
}

static void put_str(fz_bytes *b, const char *s) {
  fz_bytes_put(b, s ? s : "(null)", s ? strlen(s) + 1 : 6);
}

static void iterate(fz_bytes *out) {
  const char *args[1] = {g_path};
  ct_input_options o = CT_INPUT_OPTIONS_INIT;
  o.max_input_bytes = CAP;
  ct_input_iter *it = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_input_iter_new(args, 1, &o, &it, &err);
  fz_check_status(st, &err);
  if (st != CT_OK)
    return;
  for (size_t expect = 0;; expect++) {
    ct_input_item *item = NULL;
    st = ct_input_iter_next(it, &item);
    FZ_CHECK(st == CT_OK || st == CT_ENOMEM, "next: CT_OK or CT_ENOMEM");
    if (st != CT_OK || !item)
      break;
    FZ_CHECK(item->index == expect, "indexes count up from 0");
    FZ_CHECK(item->name != NULL, "item name");
    fz_check_status(item->status, NULL);
    if (item->status == CT_OK) {
      FZ_CHECK(item->bytes != NULL && item->bytes[item->len] == '\0',
               "document bytes NUL-terminated at len");
      FZ_CHECK(item->len <= CAP, "document within the cap");
      FZ_CHECK(item->error == NULL, "no error on a document");
    } else {
      FZ_CHECK(item->error != NULL && item->error[0], "error item message");
    }
    char num[64];
    snprintf(num, sizeof num, "%zu %d %zu|", item->index, (int)item->status,
             item->len);
    put_str(out, num);
    put_str(out, item->name);
    put_str(out, item->uri);
    put_str(out, item->warc_date);
    put_str(out, item->record_id);
    put_str(out, item->charset_hint);
    put_str(out, item->error);
    if (item->bytes)
      fz_bytes_put(out, item->bytes, item->len);
    ct_input_item_free(item);
  }
  ct_input_stats s = ct_input_iter_stats(it);
  FZ_CHECK(s.errors <= s.items, "errors <= items");
  FZ_CHECK(s.skipped_records <= s.warc_records, "skipped <= records");
  ct_input_iter_free(it);
}

static void http(const char *msg, size_t len, fz_bytes *out) {
  ct_batch_http h;
  memset(&h, 0, sizeof h);
  ct_status st = ct_batch_http_parse(msg, len, CAP, &h);
  FZ_CHECK(st == CT_OK || st == CT_EPARSE || st == CT_ELIMIT || st == CT_ENOMEM,
           "http: OK, EPARSE, ELIMIT or ENOMEM");
  FZ_CHECK(memchr(h.charset, '\0', sizeof h.charset) != NULL,
           "charset terminated");
  FZ_CHECK(memchr(h.error, '\0', sizeof h.error) != NULL, "error terminated");
  if (st != CT_OK)
    FZ_CHECK(h.error[0] != '\0', "http error message");
  FZ_CHECK(h.body.len <= CAP, "body within the cap");
  char num[64];
  snprintf(num, sizeof num, "%d %d %d %zu|", (int)st, h.status, h.is_html,
           h.body.len);
  put_str(out, num);
  put_str(out, h.charset);
  if (h.body.len)
    fz_bytes_put(out, h.body.data, h.body.len);
  ct_batch_http_release(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 512 * 1024)
    return 0;
  fz_bytes r1 = {0}, r2 = {0};
  if (data[0] & 1) {
    http((const char *)data + 1, size - 1, &r1);
    http((const char *)data + 1, size - 1, &r2);
  } else {
    FILE *f = fopen(g_path, "wb");
    if (!f || (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) ||
        fclose(f) != 0) {
      perror(g_path);
      abort();
    }
    iterate(&r1);
    iterate(&r2);
  }
  FZ_CHECK(r1.len == r2.len && (r1.len == 0 || memcmp(r1.p, r2.p, r1.len) == 0),
           "same items on a second run");
  fz_bytes_free(&r1);
  fz_bytes_free(&r2);
  return 0;
}
