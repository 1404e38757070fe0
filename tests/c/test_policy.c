/*
** test_policy.c: what the hosts leave to the core: languages with their
** stop words and stemmers (kata_langs_t), keyword options, scores and idf,
** unique paragraphs, a text's duplicates and dedupe, boilerplate lists,
** stored keys and entity values; every allocation failing in turn.
*/
#include <limits.h>
#include <math.h>

#include "check.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

static const char *EN =
    "The airline said on Monday that it would ground the aircraft while the "
    "regulator reviews the engines. It is not clear when the planes will fly again.";
static const char *ID =
    "Pemerintah daerah mengatakan bahwa harga beras di pasar naik sejak awal "
    "bulan ini. Para pedagang mengeluh karena pembeli yang datang semakin sedikit.";
/* Indonesian news with an English summary: both lists. */
static const char *MIXED =
    "Harga beras di pasar naik lagi dan para pedagang mengeluh karena pembeli "
    "yang datang semakin sedikit sejak awal bulan ini. Menurut mereka, harga itu "
    "akan turun setelah panen raya yang diperkirakan tiba pada bulan depan. "
    "Summary: the price of rice is going up in the markets.";

/* Runs f with the allocator failing at each of its first 64 calls in turn,
** then at every (budget / 16 + 1)-th call (resolving "auto" makes one set
** per built-in list, thousands of calls: failing each of them in turn took
** minutes under valgrind, while the error path is the same code from one
** call to the next): each run returns KATA_OK or KATA_ENOMEM and holds
** nothing afterwards; the first that succeeds ends the loop. Returns how
** many calls it took, to within the last stride. */
static long under_budgets(int (*f)(void)) {
  long budget;
  int rc = KATA_ENOMEM;
  for (budget = 0; budget < 1000000 && rc != KATA_OK; budget += budget < 64 ? 1 : budget / 16 + 1) {
    ta.calls = 0;
    ta.budget = budget;
    rc = f();
    check(rc == KATA_OK || rc == KATA_ENOMEM);
    check(ta.live == 0);
  }
  ta.budget = -1;
  check(rc == KATA_OK);
  return budget;
}

/* {======================================================================
** Languages
** ======================================================================= */

static void test_resolve(void) {
  kata_langs_t *l = kata_langs_new(&A);
  kata_lang_choice_t c;
  kata_stemmer_t *st, *st2;
  check(l != NULL);
  /* auto: the language guessed, its list, its stemmer */
  check(kata_langs_resolve(l, "auto", KATA_LANG_STOPWORDS | KATA_LANG_STEM, EN, strlen(EN), &c) == KATA_OK);
  check(strcmp(c.lang, "en") == 0 && c.stopwords && c.stemmer);
  check(kata_wordset_has(c.stopwords, "the", 3) && !kata_wordset_has(c.stopwords, "yang", 4));
  check(kata_langs_resolve(l, "auto", KATA_LANG_STOPWORDS, ID, strlen(ID), &c) == KATA_OK);
  check(strcmp(c.lang, "id") == 0 && c.stemmer == NULL);
  check(kata_wordset_has(c.stopwords, "yang", 4) && !kata_wordset_has(c.stopwords, "the", 3));
  /* a tenth of the hits from three different words: both lists */
  check(kata_langs_resolve(l, "auto", KATA_LANG_STOPWORDS, MIXED, strlen(MIXED), &c) == KATA_OK);
  check(strcmp(c.lang, "id") == 0);
  check(kata_wordset_has(c.stopwords, "yang", 4) && kata_wordset_has(c.stopwords, "the", 3));
  /* no text (or no guess): every list, no stemmer, no error */
  check(kata_langs_resolve(l, "auto", KATA_LANG_STOPWORDS | KATA_LANG_STEM, NULL, 0, &c) == KATA_OK);
  check(strcmp(c.lang, "und") == 0 && c.stemmer == NULL);
  check(kata_wordset_has(c.stopwords, "yang", 4) && kata_wordset_has(c.stopwords, "the", 3));
  /* a code */
  check(kata_langs_resolve(l, "id", KATA_LANG_STOPWORDS | KATA_LANG_STEM, EN, strlen(EN), &c) == KATA_OK);
  check(strcmp(c.lang, "id") == 0 && kata_wordset_has(c.stopwords, "yang", 4) && c.stemmer);
  check(kata_langs_resolve(l, "porter", KATA_LANG_STOPWORDS, EN, strlen(EN), &c) == KATA_ENOLIST);
  check(kata_langs_resolve(l, "und", KATA_LANG_STOPWORDS, EN, strlen(EN), &c) == KATA_ENOLIST);
  check(kata_langs_resolve(l, "fr", KATA_LANG_STEM, EN, strlen(EN), &c) == KATA_OK);
  check(c.stemmer && !c.stopwords);
  check(kata_langs_resolve(l, "xx", KATA_LANG_STEM, EN, strlen(EN), &c) == KATA_ENOSTEM);
  check(kata_langs_resolve(l, "und", KATA_LANG_STEM, EN, strlen(EN), &c) == KATA_OK);
  check(c.stemmer == NULL);
  /* neither asked for: a code something knows, or "und" */
  check(kata_langs_resolve(l, "xx", 0, EN, strlen(EN), &c) == KATA_ELANG);
  check(kata_langs_resolve(l, "fr", 0, EN, strlen(EN), &c) == KATA_OK);
  check(kata_langs_resolve(l, "en", 0, EN, strlen(EN), &c) == KATA_OK);
  check(kata_langs_resolve(l, "und", 0, EN, strlen(EN), &c) == KATA_OK);
  /* stemmers are kept: the same one for the same code */
  check(kata_langs_stemmer(l, "english", &st) == KATA_OK);
  check(kata_langs_stemmer(l, "english", &st2) == KATA_OK && st == st2);
  check(kata_langs_stemmer(l, "klingon", &st) == KATA_ENOSTEM && st == NULL);
  check(strcmp(kata_errmsg(KATA_ENOLIST), "no stop-word list for the language") == 0);
  check(strcmp(kata_errmsg(KATA_ELANG), "unknown language") == 0);
  kata_langs_free(l);
  check(ta.live == 0);
}

