/*
** keywords.c: counting and keywords in kata.core: count, keywords, corpus,
** stopwords, stem, language. The choices are the core's (kata_kw_*).
*/
#include <stdio.h>
#include <string.h>

#include "util.h"

#define KATA_COUNTER "kata.Counter"
#define KATA_CORPUS "kata.Corpus"
#define KATA_KEYWORDS "kata.Keywords"
#define KATA_LANGS "kata.Langs"
#define KATA_LANGS_KEY "kata.langs" /* the registry's: not the class's key */

static void free_counter(void *p) { kata_counter_free((kata_counter_t *)p); }
static void free_keywords(void *p) { kata_keywords_free((kata_keywords_t *)p); }
static void free_langs(void *p) { kata_langs_free((kata_langs_t *)p); }

/* The stop-word sets and stemmers of this Lua state: made on first use,
** kept in the registry. */
static kata_langs_t *langs(lua_State *L) {
  kata_allocator_t A;
  kata_langs_t *l;
  lk_box_t *b;
  lua_getfield(L, LUA_REGISTRYINDEX, KATA_LANGS_KEY);
  if ((l = (kata_langs_t *)lk_cached_box(L, KATA_LANGS)) != NULL) return l;
  A = lk_allocator(L);
  b = lk_new_box(L, KATA_LANGS, free_langs);
  if (!(b->p = kata_langs_new(&A))) lk_error(L, KATA_ENOMEM);
  lua_setfield(L, LUA_REGISTRYINDEX, KATA_LANGS_KEY);
  return (kata_langs_t *)b->p;
}

/* Raises at arg for an error of kata_langs_resolve with code lang. */
static int lang_error(lua_State *L, int arg, int rc, const char *lang) {
  if (rc == KATA_ENOLIST)
    return luaL_argerror(L, arg, lua_pushfstring(L, "no stop-word list for language '%s'", lang));
  if (rc == KATA_ENOSTEM)
    return luaL_argerror(L, arg, lua_pushfstring(L, "no stemmer for language '%s'", lang));
  if (rc == KATA_ELANG)
    return luaL_argerror(L, arg, lua_pushfstring(L, "unknown language '%s'", lang));
  return lk_error(L, rc);
}

static kata_counter_t *new_counter(lua_State *L) {
  kata_allocator_t A = lk_allocator(L);
  lk_box_t *b = lk_new_box(L, KATA_COUNTER, free_counter);
  if (!(b->p = kata_counter_new(&A))) lk_error(L, KATA_ENOMEM);
  return (kata_counter_t *)b->p;
}

/* {======================================================================
** Options
** ======================================================================= */

/* The options of count, keywords and corpus, parsed. */
typedef struct count_opts {
  kata_kw_opts_t kw;
  int stopwords_arg;  /* stack index of the caller's list, 0: none */
  const char *method; /* as given, or NULL */
  int corpus;         /* a corpus was given */
} count_opts_t;

#define COUNT_KEYS "fold lang stopwords stem min_length numbers ngrams unique_paragraphs"

static int corpus_closed(lua_State *L, int idx);

/* Reads option 'ngrams': an integer or a pair {lo, hi}. */
static void ngrams_option(lua_State *L, int arg, kata_kw_opts_t *o) {
  if (lua_istable(L, -1)) {
    lua_pushnil(L); /* keys 1 and 2 only: {1, 3, 5} is no range */
    while (lua_next(L, -2)) {
      lua_Number k = lua_type(L, -2) == LUA_TNUMBER ? lua_tonumber(L, -2) : 0;
      if (k != 1 && k != 2)
        luaL_argerror(L, arg, "option 'ngrams' must be an integer from 1 to 3 or a pair {lo, hi}");
      lua_pop(L, 1);
    }
    lua_rawgeti(L, -1, 1);
    o->ngram_min = lk_int_option(L, arg, "ngrams[1]", 1, 3);
    lua_pop(L, 1);
    lua_rawgeti(L, -1, 2);
    o->ngram_max = lk_int_option(L, arg, "ngrams[2]", o->ngram_min, 3);
    lua_pop(L, 1);
  } else {
    o->ngram_min = o->ngram_max = lk_int_option(L, arg, "ngrams", 1, 3);
  }
}

