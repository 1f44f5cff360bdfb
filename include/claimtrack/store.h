/* SPDX-License-Identifier: MIT */
/* claimtrack store API (SQLite fact store, reference packs, verdicts);
 * included by claimtrack.h. */
#ifndef CLAIMTRACK_STORE_H
#define CLAIMTRACK_STORE_H
#endif
