--- bench/ner/nerdata.lua: the public NER sets of ../shared/ner as kata sees them.
--
-- Shared by the benchmark (bench/ner/run.lua) and the trainer (tools/train_ner.lua):
--   M.read(path, scheme)        sentences grouped in documents, each token with its gold tag
--   M.detok(docs, how)          one plain text per document, every token's byte offsets in it
--   M.gold_spans(sent)          the entity spans of a sentence (token ranges, normalised types)
--   M.score(...)                exact-span micro P/R/F1 per type, the README's rules
--   M.naive_train / M.naive     the capitalised-run baseline
--   M.SETS                      the test sets of issue 15 and their training splits
-- Lua 5.3 or 5.4; no dependencies.
local M = {}

M.ROOT = os.getenv("KATA_NER_DATA") or "../shared/ner"

-- Gold types: the three name types under one spelling; anything else
-- (MISC, TIME, QUANTITY) is kept as it is and left out of the scores.
local TYPEMAP = {
  PER = "PER", PERSON = "PER",
  LOC = "LOC", LOCATION = "LOC", PLACE = "LOC", GPE = "LOC",
  ORG = "ORG", ORGANIZATION = "ORG", ORGANISATION = "ORG",
}
M.TYPEMAP = TYPEMAP
M.NAMES = { "PER", "LOC", "ORG" }
M.KATA2GOLD = { PERSON = "PER", LOCATION = "LOC", ORGANIZATION = "ORG" }
M.GOLD2KATA = { PER = "PERSON", LOC = "LOCATION", ORG = "ORGANIZATION" }

