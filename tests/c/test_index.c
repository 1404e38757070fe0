/*
** test_index.c: the streaming duplicate index (kata_index_*) without a
** store: exact and near lookups, keys, options, memory, saving and loading
** in memory and through a file, damaged files, and allocation failure.
*/
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <unistd.h>

#include "check.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

static kata_dedup_opts_t opts(double threshold, int near) {
  kata_dedup_opts_t o;
  memset(&o, 0, sizeof o);
  o.threshold = threshold;
  o.min_words = 5;
  o.near = near;
  o.shingle = 1;
  return o;
}

static kata_index_t *new_index(const kata_dedup_opts_t *o) {
  kata_index_t *x = NULL;
  check(kata_index_new(&A, o, NULL, NULL, NULL, &x) == KATA_OK && x != NULL);
  return x;
}

/* Adds (or with add 0 looks up) s under key; returns the hit's id, or -1. */
static long add(kata_index_t *x, const char *key, const char *s, int really,
                kata_index_hit_t *hit) {
  kata_index_hit_t h;
  if (!hit) hit = &h;
  check(kata_index_add(x, s, strlen(s), key, strlen(key), really, hit) == KATA_OK);
  check((hit->id == KATA_NO_DUP) == (hit->kind == 0));
  return hit->id == KATA_NO_DUP ? -1 : (long)hit->id;
}

static int key_is(const kata_index_t *x, size_t i, const char *want) {
  size_t len;
  const char *k = kata_index_key(x, i, &len);
  return len == strlen(want) && memcmp(k, want, len) == 0;
}

/* The estimate of a near hit from m6 equal 6-bit rows (of 28) and m1 equal
** one-bit values (of 32), as dupindex.c weighs them. */
static double estimate(int m6, int m1) {
  double j6 = ((double)m6 / 28 - 1.0 / 64) / (63.0 / 64), j1 = 2.0 * m1 / 32 - 1;
  double j = (2 * j6 + j1) / 3;
  return j < 0 ? 0 : j > 1 ? 1 : j;
}

/* Is sim one of the values estimate() can give? */
static int on_lattice(double sim) {
  int m6, m1;
  for (m6 = 0; m6 <= 28; m6++)
    for (m1 = 0; m1 <= 32; m1++)
      if (estimate(m6, m1) == sim) return 1;
  return 0;
}

#define P_ID "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan segera " \
             "melaporkan setiap pasien dengan demam tinggi lebih dari dua hari. Rumah sakit " \
             "juga diminta menyiapkan tambahan tempat tidur untuk pasien DBD."
#define P_EN "The plant, to be built on the former ferry yard at Gull Point, would draw " \
             "seawater through a 900-meter intake pipe and return brine through diffusers " \
             "laid on the seabed."

static void test_add(void) {
  kata_dedup_opts_t o = opts(0.8, 1);
  kata_index_t *x = new_index(&o);
  kata_index_hit_t hit;
  check(kata_index_size(x) == 0);
  check(add(x, "sleman/5", P_ID, 1, &hit) == -1 && hit.similarity == 0);
  check(add(x, "desal/6", P_EN, 1, NULL) == -1);
  check(kata_index_size(x) == 2 && key_is(x, 0, "sleman/5") && key_is(x, 1, "desal/6"));
  /* exact after normalisation: case, spaces, quotes, outer punctuation */
  check(add(x, "copy", "\xE2\x80\x9CMENURUT  Bambang, puskesmas diminta memperketat pemantauan "
                       "jentik dan segera melaporkan setiap pasien dengan demam tinggi lebih "
                       "dari dua hari.\nRumah sakit juga diminta menyiapkan tambahan tempat "
                       "tidur untuk pasien DBD\xE2\x80\x9D", 1, &hit) == 0);
  check(hit.kind == KATA_DUP_EXACT && hit.similarity == 1);
  check(kata_index_size(x) == 2); /* a repeat is not added */
  /* a trailing boilerplate line is set aside */
  check(add(x, "tail", P_ID "\nBaca juga: Kasus DBD di Bantul naik dua kali lipat", 1, &hit) == 0);
  check(hit.kind == KATA_DUP_EXACT);
  check(add(x, "tail2", P_EN " Read more: Drought leaves Port Wessex reservoir at record low",
            1, &hit) == 1 && hit.kind == KATA_DUP_EXACT);
  /* one word changed (true similarity 27/29 and 25/27): near, estimated
  ** from the records; the hash functions are fixed, and so is which rows
  ** and bits agree: 28 of 28 and 31 of 32, then 27 and 29 */
  check(add(x, "edit", "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan "
                       "segera melaporkan setiap pasien dengan demam tinggi lebih dari tiga "
                       "hari. Rumah sakit juga diminta menyiapkan tambahan tempat tidur untuk "
                       "pasien DBD.", 1, &hit) == 0);
  check(hit.kind == KATA_DUP_ESTIMATE && hit.similarity >= 0.8 && hit.similarity < 1);
  check(on_lattice(hit.similarity) && hit.similarity == estimate(28, 31));
  check(add(x, "metre", "The plant, to be built on the former ferry yard at Gull Point, would "
                        "draw seawater through a 900-metre intake pipe and return brine through "
                        "diffusers laid on the seabed.", 0, &hit) == 1);
  check(hit.kind == KATA_DUP_ESTIMATE && hit.similarity == estimate(27, 29));
  check(kata_index_size(x) == 2);
  /* different news in the same words: new */
  check(add(x, "cabai", "Harga cabai rawit di Pasar Beringharjo naik menjadi Rp80.000 per "
                        "kilogram pada Senin karena pasokan dari Magelang terganggu hujan deras.",
            1, NULL) == -1);
  check(add(x, "bawang", "Harga bawang merah di Pasar Beringharjo turun menjadi Rp28.000 per "
                         "kilogram pada Selasa karena pasokan dari Brebes melimpah setelah "
                         "panen raya.", 1, NULL) == -1);
  check(kata_index_size(x) == 4 && key_is(x, 3, "bawang"));
  /* looking without adding */
  check(add(x, "look", "Bulog menyatakan stok beras masih cukup untuk tiga bulan.", 0, NULL) == -1);
  check(kata_index_size(x) == 4);
  check(add(x, "look", "Bulog menyatakan stok beras masih cukup untuk tiga bulan.", 1, NULL) == -1);
  check(add(x, "again", "bulog menyatakan stok beras masih cukup untuk tiga bulan", 0, NULL) == 4);
  /* short paragraphs (under min_words) are matched exactly only */
  check(add(x, "s1", "Tiga orang tewas.", 1, NULL) == -1);
  check(add(x, "s2", "Empat orang tewas.", 1, NULL) == -1);
  check(add(x, "s3", "tiga ORANG tewas", 1, &hit) == 5 && hit.kind == KATA_DUP_EXACT);
  /* keys: any bytes, empty ones too */
  check(kata_index_add(x, "Satu dua tiga empat.", 20, "", 0, 1, &hit) == KATA_OK);
  check(kata_index_add(x, "Lima enam tujuh.", 16, "a\0b", 3, 1, &hit) == KATA_OK);
  check(kata_index_size(x) == 9 && key_is(x, 7, ""));
  {
    size_t len;
    const char *k = kata_index_key(x, 8, &len);
    check(len == 3 && memcmp(k, "a\0b", 3) == 0);
  }
  /* empty, punctuation-only and invalid UTF-8 paragraphs */
  check(add(x, "e1", "", 1, NULL) == -1);
  check(add(x, "e2", "...", 1, &hit) == 9 && hit.kind == KATA_DUP_EXACT);
  check(add(x, "u1", "Harga \xFF naik", 1, NULL) == -1);
  check(add(x, "u2", "HARGA \xFF naik.", 1, NULL) == 10);
  check(kata_index_size(x) == 11);
  kata_index_free(x);
  check(ta.live == 0);
  kata_index_free(NULL);
}

