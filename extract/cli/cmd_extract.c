/* SPDX-License-Identifier: MIT */
/* claimtrack extract [--input auto|html|text] [--format jsonl|csv|tsv]
 * [--rules DIR] FILE...|DIR|- : numeric claims of articles, one per line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_batch.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack extract [--input auto|html|text] "
        "[--format jsonl|csv|tsv]\n"
        "                          [--rules DIR] [--jobs N] [--quiet]\n"
        "                          FILE...|DIR|-\n\n"
        "Extract the numeric claims of news articles: each number with its\n"
        "unit, bound (约, 超过, 不足 ...), subject, metric and period, and\n"
        "its exact byte span. HTML pages go through the scraper first\n"
        "(offsets are into the article text); plain text is used as given\n"
        "(offsets are into the input bytes).\n\n"
        "options:\n"
        "  --input auto    HTML when the bytes look like HTML (<html,\n"
        "                  <!doctype, <head, <body, <div, <meta in the first\n"
        "                  KiB), else text (default)\n"
        "  --input html    always scrape\n"
        "  --input text    always plain UTF-8 text\n"
        "  --format jsonl  one JSON object per claim (default)\n"
        "  --format csv    CSV with a header row\n"
        "  --format tsv    tab-separated with a header row\n"
        "  --rules DIR     rule pack to use instead of the bundled "
        "one\n" CLI_BATCH_HELP "  -h, --help      this help\n\n"
        "A directory is walked recursively (.html .htm .txt .gz .warc\n"
        "files); '-' reads standard input.\n" CLI_BATCH_INPUT_HELP "\n"
        "exit codes: 0 done; 2 usage error, unreadable input or a broken\n"
        "rule pack (the other inputs are still processed)\n",
        f);
}

static const char *const fields[] = {
    "doc",  "text",  "start",   "end",    "kind",   "value",    "low",  "high",
    "unit", "bound", "subject", "metric", "period", "sentence", "rule", NULL};

static bool looks_like_html(const char *d, size_t n) {
  size_t lim = n < 1024 ? n : 1024;
  static const char *const tags[] = {"<html", "<!doctype", "<head", "<body",
                                     "<div",  "<meta",     NULL};
  for (size_t i = 0; i < lim; i++) {
    if (d[i] != '<')
      continue;
    for (int k = 0; tags[k]; k++) {
      size_t l = strlen(tags[k]);
      if (i + l > n)
        continue;
      size_t j = 0;
      while (j < l && tolower((unsigned char)d[i + j]) == tags[k][j])
        j++;
      if (j == l)
        return true;
    }
  }
  return false;
}

static void put_num(bool has, double v) {
  if (!has)
    return;
  char tmp[40];
  /* Same digits as JSON output: shortest round-trip decimal. */
  snprintf(tmp, sizeof tmp, "%.17g", v);
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    if (strtod(tmp, NULL) == v)
      break;
  }
  if (v == (double)(long long)v && v < 1e17 && v > -1e17)
    snprintf(tmp, sizeof tmp, "%.0f", v);
  cli_puts(tmp);
}

static void put_field(const char *s, bool csv) {
  if (!s)
    return;
  if (csv) {
    bool quote = strpbrk(s, ",\"\n\r") != NULL;
    if (!quote) {
      cli_puts(s);
      return;
    }
    cli_puts("\"");
    for (const char *p = s; *p; p++) {
      if (*p == '"')
        cli_puts("\"\"");
      else
        cli_write(p, 1);
    }
    cli_puts("\"");
    return;
  }
  for (const char *p = s; *p; p++) { /* TSV: no tabs or newlines inside */
    if (*p == '\t' || *p == '\n' || *p == '\r')
      cli_puts(" ");
    else
      cli_write(p, 1);
  }
}

