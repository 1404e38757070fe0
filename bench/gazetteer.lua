--- bench/gazetteer.lua: a gazetteer of a million phrases (`make bench-gazetteer`):
-- how long `g:load` takes on its TSV file, the bytes per phrase
-- (`g:memory()`), and how fast `g:match` runs over English prose, both
-- byte for byte and with `fold = true`.
--
--   lua5.4 bench/gazetteer.lua [TEXT [ENTRIES [RUNS]]]
--
-- The phrases are the runs of one to three capitalised words found in TEXT
-- (default bench/data/english.txt: real names, so the match has work to
-- do; not starting with a word the text writes in lower case), then
-- made-up two- and three-word names (seeded, the same every run) up to
-- ENTRIES (default 1,000,000); types cycle through PERSON, LOCATION and
-- ORGANIZATION, every fourth phrase has a value. The match runs over the
-- first megabyte of TEXT; every figure is the median of RUNS (default 5),
-- CPU time (os.clock).
local kata = require("kata")
local bl = require("benchlib")

local file = arg[1] or "bench/data/english.txt"
local want = tonumber(arg[2]) or 1000000
local runs = tonumber(arg[3]) or 5
local text = bl.readfile(file, "gazetteer.lua")
local sample = text:sub(1, 1000000)

-- Writes the phrases to a temporary TSV file. Its tables are dropped when
-- it returns: a Lua heap holding a million strings while the match runs
-- would make the garbage collector's steps, not kata, the figure.
local function write_phrases()
  -- The phrases: runs of one to three capitalised words of the text first,
  -- then made-up names. A run does not start with a word the text also writes
  -- in lower case ("The", "In"): a gazetteer holds names, not sentence starts.
  local seen, phrases, lower = {}, {}, {}
  local function add(p)
    if not seen[p] and #phrases < want then
      seen[p] = true
      phrases[#phrases + 1] = p
    end
  end
  for w in text:gmatch("%l+") do lower[w] = true end
  local runs_of = { "%f[%a]%u%l+ %u%l+ %u%l+%f[%A]", "%f[%a]%u%l+ %u%l+%f[%A]", "%f[%a]%u%l+%f[%A]" }
  for _, pat in ipairs(runs_of) do
    for p in text:gmatch(pat) do
      if not lower[p:match("^%a+"):lower()] then add(p) end
    end
  end
  local from_text = #phrases
  local seed = 12345
  local function rand(n) -- a small LCG: the same phrases on every Lua
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n + 1
  end
  local cons, vowels = "bcdfghjklmnprstwyz", "aeiou"
  local function word()
    local t = {}
    for i = 1, 2 + rand(2) do
      local c = rand(#cons)
      local v = rand(#vowels)
      t[i] = cons:sub(c, c) .. vowels:sub(v, v)
    end
    local w = table.concat(t)
    return w:sub(1, 1):upper() .. w:sub(2)
  end
  while #phrases < want do
    add(word() .. " " .. word() .. (rand(2) == 1 and (" " .. word()) or ""))
  end

  local types = { "PERSON", "LOCATION", "ORGANIZATION" }
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  for i, p in ipairs(phrases) do
    f:write(p, "\t", types[i % 3 + 1], i % 4 == 0 and ("\tQ" .. i) or "", "\n")
  end
  f:close()
  local tsv_bytes = #assert(io.open(path, "rb")):read("a")
  local nphrases = #phrases
  return path, nphrases, from_text, tsv_bytes
end
local path, nphrases, from_text, tsv_bytes = write_phrases()
text = nil
collectgarbage()

local function measure(opts)
  local loads, matches, held, n, found = {}, {}, {}, nil, 0
  for r = 1, runs do
    held.g = nil -- the last one collected before the next is timed
    collectgarbage()
    local t0 = os.clock()
    local g = kata.gazetteer(nil, opts)
    n = assert(g:load(path))
    loads[r] = os.clock() - t0
    held.g = g
  end
  for r = 1, runs do
    collectgarbage()
    local t0 = os.clock()
    found = #held.g:match(sample)
    matches[r] = os.clock() - t0
  end
  print(string.format(
    "gazetteer fold=%s entries=%d load_seconds=%.3f bytes_per_entry=%.1f match_mbps=%.1f matches=%d",
    tostring(opts.fold), n, bl.median(loads), held.g:memory() / n, #sample / 1e6 / bl.median(matches),
    found))
end

print(string.format("gazetteer file=%s phrases=%d from_text=%d tsv_bytes=%d runs=%d lua=%q",
  file, nphrases, from_text, tsv_bytes, runs, bl.luaname))
measure({ fold = false })
measure({ fold = true })
os.remove(path)
