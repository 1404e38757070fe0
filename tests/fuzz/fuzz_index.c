/*
** fuzz_index.c: libFuzzer target for the streaming duplicate index:
** kata_index_load and kata_index_attach_store on hostile files and
** stores, and kata_index_add / save / load on hostile paragraphs, with
** store writes that fail.
**
** The first byte picks the mode:
**   bit 0 clear: the rest is an index file. kata_index_load returns
**     KATA_OK, KATA_EFORMAT with a non-empty message, or KATA_ENOMEM when
**     the allocator failed; never anything else. A loaded index is saved,
**     and the saved bytes load again and save to the same bytes; a lookup
**     and an add work on it.
**     With bit 1 set, the input is a store and an index file: two bytes
**     (little-endian) give the store's length, then the store, then the
**     index. An index with a store is attached to it (read-only, or with
**     bit 2 writable): KATA_OK or KATA_EFORMAT with a message. Read-only,
**     an add adds nothing (KATA_EIO); writable, the index never writes
**     over the store's bytes (only after them) nor its header.
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
**   numbered by the second byte, and an add that fails so must leave no
**   trace either (as below). With bit 7 clear, bit 0 of the second
**   byte gives the paragraph index a confirmation store (in memory), and
**   bits 1-7, when not 0, make that store's write of that number (the
**   header is the first) fail after writing part of its bytes, as a full
**   disk does. An add that fails so must leave no trace: a clean index
**   given the same paragraphs but those gives the same answers, saves the
**   same bytes and writes the same store.
** Nothing is outstanding at the end, also after a failure.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

#include "fuzz_alloc.h"
#define FUZZ_NAME "fuzz_index"
#include "fuzz_io.h"

/* A confirmation store in memory: writes go at their offset (over what
** is there, or past the end with zeros between), never below floor; the
** write numbered fail_at writes half its bytes and fails. */
typedef struct mstore {
  out_t o;
  uint64_t floor;
  unsigned writes, fail_at;
  int failed;
} mstore_t;

static long ms_read(void *ud, uint64_t off, void *p, size_t n) {
  mstore_t *m = (mstore_t *)ud;
  size_t k;
  if (off > m->o.len) return -1;
  k = m->o.len - (size_t)off < n ? m->o.len - (size_t)off : n;
  if (k) memcpy(p, m->o.data + off, k);
  return (long)k;
}

static int ms_write(void *ud, uint64_t off, const void *p, size_t n) {
  mstore_t *m = (mstore_t *)ud;
  size_t end;
  CHECK(off >= m->floor, "a store write over bytes the index must not touch");
  CHECK(off % 4 == 0 && n > 0 && off < ((uint64_t)1 << 35), "a bad store write");
  if (++m->writes == m->fail_at) {
    m->failed = 1;
    n /= 2;
  }
  end = (size_t)off + n;
  if (end > m->o.cap) {
    size_t nc = end * 2;
    uint8_t *d = (uint8_t *)realloc(m->o.data, nc);
    if (!d) return -1;
    m->o.data = d;
    m->o.cap = nc;
  }
  if (off > m->o.len) memset(m->o.data + m->o.len, 0, (size_t)off - m->o.len);
  memcpy(m->o.data + off, p, n);
  if (end > m->o.len) m->o.len = end;
  return m->writes == m->fail_at ? -1 : 0;
}

static const kata_store_t mem_store = {ms_read, ms_write};
static const kata_store_t mem_store_ro = {ms_read, NULL};
static const unsigned char ID[KATA_STORE_ID] = "0123456789abcdef";

