/*
** shard.c: the shards of an index spread over servers (kata.h: "An index
** sharded over servers"). A part shard is a cuckoo table of 6-byte slots
** (two buckets of four per key): 25 bits of id + 1 and 23 bits of the
** part's key, from which the buckets are recomputed when the table grows,
** so it keeps no records; it grows by GROWTH when MAX_LOAD full, and a
** band part drops an entry its walk leaves without a slot, as one index's
** band tables do. A home shard keeps records in small blocks and keys
** back to back (see "A home").
*/
#include <string.h>

#include "index.h"
#include "internal.h"

#define SLOT 6
#define SHARD_SAME_MAX 4 /* entries with one key kept, as SAME_MAX in one index */
/* Cuckoo moves before a walk fails: a band part's as one index's
** (MAX_KICKS); the exact part grows then, and 32 moves fail near 82% full
** where 500 reach MAX_LOAD. */
#define EXACT_KICKS 500
#define KBITS 23
#define KMASK ((1u << KBITS) - 1)
#define IDBITS 25
#define IDMASK ((1u << IDBITS) - 1)
#define NB_MAX ((size_t)1 << 24) /* buckets: past 2^25 ids at any load */
#define HBLOCK 512 /* records in a home's block */
#define GROUP 16   /* records per key offset kept */
#define HBLOCK_BYTES (HBLOCK * RECSZ + HBLOCK / GROUP * sizeof(uint64_t))

struct kata_shard {
  kata_allocator_t A;
  int part;
  uint32_t home, homes;
  /* a part */
  unsigned char *slot; /* nb * 4 slots */
  size_t nb, tn;
  uint64_t rng;
  /* a home */
  unsigned char **block; /* HBLOCK records, then HBLOCK / GROUP key offsets (uint64) */
  size_t nblocks, blocks_cap, n;
  kata_buf_t keys;      /* each key's length (LEB128) and bytes */
  uint64_t kbytes;      /* the keys' bytes alone */
};

