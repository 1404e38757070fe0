-- toollib.lua: what the generators in tools/ share: a fatal error naming
-- the tool, reading a whole file, loading kata (built for the interpreter,
-- with LUA_PATH and LUA_CPATH as the Makefile sets them), and a small JSON
-- reader (objects, arrays, strings with every escape, numbers, true, false,
-- null) for the npm packages' files.
--
--   local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/toollib.lua")("gen_x")
--   local fatal, read, json_decode, kata = T.fatal, T.read, T.json_decode, T.kata

return function(name)
  local T = {}

  local function fatal(fmt, ...)
    io.stderr:write(name, ": ", string.format(fmt, ...), "\n")
    os.exit(1)
  end
  T.fatal = fatal

  local ok, kata = pcall(require, "kata")
  if not ok then fatal("cannot load kata (run make first): %s", kata) end
  T.kata = kata

  function T.read(path)
    local f, msg = io.open(path, "rb")
    if not f then fatal("%s", msg) end
    local s = f:read("a")
    f:close()
    return s
  end

  -- JSON null, which a Lua table cannot hold as nil.
  local NULL = setmetatable({}, {__tostring = function() return "null" end})

  local function json_decode(s, what)
    local pos = 1
    local function fail(msg) fatal("%s: %s at byte %d", what, msg, pos) end
    local function skip()
      pos = s:find("[^ \t\r\n]", pos) or #s + 1
    end
    local value
    local function str()
      local out = {}
      pos = pos + 1 -- the opening quote
      while true do
        local a, b = s:find('^[^"\\]+', pos)
        if a then
          out[#out + 1] = s:sub(a, b)
          pos = b + 1
        end
        local c = s:sub(pos, pos)
        if c == '"' then
          pos = pos + 1
          return table.concat(out)
        elseif c == "\\" then
          local e = s:sub(pos + 1, pos + 1)
          local simple = ({['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f",
                           n = "\n", r = "\r", t = "\t"})[e]
          if simple then
            out[#out + 1] = simple
            pos = pos + 2
          elseif e == "u" then
            local hex = s:match("^%x%x%x%x", pos + 2)
            if not hex then fail("bad \\u escape") end
            local cp = tonumber(hex, 16)
            pos = pos + 6
            if cp >= 0xD800 and cp <= 0xDBFF then -- a surrogate pair
              local lo = s:match("^\\u(%x%x%x%x)", pos)
              lo = lo and tonumber(lo, 16)
              if not lo or lo < 0xDC00 or lo > 0xDFFF then fail("lone surrogate") end
              cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
              pos = pos + 6
            elseif cp >= 0xDC00 and cp <= 0xDFFF then
              fail("lone surrogate")
            end
            out[#out + 1] = utf8.char(cp)
          else
            fail("bad escape")
          end
        else
          fail("unterminated string")
        end
      end
    end
    function value()
      skip()
      local c = s:sub(pos, pos)
      if c == "{" then
        local t = {}
        pos = pos + 1
        skip()
        if s:sub(pos, pos) == "}" then
          pos = pos + 1
          return t
        end
        while true do
          skip()
          if s:sub(pos, pos) ~= '"' then fail("object key expected") end
          local k = str()
          skip()
          if s:sub(pos, pos) ~= ":" then fail("':' expected") end
          pos = pos + 1
          t[k] = value()
          skip()
          c = s:sub(pos, pos)
          pos = pos + 1
          if c == "}" then return t end
          if c ~= "," then fail("',' or '}' expected") end
        end
      elseif c == "[" then
        local t = {}
        pos = pos + 1
        skip()
        if s:sub(pos, pos) == "]" then
          pos = pos + 1
          return t
        end
        while true do
          t[#t + 1] = value()
          skip()
          c = s:sub(pos, pos)
          pos = pos + 1
          if c == "]" then return t end
          if c ~= "," then fail("',' or ']' expected") end
        end
      elseif c == '"' then
        return str()
      end
      local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      if num and num ~= "" then
        pos = pos + #num
        return tonumber(num) or fail("bad number")
      end
      for lit, v in pairs({["true"] = true, ["false"] = false, null = NULL}) do
        if s:sub(pos, pos + #lit - 1) == lit then
          pos = pos + #lit
          return v
        end
      end
      fail("value expected")
    end
    local v = value()
    skip()
    if pos <= #s then fail("trailing characters") end
    return v
  end
  T.json_decode = json_decode
  T.NULL = NULL

  return T
end
