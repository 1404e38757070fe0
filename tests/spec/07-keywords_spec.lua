-- 07: kata.keywords: frequency ranking, YAKE!, errors, and the quality of
-- the top ten on the news articles of tests/fixtures against the terms an
-- editor chose for each (the .keywords sidecars).
-- Lua 5.1 compatible: no \x or \u{} escapes, no utf8 library, no // or goto.
-- (TF-IDF, which needs a corpus, is in 08-corpus_language_spec.lua.)

local kata = require("kata")
local helpers = require("spec_helpers")
local err_of, fixture = helpers.err_of, helpers.fixture

local function kw_err(s, opts)
  return err_of(function() local r = kata.keywords(s, opts) return r end)
end

local function editor_terms(name)
  local out = {}
  for line in fixture(name .. ".keywords"):gmatch("[^\r\n]+") do
    line = line:match("^%s*(.-)%s*$")
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

-- { {term, count}, ... } of a result, without the scores.
local function plain(list)
  local out = {}
  for i, k in ipairs(list) do out[i] = { k.term, k.count } end
  return out
end

local function terms_of(list)
  local out = {}
  for i, k in ipairs(list) do out[i] = k.term end
  return out
end

local function words_of(term)
  local out = {}
  for w in term:gmatch("%S+") do out[#out + 1] = w end
  return out
end

-- Is a ranked before b: a higher score, then the smaller term in byte order?
local function ranked_ok(a, b)
  if a.score ~= b.score then return a.score > b.score end
  return a.term < b.term
end

-- Levenshtein similarity on bytes: 1 - distance / longer length.
local function similarity(a, b)
  local la, lb = #a, #b
  if math.max(la, lb) == 0 then return 1 end
  local row = {}
  for j = 0, lb do row[j] = j end
  for i = 1, la do
    local diag = row[0]
    row[0] = i
    for j = 1, lb do
      local up = row[j]
      local cost = (a:byte(i) == b:byte(j)) and 0 or 1
      row[j] = math.min(up + 1, row[j - 1] + 1, diag + cost)
      diag = up
    end
  end
  return 1 - row[lb] / math.max(la, lb)
end

local function cp_len(w)
  local _, n = w:gsub("[^\128-\191]", "")
  return n
end

local FIXTURE_NAMES = { "id-garam-rembang", "id-dbd-sleman", "en-desalination-plant", "en-airline-grounding" }
local FIXTURE_LANG = {
  ["id-garam-rembang"] = "id", ["id-dbd-sleman"] = "id",
  ["en-desalination-plant"] = "en", ["en-airline-grounding"] = "en",
}

-- The options t with method "frequency".
local function F(t)
  t.method = "frequency"
  return t
end

describe("kata.keywords", function()
  describe("with method 'frequency'", function()
    it("ranks terms by count, with score = count / total counted occurrences", function()
      local list = kata.keywords("Banjir banjir kota.", F{ lang = "id" })
      assert.same({ { "banjir", 2 }, { "kota", 1 } }, plain(list))
      assert.near(2 / 3, list[1].score, 1e-12)
      assert.near(1 / 3, list[2].score, 1e-12)
      assert.same(list, kata.keywords("Banjir banjir kota.", F{ lang = "id" }))
    end)

    it("divides by every counted occurrence, not only those of the n returned", function()
      local list = kata.keywords("banjir banjir kota desa", F{ lang = "id", n = 1 })
      assert.same({ { "banjir", 2 } }, plain(list))
      assert.near(0.5, list[1].score, 1e-12)
      -- stop words, numbers and short words are not counted occurrences
      list = kata.keywords("banjir yang 2024 x kota", F{ lang = "id" })
      assert.same({ { "banjir", 1 }, { "kota", 1 } }, plain(list))
      assert.near(0.5, list[1].score, 1e-12)
    end)

    it("returns entries with exactly term, count and score", function()
      for _, k in ipairs(kata.keywords("banjir banjir kota", F{ lang = "id" })) do
        local keys = {}
        for key in pairs(k) do keys[#keys + 1] = key end
        table.sort(keys)
        assert.same({ "count", "score", "term" }, keys)
        assert.equal("string", type(k.term))
        assert.equal("number", type(k.count))
        assert.equal("number", type(k.score))
      end
    end)

    it("breaks ties by term in byte order", function()
      assert.same({ "apel", "mangga", "zebra" }, terms_of(kata.keywords("zebra mangga apel", F{ lang = "id" })))
      assert.same({ "banjir", "apel", "zebra" },
        terms_of(kata.keywords("zebra banjir apel banjir", F{ lang = "id" })))
      -- bytes, not letters: "abd" (61 62) before "ábc" (C3 A1 ...)
      assert.same({ "abd", "ábc" }, terms_of(kata.keywords("ábc abd", F{ lang = "id" })))
      -- with fold = false, "A" (41) before "a" (61)
      assert.same({ "Apel", "apel" }, terms_of(kata.keywords("apel Apel", F{ lang = "id", fold = false })))
    end)

    it("returns the n best, 10 by default", function()
      local s = "satu1 dua2 banjir gempa longsor tsunami angin topan hujan petir badai kabut asap"
      local words = kata.count(s, { lang = "id" })
      local distinct = 0
      for _ in pairs(words) do distinct = distinct + 1 end
      assert.equal(13, distinct)
      assert.equal(10, #kata.keywords(s, F{ lang = "id" }))
      assert.equal(3, #kata.keywords(s, F{ lang = "id", n = 3 }))
      assert.same({}, kata.keywords(s, F{ lang = "id", n = 0 }))
      assert.equal(13, #kata.keywords(s, F{ lang = "id", n = 100 }))
      -- the n best are the first n of the whole ranking
      local all = kata.keywords(s .. " banjir gempa gempa", F{ lang = "id", n = 100 })
      local top = kata.keywords(s .. " banjir gempa gempa", F{ lang = "id", n = 4 })
      for i = 1, 4 do assert.same(all[i], top[i]) end
    end)

    it("is ordered best first", function()
      local list = kata.keywords(fixture("en-desalination-plant.txt"), F{ n = 50 })
      assert.equal(50, #list)
      for i = 2, #list do
        assert.is_true(ranked_ok(list[i - 1], list[i]), list[i - 1].term .. " / " .. list[i].term)
      end
    end)

    it("takes the count options", function()
      local list = kata.keywords("Harga cabai naik. Harga cabai turun.", F{ lang = "id", ngrams = 2 })
      assert.same({ { "harga cabai", 2 }, { "cabai naik", 1 }, { "cabai turun", 1 } }, plain(list))
      assert.near(0.5, list[1].score, 1e-12)
      assert.same({ { "petani", 3 } }, plain(kata.keywords("petani pertanian petani", F{ lang = "id", stem = true })))
      assert.same({ { "banjir", 1 }, { "kota", 1 } },
        plain(kata.keywords("Banjir kota.\n\nBanjir kota.", F{ lang = "id", unique_paragraphs = true })))
      assert.same({ { "yang", 1 } }, plain(kata.keywords("yang", F{ lang = "id", stopwords = false })))
      assert.same({ { "2024", 2 } }, plain(kata.keywords("2024 2024", F{ lang = "id", numbers = true })))
    end)

    it("returns an empty array for an empty text or one without counted words", function()
      assert.same({}, kata.keywords(""))
      assert.same({}, kata.keywords("yang dan di", F{ lang = "id" }))
      assert.same({}, kata.keywords("!!! 12 ?"))
    end)
  end)

  -- Regression (issue 17): French keywords were "le chien dort aussi".
  it("leaves out the stop words of French and German text", function()
    local fr = "Le chien dort aussi dans le jardin, et le chat de la voisine dort sous la table. " ..
               "Le chien aboie aussi quand le chat dort."
    local got = {}
    for i, k in ipairs(kata.keywords(fr, F{ n = 3 })) do got[i] = { k.term, k.count } end
    assert.same({ { "dort", 3 }, { "chat", 2 }, { "chien", 2 } }, got)
    got = {}
    for i, k in ipairs(kata.keywords(fr, F{ n = 3, lang = "fr", stem = true })) do got[i] = { k.term, k.count } end
    assert.same({ { "dort", 3 }, { "chat", 2 }, { "chien", 2 } }, got)
    local de = "Der Hund schläft auch im Garten, und die Katze der Nachbarin schläft unter dem Tisch."
    got = {}
    for i, k in ipairs(kata.keywords(de, { n = 2, method = "yake", ngrams = 1 })) do got[i] = k.term end
    for _, w in ipairs(got) do
      assert.is_nil(kata.stopwords("de")[kata.casefold(w)], w)
    end
    assert.equal(2, #got)
  end)

  describe("with method 'yake'", function()
    local en = fixture("en-airline-grounding.txt")
    local id = fixture("id-garam-rembang.txt")

    it("scores a two-word text as YAKE! does", function()
      -- One sentence, two lower-case words seen once each: for both, position
      -- ln(ln(3 + 0)) ^ 0.5 (kata's flatter position; YAKE!'s has power 1),
      -- relatedness 1 + 1 * 1/1 = 2, frequency 1/(1 + 0), spread 1/1, casing
      -- 0, so H = ln(ln 3) ^ 0.5 * 2 / (1/2 + 1/2). A single word scores
      -- H / (1 + H); the pair H * H / (1 + 2H), lower, so it comes first, and
      -- the words inside it, no more frequent, are dropped as redundant.
      local h = math.sqrt(math.log(math.log(3))) * 2
      local list = kata.keywords("zebra apple", { method = "yake", lang = "en" })
      assert.same({ { "zebra apple", 1 } }, plain(list))
      assert.near(h * h / (1 + 2 * h), list[1].yake, 1e-12)
      list = kata.keywords("zebra apple", { method = "yake", lang = "en", ngrams = 1 })
      assert.same({ { "apple", 1 }, { "zebra", 1 } }, plain(list))
      assert.near(h / (1 + h), list[1].yake, 1e-12)
      assert.near(h / (1 + h), list[2].yake, 1e-12)
      for _, k in ipairs(list) do assert.near(1 / (1 + k.yake), k.score, 1e-12) end
    end)

    it("returns term, count, score and yake, sorted by yake ascending", function()
      local list = kata.keywords(en, { method = "yake", lang = "en", n = 30 })
      assert.equal(30, #list)
      for i, k in ipairs(list) do
        assert.equal("string", type(k.term))
        assert.equal("number", type(k.count))
        assert.is_true(k.yake >= 0)
        assert.near(1 / (1 + k.yake), k.score, 1e-12)
        if i > 1 then
          local p = list[i - 1]
          assert.is_true(p.yake < k.yake or (p.yake == k.yake and p.term < k.term), p.term .. " / " .. k.term)
          assert.is_true(p.score >= k.score)
        end
      end
    end)

    it("returns phrases of one to three words", function()
      for _, s in ipairs({ en, id }) do
        local list = kata.keywords(s, { method = "yake", n = 100 })
        local longest = 0
        for _, k in ipairs(list) do longest = math.max(longest, #words_of(k.term)) end
        assert.equal(3, longest)
      end
    end)

    it("never starts or ends a phrase with a stop word or a word under 3 code points", function()
      for name, lang in pairs(FIXTURE_LANG) do
        local stop = kata.stopwords(lang)
        for _, k in ipairs(kata.keywords(fixture(name .. ".txt"), { method = "yake", lang = lang, n = 100 })) do
          local w = words_of(k.term)
          for _, edge in ipairs({ w[1], w[#w] }) do
            assert.is_nil(stop[edge], name .. ": " .. k.term)
            assert.is_true(cp_len(edge) >= 3, name .. ": " .. k.term)
          end
        end
      end
    end)

    it("takes the caller's stop words", function()
      local list = kata.keywords(en, { method = "yake", stopwords = { "aircraft", "the", "of", "in", "on" }, n = 100 })
      assert.is_true(#list > 0)
      for _, k in ipairs(list) do
        local w = words_of(k.term)
        assert.is_true(w[1] ~= "aircraft" and w[#w] ~= "aircraft", k.term)
      end
    end)

    it("counts each phrase's occurrences in count", function()
      for name, lang in pairs(FIXTURE_LANG) do
        -- a possessive ('s) ends the word before it: Northwind's is northwind
        local s = fixture(name .. ".txt"):gsub("(%w)'s", "%1"):gsub("(%w)\226\128\153s", "%1")
        local by_n = {}
        for _, k in ipairs(kata.keywords(s, { method = "yake", lang = lang, n = 40 })) do
          local n = #words_of(k.term)
          by_n[n] = by_n[n] or kata.count(s, { lang = lang, ngrams = n, stopwords = false, min_length = 0 })
          assert.equal(by_n[n][k.term], k.count, name .. ": " .. k.term)
        end
      end
    end)

    it("returns at most n results", function()
      assert.equal(10, #kata.keywords(en, { method = "yake" }))
      assert.equal(3, #kata.keywords(en, { method = "yake", n = 3 }))
      assert.same({}, kata.keywords(en, { method = "yake", n = 0 }))
      local three = kata.keywords(en, { method = "yake", n = 3 })
      local ten = kata.keywords(en, { method = "yake", n = 10 })
      for i = 1, 3 do assert.same(ten[i], three[i]) end
    end)

    -- Regression (issue 16, fault 1): the top ten repeated itself, 39-41% of
    -- its phrases inside or around a better one ("george bush / president
    -- george / bush"); the 90% edit-distance filter caught none of them.
    -- Now a phrase is dropped when it overlaps a better one ("los angeles
    -- police / angeles police chief"), holds one, or sits inside one, unless
    -- the shorter of the two occurs at least twice as often as the longer
    -- (around: only a single word).
    it("drops a phrase inside, around or overlapping a better one", function()
      local s = "President George Bush Meets Gorbachev\n\n" ..
        "President George Bush met Mikhail Gorbachev in Malta on Saturday. " ..
        "Bush said the talks with Gorbachev in Malta were useful. " ..
        "President George Bush returns to Washington on Monday."
      assert.same({ "president george bush", "meets gorbachev", "gorbachev", "malta" },
        terms_of(kata.keywords(s, { method = "yake", lang = "en", n = 4 })))
      local function inside(a, b) -- a's words a contiguous run of b's, fewer
        if #a >= #b then return false end
        for i = 1, #b - #a + 1 do
          local ok = true
          for k = 1, #a do if b[i + k - 1] ~= a[k] then ok = false end end
          if ok then return true end
        end
        return false
      end
      local function overlap(a, b) -- a's last words begin b
        for k = 1, math.min(#a, #b) - 1 do
          local ok = true
          for j = 1, k do if a[#a - k + j] ~= b[j] then ok = false end end
          if ok then return true end
        end
        return false
      end
      for name, lang in pairs(FIXTURE_LANG) do
        local list = kata.keywords(fixture(name .. ".txt"), { method = "yake", lang = lang })
        for i, k in ipairs(list) do
          local a = words_of(k.term)
          for j = 1, i - 1 do
            local b, better = words_of(list[j].term), list[j]
            local what = name .. ": " .. k.term .. " / " .. better.term
            assert.is_false(overlap(a, b) or overlap(b, a), what)
            if inside(a, b) then assert.is_true(k.count >= 2 * better.count, what) end
            if inside(b, a) then assert.is_true(#b == 1 and better.count >= 2 * k.count, what) end
          end
        end
      end
    end)

    -- Regression (issue 13, B5): n sized the work, not the text: n = 2^30
    -- allocated 4 GB for "roket air", and the near-duplicate filter compared
    -- every result with all the others (minutes for 100 KB). Now there is at
    -- most one result per candidate and at most 100 (tests/c checks the
    -- memory, tests/complexity the work).
    it("returns at most 100 results, whatever n asks", function()
      assert.equal(2, #kata.keywords("roket, air", { method = "yake", n = 2 ^ 30 }))
      local all = kata.keywords(en, { method = "yake", n = 2 ^ 30 })
      local hundred = kata.keywords(en, { method = "yake", n = 100 })
      assert.equal(100, #all)
      assert.same(hundred, all)
      assert.equal(100, #kata.keywords(en, { method = "yake", n = 101 }))
    end)

    -- BUG: ngrams = 1 gives phrases of up to three words. lua_kata.c passes
    -- `ngram_max > 1 ? ngram_max : 3` to YAKE, so the default (1, for count)
    -- and an explicit ngrams = 1 cannot be told apart and both mean 3.
    -- Repro: kata.keywords("Northwind Air grounded aircraft", {method = "yake",
    -- ngrams = 1})[1].term --> "air grounded aircraft".
    it("takes the longest phrase from ngrams", function()
      for _, k in ipairs(kata.keywords(en, { method = "yake", ngrams = 2, n = 100 })) do
        assert.is_true(#words_of(k.term) <= 2, k.term)
      end
      for _, k in ipairs(kata.keywords(en, { method = "yake", ngrams = { 1, 2 }, n = 100 })) do
        assert.is_true(#words_of(k.term) <= 2, k.term)
      end
      for _, k in ipairs(kata.keywords(en, { method = "yake", ngrams = 1, n = 100 })) do
        assert.equal(1, #words_of(k.term), k.term)
      end
    end)

    it("treats words under min_length (3 by default) as stop words", function()
      assert.same({}, kata.keywords("ox ox ox ox.", { method = "yake", stopwords = false }))
      for _, k in ipairs(kata.keywords(en, { method = "yake", lang = "en", min_length = 5, n = 100 })) do
        local w = words_of(k.term)
        assert.is_true(cp_len(w[1]) >= 5 and cp_len(w[#w]) >= 5, k.term)
      end
    end)

    -- BUG: an explicit min_length under 3 is ignored: lua_kata.c passes
    -- `min_length > 2 ? min_length : 3`, so min_length = 2 (count's default)
    -- or 1 cannot be asked for. Repro: kata.keywords("ox ox ox ox.",
    -- {method = "yake", stopwords = false, min_length = 2}) --> {}.
    it("takes min_length under 3 when it is given", function()
      local terms = terms_of(kata.keywords("ox ox ox ox.", { method = "yake", stopwords = false, min_length = 2 }))
      assert.is_truthy(terms[1])
      local has = {}
      for _, t in ipairs(terms) do has[t] = true end
      assert.is_true(has.ox)
    end)

    it("drops near-identical phrases (Levenshtein similarity over 0.9)", function()
      local s = "Internationalization matters. Internationalizations matter. Internationalization matters."
      local terms = terms_of(kata.keywords(s, { method = "yake", lang = "en", n = 20 }))
      local has = {}
      for _, t in ipairs(terms) do has[t] = true end
      assert.is_true(has.internationalization or has.internationalizations)
      assert.is_false(has.internationalization and has.internationalizations or false)
      for name in pairs(FIXTURE_LANG) do
        local list = kata.keywords(fixture(name .. ".txt"), { method = "yake", n = 60 })
        for i = 1, #list do
          for j = i + 1, #list do
            assert.is_true(similarity(list[i].term, list[j].term) <= 0.9, list[i].term .. " ~ " .. list[j].term)
          end
        end
      end
    end)

    it("folds case by default and keeps it with fold = false", function()
      for _, k in ipairs(kata.keywords(en, { method = "yake", n = 30 })) do
        assert.equal(kata.casefold(k.term), k.term)
      end
      local upper = false
      for _, k in ipairs(kata.keywords(en, { method = "yake", fold = false, n = 30 })) do
        if k.term:find("%u") then upper = true end
      end
      assert.is_true(upper)
    end)

    -- BUG: a phrase keeps the white space of the text between its words (two
    -- spaces, a tab, a no-break space), so the same phrase can come out in
    -- several spellings; count joins n-gram words with one space.
    -- Repro: kata.keywords("Rumah  prisma melindungi garam.", {method = "yake",
    -- lang = "id"}) has the terms "rumah  prisma melindungi" and "rumah  prisma"
    -- (two spaces).
    it("joins the words of a phrase with one space", function()
      local s = "Rumah  prisma melindungi garam. Rumah\tprisma baru. Rumah prisma dibangun petani garam."
      for _, k in ipairs(kata.keywords(s, { method = "yake", lang = "id", n = 50 })) do
        assert.is_nil(k.term:find("%s%s"), k.term)
        assert.is_nil(k.term:find("[\t\n\r]"), k.term)
      end
    end)

    -- BUG: unique_paragraphs is accepted but ignored by YAKE!: yake_keywords
    -- runs kata_yake_run on the whole text. Repro: kata.keywords("Harga cabai
    -- naik.\n\nHarga cabai naik.\n\nPetani senang.", {method = "yake", lang =
    -- "id", unique_paragraphs = true})[1] --> {term = "harga cabai naik",
    -- count = 2}.
    it("counts a repeated paragraph once with unique_paragraphs", function()
      local s = "Harga cabai naik.\n\nHarga cabai naik.\n\nPetani senang."
      local twice = kata.keywords(s, { method = "yake", lang = "id", n = 20, unique_paragraphs = false })
      local once = kata.keywords(s, { method = "yake", lang = "id", n = 20, unique_paragraphs = true })
      local function counts(list)
        local out = {}
        for _, k in ipairs(list) do out[k.term] = k.count end
        return out
      end
      assert.equal(2, counts(twice)["harga cabai naik"])
      assert.same({ ["harga cabai naik"] = 1, petani = 1, senang = 1 }, counts(once))
      -- the same as the text without the copy
      assert.same(kata.keywords("Harga cabai naik.\n\nPetani senang.", { method = "yake", lang = "id", n = 20 }), once)
    end)

    it("returns an empty array for an empty text or one of stop words", function()
      assert.same({}, kata.keywords("", { method = "yake" }))
      assert.same({}, kata.keywords("yang dan di. Itu ini.", { method = "yake", lang = "id" }))
      assert.same({}, kata.keywords("12 34. 56!", { method = "yake" }))
    end)
  end)

  describe("errors", function()
    it("reject a text that is not a string", function()
      assert.equal("bad argument #1 to 'keywords' (string expected, got nil)", kw_err(nil))
      assert.equal("bad argument #1 to 'keywords' (string expected, got table)", kw_err({ "banjir" }))
      assert.equal("bad argument #1 to 'keywords' (string expected, got boolean)", kw_err(false, { method = "yake" }))
    end)

    it("reject unknown options and options of the wrong type", function()
      assert.equal("bad argument #2 to 'keywords' (unknown option 'foo')", kw_err("x", { foo = 1 }))
      assert.equal("bad argument #2 to 'keywords' (option 'fold' must be a boolean, got string)",
        kw_err("x", { fold = "no" }))
      assert.equal("bad argument #2 to 'keywords' (option 'min_length' must be a number, got string)",
        kw_err("x", { min_length = "3" .. "x" }))
      assert.equal("bad argument #2 to 'keywords' (option 'ngrams' must be an integer from 1 to 3)",
        kw_err("x", { ngrams = 4, method = "yake" }))
      assert.equal("bad argument #2 to 'keywords' (option 'stopwords' must be a boolean or a table)",
        kw_err("x", { stopwords = "en" }))
      assert.equal("bad argument #2 to 'keywords' (no stop-word list for language 'porter')",
        kw_err("x", { lang = "porter" }))
      assert.equal("bad argument #2 to 'keywords' (no stop-word list for language 'porter')",
        kw_err("x", { lang = "porter", method = "yake" }))
      assert.equal("bad argument #2 to 'keywords' (table expected, got number)", kw_err("x", 10))
    end)

    it("reject an n that is not a count", function()
      assert.equal("bad argument #2 to 'keywords' (option 'n' must be a number, got string)",
        kw_err("x", { n = "ten" }))
      assert.matches("^bad argument #2 to 'keywords' %(option 'n' must be ", kw_err("x", { n = -1 }))
      assert.matches("^bad argument #2 to 'keywords' %(option 'n' must be ", kw_err("x", { n = 2.5 }))
    end)

    it("reject an unknown method", function()
      assert.equal("bad argument #2 to 'keywords' (invalid method 'x')", kw_err("x", { method = "x" }))
      assert.equal("bad argument #2 to 'keywords' (invalid method 'TFIDF')", kw_err("x", { method = "TFIDF" }))
      assert.matches("^bad argument #2 to 'keywords' %(.*method", kw_err("x", { method = 1 }))
    end)

    -- Regression: {corpus = c, method = "yake"} ranked by YAKE! and left the
    -- corpus unused, without a word.
    it("reject a corpus with a method other than 'tfidf'", function()
      local c = kata.corpus({ lang = "id" })
      c:add("Harga cabai rawit naik di Pasar Induk.")
      c:add("Banjir merendam rumah warga di Garut.")
      assert.equal("bad argument #2 to 'keywords' (option 'corpus' needs method 'tfidf', not 'yake')",
        kw_err("Harga cabai naik.", { corpus = c, method = "yake" }))
      assert.equal("bad argument #2 to 'keywords' (option 'corpus' needs method 'tfidf', not 'frequency')",
        kw_err("Harga cabai naik.", { corpus = c, method = "frequency" }))
      local want = c:keywords("Harga cabai naik.", { n = 2 })
      assert.equal(2, #want)
      assert.same(want, kata.keywords("Harga cabai naik.", { corpus = c, n = 2 }))
      assert.same(want, kata.keywords("Harga cabai naik.", { corpus = c, method = "tfidf", n = 2 }))
    end)

    it("reject method 'tfidf' without a corpus", function()
      assert.equal("bad argument #2 to 'keywords' (method 'tfidf' needs option 'corpus')",
        kw_err("x", { method = "tfidf" }))
      assert.equal("bad argument #2 to 'keywords' (method 'tfidf' needs option 'corpus')",
        kw_err("", { method = "tfidf", n = 3 }))
    end)

    -- BUG: a corpus option that is not a corpus is reported against argument
    -- #-1: check_count_opts calls luaL_checkudata(L, -1, ...) on the value.
    -- Repro: kata.keywords("x", {corpus = "x"}) --> "bad argument #-1 to
    -- 'keywords' (kata.Corpus expected, got string)".
    it("reject a corpus option that is not a corpus, as argument #2", function()
      assert.matches("^bad argument #2 to 'keywords' %(.*corpus", kw_err("x", { corpus = "x" }))
      assert.matches("^bad argument #2 to 'keywords' %(.*corpus", kw_err("x", { corpus = {} }))
    end)
  end)

  describe("with the default method (key phrases)", function()
    -- Issue 16: a recurring name weighs more than a common word seen as
    -- often (before, "cabai" and "jokowi" tied and came in byte order).
    it("ranks a name seen twice above a word seen as often", function()
      local s = "Kemarin cabai naik, kata Jokowi. Besok cabai turun, kata Jokowi."
      assert.same({ "cabai naik", "jokowi", "cabai", "turun" }, terms_of(kata.keywords(s, { lang = "id", n = 4 })))
    end)

    -- Indonesian (id-keps, docs/keywords.md): a word with a verb's affix
    -- (meN- as it is spelt before a stem, di-, ter-, -kan) or -nya is no
    -- part of a phrase, and a short text's room left after its phrases takes
    -- the words they had kept out. English keeps both rules out.
    it("Indonesian: a verb form stands alone, a short text keeps a phrase's words", function()
      assert.same({ "bank bca", "pns sibuk", "mengantre", "bank", "bca", "pns", "sibuk" },
        terms_of(kata.keywords("para PNS sibuk mengantre di bank bca", { lang = "id" })))
      -- "menteri" is no meN- verb (men- before t), "meninjau" is
      assert.same({ "harga beras", "menteri keuangan", "meninjau", "pasar", "beras", "harga", "keuangan", "menteri" },
        terms_of(kata.keywords("menteri keuangan meninjau harga beras di pasar", { lang = "id" })))
      assert.same({ "diblokir", "ditangkap", "kartunya", "menyerahkan", "polisi", "tersangka" },
        terms_of(kata.keywords("ditangkap polisi kemarin, tersangka menyerahkan diri dan kartunya diblokir",
                               { lang = "id" })))
      -- n still bounds the list; the phrases come first
      assert.same({ "bank bca", "pns sibuk", "mengantre" },
        terms_of(kata.keywords("para PNS sibuk mengantre di bank bca", { lang = "id", n = 3 })))
      -- English: a short text's phrases keep their words out
      assert.same({ "forest fire developments", "western states", "brief", "look" },
        terms_of(kata.keywords("Here is a brief look at forest fire developments in the Western states:",
                               { lang = "en" })))
    end)
  end)

  -- Quality: the top ten of each article, with default options and with
  -- YAKE!, hold no stop word of either built-in list, no punctuation, no
  -- number, and at least half of the editor's terms. The editor's terms were
  -- chosen from the text before kata was run on it; they are single words,
  -- so a frequency term hits when it is one, and a YAKE! phrase hits when
  -- one of its words is one. A term with a digit counts as a number
  -- ("rp12", "80th"): none of these articles has a keyword with digits.
  describe("quality on the news fixtures", function()
    local en_stop, id_stop = kata.stopwords("en"), kata.stopwords("id")

    local function check_top(name, list)
      assert.equal(10, #list, name)
      for _, k in ipairs(list) do
        local w = words_of(k.term)
        assert.is_nil(en_stop[k.term] or id_stop[k.term], name .. ": stop word " .. k.term)
        assert.is_nil(en_stop[w[1]] or id_stop[w[1]], name .. ": starts with a stop word: " .. k.term)
        assert.is_nil(en_stop[w[#w]] or id_stop[w[#w]], name .. ": ends with a stop word: " .. k.term)
        for _, t in ipairs(kata.tokenize(k.term)) do
          assert.equal("word", t.kind, name .. ": not a word: " .. k.term)
        end
        assert.is_nil(k.term:find("%d"), name .. ": number " .. k.term)
        assert.is_nil(k.term:find("%p%s") or k.term:find("%s%p") or k.term:find("^%p") or k.term:find("%p$"),
          name .. ": punctuation " .. k.term)
      end
    end

    local function hits(list, editor)
      local words = {}
      for _, k in ipairs(list) do
        for _, w in ipairs(words_of(k.term)) do words[w] = true end
      end
      local n, found = 0, {}
      for _, e in ipairs(editor) do
        if words[e] then
          n = n + 1
          found[#found + 1] = e
        end
      end
      return n, table.concat(found, ", "), table.concat(terms_of(list), ", ")
    end

    for _, name in ipairs(FIXTURE_NAMES) do
      it(name .. ": frequency top 10", function()
        local s, editor = fixture(name .. ".txt"), editor_terms(name)
        assert.is_true(#editor >= 5 and #editor <= 8)
        local list = kata.keywords(s, { method = "frequency" })
        check_top(name, list)
        for _, k in ipairs(list) do assert.equal(1, #words_of(k.term)) end
        local n, found, top = hits(list, editor)
        assert.is_true(2 * n >= #editor,
          string.format("%s: %d of %d editor terms (%s) in the top 10: %s", name, n, #editor, found, top))
      end)

      -- YAKE! on Indonesian news: the Title Case institution names of the
      -- lead ("dinas kesehatan kabupaten", "daerah istimewa yogyakarta") get
      -- YAKE!'s casing and position bonuses, and a phrase scores the product
      -- of its words' scores, so they outranked topic words seen more often
      -- (3 of 7 and 2 of 8 editor terms) until kata's departures (a phrase
      -- seen once only in the first sentence, none overlapping a better
      -- one, a flatter position weight). Measured: 5 of 7 and 4 of 8 editor
      -- terms on the Indonesian articles, 5 of 7 and 6 of 8 on the English
      -- ones. The bar is half, as for the other methods (it was a quarter
      -- for Indonesian).
      -- The default method (key phrases): no public Indonesian news
      -- keyphrase set exists, so these articles are its Indonesian check.
      -- Measured with hits() above: 6 of 7 and 4 of 8 editor terms on the
      -- Indonesian articles, 6 of 7 and 5 of 8 on the English ones
      -- (frequency: 5, 4, 6, 7; YAKE!: 5, 4, 5, 6).
      it(name .. ": key phrases (the default) top 10", function()
        local s, editor = fixture(name .. ".txt"), editor_terms(name)
        local list = kata.keywords(s)
        assert.same(list, kata.keywords(s, { method = "keyphrase" }))
        check_top(name, list)
        local n, found, top = hits(list, editor)
        assert.is_true(2 * n >= #editor,
          string.format("%s: %d of %d editor terms (%s) in the key-phrase top 10: %s", name, n, #editor, found, top))
      end)

      it(name .. ": key phrases that neither hold nor overlap one another", function()
        local list = kata.keywords(fixture(name .. ".txt"), { n = 20 })
        for i, a in ipairs(list) do
          local wa = words_of(a.term)
          for j, b in ipairs(list) do
            local wb = words_of(b.term)
            -- a's last k words are not b's first k (k < both lengths)
            for k = 1, math.min(#wa, #wb) - 1 do
              assert.is_false(table.concat(wa, " ", #wa - k + 1) == table.concat(wb, " ", 1, k),
                name .. ": " .. a.term .. " / " .. b.term)
            end
            -- a phrase of two or more words holds no other such phrase
            if i ~= j and #wa > #wb and #wb > 1 then
              assert.is_nil((" " .. a.term .. " "):find(" " .. b.term .. " ", 1, true),
                name .. ": " .. a.term .. " / " .. b.term)
            end
          end
        end
      end)

      it(name .. ": YAKE! top 10", function()
        local s, editor = fixture(name .. ".txt"), editor_terms(name)
        local list = kata.keywords(s, { method = "yake" })
        check_top(name, list)
        local n, found, top = hits(list, editor)
        assert.is_true(2 * n >= #editor,
          string.format("%s: %d of %d editor terms (%s) in the YAKE! top 10: %s", name, n, #editor, found, top))
      end)
    end
  end)
end)
