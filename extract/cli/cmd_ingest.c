/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack ingest' subcommand. */
#include "cli.h"

int ct_cmd_ingest(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("ingest: not built yet");
  return CT_EXIT_USAGE;
}
