--- bench/keywords/tune.lua: the key-phrase prototype on the parts of the
-- sets kept for choosing its parameters (500N-KPCrowd train, DUC-2001 even
-- ids), or with `all` on every part.
--
--   lua5.4 bench/keywords/tune.lua ['{param = value, ...}'] [all]
--
-- Prints F1@10 per set and part. Parameters not given keep the defaults of
-- keyphrase.lua.
local kp = require("kplib")
local proto = require("keyphrase")
local over = arg[1] and assert(load("return " .. arg[1]))() or {}
local all = arg[2] == "all"
local params = {}
for k, v in pairs(proto.params) do params[k] = v end
for k, v in pairs(over) do params[k] = v end
local tune = { ["500N-KPCrowd"] = "train", ["DUC-2001"] = "even" }
local line = {}
for _, set in ipairs(kp.sets) do
  if tune[set.name] then
    local docs = assert(kp.load(set))
    local preds = {}
    local t0 = os.clock()
    local nd = 0
    for _, d in ipairs(docs) do
      if all or d.part == tune[set.name] then
        local r = proto.keyphrases(d.text, { lang = set.lang, n = kp.K, params = params })
        local t = {}
        for i, x in ipairs(r) do t[i] = x.term end
        preds[d.id] = t
        nd = nd + 1
      end
    end
    local dt = os.clock() - t0
    local P, R, F = kp.score(docs, preds, set.stem, function(d) return preds[d.id] ~= nil end)
    line[#line + 1] = string.format("%s %.1f/%.1f/%.2f (%d docs, %.0f/s)", set.name, P, R, F, nd, nd / dt)
    if all then
      for _, part in ipairs(set.parts) do
        local _, _, f = kp.score(docs, preds, set.stem, function(d) return d.part == part end)
        line[#line + 1] = string.format("%s %.2f", part, f)
      end
    end
  end
end
print(table.concat(line, "  "))
