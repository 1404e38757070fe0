/*
** stopwords.c: word sets, the built-in stop-word lists (data/stopwords,
** compiled in), and a language guess from how often each list's words occur.
*/
#include <string.h>

#include "internal.h"
#include "strtab.h"

#include "stopwords_data.h"

kata_wordset_t *kata_wordset_new(const kata_allocator_t *A) {
  kata__strtab_t *t = (kata__strtab_t *)A->f(A->ud, NULL, 0, sizeof *t);
  if (t) kata__strtab_init(t, A);
  return t;
}

void kata_wordset_free(kata_wordset_t *ws) {
  kata_allocator_t A;
  if (!ws) return;
  A = ws->A;
  kata__strtab_free(ws);
  A.f(A.ud, ws, sizeof *ws, 0);
}

int kata_wordset_add(kata_wordset_t *ws, const char *s, size_t len) {
  kata_buf_t b;
  size_t id;
  int rc;
  kata_buf_init(&b);
  rc = kata_normalize(&ws->A, s, len, KATA_FORM_NFC, KATA_NORM_FOLD, &b, NULL);
  if (rc == KATA_OK) rc = kata__strtab_intern(ws, b.data ? b.data : "", b.len, &id);
  kata_buf_free(&ws->A, &b);
  return rc < 0 ? rc : KATA_OK;
}

int kata_wordset_has(const kata_wordset_t *ws, const char *s, size_t len) {
  return kata__strtab_find(ws, s, len) >= 0;
}

size_t kata_wordset_size(const kata_wordset_t *ws) { return ws->n; }

const char *const *kata_stoplist(const char *lang, size_t *count) {
  size_t i;
  for (i = 0; kata_stoplists[i].lang; i++)
    if (strcmp(kata_stoplists[i].lang, lang) == 0) {
      if (count) *count = kata_stoplists[i].count;
      return kata_stoplists[i].words;
    }
  return NULL;
}

const char *kata_stoplist_lang(size_t i) {
  size_t n = sizeof kata_stoplists / sizeof kata_stoplists[0] - 1;
  return i < n ? kata_stoplists[i].lang : NULL;
}

/* Is the ASCII-lower-cased token w one of the words of list? (Binary search
** would need sorted lists; a linear scan of ~400 short words is avoided by
** the first-byte check.) */
static long in_list(const char *const *list, size_t count, const char *w,
                    size_t len) {
  size_t lo = 0, hi = count; /* the generated lists are in byte order */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *x = list[mid];
    int r = strncmp(x, w, len);
    if (r == 0) r = x[len] != '\0'; /* x is longer: x > w */
    if (r == 0) return (long)mid;
    if (r < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

#define LANG_MAX 16

#define DISTINCT_MAX 1024 /* words per list tracked for distinct hits */

size_t kata_language_hits(const char *s, size_t len, size_t *hits,
                          size_t *distinct, size_t max, size_t *words) {
  size_t nl = 0, i;
  kata_tokenizer_t t;
  kata_token_t tok;
  char w[32];
  unsigned char seen[LANG_MAX][DISTINCT_MAX / 8];
  uint32_t shape[256]; /* bit len of [first byte]: some stop word is like it */
  while (nl < max && nl < LANG_MAX && kata_stoplist_lang(nl)) nl++;
  memset(seen, 0, sizeof seen);
  memset(shape, 0, sizeof shape);
  for (i = 0; i < nl; i++) {
    const char *const *wl = kata_stoplists[i].words;
    size_t k;
    for (k = 0; wl[k]; k++) {
      size_t wlen = strlen(wl[k]);
      if (wlen < 32) shape[(unsigned char)wl[k][0]] |= 1u << wlen;
    }
  }
  for (i = 0; i < nl; i++) hits[i] = distinct[i] = 0;
  *words = 0;
  if (len > KATA_LANGUAGE_SAMPLE) len = KATA_LANGUAGE_SAMPLE;
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    size_t n = tok.stop - tok.start, k;
    if (tok.kind != KATA_WORD) continue;
    (*words)++;
    if (n >= sizeof w) continue;
    {
      char c0 = s[tok.start];
      if (c0 >= 'A' && c0 <= 'Z') c0 = (char)(c0 + 32);
      if (!((shape[(unsigned char)c0] >> n) & 1u)) continue; /* no stop word */
    }
    for (k = 0; k < n; k++) {
      char c = s[tok.start + k];
      w[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (i = 0; i < nl; i++) {
      long at = in_list(kata_stoplists[i].words, kata_stoplists[i].count, w, n);
      if (at < 0) continue;
      hits[i]++;
      if (at < DISTINCT_MAX && !(seen[i][at / 8] & (1 << (at % 8)))) {
        seen[i][at / 8] |= (unsigned char)(1 << (at % 8));
        distinct[i]++;
      }
    }
  }
  return nl;
}

size_t kata_language_hits_sets(const char *s, size_t len,
                               const kata_wordset_t *const *sets, size_t nsets,
                               size_t *hits, size_t *distinct, size_t *words) {
  size_t i;
  kata_tokenizer_t t;
  kata_token_t tok;
  char w[32];
  unsigned char seen[LANG_MAX][DISTINCT_MAX / 8];
  if (nsets > LANG_MAX) nsets = LANG_MAX;
  memset(seen, 0, sizeof seen);
  for (i = 0; i < nsets; i++) hits[i] = distinct[i] = 0;
  *words = 0;
  if (len > KATA_LANGUAGE_SAMPLE) len = KATA_LANGUAGE_SAMPLE;
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    size_t n = tok.stop - tok.start, k;
    uint64_t h;
    if (tok.kind != KATA_WORD) continue;
    (*words)++;
    if (n >= sizeof w) continue;
    for (k = 0; k < n; k++) {
      char c = s[tok.start + k];
      w[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    h = 0;
    for (i = 0; i < nsets; i++) {
      long at;
      if (!kata__wordset_may_have(sets[i], w, n)) continue;
      if (h == 0) h = kata__hash(w, n);
      at = kata__strtab_find_h(sets[i], w, n, h);
      if (at < 0) continue;
      hits[i]++;
      if (at < DISTINCT_MAX && !(seen[i][at / 8] & (1 << (at % 8)))) {
        seen[i][at / 8] |= (unsigned char)(1 << (at % 8));
        distinct[i]++;
      }
    }
  }
  return nsets;
}

/*
** For each built-in list, the share of the text's words that are in it. The
** best list wins; confidence grows with its lead over the runner-up (a lead
** of 0.2, typical of a paragraph of real prose, is full confidence).
*/
const char *kata_language(const char *s, size_t len, double *confidence) {
  size_t hits[LANG_MAX], distinct[LANG_MAX], words, nl;
  nl = kata_language_hits(s, len, hits, distinct, LANG_MAX, &words);
  return kata_language_guess(hits, nl, words, confidence);
}

const char *kata_language_guess(const size_t *hits, size_t nl, size_t words,
                                double *confidence) {
  size_t i, best = 0, second;
  for (i = 1; i < nl; i++)
    if (hits[i] > hits[best]) best = i;
  second = best == 0 ? (nl > 1 ? 1 : 0) : 0;
  for (i = 0; i < nl; i++)
    if (i != best && hits[i] > hits[second]) second = i;
  if (words == 0 || hits[best] == 0 || (nl > 1 && hits[best] == hits[second])) {
    *confidence = 0;
    return "und";
  }
  {
    double lead = (double)(hits[best] - (second != best ? hits[second] : 0)) /
                  (double)words;
    *confidence = lead >= 0.2 ? 1.0 : lead / 0.2;
  }
  return kata_stoplists[best].lang;
}
