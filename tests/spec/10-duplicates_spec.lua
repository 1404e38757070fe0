-- 10: kata.duplicates and kata.dedupe: exact, near and teaser duplicates on
-- the news fixtures and the shared sample, what is and is not a duplicate
-- (Indonesian and English), every option, the invariants of the result,
-- byte-exact removal, invalid UTF-8, hostile sizes, errors.
-- Lua 5.1 compatible; invisible characters and bad bytes are written with
-- X("hex bytes") (Lua 5.1 has no \xNN escapes), visible ones as UTF-8.

local kata = require("kata")
local helpers = require("spec_helpers")
local X, err_of, fixture = helpers.X, helpers.err_of, helpers.fixture
local TESTS, read_file = helpers.TESTS, helpers.read_file

local function dup_err(s, opts)
  return err_of(function() local r = kata.duplicates(s, opts) return r end)
end

local function dedupe_err(s, opts)
  return err_of(function() local r = kata.dedupe(s, opts) return r end)
end

-- The team's shared sample, outside the repository (see 09-paragraphs).
local SAMPLE_NAME = "news-id-duplicated.txt"
local function sample()
  local dir = os.getenv("KATA_SAMPLES") or (TESTS .. "/../../shared/samples")
  return read_file(dir .. "/" .. SAMPLE_NAME)
end

-- The result of kata.duplicates in short: false, or { dup_of, kind }.
local function dups(s, opts)
  local out = {}
  for i, d in ipairs(kata.duplicates(s, opts)) do
    out[i] = d and { d.dup_of, d.kind } or false
  end
  return out
end

-- { [i] = { dup_of, kind } } of the duplicates only, for long texts.
local function dup_map(s, opts)
  local out = {}
  for i, d in ipairs(kata.duplicates(s, opts)) do
    if d then out[i] = { d.dup_of, d.kind } end
  end
  return out
end

