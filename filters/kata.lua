-- filters/kata.lua: a pandoc Lua filter (docs/pandoc.md). Adds kata's
-- keywords, key phrases, entities and a report of repeated paragraphs to the
-- document's metadata (under `kata`), and with `kata-mark-duplicates`
-- wraps each repeated paragraph in a Div of class "kata-duplicate".
--
--   pandoc in.docx --lua-filter filters/kata.lua -s -o out.html
--   pandoc in.md --lua-filter filters/kata.lua -M kata-mark-duplicates -t json
--
-- Metadata it reads: kata-mark-duplicates (boolean), kata-n (keywords and
-- key phrases kept, 10), kata-lang (as kata.analyze's lang, "auto"),
-- kata-threshold (near duplicates, 0.8).
-- Runs in pandoc's Lua (5.3 in pandoc 2.x, 5.4 in 3.x): kata.core must be
-- built for it (make LUA=lua5.3 all), or installed for that Lua.

-- The checkout this file is in, when it has a build for this Lua: its
-- lua/ and build/luaX.Y/ come first, as bin/kata does.
local lua_version = _VERSION:match("%d+%.%d+")
local script = PANDOC_SCRIPT_FILE or ""
local root = script:match("^(.*)/filters/[^/]*$") or (script:match("^filters/") and ".")
if root then
  local build = root .. "/build/lua" .. lua_version
  local probe = io.open(build .. "/kata/core.so", "rb")
  if probe then
    probe:close()
    package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
    package.cpath = build .. "/?.so;" .. package.cpath
  end
end
local found, kata = pcall(require, "kata")
if not found then
  error("kata filter: kata is not built for Lua " .. lua_version .. " (run make LUA=lua" ..
        lua_version .. " all in the checkout, or install kata for Lua " .. lua_version ..
        "):\n" .. tostring(kata), 0)
end

local stringify = pandoc.utils.stringify

-- {======================================================================
-- Options from the metadata
-- ======================================================================

-- A metadata value as a Lua value: booleans stay, the rest as its text.
local function meta_value(v)
  if v == nil then return nil end
  if type(v) == "boolean" then return v end
  return stringify(v)
end

local function options(meta)
  local o = { mark = false, n = 10, lang = "auto", threshold = 0.8 }
  local mark = meta_value(meta["kata-mark-duplicates"])
  if mark ~= nil then
    o.mark = mark == true or mark == "true" or mark == "yes" or mark == "1"
  end
  local function number(name, lo, hi)
    local s = meta_value(meta[name])
    if s == nil then return nil end
    local x = tonumber(s)
    if not x or x < lo or x > hi then
      error(string.format("kata filter: metadata %s must be a number from %s to %s, not '%s'",
                          name, lo, hi, tostring(s)), 0)
    end
    return x
  end
  o.n = number("kata-n", 0, 1000) or o.n
  o.threshold = number("kata-threshold", 0, 1) or o.threshold
  o.lang = meta_value(meta["kata-lang"]) or o.lang
  return o
end

-- }======================================================================

-- {======================================================================
-- The paragraphs: every Para, Plain and LineBlock in document order, in
-- lists, quotes, tables and divs too. Headers are left out: a lone title
-- is not prose (the tagger would take "Peresmian" for a name), and a
-- repeated "Introduction" is not a copied paragraph.
-- ======================================================================

local UNITS = { "Para", "Plain", "LineBlock" }

-- Calls fn(block, text) for every paragraph with text in document order;
-- returns the blocks with each replaced by fn's result (when not nil).
local function each_paragraph(blocks, fn)
  local filter = {}
  local function visit(b)
    local s = stringify(b)
    if s:find("%S") then return fn(b, s) end
  end
  for _, t in ipairs(UNITS) do filter[t] = visit end
  return pandoc.walk_block(pandoc.Div(blocks), filter).content
end

-- {======================================================================
-- Metadata
-- ======================================================================

local function num(x)
  if x == math.floor(x) and x >= -2^53 and x <= 2^53 then return string.format("%d", x) end
  return string.format("%.4g", x)
end

local function terms(list)
  local out = {}
  for i, k in ipairs(list) do out[i] = k.term end
  return out
end

-- Entities: type -> list of texts, the types the text has, in
-- kata.entity_types' order.
local function entities(by_type)
  local out = {}
  for _, t in ipairs(kata.entity_types) do
    local list = by_type[t]
    if list and #list > 0 then
      local texts = {}
      for i, e in ipairs(list) do texts[i] = e.text end
      out[t] = texts
    end
  end
  return out
end

-- }======================================================================

-- The filter: one pass over the whole document.
local function filter_document(doc)
  local o = options(doc.meta)
  local paras = {}
  each_paragraph(doc.blocks, function(_, s) paras[#paras + 1] = s end)

  local dups = kata.duplicates(paras, { threshold = o.threshold })
  local report, marks = {}, {}
  for j, d in ipairs(dups) do
    if d then
      report[#report + 1] = {
        paragraph = num(j), of = num(d.dup_of), similarity = num(d.similarity),
        kind = d.kind, text = paras[j],
      }
      marks[j] = d
    end
  end

  local r = kata.analyze(table.concat(paras, "\n\n"),
                         { n = o.n, lang = o.lang, threshold = o.threshold, paragraphs = false })
  doc.meta.kata = {
    language = r.language,
    confidence = num(r.confidence),
    words = num(r.counts.words),
    paragraphs = num(#paras),
    keywords = pandoc.MetaList(terms(r.keywords)),
    key_phrases = pandoc.MetaList(terms(r.key_phrases)),
    entities = pandoc.MetaMap(entities(r.entities)),
    duplicates = pandoc.MetaList(report),
  }

  if o.mark then
    local j = 0
    doc.blocks = each_paragraph(doc.blocks, function(b)
      j = j + 1
      local d = marks[j]
      if not d then return nil end
      return pandoc.Div({ b }, pandoc.Attr("", { "kata-duplicate" }, {
        { "kata-of", num(d.dup_of) }, { "kata-similarity", num(d.similarity) },
        { "kata-kind", d.kind },
      }))
    end)
  end
  return doc
end

return { { Pandoc = filter_document } }
