/*
** keywords.c: what every host decides the same way about keywords: the
** language of a text and its stop words and stemmer, the defaults of each
** method, and the scores (relative frequency, count x idf, YAKE's).
*/
#include <string.h>

#include "internal.h"

/* The languages of the built-in lists as a set: a bit each (KATA_MAX_LANGS
** is at most 32). */
typedef uint32_t langmask_t;

#define ALL_LANGS(n) ((n) >= 32 ? (langmask_t)0xFFFFFFFFu : (((langmask_t)1 << (n)) - 1))

/* {======================================================================
** Languages: built-in stop-word sets and stemmers, kept
** ======================================================================= */

typedef struct kept_set {
  langmask_t mask; /* the lists it unites */
  kata_wordset_t *ws;
} kept_set_t;

typedef struct kept_stemmer {
  char *code; /* the code asked for, NUL-terminated */
  kata_stemmer_t *st;
} kept_stemmer_t;

struct kata_langs {
  kata_allocator_t A;
  size_t nlangs;
  kept_set_t *sets; /* the unions asked for so far: a few (one per list,
                        ** and the mixes a guess makes) */
  size_t nsets, sets_cap;
  kept_stemmer_t *stemmers;
  size_t nstemmers, cap;
};

kata_langs_t *kata_langs_new(const kata_allocator_t *A) {
  kata_langs_t *l = (kata_langs_t *)A->f(A->ud, NULL, 0, sizeof *l);
  if (!l) return NULL;
  memset(l, 0, sizeof *l);
  l->A = *A;
  while (l->nlangs < KATA_MAX_LANGS && kata_stoplist_lang(l->nlangs)) l->nlangs++;
  return l;
}

void kata_langs_free(kata_langs_t *l) {
  size_t i;
  if (!l) return;
  for (i = 0; i < l->nsets; i++) kata_wordset_free(l->sets[i].ws);
  if (l->sets) l->A.f(l->A.ud, l->sets, l->sets_cap * sizeof *l->sets, 0);
  for (i = 0; i < l->nstemmers; i++) {
    kata_stemmer_free(l->stemmers[i].st);
    l->A.f(l->A.ud, l->stemmers[i].code, strlen(l->stemmers[i].code) + 1, 0);
  }
  if (l->stemmers) l->A.f(l->A.ud, l->stemmers, l->cap * sizeof *l->stemmers, 0);
  l->A.f(l->A.ud, l, sizeof *l, 0);
}

/* The stop words of the built-in lists in mask (a bit per list), made on
** first use and kept. */
static int stop_set(kata_langs_t *l, langmask_t mask, const kata_wordset_t **out) {
  kata_wordset_t *ws;
  size_t i, k;
  for (i = 0; i < l->nsets; i++)
    if (l->sets[i].mask == mask) {
      *out = l->sets[i].ws;
      return KATA_OK;
    }
  if (l->nsets == l->sets_cap) {
    size_t nc = l->sets_cap ? l->sets_cap * 2 : 8;
    void *q = l->A.f(l->A.ud, l->sets, l->sets_cap * sizeof *l->sets, nc * sizeof *l->sets);
    if (!q) return KATA_ENOMEM;
    l->sets = (kept_set_t *)q;
    l->sets_cap = nc;
  }
  if (!(ws = kata_wordset_new(&l->A))) return KATA_ENOMEM;
  for (i = 0; i < l->nlangs; i++) {
    const char *const *list;
    if (!(mask & ((langmask_t)1 << i))) continue;
    list = kata_stoplist(kata_stoplist_lang(i), NULL);
    for (k = 0; list[k]; k++)
      if (kata_wordset_add(ws, list[k], strlen(list[k])) != KATA_OK) {
        kata_wordset_free(ws);
        return KATA_ENOMEM;
      }
  }
  l->sets[l->nsets].mask = mask;
  l->sets[l->nsets++].ws = ws;
  *out = ws;
  return KATA_OK;
}

/* The index of lang's built-in list, or -1. */
static int list_index(const kata_langs_t *l, const char *lang) {
  size_t i;
  for (i = 0; i < l->nlangs; i++)
    if (strcmp(kata_stoplist_lang(i), lang) == 0) return (int)i;
  return -1;
}

