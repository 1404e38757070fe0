/*
** test_keywords.c: keyword scoring through kata.h: YAKE! (scores worked
** out by hand, order, n, n-grams, stop words, stemming, a news fixture)
** and term counting ranked by frequency and by TF-IDF; allocation failure.
*/
#include <math.h>

#include "check.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

static kata_wordset_t *stoplist(const char *lang) {
  kata_wordset_t *ws = kata_wordset_new(&A);
  const char *const *w = kata_stoplist(lang, NULL);
  size_t i;
  check(ws && w);
  for (i = 0; ws && w && w[i]; i++) check(kata_wordset_add(ws, w[i], strlen(w[i])) == KATA_OK);
  return ws;
}

/* {======================================================================
** YAKE!
** ======================================================================= */

static kata_yake_opts_t yake_opts(int ngram_max, size_t min_length,
                                  const kata_wordset_t *stop) {
  kata_yake_opts_t o;
  memset(&o, 0, sizeof o);
  o.ngram_max = ngram_max;
  o.min_length = min_length;
  o.stopwords = stop;
  o.dedup = 1; /* nothing is more similar than 1: no candidate dropped */
  return o;
}

/* The keywords of s as "term count|term count|..." (scores apart). */
static int yake_is(const char *s, const kata_yake_opts_t *o, size_t n, const char *want,
                   double *scores) {
  size_t base = ta.live;
  kata_yake_t *y = kata_yake_new(&A);
  char got[2048];
  size_t i, k = 0;
  int rc = kata_yake_run(y, s, strlen(s), o, n);
  got[0] = '\0';
  for (i = 0; rc == KATA_OK && i < kata_yake_size(y) && k < sizeof got; i++) {
    size_t len;
    const char *t = kata_yake_term(y, i, &len);
    k += (size_t)snprintf(got + k, sizeof got - k, "%s%.*s %lu", i ? "|" : "", (int)len, t,
                          (unsigned long)kata_yake_count(y, i));
    if (scores) scores[i] = kata_yake_score(y, i);
    if (i > 0) check(kata_yake_score(y, i - 1) <= kata_yake_score(y, i));
  }
  check(kata_yake_size(y) <= n);
  kata_yake_free(y);
  check(ta.live == base);
  if (rc == KATA_OK && strcmp(got, want) == 0) return 1;
  fprintf(stderr, "  rc %d, got \"%s\"\n  want \"%s\"\n", rc, got, want);
  return 0;
}

/* YAKE's term weight H = position * rel / (casing + freq / rel + spread / rel),
** with the features worked out for the text below; kata's position is the
** square root of YAKE!'s log(log(3 + median)). */
static double term_h(double median_sentence, double rel, double freq, double spread) {
  double position = sqrt(log(log(3.0 + median_sentence)));
  return (position * rel) / (0 + freq / rel + spread / rel);
}

