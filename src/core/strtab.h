/*
** strtab.h: interned strings with dense ids (0, 1, 2, ... in order of first
** insertion); the shared hash table of the counting stages. Internal.
*/
#ifndef KATA_STRTAB_H
#define KATA_STRTAB_H

#include <string.h>

#include "kata.h"

/* Private to the core: never exported from a shared build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

typedef struct kata__strent {
  size_t off;    /* of the key in keys.data */
  uint32_t len;  /* of the key */
  uint32_t hash; /* low bits of kata__hash(key) */
} kata__strent_t;

typedef struct kata_strtab {
  kata_allocator_t A;
  kata_buf_t keys;      /* every key's bytes, back to back */
  kata__strent_t *ents;  /* by id */
  size_t n, ents_cap;
  uint32_t *slots;      /* open addressing: id + 1, or 0 when empty */
  size_t nslots;        /* a power of two */
  uint32_t shape[256];  /* bit min(len, 31) of [first byte]: a key like it */
} kata__strtab_t;

/* Could the table hold s? False means certainly not (a cheap filter on the
** first byte and the length, which rules out most words for a stop list). */
static inline int kata__wordset_may_have(const kata__strtab_t *t, const char *s,
                                        size_t len) {
  return len > 0 &&
         (t->shape[(unsigned char)s[0]] >> (len < 31 ? len : 31)) & 1u;
}

uint64_t kata__hash(const char *s, size_t len);

/* kata__hash(s, len) for an s followed by at least 8 zero bytes: the tail
** is one load. Inline, for the counter's fast path. */
static inline uint64_t kata__hash_padded(const char *s, size_t len) {
  const uint64_t m = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x2545F4914F6CDD1Dull ^ (len * m), w;
  while (len >= 8) {
    memcpy(&w, s, 8);
    h = (h ^ w) * m;
    h ^= h >> 29;
    s += 8;
    len -= 8;
  }
  if (len) { /* the zero padding makes this the byte-wise tail of kata__hash */
    memcpy(&w, s, 8);
    w &= ~(uint64_t)0 >> (64 - 8 * len);
    h = (h ^ w) * m;
  }
  h ^= h >> 32;
  h *= m;
  return h ^ (h >> 29);
}
void kata__strtab_init(kata__strtab_t *t, const kata_allocator_t *A);
void kata__strtab_free(kata__strtab_t *t);

/* The id of s, or -1. */
long kata__strtab_find(const kata__strtab_t *t, const char *s, size_t len);

/* Sets *id to the id of s, adding it if new; returns 1 if added, 0 if it
** was there, or a negative error code. */
int kata__strtab_intern(kata__strtab_t *t, const char *s, size_t len, size_t *id);

/* Are a[0, n) and b[0, n) the same bytes? Words at a time: two overlapping
** loads cover a key of 4 to 16 bytes (a byte loop was most of a lookup). */
static inline int kata__same_bytes(const char *a, const char *b, size_t n) {
  uint64_t x, y;
  uint32_t u, v;
  if (n >= 8) {
    size_t i;
    for (i = 0; i + 8 < n; i += 8) {
      memcpy(&x, a + i, 8);
      memcpy(&y, b + i, 8);
      if (x != y) return 0;
    }
    memcpy(&x, a + n - 8, 8);
    memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    memcpy(&u, a, 4);
    memcpy(&v, b, 4);
    if (u != v) return 0;
    memcpy(&u, a + n - 4, 4);
    memcpy(&v, b + n - 4, 4);
    return u == v;
  }
  return n == 0 || (a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1]);
}

/* The same with h = kata__hash(s, len) computed by the caller. Inline: it
** is the inner loop of counting. */
static inline long kata__strtab_find_h(const kata__strtab_t *t, const char *s,
                                      size_t len, uint64_t h) {
  size_t j, mask = t->nslots - 1;
  if (t->n == 0) return -1;
  for (j = h & mask; t->slots[j]; j = (j + 1) & mask) {
    const kata__strent_t *e = &t->ents[t->slots[j] - 1];
    if (e->hash == (uint32_t)h && e->len == len) {
      if (kata__same_bytes(t->keys.data + e->off, s, len)) return (long)(t->slots[j] - 1);
    }
  }
  return -1;
}

int kata__strtab_intern_h(kata__strtab_t *t, const char *s, size_t len,
                         uint64_t h, size_t *id);

/* Forgets the ids n and above (the last ones added): the table holds
** what it held when it had n keys, and its memory stays. */
void kata__strtab_truncate(kata__strtab_t *t, size_t n);

/* Bytes of memory the table holds. */
size_t kata__strtab_bytes(const kata__strtab_t *t);

static inline const char *kata__strtab_key(const kata__strtab_t *t, size_t id,
                                          size_t *len) {
  *len = t->ents[id].len;
  return t->keys.data + t->ents[id].off;
}

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
