/* SPDX-License-Identifier: MIT */
/* claimtrack rules test [DIR]: load a rule pack and run every rule's
 * Example/Expect pairs and Counterexamples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f) {
  fputs("usage: claimtrack rules test [DIR]\n\n"
        "Load the rule pack in DIR (default: the bundled pack, or\n"
        "$CLAIMTRACK_RULES) and run every Example/Expect pair and every\n"
        "Counterexample of its rules through the whole extraction.\n"
        "Failures are printed one per line as file:line: rule: what went\n"
        "wrong, then a summary.\n\n"
        "exit codes: 0 all examples pass; 2 a usage error, a pack that does\n"
        "not load (file:line and the reason on stderr) or a failing example\n",
        f);
}

int ct_cmd_rules(int argc, char **argv) {
  if (argc >= 2 && cli_is_help(argv[1])) {
    usage(stdout);
    return cli_finish_stdout() ? CT_EXIT_OK : CT_EXIT_USAGE;
  }
  if (argc < 2 || strcmp(argv[1], "test") != 0) {
    cli_err("rules: expected 'test' (claimtrack rules test [DIR])");
    usage(stderr);
    return CT_EXIT_USAGE;
  }
  const char *dir_opt = NULL;
  for (int i = 2; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      usage(stdout);
      return cli_finish_stdout() ? CT_EXIT_OK : CT_EXIT_USAGE;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      cli_err("rules: unknown option '%s'", argv[i]);
      return CT_EXIT_USAGE;
    }
    if (dir_opt) {
      cli_err("rules: more than one DIR given");
      return CT_EXIT_USAGE;
    }
    dir_opt = argv[i];
  }
  const char *dir = cli_rules_dir(dir_opt);
  ct_engine *eng = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_engine_new(dir, &eng, &err) != CT_OK) {
    cli_err("%s", err.message);
    return CT_EXIT_USAGE;
  }
  size_t total = 0, failed = 0;
  char *report = NULL;
  ct_status st = ct_engine_selftest(eng, &total, &failed, &report);
  ct_engine_free(eng);
  if (st != CT_OK) {
    cli_err("rules: self-test failed: %s", ct_strerror(st));
    return CT_EXIT_USAGE;
  }
  if (report)
    cli_puts(report);
  ct_free(report);
  char line[160];
  snprintf(line, sizeof line, "%s: %zu examples, %zu passed, %zu failed\n", dir,
           total, total - failed, failed);
  cli_puts(line);
  if (!cli_finish_stdout())
    return CT_EXIT_USAGE;
  return failed ? CT_EXIT_USAGE : CT_EXIT_OK;
}
