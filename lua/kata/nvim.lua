--- kata.nvim: kata in Neovim (0.7 and later).
-- Keywords of a buffer in a scratch window, duplicate paragraphs marked
-- and listed in the quickfix list, entities highlighted by type.
-- plugin/kata.lua defines the commands; docs/neovim.md is the guide.
--
-- The C module kata.core is loaded on first use: from package.cpath, the
-- `cpath` given to `setup`, or the build of this checkout
-- (`build/luajit/?.so`, made by `make LUA=luajit`).
--
-- Every run works on a snapshot of the buffer's lines (their text joined
-- by "\n"); kata's 1-based byte offsets into that text become (row, col)
-- extmark positions. A run whose buffer changed between the snapshot and
-- the marks is dropped and redone from a new snapshot, and positions are
-- checked against the buffer before each mark is set.
-- @module kata.nvim

-- luacheck: globals vim

local api = vim.api

local M = {}

-- {======================================================================
-- Configuration
-- ======================================================================

local function defaults()
  return {
    cpath = nil,          -- string or array of package.cpath templates
    auto = false,         -- redo marks after edits (TextChanged, TextChangedI)
    debounce = 500,       -- ms of quiet before an automatic run
    keywords = { n = 10 },  -- options for kata.keywords
    duplicates = {},      -- options for kata.duplicates
    entities = {},        -- options for kata.entities
    signs = true,         -- a sign on the first line of each duplicate
    sign_text = "D",      -- its text (1 or 2 cells)
    virtual_text = true,  -- "duplicate of line N" at the end of that line
    highlight_duplicates = true,  -- KataDuplicate over the duplicate's text
    quickfix = true,      -- :KataDuplicates fills the quickfix list
    open_quickfix = false,  -- and opens it (:copen) when it has entries
    loclist = false,      -- :KataEntities fills the location list (! does too)
  }
end

M.config = defaults()

--- The entity types of kata.entities, in the order of docs/api.md.
M.types = { "PERSON", "LOCATION", "ORGANIZATION", "DATE", "TIME", "MONEY",
            "PERCENT", "NUMBER", "URL", "EMAIL", "HASHTAG", "MENTION" }

--- Highlight groups and the groups they link to by default.
M.highlights = {
  KataPerson = "Identifier",
  KataLocation = "Type",
  KataOrganization = "Structure",
  KataDate = "Constant",
  KataTime = "Constant",
  KataMoney = "Number",
  KataPercent = "Number",
  KataNumber = "Number",
  KataUrl = "Underlined",
  KataEmail = "Underlined",
  KataHashtag = "Special",
  KataMention = "Special",
  KataDuplicate = "Comment",
  KataDuplicateSign = "WarningMsg",
  KataDuplicateText = "Comment",
}

--- The extmark namespaces: `entities` and `duplicates`.
M.namespaces = {
  entities = api.nvim_create_namespace("kata_entities"),
  duplicates = api.nvim_create_namespace("kata_duplicates"),
}

local function hl_group(kind)
  return "Kata" .. kind:sub(1, 1) .. kind:sub(2):lower()
end

--- Defines the highlight groups as default links (`:highlight default
-- link`): a colour scheme or your own `:highlight` wins.
function M.define_highlights()
  for name, target in pairs(M.highlights) do
    vim.cmd("highlight default link " .. name .. " " .. target)
  end
end

-- }======================================================================