/*
** Parses count options at arg; extra is a space-separated list of further
** keys this function takes (n, method, corpus), all checked here.
*/
static void check_count_opts(lua_State *L, int arg, const char *extra, count_opts_t *o) {
  char allowed[256];
  memset(o, 0, sizeof *o);
  kata_kw_opts_init(&o->kw);
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  snprintf(allowed, sizeof allowed, "%s %s", COUNT_KEYS, extra);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    const char *key = lk_option_key(L, arg, allowed);
    if (strcmp(key, "fold") == 0) {
      if (lk_bool_option(L, arg, key)) o->kw.flags |= KATA_COUNT_FOLD;
      else o->kw.flags &= ~KATA_COUNT_FOLD;
    } else if (strcmp(key, "numbers") == 0) {
      if (lk_bool_option(L, arg, key)) o->kw.flags |= KATA_COUNT_NUMBERS;
    } else if (strcmp(key, "stem") == 0) {
      o->kw.stem = lk_bool_option(L, arg, key);
    } else if (strcmp(key, "unique_paragraphs") == 0) {
      o->kw.unique_paragraphs = lk_bool_option(L, arg, key);
    } else if (strcmp(key, "lang") == 0) {
      size_t llen;
      if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, arg, "option 'lang' must be a string");
      o->kw.lang = lua_tolstring(L, -1, &llen); /* anchored in the options table */
      if (strlen(o->kw.lang) != llen) luaL_argerror(L, arg, "option 'lang' has a NUL byte");
    } else if (strcmp(key, "stopwords") == 0) {
      if (lua_isboolean(L, -1)) {
        o->kw.stopwords = lua_toboolean(L, -1);
      } else if (lua_istable(L, -1)) {
        o->kw.stopwords = 0; /* the caller's instead, made by own_stopwords */
        o->stopwords_arg = -1;
      } else {
        luaL_argerror(L, arg, "option 'stopwords' must be a boolean or a table");
      }
    } else if (strcmp(key, "min_length") == 0) {
      o->kw.min_length = lk_int_option(L, arg, key, 0, 1 << 20);
    } else if (strcmp(key, "ngrams") == 0) {
      ngrams_option(L, arg, &o->kw);
    } else if (strcmp(key, "n") == 0) {
      o->kw.n = (size_t)lk_int_option(L, arg, key, 0, 1 << 30);
    } else if (strcmp(key, "method") == 0) {
      size_t mlen;
      const char *name;
      int m;
      if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, arg, "option 'method' must be a string");
      name = lua_tolstring(L, -1, &mlen);
      m = kata_kw_method_of(name, mlen);
      if (m < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "invalid method '%s'", lua_tostring(L, -1)));
      o->method = kata_kw_method_name(m);
    } else if (strcmp(key, "corpus") == 0) {
      if (!lk_is_udata(L, -1, KATA_CORPUS))
        luaL_argerror(L, arg, lua_pushfstring(L, "option 'corpus' must be a kata corpus, got %s",
                                              luaL_typename(L, -1)));
      if (corpus_closed(L, -1)) luaL_argerror(L, arg, "corpus is closed"); /* named by arg */
      o->corpus = 1; /* resolved by the caller with lua_getfield */
    }
    lua_pop(L, 1);
  }
  if (o->stopwords_arg) {
    lua_getfield(L, arg, "stopwords");
    o->stopwords_arg = lua_gettop(L); /* stays on the stack */
  }
}

/* The caller's stop words (a Lua array or set), made into a word set left
** on the stack, before the options are used. */
static void own_stopwords(lua_State *L, int arg, count_opts_t *o) {
  kata_allocator_t A = lk_allocator(L);
  kata_wordset_t *ws;
  lk_box_t *b;
  if (!o->stopwords_arg) return;
  b = lk_new_box(L, KATA_WORDSET, lk_free_wordset);
  if (!(b->p = ws = kata_wordset_new(&A))) lk_error(L, KATA_ENOMEM);
  lua_pushnil(L);
  while (lua_next(L, o->stopwords_arg)) {
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
    if (kata_wordset_add(ws, w, len) != KATA_OK) lk_error(L, KATA_ENOMEM);
    lua_pop(L, 1);
  }
  o->kw.own_stopwords = ws;
}

/* }====================================================================== */

/* {======================================================================
** Counting
** ======================================================================= */

