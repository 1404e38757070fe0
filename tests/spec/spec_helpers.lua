-- spec_helpers.lua: what the busted specs share (not a spec itself).
-- Lua 5.1 compatible, like the specs.

local M = {}

--- Bytes from hex ("E2 80 8B"): Lua 5.1 has no \xNN escapes.
function M.X(hex)
  return (hex:gsub("%s*(%x%x)%s*", function(h) return string.char(tonumber(h, 16)) end))
end

--- The message of the error f raises, without the "file:line: " prefix and
-- with a qualified function name ('kata.tokenize', as Lua 5.4 may report it)
-- reduced to the bare name that Lua 5.1 and LuaJIT use. f must call kata.xxx
-- directly, not as a tail call (`local r = kata.f(...) return r`), so every
-- interpreter can name the function.
function M.err_of(f)
  local ok, msg = pcall(f)
  assert(not ok, "expected an error")
  msg = tostring(msg)
  msg = msg:gsub("^[^\n]-:%d+: ", "")
  msg = msg:gsub("to '[%w_%.]-([%w_]+)'", "to '%1'")
  return msg
end

--- The directory tests/ (this file is tests/spec/spec_helpers.lua).
M.TESTS = (function()
  local src = debug.getinfo(1, "S").source
  return src:match("^@(.*)[/\\]spec[/\\][^/\\]*$") or "tests"
end)()

--- The directory of the fixtures, with a trailing slash.
M.FIXTURES = M.TESTS .. "/fixtures/"

--- The contents of a file, or nil when it cannot be read.
function M.read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

--- Writes content to a new temporary file and returns its name.
function M.tmpfile(content)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

--- A fixture from tests/fixtures.
function M.fixture(name)
  return assert(M.read_file(M.FIXTURES .. name), "missing fixture " .. name)
end

-- Runs the kata command (lua/kata/cli.lua's main) on ARGS with streams of
-- our own, stdin reading the string stdin; returns status, stdout, stderr.
function M.cli(args, stdin)
  local function sink()
    local t = {}
    return {
      write = function(self, ...)
        for i = 1, select("#", ...) do t[#t + 1] = tostring(select(i, ...)) end
        return self
      end,
      text = function() return table.concat(t) end,
    }
  end
  local out, err = sink(), sink()
  local status = require("kata.cli").main(args, out, err,
    {read = function() return stdin or "" end})
  return status, out:text(), err:text()
end

return M
