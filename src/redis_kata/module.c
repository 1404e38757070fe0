/*
** module.c: the Redis module of kata (build/redis/kata.so): RedisModule_OnLoad,
** the command table and the replies every command shares; see docs/redis.md.
**
** A binding of the C core as src/lua_kata/ is for Lua: the commands only
** translate arguments and results, every choice about the text is the
** core's. Memory: every core allocation goes through Redis' allocator
** (RA, redis_kata.h). State: besides the module type handle, the context
** rk_M made when the module loads: its settings and the main thread's
** entity tagger and built-in stop-word sets and stemmers (kata_langs_t,
** which keeps what it makes); each background thread has its own, and the
** job queue is thread.c's. Nothing else outlives a command.
**
** Arguments (--loadmodule kata.so [name value]...): THREAD_MIN_BYTES n
** (texts of n bytes or more run in a background thread; 256 KiB by
** default), THREADS n (0 to 64 background threads, 2 by default; 0 runs
** every command on the main thread) and, for tests only, DEBUG_HOLD_JOBS
** yes (a background job waits until KATA.DEBUG.RELEASE lets it start).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redis_kata.h"

__attribute__((visibility("default"))) int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

rk_module_t rk_M;
RedisModuleType *rk_index_type;

/* {======================================================================
** Replies
** ======================================================================= */

int rk_core_error(rk_out_t *o, int rc) {
  char msg[96];
  snprintf(msg, sizeof msg, "ERR %s", kata_errmsg(rc));
  return rk_error(o, msg);
}

void rk_reply_double(rk_out_t *o, double d) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.15g", d);
  if (strtod(buf, NULL) != d) snprintf(buf, sizeof buf, "%.16g", d);
  if (strtod(buf, NULL) != d) snprintf(buf, sizeof buf, "%.17g", d);
  rk_cstr(o, buf);
}

void rk_field_str(rk_out_t *o, const char *name, const char *s, size_t len) {
  rk_cstr(o, name);
  rk_str(o, s, len);
}

void rk_field_int(rk_out_t *o, const char *name, long long v) {
  rk_cstr(o, name);
  rk_ll(o, v);
}

void rk_field_double(rk_out_t *o, const char *name, double d) {
  rk_cstr(o, name);
  rk_reply_double(o, d);
}

/* }====================================================================== */

/* {======================================================================
** Loading
** ======================================================================= */

typedef struct command {
  const char *name;
  RedisModuleCmdFunc f;
  const char *flags;
  int key; /* the key's position, or 0 */
} command_t;

static const command_t commands[] = {
  {"kata.tokenize", rk_cmd_tokenize, "readonly allow-stale", 0},
  {"kata.paragraphs", rk_cmd_paragraphs, "readonly allow-stale", 0},
  {"kata.language", rk_cmd_language, "readonly allow-stale", 0},
  {"kata.keywords", rk_cmd_keywords, "readonly allow-stale", 0},
  {"kata.entities", rk_cmd_entities, "readonly allow-stale", 0},
  {"kata.analyze", rk_cmd_analyze, "readonly allow-stale", 0},
  {"kata.dedupe", rk_cmd_dedupe, "readonly allow-stale", 0},
  {"kata.duplicates", rk_cmd_duplicates, "readonly allow-stale", 0},
  {"kata.dup.create", rk_cmd_dup_create, "write deny-oom", 1},
  {"kata.dup.add", rk_cmd_dup_add, "write deny-oom", 1},
  {"kata.dup.check", rk_cmd_dup_check, "readonly", 1},
  {"kata.dup.size", rk_cmd_dup_size, "readonly fast", 1},
  {"kata.dup.restore", rk_cmd_dup_restore, "write deny-oom", 1},
  {"kata.shard.find", rk_cmd_shard_find, "readonly fast", 1},
  {"kata.shard.put", rk_cmd_shard_put, "write deny-oom fast", 1},
  {"kata.shard.add", rk_cmd_shard_add, "write deny-oom fast", 1},
  {"kata.shard.get", rk_cmd_shard_get, "readonly fast", 1},
  {"kata.shard.size", rk_cmd_shard_size, "readonly fast", 1},
  {"kata.shard.restore", rk_cmd_shard_restore, "write deny-oom", 1},
  {NULL, NULL, NULL, 0}
};

