/*
** oom.c: runs kata's Lua API with an allocator that fails after N
** allocations, for every N, and checks that each call either gives the
** result it gives with unlimited memory or raises "not enough memory".
**
**   oom [-1] [-s STRIDE] [-c CASE] [-l LABEL] [-v] tests/hosts/oom.lua
**
** -s runs every STRIDE-th N only (and N = A); -c runs one case; -l names
** the summary line (default "oom"); -v prints every failure and notes.
**
** The script returns {cases = {{name, setup, run}, ...}, digest = fn}.
** For case c: in a fresh Lua state, setup(kata, tmpdir) runs with
** unlimited memory and returns a context; then c.run(ctx) runs under
** lua_pcall with the allocator limited; then (unlimited again)
** digest(results...) makes the string that is compared. The first run
** is unlimited and counts the allocations (A) the call makes; then every
** N = 0, STRIDE, 2*STRIDE, ..., A (A always included) is run.
**
** An allocation is a call that creates or grows a block; frees and
** shrinks always succeed. Once N allocations were made in the call,
** every later one fails (also Lua's retry after its emergency GC).
**
** With -1 (one failure), only the allocation numbered N (from 0) fails and
** every other succeeds, Lua's retry after its emergency collection too:
** Lua's own allocations then never fail, kata's (which have no retry) do,
** and a failure the core swallows shows as a wrong result. N runs from 0
** to A - 1, and the unlimited run is the last.
**
** By default each case's state is set up once and every N runs in a
** forked copy of it (see forked_run); -F makes a new state for each run
** instead (for valgrind, which is slow to fork).
**
** Besides the outcome, each state's bytes are counted through the
** allocator: after lua_close every byte must have come back (kata's core
** allocates through the same lua_Alloc), so a block the binding or the
** core loses on an error path is found without valgrind.
*/
#include <errno.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host.h"

typedef struct limiter {
  int active;       /* counting and limiting: only during the call */
  int oneshot;      /* fail allocation number `limit` only */
  long limit;       /* allocations allowed during the call; -1: no limit */
  long count;       /* allocations made during the call */
  long failed;      /* allocations refused */
  long long live;   /* bytes held now */
  int bad_size;     /* a free or realloc whose osize made live negative */
  int gc_warned;    /* Lua warned of an error in a __gc metamethod */
} limiter_t;

/* Lua 5.4 reports an error raised by (or in calling) a finalizer as a
** warning and then frees the object without it: under a failing
** allocator a finalizer that could not even be called (no memory for its
** CallInfo or stack) leaves its C memory unfreed. Such a leak is Lua's,
** not kata's: it is noted, not failed, when this flag is set. */
static void l_warn(void *ud, const char *msg, int tocont) {
  limiter_t *m = (limiter_t *)ud;
  (void)tocont;
  if (strstr(msg, "__gc")) m->gc_warned = 1;
}

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  limiter_t *m = (limiter_t *)ud;
  size_t old = ptr ? osize : 0; /* without ptr, osize is a type tag */
  void *q;
  if (nsize == 0) {
    free(ptr);
    m->live -= (long long)old;
    if (m->live < 0) m->bad_size = 1;
    return NULL;
  }
  if (ptr == NULL || nsize > old) {
    if (m->active) {
      if (m->oneshot ? m->count == m->limit : m->limit >= 0 && m->count >= m->limit) {
        m->failed++;
        if (m->oneshot) m->count++;
        return NULL;
      }
      m->count++;
    }
    q = realloc(ptr, nsize);
    if (q) m->live += (long long)nsize - (long long)old;
    return q;
  }
  q = realloc(ptr, nsize); /* a shrink: never refused */
  m->live += (long long)nsize - (long long)old;
  return q ? q : ptr;
}

typedef struct outcome {
  int status;       /* LUA_OK, or the error status of the call */
  char *text;       /* the digest (LUA_OK) or the error message */
  long count;       /* allocations made during the call */
  long failed;
  long long leaked; /* bytes not freed after lua_close */
  int bad_size;
  int gc_warned;
  char *setup_error;
} outcome_t;

static const char *root, *script, *tmpdir;

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = (char *)malloc(n);
  if (!d) abort();
  memcpy(d, s, n);
  return d;
}

