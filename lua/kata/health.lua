--- kata.health: `:checkhealth kata` in Neovim. Is the C module found, does
-- it load and run in this Neovim's LuaJIT, which version is it, are the
-- plugin's options ones kata takes, and is there a help file?
-- Works with Neovim 0.7 (`require("health").report_*`) and later
-- (`vim.health.report_*` from 0.8, `vim.health.start/ok/...` from 0.10).
-- @module kata.health

-- luacheck: globals vim

local M = {}

-- The report functions of this Neovim: start, ok, warn, error, info.
local function reporter()
  local h = vim.health
  if h and h.start and h.ok then return h.start, h.ok, h.warn, h.error, h.info end
  if not (h and h.report_start) then h = require("health") end
  return h.report_start, h.report_ok, h.report_warn, h.report_error, h.report_info
end

--- Runs the checks (`:checkhealth kata` calls it).
function M.check()
  local start, ok, warn, fail, info = reporter()
  local kn = require("kata.nvim")
  local loader = require("kata.nvim.load")

  start("kata: Neovim")
  local v = vim.version()
  local nvim = string.format("Neovim %d.%d.%d", v.major, v.minor, v.patch)
  if vim.fn.has("nvim-0.7") == 1 then
    ok(nvim .. " (0.7 or later is needed)")
  else
    fail(nvim .. ": kata needs Neovim 0.7 or later")
  end
  local jit = rawget(_G, "jit")
  info("Lua: " .. (jit and jit.version or _VERSION))

  start("kata: the module")
  local root = loader.root()
  info("the plugin's files: " .. (root and (root .. "/lua/kata/nvim/") or "(not found)"))
  local kata, msg = kn.core()
  if not kata then
    fail("kata.core cannot be loaded: " .. (tostring(msg):gsub("\n.*", "")), {
      "Build it for LuaJIT: make LUA=luajit" .. (root and (" in " .. root) or ""),
      "or give its path: require('kata.nvim').setup({ cpath = '/path/to/?.so' })",
    })
    return
  end
  ok(string.format("kata %s (Unicode %s), kata.core from %s", tostring(kata.version),
                   tostring(kata.unicode_version), tostring(loader.core_path() or "package.cpath")))
  -- Loaded is not enough: a module built for another Lua can load and
  -- then fail in its first call.
  local called, words = pcall(kata.words, "Presiden tiba di Jakarta")
  if called and type(words) == "table" and words[4] == "Jakarta" then
    ok("kata.core runs in " .. (jit and jit.version or _VERSION) .. ": kata.words works")
  else
    fail("kata.core loads but fails: " .. tostring(words),
         { "Rebuild it for this Neovim's LuaJIT: make clean && make LUA=luajit" })
    return
  end

  start("kata: options")
  local checks = {
    { "keywords", kata.keywords },
    { "duplicates", kata.duplicates },
    { "entities", kata.entities },
  }
  local bad = false
  for _, c in ipairs(checks) do
    local name, fn = c[1], c[2]
    local opts = kn.config[name]
    local fine, err = pcall(fn, "Presiden tiba di Jakarta.", opts)
    if not fine then err = tostring(err):gsub("to '%?'", "to '" .. name .. "'", 1) end
    if name == "keywords" and fine and opts and opts.method ~= nil
       and not kn.keyword_methods[opts.method] then
      fine, err = false, "method '" .. tostring(opts.method) .. "' (frequency or yake)"
    end
    if not fine then
      bad = true
      fail(string.format("setup({ %s = ... }): %s", name,
                         (tostring(err):gsub("^[^\n]-%.lua:%d+: ", ""))))
    end
  end
  if not bad then ok("the keywords, duplicates and entities options are ones kata takes") end

  start("kata: help")
  local tagged = false
  for _, tags in ipairs(vim.api.nvim_get_runtime_file("doc/tags", true)) do
    local f = io.open(tags, "rb")
    if f then
      local s = f:read("*a")
      f:close()
      if s:find("\nkata\t", 1, true) or s:sub(1, 5) == "kata\t" then tagged = true end
    end
  end
  if tagged then
    ok(":help kata works")
  else
    warn("no help tags for kata: :help kata finds nothing",
         { "Run :helptags " .. (root and (root .. "/doc") or "<kata>/doc") ..
           " (plugin managers do this themselves)" })
  end
end

return M
