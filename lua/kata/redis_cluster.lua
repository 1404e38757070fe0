--- kata.redis_cluster: a small Redis Cluster client over LuaSocket.
--
-- RESP2 over TCP (one connection per node), commands routed by hash slot
-- (CRC16 of the key, or of its hash tag `{...}`, modulo 16384), MOVED and
-- ASK redirections followed, and the slot map read again (CLUSTER SLOTS)
-- when a node moves or stops answering. Used by kata.redis_dup (the
-- sharded duplicate index) and `kata dedupe --redis`. Runs on Lua 5.1-5.4
-- and LuaJIT (no bitwise operators: the CRC is arithmetic).
--
--   local rc = require("kata.redis_cluster")
--   local c = assert(rc.connect("127.0.0.1:7000"))
--   c:call("k", "SET", "k", "v")             -- routed by "k"
--   c:pipeline({{"a", "GET", "a"}, {"b", "GET", "b"}})
--
-- A reply is a string, an integer, an array (a table), or nil (null);
-- an error reply is a table {err = "MOVED 3999 127.0.0.1:6381"}.
local socket = require("socket")
local resp = require("kata.resp")

local M = {}

local encode, read_reply = resp.encode, resp.read
M.encode = encode

local floor = math.floor
local unpack = table.unpack or unpack -- luacheck: ignore