-- {======================================================================
-- Loading kata.core
-- ======================================================================

local core_module, core_error

local function repo_root()
  local src = debug.getinfo(1, "S").source
  if type(src) == "string" and src:sub(1, 1) == "@" then
    local path = vim.fn.fnamemodify(src:sub(2), ":p")
    local root = path:match("^(.*)[/\\]lua[/\\]kata[/\\]nvim%.lua$")
    if root then return root end
  end
  local found = api.nvim_get_runtime_file("lua/kata/nvim.lua", false)[1]
  if found then
    return (vim.fn.fnamemodify(found, ":p"):match("^(.*)[/\\]lua[/\\]kata[/\\]nvim%.lua$"))
  end
  return nil
end

local function prepend_cpath(template)
  if not package.cpath:find(template, 1, true) then
    package.cpath = template .. ";" .. package.cpath
  end
end

local function try_require()
  local ok, mod = pcall(require, "kata.core")
  if ok and type(mod) == "table" and mod.entities then
    core_module = mod
    return true
  end
  core_error = tostring(mod)
  return false
end

--- Loads the C module kata.core, once. Tries, in order: the `cpath` of
-- `setup`, package.cpath as it is, then `<checkout>/build/luajit/?.so`.
-- @return the module, or nil and a message
function M.core()
  if core_module then return core_module end
  local cpath = M.config.cpath
  if type(cpath) == "string" then cpath = { cpath } end
  if type(cpath) == "table" then
    for i = #cpath, 1, -1 do prepend_cpath(cpath[i]) end
    if try_require() then return core_module end
  end
  if try_require() then return core_module end
  local root = repo_root()
  if root then
    prepend_cpath(root .. "/build/luajit/?.so")
    if try_require() then return core_module end
  end
  local msg = "kata: cannot load the C module kata.core: "
    .. (core_error or "not found"):gsub("\n.*", "")
    .. "\nBuild it for LuaJIT with `make LUA=luajit`"
    .. (root and (" in " .. root) or " in the kata checkout")
    .. ", or give its path: require('kata.nvim').setup({ cpath = '/path/to/?.so' })"
  return nil, msg
end

local function notify(msg, level)
  vim.notify(msg, level or vim.log.levels.INFO)
end

-- An error of kata's, without the file and line of the call.
local function kata_error(err)
  local msg = tostring(err):gsub("^[^\n]-%.lua:%d+: ", "")
  notify("kata: " .. msg, vim.log.levels.ERROR)
  return msg
end

local function need_core()
  local core, err = M.core()
  if not core then notify(err, vim.log.levels.ERROR) end
  return core
end

-- }======================================================================

-- {======================================================================
-- Snapshots and positions
-- ======================================================================

local function buffer(buf)
  if buf == nil or buf == 0 then return api.nvim_get_current_buf() end
  return buf
end

-- The lines line1..line2 (1-based, inclusive; nil: the whole buffer) of
-- buf, their text joined by "\n" and the offset of each line's first byte.
local function snapshot(buf, line1, line2)
  local count = api.nvim_buf_line_count(buf)
  local first = math.max((line1 or 1) - 1, 0)
  local last = math.min(line2 or count, count)
  if last < first then last = first end
  local lines = api.nvim_buf_get_lines(buf, first, last, false)
  local starts, pos = {}, 1
  for i = 1, #lines do
    starts[i] = pos
    pos = pos + #lines[i] + 1
  end
  return {
    buf = buf,
    tick = api.nvim_buf_get_changedtick(buf),
    first = first,
    whole = line1 == nil or (first == 0 and last == count),
    line1 = line1, line2 = line2,
    lines = lines,
    starts = starts,
    text = table.concat(lines, "\n"),
  }
end

-- The 0-based buffer (row, col) of the 1-based byte offset `offset` of a
-- snapshot's text; offset #text + 1 is the end of the last line.
local function position(snap, offset)
  local starts = snap.starts
  local n = #starts
  if n == 0 then return snap.first, 0 end
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi + 1) / 2)
    if starts[mid] <= offset then lo = mid else hi = mid - 1 end
  end
  local col = offset - starts[lo]
  if col < 0 then col = 0 end
  if col > #snap.lines[lo] then col = #snap.lines[lo] end
  return snap.first + lo - 1, col
end

-- The extmark span (row, col, end_row, end_col; end exclusive) of the
-- 1-based inclusive byte range start..stop of a snapshot's text.
local function span(snap, start, stop)
  local row, col = position(snap, start)
  local end_row, end_col = position(snap, stop + 1)
  return row, col, end_row, end_col