/* Pushes cases[ci] of the script's table; leaves H and the case. */
static int load_case(lua_State *L, int ci, char **err) {
  if (host_open(L, root) != 0) {
    *err = dupstr("host setup failed");
    return -1;
  }
  if (luaL_loadfile(L, script) != LUA_OK) goto fail;
  lua_pushstring(L, tmpdir);
  lua_pushstring(L, root);
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) goto fail;
  lua_getfield(L, -1, "cases");
  lua_rawgeti(L, -1, ci);
  lua_remove(L, -2);
  if (!lua_istable(L, -1)) {
    *err = dupstr("no such case");
    return -1;
  }
  return 0;
fail:
  *err = dupstr(lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error object)");
  return -1;
}

static int oneshot;
static limiter_t lim;
static const char *trace; /* OOM_TRACE: print each run before it starts */

/* An error outside any pcall: say which, then abort as Lua would. */
static int panic(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "oom: PANIC: unprotected error: %s (limit %ld, active %d)\n",
          msg ? msg : "(not a string)", lim.limit, lim.active);
  fflush(NULL);
  abort();
  return 0;
}

/* lim: the allocator's state; a forked child has its copy */

/* A fresh state with case ci set up: the stack holds H, the case, digest,
** run and ctx, and *base is run's slot. Returns NULL (and *err) on failure. */
static lua_State *prepare(int ci, int *base, char **err) {
  lua_State *L;
  int H, C;
  memset(&lim, 0, sizeof lim);
  lim.limit = -1;
  if (!(L = lua_newstate(l_alloc, &lim))) {
    *err = dupstr("lua_newstate failed");
    return NULL;
  }
  lua_setwarnf(L, l_warn, &lim);
  lua_atpanic(L, panic);
  if (load_case(L, ci, err) != 0) goto fail;
  C = lua_gettop(L);
  H = C - 1;
  /* ctx = case.setup(kata, tmpdir) */
  lua_getfield(L, C, "setup");
  if (lua_isfunction(L, -1)) {
    lua_getglobal(L, "require");
    lua_pushliteral(L, "kata");
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) goto setup_fail;
    lua_pushstring(L, tmpdir);
    if (lua_pcall(L, 2, 1, 0) != LUA_OK) goto setup_fail;
  } else {
    lua_pop(L, 1);
    lua_pushnil(L);
  }
  /* digest, run, ctx */
  lua_getfield(L, H, "digest");
  lua_getfield(L, C, "run");
  lua_pushvalue(L, -3);
  lua_remove(L, -4);
  *base = lua_gettop(L) - 1;
  lua_gc(L, LUA_GCCOLLECT, 0);
  return L;
setup_fail:
  *err = dupstr(lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error object)");
fail:
  lua_close(L);
  return NULL;
}

/* The call of a prepared state with the allocator limited to `limit`
** (-1: none), its digest or error, then lua_close. */
static void call(lua_State *L, int base, long limit, outcome_t *o) {
  int nres;
  if (trace) fprintf(stderr, "oom: run limit %ld%s\n", limit, oneshot ? " (one-shot)" : "");
  lim.count = 0;
  lim.limit = limit;
  lim.oneshot = oneshot && limit >= 0;
  lim.active = 1;
  o->status = lua_pcall(L, 1, LUA_MULTRET, 0);
  lim.active = 0;
  o->count = lim.count;
  o->failed = lim.failed;
  lua_gc(L, LUA_GCCOLLECT, 0); /* what the call dropped, finalised with memory */
  if (o->status == LUA_OK) {
    nres = lua_gettop(L) - base + 1;
    if (lua_pcall(L, nres, 1, 0) != LUA_OK || !lua_isstring(L, -1))
      o->setup_error = dupstr(lua_isstring(L, -1) ? lua_tostring(L, -1) : "digest failed");
    else
      o->text = dupstr(lua_tostring(L, -1));
  } else {
    const char *msg = lua_tostring(L, -1);
    if (msg)
      o->text = dupstr(msg);
    else {
      char b[64];
      snprintf(b, sizeof b, "(error object is a %s value)", luaL_typename(L, -1));
      o->text = dupstr(b);
    }
  }
  lua_close(L);
  o->leaked = lim.live;
  o->bad_size = lim.bad_size;
  o->gc_warned = lim.gc_warned;
}

/* One run in a fresh state (no fork). */
static void run_case(int ci, long limit, outcome_t *o) {
  int base;
  lua_State *L;
  memset(o, 0, sizeof *o);
  if ((L = prepare(ci, &base, &o->setup_error)) != NULL) call(L, base, limit, o);
}

/* {======================================================================
** Forked runs: the state is set up once per case and each N runs in a
** child, a copy of it made by fork (as fresh as a new state with the same
** setup, and much faster when the setup builds the entity tagger). A
** child that crashes is a failure of that N, and the next N goes on.
** ======================================================================= */

