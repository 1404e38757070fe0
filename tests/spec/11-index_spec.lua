-- 11: kata.index and kata.load_index: the streaming duplicate index across
-- documents: exact and near lookups, keys, options, saving and loading,
-- damaged and foreign files, hostile sizes, errors.
-- Lua 5.1 compatible.

local kata = require("kata")
local helpers = require("spec_helpers")
local X, err_of, fixture = helpers.X, helpers.err_of, helpers.fixture

local SCRATCH = os.getenv("KATA_SCRATCH") or os.tmpname()
local function path(name) return SCRATCH .. "-" .. name end

local function write(p, s)
  local f = assert(io.open(p, "wb"))
  f:write(s)
  f:close()
end

local function slurp(p)
  return assert(helpers.read_file(p))
end

-- Little-endian bytes of a non-negative integer below 2^53 (Lua 5.1 has no
-- string.pack).
local function le(n, size)
  local t = {}
  for i = 1, size do
    t[i] = string.char(n % 256)
    n = math.floor(n / 256)
  end
  return table.concat(t)
end

local function xor8(a, b)
  local r, p = 0, 1
  for _ = 1, 8 do
    local x, y = a % 2, b % 2
    if x ~= y then r = r + p end
    a, b, p = (a - x) / 2, (b - y) / 2, p * 2
  end
  return r
end

-- FNV-1a (64-bit) of s as the 8 little-endian bytes an index file ends
-- with, in 16-bit limbs so that every step is exact in a double.
local function fnv64(s)
  local h = { 0x2325, 0x8422, 0x9CE4, 0xCBF2 } -- 0xCBF29CE484222325, low limb first
  for i = 1, #s do
    local lo = h[1] % 256
    h[1] = h[1] - lo + xor8(lo, s:byte(i))
    -- times 0x100000001B3: limbs {0x1B3, 0, 0x100, 0}
    local n = { h[1] * 0x1B3, h[2] * 0x1B3, h[3] * 0x1B3 + h[1] * 0x100, h[4] * 0x1B3 + h[2] * 0x100 }
    local c = 0
    for k = 1, 4 do
      local v = n[k] + c
      h[k] = v % 65536
      c = (v - h[k]) / 65536
    end
  end
  return le(h[1], 2) .. le(h[2], 2) .. le(h[3], 2) .. le(h[4], 2)
end

-- An index file with its checksum made right again after an edit.
local function resum(s)
  local body = s:sub(1, -9)
  return body .. fnv64(body)
end

