-- oom.lua: the cases tests/hosts/oom.c runs with failing allocators.
-- Called with (tmpdir, root); returns {cases = {{name, setup, run}, ...},
-- digest = fn}. setup(kata, tmpdir) runs with unlimited memory and returns the context run(ctx)
-- gets; run is the call under test (every allocation it makes may fail);
-- digest(...) turns run's results into the string that is compared.
-- A `nil, message` return where the call should have worked (an I/O
-- method, a pipeline run) raises that message as a failure: running out
-- of memory must raise, not return nil (docs/api.md, Conventions), so a
-- returned "not enough memory" is reported as such and not counted as
-- the expected error.
local _, root = ... -- tmpdir (each setup gets it too), root

local T = "Presiden Joko Widodo meresmikan Bendungan Sepaku di Kalimantan Timur, Senin (3/4/2023). "
  .. "Biayanya Rp 1,5 triliun, naik 12 persen dari 2022. Info: humas@pu.go.id, "
  .. "https://pu.go.id/ikn #IKN @kemenpupr \xE2\x80\x9Cwarga\xE2\x80\x9D roket-roket.\n\n"
  .. "Bendungan itu menampung 10 juta meter kubik air untuk Ibu Kota Nusantara. Jalur Jakarta-Semarang padat. "
  .. "Stra\xC3\x9F" .. "e \xC4\xB0 \xEF\xAC\x81 \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 "
  .. "bad \xFF\xE0\x80 1.500,50.\n\n"
  .. "Presiden Joko Widodo meresmikan Bendungan Sepaku di Kalimantan Timur, Senin (3/4/2023).\n"

local EN = "The Bank of England raised rates by 0.25 percent on Thursday. "
  .. "Governor Andrew Bailey said inflation in London and Manchester stays high.\n\n"
  .. "Markets in New York fell 2% after the decision, and the pound rose to $1.26.\n\n"
  .. "Iraqi and Rwandan officials met Palestinians in Cairo, the ministry said.\n"

local DOCS = {
  T,
  EN,
  "Roket pelajar meluncur di Pameungpeuk, Garut. Tim Garuda Muda mencatat rekor 3.214 meter.",
  "Banjir melanda Jakarta Utara, Senin pagi. Ribuan warga mengungsi ke masjid dan sekolah.",
}

local function check(v, msg, ...)
  if v == nil then
    msg = tostring(msg):gsub("not enough memory", "NOT-ENOUGH-MEMORY")
    error("returned nil, " .. msg .. " (out of memory must raise)", 0)
  end
  return v, msg, ...
end

