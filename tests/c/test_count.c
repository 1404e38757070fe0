/*
** test_count.c: the counter's ASCII fast path counts exactly what the
** tokenizer path counts, on the fixtures and on random mixes of tricky text.
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

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  rewind(f);
  buf = (char *)malloc(*len + 1);
  if (buf && fread(buf, 1, *len, f) != *len) *len = 0;
  fclose(f);
  return buf;
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
    char *s = slurp(files[i], &len);
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
  kata_wordset_free(stop);
  check(ta.live == 0);
  return check_report("test_count");
}
