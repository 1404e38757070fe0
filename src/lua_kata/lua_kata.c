/*
** lua_kata.c: the Lua binding of kata's core, luaopen_kata_core.
** The only file that includes lua.h; every C resource lives in a userdata.
*/
#if !defined(_WIN32) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700 /* pread, for the index's store */
#endif
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif
#include <string.h>
#include <time.h>

#include "compat.h"
#include "kata.h"

#define KATA_SCRATCH "kata.Scratch"
#define KATA_TOKENS "kata.Tokens"

/* {======================================================================
** Scratch memory: a kata_buf_t owned by a userdata, freed by __gc, so a
** Lua error in the middle of a call leaks nothing.
** ======================================================================= */

typedef struct scratch {
  kata_allocator_t A;
  kata_buf_t buf;
} scratch_t;

static void scratch_init(lua_State *L, scratch_t *sc) {
  sc->A.f = (kata_alloc_f)lua_getallocf(L, &sc->A.ud);
  kata_buf_init(&sc->buf);
}

static scratch_t *new_scratch(lua_State *L) {
  scratch_t *sc = (scratch_t *)lua_newuserdata(L, sizeof *sc);
  scratch_init(L, sc);
  luaL_setmetatable(L, KATA_SCRATCH);
  return sc;
}

/* The userdata a metamethod (__gc, __close) was called on: argument 1,
** checked against the class its closure names in upvalue 1, as Lua's io
** library checks its FILE*. A script calling getmetatable(g).__gc(x) on
** something else gets "bad argument #1", not a crash; a second call on the
** same object finds it emptied and does nothing. */
static void *self_of(lua_State *L) {
  return luaL_checkudata(L, 1, lua_tostring(L, lua_upvalueindex(1)));
}

static int scratch_gc(lua_State *L) {
  scratch_t *sc = (scratch_t *)self_of(L);
  kata_buf_free(&sc->A, &sc->buf);
  return 0;
}

/* Raises the Lua error for a core error code. */
static int core_error(lua_State *L, int rc) {
  return luaL_error(L, "%s", kata_errmsg(rc));
}

/* }====================================================================== */

/* {======================================================================
** Arguments and options
** ======================================================================= */

typedef struct opts {
  int fold, strict, spaces, trim;
  kata_form_t form;
} opts_t;

static const char *const form_names[] = {"nfc", "nfd", "nfkc", "nfkd", NULL};

static int bool_option(lua_State *L, int arg, const char *key) {
  if (!lua_isboolean(L, -1) && !lua_isnil(L, -1))
    return luaL_argerror(L, arg,
                         lua_pushfstring(L, "option '%s' must be a boolean, got %s",
                                         key, luaL_typename(L, -1)));
  return lua_toboolean(L, -1);
}

/* Is key (klen bytes) one of the space-separated words of allowed? */
static int key_allowed(const char *allowed, const char *key, size_t klen) {
  const char *p = allowed;
  if (klen == 0 || klen != strlen(key) || strchr(key, ' ')) return 0;
  while ((p = strstr(p, key)) != NULL) {
    if ((p == allowed || p[-1] == ' ') && (p[klen] == ' ' || p[klen] == '\0'))
      return 1;
    p += klen;
  }
  return 0;
}

/* Raises "unknown option" for the key at the stack top - 1 (under lua_next). */
static void unknown_option(lua_State *L, int arg) {
  int t = lua_type(L, -2);
  if (t == LUA_TSTRING || t == LUA_TNUMBER) {
    lua_pushvalue(L, -2); /* a copy, so lua_tostring does not touch the key */
    luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'", lua_tostring(L, -1)));
  }
  luaL_argerror(L, arg, lua_pushfstring(L, "unknown option (a %s key)",
                                        luaL_typename(L, -2)));
}

/* The option key under lua_next, or raises "unknown option". */
static const char *option_key(lua_State *L, int arg, const char *allowed) {
  size_t klen;
  const char *key;
  if (lua_type(L, -2) != LUA_TSTRING) unknown_option(L, arg);
  key = lua_tolstring(L, -2, &klen);
  if (!key_allowed(allowed, key, klen)) unknown_option(L, arg);
  return key;
}

/*
** Reads the options table at arg. allowed is a space-separated list of the
** keys this function takes; any other key raises "unknown option".
*/
static void check_opts(lua_State *L, int arg, const char *allowed, opts_t *o) {
  memset(o, 0, sizeof *o);
  o->form = KATA_FORM_NONE;
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    const char *key = option_key(L, arg, allowed);
    if (strcmp(key, "fold") == 0) o->fold = bool_option(L, arg, key);
    else if (strcmp(key, "strict") == 0) o->strict = bool_option(L, arg, key);
    else if (strcmp(key, "spaces") == 0) o->spaces = bool_option(L, arg, key);
    else if (strcmp(key, "trim") == 0) o->trim = bool_option(L, arg, key);
    else if (strcmp(key, "normalize") == 0) {
      if (lua_type(L, -1) == LUA_TSTRING) {
        size_t vlen;
        const char *v = lua_tolstring(L, -1, &vlen);
        int i;
        for (i = 0; form_names[i] && strcmp(form_names[i], v) != 0; i++) {}
        if (!form_names[i] || vlen != strlen(v))
          luaL_argerror(L, arg, lua_pushfstring(L, "invalid normalize form '%s'", v));
        o->form = (kata_form_t)(KATA_FORM_NFC + i);
      } else if (!(lua_isboolean(L, -1) && !lua_toboolean(L, -1))) {
        luaL_argerror(L, arg, "option 'normalize' must be a form name or false");
      }
    }
    lua_pop(L, 1);
  }
}

/* The longest text a function takes: 2^31 - 1 bytes (2 GiB less one), so
** every offset and count a result holds fits a C int and a Lua 5.1/LuaJIT
** number exactly, whatever the platform. */
#define KATA_MAX_INPUT 2147483647u

/* When argument arg is a string over KATA_MAX_INPUT bytes (or an array
** holding one), pushes nil and "input too long (N bytes; at most ...)" and
** returns 1: the caller returns 2. Anything else is left to the usual
** checks. */
static int over_limit(lua_State *L, int arg) {
  size_t len = 0, i, n;
  char msg[96];
  if (lua_type(L, arg) == LUA_TSTRING) {
    lua_tolstring(L, arg, &len);
  } else if (lua_type(L, arg) == LUA_TTABLE) {
    n = lua_rawlen(L, arg);
    for (i = 1; i <= n && len <= KATA_MAX_INPUT; i++) {
      lua_rawgeti(L, arg, (lua_Integer)i);
      if (lua_type(L, -1) == LUA_TSTRING) lua_tolstring(L, -1, &len);
      lua_pop(L, 1);
    }
  }
  if (len <= KATA_MAX_INPUT) return 0;
  snprintf(msg, sizeof msg, "input too long (%lu bytes; at most %lu)", (unsigned long)len,
           (unsigned long)KATA_MAX_INPUT);
  lua_pushnil(L);
  lua_pushstring(L, msg);
  return 1;
}

/* In strict mode, pushes nil and "invalid UTF-8 at byte N" and returns 2. */
static int check_strict(lua_State *L, const opts_t *o, const char *s, size_t len) {
  size_t bad;
  char msg[64];
  if (!o->strict) return 0;
  bad = kata_utf8_validate(s, len);
  if (bad == len) return 0;
  snprintf(msg, sizeof msg, "invalid UTF-8 at byte %lu", (unsigned long)bad + 1);
  lua_pushnil(L);
  lua_pushstring(L, msg);
  return 2;
}

/* Pushes s[a, b), folded and/or normalised as the options say. */
static void push_text(lua_State *L, scratch_t *sc, const opts_t *o,
                      const char *s, size_t a, size_t b) {
  int rc;
  if (!o->fold && o->form == KATA_FORM_NONE) {
    lua_pushlstring(L, s + a, b - a);
    return;
  }
  sc->buf.len = 0;
  rc = kata_normalize(&sc->A, s + a, b - a, o->form,
                      o->fold ? KATA_NORM_FOLD : 0, &sc->buf, NULL);
  if (rc != KATA_OK) core_error(L, rc);
  lua_pushlstring(L, sc->buf.data, sc->buf.len);
}

/* }====================================================================== */

/* {======================================================================
** Segments, sentences, tokens
** ======================================================================= */

static int lk_segments(lua_State *L) {
  size_t len, pos = 0;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer n = 0;
  lua_newtable(L);
  while (pos < len) {
    size_t end = kata_word_next(s, len, pos);
    lua_pushlstring(L, s + pos, end - pos);
    lua_rawseti(L, -2, (int)++n);
    pos = end;
  }
  return 1;
}

static int lk_sentences(lua_State *L) {
  size_t len, pos = 0;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer n = 0;
  opts_t o;
  check_opts(L, 2, "trim", &o);
  lua_newtable(L);
  while (pos < len) {
    size_t end = kata_sentence_next(s, len, pos), a = pos, b = end;
    if (o.trim) kata_trim(s, &a, &b);
    if (b > a) {
      lua_pushlstring(L, s + a, b - a);
      lua_rawseti(L, -2, (int)++n);
    }
    pos = end;
  }
  return 1;
}

static int lk_tokenize(lua_State *L) {
  size_t len;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  kata_tokenizer_t t;
  kata_token_t tok;
  scratch_t *sc;
  lua_Integer n = 0;
  opts_t o;
  check_opts(L, 2, "fold normalize strict spaces", &o);
  if (check_strict(L, &o, s, len)) return 2;
  sc = new_scratch(L);
  lua_newtable(L);
  kata_tokenizer_init(&t, s, len, o.spaces ? KATA_TOK_SPACES : 0);
  while (kata_tokenizer_next(&t, &tok)) {
    lua_createtable(L, 0, 4);
    push_text(L, sc, &o, s, tok.start, tok.stop);
    lua_setfield(L, -2, "text");
    lua_pushstring(L, kata_kind_name(tok.kind));
    lua_setfield(L, -2, "kind");
    lua_pushinteger(L, (lua_Integer)tok.start + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)tok.stop);
    lua_setfield(L, -2, "stop");
    lua_rawseti(L, -2, (int)++n);
  }
  return 1;
}

static int lk_words(lua_State *L) {
  size_t len;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  kata_tokenizer_t t;
  kata_token_t tok;
  scratch_t *sc;
  lua_Integer n = 0;
  opts_t o;
  check_opts(L, 2, "fold normalize strict", &o);
  if (check_strict(L, &o, s, len)) return 2;
  sc = new_scratch(L);
  lua_newtable(L);
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    if (tok.kind != KATA_WORD && tok.kind != KATA_NUMBER) continue;
    push_text(L, sc, &o, s, tok.start, tok.stop);
    lua_rawseti(L, -2, (int)++n);
  }
  return 1;
}

/* The state of a kata.tokens iterator; the text is its closure's upvalue. */
typedef struct tokiter {
  kata_tokenizer_t t;
  opts_t o;
  scratch_t sc;
} tokiter_t;

static int tokiter_gc(lua_State *L) {
  tokiter_t *it = (tokiter_t *)self_of(L);
  kata_buf_free(&it->sc.A, &it->sc.buf);
  return 0;
}

