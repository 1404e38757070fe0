-- 04: kata.normalize, kata.casefold and kata.validate.
-- Lua 5.1 compatible; bytes are written with X("hex bytes") where they are
-- invisible, combining or invalid (Lua 5.1 has no \xNN escapes).

local kata = require("kata")
local helpers = require("spec_helpers")
local X = helpers.X

local FORMS = { "nfc", "nfd", "nfkc", "nfkd", "nfkc_casefold" }

local ACUTE = X("CC 81") -- U+0301 COMBINING ACUTE ACCENT

local TEXTS = {
  "",
  "plain ASCII, nothing to do. 123",
  "Café, naïve, Ångström, façade",
  "cafe" .. ACUTE .. " Ame" .. X("CC 81 CC A3"),
  "한국어 Hangul " .. X("E1 84 92 E1 85 A1 E1 86 AB"),
  "ﬁ ① Ⅻ ｶﾀｶﾅ ² Ａｂｃ ㎏ ẞ Straße İstanbul ΣΑΣ ǅ",
  "東京 カタカナ 😀 👨‍👩‍👧 🇮🇩",
  "tab\tnul" .. X("00") .. "end",
}

-- The invalid sequences of the brief, each next to valid text.
local INVALID = {
  X("80"), X("BF"), X("C0 80"), X("C1 BF"), X("E0 80 80"), X("ED A0 80"), X("ED BF BF"),
  X("F0 9F 98"), X("F0 80 80 80"), X("F5"), X("FF"), X("F4 90 80 80"), X("E2 82"), X("C3"),
}