local function unpack_args(t) return unpack(t, 1, #t) end

-- {=====================================================================
-- Hash slots
-- ======================================================================

local function bxor(a, b) -- 16-bit values
  local r, bit = 0, 1
  while a > 0 or b > 0 do
    local x, y = a % 2, b % 2
    if x ~= y then r = r + bit end
    a, b, bit = (a - x) / 2, (b - y) / 2, bit * 2
  end
  return r
end

-- CRC16-CCITT (XModem), as Redis Cluster uses: a table of the 256 bytes.
local CRC = {}
for i = 0, 255 do
  local c = i * 256
  for _ = 1, 8 do
    if c >= 32768 then
      c = bxor((c * 2) % 65536, 4129) -- 0x1021
    else
      c = (c * 2) % 65536
    end
  end
  CRC[i] = c
end

-- (c: the CRC of the bytes before s, to go on from; 0 by default)
local function crc16(s, c)
  c = c or 0
  for i = 1, #s do
    local hi = floor(c / 256)
    c = bxor((c % 256) * 256, CRC[bxor(hi, s:byte(i))])
  end
  return c
end
M.crc16 = crc16

local slot_cache = setmetatable({}, { __mode = "k" })

--- The hash slot of a key: CRC16 of its hash tag (the bytes between the
-- first `{` and the next `}`, when not empty) or of the key, mod 16384.
function M.slot(key)
  local s = slot_cache[key]
  if s then return s end
  local a = key:find("{", 1, true)
  local k = key
  if a then
    local b = key:find("}", a + 1, true)
    if b and b > a + 1 then k = key:sub(a + 1, b - 1) end
  end
  s = crc16(k) % 16384
  slot_cache[key] = s
  return s
end

-- }=====================================================================


-- {=====================================================================
-- Nodes and the slot map
-- ======================================================================

local Cluster = {}
Cluster.__index = Cluster

local function split_addr(addr)
  local host, port = addr:match("^(.*):(%d+)$")
  if not host then return nil end
  return host, tonumber(port)
end

-- The connection to addr ("host:port"), made when first needed.
function Cluster:conn(addr)
  local s = self.socks[addr]
  if s then return s end
  local host, port = split_addr(addr)
  if not host then return nil, "bad address " .. addr end
  s = socket.tcp()
  s:settimeout(self.timeout)
  local ok, err = s:connect(host, port)
  if not ok then
    s:close()
    return nil, addr .. ": " .. tostring(err)
  end
  s:setoption("tcp-nodelay", true)
  self.socks[addr] = s
  return s
end

function Cluster:drop(addr)
  local s = self.socks[addr]
  if s then s:close() end
  self.socks[addr] = nil
end

--- One command on one node (no routing): the reply, or nil and an error.
function Cluster:node_call(addr, ...)
  local s, err = self:conn(addr)
  if not s then return nil, err end
  local ok, e = s:send(encode({ ... }))
  if not ok then
    self:drop(addr)
    return nil, addr .. ": " .. tostring(e)
  end
  local r, e2 = read_reply(s)
  if r == nil and e2 then
    self:drop(addr)
    return nil, addr .. ": " .. tostring(e2)
  end
  self:count(addr, 1)
  return r
end

function Cluster:count(addr, n)
  self.sent[addr] = (self.sent[addr] or 0) + n
end

--- Reads the slot map (CLUSTER SLOTS) from any node that answers: the
-- known masters first, then the seeds. Returns true, or nil and an error.
function Cluster:refresh()
  local tried, last = {}, "no node"
  local cand = {}
  for _, a in pairs(self.map) do
    if not tried[a] then
      tried[a] = true
      cand[#cand + 1] = a
    end
  end
  for _, a in ipairs(self.seeds) do
    if not tried[a] then
      tried[a] = true
      cand[#cand + 1] = a
    end
  end
  for _, a in ipairs(cand) do
    local r, err = self:node_call(a, "CLUSTER", "SLOTS")
    if type(r) == "table" and not r.err then
      local map = {}
      for _, range in ipairs(r) do
        local m = range[3]
        local addr = m[1] .. ":" .. m[2]
        for sl = range[1], range[2] do map[sl] = addr end
        self.seeds_seen[addr] = true
      end
      self.map = map
      for addr in pairs(self.seeds_seen) do
        local known = false
        for _, s in ipairs(self.seeds) do known = known or s == addr end
        if not known then self.seeds[#self.seeds + 1] = addr end
      end
      return true
    end
    last = err or (r and r.err) or "no reply"
  end
  return nil, "cannot read the slot map: " .. tostring(last)
end

--- The masters of the slot map, sorted.
function Cluster:masters()
  local seen, out = {}, {}
  for _, a in pairs(self.map) do
    if not seen[a] then
      seen[a] = true
      out[#out + 1] = a
    end
  end
  table.sort(out)
  return out
end

local function redirect(r)
  if type(r) ~= "table" or not r.err then return nil end
  local kind, sl, addr = r.err:match("^(%u+) (%d+) (%S+)$")
  if kind == "MOVED" or kind == "ASK" then return kind, tonumber(sl), addr end
  return nil
end

local function retryable(r)
  return type(r) == "table" and r.err and
    (r.err:find("^TRYAGAIN") or r.err:find("^CLUSTERDOWN") or r.err:find("^LOADING"))
end

--- Runs a command for key: follows MOVED (updating the map) and ASK
-- (ASKING, then the command, on that node); a node that does not answer,
-- TRYAGAIN, CLUSTERDOWN and LOADING make it read the map again and retry,
-- up to self.retries times (socket.sleep(self.pause) between). Returns
-- the reply (an error reply as {err = ...}), or nil and an error.
function Cluster:call(key, ...)
  local args = { ... }
  local sl = M.slot(key)
  local addr, asking
  for _ = 1, self.retries do
    addr = asking or self.map[sl]
    if not addr then
      local ok, err = self:refresh()
      addr = ok and self.map[sl]
      if not addr then
        socket.sleep(self.pause)
        if not ok then self.last_error = err end
      end
    end
    if addr then
      local r, err
      if asking then
        self.redirects.ask = self.redirects.ask + 1
        r, err = self:node_call(addr, "ASKING")
        if r ~= nil or not err then r, err = self:node_call(addr, unpack_args(args)) end
        asking = nil
      else
        r, err = self:node_call(addr, unpack_args(args))
      end
      if r == nil and err then
        self.last_error = err
        self.map[sl] = nil
        self:refresh()
        socket.sleep(self.pause)
      else
        local kind, _, to = redirect(r)
        if kind == "MOVED" then
          self.redirects.moved = self.redirects.moved + 1
          self.map[sl] = to
          self:refresh()
        elseif kind == "ASK" then
          asking = to
        elseif retryable(r) then
          self.last_error = r.err
          socket.sleep(self.pause)
          self:refresh()
        else
          return r
        end
      end
    end
  end
  return nil, "gave up after " .. self.retries .. " tries: " .. tostring(self.last_error)
end

--- Runs commands {key, cmd, args...} (at most one round trip per node:
-- each node's commands are sent together, then their replies read); a
-- command redirected or failed is run again alone with call. Returns the
-- replies in order (nil or error replies as call returns them), or nil and
-- an error.
function Cluster:pipeline(cmds)
  local by, order = {}, {}
  local out = {}
  for i, c in ipairs(cmds) do
    local addr = self.map[M.slot(c[1])]
    if not addr then
      self:refresh()
      addr = self.map[M.slot(c[1])]
    end
    addr = addr or "?"
    if not by[addr] then
      by[addr] = {}
      order[#order + 1] = addr
    end
    local b = by[addr]
    b[#b + 1] = i
  end
  local redo = {}
  for _, addr in ipairs(order) do
    local s = addr ~= "?" and self:conn(addr)
    local idx = by[addr]
    if s then
      local buf = {}
      for j, i in ipairs(idx) do
        local c = cmds[i]
        buf[j] = encode({ unpack(c, 2, #c) })
      end
      if not s:send(table.concat(buf)) then
        self:drop(addr)
        s = nil
      end
    end
    by[addr] = { s = s, idx = idx }
  end
  for _, addr in ipairs(order) do
    local g = by[addr]
    local failed = not g.s
    for _, i in ipairs(g.idx) do
      local r, err
      if not failed then
        r, err = read_reply(g.s)
        if r == nil and err then
          failed = true
          self:drop(addr)
        end
      end
      if failed or redirect(r) or retryable(r) then
        redo[#redo + 1] = i
      else
        out[i] = r == nil and false or r
      end
    end
    if not failed then self:count(addr, #g.idx) end
  end
  for _, i in ipairs(redo) do
    local c = cmds[i]
    local r, err = self:call(c[1], unpack(c, 2, #c))
    if r == nil and err then return nil, err end
    out[i] = r == nil and false or r
  end
  return out
end

--- Closes every connection.
function Cluster:close()
  for a in pairs(self.socks) do self:drop(a) end
end

--- A client for the cluster that seeds ("host:port", or a list of them)
-- belong to; opts: timeout (seconds per socket operation, 10), retries
-- (how many tries a command gets, 200), pause (seconds between tries
-- after a failure, 0.05). Returns the client, or nil and an error.
function M.connect(seeds, opts)
  opts = opts or {}
  if type(seeds) == "string" then seeds = { seeds } end
  local c = setmetatable({
    seeds = {},
    seeds_seen = {},
    socks = {},
    map = {},
    sent = {},
    redirects = { moved = 0, ask = 0 },
    timeout = opts.timeout or 10,
    retries = opts.retries or 200,
    pause = opts.pause or 0.05,
  }, Cluster)
  for i, s in ipairs(seeds) do
    if not split_addr(s) then return nil, "bad address '" .. tostring(s) .. "' (HOST:PORT)" end
    c.seeds[i] = s
  end
  local ok, err = c:refresh()
  if not ok then return nil, err end
  return c
end

return M
