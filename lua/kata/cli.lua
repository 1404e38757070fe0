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

-- The entity types in the order reports list them (kata.entity_types,
-- which needs no C module: kata.util).
local ENTITY_TYPES = require("kata.util").entity_types

-- {======================================================================
-- UTF-8 pieces
-- ======================================================================

-- Calls fn(piece, valid, position) for the valid runs and the ill-formed
-- sequences of s (kata.utf8_pieces).
local function utf8_pieces(s, fn)
  return kata().utf8_pieces(s, fn)
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

-- math.type (Lua 5.3 and later): tells an integer from a float.
local math_type = rawget(math, "type")

-- A finite number as text that reads back as the same number: an integer
-- (or a float with an integral value below 2^63) in full, without exponent
-- or point; any other number in the fewest significant digits, 15, 16 or
-- 17, that tonumber turns back into it. nil for NaN and the infinities.
local function number_text(x)
  if x ~= x or x == math.huge or x == -math.huge then return nil end
  if math_type and math_type(x) == "integer" then return format("%d", x) end
  if x == math.floor(x) and x > -2^63 and x < 2^63 then return format("%.0f", x) end
  for _, f in ipairs({"%.15g", "%.16g"}) do
    local s = format(f, x)
    if tonumber(s) == x then return s end
  end
  return format("%.17g", x)
end

--- A number as JSON: integers exact, other numbers in the shortest form
-- that reads back equal (see above); `null` for NaN and the infinities,
-- which JSON cannot write.
-- @tparam number x
-- @treturn string
function M.json_number(x)
  return number_text(x) or "null"
end
local json_number = M.json_number

local function json_value(v)
  if type(v) == "string" then return M.json_string(v) end
  if type(v) == "number" then return json_number(v) end
  if v == nil then return "null" end
  return tostring(v)
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

-- The value of an entity in JSON: a number, a string, or {amount, currency}.
local function json_entity_value(v)
  if type(v) == "table" then
    return format('{"amount":%s,"currency":%s}', json_number(v.amount), M.json_string(v.currency))
  end
  if type(v) == "number" then return json_number(v) end
  return json_value(v)
end

-- The value of an entity as text: "1500000000000 IDR", "2019-02-25", "5".
local function text_entity_value(v)
  if type(v) == "table" then return (number_text(v.amount) or tostring(v.amount)) .. " " .. v.currency end
  if type(v) == "number" then return number_text(v) or tostring(v) end
  return tostring(v)
end

local COUNTS = {"bytes", "characters", "words", "sentences", "paragraphs"}

--- The JSON report of `kata analyze --json` for a kata.analyze result `r`
-- (made with `duplicates = "mark"`), as one line ending in a newline;
-- `"file"` comes first when `name` is given (the HTTP example,
-- examples/openresty, gives none).
-- @tparam table r what kata.analyze returned
-- @tparam[opt] string name the input's name
-- @treturn string
function M.report_json(r, name)
  local counts = {}
  for i, k in ipairs(COUNTS) do counts[i] = format('"%s":%d', k, r.counts[k]) end
  counts[#counts + 1] = '"duplicates":' .. r.counts.duplicates
  counts[#counts + 1] = '"invalid":' .. r.counts.invalid
  counts[#counts + 1] = '"first_invalid":' .. json_value(r.counts.first_invalid)
  local ents = {}
  for _, t in ipairs(ENTITY_TYPES) do
    local items = {}
    for i, e in ipairs(r.entities[t] or {}) do
      items[i] = format('{"text":%s,"count":%d%s}', M.json_string(e.text), e.count,
                        e.value ~= nil and ',"value":' .. json_entity_value(e.value) or "")
    end
    ents[#ents + 1] = format('"%s":[%s]', t, concat(items, ","))
  end
  local dups = {}
  for _, p in ipairs(r.paragraphs) do
    if p.dup_of then
      dups[#dups + 1] = format('{"start":%d,"stop":%d,"dup_of":%d,"similarity":%s,"kind":"%s"}',
                               p.start, p.stop, p.dup_of, json_number(p.similarity), p.kind)
    end
  end
  return "{" .. (name and '"file":' .. M.json_string(name) .. "," or "") .. concat({
    '"language":' .. json_value(r.language),
    '"confidence":' .. json_number(r.confidence),
    '"counts":{' .. concat(counts, ",") .. "}",
    '"keywords":' .. json_keywords(r.keywords),
    '"key_phrases":' .. json_keywords(r.key_phrases),
    '"entities":{' .. concat(ents, ",") .. "}",
    '"duplicates":[' .. concat(dups, ",") .. "]",
  }, ",") .. "}\n"
end

local function report_text(name, r, top)
  local out = {}
  local function line(...) out[#out + 1] = format(...) end
  local n = r.counts
  line("%-12s%s", "file", M.escape_text(name))
  line("%-12s%s (confidence %.2f)", "language", r.language, r.confidence)
  line("%-12s%d", "bytes", n.bytes)
  line("%-12s%d", "characters", n.characters)
  if n.invalid > 0 then
    line("%-12s%d sequence%s, the first at byte %d", "invalid", n.invalid,
         n.invalid == 1 and "" or "s", n.first_invalid)
  end
  line("%-12s%d", "words", n.words)
  line("%-12s%d", "sentences", n.sentences)
  line("%-12s%d, %d of them repeating an earlier one", "paragraphs", n.paragraphs, n.duplicates)
  if top > 0 then
    for _, l in ipairs({{"keywords", "keywords (most frequent, without stop words)"},
                        {"key_phrases", "key phrases"}}) do
      line("")
      line("%s", l[2])
      if #r[l[1]] == 0 then line("  (none)") end
      for _, kw in ipairs(r[l[1]]) do line("%6d  %s", kw.count, M.escape_text(kw.term)) end
    end
  end
  local any = false
  for _, t in ipairs(ENTITY_TYPES) do
    local list = r.entities[t]
    if list and #list > 0 then
      if not any then
        line("")
        line("entities (a line each: count, text)")
        any = true
      end
      line("  %s", t)
      for i, e in ipairs(list) do
        if top > 0 and i > top then
          line("%6s  (%d more)", "", #list - top)
          break
        end
        line("%6d  %s", e.count, M.escape_text(e.text))
      end
    end
  end
  local dups = {}
  for _, p in ipairs(r.paragraphs) do
    if p.dup_of then
      dups[#dups + 1] = format("  bytes %d-%d repeat paragraph %d (%s, %.2f)", p.start, p.stop,
                               p.dup_of, p.kind, p.similarity)
    end
  end
  if #dups > 0 then
    line("")
    line("duplicate paragraphs (left out of the entities)")
    for i, d in ipairs(dups) do
      if top > 0 and i > top then -- -n applies here too: 112,538 lines were no report
        line("  (%d more)", #dups - top)
        break
      end
      line("%s", d)
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

Unicode-aware text analytics for news text: words and sentences (UAX #29),
keywords, duplicate paragraphs and entities. Reads each FILE, or standard
input when there is none or FILE is -. A FILE that is a directory stands
for the text files under it, at any depth, in the order of their paths.

commands:
  analyze     a report of each input: language, sizes, paragraphs and their
              duplicates, keywords and key phrases, entities by type
  keywords    the keywords of each input, by key phrases, frequency, TF-IDF or YAKE!
  entities    one line per entity: start, stop, type, text, value
  dedupe      one input: its text without duplicate paragraphs; several
              (or a directory): the paragraphs repeated within and across them
  tokens      one line per token: start, stop, kind, text
  sentences   one line per sentence (UAX #29): start, stop, text
  paragraphs  one line per paragraph: start, stop, text
  help        this text, or a command's: kata help dedupe

options:
  -h, --help     this text (kata COMMAND --help for a command's own)
  --version      the versions of kata, its Unicode data and Lua

Every command also takes --strict (an input with invalid UTF-8 is an error,
not tagged around) and --progress / --no-progress: a progress bar on
standard error, after each of several inputs and through the bytes of an
input of 1 MiB or more; shown by default when it is a terminal.
analyze, entities, keywords (but --method tfidf) and dedupe (but --redis)
take -j N: several inputs processed by N worker processes (default: the
number of cores), the output in input order, the same as one process
prints.

exit status: 0 on success; 1 when an input is bad data (invalid UTF-8
under --strict, a malformed gazetteer); 2 on a usage error or an input or
file that cannot be read. The other inputs are still processed.
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

HELP.sentences = [[
usage: kata sentences [--json] [FILE...]

Prints one sentence per line (kata.sentences: UAX #29 sentence
boundaries, no list of abbreviations): start, stop and text, separated by
tabs. The text is the sentence without the white space around it; start
and stop are the 1-based inclusive byte offsets of that text in the file,
so they count bytes, not characters. Text is escaped as by kata tokens (a
line break inside a sentence is written \n). With more than one input,
each line starts with the file name and a tab.

options:
  --json     JSON Lines instead: {"text":...,"start":...,"stop":...}
             (and "file" with more than one input)
  -h, --help this text
]]

HELP.paragraphs = [[
usage: kata paragraphs [--json] [--by B] [FILE...]

Prints one paragraph per line (kata.paragraphs): start, stop and text,
separated by tabs. The text is the paragraph without the white space
around it; start and stop are the 1-based inclusive byte offsets of that
text in the file. Text is escaped as by kata tokens, so the line breaks
inside a paragraph are written \n. With more than one input, each line
starts with the file name and a tab.

options:
  --json     JSON Lines instead: {"text":...,"start":...,"stop":...}
             (and "file" with more than one input)
  --by B     auto (the default), blank or line: where paragraphs end.
             blank: at blank lines; line: at every line end; auto: blank
             when the text has a blank line between two others, else at
             line ends, joining hard-wrapped lines
  -h, --help this text
]]

HELP.analyze = [[
usage: kata analyze [--json] [-n N] [--lang L] [--threshold T] [--keep-duplicates]
                    [--all-paragraphs] [FILE...]

Prints a report for each input (kata.analyze): its name, language, bytes,
characters (valid code points; ill-formed UTF-8 sequences are counted
apart), words, sentences (UAX #29), paragraphs and how many repeat an
earlier one, the N keywords and key phrases, the entities of each type
with their counts, and the duplicate paragraphs.

Duplicate paragraphs (exact, or near: Jaccard similarity of their words at
least T) are left out of the entities, and a paragraph repeated word for
word counts once in the keywords and key phrases (as in kata keywords), so
a scraper's repeats do not count twice. Keywords are the most frequent words once stop words
are removed; key phrases are kata keywords' default (the key-phrase
method: names and noun phrases of one to three words); the number before
each is how often it occurs.

An input over 384 KiB has its entities tagged in pieces of about 256 KiB
ending at a paragraph break, as kata entities reads it (docs/cli.md).

options:
  --json             one JSON object per input, on one line each (JSON Lines):
                     file, language, confidence, counts {bytes, characters,
                     words, sentences, paragraphs, duplicates, invalid,
                     first_invalid}, keywords and key_phrases (arrays of
                     {"term","count","score"}), entities (every type ->
                     array of {"text","count"[,"value"]}), duplicates (array of {"start","stop",
                     "dup_of","similarity","kind"}: byte offsets, dup_of the
                     number of the paragraph repeated)
  -n N               keywords and key phrases to list, and entities of each
                     type and duplicate paragraphs in the text report (default
                     10, 0 for none)
  --lang L           auto (the default) or a language code (en, id, fr, de,
                     ...): stop words; names are tagged as Indonesian and
                     English
  --threshold T      the least similarity of a near duplicate (default 0.8)
  --keep-duplicates  count duplicate paragraphs like the others (implies
                     --all-paragraphs)
  --all-paragraphs   keywords and key phrases count a repeated paragraph
                     each time it occurs (unique_paragraphs = false)
  -h, --help         this text
]]

HELP.entities = [[
usage: kata entities [--json] [--lang L] [--types T,T...] [--gazetteer FILE]...
                     [FILE...]

Prints the entities of each input (kata.entities), one per line: start,
stop, type and text, separated by tabs, and the value when there is one
(a number, a date as YYYY-MM-DD, an amount and its currency). start and
stop are 1-based inclusive byte offsets. With more than one input, each
line starts with the file name and a tab. Text is escaped as by kata
tokens.

Types: PERSON, LOCATION, ORGANIZATION, DATE, TIME, MONEY, PERCENT, NUMBER,
URL, EMAIL, HASHTAG, MENTION.

options:
  --json            JSON Lines: {"text","type","start","stop"[,"value"]}
                    (and "file" with more than one input); a money value is
                    {"amount","currency"}
  --lang L          en, id or auto (the default)
  --types T,T       only these types
  --gazetteer FILE  phrases of your own, a TSV of phrase, TYPE and an
                    optional value per line (kata.gazetteer); may be given
                    more than once. A malformed line stops the run with
                    FILE:LINE and the reason (exit status 1); a file that
                    cannot be read, or is not a regular file, with exit
                    status 2
  -h, --help        this text
]]

HELP.dedupe = [[
usage: kata dedupe [--threshold T] [--exact] [--by B] [--json] [--list]
                   [--redis HOST:PORT] [--index NAME] [--replicas N] [FILE...]

With one input: writes its text without the paragraphs that repeat an
earlier one (kata.dedupe): every kept byte as it was. With --list, or with
several inputs or a directory: lists the repeated paragraphs instead, one
per line:

  FILE:LINE  paragraph N  repeats  FILE:LINE  paragraph M  (kind, similarity)

where the first is the repeat and the second its first occurrence, in the
same or an earlier input. One input: the pairs kata.duplicates finds, the
paragraphs kata dedupe removes. Across files every paragraph goes through
one duplicate index (kata.index): exact repeats after normalisation, and
near ones whose words' Jaccard similarity is at least T, confirmed exactly
(never a pair kata.duplicates would reject; a teaser is not matched).
With -j N, N worker processes read the inputs and prepare their
paragraphs; the one index takes them in input order, so the list is the
same. A summary line goes to standard error.

options:
  --threshold T  the least similarity of a near duplicate (default 0.8)
  --exact        exact repeats only (after case, white space, quotes, dashes)
  --by B         auto (the default), blank or line: where paragraphs end
  --list         list the duplicates of a single input instead of removing them
  --json         JSON Lines: {"file","paragraph","line","start","stop",
                 "dup_file","dup_paragraph","dup_line","kind","similarity",
                 "text"}
  --redis HOST:PORT  list the repeats against one index shared on a Redis
                 Cluster with the kata module (docs/redis.md), which every
                 paragraph not found there joins, as "PARAGRAPH:LINE:FILE";
                 near matches are estimated, as KATA.SHARD.* keeps no text
  --index NAME   the shared index's name (default kata)
  --replicas N   each add waits until N replicas have it (default 0)
  -h, --help     this text
]]

HELP.keywords = [[
usage: kata keywords [--method M] [-n N] [--lang L] [--stem] [--ngrams N]
                     [--no-stopwords] [--all-paragraphs] [--json] [FILE...]

Prints the N best keywords of each input, best first, one per line: score,
count and term, separated by tabs (with more than one input, each line
starts with the file name and a tab). Terms are case-folded; stop words,
numbers and words of one character (two, for yake) are left out. A
paragraph repeated word for word (case, spacing and punctuation aside)
counts once, as in kata analyze and every other route.

methods (--method):
  keyphrase  the default: key phrases of one to three words from a single
             text (names and noun-phrase-like runs of words, ranked by
             count, word rarity, capitals and position; words sharing a
             stem are one); score: higher is better
  frequency  the most frequent terms; score is the term's share of all
             counted terms
  tfidf      frequency weighed by rarity across the inputs: all the inputs
             form one collection (kata.corpus) and each input's terms score
             count * idf, so words every input uses sink. Give it several
             files; with one input every idf is 1 and the order is by count
  yake       YAKE!: key phrases of one to three words from a single text,
             from casing, position, frequency and context; score is
             1 / (1 + S), where S is YAKE!'s score (lower S is better)

options:
  -n N            how many keywords per input (default 10)
  --lang L        the language for stop words and stemming: auto (the
                  default) or a code with a built-in list (en, id, fr, de,
                  es, ...: the 28 Snowball stems). With --no-stopwords, also
                  Snowball's own names (french, porter)
  --stem          count the words that share a stem as one term, shown in
                  its most frequent spelling (Snowball stemmers)
  --ngrams N      count terms of exactly N words (1 to 3), or of LO to HI
                  words with LO-HI (1-3); n-grams never cross a sentence,
                  punctuation or a stop word. For keyphrase and yake, the
                  longest phrase (default 3)
  --no-stopwords  keep stop words
  --all-paragraphs
                  count a repeated paragraph each time it occurs
  --json          one JSON object per input, on one line each: {"file":...,
                  "method":...,"keywords":[{"term":...,"count":...,
                  "score":...},...]}; method yake adds "yake" (S) to each
  -h, --help      this text
]]

-- Splits args (from index 2 on, after the command) into options and files.
-- spec maps an option to true (a flag) or "value" (takes an argument).
-- Returns opts, files or nil, message.
local COMMON = {["--strict"] = true, ["--progress"] = true, ["--no-progress"] = true,
                ["-h"] = true, ["--help"] = true, ["-j"] = "value", ["--worker"] = "value"}

local parse, expand, buffer

-- parse() for a command, with its help: returns opts, files; or nil, nil,
-- 0 when the help was asked for (and printed); or nil, message. files is
-- {"-"} when none is given, and directories are expanded (see expand).
local function options(args, io_, name, spec)
  local opts, files = parse(args, spec)
  if opts and (opts["-h"] or opts["--help"]) then
    io_.out:write(HELP[name])
    return nil, nil, 0
  end
  if opts then
    local j = opts["-j"]
    if j and not (j:match("^%d+$") and tonumber(j) >= 1) then
      return nil, format("option '-j' needs a positive integer, got '%s'", j)
    end
    local w = opts["--worker"]
    if w and not w:match("^%d+/%d+$") then return nil, format("bad --worker '%s'", w) end
    if #files == 0 then files[1] = "-" end
    files = expand(files)
  end
  return opts, files
end

function parse(args, spec)
  local opts, files, i, only_files = {}, {}, 2, false
  for k, v in pairs(COMMON) do
    if spec[k] == nil then spec[k] = v end
  end
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

-- A string quoted for sh.
local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Whether path names a directory: "path/." opens only then (a regular
-- file or a FIFO gives "Not a directory"), and nothing is read.
local function is_directory(path)
  if path == "-" then return false end
  local f = io.open(path .. "/.", "rb")
  if not f then return false end
  f:close()
  return true
end

-- The regular files under the directory dir, recursively, sorted by path
-- byte by byte: `find DIR -type f -print0` (Lua cannot list a directory),
-- so symbolic links inside it are not followed. Returns the list and
-- find's complaints (unreadable subdirectories...), or nil.
local function list_files(dir)
  local err_file = os.tmpname()
  local arg = dir:sub(1, 1) == "-" and "./" .. dir or dir
  local p = io.popen("find " .. shell_quote(arg) .. " -type f -print0 2>" .. shell_quote(err_file))
  local list = {}
  if p then
    local names = p:read("*a") or ""
    p:close()
    for name in names:gmatch("%Z+") do list[#list + 1] = name end
  end
  local f = io.open(err_file, "rb")
  local complaint = f and f:read("*a") or ""
  if f then f:close() end
  os.remove(err_file)
  table.sort(list)
  complaint = complaint:gsub("%s+$", "")
  return list, complaint ~= "" and complaint or (not p and "cannot run find" or nil)
end

-- The inputs, each directory replaced by the files under it. The result
-- is an array of paths, with `listed[i]` true for a file found in a
-- directory (read only if it is text), `failed[i]` a message for a
-- directory that could not be listed in full, and `several` true when
-- there is more than one input or a directory.
function expand(files)
  local out = {listed = {}, failed = {}, several = #files > 1}
  for _, path in ipairs(files) do
    if is_directory(path) then
      out.several = true
      local list, complaint = list_files(path)
      for _, name in ipairs(list) do
        out[#out + 1] = name
        out.listed[#out] = true
      end
      if complaint then
        out[#out + 1] = path
        out.failed[#out] = complaint
      end
    else
      out[#out + 1] = path
    end
  end
  out.several = out.several or #out > 1
  return out
end

-- The reason part of an io.open / read message ("x: No such file ...").
local function reason(path, msg)
  msg = tostring(msg or "read error")
  local prefix = path .. ": "
  if msg:sub(1, #prefix) == prefix then return msg:sub(#prefix + 1) end
  return msg
end

-- An input this big (bytes) gets a progress bar of its own bytes.
local BIG = 1048576

-- Reads a file (or stdin for "-") whole. Returns the text or nil, reason;
-- with text_only, false (nothing more read) when a NUL byte is in the
-- first 8 KiB. With on_read, a file of BIG bytes or more is read in blocks,
-- on_read(bytes read, size) after each.
local function read_input(path, stdin, text_only, on_read)
  if path == "-" then
    local s, msg = stdin:read("*a")
    if not s then return nil, reason("-", msg) end
    return s
  end
  local f, msg = io.open(path, "rb")
  if not f then return nil, reason(path, msg) end
  if text_only then
    -- a regular file (find -type f): read again from the start after this
    local head = f:read(8192)
    if head and head:find("%z") then
      f:close()
      return false
    end
    f:seek("set", 0)
  end
  local size = on_read and f:seek("end") or 0
  if size and size >= BIG then
    f:seek("set", 0)
    local parts, got = {}, 0
    while true do
      local block = f:read(BIG)
      if not block then break end
      parts[#parts + 1] = block
      got = got + #block
      on_read(got, size)
    end
    f:close()
    return concat(parts)
  end
  if on_read then f:seek("set", 0) end
  local s, rmsg = f:read("*a")
  f:close()
  if not s then return nil, reason(path, rmsg) end
  return s
end

-- Whether standard error is a terminal (asked once, of the shell: plain Lua
-- has no isatty).
local stderr_tty
local function stderr_is_tty()
  if stderr_tty == nil then
    local ok, how, code = os.execute("test -t 2")
    stderr_tty = (ok == true and how == "exit" and code == 0) or ok == 0
  end
  return stderr_tty
end

-- A progress bar on err, redrawn in place: bar.files(12, 40, name) after
-- each of several inputs ("[#####.....] 12/40 name"), bar.bytes(done,
-- total, what, name) within a big one ("[##........] 12.0/50.0 MB reading
-- name"), bar.stop() to leave the line.
local function progress_bar(err)
  local width, open = 24, false
  local function draw(ratio, label, name)
    local fill = math.floor(width * ratio)
    if fill > width then fill = width end
    if #name > 40 then name = "..." .. name:sub(-37) end
    err:write(format("\r[%s%s] %-26s %-40s", string.rep("#", fill), string.rep(".", width - fill),
                     label, M.escape_text(name)))
    open = true
  end
  local bar = {}
  function bar.stop()
    if open then err:write("\n") end
    open = false
  end
  function bar.files(done, total, name)
    draw(done / total, format("%d/%d", done, total), name)
    if done == total then bar.stop() end
  end
  function bar.bytes(done, total, what, name)
    draw(total > 0 and done / total or 1, format("%.1f/%.1f MB %s", done / 1e6, total / 1e6, what),
         name)
  end
  return bar
end

-- The progress bar of a run, or nil: when standard error is a terminal (or
-- with --progress), never with --no-progress; it shows each of several
-- inputs, and the bytes of an input of 1 MiB or more as they are read and
-- processed.
local function progress_of(opts, io_)
  if opts["--no-progress"] then return nil end
  if opts["--progress"] or (io_.err == io.stderr and stderr_is_tty()) then
    return progress_bar(io_.err)
  end
end

-- Runs fn(name, text, several, tick, i) for each input (files as options
-- gives them; i its place among them); unreadable ones are reported on err and skipped, and so are
-- ones with invalid UTF-8 under --strict. A file found in a directory is
-- skipped quietly when it is not text: a NUL byte in its first 8 KiB. fn
-- may call tick(bytes) with how much of the text it has processed, for
-- the progress bar. Returns 0, 1 when an input was bad data, or 2 when one
-- could not be read.
local each_input_here, each_input_workers

-- The number of cores: nproc, else the processors in /proc/cpuinfo, else 1.
local cores
local function core_count()
  if cores then return cores end
  local p = io.popen("nproc 2>/dev/null")
  local n = p and tonumber((p:read("*a") or ""):match("%d+"))
  if p then p:close() end
  if not n then
    local f = io.open("/proc/cpuinfo", "rb")
    local info = f and f:read("*a") or ""
    if f then f:close() end
    local _, count = info:gsub("\nprocessor%s*:", "")
    if info:find("^processor%s*:") then count = count + 1 end
    n = count > 0 and count or 1
  end
  cores = n
  return n
end

local function each_input(files, io_, fn, opts, par)
  opts = opts or {}
  -- -j N (default: the cores): N worker processes, each running this
  -- command with --worker K/N on every Nth input, their output merged
  -- here in input order. Only for a command that gives par, from bin/kata
  -- (M.self), for two inputs or more, none of them standard input. par.sep
  -- goes between two inputs' output; par.merge(i, name, output), when
  -- given, takes each input's output instead of writing it.
  local jobs = tonumber(opts["-j"] or "") or core_count()
  if par and M.self and not opts["--worker"] and jobs > 1 and #files > 1 then
    local stdin = false
    for _, path in ipairs(files) do stdin = stdin or path == "-" end
    if not stdin then return each_input_workers(files, io_, opts, par, math.min(jobs, #files)) end
  end
  return each_input_here(files, io_, fn, opts)
end

-- A worker's records on its standard output, one per input of its share:
-- "INDEX STATUS OUTLEN ERRLEN\n" then the input's output and error bytes.
-- io_.out and io_.err are buffers (M.main makes them for --worker).
function each_input_workers(files, io_, opts, par, n)
  local cmd = {}
  for i, a in ipairs(M.self) do cmd[i] = shell_quote(a) end
  local skip = false
  for i = 1, #io_.args do
    local a = io_.args[i]
    if skip then
      skip = false
    elseif a == "-j" then
      skip = true
    elseif a:sub(1, 2) ~= "-j" and a ~= "--progress" then
      cmd[#cmd + 1] = shell_quote(a)
    end
  end
  cmd[#cmd + 1] = "--no-progress"
  local base = concat(cmd, " ")
  local procs = {}
  for k = 1, n do procs[k] = io.popen(base .. " --worker " .. k .. "/" .. n, "r") end
  local bar = progress_of(opts, io_)
  local status, wrote = 0, false
  for i, path in ipairs(files) do
    local p = procs[(i - 1) % n + 1]
    local head = p and p:read("*l")
    local idx, st, olen, elen = (head or ""):match("^(%d+) (%d) (%d+) (%d+)$")
    if tonumber(idx) ~= i then
      io_.err:write(format("kata: a worker stopped before '%s'\n", path))
      status = 2
      break
    end
    local o = tonumber(olen) > 0 and p:read(tonumber(olen)) or ""
    local e = tonumber(elen) > 0 and p:read(tonumber(elen)) or ""
    if o ~= "" and par.merge then
      par.merge(i, path, o)
    elseif o ~= "" then
      if wrote and par.sep then io_.out:write(par.sep) end
      wrote = true
      io_.out:write(o)
    end
    if e ~= "" then
      if io_.out.flush then io_.out:flush() end
      io_.err:write(e)
    end
    st = tonumber(st)
    if st == 2 then status = 2 elseif st == 1 and status == 0 then status = 1 end
    if bar then bar.files(i, #files, path) end
  end
  for _, p in ipairs(procs) do p:close() end
  return status
end

function each_input_here(files, io_, fn, opts)
  local status = 0
  local worker = opts["--worker"]
  local wk, wn = 1, 1
  if worker then wk, wn = worker:match("^(%d+)/(%d+)$") end
  wk, wn = tonumber(wk), tonumber(wn)
  local listed, failed = files.listed or {}, files.failed or {}
  local several = files.several
  if several == nil then several = #files > 1 end
  local bar = progress_of(opts, io_)
  local progress = bar and #files > 1 and bar.files
  local noop = function() end
  for i, path in ipairs(files) do
    if (i - 1) % wn + 1 == wk then
      local fs = 0
      local s, msg
      local on_read = bar and function(done, size) bar.bytes(done, size, "read", path) end
      if failed[i] then
        msg = failed[i]
      else
        s, msg = read_input(path, io_.stdin, listed[i], on_read)
      end
      if s then
        local ok, bad = true, nil
        if opts["--strict"] then ok, bad = kata().validate(s) end
        local tick = noop
        if bar and #s >= BIG then
          tick = function(done) bar.bytes(done, #s, "done", path) end
          tick(0)
        end
        if ok then
          fn(path, s, several, tick, i)
          if tick ~= noop then
            tick(#s)
            if not progress then bar.stop() end
          end
        else
          io_.err:write(format("kata: %s: invalid UTF-8 at byte %d\n", path, bad))
          if status == 0 then status = 1 end
          fs = 1
        end
      elseif s == nil then
        io_.err:write(format("kata: cannot read '%s': %s\n", path, msg))
        status = 2
        fs = 2
      end -- false: a file in a directory that is not text, skipped
      if progress then progress(i, #files, path) end
      if worker then
        local o, e = io_.out:take(), io_.err:take()
        io_.real_out:write(format("%d %d %d %d\n", i, fs, #o, #e), o, e)
        io_.real_out:flush()
      end
    end
  end
  return status
end

-- A text over 1.5 x CHUNK bytes is read by kata entities (and its
-- entities by kata analyze) in pieces of about CHUNK bytes ending at a
-- paragraph break (a blank line; else a line end), so that its memory
-- follows the piece, not the text: fn(piece, offset) for each, offset the
-- bytes before the piece (kata.util.each_piece). 256 KiB: the tagger's
-- peak grows faster than its piece (1 MiB pieces: 4.6 times a 50 MB
-- input; 256 KiB: 2.5 times).
local CHUNK = 262144
local function each_piece(s, fn)
  return require("kata.util").each_piece(s, CHUNK, fn)
end

local COMMANDS = {}

function COMMANDS.tokens(args, io_)
  local spec = {["--json"] = true, ["--spaces"] = true, ["--fold"] = true}
  local opts, files, done = options(args, io_, "tokens", spec)
  if not opts then return done, files end
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
  end, opts)
end

-- Writes spans {text, start, stop} of one input as tab-separated lines or
-- JSON Lines, with the file name first when there are several inputs.
local function write_spans(out, name, several, json, spans)
  local prefix = ""
  if several then
    prefix = json and '"file":' .. M.json_string(name) .. "," or M.escape_text(name) .. "\t"
  end
  local lines, n = {}, 0
  for _, p in ipairs(spans) do
    n = n + 1
    if json then
      lines[n] = format('{%s"text":%s,"start":%d,"stop":%d}\n', prefix, M.json_string(p.text),
                        p.start, p.stop)
    else
      lines[n] = format("%s%d\t%d\t%s\n", prefix, p.start, p.stop, M.escape_text(p.text))
    end
    if n == 512 then
      out:write(concat(lines))
      n = 0
    end
  end
  out:write(concat(lines, "", 1, n))
end

function COMMANDS.sentences(args, io_)
  local opts, files, done = options(args, io_, "sentences", {["--json"] = true})
  if not opts then return done, files end
  return each_input(files, io_, function(name, s, several)
    -- The trimmed sentences, found in order in s: only white space lies
    -- between one and the next, so the first match from there is it.
    local spans, from = {}, 1
    for _, text in ipairs(kata().sentences(s, {trim = true})) do
      local start = s:find(text, from, true)
      if start then
        spans[#spans + 1] = {text = text, start = start, stop = start + #text - 1}
        from = start + #text
      end
    end
    write_spans(io_.out, name, several, opts["--json"], spans)
  end, opts)
end

function COMMANDS.paragraphs(args, io_)
  local opts, files, done = options(args, io_, "paragraphs", {["--json"] = true, ["--by"] = "value"})
  if not opts then return done, files end
  local by = opts["--by"] or "auto"
  if by ~= "auto" and by ~= "blank" and by ~= "line" then
    return nil, format("option '--by' needs auto, blank or line, got '%s'", by)
  end
  return each_input(files, io_, function(name, s, several)
    write_spans(io_.out, name, several, opts["--json"], kata().paragraphs(s, {by = by}))
  end, opts)
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

-- The value of --threshold: a number from 0 to 1, or nil, message.
local function threshold_option(opts)
  local v = opts["--threshold"]
  if not v then return nil end
  local t = tonumber(v)
  if not t or t < 0 or t > 1 then
    return nil, format("option '--threshold' needs a number from 0 to 1, got '%s'", v)
  end
  return t
end

-- The value of --lang for entities and analysis: en, id or auto.
local function lang_option(opts)
  local v = opts["--lang"] or "auto"
  if v ~= "en" and v ~= "id" and v ~= "auto" then
    return nil, format("option '--lang' needs en, id or auto, got '%s'", v)
  end
  return v
end

-- The value of --lang for analysis: auto, or any code kata.analyze takes
-- (a built-in list or a stemmer: en, id, fr, de, ...).
local function analyze_lang_option(opts)
  local v = opts["--lang"] or "auto"
  local ok = pcall(kata().analyze, "", {lang = v, counts = false, paragraphs = false,
                                        keywords = false, key_phrases = false, entities = false})
  if not ok then
    return nil, format("option '--lang' needs auto or a language code kata knows, got '%s'", v)
  end
  return v
end

function COMMANDS.analyze(args, io_)
  local spec = {["--json"] = true, ["-n"] = "value", ["--lang"] = "value",
                ["--threshold"] = "value", ["--keep-duplicates"] = true,
                ["--all-paragraphs"] = true}
  local opts, files, done = options(args, io_, "analyze", spec)
  if not opts then return done, files end
  local top, msg = count_option(opts)
  if not top then return nil, msg end
  local lang, threshold
  lang, msg = analyze_lang_option(opts)
  if not lang then return nil, msg end
  threshold, msg = threshold_option(opts)
  if msg then return nil, msg end
  -- piece: the entities of a big input are tagged in pieces, as kata
  -- entities reads it (see each_piece)
  local aopts = {lang = lang, n = top, threshold = threshold, piece = CHUNK, paragraphs = "duplicates",
                 duplicates = not opts["--keep-duplicates"] and "mark" or false,
                 unique_paragraphs = not (opts["--all-paragraphs"] or opts["--keep-duplicates"])}
  local first = true
  -- (a worker's reports are parted by the process merging them: par.sep)
  local worker = opts["--worker"]
  return each_input(files, io_, function(name, s)
    local r = kata().analyze(s, aopts)
    r.paragraphs = r.paragraphs or {}
    if opts["--json"] then
      io_.out:write(M.report_json(r, name))
    else
      if not first and not worker then io_.out:write("\n") end
      io_.out:write(report_text(name, r, top))
    end
    first = false
  end, opts, {sep = not opts["--json"] and "\n" or nil})
end

-- Loads the --gazetteer files: a list of gazetteers, or nil, the message
-- and the exit status: 1 for a malformed line ("FILE:LINE: message"), 2
-- for a file that cannot be read (missing, not a regular file, too large).
local function load_gazetteers(paths)
  local list = {}
  for _, path in ipairs(paths) do
    local g = kata().gazetteer()
    local ok, msg = g:load(path)
    if not ok then
      msg = tostring(msg)
      if msg:sub(1, #path + 1) == path .. ":" and msg:find("^%d+: ", #path + 2) then
        return nil, msg, 1
      end
      return nil, format("cannot read '%s': %s", path, reason(path, msg)), 2
    end
    list[#list + 1] = g
  end
  return list
end

function COMMANDS.entities(args, io_)
  local gaz = {}
  -- --gazetteer may repeat: gather them before the common parse.
  local rest = {args[1]}
  local i = 2
  while i <= #args do
    local a = args[i]
    if a == "--gazetteer" and args[i + 1] then
      gaz[#gaz + 1] = args[i + 1]
      i = i + 2
    elseif a:sub(1, 12) == "--gazetteer=" then
      gaz[#gaz + 1] = a:sub(13)
      i = i + 1
    else
      rest[#rest + 1] = a
      i = i + 1
    end
  end
  local spec = {["--json"] = true, ["--lang"] = "value", ["--types"] = "value",
                ["--gazetteer"] = "value"}
  local opts, files, done = options(rest, io_, "entities", spec)
  if not opts then return done, files end
  local lang, msg = lang_option(opts)
  if not lang then return nil, msg end
  local eopts = {lang = lang}
  if opts["--types"] then
    eopts.types = {}
    for t in opts["--types"]:gmatch("[^,%s]+") do
      local T = t:upper()
      local known = false
      for _, name in ipairs(ENTITY_TYPES) do known = known or name == T end
      if not known then return nil, format("unknown entity type '%s'", t) end
      eopts.types[T] = true
    end
  end
  if #gaz > 0 then
    local list, gmsg, gstatus = load_gazetteers(gaz)
    if not list then
      io_.err:write(format("kata entities: %s\n", gmsg))
      return gstatus
    end
    eopts.gazetteer = list
  end
  local json, out = opts["--json"], io_.out
  return each_input(files, io_, function(name, s, several, tick)
    local prefix = ""
    if several then
      prefix = json and '"file":' .. M.json_string(name) .. "," or M.escape_text(name) .. "\t"
    end
    each_piece(s, function(piece, at)
      local lines = {}
      for k, e in ipairs(kata().entities(piece, eopts)) do
        local start, stop = e.start + at, e.stop + at
        if json then
          local v = e.value ~= nil and ',"value":' .. json_entity_value(e.value) or ""
          lines[k] = format('{%s"text":%s,"type":"%s","start":%d,"stop":%d%s}\n', prefix,
                            M.json_string(e.text), e.type, start, stop, v)
        else
          local v = e.value ~= nil and "\t" .. M.escape_text(text_entity_value(e.value)) or ""
          lines[k] = format("%s%d\t%d\t%s\t%s%s\n", prefix, start, stop, e.type,
                            M.escape_text(e.text), v)
        end
      end
      out:write(concat(lines))
      lines = nil -- luacheck: ignore 311
      collectgarbage() -- the piece's entities, before the next piece's
      tick(at + #piece)
    end)
  end, opts, {})
end

-- Writes a summary line on err once what is on out is written, so the two
-- come in order when they go to the same place.
local function summary(io_, ...)
  if io_.out.flush then io_.out:flush() end
  io_.err:write(format(...))
end

-- The line of byte offset pos in s (1-based).
local function line_at(s, pos, cache)
  -- cache: {pos = last offset asked, line = its line}; offsets come in order
  local from, line = 1, 1
  if cache.pos and cache.pos <= pos then from, line = cache.pos, cache.line end
  while true do -- a find for each line end: no copy of the text between
    local nl = s:find("\n", from, true)
    if not nl or nl >= pos then break end
    line, from = line + 1, nl + 1
  end
  cache.pos, cache.line = pos, line
  return line
end

-- Writes one repeat of kata dedupe --list: paragraph j of name (at line,
-- p its paragraph) repeats paragraph dj of dname (at dline).
local function write_repeat(out, json, name, j, line, p, dname, dj, dline, kind, sim)
  if json then
    out:write(format('{"file":%s,"paragraph":%d,"line":%d,"start":%d,"stop":%d,' ..
                     '"dup_file":%s,"dup_paragraph":%d,"dup_line":%d,"kind":"%s",' ..
                     '"similarity":%s,"text":%s}\n', M.json_string(name), j, line,
                     p.start, p.stop, M.json_string(dname), dj, dline, kind,
                     json_number(sim), M.json_string(p.text)))
  else
    out:write(format("%s:%d\tparagraph %d\trepeats\t%s:%d\tparagraph %d\t(%s, %.3f)\n",
                     M.escape_text(name), line, j, M.escape_text(dname), dline, dj, kind, sim))
  end
end

-- kata dedupe --redis: every paragraph through the index shared on a
-- Redis Cluster (kata.redis_dup), its id "PARAGRAPH:LINE:FILE".
local function dedupe_redis(opts, files, io_, dopts)
  local replicas = tonumber(opts["--replicas"] or "0")
  if not replicas or replicas < 0 or replicas % 1 ~= 0 then
    return nil, format("option '--replicas' needs a whole number, got '%s'", opts["--replicas"])
  end
  local ok, cluster = pcall(require, "kata.redis_cluster")
  if not ok then return nil, "--redis needs LuaSocket (Debian: lua-socket)" end
  local c, err = cluster.connect(opts["--redis"])
  if not c then
    io_.err:write(format("kata dedupe: %s\n", err))
    return 2
  end
  local d = require("kata.redis_dup").new(c, opts["--index"] or "kata",
    {threshold = dopts.threshold, method = dopts.method, replicas = replicas})
  local found, paragraphs, failed = 0, 0, nil
  local status = each_input(files, io_, function(name, s)
    local cache = {}
    for j, p in ipairs(kata().paragraphs(s, {by = dopts.by})) do
      paragraphs = paragraphs + 1
      local line = line_at(s, p.start, cache)
      local good, of, sim, kind = pcall(d.add, d, j .. ":" .. line .. ":" .. name, p.text)
      if not good then
        failed = of
        break
      end
      if of then
        found = found + 1
        local dj, dline, dname = of:match("^(%d+):(%d+):(.*)$")
        write_repeat(io_.out, opts["--json"], name, j, line, p, dname or of, tonumber(dj) or 0,
                     tonumber(dline) or 0, kind, sim)
      end
    end
  end, opts)
  c:close()
  if failed then
    io_.err:write(format("kata dedupe: %s\n", failed))
    return 1
  end
  summary(io_, "kata dedupe: %d of %d paragraphs repeat an earlier one\n", found, paragraphs)
  return status
end

function COMMANDS.dedupe(args, io_)
  local spec = {["--threshold"] = "value", ["--exact"] = true, ["--by"] = "value",
                ["--json"] = true, ["--list"] = true, ["--redis"] = "value",
                ["--index"] = "value", ["--replicas"] = "value"}
  local opts, files, done = options(args, io_, "dedupe", spec)
  if not opts then return done, files end
  local threshold, msg = threshold_option(opts)
  if msg then return nil, msg end
  local by = opts["--by"] or "auto"
  if by ~= "auto" and by ~= "blank" and by ~= "line" then
    return nil, format("option '--by' needs auto, blank or line, got '%s'", by)
  end
  local dopts = {threshold = threshold, by = by, method = opts["--exact"] and "exact" or nil}
  local out = io_.out
  if opts["--redis"] then return dedupe_redis(opts, files, io_, dopts) end
  if #files <= 1 and not files.several and not opts["--list"] and not opts["--json"] then
    local removed = 0
    local status = each_input(files, io_, function(_, s)
      local text, n = kata().dedupe(s, dopts)
      out:write(text)
      removed = n
    end, opts)
    if status == 0 then
      summary(io_, "kata dedupe: %d duplicate paragraph%s removed\n", removed,
              removed == 1 and "" or "s")
    end
    return status
  end

  -- One input: the pairs kata.duplicates finds, which are what kata dedupe
  -- removes (teasers too), listed.
  if #files <= 1 and not files.several then
    local found, paragraphs = 0, 0
    local status = each_input(files, io_, function(name, s)
      local cache, paras = {}, kata().paragraphs(s, {by = by})
      paragraphs = #paras
      for j, d in ipairs(kata().duplicates(s, dopts)) do
        if d then
          found = found + 1
          local p, o = paras[j], paras[d.dup_of]
          write_repeat(out, opts["--json"], name, j, line_at(s, p.start, cache), p,
                       name, d.dup_of, line_at(s, o.start, cache), d.kind, d.similarity)
        end
      end
    end, opts)
    if status == 0 then
      summary(io_, "kata dedupe: %d of %d paragraphs repeat an earlier one\n", found, paragraphs)
    end
    return status
  end

  -- Every paragraph of every input through one index, with a store so
  -- near matches are confirmed exactly. Each input is prepared first:
  -- its paragraphs' records, shingle sets and keys (idx:prepare, which
  -- depends on nothing before it), by -j's worker processes when there
  -- are several, else here; the one index then adds the prepared inputs
  -- in input order (idx:add_prepared), so a paragraph repeats the first
  -- earlier one whatever the file, as one process finds it.
  local json = opts["--json"]
  local prep = kata().index({threshold = threshold, method = dopts.method})
  -- The prepared paragraphs of input i (text s): each one's key is
  -- "I:J:LINE" (input, paragraph, line), with ":START:STOP" for --json.
  local function prepare(i, s)
    local keys, texts, cache = {}, {}, {}
    for j, p in ipairs(kata().paragraphs(s, {by = by})) do
      local line = line_at(s, p.start, cache)
      keys[j] = json and format("%d:%d:%d:%d:%d", i, j, line, p.start, p.stop)
                or format("%d:%d:%d", i, j, line)
      texts[j] = p.text
    end
    return prep:prepare(keys, texts)
  end
  if opts["--worker"] then
    -- a worker of -j: each input's prepared paragraphs, and its text for
    -- --json (the repeats' text), to the process that adds them
    return each_input(files, io_, function(_, s, _, _, i)
      local items = prepare(i, s)
      io_.out:write(#items, "\n", items, json and s or "")
    end, opts, {})
  end

  -- The store's file is removed as soon as the index has it open (POSIX
  -- keeps it until closed), so no exit leaves it behind: not SIGPIPE from
  -- `| head`, not an error; where an open file cannot be removed, it is
  -- at the end.
  local store = os.tmpname()
  local idx, imsg = kata().index({threshold = threshold, method = dopts.method, store = store})
  local gone = os.remove(store)
  if not idx then
    io_.err:write(format("kata dedupe: %s\n", imsg))
    return 2
  end
  local found, paragraphs, failed = 0, 0, nil
  -- The inputs' names as the lines show them, by the input's number as a
  -- key gives it (a string): made once each.
  local shown = setmetatable({}, {__index = function(t, k)
    local name = files[tonumber(k)]
    local v = json and M.json_string(name) or M.escape_text(name)
    t[k] = v
    return v
  end})
  -- What a line shows of the earlier paragraph whose key is k: made once
  -- for each of the last 65,536 asked for (boilerplate repeats one
  -- paragraph many times).
  local dup_parts, ndup = {}, 0
  local function dup_part(k)
    local v = dup_parts[k]
    if v then return v end
    local di, dj, dline = k:match("^(%d+):(%d+):(%d+)")
    if json then
      v = format('"dup_file":%s,"dup_paragraph":%s,"dup_line":%s', shown[di], dj, dline)
    else
      v = format("%s:%s\tparagraph %s", shown[di], dline, dj)
    end
    if ndup == 65536 then dup_parts, ndup = {}, 0 end
    dup_parts[k], ndup = v, ndup + 1
    return v
  end
  -- Adds input i's prepared paragraphs (items) and lists its repeats, as
  -- write_repeat does, with the numbers as the keys hold them; s is its
  -- text, needed for --json only.
  local function add(i, items, s)
    local hits, n, amsg = idx:add_prepared(items)
    paragraphs = paragraphs + n
    local lines, m = {}, 0
    local name = shown[tostring(i)]
    for h = 1, #hits, 5 do
      m, found = m + 1, found + 1
      if json then
        local line, start, stop = hits[h + 1]:match("^%d+:%d+:(%d+):(%d+):(%d+)$")
        lines[m] = format('{"file":%s,"paragraph":%d,"line":%s,"start":%s,"stop":%s,%s,' ..
                          '"kind":"%s","similarity":%s,"text":%s}\n', name, hits[h], line,
                          start, stop, dup_part(hits[h + 2]), hits[h + 4],
                          json_number(hits[h + 3]),
                          M.json_string(s:sub(tonumber(start), tonumber(stop))))
      else
        lines[m] = format("%s:%s\tparagraph %d\trepeats\t%s\t(%s, %.3f)\n", name,
                          hits[h + 1]:match("%d+$"), hits[h], dup_part(hits[h + 2]),
                          hits[h + 4], hits[h + 3])
      end
      if m == 512 then
        out:write(concat(lines))
        m = 0
      end
    end
    out:write(concat(lines, "", 1, m))
    if amsg then
      failed = amsg -- the paragraph that failed counts; the input's others are left
      paragraphs = paragraphs + 1
    end
  end
  local status = each_input(files, io_, function(_, s, _, _, i)
    add(i, prepare(i, s), s)
  end, opts, {merge = function(i, _, o)
    local nl = o:find("\n", 1, true)
    local len = tonumber(o:sub(1, nl - 1))
    add(i, o:sub(nl + 1, nl + len), o:sub(nl + len + 1))
  end})
  idx = nil -- luacheck: ignore 311
  collectgarbage()
  if not gone then os.remove(store) end
  if failed then
    io_.err:write(format("kata dedupe: %s\n", failed))
    return 1
  end
  summary(io_, "kata dedupe: %d of %d paragraphs repeat an earlier one\n", found, paragraphs)
  return status
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

local METHODS = {keyphrase = true, frequency = true, tfidf = true, yake = true}

function COMMANDS.keywords(args, io_)
  local spec = {["--method"] = "value", ["-n"] = "value", ["--lang"] = "value",
                ["--stem"] = true, ["--ngrams"] = "value", ["--no-stopwords"] = true,
                ["--json"] = true, ["--all-paragraphs"] = true}
  local opts, files, done = options(args, io_, "keywords", spec)
  if not opts then return done, files end
  local method = opts["--method"] or "keyphrase"
  if not METHODS[method] then
    return nil, format("unknown method '%s' (keyphrase, frequency, tfidf or yake)", method)
  end
  local n, msg = count_option(opts)
  if not n then return nil, msg end
  local kopts = {lang = opts["--lang"], stem = opts["--stem"] or nil}
  if opts["--no-stopwords"] then kopts.stopwords = false end
  if opts["--all-paragraphs"] then kopts.unique_paragraphs = false end
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
    end, opts, {})
  end

  -- TF-IDF: every input is a document of one corpus, then each is ranked
  -- against it.
  local docs = {}
  local status = each_input(files, io_, function(name, s, several)
    docs[#docs + 1] = {name = name, text = s, several = several}
  end, opts)
  local corpus = kata().corpus(kopts)
  for _, d in ipairs(docs) do corpus:add(d.text) end
  for _, d in ipairs(docs) do
    write_keywords(out, d.name, d.several, method, corpus:keywords(d.text, {n = n}), json)
  end
  return status
end

-- A stream kept in memory: write, and take (what was written, emptied).
function buffer()
  local b = {parts = {}}
  function b.write(self, ...)
    for i = 1, select("#", ...) do self.parts[#self.parts + 1] = select(i, ...) end
    return self
  end
  function b.flush() end
  function b.take(self)
    local t = concat(self.parts)
    self.parts = {}
    return t
  end
  return b
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
  local io_ = {out = out or io.stdout, err = err or io.stderr, stdin = stdin or io.stdin,
               args = args}
  for _, a in ipairs(args) do
    if a == "--worker" or a:sub(1, 9) == "--worker=" then
      -- a worker of -j: each input's output and errors are kept, then sent
      -- as one record (each_input_here)
      io_.real_out, io_.out, io_.err = io_.out, buffer(), buffer()
      break
    end
  end
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
