--- kata.cli: the `kata` command-line front end (bin/kata is a thin wrapper).
-- Subcommands read files or standard input; they print tokens, a report or
-- keywords.
-- Runs on Lua 5.1-5.4 and LuaJIT: no goto, no integer division, no utf8 library.
-- @module kata.cli

local M = {}

local byte, concat, format = string.byte, table.concat, string.format

-- kata (and with it the C module) is loaded on first use, so `kata --help`
-- works even before the module is built.
local kata_lib
local function kata()
  if not kata_lib then kata_lib = require("kata") end
  return kata_lib
end

-- The order kinds are listed in, as the C core numbers them.
local KINDS = {"word", "number", "punct", "symbol", "emoji",
               "url", "email", "hashtag", "mention"}

-- {======================================================================
-- UTF-8 pieces
-- ======================================================================

-- Length of the UTF-8 sequence starting at s[i] and whether it is valid. An
-- invalid one has the length of its maximal ill-formed subpart, the same
-- rule as the C core (src/utf8.c), so both count bad sequences alike.
local function sequence_at(s, i)
  local c = byte(s, i)
  local n
  if c < 0x80 then return 1, true end
  if c >= 0xC2 and c <= 0xDF then n = 2
  elseif c >= 0xE0 and c <= 0xEF then n = 3
  elseif c >= 0xF0 and c <= 0xF4 then n = 4
  else return 1, false end
  local lo, hi = 0x80, 0xBF
  if c == 0xE0 then lo = 0xA0
  elseif c == 0xED then hi = 0x9F
  elseif c == 0xF0 then lo = 0x90
  elseif c == 0xF4 then hi = 0x8F end
  for k = 1, n - 1 do
    local b = byte(s, i + k)
    if not b then return k, false end
    if k > 1 then lo, hi = 0x80, 0xBF end
    if b < lo or b > hi then return k, false end
  end
  return n, true
end

-- Calls fn(piece, valid, position) for the maximal valid runs of s and for
-- each ill-formed subsequence, in order. Valid text is one call.
local function utf8_pieces(s, fn)
  local ok, bad = kata().validate(s)
  if ok then
    if #s > 0 then fn(s, true, 1) end
    return
  end
  local run, i, len = 1, bad, #s
  while i <= len do
    local n, valid = sequence_at(s, i)
    if not valid then
      if i > run then fn(s:sub(run, i - 1), true, run) end
      fn(s:sub(i, i + n - 1), false, i)
      run = i + n
    end
    i = i + n
    if valid then
      -- Skip the next ASCII run in one step.
      local j = s:find("[\128-\255]", i)
      i = j or len + 1
    end
  end
  if run <= len then fn(s:sub(run), true, run) end
end

-- Code points in valid UTF-8: every byte but the continuation bytes.
local function count_chars(valid)
  local _, n = valid:gsub("[^\128-\191]", "")
  return n
end

-- }======================================================================

