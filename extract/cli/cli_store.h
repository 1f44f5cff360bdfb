/* SPDX-License-Identifier: MIT */
/* Option parsing and store opening shared by the store subcommands
 * (ingest, refs, check, conflicts, report). */
#ifndef CT_CLI_STORE_H
#define CT_CLI_STORE_H

#include "cli.h"

/* Options a store subcommand may accept (bit flags). */
enum {
  CLI_OPT_RULES = 1,  /* --rules DIR */
  CLI_OPT_FORMAT = 2, /* --format F */
  CLI_OPT_HTML = 4    /* --html OUT */
};

typedef struct cli_store_args {
  const char *db, *rules, *format, *html;
  char **rest; /* positional arguments */
  int n_rest;
} cli_store_args;

/* Parse argv[1..]; options and arguments may be mixed, "--" ends the
 * options. Returns -1 when the command should run, else the exit
 * code (help printed: 0; usage error: 2, after a message). */
int cli_store_parse(const char *cmd, int argc, char **argv, unsigned opts,
                    void (*usage)(FILE *), cli_store_args *out);

/* Release the positional-argument array (always, after parse). */
void cli_store_args_free(cli_store_args *a);

/* Open the --db store; prints the error and returns NULL on failure. */
ct_store *cli_store_open(const char *cmd, const char *db, bool read_only);

/* Check a --format value against a NULL-terminated list. */
bool cli_format_ok(const char *cmd, const char *v, const char *const *ok);

/* Write a whole buffer to stdout and finish; false on a write error. */
bool cli_store_emit(char *data, size_t len);

#endif
