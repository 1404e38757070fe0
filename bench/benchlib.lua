--- bench/benchlib.lua: what the Lua benchmarks share: the median, the sum
-- of a row's times, and the process's memory from /proc/self.
-- Lua 5.1-5.4 and LuaJIT. Loaded by the scripts beside it.

local M = {}

--- The median of the numbers in t (sorts t).
function M.median(t)
  table.sort(t)
  local n = #t
  if n % 2 == 1 then
    return t[(n + 1) / 2]
  end
  return (t[n / 2] + t[n / 2 + 1]) / 2
end

--- The sum of the numbers in t.
function M.sum(t)
  local s = 0
  for _, v in ipairs(t) do
    s = s + v
  end
  return s
end

--- A number from /proc/self/status (kB), e.g. "VmHWM", or nil.
function M.status(key)
  local f = io.open("/proc/self/status", "r")
  if not f then
    return nil
  end
  local v
  for line in f:lines() do
    v = line:match("^" .. key .. ":%s*(%d+)")
    if v then
      break
    end
  end
  f:close()
  return tonumber(v)
end

--- Resets VmHWM to the current RSS; true when it worked.
function M.reset_peak()
  local f = io.open("/proc/self/clear_refs", "w")
  if not f then
    return false
  end
  local wok = f:write("5")
  local cok = f:close()
  return (wok and cok) and true or false
end

--- The interpreter's name: "Lua 5.4", or LuaJIT's version.
M.luaname = _VERSION
if type(jit) == "table" and jit.version then -- luacheck: globals jit
  M.luaname = jit.version
end

--- The contents of path; on failure, says so as `who` and exits 2.
function M.readfile(path, who)
  local f, err = io.open(path, "rb")
  if not f then
    io.stderr:write(who, ": ", err, "\n")
    os.exit(2)
  end
  local s = f:read("*a")
  f:close()
  return s
end

return M
