-- tests/nvim/test.lua: the Neovim plugin's checks, run inside a real
-- `nvim --headless` by tests/nvim/run.sh from the top of the repository.
--
-- The steps run one after another from Neovim's main loop (vim.defer_fn),
-- so that TextChanged, timers and vim.schedule callbacks fire as they do
-- in an editor. Each check prints "ok   name" or "FAIL name: detail"; the
-- last line is "RESULT <passed> <failed>", and the exit code is 1 if any
-- check failed.
--
-- g:kata_test_mode = "missing": only the checks for a kata.core that
-- cannot be loaded (run.sh puts a copy of plugin/ and lua/kata/
-- without a build on 'runtimepath').
-- luacheck: globals vim

local api = vim.api
local root = vim.fn.getcwd()
local mode = vim.g.kata_test_mode or "main"
-- package.cpath and kata.core before the plugin's first use of kata.
local cpath_before = package.cpath
local core_before = package.loaded["kata.core"]
local passed, failed = 0, 0

local function out(s) io.stdout:write(s, "\n") end

local function check(name, cond, detail)
  if cond then
    passed = passed + 1
    out("ok   " .. name)
  else
    failed = failed + 1
    out("FAIL " .. name .. (detail and (": " .. tostring(detail)) or ""))
  end
  return cond
end

local function finish()
  out(string.format("RESULT %d %d", passed, failed))
  io.stdout:flush()
  os.exit(failed == 0 and 0 or 1)
end

