/*
** fuzz_index.c: libFuzzer target for the streaming duplicate index:
** kata_index_load on hostile files, and kata_index_add / save / load on
** hostile paragraphs.
**
** The first byte picks the mode:
**   bit 0 clear: the rest is an index file. kata_index_load returns
**     KATA_OK, KATA_EFORMAT with a non-empty message, or KATA_ENOMEM when
**     the allocator failed; never anything else. A loaded index is saved,
**     and the saved bytes load again and save to the same bytes; a lookup
**     and an add work on it.
**   bit 0 set: the rest is paragraphs, one per LF. Each is added under its
**     number. A paragraph byte for byte equal to an earlier one is found
**     (exactly, similarity 1); a hit names an earlier paragraph with a
**     similarity from the threshold to 1; the size is the number of
**     paragraphs without a hit; check finds every added paragraph
**     afterwards.
**     Then the index is saved, loaded and saved again: the same bytes, and
**     the loaded index gives valid answers (the same ones, but where a crowd
**     of look-alikes left a record out of a band table).
**   bit 1: exact only (near = 0); bits 2-4: shingle = 1 + value % 5;
**   bits 5-6: min_words 0, 2, 5, 9; bit 7: the allocator fails at the call
**   numbered by the second byte. With bit 7 clear, bit 0 of the second
**   byte gives the paragraph index a confirmation store (in memory).
** Nothing is outstanding at the end, also after a failure.
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
      fprintf(stderr, "fuzz_index: %s (%s:%d)\n", what, __FILE__, __LINE__); \
      abort();                                                              \
    }                                                                       \
  } while (0)

typedef struct mem {
  const uint8_t *data;
  size_t len, pos;
} mem_t;

static size_t mem_read(void *ud, void *p, size_t n) {
  mem_t *m = (mem_t *)ud;
  size_t k = m->len - m->pos < n ? m->len - m->pos : n;
  if (n > 7) k = k > 7 ? k - k % 7 : k; /* short reads, as a pipe gives */
  memcpy(p, m->data + m->pos, k);
  m->pos += k;
  return k;
}

typedef struct out {
  uint8_t *data;
  size_t len, cap;
} out_t;

static int mem_write(void *ud, const void *p, size_t n) {
  out_t *o = (out_t *)ud;
  if (o->len + n > o->cap) {
    size_t nc = (o->len + n) * 2;
    uint8_t *d = (uint8_t *)realloc(o->data, nc);
    if (!d) return -1;
    o->data = d;
    o->cap = nc;
  }
  memcpy(o->data + o->len, p, n);
  o->len += n;
  return 0;
}

/* A confirmation store in memory. */
static long ms_read(void *ud, uint64_t off, void *p, size_t n) {
  out_t *o = (out_t *)ud;
  size_t k;
  if (off > o->len) return -1;
  k = o->len - (size_t)off < n ? o->len - (size_t)off : n;
  memcpy(p, o->data + off, k);
  return (long)k;
}

static int ms_write(void *ud, uint64_t off, const void *p, size_t n) {
  out_t *o = (out_t *)ud;
  CHECK(off == o->len, "a store write not at the end");
  return mem_write(ud, p, n);
}

static const kata_store_t mem_store = {ms_read, ms_write};

/* Saves x; loads it back; saves that; the two saves must be equal. */
static void roundtrip(kata_allocator_t *A, budget_t *b, const kata_index_t *x,
                      out_t *store, kata_index_t **loaded) {
  out_t o1 = {NULL, 0, 0}, o2 = {NULL, 0, 0};
  mem_t m;
  char err[128];
  int rc;
  *loaded = NULL;
  CHECK(kata_index_save(x, mem_write, &o1) == KATA_OK, "save failed");
  m.data = o1.data;
  m.len = o1.len;
  m.pos = 0;
  rc = kata_index_load(A, mem_read, &m, loaded, err, sizeof err);
  if (rc == KATA_OK && store) kata_index_attach_store(*loaded, &mem_store, store);
  if (rc == KATA_ENOMEM) {
    CHECK(b->failed, "ENOMEM without a failed allocation");
    free(o1.data);
    return;
  }
  CHECK(rc == KATA_OK, "a saved index does not load");
  CHECK(kata_index_size(*loaded) == kata_index_size(x), "size changed");
  CHECK(kata_index_save(*loaded, mem_write, &o2) == KATA_OK, "second save failed");
  CHECK(o1.len == o2.len && memcmp(o1.data, o2.data, o1.len) == 0, "saves differ");
  free(o1.data);
  free(o2.data);
}

static void from_file(const uint8_t *data, size_t size, budget_t *b) {
  kata_allocator_t A = {allocf, b};
  kata_index_t *x = NULL, *y = NULL;
  mem_t m;
  char err[128];
  kata_index_hit_t hit;
  int rc;
  m.data = data;
  m.len = size;
  m.pos = 0;
  rc = kata_index_load(&A, mem_read, &m, &x, err, sizeof err);
  CHECK(rc == KATA_OK || rc == KATA_EFORMAT || (rc == KATA_ENOMEM && b->failed),
        "unexpected load result");
  if (rc == KATA_EFORMAT) CHECK(err[0] != '\0' && strstr(err, "at byte ") != NULL, "no message");
  if (rc != KATA_OK) {
    CHECK(x == NULL, "an index on failure");
    return;
  }
  rc = kata_index_add(x, "a paragraph of some words to look up here", 41, "$k", 2, 0, &hit);
  CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && b->failed), "check failed");
  rc = kata_index_add(x, "another paragraph with words", 28, "#1", 2, 1, &hit);
  CHECK(rc == KATA_OK || rc == KATA_ELIMIT || (rc == KATA_ENOMEM && b->failed), "add failed");
  if (hit.id != KATA_NO_DUP) CHECK(hit.id < kata_index_size(x), "hit out of range");
  if (!b->failed) {
    roundtrip(&A, b, x, NULL, &y);
    kata_index_free(y);
  }
  kata_index_free(x);
}