static int tokens_next(lua_State *L) {
  tokiter_t *it = (tokiter_t *)lua_touserdata(L, lua_upvalueindex(1));
  kata_token_t tok;
  if (!kata_tokenizer_next(&it->t, &tok)) return 0;
  push_text(L, &it->sc, &it->o, it->t.s, tok.start, tok.stop);
  lua_pushstring(L, kata_kind_name(tok.kind));
  lua_pushinteger(L, (lua_Integer)tok.start + 1);
  lua_pushinteger(L, (lua_Integer)tok.stop);
  return 4;
}

static int lk_tokens(lua_State *L) {
  size_t len;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  tokiter_t *it;
  opts_t o;
  check_opts(L, 2, "fold normalize strict spaces", &o);
  if (check_strict(L, &o, s, len)) return 2;
  it = (tokiter_t *)lua_newuserdata(L, sizeof *it);
  it->o = o;
  scratch_init(L, &it->sc);
  kata_tokenizer_init(&it->t, s, len, o.spaces ? KATA_TOK_SPACES : 0);
  luaL_setmetatable(L, KATA_TOKENS);
  lua_pushvalue(L, 1); /* keeps the text alive while the iterator lives */
  lua_pushcclosure(L, tokens_next, 2);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Normalisation and validation
** ======================================================================= */

static int normalize_to_lua(lua_State *L, kata_form_t form, unsigned flags) {
  size_t len;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  scratch_t *sc = new_scratch(L);
  int rc = kata_normalize(&sc->A, s, len, form, flags, &sc->buf, NULL);
  if (rc != KATA_OK) return core_error(L, rc);
  lua_pushlstring(L, sc->buf.data, sc->buf.len);
  kata_buf_free(&sc->A, &sc->buf);
  return 1;
}

static int lk_normalize(lua_State *L) {
  static const char *const names[] = {"nfc", "nfd", "nfkc", "nfkd",
                                      "nfkc_casefold", NULL};
  int i;
  luaL_checkstring(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TSTRING); /* LuaJIT */
  i = luaL_checkoption(L, 2, "nfc", names);
  if (i == 4) return normalize_to_lua(L, KATA_FORM_NFKC, KATA_NORM_FOLD);
  return normalize_to_lua(L, (kata_form_t)(KATA_FORM_NFC + i), 0);
}

static int lk_casefold(lua_State *L) {
  return normalize_to_lua(L, KATA_FORM_NONE, KATA_NORM_FOLD);
}

static int lk_validate(lua_State *L) {
  size_t len;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  size_t bad = kata_utf8_validate(s, len);
  lua_pushboolean(L, bad == len);
  if (bad == len) return 1;
  lua_pushinteger(L, (lua_Integer)bad + 1);
  return 2;
}

/* }====================================================================== */


/* {======================================================================
** Counting and keywords
** ======================================================================= */

#define KATA_COUNTER "kata.Counter"
#define KATA_WORDSET "kata.Wordset"
#define KATA_STEMMER "kata.Stemmer"
#define KATA_CORPUS "kata.Corpus"

/* Boxes hold one core object each; __gc frees it (lua-zlib's pattern:
** the box exists, empty, before the object is made). */
typedef struct box {
  void *p;
  void (*free)(void *p); /* frees p; NULL-safe */
} box_t;

static void free_counter(void *p) { kata_counter_free((kata_counter_t *)p); }
static void free_wordset(void *p) { kata_wordset_free((kata_wordset_t *)p); }
static void free_stemmer(void *p) { kata_stemmer_free((kata_stemmer_t *)p); }
static void free_yake(void *p) { kata_yake_free((kata_yake_t *)p); }

static box_t *new_box(lua_State *L, const char *tname, void (*f)(void *)) {
  box_t *b = (box_t *)lua_newuserdata(L, sizeof *b);
  b->p = NULL;
  b->free = f;
  luaL_setmetatable(L, tname);
  return b;
}

static int box_gc(lua_State *L) {
  box_t *b = (box_t *)self_of(L);
  if (b->p) b->free(b->p);
  b->p = NULL;
  return 0;
}

static kata_allocator_t lua_allocator(lua_State *L) {
  kata_allocator_t A;
  A.f = (kata_alloc_f)lua_getallocf(L, &A.ud);
  return A;
}

static kata_counter_t *new_counter(lua_State *L) {
  kata_allocator_t A = lua_allocator(L);
  box_t *b = new_box(L, KATA_COUNTER, free_counter);
  b->p = kata_counter_new(&A);
  if (!b->p) core_error(L, KATA_ENOMEM);
  return (kata_counter_t *)b->p;
}

/* The options of count, keywords and corpus, parsed. */
typedef struct count_opts {
  kata_count_opts_t core;
  const char *lang;     /* "auto" or a code */
  int stem, stopwords;  /* stopwords: 0 none, 1 built-in, 2 the caller's */
  int stopwords_arg;    /* stack index of the caller's list */
  int unique_paragraphs;
  lua_Integer n;
  const char *method;
  int corpus;           /* a corpus was given */
  int ngrams_set, min_length_set; /* given by the caller */
  const char *resolved; /* the language resolve_count_opts settled on */
} count_opts_t;

#define COUNT_KEYS "fold lang stopwords stem min_length numbers ngrams unique_paragraphs"

static int int_option(lua_State *L, int arg, const char *key, lua_Integer lo,
                      lua_Integer hi) {
  lua_Number d;
  if (!lua_isnumber(L, -1))
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a number, got %s",
                                          key, luaL_typename(L, -1)));
  d = lua_tonumber(L, -1); /* checked as a number first: NaN, inf and 1e300
                           ** have no integer (LuaJIT's lua_tointeger casts) */
  if (!(d >= (lua_Number)lo && d <= (lua_Number)hi) || d != (lua_Number)(lua_Integer)d)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be an integer from %d to %d",
                                          key, (int)lo, (int)hi));
  return (int)d;
}

/* Is the value at idx a userdata with metatable tname? (luaL_testudata,
** which Lua 5.1 lacks.) */
static int is_udata(lua_State *L, int idx, const char *tname) {
  int same;
  if (!lua_isuserdata(L, idx) || !lua_getmetatable(L, idx)) return 0;
  luaL_getmetatable(L, tname);
  same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same;
}

static int corpus_closed(lua_State *L, int idx);
/* The object of the registry's cache entry at the stack top (popped): NULL
** when there is none, or it is not a box of class tname, or a script closed
** it (a __gc called through the debug library); the caller makes it anew. */
static void *cached_box(lua_State *L, const char *tname) {
  void *p = is_udata(L, -1, tname) ? ((box_t *)lua_touserdata(L, -1))->p : NULL;
  lua_pop(L, 1);
  return p;
}

static kata_stemmer_t *cached_stemmer(lua_State *L, const char *lang);
static int has_stoplist(const char *lang);

/* A language code at arg: a string without NUL bytes (so "en\0zz" is not
** read as "en"), or raises. */
static const char *check_code(lua_State *L, int arg) {
  size_t len;
  const char *s = luaL_checklstring(L, arg, &len);
  if (strlen(s) != len) luaL_argerror(L, arg, "language code has a NUL byte");
  return s;
}

/*
** Parses count options at arg; extra is a space-separated list of further
** keys this function takes (n, method, corpus), all checked here.
*/
static void check_count_opts(lua_State *L, int arg, const char *extra,
                             count_opts_t *o) {
  char allowed[256];
  memset(o, 0, sizeof *o);
  o->core.flags = KATA_COUNT_FOLD;
  o->core.min_length = 2;
  o->core.ngram_min = o->core.ngram_max = 1;
  o->lang = "auto";
  o->stopwords = 1;
  o->n = 10;
  o->method = NULL;
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  snprintf(allowed, sizeof allowed, "%s %s", COUNT_KEYS, extra);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    const char *key = option_key(L, arg, allowed);
    if (strcmp(key, "fold") == 0) {
      if (bool_option(L, arg, key)) o->core.flags |= KATA_COUNT_FOLD;
      else o->core.flags &= ~KATA_COUNT_FOLD;
    } else if (strcmp(key, "numbers") == 0) {
      if (bool_option(L, arg, key)) o->core.flags |= KATA_COUNT_NUMBERS;
    } else if (strcmp(key, "stem") == 0) {
      o->stem = bool_option(L, arg, key);
    } else if (strcmp(key, "unique_paragraphs") == 0) {
      o->unique_paragraphs = bool_option(L, arg, key);
    } else if (strcmp(key, "lang") == 0) {
      size_t llen;
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, "option 'lang' must be a string");
      o->lang = lua_tolstring(L, -1, &llen); /* anchored in the options table */
      if (strlen(o->lang) != llen) luaL_argerror(L, arg, "option 'lang' has a NUL byte");
    } else if (strcmp(key, "stopwords") == 0) {
      if (lua_isboolean(L, -1)) o->stopwords = lua_toboolean(L, -1);
      else if (lua_istable(L, -1)) o->stopwords = 2;
      else luaL_argerror(L, arg, "option 'stopwords' must be a boolean or a table");
    } else if (strcmp(key, "min_length") == 0) {
      o->core.min_length = (size_t)int_option(L, arg, key, 0, 1 << 20);
      o->min_length_set = 1;
    } else if (strcmp(key, "ngrams") == 0) {
      if (lua_istable(L, -1)) {
        int lo, hi;
        lua_pushnil(L); /* keys 1 and 2 only: {1, 3, 5} is no range */
        while (lua_next(L, -2)) {
          lua_Number k = lua_type(L, -2) == LUA_TNUMBER ? lua_tonumber(L, -2) : 0;
          if (k != 1 && k != 2)
            luaL_argerror(L, arg, "option 'ngrams' must be an integer from 1 to 3 or a pair {lo, hi}");
          lua_pop(L, 1);
        }
        lua_rawgeti(L, -1, 1);
        lo = int_option(L, arg, "ngrams[1]", 1, 3);
        lua_pop(L, 1);
        lua_rawgeti(L, -1, 2);
        hi = int_option(L, arg, "ngrams[2]", lo, 3);
        lua_pop(L, 1);
        o->ngrams_set = 1;
        o->core.ngram_min = lo;
        o->core.ngram_max = hi;
      } else {
        o->core.ngram_min = o->core.ngram_max = int_option(L, arg, key, 1, 3);
        o->ngrams_set = 1;
      }
    } else if (strcmp(key, "n") == 0) {
      o->n = int_option(L, arg, key, 0, 1 << 30);
    } else if (strcmp(key, "method") == 0) {
      static const char *const methods[] = {"frequency", "tfidf", "yake", NULL};
      int i;
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, "option 'method' must be a string");
      for (i = 0; methods[i] && strcmp(methods[i], lua_tostring(L, -1)) != 0; i++) {}
      if (!methods[i])
        luaL_argerror(L, arg, lua_pushfstring(L, "invalid method '%s'", lua_tostring(L, -1)));
      o->method = methods[i];
    } else if (strcmp(key, "corpus") == 0) {
      if (!is_udata(L, -1, KATA_CORPUS))
        luaL_argerror(L, arg, lua_pushfstring(L, "option 'corpus' must be a kata corpus, got %s",
                                              luaL_typename(L, -1)));
      if (corpus_closed(L, -1)) luaL_argerror(L, arg, "corpus is closed"); /* named by arg */
      o->corpus = 1; /* resolved by the caller with lua_getfield */
    }
    lua_pop(L, 1);
  }
  /* A code that nothing would use: neither a built-in list nor a stemmer
  ** (the lists and the stemmer, when asked for, are checked later). */
  if (o->stopwords != 1 && !o->stem && strcmp(o->lang, "auto") != 0 &&
      strcmp(o->lang, "und") != 0 && !has_stoplist(o->lang) && !cached_stemmer(L, o->lang))
    luaL_argerror(L, arg, lua_pushfstring(L, "unknown language '%s'", o->lang));
  if (o->stopwords == 2) {
    lua_getfield(L, arg, "stopwords");
    o->stopwords_arg = lua_gettop(L); /* stays on the stack */
  }
}