/* Saves x; loads it back; saves that; the two saves must be equal. */
static void roundtrip(kata_allocator_t *A, budget_t *b, const kata_index_t *x,
                      mstore_t *store, kata_index_t **loaded) {
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
  if (rc == KATA_OK && store) {
    uint64_t used;
    store->floor = store->o.len;
    CHECK(kata_index_has_store(*loaded, &used) && used <= store->o.len, "store lost");
    CHECK(kata_index_attach_store(*loaded, &mem_store, store, store->o.len, err, sizeof err) ==
              KATA_OK, "a saved index's store does not attach");
  }
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

static void from_file(const uint8_t *data, size_t size, uint8_t mode, budget_t *b) {
  kata_allocator_t A = {allocf, b};
  kata_index_t *x = NULL, *y = NULL;
  mstore_t st;
  mem_t m;
  char err[128];
  kata_index_hit_t hit;
  uint64_t used;
  int rc, has_store;
  memset(&st, 0, sizeof st);
  if (mode & 2) { /* a store first: its length, its bytes */
    size_t sl;
    if (size < 2) return;
    sl = (size_t)data[0] | (size_t)data[1] << 8;
    data += 2;
    size -= 2;
    if (sl > size) sl = size;
    st.o.data = (uint8_t *)malloc(sl ? sl : 1);
    CHECK(st.o.data != NULL, "out of memory");
    if (sl) memcpy(st.o.data, data, sl);
    st.o.len = st.o.cap = sl;
    st.floor = sl; /* nothing of it may be written over */
    data += sl;
    size -= sl;
  }
  m.data = data;
  m.len = size;
  m.pos = 0;
  rc = kata_index_load(&A, mem_read, &m, &x, err, sizeof err);
  CHECK(rc == KATA_OK || rc == KATA_EFORMAT || (rc == KATA_ENOMEM && b->failed),
        "unexpected load result");
  if (rc == KATA_EFORMAT) CHECK(err[0] != '\0' && strstr(err, "at byte ") != NULL, "no message");
  if (rc != KATA_OK) {
    CHECK(x == NULL, "an index on failure");
    free(st.o.data);
    return;
  }
  has_store = kata_index_has_store(x, &used);
  if (has_store) {
    if (!(mode & 2)) { /* no store to give it: unusable, as in the binding */
      kata_index_free(x);
      return;
    }
    rc = kata_index_attach_store(x, (mode & 4) ? &mem_store : &mem_store_ro, &st, st.o.len,
                                 err, sizeof err);
    CHECK(rc == KATA_OK || (rc == KATA_EFORMAT && err[0] != '\0'), "unexpected attach result");
    if (rc != KATA_OK) {
      kata_index_free(x);
      free(st.o.data);
      return;
    }
  }
  rc = kata_index_add(x, "a paragraph of some words to look up here", 41, "$k", 2, 0, &hit);
  CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && b->failed), "check failed");
  rc = kata_index_add(x, "another paragraph with words", 28, "#1", 2, 1, &hit);
  CHECK(rc == KATA_OK || rc == KATA_ELIMIT || (rc == KATA_ENOMEM && b->failed) ||
            (rc == KATA_EIO && has_store && !(mode & 4)),
        "add failed");
  if (rc == KATA_OK && hit.id != KATA_NO_DUP) CHECK(hit.id < kata_index_size(x), "hit out of range");
  rc = kata_index_add(x, "yet another paragraph with enough words to have shingles", 56, "$z", 2,
                      1, &hit);
  CHECK(rc == KATA_OK || rc == KATA_ELIMIT || (rc == KATA_ENOMEM && b->failed) ||
            (rc == KATA_EIO && has_store && !(mode & 4)),
        "add failed");
  if (!b->failed) {
    roundtrip(&A, b, x, has_store ? &st : NULL, &y);
    kata_index_free(y);
  }
  kata_index_free(x);
  free(st.o.data);
}

typedef struct answer {
  size_t id;
  double similarity;
  int kind, rc;
} answer_t;

/* Adds paragraph i under its number; fills *a. */
static void add_one(kata_index_t *x, const uint8_t *data, const size_t *starts,
                    const size_t *lens, size_t i, answer_t *a) {
  kata_index_hit_t hit;
  char key[16];
  int klen = snprintf(key, sizeof key, "#%u", (unsigned)i);
  a->rc = kata_index_add(x, (const char *)data + starts[i], lens[i], key, (size_t)klen, 1, &hit);
  a->id = hit.id;
  a->similarity = hit.similarity;
  a->kind = hit.kind;
}

