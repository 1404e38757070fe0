-- valgrind.lua: drives every kata function once over messy text, for
-- `valgrind lua5.4 tests/valgrind.lua` in .ci/run (leaks, bad reads).
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath
local kata = require("kata")

local text = "Presiden Jokowi bertemu \xE2\x80\x9Cwarga\xE2\x80\x9D di https://a.id/x. "
  .. "Stra\xC3\x9F" .. "e \xC4\xB0 \xEF\xAC\x81 \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 "
  .. "bad \xFF\xE0\x80 1.500,50 #tag @user a@b.co roket-roket. Kamis (25/2)!\n\n"
text = text:rep(20)
local n = 0
for _ in kata.tokens(text, { fold = true, normalize = "nfkc", spaces = true }) do n = n + 1 end
assert(n > 0)
assert(#kata.tokenize(text, { fold = true }) > 0)
assert(#kata.words(text, { normalize = "nfd" }) > 0)
assert(#kata.segments(text) > 0 and #kata.sentences(text, { trim = true }) > 0)
for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd", "nfkc_casefold" }) do
  assert(#kata.normalize(text, form) > 0)
end
assert(#kata.casefold(text) > 0)
assert(kata.validate(text) == false)
assert(kata.tokens(text, { strict = true }) == nil)
assert(not pcall(kata.tokenize, text, { bogus = true }))
-- Keywords, duplicates and the index, entities and gazetteers.
assert(#kata.keywords(text, { method = "yake" }) > 0 and #kata.count(text) >= 0)
assert(#kata.duplicates(text) > 0 and select(2, kata.dedupe(text)) >= 0)
local tmp = os.tmpname()
local idx = kata.index({ store = tmp .. ".store" })
for i, p in ipairs(kata.paragraphs(text)) do idx:add(i, p.text) end
assert(idx:save(tmp) and kata.load_index(tmp, { store = tmp .. ".store" }):size() == idx:size())
do -- prepared elsewhere, added here (kata dedupe -j): a damaged tail is refused
  local keys, texts = {}, {}
  for i, p in ipairs(kata.paragraphs(text)) do keys[i], texts[i] = i, p.text end
  local items = kata.index():prepare(keys, texts)
  local other = kata.index({ store = tmp .. ".store2" })
  local hits, count, msg = other:add_prepared(items .. items:sub(1, 45))
  assert(count == #texts and msg and #hits % 5 == 0 and other:size() == idx:size())
  other = nil -- luacheck: ignore 311
  collectgarbage()
  os.remove(tmp .. ".store2")
end
idx = nil
collectgarbage()
os.remove(tmp)
os.remove(tmp .. ".store")
local g = kata.gazetteer({ { "Jokowi", "PERSON", "Q-j" } }, { fold = true })
assert(#kata.entities(text, { gazetteer = g }) > 0 and #g:match(text) > 0)
-- An iterator dropped half way is collected with its scratch memory.
local it = kata.tokens(text, { fold = true })
it()
it = nil
collectgarbage()
print("valgrind.lua: ok")