static void test_options(void) {
  kata_dedup_opts_t o = opts(0.8, 0);
  kata_index_t *x = new_index(&o);
  const char *edit = "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan "
                     "segera melaporkan setiap pasien dengan demam tinggi lebih dari tiga "
                     "hari. Rumah sakit juga diminta menyiapkan tambahan tempat tidur untuk "
                     "pasien DBD.";
  kata_index_hit_t hit;
  /* near off: exact only */
  check(add(x, "a", P_ID, 1, NULL) == -1);
  check(add(x, "b", edit, 0, NULL) == -1);
  check(add(x, "c", P_ID, 0, &hit) == 0 && hit.kind == KATA_DUP_EXACT);
  kata_index_free(x);
  /* a threshold above the estimate, and at it */
  o = opts(0.98, 1);
  x = new_index(&o);
  check(add(x, "a", P_ID, 1, NULL) == -1);
  check(add(x, "b", edit, 0, NULL) == -1);
  kata_index_free(x);
  o = opts(estimate(28, 31), 1);
  x = new_index(&o);
  check(add(x, "a", P_ID, 1, NULL) == -1);
  check(add(x, "b", edit, 0, &hit) == 0 && hit.similarity == o.threshold);
  kata_index_free(x);
  /* min_words above the paragraph's 30 words */
  o = opts(0.8, 1);
  o.min_words = 31;
  x = new_index(&o);
  check(add(x, "a", P_ID, 1, NULL) == -1);
  check(add(x, "b", edit, 0, NULL) == -1);
  check(add(x, "c", P_ID, 0, NULL) == 0);
  kata_index_free(x);
  /* the boilerplate list: none, then the caller's own */
  {
    static const char *const none[] = {NULL};
    static const char *const mine[] = {"sumber:", NULL};
    o = opts(0.8, 0);
    o.tails = none;
    x = new_index(&o);
    check(add(x, "a", P_ID, 1, NULL) == -1);
    check(add(x, "b", P_ID "\nBaca juga: Kasus DBD di Bantul naik", 0, NULL) == -1);
    kata_index_free(x);
    o.tails = mine;
    x = new_index(&o);
    check(add(x, "a", P_ID, 1, NULL) == -1);
    check(add(x, "b", P_ID "\nBaca juga: Kasus DBD di Bantul naik", 0, NULL) == -1);
    check(add(x, "c", P_ID "\nSumber: Warta Pesisir", 0, NULL) == 0);
    kata_index_free(x);
  }
  check(ta.live == 0);
  /* bad options */
  o = opts(0.8, 1);
  o.containment = 1;
  x = (kata_index_t *)&o;
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_EINVAL && x == NULL);
  o = opts(0.8, 1);
  o.shingle = 0;
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_EINVAL);
  o.shingle = 6;
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_EINVAL);
  o = opts(-0.1, 1);
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_EINVAL);
  o = opts(1.1, 1);
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_EINVAL);
  o = opts(0.0 / 0.0, 1);
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_EINVAL);
  o = opts(0.8, 1);
  o.min_words = (1u << 30) + 1;
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_EINVAL);
  o.min_words = 1u << 30;
  check(kata_index_new(&A, &o, NULL, NULL, NULL, &x) == KATA_OK);
  kata_index_free(x);
  check(ta.live == 0);
}

/* A scraper's article saved twice, paragraph by paragraph. */
static void test_fixture(void) {
  size_t len, pos = 0, a, b, i = 0;
  char *s = check_slurp("tests/fixtures/dup-id-dermaga.txt", &len);
  kata_dedup_opts_t o = opts(0.8, 1);
  kata_index_t *x = new_index(&o);
  char key[32], got[256];
  size_t k = 0, ib, kb;
  check(s != NULL);
  if (!s) return;
  got[0] = '\0';
  while (kata_paragraph_next(s, len, &pos, KATA_PAR_WRAP, &a, &b)) {
    kata_index_hit_t hit;
    snprintf(key, sizeof key, "dermaga:%zu", i);
    check(kata_index_add(x, s + a, b - a, key, strlen(key), 1, &hit) == KATA_OK);
    if (hit.kind)
      k += (size_t)snprintf(got + k, sizeof got - k, "%s%zu>%zu%c", k ? " " : "", i, hit.id,
                            hit.kind == KATA_DUP_EXACT ? 'e' : 'n');
    i++;
  }
  check(i == 18);
  check(strcmp(got, "9>1e 10>2e 11>3e 12>4e 13>5e 14>6e 15>7e 16>8e") == 0);
  check(kata_index_size(x) == 10 && key_is(x, 8, "dermaga:8") && key_is(x, 9, "dermaga:17"));
  /* memory: the index's own figures are within what the allocator holds;
  ** the keys take a block of 4096 offsets and their bytes */
  kata_index_memory(x, &ib, &kb);
  check(kb >= 4096 * 8 + 9 * 9 + 10 && kb < 4096 * 8 + 256);
  check(ib >= 4096 * 28 && ib + kb <= ta.live && ta.live - (ib + kb) < 4096);
  kata_index_free(x);
  check(ta.live == 0);
  free(s);
}

