/*
** dupindex.c: a streaming index of paragraphs for duplicate lookup across
** documents, in about 60 bytes per paragraph plus its key. Each paragraph
** keeps a 28-byte record: 7 LSH bands of four 6-bit MinHash rows, 32 1-bit
** MinHash values and a 16-bit check of its normalised text (or, for a short
** paragraph, the 64-bit hash of that text). The bands are looked up in
** cuckoo tables of 4-byte slots that hold a record number and a 7-bit
** fingerprint; a slot's key is recomputed from its record, so the tables
** store nothing else. Similarity is estimated from the records: the text is
** not kept. The file format is in docs/duplicates.md.
*/
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "internal.h"
#include "strtab.h"

/* {======================================================================
** Cuckoo tables: two buckets of four slots per key
** ======================================================================= */

/* The bytes of a record that make it "the same text": all but the flags
** (and but the store offset, which differs between copies). */
static int exact_eq(const kata_index_t *x, const unsigned char *a, const unsigned char *b) {
  if (x->has_store)
    return memcmp(a, b, OFF_BITS) == 0 && memcmp(a + OFF_CHECK, b + OFF_CHECK, 2) == 0;
  return memcmp(a, b, OFF_FLAGS) == 0 && memcmp(a + OFF_CHECK, b + OFF_CHECK, 2) == 0;
}

/* The key of record r in table t: its band value, or (the exact table) a
** hash of the bytes exact_eq compares. */
static uint64_t tkey(const kata_index_t *x, const unsigned char *r, int t) {
  if (t == T_EXACT) {
    unsigned char k[RECSZ];
    memcpy(k, r, RECSZ);
    k[OFF_FLAGS] = 0;
    if (x->has_store) memset(k + OFF_BITS, 0, 4);
    return kata__mix64(kata__hash((const char *)k, RECSZ) ^ 0x9E3779B97F4A7C15ull);
  }
  return kata__mix64((uint64_t)get24(r + 3 * t) | (uint64_t)(t + 1) << 32);
}

static int same_value(const kata_index_t *x, const unsigned char *a, const unsigned char *b,
                      int t) {
  return t == T_EXACT ? exact_eq(x, a, b) : memcmp(a + 3 * t, b + 3 * t, 3) == 0;
}

static void buckets(const table_t *T, uint64_t k, size_t *b1, size_t *b2) {
  *b1 = (size_t)(((k & 0xFFFFFFFFu) * (uint64_t)T->nb) >> 32);
  *b2 = (size_t)(((k >> 32) * (uint64_t)T->nb) >> 32);
  if (*b2 == *b1) *b2 = (*b1 + 1) % T->nb;
}

/* The records in table t with q's value (at most 8); returns how many. */
static int table_find(const kata_index_t *x, int t, const unsigned char *q,
                      uint32_t out[8]) {
  const table_t *T = &x->t[t];
  uint64_t k;
  size_t b[2];
  int n = 0, i, s;
  if (!T->nb) return 0;
  k = tkey(x, q, t);
  buckets(T, k, &b[0], &b[1]);
  for (i = 0; i < 2; i++)
    for (s = 0; s < 4; s++) {
      uint32_t v = T->slot[b[i] * 4 + (size_t)s];
      if (v && (v & 0x7F) == (k & 0x7F)) {
        uint32_t id = (v >> 7) - 1;
        if (same_value(x, rec_of(x, id), q, t)) out[n++] = id;
      }
    }
  return n;
}

static uint64_t next_rand(kata_index_t *x) {
  x->rng ^= x->rng << 13;
  x->rng ^= x->rng >> 7;
  x->rng ^= x->rng << 17;
  return x->rng;
}

/* The slots a walk wrote and what they held, to undo it. */
typedef struct undo {
  int n;
  struct { size_t at; uint32_t was; } w[MAX_KICKS + 1];
} undo_t;

/* Puts record id in table t, evicting others along a random walk (each
** slot written noted in u, unless NULL). Returns NO_ID when done, or the
** record left without a slot. */
static uint32_t place(kata_index_t *x, int t, uint32_t id, undo_t *u) {
  table_t *T = &x->t[t];
  int kicks, i, s;
  for (kicks = 0;; kicks++) {
    uint64_t k = tkey(x, rec_of(x, id), t), r;
    uint32_t v = (id + 1) << 7 | (uint32_t)(k & 0x7F), old;
    size_t b[2], at;
    buckets(T, k, &b[0], &b[1]);
    for (i = 0; i < 2; i++)
      for (s = 0; s < 4; s++)
        if (!T->slot[b[i] * 4 + (size_t)s]) {
          T->slot[b[i] * 4 + (size_t)s] = v;
          T->n++;
          if (u) {
            u->w[u->n].at = b[i] * 4 + (size_t)s;
            u->w[u->n++].was = 0;
          }
          return NO_ID;
        }
    if (kicks == MAX_KICKS) return id;
    r = next_rand(x);
    at = b[r & 1] * 4 + (size_t)((r >> 1) & 3);
    old = T->slot[at];
    T->slot[at] = v;
    if (u) {
      u->w[u->n].at = at;
      u->w[u->n++].was = old;
    }
    id = (old >> 7) - 1;
  }
}

/* Takes record id out of band table t's flags: a crowd of look-alikes left
** it no slot (it stays in its other bands). */
static void drop(kata_index_t *x, int t, uint32_t id) {
  rec_of(x, id)[OFF_FLAGS] &= (unsigned char)~(1u << t);
}

/* Is table t too full for one more entry? How many buckets then? */
static int is_full(const table_t *T) { return (double)(T->n + 1) > (double)T->nb * 4 * MAX_LOAD; }
static size_t grown(const table_t *T) { return (size_t)((double)T->nb * GROWTH) + 4; }

