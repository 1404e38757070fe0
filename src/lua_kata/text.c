/*
** text.c: the text functions of kata.core: segments, sentences, tokens,
** words, normalisation, case folding, validation and paragraphs.
*/
#include <string.h>

#include "util.h"

#define KATA_TOKENS "kata.Tokens"

/* {======================================================================
** Segments, sentences, tokens
** ======================================================================= */

static int lk_segments(lua_State *L) {
  size_t len, pos = 0;
  if (lk_over_limit(L, 1)) return 2;
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
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer n = 0;
  lk_opts_t o;
  lk_check_opts(L, 2, "trim", &o);
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
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  kata_tokenizer_t t;
  kata_token_t tok;
  lk_scratch_t *sc;
  lua_Integer n = 0;
  lk_opts_t o;
  lk_check_opts(L, 2, "fold normalize strict spaces", &o);
  if (lk_invalid_utf8(L, o.strict, s, len)) return 2;
  sc = lk_new_scratch(L);
  lua_newtable(L);
  kata_tokenizer_init(&t, s, len, o.spaces ? KATA_TOK_SPACES : 0);
  while (kata_tokenizer_next(&t, &tok)) {
    lua_createtable(L, 0, 4);
    lk_push_text(L, sc, &o, s, tok.start, tok.stop);
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
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  kata_tokenizer_t t;
  kata_token_t tok;
  lk_scratch_t *sc;
  lua_Integer n = 0;
  lk_opts_t o;
  lk_check_opts(L, 2, "fold normalize strict", &o);
  if (lk_invalid_utf8(L, o.strict, s, len)) return 2;
  sc = lk_new_scratch(L);
  lua_newtable(L);
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    if (tok.kind != KATA_WORD && tok.kind != KATA_NUMBER) continue;
    lk_push_text(L, sc, &o, s, tok.start, tok.stop);
    lua_rawseti(L, -2, (int)++n);
  }
  return 1;
}

/* The state of a kata.tokens iterator; the text is its closure's upvalue. */
typedef struct tokiter {
  kata_tokenizer_t t;
  lk_opts_t o;
  lk_scratch_t sc;
} tokiter_t;

static int tokiter_gc(lua_State *L) {
  tokiter_t *it = (tokiter_t *)lk_self(L);
  kata_buf_free(&it->sc.A, &it->sc.buf);
  return 0;
}

static int tokens_next(lua_State *L) {
  tokiter_t *it = (tokiter_t *)lua_touserdata(L, lua_upvalueindex(1));
  kata_token_t tok;
  if (!kata_tokenizer_next(&it->t, &tok)) return 0;
  lk_push_text(L, &it->sc, &it->o, it->t.s, tok.start, tok.stop);
  lua_pushstring(L, kata_kind_name(tok.kind));
  lua_pushinteger(L, (lua_Integer)tok.start + 1);
  lua_pushinteger(L, (lua_Integer)tok.stop);
  return 4;
}

static int lk_tokens(lua_State *L) {
  size_t len;
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  tokiter_t *it;
  lk_opts_t o;
  lk_check_opts(L, 2, "fold normalize strict spaces", &o);
  if (lk_invalid_utf8(L, o.strict, s, len)) return 2;
  it = (tokiter_t *)lua_newuserdata(L, sizeof *it);
  it->o = o;
  lk_scratch_init(L, &it->sc);
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
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  lk_scratch_t *sc = lk_new_scratch(L);
  int rc = kata_normalize(&sc->A, s, len, form, flags, &sc->buf, NULL);
  if (rc != KATA_OK) return lk_error(L, rc);
  lua_pushlstring(L, sc->buf.data, sc->buf.len);
  kata_buf_free(&sc->A, &sc->buf);
  return 1;
}

static int lk_normalize(lua_State *L) {
  static const char *const names[] = {"nfc", "nfd", "nfkc", "nfkd", "nfkc_casefold", NULL};
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
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  size_t bad = kata_utf8_validate(s, len);
  lua_pushboolean(L, bad == len);
  if (bad == len) return 1;
  lua_pushinteger(L, (lua_Integer)bad + 1);
  return 2;
}

/* }====================================================================== */

/* {======================================================================
** Paragraphs
** ======================================================================= */

static int lk_paragraphs(lua_State *L) {
  size_t len, pos = 0, a, b;
  if (lk_over_limit(L, 1)) return 2;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer n = 0;
  lk_opts_t unused;
  kata_parmode_t mode;
  lk_check_opts(L, 2, "by", &unused);
  mode = lk_check_by(L, 2, s, len);
  lua_newtable(L);
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    lua_createtable(L, 0, 3);
    lua_pushlstring(L, s + a, b - a);
    lua_setfield(L, -2, "text");
    lua_pushinteger(L, (lua_Integer)a + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)b);
    lua_setfield(L, -2, "stop");
    lua_rawseti(L, -2, (int)++n);
  }
  return 1;
}

/* }====================================================================== */

static const luaL_Reg text_funcs[] = {
  {"segments", lk_segments},   {"sentences", lk_sentences},
  {"tokenize", lk_tokenize},   {"tokens", lk_tokens},
  {"words", lk_words},         {"normalize", lk_normalize},
  {"casefold", lk_casefold},   {"validate", lk_validate},
  {"paragraphs", lk_paragraphs}, {NULL, NULL}
};

void lk_open_text(lua_State *L) {
  lk_new_class(L, KATA_TOKENS, tokiter_gc);
  lk_add_functions(L, text_funcs);
}
