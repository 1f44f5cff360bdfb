/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack extract' subcommand. */
#include "cli.h"

int ct_cmd_extract(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("extract: not built yet");
  return CT_EXIT_USAGE;
}
