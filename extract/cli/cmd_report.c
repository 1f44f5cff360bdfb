/* SPDX-License-Identifier: MIT */
/* claimtrack report --db PATH --html OUT.html ARTICLE : the
 * self-contained HTML audit page of one article. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_store.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack report --db PATH [--rules DIR] --html OUT.html "
        "ARTICLE\n\n"
        "Write one self-contained HTML page (no external assets) for the\n"
        "latest version of ARTICLE (key, URL or path): title, metadata, the\n"
        "article text with every claim highlighted in its verdict's colour\n"
        "(hover for the reference, its source and the gap) and a table of\n"
        "all claims.\n\n"
        "options:\n"
        "  --db PATH      the store (required; opened read-only)\n"
        "  --html OUT     the page to write (replaced atomically)\n"
        "  --rules DIR    rule pack for subject/metric aliases\n"
        "  -h, --help     this help\n\n"
        "exit codes: 0 written; 2 usage error, unknown article, unusable\n"
        "store or the page could not be written\n",
        f);
}

static bool write_file(const char *path, const char *data, size_t len) {
  size_t n = strlen(path) + 16;
  char *tmp = malloc(n);
  if (!tmp)
    return false;
  snprintf(tmp, n, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(data, 1, len, f) == len;
  if (f && fclose(f) != 0)
    ok = false;
  if (ok && rename(tmp, path) != 0)
    ok = false;
  if (!ok) {
    cli_err("report: %s: %s", path, strerror(errno));
    remove(tmp);
  }
  free(tmp);
  return ok;
}

int ct_cmd_report(int argc, char **argv) {
  cli_store_args args;
  int rc = cli_store_parse("report", argc, argv, CLI_OPT_RULES | CLI_OPT_HTML,
                           usage, &args);
  if (rc >= 0) {
    cli_store_args_free(&args);
    return rc;
  }
  if (!args.html || args.n_rest != 1) {
    cli_err("report: give --html OUT.html and exactly one ARTICLE");
    usage(stderr);
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  ct_store *store = cli_store_open("report", args.db, true);
  if (!store) {
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  ct_check_options opts = CT_CHECK_OPTIONS_INIT;
  opts.rules_dir = cli_rules_dir(args.rules);
  ct_check *c = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st =
      ct_store_check(store, &opts, (const char *const *)args.rest, 1, &c, &err);
  rc = CT_EXIT_USAGE;
  if (st != CT_OK) {
    cli_err("report: %s", err.message[0] ? err.message : ct_strerror(st));
  } else if (ct_check_article_count(c) != 1) {
    cli_err("report: '%s' names %zu articles; give one", args.rest[0],
            ct_check_article_count(c));
  } else {
    size_t len = 0;
    char *page = ct_check_report_dup(c, CT_REPORT_HTML, &len);
    if (!page) {
      cli_err("report: out of memory");
    } else if (write_file(args.html, page, len)) {
      fprintf(stderr,
              "claimtrack: report: wrote %s (%zu claims: %zu supported, %zu "
              "contradicted, %zu unverifiable)\n",
              args.html, ct_check_verdict_count(c),
              ct_check_count_kind(c, CT_VERDICT_SUPPORTED),
              ct_check_count_kind(c, CT_VERDICT_CONTRADICTED),
              ct_check_count_kind(c, CT_VERDICT_UNVERIFIABLE));
      rc = CT_EXIT_OK;
    }
    ct_free(page);
  }
  ct_check_free(c);
  ct_store_close(store);
  cli_store_args_free(&args);
  return rc;
}
