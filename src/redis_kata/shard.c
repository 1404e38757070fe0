/*
** shard.c: one index sharded over a Redis Cluster (docs/redis.md, "One
** index over a cluster"): the module type katashard, a kata_shard_t per
** key, and its commands:
**   KATA.SHARD.FIND key part record        the ids under record's key in part
**   KATA.SHARD.PUT key part record id      (write) puts id there
**   KATA.SHARD.ADD key home homes record id  (write) keeps the record: its id
**   KATA.SHARD.GET key id...               [record, id] (or null) per id
**   KATA.SHARD.SIZE key                    entries (part) or records (home)
**   KATA.SHARD.RESTORE key bytes           (write) the AOF rewrite's command
** Records are made by the client's core (kata_index_record) and judged by
** it (kata_record_pick): the server keeps and finds, the core decides.
** Writes are replicated verbatim (a shard is deterministic), so replicas
** and the AOF rebuild the same shard; RDB saves kata_shard_save's bytes.
*/
#include <stdio.h>
#include <string.h>

#include "redis_kata.h"

RedisModuleType *rk_shard_type;


/* {======================================================================
** The type
** ======================================================================= */

static void shard_rdb_save(RedisModuleIO *io, void *value) {
  rk_rdb_writer_t *w = (rk_rdb_writer_t *)RedisModule_Alloc(sizeof *w);
  w->io = io;
  w->len = 0;
  kata_shard_save((const kata_shard_t *)value, rk_rdb_write, w);
  if (w->len) RedisModule_SaveStringBuffer(io, w->buf, w->len);
  RedisModule_SaveStringBuffer(io, "", 0);
  RedisModule_Free(w);
}


static void *shard_rdb_load(RedisModuleIO *io, int encver) {
  rk_rdb_reader_t r;
  kata_shard_t *s = NULL;
  char err[160], extra;
  int rc;
  if (encver != 1) {
    RedisModule_LogIOError(io, "warning", "kata: unknown shard encoding version %d", encver);
    return NULL;
  }
  memset(&r, 0, sizeof r);
  r.io = io;
  err[0] = 0;
  rc = kata_shard_load(&RA, rk_rdb_read, &r, &s, err, sizeof err);
  if (rc == KATA_OK && rk_rdb_read(&r, &extra, 1) != 0) {
    snprintf(err, sizeof err, "trailing bytes after the shard");
    rc = KATA_EFORMAT;
  }
  if (r.ioerr || RedisModule_IsIOError(io)) {
    snprintf(err, sizeof err, "the value is not the string chunks kata saves, or is cut short");
    rc = KATA_EFORMAT;
  }
  if (r.chunk) RedisModule_Free(r.chunk);
  if (rc != KATA_OK) {
    if (s) kata_shard_free(s);
    RedisModule_LogIOError(io, "warning", "kata: cannot load a shard: %s",
                           err[0] ? err : kata_errmsg(rc));
    return NULL;
  }
  return s;
}

static void shard_free(void *value) { kata_shard_free((kata_shard_t *)value); }

static size_t shard_mem_usage(const void *value) {
  return kata_shard_memory((const kata_shard_t *)value);
}

static int buf_write(void *ud, const void *p, size_t n) {
  return kata_buf_append(&RA, (kata_buf_t *)ud, (const char *)p, n) == KATA_OK ? 0 : -1;
}

static void shard_aof_rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
  kata_buf_t b;
  kata_buf_init(&b);
  if (kata_shard_save((const kata_shard_t *)value, buf_write, &b) != KATA_OK)
    RedisModule_LogIOError(aof, "warning", "kata: out of memory saving a shard to the AOF");
  else
    RedisModule_EmitAOF(aof, "KATA.SHARD.RESTORE", "sb", key, b.data, b.len);
  kata_buf_free(&RA, &b);
}

static kata_shard_t *load_bytes(const char *p, size_t n, char *err, size_t errlen) {
  rk_mem_reader_t m;
  kata_shard_t *s = NULL;
  int rc;
  m.s = p;
  m.len = n;
  m.pos = 0;
  err[0] = 0;
  rc = kata_shard_load(&RA, rk_mem_read, &m, &s, err, errlen);
  if (rc == KATA_OK && m.pos != m.len) {
    kata_shard_free(s);
    snprintf(err, errlen, "trailing bytes after the shard");
    return NULL;
  }
  if (rc != KATA_OK && !err[0]) snprintf(err, errlen, "%s", kata_errmsg(rc));
  return rc == KATA_OK ? s : NULL;
}

static void *shard_copy(RedisModuleString *fromkey, RedisModuleString *tokey, const void *value) {
  kata_buf_t b;
  kata_shard_t *s = NULL;
  char err[160];
  (void)fromkey;
  (void)tokey;
  kata_buf_init(&b);
  if (kata_shard_save((const kata_shard_t *)value, buf_write, &b) == KATA_OK)
    s = load_bytes(b.data, b.len, err, sizeof err);
  kata_buf_free(&RA, &b);
  return s;
}

