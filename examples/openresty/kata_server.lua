-- kata_server: the handlers of the example HTTP server (nginx.conf beside it;
-- docs/openresty.md). POST /analyze, POST /dedupe, GET /health.
-- Runs in nginx's LuaJIT (libnginx-mod-http-lua); kata is loaded once per
-- worker, by init_worker.

local M = {}

local kata, cli, resp     -- require("kata"), "kata.cli", "kata.resp": init_worker
local loads = 0           -- how many times this worker loaded kata (1)

--- Loads kata in this worker (init_worker_by_lua_block). Each nginx
-- worker is its own LuaJIT state: it loads the module once, here, and
-- every request it serves reuses it.
function M.init_worker()
  kata = require("kata")
  cli = require("kata.cli")
  resp = require("kata.resp") -- RESP2 over the cosocket
  loads = loads + 1
end

-- {======================================================================
-- Replies
-- ======================================================================

local function reply(status, body)
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.print(body)
  return ngx.exit(status)
end

local function fail(status, message)
  return reply(status, '{"error":' .. cli.json_string(message) .. "}\n")
end

-- The request's body, or nil after replying with an error. nginx keeps
-- bodies up to client_body_buffer_size in memory; nginx.conf makes that
-- client_max_body_size, so a body is never in a file (larger ones were
-- refused with 413 before this runs).
local function body()
  if ngx.req.get_method() ~= "POST" then
    ngx.header["Allow"] = "POST"
    fail(405, "use POST with the text as the body")
    return nil
  end
  ngx.req.read_body()
  local s = ngx.req.get_body_data()
  if not s then
    if ngx.req.get_body_file() then
      fail(413, "the body was buffered to a file: raise client_body_buffer_size")
    else
      fail(400, "empty body: POST the text")
    end
    return nil
  end
  return s
end

-- }======================================================================

-- {======================================================================
-- POST /analyze
-- ======================================================================


--- POST /analyze[?n=N&lang=L&duplicates=mark|none]: kata.analyze of the
-- body as the JSON of `kata analyze --json` (without "file"); duplicates=none
-- is --keep-duplicates (no search, repeats counted). A bad option is a 400
-- with kata's message.
function M.analyze()
  local s = body()
  if not s then return end
  local args = ngx.req.get_uri_args(10)
  local opts = { duplicates = "mark" }
  if args.n then
    opts.n = tonumber(args.n)
    if not opts.n then return fail(400, "n must be a number") end
  end
  if args.lang then opts.lang = args.lang end
  if args.duplicates == "none" then         -- kata analyze --keep-duplicates
    opts.duplicates, opts.unique_paragraphs = false, false
  elseif args.duplicates and args.duplicates ~= "mark" then
    return fail(400, "duplicates must be mark or none")
  end
  local ok, r = pcall(kata.analyze, s, opts)
  if not ok then return fail(400, tostring(r)) end
  return reply(200, cli.report_json(r))
end

-- }======================================================================

-- {======================================================================
-- POST /dedupe: the index in Redis (KATA.DUP.*), over a cosocket
-- ======================================================================

-- Sends one command to the Redis of $kata_redis (RESP2 by kata.resp, whose
-- reader takes a cosocket as it takes LuaSocket's objects); connections
-- are kept in nginx's per-worker pool (set_keepalive), so a request costs
-- one round trip.
local function redis(args)
  local host, port = ngx.var.kata_redis:match("^(.+):(%d+)$")
  local sock = ngx.socket.tcp()
  sock:settimeouts(1000, 5000, 5000)
  local ok, err = sock:connect(host, tonumber(port))
  if not ok then return nil, "redis: " .. err end
  ok, err = sock:send(resp.encode(args))
  if not ok then sock:close(); return nil, "redis: " .. err end
  local v
  v, err = resp.read(sock)
  if err then sock:close(); return nil, "redis: " .. err end
  sock:setkeepalive(10000, 32)
  if type(v) == "table" and v.err then return nil, "redis: " .. v.err end
  if v == nil then return ngx.null end
  return v
end

-- The answer of KATA.DUP.ADD/CHECK as JSON: null, or the earlier paragraph.
local function dup_json(v)
  if v == ngx.null then return '{"duplicate":false}\n' end
  local m = {}
  for i = 1, #v, 2 do m[v[i]] = v[i + 1] end
  return string.format('{"duplicate":true,"of":%s,"similarity":%s,"kind":%s}\n',
                       cli.json_string(m.id), cli.json_number(tonumber(m.similarity)),
                       cli.json_string(m.kind))
end

--- POST /dedupe?id=ID: adds the body (one paragraph) to the shared index
-- under ID unless it repeats a paragraph already there; without id, only
-- checks. Replies {"duplicate":false} or {"duplicate":true,"of":ID,
-- "similarity":x,"kind":"exact"|"estimate"}; 502 when Redis fails.
function M.dedupe()
  local s = body()
  if not s then return end
  local id = ngx.req.get_uri_args(10).id
  if type(id) == "table" then return fail(400, "one id") end
  if id == "" then return fail(400, "empty id") end
  local key = ngx.var.kata_index
  local v, err
  if id then v, err = redis({ "KATA.DUP.ADD", key, id, s })
  else v, err = redis({ "KATA.DUP.CHECK", key, s }) end
  if v == nil then return fail(502, err) end
  return reply(200, dup_json(v))
end

-- }======================================================================

--- GET /health: this worker's process id, how many times it loaded kata
-- and kata's version.
function M.health()
  return reply(200, string.format('{"worker":%d,"loads":%d,"kata":%s}\n', ngx.worker.pid(), loads,
                                  cli.json_string(kata.version)))
end

return M
