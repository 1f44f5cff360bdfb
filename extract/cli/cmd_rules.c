/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack rules' subcommand. */
#include "cli.h"

int ct_cmd_rules(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("rules: not built yet");
  return CT_EXIT_USAGE;
}
