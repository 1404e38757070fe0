/*
** fuzz_prepared.c: libFuzzer target for prepared paragraphs
** (kata_index_prepare, kata_index_add_prepared), what kata dedupe -j's
** workers send through a pipe to the process that adds them.
**
** The first byte gives the options: bit 1 exact only (near = 0); bits
** 2-4: shingle = 1 + value % 5; bits 5-6: min_words 0, 2, 5, 9; bit 7:
** the adding index keeps a confirmation store (in memory). Bit 0 picks the
** mode:
**   clear: the rest is items, one after another, fed to
**     kata_index_add_prepared (with a key prefix) until the bytes end or
**     one is rejected. The options check (bytes 1-4 of an item) is
**     written over with the right one first, so that the fuzzer reaches
**     the record, the lengths and the set. Each answer is KATA_OK, with
**     the item's length (at least KATA_PREPARED_MIN, within the bytes),
**     its key inside it and, when added, the prefix then the key but its
**     first byte as the index's key, or KATA_EFORMAT with a message,
**     nothing used and nothing added.
**   set: the rest is paragraphs, one per LF, up to a NUL byte; after it,
**     triples of bytes (a position, little-endian, modulo the items'
**     length; a byte to xor there). The paragraphs, prepared by one index and added by another,
**     give what kata_index_add gives them (hits, keys, saved bytes, the
**     store). Then the items, changed at those positions, are added to a
**     fresh index: every answer as above.
** Nothing is outstanding at the end.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

#include "fuzz_alloc.h"
#define FUZZ_NAME "fuzz_prepared"
#include "fuzz_io.h"

static long st_read(void *ud, uint64_t off, void *p, size_t n) {
  out_t *o = (out_t *)ud;
  if (off >= o->len) return 0;
  if (n > o->len - off) n = (size_t)(o->len - off);
  memcpy(p, o->data + off, n);
  return (long)n;
}

static int st_write(void *ud, uint64_t off, const void *p, size_t n) {
  out_t *o = (out_t *)ud;
  if (off + n > o->cap) {
    size_t nc = (size_t)(off + n) * 2;
    uint8_t *d = (uint8_t *)realloc(o->data, nc);
    if (!d) return -1;
    o->data = d;
    o->cap = nc;
  }
  memcpy(o->data + off, p, n);
  if (off + n > o->len) o->len = (size_t)(off + n);
  return 0;
}

static const kata_store_t store_io = {st_read, st_write};
static const unsigned char STORE_ID[KATA_STORE_ID] = "fuzz-prepared-01";

/* Adds the items at p[0, n) to x until one is rejected; checks each answer. */
static void add_all(kata_index_t *x, uint8_t *p, size_t n, const uint8_t check[4]) {
  size_t off = 0;
  while (off < n) {
    kata_index_hit_t hit;
    const char *key;
    size_t used, klen, size = kata_index_size(x);
    char err[64];
    int rc;
    if (check && n - off >= 5) memcpy(p + off + 1, check, 4);
    rc = kata_index_add_prepared(x, (const char *)p + off, n - off, "$f:", 3, &used, 1, &hit, &key,
                                 &klen, err, sizeof err);
    if (rc == KATA_EFORMAT) {
      CHECK(used == 0 && hit.kind == 0 && kata_index_size(x) == size && err[0], "a rejection");
      return;
    }
    CHECK(rc == KATA_OK, "KATA_OK or KATA_EFORMAT");
    CHECK(used >= KATA_PREPARED_MIN && used <= n - off, "the item's length");
    CHECK(key >= (const char *)p + off + KATA_PREPARED_MIN &&
              key + klen <= (const char *)p + off + used, "the key inside the item");
    CHECK((hit.kind == 0) == (hit.id == KATA_NO_DUP), "a hit has a kind");
    CHECK(hit.kind == 0 ? kata_index_size(x) == size + 1 : hit.id < size, "added or found");
    if (hit.kind == 0) {
      size_t len;
      const char *k = kata_index_key(x, size, &len);
      CHECK(len == 3 + (klen ? klen - 1 : 0) && memcmp(k, "$f:", 3) == 0 &&
                (klen < 2 || memcmp(k + 3, key + 1, klen - 1) == 0), "the key with its prefix");
    }
    off += used;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const size_t min_words[4] = {0, 2, 5, 9};
  budget_t b = {0, 0, 0, 0};
  kata_allocator_t A = {allocf, &b};
  kata_dedup_opts_t o;
  kata_index_t *p = NULL, *x = NULL, *y = NULL, *z = NULL;
  out_t sx = {NULL, 0, 0}, sy = {NULL, 0, 0}, sz = {NULL, 0, 0};
  kata_buf_t items;
  uint8_t check[4];
  int store;
  if (size < 1) return 0;
  memset(&o, 0, sizeof o);
  o.threshold = 0.5;
  o.near = !(data[0] & 2);
  o.shingle = 1 + ((data[0] >> 2) & 7) % 5;
  o.min_words = min_words[(data[0] >> 5) & 3];
  store = (data[0] & 0x80) != 0;
  kata_buf_init(&items);
  CHECK(kata_index_new(&A, &o, NULL, NULL, NULL, &p) == KATA_OK, "the preparing index");
  CHECK(kata_index_new(&A, &o, store ? &store_io : NULL, &sz, STORE_ID, &z) == KATA_OK,
        "the adding index");
  /* the options check, from an item the index makes */
  CHECK(kata_index_prepare(p, "a b c d e f g h i j", 19, "", 0, &items) == KATA_OK, "an item");
  memcpy(check, items.data + 1, 4);
  items.len = 0;
  if (!(data[0] & 1)) {
    uint8_t *copy = (uint8_t *)malloc(size);
    CHECK(copy != NULL, "memory");
    memcpy(copy, data + 1, size - 1);
    add_all(z, copy, size - 1, check);
    free(copy);
  } else {
    const uint8_t *s = data + 1, *end = data + size, *nul = memchr(s, 0, (size_t)(end - s));
    const uint8_t *stop = nul ? nul : end, *line;
    size_t i = 0, off = 0;
    CHECK(kata_index_new(&A, &o, store ? &store_io : NULL, &sx, STORE_ID, &x) == KATA_OK, "x");
    CHECK(kata_index_new(&A, &o, store ? &store_io : NULL, &sy, STORE_ID, &y) == KATA_OK, "y");
    for (line = s; line < stop; i++) {
      const uint8_t *lf = memchr(line, '\n', (size_t)(stop - line));
      const uint8_t *e = lf ? lf : stop;
      char key[24];
      int n = snprintf(key, sizeof key, "%zu", i);
      CHECK(kata_index_prepare(p, (const char *)line, (size_t)(e - line), key, (size_t)n, &items) ==
                KATA_OK, "prepared");
      line = lf ? lf + 1 : stop;
    }
    CHECK(kata_index_size(p) == 0, "preparing adds nothing");
    for (line = s, i = 0; line < stop; i++) {
      const uint8_t *lf = memchr(line, '\n', (size_t)(stop - line));
      const uint8_t *e = lf ? lf : stop;
      kata_index_hit_t hx, hy;
      const char *key;
      size_t used, klen;
      char want[24];
      int n = snprintf(want, sizeof want, "%zu", i);
      CHECK(kata_index_add(x, (const char *)line, (size_t)(e - line), want, (size_t)n, 1, &hx) ==
                KATA_OK, "added");
      CHECK(kata_index_add_prepared(y, items.data + off, items.len - off, NULL, 0, &used, 1, &hy,
                                    &key, &klen, NULL, 0) == KATA_OK, "added prepared");
      CHECK(hx.id == hy.id && hx.kind == hy.kind && hx.similarity == hy.similarity,
            "the same hit");
      CHECK(klen == (size_t)n && memcmp(key, want, klen) == 0, "the item's key");
      off += used;
      line = lf ? lf + 1 : stop;
    }
    CHECK(off == items.len, "every item used");
    {
      out_t ox = {NULL, 0, 0}, oy = {NULL, 0, 0};
      CHECK(kata_index_save(x, mem_write, &ox) == KATA_OK && kata_index_save(y, mem_write, &oy) ==
                KATA_OK, "saved");
      CHECK(ox.len == oy.len && memcmp(ox.data, oy.data, ox.len) == 0, "the same saved bytes");
      CHECK(sx.len == sy.len && (sx.len == 0 || memcmp(sx.data, sy.data, sx.len) == 0),
            "the same store");
      free(ox.data);
      free(oy.data);
    }
    if (nul && items.len) { /* the items changed at the positions given */
      const uint8_t *m;
      for (m = nul + 1; m + 2 < end; m += 3)
        items.data[((size_t)m[0] | (size_t)m[1] << 8) % items.len] ^= (char)m[2];
      add_all(z, (uint8_t *)items.data, items.len, NULL);
    }
  }
  kata_index_free(p);
  kata_index_free(x);
  kata_index_free(y);
  kata_index_free(z);
  kata_buf_free(&A, &items);
  free(sx.data);
  free(sy.data);
  free(sz.data);
  CHECK(b.live == 0, "nothing outstanding");
  return 0;
}
