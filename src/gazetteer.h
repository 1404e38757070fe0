/*
** gazetteer.h: phrase dictionaries for the entity tagger: token-aligned,
** longest match first, case- and normalisation-insensitive by option.
** Internal to the core (the binding and entities.c use it).
*/
#ifndef KATA_GAZETTEER_H
#define KATA_GAZETTEER_H

#include <string.h>

#include "kata.h"

/* Entity types; 0 is "none". */
enum {
  KATA_ENT_NONE = 0,
  KATA_ENT_PERSON,
  KATA_ENT_LOCATION,
  KATA_ENT_ORGANIZATION,
  KATA_ENT_DATE,
  KATA_ENT_TIME,
  KATA_ENT_MONEY,
  KATA_ENT_PERCENT,
  KATA_ENT_NUMBER,
  KATA_ENT_URL,
  KATA_ENT_EMAIL,
  KATA_ENT_HASHTAG,
  KATA_ENT_MENTION,
  KATA_ENT_NTYPES
};

/* "PERSON", ... by type (NULL for 0 or out of range); the type of a name
** (exact, upper case), or 0. */
const char *kata_entity_type_name(int type);
int kata_entity_type_of(const char *name, size_t len);

#define KATA_GAZ_FOLD (1u << 0) /* match case-insensitively (full case folding) */
#define KATA_GAZ_NFKC (1u << 1) /* match NFKC forms (compatibility variants) */

#define KATA_GAZ_MAX_TOKENS 32    /* tokens in a phrase */
#define KATA_GAZ_MAX_PHRASE 1024  /* bytes in a phrase */

typedef struct kata_gazetteer kata_gazetteer_t;

kata_gazetteer_t *kata_gazetteer_new(const kata_allocator_t *A, unsigned flags);
void kata_gazetteer_free(kata_gazetteer_t *g);
unsigned kata_gazetteer_flags(const kata_gazetteer_t *g);

/*
** Adds a phrase (its tokens: words, numbers, punctuation and symbols, white
** space between them ignored) with a type and an optional value (any bytes,
** vlen 0 for none). A phrase added again replaces the type and value.
** KATA_EINVAL: no token, or a type out of range; KATA_ELIMIT: over
** KATA_GAZ_MAX_TOKENS tokens or KATA_GAZ_MAX_PHRASE bytes; KATA_EUTF8:
** invalid UTF-8 in the phrase.
*/
int kata_gazetteer_add(kata_gazetteer_t *g, const char *phrase, size_t plen,
                       int type, const char *value, size_t vlen);

/*
** Adds the entries of TSV text: per line "phrase<TAB>TYPE[<TAB>value]";
** CRLF or LF; lines that are blank or start with '#' are skipped. On a
** malformed line (no tab, unknown type, empty phrase, too long, invalid
** UTF-8, more than 3 fields) returns KATA_EFORMAT with *errline (1-based)
** and *errmsg (a static text such as "unknown type", which cannot name
** the type); entries before it stay added. Other errors (KATA_ENOMEM)
** also set *errline, and *errmsg to kata_errmsg's text.
*/
int kata_gazetteer_load(kata_gazetteer_t *g, const char *text, size_t len,
                        size_t *errline, const char **errmsg);

size_t kata_gazetteer_size(const kata_gazetteer_t *g);   /* entries */
size_t kata_gazetteer_memory(const kata_gazetteer_t *g); /* bytes held */

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

/*
** The same, straight from the text, for a text matched once: tk[0, n) are
** the tokens of s[0, len) (0-based spans, no white space, in order: what
** kata__gaztext_prepare would push). From token *i on, finds the first token
** where a phrase of g starts: sets *i to it (n when there is none) and
** returns the phrase's tokens (0: none), with *type, *value, *vlen as
** above. Forms are made only where a lookup needs them, in scratch (reused
** from call to call; the caller frees it). On a failed allocation returns
** 0 with *err set (KATA_OK otherwise).
*/
typedef struct kata_gazspan {
  size_t start, stop;
} kata_gazspan_t;

size_t kata_gazetteer_next_at(const kata_allocator_t *A, const kata_gazetteer_t *g,
                              const char *s, size_t len, const kata_gazspan_t *tk,
                              size_t n, size_t *i, kata_buf_t *scratch, int *type,
                              const char **value, size_t *vlen, int *err);

#endif
