/* SPDX-License-Identifier: MIT */
/* claimtrack refs import --db PATH PACK.csv | refs list --db PATH : load
 * a reference pack into the store (all or nothing) or list stored rows. */
#include <stdlib.h>
#include <string.h>

#include "cli_store.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack refs import --db PATH PACK.csv\n"
        "       claimtrack refs list --db PATH [--format text|csv]\n\n"
        "Reference packs are CSV files (UTF-8, RFC 4180 quoting) with the\n"
        "header\n"
        "  subject,subject_en,metric,metric_en,period,value,low,high,unit,\n"
        "  tolerance,source,url,note\n"
        "'import' stores every row in one transaction, replacing the rows\n"
        "of an earlier import of a pack with the same file name; a\n"
        "malformed row is reported as PACK.csv:LINE: reason and nothing is\n"
        "imported. 'list' prints the stored rows.\n\n"
        "options:\n"
        "  --db PATH      the store (required)\n"
        "  --format F     list as an aligned text table (default) or CSV\n"
        "  -h, --help     this help\n\n"
        "exit codes: 0 done; 2 usage error, unreadable or malformed pack,\n"
        "unusable store\n",
        f);
}

static int do_import(const cli_store_args *a) {
  if (a->n_rest != 2) {
    cli_err("refs import: give exactly one PACK.csv");
    return CT_EXIT_USAGE;
  }
  const char *path = a->rest[1];
  char *data = NULL;
  size_t len = 0;
  if (cli_read_file(path, 0, &data, &len) != CT_OK)
    return CT_EXIT_USAGE;
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  ct_store *store = cli_store_open("refs import", a->db, false);
  if (!store) {
    free(data);
    return CT_EXIT_USAGE;
  }
  ct_error err;
  memset(&err, 0, sizeof err);
  size_t n = 0;
  ct_status st = ct_store_import_refs(store, base, data, len, &n, &err);
  free(data);
  int rc = CT_EXIT_OK;
  if (st != CT_OK) {
    /* The library names the pack by file name; show the path given. */
    size_t nb = strlen(base);
    if (strncmp(err.message, base, nb) == 0 && err.message[nb] == ':')
      cli_err("refs import: %s%s (nothing imported)", path, err.message + nb);
    else
      cli_err("refs import: %s: %s (nothing imported)", path,
              err.message[0] ? err.message : ct_strerror(st));
    rc = CT_EXIT_USAGE;
  } else {
    fprintf(stderr, "claimtrack: refs import: %zu rows from %s\n", n, path);
  }
  if (ct_store_close(store) != CT_OK)
    rc = CT_EXIT_USAGE;
  return rc;
}

static int do_list(const cli_store_args *a) {
  if (a->n_rest != 1) {
    cli_err("refs list: takes no arguments");
    return CT_EXIT_USAGE;
  }
  static const char *const formats[] = {"text", "csv", NULL};
  const char *format = a->format ? a->format : "text";
  if (!cli_format_ok("refs list", format, formats))
    return CT_EXIT_USAGE;
  ct_store *store = cli_store_open("refs list", a->db, true);
  if (!store)
    return CT_EXIT_USAGE;
  ct_check *c = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_store_list_refs(store, &c, &err);
  int rc = CT_EXIT_OK;
  if (st != CT_OK) {
    cli_err("refs list: %s", err.message[0] ? err.message : ct_strerror(st));
    rc = CT_EXIT_USAGE;
  } else {
    size_t len = 0;
    char *out = ct_check_refs_dup(
        c, strcmp(format, "csv") == 0 ? CT_REPORT_CSV : CT_REPORT_TEXT, &len);
    if (!out) {
      cli_err("refs list: out of memory");
      rc = CT_EXIT_USAGE;
    } else if (!cli_store_emit(out, len)) {
      rc = CT_EXIT_USAGE;
    }
  }
  ct_check_free(c);
  ct_store_close(store);
  return rc;
}

int ct_cmd_refs(int argc, char **argv) {
  cli_store_args args;
  int rc = cli_store_parse("refs", argc, argv, CLI_OPT_FORMAT, usage, &args);
  if (rc >= 0) {
    cli_store_args_free(&args);
    return rc;
  }
  if (args.n_rest < 1) {
    cli_err("refs: give 'import' or 'list'");
    usage(stderr);
    rc = CT_EXIT_USAGE;
  } else if (strcmp(args.rest[0], "import") == 0) {
    rc = do_import(&args);
  } else if (strcmp(args.rest[0], "list") == 0) {
    rc = do_list(&args);
  } else {
    cli_err("refs: unknown action '%s' (import or list)", args.rest[0]);
    rc = CT_EXIT_USAGE;
  }
  cli_store_args_free(&args);
  return rc;
}
