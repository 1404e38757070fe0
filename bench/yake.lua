--- bench/yake.lua: keyword extraction speed per news-length article.
--
--   lua5.4 bench/yake.lua FILE [ARTICLES [RUNS]]     (also luajit ...)
--
-- Cuts FILE into articles of about 4 KB (ARTICLE_BYTES, below) and takes
-- ARTICLES of them (default 2000, or $KATA_BENCH_ARTICLES) spread evenly
-- over the file, so that every source of the corpus shows up. An article
-- ends at the last paragraph break (a blank line) within its 4096 bytes if
-- that leaves at least 3072 bytes, else at the last line end within 4096
-- bytes; a line longer than that is taken whole. Cutting is not timed.
--
-- Then, for each row, one call per article, all articles in turn; the
-- figure is the median CPU time (os.clock) of up to RUNS passes (default
-- 3, or $KATA_BENCH_RUNS), with a full garbage collection before each pass
-- (not timed). The rows take turns pass by pass; a row makes another pass
-- only while its passes so far took less than $KATA_BENCH_ROW_SECONDS CPU
-- seconds (default 10), so that a slow row does not make the run long.
--
--   kata.keywords(a, {method="yake"})            YAKE!, the defaults:
--                                                 n = 10, n-grams up to 3,
--                                                 lang = "auto"
--   kata.keywords(a, {method="yake", lang="en"})  the same, no guess
--   kata.keywords(a)                             frequency keywords, the
--                                                 defaults (n = 10)
--   kata.keywords(a, {lang="en"})                the same, no guess
--
-- Prints a markdown table (articles/s, MB/s, ms per article) and the
-- issue's target (YAKE with the defaults: at least 1,000 articles/s).

-- The helpers beside this script (bench/benchlib.lua).
package.path = ((arg and arg[0] or ""):match("^(.*[/\\])") or "./") .. "?.lua;" .. package.path
local benchlib = require("benchlib")
local median = benchlib.median

local ARTICLE_BYTES = 4096
local MIN_PARAGRAPH = 3072

local path = arg[1]
local want = tonumber(arg[2] or os.getenv("KATA_BENCH_ARTICLES") or 2000)
local runs = tonumber(arg[3] or os.getenv("KATA_BENCH_RUNS") or 3)
if not path or not want or want < 1 or not runs or runs < 1 then
  io.stderr:write("usage: lua bench/yake.lua FILE [ARTICLES [RUNS]]\n")
  os.exit(2)
end
want, runs = math.floor(want), math.floor(runs)

local ok, kata = pcall(require, "kata")
if not (ok and type(kata) == "table" and kata.keywords) then
  io.stderr:write("yake.lua: kata not loaded, no keyword table: ",
    (tostring(kata):gsub("\n.*", "")), "\n")
  os.exit(0)
end

local luaname = benchlib.luaname

local text = benchlib.readfile(path, "yake.lua")

-- {================================================================
-- Articles
-- =================================================================
-- The [start, stop] ranges of the articles of the whole text.
local function cut(s)
  local ranges, pos, len = {}, 1, #s
  while pos <= len do
    local limit = pos + ARTICLE_BYTES - 1
    local stop
    if limit >= len then
      stop = len
    else
      -- the last blank line, then the last line end, within the limit
      local para, line
      local i = pos
      while true do
        local a = s:find("\n", i, true)
        if not a or a > limit then
          break
        end
        line = a
        if s:byte(a + 1) == 10 and a + 1 <= limit then
          para = a + 1
        end
        i = a + 1
      end
      if para and para - pos + 1 >= MIN_PARAGRAPH then
        stop = para
      elseif line then
        stop = line
      else -- a line longer than the limit: take it whole
        stop = s:find("\n", limit, true) or len
      end
    end
    ranges[#ranges + 1] = { pos, stop }
    pos = stop + 1
  end
  return ranges
end

local all = cut(text)
local articles, bytes, small, big = {}, 0, math.huge, 0
local n = math.min(want, #all)
for k = 1, n do
  -- evenly spread: article k of n is the floor((k - 1) * #all / n) + 1-th
  local r = all[math.floor((k - 1) * #all / n) + 1]
  local a = text:sub(r[1], r[2])
  articles[k] = a
  bytes = bytes + #a
  small, big = math.min(small, #a), math.max(big, #a)
end
text = nil -- luacheck: ignore
collectgarbage("collect")
-- }================================================================

local keywords = kata.keywords
local ROWS = {
  { name = 'kata.keywords(a, {method="yake"})', opts = { method = "yake" },
    target = true },
  { name = 'kata.keywords(a, {method="yake", lang="en"})',
    opts = { method = "yake", lang = "en" } },
  { name = "kata.keywords(a) (frequency)", opts = nil },
  { name = 'kata.keywords(a, {lang="en"}) (frequency)', opts = { lang = "en" } },
}

for _, row in ipairs(ROWS) do
  row.times = {}
  row.found = 0
end
-- A row runs again only while its passes so far took less than row_secs.
local row_secs = tonumber(os.getenv("KATA_BENCH_ROW_SECONDS") or 10) or 10
local function again(row)
  return benchlib.sum(row.times) < row_secs
end

for r = 1, runs do
  for _, row in ipairs(ROWS) do
    if again(row) then
      local opts, found = row.opts, 0
      collectgarbage("collect")
      local t0 = os.clock()
      for k = 1, n do
        found = found + #keywords(articles[k], opts)
      end
      row.times[r] = os.clock() - t0
      row.found = found
      io.stderr:write(string.format("yake.lua: %s (%s) pass %d: %.2f s\n",
        row.name, luaname, r, row.times[r]))
    end
  end
end

print(string.format("### Keywords per article under %s", luaname))
print()
print(string.format("%d articles of `%s` (%.1f KB on average, %d to %d "
  .. "bytes; %.2f MB in all; cut at paragraph or line ends, spread over the "
  .. "file); CPU time (os.clock), median of the passes given; KB = 10^3, "
  .. "MB = 10^6 bytes.", n, path, bytes / n / 1e3, small, big, bytes / 1e6))
print()
print("| call, per article | passes | keywords returned | s | articles/s "
  .. "| MB/s | ms/article |")
print("|---|--:|--:|--:|--:|--:|--:|")
local target
for _, row in ipairs(ROWS) do
  local t = math.max(median(row.times), 1e-9)
  row.aps = n / t
  print(string.format("| %s (%s) | %d | %d | %.3f | %.0f | %.2f | %.3f |",
    row.name, luaname, #row.times, row.found, t, row.aps, bytes / t / 1e6,
    t / n * 1e3))
  if row.target then
    target = row
  end
end
print()
print(string.format("- Target: YAKE (defaults) >= 1,000 news-length articles/s "
  .. "under %s: %.0f articles/s (%s)", luaname, target.aps,
  target.aps >= 1000 and "met" or "NOT met"))