-- Steps: each may return a number of milliseconds to wait before the next.
local steps = {}
local function step(name, fn) steps[#steps + 1] = { name = name, fn = fn } end

local function run_steps(i)
  if i > #steps then return finish() end
  vim.v.errmsg = ""
  local s = steps[i]
  local ok, res = xpcall(s.fn, debug.traceback)
  if not ok then check(s.name .. " (raised no error)", false, res) end
  vim.defer_fn(function()
    -- an error in a callback fired while waiting (a timer, an autocommand,
    -- vim.schedule) lands in v:errmsg
    if vim.v.errmsg ~= "" then
      check(s.name .. " (no error message)", false, vim.v.errmsg)
      vim.v.errmsg = ""
    end
    run_steps(i + 1)
  end, ok and tonumber(res) or 0)
end

-- {======================================================================
-- Helpers
-- ======================================================================

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

local function edit(path)
  vim.cmd("silent! only")
  vim.cmd("edit! " .. vim.fn.fnameescape(path))
  return api.nvim_get_current_buf()
end

local function scratch(lines)
  vim.cmd("silent! only")
  vim.cmd("enew!")
  local buf = api.nvim_get_current_buf()
  vim.bo[buf].buftype = "nofile"
  api.nvim_buf_set_lines(buf, 0, -1, false, lines or {})
  return buf
end

local function buf_text(buf)
  return table.concat(api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
end

local function marks(buf, ns)
  return api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })
end

-- The text a mark covers (lines joined by "\n").
local function marked(buf, m)
  local d = m[4]
  return table.concat(api.nvim_buf_get_text(buf, m[2], m[3], d.end_row, d.end_col, {}), "\n")
end

local function hl_of(kind)
  return "Kata" .. kind:sub(1, 1) .. kind:sub(2):lower()
end

-- Compares a buffer's entity marks with kata.entities of its text: one
-- mark per entity, covering exactly the entity's text, in its group.
local function same_entities(name, buf, opts)
  local core = require("kata.nvim").core()
  local want = core.entities(buf_text(buf), opts)
  local got = marks(buf, require("kata.nvim").namespaces.entities)
  check(name .. ": one mark per entity (" .. #want .. ")", #got == #want and #want > 0,
        #got .. " marks, " .. #want .. " entities")
  local bad
  for i, m in ipairs(got) do
    local e = want[i]
    local t = marked(buf, m)
    if not e or t ~= e.text or m[4].hl_group ~= hl_of(e.type) then
      bad = bad or string.format("mark %d covers %q in %s, entity %s", i, t,
        tostring(m[4].hl_group), e and (e.type .. " " .. e.text) or "none")
    end
  end
  check(name .. ": each mark covers its entity's exact text, in Kata<Type>", bad == nil, bad)
  return got
end

-- The mark of the first entity with this text, and the entity's (row, col)
-- found by searching the buffer's lines with string.find.
local function find_mark(buf, text)
  local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  local row, col
  for r, l in ipairs(lines) do
    local c = l:find(text, 1, true)
    if c then row, col = r - 1, c - 1 break end
  end
  for _, m in ipairs(marks(buf, require("kata.nvim").namespaces.entities)) do
    if marked(buf, m) == text then return m, row, col end
  end
  return nil, row, col
end

local function errors_free(name)
  check(name .. ": no error message", vim.v.errmsg == "", vim.v.errmsg)
  vim.v.errmsg = ""
end

-- }======================================================================

if mode == "missing" then
  local notes = {}
  vim.notify = function(msg, level) notes[#notes + 1] = { msg = msg, level = level } end
  package.cpath = vim.fn.tempname() .. "/?.so"
  local cpath_set = package.cpath

  step("missing module", function()
    local k = require("kata.nvim")
    local core, msg = k.core()
    check("missing module: core() returns nil and a message", core == nil and type(msg) == "string", msg)
    local buf = scratch({ "Presiden Joko Widodo tiba di Jakarta." })
    for _, c in ipairs({ "KataEntityAt", "KataEntities", "KataDuplicates", "KataKeywords", "KataDedupe",
                         "KataClear" }) do
      local ok, err = pcall(vim.cmd, c)
      check("missing module: :" .. c .. " does not raise", ok, err)
    end
    local n = #notes
    check("missing module: an ERROR notification", n > 0 and notes[n].level == vim.log.levels.ERROR,
          n > 0 and notes[n].level or "none")
    check("missing module: the message says to run make LUA=luajit",
          n > 0 and notes[n].msg:find("make LUA=luajit", 1, true) ~= nil, n > 0 and notes[n].msg)
    check("missing module: no marks", #marks(buf, k.namespaces.entities) == 0)
    check("missing module: the keyword window did not open", #api.nvim_list_wins() == 1)
    check("missing module: :KataDedupe left the buffer as it was", not vim.bo[buf].modified)
    -- :checkhealth kata says so, and what to do
    vim.cmd("checkhealth kata")
    local report = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), "\n")
    vim.cmd("tabclose")
    check("missing module: :checkhealth kata reports the module as an ERROR, with make LUA=luajit",
          report:find("ERROR: kata.core cannot be loaded", 1, true) ~= nil
          and report:find("make LUA=luajit", 1, true) ~= nil, report)
    -- setup{cpath} points at the build
    k.setup({ cpath = vim.g.kata_test_build .. "/?.so" })
    check("setup{cpath}: kata.core loads from the given path", k.core() ~= nil)
    check("setup{cpath}: package.cpath is left as it was", package.cpath == cpath_set, package.cpath)
    check("setup{cpath}: core() is require('kata')", k.core() == require("kata"))
    vim.cmd("KataEntities")
    check("setup{cpath}: :KataEntities marks Joko Widodo",
          (find_mark(buf, "Joko Widodo")) ~= nil)
    errors_free("missing module")
  end)
  vim.defer_fn(function() check("finished in time", false) finish() end, 50000)
  run_steps(1)
  return
end

-- Messages below ERROR are kept here (headless Neovim would print them on
-- stderr, which run.sh counts as a failure); errors go through as usual.
local messages = {}
local notify = vim.notify
vim.notify = function(msg, level)
  if level and level >= vim.log.levels.ERROR then return notify(msg, level) end
  messages[#messages + 1] = msg
end
local function last_message() return messages[#messages] end

local k = require("kata.nvim")
local NS_E, NS_D = k.namespaces.entities, k.namespaces.duplicates
local berita = root .. "/samples/berita.txt"
local multibyte = root .. "/tests/nvim/multibyte.txt"
local duplicated = root .. "/../shared/samples/news-id-duplicated.txt"

step("module", function()
  check("plugin loaded (g:loaded_kata)", vim.g.loaded_kata == 1)
  check("commands defined", vim.fn.exists(":KataKeywords") == 2 and vim.fn.exists(":KataDuplicates") == 2
        and vim.fn.exists(":KataEntities") == 2 and vim.fn.exists(":KataClear") == 2
        and vim.fn.exists(":KataDedupe") == 2 and vim.fn.exists(":KataEntityAt") == 2)
  local ok, err = pcall(vim.cmd, "runtime plugin/kata.lua")
  check("sourcing plugin/kata.lua twice is harmless", ok, err)
  check("kata.core is not loaded before the first command", core_before == nil)
  check("kata.core loads from the checkout's build/luajit", k.core() ~= nil,
        select(2, k.core()))
  check("loading kata leaves package.cpath as it was", package.cpath == cpath_before, package.cpath)
  check("core() is require('kata'), over the kata.core it loaded",
        k.core() == require("kata") and package.loaded["kata.core"] ~= nil
        and k.core().entities == package.loaded["kata.core"].entities)
end)

-- {======================================================================
-- Entities
-- ======================================================================

step("entities: berita.txt", function()
  local buf = edit(berita)
  vim.cmd("KataEntities")
  local n = #same_entities("berita entities", buf)
  check(":KataEntities says how many it found", last_message() == "kata: " .. n .. " entities", last_message())
  local m, row, col = find_mark(buf, "Rizky Aditya Pratama")
  check("berita: the PERSON Rizky Aditya Pratama is marked where string.find finds it",
        m and m[2] == row and m[3] == col and m[4].hl_group == "KataPerson",
        m and (m[2] .. ":" .. m[3] .. " vs " .. tostring(row) .. ":" .. tostring(col)))
  -- KabarNusa.id is the first entity, and its type is ORGANIZATION
  local first = marks(buf, NS_E)[1]
  check("berita: the first mark is KabarNusa.id, KataOrganization",
        first and marked(buf, first) == "KabarNusa.id" and first[4].hl_group == "KataOrganization")
end)

step("entities: types and the location list", function()
  local buf = api.nvim_get_current_buf()
  vim.cmd("KataEntities person Location")
  local got = same_entities("berita PERSON LOCATION", buf, { types = { "PERSON", "LOCATION" } })
  local other = 0
  for _, m in ipairs(got) do
    if m[4].hl_group ~= "KataPerson" and m[4].hl_group ~= "KataLocation" then other = other + 1 end
  end
  check(":KataEntities person Location: only KataPerson and KataLocation marks", other == 0)
  vim.fn.setloclist(0, {}, "f")
  vim.cmd("KataEntities!")
  local ll = vim.fn.getloclist(0)
  local n = #marks(buf, NS_E)
  check(":KataEntities!: one location-list entry per entity", #ll == n and n > 0, #ll .. " vs " .. n)
  check(":KataEntities!: the first entry names type and text",
        ll[1] and ll[1].text == "ORGANIZATION KabarNusa.id" and ll[1].lnum == 1 and ll[1].col == 1,
        ll[1] and ll[1].text)
  -- an error message, as :echoerr gives (pcall turns it into an error)
  local ok, err = pcall(vim.cmd, "KataEntities THING")
  check(":KataEntities THING: an error message naming the type, no traceback",
        not ok and tostring(err):find("unknown entity type 'THING'", 1, true) ~= nil
        and not tostring(err):find("traceback", 1, true), err)
  check(":KataEntities THING: the marks stay as they were", #marks(buf, NS_E) == n)
  k.setup({ entities = { lang = "fr" } })
  ok, err = pcall(vim.cmd, "KataEntities")
  check("a bad kata option: kata's message, without a Lua file position",
        not ok and tostring(err):find("kata: bad argument #2 to 'entities'", 1, true) ~= nil
        and not tostring(err):find("%.lua:%d+"), err)
  k.setup({})
  vim.v.errmsg = ""
end)

step("entities: multi-byte text", function()
  local buf = edit(multibyte)
  vim.cmd("KataEntities")
  same_entities("multibyte entities", buf)
  for _, t in ipairs({ "Rizky Aditya Pratama", "Hiroshi Tanaka", "Bank of England", "Tokyo",
                       "Rp 25.000", "@brin_indonesia", "https://komurindo.example.id/hasil" }) do
    local m, row, col = find_mark(buf, t)
    check("multibyte: " .. t .. " marked at string.find's byte column",
          m ~= nil and m[2] == row and m[3] == col,
          m and (m[2] .. ":" .. m[3] .. " vs " .. tostring(row) .. ":" .. tostring(col)) or "no mark")
  end
  -- entities across line ends, in a hard-wrapped paragraph
  local multi = {}
  for _, m in ipairs(marks(buf, NS_E)) do
    if m[4].end_row > m[2] then multi[#multi + 1] = marked(buf, m) end
  end
  check("multibyte: marks across line ends cover their text",
        table.concat(multi, "|") == "Bank of\nEngland|25\nFebruary 2024|Bank\nIndonesia|Jawa\nBarat",
        table.concat(multi, "|"))
  local m = find_mark(buf, "Jawa\nBarat")
  check("multibyte: Jawa\\nBarat ends after Barat on the next line",
        m and m[4].end_row == m[2] + 1 and m[4].end_col == #"Barat", m and (m[4].end_row .. ":" .. m[4].end_col))
end)

-- }======================================================================
-- Duplicates
-- ======================================================================

step("duplicates: news-id-duplicated.txt", function()
  local path = duplicated
  if not read(path) then
    -- without the shared sample: berita's paragraphs, each twice
    local s = read(berita)
    path = vim.fn.tempname() .. ".txt"
    local f = io.open(path, "wb")
    f:write(s, "\n\n", s)
    f:close()
    out("note ../shared/samples/news-id-duplicated.txt is missing: using berita.txt twice")
  end
  local buf = edit(path)
  vim.cmd("KataDuplicates")
  local core = k.core()
  local want = 0
  for _, d in ipairs(core.duplicates(buf_text(buf))) do
    if d then want = want + 1 end
  end
  local qf = vim.fn.getqflist()
  check("duplicates: one quickfix entry per duplicate (" .. want .. ")", #qf == want and want >= 15,
        #qf .. " entries")
  check(":KataDuplicates says how many it found", last_message() == "kata: " .. want .. " duplicate paragraphs",
        last_message())
  check("duplicates: the quickfix list's title", vim.fn.getqflist({ title = 0 }).title == "kata duplicates")
  local bad
  for _, q in ipairs(qf) do
    local orig = tonumber(q.text:match("line (%d+)"))
    local a = orig and vim.fn.getline(orig)
    if q.bufnr ~= buf or not orig or orig >= q.lnum or vim.fn.getline(q.lnum) ~= a
       or not q.text:find("similarity 1.00", 1, true) then
      bad = bad or (q.lnum .. ": " .. q.text)
    end
  end
  check("duplicates: each entry's line repeats the line its text names, similarity 1.00", bad == nil, bad)
  local ms = marks(buf, NS_D)
  check("duplicates: one mark per duplicate", #ms == #qf, #ms)
  local mbad
  for i, m in ipairs(ms) do
    local d = m[4]
    local vt = d.virt_text and d.virt_text[1] and d.virt_text[1][1] or ""
    if not qf[i] or m[2] + 1 ~= qf[i].lnum or (d.sign_text and not d.sign_text:find("D", 1, true))
       or vt ~= qf[i].text or d.hl_group ~= "KataDuplicate" then
      mbad = mbad or (m[2] .. " " .. vt)
    end
  end
  check("duplicates: marks on the duplicate's lines, with the quickfix text as virtual text", mbad == nil, mbad)
  -- Neovim 0.7 does not report an extmark's sign: look at the screen
  vim.wo.signcolumn = "yes"
  api.nvim_win_set_cursor(0, { qf[1].lnum, 0 })
  vim.cmd("normal! zt")
  vim.cmd("redraw")
  local srow = vim.fn.win_screenpos(0)[1] + vim.fn.winline() - 1
  check("duplicates: the sign D in the sign column of the first duplicate",
        vim.fn.screenstring(srow, 1) == "D", vim.fn.screenstring(srow, 1))
  vim.cmd("KataClear")
  check(":KataClear: no duplicate marks left", #marks(buf, NS_D) == 0)
end)

step("duplicates: berita.txt, as docs/neovim.md shows it", function()
  edit(berita)
  vim.cmd("KataDuplicates")
  local qf = vim.fn.getqflist()
  check("berita duplicates: one, line 25 repeats line 21",
        #qf == 1 and qf[1].lnum == 25 and qf[1].col == 1
        and qf[1].text == "duplicate of line 21 (exact, similarity 1.00)", #qf)
  check("berita duplicates: the message", last_message() == "kata: 1 duplicate paragraph", last_message())
  -- the entry as the quickfix window shows it (a warning: type W)
  vim.cmd("copen")
  local shown = vim.fn.getline(1)
  vim.cmd("cclose")
  check("berita duplicates: the quickfix window's line",
        shown == "samples/berita.txt|25 col 1 warning| duplicate of line 21 (exact, similarity 1.00)", shown)
  local doc = read(root .. "/docs/neovim.md") or ""
  check("docs/neovim.md shows that quickfix entry as the window does",
        doc:find("\n" .. shown .. "\n", 1, true) ~= nil
        and doc:find("(`kata: 1 duplicate paragraph`)", 1, true) ~= nil, shown)
  vim.cmd("KataClear")
end)

step("duplicates: multi-byte text", function()
  local buf = edit(multibyte)
  vim.cmd("KataEntities")
  vim.cmd("KataDuplicates")
  local qf = vim.fn.getqflist()
  check("multibyte duplicates: two entries", #qf == 2, #qf)
  check("multibyte duplicates: line 9 repeats line 3 exactly",
        qf[1] and qf[1].lnum == 9 and qf[1].text == "duplicate of line 3 (exact, similarity 1.00)",
        qf[1] and (qf[1].lnum .. " " .. qf[1].text))
  check("multibyte duplicates: line 11 is a near duplicate of line 5",
        qf[2] and qf[2].lnum == 11 and qf[2].text == "near duplicate of line 5 (similarity 0.90)",
        qf[2] and (qf[2].lnum .. " " .. qf[2].text))
  local m = marks(buf, NS_D)[2]
  check("multibyte duplicates: the near duplicate's mark spans its whole line",
        m and m[2] == 10 and m[3] == 0 and m[4].end_row == 10
        and m[4].end_col == #vim.fn.getline(11))
  vim.cmd("KataClear")
  check(":KataClear: no marks in either namespace",
        #marks(buf, NS_E) == 0 and #marks(buf, NS_D) == 0)
end)

-- }======================================================================
-- Keywords
-- ======================================================================

step("keywords", function()
  local src = edit(berita)
  local src_win = api.nvim_get_current_win()
  vim.cmd("KataKeywords 5")
  local buf = api.nvim_get_current_buf()
  local lines = api.nvim_buf_get_lines(buf, 0, -1, false)
  check(":KataKeywords 5: a new window", api.nvim_get_current_win() ~= src_win and #api.nvim_list_wins() == 2)
  check(":KataKeywords 5: a nofile, bufhidden=wipe, non-modifiable buffer",
        buf ~= src and vim.bo[buf].buftype == "nofile" and vim.bo[buf].bufhidden == "wipe"
        and not vim.bo[buf].modifiable)
  check(":KataKeywords 5: five lines", #lines == 5, #lines)
  check(":KataKeywords 5: word, count and score per line",
        lines[1] and lines[1]:match("^roket air%s+2%s+118%.4209$") ~= nil,
        lines[1])
  local core = k.core()
  local want = core.keywords(read(berita), { n = 5 })
  local bad
  for i, w in ipairs(want) do
    local term, count = (lines[i] or ""):match("^(.-)%s+(%d+)%s+[%d.]+$")
    if term ~= w.term or tonumber(count) ~= w.count then bad = bad or lines[i] end
  end
  check(":KataKeywords 5: the terms and counts of kata.keywords", bad == nil, bad)
  -- and of kata.analyze, the command's report (one answer on every route)
  local report = require("kata").analyze(read(berita), { n = 5 })
  bad = nil
  for i, w in ipairs(report.key_phrases) do
    local term, count = (lines[i] or ""):match("^(.-)%s+(%d+)%s+[%d.]+$")
    if term ~= w.term or tonumber(count) ~= w.count then bad = bad or lines[i] end
  end
  check(":KataKeywords 5: the terms and counts of kata.analyze's key phrases",
        #report.key_phrases == 5 and bad == nil, bad)
  -- docs/neovim.md shows this window: the text block after "`:KataKeywords 5` shows:"
  local doc = read(root .. "/docs/neovim.md") or ""
  local shown = doc:match("`:KataKeywords 5` shows:%s*```text\n(.-)\n```")
  check("docs/neovim.md shows the keyword window as it is", shown == table.concat(lines, "\n"), shown)
  vim.cmd("wincmd p")
  vim.cmd("4KataKeywords 3 yake")
  lines = api.nvim_buf_get_lines(0, 0, -1, false)
  local line4 = vim.fn.getbufline(src, 4)[1]
  local want4 = core.keywords(line4, { n = 3, method = "yake" })
  check(":4KataKeywords 3 yake: the same window, the keywords of line 4",
        #api.nvim_list_wins() == 2 and #lines == 3 and #want4 == 3
        and lines[1]:find(want4[1].term, 1, true) == 1, lines[1])
  vim.cmd("KataKeywords 2")
  lines = api.nvim_buf_get_lines(0, 0, -1, false)
  check(":KataKeywords in the keyword window: the keywords of the window before it",
        #lines == 2 and lines[1]:match("^roket air%s+2%s") ~= nil, lines[1])
  -- the one option, in the plugin's config: every paragraph counts (the
  -- paragraph berita.txt prints twice puts its phrase first)
  local saved = k.config.keywords
  k.config.keywords = { n = 10, unique_paragraphs = false }
  vim.cmd("KataKeywords 2")
  lines = api.nvim_buf_get_lines(0, 0, -1, false)
  k.config.keywords = saved
  check("keywords = { unique_paragraphs = false }: the repeated paragraph counts twice",
        #lines == 2 and lines[1]:match("^riset teknologi roket%s+2%s") ~= nil, lines[1])
  api.nvim_feedkeys("q", "x", false)
  check("q closes the keyword window and wipes its buffer",
        #api.nvim_list_wins() == 1 and not api.nvim_buf_is_valid(buf))
end)

-- Regression: `:KataKeywords 5 tfidf` failed with "bad argument #2 to '?'",
-- and completion offered every method whatever was typed.
step("keywords: methods", function()
  edit(berita)
  local wins = #api.nvim_list_wins()
  local ok, err = pcall(vim.cmd, "KataKeywords 5 tfidf")
  check(":KataKeywords 5 tfidf: a message saying tfidf needs a corpus",
        not ok and tostring(err):find("kata: method 'tfidf' ranks a text against a corpus of texts", 1, true) ~= nil
        and not tostring(err):find("bad argument", 1, true), err)
  ok, err = pcall(vim.cmd, "KataKeywords 5 bogus")
  check(":KataKeywords 5 bogus: unknown method, and the valid ones",
        not ok and tostring(err):find("kata: unknown method 'bogus' (keyphrase, frequency or yake)", 1, true) ~= nil,
        err)
  check(":KataKeywords with a bad method opens no window", #api.nvim_list_wins() == wins)
  local list, msg = k.keywords({ method = "tfidf", window = false })
  check("keywords({ method = 'tfidf' }): nil and the message", list == nil
        and tostring(msg):find("^method 'tfidf' ranks") ~= nil, msg)
  vim.v.errmsg = ""
  local all = vim.fn.getcompletion("KataKeywords 5 ", "cmdline")
  check("completion after :KataKeywords 5: frequency, keyphrase and yake",
        table.concat(all, " ") == "frequency keyphrase yake", table.concat(all, " "))
  local y = vim.fn.getcompletion("KataKeywords 5 y", "cmdline")
  check("completion of :KataKeywords 5 y: yake only", table.concat(y, " ") == "yake", table.concat(y, " "))
end)

-- {======================================================================
-- Entity under the cursor, removing duplicates
-- ======================================================================

step(":KataEntityAt", function()
  local buf = edit(multibyte)
  vim.cmd("KataEntities")
  local m, row, col = find_mark(buf, "Rizky Aditya Pratama")
  api.nvim_win_set_cursor(0, { row + 1, col + 6 })
  vim.cmd("KataEntityAt")
  check(":KataEntityAt on Rizky Aditya Pratama: its type and text",
        last_message() == "kata: PERSON Rizky Aditya Pratama", last_message())
  local e = k.entity_at()
  check("entity_at(): type, text and span", e and e.type == "PERSON" and e.text == "Rizky Aditya Pratama"
        and e.row == row and e.col == col and e.end_col == col + #"Rizky Aditya Pratama", e and e.text)
  api.nvim_win_set_cursor(0, { row + 1, col + #"Rizky Aditya Pratama" - 1 })
  check("entity_at(): on the last byte", (k.entity_at() or {}).text == "Rizky Aditya Pratama")
  -- an entity across a line end, the cursor on its second line
  local m2 = find_mark(buf, "Bank of\nEngland")
  local want = m2 and m2[4].hl_group:sub(5):upper()
  api.nvim_win_set_cursor(0, { m2 and m2[2] + 2 or 1, 2 })
  vim.cmd("KataEntityAt")
  check(":KataEntityAt on the second line of Bank of\\nEngland",
        m2 and last_message() == "kata: " .. want .. " Bank of England", last_message())
  check("entity_at(): the type of any mark is its group's",
        (k.entity_at({ row = m[2], col = m[3] }) or {}).type == "PERSON")
  api.nvim_buf_set_lines(buf, 0, 0, false, { "tanpa nama" })
  api.nvim_win_set_cursor(0, { 1, 1 })
  vim.cmd("KataEntityAt")
  check(":KataEntityAt where there is none", last_message() == "kata: no entity under the cursor", last_message())
  vim.cmd("KataClear")
  vim.cmd("KataEntityAt")
  check(":KataEntityAt with no marks: says to run :KataEntities",
        last_message() == "kata: no entities marked (run :KataEntities)", last_message())
  vim.cmd("edit!")
  errors_free(":KataEntityAt")
end)

step(":KataDedupe", function()
  local text = read(duplicated) or (read(berita) .. "\n\n" .. read(berita))
  local path = vim.fn.tempname() .. ".txt"
  local f = io.open(path, "wb")
  f:write(text)
  f:close()
  local buf = edit(path)
  local before = api.nvim_buf_get_lines(buf, 0, -1, false)
  local want, n = k.core().dedupe(buf_text(buf))
  vim.cmd("KataDedupe")
  check(":KataDedupe: the buffer is kata.dedupe of its text", n >= 1 and buf_text(buf) == want,
        n .. " to remove, " .. api.nvim_buf_line_count(buf) .. " lines left")
  check(":KataDedupe says how many it removed",
        last_message() == string.format("kata: %d repeated paragraph%s removed", n, n == 1 and "" or "s"),
        last_message())
  check(":KataDedupe: one change to undo", vim.fn.undotree().seq_last == 1, vim.fn.undotree().seq_last)
  vim.cmd("silent undo")
  check("one u brings every paragraph back",
        table.concat(api.nvim_buf_get_lines(buf, 0, -1, false), "\n") == table.concat(before, "\n"))
  vim.cmd("silent redo")
  local tick = api.nvim_buf_get_changedtick(buf)
  vim.cmd("KataDedupe")
  check(":KataDedupe again: nothing to remove, the buffer untouched",
        last_message() == "kata: no repeated paragraphs" and api.nvim_buf_get_changedtick(buf) == tick,
        last_message())
  vim.cmd("bwipeout!")
  os.remove(path)
  -- a range compares only its own paragraphs; the lines outside the
  -- change keep their marks
  buf = scratch({ "Presiden Joko Widodo tiba di Jakarta.", "", "BPBD mencatat 12 rumah rusak.", "",
                  "Presiden Joko Widodo tiba di Jakarta.", "", "Warga mengungsi ke Bandung." })
  vim.cmd("3,7KataDedupe")
  check(":3,7KataDedupe: the first occurrence is outside the range, nothing removed",
        api.nvim_buf_line_count(buf) == 7 and last_message() == "kata: no repeated paragraphs", last_message())
  vim.cmd("KataEntities")
  vim.cmd("KataDedupe")
  check(":KataDedupe: the repeat and the blank line after it are gone",
        table.concat(api.nvim_buf_get_lines(buf, 0, -1, false), "|") ==
        "Presiden Joko Widodo tiba di Jakarta.||BPBD mencatat 12 rumah rusak.||Warga mengungsi ke Bandung.",
        table.concat(api.nvim_buf_get_lines(buf, 0, -1, false), "|"))
  local bandung = find_mark(buf, "Bandung")
  check(":KataDedupe: a mark after the change moved with its text", bandung ~= nil and bandung[2] == 4,
        bandung and bandung[2])
  errors_free(":KataDedupe")
end)

-- }======================================================================
-- Robustness
-- ======================================================================

local async_buf
step("async run, buffer edited before it runs", function()
  async_buf = edit(multibyte)
  k.clear(async_buf)
  local before = k.status(async_buf).redone
  check("async: returns true", k.entities({ async = true }) == true)
  -- the snapshot is taken; now the buffer changes under it
  api.nvim_buf_set_lines(async_buf, 0, 4, false, {})
  api.nvim_buf_set_lines(async_buf, 0, 0, false, { "Gubernur Ridwan Kamil 🙂 meresmikan jembatan di Bandung." })
  vim.b[async_buf].kata_redone_before = before
  return 30
end)

step("async run: checked", function()
  local before = vim.b[async_buf].kata_redone_before
  check("async: the run was redone from a new snapshot", k.status(async_buf).redone > before)
  same_entities("async after edit", async_buf)
  errors_free("async")
end)

local auto_buf
step("auto: edits while a run is pending", function()
  k.setup({ auto = true, debounce = 40 })
  auto_buf = edit(berita)
  vim.cmd("KataEntities")
  vim.cmd("KataDuplicates")
  vim.b[auto_buf].runs = k.status(auto_buf).runs
  api.nvim_buf_set_lines(auto_buf, 4, 12, false, {})
  return 10
end)

step("auto: more edits before the debounce ends", function()
  check("auto: a run is pending after an edit", k.status(auto_buf).pending == true)
  api.nvim_buf_set_lines(auto_buf, 0, 0, false, { "Gubernur Ridwan Kamil 🚀 hadir di “Gedung Sate” Bandung.", "" })
  api.nvim_buf_set_lines(auto_buf, 20, 22, false, {})
  return 10
end)

step("auto: in insert mode", function()
  api.nvim_buf_set_lines(auto_buf, 1, 1, false, { "Menteri Sri Mulyani tiba di Jakarta.", "" })
  vim.api.nvim_feedkeys("Gotambahan teks di Bandung\27", "x", false)
  return 150
end)

step("auto: marks follow the edited text", function()
  local s = k.status(auto_buf)
  check("auto: runs happened after the edits", s.runs > vim.b[auto_buf].runs, s.runs)
  check("auto: nothing pending once quiet", s.pending == false)
  same_entities("auto after edits", auto_buf)
  local m = find_mark(auto_buf, "Ridwan Kamil")
  check("auto: the inserted line's PERSON is marked", m ~= nil and m[2] == 0)
  errors_free("auto")
end)

step("auto: buffer wiped while a run is pending", function()
  local buf = scratch({ "Presiden Joko Widodo tiba di Jakarta.", "", "Presiden Joko Widodo tiba di Jakarta." })
  vim.cmd("KataEntities")
  vim.cmd("KataDuplicates")
  api.nvim_buf_set_lines(buf, 0, 1, false, { "Gubernur Ridwan Kamil di Bandung." })
  vim.b.wiped = buf
  return 5
end)

step("auto: wipe", function()
  local buf = vim.b.wiped
  check("auto: pending before the wipe", k.status(buf).pending == true)
  -- and an async run pending too
  k.entities({ buf = buf, async = true })
  vim.cmd("bwipeout! " .. buf)
  vim.g.kata_wiped = buf
  return 120
end)

step("async run, buffer unloaded before it runs", function()
  local buf = edit(multibyte)
  vim.bo[buf].bufhidden = "unload"
  k.entities({ async = true })
  k.duplicates({ async = true })
  vim.cmd("enew!")
  vim.g.kata_unloaded = buf
  return 30
end)

step("async run: buffer unloaded", function()
  local buf = vim.g.kata_unloaded
  check("unloaded: the buffer was unloaded", not api.nvim_buf_is_loaded(buf))
  check("unloaded: the runs were dropped", k.status(buf).dropped >= 2, k.status(buf).dropped)
  errors_free("unloaded buffer")
end)

step("auto: after the wipe", function()
  check("auto: the wiped buffer's state is gone", k.status(vim.g.kata_wiped).runs == 0)
  errors_free("wiped buffer")
  -- :KataClear stops automatic runs
  local buf = scratch({ "Presiden Joko Widodo tiba di Jakarta." })
  vim.cmd("KataEntities")
  vim.cmd("KataClear")
  api.nvim_buf_set_lines(buf, 0, 0, false, { "Gubernur Ridwan Kamil di Bandung." })
  vim.b.cleared = true
  return 100
end)

step("auto: :KataClear stops it", function()
  check(":KataClear: no marks come back after an edit", #marks(0, NS_E) == 0)
  k.setup({})
end)

step("empty and blank buffers", function()
  for _, lines in ipairs({ {}, { "" }, { "   ", "", "\t" } }) do
    local buf = scratch(lines)
    local name = "buffer of " .. #lines .. " blank lines"
    for _, c in ipairs({ "KataEntities", "KataDuplicates", "KataKeywords", "KataClear" }) do
      local ok, err = pcall(vim.cmd, c)
      check(name .. ": :" .. c .. " runs", ok, err)
      vim.cmd("silent! only")
    end
    check(name .. ": no marks", #marks(buf, NS_E) == 0 and #marks(buf, NS_D) == 0)
    errors_free(name)
  end
  scratch({})
  vim.cmd("KataKeywords")
  check("empty buffer: :KataDuplicates says there are none", (function()
    vim.cmd("wincmd p")
    vim.cmd("KataDuplicates")
    return last_message() == "kata: no duplicate paragraphs"
  end)(), last_message())
  vim.cmd("wincmd p")
  check("empty buffer: the keyword window says (no keywords)",
        api.nvim_buf_get_lines(0, 0, -1, false)[1] == "(no keywords)")
  vim.cmd("silent! only")
end)

step("invalid UTF-8", function()
  local buf = scratch({ "caf\233 \255\254 Presiden Joko Widodo tiba di Jakarta.", "",
                        "\192\128 Bandung \237\160\128 Surabaya", "",
                        "caf\233 \255\254 Presiden Joko Widodo tiba di Jakarta." })
  local ok, err = pcall(vim.cmd, "KataEntities")
  check("invalid UTF-8: :KataEntities runs", ok, err)
  same_entities("invalid UTF-8", buf)
  ok, err = pcall(vim.cmd, "KataDuplicates")
  check("invalid UTF-8: :KataDuplicates finds the repeat", ok and #vim.fn.getqflist() == 1, err)
  ok, err = pcall(vim.cmd, "KataKeywords")
  check("invalid UTF-8: :KataKeywords runs", ok, err)
  vim.cmd("silent! only")
  errors_free("invalid UTF-8")
end)

step("a very long line", function()
  local line = string.rep("Presiden Joko Widodo tiba di Jakarta pada 8 Januari 2024 🚀. ", 6000)
  local buf = scratch({ "Judul", line, "", line })
  local t = vim.loop.hrtime()
  local ok, err = pcall(vim.cmd, "KataEntities")
  local ms = (vim.loop.hrtime() - t) / 1e6
  check(string.format("long line (%d bytes): :KataEntities runs (%.0f ms)", #line, ms), ok, err)
  local ms_ = marks(buf, NS_E)
  check("long line: one mark per entity", #ms_ == #k.core().entities(buf_text(buf)) and #ms_ >= 4 * 6000, #ms_)
  local last = ms_[#ms_]
  check("long line: the last mark covers the last date", last and marked(buf, last) == "8 Januari 2024")
  ok, err = pcall(vim.cmd, "KataDuplicates")
  check("long line: :KataDuplicates finds the repeated line", ok and #vim.fn.getqflist() == 1, err)
  vim.cmd("KataClear")
  errors_free("long line")
end)

step("marks from an older snapshot are clamped", function()
  local lines = {}
  for i = 1, 10 do lines[i] = string.rep("é", 10 + i) end
  local buf = scratch(lines)
  local snap = k._snapshot(buf)
  local ms = {}
  for r = 0, 9 do
    ms[#ms + 1] = { r, 4, { end_row = math.min(r + 1, 9), end_col = 20, hl_group = "KataDate" } }
  end
  api.nvim_buf_set_lines(buf, 3, 9, false, { "x" })   -- 10 lines become 5, one short
  local ok, set = pcall(k._place, snap, NS_E, ms)
  check("clamp: placing stale marks does not raise", ok, set)
  local got = marks(buf, NS_E)
  local out_of_bounds = 0
  local count = api.nvim_buf_line_count(buf)
  for _, m in ipairs(got) do
    local d = m[4]
    if m[2] >= count or d.end_row >= count or m[3] > #vim.fn.getline(m[2] + 1)
       or d.end_col > #vim.fn.getline(d.end_row + 1) then
      out_of_bounds = out_of_bounds + 1
    end
  end
  check("clamp: marks only on the lines left, within them", ok and set == count and #got == count
        and out_of_bounds == 0, tostring(set) .. " set, " .. #got .. " marks, " .. out_of_bounds .. " outside")
  k.clear(buf)
end)

step("highlight groups", function()
  local function links(name)
    return vim.fn.execute("highlight " .. name):match("links to (%w+)")
  end
  check("KataPerson links to Identifier by default", links("KataPerson") == "Identifier")
  vim.cmd("highlight! link KataLocation Error")
  k.define_highlights()
  check("a user's link for KataLocation is kept", links("KataLocation") == "Error")
  vim.cmd("colorscheme default")
  check("after :colorscheme, the default links are back", links("KataPerson") == "Identifier"
        and links("KataDuplicate") == "Comment")
  -- Regression: KataOrganization linked to Structure, which links to
  -- Type, KataLocation's group: one colour for both.
  for _, bg in ipairs({ "dark", "light" }) do
    vim.o.background = bg
    vim.cmd("colorscheme default")
    local seen, clash = {}, nil
    for _, g in ipairs({ "KataPerson", "KataLocation", "KataOrganization" }) do
      local id = vim.fn.synIDtrans(vim.fn.hlID(g))
      local colour = vim.fn.synIDattr(id, "fg", "gui") .. "/" .. vim.fn.synIDattr(id, "fg", "cterm")
      if seen[colour] then clash = seen[colour] .. " and " .. g .. ": " .. colour end
      seen[colour] = g
    end
    check("background=" .. bg .. ": people, places and organisations in three colours", clash == nil, clash)
  end
  vim.o.background = "dark"
  vim.cmd("colorscheme default")
end)

-- {======================================================================
-- :help kata and :checkhealth kata
-- ======================================================================

step(":help kata", function()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir .. "/doc", "p")
  local f = io.open(dir .. "/doc/kata.txt", "wb")
  f:write(read(root .. "/doc/kata.txt") or "")
  f:close()
  local ok, err = pcall(vim.cmd, "helptags " .. vim.fn.fnameescape(dir .. "/doc"))
  check(":helptags doc/: no error (no duplicate tag)", ok, err)
  vim.opt.runtimepath:prepend(dir)
  ok, err = pcall(vim.cmd, "help kata")
  check(":help kata opens doc/kata.txt at *kata*", ok and api.nvim_buf_get_name(0):find("/doc/kata.txt$") ~= nil
        and api.nvim_get_current_line():find("*kata*", 1, true) ~= nil, err or api.nvim_get_current_line())
  local missing = {}
  local tags = {}
  for name in pairs(api.nvim_get_commands({})) do
    if name:find("^Kata") then tags[#tags + 1] = ":" .. name end
  end
  table.sort(tags)
  for _, t in ipairs({ "kata-setup", "kata-health", "kata-commands", "kata-highlights", "kata-lua" }) do
    tags[#tags + 1] = t
  end
  for _, t in ipairs(tags) do
    ok = pcall(vim.cmd, "help " .. t)
    if not (ok and api.nvim_get_current_line():find("*" .. t .. "*", 1, true)) then missing[#missing + 1] = t end
  end
  check(":help finds every command (" .. #tags - 5 .. ") and the sections", #missing == 0 and #tags >= 11,
        table.concat(missing, " "))
  vim.cmd("helpclose")
  vim.opt.runtimepath:remove(dir)
  vim.v.errmsg = ""
end)

step(":checkhealth kata", function()
  vim.cmd("checkhealth kata")
  local report = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  vim.cmd("tabclose")
  local core = k.core()
  check(":checkhealth kata: the version and where kata.core comes from",
        report:find("OK: kata " .. core.version .. " (Unicode " .. core.unicode_version .. "), kata.core from "
                    .. root .. "/build/luajit/kata/core.so", 1, true) ~= nil, report)
  check(":checkhealth kata: kata.core runs in this LuaJIT",
        report:find("OK: kata.core runs in " .. jit.version, 1, true) ~= nil, report)
  check(":checkhealth kata: no ERROR", report:find("ERROR", 1, true) == nil, report)
  k.setup({ keywords = { n = -1 } })
  vim.cmd("checkhealth kata")
  report = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  vim.cmd("tabclose")
  k.setup({})
  check(":checkhealth kata: a bad keywords option is an ERROR naming it",
        report:find("ERROR: setup({ keywords = ... }): bad argument #2 to 'keywords'", 1, true) ~= nil, report)
end)

-- }======================================================================
-- The examples of docs/neovim.md
-- ======================================================================

local function doc_blocks(path)
  local blocks, cur, lnum = {}, nil, 0
  for line in io.lines(path) do
    lnum = lnum + 1
    if cur then
      if line:match("^```%s*$") then
        blocks[#blocks + 1] = cur
        cur = nil
      else
        cur.code[#cur.code + 1] = line
      end
    elseif line:match("^```vim%s*$") then
      cur = { kind = "vim", line = lnum, code = {} }
    elseif line:match("^```lua fragment%s*$") then
      cur = { kind = "lua", line = lnum, code = {} }
    end
  end
  return blocks
end

step("docs/neovim.md examples", function()
  local path = root .. "/docs/neovim.md"
  if not check("docs/neovim.md exists", read(path) ~= nil) then return end
  local blocks = doc_blocks(path)
  check("docs/neovim.md has vim and lua fragment examples", #blocks >= 4, #blocks)
  for _, b in ipairs(blocks) do
    edit(berita)
    vim.v.errmsg = ""
    local code = table.concat(b.code, "\n")
    local ok, err
    if b.kind == "vim" then
      ok, err = pcall(vim.cmd, code)
    else
      local fn, perr = loadstring(code, "=docs/neovim.md:" .. b.line)
      ok, err = fn ~= nil, perr
      if fn then ok, err = pcall(fn) end
    end
    check(string.format("docs/neovim.md:%d (%s) runs", b.line, b.kind), ok and vim.v.errmsg == "",
          err or vim.v.errmsg)
    vim.cmd("silent! only")
  end
  k.setup({})
end)

vim.defer_fn(function() check("finished in time", false) finish() end, 50000)
run_steps(1)
