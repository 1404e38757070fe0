/*
** keyphrase_run.c: the C core's key phrases (kata_keyphrase_run) of every
** document of a keyphrase set, for bench/keywords/run.sh; also its speed.
**
**   keyphrase_run DIR LANG OUT [RUNS]
**
** DIR is a set's folder (docs/<id>.txt in the order of split.tsv), LANG "en"
** or "id" (the built-in stop words, the Snowball stemmer, and for "en" the
** word frequencies), OUT the file for the predictions (id<TAB>phrase lines,
** best first, 10 a document). Prints keyphrase<TAB>documents<TAB>seconds:
** the CPU time (CLOCK_PROCESS_CPUTIME_ID) of one pass of kata_keyphrase_run
** over every document, the median of RUNS passes (default 5), one
** kata_keyphrase_t reused; reading the files is not timed.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kata.h"

static void *allocf(void *ud, void *p, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(p);
    return NULL;
  }
  return realloc(p, nsize);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *s;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  fclose(f);
  if (s) s[n] = 0;
  *len = (size_t)n;
  return s;
}

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  kata_allocator_t A = {allocf, NULL};
  kata_keyphrase_opts_t o;
  kata_keyphrase_t *k;
  kata_wordset_t *stop;
  const char *const *list;
  char path[4096], *split, *line, **ids = NULL, **texts = NULL;
  size_t *lens = NULL, n = 0, cap = 0, len, i, cnt;
  int runs = argc > 4 ? atoi(argv[4]) : 5, r;
  double times[64];
  FILE *out;
  if (argc < 4 || runs < 1 || runs > 64) {
    fprintf(stderr, "usage: keyphrase_run DIR LANG OUT [RUNS]\n");
    return 2;
  }
  snprintf(path, sizeof path, "%s/split.tsv", argv[1]);
  if (!(split = slurp(path, &len))) {
    fprintf(stderr, "keyphrase_run: cannot read %s\n", path);
    return 1;
  }
  for (line = strtok(split, "\n"); line; line = strtok(NULL, "\n")) {
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    *tab = 0;
    if (n == cap) {
      cap = cap ? 2 * cap : 512;
      ids = realloc(ids, cap * sizeof *ids);
      texts = realloc(texts, cap * sizeof *texts);
      lens = realloc(lens, cap * sizeof *lens);
    }
    snprintf(path, sizeof path, "%s/docs/%s.txt", argv[1], line);
    if (!(texts[n] = slurp(path, &lens[n]))) continue;
    ids[n++] = line;
  }
  memset(&o, 0, sizeof o);
  o.ngram_max = 3;
  o.lang = argv[2];
  o.stemmer = kata_stemmer_new(argv[2]);
  stop = kata_wordset_new(&A);
  list = kata_stoplist(argv[2], &cnt);
  for (i = 0; list && list[i]; i++) kata_wordset_add(stop, list[i], strlen(list[i]));
  o.stopwords = stop;
  k = kata_keyphrase_new(&A);
  if (!(out = fopen(argv[3], "wb"))) return 1;
  for (r = 0; r < runs; r++) {
    double t0 = cpu_now();
    for (i = 0; i < n; i++) {
      size_t j;
      int rc = kata_keyphrase_run(k, texts[i], lens[i], &o, 10);
      if (rc != KATA_OK) {
        fprintf(stderr, "keyphrase_run: %s: %s\n", ids[i], kata_errmsg(rc));
        return 1;
      }
      if (r == 0) {
        for (j = 0; j < kata_keyphrase_size(k); j++) {
          size_t tl;
          const char *t = kata_keyphrase_term(k, j, &tl);
          fprintf(out, "%s\t%.*s\n", ids[i], (int)tl, t);
        }
      }
    }
    times[r] = cpu_now() - t0; /* (the first pass also writes: the median leaves it out) */
  }
  fclose(out);
  qsort(times, (size_t)runs, sizeof *times, cmp_double);
  printf("keyphrase\t%zu\t%.4f\n", n, times[runs / 2]);
  kata_keyphrase_free(k);
  kata_wordset_free(stop);
  kata_stemmer_free(o.stemmer);
  for (i = 0; i < n; i++) free(texts[i]);
  free(texts);
  free(lens);
  free(ids);
  free(split);
  return 0;
}
