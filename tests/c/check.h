/*
** check.h: the tiny harness of kata's C unit tests. check() counts and
** prints the failing line; check_report() prints "name: N passed, N failed".
*/
#ifndef KATA_CHECK_H
#define KATA_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

static int check_passed, check_failed;

#define check(cond) \
  ((cond) ? (void)check_passed++ \
          : (void)(check_failed++, \
                   fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
                           __LINE__, #cond)))

static inline int check_report(const char *name) {
  printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
  return check_failed ? 1 : 0;
}

/* An allocator that counts live bytes and fails after `budget` calls. */
typedef struct test_alloc {
  long calls, budget; /* budget < 0: never fail */
  size_t live;
} test_alloc_t;

static inline void *test_allocf(void *ud, void *ptr, size_t osize, size_t nsize) {
  test_alloc_t *ta = (test_alloc_t *)ud;
  void *p;
  if (nsize == 0) {
    if (ptr) ta->live -= osize;
    free(ptr);
    return NULL;
  }
  if (ta->budget >= 0 && ta->calls >= ta->budget) return NULL;
  ta->calls++;
  p = realloc(ptr, nsize);
  if (p) ta->live += nsize - (ptr ? osize : 0);
  return p;
}

/* The bytes of the file at path (NUL-terminated, malloc'd; *len its
** length), or NULL when it cannot be opened. */
static inline char *check_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  rewind(f);
  buf = (char *)malloc(*len + 1);
  if (buf && fread(buf, 1, *len, f) != *len) *len = 0;
  if (buf) buf[*len] = '\0';
  fclose(f);
  return buf;
}

#endif
