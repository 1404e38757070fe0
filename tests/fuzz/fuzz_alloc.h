/*
** fuzz_alloc.h: the fuzz targets' allocator: it counts the bytes
** outstanding and can fail the fail_at-th (re)allocation.
*/
#ifndef KATA_FUZZ_ALLOC_H
#define KATA_FUZZ_ALLOC_H

#include <stdlib.h>

typedef struct budget {
  size_t live;           /* bytes outstanding */
  unsigned long calls;   /* (re)allocations so far */
  unsigned long fail_at; /* 1-based call that fails; 0: none */
  int failed;            /* did a call fail? */
} budget_t;

static void *allocf(void *ud, void *ptr, size_t osize, size_t nsize) {
  budget_t *b = (budget_t *)ud;
  void *p;
  if (nsize == 0) {
    if (ptr) b->live -= osize;
    free(ptr);
    return NULL;
  }
  if (b->fail_at && ++b->calls == b->fail_at) {
    b->failed = 1;
    return NULL;
  }
  p = realloc(ptr, nsize);
  if (p) b->live += nsize - (ptr ? osize : 0);
  return p;
}

#endif
