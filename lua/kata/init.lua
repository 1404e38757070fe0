--- kata: text analytics for Lua, with a C core.
-- The functions documented in docs/api.md come from the C module kata.core;
-- kata.analyze and the pipelines (kata.pipeline) are Lua, on top of them.
-- @module kata

local core = require("kata.core")

local M = {}

for name, value in pairs(core) do
  M[name] = value
end

--- One report of a text (kata.pipeline.analyze; docs/api.md).
function M.analyze(...)
  return require("kata.pipeline").analyze(...)
end

return M
