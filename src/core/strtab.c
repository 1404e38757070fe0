/*
** strtab.c: interned strings with dense ids, the hash table every counting
** stage shares. Keys live in one byte buffer; ids index the callers' arrays.
*/
#include <string.h>

#include "strtab.h"

/* kata__hash, inline for the table's own lookups (most of its calls). */
static inline uint64_t hash_inline(const char *s, size_t len) {
  const uint64_t m = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x2545F4914F6CDD1Dull ^ (len * m);
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * m;
    h ^= h >> 29;
    s += 8;
    len -= 8;
  }
  if (len) { /* the tail, a byte at a time: no memcpy call for short keys */
    uint64_t w = 0;
    size_t k;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len >= 4) { /* two overlapping loads: the bytes they share are equal */
      uint32_t a, b;
      memcpy(&a, s, 4);
      memcpy(&b, s + len - 4, 4);
      w = (uint64_t)a | ((uint64_t)b << (8 * (len - 4)));
    } else {
      w = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len >> 1] << (8 * (len >> 1)) |
          (uint64_t)(unsigned char)s[len - 1] << (8 * (len - 1));
    }
    (void)k;
#else
    for (k = 0; k < len; k++) w |= (uint64_t)(unsigned char)s[k] << (8 * k);
#endif
    h = (h ^ w) * m;
  }
  h ^= h >> 32;
  h *= m;
  return h ^ (h >> 29);
}

uint64_t kata__hash(const char *s, size_t len) { return hash_inline(s, len); }

void kata__strtab_init(kata__strtab_t *t, const kata_allocator_t *A) {
  memset(t, 0, sizeof *t);
  t->A = *A;
  kata_buf_init(&t->keys);
}

void kata__strtab_free(kata__strtab_t *t) {
  kata_buf_free(&t->A, &t->keys);
  if (t->ents) t->A.f(t->A.ud, t->ents, t->ents_cap * sizeof *t->ents, 0);
  if (t->slots) t->A.f(t->A.ud, t->slots, t->nslots * sizeof *t->slots, 0);
  t->ents = NULL;
  t->slots = NULL;
  t->n = t->ents_cap = t->nslots = 0;
}

/* Grows the slot array to twice its size and reinserts every id. */
static int rehash(kata__strtab_t *t) {
  size_t ns = t->nslots ? t->nslots * 2 : 64, i;
  uint32_t *slots;
  if (ns > ((size_t)-1) / sizeof *slots) return KATA_ELIMIT;
  slots = (uint32_t *)t->A.f(t->A.ud, NULL, 0, ns * sizeof *slots);
  if (!slots) return KATA_ENOMEM;
  memset(slots, 0, ns * sizeof *slots);
  for (i = 0; i < t->n; i++) {
    size_t j = t->ents[i].hash & (ns - 1);
    while (slots[j]) j = (j + 1) & (ns - 1);
    slots[j] = (uint32_t)(i + 1);
  }
  if (t->slots) t->A.f(t->A.ud, t->slots, t->nslots * sizeof *t->slots, 0);
  t->slots = slots;
  t->nslots = ns;
  return KATA_OK;
}

long kata__strtab_find(const kata__strtab_t *t, const char *s, size_t len) {
  return t->n ? kata__strtab_find_h(t, s, len, hash_inline(s, len)) : -1;
}


int kata__strtab_intern(kata__strtab_t *t, const char *s, size_t len,
                       size_t *id) {
  return kata__strtab_intern_h(t, s, len, hash_inline(s, len), id);
}

int kata__strtab_intern_h(kata__strtab_t *t, const char *s, size_t len,
                         uint64_t h, size_t *id) {
  size_t j;
  int rc;
  if (len > UINT32_MAX) return KATA_ELIMIT;
  if (t->nslots) {
    long found = kata__strtab_find_h(t, s, len, h);
    if (found >= 0) {
      *id = (size_t)found;
      return 0;
    }
  }
  if (t->n >= UINT32_MAX - 1) return KATA_ELIMIT;
  if (t->n == t->ents_cap) {
    size_t cap = t->ents_cap ? t->ents_cap * 2 : 32;
    kata__strent_t *e;
    if (cap > ((size_t)-1) / sizeof *e) return KATA_ELIMIT;
    e = (kata__strent_t *)t->A.f(t->A.ud, t->ents, t->ents_cap * sizeof *e,
                                cap * sizeof *e);
    if (!e) return KATA_ENOMEM;
    t->ents = e;
    t->ents_cap = cap;
  }
  /* Keep the load factor under 1/2. */
  if ((t->n + 1) * 2 > t->nslots && (rc = rehash(t)) != KATA_OK) return rc;
  if ((rc = kata_buf_append(&t->A, &t->keys, s, len)) != KATA_OK) return rc;
  if (len > 0) t->shape[(unsigned char)s[0]] |= 1u << (len < 31 ? len : 31);
  t->ents[t->n].off = t->keys.len - len;
  t->ents[t->n].len = (uint32_t)len;
  t->ents[t->n].hash = (uint32_t)h;
  for (j = h & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1)) {}
  t->slots[j] = (uint32_t)(t->n + 1);
  *id = t->n++;
  return 1;
}

/* Empties the slots of the ids going. Every older key was placed (by
** intern or rehash, both in id order) before any of them, so no older
** key's probe run passes through their slots. shape keeps their bits:
** it may only answer "maybe" more often. */
void kata__strtab_truncate(kata__strtab_t *t, size_t n) {
  size_t id, j;
  if (n >= t->n) return;
  for (id = n; id < t->n; id++) {
    for (j = t->ents[id].hash & (t->nslots - 1); t->slots[j] != id + 1;
         j = (j + 1) & (t->nslots - 1)) {}
    t->slots[j] = 0;
  }
  t->keys.len = t->ents[n].off;
  t->n = n;
}

size_t kata__strtab_bytes(const kata__strtab_t *t) {
  return t->keys.cap + t->ents_cap * sizeof *t->ents +
         t->nslots * sizeof *t->slots;
}