static void from_text(const uint8_t *data, size_t size, uint8_t mode, int use_store,
                      budget_t *b) {
  out_t st = {NULL, 0, 0};
  kata_allocator_t A = {allocf, b};
  kata_dedup_opts_t o;
  kata_index_t *x = NULL, *y = NULL;
  static const size_t minw[4] = {0, 2, 5, 9};
  size_t starts[256], lens[256], n = 0, i, j, added = 0;
  size_t firsts[256];
  int rc;
  memset(&o, 0, sizeof o);
  o.threshold = 0.8;
  o.near = !(mode & 2);
  o.shingle = 1 + ((mode >> 2) & 7) % 5;
  o.min_words = minw[(mode >> 5) & 3];
  for (i = 0; i <= size && n < 256;) { /* paragraphs at LF */
    const uint8_t *nl = i < size ? (const uint8_t *)memchr(data + i, '\n', size - i) : NULL;
    size_t e = nl ? (size_t)(nl - data) : size;
    starts[n] = i;
    lens[n++] = e - i;
    i = e + 1;
  }
  rc = kata_index_new(&A, &o, use_store ? "mem" : NULL, &mem_store, &st, &x);
  if (rc == KATA_ENOMEM) {
    CHECK(b->failed, "ENOMEM without a failed allocation");
    return;
  }
  CHECK(rc == KATA_OK, "index_new failed");
  for (i = 0; i < n; i++) {
    kata_index_hit_t hit;
    char key[16];
    int klen = snprintf(key, sizeof key, "#%u", (unsigned)i);
    rc = kata_index_add(x, (const char *)data + starts[i], lens[i], key, (size_t)klen, 1, &hit);
    if (rc == KATA_ENOMEM) {
      CHECK(b->failed, "ENOMEM without a failed allocation");
      kata_index_free(x);
      free(st.data);
      return;
    }
    CHECK(rc == KATA_OK, "add failed");
    firsts[i] = hit.id;
    if (hit.id == KATA_NO_DUP) {
      CHECK(hit.kind == 0, "kind without a hit");
      added++;
    } else {
      CHECK(hit.id < added, "hit out of range");
      CHECK(hit.similarity >= o.threshold && hit.similarity <= 1, "similarity out of range");
      CHECK(hit.kind == KATA_DUP_EXACT || hit.kind == KATA_DUP_NEAR, "bad kind");
      if (hit.kind == KATA_DUP_EXACT) CHECK(hit.similarity == 1, "exact below 1");
    }
    for (j = 0; j < i; j++)
      if (lens[j] == lens[i] && memcmp(data + starts[j], data + starts[i], lens[i]) == 0) {
        /* the same answer as the earlier copy got, or that copy itself */
        CHECK(hit.id != KATA_NO_DUP, "a byte-equal repeat missed");
        if (firsts[j] == KATA_NO_DUP) CHECK(hit.kind == KATA_DUP_EXACT, "a repeat not exact");
        break;
      }
  }
  CHECK(kata_index_size(x) == added, "size");
  for (i = 0; i < n; i++) {
    kata_index_hit_t hit;
    rc = kata_index_add(x, (const char *)data + starts[i], lens[i], NULL, 0, 0, &hit);
    CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && b->failed), "check failed");
    /* An added paragraph is always found (the table of whole records). A
    ** near duplicate found when it came may be missed later: a crowd of
    ** look-alikes can push its match out of the band tables they share. */
    if (rc == KATA_OK && firsts[i] == KATA_NO_DUP)
      CHECK(hit.id != KATA_NO_DUP, "an added paragraph is not found");
  }
  if (!b->failed) {
    roundtrip(&A, b, x, use_store ? &st : NULL, &y);
    for (i = 0; y && i < n; i++) {
      kata_index_hit_t h2;
      int r2 = kata_index_add(y, (const char *)data + starts[i], lens[i], NULL, 0, 0, &h2);
      if (r2 != KATA_OK) break; /* an allocation failed */
      if (h2.id != KATA_NO_DUP)
        CHECK(h2.id < kata_index_size(y) && h2.similarity >= o.threshold && h2.similarity <= 1,
              "a bad answer from the loaded index");
    }
    kata_index_free(y);
  }
  kata_index_free(x);
  free(st.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  budget_t b = {0, 0, 0, 0};
  uint8_t mode;
  if (size < 2) return 0;
  mode = data[0];
  if (mode & 0x80) b.fail_at = 1 + data[1];
  if (mode & 1) from_text(data + 2, size - 2, mode, !(mode & 0x80) && (data[1] & 1), &b);
  else from_file(data + 1, size - 1, &b);
  CHECK(b.live == 0, "memory outstanding");
  return 0;
}