/* {======================================================================
** Saving and loading
** ======================================================================= */

typedef struct mem {
  unsigned char *p;
  size_t len, cap, pos;
  int fail_after; /* writes: fail once this many bytes are written; < 0 never */
} mem_t;

static int mem_write(void *ud, const void *p, size_t n) {
  mem_t *m = (mem_t *)ud;
  if (m->fail_after >= 0 && m->len + n > (size_t)m->fail_after) return -1;
  if (m->len + n > m->cap) {
    size_t nc = (m->len + n) * 2;
    unsigned char *q = (unsigned char *)realloc(m->p, nc);
    if (!q) return -1;
    m->p = q;
    m->cap = nc;
  }
  if (n) memcpy(m->p + m->len, p, n); /* an empty part may come as NULL, 0 */
  m->len += n;
  return 0;
}

/* Reads at most 7 bytes at a time: the loader must cope with short reads. */
static size_t mem_read(void *ud, void *p, size_t n) {
  mem_t *m = (mem_t *)ud;
  size_t k = m->len - m->pos;
  if (k > n) k = n;
  if (k > 7) k = 7;
  memcpy(p, m->p + m->pos, k);
  m->pos += k;
  return k;
}

static size_t file_read(void *ud, void *p, size_t n) { return fread(p, 1, n, (FILE *)ud); }

static int file_write(void *ud, const void *p, size_t n) {
  return fwrite(p, 1, n, (FILE *)ud) == n ? 0 : -1;
}

/* An index of the fixture's paragraphs and a few short ones. */
static kata_index_t *sample_index(const kata_dedup_opts_t *o) {
  size_t len, pos = 0, a, b, i = 0;
  char *s = check_slurp("tests/fixtures/dup-en-desal.txt", &len);
  kata_index_t *x = NULL;
  char key[32];
  if (!s || kata_index_new(&A, o, NULL, NULL, NULL, &x) != KATA_OK) {
    free(s);
    return x;
  }
  while (kata_paragraph_next(s, len, &pos, KATA_PAR_BLANK, &a, &b)) {
    kata_index_hit_t hit;
    snprintf(key, sizeof key, "desal:%zu", i++);
    check(kata_index_add(x, s + a, b - a, key, strlen(key), 1, &hit) == KATA_OK);
  }
  free(s);
  return x;
}

/* Loads m (from its start) into *x; returns the code, err the message. */
static int load_mem(mem_t *m, kata_index_t **x, char *err, size_t errlen) {
  m->pos = 0;
  return kata_index_load(&A, mem_read, m, x, err, errlen);
}

/* Do two indexes give the same answers on the fixture and the same keys? */
static int same_answers(kata_index_t *x, kata_index_t *y) {
  size_t len, pos = 0, a, b, i;
  char *s = check_slurp("tests/fixtures/dup-en-desal.txt", &len);
  int same = kata_index_size(x) == kata_index_size(y);
  for (i = 0; same && i < kata_index_size(x); i++) {
    size_t l1, l2;
    const char *k1 = kata_index_key(x, i, &l1), *k2 = kata_index_key(y, i, &l2);
    same = l1 == l2 && memcmp(k1, k2, l1) == 0;
  }
  while (same && s && kata_paragraph_next(s, len, &pos, KATA_PAR_BLANK, &a, &b)) {
    kata_index_hit_t h1, h2;
    check(kata_index_add(x, s + a, b - a, "", 0, 0, &h1) == KATA_OK);
    check(kata_index_add(y, s + a, b - a, "", 0, 0, &h2) == KATA_OK);
    same = h1.id == h2.id && h1.kind == h2.kind && h1.similarity == h2.similarity;
  }
  free(s);
  return same;
}

static void test_save_load(void) {
  kata_dedup_opts_t o = opts(0.85, 1);
  kata_index_t *x, *y = NULL;
  mem_t m = {NULL, 0, 0, 0, -1}, m2 = {NULL, 0, 0, 0, -1};
  char err[128];
  size_t n;
  o.shingle = 2;
  o.min_words = 4;
  x = sample_index(&o);
  check(x != NULL && kata_index_size(x) == 10);
  check(kata_index_save(x, mem_write, &m) == KATA_OK);
  /* the header: magic, version, record size, the options, the counts */
  n = kata_index_size(x);
  check(m.len > 64 && memcmp(m.p, "KATAIDX\0", 8) == 0);
  check(m.p[8] == KATA_INDEX_FORMAT && m.p[12] == 28 && m.p[24] == 4 && m.p[28] == 2);
  check(m.p[32] == 1 && m.p[40] == n);
  {
    size_t t = (size_t)m.p[36] | (size_t)m.p[37] << 8, keys = (size_t)m.p[48];
    size_t i, builtin = 0;
    for (i = 0; kata_dedup_tails()[i]; i++) builtin += strlen(kata_dedup_tails()[i]) + 1;
    check(t == builtin);
    check(keys == 8 * 7 + 2 * 8); /* "desal:0" to "desal:12" but 8, 9 and 11 */
    check(m.len == 64 + t + 28 * n + 8 * n + keys + 8);
  }
  check(load_mem(&m, &y, err, sizeof err) == KATA_OK && y != NULL && err[0] == '\0');
  check(same_answers(x, y));
  /* the same bytes again, from the loaded index too */
  check(kata_index_save(y, mem_write, &m2) == KATA_OK);
  check(m2.len == m.len && memcmp(m.p, m2.p, m.len) == 0);
  kata_index_free(y);
  y = NULL;
  /* a failing writer: KATA_EIO at every length */
  {
    int f, bad = 0;
    for (f = 0; f < (int)m.len; f += 1 + f / 8) {
      mem_t w = {NULL, 0, 0, 0, f};
      bad += kata_index_save(x, mem_write, &w) != KATA_EIO;
      free(w.p);
    }
    check(bad == 0);
  }
  /* through a file */
  {
    char path[] = "/tmp/kata-test-index-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
    check(f != NULL);
    if (f) {
      check(kata_index_save(x, file_write, f) == KATA_OK);
      check(ftell(f) == (long)m.len);
      rewind(f);
      check(kata_index_load(&A, file_read, f, &y, err, sizeof err) == KATA_OK);
      check(y && same_answers(x, y));
      kata_index_free(y);
      y = NULL;
      fclose(f);
      unlink(path);
    }
  }
  /* an empty index, and one with no boilerplate list, near search off */
  {
    static const char *const none[] = {NULL};
    kata_index_t *e = NULL;
    mem_t w = {NULL, 0, 0, 0, -1};
    o = opts(0.8, 0);
    o.tails = none;
    check(kata_index_new(&A, &o, NULL, NULL, NULL, &e) == KATA_OK);
    check(kata_index_save(e, mem_write, &w) == KATA_OK && w.len == 64 + 8);
    kata_index_free(e);
    check(load_mem(&w, &e, err, sizeof err) == KATA_OK && kata_index_size(e) == 0);
    check(add(e, "a", P_ID " Baca juga: ini", 1, NULL) == -1);
    check(add(e, "b", P_ID, 0, NULL) == -1);
    check(add(e, "c", P_ID " Baca juga: ini", 0, NULL) == 0);
    kata_index_free(e);
    free(w.p);
  }
  kata_index_free(x);
  free(m2.p);
  free(m.p);
  check(ta.live == 0);
}

