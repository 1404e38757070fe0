--- kata.nvim.commands: the Neovim plugin's user commands (:KataKeywords,
-- :KataDuplicates, :KataEntities, :KataEntityAt, :KataDedupe, :KataClear)
-- and autocommands.
-- @module kata.nvim.commands

-- luacheck: globals vim

local api = vim.api

local M = {}

local function notify(msg, level)
  vim.notify(msg, level or vim.log.levels.INFO)
end

--- Defines the user commands over the functions of `kn` (the kata.nvim
-- module): `keywords`, `duplicates`, `entities`, `entity_at`, `dedupe`,
-- `clear`, and its `types` and `keyword_methods`.
function M.create(kn)
  local cmd = api.nvim_create_user_command
  cmd("KataKeywords", function(o)
    local opts = { line1 = o.line1, line2 = o.line2 }
    for _, a in ipairs(o.fargs) do
      if a:match("^%d+$") then opts.n = tonumber(a) else opts.method = a end
    end
    kn.keywords(opts)
  end, { range = "%", nargs = "*", desc = "kata: top keywords in a scratch window",
         complete = function(arglead)
           local out = {}
           for name in pairs(kn.keyword_methods) do
             if name:find(arglead, 1, true) == 1 then out[#out + 1] = name end
           end
           table.sort(out)
           return out
         end })
  cmd("KataDuplicates", function(o)
    local found = kn.duplicates({ line1 = o.line1, line2 = o.line2 })
    if type(found) == "table" then
      notify(#found == 0 and "kata: no duplicate paragraphs"
             or string.format("kata: %d duplicate paragraph%s", #found, #found == 1 and "" or "s"))
    end
  end, { range = "%", desc = "kata: mark duplicate paragraphs" })
  cmd("KataEntities", function(o)
    local types, known = {}, {}
    for _, t in ipairs(kn.types) do known[t] = true end
    for _, a in ipairs(o.fargs) do
      if not known[a:upper()] then
        notify("kata: unknown entity type '" .. a .. "' (the types: "
               .. table.concat(kn.types, " ") .. ")", vim.log.levels.ERROR)
        return
      end
      types[#types + 1] = a:upper()
    end
    local opts = { line1 = o.line1, line2 = o.line2, types = types }
    if o.bang then opts.loclist = true end
    local found = kn.entities(opts)
    if type(found) == "table" then
      notify(string.format("kata: %d entit%s%s", #found, #found == 1 and "y" or "ies",
                           #types > 0 and (" (" .. table.concat(types, " ") .. ")") or ""))
    end
  end, { range = "%", nargs = "*", bang = true, desc = "kata: highlight entities",
         complete = function(arglead)
           local out = {}
           for _, t in ipairs(kn.types) do
             if t:find(arglead:upper(), 1, true) == 1 then out[#out + 1] = t end
           end
           return out
         end })
  cmd("KataEntityAt", function()
    local e, msg = kn.entity_at()
    if e then
      notify(string.format("kata: %s %s", e.type, (e.text:gsub("%s+", " "))))
    else
      notify("kata: " .. msg)
    end
  end, { desc = "kata: the type of the entity under the cursor" })
  cmd("KataDedupe", function(o)
    local removed = kn.dedupe({ line1 = o.line1, line2 = o.line2 })
    if removed then
      notify(removed == 0 and "kata: no repeated paragraphs"
             or string.format("kata: %d repeated paragraph%s removed", removed, removed == 1 and "" or "s"))
    end
  end, { range = "%", desc = "kata: remove the paragraphs that repeat an earlier one" })
  cmd("KataClear", function() kn.clear(0) end, { desc = "kata: remove the marks" })
end

--- (Re)defines the autocommands of the group kata_nvim: `on.colorscheme()`
-- after :colorscheme, `on.gone(buf)` when a buffer is deleted or wiped,
-- and with `on.auto`, `on.changed(buf)` after each change of a buffer.
function M.autocmds(on)
  local group = api.nvim_create_augroup("kata_nvim", { clear = true })
  api.nvim_create_autocmd("ColorScheme", { group = group, callback = on.colorscheme })
  api.nvim_create_autocmd({ "BufWipeout", "BufDelete" }, {
    group = group, callback = function(ev) on.gone(ev.buf) end,
  })
  if on.auto then
    api.nvim_create_autocmd({ "TextChanged", "TextChangedI" }, {
      group = group, callback = function(ev) on.changed(ev.buf) end,
    })
  end
end

return M
