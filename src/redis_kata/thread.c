/*
** thread.c: replies through rk_out_t (straight to the client, or recorded
** and replayed) and the background threads that run the text commands on
** large texts, so that the server keeps answering other clients meanwhile.
**
** A command on a text of rk_M.thread_min bytes or more (THREAD_MIN_BYTES,
** 256 KiB by default) parses its arguments on the main thread (errors are
** replied at once), copies the text and the parsed arguments into a job,
** blocks its client (RedisModule_BlockClient) and queues the job. One of
** rk_M.threads threads (THREADS, 2 by default) runs it with its own
** rk_state_t (its own tagger, stop-word sets and stemmers: nothing of the
** main thread's state is shared), recording the reply in the job's tape,
** then unblocks the client; Redis calls reply_cb on the main thread, which
** replays the tape. No Redis call is made from a thread but
** RedisModule_UnblockClient (made for that) and the allocator (thread-safe:
** RedisModule_Alloc is zmalloc). The queue is the only shared state, under
** one mutex.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "redis_kata.h"

/* {======================================================================
** Replies
** ======================================================================= */

enum { OP_ARRAY, OP_MAP, OP_STR, OP_LL, OP_NULL, OP_ERR };

void rk_out_direct(rk_out_t *o, RedisModuleCtx *ctx) {
  memset(o, 0, sizeof *o);
  o->ctx = ctx;
  kata_buf_init(&o->tape);
}

void rk_out_tape(rk_out_t *o) {
  rk_out_direct(o, NULL);
}

void rk_out_free(rk_out_t *o) {
  kata_buf_free(&RA, &o->tape);
}

static void put(rk_out_t *o, int op, const void *p, size_t n) {
  unsigned char c = (unsigned char)op;
  if (o->rc != KATA_OK) return;
  if ((o->rc = kata_buf_append(&RA, &o->tape, (const char *)&c, 1)) == KATA_OK && n)
    o->rc = kata_buf_append(&RA, &o->tape, (const char *)p, n);
}

static void put_num(rk_out_t *o, int op, long long v) {
  put(o, op, &v, sizeof v);
}

static void put_str(rk_out_t *o, int op, const char *s, size_t len) {
  put(o, op, &len, sizeof len);
  if (o->rc == KATA_OK && len) o->rc = kata_buf_append(&RA, &o->tape, s, len);
}

void rk_array(rk_out_t *o, long n) {
  if (o->ctx) {
    RedisModule_ReplyWithArray(o->ctx, n);
    return;
  }
  if (n == REDISMODULE_POSTPONED_LEN) o->postponed = o->tape.len + 1;
  put_num(o, OP_ARRAY, n);
}

void rk_set_array_length(rk_out_t *o, long n) {
  long long v = n;
  if (o->ctx) RedisModule_ReplySetArrayLength(o->ctx, n);
  else if (o->rc == KATA_OK) memcpy(o->tape.data + o->postponed, &v, sizeof v);
}

void rk_map(rk_out_t *o, long n) {
  if (o->ctx) RedisModule_ReplyWithMap(o->ctx, n);
  else put_num(o, OP_MAP, n);
}

void rk_str(rk_out_t *o, const char *s, size_t len) {
  if (o->ctx) RedisModule_ReplyWithStringBuffer(o->ctx, s, len);
  else put_str(o, OP_STR, s, len);
}

void rk_cstr(rk_out_t *o, const char *s) {
  if (o->ctx) RedisModule_ReplyWithCString(o->ctx, s);
  else put_str(o, OP_STR, s, strlen(s));
}

void rk_ll(rk_out_t *o, long long v) {
  if (o->ctx) RedisModule_ReplyWithLongLong(o->ctx, v);
  else put_num(o, OP_LL, v);
}

void rk_null(rk_out_t *o) {
  if (o->ctx) RedisModule_ReplyWithNull(o->ctx);
  else put(o, OP_NULL, NULL, 0);
}

int rk_error(rk_out_t *o, const char *msg) {
  if (o->ctx) return RedisModule_ReplyWithError(o->ctx, msg);
  put_str(o, OP_ERR, msg, strlen(msg));
  return REDISMODULE_OK;
}

void rk_out_replay(rk_out_t *o, RedisModuleCtx *ctx) {
  const char *p = o->tape.data, *end = p + o->tape.len;
  if (o->rc != KATA_OK) {
    RedisModule_ReplyWithError(ctx, "ERR out of memory");
    return;
  }
  while (p < end) {
    int op = (unsigned char)*p++;
    long long v;
    size_t len;
    switch (op) {
      case OP_ARRAY:
      case OP_MAP:
      case OP_LL:
        memcpy(&v, p, sizeof v);
        p += sizeof v;
        if (op == OP_ARRAY) RedisModule_ReplyWithArray(ctx, (long)v);
        else if (op == OP_MAP) RedisModule_ReplyWithMap(ctx, (long)v);
        else RedisModule_ReplyWithLongLong(ctx, v);
        break;
      case OP_NULL:
        RedisModule_ReplyWithNull(ctx);
        break;
      default: { /* OP_STR, OP_ERR */
        memcpy(&len, p, sizeof len);
        p += sizeof len;
        if (op == OP_STR) {
          RedisModule_ReplyWithStringBuffer(ctx, p, len);
        } else { /* (a NUL-terminated copy for the error reply) */
          char msg[256];
          size_t n = len < sizeof msg - 1 ? len : sizeof msg - 1;
          memcpy(msg, p, n);
          msg[n] = '\0';
          RedisModule_ReplyWithError(ctx, msg);
        }
        p += len;
      }
    }
  }
}

