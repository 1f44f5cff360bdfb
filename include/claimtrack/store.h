/* SPDX-License-Identifier: MIT */
/* claimtrack store API (SQLite fact store, reference packs, verdicts);
 * included by claimtrack.h after the core API. */
#ifndef CLAIMTRACK_STORE_H
#define CLAIMTRACK_STORE_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