int kata_langs_stemmer(kata_langs_t *l, const char *lang, kata_stemmer_t **st) {
  size_t i, n = strlen(lang) + 1;
  kept_stemmer_t *e;
  for (i = 0; i < l->nstemmers; i++)
    if (strcmp(l->stemmers[i].code, lang) == 0) {
      *st = l->stemmers[i].st;
      return KATA_OK;
    }
  *st = NULL;
  if (l->nstemmers == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 4;
    void *q = l->A.f(l->A.ud, l->stemmers, l->cap * sizeof *e, nc * sizeof *e);
    if (!q) return KATA_ENOMEM;
    l->stemmers = (kept_stemmer_t *)q;
    l->cap = nc;
  }
  e = &l->stemmers[l->nstemmers];
  if (!(e->st = kata_stemmer_new(lang))) return KATA_ENOSTEM; /* not kept: any code may come */
  if (!(e->code = (char *)l->A.f(l->A.ud, NULL, 0, n))) {
    kata_stemmer_free(e->st);
    return KATA_ENOMEM;
  }
  memcpy(e->code, lang, n);
  l->nstemmers++;
  *st = e->st;
  return KATA_OK;
}

/* "auto": the language guessed from s, and its stop words (see kata.h).
** A confident guess takes its own list, plus the list of any language with
** a tenth of its hits from three different stop words (an English summary
** in Indonesian news); a weak guess takes the lists of the news languages
** kata was made for, English and Indonesian (a short or mixed text still
** loses "the" and "yang", and keeps "word", "die" or "son", which a list of
** Dutch, German or French would take on no evidence). */
static int guess(kata_langs_t *l, unsigned flags, const char *s, size_t len,
                 kata_lang_choice_t *out) {
  size_t hits[KATA_MAX_LANGS], distinct[KATA_MAX_LANGS], words, nl, i, best = 0;
  const kata_wordset_t *sets[KATA_MAX_LANGS];
  langmask_t mask = 0;
  double conf = 0;
  int rc;
  for (nl = 0; nl < l->nlangs; nl++)
    if ((rc = stop_set(l, (langmask_t)1 << nl, &sets[nl])) != KATA_OK) return rc;
  nl = kata_language_hits_sets(s, len, sets, nl, hits, distinct, &words);
  out->lang = kata_language_guess(hits, nl, words, &conf);
  if (!(flags & KATA_LANG_STOPWORDS)) return KATA_OK;
  for (i = 1; i < nl; i++)
    if (hits[i] > hits[best]) best = i;
  for (i = 0; i < nl; i++) {
    const char *code = kata_stoplist_lang(i);
    if (conf >= 0.5 ? (i == best || (distinct[i] >= 3 && hits[i] * 10 >= hits[best]))
                    : (strcmp(code, "en") == 0 || strcmp(code, "id") == 0))
      mask |= (langmask_t)1 << i;
  }
  return stop_set(l, mask ? mask : ALL_LANGS(l->nlangs), &out->stopwords);
}

int kata_langs_resolve(kata_langs_t *l, const char *lang, unsigned flags, const char *s,
                       size_t len, kata_lang_choice_t *out) {
  int automatic = strcmp(lang, "auto") == 0, und = strcmp(lang, "und") == 0, rc, li;
  kata_stemmer_t *st;
  out->lang = lang;
  out->stopwords = NULL;
  out->stemmer = NULL;
  if (automatic) {
    if ((rc = guess(l, flags, s ? s : "", s ? len : 0, out)) != KATA_OK) return rc;
    und = strcmp(out->lang, "und") == 0;
  } else if (flags & KATA_LANG_STOPWORDS) {
    if ((li = list_index(l, lang)) < 0) return KATA_ENOLIST;
    if ((rc = stop_set(l, (langmask_t)1 << li, &out->stopwords)) != KATA_OK) return rc;
  } else if (!(flags & KATA_LANG_STEM) && !und && list_index(l, lang) < 0) {
    /* a code that nothing would use: neither a list nor a stemmer */
    rc = kata_langs_stemmer(l, lang, &st);
    if (rc != KATA_OK) return rc == KATA_ENOSTEM ? KATA_ELANG : rc;
  }
  if ((flags & KATA_LANG_STEM) && !und) {
    rc = kata_langs_stemmer(l, out->lang, &out->stemmer);
    if (rc == KATA_ENOSTEM && automatic) rc = KATA_OK; /* no stemming, no error */
    if (rc != KATA_OK) return rc;
  }
  return KATA_OK;
}

