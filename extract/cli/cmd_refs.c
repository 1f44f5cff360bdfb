/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack refs' subcommand. */
#include "cli.h"

int ct_cmd_refs(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("refs: not built yet");
  return CT_EXIT_USAGE;
}