/*
** "Harga beras naik. Harga beras turun." Two sentences; harga and beras
** twice (mean tf 1.5, sd 0.5, so freq = tf / 2), naik and turun once.
** Window 1: harga -> beras twice, beras -> naik, beras -> turun. rel is
** (0.5 + in_distinct / in_sum * tf / max_tf) + (0.5 + out_distinct /
** out_sum * tf / max_tf); no word is a name (each capital opens a
** sentence), so casing is 0.
*/
static void test_yake_by_hand(void) {
  const char *s = "Harga beras naik. Harga beras turun.";
  double h_harga = term_h(0.5, 0.5 + (0.5 + 0.5 * 2 / 2), 1, 1);
  double h_beras = term_h(0.5, (0.5 + 0.5 * 2 / 2) + (0.5 + 1.0 * 2 / 2), 1, 1);
  double h_naik = term_h(0, (0.5 + 1.0 * 1 / 2) + 0.5, 0.5, 0.5);
  double h_turun = term_h(1, (0.5 + 1.0 * 1 / 2) + 0.5, 0.5, 0.5);
  double sc[16];
  kata_yake_opts_t o = yake_opts(1, 0, NULL);
  /* a candidate's score: the product of H over (sum of H + 1) times its count */
  check(yake_is(s, &o, 10, "Harga 2|beras 2|naik 1|turun 1", sc));
  check(fabs(sc[0] - h_harga / ((h_harga + 1) * 2)) < 1e-15);
  check(fabs(sc[1] - h_beras / ((h_beras + 1) * 2)) < 1e-15);
  check(fabs(sc[2] - h_naik / (h_naik + 1)) < 1e-15);
  check(fabs(sc[3] - h_turun / (h_turun + 1)) < 1e-15);
  check(fabs(sc[0] - 0.17406559592819856) < 1e-15); /* as a number, once */
  /* pairs: "Harga beras" twice, best of all; "beras naik" overlaps it,
  ** "Harga" and "beras" sit inside it and are no more frequent, so all
  ** three are dropped; "beras turun" occurs once, after the first sentence */
  o.ngram_max = 2;
  check(yake_is(s, &o, 10, "Harga beras 2|naik 1|turun 1", sc));
  check(fabs(sc[0] - h_harga * h_beras / ((h_harga + h_beras + 1) * 2)) < 1e-15);
  check(fabs(sc[1] - h_naik / (h_naik + 1)) < 1e-15);
  check(fabs(sc[2] - h_turun / (h_turun + 1)) < 1e-15);
  /* n: the best n */
  check(yake_is(s, &o, 2, "Harga beras 2|naik 1", NULL));
  check(yake_is(s, &o, 0, "", NULL));
  /* folded forms reported */
  o.flags = KATA_COUNT_FOLD;
  check(yake_is(s, &o, 2, "harga beras 2|naik 1", NULL));
  /* dedup: "Pasaran" is 1 - 2/7 = 0.714 like "Pasar" (Levenshtein over
  ** the longer length): dropped at 0.71, kept at 0.72 */
  o = yake_opts(1, 0, NULL);
  check(yake_is("Pasar Induk ramai. Pasaran sepi.", &o, 10,
                "Induk 1|Pasar 1|ramai 1|Pasaran 1|sepi 1", NULL));
  o.dedup = 0.71;
  check(yake_is("Pasar Induk ramai. Pasaran sepi.", &o, 10, "Induk 1|Pasar 1|ramai 1|sepi 1", NULL));
  o.dedup = 0.72;
  check(yake_is("Pasar Induk ramai. Pasaran sepi.", &o, 10,
                "Induk 1|Pasar 1|ramai 1|Pasaran 1|sepi 1", NULL));
  /* the most frequent surface form of a term, and ties by bytes */
  o = yake_opts(1, 0, NULL);
  check(yake_is("HARGA naik. Harga turun. Harga stabil.", &o, 1, "Harga 3", NULL));
  check(yake_is("Harga naik. HARGA turun.", &o, 1, "HARGA 2", NULL));
}

static void test_yake_options(void) {
  kata_wordset_t *id = stoplist("id"), *en = stoplist("en");
  kata_stemmer_t *st = kata_stemmer_new("english");
  const char *pasar = "Harga beras di Pasar Induk naik. Harga beras di Pasar Induk turun.";
  kata_yake_opts_t o = yake_opts(3, 0, id);
  kata_yake_t *y;
  check(st != NULL);
  /* stop words are no part of a candidate (YAKE! lets one stand inside:
  ** "beras di Pasar"); "Pasar Induk naik" is in the first sentence but
  ** overlaps the better "Pasar Induk" */
  check(yake_is(pasar, &o, 8, "Pasar Induk 2|Harga beras 2|naik 1|turun 1", NULL));
  /* words under min_length code points act as stop words: the same here */
  o = yake_opts(3, 3, NULL);
  check(yake_is(pasar, &o, 8, "Pasar Induk 2|Harga beras 2|naik 1|turun 1", NULL));
  /* numbers are no candidates and cut the co-occurrence; equal scores
  ** are ordered by their bytes */
  o = yake_opts(2, 0, id);
  check(yake_is("Harga beras naik 12 persen pada 2024 menurut BPS.", &o, 10,
                "BPS 1|Harga beras 1|naik 1|persen 1", NULL));
  /* stemming: prices, price and Prices are one term, reported as written
  ** most often */
  o = yake_opts(1, 3, en);
  o.stemmer = st;
  check(yake_is("Prices rose as price controls ended. Prices fell after the controls.", &o,
                10, "Prices 3|controls 2|ended 1|rose 1|fell 1", NULL));
  o.stemmer = NULL;
  check(yake_is("Prices rose as price controls ended. Prices fell after the controls.", &o,
                10, "Prices 2|controls 2|ended 1|price 1|rose 1|fell 1", NULL));
  /* bad n-gram sizes */
  y = kata_yake_new(&A);
  o.ngram_max = 0;
  check(kata_yake_run(y, pasar, strlen(pasar), &o, 5) == KATA_EINVAL);
  o.ngram_max = 4;
  check(kata_yake_run(y, pasar, strlen(pasar), &o, 5) == KATA_EINVAL);
  kata_yake_free(y);
  /* nothing to find */
  o = yake_opts(3, 0, id);
  check(yake_is("", &o, 5, "", NULL));
  check(yake_is("di dan yang 2024.", &o, 5, "", NULL));
  kata_stemmer_free(st);
  kata_wordset_free(id);
  kata_wordset_free(en);
  check(ta.live == 0);
}

