/* SPDX-License-Identifier: MIT */
/* claimtrack conflicts --db PATH [--format text|jsonl] : claims of
 * different articles on the same subject, metric, period and unit whose
 * intervals do not meet. */
#include <string.h>

#include "cli_store.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack conflicts --db PATH [--rules DIR] "
        "[--format text|jsonl]\n\n"
        "List pairs of claims from different articles (latest versions) on\n"
        "the same subject, metric, period and unit whose intervals do not\n"
        "meet, with both articles, sentences and values.\n\n"
        "options:\n"
        "  --db PATH      the store (required; opened read-only)\n"
        "  --rules DIR    rule pack for subject/metric aliases\n"
        "  --format F     text (default) or jsonl ({a, b, note} per line)\n"
        "  -h, --help     this help\n\n"
        "exit codes: 0 no conflict; 1 conflicts found; 2 usage error or\n"
        "unusable store\n",
        f);
}

int ct_cmd_conflicts(int argc, char **argv) {
  cli_store_args args;
  int rc = cli_store_parse("conflicts", argc, argv,
                           CLI_OPT_RULES | CLI_OPT_FORMAT, usage, &args);
  if (rc >= 0) {
    cli_store_args_free(&args);
    return rc;
  }
  static const char *const formats[] = {"text", "jsonl", NULL};
  const char *format = args.format ? args.format : "text";
  if (!cli_format_ok("conflicts", format, formats) || args.n_rest) {
    if (args.n_rest)
      cli_err("conflicts: takes no arguments");
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  ct_store *store = cli_store_open("conflicts", args.db, true);
  if (!store) {
    cli_store_args_free(&args);
    return CT_EXIT_USAGE;
  }
  ct_check_options opts = CT_CHECK_OPTIONS_INIT;
  opts.rules_dir = cli_rules_dir(args.rules);
  ct_check *c = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_store_check(store, &opts, NULL, 0, &c, &err);
  if (st != CT_OK) {
    cli_err("conflicts: %s", err.message[0] ? err.message : ct_strerror(st));
    rc = CT_EXIT_USAGE;
  } else {
    size_t len = 0;
    char *out = ct_check_conflicts_dup(
        c, strcmp(format, "jsonl") == 0 ? CT_REPORT_JSONL : CT_REPORT_TEXT,
        &len);
    if (!out) {
      cli_err("conflicts: out of memory");
      rc = CT_EXIT_USAGE;
    } else if (!cli_store_emit(out, len)) {
      rc = CT_EXIT_USAGE;
    } else {
      rc = ct_check_conflict_count(c) ? CT_EXIT_FOUND : CT_EXIT_OK;
    }
  }
  ct_check_free(c);
  ct_store_close(store);
  cli_store_args_free(&args);
  return rc;
}
