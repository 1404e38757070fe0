-- 09: kata.paragraphs: offsets, the three rules (auto, blank, line), line
-- ends, hard-wrapped lines and the limits of joining them, the shared news
-- sample, invalid UTF-8, hostile sizes, errors.
-- Lua 5.1 compatible; invisible characters and bad bytes are written with
-- X("hex bytes") (Lua 5.1 has no \xNN escapes), visible ones as UTF-8.

local kata = require("kata")
local helpers = require("spec_helpers")
local X, err_of, fixture = helpers.X, helpers.err_of, helpers.fixture
local TESTS, read_file = helpers.TESTS, helpers.read_file

-- The team's shared sample (a wire story a scraper saved with its body
-- twice), kept outside the repository: ../shared/samples from the root, or
-- the directory in KATA_SAMPLES.
local SAMPLE_NAME = "news-id-duplicated.txt"
local function sample()
  local dir = os.getenv("KATA_SAMPLES") or (TESTS .. "/../../shared/samples")
  return read_file(dir .. "/" .. SAMPLE_NAME)
end

-- Code points of a string (each invalid byte counts as one).
local function cp_len(s)
  local n = 0
  for _ in s:gmatch("[^\128-\191]") do n = n + 1 end
  return n
end

-- { text, ... } of the paragraphs of s.
local function texts(s, opts)
  local out = {}
  for i, p in ipairs(kata.paragraphs(s, opts)) do out[i] = p.text end
  return out
end

-- { {start, stop}, ... } of the paragraphs of s.
local function spans(s, opts)
  local out = {}
  for i, p in ipairs(kata.paragraphs(s, opts)) do out[i] = { p.start, p.stop } end
  return out
end

-- The lines joined by LF.
local function lines(...)
  return table.concat({ ... }, "\n")
end

local WHITE = "^[ \t\r\n\v\f]"
local WHITE_END = "[ \t\r\n\v\f]$"

-- Checks the contract of every paragraph list: s:sub(start, stop) == text,
-- no white space at either end, in order, not overlapping, not empty.
local function check_contract(s, list)
  local prev = 0
  for i, p in ipairs(list) do
    assert.equal("string", type(p.text))
    assert.equal(s:sub(p.start, p.stop), p.text, "paragraph " .. i)
    assert.is_true(p.start > prev and p.start <= p.stop, "paragraph " .. i .. " out of order")
    assert.is_nil(p.text:find(WHITE), "paragraph " .. i .. " starts with white space")
    assert.is_nil(p.text:find(WHITE_END), "paragraph " .. i .. " ends with white space")
    prev = p.stop
  end
end