/* A news fixture with the defaults of kata.keywords: English stop words,
** phrases of up to 3 words, words under 3 code points as stop words. */
static void test_yake_fixture(void) {
  size_t len;
  char *s = check_slurp("tests/fixtures/en-desalination-plant.txt", &len);
  kata_wordset_t *en = stoplist("en");
  kata_yake_opts_t o = yake_opts(3, 3, en);
  kata_yake_t *y = kata_yake_new(&A);
  check(s != NULL);
  o.dedup = 0.9;
  if (s) {
    check(kata_yake_run(y, s, len, &o, 10) == KATA_OK && kata_yake_size(y) == 10);
    /* the city (4 times, once in capitals), the water, the plant: no
    ** longer the headline's phrases around "Port Halden" */
    {
      static const char *const want[] = {
        "Port Halden", "water", "plant", "city", "council", "desalination plant", "bay",
        "old water", "percent", "reservoirs"};
      static const unsigned counts[] = {4, 12, 9, 6, 6, 2, 4, 2, 3, 3};
      size_t i;
      for (i = 0; i < 10 && i < kata_yake_size(y); i++) {
        size_t tl;
        const char *t = kata_yake_term(y, i, &tl);
        check(tl == strlen(want[i]) && memcmp(t, want[i], tl) == 0);
        check(kata_yake_count(y, i) == counts[i]);
      }
    }
  }
  kata_yake_free(y);
  kata_wordset_free(en);
  free(s);
  check(ta.live == 0);
}

/* }====================================================================== */

/* {======================================================================
** Counting and ranking
** ======================================================================= */

static kata_count_opts_t count_opts(unsigned flags, int ngmin, int ngmax,
                                    const kata_wordset_t *stop) {
  kata_count_opts_t o;
  memset(&o, 0, sizeof o);
  o.flags = flags;
  o.ngram_min = ngmin;
  o.ngram_max = ngmax;
  o.stopwords = stop;
  return o;
}

/* The n best terms of c (by count, or by scores) as "term count|...". */
static int ranked_is(kata_counter_t *c, const double *scores, size_t n, const char *want) {
  kata_ranked_t r[64];
  size_t k = 0, i, nout = 99;
  char got[2048];
  got[0] = '\0';
  check(n <= 64 && kata_counter_rank(c, scores, n, r, &nout) == KATA_OK);
  check(nout <= n && nout <= kata_counter_size(c));
  for (i = 0; i < nout && k < sizeof got; i++) {
    size_t len;
    const char *t = kata_counter_term(c, r[i].id, &len);
    k += (size_t)snprintf(got + k, sizeof got - k, "%s%.*s %lu", i ? "|" : "", (int)len, t,
                          (unsigned long)kata_counter_count(c, r[i].id));
    check(r[i].score == (scores ? scores[r[i].id] : (double)kata_counter_count(c, r[i].id)));
  }
  if (strcmp(got, want) == 0) return 1;
  fprintf(stderr, "  got \"%s\"\n  want \"%s\"\n", got, want);
  return 0;
}

/* Counts s with o into a new counter and ranks all of it. */
static int counts_are(const char *s, const kata_count_opts_t *o, const char *want) {
  size_t base = ta.live;
  kata_counter_t *c = kata_counter_new(&A);
  int ok;
  check(kata_counter_add(c, s, strlen(s), o) == KATA_OK);
  ok = ranked_is(c, NULL, 64, want);
  kata_counter_free(c);
  check(ta.live == base);
  return ok;
}

