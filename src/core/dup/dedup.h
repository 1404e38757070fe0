/*
** dedup.h: what kata_duplicates and the streaming index share: paragraph
** normalisation, boilerplate tails, word shingles. Internal.
*/
#ifndef KATA_DEDUP_H
#define KATA_DEDUP_H

#include "kata.h"

/* Private to the core: never exported from a shared build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

typedef struct para {
  size_t norm_off, norm_len;  /* the normalised text, in d->norm */
  size_t sh_off, sh_len;      /* sorted distinct shingle hashes, in d->sh */
  size_t w_off, nwords;       /* word hashes in order, in d->words */
  uint64_t head;              /* the key of its first two words (kata_duplicates) */
  int teaser;
} para_t;

typedef struct dedup {
  kata_allocator_t A;
  kata_buf_t norm, sh, words, tmp;
  para_t *p;
  size_t np;
} dedup_t;

/* A 64-bit finaliser (MurmurHash3's fmix64 constants). */
static inline uint64_t kata__mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDull;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ull;
  return x ^ (x >> 33);
}

/* Is tails within KATA_DEDUP_TAILS_MAX and KATA_DEDUP_TAIL_BYTES? */
int kata__dd_tails_ok(const char *const *tails);

/* Where the boilerplate tail of s[0, n) starts (n if none). */
size_t kata__dd_tail_start(const char *s, size_t n, const char *const *tails);

/* Does the paragraph end in "..." or U+2026? */
int kata__dd_is_teaser(const char *s, size_t n);

/* Appends the normalised text of s[0, n) to d->norm and its word hashes
** to d->words; fills p's norm and word fields. */
int kata__dd_normalise(dedup_t *d, const char *s, size_t n, para_t *p);

/* The sorted distinct k-word shingle hashes of p, appended to d->sh. */
int kata__dd_shingle(dedup_t *d, para_t *p, int k);
const uint64_t *kata__dd_shingles(const dedup_t *d, const para_t *p);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
