-- One answer on every route (issue 17): the same text asked the same
-- question through kata.keywords, kata.analyze, `kata keywords` and `kata
-- analyze` gets the same answer, with the defaults and with the one option
-- that changes them. (Redis: tests/redis/parity.lua; Neovim:
-- tests/nvim/test.lua.)
local kata = require("kata")
local cli = require("kata.cli")
local helpers = require("spec_helpers")

local function sink()
  local s = {parts = {}}
  function s:write(...)
    for i = 1, select("#", ...) do self.parts[#self.parts + 1] = tostring(select(i, ...)) end
    return self
  end
  function s:text() return table.concat(self.parts) end
  return s
end

-- Runs `kata ARGS...` on stdin text; returns stdout (asserting status 0).
local function run(args, stdin)
  local out, err = sink(), sink()
  local status = cli.main(args, out, err, {read = function() return stdin end})
  assert.equal(0, status, err:text())
  return out:text()
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

-- {term, count} pairs of the keywords section of `kata analyze`.
local function from_analyze(out)
  local t = {}
  local section = out:match("\nkeywords[^\n]*\n(.-)\n\n")
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
      local want = pairs_of(kata.keywords(s))
      assert.equal(10, #want)
      assert.same(want, pairs_of(kata.analyze(s).keywords))
      assert.same(want, from_keywords(run({"keywords"}, s)))
      assert.same(want, from_analyze(run({"analyze"}, s)))
    end)

    it("agree with unique_paragraphs = false on " .. name, function()
      local s = assert(texts[name], "missing text " .. name)
      local want = pairs_of(kata.keywords(s, {unique_paragraphs = false}))
      assert.same(want, pairs_of(kata.analyze(s, {unique_paragraphs = false}).keywords))
      assert.same(want, from_keywords(run({"keywords", "--all-paragraphs"}, s)))
      assert.same(want, from_analyze(run({"analyze", "--all-paragraphs"}, s)))
      assert.same(want, from_analyze(run({"analyze", "--keep-duplicates"}, s)))
    end)
  end

  it("count a repeated paragraph once by default", function()
    -- berita.txt prints its paragraph on BRIN's Roket twice
    local s = texts.berita
    assert.same({"roket", 7}, pairs_of(kata.keywords(s))[1])
    assert.same({"roket", 8}, pairs_of(kata.keywords(s, {unique_paragraphs = false}))[1])
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
