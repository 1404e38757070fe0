-- plugin/kata.lua: kata's Neovim commands (:KataKeywords, :KataDuplicates,
-- :KataEntities, :KataEntityAt, :KataDedupe, :KataClear). The work is done
-- in lua/kata/nvim/, which loads kata and its C module on first use; see
-- docs/neovim.md and :help kata (doc/kata.txt).
-- luacheck: globals vim
if vim.g.loaded_kata then
  return
end
vim.g.loaded_kata = 1

if vim.fn.has("nvim-0.7") == 0 then
  vim.notify("kata: Neovim 0.7 or later is needed", vim.log.levels.ERROR)
  return
end

require("kata.nvim").init()
