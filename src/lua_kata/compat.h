/*
** compat.h: the Lua 5.2+ API that the binding (src/lua_kata/) uses, for
** Lua 5.1 and LuaJIT; inline, so a file using none of it gets no warning.
*/
#ifndef KATA_COMPAT_H
#define KATA_COMPAT_H

#include "lua.h"
#include "lauxlib.h"

#if LUA_VERSION_NUM == 501
#define lua_rawlen(L, i) lua_objlen(L, (i))
/* LuaJIT 2.1 has these (its lauxlib.h defines luaL_newlib); Lua 5.1 not. */
#if !defined(luaL_newlib)
static inline void luaL_setfuncs(lua_State *L, const luaL_Reg *l, int nup) {
  luaL_checkstack(L, nup + 1, "too many upvalues");
  for (; l->name != NULL; l++) {
    int i;
    for (i = 0; i < nup; i++) lua_pushvalue(L, -nup);
    lua_pushcclosure(L, l->func, nup);
    lua_setfield(L, -(nup + 2), l->name);
  }
  lua_pop(L, nup);
}
static inline void luaL_setmetatable(lua_State *L, const char *tname) {
  luaL_getmetatable(L, tname);
  lua_setmetatable(L, -2);
}
#define luaL_newlibtable(L, l) \
  lua_createtable(L, 0, (int)(sizeof(l) / sizeof((l)[0]) - 1))
#define luaL_newlib(L, l) (luaL_newlibtable(L, l), luaL_setfuncs(L, l, 0))
#endif
#endif

/* luaopen_kata_core stays visible in a -fvisibility=hidden build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define KATA_LUA_EXPORT LUALIB_API __attribute__((visibility("default")))
#else
#define KATA_LUA_EXPORT LUALIB_API
#endif

#endif
