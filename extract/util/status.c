/* SPDX-License-Identifier: MIT */
/* Status names and error filling. */
#include <stdio.h>
#include <string.h>

#include "claimtrack/version.h"
#include "util.h"

const char *ct_strerror(ct_status status) {
  switch (status) {
  case CT_OK:
    return "ok";
  case CT_ENOMEM:
    return "out of memory";
  case CT_EINVAL:
    return "invalid argument";
  case CT_EIO:
    return "input/output error";
  case CT_EENCODING:
    return "undecodable input";
  case CT_ELIMIT:
    return "size limit exceeded";
  case CT_ERULE:
    return "malformed rule or reference pack";
  case CT_EDB:
    return "store error";
  case CT_EPARSE:
    return "unparsable document";
  }
  return "unknown error";
}

const char *ct_version(void) { return CT_VERSION_STRING; }

ct_status ct_vfail(ct_error *err, ct_status status, const char *stage,
                   const char *fmt, va_list ap) {
  if (err) {
    err->status = status;
    err->stage = stage;
    err->offset = 0;
    err->native = 0;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
  }
  return status;
}

ct_status ct_fail(ct_error *err, ct_status status, const char *stage,
                  const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ct_vfail(err, status, stage, fmt, ap);
  va_end(ap);
  return status;
}
