/*
** core_bench.c: the speed of kata's C core on one file.
**
**   core_bench [-n RUNS] FILE        (RUNS default 5, or $KATA_BENCH_RUNS)
**
** Two loops over the whole file, each timed RUNS times (the median is
** reported; the text is read into memory first and not timed):
**   tokens    kata_tokenizer_init + kata_tokenizer_next until 0 (flags 0:
**             white space skipped); counts the tokens and the word tokens.
**   segments  pos = kata_word_next(s, len, pos) from 0 to len; counts the
**             UAX #29 word segments (white space runs and punctuation are
**             segments too, as with ICU's BreakIterator).
** Prints one tab-separated line per loop (see benchutil.h).
*/
#include "benchutil.h"
#include "kata.h"

static volatile size_t sink; /* keeps the loops' results alive */

static size_t run_tokens(const char *s, size_t len, size_t *nwords) {
  kata_tokenizer_t t;
  kata_token_t tok;
  size_t n = 0, words = 0, check = 0;
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    n++;
    words += tok.kind == KATA_WORD;
    check += tok.stop;
  }
  sink = check;
  *nwords = words;
  return n;
}

static size_t run_segments(const char *s, size_t len) {
  size_t pos = 0, n = 0;
  while (pos < len) {
    size_t next = kata_word_next(s, len, pos);
    if (next <= pos) { /* would loop forever: a bug in the core */
      fprintf(stderr, "kata_word_next(%zu) returned %zu\n", pos, next);
      exit(1);
    }
    pos = next;
    n++;
  }
  return n;
}

int main(int argc, char **argv) {
  const char *path;
  int runs = bench_args(argc, argv, 5, &path), i;
  size_t len, ntok = 0, nwords = 0, nseg = 0;
  char *s = bench_readfile(path, &len);
  double t[BENCH_MAXRUNS];
  char yields[96];

  bench_header();

  for (i = 0; i < runs; i++) {
    double t0 = bench_now();
    ntok = run_tokens(s, len, &nwords);
    t[i] = bench_now() - t0;
  }
  snprintf(yields, sizeof yields, "tokens, no spaces (%zu words)", nwords);
  bench_report("C core: kata_tokenizer_next", yields, len, ntok,
               bench_median(t, runs));

  for (i = 0; i < runs; i++) {
    double t0 = bench_now();
    nseg = run_segments(s, len);
    t[i] = bench_now() - t0;
  }
  bench_report("C core: kata_word_next", "UAX #29 word segments", len, nseg,
               bench_median(t, runs));

  free(s);
  return 0;
}
