/*
** dup.c: duplicate paragraphs in kata.core: duplicates, dedupe, and the
** streaming index (index, load_index) with its confirmation store file.
*/
#if !defined(_WIN32) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700 /* pread, for the index's store */
#endif
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef _WIN32
#include <unistd.h>
#endif

#include "util.h"

#define KATA_INDEX "kata.Index"
#define KATA_TAILS "kata.Tails"

static void free_tails(void *p) { kata_tails_free((kata_tails_t *)p); }

/* {======================================================================
** Duplicates in one text
** ======================================================================= */

#define DUP_KEYS "by threshold min_words method measure shingle boilerplate"
#define INDEX_KEYS "threshold min_words method shingle boilerplate store"

/* The boilerplate list of option 'boilerplate' (the value at the stack
** top: false, or an array extending the built-in list), in a box left on
** the stack. */
static const char *const *boilerplate(lua_State *L, int arg) {
  kata_allocator_t A = lk_allocator(L);
  size_t nu = lua_istable(L, -1) ? lua_rawlen(L, -1) : 0, i;
  lk_box_t *b = lk_new_box(L, KATA_TAILS, free_tails);
  kata_tails_t *t;
  if (!(b->p = t = kata_tails_new(&A, lua_istable(L, -2)))) lk_error(L, KATA_ENOMEM);
  for (i = 0; i < nu; i++) {
    size_t plen;
    const char *pre;
    int rc;
    lua_rawgeti(L, -2, (int)i + 1);
    pre = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &plen) : NULL;
    rc = pre ? kata_tails_add(t, pre, plen) : KATA_EINVAL;
    if (rc == KATA_EINVAL)
      luaL_argerror(L, arg, "option 'boilerplate' must be an array of strings or false");
    if (rc == KATA_ELIMIT)
      luaL_argerror(L, arg, "option 'boilerplate' takes at most 64 prefixes of at most 64 bytes");
    if (rc != KATA_OK) lk_error(L, rc);
    lua_pop(L, 1);
  }
  return kata_tails_list(t);
}

/* Parses the duplicate options at arg (allowed: the keys taken); a
** boilerplate list stays on the stack, o->tails pointing into it. */
static void check_dup_opts(lua_State *L, int arg, const char *allowed, kata_dedup_opts_t *o) {
  kata_dedup_opts_init(o);
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    const char *key = lk_option_key(L, arg, allowed);
    if (strcmp(key, "threshold") == 0) {
      lua_Number v = lua_tonumber(L, -1);
      if (!lua_isnumber(L, -1) || !(v >= 0 && v <= 1))
        luaL_argerror(L, arg, "option 'threshold' must be a number from 0 to 1");
      o->threshold = v;
    } else if (strcmp(key, "min_words") == 0) {
      o->min_words = (size_t)lk_int_option(L, arg, key, 0, 1 << 30);
    } else if (strcmp(key, "shingle") == 0) {
      o->shingle = lk_int_option(L, arg, key, 1, 5);
    } else if (strcmp(key, "method") == 0 || strcmp(key, "measure") == 0) {
      const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
      if (key[1] == 'e' && key[2] == 't') { /* method */
        if (strcmp(v, "exact") == 0) o->near = 0;
        else if (strcmp(v, "near") != 0)
          luaL_argerror(L, arg, "option 'method' must be 'near' or 'exact'");
      } else {
        if (strcmp(v, "containment") == 0) o->containment = 1;
        else if (strcmp(v, "jaccard") != 0)
          luaL_argerror(L, arg, "option 'measure' must be 'jaccard' or 'containment'");
      }
    } else if (strcmp(key, "boilerplate") == 0) {
      if (!lua_istable(L, -1) && !(lua_isboolean(L, -1) && !lua_toboolean(L, -1)))
        luaL_argerror(L, arg, "option 'boilerplate' must be an array of strings or false");
    }
    lua_pop(L, 1);
  }
  lua_getfield(L, arg, "boilerplate");
  if (lua_isnil(L, -1)) lua_pop(L, 1);
  else o->tails = boilerplate(L, arg);
}