static int load_error(mem_t *m, const char *want) {
  kata_index_t *y = (kata_index_t *)m;
  char err[128];
  int rc = load_mem(m, &y, err, sizeof err);
  if (rc == KATA_EFORMAT && y == NULL && strcmp(err, want) == 0 && ta.live == 0) return 1;
  fprintf(stderr, "  load: %d, \"%s\" (want \"%s\")\n", rc, err, want);
  kata_index_free(y);
  return 0;
}

/* Loads m with the bytes at `at` replaced by those of `bytes` (one NUL
** when it is empty); is the error msg? d is m's copy, restored after. */
static int damaged(mem_t *d, const mem_t *m, size_t at, const char *bytes, const char *msg) {
  size_t k, n = strlen(bytes) ? strlen(bytes) : 1;
  int ok;
  memcpy(d->p + at, bytes, n);
  d->len = m->len;
  ok = load_error(d, msg);
  for (k = 0; k < n; k++) d->p[at + k] = m->p[at + k];
  return ok;
}

static void test_damage(void) {
  kata_dedup_opts_t o = opts(0.8, 1);
  kata_index_t *x = sample_index(&o), *y;
  mem_t m = {NULL, 0, 0, 0, -1}, d;
  char want[128], err[128];
  size_t i, len, bad = 0;
  check(kata_index_save(x, mem_write, &m) == KATA_OK);
  kata_index_free(x);
  len = m.len;
  d = m;
  d.p = (unsigned char *)malloc(len + 1);
  memcpy(d.p, m.p, len);
  /* each field of the header */
  check(damaged(&d, &m, 0, "k", "not a kata index file at byte 1"));
  check(damaged(&d, &m, 7, "\1", "not a kata index file at byte 1"));
  check(damaged(&d, &m, 8, "\3", "unsupported index format version at byte 9"));
  check(damaged(&d, &m, 12, "\35", "bad record size at byte 13"));
  check(damaged(&d, &m, 23, "\100", "bad threshold at byte 17")); /* 0.8 becomes 52428.8 */
  check(damaged(&d, &m, 23, "\277", "bad threshold at byte 17")); /* -0.8 */
  check(damaged(&d, &m, 22, "\377\177", "bad threshold at byte 17")); /* a NaN */
  check(damaged(&d, &m, 27, "\101", "bad min_words at byte 25"));
  check(damaged(&d, &m, 28, "", "bad shingle size at byte 29"));
  check(damaged(&d, &m, 28, "\6", "bad shingle size at byte 29"));
  check(damaged(&d, &m, 32, "\5", "bad flags at byte 33"));
  check(damaged(&d, &m, 38, "\20", "bad boilerplate size at byte 37"));
  check(damaged(&d, &m, 43, "\2", "too many records at byte 41"));
  check(damaged(&d, &m, 53, "\1", "bad key size at byte 49"));
  check(damaged(&d, &m, 60, "\1", "bad reserved field at byte 57"));
  check(damaged(&d, &m, 64 + 10, "", "bad boilerplate list at byte 75")); /* "baca juga\0\0" */
  /* the checksum */
  snprintf(want, sizeof want, "checksum mismatch (the file is damaged) at byte %zu", len - 7);
  d.p[len - 1] ^= 1;
  check(load_error(&d, want));
  d.p[len - 1] ^= 1;
  /* a record's flags: short and long at once */
  {
    size_t t = (size_t)m.p[36] | (size_t)m.p[37] << 8;
    size_t at = 64 + t + 25; /* the first record's flags */
    d.p[at] = 0xC0;
    snprintf(want, sizeof want, "bad record flags at byte %zu", at + 1);
    check(load_error(&d, want));
    d.p[at] = m.p[at];
    /* the third key offset (14) before the second (7) */
    at = 64 + t + 28 * 10 + 16;
    d.p[at] = 3;
    snprintf(want, sizeof want, "bad key offset at byte %zu", at + 1);
    check(load_error(&d, want));
    d.p[at] = m.p[at];
  }
  /* a byte more */
  d.p[len] = 0;
  d.len = len + 1;
  snprintf(want, sizeof want, "trailing bytes after the index at byte %zu", len + 1);
  check(load_error(&d, want));
  /* truncated at every length */
  for (i = 0; i < len; i++) {
    d.len = i;
    if (i < 8) snprintf(want, sizeof want, "not a kata index file at byte 1");
    else snprintf(want, sizeof want, "truncated index file at byte %zu", i + 1);
    bad += !load_error(&d, want);
  }
  check(bad == 0);
  /* every byte damaged: refused, nothing held */
  d.len = len;
  bad = 0;
  for (i = 0; i < len; i++) {
    d.p[i] ^= 0x5A;
    y = NULL;
    bad += load_mem(&d, &y, err, sizeof err) != KATA_EFORMAT || y != NULL || !err[0] ||
           ta.live != 0;
    d.p[i] = m.p[i];
  }
  check(bad == 0);
  /* a short message buffer: cut, NUL-terminated; none at all */
  d.len = 20;
  check(load_mem(&d, &y, err, 12) == KATA_EFORMAT && strcmp(err, "truncated i") == 0);
  check(load_mem(&d, &y, NULL, 0) == KATA_EFORMAT && y == NULL);
  d.len = 0;
  check(load_mem(&d, &y, err, 1) == KATA_EFORMAT && err[0] == '\0');
  free(d.p);
  free(m.p);
  check(ta.live == 0);
}