/* Allocates the slots of a table of nb buckets into *sp (slot, nb). */
static int spare(kata_index_t *x, size_t nb, table_t *sp) {
  if (nb > ((size_t)-1) / 16 || nb > 0xFFFFFFFFu) return KATA_ELIMIT;
  sp->slot = (uint32_t *)x->A.f(x->A.ud, NULL, 0, nb * 4 * sizeof(uint32_t));
  if (!sp->slot) return KATA_ENOMEM;
  sp->nb = nb;
  return KATA_OK;
}

/* Rebuilds table t with nb buckets, with its entries and the record
** homeless (or NO_ID), in sp's slots when it has nb buckets (taken: its
** slot set to NULL), else in new ones. A band table drops an entry left
** without a slot; the exact table grows until all fit. On failure the
** table is as it was. */
int kata__index_rebuild(kata_index_t *x, int t, size_t nb, uint32_t homeless, table_t *sp) {
  table_t *T = &x->t[t], old = *T;
  for (;;) {
    size_t i;
    uint32_t left = NO_ID;
    if (nb > ((size_t)-1) / 16 || nb > 0xFFFFFFFFu) {
      *T = old;
      return KATA_ELIMIT;
    }
    if (sp && sp->slot && sp->nb == nb) {
      T->slot = sp->slot;
      sp->slot = NULL;
    } else {
      T->slot = (uint32_t *)x->A.f(x->A.ud, NULL, 0, nb * 4 * sizeof(uint32_t));
    }
    if (!T->slot) {
      *T = old;
      return KATA_ENOMEM;
    }
    memset(T->slot, 0, nb * 4 * sizeof(uint32_t));
    T->nb = nb;
    T->n = 0;
    for (i = 0; i <= old.nb * 4 && left == NO_ID; i++) {
      uint32_t id = i < old.nb * 4 ? (old.slot[i] ? (old.slot[i] >> 7) - 1 : NO_ID) : homeless;
      if (id == NO_ID) continue;
      left = place(x, t, id, NULL);
      if (left != NO_ID && t != T_EXACT) {
        drop(x, t, left);
        left = NO_ID;
      }
    }
    if (left == NO_ID) break;
    x->A.f(x->A.ud, T->slot, nb * 4 * sizeof(uint32_t), 0); /* try bigger */
    nb = (size_t)((double)nb * GROWTH) + 1;
  }
  if (old.slot) x->A.f(x->A.ud, old.slot, old.nb * 4 * sizeof(uint32_t), 0);
  return KATA_OK;
}