/* The boolean option key of the options at arg (false when absent). */
static int flag_option(lua_State *L, int arg, const char *key) {
  int v = 0;
  if (lua_istable(L, arg)) {
    lua_getfield(L, arg, key);
    v = lk_bool_option(L, arg, key);
    lua_pop(L, 1);
  }
  return v;
}

/* Pushes the result table of kata_duplicates' n results; with sp (the
** paragraphs' 0-based spans), a repeat's start and stop too. */
static void push_dups(lua_State *L, const kata_dup_t *out, size_t n, const size_t *sp) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    if (out[i].dup_of == KATA_NO_DUP) {
      lua_pushboolean(L, 0);
    } else {
      lua_createtable(L, 0, sp ? 5 : 3);
      if (sp) {
        lua_pushinteger(L, (lua_Integer)sp[2 * i] + 1);
        lua_setfield(L, -2, "start");
        lua_pushinteger(L, (lua_Integer)sp[2 * i + 1]);
        lua_setfield(L, -2, "stop");
      }
      lua_pushinteger(L, (lua_Integer)out[i].dup_of + 1);
      lua_setfield(L, -2, "dup_of");
      lua_pushnumber(L, out[i].similarity);
      lua_setfield(L, -2, "similarity");
      lua_pushstring(L, kata_dup_kind_name(out[i].kind));
      lua_setfield(L, -2, "kind");
    }
    lua_rawseti(L, -2, (int)i + 1);
  }
}

/* The paragraphs of the array at 1 and their duplicates, in scratches. */
static const kata_dup_t *array_duplicates(lua_State *L, const kata_dedup_opts_t *o, size_t *n) {
  lk_scratch_t *sc = lk_new_scratch(L);
  size_t each = sizeof(char *) + sizeof(size_t) + sizeof(kata_dup_t), i, *lens;
  const char **texts;
  kata_dup_t *out;
  int rc;
  *n = lua_rawlen(L, 1);
  if (*n > ((size_t)-1) / each) lk_error(L, KATA_ELIMIT);
  if (kata_buf_reserve(&sc->A, &sc->buf, (*n ? *n : 1) * each) != KATA_OK)
    lk_error(L, KATA_ENOMEM);
  out = (kata_dup_t *)(void *)sc->buf.data;
  lens = (size_t *)(void *)(sc->buf.data + *n * sizeof(kata_dup_t));
  texts = (const char **)(void *)(sc->buf.data + *n * (sizeof(kata_dup_t) + sizeof(size_t)));
  for (i = 0; i < *n; i++) {
    lua_rawgeti(L, 1, (int)i + 1);
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 1, lua_pushfstring(L, "paragraph %d is a %s, not a string",
                                          (int)i + 1, luaL_typename(L, -1)));
    texts[i] = lua_tolstring(L, -1, &lens[i]); /* anchored in the array */
    lua_pop(L, 1);
  }
  if ((rc = kata_duplicates(&sc->A, texts, lens, *n, o, out)) != KATA_OK) lk_error(L, rc);
  return out;
}

static int lk_duplicates(lua_State *L) {
  kata_dedup_opts_t o;
  const kata_dup_t *out;
  const size_t *sp = NULL;
  size_t n;
  int want_spans;
  if (lk_over_limit(L, 1)) return 2;
  if (lua_type(L, 1) != LUA_TTABLE) luaL_checkstring(L, 1);
  check_dup_opts(L, 2, DUP_KEYS " spans", &o);
  want_spans = flag_option(L, 2, "spans");
  if (lua_type(L, 1) == LUA_TTABLE) {
    lk_check_by(L, 2, "", 0); /* validated even where it does not apply */
    out = array_duplicates(L, &o, &n);
  } else {
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    kata_parmode_t mode = lk_check_by(L, 2, s, len);
    lk_scratch_t *spans = lk_new_scratch(L), *dups = lk_new_scratch(L);
    int rc = kata_text_duplicates(&spans->A, s, len, mode, &o, &spans->buf, &dups->buf, &n);
    if (rc != KATA_OK) lk_error(L, rc);
    out = (const kata_dup_t *)(void *)dups->buf.data;
    if (want_spans) sp = (const size_t *)(void *)spans->buf.data;
  }
  push_dups(L, out, n, sp);
  return 1;
}

