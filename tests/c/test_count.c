/*
** test_count.c: the counter's ASCII fast path counts exactly what the
** tokenizer path counts, on the fixtures and on random mixes of tricky text;
** a failed add leaves the counter as it was; ranking and YAKE! take memory
** that follows the text, not n.
*/
#include "check.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* Do both paths give the same terms and counts for s? */
static int same_counts(const char *s, size_t len, const kata_wordset_t *stop,
                       size_t min_length) {
  kata_count_opts_t o;
  kata_counter_t *fast = kata_counter_new(&A), *slow = kata_counter_new(&A);
  size_t i;
  int same = 1;
  memset(&o, 0, sizeof o);
  o.ngram_min = o.ngram_max = 1;
  o.stopwords = stop;
  o.min_length = min_length;
  o.flags = KATA_COUNT_FOLD;
  check(kata_counter_add(fast, s, len, &o) == KATA_OK);
  o.flags |= KATA_COUNT_NOFAST;
  check(kata_counter_add(slow, s, len, &o) == KATA_OK);
  if (kata_counter_size(fast) != kata_counter_size(slow) ||
      kata_counter_total(fast) != kata_counter_total(slow))
    same = 0;
  for (i = 0; same && i < kata_counter_size(slow); i++) {
    size_t kl;
    const char *key = kata_counter_key(slow, i, &kl);
    long f = kata_counter_find(fast, key, kl);
    if (f < 0 || kata_counter_count(fast, (size_t)f) != kata_counter_count(slow, i)) {
      fprintf(stderr, "  differs on '%.*s'\n", (int)kl, key);
      same = 0;
    }
  }
  kata_counter_free(fast);
  kata_counter_free(slow);
  return same;
}

/* Do a and b hold the same terms, under the same ids, with the same counts
** and reported forms? */
static int same_counter(kata_counter_t *a, kata_counter_t *b) {
  size_t i;
  if (kata_counter_size(a) != kata_counter_size(b) ||
      kata_counter_total(a) != kata_counter_total(b))
    return 0;
  for (i = 0; i < kata_counter_size(a); i++) {
    size_t al, bl, tl, ul;
    const char *ak = kata_counter_key(a, i, &al), *bk = kata_counter_key(b, i, &bl);
    const char *at = kata_counter_term(a, i, &tl), *bt = kata_counter_term(b, i, &ul);
    if (al != bl || memcmp(ak, bk, al) != 0 || tl != ul || memcmp(at, bt, tl) != 0 ||
        kata_counter_count(a, i) != kata_counter_count(b, i) ||
        kata_counter_find(a, ak, al) != (long)i)
      return 0;
  }
  return 1;
}

