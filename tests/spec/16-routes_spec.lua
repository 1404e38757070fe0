-- One answer on every route (issue 17): the same text asked the same
-- question through kata.keywords, kata.analyze, `kata keywords` and `kata
-- analyze` gets the same answer, with the defaults and with the one option
-- that changes them. (Redis: tests/redis/parity.lua; Neovim:
-- tests/nvim/test.lua.)
local kata = require("kata")
local helpers = require("spec_helpers")

-- Runs `kata ARGS...` on stdin text; returns stdout (asserting status 0).
local function run(args, stdin)
  local status, out, err = helpers.cli(args, stdin)
  assert.equal(0, status, err)
  return out
end

-- {term, count} pairs of a keyword list.
local function pairs_of(list)
  local t = {}
  for i, k in ipairs(list) do t[i] = {k.term, k.count} end
  return t
end

-- {term, count} pairs of `kata keywords` lines: score, count, term.
local function from_keywords(out)
  local t = {}
  for count, term in out:gmatch("[^\t\n]+\t(%d+)\t([^\n]+)\n") do t[#t + 1] = {term, tonumber(count)} end
  return t
end

-- {term, count} pairs of the keywords section of `kata analyze` (or of
-- the key phrases section).
local function from_analyze(out, phrases)
  local t = {}
  local section = out:match(phrases and "\nkey phrases[^\n]*\n(.-)\n\n" or "\nkeywords[^\n]*\n(.-)\n\n")
  for count, term in section:gmatch(" *(%d+)  ([^\n]+)") do t[#t + 1] = {term, tonumber(count)} end
  return t
end

local function sample()
  local dir = os.getenv("KATA_SAMPLES") or (helpers.TESTS .. "/../../shared/samples")
  return helpers.read_file(dir .. "/news-id-duplicated.txt")
end

describe("keywords on every route", function()
  local texts = {
    berita = helpers.read_file(helpers.TESTS .. "/../samples/berita.txt"),
    news = sample(),
  }

  for _, name in ipairs({"berita", "news"}) do
    it("agree with kata.keywords by default on " .. name, function()
      local s = assert(texts[name], "missing text " .. name)
      local want = pairs_of(kata.keywords(s, {method = "frequency"}))
      assert.equal(10, #want)
      assert.same(want, pairs_of(kata.analyze(s).keywords))
      assert.same(want, from_keywords(run({"keywords", "--method", "frequency"}, s)))
      assert.same(want, from_analyze(run({"analyze"}, s)))
      -- the key phrases: kata.keywords' default method
      want = pairs_of(kata.keywords(s))
      assert.equal(10, #want)
      assert.same(want, pairs_of(kata.analyze(s).key_phrases))
      assert.same(want, from_keywords(run({"keywords"}, s)))
      assert.same(want, from_analyze(run({"analyze"}, s), true))
    end)

    it("agree with unique_paragraphs = false on " .. name, function()
      local s = assert(texts[name], "missing text " .. name)
      for _, method in ipairs({"frequency", "keyphrase"}) do
        local want = pairs_of(kata.keywords(s, {method = method, unique_paragraphs = false}))
        local report = kata.analyze(s, {unique_paragraphs = false})
        local phrases = method == "keyphrase"
        assert.same(want, pairs_of(phrases and report.key_phrases or report.keywords))
        assert.same(want, from_keywords(run({"keywords", "--method", method, "--all-paragraphs"}, s)))
        assert.same(want, from_analyze(run({"analyze", "--all-paragraphs"}, s), phrases))
        assert.same(want, from_analyze(run({"analyze", "--keep-duplicates"}, s), phrases))
      end
    end)
  end

  it("count a repeated paragraph once by default", function()
    -- berita.txt prints its paragraph on BRIN's Roket twice
    local s = texts.berita
    assert.same({"roket", 7}, pairs_of(kata.keywords(s, {method = "frequency"}))[1])
    assert.same({"roket", 8}, pairs_of(kata.keywords(s, {method = "frequency", unique_paragraphs = false}))[1])
    assert.equal(7, kata.count(s).roket)
    assert.equal(8, kata.count(s, {unique_paragraphs = false}).roket)
    local phrases = kata.keywords(s, {method = "yake", n = 100})
    local all = kata.keywords(s, {method = "yake", n = 100, unique_paragraphs = false})
    local function count_of(list, term)
      for _, k in ipairs(list) do if k.term == term then return k.count end end
    end
    assert.equal(7, count_of(phrases, "roket"))
    assert.equal(8, count_of(all, "roket"))
  end)

  it("analyze checks unique_paragraphs as kata.keywords does", function()
    assert.equal("bad argument #2 to 'analyze' (option 'unique_paragraphs' must be a boolean, got string)",
      helpers.err_of(function() kata.analyze("x", {unique_paragraphs = "no"}) end))
  end)
end)

describe("Indonesian key phrases of a short text on every route", function()
  -- id-keps' kind of text: the verb stands alone, the phrases' words fill
  -- the list (docs/keywords.md); the same on each route
  it("agree with kata.keywords", function()
    local s = "para PNS sibuk mengantre di bank bca\n"
    local want = pairs_of(kata.keywords(s, {lang = "id"}))
    assert.same({{"bank bca", 1}, {"pns sibuk", 1}, {"mengantre", 1}, {"bank", 1}, {"bca", 1}, {"pns", 1},
      {"sibuk", 1}}, want)
    assert.same(want, pairs_of(kata.analyze(s, {lang = "id"}).key_phrases))
    assert.same(want, from_keywords(run({"keywords", "--lang", "id"}, s)))
    assert.same(want, from_analyze(run({"analyze", "--lang", "id"}, s), true))
  end)
end)

describe("near repeats on every route", function()
  local P = require("kata.pipeline")
  -- Two headers of Debian's changelog of snowball: six words, one differs,
  -- Jaccard 5/7 = 0.71, under the threshold 0.8. The index's estimate
  -- said 0.813, so kata.index (no store), P.across and KATA.DUP.* called
  -- them near repeats, which kata.duplicates rejects.
  local A = "snowball (2.2.0-2) unstable; urgency=medium"
  local B = "snowball (2.2.0-1) unstable; urgency=medium"
  local LOG = A .. "\n\n  * Bump Standards-Version to 4.6.1, no changes needed.\n\n" .. B .. "\n"
  -- A real one: a one-word edit of a news paragraph.
  local EN = "The airline grounded its entire fleet of twelve aircraft on Tuesday after " ..
             "inspectors found cracks in the landing gear of two planes during routine checks."
  local EN2 = EN:gsub("Tuesday", "Wednesday")

  it("kata.duplicates rejects the snowball pair", function()
    assert.same({false, false, false}, kata.duplicates(LOG))
  end)

  it("an index without a store says its answer is an estimate", function()
    local idx = kata.index()
    assert.is_nil(idx:add("a", A))
    local key, sim, kind = idx:add("b", B)
    assert.same({"a", "estimate"}, {key, kind})
    assert.is_true(sim >= 0.8 and sim < 1)
  end)

  it("an index with a store, P.across and kata dedupe --list do not report it", function()
    local store = os.tmpname()
    local idx = assert(kata.index({store = store}))
    assert.is_nil(idx:add("a", A))
    assert.is_nil(idx:add("b", B))
    idx = nil -- luacheck: ignore 311
    collectgarbage()
    os.remove(store)
    local reps = P.across({{name = "a", text = A}, {name = "b", text = B}})
    assert.same({}, reps)
    assert.same({}, (P.across({LOG})))
    local fa, fb = helpers.tmpfile(LOG), helpers.tmpfile(B .. "\n")
    assert.equal("", run({"dedupe", "--list", "--no-progress", fa}))
    assert.equal("", run({"dedupe", "--list", "--no-progress", fa, fb}):gsub("[^\n]*exact[^\n]*\n", ""))
    os.remove(fa)
    os.remove(fb)
  end)

  it("report a real near repeat with kata.duplicates's similarity", function()
    local want = kata.duplicates({EN, EN2})[2]
    assert.equal("near", want.kind)
    local reps = P.across({{name = "a", text = EN}, {name = "b", text = EN2}})
    assert.equal(1, #reps)
    assert.same({"near", want.similarity}, {reps[1].kind, reps[1].similarity})
    local f = helpers.tmpfile(EN .. "\n\n" .. EN2 .. "\n")
    local out = run({"dedupe", "--list", "--no-progress", f})
    os.remove(f)
    assert.equal(string.format("(near, %.3f)", want.similarity), out:match("%(near, [%d.]+%)"))
  end)

  -- Regression: with one input, --list went through the index and listed
  -- fewer paragraphs than kata dedupe removed (no teasers, other LSH bands).
  it("kata dedupe --list on one input lists what kata dedupe removes", function()
    local s = assert(sample(), "missing ../shared/samples/news-id-duplicated.txt")
    local _, removed = kata.dedupe(s)
    local f = helpers.tmpfile(s)
    local out = run({"dedupe", "--list", "--no-progress", f})
    os.remove(f)
    local n = select(2, out:gsub("\n", ""))
    assert.equal(removed, n)
    assert.is_true(n >= 15)
  end)
end)

describe("one set of names", function()
  local S = "Presiden Joko Widodo tiba di Surabaya dengan Rp 1,5 triliun.\n\nHarga naik 5%."

  -- Regression: a type the text has none of was absent (nil), so
  -- ipairs(r.entities.ORGANIZATION) raised.
  it("kata.analyze gives every entity type a list, empty when the text has none", function()
    local r = kata.analyze(S)
    for _, t in ipairs(kata.entity_types) do assert.equal("table", type(r.entities[t]), t) end
    assert.same({}, r.entities.ORGANIZATION)
    assert.same({}, kata.analyze("", {}).entities.PERSON)
    assert.same({{text = "Rp 1,5 triliun", count = 1, value = {amount = 1500000000000, currency = "IDR"}}},
      r.entities.MONEY)
  end)

  -- Regression: analyze --json wrote counts.invalid_utf8 where kata.analyze
  -- has counts.invalid, and entities without their value.
  it("analyze --json uses kata.analyze's names and carries values", function()
    local out = run({"analyze", "--json"}, S .. "\n\255")
    local r = kata.analyze(S .. "\n\255")
    assert.matches('"invalid":1,"first_invalid":' .. r.counts.first_invalid .. "}", out, 1, true)
    assert.is_nil(out:find("invalid_utf8", 1, true))
    assert.matches('"MONEY":[{"text":"Rp 1,5 triliun","count":1,' ..
                   '"value":{"amount":1500000000000,"currency":"IDR"}}]', out, 1, true)
    assert.matches('"PERCENT":[{"text":"5%","count":1,"value":5}]', out, 1, true)
    assert.matches('"ORGANIZATION":[]', out, 1, true)
  end)

  -- Regression: idx:add(s), written as idx:check(s) is, said only "string
  -- expected, got no value".
  it("idx:add without a key says the key is missing", function()
    local idx = kata.index()
    assert.equal("bad argument #2 to 'add' (string expected, got no value: the key is missing, " ..
                 "idx:add(key, paragraph))",
      helpers.err_of(function() idx:add("Harga cabai naik di pasar induk.") end))
    assert.equal("bad argument #2 to 'add' (string expected, got no value)",
      helpers.err_of(function() idx:add(7) end))
  end)
end)

describe("kata analyze -n", function()
  -- Regression (issue 17): the repeat list was not limited by -n, so a
  -- 50 MB input printed 112,538 lines.
  it("limits the list of duplicate paragraphs", function()
    local paras = {}
    local words = {"cabai", "beras", "gula", "garam", "minyak", "telur", "bawang", "jagung"}
    for i, w in ipairs(words) do
      paras[i] = string.format("Harga %s di pasar %s naik, kata pedagang %s di Garut.", w, w .. "x", w .. "y")
    end
    local s = table.concat(paras, "\n\n") .. "\n\n" .. table.concat(paras, "\n\n")
    local out = run({"analyze", "-n", "3"}, s)
    local list = out:match("duplicate paragraphs[^\n]*\n(.*)$")
    assert.equal(3, select(2, list:gsub("repeat paragraph", "")))
    assert.matches("\n  %(5 more%)\n$", list)
    assert.equal(8, select(2, run({"analyze"}, s):gsub("repeat paragraph", "")))
  end)
end)
