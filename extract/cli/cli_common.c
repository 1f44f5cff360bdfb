/* SPDX-License-Identifier: MIT */
/* Inputs, checked stdout writing and rule-pack lookup for the CLI. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static _Thread_local cli_capture *t_cap_out = NULL;
static _Thread_local cli_capture *t_cap_err = NULL;

void cli_capture_set(cli_capture *out, cli_capture *err) {
  t_cap_out = out;
  t_cap_err = err;
}

bool cli_capture_put(cli_capture *c, const char *data, size_t len) {
  if (c->oom)
    return false;
  if (len == 0)
    return true;
  if (len >= c->cap - c->len || !c->data) {
    size_t cap = c->cap ? c->cap : 256;
    while (cap - c->len <= len) {
      if (cap > SIZE_MAX / 2) {
        c->oom = true;
        return false;
      }
      cap *= 2;
    }
    char *p = realloc(c->data, cap);
    if (!p) {
      c->oom = true;
      return false;
    }
    c->data = p;
    c->cap = cap;
  }
  memcpy(c->data + c->len, data, len);
  c->len += len;
  c->data[c->len] = '\0';
  return true;
}

void cli_capture_release(cli_capture *c) {
  free(c->data);
  memset(c, 0, sizeof *c);
}

void cli_err(const char *fmt, ...) {
  va_list ap;
  if (t_cap_err) {
    char msg[2048];
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t len = n < 0                    ? 0
                 : (size_t)n < sizeof msg ? (size_t)n
                                          : sizeof msg - 1;
    cli_capture_put(t_cap_err, "claimtrack: ", 12);
    cli_capture_put(t_cap_err, msg, len);
    cli_capture_put(t_cap_err, "\n", 1);
    return;
  }
  va_start(ap, fmt);
  fputs("claimtrack: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

bool cli_is_help(const char *arg) {
  return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

ct_status cli_read_file(const char *path, size_t max_bytes, char **data,
                        size_t *len) {
  if (max_bytes == 0)
    max_bytes = CT_MAX_INPUT_BYTES;
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  *data = NULL;
  *len = 0;
  if (!f) {
    cli_err("%s: %s", path, strerror(errno));
    return CT_EIO;
  }
  struct stat st;
  if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    cli_err("%s: is a directory", path);
    fclose(f);
    return CT_EIO;
  }
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  ct_status status = CT_OK;
  if (!buf) {
    status = CT_ENOMEM;
    goto done;
  }
  for (;;) {
    if (n == cap) {
      if (cap > max_bytes) {
        cli_err("%s: larger than the %zu MiB input limit", path,
                max_bytes >> 20);
        status = CT_ELIMIT;
        goto done;
      }
      char *p = realloc(buf, cap * 2);
      if (!p) {
        status = CT_ENOMEM;
        goto done;
      }
      buf = p;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) {
        cli_err("%s: read error: %s", path, strerror(errno));
        status = CT_EIO;
      }
      break;
    }
  }
  if (status == CT_OK && n > max_bytes) {
    cli_err("%s: larger than the %zu MiB input limit", path, max_bytes >> 20);
    status = CT_ELIMIT;
  }
done:
  if (status == CT_ENOMEM)
    cli_err("%s: out of memory", path);
  if (!is_stdin)
    fclose(f);
  if (status != CT_OK) {
    free(buf);
    return status;
  }
  *data = buf;
  *len = n;
  return CT_OK;
}

bool cli_scrape(const char *path, const char *bytes, size_t len,
                const char *charset_hint, const char *url, ct_article **out) {
  ct_scrape_options so = CT_SCRAPE_OPTIONS_INIT;
  so.charset_hint = charset_hint;
  so.url = url;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_scrape(bytes, len, &so, out, &err);
  if (st != CT_OK) {
    cli_err("%s: %s", path, err.message[0] ? err.message : ct_strerror(st));
    return false;
  }
  const ct_article *a = *out;
  if (a->n_replaced)
    cli_err("warning: %s: %zu undecodable byte%s (%s) replaced by U+FFFD", path,
            a->n_replaced, a->n_replaced == 1 ? "" : "s", a->charset);
  if (a->too_deep)
    cli_err("warning: %s: tags nested deeper than the HTML parser follows; "
            "content below that depth is missing",
            path);
  return true;
}

static bool paths_push(cli_paths *p, const char *s) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    char **v = realloc(p->v, cap * sizeof *v);
    if (!v)
      return false;
    p->v = v;
    p->cap = cap;
  }
  char *copy = strdup(s);
  if (!copy)
    return false;
  p->v[p->n++] = copy;
  return true;
}

void cli_paths_free(cli_paths *p) {
  for (size_t i = 0; i < p->n; i++)
    free(p->v[i]);
  free(p->v);
  p->v = NULL;
  p->n = p->cap = 0;
}

static bool has_ext(const char *name, const char *const *exts) {
  if (!exts)
    return true;
  size_t n = strlen(name);
  for (; *exts; exts++) {
    size_t e = strlen(*exts);
    if (n > e && strcmp(name + n - e, *exts) == 0)
      return true;
  }
  return false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walk a directory tree without recursion: a stack of pending dirs. */