/* The text without its repeated paragraphs, and how many went; with
** option duplicates, kata.duplicates' array (with spans) too, found once. */
static int lk_dedupe(lua_State *L) {
  kata_dedup_opts_t o;
  size_t len, removed, n;
  const char *s = luaL_checklstring(L, 1, &len);
  kata_parmode_t mode;
  lk_scratch_t *sc, *spans, *dups;
  int rc, with;
  if (lk_over_limit(L, 1)) return 2;
  check_dup_opts(L, 2, DUP_KEYS " duplicates", &o);
  with = flag_option(L, 2, "duplicates");
  mode = lk_check_by(L, 2, s, len);
  sc = lk_new_scratch(L);
  spans = lk_new_scratch(L);
  dups = lk_new_scratch(L);
  rc = kata_text_duplicates(&sc->A, s, len, mode, &o, &spans->buf, &dups->buf, &n);
  if (rc == KATA_OK)
    rc = kata_dedupe_text(&sc->A, s, len, (const size_t *)(void *)spans->buf.data,
                          (const kata_dup_t *)(void *)dups->buf.data, n, &sc->buf, &removed);
  if (rc != KATA_OK) lk_error(L, rc);
  if (!with) { /* the spans go before the text's copy is made */
    kata_buf_free(&spans->A, &spans->buf);
    kata_buf_free(&dups->A, &dups->buf);
  }
  lua_pushlstring(L, sc->buf.data ? sc->buf.data : "", sc->buf.len);
  kata_buf_free(&sc->A, &sc->buf);
  lua_pushinteger(L, (lua_Integer)removed);
  if (!with) return 2;
  push_dups(L, (const kata_dup_t *)(void *)dups->buf.data, n,
            (const size_t *)(void *)spans->buf.data);
  return 3;
}

/* }====================================================================== */

/* {======================================================================
** The streaming duplicate index and its confirmation store
** ======================================================================= */

/* An index's confirmation store: a file the core reads and writes at
** explicit offsets, unbuffered, so that a failed write leaves nothing
** behind that a later one would not overwrite. */
typedef struct store_file {
  FILE *f;
  int readonly;
} store_file_t;

/* An index and its store (or NULL), freed by __gc. */
typedef struct index_box {
  kata_index_t *x;
  store_file_t *store;
} index_box_t;

