/*
** indexfile.c: saving a streaming index to bytes and loading it back
** (the format is in docs/duplicates.md); every byte read is checked.
*/
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "internal.h"

/* {======================================================================
** Saving and loading (the format is in docs/duplicates.md)
** ======================================================================= */

#define FNV_OFFSET 0xCBF29CE484222325ull
#define FNV_PRIME 0x100000001B3ull

typedef struct writer {
  kata_write_f f;
  void *ud;
  uint64_t fnv;
} writer_t;

static int wr(writer_t *w, const void *p, size_t n) {
  const unsigned char *b = (const unsigned char *)p;
  size_t i;
  for (i = 0; i < n; i++) w->fnv = (w->fnv ^ b[i]) * FNV_PRIME;
  if (n == 0) return KATA_OK; /* p may be NULL (an empty index's keys) */
  return w->f(w->ud, p, n) == 0 ? KATA_OK : KATA_EIO;
}

static const char MAGIC[8] = {'K', 'A', 'T', 'A', 'I', 'D', 'X', 0};

int kata_index_save(const kata_index_t *x, kata_write_f f, void *ud) {
  writer_t w;
  unsigned char h[HEADER], buf[8];
  uint64_t thr;
  size_t i;
  int rc;
  w.f = f;
  w.ud = ud;
  w.fnv = FNV_OFFSET;
  memset(h, 0, sizeof h);
  memcpy(h, MAGIC, 8);
  put32(h + 8, KATA_INDEX_FORMAT);
  put32(h + 12, RECSZ);
  memcpy(&thr, &x->o.threshold, 8);
  put64(h + 16, thr);
  put32(h + 24, (uint32_t)x->o.min_words);
  put32(h + 28, (uint32_t)x->o.shingle);
  put32(h + 32, (x->o.near ? 1u : 0u) | (x->has_store ? 2u : 0u));
  put32(h + 36, (uint32_t)x->tails.len);
  put64(h + 40, x->n);
  put64(h + 48, x->keys.len);
  if ((rc = wr(&w, h, HEADER)) != KATA_OK || (rc = wr(&w, x->tails.data, x->tails.len)) != KATA_OK)
    return rc;
  if (x->has_store) { /* its identifier and the bytes in use; no path */
    if ((rc = wr(&w, x->store_id, KATA_STORE_ID)) != KATA_OK) return rc;
    put64(buf, x->store_len);
    if ((rc = wr(&w, buf, 8)) != KATA_OK) return rc;
  }
  for (i = 0; i < x->n; i++) { /* records; which tables hold one is not
                                   saved: loading decides that again */
    unsigned char r[RECSZ];
    memcpy(r, rec_of(x, i), RECSZ);
    r[OFF_FLAGS] &= F_SHORT;
    if ((rc = wr(&w, r, RECSZ)) != KATA_OK) return rc;
  }
  for (i = 0; i < x->n; i++) {
    put64(buf, *koff_of(x, i));
    if ((rc = wr(&w, buf, 8)) != KATA_OK) return rc;
  }
  if ((rc = wr(&w, x->keys.data, x->keys.len)) != KATA_OK) return rc;
  put64(buf, w.fnv);
  return wr(&w, buf, 8);
}

typedef struct reader {
  kata_read_f f;
  void *ud;
  uint64_t fnv, pos;
  char *err;
  size_t errlen;
} reader_t;

static int fail(reader_t *r, const char *msg, uint64_t at) {
  if (r->err && r->errlen) {
    size_t i = 0, m = strlen(msg);
    char num[24];
    int k = 0;
    do num[k++] = (char)('0' + at % 10); while ((at /= 10) > 0);
    for (; i < m && i + 1 < r->errlen; i++) r->err[i] = msg[i];
    if (i + 9 < r->errlen) {
      memcpy(r->err + i, " at byte ", 9);
      i += 9;
      while (k > 0 && i + 1 < r->errlen) r->err[i++] = num[--k];
    }
    r->err[i] = '\0';
  }
  return KATA_EFORMAT;
}

