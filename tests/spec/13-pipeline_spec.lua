-- kata.analyze and kata.pipeline.
local kata = require("kata")
local P = require("kata.pipeline")

local NEWS = "Presiden Joko Widodo meresmikan Bendungan Sepaku di Kalimantan Timur, Senin (3/4).\n\n" ..
             "Bendungan itu menampung 10 juta meter kubik air untuk Ibu Kota Nusantara.\n\n" ..
             "Presiden Joko Widodo meresmikan Bendungan Sepaku di Kalimantan Timur, Senin (3/4)."

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local tmpfile = require("spec_helpers").tmpfile

describe("kata.analyze", function()
  it("reports language, counts, paragraphs, keywords and grouped entities", function()
    local r = kata.analyze(NEWS)
    assert.equal("id", r.language)
    assert.same({bytes = #NEWS, characters = #NEWS, invalid = 0, words = 36, sentences = 3,
                 paragraphs = 3, duplicates = 1}, r.counts)
    assert.equal(2, #r.paragraphs) -- the repeat is dropped
    for _, p in ipairs(r.paragraphs) do assert.equal(p.text, NEWS:sub(p.start, p.stop)) end
    assert.equal("bendungan", r.keywords[1].term)
    assert.equal(2, r.keywords[1].count) -- the repeated paragraph does not count
    assert.same({{text = "Joko Widodo", count = 1}}, r.entities.PERSON)
    assert.equal("Senin (3/4)", r.entities.DATE[1].text)
    assert.same({}, r.entities.MONEY) -- every type has a list (issue 17)
    assert.is_table(r.key_phrases)
  end)

  it("marks duplicates in place with duplicates = 'mark'", function()
    local r = kata.analyze(NEWS, {duplicates = "mark"})
    assert.equal(3, #r.paragraphs)
    assert.equal(1, r.paragraphs[3].dup_of)
    assert.equal("exact", r.paragraphs[3].kind)
    assert.is_nil(r.paragraphs[2].dup_of)
  end)

  it("counts everything with duplicates = false", function()
    local r = kata.analyze(NEWS, {duplicates = false})
    assert.equal(0, r.counts.duplicates)
    assert.equal(3, #r.paragraphs)
    assert.equal(2, r.entities.PERSON[1].count)
  end)

  it("switches parts off", function()
    local r = kata.analyze(NEWS, {counts = false, paragraphs = false, keywords = false,
                                  key_phrases = false, entities = false})
    assert.is_nil(r.counts)
    assert.is_nil(r.paragraphs)
    assert.is_nil(r.keywords)
    assert.is_nil(r.key_phrases)
    assert.is_nil(r.entities)
    assert.equal("id", r.language)
  end)

  it("passes n, types and gazetteer on", function()
    local g = kata.gazetteer({{"Bendungan Sepaku", "ORGANIZATION"}})
    local r = kata.analyze(NEWS, {n = 1, types = {ORGANIZATION = true}, gazetteer = g})
    assert.equal(1, #r.keywords)
    assert.same({"ORGANIZATION"}, (function()
      local t = {}
      for k in pairs(r.entities) do t[#t + 1] = k end
      return t
    end)())
    assert.equal("Bendungan Sepaku", r.entities.ORGANIZATION[1].text)
  end)

  it("counts invalid UTF-8 and groups names across white space", function()
    local s = "Kata \255\254 Bank of\nEngland. The Bank of England said."
    local r = kata.analyze(s, {duplicates = false})
    assert.equal(2, r.counts.invalid)
    assert.equal(6, r.counts.first_invalid)
    assert.equal(#s - 2, r.counts.characters)
  end)

  it("handles empty and blank text", function()
    for _, s in ipairs({"", "  \n\n "}) do
      local r = kata.analyze(s)
      assert.equal(0, r.counts.words)
      assert.same({}, r.paragraphs)
      assert.same({}, r.keywords)
      for _, t in ipairs(kata.entity_types) do assert.same({}, r.entities[t]) end
    end
  end)

  it("raises bad argument errors", function()
    assert.has_error(function() kata.analyze() end,
                     "bad argument #1 to 'analyze' (string expected, got no value)")
    assert.has_error(function() kata.analyze(12) end,
                     "bad argument #1 to 'analyze' (string expected, got number)")
    assert.has_error(function() kata.analyze("x", 1) end,
                     "bad argument #2 to 'analyze' (table expected, got number)")
    assert.has_error(function() kata.analyze("x", {top = 3}) end,
                     "bad argument #2 to 'analyze' (unknown option 'top')")
    assert.has_error(function() kata.analyze("x", {duplicates = "yes"}) end,
                     "bad argument #2 to 'analyze' (option 'duplicates' must be 'drop', 'mark' or false)")
    assert.has_error(function() kata.analyze("x", {n = 1.5}) end,
                     "bad argument #2 to 'analyze' (option 'n' must be an integer from 0 to 1073741824)")
    assert.has_error(function() kata.analyze("x", {lang = "xx"}) end,
                     "bad argument #2 to 'analyze' (unknown language 'xx')")
    assert.has_error(function() kata.analyze("x", {lang = 1}) end,
                     "bad argument #2 to 'analyze' (option 'lang' must be a string)")
    assert.has_error(function() kata.analyze("x", {lang = "en" .. string.char(0)}) end,
                     "bad argument #2 to 'analyze' (option 'lang' has a NUL byte)")
    -- an error of a function analyze calls names analyze (issue 17: it named
    -- 'entities' or 'keywords', at a line of pipeline.lua)
    assert.has_error(function() kata.analyze("x", {types = {"FOO"}}) end,
                     "bad argument #2 to 'analyze' (unknown entity type 'FOO')")
  end)

  -- Issue 17, item 4: kata analyze on a big input tags its entities in
  -- pieces (as kata entities reads it) and keeps only the repeated
  -- paragraphs, so that its memory stays under 4 times the input.
  it("tags the entities in pieces (piece) and can keep only the repeats", function()
    local text = NEWS .. "\n\nThe Bank of England raised rates on Thursday in London.\n\n" ..
                 "Menteri Sri Mulyani tiba di Surabaya pada 12 Maret 2024.\n\n" .. NEWS
    -- the entities of the text without its repeats, a piece at a time
    -- (here the text's own pieces with the repeats blanked give the same)
    local want, n = {}, 0
    require("kata.util").each_piece(kata.dedupe(text), 100, function(x)
      for _, e in ipairs(kata.entities(x)) do
        local k = e.type .. "|" .. e.text
        want[k] = (want[k] or 0) + 1
        n = n + 1
      end
    end)
    local r = kata.analyze(text, {piece = 100})
    local got, m = {}, 0
    for t, list in pairs(r.entities) do
      for _, e in ipairs(list) do
        got[t .. "|" .. e.text] = e.count
        m = m + e.count
      end
    end
    assert.same(want, got)
    assert.is_true(n > 6)
    assert.equal(n, m)
    -- one piece: the whole text's entities
    assert.same(kata.analyze(text).entities, kata.analyze(text, {piece = #text}).entities)
    assert.has_error(function() kata.analyze("x", {piece = 0}) end,
                     "bad argument #2 to 'analyze' (option 'piece' must be an integer from 1 to 2147483647)")
    assert.has_error(function() kata.analyze("x", {piece = 2.5}) end,
                     "bad argument #2 to 'analyze' (option 'piece' must be an integer from 1 to 2147483647)")
    -- paragraphs = "duplicates": only the repeats, marked
    r = kata.analyze(text, {duplicates = "mark", paragraphs = "duplicates"})
    assert.equal(4, #r.paragraphs)
    for _, p in ipairs(r.paragraphs) do
      assert.equal(p.text, text:sub(p.start, p.stop))
      assert.is_number(p.dup_of)
      assert.equal("exact", p.kind)
    end
    assert.same({paragraphs = 8, duplicates = 4},
                {paragraphs = r.counts.paragraphs, duplicates = r.counts.duplicates})
    -- the rest of the report as without it
    local all = kata.analyze(text, {duplicates = "mark"})
    all.paragraphs, r.paragraphs = nil, nil
    assert.same(all, r)
  end)

  -- The pieces are the text's own, each repeat in them blanked (no second
  -- copy of the text without its repeats): a near repeat's other name is
  -- not counted, nor is a repeat cut by a piece's end.
  it("tags no repeat's entities in pieces, a near repeat's other name either", function()
    local near1 = "Harga cabai rawit di Pasar Induk Kramat Jati naik dua kali lipat minggu ini, " ..
                  "kata Budi Santoso, seorang pedagang di sana."
    local near2 = near1:gsub("Budi Santoso", "Andi Wijaya")
    local text = near1 .. "\n\nMenteri Sri Mulyani tiba di Surabaya.\n\n" .. near2 ..
                 "\n\nGubernur Ridwan Kamil membuka pasar baru di Bandung."
    assert.equal("near", kata.duplicates(text)[3].kind)
    for _, piece in ipairs({10, 60, 100, 1000}) do
      local r = kata.analyze(text, {piece = piece})
      local people = {}
      for _, e in ipairs(r.entities.PERSON) do people[#people + 1] = e.text .. "=" .. e.count end
      table.sort(people)
      assert.same({"Budi Santoso=1", "Ridwan Kamil=1", "Sri Mulyani=1"}, people)
      assert.same({paragraphs = 4, duplicates = 1},
                  {paragraphs = r.counts.paragraphs, duplicates = r.counts.duplicates})
    end
  end)

  -- Regression (issue 17): lang = "fr" raised "pipeline.lua:240: bad
  -- argument #2 to 'keywords' (no stop-word list...)".
  it("works for any language kata has a list or a stemmer for", function()
    local fr = "Le chien dort aussi dans le jardin de Marie Dupont, et le chat de la voisine dort sous la table."
    for _, lang in ipairs({"fr", "auto"}) do
      local r = kata.analyze(fr, {lang = lang, n = 3})
      assert.equal("fr", r.language)
      assert.same({{term = "dort", count = 2, score = 2 / 9}, {term = "chat", count = 1, score = 1 / 9},
                   {term = "chien", count = 1, score = 1 / 9}}, r.keywords)
      assert.equal(3, #r.key_phrases)
    end
    -- no list (a stemmer only): keywords without stop words
    local r = kata.analyze("Le chien et le chat.", {lang = "porter", n = 1})
    assert.same({{term = "le", count = 2, score = 2 / 5}}, r.keywords)
    r = kata.analyze("Le chien et le chat.", {lang = "ta", n = 1})
    assert.same({{term = "le", count = 2, score = 2 / 5}}, r.keywords)
    r = kata.analyze("Le chien et le chat.", {lang = "fr", n = 1})
    assert.same({{term = "chat", count = 1, score = 1 / 2}}, r.keywords)
  end)

  -- Regression: n = math.huge passed the check and kata.keywords raised,
  -- naming itself.
  it("rejects an n that is not a count, naming analyze", function()
    for _, n in ipairs({0 / 0, 1 / 0, -1 / 0, -1, -1e300, 1e300, 2.5, 1073741825}) do
      assert.has_error(function() kata.analyze("x", {n = n}) end,
                       "bad argument #2 to 'analyze' (option 'n' must be an integer from 0 to 1073741824)")
    end
    local s = "Harga cabai rawit naik di Pasar Induk Kramat Jati."
    assert.same({}, kata.analyze(s, {n = 0}).keywords)
    assert.same(kata.analyze(s).keywords, kata.analyze(s, {n = 1073741824}).keywords)
    assert.equal(8, #kata.analyze(s, {n = 1073741824}).keywords)
  end)
end)

describe("kata.pipeline", function()
  it("runs stages in order, with a ctx they share", function()
    local seen = {}
    local p = P.new(P.language(), P.paragraphs(), P.dedupe(), P.words(), P.drop_stopwords(),
                    P.stem(), P.tap(function(v, ctx) seen.lang, seen.n = ctx.lang, #v end),
                    P.count(), P.top(2))
    local top = p:run(NEWS)
    assert.same({{term = "bendung", count = 2}, {term = "air", count = 1}}, top)
    assert.equal("id", seen.lang)
  end)

  it("takes plain functions as stages, and stops at nil, message", function()
    local calls = 0
    local p = P.new(function(s) calls = calls + 1 return s:upper() end)
    p:add(function(s) if s == "" then return nil, "empty" end return #s end)
    assert.equal(3, p:run("abc"))
    local v, msg = p:run("")
    assert.is_nil(v)
    assert.equal("empty", msg)
    local q = P.new(function() end)
    v, msg = q:run("x")
    assert.is_nil(v)
    assert.equal("stage 1 returned nothing", msg)
    assert.equal(2, calls)
  end)

  it("checks its arguments", function()
    assert.has_error(function() P.new(P.words(), 3) end,
                     "bad argument #2 to 'new' (function expected, got number)")
    assert.has_error(function() P.new():add() end,
                     "bad argument #1 to 'add' (function expected, got no value)")
    assert.has_error(function() P.new():run_many("x") end,
                     "bad argument #1 to 'run_many' (table expected, got string)")
    assert.has_error(function() P.across({}, {shingles = 2}) end,
                     "bad argument #2 to 'across' (unknown option 'shingles')")
  end)

  -- Regression: P.top(0/0), P.top(-1/0) and P.top(-1e300) looped for ever
  -- (a for loop down to the limit), on the first run.
  it("rejects a count that is not one when the stage is made", function()
    for _, n in ipairs({0 / 0, 1 / 0, -1 / 0, -1e300, -1, 0.5}) do
      assert.has_error(function() P.top(n) end,
                       "bad argument #1 to 'top' (n must be an integer from 0)")
    end
    assert.has_error(function() P.top("3") end,
                     "bad argument #1 to 'top' (number expected, got string)")
    local counts = P.count()({"b", "a", "b"})
    assert.same({{term = "b", count = 2}, {term = "a", count = 1}}, P.top(nil)(counts))
    assert.same({{term = "b", count = 2}, {term = "a", count = 1}}, P.top(1e300)(counts))
    assert.same({{term = "b", count = 2}}, P.top(1)(counts))
    assert.same({}, P.top(0)(counts))
    -- the counts of stages that call kata: checked when the stage is made,
    -- with the message kata gives, naming the stage
    for _, n in ipairs({0 / 0, 1 / 0, -1 / 0, -1, 1.5}) do
      assert.has_error(function() P.keywords({n = n}) end,
                       "bad argument #1 to 'keywords' (option 'n' must be an integer from 0 to 1073741824)")
      assert.has_error(function() P.dedupe({min_words = n}) end,
                       "bad argument #1 to 'dedupe' (option 'min_words' must be an integer from 0 to 1073741824)")
      assert.has_error(function() P.across({}, {shingle = n}) end,
                       "bad argument #2 to 'across' (option 'shingle' must be an integer from 1 to 5)")
    end
    assert.has_error(function() P.keywords({ngrams = 4}) end,
                     "bad argument #1 to 'keywords' (option 'ngrams' must be an integer from 1 to 3)")
    assert.has_error(function() P.paragraphs({by = "page"}) end,
                     "bad argument #1 to 'paragraphs' (option 'by' must be 'auto', 'blank' or 'line')")
    assert.has_error(function() P.words({fold = 1}) end,
                     "bad argument #1 to 'words' (option 'fold' must be a boolean, got number)")
    assert.has_error(function() P.words(3) end,
                     "bad argument #1 to 'words' (table expected, got number)")
    assert.has_error(function() P.entities({lang = "fr"}) end,
                     "bad argument #1 to 'entities' (option 'lang' must be 'id', 'en' or 'auto')")
  end)

  -- Regression (issue 17): after P.language() on French text, drop_stopwords
  -- kept French stop words, P.stem stemmed in English and P.entities raised
  -- "option 'lang' must be 'id', 'en' or 'auto'".
  it("works in the language P.language found", function()
    local fr = "Le chien dort aussi dans le jardin, et le chat de la voisine dort sous la table. Les chiens dorment."
    local p = P.new(P.language(), P.words(), P.drop_stopwords(), P.stem(), P.count(), P.top(3))
    assert.same({{term = "chien", count = 2}, {term = "dort", count = 2}, {term = "chat", count = 1}}, p:run(fr))
    local e = P.new(P.language(), P.entities())
      :run("Le maire de Paris, Anne Hidalgo, a annoncé que le pont sera fermé.")
    assert.same({{text = "Paris", type = "LOCATION", start = 13, stop = 17},
                 {text = "Anne Hidalgo", type = "PERSON", start = 20, stop = 31}}, e)
    -- "all": English and Indonesian together, whatever the language found
    local q = P.new(P.language(), P.words(), P.drop_stopwords("all"), P.count())
    assert.same({le = 1, chien = 1, dog = 1}, q:run("le chien the dog yang"))
    -- by default, those two and the language found: an English aside goes
    local r = P.new(P.language(), P.words(), P.drop_stopwords(), P.count())
    assert.same({chien = 1, dort = 1, jardin = 1, dog = 1}, r:run("Le chien dort dans le jardin; the dog."))
  end)

  -- Regression: after P.language() on a text of no known language, ctx.lang
  -- was "und", which the keywords and entities stages passed on as lang.
  it("leaves lang to kata when the language is undetermined", function()
    local p = P.new(P.language(), P.tap(function(_, ctx) assert.equal("und", ctx.lang) end),
                    P.keywords({numbers = true, method = "frequency"}))
    assert.same({{term = "12345", count = 1, score = 1}}, p:run("12345"))
    local e = P.new(P.language(), P.entities()):run("12345")
    assert.same({{text = "12345", type = "NUMBER", start = 1, stop = 5, value = 12345}}, e)
  end)

  it("words, numbers and stop words", function()
    assert.same({"harga", "naik"}, P.words()("Harga 13.500 naik", {}))
    assert.same({"Harga", "13.500"}, P.words({numbers = true, fold = false})("Harga 13.500", {}))
    assert.same({"Harga", "naik"}, P.drop_stopwords()({"Harga", "yang", "naik", "The"}, {}))
    assert.same({"the"}, P.drop_stopwords({yang = true})({"yang", "the"}, {}))
    assert.same({"luncur"}, P.stem("id")({"meluncurkan"}, {}))
    assert.same({"rocket"}, P.stem()({"rockets"}, {}))
    assert.same({"luncur"}, P.stem()({"meluncurkan"}, {lang = "id"}))
    assert.same({"MELUNCURKAN!"}, P.map(function(w) return w:upper() .. "!" end)({"meluncurkan"}, {}))
  end)

  it("dedupes arrays of paragraphs and texts, and joins", function()
    local ctx = {}
    local paras = P.paragraphs()(NEWS, ctx)
    assert.equal(3, #paras)
    local kept = P.dedupe()(paras, ctx)
    assert.equal(2, #kept)
    assert.equal(1, ctx.removed)
    local text = P.dedupe()(NEWS, ctx)
    assert.equal(1, ctx.removed)
    assert.equal(P.join()(kept), text:gsub("%s+$", ""))
  end)

  it("groups entities and filters", function()
    local g = P.new(P.entities(), P.group()):run(NEWS)
    assert.equal(2, g.PERSON[1].count)
    local long = P.filter(function(w) return #w > 3 end)({"a", "abcd", "xyz", "words"})
    assert.same({"abcd", "words"}, long)
  end)

  it("runs over many inputs with progress, reporting unreadable files", function()
    local path = tmpfile("Satu dua tiga. Tiga dua.")
    local inputs = P.files({path, "/nonexistent/kata-file.txt"})
    inputs[3] = "Empat lima."
    inputs[4] = {name = "named", text = "Enam tujuh delapan."}
    local progress = {}
    local out, failed = P.new(P.words(), P.count()):run_many(inputs, {
      progress = function(done, total, name) progress[#progress + 1] = {done, total, name} end,
      ctx = {extra = true},
    })
    os.remove(path)
    assert.equal(1, failed)
    assert.equal(2, out[1].value["tiga"])
    assert.matches("kata%-file%.txt", out[2].error)
    assert.is_nil(out[2].value)
    assert.equal("3", out[3].name)
    assert.equal("named", out[4].name)
    assert.same({4, 4, "named"}, progress[4])
    assert.equal(4, #progress)
  end)

  it("finds paragraphs repeated across documents, with a kept index", function()
    local a = "Gempa bermagnitudo 5,1 mengguncang Cianjur pada Senin pagi dan warga berhamburan keluar rumah.\n\n" ..
              "BPBD mencatat 12 rumah rusak ringan di tiga kecamatan."
    local b = "Warga Cianjur panik.\n\n" ..
              "Gempa bermagnitudo 5,1 mengguncang Cianjur pada Senin pagi dan warga berhamburan ke luar rumah.\n\n" ..
              "BPBD MENCATAT 12 RUMAH RUSAK RINGAN DI TIGA KECAMATAN."
    local seen = {}
    local reps, errs = P.across({{name = "a", text = a}, {name = "b", text = b},
                                 {name = "c", path = "/nonexistent/x"}},
                                {progress = function(d) seen[#seen + 1] = d end})
    assert.equal(2, #reps)
    assert.same({"b", 2, "a", 1, "near"}, {reps[1].name, reps[1].paragraph, reps[1].dup_name,
                                          reps[1].dup_paragraph, reps[1].kind})
    assert.equal(reps[1].text, b:sub(reps[1].start, reps[1].stop))
    assert.same({"b", 3, "a", 2, "exact"}, {reps[2].name, reps[2].paragraph, reps[2].dup_name,
                                           reps[2].dup_paragraph, reps[2].kind})
    assert.equal(1, #errs)
    assert.equal("c", errs[1].name)
    assert.same({1, 2, 3}, seen)

    local idx = kata.index()
    P.across({{name = "a", text = a}}, {index = idx})
    assert.equal(2, idx:size())
    reps = P.across({{name = "b", text = b}}, {index = idx})
    assert.equal(2, #reps)
    assert.equal(3, idx:size())
  end)

  it("reads files and reports the ones it cannot", function()
    local path = tmpfile("isi")
    assert.equal("isi", P.read()(path))
    os.remove(path)
    local v, msg = P.read()("/nonexistent/kata")
    assert.is_nil(v)
    assert.matches("/nonexistent/kata", msg)
  end)

  it("counts characters and ill-formed sequences as the tokenizer does", function()
    assert.same({5, 0}, {P.characters("héllo")})
    local n, bad, first = P.characters("a\226\130b\255")
    assert.equal(2, n)
    assert.equal(2, bad)
    assert.equal(2, first)
  end)

  it("runs the sample end to end", function()
    local r = kata.analyze(read("samples/berita.txt"))
    assert.equal("id", r.language)
    assert.is_true(r.counts.duplicates >= 1)
    assert.is_true(#r.keywords == 10)
    assert.is_table(r.entities.LOCATION)
  end)
end)
