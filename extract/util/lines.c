/* SPDX-License-Identifier: MIT */
/* Line iteration for the text formats we read: rule packs, lexicons, WARC
 * and HTTP headers. */
#include <string.h>

#include "util.h"

const char *ct_line_next(const char *data, size_t len, size_t *pos, size_t *n) {
  if (*pos >= len)
    return NULL;
  const char *s = data + *pos;
  const char *nl = memchr(s, '\n', len - *pos);
  size_t ll = nl ? (size_t)(nl - s) : len - *pos;
  *pos += ll + (nl ? 1 : 0);
  if (ll && s[ll - 1] == '\r')
    ll--;
  *n = ll;
  return s;
}
