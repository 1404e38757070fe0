--- kata: text analytics for Lua, with a C core.
-- The functions documented in docs/api.md come from the C module kata.core;
-- pipeline modules built on them live beside this file.
-- @module kata

local core = require("kata.core")

local M = {}

for name, value in pairs(core) do
  M[name] = value
end

return M
