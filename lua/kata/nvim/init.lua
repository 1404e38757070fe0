--- kata.nvim: kata in Neovim (0.7 and later).
-- Keywords of a buffer in a scratch window, duplicate paragraphs marked
-- and listed in the quickfix list, entities highlighted by type.
-- plugin/kata.lua defines the commands; docs/neovim.md is the guide.
--
-- The parts: config.lua (options), load.lua (finding the kata module and
-- its C module on first use), marks.lua (snapshots, extmarks, highlight
-- groups, quickfix), commands.lua (user commands, autocommands). This
-- file holds the public functions, the runs and their per-buffer state.
--
-- A run whose buffer changed between the snapshot and the marks is
-- dropped and redone from a new snapshot.
-- @module kata.nvim

-- luacheck: globals vim

local api = vim.api
local config = require("kata.nvim.config")
local loader = require("kata.nvim.load")
local marks = require("kata.nvim.marks")
local commands = require("kata.nvim.commands")

local copy, snapshot = config.copy, marks.snapshot

local M = {}

--- The options in effect (see `setup`).
M.config = config.defaults()

--- The entity types of kata.entities, in the order of docs/api.md
-- (kata.entity_types).
M.types = require("kata.util").entity_types

--- Highlight groups and the groups they link to by default.
M.highlights = marks.highlights

--- The extmark namespaces: `entities` and `duplicates`.
M.namespaces = marks.namespaces

--- Defines the highlight groups as default links (`:highlight default
-- link`): a colour scheme or your own `:highlight` wins.
M.define_highlights = marks.define_highlights

M._snapshot, M._position, M._place = snapshot, marks.position, marks.place

