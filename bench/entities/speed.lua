--- bench/entities/speed.lua: kata.entities throughput, as bench/entities/speed.js
-- measures the peers: the first BYTES of FILE split into paragraphs at blank
-- lines, each tagged; the median of RUNS.
--
--   lua5.4 bench/entities/speed.lua FILE [BYTES [RUNS]]
local kata = require("kata")
local bl = require("benchlib")
local file, bytes, runs = arg[1], tonumber(arg[2]) or 4e6, tonumber(arg[3]) or 5
local s = bl.readfile(file, "speed.lua"):sub(1, bytes)
-- Paragraphs at blank lines; one over 8192 bytes is cut at line ends into
-- chunks of at most that (as bench/entities/peers.js cuts them).
local paras = {}
for p in (s .. "\n\n"):gmatch("(.-)\n%s*\n") do
  if p:find("%S") then
    while #p > 8192 do
      local cut = p:sub(1, 8192):match("^.*()\n") or 8192
      paras[#paras + 1] = p:sub(1, cut - 1)
      p = p:sub(cut + 1)
    end
    paras[#paras + 1] = p
  end
end
local total = 0
for _, p in ipairs(paras) do total = total + #p end
local t, n = {}, 0
for r = 1, runs do
  collectgarbage()
  local t0 = os.clock()
  n = 0
  for _, p in ipairs(paras) do n = n + #kata.entities(p) end
  t[r] = os.clock() - t0
end
print(string.format("peer=kata bytes=%d paragraphs=%d median_mbps=%.2f runs=%d entities=%d lua=%q",
  total, #paras, total / 1e6 / bl.median(t), runs, n, bl.luaname))
