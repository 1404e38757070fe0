--- bench/dupindex.lua: kata's side of the duplicate benchmarks.
--
--   lua5.4 bench/dupindex.lua index PARAGRAPHS REPORT [near|exact|store]
--       Streams the file (one paragraph per line) through kata.index
--       (store: with a confirmation store in REPORT.store, removed after),
--       idx:add(line_number, line); writes REPORT as TSV
--       `line<TAB>dup_of<TAB>similarity` (the format of
--       bench/dupindex/score.py) and prints one key=value line: paragraphs,
--       duplicates, seconds (the loop, reading included), per_second,
--       index_bytes and key_bytes per indexed paragraph (kata's own
--       accounting), and the process's peak RSS in MiB.
--   lua5.4 bench/dupindex.lua exact FILE [RUNS [BY]]
--       Exact-mode throughput on FILE: kata.duplicates(s, {method="exact"})
--       and kata.dedupe on the whole text, and an exact-mode kata.index fed
--       paragraph by paragraph; median MB/s of RUNS (default 3).

local kata = require("kata")
local bl = require("benchlib")

local clock = os.clock

local function index_run(input, report, method)
  local opts = { method = method == "exact" and "exact" or "near" }
  if method == "store" then opts.store = report .. ".store" end
  local idx = kata.index(opts)
  local out = assert(io.open(report, "w"))
  local n, dups = 0, 0
  local t0 = clock()
  for line in io.lines(input) do
    n = n + 1
    local key, sim = idx:add(n, line)
    if key then
      dups = dups + 1
      out:write(n, "\t", key, "\t", string.format("%.4f", sim), "\n")
    end
  end
  local secs = clock() - t0
  out:close()
  local ib, kb = idx:memory()
  local size = idx:size()
  print(string.format("paragraphs=%d dups=%d indexed=%d seconds=%.2f per_second=%.0f "
    .. "index_bytes_per_paragraph=%.1f key_bytes_per_paragraph=%.1f maxrss_mib=%.0f lua=%q",
    n, dups, size, secs, n / secs, ib / size, kb / size, (bl.status("VmHWM") or 0) / 1024,
    bl.luaname))
  if opts.store then os.remove(opts.store) end
end

local function exact_run(file, runs, by)
  local s = bl.readfile(file, "dupindex.lua")
  local eo = { method = "exact", by = by }
  local mb = #s / 1e6
  local rows = {}
  local function time(name, f)
    local t = {}
    local result
    for r = 1, runs do
      collectgarbage()
      local t0 = clock()
      result = f()
      t[r] = clock() - t0
    end
    rows[#rows + 1] = string.format("| %s | %.1f | %s |", name, mb / bl.median(t), result)
  end
  local paras = {}
  for _, p in ipairs(kata.paragraphs(s, { by = by })) do paras[#paras + 1] = p.text end
  time("kata.duplicates(s, {method='exact'})", function()
    local d, c = kata.duplicates(s, eo), 0
    for _, v in ipairs(d) do if v then c = c + 1 end end
    return c .. " duplicates of " .. #d
  end)
  time("kata.dedupe(s, {method='exact'})", function()
    local _, removed = kata.dedupe(s, eo)
    return removed .. " removed"
  end)
  time("kata.index{method='exact'}: add each paragraph", function()
    local idx, c = kata.index({ method = "exact" }), 0
    for i = 1, #paras do if idx:add(i, paras[i]) then c = c + 1 end end
    return c .. " duplicates of " .. #paras
  end)
  time("kata.duplicates(s) (near, default)", function()
    local d, c = kata.duplicates(s, { by = by }), 0
    for _, v in ipairs(d) do if v then c = c + 1 end end
    return c .. " duplicates of " .. #d
  end)
  print(string.format("Exact-mode duplicate detection on %s (%.1f MB, %d paragraphs), %s, median of %d:",
    file, mb, #paras, bl.luaname, runs))
  print("")
  print("| call | MB/s | result |")
  print("| --- | ---: | --- |")
  for _, r in ipairs(rows) do print(r) end
end

local mode = arg[1]
if mode == "index" and arg[2] and arg[3] then
  index_run(arg[2], arg[3], arg[4])
elseif mode == "exact" and arg[2] then
  exact_run(arg[2], tonumber(arg[3]) or 3, arg[4])
else
  io.stderr:write("usage: dupindex.lua index PARAGRAPHS REPORT [near|exact|store] | exact FILE [RUNS [BY]]\n")
  os.exit(2)
end
