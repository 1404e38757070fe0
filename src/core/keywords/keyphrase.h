/*
** keyphrase.h: kata's key-phrase method (keyphrase.c), the API to move into
** kata.h once the bindings call it; until then the core's C callers include it.
*/
#ifndef KATA_KEYPHRASE_H
#define KATA_KEYPHRASE_H

#include "kata.h"

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(default)
#endif

/* {======================================================================
** Key phrases (one document, no corpus): names and noun-phrase-like runs
** ======================================================================= */

#define KATA_KEYPHRASE_NGRAM_MAX 4

typedef struct kata_keyphrase_opts {
  unsigned flags;          /* KATA_COUNT_FOLD: report folded forms */
  int ngram_max;           /* longest phrase, 1 to KATA_KEYPHRASE_NGRAM_MAX */
  const kata_wordset_t *stopwords; /* NULL: none; matched on folded forms */
  kata_stemmer_t *stemmer; /* NULL: words are grouped by their folded form */
  const char *lang;        /* "en": English word rarity and phrase edges;
                           ** anything else (or NULL): every word equally rare */
} kata_keyphrase_opts_t;

typedef struct kata_keyphrase kata_keyphrase_t;

kata_keyphrase_t *kata_keyphrase_new(const kata_allocator_t *A);
void kata_keyphrase_free(kata_keyphrase_t *k);

/*
** Extracts up to n key phrases of s. k may be reused: each run forgets the
** last one's results. KATA_EINVAL for ngram_max out of range, KATA_ENOMEM
** (k then holds no results). Invalid UTF-8 is read around, as the
** tokenizer does.
*/
int kata_keyphrase_run(kata_keyphrase_t *k, const char *s, size_t len,
                       const kata_keyphrase_opts_t *o, size_t n);
size_t kata_keyphrase_size(const kata_keyphrase_t *k);
/* The i-th phrase, best first: its most frequent spelling (words joined by
** one space; folded with KATA_COUNT_FOLD), its score (higher is better)
** and how often it occurs. */
const char *kata_keyphrase_term(const kata_keyphrase_t *k, size_t i, size_t *len);
double kata_keyphrase_score(const kata_keyphrase_t *k, size_t i);
uint64_t kata_keyphrase_count(const kata_keyphrase_t *k, size_t i);

/* The Zipf value (log10 of occurrences per billion words) of a folded word
** in the built-in frequencies of lang ("en"), or 0 when it is not listed. */
double kata_word_zipf(const char *lang, const char *w, size_t len);

/* }====================================================================== */

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