describe("kata.normalize", function()
  it("uses NFC by default", function()
    assert.equal("café", kata.normalize("cafe" .. ACUTE))
    assert.equal(kata.normalize("cafe" .. ACUTE, "nfc"), kata.normalize("cafe" .. ACUTE))
    assert.equal("café", kata.normalize("cafe" .. ACUTE, nil))
  end)

  it("NFC composes and puts combining marks in canonical order", function()
    -- a + acute (ccc 230) + dot below (ccc 220) -> U+1EA1 + acute
    assert.equal(X("E1 BA A1") .. ACUTE, kata.normalize("a" .. ACUTE .. X("CC A3"), "nfc"))
    assert.equal("한", kata.normalize(X("E1 84 92 E1 85 A1 E1 86 AB"), "nfc"))
    -- U+212B ANGSTROM SIGN is a singleton: NFC gives U+00C5
    assert.equal("Å", kata.normalize(X("E2 84 AB"), "nfc"))
  end)

  it("NFD decomposes", function()
    assert.equal("cafe" .. ACUTE, kata.normalize("café", "nfd"))
    assert.equal(X("E1 84 92 E1 85 A1 E1 86 AB"), kata.normalize("한", "nfd"))
    assert.equal("A" .. X("CC 8A"), kata.normalize(X("E2 84 AB"), "nfd"))
  end)

  it("NFKC and NFKD replace compatibility characters", function()
    assert.equal("fi 1 XII カ 2 A", kata.normalize("ﬁ ① Ⅻ ｶ ² Ａ", "nfkc"))
    assert.equal("fie" .. ACUTE, kata.normalize("ﬁé", "nfkd"))
    assert.equal("kg", kata.normalize("㎏", "nfkc"))
  end)

  it("nfkc_casefold folds case after compatibility mapping", function()
    assert.equal("fi strasse ss", kata.normalize("ﬁ STRASSE ß", "nfkc_casefold"))
    assert.equal("xii abc", kata.normalize("Ⅻ ＡＢＣ", "nfkc_casefold"))
    assert.equal("café", kata.normalize("CAFE" .. ACUTE, "nfkc_casefold"))
  end)

  it("leaves ASCII unchanged in every form but nfkc_casefold, which lowers it", function()
    local s = "Plain ASCII: 1, 2, 3! ~{}[]\t\n"
    for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd" }) do
      assert.equal(s, kata.normalize(s, form), form)
    end
    assert.equal(s:lower(), kata.normalize(s, "nfkc_casefold"))
  end)

  it("is idempotent in every form", function()
    for i, s in ipairs(TEXTS) do
      for _, form in ipairs(FORMS) do
        local once = kata.normalize(s, form)
        assert.equal(once, kata.normalize(once, form), form .. " of text #" .. i)
      end
    end
  end)

  -- Regression (introduced in 987d704, fixed by 1c66f73): normalising in
  -- pieces of 30 non-starters made NFC/NFKC non-idempotent on runs of more
  -- than 30 combining marks ("Zalgo" text): composition changed the count,
  -- so a second pass cut the pieces elsewhere.
  it("is idempotent on long runs of combining marks (Zalgo text)", function()
    local minimal = "a" .. X("CC 81 CC A3"):rep(16)
    local zalgo = "Zalgo Z" .. X("CC 81 CC A3 CC B7"):rep(12) .. " teks"
    for _, s in ipairs({ minimal, zalgo }) do
      for _, form in ipairs(FORMS) do
        local once = kata.normalize(s, form)
        assert.equal(once, kata.normalize(once, form), form)
      end
    end
  end)

  it("agrees between composed and decomposed forms", function()
    for i, s in ipairs(TEXTS) do
      assert.equal(kata.normalize(s, "nfc"), kata.normalize(kata.normalize(s, "nfd"), "nfc"), "#" .. i)
      assert.equal(kata.normalize(s, "nfd"), kata.normalize(kata.normalize(s, "nfc"), "nfd"), "#" .. i)
      assert.equal(kata.normalize(s, "nfkc"), kata.normalize(kata.normalize(s, "nfkd"), "nfc"), "#" .. i)
      assert.equal(kata.normalize(s, "nfkd"), kata.normalize(kata.normalize(s, "nfkc"), "nfd"), "#" .. i)
    end
  end)

  it("returns the empty string for the empty string", function()
    for _, form in ipairs(FORMS) do
      assert.equal("", kata.normalize("", form))
    end
  end)

  it("keeps NUL bytes, in ASCII and in non-ASCII text", function()
    for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd" }) do
      assert.equal("a" .. X("00") .. "b", kata.normalize("a" .. X("00") .. "b", form))
    end
    assert.equal("E" .. ACUTE .. X("00") .. "E" .. ACUTE, kata.normalize("É" .. X("00") .. "É", "nfd"))
    assert.equal("é" .. X("00") .. "é", kata.normalize("É" .. X("00") .. "É", "nfkc_casefold"))
  end)

  it("copies invalid bytes through unchanged and normalises around them", function()
    assert.equal("é" .. X("80") .. "é", kata.normalize("e" .. ACUTE .. X("80") .. "e" .. ACUTE))
    assert.equal(X("80") .. "é", kata.normalize(X("80") .. "e" .. ACUTE))
    -- a combining mark after an invalid byte cannot compose across it
    assert.equal("e" .. X("80") .. ACUTE, kata.normalize("e" .. X("80") .. ACUTE))
    for i, bad in ipairs(INVALID) do
      for _, form in ipairs(FORMS) do
        assert.equal(bad, kata.normalize(bad, form), form .. " of invalid #" .. i)
        local expect = kata.normalize("Ab", form) .. bad .. kata.normalize("Cd", form)
        assert.equal(expect, kata.normalize("Ab" .. bad .. "Cd", form), form .. " of invalid #" .. i)
      end
    end
  end)

  it("accepts numbers as strings", function()
    assert.equal("12", kata.normalize(12))
    assert.equal("1.5", kata.normalize(1.5, "nfkc"))
  end)
end)

