/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real 'claimtrack scrape' subcommand. */
#include "cli.h"

int ct_cmd_scrape(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cli_err("scrape: not built yet");
  return CT_EXIT_USAGE;
}