int rk_shard_register(RedisModuleCtx *ctx) {
  RedisModuleTypeMethods tm;
  memset(&tm, 0, sizeof tm);
  tm.version = REDISMODULE_TYPE_METHOD_VERSION;
  tm.rdb_load = shard_rdb_load;
  tm.rdb_save = shard_rdb_save;
  tm.aof_rewrite = shard_aof_rewrite;
  tm.mem_usage = shard_mem_usage;
  tm.free = shard_free;
  tm.copy = shard_copy;
  rk_shard_type = RedisModule_CreateDataType(ctx, "katashard", 1, &tm);
  return rk_shard_type ? REDISMODULE_OK : REDISMODULE_ERR;
}

/* }====================================================================== */

/* {======================================================================
** The commands
** ======================================================================= */

/* Opens key; *s gets its shard or NULL when empty; 0 and a WRONGTYPE
** reply when it holds something else. */
static int open_shard(RedisModuleCtx *ctx, RedisModuleString *name, int mode,
                      RedisModuleKey **key, kata_shard_t **s) {
  int type;
  *key = (RedisModuleKey *)RedisModule_OpenKey(ctx, name, mode);
  type = RedisModule_KeyType(*key);
  *s = NULL;
  if (type == REDISMODULE_KEYTYPE_EMPTY) return 1;
  if (type != REDISMODULE_KEYTYPE_MODULE || RedisModule_ModuleTypeGetType(*key) != rk_shard_type) {
    RedisModule_CloseKey(*key);
    RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    return 0;
  }
  *s = (kata_shard_t *)RedisModule_ModuleTypeGetValue(*key);
  return 1;
}

static int get_int(RedisModuleCtx *ctx, RedisModuleString *a, const char *what, long long lo,
                   long long hi, long long *v) {
  char msg[96];
  if (RedisModule_StringToLongLong(a, v) == REDISMODULE_OK && *v >= lo && *v <= hi) return 1;
  snprintf(msg, sizeof msg, "ERR %s must be an integer from %lld to %lld", what, lo, hi);
  RedisModule_ReplyWithError(ctx, msg);
  return 0;
}

static const unsigned char *get_record(RedisModuleCtx *ctx, RedisModuleString *a) {
  size_t len;
  const char *r = RedisModule_StringPtrLen(a, &len);
  if (len == KATA_RECORD_SIZE) return (const unsigned char *)r;
  RedisModule_ReplyWithError(ctx, "ERR a record is 28 bytes");
  return NULL;
}

static int wrong_shard(RedisModuleCtx *ctx, RedisModuleKey *key) {
  RedisModule_CloseKey(key);
  return RedisModule_ReplyWithError(ctx, "ERR the key holds another part of the index");
}

/* KATA.SHARD.FIND key part record */
/* A core error as the reply of a command on the main thread. */
static int shard_error(RedisModuleCtx *ctx, int rc) {
  rk_out_t o;
  rk_out_direct(&o, ctx);
  return rk_core_error(&o, rc);
}