/* A wordset built from the Lua array or set at idx, left on the stack. */
static kata_wordset_t *wordset_from_table(lua_State *L, int idx, int arg) {
  kata_allocator_t A = lua_allocator(L);
  box_t *b = new_box(L, KATA_WORDSET, free_wordset);
  kata_wordset_t *ws;
  b->p = ws = kata_wordset_new(&A);
  if (!ws) core_error(L, KATA_ENOMEM);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    /* { "a", "b" } or { a = true } */
    int word = lua_type(L, -2) == LUA_TNUMBER ? -1 : -2;
    size_t len;
    const char *w;
    if (word == -2 && !lua_toboolean(L, -1)) {
      lua_pop(L, 1);
      continue;
    }
    if (lua_type(L, word) != LUA_TSTRING)
      luaL_argerror(L, arg, "option 'stopwords' must hold strings");
    w = lua_tolstring(L, word, &len);
    if (kata_wordset_add(ws, w, len) != KATA_OK) core_error(L, KATA_ENOMEM);
    lua_pop(L, 1);
  }
  return ws;
}

/* The built-in wordset of lang ("*": every list; "en id": those two),
** cached in the registry. */
static kata_wordset_t *builtin_wordset(lua_State *L, const char *lang) {
  kata_wordset_t *ws;
  lua_pushfstring(L, "kata.stopwords.%s", lang);
  lua_rawget(L, LUA_REGISTRYINDEX);
  if ((ws = (kata_wordset_t *)cached_box(L, KATA_WORDSET)) != NULL) return ws;
  {
    kata_allocator_t A = lua_allocator(L);
    box_t *b = new_box(L, KATA_WORDSET, free_wordset);
    size_t i, k;
    b->p = ws = kata_wordset_new(&A);
    if (!ws) core_error(L, KATA_ENOMEM);
    for (i = 0; kata_stoplist_lang(i); i++) {
      const char *const *list;
      if (strcmp(lang, "*") != 0 && !key_allowed(lang, kata_stoplist_lang(i),
                                                 strlen(kata_stoplist_lang(i))))
        continue;
      list = kata_stoplist(kata_stoplist_lang(i), NULL);
      for (k = 0; list[k]; k++)
        if (kata_wordset_add(ws, list[k], strlen(list[k])) != KATA_OK)
          core_error(L, KATA_ENOMEM);
    }
    lua_pushfstring(L, "kata.stopwords.%s", lang);
    lua_pushvalue(L, -2);
    lua_rawset(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);
  }
  return ws;
}

/* A stemmer for lang, cached in the registry; NULL if Snowball has none. */
static kata_stemmer_t *cached_stemmer(lua_State *L, const char *lang) {
  kata_stemmer_t *st;
  box_t *b;
  lua_pushfstring(L, "kata.stemmer.%s", lang);
  lua_rawget(L, LUA_REGISTRYINDEX);
  if ((st = (kata_stemmer_t *)cached_box(L, KATA_STEMMER)) != NULL) return st;
  b = new_box(L, KATA_STEMMER, free_stemmer);
  b->p = st = kata_stemmer_new(lang);
  if (!st) {
    lua_pop(L, 1);
    return NULL;
  }
  lua_pushfstring(L, "kata.stemmer.%s", lang);
  lua_pushvalue(L, -2);
  lua_rawset(L, LUA_REGISTRYINDEX);
  lua_pop(L, 1);
  return st;
}

static int has_stoplist(const char *lang) {
  return kata_stoplist(lang, NULL) != NULL;
}

/* Raises at arg when an explicit lang has no stop-word list (and stop words
** are on) or no stemmer (and stemming is on). */
static void check_lang(lua_State *L, int arg, const count_opts_t *o) {
  if (strcmp(o->lang, "auto") == 0) return;
  if (o->stopwords == 1 && !has_stoplist(o->lang))
    luaL_argerror(L, arg, lua_pushfstring(L, "no stop-word list for language '%s'", o->lang));
  if (o->stem && !cached_stemmer(L, o->lang))
    luaL_argerror(L, arg, lua_pushfstring(L, "no stemmer for language '%s'", o->lang));
}

/*
** Resolves lang, stop words and stemmer for a text (or NULL for a word
** list): "auto" guesses the language from the text, takes every built-in
** stop-word list (mixed-language news is common), and stems in the language
** guessed (no stemming when no guess).
*/
static void resolve_count_opts(lua_State *L, int arg, count_opts_t *o,
                               const char *s, size_t len) {
  const char *lang = o->lang;
  if (strcmp(lang, "auto") == 0) {
    double conf = 0;
    size_t hits[16], distinct[16], words, nl, i, best = 0;
    const kata_wordset_t *sets[16];
    for (nl = 0; nl < 16 && kata_stoplist_lang(nl); nl++)
      sets[nl] = builtin_wordset(L, kata_stoplist_lang(nl));
    nl = kata_language_hits_sets(s ? s : "", s ? len : 0, sets, nl, hits, distinct, &words);
    lang = kata_language_guess(hits, nl, words, &conf);
    /* A confident guess takes its own list, plus the list of any language
    ** with a tenth of its hits from three different stop words (an English
    ** summary in Indonesian news), so that "AS" (Amerika Serikat) stays a
    ** word in Indonesian; a weak guess takes every list. */
    if (o->stopwords == 1) {
      char names[64] = "";
      for (i = 1; i < nl; i++)
        if (hits[i] > hits[best]) best = i;
      for (i = 0; i < nl && conf >= 0.5; i++)
        if ((i == best || (distinct[i] >= 3 && hits[i] * 10 >= hits[best])) &&
            strlen(names) + strlen(kata_stoplist_lang(i)) + 2 < sizeof names) {
          if (names[0]) strcat(names, " ");
          strcat(names, kata_stoplist_lang(i));
        }
      o->core.stopwords = builtin_wordset(L, names[0] ? names : "*");
    }
  } else {
    if (o->stopwords == 1) {
      if (!has_stoplist(lang))
        luaL_argerror(L, arg, lua_pushfstring(L, "no stop-word list for language '%s'", lang));
      o->core.stopwords = builtin_wordset(L, lang);
    }
  }
  if (o->stopwords == 2) o->core.stopwords = wordset_from_table(L, o->stopwords_arg, arg);
  o->resolved = lang;
  if (o->stem && strcmp(lang, "und") != 0) {
    o->core.stemmer = cached_stemmer(L, lang);
    if (!o->core.stemmer && strcmp(o->lang, "auto") != 0)
      luaL_argerror(L, arg, lua_pushfstring(L, "no stemmer for language '%s'", lang));
  }
}

/*
** Pushes the text of s's distinct paragraphs (first occurrences, in order)
** joined by blank lines. A paragraph's fingerprint is its tokens but
** punctuation, case-folded, so changes of case, quotes, punctuation and
** spacing do not make it new.
*/
static void push_unique_paragraphs(lua_State *L, const char *s, size_t len) {
  kata_parmode_t mode = kata_paragraph_mode(s, len);
  kata_counter_t *seen = new_counter(L);
  kata_count_opts_t fp_opts;
  luaL_Buffer out;
  size_t pos = 0, a, b;
  int first = 1;
  memset(&fp_opts, 0, sizeof fp_opts);
  fp_opts.flags = KATA_COUNT_FOLD;
  fp_opts.ngram_min = fp_opts.ngram_max = 1;
  luaL_buffinit(L, &out);
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    size_t before = kata_counter_size(seen), fplen;
    kata_tokenizer_t t;
    kata_token_t tok;
    luaL_Buffer lb;
    const char *fp;
    int rc;
    /* A second buffer above `out`, closed (and its string popped) before
    ** `out` is used again: the balanced stack use luaL_Buffer allows. */
    luaL_buffinit(L, &lb);
    kata_tokenizer_init(&t, s + a, b - a, 0);
    while (kata_tokenizer_next(&t, &tok)) {
      if (tok.kind == KATA_PUNCT || tok.kind == KATA_SPACE) continue;
      luaL_addlstring(&lb, s + a + tok.start, tok.stop - tok.start);
      luaL_addchar(&lb, ' ');
    }
    luaL_pushresult(&lb);
    fp = lua_tolstring(L, -1, &fplen);
    rc = kata_counter_add_word(seen, fp, fplen, &fp_opts, NULL);
    lua_pop(L, 1);
    if (rc != KATA_OK) core_error(L, rc);
    if (kata_counter_size(seen) > before) {
      if (!first) luaL_addlstring(&out, "\n\n", 2);
      luaL_addlstring(&out, s + a, b - a);
      first = 0;
    }
  }
  luaL_pushresult(&out);
  lua_remove(L, -2); /* seen */
}

/* Counts s into c; with unique_paragraphs, each distinct paragraph once. */
static void count_text(lua_State *L, kata_counter_t *c, const count_opts_t *o,
                       const char *s, size_t len) {
  int rc;
  if (o->unique_paragraphs) {
    push_unique_paragraphs(L, s, len); /* stays on the stack: s lives on */
    s = lua_tolstring(L, -1, &len);
  }
  rc = kata_counter_add(c, s, len, &o->core);
  if (rc != KATA_OK) core_error(L, rc);
}

static void count_arg(lua_State *L, kata_counter_t *c, count_opts_t *o) {
  if (lua_type(L, 1) == LUA_TTABLE) {
    kata_window_t win = {0, 0};
    size_t i, n = lua_rawlen(L, 1);
    resolve_count_opts(L, 2, o, NULL, 0);
    for (i = 1; i <= n; i++) {
      size_t len;
      const char *w;
      int rc;
      lua_rawgeti(L, 1, (int)i);
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, 1, lua_pushfstring(L, "word %d is a %s, not a string",
                                            (int)i, luaL_typename(L, -1)));
      w = lua_tolstring(L, -1, &len);
      rc = kata_counter_add_word(c, w, len, &o->core, &win);
      if (rc != KATA_OK) core_error(L, rc);
      lua_pop(L, 1);
    }
  } else {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    resolve_count_opts(L, 2, o, s, len);
    count_text(L, c, o, s, len);
  }
}

static int lk_count(lua_State *L) {
  count_opts_t o;
  if (over_limit(L, 1)) return 2;
  kata_counter_t *c;
  size_t id, n;
  if (lua_type(L, 1) != LUA_TTABLE) luaL_checkstring(L, 1);
  check_count_opts(L, 2, "", &o);
  c = new_counter(L);
  count_arg(L, c, &o);
  n = kata_counter_size(c);
  lua_createtable(L, 0, n > 1 << 26 ? 1 << 26 : (int)n);
  for (id = 0; id < n; id++) {
    size_t len;
    const char *term = kata_counter_term(c, id, &len);
    lua_pushlstring(L, term, len);
    lua_pushinteger(L, (lua_Integer)kata_counter_count(c, id));
    lua_rawset(L, -3);
  }
  return 1;
}