/* A text counted into a counter holding another, with the allocator
** failing at each call in turn; then its words one at a time, each word
** failing so: after a failure the counter is as before (terms, ids,
** counts, reported forms; the phrase window too), and the add retried
** counts what an add that never failed counts. A failed add once kept
** the terms and counts made so far, and a term whose count found no room
** was read past the counts. */
static void test_alloc_failures(void) {
  /* "kata" and "berkata" (one stem) once each in the first: the reported
  ** form is "berkata", the smaller; the second counts "Kata" again */
  static const char *const first = "Harga beras naik. Harga cabai rawit naik lagi pada hari "
                                   "Senin, kata pedagang pasar. Pembeli berkata harga terlalu "
                                   "tinggi.";
  static const char *const second = "Kata pedagang pasar, harga beras dan harga cabai naik; "
                                    "pembeli mengeluhkan harga yang terus naik.";
  static const char *const words[] = {"harga", "beras", "naik", "Harga", "cabai", "naik",
                                      "pedagang", "pasar", "Pasar", "baru", NULL};
  kata_stemmer_t *st = kata_stemmer_new("id");
  kata_count_opts_t o[3];
  size_t bad = 0, fails = 0, v, i;
  long budget;
  memset(o, 0, sizeof o);
  o[0].flags = KATA_COUNT_FOLD; /* the fast path */
  o[0].ngram_min = o[0].ngram_max = 1;
  o[1].flags = KATA_COUNT_FOLD | KATA_COUNT_NOFAST; /* phrases, stems, surfaces */
  o[1].ngram_min = 1;
  o[1].ngram_max = 3;
  o[1].stemmer = st;
  o[2] = o[1];
  o[2].flags = 0; /* not folded: a surface is a key's only form */
  o[2].stemmer = NULL;
  check(st != NULL);
  for (v = 0; v < 3; v++) {
    kata_counter_t *before = kata_counter_new(&A), *after = kata_counter_new(&A);
    int rc;
    check(kata_counter_add(before, first, strlen(first), &o[v]) == KATA_OK);
    check(kata_counter_add(after, first, strlen(first), &o[v]) == KATA_OK);
    check(kata_counter_add(after, second, strlen(second), &o[v]) == KATA_OK);
    for (budget = 0;; budget++) {
      kata_counter_t *c = kata_counter_new(&A);
      int failed;
      check(kata_counter_add(c, first, strlen(first), &o[v]) == KATA_OK);
      ta.calls = 0;
      ta.budget = budget;
      rc = kata_counter_add(c, second, strlen(second), &o[v]);
      ta.budget = -1;
      failed = rc != KATA_OK;
      if (failed) {
        fails++;
        bad += rc != KATA_ENOMEM || !same_counter(c, before);
        rc = kata_counter_add(c, second, strlen(second), &o[v]);
      }
      bad += rc != KATA_OK || !same_counter(c, after);
      kata_counter_free(c);
      if (!failed) break;
    }
    /* the words one at a time, each failing at every allocation in turn */
    {
      kata_counter_t *c = kata_counter_new(&A), *ref = kata_counter_new(&A);
      kata_window_t win = {0, 0}, rwin = {0, 0};
      for (i = 0; words[i]; i++) {
        check(kata_counter_add_word(ref, words[i], strlen(words[i]), &o[v], &rwin) == KATA_OK);
        for (budget = 0;; budget++) {
          kata_window_t was = win;
          ta.calls = 0;
          ta.budget = budget;
          rc = kata_counter_add_word(c, words[i], strlen(words[i]), &o[v], &win);
          ta.budget = -1;
          if (rc == KATA_OK) break;
          fails++;
          bad += rc != KATA_ENOMEM || win.run != was.run || win.head != was.head;
          /* as the reference was before this word */
          {
            kata_counter_t *r0 = kata_counter_new(&A);
            kata_window_t w0 = {0, 0};
            size_t j;
            for (j = 0; j < i; j++) kata_counter_add_word(r0, words[j], strlen(words[j]), &o[v], &w0);
            bad += !same_counter(c, r0) || w0.run != win.run || w0.head != win.head;
            kata_counter_free(r0);
          }
        }
      }
      bad += !same_counter(c, ref);
      kata_counter_free(c);
      kata_counter_free(ref);
    }
    kata_counter_free(before);
    kata_counter_free(after);
  }
  check(bad == 0 && fails > 30);
  kata_stemmer_free(st);
  check(ta.live == 0);
}

/* An allocator that keeps the most bytes live at once. */
typedef struct peak_alloc {
  size_t live, peak;
} peak_alloc_t;

static void *peak_allocf(void *ud, void *ptr, size_t osize, size_t nsize) {
  peak_alloc_t *pa = (peak_alloc_t *)ud;
  void *p;
  if (nsize == 0) {
    if (ptr) pa->live -= osize;
    free(ptr);
    return NULL;
  }
  if (nsize > ((size_t)1 << 30)) return NULL; /* never more than 1 GB */
  p = realloc(ptr, nsize);
  if (p) pa->live += nsize - (ptr ? osize : 0);
  if (pa->live > pa->peak) pa->peak = pa->live;
  return p;
}

