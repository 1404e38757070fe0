/*
** fuzz_count.c: libFuzzer target for the counting core: kata_counter_*,
** kata_corpus_*, kata_yake_*, kata_language and the paragraph splitter.
**
** The first input byte picks the options, the rest is the text:
**   bit 0     KATA_COUNT_FOLD        bit 1  KATA_COUNT_NUMBERS
**   bits 2-3  ngrams: 1, 2, 3 or 1..3
**   bit 4     built-in stop words     bit 5  stem (English or Indonesian by bit 6)
**   bit 7     make the allocator fail at the call numbered by the second byte
** Invariants: counts sum to the total; every term is non-empty and has at
** most three words; ranking is sorted and deterministic; YAKE keywords are
** best first; paragraphs are in order, inside the text and trimmed; nothing
** is outstanding after every object is freed, also after a failure.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

#include "fuzz_alloc.h"

#define CHECK(cond, what)                                                   \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "fuzz_count: %s (%s:%d)\n", what, __FILE__, __LINE__); \
      abort();                                                              \
    }                                                                       \
  } while (0)

static int words_in(const char *s, size_t n) {
  int words = 1;
  size_t i;
  for (i = 0; i < n; i++) words += s[i] == ' ';
  return words;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  budget_t bud = {0, 0, 0, 0};
  kata_allocator_t A = {allocf, &bud};
  kata_count_opts_t o;
  kata_counter_t *c = NULL;
  kata_wordset_t *stop = NULL;
  kata_stemmer_t *st = NULL;
  kata_corpus_t *k = NULL;
  kata_yake_t *y = NULL;
  kata_ranked_t top[8];
  const char *s;
  size_t len, i, n, pos, a, b, prev;
  unsigned char opt;
  uint64_t sum = 0;
  double conf;
  int rc;
  if (size < 1) return 0;
  opt = data[0];
  s = (const char *)data + 1;
  len = size - 1;
  if ((opt & 0x80) && len > 0) {
    bud.fail_at = 1 + (unsigned char)s[0] % 16;
    s++;
    len--;
  }
  memset(&o, 0, sizeof o);
  o.flags = (opt & 1 ? KATA_COUNT_FOLD : 0) | (opt & 2 ? KATA_COUNT_NUMBERS : 0);
  o.ngram_min = (opt >> 2 & 3) == 3 ? 1 : (opt >> 2 & 3) + 1;
  o.ngram_max = (opt >> 2 & 3) == 3 ? 3 : (opt >> 2 & 3) + 1;
  o.min_length = 2;

  if (opt & 0x10) {
    const char *const *list = kata_stoplist(opt & 0x40 ? "id" : "en", NULL);
    stop = kata_wordset_new(&A);
    for (i = 0; stop && list[i]; i++)
      if (kata_wordset_add(stop, list[i], strlen(list[i])) != KATA_OK) break;
    o.stopwords = stop;
  }
  if (opt & 0x20) {
    st = kata_stemmer_new(opt & 0x40 ? "id" : "en");
    CHECK(st != NULL, "no stemmer for a built-in language");
    o.stemmer = st;
  }

  c = kata_counter_new(&A);
  if (c && (rc = kata_counter_add(c, s, len, &o)) == KATA_OK) {
    n = kata_counter_size(c);
    for (i = 0; i < n; i++) {
      size_t tl, kl;
      const char *term = kata_counter_term(c, i, &tl);
      const char *key = kata_counter_key(c, i, &kl);
      CHECK(kata_counter_count(c, i) > 0, "a term counted zero times");
      CHECK(kl > 0 && words_in(key, kl) >= o.ngram_min &&
                words_in(key, kl) <= o.ngram_max, "term of the wrong length");
      CHECK(kata_counter_find(c, key, kl) == (long)i, "key not found again");
      CHECK(term != NULL || bud.fail_at, "no reported term");
      sum += kata_counter_count(c, i);
    }
    CHECK(sum == kata_counter_total(c), "counts do not add up to the total");
    if (kata_counter_rank(c, NULL, 8, top, &n) == KATA_OK) {
      CHECK(n <= 8 && n <= kata_counter_size(c), "too many ranked");
      for (i = 1; i < n; i++) CHECK(top[i - 1].score >= top[i].score, "ranking not sorted");
    }
    k = kata_corpus_new(&A);
    if (k && kata_corpus_add(k, c, "doc", 3) == 1) {
      CHECK(kata_corpus_add(k, c, "doc", 3) == 0, "a repeated id was added");
      CHECK(kata_corpus_size(k) == 1, "corpus size");
      for (i = 0; i < kata_counter_size(c); i++) {
        size_t kl;
        const char *key = kata_counter_key(c, i, &kl);
        CHECK(kata_corpus_df(k, key, kl) == 1, "document frequency");
      }
    }
  } else {
    CHECK(!c || rc == KATA_ENOMEM, "counting failed without a memory error");
  }

  y = kata_yake_new(&A);
  if (y) {
    kata_yake_opts_t yo;
    memset(&yo, 0, sizeof yo);
    yo.flags = o.flags;
    yo.ngram_max = o.ngram_max;
    yo.min_length = 3;
    yo.stopwords = stop;
    yo.stemmer = st;
    yo.dedup = 0.9;
    rc = kata_yake_run(y, s, len, &yo, 10);
    CHECK(rc == KATA_OK || rc == KATA_ENOMEM, "yake failed without a memory error");
    if (rc == KATA_OK) {
      n = kata_yake_size(y);
      CHECK(n <= 10, "too many keywords");
      for (i = 0; i < n; i++) {
        size_t tl;
        CHECK(kata_yake_term(y, i, &tl) && tl > 0, "empty keyword");
        CHECK(kata_yake_count(y, i) > 0, "keyword never seen");
        CHECK(i == 0 || kata_yake_score(y, i - 1) <= kata_yake_score(y, i),
              "keywords not best first");
      }
    }
  }

  CHECK(strlen(kata_language(s, len, &conf)) >= 2 && conf >= 0 && conf <= 1,
        "language guess");

  for (i = 0; i < 2; i++) {
    kata_parmode_t mode = i ? KATA_PAR_LINE : KATA_PAR_BLANK;
    pos = 0;
    prev = 0;
    while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
      size_t x = a, y2 = b;
      CHECK(prev <= a && a < b && b <= len && pos <= len, "paragraph out of order");
      kata_trim(s, &x, &y2);
      CHECK(x == a && y2 == b, "paragraph not trimmed");
      prev = b;
    }
  }

  kata_yake_free(y);
  kata_corpus_free(k);
  kata_counter_free(c);
  kata_wordset_free(stop);
  kata_stemmer_free(st);
  CHECK(bud.live == 0, "memory left outstanding");
  return 0;
}
