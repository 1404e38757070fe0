--- tools/train_ner.lua: trains kata's name model (`make train-ner`) and scores it.
--
--   lua5.4 tools/train_ner.lua [options]
--     (no mode)       train on the shippable sets (train + dev splits), write
--                     the model (data/ner/model.bin), then score it on the
--                     test sets of issue 15 beside the rules alone
--     --tune          train on the train splits only and score the dev splits
--                     (IDNer dev, NERGrit valid, GUM dev, BTC dev, CoNLL testa)
--                     after every epoch: how features and epochs are chosen
--     --tune --out FILE  also write the model of the last epoch there (for
--                     bench/ner/run.lua --model FILE --split dev)
--     --eval FILE     only score a model file on the test sets
--     --out FILE      where to write the model (data/ner/model.bin)
--     --epochs N      passes over the training data (the default is below)
--     --bits B        2^B feature buckets (the default is below)
--     --seed S        the seed of the shuffle (1)
--     --no-rules      leave out the features that come from kata.entities
--                     (what the rules proposed, the document's rule types):
--                     the model alone
--     --weight a=N,b=M  how often each source is seen per epoch (idner=3;
--                     the sources named by --sources)
--     --adapt         (a trial) per-source weights in training, dropped after
--     --compare       also train the model alone (in memory) and show its
--                     figures beside the others
--     --tag MODEL FILE...   the model's names in each file, one per line:
--                     file, start, stop, type, text (--show-features: also
--                     every token read and its feature strings)
--     --fixture MODEL FILE...   for tests/c/test_model.c: every token of each
--                     file with what the C scorer is given (kind, lexicon
--                     classes, gazetteer and rule tags) and the label the
--                     Lua scorer gives it, as TSV on stdout
--     --sets a,b      score only these test sets (idner nerui nerugm nergrit conll)
--     --sources a,b   train only on these sources (idner nergrit gum wikigold btc
--                     fixtures; for trials: the shipped model uses them all)
--     --dump DIR      write each scored set's errors to DIR/<set>.txt (missed
--                     and wrong names with their context)
--
-- Needs Lua 5.4 (integers and bit operators), kata built (LUA_PATH and
-- LUA_CPATH as for the benchmarks: the Makefile target sets them) and the
-- data of ../shared/ner (KATA_NER_DATA overrides). Deterministic: the same
-- data, seed and options give the same file byte for byte.
--
-- The model: an averaged perceptron over hashed features, decoding
-- greedily from left to right over kata's tokens with the two previous
-- labels as features; seven labels, O and B-/I- for PER, LOC and ORG. A
-- feature is a string (below); its bucket is the FNV-1a 32-bit hash of the
-- string, masked to the table size. The file (docs in data/ner/README.md):
-- one header line of `key=value` words, then the weights, int16
-- little-endian, bucket-major (bucket * 7 + label).
package.path = "bench/ner/?.lua;" .. package.path
local N = require("nerdata")
local kata = require("kata")

local LABELS = { "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG" }
local NL = #LABELS
local LABEL_OF = {}
for i, l in ipairs(LABELS) do LABEL_OF[l] = i end
local FEATURES_VERSION = 1
local DEFAULT_EPOCHS = 6
local DEFAULT_BITS = 19

-- ---------------------------------------------------------------------------
-- Options