describe("kata.casefold", function()
  it("applies full case folding", function()
    assert.equal("strasse", kata.casefold("Straße"))
    assert.equal("strasse", kata.casefold("STRASSE"))
    assert.equal("ss", kata.casefold("ẞ"))
    assert.equal("i" .. X("CC 87") .. "stanbul", kata.casefold("İstanbul"))
    assert.equal("σασ σ", kata.casefold("ΣΑΣ ς"))
    assert.equal("ǆ", kata.casefold("ǅ"))
    assert.equal("k", kata.casefold(X("E2 84 AA"))) -- KELVIN SIGN
    assert.equal("fi", kata.casefold("ﬁ"))
    assert.equal("jakarta", kata.casefold("JaKaRtA"))
  end)

  it("does not normalise", function()
    assert.equal("e" .. ACUTE, kata.casefold("E" .. ACUTE))
    assert.equal("ⅻ", kata.casefold("Ⅻ"))
    assert.equal("ａｂｃ", kata.casefold("ＡＢＣ"))
  end)

  it("leaves case-less text and the empty string alone", function()
    assert.equal("", kata.casefold(""))
    assert.equal("東京 123 😀 !?", kata.casefold("東京 123 😀 !?"))
  end)

  it("agrees with the fold option of the tokenizer", function()
    for _, s in ipairs(TEXTS) do
      for _, t in ipairs(kata.tokenize(s, { fold = true })) do
        assert.equal(kata.casefold(s:sub(t.start, t.stop)), t.text)
      end
    end
  end)

  it("copies invalid bytes and NUL through unchanged", function()
    assert.equal("ss" .. X("80") .. "ss", kata.casefold("ß" .. X("80") .. "ß"))
    assert.equal("a" .. X("00") .. "b", kata.casefold("A" .. X("00") .. "B"))
    assert.equal("é" .. X("00"), kata.casefold("É" .. X("00")))
    for i, bad in ipairs(INVALID) do
      assert.equal("ab" .. bad .. "cd", kata.casefold("AB" .. bad .. "CD"), "invalid #" .. i)
    end
  end)

  it("accepts numbers as strings", function()
    assert.equal("42", kata.casefold(42))
  end)
end)

describe("kata.validate", function()
  it("returns just true for valid UTF-8", function()
    for i, s in ipairs(TEXTS) do
      assert.equal(1, select("#", kata.validate(s)), "#" .. i)
      assert.is_true(kata.validate(s), "#" .. i)
    end
  end)

  it("accepts the edges of the valid ranges", function()
    for _, s in ipairs({ X("00"), X("7F"), X("C2 80"), X("DF BF"), X("E0 A0 80"), X("ED 9F BF"),
      X("EE 80 80"), X("EF BF BF"), X("F0 90 80 80"), X("F4 8F BF BF") }) do
      assert.is_true(kata.validate(s))
    end
  end)

  it("returns false and the 1-based position of the first bad byte", function()
    for i, bad in ipairs(INVALID) do
      local ok, pos = kata.validate(bad)
      assert.is_false(ok, "invalid #" .. i)
      assert.equal(1, pos, "invalid #" .. i)
      ok, pos = kata.validate("abc é " .. bad .. " x" .. X("80"))
      assert.is_false(ok)
      assert.equal(8, pos, "invalid #" .. i)
    end
  end)

  it("finds the bad byte after long ASCII runs and at the very end", function()
    local s = ("a"):rep(1000) .. X("80")
    assert.same({ false, 1001 }, { kata.validate(s) })
    assert.same({ false, 5 }, { kata.validate("abcd" .. X("E2 82")) })
    assert.same({ false, 4 }, { kata.validate("abc" .. X("F0 9F 98")) })
  end)

  it("treats NUL as valid and accepts numbers as strings", function()
    assert.is_true(kata.validate("a" .. X("00") .. "b"))
    assert.is_true(kata.validate(12345))
  end)

  it("returns true for the empty string", function()
    assert.is_true(kata.validate(""))
  end)
end)
