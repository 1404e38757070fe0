--- bench/keywords/keyphrase.lua: the Lua prototype of kata's key-phrase
-- method (src/core/keywords/keyphrase.c is the same in C), on top of kata's
-- public API: kata.tokenize, kata.stopwords, kata.stem, kata.casefold.
--
--   local kp = require("keyphrase")
--   kp.keyphrases(text, {lang = "en", n = 10 [, params = {...}]})
--     -> array of {term = phrase as written, count = occurrences, score}
--
-- How it works (the numbers are the defaults of M.params, which were chosen
-- on 500N-KPCrowd's train split and DUC-2001's even ids; keyphrase.c has
-- the same as constants):
-- 1. Pieces. The text is cut into tokens; a phrase never crosses
--    punctuation, a symbol, a number, a possessive ('s), a stop word, the end
--    of a sentence (. ! ? ... tokens) or a line end that does not just wrap
--    prose (a blank line; a line under 30 or over 100 code points, closing
--    a sentence or clause, or followed by a much wider line: so a headline
--    stays apart from the paragraph under it).
-- 2. Candidates: every run of 1 to maxlen (3) words inside a piece with no
--    "edge" word in it: lower-case words of one or two letters, or ending in
--    -ed or -ly (English only: there mostly verb forms and adverbs); an edge word is a
--    candidate on its own. Words are grouped by their folded Snowball stem.
-- 3. Word weight: rarity ((7 - Zipf)^0.5, at least 0.5^0.5; Zipf from
--    data/wordfreq/en.tsv, 1.5 for a word not in it), times 1.2 for a word
--    written with a capital (not at a sentence start) most of the time.
-- 4. Candidate score: count^0.5 x (mean count of its words) x (sum of its
--    words' weights) x length prior (1, 3, 2.5 for 1, 2, 3 words) x
--    (1 + 0.5 / the sentence it first occurs in). A phrase of several words
--    must occur twice, unless it is in the first sentence and that is not
--    a headline (a first line with no final stop, cut from the text under
--    it: in a title-case headline every word looks like a name).
-- 5. Selection, best first: a candidate seen at least twice, always inside
--    the same longer candidate, gives way to it (cow disease -> mad cow
--    disease); one
--    inside a chosen phrase is dropped unless at least twice as frequent;
--    one around a chosen phrase is dropped unless that is a single word at
--    least twice as frequent; no word is in two chosen phrases.

local kata = require("kata")

local M = {}

M.params = {
  maxlen = 3,
  alpha = 0.5,       -- weight of the count
  zipf_top = 7.0,    -- rarity = max(floor, zipf_top - zipf)
  zipf_unknown = 1.5,
  rarity_floor = 0.5,
  cap_boost = 1.2,   -- words mostly capitalised
  ent_boost = 1.0,   -- recurring words mostly inside kata.entities names
  len_prior = { 1.0, 3.0, 2.5, 1.0 },
  pos_weight = 0.5,  -- score *= 1 + pos_weight / (first sentence, from 1) ^ pos_power
  pos_power = 1.0,
  spread = 0.0,      -- score *= 1 + spread * (sentences - 1) / nsent
  alone = 2.0,       -- keep a sub/super phrase when its count >= alone * other's
  single_edge = true, -- edge words may still be one-word candidates
  edge_inside = true, -- and stand nowhere in a phrase of several words
  max_share = 1,     -- a word may be in at most this many chosen phrases
  max_phrases = 10,  -- phrases of several words among the chosen, at most
  super_alone = true,  -- a phrase around a chosen single word stays if the word
                       -- is at least `alone` times as frequent
  extend = true,     -- a phrase always inside the same longer one gives way to it
  extend_single = true, -- ... a single word too
  extend_min_tf = 2,  -- ... when it occurs at least this often
  rho = 0.5,         -- exponent of the rarity
  beta = 1.0,        -- weight of the mean count of its words
  gamma = 0.0,       -- word weights summed over len^gamma (1: mean)
  min_tf_phrase = 2, -- phrases (2+ words) need this many occurrences
  lead = 1,          -- ... unless they occur in the first `lead` sentences,
  lead_weight = 1.0, -- where their score is multiplied by this
  lead_word_tf = 1,  -- and each of their words occurs this often
  headline_mode = 3, -- a headline (a first line with no stop, cut from the text
                     -- under it): 1 the lead is the headline and the sentence
                     -- after it, 2 only the latter, 3 none (0: the headline)
}

local freq -- word -> Zipf value
local function load_freq()
  if freq then return freq end
  freq = {}
  local path = (os.getenv("KATA_WORDFREQ") or "data/wordfreq/en.tsv")
  local f = io.open(path, "rb")
  if f then
    for line in f:lines() do
      local w, z = line:match("^([^\t#]+)\t([%d.]+)")
      if w then freq[w] = tonumber(z) end
    end
    f:close()
  end
  return freq
end

local stops = {}
local function stopset(lang)
  if not stops[lang] then stops[lang] = kata.stopwords(lang) end
  return stops[lang]
end

local stemcache = {}
local function stem(w, lang)
  local c = stemcache[lang]
  if not c then c = {}; stemcache[lang] = c end
  local s = c[w]
  if not s then s = kata.stem(w, lang); c[w] = s end
  return s
end

local SENT_END = { ["."] = true, ["!"] = true, ["?"] = true, ["\226\128\166"] = true }

local function cps(str)
  local _, n = str:gsub("[^\128-\191]", "")
  return n
end

-- Does the line s[a, b] (trimmed) close a sentence or a clause?
local function closes(line)
  if line == "" then return true end
  if line:match("[%.!?:;\"']$") then return true end
  local e = line:sub(-3)
  return e == "\226\128\166" or e == "\226\128\157" or e == "\226\128\153"
end

-- Is the white space s[a, b] between two tokens a hard break: a blank
-- line, or one line end after a line that is not wrapped prose (under 30 or
-- over 100 code points, closing a sentence, or followed by a much wider
-- line)? (Line ends: LF, CR, CRLF; keyphrase.c also knows NEL, LS, PS.)
local function hard_gap(s, a, b)
  local gap = s:sub(a, b):gsub("\r\n", "\n"):gsub("\r", "\n")
  local _, nl = gap:gsub("\n", "")
  if nl == 0 then return false end
  if nl > 1 then return true end
  local before = s:sub(1, a - 1):gsub("%s+$", "")
  local line = before:match("([^\r\n]*)$")
  local w = cps(line)
  if w < 30 or w > 100 or closes(line) then return true end
  local nextl = s:match("^[^\r\n]*", b + 1)
  return cps(nextl) > w + math.floor(w / 4) + 8
end

local function is_edge(w, lw, lang)
  if w:sub(1, 1):match("%u") then return false end
  if cps(lw) <= 2 then return true end
  return lang == "en" and (lw:match("ed$") ~= nil or lw:match("ly$") ~= nil)
end

function M.keyphrases(s, opts)
  opts = opts or {}
  local P = opts.params or M.params
  local lang = opts.lang or "en"
  local n = opts.n or 10
  local stop = stopset(lang)
  local fq = lang == "en" and load_freq() or {}
  local toks = kata.tokenize(s)
  local inent = {}
  if P.ent_boost ~= 1 then
    for _, e in ipairs(kata.entities(s, { types = { "PERSON", "LOCATION", "ORGANIZATION" } })) do
      inent[#inent + 1] = e
    end
  end
  local ei = 1
  local function in_entity(pos)
    while inent[ei] and inent[ei].stop < pos do ei = ei + 1 end
    return inent[ei] ~= nil and inent[ei].start <= pos
  end

  -- words: {stem, lower, surface, sent, piece}
  local words = {}
  local sent, piece = 1, 1
  local sent_start = true
  local headline = false -- the first sentence ended at a line end, not a stop
  for i, t in ipairs(toks) do
    if i > 1 and hard_gap(s, toks[i - 1].stop + 1, t.start - 1) then
      if sent == 1 and not sent_start then headline = true end
      if not sent_start then sent = sent + 1 end
      piece = piece + 1
      sent_start = true
    end
    if t.kind == "word" then
      local text = t.text
      local poss = false
      local base = text:match("^(.-)'[sS]$") or text:match("^(.-)\226\128\153[sS]$")
      if base and #base > 0 then text = base; poss = true end
      local lw = kata.casefold(text)
      if stop[lw] or #lw < 2 then
        piece = piece + 1
      else
        words[#words + 1] = {
          stem = stem(lw, lang), lower = lw, surface = text, sent = sent, piece = piece,
          cap = (not sent_start) and text:sub(1, 1):match("%u") ~= nil,
          ent = P.ent_boost ~= 1 and in_entity(t.start),
          edge = is_edge(text, lw, lang),
        }
      end
      if poss then piece = piece + 1 end
      sent_start = false
    else
      piece = piece + 1
      if t.kind == "punct" and SENT_END[t.text] then
        if not sent_start then sent = sent + 1 end
        sent_start = true
      end
    end
  end
  local nsent = sent

  -- word statistics by stem
  local wst = {}
  for _, w in ipairs(words) do
    local x = wst[w.stem]
    if not x then
      x = { tf = 0, caps = 0, lower = w.lower }
      wst[w.stem] = x
    end
    x.tf = x.tf + 1
    if w.cap then x.caps = x.caps + 1 end
    if w.ent then x.ents = (x.ents or 0) + 1 end
  end
  for _, x in pairs(wst) do
    local z = fq[x.lower] or P.zipf_unknown
    local r = P.zipf_top - z
    if r < P.rarity_floor then r = P.rarity_floor end
    r = r ^ P.rho
    if x.caps * 2 > x.tf then r = r * P.cap_boost end
    if x.ents and x.ents * 2 > x.tf and x.tf >= 2 then r = r * P.ent_boost end
    x.weight = r
  end

  -- candidates
  local cands, order = {}, {}
  local i = 1
  while i <= #words do
    local j = i
    while j + 1 <= #words and words[j + 1].piece == words[i].piece do j = j + 1 end
    for a = i, j do
      if P.single_edge or not words[a].edge then
        for b = a, math.min(j, a + P.maxlen - 1) do
          local inner = false
          if P.edge_inside then
            for q = a + 1, b - 1 do if words[q].edge then inner = true end end
          end
          if (a == b and P.single_edge) or not (words[a].edge or words[b].edge or inner) then
            local ks, ss = {}, {}
            for k = a, b do ks[#ks + 1] = words[k].stem; ss[#ss + 1] = words[k].surface end
            local key = table.concat(ks, " ")
            local c = cands[key]
            if not c then
              c = { key = key, stems = ks, len = b - a + 1, tf = 0, first = words[a].sent,
                    sents = {}, nsents = 0, surf = {} }
              cands[key] = c
              order[#order + 1] = c
            end
            c.tf = c.tf + 1
            if not c.sents[words[a].sent] then
              c.sents[words[a].sent] = true
              c.nsents = c.nsents + 1
            end
            local sf = table.concat(ss, " ")
            c.surf[sf] = (c.surf[sf] or 0) + 1
          end
        end
      end
    end
    i = j + 1
  end

  for _, c in ipairs(order) do
    local wsum, tsum = 0, 0
    for _, st in ipairs(c.stems) do wsum = wsum + wst[st].weight; tsum = tsum + wst[st].tf end
    local sc = (c.tf ^ P.alpha) * ((tsum / c.len) ^ P.beta) * (wsum / c.len ^ P.gamma)
    sc = sc * (P.len_prior[c.len] or P.len_prior[#P.len_prior])
    sc = sc * (1 + P.pos_weight / (c.first ^ P.pos_power))
    sc = sc * (1 + P.spread * (c.nsents - 1) / nsent)
    if c.len > 1 and c.tf < P.min_tf_phrase then
      local minw = math.huge
      for _, st in ipairs(c.stems) do if wst[st].tf < minw then minw = wst[st].tf end end
      local lo, hi = 1, P.lead
      if headline and P.headline_mode == 1 then hi = P.lead + 1 end
      if headline and P.headline_mode == 2 then lo, hi = 2, P.lead + 1 end
      if headline and P.headline_mode == 3 then lo, hi = 1, 0 end
      sc = (c.first < lo or c.first > hi or minw < P.lead_word_tf) and 0 or sc * P.lead_weight
    end
    c.score = sc
  end
  table.sort(order, function(x, y)
    if x.score ~= y.score then return x.score > y.score end
    return x.key < y.key
  end)

  if opts.all then return order end

  -- a phrase that never occurs but inside one longer phrase gives way to it
  local ext = {}
  if P.extend then
    for _, d in ipairs(order) do
      if d.len >= 2 and d.score > 0 then
        local pre = table.concat(d.stems, " ", 1, d.len - 1)
        local suf = table.concat(d.stems, " ", 2, d.len)
        for _, k in ipairs({ pre, suf }) do
          local c = cands[k]
          if c and c.tf == d.tf and c.tf >= P.extend_min_tf and
             (not ext[k] or ext[k].score < d.score) then
            ext[k] = d
          end
        end
      end
    end
  end
  local function extended(c)
    while ext[c.key] and (c.len > 1 or P.extend_single) do c = ext[c.key] end
    return c
  end

  -- selection with redundancy removal
  local chosen, shared, nphrases = {}, {}, 0
  local function inside(small, big) -- stems of small contiguous in big
    if small.len >= big.len then return false end
    for a = 1, big.len - small.len + 1 do
      local ok = true
      for k = 1, small.len do
        if big.stems[a + k - 1] ~= small.stems[k] then ok = false; break end
      end
      if ok then return true end
    end
    return false
  end
  local taken = {}
  for _, c0 in ipairs(order) do
    if #chosen >= n or c0.score <= 0 then break end
    local c = extended(c0)
    local drop = taken[c]
    for _, d in ipairs(chosen) do
      if (inside(c, d) and c.tf < P.alone * d.tf) or
         (inside(d, c) and not (P.super_alone and d.len == 1 and d.tf >= P.alone * c.tf)) then
        drop = true
        break
      end
    end
    if not drop and c.len > 1 and nphrases >= P.max_phrases then drop = true end
    if not drop and c.len > 1 then
      for _, st in ipairs(c.stems) do
        if (shared[st] or 0) >= P.max_share then drop = true end
      end
    end
    if not drop then
      chosen[#chosen + 1] = c
      taken[c] = true
      if c.len > 1 then
        nphrases = nphrases + 1
        for _, st in ipairs(c.stems) do shared[st] = (shared[st] or 0) + 1 end
      end
    end
  end

  local out = {}
  for k, c in ipairs(chosen) do
    local best, bn = nil, -1
    for sf, cnt in pairs(c.surf) do
      if cnt > bn or (cnt == bn and sf < best) then best, bn = sf, cnt end
    end
    out[k] = { term = best, count = c.tf, score = c.score }
  end
  return out
end

return M