/* Counts s (or the array of words at 1 when s is NULL) into c; the
** language settled on goes to *lang. Errors name argument arg. */
static void count_into(lua_State *L, int arg, kata_counter_t *c, count_opts_t *o,
                       const char *s, size_t len, const char **lang) {
  kata_langs_t *l = langs(L);
  int rc;
  own_stopwords(L, arg, o);
  if (s) {
    if ((rc = kata_kw_count(l, c, s, len, &o->kw, lang)) != KATA_OK)
      lang_error(L, arg, rc, o->kw.lang);
  } else {
    kata_count_opts_t co;
    kata_window_t win = {0, 0};
    size_t i, n = lua_rawlen(L, 1);
    if ((rc = kata_kw_count_opts(l, &o->kw, NULL, 0, &co, lang)) != KATA_OK)
      lang_error(L, arg, rc, o->kw.lang);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, 1, (int)i);
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, 1, lua_pushfstring(L, "word %d is a %s, not a string",
                                            (int)i, luaL_typename(L, -1)));
      s = lua_tolstring(L, -1, &len);
      if ((rc = kata_counter_add_word(c, s, len, &co, &win)) != KATA_OK) lk_error(L, rc);
      lua_pop(L, 1);
    }
  }
}

static int lk_count(lua_State *L) {
  count_opts_t o;
  if (lk_over_limit(L, 1)) return 2;
  kata_counter_t *c;
  size_t id, n, len = 0;
  const char *s = NULL;
  if (lua_type(L, 1) != LUA_TTABLE) s = luaL_checklstring(L, 1, &len);
  check_count_opts(L, 2, "", &o);
  c = new_counter(L);
  count_into(L, 2, c, &o, s, len, NULL);
  n = kata_counter_size(c);
  lua_createtable(L, 0, n > 1 << 26 ? 1 << 26 : (int)n);
  for (id = 0; id < n; id++) {
    size_t tlen;
    const char *term = kata_counter_term(c, id, &tlen);
    lua_pushlstring(L, term, tlen);
    lua_pushinteger(L, (lua_Integer)kata_counter_count(c, id));
    lua_rawset(L, -3);
  }
  return 1;
}

