--- bench/keywords/kplib.lua: the keyphrase sets of ../shared/keyphrase and
-- their usual scoring (the protocol of that folder's README), shared by the
-- benchmark (score.lua, kata_run.lua) and tools that tune against the sets.
--
-- A set is a folder with docs/<id>.txt, keys/<id>.key (one gold phrase a
-- line) and split.tsv (id<TAB>part). Scoring: case-fold, split gold and
-- predicted phrases into words (kata.words), Snowball-stem every word
-- (kata.stem), exact match of the stemmed phrase; predictions de-duplicated
-- after stemming and cut at K (10); P = matches / predictions kept, R =
-- matches / distinct gold phrases (absent ones included); P, R, F1 per
-- document, then the mean over documents.

local kata = require("kata")

local M = {}

M.K = 10

-- The sets: folder name, language of text and stemmer, the parts reported.
-- DUC-2001 has no split: its documents are halved by the parity of the
-- number at the end of the id (even: the half for choosing parameters).
M.sets = {
  { name = "500N-KPCrowd", lang = "en", stem = "english", parts = { "train", "test" } },
  { name = "DUC-2001", lang = "en", stem = "english", parts = { "even", "odd" } },
  { name = "id-keps", lang = "id", stem = "indonesian", parts = { "train", "valid", "test" } },
}

function M.root()
  return os.getenv("KATA_KEYPHRASE_DIR") or "../shared/keyphrase"
end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end
M.read = read

--- The part a document belongs to: its split.tsv entry, or for DUC-2001
-- "even"/"odd" by the number ending its id.
function M.part_of(set, id, listed)
  if set.name == "DUC-2001" then
    local n = tonumber(id:match("(%d+)$")) or 0
    return n % 2 == 0 and "even" or "odd"
  end
  return listed
end

--- Loads a set: an array of {id, part, text, gold (array of lines)} in the
-- order of split.tsv. nil, message when the folder is missing.
function M.load(set)
  local dir = M.root() .. "/" .. set.name
  local split = read(dir .. "/split.tsv")
  if not split then return nil, "no " .. dir .. "/split.tsv" end
  local docs = {}
  for id, part in split:gmatch("([^\t\n]+)\t([^\t\r\n]+)") do
    local text = read(dir .. "/docs/" .. id .. ".txt")
    local keys = read(dir .. "/keys/" .. id .. ".key") or ""
    if text then
      local gold = {}
      for line in keys:gmatch("[^\r\n]+") do gold[#gold + 1] = line end
      docs[#docs + 1] = { id = id, part = M.part_of(set, id, part), text = text, gold = gold }
    end
  end
  return docs
end

--- The matching key of a phrase: its folded words, each stemmed, joined by
-- one space; "" when it has no word.
function M.key(phrase, stemlang, cache)
  local c = cache and cache[phrase]
  if c then return c end
  local out = {}
  for _, w in ipairs(kata.words(phrase, { fold = true })) do
    out[#out + 1] = kata.stem(w, stemlang)
  end
  local k = table.concat(out, " ")
  if cache then cache[phrase] = k end
  return k
end

--- P, R, F1 of one document's predictions (an array of phrases, best
-- first) against its gold phrases.
function M.score_doc(pred, gold, stemlang, cache)
  local g, ng = {}, 0
  for _, p in ipairs(gold) do
    local k = M.key(p, stemlang, cache)
    if k ~= "" and not g[k] then g[k] = true; ng = ng + 1 end
  end
  local seen, kept, hit = {}, 0, 0
  for _, p in ipairs(pred) do
    if kept >= M.K then break end
    local k = M.key(p, stemlang, cache)
    if k ~= "" and not seen[k] then
      seen[k] = true
      kept = kept + 1
      if g[k] then hit = hit + 1 end
    end
  end
  local P = kept > 0 and hit / kept or 0
  local R = ng > 0 and hit / ng or 0
  local F = (P + R) > 0 and 2 * P * R / (P + R) or 0
  return P, R, F
end

--- Macro P, R, F1 (in percent) and document count of predictions (id ->
-- array of phrases) over the documents of docs whose part passes keep.
function M.score(docs, preds, stemlang, keep, cache)
  local sp, sr, sf, n = 0, 0, 0, 0
  for _, d in ipairs(docs) do
    if not keep or keep(d) then
      local P, R, F = M.score_doc(preds[d.id] or {}, d.gold, stemlang, cache)
      sp, sr, sf, n = sp + P, sr + R, sf + F, n + 1
    end
  end
  if n == 0 then return 0, 0, 0, 0 end
  return 100 * sp / n, 100 * sr / n, 100 * sf / n, n
end

--- Reads predictions written as id<TAB>phrase lines, best first.
function M.read_preds(path)
  local s = read(path)
  if not s then return nil end
  local preds = {}
  for id, phrase in s:gmatch("([^\t\n]+)\t([^\n]*)") do
    local t = preds[id]
    if not t then t = {}; preds[id] = t end
    t[#t + 1] = phrase
  end
  return preds
end

return M