-- {======================================================================
-- Loading kata
-- ======================================================================

--- Loads the kata module (with its C module kata.core), once. kata.core
-- is looked for, in order, with the `cpath` of `setup`, in package.cpath
-- as it is, then as `<checkout>/build/luajit/?.so`; package.cpath itself
-- is left unchanged.
-- @return the module (`require("kata")`), or nil and a message
function M.core()
  return loader.kata(M.config.cpath)
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

-- pcall(kata[name], ...), with the function named in an argument error
-- (called through pcall, LuaJIT names it '?').
local function call(kata, name, ...)
  local ok, a, b = pcall(kata[name], ...)
  if not ok then a = tostring(a):gsub("to '%?'", "to '" .. name .. "'", 1) end
  return ok, a, b
end

local function need_kata()
  local kata, err = M.core()
  if not kata then notify(err, vim.log.levels.ERROR) end
  return kata
end

local function buffer(buf)
  if buf == nil or buf == 0 then return api.nvim_get_current_buf() end
  return buf
end

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
-- Runs: entities and duplicates
-- ======================================================================

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
  local kata = need_kata()
  if not kata then return nil, "kata.core is not loaded" end
  local feature = marks.features[name]
  local ok, set, found = pcall(feature.compute, kata, snap, args, M.config)
  if not ok then return nil, kata_error(set) end
  s.marks = feature.apply(snap, set, found, args, M.config)
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
  if not need_kata() then return nil, "kata.core is not loaded" end
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

--- The entity under the cursor (or at `row`, `col`), from the marks of
-- the last `:KataEntities`.
-- @tparam[opt] table opts `buf` (0: current), `row` and `col` (0-based
-- byte position; default: the cursor of the current window, or of a
-- window showing `buf`)
-- @return `{ type, text, row, col, end_row, end_col }` (0-based, end
-- exclusive), or nil and a message: `no entity under the cursor`, or
-- `no entities marked` when the buffer has none
function M.entity_at(opts)
  opts = opts or {}
  local buf = buffer(opts.buf)
  if not api.nvim_buf_is_valid(buf) then return nil, "invalid buffer" end
  local row, col = opts.row, opts.col
  if row == nil or col == nil then
    local win = api.nvim_get_current_win()
    if api.nvim_win_get_buf(win) ~= buf then win = vim.fn.bufwinid(buf) end
    if win == -1 then return nil, "no window shows the buffer" end
    local cursor = api.nvim_win_get_cursor(win)
    row, col = cursor[1] - 1, cursor[2]
  end
  local e = marks.entity_at(buf, row, col)
  if e then return e end
  if #api.nvim_buf_get_extmarks(buf, M.namespaces.entities, 0, -1, { limit = 1 }) == 0 then
    return nil, "no entities marked (run :KataEntities)"
  end
  return nil, "no entity under the cursor"
end

--- Removes the paragraphs that repeat an earlier one from a buffer (or
-- from lines `line1`..`line2`), as kata.dedupe does with the
-- `duplicates` options: first occurrences, the text between paragraphs
-- and every other byte stay as they were. The lines that change are
-- replaced in one call, so one `u` brings the paragraphs back; the marks
-- of duplicates are cleared.
-- @tparam[opt] table opts `buf`, `line1`, `line2` as for `entities`
-- @return the number of paragraphs removed, or nil and a message
function M.dedupe(opts)
  opts = opts or {}
  local buf = buffer(opts.buf)
  if not (api.nvim_buf_is_valid(buf) and api.nvim_buf_is_loaded(buf)) then
    return nil, "invalid buffer"
  end
  local kata = need_kata()
  if not kata then return nil, "kata.core is not loaded" end
  local snap = snapshot(buf, opts.line1, opts.line2)
  local ok, text, removed = call(kata, "dedupe", snap.text, copy(M.config.duplicates))
  if not ok then return nil, kata_error(text) end
  if removed == 0 then return 0 end
  -- only the lines between the first and the last that differ
  local old, new = snap.lines, vim.split(text, "\n", { plain = true })
  local head = 0
  while head < #old and head < #new and old[head + 1] == new[head + 1] do head = head + 1 end
  local tail = 0
  while tail < #old - head and tail < #new - head and old[#old - tail] == new[#new - tail] do
    tail = tail + 1
  end
  local middle = {}
  for i = head + 1, #new - tail do middle[#middle + 1] = new[i] end
  local set, err = pcall(api.nvim_buf_set_lines, buf, snap.first + head, snap.first + #old - tail,
                         false, middle)
  if not set then return nil, kata_error(err) end
  api.nvim_buf_clear_namespace(buf, M.namespaces.duplicates, 0, -1)
  return removed
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

--- The methods of `keywords` (those of kata.keywords that work on one
-- text): `keyphrase` (the default), `frequency` and `yake`.
M.keyword_methods = { keyphrase = true, frequency = true, yake = true }

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
  local kata = need_kata()
  if not kata then return nil, "kata.core is not loaded" end
  local kopts = copy(M.config.keywords)
  for k, v in pairs(opts) do
    if k ~= "buf" and k ~= "line1" and k ~= "line2" and k ~= "window" and k ~= "async" then
      kopts[k] = v
    end
  end
  if kopts.method ~= nil and not M.keyword_methods[kopts.method] then
    local msg = kopts.method == "tfidf"
      and "method 'tfidf' ranks a text against a corpus of texts, which one buffer is not: "
          .. "use keyphrase, frequency or yake (or kata.corpus)"
      or "unknown method '" .. tostring(kopts.method) .. "' (keyphrase, frequency or yake)"
    return nil, kata_error(msg)
  end
  local snap = snapshot(buf, opts.line1, opts.line2)
  local ok, list = call(kata, "keywords", snap.text, kopts)
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

local function set_autocmds()
  commands.autocmds({ colorscheme = M.define_highlights, gone = forget,
                      auto = M.config.auto, changed = schedule_refresh })
end

-- }======================================================================

-- {======================================================================
-- Commands and setup
-- ======================================================================

--- Defines the commands (plugin/kata.lua calls it): `:KataKeywords`,
-- `:KataDuplicates`, `:KataEntities`, `:KataEntityAt`, `:KataDedupe`,
-- `:KataClear`.
function M.create_commands()
  commands.create(M)
end

--- Sets options (see docs/neovim.md) and (re)defines commands, highlight
-- groups and autocommands. Calling it is optional.
-- @tparam[opt] table cfg options, merged over the defaults
function M.setup(cfg)
  M.config = config.merge(cfg)
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
