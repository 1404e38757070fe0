/*
** util.h: what the areas of the Lua binding share: scratch memory and
** boxes, option parsing, the input limit, errors. Private to src/lua_kata.
*/
#ifndef KATA_LUA_UTIL_H
#define KATA_LUA_UTIL_H

#include "compat.h"
#include "kata.h"

/* Private to the binding: never exported from the module. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

#define KATA_SCRATCH "kata.Scratch"
#define KATA_WORDSET "kata.Wordset"

/* The longest text a function takes: 2^31 - 1 bytes (2 GiB less one), so
** every offset and count a result holds fits a C int and a Lua 5.1/LuaJIT
** number exactly, whatever the platform. */
#define KATA_MAX_INPUT 2147483647u

/* {======================================================================
** Memory: scratch buffers and boxes owned by userdata with __gc, so a Lua
** error in the middle of a call leaks nothing
** ======================================================================= */

typedef struct lk_scratch {
  kata_allocator_t A;
  kata_buf_t buf;
} lk_scratch_t;

kata_allocator_t lk_allocator(lua_State *L);
void lk_scratch_init(lua_State *L, lk_scratch_t *sc);
lk_scratch_t *lk_new_scratch(lua_State *L);

/* Boxes hold one core object each; __gc frees it (lua-zlib's pattern:
** the box exists, empty, before the object is made). */
typedef struct lk_box {
  void *p;
  void (*free)(void *p); /* frees p; NULL-safe */
} lk_box_t;

lk_box_t *lk_new_box(lua_State *L, const char *tname, void (*f)(void *));
int lk_box_gc(lua_State *L);
void lk_free_wordset(void *p);

/* The userdata a metamethod (__gc, __close) was called on, checked. */
void *lk_self(lua_State *L);
/* Is the value at idx a userdata with metatable tname? */
int lk_is_udata(lua_State *L, int idx, const char *tname);
/* The object of the registry's cache entry at the stack top (popped), or
** NULL (none, another class, or closed by a script). */
void *lk_cached_box(lua_State *L, const char *tname);

/* A class: its metatable, whose __gc (and __close) is gc; its methods. */
void lk_new_class(lua_State *L, const char *name, lua_CFunction gc);
void lk_set_methods(lua_State *L, const char *name, const luaL_Reg *methods);

/* Adds the functions of l to the table at the stack top. */
void lk_add_functions(lua_State *L, const luaL_Reg *l);

/* }====================================================================== */

/* {======================================================================
** Options, limits and errors
** ======================================================================= */

typedef struct lk_opts {
  int fold, strict, spaces, trim;
  kata_form_t form;
} lk_opts_t;

int lk_bool_option(lua_State *L, int arg, const char *key);
int lk_int_option(lua_State *L, int arg, const char *key, lua_Integer lo, lua_Integer hi);
int lk_key_allowed(const char *allowed, const char *key, size_t klen);
const char *lk_option_key(lua_State *L, int arg, const char *allowed);
void lk_check_opts(lua_State *L, int arg, const char *allowed, lk_opts_t *o);
/* The paragraph rule of option 'by' in the table at arg (nil: auto). */
kata_parmode_t lk_check_by(lua_State *L, int arg, const char *s, size_t len);

int lk_over_limit(lua_State *L, int arg);
int lk_invalid_utf8(lua_State *L, int strict, const char *s, size_t len);
void lk_push_text(lua_State *L, lk_scratch_t *sc, const lk_opts_t *o, const char *s,
                  size_t a, size_t b);

/* Raises the Lua error for a core error code. */
int lk_error(lua_State *L, int rc);
/* Returns nil and "path: msg". */
int lk_io_fail(lua_State *L, const char *path, const char *msg);

/* Pushes the stored key of the string or integer at arg (what names it
** in the message); pushes a stored key as the Lua value it came from. */
void lk_encode_key(lua_State *L, int arg, const char *what);
void lk_push_key(lua_State *L, const char *k, size_t len);

/* }====================================================================== */

/* The areas, each adding its functions to the module table at the stack
** top and making its classes. */
void lk_open_util(lua_State *L);
void lk_open_text(lua_State *L);
void lk_open_keywords(lua_State *L);
void lk_open_dup(lua_State *L);
void lk_open_entities(lua_State *L);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