/* }====================================================================== */

/* How many of the paragraphs before i were added (want[j] -1: new). */
static size_t added_before(const long *want, size_t i) {
  size_t j, k = 0;
  for (j = 0; j < i; j++) k += want[j] < 0;
  return k;
}

/* The allocator failing at each call of kata_index_new, a run of adds,
** kata_index_save and kata_index_load: KATA_ENOMEM, nothing held after
** kata_index_free, and the answers of a run with memory enough. */
static void test_alloc_failures(void) {
  static const char *const paras[] = {
    P_ID, P_EN, "Tiga orang tewas.", P_ID "\nBaca juga: Kasus DBD di Bantul naik",
    "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan segera melaporkan "
    "setiap pasien dengan demam tinggi lebih dari tiga hari. Rumah sakit juga diminta "
    "menyiapkan tambahan tempat tidur untuk pasien \xEF\xBC\xA4\xEF\xBC\xA2\xEF\xBC\xA4.",
    "tiga orang TEWAS", "Harga \xFF naik", NULL
  };
  static const long want[] = {-1, -1, -1, 0, 0, 2, -1};
  kata_dedup_opts_t o = opts(0.8, 1);
  long budget;
  int done = 0, rc;
  size_t i;
  mem_t m = {NULL, 0, 0, 0, -1};
  /* new */
  for (budget = 0; budget < 100 && !done; budget++) {
    kata_index_t *x = (kata_index_t *)&o;
    ta.calls = 0;
    ta.budget = budget;
    rc = kata_index_new(&A, &o, NULL, NULL, NULL, &x);
    check(rc == KATA_OK ? x != NULL : rc == KATA_ENOMEM && x == NULL);
    kata_index_free(x);
    check(ta.live == 0);
    done = rc == KATA_OK;
  }
  check(done && budget > 1);
  /* each add, failing at its k-th allocation, into an index holding the
  ** paragraphs before it; then the add with memory enough */
  ta.budget = -1;
  {
    size_t sweeps = 0, bad = 0, j;
    kata_index_t *x;
    for (i = 0; paras[i]; i++)
      for (budget = 0;; budget++) {
        kata_index_hit_t hit;
        x = new_index(&o);
        for (j = 0; j < i; j++) add(x, "k", paras[j], 1, NULL);
        ta.calls = 0;
        ta.budget = budget;
        rc = kata_index_add(x, paras[i], strlen(paras[i]), "k", 1, 1, &hit);
        ta.budget = -1;
        if (rc != KATA_OK) /* as before: its size, what a look-up finds */
          bad += rc != KATA_ENOMEM || kata_index_size(x) != added_before(want, i) ||
                 add(x, "", paras[i], 0, NULL) != want[i] || add(x, "", paras[0], 0, NULL) != (i ? 0 : -1);
        kata_index_free(x);
        check(ta.live == 0);
        if (rc == KATA_OK) {
          check((hit.id == KATA_NO_DUP ? -1 : (long)hit.id) == want[i]);
          break;
        }
        sweeps++;
      }
    check(bad == 0 && sweeps > 20);
    x = new_index(&o);
    for (i = 0; paras[i]; i++) check(add(x, "k", paras[i], 1, NULL) == want[i]);
    check(kata_index_size(x) == 4);
    check(kata_index_save(x, mem_write, &m) == KATA_OK); /* allocates nothing */
    kata_index_free(x);
    check(ta.live == 0);
  }
  /* the same add retried in the same index after each failure: the
  ** index as before every time (a failed add once kept the record, so the
  ** index grew and the retry found the paragraph "an exact duplicate" of
  ** itself: the first paragraph at its 6th allocation, the second at its
  ** 1st) */
  {
    kata_index_t *x = new_index(&o);
    size_t bad = 0, fails = 0;
    for (i = 0; paras[i]; i++) {
      kata_index_hit_t hit;
      size_t before = kata_index_size(x);
      for (budget = 0;; budget++) {
        ta.calls = 0;
        ta.budget = budget;
        rc = kata_index_add(x, paras[i], strlen(paras[i]), "k", 1, 1, &hit);
        ta.budget = -1;
        if (rc == KATA_OK) break;
        fails++;
        bad += rc != KATA_ENOMEM || kata_index_size(x) != before ||
               add(x, "", paras[i], 0, NULL) != want[i] ||
               (before && !key_is(x, before - 1, "k"));
      }
      check((hit.id == KATA_NO_DUP ? -1 : (long)hit.id) == want[i]);
    }
    check(bad == 0 && fails > 5 && kata_index_size(x) == 4);
    for (i = 0; paras[i]; i++)
      check(add(x, "", paras[i], 0, NULL) == (want[i] < 0 ? (long)added_before(want, i) : want[i]));
    kata_index_free(x);
  }
  done = 0;
  for (budget = 0; budget < 1000 && !done; budget++) {
    kata_index_t *y = NULL;
    char err[128];
    ta.calls = 0;
    ta.budget = budget;
    rc = load_mem(&m, &y, err, sizeof err);
    ta.budget = -1;
    check(rc == KATA_OK ? y != NULL : rc == KATA_ENOMEM && y == NULL);
    if (y) check(kata_index_size(y) == 4 && add(y, "", P_EN, 0, NULL) == 1);
    kata_index_free(y);
    check(ta.live == 0);
    done = rc == KATA_OK;
  }
  ta.budget = -1;
  check(done && budget > 10);
  free(m.p);
}

