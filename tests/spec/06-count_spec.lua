-- 06: kata.count: folding, stop words, stemming, short words, numbers,
-- n-grams and their boundaries, unique paragraphs, arrays of words, errors.
-- Lua 5.1 compatible: bytes are written as decimal escapes ("\128"), no
-- \x or \u{} escapes, no utf8 library, no // or goto.
--
-- Most texts are small and hand-made, with the whole expected table, so a
-- failure points at one rule. Short texts are counted with an explicit lang
-- unless the test is about lang = "auto".

local kata = require("kata")
local helpers = require("spec_helpers")
local err_of, fixture = helpers.err_of, helpers.fixture

local function count_err(s, opts)
  return err_of(function() local r = kata.count(s, opts) return r end)
end

local function is_utf8(s)
  local ok = kata.validate(s)
  return ok == true
end

describe("kata.count", function()
  describe("by default", function()
    it("counts words case-folded, without stop words, numbers or one-letter words", function()
      local s = "Harga cabai naik 35 persen. Harga bawang juga naik di pasar, kata pedagang x."
      local want = { harga = 2, cabai = 1, naik = 2, persen = 1, bawang = 1, pasar = 1, pedagang = 1 }
      assert.same(want, kata.count(s, { lang = "id" }))
      assert.equal("id", (kata.language(s)))
      assert.same(want, kata.count(s))
      assert.same(want, kata.count(s, {}))
    end)

    it("returns an empty table for an empty or wordless text", function()
      assert.same({}, kata.count(""))
      assert.same({}, kata.count("", { ngrams = { 1, 3 }, unique_paragraphs = true, stem = true }))
      assert.same({}, kata.count("   \n\n \t "))
      assert.same({}, kata.count("!!! 123 ... 4,5 -- $ %"))
      assert.same({}, kata.count("yang dan di", { lang = "id" }))
      assert.same({}, kata.count("the of and", { lang = "en" }))
    end)

    it("returns integer counts keyed by term", function()
      local c = kata.count("banjir banjir banjir", { lang = "id" })
      assert.equal(3, c.banjir)
      assert.equal("number", type(c.banjir))
      assert.equal(math.floor(c.banjir), c.banjir)
    end)
  end)

  describe("option fold", function()
    it("folds case by default and keeps it with fold = false", function()
      assert.same({ harga = 3 }, kata.count("Harga harga HARGA", { stopwords = false }))
      assert.same({ Harga = 1, harga = 1, HARGA = 1 },
        kata.count("Harga harga HARGA", { stopwords = false, fold = false }))
      assert.same({ harga = 3 }, kata.count("Harga harga HARGA", { stopwords = false, fold = true }))
    end)

    it("uses full case folding, not lower-casing", function()
      assert.same({ strasse = 3 }, kata.count("Straße STRASSE strasse", { stopwords = false }))
      -- U+FB01 LATIN SMALL LIGATURE FI folds to "fi"
      assert.same({ final = 2 }, kata.count("ﬁnal FINAL", { stopwords = false }))
      assert.same({ ["Straße"] = 1, STRASSE = 1 },
        kata.count("Straße STRASSE", { stopwords = false, fold = false }))
    end)

    it("still matches stop words case-insensitively with fold = false", function()
      assert.same({ Harga = 1, Naik = 1 }, kata.count("Yang YANG yang Harga Naik", { lang = "id", fold = false }))
    end)
  end)

  describe("option min_length", function()
    local s = "a ab abc é éé ёж ё x"

    it("drops words shorter than 2 code points by default", function()
      assert.same({ ab = 1, abc = 1, ["éé"] = 1, ["ёж"] = 1 }, kata.count(s, { stopwords = false }))
    end)

    it("counts code points, not bytes", function()
      -- "é" and "ё" are 2 bytes but 1 code point; "éé" is 4 bytes, 2 code points
      assert.same({ abc = 1 }, kata.count(s, { stopwords = false, min_length = 3 }))
      assert.same({ ["éé"] = 1 }, kata.count("é éé", { stopwords = false, min_length = 2 }))
    end)

    it("keeps every word with min_length 1 or 0", function()
      local all = { a = 1, ab = 1, abc = 1, ["é"] = 1, ["éé"] = 1, ["ёж"] = 1, ["ё"] = 1, x = 1 }
      assert.same(all, kata.count(s, { stopwords = false, min_length = 1 }))
      assert.same(all, kata.count(s, { stopwords = false, min_length = 0 }))
    end)
  end)

  describe("option numbers", function()
    it("leaves number tokens out by default", function()
      assert.same({ inflasi = 1, persen = 1, maret = 1 },
        kata.count("Inflasi 3,05 persen Maret 2024", { lang = "id" }))
    end)

    it("counts number tokens with numbers = true", function()
      assert.same({ inflasi = 1, persen = 1, maret = 1, ["3,05"] = 1, ["2024"] = 2 },
        kata.count("Inflasi 3,05 persen Maret 2024, 2024", { lang = "id", numbers = true }))
    end)
  end)

  describe("option stopwords", function()
    it("takes the built-in list of lang", function()
      -- precondition: the words used as stop words below are in the lists
      assert.is_true(kata.stopwords("id").yang)
      assert.is_true(kata.stopwords("en").the)
      assert.is_nil(kata.stopwords("id").the)
      assert.is_nil(kata.stopwords("en").yang)
      assert.same({ banjir = 1, the = 1 }, kata.count("yang banjir the", { lang = "id" }))
      assert.same({ flood = 1, yang = 1 }, kata.count("yang flood the", { lang = "en" }))
    end)

    it("counts every word with stopwords = false", function()
      assert.same({ yang = 1, banjir = 1, the = 1 }, kata.count("yang banjir the", { lang = "id", stopwords = false }))
      assert.same({ yang = 1, banjir = 1, the = 1 }, kata.count("yang banjir the", { stopwords = false }))
    end)

    it("takes an array of words, matched case-insensitively, instead of the built-in list", function()
      assert.same({ melanda = 1, yang = 1 },
        kata.count("Banjir melanda kota yang", { lang = "id", stopwords = { "banjir", "KOTA" } }))
      assert.same({ melanda = 1, yang = 1 },
        kata.count("Banjir melanda kota yang", { stopwords = { "banjir", "KOTA" } }))
    end)

    it("takes a set of words", function()
      assert.same({ melanda = 1, yang = 1 },
        kata.count("Banjir melanda kota yang", { lang = "id", stopwords = { banjir = true, Kota = true } }))
      -- a word mapped to false is not in the set
      assert.same({ banjir = 1, melanda = 1, yang = 1 },
        kata.count("Banjir melanda kota yang", { lang = "id", stopwords = { banjir = false, kota = true } }))
      assert.same({ banjir = 1, melanda = 1, kota = 1, yang = 1 },
        kata.count("Banjir melanda kota yang", { lang = "id", stopwords = {} }))
    end)

    it("matches the caller's words folded with fold = false too", function()
      assert.same({ Kota = 1 }, kata.count("Banjir BANJIR Kota", { fold = false, stopwords = { "banjir" } }))
    end)

    describe("with lang = 'auto'", function()
      it("takes the guessed language's list when the guess is confident", function()
        -- "AS" (Amerika Serikat) is an English stop word ("as") but a word in Indonesian
        local id_text = "Presiden AS akan datang ke Jakarta untuk bertemu dengan menteri yang baru"
        local lang, conf = kata.language(id_text)
        assert.equal("id", lang)
        assert.is_true(conf >= 0.5)
        local want = { presiden = 1, as = 1, datang = 1, jakarta = 1, bertemu = 1, menteri = 1 }
        assert.same(want, kata.count(id_text))
        assert.same(want, kata.count(id_text, { lang = "auto" }))
        assert.same(want, kata.count(id_text, { lang = "id" }))

        -- "kata" is an Indonesian stop word but an English word
        local en_text = "The kata is a sequence of karate moves that the students practised in the hall"
        lang, conf = kata.language(en_text)
        assert.equal("en", lang)
        assert.is_true(conf >= 0.5)
        assert.same({ kata = 1, sequence = 1, karate = 1, moves = 1, students = 1, practised = 1, hall = 1 },
          kata.count(en_text))
      end)

      it("takes every built-in list when the guess is not confident", function()
        local lang, conf = kata.language("AS yang the banjir")
        assert.is_true(lang == "und" or conf < 0.5)
        assert.same({ banjir = 1 }, kata.count("AS yang the banjir"))
        assert.same({ banjir = 1, flood = 1 }, kata.count("the banjir yang flood"))
      end)

      -- Regression (issue 17): only English and Indonesian had lists, so
      -- French and German kept their function words ("le chien dort aussi").
      it("takes the list of a French or German text", function()
        local fr = "Le chien dort aussi dans le jardin, et le chat de la voisine dort sous la table."
        local want_fr = { chien = 1, dort = 2, jardin = 1, chat = 1, voisine = 1, table = 1 }
        assert.same(want_fr, kata.count(fr))
        assert.same(want_fr, kata.count(fr, { lang = "fr" }))
        local de = "Der Hund schläft auch im Garten, und die Katze der Nachbarin schläft unter dem Tisch."
        local want_de = { hund = 1, ["schläft"] = 2, garten = 1, katze = 1, nachbarin = 1, tisch = 1 }
        assert.same(want_de, kata.count(de))
        assert.same(want_de, kata.count(de, { lang = "de" }))
      end)

      it("takes every built-in list for an array of words", function()
        assert.same({ banjir = 1 }, kata.count({ "AS", "yang", "kata", "the", "banjir" }))
      end)
    end)
  end)

  describe("option stem", function()
    it("does not stem by default", function()
      assert.same({ petani = 1, pertanian = 1 }, kata.count("petani pertanian", { lang = "id" }))
    end)

    it("counts by stem and reports the most frequent surface form", function()
      -- precondition: Snowball's Indonesian stems
      assert.equal("tani", kata.stem("petani", "id"))
      assert.equal("tani", kata.stem("pertanian", "id"))
      assert.equal("temu", kata.stem("pertemuan", "id"))
      assert.equal("temu", kata.stem("pertemuannya", "id"))
      assert.same({ petani = 3 }, kata.count("Petani dan pertanian petani", { lang = "id", stem = true }))
      local c = kata.count("Pertemuan ditunda. Pertemuan digelar, pertemuannya lama.", { lang = "id", stem = true })
      assert.equal(3, c.pertemuan)
      assert.is_nil(c.temu)
      assert.is_nil(c.pertemuannya)
      assert.same({ connection = 4 },
        kata.count("Connection connections connected connection", { lang = "en", stem = true }))
    end)

    it("breaks ties between surface forms by byte order", function()
      assert.same({ pertanian = 2 }, kata.count("petani pertanian", { lang = "id", stem = true }))
      assert.same({ pertanian = 2 }, kata.count("pertanian petani", { lang = "id", stem = true }))
      assert.same({ pertemuan = 2 }, kata.count("pertemuannya pertemuan", { lang = "id", stem = true }))
      -- with fold = false the surfaces keep their case: "P" (0x50) sorts before "p"
      assert.same({ Petani = 3 }, kata.count("petani pertanian Petani", { lang = "id", stem = true, fold = false }))
    end)

    it("stems n-grams word by word and reports a surface phrase", function()
      assert.same({ ["pertanian garam"] = 2 },
        kata.count("petani garam, pertanian garam", { lang = "id", stem = true, ngrams = 2 }))
      assert.same({ ["petani garam"] = 3 },
        kata.count("petani garam, pertanian garam, petani garam", { lang = "id", stem = true, ngrams = 2 }))
    end)

    it("stems in the guessed language with lang = 'auto'", function()
      local id_text = "Petani di desa itu sedang sulit karena pertanian mereka rusak dan petani lain juga"
      assert.equal("id", (kata.language(id_text)))
      local c = kata.count(id_text, { stem = true })
      assert.equal(3, c.petani)
      assert.is_nil(c.pertanian)
      local en_text = "The connection failed and the connections were connected again"
      assert.equal("en", (kata.language(en_text)))
      c = kata.count(en_text, { stem = true })
      assert.equal(3, c.connected)
      assert.is_nil(c.connection)
    end)

    it("does not stem when the guess is 'und'", function()
      assert.equal("und", (kata.language("petani pertanian")))
      assert.same({ petani = 1, pertanian = 1 }, kata.count("petani pertanian", { stem = true }))
      assert.same({ petani = 1, pertanian = 1 }, kata.count({ "petani", "pertanian" }, { stem = true }))
    end)

    it("takes any Snowball language when stop words are off", function()
      assert.same({ continuation = 2 },
        kata.count("continuation continuer", { lang = "fr", stopwords = false, stem = true }))
      assert.same({ pertanian = 2 },
        kata.count("petani pertanian", { lang = "indonesian", stopwords = false, stem = true }))
      assert.same({ continuation = 1, continuer = 1 },
        kata.count("continuation continuer", { lang = "fr", stopwords = false }))
      assert.same({ kata = 1, karate = 1 }, kata.count("kata karate", { lang = "fr", stopwords = { "x" } }))
    end)
  end)

  describe("option ngrams", function()
    it("counts exactly n-word terms for an integer n", function()
      local s = "harga cabai rawit naik"
      assert.same({ harga = 1, cabai = 1, rawit = 1, naik = 1 }, kata.count(s, { lang = "id", ngrams = 1 }))
      assert.same({ ["harga cabai"] = 1, ["cabai rawit"] = 1, ["rawit naik"] = 1 },
        kata.count(s, { lang = "id", ngrams = 2 }))
      assert.same({ ["harga cabai rawit"] = 1, ["cabai rawit naik"] = 1 },
        kata.count(s, { lang = "id", ngrams = 3 }))
    end)

    it("counts lo- to hi-word terms for a pair", function()
      local s = "harga cabai rawit"
      assert.same({ harga = 1, cabai = 1, rawit = 1, ["harga cabai"] = 1, ["cabai rawit"] = 1 },
        kata.count(s, { lang = "id", ngrams = { 1, 2 } }))
      assert.same({ ["harga cabai"] = 1, ["cabai rawit"] = 1, ["harga cabai rawit"] = 1 },
        kata.count(s, { lang = "id", ngrams = { 2, 3 } }))
      assert.same({ harga = 1, cabai = 1, rawit = 1, ["harga cabai"] = 1, ["cabai rawit"] = 1,
        ["harga cabai rawit"] = 1 }, kata.count(s, { lang = "id", ngrams = { 1, 3 } }))
      assert.same({ harga = 1, cabai = 1, rawit = 1 }, kata.count(s, { lang = "id", ngrams = { 1, 1 } }))
      assert.same({ ["harga cabai rawit"] = 1 }, kata.count(s, { lang = "id", ngrams = { 3, 3 } }))
    end)

    it("counts repeated phrases", function()
      assert.same({ ["cabai merah"] = 3 },
        kata.count("cabai merah, Cabai Merah. CABAI MERAH!", { lang = "id", ngrams = 2 }))
      assert.same({ ["Cabai Merah"] = 2, ["cabai merah"] = 1 },
        kata.count("cabai merah, Cabai Merah. Cabai Merah!", { lang = "id", ngrams = 2, fold = false }))
    end)

    it("do not cross a sentence boundary", function()
      assert.same({ ["harga cabai"] = 1, ["cabai naik"] = 1, ["petani senang"] = 1 },
        kata.count("Harga cabai naik. Petani senang.", { lang = "id", ngrams = 2 }))
      assert.same({ ["harga cabai"] = 1, ["cabai naik"] = 1, ["petani senang"] = 1 },
        kata.count("Harga cabai naik? Petani senang!", { lang = "id", ngrams = 2 }))
      assert.same({}, kata.count("Harga naik. Petani senang. Pasar ramai.", { lang = "id", ngrams = 3 }))
    end)

    it("do not cross punctuation", function()
      assert.same({ ["bawang merah"] = 1 },
        kata.count("cabai, bawang merah; tomat (segar) murah", { lang = "id", ngrams = 2 }))
      assert.same({ ["bawang merah"] = 1 },
        kata.count("cabai - bawang merah: tomat \"segar\" murah", { lang = "id", ngrams = 2 }))
    end)

    it("do not cross a stop word", function()
      assert.is_true(kata.stopwords("id").dan)
      assert.same({ ["harga cabai"] = 1, ["bawang merah"] = 1 },
        kata.count("harga cabai dan bawang merah", { lang = "id", ngrams = 2 }))
      assert.same({}, kata.count("harga cabai dan bawang merah", { lang = "id", ngrams = 3 }))
      -- with stopwords = false the same words make phrases
      assert.same({ ["harga cabai dan"] = 1, ["cabai dan bawang"] = 1, ["dan bawang merah"] = 1 },
        kata.count("harga cabai dan bawang merah", { lang = "id", ngrams = 3, stopwords = false }))
      -- the caller's stop words too
      assert.same({ ["harga cabai"] = 1 },
        kata.count("harga cabai merah", { ngrams = 2, stopwords = { "merah" } }))
    end)

    it("run across a hard-wrapped line end, not from a headline into its story (issue 16)", function()
      local story = "EU president says Gadhafi's ouster would protect Libyan civilians\n" ..
        "OSLO - EU President Herman Van Rompuy says Libyan leader Moammar\n" ..
        "Gadhafi to go would be the best protection for Libyan civilians."
      local c = kata.count(story, { lang = "en", ngrams = 2 })
      assert.is_nil(c["civilians oslo"])
      assert.equal(1, c["leader moammar"])
      assert.equal(1, c["moammar gadhafi"]) -- across the wrap
      -- the same with the story on one long line after the headline
      local one_line = "EU president says Gadhafi's ouster would protect Libyan civilians\n" ..
        "OSLO - EU President Herman Van Rompuy says Libyan leader Moammar " ..
        "Gadhafi to go would be the best protection for Libyan civilians."
      c = kata.count(one_line, { lang = "en", ngrams = 2 })
      assert.is_nil(c["civilians oslo"])
      assert.equal(1, c["moammar gadhafi"])
    end)

    it("do not cross a dropped short word", function()
      assert.same({ ["cabai merah"] = 1 }, kata.count("harga x cabai merah", { lang = "id", ngrams = 2 }))
      assert.same({ ["harga x"] = 1, ["x cabai"] = 1, ["cabai merah"] = 1 },
        kata.count("harga x cabai merah", { lang = "id", ngrams = 2, min_length = 1 }))
      assert.same({ ["cabai merah"] = 1 },
        kata.count("harga naik cabai merah", { lang = "id", ngrams = 2, min_length = 5 }))
    end)

    it("do not cross a number or any other non-word token", function()
      assert.same({ ["cabai merah"] = 1 }, kata.count("harga 35 cabai merah", { lang = "id", ngrams = 2 }))
      assert.same({ ["cabai merah"] = 1 }, kata.count("harga $ cabai merah", { lang = "id", ngrams = 2 }))
      assert.same({ ["cabai merah"] = 1 }, kata.count("harga 😀 cabai merah", { lang = "id", ngrams = 2 }))
      assert.same({ ["cabai merah"] = 1 },
        kata.count("harga https://pasar.id/x cabai merah", { lang = "id", ngrams = 2 }))
      assert.same({ ["cabai merah"] = 1 },
        kata.count("harga info@pasar.id cabai merah", { lang = "id", ngrams = 2 }))
      assert.same({ ["cabai merah"] = 1 }, kata.count("harga #pasar cabai merah", { lang = "id", ngrams = 2 }))
      assert.same({ ["cabai merah"] = 1 }, kata.count("harga @pasar cabai merah", { lang = "id", ngrams = 2 }))
      -- an invalid byte is a symbol token
      assert.same({ ["cabai merah"] = 1 }, kata.count("harga\128cabai merah", { lang = "id", ngrams = 2 }))
    end)

    it("join words with one space whatever the white space between them", function()
      assert.same({ ["harga cabai"] = 1, ["cabai merah"] = 1, ["merah naik"] = 1 },
        kata.count("harga   cabai\tmerah\194\160naik", { lang = "id", ngrams = 2 }))
    end)
  end)

  describe("option unique_paragraphs", function()
    local repeated = "Banjir melanda kota.\n\nWarga mengungsi ke masjid.\n\nBanjir melanda kota."

    -- Regression (issue 17): off by default, so kata.count and kata.keywords
    -- counted a scraper's repeats that kata.analyze left out.
    it("is on by default: false counts a repeated paragraph each time", function()
      assert.same({ banjir = 1, melanda = 1, kota = 1, warga = 1, mengungsi = 1, masjid = 1 },
        kata.count(repeated, { lang = "id" }))
      assert.same({ banjir = 2, melanda = 2, kota = 2, warga = 1, mengungsi = 1, masjid = 1 },
        kata.count(repeated, { lang = "id", unique_paragraphs = false }))
    end)

    it("counts a repeated paragraph once", function()
      assert.same({ banjir = 1, melanda = 1, kota = 1, warga = 1, mengungsi = 1, masjid = 1 },
        kata.count(repeated, { lang = "id", unique_paragraphs = true }))
      assert.same({ ["banjir melanda"] = 1, ["melanda kota"] = 1, ["warga mengungsi"] = 1 },
        kata.count(repeated, { lang = "id", unique_paragraphs = true, ngrams = 2 }))
    end)

    it("compares paragraphs by their tokens folded, ignoring punctuation and spacing", function()
      assert.same({ banjir = 1, melanda = 1, kota = 1 },
        kata.count("Banjir melanda kota.\n\nBANJIR, melanda   kota!\n\n\"Banjir melanda kota\"",
          { lang = "id", unique_paragraphs = true }))
      -- another word makes another paragraph
      assert.same({ banjir = 2, melanda = 2, kota = 1, desa = 1 },
        kata.count("Banjir melanda kota.\n\nBanjir melanda desa.", { lang = "id", unique_paragraphs = true }))
      -- stop words are words of the paragraph: they make it different
      assert.same({ banjir = 2, melanda = 2, kota = 2 },
        kata.count("Banjir melanda kota.\n\nBanjir melanda kota itu.", { lang = "id", unique_paragraphs = true }))
    end)

    it("splits at line ends when the text has no blank line", function()
      assert.same({ banjir = 1, melanda = 1, kota = 1, warga = 1, mengungsi = 1 },
        kata.count("Banjir melanda kota.\nWarga mengungsi.\nBanjir melanda kota.",
          { lang = "id", unique_paragraphs = true }))
      assert.same({ banjir = 1, melanda = 1, kota = 1 },
        kata.count("Banjir melanda kota.\r\nBanjir melanda kota.\rBanjir melanda kota.",
          { lang = "id", unique_paragraphs = true }))
    end)

    it("splits at blank lines only when the text has one", function()
      -- paragraphs of two lines, the same twice
      assert.same({ banjir = 1, melanda = 1, kota = 1, warga = 1, mengungsi = 1, pasar = 1 },
        kata.count("Banjir melanda\nkota.\n\nWarga mengungsi.\n\nBanjir melanda\nkota.\n\nPasar.",
          { lang = "id", unique_paragraphs = true }))
      -- "Banjir melanda kota.\nWarga mengungsi." is one paragraph, not the same as the last
      assert.same({ banjir = 2, melanda = 2, kota = 2, warga = 1, mengungsi = 1 },
        kata.count("Banjir melanda kota.\nWarga mengungsi.\n\nBanjir melanda kota.",
          { lang = "id", unique_paragraphs = true }))
      -- a line of spaces and tabs is blank; so is a CRLF blank line
      assert.same({ banjir = 2, melanda = 2, kota = 2, warga = 1, mengungsi = 1 },
        kata.count("Banjir melanda kota.\nWarga mengungsi.\n \t \nBanjir melanda kota.",
          { lang = "id", unique_paragraphs = true }))
      assert.same({ banjir = 1, melanda = 1, kota = 1 },
        kata.count("Banjir melanda kota.\r\n\r\nBanjir melanda kota.", { lang = "id", unique_paragraphs = true }))
    end)

    it("removes exactly the repeated paragraph of a scraped article", function()
      local s = fixture("id-dbd-sleman.txt")
      -- the scraper's copy: a paragraph that occurs twice in the text
      local para = "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan segera " ..
        "melaporkan setiap pasien dengan demam tinggi lebih dari dua hari. Rumah sakit juga " ..
        "diminta menyiapkan tambahan tempat tidur untuk pasien DBD."
      local first = s:find(para, 1, true)
      assert.is_truthy(first)
      assert.is_truthy(s:find(para, first + 1, true))
      local opts = { lang = "id", unique_paragraphs = false }
      local all = kata.count(s, opts)
      local uniq = kata.count(s, { lang = "id", unique_paragraphs = true })
      local once = kata.count(para, opts)
      for term, n in pairs(all) do
        assert.equal(n - (once[term] or 0), uniq[term] or 0, term)
      end
      for term in pairs(uniq) do assert.is_truthy(all[term], term) end
      assert.equal(2, all.memperketat)
      assert.equal(1, uniq.memperketat)
    end)
  end)

  describe("arrays of words", function()
    it("counts the words of an array", function()
      assert.same({ banjir = 2, kota = 1 }, kata.count({ "Banjir", "banjir", "kota" }))
      assert.same({ Banjir = 1, banjir = 1, kota = 1 }, kata.count({ "Banjir", "banjir", "kota" }, { fold = false }))
      assert.same({}, kata.count({}))
      assert.same({}, kata.count({}, { ngrams = 2 }))
    end)

    it("make phrases of consecutive words", function()
      assert.same({ ["harga cabai"] = 1, ["cabai rawit"] = 1 },
        kata.count({ "harga", "cabai", "rawit" }, { ngrams = 2 }))
      assert.same({ harga = 1, cabai = 1, rawit = 1, ["harga cabai"] = 1, ["cabai rawit"] = 1,
        ["harga cabai rawit"] = 1 }, kata.count({ "harga", "cabai", "rawit" }, { ngrams = { 1, 3 } }))
    end)

    it("break phrases at stop words and dropped short words", function()
      assert.same({ ["cabai rawit"] = 1 }, kata.count({ "harga", "yang", "cabai", "rawit" }, { ngrams = 2 }))
      assert.same({ ["cabai rawit"] = 1 }, kata.count({ "harga", "x", "cabai", "rawit" }, { ngrams = 2 }))
      assert.same({ ["harga x"] = 1, ["x cabai"] = 1 },
        kata.count({ "harga", "x", "cabai" }, { ngrams = 2, min_length = 1, lang = "id" }))
    end)

    it("are stemmed with an explicit lang", function()
      assert.same({ pertanian = 2 }, kata.count({ "petani", "pertanian" }, { lang = "id", stem = true }))
    end)

    it("are not joined across calls", function()
      assert.same({}, kata.count({ "harga" }, { ngrams = 2 }))
      assert.same({}, kata.count({ "cabai" }, { ngrams = 2 }))
    end)
  end)

  describe("invalid UTF-8", function()
    it("never counts invalid bytes", function()
      local c = kata.count("banjir\128 kota\255\254 \237\160\128 desa\226\130", { stopwords = false })
      assert.same({ banjir = 1, kota = 1, desa = 1 }, c)
      for term in pairs(c) do assert.is_true(is_utf8(term), term) end
      assert.same({}, kata.count("\128\129\130 \192\128 \245\255", { stopwords = false, min_length = 0 }))
      assert.same({}, kata.count("\128\129\130 \192\128 \245\255", { stopwords = false, numbers = true,
        min_length = 0, fold = false }))
    end)
  end)

  describe("errors", function()
    it("reject a first argument that is neither a string nor a table", function()
      assert.matches("^bad argument #1 to 'count' %(string.- expected, got nil%)$", count_err(nil))
      assert.matches("^bad argument #1 to 'count' %(string.- expected, got boolean%)$", count_err(true))
      assert.matches("^bad argument #1 to 'count' %(string.- expected, got no value%)$",
        err_of(function() local r = kata.count() return r end))
    end)

    it("name the first word of an array that is not a string", function()
      assert.equal("bad argument #1 to 'count' (word 3 is a number, not a string)", count_err({ "a", "b", 3 }))
      assert.equal("bad argument #1 to 'count' (word 2 is a boolean, not a string)", count_err({ "a", true }))
      assert.equal("bad argument #1 to 'count' (word 1 is a table, not a string)", count_err({ {} }))
    end)

    it("reject options that are not a table", function()
      assert.equal("bad argument #2 to 'count' (table expected, got string)", count_err("x", "fold"))
    end)

    it("reject unknown options", function()
      assert.equal("bad argument #2 to 'count' (unknown option 'foo')", count_err("x", { foo = 1 }))
      -- options of keywords are not options of count
      assert.equal("bad argument #2 to 'count' (unknown option 'n')", count_err("x", { n = 3 }))
      assert.equal("bad argument #2 to 'count' (unknown option 'method')", count_err("x", { method = "yake" }))
      assert.matches("^bad argument #2 to 'count' %(unknown option", count_err("x", { true }))
    end)

    it("reject boolean options of another type", function()
      assert.equal("bad argument #2 to 'count' (option 'fold' must be a boolean, got string)",
        count_err("x", { fold = "yes" }))
      assert.equal("bad argument #2 to 'count' (option 'numbers' must be a boolean, got number)",
        count_err("x", { numbers = 1 }))
      assert.equal("bad argument #2 to 'count' (option 'stem' must be a boolean, got string)",
        count_err("x", { stem = "id" }))
      assert.equal("bad argument #2 to 'count' (option 'unique_paragraphs' must be a boolean, got table)",
        count_err("x", { unique_paragraphs = {} }))
    end)

    it("reject a min_length that is not a number", function()
      assert.equal("bad argument #2 to 'count' (option 'min_length' must be a number, got string)",
        count_err("x", { min_length = "x" }))
      assert.equal("bad argument #2 to 'count' (option 'min_length' must be a number, got boolean)",
        count_err("x", { min_length = true }))
      assert.matches("^bad argument #2 to 'count' %(option 'min_length' must be ", count_err("x", { min_length = -1 }))
      assert.matches("^bad argument #2 to 'count' %(option 'min_length' must be ", count_err("x", { min_length = 1.5 }))
    end)

    it("reject an ngrams that is not an integer from 1 to 3 or a pair of them", function()
      for _, v in ipairs({ 0, 4, 2.5, -1 }) do
        assert.equal("bad argument #2 to 'count' (option 'ngrams' must be an integer from 1 to 3)",
          count_err("x", { ngrams = v }))
      end
      assert.matches("^bad argument #2 to 'count' %(option 'ngrams.- must be ", count_err("x", { ngrams = true }))
      for _, v in ipairs({ { 0, 2 }, { 1, 4 }, { 3, 1 }, { 2 }, {}, { "a", "b" } }) do
        assert.matches("^bad argument #2 to 'count' %(option 'ngrams", count_err("x", { ngrams = v }))
      end
    end)

    it("reject stopwords that are neither a boolean nor a table", function()
      assert.equal("bad argument #2 to 'count' (option 'stopwords' must be a boolean or a table)",
        count_err("x", { stopwords = 1 }))
      assert.equal("bad argument #2 to 'count' (option 'stopwords' must be a boolean or a table)",
        count_err("x", { stopwords = "en" }))
      assert.matches("^bad argument #2 to 'count' %(option 'stopwords'", count_err("x", { stopwords = { 1, 2 } }))
    end)

    it("reject a lang that is not a string", function()
      assert.matches("^bad argument #2 to 'count' %(option 'lang'", count_err("x", { lang = 1 }))
    end)

    -- "porter" (Snowball's first English stemmer) has a stemmer and no list:
    -- every ISO code libstemmer knows has a list (docs/stopwords.md).
    it("reject a lang without a built-in stop-word list when stop words are on", function()
      assert.equal("bad argument #2 to 'count' (no stop-word list for language 'porter')",
        count_err("x", { lang = "porter" }))
      assert.equal("bad argument #2 to 'count' (no stop-word list for language 'porter')",
        count_err("x", { lang = "porter", stopwords = true, stem = true }))
      assert.equal("bad argument #2 to 'count' (no stop-word list for language 'porter')",
        count_err({ "x" }, { lang = "porter" }))
    end)

    it("reject a lang without a stemmer when stemming", function()
      assert.equal("bad argument #2 to 'count' (no stemmer for language 'xx')",
        count_err("x", { lang = "xx", stopwords = false, stem = true }))
    end)

    -- Regression: "en\0zz" was read as "en" (a C string), and a code with
    -- neither a list nor a stemmer was taken when neither was used.
    it("reject a lang with a NUL byte, and one no list or stemmer knows", function()
      local nul = "en" .. string.char(0) .. "zz"
      assert.equal("bad argument #2 to 'count' (option 'lang' has a NUL byte)",
        count_err("x", { lang = nul }))
      assert.equal("bad argument #2 to 'count' (option 'lang' has a NUL byte)",
        count_err("x", { lang = nul, stopwords = false, stem = true }))
      assert.equal("bad argument #2 to 'count' (unknown language 'zz')",
        count_err("x", { lang = "zz", stopwords = false }))
      assert.equal("bad argument #2 to 'count' (unknown language 'zz')",
        count_err("x", { lang = "zz", stopwords = { "the" } }))
      assert.equal("bad argument #1 to 'corpus' (option 'lang' has a NUL byte)",
        err_of(function() local r = kata.corpus({ lang = nul }) return r end))
      assert.equal("bad argument #1 to 'stopwords' (language code has a NUL byte)",
        err_of(function() local r = kata.stopwords(nul) return r end))
      assert.equal("bad argument #2 to 'stem' (language code has a NUL byte)",
        err_of(function() local r = kata.stem("cats", nul) return r end))
      -- a code a stemmer knows, or "und" (what kata.language says when it
      -- cannot tell), is fine without stop words
      assert.same({ harga = 1 }, kata.count("harga", { lang = "fr", stopwords = false }))
      assert.same({ harga = 1 }, kata.count("harga", { lang = "und", stopwords = false }))
    end)

    -- Regression: {1, 3, 5} was read as the range 1 to 3.
    it("reject an ngrams table that is not a pair", function()
      for _, v in ipairs({ { 1, 3, 5 }, { 1, 2, x = 1 }, { 1, nil, 3 } }) do
        assert.equal("bad argument #2 to 'count' (option 'ngrams' must be an integer from 1 to 3 or a pair {lo, hi})",
          count_err("x", { ngrams = v }))
      end
      assert.same({ ["harga cabai"] = 1, harga = 1, cabai = 1 },
        kata.count("harga cabai", { ngrams = { 1, 2 } }))
    end)

    -- Counts are checked as numbers before any conversion to an integer
    -- (which LuaJIT and Lua 5.1 do with a C cast).
    it("reject NaN, infinities and huge numbers as counts", function()
      for _, v in ipairs({ 0 / 0, 1 / 0, -1 / 0, 1e300, -1e300, 2 ^ 63 }) do
        assert.equal("bad argument #2 to 'count' (option 'min_length' must be an integer from 0 to 1048576)",
          count_err("x", { min_length = v }))
      end
    end)

    it("leave kata usable after an error", function()
      count_err("x", { foo = 1 })
      count_err({ "a", 1 }, { ngrams = 2 })
      assert.same({ ["harga cabai"] = 1 }, kata.count({ "harga", "cabai" }, { ngrams = 2 }))
    end)
  end)
end)
