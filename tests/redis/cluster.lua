-- cluster.lua: run by tests/redis/cluster.sh on a cluster of 3 masters and
-- 3 replicas: lua5.4 tests/redis/cluster.lua TMPDIR PORT...
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

print("redis-cluster: " .. pass .. " passed, " .. failed .. " failed")
os.exit(failed == 0 and 0 or 1)