static long store_read(void *ud, uint64_t off, void *p, size_t n) {
  store_file_t *s = (store_file_t *)ud;
  size_t got = 0;
  if (off > (uint64_t)LONG_MAX || n > (size_t)LONG_MAX) return -1;
#ifndef _WIN32
  while (got < n) { /* a system call each, no stdio buffer to refill */
    ssize_t r = pread(fileno(s->f), (char *)p + got, n - got, (off_t)(off + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += (size_t)r;
  }
#else
  if (fseek(s->f, (long)off, SEEK_SET) != 0) return -1;
  got = fread(p, 1, n, s->f);
  if (ferror(s->f)) {
    clearerr(s->f);
    return -1;
  }
#endif
  return (long)got;
}

/* Writes all n bytes at off, or returns -1 (having perhaps written some:
** the core writes its next entry over them). */
static int store_write(void *ud, uint64_t off, const void *p, size_t n) {
  store_file_t *s = (store_file_t *)ud;
  size_t done = 0;
  if (off > (uint64_t)LONG_MAX - n) return -1;
#ifndef _WIN32
  while (done < n) {
    ssize_t w = pwrite(fileno(s->f), (const char *)p + done, n - done, (off_t)(off + done));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    done += (size_t)w;
  }
#else
  if (fseek(s->f, (long)off, SEEK_SET) != 0 || fwrite(p, 1, n, s->f) != n || fflush(s->f) != 0) {
    clearerr(s->f);
    return -1;
  }
  (void)done;
#endif
  return 0;
}

static const kata_store_t store_io = {store_read, store_write};
static const kata_store_t store_io_readonly = {store_read, NULL};

static void store_close(store_file_t *s) {
  if (!s) return;
  if (s->f) fclose(s->f);
  free(s);
}

static int index_gc(lua_State *L) {
  index_box_t *b = (index_box_t *)lk_self(L);
  kata_index_free(b->x);
  b->x = NULL;
  store_close(b->store);
  b->store = NULL;
  return 0;
}

static index_box_t *new_index_box(lua_State *L) {
  index_box_t *b = (index_box_t *)lua_newuserdata(L, sizeof *b);
  b->x = NULL;
  b->store = NULL;
  luaL_setmetatable(L, KATA_INDEX);
  return b;
}

static kata_index_t *check_index(lua_State *L, int arg) {
  index_box_t *b = (index_box_t *)luaL_checkudata(L, arg, KATA_INDEX);
  if (!b->x) luaL_argerror(L, arg, "index is closed");
  return b->x;
}

/* Opens a store file (mode "w+b" new, "r+b" or "rb" existing) into b;
** 0 or -1 with errno. */
static int store_open(index_box_t *b, const char *path, const char *mode) {
  store_file_t *s = (store_file_t *)malloc(sizeof *s);
  if (!s) return -1;
  s->readonly = strcmp(mode, "rb") == 0;
  if (!(s->f = fopen(path, mode))) {
    int e = errno;
    free(s);
    errno = e;
    return -1;
  }
  b->store = s;
  return 0;
}

/* A new store's identifier: random bytes, or (without /dev/urandom) the
** clock and this call's addresses, mixed. */
static void store_id(lua_State *L, unsigned char id[KATA_STORE_ID]) {
  FILE *f = fopen("/dev/urandom", "rb");
  size_t got = f ? fread(id, 1, KATA_STORE_ID, f) : 0, i;
  if (f) fclose(f);
  if (got < KATA_STORE_ID) {
    uint64_t h = (uint64_t)time(NULL) ^ (uint64_t)clock() << 32 ^ (uint64_t)(size_t)L ^
                 (uint64_t)(size_t)id << 16;
    for (i = 0; i < KATA_STORE_ID; i++) {
      uint64_t z = (h += 0x9E3779B97F4A7C15ull); /* splitmix64 */
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      id[i] = (unsigned char)(z ^ (z >> 31));
    }
  }
}

static int lk_index(lua_State *L) {
  kata_allocator_t A = lk_allocator(L);
  kata_dedup_opts_t o;
  const char *store = NULL;
  unsigned char id[KATA_STORE_ID] = {0};
  index_box_t *b;
  int rc;
  check_dup_opts(L, 1, INDEX_KEYS, &o);
  if (!lua_isnoneornil(L, 1)) {
    lua_getfield(L, 1, "store");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 1, "option 'store' must be a file name");
    store = lua_tostring(L, -1); /* anchored in the options table */
    lua_pop(L, 1);
  }
  b = new_index_box(L);
  if (store) {
    if (store_open(b, store, "w+b") != 0) return lk_io_fail(L, store, strerror(errno));
    store_id(L, id);
  }
  errno = 0;
  rc = kata_index_new(&A, &o, store ? &store_io : NULL, b->store, id, &b->x);
  if (rc == KATA_EIO) return lk_io_fail(L, store, errno ? strerror(errno) : "write error");
  if (rc != KATA_OK) lk_error(L, rc);
  return 1;
}

static void push_add_failure(lua_State *L, kata_index_t *x, int rc);

/* Looks s up (adding it when add); returns the earlier key and similarity. */
static int index_lookup(lua_State *L, kata_index_t *x, int sarg, int add) {
  size_t len, klen = 0;
  const char *s = luaL_checklstring(L, sarg, &len), *key = NULL;
  kata_index_hit_t hit;
  int rc;
  if (lk_over_limit(L, sarg)) return 2;
  if (add) {
    lk_encode_key(L, 2, "key");
    key = lua_tolstring(L, -1, &klen);
  }
  rc = kata_index_add(x, s, len, key, klen, add, &hit);
  if (rc == KATA_ELIMIT || rc == KATA_EIO) {
    lua_pushnil(L);
    push_add_failure(L, x, rc);
    return 2;
  }
  if (rc != KATA_OK) return lk_error(L, rc);
  if (hit.id == KATA_NO_DUP) {
    lua_pushnil(L);
    return 1;
  }
  key = kata_index_key(x, hit.id, &klen);
  lk_push_key(L, key, klen);
  lua_pushnumber(L, hit.similarity);
  lua_pushstring(L, kata_dup_kind_name(hit.kind));
  return 3;
}

static int lki_add(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  if (lua_isnone(L, 3) && lua_type(L, 2) == LUA_TSTRING) /* idx:add(s), as idx:check(s) */
    return luaL_argerror(L, 3, "string expected, got no value: the key is missing, "
                               "idx:add(key, paragraph)");
  luaL_checkstring(L, 3);
  return index_lookup(L, x, 3, 1);
}

static int lki_check(lua_State *L) { return index_lookup(L, check_index(L, 1), 2, 0); }

/* idx:record(paragraph): the record the index would keep for it (28
** bytes) and whether it is long (has band parts); for a sharded index's
** client (kata.redis_dup). */
static int lki_record(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  size_t len;
  const char *s = luaL_checklstring(L, 2, &len);
  unsigned char rec[KATA_RECORD_SIZE];
  uint64_t k;
  int rc;
  if (lk_over_limit(L, 2)) return 2;
  rc = kata_index_record(x, s, len, rec);
  if (rc == KATA_EINVAL) return luaL_error(L, "an index with a store makes no records");
  if (rc != KATA_OK) return lk_error(L, rc);
  lua_pushlstring(L, (const char *)rec, KATA_RECORD_SIZE);
  lua_pushboolean(L, kata_record_key(rec, 0, &k));
  return 2;
}

/* Appends the stored form of the key at idx (a string or an integer) to
** b; 0 when it is neither. */
static int append_key(lua_State *L, int idx, lk_scratch_t *b) {
  int rc;
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    rc = kata_key_string(&b->A, s, len, &b->buf);
  } else if (lua_type(L, idx) == LUA_TNUMBER) {
    char k[KATA_KEY_INT_SIZE];
    long long v;
    lua_Number d = lua_tonumber(L, idx);
#if LUA_VERSION_NUM >= 503
    if (lua_isinteger(L, idx)) {
      v = (long long)lua_tointeger(L, idx);
    } else
#endif
    {
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
          (lua_Number)(long long)d != d)
        return 0;
      v = (long long)d;
    }
    rc = kata_buf_append(&b->A, &b->buf, k, kata_key_int(v, k));
  } else {
    return 0;
  }
  if (rc != KATA_OK) lk_error(L, rc);
  return 1;
}

