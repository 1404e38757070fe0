/*
** threads.c: kata in several Lua states on several threads at once.
**
**   threads [-t THREADS] [-r ROUNDS] [-l LABEL] [-X] tests/hosts/threads.lua
**
** First the main thread runs the driver alone (the reference); then
** THREADS threads (default 4), released together by a barrier, each make
** their own state (lua_newstate with their own counting allocator), load
** kata (linked in, package.preload, as host.h does) and run the driver
** ROUNDS times (default 3; the driver checks its rounds agree). Each
** returns a digest of every result; every thread's digest must equal the
** reference. Prints "LABEL: N passed, N failed" (one per thread) and
** exits non-zero on a mismatch or an error. Under ThreadSanitizer a race
** report makes the exit status non-zero (TSan's exitcode).
**
** -X runs only a deliberate data race (two threads bump one plain global
** counter, unsynchronised whatever the scheduler does), to check that a
** ThreadSanitizer build does report races.
*/
#include <pthread.h>
#include <unistd.h>

#include "host.h"

typedef struct worker {
  int id;
  int rounds;
  const char *prefix;
  pthread_barrier_t *start;
  pthread_t tid;
  size_t bytes, peak, allocs; /* this state's allocator */
  char *digest;
  char *error;
  int texts;
} worker_t;

static const char *root, *script;
static int race_canary;
static long canary_counter; /* -X: raced on purpose */

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  worker_t *w = (worker_t *)ud;
  size_t old = ptr ? osize : 0;
  void *q;
  if (nsize == 0) {
    free(ptr);
    w->bytes -= old;
    return NULL;
  }
  q = realloc(ptr, nsize);
  if (!q) return NULL;
  if (nsize > old) w->allocs++;
  w->bytes += nsize - old;
  if (w->bytes > w->peak) w->peak = w->bytes;
  return q;
}

/* -X: two threads bump one plain counter and do nothing else. Neither
** write happens before the other whatever the scheduler does (creation
** orders each after main only), and each thread's history is a few events
** long, so TSan reports the race every time, on a busy machine too. */
static void *canary(void *arg) {
  (void)arg;
  canary_counter++;
  return NULL;
}

static void run_canary(void) {
  pthread_t a, b;
  if (pthread_create(&a, NULL, canary, NULL) != 0 || pthread_create(&b, NULL, canary, NULL) != 0) {
    fprintf(stderr, "threads: pthread_create failed\n");
    exit(2);
  }
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = (char *)malloc(n);
  if (!d) abort();
  memcpy(d, s, n);
  return d;
}

static void *work(void *arg) {
  worker_t *w = (worker_t *)arg;
  char prefix[4200];
  lua_State *L;
  if (w->start) pthread_barrier_wait(w->start);
  L = lua_newstate(counting_alloc, w);
  if (!L) {
    w->error = dupstr("lua_newstate failed");
    return NULL;
  }
  snprintf(prefix, sizeof prefix, "%s/t%d", w->prefix, w->id);
  if (host_open(L, root) != 0) {
    w->error = dupstr("host setup failed");
  } else if (luaL_loadfile(L, script) != LUA_OK) {
    w->error = dupstr(lua_tostring(L, -1));
  } else {
    lua_pushstring(L, root);
    lua_pushstring(L, prefix);
    lua_pushinteger(L, w->rounds);
    if (lua_pcall(L, 3, 2, 0) != LUA_OK)
      w->error = dupstr(lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error object)");
    else if (!lua_isstring(L, -2))
      w->error = dupstr("the driver returned no digest");
    else {
      w->digest = dupstr(lua_tostring(L, -2));
      w->texts = (int)lua_tointeger(L, -1);
    }
  }
  lua_close(L);
  if (w->bytes != 0 && !w->error) {
    char b[96];
    snprintf(b, sizeof b, "%lu bytes not freed after lua_close", (unsigned long)w->bytes);
    w->error = dupstr(b);
  }
  return NULL;
}

static unsigned long fnv(const char *s) {
  unsigned long h = 2166136261UL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619UL;
  return h & 0xffffffffUL;
}

