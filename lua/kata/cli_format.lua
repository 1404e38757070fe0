--- kata.cli_format: how the `kata` command writes what it found: text
-- escaped for one-line-per-item output, JSON strings and numbers (integers
-- exact, other numbers read back equal), and the report of `kata analyze`
-- as text and as JSON. kata.cli re-exports json_string, json_number,
-- escape_text and report_json.
-- Runs on Lua 5.1-5.4 and LuaJIT.
-- @module kata.cli_format

local M = {}

local byte, concat, format = string.byte, table.concat, string.format

-- kata (and with it the C module) is loaded on first use.
local kata_lib
local function kata()
  if not kata_lib then kata_lib = require("kata") end
  return kata_lib
end

-- The entity types in the order reports list them (kata.util: no C module).
local ENTITY_TYPES = require("kata.util").entity_types

-- {======================================================================
-- UTF-8 pieces
-- ======================================================================

-- Calls fn(piece, valid, position) for the valid runs and the ill-formed
-- sequences of s (kata.utf8_pieces).
local function utf8_pieces(s, fn)
  return kata().utf8_pieces(s, fn)
end

-- }======================================================================

-- {======================================================================
-- Escaping for output
-- ======================================================================

local JSON_ESC = {['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b",
                  ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}
local function json_char(c)
  return JSON_ESC[c] or format("\\u%04x", byte(c))
end

--- A JSON string literal for s. Control characters, the quote and the
-- backslash are escaped; each ill-formed UTF-8 sequence becomes `\ufffd`.
-- @tparam string s any bytes
-- @treturn string the quoted literal
function M.json_string(s)
  if not s:find('[%z\1-\31"\\\128-\255]') then return '"' .. s .. '"' end
  if kata().validate(s) then return '"' .. s:gsub('[%z\1-\31"\\]', json_char) .. '"' end
  local parts = {'"'}
  utf8_pieces(s, function(piece, valid)
    parts[#parts + 1] = valid and piece:gsub('[%z\1-\31"\\]', json_char) or "\\ufffd"
  end)
  parts[#parts + 1] = '"'
  return concat(parts)
end

local TEXT_ESC = {["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}
local function text_char(c)
  return TEXT_ESC[c] or format("\\x%02X", byte(c))
end
local function hex_bytes(s)
  return (s:gsub(".", function(c) return format("\\x%02X", byte(c)) end))
end

--- Token text for the one-line-per-token format: backslash, tab, newline and
-- carriage return as `\\ \t \n \r`, other control bytes and each byte of
-- invalid UTF-8 as `\xHH`; everything else as it is.
-- @tparam string s any bytes
-- @treturn string the escaped text, one line without tabs
function M.escape_text(s)
  if not s:find("[%z\1-\31\127\\\128-\255]") then return s end
  if kata().validate(s) then return (s:gsub("[%z\1-\31\127\\]", text_char)) end
  local parts = {}
  utf8_pieces(s, function(piece, valid)
    parts[#parts + 1] = valid and piece:gsub("[%z\1-\31\127\\]", text_char) or hex_bytes(piece)
  end)
  return concat(parts)
end

-- math.type (Lua 5.3 and later): tells an integer from a float.
local math_type = rawget(math, "type")

-- A finite number as text that reads back as the same number: an integer
-- (or a float with an integral value below 2^63) in full, without exponent
-- or point; any other number in the fewest significant digits, 15, 16 or
-- 17, that tonumber turns back into it. nil for NaN and the infinities.
local function number_text(x)
  if x ~= x or x == math.huge or x == -math.huge then return nil end
  if math_type and math_type(x) == "integer" then return format("%d", x) end
  if x == math.floor(x) and x > -2^63 and x < 2^63 then return format("%.0f", x) end
  for _, f in ipairs({"%.15g", "%.16g"}) do
    local s = format(f, x)
    if tonumber(s) == x then return s end
  end
  return format("%.17g", x)
end

--- A number as JSON: integers exact, other numbers in the shortest form
-- that reads back equal (see above); `null` for NaN and the infinities,
-- which JSON cannot write.
-- @tparam number x
-- @treturn string
function M.json_number(x)
  return number_text(x) or "null"
end
local json_number = M.json_number

local function json_value(v)
  if type(v) == "string" then return M.json_string(v) end
  if type(v) == "number" then return json_number(v) end
  if v == nil then return "null" end
  return tostring(v)
end

-- A JSON array of keyword entries {term, count, score [, yake]}.
local function json_keywords(list)
  local out = {}
  for i, kw in ipairs(list) do
    local yake = kw.yake and ',"yake":' .. json_number(kw.yake) or ""
    out[i] = format('{"term":%s,"count":%d,"score":%s%s}', M.json_string(kw.term),
                    kw.count, json_number(kw.score), yake)
  end
  return "[" .. concat(out, ",") .. "]"
end

-- }======================================================================

-- {======================================================================
-- Analysis
-- ======================================================================

-- The value of an entity in JSON: a number, a string, or {amount, currency}.
local function json_entity_value(v)
  if type(v) == "table" then
    return format('{"amount":%s,"currency":%s}', json_number(v.amount), M.json_string(v.currency))
  end
  if type(v) == "number" then return json_number(v) end
  return json_value(v)
end

-- The value of an entity as text: "1500000000000 IDR", "2019-02-25", "5".
local function text_entity_value(v)
  if type(v) == "table" then return (number_text(v.amount) or tostring(v.amount)) .. " " .. v.currency end
  if type(v) == "number" then return number_text(v) or tostring(v) end
  return tostring(v)
end

local COUNTS = {"bytes", "characters", "words", "sentences", "paragraphs"}

--- The JSON report of `kata analyze --json` for a kata.analyze result `r`
-- (made with `duplicates = "mark"`), as one line ending in a newline;
-- `"file"` comes first when `name` is given (the HTTP example,
-- examples/openresty, gives none).
-- @tparam table r what kata.analyze returned
-- @tparam[opt] string name the input's name
-- @treturn string
function M.report_json(r, name)
  local counts = {}
  for i, k in ipairs(COUNTS) do counts[i] = format('"%s":%d', k, r.counts[k]) end
  counts[#counts + 1] = '"duplicates":' .. r.counts.duplicates
  counts[#counts + 1] = '"invalid":' .. r.counts.invalid
  counts[#counts + 1] = '"first_invalid":' .. json_value(r.counts.first_invalid)
  local ents = {}
  for _, t in ipairs(ENTITY_TYPES) do
    local items = {}
    for i, e in ipairs(r.entities[t] or {}) do
      items[i] = format('{"text":%s,"count":%d%s}', M.json_string(e.text), e.count,
                        e.value ~= nil and ',"value":' .. json_entity_value(e.value) or "")
    end
    ents[#ents + 1] = format('"%s":[%s]', t, concat(items, ","))
  end
  local dups = {}
  for _, p in ipairs(r.paragraphs) do
    if p.dup_of then
      dups[#dups + 1] = format('{"start":%d,"stop":%d,"dup_of":%d,"similarity":%s,"kind":"%s"}',
                               p.start, p.stop, p.dup_of, json_number(p.similarity), p.kind)
    end
  end
  return "{" .. (name and '"file":' .. M.json_string(name) .. "," or "") .. concat({
    '"language":' .. json_value(r.language),
    '"confidence":' .. json_number(r.confidence),
    '"counts":{' .. concat(counts, ",") .. "}",
    '"keywords":' .. json_keywords(r.keywords),
    '"key_phrases":' .. json_keywords(r.key_phrases),
    '"entities":{' .. concat(ents, ",") .. "}",
    '"duplicates":[' .. concat(dups, ",") .. "]",
  }, ",") .. "}\n"
end

local function report_text(name, r, top)
  local out = {}
  local function line(...) out[#out + 1] = format(...) end
  local n = r.counts
  line("%-12s%s", "file", M.escape_text(name))
  line("%-12s%s (confidence %.2f)", "language", r.language, r.confidence)
  line("%-12s%d", "bytes", n.bytes)
  line("%-12s%d", "characters", n.characters)
  if n.invalid > 0 then
    line("%-12s%d sequence%s, the first at byte %d", "invalid", n.invalid,
         n.invalid == 1 and "" or "s", n.first_invalid)
  end
  line("%-12s%d", "words", n.words)
  line("%-12s%d", "sentences", n.sentences)
  line("%-12s%d, %d of them repeating an earlier one", "paragraphs", n.paragraphs, n.duplicates)
  if top > 0 then
    for _, l in ipairs({{"keywords", "keywords (most frequent, without stop words)"},
                        {"key_phrases", "key phrases"}}) do
      line("")
      line("%s", l[2])
      if #r[l[1]] == 0 then line("  (none)") end
      for _, kw in ipairs(r[l[1]]) do line("%6d  %s", kw.count, M.escape_text(kw.term)) end
    end
  end
  local any = false
  for _, t in ipairs(ENTITY_TYPES) do
    local list = r.entities[t]
    if list and #list > 0 then
      if not any then
        line("")
        line("entities (a line each: count, text)")
        any = true
      end
      line("  %s", t)
      for i, e in ipairs(list) do
        if top > 0 and i > top then
          line("%6s  (%d more)", "", #list - top)
          break
        end
        line("%6d  %s", e.count, M.escape_text(e.text))
      end
    end
  end
  local dups = {}
  for _, p in ipairs(r.paragraphs) do
    if p.dup_of then
      dups[#dups + 1] = format("  bytes %d-%d repeat paragraph %d (%s, %.2f)", p.start, p.stop,
                               p.dup_of, p.kind, p.similarity)
    end
  end
  if #dups > 0 then
    line("")
    line("duplicate paragraphs (left out of the entities)")
    for i, d in ipairs(dups) do
      if top > 0 and i > top then -- -n applies here too: 112,538 lines were no report
        line("  (%d more)", #dups - top)
        break
      end
      line("%s", d)
    end
  end
  return concat(out, "\n") .. "\n"
end

-- }======================================================================

M.number_text, M.json_value, M.json_keywords = number_text, json_value, json_keywords
M.json_entity_value, M.text_entity_value, M.report_text =
  json_entity_value, text_entity_value, report_text

return M
