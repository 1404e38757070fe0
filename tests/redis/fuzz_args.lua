--- tests/redis/fuzz_args.lua: prints N redis-cli input lines that call the
-- module's commands with random mixes of their options, values, junk bytes,
-- invalid UTF-8 and empty strings (tests/redis/run.sh pipes them into the
-- server, which must answer each one and stay up).
--
--   lua5.4 tests/redis/fuzz_args.lua [N [SEED]]

local n = tonumber(arg[1]) or 2000
math.randomseed(tonumber(arg[2]) or 1)
local R = math.random

local commands = {"KATA.TOKENIZE", "KATA.KEYWORDS", "KATA.ENTITIES", "KATA.DEDUPE",
                  "KATA.DUPLICATES", "KATA.DUP.CREATE", "KATA.DUP.ADD", "KATA.DUP.CHECK",
                  "KATA.DUP.SIZE", "KATA.DUP.RESTORE", "KATA.ANALYZE", "KATA.LANGUAGE",
                  "KATA.PARAGRAPHS"}
local words = {"FOLD", "NORMALIZE", "STRICT", "SPACES", "N", "METHOD", "LANG", "NGRAMS",
               "MIN_LENGTH", "STEM", "NOSTOPWORDS", "NOFOLD", "NUMBERS", "UNIQUE_PARAGRAPHS",
               "TYPES", "BY", "THRESHOLD", "MIN_WORDS", "MEASURE", "SHINGLE", "BOILERPLATE",
               "NOBOILERPLATE", "nfc", "nfkd", "yake", "frequency", "tfidf", "id", "en",
               "auto", "und", "english", "PERSON", "money", "DATE", "blank", "line",
               "near", "exact", "containment", "jaccard", "TEXT", "ALL_PARAGRAPHS",
               "KEEP_DUPLICATES", "porter"}
local values = {"0", "1", "2", "3", "5", "-1", "0.5", "1.0000001", "1e309", "-0", "nan",
                "inf", "9223372036854775807", "9223372036854775808", "1073741825", "", " ",
                "0x10", "3 2"}
local texts = {
  "Presiden Joko Widodo tiba di Jakarta pada 12 Maret 2024 membawa Rp 1,5 miliar.",
  "Harga cabai naik.\n\nHarga cabai naik.\n\nBaca juga: harga cabai naik",
  "The Bank of England raised rates by 0.25% on Thursday, its ninth rise in a row.",
  "...", "\n\n\n", "#banjir @bmkg https://bmkg.go.id/x?y=1 info@bmkg.go.id",
}

local function junk(len)
  local t = {}
  for i = 1, len do t[i] = string.char(R(0, 255)) end
  return table.concat(t)
end

