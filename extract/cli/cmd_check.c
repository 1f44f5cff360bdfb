/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack check' subcommand. */
#include "cli.h"

int ct_cmd_check(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("check: not built yet");
  return CT_EXIT_USAGE;
}