int rk_cmd_shard_find(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_shard_t *s;
  const unsigned char *rec;
  uint32_t found[KATA_SHARD_FOUND_MAX];
  long long part;
  int n, i;
  if (argc != 4) return RedisModule_WrongArity(ctx);
  if (!get_int(ctx, argv[2], "part", 0, KATA_RECORD_PARTS - 1, &part)) return REDISMODULE_OK;
  if (!(rec = get_record(ctx, argv[3]))) return REDISMODULE_OK;
  if (!open_shard(ctx, argv[1], REDISMODULE_READ, &key, &s)) return REDISMODULE_OK;
  if (s && kata_shard_part(s) != part) return wrong_shard(ctx, key);
  n = s ? kata_shard_find(s, rec, found) : 0;
  RedisModule_ReplyWithArray(ctx, n);
  for (i = 0; i < n; i++) RedisModule_ReplyWithLongLong(ctx, found[i]);
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

/* KATA.SHARD.PUT key part record id */
int rk_cmd_shard_put(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_shard_t *s;
  const unsigned char *rec;
  long long part, id;
  int rc, created = 0;
  if (argc != 5) return RedisModule_WrongArity(ctx);
  if (!get_int(ctx, argv[2], "part", 0, KATA_RECORD_PARTS - 1, &part) ||
      !(rec = get_record(ctx, argv[3])) ||
      !get_int(ctx, argv[4], "id", 0, KATA_SHARD_ID_MAX, &id))
    return REDISMODULE_OK;
  if (!open_shard(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &s)) return REDISMODULE_OK;
  if (s && kata_shard_part(s) != part) return wrong_shard(ctx, key);
  if (!s) {
    if ((rc = kata_shard_new(&RA, (int)part, 0, 1, &s)) != KATA_OK) {
      RedisModule_CloseKey(key);
      return shard_error(ctx, rc);
    }
    RedisModule_ModuleTypeSetValue(key, rk_shard_type, s);
    created = 1;
  }
  rc = kata_shard_put(s, rec, (uint32_t)id);
  if (rc != KATA_OK) {
    if (created) RedisModule_DeleteKey(key);
    RedisModule_CloseKey(key);
    return shard_error(ctx, rc);
  }
  RedisModule_CloseKey(key);
  RedisModule_ReplicateVerbatim(ctx);
  return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* KATA.SHARD.ADD key home homes record id */
int rk_cmd_shard_add(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_shard_t *s;
  const unsigned char *rec;
  long long home, homes;
  kata_buf_t k;
  const char *id;
  size_t idlen;
  uint32_t gid;
  int rc, created = 0;
  if (argc != 6) return RedisModule_WrongArity(ctx);
  if (!get_int(ctx, argv[3], "homes", 1, 4096, &homes) ||
      !get_int(ctx, argv[2], "home", 0, homes - 1, &home) || !(rec = get_record(ctx, argv[4])))
    return REDISMODULE_OK;
  if (!open_shard(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &s)) return REDISMODULE_OK;
  if (s) {
    uint32_t h, hs;
    if (kata_shard_part(s) != KATA_SHARD_HOME || (kata_shard_home(s, &h, &hs), h != home || hs != homes))
      return wrong_shard(ctx, key);
  }
  if (!s) {
    if ((rc = kata_shard_new(&RA, KATA_SHARD_HOME, (uint32_t)home, (uint32_t)homes, &s)) != KATA_OK) {
      RedisModule_CloseKey(key);
      return shard_error(ctx, rc);
    }
    RedisModule_ModuleTypeSetValue(key, rk_shard_type, s);
    created = 1;
  }
  id = RedisModule_StringPtrLen(argv[5], &idlen);
  kata_buf_init(&k);
  rc = kata_key_string(&RA, id, idlen, &k);
  if (rc == KATA_OK) rc = kata_shard_add(s, rec, k.data, k.len, &gid);
  kata_buf_free(&RA, &k);
  if (rc != KATA_OK) {
    if (created) RedisModule_DeleteKey(key);
    RedisModule_CloseKey(key);
    if (rc == KATA_ELIMIT) return RedisModule_ReplyWithError(ctx, "ERR index is full");
    return shard_error(ctx, rc);
  }
  RedisModule_CloseKey(key);
  RedisModule_ReplicateVerbatim(ctx);
  return RedisModule_ReplyWithLongLong(ctx, gid);
}

/* KATA.SHARD.GET key id... */
int rk_cmd_shard_get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_shard_t *s;
  int i;
  if (argc < 3) return RedisModule_WrongArity(ctx);
  if (!open_shard(ctx, argv[1], REDISMODULE_READ, &key, &s)) return REDISMODULE_OK;
  RedisModule_ReplyWithArray(ctx, argc - 2);
  for (i = 2; i < argc; i++) {
    long long id;
    const unsigned char *rec = NULL;
    const char *k = NULL, *text;
    size_t klen = 0, tlen;
    long long v;
    if (s && RedisModule_StringToLongLong(argv[i], &id) == REDISMODULE_OK && id >= 0 &&
        id <= KATA_SHARD_ID_MAX)
      rec = kata_shard_get(s, (uint32_t)id, &k, &klen);
    if (!rec) {
      RedisModule_ReplyWithNull(ctx);
      continue;
    }
    RedisModule_ReplyWithArray(ctx, 2);
    RedisModule_ReplyWithStringBuffer(ctx, (const char *)rec, KATA_RECORD_SIZE);
    kata_key_decode(k, klen, &text, &tlen, &v);
    RedisModule_ReplyWithStringBuffer(ctx, text, tlen);
  }
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

/* KATA.SHARD.SIZE key */
int rk_cmd_shard_size(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_shard_t *s;
  if (argc != 2) return RedisModule_WrongArity(ctx);
  if (!open_shard(ctx, argv[1], REDISMODULE_READ, &key, &s)) return REDISMODULE_OK;
  RedisModule_ReplyWithLongLong(ctx, s ? (long long)kata_shard_size(s) : 0);
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

/* KATA.SHARD.RESTORE key bytes */
int rk_cmd_shard_restore(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_shard_t *s, *old;
  char err[160], msg[200];
  size_t len;
  const char *p;
  if (argc != 3) return RedisModule_WrongArity(ctx);
  p = RedisModule_StringPtrLen(argv[2], &len);
  if (!open_shard(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &old)) return REDISMODULE_OK;
  if (!(s = load_bytes(p, len, err, sizeof err))) {
    RedisModule_CloseKey(key);
    snprintf(msg, sizeof msg, "ERR not a saved kata shard: %s", err);
    return RedisModule_ReplyWithError(ctx, msg);
  }
  RedisModule_ModuleTypeSetValue(key, rk_shard_type, s);
  RedisModule_CloseKey(key);
  RedisModule_ReplicateVerbatim(ctx);
  return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* }====================================================================== */
