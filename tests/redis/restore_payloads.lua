-- tests/redis/restore_payloads.lua: RESTORE payloads made from the DUMP of
-- a small kata index: good ones (the DUMP itself, its index bytes in other
-- chunks) and hostile ones (other opcodes, cut, wrong lengths, huge counts,
-- every byte of the module data changed), each with its CRC64 recomputed so
-- that Redis hands it to the module. Writes
--   DIR/restore.cmd    redis-cli input: RESTORE restore:N 0 "payload", PING
--   DIR/restore.names  a case a line: "ok NAME" or "error NAME"
--
--   lua5.4 tests/redis/restore_payloads.lua DUMPFILE DIR [shard]
--
-- DUMPFILE is what `redis-cli --raw DUMP key` printed (one "\n" after it).
-- With "shard" the DUMP is of a katashard (a part or a home, KATA.SHARD.*):
-- the keys are rshard:N, the huge counts are the shard's, and every byte
-- of the shard is also changed with its checksum made right (those that
-- load are "either": the server must only survive them).

local dumpfile, dir, kind = arg[1], arg[2], arg[3] or "index"
assert(dumpfile and dir, "usage: restore_payloads.lua DUMPFILE DIR [shard]")

local f = assert(io.open(dumpfile, "rb"))
local dump = f:read("a"):gsub("\n$", "")
f:close()

-- CRC64 as Redis computes it (crc64.c): Jones polynomial, reflected, no
-- initial or final xor.
local POLY = 0x95AC9329AC4BC9B5
local TABLE = {}
for b = 0, 255 do
  local c = b
  for _ = 1, 8 do
    if c & 1 == 1 then c = (c >> 1) ~ POLY else c = c >> 1 end
  end
  TABLE[b] = c
end
local function crc64(s)
  local c = 0
  for i = 1, #s do
    c = TABLE[(c ~ s:byte(i)) & 255] ~ (c >> 8)
  end
  return c
end

