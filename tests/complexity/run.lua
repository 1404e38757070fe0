-- run.lua: the complexity check (make test-complexity, through run.sh).
-- For every public function and each hostile shape of input it counts the
-- instructions of one call at size S and at 4S and fails the case when the
-- larger costs more than 6 times the smaller: linear work costs 4 times,
-- n log n about 4.6, anything quadratic 16. The counts come from callgrind
-- (tests/complexity/probe.c turns collection on only around the call), so
-- they are the same on every run and every machine: no clock is read.
--
-- usage (run.sh does this):
--   valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=DIR/cg.out \
--     lua5.4 tests/complexity/run.lua DIR [-v] [-s S] [-f FUNCTION_PATTERN] [-p SHAPE_PATTERN]
-- Outside valgrind it times the calls with os.clock instead, for a quick
-- look while developing, and fails nothing.
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;build/lua5.4/complexity/?.so;" .. package.cpath
local kata = require("kata")
local P = require("kata.pipeline")
local probe = require("probe")

-- -f, -p and -x take Lua patterns and can be given more than once; -e
-- FILE adds the shapes FILE returns (an array of {name, function(n)}).
local dir, verbose, S, fpat, ppat, xpat, extra = nil, false, 6000, {}, {}, {}, nil
do
  local i = 1
  while arg[i] do
    local a = arg[i]
    if a == "-v" then verbose = true
    elseif a == "-s" then i = i + 1; S = assert(tonumber(arg[i]), "-s needs a size")
    elseif a == "-f" then i = i + 1; fpat[#fpat + 1] = arg[i]
    elseif a == "-p" then i = i + 1; ppat[#ppat + 1] = arg[i]
    elseif a == "-x" then i = i + 1; xpat[#xpat + 1] = arg[i]
    elseif a == "-e" then i = i + 1; extra = arg[i]
    else dir = a end
    i = i + 1
  end
end

-- Does name match one of pats (true when there are none and empty is true)?
local function matches(name, pats, empty)
  if #pats == 0 then return empty end
  for _, p in ipairs(pats) do
    if name:find(p) then return true end
  end
  return false
end
local function chosen(fname) return matches(fname, fpat, true) and not matches(fname, xpat, false) end
assert(dir, "usage: run.lua DIR [-v] [-s S] [-f pattern] [-p pattern]")
local LIMIT = 6

-- {======================================================================
-- Shapes: each makes a text of about n bytes
-- ======================================================================

-- A deterministic generator (a 31-bit LCG): the same texts on every run.
local seed = 12345
local function rand(k)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return math.floor(seed / 65536) % k + 1
end

local function rep(unit)
  return function(n) return unit:rep(math.ceil(n / #unit)) end
end

-- The words of the test fixtures (English and Indonesian news).
local vocab = {}
do
  local seen = {}
  for _, f in ipairs({ "en-airline-grounding", "en-desalination-plant", "id-dbd-sleman",
                       "id-garam-rembang" }) do
    local fh = assert(io.open("tests/fixtures/" .. f .. ".txt", "rb"))
    for w in fh:read("*a"):gmatch("%S+") do
      if not seen[w] then seen[w] = true; vocab[#vocab + 1] = w end
    end
    fh:close()
  end
end

-- Prose that never repeats: fixture words in random order, sentences of
-- 5 to 24 words, paragraphs of 2 to 5 sentences, each opening with a
-- quoted word (so that both sizes have non-ASCII text from the start).
local function prose(n)
  seed = 777
  local out, len = {}, 0
  while len < n do
    local para = {}
    for _ = 1, rand(4) + 1 do
      local words = {}
      for k = 1, rand(20) + 4 do
        local w = vocab[rand(#vocab)]
        if k == 1 then w = w:sub(1, 1):upper() .. w:sub(2) end
        words[k] = w
      end
      para[#para + 1] = table.concat(words, " ") .. "."
    end
    local p = "\226\128\156" .. vocab[rand(#vocab)] .. "\226\128\157 " .. table.concat(para, " ")
    out[#out + 1] = p
    len = len + #p + 2
  end
  return table.concat(out, "\n\n")
end

-- Capitalised words, never a full stop: one sentence of names.
local function caps(n)
  seed = 99
  local out, len = {}, 0
  while len < n do
    local w = vocab[rand(#vocab)]:gsub("[%p]", "")
    if w == "" then w = "Kata" end
    w = w:sub(1, 1):upper() .. w:sub(2):lower()
    out[#out + 1] = w
    len = len + #w + 1
  end
  return table.concat(out, " ")
end

local PARA = "Harga beras medium di Pasar Induk Cipinang naik menjadi Rp13.500 per "
  .. "kilogram pada Senin, kata Ketua Umum Ikatan Pedagang Pasar Indonesia (IKAPPI)."

-- The same paragraph again and again.
local function repeated(n) return (PARA .. "\n\n"):rep(math.ceil(n / (#PARA + 2))) end

-- Paragraphs that differ in one word (a number), all near duplicates.
local function near(n)
  local out, len, i = {}, 0, 0
  while len < n do
    i = i + 1
    local p = PARA:gsub("13%.500", tostring(10000 + i))
    out[#out + 1] = p
    len = len + #p + 2
  end
  return table.concat(out, "\n\n")
end

-- Cross-link prefixes after ellipses, and one sentence end at the very
-- end: each prefix is a boilerplate tail only if no sentence follows it.
local function boilerplate(n)
  local unit = "x\226\128\166 Baca juga "
  return unit:rep(math.ceil(n / #unit)) .. "akhir. Selesai"
end

local shapes = {
  { "prose", prose },
  { "letters", rep("a") },
  { "spaces", rep(" ") },
  { "newlines", rep("\n") },
  { "scheme", rep("a://") },
  { "http", rep("http://") },
  { "www", rep("www.") },
  { "email", rep("a@a.") },
  { "caps", caps },
  { "initials", rep("A. ") },
  { "dots", rep(".") },
  { "dotted", rep("a.") },
  { "hyphens", rep("-") },
  { "hyphenated", rep("a-") },
  { "digits", rep("7") },
  { "numbers", rep("12 ") },
  { "dotted-digits", rep("1.") },
  { "scores", rep("1-") },
  { "colons", rep("a:") },
  { "hashes", rep("#") },
  { "ats", rep("@") },
  { "marks", function(n) return "a" .. ("\204\129"):rep(math.ceil(n / 2)) end },
  { "zwj", rep("\240\159\145\168\226\128\141\240\159\145\169\226\128\141\240\159\145\167") },
  { "flags", rep("\240\159\135\174") }, -- regional indicators, an odd run
  { "skin", rep("\240\159\143\189") },
  { "han", rep("\230\151\165") },
  { "invalid", rep("\255") },
  { "repeated", repeated },
  { "near", near },
  { "gazetteer", rep("a ") },
  { "boilerplate", boilerplate },
}
if extra then
  for _, sh in ipairs(dofile(extra)) do shapes[#shapes + 1] = sh end
end

-- }======================================================================

-- {======================================================================
-- Functions: each entry makes, from a text, the call to measure
-- ======================================================================

local tmpdir = dir
local function paragraphs_of(s)
  local t = {}
  for i, p in ipairs(kata.paragraphs(s)) do t[i] = p.text end
  return t
end

-- A gazetteer of phrases that are prefixes of each other: "a", "a a", ...
-- up to the 32 tokens a phrase may have, each also ending in "b".
local gaz = kata.gazetteer({}, { fold = true, normalize = true })
do
  local words = {}
  for k = 1, 32 do
    words[k] = "a"
    gaz:add(table.concat(words, " "), "ORGANIZATION", tostring(k))
    if k < 32 then gaz:add(table.concat(words, " ") .. " b", "PERSON") end
  end
  for _, w in ipairs({ "Harga", "Pasar Induk Cipinang", "Ikatan Pedagang Pasar Indonesia" }) do
    gaz:add(w, "LOCATION")
  end
end

local corpus = kata.corpus({ lang = "id" })
for i, p in ipairs(paragraphs_of(prose(20000))) do corpus:add(p, i) end

local BIG = 2 ^ 30

local functions = {
  { "segments", function(s) return kata.segments, s end },
  { "sentences", function(s) return kata.sentences, s, { trim = true } end },
  { "tokenize", function(s)
    return kata.tokenize, s, { fold = true, normalize = "nfkc", spaces = true }
  end },
  { "tokens", function(s) return function() for _ in kata.tokens(s) do end end end },
  { "words", function(s) return kata.words, s, { fold = true } end },
  { "normalize", function(s) return kata.normalize, s, "nfkc_casefold" end },
  { "casefold", function(s) return kata.casefold, s end },
  { "validate", function(s) return kata.validate, s end },
  { "language", function(s) return kata.language, s end },
  { "stem", function(s) return kata.stem, s, "id" end },
  { "count", function(s) return kata.count, s end },
  { "count+opts", function(s)
    -- a language of its own: under "auto" a guess that differs between the
    -- two sizes would turn stemming on for one of them only
    return kata.count, s, { lang = "id", ngrams = { 1, 3 }, stem = true, numbers = true,
                            unique_paragraphs = true }
  end },
  { "count(array)", function(s) return kata.count, kata.words(s), { ngrams = 3 } end },
  { "keywords", function(s) return kata.keywords, s, { n = BIG } end },
  { "keywords yake", function(s) return kata.keywords, s, { method = "yake" } end },
  { "keywords yake n", function(s) return kata.keywords, s, { method = "yake", n = BIG } end },
  { "keywords tfidf", function(s) return kata.keywords, s, { corpus = corpus, n = BIG } end },
  { "c:add", function(s)
    local c = kata.corpus({ ngrams = { 1, 3 } })
    return c.add, c, s
  end },
  { "c:idf", function(s) return function() pcall(corpus.idf, corpus, s) end end },
  { "paragraphs", function(s) return kata.paragraphs, s end },
  { "duplicates", function(s) return kata.duplicates, s end },
  { "duplicates+opts", function(s)
    return kata.duplicates, s, { shingle = 5, measure = "containment", min_words = 0, threshold = 0.3 }
  end },
  { "dedupe", function(s) return kata.dedupe, s end },
  { "idx:add", function(s)
    local paras, idx = paragraphs_of(s), kata.index({ min_words = 0, threshold = 0.3 })
    return function() for i = 1, #paras do idx:add(i, paras[i]) end end
  end },
  { "idx:add store", function(s)
    local paras = paragraphs_of(s)
    local idx = kata.index({ store = tmpdir .. "/idx.store", shingle = 2 })
    return function() for i = 1, #paras do idx:add(i, paras[i]) end end
  end },
  { "idx:check", function(s)
    local paras, idx = paragraphs_of(s), kata.index()
    for i = 1, #paras, 2 do idx:add(i, paras[i]) end
    return function() for i = 1, #paras do idx:check(paras[i]) end end
  end },
  { "idx:prepare", function(s)
    local paras, idx = paragraphs_of(s), kata.index({ min_words = 0, threshold = 0.3 })
    local keys = {}
    for i = 1, #paras do keys[i] = i end
    return function() idx:prepare(keys, paras) end
  end },
  { "idx:add_prepared store", function(s)
    local paras = paragraphs_of(s)
    local keys = {}
    for i = 1, #paras do keys[i] = i end
    local items = kata.index({ shingle = 2 }):prepare(keys, paras)
    local idx = kata.index({ store = tmpdir .. "/idx-prepared.store", shingle = 2 })
    return function() idx:add_prepared(items) end
  end },
  { "idx:save+load", function(s)
    local paras, idx = paragraphs_of(s), kata.index({ min_words = 0 })
    for i = 1, #paras do idx:add(s:sub(i, i + 20), paras[i]) end
    local path = tmpdir .. "/idx"
    return function() assert(idx:save(path)); assert(kata.load_index(path)) end
  end },
  { "entities", function(s) return kata.entities, s end },
  { "entities+gazetteer", function(s) return kata.entities, s, { gazetteer = gaz } end },
  { "g:match", function(s) return gaz.match, gaz, s end },
  { "gazetteer", function(s)
    -- the text's words as phrases of one to four words
    local w, entries, i = kata.words(s), {}, 1
    while i <= #w do
      local k = (i % 4) + 1
      entries[#entries + 1] = { table.concat(w, " ", i, math.min(#w, i + k - 1)), "PERSON", "v" }
      i = i + k
    end
    return function() pcall(kata.gazetteer, entries, { fold = true }) end
  end },
  { "g:load", function(s)
    local path = tmpdir .. "/gaz.tsv"
    local f = assert(io.open(path, "wb"))
    for line in s:gmatch("[^\n]+") do
      -- lines of at most 64 bytes, cut at a space or the 64th byte
      for piece in line:gmatch("[^ ]+") do f:write(piece:sub(1, 64), "\tPERSON\n") end
    end
    f:close()
    local g = kata.gazetteer()
    return function() g:load(path) end
  end },
  -- The reports and pipelines call the functions above: half the size.
  { "analyze", function(s)
    return kata.analyze, s, { duplicates = "mark", n = BIG, gazetteer = gaz }
  end, 0.5 },
  { "pipeline", function(s)
    local p = P.new(P.paragraphs(), P.dedupe(), P.words(), P.drop_stopwords(), P.count(), P.top(20))
    return p.run, p, s
  end, 0.5 },
  { "P.across", function(s)
    return P.across, { { name = "a", text = s }, { name = "b", text = s } }
  end, 0.5 },
  { "P.characters", function(s) return P.characters, s end },
}

-- }======================================================================

-- {======================================================================
-- Measuring
-- ======================================================================

local dumps = 0
local clock_mode = false

-- The instructions of one call of f(...), or its time outside valgrind.
local function cost(label, f, ...)
  collectgarbage()
  collectgarbage()
  local t0 = os.clock()
  local on = probe.measure(label, f, ...)
  local t1 = os.clock()
  if not on then
    clock_mode = true
    return t1 - t0
  end
  dumps = dumps + 1
  local path = dir .. "/cg.out." .. dumps
  local fh = assert(io.open(path, "rb"))
  local n
  for line in fh:lines() do
    n = line:match("^totals:%s*(%d+)") or line:match("^summary:%s*(%d+)")
    if n then break end
  end
  fh:close()
  if not os.getenv("KEEP_DUMPS") then os.remove(path) end
  return assert(tonumber(n), "no totals in " .. path)
end

-- The first call of each function builds what it caches (the tagger, stop
-- words, stemmers): make it before measuring.
local warm = prose(2000)
for _, fn in ipairs(functions) do
  if chosen(fn[1]) then
    pcall(table.unpack({ fn[2](warm) })) -- collection is off: no dump
  end
end

-- A case fails when 4x the input costs more than LIMIT times as much, or
-- when a call costs more than CEILING instructions per byte of its input:
-- work that an option sizes (n = 2^30) costs as much at S as at 4S, so only
-- its size shows it. The worst function here costs about 7,000 a byte.
local CEILING = 100000

local passed, failed, worst, worst_byte = 0, 0, { ratio = 0 }, { per = 0 }
local per_function = {}
local total = 0
for _, fn in ipairs(functions) do
  local fname, make, size = fn[1], fn[2], math.floor(S * (fn[3] or 1))
  if chosen(fname) then
    local fworst, fbyte = { ratio = 0 }, { per = 0 }
    for _, sh in ipairs(shapes) do
      local sname, gen = sh[1], sh[2]
      if matches(sname, ppat, true) then
        local small, big = gen(size), gen(4 * size)
        local c1 = cost(fname .. " " .. sname .. " S", make(small))
        local c4 = cost(fname .. " " .. sname .. " 4S", make(big))
        total = total + c1 + c4
        local ratio = c1 > 0 and c4 / c1 or 0
        local per = math.max(c1 / #small, c4 / #big)
        local why = not clock_mode and (ratio > LIMIT and "  FAIL (more than " .. LIMIT .. "x)"
                                        or per > CEILING and "  FAIL (more than " .. CEILING .. " a byte)")
        if why then failed = failed + 1 else passed = passed + 1 end
        if verbose or why then
          print(string.format("%-20s %-14s %12.6g %12.6g %6.2f %8.0f%s", fname, sname, c1, c4, ratio,
                              per, why or ""))
        end
        if ratio > fworst.ratio then fworst = { ratio = ratio, shape = sname } end
        if per > fbyte.per then fbyte = { per = per, shape = sname } end
        if ratio > worst.ratio then worst = { ratio = ratio, shape = sname, fname = fname } end
        if per > worst_byte.per then worst_byte = { per = per, shape = sname, fname = fname } end
      end
    end
    if fworst.shape then per_function[#per_function + 1] = { fname, fworst, fbyte } end
  end
end

-- Per function: the shape with the largest ratio, and the most
-- instructions (seconds outside valgrind) per byte of input.
print(string.format("%-20s %-14s %6s  %-14s %10s", "function", "worst shape", "ratio",
                    "costliest", clock_mode and "s/byte" or "Ir/byte"))
for _, e in ipairs(per_function) do
  print(string.format("%-20s %-14s %6.2f  %-14s %10.4g", e[1], e[2].shape, e[2].ratio,
                      e[3].shape, e[3].per))
end
print(string.format("complexity: S = %d bytes, %d shapes; worst ratio %.2f (%s, %s), "
                    .. "most a byte %.4g (%s, %s); %s",
                    S, #shapes, worst.ratio, worst.fname or "-", worst.shape or "-",
                    worst_byte.per, worst_byte.fname or "-", worst_byte.shape or "-",
                    clock_mode and "os.clock, no verdict (not under callgrind)"
                      or string.format("%.0f instructions", total)))
if clock_mode then failed = 0 end
print(string.format("complexity: %d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
