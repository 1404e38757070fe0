--- kata.util: the pieces kata's Lua modules share, in plain Lua.
-- It loads without the C module, so the Neovim plugin can use it before
-- kata.core is found. The public names are kata.entity_types and
-- kata.utf8_pieces (lua/kata/init.lua); use those.
-- @module kata.util

local M = {}

local byte = string.byte

--- The entity types of kata.entities, in the core's order (its KATA_ENT_*
-- enum).
M.entity_types = { "PERSON", "LOCATION", "ORGANIZATION", "DATE", "TIME", "MONEY", "PERCENT",
                   "NUMBER", "URL", "EMAIL", "HASHTAG", "MENTION" }

-- Length of the UTF-8 sequence starting at s[i] and whether it is valid. An
-- invalid one has the length of its maximal ill-formed subpart, the same
-- rule as the C core (src/core/unicode/utf8.c), so both count bad sequences alike.
local function sequence_at(s, i)
  local c = byte(s, i)
  local n
  if c < 0x80 then return 1, true end
  if c >= 0xC2 and c <= 0xDF then n = 2
  elseif c >= 0xE0 and c <= 0xEF then n = 3
  elseif c >= 0xF0 and c <= 0xF4 then n = 4
  else return 1, false end
  local lo, hi = 0x80, 0xBF
  if c == 0xE0 then lo = 0xA0
  elseif c == 0xED then hi = 0x9F
  elseif c == 0xF0 then lo = 0x90
  elseif c == 0xF4 then hi = 0x8F end
  for k = 1, n - 1 do
    local b = byte(s, i + k)
    if not b then return k, false end
    if k > 1 then lo, hi = 0x80, 0xBF end
    if b < lo or b > hi then return k, false end
  end
  return n, true
end

--- Calls fn(piece, valid, position) for the maximal valid runs of s and for
-- each ill-formed subsequence, in order. Valid text is one call.
-- @tparam string s any bytes
-- @tparam function fn called with the piece, whether it is valid UTF-8,
-- and its 1-based byte offset in s
-- @tparam function validate kata.validate (the C core's check of the
-- whole text, which finds the first bad byte)
function M.utf8_pieces(s, fn, validate)
  local ok, bad = validate(s)
  if ok then
    if #s > 0 then fn(s, true, 1) end
    return
  end
  local run, i, len = 1, bad, #s
  while i <= len do
    local n, valid = sequence_at(s, i)
    if not valid then
      if i > run then fn(s:sub(run, i - 1), true, run) end
      fn(s:sub(i, i + n - 1), false, i)
      run = i + n
    end
    i = i + n
    if valid then
      -- Skip the next ASCII run in one step.
      local j = s:find("[\128-\255]", i)
      i = j or len + 1
    end
  end
  if run <= len then fn(s:sub(run), true, run) end
end

--- Calls fn(piece, offset) for the pieces of s, in order: pieces of about
-- size bytes, each ending at a paragraph break (a blank line; else a line
-- end) once more than 1.5 x size bytes are left, offset the bytes before
-- the piece. A text of at most 1.5 x size bytes is one piece. The pieces
-- end after a line end, where no token or sentence crosses, so that work
-- done piece by piece needs memory for a piece, not the text (kata
-- entities and kata analyze on a big input).
-- @tparam string s any bytes
-- @tparam integer size the bytes of a piece
-- @tparam function fn called with each piece and its offset
function M.each_piece(s, size, fn)
  local len, pos = #s, 1
  while pos <= len do
    local stop = len
    if len - pos + 1 > size * 1.5 then
      local a, b = s:find("\n[ \t\r]*\n", pos + size)
      if not a or a > pos + 2 * size then b = s:find("\n", pos + size, true) end
      if b then stop = b end
    end
    fn(s:sub(pos, stop), pos - 1)
    pos = stop + 1
  end
end

return M
