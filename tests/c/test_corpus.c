/*
** test_corpus.c: document frequencies (kata_corpus_*): adding counted
** documents, ids, df and idf values, memory, and allocation failure.
*/
#include <math.h>

#include "check.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* Three short news items (invented, in the fixtures' manner). */
static const char *const docs[] = {
  "Harga beras di Pasar Induk Cipinang naik menjadi Rp13.500 per kilogram pada Senin, "
  "tertinggi sejak awal tahun.",
  "Bulog menyatakan stok beras di gudang Jakarta masih cukup untuk tiga bulan ke depan.",
  "Harga cabai rawit di Pasar Johar turun karena pasokan dari Temanggung melimpah.",
  NULL
};

static kata_count_opts_t count_opts(const kata_wordset_t *stop) {
  kata_count_opts_t o;
  memset(&o, 0, sizeof o);
  o.flags = KATA_COUNT_FOLD;
  o.ngram_min = o.ngram_max = 1;
  o.min_length = 2;
  o.stopwords = stop;
  return o;
}

static kata_wordset_t *stop_id(void) {
  kata_wordset_t *ws = kata_wordset_new(&A);
  const char *const *w = kata_stoplist("id", NULL);
  size_t i;
  check(ws && w);
  for (i = 0; ws && w && w[i]; i++) check(kata_wordset_add(ws, w[i], strlen(w[i])) == KATA_OK);
  return ws;
}

static kata_counter_t *counted(const char *s, const kata_count_opts_t *o) {
  kata_counter_t *c = kata_counter_new(&A);
  check(c && kata_counter_add(c, s, strlen(s), o) == KATA_OK);
  return c;
}

static uint64_t df(const kata_corpus_t *k, const char *key) {
  return kata_corpus_df(k, key, strlen(key));
}

/* The smoothed idf of a term in df of n documents, as documented. */
static double idf_of(double n, double d) { return log((1.0 + n) / (1.0 + d)) + 1.0; }

static int idf_is(const kata_corpus_t *k, const char *key, double want) {
  double got = kata_corpus_idf(k, key, strlen(key));
  if (fabs(got - want) <= 1e-15) return 1;
  fprintf(stderr, "  idf(%s) = %.17g, want %.17g\n", key, got, want);
  return 0;
}

static void test_frequencies(void) {
  kata_wordset_t *stop = stop_id();
  kata_count_opts_t o = count_opts(stop);
  kata_corpus_t *k = kata_corpus_new(&A);
  size_t i;
  check(k != NULL && kata_corpus_size(k) == 0);
  /* empty: every term unseen, idf ln(1/1) + 1 */
  check(df(k, "beras") == 0 && idf_is(k, "beras", 1.0));
  for (i = 0; docs[i]; i++) {
    kata_counter_t *c = counted(docs[i], &o);
    check(kata_corpus_add(k, c, NULL, 0) == 1);
    kata_counter_free(c);
  }
  check(kata_corpus_size(k) == 3);
  /* beras: 1st and 2nd; harga, pasar: 1st and 3rd; the rest once */
  check(df(k, "beras") == 2 && df(k, "harga") == 2 && df(k, "pasar") == 2);
  check(df(k, "cipinang") == 1 && df(k, "bulog") == 1 && df(k, "temanggung") == 1);
  check(df(k, "rp13.500") == 1 && df(k, "kilogram") == 1);
  /* keys are what the counter counted: folded, no stop words */
  check(df(k, "Harga") == 0 && df(k, "di") == 0 && df(k, "yang") == 0);
  check(df(k, "gula") == 0 && df(k, "") == 0);
  check(idf_is(k, "beras", log(4.0 / 3.0) + 1) && idf_is(k, "beras", idf_of(3, 2)));
  check(idf_is(k, "bulog", log(2.0) + 1));
  check(idf_is(k, "gula", log(4.0) + 1));
  /* a term in every document has the lowest idf, 1 */
  {
    kata_counter_t *c = counted("Harga beras dan harga cabai di pasar.", &o);
    check(kata_corpus_add(k, c, NULL, 0) == 1);
    kata_counter_free(c);
  }
  check(kata_corpus_size(k) == 4 && df(k, "harga") == 3 && df(k, "beras") == 3);
  check(df(k, "cabai") == 2); /* counted twice in a document: once here */
  /* an empty document counts for N */
  {
    kata_counter_t *c = counted("", &o);
    check(kata_corpus_add(k, c, NULL, 0) == 1);
    kata_counter_free(c);
  }
  check(kata_corpus_size(k) == 5 && idf_is(k, "harga", idf_of(5, 3)));
  check(kata_corpus_bytes(k) > 0 && kata_corpus_bytes(k) <= ta.live);
  kata_corpus_free(k);
  kata_wordset_free(stop);
  check(ta.live == 0);
  kata_corpus_free(NULL);
}

static void test_ids(void) {
  kata_count_opts_t o = count_opts(NULL);
  kata_corpus_t *k = kata_corpus_new(&A);
  kata_counter_t *a = counted(docs[0], &o), *b = counted(docs[1], &o);
  check(kata_corpus_add(k, a, "antara/1", 8) == 1);
  check(kata_corpus_add(k, b, "antara/2", 8) == 1);
  /* the same id again: refused, nothing counted */
  check(kata_corpus_add(k, b, "antara/2", 8) == 0);
  check(kata_corpus_add(k, a, "antara/1", 8) == 0);
  check(kata_corpus_size(k) == 2 && df(k, "beras") == 2 && df(k, "bulog") == 1);
  /* ids are bytes: a prefix, NUL inside, the empty id are all others */
  check(kata_corpus_add(k, a, "antara/", 7) == 1);
  check(kata_corpus_add(k, a, "antara/1\0x", 10) == 1);
  check(kata_corpus_add(k, a, "", 0) == 1);
  check(kata_corpus_add(k, a, "", 0) == 0);
  /* no id: always added */
  check(kata_corpus_add(k, a, NULL, 0) == 1);
  check(kata_corpus_add(k, a, NULL, 0) == 1);
  check(kata_corpus_size(k) == 7 && df(k, "cipinang") == 6 && df(k, "bulog") == 1);
  kata_counter_free(a);
  kata_counter_free(b);
  kata_corpus_free(k);
  check(ta.live == 0);
}