/* Reads exactly n bytes or fails with "truncated". */
static int rd(reader_t *r, void *p, size_t n) {
  unsigned char *b = (unsigned char *)p;
  size_t got = 0, i;
  while (got < n) {
    size_t k = r->f(r->ud, b + got, n - got);
    if (k == 0) break;
    got += k;
  }
  for (i = 0; i < got; i++) r->fnv = (r->fnv ^ b[i]) * FNV_PRIME;
  r->pos += got;
  return got == n ? KATA_OK : fail(r, "truncated index file", r->pos + 1);
}

static int load_body(kata_index_t *x, reader_t *r, uint64_t n, uint64_t nkeys) {
  unsigned char buf[8];
  uint64_t i, prev = 0, fnv;
  int rc;
  for (i = 0; i < n; i++) { /* records, checked, into blocks */
    unsigned char rr[RECSZ];
    uint64_t at = r->pos + 1;
    if ((rc = rd(r, rr, RECSZ)) != KATA_OK) return rc;
    if ((rr[OFF_FLAGS] & F_SHORT) && rr[OFF_FLAGS] & 0x7E)
      return fail(r, "bad record flags", at + OFF_FLAGS);
    if (x->has_store && !(rr[OFF_FLAGS] & F_SHORT) &&
        ((uint64_t)get32(rr + OFF_BITS) * 4 < KATA_STORE_HEADER ||
         (uint64_t)get32(rr + OFF_BITS) * 4 + 4 > x->store_len))
      return fail(r, "bad store offset", at + OFF_BITS);
    if ((rc = kata__index_reserve(x)) != KATA_OK) return rc;
    memcpy(rec_of(x, x->n), rr, RECSZ);
    *koff_of(x, x->n) = 0;
    x->n++;
  }
  for (i = 0; i < n; i++) { /* key offsets: from 0, never decreasing, within the keys */
    uint64_t off, at = r->pos + 1;
    if ((rc = rd(r, buf, 8)) != KATA_OK) return rc;
    off = get64(buf);
    if ((i == 0 && off != 0) || off < prev || off > nkeys) return fail(r, "bad key offset", at);
    *koff_of(x, (size_t)i) = prev = off;
  }
  while (x->keys.len < nkeys) { /* a chunk at a time: no huge allocation on a lie */
    size_t m = nkeys - x->keys.len < 65536 ? (size_t)(nkeys - x->keys.len) : 65536;
    if ((rc = kata_buf_reserve(&x->A, &x->keys, m)) != KATA_OK) return rc;
    if ((rc = rd(r, x->keys.data + x->keys.len, m)) != KATA_OK) return rc;
    x->keys.len += m;
  }
  fnv = r->fnv;
  if ((rc = rd(r, buf, 8)) != KATA_OK) return rc;
  if (get64(buf) != fnv) return fail(r, "checksum mismatch (the file is damaged)", r->pos - 7);
  if (r->f(r->ud, buf, 1) != 0) return fail(r, "trailing bytes after the index", r->pos + 1);
  /* The tables, rebuilt: sized for the records, then filled in order. */
  for (i = 0; i < NTABLES; i++) {
    size_t nb = (size_t)(n / (4 * 0.85)) + 4;
    if ((rc = kata__index_rebuild(x, (int)i, nb, NO_ID, NULL)) != KATA_OK) return rc;
  }
  for (i = 0; i < n; i++)
    if ((rc = kata__index_insert(x, (uint32_t)i, NULL)) != KATA_OK) return rc;
  return KATA_OK;
}

