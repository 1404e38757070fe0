-- large.lua: a 200 MB text goes through kata.tokens without a table being
-- built and without memory growing with the input (run by .ci/run).
-- usage: lua5.4 tests/large.lua [MB]
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath
local kata = require("kata")

local mb = tonumber(arg and arg[1]) or 200
local para = "Presiden Jokowi meresmikan roket-roket baru di Garut, Kamis (25/2), "
  .. "senilai Rp 1.500.000,50 \226\128\148 lihat https://kompas.com/a?b=1 #Pemilu2024 "
  .. "@jokowi \240\159\135\174\240\159\135\169 dan \255 caf\195\169.\n"
local s = para:rep(math.ceil(mb * 1e6 / #para))
collectgarbage()
local base = collectgarbage("count") -- KB, the text included
local peak, n, bytes = base, 0, 0
for text, _, start, stop in kata.tokens(s, { fold = true }) do
  n = n + 1
  bytes = bytes + (stop - start + 1)
  if n % 1000000 == 0 then
    local now = collectgarbage("count")
    if now > peak then peak = now end
  end
  assert(#text > 0)
end
local per = #para
local want = 0
for _ in kata.tokens(para) do want = want + 1 end
local ok = n == want * (#s / per) and (peak - base) < 64 * 1024
print(string.format("large: %d MB, %d tokens, Lua heap above the text: %.1f MB (limit 64)",
  math.floor(#s / 1e6), n, (peak - base) / 1024))
print(string.format("large: %d passed, %d failed", ok and 1 or 0, ok and 0 or 1))
os.exit(ok and 0 or 1)
