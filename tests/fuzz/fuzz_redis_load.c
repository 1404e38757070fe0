/*
** fuzz_redis_load.c: libFuzzer target for the Redis module's RDB loader,
** rk_index_rdb_load in src/redis_kata/index_type.c (what RESTORE, a restart
** and a replica's full sync run), on hostile module data. That file of the
** module is compiled in; stubs of the module API read the input as Redis
** 7.0 reads a module value, with REDISMODULE_OPTIONS_HANDLE_IO_ERRORS in
** effect.
**
** The first byte picks the mode:
**   bit 0: a module value of version 1 (RDB_TYPE_MODULE: no opcodes)
**     instead of 2 (RDB_TYPE_MODULE_2: an opcode before each value);
**   bit 1: another encoding version than the module's (always refused);
**   bit 7: RedisModule_TryAlloc (and the allocation of a string read)
**     fails at the call numbered by the second byte. Alloc and Realloc never
**     fail: Redis stops the server when they would.
** The rest is what the module reads: for each string, opcode 5 (version 2)
** and an RDB length, then the bytes. Lengths are 00xxxxxx, 01xxxxxx
** xxxxxxxx, 0x80 and 4 bytes, 0x81 and 8 bytes (big-endian); 0xC0-0xC2 are
** integers of 1, 2, 4 bytes, read as their digits. Any other opcode, an LZF
** string (0xC3, which Redis would decompress first), another encoding or a
** read past the end is an I/O error. tests/fuzz/redis_seeds.lua writes the
** seeds (redis-load-*.bin) from the index seeds.
**
** Checks: a value comes back only when no I/O error was flagged (Redis
** would keep it); a value saves (rk_index_rdb_save, in chunks of 64 bytes
** here rather than 64 KiB) to chunks that load again, to the same size, and
** save to the same bytes; COPY (rk_index_copy) of it saves to them too;
** nothing is outstanding at the end, after a refusal too.
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunks of 64 bytes, not 64 KiB: the values saved here have several. */
#define RK_RDB_CHUNK 64
#include "index_type.c"

#define CHECK(cond, what)                                                        \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "fuzz_redis_load: %s (%s:%d)\n", what, __FILE__, __LINE__); \
      abort();                                                                   \
    }                                                                            \
  } while (0)

/* What a RedisModuleIO is to the stubs: the bytes to read, or the bytes
** saved. */
struct RedisModuleIO {
  const uint8_t *p;
  size_t len, pos;
  int ver;   /* 1 or 2: opcodes before values */
  int error; /* what RedisModule_IsIOError reports */
  uint8_t *out;
  size_t olen, ocap;
};

/* The allocations outstanding and the one to fail. */
static struct {
  unsigned long live, calls, fail_at;
  int failed;
} B;

static void *st_alloc(size_t n) {
  void *p = malloc(n ? n : 1);
  CHECK(p != NULL, "out of memory");
  B.live++;
  return p;
}

static void *st_try_alloc(size_t n) {
  if (B.fail_at && ++B.calls == B.fail_at) {
    B.failed = 1;
    return NULL;
  }
  return st_alloc(n);
}

static void *st_realloc(void *p, size_t n) {
  void *q;
  if (!p) return st_alloc(n);
  q = realloc(p, n ? n : 1);
  CHECK(q != NULL, "out of memory");
  return q;
}

static void st_free(void *p) {
  if (!p) return;
  CHECK(B.live > 0, "a free of nothing allocated");
  B.live--;
  free(p);
}

static int st_is_io_error(RedisModuleIO *io) { return io->error; }

static void st_log_io_error(RedisModuleIO *io, const char *level, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  (void)io;
  CHECK(strcmp(level, "warning") == 0, "a log level");
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
}

static int get_byte(RedisModuleIO *io, uint8_t *b) {
  if (io->pos >= io->len) return -1;
  *b = io->p[io->pos++];
  return 0;
}

/* rdbLoadLenByRef: a length, or (*enc set) a string encoding's number. */
static int get_len(RedisModuleIO *io, uint64_t *n, int *enc) {
  uint8_t b, c;
  int k;
  *enc = 0;
  if (get_byte(io, &b)) return -1;
  switch (b >> 6) {
  case 0:
    *n = b & 63;
    return 0;
  case 1:
    if (get_byte(io, &c)) return -1;
    *n = ((uint64_t)(b & 63) << 8) | c;
    return 0;
  case 3:
    *enc = 1;
    *n = b & 63;
    return 0;
  default:
    if (b != 0x80 && b != 0x81) return -1;
    for (*n = 0, k = b == 0x80 ? 4 : 8; k > 0; k--) {
      if (get_byte(io, &c)) return -1;
      *n = (*n << 8) | c;
    }
    return 0;
  }
}