static void test_frequency(void) {
  const char *s = "Harga beras naik, harga BERAS turun. Harga beras di Pasar Induk naik lagi.";
  kata_wordset_t *id = stoplist("id");
  kata_count_opts_t o = count_opts(KATA_COUNT_FOLD, 1, 1, NULL);
  kata_counter_t *c;
  /* by count, then by the term's bytes */
  check(counts_are(s, &o, "beras 3|harga 3|naik 2|di 1|induk 1|lagi 1|pasar 1|turun 1"));
  /* without folding, as written */
  o.flags = 0;
  check(counts_are(s, &o,
                   "Harga 2|beras 2|naik 2|BERAS 1|Induk 1|Pasar 1|di 1|harga 1|lagi 1|turun 1"));
  /* Indonesian stop words (matched on folded forms): di, lagi */
  o = count_opts(KATA_COUNT_FOLD, 1, 1, id);
  check(counts_are(s, &o, "beras 3|harga 3|naik 2|induk 1|pasar 1|turun 1"));
  /* pairs: not across punctuation, a sentence's end or a stop word */
  o = count_opts(KATA_COUNT_FOLD, 2, 2, id);
  check(counts_are(s, &o, "harga beras 3|beras naik 1|beras turun 1|induk naik 1|pasar induk 1"));
  o = count_opts(KATA_COUNT_FOLD, 1, 3, id);
  check(counts_are("Harga beras naik, harga beras turun.", &o,
                   "beras 2|harga 2|harga beras 2|beras naik 1|beras turun 1|"
                   "harga beras naik 1|harga beras turun 1|naik 1|turun 1"));
  /* min_length in code points: "di" (2) and "ke" go, "éé" (2) too */
  o = count_opts(KATA_COUNT_FOLD, 1, 1, NULL);
  o.min_length = 3;
  check(counts_are("Naik ke pasar di kota \xC3\xA9\xC3\xA9 caf\xC3\xA9.", &o,
                   "caf\xC3\xA9 1|kota 1|naik 1|pasar 1"));
  /* numbers only when asked */
  o = count_opts(KATA_COUNT_FOLD, 1, 1, id);
  check(counts_are("Harga naik 12 persen pada 2024.", &o, "harga 1|naik 1|persen 1"));
  o.flags |= KATA_COUNT_NUMBERS;
  check(counts_are("Harga naik 12 persen pada 2024.", &o, "12 1|2024 1|harga 1|naik 1|persen 1"));
  /* what the counter knows */
  o = count_opts(KATA_COUNT_FOLD, 1, 1, id);
  c = kata_counter_new(&A);
  check(kata_counter_size(c) == 0 && kata_counter_total(c) == 0);
  check(kata_counter_add(c, s, strlen(s), &o) == KATA_OK);
  check(kata_counter_size(c) == 6 && kata_counter_total(c) == 11);
  check(kata_counter_find(c, "beras", 5) >= 0 && kata_counter_find(c, "BERAS", 5) == -1);
  check(kata_counter_count(c, (size_t)kata_counter_find(c, "naik", 4)) == 2);
  check(kata_counter_count(c, 999) == 0);
  check(kata_counter_bytes(c) > 0 && kata_counter_bytes(c) <= ta.live);
  /* adding more text adds to the counts */
  check(kata_counter_add(c, "Beras impor tiba.", 17, &o) == KATA_OK);
  check(kata_counter_count(c, (size_t)kata_counter_find(c, "beras", 5)) == 4);
  check(ranked_is(c, NULL, 3, "beras 4|harga 3|naik 2"));
  check(ranked_is(c, NULL, 0, ""));
  /* bad n-gram ranges */
  o.ngram_min = 0;
  check(kata_counter_add(c, s, strlen(s), &o) == KATA_EINVAL);
  o.ngram_min = 2;
  o.ngram_max = 1;
  check(kata_counter_add(c, s, strlen(s), &o) == KATA_EINVAL);
  o.ngram_max = 4;
  check(kata_counter_add_word(c, "x", 1, &o, NULL) == KATA_EINVAL);
  kata_counter_free(c);
  kata_wordset_free(id);
  check(ta.live == 0);
}

