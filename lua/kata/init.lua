--- kata: text analytics for Lua, with a C core.
-- The functions documented in docs/api.md come from the C module kata.core;
-- kata.analyze and the pipelines (kata.pipeline) are Lua, on top of them.
-- @module kata

local core = require("kata.core")
local util = require("kata.util")

local M = {}

for name, value in pairs(core) do
  M[name] = value
end

--- The twelve entity type names, in the core's order (docs/api.md).
M.entity_types = util.entity_types

-- Raises Lua's "bad argument #n to 'fname' (want expected, got ...)" unless
-- the n-th of the nargs arguments has type want.
local function check_arg(fname, n, v, want, nargs)
  if type(v) ~= want then
    error(string.format("bad argument #%d to '%s' (%s expected, got %s)", n, fname, want,
                        n > nargs and "no value" or type(v)), 3)
  end
end

--- Calls fn(piece, valid, position) for the maximal valid UTF-8 runs of s
-- and for each ill-formed sequence, in order (docs/api.md). Raises bad
-- argument for an s that is not a string or an fn that is not a function.
function M.utf8_pieces(...)
  local s, fn = ...
  check_arg("utf8_pieces", 1, s, "string", select("#", ...))
  check_arg("utf8_pieces", 2, fn, "function", select("#", ...))
  return util.utf8_pieces(s, fn, core.validate)
end

--- One report of a text (kata.pipeline.analyze; docs/api.md).
function M.analyze(...)
  return require("kata.pipeline").analyze(...)
end

return M
