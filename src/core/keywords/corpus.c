/*
** corpus.c: document frequencies of counted terms across a collection, for
** TF-IDF, with the smoothing scikit-learn calls smooth_idf.
*/
#include <math.h>
#include <string.h>

#include "internal.h"
#include "strtab.h"

struct kata_corpus {
  kata_allocator_t A;
  kata__strtab_t terms, ids;
  uint64_t *df;
  size_t df_cap, ndocs;
};

kata_corpus_t *kata_corpus_new(const kata_allocator_t *A) {
  kata_corpus_t *k = (kata_corpus_t *)A->f(A->ud, NULL, 0, sizeof *k);
  if (!k) return NULL;
  memset(k, 0, sizeof *k);
  k->A = *A;
  kata__strtab_init(&k->terms, A);
  kata__strtab_init(&k->ids, A);
  return k;
}

void kata_corpus_free(kata_corpus_t *k) {
  if (!k) return;
  kata__strtab_free(&k->terms);
  kata__strtab_free(&k->ids);
  if (k->df) k->A.f(k->A.ud, k->df, k->df_cap * sizeof *k->df, 0);
  k->A.f(k->A.ud, k, sizeof *k, 0);
}

/* A failed add undone: the frequencies of doc's first i keys taken back,
** the terms and ids it added forgotten. */
static void undo_add(kata_corpus_t *k, const kata_counter_t *doc, size_t i, size_t nterms,
                     size_t nids) {
  size_t j;
  for (j = 0; j < i; j++) {
    size_t len;
    const char *key = kata_counter_key(doc, j, &len);
    long tid = kata__strtab_find(&k->terms, key, len);
    if (tid >= 0) k->df[tid]--;
  }
  kata__strtab_truncate(&k->terms, nterms);
  kata__strtab_truncate(&k->ids, nids);
}

int kata_corpus_add(kata_corpus_t *k, const kata_counter_t *doc,
                    const char *id, size_t idlen) {
  size_t i, n = kata_counter_size(doc), tid, nterms = k->terms.n, nids = k->ids.n;
  int rc;
  if (id) {
    rc = kata__strtab_intern(&k->ids, id, idlen, &tid);
    if (rc <= 0) return rc; /* 0: the id is known already */
  }
  for (i = 0; i < n; i++) {
    size_t len;
    const char *key = kata_counter_key(doc, i, &len);
    if ((rc = kata__strtab_intern(&k->terms, key, len, &tid)) < 0 ||
        (rc = kata__grow(&k->A, (void **)&k->df, &k->df_cap, tid, sizeof *k->df)) != KATA_OK) {
      undo_add(k, doc, i, nterms, nids); /* the corpus as it was */
      return rc;
    }
    k->df[tid]++;
  }
  k->ndocs++;
  return 1;
}

size_t kata_corpus_size(const kata_corpus_t *k) { return k->ndocs; }

uint64_t kata_corpus_df(const kata_corpus_t *k, const char *key, size_t len) {
  long id = kata__strtab_find(&k->terms, key, len);
  return id < 0 ? 0 : k->df[id];
}

double kata_corpus_idf(const kata_corpus_t *k, const char *key, size_t len) {
  double n = (double)k->ndocs, df = (double)kata_corpus_df(k, key, len);
  return log((1.0 + n) / (1.0 + df)) + 1.0;
}

size_t kata_corpus_bytes(const kata_corpus_t *k) {
  return sizeof *k + kata__strtab_bytes(&k->terms) + kata__strtab_bytes(&k->ids) +
         k->df_cap * sizeof *k->df;
}
