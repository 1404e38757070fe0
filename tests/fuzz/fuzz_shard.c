/*
** fuzz_shard.c: libFuzzer target for the shards of an index spread over
** servers (the Redis module's katashard type): kata_shard_load on hostile
** bytes, kata_shard_put / find / add / get on hostile records, and
** kata_record_pick on hostile candidates.
**
** The first byte picks the mode; with bit 7 set the allocator fails at the
** call numbered by the second byte (plus 1), else the second byte is unused.
**   bit 0 clear: the rest is a saved shard; with bit 1 set its last 8
**     bytes are replaced by the checksum of those before (so the fuzzer
**     reaches the checks behind it). kata_shard_load returns KATA_OK,
**     KATA_EFORMAT with a message naming a byte, or KATA_ENOMEM after a
**     failed allocation; never anything else. A loaded shard saves to
**     bytes that load again and save to the same bytes; it finds, puts,
**     adds and gets as a new one does (below).
**   bit 0 set: the rest is operations of 33 bytes: a byte (bit 0: put in
**     the part (bits 1-3 of the mode byte), or add to the home), a 28-byte
**     record, a 32-bit id. A put that succeeds in the exact part leaves its
**     id found under the record (unless 4 ids were found there before); in
**     a band part it adds at most one entry (it may drop one its walk left
**     without a slot, as one index's band tables do, and when it grows the
**     table, those its rebuild leaves without one); one that fails
**     (KATA_ENOMEM only) leaves the size and every earlier id found. An
**     add gives the next id and keeps the record and key; one that fails
**     leaves the size. kata_record_pick over the records found for the
**     last one (and parts from the op bytes, some out of range) names one
**     of their ids, with a similarity from the threshold to 1. Then both
**     shards are saved, loaded and saved again: the same bytes, every id
**     still found.
** Nothing is outstanding at the end, also after a failure.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

#include "fuzz_alloc.h"
#define FUZZ_NAME "fuzz_shard"
#include "fuzz_io.h"

static int load(kata_allocator_t *A, const uint8_t *p, size_t n, kata_shard_t **s) {
  mem_t m;
  char err[160];
  int rc;
  m.data = p;
  m.len = n;
  m.pos = 0;
  err[0] = 0;
  rc = kata_shard_load(A, mem_read, &m, s, err, sizeof err);
  if (rc == KATA_EFORMAT) CHECK(strstr(err, " at byte ") != NULL, "a refusal without a message");
  if (rc != KATA_OK) CHECK(*s == NULL, "a shard on failure");
  return rc;
}

static int finds(const kata_shard_t *s, const unsigned char *rec, uint32_t id) {
  uint32_t f[KATA_SHARD_FOUND_MAX];
  int n = kata_shard_find(s, rec, f), i;
  CHECK(n >= 0 && n <= KATA_SHARD_FOUND_MAX, "find gave too many");
  for (i = 0; i < n; i++)
    if (f[i] == id) return 1;
  return 0;
}

/* Saves s, loads it, saves that: the same bytes (when no allocation
** failed); the loaded shard, or NULL. */
static kata_shard_t *roundtrip(kata_allocator_t *A, budget_t *b, const kata_shard_t *s) {
  out_t o1 = {NULL, 0, 0}, o2 = {NULL, 0, 0};
  kata_shard_t *t = NULL;
  int rc;
  CHECK(kata_shard_save(s, mem_write, &o1) == KATA_OK, "save failed");
  rc = load(A, o1.data, o1.len, &t);
  CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && b->failed), "a saved shard does not load");
  if (rc == KATA_OK) {
    CHECK(kata_shard_save(t, mem_write, &o2) == KATA_OK, "second save failed");
    CHECK(o1.len == o2.len && memcmp(o1.data, o2.data, o1.len) == 0, "saves differ");
    CHECK(kata_shard_size(t) == kata_shard_size(s) && kata_shard_part(t) == kata_shard_part(s),
          "a loaded shard differs");
  }
  free(o1.data);
  free(o2.data);
  return t;
}

#define OPS 128

typedef struct state {
  kata_allocator_t *A;
  budget_t *b;
  kata_shard_t *part, *home;
  unsigned char rec[OPS][KATA_RECORD_SIZE];
  uint32_t id[OPS];
  int put[OPS]; /* put and must be found */
  size_t n;
} state_t;

static void check_all(const state_t *st, const kata_shard_t *p) {
  size_t i;
  for (i = 0; i < st->n; i++)
    if (st->put[i]) CHECK(finds(p, st->rec[i], st->id[i]), "an id put is not found");
}

