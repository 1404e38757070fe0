--- kata.pipeline: analyses composed from kata's functions.
-- `analyze` gives one report of a text; `new` strings stages (plain Lua
-- functions) into a pipeline that runs over one text or many documents;
-- `across` finds the paragraphs repeated across documents. See
-- docs/cookbook.md.
-- Runs on Lua 5.1-5.4 and LuaJIT.
-- @module kata.pipeline

local kata = require("kata")
local util = require("kata.util")

local M = {}

local format, concat, sort = string.format, table.concat, table.sort

-- {======================================================================
-- Argument checks, worded as Lua's own
-- ======================================================================

local function typename(v, given)
  if not given then return "no value" end
  return type(v)
end

local function check_arg(fname, n, v, want, given)
  if type(v) ~= want then
    error(format("bad argument #%d to '%s' (%s expected, got %s)", n, fname, want,
                 typename(v, given)), 3)
  end
end

local function check_opts(fname, n, opts)
  if opts ~= nil and type(opts) ~= "table" then
    error(format("bad argument #%d to '%s' (table expected, got %s)", n, fname, type(opts)), 3)
  end
  return opts or {}
end

local function check_known(fname, n, opts, known)
  for k in pairs(opts) do
    if not known[k] then
      error(format("bad argument #%d to '%s' (unknown option '%s')", n, fname, tostring(k)), 3)
    end
  end
end

local function bad_option(fname, n, msg)
  error(format("bad argument #%d to '%s' (%s)", n, fname, msg), 3)
end

-- Is v a whole number from 0 to max? (NaN, infinities and fractions are not.)
local function is_count(v, max)
  return type(v) == "number" and v >= 0 and v <= max and v < math.huge and v == math.floor(v)
end

-- The most keywords kata.keywords returns (its option n), 2^30.
local MAX_N = 1073741824

-- }======================================================================