-- Checks what every result must hold: aligned with n paragraphs, false or
-- a table of dup_of (an integer in range, not i, earlier unless a teaser, a
-- first occurrence), similarity (1 unless near; near: threshold to 1) and
-- kind.
local function check_result(list, n, threshold)
  threshold = threshold or 0.8
  assert.equal(n, #list)
  for i = 1, n do
    local d = list[i]
    if d then
      assert.equal("table", type(d))
      assert.equal("number", type(d.dup_of))
      assert.equal(math.floor(d.dup_of), d.dup_of)
      assert.is_true(d.dup_of >= 1 and d.dup_of <= n and d.dup_of ~= i, "dup_of of " .. i)
      assert.is_true(d.kind == "exact" or d.kind == "near" or d.kind == "teaser", "kind " .. tostring(d.kind))
      if d.kind ~= "teaser" then assert.is_true(d.dup_of < i, "dup_of after " .. i) end
      assert.is_false(list[d.dup_of], "paragraph " .. i .. " points at a duplicate")
      if d.kind == "near" then
        assert.is_true(d.similarity >= threshold and d.similarity <= 1,
          string.format("similarity %.17g of %d under %.17g", d.similarity, i, threshold))
      else
        assert.equal(1, d.similarity)
      end
    else
      assert.is_false(d)
    end
  end
end

-- The text with paragraphs `drop` (a set of indices) removed as dedupe
-- documents it, built by hand from the offsets of kata.paragraphs: what
-- precedes the first paragraph, then each kept paragraph with the
-- separator that follows it, the last kept one with the end of the text
-- (so a removed paragraph goes with the separator after it, and removed
-- paragraphs at the end with the separator before them).
local function remove_by_hand(s, drop, opts)
  local ps = kata.paragraphs(s, opts)
  if #ps == 0 then return s end
  local last = 0
  for i = #ps, 1, -1 do
    if not drop[i] then
      last = i
      break
    end
  end
  local out = { s:sub(1, ps[1].start - 1) }
  for i, p in ipairs(ps) do
    if not drop[i] then
      out[#out + 1] = s:sub(p.start, p.stop)
      if i == last then
        out[#out + 1] = s:sub(ps[#ps].stop + 1)
      else
        out[#out + 1] = s:sub(p.stop + 1, ps[i + 1].start - 1)
      end
    end
  end
  return table.concat(out)
end

-- Paragraphs of the test texts. Invented news: places, people and numbers
-- are made up.
local ID = "Dinas Kesehatan Kabupaten Sleman mencatat 412 kasus demam berdarah sejak awal Januari, " ..
  "hampir dua kali lipat dibanding periode yang sama tahun lalu, dan meminta warga menguras bak " ..
  "mandi setiap pekan."
local EN = "Northwind Air grounded six of its regional jets on Friday after inspectors found cracks in " ..
  "engine mounting brackets, forcing the cancellation of 48 flights and stranding about 3,000 " ..
  "passengers over the holiday weekend."
local ID_QUOTE = "\"Kami sudah menyiapkan 30 ruang isolasi di tiga rumah sakit rujukan,\" kata Kepala " ..
  "Dinas Kesehatan Sleman, Cahya Purnama, kepada wartawan."
local EN_QUOTE = "\"We will not put a single aircraft back in the air until every bracket has been " ..
  "replaced,\" the airline's chief operating officer, Priya Castellanos, said in a statement."

-- Pairs of different paragraphs that share many words: the same outlet's
-- phrasing, the same people and places, different news.
local DIFFERENT = {
  id = {
    {
      "Majelis hakim Pengadilan Negeri Surabaya menjatuhkan vonis tujuh tahun penjara kepada " ..
        "terdakwa kasus korupsi dana desa, lebih ringan dari tuntutan jaksa sembilan tahun.",
      "Majelis hakim Pengadilan Negeri Sidoarjo menjatuhkan vonis dua tahun penjara kepada " ..
        "terdakwa kasus penipuan arisan daring, lebih berat dari tuntutan jaksa satu tahun.",
    },
    {
      "BMKG memperkirakan hujan lebat disertai petir dan angin kencang akan terjadi di wilayah " ..
        "Bogor, Depok, dan Bekasi pada Senin sore hingga malam hari.",
      "BMKG memperkirakan hujan ringan hingga sedang akan terjadi di wilayah Tangerang dan " ..
        "Jakarta Barat pada Selasa pagi, sebelum cuaca berawan pada siang hari.",
    },
    {
      ID,
      "Dinas Kesehatan Kabupaten Bantul mencatat 96 kasus diare sejak awal Februari, turun " ..
        "dibanding periode yang sama tahun lalu, dan meminta warga merebus air minum setiap hari.",
    },
  },
  en = {
    {
      "Harbor Foods reported a net profit of $41 million for the third quarter, up 12 percent " ..
        "from a year earlier, as sales of frozen seafood rose in Asia.",
      "Harbor Foods reported a net loss of $9 million for the fourth quarter, down from a " ..
        "profit a year earlier, as sales of canned tuna fell in Europe.",
    },
    {
      "Councillor Maria Okafor won the Eastfield ward with 2,814 votes, ahead of the Green " ..
        "candidate, who took 1,902, on a turnout of 38 percent.",
      "Councillor Tom Reyes held the Westbrook ward with 3,107 votes, ahead of the Labour " ..
        "candidate, who took 2,660, on a turnout of 41 percent.",
    },
    {
      "Northwind Air grounded six of its regional jets on Friday after inspectors found cracks " ..
        "in engine mounting brackets, forcing the cancellation of 48 flights.",
      "Northwind Air added six regional jets to its fleet on Friday after regulators approved " ..
        "the purchase, allowing the launch of 48 new flights.",
    },
  },
}

-- Word sets and shingle sets, for similarities computed here. Only for
-- texts of lower-case ASCII words separated by single spaces.
local function shingles(s, k)
  local w, set, n = {}, {}, 0
  for word in s:gmatch("%S+") do w[#w + 1] = word end
  for i = 1, #w - k + 1 do
    local key = table.concat(w, " ", i, i + k - 1)
    if not set[key] then
      set[key] = true
      n = n + 1
    end
  end
  return set, n
end

local function similarity(a, b, k, containment)
  local sa, na = shingles(a, k)
  local sb, nb = shingles(b, k)
  local inter = 0
  for key in pairs(sa) do
    if sb[key] then inter = inter + 1 end
  end
  if containment then
    local small = na < nb and na or nb
    return small > 0 and inter / small or 0
  end
  local union = na + nb - inter
  return union > 0 and inter / union or 0
end

-- A small deterministic generator (Park-Miller), the same on every Lua.
local function rng(seed)
  local x = seed
  return function(n)
    x = (x * 16807) % 2147483647
    return x % n + 1
  end
end

local VOCAB = {
  "harga", "beras", "naik", "turun", "pasar", "induk", "pedagang", "petani", "gabah", "panen",
  "hujan", "banjir", "jalan", "warga", "desa", "kota", "pemerintah", "dinas", "kepala", "bupati",
  "gubernur", "menteri", "rapat", "anggaran", "sekolah", "guru", "murid", "rumah", "sakit", "dokter",
  "pasien", "kapal", "pelabuhan", "nelayan", "ikan", "laut", "angin", "gelombang", "listrik", "air",
}

describe("kata.duplicates", function()
  describe("on the shared sample", function()
    it("reports each paragraph of the repeated block, and nothing else", function()
      local s = sample()
      if not s then
        pending("the shared sample " .. SAMPLE_NAME .. " is not there (set KATA_SAMPLES)")
        return
      end
      local list = kata.duplicates(s)
      check_result(list, 32)
      local expect = {}
      for i = 17, 31 do expect[i] = { i - 15, "exact" } end
      assert.same(expect, dup_map(s))
      for i = 17, 31 do assert.equal(1, list[i].similarity) end
      -- one paragraph a line: the lead is five, the rest shifts by four
      local by_line = {}
      for i = 21, 35 do by_line[i] = { i - 15, "exact" } end
      assert.same(by_line, dup_map(s, { by = "line" }))
      -- exact only: the same
      assert.same(expect, dup_map(s, { method = "exact" }))
    end)

    it("is removed by dedupe, byte for byte", function()
      local s = sample()
      if not s then
        pending("the shared sample " .. SAMPLE_NAME .. " is not there (set KATA_SAMPLES)")
        return
      end
      local ps = kata.paragraphs(s)
      local out, removed = kata.dedupe(s)
      assert.equal(15, removed)
      assert.equal(s:sub(1, ps[17].start - 1) .. s:sub(ps[32].start), out)
      local drop = {}
      for i = 17, 31 do drop[i] = true end
      assert.equal(remove_by_hand(s, drop), out)
      local kept = kata.paragraphs(out)
      assert.equal(17, #kept)
      for i = 1, 16 do assert.equal(ps[i].text, kept[i].text) end
      assert.equal("Credit antaranews.com", kept[17].text)
      -- nothing more to remove
      local again, n = kata.dedupe(out)
      assert.equal(out, again)
      assert.equal(0, n)
    end)
  end)

  describe("on the news fixtures", function()
    it("finds the block a scraper saved twice in dup-id-dermaga.txt", function()
      local s = fixture("dup-id-dermaga.txt")
      local list = kata.duplicates(s)
      check_result(list, 18)
      local expect = {}
      for i = 10, 17 do expect[i] = { i - 8, "exact" } end
      assert.same(expect, dup_map(s))
      local out, removed = kata.dedupe(s)
      assert.equal(8, removed)
      local drop = {}
      for i = 10, 17 do drop[i] = true end
      assert.equal(remove_by_hand(s, drop), out)
      local ps = kata.paragraphs(s)
      assert.equal(s:sub(1, ps[10].start - 1) .. s:sub(ps[18].start), out)
    end)

    it("finds the teaser, the repeated ad label, pull quote and edited paragraph in dup-en-desal.txt", function()
      local s = fixture("dup-en-desal.txt")
      local list = kata.duplicates(s)
      check_result(list, 13)
      assert.same({
        [2] = { 4, "teaser" },  -- "... overriding…" opens paragraph 4
        [9] = { 5, "exact" },   -- "Advertisement"
        [10] = { 6, "exact" },  -- the same quote with ‘ ’ for " "
        [12] = { 7, "near" },   -- "metre" for "meter", and a "Read more" line
      }, dup_map(s))
      assert.is_true(list[12].similarity > 0.9 and list[12].similarity < 1)
      local out, removed = kata.dedupe(s)
      assert.equal(4, removed)
      assert.equal(remove_by_hand(s, { [2] = true, [9] = true, [10] = true, [12] = true }), out)
      assert.equal(9, #kata.paragraphs(out))
      assert.equal("Harbor council backs desalination plant despite cost warnings\n\nBy Dana Whitcombe",
        out:sub(1, 80))
    end)

    it("finds nothing in articles without repeats", function()
      for _, name in ipairs({ "id-garam-rembang.txt", "en-desalination-plant.txt", "en-airline-grounding.txt" }) do
        local s = fixture(name)
        local n = #kata.paragraphs(s)
        assert.same({}, dup_map(s), name)
        local out, removed = kata.dedupe(s)
        assert.equal(s, out, name)
        assert.equal(0, removed, name)
        assert.equal(n, #kata.duplicates(s))
      end
    end)
  end)

  describe("exact duplicates", function()
    it("ignore case, white space, quote and dash styles and outer punctuation", function()
      local variants = {
        ID_QUOTE:upper(),
        ID_QUOTE:gsub(" ", "   "),
        (ID_QUOTE:gsub(" ", "\n", 3):gsub(", ", ",\t")),
        (ID_QUOTE:gsub("\"", "“", 1):gsub("\"", "”", 1)),
        (ID_QUOTE:gsub("\"", "'")),
        (ID_QUOTE:gsub("\"", "„", 1):gsub("\"", "“", 1)),
        "(" .. ID_QUOTE .. ")",
        "— " .. ID_QUOTE .. " …",
        " \t" .. ID_QUOTE .. "  ",
      }
      for _, v in ipairs(variants) do
        local list = kata.duplicates({ ID_QUOTE, v })
        assert.is_false(list[1])
        assert.same({ dup_of = 1, similarity = 1, kind = "exact" }, list[2], v)
      end
      local en = {
        EN_QUOTE:lower(),
        (EN_QUOTE:gsub("\"", "“", 1):gsub("\"", "”", 1)),
        (EN_QUOTE:gsub("\"", "'")),
        (EN_QUOTE:gsub(" ", X("C2 A0"))),
        EN_QUOTE .. "..",
      }
      for _, v in ipairs(en) do
        assert.same({ false, { 1, "exact" } }, dups({ EN_QUOTE, v }), v)
      end
    end)

    it("unify every dash", function()
      local base = "Rapat paripurna DPRD - yang molor dua jam - akhirnya mengesahkan APBD 2025."
      for _, dash in ipairs({ "–", "—", "‐", "‑", "‒", "―", "﹘", "﹣", "－" }) do
        local v = base:gsub(" %- ", " " .. dash .. " ")
        assert.same({ false, { 1, "exact" } }, dups({ base, v }, { method = "exact" }), dash)
      end
    end)

    -- Regression (fixed in 1dc6d97): U+2212 MINUS SIGN (a Dash in Unicode,
    -- and in dedup.c's list of dashes) was not unified: the tokenizer makes
    -- it a symbol, and only punctuation tokens were unified.
    it("unify the minus sign with the other dashes", function()
      local base = "Rapat paripurna DPRD - yang molor dua jam - akhirnya mengesahkan APBD 2025."
      local v = base:gsub(" %- ", " − ")
      assert.same({ false, { 1, "exact" } }, dups({ base, v }, { method = "exact" }))
    end)

    -- Regression (fixed in 1dc6d97): an apostrophe inside a word was not
    -- unified with the other quote marks: "Jum'at" and "Jum’at" differed,
    -- so a copy whose CMS curled the apostrophes was no exact duplicate.
    it("unify apostrophes inside words", function()
      assert.same({ false, { 1, "exact" } }, dups({ "Salat Jum'at diliburkan", "Salat Jum’at diliburkan" }))
      assert.same({ false, { 1, "exact" } }, dups({ EN_QUOTE, (EN_QUOTE:gsub("'", "’")) }))
      assert.same({ false, { 1, "exact" } }, dups({ "Ma'ruf Amin tiba", "Ma`ruf Amin tiba" }))
    end)

    it("compare NFKC forms: full-width digits, ligatures, compatibility spaces", function()
      assert.same({ false, { 1, "exact" } },
        dups({ "Harga cabai Rp80.000 per kilogram", "Harga cabai Rp８０.０００ per kilogram" }))
      assert.same({ false, { 1, "exact" } },
        dups({ "The final figure was revised", "The ﬁnal ﬁgure was revised" }))
      assert.same({ false, { 1, "exact" } },
        dups({ "Straße gesperrt", "STRASSE GESPERRT" }))
    end)

    it("do not ignore inner punctuation or different words", function()
      assert.same({ false, false }, dups({ "anak-anak", "anak anak" }))
      assert.same({ false, false }, dups({ "Harga naik, lalu turun.", "Harga naik lalu turun." },
        { method = "exact" }))
      assert.same({ false, false }, dups({ "Harga beras naik.", "Harga beras turun." }))
    end)

    it("point every copy at the first occurrence", function()
      assert.same({ false, { 1, "exact" }, false, { 1, "exact" }, { 3, "exact" }, { 1, "exact" } },
        dups({ ID, ID, EN, ID:upper(), EN:lower(), " " .. ID }))
    end)

    it("set a trailing boilerplate line aside", function()
      local tails = {
        "\nBaca juga: Kasus DBD di Bantul turun, warga diminta tetap waspada",
        "\nBACA JUGA: Kasus DBD di Bantul turun",
        " Baca juga: Kasus DBD di Bantul turun",
        "\nBaca selengkapnya di sini",
        "\nLihat juga: Fogging massal di 12 kecamatan",
        "\nSimak juga: Wawancara dengan Kepala Dinas Kesehatan",
        "\nSimak video: Petugas melakukan fogging",
        "\nArtikel terkait:\nFogging massal di 12 kecamatan",
        "\nBerita terkait: Fogging massal",
        "\nADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT",
        "\nScroll to continue with content",
        "\r\nBaca juga: Kasus DBD di Bantul turun",
      }
      for _, t in ipairs(tails) do
        local list = kata.duplicates({ ID, ID .. t })
        assert.same({ dup_of = 1, similarity = 1, kind = "exact" }, list[2], t)
        -- and the other way round
        assert.same({ false, { 1, "exact" } }, dups({ ID .. t, ID }), t)
      end
      local en_tails = {
        "\nRead more: Airline shares fall after groundings",
        "\nRead also: What the cracks mean for passengers",
        "\nSee also: Regulator orders checks on 40 jets",
        "\nRelated: Regulator orders checks on 40 jets",
        "\nAlso read: Regulator orders checks on 40 jets",
        " Read more: Airline shares fall after groundings",
      }
      for _, t in ipairs(en_tails) do
        assert.same({ false, { 1, "exact" } }, dups({ EN, EN .. t }), t)
      end
    end)

    it("set the tail aside in a text whose paragraphs end at blank lines", function()
      local s = ID .. "\n\n" .. EN .. "\n\n" .. ID .. "\nBaca juga: Kasus DBD di Bantul turun\n"
      assert.same({ false, false, { 1, "exact" } }, dups(s))
    end)

    it("keep a boilerplate phrase that does not start a line or a sentence", function()
      -- "baca juga" inside a sentence is text, not a tail
      local a = "Warga diminta baca juga petunjuk di kemasan obat nyamuk."
      local b = "Warga diminta baca juga petunjuk di kemasan obat nyamuk cair."
      assert.same({ false, false }, dups({ a, b }, { method = "exact" }))
      -- a paragraph that is only a boilerplate line is compared whole
      assert.same({ false, false },
        dups({ "Baca juga: Harga cabai turun", "Baca juga: Harga bawang naik" }))
      assert.same({ false, { 1, "exact" } },
        dups({ "Baca juga: Harga cabai turun", "Baca juga: Harga cabai turun" }))
    end)

    -- Found by the index benchmark: "See also" after a sentence end, with
    -- three more sentences after it, cut a paragraph of running text.
    it("keep a prefix after a sentence end when more sentences follow it", function()
      local a = "The manual is long. See also the notes at the end. They explain every flag "
        .. "and list the files the tool reads."
      local b = "The manual is long. See also the appendix at the back. It gives the history "
        .. "of the project and its authors."
      assert.same({ false, false }, dups({ a, b }, { method = "exact" }))
      -- one sentence after it is a tail, inside a line or at a line start
      assert.same({ false, { 1, "exact" } },
        dups({ "The manual is long. See also: Notes on flags", "The manual is long.\nSee also: Other notes. More." }))
    end)

    -- Regression (fixed in 1dc6d97): the tail was looked for only after
    -- ". ", "! ", "? " (one ASCII space) or right after CR/LF, not after a
    -- sentence that ends in a closing quote or bracket, or in U+2026.
    it("set a tail aside after a sentence that ends in quotes, brackets or an ellipsis", function()
      for _, base in ipairs({
        ID_QUOTE,
        "Kata Cahya, \"ruang isolasi sudah disiapkan sejak Januari.\"",
        "Kata Cahya, “ruang isolasi sudah disiapkan sejak Januari.”",
        "Ruang isolasi sudah disiapkan (sejak Januari.)",
        "Ruang isolasi sudah disiapkan sejak Januari…",
      }) do
        local base_end = base
        if not base:find("[%.%?!…\"”%)]$") then base_end = base .. "." end
        assert.same({ false, { 1, "exact" } },
          dups({ base_end, base_end .. " Baca juga: Kasus DBD di Bantul turun" }), base_end)
      end
    end)

    -- Regression (fixed in 1dc6d97): after a sentence end, only one ASCII
    -- space was allowed before the tail.
    it("set a tail aside after any white space that follows a sentence end", function()
      for _, gap in ipairs({ "  ", "\t", X("C2 A0"), " \n" }) do
        assert.same({ false, { 1, "exact" } },
          dups({ ID, ID .. gap .. "Baca juga: Kasus DBD di Bantul turun" }), gap)
      end
    end)

    -- Regression (fixed in 1dc6d97): a tail was found at the start of a
    -- line only after CR or LF, not after the other line ends (NEL, U+2028,
    -- U+2029) that kata.paragraphs knows, nor when the line was indented.
    it("set a tail aside at the start of any line", function()
      for _, sep in ipairs({ X("C2 85"), X("E2 80 A8"), X("E2 80 A9"), "\n  ", "\n\t" }) do
        assert.same({ false, { 1, "exact" } },
          dups({ "Harga beras naik", "Harga beras naik" .. sep .. "Baca juga: Stok beras aman" }), sep)
      end
    end)
  end)

  describe("near duplicates", function()
    it("are found for one-word edits at the default threshold, in Indonesian", function()
      local edits = {
        (ID:gsub("mencatat", "melaporkan")),         -- a word replaced
        (ID:gsub("412", "415")),                     -- a number corrected
        (ID:gsub("mencatat 412", "mencatat setidaknya 412")), -- a word added
        (ID:gsub("hampir ", "")),                    -- a word dropped
        (ID:gsub("Kabupaten", "Kabupatan")),         -- a typo
      }
      for _, v in ipairs(edits) do
        local list = kata.duplicates({ ID, v })
        assert.is_false(list[1])
        assert.equal(1, list[2] and list[2].dup_of, v)
        assert.equal("near", list[2].kind)
        assert.is_true(list[2].similarity >= 0.8 and list[2].similarity < 1, v)
        -- either order
        assert.same({ false, { 1, "near" } }, dups({ v, ID }), v)
      end
    end)

    it("are found for one-word edits at the default threshold, in English", function()
      local edits = {
        (EN:gsub("six", "seven")),
        (EN:gsub("Friday", "Thursday")),
        (EN:gsub("about", "nearly")),
        (EN:gsub("about ", "")),
        (EN:gsub("inspectors", "inpsectors")),
        (EN:gsub("engine mounting", "engine-mounting")),
      }
      for _, v in ipairs(edits) do
        assert.same({ false, { 1, "near" } }, dups({ EN, v }), v)
        assert.same({ false, { 1, "near" } }, dups({ v, EN }), v)
      end
    end)

    it("give the real Jaccard similarity of the word sets", function()
      -- ID has 30 distinct words; one replaced: 29 shared of 31
      local list = kata.duplicates({ ID, (ID:gsub("mencatat", "melaporkan")) })
      assert.is_true(math.abs(list[2].similarity - 29 / 31) < 1e-12, list[2].similarity)
      list = kata.duplicates({ ID, (ID:gsub("hampir ", "")) })
      assert.is_true(math.abs(list[2].similarity - 29 / 30) < 1e-12, list[2].similarity)
    end)

    it("combine with the tail rule and with exact changes", function()
      local v = (ID:upper():gsub("MENCATAT", "MELAPORKAN")) .. "\nBaca juga: Fogging massal di 12 kecamatan"
      assert.same({ false, { 1, "near" } }, dups({ ID, v }))
      local w = (EN:gsub("six", "seven")) .. "\nRead more: Airline shares fall after groundings"
      assert.same({ false, { 1, "near" } }, dups({ EN, w }))
    end)

    it("are found in a text split into paragraphs", function()
      local s = table.concat({ ID, EN, (ID:gsub("412", "415")), (EN:gsub("six", "seven")) }, "\n\n")
      assert.same({ false, false, { 1, "near" }, { 2, "near" } }, dups(s))
    end)

    it("are not different paragraphs that share many words (both orders)", function()
      for lang, list in pairs(DIFFERENT) do
        for k, pair in ipairs(list) do
          local a, b = pair[1], pair[2]
          local what = lang .. " pair " .. k
          assert.same({ false, false }, dups({ a, b }), what)
          assert.same({ false, false }, dups({ b, a }), what)
          assert.same({ false, false }, dups(a .. "\n\n" .. b), what)
          assert.same({ false, false }, dups(b .. "\n\n" .. a), what)
          assert.same({ false, false }, dups({ a, b }, { measure = "containment" }), what)
          assert.same({ false, false }, dups({ b, a }, { measure = "containment" }), what)
          assert.same({ false, false }, dups({ a, b }, { shingle = 2 }), what)
          assert.same({ false, false }, dups({ a, b }, { threshold = 0.7 }), what)
        end
      end
    end)

    it("take the threshold as inclusive", function()
      -- 18 distinct words, 2 more in the second: Jaccard 18 / 20 = 0.9
      local a = "pemerintah kota menyiapkan tenda darurat dan dapur umum bagi warga yang rumahnya " ..
        "terendam banjir rob sejak rabu malam"
      local b = a .. " kata lurah"
      assert.equal(0.9, similarity(a, b, 1))
      local list = kata.duplicates({ a, b }, { threshold = 0.9 })
      assert.same({ dup_of = 1, similarity = 0.9, kind = "near" }, list[2])
      assert.same({ false, false }, dups({ a, b }, { threshold = 0.91 }))
      assert.same({ false, { 1, "near" } }, dups({ a, b }, { threshold = 0.5 }))
      assert.same({ false, { 1, "exact" } }, dups({ a, a }, { threshold = 1 }))
      assert.same({ false, false }, dups({ a, b }, { threshold = 1 }))
    end)

    it("report a similarity of 1 for the same words in another order (shingle 1)", function()
      local a = "Polisi menangkap pencuri sepeda motor di Pasar Kranggan pada Senin pagi"
      local b = "Pencuri sepeda motor menangkap polisi di Pasar Kranggan pada Senin pagi"
      local list = kata.duplicates({ a, b })
      assert.same({ dup_of = 1, similarity = 1, kind = "near" }, list[2])
      -- word pairs tell them apart
      assert.same({ false, false }, dups({ a, b }, { shingle = 2 }))
    end)

    it("never point at another duplicate", function()
      -- B is near A (18 of 22); C is near B (18 of 22) but not A (16 of 24)
      local a = "warga desa pesisir mengeluhkan harga ikan yang turun tajam sejak kapal besar dari " ..
        "luar daerah ikut melaut di perairan mereka"
      local b = a:gsub("mengeluhkan", "memprotes"):gsub("tajam", "drastis")
      local c = b:gsub("warga", "nelayan"):gsub("perairan", "wilayah")
      assert.equal(18 / 22, similarity(a, b, 1))
      assert.equal(18 / 22, similarity(b, c, 1))
      assert.equal(16 / 24, similarity(a, c, 1))
      assert.same({ false, { 1, "near" }, false }, dups({ a, b, c }))
      local out, removed = kata.dedupe(a .. "\n\n" .. b .. "\n\n" .. c)
      assert.equal(a .. "\n\n" .. c, out)
      assert.equal(1, removed)
    end)

    -- Regression (fixed in 1dc6d97): an exact copy of a near duplicate
    -- pointed at the near duplicate, not at the first occurrence:
    -- kata.duplicates({A, B, B}) with B one word off A gave
    -- { false, {dup_of = 1, kind = "near"}, {dup_of = 2, kind = "exact"} }.
    it("point an exact copy of a near duplicate at the first occurrence", function()
      local b = (ID:gsub("412", "415"))
      local list = kata.duplicates({ ID, b, b, EN, (b:upper()) })
      check_result(list, 5)
      assert.same({ false, { 1, "near" }, { 1, "near" }, false, { 1, "near" } }, dups({ ID, b, b, EN, (b:upper()) }))
      assert.equal(list[2].similarity, list[3].similarity)
    end)
  end)

  describe("teasers", function()
    local TEASER_EN = "Northwind Air grounded six of its regional jets on Friday after insp..."
    local TEASER_ID = "Dinas Kesehatan Kabupaten Sleman mencatat 412 kasus demam berdarah sejak awal…"

    it("point at the paragraph they open, later or earlier, with similarity 1", function()
      local list = kata.duplicates({ TEASER_EN, "Cuaca cerah.", EN })
      assert.same({ dup_of = 3, similarity = 1, kind = "teaser" }, list[1])
      assert.is_false(list[2])
      assert.is_false(list[3])
      assert.same({ false, { 1, "teaser" } }, dups({ ID, TEASER_ID }))
      assert.same({ { 2, "teaser" }, false }, dups({ TEASER_ID, ID }))
      assert.same({ { 2, "teaser" }, false, { 4, "teaser" }, false },
        dups(TEASER_EN .. "\n\n" .. EN .. "\n\n" .. TEASER_ID .. "\n\n" .. ID))
    end)

    it("end in three dots or U+2026, after a cut or a whole word", function()
      assert.same({ false, { 1, "teaser" } }, dups({ EN, "Northwind Air grounded six of its…" }))
      assert.same({ false, { 1, "teaser" } }, dups({ EN, "Northwind Air grounded six of its ..." }))
      assert.same({ false, { 1, "teaser" } }, dups({ EN, "Northwind Air grounded six of it..." }))
      assert.same({ false, { 1, "teaser" } }, dups({ EN, "NORTHWIND AIR GROUNDED SIX OF ITS..." }))
    end)

    it("need four words and the opening words of a longer paragraph", function()
      assert.same({ false, false }, dups({ EN, "Northwind Air grounded..." }))   -- three words
      assert.same({ false, { 1, "teaser" } }, dups({ EN, "Northwind Air grounded six..." }))
      assert.same({ false, false }, dups({ EN, "Northwind Air cancelled six of its..." }))
      assert.same({ false, false }, dups({ EN, "Air grounded six of its regional..." })) -- not the opening
      assert.same({ false, false }, dups({ EN, "Northwind Air grounded six of its regional jets" }))
      assert.same({ false }, dups({ "Northwind Air grounded six of its..." }))
      -- dots inside the paragraph do not make a teaser
      assert.same({ false, false }, dups({ EN, "Northwind Air grounded six... of its jets, for now." }))
    end)

    it("point at the first occurrence of a paragraph that is there twice", function()
      assert.same({ { 2, "teaser" }, false, { 2, "exact" } }, dups({ TEASER_ID, ID, ID }))
      assert.same({ false, { 1, "exact" }, { 1, "teaser" } }, dups({ ID, ID, TEASER_ID }))
      assert.same({ false, { 1, "near" }, { 1, "teaser" } }, dups({ ID, (ID:gsub("412", "415")), TEASER_ID }))
    end)

    it("are found with the exact method and any min_words too", function()
      assert.same({ { 2, "teaser" }, false }, dups({ TEASER_ID, ID }, { method = "exact" }))
      assert.same({ { 2, "teaser" }, false }, dups({ TEASER_ID, ID }, { min_words = 100 }))
    end)

    -- Regression (fixed in 1dc6d97): with two teasers of one paragraph,
    -- the shorter one could point at the longer teaser (whose words it
    -- also opens), which is itself a duplicate.
    it("point at the full paragraph when there are two teasers", function()
      local full = "Harga beras di pasar induk Cipinang naik lagi pada pekan ini, kata pedagang."
      local t1 = "Harga beras di pasar induk..."
      local t2 = "Harga beras di pasar induk Cipinang naik..."
      assert.same({ { 3, "teaser" }, { 3, "teaser" }, false }, dups({ t1, t2, full }))
      assert.same({ { 3, "teaser" }, { 3, "teaser" }, false }, dups({ t2, t1, full }))
      assert.same({ false, { 1, "teaser" }, { 1, "teaser" } }, dups({ full, t1, t2 }))
    end)

    -- BUG: a copy of a teaser is reported as an exact duplicate of the
    -- paragraph the teaser opens, so an "exact" duplicate can point at a
    -- later paragraph, and at one whose text it does not have (found by
    -- tests/fuzz/fuzz_dedup.c). Repro: kata.duplicates({T, "Cuaca cerah.", T, F})
    -- with T a teaser of F --> {{4, "teaser"}, false, {4, "exact"}, false}.
    it("report a copy of a teaser as a teaser", function()
      local full = "Harga beras di pasar induk Cipinang naik lagi pada pekan ini."
      local t = "Harga beras di pasar induk Cipinang naik..."
      local list = kata.duplicates({ t, "Cuaca cerah.", t, full })
      check_result(list, 4)
      assert.same({ { 4, "teaser" }, false, { 4, "teaser" }, false }, dups({ t, "Cuaca cerah.", t, full }))
      assert.same({ { 2, "teaser" }, false, { 2, "teaser" } }, dups({ t, full, t }))
      assert.same({ { 4, "teaser" }, false, { 4, "teaser" }, false },
        dups({ t, "Cuaca cerah.", t:upper(), full }, { method = "exact" }))
    end)

    -- Regression (fixed in 1dc6d97): a teaser whose full paragraph is also
    -- near it (the teaser holds most of its words) made a cycle: the full
    -- paragraph was a near duplicate of the teaser, and the teaser a teaser
    -- of the full paragraph.
    it("never make a teaser and its paragraph duplicates of each other", function()
      local full = "Dewan kota menyetujui rencana pembangunan instalasi desalinasi di pesisir utara pada Selasa."
      local teaser = "Dewan kota menyetujui rencana pembangunan instalasi desalinasi di pesisir utara pada..."
      local list = kata.duplicates({ teaser, full })
      check_result(list, 2)
      assert.same({ { 2, "teaser" }, false }, dups({ teaser, full }))
      local out, removed = kata.dedupe(teaser .. "\n\n" .. full)
      assert.equal(full, out)
      assert.equal(1, removed)
    end)
  end)

  describe("option measure = 'containment'", function()
    local LONG = "Pemerintah Kabupaten Sleman menetapkan status kejadian luar biasa demam berdarah " ..
      "setelah 412 kasus tercatat sejak Januari, dan Dinas Kesehatan akan melakukan pengasapan " ..
      "di 12 kecamatan mulai pekan depan."
    local SHORT = "Sleman menetapkan status kejadian luar biasa demam berdarah."

    it("finds a short paragraph contained in a longer one, in either order", function()
      assert.same({ false, false }, dups({ LONG, SHORT }))
      local list = kata.duplicates({ LONG, SHORT }, { measure = "containment" })
      assert.same({ dup_of = 1, similarity = 1, kind = "near" }, list[2])
      -- the measure is symmetric: a longer paragraph after the short one
      -- is reported as its duplicate
      list = kata.duplicates({ SHORT, LONG }, { measure = "containment" })
      assert.same({ dup_of = 1, similarity = 1, kind = "near" }, list[2])
      assert.same({ false, false }, dups({ SHORT, LONG }))
    end)

    it("gives |A n B| / min(|A|, |B|)", function()
      local a = "warga desa pesisir mengeluhkan harga ikan yang turun tajam sejak kapal besar datang"
      local b = "nelayan desa pesisir mengeluhkan harga ikan yang turun tajam sejak"
      -- b: 10 words, 9 of them in a (13 words)
      assert.equal(0.9, similarity(a, b, 1, true))
      local list = kata.duplicates({ a, b }, { measure = "containment" })
      assert.same({ dup_of = 1, similarity = 0.9, kind = "near" }, list[2])
      assert.same({ false, false }, dups({ a, b }, { measure = "containment", threshold = 0.95 }))
      assert.same({ false, false }, dups({ a, b }))
      assert.same({ false, { 1, "near" } }, dups({ a, b }, { measure = "jaccard", threshold = 0.6 }))
    end)
  end)

  describe("option method = 'exact'", function()
    it("skips the near search and keeps exact duplicates", function()
      local near = (ID:gsub("412", "415"))
      assert.same({ false, false, { 1, "exact" } }, dups({ ID, near, ID:upper() }, { method = "exact" }))
      assert.same({ false, { 1, "near" }, { 1, "exact" } }, dups({ ID, near, ID:upper() }, { method = "near" }))
      assert.same({ false, { 1, "near" }, { 1, "exact" } }, dups({ ID, near, ID:upper() }))
    end)
  end)

  describe("option min_words", function()
    it("leaves shorter paragraphs to the exact match only (default 5)", function()
      -- the same four words: similarity 1, but the first has only four
      local a = "Harga beras naik lagi"
      local b = "Harga beras naik, naik lagi"
      assert.same({ false, false }, dups({ a, b }))
      assert.same({ false, { 1, "near" } }, dups({ a, b }, { min_words = 4 }))
      assert.same({ false, { 1, "exact" } }, dups({ a, "HARGA  BERAS NAIK LAGI!" }))
      assert.same({ false, { 1, "exact" } }, dups({ "Ya", "ya." }, { min_words = 100 }))
    end)

    it("counts the words of both paragraphs", function()
      local a = "pemerintah kota menyiapkan tenda darurat dan dapur umum bagi warga"
      local b = "pemerintah kota menyiapkan tenda darurat dan dapur umum bagi para warga"
      -- 10 and 11 words, similarity 10 / 11
      assert.same({ false, { 1, "near" } }, dups({ a, b }))
      assert.same({ false, { 1, "near" } }, dups({ a, b }, { min_words = 10 }))
      assert.same({ false, false }, dups({ a, b }, { min_words = 11 }))
      assert.same({ false, false }, dups({ b, a }, { min_words = 11 }))
      assert.same({ false, { 1, "near" } }, dups({ a, b }, { min_words = 0 }))
    end)

    -- BUG (shows in the fuzz target, built with clang): paragraphs with
    -- fewer words than a shingle have no shingles at all, and when no
    -- paragraph has one, shingles_of() computes NULL + 0.
    it("works below the shingle size", function()
      assert.same({ false, false, false }, dups({ "satu dua", "tiga empat", "satu dua tiga" },
        { shingle = 5, min_words = 1 }))
      assert.same({ false, { 1, "exact" } }, dups({ "satu dua", "Satu dua" }, { shingle = 3, min_words = 0 }))
    end)
  end)

  describe("option shingle", function()
    it("compares word n-grams", function()
      local a = "pemerintah kota menyiapkan tenda darurat dan dapur umum bagi warga yang rumahnya " ..
        "terendam banjir rob sejak rabu malam lalu"
      local b = a:gsub("dapur umum", "dapur  umum"):gsub("rabu", "kamis")
      for k = 1, 5 do
        local list = kata.duplicates({ a, b }, { shingle = k, threshold = 0 })
        local want = similarity(a, (b:gsub("  ", " ")), k)
        if list[2] then
          assert.is_true(math.abs(list[2].similarity - want) < 1e-12, "shingle " .. k)
        end
      end
      -- one word changed costs more with longer shingles
      assert.same({ false, { 1, "near" } }, dups({ a, b }, { shingle = 1 }))
      assert.same({ false, false }, dups({ a, b }, { shingle = 3 }))
      assert.equal(14 / 20, similarity(a, (b:gsub("  ", " ")), 3))
    end)
  end)

  describe("option boilerplate", function()
    local A = "Harga cabai rawit turun.\nSumber: Warta Pesisir"
    local B = "Harga cabai rawit turun.\nSumber: Kabar Nusa"

    it("adds prefixes to the built-in list, case-insensitive", function()
      assert.same({ false, false }, dups({ A, B }))
      assert.same({ false, { 1, "exact" } }, dups({ A, B }, { boilerplate = { "Sumber:" } }))
      assert.same({ false, { 1, "exact" } }, dups({ A, B }, { boilerplate = { "SUMBER:" } }))
      assert.same({ false, { 1, "exact" } }, dups({ A, "Harga cabai rawit turun. SUMBER: Antara" },
        { boilerplate = { "sumber:" } }))
      -- the built-in prefixes still apply
      assert.same({ false, { 1, "exact" } },
        dups({ A, "Harga cabai rawit turun.\nBaca juga: Harga bawang naik" }, { boilerplate = { "Sumber:" } }))
      assert.same({ false, { 1, "exact" }, false }, dups({ A, B, "x" }, { boilerplate = { "Kredit foto", "Sumber" } }))
      assert.same({ false, false }, dups({ A, B }, { boilerplate = {} }))
    end)

    it("= false turns the built-in list off", function()
      local a = "Harga cabai rawit turun.\nBaca juga: Harga bawang naik"
      local b = "Harga cabai rawit turun.\nBaca juga: Stok beras aman"
      assert.same({ false, { 1, "exact" } }, dups({ a, b }))
      assert.same({ false, false }, dups({ a, b }, { boilerplate = false }))
      assert.same({ false, { 1, "exact" } }, dups({ a, a }, { boilerplate = false }))
    end)

    it("works for kata.dedupe too", function()
      local out, removed = kata.dedupe(A .. "\n\n" .. B .. "\n", { boilerplate = { "Sumber:" } })
      assert.equal(A .. "\n", out)
      assert.equal(1, removed)
    end)
  end)

  describe("results", function()
    it("are aligned with the paragraphs, or with the array", function()
      local s = "Satu.\n\nDua.\n\nSatu."
      assert.equal(#kata.paragraphs(s), #kata.duplicates(s))
      assert.same({ false, false, { dup_of = 1, similarity = 1, kind = "exact" } }, kata.duplicates(s))
      assert.same({ false, false, false, { 1, "exact" } }, dups({ "Satu.", "Dua.", "  ", "satu" }))
    end)

    -- BUG (shows under SAN=1 only): with no paragraph that normalises to
    -- anything, dedup.c's buffers stay NULL and kata_duplicates computes
    -- NULL + 0 and calls memcmp(NULL, NULL, 0), undefined behaviour that
    -- UBSan aborts on: kata.duplicates({"", ""}) in a sanitizer build
    -- (LD_PRELOAD the ASan and UBSan runtimes) stops at dedup.c's memcmp.
    -- tests/fuzz/fuzz_dedup.c finds the NULL + 0 in words_of(),
    -- shingles_of() and the hash of the normalised text at once.
    it("are empty for an empty text or array", function()
      assert.same({}, kata.duplicates(""))
      assert.same({}, kata.duplicates("\n\n  \n"))
      assert.same({}, kata.duplicates({}))
      assert.same({ false }, kata.duplicates({ "" }))
      assert.same({ false, { 1, "exact" } }, dups({ "", "" }))
    end)

    -- BUG (shows under SAN=1 only): the same NULL buffers as above.
    it("make paragraphs of punctuation only exact duplicates of each other", function()
      -- they normalise to nothing
      assert.same({ false, { 1, "exact" }, { 1, "exact" } }, dups({ "* * *", "---", "…" }))
      assert.same({ false, { 1, "exact" } }, dups({ "* * *", "***" }, { min_words = 0 }))
      assert.same({ false, { 1, "exact" } }, dups({ "***", "***" }, { min_words = 0, shingle = 2 }))
      assert.equal("Bab satu.\n\n* * *\n\nBab dua.\n\nBab tiga.\n",
        (kata.dedupe("Bab satu.\n\n* * *\n\nBab dua.\n\n---\n\nBab tiga.\n")))
    end)

    it("follow option by for a text", function()
      local s = "Harga naik\nHarga naik\n\nHarga turun"
      assert.same({ false, false }, dups(s))
      assert.same({ false, { 1, "exact" }, false }, dups(s, { by = "line" }))
      assert.same({ false, false }, dups(s, { by = "blank" }))
    end)

    it("never have a similarity under the threshold, which is the real one", function()
      -- 120 distinct paragraphs of lower-case words: 40 bases and edited
      -- copies of them, compared under every threshold, measure and
      -- shingle size; every reported similarity is recomputed here.
      local next_int = rng(20240611)
      local paras, seen = {}, {}
      local bases = {}
      for b = 1, 40 do
        local w = {}
        for i = 1, 10 + next_int(10) do w[i] = VOCAB[next_int(#VOCAB)] end
        bases[b] = w
      end
      local tries = 0
      while #paras < 120 and tries < 10000 do
        tries = tries + 1
        local w = {}
        for i, x in ipairs(bases[next_int(#bases)]) do w[i] = x end
        if #paras >= 40 then
          for _ = 1, next_int(4) do
            local op, at = next_int(3), next_int(#w)
            if op == 1 then w[at] = VOCAB[next_int(#VOCAB)]
            elseif op == 2 then table.insert(w, at, VOCAB[next_int(#VOCAB)])
            elseif #w > 6 then table.remove(w, at) end
          end
        end
        local p = table.concat(w, " ")
        if not seen[p] then
          seen[p] = true
          paras[#paras + 1] = p
        end
      end
      assert.equal(120, #paras)
      local found = 0
      for _, measure in ipairs({ "jaccard", "containment" }) do
        for k = 1, 3 do
          for _, t in ipairs({ 0.5, 0.7, 0.8, 0.9 }) do
            local list = kata.duplicates(paras, { threshold = t, shingle = k, measure = measure })
            check_result(list, #paras, t)
            for i, d in ipairs(list) do
              if d then
                assert.equal("near", d.kind) -- distinct lower-case texts: never exact
                local want = similarity(paras[i], paras[d.dup_of], k, measure == "containment")
                assert.is_true(math.abs(d.similarity - want) < 1e-12,
                  string.format("%s k=%d t=%.1f: %d~%d reported %.6f, real %.6f",
                    measure, k, t, i, d.dup_of, d.similarity, want))
                found = found + 1
              elseif t <= 0.9 then
                -- nearly identical to an earlier first occurrence: always found
                for j = 1, i - 1 do
                  if not list[j] then
                    local sim = similarity(paras[i], paras[j], k, measure == "containment")
                    assert.is_true(sim < 0.95,
                      string.format("%s k=%d: %d missed %d (%.3f)", measure, k, i, j, sim))
                  end
                end
              end
            end
          end
        end
      end
      assert.is_true(found > 100, "too few near duplicates to test: " .. found)
    end)
  end)

  describe("invalid UTF-8", function()
    it("is compared byte for byte and kept", function()
      local a = "Data pasien " .. X("FF FE") .. " bocor di forum daring"
      assert.same({ false, { 1, "exact" } }, dups({ a, a }))
      assert.same({ false, { 1, "exact" } }, dups({ a, a:upper() }))
      assert.same({ false, false }, dups({ "a" .. X("FF") .. "b", "a" .. X("FE") .. "b" }))
      assert.same({ false, false }, dups({ "a" .. X("FF") .. "b", "a b" }))
      local s = a .. "\n\n" .. X("C0 80") .. "\n\n" .. a .. "\n\n" .. X("C0 80") .. "\n\nakhir" .. X("E2 82")
      assert.same({ false, false, { 1, "exact" }, { 2, "exact" }, false }, dups(s))
      local out, removed = kata.dedupe(s)
      assert.equal(a .. "\n\n" .. X("C0 80") .. "\n\nakhir" .. X("E2 82"), out)
      assert.equal(2, removed)
    end)

    it("takes part in near duplicates", function()
      local bad = (ID:gsub("kasus", "kasus" .. X("FF"), 1))
      local list = kata.duplicates({ ID, bad })
      check_result(list, 2)
      assert.same({ false, { 1, "near" } }, dups({ ID, bad }))
    end)
  end)

  describe("sizes", function()
    it("handles a million one-word paragraphs quickly (exact only)", function()
      local words = {}
      for i = 1, 1000000 do words[i] = "kata" .. (i % 1000) end
      local t0 = os.clock()
      local list = kata.duplicates(words)
      local elapsed = os.clock() - t0
      assert.equal(1000000, #list)
      for i = 1, 1000 do assert.is_false(list[i]) end
      for i = 1001, 1000000, 997 do
        local d = list[i]
        assert.equal(i - 1000 * math.floor((i - 1) / 1000), d.dup_of)
        assert.equal("exact", d.kind)
      end
      local n = 0
      for i = 1, 1000000 do if list[i] then n = n + 1 end end
      assert.equal(999000, n)
      assert.is_true(elapsed < 3, string.format("took %.2f s", elapsed))
    end)

    it("handles a 5 MB paragraph quickly", function()
      local unit = "pedagang beras di pasar induk mengeluhkan harga gabah yang terus naik sejak panen "
      local big = unit:rep(math.ceil(5 * 1024 * 1024 / #unit))
      local t0 = os.clock()
      assert.same({ false }, kata.duplicates(big))
      assert.same({ false, { 1, "exact" } }, dups(big .. "\n\n" .. big:upper()))
      local cut = big:find(" ", 2500000, true)
      local edited = big:sub(1, cut) .. "cabai " .. big:sub(cut + 1)
      local list = kata.duplicates({ big, edited })
      assert.equal("near", list[2].kind)
      assert.equal(13 / 14, list[2].similarity)
      local out, removed = kata.dedupe(big .. "\n\n" .. big)
      -- the last paragraph goes with the separator before it; the space
      -- after it stays
      assert.is_true(out == big, "dedupe did not give back the paragraph")
      assert.equal(1, removed)
      local elapsed = os.clock() - t0
      assert.is_true(elapsed < 5, string.format("took %.2f s", elapsed))
    end)

    -- Regression (fixed in 1dc6d97): time was quadratic in the number of
    -- paragraphs that look alike without being duplicates (a list of exam
    -- results): their LSH band keys are equal, and every equal key sat in
    -- one probe run of the index, walked in full for each new paragraph.
    -- 12,000 such lines took 4 s, 20,000 11 s.
    it("handles 12,000 lines that look alike quickly", function()
      local first = { "Siti", "Budi", "Agus", "Dewi", "Rina", "Joko", "Wahyu", "Putri", "Andi", "Nur",
        "Rudi", "Sri", "Yusuf", "Lestari", "Eko", "Fitri", "Hendra", "Indah", "Bayu", "Ayu", "Dimas",
        "Galih", "Intan", "Kartika", "Laras", "Maya", "Nanda", "Oki", "Prasetyo", "Rizki", "Sekar",
        "Teguh", "Umi", "Vina", "Wulan", "Yoga", "Zahra" }
      local last = { "Rahmawati", "Santoso", "Wibowo", "Saputra", "Hidayat", "Kurniawan", "Purnama",
        "Setiawan", "Handayani", "Nugroho", "Pratama", "Wulandari", "Susanto", "Siregar", "Nasution",
        "Simanjuntak", "Harahap", "Tanjung", "Lubis", "Gunawan", "Firmansyah", "Ramadhan", "Maharani",
        "Anggraini", "Permana", "Sitompul", "Hutapea", "Manurung", "Situmorang", "Daulay", "Rangkuti" }
      local list = {}
      for i = 1, 12000 do
        list[i] = string.format("Peserta nomor %d atas nama %s %s dari SMA Negeri %d dinyatakan lulus.",
          2401000 + i, first[i % 37 + 1], last[(i * 7) % 31 + 1], i % 97 + 1)
      end
      local t0 = os.clock()
      local result = kata.duplicates(list)
      local elapsed = os.clock() - t0
      check_result(result, 12000)
      assert.is_true(elapsed < 1, string.format("took %.2f s", elapsed))
    end)

    -- Regression (fixed in 1dc6d97): the same for the teaser index, which
    -- every paragraph of four words or more enters under the hash of its
    -- first two words, even with method = "exact": 60,000 short lines that
    -- start alike took 3 s, 100,000 8 s.
    it("handles 60,000 short lines that start alike quickly", function()
      local list = {}
      for i = 1, 60000 do list[i] = "Peserta nomor " .. (2400000 + i) .. " lulus" end
      local t0 = os.clock()
      local result = kata.duplicates(list, { method = "exact" })
      local elapsed = os.clock() - t0
      assert.equal(60000, #result)
      assert.is_false(result[60000])
      assert.is_true(elapsed < 1, string.format("took %.2f s", elapsed))
    end)
  end)

  describe("errors", function()
    it("reject a text that is neither a string nor an array", function()
      assert.equal("bad argument #1 to 'duplicates' (string expected, got nil)", dup_err(nil))
      assert.equal("bad argument #1 to 'duplicates' (string expected, got boolean)", dup_err(true))
      assert.equal("bad argument #1 to 'duplicates' (string expected, got no value)",
        err_of(function() local r = kata.duplicates() return r end))
    end)

    it("reject an array entry that is not a string", function()
      assert.equal("bad argument #1 to 'duplicates' (paragraph 3 is a number, not a string)",
        dup_err({ "a", "b", 42 }))
      assert.equal("bad argument #1 to 'duplicates' (paragraph 1 is a table, not a string)",
        dup_err({ {} }))
      assert.equal("bad argument #1 to 'duplicates' (paragraph 2 is a boolean, not a string)",
        dup_err({ "a", false }))
    end)

    it("reject options that are not a table, and unknown options", function()
      assert.equal("bad argument #2 to 'duplicates' (table expected, got number)", dup_err("x", 0.8))
      assert.equal("bad argument #2 to 'duplicates' (table expected, got string)", dup_err({ "x" }, "exact"))
      assert.equal("bad argument #2 to 'duplicates' (unknown option 'treshold')", dup_err("x", { treshold = 0.8 }))
      assert.equal("bad argument #2 to 'duplicates' (unknown option 'fold')", dup_err("x", { fold = true }))
    end)

    it("reject a bad threshold", function()
      for _, v in ipairs({ -0.1, 1.01, 2, "high", true, {} }) do
        assert.equal("bad argument #2 to 'duplicates' (option 'threshold' must be a number from 0 to 1)",
          dup_err("x", { threshold = v }))
      end
      assert.equal("bad argument #2 to 'duplicates' (option 'threshold' must be a number from 0 to 1)",
        dup_err("x", { threshold = 0 / 0 }))
      assert.equal("bad argument #2 to 'duplicates' (option 'threshold' must be a number from 0 to 1)",
        dup_err({ "x" }, { threshold = 1.5 }))
    end)

    it("reject a bad method, measure or by", function()
      for _, v in ipairs({ "fuzzy", "EXACT", 1, true }) do
        assert.equal("bad argument #2 to 'duplicates' (option 'method' must be 'near' or 'exact')",
          dup_err("x", { method = v }))
        assert.equal("bad argument #2 to 'duplicates' (option 'measure' must be 'jaccard' or 'containment')",
          dup_err("x", { measure = v }))
        assert.equal("bad argument #2 to 'duplicates' (option 'by' must be 'auto', 'blank' or 'line')",
          dup_err("x", { by = v }))
      end
    end)

    -- Regression (fixed in 1dc6d97): with an array, option by was never
    -- read, so a bad value passed.
    it("reject a bad by with an array too", function()
      assert.equal("bad argument #2 to 'duplicates' (option 'by' must be 'auto', 'blank' or 'line')",
        dup_err({ "a" }, { by = "wrap" }))
    end)

    it("reject a bad shingle or min_words", function()
      for _, v in ipairs({ 0, 6, 2.5, -1 }) do
        assert.equal("bad argument #2 to 'duplicates' (option 'shingle' must be an integer from 1 to 5)",
          dup_err("x", { shingle = v }))
      end
      assert.equal("bad argument #2 to 'duplicates' (option 'shingle' must be a number, got table)",
        dup_err("x", { shingle = {} }))
      assert.equal("bad argument #2 to 'duplicates' (option 'min_words' must be an integer from 0 to 1073741824)",
        dup_err("x", { min_words = -1 }))
      assert.equal("bad argument #2 to 'duplicates' (option 'min_words' must be an integer from 0 to 1073741824)",
        dup_err("x", { min_words = 2.5 }))
      assert.equal("bad argument #2 to 'duplicates' (option 'min_words' must be a number, got boolean)",
        dup_err("x", { min_words = true }))
    end)

    -- Each prefix is compared at every line and sentence start: issue 13
    -- bounds their number and length so the work follows the text.
    it("reject more than 64 boilerplate prefixes or one over 64 bytes", function()
      local many = {}
      for i = 1, 64 do many[i] = "sumber " .. i end
      assert.same({ false, false }, kata.duplicates({ "Satu dua.", "Tiga." }, { boilerplate = many }))
      many[65] = "lagi"
      local msg = "bad argument #2 to 'duplicates' (option 'boilerplate' takes at most 64 prefixes of at most 64 bytes)"
      assert.equal(msg, dup_err("x", { boilerplate = many }))
      assert.same({ false, false }, kata.duplicates({ "Satu dua.", "Tiga." }, { boilerplate = { ("x"):rep(64) } }))
      assert.equal(msg, dup_err("x", { boilerplate = { "ok", ("x"):rep(65) } }))
      assert.equal("bad argument #1 to 'index' (option 'boilerplate' takes at most 64 prefixes of at most 64 bytes)",
        err_of(function() local r = kata.index({ boilerplate = many }) return r end))
    end)

    -- Regression (issue 13): a prefix after an ellipsis is a tail only when
    -- no sentence follows it, and that was looked for from each such prefix
    -- to the end of the paragraph: quadratic in "x… Baca juga " repeated.
    -- The answer is the same; tests/complexity measures the work.
    it("set a tail aside after an ellipsis only when no sentence follows", function()
      local head = "Harga cabai rawit naik lagi di pasar induk pagi ini"
      local tail = "\226\128\166 Baca juga harga bawang"
      assert.same({ false, { 1, "exact" } }, dups({ head .. ".", head .. tail }))
      assert.same({ false, false }, dups({ head .. ".", head .. tail .. ". Pedagang mengeluh" }))
      local s = ("x\226\128\166 Baca juga "):rep(50)
      assert.same({ false, false }, dups({ "x", s .. "akhir. Selesai" }, { method = "exact" }))
    end)

    it("reject a bad boilerplate", function()
      for _, v in ipairs({ true, "Sumber:", 1 }) do
        assert.equal("bad argument #2 to 'duplicates' (option 'boilerplate' must be an array of strings or false)",
          dup_err("x", { boilerplate = v }))
      end
      local msg = dup_err("x", { boilerplate = { "" } })
      local prefix = "bad argument #2 to 'duplicates' (option 'boilerplate'"
      assert.equal(prefix, msg:sub(1, #prefix))
    end)

    -- Regression (fixed in 1dc6d97): an array with an entry that is not a
    -- string raised "option 'boilerplate' must hold non-empty strings", not
    -- the documented message.
    it("reject a boilerplate array with an entry that is not a string", function()
      assert.equal("bad argument #2 to 'duplicates' (option 'boilerplate' must be an array of strings or false)",
        dup_err("x", { boilerplate = { "Sumber:", 42 } }))
    end)

    -- Regression: a prefix starting with a NUL byte was taken as the empty
    -- prefix (its C string), which the core then read past.
    it("reject a boilerplate prefix that starts with a NUL byte", function()
      assert.equal("bad argument #2 to 'duplicates' (option 'boilerplate' must be an array of strings or false)",
        dup_err("x", { boilerplate = { string.char(0) .. "Sumber:" } }))
    end)
  end)

  describe("option spans", function()
    local s = "  Satu.\r\n\r\nDua.\r\n\r\nsatu\r\n\r\nTiga.\r\n\r\nDUA"

    it("gives a repeat its start and stop, as kata.paragraphs does", function()
      local d = kata.duplicates(s, { spans = true })
      local p = kata.paragraphs(s)
      assert.equal(5, #d)
      assert.is_false(d[1])
      assert.same({ dup_of = 1, similarity = 1, kind = "exact", start = 20, stop = 23 }, d[3])
      assert.same({ dup_of = 2, similarity = 1, kind = "exact", start = 37, stop = 39 }, d[5])
      for i = 3, 5, 2 do
        assert.equal(p[i].start, d[i].start)
        assert.equal(p[i].stop, d[i].stop)
        assert.equal(p[i].text, s:sub(d[i].start, d[i].stop))
      end
    end)

    it("adds nothing without it, or to an array's answer", function()
      assert.same({ dup_of = 1, similarity = 1, kind = "exact" }, kata.duplicates(s)[3])
      assert.same({ dup_of = 1, similarity = 1, kind = "exact" },
        kata.duplicates(s, { spans = false })[3])
      assert.same({ false, { dup_of = 1, similarity = 1, kind = "exact" } },
        kata.duplicates({ "Satu.", "satu" }, { spans = true }))
    end)

    it("must be a boolean", function()
      assert.equal("bad argument #2 to 'duplicates' (option 'spans' must be a boolean, got string)",
        dup_err(s, { spans = "yes" }))
      assert.equal("bad argument #2 to 'dedupe' (unknown option 'spans')",
        dedupe_err(s, { spans = true }))
    end)
  end)
end)

describe("kata.dedupe", function()
  it("removes each duplicate with the separator after it", function()
    local out, removed = kata.dedupe("Satu.\n\nDua.\n\nSatu.\n\nTiga.\n")
    assert.equal("Satu.\n\nDua.\n\nTiga.\n", out)
    assert.equal(1, removed)
    out, removed = kata.dedupe("Satu.\n\nSatu.\n\nSatu.\n\nDua.")
    assert.equal("Satu.\n\nDua.", out)
    assert.equal(2, removed)
  end)

  it("removes the last paragraph with the separator before it", function()
    local out, removed = kata.dedupe("Satu.\n\nDua.\n\nSatu.\n")
    assert.equal("Satu.\n\nDua.\n", out)
    assert.equal(1, removed)
    out = kata.dedupe("Satu.\r\n\r\nSatu.")
    assert.equal("Satu.", out)
  end)

  -- Regression (fixed in 1dc6d97): when the text ended with two or more
  -- duplicates in a row, the separator before the run was left behind:
  -- kata.dedupe("A\n\nB\n\nA\n\nB\n") gave "A\n\nB\n\n\n".
  it("leaves no separator behind when the text ends with duplicates", function()
    local s = "Satu.\n\nDua.\n\nSatu.\n\nDua.\n"
    assert.equal("Satu.\n\nDua.\n", (kata.dedupe(s)))
    assert.equal(remove_by_hand(s, { [3] = true, [4] = true }), (kata.dedupe(s)))
    assert.equal("Satu.\n", (kata.dedupe("Satu.\nSatu.\nSatu.\n")))
    assert.equal("  Satu. \r\n", (kata.dedupe("  Satu.\r\n\r\nsatu\r\n\r\nSATU! \r\n")))
  end)

  it("keeps every other byte: indentation, CRLF, trailing space", function()
    local s = "  Satu.  \r\n\r\n\tDua.\r\n \r\n  Satu.  \r\n\r\n  Tiga.  \r\n"
    local out, removed = kata.dedupe(s)
    assert.equal("  Satu.  \r\n\r\n\tDua.\r\n \r\n  Tiga.  \r\n", out)
    assert.equal(1, removed)
    assert.equal(remove_by_hand(s, { [3] = true }), out)
  end)

  it("keeps first occurrences byte for byte, and removes what duplicates reports", function()
    local s = table.concat({
      ID, EN, ID_QUOTE, (ID:gsub("412", "415")), ID_QUOTE:upper(), EN_QUOTE,
      "Northwind Air grounded six of its…", EN .. "\nRead more: Airline shares fall",
      "Sumber: Warta Pesisir, Coastline Wire",
    }, "\n\n") .. "\n"
    local list = kata.duplicates(s)
    check_result(list, 9)
    local drop, n = {}, 0
    for i, d in ipairs(list) do
      if d then
        drop[i] = true
        n = n + 1
      end
    end
    assert.same({ [4] = true, [5] = true, [7] = true, [8] = true }, drop)
    local out, removed = kata.dedupe(s)
    assert.equal(n, removed)
    assert.equal(remove_by_hand(s, drop), out)
    assert.equal(table.concat({ ID, EN, ID_QUOTE, EN_QUOTE, "Sumber: Warta Pesisir, Coastline Wire" },
      "\n\n") .. "\n", out)
  end)

  it("returns the text unchanged when there is nothing to remove", function()
    for _, s in ipairs({ "", "\n\n", "Satu.", "Satu.\n\nDua.\n", fixture("id-dbd-sleman.txt"):sub(1, 0) }) do
      local out, removed = kata.dedupe(s)
      assert.equal(s, out)
      assert.equal(0, removed)
    end
  end)

  it("takes the options of duplicates", function()
    local s = "Harga naik\nHarga naik\n\nHarga turun"
    assert.equal(s, (kata.dedupe(s)))
    assert.equal("Harga naik\nHarga turun", (kata.dedupe(s, { by = "line" })))
    local near = ID .. "\n\n" .. (ID:gsub("412", "415"))
    assert.equal(ID, (kata.dedupe(near)))
    assert.equal(near, (kata.dedupe(near, { method = "exact" })))
    assert.equal(near, (kata.dedupe(near, { threshold = 0.99 })))
    assert.equal(ID, (kata.dedupe(near, { threshold = 0.9, shingle = 1, measure = "containment", min_words = 3 })))
  end)

  it("returns two values", function()
    local function count(...) return select("#", ...) end
    assert.equal(2, count(kata.dedupe("a\n\na")))
    assert.equal(2, count(kata.dedupe("")))
  end)

  it("raises on bad arguments with the messages of duplicates", function()
    assert.equal("bad argument #1 to 'dedupe' (string expected, got table)", dedupe_err({ "a", "a" }))
    assert.equal("bad argument #1 to 'dedupe' (string expected, got nil)", dedupe_err(nil))
    assert.equal("bad argument #2 to 'dedupe' (table expected, got string)", dedupe_err("x", "exact"))
    assert.equal("bad argument #2 to 'dedupe' (unknown option 'n')", dedupe_err("x", { n = 1 }))
    assert.equal("bad argument #2 to 'dedupe' (option 'threshold' must be a number from 0 to 1)",
      dedupe_err("x", { threshold = 2 }))
    assert.equal("bad argument #2 to 'dedupe' (option 'method' must be 'near' or 'exact')",
      dedupe_err("x", { method = "fuzzy" }))
    assert.equal("bad argument #2 to 'dedupe' (option 'measure' must be 'jaccard' or 'containment')",
      dedupe_err("x", { measure = "cosine" }))
    assert.equal("bad argument #2 to 'dedupe' (option 'by' must be 'auto', 'blank' or 'line')",
      dedupe_err("x", { by = "wrap" }))
    assert.equal("bad argument #2 to 'dedupe' (option 'shingle' must be an integer from 1 to 5)",
      dedupe_err("x", { shingle = 9 }))
    assert.equal("bad argument #2 to 'dedupe' (option 'boilerplate' must be an array of strings or false)",
      dedupe_err("x", { boilerplate = true }))
  end)

  describe("option duplicates", function()
    local s = "  Satu.\r\n\r\nDua.\r\n\r\nsatu\r\n\r\nTiga.\r\n\r\nDUA"

    it("also gives kata.duplicates' array with spans, found once", function()
      local out, removed, d = kata.dedupe(s, { duplicates = true })
      assert.equal("  Satu.\r\n\r\nDua.\r\n\r\nTiga.", out)
      assert.equal(2, removed)
      assert.same(kata.duplicates(s, { spans = true }), d)
      out, removed, d = kata.dedupe(s, { duplicates = true, method = "exact", by = "line" })
      assert.equal(select(1, kata.dedupe(s, { method = "exact", by = "line" })), out)
      assert.equal(2, removed)
      assert.same(kata.duplicates(s, { spans = true, method = "exact", by = "line" }), d)
      out, removed, d = kata.dedupe("", { duplicates = true })
      assert.equal("", out)
      assert.equal(0, removed)
      assert.same({}, d)
    end)

    it("gives two values without it", function()
      assert.equal(2, select("#", kata.dedupe(s)))
      assert.equal(2, select("#", kata.dedupe(s, { duplicates = false })))
    end)

    it("must be a boolean", function()
      assert.equal("bad argument #2 to 'dedupe' (option 'duplicates' must be a boolean, got number)",
        dedupe_err(s, { duplicates = 1 }))
      assert.equal("bad argument #2 to 'duplicates' (unknown option 'duplicates')",
        dup_err(s, { duplicates = true }))
    end)
  end)
end)