/* idx:prepare(key, paragraph): the paragraph's prepared item (a string,
** kata_index_prepare), for idx:add_prepared of an index with the same
** options, in this process or another. idx:prepare(keys, paragraphs),
** two arrays of the same length: their items, concatenated. */
static int lki_prepare(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  size_t len, n = 1, i;
  const char *s;
  lk_scratch_t *sc, *kb;
  int rc, many = lua_istable(L, 2);
  if (many) {
    luaL_checktype(L, 3, LUA_TTABLE);
    n = (size_t)lua_rawlen(L, 3);
    if ((size_t)lua_rawlen(L, 2) != n)
      return luaL_argerror(L, 2, "as many keys as paragraphs expected");
  } else {
    luaL_checkstring(L, 3);
  }
  lua_settop(L, 3);
  sc = lk_new_scratch(L); /* 4: the items */
  kb = lk_new_scratch(L); /* 5: a key */
  for (i = 1; i <= n; i++) {
    if (many) {
      lua_rawgeti(L, 2, (lua_Integer)i);
      lua_rawgeti(L, 3, (lua_Integer)i);
    } else {
      lua_pushvalue(L, 2);
      lua_pushvalue(L, 3);
    }
    if (lua_type(L, -1) != LUA_TSTRING)
      return luaL_argerror(L, 3, lua_pushfstring(L, "paragraph %d is not a string", (int)i));
    if (lk_over_limit(L, -1)) return 2;
    kb->buf.len = 0;
    if (!append_key(L, -2, kb))
      return luaL_argerror(L, 2, many ? lua_pushfstring(L, "key %d must be a string or an integer",
                                                        (int)i)
                                      : "key must be a string or an integer");
    s = lua_tolstring(L, -1, &len);
    rc = kata_index_prepare(x, s, len, kb->buf.data, kb->buf.len, &sc->buf);
    if (rc != KATA_OK) return lk_error(L, rc);
    lua_settop(L, 5);
  }
  lua_pushlstring(L, sc->buf.data, sc->buf.len);
  return 1;
}