-- {======================================================================
-- kata.analyze
-- ======================================================================

-- The longest text kata's functions take (docs/api.md, Limits).
local MAX_INPUT = 2147483647
local function too_long(s)
  return format("input too long (%d bytes; at most %d)", #s, MAX_INPUT)
end

local ENTITY_TYPES = kata.entity_types
M.entity_types = ENTITY_TYPES
M.utf8_pieces = kata.utf8_pieces

-- Code points in valid UTF-8: every byte but the continuation bytes.
local function count_chars(valid)
  local _, n = valid:gsub("[^\128-\191]", "")
  return n
end

--- Counts a text's characters: code points in its valid UTF-8 runs, and
-- its ill-formed sequences (each maximal ill-formed subpart once, as the
-- tokenizer sees them). Returns characters, invalid, the first invalid
-- byte's offset (or nil). A big text is read a piece (1 MiB) at a time,
-- each ending after a line end (an ASCII byte, where no sequence, valid or
-- not, is cut): the same counts, without a copy of a long valid run.
function M.characters(s)
  local chars, invalid, first = 0, 0, nil
  util.each_piece(s, 1048576, function(x, off)
    M.utf8_pieces(x, function(piece, valid, pos)
      if valid then
        chars = chars + count_chars(piece)
      else
        invalid = invalid + 1
        first = first or off + pos
      end
    end)
  end)
  return chars, invalid, first
end

-- Groups a list of entities by type: type -> array of {text, count,
-- value}, the most frequent first (then in order of first appearance).
-- Spellings that differ only in case or white space are one name (a
-- dateline's "GARUT" and "Garut", a hard-wrapped "Bank\nof England"), shown
-- as first written other than in capitals.
local function entity_grouper(types)
  local by, seen, n = {}, {}, 0
  -- an empty list for every type asked for (all without types), so that
  -- ipairs(r.entities.PERSON) works on any text
  local asked = {}
  for k, v in pairs(types or {}) do
    local name = type(k) == "string" and v and k or type(v) == "string" and v
    if name then asked[name:upper()] = true end
  end
  for _, t in ipairs(kata.entity_types) do
    if not types or asked[t] then by[t] = {} end
  end
  local g = {}
  -- adds a list of entities, after those added before
  function g.add(list)
    for _, e in ipairs(list) do
      n = n + 1
      local text = e.text:gsub("%s+", " ")
      local key = e.type .. "\0" .. kata.casefold(text)
      local item = seen[key]
      if item then
        item.count = item.count + 1
        if item.text == item.text:upper() and text ~= text:upper() then item.text = text end
      else
        item = {text = text, count = 1, first = n, value = e.value}
        seen[key] = item
        by[e.type] = by[e.type] or {}
        local t = by[e.type]
        t[#t + 1] = item
      end
    end
  end
  function g.result()
    for _, t in pairs(by) do
      sort(t, function(a, b)
        if a.count ~= b.count then return a.count > b.count end
        return a.first < b.first
      end)
      for _, item in ipairs(t) do item.first = nil end
    end
    return by
  end
  return g
end

local function group_entities(list, types)
  local g = entity_grouper(types)
  g.add(list)
  return g.result()
end

-- What kata has for a language code: "list" (a built-in stop-word list,
-- and a stemmer with it for every list kata has), "stem" (a stemmer only,
-- e.g. "porter"), or nil. Remembered per code.
local lang_kinds = {}
local function lang_kind(lang)
  local k = lang_kinds[lang]
  if k == nil then
    if pcall(kata.stopwords, lang) then
      k = "list"
    elseif pcall(kata.stem, "a", lang) then
      k = "stem"
    else
      k = false
    end
    lang_kinds[lang] = k
  end
  return k or nil
end

-- The entity tagger knows Indonesian and English: any other language is
-- tagged as "auto" tags (both).
local function entity_lang(lang)
  if lang == "id" or lang == "en" then return lang end
  return "auto"
end

-- Calls f(...) for analyze: an argument error of f is raised as analyze's
-- own, at the caller of analyze (the options are analyze's second argument).
local function call_for_analyze(f, ...)
  local ok, r = pcall(f, ...)
  if not ok then
    local msg = type(r) == "string" and r:match("bad argument #%d+ to '[^']*' %((.*)%)$")
    if msg then error(format("bad argument #2 to 'analyze' (%s)", msg), 3) end
    error(r, 0)
  end
  return r
end

-- The second and third of the values given (kata.dedupe's text is the
-- first: body, marks).
local function select_2_3(a, _, c)
  return a, c
end

local ANALYZE_OPTS = {lang = true, n = true, duplicates = true, threshold = true, by = true,
                      counts = true, paragraphs = true, keywords = true, key_phrases = true,
                      entities = true, gazetteer = true, types = true, unique_paragraphs = true,
                      piece = true}

--- One report of a text: its language, paragraphs (with duplicates dropped
-- or marked), counts, keywords, key phrases and entities grouped by type.
-- Every part but the language can be switched off with `false`.
-- @tparam string s the text (any bytes)
-- @tparam[opt] table opts `lang` ("auto"), `n` (10: keywords and key
--   phrases kept), `duplicates` ("drop", "mark" or false), `threshold`,
--   `by` (as for kata.duplicates), `counts`, `paragraphs`, `keywords`,
--   `key_phrases`, `entities` (false to skip a part), `types` and
--   `gazetteer` (as for kata.entities), `unique_paragraphs` (as for
--   kata.keywords: the keywords and key phrases are kata.keywords's)
-- @treturn table the report (docs/api.md, kata.analyze)
function M.analyze(...)
  local s, opts = ...
  check_arg("analyze", 1, s, "string", select("#", ...) > 0)
  opts = check_opts("analyze", 2, opts)
  check_known("analyze", 2, opts, ANALYZE_OPTS)
  local dups = opts.duplicates
  if dups == nil then dups = "drop" end
  if dups ~= "drop" and dups ~= "mark" and dups ~= false then
    bad_option("analyze", 2, "option 'duplicates' must be 'drop', 'mark' or false")
  end
  local n = opts.n
  if n == nil then n = 10 end
  if not is_count(n, MAX_N) then
    bad_option("analyze", 2, format("option 'n' must be an integer from 0 to %d", MAX_N))
  end
  local lang = opts.lang
  if lang == nil then lang = "auto" end
  if type(lang) ~= "string" then bad_option("analyze", 2, "option 'lang' must be a string") end
  if lang:find("\0", 1, true) then bad_option("analyze", 2, "option 'lang' has a NUL byte") end
  if lang ~= "auto" and not lang_kind(lang) then
    bad_option("analyze", 2, format("unknown language '%s'", lang))
  end
  local piece = opts.piece
  if piece ~= nil and not (is_count(piece, MAX_INPUT) and piece >= 1) then
    bad_option("analyze", 2, format("option 'piece' must be an integer from 1 to %d", MAX_INPUT))
  end

  if #s > MAX_INPUT then return nil, too_long(s) end

  -- A big text: a full collection after each part, so that the next
  -- part's working memory does not come on top of the last one's garbage.
  local settle = #s >= 1048576 and function() collectgarbage() end or function() end

  local r = {}
  r.language, r.confidence = kata.language(s)

  -- The keywords and key phrases come first, while little else is held
  -- (their working memory is the biggest). They read the whole text as kata.keywords
  -- does, each repeated paragraph once unless unique_paragraphs is false:
  -- the same answer as every other route (a near repeat, which the
  -- entities do not read, counts like any other paragraph).
  -- A language with a stemmer and no list ("porter") gets no stop words.
  local kopts = {lang = lang, n = n, unique_paragraphs = opts.unique_paragraphs}
  if lang ~= "auto" and lang_kind(lang) ~= "list" then kopts.stopwords = false end
  if opts.key_phrases ~= false then
    -- kata.keywords' own default method (key phrases), folded as every
    -- other route reports them (kata keywords, :KataKeywords, KATA.KEYWORDS);
    -- first: its tables are the biggest, and grow best on a fresh heap
    r.key_phrases = call_for_analyze(kata.keywords, s, kopts)
    settle()
  end
  if opts.keywords ~= false then
    kopts.method = "frequency"
    r.keywords = call_for_analyze(kata.keywords, s, kopts)
    kopts.method = nil
    settle()
  end
  if opts.counts ~= false then
    local chars, invalid, first = M.characters(s)
    -- words and sentences counted a piece (1 MiB) at a time: the pieces
    -- end after a line end, which no token or sentence crosses, so the
    -- counts are the whole text's, without a list of its words
    local words, sentences = 0, 0
    util.each_piece(s, 1048576, function(x)
      words = words + #kata.words(x)
      sentences = sentences + #kata.sentences(x, {trim = true})
      -- the piece's lists are garbage now: collected before the next
      -- piece's, so that they do not pile up (on 50 MB, 40 MB of them)
      -- in a heap the duplicates then grow on top of
      settle()
    end)
    r.counts = {
      bytes = #s, characters = chars, invalid = invalid, first_invalid = first,
      words = words, sentences = sentences,
    }
    settle()
  end

  -- The duplicates, found once: kata.dedupe gives the text
  -- without them (for the entities) and kata.duplicates' array, whose
  -- repeats carry their start and stop (the report's paragraphs are made
  -- from those, without a string and a table for every paragraph).
  local want = opts.paragraphs
  local dopts = {threshold = opts.threshold, by = opts.by}
  local marks, body = {}, s
  if dups then
    if opts.entities ~= false and not piece then
      dopts.duplicates = true
      body, marks = select_2_3(kata.dedupe(s, dopts))
      dopts.duplicates = nil
    else
      dopts.spans = true
      marks = kata.duplicates(s, dopts)
      dopts.spans = nil
    end
    settle()
  end

  -- The entities, of the text without its duplicates.
  if opts.entities ~= false then
    local eopts = {lang = entity_lang(lang), gazetteer = opts.gazetteer}
    if opts.types then
      eopts.types = opts.types
    end
    local g = entity_grouper(opts.types)
    if piece then
      -- in pieces, as kata entities reads a big input: the tagger's memory
      -- follows the piece; a full collection every 2 MiB or so keeps the
      -- garbage of the pieces' entities from piling up to the size of
      -- what the report holds (Lua's collector lets it double). The
      -- pieces are the text's own, each repeated paragraph in them blanked
      -- (its bytes but line ends made spaces: a blank paragraph names
      -- nothing and breaks no line count), so that no second copy of the
      -- text, without its repeats, is held beside it.
      local since, spans, m = 0, {}, 1
      for i = 1, #marks do
        if marks[i] then spans[#spans + 1] = marks[i] end
      end
      util.each_piece(body, piece, function(x, off)
        local stop, parts, at = off + #x, nil, off + 1
        while spans[m] and spans[m].stop <= off do m = m + 1 end
        local j = m
        while spans[j] and spans[j].start <= stop do
          local d = spans[j]
          local a, b = d.start > off and d.start or off + 1, d.stop < stop and d.stop or stop
          parts = parts or {}
          parts[#parts + 1] = body:sub(at, a - 1)
          parts[#parts + 1] = (body:sub(a, b):gsub("[^\n]", " "))
          at = b + 1
          j = j + 1
        end
        if parts then
          parts[#parts + 1] = body:sub(at, stop)
          x = concat(parts)
        end
        g.add(call_for_analyze(kata.entities, x, eopts))
        since = since + #x
        if since >= 2097152 then
          settle()
          since = 0
        end
      end)
    else
      g.add(call_for_analyze(kata.entities, body, eopts))
    end
    r.entities = g.result()
  end
  body = nil -- luacheck: ignore 311
  settle()

  -- the paragraphs, kept as the report wants them: only the repeats (or
  -- none) from the repeats' spans; every paragraph from kata.paragraphs
  local np, kept, removed = #marks, {}, 0
  if dups and (want == "duplicates" or want == false) then
    for i = 1, np do
      local d = marks[i]
      if d then
        removed = removed + 1
        if dups == "mark" and want ~= false then
          d.text = s:sub(d.start, d.stop)
          kept[#kept + 1] = d
        end
      end
    end
    marks = nil -- luacheck: ignore 311
    if want ~= false then r.paragraphs = kept end
    if r.counts then
      r.counts.paragraphs, r.counts.duplicates = np, removed
    end
    return r
  end
  local paras = kata.paragraphs(s, {by = opts.by})
  np = #paras
  for i, p in ipairs(paras) do
    local d = marks[i]
    if d then
      removed = removed + 1
      if dups == "mark" and want ~= false then
        kept[#kept + 1] = {text = p.text, start = p.start, stop = p.stop, dup_of = d.dup_of,
                           similarity = d.similarity, kind = d.kind}
      end
    elseif want ~= false and want ~= "duplicates" then
      kept[#kept + 1] = {text = p.text, start = p.start, stop = p.stop}
    end
  end
  paras = nil -- luacheck: ignore 311
  if want ~= false then r.paragraphs = kept end
  kept = nil -- luacheck: ignore 311
  settle()

  if r.counts then
    r.counts.paragraphs, r.counts.duplicates = np, removed
  end

  return r
end

-- }======================================================================

-- {======================================================================
-- Pipelines
-- ======================================================================

local Pipeline = {}
Pipeline.__index = Pipeline

local function callable(v)
  if type(v) == "function" then return true end
  local mt = getmetatable(v)
  return type(mt) == "table" and mt.__call ~= nil
end

--- Makes a pipeline of the stages given, in order.
-- A stage is any function `stage(value, ctx)` returning the value the
-- next stage takes, or `nil, message` to stop the run with that message.
-- @param ... stages
-- @treturn table the pipeline, with `add`, `run` and `run_many`
function M.new(...)
  local p = setmetatable({stages = {}}, Pipeline)
  for i = 1, select("#", ...) do
    local st = select(i, ...)
    if not callable(st) then
      error(format("bad argument #%d to 'new' (function expected, got %s)", i, type(st)), 2)
    end
    p.stages[#p.stages + 1] = st
  end
  return p
end

--- Appends a stage. Returns the pipeline, so calls chain.
function Pipeline:add(...)
  local stage = ...
  if not callable(stage) then
    error(format("bad argument #1 to 'add' (function expected, got %s)",
                 typename(stage, select("#", ...) > 0)), 2)
  end
  self.stages[#self.stages + 1] = stage
  return self
end

--- Runs the stages over one input.
-- @param input what the first stage takes
-- @tparam[opt] table ctx a table every stage gets (stages may keep things
--   in it: the language, the document's name)
-- @return the last stage's value, or nil, message from the stage that
--   stopped
function Pipeline:run(input, ctx)
  ctx = ctx or {}
  local v = input
  for i, st in ipairs(self.stages) do
    local r, msg = st(v, ctx)
    if r == nil then
      return nil, msg or format("stage %d returned nothing", i)
    end
    v = r
  end
  return v
end

-- The name, text and error of input i of run_many or across: a string is
-- a text, a table {name, text} or {name, path} (the file read now).
local function input_of(item, i)
  local name, text, msg = tostring(i), nil, nil
  if type(item) == "string" then
    text = item
  elseif type(item) == "table" then
    name = item.name or item.path or name
    text = item.text
    if not text and item.path then text, msg = M.read_file(item.path) end
  end
  if not text and not msg then msg = format("input %d is not a text", i) end
  return name, text, msg
end

--- Runs the pipeline over many inputs, one after another.
-- @tparam table inputs an array of strings (texts) or of tables
--   `{name = ..., text = ...}` or `{name = ..., path = ...}` (the file is
--   read just before its run; `M.files` makes these)
-- @tparam[opt] table opts `progress`: a function(done, total, name) called
--   after each input; `ctx`: fields copied into each run's ctx
-- @treturn table an array with one `{name, value}` or `{name, error}` per
--   input, in order
-- @treturn integer how many inputs failed
function Pipeline:run_many(inputs, opts)
  check_arg("run_many", 1, inputs, "table", true)
  opts = check_opts("run_many", 2, opts)
  local out, failed, total = {}, 0, #inputs
  for i, item in ipairs(inputs) do
    local name, text, msg = input_of(item, i)
    local ctx = {name = name}
    for k, v in pairs(opts.ctx or {}) do ctx[k] = v end
    local value
    if text then value, msg = self:run(text, ctx) end
    if value == nil then
      failed = failed + 1
      out[i] = {name = name, error = msg}
    else
      out[i] = {name = name, value = value}
    end
    if opts.progress then opts.progress(i, total, name) end
  end
  return out, failed
end

--- Reads a file whole. Returns its bytes, or nil, "path: reason".
function M.read_file(path)
  local f, msg = io.open(path, "rb")
  if not f then return nil, msg end
  local s, rmsg = f:read("*a")
  f:close()
  if not s then return nil, path .. ": " .. tostring(rmsg) end
  return s
end

--- Inputs for run_many from file names: `{name = path, path = path}` each.
function M.files(paths)
  check_arg("files", 1, paths, "table", true)
  local out = {}
  for i, p in ipairs(paths) do out[i] = {name = p, path = p} end
  return out
end

-- }======================================================================

-- {======================================================================
-- Stages: each constructor returns a function(value, ctx)
-- ======================================================================

-- Checks a stage's options when the stage is made, by calling f (the kata
-- function the stage calls) on an empty input: what f would raise at every
-- run is raised now, as bad argument #1 to fname.
local function check_stage(fname, f, input, opts)
  local ok, msg = pcall(f, input, opts)
  if not ok then
    msg = tostring(msg)
    error(format("bad argument #1 to '%s' (%s)", fname, msg:match("%((.*)%)$") or msg), 3)
  end
end

-- The texts of a value: a string is one; an array holds strings or
-- paragraph tables ({text = ...}).
local function texts(v)
  if type(v) == "string" then return {v} end
  local out = {}
  for i, x in ipairs(v) do out[i] = type(x) == "table" and x.text or x end
  return out
end

--- path -> text (nil, "path: reason" when it cannot be read).
function M.read()
  return function(path) return M.read_file(path) end
end

--- text -> text, setting ctx.lang and ctx.confidence from kata.language.
function M.language()
  return function(s, ctx)
    ctx.lang, ctx.confidence = kata.language(s)
    return s
  end
end

--- text -> array of paragraph strings (kata.paragraphs' options).
function M.paragraphs(opts)
  check_stage("paragraphs", kata.paragraphs, "", opts)
  return function(s)
    local out = {}
    for i, p in ipairs(kata.paragraphs(s, opts)) do out[i] = p.text end
    return out
  end
end

--- paragraphs -> the paragraphs that are no duplicate (kata.duplicates'
-- options); a text -> the text without them (kata.dedupe). Sets
-- ctx.removed to the number dropped.
function M.dedupe(opts)
  check_stage("dedupe", kata.duplicates, {}, opts)
  return function(v, ctx)
    if type(v) == "string" then
      local out, removed = kata.dedupe(v, opts)
      ctx.removed = removed
      return out
    end
    local list = texts(v)
    local out = {}
    for i, d in ipairs(kata.duplicates(list, opts)) do
      if not d then out[#out + 1] = v[i] end
    end
    ctx.removed = #list - #out
    return out
  end
end

--- Array -> one string, joined by sep (default a blank line).
function M.join(sep)
  sep = sep or "\n\n"
  return function(v) return concat(texts(v), sep) end
end

--- text or array of texts -> array of words: the `word` tokens, and the
-- `number` ones with `opts.numbers`. The other options go to kata.tokens
-- (`fold`, `normalize`, `strict`); default `{fold = true}`.
function M.words(opts)
  local topts, numbers = {fold = true}, false
  check_opts("words", 1, opts)
  if opts then
    topts = {}
    for k, v in pairs(opts) do topts[k] = v end
    numbers, topts.numbers = topts.numbers, nil
  end
  check_stage("words", kata.tokenize, "", topts)
  return function(v)
    local out = {}
    for _, s in ipairs(texts(v)) do
      for text, kind in kata.tokens(s, topts) do
        if kind == "word" or (numbers and kind == "number") then out[#out + 1] = text end
      end
    end
    return out
  end
end

-- The stop-word set of lang: a code ("en", "fr", ...), a set table, or
-- "all" for the project's own lists, English and Indonesian together
-- (news in one language quotes the other).
local function stop_set(lang)
  if type(lang) == "table" then return lang end
  if lang ~= "all" then return kata.stopwords(lang) end
  local set = kata.stopwords("en")
  for w in pairs(kata.stopwords("id")) do set[w] = true end
  return set
end

-- The language a stage works in: lang when given (not "auto"), else the one
-- P.language() found (not "und"), else nil.
local function stage_lang(lang, ctx)
  if lang ~= nil and lang ~= "auto" then return lang end
  if ctx.lang and ctx.lang ~= "und" then return ctx.lang end
  return nil
end

--- words -> words that are not stop words: of lang (a code), of a set
-- `{ [word] = true }`, or by default of English and Indonesian together
-- ("all") and of the language P.language() found, if another. Compares
-- case-folded words.
function M.drop_stopwords(lang)
  local fixed = lang ~= nil and lang ~= "auto" and stop_set(lang) or nil
  local sets = {}
  return function(words, ctx)
    local set = fixed
    if not set then
      local l = stage_lang(nil, ctx) or "all"
      if not sets[l] then
        sets[l] = stop_set("all")
        if l ~= "all" then
          for w in pairs(stop_set(l)) do sets[l][w] = true end
        end
      end
      set = sets[l]
    end
    local out = {}
    for _, w in ipairs(words) do
      if not set[kata.casefold(w)] then out[#out + 1] = w end
    end
    return out
  end
end

--- words -> stems (kata.stem; in lang, or the language P.language()
-- found, or English when nothing says).
function M.stem(lang)
  return function(words, ctx)
    local l = stage_lang(lang, ctx) or "en"
    local out = {}
    for i, w in ipairs(words) do out[i] = kata.stem(w, l) end
    return out
  end
end

--- array -> { [item] = count }.
function M.count()
  return function(items)
    local counts = {}
    for _, w in ipairs(items) do counts[w] = (counts[w] or 0) + 1 end
    return counts
  end
end

--- { [term] = count } -> array of {term, count}, the n most frequent
-- first (ties in byte order); all of them when n is nil.
-- @tparam[opt] integer n from 0 (NaN, infinities, negative and fractional
--   numbers raise bad argument)
function M.top(...)
  local n = ...
  if n ~= nil and type(n) ~= "number" then
    error(format("bad argument #1 to 'top' (number expected, got %s)",
                 typename(n, select("#", ...) > 0)), 2)
  end
  if n ~= nil and not is_count(n, math.huge) then
    error("bad argument #1 to 'top' (n must be an integer from 0)", 2)
  end
  return function(counts)
    local list = {}
    for term, c in pairs(counts) do list[#list + 1] = {term = term, count = c} end
    sort(list, function(a, b)
      if a.count ~= b.count then return a.count > b.count end
      return a.term < b.term
    end)
    if n then
      for i = #list, n + 1, -1 do list[i] = nil end
    end
    return list
  end
end

-- A stage calling f(text, opts), opts.lang defaulting to ctx.lang (unless
-- kata.language could not tell, "und"; for entities, unless it is neither
-- Indonesian nor English); an array of paragraphs is read joined by blank
-- lines.
local function text_stage(f, opts, entities)
  return function(s, ctx)
    local o = {}
    for k, v in pairs(opts or {}) do o[k] = v end
    if o.lang == nil and ctx.lang and ctx.lang ~= "und" then
      o.lang = entities and entity_lang(ctx.lang) or ctx.lang
    end
    return f(type(s) == "string" and s or concat(texts(s), "\n\n"), o)
  end
end

--- text -> kata.keywords(text, opts); opts.lang defaults to ctx.lang.
function M.keywords(opts)
  check_stage("keywords", kata.keywords, "", opts)
  return text_stage(kata.keywords, opts)
end

--- text -> kata.entities(text, opts); opts.lang defaults to ctx.lang.
function M.entities(opts)
  check_stage("entities", kata.entities, "", opts)
  return text_stage(kata.entities, opts, true)
end

--- entities -> type -> array of {text, count}, the most frequent first.
function M.group()
  return function(list) return group_entities(list) end
end

--- array -> array of fn(item, ctx), leaving out nils.
function M.map(fn)
  return function(items, ctx)
    local out = {}
    for _, x in ipairs(items) do
      local y = fn(x, ctx)
      if y ~= nil then out[#out + 1] = y end
    end
    return out
  end
end

--- array -> the items for which fn(item, ctx) is true.
function M.filter(fn)
  return function(items, ctx)
    local out = {}
    for _, x in ipairs(items) do
      if fn(x, ctx) then out[#out + 1] = x end
    end
    return out
  end
end

--- value -> the same value, after calling fn(value, ctx) (to print or
-- collect along the way).
function M.tap(fn)
  return function(v, ctx)
    fn(v, ctx)
    return v
  end
end

-- }======================================================================

-- {======================================================================
-- Duplicates across documents
-- ======================================================================

local ACROSS_OPTS = {threshold = true, method = true, shingle = true, min_words = true,
                     boilerplate = true, by = true, progress = true, index = true}

--- The paragraphs repeated across documents (and within each): every
-- paragraph of every input goes through one kata.index, in order, with a
-- confirmation store in a temporary file, so every near repeat has its
-- real similarity (kind "near"), as kata.duplicates measures it; an
-- `index` of your own without a store gives estimates (kind "estimate").
-- @tparam table inputs as for run_many: texts, or {name, text} or
--   {name, path} tables (M.files)
-- @tparam[opt] table opts the index's options (threshold, method,
--   shingle, min_words, boilerplate), `by` (how texts are split),
--   `progress` (function(done, total, name)), `index` (an index to use,
--   made by kata.index or kata.load_index: what it already holds is
--   matched too, and it keeps what is added)
-- @treturn table an array of repeats in input order: `{name, paragraph,
--   start, stop, text, dup_name, dup_paragraph, similarity, kind}` (the
--   paragraph's number in its document, 1-based, and its byte offsets)
-- @treturn table the inputs that could not be read: array of {name, error}
function M.across(inputs, opts)
  check_arg("across", 1, inputs, "table", true)
  opts = check_opts("across", 2, opts)
  check_known("across", 2, opts, ACROSS_OPTS)
  local idx, tmp_store = opts.index, nil
  if not idx then
    -- With a confirmation store, so a near repeat is one kata.duplicates
    -- would report (an index without one only estimates). Its file is
    -- removed once the index has it open (POSIX keeps it until closed);
    -- where an open file cannot be removed, right after the run.
    local store = os.tmpname()
    local ok, r, msg = pcall(kata.index, {threshold = opts.threshold, method = opts.method,
                                          shingle = opts.shingle, min_words = opts.min_words,
                                          boilerplate = opts.boilerplate, store = store})
    local gone = os.remove(store)
    if not ok then bad_option("across", 2, tostring(r):match("%((.*)%)$") or tostring(r)) end
    if not r then error(msg, 2) end
    idx = r
    if not gone then tmp_store = store end
  end
  local repeats, errors, total = {}, {}, #inputs
  for i, item in ipairs(inputs) do
    local name, text, msg = input_of(item, i)
    if text and #text > MAX_INPUT then text, msg = nil, too_long(text) end
    if text then
      for j, p in ipairs(kata.paragraphs(text, {by = opts.by})) do
        local key = name .. "\0" .. j
        local of, sim, kind = idx:add(key, p.text)
        if of == nil and sim then -- the index is full or its store failed
          errors[#errors + 1] = {name = name, error = sim}
          break
        end
        if of then
          local dn, dj = tostring(of):match("^(.*)%z(%d+)$")
          repeats[#repeats + 1] = {name = name, paragraph = j, start = p.start, stop = p.stop,
                                   text = p.text, dup_name = dn or tostring(of),
                                   dup_paragraph = tonumber(dj), similarity = sim, kind = kind}
        end
      end
    else
      errors[#errors + 1] = {name = name, error = msg}
    end
    if opts.progress then opts.progress(i, total, name) end
  end
  if tmp_store then
    idx = nil -- luacheck: ignore 311
    collectgarbage()
    os.remove(tmp_store)
  end
  return repeats, errors
end

-- }======================================================================

return M
