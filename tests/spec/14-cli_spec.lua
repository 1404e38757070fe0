-- The kata command (lua/kata/cli.lua), driven through cli.main with
-- streams of our own.
local cli = require("kata.cli")

-- Runs `kata ARGS...` and returns status, stdout, stderr.
local kata = require("spec_helpers").cli

local tmpfile = require("spec_helpers").tmpfile
local function kata_lib_entities(s) return require("kata").entities(s) end
local read_file = require("spec_helpers").read_file

-- A string quoted for sh.
local function q(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- The interpreter running the specs and an environment finding this tree's
-- kata, for running bin/kata as a process of its own.
local LUA = arg and arg[-1] or (rawget(_G, "jit") and "luajit" or "lua" .. _VERSION:match("%d+%.%d+"))
local ENV = "LUA_PATH=" .. q(package.path) .. " LUA_CPATH=" .. q(package.cpath) ..
            " LUA_PATH_5_4=" .. q(package.path) .. " LUA_CPATH_5_4=" .. q(package.cpath)

-- Runs the shell command cmd; returns its standard output and error.
local function sh(cmd)
  local out, err = os.tmpname(), os.tmpname()
  os.execute("( " .. cmd .. " ) >" .. q(out) .. " 2>" .. q(err))
  local o, e = read_file(out), read_file(err)
  os.remove(out)
  os.remove(err)
  return o, e
end

local function lines(s)
  local t = {}
  for l in s:gmatch("[^\n]+") do t[#t + 1] = l end
  return t
end

local DUP = "Gempa bermagnitudo 5,1 mengguncang Cianjur pada Senin pagi dan warga berhamburan.\n\n" ..
            "BPBD mencatat 12 rumah rusak ringan di tiga kecamatan.\n\n" ..
            "Gempa bermagnitudo 5,1 mengguncang Cianjur pada Senin pagi dan warga berhamburan.\n"

describe("kata command", function()
  it("prints help for each command, and usage errors exit 2", function()
    for _, cmd in ipairs({"analyze", "keywords", "entities", "dedupe", "tokens", "sentences",
                          "paragraphs"}) do
      local st, out = kata({cmd, "--help"})
      assert.equal(0, st)
      assert.matches("^usage: kata " .. cmd, out)
      st, out = kata({"help", cmd})
      assert.equal(0, st)
      assert.matches("^usage: kata " .. cmd, out)
    end
    local st, out, err = kata({})
    local _
    assert.equal(2, st)
    assert.equal("", out)
    assert.matches("usage: kata COMMAND", err)
    st, _, err = kata({"frobnicate"})
    assert.equal(2, st)
    assert.matches("unknown command 'frobnicate'", err)
    st, _, err = kata({"analyze", "--bogus"})
    assert.equal(2, st)
    assert.matches("kata analyze: unknown option '%-%-bogus'", err)
    st, _, err = kata({"analyze", "-n", "many"})
    assert.equal(2, st)
    assert.matches("option '%-n' needs a whole number", err)
    st, _, err = kata({"dedupe", "--threshold", "2"})
    assert.equal(2, st)
    assert.matches("option '%-%-threshold' needs a number from 0 to 1, got '2'", err)
    st, _, err = kata({"entities", "--types", "PERSON,THING"})
    assert.equal(2, st)
    assert.matches("unknown entity type 'THING'", err)
    st, _, err = kata({"entities", "--lang", "fr"})
    assert.equal(2, st)
    assert.matches("option '%-%-lang' needs en, id or auto", err)
    st, _, err = kata({"analyze", "--lang", "xx"})
    assert.equal(2, st)
    assert.matches("option '%-%-lang' needs auto or a language code kata knows, got 'xx'", err)
  end)

  -- Regression (issue 17): analyze took only en, id or auto.
  it("analyzes text in any language with a list", function()
    local fr = "Le chien dort aussi dans le jardin, et le chat de la voisine dort sous la table.\n"
    local st, out = kata({"analyze", "--lang", "fr", "-n", "2"}, fr)
    assert.equal(0, st)
    assert.matches("language    fr %(confidence", out)
    assert.matches("keywords %(most frequent, without stop words%)\n     2  dort\n     1  chat\n", out)
  end)

  it("reports unreadable files with exit 2 and goes on with the others", function()
    local path = tmpfile("Satu dua tiga.")
    local st, out, err = kata({"tokens", "/nonexistent/kata.txt", path})
    os.remove(path)
    assert.equal(2, st)
    assert.matches("kata: cannot read '/nonexistent/kata.txt': ", err)
    assert.matches("\t1\t4\tword\tSatu\n", out)
  end)

  it("reads standard input, and --strict rejects invalid UTF-8 with its byte", function()
    local st, out = kata({"tokens"}, "dua kata")
    assert.equal(0, st)
    assert.equal("1\t3\tword\tdua\n5\t8\tword\tkata\n", out)
    local err
    st, out, err = kata({"entities", "--strict"}, "Jakarta \255 Bandung")
    assert.equal(1, st)
    assert.equal("", out)
    assert.equal("kata: -: invalid UTF-8 at byte 9\n", err)
    st, out = kata({"entities"}, "Jakarta \255 Bandung")
    assert.equal(0, st)
    assert.equal(2, #lines(out))
  end)

  it("analyze: a report, and JSON Lines", function()
    local st, out = kata({"analyze", "-n", "3"}, DUP)
    assert.equal(0, st)
    assert.matches("language    id", out)
    assert.matches("paragraphs  3, 1 of them repeating an earlier one", out)
    assert.matches("LOCATION\n +1  Cianjur", out)
    assert.matches("bytes %d+%-%d+ repeat paragraph 1 %(exact, 1.00%)", out)
    st, out = kata({"analyze", "--json"}, DUP)
    assert.equal(0, st)
    assert.equal(1, #lines(out))
    assert.matches('^{"file":"%-","language":"id"', out)
    assert.matches('"counts":{"bytes":%d+,"characters":%d+,"words":%d+,"sentences":3,' ..
                   '"paragraphs":3,"duplicates":1,"invalid":0,"first_invalid":null}', out)
    assert.matches('"entities":{[^}]*"LOCATION":%[{"text":"Cianjur","count":1}%]', out)
    assert.matches('"duplicates":%[{"start":%d+,"stop":%d+,"dup_of":1,"similarity":1,"kind":"exact"}%]', out)
    st, out = kata({"analyze", "--json", "--keep-duplicates"}, DUP)
    assert.equal(0, st)
    assert.matches('"LOCATION":%[{"text":"Cianjur","count":2}%]', out)
    assert.matches('"duplicates":%[%]', out)
  end)

  it("report_json: analyze --json's line for a kata.analyze result, \"file\" only when named", function()
    local _, out = kata({"analyze", "--json", "-n", "2"}, DUP)
    local r = require("kata").analyze(DUP, {n = 2, duplicates = "mark"})
    assert.equal(out, cli.report_json(r, "-"))
    assert.equal((out:gsub('^{"file":"%-",', "{")), cli.report_json(r))
    assert.matches('^{"language":"id",', cli.report_json(r))
  end)

  it("entities: tab-separated lines with values, JSON, types and gazetteers", function()
    local s = "Presiden Joko Widodo tiba di Surabaya pada Senin (3/4) dengan Rp 1,5 triliun."
    local st, out = kata({"entities"}, s)
    assert.equal(0, st)
    local l = lines(out)
    assert.equal("10\t20\tPERSON\tJoko Widodo", l[1])
    assert.equal("30\t37\tLOCATION\tSurabaya", l[2])
    assert.matches("^63\t76\tMONEY\tRp 1,5 triliun\t1500000000000 IDR$", l[4])
    st, out = kata({"entities", "--json", "--types", "money,person"}, s)
    assert.equal(0, st)
    l = lines(out)
    assert.equal(2, #l)
    assert.equal('{"text":"Joko Widodo","type":"PERSON","start":10,"stop":20}', l[1])
    assert.equal('{"text":"Rp 1,5 triliun","type":"MONEY","start":63,"stop":76,' ..
                 '"value":{"amount":1500000000000,"currency":"IDR"}}', l[2])
    local g = tmpfile("# mine\nJoko Widodo\tORGANIZATION\tjkw\n")
    st, out = kata({"entities", "--gazetteer", g}, s)
    assert.equal(0, st)
    assert.equal("10\t20\tORGANIZATION\tJoko Widodo\tjkw", lines(out)[1])
    local bad = tmpfile("Joko Widodo\tTHING\n")
    local err
    st, out, err = kata({"entities", "--gazetteer=" .. bad}, s)
    assert.equal(1, st)
    assert.equal("", out)
    assert.matches(bad:gsub("%p", "%%%0") .. ":1: unknown type", err)
    os.remove(g)
    os.remove(bad)
  end)

  it("dedupe: one input's text without repeats, every kept byte as it was", function()
    local st, out, err = kata({"dedupe"}, DUP)
    assert.equal(0, st)
    assert.equal(DUP:sub(1, DUP:find("\n\nGempa") + 1):gsub("\n\n$", "\n"), out)
    assert.equal("kata dedupe: 1 duplicate paragraph removed\n", err)
    st, out = kata({"dedupe", "--list"}, DUP)
    assert.equal(0, st)
    assert.equal("-:5\tparagraph 3\trepeats\t-:1\tparagraph 1\t(exact, 1.000)\n", out)
  end)

  it("dedupe: paragraphs repeated across files, with progress on request", function()
    local a = tmpfile(DUP)
    local b = tmpfile("Warga panik.\n\nBPBD MENCATAT 12 RUMAH RUSAK RINGAN DI TIGA KECAMATAN\n")
    local st, out, err = kata({"dedupe", "--progress", a, b})
    assert.equal(0, st)
    local l = lines(out)
    assert.equal(2, #l)
    assert.equal(a .. ":5\tparagraph 3\trepeats\t" .. a .. ":1\tparagraph 1\t(exact, 1.000)", l[1])
    assert.equal(b .. ":3\tparagraph 2\trepeats\t" .. a .. ":3\tparagraph 2\t(exact, 1.000)", l[2])
    assert.matches("%[#+%] 2/2 ", err)
    assert.matches("kata dedupe: 2 of 5 paragraphs repeat an earlier one\n$", err)
    st, out, err = kata({"dedupe", "--json", "--no-progress", a, b})
    assert.equal(0, st)
    l = lines(out)
    assert.matches('^{"file":".-","paragraph":2,"line":3,"start":%d+,"stop":%d+,"dup_file":".-",' ..
                   '"dup_paragraph":2,"dup_line":3,"kind":"exact","similarity":1,"text":"BPBD', l[2])
    assert.is_nil(err:find("%[#"))
    os.remove(a)
    os.remove(b)
  end)

  -- Regression: an unreadable --gazetteer exited 1 (the status of bad data),
  -- a directory gave "read error", and /dev/zero was read until memory ran
  -- out, ending in a traceback.
  it("entities: a gazetteer that cannot be read exits 2, and only regular files are read", function()
    local s = "Presiden Joko Widodo tiba di Surabaya."
    local st, out, err = kata({"entities", "--gazetteer", "/nonexistent/kata.tsv"}, s)
    assert.equal(2, st)
    assert.equal("", out)
    assert.equal("kata entities: cannot read '/nonexistent/kata.tsv': No such file or directory\n", err)
    local dir = os.tmpname()
    os.remove(dir)
    assert.is_true(os.execute("mkdir " .. q(dir)) == true or os.execute("test -d " .. q(dir)) == 0)
    st, out, err = kata({"entities", "--gazetteer=" .. dir}, s)
    assert.equal(2, st)
    assert.equal("", out)
    assert.equal("kata entities: cannot read '" .. dir .. "': not a regular file\n", err)
    os.execute("rmdir " .. q(dir))
    -- /dev/zero, as a process of its own: exit 2 and one line, no traceback
    -- (under a memory limit, so that a regression fails fast; not under
    -- AddressSanitizer, which a limit stops from starting)
    if os.getenv("LD_PRELOAD") == nil then
      out, err = sh("ulimit -v 2000000; echo " .. q(s) .. " | " .. ENV .. " " .. LUA ..
                    " bin/kata entities --gazetteer /dev/zero; echo \"exit $?\"")
      assert.equal("exit 2\n", out)
      assert.equal("kata entities: cannot read '/dev/zero': not a regular file\n", err)
    end
  end)

  -- Regression: `kata dedupe a b | head -1` left its store (/tmp/lua_XXXXXX)
  -- behind: SIGPIPE ended the process before it removed the file.
  it("dedupe: leaves no temporary store behind when its output is closed", function()
    local par = "Harga cabai rawit di Pasar Induk Kramat Jati naik menjadi Rp 80.000 per kilogram."
    local a = tmpfile(string.rep(par .. "\n\n", 2000))
    local b = tmpfile(par .. "\n")
    local log = os.tmpname()
    -- A pipe with no reader left (a FIFO opened both ways, then its read end
    -- closed): the first write kills kata with SIGPIPE, whatever the timing.
    -- os.tmpname is wrapped to note the store's name in log.
    local fifo = os.tmpname()
    os.remove(fifo)
    local note = "local t = os.tmpname; os.tmpname = function() local n = t(); " ..
                 "local f = io.open(" .. string.format("%q", log) .. ", 'w'); " ..
                 "f:write(n); f:close(); return n end"
    local out, err = sh("mkfifo " .. q(fifo) .. " && exec 3<>" .. q(fifo) .. " 4>" .. q(fifo) ..
                        " 3<&- && " .. ENV .. " " .. LUA .. " -e " .. q(note) ..
                        " bin/kata dedupe --no-progress " .. q(a) .. " " .. q(b) .. " >&4; echo \"exit $?\"")
    os.remove(fifo)
    local store = read_file(log)
    os.remove(log)
    os.remove(a)
    os.remove(b)
    assert.matches("^exit %d+\n$", out, err)
    assert.matches("^/", store or "(no store)")
    local left = io.open(store, "rb")
    if left then
      left:close()
      os.remove(store)
    end
    assert.is_nil(left, store .. " was left behind")
  end)

  -- Regression: --json wrote numbers with 6 significant digits, so
  -- Rp 1.234.567 became "amount":1.23457e+06 and #1024598 1.0246e+06.
  it("--json: the numbers of the command's JSON, parsed back, are kata's", function()
    local kata_ = require("kata")
    local function numbers(line)
      local t = {}
      for key, v in line:gmatch('"([%w_]+)":(%-?%d[%d.eE+%-]*)') do t[key] = tonumber(v) end
      return t
    end
    local s = "Harga Rp 1.234.567 dan 98765432 orang; laporan #1024598 naik 12,5 persen."
    local st, out = kata({"entities", "--json", "--types", "money,number,percent"}, s)
    assert.equal(0, st)
    local l = lines(out)
    assert.matches('"value":{"amount":1234567,"currency":"IDR"}}$', l[1])
    assert.matches('"value":98765432}$', l[2])
    assert.matches('"value":1024598}$', l[3])
    local want = kata_.entities(s, {types = {"MONEY", "NUMBER", "PERCENT"}})
    assert.equal(#want, #l)
    for i, e in ipairs(want) do
      local got = numbers(l[i])
      assert.equal(type(e.value) == "table" and e.value.amount or e.value,
                   got.amount or got.value, l[i])
    end
    st, out = kata({"keywords", "--json", "--method", "yake", "-n", "5"}, DUP)
    assert.equal(0, st)
    local kws = kata_.keywords(DUP, {n = 5, method = "yake"})
    local k = 0
    for item in out:gmatch('{"term":[^}]*}') do
      k = k + 1
      local got = numbers(item)
      assert.equal(kws[k].score, got.score, item)
      assert.equal(kws[k].yake, got.yake, item)
    end
    assert.equal(#kws, k)
    st, out = kata({"analyze", "--json"}, DUP)
    assert.equal(0, st)
    assert.equal(kata_.analyze(DUP).confidence, numbers(out).confidence)
    -- and the text report writes values in full too
    st, out = kata({"entities", "--types", "money"}, "Rp 98.765.432.100")
    assert.equal(0, st)
    assert.equal("1\t17\tMONEY\tRp 98.765.432.100\t98765432100 IDR\n", out)
  end)

  it("--json: integers in full, other numbers in the shortest form that reads back equal", function()
    local JSON_NUMBER = "^%-?%d+%.?%d*[eE]?[+%-]?%d*$"
    local function number_ok(x)
      local s = cli.json_number(x)
      assert.matches(JSON_NUMBER, s)
      assert.is_nil(s:find("^%-?0%d") or s:find("%.$") or s:find("%.[eE]"), s)
      assert.equal(x, tonumber(s), s)
      return s
    end
    for _, x in ipairs({0.1, 1 / 3, 2 / 3, 123456.789, 12.345678, 1e-7, -2.5e-7, 5e-324,
                        1.7976931348623157e308, 2.2250738585072014e-308, 0.1 + 0.2, 1e21, 1.5e300}) do
      number_ok(x)
    end
    for _, x in ipairs({0, 1, -1, 1024598, 98765432, 1234567, 1500000000000, 2^53, 2^53 + 2,
                        -2^53, 2^62}) do
      local s = number_ok(x)
      assert.is_nil(s:find("[.eE]"), s)
    end
    assert.equal("1024598", cli.json_number(1024598))
    assert.equal("1500000000000", cli.json_number(1.5e12))
    assert.equal("9007199254740992", cli.json_number(2^53))
    assert.equal("0.1", cli.json_number(0.1))
    assert.equal("0.3333333333333333", cli.json_number(1 / 3))
    assert.equal("0.30000000000000004", cli.json_number(0.1 + 0.2))
    assert.equal("1e+21", cli.json_number(1e21))
    assert.equal("null", cli.json_number(0 / 0))
    assert.equal("null", cli.json_number(math.huge))
    assert.equal("null", cli.json_number(-math.huge))
    if rawget(math, "maxinteger") then
      assert.equal("9223372036854775807", cli.json_number(math.maxinteger))
      assert.equal("-9223372036854775808", cli.json_number(math.mininteger))
    end
  end)

  -- Regression: bin/kata began `#!/usr/bin/env lua` (Lua 5.1 on Debian:
  -- `undefined symbol: luaL_setfuncs`), found kata only with LUA_PATH and
  -- LUA_CPATH set by hand, and `make install` copied it as it was.
  it("bin/kata runs from a clean environment, from any directory, and installed", function()
    local name = rawget(_G, "jit") and "luajit" or "lua" .. _VERSION:match("%d+%.%d+")
    local root = (sh("pwd"):gsub("\n$", ""))
    local built = io.open(root .. "/build/" .. name .. "/kata/core.so", "rb")
    if not built then
      return pending("no build/" .. name .. " (make LUA=" .. name .. ")")
    end
    built:close()
    local first = read_file("bin/kata"):match("^[^\n]*")
    assert.equal("#!/usr/bin/env lua5.4", first)
    local want = "1\t3\tword\tdua\n5\t8\tword\tkata\n"
    local clean = "env -i PATH=\"$PATH\" "
    local out, err = sh("echo 'dua kata' | " .. clean .. name .. " bin/kata tokens")
    assert.equal(want, out, err)
    if name == "lua5.4" then
      out, err = sh("echo 'dua kata' | " .. clean .. "./bin/kata tokens")
      assert.equal(want, out, err)
    end
    local dir = os.tmpname()
    os.remove(dir)
    assert.is_true(os.execute("mkdir " .. q(dir)) == true or os.execute("test -d " .. q(dir)) == 0)
    out, err = sh("cd " .. q(dir) .. " && echo 'dua kata' | " .. clean .. name .. " " ..
                  q(root .. "/bin/kata") .. " tokens")
    assert.equal(want, out, err)
    -- through a symbolic link elsewhere
    out, err = sh("ln -s " .. q(root .. "/bin/kata") .. " " .. q(dir .. "/kata") .. " && cd / && " ..
                  "echo 'dua kata' | " .. clean .. name .. " " .. q(dir .. "/kata") .. " tokens")
    assert.equal(want, out, err)
    -- installed: the first line names the interpreter it was built for, and
    -- it runs by that line alone
    local dest = dir .. "/dest"
    out, err = sh("make -s install DESTDIR=" .. q(dest) .. " PREFIX=/usr/local LUA=" .. name ..
                  " >/dev/null && echo done")
    assert.equal("done\n", out, err)
    local bin = dest .. "/usr/local/bin/kata"
    assert.equal("#!/usr/bin/env " .. name, read_file(bin):match("^[^\n]*"))
    local v = name == "luajit" and "5.1" or name:sub(4)
    local share, lib = dest .. "/usr/local/share/lua/" .. v, dest .. "/usr/local/lib/lua/" .. v
    out, err = sh("cd / && echo 'dua kata' | " .. clean .. "LUA_PATH=" ..
                  q(share .. "/?.lua;" .. share .. "/?/init.lua;;") .. " LUA_CPATH=" ..
                  q(lib .. "/?.so;;") .. " " .. q(bin) .. " tokens")
    assert.equal(want, out, err)
    os.execute("rm -rf " .. q(dir))
  end)

  -- Regression: a directory gave "cannot read 'DIR': Is a directory".
  it("reads the text files under a directory, in the order of their paths", function()
    local dir = os.tmpname()
    os.remove(dir)
    dir = dir .. " it's"
    local function write(name, content)
      local f = assert(io.open(dir .. "/" .. name, "wb"))
      f:write(content)
      f:close()
    end
    assert.is_true(os.execute("mkdir -p " .. q(dir .. "/sub/deeper") .. " " .. q(dir .. "/-x")) == true
                   or os.execute("test -d " .. q(dir .. "/sub/deeper")) == 0)
    write("b.txt", "Banjir di Semarang.")
    write("a.txt", "Gempa di Cianjur.\n\nWarga mengungsi ke Bandung.\n")
    write("sub/deeper/c d.txt", "Warga mengungsi ke Bandung.")
    write("-x/e.txt", "Jakarta")
    write("image.png", "\137PNG\13\10\26\10\0\0\0\13IHDR Jakarta")
    write("sub/late-nul.txt", string.rep("Surabaya. ", 900) .. "\0")
    local st, out, err = kata({"entities", "--types", "location", dir}, "Medan")
    assert.equal(0, st)
    assert.equal("", err)
    assert.equal(dir .. "/-x/e.txt\t1\t7\tLOCATION\tJakarta\n" ..
                 dir .. "/a.txt\t10\t16\tLOCATION\tCianjur\n" ..
                 dir .. "/a.txt\t39\t45\tLOCATION\tBandung\n" ..
                 dir .. "/b.txt\t11\t18\tLOCATION\tSemarang\n" ..
                 dir .. "/sub/deeper/c d.txt\t20\t26\tLOCATION\tBandung\n",
                 out:gsub("[^\n]*late%-nul[^\n]*\n", ""))
    -- a NUL byte after the first 8 KiB: still text
    local _, n = out:gsub("late%-nul%.txt\t%d+\t%d+\tLOCATION\tSurabaya\n", "")
    assert.equal(900, n)
    -- a directory among files, and one file of a directory: file names shown
    st, out = kata({"sentences", dir .. "/sub/deeper", dir .. "/b.txt"})
    assert.equal(0, st)
    assert.equal(dir .. "/sub/deeper/c d.txt\t1\t27\tWarga mengungsi ke Bandung.\n" ..
                 dir .. "/b.txt\t1\t19\tBanjir di Semarang.\n", out)
    -- dedupe: the repeats across the files of the directory
    st, out, err = kata({"dedupe", "--no-progress", dir})
    assert.equal(0, st)
    assert.equal(dir .. "/sub/deeper/c d.txt:1\tparagraph 1\trepeats\t" .. dir ..
                 "/a.txt:3\tparagraph 2\t(exact, 1.000)\n", out)
    assert.equal("kata dedupe: 1 of 6 paragraphs repeat an earlier one\n", err)
    -- an empty directory: nothing, and standard input is not read
    os.execute("mkdir " .. q(dir .. "/empty"))
    st, out, err = kata({"tokens", dir .. "/empty"}, "Medan")
    assert.equal(0, st)
    assert.equal("", out)
    assert.equal("", err)
    os.execute("rm -rf " .. q(dir))
  end)

  it("sentences and paragraphs: one per line with their offsets, or JSON", function()
    local s = "Dr. Endah tiba pukul 09.45 WIB. \226\128\156Siap?\226\128\157 tanyanya.\n\n" ..
              "  Banjir rob di Semarang\r\nWarga mengungsi  \n"
    local _, st, out, err
    st, out, err = kata({"sentences"}, s)
    assert.equal(0, st)
    assert.equal("", err)
    assert.equal("1\t3\tDr.\n5\t31\tEndah tiba pukul 09.45 WIB.\n" ..
                 "33\t43\t\226\128\156Siap?\226\128\157\n45\t53\ttanyanya.\n" ..
                 "58\t79\tBanjir rob di Semarang\n82\t96\tWarga mengungsi\n", out)
    st, out = kata({"sentences", "--json"}, s)
    assert.equal(0, st)
    local l = lines(out)
    assert.equal(6, #l)
    assert.equal('{"text":"Dr.","start":1,"stop":3}', l[1])
    assert.equal('{"text":"Warga mengungsi","start":82,"stop":96}', l[6])
    st, out = kata({"paragraphs"}, s)
    assert.equal(0, st)
    assert.equal("1\t53\tDr. Endah tiba pukul 09.45 WIB. \226\128\156Siap?\226\128\157 tanyanya.\n" ..
                 "58\t96\tBanjir rob di Semarang\\r\\nWarga mengungsi\n", out)
    st, out = kata({"paragraphs", "--json", "--by", "line"}, s)
    assert.equal(0, st)
    assert.equal('{"text":"Dr. Endah tiba pukul 09.45 WIB. \226\128\156Siap?\226\128\157 tanyanya.",' ..
                 '"start":1,"stop":53}\n{"text":"Banjir rob di Semarang","start":58,"stop":79}\n' ..
                 '{"text":"Warga mengungsi","start":82,"stop":96}\n', out)
    st, _, err = kata({"paragraphs", "--by", "page"}, s)
    assert.equal(2, st)
    assert.equal("kata paragraphs: option '--by' needs auto, blank or line, got 'page'\n" ..
                 "Try 'kata paragraphs --help'.\n", err)
    -- on a whole news text, every span is what its offsets say
    local text = read_file("samples/berita.txt")
    for _, cmd in ipairs({"sentences", "paragraphs"}) do
      st, out = kata({cmd, "--json"}, text)
      assert.equal(0, st)
      local n = 0
      for start, stop in out:gmatch('"start":(%d+),"stop":(%d+)}') do
        n = n + 1
        local piece = text:sub(tonumber(start), tonumber(stop))
        assert.truthy(out:find('{"text":' .. cli.json_string(piece) .. ',"start":' .. start, 1, true), piece)
      end
      assert.is_true(n >= 20)
    end
  end)

  -- Issue 17, item 4: one big input gets a progress bar of its bytes on a
  -- terminal (or with --progress), never on a pipe; kata entities reads a
  -- big input in pieces ending at paragraph breaks, offsets into the whole.
  local function big_text()
    local paras = {DUP, "Presiden Joko Widodo tiba di Jakarta pada 12 Maret 2024 membawa Rp 1,5 miliar.\n\n",
                   "The Bank of England raised rates by 0.25% on Thursday, its ninth rise in a row.\n\n"}
    local t, n, k = {}, 0, 0
    while n < 1700000 do
      k = k + 1
      local p = paras[k % 3 + 1]:gsub("12 Maret", (k % 28 + 1) .. " Maret")
      t[k] = p
      n = n + #p
    end
    return table.concat(t)
  end

  it("a progress bar through the bytes of one big input, on request, never on a pipe", function()
    local text = big_text()
    local f = tmpfile(text)
    local st, out, err = kata({"keywords", "--progress", "-n", "3", f})
    assert.equal(0, st)
    assert.equal(3, #lines(out))
    local mb = string.format("%.1f", #text / 1e6)
    assert.matches("%[#+%.+%] 1%.0/" .. mb .. " MB read ", err)
    assert.matches("%[#+%] " .. mb .. "/" .. mb .. " MB done +" .. f:gsub("%p", "%%%0") .. " *\n$", err)
    -- small inputs get none, several get one per input
    local small = tmpfile(DUP)
    st, out, err = kata({"keywords", "--progress", small})
    assert.equal(0, st)
    assert.matches("\tcianjur\n", out) -- the verb "mengguncang" stands alone (docs/keywords.md)
    assert.equal("", err)
    -- a pipe: bin/kata as a process, standard error not a terminal
    out, err = sh(ENV .. " " .. LUA .. " bin/kata entities " .. q(f) .. " | tail -n 1")
    assert.equal("", err)
    assert.matches("^%d+\t%d+\tMONEY\tRp 1,5 miliar\t", out)
    out = sh(ENV .. " " .. LUA .. " bin/kata keywords -n 1 " .. q(f) .. " 2>&1 | cat")
    assert.equal(1, #lines(out))
    assert.is_nil(out:find("MB", 1, true))
    os.remove(f)
    os.remove(small)
  end)

  it("entities: a big input in pieces, every offset into the whole input", function()
    local text = big_text()
    local f = tmpfile(text)
    local st, out = kata({"entities", "--json", f})
    os.remove(f)
    assert.equal(0, st)
    local n, last, bad = 0, 0, 0
    for start, stop, t in out:gmatch('"start":(%d+),"stop":(%d+)') do -- luacheck: ignore t
      start, stop = tonumber(start), tonumber(stop)
      n = n + 1
      if start <= last then bad = bad + 1 end
      last = stop
    end
    assert.equal(0, bad)
    assert.is_true(last > #text - 200)
    -- the same entities as the whole text gives, where the pieces are
    -- alike (these paragraphs give no evidence for one another)
    assert.equal(#kata_lib_entities(text), n)
    local k = 0
    for line in out:gmatch("[^\n]+") do
      k = k + 1
      if k % 997 == 1 then
        local tx = line:match('"text":"(.-)","type"')
        local a, b = line:match('"start":(%d+),"stop":(%d+)')
        assert.equal(tx, text:sub(tonumber(a), tonumber(b)))
      end
    end
  end)

  -- Issue 17, item 4: kata analyze tags a big input's entities in pieces
  -- as kata entities does, in its text without the repeated paragraphs.
  it("analyze: a big input's entities are kata entities' on kata dedupe's text", function()
    local t, n, k = {"Menteri Sri Mulyani Indrawati tiba di Jakarta.\n\n"}, 0, 1
    while n < 1000000 do
      k = k + 1
      local p = k % 5 == 0 and DUP or string.format(
        "Presiden Joko Widodo tiba di Kota %d pada %d Maret 2024 membawa Rp %d juta dan %d orang.\n\n",
        k, k % 28 + 1, k * 7, k * 3)
      t[k] = p
      n = n + #p
    end
    local f = tmpfile(table.concat(t))
    local st, body = kata({"dedupe", f})
    assert.equal(0, st)
    assert.is_true(#body > 1.5 * 262144) -- read in pieces
    local out
    st, out = kata({"entities", "--json"}, body)
    assert.equal(0, st)
    local want, texts = {}, {}
    for text, ty in out:gmatch('"text":"(.-)","type":"(%u+)"') do
      want[ty] = (want[ty] or 0) + 1
      texts[ty .. "|" .. text] = (texts[ty .. "|" .. text] or 0) + 1
    end
    st, out = kata({"analyze", "--json", "-n", "3", f})
    os.remove(f)
    assert.equal(0, st)
    local got, gtexts = {}, {}
    for ty, list in out:match('"entities":(%b{})'):gmatch('"(%u+)":(%b[])') do
      for text, count in list:gmatch('{"text":"(.-)","count":(%d+)') do
        got[ty] = (got[ty] or 0) + tonumber(count)
        gtexts[ty .. "|" .. text] = tonumber(count)
      end
    end
    assert.same(want, got)
    assert.same(texts, gtexts)
    assert.is_true(want.PERSON > 1000)
  end)

  it("keywords still work with the common options", function()
    local st, out = kata({"keywords", "-n", "1", "--strict", "--method", "frequency"}, "roket roket air")
    assert.equal(0, st)
    assert.matches("\t2\troket\n$", out)
  end)

  it("keywords ranks by kata.keywords' default method, keyphrase, unless told", function()
    local kata_ = require("kata")
    local s = "Harga garam di Rembang turun. Petani garam Rembang merugi.\n"
    local st, out = kata({"keywords", "--json", "-n", "3"}, s)
    assert.equal(0, st)
    local want = {}
    for _, k in ipairs(kata_.keywords(s, {n = 3})) do
      want[#want + 1] = string.format('{"term":"%s","count":%d,', k.term, k.count)
    end
    assert.equal('{"file":"-","method":"keyphrase","keywords":[', out:sub(1, 45))
    local got = {}
    for item in out:gmatch('{"term":"[^"]*","count":%d+,') do got[#got + 1] = item end
    assert.same(want, got)
    assert.same(kata_.keywords(s, {n = 3}), kata_.keywords(s, {n = 3, method = "keyphrase"}))
    local _, text = kata({"keywords", "-n", "3", "--method", "keyphrase"}, s)
    assert.equal(select(2, out:gsub('"term"', "")), select(2, text:gsub("\n", "")))
  end)
end)

describe("kata -j N: worker processes (issue 18)", function()
  -- A new empty folder, and a function that puts a file with its bytes in it.
  local function new_folder()
    local dir = os.tmpname()
    os.remove(dir)
    assert.is_true(os.execute("mkdir " .. q(dir)) == true or os.execute("test -d " .. q(dir)) == 0)
    return dir, function(name, s)
      local f = assert(io.open(dir .. "/" .. name, "wb"))
      f:write(s)
      f:close()
    end
  end

  -- A folder of inputs: news and English text, a file with invalid UTF-8,
  -- a binary file (skipped), an empty one, and repeats across files.
  local function folder()
    local dir, put = new_folder()
    local berita = read_file("samples/berita.txt")
    put("a.txt", berita)
    put("b.txt", read_file("tests/fixtures/en-airline-grounding.txt"))
    put("c.txt", "Harga cabai \255 naik di Jakarta.\n")
    put("d.bin", "\0\1\2 binary")
    put("e.txt", "")
    put("f.txt", DUP .. "\n" .. berita:sub(1, 900))
    put("g.txt", read_file("tests/fixtures/dup-id-dermaga.txt"))
    return dir
  end

  local function argv(list)
    local t = {}
    for i, a in ipairs(list) do t[i] = q(a) end
    return table.concat(t, " ")
  end

  it("analyze, entities, keywords, dedupe: -j 1, 2 and 3 print what one process prints, errors in order", function()
    local dir = folder()
    for _, c in ipairs{{"analyze"}, {"analyze", "--json", "-n", "3"}, {"entities", "--strict"},
                       {"entities", "--json"}, {"keywords", "-n", "4"}, {"dedupe"},
                       {"keywords", "--method", "tfidf", "-n", "2"}} do
      local args = {}
      for i, a in ipairs(c) do args[i] = a end
      args[#args + 1] = dir
      args[#args + 1] = "/nonexistent/kata.txt"
      -- in this process cli.self is not set: the sequential run of before
      local st, want_out, want_err = kata(args)
      for _, j in ipairs{"1", "2", "3"} do
        local out, err = sh(ENV .. " " .. LUA .. " bin/kata " .. argv(args) .. " -j " .. j ..
                            "; echo \"exit $?\"")
        assert.equal(want_out .. "exit " .. st .. "\n", out, table.concat(c, " ") .. " -j " .. j)
        assert.equal(want_err, err, table.concat(c, " ") .. " -j " .. j)
      end
    end
    os.execute("rm -rf " .. q(dir))
  end)

  it("a worker (--worker K/N) sends a record for each Nth input", function()
    local dir = folder()
    local out = sh(ENV .. " " .. LUA .. " bin/kata entities --strict --worker 2/3 " .. q(dir))
    -- inputs 2, 5 (b.txt; e.txt, empty) of a.txt b.txt c.txt d.bin e.txt f.txt g.txt
    local idx = {}
    for i, st, olen in out:gmatch("(%d+) (%d) (%d+) %d+\n") do
      idx[#idx + 1] = i .. ":" .. st .. (olen == "0" and ":empty" or "")
    end
    assert.same({"2:0", "5:0:empty"}, idx)
    out = sh(ENV .. " " .. LUA .. " bin/kata entities --strict --worker 3/3 " .. q(dir))
    assert.matches("^3 1 0 %d+\nkata: [^\n]*c%.txt: invalid UTF%-8 at byte 13\n", out)
    os.execute("rm -rf " .. q(dir))
  end)

  -- Inputs for dedupe -j: repeats across files, exact after normalisation
  -- (case, spacing, quotes) and near (a word changed, a clause added),
  -- repeats within one file, a file with invalid UTF-8, a binary file,
  -- an empty one and a file that is all repeats.
  local function dedupe_folder()
    local dir, put = new_folder()
    local desal = read_file("tests/fixtures/en-desalination-plant.txt")
    local paras = {}
    for p in (desal .. "\n\n"):gmatch("(.-)\n\n") do paras[#paras + 1] = p end
    put("a.txt", desal)
    put("b.txt", paras[6]:upper() .. "\n\n" ..
                 "The council meets again on Thursday to set the water rates for next year.\n\n" ..
                 paras[3]:gsub("about a third", "roughly a third") .. "\n\n" ..
                 paras[9]:gsub("she said%.", "she said on Wednesday.") .. "\n")
    put("c.txt", "Harga cabai \255 naik di Jakarta.\n")
    put("d.bin", "\0\1\2 binary")
    put("e.txt", "")
    put("f.txt", read_file("tests/fixtures/dup-id-dermaga.txt"))
    put("g.txt", "The council meets again on Thursday to set the water rates for next year.\n\n" ..
                 paras[4]:gsub("  ", " "):gsub("\"", "\226\128\156", 1) .. "\n\n" ..
                 read_file("tests/fixtures/dup-id-dermaga.txt"):match("\n(Kepala.-)\n")
                   :gsub("sekitar", "kurang lebih") .. "\n")
    return dir
  end

  it("dedupe -j: workers prepare the paragraphs, one index adds them in input order", function()
    local dir = dedupe_folder()
    -- what one process printed before -j 2 was shared out (the first
    -- occurrence, in the same or an earlier file, whatever the worker)
    local want = table.concat({
      "b.txt:1\tparagraph 1\trepeats\ta.txt:11\tparagraph 6\t(exact, 1.000)",
      "b.txt:5\tparagraph 3\trepeats\ta.txt:5\tparagraph 3\t(near, 0.944)",
      "b.txt:7\tparagraph 4\trepeats\ta.txt:17\tparagraph 9\t(near, 0.955)",
      "f.txt:14\tparagraph 10\trepeats\tf.txt:6\tparagraph 2\t(exact, 1.000)",
      "f.txt:15\tparagraph 11\trepeats\tf.txt:7\tparagraph 3\t(exact, 1.000)",
      "f.txt:16\tparagraph 12\trepeats\tf.txt:8\tparagraph 4\t(exact, 1.000)",
      "f.txt:17\tparagraph 13\trepeats\tf.txt:9\tparagraph 5\t(exact, 1.000)",
      "f.txt:18\tparagraph 14\trepeats\tf.txt:10\tparagraph 6\t(exact, 1.000)",
      "f.txt:19\tparagraph 15\trepeats\tf.txt:11\tparagraph 7\t(exact, 1.000)",
      "f.txt:20\tparagraph 16\trepeats\tf.txt:12\tparagraph 8\t(exact, 1.000)",
      "f.txt:21\tparagraph 17\trepeats\tf.txt:13\tparagraph 9\t(exact, 1.000)",
      "g.txt:1\tparagraph 1\trepeats\tb.txt:3\tparagraph 2\t(exact, 1.000)",
      "g.txt:3\tparagraph 2\trepeats\ta.txt:7\tparagraph 4\t(exact, 1.000)",
      "g.txt:5\tparagraph 3\trepeats\tf.txt:6\tparagraph 2\t(near, 0.880)",
      ""}, "\n")
    local st, out, err = kata({"dedupe", "--no-progress", dir})
    assert.equal(0, st)
    assert.equal(want, (out:gsub(dir:gsub("%p", "%%%0") .. "/", "")))
    assert.equal("kata dedupe: 14 of 38 paragraphs repeat an earlier one\n", err)
    for _, c in ipairs{{}, {"--json"}, {"--list"}, {"--exact"}, {"--threshold", "0.5"},
                       {"--by", "line"}, {"--strict", "--json"}} do
      local args = {"dedupe"}
      for _, a in ipairs(c) do args[#args + 1] = a end
      args[#args + 1] = dir .. "/a.txt"
      args[#args + 1] = "/nonexistent/kata.txt"
      args[#args + 1] = dir
      local want_st, want_out, want_err = kata(args) -- one process: cli.self is not set
      for _, j in ipairs{"1", "2", "3"} do
        out, err = sh(ENV .. " " .. LUA .. " bin/kata " .. argv(args) .. " -j " .. j ..
                      "; echo \"exit $?\"")
        local what = table.concat(args, " ") .. " -j " .. j
        assert.equal(want_out .. "exit " .. want_st .. "\n", out, what)
        assert.equal(want_err, err, what)
      end
    end
    os.execute("rm -rf " .. q(dir))
  end)

  it("dedupe -j: a worker sends each input's prepared paragraphs, not lines", function()
    local dir = dedupe_folder()
    -- inputs 3 and 6 (c.txt, f.txt) of a.txt b.txt c.txt d.bin e.txt f.txt g.txt
    local function records(out, json)
      local got, at = {}, 1
      while at <= #out do
        local i, st, olen, elen, stop = out:match("^(%d+) (%d) (%d+) (%d+)\n()", at)
        assert.is_not_nil(i, out:sub(at, at + 40))
        local o = out:sub(stop, stop + olen - 1)
        got[#got + 1] = i .. ":" .. st .. ":" .. elen
        -- the items; with --json their length first and the text after
        local items, text = o, ""
        if json then
          local len, from = o:match("^(%d+)\n()")
          items, text = o:sub(from, from + len - 1), o:sub(from + len)
        end
        local hits, n = require("kata").index():add_prepared(items, not json and i .. ".txt:" or nil)
        got[#got + 1] = string.format("%d paragraphs, %d repeats, %d bytes of text", n, #hits / 5, #text)
        if hits[1] then got[#got + 1] = hits[2] .. " " .. hits[3] end
        at = stop + olen + elen
      end
      return got
    end
    -- the keys "LINE\tparagraph J", added under "NAME:"; with --json
    -- "I:J:LINE:START:STOP"
    local out = sh(ENV .. " " .. LUA .. " bin/kata dedupe --worker 3/3 " .. q(dir))
    assert.same({"3:0:0", "1 paragraphs, 0 repeats, 0 bytes of text", "6:0:0",
                 "18 paragraphs, 8 repeats, 0 bytes of text", "6.txt:14\tparagraph 10 6.txt:6\tparagraph 2"},
                records(out))
    out = sh(ENV .. " " .. LUA .. " bin/kata dedupe --json --worker 3/3 " .. q(dir))
    local got = records(out, true)
    local f = read_file("tests/fixtures/dup-id-dermaga.txt")
    assert.equal(5, #got)
    assert.same({"3:0:0", "1 paragraphs, 0 repeats, 31 bytes of text", "6:0:0",
                 "18 paragraphs, 8 repeats, " .. #f .. " bytes of text"}, {got[1], got[2], got[3], got[4]})
    assert.matches("^6:10:14:%d+:%d+ 6:2:6:%d+:%d+$", got[5])
    os.execute("rm -rf " .. q(dir))
  end)

  it("dedupe without -j: one process for a small input, -j N's workers when asked", function()
    local dir = dedupe_folder()
    local self = cli.self
    -- workers that cannot start: the run shows whether it asked for them
    cli.self = {"false"}
    local ok, st, out, err = pcall(kata, {"dedupe", "--no-progress", dir})
    local ok2, st2, _, err2 = pcall(kata, {"dedupe", "--no-progress", "-j", "2", dir})
    cli.self = self
    assert.is_true(ok and ok2)
    assert.equal(0, st) -- one process: the inputs are below 3 MB
    assert.matches("^b.txt:1\tparagraph 1\trepeats\ta.txt:11\tparagraph 6",
                   (out:gsub(dir:gsub("%p", "%%%0") .. "/", "")))
    assert.equal("kata dedupe: 14 of 38 paragraphs repeat an earlier one\n", err)
    assert.equal(2, st2) -- -j 2: the workers, which did not start
    assert.matches("a worker stopped before", err2)
    os.execute("rm -rf " .. q(dir))
  end)

  it("-j takes a positive integer", function()
    local st, out, err = kata({"entities", "-j", "0"}, "x")
    assert.equal(2, st)
    assert.equal("", out)
    assert.equal("kata entities: option '-j' needs a positive integer, got '0'\n" ..
                 "Try 'kata entities --help'.\n", err)
    st = kata({"entities", "-j2"}, "Presiden Joko Widodo.")
    assert.equal(0, st)
  end)
end)