/* }====================================================================== */

/* {======================================================================
** Counting with the options of the hosts
** ======================================================================= */

void kata_kw_opts_init(kata_kw_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->flags = KATA_COUNT_FOLD;
  o->method = KATA_KW_DEFAULT;
  o->ngram_min = o->ngram_max = KATA_KW_DEFAULT;
  o->min_length = KATA_KW_DEFAULT;
  o->lang = "auto";
  o->stopwords = 1;
  o->own_stopwords = NULL;
  o->unique_paragraphs = 1; /* a repeated paragraph counts once */
  o->n = 10;
  o->corpus = NULL;
}

/*
** The methods by name. The default (the key-phrase method without a
** corpus) is the one a reader of news wants to see: on the public news
** keyphrase sets it beats YAKE!, frequency and TF-IDF on phrase gold and
** stays near frequency on single-word gold (docs/keywords.md). With a
** corpus, TF-IDF: the corpus is given only to rank against it.
*/
static const char *const method_names[] = {"frequency", "tfidf", "yake", "keyphrase", NULL};

int kata_kw_method(const kata_kw_opts_t *o) {
  if (o->method != KATA_KW_DEFAULT) return o->method;
  return o->corpus ? KATA_KW_TFIDF : KATA_KW_KEYPHRASE;
}

const char *kata_kw_method_name(int method) {
  return method >= 0 && method <= KATA_KW_KEYPHRASE ? method_names[method] : NULL;
}

int kata_kw_method_of(const char *name, size_t len) {
  int i;
  for (i = 0; method_names[i]; i++)
    if (strlen(method_names[i]) == len && memcmp(method_names[i], name, len) == 0) return i;
  return -1;
}

int kata_kw_count_opts(kata_langs_t *l, const kata_kw_opts_t *o, const char *s, size_t len,
                       kata_count_opts_t *c, const char **lang) {
  /* phrase methods take phrases by default; counting (KATA_KW_DEFAULT
  ** here: no ranking) takes words */
  int yake = o->method == KATA_KW_YAKE || o->method == KATA_KW_KEYPHRASE, rc;
  unsigned flags = (o->stopwords && !o->own_stopwords ? KATA_LANG_STOPWORDS : 0) |
                   (o->stem ? KATA_LANG_STEM : 0);
  kata_lang_choice_t ch;
  memset(c, 0, sizeof *c);
  c->flags = o->flags;
  c->ngram_min = o->ngram_min == KATA_KW_DEFAULT ? 1 : o->ngram_min;
  c->ngram_max = o->ngram_max == KATA_KW_DEFAULT ? (yake ? 3 : 1) : o->ngram_max;
  c->min_length = o->min_length < 0 ? (o->method == KATA_KW_YAKE ? 3u : 2u)
                                    : (size_t)o->min_length;
  if ((rc = kata_langs_resolve(l, o->lang, flags, s, len, &ch)) != KATA_OK) return rc;
  c->stopwords = o->own_stopwords ? o->own_stopwords : ch.stopwords;
  c->stemmer = ch.stemmer;
  if (lang) *lang = ch.lang;
  return KATA_OK;
}

/* Counts s (or its distinct paragraphs) into c with the options co. */
static int count_text(kata_langs_t *l, kata_counter_t *c, const char *s, size_t len,
                      const kata_count_opts_t *co, int unique) {
  kata_buf_t u;
  int rc;
  if (!unique) return kata_counter_add(c, s, len, co);
  kata_buf_init(&u);
  rc = kata_unique_paragraphs(&l->A, s, len, &u);
  if (rc == KATA_OK) rc = kata_counter_add(c, u.data ? u.data : "", u.len, co);
  kata_buf_free(&l->A, &u);
  return rc;
}

