-- 02: UAX #29 word segments (kata.segments) and sentences (kata.sentences).
-- Lua 5.1 compatible; bytes that are not printable ASCII are written with
-- X("hex bytes") or as literal UTF-8 (Lua 5.1 has no \xNN escapes).

local kata = require("kata")
local helpers = require("spec_helpers")
local X = helpers.X

-- Texts of every kind, reused by the invariant tests.
local CORPUS = {
  "",
  "a",
  " ",
  "Presiden Joko Widodo meresmikan Bendungan Sadawarna di Subang, Jawa Barat, pada Kamis (4/5/2023).",
  "Harga beras naik 1,5 persen menjadi Rp12.500 per kilogram, kata Kepala BPS.",
  "The Federal Reserve held rates at 5.25%-5.5% on Wednesday; markets can't decide.",
  "Anak-anaknya menonton roket-roket diluncurkan tahun 2019-2020.",
  "Lihat https://www.kompas.com/tren/read/2023/05/04/berita.html?page=2 atau (www.detik.com).",
  "Kirim ke redaksi@tempo.co.id. #Pemilu2024 @KPU_RI 👍🏽 🇮🇩 👨‍👩‍👧 1️⃣ ©️ ©",
  "東京は日本の首都です。 中文字 한국어 ภาษาไทย",
  "Ein Straße in Köln; ΑΘΗΝΑ; Москва; שָׁלוֹם; العربية",
  "line one\r\nline two\nline three\r\rlast" .. X("C2 85") .. "nel" .. X("E2 80 A8") .. "ls",
  "tab\tvtab" .. X("0B") .. "ff" .. X("0C") .. "nbsp" .. X("C2 A0") .. "ideo" .. X("E3 80 80") .. "end",
  "zw" .. X("E2 80 8B") .. "sp " .. X("EF BB BF") .. "bom" .. X("E2 80 8D") .. "zwj",
  "nul" .. X("00") .. "byte" .. X("00 00") .. "end",
  "bad" .. X("80") .. "cont " .. X("C0 80") .. " " .. X("E0 80 80") .. " " .. X("ED A0 80") ..
    " " .. X("F0 9F 98") .. " " .. X("F5 FF") .. " " .. X("F4 90 80 80") .. " trunc" .. X("E2 82"),
  "e" .. X("CC 81") .. " combining " .. X("CC 81") .. " alone",
  "Dr. Smith arrived. He said: \"Hello!\" Then he left... (Really?) Yes.",
  "!!!???...,,,;;;:::",
  "    \n\n\n    ",
}

local function concat(t) return table.concat(t) end