static int write_all(int fd, const void *p, size_t n) {
  const char *c = (const char *)p;
  while (n) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    c += w, n -= (size_t)w;
  }
  return 0;
}

static int read_all(int fd, void *p, size_t n) {
  char *c = (char *)p;
  while (n) {
    ssize_t r = read(fd, c, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    c += r, n -= (size_t)r;
  }
  return 0;
}

static void write_str(int fd, const char *s) {
  size_t n = s ? strlen(s) + 1 : 0;
  if (write_all(fd, &n, sizeof n) == 0 && n) write_all(fd, s, n);
}

static char *read_str(int fd) {
  size_t n;
  char *s;
  if (read_all(fd, &n, sizeof n) != 0 || n == 0) return NULL;
  if (!(s = (char *)malloc(n))) abort();
  if (read_all(fd, s, n) != 0) {
    free(s);
    return NULL;
  }
  s[n - 1] = 0;
  return s;
}

static void forked_run(lua_State *L, int base, long limit, outcome_t *o) {
  int fd[2], st;
  pid_t pid;
  memset(o, 0, sizeof *o);
  fflush(NULL);
  if (pipe(fd) != 0 || (pid = fork()) < 0) {
    o->setup_error = dupstr("pipe or fork failed");
    return;
  }
  if (pid == 0) {
    outcome_t c;
    close(fd[0]);
    memset(&c, 0, sizeof c);
    call(L, base, limit, &c);
    if (write_all(fd[1], &c, sizeof c) == 0) {
      write_str(fd[1], c.text);
      write_str(fd[1], c.setup_error);
    }
    close(fd[1]);
    exit(0); /* exit, not _exit: LeakSanitizer checks the child */
  }
  close(fd[1]);
  if (read_all(fd[0], o, sizeof *o) == 0) {
    o->text = read_str(fd[0]);
    o->setup_error = read_str(fd[0]);
  } else {
    memset(o, 0, sizeof *o);
    o->setup_error = dupstr("the child sent nothing");
  }
  close(fd[0]);
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  if (WIFSIGNALED(st) || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    char b[96];
    if (WIFSIGNALED(st))
      snprintf(b, sizeof b, "crashed: signal %d", WTERMSIG(st));
    else
      snprintf(b, sizeof b, "the child exited with status %d (a sanitizer report?)",
               WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    free(o->setup_error);
    o->setup_error = dupstr(b);
  }
}

/* }====================================================================== */

static void free_outcome(outcome_t *o) {
  free(o->text);
  free(o->setup_error);
}

static int case_names(char ***names) {
  limiter_t m = {0, 0, -1, 0, 0, 0, 0, 0};
  lua_State *L = lua_newstate(l_alloc, &m);
  int n = 0, i;
  if (!L || host_open(L, root) != 0) return -1;
  if (luaL_loadfile(L, script) != LUA_OK) goto fail;
  lua_pushstring(L, tmpdir);
  lua_pushstring(L, root);
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) goto fail;
  lua_getfield(L, -1, "cases");
  n = (int)lua_rawlen(L, -1);
  *names = (char **)calloc((size_t)n + 1, sizeof **names);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    lua_getfield(L, -1, "name");
    (*names)[i - 1] = dupstr(lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
    lua_pop(L, 2);
  }
  lua_close(L);
  return n;
fail:
  fprintf(stderr, "oom: %s: %s\n", script, lua_tostring(L, -1));
  lua_close(L);
  return -1;
}

static int is_memerr(const outcome_t *o) {
  return o->status != LUA_OK && o->text && strstr(o->text, "not enough memory");
}

static void remove_tree(const char *dir) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "oom: could not remove %s\n", dir);
}

