--- bench/entities/kata_tag.lua: kata's side of the entity benchmark.
--
--   lua5.4 bench/entities/kata_tag.lua FILE...    predictions as TSV lines
--       FILE<TAB>start<TAB>stop<TAB>TYPE<TAB>text (tests/fixtures/entities/score.lua reads them)
local kata = require("kata")
for _, path in ipairs(arg) do
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  for _, e in ipairs(kata.entities(s)) do
    io.write(path, "\t", e.start, "\t", e.stop, "\t", e.type, "\t", (e.text:gsub("[\t\n]", " ")), "\n")
  end
end