static int resolve_once(void) {
  kata_langs_t *l = kata_langs_new(&A);
  kata_lang_choice_t c;
  int rc;
  if (!l) return KATA_ENOMEM;
  rc = kata_langs_resolve(l, "auto", KATA_LANG_STOPWORDS | KATA_LANG_STEM, MIXED, strlen(MIXED), &c);
  if (rc == KATA_OK) rc = kata_langs_resolve(l, "fr", KATA_LANG_STEM, NULL, 0, &c);
  kata_langs_free(l);
  return rc;
}

/* }====================================================================== */

/* {======================================================================
** Keywords
** ======================================================================= */

static void test_opts(void) {
  kata_langs_t *l = kata_langs_new(&A);
  kata_kw_opts_t o;
  kata_count_opts_t c;
  kata_wordset_t *own = kata_wordset_new(&A);
  const char *lang;
  kata_kw_opts_init(&o);
  check(o.flags == KATA_COUNT_FOLD && o.method == KATA_KW_DEFAULT && o.n == 10);
  /* the default method: key phrases, or TF-IDF when a corpus is given */
  check(kata_kw_method(&o) == KATA_KW_KEYPHRASE);
  {
    kata_corpus_t *kc = kata_corpus_new(&A);
    o.corpus = kc;
    check(kc && kata_kw_method(&o) == KATA_KW_TFIDF);
    o.corpus = NULL;
    kata_corpus_free(kc);
  }
  o.method = KATA_KW_YAKE;
  check(kata_kw_method(&o) == KATA_KW_YAKE);
  o.method = KATA_KW_DEFAULT;
  check(strcmp(kata_kw_method_name(KATA_KW_KEYPHRASE), "keyphrase") == 0 &&
        strcmp(kata_kw_method_name(KATA_KW_FREQUENCY), "frequency") == 0 &&
        kata_kw_method_name(-1) == NULL && kata_kw_method_name(KATA_KW_KEYPHRASE + 1) == NULL);
  check(kata_kw_method_of("tfidf", 5) == KATA_KW_TFIDF && kata_kw_method_of("yake", 4) == KATA_KW_YAKE &&
        kata_kw_method_of("keyphrase", 9) == KATA_KW_KEYPHRASE && kata_kw_method_of("yak", 3) == -1 &&
        kata_kw_method_of("yakes", 5) == -1);
  check(strcmp(o.lang, "auto") == 0 && o.stopwords == 1 && !o.stem && o.unique_paragraphs == 1);
  check(kata_kw_count_opts(l, &o, ID, strlen(ID), &c, &lang) == KATA_OK);
  check(c.ngram_min == 1 && c.ngram_max == 1 && c.min_length == 2 && strcmp(lang, "id") == 0);
  o.method = KATA_KW_YAKE; /* YAKE's own defaults */
  check(kata_kw_count_opts(l, &o, ID, strlen(ID), &c, NULL) == KATA_OK);
  check(c.ngram_max == 3 && c.min_length == 3);
  o.ngram_min = o.ngram_max = 2;
  o.min_length = 0;
  check(kata_kw_count_opts(l, &o, ID, strlen(ID), &c, NULL) == KATA_OK);
  check(c.ngram_min == 2 && c.ngram_max == 2 && c.min_length == 0);
  /* the caller's stop words instead of the built-in lists */
  kata_kw_opts_init(&o);
  o.own_stopwords = own;
  check(kata_wordset_add(own, "Harga", 5) == KATA_OK);
  check(kata_kw_count_opts(l, &o, ID, strlen(ID), &c, NULL) == KATA_OK);
  check(c.stopwords == o.own_stopwords);
  o.lang = "zz"; /* nothing uses it */
  check(kata_kw_count_opts(l, &o, ID, strlen(ID), &c, NULL) == KATA_ELANG);
  kata_wordset_free(own);
  kata_langs_free(l);
  check(ta.live == 0);
}

