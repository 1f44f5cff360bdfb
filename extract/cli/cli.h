/* SPDX-License-Identifier: MIT */
/* Shared pieces of the command-line tool: inputs, output checking, exit
 * codes. The CLI sees the public headers only. */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "claimtrack/claimtrack.h"

/* Documented exit codes (README "Exit codes"). */
enum {
  CT_EXIT_OK = 0,    /* done, nothing contradicted */
  CT_EXIT_FOUND = 1, /* done, a contradiction or conflict was found */
  CT_EXIT_USAGE = 2, /* usage error, unreadable input or bad pack */
};

/* Each subcommand: argv[0] is the subcommand name. */
int ct_cmd_scrape(int argc, char **argv);
int ct_cmd_extract(int argc, char **argv);
int ct_cmd_rules(int argc, char **argv);
int ct_cmd_ingest(int argc, char **argv);
int ct_cmd_refs(int argc, char **argv);
int ct_cmd_check(int argc, char **argv);
int ct_cmd_conflicts(int argc, char **argv);
int ct_cmd_report(int argc, char **argv);

/* Print "claimtrack: " + message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* True when argv[i] is -h or --help. */
bool cli_is_help(const char *arg);

/* Read a whole file ("-" = stdin) up to max_bytes (0 = CT_MAX_INPUT_BYTES).
 * On failure prints a message naming the file and returns the status
 * (CT_EIO, CT_ELIMIT, CT_ENOMEM). *data is freed with free(). */
ct_status cli_read_file(const char *path, size_t max_bytes, char **data,
                        size_t *len);

/* Scrape one page for a subcommand: charset hint and URL (e.g. a WARC
 * record's) may be NULL. A failure is reported on stderr naming `path`;
 * repaired bytes and content lost to nesting depth are warned about. */
bool cli_scrape(const char *path, const char *bytes, size_t len,
                const char *charset_hint, const char *url, ct_article **out);

/* Expand FILE...|DIR|- into a list of paths: directories are walked
 * recursively in sorted order, keeping regular files whose names end in one
 * of the NULL-terminated `exts` (NULL = every file). Prints a message and
 * returns false when a path does not exist. Free with cli_paths_free. */
typedef struct cli_paths {
  char **v;
  size_t n, cap;
} cli_paths;
bool cli_expand_inputs(char **args, int nargs, const char *const *exts,
                       cli_paths *out);
void cli_paths_free(cli_paths *p);

/* Per-thread capture of cli_write/cli_puts and cli_err output (worker
 * threads of a batch run: the consumer writes the captured bytes in input
 * order). NULL restores direct writing for the calling thread. */
typedef struct cli_capture {
  char *data; /* malloc'ed, NUL-terminated when len > 0 */
  size_t len, cap;
  bool oom;
} cli_capture;
void cli_capture_set(cli_capture *out, cli_capture *err);
bool cli_capture_put(cli_capture *c, const char *data, size_t len);
void cli_capture_release(cli_capture *c);

/* Write to stdout, remembering failures. A closed pipe (EPIPE) ends the
 * program quietly with exit 0 (the reader has what it wanted). */
void cli_write(const char *data, size_t len);
void cli_puts(const char *s);
/* Flush and close stdout; returns false (after a message) on an error. */
bool cli_finish_stdout(void);

/* Directory of the rule pack: --rules value, else $CLAIMTRACK_RULES, else
 * the source tree's rules/ when run from a build tree, else the installed
 * pack. */
const char *cli_rules_dir(const char *opt);

#endif
