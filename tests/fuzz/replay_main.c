/* SPDX-License-Identifier: MIT */
/* Plain main for the fuzz targets (CT_FUZZ off): replays every file named
 * on the command line, or found in a named directory (sorted), through
 * LLVMFuzzerTestOneInput. Exits 1 when nothing was replayed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz_support.h"

static size_t g_runs;

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 1;
  }
  size_t cap = 4096, n = 0;
  unsigned char *buf = malloc(cap);
  for (;;) {
    if (!buf)
      abort();
    if (n == cap) {
      cap *= 2;
      unsigned char *p = realloc(buf, cap);
      if (!p)
        abort();
      buf = p;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    if (!got)
      break;
    n += got;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    perror(path);
    free(buf);
    return 1;
  }
  /* An exact-size copy so ASan sees reads past the end. */
  unsigned char *exact = malloc(n ? n : 1);
  if (!exact)
    abort();
  if (n)
    memcpy(exact, buf, n);
  free(buf);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  LLVMFuzzerTestOneInput(exact, n);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s =
      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (s > 1.0)
    fprintf(stderr, "replay: %s took %.2f s\n", path, s);
  free(exact);
  g_runs++;
  return 0;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.' || strcmp(de->d_name, "README.md") == 0)
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **v = realloc(names, cap * sizeof *v);
      if (!v)
        abort();
      names = v;
    }
    size_t len = strlen(dir) + strlen(de->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n])
      abort();
    snprintf(names[n], len, "%s/%s", dir, de->d_name);
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, cmp_name);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
      rc |= replay_file(names[i]);
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      rc = 1;
    } else if (S_ISDIR(st.st_mode)) {
      rc |= replay_dir(argv[i]);
    } else {
      rc |= replay_file(argv[i]);
    }
  }
  printf("replayed %zu inputs\n", g_runs);
  if (g_runs == 0)
    rc = 1;
  return rc;
}