--- Reads one file: an array of documents, each an array of sentences, each
-- `{toks = {...}, tags = {...}}` with tags in BIO (IOB1 input is rewritten).
-- Documents come from -DOCSTART- lines; a file without them is one document.
-- A line is `token<TAB>...<TAB>TAG` or `token ... TAG` (spaces): the token
-- is the first field and the tag the last. CR is dropped.
function M.read(path, scheme)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  local docs, doc, sent = {}, {}, { toks = {}, tags = {} }
  local function endsent()
    if #sent.toks > 0 then doc[#doc + 1] = sent end
    sent = { toks = {}, tags = {} }
  end
  local function enddoc()
    endsent()
    if #doc > 0 then docs[#docs + 1] = doc end
    doc = {}
  end
  for line in data:gmatch("([^\n]*)\n?") do
    line = line:gsub("\r$", "")
    if line:find("^%-DOCSTART%-") then
      enddoc()
    elseif line:find("^%s*$") then
      endsent()
    else
      local tok, tag
      if line:find("\t", 1, true) then
        tok, tag = line:match("^([^\t]*)\t.-([^\t]*)$")
      else
        tok, tag = line:match("^(%S+).-(%S+)$")
      end
      if tok and tok ~= "" then
        sent.toks[#sent.toks + 1] = tok
        sent.tags[#sent.tags + 1] = tag
      end
    end
  end
  enddoc()
  -- IOB1 (CoNLL-2003): I-X opens an entity unless the previous tag has type X;
  -- B-X only separates two adjacent entities of one type. Rewritten as BIO.
  if scheme == "iob1" then
    for _, d in ipairs(docs) do
      for _, s in ipairs(d) do
        local prev = "O"
        for i, t in ipairs(s.tags) do
          local p, ty = t:match("^([BI])%-(.+)$")
          if p == "I" and prev:sub(3) ~= ty then s.tags[i] = "B-" .. ty end
          prev = t
        end
      end
    end
  end
  return docs
end

--- The entities of a sentence: `{first, last, type}` token ranges, types
-- normalised (PER/LOC/ORG, others as written). An I- tag that does not
-- continue an entity of its type opens one.
function M.gold_spans(sent)
  local out, cur = {}, nil
  for i, t in ipairs(sent.tags) do
    local p, ty = t:match("^([BI])%-(.+)$")
    if p then ty = TYPEMAP[ty] or ty end
    if p == "I" and cur and cur.type == ty then
      cur.last = i
    else
      cur = nil
      if p then
        cur = { first = i, last = i, type = ty }
        out[#out + 1] = cur
      end
    end
  end
  return out
end

-- ---------------------------------------------------------------------------
-- Detokenising

local NOSPACE_BEFORE = {
  [","] = true, ["."] = true, [";"] = true, [":"] = true, ["!"] = true, ["?"] = true,
  ["%"] = true, [")"] = true, ["]"] = true, ["}"] = true, ["..."] = true, ["''"] = true,
  ["'s"] = true, ["'S"] = true, ["n't"] = true, ["N'T"] = true, ["'re"] = true, ["'ve"] = true,
  ["'ll"] = true, ["'m"] = true, ["'d"] = true, ["'"] = false,
}
local NOSPACE_AFTER = { ["("] = true, ["["] = true, ["{"] = true, ["``"] = true, ["$"] = true,
  ["US$"] = true, ["#"] = true, ["@"] = true }
local QUOTES = { ['"'] = true, ["\226\128\156"] = false, ["\226\128\157"] = false }

local function terminal(tok)
  return tok == "." or tok == "!" or tok == "?" or tok == "..." or tok:find("[%.!?]$") ~= nil
end

--- Detokenises one sentence after `buf` (an array of strings, `pos` bytes
-- long so far): appends its text and sets `s.start[i]`, `s.stop[i]`
-- (1-based, inclusive) for each token. `how.hyphen` joins a lone "-"
-- between two words (GUM splits hyphenated words; CoNLL's lone "-" is a
-- dash). Returns the new length.
local function detok_sentence(s, buf, pos, how)
  local start, stop = {}, {}
  local open_quote = false
  local glue = false -- no space before the next token
  local toks = s.toks
  for i, tok in ipairs(toks) do
    local space = i > 1 and not glue
    local nb = NOSPACE_BEFORE[tok]
    local quote = QUOTES[tok]
    if nb then space = false end
    if quote ~= nil then
      if quote == false then
        -- curly quotes say which side they are on
        if tok == "\226\128\157" then space = false end
      elseif open_quote then
        space = false
      end
    end
    if how.hyphen and (tok == "-" or tok == "\226\128\147") and i > 1 and i < #toks
        and toks[i - 1]:find("%w$") and toks[i + 1]:find("^%w") then
      space = false
    end
    glue = false
    if NOSPACE_AFTER[tok] then glue = true end
    if quote == true then
      if not open_quote then glue = true end
      open_quote = not open_quote
    elseif tok == "\226\128\156" then
      glue = true
    end
    if how.hyphen and (tok == "-" or tok == "\226\128\147") and not space and i > 1 and i < #toks
        and toks[i - 1]:find("%w$") and toks[i + 1]:find("^%w") then
      glue = true
    end
    if space then
      buf[#buf + 1] = " "
      pos = pos + 1
    end
    buf[#buf + 1] = tok
    start[i] = pos + 1
    pos = pos + #tok
    stop[i] = pos
  end
  s.start, s.stop = start, stop
  return pos
end

--- Detokenises documents into texts, one per document (`how.per_doc`, the
-- default for sets with -DOCSTART- lines) or one for the whole file.
-- Sentences are joined as a news text would be: a sentence that ends with
-- a full stop, ! or ? (before any closing quote or bracket) continues the
-- paragraph after one space, up to `how.para` sentences (default 3); a
-- sentence without one (a headline, a byline, a table row, a dateline
-- line), or one written in capitals, is a paragraph of its own. Paragraphs are separated by a blank
-- line, and so are documents in one text. Returns an array of
-- `{text = string, sents = {...}}`; each sentence gets `start`/`stop`
-- arrays and `text` (its text).
function M.detok(docs, how)
  how = how or {}
  local para_max = how.para or 3
  local texts = {}
  local buf, pos, sents, inpara, lastterm
  local function begin()
    buf, pos, sents, inpara, lastterm = {}, 0, {}, 0, false
  end
  local function finish()
    if #sents > 0 then
      texts[#texts + 1] = { text = table.concat(buf), sents = sents }
    end
  end
  begin()
  for _, doc in ipairs(docs) do
    if how.per_doc then
      finish()
      begin()
    elseif pos > 0 then
      buf[#buf + 1] = "\n\n"
      pos = pos + 2
      inpara, lastterm = 0, false
    end
    for _, s in ipairs(doc) do
      if pos > 0 and inpara > 0 then
        if lastterm and inpara < para_max then
          buf[#buf + 1] = " "
          pos = pos + 1
        else
          buf[#buf + 1] = "\n\n"
          pos = pos + 2
          inpara = 0
        end
      end
      local p0 = pos
      pos = detok_sentence(s, buf, pos, how)
      s.from, s.to = p0 + 1, pos
      inpara = inpara + 1
      -- the last token that is not a closing quote or bracket
      local k = #s.toks
      while k > 1 and (s.toks[k] == '"' or s.toks[k] == "''" or s.toks[k] == ")"
          or s.toks[k] == "\226\128\157" or s.toks[k] == "'") do
        k = k - 1
      end
      -- a line in capitals (a headline, a dateline) stands alone, full stop or not
      local body = table.concat(s.toks, " ")
      lastterm = terminal(s.toks[k]) and (body:find("%l") ~= nil or not body:find("%u"))
      if not lastterm then inpara = para_max end
      sents[#sents + 1] = s
    end
  end
  finish()
  for _, t in ipairs(texts) do
    for _, s in ipairs(t.sents) do s.text = t.text:sub(s.from, s.to) end
  end
  return texts
end

-- ---------------------------------------------------------------------------
-- Scoring

--- Gold spans of a text in bytes: `{start, stop, type}`; types as in gold_spans.
function M.text_gold(t)
  local out = {}
  for _, s in ipairs(t.sents) do
    for _, g in ipairs(M.gold_spans(s)) do
      out[#out + 1] = { start = s.start[g.first], stop = s.stop[g.last], type = g.type }
    end
  end
  return out
end

--- A tally of exact-span matches: `tally[type] = {tp, fp, fn}`.
function M.tally()
  local t = {}
  for _, ty in ipairs(M.NAMES) do t[ty] = { tp = 0, fp = 0, fn = 0 } end
  return t
end

--- Adds one text's gold and predictions (byte spans, gold-style types) to
-- a tally, with the README's rules: gold outside PER/LOC/ORG is left out,
-- and so is any prediction that overlaps such a span; predictions of other
-- types are ignored. A span counts when type, start and stop all match.
function M.add(tally, gold, pred)
  local other, want = {}, {}
  for _, g in ipairs(gold) do
    if tally[g.type] then
      want[g.start .. ":" .. g.stop .. ":" .. g.type] = true
      tally[g.type].fn = tally[g.type].fn + 1
    else
      other[#other + 1] = g
    end
  end
  table.sort(other, function(a, b) return a.start < b.start end)
  local seen = {}
  for _, p in ipairs(pred) do
    if tally[p.type] then
      local skip = false
      -- `other` is short per text; a linear scan is fine
      for _, o in ipairs(other) do
        if o.start > p.stop then break end
        if o.stop >= p.start then skip = true break end
      end
      local key = p.start .. ":" .. p.stop .. ":" .. p.type
      if not skip and not seen[key] then
        seen[key] = true
        local c = tally[p.type]
        if want[key] then
          c.tp = c.tp + 1
          c.fn = c.fn - 1
        else
          c.fp = c.fp + 1
        end
      end
    end
  end
end

local function prf(tp, fp, fn)
  local p = tp + fp > 0 and tp / (tp + fp) or 0
  local r = tp + fn > 0 and tp / (tp + fn) or 0
  local f = p + r > 0 and 2 * p * r / (p + r) or 0
  return 100 * p, 100 * r, 100 * f
end
M.prf = prf

--- `{PER = {p, r, f, tp, fp, fn}, ..., all = {...}}` of a tally.
function M.result(tally)
  local out, tp, fp, fn = {}, 0, 0, 0
  for _, ty in ipairs(M.NAMES) do
    local c = tally[ty]
    local p, r, f = prf(c.tp, c.fp, c.fn)
    out[ty] = { p = p, r = r, f = f, tp = c.tp, fp = c.fp, fn = c.fn }
    tp, fp, fn = tp + c.tp, fp + c.fp, fn + c.fn
  end
  local p, r, f = prf(tp, fp, fn)
  out.all = { p = p, r = r, f = f, tp = tp, fp = fp, fn = fn }
  return out
end

-- ---------------------------------------------------------------------------
-- The naive baseline

--- A capitalised token: its first character is an upper-case letter
-- (ASCII, or Latin-1 Supplement / Latin Extended-A upper case).
local function capitalised(tok)
  local b = tok:byte(1)
  if not b then return false end
  if b >= 65 and b <= 90 then return true end
  if b == 195 then
    local c = tok:byte(2) or 0
    return c >= 128 and c <= 158 and c ~= 151
  end
  return false
end
M.capitalised = capitalised

local function runs(sent)
  local out, i, n = {}, 1, #sent.toks
  while i <= n do
    if capitalised(sent.toks[i]) then
      local j = i
      while j < n and capitalised(sent.toks[j + 1]) do j = j + 1 end
      out[#out + 1] = { first = i, last = j }
      i = j + 1
    else
      i = i + 1
    end
  end
  return out
end

local function best(c)
  local b, bn = nil, 0
  for _, ty in ipairs(M.NAMES) do
    if (c[ty] or 0) > bn then b, bn = ty, c[ty] end
  end
  return b
end

--- Learns the baseline from training documents: how often each phrase is
-- a gold name of each type (PER/LOC/ORG), how often each token is a word
-- of one, and how often a maximal run of capitalised tokens is exactly
-- a gold name of each type or of none (`O`). Returns a model for M.naive.
function M.naive_train(docs_list)
  local phrase, tok, run, all = {}, {}, {}, {}
  local function inc(t, k, ty)
    local c = t[k]
    if not c then c = {} t[k] = c end
    c[ty] = (c[ty] or 0) + 1
  end
  for _, docs in ipairs(docs_list) do
    for _, doc in ipairs(docs) do
      for _, s in ipairs(doc) do
        local exact = {}
        for _, g in ipairs(M.gold_spans(s)) do
          if M.GOLD2KATA[g.type] then
            exact[g.first .. ":" .. g.last] = g.type
            inc(phrase, table.concat(s.toks, " ", g.first, g.last), g.type)
            for i = g.first, g.last do inc(tok, s.toks[i], g.type) end
            all[g.type] = (all[g.type] or 0) + 1
          end
        end
        for _, r in ipairs(runs(s)) do
          inc(run, table.concat(s.toks, " ", r.first, r.last), exact[r.first .. ":" .. r.last] or "O")
        end
      end
    end
  end
  local seen = {}
  for k, c in pairs(run) do
    local b = best(c)
    if b and c[b] > (c.O or 0) then seen[k] = b end
  end
  return { phrase = phrase, tok = tok, default = best(all), seen = seen }
end

--- The baseline's predictions for a detokenised text. `naive`: every
-- maximal run of capitalised tokens is a name, typed by its most frequent
-- type in the training split: the phrase's own when the training split has
-- it as a name, else the most frequent type of its words' name mentions,
-- else the split's most frequent type. `seen` (a stronger lookup baseline):
-- only the runs that the training split has more often as a name than not,
-- with their most frequent type.
function M.naive(model, t, kind)
  local out = {}
  for _, s in ipairs(t.sents) do
    for _, r in ipairs(runs(s)) do
      local key = table.concat(s.toks, " ", r.first, r.last)
      local ty
      if kind == "seen" then
        ty = model.seen[key]
      else
        ty = model.phrase[key] and best(model.phrase[key])
        if not ty then
          local c = {}
          for i = r.first, r.last do
            for k, n in pairs(model.tok[s.toks[i]] or {}) do c[k] = (c[k] or 0) + n end
          end
          ty = best(c) or model.default
        end
      end
      if ty then out[#out + 1] = { start = s.start[r.first], stop = s.stop[r.last], type = ty } end
    end
  end
  return out
end

-- ---------------------------------------------------------------------------
-- The sets

local function path(p) return M.ROOT .. "/" .. p end
M.path = path

--- The test sets of issue 15. Each has `test` (files), `train` (files for
-- the naive baseline), a scheme, and `unit`, what one kata.entities call
-- sees: "doc" (a document between -DOCSTART- lines: CoNLL) or "sentence"
-- (IDNer, NER-UI, NER-UGM and NERGrit, whose sentences are shuffled: a
-- text of unrelated sentences would lend each the others' evidence, which
-- kata reads since it takes one reading per name in a text). IDNer was
-- once tagged a whole file at a time, on the belief that its sentences
-- follow each other as in the articles; its dev split shows they do not
-- (three sentences in a row on an election, the Chinese market and Iraq).
-- "file" (the whole file in one call) is still there for --unit.
--
-- `M.sets("dev")` gives the held-apart splits instead, for choosing
-- features, rules and thresholds without looking at a test split: IDNer
-- dev, NERGrit valid and CoNLL-2003 testa (NER-UI and NER-UGM have no dev
-- split; they and every test split are for reporting only).
function M.sets(split)
  if split == "dev" then
    return {
      { name = "IDNer-news-2k dev", key = "idner", test = { "id-idner/dev.txt" },
        train = { "id-idner/train.txt" }, unit = "sentence" },
      { name = "NERGrit valid", key = "nergrit", test = { "id-nergrit/valid_preprocess.txt" },
        train = { "id-nergrit/train_preprocess.txt" }, unit = "sentence" },
      { name = "CoNLL-2003 testa", key = "conll", test = { "en-conll2003/eng.testa" },
        train = { "en-conll2003/eng.train" }, scheme = "iob1", unit = "doc" },
    }
  end
  assert(split == nil or split == "test", "split: test or dev")
  local sets = {
    { name = "IDNer-news-2k test", key = "idner", test = { "id-idner/test.txt" },
      train = { "id-idner/train.txt" }, unit = "sentence" },
  }
  for _, ds in ipairs({ { "NER-UI", "nerui" }, { "NER-UGM", "nerugm" } }) do
    for k = 1, 5 do
      local train = {}
      for j = 1, 5 do
        if j ~= k then train[#train + 1] = ("id-%s/%s.test.%02d.tsv"):format(ds[2], ds[2], j) end
      end
      sets[#sets + 1] = { name = ("%s fold %d"):format(ds[1], k), key = ds[2], fold = k,
        test = { ("id-%s/%s.test.%02d.tsv"):format(ds[2], ds[2], k) }, train = train,
        unit = "sentence" }
    end
  end
  sets[#sets + 1] = { name = "NERGrit test", key = "nergrit", test = { "id-nergrit/test_preprocess.txt" },
    train = { "id-nergrit/train_preprocess.txt" }, unit = "sentence" }
  sets[#sets + 1] = { name = "CoNLL-2003 testb", key = "conll", test = { "en-conll2003/eng.testb" },
    train = { "en-conll2003/eng.train" }, scheme = "iob1", unit = "doc" }
  return sets
end

M.cap = capitalised
return M