/* Many adds, each tried first with no memory at all: a failed add leaves
** every earlier paragraph where it was. The tables fill and grow, and a
** cuckoo walk that finds no slot rebuilds the table; with that rebuild
** failing, an earlier paragraph once fell out of the exact table. */
static void test_alloc_every_add(void) {
  kata_dedup_opts_t o = opts(0.8, 1);
  kata_index_t *x = new_index(&o);
  char s[64], key[16];
  size_t i, n = 3000, fails = 0, bad = 0;
  for (i = 0; i < n; i++) {
    kata_index_hit_t hit;
    int rc;
    /* short paragraphs (the exact table only), and every third a long one */
    if (i % 3) snprintf(s, sizeof s, "Nomor %zu.", i);
    else snprintf(s, sizeof s, "Laporan a%zu dari b%zu kota pada hari c%zu.", i, i, i);
    snprintf(key, sizeof key, "%zu", i);
    ta.calls = 0;
    ta.budget = 0;
    rc = kata_index_add(x, s, strlen(s), key, strlen(key), 1, &hit);
    ta.budget = -1;
    if (rc != KATA_OK) {
      fails++;
      bad += rc != KATA_ENOMEM || kata_index_size(x) != i || add(x, "", s, 0, NULL) != -1;
      rc = kata_index_add(x, s, strlen(s), key, strlen(key), 1, &hit);
    }
    bad += rc != KATA_OK || hit.id != KATA_NO_DUP || kata_index_size(x) != i + 1;
  }
  check(bad == 0 && fails > 20);
  for (i = 0; i < n; i++) { /* each found as itself, under its key */
    if (i % 3) snprintf(s, sizeof s, "Nomor %zu.", i);
    else snprintf(s, sizeof s, "Laporan a%zu dari b%zu kota pada hari c%zu.", i, i, i);
    snprintf(key, sizeof key, "%zu", i);
    bad += add(x, "", s, 0, NULL) != (long)i || !key_is(x, i, key);
  }
  check(bad == 0);
  kata_index_free(x);
  check(ta.live == 0);
}

/* {======================================================================
** An index with a confirmation store (in memory)
** ======================================================================= */

typedef struct mstore {
  unsigned char *p;
  size_t len, cap;
  long writes_left; /* < 0: every write succeeds */
} mstore_t;

static long ms_read(void *ud, uint64_t off, void *p, size_t n) {
  mstore_t *m = (mstore_t *)ud;
  if (off >= m->len) return 0;
  if (n > m->len - off) n = (size_t)(m->len - off);
  memcpy(p, m->p + off, n);
  return (long)n;
}

static int ms_write(void *ud, uint64_t off, const void *p, size_t n) {
  mstore_t *m = (mstore_t *)ud;
  if (m->writes_left == 0) return -1;
  if (m->writes_left > 0) m->writes_left--;
  if (off + n > m->cap) {
    size_t nc = (size_t)(off + n) * 2;
    unsigned char *q = (unsigned char *)realloc(m->p, nc);
    if (!q) return -1;
    m->p = q;
    m->cap = nc;
  }
  memcpy(m->p + off, p, n);
  if (off + n > m->len) m->len = (size_t)(off + n);
  return 0;
}

static const kata_store_t mem_store = {ms_read, ms_write};

/* Adds with the allocator failing at each call, then with the store's
** write failing: the index as before each time (its size, the store bytes
** it uses, what a look-up finds), and the add retried as a first one. A
** failed add once counted its store entry (and kept its record); and a
** candidate whose entry found no memory to be read into was taken as
** "not similar", so the near copy (paras[3]) was added as new. */
static void test_store_failures(void) {
  static const unsigned char id[KATA_STORE_ID] = "0123456789abcde";
  static const char *const paras[] = {
    P_ID, P_EN, "Tiga orang tewas.",
    "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan segera melaporkan "
    "setiap pasien dengan demam tinggi lebih dari tiga hari. Rumah sakit juga diminta "
    "menyiapkan tambahan tempat tidur untuk pasien DBD.",
    "Harga cabai rawit di Pasar Beringharjo naik menjadi Rp80.000 per kilogram pada Senin "
    "karena pasokan dari Magelang terganggu hujan deras.", NULL
  };
  static const long want[] = {-1, -1, -1, 0, -1}, found[] = {0, 2, 4, 0, 5};
  kata_dedup_opts_t o = opts(0.8, 1);
  mstore_t st = {NULL, 0, 0, -1};
  kata_index_t *x = NULL;
  size_t i, bad = 0, fails = 0, eio = 0;
  long budget;
  int rc;
  check(kata_index_new(&A, &o, &mem_store, &st, id, &x) == KATA_OK && st.len == KATA_STORE_HEADER);
  for (i = 0; x && paras[i]; i++) {
    kata_index_hit_t hit;
    size_t before = kata_index_size(x);
    uint64_t used, used_before;
    kata_index_has_store(x, &used_before);
    for (budget = 0;; budget++) {
      ta.calls = 0;
      ta.budget = budget;
      rc = kata_index_add(x, paras[i], strlen(paras[i]), "k", 1, 1, &hit);
      ta.budget = -1;
      if (rc == KATA_OK) break;
      fails++;
      kata_index_has_store(x, &used);
      bad += rc != KATA_ENOMEM || kata_index_size(x) != before || used != used_before ||
             add(x, "", paras[i], 0, NULL) != want[i];
    }
    bad += (hit.id == KATA_NO_DUP ? -1 : (long)hit.id) != want[i];
    /* the store's write failing (a long new paragraph writes an entry) */
    if (want[i] < 0 && i != 2) {
      const char *s = i == 4 ? "Harga bawang merah di Pasar Beringharjo turun menjadi Rp28.000 "
                               "per kilogram pada Selasa karena pasokan dari Brebes melimpah."
                             : i == 0 ? "Bulog menyatakan stok beras di gudang Jakarta masih "
                                        "cukup untuk tiga bulan ke depan."
                                      : "Kapal feri terakhir dari pelabuhan Gull Point berangkat "
                                        "pukul enam sore menuju Port Wessex.";
      size_t n = kata_index_size(x);
      kata_index_has_store(x, &used_before);
      st.writes_left = 0;
      rc = kata_index_add(x, s, strlen(s), "w", 1, 1, &hit);
      st.writes_left = -1;
      kata_index_has_store(x, &used);
      eio += rc == KATA_EIO;
      bad += rc != KATA_EIO || kata_index_size(x) != n || used != used_before ||
             add(x, "", s, 0, NULL) != -1;
      bad += add(x, "w", s, 1, NULL) != -1 || kata_index_size(x) != n + 1;
      kata_index_has_store(x, &used);
      bad += used <= used_before || add(x, "", s, 0, NULL) != (long)n;
    }
  }
  check(bad == 0 && fails > 5 && eio == 3);
  check(x && kata_index_size(x) == 7);
  for (i = 0; x && paras[i]; i++) /* found where they were added */
    check(add(x, "", paras[i], 0, NULL) == found[i]);
  /* saved and loaded: an attach that fails (another index's store, then
  ** its own with bytes missing) leaves it unattached, and the right one
  ** attaches after */
  {
    mem_t m = {NULL, 0, 0, 0, -1};
    mstore_t other = {NULL, 0, 0, -1};
    kata_index_t *y = NULL, *z = NULL;
    uint64_t used;
    char err[128];
    kata_index_hit_t hit;
    static const unsigned char id2[KATA_STORE_ID] = "fedcba987654321";
    check(kata_index_new(&A, &o, &mem_store, &other, id2, &z) == KATA_OK);
    check(add(z, "o", P_EN, 1, NULL) == -1);
    check(kata_index_save(x, mem_write, &m) == KATA_OK);
    check(load_mem(&m, &y, err, sizeof err) == KATA_OK && kata_index_has_store(y, &used));
    check(kata_index_attach_store(y, &mem_store, &other, other.len, err, sizeof err) ==
              KATA_EFORMAT && strcmp(err, "is from another index (its identifier differs)") == 0);
    check(kata_index_attach_store(y, &mem_store, &st, used - 4, err, sizeof err) ==
              KATA_EFORMAT && strcmp(err, "is shorter than the index says") == 0);
    check(kata_index_add(y, P_ID, strlen(P_ID), "", 0, 0, &hit) == KATA_EIO);
    check(kata_index_attach_store(y, &mem_store, &st, st.len, err, sizeof err) == KATA_OK);
    check(same_answers(x, y) && kata_index_size(y) == 7);
    for (i = 0; paras[i]; i++) check(add(y, "", paras[i], 0, NULL) == found[i]);
    kata_index_free(y);
    kata_index_free(z);
    free(other.p);
    free(m.p);
  }
  kata_index_free(x);
  free(st.p);
  check(ta.live == 0);
}