static void test_stemming_and_words(void) {
  kata_wordset_t *en = stoplist("en");
  kata_stemmer_t *st = kata_stemmer_new("en");
  kata_count_opts_t o = count_opts(KATA_COUNT_FOLD, 1, 2, en);
  kata_counter_t *c = kata_counter_new(&A);
  kata_window_t win = {0, 0};
  size_t len;
  long id;
  static const char *const words[] = {"Harga", "beras", "naik", NULL};
  int i;
  check(st != NULL && kata_stemmer_new("xx") == NULL);
  o.stemmer = st;
  check(kata_counter_add(c, "Prices rose as price controls ended. Prices fell.", 49, &o) ==
        KATA_OK);
  /* keys are stems; a term is reported as its most frequent form */
  id = kata_counter_find(c, "price", 5);
  check(id >= 0 && kata_counter_count(c, (size_t)id) == 3);
  check(memcmp(kata_counter_key(c, (size_t)id, &len), "price", 5) == 0 && len == 5);
  check(memcmp(kata_counter_term(c, (size_t)id, &len), "prices", 6) == 0 && len == 6);
  id = kata_counter_find(c, "price control", 13);
  check(id >= 0 && memcmp(kata_counter_term(c, (size_t)id, &len), "price controls", 14) == 0);
  check(ranked_is(c, NULL, 4, "prices 3|controls 1|controls ended 1|ended 1"));
  kata_counter_free(c);
  /* words given one by one: a window makes phrases of them, none alone */
  c = kata_counter_new(&A);
  o = count_opts(KATA_COUNT_FOLD, 1, 2, NULL);
  for (i = 0; words[i]; i++)
    check(kata_counter_add_word(c, words[i], strlen(words[i]), &o, &win) == KATA_OK);
  check(ranked_is(c, NULL, 10, "beras 1|beras naik 1|harga 1|harga beras 1|naik 1"));
  check(kata_counter_add_word(c, "naik", 4, &o, NULL) == KATA_OK);
  check(kata_counter_add_word(c, "lagi", 4, &o, NULL) == KATA_OK);
  check(ranked_is(c, NULL, 10, "naik 2|beras 1|beras naik 1|harga 1|harga beras 1|lagi 1"));
  kata_counter_free(c);
  kata_stemmer_free(st);
  kata_wordset_free(en);
  check(ta.live == 0);
}

/* TF-IDF: a term's count times its idf in a corpus, ranked. */
static void test_tfidf(void) {
  static const char *const docs[] = {
    "Harga beras di Pasar Induk Cipinang naik menjadi Rp13.500 per kilogram.",
    "Bulog menyatakan stok beras di gudang Jakarta masih cukup.",
    "Harga cabai rawit di Pasar Johar turun.", NULL
  };
  const char *s = "Harga beras naik lagi. Pedagang beras di Cipinang mengeluh, harga beras "
                  "sudah naik tiga kali.";
  kata_wordset_t *id = stoplist("id");
  kata_count_opts_t o = count_opts(KATA_COUNT_FOLD, 1, 1, id);
  kata_corpus_t *k = kata_corpus_new(&A);
  kata_counter_t *c;
  double scores[64];
  size_t i;
  for (i = 0; docs[i]; i++) {
    c = kata_counter_new(&A);
    check(kata_counter_add(c, docs[i], strlen(docs[i]), &o) == KATA_OK);
    check(kata_corpus_add(k, c, NULL, 0) == 1);
    kata_counter_free(c);
  }
  c = kata_counter_new(&A);
  check(kata_counter_add(c, s, strlen(s), &o) == KATA_OK);
  /* beras 3, harga 2, naik 2, cipinang, mengeluh, pedagang 1 */
  check(ranked_is(c, NULL, 10, "beras 3|harga 2|naik 2|cipinang 1|mengeluh 1|pedagang 1"));
  check(kata_counter_size(c) == 6 && kata_counter_size(c) <= 64);
  for (i = 0; i < kata_counter_size(c); i++) {
    size_t len;
    const char *key = kata_counter_key(c, i, &len);
    scores[i] = (double)kata_counter_count(c, i) * kata_corpus_idf(k, key, len);
  }
  /* idf, N = 3: beras and harga in 2 documents (ln(4/3) + 1), naik and
  ** cipinang in 1 (ln 2 + 1), mengeluh and pedagang in none (ln 4 + 1) */
  {
    long b = kata_counter_find(c, "beras", 5), n = kata_counter_find(c, "naik", 4);
    long m = kata_counter_find(c, "mengeluh", 8), h = kata_counter_find(c, "harga", 5);
    check(scores[b] == 3 * (log(4.0 / 3) + 1) && scores[h] == 2 * (log(4.0 / 3) + 1));
    check(scores[n] == 2 * (log(2.0) + 1) && scores[m] == log(4.0) + 1);
  }
  /* beras 3.86, naik 3.39, harga 2.58, the unseen words 2.39, cipinang 1.69 */
  check(ranked_is(c, scores, 10, "beras 3|naik 2|harga 2|mengeluh 1|pedagang 1|cipinang 1"));
  check(ranked_is(c, scores, 2, "beras 3|naik 2"));
  kata_counter_free(c);
  kata_corpus_free(k);
  kata_wordset_free(id);
  check(ta.live == 0);
}