static void test_keywords(void) {
  const char *s = "Harga beras naik. Harga cabai naik. Pedagang beras mengeluh soal harga.";
  kata_langs_t *l = kata_langs_new(&A);
  kata_keywords_t *r;
  kata_corpus_t *k = kata_corpus_new(&A);
  kata_counter_t *c = kata_counter_new(&A);
  kata_kw_opts_t o;
  const kata_keyword_t *w;
  double idf;
  size_t i;
  kata_kw_opts_init(&o);
  o.n = 3;
  o.method = KATA_KW_FREQUENCY;
  check(kata_keywords(l, s, strlen(s), &o, &r) == KATA_OK);
  check(kata_keywords_size(r) == 3);
  w = kata_keywords_get(r, 0); /* 3 of the 10 words counted */
  check(w->len == 5 && memcmp(w->term, "harga", 5) == 0 && w->count == 3);
  check(fabs(w->score - 0.3) < 1e-12 && w->yake == 0);
  w = kata_keywords_get(r, 1); /* ties in byte order */
  check(w->len == 5 && memcmp(w->term, "beras", 5) == 0 && w->count == 2);
  check(kata_keywords_get(r, 3) == NULL);
  kata_keywords_free(r);
  /* YAKE: score is 1 / (1 + S) */
  o.method = KATA_KW_YAKE;
  check(kata_keywords(l, s, strlen(s), &o, &r) == KATA_OK);
  check(kata_keywords_size(r) > 0);
  for (i = 0; i < kata_keywords_size(r); i++) {
    w = kata_keywords_get(r, i);
    check(w->yake > 0 && w->score == 1.0 / (1.0 + w->yake));
    check(i == 0 || w->yake >= kata_keywords_get(r, i - 1)->yake);
  }
  kata_keywords_free(r);
  /* TF-IDF: count x idf of the key, and a corpus it needs */
  o.method = KATA_KW_TFIDF;
  check(kata_keywords(l, s, strlen(s), &o, &r) == KATA_EINVAL && r == NULL);
  kata_kw_opts_init(&o);
  check(kata_kw_count(l, c, ID, strlen(ID), &o, NULL) == KATA_OK);
  check(kata_corpus_add(k, c, NULL, 0) == 1);
  o.method = KATA_KW_TFIDF;
  o.corpus = k;
  o.n = 100;
  check(kata_keywords(l, s, strlen(s), &o, &r) == KATA_OK);
  for (i = 0; i < kata_keywords_size(r); i++) {
    w = kata_keywords_get(r, i);
    check(w->score == (double)w->count * kata_corpus_idf(k, w->term, w->len));
  }
  w = kata_keywords_get(r, 0); /* "harga" is in the corpus, "beras" too: idf 1 */
  check(kata_keywords_size(r) == 6 && w->count == 3 && w->score == 3.0);
  kata_keywords_free(r);
  /* idf of a term: one to three words, counted as the corpus was */
  kata_kw_opts_init(&o);
  check(kata_kw_idf(l, k, "Beras", 5, &o, &idf) == KATA_OK && idf == 1.0);
  check(kata_kw_idf(l, k, "kedelai", 7, &o, &idf) == KATA_OK && fabs(idf - (log(2.0) + 1)) < 1e-12);
  check(kata_kw_idf(l, k, "harga beras di pasar", 20, &o, &idf) == KATA_EINVAL);
  check(kata_kw_idf(l, k, "...", 3, &o, &idf) == KATA_EINVAL);
  kata_counter_free(c);
  kata_corpus_free(k);
  kata_langs_free(l);
  check(ta.live == 0);
}

