/*
** util.c: what the areas of the Lua binding share: scratch memory and
** boxes, option parsing, the input limit, errors and stored keys.
*/
#include <stdio.h>
#include <string.h>

#include "util.h"

/* {======================================================================
** Memory
** ======================================================================= */

kata_allocator_t lk_allocator(lua_State *L) {
  kata_allocator_t A;
  A.f = (kata_alloc_f)lua_getallocf(L, &A.ud);
  return A;
}

void lk_scratch_init(lua_State *L, lk_scratch_t *sc) {
  sc->A = lk_allocator(L);
  kata_buf_init(&sc->buf);
}

lk_scratch_t *lk_new_scratch(lua_State *L) {
  lk_scratch_t *sc = (lk_scratch_t *)lua_newuserdata(L, sizeof *sc);
  lk_scratch_init(L, sc);
  luaL_setmetatable(L, KATA_SCRATCH);
  return sc;
}

/* The userdata a metamethod (__gc, __close) was called on: argument 1,
** checked against the class its closure names in upvalue 1, as Lua's io
** library checks its FILE*. A script calling getmetatable(g).__gc(x) on
** something else gets "bad argument #1", not a crash; a second call on the
** same object finds it emptied and does nothing. */
void *lk_self(lua_State *L) {
  return luaL_checkudata(L, 1, lua_tostring(L, lua_upvalueindex(1)));
}

static int scratch_gc(lua_State *L) {
  lk_scratch_t *sc = (lk_scratch_t *)lk_self(L);
  kata_buf_free(&sc->A, &sc->buf);
  return 0;
}

lk_box_t *lk_new_box(lua_State *L, const char *tname, void (*f)(void *)) {
  lk_box_t *b = (lk_box_t *)lua_newuserdata(L, sizeof *b);
  b->p = NULL;
  b->free = f;
  luaL_setmetatable(L, tname);
  return b;
}

int lk_box_gc(lua_State *L) {
  lk_box_t *b = (lk_box_t *)lk_self(L);
  if (b->p) b->free(b->p);
  b->p = NULL;
  return 0;
}

void lk_free_wordset(void *p) { kata_wordset_free((kata_wordset_t *)p); }

/* (luaL_testudata, which Lua 5.1 lacks.) */
int lk_is_udata(lua_State *L, int idx, const char *tname) {
  int same;
  if (!lua_isuserdata(L, idx) || !lua_getmetatable(L, idx)) return 0;
  luaL_getmetatable(L, tname);
  same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same;
}

/* A script may close a cached object (a __gc called through the debug
** library): then the caller makes it anew. */
void *lk_cached_box(lua_State *L, const char *tname) {
  void *p = lk_is_udata(L, -1, tname) ? ((lk_box_t *)lua_touserdata(L, -1))->p : NULL;
  lua_pop(L, 1);
  return p;
}

