/*
** probe.c: probe.measure(label, f, ...) for tests/complexity/run.lua: calls
** f(...) with callgrind's collection on only during the call, then dumps
** the counts under label, so each dump holds exactly the call's cost.
*/
#include <lua.h>
#include <lauxlib.h>
#include <valgrind/callgrind.h>

int luaopen_probe(lua_State *L);

static int measure(lua_State *L) {
  int status;
  const char *label = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  CALLGRIND_TOGGLE_COLLECT;
  status = lua_pcall(L, lua_gettop(L) - 2, 0, 0);
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_DUMP_STATS_AT(label);
  if (status != LUA_OK) return lua_error(L);
  lua_pushboolean(L, RUNNING_ON_VALGRIND != 0);
  return 1;
}

int luaopen_probe(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, measure);
  lua_setfield(L, -2, "measure");
  return 1;
}
