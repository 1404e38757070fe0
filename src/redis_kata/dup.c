/*
** dup.c: the module's duplicate commands, over kata_text_duplicates,
** kata_dedupe and the index type (index_type.c):
**   KATA.DUPLICATES text [dup options], KATA.DEDUPE text [dup options]
**   KATA.DUP.CREATE key [THRESHOLD x] [MIN_WORDS n] [METHOD near|exact]
**     [SHINGLE n] [BOILERPLATE prefix]... [NOBOILERPLATE]
**   KATA.DUP.ADD key id text, KATA.DUP.CHECK key text, KATA.DUP.SIZE key,
**   KATA.DUP.RESTORE key saved-index
*/
#include <stdio.h>
#include <string.h>

#include "args.h"

/* {======================================================================
** Duplicates in one text
** ======================================================================= */

static void run_duplicates(const rk_state_t *st, const char *s, size_t len, const void *args,
                           rk_out_t *out) {
  const dup_opts_t *o = (const dup_opts_t *)args;
  size_t n, i;
  const kata_dup_t *d;
  kata_buf_t spans, dups;
  int rc;
  (void)st;
  kata_buf_init(&spans);
  kata_buf_init(&dups);
  rc = kata_text_duplicates(&RA, s, len, o->by, &o->core, &spans, &dups, &n);
  if (rc != KATA_OK) {
    rk_core_error(out, rc);
    n = 0;
  } else {
    rk_array(out, (long)n);
  }
  d = (const kata_dup_t *)(void *)dups.data;
  for (i = 0; i < n; i++) {
    if (d[i].dup_of == KATA_NO_DUP) {
      rk_null(out);
      continue;
    }
    rk_map(out, 3);
    rk_field_int(out, "dup_of", (long long)d[i].dup_of + 1);
    rk_field_double(out, "similarity", d[i].similarity);
    rk_cstr(out, "kind");
    rk_cstr(out, kata_dup_kind_name(d[i].kind));
  }
  kata_buf_free(&RA, &spans);
  kata_buf_free(&RA, &dups);
}

static void run_dedupe(const rk_state_t *st, const char *s, size_t len, const void *args,
                       rk_out_t *out) {
  const dup_opts_t *o = (const dup_opts_t *)args;
  size_t removed;
  kata_buf_t res;
  int rc;
  (void)st;
  kata_buf_init(&res);
  rc = kata_dedupe(&RA, s, len, o->by, &o->core, &res, &removed);
  if (rc != KATA_OK) {
    rk_core_error(out, rc);
  } else {
    rk_map(out, 2);
    rk_field_str(out, "text", res.data ? res.data : "", res.len);
    rk_field_int(out, "removed", (long long)removed);
  }
  kata_buf_free(&RA, &res);
}

/* KATA.DUPLICATES and KATA.DEDUPE: the same arguments. */
static int text_command(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, rk_run_f f) {
  size_t len;
  const char *s;
  dup_opts_t o;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  if (!rk_parse_dup_opts(&p, &o, 0)) return RedisModule_ReplyWithError(ctx, p.err);
  return rk_run(ctx, s, len, f, &o, sizeof o, rk_dup_opts_free);
}

int rk_cmd_duplicates(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  return text_command(ctx, argv, argc, run_duplicates);
}

int rk_cmd_dedupe(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  return text_command(ctx, argv, argc, run_dedupe);
}

/* }====================================================================== */

/* {======================================================================
** The index commands
** ======================================================================= */

/* Opens key; *x gets its index or NULL when empty. 0 and a WRONGTYPE reply
** when it holds something else. */
static int open_index(RedisModuleCtx *ctx, RedisModuleString *name, int mode,
                      RedisModuleKey **key, kata_index_t **x) {
  int type;
  *key = (RedisModuleKey *)RedisModule_OpenKey(ctx, name, mode);
  type = RedisModule_KeyType(*key);
  *x = NULL;
  if (type == REDISMODULE_KEYTYPE_EMPTY) return 1;
  if (type != REDISMODULE_KEYTYPE_MODULE || RedisModule_ModuleTypeGetType(*key) != rk_index_type) {
    RedisModule_CloseKey(*key);
    RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    return 0;
  }
  *x = (kata_index_t *)RedisModule_ModuleTypeGetValue(*key);
  return 1;
}

/* An error reply from the core's code. */
static int core_error(RedisModuleCtx *ctx, int rc) {
  rk_out_t o;
  rk_out_direct(&o, ctx);
  return rk_core_error(&o, rc);
}

/* A new index in the empty key, or 0 and an error reply. */
static int create_index(RedisModuleCtx *ctx, RedisModuleKey *key, const kata_dedup_opts_t *o,
                        kata_index_t **x) {
  int rc = kata_index_new(&RA, o, NULL, NULL, NULL, x);
  if (rc != KATA_OK) {
    core_error(ctx, rc);
    return 0;
  }
  RedisModule_ModuleTypeSetValue(key, rk_index_type, *x);
  return 1;
}

