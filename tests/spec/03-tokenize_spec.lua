-- 03: kata.tokenize, kata.tokens and kata.words: kinds, offsets, options.
-- Lua 5.1 compatible; invisible characters are written with X("hex bytes")
-- (Lua 5.1 has no \xNN escapes), visible ones as literal UTF-8.

local kata = require("kata")
local helpers = require("spec_helpers")
local X = helpers.X

local KINDS = {
  word = true, number = true, punct = true, symbol = true, emoji = true,
  url = true, email = true, hashtag = true, mention = true, space = true,
}

-- { {text, kind}, ... } of the tokens of s.
local function tk(s, opts)
  local out = {}
  for i, t in ipairs(kata.tokenize(s, opts)) do out[i] = { t.text, t.kind } end
  return out
end

-- { {text, kind, start, stop}, ... } of the tokens of s.
local function full(s, opts)
  local out = {}
  for i, t in ipairs(kata.tokenize(s, opts)) do out[i] = { t.text, t.kind, t.start, t.stop } end
  return out
end

-- The same through the iterator.
local function full_iter(s, opts)
  local out = {}
  for text, kind, start, stop in kata.tokens(s, opts) do
    out[#out + 1] = { text, kind, start, stop }
  end
  return out
end

local function kinds_of(s, opts)
  local out = {}
  for i, t in ipairs(kata.tokenize(s, opts)) do out[i] = t.kind end
  return out
end

local function without_spaces(list)
  local out = {}
  for _, t in ipairs(list) do
    if t[2] ~= "space" then out[#out + 1] = t end
  end
  return out
end

-- Mixed texts: news in Indonesian and English, social media, scripts,
-- white space of every sort, NUL and invalid bytes.
local CORPUS = {
  "",
  "x",
  "Wakil Presiden Ma'ruf Amin meninjau korban banjir di Kabupaten Demak, Jawa Tengah, " ..
    "Senin (18/3/2024). Kerugian ditaksir mencapai Rp1,2 triliun, kata Pj Gubernur.",
  "Anak-anaknya menonton roket-roket SpaceX; pelatih Shin Tae-yong dan asistennya In-chul " ..
    "memantau kasus COVID-19 selama periode 2019-2020.",
  "Harga cabai rawit melonjak 35,5 persen menjadi Rp75.000/kg, sementara inflasi Maret 3,05% (yoy).",
  "Shares of Apple Inc. rose 2.3% to $189.50 on Tuesday, the company's best day since Oct. 2022; " ..
    "analysts can’t agree on 1,234.56 vs 1.500.000,50.",
  "Info lengkap: https://www.kompas.com/tren/read/2024/03/18/banjir-demak?page=all. Hubungi " ..
    "humas@demakkab.go.id atau @humasdemak #BanjirDemak 🙏🏽🇮🇩",
  "See https://en.wikipedia.org/wiki/Java_(programming_language) and (www.detik.com/berita). " ..
    "Mail first.last+news@sub.example.co.uk!",
  "👨‍👩‍👧 👍🏽 🇮🇩🇯🇵 1️⃣ #️⃣ ©️ © ™ ❤️ ❤ 😀😀 🏳️‍🌈",
  "東京は日本の首都です。中文字 カタカナ 한국어 ภาษาไทย Ελληνικά Москва עברית العربية",
  "Straße İstanbul ǅemal ÉCOLE ﬁnal ① Ⅻ café cafe" .. X("CC 81"),
  "tabs\tand\r\nnewlines\n\n  spaces" .. X("C2 A0") .. "nbsp" .. X("E3 80 80") .. "ideo" ..
    X("E2 80 8B") .. "zwsp" .. X("EF BB BF") .. " bom " .. X("C2 85") .. X("E2 80 A8") .. "end ",
  "nul" .. X("00") .. "inside" .. X("00 00") .. " " .. X("00") .. "#" .. X("00") .. "@" .. X("01 7F"),
  "bad" .. X("80") .. "cont " .. X("C0 80") .. " " .. X("E0 80 80") .. " " .. X("ED A0 80") ..
    " " .. X("F0 9F 98") .. "x " .. X("F5 FF") .. " " .. X("F4 90 80 80") .. " trunc" .. X("E2 82"),
  "   leading and trailing   ",
  "!!!???...,,,;;;:::---___###@@@",
  "a-b-c 1-2-3 a--b -a b- x‐y x‑y x–y",
}

describe("kata.tokenize", function()
  it("returns an empty table for the empty string", function()
    assert.same({}, kata.tokenize(""))
    assert.same({}, kata.tokenize("", { spaces = true }))
    assert.same({}, kata.tokenize("", { strict = true, fold = true, normalize = "nfc" }))
  end)

  it("returns tokens as tables with text, kind, start and stop", function()
    local list = kata.tokenize("Halo, dunia!")
    assert.same({
      { text = "Halo", kind = "word", start = 1, stop = 4 },
      { text = ",", kind = "punct", start = 5, stop = 5 },
      { text = "dunia", kind = "word", start = 7, stop = 11 },
      { text = "!", kind = "punct", start = 12, stop = 12 },
    }, list)
    for _, t in ipairs(list) do
      assert.equal("number", type(t.start))
      assert.equal("number", type(t.stop))
      assert.equal(math.floor(t.start), t.start)
    end
  end)

  it("uses 1-based inclusive byte offsets, as string.find does", function()
    local s = "Berita: Jokowi ke Ibu Kota Nusantara."
    for _, t in ipairs(kata.tokenize(s)) do
      if t.kind == "word" then
        local a, b = s:find(t.text, 1, true)
        assert.equal(a, t.start)
        assert.equal(b, t.stop)
      end
    end
    -- multi-byte characters count in bytes
    assert.same({ { "é", "word", 1, 2 }, { "日", "word", 4, 6 }, { "本", "word", 7, 9 } }, full("é 日本"))
  end)

  it("tokenizes an Indonesian news sentence", function()
    assert.same({
      { "Wakil", "word" }, { "Presiden", "word" }, { "Ma'ruf", "word" }, { "Amin", "word" },
      { "meninjau", "word" }, { "korban", "word" }, { "banjir", "word" }, { "di", "word" },
      { "Kabupaten", "word" }, { "Demak", "word" }, { ",", "punct" }, { "Jawa", "word" },
      { "Tengah", "word" }, { ",", "punct" }, { "Senin", "word" }, { "(", "punct" },
      { "18", "number" }, { "/", "punct" }, { "3", "number" }, { "/", "punct" },
      { "2024", "number" }, { ")", "punct" }, { ".", "punct" }, { "Kerugian", "word" },
      { "ditaksir", "word" }, { "Rp1,2", "word" }, { "triliun", "word" }, { ".", "punct" },
    }, tk("Wakil Presiden Ma'ruf Amin meninjau korban banjir di Kabupaten Demak, Jawa Tengah, " ..
      "Senin (18/3/2024). Kerugian ditaksir Rp1,2 triliun."))
  end)

  it("tokenizes an English news sentence", function()
    assert.same({
      { "Shares", "word" }, { "of", "word" }, { "Apple", "word" }, { "Inc", "word" }, { ".", "punct" },
      { "rose", "word" }, { "2.3", "number" }, { "%", "punct" }, { "to", "word" }, { "$", "symbol" },
      { "189.50", "number" }, { "on", "word" }, { "Tuesday", "word" }, { ",", "punct" },
      { "the", "word" }, { "company's", "word" }, { "best", "word" }, { "day", "word" },
      { "since", "word" }, { "Oct", "word" }, { ".", "punct" }, { "2022", "number" }, { ".", "punct" },
    }, tk("Shares of Apple Inc. rose 2.3% to $189.50 on Tuesday, the company's best day since Oct. 2022."))
  end)

  it("yields every kind, each with its exact offsets", function()
    local s = "Kata 42 , $ 😀 https://a.id/x b@c.id #tag @user"
    assert.same({
      { "Kata", "word", 1, 4 },
      { " ", "space", 5, 5 },
      { "42", "number", 6, 7 },
      { " ", "space", 8, 8 },
      { ",", "punct", 9, 9 },
      { " ", "space", 10, 10 },
      { "$", "symbol", 11, 11 },
      { " ", "space", 12, 12 },
      { "😀", "emoji", 13, 16 },
      { " ", "space", 17, 17 },
      { "https://a.id/x", "url", 18, 31 },
      { " ", "space", 32, 32 },
      { "b@c.id", "email", 33, 38 },
      { " ", "space", 39, 39 },
      { "#tag", "hashtag", 40, 43 },
      { " ", "space", 44, 44 },
      { "@user", "mention", 45, 49 },
    }, full(s, { spaces = true }))
  end)

  describe("URLs", function()
    it("keep a whole URL and leave trailing sentence punctuation out", function()
      assert.same({
        { "Info", "word" }, { ":", "punct" },
        { "https://www.kompas.com/tren/read/2024/03/18/banjir-demak?page=all", "url" },
        { ".", "punct" },
      }, tk("Info: https://www.kompas.com/tren/read/2024/03/18/banjir-demak?page=all."))
      assert.same({ { "https://d.com/w", "url" }, { ".", "punct" }, { ".", "punct" }, { ".", "punct" } },
        tk("https://d.com/w..."))
      assert.same({ { "http://t.co/abc", "url" }, { "?", "punct" }, { "!", "punct" } }, tk("http://t.co/abc?!"))
      assert.same({ { "https://x.com/a?b=1&c=2", "url" }, { ",", "punct" } }, tk("https://x.com/a?b=1&c=2,"))
      assert.same({ { "ftp://files.example.org/a.zip", "url" }, { ";", "punct" } },
        tk("ftp://files.example.org/a.zip;"))
    end)

    it("keep balanced parentheses and drop an unbalanced closing one", function()
      assert.same({ { "https://en.wikipedia.org/wiki/Java_(programming_language)", "url" } },
        tk("https://en.wikipedia.org/wiki/Java_(programming_language)"))
      assert.same({ { "(", "punct" }, { "lihat", "word" },
        { "https://id.wikipedia.org/wiki/Jakarta_(kota)", "url" }, { ")", "punct" }, { ".", "punct" } },
        tk("(lihat https://id.wikipedia.org/wiki/Jakarta_(kota))."))
      assert.same({ { "(", "punct" }, { "https://example.com/x", "url" }, { ")", "punct" } },
        tk("(https://example.com/x)"))
    end)

    -- Regression (issue 17): a Markdown image link was one URL token,
    -- "https://a.org/b.svg)](https://a.org/c": a closing bracket or paren
    -- that opens nothing inside the URL now ends it, as GitHub's
    -- autolinker ends URLs, and so do its trailing _ and ~.
    it("end at a closing bracket or paren that balances nothing in them", function()
      assert.same({ { "!", "punct" }, { "[", "punct" }, { "x", "word" }, { "]", "punct" }, { "(", "punct" },
        { "https://a.org/b.svg", "url" }, { ")", "punct" }, { "]", "punct" }, { "(", "punct" },
        { "https://a.org/c", "url" }, { ")", "punct" } },
        tk("![x](https://a.org/b.svg)](https://a.org/c)"))
      assert.same({ { "[", "punct" }, { "https://a.org/x", "url" }, { "]", "punct" }, { ".", "punct" } },
        tk("[https://a.org/x]."))
      assert.same({ { "https://a.org/q?a[0]=1", "url" }, { "]", "punct" } }, tk("https://a.org/q?a[0]=1]"))
      assert.same({ { "https://a.org/x", "url" }, { ")", "punct" }, { "(", "punct" }, { "y", "word" },
        { ")", "punct" } },
        tk("https://a.org/x)(y)"))
      assert.same({ { "https://a.org/a_b", "url" }, { "_", "punct" } }, tk("https://a.org/a_b_"))
      assert.same({ { "https://a.org/a", "url" }, { "~", "symbol" } }, tk("https://a.org/a~"))
    end)

    it("recognise www. addresses and ASCII-case-insensitive schemes", function()
      assert.same({ { "(", "punct" }, { "www.detik.com", "url" }, { ")", "punct" } }, tk("(www.detik.com)"))
      assert.same({ { "WWW.Example.COM/Path", "url" } }, tk("WWW.Example.COM/Path"))
      assert.same({ { "HtTpS://A.COM", "url" } }, tk("HtTpS://A.COM"))
      assert.same({ { "http://localhost:8080/api", "url" } }, tk("http://localhost:8080/api"))
      assert.same({ { "https://a.com/é/日本", "url" } }, tk("https://a.com/é/日本"))
    end)

    it("stop at white space, quotes, angle brackets and Unicode punctuation", function()
      assert.same({ { "<", "symbol" }, { "https://a.com/x", "url" }, { ">", "symbol" } }, tk("<https://a.com/x>"))
      assert.same({ { '"', "punct" }, { "https://b.com/y", "url" }, { '"', "punct" } }, tk('"https://b.com/y"'))
      assert.same({ { "https://f.com/", "url" }, { "。", "punct" } }, tk("https://f.com/。"))
      assert.same({ { "https://g.com/a", "url" }, { "—", "punct" }, { "b", "word" } }, tk("https://g.com/a—b"))
    end)

    it("need more than the scheme", function()
      assert.same({ "word", "punct", "punct", "punct" }, kinds_of("https://"))
      assert.same({ { "www.ab", "word" } }, tk("www.ab"))
    end)

    -- Regression (found by this spec, fixed by 1c66f73): ':' is MidLetter in
    -- UAX #29 (WB6/WB7), so "Sumber:https" was one word segment and a URL
    -- glued to "word:" was lost ("Sumber:https://...", "Link:www...").
    it("are found right after a word and a colon", function()
      assert.same({ { "Sumber", "word" }, { ":", "punct" }, { "https://www.antaranews.com/x", "url" } },
        tk("Sumber:https://www.antaranews.com/x"))
      assert.same({ { "Link", "word" }, { ":", "punct" }, { "www.kompas.com", "url" } }, tk("Link:www.kompas.com"))
    end)

    -- Regression (fixed in 987d704): only http(s)://, ftp(s):// and www.
    -- were recognised; git://, ws:// and other schemes fell apart.
    it("recognise other schemes written as scheme://", function()
      assert.same({ { "git://github.com/kata/kata.git", "url" } }, tk("git://github.com/kata/kata.git"))
      assert.same({ { "wss://stream.example.com/live", "url" } }, tk("wss://stream.example.com/live"))
    end)

    -- Regression (issue 13, B4): a one-letter scheme is four bytes with its
    -- "://", as "www." is, and was taken for one: "a://x" was never a URL
    -- (no second dot), and "a://" repeated made each "a" scan to the end of
    -- the text (quadratic; tests/complexity measures that part).
    it("take a one-letter scheme", function()
      assert.same({ { "a://x", "url" } }, tk("a://x"))
      assert.same({ { "Lihat", "word" }, { "s://kabarnusa", "url" }, { ",", "punct" } }, tk("Lihat s://kabarnusa,"))
      assert.same({ { "a://a://a://a://x", "url" } }, tk("a://a://a://a://x"))
      assert.same({ { "www.x", "word" }, { "www.x.id", "url" } }, tk("www.x www.x.id"))
      assert.same({ "word", "punct", "punct", "punct", "punct" }, kinds_of("a://."))
    end)
  end)

  describe("e-mail addresses", function()
    it("stay whole, without trailing punctuation", function()
      assert.same({ { "Kirim", "word" }, { "ke", "word" }, { "budi.santoso@mail.co.id", "email" }, { ".", "punct" } },
        tk("Kirim ke budi.santoso@mail.co.id."))
      assert.same({ { "first.last+news@sub.example.co.uk", "email" }, { "!", "punct" } },
        tk("first.last+news@sub.example.co.uk!"))
      assert.same({ { "x.y@a-b.example.com", "email" } }, tk("x.y@a-b.example.com"))
      assert.same({ { "_x_@y.io", "email" } }, tk("_x_@y.io"))
      assert.same({ { "123@abc.com", "email" } }, tk("123@abc.com"))
    end)

    -- Regression (fixed by 1c66f73): as for URLs, ':' joined "email:budi" into
    -- one UAX #29 word, so "email:budi@mail.com" lost its address.
    it("are found right after a word and a colon", function()
      assert.same({ { "email", "word" }, { ":", "punct" }, { "budi@mail.com", "email" } },
        tk("email:budi@mail.com"))
    end)

    it("need a domain with a real top-level label", function()
      assert.same({ { "x", "word" }, { "@", "punct" }, { "localhost", "word" } }, tk("x@localhost"))
      assert.same({ { "a", "word" }, { "@", "punct" }, { "b.c", "word" } }, tk("a@b.c"))
    end)
  end)

  describe("hashtags and mentions", function()
    it("keep #hashtag and @mention whole", function()
      assert.same({ { "#BanjirDemak", "hashtag" }, { "@humasdemak", "mention" }, { "#Pemilu2024", "hashtag" },
        { "#1a", "hashtag" }, { "#tag_name", "hashtag" }, { "@KPU_RI", "mention" }, { "#été", "hashtag" } },
        tk("#BanjirDemak @humasdemak #Pemilu2024 #1a #tag_name @KPU_RI #été"))
    end)

    it("need a letter after #", function()
      assert.same({ { "#", "punct" }, { "2024", "number" } }, tk("#2024"))
      assert.same({ { "#", "punct" }, { "-", "punct" }, { "x", "word" } }, tk("#-x"))
    end)

    it("do not start right after a word character", function()
      assert.same({ { "a", "word" }, { "#", "punct" }, { "b", "word" } }, tk("a#b"))
      assert.same({ { "1", "number" }, { "#", "punct" }, { "tag", "word" } }, tk("1#tag"))
      assert.same({ { "é", "word" }, { "#", "punct" }, { "tag", "word" } }, tk("é#tag"))
      assert.same({ { "budi", "word" }, { "@", "punct" }, { "mail", "word" } }, tk("budi@mail"))
    end)

    it("may follow punctuation, space or an emoji", function()
      assert.same({ { "(", "punct" }, { "#tag", "hashtag" }, { ")", "punct" } }, tk("(#tag)"))
      assert.same({ { "😀", "emoji" }, { "#tag", "hashtag" } }, tk("😀#tag"))
      assert.same({ { "#", "punct" }, { "#x", "hashtag" }, { "@", "punct" }, { "@x", "mention" } }, tk("##x @@x"))
    end)
  end)

  describe("emoji", function()
    it("keep ZWJ families, flags, skin tones and keycaps as one token", function()
      local family = "👨‍👩‍👧"
      assert.same({ { family, "emoji" } }, tk(family))
      assert.same({ { "🏳️‍🌈", "emoji" } }, tk("🏳️‍🌈"))
      assert.same({ { "🇮🇩", "emoji" }, { "🇯🇵", "emoji" } }, tk("🇮🇩🇯🇵"))
      assert.same({ { "👍🏽", "emoji" } }, tk("👍🏽"))
      assert.same({ { "1" .. X("EF B8 8F E2 83 A3"), "emoji" } }, tk("1" .. X("EF B8 8F E2 83 A3")))
      assert.same({ { "#" .. X("EF B8 8F E2 83 A3"), "emoji" } }, tk("#" .. X("EF B8 8F E2 83 A3")))
      assert.same({ { "😀", "emoji" }, { "😀", "emoji" } }, tk("😀😀"))
    end)

    it("tell text-style symbols from emoji presentation", function()
      assert.same({ { "©", "symbol" } }, tk("©"))
      assert.same({ { "©" .. X("EF B8 8F"), "emoji" } }, tk("©" .. X("EF B8 8F")))
      assert.same({ { "❤", "symbol" } }, tk("❤"))
      assert.same({ { "❤" .. X("EF B8 8F"), "emoji" } }, tk("❤" .. X("EF B8 8F")))
      assert.same({ { "™", "symbol" } }, tk("™"))
      assert.same({ { "⌚", "emoji" } }, tk("⌚")) -- Emoji_Presentation by default
    end)

    -- BUG: the white-space case (next test) was fixed, but a skin-tone modifier
    -- after a word or punctuation still joins its UAX #29 segment (WB4) and
    -- the whole segment is typed emoji: "Mantap🏽" is one emoji token 1-10,
    -- so kata.words("Mantap🏽 sekali") loses "Mantap"; "!🏽" is emoji too.
    it("never hide a word or punctuation inside an emoji token", function()
      assert.same({ { "Mantap", "word", 1, 6 }, { "🏽", "emoji", 7, 10 } }, full("Mantap🏽"))
      assert.same({ "Mantap", "sekali" }, kata.words("Mantap🏽 sekali"))
      assert.same({ { "!", "punct", 1, 1 }, { "🏽", "emoji", 2, 5 } }, full("!🏽"))
    end)

    it("split a lone regional indicator off a pair", function()
      assert.same({ { "🇮🇩", "emoji" }, { "🇯", "emoji" } }, tk("🇮🇩🇯"))
    end)

    -- Regression (fixed in 987d704): a skin-tone modifier after a space was
    -- absorbed into the space's UAX #29 segment (WB4) and the whole segment
    -- typed emoji, so the emoji token's text started with the white space.
    it("never put white space inside an emoji token", function()
      assert.same({ { "a", "word", 1, 1 }, { "🏽", "emoji", 3, 6 } }, full("a " .. "🏽"))
      assert.same({ { "\t", "space", 1, 1 }, { "🏽", "emoji", 2, 5 } }, full("\t🏽", { spaces = true }))
      assert.same({ { " ", "space", 1, 1 }, { X("E2 80 8D") .. "😀", "emoji", 2, 8 } },
        full(" " .. X("E2 80 8D") .. "😀", { spaces = true }))
      assert.same({ { "a", "word", 1, 1 }, { " ", "space", 2, 2 }, { "🏽🏽", "emoji", 3, 10 } },
        full("a 🏽🏽", { spaces = true }))
    end)
  end)

  describe("numbers", function()
    it("keep separators in both conventions", function()
      assert.same({ { "1,234.56", "number" }, { "1.500.000,50", "number" }, { "3.14", "number" },
        { "10.30", "number" }, { "0", "number" } }, tk("1,234.56 1.500.000,50 3.14 10.30 0"))
    end)

    it("leave signs, currency and percent signs out", function()
      assert.same({ { "-", "punct" }, { "7", "number" }, { "+", "symbol" }, { "62", "number" },
        { "€", "symbol" }, { "10", "number" }, { "50", "number" }, { "%", "punct" } }, tk("-7 +62 €10 50%"))
    end)

    it("include other decimal digits and numeric characters", function()
      assert.same({ { "٣٤", "number" }, { "½", "number" }, { "१२", "number" } }, tk("٣٤ ½ १२"))
    end)

    it("joined to letters make words", function()
      assert.same({ { "Rp12.500", "word" }, { "1st", "word" }, { "3e8", "word" } }, tk("Rp12.500 1st 3e8"))
    end)
  end)

  describe("hyphens", function()
    it("join words (U+002D, U+2010, U+2011)", function()
      assert.same({ { "roket-roket", "word" }, { "anak-anaknya", "word" }, { "In-chul", "word" },
        { "roket‐roket", "word" }, { "In‑chul", "word" }, { "a-b-c", "word" } },
        tk("roket-roket anak-anaknya In-chul roket‐roket In‑chul a-b-c"))
    end)

    it("join a word and a number, either way round", function()
      assert.same({ { "COVID-19", "word" }, { "19-an", "word" }, { "x-2019-2020", "word" } },
        tk("COVID-19 19-an x-2019-2020"))
    end)

    it("do not join two numbers", function()
      assert.same({ { "2019", "number" }, { "-", "punct" }, { "2020", "number" } }, tk("2019-2020"))
      assert.same({ { "0812", "number" }, { "-", "punct" }, { "3456", "number" } }, tk("0812-3456"))
    end)

    it("do not join across dashes, doubled hyphens, spaces or at the edges", function()
      assert.same({ { "x", "word" }, { "–", "punct" }, { "y", "word" } }, tk("x–y"))
      assert.same({ { "x", "word" }, { "—", "punct" }, { "y", "word" } }, tk("x—y"))
      assert.same({ { "a", "word" }, { "-", "punct" }, { "-", "punct" }, { "b", "word" } }, tk("a--b"))
      assert.same({ { "a", "word" }, { "-", "punct" }, { "b", "word" } }, tk("a - b"))
      assert.same({ { "-", "punct" }, { "a", "word" }, { "b", "word" }, { "-", "punct" } }, tk("-a b-"))
    end)
  end)

  it("keeps ASCII and typographic apostrophes inside words", function()
    assert.same({ { "can't", "word" }, { "can’t", "word" }, { "rock'n'roll", "word" }, { "Ma'ruf", "word" } },
      tk("can't can’t rock'n'roll Ma'ruf"))
    assert.same({ { "'", "punct" }, { "kata", "word" }, { "'", "punct" } }, tk("'kata'"))
  end)

  it("gives each CJK ideograph its own token, keeps kana and hangul runs", function()
    assert.same({ { "東", "word" }, { "京", "word" }, { "は", "word" }, { "。", "punct" },
      { "カタカナ", "word" }, { "한국어", "word" } }, tk("東京は。カタカナ 한국어"))
  end)

  it("treats other scripts and combining marks as words", function()
    assert.same({ { "Москва", "word" }, { "Ελληνικά", "word" }, { "עברית", "word" }, { "العربية", "word" },
      { "cafe" .. X("CC 81"), "word" } }, tk("Москва Ελληνικά עברית العربية cafe" .. X("CC 81")))
  end)

  describe("the spaces option", function()
    it("is off by default: no space tokens", function()
      for _, s in ipairs(CORPUS) do
        for _, t in ipairs(kata.tokenize(s)) do
          assert.not_equal("space", t.kind)
        end
      end
    end)

    it("yields one token per run of white space of any kind", function()
      local s = "x\t \r\n  y" .. X("C2 A0") .. "z" .. X("E3 80 80 E2 80 A8 C2 85") .. "w" .. X("0B 0C") .. "v"
      assert.same({
        { "x", "word", 1, 1 },
        { "\t \r\n  ", "space", 2, 7 },
        { "y", "word", 8, 8 },
        { X("C2 A0"), "space", 9, 10 },
        { "z", "word", 11, 11 },
        { X("E3 80 80 E2 80 A8 C2 85"), "space", 12, 19 },
        { "w", "word", 20, 20 },
        { X("0B 0C"), "space", 21, 22 },
        { "v", "word", 23, 23 },
      }, full(s, { spaces = true }))
    end)

    it("counts zero-width format characters as space", function()
      local zwsp, bom = X("E2 80 8B"), X("EF BB BF")
      assert.same({ { "x", "word", 1, 1 }, { zwsp .. zwsp, "space", 2, 7 }, { "y", "word", 8, 8 } },
        full("x" .. zwsp .. zwsp .. "y", { spaces = true }))
      assert.same({ { "a", "word", 1, 1 }, { " " .. zwsp .. " ", "space", 2, 6 }, { "b", "word", 7, 7 } },
        full("a " .. zwsp .. " b", { spaces = true }))
      assert.same({ { bom, "space", 1, 3 }, { "Berita", "word", 4, 9 } }, full(bom .. "Berita", { spaces = true }))
      assert.same({ { "Berita", "word", 4, 9 } }, full(bom .. "Berita"))
      assert.same({ { "a", "word", 1, 1 }, { "b", "word", 5, 5 } }, full("a" .. zwsp .. "b"))
    end)

    it("makes the tokens cover the input exactly", function()
      for i, s in ipairs(CORPUS) do
        local parts, pos = {}, 1
        for _, t in ipairs(kata.tokenize(s, { spaces = true })) do
          assert.equal(pos, t.start, "corpus #" .. i)
          parts[#parts + 1] = t.text
          pos = t.stop + 1
        end
        assert.equal(#s + 1, pos, "corpus #" .. i)
        assert.equal(s, table.concat(parts), "corpus #" .. i)
      end
    end)

    it("only adds space tokens: the others stay the same", function()
      for i, s in ipairs(CORPUS) do
        assert.same(full(s), without_spaces(full(s, { spaces = true })), "corpus #" .. i)
      end
    end)
  end)

  it("keeps s:sub(start, stop) == text for every token of every corpus text", function()
    local seen = {}
    for i, s in ipairs(CORPUS) do
      for _, opts in ipairs({ {}, { spaces = true }, { strict = false } }) do
        local last = 0
        for _, t in ipairs(kata.tokenize(s, opts)) do
          assert.is_true(KINDS[t.kind] == true, "unknown kind " .. tostring(t.kind))
          assert.is_true(t.start > last and t.stop >= t.start and t.stop <= #s, "corpus #" .. i)
          assert.equal(s:sub(t.start, t.stop), t.text, "corpus #" .. i)
          seen[t.kind] = true
          last = t.stop
        end
      end
    end
    for kind in pairs(KINDS) do
      assert.is_true(seen[kind] == true, "corpus never produced kind " .. kind)
    end
  end)

  it("keeps offsets on the original bytes when fold or normalize change the text", function()
    for i, s in ipairs(CORPUS) do
      local plain = kata.tokenize(s, { spaces = true })
      local changed = kata.tokenize(s, { spaces = true, fold = true, normalize = "nfkc" })
      assert.equal(#plain, #changed, "corpus #" .. i)
      for j, t in ipairs(plain) do
        assert.equal(t.start, changed[j].start)
        assert.equal(t.stop, changed[j].stop)
        assert.equal(t.kind, changed[j].kind)
        assert.equal(kata.normalize(s:sub(t.start, t.stop), "nfkc_casefold"), changed[j].text)
      end
    end
  end)

  describe("options", function()
    it("fold applies full Unicode case folding to the text", function()
      assert.same({ { "strasse", "word", 1, 7 } }, full("Straße", { fold = true }))
      assert.same({ { "i" .. X("CC 87") .. "stanbul", "word", 1, 9 } }, full("İstanbul", { fold = true }))
      assert.same({ { "école", "word" }, { "ǆemal", "word" }, { "σοφία", "word" }, { "covid-19", "word" } },
        tk("ÉCOLE ǅemal ΣΟΦΊΑ COVID-19", { fold = true }))
      assert.same({ { "https://a.com/path", "url" }, { "#tag", "hashtag" }, { "@user", "mention" } },
        tk("HTTPS://A.COM/Path #TAG @User", { fold = true }))
    end)

    it("fold = false leaves the text alone", function()
      assert.same({ { "Straße", "word" } }, tk("Straße", { fold = false }))
    end)

    it("normalize applies each form to the token text, offsets stay on the input", function()
      local decomposed = "cafe" .. X("CC 81")
      assert.same({ { "café", "word", 1, 6 } }, full(decomposed, { normalize = "nfc" }))
      assert.same({ { decomposed, "word", 1, 5 } }, full("café", { normalize = "nfd" }))
      assert.same({ { "file", "word", 1, 5 } }, full("ﬁle", { normalize = "nfkc" }))
      assert.same({ { "fi" .. "e" .. X("CC 81"), "word", 1, 5 } }, full("ﬁé", { normalize = "nfkd" }))
      assert.same({ { "café", "word", 1, 5 } }, full("café", { normalize = false }))
    end)

    it("fold and normalize combine", function()
      assert.same({ { "café", "word", 1, 6 }, { "strasse", "word", 8, 14 } },
        full("CAFE" .. X("CC 81") .. " Straße", { fold = true, normalize = "nfc" }))
      assert.same({ { "e" .. X("CC 81"), "word", 1, 2 } }, full("É", { fold = true, normalize = "nfd" }))
    end)

    it("strict = true changes nothing on valid UTF-8", function()
      for i, s in ipairs(CORPUS) do
        if kata.validate(s) then
          assert.same(full(s, { spaces = true }), full(s, { spaces = true, strict = true }), "corpus #" .. i)
        end
      end
    end)

    it("take false as the default for every boolean option", function()
      local s = CORPUS[7]
      assert.same(full(s), full(s, { fold = false, strict = false, spaces = false, normalize = false }))
      assert.same(full(s), full(s, {}))
      assert.same(full(s), full(s, nil))
    end)
  end)

  it("accepts numbers as strings", function()
    assert.same({ { "2024", "number", 1, 4 } }, full(2024))
    assert.same({ { "3.5", "number", 1, 3 } }, full(3.5))
  end)
end)

describe("kata.tokens", function()
  it("yields text, kind, start, stop like kata.tokenize, for every option set", function()
    for i, s in ipairs(CORPUS) do
      for _, opts in ipairs({ {}, { spaces = true }, { fold = true }, { normalize = "nfd" },
        { fold = true, normalize = "nfkc", spaces = true } }) do
        assert.same(full(s, opts), full_iter(s, opts), "corpus #" .. i)
      end
    end
  end)

  it("yields nothing for the empty string", function()
    local n = 0
    for _ in kata.tokens("") do n = n + 1 end
    assert.equal(0, n)
    local it = kata.tokens("")
    assert.is_function(it)
    assert.is_nil(it())
  end)

  it("returns a single function and keeps returning nothing once done", function()
    local it, extra = kata.tokens("a b")
    assert.is_function(it)
    assert.is_nil(extra)
    assert.same({ "a", "word", 1, 1 }, { it() })
    assert.same({ "b", "word", 3, 3 }, { it() })
    assert.equal(0, select("#", it()))
    assert.equal(0, select("#", it()))
  end)

  it("runs independent iterators side by side", function()
    local a, b = kata.tokens("satu dua tiga"), kata.tokens("one two")
    assert.equal("satu", (a()))
    assert.equal("one", (b()))
    assert.equal("dua", (a()))
    assert.equal("two", (b()))
    assert.equal("tiga", (a()))
    assert.is_nil(b())
    assert.is_nil(a())
  end)

  it("keeps its text alive across garbage collections", function()
    local it = kata.tokens(("kata "):rep(3) .. tostring(12345) .. " akhir")
    collectgarbage()
    collectgarbage()
    local texts = {}
    for text in it do
      texts[#texts + 1] = text
      collectgarbage()
    end
    assert.same({ "kata", "kata", "kata", "12345", "akhir" }, texts)
  end)

  it("can be abandoned half way and collected", function()
    for _ = 1, 200 do
      local it = kata.tokens(CORPUS[3], { fold = true })
      it()
    end
    collectgarbage()
    collectgarbage()
    assert.equal("wakil", (kata.tokens(CORPUS[3], { fold = true })()))
  end)

  it("streams a large text (several MB) with exact offsets", function()
    local unit = "Presiden Joko Widodo meresmikan tol Trans-Sumatra sepanjang 1.500,5 km pada Senin (12/6), " ..
      "lihat https://kompas.com/x?id=1 atau tulis ke redaksi@kompas.id #Tol @jokowi 👍🏽 東京。\n"
    local per = {}
    for _, t in ipairs(kata.tokenize(unit, { spaces = true })) do per[t.kind] = (per[t.kind] or 0) + 1 end
    local reps = math.floor(4 * 1024 * 1024 / #unit)
    local s = unit:rep(reps)
    assert.is_true(#s > 4000000)
    local count, pos, bad = {}, 1, 0
    for text, kind, start, stop in kata.tokens(s, { spaces = true }) do
      if start ~= pos or s:sub(start, stop) ~= text then bad = bad + 1 end
      count[kind] = (count[kind] or 0) + 1
      pos = stop + 1
    end
    assert.equal(0, bad)
    assert.equal(#s + 1, pos)
    for kind, n in pairs(per) do
      assert.equal(n * reps, count[kind], kind)
    end
  end)
end)

describe("kata.words", function()
  it("returns the text of word and number tokens only", function()
    local s = "Harga BBM naik 10% menjadi Rp10.000 per liter, kata @menteri di https://esdm.go.id #BBM 😀 " ..
      "info@esdm.go.id 2019-2020."
    assert.same({ "Harga", "BBM", "naik", "10", "menjadi", "Rp10.000", "per", "liter", "kata", "di",
      "2019", "2020" }, kata.words(s))
  end)

  it("matches the word and number tokens of kata.tokenize on every corpus text", function()
    for i, s in ipairs(CORPUS) do
      for _, opts in ipairs({ {}, { fold = true }, { normalize = "nfkc" } }) do
        local expect = {}
        for _, t in ipairs(kata.tokenize(s, opts)) do
          if t.kind == "word" or t.kind == "number" then expect[#expect + 1] = t.text end
        end
        assert.same(expect, kata.words(s, opts), "corpus #" .. i)
      end
    end
  end)

  it("returns an empty table for the empty string and for text without words", function()
    assert.same({}, kata.words(""))
    assert.same({}, kata.words("", { strict = true }))
    assert.same({}, kata.words("  ...!!! 😀 #x"))
  end)

  it("takes fold, normalize and strict", function()
    assert.same({ "strasse", "café" }, kata.words("STRASSE Cafe" .. X("CC 81"), { fold = true, normalize = "nfc" }))
    assert.same({ "ok" }, kata.words("ok", { strict = true }))
  end)
end)