/* Keys of n-grams and stems are the corpus' keys too. */
static void test_keys(void) {
  kata_count_opts_t o = count_opts(NULL);
  kata_stemmer_t *st = kata_stemmer_new("en");
  kata_corpus_t *k = kata_corpus_new(&A);
  kata_counter_t *c;
  check(st != NULL);
  o.stemmer = st;
  o.ngram_max = 2;
  c = counted("Prices rose as price controls ended. Prices fell.", &o);
  check(kata_corpus_add(k, c, "wire/1", 6) == 1);
  kata_counter_free(c);
  c = counted("Controls on rice prices ended.", &o);
  check(kata_corpus_add(k, c, "wire/2", 6) == 1);
  kata_counter_free(c);
  check(df(k, "price") == 2 && df(k, "prices") == 0 && df(k, "control") == 2);
  check(df(k, "price control") == 1 && df(k, "rice price") == 1 && df(k, "end") == 2);
  check(df(k, "control end") == 1); /* the second has "prices ended" */
  check(idf_is(k, "price control", idf_of(2, 1)));
  kata_corpus_free(k);
  kata_stemmer_free(st);
  check(ta.live == 0);
}

/* kata_corpus_new and kata_corpus_add with the allocator failing at every
** call: NULL or KATA_ENOMEM, nothing held once freed, and the frequencies
** of a run with memory enough. */
static void test_alloc_failures(void) {
  kata_wordset_t *stop = stop_id();
  kata_count_opts_t o = count_opts(stop);
  kata_counter_t *c[3];
  static const char *const ids[] = {"wire/1", "wire/2", "wire/3"};
  size_t i, base, failed = 0, bad = 0;
  long budget;
  int done = 0;
  for (i = 0; i < 3; i++) c[i] = counted(docs[i], &o);
  base = ta.live;
  for (budget = 0; budget < 10 && !done; budget++) {
    kata_corpus_t *k;
    ta.calls = 0;
    ta.budget = budget;
    k = kata_corpus_new(&A);
    ta.budget = -1;
    done = k != NULL;
    kata_corpus_free(k);
    check(ta.live == base);
  }
  check(done && budget == 2); /* one allocation */
  /* each add into a corpus holding the documents before it; after a
  ** failure the corpus as before (its size, frequencies, the id free) */
  for (i = 0; i < 3; i++)
    for (budget = 0;; budget++) {
      kata_corpus_t *k = kata_corpus_new(&A);
      size_t j;
      int rc;
      for (j = 0; j < i; j++) check(kata_corpus_add(k, c[j], ids[j], 6) == 1);
      ta.calls = 0;
      ta.budget = budget;
      rc = kata_corpus_add(k, c[i], ids[i], 6);
      ta.budget = -1;
      if (rc == 1) {
        check(kata_corpus_size(k) == i + 1);
        check(df(k, "beras") == (i == 0 ? 1u : 2u) && df(k, "harga") == (i < 2 ? 1u : 2u));
      } else {
        failed++;
        bad += rc != KATA_ENOMEM || kata_corpus_size(k) != i ||
               df(k, "beras") != i || df(k, "harga") != (i == 0 ? 0u : 1u) ||
               df(k, "bulog") != (i == 2 ? 1u : 0u) || df(k, "cabai") != 0 ||
               kata_corpus_idf(k, "beras", 5) != idf_of((double)i, (double)i);
        bad += kata_corpus_add(k, c[i], ids[i], 6) != 1 || kata_corpus_size(k) != i + 1 ||
               df(k, "beras") != (i == 0 ? 1u : 2u) || df(k, "harga") != (i < 2 ? 1u : 2u);
      }
      kata_corpus_free(k);
      check(ta.live == base);
      if (rc == 1) break;
    }
  check(bad == 0 && failed > 6);
  /* the same add retried in one corpus after each failure: a failed add
  ** once kept its id (and the frequencies counted so far), so the retry
  ** was refused as a known id (wire/1 failing at its 4th allocation) */
  for (i = 0; i < 3; i++)
    for (budget = 0;; budget++) {
      kata_corpus_t *k = kata_corpus_new(&A);
      int rc;
      ta.calls = 0;
      ta.budget = budget;
      rc = kata_corpus_add(k, c[i], ids[i], 6);
      ta.budget = -1;
      if (rc != 1) check(kata_corpus_add(k, c[i], ids[i], 6) == 1 && kata_corpus_size(k) == 1 &&
                         df(k, i == 1 ? "bulog" : "harga") == 1);
      kata_corpus_free(k);
      if (rc == 1) break;
    }
  for (i = 0; i < 3; i++) kata_counter_free(c[i]);
  kata_wordset_free(stop);
  check(ta.live == 0);
}

int main(void) {
  ta.budget = -1;
  test_frequencies();
  test_ids();
  test_keys();
  test_alloc_failures();
  check(ta.live == 0);
  return check_report("test_corpus");
}