describe("kata.segments", function()
  it("returns an empty table for the empty string", function()
    local r = kata.segments("")
    assert.is_table(r)
    assert.equal(0, #r)
    assert.is_nil(next(r))
  end)

  it("splits words, spaces and punctuation into separate segments", function()
    assert.same({ "Hello", ",", " ", "world", "!" }, kata.segments("Hello, world!"))
  end)

  it("keeps apostrophes inside words (WB6/WB7)", function()
    assert.same({ "can't", " ", "can’t", " ", "dia's" }, kata.segments("can't can’t dia's"))
  end)

  it("keeps decimal and grouped numbers whole (WB11/WB12)", function()
    assert.same({ "3.14", " ", "1,234.56", " ", "1.500.000,50" },
      kata.segments("3.14 1,234.56 1.500.000,50"))
  end)

  it("joins letters and digits (WB9/WB10) and underscores (WB13a/b)", function()
    assert.same({ "COVID19", " ", "snake_case", " ", "1st" }, kata.segments("COVID19 snake_case 1st"))
  end)

  it("does not join hyphenated words (that is the tokenizer's job)", function()
    assert.same({ "anak", "-", "anak" }, kata.segments("anak-anak"))
  end)

  it("keeps a run of ordinary spaces as one segment (WB3d)", function()
    assert.same({ "a", "   ", "b" }, kata.segments("a   b"))
  end)

  it("keeps CR LF together and breaks around newlines (WB3-WB3b)", function()
    assert.same({ "a", "\r\n", "b", "\n", "\n", "c", "\r", "\r", "d" },
      kata.segments("a\r\nb\n\nc\r\rd"))
  end)

  it("gives each CJK ideograph its own segment, katakana stays together", function()
    assert.same({ "東", "京", " ", "カタカナ" }, kata.segments("東京 カタカナ"))
  end)

  it("keeps emoji sequences whole", function()
    local family = X("F0 9F 91 A8 E2 80 8D F0 9F 91 A9 E2 80 8D F0 9F 91 A7")
    local flags = X("F0 9F 87 AE F0 9F 87 A9") .. X("F0 9F 87 AF F0 9F 87 B5")
    local thumb = X("F0 9F 91 8D F0 9F 8F BD")
    assert.same({ family }, kata.segments(family))
    assert.same({ X("F0 9F 87 AE F0 9F 87 A9"), X("F0 9F 87 AF F0 9F 87 B5") }, kata.segments(flags))
    assert.same({ thumb }, kata.segments(thumb))
  end)

  it("attaches combining marks and format characters to what precedes (WB4)", function()
    assert.same({ "cafe" .. X("CC 81"), " " }, kata.segments("cafe" .. X("CC 81 20")))
    assert.same({ "b" .. X("EF BB BF") .. "c" }, kata.segments("b" .. X("EF BB BF") .. "c"))
  end)

  it("breaks around U+200B ZERO WIDTH SPACE (Word_Break Other)", function()
    assert.same({ "a", X("E2 80 8B"), "b" }, kata.segments("a" .. X("E2 80 8B") .. "b"))
  end)

  it("treats a NUL byte as an ordinary character", function()
    assert.same({ "a", X("00"), "b" }, kata.segments("a" .. X("00") .. "b"))
  end)

  it("splits invalid UTF-8 at maximal subparts and never loses a byte", function()
    assert.same({ "abc", X("80"), "def" }, kata.segments("abc" .. X("80") .. "def"))
    assert.same({ X("C0"), X("80") }, kata.segments(X("C0 80")))
    assert.same({ X("E0"), X("80"), X("80") }, kata.segments(X("E0 80 80")))
    assert.same({ X("F0 9F 98"), "x" }, kata.segments(X("F0 9F 98") .. "x"))
  end)

  it("concatenates back to the input for every corpus text", function()
    for i, s in ipairs(CORPUS) do
      local segs = kata.segments(s)
      assert.equal(s, concat(segs), "corpus #" .. i)
      for j, seg in ipairs(segs) do
        assert.is_true(#seg > 0, "empty segment " .. j .. " in corpus #" .. i)
      end
    end
  end)

  it("concatenates back to the input for every single byte value", function()
    for b = 0, 255 do
      local s = "x" .. string.char(b) .. "y" .. string.char(b)
      assert.equal(s, concat(kata.segments(s)), "byte " .. b)
    end
  end)

  it("accepts numbers as strings", function()
    assert.same({ "2024" }, kata.segments(2024))
    assert.same({ "3.5" }, kata.segments(3.5))
  end)
end)

describe("kata.sentences", function()
  it("returns an empty table for the empty string, with or without trim", function()
    assert.same({}, kata.sentences(""))
    assert.same({}, kata.sentences("", { trim = true }))
  end)

  it("splits Indonesian news text, keeping trailing spaces without trim", function()
    local s = "Presiden tiba di Jakarta pada pukul 10.30 WIB. Ia disambut warga! " ..
      "Benarkah harga naik 3,5 persen? Ya, kata BPS."
    assert.same({
      "Presiden tiba di Jakarta pada pukul 10.30 WIB. ",
      "Ia disambut warga! ",
      "Benarkah harga naik 3,5 persen? ",
      "Ya, kata BPS.",
    }, kata.sentences(s))
  end)

  it("splits English news text and keeps closing quotes with the sentence", function()
    local s = 'The minister said, "We are not done." Talks resume on Monday.'
    assert.same({ 'The minister said, "We are not done." ', "Talks resume on Monday." },
      kata.sentences(s))
  end)

  it("does not break inside decimals or before lower case (SB6, SB8)", function()
    assert.same({ "Inflasi 2.5 persen etc. lalu turun." }, kata.sentences("Inflasi 2.5 persen etc. lalu turun."))
  end)

  it("follows UAX #29 for abbreviations before a capital (no dictionary)", function()
    assert.same({ "Mr. ", "Smith came." }, kata.sentences("Mr. Smith came."))
  end)

  it("ends a sentence at a paragraph separator", function()
    assert.same({ "Halo.\n", "Apa kabar\n", "\n", "Baik." }, kata.sentences("Halo.\nApa kabar\n\nBaik."))
    assert.same({ "a\r\n", "b" }, kata.sentences("a\r\nb"))
  end)

  it("keeps ?! runs and following parentheses correct", function()
    assert.same({ "Berapa harganya?! ", "Rp5.000. ", "(Murah.) ", "Ya." },
      kata.sentences("Berapa harganya?! Rp5.000. (Murah.) Ya."))
  end)

  it("splits CJK sentences at the ideographic full stop", function()
    assert.same({ "東京は首都です。", "大阪も大きい。" }, kata.sentences("東京は首都です。大阪も大きい。"))
  end)

  it("concatenates back to the input for every corpus text", function()
    for i, s in ipairs(CORPUS) do
      assert.equal(s, concat(kata.sentences(s)), "corpus #" .. i)
    end
  end)

  it("with trim strips white space and drops empty sentences", function()
    local s = "  Halo dunia.  " .. X("C2 A0") .. "Apa kabar?" .. X("E3 80 80") .. "\n\n\t Baik.\t\n"
    assert.same({ "Halo dunia.", "Apa kabar?", "Baik." }, kata.sentences(s, { trim = true }))
    assert.same({}, kata.sentences("  \n \t\n  ", { trim = true }))
    assert.same({ "  \n", " \t\n", "  " }, kata.sentences("  \n \t\n  "))
  end)

  it("with trim strips every Unicode white space character", function()
    local ws = { " ", "\t", "\n", X("0B"), X("0C"), "\r", X("C2 85"), X("C2 A0"), X("E1 9A 80"),
      X("E2 80 80"), X("E2 80 8A"), X("E2 80 A8"), X("E2 80 A9"), X("E2 80 AF"), X("E2 81 9F"),
      X("E3 80 80") }
    for i, w in ipairs(ws) do
      assert.same({ "Ya." }, kata.sentences(w .. "Ya." .. w, { trim = true }), "white space #" .. i)
    end
  end)

  it("with trim keeps zero-width characters that are not White_Space", function()
    local zwsp = X("E2 80 8B")
    assert.same({ zwsp .. "Ya." .. zwsp }, kata.sentences(zwsp .. "Ya." .. zwsp, { trim = true }))
  end)

  it("with trim = false is the same as no options", function()
    local s = " Satu. Dua. "
    assert.same(kata.sentences(s), kata.sentences(s, { trim = false }))
    assert.same(kata.sentences(s), kata.sentences(s, {}))
    assert.same(kata.sentences(s), kata.sentences(s, nil))
  end)

  it("with trim never returns a sentence with outer white space", function()
    for i, s in ipairs(CORPUS) do
      for _, sent in ipairs(kata.sentences(s, { trim = true })) do
        assert.is_true(#sent > 0, "corpus #" .. i)
        assert.is_nil(sent:match("^[ \t\r\n]"), "corpus #" .. i)
        assert.is_nil(sent:match("[ \t\r\n]$"), "corpus #" .. i)
      end
    end
  end)

  it("with trim every sentence is found, in order, in the input", function()
    for i, s in ipairs(CORPUS) do
      local pos = 1
      for j, sent in ipairs(kata.sentences(s, { trim = true })) do
        local a, b = s:find(sent, pos, true)
        assert.is_truthy(a, "sentence " .. j .. " of corpus #" .. i)
        pos = b + 1
      end
    end
  end)

  -- Regression (found by this spec, fixed in 987d704): trim took E2 80 xx
  -- for a U+2000..U+200A space by testing only "xx <= 0x8A", so E2 80 41
  -- was trimmed away and bytes of the input were lost.
  it("with trim never drops bytes of invalid UTF-8", function()
    assert.same({ X("E2 80") .. "Abc." }, kata.sentences(X("E2 80") .. "Abc.", { trim = true }))
    local tail = kata.sentences("Abc. " .. X("E2 80") .. "A", { trim = true })
    assert.equal(X("E2 80") .. "A", tail[#tail])
  end)

  it("with trim strips exactly the White_Space at both ends (random texts)", function()
    -- Every White_Space code point of Unicode 15, as UTF-8.
    local WS = { "\t", "\n", X("0B"), X("0C"), "\r", " ", X("C2 85"), X("C2 A0"), X("E1 9A 80"),
      X("E2 80 A8"), X("E2 80 A9"), X("E2 80 AF"), X("E2 81 9F"), X("E3 80 80") }
    for cp = 0x2000, 0x200A do
      WS[#WS + 1] = X(string.format("E2 80 %02X", 0x80 + cp - 0x2000))
    end
    local function strip(sent)
      local changed = true
      while changed do
        changed = false
        for _, w in ipairs(WS) do
          if #sent >= #w and sent:sub(1, #w) == w then
            sent, changed = sent:sub(#w + 1), true
          end
          if #sent >= #w and sent:sub(-#w) == w then
            sent, changed = sent:sub(1, -#w - 1), true
          end
        end
      end
      return sent
    end
    local pieces = { "Kata", "ia", "A", "1.5", ".", "!", "?", ")", '"', " ", " ", "\n", "\r\n", "\t",
      X("C2 A0"), X("E3 80 80"), X("E2 80 8B"), X("E2 80 89"), X("E2 80"), X("80"), X("00"), X("CC 81"),
      X("C2 85"), X("E2 80 A9") }
    local seed = 4242
    local function rand(n)
      seed = (seed * 16807) % 2147483647
      return seed % n
    end
    for round = 1, 400 do
      local parts = {}
      for i = 1, 1 + rand(30) do parts[i] = pieces[1 + rand(#pieces)] end
      local s = table.concat(parts)
      local expect = {}
      for _, sent in ipairs(kata.sentences(s)) do
        sent = strip(sent)
        if sent ~= "" then expect[#expect + 1] = sent end
      end
      assert.same(expect, kata.sentences(s, { trim = true }), "round " .. round)
    end
  end)

  it("treats NUL bytes as ordinary characters", function()
    local s = "Satu" .. X("00") .. "dua. Tiga."
    assert.same({ "Satu" .. X("00") .. "dua. ", "Tiga." }, kata.sentences(s))
  end)

  it("accepts numbers as strings", function()
    assert.same({ "42" }, kata.sentences(42))
  end)
end)