/* Adds record id to table t unless SAME_MAX records with its value are
** there. Returns 1 if added, 0 if not, or an error code. A table grows
** only when it is MAX_LOAD full (into sp's slots when given, see
** rebuild); below that, a record the random walk leaves without a slot
** is dropped from a band table (see drop), and the exact table grows.
** On failure the table is as it was: the walk is undone. */
static int table_put(kata_index_t *x, int t, uint32_t id, table_t *sp) {
  table_t *T = &x->t[t];
  uint32_t found[8], left;
  undo_t u;
  int rc;
  if (table_find(x, t, rec_of(x, id), found) >= SAME_MAX) return 0;
  if (is_full(T)) return (rc = kata__index_rebuild(x, t, grown(T), id, sp)) < 0 ? rc : 1;
  u.n = 0;
  left = place(x, t, id, t == T_EXACT ? &u : NULL);
  if (left == NO_ID) return 1;
  if (t != T_EXACT) {
    if (left == id) return 0;
    drop(x, t, left);
    return 1;
  }
  if ((rc = kata__index_rebuild(x, t, (size_t)((double)T->nb * GROWTH) + 1, left, NULL)) < 0) {
    while (u.n > 0) { /* the walk's slots as they were: left back in its own */
      u.n--;
      T->slot[u.w[u.n].at] = u.w[u.n].was;
    }
    return rc;
  }
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Records: signatures and estimated similarity
** ======================================================================= */

/* The record of a paragraph with shingles sh[0, n) (n > 0). */
static void signature(const kata_index_t *x, const uint64_t *sh, size_t n,
                      uint64_t texthash, unsigned char r[RECSZ]) {
  uint64_t m[NFUNC];
  size_t i;
  int j, k;
  for (j = 0; j < NFUNC; j++) m[j] = (uint64_t)-1;
  for (i = 0; i < n; i++) {
    uint64_t h = sh[i];
    for (j = 0; j < NFUNC; j++) {
      uint64_t v = h * x->ma[j] + x->mb[j];
      m[j] = v < m[j] ? v : m[j];
    }
  }
  memset(r, 0, RECSZ);
  for (k = 0; k < NBANDS; k++) {
    uint32_t v = 0;
    for (j = 0; j < NROWS; j++) v = v << 6 | (uint32_t)(kata__mix64(m[k * NROWS + j]) & 63);
    r[3 * k] = (unsigned char)v;
    r[3 * k + 1] = (unsigned char)(v >> 8);
    r[3 * k + 2] = (unsigned char)(v >> 16);
  }
  for (j = 0; j < NBITS; j++)
    if (kata__mix64(m[NBANDS * NROWS + j]) & 1) r[OFF_BITS + j / 8] |= (unsigned char)(1u << (j % 8));
  r[OFF_CHECK] = (unsigned char)texthash;
  r[OFF_CHECK + 1] = (unsigned char)(texthash >> 8);
}

/*
** Jaccard similarity estimated from two long records: b-bit MinHash (Li
** and Koenig), an equal b-bit value being a match with probability
** J + (1 - J) / 2^b. The 6-bit and 1-bit estimates are weighted about as
** the inverse of their variances near J = 0.8 (2 : 1).
*/
/* The estimate from the 6-bit rows only (what a store's record has). */
static double estimate6(const unsigned char *a, const unsigned char *b) {
  int m6 = 0, k, r;
  double j;
  for (k = 0; k < NBANDS; k++) {
    uint32_t va = get24(a + 3 * k), vb = get24(b + 3 * k);
    for (r = 0; r < NROWS; r++) m6 += ((va >> (6 * r)) & 63) == ((vb >> (6 * r)) & 63);
  }
  j = ((double)m6 / (NBANDS * NROWS) - 1.0 / 64) / (63.0 / 64);
  return j < 0 ? 0 : j;
}

static double estimate(const unsigned char *a, const unsigned char *b) {
  int m6 = 0, m1 = 0, k, r;
  double j6, j1, j;
  for (k = 0; k < NBANDS; k++) {
    uint32_t va = get24(a + 3 * k), vb = get24(b + 3 * k);
    for (r = 0; r < NROWS; r++) m6 += ((va >> (6 * r)) & 63) == ((vb >> (6 * r)) & 63);
  }
  for (k = 0; k < NBITS / 8; k++) {
    unsigned d = (unsigned)(a[OFF_BITS + k] ^ b[OFF_BITS + k]);
    for (r = 0; r < 8; r++) m1 += !((d >> r) & 1);
  }
  j6 = ((double)m6 / (NBANDS * NROWS) - 1.0 / 64) / (63.0 / 64);
  j1 = 2.0 * m1 / NBITS - 1;
  j = (2 * j6 + j1) / 3;
  return j < 0 ? 0 : j > 1 ? 1 : j;
}

/* }====================================================================== */

/* {======================================================================
** The confirmation store
** ======================================================================= */

#define STORE_MAX_SET (1u << 24) /* hashes in one entry */

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The query's shingles as sorted distinct 32-bit hashes, in x->sset. */
static int query_set(kata_index_t *x, const uint64_t *sh, size_t n, size_t *m) {
  uint32_t *v;
  size_t i, k = 0;
  int rc;
  x->sset.len = 0;
  if ((rc = kata_buf_reserve(&x->A, &x->sset, (n + 1) * sizeof(uint32_t))) != KATA_OK) return rc;
  v = (uint32_t *)(void *)x->sset.data;
  for (i = 0; i < n; i++) v[i] = (uint32_t)(sh[i] >> 32);
  qsort(v, n, sizeof *v, cmp_u32);
  for (i = 0; i < n; i++)
    if (k == 0 || v[i] != v[k - 1]) v[k++] = v[i];
  *m = k;
  return KATA_OK;
}

/* The exact Jaccard similarity of the query's set and record c's entry;
** -1 when the entry cannot be read or is damaged, -2 when memory for it
** runs out (the look-up then fails: a candidate is never skipped for
** that). One read takes a news paragraph's entry whole. */
static double confirm(kata_index_t *x, const unsigned char *c, size_t nq) {
  uint64_t off = (uint64_t)get32(c + OFF_BITS) * 4;
  uint32_t nc, *cv;
  const uint32_t *qv = (const uint32_t *)(void *)x->sset.data;
  size_t i = 0, j = 0, inter = 0, want = 1024;
  long got;
  if (off + 4 > x->store_len) return -1;
  if (want > x->store_len - off) want = (size_t)(x->store_len - off);
  x->cset.len = 0;
  if (kata_buf_reserve(&x->A, &x->cset, want) != KATA_OK) return -2;
  got = x->io->read_at(x->io_ud, off, x->cset.data, want);
  if (got < 4) return -1;
  nc = get32((const unsigned char *)x->cset.data);
  if (nc == 0 || nc > STORE_MAX_SET || off + 4 + (uint64_t)nc * 4 > x->store_len) return -1;
  if ((size_t)got < 4 + (size_t)nc * 4) { /* a long entry: the rest */
    size_t need = 4 + (size_t)nc * 4;
    if (kata_buf_reserve(&x->A, &x->cset, need) != KATA_OK) return -2;
    if (x->io->read_at(x->io_ud, off + (uint64_t)got, x->cset.data + got, need - (size_t)got) !=
        (long)(need - (size_t)got))
      return -1;
  }
  cv = (uint32_t *)(void *)(x->cset.data + 4);
  for (i = 0; i < nc; i++) cv[i] = get32((const unsigned char *)&cv[i]);
  for (i = 1; i < nc; i++)
    if (cv[i] <= cv[i - 1]) return -1; /* sorted and distinct, or damaged */
  i = 0;
  while (i < nq && j < nc) {
    if (qv[i] < cv[j]) i++;
    else if (qv[i] > cv[j]) j++;
    else { inter++; i++; j++; }
  }
  return (double)inter / (double)(nq + nc - inter);
}

/* Writes the query's set to the store; puts its place in record r and
** where it ends in *end. The entry is written whole, in one call, at
** store_next; it counts (store_len and store_next move to *end) only
** when the add it belongs to succeeds. */
static int store_put(kata_index_t *x, size_t nq, unsigned char r[RECSZ], uint64_t *end) {
  const uint32_t *qv = (const uint32_t *)(void *)x->sset.data;
  unsigned char *e;
  size_t i;
  uint64_t off = x->store_next;
  int rc;
  if (off / 4 > 0xFFFFFFFFu || nq > STORE_MAX_SET) return KATA_ELIMIT;
  x->cset.len = 0;
  if ((rc = kata_buf_reserve(&x->A, &x->cset, 4 + nq * 4)) != KATA_OK) return rc;
  e = (unsigned char *)x->cset.data;
  put32(e, (uint32_t)nq);
  for (i = 0; i < nq; i++) put32(e + 4 + i * 4, qv[i]);
  if (x->io->write_at(x->io_ud, off, e, 4 + nq * 4) != 0) return KATA_EIO;
  put32(r + OFF_BITS, (uint32_t)(off / 4));
  *end = off + 4 + nq * 4;
  return KATA_OK;
}

static const char STORE_MAGIC[8] = {'K', 'A', 'T', 'A', 'S', 'T', 'O', 0};
#define STORE_FORMAT 1

/* A store's header: magic, format version, 4 bytes reserved, identifier. */
static void store_header(const unsigned char id[KATA_STORE_ID],
                         unsigned char h[KATA_STORE_HEADER]) {
  memset(h, 0, KATA_STORE_HEADER);
  memcpy(h, STORE_MAGIC, 8);
  put32(h + 8, STORE_FORMAT);
  memcpy(h + 16, id, KATA_STORE_ID);
}

static int store_fail(char *err, size_t errlen, const char *msg) {
  if (err && errlen) {
    size_t m = strlen(msg) < errlen - 1 ? strlen(msg) : errlen - 1;
    memcpy(err, msg, m);
    err[m] = '\0';
  }
  return KATA_EFORMAT;
}

int kata_index_has_store(const kata_index_t *x, uint64_t *used) {
  *used = x->has_store ? x->store_len : 0;
  return x->has_store;
}

/* The store's header must be the one the index names; what the index uses
** must be there. Entries written from now on go after the file's bytes:
** whatever lies between store_len and size (a later entry of another
** snapshot of this store, a failed write's bytes) stays untouched. */
int kata_index_attach_store(kata_index_t *x, const kata_store_t *io, void *ud, uint64_t size,
                            char *err, size_t errlen) {
  unsigned char h[KATA_STORE_HEADER], want[KATA_STORE_HEADER];
  if (err && errlen) err[0] = '\0';
  if (!x->has_store || x->io) return KATA_EINVAL;
  if (size < KATA_STORE_HEADER ||
      io->read_at(ud, 0, h, KATA_STORE_HEADER) != KATA_STORE_HEADER ||
      memcmp(h, STORE_MAGIC, 8) != 0)
    return store_fail(err, errlen, "is not a kata store file");
  if (get32(h + 8) != STORE_FORMAT || get32(h + 12) != 0)
    return store_fail(err, errlen, "has an unsupported store format version");
  store_header(x->store_id, want);
  if (memcmp(h, want, KATA_STORE_HEADER) != 0)
    return store_fail(err, errlen, "is from another index (its identifier differs)");
  if (size < x->store_len) return store_fail(err, errlen, "is shorter than the index says");
  x->io = io;
  x->io_ud = ud;
  x->store_next = size + (4 - size % 4) % 4;
  return KATA_OK;
}

/* }====================================================================== */

int kata__index_set_tails(kata_index_t *x, const char *const *tails) {
  size_t n = 0, i;
  int rc;
  x->tails.len = x->tailv.len = 0;
  for (i = 0; tails[i]; i++) {
    if ((rc = kata_buf_append(&x->A, &x->tails, tails[i], strlen(tails[i]) + 1)) != KATA_OK)
      return rc;
    n++;
  }
  if ((rc = kata_buf_reserve(&x->A, &x->tailv, (n + 1) * sizeof(char *))) != KATA_OK) return rc;
  {
    const char **v = (const char **)(void *)x->tailv.data;
    size_t off = 0;
    for (i = 0; i < n; i++) {
      v[i] = x->tails.data + off;
      off += strlen(v[i]) + 1;
    }
    v[n] = NULL;
  }
  x->o.tails = (const char *const *)(void *)x->tailv.data;
  return KATA_OK;
}

kata_index_t *kata__index_alloc(const kata_allocator_t *A, const kata_dedup_opts_t *o) {
  kata_index_t *x = (kata_index_t *)A->f(A->ud, NULL, 0, sizeof *x);
  int j;
  if (!x) return NULL;
  memset(x, 0, sizeof *x);
  x->A = *A;
  x->o = *o;
  x->o.tails = NULL;
  x->d.A = *A;
  x->rng = 0x2545F4914F6CDD1Dull;
  for (j = 0; j < NFUNC; j++) {
    x->ma[j] = kata__mix64(0xA0761D6478BD642Full * (uint64_t)(j + 1)) | 1;
    x->mb[j] = kata__mix64(0xE7037ED1A0B428DBull * (uint64_t)(j + 1));
  }
  return x;
}

void kata_index_free(kata_index_t *x) {
  size_t i;
  if (!x) return;
  for (i = 0; i < x->nblocks; i++)
    x->A.f(x->A.ud, x->block[i], BLOCK * (RECSZ + sizeof(uint64_t)), 0);
  if (x->block) x->A.f(x->A.ud, x->block, x->blocks_cap * sizeof *x->block, 0);
  for (i = 0; i < NTABLES; i++)
    if (x->t[i].slot) x->A.f(x->A.ud, x->t[i].slot, x->t[i].nb * 4 * sizeof(uint32_t), 0);
  kata_buf_free(&x->A, &x->keys);
  kata_buf_free(&x->A, &x->tails);
  kata_buf_free(&x->A, &x->tailv);
  kata_buf_free(&x->A, &x->d.norm);
  kata_buf_free(&x->A, &x->d.sh);
  kata_buf_free(&x->A, &x->d.words);
  kata_buf_free(&x->A, &x->d.tmp);
  kata_buf_free(&x->A, &x->sset);
  kata_buf_free(&x->A, &x->cset);
  x->A.f(x->A.ud, x, sizeof *x, 0);
}

int kata_index_new(const kata_allocator_t *A, const kata_dedup_opts_t *o,
                   const kata_store_t *io, void *ud, const unsigned char *id,
                   kata_index_t **out) {
  kata_index_t *x;
  int rc;
  *out = NULL;
  if (o->shingle < 1 || o->shingle > 5 || !(o->threshold >= 0 && o->threshold <= 1) ||
      o->containment || o->min_words > (1u << 30) || (io && (!io->write_at || !id)) ||
      (o->tails && !kata__dd_tails_ok(o->tails)))
    return KATA_EINVAL;
  if (!(x = kata__index_alloc(A, o))) return KATA_ENOMEM;
  if ((rc = kata__index_set_tails(x, o->tails ? o->tails : kata_dedup_tails())) != KATA_OK) {
    kata_index_free(x);
    return rc;
  }
  if (io) {
    unsigned char h[KATA_STORE_HEADER];
    memcpy(x->store_id, id, KATA_STORE_ID);
    store_header(id, h);
    if (io->write_at(ud, 0, h, KATA_STORE_HEADER) != 0) {
      kata_index_free(x);
      return KATA_EIO;
    }
    x->has_store = 1;
    x->io = io;
    x->io_ud = ud;
    x->store_len = x->store_next = KATA_STORE_HEADER;
  }
  *out = x;
  return KATA_OK;
}

size_t kata_index_size(const kata_index_t *x) { return x->n; }

const char *kata_index_key(const kata_index_t *x, size_t i, size_t *len) {
  uint64_t a = *koff_of(x, i), b = i + 1 < x->n ? *koff_of(x, i + 1) : x->keys.len;
  *len = (size_t)(b - a);
  return x->keys.data + a;
}

void kata_index_memory(const kata_index_t *x, size_t *index_bytes, size_t *key_bytes) {
  size_t b = sizeof *x + x->blocks_cap * sizeof *x->block + x->nblocks * BLOCK * RECSZ, i;
  for (i = 0; i < NTABLES; i++) b += x->t[i].nb * 4 * sizeof(uint32_t);
  *index_bytes = b;

  *key_bytes = x->nblocks * BLOCK * sizeof(uint64_t) + x->keys.cap;
}

/* Makes room for record x->n (and its key offset): a new block when the
** last is full. The record counts once x->n moves past it. */
int kata__index_reserve(kata_index_t *x) {
  if (x->n < x->nblocks * BLOCK) return KATA_OK;
  if (x->nblocks == x->blocks_cap) {
    size_t nc = x->blocks_cap ? x->blocks_cap * 2 : 8;
    unsigned char **nb = (unsigned char **)x->A.f(x->A.ud, x->block,
                                                  x->blocks_cap * sizeof *nb, nc * sizeof *nb);
    if (!nb) return KATA_ENOMEM;
    x->block = nb;
    x->blocks_cap = nc;
  }
  x->block[x->nblocks] = (unsigned char *)x->A.f(x->A.ud, NULL, 0, BLOCK * (RECSZ + sizeof(uint64_t)));
  if (!x->block[x->nblocks]) return KATA_ENOMEM;
  x->nblocks++;
  return KATA_OK;
}

/* Puts record id in its tables and notes which in its flags; sp (or
** NULL) holds the band tables' bigger slots when they are to grow. Only
** the exact table, the first, can fail then (leaving it as it was). */
int kata__index_insert(kata_index_t *x, uint32_t id, table_t sp[NBANDS]) {
  unsigned char *r = rec_of(x, id);
  int t, rc;
  if (r[OFF_FLAGS] & F_SHORT) {
    r[OFF_FLAGS] = F_SHORT;
    if ((rc = table_put(x, T_EXACT, id, NULL)) < 0) return rc;
    r = rec_of(x, id);
    r[OFF_FLAGS] |= (unsigned char)rc;
    return KATA_OK;
  }
  r[OFF_FLAGS] = 0;
  if ((rc = table_put(x, T_EXACT, id, NULL)) < 0) return rc; /* exact repeats: always found */
  for (t = 0; t < NBANDS; t++) {
    rec_of(x, id)[OFF_FLAGS] |= (unsigned char)(1u << t); /* a drop may clear it */
    if ((rc = table_put(x, t, id, sp ? &sp[t] : NULL)) < 0) return rc;
    if (rc == 0) drop(x, t, id);
  }
  return KATA_OK;
}

/*
** Adds record q under key (pre[0, plen) then key[0, klen): a prefix, as
** kata_index_add_prepared puts it, then the key), with its store entry (the query's nq hashes in
** sset) when it is long and the index has a store. All that can fail comes
** before anything the index holds changes: room for the record and the
** key, the slots of band tables that are to grow, the store's write. Then
** the exact table, whose failure is undone, and the band tables, which
** cannot fail. So a failed add leaves the index as it was (its records,
** keys, tables, random state and store bytes in use; only spare capacity
** may have grown), and the same add retried is a first add.
*/
static int add_record(kata_index_t *x, const unsigned char q[RECSZ], size_t nq,
                      const char *pre, size_t plen, const char *key, size_t klen) {
  table_t sp[NBANDS];
  uint32_t id = (uint32_t)x->n, found[8];
  uint64_t end = 0, rng = x->rng;
  unsigned char *r;
  int rc, t, entry = x->has_store && !(q[OFF_FLAGS] & F_SHORT);
  memset(sp, 0, sizeof sp);
  if (plen > (size_t)-1 - klen) return KATA_ELIMIT;
  klen += plen; /* the whole key's length from here on */
  if ((rc = kata__index_reserve(x)) != KATA_OK ||
      (klen && (rc = kata_buf_reserve(&x->A, &x->keys, klen)) != KATA_OK))
    return rc;
  r = rec_of(x, id);
  memcpy(r, q, RECSZ);
  if (!(q[OFF_FLAGS] & F_SHORT))
    for (t = 0; t < NBANDS && rc == KATA_OK; t++)
      if (is_full(&x->t[t]) && table_find(x, t, q, found) < SAME_MAX)
        rc = spare(x, grown(&x->t[t]), &sp[t]);
  if (rc == KATA_OK && entry) rc = store_put(x, nq, r, &end);
  if (rc == KATA_OK && (rc = kata__index_insert(x, id, sp)) != KATA_OK) x->rng = rng;
  if (rc == KATA_OK) {
    if (plen) memcpy(x->keys.data + x->keys.len, pre, plen);
    if (klen > plen) memcpy(x->keys.data + x->keys.len + plen, key, klen - plen);
    x->keys.len += klen;
    *koff_of(x, id) = x->keys.len - klen;
    x->n++;
    if (entry) x->store_len = x->store_next = end;
  }
  for (t = 0; t < NBANDS; t++)
    if (sp[t].slot) x->A.f(x->A.ud, sp[t].slot, sp[t].nb * 4 * sizeof(uint32_t), 0);
  return rc;
}

/* The record q of paragraph s[0, n); *is_long: whether it has band
** values. With set, a long one's query set too (sorted distinct 32-bit
** hashes in x->sset, *nq of them); with set and x's store, its 1-bit
** values zeroed (they make room for the store offset). */
static int make_record(kata_index_t *x, const char *s, size_t n, unsigned char q[RECSZ],
                       int set, size_t *nq, int *is_long) {
  dedup_t *d = &x->d;
  para_t p;
  uint64_t h;
  size_t len = kata__dd_tail_start(s, n, x->o.tails);
  int rc;
  *nq = 0;
  *is_long = 0;
  d->norm.len = d->words.len = d->sh.len = 0;
  if ((rc = kata_buf_reserve(&x->A, &d->norm, 8)) != KATA_OK ||
      (rc = kata_buf_reserve(&x->A, &d->words, 8)) != KATA_OK ||
      (rc = kata_buf_reserve(&x->A, &d->sh, 8)) != KATA_OK)
    return rc;
  memset(&p, 0, sizeof p);
  if ((rc = kata__dd_normalise(d, s, len, &p)) != KATA_OK) return rc;
  h = kata__hash(d->norm.data, p.norm_len);
  memset(q, 0, RECSZ);
  if (x->o.near && p.nwords >= x->o.min_words && p.nwords >= (size_t)x->o.shingle) {
    if ((rc = kata__dd_shingle(d, &p, x->o.shingle)) != KATA_OK) return rc;
    signature(x, kata__dd_shingles(d, &p), p.sh_len, h, q);
    if (set) {
      if ((rc = query_set(x, kata__dd_shingles(d, &p), p.sh_len, nq)) != KATA_OK) return rc;
      if (x->has_store) memset(q + OFF_BITS, 0, 4);
    }
    *is_long = 1;
  } else {
    put64(q, h);
    q[OFF_FLAGS] = F_SHORT;
  }
  return KATA_OK;
}

int kata_index_record(kata_index_t *x, const char *s, size_t n, unsigned char rec[KATA_RECORD_SIZE]) {
  size_t nq;
  int is_long;
  if (x->has_store) return KATA_EINVAL;
  return make_record(x, s, n, rec, 0, &nq, &is_long);
}

int kata_record_key(const unsigned char rec[KATA_RECORD_SIZE], int part, uint64_t *key) {
  if (part < 0 || part >= KATA_RECORD_PARTS) return 0;
  if (part == T_EXACT) {
    unsigned char k[RECSZ];
    memcpy(k, rec, RECSZ);
    k[OFF_FLAGS] = (unsigned char)(rec[OFF_FLAGS] & F_SHORT);
    *key = kata__mix64(kata__hash((const char *)k, RECSZ) ^ 0x9E3779B97F4A7C15ull);
    return 1;
  }
  if (rec[OFF_FLAGS] & F_SHORT) return 0;
  *key = kata__mix64((uint64_t)get24(rec + 3 * part) | (uint64_t)(part + 1) << 32);
  return 1;
}

int kata_record_route(const unsigned char rec[KATA_RECORD_SIZE], int part, uint32_t n) {
  uint64_t k;
  if (n < 1 || n > KATA_SHARD_SUBPARTS_MAX || !kata_record_key(rec, part, &k)) return -1;
  /* the top 32 bits: a part shard keeps and places by the low 23 */
  return (int)(((k >> 32) * n) >> 32);
}

/* The same record (exact_eq, no store), or the same short text. */
static int same_record(const unsigned char *a, const unsigned char *b) {
  if ((a[OFF_FLAGS] & F_SHORT) != (b[OFF_FLAGS] & F_SHORT)) return 0;
  if (a[OFF_FLAGS] & F_SHORT) return memcmp(a, b, 8) == 0;
  return memcmp(a, b, OFF_FLAGS) == 0 && memcmp(a + OFF_CHECK, b + OFF_CHECK, 2) == 0;
}

void kata_record_pick(const kata_index_t *x, const unsigned char q[KATA_RECORD_SIZE],
                      const kata_record_cand_t *c, size_t n, kata_index_hit_t *hit) {
  size_t i, k;
  int t;
  hit->id = KATA_NO_DUP;
  hit->similarity = 0;
  hit->kind = 0;
  for (i = 0; i < n; i++) /* the same text first, the earliest */
    if (c[i].part == T_EXACT && same_record(q, c[i].rec) &&
        (hit->id == KATA_NO_DUP || c[i].id < hit->id)) {
      hit->id = c[i].id;
      hit->similarity = 1;
      hit->kind = KATA_DUP_EXACT;
    }
  if (hit->id != KATA_NO_DUP || (q[OFF_FLAGS] & F_SHORT)) return;
  /* then band by band, as kata_index_add: the best of the first band
  ** with a candidate at the threshold; a candidate met in an earlier band
  ** is not weighed again */
  for (t = 0; t < NBANDS && hit->id == KATA_NO_DUP; t++)
    for (i = 0; i < n; i++) {
      double sim;
      int kind = KATA_DUP_ESTIMATE;
      if (c[i].part != t || (c[i].rec[OFF_FLAGS] & F_SHORT) ||
          memcmp(c[i].rec + 3 * t, q + 3 * t, 3) != 0)
        continue;
      for (k = 0; k < n; k++)
        if (c[k].id == c[i].id && c[k].part >= 0 && c[k].part < NBANDS &&
            (c[k].part < t || (c[k].part == t && k < i)) &&
            memcmp(c[k].rec + 3 * c[k].part, q + 3 * c[k].part, 3) == 0)
          break;
      if (k < n) continue;
      if (same_record(q, c[i].rec)) {
        sim = 1;
        kind = KATA_DUP_EXACT;
      } else {
        sim = estimate(q, c[i].rec);
      }
      if (sim >= x->o.threshold &&
          (hit->id == KATA_NO_DUP || sim > hit->similarity ||
           (sim == hit->similarity && c[i].id < hit->id))) {
        hit->id = c[i].id;
        hit->similarity = sim;
        hit->kind = kind;
      }
    }
}

/*
** Looks up record q (made by make_record with set: a long one's query
** set, nq hashes, in x->sset) and fills *hit; when it is not a duplicate
** and add is true, adds it under key (after pre[0, plen), as add_record).
*/
static int lookup(kata_index_t *x, unsigned char q[RECSZ], size_t nq, const char *pre,
                  size_t plen, const char *key, size_t klen, int add, kata_index_hit_t *hit) {
  uint32_t found[8];
  int t, i;
  if (!(q[OFF_FLAGS] & F_SHORT)) {
    size_t seen = 0, k;
    uint32_t tried[NBANDS * 8];
    if (table_find(x, T_EXACT, q, found) > 0) { /* the same text */
      hit->id = found[0];
      hit->similarity = 1;
      hit->kind = KATA_DUP_EXACT;
    }
    for (t = 0; t < NBANDS && hit->id == KATA_NO_DUP; t++) {
      int m = table_find(x, t, q, found);
      for (i = 0; i < m; i++) {
        const unsigned char *c = rec_of(x, found[i]);
        double sim;
        int kind = x->has_store ? KATA_DUP_NEAR : KATA_DUP_ESTIMATE; /* say which */
        for (k = 0; k < seen && tried[k] != found[i]; k++) {}
        if (k < seen) continue; /* met in an earlier band */
        tried[seen++] = found[i];
        if (exact_eq(x, q, c)) {
          sim = 1;
          kind = KATA_DUP_EXACT;
        } else {
          /* With a store, a candidate far below the threshold by its rows
          ** (the crowds of common-word bands) is not read: its 6-bit
          ** estimate has a standard error under 0.09, and 0.25 below is
          ** beyond three of them. */
          if (x->has_store)
            sim = estimate6(q, c) < x->o.threshold - 0.25 ? 0 : confirm(x, c, nq);
          else
            sim = estimate(q, c);
          if (sim == -2) {
            hit->id = KATA_NO_DUP;
            hit->similarity = 0;
            hit->kind = 0;
            return KATA_ENOMEM;
          }
        }
        if (sim >= x->o.threshold &&
            (hit->id == KATA_NO_DUP || sim > hit->similarity ||
             (sim == hit->similarity && found[i] < hit->id))) {
          hit->id = found[i];
          hit->similarity = sim;
          hit->kind = kind;
        }
      }
    }
  } else if (table_find(x, T_EXACT, q, found) > 0) {
    hit->id = found[0];
    hit->similarity = 1;
    hit->kind = KATA_DUP_EXACT;
  }
  if (hit->id != KATA_NO_DUP || !add) return KATA_OK;
  if (x->has_store && !x->io->write_at) return KATA_EIO; /* a store opened read-only */
  if (x->n >= (1u << 25) - 2) return KATA_ELIMIT;        /* before writing an entry */
  return add_record(x, q, nq, pre, plen, key, klen);
}

int kata_index_add(kata_index_t *x, const char *s, size_t n, const char *key,
                   size_t klen, int add, kata_index_hit_t *hit) {
  unsigned char q[RECSZ];
  size_t nq = 0;
  int rc, is_long;
  hit->id = KATA_NO_DUP;
  hit->similarity = 0;
  hit->kind = 0;
  if (x->has_store && !x->io) return KATA_EIO;
  if ((rc = make_record(x, s, n, q, x->has_store, &nq, &is_long)) != KATA_OK) return rc;
  return lookup(x, q, nq, NULL, 0, key, klen, add, hit);
}

/* {======================================================================
** Prepared paragraphs: a record made in one process, added in another
** ======================================================================= */

/* An item: a tag (PREP_SHORT: a short paragraph, its record the 8 bytes of
** its text's hash; PREP_LONG: a long one, its 28-byte record, then after
** the key its query set), the options check (4 bytes), the record, the
** key's length (a varint) and the key, then for a long one the set's
** size (a varint) and its hashes (4 bytes each, ascending). Version 1
** (tag 'K') had a 40-byte head. */
#define PREP_SHORT 'q'
#define PREP_LONG 'Q'

/* Appends v as a varint (7 bits a byte, the low first; at most 5 bytes
** for 32 bits) at e; returns the bytes written. */
static size_t put_varint(unsigned char *e, uint32_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    e[n++] = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  e[n++] = (unsigned char)v;
  return n;
}

/* Reads a varint at e[0, n) into *v; returns its bytes, 0 when it is cut
** short, or -1 when it is not one that put_varint writes (over 32 bits,
** or a needless 0 byte at the end). */
static int get_varint(const unsigned char *e, size_t n, uint32_t *v) {
  uint64_t r = 0;
  size_t i;
  for (i = 0; i < n && i < 5; i++) {
    r |= (uint64_t)(e[i] & 0x7F) << (7 * i);
    if (!(e[i] & 0x80)) {
      if ((i > 0 && e[i] == 0) || r > 0xFFFFFFFFu) return -1;
      *v = (uint32_t)r;
      return (int)i + 1;
    }
  }
  return i == 5 ? -1 : 0;
}

static uint32_t prepared_check(kata_index_t *x) {
  uint64_t h = 0xCBF29CE484222325ull;
  unsigned char o[13];
  const char *const *t;
  size_t i;
  if (x->optcheck) return x->optcheck;
  o[0] = (unsigned char)(x->o.near != 0);
  put32(o + 1, (uint32_t)x->o.shingle);
  put64(o + 5, (uint64_t)x->o.min_words);
  for (i = 0; i < sizeof o; i++) h = (h ^ o[i]) * 0x100000001B3ull;
  for (t = x->o.tails; t && *t; t++)
    for (i = 0; i <= strlen(*t); i++) /* with the NUL: "ab","c" is not "a","bc" */
      h = (h ^ (unsigned char)(*t)[i]) * 0x100000001B3ull;
  h = kata__mix64(h);
  x->optcheck = (uint32_t)(h ^ (h >> 32));
  if (!x->optcheck) x->optcheck = 1;
  return x->optcheck;
}

int kata_index_prepare(kata_index_t *x, const char *s, size_t n, const char *key, size_t klen,
                       kata_buf_t *out) {
  unsigned char q[RECSZ], *e;
  size_t nq = 0, i, need;
  int rc, is_long, has_store = x->has_store;
  const uint32_t *v;
  if (klen > 0xFFFFFFFFu) return KATA_ELIMIT;
  x->has_store = 0; /* the record with its 1-bit values: the adding index zeroes them */
  rc = make_record(x, s, n, q, 1, &nq, &is_long);
  x->has_store = has_store;
  if (rc != KATA_OK) return rc;
  if (nq > STORE_MAX_SET) return KATA_ELIMIT;
  /* at most: tag, check, record, two varints, the key, the set */
  need = 1 + 4 + RECSZ + 5 + klen + (is_long ? 5 + nq * 4 : 0);
  if (need < klen || (rc = kata_buf_reserve(&x->A, out, need)) != KATA_OK)
    return rc != KATA_OK ? rc : KATA_ELIMIT;
  e = (unsigned char *)out->data + out->len;
  e[0] = is_long ? PREP_LONG : PREP_SHORT;
  put32(e + 1, prepared_check(x));
  e += 5;
  memcpy(e, q, is_long ? RECSZ : 8);
  e += is_long ? RECSZ : 8;
  e += put_varint(e, (uint32_t)klen);
  if (klen) memcpy(e, key, klen);
  e += klen;
  if (is_long) {
    e += put_varint(e, (uint32_t)nq);
    v = (const uint32_t *)(void *)x->sset.data;
    for (i = 0; i < nq; i++) put32(e + i * 4, v[i]);
    e += nq * 4;
  }
  out->len = (size_t)(e - (unsigned char *)out->data);
  return KATA_OK;
}

static int prep_fail(char *err, size_t errlen, const char *msg) {
  store_fail(err, errlen, msg);
  return KATA_EFORMAT;
}

int kata_index_add_prepared(kata_index_t *x, const char *p, size_t n, const char *prefix,
                            size_t plen, size_t *used, int add, kata_index_hit_t *hit,
                            const char **key, size_t *klen, char *err, size_t errlen) {
  const unsigned char *e = (const unsigned char *)p, *set = NULL;
  unsigned char q[RECSZ];
  size_t nq = 0, i, at, rlen;
  uint32_t k, m;
  uint32_t *v;
  int rc, is_long, w;
  hit->id = KATA_NO_DUP;
  hit->similarity = 0;
  hit->kind = 0;
  *used = 0;
  *key = NULL;
  *klen = 0;
  if (err && errlen) err[0] = '\0';
  if (n < 1) return prep_fail(err, errlen, "is truncated");
  if (e[0] != PREP_SHORT && e[0] != PREP_LONG)
    return prep_fail(err, errlen, "is not a prepared paragraph");
  is_long = e[0] == PREP_LONG;
  if (n < 5) return prep_fail(err, errlen, "is truncated");
  if (get32(e + 1) != prepared_check(x))
    return prep_fail(err, errlen, "was prepared with other options");
  rlen = is_long ? RECSZ : 8;
  if (n - 5 < rlen) return prep_fail(err, errlen, "is truncated");
  memset(q, 0, RECSZ);
  memcpy(q, e + 5, rlen);
  at = 5 + rlen;
  if ((w = get_varint(e + at, n - at, &k)) <= 0)
    return prep_fail(err, errlen, w ? "has a damaged length" : "is truncated");
  at += (size_t)w;
  if (k > n - at) return prep_fail(err, errlen, "is truncated");
  *key = p + at;
  at += k;
  /* a record as make_record writes it: short (a hash, no set) or long
  ** (band values, 1-bit values, the check, a set) */
  if (!is_long) {
    q[OFF_FLAGS] = F_SHORT;
  } else {
    uint32_t prev = 0;
    if (q[OFF_FLAGS] != 0 || !x->o.near) {
      *key = NULL;
      return prep_fail(err, errlen, "has a damaged record");
    }
    if ((w = get_varint(e + at, n - at, &m)) <= 0) {
      *key = NULL;
      return prep_fail(err, errlen, w ? "has a damaged length" : "is truncated");
    }
    at += (size_t)w;
    nq = m;
    if (nq == 0 || nq > STORE_MAX_SET) {
      *key = NULL;
      return prep_fail(err, errlen, "has a damaged shingle set");
    }
    if ((n - at) / 4 < nq) {
      *key = NULL;
      return prep_fail(err, errlen, "is truncated");
    }
    set = e + at;
    for (i = 0; i < nq; i++) {
      uint32_t h = get32(set + i * 4);
      if (i && h <= prev) {
        *key = NULL;
        return prep_fail(err, errlen, "has a damaged shingle set");
      }
      prev = h;
    }
    at += nq * 4;
  }
  *used = at;
  *klen = k;
  if (x->has_store && !x->io) return KATA_EIO;
  if (nq && x->has_store) {
    x->sset.len = 0;
    if ((rc = kata_buf_reserve(&x->A, &x->sset, nq * sizeof(uint32_t))) != KATA_OK) return rc;
    v = (uint32_t *)(void *)x->sset.data;
    for (i = 0; i < nq; i++) v[i] = get32(set + i * 4);
    memset(q + OFF_BITS, 0, 4);
  }
  /* with a prefix, the key is the prefix then the item's key after its
  ** tag byte (the first, as kata_key_string and kata_key_int write it) */
  if (plen)
    return lookup(x, q, nq, prefix, plen, k ? *key + 1 : *key, k ? k - 1 : 0, add, hit);
  return lookup(x, q, nq, NULL, 0, *key, k, add, hit);
}
