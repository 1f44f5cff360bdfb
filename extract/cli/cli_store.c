/* SPDX-License-Identifier: MIT */
/* Option parsing and store opening shared by the store subcommands. */
#include <stdlib.h>
#include <string.h>

#include "cli_store.h"

static bool take_value(const char *cmd, int argc, char **argv, int *i,
                       const char *name, const char **out) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') {
    *out = argv[*i] + n + 1;
    return true;
  }
  if (*i + 1 >= argc) {
    cli_err("%s: %s needs a value", cmd, name);
    return false;
  }
  *out = argv[++*i];
  return true;
}

static bool is_opt(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int cli_store_parse(const char *cmd, int argc, char **argv, unsigned opts,
                    void (*usage)(FILE *), cli_store_args *out) {
  memset(out, 0, sizeof *out);
  out->rest = calloc((size_t)(argc > 0 ? argc : 1), sizeof *out->rest);
  if (!out->rest) {
    cli_err("out of memory");
    return CT_EXIT_USAGE;
  }
  bool only_args = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_args || a[0] != '-' || a[1] == '\0') {
      out->rest[out->n_rest++] = argv[i];
      continue;
    }
    if (cli_is_help(a)) {
      usage(stdout);
      return cli_finish_stdout() ? CT_EXIT_OK : CT_EXIT_USAGE;
    }
    const char **slot = NULL, *name = NULL;
    if (is_opt(a, "--db")) {
      slot = &out->db;
      name = "--db";
    } else if ((opts & CLI_OPT_RULES) && is_opt(a, "--rules")) {
      slot = &out->rules;
      name = "--rules";
    } else if ((opts & CLI_OPT_FORMAT) && is_opt(a, "--format")) {
      slot = &out->format;
      name = "--format";
    } else if ((opts & CLI_OPT_HTML) && is_opt(a, "--html")) {
      slot = &out->html;
      name = "--html";
    } else if (strcmp(a, "--") == 0) {
      only_args = true;
      continue;
    } else {
      cli_err("%s: unknown option '%s'", cmd, a);
      usage(stderr);
      return CT_EXIT_USAGE;
    }
    if (!take_value(cmd, argc, argv, &i, name, slot))
      return CT_EXIT_USAGE;
  }
  if (!out->db || !*out->db) {
    cli_err("%s: --db PATH is required", cmd);
    usage(stderr);
    return CT_EXIT_USAGE;
  }
  return -1;
}

void cli_store_args_free(cli_store_args *a) {
  free(a->rest);
  a->rest = NULL;
  a->n_rest = 0;
}

ct_store *cli_store_open(const char *cmd, const char *db, bool read_only) {
  ct_store *s = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st =
      ct_store_open(db, read_only ? CT_STORE_READ_ONLY : 0, &s, &err);
  if (st != CT_OK) {
    cli_err("%s: %s", cmd, err.message[0] ? err.message : ct_strerror(st));
    return NULL;
  }
  return s;
}

bool cli_format_ok(const char *cmd, const char *v, const char *const *ok) {
  for (const char *const *p = ok; *p; p++)
    if (strcmp(v, *p) == 0)
      return true;
  cli_err("%s: unknown format '%s'", cmd, v);
  return false;
}

bool cli_store_emit(char *data, size_t len) {
  if (data)
    cli_write(data, len);
  ct_free(data);
  return cli_finish_stdout();
}