/* Regression (issue 13, B5): kata_yake_run allocated room for n results
** (4 GB for n = 2^30, even for "roket air"); now at most one per candidate
** and at most KATA_YAKE_MAX. */
static void yake_follows_text(const char *text, size_t len) {
  peak_alloc_t pa = {0, 0};
  kata_allocator_t PA = {peak_allocf, &pa};
  kata_yake_opts_t o;
  kata_yake_t *y;
  memset(&o, 0, sizeof o);
  o.flags = KATA_COUNT_FOLD;
  o.ngram_max = 3;
  o.dedup = 0.9;
  y = kata_yake_new(&PA);
  check(y && kata_yake_run(y, "roket, air", 10, &o, (size_t)1 << 30) == KATA_OK);
  check(y && kata_yake_size(y) == 2);
  check(pa.peak < 64 * 1024);
  kata_yake_free(y);
  pa.peak = 0;
  y = kata_yake_new(&PA);
  check(y && kata_yake_run(y, text, len, &o, (size_t)-1) == KATA_OK);
  check(y && kata_yake_size(y) == KATA_YAKE_MAX);
  check(pa.peak < 64 * len + 1024 * 1024);
  kata_yake_free(y);
  check(pa.live == 0);
}

int main(void) {
  static const char *const files[] = {
    "samples/berita.txt", "tests/fixtures/id-dbd-sleman.txt",
    "tests/fixtures/id-garam-rembang.txt", "tests/fixtures/en-airline-grounding.txt",
    "tests/fixtures/en-desalination-plant.txt", NULL
  };
  static const char *const pieces[] = {
    "the ", "The", "kata", "roket-roket", "can't", "can\xE2\x80\x99t", "http://a.id/x ",
    "www.b.co ", "a@b.co", "budi.s@x.id", "#tag", "@user", "_x", "x_y", "3rd", "1.500,50",
    "Sumber:https://c.id", "caf\xC3\xA9", "\xC3\xA9t\xC3\xA9", "\xCC\x81", "!", "?", ",",
    ".", ";", ":", "-", "\xE2\x80\x94", "\"", "'", "(", ")", " ", "  ", "\n", "\t",
    "\xF0\x9F\x98\x80", "\xF0\x9F\x8F\xBD", "\xFF", "e-mail", "ht", "ft", "ww", "%", "+",
    "$5", "&", "a", "I", "FOO", "foo.bar", "x.y.z", "wa'alaikum", "\xE6\x97\xA5", NULL
  };
  kata_wordset_t *stop;
  const char *const *en = kata_stoplist("en", NULL), *const *id = kata_stoplist("id", NULL);
  size_t i, npieces = 0, len;
  unsigned long x = 12345;
  char buf[4096];
  ta.budget = -1;
  stop = kata_wordset_new(&A);
  check(stop != NULL);
  for (i = 0; en[i]; i++) kata_wordset_add(stop, en[i], strlen(en[i]));
  for (i = 0; id[i]; i++) kata_wordset_add(stop, id[i], strlen(id[i]));
  for (i = 0; files[i]; i++) {
    char *s = check_slurp(files[i], &len);
    check(s != NULL);
    if (!s) continue;
    check(same_counts(s, len, stop, 2));
    check(same_counts(s, len, NULL, 0));
    free(s);
  }
  while (pieces[npieces]) npieces++;
  for (i = 0; i < 3000; i++) { /* random mixes of the pieces */
    size_t n = 0;
    while (n < 200) {
      const char *p;
      x = x * 6364136223846793005ul + 1442695040888963407ul;
      p = pieces[(x >> 33) % npieces];
      memcpy(buf + n, p, strlen(p));
      n += strlen(p);
    }
    if (!same_counts(buf, n, (i & 1) ? stop : NULL, (i & 2) ? 2 : 0)) {
      check(0);
      fprintf(stderr, "  text: %.*s\n", (int)n, buf);
      break;
    }
  }
  check(same_counts("", 0, stop, 2));
  {
    char *s = check_slurp("tests/fixtures/en-airline-grounding.txt", &len);
    check(s != NULL);
    if (s) yake_follows_text(s, len);
    free(s);
  }
  kata_wordset_free(stop);
  check(ta.live == 0);
  test_alloc_failures();
  return check_report("test_count");
}
