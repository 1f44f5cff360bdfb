/* SPDX-License-Identifier: MIT */
/* Batch stage: enumerate inputs (files, directories walked with an
 * explicit stack in sorted order, '-', .gz, WARC) into ct_input_item
 * documents, one at a time, errors as items. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch.h"

typedef struct entry {
  char *path;
  char *error; /* set: this entry is an error item */
  ct_status status;
  bool is_stdin;
} entry;

typedef struct item_priv {
  ct_input_item pub; /* first: ct_input_item * is an item_priv * */
  char *name, *uri, *date, *id, *charset, *bytes, *error;
} item_priv;

struct ct_input_iter {
  entry *v;
  size_t n, cap, next;
  size_t max_bytes;
  const char *const *exts;
  ct_input_stats stats;
  uint64_t raw_done; /* raw bytes of finished regular files */
  bool cur_open, cur_warc, cur_regular;
  const char *cur_path;
  ct_batch_stream s;
  ct_batch_warc_counts wc;
};

static bool push_entry(ct_input_iter *it, const char *path, bool is_stdin,
                       ct_status st, const char *error) {
  if (it->n == it->cap) {
    size_t cap = it->cap ? it->cap * 2 : 16;
    size_t bytes;
    if (!ct_size_mul(cap, sizeof(entry), &bytes))
      return false;
    entry *nv = ct_realloc(it->v, bytes);
    if (!nv)
      return false;
    it->v = nv;
    it->cap = cap;
  }
  entry *e = &it->v[it->n];
  memset(e, 0, sizeof *e);
  e->path = ct_strdup(path);
  e->is_stdin = is_stdin;
  e->status = st;
  if (error)
    e->error = ct_strdup(error);
  if (!e->path || (error && !e->error)) {
    ct_free(e->path);
    ct_free(e->error);
    return false;
  }
  it->n++;
  return true;
}

static bool push_errno(ct_input_iter *it, const char *path, int errnum) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s: %s", path, strerror(errnum));
  return push_entry(it, path, false, CT_EIO, msg);
}

