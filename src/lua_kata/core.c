/*
** core.c: luaopen_kata_core, the Lua module kata.core: one open function
** per area of the binding (text.c, keywords.c, dup.c, entities.c).
*/
#include "util.h"

/* The one symbol the module exports besides kata.h's functions. */
KATA_LUA_EXPORT int luaopen_kata_core(lua_State *L);

KATA_LUA_EXPORT int luaopen_kata_core(lua_State *L) {
  lua_createtable(L, 0, 23); /* 21 functions, 2 versions */
  lk_open_util(L);
  lk_open_text(L);
  lk_open_keywords(L);
  lk_open_dup(L);
  lk_open_entities(L);
  lua_pushliteral(L, KATA_VERSION);
  lua_setfield(L, -2, "version");
  lua_pushstring(L, kata_unicode_version());
  lua_setfield(L, -2, "unicode_version");
  return 1;
}