end

M._snapshot, M._position = snapshot, position

-- Sets marks { {row, col, opts}, ... } in namespace ns of the snapshot's
-- buffer. If the buffer changed since the snapshot, every position is
-- clamped to the lines it has now and marks past its end are left out.
-- A mark Neovim still refuses is skipped. Returns how many were set.
local function place(snap, ns, marks)
  local buf = snap.buf
  if not (api.nvim_buf_is_valid(buf) and api.nvim_buf_is_loaded(buf)) then return 0 end
  local changed = api.nvim_buf_get_changedtick(buf) ~= snap.tick
  local count = api.nvim_buf_line_count(buf)
  local lengths = {}
  local function len(row)
    local l = lengths[row]
    if not l then
      l = #(api.nvim_buf_get_lines(buf, row, row + 1, false)[1] or "")
      lengths[row] = l
    end
    return l
  end
  local set = 0
  for _, m in ipairs(marks) do
    local row, col, opts = m[1], m[2], m[3]
    local ok = true
    if changed then
      if row >= count then
        ok = false
      else
        col = math.min(col, len(row))
        if opts.end_row then
          local er, ec = opts.end_row, opts.end_col or 0
          if er >= count then er, ec = count - 1, len(count - 1) end
          ec = math.min(ec, len(er))
          if er < row or (er == row and ec < col) then er, ec = row, col end
          opts.end_row, opts.end_col = er, ec
        end
      end
    end
    if ok and pcall(api.nvim_buf_set_extmark, buf, ns, row, col, opts) then
      set = set + 1
    end
  end
  return set
end

M._place = place

-- }======================================================================

-- {======================================================================
-- Per-buffer state: what runs after edits, counters
-- ======================================================================

local state = {}   -- [buf] = { entities = args, duplicates = args, runs, redone, marks }

local function buf_state(buf)
  local s = state[buf]
  if not s then
    s = { runs = 0, redone = 0, dropped = 0, marks = 0 }
    state[buf] = s
  end
  return s
end

--- What the plugin knows of a buffer: `runs` (runs that set marks),
-- `redone` (runs redone because the buffer changed under them),
-- `dropped` (runs given up: buffer gone), `marks` (marks set by the last
-- run), `pending` (an automatic run is waiting for the debounce), and
-- `entities`/`duplicates` (the arguments automatic runs reuse, or nil).
function M.status(buf)
  buf = buffer(buf)
  local s = state[buf] or {}
  return { runs = s.runs or 0, redone = s.redone or 0, dropped = s.dropped or 0,
           marks = s.marks or 0, entities = s.entities, duplicates = s.duplicates,
           pending = s.timer ~= nil and s.pending or false }
end

-- }======================================================================

-- {======================================================================
-- The features: each computes marks from a snapshot
-- ======================================================================

local function copy(t)
  local c = {}
  for k, v in pairs(t or {}) do c[k] = v end
  return c
end

local function list_action(getlist, title)
  local info = getlist({ title = 0, id = 0 })
  if info and info.title == title then return "r", info.id end
  return " ", nil
end

-- Entities of a snapshot: marks, and the entity tables with row, col,
-- end_row, end_col (0-based, end exclusive) added.
local function compute_entities(core, snap, args)
  local opts = copy(M.config.entities)
  if args.types and #args.types > 0 then opts.types = args.types end
  local found = core.entities(snap.text, opts)
  local marks = {}
  for _, e in ipairs(found or {}) do
    e.row, e.col, e.end_row, e.end_col = span(snap, e.start, e.stop)
    marks[#marks + 1] = { e.row, e.col, {
      end_row = e.end_row, end_col = e.end_col, hl_group = hl_group(e.type),
    } }
  end
  return marks, found or {}
end