-- {======================================================================
-- Escaping for output
-- ======================================================================

local JSON_ESC = {['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b",
                  ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}
local function json_char(c)
  return JSON_ESC[c] or format("\\u%04x", byte(c))
end

--- A JSON string literal for s. Control characters, the quote and the
-- backslash are escaped; each ill-formed UTF-8 sequence becomes `\ufffd`.
-- @tparam string s any bytes
-- @treturn string the quoted literal
function M.json_string(s)
  if not s:find('[%z\1-\31"\\\128-\255]') then return '"' .. s .. '"' end
  if kata().validate(s) then return '"' .. s:gsub('[%z\1-\31"\\]', json_char) .. '"' end
  local parts = {'"'}
  utf8_pieces(s, function(piece, valid)
    parts[#parts + 1] = valid and piece:gsub('[%z\1-\31"\\]', json_char) or "\\ufffd"
  end)
  parts[#parts + 1] = '"'
  return concat(parts)
end

local TEXT_ESC = {["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}
local function text_char(c)
  return TEXT_ESC[c] or format("\\x%02X", byte(c))
end
local function hex_bytes(s)
  return (s:gsub(".", function(c) return format("\\x%02X", byte(c)) end))
end

--- Token text for the one-line-per-token format: backslash, tab, newline and
-- carriage return as `\\ \t \n \r`, other control bytes and each byte of
-- invalid UTF-8 as `\xHH`; everything else as it is.
-- @tparam string s any bytes
-- @treturn string the escaped text, one line without tabs
function M.escape_text(s)
  if not s:find("[%z\1-\31\127\\\128-\255]") then return s end
  if kata().validate(s) then return (s:gsub("[%z\1-\31\127\\]", text_char)) end
  local parts = {}
  utf8_pieces(s, function(piece, valid)
    parts[#parts + 1] = valid and piece:gsub("[%z\1-\31\127\\]", text_char) or hex_bytes(piece)
  end)
  return concat(parts)
end

local function json_value(v)
  if type(v) == "string" then return M.json_string(v) end
  if type(v) == "number" then return format("%d", v) end
  if v == nil then return "null" end
  return tostring(v)
end

-- A score for JSON (6 significant digits), or null for inf and nan.
local function json_number(x)
  if x ~= x or x == math.huge or x == -math.huge then return "null" end
  return format("%.6g", x)
end

-- A JSON array of keyword entries {term, count, score [, yake]}.
local function json_keywords(list)
  local out = {}
  for i, kw in ipairs(list) do
    local yake = kw.yake and ',"yake":' .. json_number(kw.yake) or ""
    out[i] = format('{"term":%s,"count":%d,"score":%s%s}', M.json_string(kw.term),
                    kw.count, json_number(kw.score), yake)
  end
  return "[" .. concat(out, ",") .. "]"
end

-- }======================================================================

-- {======================================================================
-- Analysis
-- ======================================================================

-- Adds text to a list of distinct values kept in order of first appearance.
local function tally(list, text)
  local i = list.index[text]
  if i then
    list[i].count = list[i].count + 1
  else
    list[#list + 1] = {text = text, count = 1}
    list.index[text] = #list
  end
end

local function new_tally()
  return {index = {}}
end

--- Analyses a text: sizes, counts, its language, keywords and key phrases.
-- @tparam string s the text (any bytes; invalid UTF-8 is counted, not fatal)
-- @tparam[opt=10] integer top how many keywords and key phrases to keep
-- @tparam[opt] table kopts counting options for kata.keywords (lang, stem,
--   stopwords, ...); nil for the defaults
-- @treturn table with fields `bytes`, `characters` (valid code points),
--   `invalid` (ill-formed sequences), `first_invalid` (byte, or nil),
--   `sentences`, `words` (word and number tokens), `tokens` (all but
--   space), `kinds` (kind -> count), `language` and `confidence` (from
--   kata.language), `keywords` (kata.keywords, method "frequency") and
--   `key_phrases` (method "yake"), both arrays of {term, count, score},
--   and `urls`, `emails`, `hashtags`, `mentions`, `emoji` (arrays of
--   {text, count} in order of first appearance)
function M.analyze(s, top, kopts)
  local k = kata()
  top = top or 10
  local r = {bytes = #s, characters = 0, invalid = 0, kinds = {}}
  utf8_pieces(s, function(piece, valid, pos)
    if valid then
      r.characters = r.characters + count_chars(piece)
    else
      r.invalid = r.invalid + 1
      r.first_invalid = r.first_invalid or pos
    end
  end)
  r.sentences = #k.sentences(s, {trim = true})
  r.language, r.confidence = k.language(s)

  local lists = {url = new_tally(), email = new_tally(), hashtag = new_tally(),
                 mention = new_tally(), emoji = new_tally()}
  local ntokens = 0
  for _, kind in ipairs(KINDS) do r.kinds[kind] = 0 end
  for text, kind in k.tokens(s) do
    ntokens = ntokens + 1
    r.kinds[kind] = r.kinds[kind] + 1
    if lists[kind] then tally(lists[kind], text) end
  end
  r.tokens = ntokens
  r.words = r.kinds.word + r.kinds.number

  local opts = {}
  for key, v in pairs(kopts or {}) do opts[key] = v end
  opts.n = top
  opts.method = "frequency"
  r.keywords = k.keywords(s, opts)
  -- YAKE! groups words case-insensitively whatever fold says; without
  -- folding it reports each phrase as the text spells it most often, which
  -- reads better for names ("Pusat Riset Teknologi").
  opts.method, opts.fold = "yake", false
  r.key_phrases = k.keywords(s, opts)

  for _, list in pairs(lists) do list.index = nil end
  r.urls, r.emails, r.hashtags = lists.url, lists.email, lists.hashtag
  r.mentions, r.emoji = lists.mention, lists.emoji
  return r
end

local LISTS = {{"urls", "URLs"}, {"emails", "e-mails"}, {"hashtags", "hashtags"},
               {"mentions", "mentions"}, {"emoji", "emoji"}}

local function report_json(name, r)
  local function items(list)
    local out = {}
    for i, item in ipairs(list) do
      out[i] = format('{"text":%s,"count":%d}', M.json_string(item.text), item.count)
    end
    return "[" .. concat(out, ",") .. "]"
  end
  local kinds = {}
  for i, kind in ipairs(KINDS) do kinds[i] = format('"%s":%d', kind, r.kinds[kind]) end
  local fields = {
    '"file":' .. M.json_string(name),
    '"bytes":' .. json_value(r.bytes),
    '"characters":' .. json_value(r.characters),
    '"invalid_utf8":' .. json_value(r.invalid),
    '"first_invalid":' .. json_value(r.first_invalid),
    '"sentences":' .. json_value(r.sentences),
    '"words":' .. json_value(r.words),
    '"tokens":' .. json_value(r.tokens),
    '"kinds":{' .. concat(kinds, ",") .. "}",
    '"language":' .. json_value(r.language),
    '"confidence":' .. json_number(r.confidence),
    '"keywords":' .. json_keywords(r.keywords),
    '"key_phrases":' .. json_keywords(r.key_phrases),
  }
  for _, l in ipairs(LISTS) do fields[#fields + 1] = format('"%s":%s', l[1], items(r[l[1]])) end
  return "{" .. concat(fields, ",") .. "}\n"
end

local function report_text(name, r, top)
  local out = {}
  local function line(...) out[#out + 1] = format(...) end
  line("%-12s%s", "file", name)
  line("%-12s%d", "bytes", r.bytes)
  line("%-12s%d", "characters", r.characters)
  if r.invalid > 0 then
    line("%-12s%d sequence%s, the first at byte %d", "invalid", r.invalid,
         r.invalid == 1 and "" or "s", r.first_invalid)
  end
  line("%-12s%d", "sentences", r.sentences)
  line("%-12s%d", "words", r.words)
  line("%-12s%d", "tokens", r.tokens)
  for _, kind in ipairs(KINDS) do
    if r.kinds[kind] > 0 then line("  %-10s%d", kind, r.kinds[kind]) end
  end
  line("%-12s%s (confidence %.2f)", "language", r.language, r.confidence)
  if top > 0 then
    for _, l in ipairs({{"keywords", "keywords (most frequent, without stop words)"},
                        {"key_phrases", "key phrases (YAKE!)"}}) do
      line("")
      line("%s", l[2])
      if #r[l[1]] == 0 then line("  (none)") end
      for _, kw in ipairs(r[l[1]]) do line("%6d  %s", kw.count, M.escape_text(kw.term)) end
    end
  end
  for _, l in ipairs(LISTS) do
    local list = r[l[1]]
    if #list > 0 then
      line("")
      line("%s", l[2])
      for _, item in ipairs(list) do line("%6d  %s", item.count, M.escape_text(item.text)) end
    end
  end
  return concat(out, "\n") .. "\n"
end

-- }======================================================================

-- {======================================================================
-- Commands
-- ======================================================================

local HELP = {}

HELP.main = [[
usage: kata COMMAND [OPTIONS] [FILE...]

Unicode-aware text analytics (UAX #29 words and sentences, tokens and
keywords for news text). Reads each FILE, or standard input when there is
none or FILE is -.

commands:
  tokens    one line per token: start, stop, kind, text
  analyze   a report: sizes, sentences, words, token kinds, language,
            keywords and key phrases, URLs, e-mails, hashtags, mentions
            and emoji
  keywords  the keywords of each input, by frequency, TF-IDF or YAKE!
  help      this text, or a command's: kata help tokens

options:
  -h, --help     this text (kata COMMAND --help for a command's own)
  --version      the versions of kata, its Unicode data and Lua

exit status: 0 on success, 2 on a usage error or a file that cannot be read.
]]

HELP.tokens = [[
usage: kata tokens [--json] [--spaces] [--fold] [FILE...]

Prints one token per line: start, stop, kind and text, separated by tabs.
start and stop are 1-based inclusive byte offsets into the file (what Lua's
string.find returns), so they count bytes, not characters. Kinds: word,
number, punct, symbol, emoji, url, email, hashtag, mention, space.

In the text, a backslash, tab, newline and carriage return are written as
\\, \t, \n and \r, other control bytes and every byte of invalid UTF-8 as
\xHH; the rest is written as it is. With more than one input, each line
starts with the file name and a tab.

options:
  --json     JSON Lines instead: {"text":...,"kind":...,"start":...,"stop":...}
             (and "file" with more than one input). Control characters, the
             quote and the backslash are escaped; each invalid UTF-8
             sequence is replaced by \ufffd, so the output is valid UTF-8.
  --spaces   also print white-space tokens (kind space)
  --fold     print the text case-folded (full Unicode folding); the offsets
             still point into the original bytes
  -h, --help this text
]]

HELP.analyze = [[
usage: kata analyze [--json] [-n N] [--lang L] [FILE...]

Prints a report for each input: its name, bytes, characters (valid code
points; ill-formed UTF-8 sequences are counted apart), sentences (UAX #29),
words (word and number tokens), tokens by kind, the language kata guesses,
the N keywords and key phrases, and the URLs, e-mails, hashtags, mentions
and emoji found, each with its count, in order of first appearance.

Keywords are the most frequent words once stop words are removed
(kata.keywords, method frequency): case-folded, two characters or more,
no numbers; ties in byte order. Key phrases are YAKE!'s (method yake): one
to three words, ranked by casing, position, frequency and context rather
than by count alone, shown as the text spells them most often; the number
before each is how often it occurs. kata keywords gives more choices.

options:
  --json     one JSON object per input, on one line each (JSON Lines), with
             file, bytes, characters, invalid_utf8, first_invalid (a byte
             offset or null), sentences, words, tokens, kinds (an object of
             counts), language, confidence, keywords and key_phrases (arrays
             of {"term":...,"count":...,"score":...}; key phrases also have
             "yake", YAKE!'s own score, lower is better), and urls, emails,
             hashtags, mentions and emoji as arrays of {"text":...,"count":...}
  -n N       how many keywords and key phrases to list (default 10, 0 for none)
  --lang L   the language for stop words: en, id, or auto (the default: the
             guessed language's list when the guess is confident, otherwise
             every built-in list)
  -h, --help this text
]]

HELP.keywords = [[
usage: kata keywords [--method M] [-n N] [--lang L] [--stem] [--ngrams N]
                     [--no-stopwords] [--json] [FILE...]

Prints the N best keywords of each input, best first, one per line: score,
count and term, separated by tabs (with more than one input, each line
starts with the file name and a tab). Terms are case-folded; stop words,
numbers and words of one character (two, for yake) are left out.

methods (--method):
  frequency  the default: the most frequent terms; score is the term's
             share of all counted terms
  tfidf      frequency weighed by rarity across the inputs: all the inputs
             form one collection (kata.corpus) and each input's terms score
             count * idf, so words every input uses sink. Give it several
             files; with one input every idf is 1 and the order is by count
  yake       YAKE!: key phrases of one to three words from a single text,
             from casing, position, frequency and context; score is
             1 / (1 + S), where S is YAKE!'s score (lower S is better)

options:
  -n N            how many keywords per input (default 10)
  --lang L        the language for stop words and stemming: en, id, or auto
                  (the default). With --no-stopwords, any Snowball language
                  for --stem (fr, de, es, ...)
  --stem          count the words that share a stem as one term, shown in
                  its most frequent spelling (Snowball stemmers)
  --ngrams N      count terms of exactly N words (1 to 3), or of LO to HI
                  words with LO-HI (1-3); n-grams never cross a sentence,
                  punctuation or a stop word. For yake, the longest phrase
                  (default 3)
  --no-stopwords  keep stop words
  --json          one JSON object per input, on one line each: {"file":...,
                  "method":...,"keywords":[{"term":...,"count":...,
                  "score":...},...]}; method yake adds "yake" (S) to each
  -h, --help      this text
]]

-- Splits args (from index 2 on, after the command) into options and files.
-- spec maps an option to true (a flag) or "value" (takes an argument).
-- Returns opts, files or nil, message.
local function parse(args, spec)
  local opts, files, i, only_files = {}, {}, 2, false
  while i <= #args do
    local a = args[i]
    if only_files or a == "-" or a:sub(1, 1) ~= "-" then
      files[#files + 1] = a
    elseif a == "--" then
      only_files = true
    else
      local name, value = a, nil
      if a:sub(1, 2) == "--" then
        local eq = a:find("=", 3, true)
        if eq then name, value = a:sub(1, eq - 1), a:sub(eq + 1) end
      elseif #a > 2 then
        name, value = a:sub(1, 2), a:sub(3)
      end
      local kind = spec[name]
      if not kind then return nil, format("unknown option '%s'", a) end
      if kind == "value" then
        if not value then
          i = i + 1
          value = args[i]
          if not value then return nil, format("option '%s' needs a value", name) end
        end
        opts[name] = value
      else
        if value then return nil, format("option '%s' takes no value", name) end
        opts[name] = true
      end
    end
    i = i + 1
  end
  return opts, files
end

-- The reason part of an io.open / read message ("x: No such file ...").
local function reason(path, msg)
  msg = tostring(msg or "read error")
  local prefix = path .. ": "
  if msg:sub(1, #prefix) == prefix then return msg:sub(#prefix + 1) end
  return msg
end

-- Reads a file (or stdin for "-") whole. Returns the text or nil, reason.
local function read_input(path, stdin)
  if path == "-" then
    local s, msg = stdin:read("*a")
    if not s then return nil, reason("-", msg) end
    return s
  end
  local f, msg = io.open(path, "rb")
  if not f then return nil, reason(path, msg) end
  local s, rmsg = f:read("*a")
  f:close()
  if not s then return nil, reason(path, rmsg) end
  return s
end

-- Runs fn(name, text, several) for each input; unreadable ones are reported
-- on err and skipped. Returns 0, or 2 when any input could not be read.
local function each_input(files, io_, fn)
  local status = 0
  if #files == 0 then files = {"-"} end
  for _, path in ipairs(files) do
    local s, msg = read_input(path, io_.stdin)
    if s then
      fn(path, s, #files > 1)
    else
      io_.err:write(format("kata: cannot read '%s': %s\n", path, msg))
      status = 2
    end
  end
  return status
end

local COMMANDS = {}

function COMMANDS.tokens(args, io_)
  local opts, files = parse(args, {["--json"] = true, ["--spaces"] = true,
                                   ["--fold"] = true, ["-h"] = true, ["--help"] = true})
  if not opts then return nil, files end
  if opts["-h"] or opts["--help"] then
    io_.out:write(HELP.tokens)
    return 0
  end
  local topts = {spaces = opts["--spaces"] or nil, fold = opts["--fold"] or nil}
  local json, out = opts["--json"], io_.out
  return each_input(files, io_, function(name, s, several)
    local prefix = ""
    if several then
      prefix = json and '"file":' .. M.json_string(name) .. "," or M.escape_text(name) .. "\t"
    end
    -- Lines are written in batches: one write per token is what costs most.
    local lines, n = {}, 0
    for text, kind, start, stop in kata().tokens(s, topts) do
      n = n + 1
      if json then
        lines[n] = format('{%s"text":%s,"kind":"%s","start":%d,"stop":%d}\n',
                          prefix, M.json_string(text), kind, start, stop)
      else
        lines[n] = format("%s%d\t%d\t%s\t%s\n", prefix, start, stop, kind, M.escape_text(text))
      end
      if n == 512 then
        out:write(concat(lines))
        n = 0
      end
    end
    out:write(concat(lines, "", 1, n))
  end)
end

-- The value of -n: a whole number (capped where kata.keywords stops), or
-- nil, message.
local function count_option(opts)
  local v = opts["-n"]
  if not v then return 10 end
  if not v:match("^%d+$") then
    return nil, format("option '-n' needs a whole number, got '%s'", v)
  end
  local n = tonumber(v)
  if n > 1073741824 then n = 1073741824 end
  return n
end

-- Checks counting options against the library (an unknown language raises
-- there): nil when fine, else the reason, without the "bad argument" part.
local function check_counting(kopts)
  local ok, msg = pcall(kata().count, "", kopts)
  if ok then return nil end
  msg = tostring(msg)
  return msg:match("%((.*)%)$") or msg
end

function COMMANDS.analyze(args, io_)
  local opts, files = parse(args, {["--json"] = true, ["-n"] = "value", ["--lang"] = "value",
                                   ["-h"] = true, ["--help"] = true})
  if not opts then return nil, files end
  if opts["-h"] or opts["--help"] then
    io_.out:write(HELP.analyze)
    return 0
  end
  local top, msg = count_option(opts)
  if not top then return nil, msg end
  local kopts = {lang = opts["--lang"]}
  msg = check_counting(kopts)
  if msg then return nil, msg end
  local first = true
  return each_input(files, io_, function(name, s)
    local r = M.analyze(s, top, kopts)
    if opts["--json"] then
      io_.out:write(report_json(name, r))
    else
      if not first then io_.out:write("\n") end
      io_.out:write(report_text(name, r, top))
    end
    first = false
  end)
end

-- Writes one input's keywords as tab-separated lines or one JSON line.
local function write_keywords(out, name, several, method, list, json)
  if json then
    out:write(format('{"file":%s,"method":"%s","keywords":%s}\n', M.json_string(name),
                     method, json_keywords(list)))
    return
  end
  local prefix = several and M.escape_text(name) .. "\t" or ""
  local lines = {}
  for i, kw in ipairs(list) do
    lines[i] = format("%s%.6g\t%d\t%s\n", prefix, kw.score, kw.count, M.escape_text(kw.term))
  end
  out:write(concat(lines))
end

local METHODS = {frequency = true, tfidf = true, yake = true}

function COMMANDS.keywords(args, io_)
  local opts, files = parse(args, {["--method"] = "value", ["-n"] = "value",
                                   ["--lang"] = "value", ["--stem"] = true,
                                   ["--ngrams"] = "value", ["--no-stopwords"] = true,
                                   ["--json"] = true, ["-h"] = true, ["--help"] = true})
  if not opts then return nil, files end
  if opts["-h"] or opts["--help"] then
    io_.out:write(HELP.keywords)
    return 0
  end
  local method = opts["--method"] or "frequency"
  if not METHODS[method] then
    return nil, format("unknown method '%s' (frequency, tfidf or yake)", method)
  end
  local n, msg = count_option(opts)
  if not n then return nil, msg end
  local kopts = {lang = opts["--lang"], stem = opts["--stem"] or nil}
  if opts["--no-stopwords"] then kopts.stopwords = false end
  if opts["--ngrams"] then
    local v = opts["--ngrams"]
    local lo, hi = v:match("^(%d)%-(%d)$")
    if not lo then
      lo = v:match("^%d$")
      hi = lo
    end
    lo, hi = tonumber(lo), tonumber(hi)
    if not lo or lo < 1 or hi > 3 or lo > hi then
      return nil, format("option '--ngrams' needs N or LO-HI, from 1 to 3, got '%s'", v)
    end
    kopts.ngrams = lo == hi and lo or {lo, hi}
  end
  msg = check_counting(kopts)
  if msg then return nil, msg end
  local json, out = opts["--json"], io_.out

  if method ~= "tfidf" then
    local k = kata()
    local call = {n = n, method = method}
    for key, v in pairs(kopts) do call[key] = v end
    return each_input(files, io_, function(name, s, several)
      write_keywords(out, name, several, method, k.keywords(s, call), json)
    end)
  end

  -- TF-IDF: every input is a document of one corpus, then each is ranked
  -- against it.
  local docs = {}
  local status = each_input(files, io_, function(name, s, several)
    docs[#docs + 1] = {name = name, text = s, several = several}
  end)
  local corpus = kata().corpus(kopts)
  for _, d in ipairs(docs) do corpus:add(d.text) end
  for _, d in ipairs(docs) do
    write_keywords(out, d.name, d.several, method, corpus:keywords(d.text, {n = n}), json)
  end
  return status
end

local function version()
  local k = kata()
  local jit = rawget(_G, "jit")
  local lua = jit and jit.version or _VERSION
  return format("kata %s (Unicode %s, %s)\n", k.version, k.unicode_version, lua)
end

--- Runs the command line.
-- @tparam table args the arguments, as in Lua's global `arg` (args[1] is the
--   command); only the array part is read
-- @param[opt=io.stdout] out where results go (anything with a `write` method)
-- @param[opt=io.stderr] err where error messages go
-- @param[opt=io.stdin] stdin what `-` (or no FILE) reads, with a `read` method
-- @treturn integer the exit status: 0 success, 2 usage error or unreadable input
function M.main(args, out, err, stdin)
  local io_ = {out = out or io.stdout, err = err or io.stderr, stdin = stdin or io.stdin}
  local cmd = args[1]
  if cmd == nil then
    io_.err:write(HELP.main)
    return 2
  end
  if cmd == "-h" or cmd == "--help" then
    io_.out:write(HELP.main)
    return 0
  end
  if cmd == "--version" then
    io_.out:write(version())
    return 0
  end
  if cmd == "help" then
    local topic = args[2]
    if topic == nil or HELP[topic] and topic ~= "main" then
      io_.out:write(HELP[topic or "main"])
      return 0
    end
    io_.err:write(format("kata: no help for '%s'\nTry 'kata --help'.\n", topic))
    return 2
  end
  local run = COMMANDS[cmd]
  if not run then
    local what = cmd:sub(1, 1) == "-" and "unknown option" or "unknown command"
    io_.err:write(format("kata: %s '%s'\nTry 'kata --help'.\n", what, cmd))
    return 2
  end
  local status, msg = run(args, io_)
  if not status then
    io_.err:write(format("kata %s: %s\nTry 'kata %s --help'.\n", cmd, msg, cmd))
    return 2
  end
  return status
end

-- }======================================================================

return M