int rk_cmd_dup_create(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  dup_opts_t o;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  rk_optp_init(&p, ctx, argv, argc, 2);
  if (!rk_parse_dup_opts(&p, &o, 1)) return RedisModule_ReplyWithError(ctx, p.err);
  if (!open_index(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &x)) {
    rk_dup_opts_free(&o);
    return REDISMODULE_OK;
  }
  if (x) {
    RedisModule_CloseKey(key);
    rk_dup_opts_free(&o);
    return RedisModule_ReplyWithError(ctx, "ERR an index already exists at this key");
  }
  if (create_index(ctx, key, &o.core, &x)) { /* (the index copies the prefixes) */
    RedisModule_ReplyWithSimpleString(ctx, "OK");
    RedisModule_ReplicateVerbatim(ctx);
    RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_MODULE, "kata.dup.create", argv[1]);
  }
  RedisModule_CloseKey(key);
  rk_dup_opts_free(&o);
  return REDISMODULE_OK;
}

/* The match of a lookup: nil, or {id, similarity, kind}; the id is the
** text of the stored key (kata_key_decode). */
static void reply_hit(RedisModuleCtx *ctx, const kata_index_t *x, const kata_index_hit_t *hit) {
  size_t klen, tlen;
  const char *k, *text;
  long long v;
  rk_out_t o;
  if (hit->id == KATA_NO_DUP) {
    RedisModule_ReplyWithNull(ctx);
    return;
  }
  rk_out_direct(&o, ctx);
  k = kata_index_key(x, hit->id, &klen);
  kata_key_decode(k, klen, &text, &tlen, &v);
  RedisModule_ReplyWithMap(ctx, 3);
  rk_field_str(&o, "id", text, tlen);
  rk_field_double(&o, "similarity", hit->similarity);
  RedisModule_ReplyWithCString(ctx, "kind");
  RedisModule_ReplyWithCString(ctx, kata_dup_kind_name(hit->kind));
}


static int lookup_error(RedisModuleCtx *ctx, const kata_index_t *x, int rc) {
  char msg[96];
  if (rc != KATA_ELIMIT) return core_error(ctx, rc);
  snprintf(msg, sizeof msg, "ERR index is full (%lu paragraphs)", (unsigned long)kata_index_size(x));
  return RedisModule_ReplyWithError(ctx, msg);
}

int rk_cmd_dup_add(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  kata_index_hit_t hit;
  kata_buf_t k;
  size_t len, idlen;
  const char *s, *id;
  int rc, created = 0;
  if (argc != 4) return RedisModule_WrongArity(ctx);
  if (!open_index(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &x)) return REDISMODULE_OK;
  if (!x) {
    kata_dedup_opts_t o;
    kata_dedup_opts_init(&o);
    if (!create_index(ctx, key, &o, &x)) {
      RedisModule_CloseKey(key);
      return REDISMODULE_OK;
    }
    created = 1;
  }
  id = RedisModule_StringPtrLen(argv[2], &idlen);
  s = RedisModule_StringPtrLen(argv[3], &len);
  kata_buf_init(&k);
  rc = kata_key_string(&RA, id, idlen, &k);
  if (rc == KATA_OK) rc = kata_index_add(x, s, len, k.data, k.len, 1, &hit);
  kata_buf_free(&RA, &k);
  if (rc != KATA_OK) {
    lookup_error(ctx, x, rc);
    if (created) RedisModule_DeleteKey(key); /* as if the command never ran */
  } else {
    reply_hit(ctx, x, &hit);
    if (created || hit.id == KATA_NO_DUP) {
      RedisModule_ReplicateVerbatim(ctx);
      RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_MODULE, "kata.dup.add", argv[1]);
    }
  }
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

int rk_cmd_dup_check(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  kata_index_hit_t hit;
  size_t len;
  const char *s;
  int rc;
  if (argc != 3) return RedisModule_WrongArity(ctx);
  if (!open_index(ctx, argv[1], REDISMODULE_READ, &key, &x)) return REDISMODULE_OK;
  if (!x) {
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithNull(ctx);
  }
  s = RedisModule_StringPtrLen(argv[2], &len);
  rc = kata_index_add(x, s, len, NULL, 0, 0, &hit);
  if (rc != KATA_OK) lookup_error(ctx, x, rc);
  else reply_hit(ctx, x, &hit);
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

int rk_cmd_dup_size(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  if (argc != 2) return RedisModule_WrongArity(ctx);
  if (!open_index(ctx, argv[1], REDISMODULE_READ, &key, &x)) return REDISMODULE_OK;
  RedisModule_ReplyWithLongLong(ctx, x ? (long long)kata_index_size(x) : 0);
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

/* Replaces key with the index saved in the argument (the AOF rewrite's
** command; it takes any file kata_index_save wrote without a store). */
int rk_cmd_dup_restore(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x, *old;
  rk_mem_reader_t m;
  char err[160], msg[200];
  if (argc != 3) return RedisModule_WrongArity(ctx);
  m.s = RedisModule_StringPtrLen(argv[2], &m.len);
  m.pos = 0;
  if (!open_index(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &old)) return REDISMODULE_OK;
  x = rk_load_index(rk_mem_read, &m, err, sizeof err);
  if (x && m.pos != m.len) {
    snprintf(err, sizeof err, "trailing bytes after the index");
    kata_index_free(x);
    x = NULL;
  }
  if (!x) {
    RedisModule_CloseKey(key);
    snprintf(msg, sizeof msg, "ERR not a saved kata index: %s", err);
    return RedisModule_ReplyWithError(ctx, msg);
  }
  RedisModule_ModuleTypeSetValue(key, rk_index_type, x); /* frees the old one */
  RedisModule_CloseKey(key);
  RedisModule_ReplicateVerbatim(ctx);
  RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_MODULE, "kata.dup.restore", argv[1]);
  return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* }====================================================================== */