/* }====================================================================== */

/* {======================================================================
** Prepared paragraphs (kata_index_prepare, kata_index_add_prepared)
** ======================================================================= */

/* The paragraphs of the fixtures, in order; n of them. */
static char *fixture_text(size_t *len) {
  static const char *const names[] = {"tests/fixtures/dup-id-dermaga.txt",
                                      "tests/fixtures/dup-en-desal.txt",
                                      "tests/fixtures/en-desalination-plant.txt",
                                      "tests/fixtures/dup-id-dermaga.txt"};
  size_t i, n;
  char *all = NULL;
  *len = 0;
  for (i = 0; i < 4; i++) {
    char *s = check_slurp(names[i], &n), *t;
    check(s != NULL);
    if (!s) continue;
    t = (char *)realloc(all, *len + n + 2);
    if (t) {
      all = t;
      memcpy(all + *len, s, n);
      memcpy(all + *len + n, "\n\n", 2);
      *len += n + 2;
    }
    free(s);
  }
  return all;
}

/* The same paragraphs added to x directly and, prepared by an index p
** with x's options, to y: the same hits, the same keys, the same saved
** bytes (and the same store). Returns the number of paragraphs. */
static size_t prepared_same(kata_index_t *x, kata_index_t *y, kata_index_t *p, const char *s,
                            size_t len, int *bad) {
  size_t pos = 0, a, b, n = 0, off = 0;
  kata_buf_t items;
  kata_buf_init(&items);
  while (kata_paragraph_next(s, len, &pos, KATA_PAR_WRAP, &a, &b)) {
    char key[24];
    snprintf(key, sizeof key, "p%zu", n++);
    *bad += kata_index_prepare(p, s + a, b - a, key, strlen(key), &items) != KATA_OK;
  }
  *bad += kata_index_size(p) != 0; /* prepared, not added */
  pos = 0;
  n = 0;
  while (kata_paragraph_next(s, len, &pos, KATA_PAR_WRAP, &a, &b)) {
    kata_index_hit_t hx, hy;
    char key[24];
    const char *k;
    size_t used, klen;
    snprintf(key, sizeof key, "p%zu", n++);
    *bad += kata_index_add(x, s + a, b - a, key, strlen(key), 1, &hx) != KATA_OK;
    *bad += kata_index_add_prepared(y, items.data + off, items.len - off, NULL, 0, &used, 1, &hy,
                                    &k, &klen, NULL, 0) != KATA_OK;
    *bad += hx.id != hy.id || hx.kind != hy.kind || hx.similarity != hy.similarity;
    *bad += klen != strlen(key) || memcmp(k, key, klen) != 0 || used < KATA_PREPARED_MIN;
    off += used;
  }
  *bad += off != items.len || kata_index_size(x) != kata_index_size(y);
  {
    mem_t mx = {NULL, 0, 0, 0, -1}, my = {NULL, 0, 0, 0, -1};
    *bad += kata_index_save(x, mem_write, &mx) != KATA_OK || kata_index_save(y, mem_write, &my) != KATA_OK;
    *bad += mx.len != my.len || memcmp(mx.p, my.p, mx.len) != 0;
    free(mx.p);
    free(my.p);
  }
  kata_buf_free(&A, &items);
  return n;
}

/* Adds the item at p[0, n) to x and expects KATA_EFORMAT with msg (or any
** message when msg is NULL), nothing added. */
static int rejected(kata_index_t *x, const char *p, size_t n, const char *msg) {
  kata_index_hit_t hit;
  const char *k;
  size_t used = 99, klen = 99, size = kata_index_size(x);
  char err[64];
  int rc = kata_index_add_prepared(x, p, n, NULL, 0, &used, 1, &hit, &k, &klen, err, sizeof err);
  if (rc != KATA_EFORMAT || used != 0 || klen != 0 || hit.kind != 0 || kata_index_size(x) != size ||
      err[0] == '\0' || (msg && strcmp(err, msg) != 0)) {
    fprintf(stderr, "  item of %zu bytes: rc %d, used %zu, '%s' (want '%s')\n", n, rc, used, err,
            msg ? msg : "any");
    return 0;
  }
  return 1;
}