/* Pushes { {term=, count=, score= [, yake=]}, ... }: the keywords of s. */
static int push_keywords(lua_State *L, int arg, count_opts_t *o, const char *s, size_t len) {
  kata_langs_t *l = langs(L);
  lk_box_t *b;
  size_t i, k;
  int rc, yake = o->kw.method == KATA_KW_YAKE;
  own_stopwords(L, arg, o);
  b = lk_new_box(L, KATA_KEYWORDS, free_keywords);
  rc = kata_keywords(l, s, len, &o->kw, (kata_keywords_t **)&b->p);
  if (rc != KATA_OK) return lang_error(L, arg, rc, o->kw.lang);
  k = kata_keywords_size((kata_keywords_t *)b->p);
  lua_createtable(L, (int)k, 0);
  for (i = 0; i < k; i++) {
    const kata_keyword_t *w = kata_keywords_get((kata_keywords_t *)b->p, i);
    lua_createtable(L, 0, yake ? 4 : 3);
    lua_pushlstring(L, w->term, w->len);
    lua_setfield(L, -2, "term");
    lua_pushinteger(L, (lua_Integer)w->count);
    lua_setfield(L, -2, "count");
    lua_pushnumber(L, w->score);
    lua_setfield(L, -2, "score");
    if (yake) {
      lua_pushnumber(L, w->yake);
      lua_setfield(L, -2, "yake");
    }
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Corpus objects: the core corpus plus the counting options (a reference
** to the table given to kata.corpus) that every add and keywords call uses.
** ======================================================================= */

#define LANG_VOTES KATA_MAX_LANGS

typedef struct corpus_box {
  kata_corpus_t *k;
  int opts_ref; /* LUA_NOREF: defaults */
  /* With lang "auto": how many documents were guessed to be in each
  ** built-in language, so idf stems a term in the corpus' main language. */
  size_t votes[LANG_VOTES];
} corpus_box_t;

static int corpus_gc(lua_State *L) {
  corpus_box_t *b = (corpus_box_t *)lk_self(L);
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

/* A copy of the options table at 1 (and of the tables in it, which hold
** strings and numbers), so that later changes to the caller's do not
** count; leaves it on the stack. */
static void copy_opts(lua_State *L) {
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (lua_istable(L, -1)) {
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
}

static int lk_corpus(lua_State *L) {
  kata_allocator_t A = lk_allocator(L);
  kata_count_opts_t co;
  corpus_box_t *b;
  count_opts_t o;
  int rc, has_opts = !lua_isnoneornil(L, 1);
  check_count_opts(L, 1, "", &o); /* validated now, used on every add */
  if ((rc = kata_kw_count_opts(langs(L), &o.kw, NULL, 0, &co, NULL)) != KATA_OK)
    lang_error(L, 1, rc, o.kw.lang);
  b = (corpus_box_t *)lua_newuserdata(L, sizeof *b);
  memset(b, 0, sizeof *b);
  b->k = NULL;
  b->opts_ref = LUA_NOREF;
  luaL_setmetatable(L, KATA_CORPUS);
  if (has_opts) {
    copy_opts(L);
    b->opts_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  if (!(b->k = kata_corpus_new(&A))) lk_error(L, KATA_ENOMEM);
  return 1;
}

static int lkc_add(lua_State *L) {
  corpus_box_t *b = check_corpus(L, 1);
  size_t len, idlen = 0, i;
  const char *s = luaL_checklstring(L, 2, &len), *id = NULL, *lang;
  count_opts_t o;
  kata_counter_t *c;
  int rc, t = lua_type(L, 3);
  if (lk_over_limit(L, 2)) return 2;
  if (t != LUA_TNONE && t != LUA_TNIL) { /* "#1" for 1 and 1.0, "$1" for "1" */
    lk_encode_key(L, 3, "id");
    id = lua_tolstring(L, -1, &idlen);
  }
  corpus_opts(L, b, &o);
  c = new_counter(L);
  count_into(L, 2, c, &o, s, len, &lang);
  rc = kata_corpus_add(b->k, c, id, idlen);
  if (rc < 0) lk_error(L, rc);
  if (rc == 0) {
    const char *text;
    size_t tlen;
    long long v;
    kata_key_decode(id, idlen, &text, &tlen, &v);
    lua_pushnil(L);
    lua_pushliteral(L, "document ");
    lua_pushlstring(L, text, tlen); /* any bytes, a NUL too */
    lua_pushliteral(L, " is in the corpus already");
    lua_concat(L, 3);
    return 2;
  }
  for (i = 0; i < LANG_VOTES && kata_stoplist_lang(i); i++)
    if (strcmp(kata_stoplist_lang(i), lang) == 0) b->votes[i]++;
  lua_pushinteger(L, (lua_Integer)kata_corpus_size(b->k));
  return 1;
}

static int lkc_size(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)kata_corpus_size(check_corpus(L, 1)->k));
  return 1;
}

/* The idf of a term counted with the corpus options, in the corpus' main
** language when it guesses languages. */
static int lkc_idf(lua_State *L) {
  corpus_box_t *b = check_corpus(L, 1);
  size_t len, i, best = 0;
  const char *term = luaL_checklstring(L, 2, &len);
  count_opts_t o;
  double idf = 0;
  int rc;
  corpus_opts(L, b, &o);
  if (strcmp(o.kw.lang, "auto") == 0) {
    for (i = 1; i < LANG_VOTES && kata_stoplist_lang(i); i++)
      if (b->votes[i] > b->votes[best]) best = i;
    if (b->votes[best] > 0) o.kw.lang = kata_stoplist_lang(best);
  }
  rc = kata_kw_idf(langs(L), b->k, term, len, &o.kw, &idf);
  if (rc == KATA_EINVAL) luaL_argerror(L, 2, "term must be one to three words");
  if (rc != KATA_OK) lang_error(L, 2, rc, o.kw.lang);
  lua_pushnumber(L, idf);
  return 1;
}

/* TF-IDF keywords of the text at sarg; n from the options at oarg. */
static int keywords_in_corpus(lua_State *L, corpus_box_t *b, int sarg, int oarg) {
  size_t len;
  const char *s = luaL_checklstring(L, sarg, &len);
  count_opts_t o, call;
  if (lk_over_limit(L, sarg)) return 2;
  check_count_opts(L, oarg, "n method corpus", &call);
  if (lua_istable(L, oarg)) { /* the corpus' own counting options apply */
    lua_pushnil(L);
    while (lua_next(L, oarg)) {
      size_t klen;
      const char *key = lua_tolstring(L, -2, &klen);
      if (lk_key_allowed(COUNT_KEYS, key, klen))
        luaL_argerror(L, oarg, lua_pushfstring(L,
            "option '%s' cannot be used with a corpus (its own options apply)", key));
      lua_pop(L, 1);
    }
  }
  if (call.method && strcmp(call.method, "tfidf") != 0)
    luaL_argerror(L, oarg, "a corpus ranks by method 'tfidf' only");
  corpus_opts(L, b, &o);
  o.kw.n = call.kw.n;
  o.kw.method = KATA_KW_TFIDF;
  o.kw.corpus = b->k;
  return push_keywords(L, sarg, &o, s, len);
}

static int lkc_keywords(lua_State *L) {
  corpus_box_t *b = check_corpus(L, 1);
  return keywords_in_corpus(L, b, 2, 3);
}

/* }====================================================================== */

static int lk_keywords(lua_State *L) {
  count_opts_t o;
  size_t len;
  corpus_box_t *cb = NULL;
  int m;
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  check_count_opts(L, 2, "n method corpus", &o);
  if (o.corpus) {
    lua_getfield(L, 2, "corpus");
    cb = check_corpus(L, lua_gettop(L));
    o.kw.corpus = cb->k;
  }
  if (o.method) o.kw.method = kata_kw_method_of(o.method, strlen(o.method));
  m = kata_kw_method(&o.kw); /* the core's default: tfidf with a corpus */
  if (o.corpus && m != KATA_KW_TFIDF) /* it would be ignored */
    luaL_argerror(L, 2, lua_pushfstring(L, "option 'corpus' needs method 'tfidf', not '%s'",
                                        kata_kw_method_name(m)));
  if (m == KATA_KW_TFIDF) {
    /* The text is counted with the corpus' options, as its documents were. */
    if (!o.corpus) luaL_argerror(L, 2, "method 'tfidf' needs option 'corpus'");
    return keywords_in_corpus(L, cb, 1, 2);
  }
  o.kw.method = m;
  o.kw.corpus = NULL;
  return push_keywords(L, 2, &o, s, len);
}

/* A language code at arg: a string without NUL bytes (so "en\0zz" is not
** read as "en"), or raises. */
static const char *check_code(lua_State *L, int arg) {
  size_t len;
  const char *s = luaL_checklstring(L, arg, &len);
  if (strlen(s) != len) luaL_argerror(L, arg, "language code has a NUL byte");
  return s;
}

static int lk_stopwords(lua_State *L) {
  const char *lang = check_code(L, 1);
  size_t i, n;
  const char *const *list = kata_stoplist(lang, &n);
  if (!list) return lang_error(L, 1, KATA_ENOLIST, lang);
  lua_createtable(L, 0, (int)n);
  for (i = 0; list[i]; i++) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, list[i]);
  }
  return 1;
}

static int lk_stem(lua_State *L) {
  size_t len, outlen;
  if (lk_over_limit(L, 1)) return 2;
  const char *w = luaL_checklstring(L, 1, &len);
  const char *lang = check_code(L, 2);
  kata_stemmer_t *st;
  lk_scratch_t *sc;
  const char *r;
  int rc = kata_langs_stemmer(langs(L), lang, &st);
  if (rc != KATA_OK) return lang_error(L, 2, rc, lang);
  sc = lk_new_scratch(L); /* Snowball stems lower-case words: fold first */
  rc = kata_normalize(&sc->A, w, len, KATA_FORM_NFC, KATA_NORM_FOLD, &sc->buf, NULL);
  if (rc != KATA_OK) return lk_error(L, rc);
  r = kata_stem(st, sc->buf.data ? sc->buf.data : "", sc->buf.len, &outlen);
  if (!r) return lk_error(L, KATA_ENOMEM);
  lua_pushlstring(L, r, outlen);
  return 1;
}

static int lk_language(lua_State *L) {
  size_t len;
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  double conf;
  lua_pushstring(L, kata_language(s, len, &conf));
  lua_pushnumber(L, conf);
  return 2;
}

static const luaL_Reg corpus_methods[] = {
  {"add", lkc_add}, {"size", lkc_size}, {"idf", lkc_idf},
  {"keywords", lkc_keywords}, {NULL, NULL}
};

static const luaL_Reg keyword_funcs[] = {
  {"count", lk_count},         {"keywords", lk_keywords},
  {"corpus", lk_corpus},       {"stopwords", lk_stopwords},
  {"stem", lk_stem},           {"language", lk_language},
  {NULL, NULL}
};

void lk_open_keywords(lua_State *L) {
  lk_new_class(L, KATA_COUNTER, lk_box_gc);
  lk_new_class(L, KATA_LANGS, lk_box_gc);
  lk_new_class(L, KATA_CORPUS, corpus_gc);
  lk_new_class(L, KATA_KEYWORDS, lk_box_gc);
  lk_set_methods(L, KATA_CORPUS, corpus_methods);
  lk_add_functions(L, keyword_funcs);
}