static int keywords_once(void) {
  static const int methods[] = {KATA_KW_FREQUENCY, KATA_KW_YAKE, KATA_KW_KEYPHRASE};
  kata_langs_t *l = kata_langs_new(&A);
  kata_keywords_t *r = NULL;
  kata_kw_opts_t o;
  int rc = l ? KATA_OK : KATA_ENOMEM, m;
  for (m = 0; m < 3 && rc == KATA_OK; m++) {
    kata_kw_opts_init(&o);
    o.method = methods[m];
    o.stem = 1;
    o.unique_paragraphs = 1;
    rc = kata_keywords(l, MIXED, strlen(MIXED), &o, &r);
    if (rc == KATA_OK) check(kata_keywords_size(r) > 0);
    kata_keywords_free(r);
    r = NULL;
  }
  kata_langs_free(l);
  return rc;
}

/* }====================================================================== */

/* {======================================================================
** Paragraphs and duplicates
** ======================================================================= */

static const char *NEWS =
    "Harga telur naik di pasar Kota Lama pekan ini.\n\n"
    "Pedagang mengatakan pasokan dari peternak berkurang sejak hujan deras.\n\n"
    "HARGA  telur naik di pasar kota lama pekan ini\n\n"
    "\xE2\x80\x9CHarga telur naik di pasar Kota Lama pekan ini.\xE2\x80\x9D\n\n"
    "Pemerintah kota berjanji memantau harga selama sepekan.\n";

static void test_unique(void) {
  kata_buf_t b;
  kata_buf_init(&b);
  check(kata_unique_paragraphs(&A, NEWS, strlen(NEWS), &b) == KATA_OK);
  check(b.len == strlen("Harga telur naik di pasar Kota Lama pekan ini.\n\n"
                        "Pedagang mengatakan pasokan dari peternak berkurang sejak hujan deras.\n\n"
                        "Pemerintah kota berjanji memantau harga selama sepekan."));
  check(memcmp(b.data, "Harga telur naik di pasar Kota Lama pekan ini.\n\nPedagang", 56) == 0);
  kata_buf_free(&A, &b);
  check(kata_unique_paragraphs(&A, "", 0, &b) == KATA_OK && b.len == 0);
  kata_buf_free(&A, &b);
  check(ta.live == 0);
}

static int unique_once(void) {
  kata_buf_t b;
  int rc;
  kata_buf_init(&b);
  rc = kata_unique_paragraphs(&A, NEWS, strlen(NEWS), &b);
  kata_buf_free(&A, &b);
  return rc;
}

