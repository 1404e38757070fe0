--- bench/ner/run.lua: kata.entities on the public NER test sets (`make bench-ner`).
--
--   lua5.4 bench/ner/run.lua [options]
--     --sets a,b      only these sets (keys: idner nerui nerugm nergrit conll)
--     --para N        sentences per paragraph when the text is put together (3)
--     --unit U        what one kata.entities call sees, for every set: doc,
--                     file or sentence (default: each set's own, see nerdata.lua)
--     --detail        also P/R/F1 per type for every set and fold
--     --dump DIR      write each set's text and its gold and kata spans there
--     --model FILE    the name model's weights from FILE (a model file of
--                     tools/train_ner.lua, e.g. one trained with --tune)
--                     instead of the built-in ones
--     --split dev     score the held-apart splits instead of the test splits:
--                     IDNer dev, NERGrit valid, CoNLL-2003 testa. Every choice
--                     is made on these; test figures are only reported.
--                     The shipped model was trained on IDNer dev and NERGrit
--                     valid (train-ner's final model), so its figures there
--                     are flattering: compare rules changes on all three,
--                     model changes on CoNLL testa or with train-ner --tune.
--
-- Every set is tagged twice: by kata.entities as it is (the name model)
-- and with `model = false` (the rules alone); both are printed.
--
-- Reads ../shared/ner (KATA_NER_DATA overrides), puts every test file
-- together as plain text with bench/ner/nerdata.lua, runs kata.entities on
-- it, and prints markdown: exact-span PER/LOC/ORG micro P/R/F1 per set
-- beside the naive baseline, then the pattern types kata produced.
-- Needs LUA_PATH/LUA_CPATH to find kata (the Makefile target sets them).
package.path = "bench/ner/?.lua;" .. package.path
local N = require("nerdata")
local kata = require("kata")

local opts = { para = 3 }
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    if a == "--sets" then i = i + 1 opts.sets = {} for k in arg[i]:gmatch("[^,]+") do opts.sets[k] = true end
    elseif a == "--para" then i = i + 1 opts.para = assert(tonumber(arg[i]), "--para N")
    elseif a == "--unit" then i = i + 1 opts.unit = arg[i]
      assert(opts.unit == "doc" or opts.unit == "file" or opts.unit == "sentence", "--unit doc|file|sentence")
    elseif a == "--detail" then opts.detail = true
    elseif a == "--dump" then i = i + 1 opts.dump = arg[i]
    elseif a == "--model" then i = i + 1 opts.model = arg[i]
    elseif a == "--split" then i = i + 1 opts.split = arg[i]
      assert(opts.split == "dev" or opts.split == "test", "--split dev|test")
    else error("unknown option " .. a) end
    i = i + 1
  end
end

if opts.model then
  local f = assert(io.open(opts.model, "rb"))
  assert(kata.entities_model(f:read("a")))
  f:close()
end

local PATTERN = { "DATE", "TIME", "MONEY", "PERCENT", "NUMBER", "URL", "EMAIL", "HASHTAG", "MENTION" }
local clock = os.clock
local t_start = clock()

-- kata's spans for a list of texts, as gold-style byte spans; counts the
-- other types in `patterns`, the bytes and seconds in `speed`.
local function tag_texts(texts, unit, patterns, speed, eopts)
  local preds = {}
  for i, t in ipairs(texts) do
    local units
    if unit == "sentence" then
      units = {}
      for _, s in ipairs(t.sents) do units[#units + 1] = { text = s.text, off = s.from - 1 } end
    else
      units = { { text = t.text, off = 0 } }
    end
    local out = {}
    for _, u in ipairs(units) do
      local c0 = clock()
      local ents = kata.entities(u.text, eopts)
      speed.sec = speed.sec + clock() - c0
      speed.bytes = speed.bytes + #u.text
      for _, e in ipairs(ents) do
        local ty = N.KATA2GOLD[e.type]
        if ty then
          out[#out + 1] = { start = e.start + u.off, stop = e.stop + u.off, type = ty, text = e.text }
        else
          patterns[e.type] = (patterns[e.type] or 0) + 1
        end
      end
    end
    preds[i] = out
  end
  return preds
end

local cache = {}
local function load(files, scheme)
  local all = {}
  for _, f in ipairs(files) do
    local key = f .. ":" .. (scheme or "")
    cache[key] = cache[key] or N.read(N.path(f), scheme)
    for _, d in ipairs(cache[key]) do all[#all + 1] = d end
  end
  return all
end

local function pct(x) return ("%.1f"):format(x) end

local groups = {}
local speed = { bytes = 0, sec = 0 }
for _, set in ipairs(N.sets(opts.split)) do
  if not opts.sets or opts.sets[set.key] then
    local docs = load(set.test, set.scheme)
    local unit = opts.unit or set.unit
    local texts = N.detok(docs, { per_doc = unit == "doc", para = opts.para })
    local patterns = {}
    local preds = tag_texts(texts, unit, patterns, speed)
    local rpreds = tag_texts(texts, unit, {}, { bytes = 0, sec = 0 }, { model = false })
    local model = N.naive_train({ load(set.train, set.scheme) })
    local tk, tn, ts, tr = N.tally(), N.tally(), N.tally(), N.tally()
    local ngold, nsent, ntok = 0, 0, 0
    for i, t in ipairs(texts) do
      local gold = N.text_gold(t)
      for _, g in ipairs(gold) do if N.GOLD2KATA[g.type] then ngold = ngold + 1 end end
      nsent = nsent + #t.sents
      for _, s in ipairs(t.sents) do ntok = ntok + #s.toks end
      N.add(tk, gold, preds[i])
      N.add(tr, gold, rpreds[i])
      N.add(tn, gold, N.naive(model, t))
      N.add(ts, gold, N.naive(model, t, "seen"))
    end
    if opts.dump then
      local f = assert(io.open(("%s/%s%s.txt"):format(opts.dump, set.key, set.fold or ""), "wb"))
      local g = assert(io.open(("%s/%s%s.tsv"):format(opts.dump, set.key, set.fold or ""), "wb"))
      local base = 0
      for i, t in ipairs(texts) do
        f:write(t.text, "\n\n")
        for _, x in ipairs(N.text_gold(t)) do
          g:write("gold\t", x.start + base, "\t", x.stop + base, "\t", x.type, "\t", t.text:sub(x.start, x.stop), "\n")
        end
        for _, x in ipairs(preds[i]) do
          g:write("kata\t", x.start + base, "\t", x.stop + base, "\t", x.type, "\t", x.text, "\n")
        end
        base = base + #t.text + 2
      end
      f:close()
      g:close()
    end
    local row = { set = set, kata = N.result(tk), rules = N.result(tr), naive = N.result(tn), seen = N.result(ts),
      ngold = ngold, nsent = nsent, ntok = ntok, patterns = patterns }
    row.unit = unit
    local gname = set.fold and set.name:gsub(" fold %d+$", "") or set.name
    local g = groups[gname]
    if not g then
      g = { name = gname, rows = {} }
      groups[#groups + 1] = g
      groups[gname] = g
    end
    g.rows[#g.rows + 1] = row
  end
end

local function mean(list, side, field)
  local s = 0
  for _, r in ipairs(list) do s = s + r[side].all[field] end
  return s / #list
end

print(("Text: sentences joined as news, up to %d per paragraph; kata.entities called per %s."):format(
  opts.para, opts.unit or "document (CoNLL), per sentence (the shuffled sets: IDNer, NER-UI, NER-UGM, NERGrit)"))
print()
print("kata: kata.entities (the name model); rules: kata.entities with model = false.")
print()
print("| test set | unit | entities | kata P | kata R | kata F1 | rules P | rules R | rules F1 "
  .. "| naive P | naive R | naive F1 | seen F1 |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
local function figures(list)
  return ("%s | %s | **%s** | %s | %s | %s | %s | %s | %s | %s"):format(
    pct(mean(list, "kata", "p")), pct(mean(list, "kata", "r")), pct(mean(list, "kata", "f")),
    pct(mean(list, "rules", "p")), pct(mean(list, "rules", "r")), pct(mean(list, "rules", "f")),
    pct(mean(list, "naive", "p")), pct(mean(list, "naive", "r")), pct(mean(list, "naive", "f")),
    pct(mean(list, "seen", "f")))
end
for _, g in ipairs(groups) do
  local n = 0
  for _, r in ipairs(g.rows) do n = n + r.ngold end
  if #g.rows == 1 then
    print(("| %s | %s | %d | %s |"):format(g.name, g.rows[1].unit, n, figures(g.rows)))
  else
    print(("| %s, mean of %d folds | %s | %d | %s |"):format(g.name, #g.rows, g.rows[1].unit, n, figures(g.rows)))
    for _, r in ipairs(g.rows) do
      print(("| &nbsp; fold %d | | %d | %s |"):format(r.set.fold, r.ngold, figures({ r }):gsub("%*", "")))
    end
  end
end

print()
print("Per type, kata (P / R / F1; folds pooled by the mean of their figures):")
print()
print("| test set | PER | LOC | ORG |")
print("|---|---|---|---|")
for _, g in ipairs(groups) do
  local cells = {}
  for _, ty in ipairs(N.NAMES) do
    local p, r, f = 0, 0, 0
    for _, row in ipairs(g.rows) do
      p, r, f = p + row.kata[ty].p, r + row.kata[ty].r, f + row.kata[ty].f
    end
    local k = #g.rows
    cells[#cells + 1] = ("%s / %s / %s"):format(pct(p / k), pct(r / k), pct(f / k))
  end
  print(("| %s | %s |"):format(g.name, table.concat(cells, " | ")))
  if opts.detail and #g.rows > 1 then
    for _, row in ipairs(g.rows) do
      local c = {}
      for _, ty in ipairs(N.NAMES) do
        c[#c + 1] = ("%s / %s / %s"):format(pct(row.kata[ty].p), pct(row.kata[ty].r), pct(row.kata[ty].f))
      end
      print(("| &nbsp; fold %d | %s |"):format(row.set.fold, table.concat(c, " | ")))
    end
  end
end

print()
print("Pattern types kata produced (no gold to score them against):")
print()
print("| test set | " .. table.concat(PATTERN, " | ") .. " |")
print("|---|" .. ("---:|"):rep(#PATTERN))
for _, g in ipairs(groups) do
  local cells = {}
  for _, ty in ipairs(PATTERN) do
    local n = 0
    for _, r in ipairs(g.rows) do n = n + (r.patterns[ty] or 0) end
    cells[#cells + 1] = tostring(n)
  end
  print(("| %s | %s |"):format(g.name, table.concat(cells, " | ")))
end
print()
print(("kata.entities: %.1f MB in %.2f s (%.1f MB/s); whole run %.1f s CPU"):format(
  speed.bytes / 1e6, speed.sec, speed.bytes / 1e6 / math.max(speed.sec, 1e-9), clock() - t_start))
