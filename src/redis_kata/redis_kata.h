/*
** redis_kata.h: what the files of the Redis module share: the allocator,
** the module's context, replies, the commands and the index type.
*/
#ifndef KATA_REDIS_H
#define KATA_REDIS_H

#include "redismodule.h"

#include "kata.h"

/* Private to the module: only RedisModule_OnLoad is exported. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

/* Every core allocation goes through RedisModule_TryAlloc, Realloc and
** Free, so it shows in Redis' used_memory. */
static inline void *rk_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr) RedisModule_Free(ptr);
    return NULL;
  }
  if (!ptr) return RedisModule_TryAlloc(nsize);
  return RedisModule_Realloc(ptr, nsize); /* Redis' own policy on OOM */
}

static const kata_allocator_t RA = {rk_alloc, NULL};

/* Made in RedisModule_OnLoad: the entity tagger (7 ms to build, so not
** made per call; its working memory is reused by the one thread that runs
** commands) and the built-in stop-word sets and stemmers, kept once made. */
typedef struct rk_module {
  kata_tagger_t *tagger;
  kata_langs_t *langs;
} rk_module_t;

extern rk_module_t rk_M;

/* Texts longer than this give their tagger's working memory back. */
#define TRIM_AFTER ((size_t)1 << 20)

/* {======================================================================
** Replies: each item is a map (RESP3) of the Lua API's fields, which RESP2
** clients and scripts see as a flat [field, value, ...] array. Numbers
** that are not integers are bulk strings, the shortest that read back as
** the same double.
** ======================================================================= */

int rk_core_error(RedisModuleCtx *ctx, int rc);
void rk_reply_double(RedisModuleCtx *ctx, double d);
void rk_field_str(RedisModuleCtx *ctx, const char *name, const char *s, size_t len);
void rk_field_int(RedisModuleCtx *ctx, const char *name, long long v);
void rk_field_double(RedisModuleCtx *ctx, const char *name, double d);
/* An entity's value (entities.c). */
void rk_reply_value(RedisModuleCtx *ctx, const kata_value_t *v);

/* }====================================================================== */

/* The commands, by area (text.c, keywords.c, entities.c, dup.c,
** analyze.c); their COMMAND DOCS in docs.c. */
int rk_cmd_tokenize(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_paragraphs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_language(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_analyze(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_keywords(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_entities(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_dedupe(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_duplicates(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_dup_create(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_dup_add(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_dup_check(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_dup_size(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_dup_restore(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_shard_find(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_shard_put(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_shard_add(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_shard_get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_shard_size(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
int rk_cmd_shard_restore(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
/* The shard type (shard.c), registered by RedisModule_OnLoad. */
int rk_shard_register(RedisModuleCtx *ctx);

/* The COMMAND DOCS of command name (lower case), or NULL (docs.c). */
RedisModuleCommandInfo *rk_command_info(const char *name);

/* {======================================================================
** The index type (index_type.c): a kata_index_t (no store) per key
** ======================================================================= */

/* 2 since the index format's version 2; an RDB of version 1 (never with a
** store) still loads: its bytes are version 1 of the format, which loads. */
#define INDEX_ENCVER 2

extern RedisModuleType *rk_index_type;

void rk_index_rdb_save(RedisModuleIO *io, void *value);
void *rk_index_rdb_load(RedisModuleIO *io, int encver);
void rk_index_free(void *value);
size_t rk_index_mem_usage(const void *value);
void rk_index_aof_rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value);
void *rk_index_copy(RedisModuleString *fromkey, RedisModuleString *tokey, const void *value);

/* Loads an index (no store) from f; *err gets a message on failure. */
kata_index_t *rk_load_index(kata_read_f f, void *ud, char *err, size_t errlen);

/* A saved index in memory, read by rk_mem_read. */
typedef struct rk_mem_reader {
  const char *s;
  size_t len, pos;
} rk_mem_reader_t;

size_t rk_mem_read(void *ud, void *p, size_t n);

/* }====================================================================== */

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