static void put_row(const ct_claim *c, const char *doc, bool csv) {
  const char *sep = csv ? "," : "\t";
  char tmp[32];
  put_field(doc, csv);
  cli_puts(sep);
  put_field(c->text, csv);
  cli_puts(sep);
  snprintf(tmp, sizeof tmp, "%zu", c->start);
  cli_puts(tmp);
  cli_puts(sep);
  snprintf(tmp, sizeof tmp, "%zu", c->end);
  cli_puts(tmp);
  cli_puts(sep);
  cli_puts(ct_kind_name(c->kind));
  cli_puts(sep);
  put_num(c->has_value, c->value);
  cli_puts(sep);
  put_num(c->has_low, c->low);
  cli_puts(sep);
  put_num(c->has_high, c->high);
  cli_puts(sep);
  put_field(c->unit, csv);
  cli_puts(sep);
  cli_puts(ct_bound_name(c->bound));
  cli_puts(sep);
  put_field(c->subject, csv);
  cli_puts(sep);
  put_field(c->metric, csv);
  cli_puts(sep);
  put_field(c->period, csv);
  cli_puts(sep);
  put_field(c->sentence, csv);
  cli_puts(sep);
  put_field(c->rule, csv);
  cli_puts("\n");
}

static bool emit(ct_extractor *ex, const char *text, size_t tlen,
                 const ct_extract_options *o, int format, const char *path);

/* Claims written by emit() on this thread (progress line). */
static _Thread_local size_t t_claims;

/* Extract one input item (a file or a WARC record, bytes read by the
 * batch loop); false when it could not be processed. */
static bool extract_one(ct_extractor *ex, const ct_input_item *item, int input,
                        int format) {
  const char *path = item->name;
  const char *data = item->bytes;
  size_t len = item->len;
  /* a WARC record (item->uri) is an HTML response by construction */
  bool html =
      input == 1 || (input == 0 && (item->uri || looks_like_html(data, len)));
  ct_article *art = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  const char *text = data;
  size_t tlen = len;
  ct_extract_options opts = CT_EXTRACT_OPTIONS_INIT;
  opts.doc = path;
  if (html) {
    /* item->uri: the WARC record URI, used when no canonical URL */
    if (!cli_scrape(path, data, len, item->charset_hint, item->uri, &art))
      return false;
    text = art->text ? art->text : "";
    tlen = art->text ? art->text_len : 0;
    opts.published = art->published;
    if (art->url)
      opts.doc = art->url;
  }
  bool ok = true;
  if (art && art->title && *art->title) {
    /* The headline is its own coordinate system: doc "<doc>#title", offsets
     * into the title string. */
    size_t dl = strlen(opts.doc);
    char *tdoc = malloc(dl + 7);
    if (tdoc) {
      memcpy(tdoc, opts.doc, dl);
      memcpy(tdoc + dl, "#title", 7);
      ct_extract_options topts = opts;
      topts.doc = tdoc;
      ok = emit(ex, art->title, strlen(art->title), &topts, format, path);
      free(tdoc);
    }
  }
  if (!emit(ex, text, tlen, &opts, format, path))
    ok = false;
  ct_article_free(art);
  return ok;
}

static bool emit(ct_extractor *ex, const char *text, size_t tlen,
                 const ct_extract_options *o, int format, const char *path) {
  ct_extract_options opts = *o;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_doc *doc = NULL;
  bool ok = true;
  if (ct_extract_text(ex, text, tlen, &opts, &doc, &err) != CT_OK) {
    cli_err("%s: %s", path, err.message[0] ? err.message : "extract failed");
    ok = false;
  } else {
    t_claims += ct_doc_claim_count(doc);
    for (size_t i = 0; i < ct_doc_claim_count(doc); i++) {
      const ct_claim *c = ct_doc_claim(doc, i);
      if (format == 0) {
        size_t n = 0;
        char *js = ct_claim_json_dup(c, opts.doc, &n);
        if (!js) {
          cli_err("%s: out of memory", path);
          ok = false;
          break;
        }
        cli_write(js, n);
        cli_puts("\n");
        ct_free(js);
      } else {
        put_row(c, opts.doc, format == 1);
      }
    }
  }
  ct_doc_free(doc);
  return ok;
}

typedef struct extract_ctx {
  const ct_engine *engine;
  int input, format;
} extract_ctx;

