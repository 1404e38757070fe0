--- kata.redis_dup: one duplicate index sharded over a Redis Cluster, kept
-- by the kata module's KATA.SHARD.* commands (docs/redis.md, "One index
-- over a cluster").
--
-- The index is sharded by LSH band: a paragraph's record (28 bytes, made
-- here by the core as kata.index makes it) is kept once, with its id, in
-- one of `homes` home keys (by a hash of the id), and its 7 band values
-- and its exact key in 8 part keys, each with its own hash tag, so they
-- spread over the masters. A lookup asks the 8 parts for the ids that
-- share a band (one round trip per master), fetches those records from
-- their homes, and lets the core pick the hit (idx:pick) with the same
-- rule and threshold as idx:check. So the cluster answers as one
-- kata.index would, and each node does the work of its parts only.
--
--   local d = require("kata.redis_dup").new(cluster, "news", {threshold = 0.8})
--   d:add("kompas/1", paragraph)   --> nil (added, acknowledged) or key, similarity, kind
--   d:check(paragraph)             --> nil or key, similarity, kind
--
-- An add is acknowledged once every master it wrote to says (WAIT) that
-- `replicas` replicas have it; otherwise it raises an error. Network
-- failures raise errors too (after the client's retries).
local kata = require("kata")
local rc = require("kata.redis_cluster")

local M = {}
local D = {}
D.__index = D

--- A handle on the index `name` of the cluster (a kata.redis_cluster
-- client). opts: kata.index's options (threshold, min_words, method,
-- shingle, boilerplate), homes (16: how many home keys), replicas (1: how
-- many replicas each write must reach before add returns; 0: no WAIT),
-- wait_ms (1000: WAIT's timeout).
function M.new(cluster, name, opts)
  opts = opts or {}
  local iopts = {}
  for k, v in pairs(opts) do
    if k ~= "homes" and k ~= "replicas" and k ~= "wait_ms" then iopts[k] = v end
  end
  local d = setmetatable({
    c = cluster,
    name = name,
    idx = kata.index(iopts),
    homes = opts.homes or 16,
    replicas = opts.replicas or 1,
    wait_ms = opts.wait_ms or 1000,
    part_keys = {},
    home_keys = {},
  }, D)
  for t = 0, 7 do d.part_keys[t] = name .. ":{" .. name .. ":p" .. t .. "}" end
  for h = 0, d.homes - 1 do d.home_keys[h] = name .. ":{" .. name .. ":h" .. h .. "}" end
  return d
end

local function fail(what, r, err)
  if type(r) == "table" and r.err then error(what .. ": " .. r.err, 0) end
  error(what .. ": " .. tostring(err), 0)
end

-- The hit for rec: key, similarity, kind, or nil.
function D:lookup(rec, long)
  local cmds, parts = {}, {}
  for t = long and 0 or 7, 7 do
    parts[#parts + 1] = t
    cmds[#cmds + 1] = { self.part_keys[t], "KATA.SHARD.FIND", self.part_keys[t], t, rec }
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
    cmds[#cmds + 1] = { self.part_keys[t], "KATA.SHARD.PUT", self.part_keys[t], t, rec, gid }
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
-- {addr = master, size = entries or records, memory = MEMORY USAGE}.
function D:stats()
  local out = {}
  local function one(key)
    local size = self.c:call(key, "KATA.SHARD.SIZE", key)
    local mem = self.c:call(key, "MEMORY", "USAGE", key)
    out[key] = { addr = self.c.map[rc.slot(key)], size = size, memory = mem }
  end
  for t = 0, 7 do one(self.part_keys[t]) end
  for h = 0, self.homes - 1 do one(self.home_keys[h]) end
  return out
end

return M