local function apply_entities(snap, marks, found, args)
  local buf = snap.buf
  local ns = M.namespaces.entities
  api.nvim_buf_clear_namespace(buf, ns, 0, -1)
  local set = place(snap, ns, marks)
  if args.loclist then
    local win = api.nvim_get_current_win()
    if api.nvim_win_get_buf(win) ~= buf then win = vim.fn.bufwinid(buf) end
    if win ~= -1 then
      local items = {}
      for _, e in ipairs(found) do
        items[#items + 1] = {
          bufnr = buf, lnum = e.row + 1, col = e.col + 1,
          end_lnum = e.end_row + 1, end_col = e.end_col,   -- its last byte
          text = e.type .. " " .. e.text:gsub("%s+", " "),
        }
      end
      local title = "kata entities"
      local action, id = list_action(function(what) return vim.fn.getloclist(win, what) end, title)
      if action == "r" then
        vim.fn.setloclist(win, {}, "r", { id = id, items = items, title = title })
      elseif not args.auto then
        vim.fn.setloclist(win, {}, " ", { items = items, title = title })
      end
    end
  end
  return set
end

local function describe(d, line)
  if d.kind == "exact" then
    return string.format("duplicate of line %d (exact, similarity %.2f)", line, d.similarity)
  elseif d.kind == "teaser" then
    return string.format("teaser of line %d (similarity %.2f)", line, d.similarity)
  end
  return string.format("near duplicate of line %d (similarity %.2f)", line, d.similarity)
end

