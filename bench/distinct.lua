--- bench/distinct.lua: kata.count on N distinct terms: time and memory.
--
--   lua5.4 bench/distinct.lua N [TMPFILE]
--
-- Run one N per process (bench/run.sh runs 1M, 2M, 5M and, with
-- KATA_BENCH_10M=1, 10M, each in a fresh process), so that the peak RSS
-- is this count's alone.
--
-- 1. Writes N distinct synthetic words to TMPFILE (default os.tmpname()),
--    separated by spaces, 4096 words a line. Word i (0-based) is x =
--    i * 1000003 mod 26^6 written as 6 letters a-z (a bijection of
--    0 .. 26^6 - 1, so the words are distinct and their letters are spread
--    out), followed by 0, 1 or 2 more letters (i mod 3), so words are 6 to
--    8 letters long, 7 on average: about 8 bytes of text per word. Written
--    piece by piece, so that no big string is ever built in Lua and freed:
--    the heap stays small and the RSS baseline honest.
-- 2. Reads the file back into one string, deletes it, collects garbage,
--    resets the peak RSS (writes 5 to /proc/self/clear_refs; Linux 4.0+)
--    and takes the baseline: VmRSS (or VmHWM when the reset fails).
-- 3. t = kata.count(s, {stopwords = false}): timed by the wall clock
--    (`date +%s.%N` before and after, since Lua has no sub-second wall
--    clock) and by CPU time (os.clock).
-- 4. Reads VmHWM (the peak, with t still alive), then checks that t has N
--    terms each counted once, and measures the result table alone
--    (collectgarbage("count") after a full collection, minus before).
--
-- Prints one tab-separated line:
--   N  text_bytes  gen_s  wall_s  cpu_s  base_kB  peak_kB  table_kB  reset
-- (gen_s: CPU seconds to write and read back the text; reset: whether the
-- peak reset worked.) KATA_BENCH_KEEP=1 keeps TMPFILE, to look at the words.

-- The helpers beside this script (bench/benchlib.lua).
package.path = ((arg and arg[0] or ""):match("^(.*[/\\])") or "./") .. "?.lua;" .. package.path
local benchlib = require("benchlib")
local status, reset_peak = benchlib.status, benchlib.reset_peak

local N = tonumber(arg[1])
if not N or N < 1 or N > 308915776 then
  io.stderr:write("usage: lua bench/distinct.lua N [TMPFILE] (N <= 26^6)\n")
  os.exit(2)
end
N = math.floor(N)

local kata = require("kata")

local floor = math.floor
local M6 = 308915776 -- 26^6, written out: an integer in Lua 5.3+
local MULT = 1000003 -- odd, not a multiple of 13: coprime with 26^6

-- Wall clock seconds, from date(1); nil when it cannot be read.
local function wall()
  local p = io.popen and io.popen("date +%s.%N")
  if not p then
    return nil
  end
  local v = tonumber(p:read("*l") or "")
  p:close()
  return v
end
-- }================================================================

-- {================================================================
-- The text
-- =================================================================
local tmp = arg[2] or os.tmpname()
local g0 = os.clock()
do
  local letter = {}
  for c = 0, 25 do
    letter[c] = string.char(97 + c)
  end
  -- tri[k]: k in 0 .. 26^3 - 1 as three letters
  local tri = {}
  for k = 0, 17575 do -- 26^3 - 1
    tri[k] = letter[floor(k / 676)] .. letter[floor(k / 26) % 26]
      .. letter[k % 26]
  end
  -- tails[m][j]: the 0, 1 or 2 letters after the six, with the separator
  local tails = { [0] = { [0] = " " }, [1] = {}, [2] = {} }
  for j = 0, 25 do
    tails[1][j] = letter[j] .. " "
  end
  for j = 0, 675 do
    tails[2][j] = letter[floor(j / 26)] .. letter[j % 26] .. " "
  end
  local out = assert(io.open(tmp, "wb"))
  local buf, nb = {}, 0
  for i = 0, N - 1 do
    local x = (i * MULT) % M6
    local m = i % 3
    nb = nb + 3
    buf[nb - 2] = tri[floor(x / 17576)]
    buf[nb - 1] = tri[x % 17576]
    buf[nb] = m == 0 and " " or tails[m][floor(i / 3) % (m == 1 and 26 or 676)]
    if nb >= 3 * 4096 then
      buf[nb] = buf[nb]:sub(1, -2) .. "\n"
      out:write(table.concat(buf, "", 1, nb))
      nb = 0
    end
  end
  if nb > 0 then
    out:write(table.concat(buf, "", 1, nb))
  end
  out:close()
end
local f = assert(io.open(tmp, "rb"))
local s = f:read("*a")
f:close()
if not os.getenv("KATA_BENCH_KEEP") then os.remove(tmp) end
local gen_s = os.clock() - g0
-- }================================================================

collectgarbage("collect")
collectgarbage("collect")
local lua_kb0 = collectgarbage("count")
local reset = reset_peak()
local base = reset and status("VmRSS") or status("VmHWM")

local w0 = wall()
local c0 = os.clock()
local t = kata.count(s, { stopwords = false })
local cpu_s = os.clock() - c0
local w1 = wall()
local peak = status("VmHWM")

-- the check (not timed)
local terms = 0
for _, c in pairs(t) do
  terms = terms + 1
  if c ~= 1 then
    io.stderr:write("distinct.lua: a term counted ", tostring(c), " times\n")
    os.exit(1)
  end
end
if terms ~= N then
  io.stderr:write(string.format("distinct.lua: %d terms, expected %d\n",
    terms, N))
  os.exit(1)
end
collectgarbage("collect")
collectgarbage("collect")
local table_kb = collectgarbage("count") - lua_kb0

print(string.format("%d\t%d\t%.3f\t%s\t%.3f\t%d\t%d\t%.0f\t%s", N, #s, gen_s,
  (w0 and w1) and string.format("%.3f", w1 - w0) or "nan", cpu_s, base or -1,
  peak or -1, table_kb, tostring(reset)))
