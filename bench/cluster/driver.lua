--- bench/cluster/driver.lua: kata's side of bench/cluster/run.sh (issue 18).
--
--   lua5.4 bench/cluster/driver.lua single PARAGRAPHS REPORT
--       Streams the file (one paragraph per line) through one
--       kata.index(OPTS), idx:add(tostring(line), line); writes REPORT as
--       TSV `line<TAB>dup_of<TAB>similarity` (bench/dupindex/score.py's
--       format; the similarity with all its digits) and prints one
--       key=value line: paragraphs, duplicates, indexed, seconds, and
--       idx:memory() per indexed paragraph (index bytes, key bytes, both).
--   lua5.4 bench/cluster/driver.lua cluster PARAGRAPHS REPORT SINGLE_REPORT PORT...
--       The same stream through kata.redis_dup on the cluster whose masters
--       listen on 127.0.0.1:PORT... (index "bench", the same OPTS, replicas
--       = 0: no WAIT, the cluster has no replicas); writes REPORT the same
--       way, counts the decisions (duplicate or not, which paragraph, the
--       similarity) that differ from SINGLE_REPORT's, and prints per
--       master, over the stream: the calls and microseconds of each
--       KATA.SHARD command (INFO commandstats, deltas), the bytes the
--       client sent to and read from it (counted at the client's sockets:
--       during the stream only the kata commands go to the masters), the
--       MEMORY USAGE of the index's keys it holds, and its used_memory
--       growth (INFO memory, deltas); then the totals, and the memory per
--       indexed paragraph both ways.
-- Prints figures; asserts nothing but that the servers answer.

local kata = require("kata")

local OPTS = { threshold = 0.8 }   -- the single index's and the cluster's
local clock = os.clock

local function now()
  local ok, socket = pcall(require, "socket")
  if ok then return socket.gettime() end
  return os.time()
end

local function single_run(input, report)
  local idx = kata.index(OPTS)
  local out = assert(io.open(report, "w"))
  local n, dups = 0, 0
  local t0, w0 = clock(), now()
  for line in io.lines(input) do
    n = n + 1
    local key, sim = idx:add(tostring(n), line)
    if key then
      dups = dups + 1
      out:write(n, "\t", key, "\t", string.format("%.17g", sim), "\n")
    end
  end
  local cpu, wall = clock() - t0, now() - w0
  out:close()
  local ib, kb = idx:memory()
  local size = idx:size()
  print(string.format("single: paragraphs=%d dups=%d indexed=%d seconds=%.1f cpu_seconds=%.1f "
    .. "index_bytes_per_paragraph=%.1f key_bytes_per_paragraph=%.1f total_bytes_per_paragraph=%.1f",
    n, dups, size, wall, cpu, ib / size, kb / size, (ib + kb) / size))
end

-- "k:v\r\n" lines of an INFO section into a table (numbers where numeric).
local function info(c, addr, section)
  local s = assert(c:node_call(addr, "INFO", section))
  local t = {}
  for k, v in s:gmatch("([%w_%.]+):([^\r\n]*)") do t[k] = tonumber(v) or v end
  return t
end

-- {command = {calls, usec}} for the KATA.* commands of INFO commandstats.
local function kata_stats(c, addr)
  local out = {}
  for k, v in pairs(info(c, addr, "commandstats")) do
    local name = k:match("^cmdstat_(kata%..+)$")
    if name then
      out[name] = {
        calls = tonumber(v:match("calls=(%d+)")),
        usec = tonumber(v:match("usec=(%d+)")),
      }
    end
  end
  return out
end

-- Counts the bytes on each of the client's sockets: the client's sockets
-- are wrapped as they are made.
local function count_bytes(c)
  local bytes = {}
  local conn = getmetatable(c).conn
  c.conn = function(self, addr)
    local s = self.socks[addr]
    if s then return s end
    local err
    s, err = conn(self, addr)
    if not s then return nil, err end
    local b = bytes[addr] or { sent = 0, read = 0 }
    bytes[addr] = b
    local w = {}
    function w.send(_, data)
      local r, e, last = s:send(data)
      if r then b.sent = b.sent + #data end
      return r, e, last
    end
    function w.receive(_, pat)
      local r, e, partial = s:receive(pat)
      if r then b.read = b.read + #r + (pat == "*l" and 2 or 0) end
      return r, e, partial
    end
    function w.close(_) return s:close() end
    function w.settimeout(_, ...) return s:settimeout(...) end
    function w.setoption(_, ...) return s:setoption(...) end
    self.socks[addr] = w
    return w
  end
  return bytes