/* Scratch of n ranked entries, owned by a userdata left on the stack. */
static kata_ranked_t *ranked_scratch(lua_State *L, size_t n) {
  scratch_t *sc = new_scratch(L);
  if (n > ((size_t)-1) / sizeof(kata_ranked_t)) core_error(L, KATA_ELIMIT);
  if (kata_buf_reserve(&sc->A, &sc->buf, n * sizeof(kata_ranked_t)) != KATA_OK)
    core_error(L, KATA_ENOMEM);
  return (kata_ranked_t *)(void *)sc->buf.data;
}

/* Pushes { {term=, count=, score=}, ... } for the n best of c. */
static void push_ranked(lua_State *L, kata_counter_t *c, const double *scores,
                        size_t n) {
  kata_ranked_t *r;
  size_t k, i;
  int rc;
  if (n > kata_counter_size(c)) n = kata_counter_size(c);
  r = ranked_scratch(L, n ? n : 1);
  rc = kata_counter_rank(c, scores, n, r, &k);
  if (rc != KATA_OK) core_error(L, rc);
  lua_createtable(L, (int)k, 0);
  for (i = 0; i < k; i++) {
    size_t len;
    const char *term = kata_counter_term(c, r[i].id, &len);
    lua_createtable(L, 0, 3);
    lua_pushlstring(L, term, len);
    lua_setfield(L, -2, "term");
    lua_pushinteger(L, (lua_Integer)kata_counter_count(c, r[i].id));
    lua_setfield(L, -2, "count");
    lua_pushnumber(L, r[i].score);
    lua_setfield(L, -2, "score");
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_remove(L, -2); /* the scratch */
}

/* TF-IDF scores of every term of c against corpus k, in a scratch. */
static const double *tfidf_scores(lua_State *L, kata_counter_t *c,
                                  const kata_corpus_t *k) {
  scratch_t *sc = new_scratch(L);
  size_t id, n = kata_counter_size(c);
  double *scores;
  if (kata_buf_reserve(&sc->A, &sc->buf, (n ? n : 1) * sizeof(double)) != KATA_OK)
    core_error(L, KATA_ENOMEM);
  scores = (double *)(void *)sc->buf.data;
  for (id = 0; id < n; id++) {
    size_t len;
    const char *key = kata_counter_key(c, id, &len);
    scores[id] = (double)kata_counter_count(c, id) * kata_corpus_idf(k, key, len);
  }
  return scores;
}

/* {======================================================================
** Corpus objects: the core corpus plus the counting options (a reference
** to the table given to kata.corpus) that every add and keywords call uses.
** ======================================================================= */

#define LANG_VOTES 16

typedef struct corpus_box {
  kata_corpus_t *k;
  int opts_ref; /* LUA_NOREF: defaults */
  /* With lang "auto": how many documents were guessed to be in each
  ** built-in language, so idf stems a term in the corpus' main language. */
  size_t votes[LANG_VOTES];
} corpus_box_t;

static int corpus_gc(lua_State *L) {
  corpus_box_t *b = (corpus_box_t *)self_of(L);
  kata_corpus_free(b->k);
  b->k = NULL;
  luaL_unref(L, LUA_REGISTRYINDEX, b->opts_ref);
  b->opts_ref = LUA_NOREF;
  return 0;
}

/* Is the corpus at idx (a kata.Corpus) closed? */
static int corpus_closed(lua_State *L, int idx) {
  return ((corpus_box_t *)lua_touserdata(L, idx))->k == NULL;
}

static corpus_box_t *check_corpus(lua_State *L, int arg) {
  corpus_box_t *b = (corpus_box_t *)luaL_checkudata(L, arg, KATA_CORPUS);
  if (!b->k) luaL_argerror(L, arg, "corpus is closed");
  return b;
}

/* Pushes the corpus' options table (or nil) and parses it into *o. */
static void corpus_opts(lua_State *L, corpus_box_t *b, count_opts_t *o) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, b->opts_ref);
  check_count_opts(L, lua_gettop(L), "", o);
}

static int lk_corpus(lua_State *L) {
  kata_allocator_t A = lua_allocator(L);
  corpus_box_t *b;
  count_opts_t o;
  int has_opts = !lua_isnoneornil(L, 1);
  check_count_opts(L, 1, "", &o); /* validated now, used on every add */
  check_lang(L, 1, &o);
  b = (corpus_box_t *)lua_newuserdata(L, sizeof *b);
  memset(b, 0, sizeof *b);
  b->k = NULL;
  b->opts_ref = LUA_NOREF;
  luaL_setmetatable(L, KATA_CORPUS);
  if (has_opts) { /* a copy: later changes to the caller's table, or to a
                     table in it (stopwords, ngrams), do not count */
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
      if (lua_istable(L, -1)) { /* the options' tables hold strings and numbers */
        int t = lua_gettop(L);
        lua_newtable(L);
        lua_pushnil(L);
        while (lua_next(L, t)) {
          lua_pushvalue(L, -2);
          lua_insert(L, -2);
          lua_rawset(L, -4);
        }
        lua_replace(L, t);
      }
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, -4);
    }
    b->opts_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  b->k = kata_corpus_new(&A);
  if (!b->k) core_error(L, KATA_ENOMEM);
  return 1;
}

static void encode_key(lua_State *L, int arg, const char *what);

static int lkc_add(lua_State *L) {
  corpus_box_t *b = check_corpus(L, 1);
  size_t len, idlen = 0;
  const char *s = luaL_checklstring(L, 2, &len), *id = NULL;
  count_opts_t o;
  kata_counter_t *c;
  int rc, t = lua_type(L, 3);
  if (over_limit(L, 2)) return 2;
  if (t != LUA_TNONE && t != LUA_TNIL) { /* "#1" for 1 and 1.0, "$1" for "1" */
    encode_key(L, 3, "id");
    id = lua_tolstring(L, -1, &idlen);
  }
  corpus_opts(L, b, &o);
  resolve_count_opts(L, 2, &o, s, len);
  c = new_counter(L);
  count_text(L, c, &o, s, len);
  rc = kata_corpus_add(b->k, c, id, idlen);
  if (rc < 0) core_error(L, rc);
  if (rc == 0) {
    lua_pushnil(L);
    lua_pushliteral(L, "document ");
    lua_pushlstring(L, id + 1, idlen - 1); /* any bytes, a NUL too */
    lua_pushliteral(L, " is in the corpus already");
    lua_concat(L, 3);
    return 2;
  }
  {
    size_t i;
    for (i = 0; i < LANG_VOTES && kata_stoplist_lang(i); i++)
      if (strcmp(kata_stoplist_lang(i), o.resolved) == 0) b->votes[i]++;
  }
  lua_pushinteger(L, (lua_Integer)kata_corpus_size(b->k));
  return 1;
}

static int lkc_size(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)kata_corpus_size(check_corpus(L, 1)->k));
  return 1;
}

/* The key a term is counted under with the corpus options (folded,
** stemmed; a phrase of up to three words as one n-gram). */
static int lkc_idf(lua_State *L) {
  corpus_box_t *b = check_corpus(L, 1);
  size_t len, klen;
  const char *term = luaL_checklstring(L, 2, &len), *key;
  count_opts_t o;
  kata_counter_t *c;
  kata_tokenizer_t t;
  kata_token_t tok;
  kata_window_t win = {0, 0};
  int words = 0;
  corpus_opts(L, b, &o);
  o.core.stopwords = NULL;
  o.stopwords = 0;
  o.core.min_length = 0;
  if (strcmp(o.lang, "auto") == 0) { /* the corpus' main language */
    size_t i, best = 0;
    for (i = 1; i < LANG_VOTES && kata_stoplist_lang(i); i++)
      if (b->votes[i] > b->votes[best]) best = i;
    if (b->votes[best] > 0) o.lang = kata_stoplist_lang(best);
  }
  resolve_count_opts(L, 2, &o, term, len);
  kata_tokenizer_init(&t, term, len, 0);
  while (kata_tokenizer_next(&t, &tok))
    if (tok.kind == KATA_WORD || tok.kind == KATA_NUMBER) words++;
  if (words < 1 || words > 3)
    luaL_argerror(L, 2, "term must be one to three words");
  o.core.ngram_min = o.core.ngram_max = words;
  o.core.flags |= KATA_COUNT_NUMBERS;
  c = new_counter(L);
  kata_tokenizer_init(&t, term, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    if (tok.kind != KATA_WORD && tok.kind != KATA_NUMBER) continue;
    if (kata_counter_add_word(c, term + tok.start, tok.stop - tok.start, &o.core,
                              &win) != KATA_OK)
      core_error(L, KATA_ENOMEM);
  }
  key = kata_counter_size(c) ? kata_counter_key(c, 0, &klen) : (klen = 0, "");
  lua_pushnumber(L, kata_corpus_idf(b->k, key, klen));
  return 1;
}

static int keywords_in_corpus(lua_State *L, corpus_box_t *b, int sarg, int oarg);

static int lkc_keywords(lua_State *L) {
  corpus_box_t *b = check_corpus(L, 1);
  return keywords_in_corpus(L, b, 2, 3);
}

/* TF-IDF keywords of the text at sarg; n from the options at oarg. */
static int keywords_in_corpus(lua_State *L, corpus_box_t *b, int sarg, int oarg) {
  size_t len;
  const char *s = luaL_checklstring(L, sarg, &len);
  count_opts_t o, call;
  kata_counter_t *c;
  const double *scores;
  if (over_limit(L, sarg)) return 2;
  check_count_opts(L, oarg, "n method corpus", &call);
  if (lua_istable(L, oarg)) { /* the corpus' own counting options apply */
    lua_pushnil(L);
    while (lua_next(L, oarg)) {
      size_t klen;
      const char *key = lua_tolstring(L, -2, &klen);
      if (key_allowed(COUNT_KEYS, key, klen))
        luaL_argerror(L, oarg, lua_pushfstring(L,
            "option '%s' cannot be used with a corpus (its own options apply)", key));
      lua_pop(L, 1);
    }
  }
  if (call.method && strcmp(call.method, "tfidf") != 0)
    luaL_argerror(L, oarg, "a corpus ranks by method 'tfidf' only");
  corpus_opts(L, b, &o);
  o.n = call.n;
  resolve_count_opts(L, sarg, &o, s, len);
  c = new_counter(L);
  count_text(L, c, &o, s, len);
  scores = tfidf_scores(L, c, b->k);
  push_ranked(L, c, scores, (size_t)o.n);
  return 1;
}

/* }====================================================================== */

static int yake_keywords(lua_State *L, const count_opts_t *o, const char *s,
                         size_t len);

