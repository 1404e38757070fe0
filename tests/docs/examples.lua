--- tests/docs/examples.lua: runs the examples of the documentation.
--
--   lua5.4 tests/docs/examples.lua [FILE.md ...]   (default: README.md docs/*.md)
--
-- An example is a ```lua block (```lua fragment: not run) or a ```sh run
-- block (run by sh from the root, with `kata` standing for bin/kata under
-- LUA, `set -e`;
-- plain ```sh blocks are not run)
-- followed (blank lines between allowed) by a
-- ```text block: the Lua runs in a fresh interpreter (LUA, default lua5.4)
-- from the repository's root, and its output must equal the text block,
-- with runs of spaces and tabs compared as one space and trailing space
-- ignored (the docs show tabs as spaces). A ```lua block with no ```text
-- block after it must run without error. Prints one line per example and
-- `N passed, N failed`; exits 1 on a failure.

local LUA = os.getenv("LUA") or "lua5.4"

local function squash(s)
  s = s:gsub("[ \t]+", " "):gsub(" \n", "\n"):gsub(" $", ""):gsub("\n+$", "")
  return s
end

local function examples(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  local out, pos, line_of = {}, 1, function(p)
    local _, n = s:sub(1, p):gsub("\n", "")
    return n + 1
  end
  while true do
    -- the next ```lua or ```sh run block
    local a, b = s:find("\n```lua\n", pos, true)
    local a2, b2 = s:find("\n```sh run\n", pos, true)
    local shell = false
    if a2 and (not a or a2 < a) then a, b, shell = a2, b2, true end
    if not a then break end
    local c, d = s:find("\n```\n", b, true)
    if not c then break end
    local code = s:sub(b + 1, c)
    local want
    local e, g = s:find("^%s*```text\n", d + 1)
    if e then
      local h, i = s:find("\n```", g, true)
      want = s:sub(g + 1, h)
      d = i
    end
    out[#out + 1] = { line = line_of(a + 1), code = code, want = want, shell = shell }
    pos = d
  end
  return out
end

local files = { ... }
if #files == 0 then
  files[1] = "README.md"
  local p = io.popen("ls docs/*.md")
  for name in p:lines() do files[#files + 1] = name end
  p:close()
end

local tmp = os.tmpname()
local passed, failed = 0, 0
for _, file in ipairs(files) do
  for _, ex in ipairs(examples(file)) do
    local f = assert(io.open(tmp, "wb"))
    local run = LUA .. " " .. tmp
    if ex.shell then
      -- a shell example: `kata` is bin/kata under LUA, and the script
      -- stops at the first failing command
      f:write("set -e\nroot=$PWD\n",
              "export LUA_PATH=\"$root/lua/?.lua;$root/lua/?/init.lua;${LUA_PATH:-;}\"\n",
              "export LUA_CPATH=\"$root/build/$KATA_LUA/?.so;${LUA_CPATH:-;}\"\n",
              "kata() { \"$KATA_LUA\" \"$root/bin/kata\" \"$@\"; }\n")
      run = "KATA_LUA=" .. LUA .. " sh " .. tmp
    end
    f:write(ex.code)
    f:close()
    local p = io.popen(run .. " 2>&1; echo \"exit:$?\"")
    local got = p:read("*a")
    p:close()
    local code = tonumber(got:match("exit:(%d+)\n?$"))
    got = got:gsub("exit:%d+\n?$", "")
    local ok = code == 0 and (ex.want == nil or squash(got) == squash(ex.want))
    if ok then
      passed = passed + 1
    else
      failed = failed + 1
      print(string.format("FAIL %s:%d (exit %s)\n--- want\n%s--- got\n%s", file, ex.line,
        tostring(code), ex.want or "(no error)\n", got))
    end
  end
end
os.remove(tmp)
print(string.format("%d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