static bool ext_ok(const ct_input_iter *it, const char *name) {
  if (!it->exts)
    return true;
  size_t nl = strlen(name);
  for (const char *const *e = it->exts; *e; e++) {
    size_t el = strlen(*e);
    if (el > nl)
      continue;
    const char *tail = name + nl - el;
    bool same = true;
    for (size_t i = 0; i < el && same; i++) {
      char a = tail[i], b = (*e)[i];
      if (a >= 'A' && a <= 'Z')
        a = (char)(a - 'A' + 'a');
      if (b >= 'A' && b <= 'Z')
        b = (char)(b - 'A' + 'a');
      same = a == b;
    }
    if (same)
      return true;
  }
  return false;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct node {
  char *path;
  bool is_dir;
} node;

typedef struct node_stack {
  node *v;
  size_t n, cap;
} node_stack;

static bool stack_push(node_stack *st, char *path, bool is_dir) {
  if (st->n == st->cap) {
    size_t cap = st->cap ? st->cap * 2 : 32;
    size_t bytes;
    if (!ct_size_mul(cap, sizeof(node), &bytes))
      return false;
    node *nv = ct_realloc(st->v, bytes);
    if (!nv)
      return false;
    st->v = nv;
    st->cap = cap;
  }
  st->v[st->n].path = path;
  st->v[st->n].is_dir = is_dir;
  st->n++;
  return true;
}

static char *join_path(const char *dir, const char *name) {
  size_t dl = strlen(dir), nl = strlen(name), total;
  bool slash = dl > 0 && dir[dl - 1] == '/';
  if (!ct_size_add(dl, nl, &total) || !ct_size_add(total, 2, &total))
    return NULL;
  char *p = ct_malloc(total);
  if (!p)
    return NULL;
  memcpy(p, dir, dl);
  size_t at = dl;
  if (!slash)
    p[at++] = '/';
  memcpy(p + at, name, nl + 1);
  return p;
}

/* Walk `root` depth-first in byte-wise name order without recursion: a
 * directory's children are pushed in reverse order, so popping yields
 * them in order with each subdirectory expanded in place. */
static bool walk_dir(ct_input_iter *it, const char *root) {
  node_stack st = {NULL, 0, 0};
  bool ok = true;
  char *r = ct_strdup(root);
  if (!r || !stack_push(&st, r, true)) {
    ct_free(r);
    ct_free(st.v);
    return false;
  }
  while (ok && st.n > 0) {
    node nd = st.v[--st.n];
    if (!nd.is_dir) {
      struct stat sb;
      if (stat(nd.path, &sb) == 0)
        it->stats.bytes_total += (uint64_t)sb.st_size;
      ok = push_entry(it, nd.path, false, CT_OK, NULL);
      ct_free(nd.path);
      continue;
    }
    DIR *d = opendir(nd.path);
    if (!d) {
      ok = push_errno(it, nd.path, errno);
      ct_free(nd.path);
      continue;
    }
    char **names = NULL;
    size_t nn = 0, ncap = 0;
    struct dirent *de;
    while (ok && (de = readdir(d)) != NULL) {
      if (de->d_name[0] == '.')
        continue; /* ".", "..", hidden files */
      if (nn == ncap) {
        size_t cap = ncap ? ncap * 2 : 32, bytes;
        char **nv = NULL;
        if (ct_size_mul(cap, sizeof(char *), &bytes))
          nv = ct_realloc(names, bytes);
        if (!nv) {
          ok = false;
          break;
        }
        names = nv;
        ncap = cap;
      }
      names[nn] = ct_strdup(de->d_name);
      if (!names[nn])
        ok = false;
      else
        nn++;
    }
    closedir(d);
    if (nn > 1)
      qsort(names, nn, sizeof(char *), cmp_names);
    for (size_t i = nn; ok && i-- > 0;) {
      char *full = join_path(nd.path, names[i]);
      if (!full) {
        ok = false;
        break;
      }
      struct stat sb;
      bool push = false, is_dir = false;
      if (lstat(full, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
          push = is_dir = true; /* symlinked dirs are not followed */
        } else if (S_ISREG(sb.st_mode) ||
                   (S_ISLNK(sb.st_mode) && stat(full, &sb) == 0 &&
                    S_ISREG(sb.st_mode))) {
          push = ext_ok(it, names[i]);
        }
      }
      if (push && !stack_push(&st, full, is_dir))
        ok = false;
      if (!push || !ok)
        ct_free(full);
    }
    for (size_t i = 0; i < nn; i++)
      ct_free(names[i]);
    ct_free(names);
    ct_free(nd.path);
  }
  for (size_t i = 0; i < st.n; i++)
    ct_free(st.v[i].path);
  ct_free(st.v);
  return ok;
}

ct_status ct_input_iter_new(const char *const *args, size_t n_args,
                            const ct_input_options *opts, ct_input_iter **out,
                            ct_error *err) {
  if (!out || (n_args > 0 && !args))
    return ct_fail(err, CT_EINVAL, "batch", "ct_input_iter_new: bad arguments");
  *out = NULL;
  ct_input_iter *it = ct_calloc(1, sizeof *it);
  if (!it)
    return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
  it->max_bytes = opts && opts->max_input_bytes ? opts->max_input_bytes
                                                : CT_MAX_INPUT_BYTES;
  it->exts = opts ? opts->exts : NULL;
  it->s.fd = -1;
  bool ok = true;
  for (size_t i = 0; ok && i < n_args; i++) {
    const char *a = args[i];
    if (!a) {
      ct_input_iter_free(it);
      return ct_fail(err, CT_EINVAL, "batch", "argument %zu is NULL", i);
    }
    struct stat sb;
    if (strcmp(a, "-") == 0)
      ok = push_entry(it, a, true, CT_OK, NULL);
    else if (stat(a, &sb) != 0)
      ok = push_errno(it, a, errno);
    else if (S_ISDIR(sb.st_mode))
      ok = walk_dir(it, a);
    else {
      if (S_ISREG(sb.st_mode))
        it->stats.bytes_total += (uint64_t)sb.st_size;
      ok = push_entry(it, a, false, CT_OK, NULL);
    }
  }
  if (!ok) {
    ct_input_iter_free(it);
    return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
  }
  *out = it;
  return CT_OK;
}

void ct_input_item_free(ct_input_item *item) {
  if (!item)
    return;
  item_priv *p = (item_priv *)item;
  ct_free(p->name);
  ct_free(p->uri);
  ct_free(p->date);
  ct_free(p->id);
  ct_free(p->charset);
  ct_free(p->bytes);
  ct_free(p->error);
  ct_free(p);
}

static item_priv *new_item(ct_input_iter *it, const char *name) {
  item_priv *p = ct_calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->name = ct_strdup(name);
  if (!p->name) {
    ct_free(p);
    return NULL;
  }
  p->pub.name = p->name;
  p->pub.index = it->stats.items;
  p->pub.status = CT_OK;
  p->pub.bytes = "";
  return p;
}

static ct_status finish_item(ct_input_iter *it, item_priv *p,
                             ct_input_item **out) {
  it->stats.items++;
  if (p->pub.status != CT_OK)
    it->stats.errors++;
  *out = &p->pub;
  return CT_OK;
}

static ct_status error_item(ct_input_iter *it, const char *name, ct_status st,
                            ct_input_item **out, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static ct_status error_item(ct_input_iter *it, const char *name, ct_status st,
                            ct_input_item **out, const char *fmt, ...) {
  item_priv *p = new_item(it, name);
  if (!p)
    return CT_ENOMEM;
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  p->error = ct_strdup(msg);
  if (!p->error) {
    ct_input_item_free(&p->pub);
    return CT_ENOMEM;
  }
  p->pub.error = p->error;
  p->pub.status = st;
  return finish_item(it, p, out);
}

static void close_current(ct_input_iter *it) {
  if (!it->cur_open)
    return;
  if (it->cur_regular)
    it->raw_done += it->s.raw_read;
  ct_batch_stream_close(&it->s);
  it->cur_open = it->cur_warc = false;
}

static ct_status warc_item(ct_input_iter *it, ct_batch_record *rec,
                           ct_input_item **out) {
  ct_buf name = CT_BUF_INIT;
  if (rec->uri)
    ct_buf_printf(&name, "%s#%s", it->cur_path, rec->uri);
  else
    ct_buf_printf(&name, "%s#record-%zu", it->cur_path, it->wc.records);
  if (name.oom) {
    ct_buf_release(&name);
    return CT_ENOMEM;
  }
  item_priv *p = new_item(it, name.data);
  ct_buf_release(&name);
  if (!p)
    return CT_ENOMEM;
  p->uri = rec->uri;
  p->date = rec->date;
  p->id = rec->record_id;
  p->charset = rec->charset;
  rec->uri = rec->date = rec->record_id = rec->charset = NULL;
  p->pub.uri = p->uri;
  p->pub.warc_date = p->date;
  p->pub.record_id = p->id;
  p->pub.charset_hint = p->charset;
  if (rec->status == CT_OK) {
    p->bytes = rec->bytes;
    rec->bytes = NULL;
    p->pub.bytes = p->bytes;
    p->pub.len = rec->len;
  } else {
    char msg[768];
    snprintf(msg, sizeof msg, "%s: %s", p->name, rec->error);
    p->error = ct_strdup(msg);
    if (!p->error) {
      ct_input_item_free(&p->pub);
      return CT_ENOMEM;
    }
    p->pub.error = p->error;
    p->pub.status = rec->status;
  }
  return finish_item(it, p, out);
}

ct_status ct_input_iter_next(ct_input_iter *it, ct_input_item **out) {
  *out = NULL;
  for (;;) {
    if (it->cur_open && it->cur_warc) {
      ct_batch_record rec;
      size_t before = it->wc.skipped, recs = it->wc.records;
      bool got = ct_batch_warc_next(&it->s, it->max_bytes, &it->wc, &rec);
      it->stats.skipped_records += it->wc.skipped - before;
      it->stats.warc_records += it->wc.records - recs;
      if (got) {
        ct_status st = warc_item(it, &rec, out);
        ct_batch_record_release(&rec);
        if (it->s.failed)
          close_current(it);
        return st;
      }
      close_current(it);
      continue;
    }
    if (it->next == it->n)
      return CT_OK;
    entry *e = &it->v[it->next++];
    if (e->error)
      return error_item(it, e->path, e->status, out, "%s", e->error);
    int fd = 0;
    if (!e->is_stdin) {
      fd = open(e->path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        return error_item(it, e->path, CT_EIO, out, "%s: %s", e->path,
                          strerror(errno));
    }
    struct stat sb;
    it->cur_regular =
        !e->is_stdin && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
    if (!ct_batch_stream_open(&it->s, fd, !e->is_stdin)) {
      char msg[256];
      snprintf(msg, sizeof msg, "%s", it->s.error);
      ct_batch_stream_close(&it->s);
      return error_item(it, e->path, CT_EIO, out, "%s: %s", e->path, msg);
    }
    it->cur_open = true;
    it->cur_path = e->path;
    it->stats.files++;
    size_t avail = ct_batch_stream_fill(&it->s, 5);
    if (avail >= 5 && memcmp(it->s.buf + it->s.pos, "WARC/", 5) == 0) {
      it->cur_warc = true;
      it->stats.warc_files++;
      memset(&it->wc, 0, sizeof it->wc);
      continue;
    }
    /* a single document: read up to the cap plus one byte */
    ct_buf b = CT_BUF_INIT;
    bool over = false;
    for (;;) {
      if (!ct_buf_reserve(&b, 65536))
        break;
      size_t room = 65536;
      if (b.len + room > it->max_bytes + 1)
        room = it->max_bytes + 1 - b.len;
      size_t got = ct_batch_stream_read(&it->s, b.data + b.len, room);
      b.len += got;
      b.data[b.len] = '\0';
      if (b.len > it->max_bytes) {
        over = true;
        break;
      }
      if (got < room)
        break;
    }
    bool failed = it->s.failed;
    char why[256];
    snprintf(why, sizeof why, "%s", it->s.error);
    close_current(it);
    if (b.oom) {
      ct_buf_release(&b);
      return CT_ENOMEM;
    }
    if (over || failed) {
      ct_buf_release(&b);
      if (over)
        return error_item(it, e->path, CT_ELIMIT, out,
                          "%s: input over %zu bytes", e->path, it->max_bytes);
      return error_item(it, e->path, CT_EIO, out, "%s: %s", e->path, why);
    }
    item_priv *p = new_item(it, e->path);
    if (!p) {
      ct_buf_release(&b);
      return CT_ENOMEM;
    }
    if (b.data) {
      p->pub.len = b.len;
      p->bytes = ct_buf_take(&b, NULL);
      if (!p->bytes) {
        ct_input_item_free(&p->pub);
        return CT_ENOMEM;
      }
      p->pub.bytes = p->bytes;
    }
    return finish_item(it, p, out);
  }
}

ct_input_stats ct_input_iter_stats(const ct_input_iter *it) {
  ct_input_stats st = it->stats;
  st.bytes_done = it->raw_done;
  if (it->cur_open && it->cur_regular)
    st.bytes_done += it->s.raw_read;
  return st;
}

void ct_input_iter_free(ct_input_iter *it) {
  if (!it)
    return;
  close_current(it);
  for (size_t i = 0; i < it->n; i++) {
    ct_free(it->v[i].path);
    ct_free(it->v[i].error);
  }
  ct_free(it->v);
  ct_free(it);
}