static int lk_keywords(lua_State *L) {
  count_opts_t o;
  size_t len;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *method;
  check_count_opts(L, 2, "n method corpus", &o);
  method = o.method ? o.method : (o.corpus ? "tfidf" : "frequency");
  if (o.corpus && strcmp(method, "tfidf") != 0) /* it would be ignored */
    luaL_argerror(L, 2, lua_pushfstring(L, "option 'corpus' needs method 'tfidf', not '%s'", method));
  if (strcmp(method, "tfidf") == 0) {
    /* The text is counted with the corpus' options, as its documents were. */
    if (!o.corpus) luaL_argerror(L, 2, "method 'tfidf' needs option 'corpus'");
    lua_getfield(L, 2, "corpus");
    return keywords_in_corpus(L, check_corpus(L, lua_gettop(L)), 1, 2);
  }
  resolve_count_opts(L, 2, &o, s, len);
  if (strcmp(method, "yake") == 0) return yake_keywords(L, &o, s, len);
  {
    kata_counter_t *c = new_counter(L);
    size_t id, n;
    uint64_t total;
    scratch_t *sc;
    double *scores;
    count_text(L, c, &o, s, len);
    n = kata_counter_size(c);
    total = kata_counter_total(c);
    sc = new_scratch(L);
    if (kata_buf_reserve(&sc->A, &sc->buf, (n ? n : 1) * sizeof(double)) != KATA_OK)
      core_error(L, KATA_ENOMEM);
    scores = (double *)(void *)sc->buf.data;
    for (id = 0; id < n; id++) /* relative frequency */
      scores[id] = (double)kata_counter_count(c, id) / (double)(total ? total : 1);
    push_ranked(L, c, scores, (size_t)o.n);
  }
  return 1;
}

static int lk_stopwords(lua_State *L) {
  const char *lang = check_code(L, 1);
  size_t i, n;
  const char *const *list = kata_stoplist(lang, &n);
  if (!list)
    return luaL_argerror(L, 1, lua_pushfstring(L, "no stop-word list for language '%s'", lang));
  lua_createtable(L, 0, (int)n);
  for (i = 0; list[i]; i++) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, list[i]);
  }
  return 1;
}

static int lk_stem(lua_State *L) {
  size_t len, outlen;
  if (over_limit(L, 1)) return 2;
  const char *w = luaL_checklstring(L, 1, &len);
  const char *lang = check_code(L, 2);
  kata_stemmer_t *st = cached_stemmer(L, lang);
  scratch_t *sc;
  const char *r;
  int rc;
  if (!st) return luaL_argerror(L, 2, lua_pushfstring(L, "no stemmer for language '%s'", lang));
  sc = new_scratch(L); /* Snowball stems lower-case words: fold first */
  rc = kata_normalize(&sc->A, w, len, KATA_FORM_NFC, KATA_NORM_FOLD, &sc->buf, NULL);
  if (rc != KATA_OK) return core_error(L, rc);
  r = kata_stem(st, sc->buf.data ? sc->buf.data : "", sc->buf.len, &outlen);
  if (!r) return core_error(L, KATA_ENOMEM);
  lua_pushlstring(L, r, outlen);
  return 1;
}

static int lk_language(lua_State *L) {
  size_t len;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  double conf;
  lua_pushstring(L, kata_language(s, len, &conf));
  lua_pushnumber(L, conf);
  return 2;
}

#define KATA_YAKE "kata.Yake"


/*
** YAKE keywords: n-grams up to opts.ngrams (default 3), words shorter than
** min_length (default 3) count as stop words, as in YAKE. score is
** 1 / (1 + S) so that higher is better for every method; yake is S itself.
*/
static int yake_keywords(lua_State *L, const count_opts_t *o, const char *s,
                         size_t len) {
  kata_allocator_t A = lua_allocator(L);
  box_t *b = new_box(L, KATA_YAKE, free_yake);
  kata_yake_opts_t yo;
  kata_yake_t *y;
  size_t i, k;
  int rc;
  memset(&yo, 0, sizeof yo);
  yo.flags = o->core.flags;
  yo.ngram_max = o->ngrams_set ? o->core.ngram_max : 3;
  yo.min_length = o->min_length_set ? o->core.min_length : 3;
  yo.stopwords = o->core.stopwords;
  yo.stemmer = o->core.stemmer;
  yo.dedup = 0.9;
  if (o->unique_paragraphs) {
    push_unique_paragraphs(L, s, len);
    s = lua_tolstring(L, -1, &len);
  }
  b->p = y = kata_yake_new(&A);
  if (!y) return core_error(L, KATA_ENOMEM);
  rc = kata_yake_run(y, s, len, &yo, (size_t)o->n);
  if (rc != KATA_OK) return core_error(L, rc);
  k = kata_yake_size(y);
  lua_createtable(L, (int)k, 0);
  for (i = 0; i < k; i++) {
    size_t tlen;
    const char *term = kata_yake_term(y, i, &tlen);
    double sc = kata_yake_score(y, i);
    lua_createtable(L, 0, 4);
    lua_pushlstring(L, term, tlen);
    lua_setfield(L, -2, "term");
    lua_pushinteger(L, (lua_Integer)kata_yake_count(y, i));
    lua_setfield(L, -2, "count");
    lua_pushnumber(L, 1.0 / (1.0 + sc));
    lua_setfield(L, -2, "score");
    lua_pushnumber(L, sc);
    lua_setfield(L, -2, "yake");
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

/* {======================================================================
** Paragraphs and duplicates
** ======================================================================= */

/* The paragraph rule of option 'by' in the table at arg (nil: auto). */
static kata_parmode_t check_by(lua_State *L, int arg, const char *s, size_t len) {
  static const char *const names[] = {"auto", "blank", "line", NULL};
  int i = 0;
  if (lua_istable(L, arg)) {
    lua_getfield(L, arg, "by");
    if (!lua_isnil(L, -1)) {
      const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
      for (i = 0; v && names[i] && strcmp(names[i], v) != 0; i++) {}
      if (!v || !names[i])
        luaL_argerror(L, arg, "option 'by' must be 'auto', 'blank' or 'line'");
    }
    lua_pop(L, 1);
  }
  if (i == 1) return KATA_PAR_BLANK;
  if (i == 2) return KATA_PAR_LINE;
  return kata_paragraph_mode(s, len);
}

/* Collects the paragraph spans of s into a scratch (left on the stack):
** pairs of 0-based start and stop. Returns their number. */
static size_t paragraph_spans(lua_State *L, const char *s, size_t len,
                              kata_parmode_t mode, size_t **spans) {
  scratch_t *sc = new_scratch(L);
  size_t pos = 0, a, b, n = 0;
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    size_t pair[2];
    pair[0] = a;
    pair[1] = b;
    if (kata_buf_append(&sc->A, &sc->buf, (const char *)pair, sizeof pair) != KATA_OK)
      core_error(L, KATA_ENOMEM);
    n++;
  }
  *spans = (size_t *)(void *)sc->buf.data;
  return n;
}

static int lk_paragraphs(lua_State *L) {
  size_t len, n, i, *spans;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  opts_t unused;
  kata_parmode_t mode;
  check_opts(L, 2, "by", &unused);
  mode = check_by(L, 2, s, len);
  n = paragraph_spans(L, s, len, mode, &spans);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    lua_pushlstring(L, s + spans[2 * i], spans[2 * i + 1] - spans[2 * i]);
    lua_setfield(L, -2, "text");
    lua_pushinteger(L, (lua_Integer)spans[2 * i] + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)spans[2 * i + 1]);
    lua_setfield(L, -2, "stop");
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

#define DUP_KEYS "by threshold min_words method measure shingle boilerplate"
#define INDEX_KEYS "threshold min_words method shingle boilerplate store"

/* Parses the duplicate options at arg (allowed: the keys taken); extra
** boilerplate prefixes, lower case, go in a table left on the stack that
** *tails points into. */
static void check_dup_opts(lua_State *L, int arg, const char *allowed,
                           kata_dedup_opts_t *o, const char *const **tails) {
  const char *const *builtin = kata_dedup_tails();
  size_t nb = 0, nu = 0, i;
  scratch_t *sc;
  memset(o, 0, sizeof o[0]);
  o->threshold = 0.8;
  o->min_words = 5;
  o->near = 1;
  o->shingle = 1;
  *tails = NULL;
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    const char *key = option_key(L, arg, allowed);
    if (strcmp(key, "threshold") == 0) {
      lua_Number v = lua_tonumber(L, -1);
      if (!lua_isnumber(L, -1) || !(v >= 0 && v <= 1))
        luaL_argerror(L, arg, "option 'threshold' must be a number from 0 to 1");
      o->threshold = v;
    } else if (strcmp(key, "min_words") == 0) {
      o->min_words = (size_t)int_option(L, arg, key, 0, 1 << 30);
    } else if (strcmp(key, "shingle") == 0) {
      o->shingle = int_option(L, arg, key, 1, 5);
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
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  if (lua_istable(L, -1)) {
    nu = lua_rawlen(L, -1);
    while (builtin[nb]) nb++; /* a list extends the built-in one */
  }
  /* The prefixes, lower-cased (ASCII) copies anchored in a table. */
  lua_newtable(L);
  sc = new_scratch(L);
  if (kata_buf_reserve(&sc->A, &sc->buf, (nb + nu + 1) * sizeof(char *)) != KATA_OK)
    core_error(L, KATA_ENOMEM);
  for (i = 0; i < nb; i++) ((const char **)(void *)sc->buf.data)[i] = builtin[i];
  for (i = 0; i < nu; i++) {
    size_t plen, k;
    const char *pre;
    luaL_Buffer lb;
    lua_rawgeti(L, -3, (int)i + 1);
    if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
      luaL_argerror(L, arg, "option 'boilerplate' must be an array of strings or false");
    pre = lua_tolstring(L, -1, &plen);
    luaL_buffinit(L, &lb);
    for (k = 0; k < plen; k++)
      luaL_addchar(&lb, (char)(pre[k] >= 'A' && pre[k] <= 'Z' ? pre[k] + 32 : pre[k]));
    luaL_pushresult(&lb);
    ((const char **)(void *)sc->buf.data)[nb + i] = lua_tostring(L, -1);
    lua_rawseti(L, -4, (int)i + 1); /* anchored in the table */
    lua_pop(L, 1);
  }
  ((const char **)(void *)sc->buf.data)[nb + nu] = NULL;
  *tails = (const char *const *)(void *)sc->buf.data;
}

static const char *const dup_kinds[] = {"", "exact", "near", "teaser"};

/* Runs kata_duplicates on n texts; pushes the result table. */
static void push_duplicates(lua_State *L, const char *const *texts,
                            const size_t *lens, size_t n,
                            const kata_dedup_opts_t *o, kata_dup_t *out) {
  kata_allocator_t A = lua_allocator(L);
  size_t i;
  int rc = kata_duplicates(&A, texts, lens, n, o, out);
  if (rc != KATA_OK) core_error(L, rc);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    if (out[i].dup_of == KATA_NO_DUP) {
      lua_pushboolean(L, 0);
    } else {
      lua_createtable(L, 0, 3);
      lua_pushinteger(L, (lua_Integer)out[i].dup_of + 1);
      lua_setfield(L, -2, "dup_of");
      lua_pushnumber(L, out[i].similarity);
      lua_setfield(L, -2, "similarity");
      lua_pushstring(L, dup_kinds[out[i].kind]);
      lua_setfield(L, -2, "kind");
    }
    lua_rawseti(L, -2, (int)i + 1);
  }
}

/* Scratch arrays for n paragraphs: texts, lengths and results. */
static void dup_arrays(lua_State *L, size_t n, const char ***texts,
                       size_t **lens, kata_dup_t **out) {
  scratch_t *sc = new_scratch(L);
  size_t each = sizeof(char *) + sizeof(size_t) + sizeof(kata_dup_t);
  if (n > ((size_t)-1) / each) core_error(L, KATA_ELIMIT);
  if (kata_buf_reserve(&sc->A, &sc->buf, (n ? n : 1) * each) != KATA_OK)
    core_error(L, KATA_ENOMEM);
  *out = (kata_dup_t *)(void *)sc->buf.data;
  *lens = (size_t *)(void *)(sc->buf.data + n * sizeof(kata_dup_t));
  *texts = (const char **)(void *)(sc->buf.data + n * (sizeof(kata_dup_t) + sizeof(size_t)));
}

static int lk_duplicates(lua_State *L) {
  kata_dedup_opts_t o;
  const char *const *tails;
  const char **texts;
  size_t *lens, n, i;
  kata_dup_t *out;
  if (over_limit(L, 1)) return 2;
  if (lua_type(L, 1) != LUA_TTABLE) luaL_checkstring(L, 1);
  check_dup_opts(L, 2, DUP_KEYS, &o, &tails);
  o.tails = tails;
  if (lua_type(L, 1) == LUA_TTABLE) {
    check_by(L, 2, "", 0); /* validated even where it does not apply */
    n = lua_rawlen(L, 1);
    dup_arrays(L, n, &texts, &lens, &out);
    for (i = 0; i < n; i++) {
      lua_rawgeti(L, 1, (int)i + 1);
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, 1, lua_pushfstring(L, "paragraph %d is a %s, not a string",
                                            (int)i + 1, luaL_typename(L, -1)));
      texts[i] = lua_tolstring(L, -1, &lens[i]); /* anchored in the array */
      lua_pop(L, 1);
    }
  } else {
    size_t len, *spans;
    const char *s = lua_tolstring(L, 1, &len);
    n = paragraph_spans(L, s, len, check_by(L, 2, s, len), &spans);
    dup_arrays(L, n, &texts, &lens, &out);
    for (i = 0; i < n; i++) {
      texts[i] = s + spans[2 * i];
      lens[i] = spans[2 * i + 1] - spans[2 * i];
    }
  }
  push_duplicates(L, texts, lens, n, &o, out);
  return 1;
}