/* Where two digests first differ, for the report. */
static void show_difference(const char *a, const char *b) {
  size_t i = 0, line = 1, start = 0;
  while (a[i] && a[i] == b[i]) {
    if (a[i] == '\n') line++, start = i + 1;
    i++;
  }
  printf("  first difference in line %lu: reference %.120s\n  thread's: %.120s\n",
         (unsigned long)line, a + start, b + start);
}

int main(int argc, char **argv) {
  int nthreads = 4, rounds = 3, opt, i, passed = 0, failed = 0;
  const char *label = "threads";
  char tmpl[] = "/tmp/kata-threads-XXXXXX", cmd[4200];
  worker_t ref, *w;
  pthread_barrier_t start;
  while ((opt = getopt(argc, argv, "t:r:l:X")) != -1) {
    switch (opt) {
      case 't': nthreads = atoi(optarg); break;
      case 'r': rounds = atoi(optarg); break;
      case 'l': label = optarg; break;
      case 'X': race_canary = 1; break;
      default: goto usage;
    }
  }
  if (optind != argc - 1 || nthreads < 1 || rounds < 1) goto usage;
  script = argv[optind];
  root = host_root();
  if (race_canary) {
    run_canary();
    printf("  race canary: counter %ld\n", canary_counter);
    return 0; /* under TSan, its exit code says whether the race was seen */
  }
  if (!mkdtemp(tmpl)) {
    perror("threads: mkdtemp");
    return 2;
  }

  /* The reference: the driver once, on this thread, alone. */
  memset(&ref, 0, sizeof ref);
  ref.id = 0;
  ref.rounds = 1;
  ref.prefix = tmpl;
  work(&ref);
  if (ref.error) {
    printf("%s: the single-threaded run failed: %s\n", label, ref.error);
    printf("%s: 0 passed, %d failed\n", label, nthreads);
    return 1;
  }
  printf("  reference: %d texts, digest %lu bytes, fnv %08lx, peak %lu bytes\n", ref.texts,
         (unsigned long)strlen(ref.digest), fnv(ref.digest), (unsigned long)ref.peak);

  w = (worker_t *)calloc((size_t)nthreads, sizeof *w);
  if (!w) return 2;
  pthread_barrier_init(&start, NULL, (unsigned)nthreads);
  for (i = 0; i < nthreads; i++) {
    w[i].id = i + 1;
    w[i].rounds = rounds;
    w[i].prefix = tmpl;
    w[i].start = &start;
    if (pthread_create(&w[i].tid, NULL, work, &w[i]) != 0) {
      fprintf(stderr, "threads: pthread_create failed\n");
      return 2;
    }
  }
  for (i = 0; i < nthreads; i++) pthread_join(w[i].tid, NULL);
  pthread_barrier_destroy(&start);

  for (i = 0; i < nthreads; i++) {
    if (w[i].error) {
      printf("FAIL thread %d: %s\n", w[i].id, w[i].error);
      failed++;
    } else if (strcmp(w[i].digest, ref.digest) != 0) {
      printf("FAIL thread %d: its digest (fnv %08lx) differs from the reference\n", w[i].id,
             fnv(w[i].digest));
      show_difference(ref.digest, w[i].digest);
      failed++;
    } else {
      printf("  thread %d: %d rounds, digest fnv %08lx, %lu allocations, peak %lu bytes\n",
             w[i].id, rounds, fnv(w[i].digest), (unsigned long)w[i].allocs,
             (unsigned long)w[i].peak);
      passed++;
    }
    free(w[i].digest);
    free(w[i].error);
  }
  free(w);
  free(ref.digest);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
  if (system(cmd) != 0) fprintf(stderr, "threads: could not remove %s\n", tmpl);
  printf("%s: %d passed, %d failed\n", label, passed, failed);
  return failed ? 1 : 0;
usage:
  fprintf(stderr, "usage: %s [-t THREADS] [-r ROUNDS] [-l LABEL] [-X] threads.lua\n", argv[0]);
  return 2;
}
