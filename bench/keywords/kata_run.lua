--- bench/keywords/kata_run.lua: kata's keyword methods on one keyphrase set.
--
--   lua5.4 bench/keywords/kata_run.lua SET METHOD OUT
--
-- SET is a folder name of ../shared/keyphrase (see kplib.lua), METHOD one of
-- the names below, OUT the file for the predictions (id<TAB>phrase lines,
-- best first, 10 a document). Prints one line: METHOD<TAB>documents<TAB>
-- CPU seconds of the keyword calls alone (os.clock; reading the files and,
-- for tfidf, building the corpus of the whole set are not timed).
--
--   frequency   kata.keywords(text, {method = "frequency", lang = L})
--   tfidf       corpus:keywords(text) with a kata.corpus({lang = L}) of every
--               document of the set
--   yake        kata.keywords(text, {method = "yake", lang = L})
--   yake1       the same with ngrams = 1
--   proto       the Lua prototype of the key-phrase method (keyphrase.lua)
--   keyphrase   kata.keywords(text, {lang = L}): the default method, the C
--               key phrases (kata_keyphrase_run) through the binding

local kata = require("kata")
local kp = require("kplib")

local setname, method, out = arg[1], arg[2], arg[3]
local set
for _, s in ipairs(kp.sets) do if s.name == setname then set = s end end
assert(set and method and out, "usage: kata_run.lua SET METHOD OUT")
local docs = assert(kp.load(set))
local L = set.lang

local run
if method == "frequency" then
  run = function(t) return kata.keywords(t, { method = "frequency", lang = L, n = kp.K }) end
elseif method == "tfidf" then
  local c = kata.corpus({ lang = L })
  for _, d in ipairs(docs) do c:add(d.text, d.id) end
  run = function(t) return c:keywords(t, { n = kp.K }) end
elseif method == "yake" then
  run = function(t) return kata.keywords(t, { method = "yake", lang = L, n = kp.K }) end
elseif method == "yake1" then
  run = function(t) return kata.keywords(t, { method = "yake", lang = L, n = kp.K, ngrams = 1 }) end
elseif method == "proto" then
  local proto = require("keyphrase")
  run = function(t) return proto.keyphrases(t, { lang = L, n = kp.K }) end
elseif method == "keyphrase" then
  run = function(t) return kata.keywords(t, { lang = L, n = kp.K }) end
else
  error("unknown method " .. method)
end

local results = {}
collectgarbage()
local t0 = os.clock()
for i, d in ipairs(docs) do results[i] = run(d.text) end
local secs = os.clock() - t0
local f = assert(io.open(out, "wb"))
for i, d in ipairs(docs) do
  for _, kw in ipairs(results[i]) do
    f:write(d.id, "\t", (kw.term:gsub("[\t\n]", " ")), "\n")
  end
end
f:close()
print(string.format("%s\t%d\t%.3f", method, #docs, secs))
