/*
** index.h: the streaming index's record layout and state, shared by
** dupindex.c (tables, records, adding and looking up) and indexfile.c
** (saving and loading). Private to src/core/dup.
*/
#ifndef KATA_INDEX_H
#define KATA_INDEX_H

#include "dedup.h"

/* Private to the core: never exported from a shared build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

#define NBANDS 7
#define NROWS 4
#define NBITS 32                       /* 1-bit MinHash values */
#define NFUNC (NBANDS * NROWS + NBITS) /* hash functions */
#define RECSZ 28
#define OFF_BITS 21  /* the 1-bit values */
#define OFF_FLAGS 25 /* F_SHORT, and which tables hold the record */
#define OFF_CHECK 26 /* 16 bits of the normalised text's hash */
#define F_SHORT 0x80
#define T_EXACT NBANDS /* every record, by the bytes exact_eq compares */
#define NTABLES (NBANDS + 1)
#define BLOCK 4096    /* records per block */
#define SAME_MAX 4    /* entries with one key kept in a table */
#define MAX_KICKS 32 /* cuckoo evictions before a table grows */
#define MAX_LOAD 0.95
#define GROWTH 1.2
#define HEADER 64
#define TAILS_MAX (1u << 20)
#define NO_ID ((uint32_t)-1)

typedef struct table {
  uint32_t *slot; /* nb buckets of 4: (record + 1) << 7 | fingerprint; 0 free */
  size_t nb, n;
} table_t;

struct kata_index {
  kata_allocator_t A;
  kata_dedup_opts_t o;
  kata_buf_t tails;    /* the boilerplate prefixes, NUL-terminated strings */
  kata_buf_t tailv;    /* pointers into tails, NULL-terminated */
  unsigned char **block; /* BLOCK records, then BLOCK key offsets (uint64) */
  size_t nblocks, blocks_cap, n;
  kata_buf_t keys;     /* every key's bytes, back to back */
  table_t t[NTABLES];
  uint64_t rng;
  uint64_t ma[NFUNC], mb[NFUNC]; /* h * ma + mb: the hash functions */
  dedup_t d;           /* normalisation scratch */
  /* The confirmation store: each long paragraph's sorted 32-bit shingle
  ** hashes, in a file the caller's callbacks reach; record bytes 21-24
  ** hold where (in 4-byte units) instead of the 1-bit values. A write
  ** that fails, or an add that fails after its write, moves neither
  ** store_len nor store_next, so the next entry goes over its bytes. */
  int has_store;
  const kata_store_t *io; /* NULL until attached (a loaded index) */
  void *io_ud;
  uint64_t store_len;  /* bytes in use: the header, entries, the last one's end */
  uint64_t store_next; /* where the next entry goes: store_len, or after
                          the file's bytes when a loaded index was attached */
  unsigned char store_id[KATA_STORE_ID];
  kata_buf_t sset, cset; /* the query's and a candidate's hash sets (cset
                            also the entry being written) */
  uint32_t optcheck;   /* what a prepared paragraph carries of the options
                          that make records (prepared_check), 0 until known */
};

static inline unsigned char *rec_of(const kata_index_t *x, size_t i) {
  return x->block[i / BLOCK] + (i % BLOCK) * RECSZ;
}

static inline uint64_t *koff_of(const kata_index_t *x, size_t i) {
  return (uint64_t *)(void *)(x->block[i / BLOCK] + BLOCK * RECSZ) + i % BLOCK;
}

static inline uint32_t get24(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static inline uint64_t get64(const unsigned char *p) {
  uint64_t v = 0;
  int i;
  for (i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

static inline void put32(unsigned char *p, uint32_t v) {
  int i;
  for (i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void put64(unsigned char *p, uint64_t v) {
  int i;
  for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* Made by kata_index_new and kata_index_load; set_tails copies the
** boilerplate prefixes in. */
kata_index_t *kata__index_alloc(const kata_allocator_t *A, const kata_dedup_opts_t *o);
int kata__index_set_tails(kata_index_t *x, const char *const *tails);

/* Room for one more record (and its key offset). */
int kata__index_reserve(kata_index_t *x);

/* Puts record id into every table (sp: the band tables' bigger slots when
** they are to grow, or NULL), and the table t rebuilt with nb buckets. */
int kata__index_insert(kata_index_t *x, uint32_t id, table_t sp[NBANDS]);
int kata__index_rebuild(kata_index_t *x, int t, size_t nb, uint32_t homeless, table_t *sp);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