/* Pushes the message of a failed add (kata_index_add or _add_prepared). */
static void push_add_failure(lua_State *L, kata_index_t *x, int rc) {
  index_box_t *b = (index_box_t *)lua_touserdata(L, 1);
  if (rc == KATA_ELIMIT)
    lua_pushfstring(L, "index is full (%d paragraphs)", (int)kata_index_size(x));
  else if (b->store && b->store->readonly)
    lua_pushliteral(L, "the index's store is read-only (load_index with write = true)");
  else
    lua_pushliteral(L, "cannot write the index's store");
}

/* idx:add_prepared(items [, prefix]): adds the prepared items
** (idx:prepare's strings, concatenated) in order, as idx:add would their
** paragraphs; with prefix (a string), each under the key prefix .. key.
** Returns the hits, a flat array of five values each (the item's number,
** its key, the earlier paragraph's key, similarity, kind), and the number
** of items added or found; on a failure, also its message (the items
** after it are not looked at). */
static int lki_add_prepared(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  size_t n, off = 0, used, klen, count = 0, tlen, plen = 0;
  const char *s = luaL_checklstring(L, 2, &n), *key, *text, *prefix = NULL, *pk = NULL;
  lua_Integer nh = 0;
  long long iv;
  char err[96];
  lk_scratch_t *pb;
  if (!lua_isnoneornil(L, 3)) prefix = luaL_checklstring(L, 3, &plen);
  lua_settop(L, 3);
  pb = lk_new_scratch(L); /* 4: the prefix as a stored key */
  if (prefix) {
    int rc = kata_key_string(&pb->A, prefix, plen, &pb->buf);
    if (rc != KATA_OK) return lk_error(L, rc);
    pk = pb->buf.data;
  }
  lua_newtable(L); /* 5 */
  while (off < n) {
    kata_index_hit_t hit;
    int rc = kata_index_add_prepared(x, s + off, n - off, pk, pk ? plen + 1 : 0, &used, 1, &hit,
                                     &key, &klen, err, sizeof err);
    if (rc == KATA_EFORMAT) {
      lua_pushinteger(L, (lua_Integer)count);
      lua_pushfstring(L, "prepared item %d (byte %d) %s", (int)count + 1, (int)off + 1, err);
      return 3;
    }
    if (rc == KATA_ELIMIT || rc == KATA_EIO) {
      lua_pushinteger(L, (lua_Integer)count);
      push_add_failure(L, x, rc);
      return 3;
    }
    if (rc != KATA_OK) return lk_error(L, rc);
    count++;
    if (hit.id != KATA_NO_DUP) {
      const char *of;
      size_t olen;
      lua_pushinteger(L, (lua_Integer)count);
      lua_rawseti(L, -2, ++nh);
      if (prefix) { /* prefix .. key, as it was added: pb holds "$" .. prefix */
        kata_key_decode(key, klen, &text, &tlen, &iv);
        pb->buf.len = plen + 1;
        rc = kata_buf_append(&pb->A, &pb->buf, text, tlen);
        if (rc != KATA_OK) return lk_error(L, rc);
        lua_pushlstring(L, pb->buf.data + 1, plen + tlen);
        pk = pb->buf.data; /* it may have moved */
      } else {
        lk_push_key(L, key, klen);
      }
      lua_rawseti(L, -2, ++nh);
      of = kata_index_key(x, hit.id, &olen);
      lk_push_key(L, of, olen);
      lua_rawseti(L, -2, ++nh);
      lua_pushnumber(L, hit.similarity);
      lua_rawseti(L, -2, ++nh);
      lua_pushstring(L, kata_dup_kind_name(hit.kind));
      lua_rawseti(L, -2, ++nh);
    }
    off += used;
  }
  lua_pushinteger(L, (lua_Integer)count);
  return 2;
}

