--- kata.redis_dup: one duplicate index sharded over a Redis Cluster, kept
-- by the kata module's KATA.SHARD.* commands (docs/redis.md, "One index
-- over a cluster").
--
-- The index is sharded by LSH band: a paragraph's record (28 bytes, made
-- here by the core as kata.index makes it) is kept once, with its id, in
-- one of `homes` home keys (by a hash of the id), and its 7 band values
-- and its exact key in 8 parts, each split into `subparts` keys by the
-- part's key (idx:route), so a record's 8 keys are one per part. Every
-- key has a hash tag of its own, chosen so the layout's keys fall on
-- evenly spaced slots: any split of the slots over the masters gives each
-- its share of every part's sub-parts and of the homes, and so of the
-- work. A lookup asks the record's 8 sub-parts for the ids that share a
-- band (one round trip per master), fetches those records from their
-- homes, and lets the core pick the hit (idx:pick) with the same rule
-- and threshold as idx:check. So the cluster answers as one kata.index
-- would, and each node does the work of its keys only.
--
--   local d = require("kata.redis_dup").new(cluster, "news", {threshold = 0.8})
--   d:add("kompas/1", paragraph)   --> nil (added, acknowledged) or key, similarity, kind
--   d:check(paragraph)             --> nil or key, similarity, kind
--
-- An add is acknowledged once every master it wrote to says (WAIT) that
-- `replicas` replicas have it; otherwise it raises an error. Network
-- failures raise errors too (after the client's retries). The layout
-- (subparts, homes) is kept in the key NAME:layout by the first client;
-- a client with another layout raises an error rather than mixing them.
local kata = require("kata")
local rc = require("kata.redis_cluster")

local M = {}
local D = {}
D.__index = D

local SLOTS = 16384
local floor = math.floor

-- The hash tags of a layout of n keys, made once per process: tag k is
-- "kata<n>.<k>.<j>" with the first j from 0 whose slot falls in
-- [k * 16384 / n, (k + 1) * 16384 / n) (about n tries; the CRC of the
-- prefix is computed once).
local tag_cache = {}
local function tags(n)
  local t = tag_cache[n]
  if t then return t end
  t = {}
  for k = 0, n - 1 do
    local lo, hi = floor(k * SLOTS / n), floor((k + 1) * SLOTS / n)
    local prefix = "kata" .. n .. "." .. k .. "."
    local c, j = rc.crc16(prefix), 0
    while true do
      local sl = rc.crc16(tostring(j), c) % SLOTS
      if sl >= lo and sl < hi then break end
      j = j + 1
    end
    t[k] = prefix .. j
  end
  tag_cache[n] = t
  return t
end

-- The layout's keys in slot order: part t's sub-part s at (s + (t + 1/2)
-- / 8) / subparts, home h at (h + 1/2) / homes (compared exactly, as
-- fractions), so every stretch of slots holds the parts and homes in
-- proportion.
local function layout(name, subparts, homes)
  local keys = {}
  for s = 0, subparts - 1 do
    for t = 0, 7 do
      keys[#keys + 1] = { num = 16 * s + 2 * t + 1, den = 16 * subparts, part = t, sub = s }
    end
  end
  for h = 0, homes - 1 do keys[#keys + 1] = { num = 2 * h + 1, den = 2 * homes, home = h } end
  table.sort(keys, function(a, b)
    local x, y = a.num * b.den, b.num * a.den
    if x ~= y then return x < y end
    if (a.home == nil) ~= (b.home == nil) then return a.home == nil end
    return (a.home or a.part * 4096 + a.sub) < (b.home or b.part * 4096 + b.sub)
  end)
  local tg = tags(#keys)
  local parts, hs = {}, {}
  for t = 0, 7 do parts[t] = {} end
  for k, e in ipairs(keys) do
    if e.home then
      hs[e.home] = name .. ":h" .. e.home .. ":{" .. tg[k - 1] .. "}"
    else
      parts[e.part][e.sub] = name .. ":p" .. e.part .. "." .. e.sub .. ":{" .. tg[k - 1] .. "}"
    end
  end
  return parts, hs
end

local function whole(v, lo, hi, what)
  if type(v) ~= "number" or v % 1 ~= 0 or v < lo or v > hi then
    error("kata.redis_dup: " .. what .. " must be a whole number from " .. lo .. " to " .. hi, 3)
  end
  return v
end

--- A handle on the index `name` of the cluster (a kata.redis_cluster
-- client). opts: kata.index's options (threshold, min_words, method,
-- shingle, boilerplate), subparts (12: keys per part), homes (24: how
-- many home keys), replicas (1: how many replicas each write must reach
-- before add returns; 0: no WAIT), wait_ms (1000: WAIT's timeout).
function M.new(cluster, name, opts)
  opts = opts or {}
  if type(name) ~= "string" or name:find("[{}]") then
    error("kata.redis_dup: the index name must be a string without { or }", 2)
  end
  local iopts = {}
  for k, v in pairs(opts) do
    if k ~= "homes" and k ~= "subparts" and k ~= "replicas" and k ~= "wait_ms" then iopts[k] = v end
  end
  local d = setmetatable({
    c = cluster,
    name = name,
    idx = kata.index(iopts),
    homes = whole(opts.homes or 24, 1, 4096, "homes"),
    subparts = whole(opts.subparts or 12, 1, 4096, "subparts"),
    replicas = opts.replicas or 1,
    wait_ms = opts.wait_ms or 1000,
  }, D)
  d.part_keys, d.home_keys = layout(name, d.subparts, d.homes)
  d.meta_key = name .. ":layout"
  d.meta = "kata.redis_dup 2: 8 parts of " .. d.subparts .. " keys, " .. d.homes .. " homes"
  return d
end

local function fail(what, r, err)
  if type(r) == "table" and r.err then error(what .. ": " .. r.err, 0) end
  error(what .. ": " .. tostring(err), 0)
end

-- Checks once that the index has this client's layout (and records it
-- when the index is new); raises an error otherwise.
function D:check_layout()
  if self.layout_ok then return end
  local m, k = self.meta_key, self.meta
  local got, err = self.c:call(m, "GET", m)
  if got == nil and err then fail("GET " .. m, nil, err) end
  if got == nil then
    local old = self.name .. ":{" .. self.name .. ":p7}"
    local r, e = self.c:call(old, "EXISTS", old)
    if type(r) ~= "number" then fail("EXISTS " .. old, r, e) end
    if r > 0 then
      error("index " .. self.name .. " has the layout of an older kata.redis_dup (keys " ..
        self.name .. ":{" .. self.name .. ":pT}): index into a new name", 0)
    end
    r, e = self.c:call(m, "SET", m, k, "NX")
    if type(r) == "table" or (r == nil and e) then fail("SET " .. m, r, e) end
    if r ~= "OK" then -- another client wrote it first
      got, err = self.c:call(m, "GET", m)
      if type(got) ~= "string" then fail("GET " .. m, got, err) end
    end
  end
  if type(got) == "table" then fail("GET " .. m, got) end
  if got and got ~= k then
    error("index " .. self.name .. " has another layout (" .. got .. "), this client's is (" ..
      k .. ")", 0)
  end
  self.layout_ok = true
end

-- The key of rec's sub-part of part t.
function D:part_key(rec, t)
  return self.part_keys[t][self.idx:route(rec, t, self.subparts)]
end

-- The hit for rec: key, similarity, kind, or nil.
function D:lookup(rec, long)
  self:check_layout()
  local cmds, parts = {}, {}
  for t = long and 0 or 7, 7 do
    local key = self:part_key(rec, t)
    parts[#parts + 1] = t
    cmds[#cmds + 1] = { key, "KATA.SHARD.FIND", key, t, rec }
  end
  local res, err = self.c:pipeline(cmds)
  if not res then fail("KATA.SHARD.FIND", nil, err) end
  local found, ids_by_home, homes_order = {}, {}, {}
  for i, r in ipairs(res) do
    if type(r) ~= "table" or r.err then fail("KATA.SHARD.FIND", r) end
    for _, id in ipairs(r) do
      found[#found + 1] = { id = id, part = parts[i] }
      local h = id % self.homes
      if not ids_by_home[h] then
        ids_by_home[h] = {}
        homes_order[#homes_order + 1] = h
      end
      ids_by_home[h][#ids_by_home[h] + 1] = id
    end
  end
  if #found == 0 then return nil end
  local gets = {}
  for i, h in ipairs(homes_order) do
    local key = self.home_keys[h]
    gets[i] = { key, "KATA.SHARD.GET", key }
    for _, id in ipairs(ids_by_home[h]) do gets[i][#gets[i] + 1] = id end
  end
  local got
  got, err = self.c:pipeline(gets)
  if not got then fail("KATA.SHARD.GET", nil, err) end
  local recs = {}
  for i, h in ipairs(homes_order) do
    local r = got[i]
    if type(r) ~= "table" or r.err then fail("KATA.SHARD.GET", r) end
    for j, id in ipairs(ids_by_home[h]) do
      if r[j] then recs[id] = r[j] end
    end
  end
  local cands = {}
  for _, f in ipairs(found) do
    local r = recs[f.id]
    if r then cands[#cands + 1] = { id = f.id, part = f.part, rec = r[1], key = r[2] } end
  end
  local pos, sim, kind = self.idx:pick(rec, cands)
  if not pos then return nil end
  return cands[pos].key, sim, kind
end

--- Whether paragraph repeats one in the index: nil, or the earlier one's
-- id, the similarity and the kind, as idx:check.
function D:check(paragraph)
  local rec, long = self.idx:record(paragraph)
  return self:lookup(rec, long)
end

--- Looks paragraph up and, when it repeats none, adds it under id (a
-- string): nil then, as idx:add, once acknowledged; else the earlier
-- one's id, the similarity and the kind.
function D:add(id, paragraph)
  id = tostring(id)
  local rec, long = self.idx:record(paragraph)
  local key, sim, kind = self:lookup(rec, long)
  if key then return key, sim, kind end
  local h = rc.crc16(id) % self.homes
  local hk = self.home_keys[h]
  local gid, err = self.c:call(hk, "KATA.SHARD.ADD", hk, h, self.homes, rec, id)
  if type(gid) ~= "number" then fail("KATA.SHARD.ADD", gid, err) end
  local cmds, touched = {}, { [self.c.map[rc.slot(hk)] or "?"] = true }
  for t = long and 0 or 7, 7 do
    local pk = self:part_key(rec, t)
    cmds[#cmds + 1] = { pk, "KATA.SHARD.PUT", pk, t, rec, gid }
  end
  local res
  res, err = self.c:pipeline(cmds)
  if not res then fail("KATA.SHARD.PUT", nil, err) end
  for i, r in ipairs(res) do
    if r ~= "OK" then fail("KATA.SHARD.PUT", r) end
    touched[self.c.map[rc.slot(cmds[i][1])] or "?"] = true
  end
  if self.replicas > 0 then
    for addr in pairs(touched) do
      local n, e = self.c:node_call(addr, "WAIT", self.replicas, self.wait_ms)
      if type(n) ~= "number" or n < self.replicas then
        error("not acknowledged: " .. addr .. " reached " .. tostring(n or e) .. " of " ..
          self.replicas .. " replicas", 0)
      end
    end
  end
  return nil
end

--- The nodes' view of the index: a table of keys (parts and homes) to
-- {addr = master, size = entries or records, memory = MEMORY USAGE,
-- part = 0-7 and sub = its sub-part, or home = its number}.
function D:stats()
  local out = {}
  local function one(key, e)
    e.size = self.c:call(key, "KATA.SHARD.SIZE", key)
    e.memory = self.c:call(key, "MEMORY", "USAGE", key)
    e.addr = self.c.map[rc.slot(key)]
    out[key] = e
  end
  for t = 0, 7 do
    for s = 0, self.subparts - 1 do one(self.part_keys[t][s], { part = t, sub = s }) end
  end
  for h = 0, self.homes - 1 do one(self.home_keys[h], { home = h }) end
  return out
end

return M