static bool walk_dir(const char *root, const char *const *exts,
                     cli_paths *out) {
  cli_paths stack = {0};
  bool ok = paths_push(&stack, root);
  while (ok && stack.n) {
    char *dir = stack.v[--stack.n];
    DIR *d = opendir(dir);
    if (!d) {
      cli_err("%s: %s", dir, strerror(errno));
      free(dir);
      ok = false;
      break;
    }
    cli_paths names = {0};
    struct dirent *e;
    while (ok && (e = readdir(d))) {
      if (e->d_name[0] == '.')
        continue;
      ok = paths_push(&names, e->d_name);
    }
    closedir(d);
    if (ok)
      qsort(names.v, names.n, sizeof *names.v, cmp_str);
    /* Files in order now; subdirectories pushed in reverse so that they
     * pop in order. Files of a subdirectory follow the parent's files. */
    cli_paths subdirs = {0};
    for (size_t i = 0; ok && i < names.n; i++) {
      size_t len = strlen(dir) + strlen(names.v[i]) + 2;
      char *full = malloc(len);
      if (!full) {
        ok = false;
        break;
      }
      snprintf(full, len, "%s/%s", dir, names.v[i]);
      struct stat st;
      if (stat(full, &st) == 0) {
        if (S_ISDIR(st.st_mode))
          ok = paths_push(&subdirs, full);
        else if (S_ISREG(st.st_mode) && has_ext(names.v[i], exts))
          ok = paths_push(out, full);
      }
      free(full);
    }
    for (size_t i = subdirs.n; ok && i > 0; i--)
      ok = paths_push(&stack, subdirs.v[i - 1]);
    cli_paths_free(&subdirs);
    cli_paths_free(&names);
    free(dir);
  }
  if (!ok && errno == ENOMEM)
    cli_err("out of memory listing %s", root);
  cli_paths_free(&stack);
  return ok;
}

bool cli_expand_inputs(char **args, int nargs, const char *const *exts,
                       cli_paths *out) {
  memset(out, 0, sizeof *out);
  for (int i = 0; i < nargs; i++) {
    const char *a = args[i];
    if (strcmp(a, "-") == 0) {
      if (!paths_push(out, a))
        goto oom;
      continue;
    }
    struct stat st;
    if (stat(a, &st) != 0) {
      cli_err("%s: %s", a, strerror(errno));
      cli_paths_free(out);
      return false;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!walk_dir(a, exts, out)) {
        cli_paths_free(out);
        return false;
      }
    } else if (!paths_push(out, a)) {
      goto oom;
    }
  }
  return true;
oom:
  cli_err("out of memory");
  cli_paths_free(out);
  return false;
}

static bool g_out_failed = false;

void cli_write(const char *data, size_t len) {
  if (t_cap_out) {
    cli_capture_put(t_cap_out, data, len);
    return;
  }
  if (g_out_failed || len == 0)
    return;
  if (fwrite(data, 1, len, stdout) != len) {
    if (errno == EPIPE)
      _exit(CT_EXIT_OK);
    g_out_failed = true;
  }
}

void cli_puts(const char *s) { cli_write(s, strlen(s)); }

bool cli_finish_stdout(void) {
  errno = 0;
  if (fflush(stdout) != 0 && errno == EPIPE)
    _exit(CT_EXIT_OK);
  int save = errno;
  if (g_out_failed || ferror(stdout) || fclose(stdout) != 0) {
    if (errno == EPIPE)
      _exit(CT_EXIT_OK);
    cli_err("error writing output: %s", strerror(save ? save : errno));
    return false;
  }
  return true;
}

const char *cli_rules_dir(const char *opt) {
  if (opt)
    return opt;
  const char *env = getenv("CLAIMTRACK_RULES");
  if (env && *env)
    return env;
  static char found[PATH_MAX];
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      /* Run from a build tree: use the source tree's pack. */
      slash[1] = '\0';
      int w = snprintf(found, sizeof found, "%sCMakeCache.txt", exe);
      if (w > 0 && (size_t)w < sizeof found && access(found, F_OK) == 0)
        return CT_SOURCE_RULES_DIR;
      /* Installed: the pack beside the binary (bin/../share/claimtrack/
       * rules), wherever the tree was installed. */
      w = snprintf(found, sizeof found, "%s%s", exe, CT_BIN_TO_RULES);
      if (w > 0 && (size_t)w < sizeof found && access(found, F_OK) == 0)
        return found;
    }
  }
  return CT_DEFAULT_RULES_DIR;
}