-- A random argument.
local function arg_()
  local k = R(1, 10)
  if k <= 4 then
    local w = words[R(#words)]
    return R(2) == 1 and w:lower() or w
  end
  if k <= 6 then return values[R(#values)] end
  if k == 7 then return texts[R(#texts)] end
  if k == 8 then return junk(R(0, 12)) end
  if k == 9 then return ("\xff\xc3\xe2\x82\xed\xa0\x80\xf4\x90"):sub(R(1, 9), R(1, 9)) end
  return texts[R(#texts)]:rep(R(1, 30))
end

local function quote(s)
  return '"' .. s:gsub('[\0-\31"\\\127-\255]', function(c)
    return string.format("\\x%02x", c:byte())
  end) .. '"'
end

-- Options with values the commands take (and some they do not).
local opts = {
  {"FOLD"}, {"STRICT"}, {"SPACES"}, {"STEM"}, {"NOSTOPWORDS"}, {"NOFOLD"}, {"NUMBERS"},
  {"UNIQUE_PARAGRAPHS"}, {"NOBOILERPLATE"}, {"ALL_PARAGRAPHS"}, {"KEEP_DUPLICATES"},
  {"NORMALIZE", "nfc", "nfd", "nfkc", "NFKD", "nfx"},
  {"N", "0", "1", "3", "10", "100000", "-1"},
  {"METHOD", "frequency", "yake", "keyphrase", "near", "exact", "tfidf"},
  {"LANG", "id", "en", "auto", "ID", "fr", "und", "english", "porter"},
  {"NGRAMS", "1", "2", "3", "4"},
  {"MIN_LENGTH", "0", "1", "3", "1048576"},
  {"TYPES", "PERSON", "money", "DATE", "LOCATION", "ORGANIZATION", "NUMBER", "EMAIL"},
  {"BY", "auto", "blank", "line"},
  {"THRESHOLD", "0", "0.5", "0.8", "1", "2"},
  {"MIN_WORDS", "0", "1", "5", "1073741824"},
  {"MEASURE", "jaccard", "containment"},
  {"SHINGLE", "1", "2", "5", "6"},
  {"BOILERPLATE", "baca juga", "Simak", "credit"},
}

-- The options each command takes (any option, a fifth of the time).
local takes = {
  ["KATA.TOKENIZE"] = "FOLD STRICT SPACES NORMALIZE",
  ["KATA.KEYWORDS"] = "N METHOD LANG NGRAMS MIN_LENGTH STEM NOSTOPWORDS NOFOLD NUMBERS UNIQUE_PARAGRAPHS",
  ["KATA.ENTITIES"] = "LANG TYPES STRICT",
  ["KATA.DEDUPE"] = "BY THRESHOLD MIN_WORDS METHOD MEASURE SHINGLE BOILERPLATE NOBOILERPLATE",
  ["KATA.DUPLICATES"] = "BY THRESHOLD MIN_WORDS METHOD MEASURE SHINGLE BOILERPLATE NOBOILERPLATE",
  ["KATA.DUP.CREATE"] = "THRESHOLD MIN_WORDS METHOD SHINGLE BOILERPLATE NOBOILERPLATE",
  ["KATA.ANALYZE"] = "N LANG THRESHOLD BY UNIQUE_PARAGRAPHS ALL_PARAGRAPHS KEEP_DUPLICATES",
  ["KATA.LANGUAGE"] = "",
  ["KATA.PARAGRAPHS"] = "BY",
}
local by_cmd = {}
for cmd, list in pairs(takes) do
  by_cmd[cmd] = {}
  for w in list:gmatch("%S+") do
    for _, o in ipairs(opts) do
      if o[1] == w then table.insert(by_cmd[cmd], o) end
    end
  end
end

local function options(args)
  for _ = 1, R(0, 5) do
    local list = (R(5) == 1 or #by_cmd[args[1]] == 0) and opts or by_cmd[args[1]]
    local o = list[R(#list)]
    args[#args + 1] = R(4) == 1 and o[1]:lower() or o[1]
    if #o > 1 then
      local k = R(10)
      if k <= 8 then args[#args + 1] = o[R(2, #o)] elseif k == 9 then args[#args + 1] = arg_() end
      if o[1] == "NGRAMS" or o[1] == "TYPES" then
        for _ = 1, R(0, 2) do args[#args + 1] = o[R(2, #o)] end
      end
    end
  end
  if R(5) == 1 then args[#args + 1] = arg_() end
end

local out = {}
for i = 1, n do
  local cmd = commands[R(#commands)]
  local args = {cmd}
  local text = R(3) == 1 and arg_() or texts[R(#texts)]
  if cmd == "KATA.DUP.CREATE" then
    args[2] = "fuzz:" .. R(1, 3000)
    options(args)
  elseif cmd == "KATA.DUP.ADD" then
    args[2], args[3], args[4] = "fuzz:" .. R(1, 3), arg_(), text
  elseif cmd == "KATA.DUP.CHECK" then
    args[2], args[3] = "fuzz:" .. R(1, 3), text
  elseif cmd == "KATA.DUP.SIZE" then
    args[2] = "fuzz:" .. R(1, 3)
  elseif cmd == "KATA.DUP.RESTORE" then
    args[2], args[3] = "fuzz:other", arg_()
  elseif R(4) == 1 then -- the text last
    options(args)
    args[#args + 1] = "TEXT"
    args[#args + 1] = text
  else
    args[2] = text
    options(args)
  end
  if R(10) == 1 then -- the wrong number of arguments
    if R(2) == 1 then args[#args] = nil else args[#args + 1] = arg_() end
  end
  for k = 2, #args do args[k] = quote(args[k]) end
  out[i] = table.concat(args, " ")
end
io.write(table.concat(out, "\n"), "\n")