local digest = dofile(root .. "/tests/hosts/digest.lua")

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function read(path)
  local f = check(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function collect(...)
  local out = {}
  for a, b, c, d in ... do out[#out + 1] = { a, b, c, d } end
  return out
end

local K -- kata, set by every setup (each run has its own state)
local function kata(k) K = k return k end

local cases = {
  { name = "tokenize", run = function()
      return K.tokenize(T, { fold = true, normalize = "nfkc" }), K.tokenize(T, { spaces = true }),
        K.tokenize(T, { strict = true })
    end },
  { name = "tokens", run = function()
      return collect(K.tokens(T, { fold = true, normalize = "nfd", spaces = true })),
        K.tokens(T, { strict = true })
    end },
  -- The iterator is dropped half way; the host collects it after the
  -- call, with memory: a collectgarbage() here would let the allocator
  -- fail the call of its __gc, which Lua 5.4 turns into a warning, and
  -- the scratch buffer would leak (Lua's limit, not kata's).
  { name = "tokens-dropped", run = function()
      local it = K.tokens(T, { fold = true })
      return it()
    end },
  { name = "words", run = function()
      return K.words(T), K.words(T, { fold = true, normalize = "nfkc" })
    end },
  { name = "segments", run = function() return K.segments(T) end },
  { name = "sentences", run = function()
      return K.sentences(T), K.sentences(T, { trim = true })
    end },
  { name = "normalize", run = function()
      local r = {}
      for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd", "nfkc_casefold" }) do
        r[form] = K.normalize(T, form)
      end
      return r
    end },
  { name = "casefold", run = function() return K.casefold(T), K.validate(T) end },
  { name = "count", run = function()
      return K.count(T), K.count(T, { ngrams = { 1, 3 }, stem = true, lang = "id", numbers = true })
    end },
  { name = "count-opts", run = function()
      return K.count(T, { unique_paragraphs = true, stopwords = { "yang", "di" }, fold = false }),
        K.count({ "Roket", "roket", "meluncur", "di", "Garut" }, { stem = true, lang = "id" })
    end },
  { name = "keywords-frequency", run = function()
      return K.keywords(T, { n = 5 }), K.keywords(T, { ngrams = 2, method = "frequency" })
    end },
  { name = "keywords-yake", run = function()
      return K.keywords(T, { method = "yake", n = 5 })
    end },
  { name = "keywords-tfidf",
    setup = function(k)
      kata(k)
      local c = K.corpus()
      for i, d in ipairs(DOCS) do c:add(d, i) end
      return c
    end,
    run = function(c) return K.keywords(T, { method = "tfidf", corpus = c, n = 5 }) end },
  { name = "corpus", run = function()
      local c = K.corpus({ ngrams = { 1, 2 } })
      for i, d in ipairs(DOCS) do c:add(d, "doc" .. i) end
      local dup = { c:add(DOCS[1], "doc1") }
      return c:size(), dup, c:idf("bendungan"), c:idf("joko widodo"), c:keywords(T, { n = 5 })
    end },
  { name = "stopwords", run = function() return K.stopwords("id"), K.stopwords("en") end },
  { name = "stem", run = function()
      return K.stem("peluncuran", "id"), K.stem("running", "en"), K.stem("Straßen", "de")
    end },
  { name = "language", run = function()
      return { K.language(T) }, { K.language(EN) }, { K.language("") }
    end },
  { name = "paragraphs", run = function()
      return K.paragraphs(T), K.paragraphs(T, { by = "line" })
    end },
  { name = "duplicates", run = function()
      return K.duplicates(T), K.duplicates({ DOCS[3], DOCS[4], DOCS[3] .. " ", DOCS[4] }, { method = "exact" })
    end },
  { name = "dedupe", run = function() return K.dedupe(T .. "\n" .. T) end },
  { name = "index",
    setup = function(k, dir) kata(k) return dir end,
    run = function(dir)
      local idx = check(K.index({ store = dir .. "/run.store", threshold = 0.7 }))
      local r = {}
      for i, p in ipairs(K.paragraphs(T .. "\n" .. EN)) do r[#r + 1] = { idx:add(i, p.text) } end
      r[#r + 1] = { idx:add("k", DOCS[3]) }
      r[#r + 1] = { idx:check(DOCS[3] .. "!") }
      r[#r + 1] = { idx:size(), idx:memory() }
      return r
    end },
  { name = "index-save",
    setup = function(k, dir)
      kata(k)
      local idx = K.index()
      for i, p in ipairs(K.paragraphs(T .. "\n" .. EN)) do idx:add(i, p.text) end
      return { idx = idx, path = dir .. "/save.idx" }
    end,
    run = function(c)
      check(c.idx:save(c.path))
      return read(c.path)
    end },
  { name = "load_index",
    setup = function(k, dir)
      kata(k)
      local path = dir .. "/load.idx"
      local idx <close> = K.index({ store = dir .. "/load.store" })
      for i, p in ipairs(K.paragraphs(T .. "\n" .. EN)) do idx:add("p" .. i, p.text) end
      assert(idx:save(path))
      return path
    end,
    run = function(path)
      local idx = check(K.load_index(path, { store = path:gsub("%.idx$", ".store") }))
      return idx:size(), { idx:check(DOCS[2]) }, { idx:memory() }
    end },
  { name = "entities-first", run = function()
      return K.entities(T)
    end },
  { name = "entities",
    setup = function(k) kata(k) K.entities("Joko") return nil end,
    run = function()
      return K.entities(T), K.entities(EN, { types = { "PERSON", "MONEY" }, lang = "en" })
    end },
  -- the name model: weights of one's own loaded (the tagger made and the
  -- built-in model loaded in the setup), none, the built-in again (loaded
  -- on first use in the call), damaged weights refused
  { name = "entities-model",
    setup = function(k)
      kata(k)
      K.entities("Joko")
      local f = assert(io.open("data/ner/model.bin", "rb"))
      local data = f:read("a")
      f:close()
      return data
    end,
    run = function(data)
      local r = { check(K.entities_model(data)) }
      r[#r + 1] = K.entities(T)
      r[#r + 1] = { K.entities_model(data:sub(1, -2)) }
      r[#r + 1] = check(K.entities_model(false))
      r[#r + 1] = K.entities(EN, { lang = "en" })
      r[#r + 1] = check(K.entities_model(nil))
      r[#r + 1] = K.entities(T, { model = false })
      r[#r + 1] = K.entities(EN, { types = { "PERSON" }, lang = "en" })
      return r
    end },
  { name = "gazetteer", run = function()
      local g = K.gazetteer({ { "Bendungan Sepaku", "LOCATION", "Q-sepaku" }, ["Ibu Kota"] = "LOCATION" },
        { fold = true, normalize = true })
      g:add("Joko Widodo", "PERSON", 7):add("humas", "ORGANIZATION")
      return g:size(), g:match(T), g:memory() > 0
    end },
  { name = "gazetteer-load",
    setup = function(k, dir)
      kata(k)
      local path = dir .. "/gaz.tsv"
      write(path, "# phrases\nBendungan Sepaku\tLOCATION\tQ1\nJoko Widodo\tPERSON\n\nIbu Kota Nusantara\tLOCATION\n")
      return path
    end,
    run = function(path)
      local g = K.gazetteer(nil, { fold = true })
      local n = check(g:load(path))
      return n, g:match(T)
    end },
  { name = "entities-gazetteer",
    setup = function(k)
      kata(k)
      K.entities("Joko")
      return K.gazetteer({ { "Bendungan Sepaku", "ORGANIZATION", "Q9" } })
    end,
    run = function(g) return K.entities(T, { gazetteer = g }) end },
  { name = "analyze",
    setup = function(k) kata(k) K.entities("Joko") end,
    run = function() return K.analyze(T, { n = 5, duplicates = "mark" }) end },
  { name = "pipeline",
    setup = function(k)
      kata(k)
      K.entities("Joko")
      local P = require("kata.pipeline")
      return P.new(P.language(), P.paragraphs(), P.dedupe(), P.words(), P.drop_stopwords(), P.stem(),
        P.count(), P.top(10))
    end,
    run = function(p) return check(p:run(T)) end },
  { name = "pipeline-entities",
    setup = function(k)
      kata(k)
      K.entities("Joko")
      local P = require("kata.pipeline")
      return P.new(P.paragraphs(), P.dedupe(), P.join(), P.entities(), P.group())
    end,
    run = function(p) return check(p:run(T)) end },
}

-- Cases without a setup still need kata.
for _, c in ipairs(cases) do
  local setup = c.setup
  c.setup = function(k, dir)
    kata(k)
    if setup then return setup(k, dir) end
  end
end

return { cases = cases, digest = digest }
