/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack conflicts' subcommand. */
#include "cli.h"

int ct_cmd_conflicts(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("conflicts: not built yet");
  return CT_EXIT_USAGE;
}