local opts = { epochs = DEFAULT_EPOCHS, bits = DEFAULT_BITS, seed = 1, rules = true,
  out = "data/ner/model.bin" }
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    local function val()
      i = i + 1
      local v = assert(arg[i], a .. " needs a value")
      return v
    end
    if a == "--tune" then opts.tune = true
    elseif a == "--eval" then opts.eval = val()
    elseif a == "--out" then opts.out = val() opts.out_given = true
    elseif a == "--epochs" then opts.epochs = assert(math.tointeger(tonumber(val())), "--epochs N")
    elseif a == "--bits" then opts.bits = assert(math.tointeger(tonumber(val())), "--bits B")
    elseif a == "--seed" then opts.seed = assert(math.tointeger(tonumber(val())), "--seed S")
    elseif a == "--no-rules" then opts.rules = false
    elseif a == "--compare" then opts.compare = true
    elseif a == "--adapt" then opts.adapt = true
    elseif a == "--weight" then
      opts.weight = {}
      for k, v in val():gmatch("(%w+)=(%d+)") do opts.weight[k] = tonumber(v) end
    elseif a == "--tag" then opts.tag = val()
    elseif a == "--fixture" then opts.fixture = val()
    elseif a == "--show-features" then opts.show_features = true
    elseif a:sub(1, 1) ~= "-" and (opts.tag or opts.fixture) then
      opts.files = opts.files or {}
      opts.files[#opts.files + 1] = a
    elseif a == "--dump" then opts.dump = val()
    elseif a == "--sources" then opts.sources = {} for k in val():gmatch("[^,]+") do opts.sources[k] = true end
    elseif a == "--sets" then opts.sets = {} for k in val():gmatch("[^,]+") do opts.sets[k] = true end
    else error("unknown option " .. a) end
    i = i + 1
  end
  assert(opts.bits >= 10 and opts.bits <= 22, "--bits between 10 and 22")
end

local clock = os.clock
local function note(...) io.stderr:write(string.format(...), "\n") end

-- ---------------------------------------------------------------------------
-- Hashing

local MASK
local function fnv1a(s)
  local h = 2166136261
  local n = #s
  local i = 1
  while i <= n do
    local a, b, c, d = s:byte(i, i + 3)
    h = ((h ~ a) * 16777619) & 0xffffffff
    if b then h = ((h ~ b) * 16777619) & 0xffffffff end
    if c then h = ((h ~ c) * 16777619) & 0xffffffff end
    if d then h = ((h ~ d) * 16777619) & 0xffffffff end
    i = i + 4
  end
  return h
end

-- feature string -> bucket, for every string seen (a string is hashed once)
local bucket_of = setmetatable({}, { __index = function(t, s)
  local b = fnv1a(s) & MASK
  t[s] = b
  return b
end })
local nfeatures = 0 -- distinct feature strings seen in training
local seen_feature = {}

-- ---------------------------------------------------------------------------
-- Resources: kata's lexicon and gazetteers

local LEX = {}
do
  local f = assert(io.open("data/entities/lexicon.tsv", "rb"))
  for line in f:lines() do
    local w, c = line:match("^([^#\t][^\t]*)\t([^\t\r]+)")
    if w and not w:find(" ", 1, true) then
      local t = LEX[w]
      if not t then t = {} LEX[w] = t end
      local dup = false
      for _, x in ipairs(t) do if x == c then dup = true end end
      if not dup then t[#t + 1] = c end
    end
  end
  f:close()
end

local GAZ_FILES = { "data/entities/places.tsv", "data/entities/organizations.tsv",
  "data/entities/given_names.tsv" }
local gaz_exact, gaz_fold = kata.gazetteer(), kata.gazetteer(nil, { fold = true })
for _, p in ipairs(GAZ_FILES) do
  assert(gaz_exact:load(p))
  assert(gaz_fold:load(p))
end
local SHORT = { PERSON = "PER", LOCATION = "LOC", ORGANIZATION = "ORG" }

-- ---------------------------------------------------------------------------
-- Features

local END = { ["."] = true, ["!"] = true, ["?"] = true, ["\226\128\166"] = true }
local CLOSE = { ['"'] = true, ["'"] = true, [")"] = true, ["]"] = true, ["\226\128\157"] = true,
  ["\226\128\153"] = true }

-- a title or honorific in the lexicon (Dr, Mr, Gen ...): its full stop ends no sentence
local function is_title(lw)
  for _, x in ipairs(LEX[lw] or {}) do
    if x == "TITLE" then return true end
  end
  return false
end

--- The class of a token's letters: Xx (a capital then lower case), XX (two
-- or more letters, all capitals), X (one capital letter), x (no capital),
-- Xm (capitals after the first letter: OpenAI, Jokowi-JK), ad (letters
-- and digits), d (digits, no letters), p (neither). ASCII letters only;
-- bytes from 0x80 count as lower-case letters.
local function wclass(t)
  local up, low, dig = 0, 0, 0
  local first
  for i = 1, #t do
    local c = t:byte(i)
    if c >= 65 and c <= 90 then
      up = up + 1
      first = first or "U"
    elseif (c >= 97 and c <= 122) or c >= 192 then
      low = low + 1
      first = first or "L"
    elseif c >= 48 and c <= 57 then
      dig = dig + 1
    end
  end
  if up + low == 0 then return dig > 0 and "d" or "p" end
  if dig > 0 then return "ad" end
  if up == 0 then return "x" end
  if low == 0 then return up == 1 and "X" or "XX" end
  if first == "U" and up == 1 then return "Xx" end
  return "Xm"
end

--- The shape: A-Z as X, a-z as x, 0-9 as d, a UTF-8 lead byte as u
-- (continuation bytes dropped), other bytes as themselves; runs of one
-- character longer than two cut to two; at most 12 characters.
local function shape(t)
  local out, last, run = {}, nil, 0
  for i = 1, #t do
    local c = t:byte(i)
    local s
    if c >= 65 and c <= 90 then s = "X"
    elseif c >= 97 and c <= 122 then s = "x"
    elseif c >= 48 and c <= 57 then s = "d"
    elseif c >= 192 then s = "u"
    elseif c >= 128 then s = nil
    else s = string.char(c) end
    if s then
      if s == last then run = run + 1 else run, last = 1, s end
      if run <= 2 then
        out[#out + 1] = s
        if #out >= 12 then break end
      end
    end
  end
  return table.concat(out)
end

-- Token tags from spans: tag[i] = "B-TYPE"/"I-TYPE" for the tokens that
-- lie wholly inside a span, in order; others stay nil.
local function span_tags(A, B, spans, map)
  local tags = {}
  local n, j = #A, 1
  for _, sp in ipairs(spans) do
    local ty = sp.type
    if map then ty = map[ty] end
    if ty then
      while j <= n and B[j] < sp.start do j = j + 1 end
      local first = true
      local k = j
      while k <= n and A[k] <= sp.stop do
        if A[k] >= sp.start and B[k] <= sp.stop then
          tags[k] = (first and "B-" or "I-") .. ty
          first = false
        end
        k = k + 1
      end
    end
  end
  return tags
end

--- Everything the model reads of a text. Returns the tokens (`T`, `A`, `B`
-- arrays: text and offsets), the flat feature buckets `F` with `off`
-- (token i has F[off[i] .. off[i+1]-1]), each token's class `C`, and the
-- rule spans. With `strings`, also each token's feature strings.
local function featurize(text, use_rules, strings, evidence)
  local T, K, A, B = {}, {}, {}, {}
  for t, kind, a, b in kata.tokens(text) do
    local n = #T + 1
    -- a possessive ending is a token of its own: Warhol's -> Warhol + 's
    local cut = kind == "word" and #t > 2 and (t:find("'[sS]$") or t:find("\226\128\153[sS]$"))
    if cut and cut > 1 then
      T[n], K[n], A[n], B[n] = t:sub(1, cut - 1), kind, a, a + cut - 2
      n = n + 1
      T[n], K[n], A[n], B[n] = t:sub(cut), "word", a + cut - 1, b
    else
      T[n], K[n], A[n], B[n] = t, kind, a, b
    end
  end
  local n = #T
  local LW, C, POS = {}, {}, {}
  local line, lines = 0, {}
  local prevstop = 0
  for i = 1, n do
    local t = T[i]
    LW[i] = t:lower()
    C[i] = wclass(t)
    local gap = text:sub(prevstop + 1, A[i] - 1)
    prevstop = B[i]
    local pos
    if i == 1 or gap:find("\n[ \t\r]*\n") then pos = "P"
    elseif gap:find("\n", 1, true) then pos = "L"
    elseif (END[T[i - 1]] and not (T[i - 1] == "." and i > 2 and (C[i - 2] == "X" or is_title(LW[i - 2]))))
        or (CLOSE[T[i - 1]] and i > 2 and END[T[i - 2]]) then
      pos = "S"
    else pos = "-" end
    POS[i] = pos
    if pos == "P" or pos == "L" then
      line = line + 1
      lines[line] = { up = false, low = false }
    end
    local ln = lines[line]
    ln[#ln + 1] = i
    if t:find("%u") then ln.up = true end
    if t:find("%l") then ln.low = true end
  end
  -- the casing of each token's line: U all capitals, L no capitals, M mixed
  local LC = {}
  for _, ln in ipairs(lines) do
    local c = (ln.up and not ln.low) and "U" or (ln.low and not ln.up) and "L" or "M"
    for _, i in ipairs(ln) do LC[i] = c end
  end
  -- gazetteers, exact and folded
  local GE = span_tags(A, B, gaz_exact:match(text), SHORT)
  local GF = span_tags(A, B, gaz_fold:match(text), SHORT)
  -- the rules
  local rules, R = nil, {}
  if use_rules then
    rules = kata.entities(text, { model = false })
    R = span_tags(A, B, rules)
  end
  -- the document: the rules' name types of each word, and its case elsewhere
  local dtype, dlow, dcap = {}, {}, {}
  for i = 1, n do
    local lw = LW[i]
    local r = R[i]
    if r then
      local ty = r:sub(3)
      if SHORT[ty] then
        local c = dtype[lw]
        if not c then c = {} dtype[lw] = c end
        c[ty] = (c[ty] or 0) + 1
      end
    end
    local cl = C[i]
    if cl == "x" then dlow[lw] = (dlow[lw] or 0) + 1
    elseif (cl == "Xx" or cl == "XX" or cl == "Xm") and POS[i] == "-" and LC[i] == "M" then
      dcap[lw] = (dcap[lw] or 0) + 1
    end
  end
  local dbest = {}
  for w, c in pairs(dtype) do
    local b, bn = nil, 0
    for _, ty in ipairs({ "PERSON", "LOCATION", "ORGANIZATION" }) do
      if (c[ty] or 0) > bn then b, bn = ty, c[ty] end
    end
    dbest[w] = b
  end

  -- Which tokens the model reads (the others are O): a token with a
  -- capital, or starting with a non-ASCII letter; a token inside a
  -- gazetteer phrase (exact or folded) or a name the rules proposed; every
  -- word of a line with no capitals; a connector (of, bin, van, dan...)
  -- after a token the model reads and before a capitalised one; the head
  -- word of a place or an organisation (desa, kota, universitas) before a
  -- capitalised one; a number after a word the model reads (SMA Negeri 1).
  local CAND = {}
  for i = 1, n do
    local t = T[i]
    local b1 = t:byte(1)
    local r = R[i]
    CAND[i] = t:find("%u") ~= nil or b1 >= 192 or GE[i] ~= nil or GF[i] ~= nil
      or (r ~= nil and SHORT[r:sub(3)] ~= nil) or (LC[i] == "L" and C[i] ~= "p" and C[i] ~= "d")
  end
  for i = 1, n do
    if not CAND[i] then
      local nextcap = i < n and T[i + 1]:find("^%u") ~= nil
      if C[i] == "d" then
        CAND[i] = i > 1 and CAND[i - 1] and C[i - 1] ~= "p"
      elseif nextcap then
        for _, x in ipairs(LEX[LW[i]] or {}) do
          if (x == "CONNECTOR" and i > 1 and CAND[i - 1]) or x == "LOCHEAD" or x == "ORGHEAD" then CAND[i] = true end
        end
      end
    end
  end

  local F, off, S = {}, {}, strings and {} or nil
  local nf = 0
  local function lw_at(i) return i < 1 and "^" or i > n and "$" or LW[i] end
  local function c_at(i) return i < 1 and "^" or i > n and "$" or C[i] end
  for i = 1, n do
    off[i] = nf + 1
    if not CAND[i] then goto next end
    local t, lw, c = T[i], LW[i], C[i]
    local fs = { "b", "w:" .. t, "l:" .. lw, "sh:" .. shape(t), "c:" .. c, "k:" .. K[i],
      "pos:" .. POS[i] .. c, "lc:" .. LC[i] .. c, "lcp:" .. LC[i] .. POS[i] .. c }
    if c ~= "p" and c ~= "d" then
      local len = #lw
      for k = 1, 4 do
        if len > k then
          fs[#fs + 1] = "p" .. k .. ":" .. lw:sub(1, k)
          fs[#fs + 1] = "s" .. k .. ":" .. lw:sub(-k)
        end
      end
    end
    local l1, l2, r1, r2 = lw_at(i - 1), lw_at(i - 2), lw_at(i + 1), lw_at(i + 2)
    local c1, r1c = c_at(i - 1), c_at(i + 1)
    fs[#fs + 1] = "l-1:" .. l1
    fs[#fs + 1] = "l-2:" .. l2
    fs[#fs + 1] = "l+1:" .. r1
    fs[#fs + 1] = "l+2:" .. r2
    fs[#fs + 1] = "l-1l:" .. l1 .. "|" .. lw
    fs[#fs + 1] = "ll+1:" .. lw .. "|" .. r1
    fs[#fs + 1] = "c-1:" .. c1
    fs[#fs + 1] = "c+1:" .. r1c
    fs[#fs + 1] = "ccc:" .. c1 .. "|" .. c .. "|" .. r1c
    fs[#fs + 1] = "l-1c:" .. l1 .. "|" .. c
    fs[#fs + 1] = "cl+1:" .. c .. "|" .. r1
    -- lexicon classes of the word and its neighbours
    for _, x in ipairs(LEX[lw] or {}) do fs[#fs + 1] = "x:" .. x end
    for _, x in ipairs(LEX[l1] or {}) do fs[#fs + 1] = "x-1:" .. x end
    for _, x in ipairs(LEX[l2] or {}) do fs[#fs + 1] = "x-2:" .. x end
    for _, x in ipairs(LEX[r1] or {}) do fs[#fs + 1] = "x+1:" .. x end
    -- gazetteers
    local ge, gf = GE[i] or "O", GF[i] or "O"
    fs[#fs + 1] = "g:" .. ge
    fs[#fs + 1] = "gc:" .. ge .. "|" .. c
    fs[#fs + 1] = "gf:" .. gf .. "|" .. LC[i]
    fs[#fs + 1] = "g-1:" .. (GE[i - 1] or "O")
    fs[#fs + 1] = "g+1:" .. (GE[i + 1] or "O")
    -- the document
    fs[#fs + 1] = "dl:" .. (dlow[lw] and "1" or "0") .. (dcap[lw] and "1" or "0") .. c
    if use_rules then
      local r = R[i] or "O"
      fs[#fs + 1] = "r:" .. r
      fs[#fs + 1] = "rc:" .. r .. "|" .. c
      fs[#fs + 1] = "rlc:" .. r .. "|" .. LC[i]
      fs[#fs + 1] = "r-1:" .. (R[i - 1] or "O")
      fs[#fs + 1] = "r+1:" .. (R[i + 1] or "O")
      fs[#fs + 1] = "rr:" .. (R[i - 1] or "O") .. "|" .. r .. "|" .. (R[i + 1] or "O")
      fs[#fs + 1] = "dr:" .. (dbest[lw] or "-") .. "|" .. c
    end
    for _, s in ipairs(fs) do
      nf = nf + 1
      F[nf] = bucket_of[s]
    end
    if S then S[i] = fs end
    ::next::
  end
  off[n + 1] = nf + 1
  local fx = { T = T, A = A, B = B, F = F, off = off, C = C, rules = rules, S = S, n = n, CAND = CAND,
    POS = POS }
  if evidence then fx.K, fx.GE, fx.GF, fx.R = K, GE, GF, R end
  return fx
end

-- The features of the labels before: "t1:" the previous label, "t2:" the
-- two before, "t1c:" the previous label and this token's class.
local CLASSES = { "Xx", "XX", "X", "x", "Xm", "ad", "d", "p" }
local T1, T2, T1C = {}, {}, {}
local function init_dynamic()
  for y1 = 0, NL do
    local n1 = y1 == 0 and "^" or LABELS[y1]
    T1[y1] = bucket_of["t1:" .. n1]
    T1C[y1] = {}
    for _, c in ipairs(CLASSES) do T1C[y1][c] = bucket_of["t1c:" .. n1 .. "|" .. c] end
    for y2 = 0, NL do
      local n2 = y2 == 0 and "^" or LABELS[y2]
      T2[y2 * 8 + y1] = bucket_of["t2:" .. n2 .. "|" .. n1]
    end
  end
end

-- ---------------------------------------------------------------------------
-- Data

-- I-X may follow only B-X or I-X
local ALLOWED = {}
for y = 1, NL do
  ALLOWED[y] = {}
  for p = 0, NL do
    local l = LABELS[y]
    ALLOWED[y][p] = l:sub(1, 1) ~= "I" or (p > 0 and LABELS[p]:sub(3) == l:sub(3))
  end
end

--- Texts of a set: `{text, gold = {{start, stop, type}}}`, one per unit
-- (a document, the file or a sentence). `drop_at` leaves out gold names
-- that start with "@" or follow "@" or "#" (BTC's handles and hashtags,
-- which kata tags MENTION and HASHTAG).
local function set_items(files, spec)
  local docs = {}
  for _, f in ipairs(files) do
    for _, d in ipairs(N.read(N.path(f), spec.scheme)) do docs[#docs + 1] = d end
  end
  local texts = N.detok(docs, { per_doc = spec.unit == "doc", hyphen = spec.hyphen })
  local items = {}
  for _, t in ipairs(texts) do
    if spec.unit == "sentence" then
      for _, s in ipairs(t.sents) do
        local gold = {}
        for _, g in ipairs(N.gold_spans(s)) do
          gold[#gold + 1] = { start = s.start[g.first] - s.from + 1, stop = s.stop[g.last] - s.from + 1,
            type = g.type }
        end
        items[#items + 1] = { text = s.text, gold = gold }
      end
    else
      items[#items + 1] = { text = t.text, gold = N.text_gold(t) }
    end
  end
  -- kata's conventions: an abbreviation in brackets is a mention of its own
  -- ("Komisi Pemilihan Umum (KPU)" is two names), and a span holds no bracket
  if spec.brackets then
    for _, it in ipairs(items) do
      local out = {}
      for _, g in ipairs(it.gold) do
        local t = it.text:sub(g.start, g.stop)
        local head, open, inner = t:match("^(.-)(%s*%(%s*)(.-)%s*%)$")
        if head and N.GOLD2KATA[g.type] and not inner:find("[()]") then
          if head ~= "" then
            out[#out + 1] = { start = g.start, stop = g.start + #head - 1, type = g.type }
          end
          local a = g.start + #head + #open
          out[#out + 1] = { start = a, stop = a + #inner - 1, type = g.type }
        else
          out[#out + 1] = g
        end
      end
      it.gold = out
    end
  end
  if spec.drop_at then
    for _, it in ipairs(items) do
      for _, g in ipairs(it.gold) do
        local c0, c1 = it.text:sub(g.start - 1, g.start - 1), it.text:sub(g.start, g.start)
        if c1 == "@" or c0 == "@" or c0 == "#" then g.type = "MENTION" end
      end
    end
  end
  return items
end

--- The project's annotated fixtures (tests/fixtures/entities/dev).
local function fixture_items()
  local items = {}
  local p = io.popen("ls tests/fixtures/entities/dev/*.txt")
  local list = {}
  for path in p:lines() do list[#list + 1] = path end
  p:close()
  table.sort(list)
  for _, path in ipairs(list) do
    local f = assert(io.open(path, "rb"))
    local text = f:read("a")
    f:close()
    local gold = {}
    f = assert(io.open((path:gsub("%.txt$", ".gold")), "rb"))
    for line in f:lines() do
      local a, b, ty = line:match("^(%d+)\t(%d+)\t(%u+)")
      if a then gold[#gold + 1] = { start = tonumber(a), stop = tonumber(b), type = N.KATA2GOLD[ty] or ty } end
    end
    f:close()
    items[#items + 1] = { text = text, gold = gold }
  end
  return items
end

-- The shippable training data (README of ../shared/ner): name, files, how
-- its text is put together. `final` adds the dev splits.
local function training_sets(final)
  local s = {
    { "IDNer train", { "id-idner/train.txt" }, { unit = "file", brackets = true } },
    { "NERGrit train", { "id-nergrit/train_preprocess.txt" }, { unit = "sentence", brackets = true } },
    { "GUM train", { "en-gum/train.tsv" }, { unit = "doc", hyphen = true } },
    { "WikiGold", { "en-wikigold/wikigold.tsv" }, { unit = "doc" } },
    { "BTC train", { "en-btc/train.tsv" }, { unit = "sentence", drop_at = true } },
  }
  if final then
    s[#s + 1] = { "IDNer dev", { "id-idner/dev.txt" }, { unit = "file", brackets = true } }
    s[#s + 1] = { "NERGrit valid", { "id-nergrit/valid_preprocess.txt" }, { unit = "sentence", brackets = true } }
    s[#s + 1] = { "GUM dev", { "en-gum/dev.tsv" }, { unit = "doc", hyphen = true } }
    s[#s + 1] = { "BTC dev", { "en-btc/dev.tsv" }, { unit = "sentence", drop_at = true } }
  end
  return s
end

local function dev_sets()
  return {
    { name = "IDNer dev", files = { "id-idner/dev.txt" }, spec = { unit = "file" } },
    { name = "NERGrit valid", files = { "id-nergrit/valid_preprocess.txt" }, spec = { unit = "sentence" } },
    { name = "GUM dev", files = { "en-gum/dev.tsv" }, spec = { unit = "doc", hyphen = true } },
    { name = "BTC dev", files = { "en-btc/dev.tsv" }, spec = { unit = "sentence", drop_at = true } },
    { name = "CoNLL testa", files = { "en-conll2003/eng.testa" }, spec = { unit = "doc", scheme = "iob1" } },
  }
end

local function test_sets()
  local out = {}
  for _, set in ipairs(N.sets()) do
    if not opts.sets or opts.sets[set.key] then
      out[#out + 1] = { name = set.name, files = set.test, spec = { unit = set.unit, scheme = set.scheme },
        group = set.fold and set.name:gsub(" fold %d+$", "") or set.name }
    end
  end
  return out
end

--- The gold labels of a featurized text, and how many gold names no token
-- run can match (a boundary inside a token).
local function labels_of(fx, gold)
  local Y = {}
  for i = 1, fx.n do Y[i] = 1 end
  local lost = 0
  local tags = span_tags(fx.A, fx.B, gold, { PER = "PER", LOC = "LOC", ORG = "ORG" })
  for i, t in pairs(tags) do Y[i] = assert(LABEL_OF[t], t) end
  -- a name whose ends fall inside tokens
  local startof, stopof = {}, {}
  for i = 1, fx.n do startof[fx.A[i]] = true stopof[fx.B[i]] = true end
  for _, g in ipairs(gold) do
    if N.GOLD2KATA[g.type] and not (startof[g.start] and stopof[g.stop]) then lost = lost + 1 end
  end
  return Y, lost
end

-- ---------------------------------------------------------------------------
-- The perceptron

-- deterministic shuffle (a 32-bit LCG, not math.random)
local function shuffle(list, state)
  for i = #list, 2, -1 do
    state = (state * 1664525 + 1013904223) & 0xffffffff
    local j = state % i + 1
    list[i], list[j] = list[j], list[i]
  end
  return state
end

--- Greedy decoding of one text with weights W (1-based, bucket * 7 + label).
-- Returns the labels. On a tie the lower label wins (O first).
local function decode(W, fx)
  local F, off, C = fx.F, fx.off, fx.C
  local Y = {}
  local y1, y2 = 0, 0
  local CAND, POS = fx.CAND, fx.POS
  for i = 1, fx.n do
    if not CAND[i] then
      Y[i] = 1
      y2, y1 = y1, 1
      goto next
    end
    local d1, d2, d3 = T1[y1], T2[y2 * 8 + y1], T1C[y1][C[i]]
    local s1, s2, s3, s4, s5, s6, s7 = 0, 0, 0, 0, 0, 0, 0
    local o = off[i + 1]
    for j = off[i], o + 2 do
      local b
      if j < o then b = F[j] elseif j == o then b = d1 elseif j == o + 1 then b = d2 else b = d3 end
      b = b * 7
      s1, s2, s3, s4 = s1 + W[b + 1], s2 + W[b + 2], s3 + W[b + 3], s4 + W[b + 4]
      s5, s6, s7 = s5 + W[b + 5], s6 + W[b + 6], s7 + W[b + 7]
    end
    local sc = { s1, s2, s3, s4, s5, s6, s7 }
    local best, bs = 1, s1
    -- no name runs across a blank line (none does in the training text)
    local para = POS and POS[i] == "P"
    for y = 2, NL do
      if ALLOWED[y][y1] and sc[y] > bs and not (para and LABELS[y]:sub(1, 1) == "I") then best, bs = y, sc[y] end
    end
    Y[i] = best
    y2, y1 = y1, best
    ::next::
  end
  return Y
end

--- Trains on featurized texts; calls `each_epoch(e, averaged weights)` after
-- each epoch when given. Returns the averaged weights (floats).
-- how many times each source's texts are seen per epoch: IDNer, the one
-- Indonesian news set, three times (chosen on IDNer dev and NERGrit valid)
local WEIGHT = { idner = 3 }

local function train(data, epochs, seed, each_epoch)
  local size = (MASK + 1) * NL
  -- --adapt: each source also has weights of its own, used in training
  -- only (Daume III, "Frustratingly easy domain adaptation", 2007): what
  -- one corpus's conventions alone want goes there, not into the model
  local WS
  if opts.adapt then
    WS = {}
    for _, d in ipairs(data) do WS[d.src] = WS[d.src] or {} end
  end
  local W, U = {}, {}
  for k = 1, size do W[k] = 0 U[k] = 0 end
  local c = 1
  local order = {}
  for i = 1, #data do
    for _ = 1, WEIGHT[data[i].src] or 1 do order[#order + 1] = i end
  end
  local state = seed
  local function averaged()
    local out = {}
    for k = 1, size do out[k] = W[k] - U[k] / c end
    return out
  end
  for e = 1, epochs do
    local t0 = clock()
    state = shuffle(order, state)
    local errors, total = 0, 0
    for _, di in ipairs(order) do
      local fx, G = data[di].fx, data[di].Y
      local F, off, C, CAND = fx.F, fx.off, fx.C, fx.CAND
      local SW = WS and WS[data[di].src]
      local y1, y2 = 0, 0
      for i = 1, fx.n do
        if not CAND[i] then
          y2, y1 = y1, 1
          goto next
        end
        local d1, d2, d3 = T1[y1], T2[y2 * 8 + y1], T1C[y1][C[i]]
        local s1, s2, s3, s4, s5, s6, s7 = 0, 0, 0, 0, 0, 0, 0
        for j = off[i], off[i + 1] + 2 do
          local b
          local o = off[i + 1]
          if j < o then b = F[j] elseif j == o then b = d1 elseif j == o + 1 then b = d2 else b = d3 end
          b = b * 7
          s1, s2, s3, s4 = s1 + W[b + 1], s2 + W[b + 2], s3 + W[b + 3], s4 + W[b + 4]
          s5, s6, s7 = s5 + W[b + 5], s6 + W[b + 6], s7 + W[b + 7]
          if SW then
            local v = SW[b]
            if v then
              s1, s2, s3, s4 = s1 + v[1], s2 + v[2], s3 + v[3], s4 + v[4]
              s5, s6, s7 = s5 + v[5], s6 + v[6], s7 + v[7]
            end
          end
        end
        local sc = { s1, s2, s3, s4, s5, s6, s7 }
        local best, bs = 1, s1
        for y = 2, NL do
          if ALLOWED[y][y1] and sc[y] > bs then best, bs = y, sc[y] end
        end
        local g = G[i]
        total = total + 1
        if best ~= g then
          errors = errors + 1
          local o = off[i + 1]
          for j = off[i], o + 2 do
            local b
            if j < o then b = F[j] elseif j == o then b = d1 elseif j == o + 1 then b = d2 else b = d3 end
            b = b * 7
            W[b + g] = W[b + g] + 1
            U[b + g] = U[b + g] + c
            W[b + best] = W[b + best] - 1
            U[b + best] = U[b + best] - c
            if SW then
              local v = SW[b]
              if not v then v = { 0, 0, 0, 0, 0, 0, 0 } SW[b] = v end
              v[g] = v[g] + 1
              v[best] = v[best] - 1
            end
          end
        end
        c = c + 1
        y2, y1 = y1, best
        ::next::
      end
    end
    note("epoch %d: %d of %d tokens wrong (%.2f%%), %.1f s", e, errors, total, 100 * errors / total, clock() - t0)
    if each_epoch then each_epoch(e, averaged()) end
  end
  return averaged()
end

--- Weights as int16: w * scale rounded, scale = 32767 / max |w|.
local function quantise(Wf)
  local m = 0
  for k = 1, #Wf do
    local a = math.abs(Wf[k])
    if a > m then m = a end
  end
  local scale = m > 0 and 32767 / m or 1
  local Q = {}
  local nz = 0
  for k = 1, #Wf do
    local v = Wf[k] * scale
    v = v >= 0 and math.floor(v + 0.5) or -math.floor(-v + 0.5)
    Q[k] = v
    if v ~= 0 then nz = nz + 1 end
  end
  return Q, scale, nz
end

-- ---------------------------------------------------------------------------
-- Scoring

--- Name spans from labels: byte spans with gold-style types.
local function spans_of(fx, Y)
  local out, cur = {}, nil
  for i = 1, fx.n do
    local l = LABELS[Y[i]]
    if l == "O" then
      cur = nil
    elseif l:sub(1, 1) == "B" or not cur then
      cur = { start = fx.A[i], stop = fx.B[i], type = l:sub(3) }
      out[#out + 1] = cur
    else
      cur.stop = fx.B[i]
    end
  end
  return out
end

--- Scores weights W on sets of items; `variants` adds the rules alone.
-- Returns `{[set name] = {model = result, rules = result}}`.
local function score_sets(W, sets, use_rules)
  local out = {}
  for _, set in ipairs(sets) do
    set.items = set.items or set_items(set.files, set.spec)
    local tm, tr = N.tally(), N.tally()
    local dumpf = opts.dump and assert(io.open(opts.dump .. "/" .. set.name:gsub("[^%w]+", "_") .. ".txt", "wb"))
    for _, it in ipairs(set.items) do
      local fx = it.fx or featurize(it.text, use_rules)
      if set.keep then it.fx = fx end
      local Y = decode(W, fx)
      local pred = spans_of(fx, Y)
      N.add(tm, it.gold, pred)
      if dumpf then
        local gs, ps = {}, {}
        for _, g in ipairs(it.gold) do gs[g.start .. ":" .. g.stop] = g.type end
        for _, q in ipairs(pred) do ps[q.start .. ":" .. q.stop] = q.type end
        local function ctx(a, b)
          return (it.text:sub(math.max(1, a - 40), a - 1) .. "[" .. it.text:sub(a, b) .. "]"
            .. it.text:sub(b + 1, b + 40)):gsub("\n", " ")
        end
        for _, g in ipairs(it.gold) do
          local k = g.start .. ":" .. g.stop
          if N.GOLD2KATA[g.type] and ps[k] ~= g.type then
            dumpf:write("FN\t", g.type, "\t", ps[k] or "-", "\t", ctx(g.start, g.stop), "\n")
          end
        end
        for _, q in ipairs(pred) do
          local k = q.start .. ":" .. q.stop
          if gs[k] ~= q.type and not gs[k] then
            dumpf:write("FP\t", q.type, "\t", gs[k] or "-", "\t", ctx(q.start, q.stop), "\n")
          end
        end
      end
      local rules = {}
      for _, e in ipairs(fx.rules or kata.entities(it.text, { model = false })) do
        if N.KATA2GOLD[e.type] then
          rules[#rules + 1] = { start = e.start, stop = e.stop, type = N.KATA2GOLD[e.type] }
        end
      end
      N.add(tr, it.gold, rules)
    end
    if dumpf then dumpf:close() end
    out[set.name] = { model = N.result(tm), rules = N.result(tr) }
  end
  return out
end

local function pct(x) return ("%.1f"):format(x) end

-- ---------------------------------------------------------------------------
-- The model file

local TRAIN_DATA = "id-idner@625ff40(train+dev) id-nergrit@ce728f6(train+valid) en-gum@72ce5ac(train+dev) "
  .. "en-wikigold@27f595c en-btc@0c45ef7(train+dev) kata:tests/fixtures/entities/dev"

-- the last commit that changed the core or its entity data (the rules that
-- gave the features; the model's own scorer and the weights built in from
-- data/ner/model.bin aside), +dirty when the working tree changes them
local function git_head()
  local spec = " -- src/core data/entities ':!src/core/entities/model.c' ':!src/core/entities/model.h'"
    .. " ':!src/core/entities/model_data.h' 2>/dev/null"
  local p = io.popen("git log -1 --format=%h" .. spec)
  local h = p and p:read("l")
  if p then p:close() end
  if not h or h == "" then return "unknown" end
  p = io.popen("git status --porcelain --untracked-files=no" .. spec)
  local dirty = p and p:read("a") or ""
  if p then p:close() end
  return h .. (dirty ~= "" and "+dirty" or "")
end

--- The file: one header line (`kata-ner 1` and key=value words, `data=`
-- last, to the end of the line), then the payload: a bitmap of the
-- buckets that have a non-zero weight (bit b of byte k, least significant
-- first, is bucket 8k+b), then for each such bucket in order its 7 weights,
-- int16 little-endian. `checksum` is the FNV-1a 32 of the payload.
local function write_model(path, Q, scale, info)
  local nb = #Q // NL
  local bits, rows, used = {}, {}, 0
  for byte = 0, nb // 8 - 1 do
    local v = 0
    for bit = 0, 7 do
      local bk = byte * 8 + bit
      local base = bk * NL
      local any = false
      for l = 1, NL do
        if Q[base + l] ~= 0 then any = true break end
      end
      if any then
        v = v | (1 << bit)
        used = used + 1
        rows[#rows + 1] = string.pack("<i2i2i2i2i2i2i2", table.unpack(Q, base + 1, base + NL))
      end
    end
    bits[#bits + 1] = string.char(v)
  end
  local payload = table.concat(bits) .. table.concat(rows)
  local header = ("kata-ner 1 features=%d labels=%s buckets=%d used=%d hash=fnv1a32 scale=%.9g "
    .. "checksum=%08x tool=tools/train_ner.lua kata=%s seed=%d epochs=%d weight=%s rules=%s nfeatures=%d "
    .. "data=%s"):format(
    FEATURES_VERSION, table.concat(LABELS, ","), nb, used, scale, fnv1a(payload), git_head(), info.seed,
    info.epochs, info.weight, info.rules and "yes" or "no", info.nfeatures, TRAIN_DATA)
  local f = assert(io.open(path, "wb"))
  f:write(header, "\n", payload)
  f:close()
  return #header + 1 + #payload, used
end

--- Reads and checks a model file; returns the dense weights, the number
-- of buckets and the header's fields.
local function read_model(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("a")
  f:close()
  local nl = assert(data:find("\n", 1, true), "no header line")
  local header = data:sub(1, nl - 1)
  assert(header:find("^kata%-ner 1 "), "not a kata-ner 1 file")
  local h = {}
  for k, v in header:gmatch("(%w+)=(%S+)") do h[k] = h[k] or v end
  local nb, used = math.tointeger(tonumber(h.buckets)), math.tointeger(tonumber(h.used))
  assert(tonumber(h.features) == FEATURES_VERSION, "features version")
  assert(h.labels == table.concat(LABELS, ","), "labels")
  assert(nb and nb >= 8 and nb & (nb - 1) == 0 and used and used <= nb, "buckets")
  local payload = data:sub(nl + 1)
  assert(#payload == nb // 8 + used * 2 * NL, "size")
  assert(("%08x"):format(fnv1a(payload)) == h.checksum, "checksum")
  local Q = {}
  for k = 1, nb * NL do Q[k] = 0 end
  local pos = nb // 8 + 1
  local seen = 0
  for byte = 0, nb // 8 - 1 do
    local v = payload:byte(byte + 1)
    if v ~= 0 then
      for bit = 0, 7 do
        if v & (1 << bit) ~= 0 then
          local base = (byte * 8 + bit) * NL
          local w = { string.unpack("<i2i2i2i2i2i2i2", payload, pos) }
          for l = 1, NL do Q[base + l] = w[l] end
          pos = pos + 2 * NL
          seen = seen + 1
        end
      end
    end
  end
  assert(seen == used, "bitmap")
  return Q, nb, h
end

-- ---------------------------------------------------------------------------
-- Main

local function prepare(final, use_rules)
  local data, tokens, lost, names = {}, 0, 0, 0
  local nametoks, unread = 0, 0
  local t0 = clock()
  local sources = {}
  for _, s in ipairs(training_sets(final)) do
    if not opts.sources or opts.sources[s[1]:match("^%S+"):lower()] then
      sources[#sources + 1] = { s[1], set_items(s[2], s[3]) }
    end
  end
  if not opts.sources or opts.sources.fixtures then
    sources[#sources + 1] = { "kata fixtures dev", fixture_items() }
  end
  for _, src in ipairs(sources) do
    local ntok0 = tokens
    for _, it in ipairs(src[2]) do
      local fx = featurize(it.text, use_rules)
      local Y, l = labels_of(fx, it.gold)
      for _, g in ipairs(it.gold) do if N.GOLD2KATA[g.type] then names = names + 1 end end
      lost = lost + l
      tokens = tokens + fx.n
      for i = 1, fx.n do
        if Y[i] ~= 1 then
          nametoks = nametoks + 1
          if not fx.CAND[i] then unread = unread + 1 end
        end
      end
      data[#data + 1] = { fx = { F = fx.F, off = fx.off, C = fx.C, n = fx.n, CAND = fx.CAND }, Y = Y,
        src = src[1]:match("^%S+"):lower() }
    end
    note("%-18s %6d texts %7d tokens", src[1], #src[2], tokens - ntok0)
  end
  for s in pairs(bucket_of) do
    if not seen_feature[s] then seen_feature[s] = true nfeatures = nfeatures + 1 end
  end
  local cands = 0
  for _, d in ipairs(data) do for i = 1, d.fx.n do if d.fx.CAND[i] then cands = cands + 1 end end end
  note("training data: %d texts, %d tokens (%d read by the model), %d names (%d with a boundary inside a token), "
    .. "%d tokens in names (%d not read), %d feature strings; %.1f s", #data, tokens, cands, names, lost,
    nametoks, unread, nfeatures, clock() - t0)
  return data
end

--- Prints the scores of `res` (set name -> {rules =, model = [, alone =]}).
local function print_table(sets, res, title)
  print(title)
  print()
  local alone = res[sets[1].name].alone ~= nil
  print("| set | rules P | rules R | rules F1 |" .. (alone and " model alone F1 |" or "")
    .. " model P | model R | model F1 | model PER / LOC / ORG F1 |")
  print("|---|---:|---:|---:|" .. (alone and "---:|" or "") .. "---:|---:|---:|---|")
  local groups, order = {}, {}
  for _, set in ipairs(sets) do
    local g = set.group or set.name
    if not groups[g] then groups[g] = {} order[#order + 1] = g end
    table.insert(groups[g], res[set.name])
  end
  for _, g in ipairs(order) do
    local list = groups[g]
    local m = { rp = 0, rr = 0, rf = 0, af = 0, mp = 0, mr = 0, mf = 0, PER = 0, LOC = 0, ORG = 0 }
    for _, r in ipairs(list) do
      for _, ty in ipairs(N.NAMES) do m[ty] = m[ty] + r.model[ty].f end
      m.rp, m.rr, m.rf = m.rp + r.rules.all.p, m.rr + r.rules.all.r, m.rf + r.rules.all.f
      m.mp, m.mr, m.mf = m.mp + r.model.all.p, m.mr + r.model.all.r, m.mf + r.model.all.f
      if alone then m.af = m.af + r.alone.all.f end
    end
    local k = #list
    print(("| %s%s | %s | %s | %s |%s %s | %s | **%s** | %s / %s / %s |"):format(g,
      k > 1 and (", mean of %d folds"):format(k) or "",
      pct(m.rp / k), pct(m.rr / k), pct(m.rf / k), alone and (" %s |"):format(pct(m.af / k)) or "",
      pct(m.mp / k), pct(m.mr / k), pct(m.mf / k), pct(m.PER / k), pct(m.LOC / k), pct(m.ORG / k)))
  end
  print()
  io.stdout:flush()
end

local function reset_buckets(bits)
  MASK = (1 << bits) - 1
  for k in pairs(bucket_of) do bucket_of[k] = nil end
  init_dynamic()
end

reset_buckets(opts.bits)
local t_start = clock()
if opts.weight then WEIGHT = opts.weight end

if opts.fixture then
  local Q, nb, h = read_model(opts.fixture)
  reset_buckets(math.floor(math.log(nb, 2) + 0.5))
  print("# tests/fixtures/ner/tokens.tsv: GENERATED by tools/train_ner.lua --fixture (make train-ner)")
  print("# from " .. opts.fixture .. " (checksum " .. h.checksum .. "): each file's tokens, 0-based start,")
  print("# stop (exclusive), kind, lexicon classes, gazetteer tags (exact, folded), rule tag, the label")
  print("# the Lua scorer gives. tests/c/test_model.c checks the C scorer against it.")
  for _, path in ipairs(opts.files or {}) do
    local f = assert(io.open(path, "rb"))
    local text = f:read("a")
    f:close()
    local fx = featurize(text, h.rules == "yes", false, true)
    local Y = decode(Q, fx)
    print("file\t" .. path)
    for i = 1, fx.n do
      local lex = LEX[fx.T[i]:lower()]
      print(("%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s"):format(fx.A[i] - 1, fx.B[i], fx.K[i],
        lex and table.concat(lex, ",") or "-", fx.GE[i] or "O", fx.GF[i] or "O", fx.R[i] or "O",
        LABELS[Y[i]]))
    end
  end
elseif opts.tag then
  local Q, nb, h = read_model(opts.tag)
  reset_buckets(math.floor(math.log(nb, 2) + 0.5))
  for _, path in ipairs(opts.files or {}) do
    local f = assert(io.open(path, "rb"))
    local text = f:read("a")
    f:close()
    local fx = featurize(text, h.rules == "yes", opts.show_features)
    local Y = decode(Q, fx)
    if opts.show_features then
      for i = 1, fx.n do
        if fx.CAND[i] then
          print(("%s\t%d\t%d\t%s\t%s\t%s"):format(path, fx.A[i], fx.B[i], fx.T[i], LABELS[Y[i]],
            table.concat(fx.S[i], " ")))
        end
      end
    end
    local GK = { PER = "PERSON", LOC = "LOCATION", ORG = "ORGANIZATION" }
    for _, sp in ipairs(spans_of(fx, Y)) do
      print(("%s\t%d\t%d\t%s\t%s"):format(path, sp.start, sp.stop, GK[sp.type],
        (text:sub(sp.start, sp.stop):gsub("[\t\n]", " "))))
    end
  end
elseif opts.eval then
  local Q, nb, h = read_model(opts.eval)
  reset_buckets(math.floor(math.log(nb, 2) + 0.5))
  local use_rules = h.rules == "yes"
  local sets = test_sets()
  print_table(sets, score_sets(Q, sets, use_rules), ("Model %s (rules as features: %s)"):format(opts.eval, h.rules))
elseif opts.tune then
  local data = prepare(false, opts.rules)
  local sets = dev_sets()
  for _, set in ipairs(sets) do set.keep = true end
  train(data, opts.epochs, opts.seed, function(e, Wf)
    print_table(sets, score_sets(Wf, sets, opts.rules), ("Dev splits after epoch %d (%s)"):format(e,
      opts.rules and "with the rules' proposals" or "model alone"))
    if e == opts.epochs then
      local Q, scale = quantise(Wf)
      print_table(sets, score_sets(Q, sets, opts.rules), "The same, weights as int16")
      if opts.out_given then
        write_model(opts.out, Q, scale, { seed = opts.seed, epochs = opts.epochs, rules = opts.rules,
          nfeatures = nfeatures, weight = "tune" })
        note("wrote %s (trained without the dev splits)", opts.out)
      end
    end
  end)
else
  local sets = test_sets()
  local alone
  if opts.compare and opts.rules then
    -- the model alone, for the comparison only (not written)
    local data = prepare(true, false)
    local Wa = train(data, opts.epochs, opts.seed)
    data = nil -- luacheck: ignore 311
    alone = score_sets(quantise(Wa), sets, false)
    Wa = nil -- luacheck: ignore 311
    reset_buckets(opts.bits)
    nfeatures = 0
    seen_feature = {}
    collectgarbage()
  end
  local data = prepare(true, opts.rules)
  local Wf = train(data, opts.epochs, opts.seed)
  data = nil -- luacheck: ignore 311
  collectgarbage()
  local Q, scale, nz = quantise(Wf)
  Wf = nil -- luacheck: ignore 311
  local wl = {}
  for k, v in pairs(WEIGHT) do wl[#wl + 1] = k .. ":" .. v end
  table.sort(wl)
  local size, used = write_model(opts.out, Q, scale, { seed = opts.seed, epochs = opts.epochs, rules = opts.rules,
    nfeatures = nfeatures, weight = #wl > 0 and table.concat(wl, ",") or "-" })
  note("wrote %s: %d bytes; %d of %d weights non-zero, in %d of %d buckets", opts.out, size, nz, #Q, used, #Q // NL)
  local Q2 = read_model(opts.out)
  for k = 1, #Q do assert(Q2[k] == Q[k], "the file reads back differently") end
  local res = score_sets(Q, sets, opts.rules)
  if alone then
    for name, r in pairs(res) do r.alone = alone[name].model end
  end
  print_table(sets, res, ("Test sets, model %s (%s)%s"):format(opts.out,
    opts.rules and "with the rules' proposals as features" or "model alone",
    alone and "; model alone: the same trained without them" or ""))
end
note("%.1f s CPU", clock() - t_start)