static void test_dup_text(void) {
  kata_dedup_opts_t o;
  kata_buf_t spans, dups, out;
  const kata_dup_t *d;
  const size_t *sp;
  size_t n, removed;
  kata_dedup_opts_init(&o);
  check(o.threshold == 0.8 && o.min_words == 5 && o.near == 1 && !o.containment);
  check(o.shingle == 1 && o.tails == NULL);
  check(strcmp(kata_dup_kind_name(KATA_DUP_EXACT), "exact") == 0);
  check(strcmp(kata_dup_kind_name(KATA_DUP_NEAR), "near") == 0);
  check(strcmp(kata_dup_kind_name(KATA_DUP_TEASER), "teaser") == 0);
  check(strcmp(kata_dup_kind_name(KATA_DUP_ESTIMATE), "estimate") == 0);
  check(kata_dup_kind_name(0) == NULL && kata_dup_kind_name(5) == NULL);
  kata_buf_init(&spans);
  kata_buf_init(&dups);
  kata_buf_init(&out);
  check(kata_text_duplicates(&A, NEWS, strlen(NEWS), KATA_PAR_AUTO, &o, &spans, &dups, &n) == KATA_OK);
  check(n == 5 && spans.len == 10 * sizeof(size_t) && dups.len == 5 * sizeof(kata_dup_t));
  sp = (const size_t *)(void *)spans.data;
  d = (const kata_dup_t *)(void *)dups.data;
  check(sp[0] == 0 && sp[1] == 46 && sp[2] == 48);
  check(d[0].dup_of == KATA_NO_DUP && d[1].dup_of == KATA_NO_DUP && d[4].dup_of == KATA_NO_DUP);
  check(d[2].dup_of == 0 && d[2].kind == KATA_DUP_EXACT && d[3].dup_of == 0);
  /* dedupe: the kept paragraphs with their separators, the text's ending */
  check(kata_dedupe(&A, NEWS, strlen(NEWS), KATA_PAR_AUTO, &o, &out, &removed) == KATA_OK);
  check(removed == 2);
  check(out.len == strlen("Harga telur naik di pasar Kota Lama pekan ini.\n\n"
                          "Pedagang mengatakan pasokan dari peternak berkurang sejak hujan deras.\n\n"
                          "Pemerintah kota berjanji memantau harga selama sepekan.\n"));
  check(out.data[out.len - 1] == '\n' && memcmp(out.data + out.len - 9, "sepekan.\n", 9) == 0);
  out.len = 0; /* no paragraph: the text as it is */
  check(kata_dedupe(&A, " \n\n ", 4, KATA_PAR_AUTO, &o, &out, &removed) == KATA_OK);
  check(out.len == 4 && memcmp(out.data, " \n\n ", 4) == 0 && removed == 0);
  /* every line a paragraph */
  check(kata_text_duplicates(&A, "a\nb\na\n", 6, KATA_PAR_LINE, &o, &spans, &dups, &n) == KATA_OK);
  check(n == 3 && ((const kata_dup_t *)(void *)dups.data)[2].dup_of == 0);
  kata_buf_free(&A, &spans);
  kata_buf_free(&A, &dups);
  kata_buf_free(&A, &out);
  check(ta.live == 0);
}

static int dedupe_once(void) {
  kata_dedup_opts_t o;
  kata_buf_t out;
  size_t removed;
  int rc;
  kata_dedup_opts_init(&o);
  kata_buf_init(&out);
  rc = kata_dedupe(&A, NEWS, strlen(NEWS), KATA_PAR_AUTO, &o, &out, &removed);
  if (rc == KATA_OK) check(removed == 2);
  kata_buf_free(&A, &out);
  return rc;
}

static void test_tails(void) {
  const char *const *builtin = kata_dedup_tails(), *const *list;
  kata_tails_t *t = kata_tails_new(&A, 1);
  size_t nb = 0, n = 0;
  while (builtin[nb]) nb++;
  check(t != NULL);
  check(kata_tails_add(t, "Sumber: ANTARA", 14) == KATA_OK);
  check(kata_tails_add(t, "Foto\0tambahan", 13) == KATA_OK); /* a C string ends at NUL */
  check(kata_tails_add(t, "", 0) == KATA_EINVAL);
  check(kata_tails_add(t, "\0x", 2) == KATA_EINVAL);
  list = kata_tails_list(t);
  while (list[n]) n++;
  check(n == nb + 2 && list[0] == builtin[0]);
  check(strcmp(list[nb], "sumber: antara") == 0 && strcmp(list[nb + 1], "foto") == 0);
  kata_tails_free(t);
  t = kata_tails_new(&A, 0); /* none built in */
  check(kata_tails_list(t)[0] == NULL);
  for (n = 0; n < 40; n++) check(kata_tails_add(t, "Baca", 4) == KATA_OK); /* grows */
  check(strcmp(kata_tails_list(t)[39], "baca") == 0 && kata_tails_list(t)[40] == NULL);
  kata_tails_free(t);
  check(ta.live == 0);
}

/* }====================================================================== */

/* {======================================================================
** Keys and values
** ======================================================================= */

