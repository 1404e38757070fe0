--- kata.nvim.load: finds and loads the kata module for the Neovim plugin.
-- The C module comes from package.cpath, a configured cpath or the
-- checkout's LuaJIT build; the global package.cpath is never changed.
-- @module kata.nvim.load

-- luacheck: globals vim

local M = {}

local CORE = "kata.core"
local kata_module, load_error, core_path

-- The root of the checkout (or installed copy) this file belongs to: the
-- directory holding lua/kata/nvim/load.lua.
local function repo_root()
  local pattern = "^(.*)[/\\]lua[/\\]kata[/\\]nvim[/\\]load%.lua$"
  local src = debug.getinfo(1, "S").source
  if type(src) == "string" and src:sub(1, 1) == "@" then
    local root = vim.fn.fnamemodify(src:sub(2), ":p"):match(pattern)
    if root then return root end
  end
  local found = vim.api.nvim_get_runtime_file("lua/kata/nvim/load.lua", false)[1]
  if found then
    return (vim.fn.fnamemodify(found, ":p"):match(pattern))
  end
  return nil
end

-- package.searchpath (LuaJIT 2.1, Lua 5.2+), or the same for a Neovim
-- built with PUC Lua 5.1: the first readable file of the ";"-separated
-- templates, "?" replaced by name with dots as "/"; or nil and the list of
-- files tried.
local searchpath = package.searchpath or function(name, path)
  local tried = {}
  name = name:gsub("%.", "/")
  for template in path:gmatch("[^;]+") do
    local file = template:gsub("%?", name)
    local f = io.open(file, "rb")
    if f then
      f:close()
      return file
    end
    tried[#tried + 1] = "\n\tno file '" .. file .. "'"
  end
  return nil, table.concat(tried)
end

-- Loads kata.core from the first file a package.cpath template names
-- (searchpath, package.loadlib) into package.loaded, as require would,
-- but without touching package.cpath. True, or false and a message.
local function load_core(template)
  if package.loaded[CORE] then return true end
  local path, err = searchpath(CORE, template)
  if not path then
    load_error = (err or "not found"):gsub("^%s+", "")
    return false
  end
  local open
  open, err = package.loadlib(path, "luaopen_kata_core")
  if not open then
    load_error = tostring(err)
    return false
  end
  local ok, mod = pcall(open, CORE, path)
  if not ok then
    load_error = tostring(mod)
    return false
  end
  if package.loaded[CORE] == nil then package.loaded[CORE] = mod end
  core_path = path
  return true
end

-- require("kata"), keeping the module if it is kata (with the functions of
-- kata.core), else the error.
local function try_require()
  local ok, mod = pcall(require, "kata")
  if ok and type(mod) == "table" and mod.entities then
    kata_module = mod
    return true
  end
  -- Lua 5.1's require leaves a sentinel in package.loaded when a module
  -- raises while loading ("loop or previous error" ever after): remove
  -- it, so that a later try, once kata.core is found, can succeed.
  if type(package.loaded.kata) ~= "table" then package.loaded.kata = nil end
  load_error = tostring(mod)
  return false
end

--- The file kata.core was loaded from, once `kata` has loaded it: the
-- one found here, or through package.cpath (searched again, so an
-- approximation when it changed since); nil before.
function M.core_path()
  if not kata_module then return nil end
  if core_path then return core_path end
  return (searchpath(CORE, package.cpath))
end

--- The root of the checkout or installed tree the plugin was loaded from
-- (the directory holding lua/kata/nvim/), or nil.
M.root = repo_root

--- The kata module (require "kata"), loaded once. kata.core is looked for,
-- in order, with the templates of `cpath` (a package.cpath template or an
-- array of them), in package.cpath as it is, then in
-- `<checkout>/build/luajit/?.so`.
-- @tparam[opt] string|table cpath the `cpath` option
-- @return the module, or nil and a message
function M.kata(cpath)
  if kata_module then return kata_module end
  if type(cpath) == "string" then cpath = { cpath } end
  if type(cpath) == "table" then
    for _, template in ipairs(cpath) do
      if load_core(template) and try_require() then return kata_module end
    end
  end
  if try_require() then return kata_module end
  local root = repo_root()
  if root and load_core(root .. "/build/luajit/?.so") and try_require() then
    return kata_module
  end
  local msg = "kata: cannot load the C module kata.core: "
    .. (load_error or "not found"):gsub("\n.*", "")
    .. "\nBuild it for LuaJIT with `make LUA=luajit`"
    .. (root and (" in " .. root) or " in the kata checkout")
    .. ", or give its path: require('kata.nvim').setup({ cpath = '/path/to/?.so' })"
  return nil, msg
end

return M