/* The module's arguments into rk_M; 0 (and a log line) when wrong. */
static int parse_args(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  int i;
  rk_M.thread_min = RK_THREAD_MIN;
  rk_M.threads = RK_THREADS;
  rk_M.hold = 0;
  for (i = 0; i < argc; i += 2) {
    size_t nl;
    const char *name = RedisModule_StringPtrLen(argv[i], &nl);
    long long v;
    if (i + 1 >= argc) {
      RedisModule_Log(ctx, "warning", "kata: the argument %s needs a value", name);
      return 0;
    }
    if (!strcasecmp(name, "DEBUG_HOLD_JOBS")) {
      size_t vl;
      const char *val = RedisModule_StringPtrLen(argv[i + 1], &vl);
      rk_M.hold = !strcasecmp(val, "yes");
      continue;
    }
    if (RedisModule_StringToLongLong(argv[i + 1], &v) != REDISMODULE_OK) v = -1;
    if (!strcasecmp(name, "THREAD_MIN_BYTES") && v >= 0) {
      rk_M.thread_min = (size_t)v;
    } else if (!strcasecmp(name, "THREADS") && v >= 0 && v <= 64) {
      rk_M.threads = (int)v;
    } else {
      RedisModule_Log(ctx, "warning",
                      "kata: unknown argument or bad value: %s (the module takes THREAD_MIN_BYTES n, "
                      "THREADS 0-64)", name);
      return 0;
    }
  }
  return 1;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleTypeMethods tm;
  const command_t *c;
  if (RedisModule_Init(ctx, "kata", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
    return REDISMODULE_ERR;
  /* A bad RDB value (RESTORE's payload) is an error, not a crash. */
  RedisModule_SetModuleOptions(ctx, REDISMODULE_OPTIONS_HANDLE_IO_ERRORS);
  if (!parse_args(ctx, argv, argc)) return REDISMODULE_ERR;
  memset(&tm, 0, sizeof tm);
  tm.version = REDISMODULE_TYPE_METHOD_VERSION;
  tm.rdb_load = rk_index_rdb_load;
  tm.rdb_save = rk_index_rdb_save;
  tm.aof_rewrite = rk_index_aof_rewrite;
  tm.mem_usage = rk_index_mem_usage;
  tm.free = rk_index_free;
  tm.copy = rk_index_copy;
  rk_index_type = RedisModule_CreateDataType(ctx, "kataindex", INDEX_ENCVER, &tm);
  if (!rk_index_type || rk_shard_register(ctx) != REDISMODULE_OK) return REDISMODULE_ERR;
  for (c = commands; c->name; c++) {
    RedisModuleCommandInfo *info = rk_command_info(c->name);
    if (RedisModule_CreateCommand(ctx, c->name, c->f, c->flags, c->key, c->key, c->key ? 1 : 0) ==
        REDISMODULE_ERR)
      return REDISMODULE_ERR;
    /* COMMAND DOCS (docs.c): a Redis without the call (before 7.0) goes
    ** without them */
    if (info && RedisModule_SetCommandInfo &&
        RedisModule_SetCommandInfo(RedisModule_GetCommand(ctx, c->name), info) == REDISMODULE_ERR) {
      RedisModule_Log(ctx, "warning", "kata: the command info of %s was refused", c->name);
      return REDISMODULE_ERR;
    }
  }
  if (rk_M.hold && RedisModule_CreateCommand(ctx, "kata.debug.release", rk_cmd_debug_release,
                                             "fast", 0, 0, 0) == REDISMODULE_ERR)
    return REDISMODULE_ERR;
  if (!rk_M.main.tagger &&
      (!(rk_M.main.tagger = kata_tagger_new(&RA)) || !(rk_M.main.langs = kata_langs_new(&RA)))) {
    RedisModule_Log(ctx, "warning", "kata: out of memory");
    return REDISMODULE_ERR;
  }
  if (!rk_threads_start()) {
    RedisModule_Log(ctx, "warning", "kata: could not start the background threads");
    return REDISMODULE_ERR;
  }
  return REDISMODULE_OK;
}

/* }====================================================================== */
