--- bench/keywords/faults.lua: the faults issue 16 names, measured on a set.
--
--   lua5.4 bench/keywords/faults.lua SET [METHOD]     (METHOD: yake, the
--                                                      default, or proto)
--
-- Prints, over every document of SET (../shared/keyphrase, kplib.lua):
-- - overlap: the share of the top 10 phrases that sit inside, or contain, a
--   better-ranked phrase of the same list (words compared by stem, as the
--   scoring does, as contiguous runs);
-- - glued headlines: documents whose first line is at least 40 code points
--   wide, ends with no . ! ? and is followed by a non-blank line (the line
--   end kata's phrase rule, kata__phrase_next, reads as a hard wrap);
--   and how many of them have a top-10 phrase made of words from both lines
--   that holds the first line's last word and the next line's first word;
-- - first sentence: the share of the top 10 phrases made only of words of
--   the first sentence (kata.sentences), and the same share of the gold
--   phrases that occur in the text;
-- - F1@10 as the text is, and with a blank line put after the first line.
local kata = require("kata")
local kp = require("kplib")

local setname, method = arg[1], arg[2] or "yake"
local set
for _, s in ipairs(kp.sets) do if s.name == setname then set = s end end
assert(set, "usage: faults.lua SET [yake|proto]")
local docs = assert(kp.load(set))
local cache = {}

local extract
if method == "yake" then
  extract = function(t) return kata.keywords(t, { method = "yake", lang = set.lang, n = kp.K }) end
else
  local proto = require("keyphrase")
  extract = function(t) return proto.keyphrases(t, { lang = set.lang, n = kp.K }) end
end

local function words_of(phrase)
  local out = {}
  for w in kp.key(phrase, set.stem, cache):gmatch("%S+") do out[#out + 1] = w end
  return out
end

local function inside(a, b) -- a a contiguous run of b, shorter
  if #a >= #b then return false end
  for i = 1, #b - #a + 1 do
    local ok = true
    for k = 1, #a do if b[i + k - 1] ~= a[k] then ok = false; break end end
    if ok then return true end
  end
  return false
end

local function cps(s)
  local _, n = s:gsub("[^\128-\191]", "")
  return n
end

local nphr, noverlap, glued, glued_used, nfirst, gold_present, gold_first = 0, 0, 0, 0, 0, 0, 0
local preds, preds_blank = {}, {}
for _, d in ipairs(docs) do
  local list = extract(d.text)
  local terms, ws = {}, {}
  for i, kw in ipairs(list) do terms[i] = kw.term; ws[i] = words_of(kw.term) end
  preds[d.id] = terms
  for i = 1, #ws do
    nphr = nphr + 1
    for j = 1, i - 1 do
      if inside(ws[i], ws[j]) or inside(ws[j], ws[i]) then noverlap = noverlap + 1; break end
    end
  end
  -- the first line and the next
  local l1, rest = d.text:match("^([^\n]*)\n(.*)$")
  if l1 and rest then
    local l2 = rest:match("^([^\n]*)")
    local t1 = l1:gsub("%s+$", "")
    if cps(t1) >= 40 and not t1:match("[%.!?]$") and l2:match("%S") then
      glued = glued + 1
      local a = words_of(t1)
      local b = words_of(l2)
      local last, first = a[#a], b[1]
      for _, w in ipairs(ws) do
        local hit = false
        for k = 1, #w - 1 do if w[k] == last and w[k + 1] == first then hit = true end end
        if hit then glued_used = glued_used + 1; break end
      end
    end
    local blank = extract(l1 .. "\n\n" .. rest)
    local t = {}
    for i, kw in ipairs(blank) do t[i] = kw.term end
    preds_blank[d.id] = t
  else
    preds_blank[d.id] = terms
  end
  -- the first sentence
  local s1 = kata.sentences(d.text, { trim = true })[1] or ""
  local fw = {}
  for _, w in ipairs(words_of(s1)) do fw[w] = true end
  local function only_first(w)
    if #w == 0 then return false end
    for _, x in ipairs(w) do if not fw[x] then return false end end
    return true
  end
  for _, w in ipairs(ws) do if only_first(w) then nfirst = nfirst + 1 end end
  local textkey = " " .. kp.key(d.text, set.stem, nil) .. " "
  for _, g in ipairs(d.gold) do
    local k = kp.key(g, set.stem, cache)
    if k ~= "" and textkey:find(" " .. k .. " ", 1, true) then
      gold_present = gold_present + 1
      if only_first(words_of(g)) then gold_first = gold_first + 1 end
    end
  end
end
local _, _, F = kp.score(docs, preds, set.stem, nil, cache)
local _, _, Fb = kp.score(docs, preds_blank, set.stem, nil, cache)
print(string.format("%s, %s, %d documents", set.name, method, #docs))
print(string.format("overlap: %.1f%% of %d top-10 phrases inside or containing a better one",
  100 * noverlap / math.max(nphr, 1), nphr))
print(string.format("glued headlines: %d documents (a top-10 phrase across the line end in %d)", glued, glued_used))
print(string.format("first sentence: %.1f%% of top-10 phrases, %.1f%% of the gold found in the text",
  100 * nfirst / math.max(nphr, 1), 100 * gold_first / math.max(gold_present, 1)))
print(string.format("F1@10: %.1f as is, %.1f with a blank line after the first line", F, Fb))
