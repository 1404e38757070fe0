--- tests/redis/parity.lua: writes the Redis module's parity cases: for each,
-- DIR/NAME.cmd (redis-cli input lines, every argument quoted and escaped)
-- and DIR/NAME.want (what `redis-cli --raw` must print: the Lua API's
-- result for the same text and options, flattened one value a line).
--
--   lua5.4 tests/redis/parity.lua DIR
--
-- Run from the repository's root with the Lua module built (make).

package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath
local kata = require "kata"

local dir = assert(arg[1], "usage: parity.lua DIR")

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- An argument as redis-cli reads it from a line: double quotes, with \xHH
-- for every byte that is not printable ASCII.
local function quote(s)
  return '"' .. s:gsub('[\0-\31"\\\127-\255]', function(c)
    return string.format("\\x%02x", c:byte())
  end) .. '"'
end

-- The shortest of %.15g, %.16g, %.17g that reads back as d (the module's
-- rule for numbers that are not integers).
local function num(d)
  if math.type(d) == "integer" then return tostring(d) end
  for _, p in ipairs{15, 16, 17} do
    local s = string.format("%." .. p .. "g", d)
    if tonumber(s) == d then return s end
  end
end

local cases = {}
local function case(name, args, lines)
  local cmd = {}
  for i, a in ipairs(args) do cmd[i] = quote(a) end
  cases[#cases + 1] = {name = name, cmd = table.concat(cmd, " ") .. "\n",
                       want = table.concat(lines, "\n") .. "\n"}
end

