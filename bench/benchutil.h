/*
** benchutil.h: what the C benchmarks share: reading the whole input file,
** a monotonic clock, the median of the runs and the result line.
** Header-only (static functions), C99 + POSIX clock_gettime.
*/
#ifndef KATA_BENCHUTIL_H
#define KATA_BENCHUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_MAXRUNS 101

/* Reads all of path into a malloc'd buffer (NUL-terminated); exits on error. */
static char *bench_readfile(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *s = NULL;
  size_t n = 0, cap = 0, got;
  if (f == NULL) {
    perror(path);
    exit(2);
  }
  do {
    if (cap - n < 65536) {
      cap = cap ? cap * 2 : (size_t)1 << 20;
      s = realloc(s, cap + 1);
      if (s == NULL) {
        fputs("out of memory\n", stderr);
        exit(2);
      }
    }
    got = fread(s + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  if (ferror(f)) {
    perror(path);
    exit(2);
  }
  fclose(f);
  s[n] = '\0';
  *len = n;
  return s;
}

static double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int bench_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of t[0..n-1] (sorts t). */
static double bench_median(double *t, int n) {
  qsort(t, (size_t)n, sizeof *t, bench_cmp);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* Runs from "-n N" (argv) or $KATA_BENCH_RUNS, else def; sets *path. */
static int bench_args(int argc, char **argv, int def, const char **path) {
  int runs = def, i;
  const char *env = getenv("KATA_BENCH_RUNS");
  if (env != NULL && atoi(env) > 0) runs = atoi(env);
  *path = NULL;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (*path == NULL)
      *path = argv[i];
    else
      *path = NULL, i = argc; /* too many operands */
  }
  if (*path == NULL || runs < 1) {
    fprintf(stderr, "usage: %s [-n RUNS] FILE\n", argv[0]);
    exit(2);
  }
  return runs > BENCH_MAXRUNS ? BENCH_MAXRUNS : runs;
}

/*
** One result, tab-separated (the format bench/run.sh reads and
** bench/tokenize.lua prints too):
**   name  yields  bytes  tokens  median_s  MB/s  tokens/s
** MB is 10^6 bytes.
*/
static void bench_header(void) {
  puts("#name\tyields\tbytes\ttokens\tmedian_s\tMB/s\ttokens/s");
}

static void bench_report(const char *name, const char *yields, size_t bytes,
                         size_t tokens, double median) {
  printf("%s\t%s\t%zu\t%zu\t%.6f\t%.1f\t%.0f\n", name, yields, bytes, tokens,
         median, (double)bytes / median / 1e6, (double)tokens / median);
  fflush(stdout);
}

#endif
