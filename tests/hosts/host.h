/*
** host.h: what the test hosts (oom.c, threads.c) share: a Lua 5.4 state
** with the standard libraries, package.path on <root>/lua, and kata.core
** linked into the host (the core's objects and src/lua_kata/) and
** registered in package.preload, so one binary runs the same code plain,
** under valgrind and under the sanitizers (no dlopen of a core.so built
** with other flags). package.cpath is emptied so no installed or stale
** kata/core.so can shadow the linked one.
*/
#ifndef KATA_HOST_H
#define KATA_HOST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

int luaopen_kata_core(lua_State *L);

/* Opens the libraries and sets the package paths; runs unprotected, so
** call it through lua_pcall (host_setup_protected) when memory may fail. */
static int host_setup(lua_State *L) {
  const char *root = lua_tostring(L, 1);
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_kata_core);
  lua_setfield(L, -2, "kata.core");
  lua_pop(L, 1);
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/lua/?.lua;%s/lua/?/init.lua", root, root);
  lua_setfield(L, -2, "path");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);
  return 0;
}

/* host_setup under pcall; returns 0 or prints the error and returns -1. */
static int host_open(lua_State *L, const char *root) {
  lua_pushcfunction(L, host_setup);
  lua_pushstring(L, root);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    fprintf(stderr, "host: setup failed: %s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
    return -1;
  }
  return 0;
}

static const char *host_root(void) {
  const char *r = getenv("KATA_ROOT");
  return r && *r ? r : ".";
}

#endif