/* moduleLoadString with a plain buffer: NULL and the error flag on a bad
** read, which Redis reports the same way. */
static char *st_load_string_buffer(RedisModuleIO *io, size_t *lenp) {
  uint64_t n;
  int enc;
  char *s;
  if (io->error) return NULL;
  if (io->ver == 2 && (get_len(io, &n, &enc) || n != 5)) goto fail; /* the opcode */
  if (get_len(io, &n, &enc)) goto fail;
  if (enc) { /* an integer as its digits */
    int64_t v = 0;
    char digits[24];
    int k, bytes = n == 0 ? 1 : n == 1 ? 2 : n == 2 ? 4 : 0;
    uint8_t c;
    if (!bytes) goto fail; /* LZF (3) or no encoding */
    for (k = 0; k < bytes; k++) {
      if (get_byte(io, &c)) goto fail;
      v |= (int64_t)c << (8 * k);
    }
    if (bytes < 8 && (v >> (8 * bytes - 1)) & 1) v -= (int64_t)1 << (8 * bytes); /* sign */
    k = snprintf(digits, sizeof digits, "%lld", (long long)v);
    if (!(s = (char *)st_try_alloc((size_t)k))) goto fail;
    memcpy(s, digits, (size_t)k);
    *lenp = (size_t)k;
    return s;
  }
  if (n > io->len - io->pos) goto fail;
  if (!(s = (char *)st_try_alloc((size_t)n))) goto fail;
  memcpy(s, io->p + io->pos, (size_t)n);
  io->pos += (size_t)n;
  *lenp = (size_t)n;
  return s;
fail:
  io->error = 1;
  return NULL;
}

static void put(RedisModuleIO *io, const void *p, size_t n) {
  if (io->olen + n > io->ocap) {
    io->ocap = (io->olen + n) * 2;
    io->out = (uint8_t *)realloc(io->out, io->ocap);
    CHECK(io->out != NULL, "out of memory");
  }
  memcpy(io->out + io->olen, p, n);
  io->olen += n;
}

/* rdbSaveLen and the string, after opcode 5 (module value version 2). */
static void st_save_string_buffer(RedisModuleIO *io, const char *s, size_t n) {
  uint8_t h[10];
  size_t k = 1, i;
  h[0] = 5;
  if (n < 64) {
    h[k++] = (uint8_t)n;
  } else if (n < 16384) {
    h[k++] = (uint8_t)(0x40 | (n >> 8));
    h[k++] = (uint8_t)(n & 255);
  } else {
    int w = (uint64_t)n <= 0xFFFFFFFFu ? 4 : 8;
    h[k++] = w == 4 ? 0x80 : 0x81;
    for (i = (size_t)w; i > 0; i--) h[k++] = (uint8_t)((uint64_t)n >> (8 * (i - 1)));
  }
  put(io, h, k);
  put(io, s, n);
}

static void reader(RedisModuleIO *io, const uint8_t *p, size_t len, int ver) {
  memset(io, 0, sizeof *io);
  io->p = p;
  io->len = len;
  io->ver = ver;
}

/* The bytes x saves to (the caller frees them). */
static uint8_t *saved(void *x, size_t *len) {
  RedisModuleIO io;
  reader(&io, NULL, 0, 2);
  rk_index_rdb_save(&io, x);
  CHECK(io.olen >= 2 && io.out[io.olen - 2] == 5 && io.out[io.olen - 1] == 0,
        "no empty chunk at the end");
  *len = io.olen;
  return io.out;
}

/* A loaded value: saved, loaded again, saved again: the same bytes. */
static void check_value(kata_index_t *x) {
  RedisModuleIO io;
  size_t n1, n2;
  uint8_t *s1 = saved(x, &n1), *s2;
  kata_index_t *y;
  CHECK(rk_index_mem_usage(x) > 0, "no memory used");
  reader(&io, s1, n1, 2);
  y = (kata_index_t *)rk_index_rdb_load(&io, INDEX_ENCVER);
  if (!y) {
    CHECK(B.failed, "a saved value does not load");
  } else {
    CHECK(!io.error && io.pos == n1, "the saved value not read to its end");
    CHECK(kata_index_size(y) == kata_index_size(x), "the size changed");
    s2 = saved(y, &n2);
    CHECK(n1 == n2 && memcmp(s1, s2, n1) == 0, "the saves differ");
    free(s2);
    rk_index_free(y);
  }
  y = (kata_index_t *)rk_index_copy(NULL, NULL, x);
  if (!y) {
    CHECK(B.failed, "COPY failed");
  } else {
    s2 = saved(y, &n2);
    CHECK(n1 == n2 && memcmp(s1, s2, n1) == 0, "the copy saves to other bytes");
    free(s2);
    rk_index_free(y);
  }
  free(s1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  RedisModule_Alloc = st_alloc;
  RedisModule_TryAlloc = st_try_alloc;
  RedisModule_Realloc = st_realloc;
  RedisModule_Free = st_free;
  RedisModule_IsIOError = st_is_io_error;
  RedisModule_LogIOError = st_log_io_error;
  RedisModule_LoadStringBuffer = st_load_string_buffer;
  RedisModule_SaveStringBuffer = st_save_string_buffer;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  RedisModuleIO io;
  kata_index_t *x;
  if (size < 2) return 0;
  memset(&B, 0, sizeof B);
  if (data[0] & 0x80) B.fail_at = 1 + data[1];
  reader(&io, data + 2, size - 2, data[0] & 1 ? 1 : 2);
  x = (kata_index_t *)rk_index_rdb_load(&io, data[0] & 2 ? INDEX_ENCVER + 1 : INDEX_ENCVER);
  if (data[0] & 2) CHECK(x == NULL, "another encoding version loaded");
  if (x) {
    CHECK(!io.error, "a value after an I/O error");
    check_value(x);
    rk_index_free(x);
  }
  CHECK(B.live == 0, "memory outstanding");
  return 0;
}
