--- kata.nvim.marks: what the Neovim plugin shows of kata's results:
-- buffer snapshots and their positions, extmarks, signs, highlight groups,
-- the quickfix and location lists.
--
-- Every run works on a snapshot of the buffer's lines (their text joined
-- by "\n"); kata's 1-based byte offsets into that text become (row, col)
-- extmark positions, checked against the buffer before each mark is set.
-- @module kata.nvim.marks

-- luacheck: globals vim

local api = vim.api
local copy = require("kata.nvim.config").copy

local M = {}

-- {======================================================================
-- Highlight groups and namespaces
-- ======================================================================

--- Highlight groups and the groups they link to by default.
M.highlights = {
  KataPerson = "Identifier",
  KataLocation = "Type",
  KataOrganization = "Statement",   -- not Structure: it links to Type
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

--- The entity mark of buffer `buf` that covers the 0-based position
-- (row, col), or nil: `{ type, text, row, col, end_row, end_col, id }`
-- (end exclusive), the type read from the mark's highlight group.
function M.entity_at(buf, row, col)
  local types = {}
  for _, t in ipairs(require("kata.util").entity_types) do types[hl_group(t)] = t end
  -- marks starting at or before the position, the last first
  local ms = api.nvim_buf_get_extmarks(buf, M.namespaces.entities, 0, { row, col }, { details = true })
  for i = #ms, 1, -1 do
    local m = ms[i]
    local d = m[4]
    local er, ec = d.end_row or m[2], d.end_col or m[3]
    if (row < er or (row == er and col < ec)) and types[d.hl_group] then
      local text = table.concat(api.nvim_buf_get_text(buf, m[2], m[3], er, ec, {}), "\n")
      return { type = types[d.hl_group], text = text, row = m[2], col = m[3],
               end_row = er, end_col = ec, id = m[1] }
    end
  end
  return nil
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
-- Snapshots and positions
-- ======================================================================

--- The lines line1..line2 (1-based, inclusive; nil: the whole buffer) of
-- buf, their text joined by "\n" and the offset of each line's first byte.
function M.snapshot(buf, line1, line2)
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

--- The 0-based buffer (row, col) of the 1-based byte offset `offset` of a
-- snapshot's text; offset #text + 1 is the end of the last line.
function M.position(snap, offset)
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

local position = M.position

-- The extmark span (row, col, end_row, end_col; end exclusive) of the
-- 1-based inclusive byte range start..stop of a snapshot's text.
local function span(snap, start, stop)
  local row, col = position(snap, start)
  local end_row, end_col = position(snap, stop + 1)
  return row, col, end_row, end_col
end

--- Sets marks { {row, col, opts}, ... } in namespace ns of the snapshot's
-- buffer. If the buffer changed since the snapshot, every position is
-- clamped to the lines it has now and marks past its end are left out.
-- A mark Neovim still refuses is skipped. Returns how many were set.
function M.place(snap, ns, marks)
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

local place = M.place

-- }======================================================================

-- {======================================================================
-- The features: each computes marks from a snapshot, then applies them.
-- compute(kata, snap, args, config) returns the marks and the items found;
-- apply(snap, marks, found, args, config) sets them, returns how many.
-- ======================================================================

local function list_action(getlist, title)
  local info = getlist({ title = 0, id = 0 })
  if info and info.title == title then return "r", info.id end
  return " ", nil
end

-- Entities of a snapshot: marks, and the entity tables with row, col,
-- end_row, end_col (0-based, end exclusive) added.
local function compute_entities(kata, snap, args, config)
  local opts = copy(config.entities)
  if args.types and #args.types > 0 then opts.types = args.types end
  local found = kata.entities(snap.text, opts)
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
local function compute_duplicates(kata, snap, _, config)
  local opts = copy(config.duplicates)
  local paragraphs = kata.paragraphs(snap.text, { by = opts.by })
  local dups = kata.duplicates(snap.text, opts)
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
      if config.highlight_duplicates then
        opts_mark.end_row, opts_mark.end_col = end_row, end_col
        opts_mark.hl_group = "KataDuplicate"
      end
      if config.signs then
        opts_mark.sign_text = config.sign_text
        opts_mark.sign_hl_group = "KataDuplicateSign"
      end
      if config.virtual_text then
        opts_mark.virt_text = { { text, "KataDuplicateText" } }
        opts_mark.virt_text_pos = "eol"
      end
      marks[#marks + 1] = { row, col, opts_mark }
    end
  end
  return marks, found
end

local function apply_duplicates(snap, marks, found, args, config)
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
    if config.open_quickfix and #items > 0 and not args.auto then
      vim.cmd("copen")
    end
  end
  return set
end

--- The features by name: `entities` and `duplicates`, each
-- `{ compute = fn, apply = fn }`.
M.features = {
  entities = { compute = compute_entities, apply = apply_entities },
  duplicates = { compute = compute_duplicates, apply = apply_duplicates },
}

-- }======================================================================

return M
