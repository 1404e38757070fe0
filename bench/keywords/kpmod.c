/*
** kpmod.c: a throwaway Lua module over kata_keyphrase_run, so that
** bench/keywords/kata_run.lua can time the C method from Lua 5.4 the way a
** binding would call it (until the real binding does; not installed).
**
**   local kp = require("kpmod")
**   kp.keyphrases(s, lang, n) -> array of {term = ..., count = ..., score = ...}
*/
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "kata.h"

static void *allocf(void *ud, void *p, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(p);
    return NULL;
  }
  return realloc(p, nsize);
}

static kata_allocator_t A = {allocf, NULL};

/* One extractor, stop-word set and stemmer per language, kept for the
** process (a benchmark: never freed). */
typedef struct lang_state {
  kata_keyphrase_t *k;
  kata_wordset_t *stop;
  kata_stemmer_t *stem;
} lang_state_t;

static lang_state_t en, id;

static lang_state_t *state_of(const char *lang) {
  lang_state_t *st = strcmp(lang, "id") == 0 ? &id : &en;
  if (!st->k) {
    size_t i, n;
    const char *const *list = kata_stoplist(lang, &n);
    st->k = kata_keyphrase_new(&A);
    st->stop = kata_wordset_new(&A);
    for (i = 0; list && list[i]; i++) kata_wordset_add(st->stop, list[i], strlen(list[i]));
    st->stem = kata_stemmer_new(lang);
  }
  return st;
}

static int l_keyphrases(lua_State *L) {
  size_t len, i, n;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *lang = luaL_optstring(L, 2, "en");
  lua_Integer want = luaL_optinteger(L, 3, 10);
  lang_state_t *st = state_of(lang);
  kata_keyphrase_opts_t o;
  int rc;
  memset(&o, 0, sizeof o);
  o.ngram_max = 3;
  o.stopwords = st->stop;
  o.stemmer = st->stem;
  o.lang = lang;
  rc = kata_keyphrase_run(st->k, s, len, &o, (size_t)want);
  if (rc != KATA_OK) return luaL_error(L, "%s", kata_errmsg(rc));
  n = kata_keyphrase_size(st->k);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    size_t tl;
    const char *t = kata_keyphrase_term(st->k, i, &tl);
    lua_createtable(L, 0, 3);
    lua_pushlstring(L, t, tl);
    lua_setfield(L, -2, "term");
    lua_pushinteger(L, (lua_Integer)kata_keyphrase_count(st->k, i));
    lua_setfield(L, -2, "count");
    lua_pushnumber(L, kata_keyphrase_score(st->k, i));
    lua_setfield(L, -2, "score");
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

int luaopen_kpmod(lua_State *L);
int luaopen_kpmod(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, l_keyphrases);
  lua_setfield(L, -2, "keyphrases");
  return 1;
}
