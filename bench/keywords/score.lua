--- bench/keywords/score.lua: the table of bench/keywords/run.sh.
--
--   lua5.4 bench/keywords/score.lua SET DIR
--
-- DIR holds, for each method or peer M run on SET, M.tsv (its predictions:
-- id<TAB>phrase lines, best first) and M.time (one line: M<TAB>documents<TAB>
-- seconds), and order.txt (the names, one a line, in the order to print).
-- Prints one markdown row per method: P, R, F1 @10 over all documents, F1 of
-- each part of the set (kplib.lua), documents per second.

local kp = require("kplib")

local setname, dir = arg[1], arg[2]
local set
for _, s in ipairs(kp.sets) do if s.name == setname then set = s end end
assert(set and dir, "usage: score.lua SET DIR")
local docs = assert(kp.load(set))
local cache = {}

local head = { "| set | method | P@10 | R@10 | F1@10 |" }
local rule = { "| --- | --- | ---: | ---: | ---: |" }
for _, part in ipairs(set.parts) do
  local n = 0
  for _, d in ipairs(docs) do if d.part == part then n = n + 1 end end
  head[#head + 1] = string.format(" F1 %s (%d) |", part, n)
  rule[#rule + 1] = " ---: |"
end
head[#head + 1] = " docs/s |"
rule[#rule + 1] = " ---: |"
print(table.concat(head))
print(table.concat(rule))
for name in assert(kp.read(dir .. "/order.txt")):gmatch("[^\n]+") do
  local preds = kp.read_preds(dir .. "/" .. name .. ".tsv")
  local t = kp.read(dir .. "/" .. name .. ".time") or ""
  local n, secs = t:match("\t(%d+)\t([%d.]+)")
  if preds then
    local P, R, F = kp.score(docs, preds, set.stem, nil, cache)
    local row = { string.format("| %s | %s | %.1f | %.1f | %.1f |", set.name, name, P, R, F) }
    for _, part in ipairs(set.parts) do
      local _, _, f = kp.score(docs, preds, set.stem, function(d) return d.part == part end, cache)
      row[#row + 1] = string.format(" %.1f |", f)
    end
    secs = tonumber(secs)
    row[#row + 1] = (secs and secs > 0) and string.format(" %.0f |", tonumber(n) / secs) or " - |"
    print(table.concat(row))
  else
    print(string.format("| %s | %s | failed |", set.name, name))
  end
end
