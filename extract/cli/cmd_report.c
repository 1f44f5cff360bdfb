/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack report' subcommand. */
#include "cli.h"

int ct_cmd_report(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("report: not built yet");
  return CT_EXIT_USAGE;
}