-- Duplicate paragraphs of a snapshot: marks, and one table per duplicate
-- { lnum, col, end_lnum, end_col, orig_lnum, dup_of, paragraph, kind,
-- similarity, text } (1-based lines, 0-based byte columns).
local function compute_duplicates(core, snap)
  local opts = copy(M.config.duplicates)
  local paragraphs = core.paragraphs(snap.text, { by = opts.by })
  local dups = core.duplicates(snap.text, opts)
  local marks, found = {}, {}
  for i, d in ipairs(dups) do
    local p, q = paragraphs[i], d and paragraphs[d.dup_of]
    if p and q then
      local row, col, end_row, end_col = span(snap, p.start, p.stop)
      local orow = position(snap, q.start)
      local text = describe(d, orow + 1)
      found[#found + 1] = {
        lnum = row + 1, col = col, end_lnum = end_row + 1, end_col = end_col,
        orig_lnum = orow + 1, paragraph = i, dup_of = d.dup_of, kind = d.kind,
        similarity = d.similarity, text = text,
      }
      local opts_mark = { priority = 4095 }   -- under the entities (4096)
      if M.config.highlight_duplicates then
        opts_mark.end_row, opts_mark.end_col = end_row, end_col
        opts_mark.hl_group = "KataDuplicate"
      end
      if M.config.signs then
        opts_mark.sign_text = M.config.sign_text
        opts_mark.sign_hl_group = "KataDuplicateSign"
      end
      if M.config.virtual_text then
        opts_mark.virt_text = { { text, "KataDuplicateText" } }
        opts_mark.virt_text_pos = "eol"
      end
      marks[#marks + 1] = { row, col, opts_mark }
    end
  end
  return marks, found
end

local function apply_duplicates(snap, marks, found, args)
  local buf = snap.buf
  local ns = M.namespaces.duplicates
  api.nvim_buf_clear_namespace(buf, ns, 0, -1)
  local set = place(snap, ns, marks)
  if args.quickfix then
    local items = {}
    for _, f in ipairs(found) do
      items[#items + 1] = { bufnr = buf, lnum = f.lnum, col = f.col + 1, text = f.text, type = "W" }
    end
    local title = "kata duplicates"
    local action, id = list_action(vim.fn.getqflist, title)
    if action == "r" then
      vim.fn.setqflist({}, "r", { id = id, items = items, title = title })
    elseif not args.auto then
      vim.fn.setqflist({}, " ", { items = items, title = title })
    end
    if M.config.open_quickfix and #items > 0 and not args.auto then
      vim.cmd("copen")
    end
  end
  return set
end

local features = {
  entities = { compute = compute_entities, apply = apply_entities },
  duplicates = { compute = compute_duplicates, apply = apply_duplicates },
}

-- Runs a feature on a snapshot: computes, then sets the marks. If the
-- buffer changed since the snapshot, the run is redone from a new one
-- (at most three times; then the marks are clamped). Returns the found
-- items, or nil and a message.
local function finish(name, snap, args, tries)
  local buf = snap.buf
  if not (api.nvim_buf_is_valid(buf) and api.nvim_buf_is_loaded(buf)) then
    if state[buf] then state[buf].dropped = state[buf].dropped + 1 end
    return nil, "buffer is gone"
  end
  local s = buf_state(buf)
  if api.nvim_buf_get_changedtick(buf) ~= snap.tick and tries < 3 then
    s.redone = s.redone + 1
    local line1, line2 = snap.line1, snap.line2
    return finish(name, snapshot(buf, line1, line2), args, tries + 1)
  end
  local core = need_core()
  if not core then return nil, "kata.core is not loaded" end
  local feature = features[name]
  local ok, marks, found = pcall(feature.compute, core, snap, args)
  if not ok then return nil, kata_error(marks) end
  s.marks = feature.apply(snap, marks, found, args)
  s.runs = s.runs + 1
  if snap.whole then
    s[name] = args
  else
    s[name] = nil
  end
  return found
end

local function run(name, opts)
  opts = opts or {}
  local buf = buffer(opts.buf)
  if not (api.nvim_buf_is_valid(buf) and api.nvim_buf_is_loaded(buf)) then
    return nil, "invalid buffer"
  end
  if not need_core() then return nil, "kata.core is not loaded" end
  local snap = snapshot(buf, opts.line1, opts.line2)
  local args = { types = opts.types, loclist = opts.loclist, quickfix = opts.quickfix,
                 auto = opts.auto }
  if opts.async then
    vim.schedule(function() finish(name, snap, args, 0) end)
    return true
  end
  return finish(name, snap, args, 0)
end

--- Highlights the entities of a buffer (or of lines `line1`..`line2`).
-- @tparam[opt] table opts `buf` (0: current), `line1`, `line2` (1-based),
-- `types` (array of type names, default: `config.entities.types` or all),
-- `loclist` (also fill the location list of a window showing the buffer),
-- `async` (take the snapshot now, find and mark on the next turn of the
-- event loop)
-- @return the entities (kata.entities's tables with `row`, `col`,
-- `end_row`, `end_col` added, 0-based, end exclusive); with `async`,
-- true; or nil and a message
function M.entities(opts)
  opts = copy(opts)
  if opts.loclist == nil then opts.loclist = M.config.loclist end
  return run("entities", opts)
end

--- Marks the duplicate paragraphs of a buffer (or of lines
-- `line1`..`line2`) and lists them in the quickfix list.
-- @tparam[opt] table opts `buf`, `line1`, `line2`, `async` as for
-- `entities`; `quickfix` (default `config.quickfix`)
-- @return an array of `{lnum, col, end_lnum, end_col, orig_lnum, paragraph,
-- dup_of, kind, similarity, text}`; with `async`, true; or nil and a
-- message
function M.duplicates(opts)
  opts = copy(opts)
  if opts.quickfix == nil then opts.quickfix = M.config.quickfix end
  return run("duplicates", opts)
end

--- Removes the plugin's marks from a buffer and stops its automatic runs.
-- @tparam[opt] number buf the buffer (0 or nil: current)
function M.clear(buf)
  buf = buffer(buf)
  if not api.nvim_buf_is_valid(buf) then return end
  for _, ns in pairs(M.namespaces) do
    api.nvim_buf_clear_namespace(buf, ns, 0, -1)
  end
  local s = state[buf]
  if s then
    s.entities, s.duplicates, s.marks = nil, nil, 0
    if s.timer then
      s.timer:stop()
      s.pending = false
    end
  end
end

-- }======================================================================

-- {======================================================================
-- Keywords in a scratch window
-- ======================================================================

local keyword_buf

local function keyword_lines(list)
  if #list == 0 then return { "(no keywords)" } end
  local width = 0
  for _, k in ipairs(list) do
    width = math.max(width, vim.fn.strdisplaywidth(k.term))
  end
  local lines = {}
  for i, k in ipairs(list) do
    local pad = string.rep(" ", width - vim.fn.strdisplaywidth(k.term))
    lines[i] = string.format("%s%s  %5d  %.4f", k.term, pad, k.count, k.score)
  end
  return lines
end

--- The top keywords of a buffer (or of lines `line1`..`line2`), shown in
-- a scratch window: one keyword per line, its count and score.
-- @tparam[opt] table opts `buf`, `line1`, `line2`; `n`, `method` and any
-- other kata.keywords option (over `config.keywords`); `window = false`
-- to show nothing
-- @return kata.keywords's array, or nil and a message
function M.keywords(opts)
  opts = copy(opts)
  local buf = buffer(opts.buf)
  if buf == keyword_buf and opts.buf == nil then
    -- from the keyword window: the whole buffer of the window before it
    buf = vim.fn.winbufnr(vim.fn.winnr("#"))
    opts.line1, opts.line2 = nil, nil
  end
  if not (api.nvim_buf_is_valid(buf) and api.nvim_buf_is_loaded(buf)) then
    return nil, "invalid buffer"
  end
  local core = need_core()
  if not core then return nil, "kata.core is not loaded" end
  local kopts = copy(M.config.keywords)
  for k, v in pairs(opts) do
    if k ~= "buf" and k ~= "line1" and k ~= "line2" and k ~= "window" and k ~= "async" then
      kopts[k] = v
    end
  end
  local snap = snapshot(buf, opts.line1, opts.line2)
  local ok, list = pcall(core.keywords, snap.text, kopts)
  if not ok then return nil, kata_error(list) end
  if opts.window == false then return list end
  local lines = keyword_lines(list)
  local kbuf = keyword_buf
  if not (kbuf and api.nvim_buf_is_valid(kbuf)) then
    kbuf = api.nvim_create_buf(false, true)
    vim.bo[kbuf].buftype = "nofile"
    vim.bo[kbuf].bufhidden = "wipe"
    vim.bo[kbuf].swapfile = false
    vim.bo[kbuf].filetype = "katakeywords"
    pcall(api.nvim_buf_set_name, kbuf, "kata://keywords")
    vim.keymap.set("n", "q", "<cmd>close<cr>", { buffer = kbuf, nowait = true, silent = true })
    keyword_buf = kbuf
  end
  vim.bo[kbuf].modifiable = true
  api.nvim_buf_set_lines(kbuf, 0, -1, false, lines)
  vim.bo[kbuf].modifiable = false
  vim.bo[kbuf].modified = false
  local height = math.min(math.max(#lines, 1), 15)
  local win = vim.fn.bufwinid(kbuf)
  if win == -1 then
    vim.cmd("botright " .. height .. "split")
    win = api.nvim_get_current_win()
    api.nvim_win_set_buf(win, kbuf)
  else
    api.nvim_set_current_win(win)
    pcall(api.nvim_win_set_height, win, height)
  end
  api.nvim_win_set_cursor(win, { 1, 0 })
  return list
end

-- }======================================================================

-- {======================================================================
-- Automatic runs
-- ======================================================================

local uv = vim.uv or vim.loop

local function refresh(buf)
  local s = state[buf]
  if not s then return end
  s.pending = false
  if not api.nvim_buf_is_valid(buf) then return end
  for _, name in ipairs({ "duplicates", "entities" }) do
    local args = s[name]
    if args then
      local a = copy(args)
      a.auto = true
      finish(name, snapshot(buf), a, 0)
    end
  end
end

local function schedule_refresh(buf)
  local s = state[buf]
  if not s or not (s.entities or s.duplicates) then return end
  if not s.timer then s.timer = uv.new_timer() end
  s.timer:stop()
  s.pending = true
  s.timer:start(M.config.debounce, 0, vim.schedule_wrap(function() refresh(buf) end))
end

local function forget(buf)
  local s = state[buf]
  if s and s.timer then
    s.timer:stop()
    s.timer:close()
  end
  state[buf] = nil
end

local group

local function set_autocmds()
  group = api.nvim_create_augroup("kata_nvim", { clear = true })
  api.nvim_create_autocmd("ColorScheme", { group = group, callback = M.define_highlights })
  api.nvim_create_autocmd({ "BufWipeout", "BufDelete" }, {
    group = group, callback = function(ev) forget(ev.buf) end,
  })
  if M.config.auto then
    api.nvim_create_autocmd({ "TextChanged", "TextChangedI" }, {
      group = group, callback = function(ev) schedule_refresh(ev.buf) end,
    })
  end
end

-- }======================================================================

-- {======================================================================
-- Commands and setup
-- ======================================================================

local function complete_types(arglead)
  local out = {}
  for _, t in ipairs(M.types) do
    if t:find(arglead:upper(), 1, true) == 1 then out[#out + 1] = t end
  end
  return out
end

--- Defines the commands (plugin/kata.lua calls it): `:KataKeywords`,
-- `:KataDuplicates`, `:KataEntities`, `:KataClear`.
function M.create_commands()
  local cmd = api.nvim_create_user_command
  cmd("KataKeywords", function(o)
    local opts = { line1 = o.line1, line2 = o.line2 }
    for _, a in ipairs(o.fargs) do
      if a:match("^%d+$") then opts.n = tonumber(a) else opts.method = a end
    end
    M.keywords(opts)
  end, { range = "%", nargs = "*", desc = "kata: top keywords in a scratch window",
         complete = function() return { "frequency", "yake" } end })
  cmd("KataDuplicates", function(o)
    local found = M.duplicates({ line1 = o.line1, line2 = o.line2 })
    if type(found) == "table" then
      notify(#found == 0 and "kata: no duplicate paragraphs"
             or string.format("kata: %d duplicate paragraph%s", #found, #found == 1 and "" or "s"))
    end
  end, { range = "%", desc = "kata: mark duplicate paragraphs" })
  cmd("KataEntities", function(o)
    local types, known = {}, {}
    for _, t in ipairs(M.types) do known[t] = true end
    for _, a in ipairs(o.fargs) do
      if not known[a:upper()] then
        notify("kata: unknown entity type '" .. a .. "' (the types: "
               .. table.concat(M.types, " ") .. ")", vim.log.levels.ERROR)
        return
      end
      types[#types + 1] = a:upper()
    end
    local opts = { line1 = o.line1, line2 = o.line2, types = types }
    if o.bang then opts.loclist = true end
    local found = M.entities(opts)
    if type(found) == "table" then
      notify(string.format("kata: %d entit%s%s", #found, #found == 1 and "y" or "ies",
                           #types > 0 and (" (" .. table.concat(types, " ") .. ")") or ""))
    end
  end, { range = "%", nargs = "*", bang = true, complete = complete_types,
         desc = "kata: highlight entities" })
  cmd("KataClear", function() M.clear(0) end, { desc = "kata: remove the marks" })
end

--- Sets options (see docs/neovim.md) and (re)defines commands, highlight
-- groups and autocommands. Calling it is optional.
-- @tparam[opt] table cfg options, merged over the defaults
function M.setup(cfg)
  local config = defaults()
  for k, v in pairs(cfg or {}) do
    if type(v) == "table" and type(config[k]) == "table" then
      local merged = copy(config[k])
      for kk, vv in pairs(v) do merged[kk] = vv end
      config[k] = merged
    else
      config[k] = v
    end
  end
  M.config = config
  M.define_highlights()
  M.create_commands()
  set_autocmds()
  return M
end

--- Called by plugin/kata.lua: commands, highlight groups and autocommands
-- with the current options, without resetting them.
function M.init()
  M.define_highlights()
  M.create_commands()
  set_autocmds()
end

-- }======================================================================

return M
