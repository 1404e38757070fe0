-- kata.resp: RESP2 commands and replies over a socket-like object (the
-- reader of kata.redis_cluster and the OpenResty example), on a fake socket
-- that serves a fixed string.
local resp = require("kata.resp")

-- A socket whose receive reads from s: "*l" a line without its CRLF, a
-- number that many bytes; nil, "closed" past the end.
local function fake(s)
  local pos = 1
  return {
    receive = function(_, what)
      if what == "*l" then
        local a, b = s:find("\r\n", pos, true)
        if not a then return nil, "closed" end
        local line = s:sub(pos, a - 1)
        pos = b + 1
        return line
      end
      if pos + what - 1 > #s then return nil, "closed" end
      local d = s:sub(pos, pos + what - 1)
      pos = pos + what
      return d
    end,
  }
end

describe("kata.resp", function()
  it("encodes a command as an array of bulk strings, bytes counted", function()
    assert.are.equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nh\195\169!\r\r\n",
                     resp.encode({ "SET", "k", "h\195\169!\r" }))
    assert.are.equal("*2\r\n$4\r\nINCR\r\n$2\r\n42\r\n", resp.encode({ "INCR", 42 }))
  end)

  it("reads every kind of reply", function()
    assert.are.equal("OK", resp.read(fake("+OK\r\n")))
    assert.are.equal(-7, resp.read(fake(":-7\r\n")))
    assert.are.equal("a\r\nb", resp.read(fake("$4\r\na\r\nb\r\n")))
    assert.are.same({ err = "MOVED 3999 127.0.0.1:6381" },
                    resp.read(fake("-MOVED 3999 127.0.0.1:6381\r\n")))
    local v, err = resp.read(fake("$-1\r\n"))
    assert.is_nil(v)
    assert.is_nil(err)
    assert.are.same({ "x", false, 3, { "y", n = 1 }, n = 4 },
                    resp.read(fake("*4\r\n$1\r\nx\r\n$-1\r\n:3\r\n*1\r\n+y\r\n")))
  end)

  it("says when the connection breaks or the reply is not RESP2", function()
    local v, err = resp.read(fake("$10\r\nshort\r\n"))
    assert.is_nil(v)
    assert.are.equal("closed", err)
    v, err = resp.read(fake("*2\r\n:1\r\n"))
    assert.is_nil(v)
    assert.are.equal("closed", err)
    v, err = resp.read(fake("?what\r\n"))
    assert.is_nil(v)
    assert.are.equal("protocol error: ?what", err)
    v, err = resp.read(fake("$x\r\n"))
    assert.is_nil(v)
    assert.are.equal("protocol error: $x", err)
  end)
end)