/* idx:route(record, part, n): which of n sub-parts (0 to n - 1) of part
** 0-7 keeps the record's key, or nil when it has none there; for a
** sharded index's client (kata.redis_dup). */
static int lki_route(lua_State *L) {
  size_t len;
  const char *q;
  lua_Integer part, n;
  int r;
  check_index(L, 1);
  q = luaL_checklstring(L, 2, &len);
  part = luaL_checkinteger(L, 3);
  n = luaL_checkinteger(L, 4);
  if (len != KATA_RECORD_SIZE) return luaL_argerror(L, 2, "not a record (28 bytes)");
  if (part < 0 || part >= KATA_RECORD_PARTS) return luaL_argerror(L, 3, "a part is 0 to 7");
  if (n < 1 || n > KATA_SHARD_SUBPARTS_MAX) return luaL_argerror(L, 4, "from 1 to 4096 sub-parts");
  r = kata_record_route((const unsigned char *)q, (int)part, (uint32_t)n);
  if (r < 0) lua_pushnil(L);
  else lua_pushinteger(L, r);
  return 1;
}

/* idx:pick(record, candidates): candidates is an array of {id = n, part =
** 0-7, rec = record}; the position of the hit among them, its similarity
** and kind, as idx:check would decide; nil when none. */
static int lki_pick(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  size_t len, n, i;
  const char *q = luaL_checklstring(L, 2, &len);
  kata_record_cand_t *c;
  kata_index_hit_t hit;
  if (len != KATA_RECORD_SIZE) return luaL_argerror(L, 2, "not a record (28 bytes)");
  luaL_checktype(L, 3, LUA_TTABLE);
  n = (size_t)lua_rawlen(L, 3);
  c = (kata_record_cand_t *)lua_newuserdata(L, (n ? n : 1) * sizeof *c);
  for (i = 0; i < n; i++) {
    const char *r;
    size_t rl;
    lua_Number id, part;
    lua_rawgeti(L, 3, (int)i + 1);
    if (!lua_istable(L, -1)) return luaL_argerror(L, 3, "candidates must be tables");
    /* raw fields: the strings stay anchored in the candidate tables */
    lua_pushliteral(L, "id");
    lua_rawget(L, -2);
    lua_pushliteral(L, "part");
    lua_rawget(L, -3);
    lua_pushliteral(L, "rec");
    lua_rawget(L, -4);
    id = lua_tonumber(L, -3);
    part = lua_tonumber(L, -2);
    r = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &rl) : NULL;
    if (lua_type(L, -3) != LUA_TNUMBER || lua_type(L, -2) != LUA_TNUMBER || !r ||
        rl != KATA_RECORD_SIZE || !(id >= 0 && id <= KATA_SHARD_ID_MAX) || id != (lua_Number)(uint32_t)id ||
        !(part >= 0 && part < KATA_RECORD_PARTS) || part != (lua_Number)(int)part)
      return luaL_argerror(L, 3, "a candidate needs id, part and a 28-byte rec");
    c[i].id = (uint32_t)id;
    c[i].part = (int)part;
    c[i].rec = (const unsigned char *)r; /* kept alive by the table */
    lua_pop(L, 4);
  }
  kata_record_pick(x, (const unsigned char *)q, c, n, &hit);
  if (hit.id == KATA_NO_DUP) {
    lua_pushnil(L);
    return 1;
  }
  for (i = 0; i < n && c[i].id != hit.id; i++) {}
  lua_pushinteger(L, (lua_Integer)i + 1);
  lua_pushnumber(L, hit.similarity);
  lua_pushstring(L, kata_dup_kind_name(hit.kind));
  return 3;
}

static int lki_size(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)kata_index_size(check_index(L, 1)));
  return 1;
}

static int lki_memory(lua_State *L) {
  size_t ib, kb;
  kata_index_memory(check_index(L, 1), &ib, &kb);
  lua_pushinteger(L, (lua_Integer)ib);
  lua_pushinteger(L, (lua_Integer)kb);
  return 2;
}

static int file_write(void *ud, const void *p, size_t n) {
  return fwrite(p, 1, n, (FILE *)ud) == n ? 0 : -1;
}

static size_t file_read(void *ud, void *p, size_t n) { return fread(p, 1, n, (FILE *)ud); }

