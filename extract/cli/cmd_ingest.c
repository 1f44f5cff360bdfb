/* SPDX-License-Identifier: MIT */
/* claimtrack ingest --db PATH [--rules DIR] FILE...|DIR|- : scrape each
 * page, extract its claims and store both, one transaction per article. */
#include <stdlib.h>
#include <string.h>

#include "cli_store.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack ingest --db PATH [--rules DIR] FILE...|DIR|-\n\n"
        "Store articles and their numeric claims in the fact store (one\n"
        "SQLite file, created when missing). HTML pages (.html, .htm) are\n"
        "scraped; .txt files are taken as article text. Directories are\n"
        "walked; '-' reads one HTML page from standard input.\n\n"
        "An article is keyed by its canonical URL (else its path) and the\n"
        "SHA-256 of its bytes: an unchanged page adds nothing, a changed\n"
        "one becomes a new version. Each article is one transaction, so\n"
        "several ingests may run at once and an interrupted one can simply\n"
        "be run again.\n\n"
        "options:\n"
        "  --db PATH    the store (required)\n"
        "  --rules DIR  rule pack (default: $CLAIMTRACK_RULES or the\n"
        "               bundled pack)\n"
        "  -h, --help   this help\n\n"
        "A summary goes to stderr: added, unchanged, new versions, failed.\n"
        "exit codes: 0 every input stored; 2 usage error, unusable store or\n"
        "an input failed (the others are still stored)\n",
        f);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

typedef struct counts {
  size_t added, unchanged, versioned, failed, claims;
} counts;

static void ingest_one(ct_store *store, ct_extractor *ex, const char *path,
                       counts *n) {
  char *data = NULL;
  size_t len = 0;
  if (cli_read_file(path, 0, &data, &len) != CT_OK) {
    n->failed++;
    return;
  }
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_article *scraped = NULL;
  ct_article text_article;
  const ct_article *article = NULL;
  ct_doc *doc = NULL;
  const ct_claim **claims = NULL;
  ct_status st;
  if (ends_with(path, ".txt")) {
    memset(&text_article, 0, sizeof text_article);
    text_article.text = data;
    text_article.text_len = len;
    article = &text_article;
  } else {
    ct_scrape_options so = CT_SCRAPE_OPTIONS_INIT;
    st = ct_scrape(data, len, &so, &scraped, &err);
    if (st != CT_OK) {
      cli_err("ingest: %s: %s", path,
              err.message[0] ? err.message : ct_strerror(st));
      goto fail;
    }
    article = scraped;
  }
  ct_extract_options eo = CT_EXTRACT_OPTIONS_INIT;
  eo.published = article->published;
  eo.doc = path;
  st = ct_extract_text(ex, article->text, article->text_len, &eo, &doc, &err);
  if (st != CT_OK) {
    cli_err("ingest: %s: %s", path,
            err.message[0] ? err.message : ct_strerror(st));
    goto fail;
  }
  size_t nc = ct_doc_claim_count(doc);
  claims = calloc(nc ? nc : 1, sizeof *claims);
  if (!claims) {
    cli_err("ingest: %s: out of memory", path);
    goto fail;
  }
  for (size_t i = 0; i < nc; i++)
    claims[i] = ct_doc_claim(doc, i);
  const char *file = path;
  while (strncmp(file, "./", 2) == 0)
    file += 2;
  const char *key = article->url ? article->url : file;
  ct_ingest_input in = {
      key, data, len, article, claims, nc, strcmp(file, "-") ? file : NULL};
  ct_ingest_outcome outcome;
  int version = 0;
  st = ct_store_ingest(store, &in, &outcome, &version, &err);
  if (st != CT_OK) {
    cli_err("ingest: %s: %s", path,
            err.message[0] ? err.message : ct_strerror(st));
    goto fail;
  }
  if (outcome == CT_INGEST_ADDED) {
    n->added++;
    n->claims += nc;
  } else if (outcome == CT_INGEST_NEW_VERSION) {
    n->versioned++;
    n->claims += nc;
    fprintf(stderr, "claimtrack: ingest: %s: changed, stored as version %d\n",
            key, version);
  } else {
    n->unchanged++;
  }
  free(claims);
  ct_doc_free(doc);
  ct_article_free(scraped);
  free(data);
  return;
fail:
  n->failed++;
  free(claims);
  ct_doc_free(doc);
  ct_article_free(scraped);
  free(data);
}

int ct_cmd_ingest(int argc, char **argv) {
  cli_store_args args;
  int rc = cli_store_parse("ingest", argc, argv, CLI_OPT_RULES, usage, &args);
  if (rc >= 0) {
    cli_store_args_free(&args);
    return rc;
  }
  if (args.n_rest == 0) {
    cli_err("ingest: no input (give FILE..., DIR or - for stdin)");
    usage(stderr);
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  static const char *const exts[] = {".html", ".htm", ".txt", NULL};
  cli_paths paths;
  if (!cli_expand_inputs(args.rest, args.n_rest, exts, &paths)) {
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  ct_engine *engine = NULL;
  ct_extractor *ex = NULL;
  ct_store *store = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  rc = CT_EXIT_USAGE;
  store = cli_store_open("ingest", args.db, false);
  if (!store)
    goto done;
  ct_status st = ct_engine_new(cli_rules_dir(args.rules), &engine, &err);
  if (st == CT_OK)
    st = ct_extractor_new(engine, &ex, &err);
  if (st != CT_OK) {
    cli_err("ingest: %s", err.message[0] ? err.message : ct_strerror(st));
    goto done;
  }
  counts n = {0, 0, 0, 0, 0};
  for (size_t i = 0; i < paths.n; i++)
    ingest_one(store, ex, paths.v[i], &n);
  fprintf(stderr,
          "claimtrack: ingest: %zu added, %zu unchanged, %zu new version%s, "
          "%zu failed (%zu claims stored)\n",
          n.added, n.unchanged, n.versioned, n.versioned == 1 ? "" : "s",
          n.failed, n.claims);
  rc = n.failed ? CT_EXIT_USAGE : CT_EXIT_OK;
done:
  ct_extractor_free(ex);
  ct_engine_free(engine);
  if (ct_store_close(store) != CT_OK) {
    cli_err("ingest: closing the store failed");
    rc = CT_EXIT_USAGE;
  }
  cli_paths_free(&paths);
  cli_store_args_free(&args);
  return rc;
}