-- The paragraphs of a fixture (blank-line separated).
local function paragraphs(name)
  local out = {}
  for _, p in ipairs(kata.paragraphs((fixture(name)))) do out[#out + 1] = p.text end
  return out
end

local EN = "The city council approved the desalination plant on Tuesday after a long "
  .. "debate about water prices, the cost to households and the damage to the bay. The "
  .. "mayor said construction would start next spring and the first water would reach "
  .. "homes in the north of the city within three years."
local ID = "Petani garam di Rembang mengeluhkan hujan yang terus turun pada musim kemarau "
  .. "tahun ini sehingga produksi garam rakyat turun hampir separuh dari biasanya. Ketua "
  .. "kelompok tani setempat mengatakan harga di tingkat petani justru naik karena pasokan "
  .. "dari Madura dan Cirebon juga berkurang sejak awal bulan."

describe("kata.index", function()
  describe("add", function()
    it("returns nil for a new paragraph and the first key for a repeat", function()
      local idx = kata.index()
      assert.is_nil(idx:add("a", EN))
      local key, sim, kind = idx:add("b", EN)
      assert.equal("a", key)
      assert.equal(1, sim)
      assert.equal("exact", kind)
      assert.equal(1, idx:size()) -- a duplicate is not added
    end)

    it("finds exact repeats after normalisation (case, quotes, white space, outer punctuation)", function()
      local idx = kata.index()
      idx:add(1, 'He said "no" to the plan, and the plan was dropped by the whole council at once.')
      local key, sim, kind = idx:add(2, "  HE SAID \226\128\156no\226\128\157 to the plan,   "
        .. "and the plan was dropped by the whole council at once  ")
      assert.equal(1, key)
      assert.equal(1, sim)
      assert.equal("exact", kind)
    end)

    it("sets a trailing boilerplate line aside", function()
      local idx = kata.index()
      idx:add(1, ID)
      assert.equal(1, (idx:add(2, ID .. "\nBaca juga: Harga garam naik di pasar Rembang")))
      assert.equal(1, (idx:add(3, ID .. " Read more: something else entirely")))
    end)

    -- The similarity is estimated (standard error about 0.05 near 0.8), so a
    -- one-word edit is found with near certainty in a news-length paragraph,
    -- and only usually in a very short one (kata.duplicates confirms exactly).
    it("finds one-word edits in news-length paragraphs at the default threshold, in both languages", function()
      local idx = kata.index()
      idx:add("en", EN)
      idx:add("id", ID)
      local k1, s1, kind1 = idx:add(3, (EN:gsub("Tuesday", "Wednesday")))
      assert.equal("en", k1)
      assert.equal("estimate", kind1)
      assert.is_true(s1 >= 0.8 and s1 < 1)
      local k2 = idx:add(4, (ID:gsub("hampir", "nyaris")))
      assert.equal("id", k2)
    end)

    it("does not match different paragraphs that share many common words (both orders)", function()
      local a = "Pemerintah daerah akan membangun jalan baru di desa itu pada tahun depan "
        .. "untuk mempermudah warga yang selama ini harus memutar jauh ke pasar."
      local b = "Pemerintah pusat akan membangun sekolah baru di kota itu pada bulan depan "
        .. "untuk menampung murid yang selama ini harus belajar di balai desa."
      for _, order in ipairs({ { a, b }, { b, a } }) do
        local idx = kata.index()
        idx:add(1, order[1])
        assert.is_nil(idx:add(2, order[2]))
        assert.equal(2, idx:size())
      end
    end)

    it("matches short paragraphs exactly only", function()
      local idx = kata.index()
      idx:add(1, "Tiga orang tewas.")
      assert.is_nil(idx:add(2, "Empat orang tewas."))
      assert.equal(1, (idx:add(3, "tiga orang TEWAS")))
    end)

    it("keeps integer and string keys apart", function()
      local idx = kata.index()
      idx:add(7, EN)
      idx:add("7", ID)
      local k1 = idx:check(EN)
      local k2 = idx:check(ID)
      assert.equal("number", type(k1))
      assert.equal(7, k1)
      assert.equal("string", type(k2))
      assert.equal("7", k2)
      idx:add(-12, "minus twelve")
      assert.equal(-12, (idx:check("Minus twelve.")))
      idx:add(3.0, "three point oh")
      assert.equal(3, (idx:check("three point oh")))
      idx:add("", "an empty key")
      assert.equal("", (idx:check("an empty key")))
      if math.mininteger then -- Lua 5.3+: the extreme integers round-trip
        idx:add(math.mininteger, "the smallest key of all")
        idx:add(math.maxinteger, "the largest key of all")
        assert.equal(math.mininteger, (idx:check("the smallest key of all")))
        assert.equal(math.maxinteger, (idx:check("the largest key of all")))
      end
    end)

    -- Regression: a float key was refused outside +-9.2e18 (so -2^63, an
    -- integer in every Lua, was refused). Keys keep every byte and digit.
    it("keeps keys exact: NUL bytes, integers beyond 2^53, -2^63", function()
      local idx = kata.index()
      local paras = {}
      for i = 1, 8 do paras[i] = "Paragraf nomor " .. i .. "." end -- short: matched exactly
      idx:add("a\0b", paras[1])
      idx:add("a\0c", paras[2])
      idx:add(2 ^ 52, paras[3])
      idx:add(2 ^ 52 + 1, paras[4])
      idx:add(-2 ^ 63, paras[5])
      assert.equal("a\0b", (idx:check(paras[1])))
      assert.equal("a\0c", (idx:check(paras[2])))
      assert.equal(2 ^ 52, (idx:check(paras[3])))
      assert.equal(2 ^ 52 + 1, (idx:check(paras[4])))
      assert.equal(-2 ^ 63, (idx:check(paras[5])))
      assert.equal("bad argument #1 to 'add' (key must be a string or an integer)",
        err_of(function() local r = idx:add(2 ^ 63, "x") return r end))
      if math.maxinteger then -- Lua 5.3+
        local big = math.tointeger(2 ^ 53)
        idx:add(big, paras[6])
        idx:add(big + 1, paras[7])
        idx:add(math.maxinteger - 1, paras[8])
        assert.equal(big, (idx:check(paras[6])))
        assert.equal(big + 1, (idx:check(paras[7])))
        assert.equal(math.maxinteger - 1, (idx:check(paras[8])))
        assert.equal("integer", math.type((idx:check(paras[7]))))
      end
    end)

    it("accepts keys with any bytes", function()
      local idx = kata.index()
      local key = "doc\0" .. X("FF FE") .. "#$"
      idx:add(key, EN)
      assert.equal(key, (idx:check(EN)))
    end)

    it("handles empty and punctuation-only paragraphs", function()
      local idx = kata.index()
      assert.is_nil(idx:add(1, ""))
      assert.equal(1, (idx:add(2, "")))
      assert.equal(1, (idx:add(3, "  ***  ")))
    end)

    it("copes with invalid UTF-8", function()
      local idx = kata.index()
      local bad = EN .. X("FF C3 28 E2 82")
      assert.is_nil(idx:add(1, bad))
      assert.equal(1, (idx:add(2, bad)))
    end)

    it("finds the repeated block of a fixture scraped twice, and nothing else", function()
      local idx = kata.index()
      local ps = paragraphs("dup-id-dermaga.txt")
      local found = 0
      for i, p in ipairs(ps) do
        local k = idx:add(i, p)
        if k then
          found = found + 1
          assert.equal(kata.normalize(ps[k], "nfkc"):lower():gsub("%s+", " "),
            kata.normalize(p, "nfkc"):lower():gsub("%s+", " "))
        end
      end
      local want = 0
      for _, d in ipairs(kata.duplicates(ps)) do
        if d then want = want + 1 end
      end
      assert.equal(want, found)
    end)

    it("indexes articles across documents with paragraph keys", function()
      local idx = kata.index()
      local docs = { "en-desalination-plant.txt", "en-airline-grounding.txt",
        "id-garam-rembang.txt", "id-dbd-sleman.txt" }
      local n, text = 0, {}
      for _, name in ipairs(docs) do
        for i, p in ipairs(paragraphs(name)) do
          n = n + 1
          text[name .. ":" .. i] = p
          idx:add(name .. ":" .. i, p)
        end
      end
      -- Every paragraph again, from a "syndicating" outlet: each is found,
      -- under its own key or under the key of an earlier paragraph that
      -- kata.duplicates also calls the same.
      for _, name in ipairs(docs) do
        for i, p in ipairs(paragraphs(name)) do
          local key = idx:check(p)
          assert.is_string(key)
          assert.is_not_nil(text[key])
          if key ~= name .. ":" .. i then
            assert.is_truthy(kata.duplicates({ text[key], p })[2], key .. " for " .. name .. ":" .. i)
          end
        end
      end
      assert.is_true(idx:size() <= n)
    end)
  end)

  describe("check", function()
    it("looks without adding", function()
      local idx = kata.index()
      assert.is_nil(idx:check(EN))
      assert.equal(0, idx:size())
      idx:add(1, EN)
      assert.equal(1, (idx:check(EN)))
      assert.equal(1, idx:size())
    end)
  end)

  describe("options", function()
    it("threshold: a stricter threshold rejects the one-word edit", function()
      local idx = kata.index({ threshold = 1 })
      idx:add(1, EN)
      assert.is_nil(idx:add(2, (EN:gsub("Tuesday", "Wednesday"))))
      assert.equal(1, (idx:add(3, EN)))
    end)

    it("method = 'exact' skips the near search", function()
      local idx = kata.index({ method = "exact" })
      idx:add(1, EN)
      assert.is_nil(idx:add(2, (EN:gsub("Tuesday", "Wednesday"))))
      assert.equal(1, (idx:add(3, EN:upper())))
    end)

    it("min_words: shorter paragraphs are matched exactly only", function()
      local s = "one two three four five six seven"
      local idx = kata.index({ min_words = 10 })
      idx:add(1, s)
      assert.is_nil(idx:add(2, s .. " eight"))
      local idx2 = kata.index({ min_words = 0, threshold = 0.7 })
      idx2:add(1, s)
      assert.equal(1, (idx2:add(2, s .. " eight")))
    end)

    it("boilerplate: extends the list of tails, or false turns it off", function()
      local idx = kata.index({ boilerplate = { "Sponsored" } })
      idx:add(1, EN)
      assert.equal(1, (idx:add(2, EN .. "\nSponsored: buy a boat")))
      local off = kata.index({ boilerplate = false })
      off:add(1, ID)
      local k, sim = off:add(2, ID .. "\nBaca juga: x")
      assert.is_true(k == nil or sim < 1)
    end)

    it("shingle: longer shingles lower the similarity of an edit", function()
      local a = kata.index({ threshold = 0 })
      a:add(1, EN)
      local _, s1 = a:check((EN:gsub("Tuesday", "Wednesday")))
      local b = kata.index({ threshold = 0, shingle = 3 })
      b:add(1, EN)
      local _, s3 = b:check((EN:gsub("Tuesday", "Wednesday")))
      assert.is_true(s3 == nil or s3 < s1)
    end)

    it("rejects bad options with bad argument", function()
      assert.matches("bad argument #1 to 'index' %(unknown option 'by'%)",
        err_of(function() local r = kata.index({ by = "line" }) return r end))
      assert.matches("unknown option 'measure'",
        err_of(function() local r = kata.index({ measure = "containment" }) return r end))
      assert.matches("threshold", err_of(function() local r = kata.index({ threshold = 2 }) return r end))
      assert.matches("shingle", err_of(function() local r = kata.index({ shingle = 0 }) return r end))
      assert.matches("bad argument #1 to 'index' %(table expected",
        err_of(function() local r = kata.index("x") return r end))
    end)
  end)

  describe("bad arguments", function()
    it("raise bad argument for keys that are not strings or integers", function()
      local idx = kata.index()
      assert.matches("bad argument #1 to 'add' %(string or integer expected, got table%)",
        err_of(function() local r = idx.add(idx, {}, "x") return r end):gsub("#2", "#1"))
      assert.matches("key must be a string or an integer",
        err_of(function() local r = idx:add(1.5, "x") return r end))
      assert.matches("bad argument #2 to 'add' %(string expected, got no value%)",
        err_of(function() local r = idx:add(1) return r end))
      assert.matches("string expected", err_of(function() local r = idx:check() return r end))
      assert.matches("kata.Index expected",
        err_of(function() local r = idx.size({}) return r end))
    end)
  end)

  describe("save and load", function()
    local function build()
      local idx = kata.index({ threshold = 0.75, min_words = 4, boilerplate = { "Iklan" } })
      idx:add("en", EN)
      idx:add(2, ID)
      idx:add("short", "Tiga orang tewas.")
      return idx
    end

    it("round-trips: keys, options and lookups survive", function()
      local p = path("roundtrip.idx")
      local idx = build()
      assert.is_true(idx:save(p))
      local j = assert(kata.load_index(p))
      assert.equal(3, j:size())
      assert.equal("en", (j:check((EN:gsub("Tuesday", "Wednesday")))))
      assert.equal(2, (j:check(ID .. "\nIklan: beli sekarang")))
      assert.equal("short", (j:check("tiga orang tewas")))
      assert.is_nil(j:check("Empat orang tewas."))
      -- and it goes on growing
      assert.is_nil(j:add(4, "A new paragraph about a different topic entirely, long enough to count."))
      assert.equal(4, (j:check("A new paragraph about a different topic entirely, long enough to count.")))
      os.remove(p)
    end)

    -- Regression: saving an index without keys passed NULL to fwrite and
    -- memcpy (the SAN build aborted under UBSan).
    it("saves and loads an empty index, and one without boilerplate", function()
      local p = path("empty.idx")
      for _, opts in ipairs({ {}, { boilerplate = false } }) do
        assert.is_true(kata.index(opts):save(p))
        local j = assert(kata.load_index(p))
        assert.equal(0, j:size())
        assert.is_nil(j:check(EN))
        assert.is_nil(j:add(1, EN))
        assert.equal(1, (j:check(EN)))
      end
      os.remove(p)
    end)

    it("saves the same bytes twice, and a loaded index saves them again", function()
      local p1, p2 = path("a.idx"), path("b.idx")
      local idx = build()
      idx:save(p1)
      assert(kata.load_index(p1)):save(p2)
      assert.equal(slurp(p1), slurp(p2))
      assert.equal("KATAIDX\0", slurp(p1):sub(1, 8))
      os.remove(p1)
      os.remove(p2)
    end)

    it("returns nil and a message for a truncated file, at every length", function()
      local p, q = path("full.idx"), path("cut.idx")
      build():save(p)
      local s = slurp(p)
      for cut = 0, #s - 1 do
        write(q, s:sub(1, cut))
        local r, msg = kata.load_index(q)
        assert.is_nil(r)
        assert.is_string(msg)
        assert.truthy(msg:find(q, 1, true) == 1, msg)
      end
      os.remove(p)
      os.remove(q)
    end)

    -- Issue 13: every prefix is compared at each line and sentence start,
    -- so a file may hold no more than an index can be made with: the 14
    -- built-in prefixes and 64 more, each of at most 64 bytes.
    it("refuses a file with more boilerplate prefixes than an index takes", function()
      local p, q = path("plain.idx"), path("tails.idx")
      assert.is_true(kata.index({ boilerplate = false }):save(p))
      local s = slurp(p)
      local function with_tails(list)
        local n = #list
        local size = string.char(n % 256, math.floor(n / 256) % 256, 0, 0)
        write(q, s:sub(1, 36) .. size .. s:sub(41, 64) .. list .. s:sub(65))
        return kata.load_index(q)
      end
      -- 78 prefixes load as far as the checksum, which no longer matches
      local r, msg = with_tails(("a\0"):rep(78))
      assert.is_nil(r)
      assert.matches("checksum mismatch", msg)
      r, msg = with_tails(("a\0"):rep(79))
      assert.is_nil(r)
      assert.equal(q .. ": bad boilerplate list at byte 65", msg)
      r, msg = with_tails(("x"):rep(65) .. "\0")
      assert.is_nil(r)
      assert.equal(q .. ": bad boilerplate list at byte 65", msg)
      os.remove(p)
      os.remove(q)
    end)

    it("returns nil and a message for a damaged byte anywhere", function()
      local p, q = path("full2.idx"), path("bad.idx")
      build():save(p)
      local s = slurp(p)
      for i = 1, #s do
        local b = s:byte(i)
        write(q, s:sub(1, i - 1) .. string.char((b + 1) % 256) .. s:sub(i + 1))
        local r, msg = kata.load_index(q)
        assert.is_nil(r, "byte " .. i)
        assert.matches("at byte %d+", msg)
      end
      write(q, s .. "x")
      local r, msg = kata.load_index(q)
      assert.is_nil(r)
      assert.matches("trailing bytes", msg)
      os.remove(p)
      os.remove(q)
    end)

    it("names foreign files and unreadable paths", function()
      local q = path("foreign.idx")
      write(q, "-- not an index\n")
      local r, msg = kata.load_index(q)
      assert.is_nil(r)
      assert.matches("not a kata index file at byte 1", msg)
      write(q, "KATAIDX\0" .. string.char(9, 0, 0, 0) .. string.rep("\0", 60))
      r, msg = kata.load_index(q)
      assert.is_nil(r)
      assert.matches("unsupported index format version", msg)
      os.remove(q)
      r, msg = kata.load_index(path("does-not-exist.idx"))
      assert.is_nil(r)
      assert.matches("does%-not%-exist%.idx: ", msg)
    end)

    it("loads a version 1 file without a store, and saves it as version 2", function()
      local p, q = path("v2.idx"), path("v1.idx")
      assert.is_true(build():save(p))
      local s = slurp(p)
      assert.equal(string.char(2, 0, 0, 0), s:sub(9, 12))
      write(q, resum(s:sub(1, 8) .. string.char(1) .. s:sub(10)))
      local j = assert(kata.load_index(q))
      assert.equal(3, j:size())
      assert.equal("en", (j:check((EN:gsub("Tuesday", "Wednesday")))))
      assert.equal("short", (j:check("tiga orang tewas")))
      assert.is_true(j:save(q))
      assert.equal(s, slurp(q))
      os.remove(p)
      os.remove(q)
    end)

    it("returns nil and a message when the file cannot be written", function()
      local r, msg = kata.index():save("/nonexistent-dir/x.idx")
      assert.is_nil(r)
      assert.matches("^/nonexistent%-dir/x%.idx", msg)
    end)

    it("raises bad argument for a path that is not a string", function()
      assert.matches("bad argument #1 to 'load_index' %(string expected",
        err_of(function() local r = kata.load_index({}) return r end))
    end)
  end)

  describe("option store", function()
    it("confirms candidates exactly: the similarity kata.duplicates gives", function()
      local st = path("c.store")
      local idx = assert(kata.index({ store = st }))
      local edited = (EN:gsub("Tuesday", "Wednesday"))
      idx:add(1, EN)
      local key, sim, kind = idx:add(2, edited)
      assert.equal(1, key)
      assert.equal("near", kind)
      local d = kata.duplicates({ EN, edited })[2]
      assert.is_true(math.abs(sim - d.similarity) < 1e-9, sim .. " vs " .. d.similarity)
      assert.equal(1, (idx:add(3, EN:upper())))
      os.remove(st)
    end)

    it("is saved with the index and reopened by load_index with option store", function()
      local st, p = path("d.store"), path("d.idx")
      local idx = assert(kata.index({ store = st }))
      idx:add("a", EN)
      idx:add("b", ID)
      assert.is_true(idx:save(p))
      local saved = slurp(st)
      assert.equal("KATASTO\0", saved:sub(1, 8))
      -- read-only unless asked: lookups work, adding does not, the store stays as it is
      local j = assert(kata.load_index(p, { store = st }))
      local key, sim = j:check((ID:gsub("hampir", "nyaris")))
      assert.equal("b", key)
      assert.is_true(sim >= 0.8 and sim < 1)
      local other = "Sebuah paragraf yang sama sekali lain tentang sepak bola dan liga di akhir pekan ini."
      local r, msg = j:add("c", other)
      assert.is_nil(r)
      assert.equal("the index's store is read-only (load_index with write = true)", msg)
      assert.equal("b", (j:add("b2", ID))) -- a repeat is still found
      assert.equal(2, j:size())
      j = nil -- luacheck: ignore
      collectgarbage()
      assert.equal(saved, slurp(st))
      -- write = true: it goes on growing
      j = assert(kata.load_index(p, { store = st, write = true }))
      assert.is_nil(j:add("c", other))
      assert.equal("c", (j:check((other:gsub("%.$", "")))))
      local k2, s2 = j:check((other:gsub("akhir", "ujung")))
      assert.equal("c", k2)
      assert.equal(kata.duplicates({ other, (other:gsub("akhir", "ujung")) })[2].similarity, s2)
      assert.is_true(j:save(p))
      j = nil -- luacheck: ignore
      collectgarbage()
      assert.equal(saved, slurp(st):sub(1, #saved)) -- appended to, not rewritten
      j = assert(kata.load_index(p, { store = st }))
      assert.equal("c", (j:check((other:gsub("akhir", "ujung")))))
      j = nil -- luacheck: ignore
      collectgarbage()
      os.remove(st)
      r, msg = kata.load_index(p, { store = st })
      assert.is_nil(r)
      assert.equal(p .. ": its store " .. st .. ": No such file or directory", msg)
      os.remove(p)
    end)

    -- Regression: the index file named its store, and load_index opened that
    -- path for writing; a hostile file overwrote any file the process could
    -- write (../shared/repro/index-store-overwrite.lua).
    it("never takes the store's path from the index file", function()
      local st, p, victim, evil = path("e.store"), path("e.idx"), path("victim.txt"), path("evil.idx")
      local text = "IMPORTANT DATA THAT MUST NOT CHANGE\n"
      write(victim, text)
      assert.is_true(assert(kata.index({ store = st, boilerplate = false })):save(p))
      local s = slurp(p)
      -- version 1 named the store by its path: the same empty index, naming the victim
      local v1 = s:sub(1, 8) .. string.char(1) .. s:sub(10, 64) .. le(#victim, 4) .. victim ..
        le(0, 8) .. "01234567"
      write(evil, resum(v1))
      local idx, msg = kata.load_index(evil)
      if idx then idx:add("doc1", EN) end
      idx = nil -- luacheck: ignore
      collectgarbage()
      assert.equal(text, slurp(victim))
      assert.is_nil(idx)
      assert.equal(64 + 16 + 8 + 8, #s) -- header, the store's identifier and size, checksum
      assert.equal(evil .. ": index format version 1 with a store is no longer read " ..
        "(rebuild the index) at byte 33", msg)
      -- version 2 names none: the caller must, and a file not the index's store is refused
      local r
      r, msg = kata.load_index(p)
      assert.is_nil(r)
      assert.equal(p .. ": the index has a store: give its file as option 'store'", msg)
      r, msg = kata.load_index(p, { store = victim, write = true })
      assert.is_nil(r)
      assert.equal(p .. ": its store " .. victim .. " is not a kata store file", msg)
      assert.equal(text, slurp(victim))
      os.remove(st)
      os.remove(p)
      os.remove(victim)
      os.remove(evil)
    end)

    it("refuses another index's store, a short one, or one for an index without", function()
      local st1, st2, p1, p2 = path("f1.store"), path("f2.store"), path("f1.idx"), path("f2.idx")
      local a, b = assert(kata.index({ store = st1 })), assert(kata.index({ store = st2 }))
      a:add(1, EN)
      b:add(1, EN)
      assert.is_true(a:save(p1))
      assert.is_true(kata.index():save(p2))
      local before = slurp(st2)
      local r, msg = kata.load_index(p1, { store = st2, write = true })
      assert.is_nil(r)
      assert.equal(p1 .. ": its store " .. st2 .. " is from another index (its identifier differs)", msg)
      assert.equal(before, slurp(st2))
      local full = slurp(st1)
      write(st1, full:sub(1, -2))
      r, msg = kata.load_index(p1, { store = st1 })
      assert.is_nil(r)
      assert.equal(p1 .. ": its store " .. st1 .. " is shorter than the index says", msg)
      write(st1, "KATASTO\0" .. string.char(2) .. full:sub(10))
      r, msg = kata.load_index(p1, { store = st1 })
      assert.is_nil(r)
      assert.equal(p1 .. ": its store " .. st1 .. " has an unsupported store format version", msg)
      r, msg = kata.load_index(p2, { store = st1 })
      assert.is_nil(r)
      assert.equal(p2 .. ": the index has no store (option 'store' given)", msg)
      assert.equal(0, assert(kata.load_index(p2, { write = true })):size())
      assert.equal("bad argument #2 to 'load_index' (option 'store' must be a file name)",
        err_of(function() local i = kata.load_index(p1, { store = 1 }) return i end))
      assert.equal("bad argument #2 to 'load_index' (option 'write' must be a boolean, got string)",
        err_of(function() local i = kata.load_index(p1, { write = "yes" }) return i end))
      assert.equal("bad argument #2 to 'load_index' (unknown option 'threshold')",
        err_of(function() local i = kata.load_index(p1, { threshold = 0.5 }) return i end))
      assert.equal("bad argument #2 to 'load_index' (table expected, got string)",
        err_of(function() local i = kata.load_index(p1, st1) return i end))
      for _, f in ipairs({ st1, st2, p1, p2 }) do os.remove(f) end
    end)

    it("adds after the store's bytes, never over those of a later save", function()
      local st, p1, p2 = path("g.store"), path("g1.idx"), path("g2.idx")
      local idx = assert(kata.index({ store = st }))
      idx:add("en", EN)
      assert.is_true(idx:save(p1))
      idx:add("id", ID)
      assert.is_true(idx:save(p2))
      idx = nil -- luacheck: ignore
      collectgarbage()
      -- the earlier snapshot, written to: the later one's entry stays readable
      local j = assert(kata.load_index(p1, { store = st, write = true }))
      local other = "Sebuah paragraf yang sama sekali lain tentang sepak bola dan liga di akhir pekan ini."
      assert.is_nil(j:add("other", other))
      assert.equal("other", (j:check((other:gsub("akhir", "ujung")))))
      j = nil -- luacheck: ignore
      collectgarbage()
      local k = assert(kata.load_index(p2, { store = st }))
      local key, sim, kind = k:check((ID:gsub("hampir", "nyaris")))
      assert.equal("id", key)
      assert.equal("near", kind)
      assert.equal(kata.duplicates({ ID, (ID:gsub("hampir", "nyaris")) })[2].similarity, sim)
      for _, f in ipairs({ st, p1, p2 }) do os.remove(f) end
    end)

    -- Regression: after a failed write (a full disk) part of the entry stayed
    -- in the store's buffer and every later entry was read from the wrong
    -- place (../shared/repro/store-after-enospc.lua). Here a child process
    -- under a file size limit (ulimit -f, SIGXFSZ ignored) sees a real short
    -- write and then EFBIG; it saves its index, and this process goes on
    -- from that index and store: every answer must be a clean index's.
    it("is left as it was by a failed store write, and goes on as a clean index would", function()
      local st, p, script = path("h.store"), path("h.idx"), path("h.lua")
      local gen = [[
local function para(i)
  local base, w = i % 5 == 0 and i - 3 or i, {} -- every 5th a near copy of paragraph i - 3
  local seed = 7 + base * 7919
  for j = 1, 8 + base * 13 % 33 do -- 8 to 40 words: entries of many sizes
    seed = (seed * 16807) % 2147483647
    w[j] = "w" .. seed % 30011
  end
  if i % 5 == 0 then w[7] = "ganti" .. i end
  return table.concat(w, " ")
end
]]
      write(script, string.format("package.path = %q\npackage.cpath = %q\n", package.path, package.cpath)
        .. gen .. [[
local kata = require("kata")
local idx = assert(kata.index({ store = arg[1] }))
local failed, out = nil, {}
for i = 1, 1200 do
  local key, sim = idx:add(i, para(i))
  if key == nil and sim then
    out[#out + 1] = "F " .. i .. " " .. sim
    failed = failed or i
  else
    out[#out + 1] = "A " .. i .. " " .. tostring(key) .. " " .. tostring(sim)
  end
  if failed and i >= failed + 12 then break end
end
local ok, msg = idx:save(arg[2])
out[#out + 1] = "S " .. tostring(ok) .. " " .. tostring(msg)
print(table.concat(out, "\n"))
]])
      local lua = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
      local cmd = string.format("sh -c 'trap \"\" XFSZ; ulimit -f 16; exec \"$0\" \"$@\"' %s %s %s %s 2>&1",
        lua, script, st, p)
      local f = assert(io.popen(cmd))
      local out = f:read("*a")
      f:close()
      local para = assert((loadstring or load)(gen .. "return para"))()
      -- the clean index: what the child added, then the rest
      local ref = assert(kata.index({ store = path("h-ref.store") }))
      local first_fail, last = nil, 0
      for kind, i, rest in out:gmatch("(%u) (%d+) ([^\n]*)") do
        i = tonumber(i)
        if kind == "F" then
          assert.equal("cannot write the index's store", rest)
          first_fail = first_fail or i
        elseif kind == "A" then
          local key, sim = ref:add(i, para(i))
          assert.equal(tostring(key) .. " " .. tostring(sim), rest)
        end
        if kind ~= "S" then last = i end
      end
      assert.truthy(out:find("\nS true nil", 1, true), out)
      assert.truthy(first_fail, "no write failed under the limit: " .. out)
      -- the reference goes through the same save and load (which rebuilds
      -- the lookup tables)
      assert.is_true(ref:save(path("h-ref.idx")))
      ref = assert(kata.load_index(path("h-ref.idx"), { store = path("h-ref.store"), write = true }))
      local idx = assert(kata.load_index(p, { store = st, write = true }))
      local redo = {}
      for kind, i in out:gmatch("(%u) (%d+)") do
        if kind == "F" then redo[#redo + 1] = tonumber(i) end
      end
      for i = last + 1, 1200 do redo[#redo + 1] = i end
      for _, i in ipairs(redo) do
        local k1, s1, t1 = idx:add(i, para(i))
        local k2, s2, t2 = ref:add(i, para(i))
        assert.same({ k2, s2, t2 }, { k1, s1, t1 }, "paragraph " .. i)
      end
      assert.equal(ref:size(), idx:size())
      local near = 0
      for i = 1, 1200 do
        local q = para(i):gsub("^w%d+", "lain")
        local k1, s1, t1 = idx:check(q)
        local k2, s2, t2 = ref:check(q)
        assert.same({ k2, s2, t2 }, { k1, s1, t1 }, "check " .. i)
        if t1 == "near" and s1 < 1 then near = near + 1 end
      end
      assert.is_true(near > 1000, near .. " near answers")
      idx, ref = nil, nil -- luacheck: ignore
      collectgarbage()
      for _, x in ipairs({ st, p, script, path("h-ref.store"), path("h-ref.idx") }) do os.remove(x) end
    end)

    it("returns nil and a message when the store cannot be made", function()
      local r, msg = kata.index({ store = "/nonexistent-dir/x.store" })
      assert.is_nil(r)
      assert.matches("^/nonexistent%-dir/x%.store: ", msg)
      assert.matches("option 'store' must be a file name",
        err_of(function() local i = kata.index({ store = 1 }) return i end))
    end)
  end)

  describe("scale", function()
    it("takes a hundred thousand one-word paragraphs", function()
      local idx = kata.index()
      for i = 1, 100000 do idx:add(i, "w" .. i) end
      assert.equal(100000, idx:size())
      for i = 1, 100000, 997 do assert.equal(i, (idx:check("W" .. i))) end
      local ib = idx:memory()
      assert.is_true(ib / 100000 <= 64, "index bytes per paragraph " .. ib / 100000)
    end)

    it("keeps at most 64 bytes per long paragraph, keys apart", function()
      local idx = kata.index()
      local n = 12 * 4096 -- whole blocks of records
      local words, seed = {}, 12345
      for i = 1, n do
        for j = 1, 40 do
          seed = (seed * 16807) % 2147483647 -- exact in doubles (Lua 5.1, LuaJIT)
          words[j] = "w" .. seed % 50000
        end
        idx:add(i, table.concat(words, " "))
      end
      assert.equal(n, idx:size())
      local ib = idx:memory()
      assert.is_true(ib / idx:size() <= 64, "index bytes per paragraph " .. ib / idx:size())
    end)

    it("takes a paragraph of several megabytes", function()
      local idx = kata.index()
      local big = string.rep("kata demi kata menjadi kalimat panjang sekali ", 100000)
      assert.is_nil(idx:add(1, big))
      assert.equal(1, (idx:check(big)))
    end)
  end)
end)

describe("idx:record and idx:pick (a sharded index's client)", function()
  local EDITED = (EN:gsub("Tuesday", "Wednesday"))

  it("records a paragraph in 28 bytes, the same in every index with the same options", function()
    local idx = kata.index()
    local rec, long = idx:record(EN)
    assert.equal(28, #rec)
    assert.is_true(long)
    assert.equal(rec, kata.index():record(EN))
    assert.equal(rec, (idx:record(EN)))
    assert.are_not.equal(rec, (idx:record(EDITED)))
    assert.equal(0, idx:size()) -- adds nothing
    local short, slong = idx:record("kata")
    assert.equal(28, #short)
    assert.is_false(slong)
  end)

  it("picks as idx:check decides: exact, then the estimate over the bands", function()
    local idx = kata.index()
    local rec, edited = idx:record(EN), idx:record(EDITED)
    local cands = {}
    for p = 0, 7 do cands[#cands + 1] = { id = 9, part = p, rec = rec } end
    idx:add("a", EN)
    local _, want_sim, want_kind = idx:check(EDITED)
    local pos, sim, kind = idx:pick(edited, cands)
    assert.equal(1, pos)
    assert.equal(want_sim, sim)
    assert.equal(want_kind, kind)
    assert.equal("estimate", kind)
    -- the same text in the exact part wins, whatever comes first
    local other = string.rep("x", 28)
    pos, sim, kind = idx:pick(rec, { { id = 2, part = 3, rec = other }, { id = 5, part = 7, rec = rec } })
    assert.equal(2, pos)
    assert.equal(1, sim)
    assert.equal("exact", kind)
    assert.is_nil(idx:pick(rec, {}))
    assert.is_nil(idx:pick(rec, { { id = 1, part = 7, rec = other } }))
  end)

  it("routes a record's key to one of n sub-parts, spread evenly", function()
    local idx = kata.index()
    local rec = idx:record(EN)
    local short = idx:record("kata")
    for p = 0, 7 do
      local r = idx:route(rec, p, 12)
      assert.is_true(r >= 0 and r < 12)
      assert.equal(r, kata.index():route(rec, p, 12))
      assert.equal(0, idx:route(rec, p, 1))
    end
    assert.is_nil(idx:route(short, 0, 12)) -- a short paragraph has no bands
    assert.is_nil(idx:route(short, 6, 12))
    local r7 = idx:route(short, 7, 12)
    assert.is_true(r7 >= 0 and r7 < 12)
    -- 2,400 paragraphs: each band's sub-parts get 200 keys each, give or
    -- take what chance gives (the bound is over 4 standard deviations)
    local count = {}
    for p = 0, 7 do
      count[p] = {}
      for s = 0, 11 do count[p][s] = 0 end
    end
    local seed = 1
    for _ = 1, 2400 do
      local w = {}
      for j = 1, 12 do -- words of a made-up vocabulary (a fixed LCG)
        seed = seed * 16807 % 2147483647
        w[j] = "w" .. (seed % 5000)
      end
      local r = idx:record(table.concat(w, " "))
      for p = 0, 7 do
        local s = idx:route(r, p, 12)
        count[p][s] = count[p][s] + 1
      end
    end
    for p = 0, 7 do
      for s = 0, 11 do
        assert.is_true(count[p][s] > 140 and count[p][s] < 260, p .. "/" .. s .. ": " .. count[p][s])
      end
    end
    assert.matches("bad argument #1 to 'route' %(not a record %(28 bytes%)%)",
      err_of(function() local r = idx:route("abc", 0, 4) return r end))
    assert.matches("bad argument #2 to 'route' %(a part is 0 to 7%)",
      err_of(function() local r = idx:route(rec, 8, 4) return r end))
    assert.matches("bad argument #3 to 'route' %(from 1 to 4096 sub%-parts%)",
      err_of(function() local r = idx:route(rec, 0, 0) return r end))
    assert.matches("bad argument #3 to 'route' %(number expected, got no value%)",
      err_of(function() local r = idx:route(rec, 0) return r end))
  end)

  it("raises bad argument for a bad paragraph, record or candidate", function()
    local idx = kata.index()
    local rec = idx:record(EN)
    assert.matches("bad argument #1 to 'record' %(string expected, got nil%)",
      err_of(function() local r = idx:record(nil) return r end))
    assert.matches("bad argument #1 to 'pick' %(string expected, got nil%)",
      err_of(function() local r = idx:pick(nil, {}) return r end))
    assert.matches("bad argument #1 to 'pick' %(not a record %(28 bytes%)%)",
      err_of(function() local r = idx:pick("abc", {}) return r end))
    assert.matches("bad argument #2 to 'pick' %(table expected, got number%)",
      err_of(function() local r = idx:pick(rec, 5) return r end))
    assert.matches("bad argument #2 to 'pick' %(candidates must be tables%)",
      err_of(function() local r = idx:pick(rec, { 5 }) return r end))
    for _, c in ipairs({
      { id = -1, part = 0, rec = rec }, { id = 33554431, part = 0, rec = rec },
      { id = 1.5, part = 0, rec = rec }, { id = "1", part = 0, rec = rec },
      { id = 1, part = 8, rec = rec }, { id = 1, part = -1, rec = rec }, { id = 1, part = 0.5, rec = rec },
      { id = 1, part = 0, rec = 12345 }, { id = 1, part = 0, rec = "x" }, { part = 0, rec = rec },
    }) do
      assert.matches("bad argument #2 to 'pick' %(a candidate needs id, part and a 28%-byte rec%)",
        err_of(function() local r = idx:pick(rec, { c }) return r end))
    end
    -- a field behind __index is not a field
    local meta = setmetatable({}, { __index = { id = 1, part = 7, rec = rec } })
    assert.matches("a candidate needs id, part and a 28%-byte rec",
      err_of(function() local r = idx:pick(rec, { meta }) return r end))
  end)

  it("makes no records with a confirmation store", function()
    local idx = assert(kata.index({ store = path("rec.store") }))
    assert.matches("an index with a store makes no records", err_of(function() local r = idx:record(EN) return r end))
    os.remove(path("rec.store"))
  end)
end)

describe("idx:prepare and idx:add_prepared (kata dedupe -j's workers)", function()
  -- The paragraphs of three fixtures, dermaga twice: exact and near
  -- repeats within and across them.
  local function fixture_paragraphs()
    local list = {}
    for _, name in ipairs({"dup-id-dermaga.txt", "dup-en-desal.txt", "en-desalination-plant.txt",
                           "dup-id-dermaga.txt"}) do
      for _, p in ipairs(kata.paragraphs((fixture(name)))) do list[#list + 1] = p.text end
    end
    return list
  end

  it("adds prepared paragraphs as idx:add adds the paragraphs, in any index of the same options", function()
    local list = fixture_paragraphs()
    for _, opts in ipairs({{}, {method = "exact"}, {threshold = 0.5, shingle = 1, min_words = 3}}) do
      for _, store in ipairs({false, true}) do
        local o1, o2 = {}, {}
        for k, v in pairs(opts) do
          o1[k] = v
          o2[k] = v
        end
        if store then
          o1.store, o2.store = path("prep1.store"), path("prep2.store")
        end
        local x, y = assert(kata.index(o1)), assert(kata.index(o2))
        local prep = kata.index(opts) -- makes the items, adds nothing
        local keys, want = {}, {}
        for i, p in ipairs(list) do
          keys[i] = i % 2 == 0 and i or "p" .. i -- integer and string keys
          local of, sim, kind = x:add(keys[i], p)
          if of then want[#want + 1] = {i, keys[i], of, sim, kind} end
        end
        local items = prep:prepare(keys, list)
        assert.equal(0, prep:size())
        local one = {}
        for i, p in ipairs(list) do one[i] = prep:prepare(keys[i], p) end
        assert.equal(items, table.concat(one))
        local hits, n, msg = y:add_prepared(items)
        assert.is_nil(msg)
        assert.equal(#list, n)
        local got = {}
        for h = 1, #hits, 5 do got[#got + 1] = {hits[h], hits[h + 1], hits[h + 2], hits[h + 3], hits[h + 4]} end
        assert.same(want, got)
        assert.is_true(#want >= 12) -- the second dermaga repeats the first
        assert.equal(x:size(), y:size())
        if store then
          assert.equal(slurp(path("prep1.store")):sub(33), slurp(path("prep2.store")):sub(33))
          os.remove(path("prep1.store"))
          os.remove(path("prep2.store"))
        end
      end
    end
  end)

  it("returns what was added before a damaged item, and its message", function()
    local prep, idx = kata.index(), kata.index()
    local a = prep:prepare("a", "Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini.")
    local b = prep:prepare("b", "Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini!")
    local hits, n, msg = idx:add_prepared(a .. b .. a:sub(1, 50))
    assert.same({2, "b", "a", 1, "exact"}, hits)
    assert.equal(2, n)
    assert.equal("prepared item 3 (byte " .. (#a + #b + 1) .. ") is truncated", msg)
    hits, n, msg = idx:add_prepared("K" .. a:sub(2)) -- version 1's tag
    assert.same({}, hits)
    assert.equal(0, n)
    assert.equal("prepared item 1 (byte 1) is not a prepared paragraph", msg)
    -- an index whose options make other records
    hits, n, msg = kata.index({shingle = 2}):add_prepared(a)
    assert.same({}, hits)
    assert.equal(0, n)
    assert.equal("prepared item 1 (byte 1) was prepared with other options", msg)
    -- the threshold is not one of them
    hits, n = kata.index({threshold = 0.5}):add_prepared(a)
    assert.equal(1, n)
    assert.same({0, {}, 0}, {#hits, idx:add_prepared("")})
  end)

  it("adds each item under prefix .. key with a prefix, and gives its hits those keys", function()
    local prep, x, y = kata.index(), kata.index(), kata.index()
    local texts = {"Harga cabai rawit di Pasar Induk naik dua kali lipat minggu ini.",
                   "Tiga orang tewas.",
                   "HARGA CABAI RAWIT di Pasar Induk naik dua kali lipat minggu ini!",
                   "Tiga orang tewas.",
                   "Lima orang luka ringan."}
    local keys = {"1", 2, "3", 4, "5"}
    local hits, n = x:add_prepared(prep:prepare(keys, texts), "a.txt:")
    assert.equal(5, n)
    assert.same({3, "a.txt:3", "a.txt:1", 1, "exact", 4, "a.txt:4", "a.txt:2", 1, "exact"}, hits)
    assert.equal("a.txt:5", (x:check(texts[5]))) -- added after the hits, under its key
    -- as idx:add under the whole keys: an integer key becomes text
    for i, t in ipairs(texts) do y:add("a.txt:" .. keys[i], t) end
    assert.equal(y:size(), x:size())
    hits = x:add_prepared(prep:prepare({"9"}, {texts[2]}), "b.txt:")
    assert.same({1, "b.txt:9", "a.txt:2", 1, "exact"}, hits)
    hits = x:add_prepared(prep:prepare({5}, {"Paragraf baru di sini."}), "")
    assert.same({}, hits)
    assert.same({"5", 1, "exact"}, {x:check("Paragraf baru di sini.")})
    assert.matches("bad argument #2 to 'add_prepared' %(string expected, got table%)",
      err_of(function() local r = x:add_prepared("", {}) return r end))
  end)

  it("raises bad argument for a bad key, paragraph or item string", function()
    local idx = kata.index()
    assert.matches("bad argument #1 to 'prepare' %(key must be a string or an integer%)",
      err_of(function() local r = idx:prepare(1.5, "Tiga orang tewas.") return r end))
    assert.matches("bad argument #2 to 'prepare' %(string expected, got no value%)",
      err_of(function() local r = idx:prepare("k") return r end))
    assert.matches("bad argument #2 to 'prepare' %(table expected, got string%)",
      err_of(function() local r = idx:prepare({"k"}, "Tiga orang tewas.") return r end))
    assert.matches("bad argument #1 to 'prepare' %(as many keys as paragraphs expected%)",
      err_of(function() local r = idx:prepare({"k"}, {"a", "b"}) return r end))
    assert.matches("bad argument #2 to 'prepare' %(paragraph 2 is not a string%)",
      err_of(function() local r = idx:prepare({"k", "l"}, {"a", 5}) return r end))
    assert.matches("bad argument #1 to 'prepare' %(key 2 must be a string or an integer%)",
      err_of(function() local r = idx:prepare({"k", {}}, {"a", "b"}) return r end))
    assert.matches("bad argument #1 to 'add_prepared' %(string expected, got nil%)",
      err_of(function() local r = idx:add_prepared(nil) return r end))
  end)
end)
