/*
** module.c: the Redis module of kata (build/redis/kata.so): RedisModule_OnLoad,
** the command table and the replies every command shares; see docs/redis.md.
**
** A binding of the C core as src/lua_kata/ is for Lua: the commands only
** translate arguments and results, every choice about the text is the
** core's. Memory: every core allocation goes through Redis' allocator
** (RA, redis_kata.h). State: besides the module type handle, the context
** rk_M made when the module loads: the entity tagger and the built-in
** stop-word sets and stemmers (kata_langs_t, which keeps what it makes).
** Nothing else outlives a command.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redis_kata.h"

__attribute__((visibility("default"))) int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

rk_module_t rk_M;
RedisModuleType *rk_index_type;

/* {======================================================================
** Replies
** ======================================================================= */

int rk_core_error(RedisModuleCtx *ctx, int rc) {
  char msg[96];
  snprintf(msg, sizeof msg, "ERR %s", kata_errmsg(rc));
  return RedisModule_ReplyWithError(ctx, msg);
}

void rk_reply_double(RedisModuleCtx *ctx, double d) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.15g", d);
  if (strtod(buf, NULL) != d) snprintf(buf, sizeof buf, "%.16g", d);
  if (strtod(buf, NULL) != d) snprintf(buf, sizeof buf, "%.17g", d);
  RedisModule_ReplyWithCString(ctx, buf);
}

void rk_field_str(RedisModuleCtx *ctx, const char *name, const char *s, size_t len) {
  RedisModule_ReplyWithCString(ctx, name);
  RedisModule_ReplyWithStringBuffer(ctx, s, len);
}

void rk_field_int(RedisModuleCtx *ctx, const char *name, long long v) {
  RedisModule_ReplyWithCString(ctx, name);
  RedisModule_ReplyWithLongLong(ctx, v);
}

void rk_field_double(RedisModuleCtx *ctx, const char *name, double d) {
  RedisModule_ReplyWithCString(ctx, name);
  rk_reply_double(ctx, d);
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

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleTypeMethods tm;
  const command_t *c;
  (void)argv;
  if (RedisModule_Init(ctx, "kata", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
    return REDISMODULE_ERR;
  /* A bad RDB value (RESTORE's payload) is an error, not a crash. */
  RedisModule_SetModuleOptions(ctx, REDISMODULE_OPTIONS_HANDLE_IO_ERRORS);
  if (argc != 0) {
    RedisModule_Log(ctx, "warning", "kata: the module takes no arguments");
    return REDISMODULE_ERR;
  }
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
  if (!rk_M.tagger && (!(rk_M.tagger = kata_tagger_new(&RA)) || !(rk_M.langs = kata_langs_new(&RA)))) {
    RedisModule_Log(ctx, "warning", "kata: out of memory");
    return REDISMODULE_ERR;
  }
  return REDISMODULE_OK;
}

/* }====================================================================== */