/*
** Removes the repeated paragraphs: the result is the text before the first
** paragraph, then each kept paragraph with the separator that followed it
** in the text, the last one with the text's own ending. Kept paragraphs are
** unchanged byte for byte.
*/
static int lk_dedupe(lua_State *L) {
  kata_dedup_opts_t o;
  const char *const *tails;
  const char **texts;
  size_t len, n, i, *spans, *lens, removed = 0;
  const char *s = luaL_checklstring(L, 1, &len);
  kata_dup_t *out;
  kata_allocator_t A = lua_allocator(L);
  luaL_Buffer b;
  int rc;
  if (over_limit(L, 1)) return 2;
  check_dup_opts(L, 2, DUP_KEYS, &o, &tails);
  o.tails = tails;
  n = paragraph_spans(L, s, len, check_by(L, 2, s, len), &spans);
  dup_arrays(L, n, &texts, &lens, &out);
  for (i = 0; i < n; i++) {
    texts[i] = s + spans[2 * i];
    lens[i] = spans[2 * i + 1] - spans[2 * i];
  }
  rc = kata_duplicates(&A, texts, lens, n, &o, out);
  if (rc != KATA_OK) return core_error(L, rc);
  /* The kept paragraphs, each with the separator that followed it; the
  ** last kept one with the text's own ending. */
  luaL_buffinit(L, &b);
  if (n == 0) {
    luaL_addlstring(&b, s, len);
  } else {
    size_t last = n;
    luaL_addlstring(&b, s, spans[0]);
    for (i = n; i-- > 0;)
      if (out[i].dup_of == KATA_NO_DUP) {
        last = i;
        break;
      }
    for (i = 0; i < n; i++) {
      if (out[i].dup_of != KATA_NO_DUP) {
        removed++;
        continue;
      }
      luaL_addlstring(&b, s + spans[2 * i], spans[2 * i + 1] - spans[2 * i]);
      if (i == last) luaL_addlstring(&b, s + spans[2 * (n - 1) + 1], len - spans[2 * (n - 1) + 1]);
      else luaL_addlstring(&b, s + spans[2 * i + 1], spans[2 * (i + 1)] - spans[2 * i + 1]);
    }
  }
  luaL_pushresult(&b);
  lua_pushinteger(L, (lua_Integer)removed);
  return 2;
}

/* }====================================================================== */

/* {======================================================================
** The streaming duplicate index
** ======================================================================= */

#define KATA_INDEX "kata.Index"

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
  index_box_t *b = (index_box_t *)self_of(L);
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
  kata_allocator_t A = lua_allocator(L);
  kata_dedup_opts_t o;
  const char *const *tails, *store = NULL;
  unsigned char id[KATA_STORE_ID] = {0};
  index_box_t *b;
  int rc;
  check_dup_opts(L, 1, INDEX_KEYS, &o, &tails);
  o.tails = tails;
  if (!lua_isnoneornil(L, 1)) {
    lua_getfield(L, 1, "store");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 1, "option 'store' must be a file name");
    store = lua_tostring(L, -1); /* anchored in the options table */
    lua_pop(L, 1);
  }
  b = new_index_box(L);
  if (store) {
    if (store_open(b, store, "w+b") != 0) {
      lua_pushnil(L);
      lua_pushfstring(L, "%s: %s", store, strerror(errno));
      return 2;
    }
    store_id(L, id);
  }
  errno = 0;
  rc = kata_index_new(&A, &o, store ? &store_io : NULL, b->store, id, &b->x);
  if (rc == KATA_EIO) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s", store, errno ? strerror(errno) : "write error");
    return 2;
  }
  if (rc != KATA_OK) core_error(L, rc);
  return 1;
}

/* Pushes a key as stored: "#<integer>" or "$<string>" (as corpus ids). */
static void push_key(lua_State *L, const char *k, size_t len) {
  if (len > 0 && k[0] == '#') {
    unsigned long long v = 0; /* unsigned: no overflow on -2^63 or a damaged file */
    size_t i = 1;
    int neg = len > 1 && k[1] == '-';
    for (i += (size_t)neg; i < len; i++) v = v * 10 + (unsigned)(k[i] - '0');
    lua_pushinteger(L, (lua_Integer)(neg ? 0 - v : v));
  } else {
    lua_pushlstring(L, len ? k + 1 : k, len ? len - 1 : 0);
  }
}

/* Pushes the encoded key of the argument at arg, a string or an integer
** (what names it in the message): "$" and the string's bytes, or "#" and
** the integer in decimal, exact (a float with an integral value is that
** integer). Shared by index keys and corpus ids. */
static void encode_key(lua_State *L, int arg, const char *what) {
  int t = lua_type(L, arg);
  if (t == LUA_TNUMBER) {
    char buf[32];
    long long v;
#if LUA_VERSION_NUM >= 503
    if (lua_isinteger(L, arg)) { /* any integer, math.mininteger too */
      v = (long long)lua_tointeger(L, arg);
    } else
#endif
    {
      lua_Number d = lua_tonumber(L, arg);
      /* -2^63 <= d < 2^63, both exact in a double; then (long long)d is */
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
          (lua_Number)(long long)d != d)
        luaL_argerror(L, arg, lua_pushfstring(L, "%s must be a string or an integer", what));
      v = (long long)d;
    }
    snprintf(buf, sizeof buf, "#%lld", v);
    lua_pushstring(L, buf);
  } else if (t == LUA_TSTRING) {
    lua_pushliteral(L, "$");
    lua_pushvalue(L, arg);
    lua_concat(L, 2);
  } else {
    luaL_argerror(L, arg, lua_pushfstring(L, "string or integer expected, got %s",
                                          luaL_typename(L, arg)));
  }
}

/* Looks s up (adding it when add); returns the earlier key and similarity. */
static int index_lookup(lua_State *L, kata_index_t *x, int sarg, int add) {
  size_t len, klen = 0;
  const char *s = luaL_checklstring(L, sarg, &len), *key = NULL;
  kata_index_hit_t hit;
  int rc;
  if (over_limit(L, sarg)) return 2;
  if (add) {
    encode_key(L, 2, "key");
    key = lua_tolstring(L, -1, &klen);
  }
  rc = kata_index_add(x, s, len, key, klen, add, &hit);
  if (rc == KATA_ELIMIT) {
    lua_pushnil(L);
    lua_pushfstring(L, "index is full (%d paragraphs)", (int)kata_index_size(x));
    return 2;
  }
  if (rc == KATA_EIO) {
    index_box_t *b = (index_box_t *)lua_touserdata(L, 1);
    lua_pushnil(L);
    if (b->store && b->store->readonly)
      lua_pushliteral(L, "the index's store is read-only (load_index with write = true)");
    else
      lua_pushliteral(L, "cannot write the index's store");
    return 2;
  }
  if (rc != KATA_OK) return core_error(L, rc);
  if (hit.id == KATA_NO_DUP) {
    lua_pushnil(L);
    return 1;
  }
  key = kata_index_key(x, hit.id, &klen);
  push_key(L, key, klen);
  lua_pushnumber(L, hit.similarity);
  lua_pushstring(L, dup_kinds[hit.kind]);
  return 3;
}

static int lki_add(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  luaL_checkstring(L, 3);
  return index_lookup(L, x, 3, 1);
}

static int lki_check(lua_State *L) { return index_lookup(L, check_index(L, 1), 2, 0); }

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

static size_t file_read(void *ud, void *p, size_t n) {
  return fread(p, 1, n, (FILE *)ud);
}

/* Returns nil and "path: message". */
static int io_fail(lua_State *L, const char *path, const char *msg) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: %s", path, msg);
  return 2;
}

/* Saves to path through a temporary file renamed over it, so a failed
** save never leaves a damaged index where a good one was. */
static int lki_save(lua_State *L) {
  kata_index_t *x = check_index(L, 1);
  const char *path = luaL_checkstring(L, 2), *tmp;
  FILE *f;
  int rc;
  tmp = lua_pushfstring(L, "%s.tmp", path);
  if (!(f = fopen(tmp, "wb"))) return io_fail(L, tmp, strerror(errno));
  rc = kata_index_save(x, file_write, f);
  if (fclose(f) != 0 && rc == KATA_OK) rc = KATA_EIO;
  if (rc == KATA_OK && rename(tmp, path) != 0) rc = KATA_EIO;
  if (rc != KATA_OK) {
    const char *msg = rc == KATA_EIO ? strerror(errno) : kata_errmsg(rc);
    remove(tmp);
    return io_fail(L, path, msg);
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* kata.load_index(path [, {store = file, write = bool}]): the store's
** path comes from the caller, never from the index file, and is opened
** for writing only when asked. */
static int lk_load_index(lua_State *L) {
  kata_allocator_t A = lua_allocator(L);
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
      const char *key = option_key(L, 2, "store write");
      if (strcmp(key, "write") == 0) {
        write = bool_option(L, 2, key);
      } else if (lua_type(L, -1) != LUA_TSTRING) {
        luaL_argerror(L, 2, "option 'store' must be a file name");
      } else {
        store = lua_tostring(L, -1); /* anchored in the options table */
      }
      lua_pop(L, 1);
    }
  }
  b = new_index_box(L);
  if (!(f = fopen(path, "rb"))) return io_fail(L, path, strerror(errno));
  rc = kata_index_load(&A, file_read, f, &b->x, err, sizeof err);
  if (rc == KATA_EFORMAT && ferror(f)) {
    fclose(f);
    return io_fail(L, path, "read error");
  }
  fclose(f);
  if (rc == KATA_EFORMAT) return io_fail(L, path, err);
  if (rc != KATA_OK) return core_error(L, rc);
  if (!kata_index_has_store(b->x, &used)) {
    if (store) return io_fail(L, path, "the index has no store (option 'store' given)");
    return 1;
  }
  if (!store) return io_fail(L, path, "the index has a store: give its file as option 'store'");
  if (store_open(b, store, write ? "r+b" : "rb") != 0) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: its store %s: %s", path, store, strerror(errno));
    return 2;
  }
  if (fseek(b->store->f, 0, SEEK_END) != 0 || (size = ftell(b->store->f)) < 0) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: its store %s: %s", path, store, strerror(errno));
    return 2;
  }
  rc = kata_index_attach_store(b->x, write ? &store_io : &store_io_readonly, b->store,
                               (uint64_t)size, err, sizeof err);
  if (rc == KATA_EFORMAT) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: its store %s %s", path, store, err);
    return 2;
  }
  if (rc != KATA_OK) return core_error(L, rc);
  return 1;
}