local function add(out, ...)
  for i = 1, select("#", ...) do out[#out + 1] = select(i, ...) end
end

local texts = {
  berita = slurp("samples/berita.txt"),
  airline = slurp("tests/fixtures/en-airline-grounding.txt"),
  dermaga = slurp("tests/fixtures/dup-id-dermaga.txt"),
  desal = slurp("tests/fixtures/dup-en-desal.txt"),
  -- a short Indonesian text (id-keps' kind): verb forms alone, the
  -- phrases' words fill the list (docs/keywords.md)
  tweet = "para PNS sibuk mengantre di bank bca",
}

-- Tokens
for _, c in ipairs{
  {"tokenize-berita", "berita", {}, nil},
  {"tokenize-airline-fold", "airline", {"FOLD", "NORMALIZE", "nfkc", "SPACES"},
   {fold = true, normalize = "nfkc", spaces = true}},
} do
  local out = {}
  for _, t in ipairs(kata.tokenize(texts[c[2]], c[4])) do
    add(out, "text", t.text, "kind", t.kind, "start", t.start, "stop", t.stop)
  end
  local args = {"KATA.TOKENIZE", texts[c[2]]}
  for _, a in ipairs(c[3]) do args[#args + 1] = a end
  case(c[1], args, out)
end

-- Keywords
for _, c in ipairs{
  {"keywords-berita", "berita", {}, {}},
  {"keywords-berita-frequency", "berita", {"METHOD", "frequency"}, {method = "frequency"}},
  {"keywords-berita-keyphrase", "berita", {"N", "5", "METHOD", "keyphrase", "NOFOLD"},
   {n = 5, method = "keyphrase", fold = false}},
  {"keywords-airline-keyphrase-ngrams", "airline", {"NGRAMS", "2", "STEM"}, {ngrams = 2, stem = true}},
  {"keywords-berita-yake", "berita", {"N", "5", "METHOD", "yake"}, {n = 5, method = "yake"}},
  {"keywords-berita-stem", "berita", {"N", "8", "STEM", "LANG", "id", "NGRAMS", "1", "2"},
   {n = 8, stem = true, lang = "id", ngrams = {1, 2}}},
  {"keywords-tweet-id", "tweet", {"LANG", "id"}, {lang = "id"}},
  {"keywords-airline", "airline", {"N", "12", "LANG", "en", "STEM", "NUMBERS"},
   {n = 12, lang = "en", stem = true, numbers = true}},
  {"keywords-airline-yake", "airline", {"METHOD", "yake", "NGRAMS", "2", "MIN_LENGTH", "4"},
   {method = "yake", ngrams = 2, min_length = 4}},
  -- n sizes no work: at most 100 phrases (issue 13)
  {"keywords-airline-yake-n", "airline", {"METHOD", "yake", "N", "1073741824"},
   {method = "yake", n = 2 ^ 30}},
  {"keywords-dermaga-unique", "dermaga", {"UNIQUE_PARAGRAPHS", "NOSTOPWORDS", "NOFOLD"},
   {unique_paragraphs = true, stopwords = false, fold = false}},
} do
  local out = {}
  for _, k in ipairs(kata.keywords(texts[c[2]], c[4])) do
    add(out, "term", k.term, "count", k.count, "score", num(k.score))
    if k.yake then add(out, "yake", num(k.yake)) end
  end
  local args = {"KATA.KEYWORDS", texts[c[2]]}
  for _, a in ipairs(c[3]) do args[#args + 1] = a end
  case(c[1], args, out)
end

-- One answer on every route (issue 17): KATA.KEYWORDS gives the key
-- phrases kata.analyze reports, with its defaults (a repeated paragraph counted
-- once) and with ALL_PARAGRAPHS / unique_paragraphs = false.
for _, c in ipairs{
  {"keywords-berita-analyze", "berita", {}, nil},
  {"keywords-berita-analyze-all", "berita", {"ALL_PARAGRAPHS"}, {unique_paragraphs = false}},
  {"keywords-dermaga-analyze", "dermaga", {}, nil},
} do
  local out = {}
  for _, k in ipairs(kata.analyze(texts[c[2]], c[4]).key_phrases) do
    add(out, "term", k.term, "count", k.count, "score", num(k.score))
  end
  local args = {"KATA.KEYWORDS", texts[c[2]]}
  for _, a in ipairs(c[3]) do args[#args + 1] = a end
  case(c[1], args, out)
end

-- Entities
local function entities(name, text, args, opts)
  local out = {}
  for _, e in ipairs(kata.entities(text, opts)) do
    add(out, "text", e.text, "type", e.type, "start", e.start, "stop", e.stop)
    if type(e.value) == "table" then
      add(out, "value", "amount", num(e.value.amount), "currency", e.value.currency)
    elseif e.value ~= nil then
      add(out, "value", type(e.value) == "number" and num(e.value) or e.value)
    end
  end
  local a = {"KATA.ENTITIES", text}
  for _, x in ipairs(args) do a[#a + 1] = x end
  case(name, a, out)
end
entities("entities-berita", texts.berita, {}, nil)
entities("entities-airline", texts.airline, {"LANG", "en"}, {lang = "en"})
entities("entities-berita-types", texts.berita, {"TYPES", "person", "LOCATION", "MONEY"},
         {types = {"PERSON", "LOCATION", "MONEY"}})

-- Duplicates and dedupe
for _, c in ipairs{
  {"dermaga", {}, nil},
  {"desal", {"THRESHOLD", "0.5", "SHINGLE", "2"}, {threshold = 0.5, shingle = 2}},
  {"desal", {"METHOD", "exact", "BY", "line"}, {method = "exact", by = "line"}},
  {"dermaga", {"MEASURE", "containment", "MIN_WORDS", "3", "NOBOILERPLATE"},
   {measure = "containment", min_words = 3, boilerplate = false}},
} do
  local text, suffix = texts[c[1]], table.concat(c[2], "-"):lower()
  local out = {}
  for _, d in ipairs(kata.duplicates(text, c[3])) do
    if d then add(out, "dup_of", d.dup_of, "similarity", num(d.similarity), "kind", d.kind)
    else add(out, "") end
  end
  local a = {"KATA.DUPLICATES", text}
  for _, x in ipairs(c[2]) do a[#a + 1] = x end
  case("duplicates-" .. c[1] .. (suffix ~= "" and "-" .. suffix or ""), a, out)
  local kept, removed = kata.dedupe(text, c[3])
  a[1] = "KATA.DEDUPE"
  case("dedupe-" .. c[1] .. (suffix ~= "" and "-" .. suffix or ""), a,
       {"text", kept, "removed", tostring(removed)})
end

-- KATA.ANALYZE: kata.analyze's report (duplicates marked) field by field;
-- an empty list is one empty line in redis-cli --raw.
local function list(out, items, each)
  if #items == 0 then add(out, "") end
  for _, x in ipairs(items) do each(x) end
end
local function analyze(name, text, args, opts)
  local o = {duplicates = "mark"}
  for k, v in pairs(opts or {}) do o[k] = v end
  local r = kata.analyze(text, o)
  local c = r.counts
  local out = {"language", r.language, "confidence", num(r.confidence), "counts",
               "bytes", c.bytes, "characters", c.characters, "invalid", c.invalid}
  if c.first_invalid then add(out, "first_invalid", c.first_invalid) end
  add(out, "words", c.words, "sentences", c.sentences, "paragraphs", c.paragraphs,
      "duplicates", c.duplicates, "keywords")
  list(out, r.keywords, function(k) add(out, "term", k.term, "count", k.count, "score", num(k.score)) end)
  add(out, "key_phrases")
  list(out, r.key_phrases, function(k)
    add(out, "term", k.term, "count", k.count, "score", num(k.score))
    if k.yake then add(out, "yake", num(k.yake)) end
  end)
  add(out, "entities")
  for _, t in ipairs(kata.entity_types) do
    add(out, t)
    list(out, r.entities[t], function(e)
      add(out, "text", e.text, "count", e.count)
      if type(e.value) == "table" then
        add(out, "value", "amount", num(e.value.amount), "currency", e.value.currency)
      elseif e.value ~= nil then
        add(out, "value", type(e.value) == "number" and num(e.value) or e.value)
      end
    end)
  end
  add(out, "duplicates")
  local dups = {}
  for i, p in ipairs(r.paragraphs) do
    if p.dup_of then dups[#dups + 1] = {i, p} end
  end
  list(out, dups, function(x)
    local p = x[2]
    add(out, "paragraph", x[1], "text", p.text, "start", p.start, "stop", p.stop,
        "dup_of", p.dup_of, "similarity", num(p.similarity), "kind", p.kind)
  end)
  for i = 1, #out do out[i] = tostring(out[i]) end
  local a = {"KATA.ANALYZE", text}
  for _, x in ipairs(args) do a[#a + 1] = x end
  case(name, a, out)
  -- the same with the text last (redis-cli -x)
  a = {"KATA.ANALYZE"}
  for _, x in ipairs(args) do a[#a + 1] = x end
  a[#a + 1] = "TEXT"
  a[#a + 1] = text
  case(name .. "-text-last", a, out)
end
texts.news = slurp("../shared/samples/news-id-duplicated.txt")
analyze("analyze-berita", texts.berita, {}, nil)
analyze("analyze-dermaga", texts.dermaga, {"N", "5"}, {n = 5})
analyze("analyze-desal", texts.desal, {"LANG", "en", "THRESHOLD", "0.5", "BY", "blank"},
        {lang = "en", threshold = 0.5, by = "blank"})
analyze("analyze-airline-all", texts.airline, {"ALL_PARAGRAPHS", "N", "3"},
        {unique_paragraphs = false, n = 3})
analyze("analyze-news", texts.news, {}, nil)
analyze("analyze-news-keep", texts.news, {"KEEP_DUPLICATES", "LANG", "porter"},
        {duplicates = false, lang = "porter"})
analyze("analyze-invalid-utf8", "Harga \255\254 naik di Jakarta.\n\nHarga \255\254 naik di Jakarta.\n\n" ..
        "GARUT Garut garut\n\nBank\nof England\n\nGempa mengguncang GARUT pagi ini.\n\n" ..
        "Warga Garut mengungsi ke Bandung.", {}, nil)

-- KATA.LANGUAGE and KATA.PARAGRAPHS
for _, name in ipairs{"berita", "airline", "desal"} do
  local code, conf = kata.language(texts[name])
  case("language-" .. name, {"KATA.LANGUAGE", texts[name]}, {"language", code, "confidence", num(conf)})
  case("language-" .. name .. "-text-last", {"KATA.LANGUAGE", "TEXT", texts[name]},
       {"language", code, "confidence", num(conf)})
end
for _, c in ipairs{{"berita", {}, nil}, {"desal", {"BY", "line"}, {by = "line"}}} do
  local out = {}
  for _, p in ipairs(kata.paragraphs(texts[c[1]], c[3])) do
    add(out, "text", p.text, "start", tostring(p.start), "stop", tostring(p.stop))
  end
  local a = {"KATA.PARAGRAPHS", texts[c[1]]}
  for _, x in ipairs(c[2]) do a[#a + 1] = x end
  case("paragraphs-" .. c[1] .. (c[3] and "-line" or ""), a, out)
end

-- The text last after TEXT on the other text commands
do
  local out = {}
  for _, k in ipairs(kata.keywords(texts.berita, {n = 4, method = "yake"})) do
    add(out, "term", k.term, "count", k.count, "score", num(k.score))
    if k.yake then add(out, "yake", num(k.yake)) end
  end
  case("keywords-text-last", {"KATA.KEYWORDS", "N", "4", "METHOD", "yake", "TEXT", texts.berita}, out)
  out = {}
  for _, t in ipairs(kata.tokenize("TEXT", {fold = true})) do
    add(out, "text", t.text, "kind", t.kind, "start", t.start, "stop", t.stop)
  end
  -- the text "TEXT" itself, given last; with one argument after it, the
  -- word TEXT first is the keyword: KATA.TOKENIZE TEXT FOLD reads "FOLD"
  case("tokenize-text-word-last", {"KATA.TOKENIZE", "FOLD", "TEXT", "TEXT"}, out)
  out = {}
  for _, t in ipairs(kata.tokenize("TEXT")) do
    add(out, "text", t.text, "kind", t.kind, "start", t.start, "stop", t.stop)
  end
  case("tokenize-text-word", {"KATA.TOKENIZE", "TEXT"}, out)
  out = {}
  for _, t in ipairs(kata.tokenize("FOLD")) do
    add(out, "text", t.text, "kind", t.kind, "start", t.start, "stop", t.stop)
  end
  case("tokenize-text-keyword", {"KATA.TOKENIZE", "TEXT", "FOLD"}, out)
end

-- Large texts (issue 18): 1.2 MB, over the module's THREAD_MIN_BYTES (256
-- KiB) and its TRIM_AFTER (1 MiB), so run in a background thread; the same
-- replies as the Lua API (tests/redis/run.sh runs the "large-" cases on a
-- server without threads too).
do
  local parts, size, n = {}, 0, 0
  while size < 1200000 do
    n = n + 1
    parts[n] = texts.berita .. "\n\n" .. texts.airline .. "\n\nBerita " .. n .. " selesai.\n\n"
    size = size + #parts[n]
  end
  local big = table.concat(parts)
  entities("large-entities", big, {}, nil)
  analyze("large-analyze", big, {"N", "5"}, {n = 5})
  local out = {}
  for _, k in ipairs(kata.keywords(big, {method = "yake"})) do
    add(out, "term", k.term, "count", k.count, "score", num(k.score), "yake", num(k.yake))
  end
  case("large-keywords-yake", {"KATA.KEYWORDS", big, "METHOD", "yake"}, out)
  out = {}
  for _, d in ipairs(kata.duplicates(big)) do
    if d then add(out, "dup_of", d.dup_of, "similarity", num(d.similarity), "kind", d.kind)
    else add(out, "") end
  end
  case("large-duplicates", {"KATA.DUPLICATES", big}, out)
  local kept, removed = kata.dedupe(big, {boilerplate = {"baca juga"}})
  case("large-dedupe", {"KATA.DEDUPE", big, "BOILERPLATE", "baca juga"},
       {"text", kept, "removed", tostring(removed)})
  local code, conf = kata.language(big)
  case("large-language", {"KATA.LANGUAGE", big}, {"language", code, "confidence", num(conf)})
  out = {}
  for _, p in ipairs(kata.paragraphs(big)) do
    add(out, "text", p.text, "start", tostring(p.start), "stop", tostring(p.stop))
  end
  case("large-paragraphs", {"KATA.PARAGRAPHS", big}, out)
  out = {}
  for _, t in ipairs(kata.tokenize(big, {fold = true})) do
    add(out, "text", t.text, "kind", t.kind, "start", t.start, "stop", t.stop)
  end
  case("large-tokenize-fold", {"KATA.TOKENIZE", big, "FOLD"}, out)
  case("large-strict-error", {"KATA.ENTITIES", big .. "\255", "STRICT"},
       {"ERR invalid UTF-8 at byte " .. (#big + 1), ""})
  -- DIR/huge.txt (4 MB) for redis-cli -x KATA.ENTITIES, and DIR/huge.want
  local huge = table.concat({big, big, big, big}, "\n\n")
  local f = assert(io.open(dir .. "/huge.txt", "wb"))
  f:write(huge)
  f:close()
  local save = #cases
  entities("huge", huge, {}, nil)
  f = assert(io.open(dir .. "/huge.want", "wb"))
  f:write(cases[save + 1].want)
  f:close()
  cases[save + 1] = nil
end

-- The index: every paragraph of both duplicate fixtures added, then each
-- checked again (a new index per key).
do
  local idx = kata.index()
  local cmds, out = {}, {}
  local n = 0
  for _, name in ipairs{"dermaga", "desal"} do
    for _, p in ipairs(kata.paragraphs(texts[name])) do
      n = n + 1
      local id = name .. ":" .. n
      cmds[#cmds + 1] = {"KATA.DUP.ADD", "parity:index", id, p.text}
      local key, sim, kind = idx:add(id, p.text)
      if key then add(out, "id", key, "similarity", num(sim), "kind", kind)
      else add(out, "") end
    end
  end
  for _, name in ipairs{"dermaga", "desal"} do
    for _, p in ipairs(kata.paragraphs(texts[name])) do
      cmds[#cmds + 1] = {"KATA.DUP.CHECK", "parity:index", p.text}
      local key, sim, kind = idx:check(p.text)
      if key then add(out, "id", key, "similarity", num(sim), "kind", kind)
      else add(out, "") end
    end
  end
  cmds[#cmds + 1] = {"KATA.DUP.SIZE", "parity:index"}
  add(out, tostring(idx:size()))
  local lines = {}
  for i, c in ipairs(cmds) do
    local q = {}
    for j, a in ipairs(c) do q[j] = quote(a) end
    lines[i] = table.concat(q, " ")
  end
  cases[#cases + 1] = {name = "index", cmd = table.concat(lines, "\n") .. "\n",
                       want = table.concat(out, "\n") .. "\n"}
end

for _, c in ipairs(cases) do
  local f = assert(io.open(dir .. "/" .. c.name .. ".cmd", "wb"))
  f:write(c.cmd)
  f:close()
  f = assert(io.open(dir .. "/" .. c.name .. ".want", "wb"))
  f:write(c.want)
  f:close()
  print(c.name)
end