/* }====================================================================== */

/* {======================================================================
** Jobs and threads
** ======================================================================= */

typedef struct job {
  struct job *next;
  RedisModuleBlockedClient *bc;
  rk_run_f f;
  rk_free_f free;
  void *args; /* argsize bytes after the job, then the text */
  const char *s;
  size_t len, size;
  rk_out_t out;
} job_t;

/* The queue, shared by the main thread and the threads. */
static struct {
  pthread_mutex_t lock;
  pthread_cond_t ready; /* a job was queued or released */
  job_t *head, *tail;
  long permits; /* DEBUG_HOLD_JOBS: jobs KATA.DEBUG.RELEASE let start */
} Q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0};

static void job_free(job_t *j) {
  if (j->free) j->free(j->args);
  rk_out_free(&j->out);
  RA.f(RA.ud, j, j->size, 0);
}

/* Redis frees the job once the client is unblocked (replied or gone). */
static void free_privdata(RedisModuleCtx *ctx, void *privdata) {
  (void)ctx;
  job_free((job_t *)privdata);
}

/* On the main thread, when the thread is done: the recorded reply. */
static int reply_cb(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  job_t *j = (job_t *)RedisModule_GetBlockedClientPrivateData(ctx);
  (void)argv;
  (void)argc;
  rk_out_replay(&j->out, ctx);
  return REDISMODULE_OK;
}

static void *worker(void *arg) {
  rk_state_t st;
  (void)arg;
  st.tagger = kata_tagger_new(&RA);
  st.langs = kata_langs_new(&RA);
  for (;;) {
    job_t *j;
    pthread_mutex_lock(&Q.lock);
    while (!Q.head || (rk_M.hold && Q.permits == 0)) pthread_cond_wait(&Q.ready, &Q.lock);
    j = Q.head;
    Q.head = j->next;
    if (!Q.head) Q.tail = NULL;
    if (rk_M.hold) Q.permits--;
    pthread_mutex_unlock(&Q.lock);
    if (st.tagger && st.langs) j->f(&st, j->s, j->len, j->args, &j->out);
    else j->out.rc = KATA_ENOMEM;
    RedisModule_UnblockClient(j->bc, j);
  }
  return NULL;
}

int rk_threads_start(void) {
  int i;
  for (i = 0; i < rk_M.threads; i++) {
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0) return 0;
    pthread_detach(t);
  }
  return 1;
}

int rk_run(RedisModuleCtx *ctx, const char *s, size_t len, rk_run_f f, void *args, size_t argsize,
           rk_free_f free) {
  size_t size = sizeof(job_t) + argsize + len;
  job_t *j;
  /* A script or MULTI may not block; the flags are Redis 6.2's. */
  int inline_ = len < rk_M.thread_min || rk_M.threads == 0 ||
                (RedisModule_GetContextFlags(ctx) &
                 (REDISMODULE_CTX_FLAGS_LUA | REDISMODULE_CTX_FLAGS_MULTI |
                  REDISMODULE_CTX_FLAGS_DENY_BLOCKING)) != 0;
  if (!inline_ && (j = (job_t *)RA.f(RA.ud, NULL, 0, size)) != NULL) {
    memset(j, 0, sizeof *j);
    j->size = size;
    j->f = f;
    j->free = free;
    j->args = (char *)(j + 1);
    memcpy(j->args, args, argsize);
    memcpy((char *)j->args + argsize, s, len);
    j->s = (char *)j->args + argsize;
    j->len = len;
    rk_out_tape(&j->out);
    j->bc = RedisModule_BlockClient(ctx, reply_cb, NULL, free_privdata, 0);
    if (j->bc) {
      pthread_mutex_lock(&Q.lock);
      if (Q.tail) Q.tail->next = j;
      else Q.head = j;
      Q.tail = j;
      pthread_cond_signal(&Q.ready);
      pthread_mutex_unlock(&Q.lock);
      return REDISMODULE_OK;
    }
    j->free = NULL; /* args stay the caller's: it runs inline */
    job_free(j);
  }
  {
    rk_out_t o;
    rk_out_direct(&o, ctx);
    f(&rk_M.main, s, len, args, &o);
    if (free) free(args);
  }
  return REDISMODULE_OK;
}

int rk_cmd_debug_release(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  long long n = 1;
  if (argc > 2) return RedisModule_WrongArity(ctx);
  if (argc == 2 && (RedisModule_StringToLongLong(argv[1], &n) != REDISMODULE_OK || n < 1))
    return RedisModule_ReplyWithError(ctx, "ERR the count must be a positive integer");
  pthread_mutex_lock(&Q.lock);
  Q.permits += n;
  pthread_cond_broadcast(&Q.ready);
  pthread_mutex_unlock(&Q.lock);
  return RedisModule_ReplyWithLongLong(ctx, n);
}

/* }====================================================================== */
