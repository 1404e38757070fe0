-- limits.lua: the input limit (2^31 - 1 bytes) at its edge, with real
-- 2 GiB strings (run by .ci/run; about 4.5 GB of memory, Lua 5.4 only):
--   * a text of exactly 2^31 - 1 bytes is taken, and offsets near the end
--     are right (a word at byte 2,147,483,643);
--   * one byte more, and every function that takes a text returns
--     nil, "input too long (2147483648 bytes; at most 2147483647)".
-- usage: lua5.4 tests/limits.lua
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath
local kata = require("kata")
local P = require("kata.pipeline")

local passed, failed = 0, 0
local function check(ok, what)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    print("FAIL " .. what)
  end
end

local LIMIT = 2147483647
local MiB = 1048576
-- 2^31 - 1 bytes: 2047 MiB of spaces, 1 MiB less 6 bytes of spaces, "kata."
local block = string.rep(" ", MiB)
local edge = string.rep(block, 2047) .. string.rep(" ", MiB - 6) .. "kata."
check(#edge == LIMIT, "the edge text is 2^31 - 1 bytes")

check(kata.validate(edge) == true, "validate at the limit")
local all = {}
for text, kind, start, stop in kata.tokens(edge) do all[#all + 1] = {text, kind, start, stop} end
check(#all == 2 and all[1][1] == "kata" and all[1][3] == LIMIT - 4 and all[1][4] == LIMIT - 1 and
      all[2][1] == "." and all[2][2] == "punct" and all[2][3] == LIMIT and all[2][4] == LIMIT,
      "tokens at the limit: 'kata' at 2147483643..2147483646, '.' at 2147483647")
local toks = kata.tokenize(edge)
check(#toks == 2 and toks[1].start == LIMIT - 4 and toks[2].stop == LIMIT, "tokenize at the limit")
check(#kata.words(edge) == 1 and kata.words(edge)[1] == "kata", "words at the limit")

-- One byte over: every text-taking function says so and makes nothing.
local over = edge .. "x"
edge = nil -- luacheck: ignore 311
collectgarbage()
local MSG = "input too long (2147483648 bytes; at most 2147483647)"
local function too_long(name, f, ...)
  local ok, a, b = pcall(f, ...)
  check(ok and a == nil and b == MSG, name .. " over the limit: " .. tostring(a) .. ", " ..
        tostring(b))
end
local corpus = kata.corpus()
local idx = kata.index()
local g = kata.gazetteer({{"Jakarta", "LOCATION"}})
too_long("segments", kata.segments, over)
too_long("sentences", kata.sentences, over)
too_long("tokenize", kata.tokenize, over)
too_long("tokens", kata.tokens, over)
too_long("words", kata.words, over)
too_long("normalize", kata.normalize, over)
too_long("casefold", kata.casefold, over)
too_long("validate", kata.validate, over)
too_long("count", kata.count, over)
too_long("count of an array", kata.count, {"satu", over})
too_long("keywords", kata.keywords, over)
too_long("corpus:add", corpus.add, corpus, over)
too_long("corpus:keywords", corpus.keywords, corpus, over)
too_long("stem", kata.stem, over, "en")
too_long("language", kata.language, over)
too_long("paragraphs", kata.paragraphs, over)
too_long("duplicates", kata.duplicates, over)
too_long("duplicates of an array", kata.duplicates, {"satu", over})
too_long("dedupe", kata.dedupe, over)
too_long("index:add", idx.add, idx, "k", over)
too_long("index:check", idx.check, idx, over)
too_long("entities", kata.entities, over)
too_long("gazetteer:match", g.match, g, over)
too_long("analyze", kata.analyze, over)
too_long("pipeline.across", function(s)
  local reps, errs = P.across({s})
  return #reps == 0 and errs[1] and nil, errs[1] and errs[1].error
end, over)
check(idx:size() == 0 and corpus:size() == 0, "nothing was added over the limit")

print(string.format("limits: %d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