static uint64_t get48(const unsigned char *p) {
  uint64_t v = 0;
  int i;
  for (i = 5; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

static void put48(unsigned char *p, uint64_t v) {
  int i;
  for (i = 0; i < 6; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void kbuckets(size_t nb, uint32_t h, size_t *b1, size_t *b2) {
  *b1 = (size_t)(((uint64_t)h * nb) >> KBITS);
  *b2 = (size_t)(((kata__mix64(h) & KMASK) * nb) >> KBITS);
  if (*b2 == *b1) *b2 = (*b1 + 1) % nb;
}

int kata_shard_new(const kata_allocator_t *A, int part, uint32_t home, uint32_t homes,
                   kata_shard_t **out) {
  kata_shard_t *s;
  *out = NULL;
  if (part == KATA_SHARD_HOME ? (homes < 1 || homes > 4096 || home >= homes)
                              : (part < 0 || part >= KATA_RECORD_PARTS))
    return KATA_EINVAL;
  if (!(s = (kata_shard_t *)A->f(A->ud, NULL, 0, sizeof *s))) return KATA_ENOMEM;
  memset(s, 0, sizeof *s);
  s->A = *A;
  s->part = part;
  s->home = part == KATA_SHARD_HOME ? home : 0;
  s->homes = part == KATA_SHARD_HOME ? homes : 1;
  s->rng = 0x2545F4914F6CDD1Dull;
  kata_buf_init(&s->keys);
  *out = s;
  return KATA_OK;
}

void kata_shard_free(kata_shard_t *s) {
  size_t i;
  if (!s) return;
  if (s->slot) s->A.f(s->A.ud, s->slot, s->nb * 4 * SLOT, 0);
  for (i = 0; i < s->nblocks; i++)
    s->A.f(s->A.ud, s->block[i], HBLOCK_BYTES, 0);
  if (s->block) s->A.f(s->A.ud, s->block, s->blocks_cap * sizeof *s->block, 0);
  kata_buf_free(&s->A, &s->keys);
  s->A.f(s->A.ud, s, sizeof *s, 0);
}

int kata_shard_part(const kata_shard_t *s) { return s->part; }

void kata_shard_home(const kata_shard_t *s, uint32_t *home, uint32_t *homes) {
  *home = s->home;
  *homes = s->homes;
}

size_t kata_shard_size(const kata_shard_t *s) {
  return s->part == KATA_SHARD_HOME ? s->n : s->tn;
}

size_t kata_shard_memory(const kata_shard_t *s) {
  return sizeof *s + s->nb * 4 * SLOT + s->blocks_cap * sizeof *s->block +
         s->nblocks * HBLOCK_BYTES + s->keys.cap;
}

/* {======================================================================
** A part: the table
** ======================================================================= */

static uint32_t khash(const unsigned char rec[RECSZ], int part, int *ok) {
  uint64_t k;
  *ok = kata_record_key(rec, part, &k);
  return (uint32_t)(k & KMASK);
}

int kata_shard_find(const kata_shard_t *s, const unsigned char rec[KATA_RECORD_SIZE],
                    uint32_t out[KATA_SHARD_FOUND_MAX]) {
  size_t b[2];
  uint32_t h;
  int ok, n = 0, i, j;
  if (s->part == KATA_SHARD_HOME || !s->nb) return 0;
  h = khash(rec, s->part, &ok);
  if (!ok) return 0;
  kbuckets(s->nb, h, &b[0], &b[1]);
  for (i = 0; i < 2; i++)
    for (j = 0; j < 4; j++) {
      uint64_t v = get48(s->slot + (b[i] * 4 + (size_t)j) * SLOT);
      if (v && (uint32_t)(v >> IDBITS) == h && n < KATA_SHARD_FOUND_MAX)
        out[n++] = (uint32_t)(v & IDMASK) - 1;
    }
  return n;
}

static uint64_t next_rand(kata_shard_t *s) {
  s->rng ^= s->rng << 13;
  s->rng ^= s->rng >> 7;
  s->rng ^= s->rng << 17;
  return s->rng;
}

/* The slots a walk wrote and what they held, to undo it. */
typedef struct undo {
  int n;
  struct { size_t at; uint64_t was; } w[EXACT_KICKS + 1];
} undo_t;

/* Puts slot value v in table (slot, nb), evicting along a random walk
** (each slot written noted in u, unless NULL); returns 0 when done, or
** the value left without a slot. */
static uint64_t place(kata_shard_t *s, unsigned char *slot, size_t nb, uint64_t v, undo_t *u) {
  int kicks, i, j;
  size_t from = (size_t)-1; /* the bucket v was moved out of */
  for (kicks = 0;; kicks++) {
    size_t b[2], at;
    uint64_t r, old;
    kbuckets(nb, (uint32_t)(v >> IDBITS), &b[0], &b[1]);
    for (i = 0; i < 2; i++)
      for (j = 0; j < 4; j++) {
        unsigned char *p = slot + (b[i] * 4 + (size_t)j) * SLOT;
        if (!get48(p)) {
          put48(p, v);
          if (u) {
            u->w[u->n].at = b[i] * 4 + (size_t)j;
            u->w[u->n++].was = 0;
          }
          return 0;
        }
      }
    if (kicks == (s->part == KATA_RECORD_PARTS - 1 ? EXACT_KICKS : MAX_KICKS)) return v;
    r = next_rand(s);
    /* on to v's other bucket: moving it back where it was undoes a step */
    i = b[0] == from ? 1 : b[1] == from ? 0 : (int)(r & 1);
    at = b[i] * 4 + (size_t)((r >> 1) & 3);
    from = b[i];
    old = get48(slot + at * SLOT);
    put48(slot + at * SLOT, v);
    if (u) {
      u->w[u->n].at = at;
      u->w[u->n++].was = old;
    }
    v = old;
  }
}

/* Moves the table to nb buckets with v (0: none) too: a band part drops
** the entries left without a slot; the exact part's table grows more
** until every entry has one. On failure the table (and the random state)
** is as it was. */
static int regrow(kata_shard_t *s, size_t nb, uint64_t v) {
  int band = s->part != KATA_RECORD_PARTS - 1;
  uint64_t rng = s->rng;
  for (;;) {
    unsigned char *ns;
    size_t i, tn;
    int ok = 1;
    if (nb > NB_MAX || !(ns = (unsigned char *)s->A.f(s->A.ud, NULL, 0, nb * 4 * SLOT))) {
      s->rng = rng; /* as before: a replica that never saw the put walks alike */
      return nb > NB_MAX ? KATA_ELIMIT : KATA_ENOMEM;
    }
    memset(ns, 0, nb * 4 * SLOT);
    tn = 0;
    for (i = 0; i <= s->nb * 4 && ok; i++) {
      uint64_t w = i < s->nb * 4 ? get48(s->slot + i * SLOT) : v;
      if (!w) continue;
      tn++;
      if (place(s, ns, nb, w, NULL)) {
        if (band) tn--; /* dropped */
        else ok = 0;
      }
    }
    if (ok) {
      if (s->slot) s->A.f(s->A.ud, s->slot, s->nb * 4 * SLOT, 0);
      s->slot = ns;
      s->nb = nb;
      s->tn = tn;
      return KATA_OK;
    }
    s->A.f(s->A.ud, ns, nb * 4 * SLOT, 0);
    nb = (size_t)((double)nb * GROWTH) + 4;
  }
}

int kata_shard_put(kata_shard_t *s, const unsigned char rec[KATA_RECORD_SIZE], uint32_t id) {
  uint32_t found[KATA_SHARD_FOUND_MAX], h;
  uint64_t v, left, rng;
  undo_t u;
  int ok, n, i, rc;
  if (s->part == KATA_SHARD_HOME || id > KATA_SHARD_ID_MAX) return KATA_EINVAL;
  h = khash(rec, s->part, &ok);
  if (!ok) return KATA_OK;
  n = kata_shard_find(s, rec, found);
  for (i = 0; i < n; i++)
    if (found[i] == id) return KATA_OK; /* put again (a retried write) */
  if (n >= SHARD_SAME_MAX) return KATA_OK; /* a crowd of look-alikes, as in one index */
  v = (uint64_t)h << IDBITS | (uint64_t)(id + 1);
  if (!s->nb || (double)(s->tn + 1) > (double)s->nb * 4 * MAX_LOAD) {
    return regrow(s, s->nb ? (size_t)((double)s->nb * GROWTH) + 4 : 16, v);
  }
  u.n = 0;
  rng = s->rng;
  left = place(s, s->slot, s->nb, v, &u);
  if (!left) {
    s->tn++;
    return KATA_OK;
  }
  if (s->part != KATA_RECORD_PARTS - 1) {
    /* a band part whose walk failed: as one index's band tables, the
    ** entry left without a slot (v, or one it moved) is dropped and stays
    ** in its other parts; the table grows only when MAX_LOAD full (crowds
    ** of common-word band values fill their bucket pairs, and growing for
    ** them kept a band part near half full) */
    return KATA_OK; /* v in and left out, or v out: as many entries as before */
  }
  if ((rc = regrow(s, (size_t)((double)s->nb * GROWTH) + 4, left)) != KATA_OK) {
    /* the walk's slots as they were: the entry it left out back in its
    ** own, v in none, the table (and the random state, so a replica that
    ** never saw the put walks alike) as before the put */
    s->rng = rng;
    while (u.n > 0) {
      u.n--;
      put48(s->slot + u.w[u.n].at * SLOT, u.w[u.n].was);
    }
    return rc;
  }
  return KATA_OK;
}

/* }====================================================================== */

/* {======================================================================
** A home: records and keys. Records go in blocks of HBLOCK (allocated
** one at a time, so a home holds at most one block's room spare), each
** block ending with the offset in keys of every GROUP-th record's key.
** Keys are back to back, each after its length (LEB128, 1 byte below
** 128); the buffer grows by a quarter. A key is found from its group's
** offset, skipping at most GROUP - 1 keys.
** ======================================================================= */

static unsigned char *hrec(const kata_shard_t *s, size_t i) {
  return s->block[i / HBLOCK] + (i % HBLOCK) * RECSZ;
}

static uint64_t *hgoff(const kata_shard_t *s, size_t i) {
  return (uint64_t *)(void *)(s->block[i / HBLOCK] + HBLOCK * RECSZ) + (i % HBLOCK) / GROUP;
}

static size_t vlen(size_t n) {
  size_t k = 1;
  while (n >= 128) {
    n >>= 7;
    k++;
  }
  return k;
}

/* The length at p (written by kata_shard_add: well formed), *p past it. */
static size_t vget(const unsigned char **p) {
  size_t n = 0;
  int sh = 0;
  while (**p & 0x80) {
    n |= (size_t)(**p & 0x7F) << sh;
    sh += 7;
    (*p)++;
  }
  n |= (size_t)**p << sh;
  (*p)++;
  return n;
}

static int reserve(kata_shard_t *s) {
  if (s->n < s->nblocks * HBLOCK) return KATA_OK;
  if (s->nblocks == s->blocks_cap) {
    size_t nc = s->blocks_cap ? s->blocks_cap * 2 : 8;
    unsigned char **nb = (unsigned char **)s->A.f(s->A.ud, s->block,
                                                  s->blocks_cap * sizeof *nb, nc * sizeof *nb);
    if (!nb) return KATA_ENOMEM;
    s->block = nb;
    s->blocks_cap = nc;
  }
  s->block[s->nblocks] = (unsigned char *)s->A.f(s->A.ud, NULL, 0, HBLOCK_BYTES);
  if (!s->block[s->nblocks]) return KATA_ENOMEM;
  s->nblocks++;
  return KATA_OK;
}

/* Room for extra more key bytes: the buffer grows by a quarter. */
static int kreserve(kata_shard_t *s, size_t extra) {
  size_t need = s->keys.len + extra, cap;
  char *p;
  if (extra > (size_t)-1 / 2 - s->keys.len) return KATA_ELIMIT;
  if (need <= s->keys.cap) return KATA_OK;
  cap = s->keys.cap + s->keys.cap / 4;
  if (cap < need) cap = need;
  if (cap < 256) cap = 256;
  p = (char *)s->A.f(s->A.ud, s->keys.data, s->keys.cap, cap);
  if (!p) return KATA_ENOMEM;
  s->keys.data = p;
  s->keys.cap = cap;
  return KATA_OK;
}

/* Appends key i's length (its bytes follow), noting its group's offset. */
static void kput_len(kata_shard_t *s, size_t i, size_t klen) {
  if (i % GROUP == 0) *hgoff(s, i) = s->keys.len;
  do {
    s->keys.data[s->keys.len++] = (char)((klen & 0x7F) | (klen >= 128 ? 0x80 : 0));
    klen >>= 7;
  } while (klen);
}

int kata_shard_add(kata_shard_t *s, const unsigned char rec[KATA_RECORD_SIZE], const char *key,
                   size_t klen, uint32_t *id) {
  uint64_t g;
  int rc;
  if (s->part != KATA_SHARD_HOME || klen > 0xFFFFFFFFu) return KATA_EINVAL;
  g = (uint64_t)s->n * s->homes + s->home;
  if (g > KATA_SHARD_ID_MAX) return KATA_ELIMIT;
  if ((rc = reserve(s)) != KATA_OK || (rc = kreserve(s, vlen(klen) + klen)) != KATA_OK)
    return rc;
  memcpy(hrec(s, s->n), rec, RECSZ);
  kput_len(s, s->n, klen);
  if (klen) memcpy(s->keys.data + s->keys.len, key, klen);
  s->keys.len += klen;
  s->kbytes += klen;
  s->n++;
  *id = (uint32_t)g;
  return KATA_OK;
}

/* Key i: its bytes, *klen its length. */
static const char *hkey(const kata_shard_t *s, size_t i, size_t *klen) {
  const unsigned char *p = (const unsigned char *)s->keys.data + *hgoff(s, i);
  size_t j;
  for (j = i - i % GROUP; j < i; j++) p += vget(&p);
  *klen = vget(&p);
  return (const char *)p;
}

const unsigned char *kata_shard_get(const kata_shard_t *s, uint32_t id, const char **key,
                                    size_t *klen) {
  size_t i;
  if (s->part != KATA_SHARD_HOME || id % s->homes != s->home) return NULL;
  i = id / s->homes;
  if (i >= s->n) return NULL;
  *key = hkey(s, i, klen);
  return hrec(s, i);
}

/* }====================================================================== */

/* {======================================================================
** Saving and loading: "KATASHRD", then u32 version 1, i32 part, u32 home,
** u32 homes; a part: u64 buckets, u64 entries, u64 random state, the
** slots; a home: u64 records, the records, u64 key bytes, each record's
** u32 key length, the keys; then the FNV-1a 64 of all before it.
** ======================================================================= */

#define FNV_OFFSET 0xCBF29CE484222325ull
#define FNV_PRIME 0x100000001B3ull

typedef struct io {
  kata_write_f wf;
  kata_read_f rf;
  void *ud;
  uint64_t fnv, pos;
  int bad;
} io_t;

static int wr(io_t *w, const void *p, size_t n) {
  const unsigned char *b = (const unsigned char *)p;
  size_t i;
  for (i = 0; i < n; i++) w->fnv = (w->fnv ^ b[i]) * FNV_PRIME;
  if (n == 0 || w->bad) return KATA_OK;
  if (w->wf(w->ud, p, n) != 0) w->bad = 1;
  return KATA_OK;
}

static void wr64(io_t *w, uint64_t v) {
  unsigned char b[8];
  put64(b, v);
  wr(w, b, 8);
}

static void wr32(io_t *w, uint32_t v) {
  unsigned char b[4];
  put32(b, v);
  wr(w, b, 4);
}

static const char MAGIC[8] = {'K', 'A', 'T', 'A', 'S', 'H', 'R', 'D'};

int kata_shard_save(const kata_shard_t *s, kata_write_f f, void *ud) {
  io_t w;
  size_t i;
  memset(&w, 0, sizeof w);
  w.wf = f;
  w.ud = ud;
  w.fnv = FNV_OFFSET;
  wr(&w, MAGIC, 8);
  wr32(&w, 1);
  wr32(&w, (uint32_t)s->part);
  wr32(&w, s->home);
  wr32(&w, s->homes);
  if (s->part != KATA_SHARD_HOME) {
    wr64(&w, s->nb);
    wr64(&w, s->tn);
    wr64(&w, s->rng);
    wr(&w, s->slot, s->nb * 4 * SLOT);
  } else {
    const unsigned char *p;
    wr64(&w, s->n);
    for (i = 0; i < s->nblocks; i++) {
      size_t k = s->n - i * HBLOCK < HBLOCK ? s->n - i * HBLOCK : HBLOCK;
      wr(&w, s->block[i], k * RECSZ);
    }
    wr64(&w, s->kbytes);
    for (i = 0, p = (const unsigned char *)s->keys.data; i < s->n; i++) {
      size_t l = vget(&p);
      wr32(&w, (uint32_t)l);
      p += l;
    }
    for (i = 0, p = (const unsigned char *)s->keys.data; i < s->n; i++) {
      size_t l = vget(&p);
      wr(&w, p, l);
      p += l;
    }
  }
  wr64(&w, w.fnv);
  return w.bad ? KATA_EIO : KATA_OK;
}

static int rd(io_t *r, void *p, size_t n) {
  unsigned char *b = (unsigned char *)p;
  size_t i;
  size_t got = 0;
  if (r->bad) return 0;
  while (got < n) { /* a reader may give fewer bytes than asked, as a pipe does */
    size_t k = r->rf(r->ud, b + got, n - got);
    if (k == 0 || k > n - got) {
      r->bad = 1;
      return 0;
    }
    got += k;
  }
  for (i = 0; i < n; i++) r->fnv = (r->fnv ^ b[i]) * FNV_PRIME;
  r->pos += n;
  return 1;
}

static uint64_t rd64(io_t *r) {
  unsigned char b[8];
  return rd(r, b, 8) ? get64(b) : 0;
}

static uint32_t rd32(io_t *r) {
  unsigned char b[4];
  return rd(r, b, 4) ? get32(b) : 0;
}

static int load_fail(kata_shard_t *s, char *err, size_t errlen, const char *msg, uint64_t at) {
  if (err && errlen) {
    char num[24];
    size_t i = 0, k = 0, m = strlen(msg);
    do num[k++] = (char)('0' + at % 10); while ((at /= 10) > 0);
    for (; i < m && i + 1 < errlen; i++) err[i] = msg[i];
    if (i + 9 < errlen) {
      memcpy(err + i, " at byte ", 9);
      i += 9;
      while (k > 0 && i + 1 < errlen) err[i++] = num[--k];
    }
    err[i] = '\0';
  }
  kata_shard_free(s);
  return KATA_EFORMAT;
}

/* load_fail, freeing the key lengths read too (err NULL: no message). */
static int load_fail_lens(kata_shard_t *s, uint32_t *lens, size_t lcap, char *err, size_t errlen,
                          const char *msg, uint64_t at) {
  if (lens) s->A.f(s->A.ud, lens, lcap * sizeof *lens, 0);
  return load_fail(s, err, errlen, msg, at);
}

int kata_shard_load(const kata_allocator_t *A, kata_read_f f, void *ud, kata_shard_t **out,
                    char *err, size_t errlen) {
  io_t r;
  kata_shard_t *s = NULL;
  char magic[8];
  uint32_t version, home, homes;
  int32_t part;
  uint64_t sum, at;
  size_t i;
  int rc;
  *out = NULL;
  memset(&r, 0, sizeof r);
  r.rf = f;
  r.ud = ud;
  r.fnv = FNV_OFFSET;
  if (!rd(&r, magic, 8) || memcmp(magic, MAGIC, 8) != 0)
    return load_fail(NULL, err, errlen, "not a kata shard (no KATASHRD)", 0);
  version = rd32(&r);
  part = (int32_t)rd32(&r);
  home = rd32(&r);
  homes = rd32(&r);
  if (r.bad) return load_fail(NULL, err, errlen, "cut short", r.pos);
  if (version != 1) return load_fail(NULL, err, errlen, "unknown shard version", 8);
  if (part != KATA_SHARD_HOME && (home != 0 || homes != 1)) /* as a part saves them */
    return load_fail(NULL, err, errlen, "bad part or home", 12);
  if ((rc = kata_shard_new(A, part, home, homes, &s)) != KATA_OK)
    return rc == KATA_EINVAL ? load_fail(NULL, err, errlen, "bad part or home", 12) : rc;
  if (part != KATA_SHARD_HOME) {
    uint64_t nb, tn, n = 0;
    at = r.pos;
    nb = rd64(&r);
    tn = rd64(&r);
    s->rng = rd64(&r);
    if (r.bad) return load_fail(s, err, errlen, "cut short", r.pos);
    if (nb > NB_MAX || tn > nb * 4 || !s->rng)
      return load_fail(s, err, errlen, "bad table size", at);
    if (nb) {
      /* the slots, in steps, so a false size fails at the end of the
      ** input rather than in one huge allocation */
      size_t want = (size_t)nb * 4 * SLOT, got = 0, cap = 0;
      at = r.pos;
      while (got < want) {
        size_t k = want - got < 65536 ? want - got : 65536;
        if (got + k > cap) {
          size_t nc = cap ? (cap * 2 < want ? cap * 2 : want) : k;
          unsigned char *ns = (unsigned char *)A->f(A->ud, s->slot, cap, nc);
          if (!ns) {
            if (s->slot) A->f(A->ud, s->slot, cap, 0);
            s->slot = NULL;
            kata_shard_free(s);
            return KATA_ENOMEM;
          }
          s->slot = ns;
          cap = nc;
        }
        if (!rd(&r, s->slot + got, k)) {
          A->f(A->ud, s->slot, cap, 0);
          s->slot = NULL;
          return load_fail(s, err, errlen, "cut short", r.pos);
        }
        got += k;
      }
      s->nb = (size_t)nb;
      for (i = 0; i < s->nb * 4; i++) {
        uint64_t v = get48(s->slot + i * SLOT);
        if (v && ((v & IDMASK) == 0 || (v & IDMASK) > KATA_SHARD_ID_MAX + 1))
          return load_fail(s, err, errlen, "bad slot", at + i * SLOT);
        n += v != 0;
      }
    }
    if (n != tn) return load_fail(s, err, errlen, "entries do not match the count", at);
    s->tn = (size_t)tn;
  } else {
    uint64_t n, kl, off = 0;
    uint32_t *lens = NULL; /* the key lengths read */
    size_t lcap = 0;
    at = r.pos;
    n = rd64(&r);
    if (r.bad) return load_fail(s, err, errlen, "cut short", r.pos);
    if (n * homes + home > (uint64_t)KATA_SHARD_ID_MAX + homes)
      return load_fail(s, err, errlen, "too many records", at);
    for (i = 0; i < n; i++) {
      if ((rc = reserve(s)) != KATA_OK) {
        kata_shard_free(s);
        return rc;
      }
      if (!rd(&r, hrec(s, i), RECSZ)) return load_fail(s, err, errlen, "cut short", r.pos);
      s->n = i + 1;
    }
    at = r.pos;
    kl = rd64(&r);
    if (r.bad) return load_fail(s, err, errlen, "cut short", r.pos);
    if (kl > ((uint64_t)1 << 40)) return load_fail(s, err, errlen, "bad key bytes", at);
    /* the lengths, then the keys, each after its length, in steps, so a
    ** false count or length fails at the end of the input rather than in
    ** one huge allocation */
    for (i = 0; i < n; i++) {
      uint32_t l = rd32(&r);
      if (r.bad) return load_fail_lens(s, lens, lcap, err, errlen, "cut short", r.pos);
      off += l;
      if (off > kl)
        return load_fail_lens(s, lens, lcap, err, errlen, "key lengths past the key bytes", r.pos - 4);
      if ((rc = kata__grow(A, (void **)&lens, &lcap, i, sizeof *lens)) != KATA_OK) {
        load_fail_lens(s, lens, lcap, NULL, 0, "", 0);
        return rc;
      }
      lens[i] = l;
    }
    if (off != kl) return load_fail_lens(s, lens, lcap, err, errlen, "key lengths do not add up", at);
    for (i = 0; i < n; i++) {
      size_t left = lens[i];
      if ((rc = kreserve(s, vlen(left))) != KATA_OK) {
        load_fail_lens(s, lens, lcap, NULL, 0, "", 0);
        return rc;
      }
      kput_len(s, i, left);
      while (left > 0) {
        size_t k = left < 65536 ? left : 65536;
        if ((rc = kreserve(s, k)) != KATA_OK) {
          load_fail_lens(s, lens, lcap, NULL, 0, "", 0);
          return rc;
        }
        if (!rd(&r, s->keys.data + s->keys.len, k))
          return load_fail_lens(s, lens, lcap, err, errlen, "cut short", r.pos);
        s->keys.len += k;
        left -= k;
      }
    }
    s->kbytes = kl;
    if (lens) A->f(A->ud, lens, lcap * sizeof *lens, 0);
  }
  at = r.pos;
  sum = r.fnv;
  if (rd64(&r) != sum || r.bad) return load_fail(s, err, errlen, "bad checksum", at);
  *out = s;
  return KATA_OK;
}

/* }====================================================================== */
