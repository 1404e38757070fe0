-- .luacheckrc: luacheck settings for kata. `make lint` runs
--   luacheck lua bin/kata tests/spec tests/docs bench tools
-- from the top of the repository, where luacheck finds this file.

-- Scripts that only run here (bench/, tools/) may use anything some
-- supported interpreter has: "max" is the union of the globals of Lua 5.1,
-- 5.2, 5.3, 5.4 and LuaJIT.
std = "max"

exclude_files = {
  "build/**",
  "lua_modules/**",
  ".luarocks/**",
  "luarocks/**",
  "bench/data/**",
}

-- What kata installs must run unchanged on all of them, so there "min"
-- (the globals they share) is the rule; the names below are allowed for
-- the usual feature tests, e.g. `local unpack = table.unpack or unpack`
-- or `if rawget(_G, "jit") then`. No utf8 library, no bit32, no math.type.
local portable = {
  std = "min",
  read_globals = {
    "jit", "unpack", "loadstring", "setfenv", "getfenv",
    table = { fields = { "unpack", "pack" } },
  },
}
files["lua"] = portable
files["bin/kata"] = portable
-- The Neovim plugin runs only in Neovim's Lua: LuaJIT 2.1 (which has
-- package.searchpath; lua/kata/nvim/load.lua has its own for PUC Lua 5.1).
files["lua/kata/nvim"] = { std = "luajit" }

-- busted specs: describe, it, before_each, spy, stub, assert.are.same, ...
files["tests/spec"] = { std = "+busted" }

-- The nginx example and the pandoc filter run in their hosts' Lua: nginx's
-- LuaJIT (the ngx API) and pandoc's Lua 5.3 (pandoc, PANDOC_VERSION, ...).
files["examples/openresty"] = { std = "luajit+ngx_lua" }
files["filters"] = { std = "lua53", read_globals = { "pandoc", "PANDOC_SCRIPT_FILE" } }