int kata_index_load(const kata_allocator_t *A, kata_read_f f, void *ud,
                    kata_index_t **out, char *err, size_t errlen) {
  reader_t r;
  unsigned char h[HEADER];
  kata_dedup_opts_t o;
  kata_index_t *x;
  uint64_t thr, n, nkeys;
  uint32_t ntails, version;
  int rc;
  char *tails = NULL;
  *out = NULL;
  if (err && errlen) err[0] = '\0';
  r.f = f;
  r.ud = ud;
  r.fnv = FNV_OFFSET;
  r.pos = 0;
  r.err = err;
  r.errlen = errlen;
  if (rd(&r, h, 8) != KATA_OK || memcmp(h, MAGIC, 8) != 0)
    return fail(&r, "not a kata index file", 1);
  if ((rc = rd(&r, h + 8, HEADER - 8)) != KATA_OK) return rc;
  version = get32(h + 8);
  if (version != KATA_INDEX_FORMAT && version != 1)
    return fail(&r, "unsupported index format version", 9);
  if (get32(h + 12) != RECSZ) return fail(&r, "bad record size", 13);
  memset(&o, 0, sizeof o);
  thr = get64(h + 16);
  memcpy(&o.threshold, &thr, 8);
  if (!(o.threshold >= 0 && o.threshold <= 1)) return fail(&r, "bad threshold", 17);
  o.min_words = get32(h + 24);
  if (o.min_words > (1u << 30)) return fail(&r, "bad min_words", 25);
  o.shingle = (int)get32(h + 28);
  if (o.shingle < 1 || o.shingle > 5) return fail(&r, "bad shingle size", 29);
  if (get32(h + 32) > 3) return fail(&r, "bad flags", 33);
  /* Version 1 named its store by a path read back from the file: such a
  ** file is refused, not trusted to choose a file to write. Without a
  ** store it is version 2's layout. */
  if (version == 1 && (get32(h + 32) & 2))
    return fail(&r, "index format version 1 with a store is no longer read (rebuild the index)", 33);
  o.near = (int)(get32(h + 32) & 1);
  ntails = get32(h + 36);
  if (ntails > TAILS_MAX) return fail(&r, "bad boilerplate size", 37);
  n = get64(h + 40);
  if (n > (1u << 25) - 2) return fail(&r, "too many records", 41);
  nkeys = get64(h + 48);
  if (nkeys > ((uint64_t)1 << 40)) return fail(&r, "bad key size", 49);
  if (get64(h + 56) != 0) return fail(&r, "bad reserved field", 57);
  if (!(x = kata__index_alloc(A, &o))) return KATA_ENOMEM;
  if ((rc = kata_buf_reserve(A, &x->tails, ntails + 1)) != KATA_OK) goto done;
  tails = x->tails.data;
  if ((rc = rd(&r, tails, ntails)) != KATA_OK) goto done;
  { /* NUL-terminated non-empty strings; made into a fresh copy by set_tails */
    kata_buf_t raw = x->tails;
    size_t i, start = 0, cnt = 0;
    kata_buf_t ptrs;
    if (ntails && tails[ntails - 1] != '\0') {
      rc = fail(&r, "bad boilerplate list", HEADER + ntails);
      goto done;
    }
    for (i = 0; i < ntails; i++)
      if (tails[i] == '\0') {
        if (i == start) {
          rc = fail(&r, "bad boilerplate list", HEADER + i + 1);
          goto done;
        }
        start = i + 1;
        cnt++;
      }
    kata_buf_init(&ptrs);
    if ((rc = kata_buf_reserve(A, &ptrs, (cnt + 1) * sizeof(char *))) != KATA_OK) goto done;
    for (i = 0, start = 0, cnt = 0; i < ntails; i++)
      if (tails[i] == '\0') {
        ((const char **)(void *)ptrs.data)[cnt++] = tails + start;
        start = i + 1;
      }
    ((const char **)(void *)ptrs.data)[cnt] = NULL;
    kata_buf_init(&x->tails);
    rc = kata__dd_tails_ok((const char *const *)(void *)ptrs.data)
             ? kata__index_set_tails(x, (const char *const *)(void *)ptrs.data)
             : fail(&r, "bad boilerplate list", HEADER + 1);
    kata_buf_free(A, &ptrs);
    kata_buf_free(A, &raw);
    if (rc != KATA_OK) goto done;
  }
  if (get32(h + 32) & 2) { /* the store's identifier and the bytes in use */
    unsigned char b8[8];
    uint64_t at;
    if ((rc = rd(&r, x->store_id, KATA_STORE_ID)) != KATA_OK) goto done;
    at = r.pos + 1;
    if ((rc = rd(&r, b8, 8)) != KATA_OK) goto done;
    x->store_len = x->store_next = get64(b8);
    if (x->store_len < KATA_STORE_HEADER || x->store_len > ((uint64_t)1 << 34) ||
        x->store_len % 4 != 0) {
      rc = fail(&r, "bad store size", at);
      goto done;
    }
    x->has_store = 1;
  }
  rc = load_body(x, &r, n, nkeys);
done:
  if (rc != KATA_OK) {
    kata_index_free(x);
    return rc;
  }
  *out = x;
  return KATA_OK;
}

/* }====================================================================== */