static void op(state_t *st, const uint8_t *d) {
  const unsigned char *rec = d + 1;
  uint32_t id = ((uint32_t)d[29] | (uint32_t)d[30] << 8 | (uint32_t)d[31] << 16 |
                 (uint32_t)d[32] << 24) % (KATA_SHARD_ID_MAX + 2);
  size_t i = st->n++;
  int rc;
  memcpy(st->rec[i], rec, KATA_RECORD_SIZE);
  st->id[i] = id;
  st->put[i] = 0;
  if (d[0] & 1) {
    uint32_t f[KATA_SHARD_FOUND_MAX];
    size_t before = kata_shard_size(st->part), mem = kata_shard_memory(st->part);
    uint64_t k;
    int had = kata_shard_find(st->part, rec, f), was = finds(st->part, rec, id);
    rc = kata_shard_put(st->part, rec, id);
    if (id > KATA_SHARD_ID_MAX) {
      CHECK(rc == KATA_EINVAL && kata_shard_size(st->part) == before, "a bad id put");
      return;
    }
    if (rc == KATA_ENOMEM) {
      CHECK(st->b->failed, "ENOMEM without a failed allocation");
      CHECK(kata_shard_size(st->part) == before, "a failed put changed the size");
      check_all(st, st->part);
      return;
    }
    CHECK(rc == KATA_OK, "put failed");
    if (kata_shard_part(st->part) != KATA_RECORD_PARTS - 1 &&
        kata_record_key(rec, kata_shard_part(st->part), &k)) {
      /* a band part may drop an entry its walk left without a slot (this
      ** one or one it moved), as one index's band tables do; growing, the
      ** entries its rebuild leaves without one */
      CHECK(kata_shard_size(st->part) <= before + 1 &&
                (kata_shard_size(st->part) >= before || kata_shard_memory(st->part) > mem),
            "size after a band put");
      memset(st->put, 0, st->n * sizeof *st->put);
    } else if (kata_record_key(rec, kata_shard_part(st->part), &k) && (was || had < 4)) {
      st->put[i] = 1;
      CHECK(finds(st->part, rec, id), "an id just put is not found");
      CHECK(kata_shard_size(st->part) == before + !was, "size after a put");
    } else {
      CHECK(kata_shard_size(st->part) == before, "a put of nothing changed the size");
    }
  } else {
    uint32_t gid, h, hs;
    size_t before = kata_shard_size(st->home), kl = d[0] >> 1;
    const char *key;
    size_t klen;
    const unsigned char *r;
    kata_shard_home(st->home, &h, &hs);
    rc = kata_shard_add(st->home, rec, (const char *)rec, kl < 28 ? kl : 28, &gid);
    if (rc == KATA_ENOMEM) {
      CHECK(st->b->failed && kata_shard_size(st->home) == before, "a failed add");
      return;
    }
    CHECK(rc == KATA_OK || rc == KATA_ELIMIT, "add failed");
    if (rc != KATA_OK) return;
    CHECK(gid == before * hs + h, "not the next id");
    r = kata_shard_get(st->home, gid, &key, &klen);
    CHECK(r && memcmp(r, rec, KATA_RECORD_SIZE) == 0 && klen == (kl < 28 ? kl : 28) &&
              (klen == 0 || memcmp(key, rec, klen) == 0),
          "get differs from what was added");
    CHECK(kata_shard_get(st->home, gid + 1, &key, &klen) == NULL, "a record past the end");
  }
}

/* kata_record_pick over the records of the ops with parts from their op
** bytes (some out of range), for the last record. */
static void pick(state_t *st, const uint8_t *ops) {
  kata_index_t *x = NULL;
  kata_dedup_opts_t o;
  kata_record_cand_t c[OPS];
  kata_index_hit_t hit;
  size_t i;
  int rc;
  if (!st->n) return;
  memset(&o, 0, sizeof o);
  o.threshold = 0.5 + (ops[0] & 3) * 0.15;
  o.near = 1;
  o.shingle = 1;
  rc = kata_index_new(st->A, &o, NULL, NULL, NULL, &x);
  if (rc == KATA_ENOMEM) return;
  CHECK(rc == KATA_OK, "index_new failed");
  for (i = 0; i < st->n; i++) {
    c[i].id = st->id[i];
    c[i].part = ((ops[i * 33] >> 1) & 15) - 4; /* -4 to 11 */
    c[i].rec = st->rec[i];
  }
  kata_record_pick(x, st->rec[st->n - 1], c, st->n, &hit);
  if (hit.id != KATA_NO_DUP) {
    for (i = 0; i < st->n && (c[i].id != hit.id || c[i].part < 0 || c[i].part > 7); i++) {}
    CHECK(i < st->n, "a hit not among the candidates");
    CHECK(hit.similarity >= o.threshold && hit.similarity <= 1, "similarity out of range");
    CHECK(hit.kind == KATA_DUP_EXACT || hit.kind == KATA_DUP_ESTIMATE, "bad kind");
  }
  kata_index_free(x);
}

