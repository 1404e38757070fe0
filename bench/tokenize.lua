--- bench/tokenize.lua: tokenizer speed from Lua, kata against pure-Lua and
-- LPeg peers, on one file.
--
--   lua5.4 bench/tokenize.lua FILE [RUNS]      (also luajit, lua5.1 ...)
--
-- RUNS defaults to $KATA_BENCH_RUNS or 3. kata is found through LUA_PATH
-- and LUA_CPATH (bench/run.sh sets them); when it cannot be loaded, or
-- lpeg cannot, those rows are left out with a note on stderr.
--
-- Every loop runs over the whole file (read into one string first, not
-- timed); the figure is the median CPU time (os.clock) of RUNS runs, with
-- a full garbage collection before each run (not timed) and the garbage
-- the run makes collected as it goes (timed: it is part of the cost).
--
--   kata.tokens       for _ in kata.tokens(s) do n = n + 1 end: every token
--                     (words, numbers, punctuation, ...; no white space)
--                     as text, kind, start, stop.
--   kata.words        #kata.words(s): the array of word and number tokens,
--                     Unicode-correct (UAX #29 based).
--   gmatch("%w+")     the pure-Lua peer of kata.words: a table of every
--                     s:gmatch("%w+") match. ASCII only: "%w" is the C
--                     locale's isalnum, so "café" gives "caf", and any
--                     non-ASCII letter splits or drops words.
--   LPeg ASCII        the same word array from an LPeg pattern,
--                     Ct((C(alnum^1) + (1 - alnum)^1)^0): same output as
--                     the gmatch loop.
--   LPeg UTF-8-lax    UTF-8 aware but not Unicode-correct: a word is a run
--                     of ASCII letters/digits and whole non-ASCII UTF-8
--                     sequences, so every non-ASCII character counts as a
--                     letter ("—", "“", NBSP, CJK punctuation included).
--                     Written with byte ranges, which every LPeg version
--                     has; lpeg.utfR (LPeg 1.1+) would only spell the same
--                     ranges, as LPeg has no Unicode property classes.
--
-- Prints tab-separated lines like the C benchmarks (see benchutil.h):
--   name  yields  bytes  tokens  median_s  MB/s  tokens/s   (MB = 10^6 B)

-- The helpers beside this script (bench/benchlib.lua).
package.path = ((arg and arg[0] or ""):match("^(.*[/\\])") or "./") .. "?.lua;" .. package.path
local benchlib = require("benchlib")
local median = benchlib.median

local path = arg[1]
local runs = tonumber(arg[2] or os.getenv("KATA_BENCH_RUNS") or 3)
if not path or not runs or runs < 1 then
  io.stderr:write("usage: lua bench/tokenize.lua FILE [RUNS]\n")
  os.exit(2)
end
runs = math.floor(runs)

local f = assert(io.open(path, "rb"))
local text = f:read("*a")
f:close()

local luaname = benchlib.luaname

print("#name\tyields\tbytes\ttokens\tmedian_s\tMB/s\ttokens/s")

local function bench(name, yields, fn)
  local times, count = {}, 0
  for i = 1, runs do
    collectgarbage("collect")
    local t0 = os.clock()
    count = fn(text)
    times[i] = os.clock() - t0
  end
  collectgarbage("collect")
  local t = median(times)
  if t <= 0 then
    t = 1e-9
  end
  print(string.format("%s (%s)\t%s\t%d\t%d\t%.6f\t%.1f\t%.0f", name,
    luaname, yields, #text, count, t, #text / t / 1e6, count / t))
  io.stdout:flush()
end

-- {================================================================
-- kata
-- =================================================================
local ok, kata = pcall(require, "kata")
if ok and type(kata) == "table" and kata.tokens and kata.words then
  local tokens, words = kata.tokens, kata.words
  bench("kata.tokens loop", "tokens, no spaces", function(s)
    local n = 0
    for _ in tokens(s) do
      n = n + 1
    end
    return n
  end)
  bench("kata.words", "words+numbers, Unicode", function(s)
    return #words(s)
  end)
else
  io.stderr:write("tokenize.lua: kata not loaded, its rows left out: ",
    tostring(kata):gsub("\n.*", ""), "\n")
end
-- }================================================================

-- {================================================================
-- Pure Lua
-- =================================================================
bench('pure Lua gmatch("%w+")', "words+numbers, ASCII only", function(s)
  local t, n = {}, 0
  for w in s:gmatch("%w+") do
    n = n + 1
    t[n] = w
  end
  return #t
end)
-- }================================================================

-- {================================================================
-- LPeg
-- =================================================================
local lok, lpeg = pcall(require, "lpeg")
if lok and type(lpeg) == "table" then
  local R, C, Ct = lpeg.R, lpeg.C, lpeg.Ct
  local version = type(lpeg.version) == "function" and lpeg.version()
    or tostring(lpeg.version)

  local alnum = R("az", "AZ", "09")
  local ascii_words = Ct((C(alnum ^ 1) + (1 - alnum) ^ 1) ^ 0)
  bench("LPeg " .. version .. " ASCII alnum", "words+numbers, ASCII only",
    function(s)
      return #ascii_words:match(s)
    end)

  -- a lead byte C2..F4 with its continuation bytes 80..BF; decimal escapes
  -- so that Lua 5.1 reads them too
  local cont = R("\128\191")
  local nonascii = R("\194\223") * cont + R("\224\239") * cont * cont
    + R("\240\244") * cont * cont * cont
  local wordchar = alnum + nonascii
  -- bytes that cannot start a word, then one byte at a time for ill-formed
  -- sequences (a lead byte without its continuation bytes)
  local other = (1 - R("az", "AZ", "09", "\194\244")) ^ 1 + 1
  local utf8_words = Ct((C(wordchar ^ 1) + other) ^ 0)
  bench("LPeg " .. version .. " UTF-8-lax",
    "words+numbers, non-ASCII = letter", function(s)
      return #utf8_words:match(s)
    end)
else
  io.stderr:write("tokenize.lua: lpeg not loaded, its rows left out\n")
end
-- }================================================================
