/* SPDX-License-Identifier: MIT */
/* claimtrack check --db PATH [--format ...] [ARTICLE...] : judge stored
 * claims against the reference figures. */
#include <string.h>

#include "cli_store.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack check --db PATH [--rules DIR]\n"
        "                        [--format text|jsonl|csv|claimreview] "
        "[ARTICLE...]\n\n"
        "Judge the claims of the latest version of each stored article (or\n"
        "of the ARTICLEs named by key, URL or path) against the imported\n"
        "reference figures: supported, contradicted or unverifiable, with\n"
        "the reference, the gap (claim minus reference, in the claim's\n"
        "unit) and a note.\n\n"
        "options:\n"
        "  --db PATH      the store (required; opened read-only)\n"
        "  --rules DIR    rule pack whose subjects.tsv / metrics.tsv give\n"
        "                 the aliases (default: the bundled pack)\n"
        "  --format text  aligned table (default)\n"
        "  --format jsonl one claim per line: the extract fields plus\n"
        "                 verdict, reference, gap, note\n"
        "  --format csv   the same as CSV\n"
        "  --format claimreview  schema.org ClaimReview JSON-LD\n"
        "  -h, --help     this help\n\n"
        "exit codes: 0 nothing contradicted; 1 a claim is contradicted;\n"
        "2 usage error, unknown article or unusable store\n",
        f);
}

int ct_cmd_check(int argc, char **argv) {
  cli_store_args args;
  int rc = cli_store_parse("check", argc, argv, CLI_OPT_RULES | CLI_OPT_FORMAT,
                           usage, &args);
  if (rc >= 0) {
    cli_store_args_free(&args);
    return rc;
  }
  static const char *const formats[] = {"text", "jsonl", "csv", "claimreview",
                                        NULL};
  const char *format = args.format ? args.format : "text";
  if (!cli_format_ok("check", format, formats)) {
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  ct_report_format fmt = strcmp(format, "jsonl") == 0 ? CT_REPORT_JSONL
                         : strcmp(format, "csv") == 0 ? CT_REPORT_CSV
                         : strcmp(format, "claimreview") == 0
                             ? CT_REPORT_CLAIMREVIEW
                             : CT_REPORT_TEXT;
  ct_store *store = cli_store_open("check", args.db, true);
  if (!store) {
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  ct_check_options opts = CT_CHECK_OPTIONS_INIT;
  opts.rules_dir = cli_rules_dir(args.rules);
  ct_check *c = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_store_check(store, &opts, (const char *const *)args.rest,
                                (size_t)args.n_rest, &c, &err);
  if (st != CT_OK) {
    cli_err("check: %s", err.message[0] ? err.message : ct_strerror(st));
    rc = CT_EXIT_USAGE;
  } else {
    size_t len = 0;
    char *out = ct_check_report_dup(c, fmt, &len);
    if (!out) {
      cli_err("check: out of memory");
      rc = CT_EXIT_USAGE;
    } else if (!cli_store_emit(out, len)) {
      rc = CT_EXIT_USAGE;
    } else {
      rc = ct_check_count_kind(c, CT_VERDICT_CONTRADICTED) ? CT_EXIT_FOUND
                                                           : CT_EXIT_OK;
    }
  }
  ct_check_free(c);
  ct_store_close(store);
  cli_store_args_free(&args);
  return rc;
}