static void from_ops(const uint8_t *data, size_t size, uint8_t mode, budget_t *b) {
  kata_allocator_t A = {allocf, b};
  static state_t st;
  kata_shard_t *t;
  size_t i;
  int rc;
  memset(&st, 0, sizeof st);
  st.A = &A;
  st.b = b;
  rc = kata_shard_new(&A, (mode >> 1) & 7, 0, 1, &st.part);
  if (rc == KATA_OK) rc = kata_shard_new(&A, KATA_SHARD_HOME, mode >> 4 & 3, 4, &st.home);
  if (rc != KATA_OK) {
    CHECK(rc == KATA_ENOMEM && b->failed, "new failed");
    kata_shard_free(st.part);
    return;
  }
  for (i = 0; i + 33 <= size && st.n < OPS; i += 33) op(&st, data + i);
  pick(&st, data);
  if (!b->failed) {
    t = roundtrip(&A, b, st.part);
    if (t) check_all(&st, t);
    kata_shard_free(t);
    t = roundtrip(&A, b, st.home);
    kata_shard_free(t);
  }
  kata_shard_free(st.part);
  kata_shard_free(st.home);
}

#define FNV_OFFSET 0xCBF29CE484222325ull
#define FNV_PRIME 0x100000001B3ull

static void from_file(const uint8_t *data, size_t size, uint8_t mode, budget_t *b) {
  kata_allocator_t A = {allocf, b};
  kata_shard_t *s = NULL, *t;
  uint8_t *copy = NULL;
  int rc;
  if ((mode & 2) && size >= 8) { /* the checksum made right */
    uint64_t h = FNV_OFFSET;
    size_t i;
    copy = (uint8_t *)malloc(size);
    CHECK(copy != NULL, "out of memory");
    memcpy(copy, data, size);
    for (i = 0; i + 8 < size; i++) h = (h ^ copy[i]) * FNV_PRIME;
    for (i = 0; i < 8; i++) copy[size - 8 + i] = (uint8_t)(h >> (8 * i));
    data = copy;
  }
  rc = load(&A, data, size, &s);
  CHECK(rc == KATA_OK || rc == KATA_EFORMAT || (rc == KATA_ENOMEM && b->failed),
        "unexpected load result");
  if (rc == KATA_OK) {
    static const unsigned char rec[KATA_RECORD_SIZE] = "a record of twenty-eight b.";
    uint32_t f[KATA_SHARD_FOUND_MAX], id, h, hs;
    const char *key;
    size_t klen, i, n = kata_shard_size(s);
    int k;
    if (kata_shard_part(s) == KATA_SHARD_HOME) {
      kata_shard_home(s, &h, &hs);
      CHECK(hs >= 1 && h < hs, "a bad home");
      for (i = 0; i < n; i++)
        CHECK(kata_shard_get(s, (uint32_t)(i * hs + h), &key, &klen) != NULL, "a record missing");
      rc = kata_shard_add(s, rec, "key", 3, &id);
      CHECK(rc == KATA_OK || rc == KATA_ELIMIT || (rc == KATA_ENOMEM && b->failed), "add failed");
      if (rc == KATA_OK) CHECK(id == n * hs + h && kata_shard_get(s, id, &key, &klen) != NULL, "add");
    } else {
      CHECK(kata_shard_part(s) >= 0 && kata_shard_part(s) < KATA_RECORD_PARTS, "a bad part");
      k = kata_shard_find(s, data + size / 2 > data + size - 28 ? rec : data + size / 2, f);
      CHECK(k >= 0 && k <= KATA_SHARD_FOUND_MAX, "find");
      for (k = 0; k < 4; k++) {
        unsigned char r[KATA_RECORD_SIZE];
        uint64_t key64;
        int had, was;
        memcpy(r, rec, sizeof r);
        r[0] = (unsigned char)k;
        had = kata_shard_find(s, r, f);
        was = finds(s, r, (uint32_t)k);
        rc = kata_shard_put(s, r, (uint32_t)k);
        CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && b->failed) || rc == KATA_ELIMIT, "put failed");
        if (rc == KATA_OK && kata_record_key(r, kata_shard_part(s), &key64) &&
            (was || had < KATA_SHARD_FOUND_MAX))
          CHECK(finds(s, r, (uint32_t)k), "a put on a loaded shard not found");
      }
    }
    if (!b->failed) {
      t = roundtrip(&A, b, s);
      kata_shard_free(t);
    }
  }
  kata_shard_free(s);
  free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  budget_t b = {0, 0, 0, 0};
  uint8_t mode;
  if (size < 2) return 0;
  mode = data[0];
  if (mode & 0x80) b.fail_at = 1 + data[1];
  if (mode & 1)
    from_ops(data + 2, size - 2, mode, &b);
  else
    from_file(data + 2, size - 2, mode, &b);
  CHECK(b.live == 0, "memory outstanding");
  return 0;
}
