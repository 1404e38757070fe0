-- tests/fuzz/redis_seeds.lua: writes the seeds of fuzz_redis_load
-- (tests/fuzz/seeds/redis-load-*.bin) from the index seeds and an index
-- with a confirmation store (which the module refuses): each saved index as
-- the module's RDB value holds it (string chunks, then an empty one), in
-- the target's input format (see fuzz_redis_load.c).
--
--   make && lua5.4 tests/fuzz/redis_seeds.lua      (from the repository's root)

package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath
local kata = require "kata"

local dir = "tests/fuzz/seeds/"

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function spit(name, s)
  local f = assert(io.open(dir .. name, "wb"))
  f:write(s)
  f:close()
end

-- An RDB length (rdbSaveLen), for the lengths of these seeds.
local function len(n)
  if n < 64 then return string.char(n) end
  assert(n < 16384)
  return string.char(64 + math.floor(n / 256), n % 256)
end

-- The index files of fuzz_index's seeds start with its mode byte.
local small = slurp(dir .. "index-small.idx"):sub(2)
local empty = slurp(dir .. "index-empty.idx"):sub(2)

-- An index with a store (its path is saved in it: a fixed one).
local tmp = dir .. "redis-store.tmp"
local st = assert(kata.index({store = tmp}))
st:add(1, "Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh.")
assert(st:save(tmp .. ".idx"))
local stored = slurp(tmp .. ".idx")
os.remove(tmp)
os.remove(tmp .. ".idx")

local function v2(...)
  local t = {}
  for _, s in ipairs({...}) do t[#t + 1] = "\5" .. len(#s) .. s end
  return table.concat(t) .. "\5\0"
end

spit("redis-load-small.bin", "\0\0" .. v2(small))
spit("redis-load-empty.bin", "\0\0" .. v2(empty))
spit("redis-load-chunks.bin", "\0\0" .. v2(small:sub(1, 1), small:sub(2, 100), small:sub(101)))
spit("redis-load-v1.bin", "\1\0" .. len(#small) .. small .. "\0")
spit("redis-load-enomem.bin", "\128\3" .. v2(small))
spit("redis-load-store.bin", "\0\0" .. v2(stored))