static ct_status extract_init(void *c, unsigned worker, void **state) {
  extract_ctx *x = c;
  (void)worker;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_extractor_new(x->engine, (ct_extractor **)state, &err);
  if (st != CT_OK)
    cli_err("extract: %s", err.message[0] ? err.message : ct_strerror(st));
  return st;
}

static void extract_fini(void *c, void *state) {
  (void)c;
  ct_extractor_free(state);
}

static bool extract_work(void *c, void *state, const ct_input_item *item,
                         void **extra, size_t *claims) {
  extract_ctx *x = c;
  (void)extra;
  t_claims = 0;
  bool ok = extract_one(state, item, x->input, x->format);
  *claims = t_claims;
  return ok;
}

int ct_cmd_extract(int argc, char **argv) {
  int input = 0, format = 0; /* input: auto html text; format: jsonl csv tsv */
  const char *rules = NULL;
  cli_batch_opts bopts = CLI_BATCH_OPTS_INIT;
  int first = argc;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is_help(a)) {
      usage(stdout);
      return cli_finish_stdout() ? CT_EXIT_OK : CT_EXIT_USAGE;
    }
    int b = cli_batch_option("extract", argc, argv, &i, &bopts);
    if (b < 0)
      return CT_EXIT_USAGE;
    if (b > 0)
      continue;
    const char *opt = NULL, *val = NULL;
    static const char *const names[] = {"--input", "--format", "--rules", NULL};
    for (int k = 0; names[k]; k++) {
      size_t l = strlen(names[k]);
      if (strncmp(a, names[k], l) == 0 && (a[l] == '\0' || a[l] == '=')) {
        opt = names[k];
        if (a[l] == '=') {
          val = a + l + 1;
        } else if (i + 1 < argc) {
          val = argv[++i];
        } else {
          cli_err("extract: %s needs a value", opt);
          return CT_EXIT_USAGE;
        }
      }
    }
    if (opt && strcmp(opt, "--input") == 0) {
      if (strcmp(val, "auto") == 0)
        input = 0;
      else if (strcmp(val, "html") == 0)
        input = 1;
      else if (strcmp(val, "text") == 0)
        input = 2;
      else {
        cli_err("extract: unknown input '%s' (auto, html or text)", val);
        return CT_EXIT_USAGE;
      }
      continue;
    }
    if (opt && strcmp(opt, "--format") == 0) {
      if (strcmp(val, "jsonl") == 0)
        format = 0;
      else if (strcmp(val, "csv") == 0)
        format = 1;
      else if (strcmp(val, "tsv") == 0)
        format = 2;
      else {
        cli_err("extract: unknown format '%s' (jsonl, csv or tsv)", val);
        return CT_EXIT_USAGE;
      }
      continue;
    }
    if (opt) {
      rules = val;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      first = i + 1;
      break;
    }
    if (a[0] == '-' && a[1] != '\0') {
      cli_err("extract: unknown option '%s'", a);
      usage(stderr);
      return CT_EXIT_USAGE;
    }
    first = i;
    break;
  }
  if (first >= argc) {
    cli_err("extract: no input (give FILE..., DIR or - for stdin)");
    usage(stderr);
    return CT_EXIT_USAGE;
  }
  static const char *const exts[] = {".html", ".htm",  ".txt",
                                     ".gz",   ".warc", NULL};
  ct_engine *eng = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_engine_new(cli_rules_dir(rules), &eng, &err) != CT_OK) {
    cli_err("%s", err.message);
    ct_engine_free(eng);
    return CT_EXIT_USAGE;
  }
  if (format != 0) {
    for (int k = 0; fields[k]; k++) {
      if (k)
        cli_puts(format == 1 ? "," : "\t");
      cli_puts(fields[k]);
    }
    cli_puts("\n");
  }
  /* compiled rules shared; one extractor per worker (cli_batch.h) */
  extract_ctx x = {eng, input, format};
  cli_batch_job job = {&x,           extract_init, extract_fini,
                       extract_work, NULL,         NULL};
  int rc = cli_batch_run("extract", argv + first, argc - first, exts, &bopts,
                         &job, NULL);
  ct_engine_free(eng);
  if (!cli_finish_stdout())
    return CT_EXIT_USAGE;
  return rc;
}