int kata_kw_count(kata_langs_t *l, kata_counter_t *c, const char *s, size_t len,
                  const kata_kw_opts_t *o, const char **lang) {
  kata_count_opts_t co;
  int rc = kata_kw_count_opts(l, o, s, len, &co, lang);
  return rc == KATA_OK ? count_text(l, c, s, len, &co, o->unique_paragraphs) : rc;
}

int kata_kw_idf(kata_langs_t *l, const kata_corpus_t *k, const char *term, size_t len,
                const kata_kw_opts_t *o, double *idf) {
  kata_kw_opts_t t = *o;
  kata_count_opts_t co;
  kata_counter_t *c;
  kata_tokenizer_t it;
  kata_token_t tok;
  kata_window_t win = {0, 0};
  const char *key;
  size_t klen;
  int words = 0, rc;
  t.method = KATA_KW_FREQUENCY;
  t.stopwords = 0;
  t.own_stopwords = NULL;
  t.min_length = 0;
  if ((rc = kata_kw_count_opts(l, &t, term, len, &co, NULL)) != KATA_OK) return rc;
  kata_tokenizer_init(&it, term, len, 0);
  while (kata_tokenizer_next(&it, &tok))
    if (tok.kind == KATA_WORD || tok.kind == KATA_NUMBER) words++;
  if (words < 1 || words > 3) return KATA_EINVAL;
  co.ngram_min = co.ngram_max = words; /* the whole term as one n-gram */
  co.flags |= KATA_COUNT_NUMBERS;
  if (!(c = kata_counter_new(&l->A))) return KATA_ENOMEM;
  kata_tokenizer_init(&it, term, len, 0);
  while (rc == KATA_OK && kata_tokenizer_next(&it, &tok))
    if (tok.kind == KATA_WORD || tok.kind == KATA_NUMBER)
      rc = kata_counter_add_word(c, term + tok.start, tok.stop - tok.start, &co, &win);
  if (rc == KATA_OK) {
    key = kata_counter_size(c) ? kata_counter_key(c, 0, &klen) : (klen = 0, "");
    *idf = kata_corpus_idf(k, key, klen);
  }
  kata_counter_free(c);
  return rc;
}

/* }====================================================================== */

/* {======================================================================
** Keywords
** ======================================================================= */

struct kata_keywords {
  kata_allocator_t A;
  kata_counter_t *counter; /* frequency and TF-IDF */
  kata_yake_t *yake;
  kata_keyphrase_t *kp;
  kata_keyword_t *kw;
  size_t n, room; /* keywords, and room for them in kw */
};

/* The n best of c by score: relative frequency, or count x idf in k. */
static int rank_counted(kata_keywords_t *r, const kata_corpus_t *k, size_t n) {
  kata_counter_t *c = r->counter;
  size_t id, size = kata_counter_size(c), i, got = 0;
  uint64_t total = kata_counter_total(c);
  double *scores;
  kata_ranked_t *ranked;
  int rc;
  if (n > size) n = size;
  if (size > ((size_t)-1) / sizeof *scores || n > ((size_t)-1) / sizeof *ranked ||
      n > ((size_t)-1) / sizeof *r->kw)
    return KATA_ELIMIT;
  scores = (double *)r->A.f(r->A.ud, NULL, 0, (size ? size : 1) * sizeof *scores);
  ranked = (kata_ranked_t *)r->A.f(r->A.ud, NULL, 0, (n ? n : 1) * sizeof *ranked);
  r->kw = (kata_keyword_t *)r->A.f(r->A.ud, NULL, 0, (n ? n : 1) * sizeof *r->kw);
  if (r->kw) r->room = n ? n : 1;
  rc = scores && ranked && r->kw ? KATA_OK : KATA_ENOMEM;
  for (id = 0; rc == KATA_OK && id < size; id++) {
    if (k) {
      size_t klen;
      const char *key = kata_counter_key(c, id, &klen);
      scores[id] = (double)kata_counter_count(c, id) * kata_corpus_idf(k, key, klen);
    } else {
      scores[id] = (double)kata_counter_count(c, id) / (double)(total ? total : 1);
    }
  }
  if (rc == KATA_OK) rc = kata_counter_rank(c, scores, n, ranked, &got);
  for (i = 0; rc == KATA_OK && i < got; i++) {
    kata_keyword_t *w = &r->kw[i];
    w->term = kata_counter_term(c, ranked[i].id, &w->len);
    w->count = kata_counter_count(c, ranked[i].id);
    w->score = ranked[i].score;
    w->yake = 0;
  }
  if (rc == KATA_OK) r->n = got;
  if (scores) r->A.f(r->A.ud, scores, (size ? size : 1) * sizeof *scores, 0);
  if (ranked) r->A.f(r->A.ud, ranked, (n ? n : 1) * sizeof *ranked, 0);
  return rc;
}

