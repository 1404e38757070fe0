/*
** lua_kata.c: the Lua binding of kata's core, luaopen_kata_core.
** The only file that includes lua.h; every C resource lives in a userdata.
*/
#include <stdio.h>
#include <string.h>

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

static int scratch_gc(lua_State *L) {
  scratch_t *sc = (scratch_t *)lua_touserdata(L, 1);
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
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    const char *hit = key ? strstr(allowed, key) : NULL;
    size_t klen = key ? strlen(key) : 0;
    if (!key || klen == 0 || !hit || (hit != allowed && hit[-1] != ' ') ||
        (hit[klen] != ' ' && hit[klen] != '\0')) {
      lua_pushvalue(L, -2);
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'",
                                            lua_tostring(L, -1)));
    }
    if (strcmp(key, "fold") == 0) o->fold = bool_option(L, arg, key);
    else if (strcmp(key, "strict") == 0) o->strict = bool_option(L, arg, key);
    else if (strcmp(key, "spaces") == 0) o->spaces = bool_option(L, arg, key);
    else if (strcmp(key, "trim") == 0) o->trim = bool_option(L, arg, key);
    else if (strcmp(key, "normalize") == 0) {
      if (lua_type(L, -1) == LUA_TSTRING) {
        const char *v = lua_tostring(L, -1);
        int i;
        for (i = 0; form_names[i] && strcmp(form_names[i], v) != 0; i++) {}
        if (!form_names[i])
          luaL_argerror(L, arg, lua_pushfstring(L, "invalid normalize form '%s'", v));
        o->form = (kata_form_t)(KATA_FORM_NFC + i);
      } else if (!(lua_isboolean(L, -1) && !lua_toboolean(L, -1))) {
        luaL_argerror(L, arg, "option 'normalize' must be a form name or false");
      }
    }
    lua_pop(L, 1);
  }
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

/* Is the code point at s[i] (or ending at s[i-1], backwards) white space? */
static size_t white_len(const char *s, size_t len, size_t i) {
  static const char *const seps[] = {"\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80",
    "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F",
    "\xE3\x80\x80", NULL};
  unsigned char c = (unsigned char)s[i];
  int k;
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] <= 0x8A)
    return 3; /* U+2000..U+200A */
  for (k = 0; seps[k]; k++) {
    size_t n = strlen(seps[k]);
    if (i + n <= len && memcmp(s + i, seps[k], n) == 0) return n;
  }
  return 0;
}

static size_t trim_end(const char *s, size_t a, size_t b) {
  while (b > a) {
    size_t k, n = 0;
    for (k = b - 1; k + 4 > b && k >= a; k--) { /* try 1..3-byte spaces */
      n = white_len(s, b, k);
      if (n == b - k) break;
      n = 0;
      if (k == a) break;
    }
    if (n == 0) break;
    b -= n;
  }
  return b;
}

static int lk_sentences(lua_State *L) {
  size_t len, pos = 0;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer n = 0;
  opts_t o;
  check_opts(L, 2, "trim", &o);
  lua_newtable(L);
  while (pos < len) {
    size_t end = kata_sentence_next(s, len, pos), a = pos, b = end, w;
    if (o.trim) {
      while (a < b && (w = white_len(s, b, a)) > 0) a += w;
      b = trim_end(s, a, b);
    }
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
  tokiter_t *it = (tokiter_t *)lua_touserdata(L, 1);
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
  int i = luaL_checkoption(L, 2, "nfc", names);
  luaL_checkstring(L, 1);
  if (i == 4) return normalize_to_lua(L, KATA_FORM_NFKC, KATA_NORM_FOLD);
  return normalize_to_lua(L, (kata_form_t)(KATA_FORM_NFC + i), 0);
}

static int lk_casefold(lua_State *L) {
  return normalize_to_lua(L, KATA_FORM_NONE, KATA_NORM_FOLD);
}

static int lk_validate(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  size_t bad = kata_utf8_validate(s, len);
  lua_pushboolean(L, bad == len);
  if (bad == len) return 1;
  lua_pushinteger(L, (lua_Integer)bad + 1);
  return 2;
}

/* }====================================================================== */

static const luaL_Reg kata_funcs[] = {
  {"segments", lk_segments},   {"sentences", lk_sentences},
  {"tokenize", lk_tokenize},   {"tokens", lk_tokens},
  {"words", lk_words},         {"normalize", lk_normalize},
  {"casefold", lk_casefold},   {"validate", lk_validate},
  {NULL, NULL}
};

static void new_class(lua_State *L, const char *name, lua_CFunction gc) {
  luaL_newmetatable(L, name);
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__gc");
#if LUA_VERSION_NUM >= 504
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__close");
#endif
  lua_pop(L, 1);
}

LUALIB_API int luaopen_kata_core(lua_State *L);

LUALIB_API int luaopen_kata_core(lua_State *L) {
  new_class(L, KATA_SCRATCH, scratch_gc);
  new_class(L, KATA_TOKENS, tokiter_gc);
  luaL_newlib(L, kata_funcs);
  lua_pushliteral(L, KATA_VERSION);
  lua_setfield(L, -2, "version");
  lua_pushstring(L, kata_unicode_version());
  lua_setfield(L, -2, "unicode_version");
  return 1;
}
