--- kata.resp: RESP2, the Redis protocol, over any socket with LuaSocket's
-- `receive` ("*l" for a line, a number for that many bytes): LuaSocket's
-- TCP objects and nginx's cosockets alike. No socket library is loaded
-- here. Used by kata.redis_cluster and the OpenResty example server.
--
--   sock:send(resp.encode({ "SET", "k", "v" }))
--   local reply, err = resp.read(sock)
--
-- A reply is a string, an integer, an array (a table with `n`, a null
-- inside it as false), or nil for a null; an error reply is a table
-- {err = "MOVED 3999 127.0.0.1:6381"}; a broken connection or a reply
-- that is not RESP2 gives nil and a message.

local M = {}

--- One command: an array of bulk strings (each argument through tostring).
function M.encode(args)
  local out = { "*" .. #args .. "\r\n" }
  for i = 1, #args do
    local a = tostring(args[i])
    out[#out + 1] = "$" .. #a .. "\r\n" .. a .. "\r\n"
  end
  return table.concat(out)
end

--- Reads one reply from `sock`.
local function read(sock)
  local line, err = sock:receive("*l")
  if not line then return nil, err end
  local t, rest = line:sub(1, 1), line:sub(2)
  if t == "+" then return rest end
  if t == "-" then return { err = rest } end
  if t == ":" then return tonumber(rest) end
  local n = tonumber(rest)
  if t == "$" and n then
    if n < 0 then return nil end
    local s, e = sock:receive(n + 2)
    if not s then return nil, e end
    return s:sub(1, n)
  end
  if t == "*" and n then
    if n < 0 then return nil end
    local a = {}
    for i = 1, n do
      local v, e = read(sock)
      if v == nil and e then return nil, e end
      a[i] = v
      if v == nil then a[i] = false end -- a null inside an array
    end
    a.n = n
    return a
  end
  return nil, "protocol error: " .. line
end
M.read = read

return M
