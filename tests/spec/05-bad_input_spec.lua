-- 05: bad input: wrong arguments and options (every error message), invalid
-- UTF-8, strict mode, NUL bytes, hostile sizes and shapes.
-- Lua 5.1 compatible; bytes are written with X("hex bytes") (Lua 5.1 has no
-- \xNN escapes).

local kata = require("kata")
local helpers = require("spec_helpers")
local X, err_of = helpers.X, helpers.err_of

local function full(s, opts)
  local out = {}
  for i, t in ipairs(kata.tokenize(s, opts)) do out[i] = { t.text, t.kind, t.start, t.stop } end
  return out
end

local function full_iter(s, opts)
  local out = {}
  for text, kind, start, stop in kata.tokens(s, opts) do out[#out + 1] = { text, kind, start, stop } end
  return out
end

-- "ab\128" -> "61 62 80", for messages.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02X ", c:byte()) end))
end

-- Every returned value of a call, as a table with n.
local function pack(...) return { n = select("#", ...), ... } end

describe("argument errors", function()
  it("reject a non-string text with the standard message", function()
    assert.equal("bad argument #1 to 'tokenize' (string expected, got nil)",
      err_of(function() local r = kata.tokenize(nil) return r end))
    assert.equal("bad argument #1 to 'tokenize' (string expected, got no value)",
      err_of(function() local r = kata.tokenize() return r end))
    assert.equal("bad argument #1 to 'tokenize' (string expected, got table)",
      err_of(function() local r = kata.tokenize({}) return r end))
    assert.equal("bad argument #1 to 'tokenize' (string expected, got boolean)",
      err_of(function() local r = kata.tokenize(true) return r end))
    assert.equal("bad argument #1 to 'tokens' (string expected, got nil)",
      err_of(function() local r = kata.tokens(nil) return r end))
    assert.equal("bad argument #1 to 'words' (string expected, got nil)",
      err_of(function() local r = kata.words(nil) return r end))
    assert.equal("bad argument #1 to 'segments' (string expected, got nil)",
      err_of(function() local r = kata.segments(nil) return r end))
    assert.equal("bad argument #1 to 'sentences' (string expected, got nil)",
      err_of(function() local r = kata.sentences(nil) return r end))
    assert.equal("bad argument #1 to 'normalize' (string expected, got nil)",
      err_of(function() local r = kata.normalize(nil) return r end))
    assert.equal("bad argument #1 to 'casefold' (string expected, got nil)",
      err_of(function() local r = kata.casefold(nil) return r end))
    assert.equal("bad argument #1 to 'validate' (string expected, got nil)",
      err_of(function() local r = kata.validate(nil) return r end))
    assert.equal("bad argument #1 to 'casefold' (string expected, got function)",
      err_of(function() local r = kata.casefold(print) return r end))
  end)

  it("reject options that are not a table", function()
    assert.equal("bad argument #2 to 'tokenize' (table expected, got number)",
      err_of(function() local r = kata.tokenize("x", 5) return r end))
    assert.equal("bad argument #2 to 'tokenize' (table expected, got string)",
      err_of(function() local r = kata.tokenize("x", "fold") return r end))
    assert.equal("bad argument #2 to 'tokenize' (table expected, got boolean)",
      err_of(function() local r = kata.tokenize("x", true) return r end))
    assert.equal("bad argument #2 to 'tokens' (table expected, got number)",
      err_of(function() local r = kata.tokens("x", 1) return r end))
    assert.equal("bad argument #2 to 'words' (table expected, got number)",
      err_of(function() local r = kata.words("x", 1) return r end))
    assert.equal("bad argument #2 to 'sentences' (table expected, got boolean)",
      err_of(function() local r = kata.sentences("x", true) return r end))
  end)

  it("reject unknown options, naming them", function()
    assert.equal("bad argument #2 to 'tokenize' (unknown option 'foo')",
      err_of(function() local r = kata.tokenize("x", { foo = 1 }) return r end))
    assert.equal("bad argument #2 to 'tokens' (unknown option 'foo')",
      err_of(function() local r = kata.tokens("x", { foo = true }) return r end))
    assert.equal("bad argument #2 to 'words' (unknown option 'foo')",
      err_of(function() local r = kata.words("x", { foo = false }) return r end))
    assert.equal("bad argument #2 to 'sentences' (unknown option 'foo')",
      err_of(function() local r = kata.sentences("x", { foo = 1 }) return r end))
    -- close to a real one
    assert.equal("bad argument #2 to 'tokenize' (unknown option 'Fold')",
      err_of(function() local r = kata.tokenize("x", { Fold = true }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (unknown option 'fol')",
      err_of(function() local r = kata.tokenize("x", { fol = true }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (unknown option 'folds')",
      err_of(function() local r = kata.tokenize("x", { folds = true }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (unknown option '')",
      err_of(function() local r = kata.tokenize("x", { [""] = true }) return r end))
    -- array items and other non-string keys are unknown options too (the
    -- wording for a key that is not a string is left open)
    assert.truthy(err_of(function() local r = kata.tokenize("x", { true }) return r end)
      :find("^bad argument #2 to 'tokenize' %(unknown option .+%)$"))
    assert.truthy(err_of(function() local r = kata.words("x", { [{}] = true }) return r end)
      :find("^bad argument #2 to 'words' %(unknown option .+%)$"))
  end)

  it("reject options that another function takes", function()
    assert.equal("bad argument #2 to 'words' (unknown option 'spaces')",
      err_of(function() local r = kata.words("x", { spaces = true }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (unknown option 'trim')",
      err_of(function() local r = kata.tokenize("x", { trim = true }) return r end))
    assert.equal("bad argument #2 to 'tokens' (unknown option 'trim')",
      err_of(function() local r = kata.tokens("x", { trim = true }) return r end))
    for _, key in ipairs({ "fold", "normalize", "strict", "spaces" }) do
      assert.equal("bad argument #2 to 'sentences' (unknown option '" .. key .. "')",
        err_of(function() local r = kata.sentences("x", { [key] = false }) return r end))
    end
  end)

  -- Regression (fixed in 987d704): option names were checked with strstr()
  -- on the list of allowed names ("fold normalize strict spaces"), so a key
  -- made of several whole names separated by spaces passed the check and
  -- was silently ignored. Keys and form names were also compared as C
  -- strings, so "fold\0x" was taken as fold and "nfc\0junk" as "nfc".
  it("reject a key made of several option names", function()
    assert.equal("bad argument #2 to 'tokenize' (unknown option 'normalize strict')",
      err_of(function() local r = kata.tokenize("x", { ["normalize strict"] = true }) return r end))
    assert.equal("bad argument #2 to 'words' (unknown option 'fold normalize')",
      err_of(function() local r = kata.words("x", { ["fold normalize"] = true }) return r end))
  end)

  -- Regression: see above (C-string comparison of option names and forms).
  it("reject option names and forms with an embedded NUL", function()
    assert.truthy(err_of(function() local r = kata.tokenize("x", { ["fold" .. X("00") .. "x"] = true }) return r end)
      :find("^bad argument #2 to 'tokenize' %(unknown option 'fold"))
    local form = "nfc" .. X("00") .. "junk"
    assert.truthy(err_of(function() local r = kata.tokenize("x", { normalize = form }) return r end)
      :find("^bad argument #2 to 'tokenize' %(invalid normalize form 'nfc"))
  end)

  it("reject boolean options of another type", function()
    assert.equal("bad argument #2 to 'tokenize' (option 'fold' must be a boolean, got string)",
      err_of(function() local r = kata.tokenize("x", { fold = "yes" }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (option 'strict' must be a boolean, got number)",
      err_of(function() local r = kata.tokenize("x", { strict = 1 }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (option 'spaces' must be a boolean, got table)",
      err_of(function() local r = kata.tokenize("x", { spaces = {} }) return r end))
    assert.equal("bad argument #2 to 'tokens' (option 'fold' must be a boolean, got number)",
      err_of(function() local r = kata.tokens("x", { fold = 0 }) return r end))
    assert.equal("bad argument #2 to 'words' (option 'strict' must be a boolean, got string)",
      err_of(function() local r = kata.words("x", { strict = "true" }) return r end))
    assert.equal("bad argument #2 to 'sentences' (option 'trim' must be a boolean, got number)",
      err_of(function() local r = kata.sentences("x", { trim = 1 }) return r end))
  end)

  it("reject a normalize form that does not exist", function()
    assert.equal("bad argument #2 to 'tokenize' (invalid normalize form 'x')",
      err_of(function() local r = kata.tokenize("x", { normalize = "x" }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (invalid normalize form 'NFC')",
      err_of(function() local r = kata.tokenize("x", { normalize = "NFC" }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (invalid normalize form '')",
      err_of(function() local r = kata.tokenize("x", { normalize = "" }) return r end))
    assert.equal("bad argument #2 to 'tokens' (invalid normalize form 'nfkc_casefold')",
      err_of(function() local r = kata.tokens("x", { normalize = "nfkc_casefold" }) return r end))
    assert.equal("bad argument #2 to 'words' (invalid normalize form 'nfx')",
      err_of(function() local r = kata.words("x", { normalize = "nfx" }) return r end))
  end)

  it("reject a normalize option that is neither a form name nor false", function()
    assert.equal("bad argument #2 to 'tokenize' (option 'normalize' must be a form name or false)",
      err_of(function() local r = kata.tokenize("x", { normalize = true }) return r end))
    assert.equal("bad argument #2 to 'tokenize' (option 'normalize' must be a form name or false)",
      err_of(function() local r = kata.tokenize("x", { normalize = 1 }) return r end))
    assert.equal("bad argument #2 to 'words' (option 'normalize' must be a form name or false)",
      err_of(function() local r = kata.words("x", { normalize = {} }) return r end))
  end)

  it("reject an unknown form in kata.normalize", function()
    assert.equal("bad argument #2 to 'normalize' (invalid option 'bogus')",
      err_of(function() local r = kata.normalize("x", "bogus") return r end))
    assert.equal("bad argument #2 to 'normalize' (invalid option 'NFC')",
      err_of(function() local r = kata.normalize("x", "NFC") return r end))
    assert.equal("bad argument #2 to 'normalize' (invalid option '')",
      err_of(function() local r = kata.normalize("x", "") return r end))
    -- LuaJIT's own luaL_checkoption takes a non-string as "use the default"
    -- (it reads the argument with lua_tolstring), so only PUC Lua raises here.
    if not rawget(_G, "jit") then
      assert.equal("bad argument #2 to 'normalize' (string expected, got table)",
        err_of(function() local r = kata.normalize("x", {}) return r end))
    end
  end)

  it("leave the library usable after an error", function()
    err_of(function() local r = kata.tokenize("x", { foo = 1 }) return r end)
    err_of(function() local r = kata.tokens(nil) return r end)
    assert.same({ "masih", "jalan" }, kata.words("masih jalan"))
  end)
end)

describe("invalid UTF-8", function()
  -- input, then the tokens expected by default (the maximal-subpart rule).
  local CASES = {
    { "stray continuation", X("80"), { { X("80"), "symbol", 1, 1 } } },
    { "two continuations", X("80 BF"), { { X("80"), "symbol", 1, 1 }, { X("BF"), "symbol", 2, 2 } } },
    { "overlong C0 80", X("C0 80"), { { X("C0"), "symbol", 1, 1 }, { X("80"), "symbol", 2, 2 } } },
    { "overlong C1 BF", X("C1 BF"), { { X("C1"), "symbol", 1, 1 }, { X("BF"), "symbol", 2, 2 } } },
    { "overlong E0 80 80", X("E0 80 80"),
      { { X("E0"), "symbol", 1, 1 }, { X("80"), "symbol", 2, 2 }, { X("80"), "symbol", 3, 3 } } },
    { "overlong F0 80 80 80", X("F0 80 80 80"),
      { { X("F0"), "symbol", 1, 1 }, { X("80"), "symbol", 2, 2 }, { X("80"), "symbol", 3, 3 },
        { X("80"), "symbol", 4, 4 } } },
    { "surrogate ED A0 80", X("ED A0 80"),
      { { X("ED"), "symbol", 1, 1 }, { X("A0"), "symbol", 2, 2 }, { X("80"), "symbol", 3, 3 } } },
    { "truncated F0 9F 98 at the end", X("F0 9F 98"), { { X("F0 9F 98"), "symbol", 1, 3 } } },
    { "truncated F0 9F 98 before a letter", X("F0 9F 98") .. "x",
      { { X("F0 9F 98"), "symbol", 1, 3 }, { "x", "word", 4, 4 } } },
    { "truncated E2 82 before a letter", X("E2 82") .. "A",
      { { X("E2 82"), "symbol", 1, 2 }, { "A", "word", 3, 3 } } },
    { "lone lead byte C3 at the end", "ab" .. X("C3"), { { "ab", "word", 1, 2 }, { X("C3"), "symbol", 3, 3 } } },
    { "F5 and FF", X("F5 FF"), { { X("F5"), "symbol", 1, 1 }, { X("FF"), "symbol", 2, 2 } } },
    { "past U+10FFFF F4 90 80 80", X("F4 90 80 80"),
      { { X("F4"), "symbol", 1, 1 }, { X("90"), "symbol", 2, 2 }, { X("80"), "symbol", 3, 3 },
        { X("80"), "symbol", 4, 4 } } },
    { "inside a word", "abc" .. X("80") .. "def",
      { { "abc", "word", 1, 3 }, { X("80"), "symbol", 4, 4 }, { "def", "word", 5, 7 } } },
    { "inside a number", "12" .. X("FF") .. "34",
      { { "12", "number", 1, 2 }, { X("FF"), "symbol", 3, 3 }, { "34", "number", 4, 5 } } },
    { "after an emoji", "😀" .. X("F0 9F"), { { "😀", "emoji", 1, 4 }, { X("F0 9F"), "symbol", 5, 6 } } },
    { "around a hashtag", X("80") .. "#tag" .. X("80"),
      { { X("80"), "symbol", 1, 1 }, { "#tag", "hashtag", 2, 5 }, { X("80"), "symbol", 6, 6 } } },
    { "ending a URL", "https://a.id/x" .. X("80") .. "y",
      { { "https://a.id/x", "url", 1, 14 }, { X("80"), "symbol", 15, 15 }, { "y", "word", 16, 16 } } },
    { "before an e-mail address", X("C0") .. "budi@mail.com",
      { { X("C0"), "symbol", 1, 1 }, { "budi@mail.com", "email", 2, 14 } } },
    { "between spaces", " " .. X("80") .. " ", { { X("80"), "symbol", 2, 2 } } },
  }

  for _, case in ipairs(CASES) do
    local name, s, expect = case[1], case[2], case[3]

    it("gives symbol tokens of the original bytes: " .. name, function()
      assert.same(expect, full(s))
      assert.same(expect, full_iter(s))
    end)

    it("keeps the original bytes under fold and normalize: " .. name, function()
      local folded = full(s, { fold = true, normalize = "nfc" })
      assert.equal(#expect, #folded)
      for i, t in ipairs(expect) do
        if t[2] == "symbol" then assert.same(t, folded[i]) end
        assert.equal(t[3], folded[i][3])
        assert.equal(t[4], folded[i][4])
      end
    end)

    it("fails in strict mode at the first bad byte: " .. name, function()
      local ok, pos = kata.validate(s)
      assert.is_false(ok)
      local msg = "invalid UTF-8 at byte " .. pos
      local r = pack(kata.tokenize(s, { strict = true }))
      assert.same({ n = 2, nil, msg }, r)
      r = pack(kata.tokens(s, { strict = true }))
      assert.same({ n = 2, nil, msg }, r)
      r = pack(kata.words(s, { strict = true }))
      assert.same({ n = 2, nil, msg }, r)
      r = pack(kata.tokenize(s, { strict = true, spaces = true, fold = true }))
      assert.same({ n = 2, nil, msg }, r)
    end)

    it("keeps segments and sentences lossless: " .. name, function()
      assert.equal(s, table.concat(kata.segments(s)))
      assert.equal(s, table.concat(kata.sentences(s)))
    end)
  end

  it("reports the byte position of the first bad byte in strict mode", function()
    assert.same({ nil, "invalid UTF-8 at byte 4" }, { kata.tokenize("ok " .. X("E0 80 80"), { strict = true }) })
    assert.same({ nil, "invalid UTF-8 at byte 1" }, { kata.tokens(X("80") .. "abc", { strict = true }) })
    assert.same({ nil, "invalid UTF-8 at byte 11" },
      { kata.words("Halo dunia" .. X("F0 9F 98"), { strict = true }) })
    -- multi-byte characters before it count in bytes
    assert.same({ nil, "invalid UTF-8 at byte 10" },
      { kata.tokenize("é 日本" .. X("FF") .. X("80"), { strict = true }) })
    local long = ("kata "):rep(20000)
    assert.same({ nil, "invalid UTF-8 at byte " .. (#long + 1) },
      { kata.tokenize(long .. X("C0 80"), { strict = true }) })
  end)

  it("lets a strict failure be used with assert()", function()
    local ok, err = pcall(function()
      for _ in assert(kata.tokens("bad" .. X("80"), { strict = true })) do end
    end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("invalid UTF-8 at byte 4", 1, true))
  end)

  -- Regression (fixed in 987d704): the tokenizer typed whole UAX #29 word
  -- segments, and WB3c/WB4 glued a ZWJ + pictograph or a skin-tone modifier
  -- onto the invalid byte in front of it: 80 E2 80 8D F0 9F 98 80 gave one
  -- emoji token 1-8 instead of a symbol token of its own.
  it("keeps an invalid byte out of a following emoji sequence", function()
    local zwj_smile = X("E2 80 8D") .. "😀"
    assert.same({ { X("80"), "symbol", 1, 1 }, { zwj_smile, "emoji", 2, 8 } }, full(X("80") .. zwj_smile))
    assert.same({ { X("80"), "symbol", 1, 1 }, { "🏽", "emoji", 2, 5 } }, full(X("80") .. "🏽"))
  end)

  -- Random strings of bytes and tricky pieces, the same on every Lua (a
  -- fixed linear congruential generator, not math.random).
  local function random_texts(count)
    -- Park-Miller: every product stays below 2^53, so doubles (Lua 5.1,
    -- LuaJIT) and integers (Lua 5.3+) give the same sequence.
    local seed = 12345
    local function rand(n)
      seed = (seed * 16807) % 2147483647
      return seed % n
    end
    local pieces = { "a", "Z", "9", " ", ".", "-", "@", "#", "/", ":", "'", "\n", "é", "日", "😀",
      X("E2 80 8D"), X("EF B8 8F"), X("CC 81"), X("F0 9F 87 AE"), X("00"), "http://", "www.", "x@y.id" }
    local texts = {}
    for round = 1, count do
      local parts = {}
      for i = 1, 1 + rand(40) do
        if rand(3) == 0 then
          parts[i] = string.char(rand(256))
        else
          parts[i] = pieces[1 + rand(#pieces)]
        end
      end
      texts[round] = table.concat(parts)
    end
    return texts
  end

  it("never crashes and never shifts offsets on random bytes", function()
    for round, s in ipairs(random_texts(300)) do
      local label = "round " .. round
      -- with spaces on, the tokens cover the input exactly
      local pos = 1
      for _, t in ipairs(kata.tokenize(s, { spaces = true })) do
        assert.equal(pos, t.start, label)
        assert.equal(s:sub(t.start, t.stop), t.text, label)
        pos = t.stop + 1
      end
      assert.equal(#s + 1, pos, label)
      assert.same(full(s, { fold = true }), full_iter(s, { fold = true }), label)
      assert.equal(s, table.concat(kata.segments(s)), label)
      assert.equal(s, table.concat(kata.sentences(s)), label)
      for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd", "nfkc_casefold" }) do
        assert.is_string(kata.normalize(s, form))
      end
      assert.is_string(kata.casefold(s))
      -- strict mode agrees with validate
      local ok, bad = kata.validate(s)
      if ok then
        assert.is_table(kata.tokenize(s, { strict = true }), label)
      else
        assert.same({ nil, "invalid UTF-8 at byte " .. bad }, { kata.tokenize(s, { strict = true }) }, label)
        assert.is_true(s:byte(bad) >= 128, label)
      end
    end
  end)

  -- Regression: failed for the reason of "keeps an invalid byte out of a
  -- following emoji sequence" above (an invalid byte glued to ZWJ + emoji).
  it("puts invalid bytes of random text only in symbol tokens that start with them", function()
    local wrong = {}
    for round, s in ipairs(random_texts(300)) do
      for _, t in ipairs(kata.tokenize(s, { spaces = true })) do
        local ok, bad = kata.validate(t.text)
        if not ok and (t.kind ~= "symbol" or bad ~= 1) then
          wrong[#wrong + 1] = string.format("round %d: %s token %s at %d-%d", round, t.kind,
            hex(t.text), t.start, t.stop)
        end
      end
    end
    assert.same({}, wrong)
  end)
end)

describe("NUL bytes", function()
  local NUL = X("00")

  it("are symbol tokens of their own", function()
    assert.same({ { "a", "word", 1, 1 }, { NUL, "symbol", 2, 2 }, { "b", "word", 3, 3 } }, full("a" .. NUL .. "b"))
    assert.same({ { NUL, "symbol", 1, 1 }, { NUL, "symbol", 2, 2 } }, full(NUL .. NUL))
    assert.same({ { "#", "punct", 1, 1 }, { NUL, "symbol", 2, 2 }, { "@", "punct", 3, 3 }, { NUL, "symbol", 4, 4 } },
      full("#" .. NUL .. "@" .. NUL))
  end)

  it("end URLs and do not join e-mail addresses", function()
    assert.same({ { "http://a.com/", "url", 1, 13 }, { NUL, "symbol", 14, 14 }, { "x", "word", 15, 15 } },
      full("http://a.com/" .. NUL .. "x"))
    assert.same({ { "a", "word", 1, 1 }, { "@", "punct", 2, 2 }, { NUL, "symbol", 3, 3 }, { "b.com", "word", 4, 8 } },
      full("a@" .. NUL .. "b.com"))
  end)

  it("are valid UTF-8 and kept by every function", function()
    local s = "Satu" .. NUL .. "dua. Tiga" .. NUL
    assert.is_true(kata.validate(s))
    assert.is_table(kata.tokenize(s, { strict = true }))
    assert.same({ "Satu", "dua", "Tiga" }, kata.words(s))
    assert.equal(s, table.concat(kata.segments(s)))
    assert.equal(s, table.concat(kata.sentences(s)))
    assert.equal(s, kata.normalize(s))
    assert.equal(s:lower(), kata.casefold(s))
    assert.equal(3, #kata.tokenize(NUL .. NUL .. NUL))
  end)
end)

describe("hostile sizes and shapes", function()
  it("handles one huge token of each sort", function()
    local n = 1000000
    assert.same({ { ("a"):rep(n), "word", 1, n } }, full(("a"):rep(n)))
    assert.same({ { (" "):rep(n), "space", 1, n } }, full((" "):rep(n), { spaces = true }))
    assert.same({}, full((" "):rep(n)))
    local hyph = ("ab-"):rep(n / 4) .. "ab"
    assert.same({ { hyph, "word", 1, #hyph } }, full(hyph))
    local url = "https://a.id/" .. ("x"):rep(n)
    assert.same({ { url, "url", 1, #url } }, full(url))
    local marks = "a" .. X("CC 81"):rep(n / 2)
    assert.same({ { marks, "word", 1, #marks } }, full(marks))
    local m = 200000
    local list = kata.tokenize(X("80"):rep(m))
    assert.equal(m, #list)
    assert.same({ X("80"), "symbol", m, m }, { list[m].text, list[m].kind, list[m].start, list[m].stop })
  end)

  it("gives one sentence for a huge text without terminators", function()
    local s = ("kata "):rep(200000)
    assert.same({ s }, kata.sentences(s))
    assert.same({ s:sub(1, -2) }, kata.sentences(s, { trim = true }))
  end)

  -- Regression (fixed in 987d704): an e-mail candidate was re-scanned from
  -- every word followed by one of "@.-_+%", over the whole run of
  -- local-part characters, so "a..a..a.." took time quadratic in its length
  -- (120 KB: about 4 s; 1 MB: minutes). Linear code takes milliseconds.
  it("tokenizes long runs of e-mail local-part characters in linear time", function()
    local s = ("a.."):rep(40000) -- 120 KB
    local t0 = os.clock()
    local n = 0
    for _ in kata.tokens(s) do n = n + 1 end
    local elapsed = os.clock() - t0
    assert.equal(120000, n)
    assert.is_true(elapsed < 1, string.format("took %.2f s", elapsed))
  end)

  -- Regression (fixed in 987d704): canonical ordering of a long run of
  -- combining marks (utf8proc's swap-and-step-back sort) was quadratic: 64 KB
  -- of alternating U+0301 / U+0323 took about 2.5 s, 1 MB many minutes.
  -- kata.normalize and the normalize option of the tokenizer both reach it.
  it("normalizes a long run of combining marks in reasonable time", function()
    local s = "a" .. (X("CC 81 CC A3")):rep(16000) -- 64 KB
    local t0 = os.clock()
    local r = kata.normalize(s, "nfd")
    local elapsed = os.clock() - t0
    assert.equal(#s, #r)
    assert.equal(X("CC A3"), r:sub(2, 3)) -- dot below (ccc 220) sorted first
    assert.is_true(elapsed < 1, string.format("took %.2f s", elapsed))
  end)
end)

describe("kata.utf8_pieces", function()
  local function pieces(s)
    local out = {}
    kata.utf8_pieces(s, function(piece, valid, pos)
      out[#out + 1] = { piece, valid, pos }
    end)
    return out
  end

  it("gives valid text in one call, and nothing for the empty string", function()
    assert.same({ { "Garut " .. X("F0 9F 9A 80"), true, 1 } }, pieces("Garut " .. X("F0 9F 9A 80")))
    assert.same({}, pieces(""))
  end)

  it("splits off each maximal ill-formed subpart, as the tokenizer does", function()
    assert.same({ { "a", true, 1 }, { X("FF"), false, 2 }, { X("FE"), false, 3 }, { "b ", true, 4 },
                  { X("E2 82"), false, 6 }, { " c", true, 8 } },
                pieces("a" .. X("FF FE") .. "b " .. X("E2 82") .. " c"))
    assert.same({ { X("ED"), false, 1 }, { X("A0"), false, 2 }, { X("80"), false, 3 },
                  { X("C3 A9"), true, 4 }, { X("F0 9F 98"), false, 6 } },
                pieces(X("ED A0 80 C3 A9 F0 9F 98")))
    -- the same pieces as the tokenizer's symbol tokens
    local s = "x" .. X("C0 80") .. "y" .. X("F4 90 80 80")
    local bad = {}
    for _, p in ipairs(pieces(s)) do if not p[2] then bad[#bad + 1] = p[1] end end
    local symbols = {}
    for text, kind in kata.tokens(s) do if kind == "symbol" then symbols[#symbols + 1] = text end end
    assert.same(symbols, bad)
  end)

  it("raises bad argument for a string or function missing", function()
    assert.equal("bad argument #1 to 'utf8_pieces' (string expected, got no value)",
                 err_of(function() kata.utf8_pieces() end))
    assert.equal("bad argument #1 to 'utf8_pieces' (string expected, got number)",
                 err_of(function() kata.utf8_pieces(1, print) end))
    assert.equal("bad argument #2 to 'utf8_pieces' (function expected, got nil)",
                 err_of(function() kata.utf8_pieces("a", nil) end))
    assert.equal("bad argument #2 to 'utf8_pieces' (function expected, got no value)",
                 err_of(function() kata.utf8_pieces("a") end))
    -- the position is the caller's
    local _, msg = pcall(function() kata.utf8_pieces() end)
    assert.matches("_spec%.lua:%d+: bad argument", msg)
  end)
end)

-- Regression: __gc and __close cast their argument without a check, so
-- getmetatable(kata.gazetteer()).__close() or getmetatable(idx).__gc(io.stdout)
-- crashed the interpreter. They check it as Lua's io does for FILE*.
describe("metamethods", function()
  -- Every class of the binding, whose metatables are in the registry (the
  -- internal ones are reachable only through the debug library).
  local CLASSES = { "kata.Scratch", "kata.Tokens", "kata.Counter", "kata.Wordset",
                    "kata.Langs", "kata.Corpus", "kata.Keywords", "kata.Index", "kata.Tails",
                    "kata.Tagger", "kata.Entities", "kata.Gazetteer", "kata.GazText" }
  -- What a type error says the value is: Lua 5.3 and 5.4 name a userdata
  -- by its metatable's __name (FILE*, kata.Index), 5.1 and LuaJIT do not.
  local named = not rawget(_G, "jit") and (_VERSION == "Lua 5.3" or _VERSION == "Lua 5.4")
  local function got(v)
    local mt = type(v) == "userdata" and getmetatable(v)
    if named and mt and mt.__name then return mt.__name end
    return type(v)
  end
  -- The metamethods of a metatable (its functions, __index's aside).
  local function metamethods(mt)
    local list = {}
    for k, v in pairs(mt) do
      if type(v) == "function" then list[#list + 1] = k end
    end
    table.sort(list)
    return list
  end

  it("exist for every class, each with __gc (and __close on 5.4)", function()
    local reg = debug.getregistry()
    kata.entities("Jakarta") -- makes the tagger, and the classes are all made at load
    for _, name in ipairs(CLASSES) do
      local mt = reg[name]
      assert.equal("table", type(mt), name)
      local list = metamethods(mt)
      if _VERSION == "Lua 5.4" then
        assert.same({ "__close", "__gc" }, list, name)
      else
        assert.same({ "__gc" }, list, name)
      end
    end
  end)

  it("raise bad argument for anything but their own class", function()
    local reg = debug.getregistry()
    local other = kata.index()
    local wrong = { { nil, "nil" }, { 42, "number" }, { io.stdout, got(io.stdout) },
                    { other, got(other) }, { "x", "string" }, { {}, "table" } }
    local calls = 0
    for _, name in ipairs(CLASSES) do
      local mt = reg[name]
      for _, mm in ipairs(metamethods(mt)) do
        for _, w in ipairs(wrong) do
          if not (name == "kata.Index" and w[1] == other) then
            local ok, msg = pcall(mt[mm], w[1])
            assert.is_false(ok)
            assert.equal("bad argument #1 to '?' (" .. name .. " expected, got " .. w[2] .. ")", msg)
            calls = calls + 1
          end
        end
        local ok, msg = pcall(mt[mm])
        assert.is_false(ok)
        assert.equal("bad argument #1 to '?' (" .. name .. " expected, got no value)", msg)
      end
    end
    assert.is_true(calls >= 12 * 5)
    -- the index given as the wrong thing is untouched
    assert.is_nil(other:add("a", "Satu dua tiga empat lima enam tujuh."))
    assert.equal(1, other:size())
    -- the crashes of the report, by name (called directly, so named)
    local g = kata.gazetteer()
    assert.equal("bad argument #1 to '__gc' (kata.Gazetteer expected, got " .. got(io.stdout) .. ")",
      err_of(function() getmetatable(g).__gc(io.stdout) end))
    assert.equal("bad argument #1 to '__gc' (kata.Index expected, got " .. got(io.stdout) .. ")",
      err_of(function() getmetatable(other).__gc(io.stdout) end))
  end)

  it("do nothing the second time, and a closed object says so", function()
    local g = kata.gazetteer({ { "Kopi Senja", "ORGANIZATION" } })
    local idx = kata.index()
    local c = kata.corpus()
    for _, o in ipairs({ g, idx, c }) do
      local mt = getmetatable(o)
      mt.__gc(o)
      mt.__gc(o)
      if mt.__close then mt.__close(o); mt.__close(o, "an error") end
    end
    assert.equal("bad argument #1 to 'size' (gazetteer is closed)",
      err_of(function() local r = g.size(g) return r end))
    assert.equal("bad argument #1 to 'size' (index is closed)",
      err_of(function() local r = idx.size(idx) return r end))
    assert.equal("bad argument #1 to 'size' (corpus is closed)",
      err_of(function() local r = c.size(c) return r end))
    g, idx, c = nil, nil, nil
    collectgarbage()
    collectgarbage()
  end)

  it("leave a tokens iterator usable after its own __gc", function()
    local it = kata.tokens("Harga CABAI naik", { fold = true })
    local _, ud = debug.getupvalue(it, 1)
    if ud == nil and _VERSION == "Lua 5.1" and not rawget(_G, "jit") then
      return -- Lua 5.1's debug library does not reach a C function's upvalues
    end
    assert.equal("userdata", type(ud))
    getmetatable(ud).__gc(ud)
    getmetatable(ud).__gc(ud)
    local words = {}
    for text in it do words[#words + 1] = text end
    assert.same({ "harga", "cabai", "naik" }, words)
  end)

  it("leave the state's tagger, stop words and stemmers remade when closed", function()
    local reg = debug.getregistry()
    local text = "Gubernur DKI Jakarta Pramono Anung"
    local before = kata.entities(text, { model = false })
    assert.equal("DKI Jakarta", before[1].text)
    assert.same({ cat = 2 }, kata.count("the cats and a cat", { lang = "en", stem = true }))
    local closed = 0
    for k, v in pairs(reg) do
      if k == "kata.tagger" or k == "kata.langs" then -- the stop words and stemmers
        getmetatable(v).__gc(v)
        closed = closed + 1
      end
    end
    assert.equal(2, closed)
    assert.same(before, kata.entities(text, { model = false }))
    assert.same({ cat = 2 }, kata.count("the cats and a cat", { lang = "en", stem = true }))
    collectgarbage()
    collectgarbage()
  end)
end)