-- The DUMP: type 7 (module, version 2), the module id (0x81 and 8 bytes),
-- opcode 5 and a string per chunk, opcode 0 (EOF), the RDB version (2
-- bytes), the CRC64 (8 bytes, little-endian).
assert(#dump > 30, "a DUMP too short: " .. #dump .. " bytes")
assert(string.unpack("<I8", dump, #dump - 7) == crc64(dump:sub(1, -9)),
  "the DUMP's CRC64 is not the one computed here")
assert(dump:byte(1) == 7 and dump:byte(2) == 0x81, "not a module value (type 7)")
local head = dump:sub(1, 10)          -- type and module id
local version = dump:sub(-10, -9)     -- the RDB version

-- An RDB length (rdbSaveLen); N is unsigned (1 << 63 is 2^63).
local function len(n)
  if math.ult(n, 64) then return string.char(n) end
  if math.ult(n, 16384) then return string.char(0x40 | (n >> 8), n & 255) end
  if math.ult(n, 1 << 32) then return "\128" .. string.pack(">I4", n) end
  return "\129" .. string.pack(">i8", n)
end
local function rdlen(s, at)
  local b = s:byte(at)
  local t = b >> 6
  if t == 0 then return b & 63, at + 1 end
  if t == 1 then return ((b & 63) << 8) | s:byte(at + 1), at + 2 end
  if b == 0x80 then return string.unpack(">I4", s, at + 1), at + 5 end
  if b == 0x81 then return string.unpack(">I8", s, at + 1), at + 9 end
  error("not a length at byte " .. at)
end

-- An LZF block (lzf_d.c): a control byte below 32 copies that many plus
-- one bytes; above, a back reference.
local function unlzf(s, want)
  local out, i = {}, 1
  while i <= #s do
    local ctrl = s:byte(i)
    i = i + 1
    if ctrl < 32 then
      for k = 0, ctrl do out[#out + 1] = s:sub(i + k, i + k) end
      i = i + ctrl + 1
    else
      local n = ctrl >> 5
      if n == 7 then
        n = n + s:byte(i)
        i = i + 1
      end
      local ref = #out - ((ctrl & 31) << 8) - s:byte(i)
      i = i + 1
      for k = 0, n + 1 do out[#out + 1] = out[ref + k] end
    end
  end
  assert(#out == want, "an LZF string of the wrong size")
  return table.concat(out)
end

-- A string (rdbGenericLoadStringObject): plain or LZF-compressed.
local function rdstring(s, at)
  if s:byte(at) == 0xC3 then
    local clen, ulen
    clen, at = rdlen(s, at + 1)
    ulen, at = rdlen(s, at)
    return unlzf(s:sub(at, at + clen - 1), ulen), at + clen
  end
  local n
  n, at = rdlen(s, at)
  return s:sub(at, at + n - 1), at + n
end

-- The module data of payload P as the module reads it: its chunks joined
-- (the saved index) and the position of its last byte; an error when it is
-- not string chunks, the empty one and EOF.
local function decode(p)
  local parts, at = {}, 11
  while true do
    local op, str
    op, at = rdlen(p, at)
    assert(op == 5, "opcode " .. op .. " at byte " .. at)
    str, at = rdstring(p, at)
    if str == "" then break end
    parts[#parts + 1] = str
  end
  assert(rdlen(p, at) == 0 and at == #p - 10, "no EOF after the empty chunk")
  return table.concat(parts), at - 1
end
local index, data_end = decode(dump)
assert(#index > 64, "an index too short: " .. #index .. " bytes")

local function chunk(s) return "\5" .. len(#s) .. s end
local function chunks(...)
  local t = {}
  for _, s in ipairs({...}) do t[#t + 1] = chunk(s) end
  return table.concat(t) .. "\5\0"
end
-- A payload: the type and module id, BODY (the module data and EOF), the
-- version and the CRC over all of it.
local function payload(body, h)
  local p = (h or head) .. body .. version
  return p .. string.pack("<I8", crc64(p))
end
-- The index with the 8 bytes at POS (1-based) set to the little-endian N.
local function set64(pos, n)
  return index:sub(1, pos - 1) .. string.pack("<i8", n) .. index:sub(pos + 8)
end

local cases = {}
local function case(want, name, p) cases[#cases + 1] = {want, name, p} end

case("ok", "the DUMP itself", dump)
case("ok", "the index in 3 chunks", payload(chunks(index:sub(1, 1), index:sub(2, 50), index:sub(51)) .. "\0"))
case("ok", "the index a byte a chunk", payload((function()
  local t = {}
  for i = 1, #index do t[i] = index:sub(i, i) end
  return chunks(table.unpack(t))
end)() .. "\0"))

-- Other opcodes where a string chunk belongs.
case("error", "an unsigned integer, then the end (../shared/repro)", payload("\2\5\5\0\0"))
case("error", "a signed integer first", payload("\1\5" .. chunks(index) .. "\0"))
case("error", "a float for the last chunk", payload(chunk(index) .. "\3\0\0\128\63\0"))
case("error", "a double for the last chunk", payload(chunk(index) .. "\4" .. string.pack("<d", 1) .. "\0"))
case("error", "an unknown opcode", payload("\63" .. chunks(index) .. "\0"))
case("error", "EOF at once", payload("\0"))
case("error", "nothing at all", payload(""))
case("error", "no empty chunk before EOF", payload(chunk(index) .. "\0"))
case("error", "an integer-encoded string", payload("\5\192\7\5\0\0"))
case("error", "a bad LZF string", payload("\5\195\10\20" .. ("\255"):rep(10) .. "\5\0\0"))
case("error", "another encoding version", payload(chunks(index) .. "\0",
  head:sub(1, 9) .. string.char(head:byte(10) ~ 1)))
case("error", "module value version 1", payload(chunks(index) .. "\0", "\6" .. head:sub(2)))
case("error", "bytes after the last chunk", payload(chunks(index) .. "\5\1x\0"))

-- Cut: the chunk longer than what follows, or the index itself cut.
for _, n in ipairs({0, 1, 8, 63, 64, #index - 8, #index - 1}) do
  case("error", "the chunk cut to " .. n .. " bytes", payload("\5" .. len(#index) .. index:sub(1, n)))
  case("error", "the index cut to " .. n .. " bytes", payload(chunks(index:sub(1, n)) .. "\0"))
end
case("error", "the index with a byte more", payload(chunks(index .. "x") .. "\0"))

-- Wrong lengths.
for _, d in ipairs({-2, -1, 1, 2}) do
  case("error", "the chunk length off by " .. d, payload("\5" .. len(#index + d) .. index .. "\5\0\0"))
end
case("error", "a chunk of 2^32 - 16 bytes", payload("\5" .. len(0xFFFFFFF0) .. index .. "\5\0\0"))
case("error", "a chunk of 2^63 bytes", payload("\5" .. len(1 << 63) .. index .. "\5\0\0"))
case("error", "a chunk of 2^64 - 1 bytes", payload("\5\129" .. ("\255"):rep(8) .. index .. "\5\0\0"))
case("error", "an opcode 2^64 - 1", payload("\129" .. ("\255"):rep(8) .. index .. "\5\0\0"))

if kind == "shard" then
  -- The shard's FNV-1a 64 (its last 8 bytes) made right after a change.
  local function fnv_fixed(b)
    local h = -3750763034362895579 -- 0xCBF29CE484222325
    for i = 1, #b - 8 do h = (h ~ b:byte(i)) * 0x100000001B3 end
    return b:sub(1, -9) .. string.pack("<i8", h)
  end
  assert(fnv_fixed(index) == index, "the shard's checksum is not FNV-1a 64")
  local function set(pos, fmt, n) -- the shard with FMT at POS, checksum made right
    return fnv_fixed(index:sub(1, pos - 1) .. string.pack(fmt, n) .. index:sub(pos + string.packsize(fmt)))
  end
  local part = string.unpack("<i4", index, 13)
  local huge = {
    {"version 2", 9, "<I4", 2}, {"part 8", 13, "<i4", 8}, {"part -2", 13, "<i4", -2},
    {"homes 0", 21, "<I4", 0}, {"homes 4097", 21, "<I4", 4097}, {"home 4096", 17, "<I4", 4096},
  }
  if part >= 0 then
    for _, c in ipairs({
      {"buckets 2^24", 25, "<i8", 1 << 24}, {"buckets 2^24 + 1", 25, "<i8", (1 << 24) + 1},
      {"buckets -1", 25, "<i8", -1}, {"buckets 0", 25, "<i8", 0}, {"entries 2^40", 33, "<i8", 1 << 40},
      {"entries -1", 33, "<i8", -1}, {"entries 0", 33, "<i8", 0}, {"random state 0", 41, "<i8", 0},
    }) do huge[#huge + 1] = c end
  else
    local n = string.unpack("<i8", index, 25)
    local kat = 25 + 8 + 28 * n
    for _, c in ipairs({
      {"records 2^25", 25, "<i8", 1 << 25}, {"records 2^24", 25, "<i8", 1 << 24},
      {"records -1", 25, "<i8", -1}, {"records 0", 25, "<i8", 0},
      {"key bytes 2^40", kat, "<i8", 1 << 40}, {"key bytes 2^40 + 1", kat, "<i8", (1 << 40) + 1},
      {"key bytes -1", kat, "<i8", -1}, {"a key length 2^32 - 1", kat + 8, "<I4", 0xFFFFFFFF},
    }) do huge[#huge + 1] = c end
  end
  for _, c in ipairs(huge) do
    case("error", c[1], payload(chunks(set(c[2], c[3], c[4])) .. "\0"))
  end
  -- every byte of the shard changed, its checksum made right: loaded or
  -- refused, the server survives
  for pos = 1, #index - 8 do
    for _, mask in ipairs({0xFF, 0x01, 0x80}) do
      local b = fnv_fixed(index:sub(1, pos - 1) .. string.char(index:byte(pos) ~ mask) .. index:sub(pos + 1))
      case(pos <= 8 and "error" or "either", string.format("shard byte %d xor %d, checksum made right", pos, mask),
        payload(chunks(b) .. "\0"))
    end
  end
else
-- Huge counts in the index header (records at byte 41, key bytes at 49,
-- boilerplate bytes at 37): what follows is too short for them.
for _, c in ipairs({
  {"records", 41, (1 << 25) - 2}, {"records", 41, 1 << 25}, {"records", 41, -1},
  {"key bytes", 49, 1 << 40}, {"key bytes", 49, (1 << 40) + 1}, {"key bytes", 49, -1},
}) do
  case("error", string.format("%s: %d", c[1], c[3]), payload(chunks(set64(c[2], c[3])) .. "\0"))
end
case("error", "boilerplate bytes: 2^20", payload(chunks(index:sub(1, 36) .. string.pack("<I4", 1 << 20) ..
  index:sub(41)) .. "\0"))
end

-- Every byte of the module data changed (three ways). Where that changes
-- only how LZF said it (the same bytes come out), the index loads.
for pos = 11, data_end do
  for _, mask in ipairs({0xFF, 0x01, 0x40}) do
    local body = dump:sub(1, pos - 1) .. string.char(dump:byte(pos) ~ mask) .. dump:sub(pos + 1, -9)
    local p = body .. string.pack("<I8", crc64(body))
    local same, got = pcall(decode, p)
    case(same and got == index and "ok" or "error", string.format("byte %d xor %d", pos, mask), p)
  end
end

-- An argument as redis-cli reads it from a line: \xHH for every byte.
local function quote(s)
  return '"' .. s:gsub(".", function(c) return string.format("\\x%02x", c:byte()) end) .. '"'
end
local cmd = assert(io.open(dir .. "/restore.cmd", "wb"))
local names = assert(io.open(dir .. "/restore.names", "wb"))
for i, c in ipairs(cases) do
  cmd:write("RESTORE ", kind == "shard" and "rshard:" or "restore:", i, " 0 ", quote(c[3]), "\nPING\n")
  names:write(c[1], " ", c[2], "\n")
end
cmd:close()
names:close()
