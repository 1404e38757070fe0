/*
** index_type.c: the index data type: a kata_index_t (estimate mode, no
** store) per key. RDB: the kata_index_save bytes in string chunks of up to
** 64 KiB, then an empty chunk.
**
** Loading trusts nothing (RESTORE hands it any payload with a valid CRC):
** the module handles I/O errors (REDISMODULE_OPTIONS_HANDLE_IO_ERRORS), so
** a read of the wrong kind or past the end sets an error flag instead of
** stopping the server; a load that saw one, or whose bytes kata_index_load
** refuses, frees what it made and returns NULL, and RESTORE replies with an
** error. tests/fuzz/fuzz_redis_load.c compiles this file in.
*/
#include <stdio.h>
#include <string.h>

#include "redis_kata.h"

int rk_rdb_write(void *ud, const void *p, size_t n) {
  rk_rdb_writer_t *w = (rk_rdb_writer_t *)ud;
  while (n > 0) {
    size_t k = RK_RDB_CHUNK - w->len < n ? RK_RDB_CHUNK - w->len : n;
    memcpy(w->buf + w->len, p, k);
    w->len += k;
    p = (const char *)p + k;
    n -= k;
    if (w->len == RK_RDB_CHUNK) {
      RedisModule_SaveStringBuffer(w->io, w->buf, w->len);
      w->len = 0;
    }
  }
  return 0;
}

void rk_index_rdb_save(RedisModuleIO *io, void *value) {
  rk_rdb_writer_t *w = (rk_rdb_writer_t *)RedisModule_Alloc(sizeof *w);
  w->io = io;
  w->len = 0;
  kata_index_save((const kata_index_t *)value, rk_rdb_write, w); /* cannot fail */
  if (w->len) RedisModule_SaveStringBuffer(io, w->buf, w->len);
  RedisModule_SaveStringBuffer(io, "", 0);
  RedisModule_Free(w);
}

size_t rk_rdb_read(void *ud, void *p, size_t n) {
  rk_rdb_reader_t *r = (rk_rdb_reader_t *)ud;
  size_t got = 0;
  while (got < n) {
    size_t k;
    if (r->pos == r->len) {
      if (r->done) break;
      if (r->chunk) RedisModule_Free(r->chunk);
      r->chunk = RedisModule_LoadStringBuffer(r->io, &r->len);
      r->pos = 0;
      if (!r->chunk || RedisModule_IsIOError(r->io)) {
        if (r->chunk) RedisModule_Free(r->chunk);
        r->chunk = NULL;
        r->len = 0;
        r->ioerr = 1;
      }
      if (r->len == 0) r->done = 1;
      continue;
    }
    k = r->len - r->pos < n - got ? r->len - r->pos : n - got;
    memcpy((char *)p + got, r->chunk + r->pos, k);
    r->pos += k;
    got += k;
  }
  return got;
}

/* (*err gets a message on failure.) */
kata_index_t *rk_load_index(kata_read_f f, void *ud, char *err, size_t errlen) {
  kata_index_t *x = NULL;
  uint64_t used;
  int rc = kata_index_load(&RA, f, ud, &x, err, errlen);
  if (rc != KATA_OK) {
    if (rc != KATA_EFORMAT) snprintf(err, errlen, "%s", kata_errmsg(rc));
    return NULL;
  }
  if (kata_index_has_store(x, &used)) {
    snprintf(err, errlen, "an index with a confirmation store cannot live in Redis");
    kata_index_free(x);
    return NULL;
  }
  return x;
}

void *rk_index_rdb_load(RedisModuleIO *io, int encver) {
  rk_rdb_reader_t r;
  kata_index_t *x;
  char err[160], extra;
  if (encver != INDEX_ENCVER && encver != 1) {
    RedisModule_LogIOError(io, "warning", "kata: unknown index encoding version %d", encver);
    return NULL;
  }
  r.io = io;
  r.chunk = NULL;
  r.len = r.pos = 0;
  r.done = 0;
  r.ioerr = 0;
  x = rk_load_index(rk_rdb_read, &r, err, sizeof err);
  if (x && rk_rdb_read(&r, &extra, 1) != 0) { /* bytes after the checksum */
    snprintf(err, sizeof err, "trailing bytes after the index");
    kata_index_free(x);
    x = NULL;
  }
  if (r.ioerr || RedisModule_IsIOError(io)) { /* whatever was made of it */
    snprintf(err, sizeof err, "the value is not the string chunks kata saves, or is cut short");
    if (x) kata_index_free(x);
    x = NULL;
  }
  if (r.chunk) RedisModule_Free(r.chunk);
  if (!x) RedisModule_LogIOError(io, "warning", "kata: cannot load an index: %s", err);
  return x;
}

void rk_index_free(void *value) { kata_index_free((kata_index_t *)value); }

size_t rk_index_mem_usage(const void *value) {
  size_t ib, kb;
  kata_index_memory((const kata_index_t *)value, &ib, &kb);
  return ib + kb;
}

/* A whole saved index in memory (AOF rewrite, COPY). */
static int buf_write(void *ud, const void *p, size_t n) {
  return kata_buf_append(&RA, (kata_buf_t *)ud, (const char *)p, n) == KATA_OK ? 0 : -1;
}

size_t rk_mem_read(void *ud, void *p, size_t n) {
  rk_mem_reader_t *m = (rk_mem_reader_t *)ud;
  size_t k = m->len - m->pos < n ? m->len - m->pos : n;
  memcpy(p, m->s + m->pos, k);
  m->pos += k;
  return k;
}

/* The AOF gets one KATA.DUP.RESTORE with the saved index. */
void rk_index_aof_rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
  kata_buf_t b;
  kata_buf_init(&b);
  if (kata_index_save((const kata_index_t *)value, buf_write, &b) != KATA_OK) {
    RedisModule_LogIOError(aof, "warning", "kata: out of memory saving an index to the AOF");
  } else {
    RedisModule_EmitAOF(aof, "KATA.DUP.RESTORE", "sb", key, b.data, b.len);
  }
  kata_buf_free(&RA, &b);
}

void *rk_index_copy(RedisModuleString *fromkey, RedisModuleString *tokey, const void *value) {
  kata_buf_t b;
  kata_index_t *x = NULL;
  char err[160];
  (void)fromkey;
  (void)tokey;
  kata_buf_init(&b);
  if (kata_index_save((const kata_index_t *)value, buf_write, &b) == KATA_OK) {
    rk_mem_reader_t m;
    m.s = b.data;
    m.len = b.len;
    m.pos = 0;
    x = rk_load_index(rk_mem_read, &m, err, sizeof err);
  }
  kata_buf_free(&RA, &b);
  return x;
}
