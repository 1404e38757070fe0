--- kata.nvim.config: the Neovim plugin's options and their defaults.
-- The options in effect are kata.nvim's `config`, made by `merge`.
-- @module kata.nvim.config

local M = {}

--- A new table of the default options (docs/neovim.md, Options).
function M.defaults()
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

--- A shallow copy of a table (nil: an empty one).
function M.copy(t)
  local c = {}
  for k, v in pairs(t or {}) do c[k] = v end
  return c
end

--- The options `cfg` merged over the defaults (a table option key by key),
-- as a new table.
function M.merge(cfg)
  local config = M.defaults()
  for k, v in pairs(cfg or {}) do
    if type(v) == "table" and type(config[k]) == "table" then
      local merged = M.copy(config[k])
      for kk, vv in pairs(v) do merged[kk] = vv end
      config[k] = merged
    else
      config[k] = v
    end
  end
  return config
end

return M
