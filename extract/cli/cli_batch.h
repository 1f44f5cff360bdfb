/* SPDX-License-Identifier: MIT */
/* The batch loop shared by scrape, extract and ingest: --jobs/--quiet,
 * inputs through ct_input_iter (files, directories, '-', .gz, WARC), work
 * on a ct_batch_run pool, output in input order, progress and summary. */
#ifndef CT_CLI_BATCH_H
#define CT_CLI_BATCH_H

#include "cli.h"

typedef struct cli_batch_opts {
  unsigned jobs; /* 0 = online processors */
  bool quiet;    /* no progress line */
} cli_batch_opts;
#define CLI_BATCH_OPTS_INIT                                                    \
  { 0, false }

/* Lines for a command's --help. */
#define CLI_BATCH_HELP                                                         \
  "  --jobs N        worker threads (default: the number of cores); the\n"     \
  "                  output is in input order and the same for every N\n"      \
  "  --quiet         no progress line on a terminal\n"

#define CLI_BATCH_INPUT_HELP                                                   \
  "Inputs are files, directories (walked recursively in sorted order), '-'\n"  \
  "(standard input), gzip-compressed files and WARC files (.warc,\n"           \
  ".warc.gz): every HTML response record of a WARC is a page, whose\n"         \
  "WARC-Target-URI stands for the page's URL when it names no canonical\n"     \
  "one; other records are skipped and counted. On a terminal a progress\n"     \
  "line is drawn on stderr; a summary line ends every run.\n"

/* When argv[*i] is --jobs N, --jobs=N or --quiet: take it (and its value)
 * and return 1; 0 when it is not a batch option; -1 after a message on a
 * bad value. */
int cli_batch_option(const char *cmd, int argc, char **argv, int *i,
                     cli_batch_opts *o);

/* What a command does with each input. Output written with cli_write /
 * cli_puts and messages written with cli_err inside `work` are captured
 * per item and written by the main thread in input order. */
typedef struct cli_batch_job {
  void *ctx;
  /* Per worker state (may be NULL): e.g. a ct_extractor. */
  ct_status (*init)(void *ctx, unsigned worker, void **state);
  void (*fini)(void *ctx, void *state);
  /* On a worker, for each readable input: false when it failed. `*extra`
   * (NULL on entry) goes to `consume`, `*claims` to the progress line. */
  bool (*work)(void *ctx, void *state, const ct_input_item *item, void **extra,
               size_t *claims);
  /* On the main thread in input order, before the item's captured output
   * is written (may be NULL). Error items (unreadable inputs) come with
   * ok false and extra NULL, after their message. Returns false when the
   * item failed here. Takes ownership of extra. */
  bool (*consume)(void *ctx, const ct_input_item *item, bool ok, void *extra,
                  bool has_output, size_t *claims);
  /* Frees an extra that will not be consumed (may be NULL). */
  void (*drop_extra)(void *ctx, void *extra);
} cli_batch_job;

/* Run `job` over args[0..nargs). Directory walks keep names ending in one
 * of `exts` (NULL-terminated). Prints the summary line. Returns
 * CT_EXIT_OK, or CT_EXIT_USAGE when an input failed or the run could not
 * start; *failed (may be NULL) receives the failed input count. */
int cli_batch_run(const char *cmd, char **args, int nargs,
                  const char *const *exts, const cli_batch_opts *o,
                  const cli_batch_job *job, size_t *failed);

/* Write a diagnostic line (already formatted, ending in '\n') to stderr,
 * clearing the progress line first when one is drawn. */
void cli_batch_message(const char *msg, size_t len);

#endif
