/*
** shard.c: the shards of an index spread over servers (kata.h: "An index
** sharded over servers"). A part shard is a cuckoo table of 6-byte slots
** (two buckets of four per key): 25 bits of id + 1 and 23 bits of the
** part's key, from which the buckets are recomputed when the table grows,
** so it keeps no records. A home shard keeps records and keys in blocks.
*/
#include <string.h>

#include "index.h"
#include "internal.h"

#define SLOT 6
#define SHARD_SAME_MAX 4 /* entries with one key kept, as SAME_MAX in one index */
#define KBITS 23
#define KMASK ((1u << KBITS) - 1)
#define IDBITS 25
#define IDMASK ((1u << IDBITS) - 1)
#define NB_MAX ((size_t)1 << 24) /* buckets: past 2^25 ids at any load */

struct kata_shard {
  kata_allocator_t A;
  int part;
  uint32_t home, homes;
  /* a part */
  unsigned char *slot; /* nb * 4 slots */
  size_t nb, tn;
  uint64_t rng;
  /* a home */
  unsigned char **block; /* BLOCK records, then BLOCK key offsets (uint64) */
  size_t nblocks, blocks_cap, n;
  kata_buf_t keys;
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
    s->A.f(s->A.ud, s->block[i], BLOCK * (RECSZ + sizeof(uint64_t)), 0);
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
         s->nblocks * BLOCK * (RECSZ + sizeof(uint64_t)) + s->keys.cap;
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
  struct { size_t at; uint64_t was; } w[MAX_KICKS + 1];
} undo_t;

/* Puts slot value v in table (slot, nb), evicting along a random walk
** (each slot written noted in u, unless NULL); returns 0 when done, or
** the value left without a slot. */
static uint64_t place(kata_shard_t *s, unsigned char *slot, size_t nb, uint64_t v, undo_t *u) {
  int kicks, i, j;
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
    if (kicks == MAX_KICKS) return v;
    r = next_rand(s);
    at = b[r & 1] * 4 + (size_t)((r >> 1) & 3);
    old = get48(slot + at * SLOT);
    put48(slot + at * SLOT, v);
    if (u) {
      u->w[u->n].at = at;
      u->w[u->n++].was = old;
    }
    v = old;
  }
}

