-- threads.lua: the whole API over the sample texts, `rounds` times, in one
-- Lua state; returns one digest string of every result. tests/hosts/
-- threads.c runs it in 4 threads at once (a state each) and compares.
-- Called with (root, prefix, rounds): prefix names this run's temp files.
local root, prefix, rounds = ...
rounds = tonumber(rounds) or 1
local kata = require("kata")
local P = require("kata.pipeline")
local digest = dofile(root .. "/tests/hosts/digest.lua")

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local texts = { (assert(read(root .. "/samples/berita.txt"), "samples/berita.txt")) }
local shared = read(root .. "/../shared/samples/news-id-duplicated.txt")
if shared then texts[#texts + 1] = shared end

local model_bytes = assert(read(root .. "/data/ner/model.bin"), "data/ner/model.bin")

local function check(v, msg, ...)
  if v == nil then error(msg, 2) end
  return v, msg, ...
end

local gaz_path = prefix .. ".gaz.tsv"
do
  local f = assert(io.open(gaz_path, "wb"))
  f:write("# test\nBalai Pengamatan Antariksa Pameungpeuk\tLOCATION\tQ-bpa\n",
    "Garuda Muda\tORGANIZATION\nKabarNusa\tORGANIZATION\tmedia\n")
  f:close()
end

local function one_text(s, ti, out)
  local function put(name, ...) out[#out + 1] = name .. "=" .. digest(...) end
  put("tokenize", kata.tokenize(s, { fold = true, normalize = "nfkc" }), kata.tokenize(s, { spaces = true }))
  local toks = {}
  for text, kind, a, b in kata.tokens(s, { fold = true, normalize = "nfd" }) do
    toks[#toks + 1] = { text, kind, a, b }
  end
  put("tokens", toks)
  put("words", kata.words(s), kata.words(s, { fold = true }))
  put("segments", kata.segments(s))
  put("sentences", kata.sentences(s), kata.sentences(s, { trim = true }))
  for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd", "nfkc_casefold" }) do
    put("normalize-" .. form, kata.normalize(s, form))
  end
  put("casefold", kata.casefold(s), kata.validate(s))
  put("count", kata.count(s), kata.count(s, { ngrams = { 1, 3 }, stem = true, numbers = true }))
  put("count-unique", kata.count(s, { unique_paragraphs = true, lang = "id" }))
  put("keywords-frequency", kata.keywords(s, { n = 20 }))
  put("keywords-yake", kata.keywords(s, { method = "yake", n = 20 }))
  local c = kata.corpus()
  for i, t in ipairs(texts) do c:add(t, i) end
  for i, p in ipairs(kata.paragraphs(s)) do c:add(p.text, "p" .. i) end
  put("corpus", c:size(), c:idf("roket"), c:keywords(s, { n = 10 }),
    kata.keywords(s, { method = "tfidf", corpus = c, n = 10 }))
  put("language", kata.language(s))
  put("paragraphs", kata.paragraphs(s), kata.paragraphs(s, { by = "line" }))
  put("duplicates", kata.duplicates(s), kata.duplicates(s, { method = "exact" }))
  put("dedupe", kata.dedupe(s))
  -- The index, with a store, saved and loaded back from this thread's files.
  local ipath = prefix .. "." .. ti .. ".idx"
  local idx = check(kata.index({ store = ipath .. ".store", threshold = 0.7 }))
  local adds = {}
  for i, p in ipairs(kata.paragraphs(s)) do adds[i] = { idx:add(i, p.text) } end
  put("index", adds, idx:size(), idx:memory(), idx:check(kata.paragraphs(s)[1].text))
  check(idx:save(ipath))
  local back = check(kata.load_index(ipath, { store = ipath .. ".store" }))
  put("load_index", back:size(), back:memory(), { back:check(kata.paragraphs(s)[1].text) })
  idx, back = nil, nil -- luacheck: ignore
  put("entities", kata.entities(s), kata.entities(s, { types = { "PERSON", "LOCATION" } }))
  -- the name model in its states: none, weights of one's own (the same
  -- bytes as the built-in ones), damaged weights refused, the built-in
  -- ones again (loaded on first use)
  check(kata.entities_model(false))
  put("entities-no-model", kata.entities(s), kata.entities(s, { model = false }))
  check(kata.entities_model(model_bytes))
  put("entities-model-own", kata.entities(s), { kata.entities_model(model_bytes:sub(1, -2)) },
    kata.entities(s, { types = { "ORGANIZATION" } }))
  check(kata.entities_model(nil))
  put("entities-model-builtin", kata.entities(s), kata.entities(s, { model = false }))
  local g = kata.gazetteer({ { "Roket Air Nasional", "ORGANIZATION", "Q-ran" } }, { fold = true })
  g:add("Jawa Barat", "LOCATION", 32)
  put("gazetteer-load", check(g:load(gaz_path)), g:size(), g:memory())
  put("gazetteer-match", g:match(s))
  put("entities-gazetteer", kata.entities(s, { gazetteer = g }))
  put("analyze", kata.analyze(s, { n = 10, duplicates = "mark", gazetteer = g }))
  local p = P.new(P.language(), P.paragraphs(), P.dedupe(), P.words(), P.drop_stopwords(), P.stem(),
    P.count(), P.top(20))
  put("pipeline", check(p:run(s)))
  local pe = P.new(P.paragraphs(), P.dedupe(), P.join(), P.entities(), P.group())
  put("pipeline-entities", check(pe:run(s)))
  os.remove(ipath)
  os.remove(ipath .. ".store")
end

local first
for r = 1, rounds do
  local out = {}
  out[#out + 1] = "stopwords=" .. digest(kata.stopwords("id"), kata.stopwords("en"))
  out[#out + 1] = "stem=" .. digest(kata.stem("peluncuran", "id"), kata.stem("running", "en"),
    kata.stem("Straßen", "de"))
  for ti, s in ipairs(texts) do one_text(s, ti, out) end
  local across = { P.across({ { name = "a", text = texts[1] }, { name = "b", text = texts[#texts] },
    { name = "c", text = texts[1] } }) }
  out[#out + 1] = "across=" .. digest(across)
  local d = table.concat(out, "\n")
  if r == 1 then
    first = d
  elseif d ~= first then
    error("round " .. r .. " differs from round 1 in the same state")
  end
  collectgarbage()
end
os.remove(gaz_path)
return first, #texts
