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

/* What a text command works with: an entity tagger (7 ms to build, so not
** made per call; its working memory is reused call after call) and the
** built-in stop-word sets and stemmers (kata_langs_t, which keeps what it
** makes). Neither may be used by two threads at once: the main thread has
** one state, each background thread its own (thread.c). */
typedef struct rk_state {
  kata_tagger_t *tagger;
  kata_langs_t *langs;
} rk_state_t;

/* The module's context, made in RedisModule_OnLoad from its arguments:
** the main thread's state and the background threads' settings. */
typedef struct rk_module {
  rk_state_t main;
  size_t thread_min; /* texts of this many bytes or more go to a thread */
  int threads;       /* background threads (0: every command inline) */
  int hold;          /* DEBUG_HOLD_JOBS: a job waits for KATA.DEBUG.RELEASE */
} rk_module_t;

extern rk_module_t rk_M;

/* THREAD_MIN_BYTES and THREADS by default. */
#define RK_THREAD_MIN ((size_t)256 << 10)
#define RK_THREADS 2

/* Texts longer than this give their tagger's working memory back. */
#define TRIM_AFTER ((size_t)1 << 20)

/* {======================================================================
** Replies: each item is a map (RESP3) of the Lua API's fields, which RESP2
** clients and scripts see as a flat [field, value, ...] array. Numbers
** that are not integers are bulk strings, the shortest that read back as
** the same double.
**
** A reply goes through an rk_out_t: straight to the client (ctx set), or,
** in a background thread, recorded (the tape) and replayed on the main
** thread when the client is unblocked: the same calls either way, so the
** same reply.
** ======================================================================= */

typedef struct rk_out {
  RedisModuleCtx *ctx; /* NULL: recorded in tape */
  kata_buf_t tape;
  size_t postponed; /* the tape offset of a postponed array's length */
  int rc;           /* KATA_ENOMEM once the tape could not grow */
} rk_out_t;

/* The RDB's string chunks as a stream, for kata's save and load calls
** (index_type.c; the kataindex and katashard types share them): a writer
** gathers RK_RDB_CHUNK bytes a chunk and ends with an empty chunk; a
** reader reads chunks until the empty one, ioerr when a read failed. */
#ifndef RK_RDB_CHUNK
#define RK_RDB_CHUNK 65536
#endif
typedef struct rk_rdb_writer {
  RedisModuleIO *io;
  size_t len;
  char buf[RK_RDB_CHUNK];
} rk_rdb_writer_t;
int rk_rdb_write(void *ud, const void *p, size_t n);
typedef struct rk_rdb_reader {
  RedisModuleIO *io;
  char *chunk;
  size_t len, pos;
  int done;  /* the empty chunk was read, or a read failed */
  int ioerr; /* a read failed: not a string chunk, or past the end */
} rk_rdb_reader_t;
size_t rk_rdb_read(void *ud, void *p, size_t n);

void rk_out_direct(rk_out_t *o, RedisModuleCtx *ctx);
void rk_out_tape(rk_out_t *o);
void rk_out_replay(rk_out_t *o, RedisModuleCtx *ctx);
void rk_out_free(rk_out_t *o);

void rk_array(rk_out_t *o, long n); /* n may be REDISMODULE_POSTPONED_LEN */
void rk_set_array_length(rk_out_t *o, long n);
void rk_map(rk_out_t *o, long n);
void rk_str(rk_out_t *o, const char *s, size_t len);
void rk_cstr(rk_out_t *o, const char *s);
void rk_ll(rk_out_t *o, long long v);
void rk_null(rk_out_t *o);
int rk_error(rk_out_t *o, const char *msg);

int rk_core_error(rk_out_t *o, int rc);
void rk_reply_double(rk_out_t *o, double d);
void rk_field_str(rk_out_t *o, const char *name, const char *s, size_t len);
void rk_field_int(rk_out_t *o, const char *name, long long v);
void rk_field_double(rk_out_t *o, const char *name, double d);
/* An entity's value (entities.c). */
void rk_reply_value(rk_out_t *o, const kata_value_t *v);

/* }====================================================================== */

/* {======================================================================
** Text commands in the background (thread.c)
** ======================================================================= */

/* The work and reply of a text command on s (len bytes) with its parsed
** arguments args, using state st. */
typedef void (*rk_run_f)(const rk_state_t *st, const char *s, size_t len, const void *args,
                         rk_out_t *o);
/* Frees what args holds (not args itself), or NULL. */
typedef void (*rk_free_f)(void *args);

/* Runs f now (a text under rk_M.thread_min bytes, no threads, or a caller
** that may not block: a script, MULTI) or in a background thread, the
** client blocked meanwhile, on copies of s and args (argsize bytes, which
** free frees after). Returns REDISMODULE_OK. */
int rk_run(RedisModuleCtx *ctx, const char *s, size_t len, rk_run_f f, void *args, size_t argsize,
           rk_free_f free);
/* Starts the threads (OnLoad); 0 on failure. */
int rk_threads_start(void);
/* KATA.DEBUG.RELEASE [n]: lets n held jobs start (DEBUG_HOLD_JOBS only). */
int rk_cmd_debug_release(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

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
