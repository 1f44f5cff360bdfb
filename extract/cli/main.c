/* SPDX-License-Identifier: MIT */
/* claimtrack SUBCOMMAND [options] FILE...|- : dispatch to the subcommands. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command commands[] = {
    {"scrape", ct_cmd_scrape, "article text and metadata from HTML pages"},
    {"extract", ct_cmd_extract, "numeric claims from pages or text"},
    {"rules", ct_cmd_rules, "test a rule pack's examples"},
    {"ingest", ct_cmd_ingest, "store articles and their claims"},
    {"refs", ct_cmd_refs, "import or list reference figures"},
    {"check", ct_cmd_check, "judge stored claims against references"},
    {"conflicts", ct_cmd_conflicts, "claims that disagree across articles"},
    {"report", ct_cmd_report, "HTML audit page of one article"},
};

static void usage(FILE *f) {
  fputs("usage: claimtrack SUBCOMMAND [options] FILE...|-\n\n"
        "Audit news articles for numeric claims.\n\nsubcommands:\n",
        f);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fputs("\n'claimtrack SUBCOMMAND --help' describes each one.\n"
        "exit codes: 0 done, nothing contradicted; 1 a contradiction or "
        "conflict was found;\n            2 usage error, unreadable input or "
        "failed run\n",
        f);
}

int main(int argc, char **argv) {
  /* A closed stdout shows up as EPIPE on write, handled in cli_write. */
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return CT_EXIT_USAGE;
  }
  if (cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return cli_finish_stdout() ? CT_EXIT_OK : CT_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("claimtrack %s\n", ct_version());
    return cli_finish_stdout() ? CT_EXIT_OK : CT_EXIT_USAGE;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0)
      return commands[i].run(argc - 1, argv + 1);
  cli_err("unknown subcommand '%s'", argv[1]);
  usage(stderr);
  return CT_EXIT_USAGE;
}