end

local function read_report(path)
  local t = {}
  for l in io.lines(path) do
    local a, b, s = l:match("^(%d+)\t([^\t]*)\t(%S+)")
    if a then t[tonumber(a)] = b .. "\t" .. s end
  end
  return t
end

local function cluster_run(input, report, single_report, ports)
  local rc = require("kata.redis_cluster")
  local rd = require("kata.redis_dup")
  local seeds = {}
  for i, p in ipairs(ports) do seeds[i] = "127.0.0.1:" .. p end
  local c = assert(rc.connect(seeds))
  local masters = c:masters()
  local before = {}
  for _, a in ipairs(masters) do
    before[a] = { stats = kata_stats(c, a), mem = info(c, a, "memory").used_memory,
      cpu = info(c, a, "cpu") }
  end
  local bytes = count_bytes(c)
  for _, a in ipairs(masters) do c:drop(a) end   -- reconnect through the counter
  local d = rd.new(c, "bench", { threshold = OPTS.threshold, replicas = 0 })
  local want = read_report(single_report)
  local out = assert(io.open(report, "w"))
  local n, dups, differ = 0, 0, 0
  local firsts, stopped = {}, nil
  local t0, w0 = clock(), now()
  for line in io.lines(input) do
    n = n + 1
    local ok, key, sim = pcall(d.add, d, tostring(n), line)
    if not ok then
      print(string.format("cluster: stopped at paragraph %d: %s", n, tostring(key)))
      stopped = n
      n = n - 1
      break
    end
    local got
    if key then
      dups = dups + 1
      got = key .. "\t" .. string.format("%.17g", sim)
      out:write(n, "\t", got, "\n")
    end
    if got ~= want[n] then
      differ = differ + 1
      if #firsts < 5 then
        firsts[#firsts + 1] = n .. ": single " .. tostring(want[n]) .. ", cluster " .. tostring(got)
      end
    end
    if n % 50000 == 0 then
      io.stderr:write(string.format("cluster: %d paragraphs, %.0f s\n", n, now() - w0))
    end
  end
  local cpu, wall = clock() - t0, now() - w0
  out:close()
  -- the masters' counters right after the stream (before the reads below)
  local rows, streamed = {}, {}
  for a, b in pairs(bytes) do streamed[a] = { sent = b.sent, read = b.read } end
  for _, a in ipairs(masters) do
    local s1, s0 = kata_stats(c, a), before[a].stats
    local row = { addr = a, calls = 0, usec = 0, per = {} }
    for name, v in pairs(s1) do
      local dc = v.calls - ((s0[name] or {}).calls or 0)
      row.calls = row.calls + dc
      row.usec = row.usec + v.usec - ((s0[name] or {}).usec or 0)
      row.per[name] = dc
    end
    local cpu1, cpu0 = info(c, a, "cpu"), before[a].cpu
    row.cpu = (cpu1.used_cpu_user + cpu1.used_cpu_sys) - (cpu0.used_cpu_user + cpu0.used_cpu_sys)
    row.mem = info(c, a, "memory").used_memory - before[a].mem
    local b = streamed[a] or { sent = 0, read = 0 }
    row.sent, row.read = b.sent, b.read
    rows[#rows + 1] = row
  end
  -- memory of the index's keys, by master
  local keymem, records = {}, 0
  local st, names = d:stats(), {}
  for key, v in pairs(st) do
    keymem[v.addr] = (keymem[v.addr] or 0) + (v.memory or 0)
    if v.home then records = records + v.size end
    names[#names + 1] = key
  end
  table.sort(names)
  -- by part (its sub-parts summed) and the homes summed
  local per, order = {}, {}
  for _, key in ipairs(names) do
    local v = st[key]
    local g = v.home and "homes" or ("p" .. v.part)
    if not per[g] then
      per[g] = { size = 0, memory = 0, keys = 0 }
      order[#order + 1] = g
    end
    per[g].size = per[g].size + v.size
    per[g].memory = per[g].memory + (v.memory or 0)
    per[g].keys = per[g].keys + 1
  end
  table.sort(order)
  local per_key = {}
  for _, g in ipairs(order) do
    per_key[#per_key + 1] = string.format("%s=%d/%d/%d", g, per[g].keys, per[g].size, per[g].memory)
  end
  print("keys (keys/entries/MEMORY USAGE bytes): " .. table.concat(per_key, " "))
  print(string.format("cluster: masters=%d paragraphs=%d dups=%d indexed=%d seconds=%.1f "
    .. "client_cpu_seconds=%.1f decisions_differing_from_single=%d",
    #masters, n, dups, records, wall, cpu, differ))
  for _, f in ipairs(firsts) do print("  differs at " .. f) end
  print("")
  print("| master | KATA.SHARD.* calls | FIND | GET | ADD | PUT | usec in kata commands | "
    .. "server CPU s (user+sys) | bytes from client | bytes to client | "
    .. "MEMORY USAGE of its keys | used_memory growth |")
  print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
  local tot = { calls = 0, usec = 0, cpu = 0, sent = 0, read = 0, keymem = 0, mem = 0 }
  local most = { calls = 0, bytes = 0, usec = 0 }
  local function line(name, r, km)
    print(string.format("| %s | %d | %d | %d | %d | %d | %d | %.1f | %d | %d | %d | %d |", name,
      r.calls, r.per["kata.shard.find"] or 0, r.per["kata.shard.get"] or 0,
      r.per["kata.shard.add"] or 0, r.per["kata.shard.put"] or 0, r.usec, r.cpu, r.sent, r.read,
      km, r.mem))
  end
  local all = { calls = 0, usec = 0, cpu = 0, sent = 0, read = 0, mem = 0, per = {} }
  for _, r in ipairs(rows) do
    line(r.addr, r, keymem[r.addr] or 0)
    for _, k in ipairs({ "calls", "usec", "cpu", "sent", "read", "mem" }) do all[k] = all[k] + r[k] end
    for name, v in pairs(r.per) do all.per[name] = (all.per[name] or 0) + v end
    tot.keymem = tot.keymem + (keymem[r.addr] or 0)
    most.calls = math.max(most.calls, r.calls)
    most.bytes = math.max(most.bytes, r.sent + r.read)
    most.usec = math.max(most.usec, r.usec)
  end
  line("all", all, tot.keymem)
  print("")
  print(string.format("cluster_summary: masters=%d memory_usage_bytes_per_paragraph=%.1f "
    .. "used_memory_growth_bytes_per_paragraph=%.1f calls_per_paragraph=%.2f bytes_per_paragraph=%.1f "
    .. "busiest_share_calls=%.3f busiest_share_bytes=%.3f busiest_share_usec=%.3f ideal_share=%.3f",
    #masters, tot.keymem / records, all.mem / records, all.calls / n, (all.sent + all.read) / n,
    most.calls / math.max(1, all.calls), most.bytes / math.max(1, all.sent + all.read),
    most.usec / math.max(1, all.usec), 1 / #masters))
  c:close()
  if stopped then os.exit(3) end
end

local mode = arg[1]
if mode == "single" and arg[2] and arg[3] then
  single_run(arg[2], arg[3])
elseif mode == "cluster" and arg[2] and arg[3] and arg[4] and arg[5] then
  local ports = {}
  for i = 5, #arg do ports[#ports + 1] = tonumber(arg[i]) end
  cluster_run(arg[2], arg[3], arg[4], ports)
else
  io.stderr:write("usage: driver.lua single PARAGRAPHS REPORT | cluster PARAGRAPHS REPORT SINGLE_REPORT PORT...\n")
  os.exit(2)
end