static void from_text(const uint8_t *data, size_t size, uint8_t mode, int use_store,
                      unsigned fail_write, budget_t *b) {
  mstore_t st;
  kata_allocator_t A = {allocf, b};
  kata_dedup_opts_t o;
  kata_index_t *x = NULL, *y = NULL;
  static const size_t minw[4] = {0, 2, 5, 9};
  size_t starts[256], lens[256], n = 0, i, j, added = 0;
  answer_t ans[256];
  int rc, failed_add = -1;
  memset(&st, 0, sizeof st);
  st.fail_at = fail_write;
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
  rc = kata_index_new(&A, &o, use_store ? &mem_store : NULL, &st, ID, &x);
  if (rc == KATA_ENOMEM) {
    CHECK(b->failed, "ENOMEM without a failed allocation");
    free(st.o.data);
    return;
  }
  if (rc == KATA_EIO) { /* the header's write failed */
    CHECK(st.failed && x == NULL, "EIO without a failed write");
    free(st.o.data);
    return;
  }
  CHECK(rc == KATA_OK, "index_new failed");
  st.floor = KATA_STORE_HEADER;
  for (i = 0; i < n; i++) {
    answer_t *a = &ans[i];
    int was = st.failed;
    add_one(x, data, starts, lens, i, a);
    if (a->rc == KATA_ENOMEM) { /* the one failing allocation is this add's */
      CHECK(b->failed && failed_add < 0, "ENOMEM without a failed allocation");
      CHECK(kata_index_size(x) == added, "a failed add changed the size");
      failed_add = (int)i;
      continue;
    }
    if (a->rc == KATA_EIO) { /* the failing write is this add's */
      CHECK(st.failed && !was && failed_add < 0, "EIO without a failed write");
      failed_add = (int)i;
      continue;
    }
    CHECK(a->rc == KATA_OK, "add failed");
    if (a->id == KATA_NO_DUP) {
      CHECK(a->kind == 0, "kind without a hit");
      added++;
    } else {
      CHECK(a->id < added, "hit out of range");
      CHECK(a->similarity >= o.threshold && a->similarity <= 1, "similarity out of range");
      /* a near hit is confirmed with a store, estimated without one */
      CHECK(a->kind == KATA_DUP_EXACT ||
                a->kind == (use_store ? KATA_DUP_NEAR : KATA_DUP_ESTIMATE), "bad kind");
      if (a->kind == KATA_DUP_EXACT) CHECK(a->similarity == 1, "exact below 1");
    }
    for (j = 0; j < i; j++)
      if ((int)j != failed_add && lens[j] == lens[i] &&
          memcmp(data + starts[j], data + starts[i], lens[i]) == 0) {
        /* the same answer as the earlier copy got, or that copy itself; but
        ** a copy of a near duplicate (not added itself) may miss its match
        ** later, as check may: a crowd of look-alikes can push it out of the
        ** band tables they share (api.md, idx:add) */
        if (ans[j].id == KATA_NO_DUP || ans[j].kind == KATA_DUP_EXACT)
          CHECK(a->id != KATA_NO_DUP, "a byte-equal repeat missed");
        if (ans[j].id == KATA_NO_DUP) CHECK(a->kind == KATA_DUP_EXACT, "a repeat not exact");
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
    if (rc == KATA_OK && (int)i != failed_add && ans[i].id == KATA_NO_DUP)
      CHECK(hit.id != KATA_NO_DUP, "an added paragraph is not found");
  }
  if (failed_add >= 0) {
    /* A clean index given the same paragraphs but the failed one: the same
    ** answers, the same saved bytes, the same store (the failed write's
    ** bytes past its end aside). */
    mstore_t cs;
    kata_index_t *z = NULL;
    out_t s1 = {NULL, 0, 0}, s2 = {NULL, 0, 0};
    memset(&cs, 0, sizeof cs);
    CHECK(kata_index_new(&A, &o, use_store ? &mem_store : NULL, &cs, ID, &z) == KATA_OK,
          "clean index_new failed");
    for (i = 0; i < n; i++) {
      answer_t c;
      if ((int)i == failed_add) continue;
      add_one(z, data, starts, lens, i, &c);
      CHECK(c.rc == KATA_OK && c.id == ans[i].id && c.similarity == ans[i].similarity &&
                c.kind == ans[i].kind,
            "an answer differs from a clean index's after a failed add");
    }
    CHECK(kata_index_save(x, mem_write, &s1) == KATA_OK && kata_index_save(z, mem_write, &s2) == KATA_OK,
          "save failed");
    CHECK(s1.len == s2.len && memcmp(s1.data, s2.data, s1.len) == 0,
          "saved bytes differ from a clean index's after a failed add");
    CHECK(cs.o.len <= st.o.len && (cs.o.len == 0 || memcmp(cs.o.data, st.o.data, cs.o.len) == 0),
          "the store differs from a clean index's after a failed write");
    free(s1.data);
    free(s2.data);
    kata_index_free(z);
    free(cs.o.data);
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
  free(st.o.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  budget_t b = {0, 0, 0, 0};
  uint8_t mode;
  if (size < 2) return 0;
  mode = data[0];
  if (mode & 0x80) b.fail_at = 1 + data[1];
  if (mode & 1)
    from_text(data + 2, size - 2, mode, !(mode & 0x80) && (data[1] & 1),
              (mode & 0x80) ? 0u : (unsigned)(data[1] >> 1), &b);
  else
    from_file(data + 1, size - 1, mode, &b);
  CHECK(b.live == 0, "memory outstanding");
  return 0;
}