/* The class name is gc's upvalue, for lk_self. */
void lk_new_class(lua_State *L, const char *name, lua_CFunction gc) {
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

void lk_set_methods(lua_State *L, const char *name, const luaL_Reg *methods) {
  luaL_getmetatable(L, name);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

void lk_add_functions(lua_State *L, const luaL_Reg *l) { luaL_setfuncs(L, l, 0); }

void lk_open_util(lua_State *L) {
  lk_new_class(L, KATA_SCRATCH, scratch_gc);
  lk_new_class(L, KATA_WORDSET, lk_box_gc);
}

/* }====================================================================== */

/* {======================================================================
** Options
** ======================================================================= */

static const char *const form_names[] = {"nfc", "nfd", "nfkc", "nfkd", NULL};

int lk_bool_option(lua_State *L, int arg, const char *key) {
  if (!lua_isboolean(L, -1) && !lua_isnil(L, -1))
    return luaL_argerror(L, arg,
                         lua_pushfstring(L, "option '%s' must be a boolean, got %s",
                                         key, luaL_typename(L, -1)));
  return lua_toboolean(L, -1);
}

int lk_int_option(lua_State *L, int arg, const char *key, lua_Integer lo, lua_Integer hi) {
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

/* Is key (klen bytes) one of the space-separated words of allowed? */
int lk_key_allowed(const char *allowed, const char *key, size_t klen) {
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
const char *lk_option_key(lua_State *L, int arg, const char *allowed) {
  size_t klen;
  const char *key;
  if (lua_type(L, -2) != LUA_TSTRING) unknown_option(L, arg);
  key = lua_tolstring(L, -2, &klen);
  if (!lk_key_allowed(allowed, key, klen)) unknown_option(L, arg);
  return key;
}

/*
** Reads the options table at arg. allowed is a space-separated list of the
** keys this function takes; any other key raises "unknown option".
*/
void lk_check_opts(lua_State *L, int arg, const char *allowed, lk_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->form = KATA_FORM_NONE;
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    const char *key = lk_option_key(L, arg, allowed);
    if (strcmp(key, "fold") == 0) o->fold = lk_bool_option(L, arg, key);
    else if (strcmp(key, "strict") == 0) o->strict = lk_bool_option(L, arg, key);
    else if (strcmp(key, "spaces") == 0) o->spaces = lk_bool_option(L, arg, key);
    else if (strcmp(key, "trim") == 0) o->trim = lk_bool_option(L, arg, key);
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

kata_parmode_t lk_check_by(lua_State *L, int arg, const char *s, size_t len) {
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

/* }====================================================================== */

/* {======================================================================
** Limits and errors
** ======================================================================= */

/* When argument arg is a string over KATA_MAX_INPUT bytes (or an array
** holding one), pushes nil and "input too long (N bytes; at most ...)" and
** returns 1: the caller returns 2. Anything else is left to the usual
** checks. */
int lk_over_limit(lua_State *L, int arg) {
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

/* In strict mode, pushes nil and "invalid UTF-8 at byte N" and returns 2
** when s is not valid UTF-8. */
int lk_invalid_utf8(lua_State *L, int strict, const char *s, size_t len) {
  size_t bad;
  char msg[64];
  if (!strict) return 0;
  bad = kata_utf8_validate(s, len);
  if (bad == len) return 0;
  snprintf(msg, sizeof msg, "invalid UTF-8 at byte %lu", (unsigned long)bad + 1);
  lua_pushnil(L);
  lua_pushstring(L, msg);
  return 2;
}

/* Pushes s[a, b), folded and/or normalised as the options say. */
void lk_push_text(lua_State *L, lk_scratch_t *sc, const lk_opts_t *o, const char *s,
                  size_t a, size_t b) {
  int rc;
  if (!o->fold && o->form == KATA_FORM_NONE) {
    lua_pushlstring(L, s + a, b - a);
    return;
  }
  sc->buf.len = 0;
  rc = kata_normalize(&sc->A, s + a, b - a, o->form, o->fold ? KATA_NORM_FOLD : 0, &sc->buf,
                      NULL);
  if (rc != KATA_OK) lk_error(L, rc);
  lua_pushlstring(L, sc->buf.data, sc->buf.len);
}

int lk_error(lua_State *L, int rc) { return luaL_error(L, "%s", kata_errmsg(rc)); }

int lk_io_fail(lua_State *L, const char *path, const char *msg) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: %s", path, msg);
  return 2;
}

/* }====================================================================== */

/* {======================================================================
** Stored keys (index keys, corpus ids): kata_key_* in the core
** ======================================================================= */

/* An integer is stored exactly; a float with an integral value is that
** integer. */
void lk_encode_key(lua_State *L, int arg, const char *what) {
  int t = lua_type(L, arg);
  if (t == LUA_TNUMBER) {
    char buf[KATA_KEY_INT_SIZE];
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
    lua_pushlstring(L, buf, kata_key_int(v, buf));
  } else if (t == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, arg, &len);
    lk_scratch_t *sc = lk_new_scratch(L);
    if (kata_key_string(&sc->A, s, len, &sc->buf) != KATA_OK) lk_error(L, KATA_ENOMEM);
    lua_pushlstring(L, sc->buf.data, sc->buf.len);
    kata_buf_free(&sc->A, &sc->buf);
    lua_remove(L, -2); /* the scratch */
  } else {
    luaL_argerror(L, arg, lua_pushfstring(L, "string or integer expected, got %s",
                                          luaL_typename(L, arg)));
  }
}

void lk_push_key(lua_State *L, const char *k, size_t len) {
  const char *text;
  size_t tlen;
  long long v;
  if (kata_key_decode(k, len, &text, &tlen, &v) == KATA_KEY_INTEGER)
    lua_pushinteger(L, (lua_Integer)v);
  else
    lua_pushlstring(L, text, tlen);
}

/* }====================================================================== */