/* Room in r for the k results a method made. */
static int results_room(kata_keywords_t *r, size_t k) {
  if (k > ((size_t)-1) / sizeof *r->kw) return KATA_ELIMIT;
  r->kw = (kata_keyword_t *)r->A.f(r->A.ud, NULL, 0, (k ? k : 1) * sizeof *r->kw);
  if (!r->kw) return KATA_ENOMEM;
  r->room = k ? k : 1;
  return KATA_OK;
}

/* YAKE on s with the counting options co: its candidates are the words
** and phrases of up to co->ngram_max words; score is 1 / (1 + S). */
static int rank_yake(kata_keywords_t *r, const char *s, size_t len,
                     const kata_count_opts_t *co, const char *lang, size_t n) {
  kata_yake_opts_t yo;
  size_t i, k;
  int rc;
  memset(&yo, 0, sizeof yo);
  yo.flags = co->flags;
  yo.ngram_max = co->ngram_max;
  yo.min_length = co->min_length;
  yo.stopwords = co->stopwords;
  yo.stemmer = co->stemmer;
  yo.dedup = 0.9;
  yo.lang = lang;
  if (!(r->yake = kata_yake_new(&r->A))) return KATA_ENOMEM;
  if ((rc = kata_yake_run(r->yake, s, len, &yo, n)) != KATA_OK) return rc;
  k = kata_yake_size(r->yake);
  if ((rc = results_room(r, k)) != KATA_OK) return rc;
  for (i = 0; i < k; i++) {
    kata_keyword_t *w = &r->kw[i];
    w->term = kata_yake_term(r->yake, i, &w->len);
    w->count = kata_yake_count(r->yake, i);
    w->yake = kata_yake_score(r->yake, i);
    w->score = 1.0 / (1.0 + w->yake);
  }
  r->n = k;
  return KATA_OK;
}

/* The key-phrase method on s with the counting options co (words grouped
** by stem when the language settled on has a stemmer, as if stem were
** given); score is the method's. */
typedef struct kp_feed {
  kata_keyphrase_t *kp;
  const kata_keyphrase_opts_t *o;
} kp_feed_t;

static int kp_add(void *ud, const char *s, size_t len) {
  kp_feed_t *f = (kp_feed_t *)ud;
  return kata__keyphrase_add(f->kp, s, len, f->o);
}

/* The key phrases of s, or of its distinct paragraphs (unique): read a
** piece of about this many bytes at a time, never the whole text again. */
#define KP_PIECE 1048576

