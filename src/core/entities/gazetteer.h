/*
** gazetteer.h: the gazetteer's private side, for the tagger: a text
** prepared once for every gazetteer with the same flags, and the longest
** phrase at a token. The public side (types, kata_gazetteer_*) is in kata.h.
*/
#ifndef KATA_GAZETTEER_H
#define KATA_GAZETTEER_H

#include <string.h>

#include "kata.h"

/* Private to the core: never exported from a shared build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

/*
** A text prepared for matching: its non-space tokens, each with its
** matching form (folded and/or NFKC per the flags, or as is) in a buffer
** (each form preceded by its length, so consecutive forms make a key).
** One kata__gaztext_t serves every gazetteer with the same flags.
*/
typedef struct kata__gaztok {
  size_t start, stop; /* the token in the text, 0-based, stop exclusive */
  size_t off, len;    /* its matching form in the buffer */
  int kind;           /* kata_kind_t */
} kata__gaztok_t;

typedef struct kata__gaztext {
  kata__gaztok_t *tok;
  size_t n, cap;
  kata_buf_t forms;
  unsigned flags;
} kata__gaztext_t;

void kata__gaztext_init(kata__gaztext_t *t);
int kata__gaztext_prepare(const kata_allocator_t *A, kata__gaztext_t *t,
                         const char *s, size_t len, unsigned flags);
void kata__gaztext_free(const kata_allocator_t *A, kata__gaztext_t *t);

/* The same, token by token, for a caller that has the tokens already (the
** tagger): reset, push each non-space token of s[0, len) in order, finish. */
void kata__gaztext_reset(kata__gaztext_t *t, unsigned flags);
int kata__gaztext_push(const kata_allocator_t *A, kata__gaztext_t *t, const char *s,
                      size_t len, size_t start, size_t stop, int kind);
int kata__gaztext_finish(const kata_allocator_t *A, kata__gaztext_t *t);

/* Room for ntok more tokens and nbytes more bytes of token text, so that
** kata__gaztext_push_short takes each of them (the tagger's one pass). */
int kata__gaztext_reserve(const kata_allocator_t *A, kata__gaztext_t *t, size_t ntok,
                         size_t nbytes);

/* kata__gaztext_push's common case, inline: a token under 128 bytes copied
** as it is (no folding, no NFKC) after its one-byte length, when there is
** room; returns 0, pushing nothing, when kata__gaztext_push must do it. */
static inline int kata__gaztext_push_short(kata__gaztext_t *t, const char *s, size_t len,
                                          size_t start, size_t stop, int kind) {
  size_t n = stop - start, k;
  char *d;
  kata__gaztok_t *g;
  if ((t->flags & (KATA_GAZ_FOLD | KATA_GAZ_NFKC)) || n >= 128 || t->n >= t->cap ||
      t->forms.cap - t->forms.len < n + 18)
    return 0;
  d = t->forms.data + t->forms.len;
  d[0] = (char)n;
  if (n <= 16 && len - start >= 16) { /* two 8-byte moves; the room is 18 */
    memcpy(d + 1, s + start, 8);
    memcpy(d + 9, s + start + 8, 8);
  } else {
    for (k = 0; k < n; k++) d[1 + k] = s[start + k];
  }
  g = &t->tok[t->n++];
  g->start = start;
  g->stop = stop;
  g->off = t->forms.len + 1;
  g->len = n;
  g->kind = kind;
  t->forms.len += n + 1;
  return 1;
}

/*
** The longest phrase of g starting at token i of t (t prepared with g's
** flags): returns how many tokens it covers (0: none) and sets *type and
** *value / *vlen (NULL / 0 for none).
*/
size_t kata__gazetteer_longest(const kata_gazetteer_t *g, const kata__gaztext_t *t,
                              size_t i, int *type, const char **value, size_t *vlen);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