/* Moves the table to nb buckets (or more, until every entry has a slot),
** with v (0: none) too. */
static int regrow(kata_shard_t *s, size_t nb, uint64_t v) {
  for (;;) {
    unsigned char *ns;
    size_t i;
    int ok = 1;
    if (nb > NB_MAX) return KATA_ELIMIT;
    ns = (unsigned char *)s->A.f(s->A.ud, NULL, 0, nb * 4 * SLOT);
    if (!ns) return KATA_ENOMEM;
    memset(ns, 0, nb * 4 * SLOT);
    for (i = 0; i < s->nb * 4 && ok; i++) {
      uint64_t w = get48(s->slot + i * SLOT);
      if (w && place(s, ns, nb, w, NULL)) ok = 0;
    }
    if (ok && v && place(s, ns, nb, v, NULL)) ok = 0;
    if (ok) {
      if (s->slot) s->A.f(s->A.ud, s->slot, s->nb * 4 * SLOT, 0);
      s->slot = ns;
      s->nb = nb;
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
    if ((rc = regrow(s, s->nb ? (size_t)((double)s->nb * GROWTH) + 4 : 16, v)) != KATA_OK) return rc;
    s->tn++;
    return KATA_OK;
  }
  u.n = 0;
  rng = s->rng;
  left = place(s, s->slot, s->nb, v, &u);
  if (left && s->part != KATA_RECORD_PARTS - 1 && (double)s->tn < (double)s->nb * 4 * 0.5) {
    /* a band table under half full whose walk failed: its crowds of
    ** common-word bands fill their buckets, and growing for them kept
    ** growing the table (to the limit at 25,645 paragraphs); as in one
    ** index's band tables, the entry left without a slot (v, or one it
    ** moved) is dropped and stays in its other parts */
    return KATA_OK; /* v in and left out, or v out: as many entries as before */
  }
  if (left && (rc = regrow(s, (size_t)((double)s->nb * GROWTH) + 4, left)) != KATA_OK) {
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
  s->tn++;
  return KATA_OK;
}

/* }====================================================================== */

/* {======================================================================
** A home: records and keys
** ======================================================================= */

static unsigned char *hrec(const kata_shard_t *s, size_t i) {
  return s->block[i / BLOCK] + (i % BLOCK) * RECSZ;
}

static uint64_t *hkoff(const kata_shard_t *s, size_t i) {
  return (uint64_t *)(void *)(s->block[i / BLOCK] + BLOCK * RECSZ) + i % BLOCK;
}

static int reserve(kata_shard_t *s) {
  if (s->n < s->nblocks * BLOCK) return KATA_OK;
  if (s->nblocks == s->blocks_cap) {
    size_t nc = s->blocks_cap ? s->blocks_cap * 2 : 8;
    unsigned char **nb = (unsigned char **)s->A.f(s->A.ud, s->block,
                                                  s->blocks_cap * sizeof *nb, nc * sizeof *nb);
    if (!nb) return KATA_ENOMEM;
    s->block = nb;
    s->blocks_cap = nc;
  }
  s->block[s->nblocks] = (unsigned char *)s->A.f(s->A.ud, NULL, 0, BLOCK * (RECSZ + sizeof(uint64_t)));
  if (!s->block[s->nblocks]) return KATA_ENOMEM;
  s->nblocks++;
  return KATA_OK;
}

int kata_shard_add(kata_shard_t *s, const unsigned char rec[KATA_RECORD_SIZE], const char *key,
                   size_t klen, uint32_t *id) {
  uint64_t g;
  int rc;
  if (s->part != KATA_SHARD_HOME) return KATA_EINVAL;
  g = (uint64_t)s->n * s->homes + s->home;
  if (g > KATA_SHARD_ID_MAX) return KATA_ELIMIT;
  if ((rc = reserve(s)) != KATA_OK || (rc = kata_buf_reserve(&s->A, &s->keys, klen)) != KATA_OK)
    return rc;
  memcpy(hrec(s, s->n), rec, RECSZ);
  *hkoff(s, s->n) = s->keys.len;
  if (klen) memcpy(s->keys.data + s->keys.len, key, klen);
  s->keys.len += klen;
  s->n++;
  *id = (uint32_t)g;
  return KATA_OK;
}

const unsigned char *kata_shard_get(const kata_shard_t *s, uint32_t id, const char **key,
                                    size_t *klen) {
  size_t i;
  uint64_t a, b;
  if (s->part != KATA_SHARD_HOME || id % s->homes != s->home) return NULL;
  i = id / s->homes;
  if (i >= s->n) return NULL;
  a = *hkoff(s, i);
  b = i + 1 < s->n ? *hkoff(s, i + 1) : s->keys.len;
  *key = s->keys.data ? s->keys.data + a : ""; /* no key bytes yet: not a null key */
  *klen = (size_t)(b - a);
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
    wr64(&w, s->n);
    for (i = 0; i < s->nblocks; i++) {
      size_t k = s->n - i * BLOCK < BLOCK ? s->n - i * BLOCK : BLOCK;
      wr(&w, s->block[i], k * RECSZ);
    }
    wr64(&w, s->keys.len);
    for (i = 0; i < s->n; i++) {
      uint64_t b = i + 1 < s->n ? *hkoff(s, i + 1) : s->keys.len;
      wr32(&w, (uint32_t)(b - *hkoff(s, i)));
    }
    wr(&w, s->keys.data, s->keys.len);
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
    for (i = 0; i < n; i++) {
      uint32_t l = rd32(&r);
      if (r.bad) return load_fail(s, err, errlen, "cut short", r.pos);
      *hkoff(s, i) = off;
      off += l;
      if (off > kl) return load_fail(s, err, errlen, "key lengths past the key bytes", r.pos - 4);
    }
    if (off != kl) return load_fail(s, err, errlen, "key lengths do not add up", at);
    /* the keys, in steps, so a false length fails at the end of the input
    ** rather than in one huge allocation */
    while (s->keys.len < kl) {
      size_t k = kl - s->keys.len < 65536 ? (size_t)(kl - s->keys.len) : 65536;
      if ((rc = kata_buf_reserve(A, &s->keys, k)) != KATA_OK) {
        kata_shard_free(s);
        return rc;
      }
      if (!rd(&r, s->keys.data + s->keys.len, k)) return load_fail(s, err, errlen, "cut short", r.pos);
      s->keys.len += k;
    }
  }
  at = r.pos;
  sum = r.fnv;
  if (rd64(&r) != sum || r.bad) return load_fail(s, err, errlen, "bad checksum", at);
  *out = s;
  return KATA_OK;
}

/* }====================================================================== */