static const luaL_Reg index_methods[] = {
  {"add", lki_add}, {"check", lki_check}, {"size", lki_size},
  {"save", lki_save}, {"memory", lki_memory}, {NULL, NULL}
};

/* }====================================================================== */

/* {======================================================================
** Entities and gazetteers
** ======================================================================= */

#define KATA_TAGGER "kata.Tagger"
#define KATA_TAGGER_KEY "kata.tagger" /* the registry's tagger: not the class's key */
#define KATA_GAZETTEER "kata.Gazetteer"

static void free_tagger(void *p) { kata_tagger_free((kata_tagger_t *)p); }
static void free_gazetteer(void *p) { kata_gazetteer_free((kata_gazetteer_t *)p); }

/* The tagger of this Lua state: made on first use, kept in the registry. */
static kata_tagger_t *tagger(lua_State *L) {
  box_t *b;
  kata_tagger_t *tg;
  lua_getfield(L, LUA_REGISTRYINDEX, KATA_TAGGER_KEY);
  if ((tg = (kata_tagger_t *)cached_box(L, KATA_TAGGER)) != NULL) return tg;
  {
    kata_allocator_t A = lua_allocator(L);
    b = new_box(L, KATA_TAGGER, free_tagger);
    b->p = kata_tagger_new(&A);
    if (!b->p) core_error(L, KATA_ENOMEM);
    lua_setfield(L, LUA_REGISTRYINDEX, KATA_TAGGER_KEY);
  }
  return (kata_tagger_t *)b->p;
}

static kata_gazetteer_t *check_gazetteer(lua_State *L, int arg) {
  box_t *b = (box_t *)luaL_checkudata(L, arg, KATA_GAZETTEER);
  if (!b->p) luaL_argerror(L, arg, "gazetteer is closed");
  return (kata_gazetteer_t *)b->p;
}

/* The gazetteer at stack index idx, given in the options at arg: raises
** at arg, not at idx, when it is none or closed. */
static kata_gazetteer_t *option_gazetteer(lua_State *L, int idx, int arg) {
  if (!is_udata(L, idx, KATA_GAZETTEER))
    luaL_argerror(L, arg, "option 'gazetteer' must be a gazetteer or an array of up to 64");
  if (!((box_t *)lua_touserdata(L, idx))->p)
    luaL_argerror(L, arg, "gazetteer is closed");
  return (kata_gazetteer_t *)((box_t *)lua_touserdata(L, idx))->p;
}

/* The type named by the string at idx, or raises bad argument. */
static int check_type(lua_State *L, int idx, int arg) {
  size_t len;
  const char *name = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;
  int t = name ? kata_entity_type_of(name, len) : 0;
  if (!t)
    luaL_argerror(L, arg, lua_pushfstring(L, "unknown entity type '%s'",
                                          name ? name : luaL_typename(L, idx)));
  return t;
}

static void gaz_add(lua_State *L, kata_gazetteer_t *g, int pidx, int tidx, int vidx, int arg) {
  size_t plen, vlen = 0;
  const char *p, *v = NULL;
  int type, rc;
  if (lua_type(L, pidx) != LUA_TSTRING)
    luaL_argerror(L, arg, lua_pushfstring(L, "phrase must be a string, got %s", luaL_typename(L, pidx)));
  p = lua_tolstring(L, pidx, &plen);
  type = check_type(L, tidx, arg);
  if (vidx != 0 && !lua_isnoneornil(L, vidx)) {
    if (lua_type(L, vidx) != LUA_TSTRING && lua_type(L, vidx) != LUA_TNUMBER)
      luaL_argerror(L, arg, "value must be a string or a number");
    v = lua_tolstring(L, vidx, &vlen);
  }
  rc = kata_gazetteer_add(g, p, plen, type, v, vlen);
  if (rc == KATA_EINVAL) luaL_argerror(L, arg, "phrase has no words");
  if (rc == KATA_ELIMIT) luaL_argerror(L, arg, "phrase too long (at most 32 tokens, 1024 bytes)");
  if (rc != KATA_OK) core_error(L, rc);
}

/* kata.gazetteer([entries [, opts]]): entries an array of {phrase, type
** [, value]} or a table phrase -> type; opts {fold=, normalize=}. */
static int lk_gazetteer(lua_State *L) {
  kata_allocator_t A = lua_allocator(L);
  unsigned flags = 0;
  box_t *b;
  kata_gazetteer_t *g;
  lua_settop(L, 2);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      const char *key = option_key(L, 2, "fold normalize");
      if (bool_option(L, 2, key)) flags |= key[0] == 'f' ? KATA_GAZ_FOLD : KATA_GAZ_NFKC;
      lua_pop(L, 1);
    }
  }
  if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TTABLE);
  b = new_box(L, KATA_GAZETTEER, free_gazetteer);
  g = kata_gazetteer_new(&A, flags);
  if (!g) core_error(L, KATA_ENOMEM);
  b->p = g;
  if (!lua_isnoneornil(L, 1)) {
    lua_pushnil(L);
    while (lua_next(L, 1)) { /* key at base - 1, value at base */
      int base = lua_gettop(L);
      if (lua_type(L, base - 1) == LUA_TSTRING) { /* phrase = type */
        gaz_add(L, g, base - 1, base, 0, 1);
      } else if (lua_istable(L, base)) {
        lua_rawgeti(L, base, 1);
        lua_rawgeti(L, base, 2);
        lua_rawgeti(L, base, 3);
        gaz_add(L, g, base + 1, base + 2, base + 3, 1);
      } else {
        luaL_argerror(L, 1, "entries must be {phrase, type [, value]} tables or phrase = type");
      }
      lua_settop(L, base - 1);
    }
  }
  return 1;
}

static int lkg_add(lua_State *L) {
  kata_gazetteer_t *g = check_gazetteer(L, 1);
  luaL_checkstring(L, 2);
  if (lua_type(L, 3) != LUA_TSTRING) luaL_checkstring(L, 3);
  gaz_add(L, g, 2, 3, 4, 2);
  lua_settop(L, 1);
  return 1;
}

static int lkg_size(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)kata_gazetteer_size(check_gazetteer(L, 1)));
  return 1;
}

static int lkg_memory(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)kata_gazetteer_memory(check_gazetteer(L, 1)));
  return 1;
}

/* The largest gazetteer file g:load reads: the limit of a text. */
#define KATA_MAX_GAZFILE KATA_MAX_INPUT

/* g:load(path): nil, "path:line: message" on a bad line or file. Only a
** regular file of at most KATA_MAX_GAZFILE bytes is read: /dev/zero or a
** FIFO would be read until memory runs out, or block. */
static int lkg_load(lua_State *L) {
  kata_gazetteer_t *g = check_gazetteer(L, 1);
  const char *path = luaL_checkstring(L, 2), *msg;
  scratch_t *sc = new_scratch(L);
  FILE *f;
  size_t line = 0, before = kata_gazetteer_size(g);
  char chunk[65536], big[96];
  size_t k;
  int rc;
  snprintf(big, sizeof big, "file too large (at most %lu bytes)", (unsigned long)KATA_MAX_GAZFILE);
#ifndef _WIN32
  {
    struct stat st;
    if (stat(path, &st) != 0) return io_fail(L, path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return io_fail(L, path, "not a regular file");
    if ((uint64_t)st.st_size > KATA_MAX_GAZFILE) return io_fail(L, path, big);
  }
#endif
  if (!(f = fopen(path, "rb"))) return io_fail(L, path, strerror(errno));
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (k > KATA_MAX_GAZFILE - sc->buf.len) { /* it grew, or no stat */
      fclose(f);
      return io_fail(L, path, big);
    }
    if (kata_buf_append(&sc->A, &sc->buf, chunk, k) != KATA_OK) {
      fclose(f);
      return core_error(L, KATA_ENOMEM);
    }
  }
  if (ferror(f)) {
    fclose(f);
    return io_fail(L, path, "read error");
  }
  fclose(f);
  rc = kata_gazetteer_load(g, sc->buf.data ? sc->buf.data : "", sc->buf.len, &line, &msg);
  if (rc == KATA_EFORMAT) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s:%d: %s", path, (int)line, msg);
    return 2;
  }
  if (rc != KATA_OK) return core_error(L, rc);
  lua_pushinteger(L, (lua_Integer)(kata_gazetteer_size(g) - before));
  return 1;
}


/* The number a value starts with ("-12.5"): the core writes plain
** decimals; read without strtod, which follows the C locale. */
static double value_number(const char *v, int *frac) {
  double x = 0, scale = 1;
  int neg = *v == '-', dot = 0;
  *frac = 0;
  for (v += neg; (*v >= '0' && *v <= '9') || (*v == '.' && !dot); v++) {
    if (*v == '.') dot = 1;
    else if (dot) x += (*v - '0') * (scale /= 10);
    else x = x * 10 + (*v - '0');
  }
  *frac = dot;
  return neg ? -x : x;
}

/* Pushes the value the tagger wrote (under 10^15, at most two decimals):
** a number, {amount, currency} or a string. */
static void push_value(lua_State *L, const kata_ent_t *e) {
  const char *v = e->value;
  if (e->type == KATA_ENT_MONEY) {
    const char *sp = strchr(v, ' ');
    int frac;
    lua_createtable(L, 0, 2);
    lua_pushnumber(L, value_number(v, &frac));
    lua_setfield(L, -2, "amount");
    lua_pushstring(L, sp ? sp + 1 : "");
    lua_setfield(L, -2, "currency");
  } else if (e->type == KATA_ENT_NUMBER || e->type == KATA_ENT_PERCENT) {
    int frac;
    double d = value_number(v, &frac);
    if (!frac && d > -9e15 && d < 9e15) lua_pushinteger(L, (lua_Integer)d); /* no overflow */
    else lua_pushnumber(L, d);
  } else {
    lua_pushstring(L, v);
  }
}

