--- bench/count.lua: term counting speed, kata.count against two pure-Lua
-- counters, on one file; and the memory peak of one count.
--
--   lua5.4 bench/count.lua FILE [RUNS]          (also luajit, lua5.1 ...)
--   lua5.4 bench/count.lua --memory ROW FILE    (one row, for its peak RSS)
--
-- kata is found through LUA_PATH and LUA_CPATH (bench/run.sh sets them).
-- The file is read into one string first (not timed). Each figure is the
-- median CPU time (os.clock) of its runs; the rows take turns (pure Lua,
-- kata, ..., then again) so that a change of load hits every row alike. A
-- full garbage collection runs before each run (not timed); the garbage a
-- run makes, its result table included, is part of its cost.
--
-- Rows (ROW names in brackets):
--   [pure]    the pure-Lua counter exactly as the issue defines it
--             ("gmatch, lower, table increment"), no stop words:
--               for w in s:gmatch("%w+") do
--                 w = w:lower()
--                 t[w] = (t[w] or 0) + 1
--               end
--             The counting target is measured against this row.
--   [pure_stop] the same loop with the same English stop words as a Lua
--             set (kata.stopwords("en")), a peer that does what
--             kata.count's defaults do:
--               for w in s:gmatch("%w+") do
--                 w = w:lower()
--                 if not stop[w] then t[w] = (t[w] or 0) + 1 end
--               end
--             Both are ASCII only: "%w" is the C locale's isalnum.
--   [kata]    kata.count(s): the defaults, fold = true, stopwords = true,
--             lang = "auto" (the language is guessed from the whole text
--             first; a confident guess takes that language's stop words).
--   [en]      kata.count(s, { lang = "en" }): no guess.
--   [stem]    kata.count(s, { stem = true }) (lang "auto": stems in the
--             language guessed).
--   [ngrams]  kata.count(s, { ngrams = { 1, 2 } }): words and two-word
--             phrases that no stop word breaks.
--   [language] kata.language(s) alone, the guess lang = "auto" makes
--             (only when KATA_BENCH_COUNT_ROWS names it).
--
-- Environment:
--   KATA_BENCH_RUNS         runs of the pure, kata and en rows (default 3;
--                           or the second argument)
--   KATA_BENCH_EXTRA_RUNS   runs of the stem and ngrams rows (default 1:
--                           they take seconds each, and are reported, not
--                           targets)
--   KATA_BENCH_ROW_SECONDS  a row runs again only while its runs so far
--                           took less than this many CPU seconds (default
--                           10), so a slow row runs fewer times and the
--                           whole stays bounded; the runs column says how
--                           many ran
--   KATA_BENCH_COUNT_ROWS   the rows to run, e.g. "pure,kata,en" (default
--                           all but language); "pure" names both pure-Lua
--                           counters, "pure_stop" the one with the stop
--                           set alone
--   KATA_BENCH_MEMORY       0: no memory table
--
-- Output: a markdown table (implementation, runs, distinct terms,
-- occurrences counted, MB/s, ratio to each pure-Lua row of the same run:
-- the issue's counter first, the one with the stop set second), the
-- issue's target as met or not met (against [pure]) with the ratio to
-- [pure_stop] next to it, then, unless KATA_BENCH_MEMORY=0, a second
-- table with the memory peak of the pure, pure_stop and kata rows, each
-- measured in a fresh process of the same interpreter (--memory).
--
-- --memory ROW FILE: reads FILE, collects garbage, resets the peak RSS
-- (writes 5 to /proc/self/clear_refs, Linux 4.0+), runs ROW once and
-- prints one tab-separated line: row, baseline kB (VmRSS after loading
-- the file), peak kB (VmHWM at the end, the result table still alive),
-- whether the reset worked, seconds (CPU). When the reset fails the
-- baseline is VmHWM after loading, which includes the transient of
-- reading the file.

-- The helpers beside this script (bench/benchlib.lua).
package.path = ((arg and arg[0] or ""):match("^(.*[/\\])") or "./") .. "?.lua;" .. package.path
local benchlib = require("benchlib")
local status, reset_peak, median = benchlib.status, benchlib.reset_peak, benchlib.median

local ROWS = {
  { id = "pure", name = 'pure Lua counter (gmatch("%w+"), lower)' },
  -- also runs when "pure" is named
  { id = "pure_stop", also = "pure",
    name = 'pure Lua counter (gmatch("%w+"), lower, stop set)' },
  { id = "kata", name = "kata.count(s)", opts = nil },
  { id = "en", name = 'kata.count(s, {lang="en"})', opts = { lang = "en" } },
  { id = "stem", name = "kata.count(s, {stem=true})", opts = { stem = true },
    extra = true },
  { id = "ngrams", name = "kata.count(s, {ngrams={1,2}})",
    opts = { ngrams = { 1, 2 } }, extra = true },
  -- only when named in KATA_BENCH_COUNT_ROWS: what lang = "auto" costs
  { id = "language", name = "kata.language(s) alone", extra = true,
    optional = true },
}

local luaname = benchlib.luaname

local function readfile(file)
  return benchlib.readfile(file, "count.lua")
end

local ok, kata = pcall(require, "kata")
if not (ok and type(kata) == "table" and kata.count) then
  io.stderr:write("count.lua: kata not loaded, no counting table: ",
    (tostring(kata):gsub("\n.*", "")), "\n")
  os.exit(0)
end

local stop = kata.stopwords("en")
local count = kata.count

-- The function of each row.
local FN = {
  pure = function(s)
    local t = {}
    for w in s:gmatch("%w+") do
      w = w:lower()
      t[w] = (t[w] or 0) + 1
    end
    return t
  end,
  pure_stop = function(s)
    local t = {}
    for w in s:gmatch("%w+") do
      w = w:lower()
      if not stop[w] then
        t[w] = (t[w] or 0) + 1
      end
    end
    return t
  end,
}
FN.language = function(s)
  local lang, conf = kata.language(s)
  return { [lang] = conf }
end
for _, row in ipairs(ROWS) do
  if not FN[row.id] then
    local opts = row.opts
    FN[row.id] = function(s)
      return count(s, opts)
    end
  end
end

-- {================================================================
-- --memory ROW FILE
-- =================================================================
if arg[1] == "--memory" then
  local id, path = arg[2], arg[3]
  if not (id and FN[id] and path) then
    io.stderr:write("usage: lua bench/count.lua --memory ROW FILE\n")
    os.exit(2)
  end
  local s = readfile(path)
  collectgarbage("collect")
  collectgarbage("collect")
  local reset = reset_peak()
  local base = reset and status("VmRSS") or status("VmHWM")
  local t0 = os.clock()
  local t = FN[id](s)
  local secs = os.clock() - t0
  local peak = status("VmHWM")
  assert(next(t) ~= nil, "empty result")
  print(string.format("%s\t%d\t%d\t%s\t%.3f", id, base or -1, peak or -1,
    tostring(reset), secs))
  os.exit(0)
end
-- }================================================================

local path = arg[1]
local runs = tonumber(arg[2] or os.getenv("KATA_BENCH_RUNS") or 3)
local extra_runs = tonumber(os.getenv("KATA_BENCH_EXTRA_RUNS") or 1)
if not path or not runs or runs < 1 or not extra_runs or extra_runs < 1 then
  io.stderr:write("usage: lua bench/count.lua FILE [RUNS]\n")
  os.exit(2)
end
runs, extra_runs = math.floor(runs), math.floor(extra_runs)
local row_secs = tonumber(os.getenv("KATA_BENCH_ROW_SECONDS") or 10) or 10

local wanted = os.getenv("KATA_BENCH_COUNT_ROWS")
local rows = {}
for _, row in ipairs(ROWS) do
  local function names(id)
    return id and wanted and ("," .. wanted .. ","):find("," .. id .. ",",
      1, true)
  end
  local named = names(row.id) or names(row.also)
  if named or (not row.optional and (not wanted or wanted == "")) then
    row.runs = row.extra and extra_runs or runs
    row.times = {}
    rows[#rows + 1] = row
  end
end

local text = readfile(path)

local maxruns = 0
for _, row in ipairs(rows) do
  if row.runs > maxruns then
    maxruns = row.runs
  end
end
-- A row runs again only while its runs so far took less than row_secs.
local function again(row, r)
  if r > row.runs or #row.times ~= r - 1 then -- done, or stopped before
    return false
  end
  return benchlib.sum(row.times) < row_secs
end

for r = 1, maxruns do
  for _, row in ipairs(rows) do
    if again(row, r) then
      local fn = FN[row.id]
      collectgarbage("collect")
      local t0 = os.clock()
      local t = fn(text)
      row.times[r] = os.clock() - t0
      if r == 1 then -- what it counted (not timed)
        local terms, occ = 0, 0
        for _, n in pairs(t) do
          terms, occ = terms + 1, occ + (tonumber(n) or 0)
        end
        row.terms, row.occ = terms, occ
      end
      t = nil -- luacheck: ignore
      io.stderr:write(string.format("count.lua: %s (%s) run %d: %.2f s\n",
        row.id, luaname, r, row.times[r]))
    end
  end
end
collectgarbage("collect")

local mb = #text / 1e6
local ref, ref_stop -- MB/s of the two pure-Lua counters
for _, row in ipairs(rows) do
  row.secs = math.max(median(row.times), 1e-9)
  row.mbs = mb / row.secs
  if row.id == "pure" then
    ref = row.mbs
  elseif row.id == "pure_stop" then
    ref_stop = row.mbs
  end
end
local function ratio(mbs, r)
  return r and string.format("%.2fx", mbs / r) or "n/a"
end

local jit_target = luaname:find("^LuaJIT") ~= nil
local target = jit_target and 3 or 5

print(string.format("### Counting under %s", luaname))
print()
print(string.format("`%s`, %.1f MB; MB = 10^6 bytes; CPU time (os.clock), "
  .. "median of the runs given.", path, mb))
print()
print("| implementation | runs | distinct terms | occurrences | s | MB/s "
  .. "| vs pure-Lua counter (issue) | vs pure-Lua counter with stop set |")
print("|---|--:|--:|--:|--:|--:|--:|--:|")
for _, row in ipairs(rows) do
  local guess = row.id == "language"
  print(string.format("| %s (%s) | %d | %s | %s | %.3f | %.1f | %s | %s |",
    row.name, luaname, #row.times, guess and "n/a" or row.terms,
    guess and "n/a" or string.format("%.0f", row.occ), row.secs, row.mbs,
    ratio(row.mbs, ref), ratio(row.mbs, ref_stop)))
end
print()
for _, row in ipairs(rows) do
  if row.id == "kata" and ref then
    print(string.format("- Target: kata.count(s) (defaults) >= %dx the pure-Lua "
      .. "counter of the issue (gmatch, lower, table increment) under %s: "
      .. "%.1f vs %.1f MB/s = %.2fx (%s)", target, luaname, row.mbs, ref,
      row.mbs / ref, row.mbs / ref >= target and "met" or "NOT met"))
  end
  if row.id == "kata" and ref_stop then
    print(string.format("- kata.count(s) (defaults) against the pure-Lua "
      .. "counter with the stop set under %s: %.1f vs %.1f MB/s = %.2fx "
      .. "(reported)", luaname, row.mbs, ref_stop, row.mbs / ref_stop))
  end
end
io.stdout:flush()

-- {================================================================
-- Memory, each row in a fresh process
-- =================================================================
if os.getenv("KATA_BENCH_MEMORY") == "0" then
  return
end
local interp = arg[-1]
local script = arg[0]
if not interp or not script or not io.popen then
  io.stderr:write("count.lua: cannot start a fresh process, no memory table\n")
  return
end
local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end
local mem = {}
for _, row in ipairs(rows) do
  if row.id == "pure" or row.id == "pure_stop" or row.id == "kata" then
    local p = io.popen(quote(interp) .. " " .. quote(script) .. " --memory "
      .. row.id .. " " .. quote(path))
    local line = p and p:read("*l")
    if p then
      p:close()
    end
    local id, base, peak, reset, secs = (line or ""):match(
      "^(%S+)\t(%-?%d+)\t(%-?%d+)\t(%S+)\t(%S+)")
    if id and tonumber(base) >= 0 and tonumber(peak) >= 0 then
      mem[#mem + 1] = { row = row, base = tonumber(base),
        peak = tonumber(peak), reset = reset == "true", secs = tonumber(secs) }
    else
      io.stderr:write("count.lua: --memory ", row.id, " failed\n")
    end
  end
end
if #mem > 0 then
  print()
  print(string.format("Memory peak of one count of the file (%s, a fresh "
    .. "process each; MB = 2^20 bytes):", luaname))
  print()
  print("| implementation | RSS after loading the file | peak RSS (VmHWM) "
    .. "| peak - baseline | x file size |")
  print("|---|--:|--:|--:|--:|")
  for _, m in ipairs(mem) do
    local d = m.peak - m.base
    print(string.format("| %s | %.1f MB | %.1f MB | %.1f MB | %.2f |",
      m.row.name, m.base / 1024, m.peak / 1024, d / 1024,
      d * 1024 / #text))
  end
  if not mem[1].reset then
    print()
    print("(/proc/self/clear_refs could not reset the peak: the baseline is "
      .. "VmHWM after loading, which includes reading the file.)")
  end
end
-- }================================================================
