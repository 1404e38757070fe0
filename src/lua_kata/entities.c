/*
** entities.c: entities and gazetteers in kata.core: entities, gazetteer
** and a gazetteer's methods. Values are the core's (kata_entity_value).
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#ifndef _WIN32
#include <sys/stat.h>
#endif

#include "util.h"


#define KATA_TAGGER "kata.Tagger"
#define KATA_TAGGER_KEY "kata.tagger" /* the registry's tagger: not the class's key */
#define KATA_GAZETTEER "kata.Gazetteer"

static void free_tagger(void *p) { kata_tagger_free((kata_tagger_t *)p); }
static void free_gazetteer(void *p) { kata_gazetteer_free((kata_gazetteer_t *)p); }

/* The tagger of this Lua state: made on first use, kept in the registry. */
static kata_tagger_t *tagger(lua_State *L) {
  lk_box_t *b;
  kata_tagger_t *tg;
  lua_getfield(L, LUA_REGISTRYINDEX, KATA_TAGGER_KEY);
  if ((tg = (kata_tagger_t *)lk_cached_box(L, KATA_TAGGER)) != NULL) return tg;
  {
    kata_allocator_t A = lk_allocator(L);
    b = lk_new_box(L, KATA_TAGGER, free_tagger);
    b->p = kata_tagger_new(&A);
    if (!b->p) lk_error(L, KATA_ENOMEM);
    lua_setfield(L, LUA_REGISTRYINDEX, KATA_TAGGER_KEY);
  }
  return (kata_tagger_t *)b->p;
}

static kata_gazetteer_t *check_gazetteer(lua_State *L, int arg) {
  lk_box_t *b = (lk_box_t *)luaL_checkudata(L, arg, KATA_GAZETTEER);
  if (!b->p) luaL_argerror(L, arg, "gazetteer is closed");
  return (kata_gazetteer_t *)b->p;
}

/* The gazetteer at stack index idx, given in the options at arg: raises
** at arg, not at idx, when it is none or closed. */
static kata_gazetteer_t *option_gazetteer(lua_State *L, int idx, int arg) {
  if (!lk_is_udata(L, idx, KATA_GAZETTEER))
    luaL_argerror(L, arg, "option 'gazetteer' must be a gazetteer or an array of up to 64");
  if (!((lk_box_t *)lua_touserdata(L, idx))->p)
    luaL_argerror(L, arg, "gazetteer is closed");
  return (kata_gazetteer_t *)((lk_box_t *)lua_touserdata(L, idx))->p;
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
  if (rc != KATA_OK) lk_error(L, rc);
}

/* kata.gazetteer([entries [, opts]]): entries an array of {phrase, type
** [, value]} or a table phrase -> type; opts {fold=, normalize=}. */
static int lk_gazetteer(lua_State *L) {
  kata_allocator_t A = lk_allocator(L);
  unsigned flags = 0;
  lk_box_t *b;
  kata_gazetteer_t *g;
  lua_settop(L, 2);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      const char *key = lk_option_key(L, 2, "fold normalize");
      if (lk_bool_option(L, 2, key)) flags |= key[0] == 'f' ? KATA_GAZ_FOLD : KATA_GAZ_NFKC;
      lua_pop(L, 1);
    }
  }
  if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TTABLE);
  b = lk_new_box(L, KATA_GAZETTEER, free_gazetteer);
  g = kata_gazetteer_new(&A, flags);
  if (!g) lk_error(L, KATA_ENOMEM);
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
  lk_scratch_t *sc = lk_new_scratch(L);
  FILE *f;
  size_t line = 0, before = kata_gazetteer_size(g);
  char chunk[65536], big[96];
  size_t k;
  int rc;
  snprintf(big, sizeof big, "file too large (at most %lu bytes)", (unsigned long)KATA_MAX_GAZFILE);
#ifndef _WIN32
  {
    struct stat st;
    if (stat(path, &st) != 0) return lk_io_fail(L, path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return lk_io_fail(L, path, "not a regular file");
    if ((uint64_t)st.st_size > KATA_MAX_GAZFILE) return lk_io_fail(L, path, big);
  }
#endif
  if (!(f = fopen(path, "rb"))) return lk_io_fail(L, path, strerror(errno));
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (k > KATA_MAX_GAZFILE - sc->buf.len) { /* it grew, or no stat */
      fclose(f);
      return lk_io_fail(L, path, big);
    }
    if (kata_buf_append(&sc->A, &sc->buf, chunk, k) != KATA_OK) {
      fclose(f);
      return lk_error(L, KATA_ENOMEM);
    }
  }
  if (ferror(f)) {
    fclose(f);
    return lk_io_fail(L, path, "read error");
  }
  fclose(f);
  rc = kata_gazetteer_load(g, sc->buf.data ? sc->buf.data : "", sc->buf.len, &line, &msg);
  if (rc == KATA_EFORMAT) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s:%d: %s", path, (int)line, msg);
    return 2;
  }
  if (rc != KATA_OK) return lk_error(L, rc);
  lua_pushinteger(L, (lua_Integer)(kata_gazetteer_size(g) - before));
  return 1;
}