/* Pushes {text, type, start, stop} for s[start, stop) (0-based, stop
** exclusive), left on the stack for a value to be added when valued (the
** table is sized for it: four fields take half the room of five). */
static void push_span(lua_State *L, const char *s, size_t start, size_t stop, int type,
                      int valued) {
  lua_createtable(L, 0, valued ? 5 : 4);
  lua_pushlstring(L, s + start, stop - start);
  lua_setfield(L, -2, "text");
  lua_pushstring(L, kata_entity_type_name(type));
  lua_setfield(L, -2, "type");
  lua_pushinteger(L, (lua_Integer)start + 1);
  lua_setfield(L, -2, "start");
  lua_pushinteger(L, (lua_Integer)stop);
  lua_setfield(L, -2, "stop");
}

static void push_entities(lua_State *L, const char *s, const kata_ent_t *e, size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    push_span(L, s, e[i].start, e[i].stop, e[i].type, e[i].gvalue || e[i].value[0] != '\0');
    if (e[i].gvalue) { /* a caller's value: the string given, as g:match has it */
      lua_pushlstring(L, e[i].gvalue, e[i].gvlen);
      lua_setfield(L, -2, "value");
    } else if (e[i].value[0]) {
      push_value(L, &e[i]);
      lua_setfield(L, -2, "value");
    }
    lua_rawseti(L, -2, (int)i + 1);
  }
}

typedef struct ents_box {
  kata_tagger_t *tg;
  kata_ent_t *e;
  size_t n;
} ents_box_t;

static int ents_gc(lua_State *L) {
  ents_box_t *b = (ents_box_t *)self_of(L);
  /* Freed through the tagger that made them, which outlives this box
  ** unless a script closed it through the debug library: then they are
  ** left, not freed through a freed tagger. */
  lua_getfield(L, LUA_REGISTRYINDEX, KATA_TAGGER_KEY);
  if (b->e && cached_box(L, KATA_TAGGER) == b->tg) kata_entities_free(b->tg, b->e, b->n);
  b->e = NULL;
  return 0;
}

#define KATA_ENTS "kata.Entities"
#define ENT_KEYS "lang types gazetteer strict"

static int lk_entities(lua_State *L) {
  size_t len, ng = 0;
  if (over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  kata_ent_opts_t o;
  kata_gazetteer_t *gs[64];
  kata_tagger_t *tg;
  ents_box_t *eb;
  int rc, strict = 0;
  memset(&o, 0, sizeof o);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      const char *key = option_key(L, 2, ENT_KEYS);
      if (strcmp(key, "lang") == 0) {
        size_t vl = 0;
        const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &vl) : "";
        if (strlen(v) != vl || (strcmp(v, "id") != 0 && strcmp(v, "en") != 0 && strcmp(v, "auto") != 0))
          luaL_argerror(L, 2, "option 'lang' must be 'id', 'en' or 'auto'");
      } else if (strcmp(key, "strict") == 0) {
        strict = bool_option(L, 2, key);
      } else if (strcmp(key, "types") == 0) {
        if (!lua_istable(L, -1)) luaL_argerror(L, 2, "option 'types' must be a set or an array of type names");
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          int t;
          if (lua_type(L, -2) == LUA_TSTRING) {
            t = check_type(L, -2, 2);
            if (lua_toboolean(L, -1)) o.types |= 1u << t;
          } else {
            t = check_type(L, -1, 2);
            o.types |= 1u << t;
          }
          lua_pop(L, 1);
        }
        if (!o.types) o.types = 1u << KATA_ENT_NTYPES; /* an empty set keeps nothing */
      } else if (strcmp(key, "gazetteer") == 0) {
        if (is_udata(L, -1, KATA_GAZETTEER)) {
          gs[ng++] = option_gazetteer(L, -1, 2);
        } else if (lua_istable(L, -1)) {
          size_t i, m = lua_rawlen(L, -1);
          for (i = 1; i <= m; i++) {
            lua_rawgeti(L, -1, (int)i);
            if (ng == 64)
              luaL_argerror(L, 2, "option 'gazetteer' must be a gazetteer or an array of up to 64");
            gs[ng++] = option_gazetteer(L, -1, 2);
            lua_pop(L, 1);
          }
        } else {
          luaL_argerror(L, 2, "option 'gazetteer' must be a gazetteer or an array of up to 64");
        }
      }
      lua_pop(L, 1);
    }
    /* No lua_getfield after the loop: an __index of the options table
    ** could run a script that closes or drops a gazetteer in gs. */
    if (strict) {
      size_t bad = kata_utf8_validate(s, len);
      if (bad < len) {
        char msg[64];
        snprintf(msg, sizeof msg, "invalid UTF-8 at byte %lu", (unsigned long)bad + 1);
        lua_pushnil(L);
        lua_pushstring(L, msg);
        return 2;
      }
    }
  }
  o.gazetteers = gs;
  o.ngazetteers = ng;
  tg = tagger(L);
  eb = (ents_box_t *)lua_newuserdata(L, sizeof *eb);
  eb->tg = tg;
  eb->e = NULL;
  eb->n = 0;
  luaL_setmetatable(L, KATA_ENTS);
  rc = kata_entities(tg, s, len, &o, &eb->e, &eb->n);
  if (rc != KATA_OK) return core_error(L, rc);
  push_entities(L, s, eb->e, eb->n);
  return 1;
}

/* A text's tokens and a key buffer for gazetteer matching, in a userdata
** whose __gc frees them, so an error while the result is built leaks
** nothing. */
#define KATA_GAZTEXT "kata.GazText"

typedef struct gaztext_box {
  kata_allocator_t A;
  kata_gazspan_t *tk;
  size_t n, cap;
  kata_buf_t scratch;
} gaztext_box_t;

static int gaztext_gc(lua_State *L) {
  gaztext_box_t *b = (gaztext_box_t *)self_of(L);
  if (b->tk) b->A.f(b->A.ud, b->tk, b->cap * sizeof *b->tk, 0);
  b->tk = NULL;
  b->n = b->cap = 0;
  kata_buf_free(&b->A, &b->scratch);
  return 0;
}

/* g:match(s): the phrases of g in s, as entities. The text is tokenized
** once; a form is made only where a lookup needs it (most tokens start no
** phrase and cost one hash). */
static int lkg_match(lua_State *L) {
  kata_gazetteer_t *g = check_gazetteer(L, 1);
  size_t len, i, n = 0;
  const char *s = luaL_checklstring(L, 2, &len);
  gaztext_box_t *b;
  kata_tokenizer_t it;
  kata_token_t tok;
  int rc;
  if (over_limit(L, 2)) return 2;
  b = (gaztext_box_t *)lua_newuserdata(L, sizeof *b);
  b->A = lua_allocator(L);
  b->tk = NULL;
  b->n = b->cap = 0;
  kata_buf_init(&b->scratch);
  luaL_setmetatable(L, KATA_GAZTEXT);
  kata_tokenizer_init(&it, s, len, 0);
  while (kata_tokenizer_next(&it, &tok)) {
    if (b->n == b->cap) {
      size_t nc = b->cap ? b->cap * 2 : 256;
      void *q = nc > (size_t)-1 / sizeof *b->tk
                    ? NULL
                    : b->A.f(b->A.ud, b->tk, b->cap * sizeof *b->tk, nc * sizeof *b->tk);
      if (!q) return core_error(L, KATA_ENOMEM);
      b->tk = (kata_gazspan_t *)q;
      b->cap = nc;
    }
    b->tk[b->n].start = tok.start;
    b->tk[b->n++].stop = tok.stop;
  }
  lua_newtable(L);
  for (i = 0; i < b->n;) {
    int type;
    const char *v;
    size_t vl, m = kata_gazetteer_next_at(&b->A, g, s, len, b->tk, b->n, &i, &b->scratch,
                                          &type, &v, &vl, &rc);
    if (rc != KATA_OK) return core_error(L, rc);
    if (!m) break; /* i == b->n */
    push_span(L, s, b->tk[i].start, b->tk[i + m - 1].stop, type, v != NULL);
    if (v) {
      lua_pushlstring(L, v, vl);
      lua_setfield(L, -2, "value");
    }
    lua_rawseti(L, -2, (int)++n);
    i += m;
  }
  return 1;
}

static const luaL_Reg gazetteer_methods[] = {
  {"add", lkg_add}, {"load", lkg_load}, {"size", lkg_size},
  {"match", lkg_match}, {"memory", lkg_memory}, {NULL, NULL}
};

/* }====================================================================== */

static const luaL_Reg corpus_methods[] = {
  {"add", lkc_add}, {"size", lkc_size}, {"idf", lkc_idf},
  {"keywords", lkc_keywords}, {NULL, NULL}
};

static const luaL_Reg kata_funcs[] = {
  {"segments", lk_segments},   {"sentences", lk_sentences},
  {"tokenize", lk_tokenize},   {"tokens", lk_tokens},
  {"words", lk_words},         {"normalize", lk_normalize},
  {"casefold", lk_casefold},   {"validate", lk_validate},
  {"count", lk_count},         {"keywords", lk_keywords},
  {"corpus", lk_corpus},       {"stopwords", lk_stopwords},
  {"stem", lk_stem},           {"language", lk_language},
  {"paragraphs", lk_paragraphs}, {"duplicates", lk_duplicates},
  {"dedupe", lk_dedupe},       {"index", lk_index},
  {"load_index", lk_load_index}, {"entities", lk_entities},
  {"gazetteer", lk_gazetteer},
  {NULL, NULL}
};

/* A class: its metatable, whose __gc (and __close) is gc with the class
** name as upvalue, for self_of. */
static void new_class(lua_State *L, const char *name, lua_CFunction gc) {
  luaL_newmetatable(L, name);
  lua_pushstring(L, name);
  lua_pushcclosure(L, gc, 1);
#if LUA_VERSION_NUM >= 504
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__close");
#endif
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
}

/* Gives the class name its methods (its __index). */
static void set_methods(lua_State *L, const char *name, const luaL_Reg *methods) {
  luaL_getmetatable(L, name);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

/* The one symbol the module exports besides kata.h's functions. */
KATA_LUA_EXPORT int luaopen_kata_core(lua_State *L);

KATA_LUA_EXPORT int luaopen_kata_core(lua_State *L) {
  new_class(L, KATA_SCRATCH, scratch_gc);
  new_class(L, KATA_TOKENS, tokiter_gc);
  new_class(L, KATA_COUNTER, box_gc);
  new_class(L, KATA_WORDSET, box_gc);
  new_class(L, KATA_STEMMER, box_gc);
  new_class(L, KATA_CORPUS, corpus_gc);
  new_class(L, KATA_YAKE, box_gc);
  new_class(L, KATA_INDEX, index_gc);
  new_class(L, KATA_TAGGER, box_gc);
  new_class(L, KATA_ENTS, ents_gc);
  new_class(L, KATA_GAZETTEER, box_gc);
  new_class(L, KATA_GAZTEXT, gaztext_gc);
  set_methods(L, KATA_GAZETTEER, gazetteer_methods);
  set_methods(L, KATA_INDEX, index_methods);
  set_methods(L, KATA_CORPUS, corpus_methods);
  luaL_newlib(L, kata_funcs);
  lua_pushliteral(L, KATA_VERSION);
  lua_setfield(L, -2, "version");
  lua_pushstring(L, kata_unicode_version());
  lua_setfield(L, -2, "unicode_version");
  return 1;
}
