/*
** fuzz_io.h: what the fuzz targets of saved data (indexes, shards,
** prepared paragraphs) share: CHECK, which stops the run with a message
** naming the target (FUZZ_NAME, defined before this is included), a reader
** over bytes in memory that gives short reads as a pipe does, and a
** growing buffer to write into.
*/
#ifndef KATA_FUZZ_IO_H
#define KATA_FUZZ_IO_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond, what)                                                    \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s: %s (%s:%d)\n", FUZZ_NAME, what, __FILE__, __LINE__); \
      abort();                                                               \
    }                                                                        \
  } while (0)

typedef struct mem {
  const uint8_t *data;
  size_t len, pos;
} mem_t;

static inline size_t mem_read(void *ud, void *p, size_t n) {
  mem_t *m = (mem_t *)ud;
  size_t k = m->len - m->pos < n ? m->len - m->pos : n;
  if (n > 7) k = k > 7 ? k - k % 7 : k; /* short reads, as a pipe gives */
  memcpy(p, m->data + m->pos, k);
  m->pos += k;
  return k;
}

typedef struct out {
  uint8_t *data;
  size_t len, cap;
} out_t;

static inline int mem_write(void *ud, const void *p, size_t n) {
  out_t *o = (out_t *)ud;
  if (o->len + n > o->cap) {
    size_t nc = (o->len + n) * 2;
    uint8_t *d = (uint8_t *)realloc(o->data, nc);
    if (!d) return -1;
    o->data = d;
    o->cap = nc;
  }
  memcpy(o->data + o->len, p, n);
  o->len += n;
  return 0;
}

#endif