describe("kata.paragraphs", function()
  describe("results", function()
    it("are tables with text, start and stop, 1-based and inclusive", function()
      local s = "  Satu.\n\n Dua. \n"
      assert.same({
        { text = "Satu.", start = 3, stop = 7 },
        { text = "Dua.", start = 11, stop = 14 },
      }, kata.paragraphs(s))
      for _, p in ipairs(kata.paragraphs(s)) do
        assert.equal(p.text, s:sub(p.start, p.stop))
        assert.equal(math.floor(p.start), p.start)
      end
    end)

    it("count bytes, not characters", function()
      local s = "Rapat “darurat” digelar.\n\nWarga menolak relokasi — lagi."
      assert.same({ { 1, 28 }, { 31, #s } }, spans(s))
      assert.same({ "Rapat “darurat” digelar.", "Warga menolak relokasi — lagi." }, texts(s))
    end)

    it("are empty for the empty string and for text of only white space", function()
      for _, by in ipairs({ "auto", "blank", "line" }) do
        local o = { by = by }
        assert.same({}, kata.paragraphs("", o))
        assert.same({}, kata.paragraphs("\n", o))
        assert.same({}, kata.paragraphs("\n\n \n\t\n", o))
        assert.same({}, kata.paragraphs("   \t  ", o))
        assert.same({}, kata.paragraphs("\r\n\r\n\r\n", o))
        assert.same({}, kata.paragraphs(X("C2 A0 0A E3 80 80 0A E2 80 A8 C2 85"), o))
      end
      assert.same({}, kata.paragraphs(""))
    end)

    it("give a one-line text as one paragraph in every rule", function()
      for _, by in ipairs({ "auto", "blank", "line" }) do
        assert.same({ { text = "x", start = 1, stop = 1 } }, kata.paragraphs("x", { by = by }))
        assert.same({ { text = "Harga naik.", start = 3, stop = 13 } },
          kata.paragraphs("\t Harga naik. \n", { by = by }))
      end
    end)

    it("keep the contract on every fixture and the sample, in every rule", function()
      local all = {
        fixture("dup-id-dermaga.txt"), fixture("dup-en-desal.txt"),
        fixture("id-dbd-sleman.txt"), fixture("en-airline-grounding.txt"),
      }
      all[#all + 1] = sample()
      for _, s in ipairs(all) do
        for _, by in ipairs({ "auto", "blank", "line" }) do
          local list = kata.paragraphs(s, { by = by })
          assert.is_true(#list > 0)
          check_contract(s, list)
        end
      end
    end)
  end)

  describe('by = "blank"', function()
    it("ends paragraphs at blank lines and keeps the lines between together", function()
      local s = "Judul\nSubjudul singkat\n\nIsi berita baris satu.\nBaris dua.\n"
      assert.same({
        { text = "Judul\nSubjudul singkat", start = 1, stop = 22 },
        { text = "Isi berita baris satu.\nBaris dua.", start = 25, stop = 57 },
      }, kata.paragraphs(s, { by = "blank" }))
    end)

    it("takes a line of spaces and tabs as blank", function()
      local s = "Pertama.\n \t  \nKedua.\n\t\nKetiga."
      assert.same({ { 1, 8 }, { 15, 20 }, { 24, 30 } }, spans(s, { by = "blank" }))
      assert.same({ "Pertama.", "Kedua.", "Ketiga." }, texts(s, { by = "blank" }))
    end)

    it("takes a line of other White_Space (no-break, ideographic space) as blank", function()
      local s = "Pertama.\n" .. X("C2 A0") .. "\nKedua.\n" .. X("E3 80 80 20") .. "\nKetiga."
      assert.same({ "Pertama.", "Kedua.", "Ketiga." }, texts(s, { by = "blank" }))
    end)

    it("counts a run of blank lines as one separator", function()
      local s = "Pertama.\n\n\n \n\t\n\nKedua."
      assert.same({ { 1, 8 }, { 17, 22 } }, spans(s, { by = "blank" }))
    end)

    it("trims the white space around a paragraph, not inside it", function()
      local s = "\n\n   Satu\n   dua  \n\n"
      assert.same({ { text = "Satu\n   dua", start = 6, stop = 16 } }, kata.paragraphs(s, { by = "blank" }))
    end)

    it("gives a text without blank lines as one paragraph", function()
      local s = "Baris satu.\nBaris dua.\nBaris tiga."
      assert.same({ { text = s, start = 1, stop = #s } }, kata.paragraphs(s, { by = "blank" }))
    end)
  end)

  describe('by = "line"', function()
    it("makes every non-blank line a paragraph", function()
      local s = "Judul\n  Baris dua  \n\n\tBaris tiga\n"
      assert.same({
        { text = "Judul", start = 1, stop = 5 },
        { text = "Baris dua", start = 9, stop = 17 },
        { text = "Baris tiga", start = 23, stop = 32 },
      }, kata.paragraphs(s, { by = "line" }))
    end)

    it("never joins hard-wrapped lines", function()
      local s = lines(
        "Warga Kelurahan Tambak Lorok, Semarang, kembali harus mengungsi",
        "ke balai kelurahan pada Rabu malam setelah air laut pasang")
      assert.same({
        "Warga Kelurahan Tambak Lorok, Semarang, kembali harus mengungsi",
        "ke balai kelurahan pada Rabu malam setelah air laut pasang",
      }, texts(s, { by = "line" }))
    end)
  end)

  describe("line ends", function()
    -- head, blank line, two lines, blank line, tail: the same paragraphs
    -- with every kind of line end.
    local ENDS = {
      { "LF", "\n" }, { "CRLF", "\r\n" }, { "CR", "\r" },
      { "NEL", X("C2 85") }, { "LS", X("E2 80 A8") }, { "PS", X("E2 80 A9") },
    }
    for _, e in ipairs(ENDS) do
      local name, E = e[1], e[2]
      it("work with " .. name, function()
        local s = "Judul" .. E .. E .. "Baris satu" .. E .. "baris dua" .. E .. E .. "Penutup" .. E
        local n = #E
        local a2 = 5 + 2 * n + 1
        local b2 = a2 + #("Baris satu") + n + #("baris dua") - 1
        local a3 = b2 + 2 * n + 1
        local expect = {
          { text = "Judul", start = 1, stop = 5 },
          { text = "Baris satu" .. E .. "baris dua", start = a2, stop = b2 },
          { text = "Penutup", start = a3, stop = a3 + 6 },
        }
        assert.same(expect, kata.paragraphs(s))
        assert.same(expect, kata.paragraphs(s, { by = "blank" }))
        assert.same({ "Judul", "Baris satu", "baris dua", "Penutup" }, texts(s, { by = "line" }))
      end)
    end

    it("work mixed in one text", function()
      local s = "A\r\nB\rC\nD" .. X("C2 85") .. "E" .. X("E2 80 A8") .. "F" .. X("E2 80 A9") .. "G"
      assert.same({ "A", "B", "C", "D", "E", "F", "G" }, texts(s, { by = "line" }))
      assert.same({ { 1, 1 }, { 4, 4 }, { 6, 6 }, { 8, 8 }, { 11, 11 }, { 15, 15 }, { 19, 19 } },
        spans(s, { by = "line" }))
      -- CRLF followed by LF is a blank line
      assert.same({ "A", "B" }, texts("A\r\n\nB", { by = "blank" }))
    end)

    it("are not a lone NEL byte, a no-break space or a tab", function()
      local s = "satu" .. X("85") .. "dua" .. X("C2 A0") .. "tiga\tempat"
      assert.same({ s }, texts(s, { by = "line" }))
      assert.same({ s }, texts(s))
    end)
  end)

  describe('by = "auto" (the default)', function()
    it("is the default rule", function()
      local s = "Judul\nIsi\n\nPenutup"
      assert.same(kata.paragraphs(s, { by = "auto" }), kata.paragraphs(s))
      assert.same(kata.paragraphs(s), kata.paragraphs(s, {}))
    end)

    it("uses blank lines when the text has one", function()
      local s = "Judul singkat\nSubjudul\n\nIsi berita."
      assert.same({ "Judul singkat\nSubjudul", "Isi berita." }, texts(s))
      -- a blank line of spaces and tabs counts
      assert.same({ "Judul\nSub", "Isi." }, texts("Judul\nSub\n \t \nIsi."))
    end)

    it("makes each line a paragraph when the text has no blank line", function()
      local s = "Judul singkat\nSubjudul\nIsi berita."
      assert.same({ "Judul singkat", "Subjudul", "Isi berita." }, texts(s))
    end)

    -- Regression (fixed in 13aea8d): a blank line before the first
    -- non-blank line, or two or more after the last, switched the whole
    -- text to the blank-line rule: kata.paragraphs("\n\nJudul\nIsi") gave
    -- one paragraph "Judul\nIsi", and so did "Judul\nIsi\n\n\n".
    it("counts only blank lines between non-blank lines", function()
      assert.same({ "Judul", "Isi" }, texts("Judul\nIsi\n\n"))
      assert.same({ "Judul", "Isi" }, texts("\n\nJudul\nIsi"))
      assert.same({ "Judul", "Isi" }, texts("\n \n\t\nJudul\nIsi\n"))
      assert.same({ "Judul", "Isi" }, texts("Judul\nIsi\n\n\n"))
      assert.same({ "Judul", "Isi" }, texts("Judul\r\nIsi\r\n\r\n\r\n"))
    end)
  end)

  describe("hard-wrapped lines (auto, no blank line)", function()
    local LEAD = {
      "Warga Kelurahan Tambak Lorok, Semarang, kembali harus mengungsi",
      "ke balai kelurahan pada Rabu malam setelah air laut pasang",
      "menggenangi permukiman setinggi lutut orang dewasa, sementara",
      "pompa air milik pemerintah kota belum bisa dioperasikan.",
    }

    it("are joined into one paragraph, short headings and lines stay alone", function()
      local s = lines("Banjir rob di Semarang", LEAD[1], LEAD[2], LEAD[3], LEAD[4],
        "Kerugian belum dihitung",
        "Hujan turun sejak sore dan tanggul darurat di sisi utara",
        "jebol sepanjang 15 meter, kata Lurah Tambak Lorok, Sutrisno.")
      assert.equal(22, cp_len("Banjir rob di Semarang")) -- under 30: a heading
      local lead = table.concat(LEAD, "\n")
      local list = kata.paragraphs(s)
      assert.same({
        "Banjir rob di Semarang", lead, "Kerugian belum dihitung",
        "Hujan turun sejak sore dan tanggul darurat di sisi utara\n" ..
          "jebol sepanjang 15 meter, kata Lurah Tambak Lorok, Sutrisno.",
      }, texts(s))
      assert.same({ 24, 23 + #lead }, { list[2].start, list[2].stop })
      check_contract(s, list)
    end)

    it("are joined across CRLF line ends too, which stay in the text", function()
      local s = table.concat(LEAD, "\r\n") .. "\r\n"
      assert.same({ { text = table.concat(LEAD, "\r\n"), start = 1, stop = #s - 2 } }, kata.paragraphs(s))
    end)

    it("are not joined by the line and blank rules the way auto does", function()
      local s = lines("Banjir rob di Semarang", LEAD[1], LEAD[2], LEAD[3], LEAD[4])
      assert.same({ "Banjir rob di Semarang", LEAD[1], LEAD[2], LEAD[3], LEAD[4] }, texts(s, { by = "line" }))
      assert.same({ s }, texts(s, { by = "blank" }))
    end)

    it("stop at a line that ends a sentence", function()
      local s = lines(
        "Petugas menutup jalan menuju pelabuhan sejak pukul enam pagi.",
        "Antrean truk logistik mengular hingga tiga kilometer ke arah tol,",
        "dan sopir mengaku belum makan sejak semalam.",
        "Polisi mengalihkan arus kendaraan ke Jalan Arteri Yos Sudarso.")
      assert.same({
        "Petugas menutup jalan menuju pelabuhan sejak pukul enam pagi.",
        "Antrean truk logistik mengular hingga tiga kilometer ke arah tol,\n" ..
          "dan sopir mengaku belum makan sejak semalam.",
        "Polisi mengalihkan arus kendaraan ke Jalan Arteri Yos Sudarso.",
      }, texts(s))
    end)

    it("stop at ! ? and the ellipsis, and after closing quotes and brackets", function()
      local enders = {
        "Warga bertanya kapan pompa air akan diperbaiki lagi?",
        "Sungguh tidak masuk akal, kata seorang ketua RT setempat!",
        "Menurut warga, genangan sudah terjadi sejak pekan lalu…",
        "Ia menambahkan, \"kami sudah melapor ke kelurahan tiga kali.\"",
        "Kata Sutrisno, “warga diminta tetap waspada malam ini.”",
        "Pompa yang rusak akan diganti (anggaran sudah disetujui.)",
        "Bantuan itu disebut ‘sekadar formalitas menjelang pemilu?’",
        "Ketua DPRD menyebutnya «kelalaian yang berulang setiap tahun.»",
        "Warga menunggu bantuan dari pemerintah kota [sejak Rabu.]",
      }
      for _, line in ipairs(enders) do
        local w = cp_len(line)
        assert.is_true(w >= 30 and w <= 100, line)
        local s = lines(line, "sementara hujan diperkirakan masih turun hingga malam.")
        assert.same({ line, "sementara hujan diperkirakan masih turun hingga malam." }, texts(s), line)
      end
    end)

    it("go on after a comma, colon, semicolon, dash or a word", function()
      local joiners = {
        "Kepala pelaksana BPBD menyebut ada tiga titik tanggul kritis,",
        "Kepala pelaksana BPBD menyebut ada tiga titik tanggul kritis:",
        "Kepala pelaksana BPBD menyebut ada tiga titik tanggul kritis;",
        "Kepala pelaksana BPBD menyebut ada tiga titik tanggul kritis -",
        "Kepala pelaksana BPBD menyebut ada tiga titik tanggul yang",
      }
      for _, line in ipairs(joiners) do
        local s = lines(line, "yakni di Tambak Lorok, Kemijen, dan Bandarharjo.")
        assert.same({ s }, texts(s), line)
      end
    end)

    it("never join a headline to a dateline line after it (issue 16)", function()
      local head = "Leadership changes made in South Dakota Guard"
      local body = {
        "RAPID CITY, S.D. (AP) - The South Dakota National Guard made",
        "some leadership changes on Saturday, the Guard said in Pierre.",
      }
      assert.equal(45, cp_len(head)) -- wide enough to wrap, no final stop
      for _, dash in ipairs({ "-", "--", "—", "–", "•" }) do
        local first = body[1]:gsub(" %- ", " " .. dash .. " ", 1)
        local s = lines(head, first, body[2])
        assert.same({ head, first .. "\n" .. body[2] }, texts(s), dash)
      end
      for _, dateline in ipairs({ "OSLO - ", "Jakarta (WP) - ", "NEW YORK (AP) — ", "Washington • " }) do
        local first = dateline .. "Leaders said the Guard would change its commanders"
        assert.same({ head, first }, texts(lines(head, first)), dateline)
      end
      -- a line that only looks like one (a lower-case word, a number, no
      -- dash) is wrapped prose
      for _, l in ipairs({ "RAPID CITY is where the South Dakota National Guard met",
        "The Guard (AP) said its leaders would change on Saturday",
        "In 2011 - the Guard said - its leaders changed on Saturday" }) do
        assert.same({ lines(head, l) }, texts(lines(head, l)), l)
      end
    end)

    it("join from 30 code points on, not under", function()
      local a30 = "Air sungai meluap ke 12 rumah,"
      local a29 = "Air sungai meluap ke 2 rumah,"
      local next_line = "lalu surut menjelang tengah malam."
      assert.equal(30, cp_len(a30))
      assert.equal(29, cp_len(a29))
      assert.same({ lines(a30, next_line) }, texts(lines(a30, next_line)))
      assert.same({ a29, next_line }, texts(lines(a29, next_line)))
    end)

    it("join up to 100 code points, not over", function()
      local head = "Tim SAR gabungan dari Basarnas, TNI, Polri, dan relawan menyusuri aliran sungai sejauh "
      local b100 = head .. "15 kilometer,"
      local b101 = head .. "150 kilometer,"
      local next_line = "tetapi korban yang hanyut belum juga ditemukan hingga Kamis sore."
      assert.equal(100, cp_len(b100))
      assert.equal(101, cp_len(b101))
      assert.same({ lines(b100, next_line) }, texts(lines(b100, next_line)))
      assert.same({ b101, next_line }, texts(lines(b101, next_line)))
    end)

    it("measure widths in code points, not bytes", function()
      local cafe = "Festival kuliner Kampung Café" -- 29 code points, 30 bytes
      assert.equal(29, cp_len(cafe))
      assert.equal(30, #cafe)
      local s = lines(cafe, "digelar di alun-alun kota mulai Jumat malam.")
      assert.same({ cafe, "digelar di alun-alun kota mulai Jumat malam." }, texts(s))
      -- 30 code points in 32 bytes: the quarter rule below sees 30 (and 8),
      -- not 32, so a second line of 39 ends the run.
      local turis = "Turis dari Malmö & Zürich yang"
      assert.equal(30, cp_len(turis))
      assert.equal(32, #turis)
    end)

    it("stop at a next line wider than w + w/4 + 8", function()
      local d60 = "Pemerintah kota menyiapkan 40 tenda darurat di halaman balai"
      local d83 = "kelurahan serta empat dapur umum yang dikelola relawan PMI dan Taruna Siaga Bencana"
      local d84 = d83 .. ","
      local tail = "bagi sekitar 300 pengungsi."
      assert.same({ 60, 83, 84 }, { cp_len(d60), cp_len(d83), cp_len(d84) })
      -- 83 <= 60 + 15 + 8: joined; then 83 is 23 off the first line's 60
      assert.same({ lines(d60, d83), tail }, texts(lines(d60, d83, tail)))
      -- 84 > 83: not joined; the 84-wide line starts a run of its own
      assert.same({ d60, lines(d84, tail) }, texts(lines(d60, d84, tail)))
    end)

    it("stop when a line drifts more than a quarter from the run's first line", function()
      local e40 = "Harga cabai rawit di Pasar Johar kembali"
      local e50 = "naik menjadi Rp80.000 per kilogram pada Senin pagi"
      local e51 = "naik menjadi Rp100.000 per kilogram pada Senin pagi"
      local e3 = "dari pekan lalu karena pasokan dari Temanggung terganggu hujan."
      assert.same({ 40, 50, 51 }, { cp_len(e40), cp_len(e50), cp_len(e51) })
      assert.same({ lines(e40, e50, e3) }, texts(lines(e40, e50, e3)))
      assert.same({ lines(e40, e51), e3 }, texts(lines(e40, e51, e3)))
    end)

    it("allow a drift of 8 at least, for lines under 32 wide", function()
      local f30 = "Turis dari Malmö & Zürich yang"
      local f38 = "menginap di hotel-hotel di dekat Ubud,"
      local f39 = "menginap di hotel-hotel di sekitar Ubud"
      local f3 = "dan Canggu selama musim liburan sekolah."
      assert.same({ 30, 38, 39 }, { cp_len(f30), cp_len(f38), cp_len(f39) })
      assert.same({ lines(f30, f38, f3) }, texts(lines(f30, f38, f3)))
      assert.same({ lines(f30, f39), f3 }, texts(lines(f30, f39, f3)))
    end)

    it("never join a line that starts with a boilerplate prefix", function()
      local before = "Warga yang tinggal di bantaran sungai diminta mengungsi ke"
      local after = "balai desa terdekat sebelum debit air kembali naik malam ini."
      for _, b in ipairs({
        "Baca juga: Tanggul jebol, ratusan rumah di Pati terendam banjir",
        "BACA JUGA: Tanggul jebol, ratusan rumah di Pati terendam banjir",
        "Simak juga: Detik-detik tanggul jebol terekam kamera warga",
        "Read more: Flood defences fail as river bursts its banks",
        "Artikel terkait: Tanggul jebol, ratusan rumah di Pati terendam",
      }) do
        local w = cp_len(b)
        assert.is_true(w >= 30 and w <= 100, b)
        assert.same({ before, b, after }, texts(lines(before, b, after)), b)
        -- and a run that starts with one does not join either
        assert.same({ b, after }, texts(lines(b, after)), b)
      end
    end)
  end)

  describe("on the news fixtures and the sample", function()
    it("finds the hard-wrapped lead and the one-line paragraphs of dup-id-dermaga.txt", function()
      local s = fixture("dup-id-dermaga.txt")
      local list = kata.paragraphs(s)
      assert.equal(18, #list)
      assert.equal(5, select(2, list[1].text:gsub("\n", "")) + 1) -- five lines
      assert.same({ 1, 292 }, { list[1].start, list[1].stop })
      assert.equal("Makassar (WP) - Pemerintah Provinsi Sulawesi Selatan akan membuka\n",
        list[1].text:sub(1, 66))
      assert.equal("seorang pejabat Dinas Perhubungan.", list[1].text:sub(-34))
      -- the "Baca juga" line is not joined to the paragraph after it
      assert.equal("Baca juga: Gelombang tinggi hantam pesisir selatan Sulawesi, nelayan diminta waspada",
        list[7].text)
      assert.equal("Sumber: Warta Pesisir", list[18].text)
      for i = 2, 18 do assert.is_nil(list[i].text:find("\n"), "paragraph " .. i) end
      check_contract(s, list)
      assert.equal(22, #kata.paragraphs(s, { by = "line" }))
      assert.equal(1, #kata.paragraphs(s, { by = "blank" }))
    end)

    it("splits dup-en-desal.txt at its blank lines", function()
      local s = fixture("dup-en-desal.txt")
      local list = kata.paragraphs(s)
      assert.equal(13, #list)
      assert.same({ 1, 61 }, { list[1].start, list[1].stop })
      assert.equal("Advertisement", list[5].text)
      -- the "Read more" line stays in the paragraph above it (no blank line)
      local tail = "the seabed.\nRead more: Drought leaves Port Wessex reservoir at record low"
      assert.equal(tail, list[12].text:sub(-#tail))
      assert.equal(14, #kata.paragraphs(s, { by = "line" }))
    end)

    it("gives 32 paragraphs on the shared sample, the first its 5-line lead", function()
      local s = sample()
      if not s then
        pending("the shared sample " .. SAMPLE_NAME .. " is not there (set KATA_SAMPLES)")
        return
      end
      local list = kata.paragraphs(s)
      assert.equal(32, #list)
      local lead = list[1]
      assert.same({ 1, 269 }, { lead.start, lead.stop })
      assert.equal(4, select(2, lead.text:gsub("\n", "")))
      assert.equal("Moskow-Seoul (CB) - Pemimpin Korea Utara Kim Jong Un dan\n", lead.text:sub(1, 57))
      assert.equal("Kremlin.", lead.text:sub(-8))
      for i = 2, 32 do assert.is_nil(list[i].text:find("\n"), "paragraph " .. i) end
      assert.same({ 271, 507 }, { list[2].start, list[2].stop })
      assert.same({ 5505, 5525 }, { list[32].start, list[32].stop })
      assert.equal("Credit antaranews.com", list[32].text)
      -- its body is there twice: paragraphs 2-16 and 17-31
      for i = 2, 16 do assert.equal(list[i].text, list[i + 15].text) end
      check_contract(s, list)
      assert.equal(36, #kata.paragraphs(s, { by = "line" }))
      assert.same({ { 1, 5525 } }, spans(s, { by = "blank" }))
    end)

    it("keeps the sample's lead whole under a headline, which stays alone", function()
      local s = sample()
      if not s then
        pending("the shared sample " .. SAMPLE_NAME .. " is not there (set KATA_SAMPLES)")
        return
      end
      local head = "Kim Jong Un dan Putin akan bertemu di Vladivostok pekan ini"
      local list = kata.paragraphs(head .. "\n" .. s)
      assert.equal(33, #list)
      assert.equal(head, list[1].text)
      assert.same({ #head + 2, #head + 270 }, { list[2].start, list[2].stop })
      assert.equal(kata.paragraphs(s)[1].text, list[2].text)
      assert.equal("Kremlin.", list[2].text:sub(-8))
    end)
  end)

  describe("invalid UTF-8", function()
    it("keeps bad bytes in the text, with offsets that still match", function()
      local s = "a" .. X("FF") .. "b\n\n" .. X("80") .. "tengah" .. X("C0 AF") .. "\n\nakhir" .. X("E2 82")
      local list = kata.paragraphs(s)
      assert.same({
        { text = "a" .. X("FF") .. "b", start = 1, stop = 3 },
        { text = X("80") .. "tengah" .. X("C0 AF"), start = 6, stop = 14 },
        { text = "akhir" .. X("E2 82"), start = 17, stop = 23 },
      }, list)
      check_contract(s, list)
      assert.same({ "a" .. X("FF") .. "b", X("80") .. "tengah" .. X("C0 AF"), "akhir" .. X("E2 82") },
        texts(s, { by = "line" }))
    end)

    it("counts each bad byte as one code point of width", function()
      -- 30 wide only with the two bad bytes counted: joined
      local line = "Data pasien " .. X("FF FE") .. " bocor di forum,"
      assert.equal(28, #line - 2)
      assert.equal(30, cp_len(line))
      local s = lines(line, "kata peneliti keamanan siber itu.")
      assert.same({ s }, texts(s))
    end)

    it("keeps NUL bytes", function()
      local s = "a" .. X("00") .. "b\n\nc"
      assert.same({ "a" .. X("00") .. "b", "c" }, texts(s))
    end)
  end)

  describe("sizes", function()
    it("gives a single 5 MB paragraph quickly", function()
      local unit = "Pedagang beras di Pasar Induk Cipinang mengeluhkan harga gabah yang terus naik, "
      local s = unit:rep(math.ceil(5 * 1024 * 1024 / #unit)):sub(1, -3) -- no trailing ", "
      local t0 = os.clock()
      local list = kata.paragraphs(s)
      local elapsed = os.clock() - t0
      assert.equal(1, #list)
      assert.equal(1, list[1].start)
      assert.equal(#s, list[1].stop)
      assert.equal(s, list[1].text)
      assert.is_true(elapsed < 1, string.format("took %.2f s", elapsed))
      -- the same as 5 MB of hard-wrapped lines, under every rule
      local wrapped = (unit:sub(1, -3) .. "\n"):rep(math.ceil(5 * 1024 * 1024 / #unit))
      t0 = os.clock()
      assert.equal(1, #kata.paragraphs(wrapped))
      assert.equal(1, #kata.paragraphs(wrapped, { by = "blank" }))
      assert.equal(select(2, wrapped:gsub("\n", "")), #kata.paragraphs(wrapped, { by = "line" }))
      elapsed = os.clock() - t0
      assert.is_true(elapsed < 2, string.format("took %.2f s", elapsed))
    end)

    it("gives 100,000 one-word lines as 100,000 paragraphs quickly", function()
      local words = {}
      for i = 1, 100000 do words[i] = "kata" .. i end
      local s = table.concat(words, "\n") .. "\n"
      local t0 = os.clock()
      local list = kata.paragraphs(s)
      local elapsed = os.clock() - t0
      assert.equal(100000, #list)
      assert.same({ text = "kata1", start = 1, stop = 5 }, list[1])
      assert.same({ text = "kata100000", start = #s - 10, stop = #s - 1 }, list[100000])
      assert.is_true(elapsed < 1, string.format("took %.2f s", elapsed))
      assert.equal(100000, #kata.paragraphs(s, { by = "line" }))
      assert.equal(1, #kata.paragraphs(s, { by = "blank" }))
    end)
  end)

  describe("errors", function()
    it("reject a non-string text", function()
      assert.equal("bad argument #1 to 'paragraphs' (string expected, got nil)",
        err_of(function() local r = kata.paragraphs(nil) return r end))
      assert.equal("bad argument #1 to 'paragraphs' (string expected, got table)",
        err_of(function() local r = kata.paragraphs({ "a" }) return r end))
      assert.equal("bad argument #1 to 'paragraphs' (string expected, got no value)",
        err_of(function() local r = kata.paragraphs() return r end))
    end)

    it("reject options that are not a table", function()
      assert.equal("bad argument #2 to 'paragraphs' (table expected, got string)",
        err_of(function() local r = kata.paragraphs("x", "line") return r end))
      assert.equal("bad argument #2 to 'paragraphs' (table expected, got boolean)",
        err_of(function() local r = kata.paragraphs("x", true) return r end))
    end)

    it("reject unknown options, including those of kata.duplicates", function()
      assert.equal("bad argument #2 to 'paragraphs' (unknown option 'mode')",
        err_of(function() local r = kata.paragraphs("x", { mode = "line" }) return r end))
      assert.equal("bad argument #2 to 'paragraphs' (unknown option 'threshold')",
        err_of(function() local r = kata.paragraphs("x", { threshold = 0.5 }) return r end))
    end)

    it("reject a bad value of by", function()
      for _, v in ipairs({ "wrap", "BLANK", "lines", "", 1, true }) do
        assert.equal("bad argument #2 to 'paragraphs' (option 'by' must be 'auto', 'blank' or 'line')",
          err_of(function() local r = kata.paragraphs("x", { by = v }) return r end))
      end
    end)

    it("take by = nil as auto", function()
      assert.same(kata.paragraphs("A\nB"), kata.paragraphs("A\nB", { by = nil }))
    end)
  end)
end)
