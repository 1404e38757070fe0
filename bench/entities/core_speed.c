/*
** bench/entities/core_speed.c: kata_entities from C, without Lua, on the
** first megabyte of a file cut into paragraphs at blank lines (and chunks
** of at most 8,192 bytes), as speed.lua does from Lua; prints the best of
** RUNS passes. The difference from speed.lua is the cost of the result
** tables. Also what `valgrind --tool=callgrind` runs to count instructions:
** the model is loaded by a first call before the passes, and each pass is
** one call of run_pass, so
**   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=run_pass \
**     build/core_speed bench/data/english.txt 1
** counts one pass alone (or run it with 1 and with 3 passes and halve the
** difference). A third argument "rules" tags with the rules alone (the
** no_model option): what the name model and the steps after it cost is
** the difference.
**
**   make && cc -O2 -Isrc -Isrc/core bench/entities/core_speed.c build/lua5.4/libkata.a \
**     -lutf8proc -lstemmer -lm -o build/core_speed
**   build/core_speed bench/data/english.txt [RUNS [rules]]
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kata.h"

#define MAXBYTES 1000000
#define MAXPARAS 100000

static void *alloc(void *ud, void *p, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(p);
    return NULL;
  }
  return realloc(p, nsize);
}

static size_t starts[MAXPARAS], lens[MAXPARAS];
static const kata_ent_opts_t *opts; /* NULL, or the rules alone */

/* One pass over the paragraphs: the entities' count, or (size_t)-1. Not
** inlined, so that callgrind can count it alone (--toggle-collect). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t run_pass(kata_tagger_t *tg, const char *s, size_t np, size_t *total) {
  size_t p, ents = 0;
  *total = 0;
  for (p = 0; p < np; p++) {
    kata_ent_t *e;
    size_t n;
    if (kata_entities(tg, s + starts[p], lens[p], opts, &e, &n) != KATA_OK) return (size_t)-1;
    ents += n;
    *total += lens[p];
    kata_entities_free(tg, e, n);
  }
  return ents;
}

int main(int argc, char **argv) {
  kata_allocator_t A = {alloc, NULL};
  static const kata_ent_opts_t rules_only = {0, NULL, 0, 1};
  kata_tagger_t *tg;
  FILE *f;
  char *s;
  size_t len, np = 0, i = 0, total = 0, ents = 0;
  int runs = argc > 2 ? atoi(argv[2]) : 10, r;
  double best = 1e9;
  if (argc > 3 && strcmp(argv[3], "rules") == 0) opts = &rules_only;
  if (argc < 2 || !(f = fopen(argv[1], "rb"))) {
    fprintf(stderr, "usage: core_speed FILE [RUNS [rules]]\n");
    return 2;
  }
  s = malloc(MAXBYTES + 1);
  len = s ? fread(s, 1, MAXBYTES, f) : 0;
  fclose(f);
  if (!s) return 1;
  s[len] = '\0';
  while (i < len && np + 2 < MAXPARAS) { /* paragraphs at blank lines */
    char *e = strstr(s + i, "\n\n");
    size_t j = e ? (size_t)(e - s) : len;
    while (j - i > 8192 && np + 2 < MAXPARAS) {
      starts[np] = i;
      lens[np++] = 8192;
      i += 8192;
    }
    if (j > i) {
      starts[np] = i;
      lens[np++] = j - i;
    }
    i = j + 2;
  }
  if (!(tg = kata_tagger_new(&A))) return 1;
  { /* the name model is loaded on first use: before the passes */
    kata_ent_t *e;
    size_t n;
    if (kata_entities(tg, "Warm up.", 8, NULL, &e, &n) != KATA_OK) return 1;
    kata_entities_free(tg, e, n);
  }
  for (r = 0; r < runs; r++) {
    struct timespec a, b;
    double t;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if ((ents = run_pass(tg, s, np, &total)) == (size_t)-1) return 1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    if (t < best) best = t;
  }
  printf("peer=%s bytes=%lu paragraphs=%lu entities=%lu best_mbps=%.2f runs=%d\n",
         opts ? "kata-core-rules" : "kata-core", (unsigned long)total, (unsigned long)np,
         (unsigned long)ents, (double)total / 1e6 / best, runs);
  kata_tagger_free(tg);
  free(s);
  return 0;
}