static int rank_keyphrase(kata_keywords_t *r, kata_langs_t *l, const char *s, size_t len,
                          const kata_count_opts_t *co, const char *lang, size_t n, int unique) {
  kata_keyphrase_opts_t ko;
  size_t i, k;
  int rc;
  memset(&ko, 0, sizeof ko);
  ko.flags = co->flags;
  ko.ngram_max = co->ngram_max;
  ko.stopwords = co->stopwords;
  ko.stemmer = co->stemmer;
  ko.lang = lang;
  if (!ko.stemmer && strcmp(lang, "und") != 0) {
    rc = kata_langs_stemmer(l, lang, &ko.stemmer);
    if (rc == KATA_ENOSTEM) ko.stemmer = NULL;
    else if (rc != KATA_OK) return rc;
  }
  if (!(r->kp = kata_keyphrase_new(&r->A))) return KATA_ENOMEM;
  if (unique) {
    kp_feed_t f;
    f.kp = r->kp;
    f.o = &ko;
    kata__keyphrase_begin(r->kp);
    if ((rc = kata__unique_paragraphs_each(&l->A, s, len, KP_PIECE, kp_add, &f)) != KATA_OK ||
        (rc = kata__keyphrase_end(r->kp, &ko, n)) != KATA_OK)
      return rc;
  } else if ((rc = kata_keyphrase_run(r->kp, s, len, &ko, n)) != KATA_OK) {
    return rc;
  }
  k = kata_keyphrase_size(r->kp);
  if ((rc = results_room(r, k)) != KATA_OK) return rc;
  for (i = 0; i < k; i++) {
    kata_keyword_t *w = &r->kw[i];
    w->term = kata_keyphrase_term(r->kp, i, &w->len);
    w->count = kata_keyphrase_count(r->kp, i);
    w->score = kata_keyphrase_score(r->kp, i);
    w->yake = 0;
  }
  r->n = k;
  return KATA_OK;
}

int kata_keywords(kata_langs_t *l, const char *s, size_t len, const kata_kw_opts_t *o,
                  kata_keywords_t **out) {
  kata_keywords_t *r;
  kata_count_opts_t co;
  kata_kw_opts_t ro = *o;
  kata_buf_t u;
  const char *lang = NULL;
  int rc;
  *out = NULL;
  ro.method = kata_kw_method(o);
  o = &ro;
  if (o->method == KATA_KW_TFIDF && !o->corpus) return KATA_EINVAL;
  if (o->method < KATA_KW_FREQUENCY || o->method > KATA_KW_KEYPHRASE) return KATA_EINVAL;
  if ((rc = kata_kw_count_opts(l, o, s, len, &co, &lang)) != KATA_OK) return rc;
  if (!(r = (kata_keywords_t *)l->A.f(l->A.ud, NULL, 0, sizeof *r))) return KATA_ENOMEM;
  memset(r, 0, sizeof *r);
  r->A = l->A;
  if (o->method == KATA_KW_KEYPHRASE) {
    rc = rank_keyphrase(r, l, s, len, &co, lang, o->n, o->unique_paragraphs);
  } else if (o->method == KATA_KW_YAKE) {
    kata_buf_init(&u);
    rc = o->unique_paragraphs ? kata_unique_paragraphs(&l->A, s, len, &u) : KATA_OK;
    if (rc == KATA_OK && o->unique_paragraphs) {
      s = u.data ? u.data : "";
      len = u.len;
    }
    if (rc == KATA_OK)
      rc = rank_yake(r, s, len, &co, lang, o->n);
    kata_buf_free(&l->A, &u);
  } else if (!(r->counter = kata_counter_new(&l->A))) {
    rc = KATA_ENOMEM;
  } else {
    rc = count_text(l, r->counter, s, len, &co, o->unique_paragraphs);
    if (rc == KATA_OK)
      rc = rank_counted(r, o->method == KATA_KW_TFIDF ? o->corpus : NULL, o->n);
  }
  if (rc != KATA_OK) {
    kata_keywords_free(r);
    return rc;
  }
  *out = r;
  return KATA_OK;
}

size_t kata_keywords_size(const kata_keywords_t *r) { return r->n; }

const kata_keyword_t *kata_keywords_get(const kata_keywords_t *r, size_t i) {
  return i < r->n ? &r->kw[i] : NULL;
}

void kata_keywords_free(kata_keywords_t *r) {
  if (!r) return;
  if (r->kw) r->A.f(r->A.ud, r->kw, r->room * sizeof *r->kw, 0);
  kata_counter_free(r->counter);
  kata_yake_free(r->yake);
  kata_keyphrase_free(r->kp);
  r->A.f(r->A.ud, r, sizeof *r, 0);
}

/* }====================================================================== */
