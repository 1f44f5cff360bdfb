/* SPDX-License-Identifier: MIT */
/* claimtrack scrape [--format json|jsonl|text] [--jobs N] FILE...|DIR|- :
 * article text and metadata of HTML pages (files, WARC records) through the
 * public ct_scrape API, on the shared batch loop (cli_batch.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_batch.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack scrape [--format json|jsonl|text] [--jobs N] "
        "[--quiet]\n"
        "                         FILE...|DIR|-\n\n"
        "Scrape news pages: headline, source, author, publication time and\n"
        "the article's paragraphs, without navigation, lists, ads and other\n"
        "boilerplate. '-' reads a page from standard input.\n\n"
        "options:\n"
        "  --format json   one JSON object per page on one line (default);\n"
        "                  several pages give JSON Lines\n"
        "  --format jsonl  JSON Lines (one object per line)\n"
        "  --format text   a short human summary per page: title, source,\n"
        "                  published, paragraph count, first "
        "paragraph\n" CLI_BATCH_HELP
        "  -h, --help      this help\n\n" CLI_BATCH_INPUT_HELP "\n"
        "output keys: url, title, source, author, published, paragraphs,\n"
        "text (paragraphs joined by newlines); unknown values are null.\n"
        "Pages are decoded before parsing (BOM, UTF-8, declared charset,\n"
        "else GB18030); corrupt bytes become U+FFFD with a warning.\n"
        "Pages over 32 MiB are refused.\n\n"
        "exit codes: 0 every page scraped; 2 usage error or a page could not\n"
        "be read or scraped (the other pages are still processed)\n",
        f);
}

static void put_field(const char *label, const char *v) {
  cli_puts(label);
  cli_puts(v ? v : "-");
  cli_puts("\n");
}

static void print_text(const char *path, const ct_article *a) {
  cli_puts("== ");
  cli_puts(path);
  cli_puts("\n");
  put_field("title:      ", a->title);
  put_field("source:     ", a->source);
  put_field("published:  ", a->published);
  char line[64];
  snprintf(line, sizeof line, "%zu (%zu bytes of text)", a->n_paragraphs,
           a->text_len);
  put_field("paragraphs: ", line);
  if (a->n_paragraphs) {
    const char *p = a->paragraphs[0];
    size_t n = strlen(p), cut = n;
    if (n > 180) { /* cut at a character boundary */
      cut = 180;
      while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
        cut--;
    }
    cli_puts("first:      ");
    cli_write(p, cut);
    cli_puts(cut < n ? "…\n" : "\n");
  }
}

typedef struct scrape_ctx {
  bool text;
  bool printed; /* a page was written (text format: blank line between) */
} scrape_ctx;

static bool scrape_work(void *c, void *state, const ct_input_item *item,
                        void **extra, size_t *claims) {
  scrape_ctx *x = c;
  (void)state;
  (void)extra;
  *claims = 0;
  const char *path = item->name;
  ct_article *a = NULL;
  if (!cli_scrape(path, item->bytes, item->len, item->charset_hint, item->uri,
                  &a))
    return false;
  bool ok = true;
  if (x->text) {
    print_text(path, a);
  } else {
    size_t jl = 0;
    char *json = ct_article_json_dup(a, &jl);
    if (!json) {
      cli_err("%s: out of memory", path);
      ok = false;
    } else {
      cli_write(json, jl);
      cli_puts("\n");
      ct_free(json);
    }
  }
  ct_article_free(a);
  return ok;
}

static bool scrape_consume(void *c, const ct_input_item *item, bool ok,
                           void *extra, bool has_output, size_t *claims) {
  scrape_ctx *x = c;
  (void)item;
  (void)extra;
  (void)claims;
  if (has_output) {
    if (x->text && x->printed)
      cli_puts("\n");
    x->printed = true;
  }
  return ok;
}

int ct_cmd_scrape(int argc, char **argv) {
  const char *format = "json";
  cli_batch_opts bopts = CLI_BATCH_OPTS_INIT;
  int first = argc;
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      usage(stdout);
      return cli_finish_stdout() ? CT_EXIT_OK : CT_EXIT_USAGE;
    }
    int b = cli_batch_option("scrape", argc, argv, &i, &bopts);
    if (b < 0)
      return CT_EXIT_USAGE;
    if (b > 0)
      continue;
    if (strcmp(argv[i], "--format") == 0 ||
        strncmp(argv[i], "--format=", 9) == 0) {
      const char *v = argv[i][8] == '=' ? argv[i] + 9 : NULL;
      if (!v) {
        if (i + 1 >= argc) {
          cli_err("scrape: --format needs a value (json, jsonl or text)");
          return CT_EXIT_USAGE;
        }
        v = argv[++i];
      }
      if (strcmp(v, "json") && strcmp(v, "jsonl") && strcmp(v, "text")) {
        cli_err("scrape: unknown format '%s' (json, jsonl or text)", v);
        return CT_EXIT_USAGE;
      }
      format = v;
      continue;
    }
    if (strcmp(argv[i], "--") == 0) {
      first = i + 1;
      break;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      cli_err("scrape: unknown option '%s'", argv[i]);
      usage(stderr);
      return CT_EXIT_USAGE;
    }
    first = i;
    break;
  }
  if (first >= argc) {
    cli_err("scrape: no input (give FILE..., DIR or - for stdin)");
    usage(stderr);
    return CT_EXIT_USAGE;
  }
  static const char *const exts[] = {".html", ".htm", ".gz", ".warc", NULL};
  scrape_ctx x = {strcmp(format, "text") == 0, false};
  cli_batch_job job = {&x, NULL, NULL, scrape_work, scrape_consume, NULL};
  int rc = cli_batch_run("scrape", argv + first, argc - first, exts, &bopts,
                         &job, NULL);
  if (!cli_finish_stdout())
    return CT_EXIT_USAGE;
  return rc;
}