/* Pushes a value: a number (an integer when whole), {amount, currency}
** or a string. */
static void push_value(lua_State *L, const kata_value_t *v) {
  if (v->kind == KATA_VALUE_MONEY) {
    lua_createtable(L, 0, 2);
    lua_pushnumber(L, v->number);
    lua_setfield(L, -2, "amount");
    lua_pushlstring(L, v->text, v->len);
    lua_setfield(L, -2, "currency");
  } else if (v->kind == KATA_VALUE_INTEGER) {
    lua_pushinteger(L, (lua_Integer)v->integer);
  } else if (v->kind == KATA_VALUE_NUMBER) {
    lua_pushnumber(L, v->number);
  } else {
    lua_pushlstring(L, v->text, v->len);
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
    kata_value_t v;
    kata_entity_value(&e[i], &v);
    push_span(L, s, e[i].start, e[i].stop, e[i].type, v.kind != KATA_VALUE_NONE);
    if (v.kind != KATA_VALUE_NONE) {
      push_value(L, &v);
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
  ents_box_t *b = (ents_box_t *)lk_self(L);
  /* Freed through the tagger that made them, which outlives this box
  ** unless a script closed it through the debug library: then they are
  ** left, not freed through a freed tagger. */
  lua_getfield(L, LUA_REGISTRYINDEX, KATA_TAGGER_KEY);
  if (b->e && lk_cached_box(L, KATA_TAGGER) == b->tg) kata_entities_free(b->tg, b->e, b->n);
  b->e = NULL;
  return 0;
}

#define KATA_ENTS "kata.Entities"
#define ENT_KEYS "lang types gazetteer strict model"

static int lk_entities(lua_State *L) {
  size_t len, ng = 0;
  if (lk_over_limit(L, 1)) return 2;
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
      const char *key = lk_option_key(L, 2, ENT_KEYS);
      if (strcmp(key, "lang") == 0) {
        size_t vl = 0;
        const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &vl) : "";
        if (strlen(v) != vl || (strcmp(v, "id") != 0 && strcmp(v, "en") != 0 && strcmp(v, "auto") != 0))
          luaL_argerror(L, 2, "option 'lang' must be 'id', 'en' or 'auto'");
      } else if (strcmp(key, "strict") == 0) {
        strict = lk_bool_option(L, 2, key);
      } else if (strcmp(key, "model") == 0) {
        o.no_model = !lk_bool_option(L, 2, key);
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
        if (lk_is_udata(L, -1, KATA_GAZETTEER)) {
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
    if (lk_invalid_utf8(L, strict, s, len)) return 2;
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
  if (rc != KATA_OK) return lk_error(L, rc);
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
  gaztext_box_t *b = (gaztext_box_t *)lk_self(L);
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
  if (lk_over_limit(L, 2)) return 2;
  b = (gaztext_box_t *)lua_newuserdata(L, sizeof *b);
  b->A = lk_allocator(L);
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
      if (!q) return lk_error(L, KATA_ENOMEM);
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
    if (rc != KATA_OK) return lk_error(L, rc);
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

/* kata.entities_model(data): the name model's weights for this state's
** tagger (a file tools/train_ner.lua writes, as a string); false: no
** model, the rules alone; nil: the built-in weights. true, or nil and a
** message for bytes that are not such a file or are damaged. */
static int lk_entities_model(lua_State *L) {
  kata_tagger_t *tg;
  size_t len = 0;
  const char *data = NULL;
  int rc;
  if (lua_isnoneornil(L, 1)) {
    data = "";
  } else if (lua_type(L, 1) == LUA_TBOOLEAN) {
    if (lua_toboolean(L, 1)) luaL_argerror(L, 1, "string, false or nil expected");
  } else {
    data = luaL_checklstring(L, 1, &len);
    if (len == 0) luaL_argerror(L, 1, "empty weights");
  }
  tg = tagger(L);
  rc = kata_tagger_model(tg, data, len);
  if (rc == KATA_EFORMAT) {
    lua_pushnil(L);
    lua_pushstring(L, "not a kata-ner 1 weights file, or a damaged one (header, sizes, bitmap or checksum)");
    return 2;
  }
  if (rc != KATA_OK) return lk_error(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

static const luaL_Reg entity_funcs[] = {
  {"entities", lk_entities}, {"entities_model", lk_entities_model}, {"gazetteer", lk_gazetteer},
  {NULL, NULL}
};

void lk_open_entities(lua_State *L) {
  lk_new_class(L, KATA_TAGGER, lk_box_gc);
  lk_new_class(L, KATA_ENTS, ents_gc);
  lk_new_class(L, KATA_GAZETTEER, lk_box_gc);
  lk_new_class(L, KATA_GAZTEXT, gaztext_gc);
  lk_set_methods(L, KATA_GAZETTEER, gazetteer_methods);
  lk_add_functions(L, entity_funcs);
}
