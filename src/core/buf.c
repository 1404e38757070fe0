/*
** buf.c: error messages and the growable buffer every stage writes into.
** All memory goes through the caller's kata_allocator_t.
*/
#include <string.h>

#include "internal.h"

const char *kata_errmsg(int code) {
  switch (code) {
    case KATA_OK: return "no error";
    case KATA_ENOMEM: return "not enough memory";
    case KATA_EUTF8: return "invalid UTF-8";
    case KATA_EINVAL: return "invalid argument";
    case KATA_ELIMIT: return "limit exceeded";
    case KATA_EFORMAT: return "bad file format";
    case KATA_EIO: return "input/output error";
    case KATA_ENOLIST: return "no stop-word list for the language";
    case KATA_ENOSTEM: return "no stemmer for the language";
    case KATA_ELANG: return "unknown language";
    default: return "unknown error";
  }
}

void kata_buf_init(kata_buf_t *b) {
  b->data = NULL;
  b->len = b->cap = 0;
}

int kata_buf_reserve(const kata_allocator_t *A, kata_buf_t *b, size_t extra) {
  size_t need, cap;
  char *p;
  if (extra > (size_t)-1 - b->len) return KATA_ELIMIT;
  need = b->len + extra;
  if (need <= b->cap) return KATA_OK;
  cap = b->cap ? b->cap : 64;
  while (cap < need) cap = cap > (size_t)-1 / 2 ? need : cap * 2;
  p = (char *)A->f(A->ud, b->data, b->cap, cap);
  if (p == NULL) return KATA_ENOMEM;
  b->data = p;
  b->cap = cap;
  return KATA_OK;
}

int kata_buf_append(const kata_allocator_t *A, kata_buf_t *b, const char *s,
                    size_t n) {
  int rc = kata_buf_reserve(A, b, n);
  if (rc != KATA_OK) return rc;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  return KATA_OK;
}

int kata__grow(const kata_allocator_t *A, void **p, size_t *cap, size_t n,
              size_t esz) {
  size_t nc;
  void *q;
  if (n < *cap) return KATA_OK;
  nc = *cap ? *cap * 2 : 64;
  while (nc <= n) {
    if (nc > ((size_t)-1) / 2) return KATA_ELIMIT; /* n near SIZE_MAX: no loop forever */
    nc *= 2;
  }
  if (nc > ((size_t)-1) / esz) return KATA_ELIMIT;
  q = A->f(A->ud, *p, *cap * esz, nc * esz);
  if (!q) return KATA_ENOMEM;
  memset((char *)q + *cap * esz, 0, (nc - *cap) * esz);
  *p = q;
  *cap = nc;
  return KATA_OK;
}

void kata_buf_free(const kata_allocator_t *A, kata_buf_t *b) {
  if (b->data) A->f(A->ud, b->data, b->cap, 0);
  kata_buf_init(b);
}
