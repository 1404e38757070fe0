/*
** test_yake.c: YAKE! asked for more keywords than a text has makes room
** for what it finds, not for what was asked (n up to 2^30 from Lua).
*/
#include "check.h"

/* The allocator of check.h, and the most bytes live at once. */
static test_alloc_t ta;
static size_t peak;

static void *peak_allocf(void *ud, void *ptr, size_t osize, size_t nsize) {
  void *p = test_allocf(ud, ptr, osize, nsize);
  if (ta.live > peak) peak = ta.live;
  return p;
}

static kata_allocator_t A = {peak_allocf, &ta};

/* Runs YAKE! on s asking for n; returns how many it gave (or -1). */
static long run(const char *s, size_t n) {
  kata_yake_opts_t o;
  kata_yake_t *y = kata_yake_new(&A);
  long got = -1;
  memset(&o, 0, sizeof o);
  o.ngram_max = 3;
  o.min_length = 3;
  o.dedup = 0.9;
  if (y && kata_yake_run(y, s, strlen(s), &o, n) == KATA_OK) got = (long)kata_yake_size(y);
  kata_yake_free(y);
  return got;
}

int main(void) {
  const char *s = "Harga cabai rawit di Pasar Induk Kramat Jati naik. Pedagang cabai "
                  "menyebut pasokan dari Garut berkurang.";
  long all;
  ta.budget = -1;
  all = run(s, 1000);
  check(all > 5);
  peak = 0;
  /* Regression: the picked array was grown to n entries first, 4 GiB for
  ** n = 2^30, whatever the text. */
  check(run(s, (size_t)1 << 30) == all);
  check(peak < (size_t)1 << 20);
  check(run(s, (size_t)-1) == all);
  check(run(s, 3) == 3);
  check(run(s, 0) == 0);
  check(run("", (size_t)1 << 30) == 0);
  check(ta.live == 0);
  return check_report("test_yake");
}
