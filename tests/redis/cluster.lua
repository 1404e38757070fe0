-- cluster.lua: run by tests/redis/cluster.sh on a cluster of 3 masters and
-- 3 replicas: lua5.4 tests/redis/cluster.lua TMPDIR PORT...
-- luacheck: no redefined
local rc = require("kata.redis_cluster")
local socket = require("socket")

local tmp = arg[1]
local ports = {}
for i = 2, #arg do ports[#ports + 1] = tonumber(arg[i]) end

local pass, failed = 0, 0
local function check(name, ok, msg)
  if ok then
    pass = pass + 1
    if os.getenv("VERBOSE") then print("ok: " .. name) end
  else
    failed = failed + 1
    print("FAIL: " .. name .. (msg and ("\n    " .. tostring(msg)) or ""))
  end
end
local function eq(name, want, got)
  check(name, want == got, "want: " .. tostring(want) .. "\n    got:  " .. tostring(got))
end

local function addr(p) return "127.0.0.1:" .. p end

-- {=====================================================================
-- Hash slots, routing, MOVED, ASK
-- ======================================================================

-- The slots of keys Redis' own documentation and CLUSTER KEYSLOT give.
eq("crc16 of 123456789", 0x31C3, rc.crc16("123456789"))
local c0 = assert(rc.connect(addr(ports[1])))
for _, k in ipairs({ "a", "foo", "{user1000}.following", "x{}y", "{}{a}", "kata:{b3}", "é" }) do
  eq("slot of " .. k, c0:node_call(addr(ports[1]), "CLUSTER", "KEYSLOT", k), rc.slot(k))
end
eq("three masters", 3, #c0:masters())

-- Keys spread over the masters; each read back through the client.
local cmds = {}
for i = 1, 60 do cmds[#cmds + 1] = { "k" .. i, "SET", "k" .. i, "v" .. i } end
local r = assert(c0:pipeline(cmds))
local oks = 0
for i = 1, 60 do oks = oks + (r[i] == "OK" and 1 or 0) end
eq("pipelined SETs", 60, oks)
local used = 0
for _, a in ipairs(c0:masters()) do
  used = used + ((c0.sent[a] or 0) > 0 and 1 or 0)
end
eq("every master got commands", 3, used)
eq("GET k17", "v17", c0:call("k17", "GET", "k17"))

-- MOVED: a client whose map sends every slot to the wrong master.
local c1 = assert(rc.connect(addr(ports[2])))
local masters = c1:masters()
for sl, a in pairs(c1.map) do
  for _, m in ipairs(masters) do
    if m ~= a then
      c1.map[sl] = m
      break
    end
  end
end
-- (refresh would mend the map at once: count the redirections first)
local real_refresh = c1.refresh
c1.refresh = function() return true end
eq("GET through MOVED", "v5", c1:call("k5", "GET", "k5"))
check("a MOVED was followed", c1.redirects.moved >= 1, c1.redirects.moved)
local pr = c1:pipeline({ { "k6", "GET", "k6" }, { "k7", "GET", "k7" } })
eq("pipeline through MOVED", "v6 v7", pr and (pr[1] .. " " .. pr[2]))
c1.refresh = real_refresh

-- ASK: slot of key "asked" half-way from its master to another.
local key = "asked"
local sl = rc.slot(key)
local src = c0.map[sl]
local dst
for _, m in ipairs(masters) do
  if m ~= src then dst = m end
end
local function id_of(a) return c0:node_call(a, "CLUSTER", "MYID") end
local sid, did = id_of(src), id_of(dst)
eq("SET asked", "OK", c0:call(key, "SET", key, "here"))
eq("IMPORTING", "OK", c0:node_call(dst, "CLUSTER", "SETSLOT", sl, "IMPORTING", sid))
eq("MIGRATING", "OK", c0:node_call(src, "CLUSTER", "SETSLOT", sl, "MIGRATING", did))
local dhost, dport = dst:match("^(.*):(%d+)$")
eq("MIGRATE", "OK", c0:node_call(src, "MIGRATE", dhost, dport, key, 0, 5000))
local asks = c0.redirects.ask
eq("GET through ASK", "here", c0:call(key, "GET", key))
eq("an ASK was followed", asks + 1, c0.redirects.ask)
for _, m in ipairs(masters) do
  c0:node_call(m, "CLUSTER", "SETSLOT", sl, "NODE", did)
end
c0:refresh()
eq("slot moved", dst, c0.map[sl])
eq("GET after the move", "here", c0:call(key, "GET", key))

-- }=====================================================================

-- {=====================================================================
-- One index over the cluster, against one kata.index
-- ======================================================================

local kata = require("kata")
local rd = require("kata.redis_dup")

local function lines(path)
  local out = {}
  for l in io.lines(path) do out[#out + 1] = l end
  return out
end

-- bench/dupindex's generator on the project's own docs: 3,000 paragraphs,
-- about 30% duplicates of four kinds.
local src = tmp .. "/source.txt"
assert(os.execute("cat docs/*.md README.md > " .. src))
assert(os.execute("python3 bench/dupindex/gen.py 3000 7 " .. src .. " " .. tmp ..
  "/p.txt " .. tmp .. "/p.truth"))
local paras = lines(tmp .. "/p.txt")
eq("generated paragraphs", 3000, #paras)
-- and short ones (matched exactly), repeated
for i = 1, 40 do paras[#paras + 1] = "Short line " .. (i % 25) .. "." end

local c = assert(rc.connect({ addr(ports[3]), addr(ports[1]) }))
local d = rd.new(c, "t1", { replicas = 1 })
local function share_max(counts, total)
  local m = 0
  for _, v in pairs(counts) do m = math.max(m, v) end
  return m / total
end
-- commands sent to each master over the stream (c.sent counts them)
local sent0 = {}
for _, a in ipairs(c:masters()) do sent0[a] = c.sent[a] or 0 end
local single = kata.index()
local same, dups, hits_single = 0, 0, 0
local first_diff
for i, p in ipairs(paras) do
  local k1, s1 = single:add(tostring(i), p)
  local k2, s2 = d:add(tostring(i), p)
  if k1 == k2 and s1 == s2 then
    same = same + 1
  elseif not first_diff then
    first_diff = i .. ": single " .. tostring(k1) .. " " .. tostring(s1) .. ", cluster " ..
      tostring(k2) .. " " .. tostring(s2)
  end
  if k2 then dups = dups + 1 end
  if k1 then hits_single = hits_single + 1 end
end
eq("every decision as one kata.index", #paras, same)
do
  local counts, total = {}, 0
  for _, a in ipairs(c:masters()) do
    counts[a] = c.sent[a] - sent0[a]
    total = total + counts[a]
  end
  check("the busiest master's share of the stream's commands", share_max(counts, total) <= 0.36,
    share_max(counts, total))
end
if first_diff then print("    first difference: " .. first_diff) end
check("duplicates found", dups > 800, dups)
-- check, without adding
local kept = 2
while single:check(paras[kept]) ~= tostring(kept) do kept = kept + 1 end
local k, sim, kind = d:check(paras[kept])
eq("check finds a kept paragraph", tostring(kept), k)
eq("its similarity", 1, sim)
eq("its kind", "exact", kind)
eq("check of a new text", nil, (d:check("Nothing like this text was ever added to the index of paragraphs here.")))
-- a check is two pipelines (its 8 sub-parts, then the homes of what they
-- found: a round trip per master each) and nothing else
do
  local pipes, calls, cmds_in = 0, 0, 0
  local real_pipeline, real_call = c.pipeline, c.call
  c.pipeline = function(self, cmds)
    pipes = pipes + 1
    cmds_in = cmds_in + #cmds
    return real_pipeline(self, cmds)
  end
  c.call = function(self, ...)
    calls = calls + 1
    return real_call(self, ...)
  end
  local k2 = d:check(paras[kept])
  c.pipeline, c.call = nil, nil
  eq("check after counting", tostring(kept), k2)
  eq("pipelines of a check", 2, pipes)
  eq("single calls of a check", 0, calls)
  check("8 finds and the gets", cmds_in >= 9, cmds_in)
end
-- the parts are spread over the masters; sizes add up
local st = d:stats()
local on, records = {}, 0
local exact = 0
for _, v in pairs(st) do
  on[v.addr] = true
  if v.home then records = records + v.size end
  if v.part == 7 then exact = exact + v.size end
end
local n_on = 0
for _ in pairs(on) do n_on = n_on + 1 end
eq("records kept", #paras - dups, records)
-- The layout spreads: redis-cli gave the 3 masters its default ranges
-- (0-5460, 5461-10922, 10923-16383); each holds a third of the keys, and
-- of every part's sub-parts and of the homes.
do
  local all, homes, parts, nkeys, nhomes = {}, {}, {}, 0, 0
  for key, v in pairs(st) do
    all[v.addr] = (all[v.addr] or 0) + 1
    nkeys = nkeys + 1
    if key:find(":h%d+") then
      homes[v.addr] = (homes[v.addr] or 0) + 1
      nhomes = nhomes + 1
    end
    if v.part then
      parts[v.part] = parts[v.part] or {}
      parts[v.part][v.addr] = (parts[v.part][v.addr] or 0) + 1
    end
  end
  local worst_part = 0
  for t = 0, 7 do worst_part = math.max(worst_part, share_max(parts[t] or {}, 12)) end
  eq("keys of the layout", 8 * 12 + 24, nkeys)
  check("the busiest master's share of the keys", share_max(all, nkeys) <= 0.36, share_max(all, nkeys))
  check("of each part's sub-parts", worst_part > 0 and worst_part <= 0.36, worst_part)
  check("of the homes", share_max(homes, nhomes) <= 0.36, share_max(homes, nhomes))
end
eq("keys on every master", 3, n_on)
eq("exact part holds every record", #paras - dups, exact)
-- the replicas hold the same shards (the writes were acknowledged by WAIT)
local rep_ok = 0
for _, p in ipairs(ports) do
  local a = addr(p)
  local role = c:node_call(a, "ROLE")
  if role and role[1] == "slave" then
    c:node_call(a, "READONLY")
    local mine = 0
    for key, v in pairs(st) do
      local r = c:node_call(a, "KATA.SHARD.SIZE", key)
      if type(r) == "number" then
        if r == v.size then mine = mine + 1 end
      end
    end
    if mine > 0 then rep_ok = rep_ok + 1 end
  end
end
eq("every replica holds its master's shards", 3, rep_ok)

-- errors
local hk = d.home_keys[0]
local r = c:call(hk, "KATA.SHARD.FIND", hk, 9, string.rep("x", 28))
eq("bad part", "ERR part must be an integer from 0 to 7", r and r.err)
r = c:call(hk, "KATA.SHARD.FIND", hk, 7, "short")
eq("bad record", "ERR a record is 28 bytes", r and r.err)
r = c:call(hk, "KATA.SHARD.FIND", hk, 3, string.rep("x", 28))
eq("a home is not a part", "ERR the key holds another part of the index", r and r.err)
c:call("plain", "SET", "plain", "x")
r = c:call("plain", "KATA.SHARD.SIZE", "plain")
eq("wrong type", "WRONGTYPE Operation against a key holding the wrong kind of value", r and r.err)
r = c:call(hk, "KATA.SHARD.RESTORE", hk, "nonsense")
check("RESTORE of junk refused", r and r.err and r.err:find("^ERR not a saved kata shard"), r and r.err)

-- the layout is the index's: another client's is refused, not mixed in
local ok, e = pcall(function() return rd.new(c, "t1", { subparts = 6 }):check(paras[kept]) end)
eq("another layout refused", "index t1 has another layout (kata.redis_dup 2: 8 parts of 12 keys, " ..
  "24 homes), this client's is (kata.redis_dup 2: 8 parts of 6 keys, 24 homes)", not ok and e)
eq("the layout kept", "kata.redis_dup 2: 8 parts of 12 keys, 24 homes", c:call("t1:layout", "GET", "t1:layout"))
c:call("t3:{t3:p7}", "SET", "t3:{t3:p7}", "x")
ok, e = pcall(function() return rd.new(c, "t3"):check(paras[kept]) end)
eq("an older layout refused", "index t3 has the layout of an older kata.redis_dup (keys " ..
  "t3:{t3:pT}): index into a new name", not ok and e)
ok, e = pcall(rd.new, c, "t{4}")
check("a name with braces refused", not ok and tostring(e):find("without { or }", 1, true), e)

-- }=====================================================================

-- {=====================================================================
-- Failover: a master killed (kill -9) mid-stream, its replica promoted;
-- no acknowledged paragraph is lost
-- ======================================================================

local function read(path)
  local f = assert(io.open(path))
  local s = f:read("*a")
  f:close()
  return s
end

-- Polls f() until it is true, at most n times (a bound, not a timing).
local function poll(n, f)
  for _ = 1, n do
    if f() then return true end
    socket.sleep(0.05)
  end
  return false
end

local cf = assert(rc.connect(addr(ports[1]), { retries = 4000 }))
local df = rd.new(cf, "t2", { replicas = 1 })
math.randomseed(18)
local vocab = {}
for i = 1, 3000 do vocab[i] = "w" .. i end
local texts = {}
for i = 1, 600 do
  local w = {}
  for j = 1, 30 do w[j] = vocab[math.random(#vocab)] end
  texts[i] = "Item " .. i .. " " .. table.concat(w, " ") .. "."
end
local key = df.part_keys[0][0]
local victim = cf.map[rc.slot(key)]
local vport = tonumber(victim:match(":(%d+)$"))
local acked, restarted = {}, false
local function alive_ok()
  for _, p in ipairs(ports) do
    if p ~= vport then
      local info = cf:node_call(addr(p), "CLUSTER", "INFO")
      if type(info) ~= "string" or not info:find("cluster_state:ok", 1, true) then return false end
    end
  end
  return true
end
for i, p in ipairs(texts) do
  if i == 200 then
    assert(os.execute("kill -9 " .. read(tmp .. "/" .. vport .. "/pid"):match("%d+")))
  end
  local ok, e = pcall(df.add, df, "p" .. i, p)
  if ok then
    acked[#acked + 1] = i
  else
    check("only acknowledgement fails", tostring(e):find("^not acknowledged"), e)
    if not restarted then
      -- the replica took over (every live node says ok); the killed node
      -- comes back, loads its AOF and rejoins as the new master's replica
      check("cluster ok after the failover", poll(2400, alive_ok))
      assert(os.execute("sh " .. tmp .. "/" .. vport .. "/start.sh"))
      restarted = true
      check("the old master rejoins as a replica", poll(2400, function()
        local r = cf:node_call(victim, "INFO", "replication")
        return type(r) == "string" and r:find("role:slave", 1, true) and
          r:find("master_link_status:up", 1, true)
      end))
    end
  end
end
check("the failover happened", restarted)
check("most adds acknowledged", #acked >= 590, #acked)
local lost = 0
for _, i in ipairs(acked) do
  if df:check(texts[i]) ~= "p" .. i then lost = lost + 1 end
end
eq("acknowledged paragraphs lost", 0, lost)
local newmaster = cf.map[rc.slot(key)]
check("another node holds the slot", newmaster ~= victim, newmaster)
-- the rejoined replica holds its master's shards (after a sync)
cf:node_call(victim, "READONLY")
check("the replica's part 0 as its master's", poll(600, function()
  return cf:node_call(victim, "KATA.SHARD.SIZE", key) == cf:node_call(newmaster, "KATA.SHARD.SIZE", key)
end))
-- the AOF rewrite of the shards (KATA.SHARD.RESTORE), loaded again by a
-- DEBUG LOADAOF on the new master
eq("BGREWRITEAOF", "Background append only file rewriting started",
  cf:node_call(newmaster, "BGREWRITEAOF"))
check("rewrite done", poll(2400, function()
  local r = cf:node_call(newmaster, "INFO", "persistence")
  return type(r) == "string" and r:find("aof_rewrite_in_progress:0", 1, true) and
    r:find("aof_rewrite_scheduled:0", 1, true)
end))
local before = cf:node_call(newmaster, "KATA.SHARD.SIZE", key)
local lr = cf:node_call(newmaster, "DEBUG", "LOADAOF")
eq("DEBUG LOADAOF", "OK", lr)
eq("part 0 after the AOF reload", before, cf:node_call(newmaster, "KATA.SHARD.SIZE", key))
lost = 0
for _, i in ipairs(acked) do
  if df:check(texts[i]) ~= "p" .. i then lost = lost + 1 end
end
eq("acknowledged paragraphs after the AOF reload", 0, lost)

-- }=====================================================================

-- {=====================================================================
-- kata dedupe --redis: two runs (two workers) share one index
-- ======================================================================

-- two paragraphs of its own (the generated ones come from the project's
-- docs, and change with them)
local P1 = "The harbour authority closed the northern quay on Monday after divers found " ..
  "cracks in two of the old concrete piles that hold up the loading platform."
local P2 = "Farmers in the valley say the late rains washed away most of the young rice, " ..
  "and the cooperative has asked the district for seed to plant a second time."
local a_txt = tmp .. "/a.txt"
local f = assert(io.open(a_txt, "w"))
f:write(P1, "\n\n", P2, "\n")
f:close()
local b_txt = tmp .. "/b.txt"
f = assert(io.open(b_txt, "w"))
f:write("A new paragraph about nothing in particular, written only for this test run.\n\n", P2, "\n")
f:close()
local lua = os.getenv("KATA_TEST_LUA") or "lua5.4"
local function run(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local o = p:read("*a")
  p:close()
  return o
end
local seed = addr(ports[2])
local o1 = run(lua .. " bin/kata dedupe --redis " .. seed .. " --index cli " .. a_txt)
eq("first run", "kata dedupe: 0 of 2 paragraphs repeat an earlier one\n", o1)
local o2 = run(lua .. " bin/kata dedupe --redis " .. seed .. " --index cli " .. b_txt)
eq("second run finds the first's paragraph",
  b_txt .. ":3\tparagraph 2\trepeats\t" .. a_txt .. ":3\tparagraph 2\t(exact, 1.000)\n" ..
  "kata dedupe: 1 of 2 paragraphs repeat an earlier one\n", o2)
local o3 = run(lua .. " bin/kata dedupe --redis 127.0.0.1:1 " .. a_txt)
check("no server", o3:find("^kata dedupe: cannot read the slot map"), o3)

-- }=====================================================================

print("redis-cluster: " .. pass .. " passed, " .. failed .. " failed")
os.exit(failed == 0 and 0 or 1)