/* }====================================================================== */

/* kata_yake_new / kata_yake_run, kata_counter_new / kata_counter_add /
** kata_counter_rank with the allocator failing at every call: NULL or
** KATA_ENOMEM, nothing held once freed, then the usual answer. */
static void test_alloc_failures(void) {
  size_t len, failed = 0, bad = 0;
  char *s = check_slurp("tests/fixtures/id-garam-rembang.txt", &len);
  kata_wordset_t *id = stoplist("id");
  kata_stemmer_t *st = kata_stemmer_new("id");
  kata_yake_opts_t yo = yake_opts(3, 3, id);
  kata_count_opts_t co = count_opts(KATA_COUNT_FOLD, 1, 2, id);
  size_t base = ta.live;
  long budget;
  int pass;
  /* garam 15 times, and "garamnya" once: one term when stemming (the
  ** first of YAKE's keywords either way) */
  static const size_t at[] = {0, 0};
  static const unsigned garam[] = {15, 16};
  check(s != NULL && st != NULL);
  if (!s) return;
  yo.dedup = 0.9;
  for (pass = 0; pass < 2; pass++) { /* without and with stemming */
    yo.stemmer = co.stemmer = pass ? st : NULL;
    for (budget = 0;; budget++) {
      kata_yake_t *y;
      int rc = KATA_ENOMEM;
      ta.calls = 0;
      ta.budget = budget;
      y = kata_yake_new(&A);
      if (y) rc = kata_yake_run(y, s, len, &yo, 10);
      ta.budget = -1;
      if (rc == KATA_OK) {
        size_t tl;
        const char *t = kata_yake_term(y, at[pass], &tl);
        check(kata_yake_size(y) == 10 && kata_yake_count(y, at[pass]) == garam[pass] &&
              tl == 5 && memcmp(t, "garam", 5) == 0);
      }
      kata_yake_free(y);
      bad += ta.live != base || (rc != KATA_OK && rc != KATA_ENOMEM);
      if (rc == KATA_OK) break;
      failed++;
    }
    for (budget = 0;; budget++) {
      kata_counter_t *c;
      kata_ranked_t r[3];
      size_t nout = 0;
      int rc = KATA_ENOMEM;
      ta.calls = 0;
      ta.budget = budget;
      c = kata_counter_new(&A);
      if (c) rc = kata_counter_add(c, s, len, &co);
      if (rc == KATA_OK) rc = kata_counter_rank(c, NULL, 3, r, &nout);
      ta.budget = -1;
      if (rc == KATA_OK) {
        size_t tl;
        const char *t = kata_counter_term(c, r[0].id, &tl);
        check(nout == 3 && kata_counter_count(c, r[0].id) == garam[pass] && tl == 5 &&
              memcmp(t, "garam", 5) == 0);
      }
      kata_counter_free(c);
      bad += ta.live != base || (rc != KATA_OK && rc != KATA_ENOMEM);
      if (rc == KATA_OK) break;
      failed++;
    }
  }
  check(bad == 0 && failed > 100);
  kata_stemmer_free(st);
  kata_wordset_free(id);
  free(s);
  check(ta.live == 0);
}

int main(void) {
  ta.budget = -1;
  test_yake_by_hand();
  test_yake_options();
  test_yake_fixture();
  test_frequency();
  test_stemming_and_words();
  test_tfidf();
  test_alloc_failures();
  check(ta.live == 0);
  return check_report("test_keywords");
}