static void test_keys(void) {
  static const long long ints[] = {0, 1, -1, 42, -2147483648LL, LLONG_MAX, LLONG_MIN};
  char k[KATA_KEY_INT_SIZE];
  const char *text;
  size_t len, tlen, i;
  long long v;
  kata_buf_t b;
  check(kata_key_int(0, k) == 2 && strcmp(k, "#0") == 0);
  check(kata_key_int(LLONG_MIN, k) == 21 && strcmp(k, "#-9223372036854775808") == 0);
  for (i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    len = kata_key_int(ints[i], k);
    check(len == strlen(k) && len < KATA_KEY_INT_SIZE);
    check(kata_key_decode(k, len, &text, &tlen, &v) == KATA_KEY_INTEGER && v == ints[i]);
    check(text == k + 1 && tlen == len - 1);
  }
  kata_buf_init(&b);
  check(kata_key_string(&A, "1", 1, &b) == KATA_OK && b.len == 2 && memcmp(b.data, "$1", 2) == 0);
  check(kata_key_decode(b.data, b.len, &text, &tlen, &v) == KATA_KEY_STRING);
  check(tlen == 1 && text[0] == '1');
  b.len = 0;
  check(kata_key_string(&A, "a\0b", 3, &b) == KATA_OK && b.len == 4);
  check(kata_key_decode(b.data, b.len, &text, &tlen, &v) == KATA_KEY_STRING && tlen == 3);
  kata_buf_free(&A, &b);
  check(kata_key_decode("", 0, &text, &tlen, &v) == KATA_KEY_STRING && tlen == 0);
  check(kata_key_decode("#", 1, &text, &tlen, &v) == KATA_KEY_INTEGER && v == 0);
  check(ta.live == 0);
}

static kata_ent_t ent(int type, const char *value) {
  kata_ent_t e;
  memset(&e, 0, sizeof e);
  e.type = type;
  strcpy(e.value, value);
  return e;
}

static void test_values(void) {
  const char *s = "Harga naik 12,5 persen menjadi Rp 1,5 juta pada 5 Januari 2024, "
                  "kata 3 pejabat di Jakarta.";
  kata_tagger_t *tg = kata_tagger_new(&A);
  kata_ent_t e, *es;
  kata_value_t v;
  size_t n;
  e = ent(KATA_ENT_MONEY, "1500000 IDR");
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_MONEY && v.number == 1500000 && v.len == 3 && memcmp(v.text, "IDR", 3) == 0);
  e = ent(KATA_ENT_MONEY, "2.25");
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_MONEY && v.number == 2.25 && v.len == 0);
  e = ent(KATA_ENT_NUMBER, "-12");
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_INTEGER && v.integer == -12 && v.number == -12);
  e = ent(KATA_ENT_PERCENT, "-12.5");
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_NUMBER && v.number == -12.5);
  e = ent(KATA_ENT_NUMBER, "999999999999999"); /* under 10^15, exact */
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_INTEGER && v.integer == 999999999999999LL);
  e = ent(KATA_ENT_DATE, "2024-01-05");
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_STRING && v.len == 10 && memcmp(v.text, "2024-01-05", 10) == 0);
  e = ent(KATA_ENT_NUMBER, "");
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_NONE);
  e = ent(KATA_ENT_NUMBER, "7"); /* a caller's gazetteer value wins, as given */
  e.gvalue = "tujuh\0!";
  e.gvlen = 7;
  kata_entity_value(&e, &v);
  check(v.kind == KATA_VALUE_STRING && v.len == 7 && v.text == e.gvalue);
  /* from the tagger */
  check(tg != NULL && kata_entities(tg, s, strlen(s), NULL, &es, &n) == KATA_OK);
  check(n == 5);
  if (n == 5) {
    kata_entity_value(&es[0], &v);
    check(es[0].type == KATA_ENT_PERCENT && v.kind == KATA_VALUE_NUMBER && v.number == 12.5);
    kata_entity_value(&es[1], &v);
    check(es[1].type == KATA_ENT_MONEY && v.kind == KATA_VALUE_MONEY && v.number == 1500000);
    check(v.len == 3 && memcmp(v.text, "IDR", 3) == 0);
    kata_entity_value(&es[2], &v);
    check(es[2].type == KATA_ENT_DATE && v.kind == KATA_VALUE_STRING && strcmp(v.text, "2024-01-05") == 0);
    kata_entity_value(&es[3], &v);
    check(es[3].type == KATA_ENT_NUMBER && v.kind == KATA_VALUE_INTEGER && v.integer == 3);
    kata_entity_value(&es[4], &v);
    check(es[4].type == KATA_ENT_LOCATION && v.kind == KATA_VALUE_NONE);
  }
  kata_entities_free(tg, es, n);
  kata_tagger_free(tg);
  check(ta.live == 0);
}

/* }====================================================================== */

int main(void) {
  ta.budget = -1;
  test_resolve();
  test_opts();
  test_keywords();
  test_unique();
  test_dup_text();
  test_tails();
  test_keys();
  test_values();
  check(under_budgets(resolve_once) > 3);
  check(under_budgets(keywords_once) > 3);
  check(under_budgets(unique_once) > 3);
  check(under_budgets(dedupe_once) > 3);
  check(ta.live == 0);
  return check_report("test_policy");
}