int main(int argc, char **argv) {
  long stride = 1;
  const char *only = NULL, *label = "oom";
  int verbose = 0, nofork = 0, opt, n, ci, passed = 0, failed = 0;
  long long total_runs = 0;
  char **names = NULL;
  char tmpl[] = "/tmp/kata-oom-XXXXXX";
  while ((opt = getopt(argc, argv, "s:c:l:v1F")) != -1) {
    switch (opt) {
      case 's': stride = atol(optarg); break;
      case 'c': only = optarg; break;
      case 'l': label = optarg; break;
      case 'v': verbose = 1; break;
      case '1': oneshot = 1; break;
      case 'F': nofork = 1; break;
      default:
        fprintf(stderr, "usage: %s [-1] [-F] [-s STRIDE] [-c CASE] [-l LABEL] [-v] oom.lua\n", argv[0]);
        return 2;
    }
  }
  if (optind != argc - 1 || stride < 1) {
    fprintf(stderr, "usage: %s [-1] [-F] [-s STRIDE] [-c CASE] [-l LABEL] [-v] oom.lua\n", argv[0]);
    return 2;
  }
  script = argv[optind];
  root = host_root();
  trace = getenv("OOM_TRACE");
  if (trace && !*trace) trace = NULL;
  if (!(tmpdir = mkdtemp(tmpl))) {
    perror("oom: mkdtemp");
    return 2;
  }
  n = case_names(&names);
  if (n <= 0) {
    remove_tree(tmpdir);
    return 2;
  }
  for (ci = 1; ci <= n; ci++) {
    outcome_t ref, o;
    long N, A, bad = 0, memerrs = 0, errmem = 0, oks = 0, runs = 0, gcleaks = 0;
    const char *name = names[ci - 1];
    lua_State *L = NULL;
    int base = 0;
    char *err = NULL;
    if (only && strcmp(only, name) != 0) continue;
    if (!nofork && !(L = prepare(ci, &base, &err))) {
      printf("FAIL %s: setup: %s\n", name, err ? err : "?");
      free(err);
      failed++;
      continue;
    }
#define RUN(limit, out) (nofork ? run_case(ci, (limit), (out)) : forked_run(L, base, (limit), (out)))
    RUN(-1, &ref);
    runs++;
    if (ref.setup_error || ref.status != LUA_OK || ref.leaked || ref.bad_size) {
      printf("FAIL %s: the unlimited run: %s%s (leaked %lld bytes%s)\n", name,
             ref.setup_error ? "setup: " : "",
             ref.setup_error ? ref.setup_error : ref.text ? ref.text : "?", ref.leaked,
             ref.bad_size ? ", a free's size was wrong" : "");
      failed++;
      free_outcome(&ref);
      if (L) lua_close(L);
      continue;
    }
    A = ref.count;
    for (N = 0;; N = N + stride > A && N < A ? A : N + stride) {
      const char *why = NULL;
      RUN(N, &o);
      runs++;
      if (o.setup_error)
        why = "setup or digest failed";
      else if (o.bad_size || (o.leaked && !o.gc_warned))
        why = "memory not returned after lua_close";
      else if (o.status == LUA_OK && strcmp(o.text, ref.text) == 0)
        oks++;
      else if (o.status == LUA_OK)
        why = "a different result";
      else if (is_memerr(&o)) {
        memerrs++;
        if (o.status == LUA_ERRMEM) errmem++;
      }
      else
        why = "an error other than \"not enough memory\"";
      if (why) {
        if (bad < 5 || verbose) {
          printf("FAIL %s N=%ld: %s: %s", name, N, why,
                 o.setup_error ? o.setup_error : o.text ? o.text : "");
          if (o.leaked || o.bad_size)
            printf(" (%lld bytes%s)", o.leaked, o.bad_size ? ", a free's size was wrong" : "");
          printf("\n");
          if (o.status == LUA_OK && o.text && verbose)
            printf("  got:      %.300s\n  expected: %.300s\n", o.text, ref.text);
        }
        bad++;
      }
      if (!why && o.leaked) {
        if (verbose)
          printf("note %s N=%ld: %lld bytes not freed: a __gc metamethod failed (Lua's)\n",
                 name, N, o.leaked);
        gcleaks++;
      }
      free_outcome(&o);
      if (N >= A) break;
    }
    if (L) {
      lua_close(L);
      if (lim.live || lim.bad_size) {
        printf("FAIL %s: the set-up state did not give back %lld bytes at lua_close\n", name,
               lim.live);
        bad++;
      }
    }
    total_runs += runs;
    printf("  %-20s A=%-5ld runs=%-5ld ok=%-5ld nomem=%-5ld (ERRMEM %-5ld ERRRUN %-5ld) bad=%ld",
           name, A, runs, oks, memerrs, errmem, memerrs - errmem, bad);
    if (gcleaks) printf(" (%ld runs leaked after a failed __gc: Lua's, not failed)", gcleaks);
    printf("%s\n", stride > 1 ? " (strided)" : "");
    fflush(stdout);
    if (bad)
      failed++;
    else
      passed++;
    free_outcome(&ref);
  }
  for (ci = 0; ci < n; ci++) free(names[ci]);
  free(names);
  remove_tree(tmpdir);
  printf("%s: %d passed, %d failed (%lld runs, stride %ld)\n", label, passed, failed, total_runs,
         stride);
  return failed ? 1 : 0;
}