/* Saves to path through a temporary file renamed over it, so a failed
** save never leaves a damaged index where a good one was. */
static int lki_save(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  const char *path = luaL_checkstring(L, 2), *tmp;
  FILE *f;
  int rc;
  tmp = lua_pushfstring(L, "%s.tmp", path);
  if (!(f = fopen(tmp, "wb"))) return lk_io_fail(L, tmp, strerror(errno));
  rc = kata_index_save(x, file_write, f);
  if (fclose(f) != 0 && rc == KATA_OK) rc = KATA_EIO;
  if (rc == KATA_OK && rename(tmp, path) != 0) rc = KATA_EIO;
  if (rc != KATA_OK) {
    const char *msg = rc == KATA_EIO ? strerror(errno) : kata_errmsg(rc);
    remove(tmp);
    return lk_io_fail(L, path, msg);
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* Returns nil and "path: its store store: msg". */
static int store_fail(lua_State *L, const char *path, const char *store, const char *msg) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: its store %s: %s", path, store, msg);
  return 2;
}

/* kata.load_index(path [, {store = file, write = bool}]): the store's
** path comes from the caller, never from the index file, and is opened
** for writing only when asked. */
static int lk_load_index(lua_State *L) {
  kata_allocator_t A = lk_allocator(L);
  const char *path = luaL_checkstring(L, 1), *store = NULL;
  char err[160];
  index_box_t *b;
  FILE *f;
  uint64_t used;
  long size;
  int rc, write = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      const char *key = lk_option_key(L, 2, "store write");
      if (strcmp(key, "write") == 0) write = lk_bool_option(L, 2, key);
      else if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, 2, "option 'store' must be a file name");
      else store = lua_tostring(L, -1); /* anchored in the options table */
      lua_pop(L, 1);
    }
  }
  b = new_index_box(L);
  if (!(f = fopen(path, "rb"))) return lk_io_fail(L, path, strerror(errno));
  rc = kata_index_load(&A, file_read, f, &b->x, err, sizeof err);
  if (rc == KATA_EFORMAT && ferror(f)) {
    fclose(f);
    return lk_io_fail(L, path, "read error");
  }
  fclose(f);
  if (rc == KATA_EFORMAT) return lk_io_fail(L, path, err);
  if (rc != KATA_OK) return lk_error(L, rc);
  if (!kata_index_has_store(b->x, &used)) {
    if (store) return lk_io_fail(L, path, "the index has no store (option 'store' given)");
    return 1;
  }
  if (!store) return lk_io_fail(L, path, "the index has a store: give its file as option 'store'");
  if (store_open(b, store, write ? "r+b" : "rb") != 0)
    return store_fail(L, path, store, strerror(errno));
  if (fseek(b->store->f, 0, SEEK_END) != 0 || (size = ftell(b->store->f)) < 0)
    return store_fail(L, path, store, strerror(errno));
  rc = kata_index_attach_store(b->x, write ? &store_io : &store_io_readonly, b->store,
                               (uint64_t)size, err, sizeof err);
  if (rc == KATA_EFORMAT) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: its store %s %s", path, store, err);
    return 2;
  }
  if (rc != KATA_OK) return lk_error(L, rc);
  return 1;
}

/* }====================================================================== */

static const luaL_Reg index_methods[] = {
  {"add", lki_add}, {"check", lki_check}, {"size", lki_size},
    {"record", lki_record}, {"pick", lki_pick}, {"route", lki_route},
  {"prepare", lki_prepare}, {"add_prepared", lki_add_prepared},
  {"save", lki_save}, {"memory", lki_memory}, {NULL, NULL}
};

static const luaL_Reg dup_funcs[] = {
  {"duplicates", lk_duplicates}, {"dedupe", lk_dedupe},
  {"index", lk_index},           {"load_index", lk_load_index},
  {NULL, NULL}
};

void lk_open_dup(lua_State *L) {
  lk_new_class(L, KATA_INDEX, index_gc);
  lk_new_class(L, KATA_TAILS, lk_box_gc);
  lk_set_methods(L, KATA_INDEX, index_methods);
  lk_add_functions(L, dup_funcs);
}