static void test_prepared(void) {
  static const unsigned char id[KATA_STORE_ID] = "prepared-store-1";
  size_t len, n, i, used, klen;
  char *s = fixture_text(&len);
  int bad = 0, with_store, near;
  kata_index_hit_t hit;
  const char *k;
  if (!s) return;
  /* near and exact only, without and with a store: the same answers */
  for (near = 0; near <= 1; near++)
    for (with_store = 0; with_store <= 1; with_store++) {
      kata_dedup_opts_t o = opts(0.5, near);
      mstore_t sx = {NULL, 0, 0, -1}, sy = {NULL, 0, 0, -1};
      kata_index_t *x = NULL, *y = NULL, *p = new_index(&o);
      check(kata_index_new(&A, &o, with_store ? &mem_store : NULL, &sx, id, &x) == KATA_OK);
      check(kata_index_new(&A, &o, with_store ? &mem_store : NULL, &sy, id, &y) == KATA_OK);
      if (x && y && p) {
        n = prepared_same(x, y, p, s, len, &bad);
        check(n == 62 && kata_index_size(x) == (near ? 32u : 34u));
        check(kata_index_size(x) < n - 18); /* the second dermaga: all repeats */
        check(sx.len == sy.len && (sx.len == 0 || memcmp(sx.p, sy.p, sx.len) == 0));
        check(!with_store || !near || sx.len > KATA_STORE_HEADER);
      }
      kata_index_free(x);
      kata_index_free(y);
      kata_index_free(p);
      free(sx.p);
      free(sy.p);
    }
  check(bad == 0);

  /* bad bytes: truncated anywhere, a wrong tag or options, a damaged
  ** record, length or shingle set. A long item: tag, check (1-4), record
  ** (5-32), key length (33), "key" (34-36), set size (37), hashes (38-);
  ** a short one with an empty key: tag, check, hash (5-12), length (13). */
  {
    kata_dedup_opts_t o = opts(0.8, 1), o2 = opts(0.8, 1);
    kata_index_t *x = new_index(&o), *other;
    kata_buf_t b, sh;
    unsigned char *e;
    size_t nlong, nshort, nq;
    kata_buf_init(&b);
    kata_buf_init(&sh);
    o2.shingle = 2;
    other = new_index(&o2);
    check(kata_index_prepare(x, P_ID, strlen(P_ID), "key", 3, &b) == KATA_OK);
    nlong = b.len;
    check(kata_index_prepare(x, "Tiga orang tewas.", 17, "", 0, &sh) == KATA_OK);
    nshort = sh.len;
    e = (unsigned char *)b.data;
    nq = e[37];
    check(nshort == KATA_PREPARED_MIN && e[0] == 'Q' && e[33] == 3 && memcmp(e + 34, "key", 3) == 0 &&
          nq > 10 && nq < 128 && nlong == 38 + 4 * nq);
    for (i = 0; i < nlong; i++) check(rejected(x, b.data, i, "is truncated"));
    e[0] = 'X';
    check(rejected(x, b.data, nlong, "is not a prepared paragraph"));
    e[0] = 'K'; /* version 1 */
    check(rejected(x, b.data, nlong, "is not a prepared paragraph"));
    e[0] = 'Q';
    check(rejected(other, b.data, nlong, "was prepared with other options"));
    e[5 + 25] = 0x40; /* flags */
    check(rejected(x, b.data, nlong, "has a damaged record"));
    e[5 + 25] = 0;
    e[33] = 0x83; /* 3 in two bytes: not as written */
    e[34] = 0;
    check(rejected(x, b.data, nlong, "has a damaged length"));
    memset(e + 33, 0x80, 5); /* over 32 bits */
    check(rejected(x, b.data, nlong, "has a damaged length"));
    memcpy(e + 33, "\003key", 4);
    e[33] = 0xFF; /* more than the bytes */
    check(rejected(x, b.data, nlong, "is truncated"));
    e[33] = 3;
    e[37] = 0; /* no hashes */
    check(rejected(x, b.data, nlong, "has a damaged shingle set"));
    e[37] = 0x7F; /* more than the bytes */
    check(rejected(x, b.data, nlong, "is truncated"));
    e[37] = (unsigned char)nq;
    memcpy(e + 38 + 4 * nq - 4, e + 38 + 4 * nq - 8, 4); /* not sorted */
    check(rejected(x, b.data, nlong, "has a damaged shingle set"));
    b.len = 0; /* the item as made */
    check(kata_index_prepare(x, P_ID, strlen(P_ID), "key", 3, &b) == KATA_OK && b.len == nlong);
    e = (unsigned char *)sh.data;
    e[0] = 'Q'; /* a short record read as a long one */
    check(rejected(x, sh.data, nshort, "is truncated"));
    e[0] = 'q';
    check(kata_index_add_prepared(x, sh.data, nshort, NULL, 0, &used, 1, &hit, &k, &klen, NULL,
                                  0) == KATA_OK &&
          used == nshort && klen == 0 && hit.kind == 0 && kata_index_size(x) == 1);
    check(kata_index_add_prepared(x, sh.data, nshort, NULL, 0, &used, 0, &hit, &k, &klen, NULL,
                                  0) == KATA_OK &&
          hit.kind == KATA_DUP_EXACT && hit.id == 0);
    /* a prefix: the key added is the prefix then the item's key but its
    ** first byte; the item's key as given */
    check(kata_index_add_prepared(x, b.data, nlong, "$in:", 4, &used, 1, &hit, &k, &klen, NULL,
                                  0) == KATA_OK &&
          used == nlong && klen == 3 && memcmp(k, "key", 3) == 0 && hit.kind == 0 &&
          kata_index_size(x) == 2);
    {
      size_t len2;
      const char *key2 = kata_index_key(x, 1, &len2);
      check(len2 == 6 && memcmp(key2, "$in:ey", 6) == 0);
    }
    check(kata_index_add_prepared(x, b.data, nlong, "$in:", 4, &used, 0, &hit, &k, &klen, NULL,
                                  0) == KATA_OK &&
          hit.kind == KATA_DUP_EXACT && hit.id == 1);
    /* out of memory: nothing appended, nothing added */
    ta.calls = 0;
    ta.budget = 0;
    sh.len = 0;
    kata_buf_free(&A, &sh);
    check(kata_index_prepare(x, P_EN, strlen(P_EN), "k", 1, &sh) == KATA_ENOMEM && sh.len == 0);
    ta.budget = -1;
    kata_index_free(x);
    kata_index_free(other);
    kata_buf_free(&A, &b);
    kata_buf_free(&A, &sh);
  }
  free(s);
  check(ta.live == 0);
}

/* }====================================================================== */

int main(void) {
  ta.budget = -1;
  test_add();
  test_options();
  test_fixture();
  test_save_load();
  test_damage();
  test_alloc_failures();
  test_alloc_every_add();
  test_store_failures();
  test_prepared();
  check(ta.live == 0);
  return check_report("test_index");
}
